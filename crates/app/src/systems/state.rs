//! A system-design lab's state and every learner action on it, as a reducer (the view's
//! hooks run the configurations and the sweep in slices, and dispatch what they find).
//!
//! A text is parsed when the learner pauses ([`Action::Evaluate`]); if it parses and
//! its configurations are within the lab's limits, they become a [`Job`], whose runs
//! come back as [`Action::Ran`], and then the knob's sweep, point by point. Every answer
//! carries the generation it was started in: a newer text or setting drops the old.
//!
//! The reading, the bounds and the runs are the lab's simulator's
//! ([`Engine`](super::engine::Engine)), which the page is handed once it works
//! ([`Action::Engine`]); a text evaluated before then waits for it.

use std::rc::Rc;

use interleave_lessons::systems::{Configurations, Study, SweepPoint};
use interleave_sim::latency::Latency;
use interleave_sim::theory::Theory;
use interleave_sim::{Diagnostic, Limits, Scenario};

use super::engine::{Loaded, Setting, Written};
use crate::components::timeline::lanes::{LIVE_EVENTS, Lanes, PAGE_TEXT, limits};

/// The lab's limits: each point of the sweep is simulated in one go, so its bound must
/// be small enough for a few tens of milliseconds (the scheduler lab and the command
/// line run larger ones).
pub fn lab_limits() -> Limits {
    Limits {
        events: LIVE_EVENTS,
        ..limits()
    }
}

/// One configuration run: its lanes (for the timeline) and its figures.
#[derive(Debug, PartialEq)]
pub struct Run {
    pub label: String,
    pub lanes: Rc<Lanes>,
    pub latency: Latency,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Runs {
    pub a: Rc<Run>,
    pub b: Option<Rc<Run>>,
}

/// The configurations to run, with their labels.
#[derive(Clone, PartialEq)]
pub struct Job {
    pub generation: u64,
    pub runs: Rc<Configurations>,
    pub labels: (String, Option<String>),
    /// The text as parsed: what the sweep runs, once the configurations are in.
    pub scenario: Rc<Scenario>,
}

/// A text too long to parse on the page, parsed in a worker.
#[derive(Clone, PartialEq)]
pub struct Parsing {
    pub generation: u64,
    pub text: Rc<str>,
}

/// The knob's sweep, point by point.
#[derive(Clone, PartialEq, Default)]
pub struct Sweep {
    /// The generation it belongs to; None: not started.
    pub generation: Option<u64>,
    /// The text it sweeps, as parsed.
    pub scenario: Option<Rc<Scenario>>,
    pub points: Vec<SweepPoint>,
    pub running: bool,
    /// Why it stopped before its last value, if it did.
    pub stopped: Option<String>,
}

#[derive(Clone)]
pub struct Systems {
    pub study: &'static Study,
    pub text: String,
    pub notice: Option<String>,
    /// The learner's own text that "back to the lab's workload" replaced, until they
    /// undo or type.
    pub replaced: Option<String>,
    pub model: Option<&'static str>,
    pub knob: Option<u32>,
    /// The knob's value and the seed the text itself says (None while it is broken).
    pub written: Option<Written>,
    pub diagnostics: Vec<Diagnostic>,
    /// The text last evaluated: what the URL holds.
    pub evaluated: Option<Rc<str>>,
    pub runs: Option<Runs>,
    /// A text too long to parse here, being parsed in a worker.
    pub parsing: Option<Parsing>,
    pub job: Option<Job>,
    pub sweep: Sweep,
    /// Queueing theory beside configuration A: the model's figures with the
    /// replications', or why no model applies; none while it is computed.
    pub theory: Option<Rc<Result<Theory, String>>>,
    pub generation: u64,
    /// The simulator, once the page has it.
    pub engine: Option<Loaded>,
    /// A text evaluated before the simulator came, which it evaluates on arrival.
    pub waiting: bool,
}

pub enum Action {
    /// The learner typed (or the lab's workload came back): parsed when they pause.
    Edit(String),
    Evaluate,
    /// Back to the lab's own workload; one undo brings the learner's back.
    Reset,
    Undo,
    /// The model to compare with and the knob's value.
    Choose {
        model: Option<&'static str>,
        knob: Option<u32>,
    },
    /// The learner stopped the worker reading a long text.
    CancelParse,
    /// A worker's answer for a text too long to parse here.
    Parsed {
        generation: u64,
        read: Result<Box<Scenario>, Vec<Diagnostic>>,
    },
    Ran {
        generation: u64,
        runs: Runs,
    },
    Point {
        generation: u64,
        point: SweepPoint,
    },
    /// The sweep ended: at its last value, or (with a reason) before.
    SweepEnded {
        generation: u64,
        stopped: Option<String>,
    },
    /// Queueing theory beside configuration A of this generation.
    Theory {
        generation: u64,
        theory: Result<Theory, String>,
    },
    /// The simulator is here.
    Engine(Loaded),
    /// The simulator could not be fetched (offline before it was cached).
    EngineMissing,
}

/// What the lab says when its simulator could not be fetched.
pub const NO_ENGINE: &str =
    "The simulator could not be fetched: the runs start once the page is reloaded online.";

impl Systems {
    pub fn new(
        study: &'static Study,
        text: String,
        notice: Option<String>,
        model: Option<&'static str>,
        knob: Option<u32>,
    ) -> Systems {
        let mut lab = Systems {
            study,
            text: String::new(),
            notice,
            replaced: None,
            model,
            knob,
            written: None,
            diagnostics: Vec::new(),
            evaluated: None,
            runs: None,
            parsing: None,
            job: None,
            sweep: Sweep::default(),
            theory: None,
            generation: 0,
            engine: None,
            waiting: false,
        };
        lab.set_text(text);
        lab
    }

    fn set_text(&mut self, text: String) {
        self.written = self.engine.and_then(|e| (e.written)(self.study, &text));
        self.text = text;
    }

    fn written_of(&self, s: &Scenario) -> Written {
        ((self.study.knob.read)(s), s.seed)
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Edit(text) => {
                self.replaced = None;
                self.notice = None;
                self.set_text(text);
            }
            Action::Evaluate => self.evaluate(),
            Action::Reset => {
                let own = std::mem::take(&mut self.text);
                self.replaced = Some(own);
                self.notice = None;
                self.set_text(self.study.text.to_string());
            }
            Action::Undo => {
                if let Some(own) = self.replaced.take() {
                    self.set_text(own);
                }
            }
            Action::Choose { model, knob } => {
                self.model = model.and_then(|id| self.study.model(id)).map(|m| m.id);
                self.knob = knob.filter(|v| self.study.knob.values.contains(v));
                self.evaluate();
            }
            Action::CancelParse => self.parsing = None,
            Action::Parsed { generation, read } => {
                if self
                    .parsing
                    .take_if(|p| p.generation == generation)
                    .is_some()
                {
                    match read {
                        Ok(scenario) => {
                            self.written = Some(self.written_of(&scenario));
                            self.accept(*scenario);
                        }
                        Err(diagnostics) => self.diagnostics = diagnostics,
                    }
                }
            }
            Action::Ran { generation, runs } => {
                if let Some(job) = self.job.take_if(|j| j.generation == generation) {
                    self.runs = Some(runs);
                    self.sweep = Sweep {
                        generation: Some(generation),
                        scenario: Some(job.scenario),
                        points: Vec::new(),
                        running: true,
                        stopped: None,
                    };
                }
            }
            Action::Point { generation, point } => {
                if self.sweep.generation == Some(generation) && self.sweep.running {
                    self.sweep.points.push(point);
                }
            }
            Action::SweepEnded {
                generation,
                stopped,
            } => {
                if self.sweep.generation == Some(generation) {
                    self.sweep.running = false;
                    self.sweep.stopped = stopped;
                }
            }
            Action::Theory { generation, theory } => {
                if generation == self.generation {
                    self.theory = Some(Rc::new(theory));
                }
            }
            Action::Engine(engine) => {
                self.engine = Some(engine);
                self.written = (engine.written)(self.study, &self.text);
                if self.notice.as_deref() == Some(NO_ENGINE) {
                    self.notice = None;
                }
                if std::mem::take(&mut self.waiting) {
                    self.evaluate();
                }
            }
            Action::EngineMissing => {
                if self.waiting {
                    self.notice = Some(NO_ENGINE.into());
                }
            }
        }
    }

    /// Parses the text and, if it parses and its configurations are within the lab's
    /// limits, makes them the job to run.
    fn evaluate(&mut self) {
        // Whatever ran before is superseded, the sweep of the runs on screen too.
        self.generation += 1;
        self.job = None;
        self.sweep.running = false;
        self.evaluated = Some(self.text.as_str().into());
        self.parsing = None;
        let Some(engine) = self.engine else {
            self.waiting = true;
            return;
        };
        // A text too long to parse here is parsed in a worker first.
        if self.text.len() > PAGE_TEXT {
            self.parsing = Some(Parsing {
                generation: self.generation,
                text: self.text.as_str().into(),
            });
            return;
        }
        match (engine.read)(&self.text) {
            Ok(s) => self.accept(*s),
            Err(diagnostics) => self.diagnostics = diagnostics,
        }
    }

    /// Makes the configurations of a scenario that read the job, if they are within
    /// the lab's limits.
    fn accept(&mut self, scenario: Scenario) {
        let study = self.study;
        let model = self.model.and_then(|id| study.model(id));
        let Some(engine) = self.engine else { return };
        let setting = Setting {
            study,
            knob: self.knob,
            model,
        };
        let runs = match (engine.configure)(setting, &scenario) {
            Ok(runs) => runs,
            Err(message) => {
                self.diagnostics = vec![Diagnostic {
                    line: 1,
                    col: 1,
                    message,
                }];
                return;
            }
        };
        self.diagnostics = Vec::new();
        // The last good run keeps its theory until a new job replaces both.
        self.theory = None;
        self.job = Some(Job {
            generation: self.generation,
            runs: Rc::new(runs),
            labels: (study.label(self.knob), model.map(|m| m.label.to_string())),
            scenario: Rc::new(scenario),
        });
    }

    /// The knob's value the sweep chart marks: the one chosen, else the text's.
    pub fn chosen_knob(&self) -> Option<u32> {
        self.knob.or(self.written.and_then(|(k, _)| k))
    }
}

crate::reducer::reducible!(Systems, Action);

#[cfg(test)]
mod tests;
