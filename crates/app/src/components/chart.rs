//! The one chart layer. `scale` says where values go and which round values get a
//! tick (linear, log, bands; natively tested); `plot` is the SVG frame every chart
//! draws in (axes, grid, lines, marks, the legend). [`Chart`] is the line chart of
//! measured points with whiskers, law curves and a marked x, used by the kernel
//! lessons and the scheduler lab's sweep; the system labs draw bars and log scales on
//! the same `Plot`.

pub mod plot;
pub mod scale;

use yew::prelude::*;

pub use plot::{Plot, legend};
pub use scale::Axis;

/// One point: `y` at `x`, and the range of the repeated runs behind it, if any.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    pub range: Option<(f64, f64)>,
}

impl Point {
    pub fn at(x: f64, y: f64) -> Point {
        Point { x, y, range: None }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    /// A CSS class that colours the series (`s-shared`, `s-message`, `law-amdahl`...).
    pub class: &'static str,
    pub points: Vec<Point>,
    /// Measured series get markers; law curves are lines only.
    pub markers: bool,
    pub dashed: bool,
}

impl Series {
    /// A line without markers: a law, a fit, the ideal.
    pub fn law(
        name: impl Into<String>,
        class: &'static str,
        points: Vec<Point>,
        dashed: bool,
    ) -> Series {
        Series {
            name: name.into(),
            class,
            points,
            markers: false,
            dashed,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    pub title: AttrValue,
    /// Shown after the title in the caption, in brackets; none when empty.
    #[prop_or_default]
    pub unit: AttrValue,
    pub series: Vec<Series>,
    /// The x axis runs from 1 to this (a count of workers or cores).
    pub x_max: f64,
    /// What x counts, in the points' tooltips.
    #[prop_or(AttrValue::Static("workers"))]
    pub x_name: AttrValue,
    /// The y axis reaches at least this far (it grows to fit the data).
    pub y_min_top: f64,
    /// A vertical line, labelled: for example the measured core count.
    #[prop_or_default]
    pub mark: Option<(f64, AttrValue)>,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    #[prop_or_default]
    pub class: Classes,
}

#[function_component(Chart)]
pub fn chart(props: &ChartProps) -> Html {
    let x_max = props.x_max.max(2.0);
    let data_top = props
        .series
        .iter()
        .flat_map(|s| s.points.iter())
        .map(|p| p.range.map_or(p.y, |r| r.1.max(p.y)))
        .filter(|v| v.is_finite())
        .fold(props.y_min_top, f64::max);
    let plot = Plot::new(
        Axis::span(1.0, x_max, 4.0, true),
        Axis::from_zero(data_top, 4.0),
    );
    let label = format!(
        "{}: {}",
        props.title,
        props
            .series
            .iter()
            .filter(|s| s.markers)
            .map(|s| {
                let pts: Vec<String> = s
                    .points
                    .iter()
                    .map(|p| format!("{} at {}", fmt_value(p.y), p.x))
                    .collect();
                format!("{} {}", s.name, pts.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ")
    );
    let body = html! {
        <>
            if let Some((at, text)) = &props.mark {
                { plot.mark(*at, Some(text)) }
            }
            { for props.series.iter().map(|s| series(&plot, s, x_max, &props.x_name)) }
        </>
    };
    let caption = if props.unit.is_empty() {
        props.title.to_string()
    } else {
        format!("{} ({})", props.title, props.unit)
    };
    plot.figure(props.id.clone(), props.class.clone(), label, body, caption)
}

/// One series: its line, and for measured ones a marker (and whisker) per point.
fn series(plot: &Plot, s: &Series, x_max: f64, x_name: &str) -> Html {
    let line = plot.line(
        s.points
            .iter()
            .filter(|p| p.x <= x_max + 1e-9)
            .map(|p| (p.x, p.y)),
    );
    let point = |p: &Point| {
        let x = format!("{:.1}", plot.px(p.x));
        let spread = p
            .range
            .map(|(lo, hi)| format!(" (runs {}..{})", fmt_value(lo), fmt_value(hi)))
            .unwrap_or_default();
        html! {
            <g class="point">
                if let Some((lo, hi)) = p.range {
                    <line class="whisker" x1={x.clone()} x2={x.clone()}
                        y1={format!("{:.1}", plot.py(lo))} y2={format!("{:.1}", plot.py(hi))} />
                }
                <circle cx={x} cy={format!("{:.1}", plot.py(p.y))} r="3.5">
                    <title>{ format!("{}: {} at {} {x_name}{spread}", s.name, fmt_value(p.y), p.x) }</title>
                </circle>
            </g>
        }
    };
    html! {
        <g class={classes!("series", s.class, s.dashed.then_some("dashed"))}>
            <polyline points={line} />
            if s.markers {
                { for s.points.iter().filter(|p| p.y.is_finite()).map(point) }
            }
        </g>
    }
}

fn fmt_value(v: f64) -> String {
    if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// Points of `f` at `x = 1, 1 + 1/8, ...` up to `x_max`: a smooth law curve.
pub fn curve(x_max: f64, f: impl Fn(f64) -> f64) -> Vec<Point> {
    let steps = ((x_max - 1.0) * 8.0).ceil().max(1.0) as usize;
    (0..=steps)
        .map(|i| {
            let x = 1.0 + i as f64 / 8.0;
            Point::at(x, f(x))
        })
        .collect()
}
