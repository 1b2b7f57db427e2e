//! Counting primes by trial division: embarrassingly parallel, and uneven (pieces of
//! larger numbers cost more), so dynamic scheduling visibly balances the work.

use crate::pieces::{Piece, PieceReport, Run, split};
use rayon::prelude::*;

/// Whether `n` is prime, by trial division with the 6k +/- 1 wheel.
pub fn is_prime(n: u64) -> bool {
    if n < 4 {
        return n >= 2;
    }
    if n.is_multiple_of(2) || n.is_multiple_of(3) {
        return false;
    }
    let mut d = 5u64;
    while d * d <= n {
        if n.is_multiple_of(d) || n.is_multiple_of(d + 2) {
            return false;
        }
        d += 6;
    }
    true
}

/// The number of primes in `[lo, hi)`.
pub fn count_in(lo: u64, hi: u64) -> u64 {
    (lo..hi).filter(|&n| is_prime(n)).count() as u64
}

/// The number of primes below `limit`, on the calling thread.
pub fn count_below(limit: u64) -> u64 {
    count_in(0, limit)
}

/// Counts one piece on the calling thread, timed with `clock` (milliseconds).
pub fn count_piece(piece: Piece, worker: u32, clock: &impl Fn() -> f64) -> PieceReport {
    let start_ms = clock();
    let value = count_in(piece.lo, piece.hi);
    PieceReport {
        piece,
        value,
        worker,
        start_ms,
        end_ms: clock(),
    }
}

/// The primes below `limit`, split into `pieces` pieces that rayon's threads take
/// one at a time (dynamic scheduling): each report names the pool thread that
/// computed it. Runs on the current rayon pool.
pub fn count_below_rayon(limit: u64, pieces: u32, clock: &(impl Fn() -> f64 + Sync)) -> Run {
    let reports = split(0, limit, pieces)
        .into_par_iter()
        .with_max_len(1)
        .map(|piece| {
            let worker = rayon::current_thread_index().unwrap_or(0) as u32;
            count_piece(piece, worker, clock)
        })
        .collect();
    Run::from_pieces(reports)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_clock() -> f64 {
        0.0
    }

    #[test]
    fn small_primes() {
        let primes: Vec<u64> = (0..30).filter(|&n| is_prime(n)).collect();
        assert_eq!(primes, [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
        assert!(is_prime(1_000_003));
        assert!(!is_prime(1_000_001)); // 101 * 9901
        assert!(!is_prime(25) && !is_prime(49) && !is_prime(121));
    }

    #[test]
    fn known_counts() {
        // pi(10^k), the published values.
        assert_eq!(count_below(10), 4);
        assert_eq!(count_below(1_000), 168);
        assert_eq!(count_below(100_000), 9_592);
        assert_eq!(count_below(1_000_000), 78_498);
    }

    #[test]
    fn every_variant_gives_the_sequential_answer() {
        let limit = 200_000;
        let expected = count_below(limit);
        for pieces in [1, 2, 7, 64, 1000] {
            let by_pieces: u64 = split(0, limit, pieces)
                .into_iter()
                .map(|p| count_piece(p, 0, &no_clock).value)
                .sum();
            assert_eq!(by_pieces, expected, "{pieces} pieces, one by one");
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(3)
                .build()
                .unwrap();
            let run = pool.install(|| count_below_rayon(limit, pieces, &no_clock));
            assert_eq!(run.value, expected, "{pieces} pieces on rayon");
            assert!(run.shares().iter().all(|s| s.worker < 3));
            assert_eq!(run.shares().iter().map(|s| s.items).sum::<u64>(), limit);
        }
    }
}
