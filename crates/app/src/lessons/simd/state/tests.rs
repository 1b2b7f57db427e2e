//! Every action on the lesson "Lanes × cores", as a table: the actions in, the lesson
//! in one line after each; the settings a link gives on each platform; the plan; and
//! the figures a run's times make.

use expect_test::{Expect, expect};

use super::*;
use crate::reducer::table;

fn summary(lesson: &Lanes) -> String {
    let s = lesson.settings;
    let phase = match &lesson.phase {
        Phase::Failed(m) => format!("failed: {m}"),
        other => format!("{other:?}").to_lowercase(),
    };
    let figures = Workload::ALL
        .iter()
        .filter_map(|w| lesson.figures(*w))
        .map(|f| {
            let m = f.multiplied;
            format!(
                " {}: lanes {:.1} cores {:.1} total {:.1} of {:.1}{}",
                f.workload.key(),
                m.lanes,
                m.cores,
                m.total,
                m.product,
                if f.agree { "" } else { " (answers differ)" }
            )
        })
        .collect::<String>();
    format!(
        "{} workers, {}, {phase}, {} timed, runs {}{figures}",
        s.workers,
        SCALES[s.scale],
        lesson.timed.len(),
        lesson.runs
    )
}

/// The times of a machine where four lanes are 3.5 times one on the compute-bound
/// workload and 1.25 times on the memory-bound one, and where N workers are N times
/// one, except for four lanes on the memory-bound workload, which run out of memory
/// bandwidth at 1.5 times.
fn timed(step: Step) -> Timed {
    let base = match step.workload {
        Workload::Compute => 700.0,
        Workload::Memory => 300.0,
    };
    let lanes = match (step.workload, step.lanes) {
        (_, false) => 1.0,
        (Workload::Compute, true) => 3.5,
        (Workload::Memory, true) => 1.25,
    };
    let cores = match (step.workload, step.lanes) {
        (Workload::Memory, true) => 1.5f64.min(f64::from(step.workers)),
        _ => f64::from(step.workers),
    };
    Timed {
        step,
        ms: base / lanes / cores,
        value: 42,
    }
}

fn check(settings: Settings, actions: Vec<(&str, Action)>, expected: Expect) {
    expected.assert_eq(&table(Lanes::new(settings, true), actions, summary));
}

#[test]
fn a_run_times_its_plan_and_its_figures_multiply() {
    let settings = Settings::from_query(&Query::default(), &Platform::EMBEDDED);
    let plan = settings.plan();
    let mut actions = vec![
        ("press Run", Action::Run),
        ("press Run again", Action::Run),
        ("warm", Action::Warming { simd: false }),
    ];
    for (n, step) in plan.iter().enumerate() {
        if n == 4 {
            actions.push(("start the SIMD build", Action::Starting { simd: true }));
        }
        actions.push(("time", Action::Timing(n)));
        actions.push(("timed", Action::Timed(timed(*step))));
    }
    actions.push(("finish", Action::Finished));
    actions.push((
        "pick 2 workers",
        Action::Settings(Settings {
            workers: 2,
            ..settings
        }),
    ));
    check(
        settings,
        actions,
        expect![[r#"
            open: 4 workers, medium, idle, 0 timed, runs 0
            press Run: 4 workers, medium, starting { simd: false }, 0 timed, runs 1
            press Run again: 4 workers, medium, starting { simd: false }, 0 timed, runs 1
            warm: 4 workers, medium, warming { simd: false }, 0 timed, runs 1
            time: 4 workers, medium, timing(0), 0 timed, runs 1
            timed: 4 workers, medium, timing(0), 1 timed, runs 1
            time: 4 workers, medium, timing(1), 1 timed, runs 1
            timed: 4 workers, medium, timing(1), 2 timed, runs 1
            time: 4 workers, medium, timing(2), 2 timed, runs 1
            timed: 4 workers, medium, timing(2), 3 timed, runs 1
            time: 4 workers, medium, timing(3), 3 timed, runs 1
            timed: 4 workers, medium, timing(3), 4 timed, runs 1
            start the SIMD build: 4 workers, medium, starting { simd: true }, 4 timed, runs 1
            time: 4 workers, medium, timing(4), 4 timed, runs 1
            timed: 4 workers, medium, timing(4), 5 timed, runs 1
            time: 4 workers, medium, timing(5), 5 timed, runs 1
            timed: 4 workers, medium, timing(5), 6 timed, runs 1 compute: lanes 3.5 cores 4.0 total 14.0 of 14.0
            time: 4 workers, medium, timing(6), 6 timed, runs 1 compute: lanes 3.5 cores 4.0 total 14.0 of 14.0
            timed: 4 workers, medium, timing(6), 7 timed, runs 1 compute: lanes 3.5 cores 4.0 total 14.0 of 14.0
            time: 4 workers, medium, timing(7), 7 timed, runs 1 compute: lanes 3.5 cores 4.0 total 14.0 of 14.0
            timed: 4 workers, medium, timing(7), 8 timed, runs 1 compute: lanes 3.5 cores 4.0 total 14.0 of 14.0 memory: lanes 1.2 cores 4.0 total 1.9 of 5.0
            finish: 4 workers, medium, done, 8 timed, runs 1 compute: lanes 3.5 cores 4.0 total 14.0 of 14.0 memory: lanes 1.2 cores 4.0 total 1.9 of 5.0
            pick 2 workers: 2 workers, medium, done, 8 timed, runs 1 compute: lanes 3.5 cores 4.0 total 14.0 of 14.0 memory: lanes 1.2 cores 4.0 total 1.9 of 5.0"#]],
    );
}

#[test]
fn a_failed_run_keeps_its_times_and_the_next_starts_afresh() {
    let settings = Settings::from_query(&Query::default(), &Platform::TWO_CORES);
    let first = settings.plan()[0];
    let mut wrong = timed(settings.plan()[4]);
    wrong.value = 41;
    check(
        settings,
        vec![
            ("press Run", Action::Run),
            ("timed", Action::Timed(timed(first))),
            ("fail", Action::Failed("worker 1: out of memory".into())),
            ("press Run", Action::Run),
            ("timed, a wrong answer", Action::Timed(wrong)),
        ],
        expect![[r#"
            open: 2 workers, medium, idle, 0 timed, runs 0
            press Run: 2 workers, medium, starting { simd: false }, 0 timed, runs 1
            timed: 2 workers, medium, starting { simd: false }, 1 timed, runs 1
            fail: 2 workers, medium, failed: worker 1: out of memory, 1 timed, runs 1
            press Run: 2 workers, medium, starting { simd: false }, 0 timed, runs 2
            timed, a wrong answer: 2 workers, medium, starting { simd: false }, 1 timed, runs 2"#]],
    );
    // Answers that differ are shown, not hidden.
    let mut lesson = Lanes::new(settings, true);
    for step in settings.plan() {
        let mut t = timed(step);
        if step.lanes && step.workload == Workload::Memory {
            t.value = 41;
        }
        lesson.apply(Action::Timed(t));
    }
    assert!(lesson.figures(Workload::Compute).unwrap().agree);
    assert!(!lesson.figures(Workload::Memory).unwrap().agree);
}

#[test]
fn a_link_s_settings_are_checked_against_the_platform() {
    let read = |workers, scale, platform: &Platform| {
        let s = Settings::from_query(&Query { workers, scale }, platform);
        (s.workers, s.scale)
    };
    assert_eq!(read(None, None, &Platform::ISOLATED), (8, 1));
    assert_eq!(read(Some(3), Some(2), &Platform::EMBEDDED), (3, 2));
    // One worker compares nothing; more than the machine offers, a scale past large.
    assert_eq!(read(Some(1), Some(3), &Platform::EMBEDDED), (4, 1));
    assert_eq!(read(Some(17), None, &Platform::ISOLATED), (8, 1));
    let s = Settings::from_query(&Query::default(), &Platform::TWO_CORES);
    assert_eq!(Settings::from_query(&s.to_query(), &Platform::TWO_CORES), s);
}

#[test]
fn the_plan_times_the_scalar_build_first_then_the_simd_build() {
    let settings = Settings {
        workers: 3,
        scale: 0,
    };
    let plan: Vec<String> = settings
        .plan()
        .iter()
        .map(|s| {
            format!(
                "{} {} x{}",
                s.workload.kernel(s.lanes).key(),
                s.workload.size(0),
                s.workers
            )
        })
        .collect();
    expect![[r#"
        [
            "mandelbrot-f32 720 x1",
            "mandelbrot-f32 720 x3",
            "stream 268435456 x1",
            "stream 268435456 x3",
            "mandelbrot-f32x4 720 x1",
            "mandelbrot-f32x4 720 x3",
            "stream-u32x4 268435456 x1",
            "stream-u32x4 268435456 x3",
        ]
    "#]]
    .assert_debug_eq(&plan);
}
