//! Random search: seeded and the same every time, finds what the explorer finds on
//! small programs, and finds a lost update deep in a long run that breadth-first
//! search cannot reach.

use super::*;
use crate::program::{Search, explore, parse};

/// The lost update of the lessons: two threads read, add one and write back.
const COUNTER: &str = include_str!("../../../../lessons/src/programs/counter.prog");

/// Six threads each add one to `a` twenty times, atomically; two of them then add
/// one to `b` by reading, adding and writing back. Losing one of those updates needs
/// the two reads of `b` to fall between each other's read and write, after some
/// 240 steps of atomic adds: breadth-first search drowns in the adds' orders first.
fn deep() -> Program {
    let mut text = String::from("shared a = 0\nshared b = 0\n\n");
    for t in 1..=6 {
        text += &format!(
            "thread T{t}:\n    i = 0\n    while i < 20:\n        fetch_add(a, 1)\n        i = i + 1\n"
        );
        if t <= 2 {
            text += "    x = b\n    x = x + 1\n    b = x\n";
        }
        text += "\n";
    }
    text += "finally \"every add counted\": a == 120 and b == 2\n";
    parse(&text).expect("the deep program parses")
}

fn lost(s: &Sampled) -> Option<&Finding> {
    s.findings.iter().find(|f| f.kind == FindingKind::Finally)
}

#[test]
fn the_same_seed_draws_the_same_runs() {
    let p = parse(COUNTER).expect("parses");
    for strategy in [Strategy::Walk, Strategy::Pct { depth: 2 }] {
        let random = Random {
            runs: 200,
            strategy,
            seed: 7,
            max_steps: 100,
        };
        assert_eq!(sample(&p, random), sample(&p, random));
        let other = sample(&p, Random { seed: 8, ..random });
        assert_eq!(other.runs, 200);
    }
}

#[test]
fn random_walks_find_both_endings_of_the_lost_update() {
    let p = parse(COUNTER).expect("parses");
    let s = sample(
        &p,
        Random {
            runs: 500,
            strategy: Strategy::Walk,
            seed: 1,
            max_steps: 100,
        },
    );
    let endings: Vec<(Value, bool)> = s.finals.iter().map(|f| (f.values[0].1, f.ok)).collect();
    assert_eq!(endings, [(1, false), (2, true)]);
    let runs: u128 = s.finals.iter().filter_map(|f| f.interleavings).sum();
    assert_eq!((runs, s.runs, s.cut, s.longest), (500, 500, 0, 6));
    let finding = lost(&s).expect("the lost update is found");
    // The shortest schedule drawn replays to the lost update.
    let end = p.replay(&finding.schedule).expect("it replays");
    assert_eq!(p.shared_value(end.last().expect("a state"), 0), 1);
    assert_eq!(s.bound, None);
}

#[test]
fn pct_states_its_bound_and_finds_the_deadlock_with_its_cycle() {
    let p = parse(
        "mutex a, b\n\nthread T1:\n    lock a\n    lock b\n    unlock b\n    unlock a\n\n\
         thread T2:\n    lock b\n    lock a\n    unlock a\n    unlock b\n",
    )
    .expect("parses");
    let s = sample(
        &p,
        Random {
            runs: 300,
            strategy: Strategy::Pct { depth: 2 },
            seed: 3,
            max_steps: 100,
        },
    );
    let deadlock = s.findings.iter().find(|f| f.kind == FindingKind::Deadlock);
    let deadlock = deadlock.expect("PCT finds the deadlock");
    assert_eq!(deadlock.cycle.len(), 2);
    assert_eq!(deadlock.schedule.len(), 2);
    // 1/(n·k^(d−1)): two threads, runs of at most 8 steps, depth 2.
    assert_eq!(s.bound, Some(1.0 / (2.0 * 8.0)));
}

#[test]
fn a_run_that_never_ends_is_cut() {
    let p = parse("shared x = 0\n\nthread A:\n    while x == 0:\n        skip\n").expect("parses");
    let s = sample(
        &p,
        Random {
            runs: 3,
            strategy: Strategy::Walk,
            seed: 1,
            max_steps: 50,
        },
    );
    assert_eq!((s.runs, s.cut, s.longest), (3, 3, 50));
    assert!(s.finals.is_empty() && s.findings.is_empty());
}

#[test]
fn random_search_finds_a_lost_update_that_breadth_first_search_cannot_reach() {
    let p = deep();
    let bfs = explore(&p, Search::default());
    assert!(!bfs.complete, "the state limit stops breadth-first search");
    assert!(
        bfs.findings.iter().all(|f| f.kind != FindingKind::Finally),
        "breadth-first search does not reach the lost update"
    );
    for strategy in [Strategy::Pct { depth: 3 }, Strategy::Walk] {
        let s = sample(
            &p,
            Random {
                runs: 1000,
                strategy,
                seed: 1,
                max_steps: DEFAULT_MAX_STEPS,
            },
        );
        let finding = lost(&s).unwrap_or_else(|| panic!("{strategy:?} finds the lost update"));
        assert!(finding.schedule.len() > 100, "{}", finding.schedule.len());
        let end = p.replay(&finding.schedule).expect("it replays");
        assert_eq!(p.shared_value(end.last().expect("a state"), 1), 1);
    }
}

#[test]
fn pct_finds_a_depth_two_bug_at_least_as_often_as_its_bound_says() {
    let p = parse(&crate::program::head_start(10)).expect("parses");
    let s = sample(
        &p,
        Random {
            runs: 2000,
            strategy: Strategy::Pct { depth: 2 },
            seed: 1,
            max_steps: 100,
        },
    );
    let found = lost(&s).and_then(|f| f.interleavings).unwrap_or(0) as f64;
    let bound = s.bound.expect("PCT states its bound");
    assert!(
        found / 2000.0 >= bound,
        "found in {found} of 2000 runs, bound {bound}"
    );
}

#[test]
fn drawing_in_slices_draws_the_same_runs() {
    let p = parse(&crate::program::head_start(5)).expect("parses");
    let random = Random {
        runs: 500,
        strategy: Strategy::Pct { depth: 2 },
        seed: 9,
        max_steps: 100,
    };
    let mut sampler = Sampler::new(p.clone(), random);
    let mut slices = 0;
    while !sampler.advance(7) {
        slices += 1;
    }
    assert_eq!((slices, sampler.done()), (71, 500));
    assert_eq!(sampler.finish(), sample(&p, random));
}
