//! A run's words read back as the run, for every kind of scenario the labs show, and
//! damaged words refused, never a panic.

use interleave_sim::{Options, Scenario, Simulation, parse};
use proptest::prelude::*;

use super::{
    Decoder, Made, STEP_ITEMS, Simulated, decode, encode, made_words, scenario_words, text_words,
    words_made, words_scenario, words_text,
};

/// Spawns with hedges, servers behind a balancer, a thread cap, random lengths.
const HEDGED: &str = "\
seed 7
server a cores=1
server b cores=2 slowdown=2
balance p2c
threads 3
memory 64
job part: cpu ~5, io 2
task root arrive=0: cpu 1, spawn part x4 hedge=3, join, cpu 1
requests web count=20 every=3 poisson: cpu ~4, io 1
";

/// Demotions and boosts.
const BOOSTED: &str = "\
cores 1
policy mlfq levels=3 quantum=2 boost=10
task a: cpu 30
task b arrive=1: cpu 30
";

/// Per-core queues with stealing, MLFQ with every option, locks of several permits,
/// uniform lengths, priorities.
const STOLEN: &str = "\
cores 2
queues per-core steal
policy mlfq levels=2 quantum=2,5 allotment=1,3 boost=40 stay iobump
switch 1
lock pool permits=2
job step: cpu 2..6
requests batch count=5 every=4 start=2 burst=2 priority=3: cpu 3, acquire pool, io ~2, release pool
task a: cpu 30, spawn step x2, join
";

/// A queue's scenario: producers, consumer groups, a bounded queue.
const ORDERS: &str = include_str!("../../../cli/scenarios/orders.scn");

const PHILOSOPHERS: &str = include_str!("../../../cli/scenarios/philosophers.scn");

fn simulated(written: Scenario) -> Simulated {
    let (report, lowered) = Simulation::new(&written, Options::default()).finish_written_out();
    let tasks = lowered.as_ref().unwrap_or(&written).tasks.len();
    let waits = report.trace.waits(tasks);
    Simulated {
        written,
        lowered,
        report,
        waits,
    }
}

fn every_kind() -> Vec<Simulated> {
    let presets = interleave_lessons::PRESETS.iter().map(|p| p.scenario());
    let studies = interleave_lessons::systems::STUDIES
        .iter()
        .map(|s| s.scenario());
    let texts =
        [HEDGED, BOOSTED, STOLEN, ORDERS, PHILOSOPHERS].map(|t| parse(t).expect("the text parses"));
    presets.chain(studies).chain(texts).map(simulated).collect()
}

#[test]
fn a_run_comes_back_as_it_went() {
    let runs = every_kind();
    // What the texts are there for: each part of the format is exercised.
    assert!(runs.iter().any(|r| r.lowered.is_some()));
    assert!(runs.iter().any(|r| !r.report.trace.demotions.is_empty()));
    assert!(runs.iter().any(|r| !r.report.trace.boosts.is_empty()));
    assert!(
        runs.iter()
            .any(|r| r.report.outcome != interleave_sim::Outcome::Completed)
    );
    assert!(runs.iter().any(|r| r.written.messaging.is_some()));
    assert!(runs.iter().any(|r| matches!(
        r.written.policy,
        interleave_sim::Policy::Mlfq(ref m) if m.stay && m.io_bump
    )));
    let lowered = |r: &Simulated| r.lowered.clone().unwrap_or_else(|| r.written.clone());
    assert!(
        runs.iter()
            .any(|r| lowered(r).tasks.iter().any(|t| t.backup_of.is_some()))
    );
    for run in runs {
        assert_eq!(decode(&encode(run.clone())), Ok(run));
    }
}

#[test]
fn a_long_run_is_read_in_batches_and_comes_back_whole() {
    let mut text = String::from("cores 3\npolicy rr quantum=2\n");
    let tasks = 60_000;
    for i in 0..tasks {
        text += &format!("task t{i} arrive={}: cpu 3, io 2, cpu 1\n", i / 4);
    }
    let run = simulated(parse(&text).unwrap());
    let changes = run.report.trace.changes.len();
    assert!(changes > STEP_ITEMS && tasks > STEP_ITEMS / 4, "{changes}");
    let words = encode(run.clone());
    let mut decoder = Decoder::new(&words);
    let mut steps = 1;
    while !decoder.step().unwrap() {
        steps += 1;
    }
    // Nine parts (the scenario was not written out: no tasks for that), three cores a
    // step each, and the tasks, their figures, the changes and the waits in batches.
    assert!(steps >= 9 + 2 + 1 + 1 + changes / STEP_ITEMS + 2, "{steps}");
    assert_eq!(decoder.finish(), Ok(run));
}

#[test]
fn names_of_every_length_and_script_survive() {
    let mut run = simulated(parse("task a: cpu 1\ntask b: cpu 2\n").unwrap());
    for (i, name) in ["", "é", "三个字", "🦀🦀", "abcd", "abcde"]
        .into_iter()
        .enumerate()
    {
        run.written.tasks[i % 2].name = name.into();
        run.report.tasks[i % 2].name = name.repeat(3);
        assert_eq!(decode(&encode(run.clone())), Ok(run.clone()));
    }
}

#[test]
fn a_text_comes_back_as_it_went_and_a_cut_one_is_refused() {
    for text in [
        "",
        "é",
        "task a: cpu 1\n# \"quoted\", 三个字 🦀\n",
        "abcd",
        "abcde",
    ] {
        let words = text_words(text);
        assert_eq!(words.len(), 1 + text.len().div_ceil(4));
        assert_eq!(words_text(&words).as_deref(), Ok(text));
        for cut in 0..words.len() {
            assert!(words_text(&words[..cut]).is_err(), "{text:?} cut at {cut}");
        }
        let mut longer = words.clone();
        longer.push(0);
        assert!(words_text(&longer).is_err());
    }
    // Its length, then its bytes four to a word, little-endian, the last zero-padded.
    assert_eq!(
        text_words("abcde"),
        [5, u32::from_le_bytes(*b"abcd"), u32::from(b'e')]
    );
}

#[test]
fn a_scenario_alone_comes_back_as_it_went_and_a_cut_one_is_refused() {
    for run in every_kind() {
        for scenario in [Some(run.written), run.lowered].into_iter().flatten() {
            let words = scenario_words(scenario.clone());
            assert_eq!(words_scenario(&words).as_ref(), Ok(&scenario));
            for cut in [0, 1, words.len() / 2, words.len() - 1] {
                assert!(words_scenario(&words[..cut]).is_err(), "cut at {cut}");
            }
        }
    }
}

#[test]
fn runs_made_come_back_as_they_went_and_cut_ones_are_refused() {
    use interleave_lessons::tour::{Kind, STEPS};
    let steps = STEPS.iter().filter(|s| s.widget.kind() == Kind::Simulated);
    let mut made: Vec<Made> = steps
        .map(|step| {
            let outcome = step.simulate();
            Made {
                scenarios: outcome.scenarios,
                reports: outcome.reports,
                latencies: outcome.latencies,
            }
        })
        .collect();
    // Runs of every kind, with their traces (and so their latencies' series).
    let runs = every_kind();
    let latencies = runs
        .iter()
        .filter(|r| !r.written.requests.is_empty())
        .map(|r| interleave_sim::latency::latency(&r.written, &r.report))
        .collect();
    let (scenarios, reports) = runs.into_iter().map(|r| (r.written, r.report)).unzip();
    made.push(Made {
        scenarios,
        reports,
        latencies,
    });
    let latencies = || made.iter().flat_map(|m| &m.latencies);
    assert!(latencies().any(|l| !l.series.is_empty() && !l.histogram.counts.is_empty()));
    assert!(latencies().any(|l| l.utilization.len() > 1));
    for made in made {
        let words = made_words(made.clone());
        assert_eq!(words_made(&words).as_ref(), Ok(&made));
        for cut in [0, 1, words.len() / 3, words.len() - 1] {
            assert!(words_made(&words[..cut]).is_err(), "cut at {cut}");
        }
    }
}

#[test]
fn numbers_of_every_size_survive() {
    let mut run = simulated(parse(PHILOSOPHERS).unwrap());
    let sizes = [
        0,
        1,
        (1 << 31) - 1,
        1 << 31,
        u64::from(u32::MAX),
        1 << 40,
        u64::MAX,
    ];
    for (i, &n) in sizes.iter().enumerate() {
        run.written.tasks[i % 3].arrive = n;
        run.report.tasks[i % 3].completion = Some(n);
        run.report.trace.changes[i].time = n;
        let slice = &mut run.report.trace.cores[i % 3][0];
        (slice.start, slice.end) = (n / 2, n);
        run.waits[i % 3][0] = (n / 3, n / 3 + 5, interleave_sim::Waiting::Lock);
        run.report.trace.boosts.push(n);
        assert_eq!(decode(&encode(run.clone())), Ok(run.clone()), "{n}");
    }
}

fn philosophers_words() -> Vec<u32> {
    encode(simulated(parse(PHILOSOPHERS).unwrap()))
}

#[test]
fn short_or_long_words_are_refused() {
    let words = philosophers_words();
    for cut in 0..words.len() {
        assert!(decode(&words[..cut]).is_err(), "cut at {cut}");
    }
    let mut longer = words.clone();
    longer.push(0);
    assert!(decode(&longer).unwrap_err().contains("past its end"));
}

proptest! {
    /// Any word changed to anything is read or refused, and a count never makes the
    /// reader reserve more than the words could hold.
    #[test]
    fn damaged_words_never_panic(at in any::<prop::sample::Index>(), word in any::<u32>()) {
        let mut words = philosophers_words();
        let i = at.index(words.len());
        words[i] = word;
        let _ = decode(&words);
    }
}
