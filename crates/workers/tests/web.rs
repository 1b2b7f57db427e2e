//! The worker module in a real browser: the exported kernel gives the known answer.

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_piece_counts_its_primes_and_is_timed() {
    let json = interleave_workers::primes_piece(3, 0.0, 100_000.0, 1);
    assert!(json.contains("\"value\":9592"), "{json}");
    assert!(json.contains("\"worker\":1"), "{json}");
    assert!(json.contains("\"index\":3"), "{json}");
}
