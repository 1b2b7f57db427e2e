//! MLFQ agrees with OSTEP's reference simulator (`mlfq.py -c`) to the tick: for each
//! recorded argument list, the same response and turnaround for every job. The
//! expected figures are that simulator's outputs, kept in `ostep-mlfq.txt`.

use interleave_sim::{Outcome, parse, simulate};

/// One recorded run: `mlfq.py`'s arguments as a scenario.
struct Case {
    args: String,
    text: String,
    expected: Vec<(u64, u64)>,
}

/// OSTEP's job list and options (`-n -q -Q -a -A -B -i -S -I -l`, with its defaults)
/// as scenario text: a job `start,run,io` is a task of CPU bursts of `io` ticks with
/// an I/O of `-i` ticks after each, the last burst what is left.
fn scenario(args: &str) -> String {
    let words: Vec<&str> = args.split_whitespace().collect();
    let value = |flag: &str| words.iter().position(|w| *w == flag).map(|i| words[i + 1]);
    let list = |text: &str| -> Vec<u64> { text.split(',').map(|n| n.parse().unwrap()).collect() };
    let quanta = match value("-Q") {
        Some(q) => list(q),
        None => {
            let n: usize = value("-n").map_or(3, |n| n.parse().unwrap());
            vec![value("-q").map_or(10, |q| q.parse().unwrap()); n]
        }
    };
    let levels = quanta.len();
    let allotments: Vec<u64> = match value("-A") {
        // OSTEP allows 0 at the bottom level only, where it means the same as any.
        Some(a) => list(a).into_iter().map(|a| a.max(1)).collect(),
        None => vec![value("-a").map_or(1, |a| a.parse().unwrap()); levels],
    };
    let join = |v: &[u64]| v.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
    let io: u64 = value("-i").map_or(5, |i| i.parse().unwrap());
    let mut text = format!(
        "cores 1\npolicy mlfq levels={levels} quantum={} allotment={} boost={}{}{}\n",
        join(&quanta),
        join(&allotments),
        value("-B").unwrap_or("0"),
        if words.contains(&"-S") { " stay" } else { "" },
        if words.contains(&"-I") { " iobump" } else { "" },
    );
    for (i, job) in value("-l").unwrap().split(':').enumerate() {
        let [start, run, every] = list(job)[..] else {
            panic!("bad job {job}")
        };
        let mut steps = Vec::new();
        let mut left = run;
        while every > 0 && left > every {
            steps.push(format!("cpu {every}, io {io}"));
            left -= every;
        }
        steps.push(format!("cpu {left}"));
        text += &format!("task j{i} arrive={start}: {}\n", steps.join(", "));
    }
    text
}

fn cases() -> Vec<Case> {
    include_str!("ostep-mlfq.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let (args, figures) = line.split_once(" | ").unwrap();
            let expected = figures
                .split_whitespace()
                .map(|f| {
                    let (r, t) = f.split_once('/').unwrap();
                    (r.parse().unwrap(), t.parse().unwrap())
                })
                .collect();
            Case {
                args: args.to_string(),
                text: scenario(args),
                expected,
            }
        })
        .collect()
}

#[test]
fn every_recorded_run_of_ostep_s_mlfq_gives_the_same_figures() {
    let cases = cases();
    assert!(cases.len() >= 600, "{} cases", cases.len());
    let mut differ = Vec::new();
    for case in &cases {
        let scenario = parse(&case.text).unwrap_or_else(|e| panic!("{}\n{e}", case.text));
        let report = simulate(&scenario);
        assert_eq!(report.outcome, Outcome::Completed);
        let got: Vec<(u64, u64)> = report
            .tasks
            .iter()
            .map(|t| (t.response.unwrap(), t.turnaround.unwrap()))
            .collect();
        if got != case.expected {
            differ.push(format!(
                "{}\n  OSTEP:       {:?}\n  Interleave:  {got:?}",
                case.args, case.expected
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} runs differ:\n{}",
        differ.len(),
        cases.len(),
        differ.join("\n")
    );
}
