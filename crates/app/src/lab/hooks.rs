//! The scheduler lab's side effects, each a hook that watches the lab's state and
//! dispatches what it finds: the job run in slices, the player's beat, the URL.

use std::rc::Rc;

use gloo_timers::callback::Interval;
use yew::prelude::*;

use super::state::Action;
use super::{Lab, Query};
use crate::components::timeline::lanes::Lanes;
use crate::hooks::use_link;
use crate::url;

/// Runs the lab's job, if it has one, in slices; its answers name its generation. The
/// lab's generation is read at each slice, so a cancel or a newer text stops it.
#[hook]
pub fn use_job(lab: &Lab) {
    let latest = use_mut_ref(|| 0u64);
    *latest.borrow_mut() = lab.generation;
    let job = lab
        .job
        .as_ref()
        .map(|j| (j.generation, j.scenario.clone(), j.bound.clone()));
    let dispatcher = lab.dispatcher();
    use_effect_with(job.as_ref().map(|j| j.0), move |_| {
        if let Some((generation, scenario, bound)) = job {
            wasm_bindgen_futures::spawn_local(async move {
                let live = || *latest.borrow() == generation;
                let progress = |done, all| {
                    dispatcher.dispatch(Action::Progress {
                        generation,
                        done,
                        all,
                    })
                };
                if let Some(lanes) =
                    Lanes::run_sliced(&scenario, bound.as_ref(), live, progress).await
                {
                    dispatcher.dispatch(Action::Ran {
                        generation,
                        lanes: Rc::new(lanes),
                    });
                }
            });
        }
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
