//! A job (a search of the explorer, random runs, a big scenario simulated) on a worker
//! of its own, which Cancel stops by terminating it.
//!
//! The worker is kept for the next job while its memory is small: a wasm memory never
//! shrinks, so a worker that a big job grew is dropped (and so terminated), but one
//! that stayed small is worth keeping. Its code is compiled and optimised and its
//! memory already mapped, so the next search starts at once and runs at full speed
//! (a fresh worker spends its first tens of milliseconds warming up).

use std::cell::{Cell, RefCell};

use crate::platform::simd_supported;
use crate::pool::{CANCELLED, Canceller, Mode, Workers};

/// A worker is kept for the next job only while its memory is at most this.
const KEEP_BYTES: u64 = 64 << 20;

#[derive(Default)]
pub struct OwnWorker {
    /// The job under way: its number, and its worker's canceller once it has started.
    current: RefCell<Option<(u64, Option<Canceller>)>>,
    last: Cell<u64>,
    /// The last job's worker, if it stayed small.
    kept: RefCell<Option<Workers>>,
}

impl OwnWorker {
    /// Runs `job` on the kept worker or a fresh one: its answer, none when cancelled
    /// (before its worker started too), or why it failed. A job that another replaced
    /// is not its to stop or forget.
    pub async fn run<T>(
        &self,
        job: impl AsyncFnOnce(&mut Workers) -> Result<T, String>,
    ) -> Result<Option<T>, String> {
        let id = self.last.get() + 1;
        self.last.set(id);
        *self.current.borrow_mut() = Some((id, None));
        let mine = || {
            self.current
                .borrow()
                .as_ref()
                .is_some_and(|(job, _)| *job == id)
        };
        let result = async {
            let kept = self.kept.borrow_mut().take();
            let mut worker = match kept {
                Some(worker) => worker,
                None => start().await?,
            };
            if !mine() {
                // Replaced or cancelled while it started: it ran nothing, so it is kept.
                self.keep(worker);
                return Err(CANCELLED.to_string());
            }
            *self.current.borrow_mut() = Some((id, Some(worker.canceller())));
            let answer = job(&mut worker).await?;
            if mine() {
                // Done: Cancel has nothing left to stop.
                self.current.borrow_mut().take();
            }
            if worker.memory().await.is_ok_and(|bytes| bytes <= KEEP_BYTES) {
                self.keep(worker);
            }
            Ok(answer)
        }
        .await;
        if mine() {
            self.current.borrow_mut().take();
        }
        match result {
            Ok(answer) => Ok(Some(answer)),
            Err(e) if e == CANCELLED => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Keeps `worker` for the next job, unless one is kept already.
    fn keep(&self, worker: Workers) {
        let mut kept = self.kept.borrow_mut();
        if kept.is_none() {
            *kept = Some(worker);
        }
    }

    /// Stops the job under way, if any.
    pub fn cancel(&self) {
        if let Some((_, Some(c))) = self.current.borrow_mut().take() {
            c.cancel();
        }
    }
}

/// A fresh worker: the build with SIMD128 instructions where the browser validates
/// them (the explorer's copies and compares are vectorised), else the plain one.
async fn start() -> Result<Workers, String> {
    if simd_supported() {
        Workers::start_simd(1).await
    } else {
        Workers::start(Mode::MessagePassing, 1).await
    }
}
