//! The lab's simulator: what parses a text, runs it (on a worker, and read back, when it
//! is large), draws the form that checks each change, sweeps a workload and exports a
//! run. The lab reaches it only through [`Engine`], a table the page is handed once the
//! code is there: on the web that code is a module of its own
//! (the `lab_engine` split), fetched once the page works. Until then the lab shows the
//! run the build made of its first workload ([`super::made`]), and a text typed
//! meanwhile waits for it.

use std::rc::Rc;

use interleave_sim::{Diagnostic, Scenario, parse_with};
use yew::{Callback, Html};

use super::export::{self, Export};
use super::form;
use super::state::{Action, CompareWith, Job, Runs};
use super::sweep;
use crate::components::timeline::lanes::{LIVE_EVENTS, Lanes, limits};
use crate::own_worker::OwnWorker;
use crate::parts::{Later, Live};
use crate::pool::Workers;

/// The simulator's entries, each a plain function.
#[derive(Clone, Copy)]
pub struct Engine {
    /// A text's run (or runs, with the comparison), or why not.
    pub evaluate: fn(&str, Option<&CompareWith>) -> Evaluated,
    /// The form's fields for a scenario, which check each change as the parser would
    /// and hand its text on.
    pub form: fn(Rc<Scenario>, Callback<String>) -> Html,
    /// A workload's sweep over core counts, beside the built-in pair, drawn.
    pub sweep: fn(Rc<Lanes>) -> Html,
    /// A run as a file to download.
    pub export: fn(Export, &Lanes) -> String,
    /// A job's text run on a worker of its own and read back a part at a time, telling
    /// its progress on the way: what the lab is told of it, none once it was cancelled
    /// or superseded.
    pub simulate: fn(Rc<OwnWorker>, Job, Live, Tell) -> Later<Action>,
}

/// Where work tells the lab how it goes.
pub type Tell = Rc<dyn Fn(Action)>;

/// What a text comes to.
pub enum Evaluated {
    /// It does not parse, or breaks the lab's limits.
    Invalid(Vec<Diagnostic>),
    /// It is too large to run on the page: a worker runs it (`tasks` of them).
    Job {
        tasks: usize,
    },
    Ran(Runs),
}

/// The engine, handed over by value (its functions' addresses), as the tour's are.
pub const ENGINE: Engine = Engine {
    evaluate,
    form: form::fields,
    sweep: sweep::charts,
    export: export::file,
    simulate,
};

/// The engine, once the page has it.
pub type Loaded = crate::parts::Loaded<Engine>;

/// Parses `text`; if it parses, runs it (with the comparison) when it is small by its
/// bound, or hands it to a worker.
fn evaluate(text: &str, compare: Option<&CompareWith>) -> Evaluated {
    let scenario = match parse_with(text, &limits()) {
        Ok(s) => s,
        Err(errors) => return Evaluated::Invalid(errors.0),
    };
    // By the run's bound, not its tasks: two lines can be a million events.
    let bound = scenario.sized(&limits()).ok();
    if bound.is_none_or(|b| b.events > LIVE_EVENTS) {
        return Evaluated::Job {
            tasks: scenario.lowered_size().0 as usize,
        };
    }
    Evaluated::Ran(Runs::new(&scenario, compare.cloned()))
}

fn simulate(own: Rc<OwnWorker>, job: Job, live: Live, tell: Tell) -> Later<Action> {
    let Job {
        generation, text, ..
    } = job;
    Box::pin(async move {
        let progress = move |done, all| {
            tell(Action::Progress {
                generation,
                done,
                all,
            })
        };
        let answer = own
            .run(async move |worker: &mut Workers| worker.simulate(&text, limits(), progress).await)
            .await;
        Some(match answer {
            Ok(None) => return None, // cancelled
            Ok(Some(Ok(words))) => match Lanes::from_words(&words, || live()).await {
                Ok(None) => return None, // superseded while it was read
                Ok(Some((lanes, written))) => Action::Ran {
                    generation,
                    lanes: Rc::new(lanes),
                    written,
                },
                Err(message) => Action::Failed {
                    generation,
                    message,
                },
            },
            Ok(Some(Err(diagnostics))) => Action::Invalid {
                generation,
                diagnostics,
            },
            Err(message) => Action::Failed {
                generation,
                message,
            },
        })
    })
}
