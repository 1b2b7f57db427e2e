//! The steps of scenarios on the simulator (ways, sweeps, servers): their runs, their
//! widgets, and the link that opens the run in its lab. Their runs are the same on
//! every visit, so the build makes them (`made.rs`, words written by a test from the
//! steps' own runs) and a page reads them: the tour holds neither the parser nor the
//! simulator.

mod made;
#[cfg(test)]
mod tests;

use std::rc::Rc;

use interleave_lessons::tour::{Outcome, Step, Widget};
use interleave_protocol::run::{Made, words_made};
use yew::prelude::*;

use super::engine::{Engine, no_play};
use super::servers::ServersView;
use super::state::{Runs, Tour};
use super::step::StepProps;
use super::sweep::SweepView;
use super::ways::WaysView;
use crate::components::timeline::lanes::Lanes;
use crate::url;

pub const ENGINE: Engine = Engine {
    runs,
    widget,
    lab,
    play: no_play,
};

fn runs(step: &Step) -> Runs {
    let outcome = made_outcome(step);
    let lanes = match step.widget {
        Widget::Ways { .. } => outcome
            .scenarios
            .iter()
            .zip(&outcome.reports)
            .map(|(s, r)| Rc::new(Lanes::new(s.clone(), r.clone())))
            .collect(),
        _ => Vec::new(),
    };
    Runs {
        lanes,
        ..Runs::new(step, outcome)
    }
}

/// A step's runs as the build made them; none for a step it did not make (a test reads
/// every step's words back as its runs).
fn made_outcome(step: &Step) -> Outcome {
    let words = made::MADE
        .iter()
        .find(|(id, _)| *id == step.id)
        .map_or(&[][..], |(_, words)| words);
    words_made(words)
        .map(|made| {
            let Made {
                scenarios,
                reports,
                latencies,
            } = made;
            Outcome {
                scenarios,
                reports,
                latencies,
                ..Outcome::default()
            }
        })
        .unwrap_or_default()
}

fn widget(props: &StepProps) -> Html {
    let tour = &props.tour;
    match &tour.current().widget {
        Widget::Ways { ways, view, .. } => html! {
            <WaysView tour={tour.clone()} ways={*ways} view={*view} act={props.act.clone()} />
        },
        Widget::Sweep {
            workloads, cores, ..
        } => html! {
            <SweepView tour={tour.clone()} workloads={*workloads} cores={*cores} />
        },
        Widget::Servers { groups, .. } => html! {
            <ServersView tour={tour.clone()} groups={*groups} />
        },
        _ => Html::default(),
    }
}

/// The scheduler lab with the way on screen, or the last workload shown of a sweep on
/// one core, compared with four; or the first system lab compared with its last
/// design.
fn lab(tour: &Tour, _workers: u32) -> String {
    let step = tour.current();
    let number = tour.step + 1;
    let (index, compare) = match &step.widget {
        Widget::Servers { groups, .. } => {
            let Some(last) = groups.first().and_then(|g| g.ways.last()) else {
                return "#/".into();
            };
            return match last.model {
                Some(model) => format!("#/lesson/{}?vs={model}", last.study),
                None => format!("#/lesson/{}", last.study),
            };
        }
        Widget::Sweep { cores, .. } => {
            (tour.visible().saturating_sub(1) * *cores as usize, Some(4))
        }
        _ => (tour.way(), None),
    };
    let scenarios = &tour.runs.outcome.scenarios;
    let Some(scenario) = scenarios.get(index).or(scenarios.last()) else {
        return "#/lesson/scheduler".into();
    };
    let text = step.lab_text(number, scenario);
    format!(
        "#/lesson/scheduler?s={}&cmp={}",
        url::encode(&text),
        compare.unwrap_or(0)
    )
}
