//! The lesson "A message queue": producers publish into a queue of partitions, consumer
//! groups read it; the learner edits the scenario, picks a workload (point-to-point,
//! publish-subscribe, bounded and blocking, bounded and dropping), sets the first
//! group's consumers, and sees each group's latency, lag over time and Little's law,
//! and the sweep of consumers against the partitions. Simulated by the core on the
//! page (each run is bounded to a few tens of milliseconds); the sweep runs a point at
//! a time.

mod figures;
mod hooks;
mod lag;
mod state;
mod sweep;

use interleave_lessons::queue::{COMPARES, WORKLOADS, compare};
use serde::{Deserialize, Serialize};
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::editor::{Editor, Language};
use crate::components::syntax_help::SyntaxHelp;
use crate::hooks::use_saved_text;
use crate::url;
use figures::QueueFigures;
use hooks::{use_sweep, use_url};
use lag::LagChart;
use state::{Action, QueueLab, own_text};
use sweep::QueueSweep;

/// Where the learner's text is saved.
const KEY: &str = "queue";

/// The lesson's state in the URL: `?s=<text link>&k=<consumers of the first
/// group>&vs=<what to compare with>`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Query {
    s: Option<String>,
    k: Option<u32>,
    vs: Option<String>,
}

#[function_component(QueueLesson)]
pub fn queue_lesson() -> Html {
    let location = use_location();
    let lab = use_reducer(move || {
        // The link's settings, or else the ones the learner left last time.
        let mut query: Query = url::query(location);
        if query.k.is_none() && query.vs.is_none() {
            let saved = crate::storage::load_settings::<Query>(KEY).unwrap_or_default();
            (query.k, query.vs) = (saved.k, saved.vs);
        }
        let (text, notice) = url::starting_text(
            query.s.as_deref(),
            KEY,
            own_text(),
            "the lesson's own queue",
        );
        let consumers = query
            .k
            .filter(|k| (1..=interleave_sim::messaging::MAX_CONSUMERS).contains(k));
        let vs = query.vs.as_deref().and_then(compare).map(|c| c.id);
        QueueLab::new(text, notice, consumers, vs)
    });
    {
        let lab = lab.clone();
        use_effect_with((), move |_| lab.dispatch(Action::Evaluate));
    }
    use_sweep(&lab);
    use_url(&lab);

    let text = use_saved_text(&lab, Some(|| Action::Evaluate));
    let on_input = {
        let text = text.clone();
        Callback::from(move |value: String| {
            text.change(KEY, Some(own_text()), Action::Edit(value.clone()), &value)
        })
    };
    let select_value = |e: Event| e.target_unchecked_into::<HtmlSelectElement>().value();
    let on_workload = Callback::from(move |e: Event| {
        if let Some(w) = WORKLOADS.iter().find(|w| w.id == select_value(e.clone())) {
            text.change(KEY, Some(own_text()), Action::Workload(w.id), w.text);
        }
    });
    let on_consumers = {
        let lab = lab.dispatcher();
        Callback::from(move |e: Event| {
            lab.dispatch(Action::Consumers(select_value(e).parse().ok()))
        })
    };
    let on_compare = {
        let lab = lab.dispatcher();
        Callback::from(move |e: Event| {
            lab.dispatch(Action::Compare(compare(&select_value(e)).map(|c| c.id)))
        })
    };
    let chosen = WORKLOADS.iter().find(|w| w.text == lab.text).map(|w| w.id);
    let first = lab
        .written
        .as_ref()
        .and_then(|w| w.0.groups.first().cloned());
    html! {
        <section class="queue-lab" aria-label="A message queue">
            if let Some(n) = &lab.notice {
                <p class="notice" role="status">{ n }</p>
            }
            <div class="systems-controls">
                <label>{ "Workload " }
                    <select id="queue-workload" onchange={on_workload}>
                        <option value="" selected={chosen.is_none()} disabled=true>{ "your own" }</option>
                        { for WORKLOADS.iter().map(|w| html! {
                            <option value={w.id} selected={chosen == Some(w.id)}>{ w.label }</option>
                        }) }
                    </select>
                </label>
                if let Some(g) = &first {
                    <label>{ format!("Consumers of \u{201c}{}\u{201d} ", g.name) }
                        <select id="queue-consumers" onchange={on_consumers}>
                            <option value="" selected={lab.consumers.is_none()}>{ format!("as written ({})", g.consumers) }</option>
                            { for (1..=16u32).map(|k| html! {
                                <option value={k.to_string()} selected={lab.consumers == Some(k)}>{ k.to_string() }</option>
                            }) }
                        </select>
                    </label>
                }
                <label>{ "Compare with " }
                    <select id="queue-compare" onchange={on_compare}>
                        <option value="" selected={lab.compare.is_none()}>{ "nothing (one run)" }</option>
                        { for COMPARES.iter().map(|c| html! {
                            <option value={c.id} selected={lab.compare == Some(c.id)}>{ c.label }</option>
                        }) }
                    </select>
                </label>
            </div>
            <div class="lab-grid">
                <Editor text={AttrValue::from(lab.text.clone())} diagnostics={lab.diagnostics.clone()}
                    {on_input} language={Language::QUEUE} />
                <div class="side">
                    <p>{ "Message k goes to partition k mod P; each partition is read by one consumer of each group, so a group's consumers past the partitions find nothing to read. Partition p goes to consumer p mod k of k: with 3 consumers of 4 partitions one reads two, and the group goes at its pace. Every group reads every message: one group is point-to-point, several are publish-subscribe." }</p>
                    <SyntaxHelp syntax={interleave_sim::messaging::SYNTAX} />
                </div>
            </div>
            if let Some(flow) = &lab.flow {
                <QueueFigures flow={flow.clone()} id="queue-figures" caption="As written" />
                if let (Some(b), Some(c)) = (&lab.compared, lab.compare.and_then(compare)) {
                    <QueueFigures flow={b.clone()} id="queue-figures-b"
                        caption={AttrValue::from(format!("Compared: {}", c.label))} />
                }
                <div class="systems-charts">
                    <section>
                        <h2>{ "Waiting over time" }</h2>
                        <LagChart flow={flow.clone()} />
                    </section>
                    <section>
                        <h2>{ "Sweep: consumers of the first group" }</h2>
                        <QueueSweep rows={lab.sweep.clone()} all={lab.sweep_values().len()} done={lab.swept}
                            chosen={lab.consumers.or(first.map(|g| g.consumers))} />
                    </section>
                </div>
            }
        </section>
    }
}
