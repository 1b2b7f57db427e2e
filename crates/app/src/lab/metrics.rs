//! The figures of a run, with one-line definitions, and the difference between two runs.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::rows::Rows;
use crate::components::timeline::lanes::Lanes;

const DEFINITIONS: &[(&str, &str)] = &[
    ("arrival", "the tick the task arrives"),
    ("first run", "the first tick it runs on a core"),
    ("completion", "the tick it finishes"),
    ("turnaround", "completion minus arrival"),
    ("waiting", "ticks spent ready, waiting for a core"),
    ("response", "first run minus arrival"),
];

#[derive(Properties, PartialEq)]
pub struct MetricsProps {
    pub lanes: Rc<Lanes>,
}

#[function_component(Metrics)]
pub fn metrics(props: &MetricsProps) -> Html {
    let r = &props.lanes.report;
    let a = props.lanes.averages;
    let head = html! {
        <>
            <th scope="col">{ "Task" }</th>
            { for DEFINITIONS.iter().map(|(h, d)| html! { <th scope="col"><abbr title={*d}>{ *h }</abbr></th> }) }
        </>
    };
    let row = {
        let lanes = props.lanes.clone();
        Callback::from(move |i: usize| {
            let t = &lanes.report.tasks[i];
            let opt = |v: Option<u64>| v.map_or("\u{2013}".to_string(), |v| v.to_string());
            html! {
                <>
                    <th scope="row">{ &t.name }</th>
                    <td>{ t.arrival }</td><td>{ opt(t.first_run) }</td><td>{ opt(t.completion) }</td>
                    <td>{ opt(t.turnaround) }</td><td>{ t.waiting }</td><td>{ opt(t.response) }</td>
                </>
            }
        })
    };
    html! {
        <div class="metrics">
            <dl class="figures" id="figures">
                <div title="first arrival to last completion"><dt>{ "Makespan" }</dt><dd id="makespan">{ r.makespan }</dd></div>
                <div title="busy core-ticks over all core-ticks"><dt>{ "Utilization" }</dt><dd>{ format!("{:.1} %", r.utilization() * 100.0) }</dd></div>
                <div title="completed tasks per tick"><dt>{ "Throughput" }</dt><dd>{ format!("{:.3}/tick", r.throughput()) }</dd></div>
                <div title="a core starting a task other than the last one it ran"><dt>{ "Context switches" }</dt><dd>{ r.context_switches }</dd></div>
                <div title="average over completed tasks"><dt>{ "Avg waiting" }</dt><dd id="avg-waiting">{ format!("{:.2}", a.waiting) }</dd></div>
                <div title="average over completed tasks"><dt>{ "Avg turnaround" }</dt><dd>{ format!("{:.2}", a.turnaround) }</dd></div>
                <div title="average over completed tasks"><dt>{ "Avg response" }</dt><dd>{ format!("{:.2}", a.response) }</dd></div>
            </dl>
            <p class="per-core">
                { "Utilization per core: " }
                { r.core_utilization().iter().enumerate().map(|(c, u)| format!("core {c} {:.0} %", u * 100.0)).collect::<Vec<_>>().join(", ") }
            </p>
            if let interleave_sim::Outcome::Deadlock { at, cycle, .. } = &r.outcome {
                <p class="error deadlock" role="alert">
                    { format!("Deadlock at tick {at}: ") }
                    { if cycle.is_empty() { "the tasks wait for permits held by tasks that finished.".to_string() } else {
                        cycle.iter().map(|w| format!("{} waits for {}", w.task, w.lock)).collect::<Vec<_>>().join(", then ")
                    } }
                </p>
            }
            <Rows label={format!("Each task's figures, {} tasks", r.tasks.len())} class="task-table"
                  head={head} rows={r.tasks.len()} columns={DEFINITIONS.len() + 1} {row} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub a: Rc<Lanes>,
    pub b: Rc<Lanes>,
}

/// Each figure for both runs and the difference.
#[function_component(Compare)]
pub fn compare(props: &CompareProps) -> Html {
    let (a, b) = (&props.a.report, &props.b.report);
    let (aa, ba) = (props.a.averages, props.b.averages);
    let rows: [(&str, f64, f64); 6] = [
        ("Makespan", a.makespan as f64, b.makespan as f64),
        (
            "Utilization %",
            a.utilization() * 100.0,
            b.utilization() * 100.0,
        ),
        (
            "Context switches",
            a.context_switches as f64,
            b.context_switches as f64,
        ),
        ("Avg waiting", aa.waiting, ba.waiting),
        ("Avg turnaround", aa.turnaround, ba.turnaround),
        ("Avg response", aa.response, ba.response),
    ];
    let speedup = if b.makespan == 0 {
        1.0
    } else {
        a.makespan as f64 / b.makespan as f64
    };
    html! {
        <div class="compare">
            <p id="compare-speedup">
                { format!("{} against {}: the makespan changes {speedup:.2}\u{00d7}.", describe(&props.b.scenario), describe(&props.a.scenario)) }
            </p>
            <div class="table-wrap">
            <table class="compare-table">
                <thead><tr>
                    <th scope="col">{ "Figure" }</th>
                    <th scope="col">{ describe(&props.a.scenario) }</th>
                    <th scope="col">{ describe(&props.b.scenario) }</th>
                    <th scope="col">{ "Difference" }</th>
                </tr></thead>
                <tbody>
                    { for rows.iter().map(|(name, x, y)| html! {
                        <tr><th scope="row">{ *name }</th><td>{ fmt(*x) }</td><td>{ fmt(*y) }</td><td>{ format!("{:+}", round2(y - x)) }</td></tr>
                    }) }
                </tbody>
            </table>
            </div>
        </div>
    }
}

/// "4 cores, rr:2, switch 1": a configuration in a few words.
fn describe(s: &interleave_sim::Scenario) -> String {
    let cores = if s.cores == 1 {
        "1 core".to_string()
    } else {
        format!("{} cores", s.cores)
    };
    // The one-word form while it is short; an MLFQ of many options in words, which
    // wrap on a phone.
    let short = s.policy.short();
    let policy = if short.contains('=') {
        s.policy.to_string()
    } else {
        short
    };
    format!("{cores}, {policy}, switch {}", s.switch_cost)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn fmt(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}
