//! The same scenario gives the same run everywhere: the fingerprints recorded in
//! fingerprints.txt are checked here natively and in wasm by the worker module's tests,
//! and so are the random runs a seed draws (`support/random_draw.rs`).

use interleave_sim::{parse, simulate, workload};

mod support {
    pub mod random_draw;
    pub mod recorded;
}

/// The runs whose fingerprints are recorded: (name, scenario text).
pub fn cases() -> Vec<(&'static str, String)> {
    vec![
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
            workload::round_robin_mix(2000, 8, 42).to_string(),
        ),
        (
            "mlfq-mix-500",
            workload::round_robin_mix(500, 3, 7).to_string().replace(
                "policy rr quantum=4",
                "policy mlfq levels=4 quantum=2 boost=100",
            ),
        ),
    ]
}

#[test]
fn fingerprints_match_the_recorded_ones() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fingerprints.txt");
    let recorded = std::fs::read_to_string(path).unwrap();
    let header: String = recorded
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut actual = header;
    for (name, text) in cases() {
        let report = simulate(&parse(&text).unwrap());
        assert_eq!(
            report,
            simulate(&parse(&text).unwrap()),
            "{name} differs between two runs"
        );
        actual.push_str(&format!("{name} {:016x}\n", report.fingerprint()));
    }
    support::recorded::compare_or_record(path, &actual);
}

/// Random search draws, for a seed, the runs recorded here; `crates/workers/tests/web.rs`
/// draws them in wasm with the same code and expects the same counts.
#[test]
fn random_runs_are_the_recorded_ones() {
    use support::random_draw::{RANDOM_DRAW, random_draw};
    assert_eq!(random_draw(), RANDOM_DRAW);
}
