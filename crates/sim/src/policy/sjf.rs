//! Shortest job first: the ready task with the shortest next CPU burst runs, until
//! that burst ends (non-preemptive). Ties: the task that became ready first.

use super::{Discipline, QueueKind, View};

pub(crate) struct Sjf;

impl Discipline for Sjf {
    fn queue_kind(&self) -> QueueKind {
        QueueKind::Keyed
    }

    fn key(&self, task: View) -> u64 {
        task.remaining
    }
}
