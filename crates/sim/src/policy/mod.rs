//! The scheduling policies, one file each, behind one small trait. A policy only
//! orders ready tasks and says when a running task must yield; the engine does the rest.

mod fcfs;
mod mlfq;
mod priority;
mod round_robin;
mod sjf;
mod srtf;

use crate::model::{Policy, Tick};

/// What a policy may look at of a task.
#[derive(Debug, Clone, Copy)]
pub(crate) struct View {
    /// Ticks left in the task's current CPU burst.
    pub remaining: Tick,
    pub priority: u32,
    /// Its MLFQ level (0 is the top); 0 under other policies.
    pub level: u32,
}

/// How the ready queue must be kept for a policy's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QueueKind {
    /// Every key is equal: first in, first out.
    Fifo,
    /// Smallest key first, ties in order of entry.
    Keyed,
    /// One FIFO per level, the highest level first (MLFQ).
    Levels(u32),
}

pub(crate) trait Discipline {
    fn queue_kind(&self) -> QueueKind;

    /// Ready tasks run in increasing key; equal keys in order of entry.
    fn key(&self, _task: View) -> u64 {
        0
    }

    /// Whether a ready task with a strictly smaller key takes a running task's core.
    fn preemptive(&self) -> bool {
        false
    }

    /// The ticks a task may run at `level` before it must yield; None: no limit.
    fn allotment(&self, _level: u32) -> Option<Tick> {
        None
    }

    /// Whether each dispatch starts a fresh allotment (round robin), or the allotment
    /// is spent across dispatches until used up (MLFQ's rule 4).
    fn fresh_allotment_per_dispatch(&self) -> bool {
        true
    }

    /// The level a task moves to when it uses up its allotment at `level`.
    fn demote(&self, level: u32) -> u32 {
        level
    }

    /// Every how many ticks all tasks go back to the top level.
    fn boost_period(&self) -> Option<Tick> {
        None
    }
}

pub(crate) fn discipline(policy: Policy) -> Box<dyn Discipline> {
    match policy {
        Policy::Fcfs => Box::new(fcfs::Fcfs),
        Policy::Sjf => Box::new(sjf::Sjf),
        Policy::Srtf => Box::new(srtf::Srtf),
        Policy::Priority { preemptive } => Box::new(priority::Priority { preemptive }),
        Policy::RoundRobin { quantum } => Box::new(round_robin::RoundRobin { quantum }),
        Policy::Mlfq {
            levels,
            quantum,
            boost,
        } => Box::new(mlfq::Mlfq {
            levels,
            quantum,
            boost,
        }),
    }
}
