//! A job (a search of the explorer, random runs, a big scenario simulated) on a worker
//! of its own, which Cancel stops by terminating it. The worker is dropped, and so
//! terminated, after each job: a wasm memory never shrinks, and a big job leaves a big
//! one.

use std::cell::{Cell, RefCell};
use std::future::Future;

use crate::pool::{CANCELLED, Canceller, Mode, Workers};

#[derive(Default)]
pub struct OwnWorker {
    /// The job under way: its number, and its worker's canceller once it has started.
    current: RefCell<Option<(u64, Option<Canceller>)>>,
    last: Cell<u64>,
}

impl OwnWorker {
    /// Runs `job` on a fresh worker: its answer, none when cancelled (before its worker
    /// started too), or why it failed. A job that another replaced is not its to stop
    /// or forget.
    pub async fn run<T, F, Fut>(&self, job: F) -> Result<Option<T>, String>
    where
        F: FnOnce(Workers) -> Fut,
        Fut: Future<Output = Result<T, String>>,
    {
        let id = self.last.get() + 1;
        self.last.set(id);
        *self.current.borrow_mut() = Some((id, None));
        let mine = |current: &Option<(u64, Option<Canceller>)>| {
            current.as_ref().is_some_and(|(job, _)| *job == id)
        };
        let result = async {
            let worker = Workers::start(Mode::MessagePassing, 1).await?;
            if !mine(&self.current.borrow()) {
                return Err(CANCELLED.to_string());
            }
            *self.current.borrow_mut() = Some((id, Some(worker.canceller())));
            job(worker).await
        }
        .await;
        if mine(&self.current.borrow()) {
            self.current.borrow_mut().take();
        }
        match result {
            Ok(answer) => Ok(Some(answer)),
            Err(e) if e == CANCELLED => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Stops the job under way, if any.
    pub fn cancel(&self) {
        if let Some((_, Some(c))) = self.current.borrow_mut().take() {
            c.cancel();
        }
    }
}
