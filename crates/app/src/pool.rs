//! Real Web Workers for the lessons that measure. Two ways to use the visitor's cores:
//!
//! - [`Mode::MessagePassing`]: share-nothing workers, each with its own instance of the
//!   kernels module; the page posts them pieces one at a time and they post results
//!   back (works on every page, isolated or not);
//! - [`Mode::SharedMemory`]: one coordinator worker that starts a rayon pool over one
//!   shared `WebAssembly.Memory` and runs the whole job on it (isolated pages only).
//!
//! The page never computes and never blocks: it posts requests and awaits replies, in
//! the one protocol of `interleave-protocol`.

use futures_channel::mpsc::{UnboundedReceiver, UnboundedSender, unbounded};
use futures_util::StreamExt;
use interleave_par::race::{Increment, RaceReport};
use interleave_par::{Kernel, Piece, PieceReport, Run};
use interleave_protocol::{Reply, Request};
use interleave_sim::program::{Exploration, Random, Sampled, Search};
use js_sys::Uint32Array;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

mod scenario;

/// Where the worker script lives, relative to the page.
const WORKER_SCRIPT: &str = "./workers/kernel.js";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    SharedMemory,
    MessagePassing,
}

impl Mode {
    pub fn key(self) -> &'static str {
        match self {
            Mode::SharedMemory => "shared",
            Mode::MessagePassing => "message",
        }
    }

    pub fn from_key(key: &str) -> Option<Mode> {
        match key {
            "shared" => Some(Mode::SharedMemory),
            "message" => Some(Mode::MessagePassing),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Mode::SharedMemory => "Shared memory (rayon threads)",
            Mode::MessagePassing => "Message passing (separate workers)",
        }
    }
}

/// A reply as it reaches the page, with the words that travel beside the text (sorted
/// keys, a run).
struct Received {
    reply: Reply,
    words: Option<Uint32Array>,
}

type Inbox = (usize, Result<Received, String>);

/// A set of started workers and the one inbox their replies arrive in, tagged with the
/// number of the worker that sent them.
pub struct Workers {
    mode: Mode,
    /// Message-passing workers of the SIMD build (see [`Workers::start_simd`]).
    simd: bool,
    workers: Vec<Worker>,
    inbox: UnboundedReceiver<Inbox>,
    tx: UnboundedSender<Inbox>,
    // Kept alive as long as the workers are.
    _handlers: Vec<Closure<dyn FnMut(JsValue)>>,
    /// Threads running the kernels: workers in message passing, pool threads in shared memory.
    pub threads: u32,
    /// Milliseconds from creating the workers to all of them being ready.
    pub start_ms: f64,
}

impl Workers {
    /// Starts `threads` share-nothing workers, or one coordinator with a rayon pool of
    /// `threads` threads, and waits until they are ready.
    pub async fn start(mode: Mode, threads: u32) -> Result<Workers, String> {
        Workers::start_as(mode, threads, false).await
    }

    /// Starts `threads` share-nothing workers of the build with SIMD128 instructions:
    /// only for a browser that validates them
    /// ([`crate::platform::simd_supported`]).
    pub async fn start_simd(threads: u32) -> Result<Workers, String> {
        Workers::start_as(Mode::MessagePassing, threads, true).await
    }

    async fn start_as(mode: Mode, threads: u32, simd: bool) -> Result<Workers, String> {
        let t0 = now();
        let (tx, inbox) = unbounded();
        let count = match mode {
            Mode::MessagePassing => threads.max(1) as usize,
            Mode::SharedMemory => 1,
        };
        let mut set = Workers {
            mode,
            simd,
            workers: Vec::with_capacity(count),
            inbox,
            tx: tx.clone(),
            _handlers: Vec::new(),
            threads,
            start_ms: 0.0,
        };
        for index in 0..count {
            set.spawn(index, tx.clone())?;
        }
        for index in 0..count {
            set.post(index, &Request::Init { threads })?;
        }
        for _ in 0..count {
            match set.next_reply().await? {
                (_, Reply::Ready(started)) => {
                    if mode == Mode::SharedMemory {
                        set.threads = started;
                    }
                }
                (from, _) => return Err(format!("worker {from} answered out of turn")),
            }
        }
        set.start_ms = now() - t0;
        Ok(set)
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    fn spawn(&mut self, index: usize, tx: UnboundedSender<Inbox>) -> Result<(), String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        // The worker script loads the build its name asks for.
        if self.mode == Mode::SharedMemory {
            options.set_name("threads");
        } else if self.simd {
            options.set_name("simd");
        }
        let worker = Worker::new_with_options(WORKER_SCRIPT, &options).map_err(describe)?;
        let on_message_tx = tx.clone();
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let Some(event) = event.dyn_ref::<MessageEvent>() else {
                return;
            };
            let data = event.data();
            let (text, words) = match data.as_string() {
                Some(text) => (Some(text), None),
                None => (
                    js_sys::Reflect::get(&data, &JsValue::from_str("text"))
                        .ok()
                        .and_then(|t| t.as_string()),
                    js_sys::Reflect::get(&data, &JsValue::from_str("words"))
                        .ok()
                        .and_then(|k| k.dyn_into::<Uint32Array>().ok()),
                ),
            };
            let reply = match text {
                Some(text) => Reply::decode(&text)
                    .map(|reply| Received { reply, words })
                    .map_err(|e| format!("worker {index}: {e}")),
                None => Err(format!("unexpected message from worker {index}")),
            };
            let _ = on_message_tx.unbounded_send((index, reply));
        });
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let message = event
                .dyn_ref::<web_sys::ErrorEvent>()
                .map(|e| e.message())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "the worker script failed to load".into());
            let _ = tx.unbounded_send((index, Err(format!("worker {index}: {message}"))));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        self._handlers.push(on_message);
        self._handlers.push(on_error);
        self.workers.push(worker);
        Ok(())
    }

    fn post(&self, index: usize, request: &Request) -> Result<(), String> {
        self.workers[index]
            .post_message(&JsValue::from_str(&request.encode()))
            .map_err(describe)
    }

    /// Posts `request` with `keys` (or other words) beside it, their buffer transferred
    /// to the worker.
    fn post_with_keys(
        &self,
        index: usize,
        request: &Request,
        keys: &Uint32Array,
    ) -> Result<(), String> {
        let text = request.encode();
        let message = js_sys::Object::new();
        js_sys::Reflect::set(&message, &"text".into(), &text.into()).map_err(describe)?;
        js_sys::Reflect::set(&message, &"words".into(), keys).map_err(describe)?;
        self.workers[index]
            .post_message_with_transfer(&message, &js_sys::Array::of1(&keys.buffer()))
            .map_err(describe)
    }

    async fn next_reply(&mut self) -> Result<(usize, Reply), String> {
        self.next_message().await.map(|(from, m)| (from, m.reply))
    }

    /// The next reply with the words beside it, or an error: a worker's error reply, a
    /// failure, or silence for too long.
    async fn next_message(&mut self) -> Result<(usize, Received), String> {
        // A worker that was killed, or hangs, says nothing at all: silence for longer
        // than any piece takes means it is lost. The caller drops the set, which
        // terminates the workers; the next run starts new ones.
        let limit = silence_limit_ms();
        let next = self.inbox.next();
        let timer = gloo_timers::future::TimeoutFuture::new(limit);
        let message = match futures_util::future::select(next, timer).await {
            futures_util::future::Either::Left((message, _)) => message,
            futures_util::future::Either::Right(_) => {
                return Err(format!(
                    "no answer from the workers for {} s, so they were stopped",
                    limit / 1000
                ));
            }
        };
        match message {
            Some((
                from,
                Ok(Received {
                    reply: Reply::Error(message),
                    ..
                }),
            )) => Err(format!("worker {from}: {message}")),
            Some((from, Ok(received))) => Ok((from, received)),
            Some((_, Err(message))) => Err(message),
            None => Err("the workers stopped".into()),
        }
    }

    /// Explores every interleaving of a program on worker 0, calling `on_progress` with
    /// (states stored, states waiting, milliseconds) as the search goes; returns the
    /// report and the milliseconds it took. Cancel with a `canceller()`.
    pub async fn explore(
        &mut self,
        text: &str,
        search: Search,
        on_progress: impl Fn(u64, u64, f64),
    ) -> Result<(Exploration, f64), String> {
        let text = text.to_string();
        self.post(0, &Request::Explore { text, search })?;
        loop {
            match self.next_reply().await? {
                (
                    _,
                    Reply::ExploreProgress {
                        states,
                        frontier,
                        ms,
                    },
                ) => on_progress(states, frontier, ms),
                (_, Reply::Explored { ms, report }) => return Ok((report.read()?, ms)),
                (from, _) => return Err(format!("worker {from} answered out of turn")),
            }
        }
    }

    /// The bytes of worker 0's memory, which never shrinks.
    pub async fn memory(&mut self) -> Result<u64, String> {
        self.post(0, &Request::Memory {})?;
        match self.next_reply().await? {
            (_, Reply::Memory(bytes)) => Ok(bytes),
            (from, _) => Err(format!("worker {from} answered out of turn")),
        }
    }

    /// Draws runs of the program `text` at random on worker 0, reporting the runs drawn
    /// as it goes; the report and the milliseconds it took.
    pub async fn sample(
        &mut self,
        text: &str,
        random: Random,
        on_progress: impl Fn(u32, f64),
    ) -> Result<(Sampled, f64), String> {
        let text = text.to_string();
        self.post(0, &Request::Sample { text, random })?;
        loop {
            match self.next_reply().await? {
                (_, Reply::SampleProgress { runs, ms }) => on_progress(runs, ms),
                (_, Reply::Sampled { ms, report }) => return Ok((report.read()?, ms)),
                (from, _) => return Err(format!("worker {from} answered out of turn")),
            }
        }
    }

    /// Runs `kernel` on one thread, worker 0 (in shared memory, the coordinator itself,
    /// outside the pool): in `pieces` pieces one after another, each handed out when
    /// the last one is back, so that each piece is timed on its own. The sort, whose
    /// pieces need a second round, runs whole.
    pub async fn alone(&mut self, kernel: Kernel, size: u64, pieces: u32) -> Result<Run, String> {
        let pieces = if kernel.additive() {
            interleave_par::pieces::split(0, size, pieces)
        } else {
            vec![Piece {
                index: 0,
                lo: 0,
                hi: size,
            }]
        };
        self.run_pieces(kernel, size, pieces, 1, &mut |_| ()).await
    }

    /// Runs the job once on every worker, untimed, then lets the browser finish
    /// compiling their hot code: see [`settle`].
    pub async fn warm_up(&mut self, kernel: Kernel, size: u64, pieces: u32) -> Result<(), String> {
        let all = self.workers.len();
        self.parallel_on(kernel, size, 0, pieces, all, &mut |_| ())
            .await?;
        settle().await;
        Ok(())
    }

    /// Times the job in `pieces` on one worker, then on all of them (`then` is called
    /// between the two): the lessons' "one or all" measurement.
    pub async fn alone_then_parallel(
        &mut self,
        kernel: Kernel,
        size: u64,
        pieces: u32,
        then: impl FnOnce(),
    ) -> Result<Compared, String> {
        let t0 = now();
        let alone = self.alone(kernel, size, pieces).await?;
        let alone_ms = now() - t0;
        then();
        let t1 = now();
        let parallel = self.parallel(kernel, size, pieces).await?;
        let parallel_ms = now() - t1;
        Ok(Compared {
            alone,
            alone_ms,
            parallel,
            parallel_ms,
        })
    }

    /// Runs `kernel` in `pieces` pieces with every thread of the set.
    pub async fn parallel(
        &mut self,
        kernel: Kernel,
        size: u64,
        pieces: u32,
    ) -> Result<Run, String> {
        let workers = self.workers.len();
        self.parallel_on(kernel, size, 0, pieces, workers, &mut |_| ())
            .await
    }

    /// Runs `kernel` with items `0..serial` first, alone, on one thread, then the rest
    /// in `pieces` pieces on `workers` threads (in shared memory: the whole pool, which
    /// has as many threads as it was started with). `on_piece` sees each piece's
    /// report as soon as it reaches the page.
    pub async fn parallel_on(
        &mut self,
        kernel: Kernel,
        size: u64,
        serial: u64,
        pieces: u32,
        workers: usize,
        on_piece: &mut dyn FnMut(&PieceReport),
    ) -> Result<Run, String> {
        match self.mode {
            Mode::SharedMemory => {
                self.post(
                    0,
                    &Request::Pool {
                        kernel,
                        size,
                        serial,
                        pieces,
                    },
                )?;
                loop {
                    match self.next_reply().await? {
                        (_, Reply::Progress(pieces)) => pieces.iter().for_each(&mut *on_piece),
                        (_, Reply::Run(run)) => return Ok(run),
                        (from, _) => return Err(format!("worker {from} answered out of turn")),
                    }
                }
            }
            Mode::MessagePassing if !kernel.additive() => {
                self.run_sort(size, pieces, workers, on_piece).await
            }
            Mode::MessagePassing => {
                let (head, rest) = interleave_par::kernels::plan(size, serial, pieces);
                let mut reports = Vec::new();
                if let Some(head) = head {
                    reports.extend(
                        self.run_pieces(kernel, size, vec![head], 1, on_piece)
                            .await?
                            .pieces,
                    );
                }
                let run = self
                    .run_pieces(kernel, size, rest, workers, on_piece)
                    .await?;
                reports.extend(run.pieces);
                Ok(Run::from_pieces(reports))
            }
        }
    }

    /// Gives each of the first `k` workers the same piece at the same time and returns
    /// the wall time until the last answer (message passing only): a probe of how many
    /// workers really run at once.
    pub async fn probe(&mut self, kernel: Kernel, size: u64, k: usize) -> Result<f64, String> {
        let k = k.clamp(1, self.workers.len());
        let piece = Piece {
            index: 0,
            lo: 0,
            hi: size,
        };
        let t0 = now();
        for index in 0..k {
            self.post(
                index,
                &Request::Piece {
                    kernel,
                    size,
                    piece,
                    worker: index as u32,
                },
            )?;
        }
        for _ in 0..k {
            match self.next_reply().await? {
                (_, Reply::Piece(..)) => {}
                (from, _) => return Err(format!("worker {from} answered out of turn")),
            }
        }
        Ok(now() - t0)
    }

    /// A handle that stops this set from outside the task that is using it.
    pub fn canceller(&self) -> Canceller {
        Canceller {
            workers: self.workers.clone(),
            tx: self.tx.clone(),
        }
    }

    /// Races `threads` pool threads on one shared counter (shared memory only).
    pub async fn race(
        &mut self,
        increment: Increment,
        threads: u32,
        per_thread: u64,
    ) -> Result<RaceReport, String> {
        if self.mode != Mode::SharedMemory {
            return Err("a race on one counter needs shared memory".into());
        }
        let request = Request::Race {
            increment,
            threads,
            per_thread,
        };
        self.ask_coordinator(&request, |reply| match reply {
            Reply::Race(report) => Some(report),
            _ => None,
        })
        .await
    }

    /// Sends one request to the coordinator (worker 0) and takes the one reply that
    /// `expected` accepts; any other reply is an error.
    async fn ask_coordinator<T>(
        &mut self,
        request: &Request,
        expected: fn(Reply) -> Option<T>,
    ) -> Result<T, String> {
        self.post(0, request)?;
        let (from, reply) = self.next_reply().await?;
        expected(reply).ok_or_else(|| format!("worker {from} answered out of turn"))
    }

    /// Hands out pieces one at a time to the first `workers` workers: a worker that
    /// posts a result back gets the next piece (dynamic scheduling, as rayon does).
    async fn run_pieces(
        &mut self,
        kernel: Kernel,
        size: u64,
        pieces: Vec<Piece>,
        workers: usize,
        on_piece: &mut dyn FnMut(&PieceReport),
    ) -> Result<Run, String> {
        let mut reports = Vec::new();
        self.dispatch(
            pieces,
            workers,
            &|set, worker, piece| {
                set.post(
                    worker,
                    &Request::Piece {
                        kernel,
                        size,
                        piece,
                        worker: worker as u32,
                    },
                )
            },
            &mut |received| take_piece(received.reply, on_piece, &mut reports),
        )
        .await?;
        Ok(Run::from_pieces(reports))
    }

    /// The sort by message passing, in two rounds (see `interleave_par::sort`): workers
    /// sort chunks and send them back; the page cuts each chunk into buckets by key and
    /// sends each bucket's keys, gathered, to a worker that sorts them and returns its
    /// part of the checksum. Every key crosses between the page and a worker twice.
    async fn run_sort(
        &mut self,
        size: u64,
        pieces: u32,
        workers: usize,
        on_piece: &mut dyn FnMut(&PieceReport),
    ) -> Result<Run, String> {
        let chunks = interleave_par::pieces::split(0, size, pieces);
        let count = chunks.len();
        let mut sorted: Vec<Option<Uint32Array>> = vec![None; count];
        let mut reports = Vec::new();
        self.dispatch(
            chunks,
            workers,
            &|set, worker, piece| {
                set.post(
                    worker,
                    &Request::SortChunk {
                        piece,
                        worker: worker as u32,
                    },
                )
            },
            &mut |received| match received {
                Received {
                    reply: Reply::Sorted(report),
                    words: Some(keys),
                } => {
                    on_piece(&report);
                    if let Some(slot) = sorted.get_mut(report.piece.index as usize) {
                        *slot = Some(keys);
                    }
                    reports.push(report);
                    Ok(())
                }
                _ => Err(()),
            },
        )
        .await?;
        let sorted: Vec<Uint32Array> = sorted
            .into_iter()
            .collect::<Option<_>>()
            .ok_or("a sorted chunk went missing")?;
        let buckets = count as u32;
        let starts: Vec<Vec<usize>> = sorted
            .iter()
            .map(|keys| {
                (0..=buckets)
                    .map(|b| lower_bound(keys, interleave_par::sort::bucket_floor(b, buckets)))
                    .collect()
            })
            .collect();
        let plan = interleave_par::sort::bucket_plan(&starts, buckets);
        self.dispatch(
            plan,
            workers,
            &|set, worker, piece| {
                let b = (piece.index - buckets) as usize;
                let keys = Uint32Array::new_with_length(piece.len() as u32);
                let mut at = 0u32;
                for (chunk, s) in sorted.iter().zip(&starts) {
                    keys.set(&chunk.subarray(s[b] as u32, s[b + 1] as u32), at);
                    at += (s[b + 1] - s[b]) as u32;
                }
                let request = Request::SortMerge {
                    index: piece.index,
                    offset: piece.lo,
                    worker: worker as u32,
                };
                set.post_with_keys(worker, &request, &keys)
            },
            &mut |received| take_piece(received.reply, on_piece, &mut reports),
        )
        .await?;
        Ok(Run::from_pieces(reports))
    }

    /// Hands out `jobs` one at a time to the first `workers` workers with `send`; each
    /// reply goes to `receive` (which rejects a reply of the wrong kind), and the worker
    /// that sent it gets the next job.
    async fn dispatch<J>(
        &mut self,
        jobs: Vec<J>,
        workers: usize,
        send: &dyn Fn(&Self, usize, J) -> Result<(), String>,
        receive: &mut dyn FnMut(Received) -> Result<(), ()>,
    ) -> Result<(), String> {
        let mut queue = jobs.into_iter();
        let mut outstanding = 0;
        for index in 0..workers.clamp(1, self.workers.len()) {
            if let Some(job) = queue.next() {
                send(self, index, job)?;
                outstanding += 1;
            }
        }
        while outstanding > 0 {
            let (from, received) = self.next_message().await?;
            receive(received).map_err(|()| format!("worker {from} answered out of turn"))?;
            outstanding -= 1;
            if let Some(job) = queue.next() {
                send(self, from, job)?;
                outstanding += 1;
            }
        }
        Ok(())
    }
}

/// Accepts a piece's report (shown, then kept); rejects any other reply.
fn take_piece(
    reply: Reply,
    on_piece: &mut dyn FnMut(&PieceReport),
    reports: &mut Vec<PieceReport>,
) -> Result<(), ()> {
    match reply {
        Reply::Piece(report) => {
            on_piece(&report);
            reports.push(report);
            Ok(())
        }
        _ => Err(()),
    }
}

/// The first index of sorted `keys` whose key is at least `floor`.
fn lower_bound(keys: &Uint32Array, floor: u64) -> usize {
    let (mut lo, mut hi) = (0u32, keys.length());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if u64::from(keys.get_index(mid)) < floor {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo as usize
}

impl Drop for Workers {
    fn drop(&mut self) {
        for worker in &self.workers {
            worker.terminate();
        }
    }
}

/// A job timed on one worker and on all of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    pub alone: Run,
    pub alone_ms: f64,
    pub parallel: Run,
    pub parallel_ms: f64,
}

impl Compared {
    /// How many times faster all the workers were than one; none where a run was too
    /// short to time (never a 0 that a guess would be judged against).
    pub fn speedup(&self) -> Option<f64> {
        interleave_par::scaling::speedup(self.alone_ms, self.parallel_ms)
    }

    /// The run on one worker's time outside its pieces, in ms and as a share of that
    /// run: each piece handed out and taken back, a message each way, which the pool's
    /// threads in shared memory do not pay. None where the run took no time.
    pub fn alone_round_trips(&self) -> Option<(f64, f64)> {
        (self.alone_ms > 0.0).then(|| {
            let ms = (self.alone_ms - self.alone.work_ms()).max(0.0);
            (ms, ms / self.alone_ms)
        })
    }

    /// Whether both runs gave the same answer.
    pub fn agree(&self) -> bool {
        self.alone.value == self.parallel.value
    }
}

/// Stops a set of workers mid-run: terminates them (a pool's threads go with their
/// coordinator) and wakes whoever awaits their replies with the error "cancelled".
/// The set is unusable afterwards; the next run starts a new one.
#[derive(Clone)]
pub struct Canceller {
    workers: Vec<Worker>,
    tx: UnboundedSender<Inbox>,
}

/// The error of a cancelled run.
pub const CANCELLED: &str = "cancelled";

impl Canceller {
    pub fn cancel(&self) {
        for worker in &self.workers {
            worker.terminate();
        }
        let _ = self.tx.unbounded_send((0, Err(CANCELLED.into())));
    }
}

/// How long the workers may stay silent during a job: 60 s, or the developer setting
/// `localStorage["interleave:worker-timeout-ms"]` (the tests shorten it).
fn silence_limit_ms() -> u32 {
    crate::platform::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item("interleave:worker-timeout-ms").ok().flatten())
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|&ms| ms >= 100)
        .unwrap_or(60_000)
}

/// How long workers rest after a warm-up. A browser compiles hot wasm again, optimised,
/// in the background, once it has run a while; a worker timed before that is done runs
/// slower code. Measured in Chromium on a worker of this module: back to back, the
/// same piece took 2 to 4 times its steady time for its first 4 to 17 calls; after one
/// call and a pause of 100 ms, the second call already took its steady time.
pub const SETTLE_MS: u32 = 250;

/// Gives the browser's optimising compiler [`SETTLE_MS`] of quiet.
pub async fn settle() {
    gloo_timers::future::TimeoutFuture::new(SETTLE_MS).await;
}

/// Milliseconds on the page's clock.
pub fn now() -> f64 {
    crate::platform::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn describe(value: JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

#[cfg(test)]
mod tests {
    use interleave_par::{Piece, PieceReport, Run};

    use super::Compared;

    fn run(pieces: &[(f64, f64)]) -> Run {
        Run::from_pieces(
            pieces
                .iter()
                .enumerate()
                .map(|(i, &(start_ms, end_ms))| PieceReport {
                    piece: Piece {
                        index: i as u32,
                        lo: i as u64,
                        hi: i as u64 + 1,
                    },
                    value: 1,
                    worker: 0,
                    start_ms,
                    end_ms,
                })
                .collect(),
        )
    }

    /// The one worker's time outside its pieces is what its round trips took.
    #[test]
    fn the_one_worker_round_trips_are_its_time_outside_the_pieces() {
        let compared = Compared {
            // Two pieces of 4 ms each in 10 ms: 2 ms of round trips.
            alone: run(&[(0.0, 4.0), (5.0, 9.0)]),
            alone_ms: 10.0,
            parallel: run(&[(0.0, 4.0)]),
            parallel_ms: 5.0,
        };
        let (ms, share) = compared.alone_round_trips().expect("a run that took time");
        assert!((ms - 2.0).abs() < 1e-9 && (share - 0.2).abs() < 1e-9);
        let none = Compared {
            alone_ms: 0.0,
            ..compared
        };
        assert_eq!(none.alone_round_trips(), None);
        assert_eq!(none.speedup(), None);
    }
}
