//! Every run is bounded before it starts: texts whose numbers are each within their
//! limits, but whose product is not (a quantum of 1 over a burst of 10^9, a million
//! requests on a thousand cores, a boost every tick), are refused in words, at a line
//! and column, fast. Each refusal runs on a thread of its own with a deadline, so a
//! regression fails the test instead of hanging the suite.

use std::sync::mpsc;
use std::time::Duration;

use expect_test::{Expect, expect};
use interleave_sim::{Limits, Policy, parse, program, sweep};

/// `text` parsed within a second: its errors, or "ok" and its bound.
fn within_a_second(text: &'static str) -> String {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let out = match parse(text) {
            Ok(s) => match s.sized(&Limits::default()) {
                Ok(bound) => format!("ok: at most {} events", bound.events),
                Err(refusal) => format!("parsed, yet refused: {}", refusal.message),
            },
            Err(e) => e.to_string(),
        };
        let _ = send.send(out);
    });
    receive
        .recv_timeout(Duration::from_secs(1))
        .expect("checked within a second")
}

fn refused(text: &'static str, expected: Expect) {
    expected.assert_eq(&within_a_second(text));
}

#[test]
fn a_quantum_of_one_over_huge_bursts_is_refused_where_the_burst_is() {
    refused(
        "cores 1\npolicy rr quantum=1\ntask a: cpu 999999999\ntask b: cpu 999999999",
        expect![
            "line 3, col 13: up to 4,000,000,004 events (2,000,000,000 slices): quantum 1 over 1,999,999,998 ticks of CPU (999,999,999 in this task); at most 10,000,000 events are run: raise the quantum or shorten the bursts"
        ],
    );
}

#[test]
fn variants_with_io_locks_mlfq_and_switches_are_refused() {
    refused(
        "cores 1\npolicy rr quantum=3\nlock m\ntask a: acquire m, cpu 99999999, io 99999999, cpu 99999999, release m\ntask b: acquire m, cpu 99999999, release m",
        expect![
            "line 4, col 24: up to 200,000,011 events (100,000,002 slices): quantum 3 over 299,999,997 ticks of CPU (199,999,998 in this task); at most 10,000,000 events are run: raise the quantum or shorten the bursts"
        ],
    );
    refused(
        "cores 2\npolicy mlfq levels=3 quantum=2 boost=100\nswitch 1\ntask a: cpu 50000000, io 3, cpu 4",
        expect![
            "line 4, col 13: up to 225,000,033 events (150,000,020 slices): quantum 2 over 50,000,004 ticks of CPU (50,000,004 in this task); at most 10,000,000 events are run: raise the quantum or shorten the bursts"
        ],
    );
}

#[test]
fn huge_request_counts_times_huge_bursts_are_refused_at_the_count() {
    // Random lengths at their largest would refuse this one; as drawn, it fits.
    refused(
        "cores 2\npolicy rr quantum=1\nseed 3\nrequests r count=5000 every=60 poisson: cpu ~50, io ~20",
        expect!["ok: at most 531354 events"],
    );
    refused(
        "cores 4\npolicy fcfs\nrequests r count=1000000 every=1: cpu 5, io 7, cpu 5, io 2, cpu 1, io 1, cpu 1",
        expect![
            "line 3, col 18: up to 13,000,000 events (4,000,000 slices): 1,000,000 requests of up to 13 events each; at most 10,000,000 events are run: lower the count, or give each fewer steps"
        ],
    );
    refused(
        "cores 4\npolicy rr quantum=2\nrequests r count=100000 every=10 poisson: cpu ~1000",
        expect![
            "line 3, col 47: up to 3,700,600,000 events (1,850,200,000 slices): quantum 2 over 3,700,100,000 ticks of CPU (37,001 in one request); at most 10,000,000 events are run: raise the quantum or shorten the bursts"
        ],
    );
}

#[test]
fn fan_outs_are_counted_before_they_are_written_out() {
    refused(
        "cores 2\npolicy fcfs\njob part: cpu 1, io 1, cpu 1, io 1, cpu 1, io 1, cpu 1, io 1, cpu 1, io 1, cpu 1\nrequests r count=6000 every=3: spawn part x50 hedge=10, join",
        expect![
            "line 3, col 5: up to 11,418,000 events (3,600,000 slices): 600,000 tasks spawned of up to 19 events each; at most 10,000,000 events are run: spawn fewer, or give each fewer steps"
        ],
    );
    refused(
        "cores 2\npolicy rr quantum=1\njob part: cpu 1000000\ntask t: spawn part x16, join",
        expect![
            "line 3, col 15: up to 32,000,067 events (16,000,016 slices): quantum 1 over 16,000,000 ticks of CPU (1,000,000 in one task of this job); at most 10,000,000 events are run: raise the quantum or shorten the bursts"
        ],
    );
}

#[test]
fn a_thousand_cores_at_a_million_event_times_are_refused_at_cores() {
    refused(
        "cores 1024\nqueues per-core steal\nrequests r count=1000000 every=1: cpu 1",
        expect![
            "line 1, col 7: 1024 cores visited at each of up to 5,000,001 event times is up to 5,120,001,024 visits; at most 1,000,000,000 are run: use fewer cores, or fewer tasks"
        ],
    );
}

#[test]
fn a_boost_every_tick_over_a_long_run_is_refused_at_the_boost() {
    refused(
        "cores 1\npolicy mlfq levels=3 quantum=1000000000 boost=1\ntask a: cpu 999999999",
        expect![
            "line 2, col 47: a boost every tick over a run of up to 999,999,999 ticks is up to 1,000,000,000 boosts, each visiting 1 task; at most 1,000,000,000 visits are run: raise boost, or shorten the run"
        ],
    );
}

#[test]
fn big_numbers_that_make_few_events_still_run() {
    refused(
        "cores 2\npolicy srtf\nswitch 3\nlock m\ntask a: cpu 999999999, io 5, acquire m, cpu 3, release m\ntask b arrive=1: cpu 2, io 999999999, cpu 1",
        expect!["ok: at most 31 events"],
    );
}

#[test]
fn scenarios_from_json_and_sweeps_are_bounded_too() {
    let s = parse("cores 1\npolicy fcfs\ntask a: cpu 999999999\ntask b: cpu 999999999").unwrap();
    let limits = Limits::default();
    assert_eq!(s.validate(&limits), Ok(()));
    let rr1 = interleave_sim::Scenario {
        policy: Policy::RoundRobin { quantum: 1 },
        ..s.clone()
    };
    expect!["up to 4,000,000,004 events (2,000,000,000 slices): quantum 1 over 1,999,999,998 ticks of CPU (999,999,999 in this task); at most 10,000,000 events are run: raise the quantum or shorten the bursts"]
        .assert_eq(&rr1.validate(&limits).unwrap_err().to_string());
    // A sweep checks every point before it runs any.
    let policies = [Policy::Fcfs, Policy::RoundRobin { quantum: 1 }];
    expect!["under rr quantum=1: up to 4,000,000,004 events (2,000,000,000 slices): quantum 1 over 1,999,999,998 ticks of CPU (999,999,999 in this task); at most 10,000,000 events are run: raise the quantum or shorten the bursts"].assert_eq(&sweep::policies(&s, &policies, &limits).unwrap_err().to_string());
    let cores = sweep::cores(&s, &[1, 2, 4], &limits).unwrap();
    assert_eq!(cores.len(), 3);
}

#[test]
fn a_wide_program_lowers_the_explorers_state_limit() {
    let mut text = String::new();
    for i in 0..18 {
        let names: Vec<String> = (0..50).map(|j| format!("v{}", i * 50 + j)).collect();
        text += &format!("shared {}\n", names.join(", "));
    }
    text += "thread A:\n    i = 0\n    while i < 3000000:\n        i = i + 1\n";
    let p = program::parse(&text).unwrap();
    let e = program::explore(&p, program::Search::default());
    assert!(!e.complete);
    assert!(e.search.max_states < program::DEFAULT_MAX_STATES);
    assert!(e.search.max_states * 900 <= program::MAX_STATE_SLOTS);
    assert_eq!(e.states as usize, e.search.max_states);
    // The page says why the limit is lower than asked from the same figure.
    assert_eq!(e.search.max_states, program::most_states(&p, false));
    assert!(program::most_states(&p, true) < e.search.max_states);
    let narrow = program::parse("thread A:\n    skip\n").unwrap();
    assert!(program::most_states(&narrow, false) > program::DEFAULT_MAX_STATES);
}

/// A run whose trace is reserved by its bound never grows it (a growing trace copies
/// itself, a long step near the limits), and runs as a plain run does.
#[test]
fn a_trace_reserved_by_its_bound_never_grows() {
    use interleave_sim::{Options, Simulation, simulate};
    for text in [
        "cores 1\npolicy rr quantum=1\ntask a: cpu 500\ntask b: cpu 300, io 4, cpu 9",
        "cores 1\npolicy srtf\nswitch 1\nrequests r count=200 every=2: cpu 1..9, io 3, cpu 2",
        "cores 1\npolicy mlfq levels=3 quantum=1 boost=7\ntask a: cpu 90\ntask b: cpu 60, io 2, cpu 8",
    ] {
        let scenario = parse(text).expect("parses");
        let bound = scenario.bound();
        let mut sim = Simulation::new(&scenario, Options::default());
        sim.reserve(&bound);
        let (report, lowered) = sim.finish_written_out();
        assert_eq!(report, simulate(&scenario), "{text}");
        let trace = &report.trace;
        assert_eq!(trace.changes.capacity(), bound.events as usize, "{text}");
        assert_eq!(trace.cores[0].capacity(), bound.slices as usize, "{text}");
        // The scenario written out comes back with the report, when there was any.
        assert_eq!(lowered.is_some(), scenario.needs_lowering(), "{text}");
    }
}
