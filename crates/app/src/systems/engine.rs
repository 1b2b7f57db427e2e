//! A system lab's simulator: what reads a text, bounds its configurations, runs them
//! in slices, replicates them for queueing theory, sweeps the knob and draws what the
//! runs found. The lab reaches it only through [`Engine`], a table the page is handed
//! once the code is there: on the web that code is a module of its own (the
//! `systems_engine` split), fetched once the page works. Until then the lab's editor
//! and settings work, and the runs wait for it.

use std::rc::Rc;

use interleave_lessons::systems::{Configurations, Figures, Model, Study, SweepPoint};
use interleave_protocol::run;
use interleave_sim::latency::latency;
use interleave_sim::theory::{self, Theory};
use interleave_sim::{Diagnostic, Options, Scenario, Simulation, parse, parse_with};
use yew::prelude::*;

use super::charts::{Histogram, SweepChart, TimeSeries};
use super::figures::{FiguresTable, RunTimeline};
use super::state::{Job, Run, Runs, Systems, lab_limits};
use super::theory::TheoryView;
use crate::components::timeline::lanes::{Lanes, PAGE_TEXT, yield_to_browser};
use crate::own_worker::OwnWorker;
pub use crate::parts::{Later, Live};
use crate::pool::Workers;

/// A text's reading: its scenario, or where and why it does not read.
pub type Read = Result<Box<Scenario>, Vec<Diagnostic>>;

/// The knob's value (if the text sets it) and the seed a text says.
pub type Written = (Option<u32>, u64);

/// What a lab runs its workload with: the knob's value (None: as written) and the
/// model compared with, if any.
#[derive(Clone, Copy)]
pub struct Setting {
    pub study: &'static Study,
    pub knob: Option<u32>,
    pub model: Option<&'static Model>,
}

/// Where a sweep hands each point.
pub type OnPoint = Rc<dyn Fn(SweepPoint)>;

/// The simulator's entries, each a plain function.
#[derive(Clone, Copy)]
pub struct Engine {
    /// The knob's value and the seed a text says, if it reads (and is short enough to
    /// read on the page).
    pub written: fn(&'static Study, &str) -> Option<Written>,
    /// A text read within the lab's limits.
    pub read: fn(&str) -> Read,
    /// A text too long to read on the page, read by a worker of its own.
    pub read_in_worker: fn(Rc<OwnWorker>, Rc<str>) -> Later<Read>,
    /// A scenario's configurations at the knob's value and with the model compared
    /// with, or why they are too large for the lab.
    pub configure: fn(Setting, &Scenario) -> Result<Configurations, String>,
    /// A job's configurations run in slices, one after the other.
    pub run: fn(Job, Live) -> Later<Runs>,
    /// Queueing theory beside a configuration: the assumption that fails, or the
    /// model's figures once its replications have run, one per slice.
    pub theory: fn(Rc<Configurations>, Live) -> Later<Result<Theory, String>>,
    /// The knob's sweep over all its values (the setting's own aside), a point per
    /// slice, each handed on: why it stopped before its last value, if it did.
    pub sweep: fn(Setting, Rc<Scenario>, Live, OnPoint) -> Later<Option<String>>,
    /// The runs drawn: their figures, theory, charts, sweep and timelines.
    pub results: fn(&Systems) -> Html,
}

/// The engine, handed over by value (its functions' addresses).
pub const ENGINE: Engine = Engine {
    written,
    read,
    read_in_worker,
    configure,
    run: run_job,
    theory: replicate,
    sweep,
    results,
};

/// The engine, once the page has it.
pub type Loaded = crate::parts::Loaded<Engine>;

fn written(study: &'static Study, text: &str) -> Option<Written> {
    // A text too long to read here says its knob and seed once a worker has read it.
    let s = (text.len() <= PAGE_TEXT).then(|| parse(text).ok())??;
    Some(((study.knob.read)(&s), s.seed))
}

fn read(text: &str) -> Read {
    // Bounded by the lab's limits: a run too large for it is refused where its events
    // come from.
    parse_with(text, &lab_limits())
        .map(Box::new)
        .map_err(|e| e.0)
}

fn read_in_worker(own: Rc<OwnWorker>, text: Rc<str>) -> Later<Read> {
    Box::pin(async move {
        let answer = own
            .run(async move |worker: &mut Workers| worker.parse(&text, lab_limits()).await)
            .await;
        let read = match answer {
            Ok(None) => return None, // superseded
            Ok(Some(Ok(words))) => run::words_scenario(&words.to_vec()).map(|s| Ok(Box::new(s))),
            Ok(Some(Err(diagnostics))) => Ok(Err(diagnostics)),
            Err(message) => Err(message),
        };
        Some(read.unwrap_or_else(|message| {
            let message = format!("The text could not be read in a worker: {message}");
            Err(vec![Diagnostic {
                line: 1,
                col: 1,
                message,
            }])
        }))
    })
}

fn configure(setting: Setting, scenario: &Scenario) -> Result<Configurations, String> {
    let Setting { study, knob, model } = setting;
    let runs = study.configurations(scenario, knob, model);
    // The knob's value and the other model change the run: bounded too.
    match study.refusal(&runs, knob, model, &lab_limits()) {
        Some(why) => Err(why),
        None => Ok(runs),
    }
}

/// Runs one configuration in slices (None if superseded first).
async fn one(label: String, scenario: &Scenario, live: impl Fn() -> bool) -> Option<Rc<Run>> {
    let lanes = Lanes::run_sliced(scenario, live).await?;
    // The figures from the scenario as written: lowered, its thread cap is just a lock.
    let latency = latency(scenario, &lanes.report);
    Some(Rc::new(Run {
        label,
        lanes: Rc::new(lanes),
        latency,
    }))
}

fn run_job(job: Job, live: Live) -> Later<Runs> {
    Box::pin(async move {
        let a = one(job.labels.0.clone(), &job.runs.a, || live()).await?;
        let b = match job.runs.b.as_ref().zip(job.labels.1.clone()) {
            Some((b, label)) => Some(one(label, b, || live()).await?),
            None => None,
        };
        Some(Runs { a, b })
    })
}

fn replicate(runs: Rc<Configurations>, live: Live) -> Later<Result<Theory, String>> {
    Box::pin(async move {
        let s = &runs.a;
        let queue = match theory::queue_of(s) {
            Err(why) => return Some(Err(why)),
            Ok(queue) => queue,
        };
        let mut samples = Vec::new();
        for r in 0..theory::REPLICATIONS {
            yield_to_browser().await;
            if !live() {
                return None;
            }
            samples.push(theory::replicate(s, &queue, r));
        }
        Some(Ok(theory::summarize(s, &queue, &samples)))
    })
}

fn sweep(
    setting: Setting,
    scenario: Rc<Scenario>,
    live: Live,
    point: OnPoint,
) -> Later<Option<String>> {
    let Setting { study, model, .. } = setting;
    Box::pin(async move {
        for &value in study.knob.values {
            yield_to_browser().await;
            if !live() {
                return None;
            }
            let runs = match study.sweep_point(&scenario, value, model, &lab_limits()) {
                Ok(runs) => runs,
                Err(why) => return Some(Some(why)),
            };
            let a = figures(&runs.a, &live).await?;
            let b = match &runs.b {
                Some(b) => Some(figures(b, &live).await?),
                None => None,
            };
            point(SweepPoint { value, a, b });
        }
        Some(None)
    })
}

/// Events a slice of a sweep's run simulates: a few milliseconds on a phone.
const SWEEP_SLICE: u64 = 20_000;

/// A sweep point's figures, its run simulated without a trace a slice at a time, a
/// yield to the browser before each (none once superseded).
async fn figures(scenario: &Scenario, live: &Live) -> Option<Figures> {
    let mut sim = Simulation::new(scenario, Options { trace: false });
    loop {
        yield_to_browser().await;
        if !live() {
            return None;
        }
        if sim.advance(SWEEP_SLICE) {
            break;
        }
    }
    let (report, _) = sim.finish_written_out();
    Some(Figures::from(&latency(scenario, &report)))
}

fn results(lab: &Systems) -> Html {
    let Some(r) = &lab.runs else {
        return Html::default();
    };
    let study = lab.study;
    html! {
        <>
            <FiguresTable a={r.a.clone()} b={r.b.clone()} />
            <TheoryView theory={lab.theory.clone()} pending={lab.job.is_some()} />
            <div class="systems-charts">
                <Histogram a={r.a.latency.histogram.clone()} b={r.b.as_ref().map(|b| b.latency.histogram.clone())} />
                <TimeSeries a={r.a.latency.series.clone()} b={r.b.as_ref().map(|b| b.latency.series.clone())} />
            </div>
            <h2>{ format!("Sweep: {}", study.knob.label) }</h2>
            if lab.sweep.running {
                <p class="progress-line" role="status">{ format!("Sweeping: {} of {} values run\u{2026}", lab.sweep.points.len(), study.knob.values.len()) }</p>
            }
            if let Some(why) = &lab.sweep.stopped {
                <p class="notice" id="sweep-refused" role="status">{ why }</p>
            }
            <div id="systems-sweep" data-points={lab.sweep.points.len().to_string()} data-done={(!lab.sweep.running).to_string()}>
            <SweepChart points={lab.sweep.points.clone()} knob={study.knob.label} chosen={lab.chosen_knob()}
                b_label={r.b.as_ref().map(|b| AttrValue::from(b.label.clone()))} />
            </div>
            <h2>{ "Timelines" }</h2>
            <RunTimeline run={r.a.clone()} />
            if let Some(b) = &r.b {
                <RunTimeline run={b.clone()} />
            }
        </>
    }
}
