//! What the system lab's reducer tests share: the runs, the sweep and the worker's
//! reading made as the view's hooks make them (natively, at once), the lab in one
//! line, and the table of steps each test checks.

use expect_test::Expect;
use interleave_lessons::systems::{Figures, find};
use interleave_sim::Scenario;
use interleave_sim::latency::latency;

use super::super::*;
use crate::parts::Loaded;
use crate::systems::engine::ENGINE;

/// Runs the job, as the view's hook does, and answers it.
pub(super) fn run_job(lab: &mut Systems) {
    let Some(job) = lab.job.clone() else { return };
    let run = |label: &str, s: &Scenario| {
        let lanes = Lanes::run(s);
        Rc::new(Run {
            label: label.to_string(),
            latency: latency(s, &lanes.report),
            lanes: Rc::new(lanes),
        })
    };
    let a = run(&job.labels.0, &job.runs.a);
    let b = job
        .runs
        .b
        .as_ref()
        .zip(job.labels.1.as_ref())
        .map(|(s, l)| run(l, s));
    lab.apply(Action::Ran {
        generation: job.generation,
        runs: Runs { a, b },
    });
}

/// Sweeps, as the view's hook does: `points` points, then its end.
pub(super) fn sweep(lab: &mut Systems, points: usize) {
    let Some(generation) = lab.sweep.generation else {
        return;
    };
    let job_scenario = lab.sweep.scenario.clone().expect("the runs are in");
    let model = lab.model.and_then(|id| lab.study.model(id));
    for &value in lab.study.knob.values.iter().take(points) {
        match lab
            .study
            .sweep_point(&job_scenario, value, model, &lab_limits())
        {
            Ok(runs) => lab.apply(Action::Point {
                generation,
                point: SweepPoint {
                    value,
                    a: Figures::of(&runs.a),
                    b: runs.b.as_ref().map(Figures::of),
                },
            }),
            Err(why) => {
                lab.apply(Action::SweepEnded {
                    generation,
                    stopped: Some(why),
                });
                return;
            }
        }
    }
    lab.apply(Action::SweepEnded {
        generation,
        stopped: None,
    });
}

pub(super) fn summary(lab: &Systems) -> String {
    let runs = lab.runs.as_ref().map_or("no run".into(), |r| {
        let b = r.b.as_ref().map_or(String::new(), |b| {
            format!(" | {}: p99 {}", b.label, b.latency.p99)
        });
        format!("{}: p99 {}{b}", r.a.label, r.a.latency.p99)
    });
    let mut parts = vec![runs];
    if lab.text == lab.study.text {
        parts.push("the lab's text".into());
    } else {
        parts.push(format!("{} lines", lab.text.lines().count()));
    }
    if let Some(d) = lab.diagnostics.first() {
        parts.push(format!(
            "error {}:{} {}",
            d.line,
            d.col,
            d.message.chars().take(60).collect::<String>()
        ));
    }
    if let Some(job) = &lab.job {
        parts.push(format!("job {}", job.generation));
    }
    if let Some(p) = &lab.parsing {
        parts.push(format!("parsing {} in a worker", p.generation));
    }
    if lab.sweep.generation.is_some() {
        let state = if lab.sweep.running {
            "sweeping"
        } else {
            "swept"
        };
        parts.push(format!("{state} {} points", lab.sweep.points.len()));
    }
    if let Some(why) = &lab.sweep.stopped {
        parts.push(why.chars().take(40).collect());
    }
    if lab.replaced.is_some() {
        parts.push("undo offered".into());
    }
    if lab.waiting {
        parts.push("waiting for the simulator".into());
    }
    if let Some(n) = &lab.notice {
        parts.push(format!(
            "notice: {}",
            n.chars().take(40).collect::<String>().trim_end()
        ));
    }
    match lab.theory.as_deref() {
        Some(Ok(t)) => parts.push(format!("theory {}", t.model)),
        Some(Err(why)) => parts.push(format!(
            "no theory: {}",
            why.chars().take(30).collect::<String>()
        )),
        None => {}
    }
    parts.join("; ")
}

pub(super) enum Step {
    Do(Action),
    RunJob,
    Sweep(usize),
    /// A worker parses the long text, as the view's hook has one do, and answers.
    Parse,
}

/// Parses the text the lab hands a worker, as the worker does, and answers it.
pub(super) fn parse_job(lab: &mut Systems) {
    let Some(p) = lab.parsing.clone() else { return };
    let read = (ENGINE.read)(&p.text);
    lab.apply(Action::Parsed {
        generation: p.generation,
        read,
    });
}

/// The thread-pool lab's workload with `count` requests (a number or not).
pub(super) fn thread_pool_with(count: &str) -> String {
    let study = find("thread-pool").unwrap();
    study.text.replace("count=400", &format!("count={count}"))
}

pub(super) fn check(id: &str, steps: Vec<(&str, Step)>, expected: Expect) {
    check_with(id, true, steps, expected)
}

/// [`check`], with the simulator there from the start or not (`loaded`).
pub(super) fn check_with(id: &str, loaded: bool, steps: Vec<(&str, Step)>, expected: Expect) {
    let study = find(id).unwrap();
    let mut lab = Systems::new(
        study,
        study.text.into(),
        None,
        study.models.get(1).map(|m| m.id),
        None,
    );
    if loaded {
        lab.apply(Action::Engine(Loaded(ENGINE)));
    }
    let mut lines = Vec::new();
    for (what, step) in steps {
        match step {
            Step::Do(action) => lab.apply(action),
            Step::RunJob => run_job(&mut lab),
            Step::Sweep(n) => sweep(&mut lab, n),
            Step::Parse => parse_job(&mut lab),
        }
        lines.push(format!("{what}: {}", summary(&lab)));
    }
    expected.assert_eq(&lines.join("\n"));
}

/// The lab's workload and, after it, comments to make it longer than the page parses.
pub(super) fn long(text: &str) -> String {
    let padding = "# a long comment line, repeated to make the text long\n";
    format!("{text}{}", padding.repeat(PAGE_TEXT / padding.len() + 1))
}
