//! The lesson "How far does it scale?" as a reducer: the core probe (asked for, measured
//! or failed), and a sweep (started with the learner's settings, reported stage by
//! stage and run by run, cancelled, finished or failed), with the figures and exports
//! derived from it. The probe and the sweep themselves run in hooks, on the workers;
//! what they report comes back here as actions. No browser in it; tested natively in
//! `state/tests.rs`.

use std::rc::Rc;

use interleave_lessons::replay::OneWorker;
use interleave_par::scaling::{self, Timed};
use interleave_par::{PieceReport, Run};
use serde::Serialize;

use crate::lessons::replayed;
use crate::pool::Mode;

mod figures;
mod settings;

pub use figures::{Curve, Replays, curves, replays, to_csv, to_json};
pub use settings::{MOST, Query, REPS, SERIAL, Settings, upto_choices};

/// The result of the core probe: the same busy loop on 1, 2, ... workers at once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Probe {
    /// Wall time with `k` workers, at index `k - 1`.
    pub times_ms: Vec<f64>,
    /// Workers that ran at once (the rounded estimate) and the unrounded figure.
    pub cores: u32,
    pub parallel: f64,
}

impl Probe {
    /// The probe's figures from its times, if they say anything.
    pub fn of(times_ms: Vec<f64>) -> Option<Probe> {
        let (cores, parallel) = scaling::parallelism(&times_ms)?;
        Some(Probe {
            times_ms,
            cores,
            parallel,
        })
    }
}

/// One configuration of the sweep and its timed runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measured {
    #[serde(serialize_with = "mode_key")]
    pub mode: Mode,
    pub workers: u32,
    /// Wall time of each timed run, on the page's clock, from request to result.
    pub times_ms: Vec<f64>,
    /// Of each run: wall time minus the span in which workers computed.
    pub overhead_ms: Vec<f64>,
    /// Of each run: the time its pieces took, summed over the workers.
    pub work_ms: Vec<f64>,
    /// Starting this configuration's workers (a new pool per count in shared memory).
    pub start_ms: Option<f64>,
    /// On one worker, each run's pieces, hand-out and start-up: what the simulator's
    /// prediction for every count is made of.
    #[serde(skip)]
    pub one: Vec<OneWorker>,
}

fn mode_key<S: serde::Serializer>(m: &Mode, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(m.key())
}

impl Measured {
    pub fn timed(&self) -> Timed<'_> {
        Timed {
            workers: self.workers,
            times_ms: &self.times_ms,
            overhead_ms: &self.overhead_ms,
            start_ms: self.start_ms,
        }
    }
}

/// The run being measured, drawn piece by piece as its workers report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Live {
    pub mode: Option<Mode>,
    pub workers: u32,
    pub pieces: Vec<PieceReport>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Status {
    #[default]
    Idle,
    Running {
        done: u32,
        total: u32,
        label: String,
    },
    Done,
    Cancelled,
    Failed(String),
}

/// A sweep: its settings, the configurations measured so far, the answer every run
/// must give, and the run being drawn.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sweep {
    /// The number of this sweep since the lesson opened (tests wait for it).
    pub number: u32,
    pub settings: Option<Settings>,
    pub points: Vec<Measured>,
    /// The answer of the first run; every other run must give the same.
    pub value: Option<u64>,
    pub live: Live,
    pub status: Status,
    /// The configuration whose runs are under way; it joins `points` with its last run.
    current: Option<Measured>,
    /// The start-up of the workers just started, for the next configuration.
    start_ms: Option<f64>,
}

impl Sweep {
    pub fn busy(&self) -> bool {
        matches!(self.status, Status::Running { .. })
    }

    /// Timed runs so far.
    pub fn timed_runs(&self) -> usize {
        self.points.iter().map(|p| p.times_ms.len()).sum()
    }

    fn set_label(&mut self, text: String) {
        if let Status::Running { label, .. } = &mut self.status {
            *label = text;
        }
    }

    fn stop(&mut self, status: Status) {
        self.current = None;
        self.live.mode = None;
        self.status = status;
    }

    fn report(&mut self, report: Report) {
        match report {
            Report::Starting { mode, count } => {
                self.set_label(format!("Starting {}\u{2026}", describe_set(mode, count)));
            }
            Report::Started { mode, count, ms } => {
                self.start_ms = Some(ms);
                self.set_label(format!("Warming up {}\u{2026}", describe_set(mode, count)));
            }
            Report::Running { mode, workers, rep } => {
                let reps = self.settings.map_or(0, |s| s.reps);
                self.set_label(if rep == 0 {
                    format!("{}: warm-up run", describe_set(mode, workers))
                } else {
                    format!("{}: run {rep} of {reps}", describe_set(mode, workers))
                });
                if self
                    .current
                    .as_ref()
                    .is_none_or(|c| (c.mode, c.workers) != (mode, workers))
                {
                    self.current = Some(Measured {
                        mode,
                        workers,
                        times_ms: Vec::new(),
                        overhead_ms: Vec::new(),
                        work_ms: Vec::new(),
                        start_ms: self.start_ms.take(),
                        one: Vec::new(),
                    });
                }
                self.live = Live {
                    mode: Some(mode),
                    workers,
                    pieces: Vec::new(),
                };
            }
            Report::Pieces(pieces) => self.live.pieces.extend(pieces),
            Report::Ran { rep, ms, run } => self.ran(rep, ms, &run),
            Report::Finished => self.stop(Status::Done),
            Report::Failed(message) => self.stop(Status::Failed(message)),
        }
    }

    /// A run of the current configuration ended: the warm-up only counts, a timed run
    /// is kept, and the last one completes the configuration. A run whose answer is
    /// not the first run's fails the sweep.
    fn ran(&mut self, rep: u32, ms: f64, run: &Run) {
        let (Some(settings), Some(current)) = (self.settings, self.current.as_mut()) else {
            return;
        };
        if let Err(message) = agree(&mut self.value, run.value, current.mode, current.workers) {
            return self.stop(Status::Failed(message));
        }
        if rep > 0 {
            current.times_ms.push(ms);
            current.overhead_ms.extend(run.overhead_ms(ms));
            current.work_ms.push(run.work_ms());
            if current.workers == 1 {
                let serial = settings.serial_items() > 0;
                current.one.extend(replayed::one_worker(run, serial, ms));
            }
        }
        if rep >= settings.reps {
            self.points.extend(self.current.take());
        }
        if let Status::Running { done, .. } = &mut self.status {
            *done += 1;
        }
    }
}

/// Checks a run's answer against the first run's (and keeps the first).
pub fn agree(first: &mut Option<u64>, value: u64, mode: Mode, workers: u32) -> Result<(), String> {
    match *first {
        None => {
            *first = Some(value);
            Ok(())
        }
        Some(v) if v != value => Err(format!(
            "{} gave {value} where the first run gave {v}",
            describe_set(mode, workers)
        )),
        Some(_) => Ok(()),
    }
}

pub fn describe_set(mode: Mode, w: u32) -> String {
    let plural = if w == 1 { "" } else { "s" };
    match mode {
        Mode::SharedMemory => format!("shared memory, a pool of {w} thread{plural}"),
        Mode::MessagePassing => format!("message passing, {w} worker{plural}"),
    }
}

/// What a sweep under way reports, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Report {
    /// It starts `count` workers.
    Starting {
        mode: Mode,
        count: u32,
    },
    /// They started in `ms`, and now run the job untimed until they are warm.
    Started {
        mode: Mode,
        count: u32,
        ms: f64,
    },
    /// It runs the job on `workers` of them: run 0 is the warm-up, then the timed ones.
    Running {
        mode: Mode,
        workers: u32,
        rep: u32,
    },
    /// Pieces of that run came back.
    Pieces(Vec<PieceReport>),
    /// That run ended, `ms` after it was asked for.
    Ran {
        rep: u32,
        ms: f64,
        run: Run,
    },
    Finished,
    Failed(String),
}

/// The probe: its figure (kept for the whole visit), whether it is measuring, and its
/// error.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Probing {
    pub figure: Option<Probe>,
    pub busy: bool,
    pub error: Option<String>,
    /// Probes asked for since the lesson opened: the hook runs one for each.
    pub number: u32,
}

/// The lesson: the probe and the latest sweep.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scaling {
    pub probe: Probing,
    pub sweep: Rc<Sweep>,
}

pub enum Action {
    /// The learner asks for the probe (ignored while it or a sweep runs).
    Measure,
    /// The probe's figure, or why it failed.
    Probed(Result<Probe, String>),
    /// The learner presses Sweep with these settings (ignored while one runs).
    Sweep(Settings),
    /// The learner presses Cancel: the sweep stops, and what it measured stays.
    Cancel,
    /// What the sweep with this number reports; a sweep cancelled or replaced is not
    /// listened to any more.
    Report(u32, Report),
}

impl Scaling {
    /// The lesson opens with the figure of an earlier visit, or measures at once.
    pub fn new(figure: Option<Probe>) -> Scaling {
        let mut lesson = Scaling {
            probe: Probing {
                figure,
                ..Probing::default()
            },
            sweep: Rc::default(),
        };
        if lesson.probe.figure.is_none() {
            lesson.apply(Action::Measure);
        }
        lesson
    }

    /// The cores the lesson counts with: the probe's, else the browser's hint.
    pub fn cores(&self, hint: u32) -> u32 {
        self.probe
            .figure
            .as_ref()
            .map_or(hint.clamp(1, MOST), |p| p.cores)
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Measure if self.probe.busy || self.sweep.busy() => {}
            Action::Measure => {
                self.probe.busy = true;
                self.probe.number += 1;
            }
            Action::Probed(result) => {
                self.probe.busy = false;
                match result {
                    Ok(figure) => {
                        self.probe.figure = Some(figure);
                        self.probe.error = None;
                    }
                    Err(message) => self.probe.error = Some(message),
                }
            }
            Action::Sweep(_) if self.sweep.busy() => {}
            Action::Sweep(settings) => {
                self.sweep = Rc::new(Sweep {
                    number: self.sweep.number + 1,
                    settings: Some(settings),
                    status: Status::Running {
                        done: 0,
                        total: settings.runs(),
                        label: "Starting\u{2026}".into(),
                    },
                    ..Sweep::default()
                });
            }
            Action::Cancel if self.sweep.busy() => {
                Rc::make_mut(&mut self.sweep).stop(Status::Cancelled);
            }
            Action::Cancel => {}
            Action::Report(number, report) if number == self.sweep.number && self.sweep.busy() => {
                Rc::make_mut(&mut self.sweep).report(report);
            }
            Action::Report(..) => {}
        }
    }
}

crate::reducer::reducible!(Scaling, Action);

#[cfg(test)]
mod tests;
