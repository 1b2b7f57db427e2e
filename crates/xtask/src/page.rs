//! The page's first load, after Trunk's build: the front door (the home page rendered
//! natively by the app's own binary) written into `index.html`, Trunk's loader replaced
//! by one that starts the app only when the page needs it, and the budget of what the
//! home page requests, checked by `cargo xtask dist`.

use std::path::Path;
use std::process::Command;

use crate::{cargo, kib, output};

/// The most wasm and JavaScript, gzipped, that the home page may request.
pub const BUDGET_KIB: f64 = 300.0;

const ROOT: &str = "<div id=\"app\"></div>";

/// Renders the front door with the app's binary, built for the host, and puts it in
/// the page's `#app`.
pub fn front_door(staging: &Path) -> Result<(), String> {
    let index = staging.join("index.html");
    let html = read(&index)?;
    if !html.contains(ROOT) {
        return Err(format!(
            "index.html has no {ROOT} to render the front door into"
        ));
    }
    // Its compiler's messages, if any, go to the build's output.
    let door = output(
        cargo()
            .args(["run", "--locked", "--quiet", "-p", "interleave-app"])
            .stderr(std::process::Stdio::inherit()),
    )
    .ok_or("the app's binary, built for this machine, did not render the front door")?;
    if !door.contains("<main") {
        return Err("the front door the app rendered has no <main>".into());
    }
    let html = html.replacen(
        ROOT,
        &format!("<div id=\"app\" data-prerendered=\"home\">{door}</div>"),
        1,
    );
    write(&index, &html)?;
    println!(
        "    front door: {:.1} KiB of HTML in index.html",
        kib(door.len() as u64)
    );
    Ok(())
}

/// Trunk's loader imports the app and its wasm at once, with preloads for both (and for
/// the app's own JavaScript modules): the home page would fetch and compile 1.7 MB
/// before it is any use. This one hands
/// the start to `boot.js` (`interleaveWhenNeeded`), which starts it at once on any other
/// page, and on the front door when the visitor leaves it or reaches for what needs it.
pub fn loader(staging: &Path) -> Result<(), String> {
    let index = staging.join("index.html");
    let html = read(&index)?;
    let open = html
        .find("<script type=\"module\">")
        .ok_or("index.html has no module script (Trunk's loader)")?;
    let close = html[open..]
        .find("</script>")
        .map(|c| open + c + "</script>".len())
        .ok_or("Trunk's loader is not closed")?;
    let script = &html[open..close];
    let js = quoted_after(script, " from '").ok_or("Trunk's loader imports no module")?;
    let wasm = quoted_after(script, "module_or_path: '").ok_or("Trunk's loader names no wasm")?;
    let ours = format!(
        "<script type=\"module\">\n\
         const start = () => import('{js}').then((app) => app.default({{ module_or_path: '{wasm}' }}));\n\
         (window.interleaveWhenNeeded ?? ((go) => go()))(start);\n\
         </script>"
    );
    let mut html = format!("{}{ours}{}", &html[..open], &html[close..]);
    for (rel, href) in [("modulepreload", &js), ("preload", &wasm)] {
        html = without_link(&html, rel, href)?;
    }
    // The app's own JavaScript modules (wasm-bindgen's snippets), which its glue
    // imports: preloaded by Trunk, fetched here only with the app.
    let snippet = "<link rel=\"modulepreload\" href=\"./snippets/";
    while let Some(open) = html.find(snippet) {
        let href = quoted_after(&html[open..], "href=\"").unwrap_or_default();
        html = without_link(&html, "modulepreload", &href)?;
    }
    write(&index, &html)
}

/// The text after `marker` up to the next quote of the kind that ends `marker`.
fn quoted_after(text: &str, marker: &str) -> Option<String> {
    let start = text.find(marker)? + marker.len();
    let quote = marker.chars().last()?;
    let len = text[start..].find(quote)?;
    Some(text[start..start + len].to_string())
}

/// The page without its `<link rel="{rel}" href="{href}" ...>`.
fn without_link(html: &str, rel: &str, href: &str) -> Result<String, String> {
    let tag = format!("<link rel=\"{rel}\" href=\"{href}\"");
    let open = html
        .find(&tag)
        .ok_or_else(|| format!("index.html has no {tag}"))?;
    let close = html[open..]
        .find('>')
        .map(|c| open + c + 1)
        .ok_or_else(|| format!("{tag} is not closed"))?;
    Ok(format!("{}{}", &html[..open], &html[close..]))
}

/// What the home page requests before anything happens: its classic and module
/// scripts, the modules and wasm it preloads, and what an inline module imports
/// statically. Each with its raw and gzipped size; an error past the budget.
pub fn budget(dist: &Path) -> Result<(), String> {
    let html = read(&dist.join("index.html"))?;
    let mut files: Vec<String> = Vec::new();
    let mut add = |url: &str| {
        let url = url.trim_start_matches("./").to_string();
        let code = url.ends_with(".js") || url.ends_with(".wasm");
        if code && !files.contains(&url) {
            files.push(url);
        }
    };
    for (tag, attribute) in [("<script", " src=\""), ("<link", " href=\"")] {
        let mut rest = html.as_str();
        while let Some(at) = rest.find(tag) {
            let end = rest[at..].find('>').map_or(rest.len(), |e| at + e);
            let element = &rest[at..end];
            let fetched = tag == "<script"
                || element.contains("rel=\"modulepreload\"")
                || element.contains("rel=\"preload\"");
            if let Some(url) = element.find(attribute).and_then(|a| {
                let from = a + attribute.len();
                element[from..].find('"').map(|l| &element[from..from + l])
            }) && fetched
            {
                add(url);
            }
            rest = &rest[end..];
        }
    }
    // Static imports of inline modules (`import ... from '...'`), not `import(...)`.
    for line in html.lines().map(str::trim) {
        if line.starts_with("import ")
            && let Some(url) = quoted_after(line, " from '")
        {
            add(&url);
        }
    }
    println!("    what the home page requests, wasm and JavaScript (raw, gzip -9):");
    let mut total = 0;
    for file in &files {
        let path = dist.join(file);
        let raw = std::fs::metadata(&path)
            .map(|m| m.len())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let gz = gzipped(&path);
        total += gz;
        println!(
            "      {file:<60} {:>8.1} KiB {:>8.1} KiB",
            kib(raw),
            kib(gz)
        );
    }
    println!(
        "      {:<60} {:>8} {:>8.1} KiB (budget {BUDGET_KIB:.0} KiB)",
        "in all",
        "",
        kib(total)
    );
    if kib(total) > BUDGET_KIB {
        return Err(format!(
            "the home page requests {:.1} KiB of wasm and JavaScript, gzipped: over its budget of {BUDGET_KIB:.0} KiB",
            kib(total)
        ));
    }
    Ok(())
}

pub fn gzipped(path: &Path) -> u64 {
    output(
        Command::new("sh")
            .arg("-c")
            .arg(format!("gzip -9 -c '{}' | wc -c", path.display())),
    )
    .and_then(|s| s.trim().parse::<u64>().ok())
    .unwrap_or(0)
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
