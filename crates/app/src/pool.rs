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
use interleave_protocol::{Reply, Request};
use js_sys::Uint32Array;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

mod jobs;
mod programs;
mod scenario;
mod sort;

pub use jobs::Compared;

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

    /// A handle that stops this set from outside the task that is using it.
    pub fn canceller(&self) -> Canceller {
        Canceller {
            workers: self.workers.clone(),
            tx: self.tx.clone(),
        }
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
}

impl Drop for Workers {
    fn drop(&mut self) {
        for worker in &self.workers {
            worker.terminate();
        }
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
