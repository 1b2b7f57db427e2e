//! The sweep itself: for each mode and worker count, a warm-up run and the timed runs
//! on the visitor's workers, each checked against the first run's answer.

use super::*;

/// Runs the sweep: for each mode, for 1 to `upto` workers, one warm-up run and
/// `reps` timed runs, updating `state` as it goes. Stops at the first error, or when
/// `stop` is set (the Cancel button, which also terminates the running workers).
pub(super) async fn run_sweep(
    number: u32,
    settings: Settings,
    state: &UseStateHandle<Rc<Sweep>>,
    canceller: &Rc<RefCell<Option<Canceller>>>,
    stop: &Rc<Cell<bool>>,
    started: Option<&StartedHandle>,
) {
    let mut data = Sweep {
        number,
        settings: Some(settings),
        ..Sweep::default()
    };
    let total = settings.modes().len() as u32 * settings.upto * (settings.reps + 1);
    let result = sweep_into(&mut data, total, state, canceller, stop, started).await;
    canceller.borrow_mut().take();
    data.status = match result {
        Ok(()) => Status::Done,
        Err(message) if message == CANCELLED || stop.get() => Status::Cancelled,
        Err(message) => Status::Failed(message),
    };
    state.set(Rc::new(data));
}

/// Untimed runs on every new set of workers before anything is timed.
const WARM_RUNS: u32 = 2;

/// Runs the job untimed, [`WARM_RUNS`] times, on every worker of a new set.
async fn warm_up(
    set: &mut Workers,
    settings: Settings,
    check: &impl Fn() -> Result<(), String>,
) -> Result<(), String> {
    for _ in 0..WARM_RUNS {
        let (all, pieces) = (set.threads as usize, settings.pieces());
        set.parallel_on(settings.kernel, settings.size, 0, pieces, all, &mut |_| {})
            .await?;
        check()?;
    }
    Ok(())
}

async fn sweep_into(
    data: &mut Sweep,
    total: u32,
    state: &UseStateHandle<Rc<Sweep>>,
    canceller: &Rc<RefCell<Option<Canceller>>>,
    stop: &Rc<Cell<bool>>,
    started: Option<&StartedHandle>,
) -> Result<(), String> {
    let settings = data.settings.ok_or("no settings")?;
    let check = || {
        if stop.get() {
            Err(CANCELLED.to_string())
        } else {
            Ok(())
        }
    };
    let mut done = 0u32;
    for mode in settings.modes() {
        let mut workers: Option<Workers> = None;
        for w in 1..=settings.upto {
            data.status = Status::Running {
                done,
                total,
                label: format!("Starting {}\u{2026}", describe_set(mode, w)),
            };
            state.set(Rc::new(data.clone()));
            // Shared memory: a pool of exactly `w` threads. Message passing: `upto`
            // workers started once, of which the first `w` get pieces.
            let mut start_ms = None;
            let needs_start = match (&workers, mode) {
                (None, _) => true,
                (Some(_), Mode::SharedMemory) => true,
                (Some(_), Mode::MessagePassing) => false,
            };
            if needs_start {
                // The old pool goes first, so that it does not compete with the new one.
                drop(workers.take());
                let count = match mode {
                    Mode::SharedMemory => w,
                    Mode::MessagePassing => settings.upto,
                };
                let set = Workers::start(mode, count).await?;
                check()?;
                start_ms = Some(set.start_ms);
                if let Some(started) = started {
                    started.set(Started {
                        workers: Some((set.mode(), set.threads)),
                    });
                }
                *canceller.borrow_mut() = Some(set.canceller());
                workers = Some(set);
                // Browsers compile hot wasm again, optimised, only once it has run for
                // a while: new workers first run the job untimed, every one of them, so
                // that no worker count is timed on slower code than another.
                data.status = Status::Running {
                    done,
                    total,
                    label: format!("Warming up {}\u{2026}", describe_set(mode, count)),
                };
                state.set(Rc::new(data.clone()));
                warm_up(workers.as_mut().ok_or("no workers")?, settings, &check).await?;
            }
            let set = workers.as_mut().ok_or("no workers")?;
            let mut point = Measured {
                mode,
                workers: w,
                times_ms: Vec::new(),
                overhead_ms: Vec::new(),
                start_ms,
            };
            for rep in 0..=settings.reps {
                data.status = Status::Running {
                    done,
                    total,
                    label: if rep == 0 {
                        format!("{}: warm-up run", describe_set(mode, w))
                    } else {
                        format!("{}: run {rep} of {}", describe_set(mode, w), settings.reps)
                    },
                };
                data.live = Live {
                    mode: Some(mode),
                    workers: w,
                    pieces: Vec::new(),
                };
                state.set(Rc::new(data.clone()));
                let t0 = pool::now();
                let mut painted = t0;
                let run = {
                    let snapshot = (*data).clone();
                    let live = &mut data.live.pieces;
                    let mut on_piece = |report: &PieceReport| {
                        live.push(*report);
                        // Draw at most ten times a second while measuring.
                        let now = pool::now();
                        if now - painted > 100.0 {
                            painted = now;
                            let mut shown = snapshot.clone();
                            shown.live.pieces = live.clone();
                            state.set(Rc::new(shown));
                        }
                    };
                    set.parallel_on(
                        settings.kernel,
                        settings.size,
                        settings.serial_items(),
                        settings.pieces(),
                        w as usize,
                        &mut on_piece,
                    )
                    .await?
                };
                let ms = pool::now() - t0;
                check()?;
                match data.value {
                    None => data.value = Some(run.value),
                    Some(v) if v != run.value => {
                        return Err(format!(
                            "{} gave {} where the first run gave {}",
                            describe_set(mode, w),
                            run.value,
                            v
                        ));
                    }
                    Some(_) => {}
                }
                if rep > 0 {
                    let first = run
                        .pieces
                        .iter()
                        .map(|p| p.start_ms)
                        .fold(f64::INFINITY, f64::min);
                    let last = run
                        .pieces
                        .iter()
                        .map(|p| p.end_ms)
                        .fold(f64::NEG_INFINITY, f64::max);
                    point.times_ms.push(ms);
                    if first.is_finite() && last.is_finite() {
                        point.overhead_ms.push((ms - (last - first)).max(0.0));
                    }
                }
                done += 1;
            }
            data.points.push(point);
        }
    }
    data.live.mode = None;
    Ok(())
}

fn describe_set(mode: Mode, w: u32) -> String {
    let plural = if w == 1 { "" } else { "s" };
    match mode {
        Mode::SharedMemory => format!("shared memory, a pool of {w} thread{plural}"),
        Mode::MessagePassing => format!("message passing, {w} worker{plural}"),
    }
}
