//! The scenario: a machine (cores or servers, policy, switch cost, queues, a thread
//! cap) and a workload (tasks made of steps, locks, generated requests, jobs that tasks
//! spawn). What the text format and the JSON form both describe.

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

pub use crate::random::Length;
pub use crate::time::Tick;

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
// What a JSON scenario leaves out takes its default (one core, FCFS, nothing to run).
#[cfg_attr(feature = "serde", serde(default))]
pub struct Scenario {
    pub cores: u32,
    pub policy: Policy,
    /// Ticks a core spends switching to a task other than the last one it ran.
    pub switch_cost: Tick,
    pub queues: Queues,
    pub locks: Vec<Lock>,
    pub tasks: Vec<Task>,
    /// Seeds every random draw: request arrivals, random step lengths, the balancer.
    pub seed: u64,
    /// KiB of memory each task holds while in progress (a thread's stack, a
    /// goroutine's, a connection's state); with `threads`, while it holds a thread. 0:
    /// not modelled.
    pub memory: u64,
    /// At most this many tasks in progress at once (a thread pool): the others wait
    /// for a thread in arrival order. None: a thread per task.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub threads: Option<u32>,
    /// Machines behind a load balancer, each with its own cores and ready queue. Empty:
    /// one machine of `cores` cores.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub servers: Vec<Server>,
    pub balance: Balance,
    /// Work that tasks spawn (`spawn JOB xN`), as templates.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub jobs: Vec<Job>,
    /// Generated requests: many tasks of one shape, arriving by a process.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub requests: Vec<Requests>,
    /// A queue scenario (`queue`, `producer` and `group` lines), which has no tasks:
    /// it runs on [`crate::messaging::simulate`], not on the engine.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub messaging: Option<crate::messaging::Messaging>,
}

/// A machine behind the load balancer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Server {
    pub name: String,
    pub cores: u32,
    /// Its CPU steps take this many times as long (1: full speed).
    pub slowdown: u32,
}

/// How the load balancer picks a server for an arriving task.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Balance {
    /// Each server in turn.
    #[default]
    RoundRobin,
    /// The server with the fewest tasks in progress (ties: the first).
    LeastConnections,
    /// A server drawn at random.
    Random,
    /// Two distinct servers drawn at random; the one with fewer tasks in progress.
    TwoChoices,
}

/// A template of work: `spawn NAME xN` starts N tasks of this shape.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Job {
    pub name: String,
    pub steps: Vec<Pattern>,
}

/// `count` tasks of one shape, named `NAME.1`..`NAME.count`, arriving from `start`:
/// one every `every` ticks (or `burst` at a time), or, `poisson`, with exponential
/// gaps of mean `every`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Requests {
    pub name: String,
    pub count: u32,
    pub every: Tick,
    pub start: Tick,
    pub poisson: bool,
    pub burst: u32,
    pub priority: u32,
    pub steps: Vec<Pattern>,
}

/// A step of a template: like [`Step`], with lengths that may be random.
pub type Pattern = Step<Length>;

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
            seed: 0,
            memory: 0,
            threads: None,
            servers: Vec::new(),
            balance: Balance::RoundRobin,
            jobs: Vec::new(),
            requests: Vec::new(),
            messaging: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Multi-level feedback queue, by the rules of OSTEP's simulator.
    Mlfq(Mlfq),
}

/// A multi-level feedback queue's shape: its levels, their slices and allotments, its
/// boost, and OSTEP's two options. The rules it runs by are in the scenario format.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Mlfq {
    /// The ticks of one time slice at each level, the top level first.
    pub quanta: Vec<Tick>,
    /// The slices a task may use at each level before it moves down, the top first.
    pub allotments: Vec<u32>,
    /// Every how many ticks (counted from tick 0) every task goes back to the top
    /// level; 0: never.
    pub boost: Tick,
    /// OSTEP's `-S`: a task that gives up the core before its slice ends (I/O, a lock,
    /// a join) keeps its level with a fresh slice and allotment.
    #[cfg_attr(feature = "serde", serde(default))]
    pub stay: bool,
    /// OSTEP's `-I`: a task back from waiting goes to the front of its level.
    #[cfg_attr(feature = "serde", serde(default))]
    pub io_bump: bool,
}

impl Mlfq {
    /// The short form `levels=L quantum=Q`: the quantum doubles down each level, and
    /// each level allots one slice.
    pub fn doubling(levels: u32, quantum: Tick, boost: Tick) -> Mlfq {
        Mlfq {
            quanta: (0..levels)
                .map(|l| quantum.saturating_mul(1 << l.min(40)))
                .collect(),
            allotments: vec![1; levels as usize],
            boost,
            stay: false,
            io_bump: false,
        }
    }

    pub fn levels(&self) -> u32 {
        self.quanta.len() as u32
    }

    /// The top quantum, if the quanta double down the levels (the short form).
    pub fn doubled(&self) -> Option<Tick> {
        let top = *self.quanta.first()?;
        (Mlfq::doubling(self.levels(), top, 0).quanta == self.quanta).then_some(top)
    }

    /// The slice of `level` (the bottom's, below it).
    pub fn quantum(&self, level: u32) -> Tick {
        let last = self.quanta.len().saturating_sub(1);
        self.quanta
            .get((level as usize).min(last))
            .copied()
            .unwrap_or(1)
    }

    /// The allotment of `level`, in slices (the bottom's, below it).
    pub fn allotment(&self, level: u32) -> u32 {
        let last = self.allotments.len().saturating_sub(1);
        self.allotments
            .get((level as usize).min(last))
            .copied()
            .unwrap_or(1)
    }

    /// The shortest slice: what bounds how often slices can end.
    pub fn shortest(&self) -> Tick {
        self.quanta.iter().copied().min().unwrap_or(1)
    }
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
    /// The server it runs on, whatever the balancer would pick (spawned tasks: set by
    /// lowering).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub server: Option<u32>,
    /// The task that spawned it (set by lowering): it arrives when spawned.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub parent: Option<u32>,
    /// A hedge (set by lowering): the copy of the task with this index, started if that
    /// one has not finished this many ticks after both were spawned.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub backup_of: Option<(u32, Tick)>,
}

/// A step of a task; `L` is its length: ticks, or in a template ([`Pattern`]) a
/// [`Length`] that may be drawn at random.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Step<L = Tick> {
    /// Needs a core for this long.
    Cpu(L),
    /// Waits this long off the CPU; any number of waits overlap.
    Io(L),
    /// Takes one permit of the lock (its index in `Scenario::locks`), or blocks.
    Acquire(usize),
    /// Gives one permit back.
    Release(usize),
    /// Starts `count` tasks of the job (its index in `Scenario::jobs`); they arrive now.
    /// With `hedge`, a copy of each that has not finished `hedge` ticks later starts
    /// then, and the first of the two to finish counts.
    Spawn {
        job: usize,
        count: u32,
        #[cfg_attr(feature = "serde", serde(default))]
        hedge: Tick,
    },
    /// Waits until every task this task spawned has finished.
    Join,
}

/// Bounds checked before a run, so that no input can exhaust time or memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Limits {
    pub cores: u32,
    pub tasks: usize,
    pub steps: usize,
    pub locks: usize,
    /// The largest number of ticks in any one figure (a burst, an arrival, a quantum).
    pub ticks: Tick,
    pub mlfq_levels: u32,
    /// The most events (state changes) a run may make, by its bound
    /// ([`Scenario::bound`]): what its trace's memory grows with.
    pub events: u64,
    /// The most work a run may cost the engine, by its bound: cores visited at each
    /// event tick, and tasks at each MLFQ boost.
    pub work: u64,
    /// Whether queue scenarios (`queue`, `producer`, `group`) are read: a place that
    /// runs only tasks refuses them at their line.
    #[cfg_attr(feature = "serde", serde(default = "yes"))]
    pub messaging: bool,
}

#[cfg(feature = "serde")]
fn yes() -> bool {
    true
}

impl Limits {
    /// Each limit the lower of the two: what a caller asks for, held to what this side
    /// allows.
    pub fn at_most(self, other: Limits) -> Limits {
        Limits {
            cores: self.cores.min(other.cores),
            tasks: self.tasks.min(other.tasks),
            steps: self.steps.min(other.steps),
            locks: self.locks.min(other.locks),
            ticks: self.ticks.min(other.ticks),
            mlfq_levels: self.mlfq_levels.min(other.mlfq_levels),
            events: self.events.min(other.events),
            work: self.work.min(other.work),
            messaging: self.messaging && other.messaging,
        }
    }
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
            events: 10_000_000,
            work: 1_000_000_000,
            messaging: true,
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
        self.validate_machine(limits)?;
        self.validate_sizes(limits)?;
        self.validate_servers(limits)?;
        self.validate_workload(limits)?;
        self.check_bound(limits).map(|_| ())
    }

    /// The machine: cores, the switch's cost, and the policy's quanta and levels.
    fn validate_machine(&self, limits: &Limits) -> Result<(), Invalid> {
        if self.cores == 0 || self.cores > limits.cores {
            return invalid(format!("cores must be between 1 and {}", limits.cores));
        }
        ticks(limits, "switch", self.switch_cost, 0)?;
        match &self.policy {
            Policy::RoundRobin { quantum } => ticks(limits, "quantum", *quantum, 1),
            Policy::Mlfq(m) => {
                let levels = m.levels();
                if levels == 0 || levels > limits.mlfq_levels {
                    return invalid(format!(
                        "levels must be between 1 and {}",
                        limits.mlfq_levels
                    ));
                }
                if m.allotments.len() != m.quanta.len() {
                    return invalid(format!(
                        "{} allotments for {} levels: give one per level",
                        m.allotments.len(),
                        levels
                    ));
                }
                if m.allotments.contains(&0) {
                    return invalid("an allotment must be at least 1 slice".into());
                }
                for (l, &q) in m.quanta.iter().enumerate() {
                    // The short form doubles the quantum down the levels, past the limit.
                    if q == 0 || q > limits.ticks.saturating_mul(1 << l.min(40)) {
                        ticks(limits, "quantum", q, 1)?;
                    }
                }
                ticks(limits, "boost", m.boost, 0)
            }
            _ => Ok(()),
        }
    }

    /// How much there is: locks, tasks and steps once lowered, memory, threads.
    fn validate_sizes(&self, limits: &Limits) -> Result<(), Invalid> {
        if self.locks.len() > limits.locks {
            return invalid(format!("too many locks: at most {}", limits.locks));
        }
        let (tasks, steps) = self.lowered_size();
        if tasks > limits.tasks as u64 {
            return invalid(format!("too many tasks: at most {}", limits.tasks));
        }
        if steps > limits.steps as u64 {
            return invalid(format!("too many steps in all: at most {}", limits.steps));
        }
        if self.memory > 1 << 30 {
            return invalid("memory must be at most 1073741824 KiB a task".into());
        }
        if let Some(0) = self.threads {
            return invalid("threads must be at least 1".into());
        }
        Ok(())
    }

    /// The servers, whose cores add up to the machine's.
    fn validate_servers(&self, limits: &Limits) -> Result<(), Invalid> {
        if self.servers.is_empty() {
            return Ok(());
        }
        if self.queues != Queues::Global {
            return invalid(
                "servers have a ready queue each: \"queues\" cannot be set with them".into(),
            );
        }
        let total: u64 = self.servers.iter().map(|s| u64::from(s.cores)).sum();
        if self.servers.iter().any(|s| s.cores == 0 || s.slowdown == 0) {
            return invalid(
                "every server needs at least 1 core and a slowdown of at least 1".into(),
            );
        }
        if total != u64::from(self.cores) {
            return invalid(format!(
                "cores must be the servers' cores added up ({total}), not {}",
                self.cores
            ));
        }
        if self.servers.len() > limits.cores as usize {
            return invalid(format!("too many servers: at most {}", limits.cores));
        }
        Ok(())
    }

    /// Every name declared once, and every task's, job's and request's steps.
    fn validate_workload(&self, limits: &Limits) -> Result<(), Invalid> {
        let mut names = std::collections::HashSet::new();
        for lock in &self.locks {
            if lock.permits == 0 || !names.insert(("lock", lock.name.as_str())) {
                return invalid(format!(
                    "lock \"{}\" is declared twice or has no permits",
                    lock.name
                ));
            }
        }
        if self.threads.is_some() && names.contains(&("lock", "threads")) {
            return invalid("a lock called \"threads\" clashes with the threads statement".into());
        }
        for server in &self.servers {
            if !names.insert(("server", server.name.as_str())) {
                return invalid(format!("server \"{}\" is declared twice", server.name));
            }
        }
        for job in &self.jobs {
            if !names.insert(("job", job.name.as_str())) {
                return invalid(format!("job \"{}\" is declared twice", job.name));
            }
            self.validate_steps(limits, "job", &job.name, &job.steps, false)?;
        }
        for task in &self.tasks {
            if !names.insert(("task", task.name.as_str())) {
                return invalid(format!("task \"{}\" is declared twice", task.name));
            }
            if task.parent.is_some() || task.server.is_some() || task.backup_of.is_some() {
                return invalid(format!(
                    "task \"{}\": \"parent\", \"server\" and \"backup_of\" are set by lowering, not given",
                    task.name
                ));
            }
            ticks(limits, "arrive", task.arrive, 0)?;
            let steps: Vec<Pattern> = task.steps.iter().map(|&s| Pattern::from(s)).collect();
            self.validate_steps(limits, "task", &task.name, &steps, true)?;
        }
        for group in &self.requests {
            if !names.insert(("task", group.name.as_str())) {
                return invalid(format!("requests \"{}\" reuse a task's name", group.name));
            }
            if group.count == 0 || group.burst == 0 {
                return invalid(format!(
                    "requests \"{}\" need a count and a burst of at least 1",
                    group.name
                ));
            }
            ticks(limits, "every", group.every, 0)?;
            ticks(limits, "start", group.start, 0)?;
            let last = group
                .every
                .saturating_mul(u64::from(group.count))
                .saturating_add(group.start);
            if !group.poisson {
                ticks(limits, "the last arrival", last, 0)?;
            }
            self.validate_steps(limits, "requests", &group.name, &group.steps, true)?;
        }
        Ok(())
    }

    /// The steps of a task, job or request: lengths within the limits, locks that exist
    /// and are held before they are released, and jobs spawned that exist.
    fn validate_steps(
        &self,
        limits: &Limits,
        what: &str,
        name: &str,
        steps: &[Pattern],
        may_spawn: bool,
    ) -> Result<(), Invalid> {
        let mut held = vec![0u64; self.locks.len()];
        for step in steps {
            match *step {
                Pattern::Cpu(n) | Pattern::Io(n) => match n {
                    Length::Fixed(n) | Length::Exponential(n) => ticks(limits, "a step", n, 1)?,
                    Length::Uniform(lo, hi) => {
                        ticks(limits, "a step", lo, 1)?;
                        ticks(limits, "a step", hi, lo)?;
                    }
                },
                Pattern::Acquire(l) | Pattern::Release(l) if l >= self.locks.len() => {
                    return invalid(format!(
                        "{what} \"{name}\" uses lock number {l}, which does not exist"
                    ));
                }
                Pattern::Acquire(l) => held[l] += 1,
                Pattern::Release(l) if held[l] == 0 => {
                    return invalid(format!(
                        "{what} \"{name}\" releases lock \"{}\" without holding it",
                        self.locks[l].name
                    ));
                }
                Pattern::Release(l) => held[l] -= 1,
                Pattern::Spawn { .. } if !may_spawn => {
                    return invalid(format!("{what} \"{name}\" spawns: a job cannot spawn"));
                }
                Pattern::Spawn { job, count, hedge } => {
                    ticks(limits, "hedge", hedge, 0)?;
                    if job >= self.jobs.len() || count == 0 {
                        return invalid(format!(
                            "{what} \"{name}\" spawns job number {job} x{count}, which does not exist"
                        ));
                    }
                }
                Pattern::Join => {}
            }
        }
        Ok(())
    }

    /// The run's bound ([`Scenario::bound`]), or why it is refused; for a scenario that
    /// is valid otherwise (text input is checked by the parser, which points at the
    /// line and column).
    pub fn check_bound(&self, limits: &Limits) -> Result<crate::Bound, Invalid> {
        self.sized(limits).map_err(|r| Invalid(r.message))
    }
}

impl From<Step> for Pattern {
    fn from(step: Step) -> Pattern {
        match step {
            Step::Cpu(n) => Pattern::Cpu(Length::Fixed(n)),
            Step::Io(n) => Pattern::Io(Length::Fixed(n)),
            Step::Acquire(l) => Pattern::Acquire(l),
            Step::Release(l) => Pattern::Release(l),
            Step::Spawn { job, count, hedge } => Pattern::Spawn { job, count, hedge },
            Step::Join => Pattern::Join,
        }
    }
}

impl Scenario {
    /// Tasks and steps once requests, spawned tasks and the thread cap are written out
    /// (see [`Scenario::lower`]): what the limits bound.
    pub fn lowered_size(&self) -> (u64, u64) {
        let wrap = if self.threads.is_some() { 2 } else { 0 };
        let spawned = |steps: &mut dyn Iterator<Item = Pattern>| -> (u64, u64) {
            let (mut tasks, mut steps_n) = (0u64, 0u64);
            for p in steps {
                steps_n += 1;
                if let Pattern::Spawn { job, count, hedge } = p {
                    let per = self.jobs.get(job).map_or(0, |j| j.steps.len() as u64);
                    // A hedged spawn writes out a copy of each task too.
                    let count = if hedge > 0 {
                        2 * u64::from(count)
                    } else {
                        u64::from(count)
                    };
                    tasks = tasks.saturating_add(count);
                    steps_n = steps_n.saturating_add(count.saturating_mul(per));
                }
            }
            (tasks, steps_n)
        };
        let mut tasks = self.tasks.len() as u64;
        let mut steps = 0u64;
        for t in &self.tasks {
            let (c, s) = spawned(&mut t.steps.iter().map(|&s| Pattern::from(s)));
            tasks = tasks.saturating_add(c);
            steps = steps.saturating_add(s + wrap);
        }
        for g in &self.requests {
            let (c, s) = spawned(&mut g.steps.iter().copied());
            let n = u64::from(g.count);
            tasks = tasks.saturating_add(n.saturating_mul(1 + c));
            steps = steps.saturating_add(n.saturating_mul(s + wrap));
        }
        (tasks, steps)
    }

    /// The first arrival of a task that arrives by itself (spawned tasks arrive when
    /// spawned): where a run's time starts. 0 without tasks.
    pub fn first_arrival(&self) -> Tick {
        self.tasks
            .iter()
            .filter(|t| t.parent.is_none())
            .map(|t| t.arrive)
            .min()
            .unwrap_or(0)
    }

    /// Whether it models a system: requests, servers, a thread cap or spawned jobs.
    pub fn is_system(&self) -> bool {
        !self.requests.is_empty()
            || !self.servers.is_empty()
            || self.threads.is_some()
            || !self.jobs.is_empty()
    }

    /// Whether the scenario has parts that [`Scenario::lower`] writes out.
    pub fn needs_lowering(&self) -> bool {
        let lowered = self.tasks.iter().any(|t| t.parent.is_some());
        !lowered
            && (self.threads.is_some()
                || !self.requests.is_empty()
                || self
                    .tasks
                    .iter()
                    .any(|t| t.steps.iter().any(|s| matches!(s, Step::Spawn { .. }))))
    }

    /// The index of the server each core belongs to (all 0 without servers).
    pub fn core_servers(&self) -> Vec<u32> {
        if self.servers.is_empty() {
            return vec![0; self.cores.max(1) as usize];
        }
        self.servers
            .iter()
            .enumerate()
            .flat_map(|(i, s)| std::iter::repeat_n(i as u32, s.cores as usize))
            .collect()
    }
}

/// A scenario that breaks a limit or a rule, and says which.
fn invalid<T>(message: String) -> Result<T, Invalid> {
    Err(Invalid(message))
}

/// `n` ticks of `what`, between `min` and the limits' most.
fn ticks(limits: &Limits, what: &str, n: Tick, min: Tick) -> Result<(), Invalid> {
    if n < min || n > limits.ticks {
        invalid(format!(
            "{what} must be between {min} and {} ticks",
            limits.ticks
        ))
    } else {
        Ok(())
    }
}
