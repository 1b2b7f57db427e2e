//! Every policy on small scenarios whose answers are worked out by hand or published in
//! textbooks (Silberschatz et al., *Operating System Concepts*, ch. 5; Arpaci-Dusseau,
//! *OSTEP*, ch. 7-8). Each test shows the Gantt chart and the figures, as a learner
//! would check them.

use expect_test::{Expect, expect};
use interleave_sim::{gantt, parse, simulate};

fn run(text: &str) -> interleave_sim::Report {
    let scenario = parse(text).unwrap_or_else(|e| panic!("{e}"));
    simulate(&scenario)
}

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

#[test]
fn fcfs_convoy_silberschatz() {
    // Published: waiting times 0, 24, 27; average 17.
    check(
        "policy fcfs\ntask P1: cpu 24\ntask P2: cpu 3\ntask P3: cpu 3",
        expect![[r#"
            core 0  |AAAAAAAAAAAAAAAAAAAAAAAABBBCCC|
                     0    5    10   15   20   25
                     A=P1 B=P2 C=P3
            task  arrival  first_run  completion  turnaround  waiting  response
            P1          0          0          24          24        0         0
            P2          0         24          27          27       24        24
            P3          0         27          30          30       27        27
            average turnaround 27.00, waiting 17.00, response 17.00
            makespan 30, utilization 100.0%, throughput 0.1000 tasks/tick, context switches 2
        "#]],
    );
    assert_eq!(
        run("task P2: cpu 3\ntask P3: cpu 3\ntask P1: cpu 24")
            .averages()
            .waiting,
        3.0
    );
}

#[test]
fn sjf_silberschatz() {
    // Published: order P4, P1, P3, P2; average waiting 7.
    check(
        "policy sjf\ntask P1: cpu 6\ntask P2: cpu 8\ntask P3: cpu 7\ntask P4: cpu 3",
        expect![[r#"
            core 0  |DDDAAAAAACCCCCCCBBBBBBBB|
                     0    5    10   15   20
                     A=P1 B=P2 C=P3 D=P4
            task  arrival  first_run  completion  turnaround  waiting  response
            P1          0          3           9           9        3         3
            P2          0         16          24          24       16        16
            P3          0          9          16          16        9         9
            P4          0          0           3           3        0         0
            average turnaround 13.00, waiting 7.00, response 7.00
            makespan 24, utilization 100.0%, throughput 0.1667 tasks/tick, context switches 3
        "#]],
    );
}

#[test]
fn srtf_silberschatz() {
    // Published: P1 0-1, P2 1-5, P4 5-10, P1 10-17, P3 17-26; average waiting 6.5.
    check(
        "policy srtf\ntask P1: cpu 8\ntask P2 arrive=1: cpu 4\ntask P3 arrive=2: cpu 9\ntask P4 arrive=3: cpu 5",
        expect![[r#"
            core 0  |ABBBBDDDDDAAAAAAACCCCCCCCC|
                     0    5    10   15   20   25
                     A=P1 B=P2 C=P3 D=P4
            task  arrival  first_run  completion  turnaround  waiting  response
            P1          0          0          17          17        9         0
            P2          1          1           5           4        0         0
            P3          2         17          26          24       15        15
            P4          3          5          10           7        2         2
            average turnaround 13.00, waiting 6.50, response 4.25
            makespan 26, utilization 100.0%, throughput 0.1538 tasks/tick, context switches 4
        "#]],
    );
}

#[test]
fn priority_silberschatz() {
    // Published: P2 0-1, P5 1-6, P1 6-16, P3 16-18, P4 18-19; average waiting 8.2.
    check(
        "policy priority\n\
         task P1 priority=3: cpu 10\ntask P2 priority=1: cpu 1\ntask P3 priority=4: cpu 2\n\
         task P4 priority=5: cpu 1\ntask P5 priority=2: cpu 5",
        expect![[r#"
            core 0  |BEEEEEAAAAAAAAAACCD|
                     0    5    10   15
                     A=P1 B=P2 C=P3 D=P4 E=P5
            task  arrival  first_run  completion  turnaround  waiting  response
            P1          0          6          16          16        6         6
            P2          0          0           1           1        0         0
            P3          0         16          18          18       16        16
            P4          0         18          19          19       18        18
            P5          0          1           6           6        1         1
            average turnaround 12.00, waiting 8.20, response 8.20
            makespan 19, utilization 100.0%, throughput 0.2632 tasks/tick, context switches 4
        "#]],
    );
}

#[test]
fn priority_preemptive_takes_the_core_only_when_strictly_better() {
    check(
        "policy priority preemptive\n\
         task low priority=5: cpu 6\ntask high arrive=2 priority=1: cpu 2\ntask same arrive=3 priority=5: cpu 1",
        expect![[r#"
            core 0  |AABBAAAAC|
                     0    5
                     A=low B=high C=same
            task  arrival  first_run  completion  turnaround  waiting  response
            low         0          0           8           8        2         0
            high        2          2           4           2        0         0
            same        3          8           9           6        5         5
            average turnaround 5.33, waiting 2.33, response 1.67
            makespan 9, utilization 100.0%, throughput 0.3333 tasks/tick, context switches 3
        "#]],
    );
}

#[test]
fn round_robin_silberschatz() {
    // Published (quantum 4): P1 0-4, P2 4-7, P3 7-10, P1 10-30; average waiting 17/3.
    check(
        "policy rr quantum=4\ntask P1: cpu 24\ntask P2: cpu 3\ntask P3: cpu 3",
        expect![[r#"
            core 0  |AAAABBBCCCAAAAAAAAAAAAAAAAAAAA|
                     0    5    10   15   20   25
                     A=P1 B=P2 C=P3
            task  arrival  first_run  completion  turnaround  waiting  response
            P1          0          0          30          30        6         0
            P2          0          4           7           7        4         4
            P3          0          7          10          10        7         7
            average turnaround 15.67, waiting 5.67, response 3.67
            makespan 30, utilization 100.0%, throughput 0.1000 tasks/tick, context switches 3
        "#]],
    );
}

#[test]
fn round_robin_arrival_goes_before_the_expired_task() {
    // Rule 3: at tick 2, A's quantum expires as B arrives: B runs first.
    check(
        "policy rr quantum=2\ntask A: cpu 4\ntask B arrive=2: cpu 2",
        expect![[r#"
        core 0  |AABBAA|
                 0    5
                 A=A B=B
        task  arrival  first_run  completion  turnaround  waiting  response
        A           0          0           6           6        2         0
        B           2          2           4           2        0         0
        average turnaround 4.00, waiting 1.00, response 0.00
        makespan 6, utilization 100.0%, throughput 0.3333 tasks/tick, context switches 2
    "#]],
    );
}

#[test]
fn context_switch_cost_is_paid_only_for_another_task() {
    check(
        "switch 1\npolicy rr quantum=2\ntask A: cpu 3\ntask B: cpu 2",
        expect![[r#"
        core 0  |AA~BB~A|
                 0    5
                 A=A B=B
        task  arrival  first_run  completion  turnaround  waiting  response
        A           0          0           7           7        3         0
        B           0          3           5           5        2         3
        average turnaround 6.00, waiting 2.50, response 1.50
        makespan 7, utilization 71.4%, throughput 0.2857 tasks/tick, context switches 2
    "#]],
    );
}

#[test]
fn io_waits_overlap_with_other_work() {
    check(
        "task A: cpu 2, io 3, cpu 1\ntask B: cpu 2\ntask C: io 1, cpu 1",
        expect![[r#"
            core 0  |AABBCA|
                     0    5
                     A=A B=B C=C
            task  arrival  first_run  completion  turnaround  waiting  response
            A           0          0           6           6        0         0
            B           0          2           4           4        2         2
            C           0          4           5           5        3         4
            average turnaround 5.00, waiting 1.67, response 2.00
            makespan 6, utilization 100.0%, throughput 0.5000 tasks/tick, context switches 3
        "#]],
    );
}

#[test]
fn two_cores_take_tasks_in_core_order() {
    check(
        "cores 2\ntask A: cpu 4\ntask B: cpu 4\ntask C: cpu 4",
        expect![[r#"
        core 0  |AAAACCCC|
        core 1  |BBBB....|
                 0    5
                 A=A B=B C=C
        task  arrival  first_run  completion  turnaround  waiting  response
        A           0          0           4           4        0         0
        B           0          0           4           4        0         0
        C           0          4           8           8        4         4
        average turnaround 5.33, waiting 1.33, response 1.33
        makespan 8, utilization 75.0%, throughput 0.3750 tasks/tick, context switches 1
    "#]],
    );
}

#[test]
fn mlfq_demotes_a_long_job_and_boosts_it_back() {
    // OSTEP 8.2: a long job sinks; a short job arriving later runs at the top at once.
    check(
        "policy mlfq levels=3 quantum=2 boost=20\ntask long: cpu 20\ntask short arrive=5: cpu 2",
        expect![[r#"
            core 0  |AAAAABBAAAAAAAAAAAAAAA|
                     0    5    10   15   20
                     A=long B=short
            task   arrival  first_run  completion  turnaround  waiting  response
            long         0          0          22          22        2         0
            short        5          5           7           2        0         0
            average turnaround 12.00, waiting 1.00, response 0.00
            makespan 22, utilization 100.0%, throughput 0.0909 tasks/tick, context switches 2
        "#]],
    );
}

#[test]
fn per_core_queues_with_and_without_stealing() {
    // New tasks go to core (declaration index mod cores): core 1 gets the long one and
    // two more; without stealing core 0 idles while they wait.
    let text = "cores 2\npolicy fcfs\ntask A: cpu 2\ntask B: cpu 6\ntask C: cpu 2\ntask D: cpu 2\ntask E: cpu 2\ntask F: cpu 2";
    check(
        &format!("queues per-core\n{text}"),
        expect![[r#"
        core 0  |AACCEE....|
        core 1  |BBBBBBDDFF|
                 0    5
                 A=A B=B C=C D=D E=E F=F
        task  arrival  first_run  completion  turnaround  waiting  response
        A           0          0           2           2        0         0
        B           0          0           6           6        0         0
        C           0          2           4           4        2         2
        D           0          6           8           8        6         6
        E           0          4           6           6        4         4
        F           0          8          10          10        8         8
        average turnaround 6.00, waiting 3.33, response 3.33
        makespan 10, utilization 80.0%, throughput 0.6000 tasks/tick, context switches 4
    "#]],
    );
    check(
        &format!("queues per-core steal\n{text}"),
        expect![[r#"
        core 0  |AACCEEDD|
        core 1  |BBBBBBFF|
                 0    5
                 A=A B=B C=C D=D E=E F=F
        task  arrival  first_run  completion  turnaround  waiting  response
        A           0          0           2           2        0         0
        B           0          0           6           6        0         0
        C           0          2           4           4        2         2
        D           0          6           8           8        6         6
        E           0          4           6           6        4         4
        F           0          6           8           8        6         6
        average turnaround 5.67, waiting 3.00, response 3.00
        makespan 8, utilization 100.0%, throughput 0.7500 tasks/tick, context switches 4
    "#]],
    );
}

#[test]
fn the_chef_of_the_scenario_format() {
    check(
        "# One chef, three orders: concurrency on one core\ncores 1\npolicy rr quantum=2\nswitch 0\n\n\
         task fries   arrive=0: cpu 3, io 4, cpu 1\ntask meat    arrive=0: cpu 5\n\
         task salad   arrive=1 priority=2: cpu 2, io 2, cpu 2",
        expect![[r#"
            core 0  |AABBCCABBCCBA|
                     0    5    10
                     A=fries B=meat C=salad
            task   arrival  first_run  completion  turnaround  waiting  response
            fries        0          0          13          13        5         0
            meat         0          2          12          12        7         2
            salad        1          4          11          10        4         3
            average turnaround 11.67, waiting 5.33, response 1.67
            makespan 13, utilization 100.0%, throughput 0.2308 tasks/tick, context switches 7
        "#]],
    );
}

#[test]
fn mutex_serialises_the_critical_sections() {
    check(
        "cores 2\nlock m\ntask A: acquire m, cpu 3, release m\ntask B: acquire m, cpu 2, release m",
        expect![[r#"
            core 0  |AAABB|
            core 1  |.....|
                     0
                     A=A B=B
            task  arrival  first_run  completion  turnaround  waiting  response
            A           0          0           3           3        0         0
            B           0          3           5           5        0         3
            average turnaround 4.00, waiting 0.00, response 1.50
            makespan 5, utilization 50.0%, throughput 0.4000 tasks/tick, context switches 1
        "#]],
    );
}

#[test]
fn semaphore_lets_k_in() {
    check(
        "cores 3\nlock pool permits=2\n\
         task A: acquire pool, cpu 2, release pool\ntask B: acquire pool, cpu 2, release pool\n\
         task C: acquire pool, cpu 2, release pool",
        expect![[r#"
            core 0  |AACC|
            core 1  |BB..|
            core 2  |....|
                     0
                     A=A B=B C=C
            task  arrival  first_run  completion  turnaround  waiting  response
            A           0          0           2           2        0         0
            B           0          0           2           2        0         0
            C           0          2           4           4        0         2
            average turnaround 2.67, waiting 0.00, response 0.67
            makespan 4, utilization 50.0%, throughput 0.7500 tasks/tick, context switches 1
        "#]],
    );
}

#[test]
fn opposite_lock_order_deadlocks_and_names_the_cycle() {
    check(
        "cores 2\nlock left\nlock right\n\
         task A: acquire left, cpu 2, acquire right, cpu 1, release right, release left\n\
         task B: acquire right, cpu 2, acquire left, cpu 1, release left, release right",
        expect![[r#"
            core 0  |AA|
            core 1  |BB|
                     0
                     A=A B=B
            task  arrival  first_run  completion  turnaround  waiting  response
            A           0          0           -           -        0         0
            B           0          0           -           -        0         0
            average turnaround 0.00, waiting 0.00, response 0.00
            makespan 2, utilization 100.0%, throughput 0.0000 tasks/tick, context switches 0
            DEADLOCK at tick 2: cycle A waits for right, B waits for left
        "#]],
    );
}

#[test]
fn exports_are_well_formed() {
    let scenario = parse(include_str!("../../cli/scenarios/chef.scn")).unwrap();
    let report = simulate(&scenario);
    let trace: serde_json::Value =
        serde_json::from_str(&interleave_sim::export::chrome_trace(&scenario, &report)).unwrap();
    let events = trace["traceEvents"].as_array().unwrap();
    let runs: u64 = events
        .iter()
        .filter(|e| e["cat"] == "run")
        .map(|e| e["dur"].as_u64().unwrap())
        .sum();
    assert_eq!(runs, 13_000, "13 ticks of running, in microseconds");
    assert!(
        events
            .iter()
            .any(|e| e["cat"] == "wait" && e["name"] == "io")
    );
    let svg = interleave_sim::export::svg(&scenario, &report);
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    assert_eq!(
        svg.matches("<rect").count(),
        1 + 8,
        "the background and the eight slices of AABBCCABBCCBA"
    );
}

#[test]
fn mlfq_levels_over_time_show_demotions_and_boosts() {
    // Slices of 2, 4 and 8 ticks: the long job sinks at 2 and 6, stays at the bottom,
    // is boosted at 20 and sinks again at 22 and 26, and is boosted at 40 (the short
    // job took a tick at 30). The boost at 60 finds it done, and is not recorded.
    let s = interleave_sim::parse(
        "policy mlfq levels=3 quantum=2 boost=20\ntask long: cpu 40\ntask short arrive=30: cpu 1",
    )
    .unwrap();
    let r = interleave_sim::simulate(&s);
    assert_eq!(
        r.trace.levels(2),
        vec![
            vec![(2, 1), (6, 2), (20, 0), (22, 1), (26, 2), (40, 0)],
            vec![]
        ]
    );
    assert_eq!(r.trace.boosts, vec![20, 40]);
    assert_eq!(r.tasks[0].completion, Some(41));
}
