//! The tour's side effects: its progress saved as it changes, the played run's beat,
//! and the arrow keys that move between steps.

use gloo_timers::callback::Interval;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;
use yew_router::prelude::*;

use super::measured::{KERNEL, SIZE, pieces};
use super::state::{Action, Measurement, Progress, Runs, Tour};
use crate::hooks::{use_kept_workers, use_run, use_stopper};
use crate::parts::Part;
use crate::pool::{self, Mode};
use crate::route::Route;
use crate::storage;
use interleave_lessons::tour::Widget;

/// The progress saved on an earlier visit; a damaged save is read as far as it goes,
/// or forgotten.
pub fn saved_progress() -> Progress {
    storage::load(storage::TOUR)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Whether the page asked for reduced motion: then runs do not play by themselves.
pub fn reduced_motion() -> bool {
    crate::platform::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// Saves the progress whenever it changes; a tour not begun (or started over) keeps
/// nothing.
#[hook]
pub fn use_saved_progress(tour: &UseReducerHandle<Tour>) {
    use_effect_with(tour.progress.clone(), |progress| {
        if *progress == Progress::default() {
            storage::remove(storage::TOUR);
        } else if let Ok(text) = serde_json::to_string(progress) {
            storage::save(storage::TOUR, &text);
        }
    });
}

/// While a run plays, a beat moves it to its next change.
#[hook]
pub fn use_player(tour: &UseReducerHandle<Tour>) {
    let dispatcher = tour.dispatcher();
    use_effect_with(tour.playing, move |&playing| {
        let beat = playing.then(|| Interval::new(350, move || dispatcher.dispatch(Action::Beat)));
        move || drop(beat)
    });
}

/// The next step's runs made while the learner reads this one, when the page is idle
/// (a task of its own, not one that answers a key): the step they open in a moment
/// then takes its runs ready made. The explorer's programs and the servers' simulations
/// made a step change take over 100 ms, where the others take 30. Only when `enabled`
/// (on the step the page opened on, once it is answered, since earlier the work would
/// land while the page is still loading, as a long task on a phone), and only after
/// [`READING_MS`] on the step, so that it never lands between the step's first frames.
#[hook]
pub fn use_next_step_ready(step: usize, enabled: bool) {
    use_effect_with((step, enabled), move |&(step, enabled)| {
        let wanted = std::rc::Rc::new(std::cell::Cell::new(true));
        let next = step + 1;
        if enabled && next < interleave_lessons::tour::STEPS.len() {
            let make = {
                let wanted = wanted.clone();
                move || {
                    if wanted.get() {
                        // Its kind's part first, if another kind's: fetched while the
                        // learner reads.
                        wasm_bindgen_futures::spawn_local(async move {
                            if Part::of_step(next).load().await.is_ok() && wanted.get() {
                                Runs::of_step(next);
                            }
                        });
                    }
                }
            };
            gloo_timers::callback::Timeout::new(READING_MS, move || when_idle(make)).forget();
        }
        move || wanted.set(false)
    });
}

/// A step whose runs are pending (the tour moved to it before its kind's part was
/// loaded) loads that part, and then makes them.
#[hook]
pub fn use_step_ready(tour: &UseReducerHandle<Tour>) {
    let dispatcher = tour.dispatcher();
    use_effect_with((tour.step, tour.runs.pending), move |&(step, pending)| {
        if pending {
            wasm_bindgen_futures::spawn_local(async move {
                if Part::of_step(step).load().await.is_ok() {
                    dispatcher.dispatch(Action::Ready);
                }
            });
        }
    });
}

/// How long a step is shown before the next one's runs are made.
const READING_MS: u32 = 400;

/// Calls `f` once the page is idle (within 2 s at the latest), or after a pause where
/// the browser cannot say when it is idle.
fn when_idle(f: impl FnOnce() + 'static) {
    let window = crate::platform::window();
    let idle = window.as_ref().and_then(|w| {
        js_sys::Reflect::get(w, &"requestIdleCallback".into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()
    });
    match (window, idle) {
        (Some(window), Some(idle)) => {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"timeout".into(), &2000.into());
            let _ = idle.call2(&window, &Closure::once_into_js(f), &options);
        }
        _ => {
            gloo_timers::callback::Timeout::new(300, f).forget();
        }
    }
}

/// ← and → move between steps, unless the key is meant for a field or the timeline
/// (or the step is embedded alone, with nowhere to move).
#[hook]
pub fn use_arrow_keys(step: usize, last: usize, enabled: bool) {
    let navigator = use_navigator();
    use_effect_with((step, enabled), move |&(step, enabled)| {
        let on_key =
            Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
                let typing = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| {
                        matches!(
                            el.tag_name().as_str(),
                            "INPUT" | "TEXTAREA" | "SELECT" | "CANVAS"
                        )
                    });
                if !enabled
                    || typing
                    || e.alt_key()
                    || e.ctrl_key()
                    || e.meta_key()
                    || e.shift_key()
                {
                    return;
                }
                let to = match e.key().as_str() {
                    "ArrowLeft" if step > 0 => step - 1,
                    "ArrowRight" if step < last => step + 1,
                    _ => return,
                };
                e.prevent_default();
                if let Some(navigator) = &navigator {
                    navigator.push(&Route::TourStep { n: to + 1 });
                }
            });
        let document = crate::platform::window().and_then(|w| w.document());
        if let Some(d) = &document {
            let _ = d.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
        }
        move || {
            if let Some(d) = &document {
                let _ = d.remove_event_listener_with_callback(
                    "keydown",
                    on_key.as_ref().unchecked_ref(),
                );
            }
        }
    });
}

/// Measures what the tour asks for, on message-passing workers (they run on every
/// page, embedded ones too), kept from one measurement to the next: the job on one
/// worker and on `workers`; or, with a serial part, on 1, 2, ... `workers`, the best
/// of three runs each. A measurement no longer listened to (the learner left its
/// step) has its workers stopped at once, so that none competes with the next.
#[hook]
pub fn use_measure(tour: &Tour, report: Callback<Action>, workers: u32) {
    let kept = use_kept_workers();
    let running = use_stopper(tour.measuring.busy);
    let serial = match tour.current().widget {
        Widget::Serial { percent } => Some(SIZE * u64::from(percent) / 100),
        _ => None,
    };
    // Only a measurement asked for and under way: a step shown again does not measure
    // again by itself.
    let asked = if tour.measuring.busy {
        tour.measuring.number
    } else {
        0
    };
    use_run(asked, move |number| async move {
        let result = async {
            let (mut set, started) = kept.take(Mode::MessagePassing, workers, || {}).await?;
            *running.borrow_mut() = Some(set.canceller());
            if started.is_some() {
                // New workers are not timed on code the browser has yet to optimise.
                set.warm_up(KERNEL, SIZE, pieces(workers)).await?;
            }
            let measurement = match serial {
                None => {
                    let compared = set
                        .alone_then_parallel(KERNEL, SIZE, pieces(workers), || {})
                        .await?;
                    Measurement::Cores {
                        workers: set.threads,
                        compared,
                    }
                }
                Some(items) => {
                    let (mut times, mut values) = (Vec::new(), Vec::new());
                    for k in 1..=set.threads {
                        let mut best = f64::INFINITY;
                        for _ in 0..3 {
                            let t0 = pool::now();
                            let run = set
                                .parallel_on(
                                    KERNEL,
                                    SIZE,
                                    items,
                                    pieces(workers),
                                    k as usize,
                                    &mut |_| {},
                                )
                                .await?;
                            best = best.min(pool::now() - t0);
                            values.push(run.value);
                        }
                        times.push((k, best));
                    }
                    Measurement::Serial {
                        times,
                        agree: values.windows(2).all(|w| w[0] == w[1]),
                    }
                }
            };
            kept.keep(set);
            Ok(measurement)
        }
        .await;
        // Done or failed: nothing is left to stop.
        running.borrow_mut().take();
        report.emit(Action::Measured(number, result));
    });
}
