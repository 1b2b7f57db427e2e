//! What the visitor's machine just did, replayed on the simulator. A job measured on
//! one worker (each piece's time, the hand-out between pieces, the start-up around
//! them) becomes a scenario: pieces as tasks, workers as cores, the start-up as the
//! pieces' arrival and the hand-out as the switch cost a worker pays for its next
//! piece. Simulated for N workers, it predicts the time N workers take; set beside the
//! measured time, the gap has a cause, found from the measurements: more workers than
//! cores, pieces that got slower when run together, or time lost around the pieces.

use interleave_sim::{Limits, Policy, Report, Scenario, Step, Task, Tick, simulate};

/// Simulated time per tick, in milliseconds: a tick is 10 µs.
pub const TICK_MS: f64 = 0.01;

/// Within this many percent, the simulation is said to explain the run.
pub const CLOSE_PCT: f64 = 5.0;

/// When one piece ran on its worker, in milliseconds on one clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    pub start_ms: f64,
    pub end_ms: f64,
}

impl Timing {
    fn ms(self) -> f64 {
        (self.end_ms - self.start_ms).max(0.0)
    }
}

/// A job measured on one worker.
#[derive(Debug, Clone, PartialEq)]
pub struct OneWorker {
    /// The part that runs alone before the others are handed out, if the job has one.
    pub serial_ms: Option<f64>,
    /// Each other piece's time, in the order they are handed out.
    pub pieces_ms: Vec<f64>,
    /// The mean wait from one piece's end to the next one's start: handing it out.
    pub handout_ms: f64,
    /// The rest of the wall time: from the request to the first piece, and from the
    /// last piece to the result.
    pub startup_ms: f64,
}

impl OneWorker {
    /// One run on one worker: its pieces in the order handed out (the first is the
    /// serial part when `serial` says so), and its wall time from request to result.
    /// `None` without pieces, or with a figure that is not a number.
    pub fn measure(pieces: &[Timing], serial: bool, wall_ms: f64) -> Option<OneWorker> {
        let finite = |t: &Timing| t.start_ms.is_finite() && t.end_ms.is_finite();
        if pieces.is_empty() || !wall_ms.is_finite() || !pieces.iter().all(finite) {
            return None;
        }
        let mut by_start = pieces.to_vec();
        by_start.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms));
        let gaps: Vec<f64> = by_start
            .windows(2)
            .map(|w| (w[1].start_ms - w[0].end_ms).max(0.0))
            .collect();
        let handout_ms = if gaps.is_empty() {
            0.0
        } else {
            gaps.iter().sum::<f64>() / gaps.len() as f64
        };
        let first = by_start[0].start_ms;
        let last = by_start.iter().map(|t| t.end_ms).fold(first, f64::max);
        let (serial_ms, rest) = match pieces.split_first() {
            Some((head, rest)) if serial && !rest.is_empty() => (Some(head.ms()), rest),
            _ => (None, pieces),
        };
        Some(OneWorker {
            serial_ms,
            pieces_ms: rest.iter().map(|t| t.ms()).collect(),
            handout_ms,
            startup_ms: (wall_ms - (last - first)).max(0.0),
        })
    }

    /// Several runs of the same job in one: each piece's mean time, the mean hand-out
    /// and start-up. `None` without runs, or if they do not have the same pieces.
    pub fn mean(runs: &[OneWorker]) -> Option<OneWorker> {
        let first = runs.first()?;
        let same = |r: &OneWorker| {
            r.pieces_ms.len() == first.pieces_ms.len()
                && r.serial_ms.is_some() == first.serial_ms.is_some()
        };
        if !runs.iter().all(same) {
            return None;
        }
        let n = runs.len() as f64;
        let mean = |f: &dyn Fn(&OneWorker) -> f64| runs.iter().map(f).sum::<f64>() / n;
        Some(OneWorker {
            serial_ms: first
                .serial_ms
                .map(|_| mean(&|r| r.serial_ms.unwrap_or(0.0))),
            pieces_ms: (0..first.pieces_ms.len())
                .map(|i| mean(&|r| r.pieces_ms[i]))
                .collect(),
            handout_ms: mean(&|r| r.handout_ms),
            startup_ms: mean(&|r| r.startup_ms),
        })
    }

    /// The time spent in pieces, the serial part included.
    pub fn work_ms(&self) -> f64 {
        self.serial_ms.unwrap_or(0.0) + self.pieces_ms.iter().sum::<f64>()
    }

    /// The scenario of the job on `workers` workers, with what each figure stands for.
    pub fn text(&self, workers: u32) -> String {
        let scenario = self.scenario(workers);
        let mut text = format!(
            "# What your machine did, replayed: the job as measured on 1 worker, run on {workers}.\n\
             # A tick is 10 \u{b5}s. Each piece is a task as long as it took on 1 worker;\n\
             # each worker is a core. The pieces arrive after the start-up ({:.2} ms), and a\n\
             # worker pays the hand-out ({:.3} ms) as a switch cost for each next piece.\n\
             cores {workers}\npolicy fcfs\nswitch {}\n\n",
            self.startup_ms, self.handout_ms, scenario.switch_cost
        );
        for task in &scenario.tasks {
            if task.name == "serial" {
                text.push_str(
                    "# The serial part runs alone; the pieces are handed out once it is done.\n",
                );
            }
            let cpu = match task.steps[..] {
                [Step::Cpu(cpu)] => cpu,
                _ => 0,
            };
            text.push_str(&format!(
                "task {} arrive={}: cpu {cpu}\n",
                task.name, task.arrive
            ));
        }
        text
    }

    /// The scenario the text is written from, built in code: the page that replays a run
    /// then holds no parser (a test holds that the text reads as it).
    pub fn scenario(&self, workers: u32) -> Scenario {
        let piece = |name: String, arrive: Tick, cpu: Tick| Task {
            name,
            arrive,
            priority: 0,
            steps: vec![Step::Cpu(cpu)],
            server: None,
            parent: None,
            backup_of: None,
        };
        let mut tasks = Vec::with_capacity(self.pieces_ms.len() + 1);
        let mut arrive = ticks(self.startup_ms);
        if let Some(serial) = self.serial_ms {
            let serial = ticks(serial).max(1);
            tasks.push(piece("serial".into(), arrive, serial));
            arrive += serial;
        }
        for (i, ms) in self.pieces_ms.iter().enumerate() {
            tasks.push(piece(format!("piece{}", i + 1), arrive, ticks(*ms).max(1)));
        }
        Scenario {
            cores: workers,
            policy: Policy::Fcfs,
            switch_cost: ticks(self.handout_ms),
            tasks,
            ..Scenario::default()
        }
    }

    /// The simulated run on `workers` workers, and its wall time in milliseconds
    /// (from the request, at tick 0, to the last piece's end).
    ///
    /// `Err` where the parser would refuse the text: more workers than the simulator's
    /// cores, or a piece arriving past its limit on ticks (figures of hours). (Not
    /// [`Scenario::validate`], whose checks of every kind of scenario the page that
    /// replays a run would then hold; a test holds the two the same here.)
    pub fn predict(&self, workers: u32) -> Result<(Report, f64), String> {
        let scenario = self.scenario(workers);
        let limits = Limits::default();
        if !(1..=limits.cores).contains(&workers) {
            return Err(format!(
                "{workers} workers: the simulator runs 1 to {} cores",
                limits.cores
            ));
        }
        if scenario.tasks.iter().any(|t| t.arrive > limits.ticks) {
            return Err(format!(
                "the pieces arrive past the simulator's limit of {} ticks",
                limits.ticks
            ));
        }
        let report = simulate(&scenario);
        let end = report
            .tasks
            .iter()
            .filter_map(|t| t.completion)
            .max()
            .unwrap_or(0);
        Ok((report, end as f64 * TICK_MS))
    }
}

fn ticks(ms: f64) -> Tick {
    let limit = Limits::default().ticks;
    (ms.max(0.0) / TICK_MS).round().min(limit as f64) as Tick
}

/// A run on `workers` workers as measured: its wall time, and the time its pieces took
/// together (summed over the workers).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    pub workers: u32,
    pub wall_ms: f64,
    pub work_ms: f64,
}

/// The prediction beside the measurement, and what explains most of the difference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gap {
    pub workers: u32,
    pub predicted_ms: f64,
    pub measured_ms: f64,
    /// (measured - predicted) / predicted, in percent.
    pub error_pct: f64,
    pub cause: Cause,
}

/// The part of the difference that the measurements put the most of.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cause {
    /// More workers than the cores the machine runs at once (measured by the probe, or
    /// as the browser reports): they took turns, which made their pieces longer.
    Cores { cores: u32 },
    /// The pieces together took this many percent more time (less, if negative) than
    /// on one worker.
    Pieces { pct: f64 },
    /// This much more time (less, if negative) went outside the pieces than the
    /// hand-outs and start-up on one worker account for.
    Around { ms: f64 },
}

impl Gap {
    /// Sets the measurement beside the prediction: the difference the pieces' own
    /// slowdown makes (their extra time shared by the workers) against the rest.
    /// `cores`: how many workers the machine was measured to run at once, if known.
    /// None when the prediction is of no time (a run too short to time), since no
    /// difference can be said in percent of it.
    pub fn of(one: &OneWorker, predicted_ms: f64, at: Measured, cores: Option<u32>) -> Option<Gap> {
        let workers = at.workers.max(1);
        let gap = at.wall_ms - predicted_ms;
        let error_pct = percent(gap, predicted_ms)?;
        let pieces = (at.work_ms - one.work_ms()) / f64::from(workers);
        let around = gap - pieces;
        let slower = percent(at.work_ms - one.work_ms(), one.work_ms());
        let cause = match (cores, slower) {
            _ if pieces.abs() < around.abs() => Cause::Around { ms: around },
            (Some(cores), _) if pieces > 0.0 && cores < workers => Cause::Cores { cores },
            (_, Some(pct)) => Cause::Pieces { pct },
            // The pieces took no time on one worker: no share of it to say.
            (_, None) => Cause::Around { ms: around },
        };
        Some(Gap {
            workers,
            predicted_ms,
            measured_ms: at.wall_ms,
            error_pct,
            cause,
        })
    }

    pub fn close(&self) -> bool {
        self.error_pct.abs() <= CLOSE_PCT
    }

    /// The gap in words: how close, and the cause.
    pub fn sentence(&self) -> String {
        let n = self.workers;
        let head = if self.close() {
            format!(
                "The simulation is within {CLOSE_PCT:.0} % of your machine: on {n} workers \
                 the pieces took about as long as on one, and the hand-outs cost what they \
                 cost on one. What difference there is comes mostly from this: "
            )
        } else if self.error_pct > 0.0 {
            format!(
                "Your machine took {:.0} % longer than the simulation, and the measurements \
                 put most of the difference on this: ",
                self.error_pct
            )
        } else {
            format!(
                "Your machine took {:.0} % less time than the simulation, and the \
                 measurements put most of the difference on this: ",
                -self.error_pct
            )
        };
        let cause = match self.cause {
            Cause::Cores { cores } => format!(
                "this machine runs only {} at once, so {n} workers took turns on {} and \
                 each piece took longer; the simulation gives every worker a core of its own.",
                counted(cores, "worker"),
                counted(cores, "core")
            ),
            Cause::Pieces { pct } if pct >= 0.0 => format!(
                "the pieces took {pct:.0} % longer together with {n} workers running than on \
                 one: the cores share memory bandwidth and caches, and a chip with every core \
                 busy runs at a lower clock. The simulation keeps each piece as long as on one \
                 worker."
            ),
            Cause::Pieces { pct } => format!(
                "the pieces took {:.0} % less time together with {n} workers than on one: \
                 warmer caches or a higher clock than during the run on one worker.",
                -pct
            ),
            Cause::Around { ms } if ms >= 0.0 => format!(
                "{ms:.1} ms more went outside the pieces than the start-up and hand-outs \
                 measured on one worker account for: handing out and collecting pieces on a \
                 page that also draws, messages that wait, and workers the system did not \
                 start at once."
            ),
            Cause::Around { ms } => format!(
                "{:.1} ms less went outside the pieces than on one worker: the hand-outs to \
                 several workers overlapped with their work.",
                -ms
            ),
        };
        head + &cause
    }
}

fn counted(n: u32, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// `part` in percent of `whole`; none of nothing (not 0, which would read as "no
/// difference").
fn percent(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0 && part.is_finite()).then(|| 100.0 * part / whole)
}

#[cfg(test)]
mod tests;
