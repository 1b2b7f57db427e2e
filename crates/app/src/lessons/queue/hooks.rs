//! The lesson's effects: the sweep, a point at a time with the browser let in between,
//! and the link, which follows the text and the knob.

use interleave_sim::messaging::sweep_point;
use yew::prelude::*;

use super::state::{Action, QueueLab, own_text};
use super::{KEY, Query};
use crate::components::timeline::lanes::yield_to_browser;
use crate::hooks::{use_latest, use_link};
use crate::url;

type Lab = UseReducerHandle<QueueLab>;

/// Sweeps the first group's consumers over the lesson's values for each new scenario,
/// until done or superseded by a newer one.
#[hook]
pub(super) fn use_sweep(lab: &Lab) {
    let latest = use_latest(lab.generation);
    let dispatcher = lab.dispatcher();
    let (written, values) = (lab.written.clone(), lab.sweep_values());
    use_effect_with(lab.generation, move |&generation| {
        let Some(written) = written else { return };
        wasm_bindgen_futures::spawn_local(async move {
            let (m, seed) = &*written;
            for k in values {
                yield_to_browser().await;
                if latest.get() != generation {
                    return;
                }
                if let Some(row) = sweep_point(m, *seed, 0, k) {
                    dispatcher.dispatch(Action::Swept { generation, row });
                }
            }
            dispatcher.dispatch(Action::SweepEnded { generation });
        });
    });
}

/// The link carries the text (when it is not the lesson's own), the knob and the
/// comparison; the knob and the comparison are saved too, for the next visit.
#[hook]
pub(super) fn use_url(lab: &Lab) {
    use_effect_with((lab.consumers, lab.compare), |&(k, vs)| {
        let vs = vs.map(str::to_string);
        crate::storage::save_settings(KEY, &Query { s: None, k, vs });
    });
    let deps = (lab.evaluated.clone()).map(|text| (text, lab.consumers, lab.compare));
    use_link(deps, false, move |(text, consumers, compare)| {
        (text.len() <= url::LINK_TEXT).then(|| Query {
            s: (**text != *own_text()).then(|| url::encode(text)),
            k: *consumers,
            vs: compare.map(str::to_string),
        })
    });
}
