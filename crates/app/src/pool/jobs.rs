//! The kernels' jobs on the set: a job on one worker and on all of them, handed out a
//! piece at a time by message passing or run whole on the shared-memory pool; the
//! probe of how many workers run at once, and the race on one shared counter.

use interleave_par::race::{Increment, RaceReport};
use interleave_par::{Kernel, Piece, PieceReport, Run};
use interleave_protocol::{Reply, Request};

use super::{Mode, Received, Workers, now, settle};

impl Workers {
    /// Runs `kernel` on one thread, worker 0 (in shared memory, the coordinator itself,
    /// outside the pool): in `pieces` pieces one after another, each handed out when
    /// the last one is back, so that each piece is timed on its own. The sort, whose
    /// pieces need a second round, runs whole.
    pub async fn alone(&mut self, kernel: Kernel, size: u64, pieces: u32) -> Result<Run, String> {
        let pieces = if kernel.additive() {
            interleave_par::pieces::split(0, size, pieces)
        } else {
            vec![Piece {
                index: 0,
                lo: 0,
                hi: size,
            }]
        };
        self.run_pieces(kernel, size, pieces, 1, &mut |_| ()).await
    }

    /// Runs the job once on every worker, untimed, then lets the browser finish
    /// compiling their hot code: see [`settle`].
    pub async fn warm_up(&mut self, kernel: Kernel, size: u64, pieces: u32) -> Result<(), String> {
        let all = self.workers.len();
        self.parallel_on(kernel, size, 0, pieces, all, &mut |_| ())
            .await?;
        settle().await;
        Ok(())
    }

    /// Times the job in `pieces` on one worker, then on all of them (`then` is called
    /// between the two): the lessons' "one or all" measurement.
    pub async fn alone_then_parallel(
        &mut self,
        kernel: Kernel,
        size: u64,
        pieces: u32,
        then: impl FnOnce(),
    ) -> Result<Compared, String> {
        let t0 = now();
        let alone = self.alone(kernel, size, pieces).await?;
        let alone_ms = now() - t0;
        then();
        let t1 = now();
        let parallel = self.parallel(kernel, size, pieces).await?;
        let parallel_ms = now() - t1;
        Ok(Compared {
            alone,
            alone_ms,
            parallel,
            parallel_ms,
        })
    }

    /// Runs `kernel` in `pieces` pieces with every thread of the set.
    pub async fn parallel(
        &mut self,
        kernel: Kernel,
        size: u64,
        pieces: u32,
    ) -> Result<Run, String> {
        let workers = self.workers.len();
        self.parallel_on(kernel, size, 0, pieces, workers, &mut |_| ())
            .await
    }

    /// Runs `kernel` with items `0..serial` first, alone, on one thread, then the rest
    /// in `pieces` pieces on `workers` threads (in shared memory: the whole pool, which
    /// has as many threads as it was started with). `on_piece` sees each piece's
    /// report as soon as it reaches the page.
    pub async fn parallel_on(
        &mut self,
        kernel: Kernel,
        size: u64,
        serial: u64,
        pieces: u32,
        workers: usize,
        on_piece: &mut dyn FnMut(&PieceReport),
    ) -> Result<Run, String> {
        match self.mode {
            Mode::SharedMemory => {
                self.post(
                    0,
                    &Request::Pool {
                        kernel,
                        size,
                        serial,
                        pieces,
                    },
                )?;
                loop {
                    match self.next_reply().await? {
                        (_, Reply::Progress(pieces)) => pieces.iter().for_each(&mut *on_piece),
                        (_, Reply::Run(run)) => return Ok(run),
                        (from, _) => return Err(format!("worker {from} answered out of turn")),
                    }
                }
            }
            Mode::MessagePassing if !kernel.additive() => {
                self.run_sort(size, pieces, workers, on_piece).await
            }
            Mode::MessagePassing => {
                let (head, rest) = interleave_par::kernels::plan(size, serial, pieces);
                let mut reports = Vec::new();
                if let Some(head) = head {
                    reports.extend(
                        self.run_pieces(kernel, size, vec![head], 1, on_piece)
                            .await?
                            .pieces,
                    );
                }
                let run = self
                    .run_pieces(kernel, size, rest, workers, on_piece)
                    .await?;
                reports.extend(run.pieces);
                Ok(Run::from_pieces(reports))
            }
        }
    }

    /// Gives each of the first `k` workers the same piece at the same time and returns
    /// the wall time until the last answer (message passing only): a probe of how many
    /// workers really run at once.
    pub async fn probe(&mut self, kernel: Kernel, size: u64, k: usize) -> Result<f64, String> {
        let k = k.clamp(1, self.workers.len());
        let piece = Piece {
            index: 0,
            lo: 0,
            hi: size,
        };
        let t0 = now();
        for index in 0..k {
            self.post(
                index,
                &Request::Piece {
                    kernel,
                    size,
                    piece,
                    worker: index as u32,
                },
            )?;
        }
        for _ in 0..k {
            match self.next_reply().await? {
                (_, Reply::Piece(..)) => {}
                (from, _) => return Err(format!("worker {from} answered out of turn")),
            }
        }
        Ok(now() - t0)
    }

    /// Races `threads` pool threads on one shared counter (shared memory only).
    pub async fn race(
        &mut self,
        increment: Increment,
        threads: u32,
        per_thread: u64,
    ) -> Result<RaceReport, String> {
        if self.mode != Mode::SharedMemory {
            return Err("a race on one counter needs shared memory".into());
        }
        let request = Request::Race {
            increment,
            threads,
            per_thread,
        };
        self.ask_coordinator(&request, |reply| match reply {
            Reply::Race(report) => Some(report),
            _ => None,
        })
        .await
    }

    /// Hands out pieces one at a time to the first `workers` workers: a worker that
    /// posts a result back gets the next piece (dynamic scheduling, as rayon does).
    pub(super) async fn run_pieces(
        &mut self,
        kernel: Kernel,
        size: u64,
        pieces: Vec<Piece>,
        workers: usize,
        on_piece: &mut dyn FnMut(&PieceReport),
    ) -> Result<Run, String> {
        let mut reports = Vec::new();
        self.dispatch(
            pieces,
            workers,
            &|set, worker, piece| {
                set.post(
                    worker,
                    &Request::Piece {
                        kernel,
                        size,
                        piece,
                        worker: worker as u32,
                    },
                )
            },
            &mut |received| take_piece(received.reply, on_piece, &mut reports),
        )
        .await?;
        Ok(Run::from_pieces(reports))
    }

    /// Hands out `jobs` one at a time to the first `workers` workers with `send`; each
    /// reply goes to `receive` (which rejects a reply of the wrong kind), and the worker
    /// that sent it gets the next job.
    pub(super) async fn dispatch<J>(
        &mut self,
        jobs: Vec<J>,
        workers: usize,
        send: &dyn Fn(&Self, usize, J) -> Result<(), String>,
        receive: &mut dyn FnMut(Received) -> Result<(), ()>,
    ) -> Result<(), String> {
        let mut queue = jobs.into_iter();
        let mut outstanding = 0;
        for index in 0..workers.clamp(1, self.workers.len()) {
            if let Some(job) = queue.next() {
                send(self, index, job)?;
                outstanding += 1;
            }
        }
        while outstanding > 0 {
            let (from, received) = self.next_message().await?;
            receive(received).map_err(|()| format!("worker {from} answered out of turn"))?;
            outstanding -= 1;
            if let Some(job) = queue.next() {
                send(self, from, job)?;
                outstanding += 1;
            }
        }
        Ok(())
    }
}

/// Accepts a piece's report (shown, then kept); rejects any other reply.
pub(super) fn take_piece(
    reply: Reply,
    on_piece: &mut dyn FnMut(&PieceReport),
    reports: &mut Vec<PieceReport>,
) -> Result<(), ()> {
    match reply {
        Reply::Piece(report) => {
            on_piece(&report);
            reports.push(report);
            Ok(())
        }
        _ => Err(()),
    }
}

/// A job timed on one worker and on all of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    pub alone: Run,
    pub alone_ms: f64,
    pub parallel: Run,
    pub parallel_ms: f64,
}

impl Compared {
    /// How many times faster all the workers were than one; none where a run was too
    /// short to time (never a 0 that a guess would be judged against).
    pub fn speedup(&self) -> Option<f64> {
        interleave_par::scaling::speedup(self.alone_ms, self.parallel_ms)
    }

    /// The run on one worker's time outside its pieces, in ms and as a share of that
    /// run: each piece handed out and taken back, a message each way, which the pool's
    /// threads in shared memory do not pay. None where the run took no time.
    pub fn alone_round_trips(&self) -> Option<(f64, f64)> {
        (self.alone_ms > 0.0).then(|| {
            let ms = (self.alone_ms - self.alone.work_ms()).max(0.0);
            (ms, ms / self.alone_ms)
        })
    }

    /// Whether both runs gave the same answer.
    pub fn agree(&self) -> bool {
        self.alone.value == self.parallel.value
    }
}
