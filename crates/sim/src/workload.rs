//! Generated workloads, for benchmarks and for lessons that need many tasks. Seeded
//! with the portable generator (`random::SplitMix64`): the same seed gives the same
//! scenario on every platform.

use crate::model::{Policy, Queues, Scenario, Step, Task};
pub use crate::random::{SplitMix64, ln};

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
