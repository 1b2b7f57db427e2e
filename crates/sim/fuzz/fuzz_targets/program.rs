//! Fuzz target: any text either parses as a program or gets located errors; what
//! parses explores (under a small state limit) without panicking or hanging, and
//! every reported schedule replays.
#![no_main]

use interleave_sim::program::{Search, explore, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match parse(text) {
        Ok(program) => {
            let e = explore(&program, Search { preemption_bound: None, max_states: 2_000 });
            assert!(e.states <= 2_000);
            for f in &e.findings {
                assert!(program.replay(&f.schedule).is_ok(), "{f:?}");
            }
            for f in &e.finals {
                let states = program.replay(&f.schedule).expect("a final's schedule replays");
                assert!(program.is_done(states.last().unwrap()));
            }
        }
        Err(errors) => {
            let lines = text.lines().count().max(1) as u32;
            assert!(!errors.0.is_empty());
            assert!(errors.0.iter().all(|e| e.line >= 1 && e.line <= lines && e.col >= 1), "{errors:?}");
        }
    }
});
