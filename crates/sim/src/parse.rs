//! The scenario text format: a hand-written, line-oriented parser that reports every
//! error it can find at once, each with its line, column, what was expected and,
//! where it can, a suggestion.

use crate::bound::{Focus, Source};
use crate::lower::THREADS_LOCK;
use crate::model::{
    Balance, Job, Length, Limits, Lock, Mlfq, Pattern, Policy, Queues, Requests, Scenario, Server,
    Step, Task, Tick,
};
use crate::syntax::{Cursor, Form, Scanner, Sink, Syntax, suggest};
pub use crate::syntax::{Diagnostic, Diagnostics};

mod messaging;

/// The longest scenario text accepted, in bytes.
pub const MAX_TEXT: usize = 64 << 20;
const POLICIES: &[&str] = &["fcfs", "sjf", "srtf", "priority", "rr", "mlfq"];
const STATEMENTS: &[&str] = &[
    "cores", "policy", "switch", "queues", "lock", "task", "seed", "threads", "memory", "server",
    "balance", "job", "requests", "queue", "producer", "group",
];
const STEPS: &[&str] = &["cpu", "io", "acquire", "release", "spawn", "join"];
const BALANCES: &[&str] = &["rr", "least", "random", "p2c"];

/// The scenario language's words and forms, for the editor and the labs' help.
pub const SYNTAX: Syntax = Syntax {
    statements: STATEMENTS,
    steps: STEPS,
    words: POLICIES,
    forms: &[
        Form {
            usage: "cores N",
            meaning: "N cores share one ready queue.",
        },
        Form {
            usage: "policy fcfs | sjf | srtf | priority [preemptive] | rr quantum=Q | mlfq levels=L quantum=Q[,Q…] [allotment=A[,A…]] [boost=B] [stay] [iobump]",
            meaning: "Which ready task a free core takes next, and when a running one is preempted.",
        },
        Form {
            usage: "switch C",
            meaning: "Ticks a core spends switching to a task other than the last one it ran.",
        },
        Form {
            usage: "queues global | per-core [steal]",
            meaning: "One ready queue for all cores, or one per core (idle cores steal with steal).",
        },
        Form {
            usage: "task NAME [arrive=T] [priority=P]: steps",
            meaning: "One task and its steps, in order.",
        },
        Form {
            usage: "cpu N, io N, acquire L, release L",
            meaning: "Steps: compute N ticks, wait N ticks for I/O, take or give back a lock.",
        },
        Form {
            usage: "cpu 2..8, io ~20",
            meaning: "A length drawn between 2 and 8, or at random with mean 20.",
        },
        Form {
            usage: "lock NAME [permits=K]",
            meaning: "A lock, or with K permits a semaphore, such as a pool of K connections.",
        },
        Form {
            usage: "seed N",
            meaning: "Every random draw comes from it: the same seed, the same run.",
        },
        Form {
            usage: "requests NAME count=N every=T [poisson] [burst=B]: steps",
            meaning: "N requests, one every T ticks (or B at a time); poisson: random gaps of mean T.",
        },
        Form {
            usage: "threads K",
            meaning: "At most K requests in progress (a pool); the rest wait for a thread.",
        },
        Form {
            usage: "memory K",
            meaning: "KiB each request holds while in progress (a thread's stack, a goroutine's, a connection's state).",
        },
        Form {
            usage: "server NAME [cores=C] [slowdown=S], balance rr | least | random | p2c",
            meaning: "Machines behind a load balancer.",
        },
        Form {
            usage: "job NAME: steps, with spawn NAME xN [hedge=T] and join",
            meaning: "Fan out N tasks (one per server) and wait for them all; with hedge, a copy of each part still unanswered after T ticks goes to the next server, and the first answer counts.",
        },
    ],
};

/// Parses a scenario with the default limits.
pub fn parse(text: &str) -> Result<Scenario, Diagnostics> {
    parse_with(text, &Limits::default())
}

pub fn parse_with(text: &str, limits: &Limits) -> Result<Scenario, Diagnostics> {
    let mut p = Parser::new(limits);
    if text.len() > MAX_TEXT {
        p.error(
            1,
            1,
            format!(
                "the scenario is {} bytes long; at most {MAX_TEXT} are accepted",
                text.len()
            ),
        );
        return Err(p.errors.finish());
    }
    for (index, line) in text.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        match tokenize(line) {
            Ok(tokens) if tokens.is_empty() => {}
            Ok(tokens) => p.statement(number, &tokens),
            Err(col) => p.error(number, col, unexpected(line, col)),
        }
        if p.errors.full() {
            break;
        }
    }
    p.finish()
}

/// A `policy …` line read alone, as the parser reads it in a scenario with the default
/// limits: a policy's short form with options (`mlfq:levels=3:quantum=2:stay`) is
/// one. Only the policy's own reading, not the whole parser's: a page that reads a
/// policy from its address holds no more. (A scenario of a policy alone has nothing
/// for the parser's later checks to refuse.)
pub(crate) fn policy_line(text: &str) -> Option<crate::Policy> {
    let tokens = tokenize(text).ok()?;
    let head = *tokens.first().filter(|t| t.text == "policy")?;
    let limits = Limits::default();
    let mut p = Parser::new(&limits);
    let mut cursor = Cursor::new(&tokens, 1, end_col(&tokens));
    cursor.at = 1;
    p.policy(&mut cursor, head).ok()?;
    p.errors.is_empty().then_some(p.scenario.policy)
}

impl<'a> Parser<'a> {
    fn new(limits: &'a Limits) -> Parser<'a> {
        Parser {
            limits,
            scenario: Scenario::default(),
            errors: Sink::default(),
            seen: Seen::default(),
            lock_uses: Vec::new(),
            job_uses: Vec::new(),
            task_lines: Vec::new(),
            request_lines: Vec::new(),
            job_lines: Vec::new(),
            task_cols: Vec::new(),
            request_cols: Vec::new(),
            job_cols: Vec::new(),
            longest_cpu: (0, 0),
            cores_col: 1,
            boost_col: 1,
            server_line: None,
            task_names: std::collections::HashSet::new(),
            steps: 0,
            queue_lines: messaging::Lines::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Number,
    Equals,
    Colon,
    Comma,
    /// `..` in `cpu 2..8`.
    Range,
    /// `~` in `io ~20`.
    Tilde,
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
    let mut s = Scanner::new(line);
    loop {
        s.take_while(|c| matches!(c, ' ' | '\t' | '\r'));
        let (col, start) = (s.col(), s.offset());
        let kind = match s.peek() {
            None | Some('#') => break,
            Some('=') => Kind::Equals,
            Some(':') => Kind::Colon,
            Some(',') => Kind::Comma,
            Some('~') => Kind::Tilde,
            Some('.') if s.rest().starts_with("..") => {
                s.bump();
                Kind::Range
            }
            Some('0'..='9') => {
                s.take_while(|c| c.is_ascii_alphanumeric());
                tokens.push(Token {
                    kind: Kind::Number,
                    text: &line[start..s.offset()],
                    col,
                });
                continue;
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                s.take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'));
                tokens.push(Token {
                    kind: Kind::Word,
                    text: &line[start..s.offset()],
                    col,
                });
                continue;
            }
            Some(_) => return Err(col),
        };
        s.bump();
        tokens.push(Token {
            kind,
            text: &line[start..s.offset()],
            col,
        });
    }
    Ok(tokens)
}

fn char_at(line: &str, col: u32) -> char {
    line.chars().nth(col as usize - 1).unwrap_or(' ')
}

/// Why the character at `col` cannot start a token; a decimal point in a number gets
/// its own answer: every number in a scenario is whole.
fn unexpected(line: &str, col: u32) -> String {
    match fraction_at(line, col) {
        Some(number) => format!(
            "{number} is not a whole number: a scenario counts time in whole ticks, and \
             cores, requests and permits in whole numbers"
        ),
        None => format!("unexpected character {:?}", char_at(line, col)),
    }
}

/// The number written with a decimal point at `col` (1-based), as in `5.5`.
pub(crate) fn fraction_at(line: &str, col: u32) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    let at = (col as usize).checked_sub(1)?;
    let digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    if chars.get(at) != Some(&'.') || at == 0 || !digit(at - 1) || !digit(at + 1) {
        return None;
    }
    let start = (0..at).rev().take_while(|&i| digit(i)).last()?;
    let end = (at + 1..chars.len()).take_while(|&i| digit(i)).last()?;
    Some(chars[start..=end].iter().collect())
}

#[derive(Default)]
struct Seen {
    cores: Option<u32>,
    policy: Option<u32>,
    switch: Option<u32>,
    queues: Option<u32>,
    seed: Option<u32>,
    threads: Option<u32>,
    memory: Option<u32>,
    balance: Option<u32>,
}

struct Parser<'l> {
    limits: &'l Limits,
    scenario: Scenario,
    errors: Sink,
    seen: Seen,
    /// Lock names used by steps, resolved at the end (locks may be declared anywhere).
    lock_uses: Vec<LockUse>,
    /// Job names used by `spawn` steps, resolved at the end too.
    job_uses: Vec<LockUse>,
    /// The line each task, requests statement and job is declared on.
    task_lines: Vec<u32>,
    request_lines: Vec<u32>,
    job_lines: Vec<u32>,
    /// For each task, requests statement and job: the column of its longest CPU step,
    /// and of its count (requests) or name (jobs), to point at when its run is refused.
    task_cols: Vec<(u32, u32)>,
    request_cols: Vec<(u32, u32)>,
    job_cols: Vec<(u32, u32)>,
    /// The longest CPU step of the steps last read: (its longest length, its column).
    longest_cpu: (Tick, u32),
    /// Where the `cores` number and the MLFQ `boost=` are.
    cores_col: u32,
    boost_col: u32,
    /// The first `server` line.
    server_line: Option<u32>,
    /// Declared task names, for the duplicate check (a scan would be quadratic).
    task_names: std::collections::HashSet<String>,
    steps: usize,
    /// Where the queue statements are.
    queue_lines: messaging::Lines,
}

/// What a list of steps belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Task(usize),
    Requests(usize),
    Job(usize),
    /// A consumer group's processing length.
    Group,
}

struct LockUse {
    owner: Owner,
    step: usize,
    name: String,
    line: u32,
    col: u32,
}

/// An arrival process as read: `count` arrivals, every `every` ticks from `start`,
/// `burst` at a time.
struct Process {
    count: u32,
    every: Tick,
    start: Tick,
    burst: u32,
}

/// Options as read: (key, number, column of the number).
type Options<'a> = Vec<(&'a str, u64, u32)>;

/// A statement failed; the error has been recorded.
struct Failed;

type Parsed<T> = Result<T, Failed>;

/// An `mlfq` option as written: its key, its values with their columns, and its column.
type MlfqOption<'k> = (&'k str, Vec<(u64, u32)>, u32);

/// The `mlfq` policy line the errors show as an example.
const MLFQ_EXAMPLE: &str = "policy mlfq levels=3 quantum=2 boost=50";

impl Parser<'_> {
    fn error(&mut self, line: u32, col: u32, message: String) {
        self.errors.error(line, col, message);
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

    /// Fails on a `word` that is none of the `known` ones: names them (and what they
    /// mean, when given) and suggests the likely one.
    fn unknown<T>(
        &mut self,
        line: u32,
        col: u32,
        what: &str,
        word: &str,
        known: &[&str],
        meaning: &str,
    ) -> Parsed<T> {
        let hint = suggest(word, known.iter().copied())
            .map(|s| format!("; did you mean \"{s}\"?"))
            .unwrap_or_default();
        let list = known.join(", ");
        let message = format!("unknown {what} \"{word}\"; expected one of {list}{meaning}{hint}");
        self.fail(line, col, message)
    }

    fn statement(&mut self, line: u32, tokens: &[Token<'_>]) {
        let head = tokens[0];
        let mut cursor = Cursor::new(tokens, line, end_col(tokens));
        cursor.at = 1;
        if head.kind == Kind::Word && STATEMENTS.contains(&head.text) && head.text != "seed" {
            if !self.limits.messaging && messaging::STATEMENTS.contains(&head.text) {
                let _ = self.fail::<()>(
                    line,
                    head.col,
                    format!("\"{}\" belongs in a queue scenario, which this lab does not run (the command line does: interleave run)", head.text),
                );
                return;
            }
            self.note_statement(line, head);
        }
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
            "seed" => self.seed(&mut cursor, head),
            "threads" => self.threads(&mut cursor, head),
            "memory" => self.memory(&mut cursor, head),
            "server" => self.server(&mut cursor),
            "balance" => self.balance(&mut cursor, head),
            "queue" => self.queue(&mut cursor, head),
            "producer" => self.producer(&mut cursor, head),
            "group" => self.group(&mut cursor, head),
            "task" | "job" | "requests" => {
                let marks = (self.lock_uses.len(), self.job_uses.len());
                let result = match head.text {
                    "task" => self.task(&mut cursor),
                    "job" => self.job(&mut cursor),
                    _ => self.requests(&mut cursor),
                };
                if result.is_err() {
                    self.lock_uses.truncate(marks.0);
                    self.job_uses.truncate(marks.1);
                }
                result
            }
            other => {
                let hint = suggest(other, STATEMENTS.iter().copied())
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

    fn seed(&mut self, c: &mut Cursor<'_, Token<'_>>, head: Token<'_>) -> Parsed<()> {
        self.once(|s| &mut s.seed, head, c.line)?;
        let (n, _) = self.number(c, "the seed (a whole number)")?;
        self.end(c)?;
        self.scenario.seed = n;
        Ok(())
    }

    fn threads(&mut self, c: &mut Cursor<'_, Token<'_>>, head: Token<'_>) -> Parsed<()> {
        self.once(|s| &mut s.threads, head, c.line)?;
        let (n, col) = self.number(c, "the number of threads")?;
        self.end(c)?;
        if n == 0 || n > u64::from(u32::MAX) {
            return self.fail(c.line, col, "threads must be at least 1".into());
        }
        self.scenario.threads = Some(n as u32);
        Ok(())
    }

    fn memory(&mut self, c: &mut Cursor<'_, Token<'_>>, head: Token<'_>) -> Parsed<()> {
        self.once(|s| &mut s.memory, head, c.line)?;
        let (n, col) = self.number(c, "the KiB of memory each task holds while in progress")?;
        self.end(c)?;
        if n > 1 << 30 {
            return self.fail(
                c.line,
                col,
                "memory must be at most 1073741824 KiB a task".into(),
            );
        }
        self.scenario.memory = n;
        Ok(())
    }

    fn server(&mut self, c: &mut Cursor<'_, Token<'_>>) -> Parsed<()> {
        let name = self.word(c, "the server's name")?;
        let options = self.options(c, &["cores", "slowdown"])?;
        self.end(c)?;
        let mut server = Server {
            name: name.text.into(),
            cores: 1,
            slowdown: 1,
        };
        for &(key, n, col) in &options {
            if n == 0 || n > u64::from(self.limits.cores) {
                return self.fail(
                    c.line,
                    col,
                    format!("{key} must be between 1 and {}", self.limits.cores),
                );
            }
            match key {
                "cores" => server.cores = n as u32,
                _ => server.slowdown = n as u32,
            }
        }
        if let Some(line) = self.seen.cores {
            return self.fail(
                c.line,
                1,
                format!(
                    "servers bring their own cores: remove \"cores\" (line {line}), or the servers"
                ),
            );
        }
        let taken = self.scenario.servers.iter().any(|s| s.name == server.name);
        let total: u64 = self
            .scenario
            .servers
            .iter()
            .map(|s| u64::from(s.cores))
            .sum();
        if taken {
            return self.fail(
                c.line,
                name.col,
                format!("server \"{}\" is declared twice", name.text),
            );
        }
        if total + u64::from(server.cores) > u64::from(self.limits.cores) {
            return self.fail(
                c.line,
                name.col,
                format!(
                    "too many cores: the servers may have {} in all",
                    self.limits.cores
                ),
            );
        }
        self.server_line.get_or_insert(c.line);
        self.scenario.servers.push(server);
        Ok(())
    }

    fn balance(&mut self, c: &mut Cursor<'_, Token<'_>>, head: Token<'_>) -> Parsed<()> {
        self.once(|s| &mut s.balance, head, c.line)?;
        let word = self.word(c, &format!("a balancer ({})", BALANCES.join(", ")))?;
        self.scenario.balance = match word.text {
            "rr" => Balance::RoundRobin,
            "least" => Balance::LeastConnections,
            "random" => Balance::Random,
            "p2c" => Balance::TwoChoices,
            other => {
                let meaning = ": round robin, least connections, random, power of two choices";
                return self.unknown(c.line, word.col, "balancer", other, BALANCES, meaning);
            }
        };
        self.end(c)
    }

    fn job(&mut self, c: &mut Cursor<'_, Token<'_>>) -> Parsed<()> {
        let name = self.word(c, "the job's name")?;
        self.colon(c, "job NAME: cpu 2..8, io ~10")?;
        let index = self.scenario.jobs.len();
        let steps = self.steps(c, Owner::Job(index))?;
        let taken = self.scenario.jobs.iter().any(|j| j.name == name.text);
        if taken {
            return self.fail(
                c.line,
                name.col,
                format!("job \"{}\" is declared twice", name.text),
            );
        }
        self.scenario.jobs.push(Job {
            name: name.text.into(),
            steps,
        });
        self.job_lines.push(c.line);
        self.job_cols.push((self.longest_cpu.1, name.col));
        Ok(())
    }

    fn requests(&mut self, c: &mut Cursor<'_, Token<'_>>) -> Parsed<()> {
        const EXAMPLE: &str = "requests get count=100 every=5 [poisson] [burst=B] [start=T] [priority=P]: cpu 1, io ~20";
        let name = self.word(c, "the requests' name")?;
        let (options, poisson) =
            self.arrival_options(c, &["count", "every", "start", "burst", "priority"])?;
        let count = self.required(&options, "count", name, c.line, EXAMPLE)?;
        let every = self.required(&options, "every", name, c.line, EXAMPLE)?;
        self.colon(c, EXAMPLE)?;
        let when = self.process(
            &options,
            count,
            every,
            poisson,
            c.line,
            "request would arrive",
        )?;
        let mut group = Requests {
            name: name.text.into(),
            count: when.count,
            every: when.every,
            start: when.start,
            poisson,
            burst: when.burst,
            priority: 0,
            steps: Vec::new(),
        };
        if let Some(&(_, n, col)) = options.iter().find(|o| o.0 == "priority") {
            group.priority = self.priority(n, col, c.line)?;
        }
        let index = self.scenario.requests.len();
        group.steps = self.steps(c, Owner::Requests(index))?;
        let taken = self.task_names.contains(&group.name);
        let count_now = self.scenario.requests.len() + self.scenario.tasks.len();
        self.admit("task", name, taken, count_now, self.limits.tasks, c.line)?;
        self.task_names.insert(group.name.clone());
        self.scenario.requests.push(group);
        self.request_lines.push(c.line);
        self.request_cols.push((self.longest_cpu.1, count.1));
        Ok(())
    }

    /// An arrival process (`requests`, a queue's `producer`) from its options, each
    /// checked at its column: the count within the limit, the burst within the count,
    /// and (at a fixed rate) the last arrival within the limit on ticks, which the
    /// error names as "the last {late}".
    fn process(
        &mut self,
        options: &Options<'_>,
        count: (u64, u32),
        every: (u64, u32),
        poisson: bool,
        line: u32,
        late: &str,
    ) -> Parsed<Process> {
        let get = |k: &str| options.iter().find(|o| o.0 == k).map(|o| (o.1, o.2));
        let every_ticks = self.ticks(every.0, every.1, line)?;
        if count.0 == 0 || count.0 > self.limits.tasks as u64 {
            return self.fail(
                line,
                count.1,
                format!("count must be between 1 and {}", self.limits.tasks),
            );
        }
        let mut when = Process {
            count: count.0 as u32,
            every: every_ticks,
            start: 0,
            burst: 1,
        };
        if let Some((n, col)) = get("start") {
            when.start = self.ticks(n, col, line)?;
        }
        if let Some((n, col)) = get("burst") {
            if n == 0 || n > count.0 {
                return self.fail(line, col, "burst must be between 1 and the count".into());
            }
            when.burst = n as u32;
        }
        let last = u64::from(when.count.div_ceil(when.burst)).saturating_mul(when.every);
        if !poisson && when.start.saturating_add(last) > self.limits.ticks {
            return self.fail(
                line,
                every.1,
                format!("the last {late} after tick {}", self.limits.ticks),
            );
        }
        Ok(when)
    }

    /// The options of an arrival process (`count=N every=T ...`), with `poisson`
    /// anywhere among them: the options, and whether it was.
    fn arrival_options<'a>(
        &mut self,
        c: &mut Cursor<'_, Token<'a>>,
        keys: &[&str],
    ) -> Parsed<(Options<'a>, bool)> {
        let mut options = self.options(c, keys)?;
        let poisson = c.take_word("poisson");
        if poisson {
            for o in self.options(c, keys)? {
                if options.iter().any(|f| f.0 == o.0) {
                    return self.fail(c.line, o.2, format!("option \"{}\" is given twice", o.0));
                }
                options.push(o);
            }
        }
        Ok((options, poisson))
    }

    fn colon(&mut self, c: &mut Cursor<'_, Token<'_>>, example: &str) -> Parsed<()> {
        match c.next().copied() {
            Some(t) if t.kind == Kind::Colon => Ok(()),
            other => {
                let col = other.map_or(c.end, |t| t.col);
                self.fail(
                    c.line,
                    col,
                    format!("expected \":\" and then the steps ({example})"),
                )
            }
        }
    }

    /// Steps separated by commas, to the end of the line. Lengths may be random
    /// (`2..8`, `~10`) except in tasks; jobs may not spawn.
    fn steps(&mut self, c: &mut Cursor<'_, Token<'_>>, owner: Owner) -> Parsed<Vec<Pattern>> {
        let mut steps = Vec::new();
        self.longest_cpu = (0, 1);
        loop {
            let kind = self.word(c, &format!("a step ({})", STEPS.join(", ")))?;
            let step = match kind.text {
                "cpu" | "io" => {
                    let col = c.peek().map_or(kind.col, |t| t.col);
                    let length = self.length(c, owner)?;
                    if kind.text == "cpu" {
                        let longest = match length {
                            Length::Fixed(n) | Length::Uniform(_, n) | Length::Exponential(n) => n,
                        };
                        if longest > self.longest_cpu.0 {
                            self.longest_cpu = (longest, col);
                        }
                        Pattern::Cpu(length)
                    } else {
                        Pattern::Io(length)
                    }
                }
                "acquire" | "release" => {
                    let lock = self.word(c, "a lock's name")?;
                    self.lock_uses.push(LockUse {
                        owner,
                        step: steps.len(),
                        name: lock.text.into(),
                        line: c.line,
                        col: lock.col,
                    });
                    if kind.text == "acquire" {
                        Pattern::Acquire(usize::MAX)
                    } else {
                        Pattern::Release(usize::MAX)
                    }
                }
                "spawn" => self.spawn_step(c, owner, kind, steps.len())?,
                "join" => Pattern::Join,
                other => return self.unknown(c.line, kind.col, "step", other, STEPS, ""),
            };
            steps.push(step);
            match c.next().copied() {
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
        self.steps += steps.len();
        if self.steps > self.limits.steps {
            return self.fail(
                c.line,
                1,
                format!("too many steps in all: at most {}", self.limits.steps),
            );
        }
        Ok(steps)
    }

    /// `spawn JOB [xN] [hedge=T]`, the step number `at` of a task or requests (a job
    /// cannot spawn): the job is named here and found once every job is read.
    fn spawn_step(
        &mut self,
        c: &mut Cursor<'_, Token<'_>>,
        owner: Owner,
        kind: Token<'_>,
        at: usize,
    ) -> Parsed<Pattern> {
        if let Owner::Job(_) = owner {
            return self.fail(
                c.line,
                kind.col,
                "a job cannot spawn: spawn from a task or requests".into(),
            );
        }
        let job = self.word(c, "a job's name (spawn JOB x4)")?;
        let mut count = 1;
        if let Some(t) = c.peek().filter(|t| t.kind == Kind::Word) {
            let n = t.text.strip_prefix('x').and_then(|n| n.parse::<u64>().ok());
            match n {
                Some(n) if (1..=self.limits.tasks as u64).contains(&n) => {
                    count = n as u32;
                    c.at += 1;
                }
                _ => {
                    return self.fail(
                        c.line,
                        t.col,
                        format!(
                            "expected how many to spawn, as x1 to x{}, found {:?}",
                            self.limits.tasks, t.text
                        ),
                    );
                }
            }
        }
        let mut hedge = 0;
        if c.peek().is_some_and(|t| t.text == "hedge") {
            let options = self.options(c, &["hedge"])?;
            if let Some(&(_, n, col)) = options.first() {
                hedge = self.positive((n, col), c.line)?;
            }
        }
        self.job_uses.push(LockUse {
            owner,
            step: at,
            name: job.text.into(),
            line: c.line,
            col: job.col,
        });
        Ok(Pattern::Spawn {
            job: usize::MAX,
            count,
            hedge,
        })
    }

    /// `N`, `LO..HI` or `~MEAN`.
    fn length(&mut self, c: &mut Cursor<'_, Token<'_>>, owner: Owner) -> Parsed<Length> {
        let line = c.line;
        let random = |p: &mut Self, col: u32| -> Parsed<()> {
            if let Owner::Task(_) = owner {
                return p.fail(
                    line,
                    col,
                    "a task's lengths are fixed; random lengths belong in \"requests\" or \"job\" lines".into(),
                );
            }
            Ok(())
        };
        if let Some(t) = c.peek().filter(|t| t.kind == Kind::Tilde) {
            c.at += 1;
            random(self, t.col)?;
            let mean = self.number(c, "the mean length after \"~\"")?;
            return Ok(Length::Exponential(self.positive(mean, c.line)?));
        }
        let lo = self.number(c, "the step's length in ticks")?;
        let lo_n = self.positive(lo, c.line)?;
        if let Some(t) = c.peek().filter(|t| t.kind == Kind::Range) {
            c.at += 1;
            random(self, t.col)?;
            let hi = self.number(c, "the longest length after \"..\"")?;
            let hi_n = self.positive(hi, c.line)?;
            if hi_n < lo_n {
                return self.fail(
                    c.line,
                    hi.1,
                    format!("{hi_n} is shorter than {lo_n}; write the range shortest first"),
                );
            }
            return Ok(Length::Uniform(lo_n, hi_n));
        }
        Ok(Length::Fixed(lo_n))
    }

    fn cores(&mut self, c: &mut Cursor<'_, Token<'_>>, head: Token<'_>) -> Parsed<()> {
        self.once(|s| &mut s.cores, head, c.line)?;
        if let Some(line) = self.server_line {
            return self.fail(
                c.line,
                head.col,
                format!("the servers (line {line}) bring their own cores: remove \"cores\", or the servers"),
            );
        }
        let (n, col) = self.number(c, "the number of cores")?;
        self.cores_col = col;
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

    fn switch(&mut self, c: &mut Cursor<'_, Token<'_>>, head: Token<'_>) -> Parsed<()> {
        self.once(|s| &mut s.switch, head, c.line)?;
        let (n, col) = self.number(c, "the context-switch cost in ticks")?;
        self.end(c)?;
        self.scenario.switch_cost = self.ticks(n, col, c.line)?;
        Ok(())
    }

    fn queues(&mut self, c: &mut Cursor<'_, Token<'_>>, head: Token<'_>) -> Parsed<()> {
        self.once(|s| &mut s.queues, head, c.line)?;
        let word = self.word(c, "\"global\" or \"per-core\"")?;
        self.scenario.queues = match word.text {
            "global" => Queues::Global,
            "per-core" => Queues::PerCore {
                steal: c.take_word("steal"),
            },
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

    fn policy(&mut self, c: &mut Cursor<'_, Token<'_>>, head: Token<'_>) -> Parsed<()> {
        self.once(|s| &mut s.policy, head, c.line)?;
        let name = self.word(c, &format!("a policy ({})", POLICIES.join(", ")))?;
        let policy = match name.text {
            "fcfs" => Policy::Fcfs,
            "sjf" => Policy::Sjf,
            "srtf" => Policy::Srtf,
            "priority" => Policy::Priority {
                preemptive: c.take_word("preemptive"),
            },
            "rr" => {
                let options = self.options(c, &["quantum"])?;
                let quantum =
                    self.required(&options, "quantum", name, c.line, "policy rr quantum=2")?;
                Policy::RoundRobin {
                    quantum: self.positive(quantum, c.line)?,
                }
            }
            "mlfq" => Policy::Mlfq(self.mlfq(c, name)?),
            other => return self.unknown(c.line, name.col, "policy", other, POLICIES, ""),
        };
        self.end(c)?;
        self.scenario.policy = policy;
        Ok(())
    }

    /// `mlfq levels=L quantum=Q[,Q…] [allotment=A[,A…]] [boost=B] [stay] [iobump]`:
    /// one quantum doubles down the levels; a list gives each level's, and the levels.
    fn mlfq(&mut self, c: &mut Cursor<'_, Token<'_>>, name: Token<'_>) -> Parsed<Mlfq> {
        let (found, stay, io_bump) = self.mlfq_options(c)?;
        let get = |key: &str| found.iter().find(|f| f.0 == key);
        let Some((_, quanta, quantum_col)) = get("quantum") else {
            return self.fail(
                c.line,
                name.col,
                format!("\"mlfq\" needs quantum=N, for example \"{MLFQ_EXAMPLE}\""),
            );
        };
        let levels = match get("levels") {
            Some((_, l, _)) => self.mlfq_levels(c.line, l[0], quanta)?,
            None => self.mlfq_levels_of(c.line, name.col, quanta, *quantum_col)?,
        };
        let mut shape = self.mlfq_quanta(c.line, levels, quanta)?;
        if let Some((_, allotments, _)) = get("allotment") {
            shape.allotments = self.mlfq_allotments(c.line, levels, allotments)?;
        }
        let boost = get("boost").map_or((0, 0), |b| b.1[0]);
        self.boost_col = boost.1.max(1);
        shape.boost = self.ticks(boost.0, boost.1, c.line)?;
        shape.stay = stay;
        shape.io_bump = io_bump;
        Ok(shape)
    }

    /// An `mlfq` policy's options as written: each valued one (`levels`, `quantum`,
    /// `allotment`, `boost`) with its values and their columns, in any order, each at
    /// most once; and whether the words `stay` and `iobump` stand among them.
    fn mlfq_options<'a>(
        &mut self,
        c: &mut Cursor<'_, Token<'a>>,
    ) -> Parsed<(Vec<MlfqOption<'a>>, bool, bool)> {
        const KEYS: &[&str] = &["levels", "quantum", "allotment", "boost"];
        let mut found: Vec<MlfqOption<'a>> = Vec::new();
        let (mut stay, mut io_bump) = (false, false);
        while let Some(key) = c.peek().copied() {
            if key.kind != Kind::Word {
                break;
            }
            let valued = c
                .tokens
                .get(c.at + 1)
                .is_some_and(|t| t.kind == Kind::Equals);
            if !valued {
                match key.text {
                    "stay" if !stay => stay = true,
                    "iobump" if !io_bump => io_bump = true,
                    "stay" | "iobump" => {
                        return self.fail(
                            c.line,
                            key.col,
                            format!("\"{}\" is given twice", key.text),
                        );
                    }
                    _ => break,
                }
                c.at += 1;
                continue;
            }
            c.at += 2;
            if !KEYS.contains(&key.text) {
                let hint = suggest(key.text, KEYS.iter().copied())
                    .map(|s| format!("; did you mean \"{s}\"?"))
                    .unwrap_or_default();
                return self.fail(
                    c.line,
                    key.col,
                    format!(
                        "unknown option \"{}\"; expected {}, or the words stay and iobump{hint}",
                        key.text,
                        KEYS.join(", ")
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
            let what = format!("a number after \"{}=\"", key.text);
            let mut values = vec![self.number(c, &what)?];
            let listed = matches!(key.text, "quantum" | "allotment");
            while listed && c.peek().is_some_and(|t| t.kind == Kind::Comma) {
                c.at += 1;
                values.push(self.number(c, &format!("a number after \",\" in {}=", key.text))?);
            }
            found.push((key.text, values, key.col));
        }
        Ok((found, stay, io_bump))
    }

    /// The levels `levels=N` gives, and a list of quanta that fits them.
    fn mlfq_levels(
        &mut self,
        line: u32,
        (n, col): (u64, u32),
        quanta: &[(u64, u32)],
    ) -> Parsed<u32> {
        if n == 0 || n > u64::from(self.limits.mlfq_levels) {
            return self.fail(
                line,
                col,
                format!("levels must be between 1 and {}", self.limits.mlfq_levels),
            );
        }
        if quanta.len() > 1 && quanta.len() as u64 != n {
            return self.fail(
                line,
                quanta[0].1,
                format!(
                    "{} quanta for {n} levels: give one quantum, or one per level",
                    quanta.len()
                ),
            );
        }
        Ok(n as u32)
    }

    /// Without `levels=`, the levels a list of quanta gives (one each); a single quantum
    /// gives none.
    fn mlfq_levels_of(
        &mut self,
        line: u32,
        name_col: u32,
        quanta: &[(u64, u32)],
        quantum_col: u32,
    ) -> Parsed<u32> {
        match quanta.len() {
            1 => self.fail(
                line,
                name_col,
                format!(
                    "\"mlfq\" needs levels=N with one quantum, for example \"{MLFQ_EXAMPLE}\", or a quantum per level (quantum=10,20,40)"
                ),
            ),
            n if n as u64 > u64::from(self.limits.mlfq_levels) => self.fail(
                line,
                quantum_col,
                format!("levels must be between 1 and {}", self.limits.mlfq_levels),
            ),
            n => Ok(n as u32),
        }
    }

    /// The shape the quanta give: one quantum doubles down the levels, a list gives each
    /// level's.
    fn mlfq_quanta(&mut self, line: u32, levels: u32, quanta: &[(u64, u32)]) -> Parsed<Mlfq> {
        let mut shape = Mlfq::doubling(levels, 1, 0);
        if quanta.len() == 1 {
            let q = self.positive(quanta[0], line)?;
            shape = Mlfq::doubling(levels, q, 0);
        } else {
            shape.quanta = Vec::with_capacity(quanta.len());
            for &q in quanta {
                shape.quanta.push(self.positive(q, line)?);
            }
        }
        Ok(shape)
    }

    /// Each level's allotment of slices: one for every level, or one per level.
    fn mlfq_allotments(
        &mut self,
        line: u32,
        levels: u32,
        allotments: &[(u64, u32)],
    ) -> Parsed<Vec<u32>> {
        if allotments.len() > 1 && allotments.len() != levels as usize {
            return self.fail(
                line,
                allotments[0].1,
                format!(
                    "{} allotments for {levels} levels: give one allotment, or one per level",
                    allotments.len()
                ),
            );
        }
        let mut slices = Vec::with_capacity(allotments.len());
        for &(n, col) in allotments {
            match u32::try_from(n) {
                Ok(a) if a >= 1 => slices.push(a),
                _ => {
                    return self.fail(
                        line,
                        col,
                        format!(
                            "an allotment is a number of slices between 1 and {}",
                            u32::MAX
                        ),
                    );
                }
            }
        }
        Ok(match slices[..] {
            [a] => vec![a; levels as usize],
            _ => slices,
        })
    }

    fn lock(&mut self, c: &mut Cursor<'_, Token<'_>>) -> Parsed<()> {
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

    fn task(&mut self, c: &mut Cursor<'_, Token<'_>>) -> Parsed<()> {
        let name = self.word(c, "the task's name")?;
        let options = self.options(c, &["arrive", "priority"])?;
        match c.next().copied() {
            Some(t) if t.kind == Kind::Colon => {}
            other => {
                let col = other.map_or(c.end, |t| t.col);
                return self.fail(c.line, col, "expected \":\" and then the task's steps (task NAME [arrive=T] [priority=P]: cpu 3, io 2)".into());
            }
        }
        let mut task = Task {
            name: name.text.into(),
            arrive: 0,
            priority: 0,
            steps: Vec::new(),
            server: None,
            parent: None,
            backup_of: None,
        };
        for &(key, n, col) in &options {
            match key {
                "arrive" => task.arrive = self.ticks(n, col, c.line)?,
                _ => task.priority = self.priority(n, col, c.line)?,
            }
        }
        let index = self.scenario.tasks.len();
        task.steps = self
            .steps(c, Owner::Task(index))?
            .into_iter()
            .map(|p| match p {
                Pattern::Cpu(Length::Fixed(n)) => Step::Cpu(n),
                Pattern::Io(Length::Fixed(n)) => Step::Io(n),
                Pattern::Cpu(_) | Pattern::Io(_) => Step::Cpu(1), // refused in steps()
                Pattern::Acquire(l) => Step::Acquire(l),
                Pattern::Release(l) => Step::Release(l),
                Pattern::Spawn { job, count, hedge } => Step::Spawn { job, count, hedge },
                Pattern::Join => Step::Join,
            })
            .collect();
        let taken = self.task_names.contains(&task.name);
        let count = self.scenario.tasks.len() + self.scenario.requests.len();
        self.admit("task", name, taken, count, self.limits.tasks, c.line)?;
        self.task_names.insert(task.name.clone());
        self.scenario.tasks.push(task);
        self.task_lines.push(c.line);
        self.task_cols.push((self.longest_cpu.1, name.col));
        Ok(())
    }

    /// `key=value` options, in any order, each at most once, from the allowed keys.
    fn options<'a>(
        &mut self,
        c: &mut Cursor<'_, Token<'a>>,
        allowed: &[&str],
    ) -> Parsed<Vec<(&'a str, u64, u32)>> {
        let mut found: Vec<(&'a str, u64, u32)> = Vec::new();
        while let Some(key) = c.peek() {
            if key.kind != Kind::Word
                || c.tokens
                    .get(c.at + 1)
                    .is_none_or(|t| t.kind != Kind::Equals)
            {
                break;
            }
            c.at += 2;
            if !allowed.contains(&key.text) {
                let hint = suggest(key.text, allowed.iter().copied())
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
                format!("\"{}\" needs {key}=N, for example \"{example}\"", at.text),
            ),
        }
    }

    /// Takes the next token, which must be of `kind`; else fails, saying `what` was
    /// expected.
    fn expect<'a>(
        &mut self,
        c: &mut Cursor<'_, Token<'a>>,
        kind: Kind,
        what: &str,
    ) -> Parsed<Token<'a>> {
        match c.next().copied() {
            Some(t) if t.kind == kind => Ok(t),
            Some(t) => self.fail(
                c.line,
                t.col,
                format!("expected {what}, found {:?}", t.text),
            ),
            None => self.fail(
                c.line,
                c.end,
                format!("expected {what} at the end of the line"),
            ),
        }
    }

    fn word<'a>(&mut self, c: &mut Cursor<'_, Token<'a>>, what: &str) -> Parsed<Token<'a>> {
        self.expect(c, Kind::Word, what)
    }

    fn number(&mut self, c: &mut Cursor<'_, Token<'_>>, what: &str) -> Parsed<(u64, u32)> {
        let t = self.expect(c, Kind::Number, what)?;
        match t.text.parse::<u64>() {
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
        }
    }

    fn priority(&mut self, n: u64, col: u32, line: u32) -> Parsed<u32> {
        match u32::try_from(n) {
            Ok(p) => Ok(p),
            Err(_) => self.fail(line, col, format!("priority must be at most {}", u32::MAX)),
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

    fn end(&mut self, c: &mut Cursor<'_, Token<'_>>) -> Parsed<()> {
        match c.next().copied() {
            None => Ok(()),
            Some(t) => self.fail(
                c.line,
                t.col,
                format!("unexpected {:?} at the end of the statement", t.text),
            ),
        }
    }

    /// Points step `step` of `owner` at lock or job `index`.
    fn set_index(&mut self, owner: Owner, step: usize, index: usize) {
        let set = |p: &mut Pattern| match p {
            Pattern::Acquire(l) | Pattern::Release(l) | Pattern::Spawn { job: l, .. } => *l = index,
            _ => {}
        };
        match owner {
            Owner::Task(i) => {
                if let Some(Step::Acquire(l) | Step::Release(l) | Step::Spawn { job: l, .. }) = self
                    .scenario
                    .tasks
                    .get_mut(i)
                    .and_then(|t| t.steps.get_mut(step))
                {
                    *l = index;
                }
            }
            Owner::Requests(i) => {
                if let Some(p) = self
                    .scenario
                    .requests
                    .get_mut(i)
                    .and_then(|r| r.steps.get_mut(step))
                {
                    set(p);
                }
            }
            Owner::Job(i) => {
                if let Some(p) = self
                    .scenario
                    .jobs
                    .get_mut(i)
                    .and_then(|j| j.steps.get_mut(step))
                {
                    set(p);
                }
            }
            Owner::Group => {}
        }
    }

    fn owner_exists(&self, owner: Owner) -> bool {
        match owner {
            Owner::Task(i) => i < self.scenario.tasks.len(),
            Owner::Requests(i) => i < self.scenario.requests.len(),
            Owner::Job(i) => i < self.scenario.jobs.len(),
            Owner::Group => false,
        }
    }

    /// Resolves lock and job names, checks that each list of steps releases only what
    /// it holds, and the rules that span statements.
    fn finish(mut self) -> Result<Scenario, Diagnostics> {
        for (uses, what) in [
            (std::mem::take(&mut self.lock_uses), "lock"),
            (std::mem::take(&mut self.job_uses), "job"),
        ] {
            for u in uses {
                if !self.owner_exists(u.owner) {
                    continue; // the statement itself had an error
                }
                let names: Vec<&str> = if what == "lock" {
                    self.scenario
                        .locks
                        .iter()
                        .map(|l| l.name.as_str())
                        .collect()
                } else {
                    self.scenario.jobs.iter().map(|j| j.name.as_str()).collect()
                };
                match names.iter().position(|&n| n == u.name) {
                    Some(index) => self.set_index(u.owner, u.step, index),
                    None => {
                        let hint = suggest(&u.name, names.iter().copied())
                            .map(|s| format!("; did you mean \"{s}\"?"))
                            .unwrap_or_else(|| match what {
                                "lock" => format!("; declare it with \"lock {}\"", u.name),
                                _ => format!("; declare it with \"job {}: cpu 5\"", u.name),
                            });
                        self.errors.error(
                            u.line,
                            u.col,
                            format!("unknown {what} \"{}\"{hint}", u.name),
                        );
                    }
                }
            }
        }
        if self.errors.is_empty() {
            self.check_messaging();
        }
        if self.errors.is_empty() {
            self.check_releases();
        }
        if self.errors.is_empty() {
            self.check_machine();
        }
        if self.errors.is_empty() {
            self.check_bound();
        }
        if self.errors.is_empty() {
            Ok(self.scenario)
        } else {
            Err(self.errors.finish())
        }
    }

    fn check_machine(&mut self) {
        if let Some(line) = self.server_line {
            if let Some(q) = self.seen.queues {
                self.error(
                    q,
                    1,
                    format!("servers (line {line}) have a ready queue each: remove \"queues\""),
                );
            }
            self.scenario.cores = self.scenario.servers.iter().map(|s| s.cores).sum();
        }
        if let Some(line) = self.seen.threads
            && self.scenario.locks.iter().any(|l| l.name == THREADS_LOCK)
        {
            self.error(
                line,
                1,
                format!("\"threads\" adds a lock called \"{THREADS_LOCK}\"; rename the lock of that name"),
            );
        }
        // The limits, once requests and spawned tasks are counted.
        let (tasks, steps) = self.scenario.lowered_size();
        if tasks > self.limits.tasks as u64 || steps > self.limits.steps as u64 {
            let line = self
                .request_lines
                .first()
                .or(self.task_lines.first())
                .copied()
                .unwrap_or(1);
            self.error(
                line,
                1,
                format!(
                    "written out, the scenario has {tasks} tasks and {steps} steps; at most {} and {} are accepted",
                    self.limits.tasks, self.limits.steps
                ),
            );
        }
    }

    /// The run's size, bounded before it starts: a run over the limits is refused
    /// where its events come from.
    fn check_bound(&mut self) {
        let Err(refusal) = self.scenario.sized(self.limits) else {
            return;
        };
        let at = |lines: &[u32], cols: &[(u32, u32)], i: usize, count: bool| {
            let (cpu, other) = cols.get(i).copied().unwrap_or((1, 1));
            (
                lines.get(i).copied().unwrap_or(1),
                if count { other } else { cpu },
            )
        };
        let place = |source: Source, count: bool| match source {
            Source::Task(i) => at(&self.task_lines, &self.task_cols, i, count),
            Source::Requests(i) => at(&self.request_lines, &self.request_cols, i, count),
            Source::Job(i) => at(&self.job_lines, &self.job_cols, i, count),
        };
        let (line, col) = match refusal.focus {
            Focus::Cpu(source) => place(source, false),
            Focus::Count(source) => place(source, true),
            Focus::Cores => match (self.seen.cores, self.server_line) {
                (Some(line), _) => (line, self.cores_col),
                (None, Some(line)) => (line, 1),
                (None, None) => (1, 1),
            },
            Focus::Boost => (self.seen.policy.unwrap_or(1), self.boost_col),
        };
        self.error(line, col, refusal.message);
    }

    fn check_releases(&mut self) {
        let mut found = Vec::new();
        {
            let locks = &self.scenario.locks;
            let mut check =
                |what: &str, name: &str, line: u32, steps: &mut dyn Iterator<Item = Pattern>| {
                    let mut held = vec![0u64; locks.len()];
                    for step in steps {
                        match step {
                            Pattern::Acquire(l) => held[l] += 1,
                            Pattern::Release(l) if held[l] == 0 => {
                                found.push(Diagnostic {
                                    line,
                                    col: 1,
                                    message: format!(
                                        "{what} \"{name}\" releases lock \"{}\" without holding it",
                                        locks[l].name
                                    ),
                                });
                                break;
                            }
                            Pattern::Release(l) => held[l] -= 1,
                            _ => {}
                        }
                    }
                };
            for (i, task) in self.scenario.tasks.iter().enumerate() {
                let line = self.task_lines.get(i).copied().unwrap_or(1);
                check(
                    "task",
                    &task.name,
                    line,
                    &mut task.steps.iter().map(|&s| Pattern::from(s)),
                );
            }
            for (i, group) in self.scenario.requests.iter().enumerate() {
                let line = self.request_lines.get(i).copied().unwrap_or(1);
                check(
                    "requests",
                    &group.name,
                    line,
                    &mut group.steps.iter().copied(),
                );
            }
            for (i, job) in self.scenario.jobs.iter().enumerate() {
                let line = self.job_lines.get(i).copied().unwrap_or(1);
                check("job", &job.name, line, &mut job.steps.iter().copied());
            }
        }
        self.errors.extend(found);
    }
}

impl Cursor<'_, Token<'_>> {
    /// Takes the next token if it is the word `word`.
    fn take_word(&mut self, word: &str) -> bool {
        let found = self.peek().is_some_and(|t| t.text == word);
        self.at += usize::from(found);
        found
    }
}

impl crate::syntax::Located for Token<'_> {
    fn col(&self) -> u32 {
        self.col
    }
}

fn end_col(tokens: &[Token<'_>]) -> u32 {
    tokens
        .last()
        .map_or(1, |t| t.col + t.text.chars().count() as u32)
}
