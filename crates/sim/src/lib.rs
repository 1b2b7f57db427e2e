//! The core of Interleave: a deterministic discrete-event simulator of tasks (CPU
//! bursts, I/O waits, locks) on simulated cores under scheduling policies.
//!
//! It knows nothing of the browser, reads no clock and draws no platform randomness:
//! a run is a pure function of its scenario. Time is integer ticks.
//!
//! [`program`] holds the other model: threads sharing memory, stepped one atomic step
//! at a time, and an explorer of all their interleavings.
//!
//! ```
//! let scenario = interleave_sim::parse("cores 1\npolicy rr quantum=2\ntask a: cpu 3\ntask b: cpu 2").unwrap();
//! let report = interleave_sim::simulate(&scenario);
//! assert_eq!(report.makespan, 5);
//! ```

pub mod bound;
mod engine;
pub mod export;
mod format;
pub mod gantt;
pub mod latency;
mod lower;
pub mod messaging;
mod model;
mod parse;
mod policy;
pub mod program;
mod queue;
pub mod random;
mod report;
mod stats;
pub mod sweep;
pub mod syntax;
pub mod theory;
mod time;
pub mod timeline;
mod trace;
pub mod workload;

pub use bound::{Bound, Focus, Refusal, Source};
pub use engine::{Options, Simulation, simulate, simulate_with};
pub use lower::THREADS_LOCK;
pub use model::{
    Balance, Invalid, Job, Length, Limits, Lock, Mlfq, Pattern, Policy, Queues, Requests, Scenario,
    Server, Step, Task, Tick,
};
pub use parse::{MAX_TEXT, SYNTAX, parse, parse_with};
pub use report::{
    Averages, Change, Demotion, Outcome, Report, Slice, State, TaskMetrics, Trace, Wait,
};
pub use syntax::{Diagnostic, Diagnostics};
pub use trace::{Overlap, Snapshot, Span, Waiting, Waits};

/// 1234567 -> "1,234,567": the figures the core writes in its messages.
pub(crate) fn group(n: u128) -> String {
    digits(n, ',')
}

/// A whole number with `separator` between groups of three digits.
pub fn digits(n: u128, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}
