//! The serial part, measured: the speedups on 1, 2, ... workers of a job whose first
//! part one worker does alone, with Amdahl's law for the fraction fitted to them (and
//! for the fraction the job was given), and Gustafson's answer.

use std::rc::Rc;

use interleave_par::scaling;
use yew::prelude::*;

use super::state::{MANY, Measurement};
use crate::components::chart::{Chart, Point, Series, curve, legend};

#[derive(Properties, PartialEq)]
pub struct SerialProps {
    pub measurement: Rc<Measurement>,
    /// The serial part the job was given, in percent of the items.
    pub percent: u32,
}

#[function_component(SerialResults)]
pub fn serial_results(props: &SerialProps) -> Html {
    let m = &props.measurement;
    let points = m.speedups();
    let most = points.iter().map(|p| p.0).max().unwrap_or(1).max(2);
    let x_max = f64::from(most);
    let given = f64::from(props.percent) / 100.0;
    let mut series = vec![Series {
        name: "measured".into(),
        class: "s-a",
        points: points
            .iter()
            .map(|&(k, s)| Point::at(f64::from(k), s))
            .collect(),
        markers: true,
        dashed: false,
    }];
    let fit = m.fit();
    if let Some(f) = fit {
        series.push(Series::law(
            format!("Amdahl, f = {f:.2} (fitted)"),
            "law-amdahl",
            curve(x_max, |p| scaling::amdahl(f, p)),
            false,
        ));
        series.push(Series::law(
            format!("Gustafson, f = {f:.2}"),
            "law-gustafson",
            curve(x_max, |p| scaling::gustafson(f, p)),
            true,
        ));
    }
    series.push(Series::law(
        format!("Amdahl, f = {given:.2} (the job as given)"),
        "law-ideal",
        curve(x_max, |p| scaling::amdahl(given, p)),
        true,
    ));
    let keys: Vec<(&'static str, String)> =
        series.iter().map(|s| (s.class, s.name.clone())).collect();
    let limit = m.answer();
    html! {
        <div class="results" id="tour-measured" data-agree={m.agree().to_string()}
            data-fit={fit.map(|f| format!("{f:.4}"))} data-points={points.len().to_string()}
            data-times={m.times().iter().map(|(k, ms)| format!("{k}:{ms}")).collect::<Vec<_>>().join(",")}>
            { legend(&keys) }
            <Chart title="Speedup with a serial part" unit="times one worker" series={series}
                x_max={x_max} x_name="workers" y_min_top={x_max} class="sweep-chart" />
            <p class="speedup">
                { match (fit, limit) {
                    (Some(f), Some(l)) => html! { <>
                        { "Fitted serial fraction " }<strong class="figure">{ format!("{f:.2}") }</strong>
                        { format!(": on {MANY:.0} cores at most {l:.1}\u{00d7}. The job was given {given:.2}; \
                                   the difference is what running in parallel costs here, and its noise \
                                   (messages, waiting, other programs on these cores). Under Gustafson's law, \
                                   a job grown with the cores would run {:.0}\u{00d7} as much work in the same time.",
                                   scaling::gustafson(f, MANY)) }
                    </> },
                    _ => html! { { "Too few points to fit a serial fraction." } },
                } }
                if !m.agree() { <span class="error">{ " The runs counted differently." }</span> }
            </p>
        </div>
    }
}
