//! The event loop, step by step: a snippet's real source, the learner's prediction of
//! the order of its logs (committed before the answer shows), the model's steps (the
//! call stack, the microtask queue, the task queue, the console, and what happened, in
//! words), and the snippet run for real, its order set against the model's.

use interleave_lessons::event_loop::{self, SNIPPETS};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::snippets;
use super::state::{Action, Model};

#[derive(Properties, PartialEq)]
pub struct ModelProps {
    pub model: Model,
    pub on: Callback<Action>,
}

#[function_component(EventLoopModel)]
pub fn event_loop_model(props: &ModelProps) -> Html {
    let (model, on) = (&props.model, &props.on);
    let snippet = model.snippet;
    let labels = snippet.labels();
    let order = event_loop::order(snippet);
    let on_snippet = on.reform(|e: Event| {
        let id = e.target_unchecked_into::<HtmlSelectElement>().value();
        Action::Snippet(SNIPPETS.iter().find(|s| s.id == id).map_or("", |s| s.id))
    });
    let on_real = {
        let (on, id, count) = (on.clone(), snippet.id, labels.len());
        Callback::from(move |_| {
            let on = on.clone();
            wasm_bindgen_futures::spawn_local(async move {
                on.emit(Action::Real(snippets::run(id, count).await));
            });
        })
    };
    let complete = model.prediction.len() == labels.len();
    html! {
        <section class="event-loop" aria-labelledby="event-loop-heading">
            <h2 id="event-loop-heading">{ "The event loop, step by step" }</h2>
            <p>
                { "One thread runs the page's JavaScript. It takes a task (the script, a timer, \
                   an event), runs it to the end, then runs every microtask (promise callbacks, \
                   queueMicrotask, what follows an await), and only then the next task. Read a \
                   snippet, predict the order of its logs, then step through it." }
            </p>
            <label class="snippet-pick">
                <span>{ "Snippet" }</span>
                <select id="snippet" onchange={on_snippet}>
                    { for SNIPPETS.iter().map(|s| html! {
                        <option value={s.id} selected={s.id == snippet.id}>{ s.title }</option>
                    }) }
                </select>
            </label>
            <pre class="snippet-source" tabindex="0"><code>{ snippets::source(snippet.id) }</code></pre>
            <div class="order-predict" role="group" aria-label="Your prediction">
                <p>{ "In what order do the logs print? Press them in that order." }</p>
                <div class="labels">
                    { for labels.iter().map(|&label| {
                        let chosen = model.prediction.contains(&label);
                        html! {
                            <button type="button" class="label" data-label={label}
                                disabled={chosen || model.revealed}
                                onclick={on.reform(move |_| Action::Predict(label))}>{ label }</button>
                        }
                    }) }
                </div>
                <p id="prediction">{ "Your order: " }<strong>{
                    if model.prediction.is_empty() { "\u{2014}".to_string() } else { model.prediction.join(" ") }
                }</strong></p>
                if !model.revealed {
                    <button type="button" onclick={on.reform(|_| Action::ClearPrediction)}
                        disabled={model.prediction.is_empty()}>{ "Clear" }</button>
                    <button type="button" id="reveal" class="primary" onclick={on.reform(|_| Action::Reveal)}>
                        { if complete { "Reveal" } else { "Skip and reveal" } }
                    </button>
                }
            </div>
            if model.revealed {
                <p id="answer" data-order={order.join(" ")}>
                    { "The order: " }<strong>{ order.join(" ") }</strong>
                    { match model.predicted_right() {
                        Some(true) => " \u{2014} as you said.",
                        Some(false) => " \u{2014} not as you said.",
                        None => "",
                    } }
                    <br />{ snippet.point }
                </p>
                <Steps model={model.clone()} on={on.clone()} />
            }
            <div class="real">
                <button type="button" id="run-real" onclick={on_real}>{ "Run it for real" }</button>
                if let Some(real) = &model.real {
                    <p id="real-order" data-snippet={snippet.id} data-matches={model.real_agrees().unwrap_or(false).to_string()}>
                        { "This browser logged: " }<strong>{ real.join(" ") }</strong>
                        { if model.real_agrees() == Some(true) {
                            " \u{2014} the model's order."
                        } else {
                            " \u{2014} not the model's order: please report it."
                        } }
                    </p>
                }
            </div>
        </section>
    }
}

/// The model's trace at the step shown, with Back and Step.
#[function_component(Steps)]
fn steps(props: &ModelProps) -> Html {
    let (model, on) = (&props.model, &props.on);
    let trace = event_loop::trace(model.snippet);
    let Some(state) = trace.get(model.step) else {
        return html! {};
    };
    let list = |items: &[String], empty: &str| {
        if items.is_empty() {
            html! { <li class="empty">{ empty.to_string() }</li> }
        } else {
            items
                .iter()
                .map(|i| html! { <li>{ i.clone() }</li> })
                .collect::<Html>()
        }
    };
    let stack: Vec<String> = state.stack.iter().rev().cloned().collect();
    html! {
        <div class="steps" id="steps" data-step={model.step.to_string()}>
            <div class="step-controls">
                <button type="button" onclick={on.reform(|_| Action::Step(-1))} disabled={model.step == 0}>{ "Back" }</button>
                <button type="button" id="step-next" class="primary" onclick={on.reform(|_| Action::Step(1))}
                    disabled={model.step + 1 >= trace.len()}>{ "Step" }</button>
                <span>{ format!("Step {} of {}", model.step + 1, trace.len()) }</span>
            </div>
            <p class="said" aria-live="polite">{ &state.said }</p>
            <div class="machine">
                <div><h3>{ "Call stack" }</h3><ol class="stack">{ list(&stack, "empty") }</ol></div>
                <div><h3>{ "Microtask queue" }</h3><ol>{ list(&state.microtasks, "empty") }</ol></div>
                <div><h3>{ "Task queue" }</h3><ol>{ list(&state.tasks, "empty") }</ol></div>
                <div><h3>{ "Console" }</h3><ol class="console">{ list(&state.logged.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "nothing yet") }</ol></div>
            </div>
        </div>
    }
}
