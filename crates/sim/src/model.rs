//! The scenario: a machine (cores, policy, switch cost, queues) and a workload (tasks
//! made of steps, and locks). What the text format and the JSON form both describe.

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// Simulated time, in ticks.
pub type Tick = u64;

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Scenario {
    pub cores: u32,
    pub policy: Policy,
    /// Ticks a core spends switching to a task other than the last one it ran.
    pub switch_cost: Tick,
    pub queues: Queues,
    pub locks: Vec<Lock>,
    pub tasks: Vec<Task>,
}

impl AsRef<Scenario> for Scenario {
    fn as_ref(&self) -> &Scenario {
        self
    }
}

impl Default for Scenario {
    fn default() -> Scenario {
        Scenario {
            cores: 1,
            policy: Policy::Fcfs,
            switch_cost: 0,
            queues: Queues::Global,
            locks: Vec::new(),
            tasks: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
pub enum Policy {
    /// First come, first served; non-preemptive.
    Fcfs,
    /// Shortest next CPU burst first; non-preemptive.
    Sjf,
    /// Shortest remaining time of the current CPU burst first; preemptive.
    Srtf,
    /// Lowest priority number first; preemptive or not.
    Priority { preemptive: bool },
    /// Round robin with a time quantum.
    RoundRobin { quantum: Tick },
    /// Multi-level feedback queue (OSTEP's rules): `levels` queues, quantum `quantum`
    /// at the top doubling per level, every task back to the top every `boost` ticks
    /// (0: never).
    Mlfq {
        levels: u32,
        quantum: Tick,
        boost: Tick,
    },
}

/// Where ready tasks wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
pub enum Queues {
    /// One ready queue that every core takes from.
    Global,
    /// A ready queue per core. A task joins the queue of the core it last ran on (a new
    /// task: core `declaration index mod cores`). With `steal`, a core whose queue is
    /// empty takes the next task of the longest other queue.
    PerCore { steal: bool },
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Lock {
    pub name: String,
    /// 1: a mutex; more: a counting semaphore.
    pub permits: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Task {
    pub name: String,
    pub arrive: Tick,
    pub priority: u32,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Step {
    /// Needs a core for this many ticks.
    Cpu(Tick),
    /// Waits this many ticks off the CPU; any number of waits overlap.
    Io(Tick),
    /// Takes one permit of the lock (its index in `Scenario::locks`), or blocks.
    Acquire(usize),
    /// Gives one permit back.
    Release(usize),
}

/// Bounds checked before a run, so that no input can exhaust time or memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub cores: u32,
    pub tasks: usize,
    pub steps: usize,
    pub locks: usize,
    /// The largest number of ticks in any one figure (a burst, an arrival, a quantum).
    pub ticks: Tick,
    pub mlfq_levels: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            cores: 1024,
            tasks: 1_000_000,
            steps: 10_000_000,
            locks: 10_000,
            ticks: 1_000_000_000,
            mlfq_levels: 16,
        }
    }
}

/// Why a scenario built in code or read from JSON cannot be run (text input is checked
/// by the parser as it reads, with line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub String);

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Invalid {}

impl Scenario {
    /// Checks what the parser checks, for scenarios that did not come from text: the
    /// limits, non-zero bursts and quanta, lock references, unique names, and that no
    /// task releases a lock it does not hold.
    pub fn validate(&self, limits: &Limits) -> Result<(), Invalid> {
        let fail = |m: String| Err(Invalid(m));
        if self.cores == 0 || self.cores > limits.cores {
            return fail(format!("cores must be between 1 and {}", limits.cores));
        }
        let tick = |what: &str, n: Tick, min: Tick| {
            if n < min || n > limits.ticks {
                Err(Invalid(format!(
                    "{what} must be between {min} and {} ticks",
                    limits.ticks
                )))
            } else {
                Ok(())
            }
        };
        tick("switch", self.switch_cost, 0)?;
        match self.policy {
            Policy::RoundRobin { quantum } => tick("quantum", quantum, 1)?,
            Policy::Mlfq {
                levels,
                quantum,
                boost,
            } => {
                if levels == 0 || levels > limits.mlfq_levels {
                    return fail(format!(
                        "levels must be between 1 and {}",
                        limits.mlfq_levels
                    ));
                }
                tick("quantum", quantum, 1)?;
                tick("boost", boost, 0)?;
            }
            _ => {}
        }
        if self.tasks.len() > limits.tasks {
            return fail(format!("too many tasks: at most {}", limits.tasks));
        }
        if self.locks.len() > limits.locks {
            return fail(format!("too many locks: at most {}", limits.locks));
        }
        if self.tasks.iter().map(|t| t.steps.len()).sum::<usize>() > limits.steps {
            return fail(format!("too many steps in all: at most {}", limits.steps));
        }
        let mut names = std::collections::HashSet::new();
        for lock in &self.locks {
            if lock.permits == 0 || !names.insert(("lock", lock.name.as_str())) {
                return fail(format!(
                    "lock \"{}\" is declared twice or has no permits",
                    lock.name
                ));
            }
        }
        for task in &self.tasks {
            if !names.insert(("task", task.name.as_str())) {
                return fail(format!("task \"{}\" is declared twice", task.name));
            }
            tick("arrive", task.arrive, 0)?;
            let mut held = vec![0u64; self.locks.len()];
            for step in &task.steps {
                match *step {
                    Step::Cpu(n) | Step::Io(n) => tick("a step", n, 1)?,
                    Step::Acquire(l) | Step::Release(l) if l >= self.locks.len() => {
                        return fail(format!(
                            "task \"{}\" uses lock number {l}, which does not exist",
                            task.name
                        ));
                    }
                    Step::Acquire(l) => held[l] += 1,
                    Step::Release(l) if held[l] == 0 => {
                        return fail(format!(
                            "task \"{}\" releases lock \"{}\" without holding it",
                            task.name, self.locks[l].name
                        ));
                    }
                    Step::Release(l) => held[l] -= 1,
                }
            }
        }
        Ok(())
    }
}
