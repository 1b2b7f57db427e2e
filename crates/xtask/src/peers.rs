//! The peers in `cargo xtask bench`: Interleave beside the tools people would use
//! instead, on the same work. The engine against SimPy on an M/M/4 queue (the very
//! same requests: SimPy reads the arrivals and service times the engine drew), and the
//! explorer against SPIN on dining philosophers (the program translated to Promela
//! here, from the parsed program). Figures, not tests: each ratio is from one run; but
//! the engine and SimPy disagreeing on the same requests fails the bench.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use interleave_sim::program::{self, BinOp, Expr, Op, Place, Program, PropertyKind};

use crate::{output, root, run, step};

/// The M/M/4 workload's size.
const REQUESTS: &str = "200000";
/// Dining philosophers for the explorer against SPIN.
const PHILOSOPHERS: usize = 8;

pub fn bench(cli: &Path) -> Result<(), String> {
    let dir = root().join("target/peers");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let python = crate::setup::simpy()?;
    crate::setup::spin()?;

    step("Peers: the engine against SimPy, M/M/4, the same 200 000 requests");
    let draws = dir.join("mm4-draws.txt");
    let ours = output(
        Command::new(cli)
            .args(["bench", "--requests", REQUESTS, "--cores", "4"])
            .arg("--draws")
            .arg(&draws),
    )
    .ok_or("interleave bench --requests failed")?;
    println!("{ours}");
    let theirs = output(
        Command::new(&python)
            .arg(root().join("tests/peers/mmc.py"))
            .arg(&draws)
            .arg("4"),
    )
    .ok_or("the SimPy model failed")?;
    println!("simpy: {theirs}");
    let ours_s = figure(&ours, "simulate:")?;
    let drawn_s = figure(&ours, "draws:")?;
    let ours_mean = figure(&ours, "mean latency:")?;
    let theirs_s = json_number(&theirs, "seconds")?;
    let theirs_mean = json_number(&theirs, "mean_latency")?;
    // On the very same requests the two means are the same number: they may differ only
    // by the rounding of ours to the 3 decimals it is printed with.
    let agree = (ours_mean - theirs_mean).abs() <= 0.0005 + 1e-9 * theirs_mean.abs();
    println!(
        "=> the engine {:.1}x faster than SimPy ({ours_s:.3} s against {theirs_s:.3} s, \
         best of 3 each; {:.1}x counting the engine's draws too, which SimPy was given)\n\
         => mean latency {ours_mean:.3} against {theirs_mean:.6} ticks: {}",
        theirs_s / ours_s,
        theirs_s / (ours_s + drawn_s),
        if agree {
            "the same, to the rounding of ours"
        } else {
            "they disagree"
        },
    );
    if !agree {
        return Err(format!(
            "the engine and SimPy disagree on the same requests: mean latency \
             {ours_mean:.3} against {theirs_mean:.6} ticks"
        ));
    }

    step(&format!(
        "Peers: the explorer against SPIN, {PHILOSOPHERS} dining philosophers, full search"
    ));
    let text = program::philosophers(PHILOSOPHERS, false);
    let parsed = program::parse(&text).map_err(|e| format!("philosophers: {e}"))?;
    let model = dir.join("philosophers.pml");
    std::fs::write(&model, promela(&parsed)?).map_err(|e| format!("{}: {e}", model.display()))?;
    let ours = output(Command::new(cli).args([
        "bench",
        "--explore",
        "--philosophers",
        &PHILOSOPHERS.to_string(),
    ]))
    .ok_or("interleave bench --explore failed")?;
    println!("{ours}");
    let (theirs_s, report) = spin_search(&dir, &model)?;
    let memory = report
        .lines()
        .find(|l| l.contains("total actual memory usage"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|m| m.parse::<f64>().ok());
    for line in report.lines().filter(|l| {
        l.contains("states, stored") || l.contains("errors:") || l.contains("total actual memory")
    }) {
        println!("spin: {}", line.trim());
    }
    println!("spin: search {theirs_s:.3} s (best of 3, wall time of ./pan)");
    // Timed as SPIN's verifier is: the whole process (start, read the program, search,
    // print), the fastest of three.
    let file = dir.join("philosophers.prog");
    std::fs::write(&file, &text).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut ours_s = f64::INFINITY;
    for _ in 0..3 {
        let t0 = Instant::now();
        output(Command::new(cli).arg("explore").arg(&file)).ok_or("interleave explore failed")?;
        ours_s = ours_s.min(t0.elapsed().as_secs_f64());
    }
    let in_process = figure(&ours, "explore:")?;
    let ours_mib = figure(&ours, "peak memory (whole process):")?;
    let our_states: f64 = ours
        .lines()
        .find_map(|l| l.trim().strip_prefix("states:"))
        .and_then(|rest| rest.split(',').next()?.trim().parse().ok())
        .ok_or_else(|| format!("no 'states:' figure in:\n{ours}"))?;
    let their_states = report
        .lines()
        .find(|l| l.contains("states, stored"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse::<f64>().ok());
    println!(
        "=> the explorer {:.1}x faster than SPIN ({ours_s:.3} s against {theirs_s:.3} s, each \
         the whole process, the fastest of 3); the explorer's search alone, in its process: \
         {in_process:.3} s\n\
         => states stored: {our_states:.0} by the explorer, {} by SPIN (with its \
         partial-order reduction): each search's own count, so the times are of searches \
         of different sizes\n\
         => memory: {ours_mib:.1} MiB, the explorer's whole process (its peak resident set), \
         against {}, SPIN's own count of what its search allocated (not its process's)",
        theirs_s / ours_s,
        their_states.map_or("unknown".into(), |n| format!("{n:.0}")),
        memory.map_or("unknown".into(), |m| format!("{m:.1} MB"))
    );
    Ok(())
}

/// SPIN with its defaults: `spin -a`, the verifier built with `-DSAFETY` (no cycle
/// detection: deadlocks and assertions), partial-order reduction on. `-c0` goes on
/// past the first error, so that the whole state space is searched as the explorer
/// searches it. The fastest of three wall times, and the last run's report.
fn spin_search(dir: &Path, model: &Path) -> Result<(f64, String), String> {
    if let Some(version) = output(Command::new("spin").arg("-V")) {
        println!("spin: {version}");
    }
    run(Command::new("spin").arg("-a").arg(model).current_dir(dir))?;
    run(Command::new("gcc")
        .args(["-O2", "-DSAFETY", "-o", "pan", "pan.c"])
        .current_dir(dir))?;
    let pan = dir.join("pan");
    let mut best = f64::INFINITY;
    let mut report = String::new();
    for _ in 0..3 {
        let t0 = Instant::now();
        report = output(Command::new(&pan).args(["-c0", "-n"]).current_dir(dir))
            .ok_or("SPIN's verifier failed")?;
        best = best.min(t0.elapsed().as_secs_f64());
    }
    Ok((best, report))
}

/// The first number after `label` on a line that starts with it.
fn figure(text: &str, label: &str) -> Result<f64, String> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix(label))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("no '{label}' figure in:\n{text}"))
}

/// A number field of a flat JSON object.
fn json_number(json: &str, key: &str) -> Result<f64, String> {
    let at = json
        .find(&format!("\"{key}\":"))
        .ok_or_else(|| format!("no {key} in {json}"))?;
    json[at + key.len() + 3..]
        .trim_start()
        .split([',', '}'])
        .next()
        .and_then(|n| n.trim().parse().ok())
        .ok_or_else(|| format!("{key} is not a number in {json}"))
}

/// `program` in Promela, step for step: every step of a thread is one transition of
/// its process (a lock is a guarded `atomic`, a `fetch_add` a `d_step`), so that both
/// tools search the same interleavings. A mutex holds its owner's number (thread + 1)
/// or 0; an unlock frees it whoever holds it, where the explorer would report a fault
/// (the benchmark's programs never unlock what they do not hold). `always` properties are monitors that assert at every state, and `finally`
/// properties one monitor that asserts once every thread has ended; the play view's
/// goal is not a property and is left out. Condition variables have no translation.
pub fn promela(program: &Program) -> Result<String, String> {
    let mut out = String::from("/* Translated from Interleave's program language. */\n");
    for v in &program.shared {
        out += &format!("int {} = {};\n", v.name, v.initial);
    }
    for m in &program.mutexes {
        out += &format!("byte {} = 0;\n", m.name);
    }
    for s in &program.semaphores {
        out += &format!("int {} = {};\n", s.name, s.permits);
    }
    if !program.conditions.is_empty() {
        return Err("condition variables have no translation to Promela here".into());
    }
    let no_locals: &[String] = &[];
    let expr = |e: &Expr| expression(program, no_locals, e);
    let always: Vec<_> = program
        .properties
        .iter()
        .filter(|p| p.kind == PropertyKind::Always)
        .collect();
    let finally: Vec<_> = program
        .properties
        .iter()
        .filter(|p| p.kind == PropertyKind::Finally)
        .collect();
    // The monitors come first: a process is removed only after every process started
    // after it, so once the threads have all ended, only the monitors are left.
    let monitors = always.len() + usize::from(!finally.is_empty());
    if !finally.is_empty() {
        out += &format!("\nactive proctype finally() {{\nend: _nr_pr == {monitors} ->\n");
        for p in &finally {
            out += &format!("    assert({})\n", expr(&p.expr)?);
        }
        out += "}\n";
    }
    for (i, p) in always.iter().enumerate() {
        let e = expr(&p.expr)?;
        out += &format!(
            "\nactive proctype always{i}() {{\nend: atomic {{ !({e}) -> assert({e}) }}\n}}\n"
        );
    }
    for (t, thread) in program.threads.iter().enumerate() {
        out += &format!("\nactive proctype {}() {{\n", thread.name);
        for local in &thread.locals {
            out += &format!("    int {local} = 0;\n");
        }
        let targets: Vec<usize> = thread
            .code
            .iter()
            .filter_map(|i| match i.op {
                Op::Branch(_, to) | Op::Jump(to) => Some(to),
                _ => None,
            })
            .collect();
        let place = |p: &Place| match *p {
            Place::Local(l) => thread.locals[l].clone(),
            Place::Shared(v) => program.shared[v].name.clone(),
        };
        let e = |x: &Expr| expression(program, &thread.locals, x);
        let me = t + 1;
        let mut steps = Vec::new();
        for (at, instr) in thread.code.iter().enumerate() {
            let step = match &instr.op {
                Op::Assign(p, x) => format!("{} = {}", place(p), e(x)?),
                Op::FetchAdd { local, var, delta } => {
                    let v = &program.shared[*var].name;
                    let keep =
                        local.map_or(String::new(), |l| format!("{} = {v}; ", thread.locals[l]));
                    format!("d_step {{ {keep}{v} = {v} + {} }}", e(delta)?)
                }
                Op::Lock(m) => {
                    let m = &program.mutexes[*m].name;
                    format!("atomic {{ {m} == 0 -> {m} = {me} }}")
                }
                Op::Unlock(m) => format!("{} = 0", program.mutexes[*m].name),
                Op::Acquire(s) => {
                    let s = &program.semaphores[*s].name;
                    format!("atomic {{ {s} > 0 -> {s} = {s} - 1 }}")
                }
                Op::Release(s) => {
                    let s = &program.semaphores[*s].name;
                    format!("{s} = {s} + 1")
                }
                Op::Assert(x) => format!("assert({})", e(x)?),
                Op::Branch(x, to) => format!(
                    "if\n    :: ({}) -> skip\n    :: else -> goto L{to}\n    fi",
                    e(x)?
                ),
                Op::Jump(to) => format!("goto L{to}"),
                Op::Skip => "skip".into(),
                Op::Wait { .. } | Op::Signal(_) | Op::Broadcast(_) => {
                    return Err("condition variables have no translation to Promela here".into());
                }
            };
            let label = if targets.contains(&at) {
                format!("L{at}: ")
            } else {
                String::new()
            };
            steps.push(format!("{label}{step}"));
        }
        if targets.contains(&thread.code.len()) {
            steps.push(format!("L{}: skip", thread.code.len()));
        }
        out += &format!("    {}\n}}\n", steps.join(";\n    "));
    }
    Ok(out)
}

fn expression(program: &Program, locals: &[String], e: &Expr) -> Result<String, String> {
    let sub = |x: &Expr| expression(program, locals, x);
    Ok(match e {
        Expr::Const(n) => n.to_string(),
        Expr::Local(l) => locals
            .get(*l)
            .cloned()
            .ok_or("a thread's local in a property")?,
        Expr::Shared(v) => program.shared[*v].name.clone(),
        Expr::Done | Expr::Deadlock => {
            return Err("done and deadlock have no translation inside an expression".into());
        }
        Expr::Not(x) => format!("!({})", sub(x)?),
        Expr::Neg(x) => format!("-({})", sub(x)?),
        Expr::Binary(op, a, b) => {
            let op = match op {
                BinOp::Add => "+",
                BinOp::Sub => "-",
                BinOp::Mul => "*",
                BinOp::Div => "/",
                BinOp::Rem => "%",
                BinOp::Eq => "==",
                BinOp::Ne => "!=",
                BinOp::Lt => "<",
                BinOp::Le => "<=",
                BinOp::Gt => ">",
                BinOp::Ge => ">=",
                BinOp::And => "&&",
                BinOp::Or => "||",
            };
            format!("({} {op} {})", sub(a)?, sub(b)?)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn philosophers_in_promela() {
        let p = program::parse(&program::philosophers(3, false)).unwrap();
        let text = promela(&p).unwrap();
        assert!(
            text.contains("byte f0 = 0;\nbyte f1 = 0;\nbyte f2 = 0;\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "active proctype finally() {\nend: _nr_pr == 1 ->\n    assert((meals == 3))\n}"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "active proctype P2() {\n    atomic { f2 == 0 -> f2 = 3 };\n    \
                 atomic { f0 == 0 -> f0 = 3 };\n    d_step { meals = meals + 1 };\n    \
                 f0 = 0;\n    f2 = 0\n}"
            ),
            "{text}"
        );
    }

    #[test]
    fn loops_locals_and_invariants() {
        let p = program::parse(
            "shared n = 0\nsemaphore s = 1\nthread A:\n    while n < 2:\n        acquire s\n        t = fetch_add(n, 1)\n        release s\nalways \"small\": n <= 2\n",
        )
        .unwrap();
        let text = promela(&p).unwrap();
        assert!(text.contains("int n = 0;\nint s = 1;\n"), "{text}");
        assert!(
            text.contains(
                "active proctype always0() {\nend: atomic { !((n <= 2)) -> assert((n <= 2)) }\n}"
            ),
            "{text}"
        );
        assert!(text.contains("    int t = 0;\n"), "{text}");
        assert!(text.contains("d_step { t = n; n = n + 1 }"), "{text}");
        assert!(
            text.contains("L0: if\n    :: ((n < 2)) -> skip\n    :: else -> goto L"),
            "{text}"
        );
        assert!(text.contains("goto L0"), "{text}");
    }

    #[test]
    fn condition_variables_are_refused() {
        let p = program::parse(
            "mutex m\ncondition c\nthread A:\n    lock m\n    wait c, m\n    unlock m\nthread B:\n    signal c\n",
        )
        .unwrap();
        assert!(promela(&p).unwrap_err().contains("condition variables"));
    }

    #[test]
    fn figures_are_read() {
        assert_eq!(figure("a\nexplore: 0.25 s (best)\n", "explore:"), Ok(0.25));
        assert!(figure("nothing", "explore:").is_err());
        assert_eq!(
            json_number(
                "{\"seconds\": 2.5, \"mean_latency\": 4547.5}",
                "mean_latency"
            ),
            Ok(4547.5)
        );
    }
}
