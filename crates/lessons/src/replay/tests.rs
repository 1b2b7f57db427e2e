//! The replay of a measured run: what is read from the one-worker run, the scenario it
//! makes, the times the simulator predicts (worked by hand), and the causes of a gap.

use expect_test::expect;
use proptest::prelude::*;

use super::*;

/// Pieces of `ms` each, one after another from `t0`, `gap` apart.
fn in_a_row(t0: f64, ms: &[f64], gap: f64) -> Vec<Timing> {
    let mut at = t0;
    ms.iter()
        .map(|d| {
            let t = Timing {
                start_ms: at,
                end_ms: at + d,
            };
            at += d + gap;
            t
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn a_run_on_one_worker_gives_pieces_hand_out_and_start_up() {
    // Request at 0, pieces from 1.5 ms, 0.25 ms apart, the result 2 ms after the last.
    let pieces = in_a_row(1.5, &[10.0, 20.0, 30.0], 0.25);
    let wall = 1.5 + 60.0 + 0.5 + 2.0;
    let one = OneWorker::measure(&pieces, false, wall).unwrap();
    assert_eq!(one.serial_ms, None);
    assert_eq!(one.pieces_ms, vec![10.0, 20.0, 30.0]);
    assert!(close(one.handout_ms, 0.25));
    assert!(close(one.startup_ms, 3.5));
    assert!(close(one.work_ms(), 60.0));

    let serial = OneWorker::measure(&pieces, true, wall).unwrap();
    assert_eq!(serial.serial_ms, Some(10.0));
    assert_eq!(serial.pieces_ms, vec![20.0, 30.0]);
    assert!(close(serial.work_ms(), 60.0));
}

#[test]
fn what_cannot_be_measured_is_none() {
    let ok = in_a_row(0.0, &[1.0], 0.0);
    assert_eq!(OneWorker::measure(&[], false, 1.0), None);
    assert_eq!(OneWorker::measure(&ok, false, f64::NAN), None);
    let nan = [Timing {
        start_ms: 0.0,
        end_ms: f64::INFINITY,
    }];
    assert_eq!(OneWorker::measure(&nan, false, 1.0), None);
    // A lone piece is not a serial part: there is nothing after it.
    assert_eq!(OneWorker::measure(&ok, true, 1.0).unwrap().serial_ms, None);
    // Clocks that disagree (an end before its start, a wall shorter than the span)
    // give zeros, never negative times.
    let odd = [Timing {
        start_ms: 5.0,
        end_ms: 4.0,
    }];
    let one = OneWorker::measure(&odd, false, 0.0).unwrap();
    assert_eq!((one.pieces_ms[0], one.startup_ms), (0.0, 0.0));
}

#[test]
fn several_runs_average_piece_by_piece() {
    let a = OneWorker::measure(&in_a_row(1.0, &[10.0, 20.0], 1.0), false, 33.0).unwrap();
    let b = OneWorker::measure(&in_a_row(3.0, &[12.0, 24.0], 3.0), false, 45.0).unwrap();
    let m = OneWorker::mean(&[a.clone(), b]).unwrap();
    assert_eq!(m.pieces_ms, vec![11.0, 22.0]);
    assert!(close(m.handout_ms, 2.0));
    // Start-up 33 - 31 and 45 - 39.
    assert!(close(m.startup_ms, (2.0 + 6.0) / 2.0));
    assert_eq!(OneWorker::mean(&[]), None);
    let other = OneWorker::measure(&in_a_row(0.0, &[1.0], 0.0), false, 1.0).unwrap();
    assert_eq!(OneWorker::mean(&[a, other]), None);
}

#[test]
fn the_scenario_reads_as_what_was_measured() {
    let one = OneWorker {
        serial_ms: Some(5.0),
        pieces_ms: vec![2.0, 3.004, 0.001],
        handout_ms: 0.125,
        startup_ms: 1.0,
    };
    expect![[r#"
        # What your machine did, replayed: the job as measured on 1 worker, run on 2.
        # A tick is 10 µs. Each piece is a task as long as it took on 1 worker;
        # each worker is a core. The pieces arrive after the start-up (1.00 ms), and a
        # worker pays the hand-out (0.125 ms) as a switch cost for each next piece.
        cores 2
        policy fcfs
        switch 13

        # The serial part runs alone; the pieces are handed out once it is done.
        task serial arrive=100: cpu 500
        task piece1 arrive=600: cpu 200
        task piece2 arrive=600: cpu 300
        task piece3 arrive=600: cpu 1
    "#]]
    .assert_eq(&one.text(2));
}

#[test]
fn on_one_worker_the_simulation_gives_back_the_measured_time() {
    // Wall = start-up + pieces + a hand-out between each two, by construction.
    let pieces = in_a_row(0.8, &[4.0, 6.0, 5.0, 5.0], 0.1);
    let wall = 0.8 + 20.0 + 0.3 + 0.2;
    for serial in [false, true] {
        let one = OneWorker::measure(&pieces, serial, wall).unwrap();
        let (_, ms) = one.predict(1).unwrap();
        assert!((ms - wall).abs() < 0.02, "serial {serial}: {ms} vs {wall}");
    }
}

#[test]
fn on_several_workers_the_times_are_those_worked_by_hand() {
    // Four pieces of 10 ms on 2 workers: each worker takes two, the second after a
    // hand-out of 0.5 ms: 1 + 10 + 0.5 + 10.
    let even = OneWorker {
        serial_ms: None,
        pieces_ms: vec![10.0; 4],
        handout_ms: 0.5,
        startup_ms: 1.0,
    };
    assert!(close(even.predict(2).unwrap().1, 21.5));
    // On 4, one each and no hand-out; on 8, the same (four workers idle).
    assert!(close(even.predict(4).unwrap().1, 11.0));
    assert!(close(even.predict(8).unwrap().1, 11.0));
    // Uneven pieces 5, 3, 3, 1 handed out in order to the first idle worker:
    // worker 1 takes 5 then 1 (at 5), worker 2 takes 3 then 3 (at 3): both end at 6.
    let uneven = OneWorker {
        serial_ms: None,
        pieces_ms: vec![5.0, 3.0, 3.0, 1.0],
        handout_ms: 0.0,
        startup_ms: 0.0,
    };
    let (report, ms) = uneven.predict(2).unwrap();
    assert!(close(ms, 6.0));
    assert_eq!(report.cores, 2);
    // A serial part of 8 ms first, then the four on 2: 8 + 6.
    let serial = OneWorker {
        serial_ms: Some(8.0),
        ..uneven
    };
    assert!(close(serial.predict(2).unwrap().1, 14.0));
}

#[test]
fn absurd_figures_give_a_run_or_an_error_never_a_panic() {
    let huge = OneWorker {
        serial_ms: None,
        pieces_ms: vec![1e300, f64::MAX],
        handout_ms: 1e300,
        startup_ms: 1e300,
    };
    // Every figure is held to the scenario's limit on ticks.
    let _ = huge.predict(2);
    let none = OneWorker {
        serial_ms: None,
        pieces_ms: Vec::new(),
        handout_ms: 0.0,
        startup_ms: 0.0,
    };
    assert_eq!(none.predict(2).map(|(_, ms)| ms), Ok(0.0));
}

fn one_of_ten() -> OneWorker {
    OneWorker {
        serial_ms: None,
        pieces_ms: vec![10.0; 10],
        handout_ms: 0.0,
        startup_ms: 0.0,
    }
}

#[test]
fn a_gap_is_put_on_its_largest_cause() {
    let one = one_of_ten();
    // Predicted 50 ms on 2; measured 60, with the pieces 20 % longer (120 ms of work):
    // all 10 ms of the gap are the pieces' (20 ms over 2 workers).
    let slower = Measured {
        workers: 2,
        wall_ms: 60.0,
        work_ms: 120.0,
    };
    let gap = Gap::of(&one, 50.0, slower, Some(2)).expect("a prediction of some time");
    assert!(close(gap.error_pct, 20.0));
    assert!(matches!(gap.cause, Cause::Pieces { pct } if close(pct, 20.0)));
    assert!(!gap.close());
    // The same with a probe that saw one core: the workers took turns.
    let gap = Gap::of(&one, 50.0, slower, Some(1)).expect("a prediction of some time");
    assert_eq!(gap.cause, Cause::Cores { cores: 1 });
    assert!(gap.sentence().starts_with(
        "Your machine took 20 % longer than the simulation, and the measurements put most \
         of the difference on this: this machine runs only 1 worker at once"
    ));
    // Measured 58 with the pieces as long as on one: 8 ms around them.
    let around = Measured {
        workers: 2,
        wall_ms: 58.0,
        work_ms: 100.0,
    };
    let gap = Gap::of(&one, 50.0, around, None).expect("a prediction of some time");
    assert!(matches!(gap.cause, Cause::Around { ms } if close(ms, 8.0)));
    // Within 5 %: close, and the sentence says so before naming the rest.
    let near = Measured {
        workers: 2,
        wall_ms: 51.0,
        work_ms: 100.0,
    };
    let gap = Gap::of(&one, 50.0, near, None).expect("a prediction of some time");
    assert!(gap.close());
    assert!(gap.sentence().starts_with("The simulation is within 5 %"));
    // A prediction of no time (a run too short to time) has no difference in percent
    // to say, where it read as "within 5 %".
    assert_eq!(Gap::of(&one, 0.0, near, None), None);
    // Faster than predicted, with faster pieces.
    let faster = Measured {
        workers: 2,
        wall_ms: 45.0,
        work_ms: 90.0,
    };
    let gap = Gap::of(&one, 50.0, faster, Some(4)).expect("a prediction of some time");
    assert!(matches!(gap.cause, Cause::Pieces { pct } if close(pct, -10.0)));
    assert!(gap.sentence().contains("less time"));
}

proptest! {
    /// Handed out in order to the first idle worker, the pieces end no sooner than the
    /// work shared evenly or the longest piece, and no later than Graham's bound for
    /// list scheduling (the work shared evenly plus the longest piece), the start-up and
    /// one hand-out per piece added.
    #[test]
    fn predictions_keep_within_the_bounds_of_list_scheduling(
        pieces in prop::collection::vec(1u32..5_000, 1..40),
        handout in 0u32..50,
        startup in 0u32..500,
        workers in 1u32..12,
    ) {
        let one = OneWorker {
            serial_ms: None,
            pieces_ms: pieces.iter().map(|&t| f64::from(t) * TICK_MS).collect(),
            handout_ms: f64::from(handout) * TICK_MS,
            startup_ms: f64::from(startup) * TICK_MS,
        };
        let (report, ms) = one.predict(workers).unwrap();
        let ticks = (ms / TICK_MS).round() as u64;
        let work: u64 = pieces.iter().map(|&t| u64::from(t)).sum();
        let longest = u64::from(*pieces.iter().max().unwrap());
        let n = u64::from(workers);
        let start = u64::from(startup);
        prop_assert!(ticks >= start + work.div_ceil(n).max(longest));
        let handouts = u64::from(handout) * pieces.len() as u64;
        prop_assert!(ticks <= start + work / n + longest + handouts, "{ticks}");
        prop_assert_eq!(report.tasks.len(), pieces.len());
        // One worker: exactly the sum, with a hand-out between each two pieces.
        let (_, alone) = one.predict(1).unwrap();
        let expected = start + work + u64::from(handout) * (pieces.len() as u64 - 1);
        prop_assert_eq!((alone / TICK_MS).round() as u64, expected);
    }

    /// What is simulated is what the page shows: the text, read by the parser, is the
    /// scenario built in code, and the one is refused where the other is.
    #[test]
    fn the_text_reads_as_the_scenario_simulated(
        serial in prop::option::of(0.0f64..1e7),
        pieces in prop::collection::vec(prop_oneof![0.0f64..100.0, Just(1e300), Just(0.004)], 0..20),
        handout in 0.0f64..10.0,
        startup in prop_oneof![0.0f64..100.0, Just(f64::MAX)],
        workers in prop_oneof![1u32..64, Just(0), Just(1024), Just(1025)],
    ) {
        let one = OneWorker { serial_ms: serial, pieces_ms: pieces, handout_ms: handout, startup_ms: startup };
        let built = one.scenario(workers);
        let read = interleave_sim::parse(&one.text(workers)).ok();
        prop_assert_eq!(read.is_some(), built.validate(&Limits::default()).is_ok());
        prop_assert_eq!(read.is_some(), one.predict(workers).is_ok());
        if let Some(read) = read {
            prop_assert_eq!(read, built);
        }
    }
}
