//! Scales and ticks, the arithmetic of every chart: where a value lies along an axis
//! (linear, logarithmic or in equal bands), and which round values get a label. No
//! browser in it; tested natively in `scale/tests.rs`.

/// The smallest of 1, 2 or 5 times a power of ten that is at least `raw` (> 0): the
/// round step between two ticks.
pub fn nice_step(raw: f64) -> f64 {
    let raw = if raw.is_finite() { raw.max(1e-9) } else { 1.0 };
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= raw * (1.0 - 1e-12))
        .unwrap_or(10.0 * power)
}

/// Where values go along an axis, as a fraction from 0 (its start) to 1 (its end).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// `lo..hi`, linearly.
    Linear { lo: f64, hi: f64 },
    /// `10^lo..10^hi`: equal distances are equal ratios.
    Log { lo: f64, hi: f64 },
    /// `n` equal bands; value `i` sits in the middle of band `i`.
    Band { n: usize },
}

impl Scale {
    pub fn fraction(&self, v: f64) -> f64 {
        match *self {
            Scale::Linear { lo, hi } => (v - lo) / (hi - lo).max(1e-12),
            Scale::Log { lo, hi } => (v.max(1e-12).log10() - lo) / (hi - lo).max(1e-12),
            Scale::Band { n } => (v + 0.5) / n.max(1) as f64,
        }
    }
}

/// A value with its label along an axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub value: f64,
    pub label: String,
}

/// A scale with its ticks.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub scale: Scale,
    pub ticks: Vec<Tick>,
}

impl Axis {
    /// From 0 up to the first round value at or above `top`, with about `n` round
    /// ticks: counts, times, speedups.
    pub fn from_zero(top: f64, n: f64) -> Axis {
        let top = if top.is_finite() && top > 0.0 {
            top
        } else {
            1.0
        };
        let step = nice_step(top / n);
        let hi = (top / step - 1e-9).ceil().max(1.0) * step;
        Axis {
            scale: Scale::Linear { lo: 0.0, hi },
            ticks: ticks_from(0.0, hi, step),
        }
    }

    /// Exactly `lo..hi`, with about `n` ticks at round values from `lo` on: a time
    /// span, or worker counts from 1. With `whole`, steps are whole numbers.
    pub fn span(lo: f64, hi: f64, n: f64, whole: bool) -> Axis {
        let hi = if hi > lo { hi } else { lo + 1.0 };
        let mut step = nice_step((hi - lo) / n);
        if whole {
            step = step.max(1.0).round();
        }
        Axis {
            scale: Scale::Linear { lo, hi },
            ticks: ticks_from(lo, hi, step),
        }
    }

    /// Whole decades around `values` (those at or below zero are left out), at least
    /// one decade, a tick on each power of ten.
    pub fn log(values: impl IntoIterator<Item = f64>) -> Axis {
        let (least, most) = values
            .into_iter()
            .filter(|v| v.is_finite() && *v > 0.0)
            .fold((f64::INFINITY, 0.0f64), |(l, m), v| (l.min(v), m.max(v)));
        let (least, most) = if most > 0.0 {
            (least, most)
        } else {
            (1.0, 10.0)
        };
        let lo = least.log10().floor();
        let hi = most.log10().ceil().max(lo + 1.0);
        let ticks = (lo as i32..=hi as i32)
            .map(|d| {
                let value = 10f64.powi(d);
                Tick {
                    value,
                    label: label(value, if d < 0 { 10f64.powi(d) } else { 1.0 }),
                }
            })
            .collect();
        Axis {
            scale: Scale::Log { lo, hi },
            ticks,
        }
    }

    /// One band per label, each labelled: the values of a knob.
    pub fn bands(labels: impl IntoIterator<Item = String>) -> Axis {
        let ticks: Vec<Tick> = labels
            .into_iter()
            .enumerate()
            .map(|(i, label)| Tick {
                value: i as f64,
                label,
            })
            .collect();
        Axis {
            scale: Scale::Band { n: ticks.len() },
            ticks,
        }
    }
}

/// Ticks every `step` from `lo` to `hi`, labelled with the decimals the step needs.
fn ticks_from(lo: f64, hi: f64, step: f64) -> Vec<Tick> {
    let count = ((hi - lo) / step + 1e-9).floor() as usize;
    (0..=count.min(1000))
        .map(|i| {
            let value = lo + i as f64 * step;
            Tick {
                value,
                label: label(value, step),
            }
        })
        .collect()
}

/// `value` with as many decimals as a tick `step` needs.
pub fn label(value: f64, step: f64) -> String {
    let decimals = (-step.log10().floor()).clamp(0.0, 6.0) as usize;
    format!("{value:.decimals$}")
}

#[cfg(test)]
mod tests;
