//! A step's sweep: workloads on 1 to N simulated cores, their speedups as curves on
//! the one chart layer, with the ideal line; the hidden workloads once revealed.

use std::rc::Rc;

use interleave_lessons::tour::{Workload, speedups};
use yew::prelude::*;

use super::state::Tour;
use crate::components::chart::{Chart, Point, Series, legend};

#[derive(Properties, PartialEq)]
pub struct SweepProps {
    pub tour: Rc<Tour>,
    pub workloads: &'static [Workload],
    pub cores: u32,
}

const CLASSES: [&str; 2] = ["s-a", "s-b"];

#[function_component(SweepView)]
pub fn sweep_view(props: &SweepProps) -> Html {
    let tour = &props.tour;
    let visible = tour.visible();
    let curves = speedups(&tour.runs.outcome.reports, props.cores);
    let top = f64::from(props.cores);
    let mut series = vec![Series::law(
        "ideal: speedup = cores",
        "law-ideal",
        vec![Point::at(1.0, 1.0), Point::at(top, top)],
        true,
    )];
    series.extend(
        curves
            .iter()
            .zip(props.workloads)
            .take(visible)
            .enumerate()
            .map(|(i, (curve, w))| Series {
                name: w.label.to_string(),
                class: CLASSES[i % 2],
                points: curve
                    .iter()
                    .map(|&(c, s)| Point::at(f64::from(c), s))
                    .collect(),
                markers: true,
                dashed: false,
            }),
    );
    let keys: Vec<(&'static str, String)> =
        series.iter().map(|s| (s.class, s.name.clone())).collect();
    html! {
        <div class="tour-widget" id="tour-widget" data-visible={visible.to_string()}>
            { legend(&keys) }
            <Chart title="Speedup on more simulated cores" unit="times the one-core makespan" series={series}
                x_max={top} x_name="cores" y_min_top={top} class="sweep-chart" />
            <div class="table-wrap">
                <table class="tour-figures" id="tour-sweep">
                    <thead><tr>
                        <th scope="col">{ "Cores" }</th>
                        { for props.workloads.iter().take(visible).map(|w| html! { <th scope="col">{ w.label }</th> }) }
                    </tr></thead>
                    <tbody>
                        { for (0..props.cores as usize).map(|k| html! {
                            <tr>
                                <th scope="row">{ k + 1 }</th>
                                { for curves.iter().take(visible).map(|c| html! {
                                    <td data-speedup={format!("{:.3}", c[k].1)}>{ format!("{:.2}\u{00d7}", c[k].1) }</td>
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if visible < props.workloads.len() {
                <p class="tour-hidden">{ "The other curve shows once you have predicted, or pressed \u{201c}Just show me\u{201d}." }</p>
            }
        </div>
    }
}
