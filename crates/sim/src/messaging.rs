//! A message queue between producers and consumers: producers publish at a rate into
//! a queue of partitions, and each consumer group reads every message, each partition
//! by at most one consumer of the group (the Kafka rule), so partitions cap a group's
//! parallel consumers. Point-to-point is one group; publish-subscribe is several.
//!
//! A queue may hold at most `capacity` messages that some group has yet to take. When
//! it is full, a producer either waits until there is room (backpressure: it is
//! blocked, and its later messages wait behind the one it is sending) or its message
//! is dropped (load shedding).
//!
//! The run is exact and deterministic, in integer ticks, like the engine's:
//! - message k of those the queue accepted goes to partition k mod P, and partition p
//!   to consumer p mod K of each group (consumers K and beyond, when K > P, stay idle);
//! - a consumer takes the oldest message waiting in its partitions as soon as it is
//!   idle, and processes it for its length, drawn once per message and group (so the
//!   same messages take the same time whatever the number of consumers);
//! - at one tick, consumers that finish are free (and take what waits) before
//!   producers publish; producers publish in the order they are declared, and an idle
//!   consumer takes a message the instant it is accepted (so a burst into a small
//!   queue is not dropped for want of room that a waiting consumer makes); blocked
//!   producers get room in the order they blocked.
//!
//! Latency is from the queue accepting a message to a group having processed it; a
//! message's wait is until the group takes it. Little's law is checked on each
//! group's lag (messages accepted and not yet taken by the group): its time-average,
//! integrated over the run, against the rate of accepted messages times their mean
//! wait.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::random::{Length, SplitMix64};
use crate::stats::{Little, SERIES_POINTS, percentile};
use crate::syntax::{Form, Syntax};
use crate::time::Tick;

/// The queue lines' words and forms, for the editor and the lesson's help (they are
/// the scenario language's, which reads them; see the parser).
pub const SYNTAX: Syntax = Syntax {
    statements: &["queue", "producer", "group", "seed"],
    steps: &["process"],
    words: &[
        "partitions",
        "capacity",
        "block",
        "drop",
        "poisson",
        "burst",
        "start",
        "consumers",
        "count",
        "every",
    ],
    forms: &[
        Form {
            usage: "queue NAME [partitions=P] [capacity=C [block | drop]]",
            meaning: "The queue: P partitions; with a capacity, when full a producer waits for room (block) or its message is lost (drop).",
        },
        Form {
            usage: "producer NAME count=N every=T [poisson] [burst=B] [start=T0]",
            meaning: "Publishes N messages, one every T ticks (or B at a time); poisson: random gaps of mean T.",
        },
        Form {
            usage: "group NAME consumers=K: process T",
            meaning: "A consumer group: it reads every message, each partition by one of its consumers; each message takes T ticks (or 2..8, ~20).",
        },
        Form {
            usage: "seed N",
            meaning: "Every random gap and length comes from it: the same seed, the same run.",
        },
    ],
};

/// The most producers, groups and partitions, and consumers in one group.
pub const MAX_PRODUCERS: usize = 64;
pub const MAX_GROUPS: usize = 64;
pub const MAX_PARTITIONS: u32 = 1024;
pub const MAX_CONSUMERS: u32 = 1024;

/// A queue scenario: one queue, its producers and its consumer groups.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Messaging {
    pub queue: Queue,
    pub producers: Vec<Producer>,
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Queue {
    pub name: String,
    pub partitions: u32,
    /// The most messages some group has yet to take; None: unbounded.
    pub capacity: Option<u32>,
    /// What a producer does when the queue is full.
    pub full: Full,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Full {
    /// The producer waits for room (backpressure).
    Block,
    /// The message is dropped (load shedding).
    Drop,
}

/// `count` messages, one every `every` ticks from `start` (or `burst` at a time), or
/// with random gaps of mean `every` (Poisson), as `requests` arrive.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Producer {
    pub name: String,
    pub count: u32,
    pub every: Tick,
    pub start: Tick,
    pub poisson: bool,
    pub burst: u32,
}

/// `consumers` consumers, each processing a message for `process` ticks.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Group {
    pub name: String,
    pub consumers: u32,
    pub process: Length,
}

impl Messaging {
    /// Every message delivered to every group: what a run's work grows with.
    pub fn deliveries(&self) -> u64 {
        let messages: u64 = self.producers.iter().map(|p| u64::from(p.count)).sum();
        messages.saturating_mul(self.groups.len() as u64)
    }

    /// The same scenario with group `group` of `consumers` consumers.
    pub fn with_consumers(&self, group: usize, consumers: u32) -> Messaging {
        let mut m = self.clone();
        if let Some(g) = m.groups.get_mut(group) {
            g.consumers = consumers.clamp(1, MAX_CONSUMERS);
        }
        m
    }
}

/// One point of a sweep of a group's consumers: what the group achieved.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct SweepRow {
    pub consumers: u32,
    pub partitions: u32,
    pub throughput: f64,
    pub p99: Tick,
    pub peak_lag: u32,
}

/// Group `group` run with `consumers` consumers (the rest as written).
pub fn sweep_point(m: &Messaging, seed: u64, group: usize, consumers: u32) -> Option<SweepRow> {
    let flow = simulate(&m.with_consumers(group, consumers), seed);
    let g = flow.groups.get(group)?;
    Some(SweepRow {
        consumers: g.consumers,
        partitions: m.queue.partitions,
        throughput: g.throughput,
        p99: g.p99,
        peak_lag: g.peak_lag,
    })
}

/// What a run shows.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Flow {
    /// The first message published, and the ticks from it to the last one processed.
    pub start: Tick,
    pub duration: Tick,
    pub producers: Vec<ProducerFigures>,
    pub groups: Vec<GroupFigures>,
    /// Messages accepted by the queue, and dropped.
    pub accepted: u64,
    pub dropped: u64,
    /// The most messages some group had yet to take, at any instant.
    pub peak_depth: u32,
    /// The queue's depth over time: the most at any instant of each stretch.
    pub depth: Vec<(Tick, u32)>,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct ProducerFigures {
    pub name: String,
    pub published: u64,
    pub dropped: u64,
    /// Ticks spent waiting for room in a full queue.
    pub blocked: Tick,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct GroupFigures {
    pub name: String,
    pub consumers: u32,
    /// Consumers with a partition to read (the others idle).
    pub reading: u32,
    pub processed: u64,
    /// Messages processed per tick, from the first published to the group's last
    /// processed.
    pub throughput: f64,
    /// Latency (accepted to processed) in ticks.
    pub mean: f64,
    pub p50: Tick,
    pub p90: Tick,
    pub p99: Tick,
    pub max: Tick,
    /// The most messages this group had yet to take, at any instant.
    pub peak_lag: u32,
    /// The group's lag over time: the most at any instant of each stretch.
    pub lag: Vec<(Tick, u32)>,
    /// Little's law on the group's lag: L integrated over the run, lambda the rate of
    /// accepted messages, W their mean wait until taken.
    pub little: Little,
}

/// The message of a producer's next publish, and when it is due.
struct Source {
    rng: SplitMix64,
    clock: f64,
    sent: u32,
    /// When the next message is due (None once all are sent).
    due: Option<Tick>,
    /// Since when it has waited for room, if it has.
    blocked_since: Option<Tick>,
    figures: ProducerFigures,
}

impl Source {
    fn new(producer: &Producer, seed: u64, index: usize) -> Source {
        let mut source = Source {
            rng: SplitMix64::stream(seed, index as u64 + 1),
            clock: 0.0,
            sent: 0,
            due: None,
            blocked_since: None,
            figures: ProducerFigures {
                name: producer.name.clone(),
                published: 0,
                dropped: 0,
                blocked: 0,
            },
        };
        source.due = Some(source.scheduled(producer));
        source
    }

    /// When message `sent` is scheduled: as `requests` arrive.
    fn scheduled(&mut self, p: &Producer) -> Tick {
        let when = (p.start, p.every, p.burst, p.poisson);
        crate::random::arrival(when, self.sent, &mut self.clock, &mut self.rng)
    }

    /// The message is sent (accepted or dropped) at `now`: the next is due when it is
    /// scheduled, or now if that has passed (the producer was blocked).
    fn advance(&mut self, p: &Producer, now: Tick) {
        self.sent += 1;
        self.due = (self.sent < p.count).then(|| self.scheduled(p).max(now));
    }
}

/// One consumer group as it runs.
struct Reader {
    consumers: u32,
    /// Each partition's waiting messages, oldest first.
    waiting: Vec<VecDeque<u32>>,
    /// Each consumer: busy until, if busy.
    busy: Vec<Option<Tick>>,
    /// Each accepted message's processing time for this group.
    lengths: Vec<Tick>,
    rng: SplitMix64,
    lag: u32,
    lag_changes: Vec<(Tick, u32)>,
    waits: u128,
    latencies: Vec<Tick>,
    /// When its last message was processed.
    last: Tick,
}

/// A queue scenario as it runs.
struct Broker<'a> {
    m: &'a Messaging,
    partitions: u32,
    capacity: u32,
    sources: Vec<Source>,
    readers: Vec<Reader>,
    /// Each accepted message: when, and how many groups have yet to take it.
    accepted: Vec<(Tick, u32)>,
    /// Messages some group has yet to take.
    depth: u32,
    depth_changes: Vec<(Tick, u32)>,
    /// Producers waiting for room, in the order they blocked.
    blocked: VecDeque<usize>,
    /// Completions (time, group, consumer), earliest first.
    done: BinaryHeap<Reverse<(Tick, u32, u32)>>,
    /// Consumers that may take a message now: (group, consumer).
    idle: Vec<(u32, u32)>,
}

/// Runs a queue scenario; `seed` seeds the Poisson gaps and random lengths.
pub fn simulate(m: &Messaging, seed: u64) -> Flow {
    let partitions = m.queue.partitions.max(1);
    let expected: usize = m.producers.iter().map(|p| p.count as usize).sum();
    let mut b = Broker {
        m,
        partitions,
        capacity: m.queue.capacity.unwrap_or(u32::MAX),
        sources: (m.producers.iter().enumerate())
            .map(|(i, p)| Source::new(p, seed, i))
            .collect(),
        readers: (m.groups.iter().enumerate())
            .map(|(g, group)| Reader {
                consumers: group.consumers.max(1),
                waiting: vec![VecDeque::new(); partitions as usize],
                busy: vec![None; group.consumers.max(1) as usize],
                lengths: Vec::with_capacity(expected),
                rng: SplitMix64::stream(seed, (MAX_PRODUCERS + 1 + g) as u64),
                lag: 0,
                lag_changes: Vec::new(),
                waits: 0,
                latencies: Vec::with_capacity(expected),
                last: 0,
            })
            .collect(),
        accepted: Vec::with_capacity(expected),
        depth: 0,
        depth_changes: Vec::new(),
        blocked: VecDeque::new(),
        done: BinaryHeap::new(),
        idle: Vec::new(),
    };
    let start = b.sources.iter().filter_map(|s| s.due).min().unwrap_or(0);
    let mut end = start;
    // A blocked producer is not due: the next tick comes from the others or from a
    // consumer finishing (which makes room).
    while let Some(now) = b.next_tick() {
        end = end.max(now);
        // Consumers that finish now are free first, and take what waits for them.
        while let Some(&Reverse((t, g, c))) = b.done.peek() {
            if t != now {
                break;
            }
            b.done.pop();
            b.readers[g as usize].busy[c as usize] = None;
            b.idle.push((g, c));
        }
        b.settle(now);
        // Then producers publish, in the order they are declared.
        for i in 0..b.sources.len() {
            while b.sources[i].blocked_since.is_none() && b.sources[i].due == Some(now) {
                b.publish(i, now);
            }
        }
        record(&mut b.depth_changes, now, b.depth);
    }

    let accepted = b.accepted.len();
    let figures = (b.readers.into_iter().zip(&m.groups))
        .map(|(r, g)| r.figures(g, partitions, start, accepted))
        .collect();
    Flow {
        start,
        duration: end - start,
        dropped: b.sources.iter().map(|s| s.figures.dropped).sum(),
        producers: b.sources.into_iter().map(|s| s.figures).collect(),
        groups: figures,
        accepted: accepted as u64,
        peak_depth: b.depth_changes.iter().map(|c| c.1).max().unwrap_or(0),
        depth: series(&b.depth_changes, start, end),
    }
}

impl Broker<'_> {
    /// The next tick something happens: a producer's message due, or a consumer done.
    fn next_tick(&self) -> Option<Tick> {
        let due = (self.sources.iter())
            .filter(|s| s.blocked_since.is_none())
            .filter_map(|s| s.due);
        let done = self.done.peek().map(|Reverse((t, _, _))| *t);
        due.chain(done).min()
    }

    /// Producer `i` sends its message: accepted (and taken at once by an idle
    /// consumer), dropped, or waiting for room.
    fn publish(&mut self, i: usize, now: Tick) {
        if self.depth < self.capacity {
            self.accept(i, now);
            self.settle(now);
        } else if self.m.queue.full == Full::Drop {
            self.sources[i].figures.dropped += 1;
            self.sources[i].advance(&self.m.producers[i], now);
        } else {
            self.sources[i].blocked_since = Some(now);
            self.blocked.push_back(i);
        }
    }

    /// The queue takes producer `i`'s message: to partition k mod P in every group,
    /// its length drawn for each.
    fn accept(&mut self, i: usize, now: Tick) {
        let k = self.accepted.len() as u32;
        self.accepted.push((now, self.m.groups.len() as u32));
        self.depth += 1;
        let source = &mut self.sources[i];
        source.figures.published += 1;
        source.advance(&self.m.producers[i], now);
        let p = k % self.partitions;
        for (g, reader) in self.readers.iter_mut().enumerate() {
            reader.waiting[p as usize].push_back(k);
            let length = self.m.groups[g].process.draw(&mut reader.rng);
            reader.lengths.push(length);
            reader.lag += 1;
            record(&mut reader.lag_changes, now, reader.lag);
            self.idle.push((g as u32, p % reader.consumers));
        }
    }

    /// Everything that follows at this tick, until nothing more does: idle consumers
    /// take what waits for them, which makes room, which lets blocked producers in
    /// (in the order they blocked), whose messages idle consumers take...
    fn settle(&mut self, now: Tick) {
        loop {
            while let Some((g, c)) = self.idle.pop() {
                self.take(g, c, now);
            }
            if self.depth >= self.capacity {
                return;
            }
            let Some(i) = self.blocked.pop_front() else {
                return;
            };
            if let Some(since) = self.sources[i].blocked_since.take() {
                self.sources[i].figures.blocked += now - since;
            }
            self.accept(i, now);
        }
    }

    /// Consumer `c` of group `g`, if idle, takes the oldest message of its partitions.
    fn take(&mut self, g: u32, c: u32, now: Tick) {
        let reader = &mut self.readers[g as usize];
        if reader.busy[c as usize].is_some() {
            return;
        }
        let Some(k) = reader.take(c, self.partitions) else {
            return;
        };
        let (at, left) = &mut self.accepted[k as usize];
        reader.waits += u128::from(now - *at);
        reader.lag -= 1;
        record(&mut reader.lag_changes, now, reader.lag);
        let finish = now + reader.lengths[k as usize];
        reader.latencies.push(finish - *at);
        reader.last = reader.last.max(finish);
        reader.busy[c as usize] = Some(finish);
        self.done.push(Reverse((finish, g, c)));
        *left -= 1;
        if *left == 0 {
            self.depth -= 1;
        }
    }
}

/// A count as it stands at the end of tick `now` (what it was earlier in the same
/// tick lasted no time).
fn record(changes: &mut Vec<(Tick, u32)>, now: Tick, value: u32) {
    match changes.last_mut() {
        Some(last) if last.0 == now => last.1 = value,
        _ => changes.push((now, value)),
    }
}

impl Reader {
    /// The oldest message waiting in consumer `c`'s partitions, taken.
    fn take(&mut self, c: u32, partitions: u32) -> Option<u32> {
        let mut best: Option<(u32, usize)> = None;
        let mut p = c as usize;
        while p < partitions as usize {
            if let Some(&k) = self.waiting[p].front()
                && best.is_none_or(|(b, _)| k < b)
            {
                best = Some((k, p));
            }
            p += self.consumers as usize;
        }
        let (k, p) = best?;
        self.waiting[p].pop_front();
        Some(k)
    }

    /// Its figures over its own window, from the first message published to its last
    /// processed (in publish-subscribe, a fast group's throughput is not diluted by a
    /// slow one's tail).
    fn figures(
        mut self,
        group: &Group,
        partitions: u32,
        start: Tick,
        accepted: usize,
    ) -> GroupFigures {
        let end = self.last.max(start);
        let window = end - start;
        self.latencies.sort_unstable();
        let processed = self.latencies.len() as u64;
        let mean = if processed == 0 {
            0.0
        } else {
            self.latencies.iter().map(|&l| l as f64).sum::<f64>() / processed as f64
        };
        // L: the lag integrated over the run, apart from the waits that make it.
        let mut area: u128 = 0;
        for pair in self.lag_changes.windows(2) {
            area += u128::from(pair[1].0 - pair[0].0) * u128::from(pair[0].1);
        }
        let per_tick = |x: f64| if window == 0 { 0.0 } else { x / window as f64 };
        let little = Little {
            in_system: per_tick(area as f64),
            arrival_rate: per_tick(accepted as f64),
            time_in_system: if accepted == 0 {
                0.0
            } else {
                self.waits as f64 / accepted as f64
            },
        };
        GroupFigures {
            name: group.name.clone(),
            consumers: group.consumers,
            reading: group.consumers.min(partitions),
            processed,
            throughput: per_tick(processed as f64),
            mean,
            p50: percentile(&self.latencies, 50),
            p90: percentile(&self.latencies, 90),
            p99: percentile(&self.latencies, 99),
            max: self.latencies.last().copied().unwrap_or(0),
            peak_lag: self.lag_changes.iter().map(|c| c.1).max().unwrap_or(0),
            lag: series(&self.lag_changes, start, end),
            little,
        }
    }
}

/// A count over time as at most [`SERIES_POINTS`] stretches of `[start, end]`, each
/// with the most it reached in the stretch (a brief peak is never lost).
fn series(changes: &[(Tick, u32)], start: Tick, end: Tick) -> Vec<(Tick, u32)> {
    let window = (end - start).max(1);
    let width = window.div_ceil(SERIES_POINTS as u64).max(1);
    let buckets = window.div_ceil(width) as usize;
    let mut points: Vec<(Tick, u32)> = (0..buckets)
        .map(|b| (start + b as u64 * width, 0))
        .collect();
    let mut value = 0;
    let mut changes = changes.iter().peekable();
    for (b, point) in points.iter_mut().enumerate() {
        let (from, to) = (start + b as u64 * width, start + (b as u64 + 1) * width);
        // The value carried into the stretch, and every value it takes inside it.
        let mut most = value;
        while let Some(&&(t, v)) = changes.peek() {
            if t >= to {
                break;
            }
            if t >= from {
                most = most.max(v);
            }
            value = v;
            changes.next();
        }
        point.1 = most.max(value);
    }
    points
}

impl std::fmt::Display for Flow {
    /// The figures as the command line prints them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rate = |x: f64| format!("{x:.4}");
        writeln!(
            f,
            "messages {} accepted, {} dropped, over {} ticks; the queue held at most {}",
            self.accepted, self.dropped, self.duration, self.peak_depth
        )?;
        for p in &self.producers {
            writeln!(
                f,
                "producer {}: {} published, {} dropped, {} ticks blocked",
                p.name, p.published, p.dropped, p.blocked
            )?;
        }
        for g in &self.groups {
            writeln!(
                f,
                "group    {}: {} consumer{} ({} reading), {} processed, throughput {} per tick",
                g.name,
                g.consumers,
                if g.consumers == 1 { "" } else { "s" },
                g.reading,
                g.processed,
                rate(g.throughput)
            )?;
            writeln!(
                f,
                "         latency mean {:.2}  p50 {}  p90 {}  p99 {}  max {}; lag at most {}",
                g.mean, g.p50, g.p90, g.p99, g.max, g.peak_lag
            )?;
            let l = &g.little;
            writeln!(
                f,
                "         little: L = {:.3} waiting on average; lambda x W = {} x {:.2} = {:.3} ({})",
                l.in_system,
                rate(l.arrival_rate),
                l.time_in_system,
                l.product(),
                if l.holds() { "holds" } else { "does not hold" }
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
