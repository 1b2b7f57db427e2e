//! Each way's figures (a row each, carrying `data-way` and `data-longest-frame-ms` for
//! tests) and the chart of frame gaps over the run, a line per way, on the one chart
//! layer.

use std::rc::Rc;

use interleave_lessons::responsive::LATE_MS;
use yew::prelude::*;

use super::state::{Way, WayRun};
use crate::components::chart::{Axis, Plot, legend};

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub results: Rc<Vec<WayRun>>,
    /// Whether the browser reports long tasks.
    pub long_tasks: bool,
}

pub fn label(way: Way, workers: u32) -> String {
    match way {
        Way::Main => "Main thread, in one go".into(),
        Way::Sliced => "Main thread, in slices".into(),
        Way::Worker => "One worker".into(),
        Way::Workers => format!("{workers} workers"),
    }
}

fn class(way: Way) -> &'static str {
    match way {
        Way::Main => "s-g0",
        Way::Sliced => "s-g1",
        Way::Worker => "s-g2",
        Way::Workers => "s-g3",
    }
}

#[function_component(WayResults)]
pub fn way_results(props: &ResultsProps) -> Html {
    if props.results.is_empty() {
        return html! {};
    }
    let row = |r: &WayRun| {
        let f = &r.figures;
        let tasks = if props.long_tasks {
            if f.long_tasks == 0 {
                "none".to_string()
            } else {
                format!("{} (longest {:.0} ms)", f.long_tasks, f.longest_task_ms)
            }
        } else {
            "not reported here".to_string()
        };
        let how = r
            .slices
            .map(|(n, how)| format!("{n} slices, yielding with {how}"));
        html! {
            <tr class="way-result" data-way={r.way.key()} data-longest-frame-ms={format!("{:.1}", f.longest_frame_ms)}
                data-total-ms={format!("{:.1}", f.total_ms)} data-timer-delay-ms={format!("{:.1}", f.timer_delay_ms)}
                data-key-delay-ms={f.key_delay_ms.map(|d| format!("{d:.1}"))}
                data-late-frames={f.late_frames.to_string()} data-long-tasks={f.long_tasks.to_string()} data-value={r.value.to_string()}>
                <th scope="row">
                    <span class={classes!("key", class(r.way))}></span>{ label(r.way, r.settings.workers) }
                    if let Some(how) = how { <span class="hint">{ how }</span> }
                </th>
                <td>{ format!("{:.0} ms", f.total_ms) }</td>
                <td>{ format!("{:.0} ms", f.longest_frame_ms) }</td>
                <td>{ f.late_frames }</td>
                <td>{ tasks }</td>
                <td>{ format!("{:.0} ms", f.timer_delay_ms) }</td>
                <td>{ f.key_delay_ms.map_or_else(|| "none typed".to_string(), |d| format!("{d:.0} ms")) }</td>
            </tr>
        }
    };
    html! {
        <>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Each way's figures">
                <table class="ways-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "Way" }</th>
                            <th scope="col">{ "Total" }</th>
                            <th scope="col">{ "Longest frame gap" }</th>
                            <th scope="col">{ format!("Gaps over {LATE_MS:.0} ms") }</th>
                            <th scope="col">{ "Long tasks" }</th>
                            <th scope="col">{ "Timer delay" }</th>
                            <th scope="col">{ "Key delay" }</th>
                        </tr>
                    </thead>
                    <tbody>{ for props.results.iter().map(row) }</tbody>
                </table>
            </div>
            <GapChart results={props.results.clone()} long_tasks={props.long_tasks} />
        </>
    }
}

/// Frame gaps over each way's run (ms since its start), on a log scale: a frozen page is
/// one tall point, a responsive one a flat line near 16 ms; gaps over [`LATE_MS`] are
/// marked.
#[function_component(GapChart)]
fn gap_chart(props: &ResultsProps) -> Html {
    let results = &props.results;
    let end = results
        .iter()
        .flat_map(|r| r.figures.gaps.iter().map(|g| g.0))
        .fold(1.0f64, f64::max);
    let gaps = results
        .iter()
        .flat_map(|r| r.figures.gaps.iter().map(|g| g.1.max(1.0)));
    let plot = Plot::new(
        Axis::span(0.0, end, 5.0, true),
        Axis::log(gaps.chain([10.0, 100.0])),
    );
    let lines = html! {
        { for results.iter().map(|r| html! {
            <g class={classes!("series", class(r.way))} data-way={r.way.key()}>
                <polyline points={plot.line(r.figures.gaps.iter().map(|&(t, g)| (t, g.max(1.0))))} />
                // A late frame is marked: a page frozen through the whole job has one gap,
                // which a line cannot draw.
                { for r.figures.gaps.iter().filter(|g| g.1 > LATE_MS).map(|&(t, g)| html! {
                    <circle cx={format!("{:.1}", plot.px(t))} cy={format!("{:.1}", plot.py(g))} r="3.5" />
                }) }
            </g>
        }) }
    };
    let words = results
        .iter()
        .map(|r| {
            format!(
                "{}: longest gap {:.0} ms",
                label(r.way, r.settings.workers),
                r.figures.longest_frame_ms
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        <div class="ways-chart">
            { plot.figure(
                Some("frame-gaps".into()),
                classes!(),
                format!("Time between animation frames during each way. {words}."),
                lines,
                "Time between frames (ms, log scale) against time since the job started (ms)".into(),
            ) }
            { legend(&results.iter().map(|r| (class(r.way), label(r.way, r.settings.workers))).collect::<Vec<_>>()) }
        </div>
    }
}
