//! A run prepared for the labs' views: its scenario written out, its report, and each
//! task's waits, made at once or a slice at a time (a run of millions of events never
//! holds the page for long).

use std::rc::Rc;

use interleave_protocol::run::{Decoder, Simulated};
use interleave_sim::timeline::{Gantt, Mark, Occupancy};
use interleave_sim::{
    Averages, Limits, Options, Policy, Report, Scenario, Simulation, Span, Tick, Waits,
};

/// The most tasks and steps a lab runs once its scenario is written out (requests
/// and spawned tasks counted): the core's own limit of tasks, and steps for three
/// each. A run this large is simulated in a worker; the command line runs up to
/// `Limits::default()`.
pub const LAB_TASKS: usize = 1_000_000;
pub const LAB_STEPS: usize = 3_000_000;

/// What the labs accept: the core's limits, with at most [`LAB_TASKS`] tasks and
/// [`LAB_STEPS`] steps, and no queue scenario (the labs run tasks).
pub fn limits() -> Limits {
    Limits {
        tasks: LAB_TASKS,
        steps: LAB_STEPS,
        messaging: false,
        ..Limits::default()
    }
}

/// The biggest run simulated in one go, by its bound (events: a few tens of
/// milliseconds); the scheduler lab runs bigger ones in a worker, with progress, and
/// the system labs in slices.
pub const LIVE_EVENTS: u64 = 200_000;

/// The longest text (in bytes) the scheduler lab parses on the page: a few tens of
/// milliseconds. A longer one, a generated workload, is parsed in the worker too.
pub const PAGE_TEXT: usize = 256 * 1024;

/// A run prepared for drawing: per-task wait segments derived once from the trace.
/// `Eq` lets `Rc<Lanes>` props compare by pointer first: equal runs are not walked.
#[derive(Debug, PartialEq)]
pub struct Lanes {
    /// Shared with the lab's scenario as written when writing out changed nothing.
    pub scenario: Rc<Scenario>,
    pub report: Report,
    pub waits: Vec<Vec<Span>>,
    pub start: Tick,
    /// Under MLFQ: the levels there are, and each task's level over time (the trace's
    /// [`interleave_sim::Trace::levels`]); 0 and nothing under other policies.
    pub levels: (u32, Vec<Vec<(Tick, u32)>>),
    /// Each core's running time summed once: what a zoomed-out view draws.
    pub occupancy: Vec<Occupancy>,
    /// The report's averages, taken once (a million tasks take a while).
    pub averages: Averages,
}

// The averages are never NaN (no tasks done make them 0), so equality is reflexive.
impl Eq for Lanes {}

impl Lanes {
    /// Runs `scenario` a slice of [`SLICE_EVENTS`] at a time, yielding to the browser
    /// between slices, and derives its lanes the same way: no step of it is long,
    /// whatever the run's size (the system labs' runs). It stops, with None, as soon as
    /// `live()` says false.
    pub async fn run_sliced(scenario: &Scenario, live: impl Fn() -> bool) -> Option<Lanes> {
        // Writing the scenario out is a step of its own, apart from the caller's and
        // from the first slice.
        yield_to_browser().await;
        if !live() {
            return None;
        }
        let mut sim = Simulation::new(scenario, Options::default());
        yield_to_browser().await;
        while !sim.advance(SLICE_EVENTS) {
            yield_to_browser().await;
            if !live() {
                return None;
            }
        }
        let (report, lowered) = sim.finish_written_out();
        let scenario = lowered.unwrap_or_else(|| scenario.clone());
        let mut waits = Waits::new(scenario.tasks.len());
        for changes in report.trace.changes.chunks(4 * SLICE_EVENTS as usize) {
            waits.feed(changes);
            yield_to_browser().await;
            if !live() {
                return None;
            }
        }
        let waits = waits.finish(report.trace.changes.last().map_or(0, |c| c.time));
        Some(Lanes::with_waits(Rc::new(scenario), report, waits))
    }

    /// The lanes of a run a worker simulated (as words, [`interleave_protocol::run`]),
    /// and its scenario as written: copied and read a part at a time, yielding to the
    /// browser between parts, so that no step is long. None as soon as `live()` says
    /// false.
    pub async fn from_words(
        array: &js_sys::Uint32Array,
        live: impl Fn() -> bool,
    ) -> Result<Option<(Lanes, Rc<Scenario>)>, String> {
        let Some(words) = copy_words(array, &live).await else {
            return Ok(None);
        };
        let mut decoder = Decoder::new(&words);
        while !decoder.step()? {
            yield_to_browser().await;
            if !live() {
                return Ok(None);
            }
        }
        let Simulated {
            written,
            lowered,
            report,
            waits,
        } = decoder.finish()?;
        let written = Rc::new(written);
        let scenario = lowered.map_or_else(|| written.clone(), Rc::new);
        // What is derived from the run, each in a step of its own.
        yield_to_browser().await;
        let occupancy = occupancy(&scenario, &report);
        yield_to_browser().await;
        let averages = report.averages();
        yield_to_browser().await;
        if !live() {
            return Ok(None);
        }
        let lanes = Lanes::with_derived(scenario, report, waits, occupancy, averages);
        Ok(Some((lanes, written)))
    }

    /// Runs `scenario` and derives its lanes, writing the scenario out once.
    pub fn run(scenario: &Scenario) -> Lanes {
        let (report, lowered) = Simulation::new(scenario, Options::default()).finish_written_out();
        Lanes::new(lowered.unwrap_or_else(|| scenario.clone()), report)
    }

    /// The lanes of a run of `scenario` written out (the tasks the report's indices
    /// count).
    pub fn new(scenario: Scenario, report: Report) -> Lanes {
        let waits = report.trace.waits(scenario.tasks.len());
        Lanes::with_waits(Rc::new(scenario), report, waits)
    }

    fn with_waits(scenario: Rc<Scenario>, report: Report, waits: Vec<Vec<Span>>) -> Lanes {
        let occupancy = occupancy(&scenario, &report);
        let averages = report.averages();
        Lanes::with_derived(scenario, report, waits, occupancy, averages)
    }

    fn with_derived(
        scenario: Rc<Scenario>,
        report: Report,
        waits: Vec<Vec<Span>>,
        occupancy: Vec<Occupancy>,
        averages: Averages,
    ) -> Lanes {
        let start = scenario.first_arrival();
        let levels = match &scenario.policy {
            Policy::Mlfq(m) => (m.levels(), report.trace.levels(scenario.tasks.len())),
            _ => (0, Vec::new()),
        };
        Lanes {
            scenario,
            report,
            waits,
            start,
            levels,
            occupancy,
            averages,
        }
    }
}

/// Each core's running time, summed once for the zoomed-out view.
fn occupancy(scenario: &Scenario, report: &Report) -> Vec<Occupancy> {
    Gantt::of_run(scenario, report, &[], 0)
        .lanes
        .iter()
        .map(|lane| Occupancy::of(lane, Mark::Run))
        .collect()
}

impl Lanes {
    pub fn end(&self) -> Tick {
        self.start + self.report.makespan
    }
}

/// State changes simulated per slice of a run in slices (a few milliseconds of work).
pub const SLICE_EVENTS: u64 = 100_000;

/// Words copied into the module per step: a few milliseconds.
const COPY_WORDS: u32 = 1 << 22;

/// The words of `array`, copied a part at a time with the browser let in between (a
/// run of a million tasks is tens of millions of words); None once `live()` says false.
async fn copy_words(array: &js_sys::Uint32Array, live: &impl Fn() -> bool) -> Option<Vec<u32>> {
    let all = array.length();
    // Room for all of them at once, but each part zeroed only as it is copied: zeroing
    // a hundred megabytes is a long step of its own.
    let mut words = Vec::with_capacity(all as usize);
    let mut at = 0;
    while at < all {
        yield_to_browser().await;
        if !live() {
            return None;
        }
        let end = all.min(at.saturating_add(COPY_WORDS));
        words.resize(end as usize, 0);
        array
            .subarray(at, end)
            .copy_to(&mut words[at as usize..end as usize]);
        at = end;
    }
    yield_to_browser().await;
    Some(words)
}

/// Lets the browser paint and handle input before the next slice of work.
pub async fn yield_to_browser() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}
