//! Lowering: requests, spawned tasks and the thread cap written out as plain tasks and
//! one more lock, so that the engine runs one kind of thing. Random lengths and
//! arrivals are drawn here, from the scenario's seed, each `requests` statement from a
//! stream of its own (editing one leaves the others' draws alone).
//!
//! The lowered task list: the declared tasks, then each `requests` statement's tasks
//! (`NAME.1`, `NAME.2`, ...), then the spawned tasks, grouped by the task that spawns
//! them and in the order it spawns them (`PARENT/JOB.1`, ...). With servers, the k-th
//! task of one `spawn` runs on server `k mod servers` (a fan-out across shards).

use std::borrow::Cow;

use crate::model::{Length, Lock, Pattern, Scenario, Step, Task};
use crate::random::{SplitMix64, arrival};

/// The lock the `threads` statement becomes.
pub const THREADS_LOCK: &str = "threads";

impl Scenario {
    /// The scenario with nothing left to write out: itself when it has nothing to
    /// lower. The engine runs the lowered scenario; reports index its tasks.
    pub fn lower(&self) -> Cow<'_, Scenario> {
        if !self.needs_lowering() {
            return Cow::Borrowed(self);
        }
        let mut locks = self.locks.clone();
        let threads = self.threads.map(|permits| {
            locks.push(Lock {
                name: THREADS_LOCK.into(),
                permits,
            });
            locks.len() - 1
        });
        let wrap = |mut steps: Vec<Step>| {
            if let Some(l) = threads {
                steps.insert(0, Step::Acquire(l));
                steps.push(Step::Release(l));
            }
            steps
        };
        let mut tasks: Vec<Task> = Vec::with_capacity(self.lowered_size().0 as usize);
        let mut spawned: Vec<Task> = Vec::new();
        let mut rng = SplitMix64::stream(self.seed, 0);
        for task in &self.tasks {
            let index = tasks.len() as u32;
            self.spawn_children(index, task, &mut spawned, &mut rng);
            tasks.push(Task {
                steps: wrap(task.steps.clone()),
                ..task.clone()
            });
        }
        for (g, group) in self.requests.iter().enumerate() {
            let mut rng = SplitMix64::stream(self.seed, g as u64 + 1);
            let mut clock = 0.0f64;
            for i in 0..group.count {
                let when = (group.start, group.every, group.burst, group.poisson);
                let arrive = arrival(when, i, &mut clock, &mut rng);
                let task = Task {
                    name: format!("{}.{}", group.name, i + 1),
                    arrive,
                    priority: group.priority,
                    steps: draw(&group.steps, &mut rng),
                    server: None,
                    parent: None,
                    backup_of: None,
                };
                let index = tasks.len() as u32;
                self.spawn_children(index, &task, &mut spawned, &mut rng);
                tasks.push(Task {
                    steps: wrap(task.steps),
                    ..task
                });
            }
        }
        let first = tasks.len() as u32;
        tasks.extend(spawned.into_iter().map(|mut t| {
            if let Some((of, after)) = t.backup_of {
                t.backup_of = Some((of + first, after));
            }
            t
        }));
        // Spawned tasks were numbered from 0; they follow the others.
        debug_assert!(tasks[first as usize..].iter().all(|t| t.parent.is_some()));
        Cow::Owned(Scenario {
            cores: self.cores,
            policy: self.policy.clone(),
            switch_cost: self.switch_cost,
            queues: self.queues,
            locks,
            tasks,
            seed: self.seed,
            memory: self.memory,
            threads: None,
            servers: self.servers.clone(),
            balance: self.balance,
            jobs: self.jobs.clone(),
            requests: Vec::new(),
            messaging: self.messaging.clone(),
        })
    }

    /// The tasks `task` (lowered index `index`) spawns, drawn and appended in order:
    /// for each `spawn`, its tasks, then (hedged) a copy of each, on the next server
    /// and with lengths drawn anew (another replica answers in its own time).
    fn spawn_children(&self, index: u32, task: &Task, out: &mut Vec<Task>, rng: &mut SplitMix64) {
        let servers = self.servers.len() as u32;
        let mut counts = vec![0u32; self.jobs.len()];
        for step in &task.steps {
            let Step::Spawn { job, count, hedge } = *step else {
                continue;
            };
            let Some(template) = self.jobs.get(job) else {
                continue;
            };
            // Indices count from 0 among the spawned tasks; lowering shifts them.
            let first = out.len() as u32;
            for k in 0..count {
                counts[job] += 1;
                out.push(Task {
                    name: format!("{}/{}.{}", task.name, template.name, counts[job]),
                    arrive: 0,
                    priority: task.priority,
                    steps: draw(&template.steps, rng),
                    server: (servers > 0).then(|| k % servers),
                    parent: Some(index),
                    backup_of: None,
                });
            }
            if hedge > 0 {
                for k in 0..count {
                    let name = format!("{}-hedge", out[(first + k) as usize].name);
                    out.push(Task {
                        name,
                        arrive: 0,
                        priority: task.priority,
                        steps: draw(&template.steps, rng),
                        server: (servers > 0).then(|| (k + 1) % servers),
                        parent: Some(index),
                        backup_of: Some((first + k, hedge)),
                    });
                }
            }
        }
    }
}

/// A template's steps with every random length drawn.
fn draw(patterns: &[Pattern], rng: &mut SplitMix64) -> Vec<Step> {
    let mut length = |l: Length| l.draw(rng);
    patterns
        .iter()
        .map(|&p| match p {
            Pattern::Cpu(l) => Step::Cpu(length(l)),
            Pattern::Io(l) => Step::Io(length(l)),
            Pattern::Acquire(l) => Step::Acquire(l),
            Pattern::Release(l) => Step::Release(l),
            Pattern::Spawn { job, count, hedge } => Step::Spawn { job, count, hedge },
            Pattern::Join => Step::Join,
        })
        .collect()
}
