//! The scheduler lab: edit a workload, watch it interleave on one core and run in
//! parallel on many. The text is parsed as you type; while it is broken the last good
//! run stays on screen. The state (scenario, cursor, comparison) lives in the URL.

mod controls;
pub(crate) mod engine;
pub(crate) mod export;
mod form;
mod hooks;
mod inspect;
mod made;
mod metrics;
mod predict;
mod state;
mod sweep;
mod timelines;

use std::rc::Rc;

use interleave_lessons::PRESETS;
use interleave_sim::{Policy, Tick};
use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::hooks::{use_later, use_saved_text};

use crate::components::editor::Editor;
use crate::text::group;
use crate::url;
use controls::{CompareBar, Playback, PresetBar};
use hooks::{use_job, use_player, use_url};
use inspect::Inspect;
use metrics::{Compare, Metrics};
use state::{Action, CompareWith, Job};
use timelines::Timelines;

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
        // The first workload's run the build made is on screen already.
        let lab = lab.clone();
        use_effect_with((), move |_| {
            if lab.runs.is_none() {
                lab.dispatch(Action::Evaluate { keep_cursor: true })
            }
        });
    }
    use_later(
        lab.dispatcher(),
        crate::parts::lab_engine,
        Action::Engine,
        || Action::EngineMissing,
    );
    use_job(&lab);
    use_player(&lab);
    use_url(&lab);
    let text = use_saved_text(&lab, Some(|| Action::Evaluate { keep_cursor: true }));
    // One callback for the page's life: the editor's props then stay equal while a run
    // goes on, and it is not redrawn, which would read the text area's whole text back
    // (megabytes for a generated workload) at every step of progress.
    let on_input = use_callback((), move |value: String, _| {
        // Shared from here on: a text of megabytes is copied once.
        let value: Rc<str> = value.into();
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
                <Editor text={AttrValue::from(lab.text.shared())} diagnostics={lab.diagnostics.clone()} on_input={on_input.clone()} />
                <div class="side">
                    <Playback lab={lab.clone()} />
                    if let (Some(r), false) = (current, hidden) {
                        <Inspect lanes={r.a.clone()} cursor={lab.cursor} />
                    }
                </div>
            </div>
            <form::ScenarioForm
                scenario={current.filter(|_| lab.diagnostics.is_empty()).map(|r| r.written.clone())}
                on_change={on_input} engine={lab.engine} />
            if lab.waiting {
                <p class="note" id="fetching-simulator" role="status">{ "Fetching the simulator: this text runs in a moment." }</p>
            }
            if let Some(job) = &lab.job {
                <JobProgress job={job.clone()} on_cancel={on(&lab, |_| Action::Cancel)} />
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
                <sweep::Sweep lanes={r.a.clone()} engine={lab.engine} />
                <export::Actions lanes={r.a.clone()} cores={r.a.report.cores} engine={lab.engine} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct JobProgressProps {
    job: Job,
    on_cancel: Callback<MouseEvent>,
}

/// A job's progress: the text being read, then tasks done of all, and Cancel.
#[function_component(JobProgress)]
fn job_progress(props: &JobProgressProps) -> Html {
    let (done, all) = props.job.progress;
    let what = if all == 0 {
        format!(
            "Reading the text ({:.1} MB) in a worker.",
            props.job.text.len() as f64 / 1e6
        )
    } else {
        format!(
            "Simulating {} tasks in a worker: {} done.",
            group(all as u64),
            group(done as u64)
        )
    };
    html! {
        <div class="run-progress" role="status">
            if all == 0 {
                <progress />
            } else {
                <progress max={all.to_string()} value={done.to_string()} />
            }
            <span>{ what }{ " The page stays usable; the comparison is skipped for runs this large." }</span>
            <button type="button" id="cancel-run" onclick={props.on_cancel.clone()}>{ "Cancel" }</button>
        </div>
    }
}
