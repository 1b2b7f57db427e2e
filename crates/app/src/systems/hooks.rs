//! The system labs' side effects, each a hook that watches the lab's state and
//! dispatches what it finds: a text too long for the page parsed in a worker, both
//! configurations run in slices, queueing theory's
//! replications one at a time, the knob's sweep a value at a time, and the URL.

use std::future::Future;
use std::rc::Rc;

use interleave_lessons::systems::{Figures, SweepPoint};
use interleave_protocol::run;
use interleave_sim::latency::latency;
use interleave_sim::theory;
use interleave_sim::{Diagnostic, Scenario};
use yew::prelude::*;

use super::state::{Action, Job, Parsing, Run, Runs, lab_limits};
use super::{Lab, Query};
use crate::components::timeline::lanes::{Lanes, yield_to_browser};
use crate::hooks::{use_latest, use_link};
use crate::own_worker::OwnWorker;
use crate::pool::Workers;
use crate::url;

/// Runs one configuration in slices (None if superseded first).
async fn run(label: String, scenario: &Scenario, live: impl Fn() -> bool) -> Option<Rc<Run>> {
    let lanes = Lanes::run_sliced(scenario, live).await?;
    // The figures from the scenario as written: lowered, its thread cap is just a lock.
    let latency = latency(scenario, &lanes.report);
    Some(Rc::new(Run {
        label,
        lanes: Rc::new(lanes),
        latency,
    }))
}

/// Starts `work` on each new job of the lab, with a check that the lab has not moved
/// on to a newer generation since.
#[hook]
fn use_job<F, Fut>(lab: &Lab, work: F)
where
    F: FnOnce(Job, Rc<dyn Fn() -> bool>) -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    let latest = use_latest(lab.generation);
    let job = lab.job.clone();
    use_effect_with(job.as_ref().map(|j| j.generation), move |_| {
        let Some(job) = job else { return };
        let generation = job.generation;
        let live: Rc<dyn Fn() -> bool> = Rc::new(move || latest.get() == generation);
        wasm_bindgen_futures::spawn_local(work(job, live));
    });
}

/// Runs the lab's job, both configurations in slices one after the other.
#[hook]
pub(super) fn use_runs(lab: &Lab) {
    let dispatcher = lab.dispatcher();
    use_job(lab, move |job, live| async move {
        let generation = job.generation;
        let Some(a) = run(job.labels.0.clone(), &job.runs.a, || live()).await else {
            return;
        };
        let b = match job.runs.b.as_ref().zip(job.labels.1.clone()) {
            Some((b, label)) => match run(label, b, || live()).await {
                Some(b) => Some(b),
                None => return,
            },
            None => None,
        };
        dispatcher.dispatch(Action::Ran {
            generation,
            runs: Runs { a, b },
        });
    });
}

/// Parses a text too long to parse on the page in a worker of its own, and hands the
/// scenario (or its errors) to the lab; a newer text or Cancel stops it.
#[hook]
pub(super) fn use_parse(lab: &Lab) {
    let own = use_memo((), |_| OwnWorker::default());
    let dispatcher = lab.dispatcher();
    let parsing = lab.parsing.clone();
    use_effect_with(parsing.as_ref().map(|p| p.generation), move |_| {
        if let Some(Parsing { generation, text }) = parsing {
            let own = own.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let answer = own
                    .run(async move |worker: &mut Workers| worker.parse(&text, lab_limits()).await)
                    .await;
                let read = match answer {
                    Ok(None) => return, // superseded
                    Ok(Some(Ok(words))) => {
                        run::words_scenario(&words.to_vec()).map(|s| Ok(Box::new(s)))
                    }
                    Ok(Some(Err(diagnostics))) => Ok(Err(diagnostics)),
                    Err(message) => Err(message),
                };
                let read = read.unwrap_or_else(|message| {
                    let message = format!("The text could not be read in a worker: {message}");
                    Err(vec![Diagnostic {
                        line: 1,
                        col: 1,
                        message,
                    }])
                });
                dispatcher.dispatch(Action::Parsed { generation, read });
            });
        }
        move || own.cancel()
    });
}

/// Queueing theory beside configuration A: at once the assumption that fails, or the
/// model's figures once its replications have run, one after each yield to the browser.
#[hook]
pub(super) fn use_theory(lab: &Lab) {
    let dispatcher = lab.dispatcher();
    use_job(lab, move |job, live| async move {
        let s = &job.runs.a;
        let theory = match theory::queue_of(s) {
            Err(why) => Err(why),
            Ok(queue) => {
                let mut samples = Vec::new();
                for r in 0..theory::REPLICATIONS {
                    yield_to_browser().await;
                    if !live() {
                        return;
                    }
                    samples.push(theory::replicate(s, &queue, r));
                }
                Ok(theory::summarize(s, &queue, &samples))
            }
        };
        let generation = job.generation;
        dispatcher.dispatch(Action::Theory { generation, theory });
    });
}

/// Once the runs are in, sweeps the knob's values one by one for A and B, each after a
/// yield to the browser, until done or superseded.
#[hook]
pub(super) fn use_sweep(lab: &Lab) {
    let latest = use_latest(lab.generation);
    let dispatcher = lab.dispatcher();
    let (study, model) = (lab.study, lab.model.and_then(|id| lab.study.model(id)));
    let scenario = lab.sweep.scenario.clone();
    use_effect_with(lab.sweep.generation, move |&generation| {
        let (Some(generation), Some(scenario)) = (generation, scenario) else {
            return;
        };
        wasm_bindgen_futures::spawn_local(async move {
            let live = || latest.get() == generation;
            let mut stopped = None;
            for &value in study.knob.values {
                yield_to_browser().await;
                if !live() {
                    return;
                }
                let runs = match study.sweep_point(&scenario, value, model, &lab_limits()) {
                    Ok(runs) => runs,
                    Err(why) => {
                        stopped = Some(why);
                        break;
                    }
                };
                let a = Figures::of(&runs.a);
                // A and B in two steps, a yield between them.
                let b = match &runs.b {
                    Some(b) => {
                        yield_to_browser().await;
                        if !live() {
                            return;
                        }
                        Some(Figures::of(b))
                    }
                    None => None,
                };
                dispatcher.dispatch(Action::Point {
                    generation,
                    point: SweepPoint { value, a, b },
                });
            }
            dispatcher.dispatch(Action::SweepEnded {
                generation,
                stopped,
            });
        });
    });
}

/// The URL carries what differs from the lab's own text and defaults.
#[hook]
pub(super) fn use_url(lab: &Lab) {
    let study = lab.study;
    let deps = lab
        .evaluated
        .clone()
        .map(|text| (text, lab.model, lab.knob));
    use_link(deps, false, move |(text, model, knob)| {
        (text.len() <= url::LINK_TEXT).then(|| Query {
            s: (**text != *study.text).then(|| url::encode(text)),
            vs: Some(model.unwrap_or("none").to_string()),
            k: *knob,
        })
    });
}
