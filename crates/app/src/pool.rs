//! Real Web Workers for the lessons that measure. Two ways to use the visitor's cores:
//!
//! - [`Mode::MessagePassing`]: share-nothing workers, each with its own instance of the
//!   kernels module; the page posts them pieces one at a time and they post results
//!   back (works on every page, isolated or not);
//! - [`Mode::SharedMemory`]: one coordinator worker that starts a rayon pool over one
//!   shared `WebAssembly.Memory` and runs the whole job on it (isolated pages only).
//!
//! The page never computes and never blocks: it posts requests and awaits replies.
//! Requests and replies cross the worker boundary as JSON text.

use std::cell::RefCell;
use std::rc::Rc;

use futures_channel::mpsc::{UnboundedReceiver, UnboundedSender, unbounded};
use futures_util::StreamExt;
use interleave_par::race::{Increment, RaceReport};
use interleave_par::{Kernel, Piece, PieceReport, Run};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

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

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
enum Request {
    Init {
        build: &'static str,
        threads: u32,
    },
    Piece {
        kernel: Kernel,
        size: u64,
        piece: Piece,
        worker: u32,
    },
    Pool {
        kernel: Kernel,
        size: u64,
        serial: u64,
        pieces: u32,
    },
    Race {
        increment: Increment,
        threads: u32,
        per_thread: u64,
    },
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
enum Reply {
    Ready { threads: u32 },
    Piece { report: PieceReport },
    Progress { pieces: Vec<PieceReport> },
    Run { run: Run },
    Race { report: RaceReport },
    Error { message: String },
}

/// A set of started workers and the one inbox their replies arrive in, tagged with the
/// number of the worker that sent them.
pub struct Workers {
    mode: Mode,
    workers: Vec<Worker>,
    inbox: UnboundedReceiver<(usize, Result<Reply, String>)>,
    tx: UnboundedSender<(usize, Result<Reply, String>)>,
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
        let t0 = now();
        let (tx, inbox) = unbounded();
        let count = match mode {
            Mode::MessagePassing => threads.max(1) as usize,
            Mode::SharedMemory => 1,
        };
        let mut set = Workers {
            mode,
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
        let build = match mode {
            Mode::MessagePassing => "plain",
            Mode::SharedMemory => "threads",
        };
        for index in 0..count {
            set.post(index, &Request::Init { build, threads })?;
        }
        for _ in 0..count {
            match set.next_reply().await? {
                (_, Reply::Ready { threads: started }) => {
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

    fn spawn(
        &mut self,
        index: usize,
        tx: UnboundedSender<(usize, Result<Reply, String>)>,
    ) -> Result<(), String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(WORKER_SCRIPT, &options).map_err(describe)?;
        let on_message_tx = tx.clone();
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let Some(event) = event.dyn_ref::<MessageEvent>() else {
                return;
            };
            let reply = match event.data().as_string() {
                Some(text) => serde_json::from_str::<Reply>(&text)
                    .map_err(|e| format!("unreadable reply from worker {index}: {e}")),
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
        let text = serde_json::to_string(request).map_err(|e| e.to_string())?;
        self.workers[index]
            .post_message(&JsValue::from_str(&text))
            .map_err(describe)
    }

    async fn next_reply(&mut self) -> Result<(usize, Reply), String> {
        match self.inbox.next().await {
            Some((from, Ok(Reply::Error { message }))) => Err(format!("worker {from}: {message}")),
            Some((from, Ok(reply))) => Ok((from, reply)),
            Some((_, Err(message))) => Err(message),
            None => Err("the workers stopped".into()),
        }
    }

    /// Runs the whole of `kernel` on one thread: a single piece on worker 0 (in shared
    /// memory, the coordinator itself, outside the pool).
    pub async fn alone(&mut self, kernel: Kernel, size: u64) -> Result<Run, String> {
        let piece = Piece {
            index: 0,
            lo: 0,
            hi: size,
        };
        self.run_pieces(kernel, size, vec![piece], 1, &mut |_| ())
            .await
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
                        (_, Reply::Progress { pieces }) => pieces.iter().for_each(&mut *on_piece),
                        (_, Reply::Run { run }) => return Ok(run),
                        (from, _) => return Err(format!("worker {from} answered out of turn")),
                    }
                }
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
                (_, Reply::Piece { .. }) => {}
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
            Reply::Race { report } => Some(report),
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
        let request = |piece: Piece, worker: usize| Request::Piece {
            kernel,
            size,
            piece,
            worker: worker as u32,
        };
        let mut queue = pieces.into_iter();
        let mut reports = Vec::new();
        let mut outstanding = 0;
        for index in 0..workers.min(self.workers.len()) {
            if let Some(piece) = queue.next() {
                self.post(index, &request(piece, index))?;
                outstanding += 1;
            }
        }
        while outstanding > 0 {
            match self.next_reply().await? {
                (from, Reply::Piece { report }) => {
                    on_piece(&report);
                    reports.push(report);
                    outstanding -= 1;
                    if let Some(piece) = queue.next() {
                        self.post(from, &request(piece, from))?;
                        outstanding += 1;
                    }
                }
                (from, _) => return Err(format!("worker {from} answered out of turn")),
            }
        }
        Ok(Run::from_pieces(reports))
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
    tx: UnboundedSender<(usize, Result<Reply, String>)>,
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

/// A slot that holds started workers between runs, so that a second run does not pay
/// the start-up again. Taken out for the length of a run (no borrow across an await).
pub type WorkerSlot = Rc<RefCell<Option<Workers>>>;

/// Milliseconds on the page's clock.
pub fn now() -> f64 {
    web_sys::window()
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
