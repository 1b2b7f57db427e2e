//! Every learner action on the scheduler lab, as a table: the actions in, the lab in
//! one line after each.
use expect_test::{Expect, expect};

use super::*;
use crate::parts::Loaded;
use interleave_sim::parse_with;

const TWO: &str = "cores 1\npolicy rr quantum=2\ntask a: cpu 3\ntask b arrive=1: cpu 2";

/// The lab after each action, in one line: what the learner sees.
fn summary(lab: &Lab) -> String {
    let runs = lab.runs.as_ref().map_or("no run".into(), |r| {
        let b = r.b.as_ref().map_or(String::new(), |b| {
            format!(" vs {} cores {}", b.report.cores, b.report.makespan)
        });
        let refused = r.refused.as_ref().map_or("", |_| " (comparison refused)");
        format!("makespan {}{b}{refused}", r.a.report.makespan)
    });
    let mut parts = vec![
        format!("{runs}, t={}", lab.cursor),
        match lab.preset() {
            Some(id) => format!("preset {id}"),
            None => format!("{} lines", lab.text.lines().count()),
        },
    ];
    if let Some(d) = lab.diagnostics.first() {
        parts.push(format!("error {}:{} {}", d.line, d.col, d.message));
    }
    if let Some(job) = &lab.job {
        parts.push(format!(
            "job {} ({}/{})",
            job.generation, job.progress.0, job.progress.1
        ));
    }
    if let Some(n) = &lab.notice {
        parts.push(format!("notice {n}"));
    }
    if lab.replaced.is_some() {
        parts.push("undo offered".into());
    }
    if lab.playing {
        parts.push("playing".into());
    }
    if lab.predicting {
        parts.push(
            if lab.revealed {
                "revealed"
            } else {
                "predicting"
            }
            .into(),
        );
    }
    parts.join("; ")
}

fn check(mut lab: Lab, actions: Vec<(&str, Action)>, expected: Expect) {
    let mut lines = Vec::new();
    for (what, action) in actions {
        lab.apply(action);
        lines.push(format!("{what}: {}", summary(&lab)));
    }
    expected.assert_eq(&lines.join("\n"));
}

/// The lab on `text`, its simulator at hand.
fn lab(text: &str) -> Lab {
    let mut lab = Lab::new(text.into(), None, 0, Some(CompareWith::DEFAULT));
    lab.apply(Action::Engine(Loaded(super::super::engine::ENGINE)));
    lab
}

fn edit(text: &str) -> Action {
    Action::Edit(text.into())
}

const EVALUATE: Action = Action::Evaluate { keep_cursor: true };

#[test]
fn typing_runs_and_a_broken_text_keeps_the_last_good_run() {
    check(
        lab(TWO),
        vec![
            ("open", EVALUATE),
            (
                "type an error",
                edit("cores 1\npolicy rr quantum=2\ntask a: cpu x"),
            ),
            ("pause", EVALUATE),
            ("fix it", edit("cores 1\npolicy fcfs\ntask a: cpu 4")),
            ("pause", EVALUATE),
        ],
        expect![[r#"
            open: makespan 5 vs 4 cores 3, t=0; 4 lines
            type an error: makespan 5 vs 4 cores 3, t=0; 3 lines
            pause: makespan 5 vs 4 cores 3, t=0; 3 lines; error 3:13 expected the step's length in ticks, found "x"
            fix it: makespan 5 vs 4 cores 3, t=0; 3 lines; error 3:13 expected the step's length in ticks, found "x"
            pause: makespan 4 vs 4 cores 4, t=0; 3 lines"#]],
    );
}

#[test]
fn a_preset_replaces_the_text_and_one_undo_brings_it_back() {
    let first = PRESETS[0].id.to_string();
    let second = PRESETS[1].id.to_string();
    check(
        lab(TWO),
        vec![
            ("open", EVALUATE),
            ("pick a preset", Action::Preset(first)),
            ("pick another", Action::Preset(second)),
            ("undo", Action::UndoPreset),
            ("undo again", Action::UndoPreset),
            ("an unknown preset", Action::Preset("nope".into())),
            ("a preset again", Action::Preset(PRESETS[0].id.into())),
            ("type", edit("cores 2\npolicy fcfs\ntask a: cpu 1")),
        ],
        expect![[r#"
            open: makespan 5 vs 4 cores 3, t=0; 4 lines
            pick a preset: makespan 13 vs 4 cores 8, t=0; preset chef; undo offered
            pick another: makespan 80 vs 4 cores 20, t=0; preset cpu-bound; undo offered
            undo: makespan 5 vs 4 cores 3, t=0; 4 lines
            undo again: makespan 5 vs 4 cores 3, t=0; 4 lines
            an unknown preset: makespan 5 vs 4 cores 3, t=0; 4 lines
            a preset again: makespan 13 vs 4 cores 8, t=0; preset chef; undo offered
            type: makespan 13 vs 4 cores 8, t=0; 3 lines"#]],
    );
}

#[test]
fn steps_stop_at_events_and_the_cursor_stays_in_the_run() {
    check(
        lab(TWO),
        vec![
            ("open", EVALUATE),
            ("step", Action::Step(1)),
            ("step", Action::Step(1)),
            ("step back", Action::Step(-1)),
            ("scrub past the end", Action::SetCursor(99)),
            ("step past the end", Action::Step(1)),
            ("play", Action::TogglePlay),
            ("beat at the end", Action::Beat),
            ("home", Action::SetCursor(0)),
            ("play", Action::TogglePlay),
            ("beat", Action::Beat),
            ("pause", Action::TogglePlay),
            ("beat while paused", Action::Beat),
        ],
        expect![[r#"
            open: makespan 5 vs 4 cores 3, t=0; 4 lines
            step: makespan 5 vs 4 cores 3, t=1; 4 lines
            step: makespan 5 vs 4 cores 3, t=2; 4 lines
            step back: makespan 5 vs 4 cores 3, t=1; 4 lines
            scrub past the end: makespan 5 vs 4 cores 3, t=5; 4 lines
            step past the end: makespan 5 vs 4 cores 3, t=5; 4 lines
            play: makespan 5 vs 4 cores 3, t=5; 4 lines; playing
            beat at the end: makespan 5 vs 4 cores 3, t=5; 4 lines
            home: makespan 5 vs 4 cores 3, t=0; 4 lines
            play: makespan 5 vs 4 cores 3, t=0; 4 lines; playing
            beat: makespan 5 vs 4 cores 3, t=1; 4 lines; playing
            pause: makespan 5 vs 4 cores 3, t=1; 4 lines
            beat while paused: makespan 5 vs 4 cores 3, t=1; 4 lines"#]],
    );
}

#[test]
fn the_comparison_follows_its_settings_and_is_refused_when_too_large() {
    let huge = "cores 1\npolicy fcfs\ntask a: cpu 99999999\ntask b: cpu 99999999";
    let one_tick = Some(CompareWith {
        cores: 1,
        policy: Policy::from_short("rr:1"),
        switch: None,
    });
    check(
        lab(TWO),
        vec![
            ("open", EVALUATE),
            (
                "on 2 cores",
                Action::Compare(Some(CompareWith {
                    cores: 2,
                    ..CompareWith::DEFAULT
                })),
            ),
            ("nothing", Action::Compare(None)),
            ("huge under fcfs", edit(huge)),
            ("pause", EVALUATE),
            ("compared under a quantum of 1", Action::Compare(one_tick)),
        ],
        expect![[r#"
            open: makespan 5 vs 4 cores 3, t=0; 4 lines
            on 2 cores: makespan 5 vs 2 cores 3, t=0; 4 lines
            nothing: makespan 5, t=0; 4 lines
            huge under fcfs: makespan 5, t=0; 4 lines
            pause: makespan 199999998, t=0; 4 lines
            compared under a quantum of 1: makespan 199999998 (comparison refused), t=0; 4 lines"#]],
    );
}

#[test]
fn a_large_run_is_a_job_whose_stale_answers_are_dropped() {
    let big = "cores 1\npolicy rr quantum=1\ntask a: cpu 60000\ntask b: cpu 60000";
    let written = Rc::new(parse_with(TWO, &limits()).unwrap());
    let small = Rc::new(Lanes::run(&written));
    let mut lab = lab(TWO);
    lab.apply(EVALUATE);
    check(
        lab,
        vec![
            ("a text with 240 000 events at most", edit(big)),
            ("pause", EVALUATE),
            (
                "progress",
                Action::Progress {
                    generation: 2,
                    done: 1,
                    all: 2,
                },
            ),
            (
                "a stale progress",
                Action::Progress {
                    generation: 1,
                    done: 2,
                    all: 2,
                },
            ),
            ("cancel", Action::Cancel),
            (
                "its answer, late",
                Action::Ran {
                    generation: 2,
                    lanes: small.clone(),
                    written: written.clone(),
                },
            ),
            ("run again", EVALUATE),
            (
                "its answer",
                Action::Ran {
                    generation: 4,
                    lanes: small,
                    written,
                },
            ),
        ],
        expect![[r#"
            a text with 240 000 events at most: makespan 5 vs 4 cores 3, t=0; 4 lines
            pause: makespan 5 vs 4 cores 3, t=0; 4 lines; job 2 (0/2)
            progress: makespan 5 vs 4 cores 3, t=0; 4 lines; job 2 (1/2)
            a stale progress: makespan 5 vs 4 cores 3, t=0; 4 lines; job 2 (1/2)
            cancel: makespan 5 vs 4 cores 3, t=0; 4 lines
            its answer, late: makespan 5 vs 4 cores 3, t=0; 4 lines
            run again: makespan 5 vs 4 cores 3, t=0; 4 lines; job 4 (0/2)
            its answer: makespan 5, t=0; 4 lines"#]],
    );
}

/// A generated workload longer than the page parses: `n` tasks.
fn long_text(n: usize) -> String {
    let mut text = String::from("cores 2\n");
    for i in 0..n {
        text += &format!("task t{i}: cpu 1\n");
    }
    assert!(text.len() > PAGE_TEXT);
    text
}

#[test]
fn a_text_too_long_to_parse_here_goes_to_the_worker_and_its_answers_are_kept_or_dropped() {
    let written = Rc::new(parse_with(TWO, &limits()).unwrap());
    let small = Rc::new(Lanes::run(&written));
    let error = |line| Diagnostic {
        line,
        col: 9,
        message: "unknown step".into(),
    };
    let mut lab = lab(TWO);
    lab.apply(EVALUATE);
    check(
        lab,
        vec![
            ("a text of 300 KiB or more", edit(&long_text(20_000))),
            ("pause", EVALUATE),
            (
                "the worker reads it",
                Action::Progress {
                    generation: 2,
                    done: 0,
                    all: 20_000,
                },
            ),
            (
                "an answer from before",
                Action::Invalid {
                    generation: 1,
                    diagnostics: vec![error(3)],
                },
            ),
            (
                "its errors",
                Action::Invalid {
                    generation: 2,
                    diagnostics: vec![error(20_001)],
                },
            ),
            ("pause again", EVALUATE),
            (
                "its run",
                Action::Ran {
                    generation: 3,
                    lanes: small.clone(),
                    written: written.clone(),
                },
            ),
            ("pause once more", EVALUATE),
            (
                "the worker fails",
                Action::Failed {
                    generation: 4,
                    message: "no answer from the workers for 60 s".into(),
                },
            ),
            ("try again", EVALUATE),
            (
                "its run",
                Action::Ran {
                    generation: 5,
                    lanes: small.clone(),
                    written: written.clone(),
                },
            ),
        ],
        expect![[r#"
            a text of 300 KiB or more: makespan 5 vs 4 cores 3, t=0; 20001 lines
            pause: makespan 5 vs 4 cores 3, t=0; 20001 lines; job 2 (0/0)
            the worker reads it: makespan 5 vs 4 cores 3, t=0; 20001 lines; job 2 (0/20000)
            an answer from before: makespan 5 vs 4 cores 3, t=0; 20001 lines; job 2 (0/20000)
            its errors: makespan 5 vs 4 cores 3, t=0; 20001 lines; error 20001:9 unknown step
            pause again: makespan 5 vs 4 cores 3, t=0; 20001 lines; error 20001:9 unknown step; job 3 (0/0)
            its run: makespan 5, t=0; 20001 lines
            pause once more: makespan 5, t=0; 20001 lines; job 4 (0/0)
            the worker fails: makespan 5, t=0; 20001 lines; notice The run stopped: no answer from the workers for 60 s.
            try again: makespan 5, t=0; 20001 lines; job 5 (0/0); notice The run stopped: no answer from the workers for 60 s.
            its run: makespan 5, t=0; 20001 lines"#]],
    );
}

#[test]
fn over_the_labs_limits_is_an_error_at_the_count() {
    check(
        lab(TWO),
        vec![
            ("open", EVALUATE),
            (
                "1 000 001 requests",
                edit("cores 4\npolicy fcfs\nrequests r count=1000001 every=1: cpu 1"),
            ),
            ("pause", EVALUATE),
        ],
        expect![[r#"
            open: makespan 5 vs 4 cores 3, t=0; 4 lines
            1 000 001 requests: makespan 5 vs 4 cores 3, t=0; 3 lines
            pause: makespan 5 vs 4 cores 3, t=0; 3 lines; error 3:18 count must be between 1 and 1000000"#]],
    );
}

#[test]
fn predict_hides_until_revealed() {
    check(
        lab(TWO),
        vec![
            ("open", EVALUATE),
            ("predict", Action::Predict(true)),
            ("reveal", Action::Reveal),
            ("predict again", Action::Predict(true)),
            ("off", Action::Predict(false)),
        ],
        expect![[r#"
            open: makespan 5 vs 4 cores 3, t=0; 4 lines
            predict: makespan 5 vs 4 cores 3, t=0; 4 lines; predicting
            reveal: makespan 5 vs 4 cores 3, t=0; 4 lines; revealed
            predict again: makespan 5 vs 4 cores 3, t=0; 4 lines; predicting
            off: makespan 5 vs 4 cores 3, t=0; 4 lines"#]],
    );
}

#[test]
fn before_the_simulator_comes_the_first_workload_runs_as_made_and_a_text_waits() {
    let first = PRESETS[0].text;
    let fresh = Lab::new(first.into(), None, 0, Some(CompareWith::DEFAULT));
    assert!(
        fresh.runs.is_some(),
        "the first workload's run is on screen at once"
    );
    let waiting = |lab: &Lab| if lab.waiting { "; waiting" } else { "" };
    let mut lab = fresh;
    let mut lines = vec![format!("opened: {}{}", summary(&lab), waiting(&lab))];
    for (what, action) in [
        ("pause", EVALUATE),
        ("typed", edit(TWO)),
        ("pause", EVALUATE),
        ("the fetch failed", Action::EngineMissing),
        (
            "the simulator came",
            Action::Engine(Loaded(super::super::engine::ENGINE)),
        ),
    ] {
        lab.apply(action);
        lines.push(format!("{what}: {}{}", summary(&lab), waiting(&lab)));
    }
    expect![[r#"
        opened: makespan 13 vs 4 cores 8, t=0; preset chef
        pause: makespan 13 vs 4 cores 8, t=0; preset chef
        typed: makespan 13 vs 4 cores 8, t=0; 4 lines
        pause: makespan 13 vs 4 cores 8, t=0; 4 lines; waiting
        the fetch failed: makespan 13 vs 4 cores 8, t=0; 4 lines; notice The simulator could not be fetched: this text runs once the page is reloaded online.; waiting
        the simulator came: makespan 5 vs 4 cores 3, t=0; 4 lines"#]].assert_eq(&lines.join("\n"));
}
