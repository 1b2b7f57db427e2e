//! The timeline of the interleaving played so far: one row per thread, one column per
//! step, each cell the line the thread ran. A column's number goes back to that step;
//! the steps after the current one (undone, ready to redo) are greyed.

use std::rc::Rc;

use interleave_sim::program::{Program, State};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub program: Rc<Program>,
    /// The states along the whole history, the initial one first.
    pub states: Rc<Vec<State>>,
    pub history: Vec<usize>,
    pub cursor: usize,
    pub on_jump: Callback<usize>,
}

/// At most this many steps are drawn (around the current one).
const SHOWN: usize = 120;

#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let p = &props.program;
    if props.history.is_empty() {
        return html! {
            <p class="timeline-empty hint">{ "Pick a thread to step: the interleaving you play is drawn here, one column per step." }</p>
        };
    }
    let n = props
        .history
        .len()
        .min(props.states.len().saturating_sub(1));
    let first = props
        .cursor
        .saturating_sub(SHOWN / 2)
        .min(n.saturating_sub(SHOWN));
    let steps: Vec<usize> = (first..n.min(first + SHOWN)).collect();
    let cell = |k: usize, t: usize| -> Html {
        if props.history[k] != t {
            return html! { <td></td> };
        }
        let thread = &p.threads[t];
        let instr = thread.code.get(p.pc(&props.states[k], t));
        let future = k >= props.cursor;
        html! {
            <td class={classes!("ran", future.then_some("future"))} title={instr.map(|i| i.text.clone()).unwrap_or_default()}>
                { instr.map_or(String::new(), |i| i.line.to_string()) }
            </td>
        }
    };
    html! {
        <figure class="sync-timeline">
            <figcaption>{ "The interleaving: which thread ran which line at each step" }</figcaption>
            <div class="timeline-scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{ "step" }</th>
                            { for steps.iter().map(|&k| {
                                let jump = props.on_jump.clone();
                                let current = k + 1 == props.cursor;
                                html! {
                                    <th scope="col" class={classes!(current.then_some("current"))}>
                                        <button type="button" aria-label={format!("Go to step {}", k + 1)}
                                            onclick={Callback::from(move |_| jump.emit(k + 1))}>{ k + 1 }</button>
                                    </th>
                                }
                            }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for p.threads.iter().enumerate().map(|(t, th)| html! {
                            <tr>
                                <th scope="row">{ &th.name }</th>
                                { for steps.iter().map(|&k| cell(k, t)) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </figure>
    }
}
