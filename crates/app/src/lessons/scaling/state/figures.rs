//! What a sweep's measurements make, computed in `par`: the curves with their fitted
//! serial fraction, and the CSV and JSON exports.

use interleave_par::scaling::{self, Row, Timed};

use super::{Measured, Probe, Sweep};
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
