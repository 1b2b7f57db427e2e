//! A step of servers: designs compared by the latency of the same requests, one table
//! for each workload, the p99 drawn as a bar and the lowest marked; computed by the
//! simulator when the step opens, shown once the question is answered.

use std::rc::Rc;

use interleave_lessons::tour::Group;
use interleave_sim::latency::Latency;
use yew::prelude::*;

use super::state::Tour;
use crate::systems::significant;
use crate::text::group;

#[derive(Properties, PartialEq)]
pub struct ServersProps {
    pub tour: Rc<Tour>,
    pub groups: &'static [Group],
}

#[function_component(ServersView)]
pub fn servers_view(props: &ServersProps) -> Html {
    let tour = &props.tour;
    let visible = tour.visible();
    let outcome = &tour.runs.outcome;
    let setup = html! {
        <details class="tour-setup" open={!tour.revealed()}>
            <summary>{ "The requests and the first design, in the scenario language" }</summary>
            <pre class="tour-scenario">{ outcome.scenarios.first().map(ToString::to_string).unwrap_or_default() }</pre>
        </details>
    };
    let mut first = 0;
    let tables: Vec<Html> = props
        .groups
        .iter()
        .enumerate()
        .map(|(g, group_of)| {
            let runs = &outcome.latencies[first..first + group_of.ways.len()];
            first += group_of.ways.len();
            if g < visible {
                table(g, group_of, runs)
            } else {
                Html::default()
            }
        })
        .collect();
    html! {
        <div class="tour-widget tour-servers" id="tour-widget" data-visible={visible.to_string()}>
            { setup }
            if visible == 0 {
                <p class="tour-hidden">
                    { "The latencies show once you have predicted, or pressed \u{201c}Just show me\u{201d}." }
                </p>
            }
            { for tables }
        </div>
    }
}

/// One workload's designs: latency percentiles in ticks, throughput and memory.
fn table(g: usize, designs: &Group, runs: &[Latency]) -> Html {
    let top = runs.iter().map(|l| l.p99).max().unwrap_or(1).max(1) as f64;
    let best = runs.iter().map(|l| l.p99).min();
    html! {
        <>
        <h3 class="tour-caption" id={format!("tour-servers-{g}-caption")}>{ designs.caption }</h3>
        <div class="table-wrap">
            <table class="tour-figures tour-latency" id={format!("tour-servers-{g}")}
                aria-labelledby={format!("tour-servers-{g}-caption")}>
                <thead><tr>
                    <th scope="col">{ "Design" }</th>
                    <th scope="col"><abbr title="half the requests take at most this long, in ticks">{ "p50" }</abbr></th>
                    <th scope="col"><abbr title="99 requests in 100 take at most this long, in ticks">{ "p99" }</abbr></th>
                    <th scope="col"><abbr title="requests completed per tick">{ "Throughput" }</abbr></th>
                    <th scope="col"><abbr title="the most memory held by requests in progress at once">{ "Memory" }</abbr></th>
                </tr></thead>
                <tbody>
                    { for designs.ways.iter().zip(runs).map(|(way, l)| {
                        let lowest = Some(l.p99) == best;
                        html! {
                            <tr class={classes!(lowest.then_some("current"))} data-p99={l.p99.to_string()}>
                                <th scope="row">{ way.label }{ if lowest { " \u{2713}" } else { "" } }</th>
                                <td>{ l.p50 }</td>
                                <td class="count">
                                    <div class="meter">
                                        <span class="bar" style={format!("width: {:.1}%", 100.0 * l.p99 as f64 / top)}></span>
                                        <span class="n">{ l.p99 }</span>
                                    </div>
                                </td>
                                <td>{ significant(l.throughput) }</td>
                                <td>{ if l.peak_memory_kib == 0 { "\u{2014}".to_string() } else { format!("{} KiB", group(l.peak_memory_kib)) } }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
        </>
    }
}
