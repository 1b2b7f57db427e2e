//! Programs of threads sharing memory: the parser's errors, the machine's steps, and
//! the explorer's counts checked against hand counts and against brute force.

use expect_test::{Expect, expect};
use interleave_sim::program::{
    self, Exploration, Explorer, FindingKind, Program, Search, Status, explore, parse, render,
    schedule_from_text, schedule_to_text,
};
use proptest::prelude::*;

const COUNTER: &str = "shared count = 0
thread A:
    t = count
    t = t + 1
    count = t
thread B:
    t = count
    t = t + 1
    count = t
finally \"no update is lost\": count == 2
goal \"Make the counter end at 1\": done and count == 1
";

fn errors(text: &str, expected: Expect) {
    let message = match parse(text) {
        Ok(p) => format!("ok: {} threads", p.threads.len()),
        Err(e) => e.to_string(),
    };
    expected.assert_eq(&message);
}

fn full(text: &str) -> (Program, Exploration) {
    let p = parse(text).unwrap_or_else(|e| panic!("{e}"));
    let e = explore(&p, Search::default());
    (p, e)
}

#[test]
fn the_lost_update_matches_the_hand_count() {
    // Interleavings of A's three steps with B's: C(6, 3) = 20. The update survives only
    // when one thread's read comes after the other's write, which forces one thread's
    // three steps entirely before the other's: AAABBB and BBBAAA. The 18 others lose it.
    let (p, e) = full(COUNTER);
    assert!(e.complete);
    assert_eq!(e.interleavings, Some(20));
    let by_count: Vec<(i32, u128)> = e
        .finals
        .iter()
        .map(|f| (f.values[0].1, f.interleavings.unwrap()))
        .collect();
    assert_eq!(by_count, vec![(1, 18), (2, 2)]);
    expect![[r#"
        explored 22 states and 28 transitions, depth 6
        interleavings: 20

        final states (every thread finished):
          BAD count = 1: 18 interleavings, 1 states; shortest: A A B A B B
          ok  count = 2: 2 interleavings, 2 states

        findings:
          [finally] “no update is lost” fails at the end: count = 1
            18 interleavings, 1 states; shortest (6 steps): A A B A B B

        goal “Make the counter end at 1” reachable in 6 steps: A A B A B B
    "#]]
    .assert_eq(&render(&p, &e));
}

#[test]
fn a_reported_counterexample_replays_to_the_reported_state() {
    for text in [
        COUNTER,
        include_str!("../../lessons/src/programs/two_locks.prog"),
        include_str!("../../lessons/src/programs/philosophers.prog"),
        include_str!("../../lessons/src/programs/check_then_act.prog"),
    ] {
        let (p, e) = full(text);
        assert!(!e.findings.is_empty());
        for finding in &e.findings {
            let states = p.replay(&finding.schedule).expect("the schedule replays");
            let last = states.last().unwrap();
            match finding.kind {
                FindingKind::Deadlock => {
                    assert!(p.is_deadlock(last));
                    assert_eq!(p.wait_for(last).cycle, finding.cycle);
                    assert_eq!(p.describe_deadlock(last), finding.message);
                }
                FindingKind::Finally => {
                    assert!(p.is_done(last));
                    assert!(p.properties.iter().any(|q| !p.holds(q, last)));
                }
                other => panic!("unexpected {other:?}"),
            }
            // The schedule survives its text form (the URL).
            let text = schedule_to_text(&finding.schedule);
            assert_eq!(schedule_from_text(&text).unwrap(), finding.schedule);
        }
        if let Some(goal) = &e.goal {
            let states = p.replay(goal).unwrap();
            assert!(p.holds(p.goal.as_ref().unwrap(), states.last().unwrap()));
        }
    }
}

#[test]
fn opposite_lock_orders_deadlock_with_their_cycle() {
    let (p, e) = full(include_str!("../../lessons/src/programs/two_locks.prog"));
    let deadlocks: Vec<_> = e
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Deadlock)
        .collect();
    assert_eq!(deadlocks.len(), 1);
    let d = deadlocks[0];
    // T1 waits for b (mutex 1), T2 waits for a (mutex 0).
    assert_eq!(d.cycle, vec![(0, 1), (1, 0)]);
    assert_eq!(d.schedule, vec![0, 1]);
    assert_eq!(
        d.message,
        "deadlock: T1 holds a and waits for b; T2 holds b and waits for a"
    );
    // Of C(4,2)... runs: 2 deadlock (T1 then T2 take their first lock, either order),
    // 4 complete.
    assert_eq!(d.interleavings, Some(2));
    assert_eq!(e.interleavings, Some(6));
    let wf = p.wait_for(p.replay(&d.schedule).unwrap().last().unwrap());
    assert_eq!(wf.edges.iter().filter(|w| w.holds).count(), 2);
    assert_eq!(wf.edges.iter().filter(|w| !w.holds).count(), 2);
}

#[test]
fn the_fixed_versions_have_no_bad_state() {
    for text in [
        include_str!("../../lessons/src/programs/mutex.prog"),
        include_str!("../../lessons/src/programs/atomic.prog"),
        include_str!("../../lessons/src/programs/ordered_locks.prog"),
        include_str!("../../lessons/src/programs/philosophers_ordered.prog"),
        include_str!("../../lessons/src/programs/producer_consumer.prog"),
    ] {
        let (_, e) = full(text);
        assert!(e.proved(), "{e:?}");
        assert!(e.finals.iter().all(|f| f.ok));
    }
}

#[test]
fn a_spin_lock_without_atomics_breaks_mutual_exclusion_and_spinning_is_not_a_livelock() {
    // Both threads run the same steps.
    let steps = "
    while busy == 1:
        skip
    busy = 1
    fetch_add(inside, 1)
    fetch_add(inside, -1)
    busy = 0
";
    let text = format!(
        "shared busy = 0, inside = 0\nthread A:{steps}thread B:{steps}\
         always \"one thread inside at a time\": inside <= 1\n"
    );
    let (p, e) = full(&text);
    // The spin loop makes the state graph cyclic: infinitely many runs.
    assert_eq!(e.interleavings, None);
    assert!(e.complete);
    let broken = e
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::Invariant)
        .expect("both inside");
    assert_eq!(broken.message, "“one thread inside at a time” is broken");
    let last = p.replay(&broken.schedule).unwrap().pop().unwrap();
    assert_eq!(p.shared_value(&last, 1), 2);
    // Spinning can always stop (the other thread can go on): no livelock.
    assert!(e.findings.iter().all(|f| f.kind != FindingKind::Livelock));
}

#[test]
fn threads_that_wait_for_each_other_forever_are_a_livelock() {
    // Each waits for the other's flag, which neither ever sets.
    let text = "shared a = 0, b = 0
thread A:
    while b == 0:
        skip
    a = 1
thread B:
    while a == 0:
        skip
    b = 1
";
    let (p, e) = full(text);
    let live = e
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::Livelock)
        .expect("a livelock");
    assert_eq!(live.states, e.states);
    assert!(p.replay(&live.schedule).is_ok());
}

#[test]
fn faults_stop_the_program_and_say_where() {
    let text = "shared x = 0
mutex m
thread A:
    unlock m
thread B:
    y = 10 / x
thread C:
    assert x == 1
";
    let (_, e) = full(text);
    let messages: Vec<&str> = e
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Fault)
        .map(|f| f.message.as_str())
        .collect();
    expect![[r#"
        [
            "A stopped at line 4 (\"unlock m\"): it unlocks a mutex it does not hold",
            "B stopped at line 6 (\"y = 10 / x\"): division by zero",
            "C stopped at line 8 (\"assert x == 1\"): the assertion failed",
        ]
    "#]]
    .assert_debug_eq(&messages);
}

#[test]
fn a_lost_wakeup_is_a_deadlock_that_names_the_condition() {
    let text = "mutex m
condition c
shared ready = 0
thread Waiter:
    lock m
    wait c, m
    unlock m
thread Signaller:
    signal c
";
    let (_, e) = full(text);
    let d = e
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::Deadlock)
        .unwrap();
    assert_eq!(
        d.message,
        "every thread left is blocked: Waiter waits for a signal on c that no one will send"
    );
    assert_eq!(d.schedule, vec![0, 1, 0]);
}

#[test]
fn signal_wakes_the_longest_waiter_and_broadcast_wakes_all() {
    let text = "mutex m
condition c
thread A:
    lock m
    wait c, m
    unlock m
thread B:
    lock m
    wait c, m
    unlock m
thread S:
    lock m
    signal c
    unlock m
";
    let p = parse(text).unwrap();
    // A waits, then B, then S signals: A is woken, B sleeps on.
    let states = p.replay(&[0, 0, 1, 1, 2, 2]).unwrap();
    let s = states.last().unwrap();
    assert_eq!(p.waiters(s, 0), vec![1]);
    assert_eq!(
        p.status(s, 0),
        Status::Blocked(program::Blocker::Mutex { mutex: 0, owner: 2 })
    );
    let s = p.step(s, 2).unwrap();
    assert_eq!(p.status(&s, 0), Status::Ready);
    let broadcast = text.replace("signal c", "broadcast c");
    let p = parse(&broadcast).unwrap();
    let states = p.replay(&[0, 0, 1, 1, 2, 2, 2]).unwrap();
    assert!(p.waiters(states.last().unwrap(), 0).is_empty());
}

#[test]
fn a_preemption_bound_searches_fewer_schedules() {
    let text = include_str!("../../lessons/src/programs/philosophers.prog");
    let p = parse(text).unwrap();
    let none = explore(&p, Search::default());
    let zero = explore(
        &p,
        Search {
            preemption_bound: Some(0),
            ..Search::default()
        },
    );
    let two = explore(
        &p,
        Search {
            preemption_bound: Some(2),
            ..Search::default()
        },
    );
    // Without preemptions each philosopher eats alone, one after another: 5! orders.
    assert_eq!(zero.interleavings, Some(120));
    assert!(zero.findings.is_empty());
    assert!(two.interleavings.unwrap() > 120);
    assert!(two.interleavings < none.interleavings);
    // One preemption is enough for the deadlock: P0 takes f0 and is preempted; P4 takes
    // f4 and then blocks on f0, so switching away from it is free; P3 takes f3 and
    // blocks on f4, P2 takes f2 and blocks on f3, P1 takes f1: a cycle.
    let one = explore(
        &p,
        Search {
            preemption_bound: Some(1),
            ..Search::default()
        },
    );
    let deadlock = one
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::Deadlock)
        .expect("a deadlock within one preemption");
    assert_eq!(deadlock.schedule, vec![0, 4, 3, 2, 1]);
    assert!(two.findings.iter().any(|f| f.kind == FindingKind::Deadlock));
}

#[test]
fn the_state_limit_stops_the_search_and_says_so() {
    let p = parse(&program::philosophers(6, false)).unwrap();
    let e = explore(
        &p,
        Search {
            preemption_bound: None,
            max_states: 500,
        },
    );
    assert!(!e.complete);
    assert_eq!(e.states, 500);
    assert_eq!(e.interleavings, None);
    assert!(!e.proved());
    assert!(render(&p, &e).contains("STOPPED at the limit of 500 states"));
}

#[test]
fn replay_says_which_step_cannot_be_taken() {
    let p = parse(include_str!("../../lessons/src/programs/two_locks.prog")).unwrap();
    assert_eq!(
        p.replay(&[0, 1, 0]).unwrap_err(),
        (2, "T1 is blocked".into())
    );
    assert_eq!(
        p.replay(&[0, 0, 0, 0, 0]).unwrap_err(),
        (4, "T1 has finished".into())
    );
    assert_eq!(
        p.replay(&[7]).unwrap_err(),
        (0, "there is no thread number 8".into())
    );
    assert!(schedule_from_text("01!").unwrap_err().contains("step 3"));
}

#[test]
fn the_parser_says_where_and_why() {
    errors(
        "shared count = 0\nthread A:\n    count = count + 1\n",
        expect![[
            r#"line 3, col 1: this step reads and writes count: in one step that would be atomic, which real hardware does not promise. Split it ("t = count", then "count = t + 1") or use "fetch_add(count, 1)""#
        ]],
    );
    errors(
        "shared a, b\nthread A:\n    x = a + b\n    lok m\n    lock n\n    y = z\n",
        expect![[r#"
            line 3, col 1: this step reads shared memory 2 times (a, b): a step touches shared memory once. Read into locals first
            line 4, col 5: "lok" is not a step (steps: NAME = value, lock, unlock, acquire, release, wait, signal, broadcast, fetch_add, assert, skip, if, while); did you mean "lock"?
            line 5, col 10: unknown mutex "n": declare it with "mutex n"
            line 6, col 9: unknown name "z": share it ("shared z = 0") or assign it in this thread."#]],
    );
    errors(
        "mutex m\nthred A:\n    lock m\nthread B:\nalways x == 1\nshared m = 3\n",
        expect![[r#"
            line 2, col 1: "thred" does not start a declaration (shared, mutex, semaphore, condition, thread, always, finally, goal); did you mean "thread"?
            line 3, col 1: this line is indented but belongs to no thread: put "thread NAME:" above it
            line 4, col 1: thread B has no steps: write them on the lines below, indented
            line 5, col 8: unknown name "x": declare it with "shared x = 0".
            line 6, col 8: "m" is already a mutex"#]],
    );
    errors(
        "shared x\nthread A:\n    if x == 1\n        skip\n    while x < 3:\n    x = 1\n        x = 2\n    else:\n        skip\n",
        expect![[r#"
            line 3, col 14: expected ":" at the end of the "if" line
            line 5, col 5: this block is empty: indent its steps below it (write "skip" for a step that does nothing)
            line 7, col 5: this line is indented more than the one above, which opens no block (only "if", "else" and "while" do)
            line 8, col 5: "else" without an "if" just above it (at the same indentation)"#]],
    );
    errors(
        "semaphore s = -1\ncondition c\nthread A:\n    wait c\n    signal s\n    x = fetch_add(s, 1)\n    fetch_add(q, 1\n",
        expect![[r#"
            line 1, col 11: a semaphore cannot start with fewer than 0 permits
            line 4, col 11: expected "," and the mutex to release while waiting, as in "wait not_full, m"
            line 5, col 12: "s" is a semaphore; "signal" needs a condition
            line 6, col 19: "s" is a semaphore, not a shared variable
            line 7, col 15: unknown shared variable "q"; declare it with "shared q = 0""#]],
    );
    errors(
        "",
        expect![[
            r#"line 1, col 1: a program needs at least one thread: write "thread A:" and its steps, indented, below it"#
        ]],
    );
    errors(
        "shared x = 99999999999\nthread A:\n    x = \"a\n    y = ((((1)))\n",
        expect![[r#"
            line 1, col 12: "99999999999" is not a number from -2147483648 to 2147483647
            line 3, col 9: this text has no closing "
            line 4, col 17: expected ")" to close "(""#]],
    );
}

#[test]
fn limits_are_checked_before_any_work() {
    let deep = format!(
        "thread A:\n    x = {}1{}\n",
        "(".repeat(150),
        ")".repeat(150)
    );
    assert!(
        parse(&deep)
            .unwrap_err()
            .to_string()
            .contains("at most 200")
    );
    let nested = format!("thread A:\n    x = {}1\n", "-".repeat(150));
    assert!(
        parse(&nested)
            .unwrap_err()
            .to_string()
            .contains("nested too deeply")
    );
    let mut many = String::new();
    for i in 0..40 {
        many.push_str(&format!("thread T{i}:\n    skip\n"));
    }
    assert!(
        parse(&many)
            .unwrap_err()
            .to_string()
            .contains("at most 36 threads")
    );
    let long = "#".repeat(program::MAX_PROGRAM_TEXT + 1);
    assert!(parse(&long).unwrap_err().to_string().contains("bytes long"));
}

/// Every run, enumerated one by one without sharing states: the count the explorer
/// must reach by counting paths.
fn brute_force(p: &Program, state: &program::State, depth: usize, out: &mut Vec<(Vec<i32>, bool)>) {
    assert!(depth < 64, "the generated programs have no loops");
    let ends = p.is_done(state)
        || p.is_deadlock(state)
        || p.fault(state).is_some()
        || p.broken_invariant(state).is_some();
    if ends {
        // A run that breaks an `always` property ends there, as a finding, not as a final state.
        let finished = p.is_done(state) && p.broken_invariant(state).is_none();
        out.push((state.slots().to_vec(), finished));
        return;
    }
    for t in 0..p.threads.len() {
        if let Some(next) = p.step(state, t) {
            brute_force(p, &next, depth + 1, out);
        }
    }
}

fn step_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("t = x".to_string()),
        Just("x = t + 1".to_string()),
        Just("t = y".to_string()),
        Just("y = t * 2".to_string()),
        Just("fetch_add(x, 1)".to_string()),
        Just("lock m".to_string()),
        Just("unlock m".to_string()),
        Just("lock n".to_string()),
        Just("unlock n".to_string()),
        Just("acquire s".to_string()),
        Just("release s".to_string()),
        Just("assert x < 3".to_string()),
        Just("if x == 1:\n        y = 1".to_string()),
        Just("signal c".to_string()),
    ]
}

fn program_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::collection::vec(step_text(), 1..4), 1..4).prop_map(|threads| {
        let mut text =
            "shared x = 0, y = 0\nmutex m, n\nsemaphore s = 1\ncondition c\n".to_string();
        for (i, steps) in threads.iter().enumerate() {
            text.push_str(&format!("thread T{i}:\n    t = 1\n"));
            for s in steps {
                text.push_str(&format!("    {s}\n"));
            }
        }
        text.push_str("always \"y stays small\": y < 2\n");
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn explorer_counts_equal_brute_force(text in program_text()) {
        let p = parse(&text).unwrap();
        let e = explore(&p, Search::default());
        let mut runs = Vec::new();
        brute_force(&p, &p.initial(), 0, &mut runs);
        prop_assert!(e.complete);
        prop_assert_eq!(e.interleavings, Some(runs.len() as u128));
        // Every distinct ending state was found, and each was counted as often.
        let mut distinct = runs.clone();
        distinct.sort();
        distinct.dedup();
        let ending = e.finals.iter().map(|f| f.states).sum::<u64>()
            + e.findings.iter().filter(|f| f.kind != FindingKind::Finally).map(|f| f.states).sum::<u64>();
        prop_assert_eq!(ending, distinct.len() as u64);
        let finished = runs.iter().filter(|(_, done)| *done).count() as u128;
        prop_assert_eq!(e.finals.iter().map(|f| f.interleavings.unwrap()).sum::<u128>(), finished);
        // Shortest schedules replay to where they say.
        for f in &e.findings {
            prop_assert!(p.replay(&f.schedule).is_ok());
        }
    }

    #[test]
    fn a_preemption_bound_never_finds_more(text in program_text(), bound in 0u32..3) {
        let p = parse(&text).unwrap();
        let all = explore(&p, Search::default());
        let bounded = explore(&p, Search { preemption_bound: Some(bound), ..Search::default() });
        prop_assert!(bounded.interleavings.unwrap() <= all.interleavings.unwrap());
        prop_assert!(bounded.interleavings.unwrap() >= 1);
        for f in &bounded.findings {
            prop_assert!(all.findings.iter().any(|g| g.kind == f.kind && g.message == f.message));
            prop_assert!(f.schedule.len() >= all.findings.iter().find(|g| g.message == f.message).unwrap().schedule.len());
        }
    }

    #[test]
    fn a_search_in_slices_gives_the_same_report(
        text in program_text(),
        slice in 1usize..40,
        bound in prop::option::of(0u32..3),
        max_states in prop::option::of(1usize..200),
    ) {
        let p = parse(&text).unwrap();
        let search = Search { preemption_bound: bound, max_states: max_states.unwrap_or(program::DEFAULT_MAX_STATES) };
        let whole = explore(&p, search);
        let mut explorer = Explorer::new(p.clone(), search);
        // Each call expands at most `slice` states, and a complete search expands
        // every state it stores.
        let mut calls = 1;
        while !explorer.advance(slice) {
            calls += 1;
        }
        if whole.complete {
            prop_assert!(calls * slice >= whole.states as usize);
        }
        prop_assert_eq!(explorer.finish(), whole);
    }

    #[test]
    fn any_schedule_text_is_read_or_refused(text in "\\PC{0,100}") {
        if let Ok(schedule) = schedule_from_text(&text) {
            prop_assert_eq!(schedule_to_text(&schedule), text.to_ascii_lowercase());
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        if let Err(e) = parse(&text) {
            prop_assert!(!e.0.is_empty() && e.0.iter().all(|d| d.line >= 1 && d.col >= 1));
        }
    }

    #[test]
    fn random_schedules_replay_step_by_step(text in program_text(), picks in prop::collection::vec(0usize..4, 0..20)) {
        let p = parse(&text).unwrap();
        let mut state = p.initial();
        let mut schedule = Vec::new();
        for pick in picks {
            let ready: Vec<usize> = (0..p.threads.len()).filter(|&t| p.status(&state, t) == Status::Ready).collect();
            if ready.is_empty() { break; }
            let t = ready[pick % ready.len()];
            state = p.step(&state, t).unwrap();
            schedule.push(t);
        }
        let replayed = p.replay(&schedule).unwrap();
        prop_assert_eq!(replayed.last().unwrap(), &state);
    }
}

/// The fuzz target's seeds (its folder's own and the lessons' programs, read where
/// they live), kept as regression tests: each parses, explores within a small limit,
/// and every schedule it reports replays.
#[test]
fn the_fuzz_seeds_explore_and_replay() {
    let mut seen = 0;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = ["fuzz/seeds/program", "../lessons/src/programs"]
        .iter()
        .flat_map(|d| {
            std::fs::read_dir(dir.join(d))
                .unwrap()
                .map(|e| e.unwrap().path())
        })
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let p = parse(&text).unwrap_or_else(|e| panic!("{e}"));
        let e = explore(
            &p,
            Search {
                preemption_bound: None,
                max_states: 2_000,
            },
        );
        for f in &e.findings {
            assert!(p.replay(&f.schedule).is_ok());
        }
        seen += 1;
    }
    assert!(seen >= 10);
}
