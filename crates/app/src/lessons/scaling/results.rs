//! A sweep's results: the time, speedup and efficiency charts with the laws on top,
//! the table, and the exports.

use yew::prelude::*;

use super::*;
use crate::lessons::replayed::{Replay, lab_link};

#[derive(Properties, PartialEq)]
pub(super) struct ResultsProps {
    pub(super) sweep: Rc<Sweep>,
    pub(super) curves: Vec<Curve>,
    pub(super) replays: Rc<Vec<Replays>>,
    pub(super) cores: u32,
    /// The serial fraction of the law curves, in percent.
    pub(super) law: u32,
    pub(super) onlaw: Callback<InputEvent>,
    pub(super) probe: Option<Probe>,
}

fn series_class(mode: Mode) -> &'static str {
    match mode {
        Mode::SharedMemory => "s-shared",
        Mode::MessagePassing => "s-message",
    }
}

fn short(mode: Mode) -> &'static str {
    match mode {
        Mode::SharedMemory => "shared memory",
        Mode::MessagePassing => "message passing",
    }
}

/// A row's value on a chart, and the range of its runs.
type Figure = fn(&Row) -> (f64, Option<(f64, f64)>);

#[function_component(Results)]
pub(super) fn results(props: &ResultsProps) -> Html {
    let Some(settings) = props.sweep.settings else {
        return html! {};
    };
    let x_max = f64::from(settings.upto);
    let law = f64::from(props.law) / 100.0;
    let mark = Some((
        f64::from(props.cores),
        AttrValue::from(format!("{} cores measured", props.cores)),
    ));
    let measured = |value: Figure| -> Vec<Series> {
        props
            .curves
            .iter()
            .map(|c| Series {
                name: short(c.mode).into(),
                class: series_class(c.mode),
                points: c
                    .rows
                    .iter()
                    .map(|r| {
                        let (y, range) = value(r);
                        ChartPoint {
                            x: f64::from(r.workers),
                            y,
                            range,
                        }
                    })
                    .collect(),
                markers: true,
                dashed: false,
            })
            .collect()
    };
    let times = measured(|r| (r.time.median, Some((r.time.min, r.time.max))));
    let mut speedups = vec![
        Series::law("ideal", "law-ideal", curve(x_max, |p| p), true),
        Series::law(
            format!("Amdahl, {} % serial", props.law),
            "law-amdahl",
            curve(x_max, |p| scaling::amdahl(law, p)),
            false,
        ),
        Series::law(
            format!("Gustafson, {} % serial", props.law),
            "law-gustafson",
            curve(x_max, |p| scaling::gustafson(law, p)),
            false,
        ),
    ];
    let fitted_to = f64::from(props.cores.min(settings.upto)).max(2.0);
    for c in &props.curves {
        if let Some(f) = c.fit {
            speedups.push(Series::law(
                format!("fit to {}: {:.1} % serial", short(c.mode), f * 100.0),
                series_class(c.mode),
                curve(fitted_to, |p| scaling::amdahl(f, p)),
                true,
            ));
        }
    }
    speedups.extend(measured(|r| (r.speedup, Some(r.speedup_range))));
    let efficiency = measured(|r| (r.efficiency * 100.0, None));
    html! {
        <div class="results scaling-results" id="results" data-sweep={props.sweep.number.to_string()}
            data-points={props.curves.iter().map(|c| c.rows.len()).sum::<usize>().to_string()}>
            if let Some(value) = props.sweep.value {
                <p class="answer">{ answer(settings.kernel, settings.size, value) }</p>
            }
            <div class="charts">
                <Chart id="chart-time" title="Time of one run, median" unit="ms; bars: fastest to slowest run"
                    series={times} x_max={x_max} y_min_top={1.0} mark={mark.clone()} />
                <Chart id="chart-speedup" title="Speedup over one worker" unit="\u{00d7}; lines: the laws and the fits"
                    series={speedups} x_max={x_max} y_min_top={2.0} mark={mark.clone()} />
                <Chart id="chart-efficiency" title="Efficiency: speedup per worker" unit="%"
                    series={efficiency} x_max={x_max} y_min_top={100.0} mark={mark} />
            </div>
            <ul class="legend">
                { for props.curves.iter().map(|c| html! {
                    <li><span class={classes!("key", series_class(c.mode))}></span>{ format!("{} (measured)", short(c.mode)) }</li>
                }) }
                <li><span class="key law-ideal"></span>{ "ideal" }</li>
                <li><span class="key law-amdahl"></span>{ "Amdahl (fixed size)" }</li>
                <li><span class="key law-gustafson"></span>{ "Gustafson (size grows with the workers)" }</li>
            </ul>
            <div class="law-control">
                <label for="law">{ format!("Serial fraction of the law curves: {} %", props.law) }</label>
                <input id="law" type="range" min="0" max="50" step="1" value={props.law.to_string()} oninput={props.onlaw.clone()} />
            </div>
            <div class="fits" id="fits">
                { for props.curves.iter().map(|c| html! {
                    // The times the fit is made of (each worker count's median, up to the
                    // cores), for a check to make it again.
                    <p data-mode={c.mode.key()} data-fit={c.fit.map(|f| format!("{f:.4}")).unwrap_or_default()}
                        data-times={c.rows.iter().filter(|r| r.workers <= props.cores.max(1))
                            .map(|r| format!("{}:{}", r.workers, r.time.median)).collect::<Vec<_>>().join(",")}>
                        { format!("{}: ", capitalised(short(c.mode))) }
                        { match c.fit {
                            Some(f) => html! {
                                <>{ "the serial fraction that best explains the speedups up to the cores is " }
                                <strong>{ format!("{:.1} %", f * 100.0) }</strong>
                                { format!(" (least squares on Amdahl's law); Amdahl then caps the speedup at {}.",
                                    if f > 0.0 { format!("{:.1}\u{00d7}", 1.0 / f) } else { "nothing".into() }) }</>
                            },
                            None => html! { { "needs a point with two or more workers to fit the serial fraction." } },
                        } }
                    </p>
                }) }
                if settings.serial_pct > 0 {
                    <p>{ format!("The kernel ran its first {} % of items alone before the rest: a serial part you can see in the fit.", settings.serial_pct) }</p>
                }
                <p class="hint">{ "Gustafson's curve answers another question: how much more work the workers do in the same time when the problem grows with them. The points here keep the size fixed, which is Amdahl's setting." }</p>
            </div>
            <RunsTable curves={props.curves.clone()} replays={props.replays.clone()} cores={props.cores} />
            { for props.replays.iter().filter_map(|r| {
                // At the cores measured (or the most workers swept, if fewer): past
                // them, the workers only take turns.
                let n = props.cores.min(settings.upto);
                let gap = *r.gap(n)?;
                Some(html! {
                    <Replay one={Rc::clone(&r.one)} {gap} id={format!("replay-{}", r.mode.key())}
                        of={AttrValue::from(format!("{} on {n} workers", short(r.mode)))} />
                })
            }) }
            <p class="hint">{ "Overhead: the wall time of a run minus the span in which workers computed, that is, handing out work, messages and the wait for the last answer. Start-up: starting the workers (a new pool for each count in shared memory), not counted in the times. Rows past the measured cores are oversubscribed. Simulated: the pieces timed on one worker, with its hand-out and start-up, replayed by the simulator on as many cores as workers (open it in the scheduler lab), and how much longer the measured run took." }</p>
            <Exports sweep={props.sweep.clone()} curves={props.curves.clone()} probe={props.probe.clone()} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct TableProps {
    pub(super) curves: Vec<Curve>,
    pub(super) replays: Rc<Vec<Replays>>,
    pub(super) cores: u32,
}

/// Every configuration's figures, one row each; rows past the cores are marked.
#[function_component(RunsTable)]
fn runs_table(props: &TableProps) -> Html {
    let platform = use_context::<Rc<Platform>>().expect("platform context");
    let target = platform.embedded.then_some("_blank");
    html! {
        <div class="table-scroll">
            <table class="shares sweep-runs">
                <thead><tr>
                    <th scope="col">{ "Mode" }</th><th scope="col">{ "Workers" }</th><th scope="col">{ "Median" }</th>
                    <th scope="col">{ "Range" }</th><th scope="col">{ "Speedup" }</th><th scope="col">{ "Efficiency" }</th>
                    <th scope="col" title="(1/S - 1/p) / (1 - 1/p)">{ "Karp-Flatt" }</th>
                    <th scope="col" title="Wall time minus the span in which workers computed">{ "Overhead" }</th>
                    <th scope="col">{ "Start-up" }</th>
                    <th scope="col" title="The pieces timed on one worker, simulated on this many (open it in the scheduler lab), and how much longer the measured run took">{ "Simulated" }</th>
                </tr></thead>
                <tbody>
                    { for props.curves.iter().flat_map(|c| c.rows.iter().map(move |r| {
                        let replay = props.replays.iter().find(|p| p.mode == c.mode);
                        let gap = replay.and_then(|p| p.gap(r.workers));
                        html! {
                        <tr class={classes!((r.workers > props.cores).then_some("over"))}
                            data-mode={c.mode.key()} data-workers={r.workers.to_string()}
                            data-measured-ms={format!("{:.3}", r.time.median)}
                            data-predicted-ms={gap.map(|g| format!("{:.3}", g.predicted_ms))}>
                            <th scope="row"><span class={classes!("key", series_class(c.mode))}></span>{ format!(" {}", c.mode.key()) }</th>
                            <td>{ r.workers }</td>
                            <td>{ format!("{:.0} ms", r.time.median) }</td>
                            <td>{ format!("{:.0}..{:.0} ms", r.time.min, r.time.max) }</td>
                            <td>{ format!("{:.2}\u{00d7}", r.speedup) }</td>
                            <td>{ format!("{:.0} %", r.efficiency * 100.0) }</td>
                            <td>{ r.karp_flatt.map(|e| format!("{:.3}", e)).unwrap_or_else(|| "\u{2013}".into()) }</td>
                            <td>{ r.overhead.map(|o| format!("{:.1} ms", o.median)).unwrap_or_default() }</td>
                            <td>{ r.start_ms.map(|s| format!("{s:.0} ms")).unwrap_or_default() }</td>
                            <td class="simulated">{ match (replay, gap) {
                                (Some(p), Some(g)) => html! { <>
                                    <a href={lab_link(&p.one, r.workers)} {target} rel={target.map(|_| "noopener")}>{ format!("{:.0} ms", g.predicted_ms) }</a>
                                    { format!(" {:+.0} %", g.error_pct) }
                                </> },
                                _ => html! { { "\u{2013}" } },
                            } }</td>
                        </tr>
                    }})) }
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct ExportsProps {
    pub(super) sweep: Rc<Sweep>,
    pub(super) curves: Vec<Curve>,
    pub(super) probe: Option<Probe>,
}

/// The sweep as CSV (a line per timed run) and as JSON (everything, the probe too).
#[function_component(Exports)]
fn exports(props: &ExportsProps) -> Html {
    let csv = {
        let (curves, sweep) = (props.curves.clone(), props.sweep.clone());
        Callback::from(move |_| {
            crate::platform::save(
                "interleave-scaling.csv",
                "text/csv",
                &to_csv(&sweep, &curves),
            );
        })
    };
    let json = {
        let (curves, sweep, probe) = (
            props.curves.clone(),
            props.sweep.clone(),
            props.probe.clone(),
        );
        Callback::from(move |_| {
            crate::platform::save(
                "interleave-scaling.json",
                "application/json",
                &to_json(&sweep, &curves, probe.as_ref()),
            );
        })
    };
    html! {
        <div class="actions">
            <button type="button" id="export-csv" onclick={csv}>{ "Export CSV" }</button>
            <button type="button" id="export-json" onclick={json}>{ "Export JSON" }</button>
        </div>
    }
}
