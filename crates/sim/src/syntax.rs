//! What the two languages (scenarios and programs) share, written once: where an error
//! is ([`Diagnostic`]), every error found with one cap ([`Sink`], [`MAX_ERRORS`]), a
//! [`Scanner`] that reads a line into tokens, a [`Cursor`] over a line's tokens, one
//! rule for "did you mean" ([`suggest`]), and each language's table of words
//! ([`Syntax`]), which its parser checks names against and the editor colours from.

use std::fmt;

/// An error in a text, at a place in it (1-based line and column, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Diagnostic {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, col {}: {}", self.line, self.col, self.message)
    }
}

/// Every error found, in the order of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// The most errors reported for one text: past them, the parser stops looking.
pub const MAX_ERRORS: usize = 50;

/// Where a parser puts the errors it finds; it keeps [`MAX_ERRORS`] of them.
#[derive(Debug, Default)]
pub struct Sink {
    errors: Vec<Diagnostic>,
}

impl Sink {
    pub fn error(&mut self, line: u32, col: u32, message: String) {
        if !self.full() {
            self.errors.push(Diagnostic { line, col, message });
        }
    }

    /// True once the cap is reached.
    pub fn full(&self) -> bool {
        self.errors.len() >= MAX_ERRORS
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn len(&self) -> usize {
        self.errors.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.errors.iter()
    }

    /// Adds errors found apart (they count against the cap too).
    pub fn extend(&mut self, found: impl IntoIterator<Item = Diagnostic>) {
        for d in found {
            self.error(d.line, d.col, d.message);
        }
    }

    /// The errors in the order of the text.
    pub fn finish(mut self) -> Diagnostics {
        self.errors.sort_by_key(|e| (e.line, e.col));
        Diagnostics(self.errors)
    }
}

/// A line read one character at a time, knowing the column it is at: what both
/// languages' tokenizers are built on.
pub struct Scanner<'a> {
    line: &'a str,
    /// The byte offset of the next character.
    at: usize,
    /// Its 1-based column, in characters.
    col: u32,
}

impl<'a> Scanner<'a> {
    pub fn new(line: &'a str) -> Self {
        Scanner {
            line,
            at: 0,
            col: 1,
        }
    }

    /// The next character, if any.
    pub fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// The line from the next character on.
    pub fn rest(&self) -> &'a str {
        &self.line[self.at..]
    }

    /// The column of the next character (past the end: one more than the last).
    pub fn col(&self) -> u32 {
        self.col
    }

    /// The byte offset of the next character.
    pub fn offset(&self) -> usize {
        self.at
    }

    /// Takes the next character.
    pub fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        self.col = self.col.saturating_add(1);
        Some(c)
    }

    /// Takes `text` if the line goes on with it.
    pub fn eat(&mut self, text: &str) -> bool {
        let found = self.rest().starts_with(text);
        if found {
            for _ in text.chars() {
                self.bump();
            }
        }
        found
    }

    /// Takes the characters that satisfy `keep`, and returns them.
    pub fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &'a str {
        let start = self.at;
        while self.peek().is_some_and(&keep) {
            self.bump();
        }
        &self.line[start..self.at]
    }
}

/// A token that knows its column.
pub trait Located {
    fn col(&self) -> u32;
}

/// Where a parser is in one line's tokens.
pub struct Cursor<'t, T> {
    pub tokens: &'t [T],
    /// The index of the next token.
    pub at: usize,
    /// The line's number.
    pub line: u32,
    /// The column just past the line's last token, for "expected ... at the end".
    pub end: u32,
}

impl<'t, T: Located> Cursor<'t, T> {
    pub fn new(tokens: &'t [T], line: u32, end: u32) -> Self {
        Cursor {
            tokens,
            at: 0,
            line,
            end,
        }
    }

    pub fn peek(&self) -> Option<&'t T> {
        self.tokens.get(self.at)
    }

    /// The column of the next token, or the end of the line.
    pub fn col(&self) -> u32 {
        self.peek().map_or(self.end, Located::col)
    }
}

/// Takes the next token (past the end, the cursor still moves on, so that `at`
/// counts what was asked for).
impl<'t, T> Iterator for Cursor<'t, T> {
    type Item = &'t T;

    fn next(&mut self) -> Option<&'t T> {
        let t = self.tokens.get(self.at);
        self.at += 1;
        t
    }
}

/// The known word that `word` most likely misspells: the nearest by edit distance,
/// one edit away (two for words longer than four characters), or else one that
/// `word` begins (of three characters or more). None for the word itself.
pub fn suggest<'k>(word: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let length = word.chars().count();
    if length < 2 {
        return None;
    }
    let allowed = 1 + usize::from(length > 4);
    let mut nearest: Option<(usize, &str)> = None;
    let mut prefixed = None;
    for k in known {
        if k == word {
            return None;
        }
        let d = distance(word, k);
        if d <= allowed && nearest.is_none_or(|(best, _)| d < best) {
            nearest = Some((d, k));
        }
        if prefixed.is_none() && length >= 3 && k.starts_with(word) {
            prefixed = Some(k);
        }
    }
    nearest.map(|(_, k)| k).or(prefixed)
}

/// Levenshtein distance, in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// A language's words: what opens a statement, what names a step, and the other
/// words it reserves, with the forms its help shows. The parser checks against them;
/// the editor colours them and the labs' help lists the forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Syntax {
    pub statements: &'static [&'static str],
    pub steps: &'static [&'static str],
    pub words: &'static [&'static str],
    pub forms: &'static [Form],
}

/// One way to write a statement or a step, and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Form {
    pub usage: &'static str,
    pub meaning: &'static str,
}

impl Syntax {
    /// True for any word of the language.
    pub fn reserves(&self, word: &str) -> bool {
        [self.statements, self.steps, self.words]
            .iter()
            .any(|list| list.contains(&word))
    }
}

#[cfg(test)]
mod tests {
    use super::{Diagnostic, MAX_ERRORS, Sink, suggest};

    #[test]
    fn suggestions_follow_one_rule() {
        let known = ["cpu", "io", "acquire", "release", "requests", "policy"];
        let cases = [
            ("cpuu", Some("cpu")),
            ("oi", None),
            ("aquire", Some("acquire")),
            ("relase", Some("release")),
            ("requets", Some("requests")),
            ("req", Some("requests")),
            ("polcy", Some("policy")),
            ("cpu", None),
            ("x", None),
            ("banana", None),
        ];
        for (word, expected) in cases {
            assert_eq!(suggest(word, known), expected, "{word}");
        }
    }

    #[test]
    fn the_sink_keeps_the_cap_and_sorts_by_place() {
        let mut sink = Sink::default();
        for i in 0..2 * MAX_ERRORS as u32 {
            sink.error(100 - i, 1, format!("error {i}"));
        }
        assert!(sink.full());
        let found = sink.finish().0;
        assert_eq!(found.len(), MAX_ERRORS);
        assert_eq!(
            found[0],
            Diagnostic {
                line: 100 - 49,
                col: 1,
                message: "error 49".into()
            }
        );
    }

    #[test]
    fn every_form_begins_with_a_word_of_its_language() {
        for syntax in [crate::SYNTAX, crate::program::SYNTAX] {
            for form in syntax.forms {
                let first = form
                    .usage
                    .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                    .next()
                    .unwrap_or_default();
                assert!(syntax.reserves(first), "{first:?} in {:?}", form.usage);
            }
        }
    }

    #[test]
    fn a_scanner_counts_columns_in_characters() {
        let mut s = super::Scanner::new("äb  <= 12x");
        assert_eq!(s.take_while(char::is_alphabetic), "äb");
        assert_eq!(s.col(), 3);
        s.take_while(char::is_whitespace);
        assert!(s.eat("<="));
        assert!(!s.eat("<="));
        assert_eq!((s.col(), s.offset()), (7, 7));
        s.bump();
        assert_eq!(s.take_while(|c| c.is_ascii_alphanumeric()), "12x");
        assert_eq!((s.peek(), s.col()), (None, 11));
    }
}
