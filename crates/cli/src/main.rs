//! `interleave`: the simulator and the explorer on the command line, for course
//! authors, tests and benchmarks. Thin: reads a file, calls `interleave-sim`, prints
//! text or JSON.
//!
//! Exit codes: 0 success, 2 an error in the scenario (on stderr, with line:col),
//! 1 anything else (a missing file, bad arguments).

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory, Parser, Subcommand};
use clap_complete::Shell;
use interleave_sim::program::{self, DEFAULT_MAX_STATES};
use interleave_sim::{
    Outcome, Policy, Report, Scenario, Tick, gantt, latency, sweep, theory, workload,
};
use serde::Serialize;
use serde_json::json;

/// What every command's help ends with.
const FILES: &str = "\
FILE may be - for standard input; a FILE ending in .json holds the scenario as JSON.
explore reads a program (threads sharing memory), not a scenario.
Exit codes: 0 success, 2 an error in the scenario or program (with line:col), 1 anything else.";

/// Simulate scheduling on simulated cores, and explore the interleavings of threads.
#[derive(Parser)]
#[command(name = "interleave", version, after_help = FILES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Simulate a scenario: a Gantt chart and the figures (latency too, for a system)
    #[command(after_help = FILES)]
    Run {
        file: String,
        /// The report as JSON, streamed: every task and the trace
        #[arg(long)]
        json: bool,
        /// The chart's width in characters
        #[arg(long, default_value_t = 100, value_name = "N")]
        width: u64,
    },
    /// Run a scenario on several core counts, or under several policies
    #[command(after_help = FILES)]
    #[command(group = clap::ArgGroup::new("over").required(true).args(["cores", "policies"]))]
    Sweep {
        file: String,
        /// Core counts, such as 1,2,4,8
        #[arg(long, value_name = "LIST")]
        cores: Option<String>,
        /// Policies, such as fcfs,sjf,srtf,priority,priority-preemptive,rr:2,mlfq:3:2:50
        #[arg(long, value_name = "LIST")]
        policies: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Parse only: errors with line and column, or the run's bound
    #[command(after_help = FILES)]
    Check { file: String },
    /// Every interleaving of a program of threads: final states, deadlocks, broken properties
    #[command(after_help = FILES)]
    Explore {
        file: String,
        #[arg(long)]
        json: bool,
        /// At most K preemptions per run
        #[arg(long, value_name = "K")]
        bound: Option<u32>,
        /// Stop after N states
        #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_STATES as u64)]
        max_states: u64,
        /// Instead of every interleaving, N runs drawn at random (PCT unless --walk):
        /// for programs too large to search
        #[arg(long, value_name = "N", conflicts_with = "bound")]
        random: Option<u32>,
        /// With --random: PCT's bug depth D (D - 1 priority changes per run)
        #[arg(long, value_name = "D", default_value_t = 3)]
        depth: u32,
        /// With --random: plain random walks instead of PCT
        #[arg(long)]
        walk: bool,
        /// With --random: the seed (the same seed draws the same runs)
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
        /// With --random: cut a run that has not ended after M steps
        #[arg(long, value_name = "M", default_value_t = program::DEFAULT_MAX_STEPS)]
        max_steps: u32,
    },
    /// Events per second on a generated workload, (--requests) an M/M/c queue,
    /// (--explore) explorer states per second, or (--random) how often PCT and random
    /// walks find a bug of depth 2
    Bench {
        /// Benchmark the explorer on dining philosophers instead
        #[arg(long)]
        explore: bool,
        /// Runs of PCT and of random walks on a lost update that needs a head start
        #[arg(long, value_name = "N", conflicts_with = "explore")]
        random: Option<u32>,
        /// N requests through an M/M/c queue (c: --cores) instead: the workload to
        /// compare with other simulators
        #[arg(long, value_name = "N", conflicts_with_all = ["explore", "random"])]
        requests: Option<u32>,
        /// With --requests: write each request's arrival and service time, a line
        /// each, so that another simulator can run the very same requests
        #[arg(long, value_name = "FILE", requires = "requests")]
        draws: Option<String>,
        #[arg(long, value_name = "N", default_value_t = 100_000)]
        tasks: u64,
        #[arg(long, value_name = "N", default_value_t = 8)]
        cores: u64,
        #[arg(long, value_name = "N", default_value_t = 6)]
        philosophers: u64,
        /// With --explore: at most K preemptions per run
        #[arg(long, value_name = "K")]
        bound: Option<u32>,
        /// With --explore: print the program benchmarked instead (for another runner of
        /// the very same text)
        #[arg(long, requires = "explore")]
        program: bool,
    },
    /// A completion script for a shell, on standard output
    Completions { shell: Shell },
}

enum Failure {
    Scenario(String),
    Other(String),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and the version are answers; a bad argument is an error of kind 1.
        Err(e) if !e.use_stderr() => {
            print!("{e}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprint!("{e}");
            return ExitCode::from(1);
        }
    };
    match dispatch(cli.command) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(Failure::Scenario(message)) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
        Err(Failure::Other(message)) => {
            eprintln!("interleave: {message}");
            ExitCode::from(1)
        }
    }
}

fn dispatch(command: Command) -> Result<String, Failure> {
    match command {
        Command::Run { file, json, width } => run(&file, json, width),
        Command::Sweep {
            file,
            cores,
            policies,
            json,
        } => sweep_over(&file, cores, policies, json),
        Command::Check { file } => {
            let (path, scenario) = load(&file)?;
            let bound = scenario
                .check_bound(&interleave_sim::Limits::default())
                .map_err(|e| Failure::Scenario(format!("{path}: {e}")))?;
            Ok(format!(
                "{path}: ok, {} tasks on {} cores, policy {}; a run makes at most {} events\n",
                bound.tasks, scenario.cores, scenario.policy, bound.events
            ))
        }
        Command::Explore {
            file,
            json,
            random: Some(runs),
            depth,
            walk,
            seed,
            max_steps,
            ..
        } => {
            let strategy = if walk {
                program::Strategy::Walk
            } else {
                program::Strategy::Pct { depth }
            };
            sample(&file, json, random(runs, strategy, seed, max_steps)?)
        }
        Command::Explore {
            file,
            json,
            bound,
            max_states,
            ..
        } => explore(&file, json, search(bound, max_states)?),
        Command::Bench {
            explore: true,
            philosophers,
            program: true,
            ..
        } => philosophers_text(philosophers),
        Command::Bench {
            explore: true,
            philosophers,
            bound,
            ..
        } => bench_explore(philosophers, search(bound, program::MAX_STATES as u64)?),
        Command::Bench {
            random: Some(runs), ..
        } => bench_random(runs),
        Command::Bench {
            requests: Some(requests),
            cores,
            draws,
            ..
        } => bench_requests(requests, cores, draws.as_deref()),
        Command::Bench { tasks, cores, .. } => bench(tasks, cores),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "interleave", &mut out);
            Ok(String::from_utf8_lossy(&out).into_owned())
        }
    }
}

fn run(file: &str, json: bool, width: u64) -> Result<String, Failure> {
    let (path, scenario) = load(file)?;
    if let Some(m) = &scenario.messaging {
        let flow = interleave_sim::messaging::simulate(m, scenario.seed);
        return Ok(if json {
            serde_json::to_string_pretty(&flow).unwrap_or_default() + "\n"
        } else {
            format!("{path}\n{flow}")
        });
    }
    let report = interleave_sim::simulate(&scenario);
    if json {
        write_json_report(&scenario, &report)?;
        return Ok(String::new());
    }
    let many = scenario.is_system() && report.tasks.len() > TABLE_ROWS;
    let mut out = format!("{path}\n");
    if many {
        out += &format!(
            "({} tasks: too many for a chart and a table; --json has each task and the trace)\n{}",
            report.tasks.len(),
            gantt::summary(&report)
        );
    } else {
        out += &format!("{}\n", gantt::chart(&scenario, &report, width));
        out += &gantt::table(&scenario, &report);
    }
    if scenario.is_system() {
        out += &gantt::latency(&latency::latency(&scenario, &report));
        out += &theory_lines(&scenario);
    }
    Ok(out)
}

/// The queueing model beside the simulation, one line per figure; or the assumption
/// that keeps every model out.
fn theory_lines(s: &Scenario) -> String {
    let t = match theory::theory(s) {
        Ok(t) => t,
        Err(why) => return format!("\ntheory: no queueing model applies here; it needs {why}\n"),
    };
    let mut out = format!(
        "\ntheory: {} ({}; utilisation {:.2}); simulated: mean of {} replications, 95% interval\n",
        t.model,
        t.assumptions.join("; "),
        t.rho,
        t.replications
    );
    // The names in one column, however long the longest.
    let width = t
        .figures
        .iter()
        .map(|f| f.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(15);
    for f in &t.figures {
        let i = &f.simulated;
        out += &format!(
            "  {:<width$} theory {:>10.3}  simulated {:>10.3} [{:.3}, {:.3}]  ({} the interval)\n",
            f.name,
            f.predicted,
            i.mean,
            i.low,
            i.high,
            if i.contains(f.predicted) {
                "inside"
            } else {
                "outside"
            }
        );
    }
    out
}

/// The same as JSON: the model, its assumptions, each figure predicted and simulated
/// with its interval and whether the prediction lies inside; or `applies: false` and
/// the assumption that fails.
fn theory_json(s: &Scenario) -> serde_json::Value {
    match theory::theory(s) {
        Ok(t) => {
            let mut v = serde_json::to_value(&t).unwrap_or_default();
            v["applies"] = json!(true);
            for (f, out) in t.figures.iter().zip(
                v["figures"]
                    .as_array_mut()
                    .map(|a| a.iter_mut())
                    .into_iter()
                    .flatten(),
            ) {
                out["inside"] = json!(f.simulated.contains(f.predicted));
            }
            v
        }
        Err(why) => json!({ "applies": false, "needs": why }),
    }
}

fn sweep_over(
    file: &str,
    cores: Option<String>,
    policies: Option<String>,
    json: bool,
) -> Result<String, Failure> {
    let (path, scenario) = load(file)?;
    let limits = interleave_sim::Limits::default();
    let points = match (cores, policies) {
        (Some(_), _) if !scenario.servers.is_empty() => {
            return Err(Failure::Other(
                "this scenario's cores come from its servers: change the servers instead".into(),
            ));
        }
        (Some(list), _) => sweep::cores(&scenario, &parse_list(&list, parse_cores)?, &limits),
        (None, Some(list)) => {
            sweep::policies(&scenario, &parse_list(&list, Policy::from_short)?, &limits)
        }
        (None, None) => unreachable!("clap requires one of --cores and --policies"),
    };
    let points = points.map_err(|e| Failure::Scenario(format!("{path}: {e}")))?;
    if json {
        return Ok(format!(
            "{}\n",
            serde_json::to_string_pretty(&points).unwrap_or_default()
        ));
    }
    let mut out =
        String::from("cores  policy                         makespan  speedup  utilization\n");
    for p in points {
        out.push_str(&format!(
            "{:>5}  {:<30} {:>9}  {:>6.2}x  {:>10.1}%{}\n",
            p.cores,
            p.policy,
            p.makespan,
            p.speedup,
            p.utilization * 100.0,
            if p.deadlock { "  DEADLOCK" } else { "" }
        ));
    }
    Ok(out)
}

fn explore(file: &str, json: bool, search: program::Search) -> Result<String, Failure> {
    let (path, program) = program_file(file)?;
    let t0 = Instant::now();
    let exploration = program::explore(&program, search);
    let seconds = t0.elapsed().as_secs_f64();
    if json {
        return Ok(program_json(&exploration, &program, seconds));
    }
    Ok(format!(
        "{path}\n{}took {:.3} s ({:.0} states/s)\n",
        program::render(&program, &exploration),
        seconds,
        exploration.states as f64 / seconds.max(1e-9)
    ))
}

/// The path and the program of `file`, or its errors at their lines and columns.
fn program_file(file: &str) -> Result<(String, program::Program), Failure> {
    let (path, text) = read(file)?;
    let program = program::parse(&text).map_err(|e| Failure::Scenario(located(&path, &e)))?;
    Ok((path, program))
}

/// A report on `program` as JSON, with the seconds it took and the threads' names.
fn program_json(
    report: &impl serde::Serialize,
    program: &program::Program,
    seconds: f64,
) -> String {
    let mut json = serde_json::to_value(report).unwrap_or_default();
    json["seconds"] = json!(seconds);
    json["threads"] = json!(
        program
            .threads
            .iter()
            .map(|t| t.name.clone())
            .collect::<Vec<_>>()
    );
    format!(
        "{}\n",
        serde_json::to_string_pretty(&json).unwrap_or_default()
    )
}

/// The runs `--random`, `--depth`, `--walk`, `--seed` and `--max-steps` ask for.
fn random(
    runs: u32,
    strategy: program::Strategy,
    seed: u64,
    max_steps: u32,
) -> Result<program::Random, Failure> {
    if !(1..=program::MAX_RUNS).contains(&runs) {
        return Err(Failure::Other(format!(
            "--random: 1 to {} runs",
            program::MAX_RUNS
        )));
    }
    if let program::Strategy::Pct { depth } = strategy
        && !(1..=100).contains(&depth)
    {
        return Err(Failure::Other("--depth: 1 to 100".into()));
    }
    if !(1..=10_000_000).contains(&max_steps) {
        return Err(Failure::Other("--max-steps: 1 to 10000000".into()));
    }
    Ok(program::Random {
        runs,
        strategy,
        seed,
        max_steps,
    })
}

/// `explore --random`: runs drawn at random, as text or JSON.
fn sample(file: &str, json: bool, random: program::Random) -> Result<String, Failure> {
    let (path, program) = program_file(file)?;
    let t0 = Instant::now();
    let sampled = program::sample(&program, random);
    let seconds = t0.elapsed().as_secs_f64();
    if json {
        return Ok(program_json(&sampled, &program, seconds));
    }
    Ok(format!(
        "{path}\n{}took {:.3} s ({:.0} runs/s)\n",
        program::render_sampled(&program, &sampled),
        seconds,
        f64::from(sampled.runs) / seconds.max(1e-9)
    ))
}

/// The search `--bound` and `--max-states` ask for.
fn search(preemption_bound: Option<u32>, max_states: u64) -> Result<program::Search, Failure> {
    let max_states = usize::try_from(max_states)
        .ok()
        .filter(|&n| (1..=program::MAX_STATES).contains(&n))
        .ok_or_else(|| Failure::Other(format!("--max-states: 1 to {}", program::MAX_STATES)))?;
    Ok(program::Search {
        preemption_bound,
        max_states,
    })
}

fn located(path: &str, e: &interleave_sim::Diagnostics) -> String {
    e.0.iter()
        .map(|d| format!("{path}:{}:{}: {}", d.line, d.col, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The program `bench --explore` explores: `n` dining philosophers.
fn philosophers_text(n: u64) -> Result<String, Failure> {
    usize::try_from(n)
        .ok()
        .filter(|n| (2..=program::MAX_THREADS).contains(n))
        .map(|n| program::philosophers(n, false))
        .ok_or_else(|| Failure::Other(format!("--philosophers: 2 to {}", program::MAX_THREADS)))
}

/// Explorer speed: `n` dining philosophers explored exhaustively, best of three.
fn bench_explore(n: u64, search: program::Search) -> Result<String, Failure> {
    let text = philosophers_text(n)?;
    let p = program::parse(&text).map_err(|e| Failure::Other(e.to_string()))?;
    let (best, e) = best_of_three(|| program::explore(&p, search));
    let peak = peak_memory();
    Ok(format!(
        "program: {n} dining philosophers{}\n\
         states: {}, transitions: {}, complete: {}, interleavings: {}\n\
         explore: {:.3} s (best of 3), {:.0} states/s\n\
         peak memory (whole process): {peak}\n",
        search
            .preemption_bound
            .map_or(String::new(), |k| format!(", at most {k} preemptions")),
        e.states,
        e.transitions,
        e.complete,
        e.interleavings
            .map_or("unbounded".into(), |n| n.to_string()),
        best,
        e.states as f64 / best
    ))
}

/// How often PCT (depth 2) and random walks find the lost update of
/// `program::head_start`, over `runs` runs each (each run its own random stream).
fn bench_random(runs: u32) -> Result<String, Failure> {
    let runs = random(runs, program::Strategy::Walk, 1, program::DEFAULT_MAX_STEPS)?.runs;
    let mut out = String::new();
    for pad in [10, 30] {
        let p = program::parse(&program::head_start(pad))
            .map_err(|e| Failure::Other(format!("head_start: {e}")))?;
        for strategy in [program::Strategy::Pct { depth: 2 }, program::Strategy::Walk] {
            let t0 = Instant::now();
            let s = program::sample(
                &p,
                program::Random {
                    runs,
                    strategy,
                    seed: 1,
                    max_steps: program::DEFAULT_MAX_STEPS,
                },
            );
            let found: u128 = s.findings.iter().filter_map(|f| f.interleavings).sum();
            let how = match strategy {
                program::Strategy::Walk => "random walks ".to_string(),
                program::Strategy::Pct { depth } => format!("PCT, depth {depth}"),
            };
            out += &format!(
                "a lost update after {pad} steps of head start, {how}: found in {found} of {runs} \
                 runs ({:.3} %){} in {:.3} s\n",
                100.0 * found as f64 / f64::from(runs.max(1)),
                s.bound
                    .map_or(String::new(), |b| format!(", bound {:.3} %", 100.0 * b)),
                t0.elapsed().as_secs_f64()
            );
        }
    }
    Ok(out)
}

/// The path and text of `file` (`-`: standard input).
fn read(file: &str) -> Result<(String, String), Failure> {
    let path = file.to_string();
    let text = if path == "-" {
        std::io::read_to_string(std::io::stdin())
            .map_err(|e| Failure::Other(format!("standard input: {e}")))?
    } else {
        let bytes = std::fs::read(&path).map_err(|e| Failure::Other(format!("{path}: {e}")))?;
        String::from_utf8(bytes)
            .map_err(|_| Failure::Scenario(format!("{path}: not UTF-8 text")))?
    };
    Ok((path, text))
}

/// Reads and parses the scenario in `file`.
fn load(file: &str) -> Result<(String, Scenario), Failure> {
    let (path, text) = read(file)?;
    if path.ends_with(".json") {
        let scenario: Scenario = serde_json::from_str(&text)
            .map_err(|e| Failure::Scenario(format!("{path}:{}:{}: {e}", e.line(), e.column())))?;
        scenario
            .validate(&interleave_sim::Limits::default())
            .map_err(|e| Failure::Scenario(format!("{path}: {e}")))?;
        return Ok((path, scenario));
    }
    let scenario =
        interleave_sim::parse(&text).map_err(|e| Failure::Scenario(located(&path, &e)))?;
    Ok((path, scenario))
}

fn parse_list<T>(list: &str, item: fn(&str) -> Option<T>) -> Result<Vec<T>, Failure> {
    list.split(',')
        .map(|s| {
            item(s.trim()).ok_or_else(|| Failure::Other(format!("cannot read {s:?} in {list:?}")))
        })
        .collect()
}

fn parse_cores(s: &str) -> Option<u32> {
    s.parse().ok().filter(|&n| (1..=1024).contains(&n))
}

/// `run --json`: the figures, each task and the trace, serialised as they are
/// written (a trace of millions of events is never built as a JSON tree in memory).
#[derive(Serialize)]
struct JsonRun<'a> {
    cores: u32,
    policy: String,
    makespan: Tick,
    utilization: f64,
    core_utilization: Vec<f64>,
    throughput: f64,
    context_switches: u64,
    averages: interleave_sim::Averages,
    outcome: &'static str,
    deadlock: Option<JsonDeadlock<'a>>,
    tasks: Vec<JsonTask<'a>>,
    latency: latency::Latency,
    /// For a system: the queueing model beside the run, or the assumption it breaks.
    #[serde(skip_serializing_if = "Option::is_none")]
    theory: Option<serde_json::Value>,
    trace: &'a interleave_sim::Trace,
}

#[derive(Serialize)]
struct JsonDeadlock<'a> {
    at: Tick,
    blocked: &'a [interleave_sim::Wait],
    cycle: &'a [interleave_sim::Wait],
}

#[derive(Serialize)]
struct JsonTask<'a> {
    name: &'a str,
    arrival: Tick,
    first_run: Option<Tick>,
    completion: Option<Tick>,
    turnaround: Option<Tick>,
    waiting: Tick,
    response: Option<Tick>,
}

fn write_json_report(scenario: &Scenario, r: &Report) -> Result<(), Failure> {
    let (outcome, deadlock) = match &r.outcome {
        Outcome::Completed => ("completed", None),
        Outcome::Deadlock { at, blocked, cycle } => (
            "deadlock",
            Some(JsonDeadlock {
                at: *at,
                blocked,
                cycle,
            }),
        ),
    };
    let run = JsonRun {
        cores: scenario.cores,
        policy: scenario.policy.to_string(),
        makespan: r.makespan,
        utilization: r.utilization(),
        core_utilization: r.core_utilization(),
        throughput: r.throughput(),
        context_switches: r.context_switches,
        averages: r.averages(),
        outcome,
        deadlock,
        tasks: r
            .tasks
            .iter()
            .map(|t| JsonTask {
                name: &t.name,
                arrival: t.arrival,
                first_run: t.first_run,
                completion: t.completion,
                turnaround: t.turnaround,
                waiting: t.waiting,
                response: t.response,
            })
            .collect(),
        latency: latency::latency(scenario, r),
        theory: scenario.is_system().then(|| theory_json(scenario)),
        trace: &r.trace,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer(&mut out, &run)
        .map_err(|e| Failure::Other(format!("standard output: {e}")))?;
    writeln!(out)
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Other(format!("standard output: {e}")))
}

/// Rows of the per-task table printed for a system; more are left to --json.
const TABLE_ROWS: usize = 50;

/// Events per second of the engine on a generated round-robin workload, without the
/// trace (the figure is the engine's own speed), best of three runs.
fn bench(tasks: u64, cores: u64) -> Result<String, Failure> {
    let tasks = u32::try_from(tasks)
        .ok()
        .filter(|&t| t <= 10_000_000)
        .ok_or_else(|| Failure::Other("--tasks: at most 10000000".into()))?;
    let cores = u32::try_from(cores)
        .ok()
        .filter(|&c| (1..=1024).contains(&c))
        .ok_or_else(|| Failure::Other("--cores: 1 to 1024".into()))?;
    let t0 = Instant::now();
    let scenario = workload::round_robin_mix(tasks, cores, 42);
    let generated = t0.elapsed().as_secs_f64();
    let (best, r) = best_of_three(|| {
        interleave_sim::simulate_with(&scenario, interleave_sim::Options { trace: false })
    });
    let peak = peak_memory();
    Ok(format!(
        "workload: {tasks} tasks, round robin quantum 4, {cores} cores (generated in {generated:.2} s)\n\
         events: {}, makespan {} ticks, fingerprint {:016x}\n\
         simulate: {:.3} s (best of 3), {:.1} million events/s\n\
         peak memory (whole process): {peak}\n",
        r.events,
        r.makespan,
        r.fingerprint(),
        best,
        r.events as f64 / best / 1e6
    ))
}

/// The M/M/c queue of `bench --requests`: one request arrives every `MMC_EVERY` ticks
/// on average, and each needs `MMC_SERVICE_PER_CORE` times c ticks of a core on
/// average, so the cores are busy 75 % of the time whatever c.
const MMC_EVERY: u64 = 1000;
const MMC_SERVICE_PER_CORE: u64 = 750;

/// The engine on `requests` requests through an M/M/c queue (c = `cores`), best of
/// three runs of the lowered scenario: the draws are made once, before the clock
/// starts, as another simulator given the same draws would make none. `draws` gets
/// them, a request a line (`arrival service`, in ticks).
fn bench_requests(requests: u32, cores: u64, draws: Option<&str>) -> Result<String, Failure> {
    let cores = u32::try_from(cores)
        .ok()
        .filter(|&c| (1..=64).contains(&c))
        .ok_or_else(|| Failure::Other("--cores: 1 to 64 with --requests".into()))?;
    if !(1..=5_000_000).contains(&requests) {
        return Err(Failure::Other("--requests: 1 to 5000000".into()));
    }
    let service = MMC_SERVICE_PER_CORE * u64::from(cores);
    let text = format!(
        "cores {cores}\npolicy fcfs\nseed 1\n\
         requests r count={requests} every={MMC_EVERY} poisson: cpu ~{service}\n"
    );
    let scenario = interleave_sim::parse(&text).map_err(|e| Failure::Other(e.to_string()))?;
    let t0 = Instant::now();
    let lowered = scenario.lower().into_owned();
    let drawn = t0.elapsed().as_secs_f64();
    if let Some(path) = draws {
        let mut out = String::with_capacity(lowered.tasks.len() * 16);
        for task in &lowered.tasks {
            let cpu: u64 = task
                .steps
                .iter()
                .map(|s| match s {
                    interleave_sim::Step::Cpu(n) => *n,
                    _ => 0,
                })
                .sum();
            out += &format!("{} {cpu}\n", task.arrive);
        }
        std::fs::write(path, out).map_err(|e| Failure::Other(format!("{path}: {e}")))?;
    }
    let (best, r) = best_of_three(|| {
        interleave_sim::simulate_with(&lowered, interleave_sim::Options { trace: false })
    });
    let latency = interleave_sim::latency::latency(&lowered, &r);
    let theory = interleave_sim::theory::queue_of(&scenario)
        .ok()
        .and_then(|q| {
            q.predict()
                .into_iter()
                .find(|(name, _)| *name == "mean latency")
        })
        .map_or(String::new(), |(_, m)| {
            format!(" (M/M/{cores} theory: {m:.1})")
        });
    let peak = peak_memory();
    Ok(format!(
        "workload: M/M/{cores}, {requests} requests, Poisson arrivals every {MMC_EVERY} ticks \
         on average, exponential service of mean {service} ticks (utilisation 0.75), first \
         come first served\n\
         draws: {drawn:.3} s (once, before the runs)\n\
         events: {}, makespan {} ticks, fingerprint {:016x}\n\
         simulate: {best:.3} s (best of 3), {:.1} million events/s\n\
         mean latency: {:.3} ticks{theory}\n\
         peak memory (whole process): {peak}\n",
        r.events,
        r.makespan,
        r.fingerprint(),
        r.events as f64 / best / 1e6,
        latency.mean,
    ))
}

/// Runs `f` three times: the fastest time in seconds, and the last result.
fn best_of_three<T>(mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..3 {
        // The last run's result goes first: two at once would double the peak memory.
        drop(last.take());
        let t = Instant::now();
        last = Some(f());
        best = best.min(t.elapsed().as_secs_f64());
    }
    (best, last.expect("three runs"))
}

/// The process's peak memory in words, where the system says it.
fn peak_memory() -> String {
    peak_memory_kib().map_or("unknown".to_string(), |k| {
        format!("{:.1} MiB", k as f64 / 1024.0)
    })
}

fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
