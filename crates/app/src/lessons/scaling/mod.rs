//! Lesson "How far does it scale?": a thread-count sweep of a real kernel on the
//! visitor's cores (1 worker up to a few more than the cores measured), in shared
//! memory and in message passing, several runs each after a warm-up; time, speedup
//! and efficiency charts with Amdahl's and Gustafson's laws on top, the serial
//! fraction fitted to the measurements, and the pieces coloured live by the worker that
//! computed them. Before any of it, a calibrated probe measures how many workers really
//! run at once. Settings live in the URL query.

use std::rc::Rc;

use interleave_par::Kernel;
use interleave_par::scaling::{self, Row};
use yew::prelude::*;

use crate::components::chart::{Chart, Point as ChartPoint, Series, curve};
use crate::lessons::kernels;
use crate::lessons::settings::on_field;
use crate::platform::Platform;
use crate::pool::Mode;
use controls::Controls;
use hooks::{kept_probe, use_probe, use_sweep};
use live::LiveTiles;
use probe::{ProbePanel, StatusLine};
use results::Results;
use state::{
    Action, Curve, Live, Probe, Query, REPS, Replays, SERIAL, Scaling, Settings, Status, Sweep,
    curves, replays, to_csv, to_json, upto_choices,
};

mod controls;
mod hooks;
mod live;
mod probe;
mod results;
mod run;
pub(crate) mod state;

/// What every run's value was, in words.
fn answer(kernel: Kernel, size: u64, value: u64) -> String {
    let (before, figure, after) = kernels::answer(kernel, size, value);
    format!("Every run: {before}{figure}{after}.")
}

#[function_component(ScalingLesson)]
pub fn scaling_lesson() -> Html {
    let platform = use_context::<Rc<Platform>>().expect("platform context");
    let (query, save) = crate::lessons::settings::use_settings::<Query>("scaling");
    let lesson = use_reducer(|| Scaling::new(kept_probe()));
    use_probe(&lesson, platform.hardware_threads);
    use_sweep(&lesson);
    let cores = lesson.cores(platform.hardware_threads);
    let settings = Settings::from_query(&query, &platform, cores);

    let update = move |next: Settings| save.emit(next.to_query());
    let on_law = on_field(settings, update.clone(), |s, v| {
        v.parse().ok().map(|law_pct| Settings { law_pct, ..s })
    });
    let act = |action: fn(Settings) -> Action| {
        let lesson = lesson.dispatcher();
        Callback::from(move |_: MouseEvent| lesson.dispatch(action(settings)))
    };
    let (on_run, on_cancel, on_measure) = (
        act(Action::Sweep),
        act(|_| Action::Cancel),
        act(|_| Action::Measure),
    );

    let (sweep, probe) = (&lesson.sweep, &lesson.probe);
    let busy = sweep.busy();
    let curves = curves(sweep, cores);
    // Simulated once per configuration measured, not at every piece drawn.
    let replays = {
        let (sweep, curves) = (Rc::clone(sweep), curves.clone());
        use_memo((sweep.number, sweep.points.len(), cores), move |_| {
            replays(&sweep, &curves, cores)
        })
    };
    html! {
        <section class="lab scaling-lab" aria-label="Experiment" data-sweeps={sweep.number.to_string()}>
            <ProbePanel probe={probe.figure.clone()} probing={probe.busy} error={probe.error.clone()}
                hint={platform.hardware_threads} onmeasure={on_measure} disabled={busy} />
            <Controls {settings} {cores} {busy} on_change={Callback::from(update.clone())} {on_run} {on_cancel} />
            if !platform.isolated {
                <p class="mode-note" id="shared-unavailable">
                    { "Message passing only: shared memory needs a cross-origin isolated page, and this one is not" }
                    { if platform.embedded { " (it is embedded in another page)." } else { "." } }
                    <crate::components::isolate::IsolateOffer />
                </p>
            }
            <StatusLine sweep={Rc::clone(sweep)} />
            <LiveTiles kernel={settings.kernel} pieces={settings.pieces()} size={settings.size} live={sweep.live.clone()}
                serial={sweep.settings.map_or(0, |s| s.serial_items())} />
            if !curves.is_empty() {
                <Results sweep={Rc::clone(sweep)} curves={curves} replays={replays} cores={cores}
                    law={settings.law_pct} onlaw={on_law} probe={probe.figure.clone()} />
            }
        </section>
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
