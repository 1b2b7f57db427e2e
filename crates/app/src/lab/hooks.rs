//! The scheduler lab's side effects, each a hook that watches the lab's state and
//! dispatches what it finds: the job run in a worker, the player's beat, the URL.

use std::rc::Rc;

use gloo_timers::callback::Interval;
use yew::prelude::*;

use super::state::Action;
use super::{Lab, Query};
use crate::components::timeline::lanes::{Lanes, limits};
use crate::hooks::use_link;
use crate::own_worker::OwnWorker;
use crate::pool::Workers;
use crate::url;

/// Runs the lab's job, if it has one, on a worker of its own, and reads its run a part
/// at a time; its answers name its generation. A newer job or a cancel drops the
/// effect, which terminates the worker.
#[hook]
pub fn use_job(lab: &Lab) {
    let own = use_memo((), |_| OwnWorker::default());
    let latest = use_mut_ref(|| 0u64);
    *latest.borrow_mut() = lab.generation;
    let job = lab.job.as_ref().map(|j| (j.generation, j.text.clone()));
    let dispatcher = lab.dispatcher();
    use_effect_with(job.as_ref().map(|j| j.0), move |_| {
        if let Some((generation, text)) = job {
            let own = own.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let progress = {
                    let dispatcher = dispatcher.clone();
                    move |done, all| {
                        dispatcher.dispatch(Action::Progress {
                            generation,
                            done,
                            all,
                        })
                    }
                };
                let answer = own
                    .run(async move |worker: &mut Workers| {
                        worker.simulate(&text, limits(), progress).await
                    })
                    .await;
                let live = || *latest.borrow() == generation;
                let action = match answer {
                    Ok(None) => return, // cancelled
                    Ok(Some(Ok(words))) => match Lanes::from_words(&words, live).await {
                        Ok(None) => return, // superseded while it was read
                        Ok(Some((lanes, written))) => Action::Ran {
                            generation,
                            lanes: Rc::new(lanes),
                            written,
                        },
                        Err(message) => Action::Failed {
                            generation,
                            message,
                        },
                    },
                    Ok(Some(Err(diagnostics))) => Action::Invalid {
                        generation,
                        diagnostics,
                    },
                    Err(message) => Action::Failed {
                        generation,
                        message,
                    },
                };
                dispatcher.dispatch(action);
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
