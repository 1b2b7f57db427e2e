//! The wasm module that runs inside Web Workers: it decodes a request, calls a kernel of
//! `interleave-par`, and encodes the answer. Built twice (see `cargo xtask`):
//!
//! - plain: one module instance per worker, nothing shared; each worker computes the
//!   pieces it is sent (message passing, works on every page);
//! - `threads`: one module whose memory is shared by a rayon pool of workers
//!   (needs a cross-origin isolated page).

use interleave_par::{Kernel, Piece, kernels};
use wasm_bindgen::prelude::*;

#[cfg(feature = "threads")]
pub use wasm_bindgen_rayon::init_thread_pool;

#[wasm_bindgen]
extern "C" {
    /// The high-resolution clock of whichever global runs this code (window or worker).
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;

    /// When this global's clock started: each worker has its own.
    #[wasm_bindgen(thread_local_v2, js_namespace = performance, js_name = timeOrigin)]
    static TIME_ORIGIN: JsValue;
}

/// Milliseconds since the Unix epoch at sub-millisecond resolution: one time axis for
/// the page and every worker, whose own clocks start at different instants.
fn clock() -> f64 {
    TIME_ORIGIN.with(|origin| origin.as_f64().unwrap_or(0.0)) + performance_now()
}

/// Computes items `[lo, hi)` of `kernel` (a problem of `size` items) as piece `index`
/// on worker `worker`, and returns the piece's report as JSON.
#[wasm_bindgen(js_name = kernelPiece)]
pub fn kernel_piece(kernel: &str, size: f64, index: u32, lo: f64, hi: f64, worker: u32) -> String {
    let Some(kernel) = Kernel::from_key(kernel) else {
        return String::new();
    };
    let piece = Piece {
        index,
        lo: to_u64(lo),
        hi: to_u64(hi).max(to_u64(lo)),
    };
    let report = kernels::run_piece(kernel, to_u64(size), piece, worker, &clock);
    serde_json::to_string(&report).unwrap_or_default()
}

/// Runs the whole of `kernel` in `pieces` pieces on the rayon pool (started by
/// `initThreadPool`) and returns the run as JSON. Call it from a worker, not from the
/// page: the calling thread blocks until the pool is done.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = kernelOnPool)]
pub fn kernel_on_pool(kernel: &str, size: f64, pieces: u32) -> String {
    let Some(kernel) = Kernel::from_key(kernel) else {
        return String::new();
    };
    let run = kernels::run_rayon(kernel, to_u64(size), pieces, &clock);
    serde_json::to_string(&run).unwrap_or_default()
}

/// Runs the shared-counter race on the pool (`increment`: "load-store", "fetch-add" or
/// "mutex") and returns its report as JSON. Call it from a worker, like `primesOnPool`.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = raceOnPool)]
pub fn race_on_pool(increment: &str, threads: u32, per_thread: f64) -> String {
    use interleave_par::race::{Increment, race};
    let increment = match increment {
        "fetch-add" => Increment::FetchAdd,
        "mutex" => Increment::Mutex,
        _ => Increment::LoadStore,
    };
    let report = race(
        increment,
        threads,
        to_u64(per_thread).min(100_000_000),
        &clock,
    );
    serde_json::to_string(&report).unwrap_or_default()
}

/// The number of threads in the current rayon pool.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = poolThreads)]
pub fn pool_threads() -> usize {
    rayon::current_num_threads()
}

/// Simulates a scenario; returns its fingerprint as 16 hex digits, or the parse errors.
#[wasm_bindgen(js_name = simFingerprint)]
pub fn sim_fingerprint(text: &str) -> String {
    match interleave_sim::parse(text) {
        Ok(scenario) => format!("{:016x}", interleave_sim::simulate(&scenario).fingerprint()),
        Err(errors) => errors.to_string(),
    }
}

/// Benchmark: simulates the generated round-robin workload without a trace, and
/// returns `{"events", "ms", "fingerprint"}` as JSON.
#[wasm_bindgen(js_name = simBench)]
pub fn sim_bench(tasks: u32, cores: u32) -> String {
    let scenario = interleave_sim::workload::round_robin_mix(tasks, cores.clamp(1, 1024), 42);
    let t0 = performance_now();
    let report = interleave_sim::simulate_with(&scenario, interleave_sim::Options { trace: false });
    let ms = performance_now() - t0;
    format!(
        "{{\"events\":{},\"ms\":{ms},\"fingerprint\":\"{:016x}\"}}",
        report.events,
        report.fingerprint()
    )
}

/// JavaScript numbers arrive as f64: negative, NaN and fractional inputs are clamped.
fn to_u64(x: f64) -> u64 {
    if x.is_finite() && x > 0.0 {
        x.min(u64::MAX as f64) as u64
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::to_u64;

    #[test]
    fn numbers_from_javascript_are_clamped() {
        assert_eq!(to_u64(-3.0), 0);
        assert_eq!(to_u64(f64::NAN), 0);
        assert_eq!(to_u64(10.7), 10);
        assert_eq!(to_u64(f64::INFINITY), 0);
    }
}
