//! Every action on the lesson "Keep the page responsive", as tables: the ways run and
//! their figures kept, a second request refused while one runs, and the event-loop
//! model's prediction, reveal, steps and real run.

use expect_test::{Expect, expect};
use interleave_lessons::responsive::measure;

use super::*;
use crate::reducer::table;

fn summary(lab: &Responsive) -> String {
    let phase = match &lab.phase {
        Phase::Failed(m) => format!("failed: {m}"),
        other => format!("{other:?}").to_lowercase(),
    };
    let results = lab
        .results
        .iter()
        .map(|r| format!(" {}={:.0}ms", r.way.key(), r.figures.longest_frame_ms))
        .collect::<String>();
    let m = &lab.model;
    format!(
        "{phase}, runs {}, asked {:?};{results}; {} [{}]{}{} step {}{}",
        lab.runs,
        lab.asked.iter().map(|w| w.key()).collect::<Vec<_>>(),
        m.snippet.id,
        m.prediction.join(" "),
        if m.revealed { " revealed" } else { "" },
        match m.predicted_right() {
            Some(true) => " right",
            Some(false) => " wrong",
            None => "",
        },
        m.step,
        match m.real_agrees() {
            Some(true) => ", real agrees",
            Some(false) => ", real differs",
            None => "",
        }
    )
}

fn run(way: Way, longest: f64) -> WayRun {
    let frames = [0.0, longest];
    WayRun {
        way,
        figures: measure(0.0, longest, &frames, &[], &[], &[]),
        value: 7,
        slices: None,
        settings: Settings {
            workers: 2,
            scale: 0,
            yielder: Yield::Message,
        },
    }
}

fn check(actions: Vec<(&str, Action)>, expected: Expect) {
    let lab = Responsive::new(
        Settings::from_query(&Query::default(), &Platform::TWO_CORES),
        None,
    );
    expected.assert_eq(&table(lab, actions, summary));
}

#[test]
fn run_all_goes_way_by_way_and_keeps_the_last_run_of_each() {
    check(
        vec![
            ("run all", Action::Run(Way::ALL.to_vec())),
            ("run main alone, refused", Action::Run(vec![Way::Main])),
            ("prepare", Action::Preparing),
            ("main", Action::Running(Way::Main)),
            ("measured", Action::Measured(run(Way::Main, 800.0))),
            ("workers", Action::Running(Way::Workers)),
            ("measured", Action::Measured(run(Way::Workers, 17.0))),
            ("sliced", Action::Running(Way::Sliced)),
            ("measured", Action::Measured(run(Way::Sliced, 40.0))),
            ("finished", Action::Finished),
            ("run main again", Action::Run(vec![Way::Main])),
            ("measured", Action::Measured(run(Way::Main, 750.0))),
            ("failed", Action::Failed("worker 0: gone".into())),
            ("nothing asked", Action::Run(Vec::new())),
        ],
        expect![[r#"
            open: idle, runs 0, asked [];; timeout-then [] step 0
            run all: preparing, runs 1, asked ["main", "sliced", "worker", "workers"];; timeout-then [] step 0
            run main alone, refused: preparing, runs 1, asked ["main", "sliced", "worker", "workers"];; timeout-then [] step 0
            prepare: preparing, runs 1, asked ["main", "sliced", "worker", "workers"];; timeout-then [] step 0
            main: running(main), runs 1, asked ["main", "sliced", "worker", "workers"];; timeout-then [] step 0
            measured: running(main), runs 1, asked ["main", "sliced", "worker", "workers"]; main=800ms; timeout-then [] step 0
            workers: running(workers), runs 1, asked ["main", "sliced", "worker", "workers"]; main=800ms; timeout-then [] step 0
            measured: running(workers), runs 1, asked ["main", "sliced", "worker", "workers"]; main=800ms workers=17ms; timeout-then [] step 0
            sliced: running(sliced), runs 1, asked ["main", "sliced", "worker", "workers"]; main=800ms workers=17ms; timeout-then [] step 0
            measured: running(sliced), runs 1, asked ["main", "sliced", "worker", "workers"]; main=800ms sliced=40ms workers=17ms; timeout-then [] step 0
            finished: idle, runs 1, asked ["main", "sliced", "worker", "workers"]; main=800ms sliced=40ms workers=17ms; timeout-then [] step 0
            run main again: preparing, runs 2, asked ["main"]; main=800ms sliced=40ms workers=17ms; timeout-then [] step 0
            measured: preparing, runs 2, asked ["main"]; main=750ms sliced=40ms workers=17ms; timeout-then [] step 0
            failed: failed: worker 0: gone, runs 2, asked ["main"]; main=750ms sliced=40ms workers=17ms; timeout-then [] step 0
            nothing asked: failed: worker 0: gone, runs 2, asked ["main"]; main=750ms sliced=40ms workers=17ms; timeout-then [] step 0"#]],
    );
}

#[test]
fn predict_then_reveal_then_step_then_run_for_real() {
    check(
        vec![
            ("predict A", Action::Predict("A")),
            ("predict A again", Action::Predict("A")),
            ("predict D", Action::Predict("D")),
            ("clear", Action::ClearPrediction),
            ("predict A", Action::Predict("A")),
            ("predict B", Action::Predict("B")),
            ("predict C", Action::Predict("C")),
            ("predict D", Action::Predict("D")),
            ("reveal", Action::Reveal),
            ("clear, refused", Action::ClearPrediction),
            ("step back, clamped", Action::Step(-1)),
            ("step", Action::Step(1)),
            ("to the end", Action::Step(1000)),
            (
                "real",
                Action::Real(["A", "D", "C", "B"].map(String::from).to_vec()),
            ),
            ("another snippet", Action::Snippet("await")),
            ("an unknown one", Action::Snippet("nothing")),
            (
                "real, another order",
                Action::Real(["S1", "S2", "f1", "f2"].map(String::from).to_vec()),
            ),
        ],
        expect![[r#"
            open: idle, runs 0, asked [];; timeout-then [] step 0
            predict A: idle, runs 0, asked [];; timeout-then [A] step 0
            predict A again: idle, runs 0, asked [];; timeout-then [A] step 0
            predict D: idle, runs 0, asked [];; timeout-then [A D] step 0
            clear: idle, runs 0, asked [];; timeout-then [] step 0
            predict A: idle, runs 0, asked [];; timeout-then [A] step 0
            predict B: idle, runs 0, asked [];; timeout-then [A B] step 0
            predict C: idle, runs 0, asked [];; timeout-then [A B C] step 0
            predict D: idle, runs 0, asked [];; timeout-then [A B C D] wrong step 0
            reveal: idle, runs 0, asked [];; timeout-then [A B C D] revealed wrong step 0
            clear, refused: idle, runs 0, asked [];; timeout-then [A B C D] revealed wrong step 0
            step back, clamped: idle, runs 0, asked [];; timeout-then [A B C D] revealed wrong step 0
            step: idle, runs 0, asked [];; timeout-then [A B C D] revealed wrong step 1
            to the end: idle, runs 0, asked [];; timeout-then [A B C D] revealed wrong step 11
            real: idle, runs 0, asked [];; timeout-then [A B C D] revealed wrong step 11, real agrees
            another snippet: idle, runs 0, asked [];; await [] step 0
            an unknown one: idle, runs 0, asked [];; await [] step 0
            real, another order: idle, runs 0, asked [];; await [] step 0, real differs"#]],
    );
}

#[test]
fn a_link_s_settings_and_snippet() {
    let q = Query {
        workers: Some(1),
        scale: Some(2),
        yielder: Some("scheduler".into()),
        snippet: Some("await".into()),
    };
    let s = Settings::from_query(&q, &Platform::EMBEDDED);
    assert_eq!((s.workers, s.scale, s.size()), (4, 2, 2_800));
    assert_eq!(s.yielder, Yield::Scheduler);
    assert_eq!(
        Settings::from_query(&s.to_query("await"), &Platform::EMBEDDED),
        s
    );
    let bad = Query {
        yielder: Some("sleep".into()),
        ..Query::default()
    };
    assert_eq!(
        Settings::from_query(&bad, &Platform::EMBEDDED).yielder,
        Yield::Message
    );
    assert_eq!(
        Responsive::new(s, q.snippet.as_deref()).model.snippet.id,
        "await"
    );
    assert_eq!(
        Responsive::new(s, Some("nothing")).model.snippet.id,
        "timeout-then"
    );
}
