//! Bad input gets errors that say where (line, column) and why, several at once, with a
//! suggestion where one is likely; limits are checked before any work.

use expect_test::{Expect, expect};
use interleave_sim::{Limits, parse, parse_with};

fn check(text: &str, expected: Expect) {
    let message = match parse(text) {
        Ok(s) => format!("ok: {} tasks", s.tasks.len()),
        Err(e) => e.to_string(),
    };
    expected.assert_eq(&message);
}

#[test]
fn unknown_policy_suggests_the_closest() {
    check(
        "cores 2\npolicy rrr quantum=2",
        expect![[
            r#"line 2, col 8: unknown policy "rrr"; expected one of fcfs, sjf, srtf, priority, rr, mlfq; did you mean "rr"?"#
        ]],
    );
}

#[test]
fn several_errors_are_reported_at_once() {
    check(
        "cores 0\nplicy fcfs\ntask a: cpu 3, io\ntask b: cpu 2 io 3\ntask a: cpu 1",
        expect![[r#"
            line 1, col 7: cores must be between 1 and 1024
            line 2, col 1: unknown statement "plicy"; did you mean "policy"?
            line 3, col 18: expected the step's length in ticks at the end of the line
            line 4, col 15: expected "," between steps, found "io""#]],
    );
}

#[test]
fn missing_and_malformed_parts() {
    check(
        "policy rr",
        expect![[r#"line 1, col 8: "rr" needs quantum=N, for example "policy rr quantum=2""#]],
    );
    check(
        "task a cpu 3",
        expect![[
            r#"line 1, col 8: expected ":" and then the task's steps (task NAME [arrive=T] [priority=P]: cpu 3, io 2)"#
        ]],
    );
    check(
        "task a: cpu 0",
        expect!["line 1, col 13: must be at least 1 tick"],
    );
    check(
        "task a: cpu 3x",
        expect![[
            r#"line 1, col 13: expected the step's length in ticks (a whole number of ticks), found "3x""#
        ]],
    );
    check(
        "task a: cpu 99999999999999999999999",
        expect!["line 1, col 13: 99999999999999999999999 is too large"],
    );
    check(
        "task a arrive=1 arrive=2: cpu 1",
        expect![[r#"line 1, col 17: option "arrive" is given twice"#]],
    );
    check(
        "task a speed=2: cpu 1",
        expect![[r#"line 1, col 8: unknown option "speed"; expected arrive, priority"#]],
    );
    check(
        "cores 2\ncores 3",
        expect![[r#"line 2, col 1: "cores" is set twice (first on line 1)"#]],
    );
    check(
        "task a: cpu 1 ; io 2",
        expect!["line 1, col 15: unexpected character ';'"],
    );
    check(
        "task é: cpu 1",
        expect!["line 1, col 6: unexpected character 'é'"],
    );
}

/// A decimal point in a number says that numbers are whole, in scenarios and in
/// programs, at the point itself.
#[test]
fn a_fraction_is_named_as_one() {
    check(
        "requests r count=3 every=5.5: cpu 1",
        expect![
            "line 1, col 27: 5.5 is not a whole number: a scenario counts time in whole ticks, and cores, requests and permits in whole numbers"
        ],
    );
    check(
        "task a: cpu 1 . 2",
        expect!["line 1, col 15: unexpected character '.'"],
    );
    let e = interleave_sim::program::parse("shared x = 12.25\nthread A:\n    x = 2\n")
        .expect_err("a fraction");
    expect!["1:14: 12.25 is not a whole number: a program's variables hold whole numbers"]
        .assert_eq(&format!(
            "{}:{}: {}",
            e.0[0].line, e.0[0].col, e.0[0].message
        ));
}

#[test]
fn locks_must_be_declared_and_held_before_release() {
    check(
        "lock m\ntask a: acquire mm, cpu 1, release m",
        expect![[r#"line 2, col 17: unknown lock "mm"; did you mean "m"?"#]],
    );
    check(
        "lock m\ntask a: cpu 1, release m",
        expect![[r#"line 2, col 1: task "a" releases lock "m" without holding it"#]],
    );
    check(
        "task a: acquire m, cpu 1\nlock m",
        expect![[r#"ok: 1 tasks"#]],
    );
}

#[test]
fn limits_are_checked_up_front() {
    let limits = Limits {
        tasks: 2,
        ..Limits::default()
    };
    let err = parse_with("task a: cpu 1\ntask b: cpu 1\ntask c: cpu 1", &limits).unwrap_err();
    expect!["line 3, col 6: too many tasks: at most 2"].assert_eq(&err.to_string());
    check(
        "cores 5000",
        expect!["line 1, col 7: cores must be between 1 and 1024"],
    );
    check(
        "task a: cpu 2000000000",
        expect!["line 1, col 13: 2000000000 ticks is more than the limit of 1000000000"],
    );
}

#[test]
fn empty_and_comment_only_scenarios_are_valid() {
    check("", expect![[r#"ok: 0 tasks"#]]);
    check(
        "# nothing yet\n\n   # still nothing",
        expect![[r#"ok: 0 tasks"#]],
    );
    let report = interleave_sim::simulate(&parse("").unwrap());
    assert_eq!(report.makespan, 0);
}

/// The files in `dirs` (below the crate), in a stable order.
fn files_in(dirs: &[&str]) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = dirs
        .iter()
        .flat_map(|d| {
            std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(d))
                .unwrap_or_else(|e| panic!("{d}: {e}"))
                .map(|e| e.unwrap().path())
        })
        .collect();
    files.sort();
    files
}

/// The `parse` fuzz target's seeds, kept as regression tests with the target's own
/// checks: what parses prints back to itself and runs within its bound; what does not
/// gets errors on lines of the text (the runs too large to start among them). The
/// seeds are the fuzz folder's own and the lessons' scenarios, read where they live.
#[test]
fn the_parse_fuzz_seeds_hold_the_fuzz_targets_checks() {
    let mut seen = 0;
    for path in files_in(&[
        "fuzz/seeds/parse",
        "../lessons/src/presets",
        "../lessons/src/systems",
    ]) {
        let text = std::fs::read_to_string(&path).unwrap();
        match interleave_sim::parse(&text) {
            Ok(scenario) => {
                let printed = scenario.to_string();
                assert_eq!(
                    interleave_sim::parse(&printed).as_ref(),
                    Ok(&scenario),
                    "{path:?}"
                );
                let bound = scenario.bound();
                let report = interleave_sim::simulate(&scenario);
                assert!(report.utilization() <= 1.0 + 1e-9, "{path:?}");
                assert!(report.events <= bound.events, "{path:?}");
                assert!(report.ticks <= bound.ticks, "{path:?}");
            }
            Err(errors) => {
                let lines = text.lines().count().max(1) as u32;
                assert!(
                    errors
                        .0
                        .iter()
                        .all(|e| e.line >= 1 && e.line <= lines && e.col >= 1),
                    "{path:?}"
                );
            }
        }
        seen += 1;
    }
    assert!(seen >= 23, "{seen} seeds");
}

#[test]
fn mlfq_shapes_are_checked_where_they_are_written() {
    let task = "\ntask a: cpu 3";
    for (policy, expected) in [
        (
            "policy mlfq levels=3 quantum=10,20",
            expect![[
                r#"line 1, col 30: 2 quanta for 3 levels: give one quantum, or one per level"#
            ]],
        ),
        (
            "policy mlfq quantum=10",
            expect![[
                r#"line 1, col 8: "mlfq" needs levels=N with one quantum, for example "policy mlfq levels=3 quantum=2 boost=50", or a quantum per level (quantum=10,20,40)"#
            ]],
        ),
        (
            "policy mlfq quantum=10,20,40 allotment=1,2",
            expect![[
                r#"line 1, col 40: 2 allotments for 3 levels: give one allotment, or one per level"#
            ]],
        ),
        (
            "policy mlfq quantum=10,0 allotment=1,0",
            expect!["line 1, col 24: must be at least 1 tick"],
        ),
        (
            "policy mlfq quantum=10,20 allotment=1,0",
            expect![[
                r#"line 1, col 39: an allotment is a number of slices between 1 and 4294967295"#
            ]],
        ),
        (
            "policy mlfq quantum=10, boost=5",
            expect![[r#"line 1, col 25: expected a number after "," in quantum=, found "boost""#]],
        ),
        (
            "policy mlfq levels=2 quantum=4 stay stay",
            expect![[r#"line 1, col 37: "stay" is given twice"#]],
        ),
        (
            "policy mlfq levels=2 quantum=4 alotment=2",
            expect![[
                r#"line 1, col 32: unknown option "alotment"; expected levels, quantum, allotment, boost, or the words stay and iobump; did you mean "allotment"?"#
            ]],
        ),
        (
            "policy mlfq levels=2 quantum=4 stay iobump boost=30 allotment=2",
            expect!["ok: 1 tasks"],
        ),
    ] {
        check(&format!("{policy}{task}"), expected);
    }
}
