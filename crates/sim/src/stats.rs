//! Figures every simulator of the core reports the same way: nearest-rank percentiles,
//! Little's law checked on measured figures, and how many points a series over time has.

#[cfg(feature = "serde")]
use serde::Serialize;

use crate::time::Tick;

/// Points in each series over time, at most.
pub const SERIES_POINTS: usize = 240;

/// Little's law, L = lambda x W, from three figures measured separately.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Little {
    /// L: the time-average of requests in the system (integrated over the window).
    pub in_system: f64,
    /// lambda: requests arrived per tick.
    pub arrival_rate: f64,
    /// W: the mean time a request spends in the system.
    pub time_in_system: f64,
}

impl Little {
    /// lambda x W.
    pub fn product(&self) -> f64 {
        self.arrival_rate * self.time_in_system
    }

    /// Whether L and lambda x W agree to within rounding (relative 1e-9).
    pub fn holds(&self) -> bool {
        (self.in_system - self.product()).abs() <= 1e-9 * self.in_system.abs().max(1.0)
    }
}

/// The nearest-rank percentile of sorted values (0 when there are none).
pub fn percentile(sorted: &[Tick], p: u32) -> Tick {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (sorted.len() * p as usize).div_ceil(100).max(1);
    sorted[rank - 1]
}
