//! Queueing theory beside a system lab's run: where the workload (as written, at the
//! knob's value) meets a model's assumptions, each figure the model predicts beside
//! the simulated one with its 95% interval; elsewhere, the assumption that fails.

use std::rc::Rc;

use interleave_sim::theory::Theory;
use yew::prelude::*;

use super::{significant, significant_or};

#[derive(Properties, PartialEq)]
pub(super) struct TheoryProps {
    /// None while the replications run (or before any run).
    pub(super) theory: Option<Rc<Result<Theory, String>>>,
    /// Whether a run is under way, whose theory will follow.
    pub(super) pending: bool,
}

#[function_component(TheoryView)]
pub(super) fn theory_view(props: &TheoryProps) -> Html {
    let Some(theory) = props.theory.as_deref() else {
        if !props.pending {
            return Html::default();
        }
        return html! {
            <p class="theory pending" id="theory" role="status">
                { "Queueing theory: checking the assumptions and replicating the run\u{2026}" }
            </p>
        };
    };
    let t = match theory {
        Err(why) => {
            return html! {
                <p class="theory" id="theory" data-applies="false">
                    <strong>{ "Queueing theory: " }</strong>
                    { format!("no model applies to this workload as written; it needs {why}.") }
                </p>
            };
        }
        Ok(t) => t,
    };
    html! {
        <div class="theory" id="theory" data-applies="true" data-model={t.model.clone()}>
            <p>
                <strong>{ format!("Queueing theory: {}. ", t.model) }</strong>
                { format!("{}; utilisation {:.2}. Simulated: the mean of {} replications (other seeds), \
                           with its 95% interval, after the first tenth of the requests.",
                          t.assumptions.join("; "), t.rho, t.replications) }
            </p>
            <div class="table-wrap">
                <table class="tour-figures theory-figures">
                    <thead><tr>
                        <th scope="col">{ "Figure" }</th><th scope="col">{ "Theory" }</th>
                        <th scope="col">{ "Simulated" }</th><th scope="col">{ "95% interval" }</th><th scope="col"></th>
                    </tr></thead>
                    <tbody>
                        { for t.figures.iter().map(|f| {
                            let inside = f.simulated.contains(f.predicted);
                            html! {
                                <tr data-figure={f.name} data-inside={inside.to_string()}
                                    data-predicted={f.predicted.to_string()} data-simulated={f.simulated.mean.to_string()}>
                                    <th scope="row">{ f.name }</th>
                                    <td data-label="Theory">{ significant_or(f.predicted, "no steady state") }</td>
                                    <td data-label="Simulated">{ significant_or(f.simulated.mean, "no request measured") }</td>
                                    <td data-label="95% interval">{ if f.simulated.low.is_finite() && f.simulated.high.is_finite() {
                                        format!("{} \u{2013} {}", significant(f.simulated.low), significant(f.simulated.high))
                                    } else {
                                        "\u{2014} (too few replications)".to_string()
                                    } }</td>
                                    <td class={if inside { "agree" } else { "error" }}>{ if inside { "inside" } else { "outside" } }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}
