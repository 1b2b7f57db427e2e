//! A measured run as a Gantt chart in SVG: a lane per worker, a bar per piece, placed
//! by the wall-clock times the workers reported, drawn from the core's Gantt model.

use interleave_par::Run;
use interleave_sim::timeline::{Bar, Gantt, Mark};
use yew::prelude::*;

use crate::text::group;

#[derive(Properties, PartialEq)]
pub struct WorkerTimelineProps {
    pub run: Run,
    /// Lanes drawn at least: the workers asked for, even those that got no piece.
    pub threads: u32,
}

/// The measured run as a Gantt chart: one lane per worker, one bar per piece, placed by
/// the wall-clock times the workers reported. Later pieces hold larger numbers and take
/// longer: the bars widen from left to right.
#[function_component(WorkerTimeline)]
pub fn worker_timeline(props: &WorkerTimelineProps) -> Html {
    const W: f64 = 1000.0;
    const LANE: f64 = 26.0;
    let pieces = &props.run.pieces;
    let workers = pieces
        .iter()
        .map(|p| p.worker + 1)
        .max()
        .unwrap_or(1)
        .max(props.threads);
    // The core's one Gantt model: a lane per worker, a bar per piece (its index).
    let gantt = Gantt::measured((0..workers).map(|w| {
        let bars = pieces.iter().enumerate().filter(|(_, p)| p.worker == w);
        let bars = bars.map(|(i, p)| Bar {
            start: p.start_ms,
            end: p.end_ms,
            owner: i as u32,
            mark: Mark::Run,
        });
        (format!("worker {}", w + 1), bars.collect())
    }));
    if gantt.lanes.iter().all(|l| l.is_empty()) {
        return html! {};
    }
    let span = (gantt.end - gantt.start).max(1e-6);
    let height = gantt.lanes.len() as f64 * LANE;
    html! {
        <figure class="timeline">
            <svg viewBox={format!("-90 0 {} {}", W + 90.0, height + 20.0)} role="img"
                aria-label={format!("Pieces computed by each of {workers} workers over {span:.0} ms")}>
                { for gantt.lanes.iter().enumerate().map(|(w, lane)| html! {
                    <>
                        <text x="-8" y={format!("{}", w as f64 * LANE + 17.0)} text-anchor="end" class="lane-label">
                            { lane.name.to_string() }
                        </text>
                        { for lane.bars().map(|bar| {
                            let p = &pieces[bar.owner as usize];
                            let x = (bar.start - gantt.start) / span * W;
                            let width = ((bar.end - bar.start) / span * W).max(0.5);
                            html! {
                                <rect class={format!("piece w{}", w % 8)} x={format!("{x:.1}")} y={format!("{:.1}", w as f64 * LANE + 3.0)}
                                    width={format!("{width:.1}")} height={format!("{}", LANE - 6.0)} rx="2">
                                    <title>{ format!("items {}..{}: value {}, {:.1} ms", group(p.piece.lo), group(p.piece.hi), group(p.value), bar.end - bar.start) }</title>
                                </rect>
                            }
                        }) }
                    </>
                }) }
                <text x="0" y={format!("{}", height + 16.0)} class="axis">{ "0 ms" }</text>
                <text x={format!("{W}")} y={format!("{}", height + 16.0)} text-anchor="end" class="axis">
                    { format!("{span:.0} ms") }
                </text>
            </svg>
        </figure>
    }
}
