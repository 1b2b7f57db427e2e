//! A system lab's results in words and numbers: the figures of A and B side by side,
//! Little's law checked on each, and each run's timeline.

use super::state::Run;
use super::*;

/// "p50 p90 p99 max requests peak memory": the figures the tests read.
fn fig(l: &Latency) -> String {
    format!(
        "{} {} {} {} {} {} {}",
        l.p50, l.p90, l.p99, l.max, l.requests, l.peak_in_system, l.peak_memory_kib
    )
}

/// A row of the figures table: its name, what it means, and how to show it.
type Row = (&'static str, &'static str, fn(&Latency) -> String);

#[derive(Properties, PartialEq)]
pub(super) struct FiguresProps {
    pub(super) a: Rc<Run>,
    pub(super) b: Option<Rc<Run>>,
}

/// Each figure of A and B side by side, and Little's law for each.
#[function_component(FiguresTable)]
pub(super) fn figures_table(props: &FiguresProps) -> Html {
    let runs: Vec<&Rc<Run>> = std::iter::once(&props.a).chain(props.b.as_ref()).collect();
    let rows: [Row; 10] = [
        ("Requests", "requests that arrived (and completed)", |l| {
            if l.completed == l.requests {
                l.requests.to_string()
            } else {
                format!("{} ({} completed)", l.requests, l.completed)
            }
        }),
        (
            "p50",
            "half the requests took at most this long (ticks)",
            |l| l.p50.to_string(),
        ),
        ("p90", "90 % took at most this long", |l| l.p90.to_string()),
        ("p99", "99 % took at most this long: the tail", |l| {
            l.p99.to_string()
        }),
        ("Slowest", "the longest any request took", |l| {
            l.max.to_string()
        }),
        ("Mean", "the average latency", |l| format!("{:.1}", l.mean)),
        ("Throughput", "requests completed per 100 ticks", |l| {
            if l.throughput.is_finite() {
                format!("{} / 100 ticks", significant(100.0 * l.throughput))
            } else {
                "\u{2014} (no time passed)".into()
            }
        }),
        (
            "Most in progress at once",
            "with a thread each, the threads needed",
            |l| l.peak_in_system.to_string(),
        ),
        (
            "Memory held at the peak",
            "the most requests holding memory at once (with a pool: holding a thread), times the \
             memory line's KiB each",
            |l| {
                if l.peak_memory_kib == 0 {
                    "not modelled".into()
                } else {
                    format!(
                        "{} MiB ({} \u{00d7} {} KiB)",
                        significant(l.peak_memory_kib as f64 / 1024.0),
                        l.peak_holding,
                        l.peak_memory_kib / u64::from(l.peak_holding.max(1))
                    )
                }
            },
        ),
        ("Busy", "share of the cores' time spent computing", |l| {
            l.utilization
                .iter()
                .map(|s| {
                    if l.utilization.len() == 1 {
                        format!("{:.0} %", 100.0 * s.utilization)
                    } else {
                        format!("{} {:.0} %", s.name, 100.0 * s.utilization)
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        }),
    ];
    html! {
        <div class="systems-figures">
            <div class="table-wrap">
                <table id="systems-table" data-a={fig(&props.a.latency)}
                    data-b={props.b.as_ref().map(|b| fig(&b.latency)).unwrap_or_default()}>
                    <thead><tr>
                        <th scope="col">{ "Figure" }</th>
                        { for runs.iter().map(|r| html! { <th scope="col">{ &r.label }</th> }) }
                    </tr></thead>
                    <tbody>
                        { for rows.iter().map(|(name, title, f)| html! {
                            <tr>
                                <th scope="row" title={*title}>{ *name }</th>
                                { for runs.iter().map(|r| html! { <td>{ f(&r.latency) }</td> }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            { for runs.iter().map(|r| {
                let l = &r.latency.little;
                html! {
                    <p class={classes!("little", if l.holds() { "holds" } else { "fails" })}>
                        <strong>{ "Little's law" }</strong>
                        { format!(" ({}): on average L = {:.2} requests were in the system; \u{03bb} \u{00d7} W = {:.4} arrivals a tick \u{00d7} {:.2} ticks each = {:.2}. {}",
                            r.label, l.in_system, l.arrival_rate, l.time_in_system, l.product(),
                            if l.holds() { "They agree." } else { "They disagree: please report this." }) }
                    </p>
                }
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct RunTimelineProps {
    pub(super) run: Rc<Run>,
}

/// The run's timeline (per-core lanes, then the first tasks' lanes), zoomable.
#[function_component(RunTimeline)]
pub(super) fn run_timeline(props: &RunTimelineProps) -> Html {
    let lanes = props.run.lanes.clone();
    let full = (
        lanes.start as f64,
        lanes.end().max(lanes.start + 1) as f64 + 0.5,
    );
    let view = use_state(|| full);
    let cursor = use_state(|| lanes.start);
    {
        let view = view.clone();
        use_effect_with(props.run.clone(), move |_| view.set(full));
    }
    let on_view = {
        let view = view.clone();
        Callback::from(move |v| view.set(v))
    };
    let on_cursor = {
        let cursor = cursor.clone();
        Callback::from(move |t| cursor.set(t))
    };
    html! {
        <Timeline lanes={lanes} label={AttrValue::from(props.run.label.clone())} view={*view}
            cursor={*cursor} on_cursor={on_cursor} on_view={on_view} on_step={Callback::noop()} />
    }
}
