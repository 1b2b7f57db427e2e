//! A run of the lesson on real workers, by message passing (so it runs on any page,
//! isolated or not): the scalar build's workers time both workloads a lane at a time,
//! on one worker and on N; then the SIMD build's workers time them four lanes at a
//! time. One build's workers at a time: each worker holds its own 32 MiB array.

use yew::prelude::*;

use super::state::{Action, Lanes, Settings, TRIES, Timed, Workload};
use crate::pool::{Mode, Workers, now};

/// Times the plan, reporting each phase and each time as it comes.
pub async fn run(
    settings: Settings,
    simd: bool,
    report: &UseReducerDispatcher<Lanes>,
) -> Result<(), String> {
    let plan = settings.plan();
    for lanes in [false, true] {
        report.dispatch(Action::Starting { simd: lanes });
        let mut workers = if lanes && simd {
            Workers::start_simd(settings.workers).await?
        } else {
            Workers::start(Mode::MessagePassing, settings.workers).await?
        };
        report.dispatch(Action::Warming { simd: lanes });
        for workload in Workload::ALL {
            // A small job on every worker: the browser compiles the hot code, and each
            // worker makes its array, before anything is timed.
            let size = workload.size(0) / 4;
            workers
                .warm_up(workload.kernel(lanes), size, settings.pieces())
                .await?;
        }
        for (n, step) in plan.iter().enumerate().filter(|(_, s)| s.lanes == lanes) {
            report.dispatch(Action::Timing(n));
            let (kernel, size) = (
                step.workload.kernel(lanes),
                step.workload.size(settings.scale),
            );
            let mut best: Option<Timed> = None;
            for _ in 0..TRIES {
                let t0 = now();
                let done = workers
                    .parallel_on(
                        kernel,
                        size,
                        0,
                        settings.pieces(),
                        step.workers as usize,
                        &mut |_| (),
                    )
                    .await?;
                let ms = now() - t0;
                if best.is_none_or(|b| ms < b.ms) {
                    best = Some(Timed {
                        step: *step,
                        ms,
                        value: done.value,
                    });
                }
            }
            if let Some(best) = best {
                report.dispatch(Action::Timed(best));
            }
        }
    }
    report.dispatch(Action::Finished);
    Ok(())
}
