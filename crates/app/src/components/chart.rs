//! A small SVG line chart for measured figures: series of points with optional
//! whiskers (the spread of repeated runs), curves drawn from a formula, and a marked
//! x position. Axes start at zero on y and at 1 on x (a count of workers).

use yew::prelude::*;

/// One point: `y` at `x`, and the range of the repeated runs behind it, if any.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    pub range: Option<(f64, f64)>,
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

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    pub title: AttrValue,
    pub unit: AttrValue,
    pub series: Vec<Series>,
    pub x_max: f64,
    /// The y axis reaches at least this far (it grows to fit the data).
    pub y_min_top: f64,
    /// A vertical line, labelled: for example the measured core count.
    #[prop_or_default]
    pub mark: Option<(f64, AttrValue)>,
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

const W: f64 = 360.0;
const H: f64 = 220.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 26.0;

/// A "nice" step for about four ticks up to `top`.
fn step(top: f64) -> f64 {
    let raw = (top / 4.0).max(1e-9);
    let base = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * base)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * base)
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
    let y_step = step(data_top);
    let y_top = (data_top / y_step).ceil() * y_step;
    let x = |v: f64| LEFT + (v - 1.0) / (x_max - 1.0) * (W - LEFT - RIGHT);
    let y = |v: f64| (H - BOTTOM) - v.clamp(0.0, y_top) / y_top * (H - BOTTOM - TOP);
    let x_step = step(x_max - 1.0).max(1.0).round();
    let x_ticks: Vec<f64> = std::iter::successors(Some(1.0), |t| Some(t + x_step))
        .take_while(|t| *t <= x_max + 1e-9)
        .collect();
    let y_ticks: Vec<f64> = (0..=((y_top / y_step).round() as usize))
        .map(|i| i as f64 * y_step)
        .collect();
    let fmt = |v: f64| {
        if y_step < 1.0 {
            format!("{v:.1}")
        } else {
            format!("{v:.0}")
        }
    };
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
    html! {
        <figure class="chart" id={props.id.clone()}>
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-label={label}>
                { for y_ticks.iter().map(|&v| html! {
                    <>
                        <line class="grid" x1={LEFT.to_string()} x2={(W - RIGHT).to_string()}
                            y1={format!("{:.1}", y(v))} y2={format!("{:.1}", y(v))} />
                        <text class="tick" x={(LEFT - 5.0).to_string()} y={format!("{:.1}", y(v) + 4.0)} text-anchor="end">{ fmt(v) }</text>
                    </>
                }) }
                { for x_ticks.iter().map(|&t| html! {
                    <text class="tick" x={format!("{:.1}", x(t))} y={(H - 8.0).to_string()} text-anchor="middle">{ t }</text>
                }) }
                <line class="axis" x1={LEFT.to_string()} y1={(H - BOTTOM).to_string()} x2={(W - RIGHT).to_string()} y2={(H - BOTTOM).to_string()} />
                if let Some((at, text)) = &props.mark {
                    <line class="mark" x1={format!("{:.1}", x(*at))} x2={format!("{:.1}", x(*at))}
                        y1={TOP.to_string()} y2={(H - BOTTOM).to_string()} />
                    <text class="mark-label" x={format!("{:.1}", x(*at) + 4.0)} y={(TOP + 10.0).to_string()}>{ text.clone() }</text>
                }
                { for props.series.iter().map(|s| {
                    let line = s.points.iter()
                        .filter(|p| p.x <= x_max + 1e-9 && p.y.is_finite())
                        .map(|p| format!("{:.1},{:.1}", x(p.x), y(p.y)))
                        .collect::<Vec<_>>().join(" ");
                    html! {
                        <g class={classes!("series", s.class, s.dashed.then_some("dashed"))}>
                            <polyline points={line} />
                            if s.markers {
                                { for s.points.iter().filter(|p| p.y.is_finite()).map(|p| html! {
                                    <g class="point">
                                        if let Some((lo, hi)) = p.range {
                                            <line class="whisker" x1={format!("{:.1}", x(p.x))} x2={format!("{:.1}", x(p.x))}
                                                y1={format!("{:.1}", y(lo))} y2={format!("{:.1}", y(hi))} />
                                        }
                                        <circle cx={format!("{:.1}", x(p.x))} cy={format!("{:.1}", y(p.y))} r="3.5">
                                            <title>{ format!("{}: {} at {} workers{}", s.name, fmt_value(p.y), p.x,
                                                p.range.map(|(lo, hi)| format!(" (runs {}..{})", fmt_value(lo), fmt_value(hi))).unwrap_or_default()) }</title>
                                        </circle>
                                    </g>
                                }) }
                            }
                        </g>
                    }
                }) }
            </svg>
            <figcaption>{ format!("{} ({})", props.title, props.unit) }</figcaption>
        </figure>
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
            Point {
                x,
                y: f(x),
                range: None,
            }
        })
        .collect()
}
