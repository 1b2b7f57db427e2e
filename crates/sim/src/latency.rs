//! What a server's users feel: latency percentiles and a histogram, throughput, how
//! many requests are in the system and how many wait for a core over time, and
//! Little's law checked on the run's own figures.
//!
//! The requests are the tasks that arrive by themselves (not the ones spawned by
//! others): a scatter-gather query counts once, with the latency of its slowest shard.

#[cfg(feature = "serde")]
use serde::Serialize;

use crate::model::{Scenario, Tick};
use crate::report::{Report, State};
pub use crate::stats::{Little, SERIES_POINTS, percentile};

/// Bars of the histogram, at most.
pub const HISTOGRAM_BARS: usize = 30;

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Latency {
    /// Requests that arrived, and those that completed.
    pub requests: usize,
    pub completed: usize,
    /// Latency (completion - arrival) of the completed requests, in ticks.
    pub mean: f64,
    pub p50: Tick,
    pub p90: Tick,
    pub p99: Tick,
    pub max: Tick,
    pub histogram: Histogram,
    /// The span measured: first arrival to last completion (makespan).
    pub window: Tick,
    /// Completed requests per tick.
    pub throughput: f64,
    pub little: Little,
    /// The most requests in the system at once (with a thread each: the most threads).
    pub peak_in_system: u32,
    /// The most requests holding memory at once (in progress; with a thread cap,
    /// holding a thread), and that many times the scenario's `memory`, in KiB.
    pub peak_holding: u32,
    pub peak_memory_kib: u64,
    pub series: Vec<Point>,
    /// Busy share of each server's cores (one entry without servers).
    pub utilization: Vec<ServerLoad>,
}

/// Bars of width `width` from 0: `counts[i]` latencies in `[i*width, (i+1)*width)`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Histogram {
    pub width: Tick,
    pub counts: Vec<u64>,
}

/// The most requests in the system, and the most tasks waiting for a core, at any
/// instant in `[time, next point's time)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Point {
    pub time: Tick,
    pub in_system: u32,
    pub waiting_for_core: u32,
    pub waiting_for_lock: u32,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct ServerLoad {
    pub name: String,
    pub cores: u32,
    pub utilization: f64,
    /// Requests (and spawned tasks) that ran there.
    pub tasks: u32,
}

/// The figures of a run of `scenario`, as written: lowered, its thread cap is only a
/// lock, and the memory held would count every request in progress.
pub fn latency(scenario: &Scenario, report: &Report) -> Latency {
    let capped = scenario.threads;
    let lowered = scenario.lower();
    let scenario: &Scenario = &lowered;
    let is_request = |i: usize| scenario.tasks.get(i).is_none_or(|t| t.parent.is_none());
    let start = report
        .tasks
        .iter()
        .enumerate()
        .filter(|&(i, _)| is_request(i))
        .map(|(_, t)| t.arrival)
        .min()
        .unwrap_or(0);
    let window = report.makespan;
    let end = start + window;
    let mut latencies: Vec<Tick> = Vec::new();
    let mut requests = 0;
    // (time, +1 arrival / -1 completion) of every request, for L and the peak.
    let mut edges: Vec<(Tick, i64)> = Vec::new();
    for (i, t) in report.tasks.iter().enumerate() {
        if !is_request(i) {
            continue;
        }
        requests += 1;
        edges.push((t.arrival, 1));
        match t.completion {
            Some(done) => {
                latencies.push(done - t.arrival);
                edges.push((done, -1));
            }
            None => edges.push((end.max(t.arrival), -1)),
        }
    }
    latencies.sort_unstable();
    edges.sort_unstable();
    let completed = latencies.len();
    let total: u128 = latencies.iter().map(|&l| u128::from(l)).sum();
    let mean = if completed == 0 {
        0.0
    } else {
        total as f64 / completed as f64
    };
    let (mut area, mut count, mut peak, mut last) = (0u128, 0i64, 0i64, start);
    for &(time, delta) in &edges {
        area += u128::from(time - last) * count.max(0) as u128;
        last = time;
        count += delta;
        peak = peak.max(count);
    }
    let span = window.max(1) as f64;
    let little = Little {
        in_system: area as f64 / span,
        arrival_rate: requests as f64 / span,
        time_in_system: if requests == 0 {
            0.0
        } else {
            // Requests still in the system at the end count up to the end.
            let open: u128 = report
                .tasks
                .iter()
                .enumerate()
                .filter(|&(i, t)| is_request(i) && t.completion.is_none())
                .map(|(_, t)| u128::from(end.saturating_sub(t.arrival)))
                .sum();
            (total + open) as f64 / requests as f64
        },
    };
    let max = latencies.last().copied().unwrap_or(0);
    let peak_in_system = peak.max(0) as u32;
    let peak_holding = match capped {
        None => peak_in_system,
        // The thread lock is the last one lowering adds.
        Some(cap) => holding(report, (scenario.locks.len() - 1) as u32, &is_request)
            .unwrap_or(cap.min(peak_in_system)),
    };
    Latency {
        requests,
        completed,
        mean,
        p50: percentile(&latencies, 50),
        p90: percentile(&latencies, 90),
        p99: percentile(&latencies, 99),
        max,
        histogram: histogram(&latencies, max),
        window,
        throughput: completed as f64 / span,
        little,
        peak_in_system,
        peak_holding,
        peak_memory_kib: u64::from(peak_holding) * scenario.memory,
        series: series(report, start, end, &is_request),
        utilization: utilization(scenario, report),
    }
}

/// The most requests holding a thread at once: a request holds one from its first
/// state other than waiting for the thread lock to its end. None without a trace.
fn holding(report: &Report, lock: u32, is_request: &dyn Fn(usize) -> bool) -> Option<u32> {
    if report.trace.changes.is_empty() {
        return None;
    }
    let mut holds = vec![false; report.tasks.len()];
    let (mut now, mut most) = (0u32, 0u32);
    // Changes are in time order, and a thread handed over at a tick is released (the
    // holder's Done) before it is taken (the waiter's next state).
    for c in &report.trace.changes {
        let i = c.task as usize;
        if !is_request(i) {
            continue;
        }
        if c.state == State::Done {
            if holds[i] {
                now -= 1;
            }
            continue;
        }
        if !holds[i] && c.state != State::Blocked(lock) {
            holds[i] = true;
            now += 1;
            most = most.max(now);
        }
    }
    Some(most)
}

/// A bar width of 1, 2 or 5 times a power of ten, so that at most
/// [`HISTOGRAM_BARS`] bars cover 0..=max.
fn histogram(sorted: &[Tick], max: Tick) -> Histogram {
    let mut width: Tick = 1;
    'search: for power in 0..19 {
        for m in [1, 2, 5] {
            width = m * 10u64.pow(power);
            if max / width < HISTOGRAM_BARS as u64 {
                break 'search;
            }
        }
    }
    let bars = if sorted.is_empty() {
        0
    } else {
        (max / width + 1) as usize
    };
    let mut counts = vec![0u64; bars];
    for &l in sorted {
        counts[(l / width) as usize] += 1;
    }
    Histogram { width, counts }
}

/// The most at once in each of at most [`SERIES_POINTS`] equal spans of the window,
/// from the trace's state changes (empty without a trace).
fn series(
    report: &Report,
    start: Tick,
    end: Tick,
    is_request: &dyn Fn(usize) -> bool,
) -> Vec<Point> {
    if report.trace.changes.is_empty() || end <= start {
        return Vec::new();
    }
    let span = end - start;
    let buckets = (span as usize).clamp(1, SERIES_POINTS);
    let width = span.div_ceil(buckets as u64);
    let buckets = span.div_ceil(width) as usize;
    let mut points: Vec<Point> = (0..buckets)
        .map(|b| Point {
            time: start + b as u64 * width,
            in_system: 0,
            waiting_for_core: 0,
            waiting_for_lock: 0,
        })
        .collect();
    let mut state: Vec<Option<State>> = vec![None; report.tasks.len()];
    let (mut in_system, mut ready, mut blocked) = (0i64, 0i64, 0i64);
    let bucket = |t: Tick| ((t.saturating_sub(start) / width) as usize).min(buckets - 1);
    let mut changes = report.trace.changes.iter().peekable();
    while let Some(first) = changes.next() {
        let time = first.time;
        let mut apply = |c: &crate::report::Change| {
            let i = c.task as usize;
            let before = state[i];
            if before.is_none() && is_request(i) {
                in_system += 1;
            }
            if c.state == State::Done && is_request(i) {
                in_system -= 1;
            }
            match before {
                Some(State::Ready) => ready -= 1,
                Some(State::Blocked(_)) => blocked -= 1,
                _ => {}
            }
            match c.state {
                State::Ready => ready += 1,
                State::Blocked(_) => blocked += 1,
                _ => {}
            }
            state[i] = Some(c.state);
        };
        apply(first);
        while let Some(c) = changes.next_if(|c| c.time == time) {
            apply(c);
        }
        if time >= end {
            continue;
        }
        // The counts hold from `time` until the next change.
        let next = changes.peek().map_or(end, |c| c.time.min(end));
        let (from, to) = (bucket(time), bucket(next.saturating_sub(1).max(time)));
        for p in &mut points[from..=to] {
            p.in_system = p.in_system.max(in_system.max(0) as u32);
            p.waiting_for_core = p.waiting_for_core.max(ready.max(0) as u32);
            p.waiting_for_lock = p.waiting_for_lock.max(blocked.max(0) as u32);
        }
    }
    points
}

fn utilization(scenario: &Scenario, report: &Report) -> Vec<ServerLoad> {
    let window = report.makespan.max(1) as f64;
    let core_server = scenario.core_servers();
    let named: Vec<(String, u32)> = if scenario.servers.is_empty() {
        vec![("machine".into(), report.cores)]
    } else {
        scenario
            .servers
            .iter()
            .map(|s| (s.name.clone(), s.cores))
            .collect()
    };
    let mut busy = vec![0u64; named.len()];
    for (c, &b) in report.busy.iter().enumerate() {
        let s = core_server.get(c).copied().unwrap_or(0) as usize;
        if let Some(x) = busy.get_mut(s) {
            *x += b;
        }
    }
    // Where each task ran (a task stays on its server).
    let mut ran_on: Vec<Option<u32>> = vec![None; report.tasks.len()];
    for (c, slices) in report.trace.cores.iter().enumerate() {
        let s = core_server.get(c).copied().unwrap_or(0);
        for x in slices {
            if let Some(r) = ran_on.get_mut(x.task as usize) {
                *r = Some(s);
            }
        }
    }
    let mut tasks = vec![0u32; named.len()];
    for s in ran_on.into_iter().flatten() {
        if let Some(x) = tasks.get_mut(s as usize) {
            *x += 1;
        }
    }
    named
        .into_iter()
        .zip(busy)
        .zip(tasks)
        .map(|(((name, cores), busy), tasks)| ServerLoad {
            name,
            cores,
            utilization: busy as f64 / (f64::from(cores.max(1)) * window),
            tasks,
        })
        .collect()
}
