//! The results of a run: the outcome, per-task and per-run figures, and the trace.

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::model::Tick;

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
pub enum Outcome {
    /// Every task completed.
    Completed,
    /// No task could make progress: all that remain wait for locks. `cycle` is a cycle
    /// of the wait-for graph (each task waits for the lock, held by the next task), or
    /// empty when the permits they wait for are held by tasks that already finished.
    Deadlock {
        at: Tick,
        blocked: Vec<Wait>,
        cycle: Vec<Wait>,
    },
}

/// A task waiting for a lock.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Wait {
    pub task: String,
    pub lock: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct TaskMetrics {
    pub name: String,
    pub arrival: Tick,
    /// The first tick it ran on a core (after any context switch).
    pub first_run: Option<Tick>,
    pub completion: Option<Tick>,
    pub turnaround: Option<Tick>,
    /// Ticks ready but not running (in a ready queue).
    pub waiting: Tick,
    pub response: Option<Tick>,
    /// Ticks on a core, running.
    pub running: Tick,
    /// Ticks in I/O.
    pub io: Tick,
    /// Ticks waiting for a lock, or for the tasks it spawned.
    pub blocked: Tick,
    /// Ticks a core spent switching to it.
    pub switching: Tick,
}

/// What a core did from `start` to `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Slice {
    pub start: Tick,
    pub end: Tick,
    /// The task's index in the scenario.
    pub task: u32,
    /// A context switch to `task`, not `task` running.
    pub switch: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum State {
    Ready,
    Switching,
    Running,
    Io,
    /// Waiting for the lock with this index.
    Blocked(u32),
    /// Waiting for the tasks it spawned to finish.
    Joining,
    Done,
}

/// A task entered `state` at `time`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Change {
    pub time: Tick,
    pub task: u32,
    pub state: State,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Trace {
    /// For each core, its slices in time order (idle time is the gaps).
    pub cores: Vec<Vec<Slice>>,
    /// Every state change of every task, in time order.
    pub changes: Vec<Change>,
    /// MLFQ: every move of a task down a level, in time order.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub demotions: Vec<Demotion>,
    /// MLFQ: the ticks of the boosts that moved a task (every task is then at the top).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub boosts: Vec<Tick>,
}

/// Under MLFQ, a task moved down to `level` at `time`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Demotion {
    pub time: Tick,
    pub task: u32,
    pub level: u32,
}

/// `Eq` (not only `PartialEq`) so that `Rc<Report>` compares by pointer first.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Report {
    pub outcome: Outcome,
    pub cores: u32,
    /// First arrival to last completion (to the deadlock, if there is one).
    pub makespan: Tick,
    /// Running ticks of each core (switching excluded).
    pub busy: Vec<Tick>,
    pub context_switches: u64,
    pub tasks: Vec<TaskMetrics>,
    /// State changes processed: the engine's unit of work.
    pub events: u64,
    /// Event times the engine stopped at (each visits every core).
    pub ticks: u64,
    pub trace: Trace,
}

/// Averages over the tasks that completed.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Averages {
    pub turnaround: f64,
    pub waiting: f64,
    pub response: f64,
}

impl Report {
    /// Busy core-ticks over core-ticks available during the makespan, in 0..=1.
    pub fn utilization(&self) -> f64 {
        let total = u128::from(self.cores) * u128::from(self.makespan);
        if total == 0 {
            return 0.0;
        }
        self.busy.iter().map(|&b| u128::from(b)).sum::<u128>() as f64 / total as f64
    }

    /// The utilization of each core.
    pub fn core_utilization(&self) -> Vec<f64> {
        self.busy
            .iter()
            .map(|&b| {
                if self.makespan == 0 {
                    0.0
                } else {
                    b as f64 / self.makespan as f64
                }
            })
            .collect()
    }

    /// Completed tasks per tick.
    pub fn throughput(&self) -> f64 {
        let done = self.tasks.iter().filter(|t| t.completion.is_some()).count();
        if self.makespan == 0 {
            0.0
        } else {
            done as f64 / self.makespan as f64
        }
    }

    pub fn averages(&self) -> Averages {
        let done: Vec<&TaskMetrics> = self
            .tasks
            .iter()
            .filter(|t| t.completion.is_some())
            .collect();
        let mean = |f: fn(&TaskMetrics) -> Tick| {
            if done.is_empty() {
                0.0
            } else {
                done.iter().map(|t| f(t) as f64).sum::<f64>() / done.len() as f64
            }
        };
        Averages {
            turnaround: mean(|t| t.turnaround.unwrap_or(0)),
            waiting: mean(|t| t.waiting),
            response: mean(|t| t.response.unwrap_or(0)),
        }
    }

    /// A fingerprint of everything the run computed (figures and trace): equal
    /// fingerprints on two platforms mean equal runs. FNV-1a, 64 bits.
    pub fn fingerprint(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |x: u64| {
            for b in x.to_le_bytes() {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        };
        eat(self.makespan);
        eat(self.context_switches);
        eat(self.events);
        self.busy.iter().for_each(|&b| eat(b));
        if let Outcome::Deadlock { at, cycle, .. } = &self.outcome {
            eat(*at);
            eat(cycle.len() as u64);
        }
        for t in &self.tasks {
            for x in [t.first_run, t.completion, t.response] {
                eat(x.map_or(u64::MAX, |v| v));
            }
            for x in [t.waiting, t.running, t.io, t.blocked, t.switching] {
                eat(x);
            }
        }
        for (c, slices) in self.trace.cores.iter().enumerate() {
            for s in slices {
                for x in [
                    c as u64,
                    s.start,
                    s.end,
                    u64::from(s.task),
                    u64::from(s.switch),
                ] {
                    eat(x);
                }
            }
        }
        for ch in &self.trace.changes {
            let state = match ch.state {
                State::Ready => 0,
                State::Switching => 1,
                State::Running => 2,
                State::Io => 3,
                State::Blocked(l) => 4 + u64::from(l),
                State::Joining => u64::MAX - 1,
                State::Done => u64::MAX,
            };
            for x in [ch.time, u64::from(ch.task), state] {
                eat(x);
            }
        }
        h
    }

    pub fn deadlocked(&self) -> bool {
        matches!(self.outcome, Outcome::Deadlock { .. })
    }
}
