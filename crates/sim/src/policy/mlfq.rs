//! Multi-level feedback queue, by OSTEP's rules: (1) a higher level runs first, and a
//! task entering a higher level preempts; (2) round robin within a level, one slice
//! (that level's quantum) at a time; (3) a new task starts at the top; (4) a task that
//! has used up its allotment of slices at a level, however many times it gave up the
//! core, moves down one level; (5) every `boost` ticks every task goes back to the
//! top. The order of things within a tick is OSTEP's simulator's ([`Feedback`]).

use super::{Discipline, Feedback, QueueKind, View};
use crate::model::{self, Tick};

pub(crate) struct Mlfq {
    pub shape: model::Mlfq,
}

impl Discipline for Mlfq {
    fn queue_kind(&self) -> QueueKind {
        QueueKind::Levels(self.shape.levels())
    }

    fn key(&self, task: View) -> u64 {
        u64::from(task.level)
    }

    fn preemptive(&self) -> bool {
        true
    }

    fn quantum(&self, level: u32) -> Option<Tick> {
        Some(self.shape.quantum(level))
    }

    fn allotment(&self, level: u32) -> u32 {
        self.shape.allotment(level)
    }

    fn fresh_slice_per_dispatch(&self) -> bool {
        false
    }

    fn demote(&self, level: u32) -> u32 {
        (level + 1).min(self.shape.levels().saturating_sub(1))
    }

    fn boost_period(&self) -> Option<Tick> {
        (self.shape.boost > 0).then_some(self.shape.boost)
    }

    fn feedback(&self) -> Option<Feedback> {
        Some(Feedback {
            stay: self.shape.stay,
            io_bump: self.shape.io_bump,
        })
    }
}
