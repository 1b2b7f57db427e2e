//! A reader of a lab's latest generation, for work started in an older one: work that
//! yields to the browser checks it before each step and stops once superseded.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

/// The lab's generation now, kept current at each render and shared with the work.
#[hook]
pub fn use_latest(generation: u64) -> Rc<Cell<u64>> {
    let latest = use_mut_ref(|| Rc::new(Cell::new(0u64))).borrow().clone();
    latest.set(generation);
    latest
}
