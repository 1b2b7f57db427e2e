//! The runs the build makes are the steps' own: written from them, and read back as them.

use expect_test::expect_file;
use interleave_lessons::tour::{Kind, Outcome, STEPS, Step, Widget};
use interleave_protocol::run::{Made, made_words};

use super::made_outcome;
use crate::tour::state::Runs;

fn simulated() -> impl Iterator<Item = &'static Step> {
    STEPS.iter().filter(|s| s.widget.kind() == Kind::Simulated)
}

/// A step's runs as the build ships them: those of servers without their tasks' figures
/// (thousands of requests), which their latencies are made from and nothing else reads.
fn shipped(step: &Step) -> Outcome {
    let mut outcome = step.simulate();
    if matches!(step.widget, Widget::Servers { .. }) {
        for report in &mut outcome.reports {
            report.tasks.clear();
        }
    }
    outcome
}

/// `made.rs`: each step's runs as words, a line of numbers at a time.
fn source() -> String {
    let mut out = String::from(
        "//! The tour's steps of scenarios, run by the build: each step's runs as words\n\
         //! (`interleave_protocol::run::made_words`), read by the page with no parser or\n\
         //! simulator. Written by the test `the_runs_made_are_the_steps_own`\n\
         //! (`UPDATE_EXPECT=1` writes it anew), which fails when a step's runs no longer\n\
         //! give these words.\n\n",
    );
    let steps: Vec<&Step> = simulated().collect();
    out += &format!(
        "#[rustfmt::skip]\npub static MADE: [(&str, &[u32]); {}] = [\n",
        steps.len()
    );
    for step in steps {
        let Outcome {
            scenarios,
            reports,
            latencies,
            ..
        } = shipped(step);
        let words = made_words(Made {
            scenarios,
            reports,
            latencies,
        });
        out += &format!("    (\"{}\", &[\n", step.id);
        out += &crate::text::word_lines(&words, "        ");
        out += "    ]),\n";
    }
    out + "];\n"
}

#[test]
fn the_runs_made_are_the_steps_own() {
    expect_file!["made.rs"].assert_eq(&source());
}

#[test]
fn a_step_reads_its_runs_back_with_the_same_answer() {
    for step in simulated() {
        let read = made_outcome(step);
        assert!(!read.scenarios.is_empty(), "{}", step.id);
        assert_eq!(read, shipped(step), "{}", step.id);
        // Servers' reports go without their tasks' figures: the answer is the same.
        let truth = step
            .question
            .as_ref()
            .and_then(|q| q.truth(&step.simulate()));
        assert_eq!(Runs::new(step, read).truth, truth, "{}", step.id);
    }
}
