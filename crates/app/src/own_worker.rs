//! A job (a search of the explorer, random runs, a big scenario simulated) on a worker
//! of its own, which Cancel stops by terminating it. The worker is dropped, and so
//! terminated, after each job: a wasm memory never shrinks, and a big job leaves a big
//! one.

use std::cell::RefCell;
use std::future::Future;

use crate::pool::{CANCELLED, Canceller, Mode, Workers};

#[derive(Default)]
pub struct OwnWorker(RefCell<Option<Canceller>>);

impl OwnWorker {
    /// Runs `job` on a fresh worker: its answer, none when cancelled, or why it failed.
    pub async fn run<T, F, Fut>(&self, job: F) -> Result<Option<T>, String>
    where
        F: FnOnce(Workers) -> Fut,
        Fut: Future<Output = Result<T, String>>,
    {
        let result = async {
            let worker = Workers::start(Mode::MessagePassing, 1).await?;
            *self.0.borrow_mut() = Some(worker.canceller());
            job(worker).await
        }
        .await;
        self.0.borrow_mut().take();
        match result {
            Ok(answer) => Ok(Some(answer)),
            Err(e) if e == CANCELLED => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Stops the search under way, if any.
    pub fn cancel(&self) {
        if let Some(c) = self.0.borrow_mut().take() {
            c.cancel();
        }
    }
}
