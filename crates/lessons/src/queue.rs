//! The message-queue lesson's material: its workloads (one per way of using a queue)
//! and the claims the lesson makes of them, each checked on the queue's simulator.

use interleave_sim::messaging::{Flow, Full, Group, Messaging, simulate, sweep_point};
use interleave_sim::parse;

/// A workload of the lesson and what it shows.
#[derive(Debug)]
pub struct Workload {
    pub id: &'static str,
    pub label: &'static str,
    pub text: &'static str,
}

/// Point-to-point first: the lesson opens on it.
pub static WORKLOADS: &[Workload] = &[
    Workload {
        id: "point-to-point",
        label: "Point-to-point: one group shares the work",
        text: include_str!("queue/point-to-point.scn"),
    },
    Workload {
        id: "pub-sub",
        label: "Publish-subscribe: every group gets every message",
        text: include_str!("queue/pub-sub.scn"),
    },
    Workload {
        id: "block",
        label: "Bounded, blocking: backpressure on the producer",
        text: include_str!("queue/block.scn"),
    },
    Workload {
        id: "drop",
        label: "Bounded, dropping: load shedding",
        text: include_str!("queue/drop.scn"),
    },
];

/// Another way to run the learner's queue, to compare with it as written.
#[derive(Debug)]
pub struct Compare {
    pub id: &'static str,
    pub label: &'static str,
    make: fn(&Messaging) -> Messaging,
}

impl Compare {
    pub fn apply(&self, m: &Messaging) -> Messaging {
        (self.make)(m)
    }
}

/// The capacity a bounded variant gives a queue that has none.
pub const COMPARE_CAPACITY: u32 = 50;

fn bounded(m: &Messaging, full: Full) -> Messaging {
    let mut m = m.clone();
    m.queue.capacity = Some(m.queue.capacity.unwrap_or(COMPARE_CAPACITY));
    m.queue.full = full;
    m
}

pub static COMPARES: &[Compare] = &[
    Compare {
        id: "unbounded",
        label: "unbounded (no capacity)",
        make: |m| {
            let mut m = m.clone();
            m.queue.capacity = None;
            m
        },
    },
    Compare {
        id: "block",
        label: "bounded, blocking",
        make: |m| bounded(m, Full::Block),
    },
    Compare {
        id: "drop",
        label: "bounded, dropping",
        make: |m| bounded(m, Full::Drop),
    },
    Compare {
        id: "point-to-point",
        label: "point-to-point (the first group alone)",
        make: |m| {
            let mut m = m.clone();
            m.groups.truncate(1);
            m
        },
    },
    Compare {
        id: "pub-sub",
        label: "publish-subscribe (the first group subscribed three times)",
        make: |m| {
            let mut m = m.clone();
            m.groups.truncate(1);
            let first = m.groups[0].clone();
            for copy in 2..=3 {
                m.groups.push(Group {
                    name: format!("{}-{copy}", first.name),
                    ..first.clone()
                });
            }
            m
        },
    },
];

pub fn compare(id: &str) -> Option<&'static Compare> {
    COMPARES.iter().find(|c| c.id == id)
}

/// The lesson's own workload.
pub fn workload(id: &str) -> Option<&'static Workload> {
    WORKLOADS.iter().find(|w| w.id == id)
}

/// A workload's queue scenario and seed.
pub fn messaging(text: &str) -> Option<(Messaging, u64)> {
    let s = parse(text).ok()?;
    Some((s.messaging?, s.seed))
}

/// The consumers a sweep of a group tries: 1 to twice the partitions, at most 16.
pub fn sweep_values(m: &Messaging) -> std::ops::RangeInclusive<u32> {
    1..=(2 * m.queue.partitions).clamp(2, 16)
}

/// A workload's run as written.
pub fn run(text: &str) -> Option<Flow> {
    let (m, seed) = messaging(text)?;
    Some(simulate(&m, seed))
}

/// The throughput of the first group for each number of consumers of the sweep.
pub fn sweep(text: &str) -> Option<Vec<(u32, f64)>> {
    let (m, seed) = messaging(text)?;
    sweep_values(&m)
        .map(|k| sweep_point(&m, seed, 0, k).map(|r| (k, r.throughput)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(id: &str) -> Flow {
        run(workload(id).unwrap().text).unwrap()
    }

    /// The sweep the lesson opens on: throughput rises to the four partitions, and the
    /// consumers past them add nothing.
    #[test]
    fn consumers_past_the_partitions_add_no_throughput() {
        let sweep = sweep(WORKLOADS[0].text).unwrap();
        assert_eq!(sweep.len(), 8);
        let at = |k: u32| sweep[k as usize - 1].1;
        assert!(at(2) > 1.9 * at(1) && at(4) > 1.5 * at(2), "{sweep:?}");
        for k in 5..=8 {
            assert_eq!(at(k), at(4), "{sweep:?}");
        }
    }

    /// Two workers cannot keep up: the queue grows. Bounded, it holds 50 at most; the
    /// producer blocks (nothing lost) or the queue drops (latency lower still).
    #[test]
    fn a_bounded_queue_bounds_latency_and_blocks_or_drops() {
        let (open, block, drop) = (flow("point-to-point"), flow("block"), flow("drop"));
        assert!(open.peak_depth > 500, "{}", open.peak_depth);
        for bounded in [&block, &drop] {
            assert!(bounded.peak_depth <= 50);
            assert!(bounded.groups[0].max * 5 < open.groups[0].max);
        }
        assert_eq!(block.dropped, 0);
        assert!(block.producers[0].blocked > 0);
        assert!(drop.dropped > 0);
        assert_eq!(drop.producers[0].blocked, 0);
    }

    /// Publish-subscribe: every group processes every message, and Little's law holds
    /// on each group's lag.
    #[test]
    fn with_pub_sub_every_group_sees_every_message() {
        let f = flow("pub-sub");
        assert_eq!(f.groups.len(), 3);
        for g in &f.groups {
            assert_eq!(g.processed, f.accepted, "{}", g.name);
            assert!(g.little.holds(), "{}", g.name);
        }
    }

    /// The comparisons: bounded against unbounded, one group against three.
    #[test]
    fn the_comparisons_make_what_they_say() {
        let (m, seed) = messaging(WORKLOADS[0].text).unwrap();
        let run = |id: &str| simulate(&compare(id).unwrap().apply(&m), seed);
        let (open, block, drop) = (run("unbounded"), run("block"), run("drop"));
        assert_eq!(open, simulate(&m, seed));
        assert!(block.peak_depth <= COMPARE_CAPACITY && drop.peak_depth <= COMPARE_CAPACITY);
        assert!(block.producers[0].blocked > 0 && drop.dropped > 0);
        assert!(drop.groups[0].p99 * 5 < open.groups[0].p99);
        let subscribed = run("pub-sub");
        assert_eq!(subscribed.groups.len(), 3);
        // Each subscriber reads every message; the first, its lengths drawn as the one
        // alone, fares exactly as it did: subscribers do not slow each other.
        assert_eq!(subscribed.groups[0], open.groups[0]);
        for g in &subscribed.groups {
            assert_eq!(g.processed, open.accepted, "{}", g.name);
        }
        let (pubsub, _) = messaging(WORKLOADS[1].text).unwrap();
        assert_eq!(
            simulate(&compare("point-to-point").unwrap().apply(&pubsub), seed)
                .groups
                .len(),
            1
        );
    }

    #[test]
    fn every_workload_reads_and_runs() {
        for w in WORKLOADS {
            assert!(run(w.text).is_some(), "{}", w.id);
        }
    }
}
