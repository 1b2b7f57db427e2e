//! Programs on a worker: the explorer of every interleaving and random search, each
//! reporting its progress as it goes, and the worker's memory after them.

use interleave_protocol::{Reply, Request};
use interleave_sim::program::{Exploration, Random, Sampled, Search};

use super::Workers;

impl Workers {
    /// Explores every interleaving of a program on worker 0, calling `on_progress` with
    /// (states stored, states waiting, milliseconds) as the search goes; returns the
    /// report and the milliseconds it took. Cancel with a `canceller()`.
    pub async fn explore(
        &mut self,
        text: &str,
        search: Search,
        on_progress: impl Fn(u64, u64, f64),
    ) -> Result<(Exploration, f64), String> {
        let text = text.to_string();
        self.post(0, &Request::Explore { text, search })?;
        loop {
            match self.next_reply().await? {
                (
                    _,
                    Reply::ExploreProgress {
                        states,
                        frontier,
                        ms,
                    },
                ) => on_progress(states, frontier, ms),
                (_, Reply::Explored { ms, report }) => return Ok((report.read()?, ms)),
                (from, _) => return Err(format!("worker {from} answered out of turn")),
            }
        }
    }

    /// The bytes of worker 0's memory, which never shrinks.
    pub async fn memory(&mut self) -> Result<u64, String> {
        self.post(0, &Request::Memory {})?;
        match self.next_reply().await? {
            (_, Reply::Memory(bytes)) => Ok(bytes),
            (from, _) => Err(format!("worker {from} answered out of turn")),
        }
    }

    /// Draws runs of the program `text` at random on worker 0, reporting the runs drawn
    /// as it goes; the report and the milliseconds it took.
    pub async fn sample(
        &mut self,
        text: &str,
        random: Random,
        on_progress: impl Fn(u32, f64),
    ) -> Result<(Sampled, f64), String> {
        let text = text.to_string();
        self.post(0, &Request::Sample { text, random })?;
        loop {
            match self.next_reply().await? {
                (_, Reply::SampleProgress { runs, ms }) => on_progress(runs, ms),
                (_, Reply::Sampled { ms, report }) => return Ok((report.read()?, ms)),
                (from, _) => return Err(format!("worker {from} answered out of turn")),
            }
        }
    }
}
