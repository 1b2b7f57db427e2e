//! Every action on the tour, as tables: moving between steps, predicting (a number,
//! an option, nothing typed, not a number), being shown, choosing a way, playing, and
//! what is saved.

use expect_test::{Expect, expect};

use super::*;
use crate::pool::Compared;
use crate::reducer::table;
use interleave_par::Run;

fn summary(tour: &Tour) -> String {
    let answer = match tour.answered(tour.step) {
        None => "open".to_string(),
        Some(None) => "shown".to_string(),
        Some(Some(guess)) => format!(
            "{guess:?} {}",
            if tour.right() == Some(true) {
                "right"
            } else {
                "wrong"
            }
        ),
    };
    let truth = match tour.truth() {
        Some(Truth::Number(n)) => format!("{n:.2}"),
        Some(Truth::Choice(i)) => format!("#{i}"),
        None => "unknown".into(),
    };
    let mut line = format!(
        "step {} {} ({truth}), {answer}, sees {} way {}, t={}{}",
        tour.step + 1,
        tour.current().id,
        tour.visible(),
        tour.way(),
        tour.cursor,
        if tour.playing { " playing" } else { "" },
    );
    if !tour.draft.is_empty() {
        line += &format!(", typed {:?}", tour.draft);
    }
    if let Some(p) = tour.picked {
        line += &format!(", picked #{p}");
    }
    if let Some(p) = &tour.problem {
        line += &format!(", problem: {p}");
    }
    line
}

fn check(tour: Tour, actions: Vec<(&str, Action)>, expected: Expect) {
    expected.assert_eq(&table(tour, actions, summary));
}

#[test]
fn a_choice_is_picked_committed_and_played() {
    check(
        Tour::new(Progress::default(), None, true),
        vec![
            ("Commit with nothing picked", Action::Commit),
            ("Play before the answer", Action::Play),
            ("pick the meat", Action::Pick(1)),
            ("Commit", Action::Commit),
            ("beat", Action::Beat),
            ("beat", Action::Beat),
            ("Pause", Action::Pause),
            ("beat after a pause", Action::Beat),
            ("click at tick 99", Action::Cursor(99)),
            ("a key back to the previous change", Action::Step(-1)),
            ("a key on to the next", Action::Step(1)),
            ("and on past the end", Action::Step(1)),
            ("Commit again", Action::Commit),
        ],
        expect![[r#"
            open: step 1 one-cook (#0), open, sees 0 way 0, t=0
            Commit with nothing picked: step 1 one-cook (#0), open, sees 0 way 0, t=0, problem: Pick one first, or press “Just show me”.
            Play before the answer: step 1 one-cook (#0), open, sees 0 way 0, t=0, problem: Pick one first, or press “Just show me”.
            pick the meat: step 1 one-cook (#0), open, sees 0 way 0, t=0, picked #1
            Commit: step 1 one-cook (#0), Choice(1) wrong, sees 1 way 0, t=0 playing, picked #1
            beat: step 1 one-cook (#0), Choice(1) wrong, sees 1 way 0, t=1 playing, picked #1
            beat: step 1 one-cook (#0), Choice(1) wrong, sees 1 way 0, t=2 playing, picked #1
            Pause: step 1 one-cook (#0), Choice(1) wrong, sees 1 way 0, t=2, picked #1
            beat after a pause: step 1 one-cook (#0), Choice(1) wrong, sees 1 way 0, t=2, picked #1
            click at tick 99: step 1 one-cook (#0), Choice(1) wrong, sees 1 way 0, t=13, picked #1
            a key back to the previous change: step 1 one-cook (#0), Choice(1) wrong, sees 1 way 0, t=12, picked #1
            a key on to the next: step 1 one-cook (#0), Choice(1) wrong, sees 1 way 0, t=13, picked #1
            and on past the end: step 1 one-cook (#0), Choice(1) wrong, sees 1 way 0, t=13, picked #1
            Commit again: step 1 one-cook (#0), Choice(1) wrong, sees 1 way 0, t=13, picked #1"#]],
    );
}

#[test]
fn a_number_is_typed_and_judged_within_its_margin() {
    check(
        Tour::new(Progress::default(), Some(1), false),
        vec![
            ("type nothing, Commit", Action::Commit),
            ("type words", Action::Draft("soon".into())),
            ("Commit", Action::Commit),
            ("type 8,5", Action::Draft("8,5".into())),
            ("Commit", Action::Commit),
            ("choose one cook", Action::Way(0)),
            ("choose a way that is not there", Action::Way(7)),
        ],
        expect![[r#"
            open: step 2 three-cooks (8.00), open, sees 1 way 0, t=13
            type nothing, Commit: step 2 three-cooks (8.00), open, sees 1 way 0, t=13, problem: Type a number first, or press “Just show me”.
            type words: step 2 three-cooks (8.00), open, sees 1 way 0, t=13, typed "soon"
            Commit: step 2 three-cooks (8.00), open, sees 1 way 0, t=13, typed "soon", problem: “soon” is not a number.
            type 8,5: step 2 three-cooks (8.00), open, sees 1 way 0, t=13, typed "8,5"
            Commit: step 2 three-cooks (8.00), Number(8.5) right, sees 2 way 1, t=8, typed "8,5"
            choose one cook: step 2 three-cooks (8.00), Number(8.5) right, sees 2 way 0, t=13, typed "8,5"
            choose a way that is not there: step 2 three-cooks (8.00), Number(8.5) right, sees 2 way 0, t=13, typed "8,5""#]],
    );
}

#[test]
fn hidden_ways_show_once_answered_and_just_show_me_skips_the_prediction() {
    check(
        Tour::new(Progress::default(), Some(2), false),
        vec![
            ("choose the hidden way", Action::Way(2)),
            ("Just show me", Action::ShowMe),
            ("choose four cores", Action::Way(2)),
            ("choose one at a time", Action::Way(0)),
            ("the next step", Action::Go(3)),
            ("back", Action::Go(2)),
            ("past the end", Action::Go(99)),
        ],
        expect![[r#"
            open: step 3 structure-execution (#1), open, sees 1 way 0, t=80
            choose the hidden way: step 3 structure-execution (#1), open, sees 1 way 0, t=80
            Just show me: step 3 structure-execution (#1), shown, sees 3 way 2, t=20
            choose four cores: step 3 structure-execution (#1), shown, sees 3 way 2, t=20
            choose one at a time: step 3 structure-execution (#1), shown, sees 3 way 0, t=80
            the next step: step 4 waiting-working (1.00), open, sees 1 way 0, t=0
            back: step 3 structure-execution (#1), shown, sees 3 way 0, t=80
            past the end: step 12 what-you-measured (unknown), open, sees 1 way 0, t=0"#]],
    );
}

#[test]
fn progress_is_what_is_saved_and_start_over_forgets_it() {
    let mut tour = Tour::new(Progress::default(), None, false);
    for action in [
        Action::Pick(0),
        Action::Commit,
        Action::Go(1),
        Action::ShowMe,
        Action::Way(0),
        Action::Go(2),
    ] {
        tour.apply(action);
    }
    let saved = serde_json::to_string(&tour.progress).expect("saves");
    expect![[r#"{"at":2,"answers":{"one-cook":{"choice":0},"three-cooks":null},"ways":{"three-cooks":0},"measured":{}}"#]].assert_eq(&saved);
    let back: Progress = serde_json::from_str(&saved).expect("reads");
    let reopened = Tour::new(back, None, false);
    assert_eq!(
        (reopened.step, reopened.answered(0)),
        (2, Some(Some(Guess::Choice(0))))
    );
    // A damaged or older save reads as far as it can.
    let partial: Progress = serde_json::from_str(r#"{"at":4}"#).expect("reads");
    assert_eq!(Tour::new(partial, None, false).step, 4);
    tour.apply(Action::StartOver);
    assert_eq!(tour.progress, Progress::default());
    assert_eq!(tour.step, 0);
}

fn measurement(alone_ms: f64, parallel_ms: f64) -> Measurement {
    let run = || Run::from_pieces(Vec::new());
    Measurement::Cores {
        workers: 4,
        compared: Compared {
            alone: run(),
            alone_ms,
            parallel: run(),
            parallel_ms,
        },
    }
}

fn measuring(tour: &Tour) -> String {
    let m = &tour.measuring;
    let done = m
        .done
        .as_ref()
        .and_then(|d| d.answer())
        .map_or(String::new(), |a| format!(", {a:.2}x"));
    let error = m
        .error
        .as_ref()
        .map_or(String::new(), |e| format!(", error {e}"));
    format!(
        "{}; measurement {}{}{done}{error}; saved {:?}",
        summary(tour),
        m.number,
        if m.busy { " busy" } else { "" },
        tour.progress.measured
    )
}

#[test]
fn a_measured_step_runs_once_answered_and_its_answer_is_the_measurement() {
    expect![[r#"
        open: step 6 real-cores (unknown), open, sees 0 way 0, t=0; measurement 0; saved {}
        Measure before answering: step 6 real-cores (unknown), open, sees 0 way 0, t=0; measurement 0; saved {}
        type 3, Commit: step 6 real-cores (unknown), open, sees 0 way 0, t=0, typed "3"; measurement 0; saved {}
        Commit: step 6 real-cores (unknown), Number(3.0) wrong, sees 1 way 0, t=0, typed "3"; measurement 1 busy; saved {}
        Measure while it measures: step 6 real-cores (unknown), Number(3.0) wrong, sees 1 way 0, t=0, typed "3"; measurement 1 busy; saved {}
        measured: 400 and 120 ms: step 6 real-cores (3.33), Number(3.0) right, sees 1 way 0, t=0, typed "3"; measurement 1, 3.33x; saved {"real-cores": 3.3333333333333335}
        Run it again: step 6 real-cores (3.33), Number(3.0) right, sees 1 way 0, t=0, typed "3"; measurement 2 busy, 3.33x; saved {"real-cores": 3.3333333333333335}
        the workers fail: step 6 real-cores (3.33), Number(3.0) right, sees 1 way 0, t=0, typed "3"; measurement 2, 3.33x, error worker 3 fell silent; saved {"real-cores": 3.3333333333333335}
        Run it again: step 6 real-cores (3.33), Number(3.0) right, sees 1 way 0, t=0, typed "3"; measurement 3 busy, 3.33x; saved {"real-cores": 3.3333333333333335}
        leave for step 5 while it runs: step 5 switching-cost (#0), open, sees 0 way 0, t=0; measurement 3, 3.33x; saved {"real-cores": 3.3333333333333335}
        the answer comes late: step 5 switching-cost (#0), open, sees 0 way 0, t=0; measurement 3, 3.33x; saved {"real-cores": 3.3333333333333335}
        back to step 6: step 6 real-cores (3.33), Number(3.0) right, sees 1 way 0, t=0; measurement 3, 3.33x; saved {"real-cores": 3.3333333333333335}
        on to step 7: step 7 serial-part (unknown), open, sees 0 way 0, t=0; measurement 3, 3.33x; saved {"real-cores": 3.3333333333333335}
        Just show me: step 7 serial-part (unknown), shown, sees 1 way 0, t=0; measurement 4 busy; saved {"real-cores": 3.3333333333333335}"#]].assert_eq(&table(
        Tour::new(Progress::default(), Some(5), false),
        vec![
            ("Measure before answering", Action::Measure),
            ("type 3, Commit", Action::Draft("3".into())),
            ("Commit", Action::Commit),
            ("Measure while it measures", Action::Measure),
            (
                "measured: 400 and 120 ms",
                Action::Measured(1, Ok(measurement(400.0, 120.0))),
            ),
            ("Run it again", Action::Measure),
            (
                "the workers fail",
                Action::Measured(2, Err("worker 3 fell silent".into())),
            ),
            ("Run it again", Action::Measure),
            ("leave for step 5 while it runs", Action::Go(4)),
            (
                "the answer comes late",
                Action::Measured(3, Ok(measurement(400.0, 100.0))),
            ),
            ("back to step 6", Action::Go(5)),
            ("on to step 7", Action::Go(6)),
            ("Just show me", Action::ShowMe),
        ],
        measuring,
    ));
}

/// The serial part: the fraction fitted to the speedups measured, and the answer it
/// gives, Amdahl's limit on a thousand cores.
#[test]
fn a_serial_part_is_fitted_to_the_speedups_measured() {
    // A quarter serial, the rest split perfectly: 100 ms on 1 worker, 25 + 75/k on k.
    let times: Vec<(u32, f64)> = (1..=4).map(|k| (k, 25.0 + 75.0 / f64::from(k))).collect();
    let m = Measurement::Serial { times, agree: true };
    let fit = m.fit().expect("a fit");
    assert!((fit - 0.25).abs() < 1e-9, "{fit}");
    let answer = m.answer().expect("an answer");
    assert!(
        (answer - 1.0 / (0.25 + 0.75 / MANY)).abs() < 1e-9,
        "{answer}"
    );
    let mut tour = Tour::new(Progress::default(), Some(6), false);
    assert_eq!((tour.current().id, tour.truth()), ("serial-part", None));
    tour.apply(Action::Draft("4".into()));
    tour.apply(Action::Commit);
    assert!(tour.measuring.busy);
    tour.apply(Action::Measured(1, Ok(m)));
    assert_eq!(tour.right(), Some(true));
    assert_eq!(tour.progress.measured.get("serial-part"), Some(&answer));
}

/// The summary, and the program played by hand: the threads along the schedule, how
/// far the view is, and the shared values there.
fn played(tour: &Tour) -> String {
    let mut line = summary(tour);
    if let Some(p) = tour.program() {
        let hand = &tour.hand;
        let state = &hand.states[hand.cursor];
        let values: Vec<String> = (0..p.shared.len())
            .map(|i| format!("{} = {}", p.shared[i].name, p.shared_value(state, i)))
            .collect();
        line += &format!(
            "; played [{}] at {}, {}",
            interleave_sim::program::schedule_names(p, &hand.history),
            hand.cursor,
            values.join(", ")
        );
    }
    if let Some(lost) = tour.progress.measured.get("sharing") {
        line += &format!("; lost {lost}");
    }
    line
}

#[test]
fn a_program_is_played_by_hand_and_stays_on_screen_when_answered() {
    let at = STEPS
        .iter()
        .position(|s| s.id == "sharing")
        .expect("a step");
    let actions = vec![
        ("A reads", Action::Take(0)),
        ("A adds", Action::Take(0)),
        ("B reads", Action::Take(1)),
        ("A writes", Action::Take(0)),
        ("A has finished: it cannot step", Action::Take(0)),
        ("B adds", Action::Take(1)),
        ("B writes: an update is lost", Action::Take(1)),
        ("undo twice", Action::Jump(4)),
        ("redo past the end", Action::Jump(9)),
        ("back, then B on a new branch", Action::Jump(2)),
        ("B on a new branch", Action::Take(1)),
        ("type 18", Action::Draft("18".into())),
        ("commit: the counter stays", Action::Commit),
        ("choose the mutex: a fresh start", Action::Way(1)),
        (
            "replay a schedule that stops fitting",
            Action::Replay(vec![0, 1, 0]),
        ),
        ("real workers lost a quarter", Action::Raced(0.25)),
        ("the next step", Action::Go(at + 1)),
    ];
    let tour = Tour::new(Progress::default(), Some(at), true);
    expect![[r#"
        open: step 8 sharing (18.00), open, sees 1 way 0, t=0; played [] at 0, count = 0
        A reads: step 8 sharing (18.00), open, sees 1 way 0, t=0; played [A] at 1, count = 0
        A adds: step 8 sharing (18.00), open, sees 1 way 0, t=0; played [A A] at 2, count = 0
        B reads: step 8 sharing (18.00), open, sees 1 way 0, t=0; played [A A B] at 3, count = 0
        A writes: step 8 sharing (18.00), open, sees 1 way 0, t=0; played [A A B A] at 4, count = 1
        A has finished: it cannot step: step 8 sharing (18.00), open, sees 1 way 0, t=0; played [A A B A] at 4, count = 1
        B adds: step 8 sharing (18.00), open, sees 1 way 0, t=0; played [A A B A B] at 5, count = 1
        B writes: an update is lost: step 8 sharing (18.00), open, sees 1 way 0, t=0; played [A A B A B B] at 6, count = 1
        undo twice: step 8 sharing (18.00), open, sees 1 way 0, t=0; played [A A B A B B] at 4, count = 1
        redo past the end: step 8 sharing (18.00), open, sees 1 way 0, t=0; played [A A B A B B] at 6, count = 1
        back, then B on a new branch: step 8 sharing (18.00), open, sees 1 way 0, t=0; played [A A B A B B] at 2, count = 0
        B on a new branch: step 8 sharing (18.00), open, sees 1 way 0, t=0; played [A A B] at 3, count = 0
        type 18: step 8 sharing (18.00), open, sees 1 way 0, t=0, typed "18"; played [A A B] at 3, count = 0
        commit: the counter stays: step 8 sharing (18.00), Number(18.0) right, sees 3 way 0, t=0, typed "18"; played [A A B] at 3, count = 0
        choose the mutex: a fresh start: step 8 sharing (18.00), Number(18.0) right, sees 3 way 1, t=0, typed "18"; played [] at 0, count = 0
        replay a schedule that stops fitting: step 8 sharing (18.00), Number(18.0) right, sees 3 way 1, t=0, typed "18"; played [A] at 1, count = 0
        real workers lost a quarter: step 8 sharing (18.00), Number(18.0) right, sees 3 way 1, t=0, typed "18"; played [A] at 1, count = 0; lost 0.25
        the next step: step 9 keys (#1), open, sees 2 way 1, t=0; played [] at 0, in_use = 0; lost 0.25"#]]
    .assert_eq(&table(tour, actions, played));
}
