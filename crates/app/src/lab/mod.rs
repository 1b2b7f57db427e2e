//! The scheduler lab: edit a workload, watch it interleave on one core and run in
//! parallel on many. The text is parsed as you type; while it is broken the last good
//! run stays on screen. The state (scenario, cursor, comparison) lives in the URL.

mod controls;
pub(crate) mod export;
mod form;
mod hooks;
mod inspect;
mod metrics;
mod predict;
mod state;
mod sweep;

use std::rc::Rc;

use interleave_lessons::PRESETS;
use interleave_sim::{Policy, Tick};
use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::hooks::use_saved_text;

use crate::components::editor::Editor;
use crate::components::timeline::Timeline;
use crate::components::timeline::lanes::Lanes;
use crate::url;
use controls::{CompareBar, Playback, PresetBar};
use hooks::{use_job, use_player, use_url};
use inspect::Inspect;
use metrics::{Compare, Metrics};
use state::{Action, CompareWith, Runs};

/// The lab's state in the URL: `?s=<scenario link>&t=<cursor>&cmp=<cores>&cp=<policy>&cs=<switch>`
/// (`cmp=0`: no comparison; `cp`, `cs` absent: the same as the scenario's).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Query {
    pub s: Option<String>,
    pub t: Option<Tick>,
    pub cmp: Option<u32>,
    pub cp: Option<String>,
    pub cs: Option<Tick>,
}

impl Query {
    fn compare(&self) -> Option<CompareWith> {
        match self.cmp {
            None if self.s.is_none() => Some(CompareWith::DEFAULT),
            Some(cores @ 1..=64) => Some(CompareWith {
                cores,
                policy: self.cp.as_deref().and_then(Policy::from_short),
                switch: self.cs.filter(|&c| c <= 1_000),
            }),
            _ => None,
        }
    }
}

/// The key the lab's text is saved under.
const SAVED: &str = "scheduler";

fn full_view(runs: &Runs) -> (f64, f64) {
    let start = runs.start();
    (start as f64, (runs.end().max(start + 1)) as f64 + 0.5)
}

pub(crate) type Lab = UseReducerHandle<state::Lab>;

/// A callback that turns its event into an action on the lab.
fn on<E: 'static>(lab: &Lab, action: impl Fn(E) -> Action + 'static) -> Callback<E> {
    let lab = lab.dispatcher();
    Callback::from(move |e| lab.dispatch(action(e)))
}

#[function_component(SchedulerLab)]
pub fn scheduler_lab() -> Html {
    let location = use_location();
    let lab = use_reducer(move || {
        let query: Query = url::query(location);
        let (text, notice) = url::starting_text(
            query.s.as_deref(),
            SAVED,
            PRESETS[0].text,
            &format!("\u{201c}{}\u{201d}", PRESETS[0].title),
        );
        state::Lab::new(text, notice, query.t.unwrap_or(0), query.compare())
    });
    {
        let lab = lab.clone();
        use_effect_with((), move |_| {
            lab.dispatch(Action::Evaluate { keep_cursor: true })
        });
    }
    use_job(&lab);
    use_player(&lab);
    use_url(&lab);
    let text = use_saved_text(&lab, Some(|| Action::Evaluate { keep_cursor: true }));
    let on_input = Callback::from(move |value: String| {
        text.change(SAVED, None, Action::Edit(value.clone()), &value)
    });
    let set_cursor = on(&lab, Action::SetCursor);
    let step = on(&lab, Action::Step);
    let current = lab.runs.as_ref();
    let hidden = lab.predicting && !lab.revealed;
    html! {
        <section class="lab scheduler-lab" aria-label="Scheduler lab">
            if let Some(n) = &lab.notice {
                <p class="notice" role="alert">{ n }</p>
            }
            <PresetBar lab={lab.clone()} />
            <div class="lab-grid">
                <Editor text={AttrValue::from(lab.text.clone())} diagnostics={lab.diagnostics.clone()} on_input={on_input.clone()} />
                <div class="side">
                    <Playback lab={lab.clone()} />
                    if let (Some(r), false) = (current, hidden) {
                        <Inspect lanes={r.a.clone()} cursor={lab.cursor} />
                    }
                </div>
            </div>
            <form::ScenarioForm
                scenario={current.filter(|_| lab.diagnostics.is_empty()).map(|r| r.written.clone())}
                on_change={on_input} />
            if let Some(job) = &lab.job {
                <div class="run-progress" role="status">
                    <progress max={job.progress.1.to_string()} value={job.progress.0.to_string()} />
                    <span>{ format!("Simulating {} tasks in slices: {} done. The page stays usable; \
                                     the comparison is skipped for runs this large.", job.progress.1, job.progress.0) }</span>
                    <button type="button" id="cancel-run" onclick={on(&lab, |_| Action::Cancel)}>{ "Cancel" }</button>
                </div>
            }
            if let Some(why) = current.and_then(|r| r.refused.clone()) {
                <p class="notice" id="compare-refused" role="status">{ why.to_string() }</p>
            }
            <CompareBar lab={lab.clone()} />
            if let (Some(r), true) = (current, lab.predicting) {
                <predict::Predict lanes={r.a.clone()} revealed={lab.revealed}
                    on_reveal={on(&lab, |_| Action::Reveal)} />
            }
            if let (Some(r), false) = (current, hidden) {
                <Timelines runs={r.clone()} cursor={lab.cursor} on_cursor={set_cursor} on_step={step} />
                if let Some(b) = &r.b {
                    <Compare a={r.a.clone()} b={b.clone()} />
                }
                <Metrics lanes={r.a.clone()} />
                <sweep::Sweep lanes={r.a.clone()} />
                <export::Actions lanes={r.a.clone()} text={AttrValue::from(lab.text.clone())} cores={r.a.report.cores} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TimelinesProps {
    runs: Runs,
    cursor: Tick,
    on_cursor: Callback<Tick>,
    on_step: Callback<i32>,
}

/// The timelines of the run(s) on one shared time axis. The visible range is state of
/// this component alone: panning and zooming redraw the timelines, nothing else.
#[function_component(Timelines)]
fn timelines(props: &TimelinesProps) -> Html {
    let view = use_state(|| full_view(&props.runs));
    {
        let view = view.clone();
        use_effect_with(props.runs.clone(), move |runs| view.set(full_view(runs)));
    }
    let on_view = {
        let view = view.clone();
        Callback::from(move |v: (f64, f64)| view.set(v))
    };
    let timeline = |lanes: &Rc<Lanes>| {
        html! {
            <Timeline lanes={lanes.clone()} label={AttrValue::from(run_label(lanes))} view={*view}
                cursor={props.cursor} on_cursor={props.on_cursor.clone()} on_view={on_view.clone()}
                on_step={props.on_step.clone()} />
        }
    };
    html! {
        <>
            { timeline(&props.runs.a) }
            if let Some(b) = &props.runs.b {
                { timeline(b) }
            }
        </>
    }
}

fn run_label(lanes: &Lanes) -> String {
    let s = &lanes.scenario;
    let cores = if s.cores == 1 {
        "1 core".to_string()
    } else {
        format!("{} cores", s.cores)
    };
    let policy = match s.policy {
        Policy::RoundRobin { quantum } => format!("round robin, quantum {quantum}"),
        other => other.to_string(),
    };
    format!("{cores}, {policy}: makespan {}", lanes.report.makespan)
}
