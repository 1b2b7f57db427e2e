//! Schedules as short strings (one base-36 digit per step: thread 0 is `0`, thread 10
//! is `a`), and the explorer's report as text.

use std::fmt::Write;

use super::{Exploration, FindingKind, MAX_THREADS, Program};

const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
/// The longest schedule a string may hold.
pub const MAX_SCHEDULE: usize = 100_000;

pub fn schedule_to_text(schedule: &[usize]) -> String {
    schedule
        .iter()
        .map(|&t| DIGITS.get(t).map_or('?', |&d| d as char))
        .collect()
}

/// Reads a schedule; on a character that is no thread's digit, says where.
pub fn schedule_from_text(text: &str) -> Result<Vec<usize>, String> {
    if text.len() > MAX_SCHEDULE {
        return Err(format!(
            "a schedule has at most {MAX_SCHEDULE} steps; this one has {}",
            text.len()
        ));
    }
    text.chars()
        .enumerate()
        .map(|(i, c)| {
            let d = c.to_ascii_lowercase();
            DIGITS
                .iter()
                .position(|&x| x as char == d)
                .filter(|&t| t < MAX_THREADS)
                .ok_or_else(|| format!("step {} (\u{201c}{c}\u{201d}) names no thread", i + 1))
        })
        .collect()
}

fn count(n: Option<u128>) -> String {
    n.map_or_else(|| "unbounded".into(), crate::group)
}

/// Thread names along a schedule: `A A B A`.
pub fn schedule_names(program: &Program, schedule: &[usize]) -> String {
    schedule
        .iter()
        .map(|&t| program.threads.get(t).map_or("?", |th| th.name.as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The report `interleave explore` prints.
pub fn render(program: &Program, e: &Exploration) -> String {
    let mut out = String::new();
    let bound = e
        .search
        .preemption_bound
        .map_or(String::new(), |k| format!(" with at most {k} preemptions"));
    let _ = writeln!(
        out,
        "explored {} states and {} transitions{bound}, depth {}",
        crate::group(u128::from(e.states)),
        crate::group(u128::from(e.transitions)),
        e.depth
    );
    if !e.complete {
        let _ = writeln!(
            out,
            "STOPPED at the limit of {} states: the program has more. Counts below are lower \
             bounds, and finding nothing proves nothing. Set a preemption bound, or fewer threads.",
            crate::group(e.search.max_states as u128)
        );
    }
    let _ = writeln!(
        out,
        "interleavings: {}",
        match e.interleavings {
            Some(n) => crate::group(n),
            None if e.complete => "unbounded (some runs can loop forever)".into(),
            None => "unknown (the search is incomplete)".into(),
        }
    );
    if !e.finals.is_empty() {
        let _ = writeln!(out, "\nfinal states (every thread finished):");
        for f in &e.finals {
            let mut values = f
                .values
                .iter()
                .map(|(n, v)| format!("{n} = {v}"))
                .collect::<Vec<_>>()
                .join(", ");
            if values.is_empty() {
                values = "(no shared variables)".into();
            }
            let _ = writeln!(
                out,
                "  {} {values}: {} interleavings, {} states{}",
                if f.ok { "ok " } else { "BAD" },
                count(f.interleavings),
                f.states,
                if f.ok {
                    String::new()
                } else {
                    format!("; shortest: {}", schedule_names(program, &f.schedule))
                }
            );
        }
    }
    if e.findings.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            if e.complete {
                "no bad state: every property holds in every interleaving searched"
            } else {
                "no bad state among those searched"
            }
        );
    } else {
        let _ = writeln!(out, "\nfindings:");
        for f in &e.findings {
            let what = match f.kind {
                FindingKind::Fault => "fault",
                FindingKind::Invariant => "invariant",
                FindingKind::Finally => "finally",
                FindingKind::Deadlock => "deadlock",
                FindingKind::Livelock => "livelock",
            };
            let runs = match f.interleavings {
                Some(n) => format!("{} interleavings, ", crate::group(n)),
                None => String::new(),
            };
            let _ = writeln!(out, "  [{what}] {}", f.message);
            let _ = writeln!(
                out,
                "    {runs}{} states; shortest ({} steps): {}",
                f.states,
                f.schedule.len(),
                schedule_names(program, &f.schedule)
            );
        }
    }
    if let (Some(goal), Some(g)) = (&program.goal, &e.goal) {
        let _ = writeln!(
            out,
            "\ngoal \u{201c}{}\u{201d} reachable in {} steps: {}",
            goal.label,
            g.len(),
            schedule_names(program, g)
        );
    } else if let Some(goal) = &program.goal {
        let _ = writeln!(
            out,
            "\ngoal \u{201c}{}\u{201d} is not reachable",
            goal.label
        );
    }
    out
}
