//! The job run the ways the learner asked for, one after another, each measured from
//! what the page saw meanwhile ([`super::watch`]): on the main thread in one go (the
//! page freezes), on the main thread a row at a time, yielding to the event loop every
//! few milliseconds (concurrency on one thread), in one worker, and split across N
//! workers (parallel to the page). The workers are started and warmed first, untimed.

use interleave_lessons::responsive::measure;
use interleave_par::pieces::split;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use super::state::{Action, KERNEL, Responsive, Settings, Way, WayRun, Yield};
use super::watch::Watched;
use crate::pool::{Mode, Workers, now, settle};

/// The sliced way runs rows until this much time has passed, then yields.
const SLICE_MS: f64 = 8.0;
/// After a way ends, the page is left alone this long, so that the first frame after
/// it is seen and the next way starts on a quiet page.
const REST_MS: u32 = 400;

pub async fn run(
    ways: Vec<Way>,
    settings: Settings,
    seen: Watched,
    report: &UseReducerDispatcher<Responsive>,
) -> Result<(), String> {
    report.dispatch(Action::Preparing);
    let size = settings.size();
    let pieces = settings.workers * 8;
    // This thread's copy of the kernel is warmed too, so that no way pays for the
    // browser compiling it.
    KERNEL.value(size, 0, size / 16);
    settle().await;
    let mut workers = None;
    if ways.iter().any(|w| w.on_workers()) {
        let mut set = Workers::start(Mode::MessagePassing, settings.workers).await?;
        set.warm_up(KERNEL, size / 8, pieces).await?;
        workers = Some(set);
    }
    for way in ways {
        report.dispatch(Action::Running(way));
        // Let the page paint that this way is running, then start.
        gloo_timers::future::TimeoutFuture::new(100).await;
        let start = now();
        let (value, slices) = match (way, workers.as_mut()) {
            (Way::Main, _) => (KERNEL.value(size, 0, size), None),
            (Way::Sliced, _) => {
                let (value, count, how) = sliced(size, settings.yielder).await;
                (value, Some((count, how)))
            }
            (Way::Worker, Some(set)) => (
                set.parallel_on(KERNEL, size, 0, pieces, 1, &mut |_| ())
                    .await?
                    .value,
                None,
            ),
            (Way::Workers, Some(set)) => (set.parallel(KERNEL, size, pieces).await?.value, None),
            (_, None) => return Err("no workers were started".into()),
        };
        let end = now();
        gloo_timers::future::TimeoutFuture::new(REST_MS).await;
        let figures = {
            let seen = seen.borrow();
            measure(
                start,
                end,
                &seen.frames,
                &seen.long_tasks,
                &seen.timers,
                &seen.keys,
            )
        };
        report.dispatch(Action::Measured(WayRun {
            way,
            figures,
            value,
            slices,
            settings,
        }));
    }
    report.dispatch(Action::Finished);
    Ok(())
}

/// The job a row at a time on this thread, yielding with `how` whenever [`SLICE_MS`]
/// have passed: its value, the slices it took and how it yielded.
async fn sliced(size: u64, how: Yield) -> (u64, u32, &'static str) {
    let (mut value, mut slices, mut used) = (0, 1, how.label());
    let mut slice_start = now();
    for piece in split(0, size, size as u32) {
        value += KERNEL.value(size, piece.lo, piece.hi);
        if now() - slice_start >= SLICE_MS {
            used = yield_to_loop(how).await;
            slices += 1;
            slice_start = now();
        }
    }
    (value, slices, used)
}

/// Lets the event loop run what waits (input, rendering, timers), then comes back, the
/// way `how` says; `scheduler.yield()` where the browser lacks it is a message. Returns
/// the way it used.
pub async fn yield_to_loop(how: Yield) -> &'static str {
    if how == Yield::Scheduler
        && let Some(promise) = scheduler_yield()
    {
        let _ = JsFuture::from(promise).await;
        return Yield::Scheduler.label();
    }
    if how == Yield::Timeout {
        gloo_timers::future::TimeoutFuture::new(0).await;
        return Yield::Timeout.label();
    }
    let Ok(channel) = web_sys::MessageChannel::new() else {
        gloo_timers::future::TimeoutFuture::new(0).await;
        return Yield::Timeout.label();
    };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        channel.port1().set_onmessage(Some(&resolve));
        let _ = channel.port2().post_message(&wasm_bindgen::JsValue::NULL);
    });
    let _ = JsFuture::from(promise).await;
    Yield::Message.label()
}

/// `scheduler.yield()`'s promise, where the browser has it.
fn scheduler_yield() -> Option<js_sys::Promise> {
    let scheduler = js_sys::Reflect::get(&js_sys::global(), &"scheduler".into()).ok()?;
    let yielder = js_sys::Reflect::get(&scheduler, &"yield".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    yielder
        .call0(&scheduler)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()
}
