//! The simulator's prediction beside a run measured on real workers: the runs' pieces
//! converted to the core's terms (`interleave_lessons::replay` builds the scenario,
//! simulates it and finds the gap's cause), and the view both multicore lessons show:
//! predicted and measured times, the error, the cause, and the scenario opened in the
//! scheduler lab.

use std::rc::Rc;

use interleave_lessons::replay::{Gap, Measured, OneWorker, Timing};
use interleave_par::Run;
use yew::prelude::*;

use crate::platform::Platform;

/// A run's pieces as the core reads them, in the order handed out.
fn timings(run: &Run) -> Vec<Timing> {
    run.pieces
        .iter()
        .map(|p| Timing {
            start_ms: p.start_ms,
            end_ms: p.end_ms,
        })
        .collect()
}

/// A run on one worker, `wall_ms` from request to result, its first piece the serial
/// part when `serial` says so.
pub fn one_worker(run: &Run, serial: bool, wall_ms: f64) -> Option<OneWorker> {
    OneWorker::measure(&timings(run), serial, wall_ms)
}

/// The prediction for a run on `workers` workers beside its measurement, or `None` if
/// the one-worker run cannot be simulated or the prediction is of no time.
pub fn replay(one: &OneWorker, at: Measured, cores: Option<u32>) -> Option<Gap> {
    let (_, predicted_ms) = one.predict(at.workers).ok()?;
    Gap::of(one, predicted_ms, at, cores)
}

/// The scheduler lab with the replay on `workers` cores, compared with one.
pub fn lab_link(one: &OneWorker, workers: u32) -> String {
    format!(
        "#/lesson/scheduler?s={}&cmp=1",
        crate::url::encode(&one.text(workers))
    )
}

/// `data-cause` of a gap: which cause the measurements put most of it on.
pub fn cause_key(gap: &Gap) -> &'static str {
    use interleave_lessons::replay::Cause;
    match gap.cause {
        Cause::Cores { .. } => "cores",
        Cause::Pieces { .. } => "pieces",
        Cause::Around { .. } => "around",
    }
}

#[derive(Properties, PartialEq)]
pub struct ReplayProps {
    pub one: Rc<OneWorker>,
    pub gap: Gap,
    #[prop_or(AttrValue::Static("replay"))]
    pub id: AttrValue,
    /// What was replayed, when the page shows more than one.
    #[prop_or_default]
    pub of: Option<AttrValue>,
}

/// The prediction beside the measurement, the cause of the gap, and the link.
#[function_component(Replay)]
pub fn replay_view(props: &ReplayProps) -> Html {
    let platform = use_context::<Rc<Platform>>().expect("platform context");
    let (one, gap) = (&props.one, &props.gap);
    let n = gap.workers;
    let pieces = one.pieces_ms.len() + usize::from(one.serial_ms.is_some());
    html! {
        <section class="replay" id={props.id.clone()} aria-label="The simulation of this run"
            data-workers={n.to_string()} data-predicted-ms={format!("{:.3}", gap.predicted_ms)}
            data-measured-ms={format!("{:.3}", gap.measured_ms)} data-error-pct={format!("{:.2}", gap.error_pct)}
            data-cause={cause_key(gap)} data-close={gap.close().to_string()}
            data-startup-ms={format!("{:.3}", one.startup_ms)}>
            <h2 class="sub">
                { "The simulator's prediction" }
                if let Some(of) = &props.of { { format!(", {of}") } }
            </h2>
            <p>
                { format!(
                    "From the {pieces} pieces timed on 1 worker (a hand-out of {:.2} ms before each next \
                     piece, {:.1} ms of start-up around them), the simulator predicts ",
                    one.handout_ms, one.startup_ms
                ) }
                <strong class="figure">{ format!("{:.0} ms", gap.predicted_ms) }</strong>
                { format!(" on {n} workers. They took ") }
                <strong class="figure">{ format!("{:.0} ms", gap.measured_ms) }</strong>
                { format!(": {:+.1} %.", gap.error_pct) }
            </p>
            <p class="cause">{ gap.sentence() }</p>
            <p>
                <a class="open-replay" href={lab_link(one, n)}
                    target={platform.embedded.then_some("_blank")} rel={platform.embedded.then_some("noopener")}>
                    { "Open it in the scheduler lab \u{2192}" }
                </a>
                { format!(" the simulation of what your machine just did, on {n} cores beside 1.") }
            </p>
        </section>
    }
}
