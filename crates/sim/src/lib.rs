//! The core of Interleave: a deterministic discrete-event simulator of tasks (CPU
//! bursts, I/O waits, locks) on simulated cores under scheduling policies.
//!
//! It knows nothing of the browser, reads no clock and draws no platform randomness:
//! a run is a pure function of its scenario.
