//! `interleave`: the simulator and the explorer on the command line, for course
//! authors, tests and benchmarks. Thin: reads a file, calls `interleave-sim`, prints
//! text or JSON.
//!
//! Exit codes: 0 success, 2 an error in the scenario (on stderr, with line:col),
//! 1 anything else (a missing file, bad arguments).

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use interleave_sim::program::{self, DEFAULT_MAX_STATES};
use interleave_sim::{Outcome, Policy, Report, Scenario, Tick, gantt, latency, sweep, workload};
use serde::Serialize;
use serde_json::json;

const USAGE: &str = "\
usage:
  interleave run FILE [--json] [--width N]     simulate; a Gantt chart and the figures
  interleave sweep FILE --cores 1,2,4,8 [--json]
  interleave sweep FILE --policies fcfs,sjf,srtf,priority,priority-preemptive,rr:2,mlfq:3:2:50 [--json]
  interleave check FILE                         parse only: errors with line and column
  interleave explore FILE [--json] [--bound K] [--max-states N]
                                                every interleaving of a program of threads:
                                                final states, deadlocks, broken properties
  interleave bench [--tasks N] [--cores N]      events per second on a generated workload
  interleave bench --explore [--philosophers N] [--bound K]
                                                explorer states per second

FILE may be - for standard input; a FILE ending in .json holds the scenario as JSON.
explore reads a program (threads sharing memory), not a scenario.";

enum Failure {
    Scenario(String),
    Other(String),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
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

fn dispatch(args: &[String]) -> Result<String, Failure> {
    let (command, rest) = args
        .split_first()
        .ok_or_else(|| Failure::Other(USAGE.into()))?;
    let flag = |name: &str| rest.iter().any(|a| a == name);
    let value = |name: &str| {
        rest.iter()
            .position(|a| a == name)
            .and_then(|i| rest.get(i + 1))
            .cloned()
    };
    let number = |name: &str, default: u64| -> Result<u64, Failure> {
        value(name).map_or(Ok(default), |v| {
            v.parse()
                .map_err(|_| Failure::Other(format!("{name} takes a number, not {v:?}")))
        })
    };
    match command.as_str() {
        "run" => {
            let (path, scenario) = load(rest)?;
            let report = interleave_sim::simulate(&scenario);
            if flag("--json") {
                write_json_report(&scenario, &report)?;
                Ok(String::new())
            } else {
                let width = number("--width", 100)?;
                let many = scenario.is_system() && report.tasks.len() > TABLE_ROWS;
                let mut out = format!("{path}\n");
                if !many {
                    out += &format!("{}\n", gantt::chart(&scenario, &report, width));
                }
                if many {
                    out += &format!(
                        "({} tasks: too many for a chart and a table; --json has each task and the trace)\n{}",
                        report.tasks.len(),
                        gantt::summary(&report)
                    );
                } else {
                    out += &gantt::table(&scenario, &report);
                }
                if scenario.is_system() {
                    out += &gantt::latency(&latency::latency(&scenario, &report));
                }
                Ok(out)
            }
        }
        "sweep" => {
            let (path, scenario) = load(rest)?;
            let limits = interleave_sim::Limits::default();
            let points = match (value("--cores"), value("--policies")) {
                (Some(_), None) if !scenario.servers.is_empty() => {
                    return Err(Failure::Other(
                        "this scenario's cores come from its servers: change the servers instead"
                            .into(),
                    ));
                }
                (Some(list), None) => {
                    sweep::cores(&scenario, &parse_list(&list, parse_cores)?, &limits)
                }
                (None, Some(list)) => {
                    sweep::policies(&scenario, &parse_list(&list, Policy::from_short)?, &limits)
                }
                _ => {
                    return Err(Failure::Other(
                        "sweep needs one of --cores LIST or --policies LIST".into(),
                    ));
                }
            };
            let points = points.map_err(|e| Failure::Scenario(format!("{path}: {e}")))?;
            if flag("--json") {
                return Ok(format!(
                    "{}\n",
                    serde_json::to_string_pretty(&points).unwrap_or_default()
                ));
            }
            let mut out = String::from(
                "cores  policy                         makespan  speedup  utilization\n",
            );
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
        "check" => {
            let (path, scenario) = load(rest)?;
            let bound = scenario
                .check_bound(&interleave_sim::Limits::default())
                .map_err(|e| Failure::Scenario(format!("{path}: {e}")))?;
            Ok(format!(
                "{path}: ok, {} tasks on {} cores, policy {}; a run makes at most {} events\n",
                bound.tasks, scenario.cores, scenario.policy, bound.events
            ))
        }
        "explore" => {
            let (path, text) = read(rest)?;
            let program = interleave_sim::program::parse(&text)
                .map_err(|e| Failure::Scenario(located(&path, &e)))?;
            let search = search(
                value("--bound"),
                number("--max-states", DEFAULT_MAX_STATES as u64)?,
            )?;
            let t0 = Instant::now();
            let exploration = program::explore(&program, search);
            let seconds = t0.elapsed().as_secs_f64();
            if flag("--json") {
                let mut json = serde_json::to_value(&exploration).unwrap_or_default();
                json["seconds"] = json!(seconds);
                json["threads"] = json!(
                    program
                        .threads
                        .iter()
                        .map(|t| t.name.clone())
                        .collect::<Vec<_>>()
                );
                return Ok(format!(
                    "{}\n",
                    serde_json::to_string_pretty(&json).unwrap_or_default()
                ));
            }
            Ok(format!(
                "{path}\n{}took {:.3} s ({:.0} states/s)\n",
                program::render(&program, &exploration),
                seconds,
                exploration.states as f64 / seconds.max(1e-9)
            ))
        }
        "bench" if flag("--explore") => bench_explore(
            number("--philosophers", 6)?,
            search(value("--bound"), program::MAX_STATES as u64)?,
        ),
        "bench" => bench(number("--tasks", 100_000)?, number("--cores", 8)?),
        "help" | "--help" | "-h" => Ok(format!("{USAGE}\n")),
        other => Err(Failure::Other(format!(
            "unknown command {other:?}\n{USAGE}"
        ))),
    }
}

/// The search `--bound` and `--max-states` ask for.
fn search(bound: Option<String>, max_states: u64) -> Result<program::Search, Failure> {
    let preemption_bound = match bound {
        None => None,
        Some(b) => Some(b.parse::<u32>().map_err(|_| {
            Failure::Other(format!("--bound takes a number of preemptions, not {b:?}"))
        })?),
    };
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

/// Explorer speed: `n` dining philosophers explored exhaustively, best of three.
fn bench_explore(n: u64, search: program::Search) -> Result<String, Failure> {
    let n = usize::try_from(n)
        .ok()
        .filter(|n| (2..=program::MAX_THREADS).contains(n))
        .ok_or_else(|| Failure::Other(format!("--philosophers: 2 to {}", program::MAX_THREADS)))?;
    let text = program::philosophers(n, false);
    let p = program::parse(&text).map_err(|e| Failure::Other(e.to_string()))?;
    let mut best = f64::INFINITY;
    let mut result = None;
    for _ in 0..3 {
        let t = Instant::now();
        let e = program::explore(&p, search);
        best = best.min(t.elapsed().as_secs_f64());
        result = Some(e);
    }
    let e = result.expect("three runs");
    let peak = peak_memory_kib().map_or("unknown".to_string(), |k| {
        format!("{:.1} MiB", k as f64 / 1024.0)
    });
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

/// The path and text of the file named by the first argument that is not a flag.
fn read(args: &[String]) -> Result<(String, String), Failure> {
    let path = args
        .iter()
        .enumerate()
        .find(|(i, a)| {
            !a.starts_with("--")
                && (*i == 0 || !args[i - 1].starts_with("--") || args[i - 1] == "--json")
        })
        .map(|(_, a)| a.clone())
        .ok_or_else(|| Failure::Other(format!("which scenario file?\n{USAGE}")))?;
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

/// Reads and parses the scenario named by the first argument that is not a flag.
fn load(args: &[String]) -> Result<(String, Scenario), Failure> {
    let (path, text) = read(args)?;
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
    let mut best = f64::INFINITY;
    let mut report = None;
    for _ in 0..3 {
        let t = Instant::now();
        let r = interleave_sim::simulate_with(&scenario, interleave_sim::Options { trace: false });
        best = best.min(t.elapsed().as_secs_f64());
        report = Some(r);
    }
    let r = report.expect("three runs");
    let peak = peak_memory_kib().map_or("unknown".to_string(), |k| {
        format!("{:.1} MiB", k as f64 / 1024.0)
    });
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

/// The process's peak resident memory, where the system tells it (Linux).
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
