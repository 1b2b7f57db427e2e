//! Requests, servers, a thread cap, spawn and join: the parts of a scenario that model
//! systems. Small cases worked out by hand, shown as the chart and table a learner
//! would check; and the latency figures on known data.

use expect_test::{Expect, expect};
use interleave_sim::latency::{latency, percentile};
use interleave_sim::workload::{SplitMix64, ln};
use interleave_sim::{Step, gantt, parse, simulate};

fn check(text: &str, expected: Expect) {
    let scenario = parse(text).unwrap_or_else(|e| panic!("{e}"));
    let report = simulate(&scenario);
    let out = format!(
        "{}{}",
        gantt::chart(&scenario, &report, 80),
        gantt::table(&scenario, &report)
    );
    expected.assert_eq(&out);
}

fn errors(text: &str) -> String {
    match parse(text) {
        Ok(_) => "parsed".into(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn requests_arrive_every_few_ticks_in_bursts_or_not() {
    let s = parse(
        "requests r count=3 every=5: cpu 2\nrequests b count=4 every=10 burst=2 start=1: io 1",
    )
    .unwrap();
    let lowered = s.lower();
    let arrivals: Vec<(String, u64)> = lowered
        .tasks
        .iter()
        .map(|t| (t.name.clone(), t.arrive))
        .collect();
    assert_eq!(
        arrivals,
        [
            ("r.1", 0),
            ("r.2", 5),
            ("r.3", 10),
            ("b.1", 1),
            ("b.2", 1),
            ("b.3", 11),
            ("b.4", 11)
        ]
        .map(|(n, a)| (n.to_string(), a))
    );
}

#[test]
fn poisson_gaps_and_random_lengths_have_the_asked_mean_and_are_seeded() {
    let text = "seed 7\nrequests r count=20000 every=10 poisson: cpu 2..8, io ~30";
    let a = parse(text).unwrap();
    let lowered = a.lower();
    let last = lowered.tasks.last().unwrap().arrive as f64;
    let mean_gap = last / 19_999.0;
    assert!((mean_gap - 10.0).abs() < 0.3, "mean gap {mean_gap}");
    let (mut cpu, mut io) = (Vec::new(), Vec::new());
    for t in &lowered.tasks {
        match t.steps[..] {
            [Step::Cpu(c), Step::Io(i)] => {
                cpu.push(c);
                io.push(i);
            }
            _ => panic!("{:?}", t.steps),
        }
    }
    assert!(cpu.iter().all(|&c| (2..=8).contains(&c)));
    assert!(cpu.contains(&2) && cpu.contains(&8));
    let mean_io = io.iter().sum::<u64>() as f64 / io.len() as f64;
    assert!((mean_io - 30.0).abs() < 1.0, "mean io {mean_io}");
    // The same seed draws the same; another seed draws otherwise.
    assert_eq!(parse(text).unwrap().lower().tasks, lowered.tasks);
    let other = parse(&text.replace("seed 7", "seed 8")).unwrap();
    assert_ne!(other.lower().tasks, lowered.tasks);
}

#[test]
fn the_portable_logarithm_matches_the_system_one() {
    let mut rng = SplitMix64(1);
    for _ in 0..100_000 {
        let x = rng.unit();
        let (ours, system) = (ln(x), x.ln());
        assert!(
            (ours - system).abs() <= 4e-16 * system.abs().max(1.0),
            "{x}: {ours} vs {system}"
        );
    }
    assert_eq!(ln(1.0), 0.0);
}

#[test]
fn a_thread_pool_of_one_serialises_requests_even_through_io() {
    // Blocking I/O holds the thread: b waits for a's whole life, not just its CPU.
    check(
        "threads 1\ntask a: cpu 2, io 3, cpu 1\ntask b: cpu 2",
        expect![[r#"
            core 0  |AA...ABB|
                     0    5
                     A=a B=b
            task  arrival  first_run  completion  turnaround  waiting  response
            a           0          0           6           6        0         0
            b           0          6           8           8        0         6
            average turnaround 7.00, waiting 0.00, response 3.00
            makespan 8, utilization 62.5%, throughput 0.2500 tasks/tick, context switches 1
        "#]],
    );
}

#[test]
fn round_robin_balancing_alternates_and_a_slow_server_takes_longer() {
    check(
        "server fast cores=1\nserver slow cores=1 slowdown=3\nrequests r count=4 every=1: cpu 2",
        expect![[r#"
            core 0  |AACC.........|
            core 1  |.BBBBBBDDDDDD|
                     0    5    10
                     A=r.1 B=r.2 C=r.3 D=r.4
            task  arrival  first_run  completion  turnaround  waiting  response
            r.1         0          0           2           2        0         0
            r.2         1          1           7           6        0         0
            r.3         2          2           4           2        0         0
            r.4         3          7          13          10        4         4
            average turnaround 5.00, waiting 1.00, response 1.00
            makespan 13, utilization 61.5%, throughput 0.3077 tasks/tick, context switches 2
        "#]],
    );
}

#[test]
fn least_connections_sends_work_away_from_a_busy_server() {
    let text = "server fast cores=1\nserver slow cores=1 slowdown=3\nbalance least\nrequests r count=4 every=1: cpu 2";
    let s = parse(text).unwrap();
    let r = simulate(&s);
    let l = latency(&s, &r);
    assert_eq!(
        l.utilization.iter().map(|u| u.tasks).collect::<Vec<_>>(),
        [3, 1]
    );
    let rr = parse(&text.replace("balance least\n", "")).unwrap();
    assert!(l.max < latency(&rr, &simulate(&rr)).max);
}

#[test]
fn spawn_and_join_fan_out_to_every_server_and_wait_for_the_slowest() {
    check(
        "server s0 cores=1\nserver s1 cores=1\nserver s2 cores=1\njob part: cpu 1..6\nseed 3\ntask query: spawn part x3, join, cpu 1",
        expect![[r#"
            core 0  |BBBBBBA|
            core 1  |CCCCC..|
            core 2  |DDD....|
                     0    5
                     A=query B=query/part.1 C=query/part.2 D=query/part.3
            task          arrival  first_run  completion  turnaround  waiting  response
            query               0          6           7           7        0         6
            query/part.1        0          0           6           6        0         0
            query/part.2        0          0           5           5        0         0
            query/part.3        0          0           3           3        0         0
            average turnaround 5.25, waiting 0.00, response 1.50
            makespan 7, utilization 71.4%, throughput 0.5714 tasks/tick, context switches 1
        "#]],
    );
}

#[test]
fn a_request_that_spawns_counts_once_with_its_slowest_part() {
    let s = parse("server a cores=1\nserver b cores=1\njob part: cpu 4\nrequests q count=2 every=10: spawn part x2, join").unwrap();
    let r = simulate(&s);
    let l = latency(&s, &r);
    assert_eq!((l.requests, l.completed, l.p50, l.max), (2, 2, 4, 4));
    assert_eq!(r.tasks.len(), 6);
}

#[test]
fn percentiles_are_nearest_rank() {
    let v: Vec<u64> = (1..=100).collect();
    assert_eq!(
        [50, 90, 99, 100].map(|p| percentile(&v, p)),
        [50, 90, 99, 100]
    );
    assert_eq!(percentile(&[7], 99), 7);
    assert_eq!(percentile(&[], 50), 0);
    assert_eq!([50, 90].map(|p| percentile(&[1, 2, 3], p)), [2, 3]);
}

#[test]
fn little_law_holds_on_every_run_and_the_figures_agree() {
    let s = parse("cores 2\npolicy rr quantum=2\nseed 5\nrequests r count=500 every=3 poisson: cpu 1..4, io ~10, cpu 1").unwrap();
    let r = simulate(&s);
    let l = latency(&s, &r);
    assert!(l.little.holds(), "{:?}", l.little);
    assert_eq!(l.completed, 500);
    assert!(l.p50 <= l.p90 && l.p90 <= l.p99 && l.p99 <= l.max);
    assert_eq!(l.histogram.counts.iter().sum::<u64>(), 500);
    assert!(l.histogram.counts.len() <= 30);
    assert!(l.series.len() <= 240 && !l.series.is_empty());
    assert!(l.series.iter().any(|p| p.waiting_for_core > 0));
    assert!(l.peak_in_system >= l.series.iter().map(|p| p.in_system).max().unwrap());
    assert!((l.throughput * r.makespan as f64 - 500.0).abs() < 1e-9);
}

#[test]
fn system_statements_print_back_as_text_that_parses_to_the_same() {
    let text = "seed 9\nthreads 4\nserver a cores=2\nserver b cores=1 slowdown=2\nbalance p2c\nlock db permits=3\njob shard: io ~20, cpu 1..3\ntask warm arrive=2: cpu 1, spawn shard x2, join\nrequests get count=10 every=4 poisson burst=2 start=3 priority=1: cpu 1, acquire db, io 5, release db, spawn shard x3, join\n";
    let s = parse(text).unwrap();
    assert_eq!(s.to_string(), format!("policy fcfs\nswitch 0\n{text}"));
    assert_eq!(parse(&s.to_string()).unwrap(), s);
    assert_eq!(s.cores, 3);
}

#[test]
fn mistakes_in_system_statements_are_located_and_explained() {
    expect![[r#"line 1, col 14: a task's lengths are fixed; random lengths belong in "requests" or "job" lines"#]]
        .assert_eq(&errors("task a: cpu 2..5"));
    expect!["line 1, col 14: a job cannot spawn: spawn from a task or requests"]
        .assert_eq(&errors("job a: io 1, spawn a x2"));
    expect![[r#"line 2, col 15: unknown job "shrad"; did you mean "shard"?"#]]
        .assert_eq(&errors("job shard: io 1\ntask q: spawn shrad x2, join"));
    expect![[
        r#"line 2, col 1: servers bring their own cores: remove "cores" (line 1), or the servers"#
    ]]
    .assert_eq(&errors("cores 2\nserver a cores=1"));
    expect![[
        r#"line 1, col 1: "threads" adds a lock called "threads"; rename the lock of that name"#
    ]]
    .assert_eq(&errors("threads 2\nlock threads"));
    expect![[r#"line 1, col 9: unknown balancer "leats"; expected one of rr, least, random, p2c: round robin, least connections, random, power of two choices; did you mean "least"?"#]]
        .assert_eq(&errors("balance leats"));
    expect![[r#"line 1, col 10: "r" needs every=N, for example "requests get count=100 every=5 [poisson] [burst=B] [start=T] [priority=P]: cpu 1, io ~20""#]]
        .assert_eq(&errors("requests r count=3: cpu 1"));
    expect!["line 1, col 36: 2 is shorter than 5; write the range shortest first"]
        .assert_eq(&errors("requests r count=3 every=1: cpu 5..2"));
    expect!["line 2, col 1: written out, the scenario has 2000000 tasks and 2000000 steps; at most 1000000 and 10000000 are accepted"]
        .assert_eq(&errors("job p: cpu 1\nrequests r count=1000000 every=1: spawn p x1"));
    expect![[r#"line 1, col 17: expected how many to spawn, as x1 to x1000000, found "y3""#]]
        .assert_eq(&errors("task a: spawn p y3"));
    expect![[r#"line 1, col 7: expected ":" and then the steps (job NAME: cpu 2..8, io ~10)"#]]
        .assert_eq(&errors("job a cpu 1"));
}

#[test]
fn a_hedged_part_is_answered_by_whichever_copy_finishes_first() {
    // The part lands on the slow server (20 ticks); its copy starts at tick 3 on the
    // fast one and answers at 5. The original runs on to 20: the hedge's price.
    check(
        "server slow cores=1 slowdown=10\nserver fast cores=1\njob part: cpu 2\ntask q: spawn part x1 hedge=3, join",
        expect![[r#"
            core 0  |BBBBBBBBBBBBBBBBBBBB|
            core 1  |...CC...............|
                     0    5    10   15
                     A=q B=q/part.1 C=q/part.1-hedge
            task            arrival  first_run  completion  turnaround  waiting  response
            q                     0          -           5           5        0         -
            q/part.1              0          0          20          20        0         0
            q/part.1-hedge        3          3           5           2        0         0
            average turnaround 9.00, waiting 0.00, response 0.00
            makespan 20, utilization 55.0%, throughput 0.1500 tasks/tick, context switches 0
        "#]],
    );
    let s = parse("server slow cores=1 slowdown=10\nserver fast cores=1\njob part: cpu 2\ntask q: spawn part x1 hedge=3, join").unwrap();
    let l = latency(&s, &simulate(&s));
    assert_eq!((l.requests, l.p50), (1, 5));
}

#[test]
fn a_hedge_copy_whose_original_answered_in_time_is_never_sent() {
    let s = parse(
        "server a cores=1\nserver b cores=1\njob part: cpu 2\ntask q: spawn part x2 hedge=5, join",
    )
    .unwrap();
    let r = simulate(&s);
    assert_eq!(r.outcome, interleave_sim::Outcome::Completed);
    let names: Vec<(&str, Option<u64>)> = r
        .tasks
        .iter()
        .map(|t| (t.name.as_str(), t.completion))
        .collect();
    assert_eq!(
        names,
        [
            ("q", Some(2)),
            ("q/part.1", Some(2)),
            ("q/part.2", Some(2)),
            ("q/part.1-hedge", None),
            ("q/part.2-hedge", None)
        ]
    );
    assert_eq!(r.busy.iter().sum::<u64>(), 4, "no copy ran");
    assert!(
        r.trace.changes.iter().all(|c| c.task < 3),
        "the copies have no states"
    );
    assert_eq!(r.makespan, 2);
}
