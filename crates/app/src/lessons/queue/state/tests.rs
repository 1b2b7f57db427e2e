//! Every action on the message-queue lesson, as a table: the actions in, the lesson in
//! one line after each.

use expect_test::{Expect, expect};

use super::*;
use crate::reducer::table;

fn summary(lab: &QueueLab) -> String {
    let flow = lab.flow.as_ref().map_or("no run".to_string(), |f| {
        let groups: Vec<String> = f
            .groups
            .iter()
            .map(|g| format!("{} x{} p99 {}", g.name, g.consumers, g.p99))
            .collect();
        format!(
            "{} accepted, {} dropped; {}",
            f.accepted,
            f.dropped,
            groups.join(", ")
        )
    });
    let compared = lab.compared.as_ref().map_or(String::new(), |f| {
        let p99: Vec<String> = f.groups.iter().map(|g| g.p99.to_string()).collect();
        format!(
            "; vs {}: {} dropped, p99 {}",
            lab.compare.unwrap_or("?"),
            f.dropped,
            p99.join("/")
        )
    });
    let errors: Vec<String> = lab
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {}", d.line, d.col, d.message))
        .collect();
    format!(
        "{flow}{compared}; sweep {} ({} points{}){}",
        lab.generation,
        lab.sweep.len(),
        if lab.swept { ", done" } else { "" },
        if errors.is_empty() {
            String::new()
        } else {
            format!("; error {}", errors.join("; "))
        }
    )
}

fn check(actions: Vec<(&str, Action)>, expected: Expect) {
    let lab = QueueLab::new(own_text().to_string(), None, None, None);
    expected.assert_eq(&table(lab, actions, summary));
}

fn row(consumers: u32) -> SweepRow {
    SweepRow {
        consumers,
        partitions: 4,
        throughput: 0.1,
        p99: 10,
        peak_lag: 3,
    }
}

#[test]
fn a_text_runs_once_it_reads_and_a_broken_one_keeps_the_last_run() {
    check(
        vec![
            ("pause", Action::Evaluate),
            ("four workers", Action::Consumers(Some(4))),
            ("as written", Action::Consumers(None)),
            (
                "capacity 0",
                Action::Edit(own_text().replace("partitions=4", "partitions=4 capacity=0")),
            ),
            ("pause", Action::Evaluate),
            ("tasks instead", Action::Edit("task a: cpu 1\n".into())),
            ("pause", Action::Evaluate),
            ("pub-sub", Action::Workload("pub-sub")),
        ],
        expect![[r#"
            open: no run; sweep 0 (0 points)
            pause: 2000 accepted, 0 dropped; workers x2 p99 7987; sweep 1 (0 points)
            four workers: 2000 accepted, 0 dropped; workers x4 p99 353; sweep 1 (0 points)
            as written: 2000 accepted, 0 dropped; workers x2 p99 7987; sweep 1 (0 points)
            capacity 0: 2000 accepted, 0 dropped; workers x2 p99 7987; sweep 1 (0 points)
            pause: 2000 accepted, 0 dropped; workers x2 p99 7987; sweep 1 (0 points); error 5:36 a capacity of 0 holds no message: give 1 or more, or leave it out for an unbounded queue
            tasks instead: 2000 accepted, 0 dropped; workers x2 p99 7987; sweep 1 (0 points); error 5:36 a capacity of 0 holds no message: give 1 or more, or leave it out for an unbounded queue
            pause: 2000 accepted, 0 dropped; workers x2 p99 7987; sweep 1 (0 points); error 1:1 this lesson runs a message queue: write a queue, a producer and a group (see “What the lines mean”)
            pub-sub: 2000 accepted, 0 dropped; workers x4 p99 353, audit x1 p99 12, search x2 p99 136; sweep 2 (0 points)"#]],
    );
}

#[test]
fn a_comparison_runs_the_same_queue_another_way_and_follows_the_knob() {
    check(
        vec![
            ("pause", Action::Evaluate),
            ("dropping", Action::Compare(Some("drop"))),
            ("four workers", Action::Consumers(Some(4))),
            ("three subscribers", Action::Compare(Some("pub-sub"))),
            ("unknown", Action::Compare(Some("nothing like it"))),
        ],
        expect![[r#"
            open: no run; sweep 0 (0 points)
            pause: 2000 accepted, 0 dropped; workers x2 p99 7987; sweep 1 (0 points)
            dropping: 2000 accepted, 0 dropped; workers x2 p99 7987; vs drop: 700 dropped, p99 775; sweep 1 (0 points)
            four workers: 2000 accepted, 0 dropped; workers x4 p99 353; vs drop: 0 dropped, p99 353; sweep 1 (0 points)
            three subscribers: 2000 accepted, 0 dropped; workers x4 p99 353; vs pub-sub: 0 dropped, p99 353/164/204; sweep 1 (0 points)
            unknown: 2000 accepted, 0 dropped; workers x4 p99 353; sweep 1 (0 points)"#]],
    );
}

#[test]
fn the_sweep_takes_its_own_generation_s_points_and_drops_older_ones() {
    check(
        vec![
            ("pause", Action::Evaluate),
            (
                "a point",
                Action::Swept {
                    generation: 1,
                    row: row(1),
                },
            ),
            ("drop", Action::Workload("drop")),
            (
                "a late point",
                Action::Swept {
                    generation: 1,
                    row: row(2),
                },
            ),
            ("a late end", Action::SweepEnded { generation: 1 }),
            (
                "points",
                Action::Swept {
                    generation: 2,
                    row: row(1),
                },
            ),
            ("end", Action::SweepEnded { generation: 2 }),
        ],
        expect![[r#"
            open: no run; sweep 0 (0 points)
            pause: 2000 accepted, 0 dropped; workers x2 p99 7987; sweep 1 (0 points)
            a point: 2000 accepted, 0 dropped; workers x2 p99 7987; sweep 1 (1 points)
            drop: 1300 accepted, 700 dropped; workers x2 p99 775; sweep 2 (0 points)
            a late point: 1300 accepted, 700 dropped; workers x2 p99 775; sweep 2 (0 points)
            a late end: 1300 accepted, 700 dropped; workers x2 p99 775; sweep 2 (0 points)
            points: 1300 accepted, 700 dropped; workers x2 p99 775; sweep 2 (1 points)
            end: 1300 accepted, 700 dropped; workers x2 p99 775; sweep 2 (1 points, done)"#]],
    );
}

#[test]
fn too_many_messages_for_the_page_are_refused_at_the_count() {
    let mut lab = QueueLab::new(
        own_text().replace("count=2000", "count=100001"),
        None,
        None,
        None,
    );
    lab.apply(Action::Evaluate);
    let d = &lab.diagnostics[0];
    assert_eq!((d.line, d.col), (6, 21), "{}", d.message);
    assert!(lab.flow.is_none());
    assert_eq!(lab.sweep_values(), Vec::<u32>::new());
    lab.apply(Action::Edit(own_text().into()));
    lab.apply(Action::Evaluate);
    assert_eq!(lab.sweep_values(), (1..=8).collect::<Vec<_>>());
}
