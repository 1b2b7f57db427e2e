//! Invariants over random scenarios (proptest): the trace is physically possible, every
//! tick is accounted for, results are deterministic, and text round-trips.

use interleave_sim::{Lock, Mlfq, Outcome, Policy, Queues, Scenario, Step, Task, parse, simulate};
use proptest::prelude::*;

fn policy() -> impl Strategy<Value = Policy> {
    prop_oneof![
        Just(Policy::Fcfs),
        Just(Policy::Sjf),
        Just(Policy::Srtf),
        any::<bool>().prop_map(|preemptive| Policy::Priority { preemptive }),
        (1u64..5).prop_map(|quantum| Policy::RoundRobin { quantum }),
        (1u32..4, 1u64..4, 0u64..30).prop_map(|(levels, quantum, boost)| Policy::Mlfq(
            Mlfq::doubling(levels, quantum, boost)
        )),
        mlfq(),
    ]
}

/// An MLFQ of any shape: a quantum and an allotment per level, and OSTEP's options.
fn mlfq() -> impl Strategy<Value = Policy> {
    (1usize..4).prop_flat_map(|levels| {
        (
            prop::collection::vec(1u64..5, levels),
            prop::collection::vec(1u32..3, levels),
            0u64..30,
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(quanta, allotments, boost, stay, io_bump)| {
                Policy::Mlfq(Mlfq {
                    quanta,
                    allotments,
                    boost,
                    stay,
                    io_bump,
                })
            })
    })
}

fn queues() -> impl Strategy<Value = Queues> {
    prop_oneof![
        Just(Queues::Global),
        any::<bool>().prop_map(|steal| Queues::PerCore { steal })
    ]
}

/// Steps of one task: CPU and I/O, and critical sections that acquire and release
/// (possibly nested, in any lock order, so deadlocks do occur).
fn steps(locks: usize) -> impl Strategy<Value = Vec<Step>> {
    let plain = prop_oneof![(1u64..7).prop_map(Step::Cpu), (1u64..7).prop_map(Step::Io)];
    (
        prop::collection::vec(plain, 1..5),
        prop::collection::vec(0..locks.max(1), 0..3),
    )
        .prop_map(move |(mut steps, take)| {
            if locks > 0 {
                let mut held = Vec::new();
                for (i, l) in take.into_iter().enumerate() {
                    let at = (i * 2).min(steps.len());
                    steps.insert(at, Step::Acquire(l));
                    held.push(l);
                }
                steps.push(Step::Cpu(1));
                while let Some(l) = held.pop() {
                    steps.push(Step::Release(l));
                }
            }
            steps
        })
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (1u32..4, policy(), 0u64..3, queues(), 0usize..3).prop_flat_map(
        |(cores, policy, switch_cost, queues, locks)| {
            let task = (0u64..10, 0u32..4, steps(locks));
            (
                prop::collection::vec(task, 1..8),
                prop::collection::vec(1u32..3, locks),
            )
                .prop_map(move |(tasks, permits)| Scenario {
                    cores,
                    policy: policy.clone(),
                    switch_cost,
                    queues,
                    locks: permits
                        .iter()
                        .enumerate()
                        .map(|(i, &permits)| Lock {
                            name: format!("L{i}"),
                            permits,
                        })
                        .collect(),
                    tasks: tasks
                        .into_iter()
                        .enumerate()
                        .map(|(i, (arrive, priority, steps))| Task {
                            name: format!("t{i}"),
                            arrive,
                            priority,
                            steps,
                            server: None,
                            parent: None,
                            backup_of: None,
                        })
                        .collect(),
                    ..Scenario::default()
                })
        },
    )
}

fn cpu_of(task: &Task) -> u64 {
    task.steps
        .iter()
        .map(|s| if let Step::Cpu(n) = s { *n } else { 0 })
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn the_trace_is_physically_possible(s in scenario()) {
        let r = simulate(&s);
        // A core runs one thing at a time.
        for slices in &r.trace.cores {
            for pair in slices.windows(2) {
                prop_assert!(pair[0].end <= pair[1].start, "{pair:?}");
            }
            for slice in slices {
                prop_assert!(slice.start < slice.end, "{slice:?}");
            }
        }
        // A task is on one core at a time.
        let all: Vec<_> = r.trace.cores.iter().flatten().collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                if a.task == b.task {
                    prop_assert!(a.end <= b.start || b.end <= a.start, "{a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn every_tick_is_accounted_for(s in scenario()) {
        let r = simulate(&s);
        for (i, (task, m)) in s.tasks.iter().zip(&r.tasks).enumerate() {
            let ran: u64 = r.trace.cores.iter().flatten()
                .filter(|x| x.task == i as u32 && !x.switch)
                .map(|x| x.end - x.start)
                .sum();
            prop_assert_eq!(ran, m.running);
            if let Some(done) = m.completion {
                // Every CPU tick of the task ran exactly once.
                prop_assert_eq!(m.running, cpu_of(task));
                prop_assert_eq!(m.waiting + m.running + m.io + m.blocked + m.switching, done - m.arrival);
                prop_assert_eq!(m.turnaround, Some(done - m.arrival));
            }
            if let Some(first) = m.first_run {
                prop_assert_eq!(m.response, Some(first - m.arrival));
                let first_slice = r.trace.cores.iter().flatten()
                    .filter(|x| x.task == i as u32 && !x.switch)
                    .map(|x| x.start)
                    .min();
                prop_assert_eq!(first_slice, Some(first));
            }
        }
        for (c, slices) in r.trace.cores.iter().enumerate() {
            let busy: u64 = slices.iter().filter(|x| !x.switch).map(|x| x.end - x.start).sum();
            prop_assert_eq!(busy, r.busy[c]);
        }
        prop_assert!(r.utilization() <= 1.0 + 1e-9);
        if s.switch_cost > 0 {
            let switches = r.trace.cores.iter().flatten().filter(|x| x.switch).count() as u64;
            prop_assert_eq!(switches, r.context_switches);
        }
    }

    #[test]
    fn without_locks_every_task_completes(s in scenario()) {
        let s = Scenario {
            locks: Vec::new(),
            tasks: s.tasks.into_iter().map(|mut t| {
                t.steps.retain(|x| matches!(x, Step::Cpu(_) | Step::Io(_)));
                t
            }).collect(),
            ..s
        };
        let r = simulate(&s);
        prop_assert_eq!(&r.outcome, &Outcome::Completed);
        // Work is conserved: busy core-ticks are exactly the CPU the tasks asked for.
        prop_assert_eq!(r.busy.iter().sum::<u64>(), s.tasks.iter().map(cpu_of).sum::<u64>());
    }

    #[test]
    fn a_run_is_a_pure_function_of_its_scenario(s in scenario()) {
        prop_assert_eq!(simulate(&s), simulate(&s));
    }

    #[test]
    fn a_run_in_slices_gives_the_same_report(s in scenario(), slice in 1u64..20) {
        let mut sim = interleave_sim::Simulation::new(&s, interleave_sim::Options::default());
        let mut slices = 0;
        while !sim.advance(slice) {
            slices += 1;
            prop_assert!(slices < 100_000, "the run never ends");
        }
        prop_assert_eq!(sim.finish(), simulate(&s));
    }

    #[test]
    fn text_round_trips(s in scenario()) {
        let text = s.to_string();
        prop_assert_eq!(parse(&text).map_err(|e| e.to_string()), Ok(s.clone()));
        // What the parser accepts, the JSON side's validation accepts too.
        prop_assert_eq!(s.validate(&interleave_sim::Limits::default()), Ok(()));
    }

    #[test]
    fn short_policy_names_round_trip(p in policy(), junk in "[a-z0-9:-]{0,12}") {
        prop_assert_eq!(Policy::from_short(&p.short()), Some(p));
        if let Some(q) = Policy::from_short(&junk) {
            prop_assert_eq!(Policy::from_short(&q.short()), Some(q));
        }
    }

    /// A short form with options is read by the policy's own reading, which must
    /// agree with the whole parser's on the same `policy` line.
    #[test]
    fn short_mlfq_options_read_as_the_parser_reads_them(
        options in "(levels=[0-9]{1,2}:)?quantum=[0-9,]{1,6}(:allotment=[0-9,]{1,4})?(:boost=[0-9]{1,3})?(:stay)?(:iobump)?(:x=1)?"
    ) {
        let parsed = parse(&format!("policy mlfq {}", options.replace(':', " ")))
            .ok()
            .map(|s| s.policy);
        prop_assert_eq!(Policy::from_short(&format!("mlfq:{options}")), parsed);
    }

    #[test]
    fn any_text_gives_a_scenario_or_located_errors(text in "[a-z0-9=:, #\\n]{0,200}") {
        if let Err(errors) = parse(&text) {
            let lines = text.lines().count().max(1) as u32;
            for e in errors.0 {
                prop_assert!(e.line >= 1 && e.line <= lines, "{e}");
                prop_assert!(e.col >= 1);
            }
        }
    }
}

/// Systems: requests with random lengths, servers of unequal speed behind any
/// balancer, a thread cap, and requests that fan out to jobs and join them.
fn system() -> impl Strategy<Value = String> {
    let server = (1u32..3, 1u32..4);
    (
        prop::collection::vec(server, 0..4),
        0usize..4,
        prop::option::of(1u32..4),
        policy(),
        0u64..3,
        0u64..1000,
        prop::collection::vec((1u32..12, 0u64..6, any::<bool>(), 1u32..3, 0usize..4, 1u32..4), 1..4),
    )
        .prop_map(|(servers, balance, threads, policy, switch, seed, groups)| {
            let mut text = format!("policy {policy}\nswitch {switch}\nseed {seed}\n");
            if servers.is_empty() {
                text += "cores 2\n";
            }
            for (i, (cores, slowdown)) in servers.iter().enumerate() {
                text += &format!("server s{i} cores={cores} slowdown={slowdown}\n");
            }
            text += &format!("balance {}\n", ["rr", "least", "random", "p2c"][balance]);
            if let Some(k) = threads {
                text += &format!("threads {k}\n");
            }
            text += "job part: cpu 1..4, io ~3\n";
            for (g, (count, every, poisson, burst, shape, fan)) in groups.into_iter().enumerate() {
                let steps = [
                    "cpu 1..5".to_string(),
                    "cpu ~3, io 1..9, cpu 1".to_string(),
                    format!("cpu 1, spawn part x{fan}, join, cpu 1"),
                    format!("spawn part x{fan} hedge={}, io ~4, join", 1 + every),
                ][shape]
                    .clone();
                let poisson = if poisson { " poisson" } else { "" };
                let burst = burst.min(count);
                text += &format!("requests r{g} count={count} every={every}{poisson} burst={burst}: {steps}\n");
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn systems_run_to_completion_and_account_for_every_tick(text in system()) {
        let s = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let r = simulate(&s);
        prop_assert_eq!(&r.outcome, &Outcome::Completed, "{}", text);
        let lowered = s.lower();
        let core_server = lowered.core_servers();
        // A core runs one thing at a time; a task stays on one server.
        for slices in &r.trace.cores {
            for pair in slices.windows(2) {
                prop_assert!(pair[0].end <= pair[1].start);
            }
        }
        let mut server_of = vec![None; r.tasks.len()];
        for (c, slices) in r.trace.cores.iter().enumerate() {
            for x in slices {
                let here = Some(core_server[c]);
                prop_assert!(server_of[x.task as usize].is_none_or(|s| Some(s) == here), "{}", text);
                server_of[x.task as usize] = here;
            }
        }
        // Every CPU tick ran once, slowed down by its server; every tick is accounted.
        for (i, (task, m)) in lowered.tasks.iter().zip(&r.tasks).enumerate() {
            let Some(done) = m.completion else {
                // Only a hedge copy whose original answered in time never runs.
                prop_assert!(task.backup_of.is_some(), "{} never finished", task.name);
                prop_assert_eq!(m.running, 0);
                continue;
            };
            let slow = server_of[i].map_or(1, |s| lowered.servers.get(s as usize).map_or(1, |x| u64::from(x.slowdown)));
            prop_assert_eq!(m.running, cpu_of(task) * slow);
            prop_assert_eq!(m.waiting + m.running + m.io + m.blocked + m.switching, done - m.arrival);
            if let Some(p) = task.parent {
                // A spawned task arrives after its parent and, when joined, ends first.
                prop_assert!(m.arrival >= r.tasks[p as usize].arrival);
            }
        }
        let l = interleave_sim::latency::latency(&s, &r);
        prop_assert!(l.little.holds(), "{:?}", l.little);
        prop_assert_eq!(l.completed, s.requests.iter().map(|g| g.count as usize).sum::<usize>());
        prop_assert!(l.p50 <= l.p90 && l.p90 <= l.p99 && l.p99 <= l.max);
        if let Some(k) = s.threads {
            // At no instant do more than k requests hold a thread: a request holds one
            // from its first state other than waiting for the thread lock to its end.
            let lock = (lowered.locks.len() - 1) as u32;
            let mut edges = Vec::new();
            let mut holding = vec![false; r.tasks.len()];
            for c in &r.trace.changes {
                let i = c.task as usize;
                if lowered.tasks[i].parent.is_some() {
                    continue;
                }
                if !holding[i] && c.state != interleave_sim::State::Blocked(lock) {
                    holding[i] = true;
                    edges.push((c.time, 1i64));
                }
                if c.state == interleave_sim::State::Done {
                    edges.push((c.time, -1));
                }
            }
            prop_assert!(l.peak_holding <= k, "{} holding of {}", l.peak_holding, k);
            edges.sort();
            let mut now = 0;
            for (_, d) in edges {
                now += d;
                prop_assert!(now <= i64::from(k), "{} threads busy of {}\n{}", now, k, text);
            }
        }
    }

    #[test]
    fn systems_are_deterministic_sliceable_and_round_trip(text in system(), slice in 1u64..50) {
        let s = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(parse(&s.to_string()).map_err(|e| e.to_string()), Ok(s.clone()));
        prop_assert_eq!(s.validate(&interleave_sim::Limits::default()), Ok(()));
        let whole = simulate(&s);
        prop_assert_eq!(&simulate(&s), &whole);
        let mut sim = interleave_sim::Simulation::new(&s, interleave_sim::Options::default());
        while !sim.advance(slice) {}
        prop_assert_eq!(sim.finish(), whole);
    }
}

/// The bound holds: no run makes more events, slices or event ticks than its bound
/// says, nor lasts longer than its horizon.
fn assert_within_bound(s: &Scenario, text: &str) -> Result<(), TestCaseError> {
    let bound = s.bound();
    let r = simulate(s);
    let slices: u64 = r.trace.cores.iter().map(|c| c.len() as u64).sum();
    prop_assert!(
        r.events <= bound.events,
        "events {} > {}\n{}",
        r.events,
        bound.events,
        text
    );
    prop_assert!(
        slices <= bound.slices,
        "slices {} > {}\n{}",
        slices,
        bound.slices,
        text
    );
    prop_assert!(
        r.ticks <= bound.ticks,
        "ticks {} > {}\n{}",
        r.ticks,
        bound.ticks,
        text
    );
    prop_assert!(
        r.makespan <= bound.horizon,
        "makespan {} > {}\n{}",
        r.makespan,
        bound.horizon,
        text
    );
    Ok(())
}

/// Scenarios that preempt and switch a lot: long bursts, switch costs, priorities.
fn busy() -> impl Strategy<Value = Scenario> {
    (scenario(), 0u64..12, prop::collection::vec(1u64..40, 8)).prop_map(
        |(mut s, switch, lengths)| {
            s.switch_cost = switch;
            for (i, t) in s.tasks.iter_mut().enumerate() {
                for step in &mut t.steps {
                    if let Step::Cpu(n) = step {
                        *n = lengths[i % lengths.len()];
                    }
                }
            }
            s
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn runs_stay_within_their_bound(s in scenario()) {
        assert_within_bound(&s, &s.to_string())?;
    }

    #[test]
    fn busy_runs_stay_within_their_bound(s in busy()) {
        assert_within_bound(&s, &s.to_string())?;
    }

    #[test]
    fn systems_stay_within_their_bound(text in system()) {
        let s = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        assert_within_bound(&s, &text)?;
        // Written out, with its lengths drawn, it is bounded too.
        assert_within_bound(&s.lower(), &text)?;
    }
}
