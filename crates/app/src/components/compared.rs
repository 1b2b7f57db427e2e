//! A job timed on one worker and on all of them, as two bars on one scale.

use yew::prelude::*;

use crate::pool::Compared;

#[derive(Properties, PartialEq)]
pub struct TimesProps {
    pub compared: Compared,
    /// The workers of the second run.
    pub workers: u32,
}

#[function_component(Times)]
pub fn times(props: &TimesProps) -> Html {
    let c = &props.compared;
    let longest = c.alone_ms.max(c.parallel_ms).max(1e-9);
    let row = |label: String, class: &'static str, ms: f64| {
        html! {
            <div class="time-row" role="row">
                <span role="rowheader">{ label }</span>
                <span class="bar-track" role="cell">
                    <span class={classes!("bar", class)} style={format!("width: {:.1}%", 100.0 * ms / longest)}></span>
                </span>
                <span class="ms" role="cell">{ format!("{ms:.0} ms") }</span>
            </div>
        }
    };
    html! {
        <div class="times" role="table" aria-label="Times">
            { row("1 worker".into(), "one", c.alone_ms) }
            { row(format!("{} workers", props.workers), "many", c.parallel_ms) }
        </div>
    }
}
