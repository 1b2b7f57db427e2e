//! The `interleave` binary as a user runs it: outputs, exit codes, and bad input.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn interleave(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_interleave"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // A command refused before it reads its input closes the pipe: that is no failure.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn run_prints_a_chart_and_json() {
    let out = interleave(&["run", "scenarios/chef.scn"], "");
    assert!(out.status.success());
    assert!(
        text(&out.stdout).contains("core 0  |AABBCCABBCCBA|"),
        "{}",
        text(&out.stdout)
    );

    let out = interleave(&["run", "scenarios/chef.scn", "--json"], "");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["makespan"], 13);
    assert_eq!(v["outcome"], "completed");
    assert!(v["deadlock"].is_null());
    assert_eq!(v["tasks"][2]["name"], "salad");
    assert_eq!(v["tasks"][2]["waiting"], 4);
    for key in [
        "utilization",
        "throughput",
        "context_switches",
        "averages",
        "trace",
    ] {
        assert!(!v[key].is_null(), "{key}");
    }
}

#[test]
fn a_deadlock_is_an_outcome_with_its_cycle() {
    let out = interleave(&["run", "scenarios/philosophers.scn", "--json"], "");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["outcome"], "deadlock");
    assert_eq!(v["deadlock"]["cycle"].as_array().unwrap().len(), 3);
}

#[test]
fn sweeps_over_cores_and_policies() {
    let out = interleave(
        &["sweep", "-", "--cores", "1,2,4", "--json"],
        "task a: cpu 8\ntask b: cpu 8\ntask c: cpu 8\ntask d: cpu 8",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let makespans: Vec<u64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["makespan"].as_u64().unwrap())
        .collect();
    assert_eq!(makespans, [32, 16, 8]);
    assert_eq!(v[2]["speedup"], 4.0);

    let out = interleave(
        &[
            "sweep",
            "scenarios/chef.scn",
            "--policies",
            "fcfs,sjf,rr:1,mlfq:3:2:20",
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 5);
}

/// What `interleave check` says of a scenario it refuses, after exiting with 2.
fn refused(scenario: &str) -> String {
    let out = interleave(&["check", "-"], scenario);
    assert_eq!(out.status.code(), Some(2));
    text(&out.stderr)
}

#[test]
fn scenario_errors_exit_2_with_line_and_column() {
    let err = refused("cores 2\npolicy rrr quantum=2\ntask a: cpu 1, jump 3");
    assert!(err.contains("-:2:8: unknown policy \"rrr\""), "{err}");
    assert!(err.contains("-:3:16: unknown step \"jump\""), "{err}");
}

#[test]
fn garbage_huge_numbers_and_empty_input_never_panic() {
    for input in [
        "\u{0}\u{1}garbage\u{ff}",
        "task a: cpu 999999999999999999999999999",
        "cores 4000000000",
    ] {
        let out = interleave(&["run", "-"], input);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{input:?}: {}",
            text(&out.stderr)
        );
        assert!(!text(&out.stderr).contains("panicked"));
    }
    let out = interleave(&["run", "-"], "");
    assert!(out.status.success());
    let out = interleave(&["run", "no/such/file.scn"], "");
    assert_eq!(out.status.code(), Some(1));
    let out = interleave(&["frobnicate"], "");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn json_scenarios_are_validated_like_text() {
    let dir = std::env::temp_dir().join(format!("interleave-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.json");
    std::fs::write(
        &good,
        r#"{"cores":2,"policy":{"kind":"round_robin","quantum":2},"switch_cost":0,"queues":{"kind":"global"},
            "locks":[],"tasks":[{"name":"a","arrive":0,"priority":0,"steps":[{"cpu":3},{"io":2},{"cpu":1}]}]}"#,
    )
    .unwrap();
    let out = interleave(&["run", good.to_str().unwrap(), "--json"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["makespan"], 6);

    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"cores":1,"policy":{"kind":"round_robin","quantum":0},"switch_cost":0,"queues":{"kind":"global"},"locks":[],"tasks":[]}"#,
    )
    .unwrap();
    let out = interleave(&["run", bad.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("quantum must be between 1"),
        "{}",
        text(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn explore_prints_the_same_report_as_text_and_json() {
    let path = "../lessons/src/programs/counter.prog";
    let out = interleave(&["explore", path], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("interleavings: 20"), "{stdout}");
    assert!(
        stdout.contains("BAD count = 1: 18 interleavings"),
        "{stdout}"
    );

    let out = interleave(&["explore", path, "--json"], "");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["interleavings"], 20);
    assert_eq!(v["complete"], true);
    assert_eq!(v["finals"][0]["values"][0][1], 1);
    assert_eq!(v["finals"][0]["interleavings"], 18);
    assert_eq!(v["findings"][0]["kind"], "finally");
    assert_eq!(v["threads"][1], "B");
    assert!(v["seconds"].as_f64().unwrap() >= 0.0);

    let out = interleave(
        &[
            "explore",
            "../lessons/src/programs/two_locks.prog",
            "--bound",
            "0",
        ],
        "",
    );
    assert!(text(&out.stdout).contains("with at most 0 preemptions"));
    assert!(text(&out.stdout).contains("no bad state"));
}

#[test]
fn explore_reports_program_errors_and_limits() {
    let out = interleave(
        &["explore", "-"],
        "shared n = 0\nthread A:\n    n = n + 1\n",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("-:3:1: this step reads and writes n"));

    let out = interleave(
        &["explore", "-", "--max-states", "10"],
        include_str!("../../lessons/src/programs/philosophers.prog"),
    );
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("STOPPED at the limit of 10 states"));

    let out = interleave(&["explore", "-", "--bound", "x"], "thread A:\n    skip\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("invalid value 'x' for '--bound <K>'"));
}

/// A system that meets a queueing model gets the model's answers beside the run, as
/// text and JSON; one that does not is told which assumption fails.
#[test]
fn run_sets_queueing_theory_beside_a_system() {
    let out = interleave(&["run", "scenarios/mm4.scn"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("theory: M/M/4 ("), "{stdout}");
    assert!(
        stdout.contains("  chance to wait  theory      0.596"),
        "{stdout}"
    );
    assert_eq!(
        stdout.matches("(inside the interval)").count(),
        3,
        "{stdout}"
    );

    let out = interleave(&["run", "scenarios/mm4.scn", "--json"], "");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let theory = &v["theory"];
    assert_eq!(theory["applies"], true);
    assert_eq!(theory["model"], "M/M/4");
    assert_eq!(theory["replications"], 10);
    let figures = theory["figures"].as_array().unwrap();
    assert_eq!(figures.len(), 3);
    for f in figures {
        let (low, high) = (
            f["simulated"]["low"].as_f64().unwrap(),
            f["simulated"]["high"].as_f64().unwrap(),
        );
        let predicted = f["predicted"].as_f64().unwrap();
        assert_eq!(f["inside"], low <= predicted && predicted <= high);
    }

    // A fan-out: the largest of k draws, and the tail at scale.
    let out = interleave(&["run", "scenarios/fanout8.scn"], "");
    let stdout = text(&out.stdout);
    assert!(stdout.contains("theory: fan-out to 8 ("), "{stdout}");
    assert!(
        stdout.contains("s·H_k = 54.4 ticks, and 1 − 0.99^k = 7.7%"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  slower than one part's p99 theory      0.076"),
        "{stdout}"
    );

    let out = interleave(
        &["run", "-", "--json"],
        "policy fcfs\nrequests r count=2000 every=10: cpu ~5\n",
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["theory"]["applies"], false);
    assert_eq!(v["theory"]["needs"], "Poisson arrivals, one at a time");
    let out = interleave(&["run", "scenarios/chef.scn", "--json"], "");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.get("theory").is_none(), "not a system: no theory");
}

/// `explore --random`: PCT by default, random walks with `--walk`; seeded, so the same
/// seed prints the same runs; its limits refused with the flag named.
#[test]
fn explore_draws_random_runs_the_same_for_a_seed() {
    let path = "../lessons/src/programs/counter.prog";
    let runs = |extra: &[&str]| {
        let mut args = vec!["explore", path, "--random", "300", "--json"];
        args.extend_from_slice(extra);
        let out = interleave(&args, "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["seconds"] = serde_json::Value::Null;
        v
    };
    let pct = runs(&["--seed", "5"]);
    assert_eq!(pct, runs(&["--seed", "5"]));
    assert_eq!(pct["runs"], 300);
    assert_eq!(pct["random"]["strategy"]["pct"]["depth"], 3);
    assert_eq!(pct["findings"][0]["kind"], "finally");
    // 1/(n·k^(d−1)) = 1/(2·6²).
    assert!((pct["bound"].as_f64().unwrap() - 1.0 / 72.0).abs() < 1e-12);
    let walk = runs(&["--walk"]);
    assert_eq!(walk["random"]["strategy"], "walk");
    assert_eq!(walk["bound"], serde_json::Value::Null);

    let out = interleave(&["explore", path, "--random", "100"], "");
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("100 runs drawn by PCT of depth 3 (seed 1)"),
        "{stdout}"
    );
    assert!(stdout.contains("[finally]"), "{stdout}");

    let out = interleave(&["explore", path, "--random", "0"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--random: 1 to"));
    let out = interleave(&["explore", path, "--random", "5", "--bound", "2"], "");
    assert_eq!(out.status.code(), Some(1));
}

/// Each command has its help; the version, completions; an unknown or misplaced flag
/// is refused (it used to be ignored), and a missing file named.
#[test]
fn help_version_completions_and_unknown_flags() {
    for command in ["run", "sweep", "check", "explore", "bench", "completions"] {
        let out = interleave(&[command, "--help"], "");
        assert!(out.status.success(), "{command}");
        assert!(
            text(&out.stdout).contains(&format!("Usage: interleave {command}")),
            "{command}"
        );
    }
    let out = interleave(&["--version"], "");
    assert!(out.status.success());
    assert!(text(&out.stdout).starts_with("interleave "));
    for shell in ["bash", "zsh", "fish"] {
        let out = interleave(&["completions", shell], "");
        assert!(out.status.success(), "{shell}");
        assert!(text(&out.stdout).contains("explore"), "{shell}");
    }
    let refused: [&[&str]; 4] = [
        &["explore", "-", "--shuffle", "5000"],
        &["run", "-", "--jsno"],
        &["run"],
        &["sweep", "-", "--cores", "1,2", "--policies", "fcfs"],
    ];
    for args in refused {
        let out = interleave(args, "task a: cpu 1");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            text(&out.stderr).starts_with("error: "),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    assert!(text(&interleave(&["run"], "").stderr).contains("<FILE>"));
}

#[test]
fn run_gives_every_system_lab_the_figures_the_lab_shows() {
    use interleave_lessons::systems::{STUDIES, figures};
    for study in STUDIES {
        let path = format!("../lessons/src/systems/{}.scn", study.id.replace('-', "_"));
        let out = interleave(&["run", &path, "--json"], "");
        assert!(out.status.success(), "{path}: {}", text(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let l = &v["latency"];
        let want = figures(&study.scenario(), |_| {});
        for (key, value) in [
            ("p50", want.p50),
            ("p90", want.p90),
            ("p99", want.p99),
            ("max", want.max),
        ] {
            assert_eq!(l[key], value, "{path} {key}");
        }
        assert_eq!(l["requests"], want.requests);
        assert_eq!(l["peak_in_system"], want.peak_in_system);
        assert_eq!(l["peak_memory_kib"], want.peak_memory_kib);

        let out = interleave(&["run", &path], "");
        let shown = text(&out.stdout);
        assert!(
            shown.contains(&format!(
                "p50 {}  p90 {}  p99 {}  max {}",
                want.p50, want.p90, want.p99, want.max
            )),
            "{shown}"
        );
        assert!(shown.contains("(holds)"), "{shown}");
    }
}

#[test]
fn a_system_with_bad_statements_fails_with_located_errors() {
    let err = refused("server a cores=1\ncores 2\nbalance leats\n");
    assert!(
        err.contains("-:2:1: the servers (line 1) bring their own cores"),
        "{err}"
    );
    assert!(err.contains("-:3:9: unknown balancer \"leats\""), "{err}");
    let out = interleave(
        &["sweep", "-", "--cores", "1,2"],
        "server a cores=1\nrequests r count=2 every=1: cpu 1\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cores come from its servers"));
}

/// A few lines whose numbers are each within their limits, but whose run would not
/// be (a quantum of 1 over two bursts of 10^9 ticks: two billion slices), are refused
/// before running, with exit 2 and the place to change; so is a sweep to such a point.
#[test]
fn runs_too_large_to_start_are_refused_in_words() {
    let rr1 = "cores 1\npolicy rr quantum=1\ntask a: cpu 999999999\ntask b: cpu 999999999\n";
    for command in [&["check", "-"][..], &["run", "-"], &["run", "-", "--json"]] {
        let out = interleave(command, rr1);
        assert_eq!(out.status.code(), Some(2), "{command:?}");
        let err = text(&out.stderr);
        assert!(
            err.starts_with("-:3:13: up to 4,000,000,004 events (2,000,000,000 slices)")
                && err.contains("raise the quantum or shorten the bursts"),
            "{err}"
        );
    }
    let fcfs = "cores 1\ntask a: cpu 999999999\ntask b: cpu 999999999\n";
    let out = interleave(&["check", "-"], fcfs);
    assert!(out.status.success());
    assert!(
        text(&out.stdout).contains("at most 8 events"),
        "{}",
        text(&out.stdout)
    );
    let out = interleave(&["sweep", "-", "--policies", "fcfs,rr:1"], fcfs);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("-: under rr quantum=1: up to 4,000,000,004 events"));
}

/// The program the explorer's bench explores, printed for another runner (the page's
/// worker bench) to explore the very same text.
#[test]
fn bench_explore_prints_the_program_it_explores() {
    let out = interleave(
        &["bench", "--explore", "--philosophers", "3", "--program"],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let program = text(&out.stdout);
    assert_eq!(program, interleave_sim::program::philosophers(3, false));
    assert!(program.contains("finally \"everyone eats\": meals == 3"));
    let out = interleave(&["bench", "--program"], "");
    assert!(!out.status.success(), "--program needs --explore");
}

#[test]
fn bench_requests_writes_the_draws_another_simulator_replays() {
    let dir = std::env::temp_dir().join(format!("interleave-draws-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let draws = dir.join("draws.txt");
    let out = interleave(
        &["bench", "--requests", "500", "--cores", "2", "--draws"],
        "",
    );
    assert!(!out.status.success(), "--draws needs a file");
    let out = Command::new(env!("CARGO_BIN_EXE_interleave"))
        .args(["bench", "--requests", "500", "--cores", "2", "--draws"])
        .arg(&draws)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("workload: M/M/2, 500 requests"),
        "{stdout}"
    );
    // The mean latency printed is the mean over the draws written, replayed here by
    // hand: two servers, first come first served.
    let rows: Vec<(u64, u64)> = std::fs::read_to_string(&draws)
        .unwrap()
        .lines()
        .map(|l| {
            let mut it = l.split(' ').map(|x| x.parse::<u64>().unwrap());
            (it.next().unwrap(), it.next().unwrap())
        })
        .collect();
    assert_eq!(rows.len(), 500);
    let mut free = [0u64; 2];
    let mut total = 0u64;
    for (arrive, service) in rows {
        let k = if free[0] <= free[1] { 0 } else { 1 };
        let done = free[k].max(arrive) + service;
        free[k] = done;
        total += done - arrive;
    }
    let line = stdout
        .lines()
        .find(|l| l.starts_with("mean latency:"))
        .unwrap();
    assert!(
        line.starts_with(&format!("mean latency: {:.3} ticks", total as f64 / 500.0)),
        "{line}"
    );
    for bad in [
        ["bench", "--requests", "0", "--cores", "2"],
        ["bench", "--requests", "10", "--cores", "0"],
    ] {
        let out = interleave(&bad, "");
        assert!(!out.status.success(), "{bad:?}");
        assert!(text(&out.stderr).contains("--"), "{bad:?}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// A queue scenario runs on the queue's own simulator: its figures as text (Little's
/// law checked on each group) and as JSON, where every group processed every message.
#[test]
fn run_prints_a_queue_s_figures() {
    let out = interleave(&["run", "scenarios/orders.scn"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("messages 2500 accepted, 0 dropped"),
        "{stdout}"
    );
    assert!(
        stdout.contains("group    shipping: 6 consumers (4 reading)"),
        "{stdout}"
    );
    assert_eq!(stdout.matches("(holds)").count(), 2, "{stdout}");

    let out = interleave(&["run", "scenarios/orders.scn", "--json"], "");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["accepted"], 2500);
    for g in v["groups"].as_array().unwrap() {
        assert_eq!(g["processed"], 2500, "{g}");
        for key in ["p50", "p90", "p99", "max", "throughput", "lag", "little"] {
            assert!(!g[key].is_null(), "{key}");
        }
    }
}

/// A queue scenario's errors are located like any other's, and the text is untouched.
#[test]
fn a_queue_scenario_with_a_capacity_of_0_is_refused_at_the_number() {
    let scenario =
        "queue q capacity=0\nproducer p count=5 every=1\ngroup g consumers=1: process 2\n";
    let out = interleave(&["run", "-"], scenario);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("1:18: a capacity of 0 holds no message"),
        "{}",
        text(&out.stderr)
    );
}
