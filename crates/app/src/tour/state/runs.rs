//! A step's runs, made when the step opens, and a program played by hand on them.

use std::cell::RefCell;
use std::rc::Rc;

use interleave_lessons::tour::{Outcome, STEPS, Step, Truth, Widget, most};
use interleave_sim::program::{Program, State, Value};

use crate::components::timeline::lanes::Lanes;

/// A step's runs, made when the step opens (small scenarios and programs, a few ms):
/// what they produced, the ways' timelines, and the answer to its question.
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
}

thread_local! {
    /// Every step's runs made so far: a step's runs never change, so coming back to a
    /// step (and the summary, which quotes them all) costs nothing.
    static MADE: RefCell<Vec<Option<Rc<Runs>>>> = const { RefCell::new(Vec::new()) };
}

impl Runs {
    /// The runs of step `n` of the tour, made the first time they are asked for.
    pub fn of_step(n: usize) -> Rc<Runs> {
        if let Some(made) = MADE.with_borrow(|m| m.get(n).cloned().flatten()) {
            return made;
        }
        let runs = Rc::new(Runs::of(&STEPS[n]));
        MADE.with_borrow_mut(|m| {
            if m.len() <= n {
                m.resize(n + 1, None);
            }
            m[n] = Some(runs.clone());
        });
        runs
    }

    pub fn of(step: &Step) -> Runs {
        let outcome = step.run();
        let lanes = match step.widget {
            Widget::Ways { .. } => outcome
                .scenarios
                .iter()
                .zip(&outcome.reports)
                .map(|(s, r)| Rc::new(Lanes::new(s.clone(), r.clone())))
                .collect(),
            _ => Vec::new(),
        };
        let programs = outcome.programs.iter().cloned().map(Rc::new).collect();
        let most = match step.widget {
            Widget::Programs { ways, .. } => ways
                .iter()
                .zip(&outcome.programs)
                .map(|(w, p)| w.most.and_then(|var| Some((var, most(p, var)?))))
                .collect(),
            _ => Vec::new(),
        };
        let truth = step.question.as_ref().and_then(|q| q.truth(&outcome));
        Runs {
            outcome,
            lanes,
            programs,
            most,
            truth,
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
    pub(super) fn play(program: &Program, mut schedule: Vec<usize>, cursor: usize) -> Hand {
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
