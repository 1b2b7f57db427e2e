//! The lesson "Lanes × cores" as a reducer: its settings (from the link, checked
//! against the platform), the plan of a run (each workload a lane at a time and four at
//! a time, on one worker and on N), the times as they come, and the figures made of
//! them. No browser in it; tested natively in `state/tests.rs`.

use interleave_par::Kernel;
use interleave_par::lanes::Multiplied;
use serde::{Deserialize, Serialize};

use crate::lessons::kernels::about;
use crate::platform::Platform;

/// The lesson's state in the URL: `?workers=4&scale=1`. Anything missing or out of
/// range falls back to the default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Query {
    pub workers: Option<u32>,
    pub scale: Option<usize>,
}

/// The sizes offered: small, medium (the default) and large.
pub const SCALES: [&str; 3] = ["small", "medium", "large"];

/// Each time is the best of this many runs: a figure of the machine, not of a hiccup.
pub const TRIES: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub workers: u32,
    pub scale: usize,
}

impl Settings {
    pub fn from_query(query: &Query, platform: &Platform) -> Settings {
        Settings {
            workers: platform.several_workers(query.workers),
            scale: query.scale.filter(|s| *s < SCALES.len()).unwrap_or(1),
        }
    }

    pub fn to_query(self) -> Query {
        Query {
            workers: Some(self.workers),
            scale: Some(self.scale),
        }
    }

    /// Enough pieces that uneven rows even out over the workers; the same for every
    /// run of a workload, so that only the lanes and the workers differ.
    pub fn pieces(self) -> u32 {
        (self.workers * 8).max(16)
    }

    /// The four runs of each workload, in the order they are timed: the scalar build's
    /// first (one worker, then all), then the SIMD build's.
    pub fn plan(self) -> Vec<Step> {
        [false, true]
            .into_iter()
            .flat_map(|lanes| {
                Workload::ALL.into_iter().flat_map(move |workload| {
                    [1, self.workers].map(|workers| Step {
                        workload,
                        lanes,
                        workers,
                    })
                })
            })
            .collect()
    }
}

/// A workload: one kernel written twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// The Mandelbrot image in f32: arithmetic on values in registers.
    Compute,
    /// The sum of a 32 MiB array: a load for every add.
    Memory,
}

impl Workload {
    pub const ALL: [Workload; 2] = [Workload::Compute, Workload::Memory];

    /// The kernel a lane at a time, or four at a time.
    pub fn kernel(self, lanes: bool) -> Kernel {
        match (self, lanes) {
            (Workload::Compute, false) => Kernel::MandelbrotF32,
            (Workload::Compute, true) => Kernel::MandelbrotF32x4,
            (Workload::Memory, false) => Kernel::Stream,
            (Workload::Memory, true) => Kernel::StreamX4,
        }
    }

    pub fn size(self, scale: usize) -> u64 {
        about(self.kernel(false)).cores_sizes[scale.min(SCALES.len() - 1)]
    }

    pub fn key(self) -> &'static str {
        match self {
            Workload::Compute => "compute",
            Workload::Memory => "memory",
        }
    }
}

/// One timed run: a workload, a lane or four, on one worker or on N.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub workload: Workload,
    pub lanes: bool,
    pub workers: u32,
}

/// A step's best time and its answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timed {
    pub step: Step,
    pub ms: f64,
    pub value: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Idle,
    /// Starting the workers of one build: the SIMD build's or the scalar one's.
    Starting {
        simd: bool,
    },
    /// Running each workload once, untimed: the browser compiles the hot code and
    /// each worker makes its array.
    Warming {
        simd: bool,
    },
    /// Timing step `n` of the plan.
    Timing(usize),
    Done,
    Failed(String),
}

impl Phase {
    pub fn busy(&self) -> bool {
        matches!(
            self,
            Phase::Starting { .. } | Phase::Warming { .. } | Phase::Timing(_)
        )
    }
}

/// The lesson: its settings, whether the browser runs SIMD128, the run's phase, the
/// times so far and how many runs were started.
#[derive(Debug, Clone, PartialEq)]
pub struct Lanes {
    pub settings: Settings,
    /// Whether this browser validates SIMD128: else both builds are scalar, and the
    /// lesson says so.
    pub simd: bool,
    pub phase: Phase,
    /// The times of the current (or last) run, in the plan's order; they belong to
    /// `ran`, the settings the run had.
    pub timed: Vec<Timed>,
    pub ran: Settings,
    pub runs: u32,
}

pub enum Action {
    /// The settings changed (in the link). The times stay with the settings that
    /// made them; a run under way goes on.
    Settings(Settings),
    /// The learner pressed Run: a new run, unless one is under way.
    Run,
    Starting {
        simd: bool,
    },
    Warming {
        simd: bool,
    },
    Timing(usize),
    Timed(Timed),
    Finished,
    Failed(String),
}

/// What a finished workload shows: its four times as speedups, and whether the two
/// kernels gave the same answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    pub workload: Workload,
    pub multiplied: Multiplied,
    pub agree: bool,
}

impl Lanes {
    pub fn new(settings: Settings, simd: bool) -> Lanes {
        Lanes {
            settings,
            simd,
            phase: Phase::Idle,
            timed: Vec::new(),
            ran: settings,
            runs: 0,
        }
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Settings(settings) => self.settings = settings,
            Action::Run if self.phase.busy() => {}
            Action::Run => {
                self.runs += 1;
                self.ran = self.settings;
                self.timed.clear();
                self.phase = Phase::Starting { simd: false };
            }
            Action::Starting { simd } => self.phase = Phase::Starting { simd },
            Action::Warming { simd } => self.phase = Phase::Warming { simd },
            Action::Timing(n) => self.phase = Phase::Timing(n),
            Action::Timed(timed) => self.timed.push(timed),
            Action::Finished => self.phase = Phase::Done,
            Action::Failed(message) => self.phase = Phase::Failed(message),
        }
    }

    /// The time of one step of the run, once it has one.
    pub fn time(&self, workload: Workload, lanes: bool, all: bool) -> Option<&Timed> {
        self.timed.iter().find(|t| {
            t.step.workload == workload && t.step.lanes == lanes && (t.step.workers > 1) == all
        })
    }

    /// A workload's figures, once its four times are in.
    pub fn figures(&self, workload: Workload) -> Option<Figures> {
        let time = |lanes, all| self.time(workload, lanes, all);
        let (a, b, c, d) = (
            time(false, false)?,
            time(true, false)?,
            time(false, true)?,
            time(true, true)?,
        );
        let multiplied = Multiplied::from_ms(a.ms, b.ms, c.ms, d.ms)?;
        let agree = [b, c, d].iter().all(|t| t.value == a.value);
        Some(Figures {
            workload,
            multiplied,
            agree,
        })
    }
}

crate::reducer::reducible!(Lanes, Action);

#[cfg(test)]
mod tests;
