//! The timeline of one run on a canvas (no DOM node per bar): a lane per core with the
//! slices of the tasks it ran (each task a colour AND its name in the bar) and the
//! switches (hatched), then a thinner lane per task with its waits: ready (grey),
//! I/O (dotted, in its colour), lock (red, hatched). Zoom with the wheel or +/-, pan by
//! dragging (mouse, pen or touch) or with Shift+arrows, set the cursor by clicking or
//! tapping, or with the arrows.
//! Slices narrower than a pixel are skipped when the pixel is already drawn, so long
//! runs draw in time proportional to the canvas width, not to the run.

use std::rc::Rc;

use interleave_sim::{Tick, Waiting};

use super::lanes::Lanes;
use wasm_bindgen::JsCast;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, KeyboardEvent, PointerEvent, WheelEvent,
};
use yew::prelude::*;

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
}

const GUTTER: f64 = 86.0;
const CORE_H: f64 = 24.0;
const TASK_H: f64 = 14.0;
const AXIS_H: f64 = 20.0;
/// Task lanes drawn at most; beyond, the chart says how many it left out.
const MAX_TASK_LANES: usize = 40;

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
        let (lanes, view, cursor, resized) =
            (lanes.clone(), props.view, props.cursor, *resizes.borrow());
        use_effect_with(
            (lanes, view, cursor, resized),
            move |(lanes, view, cursor, _)| {
                if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                    draw(&c, lanes, *view, *cursor, height);
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
        "{}: timeline of {} tasks on {} cores, {} ticks. Arrows move the cursor between events, \
         plus and minus zoom, shift and arrows pan.",
        props.label,
        lanes.scenario.tasks.len(),
        lanes.report.cores,
        lanes.report.makespan
    );
    let hidden = lanes.scenario.tasks.len().saturating_sub(MAX_TASK_LANES);
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
            if hidden > 0 {
                <p class="note">{ format!("The waits of {hidden} more tasks are not drawn.") }</p>
            }
        </figure>
    }
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

fn css(name: &str) -> String {
    web_sys::window()
        .and_then(|w| {
            w.document()?
                .document_element()
                .and_then(|e| w.get_computed_style(&e).ok().flatten())
        })
        .and_then(|s| s.get_property_value(name).ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "#888".into())
}

fn draw(canvas: &HtmlCanvasElement, lanes: &Lanes, view: (f64, f64), cursor: Tick, height: f64) {
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let width = canvas.client_width().max(300) as f64;
    canvas.set_width((width * dpr) as u32);
    canvas.set_height((height * dpr) as u32);
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let _ = ctx.scale(dpr, dpr);
    ctx.set_font("12px system-ui, sans-serif");
    ctx.set_text_baseline("middle");
    let painter = Painter {
        ctx,
        view,
        width,
        palette: (0..8).map(|i| css(&format!("--w{i}"))).collect(),
        text: css("--text"),
        muted: css("--muted"),
        track: css("--surface-2"),
        bad: css("--bad"),
    };
    painter.cores(lanes);
    painter.waits(lanes);
    painter.axis(height);
    painter.cursor(cursor, height);
}

/// A canvas to draw a run's lanes on, the view's time range across its width.
struct Painter {
    ctx: CanvasRenderingContext2d,
    view: (f64, f64),
    width: f64,
    palette: Vec<String>,
    text: String,
    muted: String,
    track: String,
    bad: String,
}

impl Painter {
    fn x_of(&self, t: f64) -> f64 {
        let span = (self.view.1 - self.view.0).max(1e-9);
        GUTTER + (t - self.view.0) / span * (self.width - GUTTER)
    }

    fn cores(&self, lanes: &Lanes) {
        let (ctx, view, width) = (&self.ctx, self.view, self.width);
        let (palette, muted) = (&self.palette, &self.muted);
        let x_of = |t: f64| self.x_of(t);
        let track = &self.track;
        // Core lanes, named after their server when there are servers.
        let core_servers = lanes.scenario.core_servers();
        let core_name = |c: usize| match lanes
            .scenario
            .servers
            .get(core_servers.get(c).copied().unwrap_or(0) as usize)
        {
            Some(server) if server.cores == 1 => server.name.clone(),
            Some(server) => {
                let first = core_servers
                    .iter()
                    .position(|&s| s == core_servers[c])
                    .unwrap_or(c);
                format!("{} {}", server.name, c - first)
            }
            None => format!("core {c}"),
        };
        for (c, slices) in lanes.report.trace.cores.iter().enumerate() {
            let y = c as f64 * CORE_H;
            ctx.set_fill_style_str(track);
            ctx.fill_rect(GUTTER, y + 2.0, width - GUTTER, CORE_H - 4.0);
            ctx.set_fill_style_str(muted);
            ctx.fill_text(&core_name(c), 6.0, y + CORE_H / 2.0).ok();
            visible(
                slices,
                |s| (s.start, s.end),
                view,
                &x_of,
                width,
                |s, x0, w| {
                    if s.switch {
                        ctx.set_fill_style_str(muted);
                        ctx.set_global_alpha(0.35);
                        ctx.fill_rect(x0, y + 2.0, w, CORE_H - 4.0);
                        ctx.set_global_alpha(1.0);
                        hatch(ctx, x0, y + 2.0, w, CORE_H - 4.0, muted);
                        return;
                    }
                    ctx.set_fill_style_str(&palette[s.task as usize % 8]);
                    ctx.fill_rect(x0, y + 2.0, w, CORE_H - 4.0);
                    if w > 18.0 {
                        let name = &lanes.scenario.tasks[s.task as usize].name;
                        ctx.set_fill_style_str("#fff");
                        ctx.save();
                        ctx.begin_path();
                        ctx.rect(x0, y, w - 2.0, CORE_H);
                        ctx.clip();
                        ctx.fill_text(name, x0 + 4.0, y + CORE_H / 2.0).ok();
                        ctx.restore();
                    }
                },
            );
        }
    }

    fn waits(&self, lanes: &Lanes) {
        let (ctx, view, width) = (&self.ctx, self.view, self.width);
        let (palette, muted) = (&self.palette, &self.muted);
        let x_of = |t: f64| self.x_of(t);
        let bad = &self.bad;
        // Task lanes: the waits.
        let top = lanes.report.cores as f64 * CORE_H + 6.0;
        for (t, waits) in lanes.waits.iter().take(MAX_TASK_LANES).enumerate() {
            let y = top + t as f64 * TASK_H;
            ctx.set_fill_style_str(muted);
            ctx.set_font("11px system-ui, sans-serif");
            let name = &lanes.scenario.tasks[t].name;
            // Long names keep their end, where spawned tasks differ ("…/map.12").
            let count = name.chars().count();
            let short: String = if count <= 11 {
                name.clone()
            } else {
                std::iter::once('\u{2026}')
                    .chain(name.chars().skip(count - 10))
                    .collect()
            };
            ctx.fill_text(&short, 6.0, y + TASK_H / 2.0).ok();
            visible(
                waits,
                |w| (w.0, w.1),
                view,
                &x_of,
                width,
                |&(_, _, wait), x0, w| match wait {
                    Waiting::Ready => {
                        ctx.set_fill_style_str(muted);
                        ctx.set_global_alpha(0.3);
                        ctx.fill_rect(x0, y + 3.0, w, TASK_H - 6.0);
                        ctx.set_global_alpha(1.0);
                    }
                    Waiting::Io => {
                        ctx.set_stroke_style_str(&palette[t % 8]);
                        ctx.set_line_width(2.0);
                        let _ = ctx.set_line_dash(&js_sys::Array::of2(&2.0.into(), &2.0.into()));
                        ctx.begin_path();
                        ctx.move_to(x0, y + TASK_H / 2.0);
                        ctx.line_to(x0 + w, y + TASK_H / 2.0);
                        ctx.stroke();
                        let _ = ctx.set_line_dash(&js_sys::Array::new());
                    }
                    Waiting::Lock => {
                        ctx.set_fill_style_str(bad);
                        ctx.set_global_alpha(0.5);
                        ctx.fill_rect(x0, y + 2.0, w, TASK_H - 4.0);
                        ctx.set_global_alpha(1.0);
                        hatch(ctx, x0, y + 2.0, w, TASK_H - 4.0, bad);
                    }
                    Waiting::Join => {
                        ctx.set_stroke_style_str(muted);
                        ctx.set_line_width(2.0);
                        let _ = ctx.set_line_dash(&js_sys::Array::of2(&1.0.into(), &3.0.into()));
                        ctx.begin_path();
                        ctx.move_to(x0, y + TASK_H / 2.0);
                        ctx.line_to(x0 + w, y + TASK_H / 2.0);
                        ctx.stroke();
                        let _ = ctx.set_line_dash(&js_sys::Array::new());
                    }
                },
            );
        }
    }

    fn axis(&self, height: f64) {
        let (ctx, view, width) = (&self.ctx, self.view, self.width);
        let muted = &self.muted;
        let x_of = |t: f64| self.x_of(t);
        let span = (view.1 - view.0).max(1e-9);
        // Time axis, at a round step.
        let axis_y = height - AXIS_H + 4.0;
        // At least a tick: time is whole ticks.
        let step = nice_step((span / ((width - GUTTER) / 70.0).max(1.0)).max(1.0));
        ctx.set_fill_style_str(muted);
        ctx.set_font("11px system-ui, sans-serif");
        let mut t = (view.0 / step).ceil() * step;
        while t <= view.1 {
            let x = x_of(t);
            let label = format!("{t}");
            ctx.fill_rect(x, axis_y - 4.0, 1.0, 4.0);
            // A label that would be cut at the right edge is left out.
            if x + 2.0 + 7.0 * label.len() as f64 <= width {
                ctx.fill_text(&label, x + 2.0, axis_y + 6.0).ok();
            }
            t += step;
        }
    }

    fn cursor(&self, cursor: Tick, height: f64) {
        let x = self.x_of(cursor as f64);
        if (GUTTER..=self.width).contains(&x) {
            self.ctx.set_fill_style_str(&self.text);
            self.ctx.fill_rect(x - 1.0, 0.0, 2.0, height - AXIS_H);
        }
    }
}

/// Draws the spans of one lane that the view shows, in time order, each at least a
/// pixel wide: `draw(item, x, width)`. A span under a pixel wide, in a pixel column
/// already drawn, is skipped, and so is every span after it that starts in the same
/// column (a binary search, not a walk): a lane of a million slices costs a few
/// thousand draws and as many searches, whatever the zoom.
fn visible<T>(
    items: &[T],
    span: impl Fn(&T) -> (Tick, Tick),
    view: (f64, f64),
    x_of: &impl Fn(f64) -> f64,
    width: f64,
    mut draw: impl FnMut(&T, f64, f64),
) {
    let left = |item: &T| x_of(span(item).0 as f64).max(GUTTER);
    let mut last_px = f64::NEG_INFINITY;
    let mut i = items.partition_point(|item| (span(item).1 as f64) < view.0);
    while let Some(item) = items.get(i) {
        let (start, end) = span(item);
        if (start as f64) > view.1 {
            break;
        }
        let x0 = left(item);
        let x1 = x_of(end as f64).min(width);
        if x1 - x0 < 1.0 && x0.floor() <= last_px {
            // Hidden: so is every later span that starts in this column, except the
            // last of them, which may be wide enough to show.
            let next = i + items[i..].partition_point(|item| left(item).floor() <= last_px);
            i = (next - 1).max(i + 1);
            continue;
        }
        last_px = x1.floor();
        draw(item, x0, (x1 - x0).max(1.0));
        i += 1;
    }
}

fn hatch(ctx: &CanvasRenderingContext2d, x: f64, y: f64, w: f64, h: f64, colour: &str) {
    ctx.save();
    ctx.begin_path();
    ctx.rect(x, y, w, h);
    ctx.clip();
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(1.0);
    ctx.begin_path();
    let mut i = x - h;
    while i < x + w {
        ctx.move_to(i, y + h);
        ctx.line_to(i + h, y);
        i += 5.0;
    }
    ctx.stroke();
    ctx.restore();
}

/// The smallest of 1, 2 or 5 times a power of ten that is at least `raw` (> 0): a
/// round step between axis ticks.
pub fn nice_step(raw: f64) -> f64 {
    let raw = raw.max(1e-9);
    let p = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * p)
}

/// Calls `redraw` when the window is resized; dropping the result removes the listener.
fn on_resize(redraw: impl Fn() + 'static) -> Option<ResizeListener> {
    let window = web_sys::window()?;
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
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback(
                "resize",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}
