//! The lesson's side effects: the probe and the sweep, run on the workers for each
//! one the reducer accepts, reporting back as actions; and Cancel, which stops the
//! running workers at once.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::run::{Sweeper, probe_cores};
use super::state::{Action, Probe, Report, Scaling};
use crate::components::status::StartedHandle;
use crate::hooks::{use_run, use_stopper};
use crate::pool::CANCELLED;

thread_local! {
    /// Measured once per page load: every visit of the lesson reuses it.
    static PROBE: RefCell<Option<Probe>> = const { RefCell::new(None) };
}

/// The probe's figure of an earlier visit, if any.
pub(super) fn kept_probe() -> Option<Probe> {
    PROBE.with(|p| p.borrow().clone())
}

/// Measures the cores for each probe the lesson asks for.
#[hook]
pub(super) fn use_probe(lesson: &UseReducerHandle<Scaling>, hint: u32) {
    let report = lesson.dispatcher();
    use_run(lesson.probe.number, move |_| async move {
        let result = probe_cores(hint).await;
        if let Ok(figure) = &result {
            PROBE.with(|p| *p.borrow_mut() = Some(figure.clone()));
        }
        report.dispatch(Action::Probed(result));
    });
}

/// Runs each sweep the lesson starts. The sweep checks between steps that it is still
/// the lesson's sweep under way; when it no longer is (a cancel), its workers are
/// terminated at once rather than at the next step.
#[hook]
pub(super) fn use_sweep(lesson: &UseReducerHandle<Scaling>) {
    let started = use_context::<StartedHandle>();
    let sweep = &lesson.sweep;
    let canceller = use_stopper(sweep.busy());
    let under_way = use_mut_ref(|| 0u32);
    *under_way.borrow_mut() = if sweep.busy() { sweep.number } else { 0 };
    let (dispatcher, settings) = (lesson.dispatcher(), sweep.settings);
    use_run(sweep.number, move |number| async move {
        let Some(settings) = settings else { return };
        let sweeper = Sweeper {
            report: |report| dispatcher.dispatch(Action::Report(number, report)),
            wanted: || *under_way.borrow() == number,
            canceller: Rc::clone(&canceller),
            started,
        };
        let result = sweeper.run(settings).await;
        // The workers ended well or are gone: nothing is left to cancel.
        canceller.borrow_mut().take();
        (sweeper.report)(match result {
            Ok(()) => Report::Finished,
            Err(message) if message == CANCELLED => return,
            Err(message) => Report::Failed(message),
        });
    });
}
