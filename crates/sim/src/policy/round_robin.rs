//! Round robin: FIFO order, and a task that has run for a whole quantum goes to the
//! tail of the ready queue (after the tasks that became ready at that same tick).

use super::{Discipline, QueueKind};
use crate::model::Tick;

pub(crate) struct RoundRobin {
    pub quantum: Tick,
}

impl Discipline for RoundRobin {
    fn queue_kind(&self) -> QueueKind {
        QueueKind::Fifo
    }

    fn quantum(&self, _level: u32) -> Option<Tick> {
        Some(self.quantum)
    }
}
