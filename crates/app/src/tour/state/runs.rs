//! A step's runs, made when the step opens, and a program played by hand on them.

use std::cell::RefCell;
use std::rc::Rc;

use interleave_lessons::tour::{Outcome, STEPS, Step, Truth};
use interleave_sim::program::{Program, State, Value};

use crate::components::timeline::lanes::Lanes;
use crate::tour::engine;

/// A step's runs, made when the step opens (small scenarios and programs, a few ms) by
/// its kind's engine: what they produced, the ways' timelines, and the answer to its
/// question. Pending while the kind's part is not loaded.
#[derive(Debug, PartialEq)]
pub struct Runs {
    pub outcome: Outcome,
    /// A timeline for each way of a step with ways.
    pub lanes: Vec<Rc<Lanes>>,
    /// The programs played by hand, shared with the views.
    pub programs: Vec<Rc<Program>>,
    /// For each program whose way watches a shared variable: the variable and the
    /// largest value it takes in any reachable state.
    pub most: Vec<Option<(&'static str, Value)>>,
    /// The answer computed from the runs; none when it is measured.
    pub truth: Option<Truth>,
    /// Whether the runs are still to be made, their engine not yet loaded.
    pub pending: bool,
}

thread_local! {
    /// Every step's runs made so far: a step's runs never change, so coming back to a
    /// step costs nothing.
    static MADE: RefCell<Vec<Option<Rc<Runs>>>> = const { RefCell::new(Vec::new()) };
}

impl Runs {
    /// The runs of step `n` of the tour, made the first time they are asked for once
    /// its kind's engine is loaded; pending until then.
    pub fn of_step(n: usize) -> Rc<Runs> {
        if let Some(made) = MADE.with_borrow(|m| m.get(n).cloned().flatten()) {
            return made;
        }
        let step = &STEPS[n];
        let Some(engine) = engine::of(step.widget.kind()) else {
            return Rc::new(Runs {
                pending: true,
                ..Runs::new(step, Outcome::default())
            });
        };
        let runs = Rc::new((engine.runs)(step));
        MADE.with_borrow_mut(|m| {
            if m.len() <= n {
                m.resize(n + 1, None);
            }
            m[n] = Some(runs.clone());
        });
        runs
    }

    /// `outcome` as a step's runs, with its answer: no timeline, and no program's
    /// largest values.
    pub fn new(step: &Step, outcome: Outcome) -> Runs {
        Runs {
            truth: step.question.as_ref().and_then(|q| q.truth(&outcome)),
            programs: outcome.programs.iter().cloned().map(Rc::new).collect(),
            outcome,
            lanes: Vec::new(),
            most: Vec::new(),
            pending: false,
        }
    }
}

/// A program played by hand: the threads chosen, how far along them the view is, and
/// every state along the whole schedule (undone steps included).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Hand {
    pub history: Vec<usize>,
    pub cursor: usize,
    pub states: Rc<Vec<State>>,
}

impl Hand {
    /// `schedule` played on `program`, as far as it fits.
    pub fn play(program: &Program, mut schedule: Vec<usize>, cursor: usize) -> Hand {
        let states = match program.replay(&schedule) {
            Ok(states) => states,
            Err((at, _)) => {
                schedule.truncate(at);
                program
                    .replay(&schedule)
                    .unwrap_or_else(|_| vec![program.initial()])
            }
        };
        Hand {
            cursor: cursor.min(schedule.len()),
            history: schedule,
            states: Rc::new(states),
        }
    }
}
