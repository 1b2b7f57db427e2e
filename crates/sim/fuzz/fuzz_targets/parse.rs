//! Fuzz target: any text either parses or gets located errors; what parses prints
//! back to the same scenario and simulates without panicking or hanging.
#![no_main]

use interleave_sim::{Limits, parse, parse_with, simulate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Small limits keep each run short; the limits themselves are what is tested.
    let limits = Limits { tasks: 64, steps: 512, ticks: 10_000, cores: 64, ..Limits::default() };
    match parse_with(text, &limits) {
        Ok(scenario) => {
            let printed = scenario.to_string();
            assert_eq!(parse(&printed).as_ref(), Ok(&scenario), "round trip of {printed:?}");
            let report = simulate(&scenario);
            assert!(report.utilization() <= 1.0);
        }
        Err(errors) => {
            let lines = text.lines().count().max(1) as u32;
            assert!(errors.0.iter().all(|e| e.line >= 1 && e.line <= lines && e.col >= 1));
        }
    }
});
