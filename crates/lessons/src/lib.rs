//! Interleave's lessons as data: each preset is a scenario and the one claim it lets a
//! learner see; `claim_holds` checks the claim against the simulator ("demos are
//! tests"). The app offers the presets; the tests below keep every claim true.

pub mod cards;
pub mod event_loop;
pub mod programs;
pub mod queue;
pub mod replay;
pub mod responsive;
pub mod systems;
pub mod tour;

#[cfg(any(test, feature = "claims"))]
use interleave_sim::{Policy, Report, simulate};
use interleave_sim::{Scenario, parse};

/// A scenario for the scheduler lab and what it teaches.
#[derive(Debug)]
pub struct Preset {
    pub id: &'static str,
    pub title: &'static str,
    pub claim: &'static str,
    pub text: &'static str,
    /// Checks the claim on the simulator; `Err` says what does not hold.
    #[cfg(any(test, feature = "claims"))]
    pub check: fn(&Scenario) -> Result<(), String>,
}

pub static PRESETS: &[Preset] = &[
    Preset {
        id: "chef",
        title: "One chef, three orders",
        claim: "Taking turns on one core starts every order soon; three cores finish them all sooner.",
        text: include_str!("presets/chef.scn"),
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let fcfs = run(s, |s| s.policy = Policy::Fcfs);
            let rr = run(s, |_| {});
            let three = run(s, |s| s.cores = 3);
            expect(
                rr.averages().response < fcfs.averages().response,
                "round robin responds sooner than FCFS",
            )?;
            expect(
                three.makespan < rr.makespan,
                "three cores finish sooner than one",
            )
        },
    },
    Preset {
        id: "cpu-bound",
        title: "CPU-bound batch",
        claim: "Four tasks that only compute finish four times sooner on four cores.",
        text: include_str!("presets/cpu_bound.scn"),
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let one = run(s, |s| s.cores = 1);
            let four = run(s, |s| s.cores = 4);
            expect(
                one.makespan == 4 * four.makespan,
                "the makespan divides by four",
            )
        },
    },
    Preset {
        id: "io-bound",
        title: "I/O-bound web requests",
        claim: "Requests that mostly wait barely gain from more cores: their waits already overlap on one.",
        text: include_str!("presets/io_bound.scn"),
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let one = run(s, |s| s.cores = 1);
            let four = run(s, |s| s.cores = 4);
            expect(
                (one.makespan as f64) < 1.2 * four.makespan as f64,
                "four cores gain less than 20 %",
            )?;
            expect(one.utilization() < 0.5, "one core is mostly idle")
        },
    },
    Preset {
        id: "mixed",
        title: "Mixed: crunchers and chatty tasks",
        claim: "While the chatty tasks wait for I/O, the crunchers use the core: one core stays over \
                90 % busy, and the waits for I/O overlap.",
        text: include_str!("presets/mixed.scn"),
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let r = run(s, |_| {});
            let io_ticks: u64 = r.tasks.iter().map(|t| t.io).sum();
            expect(r.utilization() > 0.9, "the core is over 90 % busy")?;
            expect(
                io_ticks > r.makespan,
                "more ticks of I/O than of wall time: the waits overlap",
            )
        },
    },
    Preset {
        id: "convoy",
        title: "The convoy effect",
        claim: "Behind one long task, short tasks wait under FCFS; SJF lets them go first.",
        text: include_str!("presets/convoy.scn"),
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let fcfs = run(s, |_| {});
            let sjf = run(s, |s| s.policy = Policy::Sjf);
            expect(
                fcfs.averages().waiting > 3.0 * sjf.averages().waiting,
                "FCFS waits over three times longer",
            )
        },
    },
    Preset {
        id: "short-job-first",
        title: "Shortest job first",
        claim: "Running the shortest job first gives the smallest average waiting time of any order.",
        text: include_str!("presets/short_job_first.scn"),
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let sjf = run(s, |_| {}).averages().waiting;
            // Every order of the four jobs under FCFS: none waits less on average.
            let mut order: Vec<usize> = (0..s.tasks.len()).collect();
            let mut best = f64::INFINITY;
            permutations(&mut order, 0, &mut |o| {
                let mut fcfs = s.clone();
                fcfs.policy = Policy::Fcfs;
                fcfs.tasks = o.iter().map(|&i| s.tasks[i].clone()).collect();
                best = best.min(simulate(&fcfs).averages().waiting);
            });
            expect(sjf <= best, "no order of the jobs waits less than SJF's")?;
            expect(
                (sjf - 7.0).abs() < 1e-9,
                "SJF's average waiting is 7 (the textbook answer)",
            )
        },
    },
    Preset {
        id: "tiny-quantum",
        title: "Quantum too small",
        claim: "With a one-tick quantum and a one-tick switch, switching takes about half of \
                the core's time.",
        text: include_str!("presets/tiny_quantum.scn"),
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let r = run(s, |_| {});
            // The core's time, switches and work: 17 switches of 1 tick, 18 ticks of work.
            let switching = (r.context_switches * s.switch_cost) as f64 / r.makespan as f64;
            expect(
                (0.4..=0.6).contains(&switching),
                "switching takes 40 to 60 % of the run",
            )?;
            expect(
                (0.4..=0.6).contains(&r.utilization()),
                "the core works 40 to 60 % of the run",
            )?;
            let coarse = run(s, |s| s.policy = Policy::RoundRobin { quantum: 5 });
            expect(
                coarse.makespan < r.makespan,
                "a larger quantum finishes sooner",
            )
        },
    },
    Preset {
        id: "huge-quantum",
        title: "Quantum too large",
        claim: "With a quantum longer than any burst, round robin is just FCFS.",
        text: include_str!("presets/huge_quantum.scn"),
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let rr = run(s, |_| {});
            let fcfs = run(s, |s| s.policy = Policy::Fcfs);
            expect(
                rr.trace.cores == fcfs.trace.cores,
                "the same timeline as FCFS",
            )
        },
    },
    Preset {
        id: "one-long-task",
        title: "Many cores, one long task",
        claim: "Eight cores cannot make one long task shorter: the makespan is that task's length.",
        text: include_str!("presets/one_long_task.scn"),
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let r = run(s, |_| {});
            expect(r.makespan == 40, "the makespan is the long task's 40 ticks")?;
            expect(r.utilization() < 0.25, "most of the cores idle")
        },
    },
    Preset {
        id: "mlfq-long-job",
        title: "MLFQ: a long job alone",
        claim: "A job starts at the top level and moves down one each time it uses up its slice: \
                after two slices of 10 ticks it is at the bottom (OSTEP, figure 8.2).",
        text: include_str!("presets/mlfq_long_job.scn"),
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let r = run(s, |_| {});
            expect(
                r.trace.levels(1)[0] == [(10, 1), (20, 2)],
                "it moves to level 1 at tick 10 and to level 2 at tick 20",
            )
        },
    },
    Preset {
        id: "mlfq-short-job",
        title: "MLFQ: a short job arrives",
        claim: "MLFQ takes every new job for a short one: arriving at 100 behind a long job at the \
                bottom, it runs at once and is done in 20 ticks, before it reaches the bottom \
                (OSTEP, figure 8.3).",
        text: include_str!("presets/mlfq_short_job.scn"),
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let r = run(s, |_| {});
            let short = &r.tasks[1];
            expect(
                short.response == Some(0) && short.turnaround == Some(20),
                "the short job runs at once and finishes in 20 ticks",
            )?;
            expect(
                r.trace.levels(2)[1].iter().all(|&(_, level)| level < 2),
                "it never reaches the bottom level",
            )
        },
    },
    Preset {
        id: "mlfq-io",
        title: "MLFQ: an interactive job",
        claim: "A job that runs a tick at a time between I/Os uses its slice slowly: it stays at \
                the top, and gets the core the moment its I/O is done (OSTEP, figure 8.4).",
        text: include_str!("presets/mlfq_io.scn"),
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let r = run(s, |_| {});
            expect(
                r.trace.levels(2)[1].is_empty(),
                "the interactive job never moves down",
            )?;
            expect(r.tasks[1].waiting == 0, "it never waits for the core")
        },
    },
    Preset {
        id: "mlfq-starvation",
        title: "MLFQ: starvation and the boost",
        claim: "Two interactive jobs keep the top level busy, and the long job at the bottom gets \
                no tick while they run; with boost=50 it gets a slice every 50 ticks and \
                finishes sooner (OSTEP, figure 8.5).",
        text: include_str!("presets/mlfq_starvation.scn"),
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let starved = run(s, |_| {});
            let boosted = run(s, |s| {
                if let Policy::Mlfq(m) = &mut s.policy {
                    m.boost = 50;
                }
            });
            let window = |r: &Report| {
                let (from, to) = (100, r.tasks[1].completion.unwrap_or(0));
                r.trace.cores[0]
                    .iter()
                    .filter(|x| x.task == 0 && !x.switch)
                    .map(|x| x.end.min(to).saturating_sub(x.start.max(from)))
                    .sum::<u64>()
            };
            expect(
                window(&starved) == 0,
                "without a boost, the long job runs no tick while the interactive jobs run",
            )?;
            expect(
                window(&boosted) > 0,
                "with boost=50, it runs while they run",
            )?;
            expect(
                boosted.tasks[0].completion < starved.tasks[0].completion,
                "with boost=50, it finishes sooner",
            )
        },
    },
    Preset {
        id: "mlfq-gaming",
        title: "MLFQ: gaming the scheduler",
        claim: "A job that asks for I/O just before its slice ends never moves down when giving up \
                the core starts its level afresh (stay), and takes most of the core; counting \
                its allotment across I/O moves it down like any other (OSTEP, figure 8.6).",
        text: include_str!("presets/mlfq_gaming.scn"),
        #[cfg(any(test, feature = "claims"))]
        check: |s| {
            let gamed = run(s, |_| {});
            let fixed = run(s, |s| {
                if let Policy::Mlfq(m) = &mut s.policy {
                    m.stay = false;
                }
            });
            let share = |r: &Report| {
                let gamer = &r.tasks[1];
                gamer.running as f64 / gamer.turnaround.unwrap_or(1).max(1) as f64
            };
            expect(
                gamed.trace.levels(2)[1].is_empty(),
                "with stay, the gaming job never moves down",
            )?;
            expect(
                share(&gamed) > 0.8,
                "with stay, it takes over 80 % of the core while it runs",
            )?;
            expect(
                !fixed.trace.levels(2)[1].is_empty() && share(&fixed) < share(&gamed),
                "without stay, it moves down and gets less of the core",
            )
        },
    },
];

pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

impl Preset {
    pub fn scenario(&self) -> Scenario {
        parse(self.text).unwrap_or_else(|e| panic!("preset {}: {e}", self.id))
    }

    #[cfg(any(test, feature = "claims"))]
    pub fn claim_holds(&self) -> Result<(), String> {
        (self.check)(&self.scenario())
    }
}

#[cfg(any(test, feature = "claims"))]
fn run(s: &Scenario, change: impl FnOnce(&mut Scenario)) -> Report {
    let mut s = s.clone();
    change(&mut s);
    simulate(&s)
}

#[cfg(any(test, feature = "claims"))]
/// Calls `f` with every ordering of `items[k..]` (after `items[..k]`).
fn permutations(items: &mut Vec<usize>, k: usize, f: &mut impl FnMut(&[usize])) {
    if k == items.len() {
        f(items);
        return;
    }
    for i in k..items.len() {
        items.swap(k, i);
        permutations(items, k + 1, f);
        items.swap(k, i);
    }
}

#[cfg(any(test, feature = "claims"))]
/// `Ok` if the claim's part `what` holds, else an error that says what was expected.
pub(crate) fn expect(ok: bool, what: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("expected: {what}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_parses_and_its_claim_holds() {
        for preset in PRESETS {
            assert_eq!(
                preset.claim_holds(),
                Ok(()),
                "{}: {}",
                preset.id,
                preset.claim
            );
        }
    }

    #[test]
    fn ids_are_unique() {
        for (i, a) in PRESETS.iter().enumerate() {
            assert!(PRESETS[i + 1..].iter().all(|b| b.id != a.id), "{}", a.id);
        }
    }
}
