//! The editor's text helpers: comparing, cutting and splicing texts.

use super::*;

#[test]
fn a_paste_replaces_the_selection_counted_in_utf16_units() {
    assert_eq!(splice("abcdef", 2, 4, "XY"), "abXYef");
    assert_eq!(splice("abc", 3, 3, "!"), "abc!");
    assert_eq!(splice("", 0, 0, "new"), "new");
    // "é" is one unit, the crab two.
    assert_eq!(splice("é🦀z", 1, 3, "-"), "é-z");
    assert_eq!(splice("é🦀z", 3, 1, "-"), "é-z");
    assert_eq!(splice("ab", 7, 9, "c"), "abc");
}

#[test]
fn a_preview_is_the_first_lines_cut_at_a_character() {
    let lines: String = (0..1000).map(|i| format!("task t{i}: cpu 1\n")).collect();
    let shown = preview(&lines);
    assert_eq!(shown.lines().count(), PREVIEW_LINES);
    assert!(lines.starts_with(shown) && !shown.ends_with('\n'));
    // One long line of two-byte characters: cut at the byte limit, on a character.
    let wide = "é".repeat(PREVIEW_BYTES);
    assert_eq!(preview(&wide).len(), PREVIEW_BYTES);
    let odd = format!("x{wide}");
    assert_eq!(preview(&odd).len(), PREVIEW_BYTES - 1);
    assert_eq!(preview("short"), "short");
}

#[test]
fn same_text_finds_any_difference_at_any_place() {
    let text: String = (0..100).map(|i| char::from(b'a' + i % 26)).collect();
    let shared = AttrValue::from(text.clone());
    assert!(same(&shared, &shared.clone()));
    for len in [0, 1, 7, 8, 9, 16, 99] {
        let a = AttrValue::from(text[..len].to_string());
        assert!(same(&a, &AttrValue::from(text[..len].to_string())));
        for at in 0..len {
            let mut other = text.as_bytes()[..len].to_vec();
            other[at] = b'#';
            let b = AttrValue::from(String::from_utf8(other).unwrap());
            assert!(!same(&a, &b), "{len} {at}");
        }
        assert!(!same(&a, &AttrValue::from(text[..len + 1].to_string())));
    }
}
