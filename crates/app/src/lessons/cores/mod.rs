//! Lesson "One core or two?": run a CPU-heavy kernel (primes, a Mandelbrot image, Monte
//! Carlo pi, a matrix product) on one worker, then on several, on real Web Workers; show
//! both times, the speedup, and who did how much. Settings live in the URL query, so a
//! link (or an embed) reproduces the lesson.

use std::rc::Rc;

use interleave_par::{Kernel, Run};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use super::kernels;
use crate::components::status::{Started, StartedHandle};
use crate::lessons::settings::on_field;
use crate::platform::Platform;
use crate::pool::{self, Mode, WorkerSlot, Workers};
use crate::text::group;
use results::Results;

mod results;

/// The sizes offered for each kernel; the middle one is the default.
fn sizes(kernel: Kernel) -> [u64; 3] {
    kernels::KernelLesson::Cores.sizes(kernel)
}

/// What a run's value means, in words, the figure in bold.
fn answer(kernel: Kernel, size: u64, value: u64) -> Html {
    let (before, figure, after) = kernels::answer(kernel, size, value);
    html! { <>{ before }<strong>{ figure }</strong>{ after }</> }
}

/// The lesson's state in the URL: `?kernel=primes&size=3000000&workers=2&mode=message`
/// (`bound=` is the size of the primes kernel, from older links). Anything missing or
/// out of range falls back to the default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Query {
    #[serde(skip_serializing_if = "Option::is_none")]
    kernel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bound: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    workers: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mode: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Settings {
    kernel: Kernel,
    size: u64,
    workers: u32,
    mode: Mode,
}

impl Settings {
    fn from_query(query: &Query, platform: &Platform) -> Settings {
        let kernel = query
            .kernel
            .as_deref()
            .and_then(Kernel::from_key)
            .unwrap_or(Kernel::Primes);
        let size = query
            .size
            .or(query.bound)
            .filter(|s| sizes(kernel).contains(s))
            .unwrap_or(sizes(kernel)[1]);
        let workers = query
            .workers
            .filter(|w| platform.worker_choices().contains(w))
            .unwrap_or_else(|| platform.hardware_threads.clamp(2, 16));
        let mode = query
            .mode
            .as_deref()
            .and_then(Mode::from_key)
            .filter(|m| *m == Mode::MessagePassing || platform.isolated)
            .unwrap_or(if platform.isolated {
                Mode::SharedMemory
            } else {
                Mode::MessagePassing
            });
        Settings {
            kernel,
            size,
            workers,
            mode,
        }
    }

    fn to_query(self) -> Query {
        Query {
            kernel: Some(self.kernel.key().into()),
            size: Some(self.size),
            bound: None,
            workers: Some(self.workers),
            mode: Some(self.mode.key().into()),
        }
    }

    /// Enough pieces that uneven ones even out over the workers.
    /// (The sort's pieces are even and each one costs a round trip of its keys, so it
    /// takes few: two chunks per worker, and as many buckets.)
    fn pieces(self) -> u32 {
        if self.kernel.additive() {
            (self.workers * 16).max(32)
        } else {
            self.workers * 2
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Outcome {
    /// The number of this run since the lesson opened (tests wait for it).
    number: u32,
    settings: Settings,
    threads: u32,
    start_ms: Option<f64>,
    alone: Run,
    alone_ms: f64,
    parallel: Run,
    parallel_ms: f64,
}

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Idle,
    Starting,
    Alone,
    Parallel,
    Done(Rc<Outcome>),
    Failed(String),
}

impl Phase {
    fn busy(&self) -> bool {
        matches!(self, Phase::Starting | Phase::Alone | Phase::Parallel)
    }
}

#[function_component(CoresLesson)]
pub fn cores_lesson() -> Html {
    let platform = use_context::<Rc<Platform>>().expect("platform context");
    let started = use_context::<StartedHandle>();
    let (query, save) = super::settings::use_settings::<Query>("cores");
    let settings = Settings::from_query(&query, &platform);
    let phase = use_state(|| Phase::Idle);
    let slot: WorkerSlot = use_mut_ref(|| None);
    let runs = use_mut_ref(|| 0u32);
    // Results belong to the settings that produced them.
    {
        let phase = phase.clone();
        use_effect_with(settings, move |_| {
            if !phase.busy() {
                phase.set(Phase::Idle);
            }
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
        let phase = phase.clone();
        let slot = slot.clone();
        let runs = runs.clone();
        Callback::from(move |_| {
            if phase.busy() {
                return;
            }
            let number = {
                let mut runs = runs.borrow_mut();
                *runs += 1;
                *runs
            };
            let (phase, slot, started) = (phase.clone(), slot.clone(), started.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = run(number, settings, &phase, &slot, started.as_ref()).await;
                phase.set(match result {
                    Ok(outcome) => Phase::Done(Rc::new(outcome)),
                    Err(message) => Phase::Failed(message),
                });
            });
        })
    };

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
    let busy = phase.busy();
    html! {
        <section class="lab cores-lab" aria-label="Experiment" data-runs={runs.borrow().to_string()}>
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
                }
            </p>
            if let Some(seed) = kernels::about(settings.kernel).seed {
                <p class="seed-note" id="seed">{ seed }</p>
            }
            <div class="progress" aria-live="polite">{ progress(&phase, settings) }</div>
            if let Phase::Done(outcome) = &*phase {
                <Results outcome={outcome.clone()} />
            }
        </section>
    }
}

async fn run(
    number: u32,
    settings: Settings,
    phase: &UseStateHandle<Phase>,
    slot: &WorkerSlot,
    started: Option<&StartedHandle>,
) -> Result<Outcome, String> {
    let existing = slot.borrow_mut().take();
    let (mut workers, start_ms) = match existing {
        Some(w) if w.mode() == settings.mode && w.threads == settings.workers => (w, None),
        _ => {
            phase.set(Phase::Starting);
            let w = Workers::start(settings.mode, settings.workers).await?;
            let ms = w.start_ms;
            if let Some(started) = started {
                started.set(Started {
                    workers: Some((w.mode(), w.threads)),
                });
            }
            (w, Some(ms))
        }
    };
    phase.set(Phase::Alone);
    let t0 = pool::now();
    let alone = workers.alone(settings.kernel, settings.size).await?;
    let alone_ms = pool::now() - t0;
    phase.set(Phase::Parallel);
    let t1 = pool::now();
    let parallel = workers
        .parallel(settings.kernel, settings.size, settings.pieces())
        .await?;
    let parallel_ms = pool::now() - t1;
    let threads = workers.threads;
    *slot.borrow_mut() = Some(workers);
    Ok(Outcome {
        number,
        settings,
        threads,
        start_ms,
        alone,
        alone_ms,
        parallel,
        parallel_ms,
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
