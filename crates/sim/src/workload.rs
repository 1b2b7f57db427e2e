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
        lo + self.next_u64() % (hi - lo + 1)
    }
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
    }
}
