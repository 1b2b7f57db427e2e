//! Numbers and words as people read them, and texts compared quickly.

/// 3000000 -> "3 000 000" (narrow no-break spaces between groups of three).
pub fn group(n: impl Into<u128>) -> String {
    interleave_sim::digits(n.into(), '\u{202f}')
}

/// Whether two texts are the same: at once when they are one text in memory, else
/// eight bytes at a time. (A string's `==` in wasm is a loop over bytes: on a text of
/// megabytes, tens of milliseconds at every redraw.)
pub fn same(a: &str, b: &str) -> bool {
    if std::ptr::eq(a, b) {
        return true;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (words_a, words_b) = (a.chunks_exact(8), b.chunks_exact(8));
    a.len() == b.len()
        && words_a.remainder() == words_b.remainder()
        && words_a.zip(words_b).all(|(x, y)| {
            u64::from_ne_bytes(x.try_into().unwrap_or_default())
                == u64::from_ne_bytes(y.try_into().unwrap_or_default())
        })
}

/// The text with its first letter a capital.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
