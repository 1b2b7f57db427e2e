//! What a sweep's measurements make, computed in `par`: the curves with their fitted
//! serial fraction, and the CSV and JSON exports.

use std::rc::Rc;

use interleave_lessons::replay::{self, Gap, OneWorker};
use interleave_par::scaling::{self, Row, Spread, Timed};

use super::{Measured, Probe, Sweep};
use crate::lessons::replayed;
use crate::pool::Mode;

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

/// The simulator's prediction for each worker count of one mode, made of that mode's
/// runs on one worker.
#[derive(Debug, Clone, PartialEq)]
pub struct Replays {
    pub mode: Mode,
    pub one: Rc<OneWorker>,
    /// One per row of the mode's curve that could be simulated, in the same order.
    pub gaps: Vec<Gap>,
}

impl Replays {
    pub fn gap(&self, workers: u32) -> Option<&Gap> {
        self.gaps.iter().find(|g| g.workers == workers)
    }
}

/// For each curve: its one-worker runs averaged piece by piece, simulated for each
/// worker count, beside the median measured time; `cores`, what the probe measured.
pub fn replays(sweep: &Sweep, curves: &[Curve], cores: u32) -> Vec<Replays> {
    // The sort's two rounds are not the independent pieces a replay is made of.
    if sweep.settings.is_none_or(|s| !s.kernel.additive()) {
        return Vec::new();
    }
    curves
        .iter()
        .filter_map(|c| {
            let point = |workers: u32| {
                sweep
                    .points
                    .iter()
                    .find(|p| p.mode == c.mode && p.workers == workers)
            };
            let one = OneWorker::mean(&point(1)?.one)?;
            let gaps = c
                .rows
                .iter()
                .filter_map(|r| {
                    let at = replay::Measured {
                        workers: r.workers,
                        wall_ms: r.time.median,
                        work_ms: Spread::of(&point(r.workers)?.work_ms)?.median,
                    };
                    replayed::replay(&one, at, Some(cores))
                })
                .collect();
            Some(Replays {
                mode: c.mode,
                one: Rc::new(one),
                gaps,
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
