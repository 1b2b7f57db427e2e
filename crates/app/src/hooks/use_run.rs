//! Work a reducer accepted, done on the page's event loop: a run, a sweep, a probe.

use std::future::Future;

use yew::prelude::*;

/// Runs `job` once for each new `number` a lesson's reducer hands out. The learner's
/// press goes through the reducer, which numbers it or refuses it (a run is already
/// under way); this hook does the work it accepted, and the job reports back by
/// dispatching. Number 0 is "nothing asked yet".
#[hook]
pub fn use_run<J, F>(number: u32, job: J)
where
    J: FnOnce(u32) -> F + 'static,
    F: Future<Output = ()> + 'static,
{
    use_effect_with(number, move |&number| {
        if number > 0 {
            wasm_bindgen_futures::spawn_local(job(number));
        }
    });
}
