//! The kernels' inputs, the same everywhere: a well-mixed 64-bit value for each index
//! (SplitMix64's output function), with no state, so any piece can make its own part.

/// SplitMix64's output function: a well-mixed 64-bit value for each index.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
