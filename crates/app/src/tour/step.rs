//! One step of the tour: its text, its widget, its question, and the link that opens
//! the step's exact run in the scheduler lab.

use std::rc::Rc;

use interleave_lessons::tour::{STEPS, Widget};
use interleave_sim::program::schedule_to_text;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::measured::{KERNEL, MeasuredView, SIZE};
use super::programs::ProgramsView;
use super::question::QuestionView;
use super::servers::ServersView;
use super::state::{Action, Tour};
use super::summary::SummaryView;
use super::sweep::SweepView;
use super::ways::WaysView;
use crate::url;

#[derive(Properties, PartialEq)]
pub struct StepProps {
    pub tour: Rc<Tour>,
    pub act: Callback<Action>,
    pub embedded: bool,
    /// Workers for a step on real cores: one per hardware thread reported.
    pub workers: u32,
    /// Hardware threads the browser reports.
    pub threads: u32,
}

/// Step `number`'s count, title and text: what the front door shows of step 1 before
/// the app has loaded.
pub fn head(number: usize) -> Html {
    let step = &STEPS[number.clamp(1, STEPS.len()) - 1];
    html! {
        <>
            <p class="tour-count">{ format!("Step {number} of {}", STEPS.len()) }</p>
            <h1 id="tour-title" tabindex="-1">{ step.title }</h1>
            { for step.text.split("\n\n").map(|p| html! { <p class="tour-text">{ p }</p> }) }
        </>
    }
}

#[function_component(StepView)]
pub fn step_view(props: &StepProps) -> Html {
    let tour = &props.tour;
    let step = tour.current();
    let number = tour.step + 1;
    // A new step takes the focus to its title, so that a screen reader reads it from
    // the top (not at the first step shown: the page's own focus stays).
    {
        let first = use_mut_ref(|| true);
        use_effect_with(number, move |_| {
            let shown_before = !std::mem::replace(&mut *first.borrow_mut(), false);
            if shown_before
                && let Some(title) = crate::platform::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("tour-title"))
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = title.focus();
            }
        });
    }
    let widget = match &step.widget {
        Widget::Ways { ways, view, .. } => html! {
            <WaysView tour={tour.clone()} ways={*ways} view={*view} act={props.act.clone()} />
        },
        Widget::Sweep {
            workloads, cores, ..
        } => html! {
            <SweepView tour={tour.clone()} workloads={*workloads} cores={*cores} />
        },
        Widget::Cores => html! {
            <MeasuredView tour={tour.clone()} workers={props.workers} threads={props.threads}
                act={props.act.clone()} />
        },
        Widget::Summary => html! {
            <SummaryView tour={tour.clone()} threads={props.threads} />
        },
        Widget::Serial { percent } => html! {
            <MeasuredView tour={tour.clone()} workers={props.workers} threads={props.threads}
                serial={*percent} act={props.act.clone()} />
        },
        Widget::Programs { ways, race, .. } => html! {
            <ProgramsView tour={tour.clone()} ways={*ways} race={*race} act={props.act.clone()} />
        },
        Widget::Servers { groups, .. } => html! {
            <ServersView tour={tour.clone()} groups={*groups} />
        },
    };
    html! {
        <article class="tour-step" id="tour-step" data-step={number.to_string()} data-id={step.id}
            aria-labelledby="tour-title">
            { head(number) }
            { widget }
            <QuestionView tour={tour.clone()} act={props.act.clone()} />
            if let Widget::Summary = step.widget {
                <p class="tour-lab">
                    <a href="#/" target={props.embedded.then_some("_blank")} rel={props.embedded.then_some("noopener")}>
                        { "Every lesson \u{2192}" }
                    </a>
                    { " to go further on any of it." }
                </p>
            } else {
                <p class="tour-lab">
                    <a href={lab_link(tour, props.workers)} id="tour-open-lab"
                        target={props.embedded.then_some("_blank")} rel={props.embedded.then_some("noopener")}>
                        { "Open in the lab \u{2192}" }
                    </a>
                    { " the same run, to change anything in it." }
                </p>
            }
        </article>
    }
}

/// The lab with this step's run: the scheduler lab with the way on screen, or the
/// last workload shown of a sweep on one core, compared with four; the lesson "One
/// core or two?" or "How far does it scale?" with the measured step's job; the
/// synchronisation lesson with the program and the schedule played; or the first
/// system lab compared with its last design.
fn lab_link(tour: &Tour, workers: u32) -> String {
    let step = tour.current();
    let number = tour.step + 1;
    let (index, compare) = match &step.widget {
        Widget::Cores => {
            return format!(
                "#/lesson/cores?kernel={}&size={SIZE}&workers={workers}&mode=message",
                KERNEL.key()
            );
        }
        Widget::Serial { percent } => {
            return format!(
                "#/lesson/scaling?kernel={}&size={SIZE}&modes=message&serial={percent}",
                KERNEL.key()
            );
        }
        Widget::Programs { ways, .. } => {
            let level = ways[tour.way()].level();
            let hand = &tour.hand;
            return format!(
                "#/lesson/{}?level={}&s={}&at={}",
                level.lesson,
                level.id,
                schedule_to_text(&hand.history),
                hand.cursor
            );
        }
        Widget::Servers { groups, .. } => {
            let Some(last) = groups.first().and_then(|g| g.ways.last()) else {
                return "#/".into();
            };
            return match last.model {
                Some(model) => format!("#/lesson/{}?vs={model}", last.study),
                None => format!("#/lesson/{}", last.study),
            };
        }
        Widget::Summary => (0, None),
        Widget::Ways { .. } => (tour.way(), None),
        Widget::Sweep { cores, .. } => {
            (tour.visible().saturating_sub(1) * *cores as usize, Some(4))
        }
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
