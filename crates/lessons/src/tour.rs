//! The guided tour as data: short steps from one cook taking turns to the cost of a
//! switch, each with its text, the runs its widget shows, and a question whose answer
//! is computed from those runs (never written down). Each step's `check` keeps what
//! its text claims true on the simulator ("demos are tests").

use interleave_sim::{Policy, Report, Scenario, Tick, parse};

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
    /// None for a step measured on the visitor's machine: its end-to-end test checks
    /// it in a browser.
    pub check: Option<Check>,
}

/// A check of what a step claims, on its runs.
pub type Check = fn(&[&Report]) -> Result<(), String>;

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
#[derive(Debug, Clone, Copy, PartialEq)]
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
        of: fn(&[&Report]) -> f64,
    },
    /// One of `options`; the right one computed from the runs.
    Choice {
        options: &'static [&'static str],
        of: fn(&[&Report]) -> usize,
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
    pub fn truth(&self, reports: &[&Report]) -> Option<Truth> {
        match self.answer {
            Answer::Number { of, .. } => Some(Truth::Number(of(reports))),
            Answer::Choice { of, .. } => Some(Truth::Choice(of(reports))),
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

impl Step {
    /// Every scenario the step runs, in order: its ways, or each workload on 1, 2, ...
    /// cores. Texts are the lessons' own, so they parse (a test checks).
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
            Widget::Cores | Widget::Serial { .. } | Widget::Summary => Vec::new(),
        }
    }

    /// Its scenarios' runs, in [`Step::scenarios`] order.
    pub fn reports(&self) -> Vec<Report> {
        self.scenarios()
            .iter()
            .map(interleave_sim::simulate)
            .collect()
    }

    /// The answer to the step's question, from its own runs (none when it is measured
    /// or there is no question).
    pub fn truth(&self) -> Option<Truth> {
        let reports = self.reports();
        let refs: Vec<&Report> = reports.iter().collect();
        self.question.as_ref()?.truth(&refs)
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
        if let Some(policy) = self.policy {
            s.policy = policy;
        }
        if let Some(switch) = self.switch {
            s.switch_cost = switch;
        }
        s
    }
}

/// A sweep's speedups: for each workload, (cores, makespan on 1 core / makespan on
/// `cores`), from [`Step::scenarios`]' reports.
pub fn speedups(reports: &[&Report], cores: u32) -> Vec<Vec<(u32, f64)>> {
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

/// The way whose `figure` is largest (the first at a tie).
fn largest(reports: &[&Report], figure: fn(&Report) -> f64) -> usize {
    let mut best = 0;
    for (i, r) in reports.iter().enumerate() {
        if figure(r) > figure(reports[best]) {
            best = i;
        }
    }
    best
}

/// The simulated figures the summary quotes, each from its step's own runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    /// The chef's orders, all done: one cook, three cooks.
    pub cooks: (Tick, Tick),
    /// Speedup on 4 cores: the tasks that compute, the requests that wait.
    pub on_four: (f64, f64),
    /// Quantum 1 against quantum 20: switches, makespans, average responses.
    pub switches: (u64, u64),
    pub makespans: (Tick, Tick),
    pub responses: (f64, f64),
}

fn runs_of(id: &str) -> Vec<Report> {
    let step = STEPS.iter().find(|s| s.id == id);
    step.expect("a step of the tour").reports()
}

/// Runs the steps the summary quotes (a few small scenarios).
pub fn figures() -> Figures {
    let cooks = runs_of("three-cooks");
    let sweep = runs_of("waiting-working");
    let refs: Vec<&Report> = sweep.iter().collect();
    let s = speedups(&refs, 6);
    let q = runs_of("switching-cost");
    let (first, last) = (&q[0], &q[q.len() - 1]);
    Figures {
        cooks: (cooks[0].makespan, cooks[1].makespan),
        on_four: (s[0][3].1, s[1][3].1),
        switches: (first.context_switches, last.context_switches),
        makespans: (first.makespan, last.makespan),
        responses: (first.averages().response, last.averages().response),
    }
}

fn expect(ok: bool, what: &str) -> Result<(), String> {
    crate::expect(ok, what)
}

const RR2: Policy = Policy::RoundRobin { quantum: 2 };

pub static STEPS: &[Step] = &[
    Step {
        id: "one-cook",
        title: "One cook, three orders",
        text: "A kitchen has one cook and three orders. The cook works on an order for two \
               minutes, then turns to the next, and while the fries sit in the fryer the \
               cook is free for something else.\n\n\
               That is concurrency: three orders in progress, one pair of hands taking \
               turns. In the timeline, the top lane is the cook (a core) and the lanes \
               below are the orders (tasks): grey is an order ready and waiting for the \
               cook, dotted is an order waiting on the fryer.",
        widget: Widget::Ways {
            text: include_str!("presets/chef.scn"),
            ways: &[Way {
                label: "One cook",
                ..Way::AS_WRITTEN
            }],
            hidden: 0,
            view: View::Timeline,
        },
        question: Some(Question {
            prompt: "Before you play it: which order will be done last?",
            answer: Answer::Choice {
                options: &["the fries", "the meat", "the salad"],
                of: |r| last_done(r[0]),
            },
        }),
        check: Some(|r| {
            expect(
                r[0].overlap().concurrent() && !r[0].overlap().parallel(),
                "one cook is concurrent and not parallel",
            )
        }),
    },
    Step {
        id: "three-cooks",
        title: "Three cooks",
        text: "Now three cooks share the same three orders. Each order has a cook of its \
               own from the start, so no order waits for free hands: the orders cook at \
               the same instant. That is parallelism.\n\n\
               The switch flips between the kitchen with one cook and with three: the \
               same orders, two timelines, and their figures side by side.",
        widget: Widget::Ways {
            text: include_str!("presets/chef.scn"),
            ways: &[
                Way {
                    label: "One cook",
                    cores: Some(1),
                    ..Way::AS_WRITTEN
                },
                Way {
                    label: "Three cooks",
                    cores: Some(3),
                    ..Way::AS_WRITTEN
                },
            ],
            hidden: 1,
            view: View::Timeline,
        },
        question: Some(Question {
            prompt: "One cook needs the time on the timeline. How long will three cooks \
                     need for all three orders, in minutes (ticks)?",
            answer: Answer::Number {
                unit: "ticks",
                within: 0.1,
                of: |r| r[1].makespan as f64,
            },
        }),
        check: Some(|r| {
            expect(
                r[1].makespan < r[0].makespan,
                "three cooks finish sooner than one",
            )?;
            expect(
                r[1].averages().response < r[0].averages().response,
                "three cooks start every order sooner",
            )
        }),
    },
    Step {
        id: "structure-execution",
        title: "Structure and execution",
        text: "Concurrency is about structure: several tasks in progress at once, taking \
               turns. Parallelism is about execution: several tasks running at the same \
               instant. A run can be either, both or neither.\n\n\
               Four tasks that only compute run three ways here, and the table places each \
               run by what happened in it, read off its timeline. The fourth corner, \
               parallel but not concurrent, is one task split over several cores, like \
               the real kernels later in the tour.",
        widget: Widget::Ways {
            text: include_str!("presets/cpu_bound.scn"),
            ways: &[
                Way {
                    label: "One core, one task at a time",
                    cores: Some(1),
                    policy: Some(Policy::Fcfs),
                    switch: None,
                },
                Way {
                    label: "One core, taking turns",
                    cores: Some(1),
                    policy: Some(RR2),
                    switch: None,
                },
                Way {
                    label: "Four cores, taking turns",
                    cores: Some(4),
                    policy: Some(RR2),
                    switch: None,
                },
            ],
            hidden: 1,
            view: View::Quadrants,
        },
        question: Some(Question {
            prompt: "Where does the run that takes turns on one core sit?",
            answer: Answer::Choice {
                options: QUADRANTS,
                of: |r| quadrant(r[1]),
            },
        }),
        check: Some(|r| {
            let places: Vec<usize> = r.iter().map(|r| quadrant(r)).collect();
            expect(
                places == [0, 1, 3],
                "one at a time is neither, taking turns is concurrent, four cores are both",
            )
        }),
    },
    Step {
        id: "waiting-working",
        title: "Waiting is not working",
        text: "Some tasks mostly compute. Others mostly wait: for a disk, a database, the \
               network. While a task waits, its core can run another, so waits overlap even \
               on one core.\n\n\
               More cores help tasks that compute and barely help tasks that wait. Hence \
               the rule of thumb: work that waits (I/O-bound) wants concurrency, an event \
               loop or async; work that computes (CPU-bound) wants parallelism, more cores; \
               work that does both wants both.",
        widget: Widget::Sweep {
            workloads: &[
                Workload {
                    label: "four tasks that compute",
                    text: include_str!("presets/cpu_bound.scn"),
                },
                Workload {
                    label: "six requests that wait",
                    text: include_str!("presets/io_bound.scn"),
                },
            ],
            cores: 6,
            hidden: 1,
        },
        question: Some(Question {
            prompt: "The four tasks that compute finish 4 times sooner on 4 cores. How many \
                     times sooner do the six requests that wait finish on 4 cores than on 1?",
            answer: Answer::Number {
                unit: "\u{d7}",
                within: 0.1,
                of: |r| speedups(r, 6)[1][3].1,
            },
        }),
        check: Some(|r| {
            let s = speedups(r, 6);
            expect(
                s[0][3].1 >= 3.99,
                "compute work speeds up 4 times on 4 cores",
            )?;
            expect(s[1][3].1 < 1.3, "waiting work barely speeds up on 4 cores")
        }),
    },
    Step {
        id: "switching-cost",
        title: "Switching has a cost",
        text: "Taking turns is not free. Each switch puts one task's state away and loads \
               another's, and the core computes nothing meanwhile; here a switch costs one \
               tick (hatched).\n\n\
               A tiny quantum switches all the time and finishes the work late. A huge one \
               never interrupts, so a short task that arrives behind a long one waits for \
               all of it. Flip between the quanta and compare the switches, the makespan \
               and the response time.",
        widget: Widget::Ways {
            text: include_str!("tour/switching.scn"),
            ways: &[
                Way {
                    label: "Quantum 1",
                    policy: Some(Policy::RoundRobin { quantum: 1 }),
                    ..Way::AS_WRITTEN
                },
                Way {
                    label: "Quantum 4",
                    policy: Some(Policy::RoundRobin { quantum: 4 }),
                    ..Way::AS_WRITTEN
                },
                Way {
                    label: "Quantum 20",
                    policy: Some(Policy::RoundRobin { quantum: 20 }),
                    ..Way::AS_WRITTEN
                },
            ],
            hidden: 0,
            view: View::Timeline,
        },
        question: Some(Question {
            prompt: "Each switch costs one tick. Which quantum finishes all the work last?",
            answer: Answer::Choice {
                options: &["quantum 1", "quantum 4", "quantum 20"],
                of: |r| largest(r, |r| r.makespan as f64),
            },
        }),
        check: Some(|r| {
            expect(
                largest(r, |r| r.makespan as f64) == 0,
                "the tiny quantum finishes last",
            )?;
            expect(
                largest(r, |r| r.averages().response) == 2,
                "the huge quantum responds slowest",
            )?;
            expect(
                r[0].context_switches > 4 * r[2].context_switches,
                "the tiny quantum switches far more often",
            )
        }),
    },
    Step {
        id: "real-cores",
        title: "Real cores",
        text: "Everything so far ran on simulated cores. This step runs a real computation, \
               an estimate of pi from millions of random points, in Web Workers on the \
               machine in front of you: first all of it on one worker, then in pieces on \
               one worker per hardware thread that your browser reports.\n\n\
               Each piece is coloured by the worker that computed it. On an idle machine \
               the speedup comes close to the number of cores and never passes it; other \
               programs, power saving and two threads sharing one core all take their share.",
        widget: Widget::Cores,
        question: Some(Question {
            prompt: "How many times faster will the job run on all the workers than on one?",
            answer: Answer::Measured {
                unit: "\u{d7}",
                within: 0.2,
            },
        }),
        check: None,
    },
    Step {
        id: "serial-part",
        title: "The serial part",
        text: "Most jobs have a part that only one core can do: reading the input, or a step \
               that needs the one before it. Amdahl's law says that this part caps the \
               speedup: if a fraction f of the work is serial, no number of cores makes the \
               job more than 1/f times faster. Here one worker counts the first quarter of \
               the points alone, then the rest is split over 1, 2, ... workers, and the chart \
               fits f to your measurements.\n\n\
               Gustafson's answer: given more cores, people do bigger jobs, the serial part \
               stays the same size, and the speedup keeps growing with the cores.",
        widget: Widget::Serial { percent: 25 },
        question: Some(Question {
            prompt: "One worker counts a quarter of the points alone. With a thousand cores, \
                     how many times faster than one worker could the job run at most?",
            answer: Answer::Measured {
                unit: "\u{d7}",
                within: 0.25,
            },
        }),
        check: None,
    },
    Step {
        id: "what-you-measured",
        title: "What you measured",
        text: "Concurrency and parallelism answer different questions. Concurrency is how a \
               program is built to have many things in progress; parallelism is how many of \
               them the machine runs at the same instant. The table puts them side by side, \
               filled with what you saw on the way: the simulated runs, your own machine's \
               measurements, and your predictions against the answers.",
        widget: Widget::Summary,
        question: None,
        check: None,
    },
];

#[cfg(test)]
mod tests;
