//! Real CPU-heavy kernels, each in three variants that return the same answer:
//! sequential, rayon (shared memory) and pieces for share-nothing workers.
//!
//! The crate knows nothing of the browser. Time is not read here: the caller passes a
//! clock, so the same code reports piece timings natively and in a Web Worker.
//!
//! [`lanes`] writes two kernels with `std::simd` (a nightly feature, on the pinned
//! nightly), so that one source gives WebAssembly SIMD128 and the host's vectors.

#![feature(portable_simd)]

pub mod kernels;
pub mod lanes;
mod mandelbrot;
mod mix;
pub mod pieces;
pub mod primes;
pub mod race;
pub mod scaling;
pub mod sort;

pub use kernels::Kernel;
pub use pieces::{Piece, PieceReport, Run, WorkerShare};
