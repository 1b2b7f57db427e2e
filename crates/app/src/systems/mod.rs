//! The system-design labs: one workload of requests served two ways side by side (the
//! text as written, and another model of the server), the latency each request feels,
//! how many wait over time, Little's law checked on the run, and a sweep of the lab's
//! knob. The text is parsed as it is typed; while it is broken the last good run stays.

mod charts;
pub(crate) mod engine;
mod figures;
mod hooks;
mod state;
mod theory;

use std::rc::Rc;

pub(crate) use interleave_lessons::systems::SweepPoint;
use interleave_lessons::systems::{self, Study};
use interleave_sim::latency::Latency;
use serde::{Deserialize, Serialize};
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::editor::Editor;
use crate::components::syntax_help::SyntaxHelp;
use crate::components::timeline::Timeline;
use crate::hooks::{use_later, use_saved_text};
use crate::url;
use hooks::{use_parse, use_runs, use_sweep, use_theory, use_url};
use state::{Action, Systems};

/// The lab's state in the URL: `?s=<text link>&vs=<model>&k=<knob value>`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Query {
    s: Option<String>,
    vs: Option<String>,
    k: Option<u32>,
}

fn key(study: &Study) -> String {
    format!("study-{}", study.id)
}

#[derive(Properties, PartialEq)]
pub struct SystemsLabProps {
    pub study: &'static str,
}

type Lab = UseReducerHandle<Systems>;

#[function_component(SystemsLab)]
pub fn systems_lab(props: &SystemsLabProps) -> Html {
    let study = systems::find(props.study).expect("a lesson names an existing study");
    let location = use_location();
    let lab = use_reducer(move || {
        let query: Query = url::query(location);
        let (text, notice) = url::starting_text(
            query.s.as_deref(),
            &key(study),
            study.text,
            "the lab's own workload",
        );
        let model = match query.vs.as_deref() {
            Some("none") => None,
            Some(id) => study.model(id).or(study.models.get(1)),
            None => study.models.get(1),
        };
        let knob = query.k.filter(|v| study.knob.values.contains(v));
        Systems::new(study, text, notice, model.map(|m| m.id), knob)
    });
    {
        let lab = lab.clone();
        use_effect_with((), move |_| lab.dispatch(Action::Evaluate));
    }
    use_later(
        lab.dispatcher(),
        crate::parts::systems_engine,
        Action::Engine,
        || Action::EngineMissing,
    );
    use_parse(&lab);
    use_runs(&lab);
    use_theory(&lab);
    use_sweep(&lab);
    use_url(&lab);

    // Text changes are saved at once and parsed when the learner pauses.
    let text = use_saved_text(&lab, Some(|| Action::Evaluate));
    let change =
        move |action: Action, saved: String| text.change(&key(study), None, action, &saved);
    let on_input = {
        let change = change.clone();
        Callback::from(move |value: String| change(Action::Edit(value.clone()), value))
    };
    let reset = {
        let change = change.clone();
        Callback::from(move |_| change(Action::Reset, study.text.to_string()))
    };
    let undo = {
        let replaced = lab.replaced.clone();
        Callback::from(move |_| {
            if let Some(own) = &replaced {
                change(Action::Undo, own.clone())
            }
        })
    };
    let select_value = |e: Event| e.target_unchecked_into::<HtmlSelectElement>().value();
    let on_model = {
        let (lab, knob) = (lab.dispatcher(), lab.knob);
        Callback::from(move |e: Event| {
            let model = study.model(&select_value(e)).map(|m| m.id);
            lab.dispatch(Action::Choose { model, knob })
        })
    };
    let on_knob = {
        let (lab, model) = (lab.dispatcher(), lab.model);
        Callback::from(move |e: Event| {
            let knob = select_value(e).parse::<u32>().ok();
            lab.dispatch(Action::Choose { model, knob })
        })
    };
    let written_knob = lab.written.and_then(|(knob, _)| knob);
    html! {
        <section class="systems" aria-label={study.title}>
            if let Some(n) = &lab.notice {
                <p class="notice" role="status">{ n }</p>
            }
            <div class="systems-controls">
                <label>{ "Compare with " }
                    <select id="systems-model" onchange={on_model}>
                        <option value="none" selected={lab.model.is_none()}>{ "nothing (one run)" }</option>
                        { for study.models.iter().map(|m| html! {
                            <option value={m.id} selected={lab.model == Some(m.id)}>{ m.label }</option>
                        }) }
                    </select>
                </label>
                <label>{ format!("{}: ", crate::text::capitalise(study.knob.label)) }
                    <select id="systems-knob" onchange={on_knob}>
                        <option value="" selected={lab.knob.is_none()}>
                            { match written_knob { Some(v) => format!("as written ({v})"), None => "as written".into() } }
                        </option>
                        { for study.knob.values.iter().map(|v| html! {
                            <option value={v.to_string()} selected={lab.knob == Some(*v)}>{ v.to_string() }</option>
                        }) }
                    </select>
                </label>
                <button type="button" id="systems-reset" onclick={reset}
                    disabled={lab.text == study.text}>{ "Back to the lab's workload" }</button>
                if lab.replaced.is_some() {
                    <button type="button" id="systems-undo" onclick={undo}>{ "Undo: bring back my workload" }</button>
                }
            </div>
            if let Some(p) = &lab.parsing {
                <p class="progress-line run-progress" role="status">
                    { format!("Reading the text ({:.1} MB) in a worker. ", p.text.len() as f64 / 1e6) }
                    <button type="button" id="systems-cancel" onclick={
                        let lab = lab.dispatcher();
                        Callback::from(move |_| lab.dispatch(Action::CancelParse))
                    }>{ "Cancel" }</button>
                </p>
            }
            <div class="lab-grid">
                <Editor text={AttrValue::from(lab.text.clone())} diagnostics={lab.diagnostics.clone()} {on_input} />
                <div class="side">
                    <p class="seed" id="systems-seed">
                        { match lab.written {
                            Some((_, s)) => format!("Seed {s}: every random arrival and length is drawn from it, so this link gives the same run anywhere. Change it with the \u{201c}seed\u{201d} line."),
                            None if lab.engine.is_none() => "Fetching the simulator: the runs start in a moment.".into(),
                            None => "The text has errors: the last good run stays on screen.".into(),
                        } }
                    </p>
                    <SyntaxHelp syntax={interleave_sim::SYNTAX} />
                </div>
            </div>
            if let Some(engine) = lab.engine {
                { (engine.results)(&lab) }
            }
        </section>
    }
}

/// Three significant digits: 24.9, 0.0526; a dash where there is no number (a rate
/// over no time, a mean of nothing), never a 0 that was not computed.
pub fn significant(v: f64) -> String {
    significant_or(v, "")
}

/// [`significant`], with why there is no number after the dash: "\u{2014} (none
/// finished)".
pub fn significant_or(v: f64, why: &str) -> String {
    if !v.is_finite() {
        return if why.is_empty() {
            "\u{2014}".into()
        } else {
            format!("\u{2014} ({why})")
        };
    }
    if v == 0.0 {
        return "0".into();
    }
    let decimals = (2.0 - v.abs().log10().floor()).max(0.0) as usize;
    format!("{v:.decimals$}")
}

#[cfg(test)]
mod tests {
    use super::{significant, significant_or};

    /// A figure with no number (a rate over no time, a mean of nothing) is a dash, with
    /// why where the table says it, never a 0 that was not computed.
    #[test]
    fn a_missing_figure_is_a_dash_not_a_zero() {
        assert_eq!(significant(24.93), "24.9");
        assert_eq!(significant(0.05261), "0.0526");
        assert_eq!(significant(0.0), "0");
        assert_eq!(significant(f64::NAN), "\u{2014}");
        assert_eq!(significant(f64::INFINITY), "\u{2014}");
        assert_eq!(
            significant_or(f64::NAN, "no request measured"),
            "\u{2014} (no request measured)"
        );
        assert_eq!(significant_or(1234.6, "unused"), "1235");
    }
}
