//! Lesson "Keep the page responsive", on the visitor's real main thread: a ball moved
//! by `requestAnimationFrame` and a field to type in, while one CPU job (a Mandelbrot
//! image) runs four ways: on the main thread in one go, on the main thread in slices
//! that yield to the event loop, in one worker, and across N workers. Each way's total
//! time, longest frame gap, late frames, long tasks and input delay are measured from
//! what the page saw ([`watch`]); then the event loop itself, as a model stepped through
//! beside the same snippets run for real ([`model`]). Settings live in the URL query.

mod model;
mod results;
mod snippets;
mod state;
mod watch;
mod ways;

use std::rc::Rc;

use yew::prelude::*;

use crate::hooks::use_run;
use crate::lessons::kernels::size_label;
use crate::lessons::settings::{on_field, workers_select};
use crate::platform::Platform;
use model::EventLoopModel;
use results::{WayResults, label};
use state::{Action, KERNEL, Phase, Query, Responsive, SCALES, SIZES, Settings, Way, Yield};
use watch::use_watch;

#[function_component(ResponsiveLesson)]
pub fn responsive_lesson() -> Html {
    let platform = use_context::<Rc<Platform>>().expect("platform context");
    let (query, save) = super::settings::use_settings::<Query>("responsive");
    let settings = Settings::from_query(&query, &platform);
    let lab = use_reducer(|| Responsive::new(settings, query.snippet.as_deref()));
    let ball = use_node_ref();
    let seen = use_watch(ball.clone());
    {
        let lab = lab.dispatcher();
        use_effect_with(settings, move |settings| {
            lab.dispatch(Action::Settings(*settings))
        });
    }
    {
        // The snippet shown goes into the link, with the settings.
        let (save, snippet) = (save.clone(), lab.model.snippet.id);
        use_effect_with(snippet, move |snippet| {
            save.emit(settings.to_query(snippet))
        });
    }
    let snippet = lab.model.snippet.id;
    let update = move |next: Settings| save.emit(next.to_query(snippet));
    let on_workers = on_field(settings, update.clone(), |s, v| {
        v.parse().ok().map(|workers| Settings { workers, ..s })
    });
    let on_yield = on_field(settings, update.clone(), |s, v| {
        Yield::ALL
            .into_iter()
            .find(|y| y.key() == v)
            .map(|yielder| Settings { yielder, ..s })
    });
    let on_scale = on_field(settings, update, |s, v| {
        v.parse()
            .ok()
            .filter(|k| *k < SIZES.len())
            .map(|scale| Settings { scale, ..s })
    });
    {
        let (report, ways, settings, seen) = (
            lab.dispatcher(),
            lab.asked.clone(),
            lab.settings,
            seen.clone(),
        );
        use_run(lab.runs, move |_| async move {
            if let Err(message) = ways::run(ways, settings, seen, &report).await {
                report.dispatch(Action::Failed(message));
            }
        });
    }
    let on = {
        let lab = lab.dispatcher();
        Callback::from(move |action| lab.dispatch(action))
    };
    let on_key = {
        let seen = seen.clone();
        Callback::from(move |e: KeyboardEvent| seen.borrow_mut().key(e.time_stamp()))
    };
    let busy = lab.busy();
    let long_tasks = seen.borrow().long_tasks_observed;
    html! {
        // Any key pressed in the lesson counts, wherever the focus is.
        <section class="lab responsive-lab" aria-label="Experiment" data-runs={lab.runs.to_string()}
            data-busy={busy.to_string()} onkeydown={on_key}>
            <div class="stage">
                <div class="track" aria-hidden="true"><div class="ball" ref={ball}></div></div>
                <label class="type-here">
                    <span>{ "Type here while a way runs: does the page answer?" }</span>
                    <input id="type-here" type="text" autocomplete="off" />
                </label>
            </div>
            <form class="controls" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { workers_select("Workers (last way)", &platform, settings.workers, on_workers, busy) }
                <label>
                    <span>{ "Job" }</span>
                    <select id="scale" onchange={on_scale} disabled={busy}>
                        { for (0..SIZES.len()).map(|k| html! {
                            <option value={k.to_string()} selected={k == settings.scale}>
                                { format!("{}: a Mandelbrot image of {}", SCALES[k], size_label(KERNEL, SIZES[k])) }
                            </option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ "Slices yield with" }</span>
                    <select id="yield" onchange={on_yield} disabled={busy}>
                        { for Yield::ALL.map(|y| html! {
                            <option value={y.key()} selected={y == settings.yielder}>{ y.label() }</option>
                        }) }
                    </select>
                </label>
                <button id="run-all" type="button" class="primary" disabled={busy}
                    onclick={on.reform(|_| Action::Run(Way::ALL.to_vec()))}>{ "Run all four ways" }</button>
            </form>
            <div class="ways">
                { for Way::ALL.map(|way| html! {
                    <button type="button" id={format!("run-{}", way.key())} disabled={busy}
                        onclick={on.reform(move |_| Action::Run(vec![way]))}>
                        { format!("Run: {}", label(way, settings.workers).to_lowercase()) }
                    </button>
                }) }
            </div>
            <p class="mode-note">
                { "In one go, the job holds the main thread: no frame is painted and no key is \
                   answered until it ends. In slices, the thread takes turns between the job \
                   and the page (concurrency on one thread): it stays responsive and takes a \
                   little longer. In workers, the job runs beside the page (parallelism): the \
                   page is free, and N workers also finish sooner. The timer delay is the \
                   longest a timer due every 50 ms waited past its time; the key delay, the \
                   longest a key you pressed during the way waited to be handled. The slices \
                   yield in the way you pick: a message is a new task, scheduler.yield() puts \
                   the rest of the job ahead of other tasks (timers wait; input does not), \
                   setTimeout(0) waits at least 4 ms once nested. Workers work by message \
                   passing, so all four ways run on any page." }
            </p>
            <div class="progress" aria-live="polite">{ progress(&lab.phase, settings.workers) }</div>
            <WayResults results={Rc::new(lab.results.clone())} {long_tasks} />
            <EventLoopModel model={lab.model.clone()} on={on} />
        </section>
    }
}

fn progress(phase: &Phase, workers: u32) -> Html {
    match phase {
        Phase::Idle => html! { <span>{ "Press a way, or run all four. Watch the ball." }</span> },
        Phase::Preparing => {
            html! { <span class="busy">{ "Starting and warming up the workers (untimed)\u{2026}" }</span> }
        }
        Phase::Running(way) => html! {
            <span class="busy">{ format!("Running: {}\u{2026}", label(*way, workers).to_lowercase()) }</span>
        },
        Phase::Failed(message) => html! {
            <span class="error" role="alert">{ format!("The run failed: {message}. Press a way to try again.") }</span>
        },
    }
}
