//! Fuzz target: any text either parses or gets located errors; what parses prints
//! back to the same scenario and runs within the bound computed for it, without
//! panicking or hanging.
#![no_main]

use interleave_sim::{Limits, parse, parse_with, simulate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Small limits keep each run short; the limits themselves are what is tested. Every
    // number keeps its full range (10^9 ticks), so products of numbers (a quantum of 1
    // over a burst of 10^9) are fuzzed too: the run's bound must refuse them.
    let limits = Limits {
        tasks: 64,
        steps: 512,
        cores: 64,
        events: 200_000,
        work: 20_000_000,
        ..Limits::default()
    };
    match parse_with(text, &limits) {
        Ok(scenario) => {
            let printed = scenario.to_string();
            assert_eq!(parse(&printed).as_ref(), Ok(&scenario), "round trip of {printed:?}");
            let bound = scenario.bound();
            let report = simulate(&scenario);
            assert!(report.utilization() <= 1.0);
            assert!(report.events <= bound.events && report.ticks <= bound.ticks);
        }
        Err(errors) => {
            let lines = text.lines().count().max(1) as u32;
            assert!(errors.0.iter().all(|e| e.line >= 1 && e.line <= lines && e.col >= 1));
        }
    }
});
