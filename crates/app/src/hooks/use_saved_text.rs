//! The learner's text in a lab: every change (typing, a preset or reset that replaces
//! it, the undo of that) is saved at once, dispatched to the lab, and, for labs that
//! parse once typing pauses, followed by that action 250 ms after the last change.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// How long typing must pause before the lab parses.
const PAUSE_MS: u32 = 250;

/// Changes a lab's text: see [`use_saved_text`].
pub struct SavedText<R: Reducible> {
    lab: UseReducerDispatcher<R>,
    paused: Option<fn() -> R::Action>,
    pending: Rc<RefCell<Option<Timeout>>>,
}

impl<R: Reducible> Clone for SavedText<R> {
    fn clone(&self) -> Self {
        SavedText {
            lab: self.lab.clone(),
            paused: self.paused,
            pending: self.pending.clone(),
        }
    }
}

impl<R: Reducible + 'static> SavedText<R> {
    /// Saves `text` under `key` (forgets it when it is `original` again), dispatches
    /// `action`, and starts the pause anew.
    pub fn change(&self, key: &str, original: Option<&str>, action: R::Action, text: &str) {
        if original == Some(text) {
            crate::storage::remove(key);
        } else {
            crate::storage::save(key, text);
        }
        self.lab.dispatch(action);
        if let Some(paused) = self.paused {
            let lab = self.lab.clone();
            // The previous pending action is dropped, which cancels it.
            *self.pending.borrow_mut() =
                Some(Timeout::new(PAUSE_MS, move || lab.dispatch(paused())));
        }
    }
}

/// The text of `lab`, saved as it changes; `paused`, if any, is dispatched once
/// typing pauses.
#[hook]
pub fn use_saved_text<R: Reducible + 'static>(
    lab: &UseReducerHandle<R>,
    paused: Option<fn() -> R::Action>,
) -> SavedText<R> {
    let pending = use_mut_ref(|| None::<Timeout>);
    SavedText {
        lab: lab.dispatcher(),
        paused,
        pending,
    }
}
