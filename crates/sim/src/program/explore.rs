//! The explorer: every interleaving of a program, searched breadth-first over its
//! states (a state reached twice is expanded once), so that the first path found to a
//! state is a shortest one.
//!
//! A run *ends* when every thread has finished, when no thread can move (a deadlock),
//! when a thread faults, or when an `always` property breaks. The number of
//! interleavings (complete runs) is counted exactly by counting paths in the graph of
//! states, which is far cheaper than enumerating them. A program that can loop has
//! infinitely many; then the explorer says so and looks for *livelocks*: states from
//! which no run can ever end.
//!
//! With a preemption bound k, only schedules that switch away from a thread that could
//! have gone on at most k times are searched (switching at a block or an end is free):
//! most concurrency bugs need very few preemptions, and the search shrinks a lot.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::machine::{
    all_done, broken_invariant, deadlocked, faulted, holds, status_of, step_into,
};
use super::{Program, PropertyKind, State, Status, Value};
use packed::Packed;

mod packed;

/// What to search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Search {
    /// At most this many preemptions per run; None: no bound.
    pub preemption_bound: Option<u32>,
    /// Stop once this many states are stored.
    pub max_states: usize,
}

impl Default for Search {
    fn default() -> Self {
        Search {
            preemption_bound: None,
            max_states: DEFAULT_MAX_STATES,
        }
    }
}

/// The explorer's default limit: a few hundred MB at most in a browser tab.
pub const DEFAULT_MAX_STATES: usize = 2_000_000;
/// The largest limit accepted.
pub const MAX_STATES: usize = 50_000_000;
/// The most numbers the search stores for its states (at most 4 bytes each, 256 MiB;
/// one each while every value fits in a byte): a wide
/// state (many variables, locals and threads) lowers the state limit, so that neither
/// memory nor time grows with the product of the limit and the state's width.
pub const MAX_STATE_SLOTS: usize = 64 << 20;

/// The most states a search of `program` stores, whatever its limit asks: a wide state
/// lowers it (see [`MAX_STATE_SLOTS`]). `bounded`: under a preemption bound, whose
/// nodes carry two slots more.
pub fn most_states(program: &Program, bounded: bool) -> usize {
    (MAX_STATE_SLOTS / node_width(program, bounded).max(1)).clamp(1, MAX_STATES)
}

/// Slots of a stored node: the machine state, then (last thread, preemptions) under a
/// bound.
fn node_width(program: &Program, bounded: bool) -> usize {
    program.width() + if bounded { 2 } else { 0 }
}

/// What the explorer found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Exploration {
    pub search: Search,
    /// Distinct states stored.
    pub states: u64,
    /// Steps from a state to a successor that were examined.
    pub transitions: u64,
    /// False when the state limit stopped the search: then counts are lower bounds and
    /// "no bad state" proves nothing.
    pub complete: bool,
    /// Complete runs; None when some run can loop forever (or the search is incomplete).
    pub interleavings: Option<u128>,
    /// The length of the longest shortest path: the depth of the search.
    pub depth: u32,
    /// Runs where every thread finished, grouped by the shared variables' values.
    pub finals: Vec<Final>,
    /// Everything that went wrong, each with its shortest schedule.
    pub findings: Vec<Finding>,
    /// A shortest schedule to a state where the goal holds, if one was found.
    pub goal: Option<Vec<usize>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Final {
    /// (name, value) of every shared variable.
    pub values: Vec<(String, Value)>,
    /// Distinct end states with these values (locals and locks may differ).
    pub states: u64,
    /// Runs that end here.
    pub interleavings: Option<u128>,
    /// Every `finally` property holds.
    pub ok: bool,
    /// A shortest schedule that ends here.
    pub schedule: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Finding {
    pub kind: FindingKind,
    /// What happened, in words.
    pub message: String,
    /// Distinct states where it happens.
    pub states: u64,
    /// Runs that end this way (None where runs can loop, and for livelocks).
    pub interleavings: Option<u128>,
    /// A shortest schedule that gets there.
    pub schedule: Vec<usize>,
    /// For a deadlock: (thread, mutex it waits for) around the wait-for cycle.
    pub cycle: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum FindingKind {
    /// A thread's `assert` failed, or another fault stopped the program.
    Fault,
    /// An `always` property broke.
    Invariant,
    /// A `finally` property does not hold at the end.
    Finally,
    Deadlock,
    /// States from which no run ever ends.
    Livelock,
}

pub(super) const OPEN: u8 = 0;
const FINAL: u8 = 1;
const DEADLOCK: u8 = 2;
const FAULT: u8 = 3;
const BROKEN: u8 = 4;
const EMPTY: u32 = u32::MAX;
/// A slot of the table that holds no state.
const VACANT: u64 = u64::MAX;
/// States expanded together (see [`Explorer::advance`]).
const RUN: usize = 16;

/// A breadth-first search that can be advanced in slices (a browser worker reports
/// progress between them).
pub struct Explorer {
    program: Arc<Program>,
    search: Search,
    /// Slots of the machine state.
    width: usize,
    /// Slots of a node: the state, then (last thread, preemptions) under a bound.
    node: usize,
    /// The nodes, one after another, each slot as narrow as they all allow (compared
    /// slot by slot, never with `memcmp`, which in wasm is a loop over bytes).
    arena: Packed,
    /// Open addressing over states: each slot holds a state's 32-bit hash (high half)
    /// and its id (low half), so that growing the table, and most mismatches, touch
    /// neither the states nor a second array.
    table: Vec<u64>,
    parent: Vec<u32>,
    via: Vec<u8>,
    kind: Vec<u8>,
    edge_start: Vec<u32>,
    edges: Vec<u32>,
    next: usize,
    truncated: bool,
    goal: Option<u32>,
    current: Vec<Value>,
    /// The successors of the state being expanded, one node after another.
    scratch: Vec<Value>,
    /// Their threads and hashes.
    successors: Vec<(u8, u32)>,
    /// Where each state's successors end in `successors`, for a run of states.
    ends: Vec<u32>,
}

impl Explorer {
    pub fn new(program: impl Into<Arc<Program>>, search: Search) -> Self {
        let program: Arc<Program> = program.into();
        let width = program.width();
        let node = node_width(&program, search.preemption_bound.is_some());
        let search = Search {
            max_states: search
                .max_states
                .clamp(1, MAX_STATES)
                .min(most_states(&program, search.preemption_bound.is_some())),
            ..search
        };
        let first = program.initial();
        let mut e = Explorer {
            program,
            search,
            width,
            node,
            arena: Packed::default(),
            table: vec![VACANT; 1024],
            parent: Vec::new(),
            via: Vec::new(),
            kind: Vec::new(),
            edge_start: vec![0],
            edges: Vec::new(),
            next: 0,
            truncated: false,
            goal: None,
            current: vec![0; node],
            scratch: Vec::new(),
            successors: Vec::new(),
            ends: Vec::new(),
        };
        let mut first = first.slots().to_vec();
        if search.preemption_bound.is_some() {
            first.extend([-1, 0]);
        }
        e.insert(&first, Self::hash(&first), EMPTY, 0);
        e
    }

    pub fn program(&self) -> &Program {
        &self.program
    }

    /// States stored so far.
    pub fn states(&self) -> usize {
        self.kind.len()
    }

    /// States stored but not yet expanded.
    pub fn frontier(&self) -> usize {
        self.kind.len() - self.next
    }

    /// Expands up to `budget` states; true when the search is over.
    ///
    /// States go in runs of [`RUN`]: the successors of the whole run first, then
    /// their slots of the table fetched all at once, then inserted in order, so that
    /// the table's cache misses (most of a search's time) overlap one another and the
    /// work between them, where one insert after another waits for each in turn. The
    /// order of the ids is the breadth-first order all the same.
    pub fn advance(&mut self, budget: usize) -> bool {
        let mut left = budget;
        while left > 0 && !self.truncated && self.next < self.kind.len() {
            let run = self.next..(self.next + left.min(RUN)).min(self.kind.len());
            left -= run.len();
            let mut batch = std::mem::take(&mut self.scratch);
            batch.clear();
            self.successors.clear();
            self.ends.clear();
            for id in run.clone() {
                if self.kind[id] == OPEN {
                    self.successors_of(id, &mut batch);
                }
                self.ends.push(self.successors.len() as u32);
            }
            self.fetch();
            let mut k = 0;
            for (i, id) in run.enumerate() {
                while k < self.ends[i] as usize {
                    let (t, hash) = self.successors[k];
                    let node = &batch[k * self.node..(k + 1) * self.node];
                    match self.insert(node, hash, id as u32, t) {
                        Some(to) => self.edges.push(to),
                        None => return true,
                    }
                    k += 1;
                }
                self.edge_start.push(self.edges.len() as u32);
                self.next += 1;
            }
            self.scratch = batch;
        }
        self.truncated || self.next >= self.kind.len()
    }

    /// The successors of stored state `id` onto `batch`, one node after another, and
    /// their threads and hashes onto `self.successors`.
    fn successors_of(&mut self, id: usize, batch: &mut Vec<Value>) {
        let p = &*self.program;
        let w = self.width;
        self.arena.read(id * self.node, &mut self.current);
        let (last, preempted) = match self.search.preemption_bound {
            Some(_) => (self.current[w], self.current[w + 1]),
            None => (-1, 0),
        };
        let last_ready = usize::try_from(last)
            .is_ok_and(|l| status_of(p, &self.current[..w], l) == Status::Ready);
        for t in 0..p.threads.len() {
            let mut preemptions = preempted;
            if let Some(bound) = self.search.preemption_bound
                && last_ready
                && last != t as Value
            {
                preemptions += 1;
                if preemptions as u32 > bound {
                    continue;
                }
            }
            let at = batch.len();
            batch.extend_from_slice(&self.current);
            if !step_into(p, &self.current[..w], t, &mut batch[at..at + w]) {
                batch.truncate(at);
                continue;
            }
            if self.search.preemption_bound.is_some() {
                batch[at + w] = t as Value;
                batch[at + w + 1] = preemptions;
            }
            self.successors
                .push((t as u8, Self::hash(&batch[at..at + self.node])));
        }
    }

    /// Asks for the table's slot of every successor at once.
    fn fetch(&self) {
        let mask = self.table.len() - 1;
        std::hint::black_box(
            self.successors
                .iter()
                .fold(0, |acc, &(_, h)| acc ^ self.table[h as usize & mask]),
        );
    }

    /// A state's hash: its slots two to a word, the words dealt to four lanes that
    /// do not wait for one another (one chain of multiplies, a slot at a time, was a
    /// quarter of the search), then the lanes mixed together. Only the table uses it,
    /// so it may change freely.
    fn hash(slots: &[Value]) -> u32 {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        // One step of a lane: a pair of slots (the last may be alone) folded in.
        let mix = |lane: &mut u64, pair: &[Value]| {
            let word =
                u64::from(pair[0] as u32) | u64::from(pair.get(1).map_or(0, |&v| v as u32)) << 32;
            *lane = (*lane ^ word).wrapping_mul(K).rotate_left(23);
        };
        let mut lanes: [u64; 4] = [
            0x243f_6a88_85a3_08d3,
            0x1319_8a2e_0370_7344,
            0xa409_3822_299f_31d0,
            0x082e_fa98_ec4e_6c89,
        ];
        let mut eights = slots.chunks_exact(8);
        for eight in &mut eights {
            for (lane, pair) in lanes.iter_mut().zip(eight.chunks_exact(2)) {
                mix(lane, pair);
            }
        }
        for (lane, pair) in lanes.iter_mut().zip(eights.remainder().chunks(2)) {
            mix(lane, pair);
        }
        let mut h = lanes[0]
            ^ lanes[1].rotate_left(16)
            ^ lanes[2].rotate_left(32)
            ^ lanes[3].rotate_left(48);
        // The finish of MurmurHash3: every bit of the lanes reaches the low bits the
        // table indexes with.
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^= h >> 33;
        (h >> 32) as u32 ^ h as u32
    }

    /// The id of `node`, stored now if it is new. None when the state limit is reached.
    fn insert(&mut self, node: &[Value], hash: u32, parent: u32, via: u8) -> Option<u32> {
        let mask = self.table.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let slot = self.table[i];
            if slot == VACANT {
                break;
            }
            if (slot >> 32) as u32 == hash {
                let id = slot as u32;
                let at = id as usize * self.node;
                if self.arena.same(at, node) {
                    return Some(id);
                }
            }
            i = (i + 1) & mask;
        }
        if self.kind.len() >= self.search.max_states {
            self.truncated = true;
            return None;
        }
        let id = self.kind.len() as u32;
        self.table[i] = u64::from(hash) << 32 | u64::from(id);
        self.arena.push(node);
        self.parent.push(parent);
        self.via.push(via);
        let s = &node[..self.width];
        let p = &*self.program;
        self.kind.push(end_of(p, s));
        if self.goal.is_none() && p.goal.as_ref().is_some_and(|g| holds(p, &g.expr, s)) {
            self.goal = Some(id);
        }
        if self.kind.len() * 2 > self.table.len() {
            self.grow();
        }
        Some(id)
    }

    fn grow(&mut self) {
        let size = self.table.len() * 2;
        let mut table = vec![VACANT; size];
        let mask = size - 1;
        for &slot in self.table.iter().filter(|&&s| s != VACANT) {
            let mut i = (slot >> 32) as usize & mask;
            while table[i] != VACANT {
                i = (i + 1) & mask;
            }
            table[i] = slot;
        }
        self.table = table;
    }

    fn schedule(&self, mut id: u32) -> Vec<usize> {
        let mut steps = Vec::new();
        while self.parent[id as usize] != EMPTY {
            steps.push(self.via[id as usize] as usize);
            id = self.parent[id as usize];
        }
        steps.reverse();
        steps
    }

    fn state(&self, id: usize) -> State {
        let mut slots = vec![0; self.width];
        self.arena.read(id * self.node, &mut slots);
        State(slots.into())
    }

    /// Counts paths from the initial state through the graph in topological order;
    /// None if the graph has a cycle (some run can go on forever).
    ///
    /// Where every step leads to a state found later (as in any program whose every
    /// step moves one thread on, so that every run to a state has the same length),
    /// the ids are a topological order already, and one pass in their order, which
    /// reads the edges in turn and writes near where it wrote last, counts them all;
    /// otherwise the graph is sorted (Kahn's algorithm).
    fn count_paths(&self) -> Option<Vec<u128>> {
        if self.forward() {
            Some(self.paths_in_order())
        } else {
            self.paths_sorted()
        }
    }

    /// Whether every edge leads to a state with a greater id.
    fn forward(&self) -> bool {
        self.edge_start.windows(2).enumerate().all(|(id, w)| {
            self.edges[w[0] as usize..w[1] as usize]
                .iter()
                .all(|&to| to as usize > id)
        })
    }

    /// Paths counted in the order of the ids ([`Self::forward`] graphs only).
    fn paths_in_order(&self) -> Vec<u128> {
        let mut paths = vec![0u128; self.kind.len()];
        paths[0] = 1;
        for (id, w) in self.edge_start.windows(2).enumerate() {
            let here = paths[id];
            for &to in &self.edges[w[0] as usize..w[1] as usize] {
                paths[to as usize] = paths[to as usize].saturating_add(here);
            }
        }
        paths
    }

    /// Paths counted in a topological order found by Kahn's algorithm; None if there
    /// is none.
    fn paths_sorted(&self) -> Option<Vec<u128>> {
        let n = self.kind.len();
        let mut indegree = vec![0u32; n];
        for &to in &self.edges {
            indegree[to as usize] += 1;
        }
        let mut paths = vec![0u128; n];
        paths[0] = 1;
        let mut ready: Vec<u32> = (0..n as u32)
            .filter(|&i| indegree[i as usize] == 0)
            .collect();
        let mut done = 0;
        while let Some(id) = ready.pop() {
            done += 1;
            let id = id as usize;
            let (lo, hi) = (
                self.edge_start[id] as usize,
                self.edge_start[id + 1] as usize,
            );
            for &to in &self.edges[lo..hi] {
                let to = to as usize;
                paths[to] = paths[to].saturating_add(paths[id]);
                indegree[to] -= 1;
                if indegree[to] == 0 {
                    ready.push(to as u32);
                }
            }
        }
        (done == n).then_some(paths)
    }

    /// States from which some ending state can be reached.
    fn can_end(&self) -> Vec<bool> {
        let n = self.kind.len();
        let mut start = vec![0u32; n + 1];
        for &to in &self.edges {
            start[to as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut from = vec![0u32; self.edges.len()];
        for id in 0..n {
            let (lo, hi) = (
                self.edge_start[id] as usize,
                self.edge_start[id + 1] as usize,
            );
            for &to in &self.edges[lo..hi] {
                from[fill[to as usize] as usize] = id as u32;
                fill[to as usize] += 1;
            }
        }
        let mut reached = vec![false; n];
        let mut stack: Vec<u32> = (0..n as u32)
            .filter(|&i| self.kind[i as usize] != OPEN)
            .collect();
        for &i in &stack {
            reached[i as usize] = true;
        }
        while let Some(id) = stack.pop() {
            let id = id as usize;
            for &f in &from[start[id] as usize..start[id + 1] as usize] {
                if !reached[f as usize] {
                    reached[f as usize] = true;
                    stack.push(f);
                }
            }
        }
        reached
    }

    /// The report. Call when `advance` has returned true (or earlier, to stop).
    pub fn finish(self) -> Exploration {
        let p = &*self.program;
        let complete = !self.truncated && self.next >= self.kind.len();
        let paths = if complete { self.count_paths() } else { None };
        let count = |id: usize| paths.as_ref().map(|p| p[id]);
        let add = |a: Option<u128>, b: Option<u128>| match (a, b) {
            (Some(a), Some(b)) => Some(a.saturating_add(b)),
            _ => None,
        };
        let mut interleavings = paths.as_ref().map(|_| 0u128);
        let mut finals: BTreeMap<Vec<Value>, Final> = BTreeMap::new();
        let mut findings: BTreeMap<(FindingKind, String), Finding> = BTreeMap::new();
        for id in 0..self.kind.len() {
            let kind = self.kind[id];
            if kind == OPEN {
                continue;
            }
            interleavings = add(interleavings, count(id));
            let state = self.state(id);
            let ending = ending(p, &state, kind);
            if let Some(values) = ending.values {
                let entry = finals.entry(values.clone()).or_insert_with(|| Final {
                    values: named(p, &values),
                    states: 0,
                    interleavings: paths.as_ref().map(|_| 0),
                    ok: ending.finding.is_none(),
                    schedule: self.schedule(id as u32),
                });
                entry.states += 1;
                entry.interleavings = add(entry.interleavings, count(id));
            }
            let Some(Wrong {
                kind: found,
                message,
                cycle,
            }) = ending.finding
            else {
                continue;
            };
            let entry = findings
                .entry((found, message.clone()))
                .or_insert_with(|| Finding {
                    kind: found,
                    message,
                    states: 0,
                    interleavings: paths.as_ref().map(|_| 0),
                    schedule: self.schedule(id as u32),
                    cycle,
                });
            entry.states += 1;
            entry.interleavings = add(entry.interleavings, count(id));
        }
        // Livelocks only make sense on the whole graph: under a bound, a thread that
        // spins once its preemptions are spent is an artefact of the bound.
        if complete && paths.is_none() && self.search.preemption_bound.is_none() {
            let can_end = self.can_end();
            let stuck: Vec<usize> = (0..self.kind.len()).filter(|&i| !can_end[i]).collect();
            if let Some(&first) = stuck.first() {
                findings.insert(
                    (FindingKind::Livelock, String::new()),
                    Finding {
                        kind: FindingKind::Livelock,
                        message: "livelock: from here no run ever ends; the threads can only go round in circles".into(),
                        states: stuck.len() as u64,
                        interleavings: None,
                        schedule: self.schedule(first as u32),
                        cycle: Vec::new(),
                    },
                );
            }
        }
        let depth = self
            .kind
            .len()
            .checked_sub(1)
            .map_or(0, |last| self.schedule(last as u32).len() as u32);
        Exploration {
            search: self.search,
            states: self.kind.len() as u64,
            transitions: self.edges.len() as u64,
            complete,
            interleavings,
            depth,
            finals: finals.into_values().collect(),
            findings: findings.into_values().collect(),
            goal: self.goal.map(|g| self.schedule(g)),
        }
    }
}

/// How a run stands at a state: still open, or ended (every thread finished, a
/// deadlock, a fault, an `always` broken).
pub(super) fn end_of(p: &Program, s: &[Value]) -> u8 {
    if faulted(p, s) {
        FAULT
    } else if broken_invariant(p, s).is_some() {
        BROKEN
    } else if all_done(p, s) {
        FINAL
    } else if deadlocked(p, s) {
        DEADLOCK
    } else {
        OPEN
    }
}

/// What a run's end means: the shared values where every thread finished, and what
/// went wrong, if anything, in words (with the wait-for cycle of a deadlock).
pub(super) struct Ending {
    pub values: Option<Vec<Value>>,
    pub finding: Option<Wrong>,
}

/// What went wrong at a run's end.
pub(super) struct Wrong {
    pub kind: FindingKind,
    pub message: String,
    /// For a deadlock: (thread, mutex it waits for) around the wait-for cycle.
    pub cycle: Vec<(usize, usize)>,
}

/// The end of a run at `state`, whose kind is `kind` (from [`end_of`]; not open).
pub(super) fn ending(p: &Program, state: &State, kind: u8) -> Ending {
    match kind {
        FINAL => {
            let values: Vec<Value> = (0..p.shared.len())
                .map(|v| p.shared_value(state, v))
                .collect();
            let failed: Vec<&str> = p
                .properties
                .iter()
                .filter(|q| q.kind == PropertyKind::Finally && !p.holds(q, state))
                .map(|q| q.label.as_str())
                .collect();
            let finding = (!failed.is_empty()).then(|| {
                let shown = named(p, &values)
                    .iter()
                    .map(|(n, v)| format!("{n} = {v}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                Wrong {
                    kind: FindingKind::Finally,
                    message: format!(
                        "\u{201c}{}\u{201d} fails at the end: {shown}",
                        failed.join("\u{201d}, \u{201c}")
                    ),
                    cycle: Vec::new(),
                }
            });
            Ending {
                values: Some(values),
                finding,
            }
        }
        DEADLOCK => Ending {
            values: None,
            finding: Some(Wrong {
                kind: FindingKind::Deadlock,
                message: p.describe_deadlock(state),
                cycle: p.wait_for(state).cycle,
            }),
        },
        FAULT => Ending {
            values: None,
            finding: Some(Wrong {
                kind: FindingKind::Fault,
                message: p
                    .fault(state)
                    .map(|f| p.describe_fault(&f))
                    .unwrap_or_default(),
                cycle: Vec::new(),
            }),
        },
        _ => Ending {
            values: None,
            finding: Some(Wrong {
                kind: FindingKind::Invariant,
                message: format!(
                    "\u{201c}{}\u{201d} is broken",
                    broken_invariant(p, state.slots()).map_or("", |q| q.label.as_str())
                ),
                cycle: Vec::new(),
            }),
        },
    }
}

/// Shared values with their variables' names.
pub(super) fn named(p: &Program, values: &[Value]) -> Vec<(String, Value)> {
    p.shared
        .iter()
        .zip(values)
        .map(|(s, v)| (s.name.clone(), *v))
        .collect()
}

/// Explores the whole program at once (no progress reports).
pub fn explore(program: &Program, search: Search) -> Exploration {
    let mut explorer = Explorer::new(program.clone(), search);
    while !explorer.advance(100_000) {}
    explorer.finish()
}

impl Exploration {
    /// A digest of the whole report (FNV-1a over its debug form, which holds no
    /// unordered map): equal on every platform for equal programs.
    pub fn fingerprint(&self) -> u64 {
        let text = format!("{self:?}");
        text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    }

    /// No finding at all, and the search was complete: the program is proved correct
    /// for the properties it states (within the bound, if there is one).
    pub fn proved(&self) -> bool {
        self.complete && self.findings.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::{parse, philosophers};

    fn searched(text: &str) -> Explorer {
        let mut e = Explorer::new(parse(text).unwrap(), Search::default());
        while !e.advance(1000) {}
        e
    }

    #[test]
    fn paths_counted_in_id_order_equal_those_counted_in_a_sorted_order() {
        let e = searched(&philosophers(4, false));
        assert!(e.forward());
        assert_eq!(Some(e.paths_in_order()), e.paths_sorted());
    }

    #[test]
    fn a_step_that_may_be_skipped_makes_runs_of_different_lengths_and_the_graph_is_sorted() {
        // A skips both its writes when B has gone first.
        let e = searched(
            "shared x = 0\nthread A:\n    if x == 0:\n        x = 5\n        x = 1\nthread B:\n    x = 1\n",
        );
        assert!(!e.forward());
        // 1 run where B goes first, and 3 where A tests x first (B before, between
        // or after A's two writes), all ending at x = 1.
        let paths = e.paths_sorted().unwrap();
        let ends: u128 = (0..e.kind.len())
            .filter(|&i| e.kind[i] != OPEN)
            .map(|i| paths[i])
            .sum();
        assert_eq!(ends, 4);
    }
}
