//! Every action on the lesson "One core or two?", as a table: the actions in, the
//! lesson in one line after each; and the settings a link gives on each platform.

use expect_test::{Expect, expect};

use super::*;
use crate::reducer::table;
use interleave_par::Run;

const ISOLATED: Platform = Platform::ISOLATED;
const EMBEDDED: Platform = Platform::EMBEDDED;

fn summary(lesson: &Cores) -> String {
    let s = lesson.settings;
    let phase = match &lesson.phase {
        Phase::Done(o) => format!(
            "done (run {}: {} and {})",
            o.number, o.compared.alone.value, o.compared.parallel.value
        ),
        Phase::Failed(m) => format!("failed: {m}"),
        other => format!("{other:?}").to_lowercase(),
    };
    format!(
        "{} {} on {} ({}), {phase}, runs {}",
        s.kernel.key(),
        s.size,
        s.workers,
        s.mode.key(),
        lesson.runs
    )
}

fn outcome(number: u32, settings: Settings) -> Outcome {
    let run = |value| Run {
        value,
        pieces: Vec::new(),
    };
    Outcome {
        number,
        settings,
        threads: settings.workers,
        start_ms: None,
        compared: Compared {
            alone: run(216_816),
            alone_ms: 80.0,
            parallel: run(216_816),
            parallel_ms: 25.0,
        },
    }
}

fn check(actions: Vec<(&str, Action)>, expected: Expect) {
    let lesson = Cores::new(Settings::from_query(&Query::default(), &ISOLATED));
    expected.assert_eq(&table(lesson, actions, summary));
}

#[test]
fn a_run_goes_through_its_phases_and_a_second_press_is_ignored() {
    let settings = Settings::from_query(&Query::default(), &ISOLATED);
    check(
        vec![
            ("Run", Action::Run),
            ("Run again at once", Action::Run),
            ("one worker", Action::Alone),
            ("all workers", Action::Parallel),
            ("finished", Action::Finished(outcome(1, settings))),
            ("Run", Action::Run),
            (
                "workers fail",
                Action::Failed("worker 2: out of memory".into()),
            ),
            ("Run after a failure", Action::Run),
        ],
        expect![[r#"
            open: primes 3000000 on 8 (shared), idle, runs 0
            Run: primes 3000000 on 8 (shared), starting, runs 1
            Run again at once: primes 3000000 on 8 (shared), starting, runs 1
            one worker: primes 3000000 on 8 (shared), alone, runs 1
            all workers: primes 3000000 on 8 (shared), parallel, runs 1
            finished: primes 3000000 on 8 (shared), done (run 1: 216816 and 216816), runs 1
            Run: primes 3000000 on 8 (shared), starting, runs 2
            workers fail: primes 3000000 on 8 (shared), failed: worker 2: out of memory, runs 2
            Run after a failure: primes 3000000 on 8 (shared), starting, runs 3"#]],
    );
}

#[test]
fn new_settings_clear_old_results_but_not_a_run_under_way() {
    let settings = Settings::from_query(&Query::default(), &ISOLATED);
    let two = Settings {
        workers: 2,
        ..settings
    };
    check(
        vec![
            ("Run", Action::Run),
            ("finished", Action::Finished(outcome(1, settings))),
            ("the same settings again", Action::Settings(settings)),
            ("2 workers", Action::Settings(two)),
            ("Run", Action::Run),
            ("back to 8 while it runs", Action::Settings(settings)),
        ],
        expect![[r#"
            open: primes 3000000 on 8 (shared), idle, runs 0
            Run: primes 3000000 on 8 (shared), starting, runs 1
            finished: primes 3000000 on 8 (shared), done (run 1: 216816 and 216816), runs 1
            the same settings again: primes 3000000 on 8 (shared), done (run 1: 216816 and 216816), runs 1
            2 workers: primes 3000000 on 2 (shared), idle, runs 1
            Run: primes 3000000 on 2 (shared), starting, runs 2
            back to 8 while it runs: primes 3000000 on 8 (shared), starting, runs 2"#]],
    );
}

#[test]
fn a_link_is_read_against_the_platform() {
    let read = |query: &str, platform: &Platform| {
        let mut q = Query::default();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap();
            match k {
                "kernel" => q.kernel = Some(v.into()),
                "size" => q.size = v.parse().ok(),
                "bound" => q.bound = v.parse().ok(),
                "workers" => q.workers = v.parse().ok(),
                "mode" => q.mode = Some(v.into()),
                _ => {}
            }
        }
        let s = Settings::from_query(&q, platform);
        format!(
            "{query:?} -> {} {} on {} ({})",
            s.kernel.key(),
            s.size,
            s.workers,
            s.mode.key()
        )
    };
    let lines = [
        read("", &ISOLATED),
        read("", &EMBEDDED),
        read("kernel=mandelbrot&workers=3&mode=message", &ISOLATED),
        read("bound=1000000", &ISOLATED),
        read("kernel=nope&size=7&workers=99", &ISOLATED),
        read("mode=shared", &EMBEDDED),
    ];
    expect![[r#"
        "" -> primes 3000000 on 8 (shared)
        "" -> primes 3000000 on 4 (message)
        "kernel=mandelbrot&workers=3&mode=message" -> mandelbrot 1200 on 3 (message)
        "bound=1000000" -> primes 1000000 on 8 (shared)
        "kernel=nope&size=7&workers=99" -> primes 3000000 on 8 (shared)
        "mode=shared" -> primes 3000000 on 4 (message)"#]]
    .assert_eq(&lines.join("\n"));
}

/// A run of `pieces` of `ms` each, `per` workers taking them in turn, `gap` apart on
/// each worker, from `t0`.
fn timed_run(pieces: u32, ms: f64, workers: u32, gap: f64, t0: f64) -> Run {
    use interleave_par::{Piece, PieceReport};
    let reports = (0..pieces)
        .map(|i| {
            let round = f64::from(i / workers);
            let start_ms = t0 + round * (ms + gap);
            PieceReport {
                piece: Piece {
                    index: i,
                    lo: u64::from(i),
                    hi: u64::from(i) + 1,
                },
                value: 1,
                worker: i % workers,
                start_ms,
                end_ms: start_ms + ms,
            }
        })
        .collect();
    Run::from_pieces(reports)
}

#[test]
fn a_run_is_replayed_from_its_pieces_on_one_worker() {
    let settings = Settings::from_query(&Query::default(), &ISOLATED);
    // 8 pieces of 10 ms on 1 worker, 0.5 ms apart, 1 ms of start-up: 84.5 ms. On 2
    // workers the simulation predicts 1 + 4 x 10 + 3 x 0.5 = 42.5 ms.
    let mut o = outcome(1, settings);
    o.threads = 2;
    o.compared = Compared {
        alone: timed_run(8, 10.0, 1, 0.5, 0.5),
        alone_ms: 84.5,
        parallel: timed_run(8, 12.0, 2, 0.5, 0.5),
        parallel_ms: 51.0,
    };
    let (one, gap) = o.replay(2).expect("a replay");
    assert_eq!(one.pieces_ms.len(), 8);
    assert!((gap.predicted_ms - 42.5).abs() < 1e-6, "{gap:?}");
    assert!((gap.error_pct - 20.0).abs() < 1e-6);
    // The pieces took 20 % longer on 2 workers: 96 ms of work against 80.
    assert!(
        matches!(gap.cause, interleave_lessons::replay::Cause::Pieces { pct } if (pct - 20.0).abs() < 1e-6)
    );
    // More workers than the machine runs at once: they took turns.
    assert_eq!(
        o.replay(1).map(|(_, g)| g.cause),
        Some(interleave_lessons::replay::Cause::Cores { cores: 1 })
    );
    // The sort has no replay.
    o.settings.kernel = Kernel::Sort;
    assert_eq!(o.replay(2), None);
}
