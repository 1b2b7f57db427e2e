//! Questions asked of a trace: the nearest change, the state at a tick, and each
//! task's waits, on small runs whose answers can be checked by hand.

use expect_test::expect;
use interleave_sim::{Scenario, State, Waiting, Waits, parse, simulate};

fn scenario(text: &str) -> Scenario {
    parse(text).expect("parses")
}

/// Steps stop where something happens: the next and previous change, by binary search.
#[test]
fn steps_stop_at_the_nearest_change() {
    let trace = simulate(&scenario(
        "cores 1\npolicy fcfs\ntask a: cpu 3\ntask b arrive=1: cpu 2",
    ))
    .trace;
    let times: Vec<_> = trace.changes.iter().map(|c| c.time).collect();
    assert_eq!(times, [0, 0, 1, 3, 3, 5]);
    assert_eq!(trace.next_change(0), Some(1));
    assert_eq!(trace.next_change(1), Some(3));
    assert_eq!(trace.next_change(4), Some(5));
    assert_eq!(trace.next_change(5), None);
    assert_eq!(trace.previous_change(5), Some(3));
    assert_eq!(trace.previous_change(3), Some(1));
    assert_eq!(trace.previous_change(0), None);
}

/// The state at a tick, in words a learner could check against the timeline.
#[test]
fn the_state_at_a_tick() {
    let s = scenario(
        "cores 1\npolicy rr quantum=2\nswitch 1\nlock m\n\
         task a: acquire m, cpu 3, release m\ntask b: cpu 2, io 3, cpu 1\ntask c arrive=4: acquire m, cpu 1, release m",
    );
    let report = simulate(&s);
    let words = |t| {
        let at = report.trace.at(t, s.tasks.len());
        let name = |i: u32| s.tasks[i as usize].name.as_str();
        let core = match at.cores[0] {
            Some(slice) if slice.switch => format!("switching to {}", name(slice.task)),
            Some(slice) => format!("runs {}", name(slice.task)),
            None => "idle".into(),
        };
        let ready: Vec<_> = at.ready.iter().map(|&i| name(i)).collect();
        let states: Vec<_> = at
            .states
            .iter()
            .enumerate()
            .map(|(i, st)| {
                format!(
                    "{}={}",
                    name(i as u32),
                    st.map_or("-".into(), |(_, st)| format!("{st:?}"))
                )
            })
            .collect();
        format!(
            "t={t}: core {core}; ready [{}]; {}",
            ready.join(" "),
            states.join(" ")
        )
    };
    let all: Vec<String> = (0..=report.makespan).map(words).collect();
    expect![[r#"
        t=0: core runs a; ready [b]; a=Running b=Ready c=-
        t=1: core runs a; ready [b]; a=Running b=Ready c=-
        t=2: core switching to b; ready [a]; a=Ready b=Switching c=-
        t=3: core runs b; ready [a]; a=Ready b=Running c=-
        t=4: core runs b; ready [a]; a=Ready b=Running c=Blocked(0)
        t=5: core switching to a; ready []; a=Switching b=Io c=Blocked(0)
        t=6: core runs a; ready []; a=Running b=Io c=Blocked(0)
        t=7: core switching to c; ready []; a=Done b=Io c=Switching
        t=8: core runs c; ready [b]; a=Done b=Ready c=Running
        t=9: core switching to b; ready []; a=Done b=Switching c=Done
        t=10: core runs b; ready []; a=Done b=Running c=Done
        t=11: core idle; ready []; a=Done b=Done c=Done"#]]
    .assert_eq(&all.join("\n"));
}

/// Each task's waits: for a core, for I/O, for a lock; fed in batches of any size, the
/// same spans.
#[test]
fn waits_are_spans_whatever_the_batches() {
    let s = scenario(
        "cores 1\npolicy fcfs\nlock m\n\
         task a: acquire m, cpu 4, io 5, release m\ntask b arrive=1: cpu 1, io 2, acquire m, cpu 1, release m",
    );
    let trace = simulate(&s).trace;
    let waits = trace.waits(s.tasks.len());
    assert_eq!(waits[0], [(4, 9, Waiting::Io)]);
    assert_eq!(
        waits[1],
        [
            (1, 4, Waiting::Ready),
            (5, 7, Waiting::Io),
            (7, 9, Waiting::Lock)
        ]
    );
    let end = trace.changes.last().unwrap().time;
    for batch in 1..=trace.changes.len() {
        let mut fed = Waits::new(s.tasks.len());
        for changes in trace.changes.chunks(batch) {
            fed.feed(changes);
        }
        assert_eq!(fed.finish(end), waits, "batches of {batch}");
    }
}

/// In a deadlock, the waits for a lock run to the end of the run.
#[test]
fn a_deadlocked_wait_runs_to_the_end() {
    let s = scenario(
        "cores 2\npolicy fcfs\nlock x\nlock y\n\
         task a: acquire x, cpu 2, acquire y, release y, release x\n\
         task b: acquire y, cpu 2, acquire x, release x, release y",
    );
    let report = simulate(&s);
    assert!(report.deadlocked());
    let waits = report.trace.waits(s.tasks.len());
    for w in &waits {
        assert_eq!(w.last().map(|s| s.2), Some(Waiting::Lock));
        assert!(w.last().unwrap().1 > w.last().unwrap().0);
    }
    assert!(matches!(
        report.trace.at(5, 2).states[0],
        Some((_, State::Blocked(_)))
    ));
}

/// Concurrent and parallel, read off a run: tasks in progress at once, and tasks
/// running at once.
#[test]
fn overlap_tells_concurrent_from_parallel() {
    let overlap = |text: &str| {
        let o = simulate(&scenario(text)).overlap();
        (o.in_progress, o.running, o.concurrent(), o.parallel())
    };
    let tasks = "task a: cpu 4\ntask b: cpu 4\ntask c: cpu 4";
    let cases = [
        // One after the other: never two in progress.
        (
            format!("cores 1\npolicy fcfs\n{tasks}"),
            (1, 1, false, false),
        ),
        // Taking turns: all three in progress, one running.
        (
            format!("cores 1\npolicy rr quantum=1\n{tasks}"),
            (3, 1, true, false),
        ),
        // Three cores: all three in progress and running.
        (format!("cores 3\npolicy fcfs\n{tasks}"), (3, 3, true, true)),
        // Two cores, a switch cost: switching is not running.
        (
            format!("cores 2\npolicy rr quantum=2\nswitch 1\n{tasks}"),
            (3, 2, true, true),
        ),
        // A task waiting for I/O is still in progress while another runs.
        (
            "cores 1\npolicy fcfs\ntask a: cpu 1, io 5, cpu 1\ntask b: cpu 3".to_string(),
            (2, 1, true, false),
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(overlap(&text), expected, "{text}");
    }
}
