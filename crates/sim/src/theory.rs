//! Queueing theory beside the simulation. Where a workload meets a model's
//! assumptions (Poisson arrivals, one CPU step per request, first come first served on
//! c cores), the model's answer is set beside the simulated one, and the simulated
//! figure gets a 95% confidence interval from independent replications (the same
//! workload under other seeds), measured after a warm-up of the first tenth of the
//! requests. Where an assumption fails, it says which one instead
//! of a number that does not apply.
//!
//! | model | when | predicts |
//! |---|---|---|
//! | M/M/c | exponential service on c cores | Erlang C's chance to wait, the mean wait, the mean latency; for c = 1, latency percentiles |
//! | M/D/1, M/G/1 | fixed or uniform service on one core | Pollaczek–Khinchine's mean wait, and the mean latency |
//! | n × M/M/1 | Poisson arrivals placed at random on n one-core servers, exponential service | each server an M/M/1 queue of a share of the arrivals: the mean wait and latency |
//! | power of two choices | the same, each arrival to the shorter of two random servers | the supermarket model's mean latency (Mitzenmacher), the limit as n grows |
//! | fan-out to k | each request spawns k parts of exponential service on idle cores and joins them | the mean of the largest of k draws (s·H_k for continuous time), and the chance to be slower than one part's p99 (1 − 0.99^k) |
//!
//! Times are whole ticks: an exponential length is drawn, rounded to the nearest tick
//! and at least 1, so the models take the moments of those rounded lengths.

use crate::model::{Balance, Length, Pattern, Policy, Queues, Scenario, Tick};
use crate::{Options, simulate_with};

/// Replications of the workload, each under its own seed.
pub const REPLICATIONS: u32 = 10;
/// The fewest requests for a steady state to dominate the start from empty.
pub const MIN_REQUESTS: u32 = 1000;

/// A model the workload satisfies, with the rates it needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Queue {
    pub kind: Kind,
    /// Arrivals per tick.
    pub lambda: f64,
    /// The service time's first two moments, in ticks.
    pub mean: f64,
    pub second: f64,
    /// The service time as the workload writes it.
    pub service: Length,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Kind {
    /// Exponential service on `c` cores.
    Mmc { c: u32 },
    /// Fixed service on one core.
    Md1,
    /// Any other service distribution on one core.
    Mg1,
    /// Each request waits for the slowest of `k` parts, each on an idle core.
    FanOut { k: u32 },
    /// Arrivals spread over `n` one-core servers, at random or to the shorter of two.
    Spread { n: u32, two_choices: bool },
}

impl Kind {
    pub fn name(self) -> String {
        match self {
            Kind::Mmc { c } => format!("M/M/{c}"),
            Kind::Md1 => "M/D/1".into(),
            Kind::Mg1 => "M/G/1".into(),
            Kind::FanOut { k } => format!("fan-out to {k}"),
            Kind::Spread {
                two_choices: true, ..
            } => "power of two choices (supermarket model)".into(),
            Kind::Spread { n, .. } => format!("{n} × M/M/1"),
        }
    }
}

/// A figure the model predicts, beside the simulated one.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Figure {
    pub name: &'static str,
    pub predicted: f64,
    pub simulated: Interval,
}

/// A simulated figure: its mean over the replications and a 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Interval {
    pub mean: f64,
    pub low: f64,
    pub high: f64,
}

impl Interval {
    pub fn contains(&self, x: f64) -> bool {
        self.low <= x && x <= self.high
    }

    /// Student's t interval over independent values.
    pub fn of(values: &[f64]) -> Interval {
        let n = values.len().max(1) as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
        let half = t975(values.len().saturating_sub(1)) * (var / n).sqrt();
        Interval {
            mean,
            low: mean - half,
            high: mean + half,
        }
    }
}

/// The 97.5% quantile of Student's t with `df` degrees of freedom.
fn t975(df: usize) -> f64 {
    const T: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::INFINITY,
        1..=30 => T[df - 1],
        _ => 1.96,
    }
}

/// The model, its assumptions, and each figure predicted beside the simulated one.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Theory {
    pub model: String,
    pub assumptions: Vec<String>,
    /// Utilisation: arrivals times mean service over cores.
    pub rho: f64,
    pub replications: u32,
    pub figures: Vec<Figure>,
}

/// The model `s` satisfies, or the first assumption it breaks, in words.
pub fn queue_of(s: &Scenario) -> Result<Queue, String> {
    if !s.jobs.is_empty() {
        return fan_out_of(s);
    }
    if !s.servers.is_empty() {
        return spread_of(s);
    }
    let need = |ok: bool, why: &str| if ok { Ok(()) } else { Err(why.to_string()) };
    let g = poisson_stream(s)?;
    let Some(&Pattern::Cpu(length)) = g.steps.first().filter(|_| g.steps.len() == 1) else {
        return Err("each request one CPU step and nothing else (no I/O, locks or spawns)".into());
    };
    need(
        matches!(s.policy, Policy::Fcfs) && s.switch_cost == 0,
        "first come, first served, and switches that cost nothing",
    )?;
    need(
        s.servers.is_empty() && s.locks.is_empty() && s.threads.is_none(),
        "one machine, no locks, no cap on threads",
    )?;
    need(
        s.cores == 1 || s.queues == Queues::Global,
        "one queue for all the cores",
    )?;
    let (mean, second) = moments(length);
    let kind = match length {
        Length::Exponential(_) => Kind::Mmc { c: s.cores },
        Length::Fixed(_) if s.cores == 1 => Kind::Md1,
        Length::Uniform(..) if s.cores == 1 => Kind::Mg1,
        _ => return Err("exponential service (M/M/c), or any service on one core (M/G/1)".into()),
    };
    let lambda = 1.0 / g.every.max(1) as f64;
    let rho = lambda * mean / f64::from(s.cores.max(1));
    need(
        rho < 1.0,
        "fewer arrivals than the cores can serve (utilisation below 1)",
    )?;
    Ok(Queue {
        kind,
        lambda,
        mean,
        second,
        service: length,
    })
}

/// A fan-out the model of the largest of k draws applies to, or the first assumption
/// it breaks.
fn fan_out_of(s: &Scenario) -> Result<Queue, String> {
    let need = |ok: bool, why: &str| if ok { Ok(()) } else { Err(why.to_string()) };
    need(
        s.requests.len() == 1 && s.tasks.is_empty() && s.jobs.len() == 1,
        "one stream of requests that fan out to one job, and nothing else",
    )?;
    let g = &s.requests[0];
    let k = match g.steps[..] {
        [
            Pattern::Spawn {
                job: 0,
                count,
                hedge: 0,
            },
            Pattern::Join,
        ] => count,
        _ => {
            return Err(
                "each request to spawn its parts and join them, and nothing else (no hedge)".into(),
            );
        }
    };
    let [Pattern::Cpu(Length::Exponential(m))] = s.jobs[0].steps[..] else {
        return Err("each part one CPU step of exponential length (cpu ~M)".into());
    };
    need(
        !g.poisson && g.burst <= 1,
        "requests at fixed times, one at a time",
    )?;
    need(
        g.every >= m.max(1).saturating_mul(40),
        "requests at least 40 mean services apart, so that every part starts on an idle core (the longest draw is 37 means)",
    )?;
    need(
        g.count >= MIN_REQUESTS,
        "at least 1 000 requests, so that the largest draws are seen often enough",
    )?;
    need(
        s.switch_cost == 0 && s.locks.is_empty() && s.threads.is_none(),
        "switches that cost nothing, no locks, no cap on threads",
    )?;
    let cores = if s.servers.is_empty() {
        s.cores >= k
    } else {
        s.servers.len() >= k as usize && s.servers.iter().all(|v| v.slowdown <= 1)
    };
    need(
        cores,
        "a core for every part: at least as many cores (or servers of equal speed) as parts",
    )?;
    let service = Length::Exponential(m);
    let (mean, second) = moments(service);
    Ok(Queue {
        kind: Kind::FanOut { k },
        lambda: 1.0 / g.every.max(1) as f64,
        mean,
        second,
        service,
    })
}

/// The one stream of Poisson requests the queueing models need, long enough for a
/// steady state, or the first of these assumptions the workload breaks.
fn poisson_stream(s: &Scenario) -> Result<&crate::Requests, String> {
    let need = |ok: bool, why: &str| if ok { Ok(()) } else { Err(why.to_string()) };
    need(
        s.requests.len() == 1 && s.tasks.is_empty() && s.jobs.is_empty(),
        "one stream of requests and nothing else (no tasks, no jobs)",
    )?;
    let g = &s.requests[0];
    need(g.poisson && g.burst <= 1, "Poisson arrivals, one at a time")?;
    need(
        g.count >= MIN_REQUESTS,
        "at least 1 000 requests, so that the start from empty counts for little",
    )?;
    Ok(g)
}

/// Arrivals spread over servers, which the models of random placement and of the power
/// of two choices apply to, or the first assumption they break.
fn spread_of(s: &Scenario) -> Result<Queue, String> {
    let need = |ok: bool, why: &str| if ok { Ok(()) } else { Err(why.to_string()) };
    let g = poisson_stream(s)?;
    let [Pattern::Cpu(service @ Length::Exponential(_))] = g.steps[..] else {
        return Err(
            "each request one CPU step of exponential length (cpu ~M) and nothing else".into(),
        );
    };
    let n = s.servers.len() as u32;
    need(
        n >= 2 && s.servers.iter().all(|v| v.cores == 1 && v.slowdown <= 1),
        "two or more servers of one core each, of equal speed",
    )?;
    let two_choices = match s.balance {
        Balance::Random => false,
        Balance::TwoChoices => true,
        _ => {
            return Err(
                "placement at random (balance random) or by two choices (balance p2c)".into(),
            );
        }
    };
    need(
        matches!(s.policy, Policy::Fcfs) && s.switch_cost == 0,
        "first come, first served, and switches that cost nothing",
    )?;
    need(
        s.locks.is_empty() && s.threads.is_none(),
        "no locks, no cap on threads",
    )?;
    let (mean, second) = moments(service);
    let lambda = 1.0 / g.every.max(1) as f64;
    need(
        lambda * mean / f64::from(n) < 1.0,
        "fewer arrivals than the servers can serve (utilisation below 1)",
    )?;
    Ok(Queue {
        kind: Kind::Spread { n, two_choices },
        lambda,
        mean,
        second,
        service,
    })
}

/// The supermarket model's mean time in the system, in mean services, at utilisation
/// `rho`: Σ_{i≥1} rho^(2^i − 2) (Mitzenmacher, for two choices as n grows).
pub fn supermarket(rho: f64) -> f64 {
    let mut total = 0.0;
    for i in 1..64 {
        let term = rho.powf(2f64.powi(i) - 2.0);
        total += term;
        if term < 1e-15 {
            break;
        }
    }
    total
}

/// The chance that an exponential length of mean `m`, drawn as the simulator draws it
/// (rounded to the nearest tick, at least 1), is at most `x` ticks.
fn rounded_cdf(m: Tick, x: Tick) -> f64 {
    if x == 0 {
        0.0
    } else {
        1.0 - (-(x as f64 + 0.5) / m.max(1) as f64).exp()
    }
}

/// The 99th percentile of one part: the fewest ticks that 99% of draws stay within.
fn part_p99(m: Tick) -> Tick {
    (1..).find(|&x| rounded_cdf(m, x) >= 0.99).unwrap_or(1)
}

fn exponential_mean(service: Length) -> Tick {
    match service {
        Length::Exponential(m) => m.max(1),
        _ => 1,
    }
}

/// The first two moments of a length as the simulator draws it (whole ticks).
pub fn moments(length: Length) -> (f64, f64) {
    match length {
        Length::Fixed(n) => (n as f64, (n as f64).powi(2)),
        Length::Uniform(lo, hi) => {
            let (lo, hi) = (lo as f64, hi.max(lo) as f64);
            let n = hi - lo + 1.0;
            let mean = (lo + hi) / 2.0;
            // The variance of a discrete uniform over n values.
            (mean, mean * mean + (n * n - 1.0) / 12.0)
        }
        Length::Exponential(m) => {
            // Rounded to the nearest tick, at least 1: P(k) for k = 1, 2, ...
            let m = m.max(1) as f64;
            let tail = |x: f64| (-x / m).exp();
            let (mut first, mut second) = (1.0 - tail(1.5), 1.0 - tail(1.5));
            let mut k = 2.0;
            while tail(k - 0.5) > 1e-15 {
                let p = tail(k - 0.5) - tail(k + 0.5);
                first += k * p;
                second += k * k * p;
                k += 1.0;
            }
            (first, second)
        }
    }
}

/// Erlang C: the chance that an arrival waits, with `c` servers at offered load `a`
/// (arrival rate times mean service).
pub fn erlang_c(c: u32, a: f64) -> f64 {
    let rho = a / f64::from(c);
    // Σ_{k<c} a^k / k!, summed term by term.
    let (mut sum, mut term) = (0.0, 1.0);
    for k in 0..c {
        sum += term;
        term *= a / f64::from(k + 1);
    }
    // term is now a^c / c!.
    let last = term / (1.0 - rho);
    last / (sum + last)
}

impl Queue {
    /// What the model predicts: (figure, value), in ticks where a time.
    pub fn predict(&self) -> Vec<(&'static str, f64)> {
        let (lambda, s) = (self.lambda, self.mean);
        match self.kind {
            Kind::Mmc { c } => {
                let a = lambda * s;
                let wait_chance = erlang_c(c, a);
                let wait = wait_chance * s / (f64::from(c) - a);
                let mut out = vec![
                    ("chance to wait", wait_chance),
                    ("mean wait", wait),
                    ("mean latency", wait + s),
                ];
                if c == 1 {
                    // M/M/1: the latency is exponential with rate mu - lambda.
                    let rate = 1.0 / s - lambda;
                    for (name, q) in [
                        ("p50 latency", 0.5),
                        ("p90 latency", 0.9),
                        ("p99 latency", 0.99),
                    ] {
                        out.push((name, -(1.0f64 - q).ln() / rate));
                    }
                }
                out
            }
            Kind::Md1 | Kind::Mg1 => {
                let rho = lambda * s;
                let wait = lambda * self.second / (2.0 * (1.0 - rho));
                vec![("mean wait", wait), ("mean latency", wait + s)]
            }
            Kind::Spread {
                n,
                two_choices: false,
            } => {
                // A Poisson stream split at random is n Poisson streams: n M/G/1
                // queues (exponential service, rounded to whole ticks).
                let share = lambda / f64::from(n);
                let wait = share * self.second / (2.0 * (1.0 - share * s));
                vec![("mean wait", wait), ("mean latency", wait + s)]
            }
            Kind::Spread {
                n,
                two_choices: true,
            } => {
                let rho = lambda * s / f64::from(n);
                vec![("mean latency (n → ∞)", s * supermarket(rho))]
            }
            Kind::FanOut { k } => {
                // The largest of k independent draws: E[max] = Σ_x P(max > x), where
                // P(max <= x) = F(x)^k.
                let m = exponential_mean(self.service);
                let k = i32::try_from(k).unwrap_or(i32::MAX);
                let mut mean = 0.0;
                for x in 0.. {
                    let over = 1.0 - rounded_cdf(m, x).powi(k);
                    mean += over;
                    if over < 1e-12 {
                        break;
                    }
                }
                let slower = 1.0 - rounded_cdf(m, part_p99(m)).powi(k);
                vec![
                    ("mean latency", mean),
                    ("slower than one part's p99", slower),
                ]
            }
        }
    }
}

/// Theory beside the simulation for `s`, or why no model applies. Runs the workload
/// `REPLICATIONS` times (seeds `seed`, `seed + 1`, ...).
pub fn theory(s: &Scenario) -> Result<Theory, String> {
    let queue = queue_of(s)?;
    let samples: Vec<Vec<f64>> = (0..REPLICATIONS).map(|r| replicate(s, &queue, r)).collect();
    Ok(summarize(s, &queue, &samples))
}

/// Replication `r` (seed `seed + r`): each figure `queue` predicts, as simulated, in
/// [`Queue::predict`] order.
pub fn replicate(s: &Scenario, queue: &Queue, r: u32) -> Vec<f64> {
    let run = Scenario {
        seed: s.seed.wrapping_add(u64::from(r)),
        ..s.clone()
    };
    if let Kind::FanOut { .. } = queue.kind {
        return replicate_fan_out(&run, queue);
    }
    let report = simulate_with(&run, Options { trace: false });
    let mut waits: Vec<Tick> = Vec::new();
    let mut latencies: Vec<Tick> = Vec::new();
    // The first tenth is the warm-up: the run starts empty, and its first requests
    // wait less than in the steady state the model describes.
    let warm_up = report.tasks.len() / 10;
    for t in &report.tasks[warm_up..] {
        if let Some(l) = t.turnaround {
            waits.push(t.waiting);
            latencies.push(l);
        }
    }
    latencies.sort_unstable();
    let n = waits.len().max(1) as f64;
    queue
        .predict()
        .iter()
        .map(|(name, _)| match *name {
            "chance to wait" => waits.iter().filter(|&&w| w > 0).count() as f64 / n,
            "mean wait" => waits.iter().sum::<Tick>() as f64 / n,
            "mean latency" => latencies.iter().sum::<Tick>() as f64 / n,
            "p50 latency" => percentile(&latencies, 0.5),
            "p90 latency" => percentile(&latencies, 0.9),
            "mean latency (n → ∞)" => latencies.iter().sum::<Tick>() as f64 / n,
            _ => percentile(&latencies, 0.99),
        })
        .collect()
}

/// A fan-out's replication: the requests' mean latency, and the share of them slower
/// than one part's p99.
fn replicate_fan_out(run: &Scenario, queue: &Queue) -> Vec<f64> {
    let (report, lowered) =
        crate::Simulation::new(run, Options { trace: false }).finish_written_out();
    let Some(lowered) = lowered else {
        return vec![0.0, 0.0];
    };
    let latencies: Vec<Tick> = report
        .tasks
        .iter()
        .zip(&lowered.tasks)
        .filter(|(_, t)| t.parent.is_none())
        .filter_map(|(m, _)| m.turnaround)
        .collect();
    let n = latencies.len().max(1) as f64;
    let p99 = part_p99(exponential_mean(queue.service));
    vec![
        latencies.iter().sum::<Tick>() as f64 / n,
        latencies.iter().filter(|&&l| l > p99).count() as f64 / n,
    ]
}

/// The model's figures beside the replications' (`samples`, one [`replicate`] each).
pub fn summarize(s: &Scenario, queue: &Queue, samples: &[Vec<f64>]) -> Theory {
    let c = s.cores.max(1);
    let load = queue.lambda * queue.mean;
    // Utilisation: the load over what serves it (a fan-out keeps k cores busy).
    let rho = match queue.kind {
        Kind::FanOut { k } => load * f64::from(k) / f64::from(c.max(k)),
        Kind::Spread { n, .. } => load / f64::from(n),
        _ => load / f64::from(c),
    };
    Theory {
        model: queue.kind.name(),
        assumptions: queue.assumptions(c),
        rho,
        replications: samples.len() as u32,
        figures: figures(queue, samples),
    }
}

impl Queue {
    /// The model's assumptions in words, for a workload on `c` cores.
    fn assumptions(&self, c: u32) -> Vec<String> {
        let cores = || {
            format!(
                "{c} core{}, first come first served, one queue",
                if c == 1 { "" } else { "s" }
            )
        };
        let exponential = || "exponential service (rounded to whole ticks)".to_string();
        let (service, machine) = match self.kind {
            Kind::FanOut { k } => {
                let harmonic: f64 = (1..=k).map(|i| 1.0 / f64::from(i)).sum();
                let m = exponential_mean(self.service) as f64;
                return vec![
                    format!("each request spawns {k} parts and waits for the slowest"),
                    "each part exponential service (rounded to whole ticks), on an idle core"
                        .to_string(),
                    format!(
                        "in continuous time: s·H_k = {:.1} ticks, and 1 − 0.99^k = {:.1}%",
                        m * harmonic,
                        100.0 * (1.0 - 0.99f64.powi(i32::try_from(k).unwrap_or(i32::MAX)))
                    ),
                ];
            }
            Kind::Mmc { .. } => (exponential(), cores()),
            Kind::Md1 => ("fixed service".to_string(), cores()),
            Kind::Mg1 => ("uniform service".to_string(), cores()),
            Kind::Spread { n, two_choices } => (
                exponential(),
                format!(
                    "{n} servers of one core, each its own queue, first come first served; each arrival to {}",
                    if two_choices {
                        "the server with fewer in progress, of two drawn at random"
                    } else {
                        "a server drawn at random"
                    }
                ),
            ),
        };
        let mut out = vec![
            "Poisson arrivals, one stream".to_string(),
            service,
            machine,
            "no switch cost, no locks, no I/O".to_string(),
        ];
        if let Kind::Spread {
            n,
            two_choices: true,
        } = self.kind
        {
            let random = Queue {
                kind: Kind::Spread {
                    n,
                    two_choices: false,
                },
                ..*self
            };
            let latency = random.predict().last().map_or(0.0, |f| f.1);
            out.push(format!(
                "the limit as the servers grow many: {n} servers wait a little longer; placed at random, the mean latency would be {latency:.1} ticks"
            ));
        }
        out
    }
}

/// Each predicted figure beside its replications' interval.
fn figures(queue: &Queue, samples: &[Vec<f64>]) -> Vec<Figure> {
    queue
        .predict()
        .iter()
        .enumerate()
        .map(|(i, &(name, predicted))| {
            let values: Vec<f64> = samples.iter().filter_map(|v| v.get(i).copied()).collect();
            Figure {
                name,
                predicted,
                simulated: Interval::of(&values),
            }
        })
        .collect()
}

/// The value below which a fraction `q` of the sorted `values` lie (nearest rank).
fn percentile(values: &[Tick], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
    values[rank - 1] as f64
}

#[cfg(test)]
mod tests;
