//! Installing the tools, each only when it is missing or at the wrong version.

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

use crate::{cargo, output, root, run, step};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const TRUNK_VERSION: &str = "0.22.1";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const SIMPY_VERSION: &str = "4.1.2";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// What building and serving the site needs.
    Build,
    /// That, and a browser to test in.
    Test,
}

pub fn all(need: Need) -> Result<(), String> {
    toolchain()?;
    trunk()?;
    wasm_bindgen()?;
    if need == Need::Test {
        chromium()?;
    }
    npm_tools()?;
    Ok(())
}

/// The pinned nightly of rust-toolchain.toml with its parts (rust-src for build-std,
/// the wasm32 target). `rustup toolchain install` reads the file.
fn toolchain() -> Result<(), String> {
    let targets = output(Command::new("rustup").args(["target", "list", "--installed"]));
    let components = output(Command::new("rustup").args(["component", "list", "--installed"]));
    let has = |list: &Option<String>, what: &str| {
        list.as_deref()
            .is_some_and(|l| l.lines().any(|x| x.starts_with(what)))
    };
    if has(&targets, WASM_TARGET) && has(&components, "rust-src") {
        println!("    ok: toolchain with {WASM_TARGET} and rust-src");
        return Ok(());
    }
    step("Installing the pinned toolchain's parts (rust-toolchain.toml)");
    run(Command::new("rustup").args(["toolchain", "install"]))
}

/// Whether `tool --version` says `want` (then it says so here too).
fn reports(tool: &str, want: &str) -> bool {
    let found = output(Command::new(tool).arg("--version")).as_deref() == Some(want);
    if found {
        println!("    ok: {want}");
    }
    found
}

fn trunk() -> Result<(), String> {
    let want = format!("trunk {TRUNK_VERSION}");
    if reports("trunk", &want) {
        return Ok(());
    }
    step(&format!(
        "Installing {want} from crates.io (about 15 minutes on 2 cores, once)"
    ));
    run(cargo().args(["install", "trunk", "--locked", "--version", TRUNK_VERSION]))
}

/// wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock:
/// Trunk uses the one on PATH only when the versions match.
fn wasm_bindgen() -> Result<(), String> {
    let version = locked_version("wasm-bindgen")?;
    let want = format!("wasm-bindgen {version}");
    if reports("wasm-bindgen", &want) {
        return Ok(());
    }
    step(&format!(
        "Installing wasm-bindgen-cli {version} from crates.io"
    ));
    // Not --locked: one of the dependencies locked in that release was yanked since.
    run(cargo().args(["install", "wasm-bindgen-cli", "--version", &version]))
}

/// The version of `package` in Cargo.lock.
pub fn locked_version(package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{package}\"")
            && let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_string());
        }
    }
    Err(format!("{package} is not in Cargo.lock"))
}

/// The npm packages of tests/package.json: wasm-opt (binaryen; the system's is too old
/// for threaded wasm) and the browser driver. Reinstalled when the lock file changes.
fn npm_tools() -> Result<(), String> {
    let tests = root().join("tests");
    let lock = std::fs::read(tests.join("package-lock.json"))
        .map_err(|e| format!("cannot read tests/package-lock.json: {e}"))?;
    let stamp = tests.join("node_modules/.interleave-lock");
    if std::fs::read(&stamp).ok().as_deref() == Some(lock.as_slice()) {
        println!("    ok: npm tools (binaryen, playwright-core, axe-core, lighthouse) as locked");
        return Ok(());
    }
    if output(Command::new("npm").arg("--version")).is_none() {
        apt_install(&["nodejs", "npm"])?;
    }
    step("Installing npm tools in tests/ (npm ci)");
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&tests))?;
    std::fs::write(&stamp, lock).map_err(|e| format!("cannot write {}: {e}", stamp.display()))
}

/// SimPy, for the benchmark against a peer: in a virtual environment of the project's
/// own (the system's Python is left alone), from PyPI. The Python it runs with.
pub fn simpy() -> Result<std::path::PathBuf, String> {
    // A virtual environment of the project's own, beside the benchmark's other files.
    let venv = root().join("target/peers/venv");
    let python = venv.join("bin/python");
    let has = |python: &Path| {
        output(Command::new(python).args(["-c", "import simpy; print(simpy.__version__)"]))
    };
    if has(&python).as_deref() == Some(SIMPY_VERSION) {
        println!("    ok: SimPy {SIMPY_VERSION}");
        return Ok(python);
    }
    step(&format!("Installing SimPy {SIMPY_VERSION} from PyPI"));
    let make = || {
        run(Command::new("python3")
            .args(["-m", "venv", "--clear"])
            .arg(&venv))
    };
    if make().is_err() {
        // No Python, or one without its venv module (Debian ships it apart).
        apt_install(&["python3", "python3-venv"])?;
        make()?;
    }
    run(Command::new(venv.join("bin/pip")).args([
        "install",
        "-q",
        &format!("simpy=={SIMPY_VERSION}"),
    ]))?;
    Ok(python)
}

/// SPIN, Debian's package, and gcc to build its verifiers.
pub fn spin() -> Result<(), String> {
    let has = |tool: &str, arg: &str| output(Command::new(tool).arg(arg)).is_some();
    if has("spin", "-V") && has("gcc", "--version") {
        println!("    ok: spin and gcc");
        return Ok(());
    }
    apt_install(&["spin", "gcc"])
}

/// Debian's Chromium and its WebDriver, for the wasm tests and the end-to-end tests.
fn chromium() -> Result<(), String> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        println!("    ok: {CHROMIUM} and {CHROMEDRIVER}");
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver"])
}

fn apt_install(packages: &[&str]) -> Result<(), String> {
    step(&format!(
        "Installing {} from the system's packages",
        packages.join(", ")
    ));
    let root_user = output(Command::new("id").arg("-u")).as_deref() == Some("0");
    let apt = |args: &[&str]| {
        let mut cmd = if root_user {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("apt-get");
            sudo
        };
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run(&mut apt(&["update", "-q"]))?;
    let mut install = apt(&["install", "-y", "-q"]);
    run(install.args(packages))
}

/// PATH with the project's npm tools first, so that npm's wasm-opt wins over any other.
pub fn tool_path() -> OsString {
    let mut dirs = vec![root().join("tests/node_modules/.bin")];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap_or_default()
}
