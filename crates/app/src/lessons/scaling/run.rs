//! The probe and the sweep themselves, on the visitor's workers. Each reports what it
//! does as it goes; the lesson's reducer (`state.rs`) keeps the figures.

use std::cell::RefCell;
use std::rc::Rc;

use interleave_par::{Kernel, PieceReport};

use super::state::{MOST, Probe, Report, Settings, agree};
use crate::components::status::{Started, StartedHandle};
use crate::pool::{self, CANCELLED, Canceller, Mode, Workers};

/// Starts `hint + 2` share-nothing workers, calibrates a loop of Monte Carlo points to
/// take about 30 ms on one, runs it a few times on all of them (every worker's code
/// warmed up), then times it on 1, 2, ... of them at once, keeping the best of three.
pub(super) async fn probe_cores(hint: u32) -> Result<Probe, String> {
    let most = (hint + 2).clamp(3, MOST) as usize;
    let mut workers = Workers::start(Mode::MessagePassing, most as u32).await?;
    let mut size = 250_000u64;
    while workers.probe(Kernel::Pi, size, 1).await? < 30.0 && size < 1 << 32 {
        size *= 2;
    }
    // Warm-up: every worker runs the loop a few times first, so that the browser has
    // compiled it with its optimizing tier before anything is timed.
    for _ in 0..4 {
        workers.probe(Kernel::Pi, size, most).await?;
    }
    pool::settle().await;
    let mut times_ms = Vec::with_capacity(most);
    for k in 1..=most {
        let mut best = f64::INFINITY;
        for _ in 0..3 {
            best = best.min(workers.probe(Kernel::Pi, size, k).await?);
        }
        times_ms.push(best);
    }
    Probe::of(times_ms).ok_or_else(|| "the probe measured nothing".into())
}

/// What a sweep needs from the page: where to report, whether it is still wanted (a
/// cancel or a newer sweep ends it), where to leave the running workers' canceller,
/// and the status line's record of what was started.
pub(super) struct Sweeper<R, L> {
    pub report: R,
    pub wanted: L,
    pub canceller: Rc<RefCell<Option<Canceller>>>,
    pub started: Option<StartedHandle>,
}

/// Untimed runs on every new set of workers before anything is timed.
const WARM_RUNS: u32 = 2;

impl<R: Fn(Report), L: Fn() -> bool> Sweeper<R, L> {
    fn check(&self) -> Result<(), String> {
        if (self.wanted)() {
            Ok(())
        } else {
            Err(CANCELLED.to_string())
        }
    }

    /// Runs the sweep: for each mode, for 1 to `upto` workers, one warm-up run and
    /// `reps` timed runs, each checked against the first run's answer. Stops at the
    /// first error, or when the sweep is no longer wanted.
    pub(super) async fn run(&self, settings: Settings) -> Result<(), String> {
        let mut first = None;
        for mode in settings.modes() {
            let mut workers: Option<Workers> = None;
            for w in 1..=settings.upto {
                // Shared memory: a pool of exactly `w` threads. Message passing: `upto`
                // workers started once, of which the first `w` get pieces.
                if workers.is_none() || mode == Mode::SharedMemory {
                    // The old pool goes first, so that it does not compete with the new.
                    drop(workers.take());
                    let count = match mode {
                        Mode::SharedMemory => w,
                        Mode::MessagePassing => settings.upto,
                    };
                    workers = Some(self.start(mode, count, settings).await?);
                }
                let set = workers.as_mut().ok_or("no workers")?;
                for rep in 0..=settings.reps {
                    (self.report)(Report::Running {
                        mode,
                        workers: w,
                        rep,
                    });
                    let t0 = pool::now();
                    let run = {
                        let mut batch = Batch::new(&self.report);
                        set.parallel_on(
                            settings.kernel,
                            settings.size,
                            settings.serial_items(),
                            settings.pieces(),
                            w as usize,
                            &mut |piece| batch.push(piece),
                        )
                        .await?
                    };
                    let ms = pool::now() - t0;
                    self.check()?;
                    agree(&mut first, run.value, mode, w)?;
                    (self.report)(Report::Ran { rep, ms, run });
                }
            }
        }
        Ok(())
    }

    /// Starts a set of workers and warms it up. Browsers compile hot wasm again,
    /// optimised, only once it has run for a while: new workers first run the job
    /// untimed, every one of them, so that no worker count is timed on slower code
    /// than another.
    async fn start(&self, mode: Mode, count: u32, settings: Settings) -> Result<Workers, String> {
        (self.report)(Report::Starting { mode, count });
        let mut set = Workers::start(mode, count).await?;
        self.check()?;
        if let Some(started) = &self.started {
            started.set(Started {
                workers: Some((set.mode(), set.threads)),
            });
        }
        *self.canceller.borrow_mut() = Some(set.canceller());
        (self.report)(Report::Started {
            mode,
            count,
            ms: set.start_ms,
        });
        for _ in 0..WARM_RUNS {
            set.warm_up(settings.kernel, settings.size, settings.pieces())
                .await?;
            self.check()?;
        }
        Ok(set)
    }
}

/// Pieces as they come back, reported at most ten times a second (and the rest at the
/// end), so that drawing them costs the measurement little.
struct Batch<'a, R: Fn(Report)> {
    report: &'a R,
    pieces: Vec<PieceReport>,
    sent: f64,
}

impl<'a, R: Fn(Report)> Batch<'a, R> {
    fn new(report: &'a R) -> Self {
        Batch {
            report,
            pieces: Vec::new(),
            sent: pool::now(),
        }
    }

    fn push(&mut self, piece: &PieceReport) {
        self.pieces.push(*piece);
        let now = pool::now();
        if now - self.sent > 100.0 {
            self.sent = now;
            (self.report)(Report::Pieces(std::mem::take(&mut self.pieces)));
        }
    }
}

impl<R: Fn(Report)> Drop for Batch<'_, R> {
    fn drop(&mut self) {
        if !self.pieces.is_empty() {
            (self.report)(Report::Pieces(std::mem::take(&mut self.pieces)));
        }
    }
}
