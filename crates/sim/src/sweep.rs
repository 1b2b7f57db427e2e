//! The same workload over several machines: core counts or policies. Every point's
//! run is bounded before any runs: a workload fine on one machine can be too large on
//! another (a quantum of 1, a thousand cores).

use crate::engine::{Options, simulate_with};
use crate::model::{Invalid, Limits, Policy, Scenario, Tick};

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

/// Runs `scenario` once per core count, or says which point is too large to run.
pub fn cores(scenario: &Scenario, counts: &[u32], limits: &Limits) -> Result<Vec<Point>, Invalid> {
    let runs = varied(scenario, counts, |s, &cores| s.cores = cores);
    points(runs, limits, |s| format!("on {} cores", s.cores))
}

/// Runs `scenario` once per policy, or says which point is too large to run.
pub fn policies(
    scenario: &Scenario,
    policies: &[Policy],
    limits: &Limits,
) -> Result<Vec<Point>, Invalid> {
    let runs = varied(scenario, policies, |s, policy| s.policy = policy.clone());
    points(runs, limits, |s| format!("under {}", s.policy))
}

/// A copy of `scenario` per value, each changed by `set`.
fn varied<T>(scenario: &Scenario, values: &[T], set: fn(&mut Scenario, &T)) -> Vec<Scenario> {
    values
        .iter()
        .map(|v| {
            let mut s = scenario.clone();
            set(&mut s, v);
            s
        })
        .collect()
}

fn points(
    runs: Vec<Scenario>,
    limits: &Limits,
    name: impl Fn(&Scenario) -> String,
) -> Result<Vec<Point>, Invalid> {
    for s in &runs {
        s.check_bound(limits)
            .map_err(|e| Invalid(format!("{}: {e}", name(s))))?;
    }
    let mut baseline = None;
    Ok(runs
        .into_iter()
        .map(|s| {
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
        .collect())
}
