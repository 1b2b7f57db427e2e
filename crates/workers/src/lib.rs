//! The wasm module that runs inside Web Workers. It has one entry point for the page,
//! [`handle`]: it reads a [`Request`] of `interleave-protocol`, calls the core
//! (`interleave-par`'s kernels, `interleave-sim`'s explorer and engine) in [`serve`],
//! and posts each [`Reply`], streamed progress included. Built twice (see
//! `cargo xtask`):
//!
//! - plain: one module instance per worker, nothing shared; each worker computes the
//!   pieces it is sent (message passing, works on every page);
//! - `threads`: one module whose memory is shared by a rayon pool of workers
//!   (needs a cross-origin isolated page).

use interleave_par::{PieceReport, kernels, sort};
use interleave_protocol::{Later, Reply, Request, run};
use interleave_sim::program::{self, Explorer};
use interleave_sim::{Limits, Options, Simulation};
use wasm_bindgen::JsCast;
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
pub fn clock() -> f64 {
    TIME_ORIGIN.with(|origin| origin.as_f64().unwrap_or(0.0)) + performance_now()
}

/// The one entry point: `message` is the request's text, or `{text, words}` with 32-bit
/// words beside it (sorted keys, a scenario's text, a run); each reply goes out through `post(message, transfer)` in the same
/// shape. Anything unreadable is answered with an error, and the worker goes on.
/// Returns a promise to wait for before the next message (starting the thread pool),
/// or undefined.
#[wasm_bindgen]
pub fn handle(message: JsValue, post: js_sys::Function) -> JsValue {
    let (text, words) = open(&message);
    let request = match text {
        Some(text) => Request::decode(&text),
        None => Err("a message without a request".to_string()),
    };
    match request {
        #[cfg(feature = "threads")]
        Ok(Request::Init { threads }) => {
            // Ready once the pool has started; the page waits for that answer.
            let ready = Closure::once(move |_: JsValue| {
                let threads = rayon::current_num_threads() as u32;
                send(&post, Reply::Ready(threads), None);
            });
            let started = init_thread_pool(threads.max(1) as usize).then(&ready);
            ready.forget();
            return started.into();
        }
        Ok(request) => serve(request, words, &clock, &mut |reply, words| {
            send(&post, reply, words)
        }),
        Err(message) => send(&post, Reply::error(message), None),
    }
    JsValue::UNDEFINED
}

/// Posts a reply, with the words beside it (their buffer transferred) when there are.
fn send(post: &js_sys::Function, reply: Reply, words: Option<Vec<u32>>) {
    let text = JsValue::from_str(&reply.encode());
    let _ = match words {
        None => post.call1(&JsValue::NULL, &text),
        Some(words) => {
            let words = js_sys::Uint32Array::from(&words[..]);
            let envelope = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&envelope, &"text".into(), &text);
            let _ = js_sys::Reflect::set(&envelope, &"words".into(), &words);
            post.call2(
                &JsValue::NULL,
                &envelope,
                &js_sys::Array::of1(&words.buffer()),
            )
        }
    };
}

/// The request's text and the words beside it, from a message.
fn open(message: &JsValue) -> (Option<String>, Option<Vec<u32>>) {
    if let Some(text) = message.as_string() {
        return (Some(text), None);
    }
    let field = |name: &str| js_sys::Reflect::get(message, &JsValue::from_str(name)).ok();
    let text = field("text").and_then(|t| t.as_string());
    let words = field("words")
        .and_then(|k| k.dyn_into::<js_sys::Uint32Array>().ok())
        .map(|k| k.to_vec());
    (text, words)
}

/// The most keys a sort may have: 64 M keys are 256 MiB.
const MAX_SORT: u64 = 1 << 26;
/// The most increments one thread of the race makes.
#[cfg(feature = "threads")]
const MAX_RACE: u64 = 100_000_000;
/// The most tasks a benchmark simulates.
const MAX_BENCH: u32 = 10_000_000;
/// States the explorer expands between two progress replies.
const EXPLORE_SLICE: usize = 20_000;
/// Random runs between two progress reports.
const SAMPLE_SLICE: u32 = 500;
/// Events simulated between two progress reports.
const SIMULATE_SLICE: u64 = 100_000;

/// Answers one request through `send`, with `now` as the time axis of the reports.
/// Init in the threads build is [`handle`]'s (it awaits the pool); everything else is
/// here, where native tests reach it.
pub fn serve(
    request: Request,
    words: Option<Vec<u32>>,
    now: &dyn Fn() -> f64,
    send: &mut dyn FnMut(Reply, Option<Vec<u32>>),
) {
    let reply = match request {
        Request::Init { .. } => Reply::Ready(1),
        Request::Piece {
            kernel,
            size,
            piece,
            worker,
        } => Reply::Piece(compute_piece(kernel, size, piece, worker, now)),
        Request::SortChunk { piece, worker } => {
            let (report, sorted) = sort_chunk(piece, worker, now);
            return send(Reply::Sorted(report), Some(sorted));
        }
        Request::SortMerge {
            index,
            offset,
            worker,
        } => match words {
            None => Reply::error("a merge without keys"),
            Some(keys) => Reply::Piece(sort_merge(index, offset, &keys, worker, now)),
        },
        Request::Explore { text, search } => return explore(&text, search, now, send),
        Request::Sample { text, random } => return sample(&text, random, now, send),
        Request::Parse { limits } => match words.as_deref().map(run::words_text) {
            None => Reply::error("a parse without its text"),
            Some(Err(e)) => Reply::error(e),
            Some(Ok(text)) => return parse(&text, limits, now, send),
        },
        Request::Simulate { limits } => match words.as_deref().map(run::words_text) {
            None => Reply::error("a simulation without its text"),
            Some(Err(e)) => Reply::error(e),
            Some(Ok(text)) => return simulate(&text, limits, now, send),
        },
        Request::Bench { tasks, cores } => bench(tasks.min(MAX_BENCH), cores, now),
        Request::Memory {} => Reply::Memory(memory_bytes()),
        #[cfg(feature = "threads")]
        Request::Pool {
            kernel,
            size,
            serial,
            pieces,
        } => return pool::run(kernel, size, serial, pieces, send),
        #[cfg(feature = "threads")]
        Request::Race {
            increment,
            threads,
            per_thread,
        } => Reply::Race(interleave_par::race::race(
            increment,
            threads.clamp(1, rayon::current_num_threads() as u32),
            per_thread.min(MAX_RACE),
            &clock,
        )),
        #[cfg(not(feature = "threads"))]
        Request::Pool { .. } | Request::Race { .. } => {
            Reply::error("this needs shared memory: the threads build on an isolated page")
        }
    };
    send(reply, None);
}

// The kernels' loops live in small functions of their own, never inlined into
// `serve`: V8 compiles a hot wasm function again with its optimizing tier, and a
// small function is recompiled (and optimized) far sooner than one the size of
// `serve`. Inlined, a piece ran twice as slowly, and for its first several calls
// four times as slowly, which the probe and the sweeps measured.

/// Items `piece.lo..piece.hi` of `kernel` (a problem of `size` items), timed.
#[inline(never)]
fn compute_piece(
    kernel: interleave_par::Kernel,
    size: u64,
    piece: interleave_par::Piece,
    worker: u32,
    now: &dyn Fn() -> f64,
) -> PieceReport {
    let piece = interleave_par::Piece {
        hi: piece.hi.min(size).max(piece.lo),
        ..piece
    };
    kernels::run_piece(kernel, size, piece, worker, &now)
}

/// Round 1 of the sort: keys `piece.lo..piece.hi` generated and sorted, timed.
#[inline(never)]
fn sort_chunk(
    piece: interleave_par::Piece,
    worker: u32,
    now: &dyn Fn() -> f64,
) -> (PieceReport, Vec<u32>) {
    let piece = interleave_par::Piece {
        lo: piece.lo.min(MAX_SORT),
        hi: piece.hi.clamp(piece.lo.min(MAX_SORT), MAX_SORT),
        ..piece
    };
    let start_ms = now();
    let sorted = sort::sorted_chunk(piece.lo, piece.hi);
    let report = PieceReport {
        piece,
        value: 0,
        worker,
        start_ms,
        end_ms: now(),
    };
    (report, sorted)
}

/// Round 2 of the sort: one bucket's keys sorted, its part of the checksum, timed.
#[inline(never)]
fn sort_merge(
    index: u32,
    offset: u64,
    keys: &[u32],
    worker: u32,
    now: &dyn Fn() -> f64,
) -> PieceReport {
    let start_ms = now();
    let value = sort::merge(offset, &[keys]);
    let piece = interleave_par::Piece {
        index,
        lo: offset,
        hi: offset.saturating_add(keys.len() as u64),
    };
    PieceReport {
        piece,
        value,
        worker,
        start_ms,
        end_ms: now(),
    }
}

/// Explores every interleaving of a program, with a progress reply every
/// [`EXPLORE_SLICE`] states. The page cancels by terminating the worker.
#[inline(never)]
fn explore(
    text: &str,
    search: program::Search,
    clock: &dyn Fn() -> f64,
    send: &mut dyn FnMut(Reply, Option<Vec<u32>>),
) {
    let program = match program::parse(text) {
        Ok(p) => p,
        Err(errors) => return send(Reply::error(errors.to_string()), None),
    };
    let t0 = clock();
    let mut explorer = Explorer::new(program, search);
    while !explorer.advance(EXPLORE_SLICE) {
        let progress = Reply::ExploreProgress {
            states: explorer.states() as u64,
            frontier: explorer.frontier() as u64,
            ms: clock() - t0,
        };
        send(progress, None);
    }
    let report = Later::new(&explorer.finish());
    let ms = clock() - t0;
    send(Reply::Explored { ms, report }, None);
}

/// Draws runs of a program at random, in slices, reporting progress between them.
fn sample(
    text: &str,
    random: program::Random,
    clock: &dyn Fn() -> f64,
    send: &mut dyn FnMut(Reply, Option<Vec<u32>>),
) {
    let program = match program::parse(text) {
        Ok(p) => p,
        Err(errors) => return send(Reply::error(errors.to_string()), None),
    };
    let t0 = clock();
    let mut sampler = program::Sampler::new(program, random);
    while !sampler.advance(SAMPLE_SLICE) {
        let progress = Reply::SampleProgress {
            runs: sampler.done(),
            ms: clock() - t0,
        };
        send(progress, None);
    }
    let ms = clock() - t0;
    let report = Later::new(&sampler.finish());
    send(Reply::Sampled { ms, report }, None);
}

/// Parses a scenario within the page's limits (held to the core's own): the
/// scenario back as words, or its errors.
fn parse(
    text: &str,
    limits: Limits,
    clock: &dyn Fn() -> f64,
    send: &mut dyn FnMut(Reply, Option<Vec<u32>>),
) {
    let t0 = clock();
    match interleave_sim::parse_with(text, &limits.at_most(Limits::default())) {
        Ok(scenario) => send(
            Reply::Parsed(clock() - t0),
            Some(run::scenario_words(scenario)),
        ),
        Err(errors) => send(Reply::Invalid(errors.0), None),
    }
}

/// Parses a scenario, writes it out and simulates it, with a progress reply every
/// [`SIMULATE_SLICE`] events; the run goes back as words, each task's waits made
/// here too. The limits asked for are held to the core's own. The page cancels by
/// terminating the worker.
#[inline(never)]
fn simulate(
    text: &str,
    limits: Limits,
    clock: &dyn Fn() -> f64,
    send: &mut dyn FnMut(Reply, Option<Vec<u32>>),
) {
    let t0 = clock();
    let limits = limits.at_most(Limits::default());
    let written = match interleave_sim::parse_with(text, &limits) {
        Ok(scenario) => scenario,
        Err(errors) => {
            let diagnostics = errors.0;
            return send(Reply::Invalid(diagnostics), None);
        }
    };
    let mut simulation = Simulation::new(&written, Options::default());
    if let Ok(bound) = written.sized(&limits) {
        simulation.reserve(&bound);
    }
    while !simulation.advance(SIMULATE_SLICE) {
        let (done, all) = simulation.progress();
        let (done, all) = (done as u64, all as u64);
        send(Reply::SimulateProgress { done, all }, None);
    }
    let (report, lowered) = simulation.finish_written_out();
    let tasks = lowered.as_ref().unwrap_or(&written).tasks.len();
    let waits = report.trace.waits(tasks);
    let words = run::encode(run::Simulated {
        written,
        lowered,
        report,
        waits,
    });
    send(Reply::Simulated(clock() - t0), Some(words));
}

/// Simulates the generated round-robin workload without a trace.
#[inline(never)]
fn bench(tasks: u32, cores: u32, clock: &dyn Fn() -> f64) -> Reply {
    let scenario = interleave_sim::workload::round_robin_mix(tasks, cores.clamp(1, 1024), 42);
    let t0 = clock();
    let report = interleave_sim::simulate_with(&scenario, interleave_sim::Options { trace: false });
    let ms = clock() - t0;
    Reply::Bench {
        events: report.events,
        ms,
        fingerprint: format!("{:016x}", report.fingerprint()),
        memory: memory_bytes(),
    }
}

/// The bytes of this module's linear memory (which never shrinks: its peak).
fn memory_bytes() -> u64 {
    #[cfg(target_arch = "wasm32")]
    return core::arch::wasm32::memory_size(0) as u64 * 65_536;
    #[cfg(not(target_arch = "wasm32"))]
    0
}

/// The job running on the rayon pool, if any: the reports of the pieces done so far,
/// how many of them were already passed on, and whether it is over.
#[cfg(feature = "threads")]
mod pool {
    use std::sync::{Condvar, Mutex};

    use interleave_par::{Kernel, PieceReport, Run, kernels};
    use interleave_protocol::Reply;

    #[derive(Default)]
    struct Job {
        reports: Vec<PieceReport>,
        sent: usize,
        run: Option<Run>,
    }

    static JOB: Mutex<Option<Job>> = Mutex::new(None);
    static CHANGED: Condvar = Condvar::new();

    /// Starts `kernel` on the rayon pool (items `0..serial` as one piece first, then
    /// the rest in `pieces` pieces) and blocks this worker (never the page) until it is
    /// over, passing each batch of finished pieces on as it comes.
    pub fn run(
        kernel: Kernel,
        size: u64,
        serial: u64,
        pieces: u32,
        send: &mut dyn FnMut(Reply, Option<Vec<u32>>),
    ) {
        {
            let mut job = JOB.lock().unwrap_or_else(|e| e.into_inner());
            if job.as_ref().is_some_and(|j| j.run.is_none()) {
                return send(Reply::error("the pool is busy"), None);
            }
            *job = Some(Job::default());
        }
        rayon::spawn(move || {
            let record = |report: &PieceReport| {
                let mut job = JOB.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(job) = job.as_mut() {
                    job.reports.push(*report);
                }
                CHANGED.notify_all();
            };
            let run = kernels::run_rayon(kernel, size, serial, pieces, &super::clock, &record);
            let mut job = JOB.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(job) = job.as_mut() {
                job.run = Some(run);
            }
            CHANGED.notify_all();
        });
        loop {
            let news = wait();
            let over = !matches!(news, Reply::Progress(..));
            send(news, None);
            if over {
                return;
            }
        }
    }

    /// Waits until the job has news: the pieces not yet passed on, or the run once it
    /// is over (and the job is gone). No timeout: std's timed waits read a clock that
    /// wasm32-unknown-unknown does not have.
    fn wait() -> Reply {
        let quiet = |g: &mut Option<Job>| {
            g.as_ref()
                .is_some_and(|j| j.run.is_none() && j.sent == j.reports.len())
        };
        let guard = JOB.lock().unwrap_or_else(|e| e.into_inner());
        let mut guard = CHANGED
            .wait_while(guard, |g| quiet(g))
            .unwrap_or_else(|e| e.into_inner());
        let Some(job) = guard.as_mut() else {
            return Reply::error("the pool lost its job");
        };
        if job.sent < job.reports.len() {
            let pieces = job.reports[job.sent..].to_vec();
            job.sent = job.reports.len();
            return Reply::Progress(pieces);
        }
        let run = job.run.take();
        *guard = None;
        match run {
            Some(run) => Reply::Run(run),
            None => Reply::error("the pool lost its job"),
        }
    }
}

#[cfg(test)]
mod tests;
