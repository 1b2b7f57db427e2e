//! The scenario text format: a hand-written, line-oriented parser that reports every
//! error it can find at once, each with its line, column, what was expected and,
//! where it can, a suggestion.

use std::fmt;

use crate::model::{Limits, Lock, Policy, Queues, Scenario, Step, Task, Tick};

/// An error in a scenario, at a place in its text (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// The longest scenario text accepted, in bytes.
pub const MAX_TEXT: usize = 64 << 20;
const POLICIES: &[&str] = &["fcfs", "sjf", "srtf", "priority", "rr", "mlfq"];
const STATEMENTS: &[&str] = &["cores", "policy", "switch", "queues", "lock", "task"];
const STEPS: &[&str] = &["cpu", "io", "acquire", "release"];

/// Parses a scenario with the default limits.
pub fn parse(text: &str) -> Result<Scenario, Diagnostics> {
    parse_with(text, &Limits::default())
}

pub fn parse_with(text: &str, limits: &Limits) -> Result<Scenario, Diagnostics> {
    let mut p = Parser {
        limits,
        scenario: Scenario::default(),
        errors: Vec::new(),
        seen: Seen::default(),
        lock_uses: Vec::new(),
        task_lines: Vec::new(),
        task_names: std::collections::HashSet::new(),
        steps: 0,
    };
    if text.len() > MAX_TEXT {
        p.error(
            1,
            1,
            format!(
                "the scenario is {} bytes long; at most {MAX_TEXT} are accepted",
                text.len()
            ),
        );
        return Err(Diagnostics(p.errors));
    }
    for (index, line) in text.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        match tokenize(line) {
            Ok(tokens) if tokens.is_empty() => {}
            Ok(tokens) => p.statement(number, &tokens),
            Err(col) => p.error(
                number,
                col,
                format!("unexpected character {:?}", char_at(line, col)),
            ),
        }
        if p.errors.len() >= 50 {
            break;
        }
    }
    p.finish()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Number,
    Equals,
    Colon,
    Comma,
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    kind: Kind,
    text: &'a str,
    col: u32,
}

/// Splits a line into tokens; a comment runs from `#` to the end. On a character that
/// starts no token, returns its column.
fn tokenize(line: &str) -> Result<Vec<Token<'_>>, u32> {
    let mut tokens = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let col = column(line, i);
        let start = i;
        let kind = match c {
            b'#' => break,
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'=' => Kind::Equals,
            b':' => Kind::Colon,
            b',' => Kind::Comma,
            b'0'..=b'9' => {
                while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                tokens.push(Token {
                    kind: Kind::Number,
                    text: &line[start..i],
                    col,
                });
                continue;
            }
            b'A'..=b'Z' | b'a'..=b'z' | b'_' => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'-'))
                {
                    i += 1;
                }
                tokens.push(Token {
                    kind: Kind::Word,
                    text: &line[start..i],
                    col,
                });
                continue;
            }
            _ => return Err(col),
        };
        i += 1;
        tokens.push(Token {
            kind,
            text: &line[start..i],
            col,
        });
    }
    Ok(tokens)
}

/// The 1-based column (in characters) of byte offset `i`.
fn column(line: &str, i: usize) -> u32 {
    u32::try_from(line[..i].chars().count() + 1).unwrap_or(u32::MAX)
}

fn char_at(line: &str, col: u32) -> char {
    line.chars().nth(col as usize - 1).unwrap_or(' ')
}

#[derive(Default)]
struct Seen {
    cores: Option<u32>,
    policy: Option<u32>,
    switch: Option<u32>,
    queues: Option<u32>,
}

struct Parser<'l> {
    limits: &'l Limits,
    scenario: Scenario,
    errors: Vec<Diagnostic>,
    seen: Seen,
    /// Lock names used by steps, resolved at the end (locks may be declared anywhere).
    lock_uses: Vec<LockUse>,
    /// The line each task is declared on.
    task_lines: Vec<u32>,
    /// Declared task names, for the duplicate check (a scan would be quadratic).
    task_names: std::collections::HashSet<String>,
    steps: usize,
}

struct LockUse {
    task: usize,
    step: usize,
    name: String,
    line: u32,
    col: u32,
}

/// A statement failed; the error has been recorded.
struct Failed;

type Parsed<T> = Result<T, Failed>;

impl Parser<'_> {
    fn error(&mut self, line: u32, col: u32, message: String) {
        self.errors.push(Diagnostic { line, col, message });
    }

    /// Whether one more lock or task called `name` may be declared: not twice, and not
    /// beyond the limit.
    fn admit(
        &mut self,
        kind: &str,
        name: Token<'_>,
        taken: bool,
        count: usize,
        limit: usize,
        line: u32,
    ) -> Parsed<()> {
        if taken {
            return self.fail(
                line,
                name.col,
                format!("{kind} \"{}\" is declared twice", name.text),
            );
        }
        if count >= limit {
            return self.fail(line, name.col, format!("too many {kind}s: at most {limit}"));
        }
        Ok(())
    }

    fn fail<T>(&mut self, line: u32, col: u32, message: String) -> Parsed<T> {
        self.error(line, col, message);
        Err(Failed)
    }

    fn statement(&mut self, line: u32, tokens: &[Token<'_>]) {
        let head = tokens[0];
        let mut cursor = Cursor {
            tokens,
            pos: 1,
            line,
            end_col: end_col(tokens),
        };
        let _ = match head.text {
            _ if head.kind != Kind::Word => self.fail(
                line,
                head.col,
                format!(
                    "expected a statement ({}), found {:?}",
                    STATEMENTS.join(", "),
                    head.text
                ),
            ),
            "cores" => self.cores(&mut cursor, head),
            "policy" => self.policy(&mut cursor, head),
            "switch" => self.switch(&mut cursor, head),
            "queues" => self.queues(&mut cursor, head),
            "lock" => self.lock(&mut cursor),
            "task" => {
                let mark = self.lock_uses.len();
                let result = self.task(&mut cursor);
                if result.is_err() {
                    self.lock_uses.truncate(mark);
                }
                result
            }
            other => {
                let hint = suggest(other, STATEMENTS)
                    .map(|s| format!("; did you mean \"{s}\"?"))
                    .unwrap_or_else(|| format!("; expected one of {}", STATEMENTS.join(", ")));
                self.fail(
                    line,
                    head.col,
                    format!("unknown statement \"{other}\"{hint}"),
                )
            }
        };
    }

    fn once(
        &mut self,
        which: fn(&mut Seen) -> &mut Option<u32>,
        head: Token<'_>,
        line: u32,
    ) -> Parsed<()> {
        if let Some(first) = *which(&mut self.seen) {
            return self.fail(
                line,
                head.col,
                format!("\"{}\" is set twice (first on line {first})", head.text),
            );
        }
        *which(&mut self.seen) = Some(line);
        Ok(())
    }

    fn cores(&mut self, c: &mut Cursor<'_, '_>, head: Token<'_>) -> Parsed<()> {
        self.once(|s| &mut s.cores, head, c.line)?;
        let (n, col) = self.number(c, "the number of cores")?;
        self.end(c)?;
        if n == 0 || n > u64::from(self.limits.cores) {
            return self.fail(
                c.line,
                col,
                format!("cores must be between 1 and {}", self.limits.cores),
            );
        }
        self.scenario.cores = n as u32;
        Ok(())
    }

    fn switch(&mut self, c: &mut Cursor<'_, '_>, head: Token<'_>) -> Parsed<()> {
        self.once(|s| &mut s.switch, head, c.line)?;
        let (n, col) = self.number(c, "the context-switch cost in ticks")?;
        self.end(c)?;
        self.scenario.switch_cost = self.ticks(n, col, c.line)?;
        Ok(())
    }

    fn queues(&mut self, c: &mut Cursor<'_, '_>, head: Token<'_>) -> Parsed<()> {
        self.once(|s| &mut s.queues, head, c.line)?;
        let word = self.word(c, "\"global\" or \"per-core\"")?;
        self.scenario.queues = match word.text {
            "global" => Queues::Global,
            "per-core" => {
                let steal = match c.peek() {
                    Some(t) if t.text == "steal" => {
                        c.pos += 1;
                        true
                    }
                    _ => false,
                };
                Queues::PerCore { steal }
            }
            other => {
                return self.fail(
                    c.line,
                    word.col,
                    format!("unknown queues \"{other}\"; expected global, or per-core [steal]"),
                );
            }
        };
        self.end(c)
    }

    fn policy(&mut self, c: &mut Cursor<'_, '_>, head: Token<'_>) -> Parsed<()> {
        self.once(|s| &mut s.policy, head, c.line)?;
        let name = self.word(c, &format!("a policy ({})", POLICIES.join(", ")))?;
        let policy = match name.text {
            "fcfs" => Policy::Fcfs,
            "sjf" => Policy::Sjf,
            "srtf" => Policy::Srtf,
            "priority" => {
                let preemptive = match c.peek() {
                    Some(t) if t.text == "preemptive" => {
                        c.pos += 1;
                        true
                    }
                    _ => false,
                };
                Policy::Priority { preemptive }
            }
            "rr" => {
                let options = self.options(c, &["quantum"])?;
                let quantum = self.required(&options, "quantum", name, c.line, "rr quantum=2")?;
                Policy::RoundRobin {
                    quantum: self.positive(quantum, c.line)?,
                }
            }
            "mlfq" => {
                let options = self.options(c, &["levels", "quantum", "boost"])?;
                let levels = self.required(
                    &options,
                    "levels",
                    name,
                    c.line,
                    "mlfq levels=3 quantum=2 boost=50",
                )?;
                let quantum = self.required(
                    &options,
                    "quantum",
                    name,
                    c.line,
                    "mlfq levels=3 quantum=2 boost=50",
                )?;
                let boost = options
                    .iter()
                    .find(|o| o.0 == "boost")
                    .map_or((0, 0), |o| (o.1, o.2));
                let levels_n = self.positive(levels, c.line)?;
                if levels_n > u64::from(self.limits.mlfq_levels) {
                    return self.fail(
                        c.line,
                        levels.1,
                        format!("levels must be between 1 and {}", self.limits.mlfq_levels),
                    );
                }
                Policy::Mlfq {
                    levels: levels_n as u32,
                    quantum: self.positive(quantum, c.line)?,
                    boost: self.ticks(boost.0, boost.1, c.line)?,
                }
            }
            other => {
                let hint = suggest(other, POLICIES)
                    .map(|s| format!(" (did you mean \"{s}\"?)"))
                    .unwrap_or_default();
                return self.fail(
                    c.line,
                    name.col,
                    format!(
                        "unknown policy \"{other}\"; expected one of {}{hint}",
                        POLICIES.join(", ")
                    ),
                );
            }
        };
        self.end(c)?;
        self.scenario.policy = policy;
        Ok(())
    }

    fn lock(&mut self, c: &mut Cursor<'_, '_>) -> Parsed<()> {
        let name = self.word(c, "the lock's name")?;
        let options = self.options(c, &["permits"])?;
        self.end(c)?;
        let permits = match options.first() {
            Some(&(_, n, col)) if n == 0 || n > u64::from(u32::MAX) => {
                return self.fail(c.line, col, "permits must be at least 1".into());
            }
            Some(&(_, n, _)) => n as u32,
            None => 1,
        };
        let taken = self.scenario.locks.iter().any(|l| l.name == name.text);
        let count = self.scenario.locks.len();
        self.admit("lock", name, taken, count, self.limits.locks, c.line)?;
        self.scenario.locks.push(Lock {
            name: name.text.into(),
            permits,
        });
        Ok(())
    }

    fn task(&mut self, c: &mut Cursor<'_, '_>) -> Parsed<()> {
        let name = self.word(c, "the task's name")?;
        let options = self.options(c, &["arrive", "priority"])?;
        match c.next() {
            Some(t) if t.kind == Kind::Colon => {}
            other => {
                let col = other.map_or(c.end_col, |t| t.col);
                return self.fail(c.line, col, "expected \":\" and then the task's steps (task NAME [arrive=T] [priority=P]: cpu 3, io 2)".into());
            }
        }
        let mut task = Task {
            name: name.text.into(),
            arrive: 0,
            priority: 0,
            steps: Vec::new(),
        };
        for &(key, n, col) in &options {
            match key {
                "arrive" => task.arrive = self.ticks(n, col, c.line)?,
                _ => {
                    if n > u64::from(u32::MAX) {
                        return self.fail(
                            c.line,
                            col,
                            format!("priority must be at most {}", u32::MAX),
                        );
                    }
                    task.priority = n as u32;
                }
            }
        }
        let index = self.scenario.tasks.len();
        loop {
            let kind = self.word(c, &format!("a step ({})", STEPS.join(", ")))?;
            let step = match kind.text {
                "cpu" | "io" => {
                    let (n, col) = self.number(c, "the step's length in ticks")?;
                    let n = self.positive((n, col), c.line)?;
                    if kind.text == "cpu" {
                        Step::Cpu(n)
                    } else {
                        Step::Io(n)
                    }
                }
                "acquire" | "release" => {
                    let lock = self.word(c, "a lock's name")?;
                    self.lock_uses.push(LockUse {
                        task: index,
                        step: task.steps.len(),
                        name: lock.text.into(),
                        line: c.line,
                        col: lock.col,
                    });
                    if kind.text == "acquire" {
                        Step::Acquire(usize::MAX)
                    } else {
                        Step::Release(usize::MAX)
                    }
                }
                other => {
                    let hint = suggest(other, STEPS)
                        .map(|s| format!("; did you mean \"{s}\"?"))
                        .unwrap_or_default();
                    return self.fail(
                        c.line,
                        kind.col,
                        format!(
                            "unknown step \"{other}\"; expected one of {}{hint}",
                            STEPS.join(", ")
                        ),
                    );
                }
            };
            task.steps.push(step);
            match c.next() {
                None => break,
                Some(t) if t.kind == Kind::Comma => {}
                Some(t) => {
                    return self.fail(
                        c.line,
                        t.col,
                        format!("expected \",\" between steps, found {:?}", t.text),
                    );
                }
            }
        }
        let taken = self.task_names.contains(&task.name);
        let count = self.scenario.tasks.len();
        self.admit("task", name, taken, count, self.limits.tasks, c.line)?;
        self.steps += task.steps.len();
        if self.steps > self.limits.steps {
            return self.fail(
                c.line,
                name.col,
                format!("too many steps in all: at most {}", self.limits.steps),
            );
        }
        self.task_names.insert(task.name.clone());
        self.scenario.tasks.push(task);
        self.task_lines.push(c.line);
        Ok(())
    }

    /// `key=value` options, in any order, each at most once, from the allowed keys.
    fn options<'a>(
        &mut self,
        c: &mut Cursor<'a, '_>,
        allowed: &[&str],
    ) -> Parsed<Vec<(&'a str, u64, u32)>> {
        let mut found: Vec<(&'a str, u64, u32)> = Vec::new();
        while let Some(key) = c.peek() {
            if key.kind != Kind::Word
                || c.tokens
                    .get(c.pos + 1)
                    .is_none_or(|t| t.kind != Kind::Equals)
            {
                break;
            }
            c.pos += 2;
            if !allowed.contains(&key.text) {
                let hint = suggest(key.text, allowed)
                    .map(|s| format!("; did you mean \"{s}\"?"))
                    .unwrap_or_default();
                return self.fail(
                    c.line,
                    key.col,
                    format!(
                        "unknown option \"{}\"; expected {}{hint}",
                        key.text,
                        allowed.join(", ")
                    ),
                );
            }
            if found.iter().any(|f| f.0 == key.text) {
                return self.fail(
                    c.line,
                    key.col,
                    format!("option \"{}\" is given twice", key.text),
                );
            }
            let (n, col) = self.number(c, &format!("a number after \"{}=\"", key.text))?;
            found.push((key.text, n, col));
        }
        Ok(found)
    }

    fn required(
        &mut self,
        options: &[(&str, u64, u32)],
        key: &str,
        at: Token<'_>,
        line: u32,
        example: &str,
    ) -> Parsed<(u64, u32)> {
        match options.iter().find(|o| o.0 == key) {
            Some(&(_, n, col)) => Ok((n, col)),
            None => self.fail(
                line,
                at.col,
                format!(
                    "\"{}\" needs {key}=N, for example \"policy {example}\"",
                    at.text
                ),
            ),
        }
    }

    fn word<'a>(&mut self, c: &mut Cursor<'a, '_>, what: &str) -> Parsed<Token<'a>> {
        match c.next() {
            Some(t) if t.kind == Kind::Word => Ok(t),
            Some(t) => self.fail(
                c.line,
                t.col,
                format!("expected {what}, found {:?}", t.text),
            ),
            None => self.fail(
                c.line,
                c.end_col,
                format!("expected {what} at the end of the line"),
            ),
        }
    }

    fn number(&mut self, c: &mut Cursor<'_, '_>, what: &str) -> Parsed<(u64, u32)> {
        match c.next() {
            Some(t) if t.kind == Kind::Number => match t.text.parse::<u64>() {
                Ok(n) => Ok((n, t.col)),
                Err(_) if t.text.bytes().all(|b| b.is_ascii_digit()) => {
                    self.fail(c.line, t.col, format!("{} is too large", t.text))
                }
                Err(_) => self.fail(
                    c.line,
                    t.col,
                    format!(
                        "expected {what} (a whole number of ticks), found {:?}",
                        t.text
                    ),
                ),
            },
            Some(t) => self.fail(
                c.line,
                t.col,
                format!("expected {what}, found {:?}", t.text),
            ),
            None => self.fail(
                c.line,
                c.end_col,
                format!("expected {what} at the end of the line"),
            ),
        }
    }

    fn ticks(&mut self, n: u64, col: u32, line: u32) -> Parsed<Tick> {
        if n > self.limits.ticks {
            return self.fail(
                line,
                col,
                format!("{n} ticks is more than the limit of {}", self.limits.ticks),
            );
        }
        Ok(n)
    }

    fn positive(&mut self, (n, col): (u64, u32), line: u32) -> Parsed<Tick> {
        if n == 0 {
            return self.fail(line, col, "must be at least 1 tick".into());
        }
        self.ticks(n, col, line)
    }

    fn end(&mut self, c: &mut Cursor<'_, '_>) -> Parsed<()> {
        match c.next() {
            None => Ok(()),
            Some(t) => self.fail(
                c.line,
                t.col,
                format!("unexpected {:?} at the end of the statement", t.text),
            ),
        }
    }

    /// Resolves lock names and checks that each task releases only what it holds.
    fn finish(mut self) -> Result<Scenario, Diagnostics> {
        for u in std::mem::take(&mut self.lock_uses) {
            let Some(task) = self.scenario.tasks.get_mut(u.task) else {
                continue; // the task itself had an error
            };
            match self.scenario.locks.iter().position(|l| l.name == u.name) {
                Some(lock) => match &mut task.steps[u.step] {
                    Step::Acquire(l) | Step::Release(l) => *l = lock,
                    _ => {}
                },
                None => {
                    let names: Vec<&str> = self
                        .scenario
                        .locks
                        .iter()
                        .map(|l| l.name.as_str())
                        .collect();
                    let hint = suggest(&u.name, &names)
                        .map(|s| format!("; did you mean \"{s}\"?"))
                        .unwrap_or_else(|| format!("; declare it with \"lock {}\"", u.name));
                    self.errors.push(Diagnostic {
                        line: u.line,
                        col: u.col,
                        message: format!("unknown lock \"{}\"{hint}", u.name),
                    });
                }
            }
        }
        if self.errors.is_empty() {
            self.check_releases();
        }
        if self.errors.is_empty() {
            Ok(self.scenario)
        } else {
            self.errors.sort_by_key(|d| (d.line, d.col));
            Err(Diagnostics(self.errors))
        }
    }

    fn check_releases(&mut self) {
        let mut held = vec![0u64; self.scenario.locks.len()];
        for (index, task) in self.scenario.tasks.iter().enumerate() {
            held.iter_mut().for_each(|h| *h = 0);
            for step in &task.steps {
                match *step {
                    Step::Acquire(l) => held[l] += 1,
                    Step::Release(l) if held[l] == 0 => {
                        let line = self.task_line(index);
                        self.errors.push(Diagnostic {
                            line,
                            col: 1,
                            message: format!(
                                "task \"{}\" releases lock \"{}\" without holding it",
                                task.name, self.scenario.locks[l].name
                            ),
                        });
                        break;
                    }
                    Step::Release(l) => held[l] -= 1,
                    _ => {}
                }
            }
        }
    }

    fn task_line(&self, index: usize) -> u32 {
        self.task_lines.get(index).copied().unwrap_or(1)
    }
}

struct Cursor<'a, 't> {
    tokens: &'t [Token<'a>],
    pos: usize,
    line: u32,
    end_col: u32,
}

impl<'a> Cursor<'a, '_> {
    fn next(&mut self) -> Option<Token<'a>> {
        let t = self.tokens.get(self.pos).copied();
        self.pos += 1;
        t
    }

    fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.pos).copied()
    }
}

fn end_col(tokens: &[Token<'_>]) -> u32 {
    tokens
        .last()
        .map_or(1, |t| t.col + t.text.chars().count() as u32)
}

/// The closest of `known` to `word`, if it is close enough to be a likely typo.
fn suggest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (distance(word, k), *k))
        .filter(|(d, k)| *d <= 2 && *d < k.len().max(word.len()))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance (short words only).
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
