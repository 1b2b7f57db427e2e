//! A run's results: the two timings and the speedup, the answer, each worker's share,
//! and the measured run as a timeline of the workers.

use super::*;
use crate::components::compared::Times;
use crate::components::worker_timeline::WorkerTimeline;
use crate::lessons::replayed::Replay;

#[derive(Properties, PartialEq)]
pub(super) struct ResultsProps {
    pub(super) outcome: Rc<Outcome>,
}

#[function_component(Results)]
pub(super) fn results(props: &ResultsProps) -> Html {
    let platform = use_context::<Rc<Platform>>().expect("platform context");
    let o = &*props.outcome;
    let c = &o.compared;
    let n = o.threads.max(1);
    let speedup = c.speedup();
    html! {
        <div class="results" id="results" data-run={o.number.to_string()} data-count={c.parallel.value.to_string()}
            data-alone-count={c.alone.value.to_string()} data-speedup={speedup.map(|s| format!("{s:.3}"))}
            data-mode={o.settings.mode.key()} data-threads={n.to_string()}
            data-alone-ms={format!("{:.3}", c.alone_ms)} data-parallel-ms={format!("{:.3}", c.parallel_ms)}
            data-start-ms={format!("{:.3}", o.start_ms.unwrap_or(0.0))}>
            <p class="answer">
                { answer(o.settings.kernel, o.settings.size, c.parallel.value) }
                if c.agree() {
                    <span class="agree">{ " \u{2713} both runs agree" }</span>
                } else {
                    <span class="error">{ format!(" \u{2717} the single worker got {}", group(c.alone.value)) }</span>
                }
            </p>
            <Times compared={c.clone()} workers={n} />
            <p class="speedup">
                if let Some(speedup) = speedup {
                    { "Speedup " }<strong class="figure">{ format!("{speedup:.2}\u{00d7}") }</strong>
                    { format!(" (ideal {n}\u{00d7}), efficiency {:.0} %.", speedup / f64::from(n) * 100.0) }
                } else {
                    { "A run was too short to time on this machine, so the speedup cannot be said: \
                       try a larger size." }
                }
                if let Some(ms) = o.start_ms {
                    { format!(" Starting the workers took {ms:.0} ms, not counted above.") }
                }
            </p>
            // In shared memory the threads take pieces from one pool, while the one worker
            // is handed each piece by a message: the speedup counts those round trips.
            if let (Mode::SharedMemory, Some((ms, share))) = (o.settings.mode, c.alone_round_trips()) {
                <p class="hint" id="round-trips" data-ms={format!("{ms:.3}")} data-share={format!("{share:.4}")}>
                    { format!("On one worker, {} went to handing out its {} pieces and taking them back, \
                               a message each way: {:.0} % of its time, which the pool's threads, \
                               sharing memory, do not pay. The speedup above counts them.",
                              if ms >= 1.0 { format!("{ms:.0} ms") } else { format!("{ms:.2} ms") },
                              c.alone.pieces.len(), share * 100.0) }
                </p>
            }
            { match o.replay(platform.hardware_threads) {
                Some((one, gap)) => html! { <Replay {one} {gap} /> },
                None => html! {
                    <p class="hint" id="no-replay">{ "The sort runs in two rounds, its keys sent to the \
                        workers and back between them: not the independent pieces the simulator's \
                        prediction is made of, so there is none for it." }</p>
                },
            } }
            <h2 class="sub">{ format!("Who did what, on the {n}-worker run") }</h2>
            <WorkerTimeline run={c.parallel.clone()} threads={n} />
            <table class="shares">
                <thead><tr>
                    <th scope="col">{ "Worker" }</th><th scope="col">{ "Pieces" }</th>
                    <th scope="col">{ "Items" }</th><th scope="col">{ "Busy" }</th>
                </tr></thead>
                <tbody>
                    { for c.parallel.shares().iter().map(|s| html! {
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
