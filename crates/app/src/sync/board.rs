//! The board of a program that parses: the goal, the scheduler to play (threads,
//! shared state, the wait-for graph, the interleaving so far) and the explorer.

use yew::prelude::*;

use super::state::Action;
use super::{LabProps, explorer, graph, play, program, timeline};

/// The goal, the scheduler to play, and the explorer: a program that parses.
#[function_component(Board)]
pub(super) fn board(props: &LabProps) -> Html {
    let lab = &props.lab;
    let Ok(program) = &lab.parsed else {
        return Html::default();
    };
    let play = &lab.play;
    let cursor = lab.cursor();
    let state = &lab.states[cursor];
    let last = cursor.checked_sub(1).map(|i| play.history[i]);
    let goal = program.goal.as_ref().map(|g| {
        let reached = program.holds(g, state);
        html! {
            <p class={classes!("goal", reached.then_some("reached"))} id="goal" aria-live="polite">
                <strong>{ if reached { "Goal reached: " } else { "Goal: " } }</strong>
                { &g.label }
                if reached {
                    { format!(" \u{2014} in {} steps: {}", cursor, program::schedule_label(program, &play.history[..cursor])) }
                }
            </p>
        }
    });
    let jump = |to: usize| {
        let dispatcher = lab.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Jump(to)))
    };
    let dispatcher = lab.dispatcher();
    let on_step = Callback::from(move |thread| dispatcher.dispatch(Action::Step(thread)));
    let dispatcher = lab.dispatcher();
    let on_jump = Callback::from(move |to| dispatcher.dispatch(Action::Jump(to)));
    let dispatcher = lab.dispatcher();
    let on_replay = Callback::from(move |schedule: Vec<usize>| {
        dispatcher.dispatch(Action::Replay(schedule));
        if let Some(el) = web_sys::window()
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
    let ended =
        program.is_done(state) || program.is_deadlock(state) || program.fault(state).is_some();
    html! {
        <>
            { for goal }
            <section class="play" id="play" aria-label="Play the scheduler">
                <div class="play-controls">
                    <button type="button" id="undo" onclick={jump(play.cursor.saturating_sub(1))} disabled={play.cursor == 0}>{ "\u{21b6} Undo" }</button>
                    <button type="button" id="redo" onclick={jump(play.cursor + 1)} disabled={play.cursor >= play.history.len()}>{ "Redo \u{21b7}" }</button>
                    <button type="button" id="restart" onclick={jump(0)} disabled={play.cursor == 0}>{ "Back to the start" }</button>
                    <span class="step-count" id="step-count">{ format!("step {} of {}", play.cursor, play.history.len()) }</span>
                </div>
                <play::Outcome program={program.clone()} state={state.clone()} />
                <play::Threads program={program.clone()} state={state.clone()} last={last} on_step={on_step} disabled={ended} />
                <div class="play-side">
                    <play::SharedState program={program.clone()} state={state.clone()} />
                    <graph::WaitForGraph program={program.clone()} state={state.clone()} />
                </div>
                <timeline::Timeline program={program.clone()} states={lab.states.clone()} history={play.history.clone()} cursor={play.cursor} on_jump={on_jump} />
            </section>
            <explorer::ExplorerPanel program={program.clone()} text={lab.text.clone()} bound={lab.bound}
                explored={lab.explored.clone()} on_explored={on_explored} on_bound={on_bound} on_replay={on_replay} />
        </>
    }
}
