//! The one protocol between the page and the worker module (`interleave-workers`):
//! what the page asks, [`Request`], and what a worker answers, [`Reply`]. Both cross the
//! worker boundary as JSON text, `{"<type>": {...}}` (serde's external tagging, which
//! reads a message in one pass, without buffering it), written and read only by the
//! functions of this crate, on both sides. Nothing is parsed by JavaScript on the way,
//! so 64-bit (and 128-bit) numbers stay exact.
//!
//! Four payloads are not JSON: they travel beside the text as 32-bit words, a
//! `Uint32Array` whose buffer is transferred. Sorted keys (see [`Reply::Sorted`] and
//! [`Request::SortMerge`]), a scenario's text to parse or simulate
//! ([`Request::Parse`], [`Request::Simulate`], [`run::text_words`]), a scenario read
//! ([`Reply::Parsed`]) and a simulated run ([`Reply::Simulated`], written and read by
//! [`run`]).
//!
//! Two payloads, an exploration and a random search's report, are kept as their JSON
//! text when a reply is read, and read only by the code that asked for them
//! ([`Later`]): the replies' reader, which every page that talks to workers holds, then
//! holds no reader of explorations.
//!
//! One conversation (`{fields}`: named fields; a reply of one figure carries it alone):
//!
//! | request | replies |
//! |---|---|
//! | `init {threads}` | `ready threads` |
//! | `piece {kernel, size, piece, worker}` | `piece report` |
//! | `pool {kernel, size, serial, pieces}` (threads build) | `progress pieces`…, `run run` |
//! | `race {increment, threads, per_thread}` (threads build) | `race report` |
//! | `sort-chunk {piece, worker}` | `sorted report` + keys |
//! | `sort-merge {index, offset, worker}` + keys | `piece report` |
//! | `explore {text, search}` | `explore-progress {states, frontier, ms}`…, `explored {ms, report}` |
//! | `sample {text, random}` | `sample-progress {runs, ms}`…, `sampled {ms, report}` |
//! | `parse {limits}` + text | `parsed ms` + scenario, or `invalid diagnostics` |
//! | `simulate {limits}` + text | `simulate-progress {done, all}`…, `simulated ms` + run, or `invalid diagnostics` |
//! | `bench {tasks, cores}` | `bench {events, ms, fingerprint, memory}` |
//! | `memory` | `memory bytes` |
//!
//! Whatever fails, an unreadable request included, is answered `error message`, and
//! the worker goes on serving.

use interleave_par::race::{Increment, RaceReport};
use interleave_par::{Kernel, Piece, PieceReport, Run};
use interleave_sim::program::{Exploration, Random, Sampled, Search};
use interleave_sim::{Diagnostic, Limits};
use serde::{Deserialize, Serialize};

pub mod run;

/// What the page asks a worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Request {
    /// Get ready: the threads build starts a rayon pool of `threads` threads.
    Init { threads: u32 },
    /// Compute items `piece.lo..piece.hi` of `kernel` (a problem of `size` items), as
    /// worker number `worker`.
    Piece {
        kernel: Kernel,
        size: u64,
        piece: Piece,
        worker: u32,
    },
    /// Run the whole kernel on the rayon pool (threads build only): items `0..serial`
    /// alone first, then the rest in `pieces` pieces, reporting pieces as they end.
    Pool {
        kernel: Kernel,
        size: u64,
        serial: u64,
        pieces: u32,
    },
    /// Race `threads` pool threads on one shared counter (threads build only).
    Race {
        increment: Increment,
        threads: u32,
        per_thread: u64,
    },
    /// Round 1 of the sort by message passing: generate and sort keys `piece.lo..hi`.
    SortChunk { piece: Piece, worker: u32 },
    /// Round 2: sort one bucket's keys (sent beside the text), whose first rank is
    /// `offset`, as piece `index`.
    SortMerge {
        index: u32,
        offset: u64,
        worker: u32,
    },
    /// Explore every interleaving of a program, reporting progress as it goes.
    Explore { text: String, search: Search },
    /// Draw runs of a program at random, reporting progress as it goes.
    Sample { text: String, random: Random },
    /// Parse a scenario within `limits`: a text too big to parse on the page, for a
    /// lab that runs it itself. The text travels beside the request as words
    /// ([`run::text_words`]).
    Parse { limits: Limits },
    /// Parse a scenario within `limits`, write it out and simulate it, reporting
    /// progress as it goes: a text too big to parse on the page. The text travels
    /// beside the request as words ([`run::text_words`]).
    Simulate { limits: Limits },
    /// Benchmark: simulate the generated round-robin workload without a trace.
    Bench { tasks: u32, cores: u32 },
    /// How big the worker's memory has grown (it never shrinks): the page keeps a
    /// worker for the next job only while it is small.
    Memory {},
}

/// What a worker answers. A reply of one figure carries it alone, `{"ready": 4}`:
/// every page that talks to workers reads replies, and a reply of named fields costs
/// each page the code that reads its names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reply {
    /// Ready, with this many threads to compute on.
    Ready(u32),
    /// One piece computed.
    Piece(PieceReport),
    /// A sorted chunk; its keys travel beside the text.
    Sorted(PieceReport),
    /// Pieces of a pool job that ended since the last progress.
    Progress(Vec<PieceReport>),
    /// A pool job is over.
    Run(Run),
    /// The race is over.
    Race(RaceReport),
    /// The exploration goes on: states stored, states waiting, milliseconds so far.
    ExploreProgress { states: u64, frontier: u64, ms: f64 },
    /// The exploration is over.
    Explored { ms: f64, report: Later<Exploration> },
    /// Random search goes on: runs drawn, milliseconds so far.
    SampleProgress { runs: u32, ms: f64 },
    /// Random search is over.
    Sampled { ms: f64, report: Later<Sampled> },
    /// The simulation goes on: tasks done, tasks in all (0 while the text is read).
    SimulateProgress { done: u64, all: u64 },
    /// The run, in milliseconds from the request; the run itself travels beside the
    /// text as words ([`run::encode`]).
    Simulated(f64),
    /// The scenario read, in milliseconds from the request; it travels beside the text
    /// as words ([`run::scenario_words`]).
    Parsed(f64),
    /// The scenario has errors, each at its line and column.
    Invalid(Vec<Diagnostic>),
    /// The benchmark's engine events, milliseconds, the run's fingerprint (16 hex
    /// digits) and the bytes of wasm memory afterwards.
    Bench {
        events: u64,
        ms: f64,
        fingerprint: String,
        memory: u64,
    },
    /// The bytes of the worker's memory.
    Memory(u64),
    /// The request failed, and why; the worker goes on serving.
    Error(String),
}

impl Request {
    /// The request as the text that crosses the boundary.
    pub fn encode(&self) -> String {
        encode(self)
    }

    /// Reads a request; an unreadable one is an error that says why.
    pub fn decode(text: &str) -> Result<Request, String> {
        serde_json::from_str(text).map_err(|e| format!("unreadable request: {e}"))
    }
}

impl Reply {
    /// The reply as the text that crosses the boundary.
    pub fn encode(&self) -> String {
        encode(self)
    }

    /// Reads a reply; an unreadable one is an error that says why.
    pub fn decode(text: &str) -> Result<Reply, String> {
        serde_json::from_str(text).map_err(|e| format!("unreadable reply: {e}"))
    }

    /// An error reply.
    pub fn error(message: impl Into<String>) -> Reply {
        Reply::Error(message.into())
    }
}

/// A payload of a reply kept as its JSON text when the reply is read, and read itself
/// only by the code that asked for it ([`Later::read`]): so that reading replies does
/// not hold the code that reads every payload, and a page that never explores carries
/// no reader of explorations. On the wire it is the payload itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Later<T> {
    json: Box<serde_json::value::RawValue>,
    #[serde(skip)]
    of: std::marker::PhantomData<T>,
}

impl<T: Serialize> Later<T> {
    pub fn new(value: &T) -> Later<T> {
        let json = serde_json::value::to_raw_value(value).unwrap_or_else(|e| {
            // As `encode`: every payload here serializes.
            serde_json::value::to_raw_value(&format!("unwritable payload: {e}"))
                .expect("a string serializes")
        });
        Later {
            json,
            of: std::marker::PhantomData,
        }
    }
}

impl<T: serde::de::DeserializeOwned> Later<T> {
    /// The payload; an unreadable one is an error that says why.
    pub fn read(&self) -> Result<T, String> {
        serde_json::from_str(self.json.get()).map_err(|e| format!("unreadable reply: {e}"))
    }
}

impl<T> PartialEq for Later<T> {
    fn eq(&self, other: &Later<T>) -> bool {
        self.json.get() == other.json.get()
    }
}

fn encode(value: &impl Serialize) -> String {
    // Every type here serializes: no maps with non-string keys, no failing impls.
    serde_json::to_string(value).unwrap_or_else(|e| {
        let message = serde_json::Value::from(format!("unwritable message: {e}"));
        format!(r#"{{"error":{{"message":{message}}}}}"#)
    })
}

#[cfg(test)]
mod tests;
