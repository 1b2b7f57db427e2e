//! The lesson's results: each workload's four times and what they make (the speedup of
//! four lanes, of N cores, of both, and the product the two would give), in a table, a
//! sentence and a bar chart of speedups on the one chart layer. The result element
//! carries `data-simd-speedup` and `data-total-speedup` (the compute-bound workload's)
//! for tests, each workload's verdict its own, and each time its cell's `data-ms`.

use std::rc::Rc;

use yew::prelude::*;

use interleave_par::lanes::Multiplied;

use super::state::{Figures, Lanes, Workload};
use crate::components::chart::{Axis, Plot, legend};
use crate::lessons::kernels::answer;

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub lesson: Rc<Lanes>,
}

/// A workload in a table's heading.
fn short(workload: Workload) -> &'static str {
    match workload {
        Workload::Compute => "Compute-bound",
        Workload::Memory => "Memory-bound",
    }
}

fn name(workload: Workload) -> &'static str {
    match workload {
        Workload::Compute => "Compute-bound (Mandelbrot, f32)",
        Workload::Memory => "Memory-bound (sum of 32 MiB)",
    }
}

#[function_component(Results)]
pub fn results(props: &ResultsProps) -> Html {
    let lesson = &props.lesson;
    if lesson.timed.is_empty() {
        return html! {};
    }
    let n = lesson.ran.workers;
    let figure = |v: Option<f64>| v.map_or_else(String::new, |v| format!("{v:.2}"));
    let compute = lesson.figures(Workload::Compute);
    // A row for each way (its time for each workload), then a row for each speedup.
    let ways = [(false, false), (true, false), (false, true), (true, true)];
    let time_row = |(lanes, all): (bool, bool)| {
        let way = format!("{}x{}", if lanes { 4 } else { 1 }, if all { n } else { 1 });
        html! {
            <tr>
                <th scope="row">{ format!(
                    "{}, {}",
                    if lanes { "4 lanes" } else { "1 lane" },
                    if all { format!("{n} workers") } else { "1 worker".into() }
                ) }</th>
                { for Workload::ALL.map(|w| match lesson.time(w, lanes, all) {
                    Some(t) => html! {
                        <td data-workload={w.key()} data-way={way.clone()} data-ms={t.ms.to_string()}>
                            { format!("{:.*} ms", usize::from(t.ms < 100.0), t.ms) }
                        </td>
                    },
                    None => html! { <td>{ "\u{2026}" }</td> },
                }) }
            </tr>
        }
    };
    let speedup_row = |label: &str, of: fn(&Multiplied) -> String| {
        html! {
            <tr class="speedup">
                <th scope="row">{ label }</th>
                { for Workload::ALL.map(|w| html! {
                    <td>{ lesson.figures(w).map(|f| of(&f.multiplied)).unwrap_or_default() }</td>
                }) }
            </tr>
        }
    };
    html! {
        <div id="simd-result" class="results"
            data-simd-speedup={figure(compute.map(|f| f.multiplied.lanes))}
            data-total-speedup={figure(compute.map(|f| f.multiplied.total))}>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Times and speedups">
                <table class="simd-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "Lanes, workers" }</th>
                            { for Workload::ALL.map(|w| html! { <th scope="col">{ short(w) }</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for ways.map(time_row) }
                        { speedup_row("Speedup of 4 lanes", |m| format!("{:.2}\u{00d7}", m.lanes)) }
                        { speedup_row(&format!("Speedup of {n} workers"), |m| format!("{:.2}\u{00d7}", m.cores)) }
                        { speedup_row("Speedup of both", |m| format!("{:.2}\u{00d7}", m.total)) }
                        { speedup_row("Their product", |m| format!("{:.2}\u{00d7}", m.product)) }
                    </tbody>
                </table>
            </div>
            { for Workload::ALL.iter().filter_map(|w| lesson.figures(*w)).map(|f| verdict(lesson, f)) }
            <SpeedupChart lesson={lesson.clone()} />
        </div>
    }
}

/// A finished workload in words: how the speedups multiplied, and the answers.
fn verdict(lesson: &Lanes, f: Figures) -> Html {
    let m = f.multiplied;
    let n = lesson.ran.workers;
    let reached = m.reached() * 100.0;
    let why = match (f.workload, reached >= 80.0) {
        (Workload::Compute, true) => "the two multiply: each core has its own vector unit.".into(),
        (Workload::Compute, false) => "less than the product: the machine may have fewer free \
            cores than workers, or the cores share their vector units (hyper-threads)."
            .to_string(),
        (Workload::Memory, true) => format!(
            "they still multiply: {n} workers have not used up this machine's memory \
             bandwidth. With more workers, watch the share fall."
        ),
        (Workload::Memory, false) => "the workers share one memory, and its bandwidth ran out \
            before the lanes and the cores did."
            .to_string(),
    };
    let (kernel, size) = (f.workload.kernel(false), f.workload.size(lesson.ran.scale));
    let (before, value, after) = lesson
        .time(f.workload, false, false)
        .map(|t| answer(kernel, size, t.value))
        .unwrap_or_default();
    html! {
        <p class="verdict" data-workload={f.workload.key()} data-reached={format!("{:.2}", m.reached())}
            data-simd-speedup={format!("{:.2}", m.lanes)} data-total-speedup={format!("{:.2}", m.total)}>
            <strong>{ format!("{}: ", name(f.workload)) }</strong>
            { format!(
                "four lanes ran {:.2}\u{00d7} as fast as one, {n} workers {:.2}\u{00d7} as fast as one, \
                 and both together {:.2}\u{00d7}: {reached:.0}% of {:.2} \u{00d7} {:.2} = {:.2}\u{00d7}; {why} ",
                m.lanes, m.cores, m.total, m.lanes, m.cores, m.product
            ) }
            if f.agree {
                { format!("All four runs gave the same answer. {before}{value}{after}.") }
            } else {
                <span class="error">{ "The runs gave different answers: this is a bug; please report it." }</span>
            }
        </p>
    }
}

/// Speedups against one lane on one worker: a band for each of the four ways, a bar
/// for each workload, and each workload's product of the two speedups marked as a
/// dashed line over its last bar.
#[function_component(SpeedupChart)]
fn speedup_chart(props: &ResultsProps) -> Html {
    let lesson = &props.lesson;
    let n = lesson.ran.workers;
    let ways = [(false, false), (true, false), (false, true), (true, true)];
    let labels = ways.map(|(lanes, all)| {
        format!(
            "{}\u{00d7}{}",
            if lanes { 4 } else { 1 },
            if all { n } else { 1 }
        )
    });
    let speedup = |w: Workload, lanes: bool, all: bool| {
        let base = lesson.time(w, false, false)?.ms;
        Some(base / lesson.time(w, lanes, all)?.ms)
    };
    let products: Vec<f64> = Workload::ALL
        .iter()
        .filter_map(|w| lesson.figures(*w).map(|f| f.multiplied.product))
        .collect();
    let top = Workload::ALL
        .iter()
        .flat_map(|w| ways.map(|(l, a)| speedup(*w, l, a)))
        .flatten()
        .chain(products)
        .fold(1.0f64, f64::max);
    let plot = Plot::new(Axis::bands(labels), Axis::from_zero(top, 4.0));
    let band = (plot.px(1.0) - plot.px(0.0)).abs();
    let bar = band * 0.35;
    let bars = Workload::ALL.iter().enumerate().map(|(k, w)| {
        let offset = (k as f64 - 0.5) * bar;
        let class = if k == 0 { "s-a" } else { "s-b" };
        let product = lesson.figures(*w).map(|f| f.multiplied.product);
        html! {
            <g class={classes!("bars", class)}>
                { for ways.iter().enumerate().filter_map(|(i, (l, a))| {
                    let s = speedup(*w, *l, *a)?;
                    let (x, y) = (plot.px(i as f64) + offset - bar / 2.0, plot.py(s));
                    Some(html! {
                        <rect x={format!("{x:.1}")} y={format!("{y:.1}")}
                            width={format!("{:.1}", bar * 0.9)} height={format!("{:.1}", plot.floor() - y)} />
                    })
                }) }
                if let Some(p) = product {
                    <line class="product" x1={format!("{:.1}", plot.px(3.0) + offset - bar / 2.0)}
                        x2={format!("{:.1}", plot.px(3.0) + offset + bar / 2.0)}
                        y1={format!("{:.1}", plot.py(p))} y2={format!("{:.1}", plot.py(p))} />
                }
            </g>
        }
    });
    let label = Workload::ALL
        .iter()
        .filter_map(|w| lesson.figures(*w))
        .map(|f| {
            format!(
                "{}: four lanes {:.2}x, {n} workers {:.2}x, both {:.2}x against a product of {:.2}x.",
                name(f.workload),
                f.multiplied.lanes,
                f.multiplied.cores,
                f.multiplied.total,
                f.multiplied.product
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    html! {
        <div class="simd-chart">
            { plot.figure(
                Some("simd-chart".into()),
                classes!(),
                if label.is_empty() { "Speedups, as they are measured.".into() } else { label },
                html! { { for bars } },
                format!("Speedup against 1 lane on 1 worker, for lanes \u{00d7} workers; the dash over {n} workers with 4 lanes is the product of the two speedups"),
            ) }
            { legend(&[("s-a", name(Workload::Compute).into()), ("s-b", name(Workload::Memory).into())]) }
        </div>
    }
}
