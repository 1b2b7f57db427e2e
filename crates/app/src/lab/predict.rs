//! Predict, then reveal: the lab hides the timeline and the figures, asks for one
//! figure, then shows the answer beside the guess and how it comes about.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::timeline::lanes::Lanes;

#[derive(Properties, PartialEq)]
pub struct PredictProps {
    pub lanes: Rc<Lanes>,
    pub revealed: bool,
    pub on_reveal: Callback<()>,
}

#[function_component(Predict)]
pub fn predict(props: &PredictProps) -> Html {
    let guess = use_state(String::new);
    let r = &props.lanes.report;
    let actual = props.lanes.averages.waiting;
    let last = r
        .tasks
        .iter()
        .filter(|t| t.completion.is_some())
        .max_by_key(|t| t.completion)
        .map(|t| t.name.clone())
        .unwrap_or_default();
    let oninput = {
        let guess = guess.clone();
        Callback::from(move |e: InputEvent| {
            guess.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let reveal = props.on_reveal.reform(|_| ());
    html! {
        <div class="predict" id="predict">
            if !props.revealed {
                <label>
                    <span>{ "Before you look: what will the average waiting time be, in ticks? \
                             (Waiting counts the ticks a task is ready but not on a core.)" }</span>
                    <input id="guess" type="number" min="0" step="0.5" inputmode="decimal" value={(*guess).clone()} {oninput} />
                </label>
                <button type="button" id="reveal" class="primary" onclick={reveal}>{ "Reveal" }</button>
            } else {
                <p id="verdict">
                    { match guess.trim().parse::<f64>() {
                        Ok(g) if (g - actual).abs() < 0.01 => format!("Exactly: the average waiting time is {actual:.2}."),
                        Ok(g) => format!("You said {g}; it is {actual:.2} ({:+.2}).", actual - g),
                        Err(_) => format!("The average waiting time is {actual:.2}."),
                    } }
                    { format!(" The last task to finish is {last}. The task table below shows each task's waiting; \
                               step through the timeline to see when each one sat in the ready queue.") }
                </p>
            }
        </div>
    }
}
