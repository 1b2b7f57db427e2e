//! Schedules as short strings (one base-36 digit per step: thread 0 is `0`, thread 10
//! is `a`), and the reports of the explorer and of random search as text.

use std::fmt::Write;

use super::{Exploration, Final, Finding, FindingKind, MAX_THREADS, Program, Sampled, Strategy};

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
    finals(&mut out, program, &e.finals, "interleavings");
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
    }
    findings(&mut out, program, &e.findings, "interleavings");
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

/// Where every thread finished, by the shared values: how many `unit` (interleavings,
/// runs) end there, and a shortest schedule to each bad one.
fn finals(out: &mut String, program: &Program, finals: &[Final], unit: &str) {
    if finals.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nfinal states (every thread finished):");
    for f in finals {
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
            "  {} {values}: {} {unit}, {} states{}",
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

/// Everything that went wrong, with how many `unit` end so and a shortest schedule.
fn findings(out: &mut String, program: &Program, findings: &[Finding], unit: &str) {
    if findings.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nfindings:");
    for f in findings {
        let what = match f.kind {
            FindingKind::Fault => "fault",
            FindingKind::Invariant => "invariant",
            FindingKind::Finally => "finally",
            FindingKind::Deadlock => "deadlock",
            FindingKind::Livelock => "livelock",
        };
        let runs = match f.interleavings {
            Some(n) => format!("{} {unit}, ", crate::group(n)),
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
        if f.kind == FindingKind::Invariant {
            let _ = writeln!(out, "    {INVARIANT_STOPS}");
        }
    }
}

/// Where the runs that break an `always` property are counted.
pub const INVARIANT_STOPS: &str = "a run stops where an \u{201c}always\u{201d} property breaks: \
     such runs are counted here, not among the final states";

/// The report `interleave explore --random` prints.
pub fn render_sampled(program: &Program, s: &Sampled) -> String {
    let mut out = String::new();
    let how = match s.random.strategy {
        Strategy::Walk => "random walks".to_string(),
        Strategy::Pct { depth } => format!("PCT of depth {depth}"),
    };
    let _ = writeln!(
        out,
        "{} runs drawn by {how} (seed {}), the longest {} steps",
        crate::group(u128::from(s.runs)),
        s.random.seed,
        s.longest
    );
    if s.cut > 0 {
        let _ = writeln!(
            out,
            "{} runs cut at {} steps: they may loop forever",
            crate::group(u128::from(s.cut)),
            s.random.max_steps
        );
    }
    if let Some(bound) = s.bound {
        let _ = writeln!(
            out,
            "PCT finds a given bug of this depth in one run with probability at least {bound:.3e} \
             (1/(n\u{b7}k^(d\u{2212}1)), n threads, k = {} steps)",
            s.longest.max(1)
        );
    }
    finals(&mut out, program, &s.finals, "runs");
    if s.findings.is_empty() {
        let _ = writeln!(
            out,
            "\nno bad state in the runs drawn: random search proves nothing, a bug may still be there"
        );
    }
    findings(&mut out, program, &s.findings, "runs");
    out
}
