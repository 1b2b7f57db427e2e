//! The guided tour as data: short steps from one cook taking turns to servers and
//! their tails, each with its text, the runs its widget shows (simulated scenarios,
//! explored programs), and a question whose answer is computed from those runs (never
//! written down). Each step's `check` keeps what its text claims true on the simulator
//! and the explorer ("demos are tests"). The steps are in `tour/steps.rs`.

mod figures;
#[rustfmt::skip]
pub mod known;
mod steps;

pub use figures::{Figures, figures, outcomes};
pub use steps::STEPS;

use interleave_sim::latency::{Latency, latency};
use interleave_sim::program::{self, Exploration, FindingKind, Program, Search, explore};
use interleave_sim::{Options, Policy, Report, Scenario, Tick, parse, simulate_with};

use crate::programs::LEVELS;
use crate::systems;

/// One step of the tour.
pub struct Step {
    /// In the saved progress and in tests; never shown.
    pub id: &'static str,
    pub title: &'static str,
    /// Two to five sentences, the paragraphs split by blank lines.
    pub text: &'static str,
    pub widget: Widget,
    /// What the learner predicts before the answer shows; none where there is nothing
    /// to predict.
    pub question: Option<Question>,
    /// Checks what the text claims, on the step's runs (in [`Step::scenarios`] order).
    /// None for a step measured on the visitor's machine, whose text claims no figure
    /// (no machine's can be known here): its end-to-end test checks in a browser that
    /// the figures it shows are the ones its times give.
    #[cfg(any(test, feature = "claims"))]
    pub check: Option<Check>,
}

/// A check of what a step claims, on its runs.
pub type Check = fn(&Outcome) -> Result<(), String>;

/// What a step runs and shows.
pub enum Widget {
    /// One workload run several ways; the learner flips between them. The ways from
    /// `hidden` on are what the question is about: they show once it is answered.
    Ways {
        text: &'static str,
        ways: &'static [Way],
        hidden: usize,
        view: View,
    },
    /// Workloads on 1 to `cores` cores, as speedup curves; the workloads from
    /// `hidden` on show once the question is answered.
    Sweep {
        workloads: &'static [Workload],
        cores: u32,
        hidden: usize,
    },
    /// A real kernel timed on one worker, then on every hardware thread the browser
    /// reports, on the visitor's machine, once the question is answered.
    Cores,
    /// What the learner found on the way: the steps' figures and their predictions,
    /// in a table of concurrency against parallelism.
    Summary,
    /// The same kernel with its first `percent` of the items counted by one worker
    /// before the rest is split, timed on 1, 2, ... workers, on the visitor's machine:
    /// the serial fraction fitted to the speedups, under Amdahl's and Gustafson's laws.
    Serial { percent: u32 },
    /// Programs of threads that share memory, one per way: the learner plays the
    /// chosen one by hand, a step at a time, and once the question is answered sees
    /// what the explorer finds over all of its interleavings. The ways before
    /// `hidden` can be played before the answer, and the last of them is the one the
    /// question is about. With `race`, real workers then race on one counter, where
    /// the page may share memory.
    Programs {
        ways: &'static [Shared],
        hidden: usize,
        race: bool,
    },
    /// Server designs compared by the latency of their requests, in groups that each
    /// serve one workload; the groups from `hidden` on show once answered.
    Servers {
        groups: &'static [Group],
        hidden: usize,
    },
}

/// A program a step plays: a level of the synchronisation lessons.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shared {
    pub label: &'static str,
    /// The level's id in [`LEVELS`] (a test checks that it is there).
    pub level: &'static str,
    /// A shared variable whose largest value over every reachable state is shown
    /// (how many threads are inside at once).
    pub most: Option<&'static str>,
}

impl Shared {
    pub fn level(&self) -> &'static crate::programs::Level {
        LEVELS
            .iter()
            .find(|l| l.id == self.level)
            .expect("a level of the synchronisation lessons")
    }
}

/// Server designs serving one workload: a system lab's, under its models.
#[derive(Debug, PartialEq)]
pub struct Group {
    pub caption: &'static str,
    pub ways: &'static [Served],
}

/// One way to serve a system lab's workload: the lab's text with its knob at a value
/// and served by one of its models (None: as written).
#[derive(Debug, PartialEq)]
pub struct Served {
    pub label: &'static str,
    pub study: &'static str,
    pub model: Option<&'static str>,
    pub knob: Option<u32>,
}

impl Served {
    pub fn study(&self) -> &'static systems::Study {
        systems::find(self.study).expect("a system lab")
    }

    pub fn scenario(&self) -> Scenario {
        let study = self.study();
        let model = self
            .model
            .map(|m| study.model(m).expect("a model of the lab"));
        let runs = study.configurations(&study.scenario(), self.knob, model);
        runs.b.unwrap_or(runs.a)
    }
}

/// How a step with ways shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The timeline and figures of the chosen way.
    Timeline,
    /// Each way placed in the table of concurrent? by parallel?, and the chosen way's
    /// timeline.
    Quadrants,
}

/// One way to run a step's workload: what it changes in the text's scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Way {
    pub label: &'static str,
    pub cores: Option<u32>,
    pub policy: Option<Policy>,
    pub switch: Option<Tick>,
}

impl Way {
    /// The workload as written.
    pub const AS_WRITTEN: Way = Way {
        label: "",
        cores: None,
        policy: None,
        switch: None,
    };
}

/// A workload of a sweep.
#[derive(Debug, PartialEq)]
pub struct Workload {
    pub label: &'static str,
    pub text: &'static str,
}

/// The question a step asks before it shows its answer.
pub struct Question {
    pub prompt: &'static str,
    pub answer: Answer,
}

pub enum Answer {
    /// A number, right within `within` of it (a fraction of it), computed from the runs.
    Number {
        unit: &'static str,
        within: f64,
        of: fn(&Outcome) -> f64,
    },
    /// One of `options`; the right one computed from the runs.
    Choice {
        options: &'static [&'static str],
        of: fn(&Outcome) -> usize,
    },
    /// A number measured on the visitor's machine, right within `within` of it.
    Measured { unit: &'static str, within: f64 },
}

/// The right answer to a step's question, computed from its runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Truth {
    Number(f64),
    Choice(usize),
}

impl Question {
    /// The answer, computed from the step's runs; none for a measured answer, which
    /// only the visitor's machine knows.
    pub fn truth(&self, outcome: &Outcome) -> Option<Truth> {
        match self.answer {
            Answer::Number { of, .. } => Some(Truth::Number(of(outcome))),
            Answer::Choice { of, .. } => Some(Truth::Choice(of(outcome))),
            Answer::Measured { .. } => None,
        }
    }

    /// Whether a guess is right: a choice exactly, a number within the question's margin.
    pub fn judge(&self, truth: Truth, guess: Truth) -> bool {
        match (truth, guess, &self.answer) {
            (
                Truth::Number(t),
                Truth::Number(g),
                Answer::Number { within, .. } | Answer::Measured { within, .. },
            ) => (g - t).abs() <= within * t.abs() + 1e-9,
            (Truth::Choice(t), Truth::Choice(g), _) => t == g,
            _ => false,
        }
    }
}

/// What a step's widget runs, and so which code a page of it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Scenarios on the simulator: ways, sweeps and servers.
    Simulated,
    /// A job timed on the visitor's own cores.
    Measured,
    /// Programs played by hand and explored.
    Programs,
    /// The summary, which quotes the others.
    Summary,
}

impl Widget {
    pub const fn kind(&self) -> Kind {
        match self {
            Widget::Ways { .. } | Widget::Sweep { .. } | Widget::Servers { .. } => Kind::Simulated,
            Widget::Cores | Widget::Serial { .. } => Kind::Measured,
            Widget::Programs { .. } => Kind::Programs,
            Widget::Summary => Kind::Summary,
        }
    }
}

/// Each step's kind, made at compile time: a page that only needs to know which code a
/// step needs holds this, and not the steps (their texts, runs and checks).
pub static KINDS: [Kind; steps::ALL.len()] = kinds(&steps::ALL);

const fn kinds<const N: usize>(steps: &[Step; N]) -> [Kind; N] {
    let mut out = [Kind::Summary; N];
    let mut i = 0;
    while i < N {
        out[i] = steps[i].widget.kind();
        i += 1;
    }
    out
}

/// What a step's runs produced, for its widget, its question and its check.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// The scenarios run, in [`Step::scenarios`] order, and their reports (without a
    /// trace for servers, whose latencies are what counts).
    pub scenarios: Vec<Scenario>,
    pub reports: Vec<Report>,
    /// For servers: each run's latency figures.
    pub latencies: Vec<Latency>,
    /// The programs played, and what the explorer found in each.
    pub programs: Vec<Program>,
    pub explored: Vec<Exploration>,
}

impl Outcome {
    /// The same runs with every program explored.
    fn explored(self) -> Outcome {
        let explored = self
            .programs
            .iter()
            .map(|p| explore(p, Search::default()))
            .collect();
        Outcome { explored, ..self }
    }
}

impl Step {
    /// Every scenario the step runs, in order: its ways, each workload on 1, 2, ...
    /// cores, or each group's designs. Texts are the lessons' own, so they parse (a
    /// test checks).
    pub fn scenarios(&self) -> Vec<Scenario> {
        match &self.widget {
            Widget::Ways { text, ways, .. } => {
                let base = parse(text).expect("a tour text parses");
                ways.iter().map(|w| w.apply(&base)).collect()
            }
            Widget::Sweep {
                workloads, cores, ..
            } => workloads
                .iter()
                .flat_map(|w| {
                    let base = parse(w.text).expect("a tour text parses");
                    (1..=*cores).map(move |c| Scenario {
                        cores: c,
                        ..base.clone()
                    })
                })
                .collect(),
            Widget::Servers { groups, .. } => groups
                .iter()
                .flat_map(|g| g.ways.iter().map(Served::scenario))
                .collect(),
            Widget::Cores | Widget::Serial { .. } | Widget::Summary | Widget::Programs { .. } => {
                Vec::new()
            }
        }
    }

    /// The programs the step plays, parsed (they are the lessons' own).
    pub fn programs(&self) -> Vec<Program> {
        match &self.widget {
            Widget::Programs { ways, .. } => ways
                .iter()
                .map(|w| program::parse(w.level().text).expect("a level parses"))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Runs the step: its scenarios simulated, its programs explored (every one is
    /// small: a few hundred states at most).
    pub fn run(&self) -> Outcome {
        Outcome {
            programs: self.programs(),
            ..self.simulate()
        }
        .explored()
    }

    /// The step's scenarios run, and nothing else (no program parsed or explored): what
    /// a step of scenarios needs, without the explorer's code.
    pub fn simulate(&self) -> Outcome {
        let scenarios = self.scenarios();
        let servers = matches!(self.widget, Widget::Servers { .. });
        let reports: Vec<Report> = scenarios
            .iter()
            .map(|s| simulate_with(s, Options { trace: !servers }))
            .collect();
        let latencies = if servers {
            scenarios
                .iter()
                .zip(&reports)
                .map(|(s, r)| latency(s, r))
                .collect()
        } else {
            Vec::new()
        };
        Outcome {
            scenarios,
            reports,
            latencies,
            ..Outcome::default()
        }
    }

    /// The step's programs explored, and nothing else (no scenario run): what a step of
    /// programs needs, without the scheduler's code.
    pub fn explore(&self) -> Outcome {
        Outcome {
            programs: self.programs(),
            ..Outcome::default()
        }
        .explored()
    }

    /// The answer to the step's question, from its own runs (none when it is measured
    /// or there is no question).
    pub fn truth(&self) -> Option<Truth> {
        self.question.as_ref()?.truth(&self.run())
    }

    /// The text the lab opens with from this step: `scenario` under a comment naming
    /// the step.
    pub fn lab_text(&self, number: usize, scenario: &Scenario) -> String {
        format!("# The tour, step {number}: {}\n{scenario}", self.title)
    }
}

impl Way {
    pub fn apply(&self, base: &Scenario) -> Scenario {
        let mut s = base.clone();
        if let Some(cores) = self.cores {
            s.cores = cores;
        }
        if let Some(policy) = &self.policy {
            s.policy = policy.clone();
        }
        if let Some(switch) = self.switch {
            s.switch_cost = switch;
        }
        s
    }
}

/// A sweep's speedups: for each workload, (cores, makespan on 1 core / makespan on
/// `cores`), from [`Step::scenarios`]' reports.
pub fn speedups(reports: &[Report], cores: u32) -> Vec<Vec<(u32, f64)>> {
    reports
        .chunks(cores as usize)
        .map(|runs| {
            let one = runs.first().map_or(0, |r| r.makespan) as f64;
            runs.iter()
                .map(|r| (r.cores, one / (r.makespan.max(1) as f64)))
                .collect()
        })
        .collect()
}

/// The four places a run can sit: neither concurrent nor parallel, concurrent only,
/// parallel only, both. The index of a run's place in [`QUADRANTS`].
pub fn quadrant(report: &Report) -> usize {
    let o = report.overlap();
    usize::from(o.concurrent()) + 2 * usize::from(o.parallel())
}

pub const QUADRANTS: &[&str] = &[
    "neither: one task at a time",
    "concurrent, not parallel",
    "parallel, not concurrent",
    "concurrent and parallel",
];

/// The task that finishes last (the first of them at a tie), by its index.
fn last_done(report: &Report) -> usize {
    let mut last = 0;
    for (i, t) in report.tasks.iter().enumerate() {
        if t.completion > report.tasks[last].completion {
            last = i;
        }
    }
    last
}

/// The index whose `figure` is largest (the first at a tie).
fn largest<T>(items: &[T], figure: impl Fn(&T) -> f64) -> usize {
    let mut best = 0;
    for (i, item) in items.iter().enumerate() {
        if figure(item) > figure(&items[best]) {
            best = i;
        }
    }
    best
}

/// The index whose `figure` is smallest (the first at a tie).
fn smallest<T>(items: &[T], figure: impl Fn(&T) -> f64) -> usize {
    largest(items, |x| -figure(x))
}

/// Runs that end in a deadlock, over every interleaving explored.
pub fn deadlocked_runs(e: &Exploration) -> u128 {
    e.findings
        .iter()
        .filter(|f| f.kind == FindingKind::Deadlock)
        .filter_map(|f| f.interleavings)
        .sum()
}

/// The largest value the shared variable `var` takes in any state the program can
/// reach (None: no such variable, or more states than a tour's program has).
pub fn most(program: &Program, var: &str) -> Option<program::Value> {
    const LIMIT: usize = 100_000;
    let index = program.shared.iter().position(|v| v.name == var)?;
    let start = program.initial();
    let mut seen = std::collections::HashSet::from([start.clone()]);
    let mut todo = vec![start];
    let mut top = program::Value::MIN;
    while let Some(state) = todo.pop() {
        top = top.max(program.shared_value(&state, index));
        for thread in 0..program.threads.len() {
            if let Some(next) = program.step(&state, thread)
                && seen.insert(next.clone())
            {
                if seen.len() > LIMIT {
                    return None;
                }
                todo.push(next);
            }
        }
    }
    Some(top)
}

#[cfg(any(test, feature = "claims"))]
fn expect(ok: bool, what: &str) -> Result<(), String> {
    crate::expect(ok, what)
}

#[cfg(test)]
mod tests;
