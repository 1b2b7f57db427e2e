//! The systems lab's charts, in SVG: the latency histogram, requests in the system over
//! time, and the knob sweep (latency on a log scale, throughput). Every chart has a
//! text alternative; the sweep also has a table.

use interleave_sim::Tick;
use interleave_sim::latency::{Histogram as Bars, Point};
use yew::prelude::*;

use crate::components::chart::{self, Axis, Plot};

use super::SweepPoint;

fn legend(b: bool, b_label: &str) -> Html {
    let mut entries = vec![("s-a", "as written".to_string())];
    if b {
        entries.push(("s-b", b_label.to_string()));
    }
    chart::legend(&entries)
}

#[derive(Properties, PartialEq)]
pub struct HistogramProps {
    pub a: Bars,
    pub b: Option<Bars>,
}

/// How many requests took how long: bars of A and, beside them, of B.
#[function_component(Histogram)]
pub fn histogram(props: &HistogramProps) -> Html {
    let sets: Vec<&Bars> = std::iter::once(&props.a).chain(props.b.as_ref()).collect();
    // One bar width for both: the wider, so that both fit.
    let width = sets.iter().map(|h| h.width).max().unwrap_or(1).max(1);
    let rebin = |h: &Bars| -> Vec<u64> {
        let mut out = Vec::new();
        for (i, &n) in h.counts.iter().enumerate() {
            let bin = (i as u64 * h.width / width) as usize;
            if out.len() <= bin {
                out.resize(bin + 1, 0);
            }
            out[bin] += n;
        }
        out
    };
    let binned: Vec<Vec<u64>> = sets.iter().map(|h| rebin(h)).collect();
    let bins = binned.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let top = binned.iter().flatten().copied().max().unwrap_or(1).max(1) as f64;
    let plot = Plot::new(
        Axis::span(0.0, (bins as u64 * width) as f64, 6.0, true),
        Axis::from_zero(top, 4.0),
    );
    let slot = plot.px(width as f64) - plot.px(0.0);
    let bar = slot / sets.len() as f64;
    let label = format!(
        "Latency histogram, bars {width} ticks wide. As written: {}.{}",
        describe(&binned[0], width),
        binned
            .get(1)
            .map(|b| format!(" Compared: {}.", describe(b, width)))
            .unwrap_or_default()
    );
    let bars = html! {
        { for binned.iter().enumerate().map(|(k, counts)| html! {
            <g class={if k == 0 { "bars s-a" } else { "bars s-b" }}>
                { for counts.iter().enumerate().filter(|(_, n)| **n > 0).map(|(i, &n)| html! {
                    <rect x={format!("{:.1}", plot.px((i as u64 * width) as f64) + k as f64 * bar)}
                        width={format!("{:.1}", (bar - 0.5).max(0.5))}
                        y={format!("{:.1}", plot.py(n as f64))} height={format!("{:.1}", plot.floor() - plot.py(n as f64))}>
                        <title>{ format!("{n} requests took {}..{} ticks", i as u64 * width, (i as u64 + 1) * width - 1) }</title>
                    </rect>
                }) }
            </g>
        }) }
    };
    let caption = "How many requests took how long (ticks)".to_string();
    plot.figure(
        Some("systems-histogram".into()),
        classes!(),
        label,
        bars,
        caption,
    )
}

fn describe(counts: &[u64], width: Tick) -> String {
    let total: u64 = counts.iter().sum();
    let busiest = counts
        .iter()
        .enumerate()
        .max_by_key(|(_, n)| **n)
        .map_or(0, |(i, _)| i as u64);
    format!(
        "{total} requests, most of them between {} and {} ticks, the slowest under {}",
        busiest * width,
        (busiest + 1) * width,
        counts.len() as u64 * width
    )
}

#[derive(Properties, PartialEq)]
pub struct TimeSeriesProps {
    pub a: Vec<Point>,
    pub b: Option<Vec<Point>>,
}

/// Requests in the system, and tasks waiting for a core, over time.
#[function_component(TimeSeries)]
pub fn time_series(props: &TimeSeriesProps) -> Html {
    let sets: Vec<&Vec<Point>> = std::iter::once(&props.a).chain(props.b.as_ref()).collect();
    let t0 = sets
        .iter()
        .filter_map(|s| s.first())
        .map(|p| p.time)
        .min()
        .unwrap_or(0);
    let t1 = sets
        .iter()
        .filter_map(|s| s.last())
        .map(|p| p.time)
        .max()
        .unwrap_or(1)
        .max(t0 + 1);
    let top = sets
        .iter()
        .flat_map(|s| s.iter())
        .map(|p| p.in_system.max(p.waiting_for_core))
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let plot = Plot::new(
        Axis::span(t0 as f64, t1 as f64, 5.0, true),
        Axis::from_zero(top, 4.0),
    );
    let line = |s: &[Point], f: fn(&Point) -> u32| {
        plot.line(s.iter().map(|p| (p.time as f64, f64::from(f(p)))))
    };
    let peak = |s: &[Point]| s.iter().map(|p| p.in_system).max().unwrap_or(0);
    let label = format!(
        "Requests in the system over time: at most {} as written{}.",
        peak(&props.a),
        props
            .b
            .as_ref()
            .map(|b| format!(", at most {} compared", peak(b)))
            .unwrap_or_default()
    );
    let lines = html! {
        { for sets.iter().enumerate().map(|(k, s)| html! {
            <g class={if k == 0 { "series s-a" } else { "series s-b" }}>
                <polyline points={line(s, |p| p.in_system)} />
                <polyline class="thin" points={line(s, |p| p.waiting_for_core)} />
            </g>
        }) }
    };
    let caption =
        "Requests in the system (thick) and tasks waiting for a core (thin), over time in ticks";
    plot.figure(
        Some("systems-series".into()),
        classes!(),
        label,
        lines,
        caption.into(),
    )
}

#[derive(Properties, PartialEq)]
pub struct SweepChartProps {
    pub points: Vec<SweepPoint>,
    pub knob: &'static str,
    /// The knob value of the run above, marked.
    pub chosen: Option<u32>,
    pub b_label: Option<AttrValue>,
}

/// p50 and p99 (log scale) and throughput at every value of the knob, and a table.
#[function_component(SweepChart)]
pub fn sweep_chart(props: &SweepChartProps) -> Html {
    let pts = &props.points;
    if pts.is_empty() {
        return html! {};
    }
    let has_b = pts.iter().any(|p| p.b.is_some());
    let knobs = || Axis::bands(pts.iter().map(|p| p.value.to_string()));
    let figures = || pts.iter().flat_map(|p| std::iter::once(p.a).chain(p.b));
    let latency = Plot::new(
        knobs(),
        Axis::log(
            figures()
                .flat_map(|f| [f.p50, f.p99])
                .map(|v| v.max(1) as f64),
        ),
    );
    let throughput = Plot::new(
        knobs(),
        Axis::from_zero(
            figures().map(|f| f.throughput * 100.0).fold(1e-6, f64::max),
            4.0,
        ),
    );
    let path = |plot: &Plot, f: &dyn Fn(&SweepPoint) -> Option<f64>| {
        plot.line(
            pts.iter()
                .enumerate()
                .filter_map(|(i, p)| f(p).map(|v| (i as f64, v.max(1e-9)))),
        )
    };
    let mark = props
        .chosen
        .and_then(|c| pts.iter().position(|p| p.value == c));
    let mark_line = |plot: &Plot| match mark {
        Some(i) => plot.mark(i as f64, None),
        None => html! {},
    };
    let summary = |which: &str, f: fn(&SweepPoint) -> Option<Tick>| {
        let list = pts
            .iter()
            .filter_map(|p| f(p).map(|v| format!("{v} at {}", p.value)))
            .collect::<Vec<_>>()
            .join(", ");
        format!("{which}: {}", list)
    };
    let b_label = props.b_label.clone().unwrap_or_default();
    html! {
        <div class="systems-sweep">
            { legend(has_b, &b_label) }
            <div class="systems-charts">
                { latency.figure(Some("systems-sweep-latency".into()), classes!(),
                        format!("Latency against {}. {}. {}.", props.knob,
                            summary("p99 as written", |p| Some(p.a.p99)),
                            summary("p50 as written", |p| Some(p.a.p50))),
                        html! {
                            <>
                                { mark_line(&latency) }
                                <g class="series s-a">
                                    <polyline points={path(&latency, &|p| Some(p.a.p99 as f64))} />
                                    <polyline class="thin" points={path(&latency, &|p| Some(p.a.p50 as f64))} />
                                    { for pts.iter().enumerate().map(|(i, p)| html! {
                                        <circle cx={format!("{:.1}", latency.px(i as f64))} cy={format!("{:.1}", latency.py(p.a.p99.max(1) as f64))} r="3">
                                            <title>{ format!("{} = {}: p99 {}, p50 {}", props.knob, p.value, p.a.p99, p.a.p50) }</title>
                                        </circle>
                                    }) }
                                </g>
                                if has_b {
                                    <g class="series s-b">
                                        <polyline points={path(&latency, &|p| p.b.map(|b| b.p99 as f64))} />
                                        <polyline class="thin" points={path(&latency, &|p| p.b.map(|b| b.p50 as f64))} />
                                    </g>
                                }
                            </>
                        },
                        format!("Latency in ticks, log scale: p99 (thick) and p50 (thin), against {}", props.knob)) }
                { throughput.figure(Some("systems-sweep-throughput".into()), classes!(),
                        format!("Throughput against {}: {}.", props.knob,
                            pts.iter().map(|p| format!("{:.1} at {}", 100.0 * p.a.throughput, p.value)).collect::<Vec<_>>().join(", ")),
                        html! {
                            <>
                                { mark_line(&throughput) }
                                <g class="series s-a"><polyline points={path(&throughput, &|p| Some(p.a.throughput * 100.0))} /></g>
                                if has_b {
                                    <g class="series s-b"><polyline points={path(&throughput, &|p| p.b.map(|b| b.throughput * 100.0))} /></g>
                                }
                            </>
                        },
                        format!("Requests completed per 100 ticks, against {}", props.knob)) }
            </div>
            <details class="sweep-table">
                <summary>{ "The sweep as a table" }</summary>
                <div class="table-wrap">
                    <table id="systems-sweep-table">
                        <thead><tr>
                            <th scope="col">{ props.knob }</th>
                            <th scope="col">{ "p50" }</th><th scope="col">{ "p99" }</th><th scope="col">{ "per 100 ticks" }</th>
                            if has_b {
                                <th scope="col">{ format!("p50 ({b_label})") }</th><th scope="col">{ "p99" }</th><th scope="col">{ "per 100 ticks" }</th>
                            }
                        </tr></thead>
                        <tbody>
                            { for pts.iter().map(|p| html! {
                                <tr>
                                    <th scope="row">{ p.value }</th>
                                    <td>{ p.a.p50 }</td><td>{ p.a.p99 }</td><td>{ super::significant(100.0 * p.a.throughput) }</td>
                                    if let Some(b) = p.b {
                                        <td>{ b.p50 }</td><td>{ b.p99 }</td><td>{ super::significant(100.0 * b.throughput) }</td>
                                    }
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            </details>
        </div>
    }
}
