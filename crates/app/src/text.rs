//! Numbers and words as people read them.

/// 3000000 -> "3 000 000" (narrow no-break spaces between groups of three).
pub fn group(n: impl Into<u128>) -> String {
    interleave_sim::digits(n.into(), '\u{202f}')
}

/// The text with its first letter a capital.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
