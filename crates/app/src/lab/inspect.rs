//! The state at the cursor, in words: what each core does, which tasks wait for a core
//! (in the order they became ready), and every task's state. This is where a learner
//! sees the scheduler's decision, and what a screen reader reads.

use std::rc::Rc;

use interleave_sim::{State, Tick};
use yew::prelude::*;

use crate::components::timeline::lanes::Lanes;

#[derive(Properties, PartialEq)]
pub struct InspectProps {
    pub lanes: Rc<Lanes>,
    pub cursor: Tick,
}

#[function_component(Inspect)]
pub fn inspect(props: &InspectProps) -> Html {
    let lanes = &props.lanes;
    let t = props.cursor;
    let name = |task: u32| lanes.scenario.tasks[task as usize].name.clone();
    let now = lanes.report.trace.at(t, lanes.scenario.tasks.len());
    let describe = |s: Option<(Tick, State)>| match s {
        None => "not arrived".to_string(),
        Some((_, State::Ready)) => "ready".into(),
        Some((_, State::Switching)) => "being switched in".into(),
        Some((_, State::Running)) => "running".into(),
        Some((_, State::Io)) => "waiting for I/O".into(),
        Some((_, State::Blocked(l))) => {
            format!("waiting for lock {}", lanes.scenario.locks[l as usize].name)
        }
        Some((_, State::Joining)) => "waiting for the tasks it spawned".into(),
        Some((_, State::Done)) => "done".into(),
    };
    html! {
        <div class="inspect" aria-live="polite">
            <h2>{ format!("At tick {t}") }</h2>
            <ul class="cores-now">
                { for now.cores.iter().enumerate().map(|(c, slice)| {
                    let what = match slice {
                        Some(s) if s.switch => format!("switching to {}", name(s.task)),
                        Some(s) => format!("runs {}", name(s.task)),
                        None => "idle".into(),
                    };
                    html! { <li><strong>{ format!("core {c}") }</strong>{ format!(": {what}") }</li> }
                }) }
            </ul>
            <p class="ready-now">
                <strong>{ "Ready queue: " }</strong>
                { queue_in_words(now.ready.iter().map(|&task| name(task)), now.ready.len()) }
            </p>
            <details>
                <summary>{ "Every task" }</summary>
                <ul class="tasks-now">
                    { for now.states.iter().enumerate().take(200).map(|(i, s)| html! {
                        <li>{ format!("{}: {}", name(i as u32), describe(*s)) }</li>
                    }) }
                </ul>
            </details>
        </div>
    }
}

/// Names shown of a ready queue; a longer queue is told by its length (a page of
/// fifty thousand names is a long layout, not an answer).
const QUEUE_NAMES: usize = 12;

fn queue_in_words(names: impl Iterator<Item = String>, len: usize) -> String {
    if len == 0 {
        return "empty".into();
    }
    let shown: Vec<String> = names.take(QUEUE_NAMES).collect();
    match len - shown.len() {
        0 => shown.join(", "),
        more => format!(
            "{}, and {} more",
            shown.join(", "),
            crate::text::group(more as u64)
        ),
    }
}
