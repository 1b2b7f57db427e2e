//! A run's results: the two timings and the speedup, the answer, each worker's share,
//! and the measured run as a timeline of the workers.

use interleave_sim::timeline::{Bar, Gantt, Mark};

use super::*;

#[derive(Properties, PartialEq)]
pub(super) struct ResultsProps {
    pub(super) outcome: Rc<Outcome>,
}

#[function_component(Results)]
pub(super) fn results(props: &ResultsProps) -> Html {
    let o = &*props.outcome;
    let n = o.threads.max(1);
    let speedup = if o.parallel_ms > 0.0 {
        o.alone_ms / o.parallel_ms
    } else {
        0.0
    };
    let efficiency = speedup / f64::from(n);
    let agree = o.alone.value == o.parallel.value;
    let longest = o.alone_ms.max(o.parallel_ms).max(1e-9);
    let bar = |ms: f64| format!("width: {:.1}%", 100.0 * ms / longest);
    html! {
        <div class="results" id="results" data-run={o.number.to_string()} data-count={o.parallel.value.to_string()}
            data-alone-count={o.alone.value.to_string()} data-speedup={format!("{speedup:.3}")}
            data-mode={o.settings.mode.key()} data-threads={n.to_string()}
            data-alone-ms={format!("{:.3}", o.alone_ms)} data-parallel-ms={format!("{:.3}", o.parallel_ms)}
            data-start-ms={format!("{:.3}", o.start_ms.unwrap_or(0.0))}>
            <p class="answer">
                { answer(o.settings.kernel, o.settings.size, o.parallel.value) }
                if agree {
                    <span class="agree">{ " \u{2713} both runs agree" }</span>
                } else {
                    <span class="error">{ format!(" \u{2717} the single worker got {}", group(o.alone.value)) }</span>
                }
            </p>
            <div class="times" role="table" aria-label="Times">
                <div class="time-row" role="row">
                    <span role="rowheader">{ "1 worker" }</span>
                    <span class="bar-track" role="cell"><span class="bar one" style={bar(o.alone_ms)}></span></span>
                    <span class="ms" role="cell">{ format!("{:.0} ms", o.alone_ms) }</span>
                </div>
                <div class="time-row" role="row">
                    <span role="rowheader">{ format!("{n} workers") }</span>
                    <span class="bar-track" role="cell"><span class="bar many" style={bar(o.parallel_ms)}></span></span>
                    <span class="ms" role="cell">{ format!("{:.0} ms", o.parallel_ms) }</span>
                </div>
            </div>
            <p class="speedup">
                { "Speedup " }<strong class="figure">{ format!("{speedup:.2}\u{00d7}") }</strong>
                { format!(" (ideal {n}\u{00d7}), efficiency {:.0} %.", efficiency * 100.0) }
                if let Some(ms) = o.start_ms {
                    { format!(" Starting the workers took {ms:.0} ms, not counted above.") }
                }
            </p>
            <h2 class="sub">{ format!("Who did what, on the {n}-worker run") }</h2>
            <WorkerTimeline run={o.parallel.clone()} threads={n} />
            <table class="shares">
                <thead><tr>
                    <th scope="col">{ "Worker" }</th><th scope="col">{ "Pieces" }</th>
                    <th scope="col">{ "Items" }</th><th scope="col">{ "Busy" }</th>
                </tr></thead>
                <tbody>
                    { for o.parallel.shares().iter().map(|s| html! {
                        <tr>
                            <th scope="row"><span class={classes!("swatch", format!("w{}", s.worker % 8))}></span>{ format!(" worker {}", s.worker + 1) }</th>
                            <td>{ s.pieces }</td>
                            <td>{ format!("{} ({:.0} %)", group(s.items), 100.0 * s.items as f64 / o.settings.size.max(1) as f64) }</td>
                            <td>{ format!("{:.0} ms", s.busy_ms) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct TimelineProps {
    pub(super) run: Run,
    pub(super) threads: u32,
}

/// The measured run as a Gantt chart: one lane per worker, one bar per piece, placed by
/// the wall-clock times the workers reported. Later pieces hold larger numbers and take
/// longer: the bars widen from left to right.
#[function_component(WorkerTimeline)]
pub(super) fn worker_timeline(props: &TimelineProps) -> Html {
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
