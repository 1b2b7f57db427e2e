//! Every action on the lesson "How far does it scale?", as tables: the probe, a sweep
//! reported run by run, a cancel, a failure, a wrong answer and reports that come too
//! late; and the settings a link gives on each platform.

use expect_test::{Expect, expect};
use interleave_par::Piece;

use super::*;
use crate::platform::Platform;
use crate::reducer::table;

const TWO_CORES: Platform = Platform::TWO_CORES;
const ISOLATED: Platform = Platform::ISOLATED;

fn summary(lesson: &Scaling) -> String {
    let p = &lesson.probe;
    let probe = match (&p.figure, p.busy, &p.error) {
        (_, true, _) => format!("probe {} measuring", p.number),
        (Some(f), false, None) => format!("probe {}: {} cores", p.number, f.cores),
        (Some(f), false, Some(e)) => format!("probe {}: {} cores, error {e}", p.number, f.cores),
        (None, false, Some(e)) => format!("probe {}: error {e}", p.number),
        (None, false, None) => "no probe".into(),
    };
    let s = &lesson.sweep;
    let status = match &s.status {
        Status::Running { done, total, label } => format!("{done}/{total} {label}"),
        other => format!("{other:?}").to_lowercase(),
    };
    let points: Vec<String> = s
        .points
        .iter()
        .map(|m| {
            format!(
                "{}{}:{:?}+{:?}{}",
                &m.mode.key()[..1],
                m.workers,
                m.times_ms,
                m.overhead_ms,
                m.start_ms
                    .map_or(String::new(), |ms| format!(" start {ms}")),
            )
        })
        .collect();
    let live = match s.live.mode {
        Some(m) => format!(
            ", live {}{} ({} pieces)",
            &m.key()[..1],
            s.live.workers,
            s.live.pieces.len()
        ),
        None => String::new(),
    };
    format!(
        "{probe}; sweep {} {status} [{}]{live}",
        s.number,
        points.join(" ")
    )
}

fn figure(cores: u32) -> Probe {
    Probe::of(
        (1..=cores + 2)
            .map(|k| 30.0 * f64::from(k.div_ceil(cores)))
            .collect(),
    )
    .expect("a figure")
}

/// A run whose two pieces computed from 10 ms to `10 + span` ms on the workers' clock.
fn run(value: u64, span: f64) -> Run {
    let piece = |index, start_ms, end_ms| PieceReport {
        piece: Piece {
            index,
            lo: 0,
            hi: 1,
        },
        value: value / 2,
        worker: index,
        start_ms,
        end_ms,
    };
    Run::from_pieces(vec![
        piece(0, 10.0, 10.0 + span),
        piece(1, 12.0, 10.0 + span / 2.0),
    ])
}

fn message_2() -> Settings {
    let query = Query {
        modes: Some("message".into()),
        upto: Some(2),
        reps: Some(1),
        ..Query::default()
    };
    Settings::from_query(&query, &TWO_CORES, 2)
}

const M: Mode = Mode::MessagePassing;

fn report(report: Report) -> Action {
    Action::Report(1, report)
}

fn running(workers: u32, rep: u32) -> Action {
    report(Report::Running {
        mode: M,
        workers,
        rep,
    })
}

fn ran(rep: u32, ms: f64, span: f64) -> Action {
    report(Report::Ran {
        rep,
        ms,
        run: run(1000, span),
    })
}

fn check(lesson: Scaling, actions: Vec<(&str, Action)>, expected: Expect) {
    expected.assert_eq(&table(lesson, actions, summary));
}

#[test]
fn the_probe_measures_at_the_first_visit_and_on_request() {
    check(
        Scaling::new(None),
        vec![
            ("Measure while it measures", Action::Measure),
            ("measured", Action::Probed(Ok(figure(2)))),
            ("Measure again", Action::Measure),
            ("the workers fail", Action::Probed(Err("no workers".into()))),
            ("Measure after a failure", Action::Measure),
            ("measured", Action::Probed(Ok(figure(4)))),
        ],
        expect![[r#"
            open: probe 1 measuring; sweep 0 idle []
            Measure while it measures: probe 1 measuring; sweep 0 idle []
            measured: probe 1: 2 cores; sweep 0 idle []
            Measure again: probe 2 measuring; sweep 0 idle []
            the workers fail: probe 2: 2 cores, error no workers; sweep 0 idle []
            Measure after a failure: probe 3 measuring; sweep 0 idle []
            measured: probe 3: 4 cores; sweep 0 idle []"#]],
    );
    let later = Scaling::new(Some(figure(3)));
    assert_eq!((later.probe.number, later.cores(8)), (0, 3));
    assert_eq!(Scaling::new(None).cores(64), MOST);
}

#[test]
fn a_sweep_is_reported_run_by_run_and_keeps_its_timed_runs() {
    let pieces = |n: u32| {
        report(Report::Pieces(
            run(1000, 5.0).pieces.into_iter().take(n as usize).collect(),
        ))
    };
    check(
        Scaling::new(Some(figure(2))),
        vec![
            ("Sweep", Action::Sweep(message_2())),
            ("Sweep again at once", Action::Sweep(message_2())),
            ("Measure during the sweep", Action::Measure),
            ("starting", report(Report::Starting { mode: M, count: 2 })),
            (
                "started",
                report(Report::Started {
                    mode: M,
                    count: 2,
                    ms: 40.0,
                }),
            ),
            ("1 worker, warm-up", running(1, 0)),
            ("a piece", pieces(1)),
            ("another", pieces(1)),
            ("warm-up done", ran(0, 95.0, 60.0)),
            ("1 worker, run 1", running(1, 1)),
            ("run 1 done", ran(1, 90.0, 80.0)),
            ("2 workers, warm-up", running(2, 0)),
            ("warm-up done", ran(0, 60.0, 40.0)),
            ("2 workers, run 1", running(2, 1)),
            ("run 1 done", ran(1, 50.0, 40.0)),
            ("finished", report(Report::Finished)),
        ],
        expect![[r#"
            open: probe 0: 2 cores; sweep 0 idle []
            Sweep: probe 0: 2 cores; sweep 1 0/4 Starting… []
            Sweep again at once: probe 0: 2 cores; sweep 1 0/4 Starting… []
            Measure during the sweep: probe 0: 2 cores; sweep 1 0/4 Starting… []
            starting: probe 0: 2 cores; sweep 1 0/4 Starting message passing, 2 workers… []
            started: probe 0: 2 cores; sweep 1 0/4 Warming up message passing, 2 workers… []
            1 worker, warm-up: probe 0: 2 cores; sweep 1 0/4 message passing, 1 worker: warm-up run [], live m1 (0 pieces)
            a piece: probe 0: 2 cores; sweep 1 0/4 message passing, 1 worker: warm-up run [], live m1 (1 pieces)
            another: probe 0: 2 cores; sweep 1 0/4 message passing, 1 worker: warm-up run [], live m1 (2 pieces)
            warm-up done: probe 0: 2 cores; sweep 1 1/4 message passing, 1 worker: warm-up run [], live m1 (2 pieces)
            1 worker, run 1: probe 0: 2 cores; sweep 1 1/4 message passing, 1 worker: run 1 of 1 [], live m1 (0 pieces)
            run 1 done: probe 0: 2 cores; sweep 1 2/4 message passing, 1 worker: run 1 of 1 [m1:[90.0]+[10.0] start 40], live m1 (0 pieces)
            2 workers, warm-up: probe 0: 2 cores; sweep 1 2/4 message passing, 2 workers: warm-up run [m1:[90.0]+[10.0] start 40], live m2 (0 pieces)
            warm-up done: probe 0: 2 cores; sweep 1 3/4 message passing, 2 workers: warm-up run [m1:[90.0]+[10.0] start 40], live m2 (0 pieces)
            2 workers, run 1: probe 0: 2 cores; sweep 1 3/4 message passing, 2 workers: run 1 of 1 [m1:[90.0]+[10.0] start 40], live m2 (0 pieces)
            run 1 done: probe 0: 2 cores; sweep 1 4/4 message passing, 2 workers: run 1 of 1 [m1:[90.0]+[10.0] start 40 m2:[50.0]+[10.0]], live m2 (0 pieces)
            finished: probe 0: 2 cores; sweep 1 done [m1:[90.0]+[10.0] start 40 m2:[50.0]+[10.0]]"#]],
    );
}

/// Runs a sweep of [`message_2`] through its first configuration.
fn one_configuration_measured() -> Scaling {
    let mut lesson = Scaling::new(Some(figure(2)));
    for action in [
        Action::Sweep(message_2()),
        running(1, 0),
        ran(0, 95.0, 80.0),
        running(1, 1),
        ran(1, 90.0, 80.0),
        running(2, 0),
    ] {
        lesson.apply(action);
    }
    lesson
}

#[test]
fn cancel_keeps_what_was_measured_and_late_reports_are_not_heard() {
    check(
        one_configuration_measured(),
        vec![
            ("Cancel", Action::Cancel),
            ("a late report of the cancelled sweep", ran(0, 60.0, 40.0)),
            ("Cancel again", Action::Cancel),
            ("Sweep", Action::Sweep(message_2())),
            (
                "a late report of the first sweep",
                report(Report::Failed("cancelled".into())),
            ),
            (
                "the second sweep's",
                Action::Report(2, Report::Starting { mode: M, count: 2 }),
            ),
        ],
        expect![[r#"
            open: probe 0: 2 cores; sweep 1 2/4 message passing, 2 workers: warm-up run [m1:[90.0]+[10.0]], live m2 (0 pieces)
            Cancel: probe 0: 2 cores; sweep 1 cancelled [m1:[90.0]+[10.0]]
            a late report of the cancelled sweep: probe 0: 2 cores; sweep 1 cancelled [m1:[90.0]+[10.0]]
            Cancel again: probe 0: 2 cores; sweep 1 cancelled [m1:[90.0]+[10.0]]
            Sweep: probe 0: 2 cores; sweep 2 0/4 Starting… []
            a late report of the first sweep: probe 0: 2 cores; sweep 2 0/4 Starting… []
            the second sweep's: probe 0: 2 cores; sweep 2 0/4 Starting message passing, 2 workers… []"#]],
    );
}

#[test]
fn a_failure_or_a_wrong_answer_ends_the_sweep_and_keeps_its_points() {
    check(
        one_configuration_measured(),
        vec![(
            "a worker fails",
            report(Report::Failed("worker 1 fell silent".into())),
        )],
        expect![[r#"
            open: probe 0: 2 cores; sweep 1 2/4 message passing, 2 workers: warm-up run [m1:[90.0]+[10.0]], live m2 (0 pieces)
            a worker fails: probe 0: 2 cores; sweep 1 failed("worker 1 fell silent") [m1:[90.0]+[10.0]]"#]],
    );
    check(
        one_configuration_measured(),
        vec![(
            "a run answers 998",
            report(Report::Ran {
                rep: 0,
                ms: 50.0,
                run: run(998, 40.0),
            }),
        )],
        expect![[r#"
            open: probe 0: 2 cores; sweep 1 2/4 message passing, 2 workers: warm-up run [m1:[90.0]+[10.0]], live m2 (0 pieces)
            a run answers 998: probe 0: 2 cores; sweep 1 failed("message passing, 2 workers gave 998 where the first run gave 1000") [m1:[90.0]+[10.0]]"#]],
    );
}

#[test]
fn a_finished_sweep_gives_curves_and_exports() {
    let mut lesson = one_configuration_measured();
    for action in [ran(0, 60.0, 40.0), running(2, 1), ran(1, 50.0, 40.0)] {
        lesson.apply(action);
    }
    lesson.apply(report(Report::Finished));
    let curves = curves(&lesson.sweep, 2);
    let rows: Vec<String> = curves[0]
        .rows
        .iter()
        .map(|r| format!("{} workers: speedup {:.2}", r.workers, r.speedup))
        .collect();
    expect![[r#"
        1 workers: speedup 1.00
        2 workers: speedup 1.80"#]]
    .assert_eq(&rows.join("\n"));
    expect![[r#"
        mode,workers,run,ms,overhead_ms,median_ms,min_ms,max_ms,speedup,efficiency,karp_flatt,start_ms
        message,1,1,90.000,10.000,90.000,90.000,90.000,1.0000,1.0000,,
        message,2,1,50.000,10.000,50.000,50.000,50.000,1.8000,0.9000,0.1111,
    "#]]
    .assert_eq(&to_csv(&lesson.sweep, &curves));
    let json: serde_json::Value = serde_json::from_str(&to_json(
        &lesson.sweep,
        &curves,
        lesson.probe.figure.as_ref(),
    ))
    .expect("JSON");
    assert_eq!(json["value"], 1000);
    assert_eq!(json["settings"]["kernel"], "mandelbrot");
    assert_eq!(json["runs"][1]["mode"], "message");
    assert_eq!(json["probe"]["cores"], 2);

    // The run on one worker (pieces of 80 and 38 ms from 10 ms, the result at 90:
    // 10 ms of start-up) replayed: 128 ms on 1, 10 + 80 on 2. On 2 the pieces took 58
    // ms in all, 60 less than on one: that, shared by 2, is most of the 40 ms gap.
    let replays = replays(&lesson.sweep, &curves, 2);
    let rows: Vec<String> = replays[0]
        .gaps
        .iter()
        .map(|g| {
            format!(
                "{} workers: simulated {:.1} ms, measured {:.1} ms, {:+.1} %, {:?}",
                g.workers, g.predicted_ms, g.measured_ms, g.error_pct, g.cause
            )
        })
        .collect();
    expect![[r#"
        1 workers: simulated 128.0 ms, measured 90.0 ms, -29.7 %, Around { ms: -38.0 }
        2 workers: simulated 90.0 ms, measured 50.0 ms, -44.4 %, Pieces { pct: -50.847457627118644 }"#]]
    .assert_eq(&rows.join("\n"));
    assert_eq!(replays[0].one.pieces_ms, vec![80.0, 38.0]);
}

#[test]
fn a_link_is_read_against_the_platform() {
    let read = |query: Query, platform: &Platform, cores: u32| {
        let s = Settings::from_query(&query, platform, cores);
        format!(
            "{} {} {:?} upto {} reps {} serial {}% law {}% -> {} runs",
            s.kernel.key(),
            s.size,
            s.modes().iter().map(|m| m.key()).collect::<Vec<_>>(),
            s.upto,
            s.reps,
            s.serial_pct,
            s.law_pct,
            s.runs()
        )
    };
    let q = |modes: &str, upto, reps, serial| Query {
        modes: Some(modes.into()),
        upto: Some(upto),
        reps: Some(reps),
        serial: Some(serial),
        ..Query::default()
    };
    let lines = [
        read(Query::default(), &ISOLATED, 8),
        read(Query::default(), &TWO_CORES, 2),
        read(q("shared", 4, 5, 25), &TWO_CORES, 2),
        read(q("shared", 99, 4, 7), &ISOLATED, 8),
    ];
    expect![[r#"
        mandelbrot 1200 ["shared", "message"] upto 10 reps 3 serial 0% law 5% -> 80 runs
        mandelbrot 1200 ["message"] upto 4 reps 3 serial 0% law 5% -> 16 runs
        mandelbrot 1200 ["message"] upto 4 reps 5 serial 25% law 5% -> 24 runs
        mandelbrot 1200 ["shared"] upto 10 reps 3 serial 0% law 5% -> 40 runs"#]]
    .assert_eq(&lines.join("\n"));
}
