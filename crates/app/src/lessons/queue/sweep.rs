//! The sweep of the first group's consumers: throughput against consumers, the
//! partitions marked (past them, consumers add nothing), and a row per point.

use interleave_sim::messaging::SweepRow;
use yew::prelude::*;

use crate::components::chart::{Chart, Point, Series};
use crate::systems::significant;

#[derive(Properties, PartialEq)]
pub struct QueueSweepProps {
    pub rows: Vec<SweepRow>,
    /// Points the sweep will have, and whether it is over.
    pub all: usize,
    pub done: bool,
    /// The consumers of the run above.
    pub chosen: Option<u32>,
}

#[function_component(QueueSweep)]
pub fn queue_sweep(props: &QueueSweepProps) -> Html {
    let rows = &props.rows;
    let partitions = rows.first().map_or(1, |r| r.partitions);
    let x_max = props.all.max(2) as f64;
    let points = rows
        .iter()
        .map(|r| Point::at(f64::from(r.consumers), r.throughput))
        .collect();
    let series = vec![Series {
        name: "throughput".into(),
        class: "s-g0",
        points,
        markers: true,
        dashed: false,
    }];
    html! {
        <div id="queue-sweep" data-points={rows.len().to_string()} data-done={props.done.to_string()}>
            if !props.done {
                <p class="progress-line" role="status">{ format!("Sweeping: {} of {} runs\u{2026}", rows.len(), props.all) }</p>
            }
            <Chart title="Throughput against consumers" unit="messages per tick" {series} {x_max}
                x_name="consumers" y_min_top={0.0}
                mark={Some((f64::from(partitions), AttrValue::from(format!("{partitions} partitions"))))} />
            <div class="table-wrap" tabindex="0" role="region" aria-label="The sweep's table">
            <table class="sweep-table">
                <caption>{ format!("The first group with 1 to {} consumers; the queue has {partitions} partitions", props.all) }</caption>
                <thead><tr>
                    <th scope="col">{ "Consumers" }</th>
                    <th scope="col">{ "Reading" }</th>
                    <th scope="col">{ "Throughput / tick" }</th>
                    <th scope="col">{ "p99 latency" }</th>
                    <th scope="col">{ "Most lag" }</th>
                </tr></thead>
                <tbody>
                    { for rows.iter().map(|r| html! {
                        <tr class={classes!("sweep-row", (Some(r.consumers) == props.chosen).then_some("chosen"))}
                            data-consumers={r.consumers.to_string()} data-partitions={r.partitions.to_string()}
                            data-throughput={r.throughput.to_string()}>
                            <th scope="row">{ r.consumers }</th>
                            <td>{ r.consumers.min(r.partitions) }</td>
                            <td>{ significant(r.throughput) }</td>
                            <td>{ r.p99 }</td>
                            <td>{ r.peak_lag }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
        </div>
    }
}
