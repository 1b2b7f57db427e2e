//! A run as text: a per-core Gantt chart and a table of the figures, for the
//! command line and for snapshot tests that read like the lesson they check.

use std::fmt::Write;

use crate::model::Scenario;
use crate::report::{Outcome, Report};

/// The tasks' letters in charts: A for the first declared task, B for the next...
pub fn letter(task: u32) -> char {
    const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    LETTERS.get(task as usize).map_or('*', |&b| b as char)
}

/// One row per core, one column per tick (or per `scale` ticks when the run is long):
/// a task's letter while it runs, `~` while the core switches to it, `.` when idle.
pub fn chart(scenario: &Scenario, report: &Report, max_width: u64) -> String {
    let lowered = scenario.lower();
    let scenario: &Scenario = &lowered;
    let start = scenario.first_arrival();
    let span = report.makespan.max(1);
    let scale = span.div_ceil(max_width.max(1));
    let width = span.div_ceil(scale) as usize;
    let mut out = String::new();
    if scale > 1 {
        let _ = writeln!(
            out,
            "(one column = {scale} ticks; a column shows what ran at its first tick)"
        );
    }
    for (c, slices) in report.trace.cores.iter().enumerate() {
        let mut row = vec!['.'; width];
        for s in slices {
            for (col, cell) in row.iter_mut().enumerate() {
                let tick = start + col as u64 * scale;
                if tick >= s.start && tick < s.end {
                    *cell = if s.switch { '~' } else { letter(s.task) };
                }
            }
        }
        let _ = writeln!(out, "core {c:<2} |{}|", row.into_iter().collect::<String>());
    }
    let mut axis = String::new();
    let mut col = 0;
    while col < width {
        let label = (start + col as u64 * scale).to_string();
        axis.push_str(&format!("{label:<5}"));
        col += 5;
    }
    let _ = writeln!(out, "         {}", axis.trim_end());
    let _ = writeln!(out, "         {}", legend(scenario));
    out
}

/// Which letter stands for which task: `A=fries B=meat ...` (the first 62 tasks).
pub fn legend(scenario: &Scenario) -> String {
    let lowered = scenario.lower();
    let scenario: &Scenario = &lowered;
    let pairs: Vec<String> = scenario
        .tasks
        .iter()
        .enumerate()
        .take(62)
        .map(|(i, t)| format!("{}={}", letter(i as u32), t.name))
        .collect();
    pairs.join(" ")
}

/// The per-task table and the run's figures.
pub fn table(scenario: &Scenario, report: &Report) -> String {
    let lowered = scenario.lower();
    let scenario: &Scenario = &lowered;
    let mut out = String::new();
    let opt = |v: Option<u64>| v.map_or("-".to_string(), |v| v.to_string());
    let width = scenario
        .tasks
        .iter()
        .map(|t| t.name.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(
        out,
        "{:<width$}  arrival  first_run  completion  turnaround  waiting  response",
        "task"
    );
    for t in &report.tasks {
        let _ = writeln!(
            out,
            "{:<width$}  {:>7}  {:>9}  {:>10}  {:>10}  {:>7}  {:>8}",
            t.name,
            t.arrival,
            opt(t.first_run),
            opt(t.completion),
            opt(t.turnaround),
            t.waiting,
            opt(t.response)
        );
    }
    out + &summary(report)
}

/// The last lines of [`table`]: the averages, the run's figures, and a deadlock's cycle.
pub fn summary(report: &Report) -> String {
    let mut out = String::new();
    let a = report.averages();
    let _ = writeln!(
        out,
        "average turnaround {:.2}, waiting {:.2}, response {:.2}",
        a.turnaround, a.waiting, a.response
    );
    let _ = writeln!(
        out,
        "makespan {}, utilization {:.1}%, throughput {:.4} tasks/tick, context switches {}",
        report.makespan,
        report.utilization() * 100.0,
        report.throughput(),
        report.context_switches
    );
    if let Outcome::Deadlock { at, blocked, cycle } = &report.outcome {
        let show = |w: &[crate::report::Wait]| {
            w.iter()
                .map(|w| format!("{} waits for {}", w.task, w.lock))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if cycle.is_empty() {
            let _ = writeln!(
                out,
                "DEADLOCK at tick {at}: {} (the permits are held by finished tasks)",
                show(blocked)
            );
        } else {
            let _ = writeln!(out, "DEADLOCK at tick {at}: cycle {}", show(cycle));
        }
    }
    out
}

/// The figures a server's users feel, as text: latency percentiles, Little's law, the
/// peak, each server's load, and a histogram.
pub fn latency(l: &crate::latency::Latency) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "requests {}, completed {}, throughput {:.4} per tick",
        l.requests, l.completed, l.throughput
    );
    let _ = writeln!(
        out,
        "latency  mean {:.2}  p50 {}  p90 {}  p99 {}  max {}",
        l.mean, l.p50, l.p90, l.p99, l.max
    );
    let little = &l.little;
    let _ = writeln!(
        out,
        "little   L = {:.3} in the system on average; lambda x W = {:.4} x {:.2} = {:.3} ({})",
        little.in_system,
        little.arrival_rate,
        little.time_in_system,
        little.product(),
        if little.holds() {
            "holds"
        } else {
            "does not hold"
        }
    );
    let _ = writeln!(
        out,
        "peak     {} requests in the system at once",
        l.peak_in_system
    );
    for s in &l.utilization {
        let _ = writeln!(
            out,
            "server   {}: {} core{}, {:.1}% busy, {} tasks",
            s.name,
            s.cores,
            if s.cores == 1 { "" } else { "s" },
            100.0 * s.utilization,
            s.tasks
        );
    }
    let h = &l.histogram;
    let most = h.counts.iter().copied().max().unwrap_or(0).max(1);
    let _ = writeln!(out, "latency histogram (ticks):");
    for (i, &n) in h.counts.iter().enumerate() {
        let lo = i as u64 * h.width;
        let bar = "#".repeat(((n * 40).div_ceil(most)) as usize);
        let _ = writeln!(out, "  {:>7}-{:<7} {:>6} {bar}", lo, lo + h.width - 1, n);
    }
    out
}
