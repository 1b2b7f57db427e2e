//! Every learner action on a system lab, as a table: the actions in, the lab in one
//! line after each. The runs a job asks for are made here as the view's hook makes them
//! (natively, at once).

use expect_test::expect;
use interleave_lessons::systems::{Figures, find};
use interleave_sim::latency::latency;

mod harness;

use super::*;
use crate::parts::Loaded;
use crate::systems::engine::ENGINE;
use harness::Step::{Do, Parse, RunJob, Sweep as Swept};
use harness::{check, check_with, long, thread_pool_with};

#[test]
fn a_text_too_long_for_the_page_is_parsed_in_a_worker() {
    let study = find("thread-pool").unwrap();
    let broken = long(study.text).replace("count=400", "count=lots");
    check(
        "thread-pool",
        vec![
            ("open", Do(Action::Evaluate)),
            ("the runs come back", RunJob),
            ("a long text", Do(Action::Edit(long(study.text)))),
            ("pause", Do(Action::Evaluate)),
            ("the worker reads it", Parse),
            ("the runs come back", RunJob),
            ("a long broken one", Do(Action::Edit(broken))),
            ("pause", Do(Action::Evaluate)),
            (
                "typed again before the worker answers",
                Do(Action::Evaluate),
            ),
            (
                "an answer for the first is dropped",
                Do(Action::Parsed {
                    generation: 3,
                    read: Err(Vec::new()),
                }),
            ),
            ("the worker reads it", Parse),
            ("pause", Do(Action::Evaluate)),
            ("cancel", Do(Action::CancelParse)),
        ],
        expect![[r#"
            open: no run; the lab's text; job 1
            the runs come back: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; the lab's text; sweeping 0 points
            a long text: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 4867 lines; sweeping 0 points
            pause: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 4867 lines; parsing 2 in a worker; swept 0 points
            the worker reads it: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 4867 lines; job 2; swept 0 points
            the runs come back: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 4867 lines; sweeping 0 points
            a long broken one: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 4867 lines; sweeping 0 points
            pause: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 4867 lines; parsing 3 in a worker; swept 0 points
            typed again before the worker answers: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 4867 lines; parsing 4 in a worker; swept 0 points
            an answer for the first is dropped: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 4867 lines; parsing 4 in a worker; swept 0 points
            the worker reads it: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 4867 lines; error 12:20 expected a number after "count=", found "lots"; swept 0 points
            pause: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 4867 lines; error 12:20 expected a number after "count=", found "lots"; parsing 5 in a worker; swept 0 points
            cancel: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 4867 lines; error 12:20 expected a number after "count=", found "lots"; swept 0 points"#]],
    );
}

#[test]
fn the_lab_runs_both_configurations_then_sweeps() {
    check(
        "thread-pool",
        vec![
            ("open", Do(Action::Evaluate)),
            ("the runs come back", RunJob),
            ("the sweep", Swept(7)),
            (
                "compare with nothing, 8 threads",
                Do(Action::Choose {
                    model: None,
                    knob: Some(8),
                }),
            ),
            ("the run", RunJob),
            (
                "an unknown model and knob value",
                Do(Action::Choose {
                    model: Some("nope"),
                    knob: Some(3),
                }),
            ),
        ],
        expect![[r#"
            open: no run; the lab's text; job 1
            the runs come back: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; the lab's text; sweeping 0 points
            the sweep: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; the lab's text; swept 7 points
            compare with nothing, 8 threads: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; the lab's text; job 2; swept 7 points
            the run: as written, threads in the pool = 8: p99 1018; the lab's text; sweeping 0 points
            an unknown model and knob value: as written, threads in the pool = 8: p99 1018; the lab's text; job 3; swept 0 points"#]],
    );
}

#[test]
fn a_broken_text_keeps_the_last_good_run_and_reset_can_be_undone() {
    let broken = thread_pool_with("lots");
    check(
        "thread-pool",
        vec![
            ("open", Do(Action::Evaluate)),
            ("the runs come back", RunJob),
            ("type an error", Do(Action::Edit(broken))),
            ("pause", Do(Action::Evaluate)),
            ("back to the lab's workload", Do(Action::Reset)),
            ("pause", Do(Action::Evaluate)),
            ("undo", Do(Action::Undo)),
            ("undo again", Do(Action::Undo)),
        ],
        expect![[r#"
            open: no run; the lab's text; job 1
            the runs come back: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; the lab's text; sweeping 0 points
            type an error: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 12 lines; sweeping 0 points
            pause: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 12 lines; error 12:20 expected a number after "count=", found "lots"; swept 0 points
            back to the lab's workload: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; the lab's text; error 12:20 expected a number after "count=", found "lots"; swept 0 points; undo offered
            pause: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; the lab's text; job 3; swept 0 points; undo offered
            undo: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 12 lines; job 3; swept 0 points
            undo again: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 12 lines; job 3; swept 0 points"#]],
    );
}

#[test]
fn stale_answers_are_dropped_and_a_large_setting_is_refused_in_words() {
    let study = find("thread-pool").unwrap();
    let big = thread_pool_with("50000");
    check(
        "thread-pool",
        vec![
            ("open", Do(Action::Evaluate)),
            (
                "a newer setting before the runs come back",
                Do(Action::Choose {
                    model: None,
                    knob: None,
                }),
            ),
            (
                "the first runs, late",
                Do(Action::Ran {
                    generation: 1,
                    runs: {
                        let s = study.scenario();
                        let lanes = Lanes::run(&s);
                        Runs {
                            a: Rc::new(Run {
                                label: "late".into(),
                                latency: latency(&s, &lanes.report),
                                lanes: Rc::new(lanes),
                            }),
                            b: None,
                        }
                    },
                }),
            ),
            ("the newer runs", RunJob),
            (
                "a sweep point of an old generation",
                Do(Action::Point {
                    generation: 1,
                    point: SweepPoint {
                        value: 1,
                        a: Figures {
                            p50: 0,
                            p99: 0,
                            throughput: 0.0,
                        },
                        b: None,
                    },
                }),
            ),
            ("50 000 requests", Do(Action::Edit(big))),
            ("pause", Do(Action::Evaluate)),
            (
                "compare with a thread per request",
                Do(Action::Choose {
                    model: Some("per-request"),
                    knob: Some(1),
                }),
            ),
        ],
        expect![[r#"
            open: no run; the lab's text; job 1
            a newer setting before the runs come back: no run; the lab's text; job 2
            the first runs, late: no run; the lab's text; job 2
            the newer runs: as written: p99 260; the lab's text; sweeping 0 points
            a sweep point of an old generation: as written: p99 260; the lab's text; sweeping 0 points
            50 000 requests: as written: p99 260; 12 lines; sweeping 0 points
            pause: as written: p99 260; 12 lines; error 12:47 up to 1,100,000 events (600,000 slices): quantum 2 over 300,; swept 0 points
            compare with a thread per request: as written: p99 260; 12 lines; error 12:47 up to 1,100,000 events (600,000 slices): quantum 2 over 300,; swept 0 points"#]],
    );
}

/// Theory comes back for its own generation only, and stays with the last good run
/// when a text breaks.
#[test]
fn theory_stays_with_its_run() {
    let answer = |generation| {
        Do(Action::Theory {
            generation,
            theory: Err("Poisson arrivals, one at a time".into()),
        })
    };
    check(
        "thread-pool",
        vec![
            ("open", Do(Action::Evaluate)),
            ("the runs", RunJob),
            ("the theory", answer(1)),
            ("a broken text", Do(Action::Edit(thread_pool_with("many")))),
            ("pause", Do(Action::Evaluate)),
            ("a late answer of the first run", answer(1)),
            ("a good text", Do(Action::Edit(thread_pool_with("300")))),
            ("pause: a new job, its theory to come", Do(Action::Evaluate)),
            ("the answer of an older run", answer(2)),
            ("its own", answer(3)),
        ],
        expect![[r#"
            open: no run; the lab's text; job 1
            the runs: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; the lab's text; sweeping 0 points
            the theory: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; the lab's text; sweeping 0 points; no theory: Poisson arrivals, one at a tim
            a broken text: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 12 lines; sweeping 0 points; no theory: Poisson arrivals, one at a tim
            pause: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 12 lines; error 12:20 expected a number after "count=", found "many"; swept 0 points; no theory: Poisson arrivals, one at a tim
            a late answer of the first run: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 12 lines; error 12:20 expected a number after "count=", found "many"; swept 0 points; no theory: Poisson arrivals, one at a tim
            a good text: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 12 lines; error 12:20 expected a number after "count=", found "many"; swept 0 points; no theory: Poisson arrivals, one at a tim
            pause: a new job, its theory to come: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 12 lines; job 3; swept 0 points
            the answer of an older run: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 12 lines; job 3; swept 0 points
            its own: as written: p99 260 | a thread per request (a switch costs 2 ticks): p99 278; 12 lines; job 3; swept 0 points; no theory: Poisson arrivals, one at a tim"#]],
    );
}

/// The page works before its simulator comes: what the lab opens with, and a setting
/// chosen meanwhile, waits for it and runs on its arrival; if it cannot be fetched, the
/// lab says so, and a later arrival clears that.
#[test]
fn the_runs_wait_for_the_simulator() {
    for (what, arrival, expected) in [
        (
            "it comes",
            Do(Action::Engine(Loaded(ENGINE))),
            expect![[r#"
                open: no run; the lab's text; waiting for the simulator
                compare with nothing: no run; the lab's text; waiting for the simulator
                it comes: no run; the lab's text; job 3
                the runs: as written: p99 260; the lab's text; sweeping 0 points
                the simulator comes (again): as written: p99 260; the lab's text; sweeping 0 points
                the runs: as written: p99 260; the lab's text; sweeping 0 points"#]],
        ),
        (
            "the fetch fails",
            Do(Action::EngineMissing),
            expect![[r#"
                open: no run; the lab's text; waiting for the simulator
                compare with nothing: no run; the lab's text; waiting for the simulator
                the fetch fails: no run; the lab's text; waiting for the simulator; notice: The simulator could not be fetched: the
                the runs: no run; the lab's text; waiting for the simulator; notice: The simulator could not be fetched: the
                the simulator comes (again): no run; the lab's text; job 3
                the runs: as written: p99 260; the lab's text; sweeping 0 points"#]],
        ),
    ] {
        check_with(
            "thread-pool",
            false,
            vec![
                ("open", Do(Action::Evaluate)),
                (
                    "compare with nothing",
                    Do(Action::Choose {
                        model: None,
                        knob: None,
                    }),
                ),
                (what, arrival),
                ("the runs", RunJob),
                (
                    "the simulator comes (again)",
                    Do(Action::Engine(Loaded(ENGINE))),
                ),
                ("the runs", RunJob),
            ],
            expected,
        );
    }
}
