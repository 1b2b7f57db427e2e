//! The app's build, in parts: the app compiled for wasm32 with its relocations kept,
//! split at its `#[wasm_split]` functions (the shell, a module for each part, and the
//! code that several parts share in modules of its own), the shell bound by
//! wasm-bindgen, every module optimised, and each part's modules packed into one file,
//! gzipped, so that a page fetches the shell and one pack. Everything goes into `app-<hash>/`
//! in the staging directory (a new build never mixes with an old one's modules).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, output, root, run, step, with_tools};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The release build's flags: relocations kept for the split, and a panic that aborts
/// at once, without its message and location (std is rebuilt for it).
const RELEASE_RUSTFLAGS: &str = "-C link-args=--emit-relocs \
    -Z unstable-options -C panic=immediate-abort -Z location-detail=none";

/// The JavaScript module the split modules' loaders live in (the app imports it).
const LINK: &str = "__wasm_split.js";

/// What the build made: the folder (relative to the staging directory), and for each
/// part its pack's file name.
pub struct App {
    pub dir: String,
    /// The part's name (as in `#[wasm_split(name)]`) and its pack, both in `dir`.
    pub packs: BTreeMap<String, String>,
}

pub fn build(staging: &Path, release: bool) -> Result<App, String> {
    step("Building the app (wasm, with its relocations, to be split into parts)");
    let target_dir = root().join("target/app");
    let mut cmd = cargo();
    cmd.args([
        "build",
        "--locked",
        "-p",
        "interleave-app",
        "--bin",
        "interleave-app",
    ])
    .args(["--target", WASM_TARGET])
    .arg("--target-dir")
    .arg(&target_dir)
    // The split needs to know where each function and datum is referred to.
    .env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        if release {
            RELEASE_RUSTFLAGS
        } else {
            "-C link-args=--emit-relocs"
        },
    );
    if release {
        cmd.args(["--profile", "app"])
            .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort");
    }
    run(&mut cmd)?;
    let profile = if release { "app" } else { "debug" };
    let input = target_dir
        .join(WASM_TARGET)
        .join(profile)
        .join("interleave-app.wasm");

    step("Splitting the app into its parts");
    let split_dir = target_dir.join("split");
    let _ = std::fs::remove_dir_all(&split_dir);
    let bytes = std::fs::read(&input).map_err(|e| format!("{}: {e}", input.display()))?;
    let main = split_dir.join("app.wasm");
    let split = {
        let mut options = wasm_split_cli_support::Options::new(&bytes);
        options.output_dir = &split_dir;
        options.main_out_path = &main;
        options.link_name = concat!("./", "__wasm_split.js");
        options.main_module = "./app.js";
        wasm_split_cli_support::transform(options)
            .map_err(|e| format!("splitting the app: {e:#}"))?
    };

    let out = target_dir.join("out");
    let _ = std::fs::remove_dir_all(&out);
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--keep-lld-exports"])
        .args(["--out-name", "app", "--out-dir"])
        .arg(&out)
        .arg(&main))?;
    let mut modules = vec![out.join("app_bg.wasm")];
    std::fs::copy(split_dir.join(LINK), out.join(LINK)).map_err(|e| format!("{LINK}: {e}"))?;
    for module in &split.split_modules {
        let to = out.join(module.file_name().ok_or("a split module has no name")?);
        std::fs::copy(module, &to).map_err(|e| format!("{}: {e}", module.display()))?;
        modules.push(to);
    }
    if release {
        println!("    optimising {} modules (wasm-opt -Oz)", modules.len());
        // One wasm-opt per core at a time: most modules are small, and a process each.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let next = std::sync::atomic::AtomicUsize::new(0);
        let failed = std::sync::Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for _ in 0..cores {
                scope.spawn(|| {
                    while let Some(module) =
                        modules.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                    {
                        if let Err(e) = optimise(module) {
                            failed.lock().unwrap_or_else(|p| p.into_inner()).push(e);
                        }
                    }
                });
            }
        });
        let failed = failed.into_inner().unwrap_or_else(|p| p.into_inner());
        if !failed.is_empty() {
            return Err(failed.join("\n"));
        }
    }

    // Each part's modules in one file: the chunks it shares with others by number,
    // then its own. The loader knows each module's size once, and each pack as ranges
    // of chunk numbers, from which it finds where a module lies in a pack.
    // Code a part fetches once its page works comes after that part's pack: its own
    // pack leaves out what the part's holds.
    let later = later_splits()?;
    let mut packs = BTreeMap::new();
    let mut index = BTreeMap::new();
    let mut sizes = BTreeMap::new();
    for (part, stems) in &split.prefetch_map {
        let loaded: &[String] = match later.iter().find(|(split, _)| split == part) {
            Some((_, parent)) => split.prefetch_map.get(parent).ok_or_else(|| {
                format!("{part} comes after a part {parent:?} that the build did not make")
            })?,
            None => &[],
        };
        let (mut chunks, mut own): (Vec<u32>, Vec<&String>) = (Vec::new(), Vec::new());
        for stem in stems.iter().filter(|s| !loaded.contains(s)) {
            match stem.strip_prefix("chunk_").and_then(|n| n.parse().ok()) {
                Some(n) => chunks.push(n),
                None => own.push(stem),
            }
        }
        chunks.sort_unstable();
        let order = chunks
            .iter()
            .map(|n| format!("chunk_{n}"))
            .chain(own.iter().map(|s| s.to_string()));
        let mut pack = Vec::new();
        for stem in order {
            let file = out.join(format!("{stem}.wasm"));
            let module = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            sizes.insert(stem, module.len());
            pack.extend_from_slice(&module);
        }
        let mut entries: Vec<String> = ranges(&chunks)
            .into_iter()
            .map(|(from, to)| format!("[{from}, {to}]"))
            .collect();
        entries.extend(own.iter().map(|s| format!("{s:?}")));
        let name = format!("{part}.pack");
        std::fs::write(out.join(&name), gzip(&pack)?).map_err(|e| format!("{name}: {e}"))?;
        index.insert(part.clone(), entries.join(", "));
        packs.insert(part.clone(), name);
    }
    for module in modules.iter().skip(1) {
        let _ = std::fs::remove_file(module);
    }
    let link = out.join(LINK);
    let js = std::fs::read_to_string(&link).map_err(|e| format!("{}: {e}", link.display()))?;
    std::fs::write(&link, packed_loaders(&js, &index, &sizes)?)
        .map_err(|e| format!("{}: {e}", link.display()))?;

    let dir = format!("app-{:016x}", crate::fingerprint::fingerprint(&out));
    let to = staging.join(&dir);
    copy_dir(&out, &to)?;
    Ok(App { dir, packs })
}

/// A pack is sent gzipped whatever the host does: hosts compress what they know by its
/// type, and a pack's type is nobody's (the page unpacks it with `DecompressionStream`).
/// Zopfli's deflate, which any gzip reader reads: some 4 % smaller than `gzip -9`, for
/// a second or two of the build's time per pack.
fn gzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Gzip,
        bytes,
        &mut out,
    )
    .map_err(|e| format!("gzip: {e}"))?;
    Ok(out)
}

/// `wasm-opt -Oz` on one module, quietly but for its errors. (It warns of the split's
/// name subsections that it does not know, which it drops.)
fn optimise(module: &Path) -> Result<(), String> {
    let out = with_tools(Command::new("wasm-opt"))
        .args(["-Oz", "--enable-bulk-memory", "--enable-mutable-globals"])
        .args([
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-reference-types",
        ])
        .arg(module)
        .arg("-o")
        .arg(module)
        .output()
        .map_err(|e| format!("cannot start wasm-opt: {e}"))?;
    let said = String::from_utf8_lossy(&out.stderr);
    let said: Vec<&str> = said
        .lines()
        .filter(|l| !l.starts_with("warning: unknown name subsection"))
        .collect();
    if !out.status.success() || !said.is_empty() {
        return Err(format!(
            "wasm-opt on {} ({}): {}",
            module.display(),
            out.status,
            said.join("\n")
        ));
    }
    Ok(())
}

/// The split's loaders, made to take each module from its part's pack: a part is
/// fetched as one file (its modules and those it shares with others), which the page
/// may have started to fetch before the app (`interleavePack`), instead of a request
/// for each of its modules.
fn packed_loaders(
    js: &str,
    index: &BTreeMap<String, String>,
    sizes: &BTreeMap<String, usize>,
) -> Result<String, String> {
    const OPEN: &str = "fetch(new URL(\"./";
    const CLOSE: &str = ".wasm\", import.meta.url))";
    let mut body = String::with_capacity(js.len());
    let mut rest = js;
    let mut fetches = 0;
    while let Some(at) = rest.find(OPEN) {
        let stem_from = at + OPEN.len();
        let len = rest[stem_from..]
            .find(CLOSE)
            .ok_or("the split's loader fetches a module in a way this build does not know")?;
        body.push_str(&rest[..at]);
        body.push_str(&format!(
            "fetchPart({:?})",
            &rest[stem_from..stem_from + len]
        ));
        rest = &rest[stem_from + len + CLOSE.len()..];
        fetches += 1;
    }
    body.push_str(rest);
    let exports = "export const __wasm_split_load_";
    if fetches == 0 || body.matches(exports).count() != index.len() {
        return Err(format!(
            "the split's loader has {fetches} fetches and {} parts, where {} parts were made",
            body.matches(exports).count(),
            index.len()
        ));
    }
    let body = shared_loads(&body.replace(exports, "const __load_"))?;
    // Each part's own module compiled from its bytes too.
    const STREAMING: &str = "WebAssembly.instantiateStreaming(src, imports)";
    if body.matches(STREAMING).count() != index.len() {
        return Err(format!(
            "the split's loader instantiates its parts' modules in a way this build does not know ({} of {})",
            body.matches(STREAMING).count(),
            index.len()
        ));
    }
    let body = body.replace(STREAMING, "instantiate(src, imports)");
    let mut out = String::from(PACKS_PRELUDE);
    let sizes: Vec<String> = sizes.iter().map(|(s, n)| format!("{s:?}: {n}")).collect();
    out.push_str(&format!("const SIZES = {{ {} }};\n", sizes.join(", ")));
    out.push_str("const PACKS = {\n");
    for (part, entries) in index {
        out.push_str(&format!("  {part:?}: [{entries}],\n"));
    }
    out.push_str("};\n");
    out.push_str(&body);
    for part in index.keys() {
        out.push_str(&format!(
            "export const __wasm_split_load_{part} = inPack({part:?}, __load_{part});\n"
        ));
    }
    Ok(out)
}

/// The split's loader writes each shared module's load out in full, with a comment
/// naming the parts that share it, and each part's list of them by name: some 40 % of
/// the JavaScript every page but the front door fetches. They all load alike, so the
/// loader makes each when first asked for (`chunks`, in the prelude), and a part lists
/// its shared modules as runs of their numbers.
fn shared_loads(js: &str) -> Result<String, String> {
    const NAME: &str = "__chunk_";
    let load = |n: &str| {
        format!(
            "const {NAME}{n} = makeLoad(() => {{\n    const src = fetchPart(\"chunk_{n}\");\n    \
             src.catch(() => {{}});\n    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));\n}}\n, []);\n"
        )
    };
    let mut out = String::with_capacity(js.len());
    let mut made = Vec::new();
    let mut rest = js;
    while let Some(at) = rest.find("/* ") {
        // A comment line, then the load it names the sharers of.
        let line_end = rest[at..].find('\n').map_or(rest.len(), |e| at + e + 1);
        let next = &rest[line_end..];
        let n: String = next
            .strip_prefix(&format!("const {NAME}"))
            .map(|r| r.chars().take_while(char::is_ascii_digit).collect())
            .unwrap_or_default();
        if n.is_empty() || !next.starts_with(&load(&n)) || !rest[at..line_end].ends_with(" */\n") {
            return Err(format!(
                "the split's loader writes a shared module's load in a way this build does not know: {:?}",
                &rest[at..line_end.min(at + 120)]
            ));
        }
        out.push_str(&rest[..at]);
        made.push(n.parse::<u32>().map_err(|e| e.to_string())?);
        rest = &next[load(&n).len()..];
    }
    out.push_str(rest);
    // Each part's list: `, [__chunk_17, __chunk_18, ...]));` becomes `, chunks([17, 18]));`.
    let mut body = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(at) = rest.find(&format!(", [{NAME}")) {
        let end = at
            + rest[at..]
                .find(']')
                .ok_or("a part's list of shared modules never ends")?;
        let mut numbers = Vec::new();
        for name in rest[at + 3..end].split(", ") {
            let n = name
                .strip_prefix(NAME)
                .and_then(|n| n.parse::<u32>().ok())
                .filter(|n| made.contains(n))
                .ok_or_else(|| {
                    format!("a part needs a shared module the loader does not load: {name}")
                })?;
            numbers.push(n);
        }
        numbers.sort_unstable();
        let runs: Vec<String> = ranges(&numbers)
            .into_iter()
            .map(|(from, to)| format!("[{from}, {to}]"))
            .collect();
        body.push_str(&rest[..at]);
        body.push_str(&format!(", chunks({})", runs.join(", ")));
        rest = &rest[end + 1..];
    }
    body.push_str(rest);
    if made.is_empty() || body.contains(NAME) {
        return Err(
            "the split's loader names its shared modules in a way this build does not know".into(),
        );
    }
    Ok(body)
}

const PACKS_PRELUDE: &str = r#"// Interleave: each part's modules come from its pack, one file per part.
let packing;
const packs = new Map();
// A pack comes gzipped (unless something on the way has unzipped it already).
function unpack(bytes) {
  const head = new Uint8Array(bytes, 0, Math.min(2, bytes.byteLength));
  if (head[0] !== 0x1f || head[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}
function pack(part) {
  if (!packs.has(part)) {
    const early = globalThis.interleavePack?.part === part ? globalThis.interleavePack.bytes : undefined;
    const bytes = (early ?? fetch(new URL(`./${part}.pack`, import.meta.url))
      .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${part}.pack: ${r.status}`)))))
      .then(unpack);
    bytes.catch(() => { if (packs.get(part) === bytes) packs.delete(part); });
    packs.set(part, bytes);
  }
  return packs.get(part);
}
// Where each module lies in a pack: its chunks' ranges in order, then its own modules.
const layouts = new Map();
function layout(part) {
  if (!layouts.has(part)) {
    const at = new Map();
    let offset = 0;
    const put = (stem) => { at.set(stem, [offset, SIZES[stem]]); offset += SIZES[stem]; };
    for (const entry of PACKS[part]) {
      if (typeof entry === 'string') put(entry);
      else for (let n = entry[0]; n <= entry[1]; n++) put(`chunk_${n}`);
    }
    layouts.set(part, at);
  }
  return layouts.get(part);
}
// A module's bytes, within its pack.
function fetchPart(stem) {
  const part = [packing, ...packs.keys()].find((p) => p !== undefined && layout(p).has(stem));
  if (part === undefined) return Promise.reject(new Error(`no pack holds ${stem}`));
  const [at, length] = layout(part).get(stem);
  return pack(part).then((bytes) => new Uint8Array(bytes, at, length));
}
// A module compiled from bytes already here: off the page's thread, where streaming
// them in would decode each of a pack's modules on it.
async function instantiate(src, imports) {
  return WebAssembly.instantiate(await src, imports);
}
// A shared module's load, made when a part first asks for it: each part lists them
// as runs of their numbers.
const chunkLoads = new Map();
function chunks(...runs) {
  const loads = [];
  for (const [from, to] of runs) {
    for (let n = from; n <= to; n++) {
      if (!chunkLoads.has(n)) {
        chunkLoads.set(n, makeLoad(() => {
          const src = fetchPart(`chunk_${n}`);
          src.catch(() => {});
          return async (imports) => instantiate(src, imports);
        }, []));
      }
      loads.push(chunkLoads.get(n));
    }
  }
  return loads;
}
function inPack(part, load) {
  return (...args) => {
    const outer = packing;
    packing = part;
    try { return load(...args); } finally { packing = outer; }
  };
}
"#;

/// `numbers` (sorted) as runs of consecutive numbers, each from its first to its last.
fn ranges(numbers: &[u32]) -> Vec<(u32, u32)> {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &n in numbers {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == n => *last = n,
            _ => runs.push((n, n)),
        }
    }
    runs
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    crate::collect(from, &mut files);
    for file in files {
        let rel: PathBuf = file.strip_prefix(from).map_err(|e| e.to_string())?.into();
        let dest = to.join(&rel);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::copy(&file, &dest).map_err(|e| format!("{}: {e}", file.display()))?;
    }
    Ok(())
}

/// The splits that parts fetch once their page works, each with its part, from the
/// app's list of its parts (`"later": {"split": "part", ...}`).
pub fn later_splits() -> Result<Vec<(String, String)>, String> {
    let manifest = app_binary(&["parts"])
        .ok_or("the app's binary, built for this machine, did not list its parts")?;
    let later = manifest
        .split("\"later\": {")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .ok_or("the app's parts name no later splits")?;
    Ok(later
        .split(", ")
        .filter_map(|pair| {
            let (split, part) = pair.split_once(": ")?;
            Some((
                split.trim_matches('"').into(),
                part.trim_matches('"').into(),
            ))
        })
        .collect())
}

/// What the app's binary, built for this machine, prints with `args` (its compiler's
/// messages, if any, go to the build's output).
pub fn app_binary(args: &[&str]) -> Option<String> {
    output(
        cargo()
            .args(["run", "--locked", "--quiet", "-p", "interleave-app", "--"])
            .args(args)
            .stderr(std::process::Stdio::inherit()),
    )
}

#[cfg(test)]
mod tests {
    /// Two shared modules' loads as the split's loader writes them, and a part's load
    /// that needs both.
    const LOADER: &str = "import { initSync } from \"./app.js\";
/* home, lab */
const __chunk_3 = makeLoad(() => {
    const src = fetchPart(\"chunk_3\");
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* lab */
const __chunk_4 = makeLoad(() => {
    const src = fetchPart(\"chunk_4\");
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
const __load_lab = wrapAsyncCb(makeLoad(() => {
    const src = fetchPart(\"split_lab\");
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [__chunk_4, __chunk_3]));
";

    #[test]
    fn shared_loads_are_made_when_asked_for_and_listed_as_runs() {
        let js = super::shared_loads(LOADER).unwrap();
        assert!(!js.contains("__chunk_") && !js.contains("/*"), "{js}");
        assert!(js.contains("}\n, chunks([3, 4])));\n"), "{js}");
        assert!(
            js.starts_with("import { initSync } from \"./app.js\";\nconst __load_lab"),
            "{js}"
        );
        // A load written another way, or a part that needs a module never loaded, stops
        // the build rather than making a loader that fails in the browser.
        let other = LOADER.replace(
            "src.catch(() => {});\n    return async (imports) => (W",
            "return async (imports) => (W",
        );
        assert!(super::shared_loads(&other).is_err());
        let unknown = LOADER.replace("[__chunk_4, __chunk_3]", "[__chunk_4, __chunk_5]");
        assert!(super::shared_loads(&unknown).is_err());
    }

    #[test]
    fn numbers_make_runs_of_consecutive_ones() {
        assert_eq!(super::ranges(&[]), []);
        assert_eq!(
            super::ranges(&[3, 4, 5, 7, 9, 10]),
            [(3, 5), (7, 7), (9, 10)]
        );
    }
}
