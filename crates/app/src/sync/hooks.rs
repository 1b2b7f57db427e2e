//! The synchronisation lab's link: the URL follows what is on screen.

use yew::prelude::*;

use super::{LINK_TEXT, Lab, Query};
use crate::hooks::use_link;
use crate::url;
use interleave_sim::program::schedule_to_text;

/// The URL follows what is on screen.
#[hook]
pub(super) fn use_url(lab: &Lab) {
    let id = lab.current().map(|l| l.id);
    let deps = (
        id,
        lab.text.clone(),
        lab.play.clone(),
        lab.bound,
        lab.edited(),
    );
    use_link(Some(deps), true, |(id, text, play, bound, edited)| {
        Some(Query {
            level: Some((*id)?.to_string()),
            s: (!play.history.is_empty()).then(|| schedule_to_text(&play.history)),
            at: (play.cursor < play.history.len()).then_some(play.cursor),
            bound: *bound,
            src: (*edited && text.len() <= LINK_TEXT).then(|| url::encode(text)),
        })
    });
}
