//! Predict, then reveal: the step's question, a number to type or an option to pick,
//! committed before the answer shows; then the answer beside the prediction.

use std::rc::Rc;

use interleave_lessons::tour::{Answer, Truth};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::state::{Action, Tour};

#[derive(Properties, PartialEq)]
pub struct QuestionProps {
    pub tour: Rc<Tour>,
    pub act: Callback<Action>,
}

fn number(n: f64) -> String {
    if (n - n.round()).abs() < 0.005 {
        format!("{n:.0}")
    } else {
        format!("{n:.2}")
    }
}

/// A truth or a guess in the question's words.
pub fn words(answer: &Answer, value: Truth) -> String {
    match (answer, value) {
        (
            Answer::Number { unit: "\u{d7}", .. } | Answer::Measured { unit: "\u{d7}", .. },
            Truth::Number(n),
        ) => format!("{}\u{d7}", number(n)),
        (Answer::Number { unit, .. } | Answer::Measured { unit, .. }, Truth::Number(n)) => {
            format!("{} {unit}", number(n))
        }
        (Answer::Choice { options, .. }, Truth::Choice(i)) => {
            options.get(i).copied().unwrap_or("?").to_string()
        }
        _ => "?".into(),
    }
}

#[function_component(QuestionView)]
pub fn question_view(props: &QuestionProps) -> Html {
    let tour = &props.tour;
    let Some(question) = &tour.current().question else {
        return Html::default();
    };
    let act = |action: fn() -> Action| props.act.reform(move |_: MouseEvent| action());
    if let Some(answer) = tour.answered(tour.step) {
        let verdict = match (tour.truth(), answer) {
            (None, _) if tour.measuring.busy => "Measuring on this machine\u{2026}".to_string(),
            (None, _) => "Not measured yet: run it.".to_string(),
            (Some(truth), None) => format!("The answer: {}.", words(&question.answer, truth)),
            (Some(truth), Some(guess)) if tour.right() == Some(true) => format!(
                "Right: {}. You said {}.",
                words(&question.answer, truth),
                words(&question.answer, guess.truth())
            ),
            (Some(truth), Some(guess)) => format!(
                "You said {}; the answer is {}.",
                words(&question.answer, guess.truth()),
                words(&question.answer, truth)
            ),
        };
        return html! {
            <div class="tour-question answered" id="tour-question">
                <p class="prompt">{ question.prompt }</p>
                <p class={classes!("verdict", (tour.right() == Some(true)).then_some("agree"))}
                    id="tour-verdict" role="status" data-known={tour.truth().is_some().to_string()}
                    data-right={tour.right().map(|r| r.to_string())}>{ verdict }</p>
            </div>
        };
    }
    let input = match question.answer {
        Answer::Number { unit, .. } | Answer::Measured { unit, .. } => {
            let on_input = props.act.reform(|e: InputEvent| {
                Action::Draft(e.target_unchecked_into::<HtmlInputElement>().value())
            });
            let on_key = {
                let act = props.act.clone();
                Callback::from(move |e: KeyboardEvent| {
                    if e.key() == "Enter" {
                        e.prevent_default();
                        act.emit(Action::Commit);
                    }
                })
            };
            html! {
                <label class="tour-number-input">
                    <input id="tour-guess" type="text" inputmode="decimal" autocomplete="off"
                        value={tour.draft.clone()} oninput={on_input} onkeydown={on_key}
                        aria-describedby="tour-prompt" />
                    <span>{ unit }</span>
                </label>
            }
        }
        Answer::Choice { options, .. } => html! {
            <fieldset class="tour-options">
                <legend class="visually-hidden">{ question.prompt }</legend>
                { for options.iter().enumerate().map(|(i, option)| {
                    let pick = props.act.reform(move |_: Event| Action::Pick(i));
                    html! {
                        <label>
                            <input type="radio" name="tour-option" value={i.to_string()}
                                checked={tour.picked == Some(i)} onchange={pick} />
                            { *option }
                        </label>
                    }
                }) }
            </fieldset>
        },
    };
    html! {
        <div class="tour-question" id="tour-question">
            <p class="prompt" id="tour-prompt"><strong>{ "Predict: " }</strong>{ question.prompt }</p>
            { input }
            <div class="actions">
                <button type="button" class="primary" id="tour-commit" onclick={act(|| Action::Commit)}>{ "Commit and reveal" }</button>
                <button type="button" id="tour-show" onclick={act(|| Action::ShowMe)}>{ "Just show me" }</button>
            </div>
            if let Some(problem) = &tour.problem {
                <p class="error" role="alert" id="tour-problem">{ problem }</p>
            }
        </div>
    }
}
