//! A lesson's workers, kept from one run to the next.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::components::status::{Started, StartedHandle};
use crate::pool::{Mode, Workers};

/// Workers kept between a lesson's runs, so that a second run does not pay the
/// start-up again. A run takes them for its length (no borrow across an await) and
/// keeps them when it ends well; a failed run drops them, and the next starts anew.
#[derive(Clone)]
pub struct KeptWorkers {
    slot: Rc<RefCell<Option<Workers>>>,
    started: Option<StartedHandle>,
}

impl KeptWorkers {
    /// The kept workers if they are `threads` of `mode`, else new ones: `starting` is
    /// called first, and the status line learns of them. Also the start-up's time
    /// when this call paid it.
    pub async fn take(
        &self,
        mode: Mode,
        threads: u32,
        starting: impl FnOnce(),
    ) -> Result<(Workers, Option<f64>), String> {
        let kept = self.slot.borrow_mut().take();
        if let Some(workers) = kept.filter(|w| w.mode() == mode && w.threads == threads) {
            return Ok((workers, None));
        }
        starting();
        let workers = Workers::start(mode, threads).await?;
        if let Some(started) = &self.started {
            started.set(Started {
                workers: Some((workers.mode(), workers.threads)),
            });
        }
        let ms = workers.start_ms;
        Ok((workers, Some(ms)))
    }

    pub fn keep(&self, workers: Workers) {
        *self.slot.borrow_mut() = Some(workers);
    }
}

#[hook]
pub fn use_kept_workers() -> KeptWorkers {
    KeptWorkers {
        slot: use_mut_ref(|| None),
        started: use_context::<StartedHandle>(),
    }
}
