//! The worker's answers to each request, natively: the protocol in, the core's results
//! out, and an error (never a panic) for what cannot be served.

use interleave_par::{Kernel, Piece, sort};
use interleave_protocol::{Reply, Request};
use interleave_sim::program::Search;

use super::serve;

/// Serves `request` with a clock that ticks one millisecond a reading, and returns
/// every reply with the number of keys beside it.
fn ask(request: Request, keys: Option<Vec<u32>>) -> Vec<(Reply, Option<Vec<u32>>)> {
    let ticks = std::cell::Cell::new(0.0);
    let now = || {
        ticks.set(ticks.get() + 1.0);
        ticks.get()
    };
    let mut replies = Vec::new();
    serve(request, keys, &now, &mut |reply, keys| {
        replies.push((reply, keys))
    });
    replies
}

fn only(request: Request) -> Reply {
    only_with(request, None)
}

fn only_with(request: Request, keys: Option<Vec<u32>>) -> Reply {
    let mut replies = ask(request, keys);
    assert_eq!(replies.len(), 1, "{replies:?}");
    replies.remove(0).0
}

#[test]
fn a_piece_counts_its_primes_and_is_timed() {
    let reply = only(Request::Piece {
        kernel: Kernel::Primes,
        size: 100_000,
        piece: Piece {
            index: 3,
            lo: 0,
            hi: 100_000,
        },
        worker: 1,
    });
    let Reply::Piece(report) = reply else {
        panic!("{reply:?}")
    };
    assert_eq!(
        (report.value, report.worker, report.piece.index),
        (9592, 1, 3)
    );
    assert_eq!((report.start_ms, report.end_ms), (1.0, 2.0));
}

#[test]
fn a_piece_past_its_problem_stops_at_the_end_of_it() {
    let reply = only(Request::Piece {
        kernel: Kernel::Primes,
        size: 100,
        piece: Piece {
            index: 0,
            lo: 50,
            hi: u64::MAX,
        },
        worker: 0,
    });
    let Reply::Piece(report) = reply else {
        panic!("{reply:?}")
    };
    assert_eq!((report.piece.hi, report.value), (100, 10));
}

#[test]
fn the_sort_by_message_passing_gives_the_sequential_checksum() {
    let size = 10_000;
    let chunks = interleave_par::pieces::split(0, size, 4);
    let sorted: Vec<Vec<u32>> = chunks
        .iter()
        .map(|&piece| {
            let mut replies = ask(Request::SortChunk { piece, worker: 0 }, None);
            let (reply, keys) = replies.remove(0);
            assert!(matches!(reply, Reply::Sorted(..)), "{reply:?}");
            keys.expect("keys beside the report")
        })
        .collect();
    let starts: Vec<Vec<usize>> = sorted.iter().map(|k| sort::bucket_starts(k, 4)).collect();
    let mut total = 0u64;
    for piece in sort::bucket_plan(&starts, 4) {
        let b = (piece.index - 4) as usize;
        let keys: Vec<u32> = sorted
            .iter()
            .zip(&starts)
            .flat_map(|(chunk, s)| chunk[s[b]..s[b + 1]].iter().copied())
            .collect();
        let request = Request::SortMerge {
            index: piece.index,
            offset: piece.lo,
            worker: 1,
        };
        let (reply, _) = ask(request, Some(keys)).remove(0);
        let Reply::Piece(report) = reply else {
            panic!("{reply:?}")
        };
        total = total.wrapping_add(report.value);
    }
    assert_eq!(total, sort::sequential(size));
}

#[test]
fn the_explorer_reports_progress_then_the_lost_update() {
    let text = include_str!("../../lessons/src/programs/counter.prog");
    let replies = ask(
        Request::Explore {
            text: text.into(),
            search: Search::default(),
        },
        None,
    );
    let Some((Reply::Explored { report, .. }, None)) = replies.last() else {
        panic!("{replies:?}")
    };
    let report = report.read().expect("an exploration");
    assert_eq!(report.interleavings, Some(20));
    assert!(
        replies[..replies.len() - 1]
            .iter()
            .all(|(r, _)| matches!(r, Reply::ExploreProgress { .. }))
    );
}

/// Tasks enough for several slices of progress.
fn many_tasks(n: u32) -> String {
    let mut text = String::from("cores 4\npolicy rr quantum=2\n");
    for i in 0..n {
        text += &format!("task t{i} arrive={}: cpu 5, io 3, cpu 4\n", i / 3);
    }
    text
}

#[test]
fn a_scenario_is_simulated_with_progress_and_comes_back_as_the_page_would_run_it() {
    let text = many_tasks(60_000);
    let limits = interleave_sim::Limits::default();
    let replies = ask(
        Request::Simulate { limits },
        Some(interleave_protocol::run::text_words(&text)),
    );
    let Some((Reply::Simulated(ms), Some(words))) = replies.last() else {
        panic!("{:?}", replies.last())
    };
    assert!(*ms > 0.0);
    let progress: Vec<(u64, u64)> = replies[..replies.len() - 1]
        .iter()
        .map(|(r, _)| match r {
            Reply::SimulateProgress { done, all } => (*done, *all),
            other => panic!("{other:?}"),
        })
        .collect();
    assert!(progress.len() >= 2, "{progress:?}");
    assert!(progress.iter().all(|&(_, all)| all == 60_000));
    assert!(progress.windows(2).all(|w| w[0].0 <= w[1].0));
    let run = interleave_protocol::run::decode(words).expect("the run reads back");
    let written = interleave_sim::parse(&text).unwrap();
    assert_eq!(run.report, interleave_sim::simulate(&written));
    assert_eq!((run.written, run.lowered), (written, None));
    assert_eq!(run.waits, run.report.trace.waits(60_000));
}

#[test]
fn a_scenario_is_parsed_and_comes_back_or_its_errors_located() {
    let text = many_tasks(5_000);
    let words = interleave_protocol::run::text_words(&text);
    let limits = interleave_sim::Limits::default();
    let replies = ask(Request::Parse { limits }, Some(words));
    let [(Reply::Parsed(ms), Some(scenario))] = &replies[..] else {
        panic!("{:?}", replies.first().map(|r| &r.0))
    };
    assert!(*ms > 0.0);
    let scenario = interleave_protocol::run::words_scenario(scenario).unwrap();
    assert_eq!(scenario, interleave_sim::parse(&text).unwrap());
    let bad = interleave_protocol::run::text_words("cores 2\ntask a: cpux 1\n");
    let Reply::Invalid(diagnostics) = only_with(Request::Parse { limits }, Some(bad)) else {
        panic!("not refused")
    };
    assert_eq!((diagnostics[0].line, diagnostics[0].col), (2, 9));
    assert!(matches!(only(Request::Parse { limits }), Reply::Error(..)));
}

#[test]
fn a_simulation_without_its_text_or_with_a_damaged_one_is_an_error() {
    let limits = interleave_sim::Limits::default();
    let mut damaged = interleave_protocol::run::text_words("task a: cpu 1\n");
    damaged[1] = u32::MAX;
    for (words, why) in [
        (None, "a simulation without its text"),
        (Some(vec![100, 0]), "a text of 100 bytes runs past"),
        (Some(damaged), "the text is not UTF-8"),
    ] {
        let Reply::Error(message) = only_with(Request::Simulate { limits }, words) else {
            panic!("not refused: {why}")
        };
        assert!(message.starts_with(why), "{message}");
    }
}

#[test]
fn a_scenario_with_errors_comes_back_located_and_the_limits_are_the_lower_ones() {
    let bad = "cores 2\ntask a: cpu 1\ntask b: cpux 2\n";
    let generous = interleave_sim::Limits {
        cores: u32::MAX,
        ..Default::default()
    };
    let only_one = interleave_sim::Limits {
        tasks: 1,
        ..Default::default()
    };
    for (text, limits, line, col) in [
        (bad, generous, 3, 9),
        // More than the core allows, whatever the page asks for.
        ("cores 5000\ntask a: cpu 1\n", generous, 1, 7),
        // What the page asks for, when it asks for less.
        ("task a: cpu 1\ntask b: cpu 1\n", only_one, 2, 6),
    ] {
        let words = interleave_protocol::run::text_words(text);
        let Reply::Invalid(diagnostics) = only_with(Request::Simulate { limits }, Some(words))
        else {
            panic!("{text:?} was not refused")
        };
        assert_eq!(
            (diagnostics[0].line, diagnostics[0].col),
            (line, col),
            "{diagnostics:?}"
        );
    }
}

#[test]
fn random_search_reports_progress_then_the_runs() {
    let text = include_str!("../../lessons/src/programs/counter.prog");
    let random = interleave_sim::program::Random {
        runs: 1200,
        ..Default::default()
    };
    let replies = ask(
        Request::Sample {
            text: text.into(),
            random,
        },
        None,
    );
    let Some((Reply::Sampled { report, .. }, None)) = replies.last() else {
        panic!("{replies:?}")
    };
    let report = report.read().expect("a random search's report");
    assert_eq!(report.runs, 1200);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.message.contains("count = 1"))
    );
    // A progress report after each slice of 500 runs.
    let progress: Vec<u32> = replies
        .iter()
        .filter_map(|(r, _)| match r {
            Reply::SampleProgress { runs, .. } => Some(*runs),
            _ => None,
        })
        .collect();
    assert_eq!(progress, [500, 1000]);
}

#[test]
fn what_cannot_be_served_is_an_error_and_nothing_else() {
    let broken = Request::Explore {
        text: "thread A:\n    x = y\n".into(),
        search: Search::default(),
    };
    let Reply::Error(message) = only(broken) else {
        panic!()
    };
    assert!(
        message.starts_with("line 2, col 9: unknown name"),
        "{message}"
    );
    let merge = Request::SortMerge {
        index: 0,
        offset: 0,
        worker: 0,
    };
    assert_eq!(only(merge), Reply::error("a merge without keys"));
    // The plain build has no pool to run on.
    let pool = Request::Pool {
        kernel: Kernel::Primes,
        size: 10,
        serial: 0,
        pieces: 2,
    };
    assert!(matches!(only(pool), Reply::Error(..)));
}

#[test]
fn the_benchmark_runs_the_generated_workload_without_a_trace() {
    let Reply::Bench {
        events,
        fingerprint,
        ..
    } = only(Request::Bench {
        tasks: 2000,
        cores: 8,
    })
    else {
        panic!()
    };
    let traced = interleave_sim::simulate(&interleave_sim::workload::round_robin_mix(2000, 8, 42));
    assert_eq!(events, traced.events, "the same run as with a trace");
    assert_eq!(fingerprint.len(), 16);
    assert!(fingerprint.chars().all(|c| c.is_ascii_hexdigit()));
}

#[test]
fn the_worker_says_how_big_its_memory_is() {
    // Natively there is no wasm memory to measure; the answer is still the right kind.
    assert!(matches!(only(Request::Memory {}), Reply::Memory(..)));
}
