//! Determinism as a guarantee: every lesson's scenario (and every system lab under each
//! of its models) and every level's exploration
//! give the fingerprints recorded in fingerprints.txt, natively here and in wasm in
//! crates/workers/tests/web.rs. After an intended change: UPDATE_FINGERPRINTS=1.

use interleave_lessons::PRESETS;
use interleave_lessons::programs::LEVELS;
use interleave_sim::program::{self, Search};

#[path = "../../sim/tests/support/recorded.rs"]
mod recorded;

/// (name, fingerprint) of every preset's run and every level's exploration.
fn fingerprints() -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for preset in PRESETS {
        let scenario = interleave_sim::parse(preset.text).expect("presets parse");
        out.push((
            format!("preset/{}", preset.id),
            interleave_sim::simulate(&scenario).fingerprint(),
        ));
    }
    // The system labs draw arrivals and lengths at random from their seeds: the same
    // draws everywhere, under every model.
    for study in interleave_lessons::systems::STUDIES {
        for model in study.models {
            out.push((
                format!("study/{}/{}", study.id, model.id),
                interleave_lessons::systems::run(study, model).fingerprint(),
            ));
        }
    }
    for level in LEVELS {
        let p = program::parse(level.text).expect("levels parse");
        out.push((
            format!("level/{}/{}", level.lesson, level.id),
            program::explore(&p, Search::default()).fingerprint(),
        ));
    }
    out
}

#[test]
fn every_lesson_gives_its_recorded_fingerprint() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fingerprints.txt");
    let mut actual = String::from(
        "# Fingerprints of every lesson's run (presets) and exploration (levels), the same\n\
         # natively (crates/lessons/tests/determinism.rs) and in wasm (crates/workers/tests/web.rs).\n",
    );
    for (name, fingerprint) in fingerprints() {
        actual.push_str(&format!("{name} {fingerprint:016x}\n"));
    }
    recorded::compare_or_record(path, &actual);
}
