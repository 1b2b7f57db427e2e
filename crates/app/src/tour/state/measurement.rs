//! What a step measured on the visitor's machine, and a measurement under way.

use std::rc::Rc;

use interleave_par::scaling;

use crate::pool::Compared;

/// What a step measured on the visitor's machine.
#[derive(Debug, Clone, PartialEq)]
pub enum Measurement {
    /// A job timed on one worker and on all of them.
    Cores { workers: u32, compared: Compared },
    /// A job with a serial part timed on 1, 2, ... workers: (workers, ms).
    Serial { times: Vec<(u32, f64)>, agree: bool },
}

/// The cores of the machine Amdahl's limit is asked about.
pub const MANY: f64 = 1000.0;

impl Measurement {
    /// The answer it gives the step's question: the speedup measured, or the most a
    /// thousand cores could give under the serial fraction fitted.
    pub fn answer(&self) -> Option<f64> {
        match self {
            Measurement::Cores { compared, .. } => compared.speedup(),
            Measurement::Serial { .. } => self.fit().map(|f| scaling::amdahl(f, MANY)),
        }
    }

    /// The best time on each worker count: (workers, ms); none for a step on real cores.
    pub fn times(&self) -> &[(u32, f64)] {
        match self {
            Measurement::Cores { .. } => &[],
            Measurement::Serial { times, .. } => times,
        }
    }

    /// Speedups against one worker: (workers, speedup), leaving out a run too short to
    /// time.
    pub fn speedups(&self) -> Vec<(u32, f64)> {
        match self {
            Measurement::Cores { workers, compared } => {
                let mut points = vec![(1, 1.0)];
                points.extend(compared.speedup().map(|s| (*workers, s)));
                points
            }
            Measurement::Serial { times, .. } => {
                let one = times.first().map_or(0.0, |t| t.1);
                times
                    .iter()
                    .filter_map(|&(k, ms)| Some((k, scaling::speedup(one, ms)?)))
                    .collect()
            }
        }
    }

    /// The serial fraction that fits the speedups best (computed in `par`).
    pub fn fit(&self) -> Option<f64> {
        scaling::fit_serial_fraction(&self.speedups())
    }

    pub fn agree(&self) -> bool {
        match self {
            Measurement::Cores { compared, .. } => compared.agree(),
            Measurement::Serial { agree, .. } => *agree,
        }
    }
}

/// A measurement asked for, and where it stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Measuring {
    /// Measurements asked for since the tour opened: the hook runs one for each.
    pub number: u32,
    /// The step it was asked on (an answer for another step is dropped).
    pub step: usize,
    pub busy: bool,
    pub done: Option<Rc<Measurement>>,
    pub error: Option<String>,
}
