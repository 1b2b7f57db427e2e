//! A run's figures: what each producer published, dropped and waited, and for each
//! group its consumers, throughput, latency percentiles, largest lag and Little's law.

use std::rc::Rc;

use interleave_sim::messaging::Flow;
use yew::prelude::*;

use crate::systems::{significant, significant_or};

#[derive(Properties, PartialEq)]
pub struct QueueFiguresProps {
    pub flow: Rc<Flow>,
    /// The run's element id (its groups' rows are `#<id> .queue-group`).
    pub id: AttrValue,
    /// Which run it is: as written, or compared.
    pub caption: AttrValue,
}

#[function_component(QueueFigures)]
pub fn queue_figures(props: &QueueFiguresProps) -> Html {
    let f = &props.flow;
    html! {
        <div id={props.id.clone()} class="queue-figures" data-accepted={f.accepted.to_string()} data-dropped={f.dropped.to_string()}>
            <p class="figures-line">
                { format!("{} messages accepted, {} dropped, over {} ticks; the queue held at most {}.",
                    f.accepted, f.dropped, f.duration, f.peak_depth) }
                { for f.producers.iter().map(|p| format!(" Producer \u{201c}{}\u{201d}: {} published, {} dropped, {} ticks blocked.",
                    p.name, p.published, p.dropped, p.blocked)) }
            </p>
            <div class="table-wrap" tabindex="0" role="region" aria-label={format!("{}: each group's figures", props.caption)}>
            <table class="figures-table">
                <caption>{ format!("{}: each consumer group (latency: accepted to processed, in ticks)", props.caption) }</caption>
                <thead><tr>
                    <th scope="col">{ "Group" }</th>
                    <th scope="col">{ "Consumers (reading)" }</th>
                    <th scope="col">{ "Processed" }</th>
                    <th scope="col">{ "Throughput / tick" }</th>
                    <th scope="col">{ "p50" }</th>
                    <th scope="col">{ "p90" }</th>
                    <th scope="col">{ "p99" }</th>
                    <th scope="col">{ "Max" }</th>
                    <th scope="col">{ "Most lag" }</th>
                    <th scope="col">{ "Little: L = \u{3bb} \u{d7} W" }</th>
                </tr></thead>
                <tbody>
                    { for f.groups.iter().map(|g| {
                        let l = &g.little;
                        html! {
                            <tr class="queue-group" data-group={g.name.clone()} data-processed={g.processed.to_string()}
                                data-throughput={g.throughput.to_string()} data-p99={g.p99.to_string()}
                                data-little-holds={l.holds().to_string()}>
                                <th scope="row">{ &g.name }</th>
                                <td>{ format!("{} ({})", g.consumers, g.reading) }</td>
                                <td>{ g.processed }</td>
                                <td>{ significant_or(g.throughput, "no time passed") }</td>
                                <td>{ g.p50 }</td>
                                <td>{ g.p90 }</td>
                                <td>{ g.p99 }</td>
                                <td>{ g.max }</td>
                                <td>{ g.peak_lag }</td>
                                <td>{ if [l.in_system, l.arrival_rate, l.time_in_system].iter().all(|v| v.is_finite()) {
                                    format!("{} = {} \u{d7} {} ({})", significant(l.in_system), significant(l.arrival_rate),
                                        significant(l.time_in_system), if l.holds() { "holds" } else { "does not hold" })
                                } else {
                                    "\u{2014} (no message went through)".to_string()
                                } }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            </div>
        </div>
    }
}
