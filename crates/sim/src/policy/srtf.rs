//! Shortest remaining time first: SJF made preemptive. A ready task whose burst has
//! strictly less left than a running task's takes that task's core.

use super::{Discipline, QueueKind, View};

pub(crate) struct Srtf;

impl Discipline for Srtf {
    fn queue_kind(&self) -> QueueKind {
        QueueKind::Keyed
    }

    fn key(&self, task: View) -> u64 {
        task.remaining
    }

    fn preemptive(&self) -> bool {
        true
    }
}
