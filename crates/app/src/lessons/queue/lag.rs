//! Each group's lag (messages it has yet to take) over time, and the queue's depth.

use std::rc::Rc;

use interleave_sim::Tick;
use interleave_sim::messaging::Flow;
use yew::prelude::*;

use crate::components::chart::{Axis, Plot, legend};

/// The colours of the groups, in order (then again).
const CLASSES: [&str; 4] = ["s-g0", "s-g1", "s-g2", "s-g3"];

#[derive(Properties, PartialEq)]
pub struct LagChartProps {
    pub flow: Rc<Flow>,
}

#[function_component(LagChart)]
pub fn lag_chart(props: &LagChartProps) -> Html {
    let f = &props.flow;
    let (t0, t1) = (f.start, (f.start + f.duration).max(f.start + 1));
    let top = f
        .groups
        .iter()
        .map(|g| g.peak_lag)
        .chain([f.peak_depth])
        .max()
        .unwrap_or(1)
        .max(1);
    let plot = Plot::new(
        Axis::span(t0 as f64, t1 as f64, 5.0, true),
        Axis::from_zero(f64::from(top), 4.0),
    );
    let line =
        |points: &[(Tick, u32)]| plot.line(points.iter().map(|&(t, v)| (t as f64, f64::from(v))));
    let label = format!(
        "Messages waiting over time: the queue held at most {}; {}.",
        f.peak_depth,
        f.groups
            .iter()
            .map(|g| format!("group {} lagged at most {}", g.name, g.peak_lag))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let body = html! {
        <>
            <g class="series depth"><polyline class="thin" points={line(&f.depth)} /></g>
            { for f.groups.iter().enumerate().map(|(i, g)| html! {
                <g class={classes!("series", CLASSES[i % CLASSES.len()])}><polyline points={line(&g.lag)} /></g>
            }) }
        </>
    };
    let keys: Vec<(&'static str, String)> = f
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| (CLASSES[i % CLASSES.len()], format!("{} lag", g.name)))
        .chain([("depth", "queue depth (dashed)".to_string())])
        .collect();
    html! {
        <div class="queue-lag">
            { plot.figure(Some("queue-lag".into()), classes!(), label, body,
                "Messages each group has yet to take (its lag), and the queue's depth, over time in ticks".into()) }
            { legend(&keys) }
        </div>
    }
}
