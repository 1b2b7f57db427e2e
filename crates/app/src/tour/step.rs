//! One step of the tour: its text, its widget, its question, and the link that opens
//! the step's exact run in the scheduler lab.

use std::rc::Rc;

use interleave_lessons::tour::{STEPS, Widget};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::engine;
use super::question::QuestionView;
use super::state::{Action, Tour};

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
    // The step's kind draws its widget (its part is loaded before the step shows).
    let engine = engine::of(step.widget.kind());
    let widget = engine.map_or_else(Html::default, |e| (e.widget)(props));
    let lab = engine.map_or_else(|| "#/".into(), |e| (e.lab)(tour, props.workers));
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
                    <a href={lab} id="tour-open-lab"
                        target={props.embedded.then_some("_blank")} rel={props.embedded.then_some("noopener")}>
                        { "Open in the lab \u{2192}" }
                    </a>
                    { " the same run, to change anything in it." }
                </p>
            }
        </article>
    }
}
