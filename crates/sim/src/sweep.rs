//! The same workload over several machines: core counts or policies.

use crate::engine::{Options, simulate_with};
use crate::model::{Policy, Scenario, Tick};

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Point {
    pub cores: u32,
    pub policy: String,
    pub makespan: Tick,
    /// The makespan of the sweep's first point over this one's.
    pub speedup: f64,
    pub utilization: f64,
    pub deadlock: bool,
}

/// Runs `scenario` once per core count.
pub fn cores(scenario: &Scenario, counts: &[u32]) -> Vec<Point> {
    let runs = counts.iter().map(|&cores| Scenario {
        cores,
        ..scenario.clone()
    });
    points(runs)
}

/// Runs `scenario` once per policy.
pub fn policies(scenario: &Scenario, policies: &[Policy]) -> Vec<Point> {
    let runs = policies.iter().map(|&policy| Scenario {
        policy,
        ..scenario.clone()
    });
    points(runs)
}

fn points(runs: impl Iterator<Item = Scenario>) -> Vec<Point> {
    let mut baseline = None;
    runs.map(|s| {
        let report = simulate_with(&s, Options { trace: false });
        let base = *baseline.get_or_insert(report.makespan);
        Point {
            cores: s.cores,
            policy: s.policy.to_string(),
            makespan: report.makespan,
            speedup: if report.makespan == 0 {
                1.0
            } else {
                base as f64 / report.makespan as f64
            },
            utilization: report.utilization(),
            deadlock: report.deadlocked(),
        }
    })
    .collect()
}
