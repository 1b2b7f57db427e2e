//! The tour's last step: concurrency against parallelism in one table, filled with
//! what the learner saw on the way (the simulated steps' figures, this machine's
//! measurements) and their predictions against the answers; printable, and exported
//! as JSON.

use std::rc::Rc;

use interleave_lessons::tour::known::{FIGURES, TRUTHS};
use interleave_lessons::tour::{Figures, STEPS, Truth};
use yew::prelude::*;

use super::engine::{Engine, no_play, no_runs};
use super::question::words;
use super::state::{Progress, Tour};
use super::step::StepProps;

/// The summary runs nothing: what it quotes of the other steps is known at build time
/// (`interleave_lessons::tour::known`).
pub const ENGINE: Engine = Engine {
    runs: no_runs,
    widget: |props: &StepProps| html! { <SummaryView tour={props.tour.clone()} threads={props.threads} /> },
    lab: |_, _| "#/".into(),
    play: no_play,
};

#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    pub tour: Rc<Tour>,
    /// Hardware threads the browser reports.
    pub threads: u32,
}

/// A prediction and its answer, in words.
struct Predicted {
    step: usize,
    title: &'static str,
    guess: Option<String>,
    answer: Option<String>,
    right: Option<bool>,
}

/// Every answered step: what the learner said and what the runs (`truths`, one for
/// each step) or this machine said.
fn predictions(progress: &Progress, truths: &[Option<Truth>]) -> Vec<Predicted> {
    STEPS
        .iter()
        .zip(truths)
        .enumerate()
        .filter_map(|(i, (step, truth))| {
            let question = step.question.as_ref()?;
            let guess = *progress.answers.get(step.id)?;
            let truth = truth.or_else(|| progress.measured.get(step.id).map(|&v| Truth::Number(v)));
            Some(Predicted {
                step: i + 1,
                title: step.title,
                guess: guess.map(|g| words(&question.answer, g.truth())),
                answer: truth.map(|t| words(&question.answer, t)),
                right: truth.zip(guess).map(|(t, g)| question.judge(t, g.truth())),
            })
        })
        .collect()
}

fn export(progress: &Progress, f: &Figures, threads: u32, predicted: &[Predicted]) -> String {
    let json = serde_json::json!({
        "simulated": {
            "chef_makespan": { "one_cook": f.cooks.0, "three_cooks": f.cooks.1 },
            "speedup_on_4_cores": { "computing": f.on_four.0, "waiting": f.on_four.1 },
            "quantum_1_vs_20": {
                "switches": [f.switches.0, f.switches.1],
                "makespan": [f.makespans.0, f.makespans.1],
                "average_response": [f.responses.0, f.responses.1],
            },
            "lost_update": { "interleavings_losing": f.lost.0, "interleavings": f.lost.1 },
            "most_inside_at_once": { "one_key": f.inside.0, "bowl_of_two_keys": f.inside.1 },
            "opposite_lock_orders": { "runs_deadlocked": f.deadlocks.0, "runs": f.deadlocks.1 },
            "p99_ticks": {
                "event_loops": f.p99[0], "thread_pool": f.p99[1],
                "thread_per_request": f.p99[2], "goroutines": f.p99[3],
                "one_shard": f.fan_out.0, "sixteen_shards": f.fan_out.1,
            },
        },
        "this_machine": {
            "hardware_threads": threads,
            "speedup_measured": progress.measured.get("real-cores"),
            "amdahl_limit_for_fitted_fraction": progress.measured.get("serial-part"),
            "share_of_updates_lost_by_real_workers": progress.measured.get("sharing"),
        },
        "predictions": predicted.iter().map(|p| serde_json::json!({
            "step": p.step, "title": p.title, "said": p.guess, "answer": p.answer, "right": p.right,
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&json).unwrap_or_default()
}

#[function_component(SummaryView)]
pub fn summary_view(props: &SummaryProps) -> Html {
    let progress = &props.tour.progress;
    // Every step's figures and answer, as their runs give them (known at build time).
    let f = FIGURES;
    let predicted = use_memo(progress.clone(), |p| predictions(p, &TRUTHS));
    let speedup = progress.measured.get("real-cores");
    let limit = progress.measured.get("serial-part");
    let lost = progress.measured.get("sharing");
    let not_yet = |id: &str| {
        let step = STEPS.iter().position(|s| s.id == id).map_or(0, |i| i + 1);
        html! { <em>{ format!("(step {step} not measured yet)") }</em> }
    };
    let on_export = {
        let json = export(progress, &f, props.threads, &predicted);
        Callback::from(move |_| {
            crate::platform::save("interleave-tour.json", "application/json", &json)
        })
    };
    let on_print = Callback::from(|_| {
        if let Some(w) = crate::platform::window() {
            let _ = w.print();
        }
    });
    let right = predicted.iter().filter(|p| p.right == Some(true)).count();
    let judged = predicted.iter().filter(|p| p.right.is_some()).count();
    html! {
        <div class="tour-widget tour-summary" id="tour-widget" data-visible="1">
            <div class="table-wrap">
                <table class="summary" id="tour-summary">
                    <thead><tr>
                        <th></th>
                        <th scope="col">{ "Concurrency: taking turns" }</th>
                        <th scope="col">{ "Parallelism: at the same time" }</th>
                    </tr></thead>
                    <tbody>
                        <tr>
                            <th scope="row">{ "What it is" }</th>
                            <td>{ "Many tasks in progress, one core switching between them." }</td>
                            <td>{ "Many tasks (or pieces of one) running at the same instant, one per core." }</td>
                        </tr>
                        <tr>
                            <th scope="row">{ "What you saw" }</th>
                            <td>{ format!("One cook kept three orders going and finished them in {} ticks.", f.cooks.0) }</td>
                            <td>{ format!("Three cooks finished the same orders in {} ticks.", f.cooks.1) }</td>
                        </tr>
                        <tr>
                            <th scope="row">{ "Good for" }</th>
                            <td>{ format!("Work that waits: the waits overlap on one core, and 4 cores made the \
                                           requests only {:.2}\u{00d7} faster.", f.on_four.1) }</td>
                            <td>{ format!("Work that computes: 4 cores made the computing tasks {:.2}\u{00d7} faster.", f.on_four.0) }</td>
                        </tr>
                        <tr>
                            <th scope="row">{ "What it needs" }</th>
                            <td>{ format!("A scheduler and switches: with a quantum of 1 tick, {} switches took \
                                           the makespan from {} to {} ticks. And locks for what tasks share: one key \
                                           let {} thread in at once, a bowl of two keys {}.",
                                           f.switches.0, f.makespans.1, f.makespans.0, f.inside.0, f.inside.1) }</td>
                            <td>
                                { "Cores, and a job that splits. Your browser reports " }
                                <crate::components::status::Threads n={props.threads} />
                                { " hardware threads; " }
                                { match speedup {
                                    Some(s) => html! { <strong id="summary-speedup">{ format!("you measured {s:.2}\u{00d7}") }</strong> },
                                    None => not_yet("real-cores"),
                                } }
                                { "." }
                            </td>
                        </tr>
                        <tr>
                            <th scope="row">{ "What goes wrong" }</th>
                            <td>{ format!("Switching costs time, and a long turn makes short tasks wait: \
                                           quantum 20 responded in {:.1} ticks on average, quantum 1 in {:.1}. Shared \
                                           state breaks: {} of {} interleavings lost an update, and {} of {} runs that \
                                           take two locks in opposite orders deadlocked.",
                                          f.responses.1, f.responses.0, f.lost.0, f.lost.1, f.deadlocks.0, f.deadlocks.1) }</td>
                            <td>
                                { "The serial part caps it: " }
                                { match limit {
                                    Some(l) => html! { <strong id="summary-limit">{ format!("your fitted fraction allows at most {l:.1}\u{00d7}") }</strong> },
                                    None => not_yet("serial-part"),
                                } }
                                { " on a thousand cores. And workers that share memory lose updates: " }
                                { match lost {
                                    Some(l) => html! { <strong id="summary-lost">{ format!("yours lost {:.1} % of theirs", l * 100.0) }</strong> },
                                    None => not_yet("sharing"),
                                } }
                                { "." }
                            </td>
                        </tr>
                        <tr>
                            <th scope="row">{ "In a server" }</th>
                            <td>{ format!("Many requests in progress on few threads: goroutines kept the p99 at {} ticks, \
                                           event loops at {}, a pool of threads at {}, a thread per request at {}.",
                                          f.p99[3], f.p99[0], f.p99[1], f.p99[2]) }</td>
                            <td>{ format!("Requests spread over cores and servers; a query sent to 16 shards at once \
                                           waits for the slowest, and its p99 grew from {} ticks on one shard to {}.",
                                          f.fan_out.0, f.fan_out.1) }</td>
                        </tr>
                    </tbody>
                </table>
            </div>
            <h2 class="sub">{ format!("Your predictions: {right} of {judged} right") }</h2>
            if predicted.is_empty() {
                <p>{ "You have not predicted anything yet: each step asks before it shows." }</p>
            } else {
                <div class="table-wrap">
                    <table class="tour-figures" id="tour-predictions">
                        <thead><tr><th scope="col">{ "Step" }</th><th scope="col">{ "You said" }</th>
                            <th scope="col">{ "The answer" }</th><th scope="col"></th></tr></thead>
                        <tbody>
                            { for predicted.iter().map(|p| html! {
                                <tr data-step={p.step.to_string()}>
                                    <th scope="row">{ format!("{}. {}", p.step, p.title) }</th>
                                    <td>{ p.guess.clone().unwrap_or_else(|| "(shown)".into()) }</td>
                                    <td>{ p.answer.clone().unwrap_or_else(|| "(not measured)".into()) }</td>
                                    <td class={classes!((p.right == Some(true)).then_some("agree"))}>
                                        { match p.right { Some(true) => "\u{2713}", Some(false) => "\u{2717}", None => "" } }
                                    </td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
            <div class="actions">
                <button type="button" id="tour-export" onclick={on_export}>{ "Export as JSON" }</button>
                <button type="button" id="tour-print" onclick={on_print}>{ "Print" }</button>
            </div>
        </div>
    }
}
