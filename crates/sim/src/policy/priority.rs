//! Priority scheduling: the lowest priority number runs first. Preemptive or not; a
//! preemptive one takes a core only for a strictly lower number.

use super::{Discipline, QueueKind, View};

pub(crate) struct Priority {
    pub preemptive: bool,
}

impl Discipline for Priority {
    fn queue_kind(&self) -> QueueKind {
        QueueKind::Keyed
    }

    fn key(&self, task: View) -> u64 {
        u64::from(task.priority)
    }

    fn preemptive(&self) -> bool {
        self.preemptive
    }
}
