//! The tour's progress line: every step by name, a link to each, the current one
//! marked, the answered ones ticked.

use interleave_lessons::tour::STEPS;
use yew::prelude::*;

use super::state::Tour;

#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    pub tour: std::rc::Rc<Tour>,
}

#[function_component(ProgressLine)]
pub fn progress_line(props: &ProgressProps) -> Html {
    let tour = &props.tour;
    html! {
        <nav class="tour-progress" aria-label="Steps of the tour">
            <ol>
                { for STEPS.iter().enumerate().map(|(i, step)| {
                    let current = i == tour.step;
                    let done = tour.answered(i).is_some();
                    html! {
                        <li class={classes!(current.then_some("current"), done.then_some("done"))}
                            aria-current={current.then_some("step")}>
                            <a href={format!("#/tour/{}", i + 1)}>
                                <span class="tour-number">{ if done { "\u{2713}".to_string() } else { (i + 1).to_string() } }</span>
                                <span class="tour-name">{ step.title }</span>
                            </a>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    }
}
