//! Programs of threads that share memory: the model behind the synchronisation lessons.
//!
//! A program declares shared variables, mutexes, semaphores and condition variables,
//! and threads whose bodies are lists of *steps*. Every line of a thread body is one
//! atomic step, and a step touches shared memory at most once: `count = count + 1` is
//! refused (it is a read and a write), so a race is something the learner can see.
//!
//! ```
//! use interleave_sim::program::{self, Explorer};
//! let p = program::parse("shared count = 0
//! thread A:
//!     t = count
//!     count = t + 1
//! thread B:
//!     t = count
//!     count = t + 1
//! finally \"no update is lost\": count == 2").unwrap();
//! let mut explorer = Explorer::new(p, program::Search::default());
//! while !explorer.advance(10_000) {}
//! let report = explorer.finish();
//! assert_eq!(report.interleavings, Some(6));
//! assert_eq!(report.finals.iter().filter(|f| !f.ok).map(|f| f.interleavings.unwrap()).sum::<u128>(), 4);
//! ```
//!
//! The machine is a pure function of (program, schedule): a state is a fixed-width row
//! of integers, a step maps a state and a thread to the next state.

mod explore;
mod generate;
mod machine;
mod parse;
mod random;
mod text;

pub use explore::{
    DEFAULT_MAX_STATES, Exploration, Explorer, Final, Finding, FindingKind, MAX_STATE_SLOTS,
    MAX_STATES, Search, explore, most_states,
};
pub use generate::{head_start, philosophers};
pub use machine::{Blocker, Fault, FaultKind, Resource, Status, WaitEdge, WaitFor};
pub use parse::{MAX_PROGRAM_TEXT, MAX_THREADS, SYNTAX, parse};
pub use random::{DEFAULT_MAX_STEPS, MAX_RUNS, Random, Sampled, Sampler, Strategy, sample};
pub use text::{
    INVARIANT_STOPS, MAX_SCHEDULE, render, render_sampled, schedule_from_text, schedule_names,
    schedule_to_text,
};

/// A value of a variable. Arithmetic that leaves this range faults (it does not wrap).
pub type Value = i32;

/// A parsed program, ready to run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Program {
    pub shared: Vec<Shared>,
    pub mutexes: Vec<Name>,
    pub semaphores: Vec<Semaphore>,
    pub conditions: Vec<Name>,
    pub threads: Vec<Thread>,
    pub properties: Vec<Property>,
    /// What the learner is asked to make happen in the play view.
    pub goal: Option<Property>,
    layout: Layout,
}

/// A declared name and the line that declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub name: String,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    pub name: String,
    pub initial: Value,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Semaphore {
    pub name: String,
    /// The permits it starts with.
    pub permits: Value,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Thread {
    pub name: String,
    pub line: u32,
    /// Local variables, by slot; all start at 0.
    pub locals: Vec<String>,
    pub code: Vec<Instr>,
    /// The body's source lines (number and text without the indentation's first level),
    /// for listing the thread beside its state.
    pub listing: Vec<(u32, String)>,
}

/// One compiled instruction. Every variant but `Jump` is one atomic step; a `Jump` is
/// followed at once (it is the end of a loop body or of an `if` branch).
#[derive(Debug, Clone, PartialEq)]
pub struct Instr {
    pub op: Op,
    /// The source line this step is.
    pub line: u32,
    /// The step as written (trimmed), for listings and timelines.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// `place = expr`
    Assign(Place, Expr),
    /// `[local =] fetch_add(var, delta)`: one atomic read-modify-write.
    FetchAdd {
        local: Option<usize>,
        var: usize,
        delta: Expr,
    },
    Lock(usize),
    Unlock(usize),
    Acquire(usize),
    Release(usize),
    /// `wait cond, mutex`: releases the mutex and sleeps until signalled; then the
    /// thread takes the mutex again (a second step) before it goes on.
    Wait {
        cond: usize,
        mutex: usize,
    },
    Signal(usize),
    Broadcast(usize),
    Assert(Expr),
    /// `if`/`while`: evaluates the condition and goes to `target` when it is false.
    Branch(Expr, usize),
    Jump(usize),
    Skip,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Local(usize),
    Shared(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Const(i64),
    Local(usize),
    Shared(usize),
    /// `done`: every thread has finished (properties only).
    Done,
    /// `deadlock`: no thread can move and not all have finished (properties only).
    Deadlock,
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

/// A property of the program's states, checked by the explorer.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    pub kind: PropertyKind,
    /// What it says, in the author's words (or the expression's text).
    pub label: String,
    pub expr: Expr,
    pub line: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropertyKind {
    /// Holds in every reachable state.
    Always,
    /// Holds in every state where all threads have finished.
    Finally,
    /// The play view's goal: reach a state where it holds.
    Goal,
}

/// Where each part of the machine state sits in a state row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Layout {
    /// Per thread: program counter.
    pc: usize,
    /// Whether there are wait slots (only programs with conditions have them).
    waits: bool,
    /// Per thread: 0 running; k > 0 the k-th waiter of its condition; -1 signalled and
    /// waiting to take its mutex back.
    wait: usize,
    /// Per thread, the first of its locals.
    locals: Vec<usize>,
    shared: usize,
    /// Per mutex: the owning thread, or -1.
    owners: usize,
    /// Per semaphore: the permits left.
    permits: usize,
    /// Thread + 1 of the thread that faulted, or 0; then the fault's kind.
    fault: usize,
    width: usize,
}

/// One state of a program's machine. Its meaning is given by the program it came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct State(Box<[Value]>);

impl State {
    /// The row of integers the state is.
    pub fn slots(&self) -> &[Value] {
        &self.0
    }
}
