//! The program text format: pseudo-code with Python-like indentation. Every error is
//! reported at its line and column, as many as can be found at once.
//!
//! ```text
//! shared count = 0          # a shared variable and its initial value
//! mutex m                   # also: semaphore s = 2, condition c
//! thread A:                 # a thread; its body is indented
//!     lock m
//!     t = count             # t is A's own (local) variable
//!     count = t + 1
//!     unlock m
//! always "label": expr      # checked in every state
//! finally "label": expr     # checked when every thread has finished
//! goal "label": expr        # what the play view asks for (`done`, `deadlock` allowed)
//! ```

use std::collections::HashMap;

use super::{
    BinOp, Expr, Instr, Layout, Name, Op, Place, Program, Property, PropertyKind, Semaphore,
    Shared, Thread, Value,
};
use crate::syntax::{Cursor, Diagnostic, Diagnostics, Form, Scanner, Sink, Syntax, suggest};

/// The longest program text accepted, in bytes.
pub const MAX_PROGRAM_TEXT: usize = 256 * 1024;
/// At most this many threads: a schedule writes each step as one base-36 digit.
pub const MAX_THREADS: usize = 36;
const MAX_STEPS: usize = 10_000;
const MAX_NAMES: usize = 1_000;
const MAX_LOCALS: usize = 64;
const MAX_DEPTH: usize = 32;
/// Bounds the depth of an expression's tree (evaluating it recurses).
const MAX_TOKENS: usize = 200;

/// The program language's words: what opens a declaration, what names a step, and
/// the other words it reserves. No name may be one of them.
pub const SYNTAX: Syntax = Syntax {
    statements: &[
        "shared",
        "mutex",
        "semaphore",
        "condition",
        "thread",
        "always",
        "finally",
        "goal",
    ],
    steps: &[
        "lock",
        "unlock",
        "acquire",
        "release",
        "wait",
        "signal",
        "broadcast",
        "fetch_add",
        "assert",
        "skip",
    ],
    words: &[
        "if", "else", "while", "and", "or", "not", "done", "deadlock",
    ],
    forms: &[
        Form {
            usage: "shared NAME = V, ...",
            meaning: "Variables every thread sees.",
        },
        Form {
            usage: "mutex M; semaphore S = K; condition C",
            meaning: "A lock, a bowl of K keys, a place to wait for a signal.",
        },
        Form {
            usage: "thread NAME:",
            meaning: "A thread; its steps follow, indented. Its own variables need no declaration.",
        },
        Form {
            usage: "lock M; unlock M; acquire S; release S; x = expr",
            meaning: "Steps; each is atomic, and the scheduler may switch threads between any two.",
        },
        Form {
            usage: "wait C, M; signal C; broadcast C; fetch_add(x, n); assert expr; skip",
            meaning: "Wait on a condition (releasing M meanwhile), wake one or all waiters, an atomic add, a check.",
        },
        Form {
            usage: "if expr:, else:, while expr:",
            meaning: "Choice and loops, their bodies indented.",
        },
        Form {
            usage: "always \"label\": expr, finally \"label\": expr, goal \"label\": expr",
            meaning: "Checked in every state, at the end, or sought by the explorer (done, deadlock allowed).",
        },
    ],
};

/// What may start a line of a thread's body.
fn step_words() -> impl Iterator<Item = &'static str> {
    SYNTAX.steps.iter().chain(&["if", "else", "while"]).copied()
}

/// Parses a program.
pub fn parse(text: &str) -> Result<Program, Diagnostics> {
    if text.len() > MAX_PROGRAM_TEXT {
        return Err(Diagnostics(vec![Diagnostic {
            line: 1,
            col: 1,
            message: format!(
                "the program is {} bytes long; at most {MAX_PROGRAM_TEXT} are accepted",
                text.len()
            ),
        }]));
    }
    let mut p = Parser::default();
    let mut lines = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        match tokenize(raw) {
            Ok(tokens) if tokens.is_empty() => {}
            Ok(tokens) => lines.push(Line {
                number,
                indent: indent_of(raw),
                tokens,
                text: raw.trim().to_string(),
                code: strip_comment(raw).trim().to_string(),
            }),
            Err((col, message)) => p.error(number, col, message),
        }
    }
    p.declarations(&lines);
    p.bodies(&lines);
    if p.errors.is_empty() && p.program.threads.is_empty() {
        p.error(
            1,
            1,
            "a program needs at least one thread: write \"thread A:\" and its steps, indented, below it"
                .into(),
        );
    }
    if !p.errors.is_empty() {
        return Err(p.errors.finish());
    }
    p.program.layout = layout(&p.program);
    Ok(p.program)
}

fn layout(program: &Program) -> Layout {
    let threads = program.threads.len();
    let mut at = 0;
    let mut take = |n: usize| {
        let start = at;
        at += n;
        start
    };
    let pc = take(threads);
    // Only a program with conditions needs the wait slots (a smaller state otherwise).
    let waits = !program.conditions.is_empty();
    let wait = take(if waits { threads } else { 0 });
    let locals = program
        .threads
        .iter()
        .map(|t| take(t.locals.len()))
        .collect();
    let shared = take(program.shared.len());
    let owners = take(program.mutexes.len());
    let permits = take(program.semaphores.len());
    let fault = take(2);
    Layout {
        pc,
        waits,
        wait,
        locals,
        shared,
        owners,
        permits,
        fault,
        width: at,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Number(i64),
    Str(String),
    Sym(&'static str),
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    col: u32,
}

struct Line {
    number: u32,
    indent: u32,
    tokens: Vec<Token>,
    /// The line as written, comment included (for listings).
    text: String,
    /// The line without its comment (for steps and error columns).
    code: String,
}

/// A line up to its comment (a `#` outside a quoted label).
fn strip_comment(line: &str) -> &str {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '#' if !quoted => return &line[..i],
            _ => {}
        }
    }
    line
}

/// Columns of leading white space; a tab goes to the next multiple of 4.
fn indent_of(line: &str) -> u32 {
    let mut width = 0;
    for c in line.chars() {
        match c {
            ' ' => width += 1,
            '\t' => width = (width / 4 + 1) * 4,
            _ => break,
        }
    }
    width
}

const SYMBOLS: &[&str] = &[
    "==", "!=", "<=", ">=", "&&", "||", "<", ">", "+", "-", "*", "/", "%", "=", "(", ")", ",", ":",
    "!",
];

fn tokenize(line: &str) -> Result<Vec<Token>, (u32, String)> {
    let mut tokens = Vec::new();
    let mut s = Scanner::new(line);
    loop {
        s.take_while(char::is_whitespace);
        let col = s.col();
        let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        let tok = match s.peek() {
            None | Some('#') => break,
            Some(c) if c.is_ascii_digit() => {
                let text = s.take_while(word);
                let digits: String = text.chars().filter(|&d| d != '_').collect();
                let n = digits
                    .parse::<i64>()
                    .ok()
                    .filter(|n| Value::try_from(*n).is_ok())
                    .ok_or_else(|| {
                        let range = format!("from {} to {}", Value::MIN, Value::MAX);
                        (col, format!("\"{text}\" is not a number {range}"))
                    })?;
                Tok::Number(n)
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                Tok::Ident(s.take_while(word).to_string())
            }
            Some('"') => {
                s.bump();
                let text = s.take_while(|c| c != '"').to_string();
                if !s.eat("\"") {
                    return Err((col, "this text has no closing \"".into()));
                }
                Tok::Str(text)
            }
            Some(c) => match SYMBOLS.iter().find(|sym| s.eat(sym)) {
                Some(sym) => Tok::Sym(sym),
                None => {
                    let why = match crate::parse::fraction_at(line, col) {
                        Some(number) => format!(
                            "{number} is not a whole number: a program's variables hold whole numbers"
                        ),
                        None => format!("unexpected character {c:?}"),
                    };
                    return Err((col, why));
                }
            },
        };
        tokens.push(Token { tok, col });
    }
    if tokens.len() > MAX_TOKENS {
        return Err((
            tokens[MAX_TOKENS].col,
            format!("a line may hold at most {MAX_TOKENS} words and symbols"),
        ));
    }
    Ok(tokens)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Shared(usize),
    Mutex(usize),
    Semaphore(usize),
    Condition(usize),
    Thread(usize),
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Shared(_) => "a shared variable",
            Kind::Mutex(_) => "a mutex",
            Kind::Semaphore(_) => "a semaphore",
            Kind::Condition(_) => "a condition",
            Kind::Thread(_) => "a thread",
        }
    }
}

#[derive(Default)]
struct Parser {
    program: Program,
    errors: Sink,
    names: HashMap<String, Kind>,
}

type Located<T> = Result<T, (u32, String)>;

impl crate::syntax::Located for Token {
    fn col(&self) -> u32 {
        self.col
    }
}

/// A cursor at the start of a line's tokens.
fn cursor(line: &Line) -> Cursor<'_, Token> {
    let end = line.indent + u32::try_from(line.code.chars().count()).unwrap_or(0) + 1;
    Cursor::new(&line.tokens, line.number, end)
}

impl<'a> Cursor<'a, Token> {
    /// Takes the word that starts a line, with its column: None at the end of the line,
    /// an error (`what` the token is instead) on anything else.
    fn leading_word(
        &mut self,
        what: impl FnOnce(&Tok) -> String,
    ) -> Located<Option<(&'a str, u32)>> {
        match self.peek() {
            Some(Token {
                tok: Tok::Ident(w),
                col,
            }) => {
                self.at += 1;
                Ok(Some((w.as_str(), *col)))
            }
            Some(t) => Err((t.col, what(&t.tok))),
            None => Ok(None),
        }
    }
    fn is_sym(&self, sym: &str) -> bool {
        matches!(self.peek(), Some(Token { tok: Tok::Sym(s), .. }) if *s == sym)
    }
    fn is_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token { tok: Tok::Ident(s), .. }) if s == word)
    }
    fn expect_sym(&mut self, sym: &str, what: &str) -> Located<()> {
        if self.is_sym(sym) {
            self.at += 1;
            Ok(())
        } else {
            Err((self.col(), format!("expected \"{sym}\" {what}")))
        }
    }
    fn ident(&mut self, what: &str) -> Located<(&'a str, u32)> {
        match self.peek() {
            Some(Token {
                tok: Tok::Ident(s),
                col,
            }) => {
                self.at += 1;
                Ok((s.as_str(), *col))
            }
            _ => Err((self.col(), format!("expected {what}"))),
        }
    }
    fn number(&mut self, what: &str) -> Located<Value> {
        let negative = self.is_sym("-");
        if negative {
            self.at += 1;
        }
        match self.peek() {
            Some(Token {
                tok: Tok::Number(n),
                ..
            }) => {
                self.at += 1;
                let n = if negative { -n } else { *n };
                Value::try_from(n).map_err(|_| (self.col(), format!("{n} is out of range")))
            }
            _ => Err((self.col(), format!("expected {what}"))),
        }
    }
    fn end(&self, what: &str) -> Located<()> {
        match self.peek() {
            None => Ok(()),
            Some(t) => Err((
                t.col,
                format!("unexpected {} after {what}", describe(&t.tok)),
            )),
        }
    }
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Ident(s) => format!("\"{s}\""),
        Tok::Number(n) => format!("number {n}"),
        Tok::Str(s) => format!("text \"{s}\""),
        Tok::Sym(s) => format!("\"{s}\""),
    }
}

impl Parser {
    fn error(&mut self, line: u32, col: u32, message: String) {
        self.errors.error(line, col, message);
    }

    fn declare(&mut self, name: &str, kind: Kind, line: u32, col: u32) -> bool {
        if SYNTAX.reserves(name) {
            self.error(
                line,
                col,
                format!("\"{name}\" is a word of the language; choose another name"),
            );
            return false;
        }
        if self.names.len() >= MAX_NAMES {
            self.error(line, col, format!("at most {MAX_NAMES} names are allowed"));
            return false;
        }
        if let Some(previous) = self.names.get(name) {
            self.error(
                line,
                col,
                format!("\"{name}\" is already {}", previous.word()),
            );
            return false;
        }
        self.names.insert(name.to_string(), kind);
        true
    }

    /// Declares `name` as the next entry of one of the program's lists (`kind` of its
    /// index), and adds `entry` to that list when the name is free.
    fn declare_next<T>(
        &mut self,
        (name, at): (&str, u32),
        line: u32,
        kind: fn(usize) -> Kind,
        list: fn(&mut Program) -> &mut Vec<T>,
        entry: T,
    ) {
        let index = list(&mut self.program).len();
        if self.declare(name, kind(index), line, at) {
            list(&mut self.program).push(entry);
        }
    }

    /// First pass: every top-level declaration, so that names may be used before the
    /// line that declares them.
    fn declarations(&mut self, lines: &[Line]) {
        for line in lines.iter().filter(|l| l.indent == 0) {
            if let Err((col, message)) = self.declaration(line) {
                self.error(line.number, col, message);
            }
        }
    }

    fn declaration(&mut self, line: &Line) -> Located<()> {
        let mut c = cursor(line);
        let (word, col) = match c.leading_word(|_| {
            "expected a declaration (shared, mutex, semaphore, condition), a thread, or a property (always, finally, goal)".into()
        })? {
            Some(found) => found,
            None => return Ok(()),
        };
        match word {
            "shared" => loop {
                let (name, at) = c.ident("a variable's name, as in \"shared count = 0\"")?;
                let initial = if c.is_sym("=") {
                    c.next();
                    c.number("its initial value, a whole number")?
                } else {
                    0
                };
                let entry = Shared {
                    name: name.into(),
                    initial,
                    line: line.number,
                };
                self.declare_next(
                    (name, at),
                    line.number,
                    Kind::Shared,
                    |p| &mut p.shared,
                    entry,
                );
                if !c.is_sym(",") {
                    return c.end("the declaration");
                }
                c.next();
            },
            "mutex" | "condition" => loop {
                let (name, at) = c.ident(&format!("a {word}'s name"))?;
                let entry = Name {
                    name: name.into(),
                    line: line.number,
                };
                if word == "mutex" {
                    self.declare_next(
                        (name, at),
                        line.number,
                        Kind::Mutex,
                        |p| &mut p.mutexes,
                        entry,
                    );
                } else {
                    let list: fn(&mut Program) -> &mut Vec<Name> = |p| &mut p.conditions;
                    self.declare_next((name, at), line.number, Kind::Condition, list, entry);
                }
                if !c.is_sym(",") {
                    return c.end("the declaration");
                }
                c.next();
            },
            "semaphore" => {
                let (name, at) = c.ident("a semaphore's name, as in \"semaphore pool = 2\"")?;
                c.expect_sym(
                    "=",
                    "and the number of permits, as in \"semaphore pool = 2\"",
                )?;
                let permits = c.number("the number of permits, a whole number")?;
                if permits < 0 {
                    self.error(
                        line.number,
                        at,
                        "a semaphore cannot start with fewer than 0 permits".into(),
                    );
                }
                let entry = Semaphore {
                    name: name.into(),
                    permits: permits.max(0),
                    line: line.number,
                };
                let list: fn(&mut Program) -> &mut Vec<Semaphore> = |p| &mut p.semaphores;
                self.declare_next((name, at), line.number, Kind::Semaphore, list, entry);
                c.end("the declaration")
            }
            "thread" => {
                let (name, at) = c.ident("the thread's name, as in \"thread A:\"")?;
                c.expect_sym(":", "after the thread's name")?;
                c.end("\"thread NAME:\" (its steps go on the lines below, indented)")?;
                if self.program.threads.len() >= MAX_THREADS {
                    return Err((at, format!("at most {MAX_THREADS} threads are allowed")));
                }
                let entry = Thread {
                    name: name.into(),
                    line: line.number,
                    locals: Vec::new(),
                    code: Vec::new(),
                    listing: Vec::new(),
                };
                self.declare_next(
                    (name, at),
                    line.number,
                    Kind::Thread,
                    |p| &mut p.threads,
                    entry,
                );
                Ok(())
            }
            "always" | "finally" | "goal" => Ok(()), // after the names are known
            _ if c.is_sym(":") && c.tokens.len() == 2 => Err((
                col,
                format!("expected \"thread {word}:\" to declare a thread"),
            )),
            _ => {
                let hint = match suggest(word, SYNTAX.statements.iter().copied()) {
                    Some(s) => format!("; did you mean \"{s}\"?"),
                    None if step_words().any(|w| w == word) || c.is_sym("=") => {
                        "; steps belong to a thread: indent them under \"thread NAME:\"".into()
                    }
                    None => String::new(),
                };
                Err((
                    col,
                    format!(
                        "\"{word}\" does not start a declaration (shared, mutex, semaphore, condition, thread, always, finally, goal){hint}"
                    ),
                ))
            }
        }
    }

    /// Second pass: thread bodies and properties.
    fn bodies(&mut self, lines: &[Line]) {
        let mut i = 0;
        let mut thread = 0;
        while i < lines.len() {
            let line = &lines[i];
            if line.indent > 0 {
                if i == 0 || !self.errors.iter().any(|e| e.line == line.number) {
                    self.error(
                        line.number,
                        1,
                        "this line is indented but belongs to no thread: put \"thread NAME:\" above it"
                            .into(),
                    );
                }
                i += 1;
                continue;
            }
            let word = match line.tokens.first() {
                Some(Token {
                    tok: Tok::Ident(w), ..
                }) => w.as_str(),
                _ => "",
            };
            match word {
                "thread" => {
                    let end = lines[i + 1..]
                        .iter()
                        .position(|l| l.indent == 0)
                        .map_or(lines.len(), |n| i + 1 + n);
                    let declared = matches!(
                        line.tokens.get(1),
                        Some(Token { tok: Tok::Ident(name), .. })
                            if self.program.threads.get(thread).is_some_and(|t| &t.name == name)
                    );
                    if declared {
                        self.thread(thread, line, &lines[i + 1..end]);
                        thread += 1;
                    }
                    i = end;
                }
                "always" | "finally" | "goal" => {
                    if let Err((col, message)) = self.property(line) {
                        self.error(line.number, col, message);
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }

    fn property(&mut self, line: &Line) -> Located<()> {
        let mut c = cursor(line);
        let Some(Token {
            tok: Tok::Ident(word),
            col,
        }) = c.next()
        else {
            return Ok(());
        };
        let kind = match word.as_str() {
            "always" => PropertyKind::Always,
            "finally" => PropertyKind::Finally,
            _ => PropertyKind::Goal,
        };
        let label = match c.peek() {
            Some(Token {
                tok: Tok::Str(s), ..
            }) => {
                c.next();
                c.expect_sym(":", "between the label and the condition")?;
                Some(s.clone())
            }
            _ => {
                if c.is_sym(":") {
                    c.next();
                }
                None
            }
        };
        let start = c.col();
        if c.peek().is_none() {
            return Err((
                c.col(),
                format!("expected a condition, as in \"{word} \\\"label\\\": count == 2\""),
            ));
        }
        let scope = Scope {
            parser: self,
            locals: None,
            property: true,
        };
        let expr = scope.expr(&mut c, 0)?;
        c.end("the condition")?;
        let label = label.unwrap_or_else(|| {
            line.code
                .chars()
                .skip(usize::try_from(start - 1).unwrap_or(0))
                .collect::<String>()
                .trim()
                .to_string()
        });
        let property = Property {
            kind,
            label,
            expr,
            line: line.number,
        };
        if kind == PropertyKind::Goal {
            if self.program.goal.is_some() {
                return Err((*col, "a program has at most one goal".into()));
            }
            self.program.goal = Some(property);
        } else {
            self.program.properties.push(property);
        }
        Ok(())
    }

    fn thread(&mut self, index: usize, header: &Line, body: &[Line]) {
        if body.is_empty() {
            self.error(
                header.number,
                header.indent + 1,
                format!(
                    "thread {} has no steps: write them on the lines below, indented",
                    self.program.threads[index].name
                ),
            );
            return;
        }
        // Locals are the names a thread assigns that are not shared.
        let mut locals: Vec<String> = Vec::new();
        for line in body {
            let assigned = match line.tokens.as_slice() {
                [
                    Token {
                        tok: Tok::Ident(name),
                        ..
                    },
                    Token {
                        tok: Tok::Sym("="), ..
                    },
                    ..,
                ] => Some(name),
                _ => None,
            };
            if let Some(name) = assigned
                && !self.names.contains_key(name)
                && !SYNTAX.reserves(name)
                && !locals.contains(name)
                && locals.len() < MAX_LOCALS
            {
                locals.push(name.clone());
            }
        }
        let base = body[0].indent;
        let mut code = Vec::new();
        let listing = body
            .iter()
            .map(|l| {
                let extra = l.indent.saturating_sub(base) as usize;
                (l.number, format!("{}{}", " ".repeat(extra), l.text))
            })
            .collect();
        let mut block = Block { lines: body, at: 0 };
        self.block(&mut block, base, &locals, &mut code, 0);
        if code.len() > MAX_STEPS {
            self.error(
                header.number,
                1,
                format!("a thread may have at most {MAX_STEPS} steps"),
            );
        }
        let thread = &mut self.program.threads[index];
        thread.locals = locals;
        thread.code = code;
        thread.listing = listing;
    }

    /// Compiles the lines of one block (all at indentation `indent`) onto `code`.
    fn block(
        &mut self,
        b: &mut Block<'_>,
        indent: u32,
        locals: &[String],
        code: &mut Vec<Instr>,
        depth: usize,
    ) {
        while let Some(line) = b.lines.get(b.at) {
            if line.indent < indent {
                return;
            }
            if line.indent > indent {
                self.error(
                    line.number,
                    indent + 1,
                    "this line is indented more than the one above, which opens no block (only \"if\", \"else\" and \"while\" do)".into(),
                );
                b.at += 1;
                continue;
            }
            b.at += 1;
            if code.len() > MAX_STEPS {
                return;
            }
            let mut c = cursor(line);
            let head = match c.peek() {
                Some(Token {
                    tok: Tok::Ident(w), ..
                }) => w.as_str(),
                _ => "",
            };
            match head {
                "if" | "while" => {
                    let col = c.col();
                    c.next();
                    let cond = self.condition(&mut c, locals, head);
                    let branch_at = code.len();
                    code.push(Instr {
                        op: Op::Skip,
                        line: line.number,
                        text: line.code.clone(),
                    });
                    self.nested(b, line, indent, locals, code, depth, col);
                    if head == "while" {
                        code.push(Instr {
                            op: Op::Jump(branch_at),
                            line: line.number,
                            text: line.code.clone(),
                        });
                        code[branch_at].op = Op::Branch(cond.unwrap_or(Expr::Const(0)), code.len());
                    } else {
                        let is_else = b.lines.get(b.at).is_some_and(|l| {
                            l.indent == indent
                                && matches!(l.tokens.first(), Some(Token { tok: Tok::Ident(w), .. }) if w == "else")
                        });
                        if is_else {
                            let else_line = &b.lines[b.at];
                            b.at += 1;
                            let jump_at = code.len();
                            code.push(Instr {
                                op: Op::Jump(0),
                                line: else_line.number,
                                text: else_line.code.clone(),
                            });
                            code[branch_at].op =
                                Op::Branch(cond.unwrap_or(Expr::Const(0)), code.len());
                            let mut ec = cursor(else_line);
                            ec.next();
                            if let Err((col, m)) = ec
                                .expect_sym(":", "after \"else\"")
                                .and_then(|()| ec.end("\"else:\""))
                            {
                                self.error(else_line.number, col, m);
                            }
                            self.nested(
                                b,
                                else_line,
                                indent,
                                locals,
                                code,
                                depth,
                                else_line.indent + 1,
                            );
                            code[jump_at].op = Op::Jump(code.len());
                        } else {
                            code[branch_at].op =
                                Op::Branch(cond.unwrap_or(Expr::Const(0)), code.len());
                        }
                    }
                }
                "else" => {
                    self.error(
                        line.number,
                        c.col(),
                        "\"else\" without an \"if\" just above it (at the same indentation)".into(),
                    );
                    // Skip its block.
                    while b.lines.get(b.at).is_some_and(|l| l.indent > indent) {
                        b.at += 1;
                    }
                }
                _ => match self.step(&mut c, locals) {
                    Ok(op) => code.push(Instr {
                        op,
                        line: line.number,
                        text: line.code.clone(),
                    }),
                    Err((col, message)) => self.error(line.number, col, message),
                },
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn nested(
        &mut self,
        b: &mut Block<'_>,
        header: &Line,
        indent: u32,
        locals: &[String],
        code: &mut Vec<Instr>,
        depth: usize,
        col: u32,
    ) {
        match b.lines.get(b.at) {
            Some(next) if next.indent > indent => {
                if depth >= MAX_DEPTH {
                    self.error(
                        header.number,
                        col,
                        format!("blocks may be nested at most {MAX_DEPTH} deep"),
                    );
                    while b.lines.get(b.at).is_some_and(|l| l.indent > indent) {
                        b.at += 1;
                    }
                    return;
                }
                let inner = next.indent;
                self.block(b, inner, locals, code, depth + 1);
            }
            _ => self.error(
                header.number,
                col,
                "this block is empty: indent its steps below it (write \"skip\" for a step that does nothing)".into(),
            ),
        }
    }

    /// The condition of `if`/`while`, up to its colon.
    fn condition(
        &mut self,
        c: &mut Cursor<'_, Token>,
        locals: &[String],
        head: &str,
    ) -> Option<Expr> {
        let result = (|| {
            if c.peek().is_none() || c.is_sym(":") {
                return Err((c.col(), format!("expected a condition after \"{head}\"")));
            }
            let scope = Scope {
                parser: self,
                locals: Some(locals),
                property: false,
            };
            let expr = scope.expr(c, 0)?;
            c.expect_sym(":", &format!("at the end of the \"{head}\" line"))?;
            c.end(&format!("\"{head} ...:\""))?;
            Ok(expr)
        })();
        match result {
            Ok(expr) => {
                self.one_access(&expr, None, c.line);
                Some(expr)
            }
            Err((col, message)) => {
                self.error(c.line, col, message);
                None
            }
        }
    }

    /// Refuses a step that touches shared memory more than once: it would not be atomic.
    fn one_access(&mut self, expr: &Expr, writes: Option<(usize, u32)>, line: u32) {
        let mut reads = Vec::new();
        shared_reads(expr, &mut reads);
        let total = reads.len() + usize::from(writes.is_some());
        if total <= 1 {
            return;
        }
        let name = |i: usize| self.program.shared[i].name.clone();
        let message = match (writes, reads.as_slice()) {
            (Some((w, _)), [r, ..]) if *r == w => format!(
                "this step reads and writes {0}: in one step that would be atomic, which real \
                 hardware does not promise. Split it (\"t = {0}\", then \"{0} = t + 1\") or use \
                 \"fetch_add({0}, 1)\"",
                name(w)
            ),
            (Some((w, _)), [r, ..]) => format!(
                "this step reads {} and writes {}: a step touches shared memory once. Read into \
                 a local first",
                name(*r),
                name(w)
            ),
            _ => format!(
                "this step reads shared memory {total} times ({}): a step touches shared memory \
                 once. Read into locals first",
                reads
                    .iter()
                    .map(|&r| name(r))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.error(line, 1, message);
    }

    fn step(&mut self, c: &mut Cursor<'_, Token>, locals: &[String]) -> Located<Op> {
        let Some((word, col)) =
            c.leading_word(|tok| format!("expected a step, found {}", describe(tok)))?
        else {
            return Err((c.col(), "expected a step".into()));
        };
        let line = c.line;
        let op = match word {
            "lock" | "unlock" => Op::Lock(self.resource(c, "mutex", word)?),
            "acquire" | "release" => Op::Acquire(self.resource(c, "semaphore", word)?),
            "signal" | "broadcast" => Op::Signal(self.resource(c, "condition", word)?),
            "wait" => {
                let cond = self.resource(c, "condition", "wait")?;
                c.expect_sym(
                    ",",
                    "and the mutex to release while waiting, as in \"wait not_full, m\"",
                )?;
                let mutex = self.resource(c, "mutex", "wait")?;
                Op::Wait { cond, mutex }
            }
            "skip" => Op::Skip,
            "assert" => {
                let scope = Scope {
                    parser: self,
                    locals: Some(locals),
                    property: false,
                };
                if c.peek().is_none() {
                    return Err((c.col(), "expected a condition after \"assert\"".into()));
                }
                let expr = scope.expr(c, 0)?;
                self.one_access(&expr, None, line);
                Op::Assert(expr)
            }
            "fetch_add" => self.fetch_add(c, locals, None)?,
            _ if c.is_sym("=") => {
                c.next();
                let place = match self.names.get(word) {
                    Some(Kind::Shared(i)) => Place::Shared(*i),
                    Some(kind) => {
                        return Err((
                            col,
                            format!("\"{word}\" is {}; it cannot be assigned", kind.word()),
                        ));
                    }
                    None => match locals.iter().position(|l| l == word) {
                        Some(i) => Place::Local(i),
                        None if SYNTAX.reserves(word) => {
                            return Err((
                                col,
                                format!(
                                    "\"{word}\" is a word of the language; choose another name"
                                ),
                            ));
                        }
                        None => {
                            return Err((
                                col,
                                format!("a thread has at most {MAX_LOCALS} local variables"),
                            ));
                        }
                    },
                };
                if c.is_word("fetch_add") {
                    c.next();
                    let Place::Local(local) = place else {
                        return Err((col, "the old value of fetch_add goes into a local variable, not a shared one".into()));
                    };
                    return self.fetch_add(c, locals, Some(local)).and_then(|op| {
                        c.end("the step")?;
                        Ok(op)
                    });
                }
                if c.peek().is_none() {
                    return Err((c.col(), format!("expected a value after \"{word} =\"")));
                }
                let scope = Scope {
                    parser: self,
                    locals: Some(locals),
                    property: false,
                };
                let expr = scope.expr(c, 0)?;
                let writes = match place {
                    Place::Shared(i) => Some((i, col)),
                    Place::Local(_) => None,
                };
                self.one_access(&expr, writes, line);
                Op::Assign(place, expr)
            }
            _ => {
                let hint = suggest(word, step_words())
                    .map(|s| format!("; did you mean \"{s}\"?"))
                    .unwrap_or_default();
                return Err((
                    col,
                    format!(
                        "\"{word}\" is not a step (steps: NAME = value, lock, unlock, acquire, release, wait, signal, broadcast, fetch_add, assert, skip, if, while){hint}"
                    ),
                ));
            }
        };
        c.end("the step")?;
        Ok(match (word, op) {
            ("unlock", Op::Lock(m)) => Op::Unlock(m),
            ("release", Op::Acquire(s)) => Op::Release(s),
            ("broadcast", Op::Signal(s)) => Op::Broadcast(s),
            (_, op) => op,
        })
    }

    fn fetch_add(
        &mut self,
        c: &mut Cursor<'_, Token>,
        locals: &[String],
        local: Option<usize>,
    ) -> Located<Op> {
        c.expect_sym("(", "after fetch_add, as in \"fetch_add(count, 1)\"")?;
        let (name, at) = c.ident("a shared variable")?;
        let var = match self.names.get(name) {
            Some(Kind::Shared(i)) => *i,
            Some(kind) => {
                return Err((
                    at,
                    format!("\"{name}\" is {}, not a shared variable", kind.word()),
                ));
            }
            None => {
                return Err((
                    at,
                    format!(
                        "unknown shared variable \"{name}\"; declare it with \"shared {name} = 0\""
                    ),
                ));
            }
        };
        c.expect_sym(",", "and the amount to add, as in \"fetch_add(count, 1)\"")?;
        let scope = Scope {
            parser: self,
            locals: Some(locals),
            property: false,
        };
        let delta = scope.expr(c, 0)?;
        let mut reads = Vec::new();
        shared_reads(&delta, &mut reads);
        if !reads.is_empty() {
            return Err((
                at,
                "the amount fetch_add adds cannot read shared memory: read it into a local first"
                    .into(),
            ));
        }
        c.expect_sym(")", "to close fetch_add(...)")?;
        Ok(Op::FetchAdd { local, var, delta })
    }

    fn resource(&self, c: &mut Cursor<'_, Token>, kind: &str, step: &str) -> Located<usize> {
        let (name, col) = c.ident(&format!("the {kind} to {step}"))?;
        let found = self.names.get(name).copied();
        match (kind, found) {
            ("mutex", Some(Kind::Mutex(i)))
            | ("semaphore", Some(Kind::Semaphore(i)))
            | ("condition", Some(Kind::Condition(i))) => Ok(i),
            (_, Some(other)) => Err((
                col,
                format!("\"{name}\" is {}; \"{step}\" needs a {kind}", other.word()),
            )),
            (_, None) => {
                let same_kind = self.names.iter().filter_map(|(n, k)| {
                    let ok = matches!(
                        (kind, k),
                        ("mutex", Kind::Mutex(_))
                            | ("semaphore", Kind::Semaphore(_))
                            | ("condition", Kind::Condition(_))
                    );
                    ok.then_some(n.as_str())
                });
                let mut same_kind: Vec<&str> = same_kind.collect();
                same_kind.sort_unstable();
                let hint = suggest(name, same_kind)
                    .map(|s| format!("did you mean \"{s}\"? Or "))
                    .unwrap_or_default();
                let declare = if kind == "semaphore" {
                    format!("\"semaphore {name} = 1\"")
                } else {
                    format!("\"{kind} {name}\"")
                };
                Err((
                    col,
                    format!("unknown {kind} \"{name}\": {hint}declare it with {declare}"),
                ))
            }
        }
    }
}

struct Block<'a> {
    lines: &'a [Line],
    at: usize,
}

/// Name resolution for one expression: a thread's locals, or a property.
struct Scope<'p> {
    parser: &'p Parser,
    locals: Option<&'p [String]>,
    property: bool,
}

fn precedence(sym: &str) -> Option<(u8, BinOp)> {
    Some(match sym {
        "||" => (1, BinOp::Or),
        "&&" => (2, BinOp::And),
        "==" => (3, BinOp::Eq),
        "!=" => (3, BinOp::Ne),
        "<" => (4, BinOp::Lt),
        "<=" => (4, BinOp::Le),
        ">" => (4, BinOp::Gt),
        ">=" => (4, BinOp::Ge),
        "+" => (5, BinOp::Add),
        "-" => (5, BinOp::Sub),
        "*" => (6, BinOp::Mul),
        "/" => (6, BinOp::Div),
        "%" => (6, BinOp::Rem),
        _ => return None,
    })
}

impl Scope<'_> {
    /// Precedence climbing; `and`/`or` are the words for `&&`/`||`.
    fn expr(&self, c: &mut Cursor<'_, Token>, min: u8) -> Located<Expr> {
        self.expr_at(c, min, 0)
    }

    fn expr_at(&self, c: &mut Cursor<'_, Token>, min: u8, depth: usize) -> Located<Expr> {
        if depth > 64 {
            return Err((c.col(), "this expression is nested too deeply".into()));
        }
        let mut left = self.unary(c, depth)?;
        loop {
            let op = match c.peek() {
                Some(Token {
                    tok: Tok::Sym(s), ..
                }) => precedence(s),
                Some(Token {
                    tok: Tok::Ident(w), ..
                }) if w == "and" => precedence("&&"),
                Some(Token {
                    tok: Tok::Ident(w), ..
                }) if w == "or" => precedence("||"),
                _ => None,
            };
            let Some((prec, op)) = op else { break };
            if prec <= min {
                break;
            }
            c.next();
            let right = self.expr_at(c, prec, depth + 1)?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&self, c: &mut Cursor<'_, Token>, depth: usize) -> Located<Expr> {
        if depth > 64 {
            return Err((c.col(), "this expression is nested too deeply".into()));
        }
        let Some(token) = c.next() else {
            return Err((c.col(), "expected a value".into()));
        };
        match &token.tok {
            Tok::Number(n) => Ok(Expr::Const(*n)),
            Tok::Sym("-") => Ok(Expr::Neg(Box::new(self.unary(c, depth + 1)?))),
            Tok::Sym("!") => Ok(Expr::Not(Box::new(self.unary(c, depth + 1)?))),
            Tok::Ident(w) if w == "not" => Ok(Expr::Not(Box::new(self.unary(c, depth + 1)?))),
            Tok::Sym("(") => {
                let inner = self.expr_at(c, 0, depth + 1)?;
                c.expect_sym(")", "to close \"(\"")?;
                Ok(inner)
            }
            Tok::Ident(w) if w == "done" || w == "deadlock" => {
                if self.property {
                    Ok(if w == "done" {
                        Expr::Done
                    } else {
                        Expr::Deadlock
                    })
                } else {
                    Err((
                        token.col,
                        format!("\"{w}\" can only be used in always, finally and goal lines"),
                    ))
                }
            }
            Tok::Ident(w) if w == "true" => Ok(Expr::Const(1)),
            Tok::Ident(w) if w == "false" => Ok(Expr::Const(0)),
            Tok::Ident(name) => match self.parser.names.get(name.as_str()) {
                Some(Kind::Shared(i)) => Ok(Expr::Shared(*i)),
                Some(kind) => Err((
                    token.col,
                    format!("\"{name}\" is {}, not a value", kind.word()),
                )),
                None => match self.locals.and_then(|l| l.iter().position(|x| x == name)) {
                    Some(i) => Ok(Expr::Local(i)),
                    None => {
                        let mut known: Vec<&str> = self
                            .parser
                            .program
                            .shared
                            .iter()
                            .map(|s| s.name.as_str())
                            .collect();
                        if let Some(locals) = self.locals {
                            known.extend(locals.iter().map(String::as_str));
                        }
                        let hint = suggest(name, known)
                            .map(|s| format!(" Did you mean \"{s}\"?"))
                            .unwrap_or_default();
                        let how = if self.locals.is_some() {
                            format!("share it (\"shared {name} = 0\") or assign it in this thread")
                        } else {
                            format!("declare it with \"shared {name} = 0\"")
                        };
                        Err((token.col, format!("unknown name \"{name}\": {how}.{hint}")))
                    }
                },
            },
            other => Err((
                token.col,
                format!("expected a value, found {}", describe(other)),
            )),
        }
    }
}

/// The shared variables an expression reads, once per occurrence.
pub(super) fn shared_reads(expr: &Expr, out: &mut Vec<usize>) {
    match expr {
        Expr::Shared(i) => out.push(*i),
        Expr::Not(e) | Expr::Neg(e) => shared_reads(e, out),
        Expr::Binary(_, a, b) => {
            shared_reads(a, out);
            shared_reads(b, out);
        }
        Expr::Const(_) | Expr::Local(_) | Expr::Done | Expr::Deadlock => {}
    }
}
