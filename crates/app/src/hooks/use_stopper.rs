//! Workers stopped at once when the work they run is no longer wanted.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::pool::Canceller;

/// Where a running job leaves its workers' canceller. When the reducer says the job is
/// no longer under way (`busy` turns false: a cancel, or the learner left) and a
/// canceller is still there, the workers are terminated at once rather than at the
/// job's next step. A job that ends on its own takes its canceller out first.
#[hook]
pub fn use_stopper(busy: bool) -> Rc<RefCell<Option<Canceller>>> {
    let stopper = use_mut_ref(|| None::<Canceller>);
    {
        let stopper = stopper.clone();
        use_effect_with(busy, move |&busy| {
            if !busy && let Some(c) = stopper.borrow_mut().take() {
                c.cancel();
            }
        });
    }
    stopper
}
