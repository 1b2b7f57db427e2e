//! The worker kernels: interleave-workers built three times (plain, SIMD and threaded)
//! and bound with wasm-bindgen into the staging directory's `kernels/<build>/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, root, run, step, with_tools};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// What the shared-memory build needs: atomics, a shared imported memory, and the
/// thread-local-storage exports that wasm-bindgen's thread support calls.
const THREADS_RUSTFLAGS: &str = "-C target-feature=+atomics,+bulk-memory \
    -C link-arg=--shared-memory -C link-arg=--import-memory \
    -C link-arg=--max-memory=1073741824 \
    -C link-arg=--export=__wasm_init_tls -C link-arg=--export=__tls_size \
    -C link-arg=--export=__tls_align -C link-arg=--export=__tls_base";

/// Every build of the kernels into `out`, each in a folder of its own.
pub fn build(out: &Path, release: bool) -> Result<(), String> {
    for build in [Build::Plain, Build::Simd, Build::Threads] {
        step(build.title());
        let wasm = build.compile(release)?;
        bindgen(&wasm, &out.join(build.name()), build, release)?;
    }
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
