//! The timelines of the lab's run(s), on one shared time axis.

use std::rc::Rc;

use interleave_sim::{Policy, Tick};
use yew::prelude::*;

use super::state::Runs;
use crate::components::timeline::Timeline;
use crate::components::timeline::lanes::Lanes;

fn full_view(runs: &Runs) -> (f64, f64) {
    let start = runs.start();
    (start as f64, (runs.end().max(start + 1)) as f64 + 0.5)
}

#[derive(Properties, PartialEq)]
pub(super) struct TimelinesProps {
    pub(super) runs: Runs,
    pub(super) cursor: Tick,
    pub(super) on_cursor: Callback<Tick>,
    pub(super) on_step: Callback<i32>,
}

/// The timelines of the run(s) on one shared time axis. The visible range is state of
/// this component alone: panning and zooming redraw the timelines, nothing else.
#[function_component(Timelines)]
pub(super) fn timelines(props: &TimelinesProps) -> Html {
    let view = use_state(|| full_view(&props.runs));
    {
        let view = view.clone();
        use_effect_with(props.runs.clone(), move |runs| view.set(full_view(runs)));
    }
    let on_view = {
        let view = view.clone();
        Callback::from(move |v: (f64, f64)| view.set(v))
    };
    let timeline = |lanes: &Rc<Lanes>| {
        html! {
            <Timeline lanes={lanes.clone()} label={AttrValue::from(run_label(lanes))} view={*view}
                cursor={props.cursor} on_cursor={props.on_cursor.clone()} on_view={on_view.clone()}
                on_step={props.on_step.clone()} />
        }
    };
    html! {
        <>
            { timeline(&props.runs.a) }
            if let Some(b) = &props.runs.b {
                { timeline(b) }
            }
        </>
    }
}

fn run_label(lanes: &Lanes) -> String {
    let s = &lanes.scenario;
    let cores = if s.cores == 1 {
        "1 core".to_string()
    } else {
        format!("{} cores", s.cores)
    };
    let policy = match &s.policy {
        Policy::RoundRobin { quantum } => format!("round robin, quantum {quantum}"),
        other => other.to_string(),
    };
    format!("{cores}, {policy}: makespan {}", lanes.report.makespan)
}
