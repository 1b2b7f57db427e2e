//! What a step of each kind runs and shows, apart from the tour's frame (its reducer,
//! progress, question and links). A kind's code (the scheduler's engine, the explorer,
//! the workers) is in a part of its own (`parts.rs`), which installs its engine here
//! when it is loaded: a step then fetches the frame and its own kind, not the others.
//! The summary quotes every step's figures, known at build time, and runs nothing.
//! Natively every engine is there, as the build renders each step's first state.

pub use interleave_lessons::tour::Kind;
use interleave_lessons::tour::Step;
use interleave_sim::program::Program;
use yew::prelude::*;

use super::state::{Hand, Runs, Tour};
use super::step::StepProps;

/// A kind's code.
#[derive(Clone, Copy)]
pub struct Engine {
    /// A step's runs.
    pub runs: fn(&Step) -> Runs,
    /// A step's widget.
    pub widget: fn(&StepProps) -> Html,
    /// The link that opens the step's run in its lab.
    pub lab: fn(&Tour, u32) -> String,
    /// A schedule played by hand on a program, from a cursor.
    pub play: fn(&Program, Vec<usize>, usize) -> Hand,
}

/// For a kind that runs nothing of its own (a step measured on the visitor's
/// machine, the summary): no runs, and no answer computed.
pub fn no_runs(step: &Step) -> Runs {
    Runs::new(step, interleave_lessons::tour::Outcome::default())
}

/// For a kind that plays no program.
pub fn no_play(_: &Program, _: Vec<usize>, _: usize) -> Hand {
    Hand::default()
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    static INSTALLED: std::cell::RefCell<Vec<(Kind, Engine)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Makes `kind`'s engine available (its part does, once loaded).
#[cfg(target_arch = "wasm32")]
pub fn install(kind: Kind, engine: Engine) {
    INSTALLED.with_borrow_mut(|installed| {
        if !installed.iter().any(|(k, _)| *k == kind) {
            installed.push((kind, engine));
        }
    });
}

/// The engine of `kind`, if its part is loaded.
#[cfg(target_arch = "wasm32")]
pub fn of(kind: Kind) -> Option<Engine> {
    INSTALLED.with_borrow(|installed| installed.iter().find(|(k, _)| *k == kind).map(|(_, e)| *e))
}

/// Natively every engine is there already.
#[cfg(not(target_arch = "wasm32"))]
pub fn install(_: Kind, _: Engine) {}

/// The engine of `kind`: natively, all are.
#[cfg(not(target_arch = "wasm32"))]
pub fn of(kind: Kind) -> Option<Engine> {
    Some(match kind {
        Kind::Simulated => super::simulated::ENGINE,
        Kind::Measured => super::measured::ENGINE,
        Kind::Programs => super::programs::ENGINE,
        Kind::Summary => super::summary::ENGINE,
    })
}
