//! A run's results: the two timings and the speedup, the answer, each worker's share,
//! and the measured run as a timeline of the workers.

use super::*;
use crate::components::worker_timeline::WorkerTimeline;

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
