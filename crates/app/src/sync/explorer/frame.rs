//! The explorer's panel around its progress and results: its settings and buttons, the
//! same whether the explorer is there or still being fetched.

use interleave_sim::program::DEFAULT_MAX_STATES;
use yew::prelude::*;

use super::LIMITS;
use crate::text::group;

/// The settings and buttons of a search; the handlers are absent while the explorer is
/// still being fetched, and then every control is disabled.
pub(in crate::sync) struct Controls {
    pub bound: Option<u32>,
    pub limit: usize,
    pub running: bool,
    pub on_bound: Option<Callback<Event>>,
    pub on_limit: Option<Callback<Event>>,
    pub on_explore: Option<Callback<MouseEvent>>,
    pub on_cancel: Option<Callback<MouseEvent>>,
}

impl Controls {
    /// As they stand before the explorer has arrived: the page's settings, disabled.
    pub(in crate::sync) fn waiting(bound: Option<u32>) -> Controls {
        Controls {
            bound,
            limit: DEFAULT_MAX_STATES,
            running: false,
            on_bound: None,
            on_limit: None,
            on_explore: None,
            on_cancel: None,
        }
    }
}

/// The explorer's panel around `below` (its progress and results): the same whether
/// the explorer is there or still coming, so that its arrival moves nothing.
pub(in crate::sync) fn frame(c: Controls, below: Html) -> Html {
    let off = c.running || c.on_explore.is_none();
    html! {
        <section class="explorer" aria-labelledby="explorer-title" aria-busy={c.on_explore.is_none().then_some("true")}>
            <h2 id="explorer-title">{ "Let the explorer try every interleaving" }</h2>
            <div class="explore-controls">
                <label>
                    { "Preemptions " }
                    <select id="bound" onchange={c.on_bound} disabled={off}>
                        <option value="" selected={c.bound.is_none()}>{ "any number" }</option>
                        { for (0..=3u32).map(|b| html! {
                            <option value={b.to_string()} selected={c.bound == Some(b)}>{ format!("at most {b}") }</option>
                        }) }
                    </select>
                </label>
                <label>
                    { "Stop after " }
                    <select id="limit" onchange={c.on_limit} disabled={off}>
                        { for LIMITS.iter().map(|&n| html! {
                            <option value={n.to_string()} selected={c.limit == n}>{ format!("{} states", group(n as u64)) }</option>
                        }) }
                    </select>
                </label>
                <button type="button" class="primary" id="explore" onclick={c.on_explore} disabled={off}>{ "Explore" }</button>
                if c.running {
                    <button type="button" id="cancel-explore" onclick={c.on_cancel}>{ "Cancel" }</button>
                }
            </div>
            { below }
        </section>
    }
}
