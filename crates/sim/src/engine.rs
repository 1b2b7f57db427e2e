//! The discrete-event engine: integer time, jumps from one event to the next (a burst
//! or quantum ending, a switch done, an I/O ending, an arrival, a boost), and applies
//! the rules of the scenario format at each event tick in a fixed order:
//!
//! 1. cores in core-number order: switches complete, bursts end, quanta expire;
//! 2. tasks entering the ready queue at this tick (arrivals, I/O ends, lock grants)
//!    enter in declaration order; then tasks whose quantum expired, in core order;
//! 3. an MLFQ boost, if one is due;
//! 4. free cores, in core-number order, take ready tasks;
//! 5. preemptive policies: a ready task strictly better than a running one takes its
//!    core (the worst running task is preempted first).
//!
//! MLFQ follows OSTEP's simulator instead in 2 and 3 ([`crate::policy`]'s `Feedback`):
//! tasks whose slice ended enter first, then the boost, then arrivals in declaration
//! order, then tasks back from waiting in declaration order.
//!
//! Requests, spawned tasks and the thread cap are lowered to plain tasks first
//! ([`Scenario::lower`]); with servers, a task is placed on one by the balancer when it
//! arrives (or on the server lowering pinned it to) and stays there.
//!
//! Pending events stay few: arrivals are a sorted stream, only I/O waits sit in a heap,
//! and each core has at most one event.

mod plan;

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, VecDeque};

use crate::model::{Balance, Queues, Scenario, Step, Tick};
use crate::policy::{Discipline, Feedback, View, discipline};
use crate::queue::ReadyQueue;
use crate::random::SplitMix64;
use crate::report::{Change, Demotion, Outcome, Report, Slice, State, TaskMetrics, Trace, Wait};
use plan::{Next, Plan};

/// What a run records besides the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Record the per-core slices and the per-task state changes.
    pub trace: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { trace: true }
    }
}

/// Runs a (valid) scenario to completion or deadlock, with its trace.
pub fn simulate(scenario: &Scenario) -> Report {
    simulate_with(scenario, Options::default())
}

pub fn simulate_with(scenario: &Scenario, options: Options) -> Report {
    Engine::new(scenario, options).run()
}

/// A run that can be advanced a slice at a time (so that a page can show progress,
/// stay responsive, and cancel), with the same result as [`simulate_with`].
pub struct Simulation<S: AsRef<Scenario>> {
    engine: Engine<S>,
    outcome: Option<Outcome>,
}

impl<S: AsRef<Scenario>> Simulation<S> {
    pub fn new(scenario: S, options: Options) -> Simulation<S> {
        Simulation {
            engine: Engine::new(scenario, options),
            outcome: None,
        }
    }

    /// Makes room in the trace, before the run, for as much as `bound` says it can
    /// hold, so that the trace never grows mid-run. A growing `Vec` copies itself:
    /// near the limits that is a copy of a hundred megabytes in one step, where a
    /// page in slices wants every step short. The bound is an upper bound, and memory
    /// reserved but never written costs address space, not pages. A core gets an
    /// equal share of the slices and grows past it if it takes more.
    pub fn reserve(&mut self, bound: &crate::Bound) {
        if !self.engine.options.trace {
            return;
        }
        let trace = &mut self.engine.trace;
        let cap = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        trace
            .changes
            .reserve_exact(cap(bound.events).saturating_sub(trace.changes.len()));
        let share = bound.slices.div_ceil(trace.cores.len().max(1) as u64);
        for slices in &mut trace.cores {
            slices.reserve_exact(cap(share).saturating_sub(slices.len()));
        }
    }

    /// Runs until at least `events` more state changes are processed or the run ends;
    /// returns whether it has ended.
    pub fn advance(&mut self, events: u64) -> bool {
        let target = self.engine.events.saturating_add(events);
        while self.outcome.is_none() && self.engine.events < target {
            self.outcome = self.engine.tick();
        }
        self.outcome.is_some()
    }

    /// Tasks completed so far, and tasks in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.engine.done, self.engine.tasks.len())
    }

    /// The report, running to the end first if needed.
    pub fn finish(self) -> Report {
        self.finish_written_out().0
    }

    /// The report, and the scenario written out if it had anything to write out
    /// (requests, spawns, a thread cap): the tasks the report's indices count. A
    /// caller that needs both lowers the text once, not twice.
    pub fn finish_written_out(mut self) -> (Report, Option<Scenario>) {
        while !self.advance(u64::MAX) {}
        let outcome = self.outcome.take().expect("advance ran to the end");
        self.engine.finish(outcome)
    }
}

/// How a task enters the ready queue: under MLFQ, arrivals enter before tasks back
/// from waiting at the same tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Arrival,
    Back,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Idle,
    Switch { until: Tick },
    Run { since: Tick, quantum_end: Tick },
}

struct Core {
    task: u32,
    phase: Phase,
    last: Option<u32>,
    busy: Tick,
}

/// Laid out in declaration order (`repr(C)`), the fields that every event reads or
/// writes first, the tally's sums of waiting and running among them, so that they share
/// a cache line as often as the size allows: with many tasks the engine waits on the
/// memory of the tasks it touches, not on its arithmetic.
#[repr(C)]
struct Task {
    /// Ticks left in the current CPU burst (as of `since` while running).
    remaining: Tick,
    /// When the task entered its state.
    since: Tick,
    /// Ticks left of its time slice (policies with a quantum).
    slice: Tick,
    state: State,
    step: u32,
    /// The queue it joins (per-core queues; with servers, its server's).
    home: u32,
    level: u32,
    /// The scenario's, kept here, where the policy's key reads it.
    priority: u32,
    tally: Tally,
    /// Slices left of its allotment at its level (MLFQ).
    slices: u32,
    /// Tasks it spawned that have not finished, and the next one it will spawn.
    pending: u32,
    next_child: u32,
    /// It has arrived (spawned tasks arrive when spawned; a hedge copy may never).
    arrived: bool,
    /// Hedging: the join has counted this task or its copy.
    answered: bool,
    /// Its hedge copy, if it has one.
    copy: Option<u32>,
}

/// What the report says of a task, kept lean while the run goes on (a run may have a
/// million tasks): a time not reached yet is [`NOT_YET`], and the name, turnaround and
/// response are made at the end.
#[derive(Debug, Clone, Copy)]
#[repr(C)]
struct Tally {
    /// The sums an event adds to most, first (see [`Task`]).
    waiting: Tick,
    running: Tick,
    arrival: Tick,
    first_run: Tick,
    completion: Tick,
    io: Tick,
    blocked: Tick,
    switching: Tick,
}

/// A time of a [`Tally`] not reached yet.
const NOT_YET: Tick = Tick::MAX;

impl Tally {
    fn reached(t: Tick) -> Option<Tick> {
        (t != NOT_YET).then_some(t)
    }

    fn metrics(self, name: String) -> TaskMetrics {
        let first_run = Tally::reached(self.first_run);
        let completion = Tally::reached(self.completion);
        TaskMetrics {
            name,
            arrival: self.arrival,
            first_run,
            completion,
            turnaround: completion.map(|c| c - self.arrival),
            waiting: self.waiting,
            response: first_run.map(|f| f - self.arrival),
            running: self.running,
            io: self.io,
            blocked: self.blocked,
            switching: self.switching,
        }
    }
}

struct Engine<S: AsRef<Scenario>> {
    scenario: S,
    /// The scenario written out, when it had anything to lower.
    lowered: Option<Scenario>,
    /// With servers: the server of each core, tasks in progress on each, and the
    /// balancer's state.
    core_server: Vec<u32>,
    slowdown: Vec<u64>,
    in_flight: Vec<u32>,
    next_server: u32,
    balance_rng: SplitMix64,
    /// The tasks' CPU and I/O steps, packed (None: read them from the scenario).
    plan: Option<Plan>,
    policy: Box<dyn Discipline>,
    feedback: Option<Feedback>,
    options: Options,
    now: Tick,
    /// The first arrival: where the makespan starts.
    first: Tick,
    tasks: Vec<Task>,
    cores: Vec<Core>,
    queues: Vec<ReadyQueue>,
    /// Tasks in all the ready queues: with none, no core can take or preempt.
    queued: usize,
    /// I/O waits: (end, task); equal ends in declaration order.
    io: BinaryHeap<Reverse<(Tick, u32)>>,
    /// Hedge copies due to start: (when, task).
    hedges: BinaryHeap<Reverse<(Tick, u32)>>,
    /// Task indices by (arrival, declaration).
    arrivals: Vec<u32>,
    next_arrival: usize,
    next_boost: Option<Tick>,
    free_permits: Vec<u32>,
    waiters: Vec<VecDeque<u32>>,
    /// (task, lock) -> permits held.
    held: BTreeMap<(u32, u32), u32>,
    /// Tasks becoming ready at this tick, each with its rank (MLFQ: arrivals first),
    /// and tasks a lock was just handed to.
    entrants: Vec<(Rank, u32)>,
    /// How a task that becomes ready now got there.
    entering: Rank,
    granted: Vec<u32>,
    expired: Vec<u32>,
    /// MLFQ with `io_bump`: tasks put at the head of their level at this tick.
    bumped: Vec<u32>,
    /// MLFQ: unfinished tasks below the top (a boost that moves none is not
    /// recorded).
    below_top: usize,
    done: usize,
    context_switches: u64,
    events: u64,
    ticks: u64,
    trace: Trace,
}

impl<S: AsRef<Scenario>> Engine<S> {
    fn new(owner: S, options: Options) -> Engine<S> {
        let lowered = match owner.as_ref().lower() {
            std::borrow::Cow::Owned(s) => Some(s),
            std::borrow::Cow::Borrowed(_) => None,
        };
        let scenario = lowered.as_ref().unwrap_or(owner.as_ref());
        let policy = discipline(&scenario.policy);
        let feedback = policy.feedback();
        let servers = scenario.servers.len() as u32;
        let core_server = scenario.core_servers();
        // With servers, their cores are the machine's, whatever `cores` says.
        let cores = if servers > 0 {
            (core_server.len() as u32).max(1)
        } else {
            scenario.cores.max(1)
        };
        let queue_count = match scenario.queues {
            _ if servers > 0 => servers,
            Queues::Global => 1,
            Queues::PerCore { .. } => cores,
        };
        let top = (policy.quantum(0).unwrap_or(0), policy.allotment(0));
        let tasks = initial_tasks(scenario, top, queue_count);
        let arrivals = arrival_order(scenario);
        let first_arrival = arrivals
            .first()
            .map_or(0, |&i| scenario.tasks[i as usize].arrive);
        let free_permits = scenario.locks.iter().map(|l| l.permits).collect();
        let waiters = scenario.locks.iter().map(|_| VecDeque::new()).collect();
        let slowdown = scenario
            .servers
            .iter()
            .map(|s| u64::from(s.slowdown.max(1)))
            .collect();
        let balance_rng = SplitMix64::stream(scenario.seed, u64::MAX);
        Engine {
            core_server,
            slowdown,
            in_flight: vec![0; servers as usize],
            next_server: 0,
            balance_rng,
            options,
            now: first_arrival,
            first: first_arrival,
            tasks,
            cores: (0..cores)
                .map(|_| Core {
                    task: 0,
                    phase: Phase::Idle,
                    last: None,
                    busy: 0,
                })
                .collect(),
            queues: (0..queue_count)
                .map(|_| ReadyQueue::new(policy.queue_kind()))
                .collect(),
            queued: 0,
            io: BinaryHeap::new(),
            hedges: BinaryHeap::new(),
            arrivals,
            next_arrival: 0,
            // Boosts fall on the multiples of the period, from tick 0.
            next_boost: policy
                .boost_period()
                .map(|b| (first_arrival / b).saturating_add(1).saturating_mul(b)),
            free_permits,
            waiters,
            held: BTreeMap::new(),
            entrants: Vec::new(),
            entering: Rank::Arrival,
            granted: Vec::new(),
            expired: Vec::new(),
            bumped: Vec::new(),
            below_top: 0,
            done: 0,
            context_switches: 0,
            events: 0,
            ticks: 0,
            trace: Trace {
                cores: vec![Vec::new(); cores as usize],
                changes: Vec::new(),
                demotions: Vec::new(),
                boosts: Vec::new(),
            },
            feedback,
            plan: Plan::of(scenario),
            policy,
            scenario: owner,
            lowered,
        }
    }

    /// The scenario the engine runs: the lowered one.
    fn sc(&self) -> &Scenario {
        self.lowered.as_ref().unwrap_or(self.scenario.as_ref())
    }

    fn run(mut self) -> Report {
        let outcome = loop {
            if let Some(outcome) = self.tick() {
                break outcome;
            }
        };
        self.finish(outcome).0
    }

    /// Everything that happens at the current tick, then on to the next event tick.
    /// Returns the outcome once there is one.
    fn tick(&mut self) -> Option<Outcome> {
        self.ticks += 1;
        self.step_cores();
        if self.feedback.is_some() {
            self.enqueue_expired();
        }
        self.boost_if_due();
        self.take_entrants();
        self.dispatch();
        self.preempt();
        if self.done == self.tasks.len() {
            return Some(Outcome::Completed);
        }
        match self.next_event() {
            Some(t) => {
                self.now = t;
                None
            }
            None => Some(self.deadlock()),
        }
    }

    /// The report, and the scenario written out if there was one (the tasks the
    /// report counts, and where their names come from).
    fn finish(mut self, outcome: Outcome) -> (Report, Option<Scenario>) {
        // Its memory is the report's now.
        self.plan = None;
        let first = self.first;
        let end = match &outcome {
            Outcome::Completed => self
                .tasks
                .iter()
                .filter_map(|t| Tally::reached(t.tally.completion))
                .max()
                .unwrap_or(first),
            Outcome::Deadlock { at, .. } => *at,
        };
        // Each task's record becomes its report in place: the names are the only new
        // memory.
        let tasks = std::mem::take(&mut self.tasks);
        let names = &self.sc().tasks;
        let tasks = tasks
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                t.tally
                    .metrics(names.get(i).map_or_else(String::new, |n| n.name.clone()))
            })
            .collect();
        let report = Report {
            outcome,
            cores: self.cores.len() as u32,
            makespan: end.saturating_sub(first),
            busy: self.cores.iter().map(|c| c.busy).collect(),
            context_switches: self.context_switches,
            tasks,
            events: self.events,
            ticks: self.ticks,
            trace: self.trace,
        };
        (report, self.lowered)
    }

    fn set_state(&mut self, task: u32, state: State) {
        let now = self.now;
        let t = &mut self.tasks[task as usize];
        let spent = now - t.since;
        match t.state {
            State::Ready => t.tally.waiting += spent,
            State::Io => t.tally.io += spent,
            State::Blocked(_) | State::Joining => t.tally.blocked += spent,
            State::Switching => t.tally.switching += spent,
            State::Running => t.tally.running += spent,
            State::Done => {}
        }
        t.state = state;
        t.since = now;
        self.events += 1;
        if self.options.trace {
            self.trace.changes.push(Change {
                time: now,
                task,
                state,
            });
        }
    }

    /// What the policy sees of a task that is not running.
    fn view(&self, task: u32) -> View {
        let t = &self.tasks[task as usize];
        View {
            remaining: t.remaining,
            priority: t.priority,
            level: t.level,
        }
    }

    /// What the policy sees of the task on core `c`, as of now.
    fn view_on_core(&self, c: usize) -> View {
        let mut view = self.view(self.cores[c].task);
        if let Phase::Run { since, .. } = self.cores[c].phase {
            view.remaining -= self.now - since;
        }
        view
    }

    /// Rule 1: each core's event at this tick, in core order.
    fn step_cores(&mut self) {
        for c in 0..self.cores.len() {
            let core = &self.cores[c];
            let task = core.task;
            match core.phase {
                Phase::Switch { until } if until == self.now => {
                    self.close_slice(c, until - self.sc().switch_cost, true);
                    self.start_running(c);
                }
                Phase::Run { since, quantum_end } => {
                    let t = &self.tasks[task as usize];
                    let burst_end = since + t.remaining;
                    if burst_end.min(quantum_end) != self.now {
                        continue;
                    }
                    self.account_running(c);
                    let slice_ended = self.slice_used(task);
                    let mut leaves = false;
                    if self.tasks[task as usize].remaining == 0 {
                        self.tasks[task as usize].step += 1;
                        leaves = !self.advance(task, true);
                    }
                    if !leaves && slice_ended {
                        self.expire(c);
                    } else if leaves {
                        self.leave_level(task, slice_ended);
                        self.close_slice(c, since, false);
                        self.tasks[task as usize].home = self.home_of(c);
                        self.cores[c].phase = Phase::Idle;
                    } else {
                        // A new CPU step right after the last one: the task keeps the core.
                        self.cores[c].phase = Phase::Run {
                            since: self.now,
                            quantum_end,
                        };
                    }
                }
                _ => {}
            }
        }
        self.grant_pending();
    }

    /// Charges the ticks a core's task ran since its phase began (or was last charged).
    fn account_running(&mut self, c: usize) {
        let Phase::Run { since, quantum_end } = self.cores[c].phase else {
            return;
        };
        let elapsed = self.now - since;
        let task = self.cores[c].task as usize;
        let t = &mut self.tasks[task];
        t.remaining -= elapsed;
        t.slice = t.slice.saturating_sub(elapsed);
        // First run: the first tick it really ran (a task preempted the tick its
        // switch completed has not run yet).
        if elapsed > 0 && t.tally.first_run == NOT_YET {
            t.tally.first_run = since;
        }
        self.cores[c].busy += elapsed;
        self.cores[c].phase = Phase::Run {
            since: self.now,
            quantum_end,
        };
    }

    fn slice_used(&self, task: u32) -> bool {
        self.policy.quantum(0).is_some() && self.tasks[task as usize].slice == 0
    }

    /// A task used up a slice: one slice less of its allotment, and a fresh slice, at
    /// the level below once the allotment is used up (MLFQ's rule 4).
    fn use_slice(&mut self, task: u32) {
        let t = &mut self.tasks[task as usize];
        t.slices = t.slices.saturating_sub(1);
        if t.slices == 0 {
            let level = self.policy.demote(t.level);
            if level != t.level {
                if t.level == 0 {
                    self.below_top += 1;
                }
                t.level = level;
                if self.options.trace {
                    self.trace.demotions.push(Demotion {
                        time: self.now,
                        task,
                        level,
                    });
                }
            }
            let t = &mut self.tasks[task as usize];
            t.slices = self.policy.allotment(t.level);
        }
        let t = &mut self.tasks[task as usize];
        t.slice = self.policy.quantum(t.level).unwrap_or(0);
    }

    /// MLFQ: a task gave up its core to wait (or ended). With `stay` its level starts
    /// afresh; a slice that ended with the burst counts as used (after `stay`'s reset,
    /// as in OSTEP's simulator).
    fn leave_level(&mut self, task: u32, slice_ended: bool) {
        let Some(feedback) = self.feedback else {
            return;
        };
        let t = &mut self.tasks[task as usize];
        if t.state == State::Done {
            return;
        }
        if feedback.stay {
            t.slice = self.policy.quantum(t.level).unwrap_or(0);
            t.slices = self.policy.allotment(t.level);
        }
        if slice_ended {
            self.use_slice(task);
        }
    }

    /// The task on core `c` used up its slice: it goes to the tail of its level's
    /// queue, or of the one below (MLFQ), after this tick's entrants (before them under
    /// MLFQ).
    fn expire(&mut self, c: usize) {
        let task = self.cores[c].task;
        self.close_slice(c, self.now, false);
        self.cores[c].phase = Phase::Idle;
        self.use_slice(task);
        self.tasks[task as usize].home = self.home_of(c);
        self.set_state(task, State::Ready);
        self.expired.push(task);
    }

    fn home_of(&self, core: usize) -> u32 {
        if !self.in_flight.is_empty() {
            self.core_server[core]
        } else if self.queues.len() == 1 {
            0
        } else {
            core as u32
        }
    }

    /// With servers: the server an arriving task runs on, by its pin or the balancer.
    fn place(&mut self, task: u32) {
        let servers = self.in_flight.len() as u32;
        if servers == 0 {
            return;
        }
        let server = match self.sc().tasks[task as usize].server {
            Some(s) => s % servers,
            None => match self.sc().balance {
                Balance::RoundRobin => {
                    let s = self.next_server;
                    self.next_server = (s + 1) % servers;
                    s
                }
                Balance::LeastConnections => (0..servers)
                    .min_by_key(|&s| (self.in_flight[s as usize], s))
                    .unwrap_or(0),
                Balance::Random => self.balance_rng.between(0, u64::from(servers) - 1) as u32,
                Balance::TwoChoices if servers == 1 => 0,
                Balance::TwoChoices => {
                    let a = self.balance_rng.between(0, u64::from(servers) - 1) as u32;
                    let b = self.balance_rng.between(0, u64::from(servers) - 2) as u32;
                    let b = if b >= a { b + 1 } else { b };
                    if self.in_flight[b as usize] < self.in_flight[a as usize] {
                        b
                    } else {
                        a
                    }
                }
            },
        };
        self.tasks[task as usize].home = server;
        self.in_flight[server as usize] += 1;
    }

    /// Runs a task's steps from its current one until it needs a core, waits, or ends.
    /// Returns whether it needs a core (on a core: keeps it; off: enters the ready queue).
    fn advance(&mut self, task: u32, on_core: bool) -> bool {
        loop {
            let Some(step) = self.step_of(task) else {
                self.set_state(task, State::Done);
                let t = &mut self.tasks[task as usize];
                if t.level > 0 {
                    self.below_top -= 1;
                }
                t.tally.completion = self.now;
                let home = t.home as usize;
                self.done += 1;
                if let Some(n) = self.in_flight.get_mut(home) {
                    *n -= 1;
                }
                if let Some(parent) = self.sc().tasks[task as usize].parent {
                    self.answer(task, parent);
                }
                return false;
            };
            match step {
                Step::Cpu(n) => {
                    let t = &mut self.tasks[task as usize];
                    t.remaining = match self.slowdown.get(t.home as usize) {
                        Some(&k) => n.saturating_mul(k),
                        None => n,
                    };
                    if !on_core {
                        self.set_state(task, State::Ready);
                        let rank = match self.feedback {
                            Some(_) => self.entering,
                            None => Rank::Arrival,
                        };
                        self.entrants.push((rank, task));
                    }
                    return on_core;
                }
                Step::Io(n) => {
                    self.set_state(task, State::Io);
                    self.io.push(Reverse((self.now + n, task)));
                    return false;
                }
                Step::Acquire(lock) => {
                    if self.free_permits[lock] > 0 {
                        self.free_permits[lock] -= 1;
                        *self.held.entry((task, lock as u32)).or_insert(0) += 1;
                        self.tasks[task as usize].step += 1;
                    } else {
                        self.set_state(task, State::Blocked(lock as u32));
                        self.waiters[lock].push_back(task);
                        return false;
                    }
                }
                Step::Release(lock) => {
                    if let Some(h) = self.held.get_mut(&(task, lock as u32)) {
                        *h -= 1;
                        if *h == 0 {
                            self.held.remove(&(task, lock as u32));
                        }
                    }
                    // The permit goes straight to the first waiter (FIFO).
                    match self.waiters[lock].pop_front() {
                        Some(waiter) => {
                            *self.held.entry((waiter, lock as u32)).or_insert(0) += 1;
                            self.tasks[waiter as usize].step += 1;
                            self.granted.push(waiter);
                        }
                        None => self.free_permits[lock] += 1,
                    }
                    self.tasks[task as usize].step += 1;
                }
                Step::Spawn { count, hedge, .. } => {
                    let t = &mut self.tasks[task as usize];
                    let first = t.next_child;
                    t.next_child += if hedge > 0 { 2 * count } else { count };
                    t.pending += count;
                    t.step += 1;
                    if hedge > 0 {
                        for copy in first + count..first + 2 * count {
                            self.hedges
                                .push(Reverse((self.now.saturating_add(hedge), copy)));
                        }
                    }
                    for child in first..first + count {
                        self.spawn(child);
                    }
                }
                Step::Join => {
                    if self.tasks[task as usize].pending == 0 {
                        self.tasks[task as usize].step += 1;
                    } else {
                        self.set_state(task, State::Joining);
                        return false;
                    }
                }
            }
        }
    }

    /// The step task `task` is at, from the plan if it has it; None past its last.
    fn step_of(&self, task: u32) -> Option<Step> {
        let at = self.tasks[task as usize].step;
        if let Some(plan) = &self.plan {
            match plan.next(task, at) {
                Next::Cpu(n) => return Some(Step::Cpu(n)),
                Next::Io(n) => return Some(Step::Io(n)),
                Next::End => return None,
                Next::Other => {}
            }
        }
        self.sc().tasks[task as usize]
            .steps
            .get(at as usize)
            .copied()
    }

    /// A spawned task finished: the first of a task and its hedge copy to finish
    /// answers its parent's join; a copy not yet started then never starts. (The other
    /// one, if running, runs on: its work is the price of the hedge.)
    fn answer(&mut self, task: u32, parent: u32) {
        let original = match self.sc().tasks[task as usize].backup_of {
            Some((of, _)) => of,
            None => task,
        };
        if self.tasks[original as usize].answered {
            return;
        }
        self.tasks[original as usize].answered = true;
        if let Some(copy) = self.tasks[original as usize].copy
            && !self.tasks[copy as usize].arrived
        {
            // Never sent: done, without a state change of its own.
            let c = &mut self.tasks[copy as usize];
            c.arrived = true;
            c.state = State::Done;
            self.done += 1;
        }
        let p = &mut self.tasks[parent as usize];
        p.pending -= 1;
        if p.pending == 0 && p.state == State::Joining {
            p.step += 1;
            self.granted.push(parent);
        }
    }

    /// A spawned task arrives now.
    fn spawn(&mut self, task: u32) {
        let now = self.now;
        let t = &mut self.tasks[task as usize];
        t.arrived = true;
        t.since = now;
        t.tally.arrival = now;
        self.events += 1;
        self.place(task);
        let entering = std::mem::replace(&mut self.entering, Rank::Arrival);
        self.advance(task, false);
        self.entering = entering;
    }

    /// Tasks that were handed a lock go on with their steps, off any core.
    fn grant_pending(&mut self) {
        let entering = std::mem::replace(&mut self.entering, Rank::Back);
        while let Some(task) = self.granted.pop() {
            self.advance(task, false);
        }
        self.entering = entering;
    }

    /// Rule 2: I/O ends and arrivals at this tick, then the entrants in declaration
    /// order, then the expired tasks in core order.
    fn take_entrants(&mut self) {
        self.entering = Rank::Back;
        while let Some(&Reverse((end, task))) = self.io.peek() {
            if end != self.now {
                break;
            }
            self.io.pop();
            self.tasks[task as usize].step += 1;
            self.advance(task, false);
            self.grant_pending();
        }
        self.entering = Rank::Arrival;
        while let Some(&task) = self.arrivals.get(self.next_arrival) {
            if self.sc().tasks[task as usize].arrive != self.now {
                break;
            }
            self.next_arrival += 1;
            self.events += 1;
            self.place(task);
            self.advance(task, false);
            self.grant_pending();
        }
        while let Some(&Reverse((at, copy))) = self.hedges.peek() {
            if at != self.now {
                break;
            }
            self.hedges.pop();
            if !self.tasks[copy as usize].arrived {
                self.spawn(copy);
                self.grant_pending();
            }
        }
        let mut entrants = std::mem::take(&mut self.entrants);
        entrants.sort_unstable();
        let bump = self.feedback.is_some_and(|f| f.io_bump);
        let back = entrants.partition_point(|&(rank, _)| rank == Rank::Arrival);
        for &(_, task) in &entrants[..back] {
            self.enqueue(task);
        }
        if bump {
            // Each to the head of its level, behind those bumped before it: they
            // keep their order ahead of the rest.
            for &(_, task) in &entrants[back..] {
                self.enqueue_front(task);
                self.bumped.push(task);
            }
        } else {
            for &(_, task) in &entrants[back..] {
                self.enqueue(task);
            }
        }
        entrants.clear();
        self.entrants = entrants;
        if self.feedback.is_none() {
            self.enqueue_expired();
        }
    }

    fn enqueue_expired(&mut self) {
        let expired = std::mem::take(&mut self.expired);
        for &task in &expired {
            self.enqueue(task);
        }
        self.expired = expired;
        self.expired.clear();
    }

    fn enqueue(&mut self, task: u32) {
        let key = self.policy.key(self.view(task));
        let home = self.tasks[task as usize].home as usize;
        self.queues[home].push(task, key);
        self.queued += 1;
    }

    /// MLFQ: to the head of its level, keeping its place; behind the tasks bumped to
    /// the head at this tick, which OSTEP's simulator puts ahead of the running task.
    fn enqueue_front(&mut self, task: u32) {
        let key = self.policy.key(self.view(task));
        let home = self.tasks[task as usize].home as usize;
        self.queues[home].push_front(task, key, &self.bumped);
        self.queued += 1;
    }

    /// Takes the task off core `c` and puts it back in the ready queue (MLFQ: at the
    /// head of its level); the core is left idle.
    fn unseat(&mut self, c: usize) {
        self.account_running(c);
        let task = self.cores[c].task;
        self.close_slice(c, self.now, false);
        self.cores[c].phase = Phase::Idle;
        self.tasks[task as usize].home = self.home_of(c);
        self.set_state(task, State::Ready);
    }

    /// Rule 3: every task back to the top level, with a fresh slice and allotment. A
    /// running task at the top goes on; one below goes back to the head of its level
    /// first, and takes its turn among the others.
    fn boost_if_due(&mut self) {
        let (Some(at), Some(period)) = (self.next_boost, self.policy.boost_period()) else {
            return;
        };
        if at != self.now {
            return;
        }
        self.next_boost = Some(at.saturating_add(period));
        let top = self.policy.quantum(0).unwrap_or(0);
        for c in (0..self.cores.len()).rev() {
            if let Phase::Run { .. } = self.cores[c].phase {
                let task = self.cores[c].task;
                if self.tasks[task as usize].level == 0 {
                    self.account_running(c);
                    self.cores[c].phase = Phase::Run {
                        since: self.now,
                        quantum_end: self.now + top,
                    };
                } else {
                    self.unseat(c);
                    self.enqueue_front(task);
                }
            }
        }
        if self.below_top > 0 && self.options.trace {
            self.trace.boosts.push(self.now);
        }
        self.below_top = 0;
        let slices = self.policy.allotment(0);
        for t in &mut self.tasks {
            t.level = 0;
            t.slice = top;
            t.slices = slices;
        }
        for q in &mut self.queues {
            q.boost();
        }
    }

    /// Rule 4: free cores take ready tasks in core order.
    fn dispatch(&mut self) {
        for c in 0..self.cores.len() {
            if self.queued == 0 {
                return;
            }
            if self.cores[c].phase != Phase::Idle {
                continue;
            }
            if let Some(task) = self.take_for(c) {
                self.start(c, task);
            }
        }
    }

    /// The next task for core `c`: from its queue or, stealing, from the longest other.
    fn take_for(&mut self, c: usize) -> Option<u32> {
        let own = self.home_of(c) as usize;
        let mut task = self.queues[own].pop();
        if task.is_none()
            && self.queued > 0
            && let Queues::PerCore { steal: true } = self.sc().queues
        {
            let victim = (0..self.queues.len())
                .filter(|&q| q != own)
                .max_by_key(|&q| (self.queues[q].len(), Reverse(q)))?;
            task = self.queues[victim].pop();
        }
        if task.is_some() {
            self.queued -= 1;
        }
        task
    }

    fn start(&mut self, c: usize, task: u32) {
        // A bumped task that takes a core has had its turn ahead of its level.
        if !self.bumped.is_empty() {
            self.bumped.retain(|&t| t != task);
        }
        let core = &mut self.cores[c];
        let other = core.last.is_some_and(|last| last != task);
        core.last = Some(task);
        core.task = task;
        if self.policy.fresh_slice_per_dispatch() {
            let t = &mut self.tasks[task as usize];
            t.slice = self.policy.quantum(t.level).unwrap_or(0);
        }
        if other {
            self.context_switches += 1;
        }
        if other && self.sc().switch_cost > 0 {
            self.cores[c].phase = Phase::Switch {
                until: self.now + self.sc().switch_cost,
            };
            self.set_state(task, State::Switching);
        } else {
            self.start_running(c);
        }
    }

    fn start_running(&mut self, c: usize) {
        let task = self.cores[c].task;
        let quantum_end = match self.policy.quantum(0) {
            Some(_) => self.now + self.tasks[task as usize].slice,
            None => Tick::MAX,
        };
        self.cores[c].phase = Phase::Run {
            since: self.now,
            quantum_end,
        };
        self.set_state(task, State::Running);
        self.open_slice(c);
    }

    /// Rule 5: strictly better ready tasks take the cores of the worst running ones
    /// (MLFQ with `io_bump`: a task bumped to the head of its level at this tick also
    /// takes the core of a running task of its level). An MLFQ task preempted keeps
    /// its place at the head of its level, and the rest of its slice.
    fn preempt(&mut self) {
        if !self.policy.preemptive() || self.queued == 0 {
            self.bumped.clear();
            return;
        }
        loop {
            let mut best: Option<(u64, usize)> = None; // (worst key, core)
            for c in 0..self.cores.len() {
                if let Phase::Run { .. } = self.cores[c].phase {
                    let queue = self.home_of(c) as usize;
                    let Some((ready, first)) = self.queues[queue].peek() else {
                        continue;
                    };
                    let running = self.policy.key(self.view_on_core(c));
                    let better =
                        ready < running || (ready == running && self.bumped.contains(&first));
                    if better && best.is_none_or(|(k, _)| running >= k) {
                        best = Some((running, c));
                    }
                }
            }
            let Some((_, c)) = best else { break };
            let task = self.cores[c].task;
            self.unseat(c);
            let next = self.take_for(c);
            if self.feedback.is_some() {
                self.enqueue_front(task);
            } else {
                self.enqueue(task);
            }
            if let Some(next) = next {
                self.start(c, next);
            }
        }
        self.bumped.clear();
    }

    fn next_event(&self) -> Option<Tick> {
        let mut next: Option<Tick> = None;
        let mut consider = |t: Tick| next = Some(next.map_or(t, |n: Tick| n.min(t)));
        let next_arrival = self.arrivals.get(self.next_arrival);
        for core in &self.cores {
            match core.phase {
                Phase::Idle => {}
                Phase::Switch { until } => consider(until),
                Phase::Run { since, quantum_end } => {
                    consider((since + self.tasks[core.task as usize].remaining).min(quantum_end));
                }
            }
        }
        if let Some(Reverse((end, _))) = self.io.peek() {
            consider(*end);
        }
        if let Some(Reverse((at, _))) = self.hedges.peek() {
            consider(*at);
        }
        if let Some(&task) = next_arrival {
            consider(self.sc().tasks[task as usize].arrive);
        }
        // A boost moves tasks between levels; alone it never makes progress.
        match (next, self.next_boost) {
            (Some(n), Some(boost)) => Some(n.min(boost)),
            _ => next,
        }
    }

    /// Nothing can happen any more, yet tasks remain: all wait for locks.
    fn deadlock(&self) -> Outcome {
        let name = |t: u32| self.sc().tasks[t as usize].name.clone();
        let lock_name = |l: u32| self.sc().locks[l as usize].name.clone();
        let waits: BTreeMap<u32, u32> = self
            .tasks
            .iter()
            .enumerate()
            .filter_map(|(i, t)| match t.state {
                State::Blocked(l) => Some((i as u32, l)),
                _ => None,
            })
            .collect();
        let blocked = waits
            .iter()
            .map(|(&t, &l)| Wait {
                task: name(t),
                lock: lock_name(l),
            })
            .collect();
        // Follow task -> lock it waits for -> a blocked holder of it, until a task repeats.
        let holder = |lock: u32| {
            self.held
                .keys()
                .filter(|(_, l)| *l == lock)
                .map(|(t, _)| *t)
                .find(|t| waits.contains_key(t))
        };
        let mut cycle = Vec::new();
        for &start in waits.keys() {
            let mut path: Vec<u32> = vec![start];
            let mut current = start;
            while let Some(next) = holder(waits[&current]) {
                if let Some(pos) = path.iter().position(|&t| t == next) {
                    cycle = path[pos..]
                        .iter()
                        .map(|&t| Wait {
                            task: name(t),
                            lock: lock_name(waits[&t]),
                        })
                        .collect();
                    break;
                }
                path.push(next);
                current = next;
            }
            if !cycle.is_empty() {
                break;
            }
        }
        Outcome::Deadlock {
            at: self.now,
            blocked,
            cycle,
        }
    }

    // The trace: a core's open slice starts when its task starts running and is
    // closed when the task leaves; a switch is a slice of its own.

    fn open_slice(&mut self, c: usize) {
        if !self.options.trace {
            return;
        }
        let task = self.cores[c].task;
        let now = self.now;
        let slices = &mut self.trace.cores[c];
        match slices.last_mut() {
            // The same task again with no gap: one slice.
            Some(last) if last.task == task && !last.switch && last.end == now => {
                last.end = Tick::MAX
            }
            _ => slices.push(Slice {
                start: now,
                end: Tick::MAX,
                task,
                switch: false,
            }),
        }
    }

    fn close_slice(&mut self, c: usize, start: Tick, switch: bool) {
        if !self.options.trace {
            return;
        }
        let now = self.now;
        let task = self.cores[c].task;
        let slices = &mut self.trace.cores[c];
        if switch {
            slices.push(Slice {
                start,
                end: now,
                task,
                switch: true,
            });
        } else if let Some(last) = slices.last_mut()
            && last.end == Tick::MAX
        {
            last.end = now;
            if last.start == now {
                slices.pop();
            }
        }
    }
}

/// Each task as the run starts: ready from its arrival at the top level with its slice
/// and allotment `top`, its home queue among `queues`, its first child, and the copy
/// that hedges it.
fn initial_tasks(scenario: &Scenario, top: (Tick, u32), queues: u32) -> Vec<Task> {
    let mut first_child = vec![u32::MAX; scenario.tasks.len()];
    for (i, t) in scenario.tasks.iter().enumerate() {
        if let Some(p) = t.parent
            && first_child[p as usize] == u32::MAX
        {
            first_child[p as usize] = i as u32;
        }
    }
    let mut tasks: Vec<Task> = scenario
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| Task {
            step: 0,
            priority: t.priority,
            remaining: 0,
            state: State::Ready,
            since: t.arrive,
            level: 0,
            slice: top.0,
            slices: top.1,
            home: (i as u64 % u64::from(queues)) as u32,
            pending: 0,
            next_child: first_child[i],
            arrived: false,
            answered: false,
            copy: None,
            tally: Tally {
                arrival: t.arrive,
                first_run: NOT_YET,
                completion: NOT_YET,
                waiting: 0,
                running: 0,
                io: 0,
                blocked: 0,
                switching: 0,
            },
        })
        .collect();
    for (i, t) in scenario.tasks.iter().enumerate() {
        if let Some((of, _)) = t.backup_of
            && let Some(original) = tasks.get_mut(of as usize)
        {
            original.copy = Some(i as u32);
        }
    }
    tasks
}

/// The tasks that arrive by themselves (not spawned), by arrival time, ties by number.
fn arrival_order(scenario: &Scenario) -> Vec<u32> {
    let mut arrivals: Vec<u32> = (0..scenario.tasks.len() as u32)
        .filter(|&i| scenario.tasks[i as usize].parent.is_none())
        .collect();
    arrivals.sort_by_key(|&i| (scenario.tasks[i as usize].arrive, i));
    arrivals
}
