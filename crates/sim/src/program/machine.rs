//! The machine: a program's initial state, what one step of one thread does to a
//! state, who is blocked on what, and the wait-for graph.
//!
//! Waiting is FIFO: a semaphore or mutex goes to whichever waiting thread the schedule
//! picks, but `signal` wakes the thread that has waited longest on its condition. A
//! fault (a failed `assert`, unlocking a mutex one does not hold, dividing by zero, a
//! value out of range) stops the whole program: the state keeps the faulting thread at
//! the step that failed.

use super::{BinOp, Expr, Op, Place, Program, Property, PropertyKind, State, Value};

/// What a thread can do next in a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ready,
    Blocked(Blocker),
    Done,
    /// The program stopped: some thread faulted.
    Stopped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocker {
    /// Waits for a mutex that `owner` holds.
    Mutex { mutex: usize, owner: usize },
    /// Waits for a permit.
    Semaphore(usize),
    /// Sleeps until the condition is signalled.
    Condition(usize),
}

/// Why the program stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub thread: usize,
    pub line: u32,
    pub kind: FaultKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    Assertion = 1,
    UnlockNotHeld = 2,
    WaitNotHeld = 3,
    DivideByZero = 4,
    Overflow = 5,
}

impl FaultKind {
    fn from_code(code: Value) -> Option<FaultKind> {
        Some(match code {
            1 => FaultKind::Assertion,
            2 => FaultKind::UnlockNotHeld,
            3 => FaultKind::WaitNotHeld,
            4 => FaultKind::DivideByZero,
            5 => FaultKind::Overflow,
            _ => return None,
        })
    }
}

/// One edge of the wait-for graph: `thread` holds `resource`, or waits for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitEdge {
    pub thread: usize,
    pub resource: Resource,
    pub holds: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Resource {
    Mutex(usize),
    Semaphore(usize),
    Condition(usize),
}

/// Who holds what and who waits for what; `cycle` lists (thread, mutex it waits for)
/// around a cycle of mutexes, if there is one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WaitFor {
    pub edges: Vec<WaitEdge>,
    pub cycle: Vec<(usize, usize)>,
}

impl Program {
    pub fn initial(&self) -> State {
        let l = &self.layout;
        let mut slots = vec![0; l.width];
        for (i, s) in self.shared.iter().enumerate() {
            slots[l.shared + i] = s.initial;
        }
        for m in 0..self.mutexes.len() {
            slots[l.owners + m] = -1;
        }
        for (i, s) in self.semaphores.iter().enumerate() {
            slots[l.permits + i] = s.permits;
        }
        for t in 0..self.threads.len() {
            slots[l.pc + t] = self.follow(t, 0) as Value;
        }
        State(slots.into_boxed_slice())
    }

    /// The width of a state row.
    pub(super) fn width(&self) -> usize {
        self.layout.width
    }

    /// Skips the jumps at `pc`: they are not steps.
    fn follow(&self, thread: usize, mut pc: usize) -> usize {
        let code = &self.threads[thread].code;
        for _ in 0..=code.len() {
            match code.get(pc).map(|i| &i.op) {
                Some(Op::Jump(to)) => pc = *to,
                _ => return pc,
            }
        }
        pc
    }

    pub fn pc(&self, s: &State, thread: usize) -> usize {
        s.0[self.layout.pc + thread] as usize
    }

    /// The source line of the step `thread` takes next (None when it has finished).
    pub fn next_line(&self, s: &State, thread: usize) -> Option<u32> {
        self.threads[thread]
            .code
            .get(self.pc(s, thread))
            .map(|i| i.line)
    }

    pub fn shared_value(&self, s: &State, var: usize) -> Value {
        s.0[self.layout.shared + var]
    }

    pub fn local(&self, s: &State, thread: usize, local: usize) -> Value {
        s.0[self.layout.locals[thread] + local]
    }

    pub fn owner(&self, s: &State, mutex: usize) -> Option<usize> {
        usize::try_from(s.0[self.layout.owners + mutex]).ok()
    }

    pub fn permits(&self, s: &State, semaphore: usize) -> Value {
        s.0[self.layout.permits + semaphore]
    }

    /// The threads asleep on `cond`, longest waiting first.
    pub fn waiters(&self, s: &State, cond: usize) -> Vec<usize> {
        let mut w: Vec<(Value, usize)> = (0..self.threads.len())
            .filter_map(|t| {
                let ticket = if self.layout.waits {
                    s.0[self.layout.wait + t]
                } else {
                    0
                };
                (ticket > 0 && self.waits_on(&s.0, t) == Some(cond)).then_some((ticket, t))
            })
            .collect();
        w.sort_unstable();
        w.into_iter().map(|(_, t)| t).collect()
    }

    fn waits_on(&self, s: &[Value], thread: usize) -> Option<usize> {
        match self.threads[thread]
            .code
            .get(s[self.layout.pc + thread] as usize)?
            .op
        {
            Op::Wait { cond, .. } => Some(cond),
            _ => None,
        }
    }

    pub fn fault(&self, s: &State) -> Option<Fault> {
        let f = self.layout.fault;
        let thread = usize::try_from(s.0[f] - 1).ok()?;
        Some(Fault {
            thread,
            line: self.next_line(s, thread).unwrap_or(0),
            kind: FaultKind::from_code(s.0[f + 1])?,
        })
    }

    pub fn describe_fault(&self, fault: &Fault) -> String {
        let t = &self.threads[fault.thread];
        let step = t
            .code
            .iter()
            .find(|i| i.line == fault.line)
            .map_or("", |i| i.text.as_str());
        let what = match fault.kind {
            FaultKind::Assertion => "the assertion failed",
            FaultKind::UnlockNotHeld => "it unlocks a mutex it does not hold",
            FaultKind::WaitNotHeld => "it waits without holding the mutex",
            FaultKind::DivideByZero => "division by zero",
            FaultKind::Overflow => "a value left the range of 32-bit integers",
        };
        format!(
            "{} stopped at line {} (\"{step}\"): {what}",
            t.name, fault.line
        )
    }

    pub fn status(&self, s: &State, thread: usize) -> Status {
        status_of(self, &s.0, thread)
    }

    /// Every thread has finished.
    pub fn is_done(&self, s: &State) -> bool {
        all_done(self, &s.0)
    }

    /// Not all threads have finished, nothing faulted, and no thread can move.
    pub fn is_deadlock(&self, s: &State) -> bool {
        deadlocked(self, &s.0)
    }

    /// Whether `property` holds in `s` (`done` and `deadlock` included).
    pub fn holds(&self, property: &Property, s: &State) -> bool {
        holds(self, &property.expr, &s.0)
    }

    /// The first `always` property that `s` breaks.
    pub fn broken_invariant(&self, s: &State) -> Option<&Property> {
        broken_invariant(self, &s.0)
    }

    /// The state after `thread` takes its next step, or None where it cannot.
    pub fn step(&self, s: &State, thread: usize) -> Option<State> {
        let mut next = s.0.to_vec();
        step_into(self, &s.0, thread, &mut next).then(|| State(next.into_boxed_slice()))
    }

    /// Runs a schedule from the initial state: every state it passes through, the
    /// initial one first. Fails at the first step whose thread cannot move, with why.
    pub fn replay(&self, schedule: &[usize]) -> Result<Vec<State>, (usize, String)> {
        let mut states = vec![self.initial()];
        for (i, &t) in schedule.iter().enumerate() {
            let last = states.last().expect("at least the initial state");
            if t >= self.threads.len() {
                return Err((i, format!("there is no thread number {}", t + 1)));
            }
            match self.step(last, t) {
                Some(next) => states.push(next),
                None => {
                    let why = match self.status(last, t) {
                        Status::Done => "has finished",
                        Status::Stopped => "cannot move: the program stopped",
                        _ => "is blocked",
                    };
                    return Err((i, format!("{} {why}", self.threads[t].name)));
                }
            }
        }
        Ok(states)
    }

    pub fn wait_for(&self, s: &State) -> WaitFor {
        let mut edges = Vec::new();
        for (m, _) in self.mutexes.iter().enumerate() {
            if let Some(owner) = self.owner(s, m) {
                edges.push(WaitEdge {
                    thread: owner,
                    resource: Resource::Mutex(m),
                    holds: true,
                });
            }
        }
        for t in 0..self.threads.len() {
            if let Status::Blocked(b) = self.status(s, t) {
                let resource = match b {
                    Blocker::Mutex { mutex, .. } => Resource::Mutex(mutex),
                    Blocker::Semaphore(k) => Resource::Semaphore(k),
                    Blocker::Condition(c) => Resource::Condition(c),
                };
                edges.push(WaitEdge {
                    thread: t,
                    resource,
                    holds: false,
                });
            }
        }
        WaitFor {
            edges,
            cycle: self.cycle(s),
        }
    }

    /// A cycle of threads each waiting for a mutex the next one holds.
    fn cycle(&self, s: &State) -> Vec<(usize, usize)> {
        let n = self.threads.len();
        for start in 0..n {
            let mut path: Vec<(usize, usize)> = Vec::new();
            let mut t = start;
            while let Status::Blocked(Blocker::Mutex { mutex, owner }) = self.status(s, t) {
                if let Some(at) = path.iter().position(|&(p, _)| p == t) {
                    return path.split_off(at);
                }
                path.push((t, mutex));
                t = owner;
                if path.len() > n {
                    break;
                }
            }
            if let Some(at) = path.iter().position(|&(p, _)| p == t) {
                return path.split_off(at);
            }
        }
        Vec::new()
    }

    /// Says in words why no thread can move.
    pub fn describe_deadlock(&self, s: &State) -> String {
        let wf = self.wait_for(s);
        let name = |t: usize| self.threads[t].name.as_str();
        if !wf.cycle.is_empty() {
            let parts: Vec<String> = wf
                .cycle
                .iter()
                .enumerate()
                .map(|(i, &(t, m))| {
                    let held = wf.cycle[(i + wf.cycle.len() - 1) % wf.cycle.len()].1;
                    format!(
                        "{} holds {} and waits for {}",
                        name(t),
                        self.mutexes[held].name,
                        self.mutexes[m].name
                    )
                })
                .collect();
            return format!("deadlock: {}", parts.join("; "));
        }
        let parts: Vec<String> = (0..self.threads.len())
            .filter_map(|t| match self.status(s, t) {
                Status::Blocked(Blocker::Mutex { mutex, owner }) => Some(format!(
                    "{} waits for {}, held by {}",
                    name(t),
                    self.mutexes[mutex].name,
                    name(owner)
                )),
                Status::Blocked(Blocker::Semaphore(k)) => Some(format!(
                    "{} waits for a permit of {}",
                    name(t),
                    self.semaphores[k].name
                )),
                Status::Blocked(Blocker::Condition(c)) => Some(format!(
                    "{} waits for a signal on {} that no one will send",
                    name(t),
                    self.conditions[c].name
                )),
                _ => None,
            })
            .collect();
        format!("every thread left is blocked: {}", parts.join("; "))
    }
}

pub(super) fn status_of(p: &Program, s: &[Value], thread: usize) -> Status {
    let l = &p.layout;
    if s[l.fault] != 0 {
        return Status::Stopped;
    }
    let pc = s[l.pc + thread] as usize;
    let Some(instr) = p.threads[thread].code.get(pc) else {
        return Status::Done;
    };
    let wait = if l.waits { s[l.wait + thread] } else { 0 };
    match instr.op {
        Op::Wait { cond, .. } if wait > 0 => Status::Blocked(Blocker::Condition(cond)),
        Op::Wait { mutex, .. } if wait < 0 => mutex_status(s, l.owners, mutex),
        Op::Lock(m) => mutex_status(s, l.owners, m),
        Op::Acquire(k) if s[l.permits + k] <= 0 => Status::Blocked(Blocker::Semaphore(k)),
        _ => Status::Ready,
    }
}

fn mutex_status(s: &[Value], owners: usize, mutex: usize) -> Status {
    match usize::try_from(s[owners + mutex]) {
        Ok(owner) => Status::Blocked(Blocker::Mutex { mutex, owner }),
        Err(_) => Status::Ready,
    }
}

pub(super) fn all_done(p: &Program, s: &[Value]) -> bool {
    s[p.layout.fault] == 0
        && p.threads
            .iter()
            .enumerate()
            .all(|(t, th)| s[p.layout.pc + t] as usize >= th.code.len())
}

pub(super) fn deadlocked(p: &Program, s: &[Value]) -> bool {
    s[p.layout.fault] == 0
        && !all_done(p, s)
        && (0..p.threads.len()).all(|t| status_of(p, s, t) != Status::Ready)
}

pub(super) fn faulted(p: &Program, s: &[Value]) -> bool {
    s[p.layout.fault] != 0
}

pub(super) fn broken_invariant<'p>(p: &'p Program, s: &[Value]) -> Option<&'p Property> {
    p.properties
        .iter()
        .find(|q| q.kind == PropertyKind::Always && !holds(p, &q.expr, s))
}

pub(super) fn holds(p: &Program, e: &Expr, s: &[Value]) -> bool {
    eval(p, e, s, None).is_ok_and(|v| v != 0)
}

/// Takes `thread`'s next step from `s`, writing the new state into `out` (a copy of
/// `s` on entry). Returns false, leaving `out` as it was, when the thread cannot move.
pub(super) fn step_into(p: &Program, s: &[Value], thread: usize, out: &mut [Value]) -> bool {
    if status_of(p, s, thread) != Status::Ready {
        return false;
    }
    let l = &p.layout;
    let pc = s[l.pc + thread] as usize;
    let op = &p.threads[thread].code[pc].op;
    let locals = l.locals[thread];
    let wait = if l.waits { s[l.wait + thread] } else { 0 };
    let mut next = pc + 1;
    let result: Result<(), FaultKind> = (|| {
        match op {
            Op::Wait { mutex, .. } if wait < 0 => {
                // Signalled: take the mutex back and go on.
                out[l.owners + mutex] = thread as Value;
                out[l.wait + thread] = 0;
            }
            Op::Assign(place, e) => {
                let v = to_value(eval(p, e, s, Some(thread))?)?;
                match place {
                    Place::Local(i) => out[locals + i] = v,
                    Place::Shared(i) => out[l.shared + i] = v,
                }
            }
            Op::FetchAdd { local, var, delta } => {
                let old = s[l.shared + var];
                let d = eval(p, delta, s, Some(thread))?;
                out[l.shared + var] = to_value(i64::from(old) + d)?;
                if let Some(i) = local {
                    out[locals + i] = old;
                }
            }
            Op::Lock(m) => out[l.owners + m] = thread as Value,
            Op::Unlock(m) => {
                if s[l.owners + m] != thread as Value {
                    return Err(FaultKind::UnlockNotHeld);
                }
                out[l.owners + m] = -1;
            }
            Op::Acquire(k) => out[l.permits + k] -= 1,
            Op::Release(k) => out[l.permits + k] = to_value(i64::from(s[l.permits + k]) + 1)?,
            Op::Wait { cond, mutex } => {
                if s[l.owners + mutex] != thread as Value {
                    return Err(FaultKind::WaitNotHeld);
                }
                out[l.owners + mutex] = -1;
                let queued = (0..p.threads.len())
                    .filter(|&t| s[l.wait + t] > 0 && p.waits_on(s, t) == Some(*cond))
                    .count();
                out[l.wait + thread] = queued as Value + 1;
                next = pc; // asleep at the wait until signalled
            }
            Op::Signal(c) | Op::Broadcast(c) => {
                let all = matches!(op, Op::Broadcast(_));
                for t in 0..p.threads.len() {
                    let ticket = s[l.wait + t];
                    if ticket > 0 && p.waits_on(s, t) == Some(*c) {
                        if all || ticket == 1 {
                            out[l.wait + t] = -1;
                        } else {
                            out[l.wait + t] = ticket - 1;
                        }
                    }
                }
            }
            Op::Assert(e) => {
                if eval(p, e, s, Some(thread))? == 0 {
                    return Err(FaultKind::Assertion);
                }
            }
            Op::Branch(e, target) => {
                if eval(p, e, s, Some(thread))? == 0 {
                    next = *target;
                }
            }
            Op::Jump(target) => next = *target,
            Op::Skip => {}
        }
        Ok(())
    })();
    match result {
        Ok(()) => out[l.pc + thread] = p.follow(thread, next) as Value,
        Err(kind) => {
            out.copy_from_slice(s);
            out[l.fault] = thread as Value + 1;
            out[l.fault + 1] = kind as Value;
        }
    }
    true
}

fn to_value(v: i64) -> Result<Value, FaultKind> {
    Value::try_from(v).map_err(|_| FaultKind::Overflow)
}

fn eval(p: &Program, e: &Expr, s: &[Value], thread: Option<usize>) -> Result<i64, FaultKind> {
    Ok(match e {
        Expr::Const(c) => *c,
        Expr::Local(i) => match thread {
            Some(t) => i64::from(s[p.layout.locals[t] + i]),
            None => 0,
        },
        Expr::Shared(i) => i64::from(s[p.layout.shared + i]),
        Expr::Done => i64::from(all_done(p, s)),
        Expr::Deadlock => i64::from(deadlocked(p, s)),
        Expr::Not(a) => i64::from(eval(p, a, s, thread)? == 0),
        Expr::Neg(a) => eval(p, a, s, thread)?
            .checked_neg()
            .ok_or(FaultKind::Overflow)?,
        Expr::Binary(op, a, b) => {
            let x = eval(p, a, s, thread)?;
            // `and`/`or` short-circuit, as in every language the learner knows.
            match op {
                BinOp::And if x == 0 => return Ok(0),
                BinOp::Or if x != 0 => return Ok(1),
                _ => {}
            }
            let y = eval(p, b, s, thread)?;
            let overflow = FaultKind::Overflow;
            match op {
                BinOp::Add => x.checked_add(y).ok_or(overflow)?,
                BinOp::Sub => x.checked_sub(y).ok_or(overflow)?,
                BinOp::Mul => x.checked_mul(y).ok_or(overflow)?,
                BinOp::Div | BinOp::Rem if y == 0 => return Err(FaultKind::DivideByZero),
                BinOp::Div => x.checked_div(y).ok_or(overflow)?,
                BinOp::Rem => x.checked_rem(y).ok_or(overflow)?,
                BinOp::Eq => i64::from(x == y),
                BinOp::Ne => i64::from(x != y),
                BinOp::Lt => i64::from(x < y),
                BinOp::Le => i64::from(x <= y),
                BinOp::Gt => i64::from(x > y),
                BinOp::Ge => i64::from(x >= y),
                BinOp::And | BinOp::Or => i64::from(y != 0),
            }
        }
    })
}
