//! The status line: what this page can honestly do, and what it has started.

use std::rc::Rc;

use yew::prelude::*;

use crate::platform::Platform;
use crate::pool::Mode;

/// What the lessons have started, shared with the status line.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Started {
    pub workers: Option<(Mode, u32)>,
}

pub type StartedHandle = UseStateHandle<Started>;

#[function_component(StatusLine)]
pub fn status_line() -> Html {
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
            <span>{ format!("browser reports {} hardware threads", platform.hardware_threads) }</span>
            <span class="sep" aria-hidden="true">{ "·" }</span>
            <span class="workers-started">{ workers }</span>
        </p>
    }
}
