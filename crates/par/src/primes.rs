//! Counting primes by trial division: embarrassingly parallel, and uneven (pieces of
//! larger numbers cost more), so dynamic scheduling visibly balances the work. The
//! parallel variants are those of every kernel, in `kernels.rs`.

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
