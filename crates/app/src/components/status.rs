//! The status line: what this page can honestly do, and what it has started.

use std::rc::Rc;

use yew::prelude::*;

use crate::platform::{Door, Platform};
use crate::pool::Mode;

/// What the lessons have started, shared with the status line.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Started {
    pub workers: Option<(Mode, u32)>,
}

pub type StartedHandle = UseStateHandle<Started>;

/// The status line. In the page the build renders (`Door`), its frame only, with the
/// id that `boot.js` fills it by: what this page can do is the browser's to say.
#[function_component(StatusLine)]
pub fn status_line() -> Html {
    if use_context::<Door>().is_some() {
        return html! {
            <p class="status-line" role="status" id="door-status">
                <span class="dot" aria-hidden="true"></span>
                <span class="isolation"></span>
                <span class="sep" aria-hidden="true">{ "·" }</span>
                <span class="threads"></span>
                <span class="sep" aria-hidden="true">{ "·" }</span>
                <span class="workers-started">{ "no workers started yet" }</span>
            </p>
        };
    }
    let platform = use_context::<Rc<Platform>>().expect("platform context");
    let started = use_context::<StartedHandle>()
        .map(|s| *s)
        .unwrap_or_default();
    let isolation = if platform.isolated {
        "Cross-origin isolated: shared-memory threads available"
    } else if platform.embedded {
        "Embedded, not cross-origin isolated: parallel work uses message passing"
    } else {
        "Not cross-origin isolated: parallel work uses message passing"
    };
    let workers = match started.workers {
        None => "no workers started yet".to_string(),
        Some((Mode::SharedMemory, n)) => format!("rayon pool of {n} threads started"),
        Some((Mode::MessagePassing, n)) => format!("{n} message-passing workers started"),
    };
    html! {
        <p class="status-line" role="status" data-isolated={platform.isolated.to_string()}>
            <span class={classes!("dot", platform.isolated.then_some("on"))} aria-hidden="true"></span>
            <span class="isolation">{ isolation }</span>
            <span class="sep" aria-hidden="true">{ "·" }</span>
            <span class="threads">{ format!("browser reports {} hardware threads", platform.hardware_threads) }</span>
            <span class="sep" aria-hidden="true">{ "·" }</span>
            <span class="workers-started">{ workers }</span>
        </p>
    }
}

#[derive(Properties, PartialEq)]
pub struct ThreadsProps {
    /// The hardware threads the browser reports.
    pub n: u32,
}

/// The hardware threads the browser reports, as a number in a sentence. In the page the
/// build renders (`Door`), an empty span that `boot.js` fills as the page is read.
#[function_component(Threads)]
pub fn threads(props: &ThreadsProps) -> Html {
    if use_context::<Door>().is_some() {
        html! { <span data-door-threads=""></span> }
    } else {
        html! { { props.n } }
    }
}
