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

    /// The ticks of one time slice at `level`; None: a task runs until it gives up
    /// the core or is preempted.
    fn quantum(&self, _level: u32) -> Option<Tick> {
        None
    }

    /// The slices a task may use up at `level` before it moves down.
    fn allotment(&self, _level: u32) -> u32 {
        u32::MAX
    }

    /// Whether each dispatch starts a fresh slice (round robin), or a task keeps what
    /// is left of its slice when it gives up the core or is preempted (MLFQ).
    fn fresh_slice_per_dispatch(&self) -> bool {
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

    /// MLFQ's conventions, as OSTEP's simulator has them; None for other policies.
    fn feedback(&self) -> Option<Feedback> {
        None
    }
}

/// The order of things within one tick under MLFQ, and OSTEP's two options. OSTEP's
/// simulator keeps the running task at the head of its level's queue, so:
/// - a task whose slice ends re-enters its queue (or the one below) at once, before
///   the boost and before anything that enters the queue at the next tick;
/// - within a tick, arrivals enter before tasks back from waiting;
/// - a preempted task keeps its place at the head of its level, and the rest of its
///   slice; at a boost, a running task below the top goes back to the head of its
///   level first, and the levels are moved up from the bottom one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Feedback {
    /// OSTEP's `-S`: giving up the core before the slice ends starts the level afresh.
    pub stay: bool,
    /// OSTEP's `-I`: a task back from waiting goes to the head of its level, ahead of
    /// a running task of that level too.
    pub io_bump: bool,
}

pub(crate) fn discipline(policy: &Policy) -> Box<dyn Discipline> {
    match *policy {
        Policy::Fcfs => Box::new(fcfs::Fcfs),
        Policy::Sjf => Box::new(sjf::Sjf),
        Policy::Srtf => Box::new(srtf::Srtf),
        Policy::Priority { preemptive } => Box::new(priority::Priority { preemptive }),
        Policy::RoundRobin { quantum } => Box::new(round_robin::RoundRobin { quantum }),
        Policy::Mlfq(ref shape) => Box::new(mlfq::Mlfq {
            shape: shape.clone(),
        }),
    }
}
