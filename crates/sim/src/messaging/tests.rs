//! The queue worked by hand, and the claims the lesson makes, each a test.

use proptest::prelude::*;

use super::{Flow, Full, Group, Messaging, Producer, Queue, simulate};
use crate::model::Length;

fn queue(partitions: u32, capacity: Option<u32>, full: Full) -> Queue {
    Queue {
        name: "q".into(),
        partitions,
        capacity,
        full,
    }
}

fn producer(count: u32, every: u64) -> Producer {
    Producer {
        name: "p".into(),
        count,
        every,
        start: 0,
        poisson: false,
        burst: 1,
    }
}

fn group(name: &str, consumers: u32, process: Length) -> Group {
    Group {
        name: name.into(),
        consumers,
        process,
    }
}

fn run(queue: Queue, producers: Vec<Producer>, groups: Vec<Group>) -> Flow {
    simulate(
        &Messaging {
            queue,
            producers,
            groups,
        },
        1,
    )
}

/// Three messages two ticks apart, one consumer taking three ticks each: they wait
/// 0, 1 and 2 ticks, so their latencies are 3, 4 and 5, and the last is done at 9.
#[test]
fn three_messages_by_hand() {
    let flow = run(
        queue(1, None, Full::Block),
        vec![producer(3, 2)],
        vec![group("g", 1, Length::Fixed(3))],
    );
    let g = &flow.groups[0];
    assert_eq!((flow.start, flow.duration, flow.accepted), (0, 9, 3));
    assert_eq!((g.processed, g.p50, g.max, g.mean), (3, 4, 5, 4.0));
    assert_eq!(g.peak_lag, 1);
    // L = (0 + 1 + 2 waiting ticks) / 9 = lambda (3 / 9) x W (1).
    assert!((g.little.in_system - 3.0 / 9.0).abs() < 1e-12);
    assert!(g.little.holds(), "{:?}", g.little);
}

/// A queue of one: the third message finds it full at tick 4 (the second waits while
/// the first is processed until 5). Blocked, it gets in at 5, when the second is
/// taken; dropped, it is gone.
#[test]
fn a_full_queue_blocks_or_drops_by_hand() {
    let slow = || vec![group("g", 1, Length::Fixed(5))];
    let blocked = run(queue(1, Some(1), Full::Block), vec![producer(3, 2)], slow());
    let g = &blocked.groups[0];
    assert_eq!(blocked.producers[0].blocked, 1);
    assert_eq!((blocked.accepted, blocked.dropped), (3, 0));
    // 0 -> 5, 2 -> 10, 5 -> 15.
    assert_eq!((g.p50, g.max, blocked.duration), (8, 10, 15));
    let dropped = run(queue(1, Some(1), Full::Drop), vec![producer(3, 2)], slow());
    assert_eq!((dropped.accepted, dropped.dropped), (2, 1));
    assert_eq!(dropped.producers[0].blocked, 0);
    assert_eq!((dropped.groups[0].max, dropped.duration), (8, 10));
}

/// A burst of three into a queue of one, with an idle consumer: the first is taken the
/// instant it arrives, the second waits in the room that made, the third is dropped.
#[test]
fn an_idle_consumer_takes_a_message_the_instant_it_arrives() {
    let burst = Producer {
        burst: 3,
        ..producer(3, 10)
    };
    let flow = run(
        queue(1, Some(1), Full::Drop),
        vec![burst],
        vec![group("g", 1, Length::Fixed(5))],
    );
    assert_eq!((flow.accepted, flow.dropped), (2, 1));
    // 0 -> 5, then 0 -> 10.
    assert_eq!((flow.groups[0].p50, flow.groups[0].max), (5, 10));
}

/// Partitions cap a group's parallel consumers: up to the partition count consumers
/// add throughput (where they split the partitions evenly: 3 consumers of 4
/// partitions, one reads two, and the group goes at its pace, as with 2); past it,
/// the run is the same to the last figure.
#[test]
fn consumers_beyond_the_partitions_add_no_throughput() {
    let m = Messaging {
        queue: queue(4, None, Full::Block),
        producers: vec![producer(2000, 5)],
        groups: vec![group("g", 1, Length::Fixed(30))],
    };
    let sweep: Vec<Flow> = (1..=8)
        .map(|k| simulate(&m.with_consumers(0, k), 1))
        .collect();
    let rows: Vec<f64> = (1..=8)
        .map(|k| super::sweep_point(&m, 1, 0, k).unwrap().throughput)
        .collect();
    let throughput: Vec<f64> = sweep.iter().map(|f| f.groups[0].throughput).collect();
    assert_eq!(rows, throughput);
    assert!(
        throughput[..4].windows(2).all(|w| w[1] >= w[0]),
        "{throughput:?}"
    );
    assert!(throughput[1] > 1.9 * throughput[0], "{throughput:?}");
    assert!(throughput[3] > 3.9 * throughput[0], "{throughput:?}");
    for flow in &sweep[4..] {
        let (mut a, mut b) = (flow.groups[0].clone(), sweep[3].groups[0].clone());
        assert_eq!(a.reading, 4);
        (a.consumers, b.consumers) = (0, 0);
        assert_eq!(a, b);
    }
}

/// Overloaded, an unbounded queue grows and so does the wait; a bounded one holds
/// at most its capacity, so latency is bounded (one consumer of fixed speed: at most
/// the capacity ahead, and the message in hand), and producers block or drop.
#[test]
fn a_bounded_queue_bounds_latency_and_blocks_or_drops_instead() {
    let slow = || vec![group("g", 1, Length::Fixed(10))];
    let unbounded = run(queue(1, None, Full::Block), vec![producer(1000, 5)], slow());
    assert!(unbounded.peak_depth > 400, "{}", unbounded.peak_depth);
    assert!(unbounded.groups[0].max > 4000);
    for full in [Full::Block, Full::Drop] {
        let bounded = run(queue(1, Some(20), full), vec![producer(1000, 5)], slow());
        let g = &bounded.groups[0];
        assert!(bounded.peak_depth <= 20);
        assert!(g.max <= 21 * 10, "{full:?}: {}", g.max);
        match full {
            Full::Block => {
                assert_eq!(bounded.dropped, 0);
                assert!(bounded.producers[0].blocked > 0);
            }
            Full::Drop => {
                assert!(bounded.dropped > 400);
                assert_eq!(bounded.producers[0].blocked, 0);
            }
        }
    }
}

/// Publish-subscribe: every group processes every message the queue accepted, each
/// at its own pace; point-to-point is one group.
#[test]
fn with_pub_sub_every_group_sees_every_message() {
    let flow = run(
        queue(3, Some(50), Full::Drop),
        vec![producer(500, 4), producer(300, 7)],
        vec![
            group("billing", 2, Length::Exponential(9)),
            group("shipping", 6, Length::Uniform(1, 30)),
            group("audit", 1, Length::Fixed(2)),
        ],
    );
    for g in &flow.groups {
        assert_eq!(g.processed, flow.accepted, "{}", g.name);
    }
    assert_eq!(flow.accepted + flow.dropped, 800);
}

fn length() -> impl Strategy<Value = Length> {
    prop_oneof![
        (1u64..20).prop_map(Length::Fixed),
        (1u64..20).prop_map(Length::Exponential),
        (1u64..10, 0u64..10).prop_map(|(lo, span)| Length::Uniform(lo, lo + span)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the scenario: Little's law holds on every group's lag, every message
    /// is accepted or dropped, every group processes every accepted one, and the
    /// queue never holds more than its capacity.
    #[test]
    fn littles_law_holds_and_nothing_is_lost(
        partitions in 1u32..6,
        capacity in proptest::option::of(1u32..8),
        drop in any::<bool>(),
        producers in proptest::collection::vec((1u32..60, 0u64..6, any::<bool>(), 1u32..4, 0u64..20), 1..4),
        groups in proptest::collection::vec((1u32..8, length()), 1..4),
        seed in any::<u64>(),
    ) {
        let full = if drop { Full::Drop } else { Full::Block };
        let messaging = Messaging {
            queue: queue(partitions, capacity, full),
            producers: producers.iter().map(|&(count, every, poisson, burst, start)| Producer {
                name: "p".into(), count, every, start, poisson, burst: burst.min(count),
            }).collect(),
            groups: groups.iter().map(|&(k, process)| group("g", k, process)).collect(),
        };
        let flow = simulate(&messaging, seed);
        let sent: u64 = producers.iter().map(|p| u64::from(p.0)).sum();
        prop_assert_eq!(flow.accepted + flow.dropped, sent);
        prop_assert!(flow.peak_depth <= capacity.unwrap_or(u32::MAX));
        for g in &flow.groups {
            prop_assert_eq!(g.processed, flow.accepted);
            prop_assert!(g.little.holds(), "{:?}", g.little);
            prop_assert!(g.p50 <= g.p90 && g.p90 <= g.p99 && g.p99 <= g.max);
        }
        if full == Full::Block {
            prop_assert_eq!(flow.dropped, 0);
        }
    }
}
