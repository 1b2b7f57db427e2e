//! The sort kernel: `size` pseudo-random 32-bit keys (key `i` drawn from its index),
//! sorted; the answer is a checksum of the sorted keys that depends on their order,
//! `sum over ranks r of (r + 1) * key`, so that any misplaced key changes it.
//!
//! Sorting does not split into independent pieces the way counting does: its parallel
//! form here is a two-round bucket sort, the same in every variant.
//!
//! 1. *Chunks*: the input is cut into pieces; each is generated and sorted on its own.
//! 2. *Buckets*: key space is cut into as many equal ranges as there were chunks
//!    (the keys are uniform, so the buckets come out even); each bucket gathers its
//!    slice of every sorted chunk, sorts them together, and adds its part of the
//!    checksum, knowing from the sizes of the buckets before it where its ranks start.
//!
//! With rayon, both rounds run on the pool over shared memory; with message passing,
//! the sorted chunks travel to the page and the slices travel on to the workers that
//! merge them: the data itself moves, which is what this kernel shows.

use rayon::prelude::*;

use crate::mix::mix;
use crate::pieces::{Piece, PieceReport, Run, split};

/// Key `i` of the input.
pub fn key(i: u64) -> u32 {
    (mix(i ^ 0x5eed_5eed) >> 32) as u32
}

/// The sorted-order checksum of `sorted`, whose first key has rank `offset`.
pub fn checksum(offset: u64, sorted: &[u32]) -> u64 {
    sorted
        .iter()
        .zip(offset + 1..)
        .fold(0u64, |acc, (&k, rank)| {
            acc.wrapping_add(rank.wrapping_mul(u64::from(k)))
        })
}

/// Round 1: keys `lo..hi`, sorted.
pub fn sorted_chunk(lo: u64, hi: u64) -> Vec<u32> {
    let mut keys: Vec<u32> = (lo..hi.max(lo)).map(key).collect();
    keys.sort_unstable();
    keys
}

/// The whole sort on the calling thread.
pub fn sequential(size: u64) -> u64 {
    checksum(0, &sorted_chunk(0, size))
}

/// The smallest key of bucket `b` of `buckets` (`b == buckets` gives the end, 2^32).
pub fn bucket_floor(b: u32, buckets: u32) -> u64 {
    let buckets = u64::from(buckets.max(1));
    (u64::from(b) << 32).div_ceil(buckets)
}

/// Where each bucket starts in a sorted chunk: `buckets + 1` indices, the last one the
/// chunk's length.
pub fn bucket_starts(sorted: &[u32], buckets: u32) -> Vec<usize> {
    (0..=buckets)
        .map(|b| {
            let floor = bucket_floor(b, buckets);
            sorted.partition_point(|&k| u64::from(k) < floor)
        })
        .collect()
}

/// Round 2: one bucket's slices of every chunk, sorted together; its part of the
/// checksum given that its first key has rank `offset`.
pub fn merge(offset: u64, slices: &[&[u32]]) -> u64 {
    let mut keys: Vec<u32> = slices.concat();
    keys.sort_unstable();
    checksum(offset, &keys)
}

/// Both rounds on the current rayon pool, `pieces` chunks and as many buckets. The
/// report of a chunk has value 0 and the chunk's item range; the report of a bucket
/// has its part of the checksum and its range of ranks, with piece indices after the
/// chunks'. `on_piece` sees each report as it completes.
pub fn run_rayon(
    size: u64,
    pieces: u32,
    clock: &(impl Fn() -> f64 + Sync),
    on_piece: &(impl Fn(&PieceReport) + Sync),
) -> Run {
    let thread = || rayon::current_thread_index().unwrap_or(0) as u32;
    let chunks = split(0, size, pieces);
    let sorted: Vec<(PieceReport, Vec<u32>)> = chunks
        .into_par_iter()
        .with_max_len(1)
        .map(|piece| {
            let start_ms = clock();
            let keys = sorted_chunk(piece.lo, piece.hi);
            let report = PieceReport {
                piece,
                value: 0,
                worker: thread(),
                start_ms,
                end_ms: clock(),
            };
            on_piece(&report);
            (report, keys)
        })
        .collect();
    let buckets = sorted.len() as u32;
    let starts: Vec<Vec<usize>> = sorted
        .iter()
        .map(|(_, keys)| bucket_starts(keys, buckets))
        .collect();
    let plan = bucket_plan(&starts, buckets);
    let merged: Vec<PieceReport> = plan
        .into_par_iter()
        .with_max_len(1)
        .map(|piece| {
            let b = (piece.index - buckets) as usize;
            let start_ms = clock();
            let slices: Vec<&[u32]> = sorted
                .iter()
                .zip(&starts)
                .map(|((_, keys), s)| &keys[s[b]..s[b + 1]])
                .collect();
            let report = PieceReport {
                piece,
                value: merge(piece.lo, &slices),
                worker: thread(),
                start_ms,
                end_ms: clock(),
            };
            on_piece(&report);
            report
        })
        .collect();
    Run::from_pieces(
        sorted
            .into_iter()
            .map(|(report, _)| report)
            .chain(merged)
            .collect(),
    )
}

/// The round-2 pieces, given where each bucket starts in each of the sorted chunks
/// (`starts[chunk][bucket]`): piece `buckets + b` covers the ranks of bucket `b`.
pub fn bucket_plan(starts: &[Vec<usize>], buckets: u32) -> Vec<Piece> {
    let mut offset = 0u64;
    (0..buckets as usize)
        .map(|b| {
            let len: usize = starts.iter().map(|s| s[b + 1] - s[b]).sum();
            let piece = Piece {
                index: buckets + b as u32,
                lo: offset,
                hi: offset + len as u64,
            };
            offset += len as u64;
            piece
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_gives_the_sequential_checksum() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        for size in [0, 1, 2, 1_000, 77_777] {
            let expected = sequential(size);
            for pieces in [1, 2, 7, 64] {
                let run = pool.install(|| run_rayon(size, pieces, &|| 0.0, &|_| ()));
                assert_eq!(
                    run.value, expected,
                    "{size} keys in {pieces} pieces on rayon"
                );
                // Message passing, as the page does it: sorted chunks, then buckets.
                let chunks: Vec<Vec<u32>> = split(0, size, pieces)
                    .iter()
                    .map(|p| sorted_chunk(p.lo, p.hi))
                    .collect();
                let buckets = chunks.len() as u32;
                let starts: Vec<Vec<usize>> =
                    chunks.iter().map(|c| bucket_starts(c, buckets)).collect();
                let total: u64 = bucket_plan(&starts, buckets)
                    .iter()
                    .enumerate()
                    .map(|(b, piece)| {
                        let slices: Vec<&[u32]> = chunks
                            .iter()
                            .zip(&starts)
                            .map(|(c, s)| &c[s[b]..s[b + 1]])
                            .collect();
                        merge(piece.lo, &slices)
                    })
                    .fold(0u64, u64::wrapping_add);
                assert_eq!(
                    total, expected,
                    "{size} keys in {pieces} pieces, by messages"
                );
            }
        }
    }

    #[test]
    fn the_checksum_of_a_million_keys() {
        // The browser tests expect this figure from both modes (tests/e2e.test.mjs).
        assert_eq!(sequential(1_000_000), 11_626_046_871_664_798_786);
    }

    #[test]
    fn the_checksum_depends_on_the_order() {
        let sorted = sorted_chunk(0, 100);
        assert!(sorted.windows(2).all(|w| w[0] <= w[1]));
        let mut swapped = sorted.clone();
        swapped.swap(3, 90);
        assert_ne!(checksum(0, &sorted), checksum(0, &swapped));
        assert_eq!(checksum(0, &[5, 7]), 5 + 2 * 7);
        assert_eq!(checksum(10, &[5]), 11 * 5);
    }

    #[test]
    fn buckets_split_key_space_evenly() {
        assert_eq!(bucket_floor(0, 4), 0);
        assert_eq!(bucket_floor(4, 4), 1 << 32);
        assert_eq!(bucket_starts(&[0, 5, u32::MAX], 2), vec![0, 2, 3]);
        // A million uniform keys in 8 buckets: each within 2 % of an eighth.
        let keys = sorted_chunk(0, 1_000_000);
        let starts = bucket_starts(&keys, 8);
        for b in 0..8 {
            let len = (starts[b + 1] - starts[b]) as f64;
            assert!((len / 125_000.0 - 1.0).abs() < 0.02, "bucket {b}: {len}");
        }
    }
}
