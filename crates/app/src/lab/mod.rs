//! The scheduler lab: edit a workload, watch it interleave on one core and run in
//! parallel on many. The text is parsed as you type; while it is broken the last good
//! run stays on screen. The state (scenario, cursor, comparison) lives in the URL.

pub(crate) mod editor;
pub(crate) mod export;
mod form;
mod inspect;
pub mod link;
mod metrics;
mod predict;
mod sweep;
pub(crate) mod timeline;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::callback::{Interval, Timeout};
use interleave_lessons::PRESETS;
use interleave_sim::{Bound, Diagnostic, Limits, Policy, Scenario, Tick, parse_with};
use serde::{Deserialize, Serialize};
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::route::Route;
use editor::Editor;
use inspect::Inspect;
use metrics::{Compare, Metrics};
use timeline::{Lanes, Timeline};

/// The lab's state in the URL: `?s=<scenario link>&t=<cursor>&cmp=<cores>&cp=<policy>&cs=<switch>`
/// (`cmp=0`: no comparison; `cp`, `cs` absent: the same as the scenario's).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Query {
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    t: Option<Tick>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cmp: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cs: Option<Tick>,
}

/// The second configuration of a comparison: the same workload on `cores` cores, under
/// `policy` and with switch cost `switch` where given (else the scenario's own).
#[derive(Debug, Clone, Copy, PartialEq)]
struct CompareWith {
    cores: u32,
    policy: Option<Policy>,
    switch: Option<Tick>,
}

impl CompareWith {
    /// Opening the lab with nothing in the URL: one core against four, side by side.
    const DEFAULT: CompareWith = CompareWith {
        cores: 4,
        policy: None,
        switch: None,
    };

    fn from_query(q: &Query) -> Option<CompareWith> {
        match q.cmp {
            None if q.s.is_none() => Some(CompareWith::DEFAULT),
            Some(cores @ 1..=64) => Some(CompareWith {
                cores,
                policy: q.cp.as_deref().and_then(Policy::from_short),
                switch: q.cs.filter(|&c| c <= 1_000),
            }),
            _ => None,
        }
    }

    fn apply(self, scenario: &Scenario) -> Scenario {
        Scenario {
            cores: self.cores,
            policy: self.policy.unwrap_or(scenario.policy),
            switch_cost: self.switch.unwrap_or(scenario.switch_cost),
            ..scenario.clone()
        }
    }
}

/// The policies offered for the second configuration of a comparison.
const COMPARE_POLICIES: &[(&str, &str)] = &[
    ("fcfs", "FCFS"),
    ("sjf", "SJF"),
    ("srtf", "SRTF"),
    ("priority", "priority"),
    ("priority-preemptive", "preemptive priority"),
    ("rr:1", "round robin, quantum 1"),
    ("rr:2", "round robin, quantum 2"),
    ("rr:4", "round robin, quantum 4"),
    ("mlfq:3:2:50", "MLFQ, 3 levels"),
];

/// The most tasks and steps a lab runs once its scenario is written out (requests
/// and spawned tasks counted). Writing a scenario out is one step of work, and past
/// this size a long one; the command line runs up to `Limits::default()`.
pub const LAB_TASKS: usize = 100_000;
pub const LAB_STEPS: usize = 1_000_000;

/// What the labs accept: the core's limits, with at most [`LAB_TASKS`] tasks and
/// [`LAB_STEPS`] steps.
pub fn limits() -> Limits {
    Limits {
        tasks: LAB_TASKS,
        steps: LAB_STEPS,
        ..Limits::default()
    }
}

/// The biggest run simulated in one go, by its bound (events: a few tens of
/// milliseconds); bigger ones run in slices, with progress.
pub const LIVE_EVENTS: u64 = 200_000;
/// The key the lab's text is saved under.
const SAVED: &str = "scheduler";
/// The longest scenario text a link carries.
pub const LINK_TEXT: usize = 64 * 1024;

#[derive(Clone, PartialEq)]
struct Runs {
    /// The scenario as written (the lanes hold it written out: requests as tasks).
    written: Rc<Scenario>,
    a: Rc<Lanes>,
    b: Option<Rc<Lanes>>,
    /// Why the comparison was not run (its run is over the limits), if it was not.
    refused: Option<Rc<str>>,
}

fn run(scenario: &Scenario, compare: Option<CompareWith>) -> Runs {
    let a = Lanes::run(scenario);
    // The comparison's machine can make a small workload large (a quantum of 1).
    let other = compare.map(|with| with.apply(scenario));
    let refused = other.as_ref().and_then(|o| o.check_bound(&limits()).err());
    let b = other
        .filter(|_| refused.is_none())
        .map(|other| Lanes::run(&other));
    let mut runs = runs_of(Rc::new(scenario.clone()), a, b);
    runs.refused = refused.map(|e| format!("The comparison is not run: {e}.").into());
    runs
}

fn runs_of(written: Rc<Scenario>, a: Lanes, b: Option<Lanes>) -> Runs {
    Runs {
        written,
        a: Rc::new(a),
        b: b.map(Rc::new),
        refused: None,
    }
}

impl Runs {
    /// The nearest tick after (`forward`) or before the cursor at which something
    /// happens in either run: where steps stop.
    fn event_from(&self, t: Tick, forward: bool) -> Option<Tick> {
        let near = |lanes: &Rc<Lanes>| {
            let trace = &lanes.report.trace;
            if forward {
                trace.next_change(t)
            } else {
                trace.previous_change(t)
            }
        };
        let (a, b) = (near(&self.a), self.b.as_ref().and_then(near));
        match (a, b) {
            (Some(a), Some(b)) if forward => Some(a.min(b)),
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }
}

fn full_view(runs: &Runs) -> (f64, f64) {
    let start = runs.a.start;
    let end = runs
        .b
        .as_ref()
        .map_or(runs.a.end(), |b| b.end().max(runs.a.end()));
    (start as f64, (end.max(start + 1)) as f64 + 0.5)
}

#[function_component(SchedulerLab)]
pub fn scheduler_lab() -> Html {
    let navigator = use_navigator();
    let route = use_route::<Route>().unwrap_or(Route::Home);
    let location = use_location();
    let initial = use_memo((), move |_| {
        let query = location
            .and_then(|l| l.query::<Query>().ok())
            .unwrap_or_default();
        let (text, notice) = link::starting_text(
            query.s.as_deref(),
            SAVED,
            PRESETS[0].text,
            &format!("\u{201c}{}\u{201d}", PRESETS[0].title),
        );
        (text, notice, query.t, CompareWith::from_query(&query))
    });
    let text = use_state(|| initial.0.clone());
    let notice = use_state(|| initial.1.clone());
    // The learner's own text that a preset replaced, until they undo or type.
    let replaced = use_state(|| None::<String>);
    let compare = use_state(|| initial.3);
    let diagnostics = use_state(Vec::<Diagnostic>::new);
    let runs = use_state(|| None::<Runs>);
    let cursor = use_state(|| initial.2.unwrap_or(0));
    // A long run in slices: (tasks done, tasks in all); bumping `generation` stops it.
    let progress = use_state(|| None::<(usize, usize)>);
    let generation = use_mut_ref(|| Rc::new(Cell::new(0u64))).borrow().clone();
    let debounce = use_mut_ref(|| None::<Timeout>);
    let player = use_mut_ref(|| None::<Interval>);
    let speed = use_state(|| 1.0f64);
    // Predict-then-reveal: while on and not revealed, the answers are hidden.
    let predicting = use_state(|| false);
    let revealed = use_state(|| false);

    // Parse (and run, if it parses) the text as it is now.
    let evaluate = {
        let (diagnostics, runs, cursor, progress, generation) = (
            diagnostics.clone(),
            runs.clone(),
            cursor.clone(),
            progress.clone(),
            generation.clone(),
        );
        Rc::new(
            move |text: &str, compare: Option<CompareWith>, keep_cursor: bool| match parse_with(
                text,
                &limits(),
            ) {
                Ok(scenario) => {
                    diagnostics.set(Vec::new());
                    // Whatever ran before is superseded.
                    generation.set(generation.get() + 1);
                    // By the run's bound, not its tasks: two lines can be a million events.
                    let bound = scenario.sized(&limits()).ok();
                    if bound.as_ref().is_none_or(|b| b.events > LIVE_EVENTS) {
                        run_in_slices(
                            scenario,
                            bound,
                            generation.clone(),
                            progress.clone(),
                            runs.clone(),
                            cursor.clone(),
                        );
                        return true;
                    }
                    progress.set(None);
                    let next = run(&scenario, compare);
                    if !keep_cursor {
                        cursor.set(next.a.start);
                    }
                    runs.set(Some(next));
                    true
                }
                Err(errors) => {
                    diagnostics.set(errors.0);
                    false
                }
            },
        )
    };

    // The URL follows the last good text and the cursor.
    let write_url = {
        let (navigator, route) = (navigator.clone(), route.clone());
        Rc::new(move |text: &str, t: Tick, with: Option<CompareWith>| {
            if text.len() > LINK_TEXT {
                return; // too large for a link; the Share button says so
            }
            if let Some(nav) = &navigator {
                let query = Query {
                    s: Some(link::encode(text)),
                    t: Some(t),
                    cmp: Some(with.map_or(0, |w| w.cores)),
                    cp: with.and_then(|w| w.policy).map(|p| p.short()),
                    cs: with.and_then(|w| w.switch),
                };
                let _ = nav.replace_with_query(&route, &query);
            }
        })
    };

    // First run.
    {
        let (evaluate, text, compare) = (evaluate.clone(), text.clone(), *compare);
        use_effect_with((), move |_| {
            evaluate(&text, compare, true);
        });
    }

    let on_input = {
        let (text, debounce, evaluate, write_url, compare, cursor) = (
            text.clone(),
            debounce.clone(),
            evaluate.clone(),
            write_url.clone(),
            *compare,
            cursor.clone(),
        );
        Callback::from(move |value: String| {
            crate::storage::save(SAVED, &value);
            text.set(value.clone());
            let (evaluate, write_url, cursor) =
                (evaluate.clone(), write_url.clone(), cursor.clone());
            // Parse once typing pauses; the previous pending parse is dropped (cancelled).
            *debounce.borrow_mut() = Some(Timeout::new(250, move || {
                if evaluate(&value, compare, true) {
                    write_url(&value, *cursor, compare);
                }
            }));
        })
    };

    let on_preset = {
        let (text, evaluate, write_url, compare, notice, replaced) = (
            text.clone(),
            evaluate.clone(),
            write_url.clone(),
            *compare,
            notice.clone(),
            replaced.clone(),
        );
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(preset) = interleave_lessons::find(&id) {
                // The learner's own text is not thrown away: one click brings it back.
                let own = !PRESETS.iter().any(|p| p.text == *text);
                replaced.set(own.then(|| (*text).clone()));
                crate::storage::save(SAVED, preset.text);
                text.set(preset.text.to_string());
                notice.set(None);
                if evaluate(preset.text, compare, false) {
                    write_url(preset.text, 0, compare);
                }
            }
        })
    };

    let undo_preset = {
        let (replaced, on_input) = (replaced.clone(), on_input.clone());
        Callback::from(move |_| {
            if let Some(own) = (*replaced).clone() {
                replaced.set(None);
                on_input.emit(own);
            }
        })
    };

    let set_cursor = {
        let (cursor, write_url, text, compare, runs) = (
            cursor.clone(),
            write_url.clone(),
            text.clone(),
            *compare,
            runs.clone(),
        );
        // The URL only ever holds a scenario that parses.
        let broken = !diagnostics.is_empty();
        Callback::from(move |t: Tick| {
            let end = runs.as_ref().map_or(t, |r| {
                r.b.as_ref().map_or(r.a.end(), |b| b.end().max(r.a.end()))
            });
            let t = t.min(end);
            cursor.set(t);
            if !broken {
                write_url(&text, t, compare);
            }
        })
    };
    let step = {
        let (runs, cursor, set_cursor) = (runs.clone(), cursor.clone(), set_cursor.clone());
        Callback::from(move |direction: i32| {
            let Some(r) = runs.as_ref() else { return };
            if let Some(t) = r.event_from(*cursor, direction > 0) {
                set_cursor.emit(t);
            }
        })
    };

    let playing = player.borrow().is_some();
    let toggle_play = {
        let (player, runs, cursor, speed) = (player.clone(), runs.clone(), cursor.clone(), *speed);
        let rerender = use_force_update();
        Callback::from(move |_| {
            if player.borrow_mut().take().is_some() {
                rerender.force_update();
                return;
            }
            let Some(r) = runs.as_ref() else { return };
            let runs = r.clone();
            let at = Rc::new(RefCell::new(*cursor));
            let (cursor, player2, rerender2) = (cursor.clone(), player.clone(), rerender.clone());
            let interval = Interval::new((500.0 / speed) as u32, move || {
                let now = *at.borrow();
                match runs.event_from(now, true) {
                    Some(t) => {
                        *at.borrow_mut() = t;
                        cursor.set(t);
                    }
                    None => {
                        player2.borrow_mut().take();
                        rerender2.force_update();
                    }
                }
            });
            *player.borrow_mut() = Some(interval);
            rerender.force_update();
        })
    };

    // One handler for the three selects of the comparison: each changes one part.
    let change_compare = {
        let (compare, evaluate, text, write_url, cursor) = (
            compare.clone(),
            evaluate.clone(),
            text.clone(),
            write_url.clone(),
            cursor.clone(),
        );
        move |update: fn(Option<CompareWith>, &str) -> Option<CompareWith>| {
            let (compare, evaluate, text, write_url, cursor) = (
                compare.clone(),
                evaluate.clone(),
                text.clone(),
                write_url.clone(),
                cursor.clone(),
            );
            Callback::from(move |e: Event| {
                let value = e.target_unchecked_into::<HtmlSelectElement>().value();
                let next = update(*compare, &value);
                compare.set(next);
                if evaluate(&text, next, true) {
                    write_url(&text, *cursor, next);
                }
            })
        }
    };
    let on_compare_cores = change_compare(|with, v| {
        let cores = v.parse::<u32>().ok().filter(|c| (1..=64).contains(c))?;
        Some(CompareWith {
            cores,
            ..with.unwrap_or(CompareWith::DEFAULT)
        })
    });
    let on_compare_policy = change_compare(|with, v| {
        with.map(|w| CompareWith {
            policy: Policy::from_short(v),
            ..w
        })
    });
    let on_compare_switch = change_compare(|with, v| {
        with.map(|w| CompareWith {
            switch: v.parse().ok(),
            ..w
        })
    });
    let cancel = {
        let (generation, progress) = (generation.clone(), progress.clone());
        Callback::from(move |_| {
            generation.set(generation.get() + 1);
            progress.set(None);
        })
    };

    let current = runs.as_ref();
    let end = current.map_or(0, |r| {
        r.b.as_ref().map_or(r.a.end(), |b| b.end().max(r.a.end()))
    });
    let start = current.map_or(0, |r| r.a.start);
    let preset_id = PRESETS
        .iter()
        .find(|p| p.text == text.as_str())
        .map(|p| p.id);
    let claim = preset_id
        .and_then(interleave_lessons::find)
        .map(|p| p.claim);
    let cores_a = current.map_or(1, |r| r.a.report.cores);
    html! {
        <section class="lab scheduler-lab" aria-label="Scheduler lab">
            if let Some(n) = &*notice {
                <p class="notice" role="alert">{ n }</p>
            }
            <div class="lab-top">
                <label class="preset">
                    <span>{ "Preset" }</span>
                    <select id="preset" onchange={on_preset}>
                        <option value="" selected={preset_id.is_none()} disabled=true>{ "Your own scenario" }</option>
                        { for PRESETS.iter().map(|p| html! {
                            <option value={p.id} selected={preset_id == Some(p.id)}>{ p.title }</option>
                        }) }
                    </select>
                </label>
                if let Some(claim) = claim {
                    <p class="preset-claim">{ claim }</p>
                }
                if replaced.is_some() {
                    <button type="button" id="undo-preset" onclick={undo_preset}>{ "Undo: bring back my scenario" }</button>
                }
            </div>
            <div class="lab-grid">
                <Editor text={AttrValue::from((*text).clone())} diagnostics={(*diagnostics).clone()} on_input={on_input.clone()} />
                <div class="side">
                    <div class="playback" role="group" aria-label="Playback">
                        <button type="button" id="step-back" onclick={step.reform(|_| -1)} aria-label="Step back">{ "\u{25c2} Step" }</button>
                        <button type="button" id="play" onclick={toggle_play} aria-label={if playing { "Pause" } else { "Play" }}>
                            { if playing { "\u{275a}\u{275a} Pause" } else { "\u{25b6} Play" } }
                        </button>
                        <button type="button" id="step-forward" onclick={step.reform(|_| 1)} aria-label="Step forward">{ "Step \u{25b8}" }</button>
                        <label class="speed">
                            <span class="visually-hidden">{ "Speed" }</span>
                            <select onchange={
                                let speed = speed.clone();
                                Callback::from(move |e: Event| {
                                    let v = e.target_unchecked_into::<HtmlSelectElement>().value();
                                    speed.set(v.parse().unwrap_or(1.0));
                                })
                            }>
                                { for [0.5, 1.0, 2.0, 4.0].into_iter().map(|s| html! {
                                    <option value={s.to_string()} selected={(*speed - s).abs() < 1e-9}>{ format!("{s}\u{00d7}") }</option>
                                }) }
                            </select>
                        </label>
                        <input type="range" id="scrub" aria-label="Time" min={start.to_string()} max={end.to_string()}
                            value={cursor.to_string()}
                            oninput={
                                let set_cursor = set_cursor.clone();
                                Callback::from(move |e: InputEvent| {
                                    let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
                                    if let Ok(t) = v.parse() { set_cursor.emit(t) }
                                })
                            } />
                        <output id="cursor-time">{ format!("t = {}", *cursor) }</output>
                    </div>
                    if let (Some(r), false) = (current, *predicting && !*revealed) {
                        <Inspect lanes={r.a.clone()} cursor={*cursor} />
                    }
                </div>
            </div>
            <form::ScenarioForm
                scenario={current.filter(|_| diagnostics.is_empty()).map(|r| r.written.clone())}
                on_change={on_input.clone()} />
            if let Some((done, all)) = *progress {
                <div class="run-progress" role="status">
                    <progress max={all.to_string()} value={done.to_string()} />
                    <span>{ format!("Simulating {all} tasks in slices: {done} done. The page stays usable; \
                                     the comparison is skipped for runs this large.") }</span>
                    <button type="button" id="cancel-run" onclick={cancel}>{ "Cancel" }</button>
                </div>
            }
            if let Some(why) = current.and_then(|r| r.refused.clone()) {
                <p class="notice" id="compare-refused" role="status">{ why.to_string() }</p>
            }
            <div class="compare-bar">
                <label class="predict-toggle">
                    <input type="checkbox" id="predict-mode" checked={*predicting}
                        onchange={
                            let (predicting, revealed) = (predicting.clone(), revealed.clone());
                            Callback::from(move |e: Event| {
                                predicting.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked());
                                revealed.set(false);
                            })
                        } />
                    { "Predict first (hide the answers)" }
                </label>
                <div class="compare-with">
                    <label>
                        <span>{ "Compare with the same workload on" }</span>
                        <select id="compare" onchange={on_compare_cores}>
                            <option value="" selected={compare.is_none()}>{ "nothing (one timeline)" }</option>
                            { for [1u32, 2, 3, 4, 8, 16].into_iter().map(|c| html! {
                                <option value={c.to_string()} selected={compare.map(|w| w.cores) == Some(c)}>
                                    { format!("{c} core{}", if c == 1 { "" } else { "s" }) }
                                </option>
                            }) }
                        </select>
                    </label>
                    <label>
                        <span>{ "under" }</span>
                        <select id="compare-policy" onchange={on_compare_policy} disabled={compare.is_none()}>
                            <option value="" selected={compare.and_then(|w| w.policy).is_none()}>{ "the same policy" }</option>
                            { for COMPARE_POLICIES.iter().map(|(short, label)| html! {
                                <option value={*short} selected={compare.and_then(|w| w.policy).map(|p| p.short()).as_deref() == Some(*short)}>{ *label }</option>
                            }) }
                        </select>
                    </label>
                    <label>
                        <span>{ "switch cost" }</span>
                        <select id="compare-switch" onchange={on_compare_switch} disabled={compare.is_none()}>
                            <option value="" selected={compare.and_then(|w| w.switch).is_none()}>{ "the same" }</option>
                            { for [0u64, 1, 2, 5].into_iter().map(|c| html! {
                                <option value={c.to_string()} selected={compare.and_then(|w| w.switch) == Some(c)}>{ format!("{c} ticks") }</option>
                            }) }
                        </select>
                    </label>
                </div>
            </div>
            if let (Some(r), true) = (current, *predicting) {
                <predict::Predict lanes={r.a.clone()} revealed={*revealed}
                    on_reveal={ let revealed = revealed.clone(); Callback::from(move |_| revealed.set(true)) } />
            }
            if let (Some(r), false) = (current, *predicting && !*revealed) {
                <Timelines runs={r.clone()} cursor={*cursor} on_cursor={set_cursor.clone()} on_step={step.clone()} />
                if let Some(b) = &r.b {
                    <Compare a={r.a.clone()} b={b.clone()} />
                }
                <Metrics lanes={r.a.clone()} />
                <sweep::Sweep lanes={r.a.clone()} />
                <export::Actions lanes={r.a.clone()} text={AttrValue::from((*text).clone())} cores={cores_a} />
            }
        </section>
    }
}

/// Runs a large scenario a slice at a time, yielding to the browser between slices,
/// until it ends or `generation` moves on (a cancel, or a newer text).
fn run_in_slices(
    scenario: Scenario,
    bound: Option<Bound>,
    generation: Rc<Cell<u64>>,
    progress: UseStateHandle<Option<(usize, usize)>>,
    runs: UseStateHandle<Option<Runs>>,
    cursor: UseStateHandle<Tick>,
) {
    let mine = generation.get();
    let scenario = Rc::new(scenario);
    progress.set(Some((0, scenario.lowered_size().0 as usize)));
    wasm_bindgen_futures::spawn_local(async move {
        let live = || generation.get() == mine;
        let shown = |done, all| progress.set(Some((done, all)));
        let Some(lanes) = Lanes::run_sliced(&scenario, bound.as_ref(), live, shown).await else {
            return;
        };
        cursor.set(lanes.start);
        runs.set(Some(runs_of(scenario, lanes, None)));
        progress.set(None);
    });
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
