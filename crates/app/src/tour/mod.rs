//! The guided tour: concurrency and parallelism in short live steps, each a text, a
//! widget computed by the core, and a prediction committed before the answer shows.
//! `#/tour` opens at the learner's last step, `#/tour/<n>` at step n, and
//! `#/embed/tour/<n>` is one step for a course page. The progress (the step, every
//! answer, the ways chosen, what was measured) is saved like the labs' texts.

pub(crate) mod engine;
mod hooks;
pub(crate) mod measured;
pub(crate) mod programs;
mod progress;
mod question;
mod serial;
mod servers;
pub(crate) mod simulated;
pub(crate) mod state;
mod step;
pub(crate) mod summary;
mod sweep;
mod ways;

use std::rc::Rc;

use interleave_lessons::tour::STEPS;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::platform::Platform;
use crate::route::Route;
use hooks::{
    reduced_motion, saved_progress, use_arrow_keys, use_next_step_ready, use_player,
    use_saved_progress, use_step_ready,
};
use progress::ProgressLine;
use state::{Action, Tour};
use step::StepView;

/// The tour's first step as the front door shows it before the app has loaded: the
/// progress line, the step's text, and where its live run will be (see
/// `pages/front.rs`).
#[cfg(not(target_arch = "wasm32"))]
pub fn door() -> Html {
    let tour = Rc::new(Tour::new(state::Progress::default(), Some(0), false));
    html! {
        <div class="tour">
            <ProgressLine {tour} />
            <article class="tour-step" id="tour-step" data-step="1" data-id={STEPS[0].id}
                aria-labelledby="tour-title">
                { step::head(1) }
                <p class="tour-door-run busy">{ "Loading the live run\u{2026}" }</p>
            </article>
            <nav class="tour-nav" aria-label="Previous and next step">
                <a href="#/tour/2" class="button tour-next">{ format!("{} \u{2192}", STEPS[1].title) }</a>
            </nav>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TourProps {
    /// The step asked for by the route, from 1; none: the learner's last step.
    #[prop_or_default]
    pub n: Option<usize>,
    #[prop_or_default]
    pub embedded: bool,
}

#[function_component(TourPage)]
pub fn tour_page(props: &TourProps) -> Html {
    let asked = props.n.map(|n| n.saturating_sub(1));
    let tour = use_reducer(|| Tour::new(saved_progress(), asked, !reduced_motion()));
    {
        let dispatcher = tour.dispatcher();
        use_effect_with(asked, move |asked| {
            if let Some(n) = *asked {
                dispatcher.dispatch(Action::Go(n));
            }
        });
    }
    // `#/tour` names no step: the address becomes the step's own, to link to it.
    {
        let (navigator, at) = (use_navigator(), tour.step);
        use_effect_with(props.n.is_none(), move |&unnamed| {
            if let (true, Some(navigator)) = (unnamed, navigator) {
                navigator.replace(&Route::TourStep { n: at + 1 });
            }
        });
    }
    use_saved_progress(&tour);
    use_player(&tour);
    let platform = use_context::<Rc<Platform>>().expect("platform context");
    let workers = platform.hardware_threads.clamp(2, 16);
    use_step_ready(&tour);
    use_arrow_keys(tour.step, STEPS.len() - 1, !props.embedded);
    // The step the page opened on waits for its answer before the next one is made
    // (the app is still loading around it); a step the learner moved to need not.
    let landed = *use_memo((), |_| tour.step);
    use_next_step_ready(
        tour.step,
        !props.embedded && (tour.revealed() || tour.step != landed),
    );
    let act = {
        let dispatcher = tour.dispatcher();
        Callback::from(move |action| dispatcher.dispatch(action))
    };
    // Starting over opens step 1 at its own address, which loads its kind's part.
    let start_over = {
        let (act, navigator) = (act.clone(), use_navigator());
        Callback::from(move |_| {
            act.emit(Action::StartOver);
            if let Some(navigator) = &navigator {
                navigator.push(&Route::TourStep { n: 1 });
            }
        })
    };
    let snapshot = Rc::new((*tour).clone());
    let step = tour.step;
    let link = |route: Route, label: String, class: &'static str| {
        html! { <Link<Route> to={route} classes={classes!("button", class)}>{ label }</Link<Route>> }
    };
    if props.embedded {
        return html! {
            <div class="tour embedded">
                <StepView tour={snapshot} act={act} embedded={true} {workers} threads={platform.hardware_threads} />
                <p class="tour-embed-note">
                    <a href={format!("#/tour/{}", step + 1)} target="_blank" rel="noopener">
                        { format!("Step {} of the Interleave tour: concurrency and parallelism, live", step + 1) }
                    </a>
                </p>
            </div>
        };
    }
    html! {
        <div class="tour">
            <ProgressLine tour={snapshot.clone()} />
            <StepView tour={snapshot} act={act.clone()} embedded={false} {workers} threads={platform.hardware_threads} />
            <nav class="tour-nav" aria-label="Previous and next step">
                if step > 0 {
                    { link(Route::TourStep { n: step }, format!("\u{2190} {}", STEPS[step - 1].title), "tour-previous") }
                }
                if step + 1 < STEPS.len() {
                    { link(Route::TourStep { n: step + 2 }, format!("{} \u{2192}", STEPS[step + 1].title), "tour-next") }
                }
            </nav>
            <p class="tour-keys">
                { "The \u{2190} and \u{2192} keys move between steps. " }
                <button type="button" class="link" id="tour-start-over" onclick={start_over}>
                    { "Start over" }</button>
                { " forgets your answers." }
            </p>
        </div>
    }
}
