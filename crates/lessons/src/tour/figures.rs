//! The simulated figures the tour's summary quotes, each from its step's own runs.

use interleave_sim::Tick;
use interleave_sim::program::Value;

use super::{Outcome, STEPS, deadlocked_runs, most, speedups};
use crate::programs::bad_runs;

/// The simulated figures the summary quotes, each from its step's own runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    /// The chef's orders, all done: one cook, three cooks.
    pub cooks: (Tick, Tick),
    /// Speedup on 4 cores: the tasks that compute, the requests that wait.
    pub on_four: (f64, f64),
    /// Quantum 1 against quantum 20: switches, makespans, average responses.
    pub switches: (u64, u64),
    pub makespans: (Tick, Tick),
    pub responses: (f64, f64),
    /// Two read-add-write increments: the interleavings that lose an update, of all.
    pub lost: (u128, u128),
    /// The most threads holding a connection at once: one key, a bowl of two.
    pub inside: (Value, Value),
    /// Locks in opposite orders: the runs that deadlock, of all runs.
    pub deadlocks: (u128, u128),
    /// The p99 latency of the same requests served by event loops, a pool of
    /// threads, a thread per request and goroutines.
    pub p99: [Tick; 4],
    /// A query's p99 on 1 shard and fanned out to 16.
    pub fan_out: (Tick, Tick),
}

/// Runs every step, for the summary: its figures and every step's answer come from
/// these one set of runs.
pub fn outcomes() -> Vec<Outcome> {
    STEPS.iter().map(super::Step::run).collect()
}

/// The figures the summary quotes, from every step's runs ([`outcomes`]).
pub fn figures() -> Figures {
    Figures::of(outcomes().iter())
}

impl Figures {
    /// The figures from `outcomes`, one for each step in order.
    pub fn of<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> Figures {
        let outcomes: Vec<&Outcome> = outcomes.into_iter().collect();
        let runs_of = |id: &str| -> &Outcome {
            let i = STEPS.iter().position(|s| s.id == id);
            outcomes[i.expect("a step of the tour")]
        };
        let cooks = &runs_of("three-cooks").reports;
        let s = speedups(&runs_of("waiting-working").reports, 6);
        let q = &runs_of("switching-cost").reports;
        let (first, last) = (&q[0], &q[q.len() - 1]);
        let sharing = &runs_of("sharing").explored;
        let keys = &runs_of("keys").programs;
        let stuck = &runs_of("deadlock").explored[0];
        let finished: u128 = stuck.finals.iter().filter_map(|f| f.interleavings).sum();
        let servers: Vec<Tick> = runs_of("servers").latencies.iter().map(|l| l.p99).collect();
        let inside = |i: usize| most(&keys[i], "in_use").unwrap_or_default();
        Figures {
            cooks: (cooks[0].makespan, cooks[1].makespan),
            on_four: (s[0][3].1, s[1][3].1),
            switches: (first.context_switches, last.context_switches),
            makespans: (first.makespan, last.makespan),
            responses: (first.averages().response, last.averages().response),
            lost: (
                bad_runs(&sharing[0]),
                sharing[0].interleavings.unwrap_or_default(),
            ),
            inside: (inside(0), inside(1)),
            deadlocks: (deadlocked_runs(stuck), finished + deadlocked_runs(stuck)),
            p99: [servers[0], servers[1], servers[2], servers[3]],
            fan_out: (servers[7], servers[9]),
        }
    }
}
