//! The lab's first run, made by the build: the first preset on its machine and, beside
//! it, on the default comparison's, as words (`interleave_protocol::run::made_words`)
//! that the page reads with no parser or simulator. So the lab works at once, while
//! its [engine](super::engine) is fetched.

use std::rc::Rc;

use interleave_lessons::PRESETS;
use interleave_protocol::run::{Made, words_made};

use super::state::{CompareWith, Runs};
use crate::components::timeline::lanes::Lanes;

mod words;

/// The runs of `text` compared as `compare`, if the build made them: the first
/// preset's, compared as by default.
pub fn runs(text: &str, compare: Option<&CompareWith>) -> Option<Runs> {
    if text != PRESETS[0].text || compare != Some(&CompareWith::DEFAULT) {
        return None;
    }
    read(words::FIRST)
}

/// The runs in `words`: the scenario as written, then the run's and the comparison's
/// scenarios (written out) and reports.
fn read(words: &[u32]) -> Option<Runs> {
    let Made {
        scenarios, reports, ..
    } = words_made(words).ok()?;
    let [written, a, b] = <[_; 3]>::try_from(scenarios).ok()?;
    let [ra, rb] = <[_; 2]>::try_from(reports).ok()?;
    Some(Runs {
        written: Rc::new(written),
        a: Rc::new(Lanes::new(a, ra)),
        b: Some(Rc::new(Lanes::new(b, rb))),
        refused: None,
    })
}

#[cfg(test)]
mod tests {
    use expect_test::expect_file;
    use interleave_lessons::PRESETS;
    use interleave_protocol::run::{Made, made_words};

    use super::super::engine::{ENGINE, Evaluated};
    use super::super::state::CompareWith;

    /// The runs the lab's engine gives its first workload.
    fn evaluated() -> super::Runs {
        match (ENGINE.evaluate)(PRESETS[0].text, Some(&CompareWith::DEFAULT)) {
            Evaluated::Ran(runs) => runs,
            _ => panic!("the first preset does not run on the page"),
        }
    }

    fn source() -> String {
        let runs = evaluated();
        let b = runs.b.as_ref().expect("the default comparison runs");
        let words = made_words(Made {
            scenarios: vec![
                (*runs.written).clone(),
                (*runs.a.scenario).clone(),
                (*b.scenario).clone(),
            ],
            reports: vec![runs.a.report.clone(), b.report.clone()],
            latencies: Vec::new(),
        });
        format!(
            "//! The lab's first run, made by the build (`super::runs` reads it). Written by\n\
             //! the test `the_first_run_made_is_the_engines_own` (`UPDATE_EXPECT=1` writes it\n\
             //! anew), which fails when the engine no longer gives these words.\n\n\
             #[rustfmt::skip]\npub static FIRST: &[u32] = &[\n{}];\n",
            crate::text::word_lines(&words, "    ")
        )
    }

    #[test]
    fn the_first_run_made_is_the_engines_own() {
        expect_file!["made/words.rs"].assert_eq(&source());
    }

    #[test]
    fn the_first_run_reads_back_as_the_engine_runs_it() {
        let read = super::runs(PRESETS[0].text, Some(&CompareWith::DEFAULT));
        assert!(read == Some(evaluated()));
        assert!(super::runs(PRESETS[1].text, Some(&CompareWith::DEFAULT)).is_none());
        assert!(super::runs(PRESETS[0].text, None).is_none());
    }
}
