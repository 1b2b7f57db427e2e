//! Multi-level feedback queue, by OSTEP's rules: (1) a higher level runs first, and a
//! task arriving at a higher level preempts; (2) round robin within a level; (3) a new
//! task starts at the top; (4) a task that has used up its allotment at a level,
//! however many times it gave up the core, moves down one level; (5) every `boost`
//! ticks every task goes back to the top. The allotment is the quantum at the top
//! and doubles with each level down.

use super::{Discipline, QueueKind, View};
use crate::model::Tick;

pub(crate) struct Mlfq {
    pub levels: u32,
    pub quantum: Tick,
    pub boost: Tick,
}

impl Discipline for Mlfq {
    fn queue_kind(&self) -> QueueKind {
        QueueKind::Levels(self.levels)
    }

    fn key(&self, task: View) -> u64 {
        u64::from(task.level)
    }

    fn preemptive(&self) -> bool {
        true
    }

    fn allotment(&self, level: u32) -> Option<Tick> {
        Some(self.quantum.saturating_mul(1 << level.min(40)))
    }

    fn fresh_allotment_per_dispatch(&self) -> bool {
        false
    }

    fn demote(&self, level: u32) -> u32 {
        (level + 1).min(self.levels - 1)
    }

    fn boost_period(&self) -> Option<Tick> {
        (self.boost > 0).then_some(self.boost)
    }
}
