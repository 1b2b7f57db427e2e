//! The tour's side effects: its progress saved as it changes, the played run's beat,
//! and the arrow keys that move between steps.

use gloo_timers::callback::Interval;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;
use yew_router::prelude::*;

use super::cores::{KERNEL, SIZE, pieces};
use super::state::{Action, Measurement, Progress, Tour};
use crate::hooks::{use_kept_workers, use_run};
use crate::pool::Mode;
use crate::route::Route;
use crate::storage;

/// The progress saved on an earlier visit; a damaged save is read as far as it goes,
/// or forgotten.
pub fn saved_progress() -> Progress {
    storage::load(storage::TOUR)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Whether the page asked for reduced motion: then runs do not play by themselves.
pub fn reduced_motion() -> bool {
    web_sys::window()
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
        let document = web_sys::window().and_then(|w| w.document());
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

/// Times the job on one worker and on `workers`, for each measurement the tour asks
/// for, on message-passing workers (they run on every page, embedded ones too), kept
/// from one measurement to the next.
#[hook]
pub fn use_measure(tour: &UseReducerHandle<Tour>, workers: u32) {
    let kept = use_kept_workers();
    let report = tour.dispatcher();
    use_run(tour.measuring.number, move |number| async move {
        let result = async {
            let (mut set, started) = kept.take(Mode::MessagePassing, workers, || {}).await?;
            if started.is_some() {
                // New workers are not timed on code the browser has yet to optimise.
                set.warm_up(KERNEL, SIZE, pieces(workers)).await?;
            }
            let c = set
                .alone_then_parallel(KERNEL, SIZE, pieces(workers), || {})
                .await?;
            let threads = set.threads;
            kept.keep(set);
            Ok(Measurement {
                workers: threads,
                alone_ms: c.alone_ms,
                parallel_ms: c.parallel_ms,
                agree: c.alone.value == c.parallel.value,
                parallel: c.parallel,
            })
        }
        .await;
        report.dispatch(Action::Measured(number, result));
    });
}
