//! The message-queue lesson as a reducer: the learner's queue scenario, its run as
//! written (or with the first group's consumers set by the knob), and the sweep of
//! those consumers, point by point. No browser in it; tested natively in
//! `state/tests.rs`.

use std::rc::Rc;

use interleave_lessons::queue::{WORKLOADS, compare, sweep_values};
use interleave_sim::messaging::{Flow, Messaging, SweepRow, simulate};
use interleave_sim::{Diagnostic, Limits, parse_with};

/// What the lesson runs on the page: each run in a few tens of milliseconds.
pub fn limits() -> Limits {
    Limits {
        tasks: 100_000,
        events: 200_000,
        ..Limits::default()
    }
}

/// The lesson's own workload, which it opens on.
pub fn own_text() -> &'static str {
    WORKLOADS[0].text
}

#[derive(Debug, Clone, PartialEq)]
pub struct QueueLab {
    pub text: String,
    /// The text's errors, each at its line and column; the last good run stays.
    pub diagnostics: Vec<Diagnostic>,
    pub notice: Option<String>,
    /// The last text that read, as a scenario and its seed.
    pub written: Option<Rc<(Messaging, u64)>>,
    /// The text that last read (what a link carries).
    pub evaluated: Option<Rc<str>>,
    /// The first group's consumers, if the knob sets them (else as written).
    pub consumers: Option<u32>,
    pub flow: Option<Rc<Flow>>,
    /// Another way to run the same queue ([`interleave_lessons::queue::COMPARES`]), and
    /// its run.
    pub compare: Option<&'static str>,
    pub compared: Option<Rc<Flow>>,
    /// The sweep of the first group's consumers: its generation (a new text starts a
    /// new one, and older points are dropped), its points so far, and whether done.
    pub generation: u64,
    pub sweep: Vec<SweepRow>,
    pub swept: bool,
}

pub enum Action {
    Edit(String),
    /// Typing paused: read the text, and run it if it reads.
    Evaluate,
    /// One of the lesson's workloads replaces the text.
    Workload(&'static str),
    /// The knob: the first group's consumers, or as written.
    Consumers(Option<u32>),
    /// What to compare the run with, if anything (an id of `COMPARES`).
    Compare(Option<&'static str>),
    /// A point of the sweep of `generation`.
    Swept {
        generation: u64,
        row: SweepRow,
    },
    SweepEnded {
        generation: u64,
    },
}

impl QueueLab {
    pub fn new(
        text: String,
        notice: Option<String>,
        consumers: Option<u32>,
        compare: Option<&'static str>,
    ) -> QueueLab {
        QueueLab {
            text,
            diagnostics: Vec::new(),
            notice,
            written: None,
            evaluated: None,
            consumers,
            flow: None,
            compare,
            compared: None,
            generation: 0,
            sweep: Vec::new(),
            swept: false,
        }
    }

    /// The consumers the sweep tries, for the scenario that last read.
    pub fn sweep_values(&self) -> Vec<u32> {
        self.written
            .as_ref()
            .map(|w| sweep_values(&w.0).collect())
            .unwrap_or_default()
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Edit(text) => self.text = text,
            Action::Evaluate => self.evaluate(),
            Action::Workload(id) => {
                if let Some(w) = WORKLOADS.iter().find(|w| w.id == id) {
                    self.text = w.text.to_string();
                    self.consumers = None;
                    self.evaluate();
                }
            }
            Action::Consumers(k) => {
                self.consumers = k;
                self.run();
            }
            Action::Compare(id) => {
                self.compare = id.and_then(compare).map(|c| c.id);
                self.run();
            }
            Action::Swept { generation, row } if generation == self.generation => {
                self.sweep.push(row);
            }
            Action::SweepEnded { generation } if generation == self.generation => {
                self.swept = true;
            }
            Action::Swept { .. } | Action::SweepEnded { .. } => {}
        }
    }

    fn evaluate(&mut self) {
        let read = parse_with(&self.text, &limits()).map_err(|e| e.0).and_then(|s| {
            match s.messaging {
                Some(m) => Ok((m, s.seed)),
                None => Err(vec![Diagnostic {
                    line: 1,
                    col: 1,
                    message: "this lesson runs a message queue: write a queue, a producer and a group (see \u{201c}What the lines mean\u{201d})".into(),
                }]),
            }
        });
        match read {
            Ok(written) => {
                self.diagnostics.clear();
                self.evaluated = Some(self.text.as_str().into());
                self.written = Some(Rc::new(written));
                self.run();
                self.generation += 1;
                self.sweep.clear();
                self.swept = false;
            }
            Err(diagnostics) => self.diagnostics = diagnostics,
        }
    }

    /// Runs the scenario that last read, with the knob's consumers, and the other way
    /// to run it, if one is chosen.
    fn run(&mut self) {
        if let Some(w) = &self.written {
            let (m, seed) = &**w;
            let m = match self.consumers {
                Some(k) => m.with_consumers(0, k),
                None => m.clone(),
            };
            let other = self.compare.and_then(compare).map(|c| c.apply(&m));
            self.compared = other.map(|o| Rc::new(simulate(&o, *seed)));
            self.flow = Some(Rc::new(simulate(&m, *seed)));
        }
    }
}

crate::reducer::reducible!(QueueLab, Action);

#[cfg(test)]
mod tests;
