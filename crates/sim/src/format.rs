//! Prints a scenario back as canonical text: `parse(&scenario.to_string())` gives the
//! same scenario back.

use std::fmt;

use crate::messaging::{Full, Messaging};
use crate::model::{Balance, Length, Mlfq, Pattern, Policy, Queues, Scenario};

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Policy::Fcfs => write!(f, "fcfs"),
            Policy::Sjf => write!(f, "sjf"),
            Policy::Srtf => write!(f, "srtf"),
            Policy::Priority { preemptive: false } => write!(f, "priority"),
            Policy::Priority { preemptive: true } => write!(f, "priority preemptive"),
            Policy::RoundRobin { quantum } => write!(f, "rr quantum={quantum}"),
            Policy::Mlfq(m) => write!(f, "mlfq {}", m.options().join(" ")),
        }
    }
}

/// Numbers joined by commas.
fn list<T: ToString>(values: &[T]) -> String {
    values
        .iter()
        .map(T::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

impl Mlfq {
    /// Its options as the scenario format writes them: the short form where it
    /// applies (`levels=3 quantum=2`), lists where not, and what differs from the
    /// defaults.
    fn options(&self) -> Vec<String> {
        let mut options = match self.doubled() {
            Some(q) => vec![format!("levels={}", self.levels()), format!("quantum={q}")],
            None => vec![format!("quantum={}", list(&self.quanta))],
        };
        match self.allotments.split_first() {
            Some((&a, rest)) if rest.iter().all(|&b| b == a) => {
                if a != 1 {
                    options.push(format!("allotment={a}"));
                }
            }
            _ => options.push(format!("allotment={}", list(&self.allotments))),
        }
        if self.boost > 0 {
            options.push(format!("boost={}", self.boost));
        }
        if self.stay {
            options.push("stay".into());
        }
        if self.io_bump {
            options.push("iobump".into());
        }
        options
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(m) = &self.messaging {
            if self.seed != 0 {
                writeln!(f, "seed {}", self.seed)?;
            }
            return write!(f, "{m}");
        }
        if self.servers.is_empty() {
            writeln!(f, "cores {}", self.cores)?;
        }
        writeln!(f, "policy {}", self.policy)?;
        writeln!(f, "switch {}", self.switch_cost)?;
        match self.queues {
            Queues::Global => {}
            Queues::PerCore { steal: false } => writeln!(f, "queues per-core")?,
            Queues::PerCore { steal: true } => writeln!(f, "queues per-core steal")?,
        }
        if self.seed != 0 {
            writeln!(f, "seed {}", self.seed)?;
        }
        if let Some(k) = self.threads {
            writeln!(f, "threads {k}")?;
        }
        if self.memory != 0 {
            writeln!(f, "memory {}", self.memory)?;
        }
        for server in &self.servers {
            write!(f, "server {} cores={}", server.name, server.cores)?;
            if server.slowdown != 1 {
                write!(f, " slowdown={}", server.slowdown)?;
            }
            writeln!(f)?;
        }
        if self.balance != Balance::RoundRobin {
            writeln!(f, "balance {}", self.balance.short())?;
        }
        for lock in &self.locks {
            write!(f, "lock {}", lock.name)?;
            if lock.permits != 1 {
                write!(f, " permits={}", lock.permits)?;
            }
            writeln!(f)?;
        }
        for job in &self.jobs {
            write!(f, "job {}:", job.name)?;
            self.write_steps(f, &mut job.steps.iter().copied())?;
            writeln!(f)?;
        }
        for task in &self.tasks {
            write!(f, "task {}", task.name)?;
            if task.arrive != 0 {
                write!(f, " arrive={}", task.arrive)?;
            }
            if task.priority != 0 {
                write!(f, " priority={}", task.priority)?;
            }
            write!(f, ":")?;
            self.write_steps(f, &mut task.steps.iter().map(|&s| Pattern::from(s)))?;
            writeln!(f)?;
        }
        for group in &self.requests {
            write!(
                f,
                "requests {} count={} every={}",
                group.name, group.count, group.every
            )?;
            if group.poisson {
                write!(f, " poisson")?;
            }
            if group.burst != 1 {
                write!(f, " burst={}", group.burst)?;
            }
            if group.start != 0 {
                write!(f, " start={}", group.start)?;
            }
            if group.priority != 0 {
                write!(f, " priority={}", group.priority)?;
            }
            write!(f, ":")?;
            self.write_steps(f, &mut group.steps.iter().copied())?;
            writeln!(f)?;
        }
        Ok(())
    }
}

impl Scenario {
    fn write_steps(
        &self,
        f: &mut fmt::Formatter<'_>,
        steps: &mut dyn Iterator<Item = Pattern>,
    ) -> fmt::Result {
        let lock = |l: usize| self.locks.get(l).map_or("?", |l| l.name.as_str());
        for (i, step) in steps.enumerate() {
            let sep = if i == 0 { " " } else { ", " };
            match step {
                Pattern::Cpu(n) => write!(f, "{sep}cpu {n}")?,
                Pattern::Io(n) => write!(f, "{sep}io {n}")?,
                Pattern::Acquire(l) => write!(f, "{sep}acquire {}", lock(l))?,
                Pattern::Release(l) => write!(f, "{sep}release {}", lock(l))?,
                Pattern::Spawn { job, count, hedge } => {
                    let name = self.jobs.get(job).map_or("?", |j| j.name.as_str());
                    write!(f, "{sep}spawn {name} x{count}")?;
                    if hedge > 0 {
                        write!(f, " hedge={hedge}")?;
                    }
                }
                Pattern::Join => write!(f, "{sep}join")?,
            }
        }
        Ok(())
    }
}

impl fmt::Display for Messaging {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = &self.queue;
        write!(f, "queue {} partitions={}", q.name, q.partitions)?;
        if let Some(c) = q.capacity {
            let full = match q.full {
                Full::Block => "block",
                Full::Drop => "drop",
            };
            write!(f, " capacity={c} {full}")?;
        }
        writeln!(f)?;
        for p in &self.producers {
            write!(f, "producer {} count={} every={}", p.name, p.count, p.every)?;
            if p.poisson {
                write!(f, " poisson")?;
            }
            if p.burst != 1 {
                write!(f, " burst={}", p.burst)?;
            }
            if p.start != 0 {
                write!(f, " start={}", p.start)?;
            }
            writeln!(f)?;
        }
        for g in &self.groups {
            writeln!(
                f,
                "group {} consumers={}: process {}",
                g.name, g.consumers, g.process
            )?;
        }
        Ok(())
    }
}

impl fmt::Display for Length {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Length::Fixed(n) => write!(f, "{n}"),
            Length::Uniform(lo, hi) => write!(f, "{lo}..{hi}"),
            Length::Exponential(mean) => write!(f, "~{mean}"),
        }
    }
}

impl Balance {
    /// The balancer's word in the text format: `rr`, `least`, `random`, `p2c`.
    pub fn short(&self) -> &'static str {
        match self {
            Balance::RoundRobin => "rr",
            Balance::LeastConnections => "least",
            Balance::Random => "random",
            Balance::TwoChoices => "p2c",
        }
    }
}

impl Policy {
    /// The policy in one word, for command lines and URLs: `fcfs`, `sjf`, `srtf`,
    /// `priority`, `priority-preemptive`, `rr:Q`, `mlfq:L:Q[:B]`; an MLFQ that form
    /// cannot say is its options joined by colons
    /// (`mlfq:quantum=10,10:allotment=2:boost=50:stay`).
    pub fn short(&self) -> String {
        match self {
            Policy::Fcfs => "fcfs".into(),
            Policy::Sjf => "sjf".into(),
            Policy::Srtf => "srtf".into(),
            Policy::Priority { preemptive: false } => "priority".into(),
            Policy::Priority { preemptive: true } => "priority-preemptive".into(),
            Policy::RoundRobin { quantum } => format!("rr:{quantum}"),
            Policy::Mlfq(m) => match m.doubled() {
                Some(q) if *m == Mlfq::doubling(m.levels(), q, m.boost) => match m.boost {
                    0 => format!("mlfq:{}:{q}", m.levels()),
                    b => format!("mlfq:{}:{q}:{b}", m.levels()),
                },
                _ => format!("mlfq:{}", m.options().join(":")),
            },
        }
    }

    /// Reads [`Policy::short`]'s form; None for anything else or out of range.
    pub fn from_short(text: &str) -> Option<Policy> {
        let parts: Vec<&str> = text.split(':').collect();
        let n = |i: usize| {
            parts
                .get(i)
                .and_then(|p| p.parse::<u64>().ok())
                .filter(|&n| (1..=1_000_000_000).contains(&n))
        };
        let policy = match parts[0] {
            "fcfs" => Policy::Fcfs,
            "sjf" => Policy::Sjf,
            "srtf" => Policy::Srtf,
            "priority" => Policy::Priority { preemptive: false },
            "priority-preemptive" => Policy::Priority { preemptive: true },
            "rr" if parts.len() == 2 => Policy::RoundRobin { quantum: n(1)? },
            "mlfq" if parts.get(1).is_some_and(|p| p.contains('=')) => {
                let text = format!("policy mlfq {}", parts[1..].join(" "));
                let policy = crate::parse::policy_line(&text)?;
                return matches!(policy, Policy::Mlfq(_)).then_some(policy);
            }
            "mlfq" if (3..=4).contains(&parts.len()) => Policy::Mlfq(Mlfq::doubling(
                u32::try_from(n(1)?).ok().filter(|&l| l <= 16)?,
                n(2)?,
                match parts.get(3) {
                    Some(b) => b.parse().ok().filter(|&b| b <= 1_000_000_000)?,
                    None => 0,
                },
            )),
            _ => return None,
        };
        (parts.len() == 1 || matches!(parts[0], "rr" | "mlfq")).then_some(policy)
    }
}
