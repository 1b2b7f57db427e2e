//! The simulator held to queueing theory: for each model, every figure the formula
//! predicts lies inside the simulated 95% confidence interval (the tolerance comes
//! from the replications, not from a hand-picked margin); and a workload that breaks
//! an assumption is told which.

use super::*;
use crate::parse;

fn holds(text: &str, model: &str) {
    let s = parse(text).expect("parses");
    let t = theory(&s).unwrap_or_else(|why| panic!("{model}: {why}"));
    assert_eq!(t.model, model);
    for f in &t.figures {
        assert!(
            f.simulated.contains(f.predicted),
            "{model} {}: theory {:.3}, simulated {:.3} [{:.3}, {:.3}]",
            f.name,
            f.predicted,
            f.simulated.mean,
            f.simulated.low,
            f.simulated.high
        );
    }
}

#[test]
fn m_m_1_latency_and_its_percentiles() {
    holds(
        "policy fcfs\nseed 11\nrequests r count=10000 every=1000 poisson: cpu ~700\n",
        "M/M/1",
    );
}

/// Exponential lengths of hundreds of ticks: at tens of ticks, rounding to whole ticks
/// leaves the service visibly less than exponential, and the chance to wait sits a
/// percent or two under Erlang C.
#[test]
fn m_m_4_erlang_c() {
    holds(
        "cores 4\npolicy fcfs\nseed 3\nrequests r count=10000 every=250 poisson: cpu ~800\n",
        "M/M/4",
    );
}

#[test]
fn m_d_1_and_m_g_1_pollaczek_khinchine() {
    holds(
        "policy fcfs\nseed 5\nrequests r count=10000 every=100 poisson: cpu 70\n",
        "M/D/1",
    );
    holds(
        "policy fcfs\nseed 7\nrequests r count=10000 every=100 poisson: cpu 20..120\n",
        "M/G/1",
    );
}

#[test]
fn erlang_c_matches_its_known_values() {
    // One server: the chance to wait is the utilisation.
    assert!((erlang_c(1, 0.7) - 0.7).abs() < 1e-12);
    // Two servers at a = 1: (1/2) / (1 + 1 + 1/2) ... = 1/3.
    assert!((erlang_c(2, 1.0) - 1.0 / 3.0).abs() < 1e-12);
}

#[test]
fn a_broken_assumption_is_named() {
    let why = |text: &str| queue_of(&parse(text).expect("parses")).expect_err("no model");
    assert_eq!(
        why("policy fcfs\nrequests r count=5000 every=10: cpu ~5\n"),
        "Poisson arrivals, one at a time"
    );
    assert_eq!(
        why("policy fcfs\nrequests r count=5000 every=10 poisson: cpu ~5, io 3\n"),
        "each request one CPU step and nothing else (no I/O, locks or spawns)"
    );
    assert_eq!(
        why("policy rr quantum=2\nrequests r count=5000 every=10 poisson: cpu ~5\n"),
        "first come, first served, and switches that cost nothing"
    );
    assert_eq!(
        why("policy fcfs\nrequests r count=5000 every=4 poisson: cpu ~5\n"),
        "fewer arrivals than the cores can serve (utilisation below 1)"
    );
    assert_eq!(
        why("cores 2\npolicy fcfs\nrequests r count=5000 every=10 poisson: cpu 5\n"),
        "exponential service (M/M/c), or any service on one core (M/G/1)"
    );
}

#[test]
fn rounded_exponential_lengths_have_these_moments() {
    let (mean, second) = moments(Length::Exponential(70));
    assert!((mean - 70.0).abs() < 0.05, "{mean}");
    // An exponential's second moment is 2m²; rounding adds about 1/12.
    assert!((second - 2.0 * 70.0 * 70.0).abs() < 1.0, "{second}");
    assert_eq!(moments(Length::Uniform(1, 3)), (2.0, 4.0 + 8.0 / 12.0));
}

/// "The Tail at Scale": a request that waits for the slowest of k parts. Its mean is
/// the largest of k draws (s·H_k in continuous time), and its chance to be slower than
/// one part's p99 grows as 1 − 0.99^k.
#[test]
fn a_fan_out_waits_for_the_largest_of_k_draws() {
    holds(
        "cores 4\npolicy fcfs\nseed 21\njob part: cpu ~50\nrequests r count=2000 every=2000: spawn part x4, join\n",
        "fan-out to 4",
    );
    holds(
        "policy fcfs\nseed 23\nserver s0\nserver s1\nserver s2\nserver s3\nserver s4\nserver s5\nserver s6\nserver s7\njob part: cpu ~40\nrequests r count=2000 every=1600: spawn part x8, join\n",
        "fan-out to 8",
    );
    let s = parse(
        "cores 100\njob part: cpu ~10\nrequests r count=1000 every=400: spawn part x100, join\n",
    )
    .unwrap();
    let t = theory(&s).unwrap();
    let slower = t
        .figures
        .iter()
        .find(|f| f.name.starts_with("slower"))
        .unwrap();
    // 63% in continuous time; whole ticks make one part's p99 a little generous.
    assert!(
        (0.55..0.66).contains(&slower.predicted),
        "{}",
        slower.predicted
    );
    assert!(
        t.assumptions.iter().any(|a| a.contains("63.4%")),
        "{:?}",
        t.assumptions
    );
}

#[test]
fn a_fan_out_that_breaks_an_assumption_is_told_which() {
    for (text, why) in [
        (
            "cores 4\njob part: cpu ~50\nrequests r count=2000 every=100: spawn part x4, join\n",
            "at least 40 mean services apart",
        ),
        (
            "cores 2\njob part: cpu ~50\nrequests r count=2000 every=2000: spawn part x4, join\n",
            "a core for every part",
        ),
        (
            "cores 4\njob part: cpu 50\nrequests r count=2000 every=2000: spawn part x4, join\n",
            "exponential length",
        ),
        (
            "cores 4\njob part: cpu ~50\nrequests r count=2000 every=2000 poisson: spawn part x4, join\n",
            "fixed times",
        ),
    ] {
        let why_not = theory(&parse(text).unwrap()).unwrap_err();
        assert!(why_not.contains(why), "{text}: {why_not}");
    }
}

/// Random placement splits a Poisson stream into n Poisson streams: n M/M/1 queues.
#[test]
fn random_placement_is_n_independent_queues() {
    holds(
        "policy fcfs\nseed 31\nserver s0\nserver s1\nserver s2\nserver s3\nbalance random\nrequests r count=10000 every=36 poisson: cpu ~100\n",
        "4 × M/M/1",
    );
}

/// The power of two choices: the supermarket model is the limit as the servers grow
/// many. A finite pool waits a little longer than the limit, far less than random
/// placement, and comes nearer the limit as it grows.
#[test]
fn two_choices_approach_the_supermarket_model() {
    let gap = |n: usize, balance: &str| {
        let servers: String = (0..n).map(|i| format!("server s{i}\n")).collect();
        // Utilisation 0.8 on every pool size: every = mean / (0.8 n).
        let every = 320 / n;
        let text = format!(
            "policy fcfs\nseed 41\n{servers}balance {balance}\nrequests r count=20000 every={every} poisson: cpu ~256\n"
        );
        let t = theory(&parse(&text).unwrap()).unwrap();
        let f = &t.figures.last().unwrap();
        (f.predicted, f.simulated)
    };
    for n in [8, 32] {
        let (limit, two) = gap(n, "p2c");
        let (random, _) = gap(n, "random");
        assert!(
            limit < two.mean && two.mean < random,
            "{n} servers: the limit {limit:.1}, two choices {:.1}, random {random:.1}",
            two.mean
        );
    }
    let (limit, small) = gap(8, "p2c");
    let (_, large) = gap(32, "p2c");
    assert!(
        large.mean - limit < small.mean - limit,
        "{small:?} {large:?} {limit}"
    );
    // The model's own values: at rho = 0.5, 1 + 0.5^2 + 0.5^6 + 0.5^14 + ...
    assert!((supermarket(0.5) - (1.0 + 0.25 + 0.015625 + 0.5f64.powi(14))).abs() < 1e-4);
}
