//! The steps measured on the visitor's machine: on real cores, a kernel timed on one
//! worker, then on one worker per hardware thread (both times, the speedup, and the
//! pieces coloured by the worker that computed each); the serial part, the same job
//! with a serial quarter on 1, 2, ... workers (see `serial.rs`).

use std::rc::Rc;

use interleave_lessons::tour::Widget;
use interleave_par::Kernel;
use yew::prelude::*;

use super::engine::{Engine, no_play, no_runs};
use super::hooks::use_measure;
use super::serial::SerialResults;
use super::state::{Action, Measurement, Tour};
use super::step::StepProps;
use crate::components::compared::Times;
use crate::components::worker_timeline::WorkerTimeline;
use crate::text::group;

pub const ENGINE: Engine = Engine {
    // Nothing is simulated: the answer is measured.
    runs: no_runs,
    widget,
    lab,
    play: no_play,
};

fn widget(props: &StepProps) -> Html {
    let serial = match props.tour.current().widget {
        Widget::Serial { percent } => Some(percent),
        _ => None,
    };
    html! {
        <MeasuredView tour={props.tour.clone()} workers={props.workers} threads={props.threads}
            {serial} act={props.act.clone()} />
    }
}

/// The lesson "One core or two?" or "How far does it scale?" with the step's job.
fn lab(tour: &Tour, workers: u32) -> String {
    match tour.current().widget {
        Widget::Serial { percent } => format!(
            "#/lesson/scaling?kernel={}&size={SIZE}&modes=message&serial={percent}",
            KERNEL.key()
        ),
        _ => format!(
            "#/lesson/cores?kernel={}&size={SIZE}&workers={workers}&mode=message",
            KERNEL.key()
        ),
    }
}

/// The job: Monte Carlo points for pi, in even pieces (so that only the workers vary).
pub const KERNEL: Kernel = Kernel::Pi;
pub const SIZE: u64 = 30_000_000;

/// Pieces for `workers`: the points make even pieces, so a few per worker keep them
/// all busy, each long enough that its round trip costs little.
pub fn pieces(workers: u32) -> u32 {
    (workers * 4).max(8)
}

/// What the browser reports and why the run uses `workers`: one per hardware thread,
/// but at least two (on one hardware thread they take turns, and no speedup is
/// possible) and at most sixteen.
pub fn machine(threads: u32, workers: u32) -> String {
    let reports = format!(
        "Your browser reports {threads} hardware thread{}",
        if threads == 1 { "" } else { "s" }
    );
    if threads < 2 {
        format!(
            "{reports}: the {workers} workers take turns on it, so expect no speedup here \
             (about 1\u{00d7}); a machine with two would show about 2\u{00d7}."
        )
    } else if threads > workers {
        format!("{reports}; the step starts at most {workers} workers.")
    } else {
        format!("{reports}: one worker for each.")
    }
}

#[derive(Properties, PartialEq)]
pub struct MeasuredProps {
    pub tour: Rc<Tour>,
    /// Workers for the run: one per hardware thread, at least 2, at most 16.
    pub workers: u32,
    /// Hardware threads the browser reports.
    pub threads: u32,
    /// The serial part, in percent of the items (the serial-part step), or none.
    #[prop_or_default]
    pub serial: Option<u32>,
    pub act: Callback<Action>,
}

#[function_component(MeasuredView)]
pub fn measured_view(props: &MeasuredProps) -> Html {
    let (tour, n) = (&props.tour, props.workers);
    use_measure(tour, props.act.clone(), n);
    // The build's first state of the page knows no browser: the machine is said once
    // the app runs.
    let machine = use_context::<crate::platform::Door>()
        .is_none()
        .then(|| machine(props.threads, n));
    let job = format!(
        "The job: {} random points, counting those inside a quarter circle.",
        group(SIZE)
    );
    let plan = html! {
        <p class="tour-plan">
            { match props.serial {
                None => format!("{job} It runs in {} pieces on 1 worker, then on {n} workers \
                                 that share nothing and exchange messages.", pieces(n)),
                Some(pct) => format!("{job} One worker counts the first {pct} % alone, then the rest \
                                      is split over 1, 2, \u{2026} {n} workers."),
            } }
            if let Some(machine) = machine {
                { " " }<span id="tour-machine">{ machine }</span>
            }
        </p>
    };
    let again = html! {
        <button type="button" id="tour-measure" onclick={props.act.reform(|_| Action::Measure)}
            disabled={tour.measuring.busy}>{ "Run it again" }</button>
    };
    let body = match (tour.measurement(), &tour.measuring) {
        (_, m) if m.busy => html! {
            <p class="busy" role="status">{ format!("Measuring: 1 worker, then {n}\u{2026}") }</p>
        },
        (_, m) if m.error.is_some() => html! {
            <>
                <p class="error" role="alert">{ format!("The run failed: {}. Only this run is lost.", m.error.clone().unwrap_or_default()) }</p>
                { again }
            </>
        },
        (Some(m), _) => match &**m {
            Measurement::Cores { workers, compared } => {
                let estimate = 4.0 * compared.parallel.value as f64 / SIZE as f64;
                let speedup = compared.speedup();
                html! {
                    <div class="results" id="tour-measured" data-speedup={speedup.map(|s| format!("{s:.3}"))}
                        data-alone-ms={compared.alone_ms.to_string()} data-parallel-ms={compared.parallel_ms.to_string()}
                        data-workers={workers.to_string()} data-agree={compared.agree().to_string()}>
                        <Times compared={compared.clone()} workers={*workers} />
                        <p class="speedup">
                            if let Some(speedup) = speedup {
                                { "Speedup " }<strong class="figure">{ format!("{speedup:.2}\u{00d7}") }</strong>
                                { format!(" on {workers} workers") }
                            } else {
                                { "The run was too short to time on this machine, so its speedup cannot be said" }
                            }
                            { format!("; pi \u{2248} {estimate:.5}") }
                            if compared.agree() { <span class="agree">{ ", the same count both times" }</span> }
                            else { <span class="error">{ ", but the two runs counted differently" }</span> }
                        </p>
                        <WorkerTimeline run={compared.parallel.clone()} threads={*workers} />
                        { again }
                    </div>
                }
            }
            Measurement::Serial { .. } => html! {
                <>
                    <SerialResults measurement={m.clone()} percent={props.serial.unwrap_or(0)} />
                    { again }
                </>
            },
        },
        (None, _) if tour.revealed() => again,
        (None, _) => html! {
            <p class="tour-hidden">{ "It runs once you have predicted, or pressed \u{201c}Just show me\u{201d}." }</p>
        },
    };
    html! {
        <div class="tour-widget" id="tour-widget" data-visible={usize::from(tour.revealed()).to_string()}>
            { plan }
            { body }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::machine;

    /// The browser's own count is said, never the workers' in its place, and why the
    /// workers are as many as they are.
    #[test]
    fn the_machine_is_said_as_the_browser_reports_it() {
        assert_eq!(
            machine(1, 2),
            "Your browser reports 1 hardware thread: the 2 workers take turns on it, so \
             expect no speedup here (about 1\u{00d7}); a machine with two would show about 2\u{00d7}."
        );
        assert_eq!(
            machine(8, 8),
            "Your browser reports 8 hardware threads: one worker for each."
        );
        assert_eq!(
            machine(32, 16),
            "Your browser reports 32 hardware threads; the step starts at most 16 workers."
        );
    }
}
