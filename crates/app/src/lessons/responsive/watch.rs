//! What the page sees of its own main thread while the lesson is open: an animation
//! driven by `requestAnimationFrame` (a ball that moves with the clock, so a late frame
//! is a visible jump) whose frames are timed, the browser's long tasks
//! (`PerformanceObserver`, where it reports them), and a probe: a timer due every
//! 50 ms, whose lateness is how long an input would have waited. Keys typed in the
//! lesson's field are added by the page ([`Seen::key`]).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, PerformanceObserver, PerformanceObserverEntryList};
use yew::prelude::*;

use crate::pool::now;

/// The probe's period.
const PROBE_MS: i32 = 50;
/// Records older than this are dropped: a page left open keeps a bounded log.
const KEEP_MS: f64 = 120_000.0;

/// Everything seen so far, in the page's clock (ms).
#[derive(Debug, Default)]
pub struct Seen {
    pub frames: Vec<f64>,
    /// (start, duration) of each long task.
    pub long_tasks: Vec<(f64, f64)>,
    /// (when due, how long past it) for each run of the probe.
    pub timers: Vec<(f64, f64)>,
    /// (when typed, how long until handled) for each key.
    pub keys: Vec<(f64, f64)>,
    /// Whether the browser reports long tasks.
    pub long_tasks_observed: bool,
}

impl Seen {
    /// A key typed at `typed` (its event's time stamp), handled now.
    pub fn key(&mut self, typed: f64) {
        self.keys.push((typed, (now() - typed).max(0.0)));
    }

    fn trim(&mut self) {
        let old = now() - KEEP_MS;
        if self.frames.len() > 20_000 {
            self.frames.retain(|&t| t >= old);
            self.timers.retain(|d| d.0 >= old);
            self.keys.retain(|d| d.0 >= old);
            self.long_tasks.retain(|t| t.0 >= old);
        }
    }
}

pub type Watched = Rc<RefCell<Seen>>;

/// A callback that asks for its own next call: it holds this slot.
type Again<F> = Rc<RefCell<Option<Closure<F>>>>;

/// Starts the animation of `ball` and the watch while the component is mounted.
#[hook]
pub fn use_watch(ball: NodeRef) -> Watched {
    let seen = use_mut_ref(Seen::default);
    {
        let seen = seen.clone();
        use_effect_with((), move |_| {
            let stop = start(ball, seen);
            move || stop()
        });
    }
    seen
}

/// Starts the frame loop, the observer and the probe; returns what stops them.
fn start(ball: NodeRef, seen: Watched) -> impl FnOnce() {
    let running = Rc::new(std::cell::Cell::new(true));
    let window = crate::platform::window();

    // The frame loop: each frame records its time and moves the ball with the clock.
    let frame: Again<dyn FnMut(f64)> = Rc::new(RefCell::new(None));
    {
        let (again, seen, running) = (frame.clone(), seen.clone(), running.clone());
        *frame.borrow_mut() = Some(Closure::new(move |_: f64| {
            if !running.get() {
                return;
            }
            let t = now();
            {
                let mut seen = seen.borrow_mut();
                seen.frames.push(t);
                seen.trim();
            }
            if let Some(ball) = ball.cast::<HtmlElement>() {
                // Across and back every two seconds.
                let phase = (t % 2000.0) / 1000.0;
                let x = if phase < 1.0 { phase } else { 2.0 - phase };
                let _ = ball.style().set_property(
                    "left",
                    &format!("calc({:.2}% - {:.2}rem)", x * 100.0, x * 1.6),
                );
            }
            if let (Some(w), Some(f)) = (crate::platform::window(), again.borrow().as_ref()) {
                let _ = w.request_animation_frame(f.as_ref().unchecked_ref());
            }
        }));
    }
    if let (Some(w), Some(f)) = (&window, frame.borrow().as_ref()) {
        let _ = w.request_animation_frame(f.as_ref().unchecked_ref());
    }

    // Long tasks, where the browser reports them.
    let observed = {
        let seen = seen.clone();
        Closure::<dyn FnMut(PerformanceObserverEntryList)>::new(
            move |list: PerformanceObserverEntryList| {
                let mut seen = seen.borrow_mut();
                for entry in list.get_entries().iter() {
                    if let Ok(entry) = entry.dyn_into::<web_sys::PerformanceEntry>() {
                        seen.long_tasks.push((entry.start_time(), entry.duration()));
                    }
                }
            },
        )
    };
    // `observe` throws for an entry type the browser lacks: ask it first.
    let supported = js_sys::Reflect::get(&js_sys::global(), &"PerformanceObserver".into())
        .and_then(|class| js_sys::Reflect::get(&class, &"supportedEntryTypes".into()))
        .ok()
        .and_then(|types| types.dyn_into::<js_sys::Array>().ok())
        .is_some_and(|types| types.includes(&"longtask".into(), 0));
    let observer = supported
        .then(|| PerformanceObserver::new(observed.as_ref().unchecked_ref()).ok())
        .flatten();
    if let Some(observer) = &observer {
        let types = js_sys::Array::of1(&"longtask".into());
        observer.observe(&web_sys::PerformanceObserverInit::new(&types));
        seen.borrow_mut().long_tasks_observed = true;
    }

    // The probe: a timer due every 50 ms, each set when the last one ran.
    let probe: Again<dyn FnMut()> = Rc::new(RefCell::new(None));
    let due = Rc::new(std::cell::Cell::new(now() + f64::from(PROBE_MS)));
    {
        let (again, seen, running, due) =
            (probe.clone(), seen.clone(), running.clone(), due.clone());
        *probe.borrow_mut() = Some(Closure::new(move || {
            if !running.get() {
                return;
            }
            let t = now();
            seen.borrow_mut()
                .timers
                .push((due.get(), (t - due.get()).max(0.0)));
            due.set(t + f64::from(PROBE_MS));
            if let (Some(w), Some(f)) = (crate::platform::window(), again.borrow().as_ref()) {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    f.as_ref().unchecked_ref(),
                    PROBE_MS,
                );
            }
        }));
    }
    if let (Some(w), Some(f)) = (&window, probe.borrow().as_ref()) {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
            f.as_ref().unchecked_ref(),
            PROBE_MS,
        );
    }

    move || {
        running.set(false);
        if let Some(observer) = observer {
            observer.disconnect();
        }
        drop(observed);
        // The frame loop and the probe stop at their next call (each checks
        // `running`); each closure holds itself (to ask for its next call), so both stay
        // allocated, as a callback already queued may still call them.
        drop((frame, probe));
    }
}
