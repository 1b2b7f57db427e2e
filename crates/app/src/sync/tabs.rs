//! The lesson's levels, as tabs.

use yew::prelude::*;

use interleave_lessons::programs::Level;

use super::state::Action;
use super::{LabProps, saved_or_original};

/// The lesson's levels, as tabs.
#[function_component(LevelTabs)]
pub(super) fn level_tabs(props: &LabProps) -> Html {
    let lab = &props.lab;
    html! {
        <nav class="levels" aria-label="Levels">
            { for lab.levels.iter().enumerate().map(|(i, l)| {
                let dispatcher = lab.dispatcher();
                let current = i == lab.level;
                let level: &'static Level = l;
                let choose = Callback::from(move |_| {
                    dispatcher.dispatch(Action::ChooseLevel { index: i, text: saved_or_original(level) })
                });
                html! {
                    <button type="button" class={classes!("level", current.then_some("current"))}
                        aria-pressed={current.to_string()} data-level={l.id} onclick={choose}>
                        <span class="level-number">{ i + 1 }</span>{ l.title }
                    </button>
                }
            }) }
        </nav>
    }
}
