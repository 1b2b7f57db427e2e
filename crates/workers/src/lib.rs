//! The wasm module that runs inside Web Workers: it decodes a request, calls a kernel of
//! `interleave-par`, and encodes the answer. Built twice (see `cargo xtask`):
//!
//! - plain: one module instance per worker, nothing shared; each worker computes the
//!   pieces it is sent (message passing, works on every page);
//! - `threads`: one module whose memory is shared by a rayon pool of workers
//!   (needs a cross-origin isolated page).

use interleave_par::{Kernel, Piece, kernels};
use interleave_sim::program::{self, Explorer};
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

thread_local! {
    /// The report of the last sort chunk, read by `sortReport` right after `sortChunk`.
    static SORT_REPORT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Round 1 of the sort for message passing: generates and sorts keys `[lo, hi)` as
/// piece `index` on worker `worker`, and returns them (the caller moves them on);
/// their report is then available from `sortReport`.
#[wasm_bindgen(js_name = sortChunk)]
pub fn sort_chunk(index: u32, lo: f64, hi: f64, worker: u32) -> Vec<u32> {
    let piece = Piece {
        index,
        lo: to_u64(lo).min(MAX_SORT),
        hi: to_u64(hi).clamp(to_u64(lo), MAX_SORT),
    };
    let start_ms = clock();
    let keys = interleave_par::sort::sorted_chunk(piece.lo, piece.hi);
    let report = interleave_par::PieceReport {
        piece,
        value: 0,
        worker,
        start_ms,
        end_ms: clock(),
    };
    SORT_REPORT.with(|r| *r.borrow_mut() = serde_json::to_string(&report).unwrap_or_default());
    keys
}

/// The report of the last `sortChunk`, as JSON.
#[wasm_bindgen(js_name = sortReport)]
pub fn sort_report() -> String {
    SORT_REPORT.with(|r| r.borrow().clone())
}

/// Round 2 of the sort for message passing: one bucket's keys (its slices of every
/// sorted chunk, in any order), whose first rank is `offset`; sorts them and returns
/// the report of piece `index` with the bucket's part of the checksum, as JSON.
#[wasm_bindgen(js_name = sortMerge)]
pub fn sort_merge(index: u32, offset: f64, keys: &[u32], worker: u32) -> String {
    let offset = to_u64(offset);
    let start_ms = clock();
    let value = interleave_par::sort::merge(offset, &[keys]);
    let report = interleave_par::PieceReport {
        piece: Piece {
            index,
            lo: offset,
            hi: offset + keys.len() as u64,
        },
        value,
        worker,
        start_ms,
        end_ms: clock(),
    };
    serde_json::to_string(&report).unwrap_or_default()
}

/// The most keys a sort may have: 64 M keys are 256 MiB.
const MAX_SORT: u64 = 1 << 26;

/// The job running on the rayon pool, if any: the reports of the pieces done so far,
/// how many of them the coordinator has already passed on, and whether it is over.
#[cfg(feature = "threads")]
mod job {
    use std::sync::{Condvar, Mutex};

    use interleave_par::{PieceReport, Run};

    #[derive(Default)]
    pub struct Job {
        pub reports: Vec<PieceReport>,
        pub sent: usize,
        pub run: Option<Run>,
    }

    pub static JOB: Mutex<Option<Job>> = Mutex::new(None);
    pub static CHANGED: Condvar = Condvar::new();
}

/// Starts `kernel` on the rayon pool (started by `initThreadPool`): items `0..serial`
/// as one piece first, then the rest in `pieces` pieces. Returns at once; the pool
/// works in the background and [`pool_wait`] reports its progress. False when the
/// kernel is unknown or a job is still running.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = poolStart)]
pub fn pool_start(kernel: &str, size: f64, serial: f64, pieces: u32) -> bool {
    let Some(kernel) = Kernel::from_key(kernel) else {
        return false;
    };
    {
        let mut job = job::JOB.lock().unwrap_or_else(|e| e.into_inner());
        if job.as_ref().is_some_and(|j| j.run.is_none()) {
            return false;
        }
        *job = Some(job::Job::default());
    }
    let (size, serial) = (to_u64(size), to_u64(serial));
    rayon::spawn(move || {
        let record = |report: &interleave_par::PieceReport| {
            let mut job = job::JOB.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(job) = job.as_mut() {
                job.reports.push(*report);
            }
            job::CHANGED.notify_all();
        };
        let run = kernels::run_rayon(kernel, size, serial, pieces, &clock, &record);
        let mut job = job::JOB.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(job) = job.as_mut() {
            job.run = Some(run);
        }
        job::CHANGED.notify_all();
    });
    true
}

/// Blocks the calling worker (never the page) until the pool's job has news, and
/// returns it as the message to pass on to the page, in JSON: `{"type":"progress",
/// "pieces":[reports not yet passed on]}` while pieces come in, then `{"type":"run",
/// "run":{...}}` once it is over (and the job is gone); `""` with no job. The text is
/// passed on as it is: JavaScript numbers would round 64-bit values. (No timeout:
/// std's timed waits read a clock that wasm32-unknown-unknown does not have.)
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = poolWait)]
pub fn pool_wait() -> String {
    let quiet = |g: &mut Option<job::Job>| {
        g.as_ref()
            .is_some_and(|j| j.run.is_none() && j.sent == j.reports.len())
    };
    let guard = job::JOB.lock().unwrap_or_else(|e| e.into_inner());
    let mut guard = job::CHANGED
        .wait_while(guard, |g| quiet(g))
        .unwrap_or_else(|e| e.into_inner());
    let Some(job) = guard.as_mut() else {
        return String::new();
    };
    if job.sent < job.reports.len() {
        let pieces = serde_json::to_string(&job.reports[job.sent..]).unwrap_or_default();
        job.sent = job.reports.len();
        return format!("{{\"type\":\"progress\",\"pieces\":{pieces}}}");
    }
    let run = job.run.take();
    *guard = None;
    format!(
        "{{\"type\":\"run\",\"run\":{}}}",
        serde_json::to_string(&run).unwrap_or_default()
    )
}

/// Runs the shared-counter race on the pool (`increment`: "load-store", "fetch-add" or
/// "mutex") and returns its report as JSON. Call it from a worker, like `poolStart`, but it blocks until done.
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

thread_local! {
    /// The exploration under way in this worker, and when it started.
    static EXPLORATION: std::cell::RefCell<Option<(Explorer, f64)>> = const { std::cell::RefCell::new(None) };
}

/// Starts exploring every interleaving of a program (`bound` < 0: no preemption
/// bound). Returns "" or, if the program does not parse, its errors as text.
#[wasm_bindgen(js_name = exploreStart)]
pub fn explore_start(text: &str, bound: i32, max_states: f64) -> String {
    let program = match program::parse(text) {
        Ok(p) => p,
        Err(errors) => return errors.to_string(),
    };
    let search = program::Search {
        preemption_bound: u32::try_from(bound).ok(),
        max_states: usize::try_from(to_u64(max_states)).unwrap_or(usize::MAX),
    };
    let explorer = Explorer::new(program, search);
    EXPLORATION.with(|e| *e.borrow_mut() = Some((explorer, performance_now())));
    String::new()
}

/// Expands up to `budget` more states. Returns the message to post: progress
/// (`{"type":"explore-progress","states","frontier","ms"}`) while the search goes on,
/// then the report (`{"type":"explored","ms","report"}`), once.
#[wasm_bindgen(js_name = exploreStep)]
pub fn explore_step(budget: u32) -> String {
    EXPLORATION.with(|cell| {
        let mut slot = cell.borrow_mut();
        let Some((explorer, t0)) = slot.as_mut() else {
            return r#"{"type":"error","message":"no exploration under way"}"#.to_string();
        };
        let done = explorer.advance(budget as usize);
        let ms = performance_now() - *t0;
        if !done {
            return format!(
                r#"{{"type":"explore-progress","states":{},"frontier":{},"ms":{ms}}}"#,
                explorer.states(),
                explorer.frontier()
            );
        }
        let (explorer, _) = slot.take().expect("checked above");
        let report = serde_json::to_string(&explorer.finish()).unwrap_or_default();
        format!(r#"{{"type":"explored","ms":{ms},"report":{report}}}"#)
    })
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
