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

/// How many lines `text` has (its newlines, plus one): counted eight bytes at a time,
/// since a text of megabytes is counted at a render.
pub fn lines(text: &str) -> usize {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const NEWLINES: u64 = 0x0a0a_0a0a_0a0a_0a0a;
    let words = text.as_bytes().chunks_exact(8);
    let rest = words.remainder().iter().filter(|&&b| b == b'\n').count();
    let whole: u32 = words
        .map(|w| {
            // A byte of `x` is zero where the text has a newline; the high bit of each
            // byte of the result is set exactly there (no carry crosses a byte).
            let x = u64::from_ne_bytes(w.try_into().unwrap_or_default()) ^ NEWLINES;
            (!(((x & LOW) + LOW) | x | LOW)).count_ones()
        })
        .sum();
    whole as usize + rest + 1
}

/// The text with its first letter a capital.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Numbers as Rust source, `indent` before each line and no line past 100 characters:
/// how the runs the build makes are written (`UPDATE_EXPECT=1`).
#[cfg(test)]
pub fn word_lines(words: &[u32], indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in words {
        let item = format!("{word},");
        if !line.is_empty() && indent.len() + line.len() + 1 + item.len() > 100 {
            out += &format!("{indent}{line}\n");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line += &item;
    }
    if !line.is_empty() {
        out += &format!("{indent}{line}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_as_newlines_plus_one_at_every_alignment() {
        let naive = |t: &str| t.bytes().filter(|&b| b == b'\n').count() + 1;
        let mut text = String::new();
        // Newlines beside the bytes that could be taken for one or carry into one:
        // 0x09, 0x0b, 0x7f, 0x80, 0x8a (a newline with its high bit) and 0xff, in
        // UTF-8, at every offset in a word.
        for i in 0..200 {
            let c = [
                '\n', '\t', '\u{b}', '\u{7f}', '\u{80}', '\u{8a}', 'ÿ', 'a', '三',
            ];
            text.push(c[i % c.len()]);
            if i % 3 == 0 {
                text.push('\n');
            }
            assert_eq!(lines(&text), naive(&text), "{text:?}");
        }
        assert_eq!(lines(""), 1);
        assert_eq!(lines("\n\n\n\n\n\n\n\n"), 9);
    }
}
