//! The synchronisation lab's state and every learner action on it, as a reducer: the
//! level, the program's text (parsed once per change), the schedule played with undo
//! and redo, the preemption bound and the explorer's last result. Storage and the URL
//! are the view's; the explorer runs in a worker and reports with [`Action::Explored`].

use std::rc::Rc;

use interleave_lessons::programs::Level;
use interleave_sim::Diagnostic;
use interleave_sim::program::{Program, State, parse};

use super::panels::Panels;
use super::{Explored, SampledRun};
use crate::parts::Loaded;

/// Where the learner is: the schedule played and how far along it the view is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Play {
    pub history: Vec<usize>,
    pub cursor: usize,
}

#[derive(Clone)]
pub struct Sync {
    pub levels: Rc<Vec<&'static Level>>,
    pub level: usize,
    pub text: String,
    /// The text parsed: the program, or its errors.
    pub parsed: Result<Rc<Program>, Vec<Diagnostic>>,
    /// Every state along the whole schedule (undone steps included, for redo); empty
    /// while the text has errors.
    pub states: Rc<Vec<State>>,
    pub play: Play,
    pub bound: Option<u32>,
    pub notice: Option<String>,
    pub explored: Option<Rc<Explored>>,
    /// The last random search, for a program past the explorer's reach.
    pub sampled: Option<Rc<SampledRun>>,
    /// The edited program that "back to the level's program" replaced, for its undo.
    pub undo_reset: Option<String>,
    /// The explorer's and random search's panels, once fetched after the page works.
    pub panels: Option<Loaded<Panels>>,
    /// They could not be fetched (offline before they were cached).
    pub panels_missing: bool,
}

pub enum Action {
    /// Another level, with its text (the learner's saved edit, or its own).
    ChooseLevel {
        index: usize,
        text: String,
    },
    /// The learner edited the program: the schedule is kept as far as it still fits.
    Edit(String),
    /// Back to the level's own program; one undo brings the edit back.
    Reset,
    UndoReset,
    /// The scheduler runs `thread` next (a new branch if the learner had undone).
    Step(usize),
    /// To this point of the schedule (undo, redo, the timeline).
    Jump(usize),
    /// A schedule to replay whole (the explorer's counterexample).
    Replay(Vec<usize>),
    Explored(Option<Rc<Explored>>),
    Sampled(Option<Rc<SampledRun>>),
    Bound(Option<u32>),
    /// The panels arrived.
    Panels(Loaded<Panels>),
    /// They could not be fetched.
    PanelsMissing,
}

impl Sync {
    pub fn new(
        levels: Rc<Vec<&'static Level>>,
        level: usize,
        text: String,
        play: Play,
        bound: Option<u32>,
        notice: Option<String>,
    ) -> Sync {
        let mut lab = Sync {
            levels,
            level,
            text: String::new(),
            parsed: Err(Vec::new()),
            states: Rc::new(Vec::new()),
            play,
            bound,
            notice,
            explored: None,
            sampled: None,
            undo_reset: None,
            panels: None,
            panels_missing: false,
        };
        lab.set_text(text);
        lab
    }

    pub fn current(&self) -> Option<&'static Level> {
        self.levels.get(self.level).copied()
    }

    /// Whether the text differs from the level's own.
    pub fn edited(&self) -> bool {
        self.current().is_some_and(|l| self.text != l.text)
    }

    /// The point of the schedule shown: within the states there are.
    pub fn cursor(&self) -> usize {
        self.play.cursor.min(self.states.len().saturating_sub(1))
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::ChooseLevel { index, text } => {
                if index < self.levels.len() {
                    self.level = index;
                    self.undo_reset = None;
                    self.play = Play::default();
                    self.explored = None;
                    self.sampled = None;
                    self.notice = None;
                    self.set_text(text);
                }
            }
            Action::Edit(text) => {
                self.undo_reset = None;
                if self.explored.as_ref().is_some_and(|e| e.text != text) {
                    self.explored = None;
                }
                if self.sampled.as_ref().is_some_and(|e| e.text != text) {
                    self.sampled = None;
                }
                self.set_text(text);
            }
            Action::Reset => {
                let Some(level) = self.current() else { return };
                // One click back: the edited text is kept until the learner types again.
                self.undo_reset = Some(std::mem::take(&mut self.text));
                self.play = Play::default();
                self.explored = None;
                self.sampled = None;
                self.set_text(level.text.to_string());
            }
            Action::UndoReset => {
                if let Some(edited) = self.undo_reset.take() {
                    self.set_text(edited);
                }
            }
            Action::Step(thread) => {
                let mut history = self.play.history[..self.play.cursor].to_vec();
                history.push(thread);
                let cursor = history.len();
                self.set_play(Play { history, cursor });
            }
            Action::Jump(to) => {
                self.play.cursor = to.min(self.play.history.len());
            }
            Action::Replay(mut history) => {
                // Only as far as it fits the program (a schedule of another text).
                if let Ok(program) = &self.parsed {
                    history.truncate(fitting_prefix(program, &history));
                }
                let cursor = history.len();
                self.set_play(Play { history, cursor });
            }
            Action::Explored(explored) => self.explored = explored,
            Action::Sampled(sampled) => self.sampled = sampled,
            Action::Bound(bound) => self.bound = bound,
            Action::Panels(panels) => {
                self.panels = Some(panels);
                self.panels_missing = false;
            }
            Action::PanelsMissing => self.panels_missing = true,
        }
    }

    /// A new text: parsed, and the schedule cut to what still fits it.
    fn set_text(&mut self, text: String) {
        self.parsed = parse(&text).map(Rc::new).map_err(|e| e.0);
        self.text = text;
        if let Ok(program) = &self.parsed {
            let fits = fitting_prefix(program, &self.play.history);
            self.play.history.truncate(fits);
            self.play.cursor = self.play.cursor.min(fits);
        }
        self.replay();
    }

    fn set_play(&mut self, play: Play) {
        self.play = play;
        self.replay();
    }

    fn replay(&mut self) {
        self.states = Rc::new(match &self.parsed {
            Ok(p) => p
                .replay(&self.play.history)
                .unwrap_or_else(|_| vec![p.initial()]),
            Err(_) => Vec::new(),
        });
    }
}

/// How many steps of `schedule` the program can take.
pub fn fitting_prefix(program: &Program, schedule: &[usize]) -> usize {
    match program.replay(schedule) {
        Ok(_) => schedule.len(),
        Err((at, _)) => at,
    }
}

/// Equal when what is on screen is: the text (the program follows from it), the
/// schedule, the states (by pointer), and the rest.
impl PartialEq for Sync {
    fn eq(&self, other: &Sync) -> bool {
        Rc::ptr_eq(&self.levels, &other.levels)
            && Rc::ptr_eq(&self.states, &other.states)
            && self.level == other.level
            && self.text == other.text
            && self.play == other.play
            && self.bound == other.bound
            && self.notice == other.notice
            && self.explored == other.explored
            && self.sampled == other.sampled
            && self.undo_reset == other.undo_reset
            && self.panels.is_some() == other.panels.is_some()
            && self.panels_missing == other.panels_missing
    }
}

crate::reducer::reducible!(Sync, Action);

#[cfg(test)]
mod tests;
