//! The systems lab's charts, in SVG: the latency histogram, requests in the system over
//! time, and the knob sweep (latency on a log scale, throughput). Every chart has a
//! text alternative; the sweep also has a table.

use interleave_sim::Tick;
use interleave_sim::latency::{Histogram as Bars, Point};
use yew::prelude::*;

use super::SweepPoint;

const W: f64 = 420.0;
const H: f64 = 200.0;
const LEFT: f64 = 54.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

fn plot_w() -> f64 {
    W - LEFT - RIGHT
}

fn plot_h() -> f64 {
    H - TOP - BOTTOM
}

/// A round step giving about `n` ticks up to `top`.
fn nice(top: f64, n: f64) -> f64 {
    crate::lab::timeline::nice_step(top / n)
}

fn axes(y_ticks: &[(f64, String)], x_ticks: &[(f64, String)]) -> Html {
    html! {
        <>
            { for y_ticks.iter().map(|(y, label)| html! {
                <>
                    <line class="grid" x1={LEFT.to_string()} x2={(W - RIGHT).to_string()}
                        y1={format!("{y:.1}")} y2={format!("{y:.1}")} />
                    <text class="tick" x={(LEFT - 5.0).to_string()} y={format!("{:.1}", y + 4.0)} text-anchor="end">{ label }</text>
                </>
            }) }
            { for x_ticks.iter().map(|(x, label)| html! {
                <text class="tick" x={format!("{x:.1}")} y={(H - 10.0).to_string()} text-anchor="middle">{ label }</text>
            }) }
            <line class="axis" x1={LEFT.to_string()} x2={(W - RIGHT).to_string()}
                y1={(H - BOTTOM).to_string()} y2={(H - BOTTOM).to_string()} />
        </>
    }
}

fn legend(b: bool, b_label: &str) -> Html {
    html! {
        <ul class="legend">
            <li><span class="key s-a"></span>{ "as written" }</li>
            if b {
                <li><span class="key s-b"></span>{ b_label.to_string() }</li>
            }
        </ul>
    }
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
    let step = nice(top, 4.0);
    let y_top = (top / step).ceil() * step;
    let y = |v: f64| TOP + plot_h() * (1.0 - v / y_top);
    let slot = plot_w() / bins as f64;
    let bar = slot / sets.len() as f64;
    let y_ticks: Vec<(f64, String)> = (0..=((y_top / step) as u64))
        .map(|i| (y(i as f64 * step), format!("{}", i as f64 * step)))
        .collect();
    let x_every = (bins as f64 / 6.0).ceil().max(1.0) as usize;
    let x_ticks: Vec<(f64, String)> = (0..=bins)
        .step_by(x_every)
        .map(|i| (LEFT + i as f64 * slot, (i as u64 * width).to_string()))
        .collect();
    let label = format!(
        "Latency histogram, bars {width} ticks wide. As written: {}.{}",
        describe(&binned[0], width),
        binned
            .get(1)
            .map(|b| format!(" Compared: {}.", describe(b, width)))
            .unwrap_or_default()
    );
    html! {
        <figure class="chart" id="systems-histogram">
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-label={label}>
                { axes(&y_ticks, &x_ticks) }
                { for binned.iter().enumerate().map(|(k, counts)| html! {
                    <g class={if k == 0 { "bars s-a" } else { "bars s-b" }}>
                        { for counts.iter().enumerate().filter(|(_, n)| **n > 0).map(|(i, &n)| html! {
                            <rect x={format!("{:.1}", LEFT + i as f64 * slot + k as f64 * bar)} width={format!("{:.1}", (bar - 0.5).max(0.5))}
                                y={format!("{:.1}", y(n as f64))} height={format!("{:.1}", (H - BOTTOM) - y(n as f64))}>
                                <title>{ format!("{n} requests took {}..{} ticks", i as u64 * width, (i as u64 + 1) * width - 1) }</title>
                            </rect>
                        }) }
                    </g>
                }) }
            </svg>
            <figcaption>{ "How many requests took how long (ticks)" }</figcaption>
        </figure>
    }
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
    let step = nice(top, 4.0);
    let y_top = (top / step).ceil() * step;
    let x = |t: Tick| LEFT + plot_w() * (t - t0) as f64 / (t1 - t0) as f64;
    let y = |v: f64| TOP + plot_h() * (1.0 - v / y_top);
    let line = |s: &[Point], f: fn(&Point) -> u32| {
        s.iter()
            .map(|p| format!("{:.1},{:.1}", x(p.time), y(f64::from(f(p)))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let y_ticks: Vec<(f64, String)> = (0..=((y_top / step) as u64))
        .map(|i| (y(i as f64 * step), format!("{}", i as f64 * step)))
        .collect();
    let x_step = nice((t1 - t0) as f64, 5.0);
    let x_ticks: Vec<(f64, String)> = (0..)
        .map(|i| t0 as f64 + i as f64 * x_step)
        .take_while(|t| *t <= t1 as f64)
        .map(|t| (x(t as Tick), format!("{t}")))
        .collect();
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
    html! {
        <figure class="chart" id="systems-series">
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-label={label}>
                { axes(&y_ticks, &x_ticks) }
                { for sets.iter().enumerate().map(|(k, s)| html! {
                    <g class={if k == 0 { "series s-a" } else { "series s-b" }}>
                        <polyline points={line(s, |p| p.in_system)} />
                        <polyline class="thin" points={line(s, |p| p.waiting_for_core)} />
                    </g>
                }) }
            </svg>
            <figcaption>{ "Requests in the system (thick) and tasks waiting for a core (thin), over time in ticks" }</figcaption>
        </figure>
    }
}

#[derive(Properties, PartialEq)]
pub struct SweepChartProps {
    pub points: Vec<SweepPoint>,
    pub knob: &'static str,
    /// The knob value of the run above, marked.
    pub chosen: Option<u32>,
    pub b_label: Option<AttrValue>,
}

/// The decades a log axis spans (log10): from the one below the least value to the
/// one above the most, at least one.
fn decades(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (least, most) = values.fold((f64::INFINITY, 1.0f64), |(l, m), v| (l.min(v), m.max(v)));
    let lo = least.log10().floor();
    (lo, most.log10().ceil().max(lo + 1.0))
}

/// p50 and p99 (log scale) and throughput at every value of the knob, and a table.
#[function_component(SweepChart)]
pub fn sweep_chart(props: &SweepChartProps) -> Html {
    let pts = &props.points;
    if pts.is_empty() {
        return html! {};
    }
    let has_b = pts.iter().any(|p| p.b.is_some());
    let n = pts.len();
    let slot = plot_w() / n as f64;
    let x = |i: usize| LEFT + (i as f64 + 0.5) * slot;
    let x_ticks: Vec<(f64, String)> = pts
        .iter()
        .enumerate()
        .map(|(i, p)| (x(i), p.value.to_string()))
        .collect();
    // Latency on a log scale.
    let (lo, hi) = decades(
        pts.iter()
            .flat_map(|p| std::iter::once(p.a).chain(p.b))
            .flat_map(|f| [f.p50, f.p99])
            .map(|v| (v.max(1)) as f64),
    );
    let ly = |v: Tick| TOP + plot_h() * (1.0 - ((v.max(1) as f64).log10() - lo) / (hi - lo));
    let decades: Vec<(f64, String)> = (lo as i32..=hi as i32)
        .map(|d| (ly(10u64.pow(d as u32)), 10u64.pow(d as u32).to_string()))
        .collect();
    let path = |f: &dyn Fn(&SweepPoint) -> Option<f64>, y: &dyn Fn(f64) -> f64| {
        pts.iter()
            .enumerate()
            .filter_map(|(i, p)| f(p).map(|v| format!("{:.1},{:.1}", x(i), y(v))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let lat_y = |v: f64| ly(v as Tick);
    let thr_top = pts
        .iter()
        .flat_map(|p| std::iter::once(p.a).chain(p.b))
        .map(|f| f.throughput * 100.0)
        .fold(0.0, f64::max)
        .max(1e-6);
    let thr_step = nice(thr_top, 4.0);
    let thr_y_top = (thr_top / thr_step).ceil() * thr_step;
    let ty = |v: f64| TOP + plot_h() * (1.0 - v / thr_y_top);
    let decimals = (-thr_step.log10().floor()).max(0.0) as usize;
    let thr_ticks: Vec<(f64, String)> = (0..=((thr_y_top / thr_step).round() as u64))
        .map(|i| {
            let v = i as f64 * thr_step;
            (ty(v), format!("{v:.decimals$}"))
        })
        .collect();
    let mark = props
        .chosen
        .and_then(|c| pts.iter().position(|p| p.value == c));
    let mark_line = |i: Option<usize>| match i {
        Some(i) => html! {
            <line class="mark" x1={format!("{:.1}", x(i))} x2={format!("{:.1}", x(i))}
                y1={TOP.to_string()} y2={(H - BOTTOM).to_string()} />
        },
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
                <figure class="chart" id="systems-sweep-latency">
                    <svg viewBox={format!("0 0 {W} {H}")} role="img"
                        aria-label={format!("Latency against {}. {}. {}.", props.knob,
                            summary("p99 as written", |p| Some(p.a.p99)),
                            summary("p50 as written", |p| Some(p.a.p50)))}>
                        { axes(&decades, &x_ticks) }
                        { mark_line(mark) }
                        <g class="series s-a">
                            <polyline points={path(&|p| Some(p.a.p99 as f64), &lat_y)} />
                            <polyline class="thin" points={path(&|p| Some(p.a.p50 as f64), &lat_y)} />
                            { for pts.iter().enumerate().map(|(i, p)| html! {
                                <circle cx={format!("{:.1}", x(i))} cy={format!("{:.1}", ly(p.a.p99))} r="3">
                                    <title>{ format!("{} = {}: p99 {}, p50 {}", props.knob, p.value, p.a.p99, p.a.p50) }</title>
                                </circle>
                            }) }
                        </g>
                        if has_b {
                            <g class="series s-b">
                                <polyline points={path(&|p| p.b.map(|b| b.p99 as f64), &lat_y)} />
                                <polyline class="thin" points={path(&|p| p.b.map(|b| b.p50 as f64), &lat_y)} />
                            </g>
                        }
                    </svg>
                    <figcaption>{ format!("Latency in ticks, log scale: p99 (thick) and p50 (thin), against {}", props.knob) }</figcaption>
                </figure>
                <figure class="chart" id="systems-sweep-throughput">
                    <svg viewBox={format!("0 0 {W} {H}")} role="img"
                        aria-label={format!("Throughput against {}: {}.", props.knob,
                            pts.iter().map(|p| format!("{:.1} at {}", 100.0 * p.a.throughput, p.value)).collect::<Vec<_>>().join(", "))}>
                        { axes(&thr_ticks, &x_ticks) }
                        { mark_line(mark) }
                        <g class="series s-a"><polyline points={path(&|p| Some(p.a.throughput * 100.0), &ty)} /></g>
                        if has_b {
                            <g class="series s-b"><polyline points={path(&|p| p.b.map(|b| b.throughput * 100.0), &ty)} /></g>
                        }
                    </svg>
                    <figcaption>{ format!("Requests completed per 100 ticks, against {}", props.knob) }</figcaption>
                </figure>
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
