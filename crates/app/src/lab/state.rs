//! The scheduler lab's state and every learner action on it, as a reducer: no timer,
//! worker, storage or URL here (the view's hooks do those and dispatch the results), so
//! that every action is tested natively, bad paths included.
//!
//! A text is parsed when the learner pauses ([`Action::Evaluate`]), by the lab's
//! [`Engine`](super::engine::Engine) once the page has it ([`Action::Engine`]); until
//! then the first workload shows the run the build made of it ([`super::made`]), and
//! any other text waits. A run small by its bound is simulated at once; a larger one,
//! or a text too long to parse on the page, becomes a [`Job`] that a worker parses and
//! runs, answered with
//! [`Action::Progress`] and then [`Action::Ran`], [`Action::Invalid`] or
//! [`Action::Failed`], each tagged with the job's generation so that a superseded
//! run's answers are dropped.

use std::rc::Rc;

use interleave_lessons::PRESETS;
use interleave_sim::{Diagnostic, Policy, Scenario, Tick};

use super::engine::{Evaluated, Loaded};
use crate::components::timeline::lanes::{Lanes, PAGE_TEXT, limits};

mod text;
pub use text::Text;

/// The second configuration of a comparison: the same workload on `cores` cores, under
/// `policy` and with switch cost `switch` where given (else the scenario's own).
#[derive(Debug, Clone, PartialEq)]
pub struct CompareWith {
    pub cores: u32,
    pub policy: Option<Policy>,
    pub switch: Option<Tick>,
}

impl CompareWith {
    /// Opening the lab with nothing in the URL: one core against four, side by side.
    pub const DEFAULT: CompareWith = CompareWith {
        cores: 4,
        policy: None,
        switch: None,
    };

    pub(super) fn apply(&self, scenario: &Scenario) -> Scenario {
        Scenario {
            cores: self.cores,
            policy: self.policy.clone().unwrap_or(scenario.policy.clone()),
            switch_cost: self.switch.unwrap_or(scenario.switch_cost),
            ..scenario.clone()
        }
    }
}

/// The run (or two) on screen.
#[derive(Clone, PartialEq)]
pub struct Runs {
    /// The scenario as written (the lanes hold it written out: requests as tasks).
    pub written: Rc<Scenario>,
    pub a: Rc<Lanes>,
    pub b: Option<Rc<Lanes>>,
    /// Why the comparison was not run (its run is over the limits), if it was not.
    pub refused: Option<Rc<str>>,
}

impl Runs {
    /// Runs `scenario`, and the comparison unless it is over the lab's limits.
    pub(super) fn new(scenario: &Scenario, compare: Option<CompareWith>) -> Runs {
        let a = Lanes::run(scenario);
        // The comparison's machine can make a small workload large (a quantum of 1).
        let other = compare.map(|with| with.apply(scenario));
        let refused = other.as_ref().and_then(|o| o.check_bound(&limits()).err());
        let b = other
            .filter(|_| refused.is_none())
            .map(|other| Rc::new(Lanes::run(&other)));
        Runs {
            written: Rc::new(scenario.clone()),
            a: Rc::new(a),
            b,
            refused: refused.map(|e| format!("The comparison is not run: {e}.").into()),
        }
    }

    /// The first tick of the runs.
    pub fn start(&self) -> Tick {
        self.a.start
    }

    /// The last tick of the longer run.
    pub fn end(&self) -> Tick {
        self.b
            .as_ref()
            .map_or(self.a.end(), |b| b.end().max(self.a.end()))
    }

    /// The nearest tick after (`forward`) or before `t` at which something happens in
    /// either run: where steps stop.
    pub fn event_from(&self, t: Tick, forward: bool) -> Option<Tick> {
        let near = |lanes: &Rc<Lanes>| {
            let trace = &lanes.report.trace;
            if forward {
                trace.next_change(t)
            } else {
                trace.previous_change(t)
            }
        };
        match (near(&self.a), self.b.as_ref().and_then(near)) {
            (Some(a), Some(b)) if forward => Some(a.min(b)),
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }
}

/// A run too large to simulate on the page, or a text too long to parse there: a
/// worker parses and simulates the text.
#[derive(Clone, PartialEq)]
pub struct Job {
    pub generation: u64,
    pub text: Rc<str>,
    /// Tasks done, and tasks in all (none yet while the worker reads the text).
    pub progress: (usize, usize),
}

#[derive(Clone, PartialEq)]
pub struct Lab {
    pub text: Text,
    /// Why the starting text is not the one asked for (a damaged link), if so.
    pub notice: Option<String>,
    /// The learner's own text that a preset replaced, until they undo or type.
    pub replaced: Option<String>,
    pub compare: Option<CompareWith>,
    /// The errors of the text as it is; the last good run stays on screen meanwhile.
    pub diagnostics: Vec<Diagnostic>,
    /// The last text that parsed: what the URL holds.
    pub good: Option<Rc<str>>,
    pub runs: Option<Runs>,
    pub cursor: Tick,
    pub job: Option<Job>,
    /// Bumped by every run started and every cancel: a job's answers name theirs.
    pub generation: u64,
    pub playing: bool,
    pub speed: f64,
    /// Predict-then-reveal: while on and not revealed, the answers are hidden.
    pub predicting: bool,
    pub revealed: bool,
    /// The simulator, once the page has it.
    pub engine: Option<Loaded>,
    /// A text waits for the simulator to be evaluated.
    pub waiting: bool,
}

pub enum Action {
    /// The learner typed: the text changes now, and is parsed when they pause.
    Edit(Rc<str>),
    /// Parse the text and run it (keeping the cursor where it is, or not).
    Evaluate {
        keep_cursor: bool,
    },
    /// A preset, by id: its text replaces the learner's, which one undo brings back.
    Preset(String),
    UndoPreset,
    SetCursor(Tick),
    /// To the next (+1) or previous (-1) event.
    Step(i32),
    Compare(Option<CompareWith>),
    Progress {
        generation: u64,
        done: usize,
        all: usize,
    },
    /// The worker's run, and its scenario as written.
    Ran {
        generation: u64,
        lanes: Rc<Lanes>,
        written: Rc<Scenario>,
    },
    /// The worker found errors in the text.
    Invalid {
        generation: u64,
        diagnostics: Vec<Diagnostic>,
    },
    /// The worker failed (it stopped answering, or its answer was unreadable).
    Failed {
        generation: u64,
        message: String,
    },
    Cancel,
    /// Play or pause.
    TogglePlay,
    /// The player's beat: one event forward, or stop at the end.
    Beat,
    Speed(f64),
    Predict(bool),
    Reveal,
    /// The simulator has come: a text that waited for it is evaluated.
    Engine(Loaded),
    /// The simulator could not be fetched (offline before it was cached).
    EngineMissing,
}

/// What the lab says when its simulator could not be fetched and a text waits for it.
const NO_ENGINE: &str =
    "The simulator could not be fetched: this text runs once the page is reloaded online.";

impl Lab {
    pub fn new(
        text: String,
        notice: Option<String>,
        cursor: Tick,
        compare: Option<CompareWith>,
    ) -> Lab {
        let mut lab = Lab {
            text: text.into(),
            notice,
            replaced: None,
            compare,
            diagnostics: Vec::new(),
            good: None,
            runs: None,
            cursor,
            job: None,
            generation: 0,
            playing: false,
            speed: 1.0,
            predicting: false,
            revealed: false,
            engine: None,
            waiting: false,
        };
        // The first workload's run is on screen from the start, the build's page too.
        if let Some(runs) = super::made::runs(&lab.text, lab.compare.as_ref()) {
            lab.good = Some(lab.text.shared());
            lab.runs = Some(runs);
        }
        lab
    }

    /// The preset whose text is the lab's, if any.
    pub fn preset(&self) -> Option<&'static str> {
        PRESETS.iter().find(|p| p.text == &*self.text).map(|p| p.id)
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Edit(text) => {
                self.text = text.into();
                self.replaced = None;
            }
            Action::Evaluate { keep_cursor } => self.evaluate(keep_cursor),
            Action::Preset(id) => {
                let Some(preset) = interleave_lessons::find(&id) else {
                    return;
                };
                // The learner's own text is not thrown away: one click brings it back,
                // however many presets they try first.
                let text = std::mem::replace(&mut self.text, preset.text.into());
                if !PRESETS.iter().any(|p| p.text == &*text) {
                    self.replaced = Some(text.to_string());
                }
                self.notice = None;
                self.evaluate(false);
            }
            Action::UndoPreset => {
                if let Some(own) = self.replaced.take() {
                    self.text = own.into();
                    self.evaluate(true);
                }
            }
            Action::SetCursor(t) => self.set_cursor(t),
            Action::Step(direction) => {
                let next = self
                    .runs
                    .as_ref()
                    .and_then(|r| r.event_from(self.cursor, direction > 0));
                if let Some(t) = next {
                    self.set_cursor(t);
                }
            }
            Action::Compare(with) => {
                self.compare = with;
                self.evaluate(true);
            }
            Action::Progress {
                generation,
                done,
                all,
            } => {
                if let Some(job) = self.job.as_mut().filter(|j| j.generation == generation) {
                    job.progress = (done, all);
                }
            }
            Action::Ran {
                generation,
                lanes,
                written,
            } => {
                let Some(job) = self.job.take_if(|j| j.generation == generation) else {
                    return;
                };
                self.diagnostics = Vec::new();
                self.good = Some(job.text);
                // What a notice said (a failed run, a damaged link) is past.
                self.notice = None;
                self.cursor = lanes.start;
                self.runs = Some(Runs {
                    written,
                    a: lanes,
                    b: None,
                    refused: None,
                });
            }
            Action::Invalid {
                generation,
                diagnostics,
            } => {
                if self.job.take_if(|j| j.generation == generation).is_some() {
                    self.diagnostics = diagnostics;
                }
            }
            Action::Failed {
                generation,
                message,
            } => {
                if self.job.take_if(|j| j.generation == generation).is_some() {
                    self.notice = Some(format!("The run stopped: {message}."));
                }
            }
            Action::Cancel => {
                self.generation += 1;
                self.job = None;
            }
            Action::TogglePlay => self.playing = !self.playing && self.runs.is_some(),
            Action::Beat => {
                let next = self
                    .runs
                    .as_ref()
                    .and_then(|r| r.event_from(self.cursor, true));
                match next.filter(|_| self.playing) {
                    Some(t) => self.cursor = t,
                    None => self.playing = false,
                }
            }
            Action::Speed(speed) => self.speed = speed,
            Action::Predict(on) => {
                self.predicting = on;
                self.revealed = false;
            }
            Action::Reveal => self.revealed = true,
            Action::Engine(engine) => {
                self.engine = Some(engine);
                if self.notice.as_deref() == Some(NO_ENGINE) {
                    self.notice = None;
                }
                if std::mem::take(&mut self.waiting) {
                    self.evaluate(true);
                }
            }
            Action::EngineMissing => {
                if self.waiting {
                    self.notice = Some(NO_ENGINE.into());
                }
            }
        }
    }

    fn set_cursor(&mut self, t: Tick) {
        self.cursor = self.runs.as_ref().map_or(t, |r| t.min(r.end()));
    }

    /// Parses the text; if it parses, runs it at once or makes it a job, by its bound.
    /// A text too long to parse here is a job at once.
    fn evaluate(&mut self, keep_cursor: bool) {
        if self.text.len() > PAGE_TEXT {
            return self.start_job(0);
        }
        let evaluated = match self.engine {
            Some(engine) => (engine.evaluate)(&self.text, self.compare.as_ref()),
            None => match super::made::runs(&self.text, self.compare.as_ref()) {
                Some(runs) => Evaluated::Ran(runs),
                None => {
                    self.waiting = true;
                    return;
                }
            },
        };
        self.waiting = false;
        let runs = match evaluated {
            Evaluated::Invalid(diagnostics) => {
                self.diagnostics = diagnostics;
                return;
            }
            Evaluated::Job { tasks } => {
                self.diagnostics = Vec::new();
                self.good = Some(self.text.shared());
                return self.start_job(tasks);
            }
            Evaluated::Ran(runs) => runs,
        };
        self.diagnostics = Vec::new();
        self.good = Some(self.text.shared());
        // Whatever ran before is superseded.
        self.generation += 1;
        self.job = None;
        if !keep_cursor {
            self.cursor = runs.start();
        }
        self.runs = Some(runs);
    }

    /// Hands the text to a worker, superseding whatever ran before.
    fn start_job(&mut self, tasks: usize) {
        self.generation += 1;
        self.job = Some(Job {
            generation: self.generation,
            text: self.text.shared(),
            progress: (0, tasks),
        });
    }
}

crate::reducer::reducible!(Lab, Action);

#[cfg(test)]
mod tests;
