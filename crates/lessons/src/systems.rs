//! The system-design labs as data: each is a workload, the claim it lets a learner see,
//! the server models to compare on that same workload, and the one knob to sweep. The
//! tests below run every claim on the simulator.

#[cfg(any(test, feature = "claims"))]
use crate::expect;
use interleave_sim::latency::{Latency, latency};
use interleave_sim::{
    Balance, Length, Limits, Options, Pattern, Policy, Queues, Scenario, Server, Step, Tick, parse,
    simulate_with,
};

/// A lab: a workload with a claim, models to compare, and a knob.
#[derive(Debug)]
pub struct Study {
    pub id: &'static str,
    pub title: &'static str,
    pub claim: &'static str,
    pub text: &'static str,
    /// Other ways to serve the same workload; the text itself is the first model.
    pub models: &'static [Model],
    pub knob: Knob,
    /// Checks the claim on the simulator; `Err` says what does not hold.
    #[cfg(any(test, feature = "claims"))]
    pub check: fn(&Scenario) -> Result<(), String>,
}

/// A way to run the same workload (another server design, another balancer...).
#[derive(Debug)]
pub struct Model {
    pub id: &'static str,
    pub label: &'static str,
    pub apply: fn(&mut Scenario),
}

/// The lab's main setting, swept over `values`.
#[derive(Debug)]
pub struct Knob {
    pub label: &'static str,
    pub values: &'static [u32],
    pub apply: fn(&mut Scenario, u32),
    /// The knob's value in a scenario (None: the scenario has no such setting).
    pub read: fn(&Scenario) -> Option<u32>,
}

impl Study {
    pub fn scenario(&self) -> Scenario {
        parse(self.text).unwrap_or_else(|e| panic!("study {}: {e}", self.id))
    }

    #[cfg(any(test, feature = "claims"))]
    pub fn claim_holds(&self) -> Result<(), String> {
        (self.check)(&self.scenario())
    }

    pub fn model(&self, id: &str) -> Option<&'static Model> {
        self.models.iter().find(|m| m.id == id)
    }
}

/// A lab's two configurations: A, the text at the knob's chosen value; B, that served
/// by the model compared with, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Configurations {
    pub a: Scenario,
    pub b: Option<Scenario>,
}

impl Study {
    /// The configurations of `scenario` with the knob at `knob` (None: as written) and
    /// compared with `model`.
    pub fn configurations(
        &self,
        scenario: &Scenario,
        knob: Option<u32>,
        model: Option<&Model>,
    ) -> Configurations {
        let mut a = scenario.clone();
        if let Some(v) = knob {
            (self.knob.apply)(&mut a, v);
        }
        let b = model.map(|m| {
            let mut b = a.clone();
            (m.apply)(&mut b);
            b
        });
        Configurations { a, b }
    }

    /// A's name on screen.
    pub fn label(&self, knob: Option<u32>) -> String {
        match knob {
            Some(v) => format!("as written, {} = {v}", self.knob.label),
            None => "as written".to_string(),
        }
    }

    /// Why the configurations are too large to run within `limits`, naming the setting
    /// that makes them so (the text itself is checked where it is parsed).
    pub fn refusal(
        &self,
        runs: &Configurations,
        knob: Option<u32>,
        model: Option<&Model>,
        limits: &Limits,
    ) -> Option<String> {
        let settings = [
            (
                knob.map(|v| format!("{} = {v}", self.knob.label)),
                Some(&runs.a),
            ),
            (model.map(|m| m.label.to_string()), runs.b.as_ref()),
        ];
        settings.into_iter().find_map(|(what, s)| {
            let e = s?.check_bound(limits).err()?;
            let what = what.unwrap_or_else(|| "this setting".into());
            Some(format!("with {what}: {e}"))
        })
    }

    /// The configurations of the sweep's point at knob `value`, or why the sweep stops
    /// there (each point is bounded before it runs).
    pub fn sweep_point(
        &self,
        scenario: &Scenario,
        value: u32,
        model: Option<&Model>,
        limits: &Limits,
    ) -> Result<Configurations, String> {
        let runs = self.configurations(scenario, Some(value), model);
        let refused = [Some(&runs.a), runs.b.as_ref()]
            .into_iter()
            .flatten()
            .find_map(|s| s.check_bound(limits).err());
        match refused {
            Some(e) => Err(format!(
                "The sweep stops at {} = {value}: {e}.",
                self.knob.label
            )),
            None => Ok(runs),
        }
    }
}

/// One knob value of a sweep, for A and B.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepPoint {
    pub value: u32,
    pub a: Figures,
    pub b: Option<Figures>,
}

/// The figures a sweep draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    pub p50: Tick,
    pub p99: Tick,
    pub throughput: f64,
}

impl Figures {
    /// A run of `scenario` without a trace, and its figures.
    pub fn of(scenario: &Scenario) -> Figures {
        Figures::from(&figures(scenario, |_| {}))
    }
}

impl From<&Latency> for Figures {
    fn from(l: &Latency) -> Figures {
        Figures {
            p50: l.p50,
            p99: l.p99,
            throughput: l.throughput,
        }
    }
}

pub fn find(id: &str) -> Option<&'static Study> {
    STUDIES.iter().find(|s| s.id == id)
}

/// The figures of `scenario` changed by `change`, without a trace (a sweep's run).
pub fn figures(scenario: &Scenario, change: impl FnOnce(&mut Scenario)) -> Latency {
    let mut s = scenario.clone();
    change(&mut s);
    let report = simulate_with(&s, Options { trace: false });
    latency(&s, &report)
}

/// A study's workload under one of its models, with its trace.
pub fn run(study: &Study, model: &Model) -> interleave_sim::Report {
    let mut s = study.scenario();
    (model.apply)(&mut s);
    interleave_sim::simulate(&s)
}

// Edits that models and knobs share.

fn set_lock(s: &mut Scenario, name: &str, permits: u32) {
    if let Some(l) = s.locks.iter_mut().find(|l| l.name == name) {
        l.permits = permits.max(1);
    }
}

fn lock_of(s: &Scenario, name: &str) -> Option<u32> {
    s.locks.iter().find(|l| l.name == name).map(|l| l.permits)
}

/// The length of the CPU step of task `name` (0: the task is left out).
fn set_task_cpu(s: &mut Scenario, name: &str, ticks: u32) {
    if ticks == 0 {
        s.tasks.retain(|t| t.name != name);
        return;
    }
    match s.tasks.iter_mut().find(|t| t.name == name) {
        Some(t) => {
            for step in &mut t.steps {
                if let Step::Cpu(n) = step {
                    *n = u64::from(ticks);
                }
            }
        }
        None => s.tasks.push(interleave_sim::Task {
            name: name.into(),
            arrive: 300,
            priority: 0,
            steps: vec![Step::Cpu(u64::from(ticks))],
            server: None,
            parent: None,
            backup_of: None,
        }),
    }
}

fn task_cpu(s: &Scenario, name: &str) -> Option<u32> {
    let Some(t) = s.tasks.iter().find(|t| t.name == name) else {
        return Some(0);
    };
    t.steps.iter().find_map(|st| match st {
        Step::Cpu(n) => u32::try_from(*n).ok(),
        _ => None,
    })
}

/// `n` servers of one core each, named `PREFIX0`.., at full speed.
fn servers(s: &mut Scenario, prefix: &str, n: u32) {
    s.servers = (0..n.max(1))
        .map(|i| Server {
            name: format!("{prefix}{i}"),
            cores: 1,
            slowdown: 1,
        })
        .collect();
    s.cores = n.max(1);
    s.queues = Queues::Global;
}

/// Every `spawn` of the requests hedges after `after` ticks (0: not at all).
fn hedge(s: &mut Scenario, after: u64) {
    for g in &mut s.requests {
        for p in &mut g.steps {
            if let Pattern::Spawn { hedge, .. } = p {
                *hedge = after;
            }
        }
    }
}

/// Every `spawn` of the requests and tasks starts `n` tasks.
fn fan_out(s: &mut Scenario, n: u32) {
    for g in &mut s.requests {
        for p in &mut g.steps {
            if let Pattern::Spawn { count, .. } = p {
                *count = n.max(1);
            }
        }
    }
    for t in &mut s.tasks {
        for p in &mut t.steps {
            if let Step::Spawn { count, .. } = p {
                *count = n.max(1);
            }
        }
    }
}

fn first_spawn(s: &Scenario) -> Option<u32> {
    s.requests
        .iter()
        .flat_map(|g| g.steps.iter().copied())
        .chain(
            s.tasks
                .iter()
                .flat_map(|t| t.steps.iter().map(|&x| Pattern::from(x))),
        )
        .find_map(|p| match p {
            Pattern::Spawn { count, .. } => Some(count),
            _ => None,
        })
}

/// Splits the map work (960 ticks in all) into `n` partitions: each costs 4 ticks to
/// start, its share, and a random delay of mean half its share.
fn partitions(s: &mut Scenario, n: u32) {
    let n = n.max(1);
    let share = (960 / u64::from(n)).max(1);
    if let Some(map) = s.jobs.iter_mut().find(|j| j.name == "map") {
        map.steps = vec![
            Pattern::Cpu(Length::Fixed(4)),
            Pattern::Cpu(Length::Fixed(share)),
            Pattern::Cpu(Length::Exponential((share / 2).max(1))),
        ];
    }
    if let Some(Pattern::Spawn { count, .. }) = s
        .requests
        .iter_mut()
        .flat_map(|g| g.steps.iter_mut())
        .find(|p| matches!(p, Pattern::Spawn { .. }))
    {
        *count = n;
    }
}

/// Every system lab.
pub static STUDIES: &[Study] = &ALL;

/// What names each lab (its id, title and claim), without what runs it: what a page
/// that only lists or frames the labs needs. Made from the labs themselves, so each is
/// written once.
pub static CATALOGUE: [About; ALL.len()] = about(&ALL);

/// A lab's name and claim.
#[derive(Debug, Clone, Copy)]
pub struct About {
    pub id: &'static str,
    pub title: &'static str,
    pub claim: &'static str,
}

const fn about<const N: usize>(studies: &[Study; N]) -> [About; N] {
    let mut out = [About {
        id: "",
        title: "",
        claim: "",
    }; N];
    let mut i = 0;
    while i < N {
        out[i] = About {
            id: studies[i].id,
            title: studies[i].title,
            claim: studies[i].claim,
        };
        i += 1;
    }
    out
}

/// Whether `id` names a system lab (from the catalogue, which runs nothing).
pub fn is_study(id: &str) -> bool {
    CATALOGUE.iter().any(|a| a.id == id)
}

const ALL: [Study; 6] = [
    Study {
        id: "event-loop",
        title: "One thread, many connections: the event loop",
        claim: "An event loop serves many waiting connections on one thread, until one \
                request computes for long: then everyone's p99 jumps and connections pile up. \
                Threads that take turns suffer far less.",
        text: include_str!("systems/event_loop.scn"),
        models: &[
            Model {
                id: "event-loop",
                label: "event loop (one thread, callbacks run to the end)",
                apply: |s| {
                    s.cores = 1;
                    s.policy = Policy::Fcfs;
                    s.threads = None;
                    s.memory = 16;
                },
            },
            Model {
                id: "threads",
                label: "a thread per request (time slices of 2 ticks)",
                apply: |s| {
                    s.cores = 1;
                    s.policy = Policy::RoundRobin { quantum: 2 };
                    s.threads = None;
                    s.memory = 1024;
                },
            },
            Model {
                id: "pool",
                label: "a pool of 8 threads (time slices of 2 ticks)",
                apply: |s| {
                    s.cores = 1;
                    s.policy = Policy::RoundRobin { quantum: 2 };
                    s.threads = Some(8);
                    s.memory = 1024;
                },
            },
        ],
        knob: Knob {
            label: "ticks of CPU the heavy request needs",
            values: &[0, 25, 50, 100, 200, 400],
            apply: |s, v| set_task_cpu(s, "report", v),
            read: |s| task_cpu(s, "report"),
        },
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let light = |m: &Model| {
                figures(s, |s| {
                    (m.apply)(s);
                    set_task_cpu(s, "report", 0);
                })
            };
            let heavy = |m: &Model| figures(s, |s| (m.apply)(s));
            let [event, threads, _] = [0, 1, 2].map(|i| &STUDIES[0].models[i]);
            let (el, eh) = (light(event), heavy(event));
            let (tl, th) = (light(threads), heavy(threads));
            expect(
                eh.p99 > 3 * el.p99,
                &format!(
                    "the event loop's p99 more than triples ({} -> {})",
                    el.p99, eh.p99
                ),
            )?;
            expect(
                (th.p99 as f64 / tl.p99 as f64) < 0.5 * (eh.p99 as f64 / el.p99 as f64),
                &format!(
                    "threads' p99 grows by less than half as much ({} -> {})",
                    tl.p99, th.p99
                ),
            )?;
            expect(
                eh.peak_in_system > 3 * th.peak_in_system,
                &format!(
                    "connections pile up behind the event loop: over 3 times as many at once as \
                     with threads ({} vs {})",
                    eh.peak_in_system, th.peak_in_system
                ),
            )?;
            expect(el.little.holds() && eh.little.holds(), "Little's law holds")
        },
    },
    Study {
        id: "thread-pool",
        title: "Thread per request, a pool, goroutines, processes",
        claim: "A thread per request runs everything at once but pays for every thread's \
                stack and every switch; a small pool queues requests; light tasks multiplexed \
                on a few threads get the best of both.",
        text: include_str!("systems/thread_pool.scn"),
        models: &[
            Model {
                id: "pool",
                label: "a fixed pool of 16 threads",
                apply: |s| {
                    s.threads = Some(16);
                    s.memory = 1024;
                    s.switch_cost = 2;
                    s.queues = Queues::Global;
                },
            },
            Model {
                id: "per-request",
                label: "a thread per request (a switch costs 2 ticks)",
                apply: |s| {
                    s.threads = None;
                    s.memory = 1024;
                    s.switch_cost = 2;
                    s.queues = Queues::Global;
                },
            },
            Model {
                id: "goroutines",
                label: "goroutines: light tasks on 4 processors (switches almost free, 8 KiB stacks), run queues with stealing",
                apply: |s| {
                    s.threads = None;
                    s.memory = 8;
                    s.switch_cost = 0;
                    s.queues = Queues::PerCore { steal: true };
                },
            },
            Model {
                id: "processes",
                label: "4 single-threaded processes behind a balancer (least connections, 16 KiB a connection)",
                apply: |s| {
                    s.threads = None;
                    s.memory = 16;
                    servers(s, "process", 4);
                    s.balance = Balance::LeastConnections;
                    s.policy = Policy::Fcfs;
                },
            },
        ],
        knob: Knob {
            label: "threads in the pool",
            values: &[1, 2, 4, 8, 16, 32, 64],
            apply: |s, v| s.threads = Some(v),
            read: |s| s.threads,
        },
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let pool = |k| figures(s, |s| s.threads = Some(k));
            let (small, large) = (pool(4), pool(32));
            expect(
                small.p99 > 2 * large.p99,
                &format!(
                    "a pool of 4 has over twice the p99 of 32 ({} vs {})",
                    small.p99, large.p99
                ),
            )?;
            let model = |id: &str| {
                let m = STUDIES[1].model(id).expect("model");
                figures(s, |s| (m.apply)(s))
            };
            let (per_request, capped, light) =
                (model("per-request"), model("pool"), model("goroutines"));
            expect(
                per_request.peak_memory_kib > 2 * capped.peak_memory_kib,
                &format!(
                    "a thread per request holds over twice the pool's stack memory ({} vs {} KiB)",
                    per_request.peak_memory_kib, capped.peak_memory_kib
                ),
            )?;
            expect(
                50 * light.peak_memory_kib < capped.peak_memory_kib,
                &format!(
                    "goroutines hold under a fiftieth of it ({} KiB)",
                    light.peak_memory_kib
                ),
            )?;
            expect(
                light.p99 < per_request.p99 && light.p99 < capped.p99,
                &format!(
                    "goroutines have the lowest p99 ({} vs {} and {})",
                    light.p99, per_request.p99, capped.p99
                ),
            )
        },
    },
    Study {
        id: "connection-pool",
        title: "A connection pool: a bowl of keys",
        claim: "A pool of k connections is a semaphore of k permits. Going from one key (a \
                mutex) to four cuts the latency; beyond the database's own 4 workers, more \
                keys change nothing.",
        text: include_str!("systems/connection_pool.scn"),
        models: &[
            Model {
                id: "pool",
                label: "as written",
                apply: |_| {},
            },
            Model {
                id: "mutex",
                label: "one connection (a mutex)",
                apply: |s| set_lock(s, "conns", 1),
            },
            Model {
                id: "many",
                label: "16 connections",
                apply: |s| set_lock(s, "conns", 16),
            },
        ],
        knob: Knob {
            label: "connections in the pool",
            values: &[1, 2, 3, 4, 6, 8, 12, 16],
            apply: |s, v| set_lock(s, "conns", v),
            read: |s| lock_of(s, "conns"),
        },
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let with = |k| figures(s, |s| set_lock(s, "conns", k));
            let (one, four, twelve) = (with(1), with(4), with(12));
            expect(
                one.p50 > 3 * four.p50,
                &format!(
                    "one connection's p50 is over 3 times four's ({} vs {})",
                    one.p50, four.p50
                ),
            )?;
            let change = (twelve.p99 as f64 - four.p99 as f64).abs() / four.p99 as f64;
            expect(
                change < 0.05,
                &format!(
                    "12 connections change p99 by under 5 % ({} vs {})",
                    four.p99, twelve.p99
                ),
            )
        },
    },
    Study {
        id: "load-balancer",
        title: "A load balancer across unequal servers",
        claim: "Round robin sends the slow server as many requests as the fast ones, and the \
                tail grows: least connections, which notices, halves its p99, and two random \
                choices beat one.",
        text: include_str!("systems/load_balancer.scn"),
        models: &[
            Model {
                id: "rr",
                label: "round robin",
                apply: |s| s.balance = Balance::RoundRobin,
            },
            Model {
                id: "least",
                label: "least connections",
                apply: |s| s.balance = Balance::LeastConnections,
            },
            Model {
                id: "random",
                label: "random",
                apply: |s| s.balance = Balance::Random,
            },
            Model {
                id: "p2c",
                label: "power of two choices",
                apply: |s| s.balance = Balance::TwoChoices,
            },
        ],
        knob: Knob {
            label: "how many times slower server c is",
            values: &[1, 2, 3, 4, 6, 8],
            apply: |s, v| {
                if let Some(c) = s.servers.iter_mut().find(|x| x.name == "c") {
                    c.slowdown = v.max(1);
                }
            },
            read: |s| s.servers.iter().find(|x| x.name == "c").map(|c| c.slowdown),
        },
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let with = |b| figures(s, |s| s.balance = b);
            let rr = with(Balance::RoundRobin);
            let least = with(Balance::LeastConnections);
            let (random, p2c) = (with(Balance::Random), with(Balance::TwoChoices));
            expect(
                2 * least.p99 < rr.p99,
                &format!(
                    "least connections halves round robin's p99 ({} vs {})",
                    least.p99, rr.p99
                ),
            )?;
            expect(
                p2c.p99 < random.p99,
                &format!(
                    "two choices beat one random choice ({} vs {})",
                    p2c.p99, random.p99
                ),
            )
        },
    },
    Study {
        id: "scatter-gather",
        title: "Scatter-gather over shards: the tail at scale",
        claim: "A query that asks every shard waits for the slowest: the more shards, the more \
                likely one is slow. p99 grows with the fan-out, and with 16 shards the median \
                query is as slow as one shard's 90th percentile. Hedging (asking a second \
                replica when a part is late) cuts the tail.",
        text: include_str!("systems/scatter_gather.scn"),
        models: &[
            Model {
                id: "four",
                label: "4 shards",
                apply: |s| {
                    servers(s, "shard", 4);
                    fan_out(s, 4);
                },
            },
            Model {
                id: "one",
                label: "1 shard (no fan-out)",
                apply: |s| {
                    servers(s, "shard", 1);
                    fan_out(s, 1);
                },
            },
            Model {
                id: "sixteen",
                label: "16 shards",
                apply: |s| {
                    servers(s, "shard", 16);
                    fan_out(s, 16);
                },
            },
            Model {
                id: "hedged",
                label: "16 shards, each part hedged after 15 ticks",
                apply: |s| {
                    servers(s, "shard", 16);
                    fan_out(s, 16);
                    hedge(s, 15);
                },
            },
        ],
        knob: Knob {
            label: "shards a query fans out to",
            values: &[1, 2, 4, 8, 16, 32],
            apply: |s, v| {
                servers(s, "shard", v);
                fan_out(s, v);
            },
            read: first_spawn,
        },
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let with = |n| {
                figures(s, |s| {
                    servers(s, "shard", n);
                    fan_out(s, n);
                })
            };
            let runs = [1, 4, 16].map(with);
            let p99 = runs.each_ref().map(|l| l.p99);
            expect(
                p99.windows(2).all(|w| w[0] < w[1]),
                &format!("p99 grows with 1, 4, 16 shards ({p99:?})"),
            )?;
            let hedged = figures(s, |s| {
                servers(s, "shard", 16);
                fan_out(s, 16);
                hedge(s, 15);
            });
            expect(
                hedged.p99 < runs[2].p99,
                &format!(
                    "hedging after 15 ticks cuts 16 shards' p99 ({} vs {})",
                    hedged.p99, runs[2].p99
                ),
            )?;
            expect(
                runs[2].p50 >= runs[0].p90,
                &format!(
                    "with 16 shards the median query is as slow as one shard's p90 ({} vs {})",
                    runs[2].p50, runs[0].p90
                ),
            )
        },
    },
    Study {
        id: "map-reduce",
        title: "Map-reduce: partitions, stragglers, overhead",
        claim: "Four partitions on four cores wait for the slowest; sixteen even out the \
                stragglers; hundreds drown in the cost of starting each (median and p90 over \
                20 runs).",
        text: include_str!("systems/map_reduce.scn"),
        models: &[
            Model {
                id: "sixteen",
                label: "16 partitions",
                apply: |s| partitions(s, 16),
            },
            Model {
                id: "four",
                label: "4 partitions (one per core)",
                apply: |s| partitions(s, 4),
            },
            Model {
                id: "many",
                label: "256 partitions",
                apply: |s| partitions(s, 256),
            },
        ],
        knob: Knob {
            label: "partitions of the input",
            values: &[1, 2, 4, 8, 16, 32, 64, 128, 256],
            apply: partitions,
            read: first_spawn,
        },
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let with = |n| figures(s, |s| partitions(s, n));
            let (four, sixteen, many) = (with(4), with(16), with(256));
            expect(
                sixteen.p50 < four.p50 && sixteen.p90 < four.p90,
                &format!(
                    "16 partitions beat 4 in median and p90 ({}/{} vs {}/{})",
                    sixteen.p50, sixteen.p90, four.p50, four.p90
                ),
            )?;
            expect(
                sixteen.p50 < many.p50,
                &format!("16 partitions beat 256 ({} vs {})", sixteen.p50, many.p50),
            )?;
            let one = with(1);
            expect(
                one.p50 > 2 * sixteen.p50,
                &format!(
                    "one partition (no parallelism) takes over twice as long ({})",
                    one.p50
                ),
            )
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_study_parses_and_its_claim_holds() {
        for study in STUDIES {
            assert_eq!(study.claim_holds(), Ok(()), "{}: {}", study.id, study.claim);
        }
    }

    #[test]
    fn every_model_and_knob_value_runs_and_little_law_holds() {
        for study in STUDIES {
            let s = study.scenario();
            assert!(
                (study.knob.read)(&s).is_some(),
                "{}: the knob reads the text",
                study.id
            );
            for m in study.models {
                let l = figures(&s, |s| (m.apply)(s));
                assert!(l.little.holds(), "{} {}", study.id, m.id);
                assert_eq!(l.completed, l.requests, "{} {}", study.id, m.id);
            }
            for &v in study.knob.values {
                let mut changed = s.clone();
                (study.knob.apply)(&mut changed, v);
                assert_eq!(
                    (study.knob.read)(&changed),
                    Some(v),
                    "{} knob {v}",
                    study.id
                );
                let l = figures(&changed, |_| {});
                assert_eq!(l.completed, l.requests, "{} knob {v}", study.id);
            }
        }
    }

    #[test]
    fn ids_are_unique_and_models_have_ids() {
        for (i, a) in STUDIES.iter().enumerate() {
            assert!(STUDIES[i + 1..].iter().all(|b| b.id != a.id), "{}", a.id);
            assert!(!a.models.is_empty());
        }
    }

    /// `cargo test -p interleave-lessons figures -- --ignored --nocapture` prints every
    /// study's figures per model and knob value (for writing claims).
    #[test]
    #[ignore]
    fn figures_of_every_study() {
        for study in STUDIES {
            let s = study.scenario();
            println!("== {}", study.id);
            for m in study.models {
                let l = figures(&s, |s| (m.apply)(s));
                println!(
                    "  {:<12} p50 {:>5} p90 {:>5} p99 {:>5} max {:>5} peak {:>4} thr {:.3} memory {} KiB",
                    m.id,
                    l.p50,
                    l.p90,
                    l.p99,
                    l.max,
                    l.peak_in_system,
                    l.throughput,
                    l.peak_memory_kib
                );
            }
            for &v in study.knob.values {
                let l = figures(&s, |s| (study.knob.apply)(s, v));
                println!(
                    "  knob {:>4}    p50 {:>5} p90 {:>5} p99 {:>5} max {:>5} peak {:>4} thr {:.3}",
                    v, l.p50, l.p90, l.p99, l.max, l.peak_in_system, l.throughput
                );
            }
        }
    }

    #[test]
    fn configurations_apply_the_knob_then_the_model_and_large_ones_are_refused_in_words() {
        let study = find("thread-pool").unwrap();
        let text = study.scenario();
        let model = study.model("per-request");
        let runs = study.configurations(&text, Some(8), model);
        assert_eq!((study.knob.read)(&runs.a), Some(8));
        let b = runs.b.as_ref().unwrap();
        assert_eq!(b.threads, None, "a thread per request");
        assert_ne!(*b, runs.a, "the model changes the run");
        assert_eq!(
            study.label(Some(8)),
            format!("as written, {} = 8", study.knob.label)
        );
        assert_eq!(study.label(None), "as written");

        let small = Limits {
            events: 1_000,
            ..Limits::default()
        };
        assert_eq!(
            study.refusal(&runs, Some(8), model, &Limits::default()),
            None
        );
        let why = study.refusal(&runs, Some(8), model, &small).unwrap();
        assert!(
            why.starts_with(&format!("with {} = 8: up to ", study.knob.label)),
            "{why}"
        );
        let why = study.sweep_point(&text, 8, model, &small).unwrap_err();
        assert!(
            why.starts_with(&format!(
                "The sweep stops at {} = 8: up to ",
                study.knob.label
            )),
            "{why}"
        );
        let point = study
            .sweep_point(&text, 8, model, &Limits::default())
            .unwrap();
        assert_eq!(point, runs);
        let figures = Figures::of(&point.a);
        assert!(figures.p50 <= figures.p99 && figures.throughput > 0.0);
    }
}
