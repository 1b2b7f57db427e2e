//! Sweep charts: speedup and utilization of the current workload on 1 to 16 cores,
//! with the ideal line, beside the built-in pair that shows why: CPU-bound work gains
//! from every core, I/O-bound work barely (its waits already overlap on one core).
//! Computed only when the learner opens the section.

use std::rc::Rc;

use interleave_sim::sweep::{self, Point};
use interleave_sim::{Limits, Scenario};
use yew::prelude::*;

use super::engine::Loaded;
use crate::components::chart::{self, Chart, legend};
use crate::components::timeline::lanes::{self, Lanes};

const CORES: [u32; 8] = [1, 2, 3, 4, 6, 8, 12, 16];
/// The most events one point of the sweep may make, by its bound: eight of them run
/// in one go.
const SWEEP_EVENTS: u64 = lanes::LIVE_EVENTS / 4;

#[derive(Properties, PartialEq)]
pub struct SweepProps {
    pub lanes: Rc<Lanes>,
    /// The simulator, which sweeps; none until the page has it.
    pub engine: Option<Loaded>,
}

struct Series {
    name: &'static str,
    class: &'static str,
    points: Vec<Point>,
}

#[function_component(Sweep)]
pub fn sweep_section(props: &SweepProps) -> Html {
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
    html! {
        <details class="sweep" {ontoggle}>
            <summary>{ "Sweep: the same workloads on 1 to 16 cores" }</summary>
            // Swept and drawn by the simulator, once the section is open.
            if *open {
                if let Some(engine) = props.engine {
                    { (engine.sweep)(props.lanes.clone()) }
                } else {
                    <p class="note" role="status">{ "Fetching the simulator: the sweep follows in a moment." }</p>
                }
            }
        </details>
    }
}

/// The sweep of the workload in `lanes`: its charts and table, or why it is not swept.
pub fn charts(lanes: Rc<Lanes>) -> Html {
    html! { <Charts {lanes} /> }
}

#[derive(Properties, PartialEq)]
struct ChartsProps {
    lanes: Rc<Lanes>,
}

#[function_component(Charts)]
fn sweep_charts(props: &ChartsProps) -> Html {
    let series = use_memo(props.lanes.clone(), |lanes| series(&lanes.scenario));
    match &*series {
        Err(why) => html! { <p class="notice" id="sweep-refused" role="status">{ why }</p> },
        Ok(series) => html! {
            <>
                <div class="sweep-charts">
                    { chart("Speedup (makespan on 1 core / on N)", series, |p| p.speedup, 16.0, true) }
                    { chart("Utilization (%)", series, |p| p.utilization * 100.0, 100.0, false) }
                </div>
                { legend(&series.iter().map(|s| (s.class, s.name.to_string()))
                    .chain([("s-ideal", "ideal (speedup = cores)".to_string())]).collect::<Vec<_>>()) }
                <table class="sweep-table">
                    <caption>{ "This workload" }</caption>
                    <thead><tr><th scope="col">{ "Cores" }</th><th scope="col">{ "Makespan" }</th><th scope="col">{ "Speedup" }</th><th scope="col">{ "Utilization" }</th></tr></thead>
                    <tbody>
                        { for series[0].points.iter().map(|p| html! {
                            <tr><th scope="row">{ p.cores }</th><td>{ p.makespan }</td><td>{ format!("{:.2}\u{00d7}", p.speedup) }</td><td>{ format!("{:.0} %", p.utilization * 100.0) }</td></tr>
                        }) }
                    </tbody>
                </table>
            </>
        },
    }
}

/// The sweep of `scenario` beside the built-in pair's, or why it is not swept here.
fn series(scenario: &Scenario) -> Result<Vec<Series>, String> {
    // Eight runs in one go: only when all of them together are small, by their bounds.
    let limits = Limits {
        events: SWEEP_EVENTS,
        ..lanes::limits()
    };
    let points = sweep::cores(scenario, &CORES, &limits).map_err(|e| {
        format!(
            "This workload is too large to sweep here ({e}). \
             The command line sweeps it: interleave sweep FILE --cores 1,2,4,8,16"
        )
    })?;
    let preset = |id: &str| {
        interleave_lessons::find(id).and_then(|p| sweep::cores(&p.scenario(), &CORES, &limits).ok())
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
}

/// A line chart over the core counts on the one chart layer; `ideal` adds the line
/// y = cores.
fn chart(title: &str, series: &[Series], value: fn(&Point) -> f64, top: f64, ideal: bool) -> Html {
    let mut lines: Vec<chart::Series> = series
        .iter()
        .map(|s| chart::Series {
            name: s.name.to_string(),
            class: s.class,
            points: s
                .points
                .iter()
                .map(|p| chart::Point::at(f64::from(p.cores), value(p)))
                .collect(),
            markers: true,
            dashed: false,
        })
        .collect();
    if ideal {
        lines.insert(
            0,
            chart::Series::law(
                "ideal",
                "s-ideal",
                vec![chart::Point::at(1.0, 1.0), chart::Point::at(16.0, 16.0)],
                true,
            ),
        );
    }
    html! {
        <Chart title={title.to_string()} series={lines} x_max={16.0} x_name="cores"
            y_min_top={top} class="sweep-chart" />
    }
}
