//! The page's first load, after Trunk's build: the front door (the home page and the
//! tour's first step, rendered natively by the app's own binary) written into
//! `index.html`, every other route's page into `pages/`, the app's loader (which starts
//! it only when the page needs it, with the page's part), and the budget of what each
//! route requests, checked by `cargo xtask dist`.

use std::path::Path;
use std::process::Command;

use crate::{kib, output};

/// The most wasm and JavaScript, gzipped, that any route may request before it works.
pub const BUDGET_KIB: f64 = 300.0;

/// The parts whose routes still request more than the budget, each with the most its
/// routes may request until it is brought under (KiB): a ceiling that only ever comes
/// down. A part not named there (a new lesson's included) is held to the budget.
/// `tests/lighthouse.test.mjs` reads the same file: these parts' pages are audited,
/// not yet held to the score of the others.
const OVER_BUDGET: &str = include_str!("over_budget.json");

/// `OVER_BUDGET`'s parts and ceilings: `{"part": kib, ...}`.
fn over_budget() -> Vec<(String, f64)> {
    OVER_BUDGET
        .trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .split(',')
        .filter_map(|pair| {
            let (part, kib) = pair.split_once(':')?;
            Some((
                part.trim().trim_matches('"').to_string(),
                kib.trim().parse().ok()?,
            ))
        })
        .collect()
}

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
    let door = crate::app::app_binary(&[])
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
    // Every other route's page, which `boot.js` fetches and shows until the app runs.
    let staging = staging.to_string_lossy();
    let pages = crate::app::app_binary(&["pages", &staging])
        .ok_or("the app's binary, built for this machine, did not render the pages")?;
    println!("    pages: {pages} routes rendered into pages/");
    Ok(())
}

/// The app's loader, an inline module at the end of the page's head. It hands the
/// app's start to `boot.js` (`interleaveWhenNeeded`), which starts it at once on any
/// page but the front door's, and there when the visitor leaves it or reaches for what
/// needs it. Starting, it fetches the page's part (its pack) beside the shell, rather
/// than after the shell has run and asked for it, once the page's text has painted.
pub fn loader(staging: &Path, app: &crate::app::App) -> Result<(), String> {
    let index = staging.join("index.html");
    let html = read(&index)?;
    if html.contains("<script type=\"module\">") {
        return Err(
            "index.html already has a module script: the app is not Trunk's to build".into(),
        );
    }
    let manifest = crate::app::app_binary(&["parts"])
        .ok_or("the app's binary, built for this machine, did not list its parts")?;
    for part in app.packs.keys() {
        if !manifest.contains(&format!("\"{part}\"")) {
            return Err(format!(
                "the build made a part {part:?} that no page fetches"
            ));
        }
    }
    let dir = &app.dir;
    let ours = format!(
        "<script type=\"module\">\n\
         const app = './{dir}/';\n\
         const parts = {manifest};\n\
         const start = () => {{\n\
         \x20 const path = location.hash.replace(/^#/, '').split('?')[0];\n\
         \x20 const lesson = path.match(/^\\/(?:lesson|embed)\\/([^/]+)$/);\n\
         \x20 const step = path.match(/^\\/(?:embed\\/)?tour(?:\\/(\\d*))?$/);\n\
         \x20 const part = ['', '/'].includes(path) ? parts.home\n\
         \x20   : step ? parts.steps[step[1] - 1] ?? parts.tour : parts.lessons[lesson?.[1]];\n\
         \x20 if (part) {{\n\
         \x20   const bytes = (window.interleavePainted ?? Promise.resolve()).then(() => fetch(`${{app}}${{part}}.pack`))\n\
         \x20     .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${{part}}.pack: ${{r.status}}`))));\n\
         \x20   bytes.catch(() => {{}});\n\
         \x20   globalThis.interleavePack = {{ part, bytes }};\n\
         \x20 }}\n\
         \x20 return import(`${{app}}app.js`).then((m) => m.default({{ module_or_path: `${{app}}app_bg.wasm` }}));\n\
         }};\n\
         (window.interleaveWhenNeeded ?? ((go) => go()))(start);\n\
         </script>\n"
    );
    let head = html.find("</head>").ok_or("index.html has no </head>")?;
    let html = format!("{}{ours}{}", &html[..head], &html[head..]);
    write(&index, &html)
}

/// The text after `marker` up to the next quote of the kind that ends `marker`.
fn quoted_after(text: &str, marker: &str) -> Option<String> {
    let start = text.find(marker)? + marker.len();
    let quote = marker.chars().last()?;
    let len = text[start..].find(quote)?;
    Some(text[start..start + len].to_string())
}

/// What each route requests before it works, wasm and JavaScript, each raw and
/// gzipped, and an error for any route past the budget. Every page requests what the
/// page itself names (its classic and module scripts, what it preloads, what an inline
/// module imports); the home page nothing more (the front door is the page itself);
/// any other route the app's shell (its JavaScript, the modules that imports, and its
/// wasm) and its part's pack. The worker kernels, fetched when a run starts, are
/// counted apart (`report_sizes`).
pub fn budget(dist: &Path) -> Result<(), String> {
    let html = read(&dist.join("index.html"))?;
    let page = page_requests(&html);
    let dir = quoted_after(&html, "const app = '")
        .map(|d| d.trim_start_matches("./").to_string())
        .ok_or("index.html has no app loader (const app = ...)")?;
    let shell = shell_requests(dist, &dir)?;
    let manifest = html
        .split("const parts = ")
        .nth(1)
        .and_then(|m| m.split(";\n").next())
        .ok_or("index.html's loader lists no parts")?;
    let part_of = |key: &str| quoted_after(&manifest[manifest.find(key)? + key.len()..], "\"");
    let mut routes: Vec<(String, Option<String>, Vec<String>)> =
        vec![("#/".into(), None, page.clone())];
    let with_part = |part: Option<String>| -> Result<(Option<String>, Vec<String>), String> {
        let part = part.ok_or("a route has no part in the loader's list")?;
        let mut files = page.clone();
        files.extend(shell.iter().cloned());
        files.push(format!("{dir}{part}.pack"));
        Ok((Some(part), files))
    };
    let steps: Vec<String> = manifest
        .split("\"steps\": [")
        .nth(1)
        .and_then(|list| list.split(']').next())
        .ok_or("the parts name no tour steps")?
        .split(", ")
        .map(|name| name.trim_matches('"').to_string())
        .collect();
    for (n, part) in steps.into_iter().enumerate() {
        let (part, files) = with_part(Some(part))?;
        routes.push((format!("#/tour/{}", n + 1), part, files));
    }
    let lessons = manifest
        .split("\"lessons\": {")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .ok_or("no lessons in the parts")?;
    let ids: Vec<&str> = lessons
        .split(", ")
        .filter_map(|pair| pair.split('"').nth(if pair.contains('{') { 3 } else { 1 }))
        .collect();
    for route in ["lesson", "embed"] {
        for id in &ids {
            let (part, files) = with_part(part_of(&format!("\"{id}\":")))?;
            routes.push((format!("#/{route}/{id}"), part, files));
        }
    }
    println!("    what each route requests before it works, wasm and JavaScript (raw, gzip -9):");
    let mut sizes = std::collections::HashMap::new();
    let mut size = |file: &String| -> Result<(u64, u64), String> {
        if let Some(&known) = sizes.get(file) {
            return Ok(known);
        }
        let path = dist.join(file);
        let size = std::fs::metadata(&path)
            .map(|m| m.len())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        // A pack is gzipped already: it is sent as it is, and unpacks to its raw size.
        let known = if file.ends_with(".pack") {
            (unpacked(&path)?, size)
        } else {
            (size, gzipped(&path))
        };
        sizes.insert(file.clone(), known);
        Ok(known)
    };
    let mut over = Vec::new();
    let mut most = std::collections::HashMap::<&str, f64>::new();
    let ceilings = over_budget();
    for (route, part, files) in &routes {
        let (mut raw, mut gz) = (0, 0);
        for file in files {
            let (r, g) = size(file)?;
            raw += r;
            gz += g;
        }
        let ceiling = ceilings
            .iter()
            .find(|(p, _)| Some(p.as_str()) == part.as_deref())
            .map(|&(_, kib)| kib);
        let flag = match ceiling {
            Some(c) if kib(gz) > c => "  OVER ITS CEILING",
            Some(_) => "  over the budget (ceiling below)",
            None if kib(gz) > BUDGET_KIB => "  OVER",
            None => "",
        };
        println!(
            "      {route:<32} {:>5} files {:>8.1} KiB {:>8.1} KiB{flag}",
            files.len(),
            kib(raw),
            kib(gz)
        );
        if kib(gz) > ceiling.unwrap_or(BUDGET_KIB) {
            over.push(format!("{route} ({:.1} KiB)", kib(gz)));
        }
        if let Some(part) = part {
            let seen = most.entry(part.as_str()).or_default();
            *seen = seen.max(kib(gz));
        }
    }
    println!("      budget: {BUDGET_KIB:.0} KiB gzipped for any route");
    // What a part fetches once its page works, after its pack.
    let later = manifest
        .split("\"later\": {")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .unwrap_or("");
    for pair in later.split(", ").filter(|p| !p.is_empty()) {
        let Some((split, part)) = pair.split_once(": ") else {
            continue;
        };
        let (split, part) = (split.trim_matches('"'), part.trim_matches('"'));
        let (raw, gz) = size(&format!("{dir}{split}.pack"))?;
        println!(
            "      after the {part} part's page works: {split}.pack, {:.1} KiB ({:.1} KiB gzip)",
            kib(raw),
            kib(gz)
        );
    }
    for (part, ceiling) in &ceilings {
        println!(
            "      still over it: the {part} part's routes, held at {ceiling:.0} KiB until brought under"
        );
    }
    // The ceilings only come down: one far above what its part requests now is lowered.
    for (part, ceiling) in &ceilings {
        let now = most.get(part.as_str()).copied().unwrap_or(0.0);
        if now <= BUDGET_KIB || ceiling - now > 10.0 {
            over.push(format!(
                "the {part} part requests at most {now:.1} KiB now: {} in crates/xtask/src/over_budget.json",
                if now <= BUDGET_KIB { "take it off".to_string() } else { format!("lower its ceiling to {:.0} KiB", now.ceil()) }
            ));
        }
    }
    if !over.is_empty() {
        return Err(format!(
            "past its budget ({BUDGET_KIB:.0} KiB of wasm and JavaScript, gzipped, or its part's ceiling): {}",
            over.join(", ")
        ));
    }
    Ok(())
}

/// What the page itself requests: its classic and module scripts, the modules and wasm
/// it preloads, and what an inline module imports statically (not `import(...)`).
fn page_requests(html: &str) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    let mut add = |url: &str| {
        let url = url.trim_start_matches("./").to_string();
        let code = url.ends_with(".js") || url.ends_with(".wasm");
        if code && !files.contains(&url) {
            files.push(url);
        }
    };
    for (tag, attribute) in [("<script", " src=\""), ("<link", " href=\"")] {
        let mut rest = html;
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
    for line in html.lines().map(str::trim) {
        if line.starts_with("import ")
            && let Some(url) = quoted_after(line, " from '")
        {
            add(&url);
        }
    }
    files
}

/// The app's shell in `dir`: its JavaScript, every module that imports statically
/// (wasm-bindgen's snippets, the split's loaders), and its wasm.
fn shell_requests(dist: &Path, dir: &str) -> Result<Vec<String>, String> {
    let mut files = vec![format!("{dir}app.js")];
    let mut at = 0;
    while let Some(file) = files.get(at).cloned() {
        at += 1;
        let text = read(&dist.join(&file))?;
        let base = &file[..file.rfind('/').map_or(0, |s| s + 1)];
        for line in text
            .lines()
            .take_while(|l| l.starts_with("import ") || l.is_empty())
        {
            let url = quoted_after(line, " from '").or_else(|| quoted_after(line, " from \""));
            if let Some(url) = url {
                let path = format!("{base}{}", url.trim_start_matches("./"));
                if !files.contains(&path) {
                    files.push(path);
                }
            }
        }
    }
    files.push(format!("{dir}app_bg.wasm"));
    Ok(files)
}

/// The size of a gzipped file once unzipped.
fn unpacked(path: &Path) -> Result<u64, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    std::io::copy(
        &mut flate2::read::GzDecoder::new(file),
        &mut std::io::sink(),
    )
    .map_err(|e| format!("{}: {e}", path.display()))
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
