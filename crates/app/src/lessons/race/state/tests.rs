//! Every action on the race lesson, as a table: the actions in, the lesson in one line
//! after each.

use expect_test::{Expect, expect};

use super::*;
use crate::reducer::table;

fn summary(race: &Race) -> String {
    let phase = match &race.phase {
        Phase::Idle => "idle".to_string(),
        Phase::Running(i) => format!("running {i:?}"),
        Phase::Done(reports) => {
            let lost: Vec<String> = reports
                .iter()
                .map(|r| format!("{:?} lost {}", r.increment, r.lost))
                .collect();
            format!("done: {}", lost.join(", "))
        }
        Phase::Failed(m) => format!("failed: {m}"),
    };
    format!(
        "{} per worker, {phase}, runs {}",
        race.per_thread, race.runs
    )
}

fn report(increment: Increment, lost: u64) -> RaceReport {
    RaceReport {
        increment,
        threads: 4,
        per_thread: 1_000_000,
        expected: 4_000_000,
        counted: 4_000_000 - lost,
        lost,
        ms: 10.0,
    }
}

fn check(actions: Vec<(&str, Action)>, expected: Expect) {
    expected.assert_eq(&table(Race::default(), actions, summary));
}

#[test]
fn a_run_races_each_way_in_turn_and_settings_wait_for_it() {
    let reports = Increment::ALL
        .iter()
        .map(|&i| {
            report(
                i,
                if i == Increment::LoadStore {
                    1_234_567
                } else {
                    0
                },
            )
        })
        .collect();
    check(
        vec![
            ("10 million", Action::PerThread(10_000_000)),
            ("a size not offered", Action::PerThread(7)),
            ("Run", Action::Run),
            ("Run again at once", Action::Run),
            ("100 000 during the run", Action::PerThread(100_000)),
            ("atomic add", Action::Running(Increment::FetchAdd)),
            ("mutex", Action::Running(Increment::Mutex)),
            ("finished", Action::Finished(reports)),
            ("Run", Action::Run),
            (
                "the pool fails",
                Action::Failed("worker 0: no answer".into()),
            ),
            ("100 000", Action::PerThread(100_000)),
        ],
        expect![[r#"
            open: 1000000 per worker, idle, runs 0
            10 million: 10000000 per worker, idle, runs 0
            a size not offered: 10000000 per worker, idle, runs 0
            Run: 10000000 per worker, running LoadStore, runs 1
            Run again at once: 10000000 per worker, running LoadStore, runs 1
            100 000 during the run: 10000000 per worker, running LoadStore, runs 1
            atomic add: 10000000 per worker, running FetchAdd, runs 1
            mutex: 10000000 per worker, running Mutex, runs 1
            finished: 10000000 per worker, done: LoadStore lost 1234567, FetchAdd lost 0, Mutex lost 0, runs 1
            Run: 10000000 per worker, running LoadStore, runs 2
            the pool fails: 10000000 per worker, failed: worker 0: no answer, runs 2
            100 000: 100000 per worker, failed: worker 0: no answer, runs 2"#]],
    );
}
