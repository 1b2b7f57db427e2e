//! Every step of the tour: its claim holds on the simulator, its question has an
//! answer among its options, and its text is short.

use expect_test::{expect, expect_file};
use interleave_sim::simulate;

use super::*;

#[test]
fn every_claim_holds() {
    for step in STEPS {
        match step.check {
            Some(check) => check(&step.run()).unwrap_or_else(|e| panic!("step {}: {e}", step.id)),
            // Only a step measured on the visitor's machine goes without a claim checked
            // here: its text claims no figure, and its end-to-end test checks that what
            // it shows is what its times give.
            // The summary claims nothing of its own: it words the others' figures.
            None => assert!(
                matches!(step.widget, Widget::Summary)
                    || (matches!(step.widget, Widget::Cores | Widget::Serial { .. })
                        && matches!(
                            step.question.as_ref().map(|q| &q.answer),
                            Some(Answer::Measured { .. })
                        )),
                "step {} checks nothing",
                step.id
            ),
        }
    }
}

#[test]
fn every_text_is_two_to_five_sentences_and_every_id_is_unique() {
    for (i, step) in STEPS.iter().enumerate() {
        // A sentence ends at a full stop, a question or an exclamation mark before a
        // space, a paragraph break or the end.
        let ends = step.text.char_indices().filter(|&(at, c)| {
            matches!(c, '.' | '?' | '!')
                && step.text[at + 1..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        });
        let sentences = ends.count();
        assert!(
            (2..=5).contains(&sentences),
            "step {}: {sentences} sentences",
            step.id
        );
        assert!(STEPS[..i].iter().all(|s| s.id != step.id), "{}", step.id);
    }
}

/// The answers, computed from the runs, in words: what the learner is told after
/// committing a prediction.
#[test]
fn the_answers_come_from_the_runs() {
    let lines: Vec<String> = STEPS
        .iter()
        .filter_map(|step| {
            let question = step.question.as_ref()?;
            let truth = step.truth();
            let answer = match (&question.answer, truth) {
                (Answer::Choice { options, .. }, Some(Truth::Choice(i))) => options[i].to_string(),
                (Answer::Number { unit, .. }, Some(Truth::Number(n))) => format!("{n:.2} {unit}"),
                (Answer::Measured { unit, .. }, None) => format!("measured, in {unit}"),
                _ => "mismatched".into(),
            };
            Some(format!("{}: {answer}", step.id))
        })
        .collect();
    expect![[r#"
        one-cook: the fries
        three-cooks: 8.00 ticks
        structure-execution: concurrent, not parallel
        waiting-working: 1.00 ×
        switching-cost: quantum 1
        real-cores: measured, in ×
        serial-part: measured, in ×
        sharing: 18.00 interleavings
        keys: two
        deadlock: yes, in some interleavings
        servers: goroutines"#]]
    .assert_eq(&lines.join("\n"));
}

#[test]
fn a_guess_is_judged_by_the_question_margin() {
    let number = STEPS[1].question.as_ref().expect("a question");
    assert!(number.judge(Truth::Number(10.0), Truth::Number(10.9)));
    assert!(!number.judge(Truth::Number(10.0), Truth::Number(11.5)));
    assert!(!number.judge(Truth::Number(10.0), Truth::Choice(1)));
    let choice = STEPS[0].question.as_ref().expect("a question");
    assert!(choice.judge(Truth::Choice(2), Truth::Choice(2)));
    assert!(!choice.judge(Truth::Choice(2), Truth::Choice(0)));
}

#[test]
fn a_sweep_runs_each_workload_on_every_core_count() {
    let step = &STEPS[3];
    let cores: Vec<u32> = step.scenarios().iter().map(|s| s.cores).collect();
    assert_eq!(cores, [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6]);
    let curves = speedups(&step.run().reports, 6);
    let words: Vec<String> = curves
        .iter()
        .map(|c| {
            c.iter()
                .map(|(k, s)| format!("{k}:{s:.2}"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    expect![[r#"
        1:1.00 2:2.00 3:2.86 4:4.00 5:4.00 6:4.00
        1:1.00 2:1.00 3:1.00 4:1.00 5:1.00 6:1.00"#]]
    .assert_eq(&words.join("\n"));
}

#[test]
fn the_lab_opens_with_the_step_scenario_and_it_parses() {
    let step = &STEPS[1];
    let scenarios = step.scenarios();
    let text = step.lab_text(2, &scenarios[1]);
    assert!(text.starts_with("# The tour, step 2: Three cooks\n"));
    let back = parse(&text).expect("the lab's text parses");
    assert_eq!(back.cores, 3);
    assert_eq!(simulate(&back), simulate(&scenarios[1]));
}

#[test]
fn the_summary_quotes_the_steps_own_runs() {
    expect!["Figures { cooks: (13, 8), on_four: (4.0, 1.0), switches: (25, 2), makespans: (51, 28), responses: (1.6666666666666667, 12.666666666666666), lost: (18, 20), inside: (1, 2), deadlocks: (2, 6), p99: [163, 260, 278, 135], fan_out: (41, 59) }"].assert_eq(&format!("{:?}", figures()));
}

/// What the summary quotes (its figures and every step's answer) is known before any
/// visit: `known.rs` holds it, as written from the runs here (`UPDATE_EXPECT=1` writes
/// it anew when a step changes), so that the summary's page runs no step.
#[test]
fn what_the_summary_quotes_is_known_from_the_runs() {
    let outcomes = outcomes();
    let truths: String = STEPS
        .iter()
        .zip(&outcomes)
        .map(|(step, outcome)| {
            let truth = match step.question.as_ref().and_then(|q| q.truth(outcome)) {
                None => "None".to_string(),
                Some(Truth::Number(n)) => {
                    assert!(n.is_finite(), "{}: {n}", step.id);
                    format!("Some(Truth::Number({n:?}))")
                }
                Some(Truth::Choice(i)) => format!("Some(Truth::Choice({i}))"),
            };
            format!("    // {}\n    {truth},\n", step.id)
        })
        .collect();
    let source = format!(
        "//! What the tour's summary quotes, known before any visit: the figures and every\n\
         //! step's answer, as the steps' own runs give them. Written by the test\n\
         //! `what_the_summary_quotes_is_known_from_the_runs` (`UPDATE_EXPECT=1` writes it\n\
         //! anew), which fails when a step's runs no longer give these.\n\n\
         use super::{{Figures, Truth}};\n\n\
         pub const FIGURES: Figures = {:?};\n\n\
         pub const TRUTHS: [Option<Truth>; {}] = [\n{truths}];\n",
        Figures::of(&outcomes),
        STEPS.len()
    );
    expect_file!["known.rs"].assert_eq(&source);
}

#[test]
fn every_program_is_a_level_and_every_design_a_model_of_its_lab() {
    for step in STEPS {
        match &step.widget {
            Widget::Programs { ways, .. } => {
                for way in *ways {
                    assert!(LEVELS.iter().any(|l| l.id == way.level), "{}", way.level);
                }
            }
            Widget::Servers { groups, .. } => {
                for served in groups.iter().flat_map(|g| g.ways.iter()) {
                    let study = systems::find(served.study).expect("a system lab");
                    assert!(served.model.is_none_or(|m| study.model(m).is_some()));
                }
            }
            _ => {}
        }
    }
}

#[test]
fn most_finds_the_largest_value_reachable() {
    let level = |id: &str| {
        let l = LEVELS.iter().find(|l| l.id == id).expect("a level");
        program::parse(l.text).expect("it parses")
    };
    assert_eq!(most(&level("one-key"), "in_use"), Some(1));
    assert_eq!(most(&level("bowl-of-keys"), "in_use"), Some(2));
    assert_eq!(most(&level("counter"), "count"), Some(2));
    assert_eq!(most(&level("counter"), "nothing"), None);
}
