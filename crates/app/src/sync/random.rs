//! Random search, offered once the explorer stops at its state limit: runs drawn by
//! PCT or random walks in a worker (cancellable, with progress), then the endings seen
//! and every finding with the shortest schedule drawn, which replays in the play view
//! like the explorer's.

use std::rc::Rc;

use interleave_sim::program::{DEFAULT_MAX_STEPS, Program, Random, Strategy};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::SampledRun;
use super::explorer::{finals_table, findings_list};
use crate::own_worker::OwnWorker;
use crate::pool::Workers;
use crate::text::group;

#[derive(Properties, PartialEq)]
pub struct RandomProps {
    pub program: Rc<Program>,
    pub text: String,
    pub sampled: Option<Rc<SampledRun>>,
    pub on_sampled: Callback<Option<Rc<SampledRun>>>,
    pub on_replay: Callback<Vec<usize>>,
}

/// The strategies offered: PCT of depth 1 to 3 (bugs that need up to two preemptions),
/// and plain random walks.
const STRATEGIES: &[(&str, Strategy)] = &[
    ("PCT, depth 2", Strategy::Pct { depth: 2 }),
    ("PCT, depth 3", Strategy::Pct { depth: 3 }),
    ("random walks", Strategy::Walk),
];
const RUNS: &[u32] = &[1_000, 10_000, 100_000];

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Idle,
    Running { runs: u32, ms: f64 },
    Failed(String),
}

#[function_component(RandomPanel)]
pub fn random_panel(props: &RandomProps) -> Html {
    let phase = use_state(|| Phase::Idle);
    let strategy = use_state(|| 0usize);
    let runs = use_state(|| RUNS[1]);
    let own = use_memo((), |_| OwnWorker::default());
    let running = matches!(*phase, Phase::Running { .. });
    let random = Random {
        runs: *runs,
        strategy: STRATEGIES[*strategy].1,
        seed: 1,
        max_steps: DEFAULT_MAX_STEPS,
    };
    let on_draw = {
        let (phase, own) = (phase.clone(), own.clone());
        let (text, on_sampled) = (props.text.clone(), props.on_sampled.clone());
        Callback::from(move |_| {
            if matches!(*phase, Phase::Running { .. }) {
                return;
            }
            phase.set(Phase::Running { runs: 0, ms: 0.0 });
            on_sampled.emit(None);
            let (phase, own, text, on_sampled) =
                (phase.clone(), own.clone(), text.clone(), on_sampled.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let progress = {
                    let phase = phase.clone();
                    move |runs, ms| phase.set(Phase::Running { runs, ms })
                };
                let job = async |worker: &mut Workers| worker.sample(&text, random, progress).await;
                match own.run(job).await {
                    Ok(Some((report, ms))) => {
                        phase.set(Phase::Idle);
                        on_sampled.emit(Some(Rc::new(SampledRun { text, report, ms })));
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
    let choose = |state: &UseStateHandle<usize>| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(i) = v.parse() {
                state.set(i);
            }
        })
    };
    let on_runs = {
        let runs = runs.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(n) = v.parse() {
                runs.set(n);
            }
        })
    };
    let status = match &*phase {
        Phase::Running { runs: done, ms } => html! {
            <p class="explore-progress" id="random-progress" role="status">
                <span class="spinner" aria-hidden="true"></span>
                { format!("Drawing: {} of {} runs, {:.1} s", group(*done), group(*runs), ms / 1000.0) }
            </p>
        },
        Phase::Failed(e) => html! {
            <p class="notice error" role="alert">{ format!("Random search failed: {e}. Nothing was lost; try again.") }</p>
        },
        Phase::Idle => Html::default(),
    };
    let results = props
        .sampled
        .as_ref()
        .filter(|s| s.text == props.text)
        .map(|s| sampled(&props.program, s, &props.on_replay));
    html! {
        <section class="random-search" aria-labelledby="random-title">
            <h3 id="random-title">{ "Past the limit: draw runs at random" }</h3>
            <p class="hint">
                { "Random runs prove nothing, but they reach deep into long runs where the explorer's \
                   breadth-first search never gets. PCT gives the threads random priorities and lowers the \
                   running one's at a few random steps: it finds a bug that needs d \u{2212} 1 such \
                   preemptions with a chance it can state." }
            </p>
            <div class="explore-controls">
                <label>
                    { "Strategy " }
                    <select id="random-strategy" onchange={choose(&strategy)} disabled={running}>
                        { for STRATEGIES.iter().enumerate().map(|(i, (label, _))| html! {
                            <option value={i.to_string()} selected={*strategy == i}>{ *label }</option>
                        }) }
                    </select>
                </label>
                <label>
                    { "Runs " }
                    <select id="random-runs" onchange={on_runs} disabled={running}>
                        { for RUNS.iter().map(|&n| html! {
                            <option value={n.to_string()} selected={*runs == n}>{ group(n) }</option>
                        }) }
                    </select>
                </label>
                <button type="button" class="primary" id="draw" onclick={on_draw} disabled={running}>{ "Draw runs" }</button>
                if running {
                    <button type="button" id="cancel-draw" onclick={on_cancel}>{ "Cancel" }</button>
                }
            </div>
            { status }
            { for results }
        </section>
    }
}

/// What the runs found: how many were drawn, the bound PCT states, the endings seen,
/// and each finding to replay.
fn sampled(p: &Program, run: &SampledRun, on_replay: &Callback<Vec<usize>>) -> Html {
    let s = &run.report;
    let how = match s.random.strategy {
        Strategy::Walk => "random walks".to_string(),
        Strategy::Pct { depth } => format!("PCT of depth {depth}"),
    };
    let ended: u128 = s.finals.iter().filter_map(|f| f.interleavings).sum();
    html! {
        <div class="explore-results" id="random-results" data-runs={s.runs.to_string()}>
            <p class="explore-summary">
                { format!("{} runs drawn by {how} in {:.1} s, the longest {} steps{}.",
                    group(s.runs), run.ms / 1000.0, group(s.longest),
                    if s.cut > 0 { format!("; {} cut there, as they may loop forever", group(s.cut)) } else { String::new() }) }
                if let Some(bound) = s.bound {
                    { format!(" Each run finds a given bug of this depth with a chance of at least 1 in {}.", group((1.0 / bound.max(1e-30)).round() as u128)) }
                }
            </p>
            { finals_table("random-finals", &s.finals, Some(ended), "Runs", on_replay) }
            if s.findings.is_empty() {
                <p class="verdict unknown" id="random-verdict">
                    { "No bad state in the runs drawn. That proves nothing: a bug may still be there." }
                </p>
            } else {
                { findings_list("random-findings", p, &s.findings, "runs", on_replay) }
            }
        </div>
    }
}
