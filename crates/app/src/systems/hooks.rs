//! The system labs' side effects, each a hook that watches the lab's state and
//! dispatches what it finds: a text too long for the page parsed in a worker, both
//! configurations run in slices, queueing theory's replications one at a time, the
//! knob's sweep a value at a time, and the URL. The work itself is the simulator's
//! ([`super::engine`]): a job exists only once the lab has it.

use std::future::Future;
use std::rc::Rc;

use yew::prelude::*;

use super::engine::{Live, Loaded, Setting};
use super::state::{Action, Job, Parsing};
use super::{Lab, Query};
use crate::hooks::{use_latest, use_link};
use crate::own_worker::OwnWorker;
use crate::url;

/// Starts `work` on each new job of the lab, with the simulator and a check that the
/// lab has not moved on to a newer generation since.
#[hook]
fn use_job<F, Fut>(lab: &Lab, work: F)
where
    F: FnOnce(Loaded, Job, Live) -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    let latest = use_latest(lab.generation);
    let job = lab.job.clone().zip(lab.engine);
    use_effect_with(job.as_ref().map(|(j, _)| j.generation), move |_| {
        let Some((job, engine)) = job else { return };
        let generation = job.generation;
        let live: Live = Rc::new(move || latest.get() == generation);
        wasm_bindgen_futures::spawn_local(work(engine, job, live));
    });
}

/// Runs the lab's job, both configurations in slices one after the other.
#[hook]
pub(super) fn use_runs(lab: &Lab) {
    let dispatcher = lab.dispatcher();
    use_job(lab, move |engine, job, live| async move {
        let generation = job.generation;
        if let Some(runs) = (engine.run)(job, live).await {
            dispatcher.dispatch(Action::Ran { generation, runs });
        }
    });
}

/// Parses a text too long to parse on the page in a worker of its own, and hands the
/// scenario (or its errors) to the lab; a newer text or Cancel stops it.
#[hook]
pub(super) fn use_parse(lab: &Lab) {
    let own = use_memo((), |_| OwnWorker::default());
    let dispatcher = lab.dispatcher();
    let parsing = lab.parsing.clone().zip(lab.engine);
    use_effect_with(parsing.as_ref().map(|(p, _)| p.generation), move |_| {
        if let Some((Parsing { generation, text }, engine)) = parsing {
            let own = own.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(read) = (engine.read_in_worker)(own, text).await {
                    dispatcher.dispatch(Action::Parsed { generation, read });
                }
            });
        }
        move || own.cancel()
    });
}

/// Queueing theory beside configuration A, once its replications have run.
#[hook]
pub(super) fn use_theory(lab: &Lab) {
    let dispatcher = lab.dispatcher();
    use_job(lab, move |engine, job, live| async move {
        let generation = job.generation;
        if let Some(theory) = (engine.theory)(job.runs, live).await {
            dispatcher.dispatch(Action::Theory { generation, theory });
        }
    });
}

/// Once the runs are in, sweeps the knob's values one by one for A and B, until done or
/// superseded.
#[hook]
pub(super) fn use_sweep(lab: &Lab) {
    let latest = use_latest(lab.generation);
    let dispatcher = lab.dispatcher();
    let setting = Setting {
        study: lab.study,
        knob: lab.knob,
        model: lab.model.and_then(|id| lab.study.model(id)),
    };
    let sweep = lab.sweep.scenario.clone().zip(lab.engine);
    use_effect_with(lab.sweep.generation, move |&generation| {
        let (Some(generation), Some((scenario, engine))) = (generation, sweep) else {
            return;
        };
        let live: Live = Rc::new(move || latest.get() == generation);
        let point = {
            let dispatcher = dispatcher.clone();
            Rc::new(move |point| dispatcher.dispatch(Action::Point { generation, point }))
        };
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(stopped) = (engine.sweep)(setting, scenario, live, point).await {
                dispatcher.dispatch(Action::SweepEnded {
                    generation,
                    stopped,
                });
            }
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
