//! What the tour's summary quotes, known before any visit: the figures and every
//! step's answer, as the steps' own runs give them. Written by the test
//! `what_the_summary_quotes_is_known_from_the_runs` (`UPDATE_EXPECT=1` writes it
//! anew), which fails when a step's runs no longer give these.

use super::{Figures, Truth};

pub const FIGURES: Figures = Figures { cooks: (13, 8), on_four: (4.0, 1.0), switches: (25, 2), makespans: (51, 28), responses: (1.6666666666666667, 12.666666666666666), lost: (18, 20), inside: (1, 2), deadlocks: (2, 6), p99: [163, 260, 278, 135], fan_out: (41, 59) };

pub const TRUTHS: [Option<Truth>; 12] = [
    // one-cook
    Some(Truth::Choice(0)),
    // three-cooks
    Some(Truth::Number(8.0)),
    // structure-execution
    Some(Truth::Choice(1)),
    // waiting-working
    Some(Truth::Number(1.0)),
    // switching-cost
    Some(Truth::Choice(0)),
    // real-cores
    None,
    // serial-part
    None,
    // sharing
    Some(Truth::Number(18.0)),
    // keys
    Some(Truth::Choice(1)),
    // deadlock
    Some(Truth::Choice(1)),
    // servers
    Some(Truth::Choice(3)),
    // what-you-measured
    None,
];
