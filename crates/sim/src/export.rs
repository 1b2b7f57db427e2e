//! A run in other tools' formats: Chrome's trace event format (Perfetto and
//! chrome://tracing open it; one tick is shown as one millisecond) and SVG.

use std::fmt::Write;

use crate::gantt::{legend, letter};
use crate::model::Scenario;
use crate::report::{Report, State};
use crate::timeline::{Gantt, Mark};

/// Escapes text for SVG (XML) text and attributes.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Escapes a string for a JSON string literal.
fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The run in Chrome's trace event format: a thread per core with its slices, and a
/// thread per task with its waits (ready, I/O, lock).
pub fn chrome_trace(scenario: &Scenario, report: &Report) -> String {
    let lowered = scenario.lower();
    let scenario: &Scenario = &lowered;
    let mut events = vec![r#"{"name":"process_name","ph":"M","pid":1,"args":{"name":"Interleave simulation (1 tick = 1 ms)"}}"#.to_string()];
    let us = |t: u64| t.saturating_mul(1000);
    for (c, slices) in report.trace.cores.iter().enumerate() {
        events.push(format!(
            r#"{{"name":"thread_name","ph":"M","pid":1,"tid":{c},"args":{{"name":"core {c}"}}}}"#
        ));
        for s in slices {
            let name = &scenario.tasks[s.task as usize].name;
            let (label, cat) = if s.switch {
                (format!("switch to {name}"), "switch")
            } else {
                (name.clone(), "run")
            };
            events.push(format!(
                r#"{{"name":{},"cat":"{cat}","ph":"X","ts":{},"dur":{},"pid":1,"tid":{c}}}"#,
                json_str(&label),
                us(s.start),
                us(s.end - s.start)
            ));
        }
    }
    let base = report.trace.cores.len() + 1;
    let mut open: Vec<Option<(u64, &str)>> = vec![None; scenario.tasks.len()];
    for (i, task) in scenario.tasks.iter().enumerate() {
        events.push(format!(
            r#"{{"name":"thread_name","ph":"M","pid":1,"tid":{},"args":{{"name":{}}}}}"#,
            base + i,
            json_str(&format!("task {}", task.name))
        ));
    }
    for change in &report.trace.changes {
        let t = change.task as usize;
        if let Some((since, what)) = open[t].take()
            && change.time > since
        {
            events.push(format!(
                r#"{{"name":"{what}","cat":"wait","ph":"X","ts":{},"dur":{},"pid":1,"tid":{}}}"#,
                us(since),
                us(change.time - since),
                base + t
            ));
        }
        open[t] = match change.state {
            State::Ready => Some((change.time, "ready")),
            State::Io => Some((change.time, "io")),
            State::Blocked(_) => Some((change.time, "lock")),
            _ => None,
        };
    }
    format!(
        "{{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n{}\n]}}\n",
        events.join(",\n")
    )
}

/// The per-core timeline as a standalone SVG: each slice a bar with the task's letter
/// (and the legend), switches grey.
pub fn svg(scenario: &Scenario, report: &Report) -> String {
    let lowered = scenario.lower();
    let scenario: &Scenario = &lowered;
    const PALETTE: [&str; 8] = [
        "#4263eb", "#e8590c", "#2f9e44", "#ae3ec9", "#1098ad", "#f08c00", "#d6336c", "#5c940d",
    ];
    let gantt = Gantt::of_run(scenario, report, &[], 0);
    let span = (gantt.end - gantt.start).max(1.0);
    let (gutter, width, lane) = (70.0, 900.0, 28.0);
    let height = gantt.lanes.len() as f64 * lane + 50.0;
    let x = |t: f64| gutter + (t - gantt.start) / span * width;
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {height}" font-family="sans-serif" font-size="12">"#,
        gutter + width + 10.0
    );
    out.push_str(r#"<rect width="100%" height="100%" fill="white"/>"#);
    for (c, core) in gantt.lanes.iter().enumerate() {
        let y = c as f64 * lane + 4.0;
        let _ = write!(
            out,
            r#"<text x="4" y="{}">{}</text>"#,
            y + 17.0,
            escape(&core.name)
        );
        for bar in core.bars() {
            let (x0, x1) = (x(bar.start), x(bar.end));
            let switch = bar.mark == Mark::Switch;
            let fill = if switch {
                "#adb5bd"
            } else {
                PALETTE[bar.owner as usize % 8]
            };
            let name = escape(&scenario.tasks[bar.owner as usize].name);
            let _ = write!(
                out,
                r#"<rect x="{x0:.2}" y="{y}" width="{:.2}" height="{}" fill="{fill}"><title>{} {}..{}</title></rect>"#,
                (x1 - x0).max(0.5),
                lane - 6.0,
                if switch {
                    format!("switch to {name}")
                } else {
                    name
                },
                bar.start,
                bar.end
            );
            if !switch && x1 - x0 > 12.0 {
                let _ = write!(
                    out,
                    r#"<text x="{:.2}" y="{}" fill="white">{}</text>"#,
                    x0 + 3.0,
                    y + 16.0,
                    letter(bar.owner)
                );
            }
        }
    }
    let _ = write!(
        out,
        r#"<text x="{gutter}" y="{}">{} .. {} ticks</text><text x="{gutter}" y="{}">{}</text></svg>"#,
        height - 26.0,
        gantt.start,
        gantt.end,
        height - 8.0,
        escape(&legend(scenario))
    );
    out
}
