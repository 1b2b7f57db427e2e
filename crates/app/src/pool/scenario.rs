//! A scenario's text handed to worker 0 (as words, its buffer transferred): parsed,
//! or parsed and simulated, with the answer as words beside the reply, or the text's
//! errors at their lines and columns.

use interleave_protocol::{Reply, Request, run};
use interleave_sim::{Diagnostic, Limits};
use js_sys::Uint32Array;

use super::{Received, Workers};

impl Workers {
    /// Parses and simulates the scenario `text` within `limits`, calling `on_progress`
    /// with (tasks done, tasks in all) as it goes: the run as words ([`run::decode`]).
    pub async fn simulate(
        &mut self,
        text: &str,
        limits: Limits,
        on_progress: impl Fn(usize, usize),
    ) -> Result<Result<Uint32Array, Vec<Diagnostic>>, String> {
        self.with_text(&Request::Simulate { limits }, text, on_progress)
            .await
    }

    /// Parses the scenario `text` within `limits`: the scenario as words
    /// ([`run::words_scenario`]).
    pub async fn parse(
        &mut self,
        text: &str,
        limits: Limits,
    ) -> Result<Result<Uint32Array, Vec<Diagnostic>>, String> {
        self.with_text(&Request::Parse { limits }, text, |_, _| {})
            .await
    }

    async fn with_text(
        &mut self,
        request: &Request,
        text: &str,
        on_progress: impl Fn(usize, usize),
    ) -> Result<Result<Uint32Array, Vec<Diagnostic>>, String> {
        let words = Uint32Array::from(&run::text_words(text)[..]);
        self.post_with_keys(0, request, &words)?;
        loop {
            match self.next_message().await?.1 {
                Received {
                    reply: Reply::SimulateProgress { done, all },
                    ..
                } => on_progress(done as usize, all as usize),
                Received {
                    reply: Reply::Simulated(..) | Reply::Parsed(..),
                    words: Some(words),
                } => return Ok(Ok(words)),
                Received {
                    reply: Reply::Invalid(diagnostics),
                    ..
                } => return Ok(Err(diagnostics)),
                _ => return Err("worker 0 answered out of turn".into()),
            }
        }
    }
}
