//! Queue scenarios as text: what they mean, written back, and their errors located,
//! with a suggestion where one helps.

use interleave_sim::messaging::{Full, Messaging, simulate};
use interleave_sim::{Length, Limits, parse, parse_with};

const ORDERS: &str = "\
seed 7
queue orders partitions=4 capacity=200 drop
producer web count=2000 every=8 poisson
producer batch count=500 every=40 burst=10 start=5
group billing consumers=4: process ~6
group shipping consumers=6: process 5..15
";

fn messaging(text: &str) -> Messaging {
    parse(text).unwrap().messaging.expect("a queue scenario")
}

/// The first error's "line:col message".
fn error(text: &str) -> String {
    error_with(text, &Limits::default())
}

fn error_with(text: &str, limits: &Limits) -> String {
    let d = &parse_with(text, limits).expect_err("refused").0[0];
    format!("{}:{} {}", d.line, d.col, d.message)
}

#[test]
fn a_queue_scenario_reads_as_written_and_writes_back_the_same() {
    let scenario = parse(ORDERS).unwrap();
    let m = scenario.messaging.as_ref().unwrap();
    assert_eq!(scenario.seed, 7);
    assert!(scenario.tasks.is_empty());
    assert_eq!(
        (m.queue.partitions, m.queue.capacity, m.queue.full),
        (4, Some(200), Full::Drop)
    );
    let batch = &m.producers[1];
    assert_eq!(
        (
            batch.count,
            batch.every,
            batch.burst,
            batch.start,
            batch.poisson
        ),
        (500, 40, 10, 5, false)
    );
    assert!(m.producers[0].poisson);
    assert_eq!(m.groups[0].process, Length::Exponential(6));
    assert_eq!(m.groups[1].process, Length::Uniform(5, 15));
    assert_eq!(parse(&scenario.to_string()).unwrap(), scenario);
    // Without a capacity, the queue is unbounded and blocks nobody.
    let open = messaging("queue q\nproducer p count=3 every=1\ngroup g consumers=1: process 2\n");
    assert_eq!((open.queue.partitions, open.queue.capacity), (1, None));
}

#[test]
fn the_same_text_and_seed_give_the_same_run() {
    let scenario = parse(ORDERS).unwrap();
    let m = scenario.messaging.as_ref().unwrap();
    assert_eq!(simulate(m, scenario.seed), simulate(m, scenario.seed));
    assert_ne!(simulate(m, scenario.seed), simulate(m, scenario.seed + 1));
}

#[test]
fn errors_are_located_and_suggest_the_fix() {
    let base =
        "queue q partitions=2\nproducer p count=10 every=2\ngroup g consumers=1: process 3\n";
    for (text, expected) in [
        (
            "queue q capacity=0\nproducer p count=5 every=1\ngroup g consumers=1: process 2\n",
            "1:18 a capacity of 0 holds no message: give 1 or more, or leave it out for an unbounded queue",
        ),
        (
            "queue q capacity=5 drip\n",
            "1:20 unknown behaviour when full \"drip\"; expected one of block, drop (block: the producer waits for room; drop: the message is lost); did you mean \"drop\"?",
        ),
        (
            "queue q drop\n",
            "1:9 an unbounded queue is never full: give it a capacity=C to drop",
        ),
        (
            "queue q partitions=0\n",
            "1:20 partitions must be between 1 and 1024",
        ),
        (
            "queue q partitons=2\n",
            "1:9 unknown option \"partitons\"; expected partitions, capacity; did you mean \"partitions\"?",
        ),
        (
            &base.replace("consumers=1", "consumers=5000"),
            "3:19 consumers must be between 1 and 1024",
        ),
        (
            &base.replace("count=10 every=2", "every=2"),
            "2:10 \"p\" needs count=N, for example \"producer web count=1000 every=5 [poisson] [burst=B] [start=T]\"",
        ),
        (
            &base.replace("process 3", "process 0"),
            "3:30 must be at least 1 tick",
        ),
        (
            &base.replace(": process 3", " process 3"),
            "3:21 expected \":\" and then the steps (group billing consumers=2: process ~20)",
        ),
        (
            &base.replace("process 3", "proces 3"),
            "3:22 expected \"process\" and each message's length (group billing consumers=2: process ~20)",
        ),
        (
            &format!("{base}queue r\n"),
            "4:1 a scenario has one queue (line 1); its producers and groups share it",
        ),
        (
            &format!("{base}group g consumers=2: process 1\n"),
            "4:7 group \"g\" is declared twice",
        ),
        (
            "queue q\nproducer p count=3 every=1\n",
            "1:1 a queue scenario needs a \"group NAME consumers=K: process T\" line",
        ),
        (
            "producer p count=3 every=1\ngroup g consumers=1: process 2\n",
            "1:1 a queue scenario needs a \"queue NAME [partitions=P]\" line",
        ),
        (
            &format!("cores 2\n{base}"),
            "2:1 \"queue\" does not belong with \"cores\": a queue scenario has queue, producer, group and seed lines, and a scenario of tasks has none of the first three",
        ),
        (
            &format!("{base}task a: cpu 1\n"),
            "4:1 \"task\" does not belong with \"queue\": a queue scenario has queue, producer, group and seed lines, and a scenario of tasks has none of the first three",
        ),
        (
            "queu q\n",
            "1:1 unknown statement \"queu\"; did you mean \"queue\"?",
        ),
    ] {
        assert_eq!(error(text), expected, "{text:?}");
    }
}

#[test]
fn more_messages_than_the_limits_are_refused_at_the_count_or_the_groups() {
    let limits = Limits {
        tasks: 1000,
        events: 2500,
        ..Limits::default()
    };
    let two = "queue q\nproducer a count=600 every=1\nproducer b count=600 every=1\ngroup g consumers=1: process 1\n";
    assert_eq!(
        error_with(two, &limits),
        "3:18 1,200 messages in all; at most 1,000 are run"
    );
    let three = "queue q\nproducer a count=900 every=1\ngroup g consumers=1: process 1\ngroup h consumers=1: process 1\ngroup i consumers=1: process 1\n";
    assert_eq!(
        error_with(three, &limits),
        "5:1 900 messages to each of 3 groups are 2,700 deliveries; at most 2,500 are run: fewer messages or fewer groups"
    );
}

#[test]
fn a_place_that_runs_only_tasks_refuses_a_queue_at_its_line() {
    let tasks_only = Limits {
        messaging: false,
        ..Limits::default()
    };
    assert_eq!(
        error_with(&format!("# a queue\n{ORDERS}"), &tasks_only),
        "3:1 \"queue\" belongs in a queue scenario, which this lab does not run (the command line does: interleave run)"
    );
}
