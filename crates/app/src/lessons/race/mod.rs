//! Lesson "Lost updates on real cores": several workers add one to one shared counter,
//! a million times each, with an unsynchronised load and store, an atomic add, and a
//! mutex. Only a cross-origin isolated page can share memory between workers; anywhere
//! else the lesson says so instead of pretending.

use std::rc::Rc;

use interleave_par::race::{Increment, RaceReport};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::hooks::{KeptWorkers, use_kept_workers, use_run};
use crate::platform::Platform;
use crate::pool::Mode;
use crate::text::group;

use state::{Action, PER_THREAD, Phase, Race};

mod state;

fn describe(increment: Increment) -> (&'static str, &'static str) {
    match increment {
        Increment::LoadStore => (
            "load, add, store",
            "let v = counter.load(); counter.store(v + 1);",
        ),
        Increment::FetchAdd => ("atomic add", "counter.fetch_add(1);"),
        Increment::Mutex => ("mutex", "*lock.lock() += 1;"),
    }
}

/// Races `threads` workers on one counter with each way to add in turn.
async fn run(
    threads: u32,
    per_thread: u64,
    report: &UseReducerDispatcher<Race>,
    kept: &KeptWorkers,
) -> Result<Vec<RaceReport>, String> {
    let (mut workers, _) = kept.take(Mode::SharedMemory, threads, || {}).await?;
    let mut reports = Vec::new();
    for increment in Increment::ALL {
        report.dispatch(Action::Running(increment));
        reports.push(workers.race(increment, threads, per_thread).await?);
    }
    kept.keep(workers);
    Ok(reports)
}

/// Told each finished run's reports, where the lesson is shown inside another page
/// (the tour keeps the share of updates lost): given as a context, since the tour
/// draws the lesson through its part, fetched only when the step shows it.
#[derive(Clone, PartialEq)]
pub struct RaceDone(pub Callback<Vec<RaceReport>>);

#[function_component(RaceLesson)]
pub fn race_lesson() -> Html {
    let platform = use_context::<Rc<Platform>>().expect("platform context");
    let done = use_context::<RaceDone>();
    let race = use_reducer(Race::default);
    let workers = use_kept_workers();
    let threads = platform.hardware_threads.clamp(2, 16);
    {
        let (report, per_thread) = (race.dispatcher(), race.per_thread);
        use_run(race.runs, move |_| async move {
            report.dispatch(match run(threads, per_thread, &report, &workers).await {
                Ok(reports) => {
                    if let Some(RaceDone(on_done)) = &done {
                        on_done.emit(reports.clone());
                    }
                    Action::Finished(reports)
                }
                Err(message) => Action::Failed(message),
            });
        });
    }

    if !platform.isolated {
        return html! {
            <section class="lab race-lab" aria-label="Experiment">
                <p class="notice" id="race-unavailable">
                    { "Real shared memory between workers needs a cross-origin isolated page, and this one is not" }
                    { if platform.embedded { " (it is embedded in another page)." } else { "." } }
                    { " " }
                    if platform.embedded {
                        <a href="#/lesson/race" target="_blank" rel="noopener">{ "Open this lesson on its own page" }</a>
                        { " to run it." }
                    }
                    { " The same race, played step by step, is in the simulator." }
                    <crate::components::isolate::IsolateOffer />
                </p>
            </section>
        };
    }

    let on_run = {
        let race = race.dispatcher();
        Callback::from(move |_| race.dispatch(Action::Run))
    };
    let on_per_thread = {
        let race = race.dispatcher();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(n) = value.parse() {
                race.dispatch(Action::PerThread(n));
            }
        })
    };
    let (busy, phase, runs) = (race.busy(), &race.phase, race.runs);
    html! {
        <section class="lab race-lab" aria-label="Experiment" data-runs={runs.to_string()}>
            <form class="controls" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <label>
                    <span>{ "Additions per worker" }</span>
                    <select id="per-thread" onchange={on_per_thread} disabled={busy}>
                        { for PER_THREAD.iter().map(|&n| html! {
                            <option value={n.to_string()} selected={n == race.per_thread}>{ group(n) }</option>
                        }) }
                    </select>
                </label>
                <button id="race" type="button" class="primary" onclick={on_run} disabled={busy}>
                    { format!("Run {threads} workers on one counter") }
                </button>
            </form>
            <p class="mode-note">
                { format!("{threads} threads of a rayon pool share one WebAssembly memory; they start together \
                           behind a barrier, then each adds one to the same counter.") }
            </p>
            <div class="progress" aria-live="polite">
                { match phase {
                    Phase::Idle => html! { <span>{ "Press Run: each of the three ways runs in turn." }</span> },
                    Phase::Running(i) => html! { <span class="busy">{ format!("Running: {}\u{2026}", describe(*i).0) }</span> },
                    Phase::Done(_) => html! { <span>{ "Done. Run again: the lost updates change every time, the others never." }</span> },
                    Phase::Failed(m) => html! { <span class="error" role="alert">{ format!("The run failed: {m}. Only this run is lost: run again to start a new pool.") }</span> },
                } }
            </div>
            if let Phase::Done(reports) = phase {
                <div class="table-wrap">
                <table class="race-results" id="race-results" data-run={runs.to_string()}>
                    <thead><tr>
                        <th scope="col">{ "Each addition is" }</th><th scope="col">{ "Code" }</th>
                        <th scope="col">{ "Expected" }</th><th scope="col">{ "Counted" }</th>
                        <th scope="col">{ "Lost updates" }</th><th scope="col">{ "Time" }</th>
                    </tr></thead>
                    <tbody>
                        { for reports.iter().map(|r| {
                            let (name, code) = describe(r.increment);
                            html! {
                                <tr data-increment={serde_json::to_string(&r.increment).unwrap_or_default().trim_matches('"').to_string()}
                                    data-lost={r.lost.to_string()}>
                                    <th scope="row">{ name }</th>
                                    <td><code>{ code }</code></td>
                                    <td>{ group(r.expected) }</td>
                                    <td>{ group(r.counted) }</td>
                                    <td class={classes!(if r.lost > 0 { "error" } else { "agree" })}>
                                        { if r.lost > 0 { format!("{} ({:.1} %)", group(r.lost), 100.0 * r.lost as f64 / r.expected as f64) } else { "none".into() } }
                                    </td>
                                    <td>{ format!("{:.0} ms", r.ms) }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                </div>
                <p class="explain">
                    { "A lost update happens when two workers read the same value, both add one, and both \
                       write back: two additions, one counted. The atomic add and the mutex make the \
                       read-add-write indivisible, and pay for it in time." }
                </p>
            }
        </section>
    }
}
