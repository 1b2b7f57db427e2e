//! The Gantt model: a run's lanes are its trace, bar for bar; a view finds its first
//! bar as a walk would; measured lanes are put in time order; the level-of-detail
//! summary gives every pixel column the occupancy that measuring every slice gives.

use interleave_sim::timeline::{Bar, Gantt, Lane, Mark, Occupancy};
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

    // At any zoom and any width, each pixel column's occupancy from the summary is
    // the one found by measuring every slice's overlap with the column.
    #[test]
    fn the_summary_gives_each_column_what_every_slice_gives(
        tasks in 1u32..80,
        cores in 1u32..4,
        seed in 0u64..1000,
        from in -20.0f64..300.0,
        span in 0.01f64..500.0,
        columns in 1usize..400,
    ) {
        let scenario = workload::round_robin_mix(tasks, cores, seed);
        let report = simulate(&scenario);
        let gantt = Gantt::of_run(&scenario, &report, &[], 0);
        let view = (from, from + span);
        for lane in &gantt.lanes {
            for mark in [Mark::Run, Mark::Switch] {
                let summary = Occupancy::of(lane, mark);
                let shown = summary.columns(lane, view, columns);
                prop_assert_eq!(shown.len(), columns);
                let expected = every_slice(lane, mark, view, columns);
                for (c, (a, b)) in shown.iter().zip(&expected).enumerate() {
                    prop_assert!((a - b).abs() < 1e-9, "column {c}: {a} against {b}");
                }
            }
        }
    }
}

/// Each column's covered share by a walk over every bar: the reference.
fn every_slice(lane: &Lane<'_>, mark: Mark, view: (f64, f64), columns: usize) -> Vec<f64> {
    let width = (view.1 - view.0) / columns as f64;
    (0..columns)
        .map(|c| {
            let (left, right) = (view.0 + width * c as f64, view.0 + width * (c + 1) as f64);
            let covered: f64 = lane
                .bars()
                .filter(|b| b.mark == mark)
                .map(|b| (b.end.min(right) - b.start.max(left)).max(0.0))
                .sum();
            (covered / width).clamp(0.0, 1.0)
        })
        .collect()
}

#[test]
fn occupancy_of_hand_made_bars() {
    let bar = |start, end, mark| Bar {
        start,
        end,
        owner: 0,
        mark,
    };
    let gantt = Gantt::measured([(
        "w".to_string(),
        vec![
            bar(0.0, 2.0, Mark::Run),
            bar(2.0, 3.0, Mark::Switch),
            bar(5.0, 10.0, Mark::Run),
        ],
    )]);
    let lane = &gantt.lanes[0];
    let run = Occupancy::of(lane, Mark::Run);
    assert_eq!(run.covered(lane, 0.0, 10.0), 7.0);
    assert_eq!(run.covered(lane, 1.0, 6.0), 2.0);
    assert_eq!(run.covered(lane, 6.0, 1.0), 0.0);
    assert_eq!(run.columns(lane, (0.0, 10.0), 2), [0.4, 1.0]);
    assert_eq!(run.columns(lane, (20.0, 30.0), 2), [0.0, 0.0]);
    assert_eq!(run.columns(lane, (0.0, 0.0), 3), [0.0, 0.0, 0.0]);
    let switch = Occupancy::of(lane, Mark::Switch);
    assert_eq!(switch.columns(lane, (0.0, 4.0), 4), [0.0, 0.0, 1.0, 0.0]);
}
