//! The worker module in a real browser: the exported kernel gives the known answer.

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_piece_counts_its_primes_and_is_timed() {
    let json = interleave_workers::kernel_piece("primes", 100_000.0, 3, 0.0, 100_000.0, 1);
    assert!(json.contains("\"value\":9592"), "{json}");
    assert!(json.contains("\"worker\":1"), "{json}");
    assert!(json.contains("\"index\":3"), "{json}");
    assert_eq!(
        interleave_workers::kernel_piece("no-such-kernel", 1.0, 0, 0.0, 1.0, 0),
        ""
    );
}

/// The runs recorded natively by crates/sim/tests/determinism.rs give the same
/// fingerprints here, in wasm.
#[wasm_bindgen_test]
fn simulations_match_their_native_fingerprints() {
    let recorded = include_str!("../../sim/tests/fingerprints.txt");
    let cases = [
        (
            "chef",
            include_str!("../../cli/scenarios/chef.scn").to_string(),
        ),
        (
            "philosophers",
            include_str!("../../cli/scenarios/philosophers.scn").to_string(),
        ),
        (
            "rr-mix-2000",
            interleave_sim::workload::round_robin_mix(2000, 8, 42).to_string(),
        ),
        (
            "mlfq-mix-500",
            interleave_sim::workload::round_robin_mix(500, 3, 7)
                .to_string()
                .replace(
                    "policy rr quantum=4",
                    "policy mlfq levels=4 quantum=2 boost=100",
                ),
        ),
    ];
    for (name, text) in cases {
        let expected = recorded
            .lines()
            .find_map(|l| l.strip_prefix(name).map(str::trim))
            .unwrap_or_else(|| panic!("{name} is not recorded"));
        assert_eq!(
            interleave_workers::sim_fingerprint(&text),
            expected,
            "{name}"
        );
    }
}

/// The explorer in wasm: the lost update's counts, in slices with progress, and a
/// program that does not parse answers with its errors.
#[wasm_bindgen_test]
fn the_explorer_counts_the_lost_update_in_slices() {
    let text = include_str!("../../lessons/src/programs/counter.prog");
    assert_eq!(interleave_workers::explore_start(text, -1, 1e6), "");
    let first = interleave_workers::explore_step(5);
    assert!(
        first.starts_with(r#"{"type":"explore-progress","states":"#),
        "{first}"
    );
    let mut last = first;
    for _ in 0..100 {
        if last.starts_with(r#"{"type":"explored""#) {
            break;
        }
        last = interleave_workers::explore_step(5);
    }
    assert!(last.contains(r#""interleavings":20"#), "{last}");
    assert!(
        last.contains(r#""values":[["count",1]],"states":1,"interleavings":18"#),
        "{last}"
    );
    let errors = interleave_workers::explore_start("thread A:\n    x = y\n", -1, 1e6);
    assert!(
        errors.starts_with("line 2, col 9: unknown name"),
        "{errors}"
    );
}

/// Every lesson's run and exploration gives, in wasm, the fingerprint recorded natively
/// by crates/lessons/tests/determinism.rs.
#[wasm_bindgen_test]
fn every_lesson_matches_its_native_fingerprint() {
    use interleave_sim::program;
    let recorded = include_str!("../../lessons/tests/fingerprints.txt");
    let mut checked = 0;
    for line in recorded.lines().filter(|l| !l.starts_with('#')) {
        let (name, expected) = line.split_once(' ').expect("name fingerprint");
        let actual = if let Some(id) = name.strip_prefix("preset/") {
            let preset = interleave_lessons::find(id).expect("a preset");
            interleave_sim::simulate(&interleave_sim::parse(preset.text).unwrap()).fingerprint()
        } else if let Some(rest) = name.strip_prefix("study/") {
            let (id, model) = rest.split_once('/').expect("study/id/model");
            let study = interleave_lessons::systems::find(id).expect("a study");
            interleave_lessons::systems::run(study, study.model(model).expect("a model"))
                .fingerprint()
        } else {
            let mut parts = name.split('/').skip(1);
            let (lesson, id) = (parts.next().unwrap(), parts.next().unwrap());
            let level = interleave_lessons::programs::LEVELS
                .iter()
                .find(|l| l.lesson == lesson && l.id == id)
                .expect("a level");
            let p = program::parse(level.text).unwrap();
            program::explore(&p, program::Search::default()).fingerprint()
        };
        assert_eq!(format!("{actual:016x}"), expected, "{name}");
        checked += 1;
    }
    assert_eq!(checked, 41);
}
