//! Generated workloads, for benchmarks and for lessons that need many tasks. Seeded
//! with a portable generator (SplitMix64): the same seed gives the same scenario on
//! every platform.

use crate::model::{Policy, Queues, Scenario, Step, Task};

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

/// `tasks` tasks on `cores` cores under round robin (quantum 4): each computes, waits
/// for I/O, and computes again; they arrive a few per tick, so the ready queue stays
/// long and the cores busy.
pub fn round_robin_mix(tasks: u32, cores: u32, seed: u64) -> Scenario {
    let mut rng = SplitMix64(seed);
    let mut arrive = 0;
    let tasks = (0..tasks)
        .map(|i| {
            arrive += rng.between(0, 2);
            Task {
                name: format!("t{i}"),
                arrive,
                priority: 0,
                steps: vec![
                    Step::Cpu(rng.between(1, 12)),
                    Step::Io(rng.between(1, 20)),
                    Step::Cpu(rng.between(1, 12)),
                ],
                server: None,
                parent: None,
                backup_of: None,
            }
        })
        .collect();
    Scenario {
        cores,
        policy: Policy::RoundRobin { quantum: 4 },
        switch_cost: 1,
        queues: Queues::Global,
        locks: Vec::new(),
        tasks,
        ..Scenario::default()
    }
}
