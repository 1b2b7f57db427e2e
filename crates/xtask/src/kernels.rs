//! Trunk's post-build step: builds the app in parts (`app.rs`) and the worker kernels
//! (plain, SIMD and threaded) into the staging directory, writes the front door and
//! the loader into the page (`page.rs`), its Content-Security-Policy, and the service
//! worker's precache list and version.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, collect, root, run, step, with_tools};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// What the shared-memory build needs: atomics, a shared imported memory, and the
/// thread-local-storage exports that wasm-bindgen's thread support calls.
const THREADS_RUSTFLAGS: &str = "-C target-feature=+atomics,+bulk-memory \
    -C link-arg=--shared-memory -C link-arg=--import-memory \
    -C link-arg=--max-memory=1073741824 \
    -C link-arg=--export=__wasm_init_tls -C link-arg=--export=__tls_size \
    -C link-arg=--export=__tls_align -C link-arg=--export=__tls_base";

pub fn stage() -> Result<(), String> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .ok_or(
            "`cargo xtask kernels` is run by Trunk after a build (TRUNK_STAGING_DIR is unset)",
        )?;
    let release = std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
    let out = staging.join("kernels");

    let app = crate::app::build(&staging, release)?;
    for build in [Build::Plain, Build::Simd, Build::Threads] {
        step(build.title());
        let wasm = build.compile(release)?;
        bindgen(&wasm, &out.join(build.name()), build, release)?;
    }

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

/// The builds of interleave-workers, each in `kernels/<name>/`; a worker named after
/// one loads it (`www/workers/kernel.js`).
#[derive(Clone, Copy, PartialEq)]
enum Build {
    /// Plain wasm: the message-passing workers.
    Plain,
    /// Plain wasm with SIMD128 instructions: the SIMD lesson's four-lane kernels, for
    /// browsers that validate them.
    Simd,
    /// Wasm threads, std rebuilt with atomics: the shared-memory pool.
    Threads,
}

impl Build {
    fn name(self) -> &'static str {
        match self {
            Build::Plain => "plain",
            Build::Simd => "simd",
            Build::Threads => "threads",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Build::Plain => "Building the message-passing kernels (plain wasm)",
            Build::Simd => "Building the SIMD kernels (plain wasm with SIMD128)",
            Build::Threads => {
                "Building the shared-memory kernels (wasm threads, std rebuilt with atomics)"
            }
        }
    }

    /// Builds interleave-workers for wasm32; returns the path of the .wasm.
    fn compile(self, release: bool) -> Result<PathBuf, String> {
        let target_dir = root().join(match self {
            Build::Plain => "target",
            Build::Simd => "target/simd",
            Build::Threads => "target/threads",
        });
        let mut cmd = cargo();
        cmd.args(["build", "--locked", "-p", "interleave-workers", "--lib"])
            .args(["--target", WASM_TARGET])
            .arg("--target-dir")
            .arg(&target_dir);
        if release {
            cmd.arg("--release");
        }
        match self {
            Build::Plain => {}
            Build::Simd => {
                cmd.env(
                    "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
                    "-C target-feature=+simd128",
                );
            }
            Build::Threads => {
                cmd.args(["--features", "threads"])
                    .env(
                        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
                        THREADS_RUSTFLAGS,
                    )
                    .env("CARGO_UNSTABLE_BUILD_STD", "panic_abort,std");
            }
        }
        run(&mut cmd)?;
        let profile = if release { "release" } else { "debug" };
        Ok(target_dir
            .join(WASM_TARGET)
            .join(profile)
            .join("interleave_workers.wasm"))
    }
}

fn bindgen(wasm: &Path, out: &Path, build: Build, release: bool) -> Result<(), String> {
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(out)
        .arg(wasm))?;
    if release {
        let bg = out.join("interleave_workers_bg.wasm");
        run(with_tools(Command::new("wasm-opt"))
            .args([
                "-O3",
                "--enable-threads",
                "--enable-bulk-memory",
                "--enable-mutable-globals",
            ])
            .args([
                "--enable-nontrapping-float-to-int",
                "--enable-sign-ext",
                "--enable-reference-types",
            ])
            // Only the SIMD build may hold (or be given) vector instructions.
            .args((build == Build::Simd).then_some("--enable-simd"))
            .arg(&bg)
            .arg("-o")
            .arg(&bg))?;
    }
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

/// A stable fingerprint of the files under `dir`, their names and contents.
pub fn fingerprint(dir: &Path) -> u64 {
    Fnv::of(dir, &names_under(dir)).0
}

/// Every file under `dir`, by its path from there with `/` between folders, sorted.
fn names_under(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    collect(dir, &mut files);
    let mut names: Vec<String> = files
        .iter()
        .filter_map(|f| f.strip_prefix(dir).ok())
        .map(|f| f.to_string_lossy().replace('\\', "/"))
        .collect();
    names.sort();
    names
}

/// FNV-1a, 64 bits: a stable fingerprint of the build (not for security).
struct Fnv(u64);

impl Fnv {
    /// Of `names` (under `dir`) and their contents.
    fn of(dir: &Path, names: &[String]) -> Fnv {
        let mut hash = Fnv::default();
        for name in names {
            hash.write(name.as_bytes());
            hash.write(&std::fs::read(dir.join(name)).unwrap_or_default());
        }
        hash
    }
}

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
