//! What a run can cost at most, from the scenario alone, before it runs: the events
//! (state changes) it can make, the slices of its trace, and the engine's work. Each
//! number has a limit, but their product has none (a quantum of 1 over a burst of 10^9
//! ticks is two short lines): this bound is what makes a run's size finite before it
//! starts. It is linear in the scenario as written (requests and spawns are counted,
//! not written out), and it is an upper bound: a property test checks that no run
//! makes more events, slices or event ticks than its bound says.
//!
//! How it counts, per task once written out (a template's random lengths at their
//! largest: `a..b` as `b`, `~m` as the largest exponential draw, 37 m):
//! - 2 events: it arrives, it ends;
//! - each CPU step is dispatched once, and once more per quantum that can expire in it
//!   (a ceiling of its ticks, times the slowest server's slowdown, over the quantum,
//!   or the shortest level's under MLFQ); a dispatch is 2 events (ready, running) and a
//!   slice, and with a switch cost one event (switching) and one slice more;
//! - under MLFQ with boosts, each slice that can end costs one dispatch more (a boost
//!   takes a task that was moved down off its core once);
//! - under a preemptive policy every entry into a ready queue may preempt a running
//!   task once, which costs one dispatch more (a ready task can only preempt at a tick
//!   it entered the queue, or, with a switch cost, when a switch completes);
//! - 1 event for each I/O step, each acquire that may block, each join, and the
//!   thread cap's acquire.
//!
//! The engine visits every core at each tick it stops at, so its work is the event
//! ticks times the cores; an MLFQ boost visits every task, and a run can last at most
//! its horizon: the last arrival, plus every tick of CPU, I/O, switching and hedge
//! delay added up (at any instant before the end, one of them is under way).

use crate::model::{Length, Limits, Mlfq, Pattern, Policy, Scenario, Tick};

/// The largest exponential draw of mean 1: the smallest unit draw is 2^-53, and
/// -ln(2^-53) = 36.74.
const EXPONENTIAL_MAX: u64 = 37;

/// What a run can cost at most.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    /// State changes (what `Report::events` counts; the trace keeps each one).
    pub events: u64,
    /// Slices of the trace (runs and switches on the cores).
    pub slices: u64,
    /// Ticks the engine stops at (each with an event, a CPU step following another, a
    /// hedge timer or a boost).
    pub ticks: u64,
    /// The longest the run can last, in ticks after its first arrival.
    pub horizon: Tick,
    /// MLFQ boosts at most (0 without boosts).
    pub boosts: u64,
    /// The engine's work: cores visited at each tick, tasks at each boost.
    pub work: u64,
    /// Ticks of CPU in all, at most (with the slowest server's slowdown).
    pub cpu: Tick,
    /// Tasks once written out.
    pub tasks: u64,
    /// The part of the scenario with the most events, to point at.
    pub worst: Option<Part>,
}

/// Where events come from: a task, a `requests` statement or a job, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Task(usize),
    Requests(usize),
    Job(usize),
}

/// One statement's share of the bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub source: Source,
    /// Tasks of this shape once written out (a requests' count, a job's spawns).
    pub copies: u64,
    /// Events of all the copies.
    pub events: u64,
    /// Of these, the events of quanta expiring.
    pub expiry_events: u64,
    /// Ticks of CPU in one copy, at most.
    pub cpu: Tick,
}

/// One template's figures, for a single task of that shape.
#[derive(Debug, Clone, Copy, Default)]
struct Shape {
    events: u64,
    expiry_events: u64,
    dispatches: u64,
    cpu_steps: u64,
    cpu: Tick,
    io: Tick,
    /// Hedge delays of the tasks it spawns (their timers may run while nothing else
    /// does).
    hedge: Tick,
}

struct Rules {
    quantum: Option<Tick>,
    /// Dispatches a ready-queue entry may cost: 1, or 2 under a preemptive policy.
    per_entry: u64,
    /// Dispatches more per slice that ends: under MLFQ with boosts, a task moved down
    /// may be taken off its core by a boost once (a boost only does that to a task
    /// below the top, and only a slice's end moves one down).
    per_expiry: u64,
    /// Events of a dispatch: ready and running, and switching with a switch cost.
    per_dispatch: u64,
    slowdown: u64,
    wrap: u64,
}

fn largest(length: Length) -> Tick {
    match length {
        Length::Fixed(n) | Length::Uniform(_, n) => n,
        Length::Exponential(mean) => mean.saturating_mul(EXPONENTIAL_MAX).saturating_add(1),
    }
}

impl Rules {
    fn of(s: &Scenario) -> Rules {
        let quantum = match &s.policy {
            Policy::RoundRobin { quantum } => Some((*quantum).max(1)),
            Policy::Mlfq(m) => Some(m.shortest().max(1)),
            _ => None,
        };
        let preemptive = matches!(
            s.policy,
            Policy::Srtf | Policy::Priority { preemptive: true } | Policy::Mlfq(_)
        );
        Rules {
            quantum,
            per_entry: if preemptive { 2 } else { 1 },
            per_expiry: u64::from(matches!(&s.policy, Policy::Mlfq(m) if m.boost > 0)),
            per_dispatch: if s.switch_cost > 0 { 3 } else { 2 },
            slowdown: s
                .servers
                .iter()
                .map(|v| u64::from(v.slowdown.max(1)))
                .max()
                .unwrap_or(1),
            wrap: u64::from(s.threads.is_some()),
        }
    }

    /// The figures of one task with these steps (not counting what it spawns).
    fn shape(&self, steps: impl Iterator<Item = Pattern>) -> Shape {
        let mut s = Shape {
            events: 2 + self.wrap,
            ..Shape::default()
        };
        for step in steps {
            match step {
                Pattern::Cpu(l) => {
                    let ticks = largest(l).saturating_mul(self.slowdown);
                    let expiries = self.quantum.map_or(0, |q| ticks.div_ceil(q));
                    let dispatches = 1u64
                        .saturating_add(expiries)
                        .saturating_mul(self.per_entry)
                        .saturating_add(expiries.saturating_mul(self.per_expiry));
                    s.cpu_steps += 1;
                    s.cpu = s.cpu.saturating_add(ticks);
                    s.dispatches = s.dispatches.saturating_add(dispatches);
                    s.events = s
                        .events
                        .saturating_add(dispatches.saturating_mul(self.per_dispatch));
                    s.expiry_events =
                        s.expiry_events.saturating_add(expiries.saturating_mul(
                            self.per_dispatch * (self.per_entry + self.per_expiry),
                        ));
                }
                Pattern::Io(l) => {
                    s.io = s.io.saturating_add(largest(l));
                    s.events = s.events.saturating_add(1);
                }
                Pattern::Acquire(_) | Pattern::Join => s.events = s.events.saturating_add(1),
                Pattern::Release(_) | Pattern::Spawn { .. } => {}
            }
        }
        s
    }
}

/// Running sums over everything written out.
#[derive(Default)]
struct Sum {
    tasks: u64,
    events: u64,
    dispatches: u64,
    cpu_steps: u64,
    cpu: Tick,
    io: Tick,
    hedge: Tick,
    hedges: u64,
}

impl Sum {
    fn add(&mut self, shape: &Shape, copies: u64) {
        let times = |x: u64| x.saturating_mul(copies);
        self.tasks = self.tasks.saturating_add(copies);
        self.events = self.events.saturating_add(times(shape.events));
        self.dispatches = self.dispatches.saturating_add(times(shape.dispatches));
        self.cpu_steps = self.cpu_steps.saturating_add(times(shape.cpu_steps));
        self.cpu = self.cpu.saturating_add(times(shape.cpu));
        self.io = self.io.saturating_add(times(shape.io));
        self.hedge = self.hedge.saturating_add(times(shape.hedge));
    }
}

impl Scenario {
    /// An upper bound on what running this scenario costs (see the module's text).
    /// Cheap: linear in the scenario as written.
    pub fn bound(&self) -> Bound {
        let (sum, parts) = self.sums();
        let last_arrival = self.last_arrival_bound();
        let horizon = last_arrival
            .saturating_sub(self.first_arrival_written())
            .saturating_add(sum.cpu)
            .saturating_add(sum.io)
            .saturating_add(sum.hedge)
            .saturating_add(self.switch_cost.saturating_mul(sum.dispatches));
        let boosts = match &self.policy {
            Policy::Mlfq(m) if m.boost > 0 => (horizon / m.boost).saturating_add(1),
            _ => 0,
        };
        let ticks = sum
            .events
            .saturating_add(sum.cpu_steps)
            .saturating_add(sum.hedges)
            .saturating_add(boosts)
            .saturating_add(1);
        let cores = u64::from(self.cores.max(1)).max(
            self.servers
                .iter()
                .map(|s| u64::from(s.cores))
                .fold(0u64, u64::saturating_add),
        );
        let work = ticks
            .saturating_mul(cores)
            .saturating_add(boosts.saturating_mul(sum.tasks.saturating_add(cores)));
        let switches = if self.switch_cost > 0 { 2 } else { 1 };
        Bound {
            events: sum.events,
            slices: sum.dispatches.saturating_mul(switches),
            ticks,
            horizon,
            boosts,
            work,
            cpu: sum.cpu,
            tasks: sum.tasks,
            // The first of the largest: the statement the learner meets first.
            worst: parts
                .into_iter()
                .fold(None, |best: Option<Part>, p| match best {
                    Some(b) if b.events >= p.events => Some(b),
                    _ => Some(p),
                }),
        }
    }

    /// What every task, request and spawned job adds up to (events, CPU, I/O, hedge
    /// timers, dispatches), and each statement's part of it.
    fn sums(&self) -> (Sum, Vec<Part>) {
        let rules = Rules::of(self);
        let jobs: Vec<Shape> = self
            .jobs
            .iter()
            .map(|j| rules.shape(j.steps.iter().copied()))
            .collect();
        // Tasks each job has spawned in all (hedge copies included), and their timers.
        let mut spawned = vec![0u64; self.jobs.len()];
        let mut sum = Sum::default();
        let mut parts = Vec::new();
        let part = |source, shape: &Shape, copies: u64| Part {
            source,
            copies,
            events: shape.events.saturating_mul(copies),
            expiry_events: shape.expiry_events.saturating_mul(copies),
            cpu: shape.cpu,
        };
        // A template's spawns, `copies` times: counted into `spawned`; returns the
        // hedge timers started.
        // A scenario already written out lists what its tasks spawn as tasks.
        let lowered = self.tasks.iter().any(|t| t.parent.is_some());
        let mut spawns = |steps: &mut dyn Iterator<Item = Pattern>, copies: u64| {
            let (mut hedge, mut hedges) = (0u64, 0u64);
            for p in steps.filter(|_| !lowered) {
                if let Pattern::Spawn {
                    job,
                    count,
                    hedge: h,
                } = p
                    && job < spawned.len()
                {
                    let n = u64::from(count).saturating_mul(copies);
                    let with_copies = if h > 0 { n.saturating_mul(2) } else { n };
                    spawned[job] = spawned[job].saturating_add(with_copies);
                    if h > 0 {
                        hedges = hedges.saturating_add(n);
                        hedge = hedge.saturating_add(h.saturating_mul(n));
                    }
                }
            }
            (hedge, hedges)
        };
        for (i, task) in self.tasks.iter().enumerate() {
            let steps = || task.steps.iter().map(|&s| Pattern::from(s));
            let mut shape = rules.shape(steps());
            let (mut hedge, mut hedges) = spawns(&mut steps(), 1);
            // Written out, a hedge copy carries its own timer.
            if let Some((_, after)) = task.backup_of {
                hedge = hedge.saturating_add(after);
                hedges = hedges.saturating_add(1);
            }
            shape.hedge = hedge;
            sum.hedges = sum.hedges.saturating_add(hedges);
            sum.add(&shape, 1);
            parts.push(part(Source::Task(i), &shape, 1));
        }
        for (i, group) in self.requests.iter().enumerate() {
            let copies = u64::from(group.count);
            let mut shape = rules.shape(group.steps.iter().copied());
            let (hedge, hedges) = spawns(&mut group.steps.iter().copied(), copies);
            sum.hedge = sum.hedge.saturating_add(hedge);
            sum.hedges = sum.hedges.saturating_add(hedges);
            shape.hedge = 0;
            sum.add(&shape, copies);
            parts.push(part(Source::Requests(i), &shape, copies));
        }
        for (i, shape) in jobs.iter().enumerate() {
            sum.add(shape, spawned[i]);
            parts.push(part(Source::Job(i), shape, spawned[i]));
        }
        (sum, parts)
    }

    /// The latest a task or a request can arrive, counting a Poisson gap as its longest
    /// draw.
    fn last_arrival_bound(&self) -> Tick {
        self.tasks
            .iter()
            .map(|t| t.arrive)
            .chain(self.requests.iter().map(|g| {
                let arrivals = u64::from(g.count.div_ceil(g.burst.max(1)));
                let gap = if g.poisson {
                    g.every.saturating_mul(EXPONENTIAL_MAX).saturating_add(1)
                } else {
                    g.every
                };
                g.start.saturating_add(arrivals.saturating_mul(gap))
            }))
            .max()
            .unwrap_or(0)
    }

    /// The earliest arrival among tasks and requests as written.
    fn first_arrival_written(&self) -> Tick {
        self.tasks
            .iter()
            .filter(|t| t.parent.is_none())
            .map(|t| t.arrive)
            .chain(self.requests.iter().map(|g| g.start))
            .min()
            .unwrap_or(0)
    }
}

/// Written out, at most this many steps: small enough to lower again just to count.
const REFINE_STEPS: u64 = 200_000;

impl Scenario {
    /// The bound a run of this scenario is held to under `limits`, or why it is
    /// refused. The bound takes random lengths at their largest (an exponential draw
    /// can be 37 times its mean), which can refuse a workload whose lengths, as drawn,
    /// are far shorter: a small one is bounded again with its lengths drawn (lowering
    /// is deterministic), and runs if that bound fits (its `worst` then indexes the
    /// scenario written out).
    pub fn sized(&self, limits: &Limits) -> Result<Bound, Refusal> {
        let bound = self.bound();
        let Some(refusal) = bound.refusal(self, limits) else {
            return Ok(bound);
        };
        if self.has_random_parts() && self.lowered_size().1 <= REFINE_STEPS {
            let lowered = self.lower();
            let drawn = lowered.bound();
            if drawn.refusal(&lowered, limits).is_none() {
                return Ok(drawn);
            }
        }
        Err(refusal)
    }

    /// Whether lowering draws anything: random lengths or Poisson arrivals.
    fn has_random_parts(&self) -> bool {
        let random = |p: &Pattern| {
            matches!(
                p,
                Pattern::Cpu(Length::Uniform(..) | Length::Exponential(_))
                    | Pattern::Io(Length::Uniform(..) | Length::Exponential(_))
            )
        };
        self.requests
            .iter()
            .any(|g| g.poisson || g.steps.iter().any(random))
            || self.jobs.iter().any(|j| j.steps.iter().any(random))
    }
}

/// Why a run is refused before it starts: the sentence, and what it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub focus: Focus,
    pub message: String,
}

/// What a refusal points at in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The longest CPU step of this statement.
    Cpu(Source),
    /// This statement's count (a `requests` line's `count=`; a job's name).
    Count(Source),
    /// The `cores` statement (or the first server).
    Cores,
    /// The policy's `boost=`.
    Boost,
}

impl Bound {
    /// Whether a run this size is refused under `limits`, and in which words.
    pub fn refusal(&self, scenario: &Scenario, limits: &Limits) -> Option<Refusal> {
        if self.events > limits.events {
            return Some(self.too_many_events(scenario, limits));
        }
        if self.work > limits.work {
            let per_boost = self.tasks.saturating_add(u64::from(scenario.cores));
            let boost_work = self.boosts.saturating_mul(per_boost);
            if let Policy::Mlfq(Mlfq { boost, .. }) = scenario.policy
                && boost_work.saturating_mul(2) >= self.work
            {
                return Some(Refusal {
                    focus: Focus::Boost,
                    message: format!(
                        "a boost every {} over a run of up to {} ticks is up to {} boosts, each visiting {}; at most {} visits are run: raise boost, or shorten the run",
                        if boost == 1 {
                            "tick".into()
                        } else {
                            plural(boost, "tick")
                        },
                        crate::group(self.horizon.into()),
                        crate::group(self.boosts.into()),
                        plural(self.tasks, "task"),
                        crate::group(limits.work.into()),
                    ),
                });
            }
            return Some(Refusal {
                focus: Focus::Cores,
                message: format!(
                    "{} cores visited at each of up to {} event times is up to {} visits; at most {} are run: use fewer cores, or fewer tasks",
                    scenario.cores,
                    crate::group(self.ticks.into()),
                    crate::group(self.work.into()),
                    crate::group(limits.work.into()),
                ),
            });
        }
        None
    }

    fn too_many_events(&self, scenario: &Scenario, limits: &Limits) -> Refusal {
        let total = format!(
            "up to {} events ({} slices)",
            crate::group(self.events.into()),
            crate::group(self.slices.into())
        );
        let limit = format!(
            "at most {} events are run",
            crate::group(limits.events.into())
        );
        let Some(w) = self.worst else {
            return Refusal {
                focus: Focus::Cores,
                message: format!("{total}; {limit}"),
            };
        };
        let one = match w.source {
            Source::Task(_) => "this task",
            Source::Requests(_) => "one request",
            Source::Job(_) => "one task of this job",
        };
        let quantum = match &scenario.policy {
            Policy::RoundRobin { quantum } => Some(*quantum),
            Policy::Mlfq(m) => Some(m.shortest()),
            _ => None,
        };
        if let Some(quantum) = quantum
            && w.expiry_events.saturating_mul(2) >= w.events
        {
            return Refusal {
                focus: Focus::Cpu(w.source),
                message: format!(
                    "{total}: quantum {} over {} ticks of CPU ({} in {one}); {limit}: raise the quantum or shorten the bursts",
                    crate::group(quantum.into()),
                    crate::group(self.cpu.into()),
                    crate::group(w.cpu.into()),
                ),
            };
        }
        if w.copies > 1 {
            let (what, fix) = match w.source {
                Source::Job(_) => ("tasks spawned", "spawn fewer"),
                _ => ("requests", "lower the count"),
            };
            return Refusal {
                focus: Focus::Count(w.source),
                message: format!(
                    "{total}: {} {what} of up to {} events each; {limit}: {fix}, or give each fewer steps",
                    crate::group(w.copies.into()),
                    crate::group((w.events / w.copies).into()),
                ),
            };
        }
        Refusal {
            focus: Focus::Cpu(w.source),
            message: format!(
                "{total} from {}; {limit}: fewer tasks or fewer steps",
                plural(self.tasks, "task")
            ),
        }
    }
}

/// "1 task", "5 tasks".
fn plural(n: u64, noun: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} {noun}{s}", crate::group(n.into()))
}
