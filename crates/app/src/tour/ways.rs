//! A step's workload run several ways: a switch between the ways, the chosen way's
//! timeline (played tick by tick once revealed), and the figures of every way shown
//! side by side; for the table step, each way placed by concurrent? and parallel?.

use std::rc::Rc;

use interleave_lessons::tour::{QUADRANTS, View, Way, quadrant};
use interleave_sim::Report;
use yew::prelude::*;

use super::state::{Action, Tour};
use crate::components::timeline::Timeline;

#[derive(Properties, PartialEq)]
pub struct WaysProps {
    pub tour: Rc<Tour>,
    pub ways: &'static [Way],
    pub view: View,
    pub act: Callback<Action>,
}

#[function_component(WaysView)]
pub fn ways_view(props: &WaysProps) -> Html {
    let tour = &props.tour;
    let visible = tour.visible();
    let setup = html! {
        <details class="tour-setup" open={!tour.revealed()}>
            <summary>{ "The workload, in the scenario language" }</summary>
            <pre class="tour-scenario">{ tour.runs.outcome.scenarios[0].to_string() }</pre>
        </details>
    };
    let Some(lanes) = tour.played() else {
        return html! {
            <div class="tour-widget" id="tour-widget" data-visible="0">
                { setup }
                <p class="tour-hidden">
                    { "The run shows once you have predicted, or pressed \u{201c}Just show me\u{201d}." }
                </p>
            </div>
        };
    };
    let way = tour.way();
    let end = lanes.end();
    let reports: Vec<&Report> = tour.runs.lanes[..visible]
        .iter()
        .map(|l| &l.report)
        .collect();
    let labels: Vec<&'static str> = props.ways.iter().map(|w| w.label).collect();
    let play = if tour.playing {
        html! { <button type="button" id="tour-pause" onclick={props.act.reform(|_| Action::Pause)}>{ "\u{23f8} Pause" }</button> }
    } else {
        html! { <button type="button" id="tour-play" onclick={props.act.reform(|_| Action::Play)}>
        { if tour.cursor >= end { "\u{25b6} Play again" } else { "\u{25b6} Play" } }</button> }
    };
    let view = (lanes.start as f64, end.max(lanes.start + 1) as f64 + 0.5);
    html! {
        <div class="tour-widget" id="tour-widget" data-visible={visible.to_string()} data-way={way.to_string()}
            data-makespan={lanes.report.makespan.to_string()}>
            { setup }
            <WaySwitch {labels} {visible} current={way} act={props.act.clone()} />
            if props.view == View::Quadrants {
                <Quadrants ways={props.ways} reports={reports.iter().map(|r| quadrant(r)).collect::<Vec<_>>()} current={way} />
            }
            <Timeline lanes={lanes.clone()} label={AttrValue::from(props.ways[way].label)} {view}
                cursor={tour.cursor} veil={tour.cursor < end}
                on_cursor={props.act.reform(Action::Cursor)} on_view={Callback::noop()}
                on_step={props.act.reform(Action::Step)} />
            <div class="tour-play">
                { play }
                <span class="tour-tick" aria-live="off">{ format!("tick {} of {end}", tour.cursor) }</span>
            </div>
            <Figures ways={props.ways} reports={reports.iter().map(|r| Figure::of(r)).collect::<Vec<_>>()} current={way} />
        </div>
    }
}

/// The figures of one run that the scheduling steps compare.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    makespan: u64,
    response: f64,
    waiting: f64,
    switches: u64,
    utilization: f64,
}

impl Figure {
    fn of(r: &Report) -> Figure {
        let a = r.averages();
        Figure {
            makespan: r.makespan,
            response: a.response,
            waiting: a.waiting,
            switches: r.context_switches,
            utilization: r.utilization(),
        }
    }
}

#[derive(Properties, PartialEq)]
struct FiguresProps {
    ways: &'static [Way],
    reports: Vec<Figure>,
    current: usize,
}

/// A row of figures: its name, what it means, and its value for a run.
type Row = (&'static str, &'static str, fn(&Figure) -> String);

/// Every visible way's figures side by side: one glance compares them.
#[function_component(Figures)]
fn figures(props: &FiguresProps) -> Html {
    let rows: [Row; 5] = [
        (
            "Makespan",
            "first arrival to last completion, in ticks",
            |f| f.makespan.to_string(),
        ),
        (
            "Avg response",
            "from arrival to the first tick on a core",
            |f| format!("{:.2}", f.response),
        ),
        ("Avg waiting", "ticks ready but not on a core", |f| {
            format!("{:.2}", f.waiting)
        }),
        ("Switches", "a core turning to another task", |f| {
            f.switches.to_string()
        }),
        ("Utilization", "busy core-ticks over all core-ticks", |f| {
            format!("{:.0} %", f.utilization * 100.0)
        }),
    ];
    html! {
        <div class="table-wrap">
            <table class="tour-figures" id="tour-figures">
                <thead><tr>
                    <th scope="col"></th>
                    { for props.reports.iter().enumerate().map(|(i, _)| html! {
                        <th scope="col" class={classes!((i == props.current).then_some("current"))}>{ props.ways[i].label }</th>
                    }) }
                </tr></thead>
                <tbody>
                    { for rows.iter().map(|(name, title, value)| html! {
                        <tr>
                            <th scope="row"><abbr title={*title}>{ *name }</abbr></th>
                            { for props.reports.iter().enumerate().map(|(i, f)| html! {
                                <td class={classes!((i == props.current).then_some("current"))}
                                    data-figure={name.to_lowercase().replace(' ', "-")}>{ value(f) }</td>
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct QuadrantsProps {
    ways: &'static [Way],
    /// Each visible way's place, an index into [`QUADRANTS`].
    reports: Vec<usize>,
    current: usize,
}

/// The table of concurrent? by parallel?, each run placed where its timeline says.
#[function_component(Quadrants)]
fn quadrants(props: &QuadrantsProps) -> Html {
    let cell = |place: usize| {
        html! {
            <td data-quadrant={place.to_string()}>
                <span class="quadrant-name">{ QUADRANTS[place] }</span>
                { for props.reports.iter().enumerate().filter(|(_, p)| **p == place).map(|(i, _)| html! {
                    <span class={classes!("chip", (i == props.current).then_some("current"))} data-way={i.to_string()}>{ props.ways[i].label }</span>
                }) }
            </td>
        }
    };
    html! {
        <div class="table-wrap">
            <table class="quadrants" id="tour-quadrants">
                <caption>{ "Where each run sits, read off its timeline: concurrent when two tasks were in progress at once, parallel when two ran at the same instant." }</caption>
                <thead><tr><th></th><th scope="col">{ "not concurrent" }</th><th scope="col">{ "concurrent" }</th></tr></thead>
                <tbody>
                    <tr><th scope="row">{ "not parallel" }</th>{ cell(0) }{ cell(1) }</tr>
                    <tr><th scope="row">{ "parallel" }</th>{ cell(2) }{ cell(3) }</tr>
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct SwitchProps {
    pub labels: Vec<&'static str>,
    /// The ways the learner may choose now (the rest wait for the answer).
    pub visible: usize,
    pub current: usize,
    pub act: Callback<Action>,
}

/// The switch between a step's ways; nothing when there is only one.
#[function_component(WaySwitch)]
pub fn way_switch(props: &SwitchProps) -> Html {
    if props.labels.len() < 2 {
        return Html::default();
    }
    html! {
        <div class="tour-ways" role="group" aria-label="Ways to run it">
            { for props.labels.iter().enumerate().map(|(i, label)| {
                let (hidden, current) = (i >= props.visible, i == props.current);
                html! {
                    <button type="button" class={classes!("way", current.then_some("current"))}
                        aria-pressed={current.to_string()} disabled={hidden} data-way={i.to_string()}
                        title={hidden.then_some("Predict first")}
                        onclick={props.act.reform(move |_| Action::Way(i))}>{ *label }</button>
                }
            }) }
        </div>
    }
}
