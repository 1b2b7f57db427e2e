//! The lesson "One core or two?" as a reducer: its settings (read from the link and
//! checked against the platform), and a run's phases. The learner changes a setting or
//! presses Run; the run (a hook, on the workers) reports its phases, its outcome or
//! its failure. No browser in it; tested natively in `state/tests.rs`.

use std::rc::Rc;

use interleave_par::Kernel;
use serde::{Deserialize, Serialize};

use interleave_lessons::replay::{Gap, Measured, OneWorker};

use super::kernels::KernelLesson;
use crate::lessons::replayed;
use crate::platform::Platform;
use crate::pool::{Compared, Mode};

/// The lesson's state in the URL: `?kernel=primes&size=3000000&workers=2&mode=message`
/// (`bound=` is the size of the primes kernel, from older links). Anything missing or
/// out of range falls back to the default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Query {
    pub kernel: Option<String>,
    pub size: Option<u64>,
    pub bound: Option<u64>,
    pub workers: Option<u32>,
    pub mode: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub kernel: Kernel,
    pub size: u64,
    pub workers: u32,
    pub mode: Mode,
}

impl Settings {
    pub fn from_query(query: &Query, platform: &Platform) -> Settings {
        let (kernel, size) = KernelLesson::Cores.choose(
            query.kernel.as_deref(),
            query.size.or(query.bound),
            Kernel::Primes,
        );
        let workers = query
            .workers
            .filter(|w| platform.worker_choices().contains(w))
            .unwrap_or_else(|| platform.hardware_threads.clamp(2, 16));
        let mode = query
            .mode
            .as_deref()
            .and_then(Mode::from_key)
            .filter(|m| *m == Mode::MessagePassing || platform.isolated)
            .unwrap_or(if platform.isolated {
                Mode::SharedMemory
            } else {
                Mode::MessagePassing
            });
        Settings {
            kernel,
            size,
            workers,
            mode,
        }
    }

    pub fn to_query(self) -> Query {
        Query {
            kernel: Some(self.kernel.key().into()),
            size: Some(self.size),
            bound: None,
            workers: Some(self.workers),
            mode: Some(self.mode.key().into()),
        }
    }

    /// Enough pieces that uneven ones even out over the workers.
    /// (The sort's pieces are even and each one costs a round trip of its keys, so it
    /// takes few: two chunks per worker, and as many buckets.)
    pub fn pieces(self) -> u32 {
        if self.kernel.additive() {
            (self.workers * 16).max(32)
        } else {
            self.workers * 2
        }
    }
}

/// A finished run: the two halves and their times.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The number of this run since the lesson opened (tests wait for it).
    pub number: u32,
    pub settings: Settings,
    pub threads: u32,
    /// The workers' start-up, when this run started them.
    pub start_ms: Option<f64>,
    /// The job timed on one worker, then on all of them.
    pub compared: Compared,
}

impl Outcome {
    /// The simulation of this run: the pieces timed on one worker replayed on as many
    /// workers as the second run had, beside its time; `cores`, what the machine runs
    /// at once. `None` for the sort, whose two rounds are not independent pieces.
    pub fn replay(&self, cores: u32) -> Option<(Rc<OneWorker>, Gap)> {
        if !self.settings.kernel.additive() {
            return None;
        }
        let c = &self.compared;
        let one = replayed::one_worker(&c.alone, false, c.alone_ms)?;
        let at = Measured {
            workers: self.threads.max(1),
            wall_ms: c.parallel_ms,
            work_ms: c.parallel.work_ms(),
        };
        let gap = replayed::replay(&one, at, Some(cores))?;
        Some((Rc::new(one), gap))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Idle,
    Starting,
    Alone,
    Parallel,
    Done(Rc<Outcome>),
    Failed(String),
}

impl Phase {
    pub fn busy(&self) -> bool {
        matches!(self, Phase::Starting | Phase::Alone | Phase::Parallel)
    }
}

/// The lesson: its settings, the run's phase, and how many runs were started.
#[derive(Debug, Clone, PartialEq)]
pub struct Cores {
    pub settings: Settings,
    pub phase: Phase,
    pub runs: u32,
}

pub enum Action {
    /// The settings changed (in the link). Results belong to the settings that made
    /// them, so they go; a run under way goes on.
    Settings(Settings),
    /// The learner pressed Run: a new run, unless one is under way.
    Run,
    /// The run starts workers.
    Starting,
    /// The run times the whole job on one worker.
    Alone,
    /// The run times it on every worker.
    Parallel,
    Finished(Outcome),
    Failed(String),
}

impl Cores {
    pub fn new(settings: Settings) -> Cores {
        Cores {
            settings,
            phase: Phase::Idle,
            runs: 0,
        }
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Settings(settings) => {
                if settings != self.settings && !self.phase.busy() {
                    self.phase = Phase::Idle;
                }
                self.settings = settings;
            }
            Action::Run if self.phase.busy() => {}
            Action::Run => {
                self.runs += 1;
                self.phase = Phase::Starting;
            }
            Action::Starting => self.phase = Phase::Starting,
            Action::Alone => self.phase = Phase::Alone,
            Action::Parallel => self.phase = Phase::Parallel,
            Action::Finished(outcome) => self.phase = Phase::Done(Rc::new(outcome)),
            Action::Failed(message) => self.phase = Phase::Failed(message),
        }
    }
}

crate::reducer::reducible!(Cores, Action);

#[cfg(test)]
mod tests;
