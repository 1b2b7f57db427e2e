//! The Gantt model: a run's lanes are its trace, bar for bar; a view finds its first
//! bar as a walk would; measured lanes are put in time order.

use interleave_sim::timeline::{Bar, Gantt, Mark};
use interleave_sim::{Waiting, parse, simulate, workload};
use proptest::prelude::*;

#[test]
fn a_runs_lanes_are_its_cores_and_its_tasks_waits() {
    let scenario = parse(include_str!("../../cli/scenarios/chef.scn")).unwrap();
    let report = simulate(&scenario);
    let waits = report.trace.waits(scenario.tasks.len());
    let gantt = Gantt::of_run(&scenario, &report, &waits, 2);
    assert_eq!((gantt.start, gantt.end), (0.0, 13.0));
    assert_eq!(gantt.lanes.len(), 1);
    assert_eq!(gantt.lanes[0].name, "core 0");
    let slices = &report.trace.cores[0];
    assert_eq!(gantt.lanes[0].len(), slices.len());
    for (bar, slice) in gantt.lanes[0].bars().zip(slices) {
        assert_eq!((bar.start, bar.end), (slice.start as f64, slice.end as f64));
        assert_eq!(bar.owner, slice.task);
    }
    // Two task lanes asked for, of three tasks.
    let names: Vec<&str> = gantt.waits.iter().map(|l| l.name.as_ref()).collect();
    assert_eq!(names, ["fries", "meat"]);
    let io = gantt.waits[0]
        .bars()
        .find(|b| b.mark == Mark::Wait(Waiting::Io))
        .expect("fries waits for its I/O");
    assert_eq!((io.end - io.start, io.owner), (4.0, 0));
}

#[test]
fn cores_are_named_after_their_servers() {
    let text =
        "server web cores=2\nserver db cores=1\nbalance rr\nrequests r count=3 every=1: cpu 2";
    let scenario = parse(text).unwrap();
    let lowered = scenario.lower();
    let report = simulate(&scenario);
    let gantt = Gantt::of_run(&lowered, &report, &[], 0);
    let names: Vec<&str> = gantt.lanes.iter().map(|l| l.name.as_ref()).collect();
    assert_eq!(names, ["web 0", "web 1", "db"]);
    assert!(gantt.waits.is_empty());
}

#[test]
fn measured_lanes_are_in_time_order_and_the_axis_spans_them() {
    let bar = |start: f64, end: f64, owner| Bar {
        start,
        end,
        owner,
        mark: Mark::Run,
    };
    let gantt = Gantt::measured([
        (
            "worker 1".to_string(),
            vec![bar(5.0, 7.0, 1), bar(1.5, 4.0, 0)],
        ),
        ("worker 2".to_string(), vec![bar(2.0, 9.5, 2)]),
    ]);
    assert_eq!((gantt.start, gantt.end), (1.5, 9.5));
    let owners: Vec<u32> = gantt.lanes[0].bars().map(|b| b.owner).collect();
    assert_eq!(owners, [0, 1]);
    let empty = Gantt::measured(Vec::new());
    assert_eq!((empty.start, empty.end, empty.lanes.len()), (0.0, 0.0, 0));
}

proptest! {
    // The binary search finds the bar a walk from the left would.
    #[test]
    fn the_first_visible_bar_is_the_first_a_walk_finds(tasks in 1u32..60, cores in 1u32..4, seed in 0u64..1000, t in 0.0f64..400.0) {
        let scenario = workload::round_robin_mix(tasks, cores, seed);
        let report = simulate(&scenario);
        let gantt = Gantt::of_run(&scenario, &report, &[], 0);
        for lane in &gantt.lanes {
            let walk = lane.bars().position(|b| b.end >= t).unwrap_or(lane.len());
            prop_assert_eq!(lane.first_visible(t), walk);
        }
    }
}
