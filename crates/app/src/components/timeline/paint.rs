//! The timeline's pixels: a run's core lanes, task lanes, axis and cursor on a canvas,
//! each span at least a pixel, and the spans hidden in a column already drawn skipped
//! by binary search.

use interleave_sim::timeline::{Bar, Gantt, Lane, Mark, Occupancy};
use interleave_sim::{Tick, Waiting};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::lanes::Lanes;
use super::{AXIS_H, CORE_H, GUTTER, MAX_TASK_LANES, TASK_H};
use crate::components::chart::scale::nice_step;

fn css(name: &str) -> String {
    crate::platform::window()
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

pub(super) fn draw(
    canvas: &HtmlCanvasElement,
    lanes: &Lanes,
    view: (f64, f64),
    cursor: Tick,
    veil: bool,
    height: f64,
) {
    let dpr = crate::platform::window().map_or(1.0, |w| w.device_pixel_ratio());
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
        accent: css("--accent"),
        text: css("--text"),
        muted: css("--muted"),
        track: css("--surface-2"),
        bad: css("--bad"),
        bg: css("--bg"),
    };
    // The core's Gantt model of the run: the core lanes and the first task lanes.
    let gantt = Gantt::of_run(&lanes.scenario, &lanes.report, &lanes.waits, MAX_TASK_LANES);
    painter.cores(&gantt, lanes);
    painter.waits(&gantt);
    painter.levels(&gantt, lanes);
    painter.axis(height);
    if veil {
        painter.veil(cursor, height);
    }
    painter.cursor(cursor, height);
}

/// A canvas to draw a run's lanes on, the view's time range across its width.
struct Painter {
    ctx: CanvasRenderingContext2d,
    view: (f64, f64),
    width: f64,
    palette: Vec<String>,
    accent: String,
    text: String,
    muted: String,
    track: String,
    bad: String,
    bg: String,
}

impl Painter {
    /// Draws the bars of `lane` that the view shows, in time order, each at least a
    /// pixel wide: `draw(bar, x, width)`. A bar under a pixel wide, in a pixel column
    /// already drawn, is skipped, and so is every bar after it that starts in the same
    /// column (a binary search, not a walk): a lane of a million slices costs a few
    /// thousand draws and as many searches, whatever the zoom.
    fn visible(&self, lane: &Lane<'_>, mut draw: impl FnMut(&Bar, f64, f64)) {
        let (view, width) = (self.view, self.width);
        let left = |bar: &Bar| self.x_of(bar.start).max(GUTTER);
        let mut last_px = f64::NEG_INFINITY;
        let mut i = lane.first_visible(view.0);
        while i < lane.len() {
            let bar = lane.bar(i);
            if bar.start > view.1 {
                break;
            }
            let x0 = left(&bar);
            let x1 = self.x_of(bar.end).min(width);
            if x1 - x0 < 1.0 && x0.floor() <= last_px {
                // Hidden: so is every later bar that starts in this column, except the
                // last of them, which may be wide enough to show.
                let next = lane.partition_from(i, |b| left(b).floor() <= last_px);
                i = (next - 1).max(i + 1);
                continue;
            }
            last_px = x1.floor();
            draw(&bar, x0, (x1 - x0).max(1.0));
            i += 1;
        }
    }

    fn x_of(&self, t: f64) -> f64 {
        let span = (self.view.1 - self.view.0).max(1e-9);
        GUTTER + (t - self.view.0) / span * (self.width - GUTTER)
    }

    /// Whether `lane` has more bars in view than pixel columns: then it is drawn from
    /// its occupancy summary, each column as tall as the share of it the core ran.
    fn dense(&self, lane: &Lane<'_>) -> bool {
        let first = lane.first_visible(self.view.0);
        let last = lane.partition_from(first, |b| b.start <= self.view.1);
        last - first > (self.width - GUTTER).max(0.0) as usize
    }

    /// A column per pixel, as tall as the share of it `occupancy` covers.
    fn occupancy(&self, lane: &Lane<'_>, occupancy: &Occupancy, y: f64, h: f64) {
        let columns = (self.width - GUTTER).max(0.0).floor() as usize;
        let span = (self.view.1 - self.view.0).max(1e-9);
        // The columns' time span, so that column i is pixel GUTTER + i exactly.
        let to = self.view.0 + span * columns as f64 / (self.width - GUTTER).max(1.0);
        self.ctx.set_fill_style_str(&self.accent);
        for (i, share) in occupancy
            .columns(lane, (self.view.0, to), columns)
            .into_iter()
            .enumerate()
        {
            if share > 0.0 {
                let tall = (share * h).max(1.0);
                self.ctx
                    .fill_rect(GUTTER + i as f64, y + h - tall, 1.0, tall);
            }
        }
    }

    fn cores(&self, gantt: &Gantt<'_>, lanes: &Lanes) {
        let (ctx, width) = (&self.ctx, self.width);
        let (palette, muted) = (&self.palette, &self.muted);
        for (c, lane) in gantt.lanes.iter().enumerate() {
            let y = c as f64 * CORE_H;
            ctx.set_fill_style_str(&self.track);
            ctx.fill_rect(GUTTER, y + 2.0, width - GUTTER, CORE_H - 4.0);
            ctx.set_fill_style_str(muted);
            ctx.fill_text(&lane.name, 6.0, y + CORE_H / 2.0).ok();
            if let Some(occupancy) = lanes.occupancy.get(c).filter(|_| self.dense(lane)) {
                self.occupancy(lane, occupancy, y + 2.0, CORE_H - 4.0);
                continue;
            }
            self.visible(lane, |bar, x0, w| {
                if bar.mark == Mark::Switch {
                    ctx.set_fill_style_str(muted);
                    ctx.set_global_alpha(0.35);
                    ctx.fill_rect(x0, y + 2.0, w, CORE_H - 4.0);
                    ctx.set_global_alpha(1.0);
                    hatch(ctx, x0, y + 2.0, w, CORE_H - 4.0, muted);
                    return;
                }
                ctx.set_fill_style_str(&palette[bar.owner as usize % 8]);
                ctx.fill_rect(x0, y + 2.0, w, CORE_H - 4.0);
                if w > 18.0 {
                    let name = &lanes.scenario.tasks[bar.owner as usize].name;
                    ctx.set_fill_style_str("#fff");
                    ctx.save();
                    ctx.begin_path();
                    ctx.rect(x0, y, w - 2.0, CORE_H);
                    ctx.clip();
                    ctx.fill_text(name, x0 + 4.0, y + CORE_H / 2.0).ok();
                    ctx.restore();
                }
            });
        }
    }

    fn waits(&self, gantt: &Gantt<'_>) {
        let ctx = &self.ctx;
        let (palette, muted, bad) = (&self.palette, &self.muted, &self.bad);
        // Task lanes: the waits.
        let top = gantt.lanes.len() as f64 * CORE_H + 6.0;
        for (t, lane) in gantt.waits.iter().enumerate() {
            let y = top + t as f64 * TASK_H;
            ctx.set_fill_style_str(muted);
            ctx.set_font("11px system-ui, sans-serif");
            // Long names keep their end, where spawned tasks differ ("…/map.12").
            let count = lane.name.chars().count();
            let short: String = if count <= 11 {
                lane.name.to_string()
            } else {
                std::iter::once('\u{2026}')
                    .chain(lane.name.chars().skip(count - 10))
                    .collect()
            };
            ctx.fill_text(&short, 6.0, y + TASK_H / 2.0).ok();
            let dashed = |colour: &str, dash: (f64, f64), x0: f64, w: f64| {
                ctx.set_stroke_style_str(colour);
                ctx.set_line_width(2.0);
                let _ = ctx.set_line_dash(&js_sys::Array::of2(&dash.0.into(), &dash.1.into()));
                ctx.begin_path();
                ctx.move_to(x0, y + TASK_H / 2.0);
                ctx.line_to(x0 + w, y + TASK_H / 2.0);
                ctx.stroke();
                let _ = ctx.set_line_dash(&js_sys::Array::new());
            };
            self.visible(lane, |bar, x0, w| match bar.mark {
                Mark::Wait(Waiting::Ready) => {
                    ctx.set_fill_style_str(muted);
                    ctx.set_global_alpha(0.3);
                    ctx.fill_rect(x0, y + 3.0, w, TASK_H - 6.0);
                    ctx.set_global_alpha(1.0);
                }
                Mark::Wait(Waiting::Io) => dashed(&palette[t % 8], (2.0, 2.0), x0, w),
                Mark::Wait(Waiting::Lock) => {
                    ctx.set_fill_style_str(bad);
                    ctx.set_global_alpha(0.5);
                    ctx.fill_rect(x0, y + 2.0, w, TASK_H - 4.0);
                    ctx.set_global_alpha(1.0);
                    hatch(ctx, x0, y + 2.0, w, TASK_H - 4.0, bad);
                }
                Mark::Wait(Waiting::Join) => dashed(muted, (1.0, 3.0), x0, w),
                Mark::Run | Mark::Switch => {}
            });
        }
    }

    /// Under MLFQ: in each task lane, a thin line at the task's level (high in the
    /// lane at the top level, low at the bottom one), from its arrival to its end, and
    /// a dotted line down the task lanes at each boost that moved a task.
    fn levels(&self, gantt: &Gantt<'_>, lanes: &Lanes) {
        let (count, levels) = (&lanes.levels.0, &lanes.levels.1);
        if *count < 2 {
            return;
        }
        let ctx = &self.ctx;
        let top = gantt.lanes.len() as f64 * CORE_H + 6.0;
        let (from, to) = (self.view.0, self.view.1);
        let clip = |x: f64| x.clamp(GUTTER, self.width);
        ctx.set_stroke_style_str(&self.text);
        ctx.set_line_width(1.0);
        for (t, (task, points)) in lanes.report.tasks.iter().zip(levels).enumerate() {
            if t >= gantt.waits.len() {
                break;
            }
            let end = task.completion.unwrap_or(lanes.end());
            let y_of = |level: u32| {
                top + t as f64 * TASK_H + 2.0 + (TASK_H - 4.0) * level as f64 / (*count - 1) as f64
            };
            // The points seen: the last before the view and those inside it.
            let first = points
                .partition_point(|&(at, _)| (at as f64) < from)
                .saturating_sub(1);
            let mut at = (task.arrival as f64).max(from);
            let mut level = match points.get(first) {
                Some(&(p, l)) if (p as f64) < from => l,
                _ => 0,
            };
            ctx.begin_path();
            ctx.move_to(clip(self.x_of(at)), y_of(level));
            for &(p, l) in &points[first..] {
                let p = p as f64;
                if p < at {
                    continue;
                }
                if p > to || p > end as f64 {
                    break;
                }
                ctx.line_to(clip(self.x_of(p)), y_of(level));
                ctx.line_to(clip(self.x_of(p)), y_of(l));
                (at, level) = (p, l);
            }
            ctx.line_to(clip(self.x_of((end as f64).min(to))), y_of(level));
            ctx.set_global_alpha(0.7);
            ctx.stroke();
            ctx.set_global_alpha(1.0);
        }
        let bottom = top + gantt.waits.len() as f64 * TASK_H;
        ctx.set_stroke_style_str(&self.muted);
        let _ = ctx.set_line_dash(&js_sys::Array::of2(&1.0.into(), &3.0.into()));
        let boosts = &lanes.report.trace.boosts;
        let first = boosts.partition_point(|&b| (b as f64) < from);
        ctx.begin_path();
        for &b in boosts[first..].iter().take_while(|&&b| b as f64 <= to) {
            let x = self.x_of(b as f64);
            ctx.move_to(x, top);
            ctx.line_to(x, bottom);
        }
        ctx.stroke();
        let _ = ctx.set_line_dash(&js_sys::Array::new());
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

    /// Covers what has not happened yet, after the cursor, most of the way.
    fn veil(&self, cursor: Tick, height: f64) {
        let x = self.x_of(cursor as f64).max(GUTTER);
        if x < self.width {
            self.ctx.set_global_alpha(0.82);
            self.ctx.set_fill_style_str(&self.bg);
            self.ctx.fill_rect(x, 0.0, self.width - x, height - AXIS_H);
            self.ctx.set_global_alpha(1.0);
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
