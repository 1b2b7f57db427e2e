//! Simulated time: whole ticks, the one unit of every simulator of the core.

/// Simulated time, in ticks.
pub type Tick = u64;
