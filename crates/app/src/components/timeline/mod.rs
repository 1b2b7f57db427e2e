//! The timeline of one run on a canvas (no DOM node per bar): a lane per core with the
//! slices of the tasks it ran (each task a colour AND its name in the bar) and the
//! switches (hatched), then a thinner lane per task with its waits: ready (grey),
//! I/O (dotted, in its colour), lock (red, hatched). Zoom with the wheel or +/-, pan by
//! dragging (mouse, pen or touch) or with Shift+arrows, set the cursor by clicking or
//! tapping, or with the arrows.
//! Slices narrower than a pixel are skipped when the pixel is already drawn, so long
//! runs draw in time proportional to the canvas width, not to the run.

pub mod lanes;
mod paint;

use std::rc::Rc;

use interleave_sim::{Tick, Waiting};
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, KeyboardEvent, PointerEvent, WheelEvent};
use yew::prelude::*;

use lanes::Lanes;
use paint::draw;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub lanes: Rc<Lanes>,
    pub label: AttrValue,
    /// The visible time range (ticks, fractional while zooming).
    pub view: (f64, f64),
    pub cursor: Tick,
    pub on_cursor: Callback<Tick>,
    pub on_view: Callback<(f64, f64)>,
    /// Keyboard steps go to the previous or next event (handled by the lab).
    pub on_step: Callback<i32>,
    /// Veils the time after the cursor: what has not happened yet, for a run played.
    #[prop_or_default]
    pub veil: bool,
}

const GUTTER: f64 = 86.0;
const CORE_H: f64 = 24.0;
const TASK_H: f64 = 14.0;
const AXIS_H: f64 = 20.0;
/// Task lanes drawn at most; beyond, the chart says how many it left out.
const MAX_TASK_LANES: usize = 40;
/// Slices of one core past which the timeline's note explains its zoomed-out drawing.
const DENSE_SLICES: usize = 1000;

#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let canvas = use_node_ref();
    let tooltip = use_state(|| None::<(f64, f64, String)>);
    let drag = use_mut_ref(|| None::<(f64, (f64, f64), bool)>);
    let lanes = props.lanes.clone();
    let task_lanes = lanes.scenario.tasks.len().min(MAX_TASK_LANES);
    let height = lanes.report.cores as f64 * CORE_H + 6.0 + task_lanes as f64 * TASK_H + AXIS_H;

    // Redraw when the window changes size (the canvas follows its width).
    let resizes = use_mut_ref(|| 0u32);
    {
        let (resizes, rerender) = (resizes.clone(), use_force_update());
        use_effect_with((), move |_| {
            let listener = on_resize(move || {
                *resizes.borrow_mut() += 1;
                rerender.force_update();
            });
            move || drop(listener)
        });
    }
    {
        let canvas = canvas.clone();
        let (lanes, view, cursor, veil, resized) = (
            lanes.clone(),
            props.view,
            props.cursor,
            props.veil,
            *resizes.borrow(),
        );
        use_effect_with(
            (lanes, view, cursor, veil, resized),
            move |(lanes, view, cursor, veil, _)| {
                if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                    draw(&c, lanes, *view, *cursor, *veil, height);
                }
            },
        );
    }

    let time_at = {
        let canvas = canvas.clone();
        let view = props.view;
        move |x: f64| {
            let width = canvas
                .cast::<HtmlCanvasElement>()
                .map_or(800.0, |c| c.client_width() as f64);
            view.0 + (x - GUTTER).max(0.0) / (width - GUTTER).max(1.0) * (view.1 - view.0)
        }
    };

    let onwheel = {
        let (on_view, view, time_at) = (props.on_view.clone(), props.view, time_at.clone());
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            let at = time_at(e.offset_x() as f64);
            let factor = if e.delta_y() > 0.0 { 1.25 } else { 0.8 };
            on_view.emit(zoom(view, at, factor));
        })
    };
    let onmousedown = {
        let (drag, view) = (drag.clone(), props.view);
        Callback::from(move |e: PointerEvent| {
            *drag.borrow_mut() = Some((e.offset_x() as f64, view, false))
        })
    };
    let onmousemove = {
        let (drag, on_view, tooltip, lanes, time_at, canvas) = (
            drag.clone(),
            props.on_view.clone(),
            tooltip.clone(),
            lanes.clone(),
            time_at.clone(),
            canvas.clone(),
        );
        Callback::from(move |e: PointerEvent| {
            let x = e.offset_x() as f64;
            if let Some((x0, v, moved)) = drag.borrow_mut().as_mut() {
                if (x - *x0).abs() > 3.0 || *moved {
                    *moved = true;
                    let width = canvas
                        .cast::<HtmlCanvasElement>()
                        .map_or(800.0, |c| c.client_width() as f64);
                    let dt = (x - *x0) / (width - GUTTER).max(1.0) * (v.1 - v.0);
                    on_view.emit((v.0 - dt, v.1 - dt));
                }
                return;
            }
            let y = e.offset_y() as f64;
            tooltip.set(describe(&lanes, time_at(x), y).map(|text| (x, y, text)));
        })
    };
    let onmouseup = {
        let (drag, on_cursor, time_at) = (drag.clone(), props.on_cursor.clone(), time_at.clone());
        Callback::from(move |e: PointerEvent| {
            if let Some((_, _, moved)) = drag.borrow_mut().take()
                && !moved
            {
                on_cursor.emit(time_at(e.offset_x() as f64).floor().max(0.0) as Tick);
            }
        })
    };
    let onmouseleave = {
        let (drag, tooltip) = (drag.clone(), tooltip.clone());
        Callback::from(move |_: PointerEvent| {
            drag.borrow_mut().take();
            tooltip.set(None);
        })
    };
    let onkeydown = keys(props, lanes.start, lanes.end());
    let summary = format!(
        "{}: timeline of {} tasks on {} cores, {} ticks, {} slices. Arrows move the cursor \
         between events, plus and minus zoom, shift and arrows pan.",
        props.label,
        lanes.scenario.tasks.len(),
        lanes.report.cores,
        lanes.report.makespan,
        lanes.report.trace.cores.iter().map(Vec::len).sum::<usize>()
    );
    html! {
        <figure class="timeline-canvas">
            <figcaption>{ props.label.clone() }</figcaption>
            <div class="canvas-wrap">
                <canvas ref={canvas} tabindex="0" role="img" aria-label={summary}
                    style={format!("height: {height}px")}
                    onpointerdown={onmousedown} onpointermove={onmousemove} onpointerup={onmouseup}
                    onpointerleave={onmouseleave} {onwheel} {onkeydown} />
                if let Some((x, y, text)) = &*tooltip {
                    <div class="tooltip" role="tooltip" style={format!("left: {}px; top: {}px", x + 12.0, y + 12.0)}>{ text }</div>
                }
            </div>
            { notes(&lanes) }
        </figure>
    }
}

/// The notes under a timeline: task lanes left out, cores drawn from their occupancy,
/// MLFQ levels.
fn notes(lanes: &Lanes) -> Html {
    let hidden = lanes.scenario.tasks.len().saturating_sub(MAX_TASK_LANES);
    // A run some core of which has more slices than a wide screen has pixels: zoomed
    // out, that core is drawn from its occupancy (see `paint`).
    let dense = lanes
        .report
        .trace
        .cores
        .iter()
        .any(|s| s.len() > DENSE_SLICES);
    html! {
        <>
            if hidden > 0 {
                <p class="note">{ format!("The waits of {hidden} more tasks are not drawn.") }</p>
            }
            if dense {
                <p class="note lod-note">
                    { "Where a core has more slices in view than pixels, each column of pixels \
                       is as tall as the share of it the core ran; zoom in (plus) to see the \
                       tasks themselves." }
                </p>
            }
            if lanes.levels.0 > 1 {
                <p class="note mlfq-levels" data-demotions={lanes.report.trace.demotions.len().to_string()}
                    data-boosts={lanes.report.trace.boosts.len().to_string()}>
                    { levels_note(lanes) }
                </p>
            }
        </>
    }
}

/// What the thin lines in the task lanes are, and how many moves they show.
fn levels_note(lanes: &Lanes) -> String {
    let moves = lanes.report.trace.demotions.len();
    let boosts = lanes.report.trace.boosts.len();
    format!(
        "MLFQ levels: the thin line in a task's lane is its level, high at the top (level 0), \
         low at the bottom (level {}). {} {} down; {}.",
        lanes.levels.0 - 1,
        moves,
        if moves == 1 { "move" } else { "moves" },
        match boosts {
            0 => "no boost moved a task".to_string(),
            1 => "1 boost (dotted) put every task back at the top".to_string(),
            n => format!("{n} boosts (dotted) put every task back at the top"),
        }
    )
}

/// Arrows step between events, Shift+arrows pan, plus and minus zoom, Home and End
/// go to the run's ends.
fn keys(props: &TimelineProps, start: Tick, end: Tick) -> Callback<KeyboardEvent> {
    let (on_view, on_step, on_cursor, view, cursor) = (
        props.on_view.clone(),
        props.on_step.clone(),
        props.on_cursor.clone(),
        props.view,
        props.cursor,
    );
    Callback::from(move |e: KeyboardEvent| {
        let span = view.1 - view.0;
        let pan = |by: f64| on_view.emit((view.0 + by, view.1 + by));
        match (e.key().as_str(), e.shift_key()) {
            ("ArrowLeft", true) => pan(-span / 10.0),
            ("ArrowRight", true) => pan(span / 10.0),
            ("ArrowLeft", false) => on_step.emit(-1),
            ("ArrowRight", false) => on_step.emit(1),
            ("+" | "=", _) => on_view.emit(zoom(view, cursor as f64, 0.8)),
            ("-" | "_", _) => on_view.emit(zoom(view, cursor as f64, 1.25)),
            ("Home", _) => on_cursor.emit(start),
            ("End", _) => on_cursor.emit(end),
            _ => return,
        }
        e.prevent_default();
    })
}

/// A zoom by `factor` that keeps time `at` where it is on screen.
pub fn zoom(view: (f64, f64), at: f64, factor: f64) -> (f64, f64) {
    let span = ((view.1 - view.0) * factor).max(2.0);
    let left = (at - view.0) / (view.1 - view.0).max(1e-9);
    let start = at - left * span;
    (start, start + span)
}

/// What is under the mouse: the slice of a core lane, or the wait of a task lane.
fn describe(lanes: &Lanes, t: f64, y: f64) -> Option<String> {
    let tick = t.floor() as Tick;
    let cores = lanes.report.cores as f64 * CORE_H;
    let name = |task: u32| lanes.scenario.tasks[task as usize].name.as_str();
    if y < cores {
        let core = (y / CORE_H) as usize;
        let slices = lanes.report.trace.cores.get(core)?;
        let s = slices.iter().find(|s| s.start <= tick && tick < s.end);
        return Some(match s {
            Some(s) if s.switch => format!(
                "core {core}: switching to {} ({}..{})",
                name(s.task),
                s.start,
                s.end
            ),
            Some(s) => format!("core {core}: {} runs {}..{}", name(s.task), s.start, s.end),
            None => format!("core {core}: idle at {tick}"),
        });
    }
    let task = ((y - cores - 6.0) / TASK_H) as usize;
    let waits = lanes.waits.get(task)?;
    let w = waits.iter().find(|w| w.0 <= tick && tick < w.1)?;
    let what = match w.2 {
        Waiting::Ready => "ready, waiting for a core",
        Waiting::Io => "waiting for I/O",
        Waiting::Lock => "waiting for a lock",
        Waiting::Join => "waiting for the tasks it spawned",
    };
    Some(format!(
        "{}: {what}, {}..{}",
        lanes.scenario.tasks[task].name, w.0, w.1
    ))
}

/// Calls `redraw` when the window is resized; dropping the result removes the listener.
fn on_resize(redraw: impl Fn() + 'static) -> Option<ResizeListener> {
    let window = crate::platform::window()?;
    let closure = wasm_bindgen::closure::Closure::<dyn Fn()>::new(redraw);
    window
        .add_event_listener_with_callback("resize", closure.as_ref().unchecked_ref())
        .ok()?;
    Some(ResizeListener { closure })
}

pub struct ResizeListener {
    closure: wasm_bindgen::closure::Closure<dyn Fn()>,
}

impl Drop for ResizeListener {
    fn drop(&mut self) {
        if let Some(w) = crate::platform::window() {
            let _ = w.remove_event_listener_with_callback(
                "resize",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}
