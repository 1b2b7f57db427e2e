//! The board of a program that parses: the goal, the scheduler to play (threads,
//! shared state, the wait-for graph, the interleaving so far), the explorer, and past
//! its limit random search.

use yew::prelude::*;

use super::explorer::{self, Controls, ExplorerProps};
use super::random::RandomProps;
use super::state::Action;
use super::{LabProps, play};

/// The goal, the scheduler to play, and the explorer: a program that parses.
#[function_component(Board)]
pub(super) fn board(props: &LabProps) -> Html {
    let lab = &props.lab;
    let Ok(program) = &lab.parsed else {
        return Html::default();
    };
    let play = &lab.play;
    let cursor = lab.cursor();
    let dispatcher = lab.dispatcher();
    let on_step = Callback::from(move |thread| dispatcher.dispatch(Action::Step(thread)));
    let dispatcher = lab.dispatcher();
    let on_jump = Callback::from(move |to| dispatcher.dispatch(Action::Jump(to)));
    let dispatcher = lab.dispatcher();
    let on_replay = Callback::from(move |schedule: Vec<usize>| {
        dispatcher.dispatch(Action::Replay(schedule));
        if let Some(el) = crate::platform::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("play"))
        {
            el.scroll_into_view();
        }
    });
    let dispatcher = lab.dispatcher();
    let on_explored = Callback::from(move |e| dispatcher.dispatch(Action::Explored(e)));
    let dispatcher = lab.dispatcher();
    let on_bound = Callback::from(move |b| dispatcher.dispatch(Action::Bound(b)));
    let dispatcher = lab.dispatcher();
    let on_sampled = Callback::from(move |s| dispatcher.dispatch(Action::Sampled(s)));
    // Random search is offered once the explorer has stopped at its limit on this text.
    let past_limit = lab
        .explored
        .as_ref()
        .is_some_and(|e| e.text == lab.text && !e.report.complete)
        || lab.sampled.as_ref().is_some_and(|s| s.text == lab.text);
    let search = match &lab.panels {
        Some(panels) => {
            let explorer = (panels.explorer)(ExplorerProps {
                program: program.clone(),
                text: lab.text.clone(),
                bound: lab.bound,
                explored: lab.explored.clone(),
                on_explored,
                on_bound,
                on_replay: on_replay.clone(),
            });
            let random = past_limit.then(|| {
                (panels.random)(RandomProps {
                    program: program.clone(),
                    text: lab.text.clone(),
                    sampled: lab.sampled.clone(),
                    on_sampled,
                    on_replay,
                })
            });
            // The random panel's place is kept while it is absent, so that its coming
            // leaves the explorer's panel (and its worker) as it is.
            html! { <>{ explorer }{ random.unwrap_or_default() }</> }
        }
        // Its panel as it will stand, disabled, so that its arrival moves nothing.
        None if lab.panels_missing => explorer::frame(
            Controls::waiting(lab.bound),
            html! {
                <p class="notice error" role="alert" id="explorer-missing">
                    { "The explorer could not be fetched. Check the connection, then reload the page: the program and the schedule played are kept." }
                </p>
            },
        ),
        None => explorer::frame(
            Controls::waiting(lab.bound),
            html! { <span class="visually-hidden" role="status" id="explorer-coming">{ "Fetching the explorer\u{2026}" }</span> },
        ),
    };
    html! {
        <>
            <play::Player program={program.clone()} states={lab.states.clone()} history={play.history.clone()}
                {cursor} {on_step} {on_jump} />
            { search }
        </>
    }
}
