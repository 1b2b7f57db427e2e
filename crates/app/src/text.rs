//! Numbers as people read them.

/// 3000000 -> "3 000 000" (narrow no-break spaces between groups of three).
pub fn group(n: impl Into<u128>) -> String {
    interleave_sim::digits(n.into(), '\u{202f}')
}
