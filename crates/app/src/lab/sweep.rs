//! Sweep charts: speedup and utilization of the current workload on 1 to 16 cores,
//! with the ideal line, beside the built-in pair that shows why: CPU-bound work gains
//! from every core, I/O-bound work barely (its waits already overlap on one core).
//! Computed only when the learner opens the section.

use std::rc::Rc;

use interleave_sim::Limits;
use interleave_sim::sweep::{self, Point};
use yew::prelude::*;

use super::lanes::Lanes;

const CORES: [u32; 8] = [1, 2, 3, 4, 6, 8, 12, 16];
/// The most events one point of the sweep may make, by its bound: eight of them run
/// in one go.
const SWEEP_EVENTS: u64 = super::LIVE_EVENTS / 4;

#[derive(Properties, PartialEq)]
pub struct SweepProps {
    pub lanes: Rc<Lanes>,
}

struct Series {
    name: &'static str,
    class: &'static str,
    points: Vec<Point>,
}

#[function_component(Sweep)]
pub fn sweep_charts(props: &SweepProps) -> Html {
    let open = use_state(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            open.set(
                e.target_unchecked_into::<web_sys::HtmlDetailsElement>()
                    .open(),
            )
        })
    };
    let series = use_memo((props.lanes.clone(), *open), |(lanes, open)| {
        let scenario = &lanes.scenario;
        if !*open {
            return Ok::<Vec<Series>, String>(Vec::new());
        }
        // Eight runs in one go: only when all of them together are small, by their bounds.
        let limits = Limits {
            events: SWEEP_EVENTS,
            ..super::limits()
        };
        let points = sweep::cores(scenario, &CORES, &limits).map_err(|e| {
            format!(
                "This workload is too large to sweep here ({e}). \
                 The command line sweeps it: interleave sweep FILE --cores 1,2,4,8,16"
            )
        })?;
        let preset = |id: &str| {
            interleave_lessons::find(id)
                .and_then(|p| sweep::cores(&p.scenario(), &CORES, &limits).ok())
        };
        let mut all = vec![Series {
            name: "this workload",
            class: "s-this",
            points,
        }];
        if let Some(points) = preset("cpu-bound") {
            all.push(Series {
                name: "CPU-bound batch",
                class: "s-cpu",
                points,
            });
        }
        if let Some(points) = preset("io-bound") {
            all.push(Series {
                name: "I/O-bound requests",
                class: "s-io",
                points,
            });
        }
        Ok(all)
    });
    html! {
        <details class="sweep" {ontoggle}>
            <summary>{ "Sweep: the same workloads on 1 to 16 cores" }</summary>
            if let Err(why) = &*series {
                <p class="notice" id="sweep-refused" role="status">{ why }</p>
            }
            if let Ok(series) = &*series && !series.is_empty() {
                <div class="sweep-charts">
                    { chart("Speedup (makespan on 1 core / on N)", series, |p| p.speedup, 16.0, true) }
                    { chart("Utilization (%)", series, |p| p.utilization * 100.0, 100.0, false) }
                </div>
                <ul class="legend">
                    { for series.iter().map(|s| html! { <li><span class={classes!("key", s.class)}></span>{ s.name }</li> }) }
                    <li><span class="key s-ideal"></span>{ "ideal (speedup = cores)" }</li>
                </ul>
                <table class="sweep-table">
                    <caption>{ "This workload" }</caption>
                    <thead><tr><th scope="col">{ "Cores" }</th><th scope="col">{ "Makespan" }</th><th scope="col">{ "Speedup" }</th><th scope="col">{ "Utilization" }</th></tr></thead>
                    <tbody>
                        { for series[0].points.iter().map(|p| html! {
                            <tr><th scope="row">{ p.cores }</th><td>{ p.makespan }</td><td>{ format!("{:.2}\u{00d7}", p.speedup) }</td><td>{ format!("{:.0} %", p.utilization * 100.0) }</td></tr>
                        }) }
                    </tbody>
                </table>
            }
        </details>
    }
}

/// A line chart over the core counts; `ideal` adds the line y = cores.
fn chart(title: &str, series: &[Series], value: fn(&Point) -> f64, max: f64, ideal: bool) -> Html {
    let (w, h, left, bottom) = (320.0, 200.0, 34.0, 24.0);
    let x = |cores: u32| left + (f64::from(cores) - 1.0) / 15.0 * (w - left - 8.0);
    let y = |v: f64| (h - bottom) - v.min(max) / max * (h - bottom - 8.0);
    let line = |points: &[Point]| {
        points
            .iter()
            .map(|p| format!("{:.1},{:.1}", x(p.cores), y(value(p))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    html! {
        <figure class="sweep-chart">
            <svg viewBox={format!("0 0 {w} {h}")} role="img" aria-label={title.to_string()}>
                <line class="axis" x1={left.to_string()} y1={y(0.0).to_string()} x2={(w - 8.0).to_string()} y2={y(0.0).to_string()} />
                <line class="axis" x1={left.to_string()} y1={y(0.0).to_string()} x2={left.to_string()} y2={y(max).to_string()} />
                { for [0.0, max / 2.0, max].into_iter().map(|v| html! {
                    <text class="tick" x={(left - 4.0).to_string()} y={(y(v) + 4.0).to_string()} text-anchor="end">{ format!("{v:.0}") }</text>
                }) }
                { for [1u32, 4, 8, 12, 16].into_iter().map(|c| html! {
                    <text class="tick" x={x(c).to_string()} y={(h - 6.0).to_string()} text-anchor="middle">{ c }</text>
                }) }
                if ideal {
                    <line class="ideal" x1={x(1).to_string()} y1={y(1.0).to_string()} x2={x(16).to_string()} y2={y(16.0).to_string()} />
                }
                { for series.iter().map(|s| html! {
                    <g class={s.class}>
                        <polyline points={line(&s.points)} />
                        { for s.points.iter().map(|p| html! {
                            <circle cx={format!("{:.1}", x(p.cores))} cy={format!("{:.1}", y(value(p)))} r="3">
                                <title>{ format!("{}: {} cores, {:.2}", s.name, p.cores, value(p)) }</title>
                            </circle>
                        }) }
                    </g>
                }) }
            </svg>
            <figcaption>{ title.to_string() }</figcaption>
        </figure>
    }
}
