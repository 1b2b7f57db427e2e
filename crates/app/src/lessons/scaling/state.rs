//! The lesson "How far does it scale?" as a reducer: the core probe (asked for, measured
//! or failed), and a sweep (started with the learner's settings, reported stage by
//! stage and run by run, cancelled, finished or failed), with the figures and exports
//! derived from it. The probe and the sweep themselves run in hooks, on the workers;
//! what they report comes back here as actions. No browser in it; tested natively in
//! `state/tests.rs`.

use std::rc::Rc;

use interleave_par::scaling::{self, Row, Timed};
use interleave_par::{Kernel, PieceReport, Run};
use serde::{Deserialize, Serialize};

use crate::lessons::kernels::KernelLesson;
use crate::platform::Platform;
use crate::pool::Mode;

/// Pieces per run, the same at every worker count so that only the workers change.
/// (The sort takes two chunks per worker of the largest count, and as many buckets:
/// each of its pieces costs a round trip of its keys.)
pub const PIECES: u32 = 64;
/// Each worker count runs once untimed (compiling, warming caches), then this many times.
pub const REPS: [u32; 3] = [1, 3, 5];
/// The sequential pre-pass, in percent of the items.
pub const SERIAL: [u32; 5] = [0, 5, 10, 25, 50];
/// The most workers a sweep may start.
pub const MOST: u32 = 24;

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

/// The sweep's settings in the URL: `?kernel=mandelbrot&size=1200&modes=shared,message
/// &upto=4&reps=3&serial=0&f=5`. Anything missing or out of range takes its default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Query {
    pub kernel: Option<String>,
    pub size: Option<u64>,
    pub modes: Option<String>,
    pub upto: Option<u32>,
    pub reps: Option<u32>,
    pub serial: Option<u32>,
    pub f: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Settings {
    #[serde(serialize_with = "kernel_key")]
    pub kernel: Kernel,
    pub size: u64,
    pub shared: bool,
    pub message: bool,
    pub upto: u32,
    pub reps: u32,
    /// The sequential pre-pass, in percent of the items.
    pub serial_pct: u32,
    /// The serial fraction of the law curves, in percent (display only).
    pub law_pct: u32,
}

fn kernel_key<S: serde::Serializer>(k: &Kernel, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(k.key())
}

impl Settings {
    pub fn from_query(query: &Query, platform: &Platform, cores: u32) -> Settings {
        let (kernel, size) =
            KernelLesson::Scaling.choose(query.kernel.as_deref(), query.size, Kernel::Mandelbrot);
        let modes = query.modes.as_deref().unwrap_or("shared,message");
        let shared = platform.isolated && modes.split(',').any(|m| m == "shared");
        let message = modes.split(',').any(|m| m == "message") || !shared;
        let upto = query
            .upto
            .filter(|u| upto_choices(platform, cores).contains(u))
            .unwrap_or((cores + 2).min(MOST));
        Settings {
            kernel,
            size,
            shared,
            message,
            upto,
            reps: query.reps.filter(|r| REPS.contains(r)).unwrap_or(3),
            serial_pct: query.serial.filter(|s| SERIAL.contains(s)).unwrap_or(0),
            law_pct: query.f.filter(|f| *f <= 100).unwrap_or(5),
        }
    }

    pub fn to_query(self) -> Query {
        let modes: Vec<&str> = [(self.shared, "shared"), (self.message, "message")]
            .into_iter()
            .filter_map(|(on, key)| on.then_some(key))
            .collect();
        Query {
            kernel: Some(self.kernel.key().into()),
            size: Some(self.size),
            modes: Some(modes.join(",")),
            upto: Some(self.upto),
            reps: Some(self.reps),
            serial: Some(self.serial_pct),
            f: Some(self.law_pct),
        }
    }

    pub fn modes(self) -> Vec<Mode> {
        [
            (self.shared, Mode::SharedMemory),
            (self.message, Mode::MessagePassing),
        ]
        .into_iter()
        .filter_map(|(on, m)| on.then_some(m))
        .collect()
    }

    pub fn pieces(self) -> u32 {
        if self.kernel.additive() {
            PIECES
        } else {
            2 * self.upto
        }
    }

    /// The items of the pre-pass (none for the sort, whose rounds have none).
    pub fn serial_items(self) -> u64 {
        if !self.kernel.additive() {
            return 0;
        }
        self.size * u64::from(self.serial_pct) / 100
    }

    /// Every run of the sweep, warm-up runs included.
    pub fn runs(self) -> u32 {
        self.modes().len() as u32 * self.upto * (self.reps + 1)
    }
}

/// The largest worker counts offered: 2 up to a few more than the cores (measured or
/// hinted), to show what oversubscription does.
pub fn upto_choices(platform: &Platform, cores: u32) -> Vec<u32> {
    (2..=(platform.hardware_threads.max(cores) + 4).min(MOST)).collect()
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
    /// Starting this configuration's workers (a new pool per count in shared memory).
    pub start_ms: Option<f64>,
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
                        start_ms: self.start_ms.take(),
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

/// The figures derived from a sweep for one mode (computed in `par`): per worker count,
/// the spread of the times, and the speedup against the same mode's one-worker median.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    pub mode: Mode,
    pub rows: Vec<Row>,
    /// The serial fraction fitted by least squares to the points up to the cores.
    pub fit: Option<f64>,
}

pub fn curves(sweep: &Sweep, cores: u32) -> Vec<Curve> {
    let Some(settings) = sweep.settings else {
        return Vec::new();
    };
    settings
        .modes()
        .into_iter()
        .filter_map(|mode| {
            let points: Vec<Timed> = sweep
                .points
                .iter()
                .filter(|p| p.mode == mode)
                .map(Measured::timed)
                .collect();
            let c = scaling::curve(&points, cores)?;
            Some(Curve {
                mode,
                rows: c.rows,
                fit: c.fit,
            })
        })
        .collect()
}

/// One line per timed run, with the figures of its configuration.
pub fn to_csv(sweep: &Sweep, curves: &[Curve]) -> String {
    let mut out = String::from(scaling::CSV_HEADER);
    for p in &sweep.points {
        let row = curves
            .iter()
            .find(|c| c.mode == p.mode)
            .and_then(|c| c.rows.iter().find(|r| r.workers == p.workers));
        scaling::csv_lines(p.mode.key(), &p.timed(), row, &mut out);
    }
    out
}

pub fn to_json(sweep: &Sweep, curves: &[Curve], probe: Option<&Probe>) -> String {
    let fits: serde_json::Map<String, serde_json::Value> = curves
        .iter()
        .map(|c| (c.mode.key().to_string(), c.fit.into()))
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "settings": sweep.settings,
        "pieces": sweep.settings.map(|s| s.pieces()),
        "value": sweep.value,
        "probe": probe,
        "runs": sweep.points,
        "fitted_serial_fraction": fits,
    }))
    .unwrap_or_default()
}

#[cfg(test)]
mod tests;
