//! The JavaScript event loop as a model a learner steps through: one call stack, a
//! task queue (timers, ordered by when they are due, then by when they were set) and a
//! microtask queue (promise callbacks, `queueMicrotask`, what follows an `await`).
//! The rules: a task runs to its end; then every microtask runs, those queued meanwhile
//! too, before the next task; an `await` of a value that is not a pending promise
//! returns to the caller and queues the rest of its function as one microtask; each
//! `.then` of a chain is queued when the callback before it returns.
//!
//! Each [`Snippet`] is also real JavaScript, shipped in the app's bundle
//! (`lessons/responsive/snippets.js`, under the same id): the lesson runs it and shows
//! that the real order of its logs is the model's ([`order`]); an end-to-end test checks
//! this for every snippet.

use std::collections::VecDeque;

/// One statement of a snippet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stmt {
    /// `log('A')`.
    Log(&'static str),
    /// `setTimeout(() => { body }, delay)`: a task, due `delay` ms from now.
    Timeout { delay: u32, body: &'static [Stmt] },
    /// `queueMicrotask(() => { body })`.
    Microtask(&'static [Stmt]),
    /// `Promise.resolve().then(() => { a }).then(() => { b })...`: the first callback
    /// queued now, each next one when the one before returns.
    Then(&'static [&'static [Stmt]]),
    /// A call of the async function `name`: its body runs now, until its first await.
    Async {
        name: &'static str,
        body: &'static [Stmt],
    },
    /// `await` of a value that is not a pending promise (inside an [`Stmt::Async`]).
    Await,
}

/// A snippet: its id (the real one's name in `snippets.js`), a title, what it shows,
/// and its statements, run as the script's one task.
#[derive(Debug, PartialEq)]
pub struct Snippet {
    pub id: &'static str,
    pub title: &'static str,
    pub point: &'static str,
    pub script: &'static [Stmt],
}

impl Snippet {
    /// The labels it logs, in the order they are written: what the learner orders.
    pub fn labels(&self) -> Vec<&'static str> {
        fn walk(body: &[Stmt], out: &mut Vec<&'static str>) {
            for stmt in body {
                match *stmt {
                    Stmt::Log(s) => out.push(s),
                    Stmt::Timeout { body, .. } | Stmt::Microtask(body) => walk(body, out),
                    Stmt::Async { body, .. } => walk(body, out),
                    Stmt::Then(callbacks) => callbacks.iter().for_each(|c| walk(c, out)),
                    Stmt::Await => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(self.script, &mut out);
        out
    }
}

use Stmt::{Async, Await, Log, Microtask, Then, Timeout};

pub static SNIPPETS: &[Snippet] = &[
    Snippet {
        id: "timeout-then",
        title: "A timer and a promise",
        point: "A promise's callback is a microtask: it runs as soon as the script's task \
                ends, before the timer's task, though the timer was set first with 0 ms.",
        script: &[
            Log("A"),
            Timeout {
                delay: 0,
                body: &[Log("B")],
            },
            Then(&[&[Log("C")]]),
            Log("D"),
        ],
    },
    Snippet {
        id: "microtasks-between-tasks",
        title: "Microtasks between tasks",
        point: "Every microtask runs before the next task, those a task queues too: the \
                microtask queued by the first timer runs before the second timer.",
        script: &[
            Timeout {
                delay: 0,
                body: &[Log("T1"), Microtask(&[Log("M2")])],
            },
            Timeout {
                delay: 0,
                body: &[Log("T2")],
            },
            Microtask(&[Log("M1")]),
            Log("S"),
        ],
    },
    Snippet {
        id: "await",
        title: "What await does",
        point: "An async function runs at once, up to its first await; then it returns to \
                its caller, and the rest of it waits in the microtask queue.",
        script: &[
            Log("S1"),
            Async {
                name: "f",
                body: &[Log("f1"), Await, Log("f2")],
            },
            Log("S2"),
        ],
    },
    Snippet {
        id: "then-and-await",
        title: "A chain of thens and two awaits",
        point: "Each then and each await is one trip through the microtask queue, so a \
                chain and an async function take turns, one step each.",
        script: &[
            Then(&[&[Log("p1")], &[Log("p2")]]),
            Async {
                name: "g",
                body: &[Log("a1"), Await, Log("a2"), Await, Log("a3")],
            },
            Microtask(&[Log("q")]),
            Log("sync"),
        ],
    },
    Snippet {
        id: "timer-delays",
        title: "Timers by their delay",
        point: "Tasks of timers run in the order they are due, not in the order they \
                were set; a microtask still goes first.",
        script: &[
            Timeout {
                delay: 10,
                body: &[Log("late")],
            },
            Timeout {
                delay: 0,
                body: &[Log("soon")],
            },
            Then(&[&[Log("micro")]]),
            Log("now"),
        ],
    },
];

pub fn find(id: &str) -> Option<&'static Snippet> {
    SNIPPETS.iter().find(|s| s.id == id)
}

/// What runs when a frame's body ends.
#[derive(Debug, Clone, Copy, PartialEq)]
enum After {
    Nothing,
    /// Queue callback `next` of this chain, if there is one.
    Then(&'static [&'static [Stmt]], usize),
}

/// A job: a task or a microtask waiting, or a frame on the stack once it runs.
#[derive(Debug, Clone, PartialEq)]
struct Job {
    label: String,
    body: &'static [Stmt],
    pc: usize,
    /// The async function this frame runs, if it is one.
    function: Option<&'static str>,
    after: After,
}

impl Job {
    fn new(label: String, body: &'static [Stmt]) -> Job {
        Job {
            label,
            body,
            pc: 0,
            function: None,
            after: After::Nothing,
        }
    }
}

/// The machine after one step: what is on the stack (the top last), what waits in each
/// queue (the next first), what was logged, and what the step did, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub stack: Vec<String>,
    pub tasks: Vec<String>,
    pub microtasks: Vec<String>,
    pub logged: Vec<&'static str>,
    pub said: String,
}

/// Every state of a snippet's run, one a step, from the script's start to the empty
/// loop.
pub fn trace(snippet: &Snippet) -> Vec<State> {
    let mut m = Machine::default();
    m.tasks
        .push((0, 0, Job::new("script".into(), snippet.script)));
    let mut states = Vec::new();
    // Each step does one thing; a snippet is short, but a bound keeps a bad one finite.
    for _ in 0..1_000 {
        let Some(said) = m.step() else { break };
        states.push(m.state(said));
    }
    states
}

/// The order of a snippet's logs, by the model.
pub fn order(snippet: &Snippet) -> Vec<&'static str> {
    trace(snippet)
        .last()
        .map(|s| s.logged.clone())
        .unwrap_or_default()
}

#[derive(Default)]
struct Machine {
    stack: Vec<Job>,
    /// Timers: (due, set order, job).
    tasks: Vec<(u32, u32, Job)>,
    microtasks: VecDeque<Job>,
    logged: Vec<&'static str>,
    now: u32,
    set: u32,
    callbacks: u32,
}

impl Machine {
    fn state(&self, said: String) -> State {
        let mut tasks = self.tasks.clone();
        tasks.sort_by_key(|t| (t.0, t.1));
        State {
            stack: self.stack.iter().map(|j| j.label.clone()).collect(),
            tasks: tasks
                .into_iter()
                .map(|(due, _, j)| format!("{} (due at {due} ms)", j.label))
                .collect(),
            microtasks: self.microtasks.iter().map(|j| j.label.clone()).collect(),
            logged: self.logged.clone(),
            said,
        }
    }

    fn label(&mut self, what: &str) -> String {
        self.callbacks += 1;
        format!("{what} #{}", self.callbacks)
    }

    /// One step; `None` when the stack and both queues are empty.
    fn step(&mut self) -> Option<String> {
        if let Some(top) = self.stack.last_mut() {
            let Some(&stmt) = top.body.get(top.pc) else {
                let done = self.stack.pop()?;
                if let After::Then(chain, next) = done.after
                    && let Some(&body) = chain.get(next)
                {
                    let mut job = Job::new(self.label("then callback"), body);
                    job.after = After::Then(chain, next + 1);
                    let label = job.label.clone();
                    self.microtasks.push_back(job);
                    return Some(format!(
                        "{} returns: its promise is resolved, so the next .then, {label}, \
                         joins the microtask queue.",
                        done.label
                    ));
                }
                return Some(format!("{} returns.", done.label));
            };
            top.pc += 1;
            return Some(self.run(stmt));
        }
        if let Some(job) = self.microtasks.pop_front() {
            let said = format!(
                "The stack is empty, so the loop runs the oldest microtask: {}.",
                job.label
            );
            self.stack.push(job);
            return Some(said);
        }
        let next = (0..self.tasks.len()).min_by_key(|&i| (self.tasks[i].0, self.tasks[i].1))?;
        let (due, _, job) = self.tasks.remove(next);
        self.now = self.now.max(due);
        let said = if job.label == "script" {
            "The script starts: it is the first task.".to_string()
        } else {
            format!(
                "No microtask is left, so the loop takes the next task: {}, due at {due} ms.",
                job.label
            )
        };
        self.stack.push(job);
        Some(said)
    }

    fn run(&mut self, stmt: Stmt) -> String {
        match stmt {
            Log(s) => {
                self.logged.push(s);
                format!("log('{s}') prints {s}.")
            }
            Timeout { delay, body } => {
                let label = self.label("timer");
                self.set += 1;
                self.tasks
                    .push((self.now + delay, self.set, Job::new(label.clone(), body)));
                format!("setTimeout: {label} will be a task, due in {delay} ms.")
            }
            Microtask(body) => {
                let label = self.label("queueMicrotask callback");
                self.microtasks.push_back(Job::new(label.clone(), body));
                format!("queueMicrotask: {label} joins the microtask queue.")
            }
            Then(chain) => {
                let Some(&first) = chain.first() else {
                    return "Promise.resolve() with no then: nothing is queued.".into();
                };
                let mut job = Job::new(self.label("then callback"), first);
                job.after = After::Then(chain, 1);
                let label = job.label.clone();
                self.microtasks.push_back(job);
                format!(
                    "Promise.resolve().then(...): the promise is already resolved, so {label} \
                     joins the microtask queue; a later .then waits for it."
                )
            }
            Async { name, body } => {
                let mut job = Job::new(format!("{name}()"), body);
                job.function = Some(name);
                self.stack.push(job);
                format!("{name}() is called: an async function runs at once, on the stack.")
            }
            Await => {
                let Some(frame) = self.stack.pop() else {
                    return "await outside a function does nothing here.".into();
                };
                let name = frame.function.unwrap_or("the function");
                let mut rest = Job::new(format!("{name} after await"), &frame.body[frame.pc..]);
                rest.function = frame.function;
                self.microtasks.push_back(rest);
                format!(
                    "await: {name} pauses and returns to its caller; the rest of it joins the \
                     microtask queue."
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_snippet_logs_in_the_order_javascript_does() {
        // The orders any JavaScript engine gives (checked against the real snippets in
        // the browser by the end-to-end tests).
        let expected = [
            ("timeout-then", "A D C B"),
            ("microtasks-between-tasks", "S M1 T1 M2 T2"),
            ("await", "S1 f1 S2 f2"),
            ("then-and-await", "a1 sync p1 a2 q p2 a3"),
            ("timer-delays", "now micro soon late"),
        ];
        assert_eq!(expected.len(), SNIPPETS.len());
        for (id, order_) in expected {
            let snippet = find(id).unwrap();
            assert_eq!(order(snippet).join(" "), order_, "{id}");
            // Every label is logged once.
            let mut labels = snippet.labels();
            let mut logged = order(snippet);
            labels.sort_unstable();
            logged.sort_unstable();
            assert_eq!(labels, logged, "{id}");
        }
    }

    #[test]
    fn a_trace_ends_with_an_empty_loop_and_says_each_step() {
        for snippet in SNIPPETS {
            let states = trace(snippet);
            let last = states.last().unwrap();
            assert!(last.stack.is_empty() && last.tasks.is_empty() && last.microtasks.is_empty());
            assert!(states.iter().all(|s| !s.said.is_empty()));
            assert_eq!(states[0].said, "The script starts: it is the first task.");
        }
    }

    #[test]
    fn the_await_trace_step_by_step() {
        let lines: Vec<String> = trace(find("await").unwrap())
            .iter()
            .map(|s| {
                format!(
                    "[{}] [{}] {}",
                    s.stack.join(", "),
                    s.microtasks.join(", "),
                    s.said
                )
            })
            .collect();
        expect_test::expect![[r#"
            [script] [] The script starts: it is the first task.
            [script] [] log('S1') prints S1.
            [script, f()] [] f() is called: an async function runs at once, on the stack.
            [script, f()] [] log('f1') prints f1.
            [script] [f after await] await: f pauses and returns to its caller; the rest of it joins the microtask queue.
            [script] [f after await] log('S2') prints S2.
            [] [f after await] script returns.
            [f after await] [] The stack is empty, so the loop runs the oldest microtask: f after await.
            [f after await] [] log('f2') prints f2.
            [] [] f after await returns."#]]
        .assert_eq(&lines.join("\n"));
    }
}
