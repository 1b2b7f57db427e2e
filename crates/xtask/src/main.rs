//! The project's automation, in Rust: `cargo xtask setup | serve | dist | test | bench`.
//!
//! Every command installs what it needs and skips what is already there at the right
//! version, saying what it does. Nothing here downloads a prebuilt binary from outside
//! the package registries: Trunk and wasm-bindgen come from crates.io, wasm-opt and
//! the browser driver from npm, Chromium from the system's packages.

mod app;
mod fingerprint;
mod kernels;
mod page;
mod peers;
mod post_build;
mod rules;
mod setup;
mod shape;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const USAGE: &str = "\
usage: cargo xtask <command>

  setup    install the tools the build needs (toolchain parts, Trunk, wasm-bindgen, wasm-opt)
  serve    build and serve the playground on http://127.0.0.1:8080 (with COOP/COEP headers)
  dist     build the release site into dist/ and report its sizes, failing past a
           route's budget
  budget   the sizes and each route's budget of the dist/ built last
  test     every check: fmt, clippy (host and wasm), native tests, wasm tests in Chromium,
           end-to-end tests of dist/ in headless Chromium
  bench    benchmarks: simulator events/s (native and wasm), the engine against SimPy
           and the explorer against SPIN, the lessons' speedups in the browser, bundle
           sizes (`bench peers`: the comparison with SimPy and SPIN alone)

  invariants  the architecture's rules alone (also part of test)
  shape    the app's longest functions, most use_state, and files over 400 lines

  kernels  (run by Trunk after each build) build the worker kernels into the staging dir
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::all(setup::Need::Build),
        Some("serve") => serve(),
        Some("dist") => dist().map(|_| ()),
        Some("budget") => report_sizes().and_then(|()| page::budget(&root().join("dist"))),
        Some("test") => test(),
        Some("bench") if args.get(1).map(String::as_str) == Some("peers") => {
            release_cli().and_then(|cli| peers::bench(&cli))
        }
        Some("bench") => bench(),
        Some("invariants") => invariants(),
        Some("shape") => shape::report(),
        Some("kernels") => post_build::stage(),
        Some("help" | "--help" | "-h") | None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command {other:?}\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository's root (this crate lives in `crates/xtask`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/xtask is two levels below the root")
        .to_path_buf()
}

/// A step's banner, so that a long run says what it is doing.
pub fn step(what: &str) {
    println!("\n==> {what}");
}

/// Runs a command from the root, failing with its name if it fails.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}").replace('"', "");
    println!("    $ {shown}");
    let status = cmd
        .current_dir_if_unset(root())
        .status()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

/// Runs a command and returns its standard output, or None if it cannot run or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.current_dir_if_unset(root()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

trait CurrentDir {
    fn current_dir_if_unset(&mut self, dir: PathBuf) -> &mut Self;
}

impl CurrentDir for Command {
    fn current_dir_if_unset(&mut self, dir: PathBuf) -> &mut Self {
        if self.get_current_dir().is_none() {
            self.current_dir(dir);
        }
        self
    }
}

/// `cargo` as a command, the one that runs this xtask (so the pinned toolchain).
pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// A command with the project's npm tools (wasm-opt) first on PATH.
pub fn with_tools(mut cmd: Command) -> Command {
    cmd.env("PATH", setup::tool_path());
    cmd
}

fn serve() -> Result<(), String> {
    setup::all(setup::Need::Build)?;
    step("Serving the playground on http://127.0.0.1:8080 (Ctrl-C stops)");
    // Its own output dir: dist/ stays the release build that the tests check. No live
    // reload: its injected script is refused by the page's Content-Security-Policy,
    // which serve keeps as strict as the release's (reload the page after a rebuild).
    run(with_tools(Command::new("trunk")).args([
        "serve",
        "--release",
        "--offline",
        "--no-autoreload",
        "--dist",
        "target/serve",
    ]))
}

/// Builds the release site; returns the time it took.
fn dist() -> Result<f64, String> {
    setup::all(setup::Need::Build)?;
    step("Building the release site into dist/");
    let t0 = Instant::now();
    run(with_tools(Command::new("trunk")).args(["build", "--release", "--offline"]))?;
    let secs = t0.elapsed().as_secs_f64();
    report_sizes()?;
    page::budget(&root().join("dist"))?;
    Ok(secs)
}

/// Prints the size of every wasm file in dist/, raw and gzipped.
fn report_sizes() -> Result<(), String> {
    let dist = root().join("dist");
    let mut files = Vec::new();
    collect(&dist, &mut files);
    files.retain(|p| p.extension().is_some_and(|e| e == "wasm"));
    files.sort();
    println!("    wasm in dist/ (raw, gzip -9):");
    for file in files {
        let raw = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        let gz = page::gzipped(&file);
        let name = file.strip_prefix(&dist).unwrap_or(&file).display();
        println!(
            "      {name:<60} {:>8.1} KiB {:>8.1} KiB",
            kib(raw),
            kib(gz)
        );
    }
    Ok(())
}

fn kib(bytes: u64) -> f64 {
    bytes as f64 / 1024.0
}

pub fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Crates built for the host, and crates built for the browser.
const HOST_CRATES: &[&str] = &[
    "interleave-sim",
    "interleave-lessons",
    "interleave-par",
    "interleave-protocol",
    "interleave-workers",
    "interleave-cli",
    "xtask",
];
const WASM_CRATES: &[&str] = &["interleave-app", "interleave-workers"];

fn test() -> Result<(), String> {
    let t0 = Instant::now();
    setup::all(setup::Need::Test)?;

    step("Formatting (cargo fmt --check)");
    run(cargo().args(["fmt", "--all", "--check"]))?;

    step("Architecture invariants");
    invariants()?;

    step("Lints for the host (clippy -D warnings)");
    let mut clippy = cargo();
    clippy.args(["clippy", "--locked", "--all-targets"]);
    for krate in HOST_CRATES {
        clippy.args(["-p", krate]);
    }
    run(clippy.args(["--", "-D", "warnings"]))?;

    step("Lints for wasm32 (clippy -D warnings)");
    let mut clippy = cargo();
    clippy.args(["clippy", "--locked", "--target", "wasm32-unknown-unknown"]);
    for krate in WASM_CRATES {
        clippy.args(["-p", krate]);
    }
    run(clippy.args(["--", "-D", "warnings"]))?;

    step("Native tests");
    let mut tests = cargo();
    tests.args(["test", "--locked"]);
    for krate in HOST_CRATES {
        tests.args(["-p", krate]);
    }
    // The app's pure parts (the link codec, the import reader) are tested on the host too.
    tests.args(["-p", "interleave-app"]);
    run(&mut tests)?;

    step("wasm tests in headless Chromium (wasm-bindgen-test)");
    run(cargo()
        .args(["test", "--locked", "--target", "wasm32-unknown-unknown"])
        .args(["-p", "interleave-workers"])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", setup::CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120"))?;

    let build_secs = dist()?;
    println!("    release build took {build_secs:.0} s");

    step("End-to-end tests of dist/ in headless Chromium");
    run(Command::new("node")
        .args([
            "--test",
            "--test-concurrency=1",
            "e2e.test.mjs",
            "lab.test.mjs",
            "scaling.test.mjs",
            "sync.test.mjs",
            "systems.test.mjs",
            "queue.test.mjs",
            "simd.test.mjs",
            "responsive.test.mjs",
            "tour.test.mjs",
            "hardening.test.mjs",
            "lighthouse.test.mjs",
        ])
        .current_dir(root().join("tests")))?;

    println!(
        "\nAll checks passed in {:.0} s.",
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The rules of the house a machine can check: the core depends on nothing of the
/// browser or of threads, every Rust file opens with a `//!` line on its purpose, the
/// app converts (`boundaries`), and the code keeps its shape (`rules`).
fn invariants() -> Result<(), String> {
    let tree = output(cargo().args([
        "tree",
        "--locked",
        "-p",
        "interleave-sim",
        "-e",
        "normal",
        "--prefix",
        "none",
    ]))
    .ok_or("cargo tree -p interleave-sim failed")?;
    for banned in ["wasm-bindgen", "web-sys", "js-sys", "yew", "rayon"] {
        if tree.lines().any(|l| l.starts_with(&format!("{banned} "))) {
            return Err(format!(
                "interleave-sim must not depend on {banned}:\n{tree}"
            ));
        }
    }
    println!("    ok: interleave-sim depends on no browser or threading crate");
    let mut files = Vec::new();
    collect(&root().join("crates"), &mut files);
    let undocumented: Vec<String> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "rs"))
        .filter(|f| !f.components().any(|c| c.as_os_str() == "target"))
        .filter(|f| !std::fs::read_to_string(f).is_ok_and(|t| t.starts_with("//!")))
        .map(|f| f.strip_prefix(root()).unwrap_or(f).display().to_string())
        .collect();
    if !undocumented.is_empty() {
        return Err(format!(
            "these files do not open with a //! line on what they are for:\n  {}",
            undocumented.join("\n  ")
        ));
    }
    println!("    ok: every Rust file opens with a //! line");
    boundaries()?;
    rules::check()
}

/// The app converts, it does not compute, checked where it can be by reading: a lab's
/// state (`state.rs` and its `state/` tests) is a pure reducer, with no browser, timer
/// or storage in it; the app reads a trace's changes only in `components/timeline/lanes.rs`, which
/// feeds them to the core's `Waits` (the trace's questions are the core's); and the
/// shared components and hooks import nothing above them (pages, lessons, labs).
fn boundaries() -> Result<(), String> {
    let mut broken = Vec::new();
    for (name, text) in app_sources() {
        let state = name.ends_with("/state.rs") || name.contains("/state/");
        for banned in ["web_sys", "gloo", "wasm_bindgen", "js_sys", "storage::"] {
            if state && text.contains(banned) {
                broken.push(format!(
                    "{name} uses {banned}: a lab's state is a pure reducer"
                ));
            }
        }
        let component = name.contains("/src/components/") || name.contains("/src/hooks/");
        for above in [
            "crate::pages",
            "crate::lessons",
            "crate::lab",
            "crate::tour",
            "crate::systems",
            "crate::sync",
        ] {
            if component && text.contains(above) {
                broken.push(format!(
                    "{name} uses {above}: a shared component or hook knows nothing of the lessons"
                ));
            }
        }
        if text.contains(".changes") && !name.ends_with("components/timeline/lanes.rs") {
            broken.push(format!(
                "{name} reads a trace's changes: ask the core (interleave_sim's trace module)"
            ));
        }
    }
    if !broken.is_empty() {
        return Err(format!(
            "the app computes where it should convert:\n  {}",
            broken.join("\n  ")
        ));
    }
    println!(
        "    ok: the labs' states are pure reducers; trace queries are the core's; components and hooks import no lesson"
    );
    Ok(())
}

/// Every Rust file of the app: its path from the root, and its text.
pub fn app_sources() -> Vec<(String, String)> {
    let mut files = Vec::new();
    collect(&root().join("crates/app/src"), &mut files);
    files.retain(|f| f.extension().is_some_and(|e| e == "rs"));
    files.sort();
    files
        .iter()
        .filter_map(|f| {
            let text = std::fs::read_to_string(f).ok()?;
            Some((
                f.strip_prefix(root()).unwrap_or(f).display().to_string(),
                text,
            ))
        })
        .collect()
}

/// The command line tool, built for speed.
fn release_cli() -> Result<PathBuf, String> {
    run(cargo().args(["build", "--locked", "--release", "-p", "interleave-cli"]))?;
    Ok(root().join("target/release/interleave"))
}

fn bench() -> Result<(), String> {
    step("Benchmark: the simulator natively (interleave bench)");
    let cli = release_cli()?;
    for tasks in ["100000", "1000000"] {
        run(Command::new(&cli).args(["bench", "--tasks", tasks, "--cores", "8"]))?;
    }
    step("Benchmark: the explorer natively (interleave bench --explore)");
    for n in ["6", "7", "8", "9"] {
        run(Command::new(&cli).args(["bench", "--explore", "--philosophers", n]))?;
    }
    step("Benchmark: random search natively, PCT against random walks (interleave bench --random)");
    run(Command::new(&cli).args(["bench", "--random", "100000"]))?;
    peers::bench(&cli)?;
    step("Benchmark: the kernels natively");
    run(cargo().args([
        "run",
        "--locked",
        "--release",
        "-q",
        "-p",
        "interleave-par",
        "--example",
        "bench",
    ]))?;
    dist()?;
    for (what, script) in [
        ("the kernels in headless Chromium, both modes", "bench.mjs"),
        (
            "the explorer in a worker in headless Chromium",
            "bench-explore.mjs",
        ),
        (
            "the scheduler lab with 100 000 tasks in headless Chromium",
            "bench-lab.mjs",
        ),
        (
            "the scheduler lab with 1 000 000 tasks in headless Chromium",
            "bench-lab.mjs million",
        ),
        (
            "the main thread's longest task while the labs run large runs",
            "bench-runs.mjs",
        ),
        (
            "the system-design labs in headless Chromium",
            "bench-systems.mjs",
        ),
        (
            "the tour's step changes in headless Chromium",
            "bench-tour.mjs",
        ),
        (
            "lanes x cores: SIMD128 and workers in headless Chromium",
            "bench-simd.mjs",
        ),
        (
            "a job four ways beside the page's frames in headless Chromium",
            "bench-responsive.mjs",
        ),
        (
            "every route's first visit on a throttled phone in headless Chromium",
            "bench-pages.mjs",
        ),
    ] {
        step(&format!("Benchmark: {what}"));
        run(Command::new("node")
            .args(script.split(' '))
            .current_dir(root().join("tests")))?;
    }
    Ok(())
}
