//! The explorer's panel: search every interleaving in a worker (cancellable, with
//! progress), then show how many runs end in each final state, every finding with
//! its shortest schedule (one click replays it in the play view), and the figures of
//! the search itself.

use std::rc::Rc;

use interleave_sim::program::{
    DEFAULT_MAX_STATES, Exploration, Final, Finding, FindingKind, INVARIANT_STOPS, Program, Search,
    most_states,
};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::Explored;
use super::program::schedule_label;
use crate::own_worker::OwnWorker;
use crate::pool::Workers;
use crate::text::group;

mod frame;
pub(super) use frame::{Controls, frame};

#[derive(Properties, PartialEq)]
pub struct ExplorerProps {
    pub program: Rc<Program>,
    pub text: String,
    pub bound: Option<u32>,
    pub explored: Option<Rc<Explored>>,
    pub on_explored: Callback<Option<Rc<Explored>>>,
    pub on_bound: Callback<Option<u32>>,
    pub on_replay: Callback<Vec<usize>>,
}

/// The state limits offered.
const LIMITS: &[usize] = &[100_000, 1_000_000, DEFAULT_MAX_STATES, 5_000_000];

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Idle,
    Running { states: u64, frontier: u64, ms: f64 },
    Failed(String),
}

#[function_component(ExplorerPanel)]
pub fn explorer_panel(props: &ExplorerProps) -> Html {
    let phase = use_state(|| Phase::Idle);
    let limit = use_state(|| DEFAULT_MAX_STATES);
    let own = use_memo((), |_| OwnWorker::default());
    let running = matches!(*phase, Phase::Running { .. });

    let on_explore = {
        let (phase, own) = (phase.clone(), own.clone());
        let (text, bound, limit) = (props.text.clone(), props.bound, *limit);
        let on_explored = props.on_explored.clone();
        Callback::from(move |_| {
            if matches!(*phase, Phase::Running { .. }) {
                return;
            }
            phase.set(Phase::Running {
                states: 0,
                frontier: 0,
                ms: 0.0,
            });
            on_explored.emit(None);
            let (phase, own, text, on_explored) = (
                phase.clone(),
                own.clone(),
                text.clone(),
                on_explored.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let progress = {
                    let phase = phase.clone();
                    move |states, frontier, ms| {
                        phase.set(Phase::Running {
                            states,
                            frontier,
                            ms,
                        })
                    }
                };
                let search = Search {
                    preemption_bound: bound,
                    max_states: limit,
                };
                let job =
                    async |worker: &mut Workers| worker.explore(&text, search, progress).await;
                match own.run(job).await {
                    Ok(Some((report, ms))) => {
                        phase.set(Phase::Idle);
                        on_explored.emit(Some(Rc::new(Explored { text, report, ms })));
                    }
                    Ok(None) => phase.set(Phase::Idle),
                    Err(e) => phase.set(Phase::Failed(e)),
                }
            });
        })
    };
    let on_cancel = {
        let own = own.clone();
        Callback::from(move |_| own.cancel())
    };
    let on_bound = {
        let on_bound = props.on_bound.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            on_bound.emit(v.parse::<u32>().ok());
        })
    };
    let on_limit = {
        let limit = limit.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(n) = v.parse::<usize>() {
                limit.set(n);
            }
        })
    };

    let status = match &*phase {
        Phase::Running {
            states,
            frontier,
            ms,
        } => html! {
            <p class="explore-progress" id="explore-progress" role="status">
                <span class="spinner" aria-hidden="true"></span>
                { format!("Searching: {} states so far, {} still to expand, {:.1} s", group(*states), group(*frontier), ms / 1000.0) }
            </p>
        },
        Phase::Failed(e) => {
            html! { <p class="notice error" role="alert">{ format!("The explorer failed: {e}. Nothing was lost; try again.") }</p> }
        }
        Phase::Idle => html! {},
    };

    let results = props
        .explored
        .as_ref()
        .filter(|e| e.text == props.text)
        .map(|e| results(&props.program, &e.report, Some(e.ms), &props.on_replay));

    let controls = Controls {
        bound: props.bound,
        limit: *limit,
        running,
        on_bound: Some(on_bound),
        on_limit: Some(on_limit),
        on_explore: Some(on_explore),
        on_cancel: Some(on_cancel),
    };
    frame(controls, html! { <>{ status }{ for results }</> })
}

/// Why a search stopped, and what would take it further: a higher limit, unless the
/// limit is already the most that a program with states this wide may store.
fn limit_reached(p: &Program, r: &Exploration) -> String {
    let limit = group(r.search.max_states as u64);
    let (stopped, ways) = if r.search.max_states
        >= most_states(p, r.search.preemption_bound.is_some())
    {
        (
            format!(
                "at {limit} states, the most it stores for a program whose states are this wide (they hold many variables, locals and threads), whatever limit you choose"
            ),
            "use fewer threads or variables",
        )
    } else {
        (
            format!("at its limit of {limit} states"),
            "use fewer threads, raise the limit",
        )
    };
    format!(
        "The search stopped {stopped}: the program has more. Counts are lower bounds. Set a preemption bound, {ways}, or draw runs at random below."
    )
}

/// What an exploration found: the runs by how they end, every finding with its
/// shortest schedule to replay, and whether the goal is reachable. `ms`: how long the
/// search took, where it was timed.
pub(crate) fn results(
    p: &Program,
    r: &Exploration,
    ms: Option<f64>,
    on_replay: &Callback<Vec<usize>>,
) -> Html {
    // Below a few milliseconds the rate says more about the clock.
    let took = match ms {
        Some(ms) if ms >= 5.0 => format!(
            " in {} ({} states/s)",
            duration(ms),
            group((r.states as f64 / (ms / 1000.0)) as u64)
        ),
        Some(ms) => format!(" in {}", duration(ms)),
        None => String::new(),
    };
    let bound = r.search.preemption_bound.map_or(String::new(), |k| {
        format!(", at most {k} preemptions per run")
    });
    let findings = if r.findings.is_empty() {
        html! {
            <p class={classes!("verdict", if r.complete { "proved" } else { "unknown" })} id="verdict">
                { if r.complete {
                    "No bad state: every property holds in every interleaving, no deadlock, no livelock. This is a proof, not a test."
                } else {
                    "No bad state among the states searched, but the search stopped at its limit: this proves nothing."
                } }
            </p>
        }
    } else {
        findings_list("findings", p, &r.findings, "interleavings", on_replay)
    };
    let goal = p.goal.as_ref().map(|g| match &r.goal {
        Some(schedule) => html! {
            <p class="goal-found">
                { format!("The goal \u{201c}{}\u{201d} is reachable in {} steps. ", g.label, schedule.len()) }
                { replay_button(on_replay, schedule, "Show a shortest way to the goal".into()) }
            </p>
        },
        None if r.complete => html! {
            <p class="goal-found">{ format!("The goal \u{201c}{}\u{201d} is unreachable: no interleaving gets there{}.", g.label, if r.search.preemption_bound.is_some() { " within the bound" } else { "" }) }</p>
        },
        None => html! {},
    });
    html! {
        <div class="explore-results" id="explore-results">
            <p class="explore-summary" id="explore-summary">
                { format!(
                    "Explored {} states and {} transitions{took}{bound}: {}.",
                    group(r.states), group(r.transitions),
                    match r.interleavings {
                        Some(n) => format!("{} interleavings", group(n)),
                        None if r.complete => "infinitely many interleavings (the threads can loop)".into(),
                        None => "the number of interleavings is unknown".into(),
                    }
                ) }
            </p>
            if !r.complete {
                <p class="notice" role="alert" id="limit-reached">
                    { limit_reached(p, r) }
                </p>
            }
            { finals_table("finals", &r.finals, r.interleavings, "Interleavings", on_replay) }
            { findings }
            { for goal }
        </div>
    }
}

/// A button that replays `schedule` in the play view.
pub(crate) fn replay_button(
    on_replay: &Callback<Vec<usize>>,
    schedule: &[usize],
    label: String,
) -> Html {
    let on_replay = on_replay.clone();
    let steps = schedule.len();
    let schedule = schedule.to_vec();
    html! {
        <button type="button" class="replay" aria-label={format!("Replay ({steps} steps): {label}")}
            onclick={Callback::from(move |_| on_replay.emit(schedule.clone()))}>
            { format!("Replay ({steps} steps)") }
        </button>
    }
}

/// How the runs end where every thread finished (a table with this `id`): the values, how many runs (of
/// `total`) end there as a bar, the verdict, and a shortest one to replay. `unit`
/// heads the count: interleavings, or runs drawn.
pub(crate) fn finals_table(
    id: &str,
    finals: &[Final],
    total: Option<u128>,
    unit: &str,
    on_replay: &Callback<Vec<usize>>,
) -> Html {
    if finals.is_empty() {
        return Html::default();
    }
    let count = |n: Option<u128>| n.map_or_else(|| "\u{221e}".to_string(), group);
    html! {
        <div class="finals-scroll">
        <table class="finals" id={id.to_string()}>
            <caption>{ "How the runs end (every thread finished)" }</caption>
            <thead><tr><th scope="col">{ "Shared values at the end" }</th><th scope="col">{ unit }</th><th scope="col">{ "Verdict" }</th><th scope="col"></th></tr></thead>
            <tbody>
                { for finals.iter().map(|f| {
                    let values = if f.values.is_empty() { "\u{2014}".to_string() } else {
                        f.values.iter().map(|(n, v)| format!("{n} = {v}")).collect::<Vec<_>>().join(", ")
                    };
                    let share = match (f.interleavings, total) {
                        (Some(n), Some(t)) if t > 0 => n as f64 / t as f64,
                        _ => 0.0,
                    };
                    html! {
                        <tr class={if f.ok { "ok" } else { "bad" }}>
                            <th scope="row">{ values.clone() }</th>
                            <td class="count">
                                <div class="meter">
                                    <span class="bar" style={format!("width: {:.1}%", share * 100.0)}></span>
                                    <span class="n">{ count(f.interleavings) }</span>
                                </div>
                            </td>
                            <td>{ if f.ok { "ok" } else { "bad" } }</td>
                            <td>{ replay_button(on_replay, &f.schedule, format!("Replay a shortest run that ends with {values}")) }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
        </div>
    }
}

/// Everything that went wrong (a list with this `id`), each with how many `unit` end so, its shortest
/// schedule, and a button to replay it.
pub(crate) fn findings_list(
    id: &str,
    p: &Program,
    findings: &[Finding],
    unit: &str,
    on_replay: &Callback<Vec<usize>>,
) -> Html {
    html! {
        <ul class="findings" id={id.to_string()}>
            { for findings.iter().map(|f| {
                let kind = match f.kind {
                    FindingKind::Fault => "fault",
                    FindingKind::Invariant => "always",
                    FindingKind::Finally => "finally",
                    FindingKind::Deadlock => "deadlock",
                    FindingKind::Livelock => "livelock",
                };
                let runs = match f.interleavings {
                    Some(n) => format!("{} {unit} end this way. ", group(n)),
                    None => String::new(),
                };
                html! {
                    <li class={classes!("finding", kind)} data-kind={kind}>
                        <span class="kind">{ kind }</span>
                        <span class="message">{ &f.message }</span>
                        <span class="detail">{ format!("{runs}Shortest: {}.", schedule_label(p, &f.schedule)) }</span>
                        if f.kind == FindingKind::Invariant {
                            <span class="detail">{ crate::text::capitalise(INVARIANT_STOPS) }{ "." }</span>
                        }
                        { replay_button(on_replay, &f.schedule, format!("Replay the shortest {kind} run")) }
                    </li>
                }
            }) }
        </ul>
    }
}

/// Milliseconds as people read them: "0.4 ms", "35 ms", "2.1 s".
fn duration(ms: f64) -> String {
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}
