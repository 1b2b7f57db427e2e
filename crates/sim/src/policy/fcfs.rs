//! First come, first served: ready tasks run in the order they became ready, each
//! until its CPU burst ends.

use super::{Discipline, QueueKind};

pub(crate) struct Fcfs;

impl Discipline for Fcfs {
    fn queue_kind(&self) -> QueueKind {
        QueueKind::Fifo
    }
}
