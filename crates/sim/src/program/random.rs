//! Random search, for programs too large for the explorer: many runs, each one
//! schedule drawn at random, by a plain random walk (at each step, any thread that can
//! move) or by PCT, probabilistic concurrency testing (Burckhardt et al., 2010): the
//! threads get random distinct priorities, the highest that can move runs, and at
//! `depth - 1` random steps the running thread drops below every other. PCT finds a
//! bug of depth d in one run with probability at least 1/(n·k^(d−1)) for n threads and
//! k steps, however deep in the run the bug lies.
//!
//! It proves nothing: a bug it does not find may still be there. It is seeded: the
//! same seed gives the same runs on every platform (run r draws from its own stream).

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use super::explore::{Ending, OPEN, Wrong, end_of, ending, named};
use super::machine::{status_of, step_into};
use super::{Final, Finding, FindingKind, Program, State, Status, Value};
use crate::random::SplitMix64;

/// How schedules are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Strategy {
    /// At each step, a thread that can move, each as likely as the others.
    Walk,
    /// Random priorities with `depth - 1` points where the running thread's drops.
    Pct { depth: u32 },
}

/// What to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Random {
    pub runs: u32,
    pub strategy: Strategy,
    pub seed: u64,
    /// A run that takes this many steps without ending is cut there (it may loop).
    pub max_steps: u32,
}

/// The most runs one search draws.
pub const MAX_RUNS: u32 = 10_000_000;
/// Steps of one run at most, by default.
pub const DEFAULT_MAX_STEPS: u32 = 100_000;

impl Default for Random {
    fn default() -> Self {
        Random {
            runs: 1000,
            strategy: Strategy::Pct { depth: 3 },
            seed: 1,
            max_steps: DEFAULT_MAX_STEPS,
        }
    }
}

/// What the runs found.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Sampled {
    pub random: Random,
    /// Runs drawn, and those cut at `max_steps`.
    pub runs: u32,
    pub cut: u32,
    /// The most steps a run took.
    pub longest: u32,
    /// Where every thread finished, by the shared values: `interleavings` counts the
    /// runs that ended there, `states` the distinct end states seen.
    pub finals: Vec<Final>,
    /// What went wrong, each with the shortest schedule drawn that gets there;
    /// `interleavings` counts the runs.
    pub findings: Vec<Finding>,
    /// Under PCT, its lower bound on the chance that one run finds a given bug of the
    /// depth searched: 1/(n·k^(d−1)), with k the longest run.
    pub bound: Option<f64>,
}

/// A run's end, to count distinct end states: its final values, what went wrong.
type EndKey = (Option<Vec<Value>>, Option<(FindingKind, String)>);

/// Random search that can be advanced in slices of runs (a browser worker reports
/// progress between them), like the explorer.
pub struct Sampler {
    program: Arc<Program>,
    random: Random,
    /// The runs to draw, and the next one.
    runs: u32,
    next: u32,
    /// PCT's k: the steps of a run, first guessed from the code's length, then the
    /// longest run seen.
    k: u32,
    cut: u32,
    longest: u32,
    finals: BTreeMap<Vec<Value>, Final>,
    findings: BTreeMap<(FindingKind, String), Finding>,
    /// The distinct end states of each final and each finding.
    ends: BTreeMap<EndKey, HashSet<State>>,
}

impl Sampler {
    pub fn new(program: impl Into<Arc<Program>>, random: Random) -> Sampler {
        let program: Arc<Program> = program.into();
        let code: usize = program.threads.iter().map(|t| t.code.len()).sum();
        Sampler {
            k: (code as u32).clamp(1, random.max_steps.max(1)),
            program,
            random,
            runs: random.runs.min(MAX_RUNS),
            next: 0,
            cut: 0,
            longest: 0,
            finals: BTreeMap::new(),
            findings: BTreeMap::new(),
            ends: BTreeMap::new(),
        }
    }

    /// Runs drawn so far.
    pub fn done(&self) -> u32 {
        self.next
    }

    /// Draws up to `budget` more runs; true once every run is drawn.
    pub fn advance(&mut self, budget: u32) -> bool {
        let stop = self.next.saturating_add(budget).min(self.runs);
        while self.next < stop {
            self.draw(self.next);
            self.next += 1;
        }
        self.next >= self.runs
    }

    fn draw(&mut self, run: u32) {
        let p = &*self.program;
        let mut rng = SplitMix64::stream(self.random.seed, u64::from(run));
        let (end, schedule) = one_run(p, self.random, self.k, &mut rng);
        self.longest = self.longest.max(schedule.len() as u32);
        self.k = self
            .k
            .max(schedule.len() as u32)
            .min(self.random.max_steps.max(1));
        let Some((state, kind)) = end else {
            self.cut += 1;
            return;
        };
        let Ending { values, finding } = ending(p, &state, kind);
        let key = finding.as_ref().map(|w| (w.kind, w.message.clone()));
        let new_state = self
            .ends
            .entry((values.clone(), key))
            .or_default()
            .insert(state);
        if let Some(values) = values {
            let entry = self.finals.entry(values.clone()).or_insert_with(|| Final {
                values: named(p, &values),
                states: 0,
                interleavings: Some(0),
                ok: finding.is_none(),
                schedule: schedule.clone(),
            });
            entry.interleavings = entry.interleavings.map(|n| n + 1);
            if schedule.len() < entry.schedule.len() {
                entry.schedule = schedule.clone();
            }
            entry.states += u64::from(new_state);
        }
        if let Some(Wrong {
            kind,
            message,
            cycle,
        }) = finding
        {
            let entry = self
                .findings
                .entry((kind, message.clone()))
                .or_insert_with(|| Finding {
                    kind,
                    message,
                    states: 0,
                    interleavings: Some(0),
                    schedule: schedule.clone(),
                    cycle,
                });
            entry.states += u64::from(new_state);
            entry.interleavings = entry.interleavings.map(|n| n + 1);
            if schedule.len() < entry.schedule.len() {
                entry.schedule = schedule;
            }
        }
    }

    /// What the runs drawn so far found (all of them, once `advance` said so).
    pub fn finish(self) -> Sampled {
        let threads = self.program.threads.len();
        let bound = match self.random.strategy {
            Strategy::Pct { depth } => {
                let k = f64::from(self.longest.max(1));
                Some(1.0 / (threads.max(1) as f64 * k.powi(depth.saturating_sub(1) as i32)))
            }
            Strategy::Walk => None,
        };
        Sampled {
            random: self.random,
            runs: self.next,
            cut: self.cut,
            longest: self.longest,
            finals: self.finals.into_values().collect(),
            findings: self.findings.into_values().collect(),
            bound,
        }
    }
}

/// Draws `random.runs` runs of `program` at once (no progress reports).
pub fn sample(program: &Program, random: Random) -> Sampled {
    let mut sampler = Sampler::new(program.clone(), random);
    while !sampler.advance(10_000) {}
    sampler.finish()
}

/// One run: where it ended (the state and its kind; none when cut), and its schedule.
fn one_run(
    p: &Program,
    random: Random,
    k: u32,
    rng: &mut SplitMix64,
) -> (Option<(State, u8)>, Vec<usize>) {
    let threads = p.threads.len();
    let mut state: Vec<Value> = p.initial().slots().to_vec();
    let mut next = state.clone();
    let mut schedule = Vec::new();
    // PCT: distinct priorities depth.. (a random order), and the steps where the
    // running thread's priority drops to 1, 2, ... (below all the others).
    let (mut priority, changes) = match random.strategy {
        Strategy::Pct { depth } => {
            let mut order: Vec<usize> = (0..threads).collect();
            for i in (1..threads).rev() {
                order.swap(i, rng.between(0, i as u64) as usize);
            }
            let mut priority = vec![0u64; threads];
            for (rank, &t) in order.iter().enumerate() {
                priority[t] = u64::from(depth) + rank as u64;
            }
            let changes: Vec<u32> = (1..depth)
                .map(|_| rng.between(1, u64::from(k)) as u32)
                .collect();
            (priority, changes)
        }
        Strategy::Walk => (Vec::new(), Vec::new()),
    };
    let mut ready = Vec::with_capacity(threads);
    loop {
        let kind = end_of(p, &state);
        if kind != OPEN {
            return (Some((State(state.as_slice().into()), kind)), schedule);
        }
        if schedule.len() >= random.max_steps as usize {
            return (None, schedule);
        }
        ready.clear();
        ready.extend((0..threads).filter(|&t| status_of(p, &state, t) == Status::Ready));
        let Some(&first) = ready.first() else {
            // Not open yet nobody can move: end_of calls that a deadlock; unreachable.
            return (None, schedule);
        };
        let thread = match random.strategy {
            Strategy::Walk => ready[rng.between(0, ready.len() as u64 - 1) as usize],
            Strategy::Pct { .. } => {
                let step = schedule.len() as u32 + 1;
                let top = ready
                    .iter()
                    .copied()
                    .fold(first, |a, b| if priority[b] > priority[a] { b } else { a });
                // A change point: the thread about to run drops below every other,
                // and the highest that can move then runs instead.
                match changes.iter().position(|&c| c == step) {
                    Some(j) => {
                        priority[top] = j as u64;
                        ready
                            .iter()
                            .copied()
                            .fold(first, |a, b| if priority[b] > priority[a] { b } else { a })
                    }
                    None => top,
                }
            }
        };
        next.copy_from_slice(&state);
        if step_into(p, &state, thread, &mut next) {
            std::mem::swap(&mut state, &mut next);
            schedule.push(thread);
        } else {
            return (None, schedule);
        }
    }
}

#[cfg(test)]
mod tests;
