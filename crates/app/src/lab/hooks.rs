//! The scheduler lab's side effects, each a hook that watches the lab's state and
//! dispatches what it finds: the job handed to the simulator (which runs it in a
//! worker), the player's beat, the URL.

use std::rc::Rc;

use gloo_timers::callback::Interval;
use yew::prelude::*;

use super::engine::Tell;
use super::state::Action;
use super::{Lab, Query};
use crate::hooks::{use_latest, use_link};
use crate::own_worker::OwnWorker;
use crate::parts::Live;
use crate::url;

/// Runs the lab's job, if it has one, on a worker of its own, once the lab has its
/// simulator, which reads the run back a part at a time; its answers name its
/// generation. A newer job or a cancel drops the effect, which terminates the worker.
#[hook]
pub fn use_job(lab: &Lab) {
    let own = use_memo((), |_| OwnWorker::default());
    let latest = use_latest(lab.generation);
    let job = lab.job.clone().zip(lab.engine);
    let dispatcher = lab.dispatcher();
    use_effect_with(job.as_ref().map(|(job, _)| job.generation), move |_| {
        if let Some((job, engine)) = job {
            let own = own.clone();
            let generation = job.generation;
            let live: Live = Rc::new(move || latest.get() == generation);
            let tell: Tell = {
                let dispatcher = dispatcher.clone();
                Rc::new(move |action| dispatcher.dispatch(action))
            };
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(action) = (engine.simulate)(own, job, live, tell).await {
                    dispatcher.dispatch(action);
                }
            });
        }
        move || own.cancel()
    });
}

/// While the lab plays, a beat moves the cursor to the next event.
#[hook]
pub fn use_player(lab: &Lab) {
    let dispatcher = lab.dispatcher();
    use_effect_with(
        (lab.playing, lab.speed.to_bits()),
        move |&(playing, speed)| {
            let beat = playing.then(|| {
                Interval::new((500.0 / f64::from_bits(speed)) as u32, move || {
                    dispatcher.dispatch(Action::Beat)
                })
            });
            move || drop(beat)
        },
    );
}

/// The URL follows the last text that parsed, the cursor and the comparison.
#[hook]
pub fn use_url(lab: &Lab) {
    let deps = lab
        .good
        .clone()
        .map(|good| (good, lab.cursor, lab.compare.clone()));
    use_link(deps, false, |(text, t, with)| {
        if text.len() > url::LINK_TEXT {
            return None; // too large for a link; the Share button says so
        }
        Some(Query {
            s: Some(url::encode(text)),
            t: Some(*t),
            cmp: Some(with.as_ref().map_or(0, |w| w.cores)),
            cp: with
                .as_ref()
                .and_then(|w| w.policy.as_ref())
                .map(|p| p.short()),
            cs: with.as_ref().and_then(|w| w.switch),
        })
    });
}
