//! Chance, the same on every platform: the generator every simulator draws from
//! (`SplitMix64`, with `ln` from IEEE basic operations), the lengths a text may ask to
//! be drawn (`Length`), and when the arrivals of a process come (`arrival`). A seed
//! gives the same draws in the browser as natively.

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::time::Tick;

/// A length that may be drawn at random (in `requests` and `job` statements).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Length {
    Fixed(Tick),
    /// Uniform over `lo..=hi`.
    Uniform(Tick, Tick),
    /// Exponential with this mean, rounded, at least 1.
    Exponential(Tick),
}

/// When arrival `i` of a process comes, the process given as (start, every, burst,
/// poisson): every `every` ticks from `start`, `burst` at a time, or with exponential
/// gaps of mean `every` between bursts. Called for `i` in order; `clock` carries the
/// Poisson process's time from one call to the next. `requests` arrive so, and a
/// queue's producers publish so.
pub fn arrival(
    (start, every, burst, poisson): (Tick, Tick, u32, bool),
    i: u32,
    clock: &mut f64,
    rng: &mut SplitMix64,
) -> Tick {
    let burst = burst.max(1);
    if poisson {
        if i > 0 && i.is_multiple_of(burst) {
            *clock += rng.exponential(every as f64);
        }
        start.saturating_add(clock.floor() as Tick)
    } else {
        start.saturating_add(u64::from(i / burst).saturating_mul(every))
    }
}

impl Length {
    /// One length drawn: a fixed one as it is, a uniform one between its bounds, an
    /// exponential one rounded to whole ticks, at least 1.
    pub fn draw(self, rng: &mut SplitMix64) -> Tick {
        match self {
            Length::Fixed(n) => n,
            Length::Uniform(lo, hi) => rng.between(lo, hi.max(lo)),
            Length::Exponential(mean) => {
                let x = rng.exponential(mean as f64);
                ((x + 0.5).floor() as Tick).max(1)
            }
        }
    }
}

/// SplitMix64: small, fast, and the same everywhere.
#[derive(Debug, Clone)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        match (hi - lo).checked_add(1) {
            Some(span) => lo + self.next_u64() % span,
            None => self.next_u64(),
        }
    }

    /// A number in (0, 1], with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }

    /// A draw of an exponential distribution with this mean (not rounded).
    pub fn exponential(&mut self, mean: f64) -> f64 {
        -mean * ln(self.unit())
    }

    /// A stream of its own for each `stream` number under one seed.
    pub fn stream(seed: u64, stream: u64) -> SplitMix64 {
        let mut mix = SplitMix64(seed ^ stream.wrapping_mul(0xd1b5_4a32_d192_ed03));
        SplitMix64(mix.next_u64())
    }
}

/// The natural logarithm of `x > 0`, from IEEE basic operations alone (which round
/// the same on every platform, unlike a system `ln`): a seed gives the same draws in
/// the browser as natively.
pub fn ln(x: f64) -> f64 {
    const LN2: f64 = std::f64::consts::LN_2;
    const SQRT2: f64 = std::f64::consts::SQRT_2;
    let bits = x.to_bits();
    let mut exponent = ((bits >> 52) & 0x7ff) as i64 - 1023;
    // The mantissa as a number in [1, 2), then in [1/sqrt 2, sqrt 2).
    let mut m = f64::from_bits((bits & ((1 << 52) - 1)) | (1023 << 52));
    if m > SQRT2 {
        m /= 2.0;
        exponent += 1;
    }
    // ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.172: 12 terms reach 1e-19.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut term = s;
    let mut sum = 0.0;
    for k in 0..12 {
        sum += term / f64::from(2 * k + 1);
        term *= s2;
    }
    2.0 * sum + exponent as f64 * LN2
}
