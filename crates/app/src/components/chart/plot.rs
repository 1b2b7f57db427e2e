//! The SVG frame every chart draws in: a plot area with an x and a y [`Axis`], pixel
//! positions from values, the grid, the tick labels and the axis line, lines, marks,
//! and the legend. One size and one look for all charts.

use yew::prelude::*;

use super::scale::Axis;

/// The viewBox and the margins around the plot area.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub w: f64,
    pub h: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Frame {
    /// The frame of every chart: wide enough for two side by side on a desktop.
    pub const CHART: Frame = Frame {
        w: 380.0,
        h: 210.0,
        left: 44.0,
        right: 10.0,
        top: 12.0,
        bottom: 28.0,
    };
}

/// A frame with its axes.
pub struct Plot {
    pub frame: Frame,
    pub x: Axis,
    pub y: Axis,
}

impl Plot {
    pub fn new(x: Axis, y: Axis) -> Plot {
        Plot {
            frame: Frame::CHART,
            x,
            y,
        }
    }

    /// The pixel column of an x value.
    pub fn px(&self, v: f64) -> f64 {
        let f = &self.frame;
        f.left + self.x.scale.fraction(v) * (f.w - f.left - f.right)
    }

    /// The pixel row of a y value (clamped to the plot area).
    pub fn py(&self, v: f64) -> f64 {
        let f = &self.frame;
        let fraction = self.y.scale.fraction(v).clamp(0.0, 1.0);
        (f.h - f.bottom) - fraction * (f.h - f.bottom - f.top)
    }

    /// The bottom of the plot area.
    pub fn floor(&self) -> f64 {
        self.frame.h - self.frame.bottom
    }

    /// `points` (x, y) as an SVG polyline's points; those not finite are left out.
    pub fn line(&self, points: impl IntoIterator<Item = (f64, f64)>) -> String {
        points
            .into_iter()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .map(|(x, y)| format!("{:.1},{:.1}", self.px(x), self.py(y)))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The chart as a figure: `body` over the grid and axes, `label` its text
    /// alternative, `caption` under it (`class` adds to the class `chart`).
    pub fn figure(
        &self,
        id: Option<AttrValue>,
        class: Classes,
        label: String,
        body: Html,
        caption: String,
    ) -> Html {
        let f = self.frame;
        html! {
            <figure class={classes!("chart", class)} {id}>
                <svg viewBox={format!("0 0 {} {}", f.w, f.h)} role="img" aria-label={label}>
                    { self.axes() }
                    { body }
                </svg>
                <figcaption>{ caption }</figcaption>
            </figure>
        }
    }

    fn axes(&self) -> Html {
        let f = self.frame;
        html! {
            <>
                { for self.y.ticks.iter().map(|t| {
                    let y = self.py(t.value);
                    html! {
                        <>
                            <line class="grid" x1={f.left.to_string()} x2={(f.w - f.right).to_string()}
                                y1={format!("{y:.1}")} y2={format!("{y:.1}")} />
                            <text class="tick" x={(f.left - 5.0).to_string()} y={format!("{:.1}", y + 4.0)}
                                text-anchor="end">{ &t.label }</text>
                        </>
                    }
                }) }
                { for self.x.ticks.iter().map(|t| html! {
                    <text class="tick" x={format!("{:.1}", self.px(t.value))} y={(f.h - 10.0).to_string()}
                        text-anchor="middle">{ &t.label }</text>
                }) }
                <line class="axis" x1={f.left.to_string()} x2={(f.w - f.right).to_string()}
                    y1={self.floor().to_string()} y2={self.floor().to_string()} />
            </>
        }
    }

    /// A vertical line at `x` across the plot, labelled when `label` is given.
    pub fn mark(&self, x: f64, label: Option<&str>) -> Html {
        let (px, f) = (format!("{:.1}", self.px(x)), self.frame);
        html! {
            <>
                <line class="mark" x1={px.clone()} x2={px} y1={f.top.to_string()} y2={self.floor().to_string()} />
                if let Some(label) = label {
                    <text class="mark-label" x={format!("{:.1}", self.px(x) + 4.0)}
                        y={(f.top + 10.0).to_string()}>{ label }</text>
                }
            </>
        }
    }
}

/// What each colour means: `(CSS class, label)` pairs.
pub fn legend(entries: &[(&'static str, String)]) -> Html {
    html! {
        <ul class="legend">
            { for entries.iter().map(|(class, label)| html! {
                <li><span class={classes!("key", *class)}></span>{ label }</li>
            }) }
        </ul>
    }
}
