//! The lesson "Keep the page responsive" as a reducer: its settings (from the link),
//! the ways asked for and the figures of each way run, and the event-loop model's
//! snippet, the learner's prediction, the step shown and the real run's order. No
//! browser in it; tested natively in `state/tests.rs`.

use interleave_lessons::event_loop::{self, SNIPPETS, Snippet};
use interleave_lessons::responsive::Responsiveness;
use interleave_par::Kernel;
use serde::{Deserialize, Serialize};

use crate::platform::Platform;

/// The lesson's state in the URL: `?workers=4&scale=1&yield=message&snippet=await`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Query {
    pub workers: Option<u32>,
    pub scale: Option<usize>,
    #[serde(rename = "yield")]
    pub yielder: Option<String>,
    pub snippet: Option<String>,
}

/// How the sliced way gives the event loop its turn between slices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Yield {
    /// A message posted to the page through a `MessageChannel`: a new task.
    Message,
    /// `scheduler.yield()`: the rest runs before other tasks of its priority.
    Scheduler,
    /// `setTimeout(0)`: a timer task (browsers clamp nested ones to 4 ms).
    Timeout,
}

impl Yield {
    pub const ALL: [Yield; 3] = [Yield::Message, Yield::Scheduler, Yield::Timeout];

    pub fn key(self) -> &'static str {
        match self {
            Yield::Message => "message",
            Yield::Scheduler => "scheduler",
            Yield::Timeout => "timeout",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Yield::Message => "a MessageChannel message",
            Yield::Scheduler => "scheduler.yield()",
            Yield::Timeout => "setTimeout(0)",
        }
    }
}

/// The job: a Mandelbrot image of one of these heights (small, medium, large).
pub const KERNEL: Kernel = Kernel::Mandelbrot;
pub const SIZES: [u64; 3] = [1_200, 2_000, 2_800];
pub const SCALES: [&str; 3] = ["small", "medium", "large"];

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub workers: u32,
    pub scale: usize,
    pub yielder: Yield,
}

impl Settings {
    pub fn from_query(query: &Query, platform: &Platform) -> Settings {
        Settings {
            workers: platform.several_workers(query.workers),
            scale: query.scale.filter(|s| *s < SIZES.len()).unwrap_or(1),
            yielder: Yield::ALL
                .into_iter()
                .find(|y| query.yielder.as_deref() == Some(y.key()))
                .unwrap_or(Yield::Message),
        }
    }

    /// The link of these settings with snippet `snippet` shown.
    pub fn to_query(self, snippet: &str) -> Query {
        Query {
            workers: Some(self.workers),
            scale: Some(self.scale),
            yielder: Some(self.yielder.key().into()),
            snippet: Some(snippet.to_string()),
        }
    }

    pub fn size(self) -> u64 {
        SIZES[self.scale.min(SIZES.len() - 1)]
    }
}

/// The four ways to run the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// On the main thread, in one go.
    Main,
    /// On the main thread, a row at a time, yielding to the event loop every few ms.
    Sliced,
    /// In one worker.
    Worker,
    /// Split across N workers.
    Workers,
}

impl Way {
    pub const ALL: [Way; 4] = [Way::Main, Way::Sliced, Way::Worker, Way::Workers];

    pub fn key(self) -> &'static str {
        match self {
            Way::Main => "main",
            Way::Sliced => "sliced",
            Way::Worker => "worker",
            Way::Workers => "workers",
        }
    }

    /// Whether it needs workers started first.
    pub fn on_workers(self) -> bool {
        matches!(self, Way::Worker | Way::Workers)
    }
}

/// One way's run: its figures, its answer, and how it yielded (sliced only).
#[derive(Debug, Clone, PartialEq)]
pub struct WayRun {
    pub way: Way,
    pub figures: Responsiveness,
    pub value: u64,
    /// The slices and the way they yielded ("scheduler.yield", "MessageChannel").
    pub slices: Option<(u32, &'static str)>,
    /// The settings it ran with.
    pub settings: Settings,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Idle,
    /// Starting and warming the workers (untimed).
    Preparing,
    Running(Way),
    Failed(String),
}

/// The event-loop model's part: the snippet shown, the learner's predicted order,
/// whether the answer is shown, the step of the model shown, and the real order.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub snippet: &'static Snippet,
    pub prediction: Vec<&'static str>,
    pub revealed: bool,
    pub step: usize,
    pub real: Option<Vec<String>>,
}

impl Model {
    pub fn new(snippet: &'static Snippet) -> Model {
        Model {
            snippet,
            prediction: Vec::new(),
            revealed: false,
            step: 0,
            real: None,
        }
    }

    /// Whether the prediction, once complete, is the model's order.
    pub fn predicted_right(&self) -> Option<bool> {
        (self.prediction.len() == self.snippet.labels().len())
            .then(|| self.prediction == event_loop::order(self.snippet))
    }

    /// Whether the real run logged the model's order.
    pub fn real_agrees(&self) -> Option<bool> {
        self.real.as_ref().map(|real| {
            real.iter()
                .map(String::as_str)
                .eq(event_loop::order(self.snippet))
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Responsive {
    pub settings: Settings,
    pub phase: Phase,
    /// The ways of the last request, in order, and how many were asked in all.
    pub asked: Vec<Way>,
    /// Requests accepted (the run hook does each once).
    pub runs: u32,
    /// The last run of each way.
    pub results: Vec<WayRun>,
    pub model: Model,
}

pub enum Action {
    Settings(Settings),
    /// Run these ways, one after another, unless a run is under way.
    Run(Vec<Way>),
    Preparing,
    Running(Way),
    Measured(WayRun),
    Finished,
    Failed(String),
    /// Show another snippet: a new prediction, the model at its first step.
    Snippet(&'static str),
    /// The learner puts this label next in the predicted order (once).
    Predict(&'static str),
    ClearPrediction,
    Reveal,
    /// Move the model's step by this many (clamped to its trace).
    Step(i32),
    /// The real run's order of logs.
    Real(Vec<String>),
}

impl Responsive {
    pub fn new(settings: Settings, snippet: Option<&str>) -> Responsive {
        Responsive {
            settings,
            phase: Phase::Idle,
            asked: Vec::new(),
            runs: 0,
            results: Vec::new(),
            model: Model::new(snippet.and_then(event_loop::find).unwrap_or(&SNIPPETS[0])),
        }
    }

    pub fn busy(&self) -> bool {
        matches!(self.phase, Phase::Preparing | Phase::Running(_))
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Settings(settings) => self.settings = settings,
            Action::Run(_) if self.busy() => {}
            Action::Run(ways) if ways.is_empty() => {}
            Action::Run(ways) => {
                self.runs += 1;
                self.asked = ways;
                self.phase = Phase::Preparing;
            }
            Action::Preparing => self.phase = Phase::Preparing,
            Action::Running(way) => self.phase = Phase::Running(way),
            Action::Measured(run) => {
                self.results.retain(|r| r.way != run.way);
                self.results.push(run);
                self.results
                    .sort_by_key(|r| Way::ALL.iter().position(|w| *w == r.way));
            }
            Action::Finished => self.phase = Phase::Idle,
            Action::Failed(message) => self.phase = Phase::Failed(message),
            Action::Snippet(id) => {
                if let Some(snippet) = event_loop::find(id) {
                    self.model = Model::new(snippet);
                }
            }
            Action::Predict(label) => {
                let model = &mut self.model;
                if !model.revealed && !model.prediction.contains(&label) {
                    model.prediction.push(label);
                }
            }
            Action::ClearPrediction if !self.model.revealed => self.model.prediction.clear(),
            Action::ClearPrediction => {}
            Action::Reveal => self.model.revealed = true,
            Action::Step(delta) => {
                let last = event_loop::trace(self.model.snippet)
                    .len()
                    .saturating_sub(1);
                let step = self.model.step as i64 + i64::from(delta);
                self.model.step = step.clamp(0, last as i64) as usize;
            }
            Action::Real(order) => self.model.real = Some(order),
        }
    }
}

crate::reducer::reducible!(Responsive, Action);

#[cfg(test)]
mod tests;
