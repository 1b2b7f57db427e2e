//! The lesson "Lost updates on real cores" as a reducer: how many additions each worker
//! makes, and a run's phases (each way to add in turn, then the reports, or a failure).
//! No browser in it; tested natively in `state/tests.rs`.

use std::rc::Rc;

use interleave_par::race::{Increment, RaceReport};

/// The additions per worker the learner can choose.
pub const PER_THREAD: &[u64] = &[100_000, 1_000_000, 10_000_000];

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Idle,
    Running(Increment),
    Done(Rc<Vec<RaceReport>>),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Race {
    pub per_thread: u64,
    pub phase: Phase,
    /// Runs started since the lesson opened (tests wait for it).
    pub runs: u32,
}

pub enum Action {
    /// Additions per worker, one of [`PER_THREAD`]; ignored during a run.
    PerThread(u64),
    /// The learner pressed Run: a new run, unless one is under way.
    Run,
    /// The run races the workers with this way to add.
    Running(Increment),
    Finished(Vec<RaceReport>),
    Failed(String),
}

impl Default for Race {
    fn default() -> Race {
        Race {
            per_thread: 1_000_000,
            phase: Phase::Idle,
            runs: 0,
        }
    }
}

impl Race {
    pub fn busy(&self) -> bool {
        matches!(self.phase, Phase::Running(_))
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::PerThread(n) if !self.busy() && PER_THREAD.contains(&n) => {
                self.per_thread = n;
            }
            Action::PerThread(_) => {}
            Action::Run if self.busy() => {}
            Action::Run => {
                self.runs += 1;
                self.phase = Phase::Running(Increment::ALL[0]);
            }
            Action::Running(increment) => self.phase = Phase::Running(increment),
            Action::Finished(reports) => self.phase = Phase::Done(Rc::new(reports)),
            Action::Failed(message) => self.phase = Phase::Failed(message),
        }
    }
}

crate::reducer::reducible!(Race, Action);

#[cfg(test)]
mod tests;
