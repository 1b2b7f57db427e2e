//! The tour as a reducer: the step on screen and its runs, the learner's prediction
//! (typed or picked, then committed, or skipped with "Just show me"), the way chosen,
//! a run played tick by tick, and a program played by hand a step at a time. What the learner did is `Progress`, saved and
//! restored by the page. No browser in it; tested natively in `state/tests.rs`.

use std::collections::BTreeMap;
use std::rc::Rc;

use interleave_lessons::tour::{Answer, STEPS, Step, Truth, Widget};
use interleave_sim::Tick;
use interleave_sim::program::Program;
use serde::{Deserialize, Serialize};

use super::engine;
use crate::components::timeline::lanes::Lanes;

mod measurement;
mod runs;

pub use measurement::{MANY, Measurement, Measuring};
pub use runs::{Hand, Runs};

/// A learner's committed prediction.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Guess {
    Number(f64),
    Choice(usize),
}

impl Guess {
    pub fn truth(self) -> Truth {
        match self {
            Guess::Number(n) => Truth::Number(n),
            Guess::Choice(i) => Truth::Choice(i),
        }
    }
}

/// What the learner did on the tour, by step id (so that new steps keep old answers):
/// saved as they go, offline too, and in the export of their work.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// The step they were on, from 0.
    #[serde(default)]
    pub at: usize,
    /// Each step answered: the prediction, or none when they asked to be shown.
    #[serde(default)]
    pub answers: BTreeMap<String, Option<Guess>>,
    /// The way chosen on each step that has several.
    #[serde(default)]
    pub ways: BTreeMap<String, usize>,
    /// The figure last measured on each step that measures one on this machine: a
    /// speedup, Amdahl's limit under the fraction fitted, the share of updates lost.
    #[serde(default)]
    pub measured: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tour {
    /// The step on screen, from 0.
    pub step: usize,
    pub progress: Progress,
    pub runs: Rc<Runs>,
    /// The number being typed, before it is committed.
    pub draft: String,
    /// The option picked, before it is committed.
    pub picked: Option<usize>,
    /// Why a commit was refused.
    pub problem: Option<String>,
    /// The played run's tick, and whether it plays.
    pub cursor: Tick,
    pub playing: bool,
    /// Whether a run plays by itself once revealed (not when the learner asked the
    /// page for reduced motion).
    pub motion: bool,
    /// The measurement of a step measured on the visitor's machine.
    pub measuring: Measuring,
    /// The program played by hand, on a step of programs.
    pub hand: Hand,
}

pub enum Action {
    /// Open step `n` (from 0; past the end, the last).
    Go(usize),
    /// Type the number of a prediction.
    Draft(String),
    /// Pick an option of a prediction.
    Pick(usize),
    /// Commit the prediction: the answer shows beside it.
    Commit,
    /// Show the answer without predicting.
    ShowMe,
    /// Choose a way to run the step's workload.
    Way(usize),
    Play,
    Pause,
    /// The player's beat: on to the next change, or stop at the end.
    Beat,
    /// Put the played run's cursor at a tick.
    Cursor(Tick),
    /// Move the played run's cursor to the next (+1) or previous (-1) change.
    Step(i32),
    /// Measure again (a step measured on the visitor's machine).
    Measure,
    /// The measurement numbered `.0`, or why it failed.
    Measured(u32, Result<Measurement, String>),
    /// Forget every answer, and start again at the first step.
    StartOver,
    /// The program played by hand: `thread` takes its next step (a new branch if the
    /// learner had gone back).
    Take(usize),
    /// To this point of the hand-played schedule (undo, redo, its timeline).
    Jump(usize),
    /// A whole schedule to replay by hand (one the explorer found).
    Replay(Vec<usize>),
    /// Real workers raced on one counter and lost this share of their updates.
    Raced(f64),
    /// The step's engine is loaded: its runs are made, if they were pending.
    Ready,
}

impl Tour {
    pub fn new(progress: Progress, step: Option<usize>, motion: bool) -> Tour {
        let step = step.unwrap_or(progress.at).min(STEPS.len() - 1);
        let mut tour = Tour {
            step,
            runs: Runs::of_step(step),
            progress,
            draft: String::new(),
            picked: None,
            problem: None,
            cursor: 0,
            playing: false,
            motion,
            measuring: Measuring::default(),
            hand: Hand::default(),
        };
        tour.progress.at = step;
        tour.cursor = tour.end();
        tour.hand = tour.fresh_hand();
        tour
    }

    pub fn current(&self) -> &'static Step {
        &STEPS[self.step]
    }

    /// Whether the current step's question is answered (or was skipped); a step
    /// without a question shows all at once.
    pub fn revealed(&self) -> bool {
        self.answered(self.step).is_some() || self.current().question.is_none()
    }

    /// The answer given on step `n`, if it was answered: `Some(None)` when skipped.
    pub fn answered(&self, n: usize) -> Option<Option<Guess>> {
        self.progress.answers.get(STEPS.get(n)?.id).copied()
    }

    /// The answer to the current step's question: computed from its runs, or
    /// measured (the latest measurement, or the one saved).
    pub fn truth(&self) -> Option<Truth> {
        self.runs.truth.or_else(|| {
            let speedup = match &self.measuring.done {
                Some(m) if self.measuring.step == self.step => m.answer(),
                _ => self.progress.measured.get(self.current().id).copied(),
            };
            speedup.map(Truth::Number)
        })
    }

    /// Whether the committed guess was right (once the answer is known).
    pub fn right(&self) -> Option<bool> {
        let guess = self.answered(self.step)??;
        let question = self.current().question.as_ref()?;
        Some(question.judge(self.truth()?, guess.truth()))
    }

    /// The measurement on screen: the current step's.
    pub fn measurement(&self) -> Option<&Rc<Measurement>> {
        self.measuring
            .done
            .as_ref()
            .filter(|_| self.measuring.step == self.step)
    }

    /// The ways (or workloads) the learner may see now: the hidden ones only once the
    /// question is answered.
    pub fn visible(&self) -> usize {
        let (hidden, all) = match &self.current().widget {
            Widget::Ways { ways, hidden, .. } => (*hidden, ways.len()),
            Widget::Sweep {
                workloads, hidden, ..
            } => (*hidden, workloads.len()),
            Widget::Programs { ways, hidden, .. } => (*hidden, ways.len()),
            Widget::Servers { groups, hidden } => (*hidden, groups.len()),
            Widget::Cores | Widget::Serial { .. } | Widget::Summary => (0, 1),
        };
        if self.revealed() { all } else { hidden }
    }

    /// The way on screen: the one chosen, else the last one visible; on a step of
    /// programs, the last one visible before the answer (the program the question is
    /// about stays on screen when the answer shows).
    pub fn way(&self) -> usize {
        let visible = self.visible();
        let default = match self.current().widget {
            Widget::Programs { hidden, .. } => hidden.min(visible),
            _ => visible,
        };
        let chosen = self.progress.ways.get(self.current().id).copied();
        chosen
            .filter(|&w| w < visible)
            .unwrap_or(default.saturating_sub(1))
    }

    /// The timeline of the way on screen, for a step with ways that shows one.
    pub fn played(&self) -> Option<&Rc<Lanes>> {
        match self.current().widget {
            Widget::Ways { .. } if self.visible() > 0 => self.runs.lanes.get(self.way()),
            _ => None,
        }
    }

    /// The program of the way on screen, for a step of programs.
    pub fn program(&self) -> Option<&Rc<Program>> {
        match self.current().widget {
            Widget::Programs { .. } if self.visible() > 0 => self.runs.programs.get(self.way()),
            _ => None,
        }
    }

    /// The program on screen, not yet played.
    fn fresh_hand(&self) -> Hand {
        self.program()
            .map(|p| self.play(p, Vec::new(), 0))
            .unwrap_or_default()
    }

    /// `schedule` played by hand on `program`, by the step's engine (the one that
    /// explores programs).
    fn play(&self, program: &Program, schedule: Vec<usize>, cursor: usize) -> Hand {
        engine::of(self.current().widget.kind())
            .map(|e| (e.play)(program, schedule, cursor))
            .unwrap_or_default()
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Go(n) => {
                let n = n.min(STEPS.len() - 1);
                if n != self.step || self.runs.pending {
                    self.step = n;
                    // A measurement under way for the step left is not listened to.
                    self.measuring.busy = false;
                    self.runs = Runs::of_step(n);
                    self.draft.clear();
                    self.picked = None;
                    self.problem = None;
                    self.playing = false;
                    self.cursor = self.end();
                    self.hand = self.fresh_hand();
                }
                self.progress.at = n;
            }
            Action::Draft(text) => {
                self.draft = text;
                self.problem = None;
            }
            Action::Pick(i) => {
                self.picked = Some(i);
                self.problem = None;
            }
            Action::Commit if self.revealed() => {}
            Action::Commit => match self.guess() {
                Ok(guess) => self.reveal(Some(guess)),
                Err(problem) => self.problem = Some(problem),
            },
            Action::ShowMe if self.revealed() => {}
            Action::ShowMe => self.reveal(None),
            Action::Way(w) if w < self.visible() => {
                let before = self.way();
                self.progress.ways.insert(self.current().id.to_string(), w);
                self.cursor = self.end();
                self.playing = false;
                if w != before {
                    self.hand = self.fresh_hand();
                }
            }
            Action::Way(_) => {}
            Action::Play if self.played().is_some() => {
                if self.cursor >= self.end() {
                    self.cursor = 0;
                }
                self.playing = true;
            }
            Action::Play => {}
            Action::Pause => self.playing = false,
            Action::Beat => match self
                .played()
                .and_then(|l| l.report.trace.next_change(self.cursor))
            {
                Some(t) if self.playing => self.cursor = t,
                _ => self.playing = false,
            },
            Action::Cursor(t) => {
                self.cursor = t.min(self.end());
                self.playing = false;
            }
            Action::Step(delta) => {
                let trace = self.played().map(|l| &l.report.trace);
                let to = trace.and_then(|t| {
                    if delta > 0 {
                        t.next_change(self.cursor)
                    } else {
                        t.previous_change(self.cursor)
                    }
                });
                if let Some(t) = to {
                    self.cursor = t.min(self.end());
                }
                self.playing = false;
            }
            Action::Measure if self.revealed() => self.measure(),
            Action::Measure => {}
            Action::Measured(number, result)
                if number == self.measuring.number && self.measuring.busy =>
            {
                self.measuring.busy = false;
                match result {
                    Ok(m) => {
                        let id = STEPS[self.measuring.step].id.to_string();
                        if let Some(answer) = m.answer() {
                            self.progress.measured.insert(id, answer);
                        }
                        self.measuring.done = Some(Rc::new(m));
                        self.measuring.error = None;
                    }
                    Err(message) => self.measuring.error = Some(message),
                }
            }
            Action::Measured(..) => {}
            Action::StartOver => {
                *self = Tour::new(Progress::default(), Some(0), self.motion);
            }
            Action::Take(thread) => {
                if let Some(program) = self.program() {
                    let mut schedule = self.hand.history[..self.hand.cursor].to_vec();
                    schedule.push(thread);
                    let cursor = schedule.len();
                    self.hand = self.play(program, schedule, cursor);
                }
            }
            Action::Jump(to) => self.hand.cursor = to.min(self.hand.history.len()),
            Action::Replay(schedule) => {
                if let Some(program) = self.program() {
                    let cursor = schedule.len();
                    self.hand = self.play(program, schedule, cursor);
                }
            }
            Action::Ready if self.runs.pending => {
                self.runs = Runs::of_step(self.step);
                self.cursor = self.end();
                self.hand = self.fresh_hand();
            }
            Action::Ready => {}
            Action::Raced(lost) => {
                if let Some(step) = STEPS
                    .iter()
                    .find(|s| matches!(s.widget, Widget::Programs { race: true, .. }))
                {
                    self.progress.measured.insert(step.id.to_string(), lost);
                }
            }
        }
    }

    /// The played run's last tick.
    fn end(&self) -> Tick {
        self.played().map_or(0, |l| l.end())
    }

    fn guess(&self) -> Result<Guess, String> {
        let Some(question) = &self.current().question else {
            return Err("There is nothing to predict here.".into());
        };
        match question.answer {
            Answer::Number { .. } | Answer::Measured { .. } => {
                let text = self.draft.trim().replace(',', ".");
                match text.parse::<f64>() {
                    Ok(n) if n.is_finite() => Ok(Guess::Number(n)),
                    _ if text.is_empty() => {
                        Err("Type a number first, or press \u{201c}Just show me\u{201d}.".into())
                    }
                    _ => Err(format!(
                        "\u{201c}{}\u{201d} is not a number.",
                        self.draft.trim()
                    )),
                }
            }
            Answer::Choice { options, .. } => match self.picked {
                Some(i) if i < options.len() => Ok(Guess::Choice(i)),
                _ => Err("Pick one first, or press \u{201c}Just show me\u{201d}.".into()),
            },
        }
    }

    /// Records the answer; the revealed run plays from the start, or shows whole
    /// when the page asked for reduced motion; a measured step starts measuring.
    fn reveal(&mut self, guess: Option<Guess>) {
        self.progress
            .answers
            .insert(self.current().id.to_string(), guess);
        self.problem = None;
        self.playing = self.motion && self.played().is_some();
        self.cursor = if self.playing { 0 } else { self.end() };
        if self.measured_step() {
            self.measure();
        }
    }

    /// Whether the current step is measured on the visitor's machine.
    pub fn measured_step(&self) -> bool {
        matches!(self.current().widget, Widget::Cores | Widget::Serial { .. })
    }

    /// Asks the hook for a measurement on this step, unless one is under way.
    fn measure(&mut self) {
        if !self.measuring.busy && self.measured_step() {
            // Another step's measurement is not this one's answer.
            if self.measuring.step != self.step {
                self.measuring.done = None;
            }
            self.measuring.number += 1;
            self.measuring.step = self.step;
            self.measuring.busy = true;
            self.measuring.error = None;
        }
    }
}

crate::reducer::reducible!(Tour, Action);

#[cfg(test)]
mod tests;
