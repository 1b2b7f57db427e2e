//! The runs one seed draws, as counts of their endings: the native tests and the wasm
//! tests draw them with this same code and expect the same counts.

/// PCT of depth 2, seed 9, 500 runs of `head_start(5)`: how many runs end with each
/// value of `b`.
pub fn random_draw() -> String {
    use interleave_sim::program::{Random, Strategy, head_start, parse, sample};
    let p = parse(&head_start(5)).expect("the program parses");
    let s = sample(
        &p,
        Random {
            runs: 500,
            strategy: Strategy::Pct { depth: 2 },
            seed: 9,
            max_steps: 100,
        },
    );
    let counts: Vec<String> = s
        .finals
        .iter()
        .map(|f| format!("b = {}: {}", f.values[1].1, f.interleavings.unwrap_or(0)))
        .collect();
    counts.join(", ")
}

/// What `random_draw` gives, natively and in wasm.
pub const RANDOM_DRAW: &str = "b = 1: 85, b = 2: 415";
