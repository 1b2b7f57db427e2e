//! Lesson "One core or two?": run a CPU-heavy kernel (primes, a Mandelbrot image, Monte
//! Carlo pi, a matrix product) on one worker, then on several, on real Web Workers; show
//! both times, the speedup, and who did how much. Settings live in the URL query, so a
//! link (or an embed) reproduces the lesson.

use std::rc::Rc;

use interleave_par::Kernel;
use yew::prelude::*;

use super::kernels;
use crate::hooks::{KeptWorkers, use_kept_workers, use_run};
use crate::lessons::settings::on_field;
use crate::platform::Platform;
use crate::pool::Mode;
use crate::text::group;
use results::Results;
use state::{Action, Cores, Outcome, Phase, Query, Settings};

mod results;
pub(crate) mod state;

/// What a run's value means, in words, the figure in bold.
fn answer(kernel: Kernel, size: u64, value: u64) -> Html {
    let (before, figure, after) = kernels::answer(kernel, size, value);
    html! { <>{ before }<strong>{ figure }</strong>{ after }</> }
}

#[function_component(CoresLesson)]
pub fn cores_lesson() -> Html {
    let platform = use_context::<Rc<Platform>>().expect("platform context");
    let (query, save) = super::settings::use_settings::<Query>("cores");
    let settings = Settings::from_query(&query, &platform);
    let lesson = use_reducer(|| Cores::new(settings));
    let workers = use_kept_workers();
    {
        let lesson = lesson.dispatcher();
        use_effect_with(settings, move |settings| {
            lesson.dispatch(Action::Settings(*settings))
        });
    }

    let update = move |next: Settings| save.emit(next.to_query());
    let on_kernel = {
        let update = update.clone();
        Callback::from(move |(kernel, size)| {
            update(Settings {
                kernel,
                size,
                ..settings
            })
        })
    };
    let on_workers = on_field(settings, update.clone(), |s, v| {
        v.parse().ok().map(|workers| Settings { workers, ..s })
    });
    let on_mode = on_field(settings, update.clone(), |s, v| {
        Mode::from_key(v).map(|mode| Settings { mode, ..s })
    });
    let on_run = {
        let lesson = lesson.dispatcher();
        Callback::from(move |_| lesson.dispatch(Action::Run))
    };
    {
        let (report, settings) = (lesson.dispatcher(), lesson.settings);
        use_run(lesson.runs, move |number| async move {
            let result = run(number, settings, &report, &workers).await;
            report.dispatch(match result {
                Ok(outcome) => Action::Finished(outcome),
                Err(message) => Action::Failed(message),
            });
        });
    }

    let mode_note = match settings.mode {
        Mode::SharedMemory => format!(
            "Shared memory: one coordinator worker drives a rayon pool of {} threads over one \
             WebAssembly memory; idle threads steal pieces.",
            settings.workers
        ),
        Mode::MessagePassing => format!(
            "Message passing: {} workers, each with its own copy of the module; the page posts \
             each a piece and sends the next one when a result comes back.",
            settings.workers
        ),
    };
    let phase = &lesson.phase;
    let busy = phase.busy();
    html! {
        <section class="lab cores-lab" aria-label="Experiment" data-runs={lesson.runs.to_string()}>
            <form class="controls" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <kernels::KernelPicker kernel={settings.kernel} size={settings.size} lesson={kernels::KernelLesson::Cores}
                    on_change={on_kernel} disabled={busy} />
                <label>
                    <span>{ "Workers" }</span>
                    <select id="workers" onchange={on_workers} disabled={busy}>
                        { for platform.worker_choices().into_iter().map(|w| html! {
                            <option value={w.to_string()} selected={w == settings.workers}>{ w }</option>
                        }) }
                    </select>
                </label>
                <fieldset class="modes">
                    <legend>{ "How the workers share the job" }</legend>
                    { for [Mode::SharedMemory, Mode::MessagePassing].into_iter().map(|m| {
                        let unavailable = m == Mode::SharedMemory && !platform.isolated;
                        html! {
                            <label class={classes!(unavailable.then_some("unavailable"))}>
                                <input type="radio" name="mode" value={m.key()}
                                    checked={m == settings.mode}
                                    disabled={busy || unavailable}
                                    onchange={on_mode.clone()} />
                                { m.label() }
                            </label>
                        }
                    }) }
                </fieldset>
                <button id="run" type="button" class="primary" onclick={on_run} disabled={busy}>
                    { format!("Run on 1 worker, then on {}", settings.workers) }
                </button>
            </form>
            <p class="mode-note" data-mode={settings.mode.key()}>
                { mode_note }
                if !platform.isolated {
                    { " Shared memory needs a cross-origin isolated page, which this one is not." }
                    <crate::components::isolate::IsolateOffer />
                }
            </p>
            if let Some(seed) = kernels::about(settings.kernel).seed {
                <p class="seed-note" id="seed">{ seed }</p>
            }
            <div class="progress" aria-live="polite">{ progress(phase, settings) }</div>
            if let Phase::Done(outcome) = phase {
                <Results outcome={outcome.clone()} />
            }
        </section>
    }
}

/// Times the job on one worker, then on all of them, on the lesson's kept workers.
async fn run(
    number: u32,
    settings: Settings,
    report: &UseReducerDispatcher<Cores>,
    kept: &KeptWorkers,
) -> Result<Outcome, String> {
    let (mut workers, start_ms) = kept
        .take(settings.mode, settings.workers, || {
            report.dispatch(Action::Starting)
        })
        .await?;
    if start_ms.is_some() {
        // New workers are not timed on code the browser has yet to optimise.
        workers
            .warm_up(settings.kernel, settings.size, settings.pieces())
            .await?;
    }
    report.dispatch(Action::Alone);
    let compared = workers
        .alone_then_parallel(settings.kernel, settings.size, settings.pieces(), || {
            report.dispatch(Action::Parallel)
        })
        .await?;
    let threads = workers.threads;
    kept.keep(workers);
    Ok(Outcome {
        number,
        settings,
        threads,
        start_ms,
        compared,
    })
}

fn progress(phase: &Phase, settings: Settings) -> Html {
    match phase {
        Phase::Idle => {
            html! { <span>{ "Press Run. Nothing is computed on this page: workers do it." }</span> }
        }
        Phase::Starting => html! { <span class="busy">{ "Starting workers\u{2026}" }</span> },
        Phase::Alone => html! { <span class="busy">{ "Counting on 1 worker\u{2026}" }</span> },
        Phase::Parallel => html! {
            <span class="busy">{ format!("Counting on {} workers\u{2026}", settings.workers) }</span>
        },
        Phase::Done(_) => {
            html! { <span>{ "Done. Run again to see how much the times vary." }</span> }
        }
        Phase::Failed(message) => html! {
            <span class="error" role="alert">{ format!("The run failed: {message}. Only this run is lost: press Run to try again with new workers.") }</span>
        },
    }
}
