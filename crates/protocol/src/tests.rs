//! The protocol's wire format, its round trips and its refusals.

use interleave_par::race::{Increment, RaceReport};
use interleave_par::{Kernel, Piece, PieceReport, Run};
use interleave_sim::program::{self, Random, Search, Strategy};

use super::{Later, Reply, Request};

fn report(value: u64) -> PieceReport {
    PieceReport {
        piece: Piece {
            index: 3,
            lo: u64::MAX - 10,
            hi: u64::MAX,
        },
        value,
        worker: 1,
        start_ms: 1.5e12,
        end_ms: 1.5e12 + 0.25,
    }
}

#[test]
fn the_wire_format_is_the_type_around_the_body() {
    let request = Request::Piece {
        kernel: Kernel::Primes,
        size: 100,
        piece: Piece {
            index: 0,
            lo: 0,
            hi: 100,
        },
        worker: 2,
    };
    assert_eq!(
        request.encode(),
        r#"{"piece":{"kernel":"primes","size":100,"piece":{"index":0,"lo":0,"hi":100},"worker":2}}"#
    );
    assert_eq!(Reply::error("no").encode(), r#"{"error":"no"}"#);
    assert_eq!(Reply::Ready(4).encode(), r#"{"ready":4}"#);
    assert_eq!(
        Reply::ExploreProgress {
            states: 1,
            frontier: 2,
            ms: 0.5
        }
        .encode(),
        r#"{"explore-progress":{"states":1,"frontier":2,"ms":0.5}}"#
    );
}

#[test]
fn every_request_comes_back_as_it_went() {
    let requests = [
        Request::Init { threads: 16 },
        Request::Pool {
            kernel: Kernel::Sort,
            size: u64::MAX,
            serial: 7,
            pieces: 64,
        },
        Request::Race {
            increment: Increment::FetchAdd,
            threads: 4,
            per_thread: 1 << 40,
        },
        Request::SortChunk {
            piece: report(0).piece,
            worker: 0,
        },
        Request::SortMerge {
            index: 9,
            offset: u64::MAX - 1,
            worker: 3,
        },
        Request::Explore {
            text: "thread A:\n    x = \"1\"\n".into(),
            search: Search {
                preemption_bound: Some(2),
                max_states: 1_000_000,
            },
        },
        Request::Sample {
            text: "thread A:\n    skip\n".into(),
            random: Random {
                runs: 10_000,
                strategy: Strategy::Pct { depth: 3 },
                seed: u64::MAX,
                max_steps: 1000,
            },
        },
        Request::Parse {
            limits: interleave_sim::Limits::default(),
        },
        Request::Simulate {
            limits: interleave_sim::Limits {
                events: u64::MAX,
                ..Default::default()
            },
        },
        Request::Bench {
            tasks: 1_000_000,
            cores: 8,
        },
        Request::Memory {},
    ];
    for request in requests {
        assert_eq!(Request::decode(&request.encode()), Ok(request));
    }
}

#[test]
fn every_reply_comes_back_exact_to_the_last_bit() {
    let mut exploration = program::explore(
        &program::parse(include_str!("../../lessons/src/programs/counter.prog")).unwrap(),
        Search::default(),
    );
    // Counts past 2^53 (and past 2^64) are what JavaScript numbers would round.
    exploration.interleavings = Some(u128::MAX - 1);
    exploration.states = u64::MAX;
    // A payload read later reads back as it was written.
    assert_eq!(Later::new(&exploration).read(), Ok(exploration.clone()));
    let replies = [
        Reply::Ready(1),
        Reply::Piece(report(u64::MAX)),
        Reply::Sorted(report(0)),
        Reply::Progress(vec![report(1), report((1 << 53) + 1)]),
        Reply::Run(Run::from_pieces(vec![report(u64::MAX - 3)])),
        Reply::Race(RaceReport {
            increment: Increment::LoadStore,
            threads: 2,
            per_thread: 10,
            expected: 20,
            counted: 13,
            lost: 7,
            ms: 1.0,
        }),
        Reply::ExploreProgress {
            states: (1 << 53) + 1,
            frontier: 5,
            ms: 0.5,
        },
        Reply::Explored {
            ms: 12.0,
            report: Later::new(&exploration),
        },
        Reply::SampleProgress {
            runs: 5000,
            ms: 2.5,
        },
        Reply::Sampled {
            ms: 3.0,
            report: Later::new(&interleave_sim::program::sample(
                &interleave_sim::program::parse("thread A:\n    skip\n").unwrap(),
                Random::default(),
            )),
        },
        Reply::Bench {
            events: 123,
            ms: 4.5,
            fingerprint: "00ff00ff00ff00ff".into(),
            memory: 1 << 30,
        },
        Reply::Memory(u64::MAX),
        Reply::SimulateProgress {
            done: 3,
            all: u64::MAX,
        },
        Reply::Simulated(0.1 + 0.2),
        Reply::Invalid(
            interleave_sim::parse("cores 0\ntask a: cpux 1\n")
                .unwrap_err()
                .0,
        ),
        Reply::error("line 2, col 9: unknown name \"y\""),
    ];
    for reply in replies {
        assert_eq!(Reply::decode(&reply.encode()), Ok(reply));
    }
}

#[test]
fn malformed_requests_are_refused_with_the_reason() {
    let cases = [
        ("not json", "expected value at line 1 column 1"),
        (r#"{"no-such-request":{}}"#, "unknown variant"),
        (
            r#"{"piece":{"kernel":"nope","size":10,"piece":{"index":0,"lo":0,"hi":10},"worker":0}}"#,
            "unknown variant `nope`",
        ),
        (
            r#"{"piece":{"kernel":"primes","size":-1e308,"piece":{"index":0,"lo":0,"hi":10},"worker":0}}"#,
            "invalid type: floating point",
        ),
        (r#"{"init":7}"#, "invalid type: integer"),
        (r#"{"sort-merge":{"index":0}}"#, "missing field"),
    ];
    for (text, why) in cases {
        let error = Request::decode(text).unwrap_err();
        assert!(error.starts_with("unreadable request: "), "{error}");
        assert!(error.contains(why), "{text}: {error}");
    }
}

proptest::proptest! {
    // Whatever arrives, reading it gives a message or an error, never a panic.
    #[test]
    fn any_text_is_read_or_refused(text in "\\PC{0,300}") {
        let _ = Request::decode(&text);
        let _ = Reply::decode(&text);
    }

    #[test]
    fn any_shaped_message_is_read_or_refused(
        kind in "(init|piece|pool|race|sort-chunk|sort-merge|explore|bench|ready|sorted|progress|run|explore-progress|explored|error|x)",
        body in "\\PC{0,120}",
    ) {
        let text = format!(r#"{{"{kind}":{{{body}}}}}"#);
        let _ = Request::decode(&text);
        let _ = Reply::decode(&text);
    }
}

#[test]
fn a_request_without_fields_is_still_an_object_of_its_type() {
    assert_eq!(Request::Memory {}.encode(), r#"{"memory":{}}"#);
}
