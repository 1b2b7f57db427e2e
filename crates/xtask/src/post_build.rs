//! Trunk's post-build step (`cargo xtask kernels`): builds the app in parts (`app.rs`)
//! and the worker kernels (`kernels.rs`) into the staging directory, writes the front
//! door and the loader into the page (`page.rs`), its Content-Security-Policy, and the
//! service worker's precache list and version.

use std::path::{Path, PathBuf};

use crate::fingerprint::{Fnv, names_under};

pub fn stage() -> Result<(), String> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .ok_or(
            "`cargo xtask kernels` is run by Trunk after a build (TRUNK_STAGING_DIR is unset)",
        )?;
    let release = std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
    let out = staging.join("kernels");

    let app = crate::app::build(&staging, release)?;
    crate::kernels::build(&out, release)?;

    crate::page::front_door(&staging)?;
    crate::page::loader(&staging, &app)?;
    content_security_policy(&staging)?;
    precache(&staging)
}

/// The page's Content-Security-Policy: scripts, workers and connections from this
/// origin only, wasm compilation allowed, and no inline script but Trunk's loader,
/// allowed by its hash. Workers may also come from `blob:` URLs: wasm-bindgen-rayon
/// starts its pool's threads from a blob copy of its own (same-origin) script. Written as a meta tag into index.html, and into the service
/// worker, which sends it (and a policy for the workers) as a header.
fn content_security_policy(staging: &Path) -> Result<(), String> {
    use base64::Engine;
    use sha2::Digest;
    let index = staging.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let mut hashes = Vec::new();
    let mut rest = html.as_str();
    while let Some(open) = rest.find("<script") {
        let after = &rest[open..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body = &after[tag_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            let digest = sha2::Sha256::digest(&body.as_bytes()[..close]);
            hashes.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &body[close..];
    }
    let page = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
         worker-src 'self' blob:; manifest-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'none'",
        hashes.join(" ")
    );
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{page}\" />");
    let charset = "<meta charset=\"utf-8\" />";
    if !html.contains(charset) {
        return Err("index.html has no <meta charset=\"utf-8\" /> to put the policy after".into());
    }
    let html = html.replacen(charset, &format!("{charset}\n  {meta}"), 1);
    std::fs::write(&index, html).map_err(|e| format!("{}: {e}", index.display()))?;
    let sw = staging.join("sw.js");
    let text = std::fs::read_to_string(&sw).map_err(|e| format!("{}: {e}", sw.display()))?;
    std::fs::write(&sw, text.replace("/*CSP*/\"\"", &format!("{page:?}")))
        .map_err(|e| format!("{}: {e}", sw.display()))?;
    println!(
        "    content security policy: {} inline script(s) allowed by hash",
        hashes.len()
    );
    Ok(())
}

/// Fills in the service worker's list of files to precache and its cache version (a
/// hash of every file), so that a new build replaces the old cache as a whole.
fn precache(staging: &Path) -> Result<(), String> {
    let sw = staging.join("sw.js");
    let text = std::fs::read_to_string(&sw).map_err(|e| format!("{}: {e}", sw.display()))?;
    let mut names = names_under(staging);
    names.retain(|f| f != "sw.js");
    let hash = Fnv::of(staging, &names);
    let list = std::iter::once("./".to_string())
        .chain(names.iter().map(|n| format!("./{n}")))
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(",\n  ");
    let text = text
        .replace("/*PRECACHE*/[]", &format!("[\n  {list}\n]"))
        .replace("/*VERSION*/\"dev\"", &format!("\"{:016x}\"", hash.0));
    std::fs::write(&sw, text).map_err(|e| format!("{}: {e}", sw.display()))?;
    println!("    service worker: {} files to precache", names.len() + 1);
    Ok(())
}
