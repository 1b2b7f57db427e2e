//! Lesson "Lanes × cores": data parallelism inside one core (one instruction on four
//! numbers: WebAssembly's SIMD128) times parallelism across cores (Web Workers). Two
//! workloads, each written twice in `interleave_par::lanes`: a Mandelbrot image in f32
//! (compute-bound) and the sum of a 32 MiB array (memory-bound), each timed a lane at a
//! time and four at a time, on one worker and on N. On the compute-bound one the two
//! speedups multiply; on the memory-bound one the memory runs out first. Settings live
//! in the URL query.

mod results;
mod run;
mod state;

use std::rc::Rc;

use yew::prelude::*;

use crate::hooks::use_run;
use crate::lessons::kernels::{about, size_label};
use crate::lessons::settings::{on_field, workers_select};
use crate::platform::{Platform, simd_supported};
use results::Results;
use state::{Action, Lanes, Phase, Query, SCALES, Settings, TRIES, Workload};

#[function_component(SimdLesson)]
pub fn simd_lesson() -> Html {
    let platform = use_context::<Rc<Platform>>().expect("platform context");
    let (query, save) = super::settings::use_settings::<Query>("simd");
    let settings = Settings::from_query(&query, &platform);
    let lesson = use_reducer(|| Lanes::new(settings, simd_supported()));
    {
        let lesson = lesson.dispatcher();
        use_effect_with(settings, move |settings| {
            lesson.dispatch(Action::Settings(*settings))
        });
    }
    let update = move |next: Settings| save.emit(next.to_query());
    let on_workers = on_field(settings, update.clone(), |s, v| {
        v.parse().ok().map(|workers| Settings { workers, ..s })
    });
    let on_scale = on_field(settings, update, |s, v| {
        v.parse()
            .ok()
            .filter(|k| *k < SCALES.len())
            .map(|scale| Settings { scale, ..s })
    });
    let on_run = {
        let lesson = lesson.dispatcher();
        Callback::from(move |_| lesson.dispatch(Action::Run))
    };
    {
        let (report, ran, simd) = (lesson.dispatcher(), lesson.ran, lesson.simd);
        use_run(lesson.runs, move |_| async move {
            if let Err(message) = run::run(ran, simd, &report).await {
                report.dispatch(Action::Failed(message));
            }
        });
    }

    let busy = lesson.phase.busy();
    let scale_label = |k: usize| {
        let size = |w: Workload| size_label(w.kernel(false), w.size(k));
        format!(
            "{}: {}; {}",
            SCALES[k],
            size(Workload::Compute),
            size(Workload::Memory)
        )
    };
    html! {
        <section class="lab simd-lab" aria-label="Experiment" data-runs={lesson.runs.to_string()}
            data-simd={lesson.simd.to_string()}>
            <form class="controls" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { workers_select("Workers", &platform, settings.workers, on_workers, busy) }
                <label>
                    <span>{ "Size" }</span>
                    <select id="scale" onchange={on_scale} disabled={busy}>
                        { for (0..SCALES.len()).map(|k| html! {
                            <option value={k.to_string()} selected={k == settings.scale}>{ scale_label(k) }</option>
                        }) }
                    </select>
                </label>
                <button id="run" type="button" class="primary" onclick={on_run} disabled={busy}>
                    { format!("Run: 1 lane and 4, on 1 worker and on {}", settings.workers) }
                </button>
            </form>
            <p class="mode-note">
                { "Each workload is one kernel written twice: a number at a time, and four at a \
                   time with one instruction (WebAssembly SIMD128, from Rust's std::simd). Both \
                   run in workers of their own build, by message passing, so this works on any \
                   page. Each time is the best of " }
                { TRIES }
                { " runs." }
            </p>
            if !lesson.simd {
                <p class="notice" role="note" id="no-simd">
                    { "This browser does not run WebAssembly SIMD128 (it refuses a module that \
                       uses it), so the four-lane kernels run from the scalar build, where Rust \
                       turns them into code a number at a time: expect no speedup from lanes \
                       here. The cores still multiply." }
                </p>
            }
            <div class="progress" aria-live="polite">{ progress(&lesson) }</div>
            <Results lesson={Rc::new((*lesson).clone())} />
            if let Some(seed) = about(Workload::Memory.kernel(false)).seed {
                <p class="seed-note">{ seed }</p>
            }
        </section>
    }
}

fn progress(lesson: &Lanes) -> Html {
    let build = |simd: bool| {
        if simd {
            "the SIMD build's"
        } else {
            "the scalar build's"
        }
    };
    match &lesson.phase {
        Phase::Idle => html! {
            <span>{ "Press Run. Workers compute; this page only posts them pieces and draws." }</span>
        },
        Phase::Starting { simd } => html! {
            <span class="busy">{ format!("Starting {} workers\u{2026}", build(*simd)) }</span>
        },
        Phase::Warming { simd } => html! {
            <span class="busy">{ format!("Warming up {} workers (untimed)\u{2026}", build(*simd)) }</span>
        },
        Phase::Timing(n) => {
            let plan = lesson.ran.plan();
            let step = plan[*n];
            html! {
                <span class="busy">{ format!(
                    "Timing {} of {}: {}, {} at a time, on {} worker{} (best of {TRIES})\u{2026}",
                    n + 1,
                    plan.len(),
                    about(step.workload.kernel(false)).name,
                    if step.lanes { "four lanes" } else { "one lane" },
                    step.workers,
                    if step.workers == 1 { "" } else { "s" },
                ) }</span>
            }
        }
        Phase::Done => html! { <span>{ "Done. Run again to see how much the times vary." }</span> },
        Phase::Failed(message) => html! {
            <span class="error" role="alert">{ format!(
                "The run failed: {message}. Only this run is lost: press Run to try again with new workers."
            ) }</span>
        },
    }
}
