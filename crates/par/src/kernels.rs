//! The kernels a lesson can run, behind one interface: a kernel has a domain of work
//! items `0..size` (numbers, image rows, samples, matrix rows), any range of which is a
//! piece computed independently; the run's value is the sum of its pieces' values. So
//! the sequential, rayon and message-passing variants give exactly the same answer.

use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use crate::mandelbrot::{MANDELBROT_ITERATIONS, mandelbrot_pixel};
use crate::mix::mix;
use crate::pieces::{Piece, PieceReport, Run, split};
use crate::primes;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kernel {
    /// Count the primes below `size` (trial division; later numbers cost more).
    Primes,
    /// Iterations of a Mandelbrot image `size` rows high and `4/3 size` wide (rows near
    /// the set cost more: uneven pieces).
    Mandelbrot,
    /// Monte Carlo: of `size` pseudo-random points in the unit square, how many fall in
    /// the quarter circle (pi is about 4 hits / size). Each point is drawn from its own
    /// index, so any split gives the same count.
    Pi,
    /// The sum of the entries of `C = A B` for `size`-square integer matrices A and B
    /// generated from their indices, computed row by row (a piece is a band of rows).
    Matrix,
    /// Sort `size` pseudo-random keys (see [`crate::sort`]): two rounds, chunks then
    /// buckets, whose data moves between them. Not additive: a range is sorted on its
    /// own, and only the whole range gives the run's answer.
    Sort,
    /// The Mandelbrot image in single precision, a pixel at a time (see
    /// [`crate::lanes`]).
    MandelbrotF32,
    /// The same image, four pixels at a time (SIMD).
    MandelbrotF32x4,
    /// The sum of a 64 MiB array read again and again, a word at a time: `size` words
    /// read (memory-bound).
    Stream,
    /// The same sum, four words at a time (SIMD).
    StreamX4,
}

impl Kernel {
    pub const ALL: [Kernel; 5] = [
        Kernel::Primes,
        Kernel::Mandelbrot,
        Kernel::Pi,
        Kernel::Matrix,
        Kernel::Sort,
    ];

    /// The SIMD lesson's kernels: each workload a pixel or word at a time, then four.
    pub const LANES: [Kernel; 4] = [
        Kernel::MandelbrotF32,
        Kernel::MandelbrotF32x4,
        Kernel::Stream,
        Kernel::StreamX4,
    ];

    /// Whether the value of a run is the sum of the values of any split into pieces.
    pub fn additive(self) -> bool {
        self != Kernel::Sort
    }

    pub fn key(self) -> &'static str {
        match self {
            Kernel::Primes => "primes",
            Kernel::Mandelbrot => "mandelbrot",
            Kernel::Pi => "pi",
            Kernel::Matrix => "matrix",
            Kernel::Sort => "sort",
            Kernel::MandelbrotF32 => "mandelbrot-f32",
            Kernel::MandelbrotF32x4 => "mandelbrot-f32x4",
            Kernel::Stream => "stream",
            Kernel::StreamX4 => "stream-u32x4",
        }
    }

    /// The kernel of the lessons that pick one ([`Kernel::ALL`]) with this key.
    pub fn from_key(key: &str) -> Option<Kernel> {
        Kernel::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The value of items `lo..hi` of a problem of size `size` (for a kernel that is
    /// not [`additive`](Kernel::additive), of that range alone).
    pub fn value(self, size: u64, lo: u64, hi: u64) -> u64 {
        let hi = hi.min(size);
        let lo = lo.min(hi);
        match self {
            Kernel::Primes => primes::count_in(lo, hi),
            Kernel::Mandelbrot => mandelbrot_rows(size, lo, hi),
            Kernel::Pi => pi_hits(lo, hi),
            Kernel::Matrix => matrix_rows(size, lo, hi),
            Kernel::Sort => crate::sort::checksum(lo, &crate::sort::sorted_chunk(lo, hi)),
            Kernel::MandelbrotF32 => crate::lanes::mandelbrot_scalar(size, lo, hi),
            Kernel::MandelbrotF32x4 => crate::lanes::mandelbrot_lanes(size, lo, hi),
            Kernel::Stream => crate::lanes::stream_scalar(lo, hi),
            Kernel::StreamX4 => crate::lanes::stream_lanes(lo, hi),
        }
    }
}

/// One piece on the calling thread, timed with `clock`.
pub fn run_piece(
    kernel: Kernel,
    size: u64,
    piece: Piece,
    worker: u32,
    clock: &impl Fn() -> f64,
) -> PieceReport {
    let start_ms = clock();
    let value = kernel.value(size, piece.lo, piece.hi);
    PieceReport {
        piece,
        value,
        worker,
        start_ms,
        end_ms: clock(),
    }
}

/// How a run is cut: items `0..serial` as one piece computed alone, before anything
/// else (a sequential pre-pass, for lessons on Amdahl's law), then the rest in `pieces`
/// pieces that may run at once. Piece indices follow that order.
pub fn plan(size: u64, serial: u64, pieces: u32) -> (Option<Piece>, Vec<Piece>) {
    let serial = serial.min(size);
    let head = (serial > 0).then_some(Piece {
        index: 0,
        lo: 0,
        hi: serial,
    });
    let offset = u32::from(head.is_some());
    let rest = if serial < size {
        split(serial, size, pieces)
            .into_iter()
            .map(|p| Piece {
                index: p.index + offset,
                ..p
            })
            .collect()
    } else {
        Vec::new()
    };
    (head, rest)
}

/// The whole problem on the current rayon pool: the serial part (see [`plan`]) on one
/// pool thread, then the other pieces taken one at a time by whichever thread is idle.
/// (The sort has its own two rounds and no serial part: see [`crate::sort`].)
/// `on_piece` sees each report as it completes, from the thread that computed it.
pub fn run_rayon(
    kernel: Kernel,
    size: u64,
    serial: u64,
    pieces: u32,
    clock: &(impl Fn() -> f64 + Sync),
    on_piece: &(impl Fn(&PieceReport) + Sync),
) -> Run {
    if !kernel.additive() {
        return crate::sort::run_rayon(size, pieces, clock, on_piece);
    }
    let (head, rest) = plan(size, serial, pieces);
    let thread = || rayon::current_thread_index().unwrap_or(0) as u32;
    let compute = |piece: Piece| {
        let report = run_piece(kernel, size, piece, thread(), clock);
        on_piece(&report);
        report
    };
    let mut reports: Vec<PieceReport> = head.into_iter().map(compute).collect();
    reports.par_extend(rest.into_par_iter().with_max_len(1).map(compute));
    Run::from_pieces(reports)
}

/// The whole problem on the calling thread.
pub fn run_sequential(kernel: Kernel, size: u64) -> u64 {
    kernel.value(size, 0, size)
}

fn mandelbrot_rows(height: u64, lo: u64, hi: u64) -> u64 {
    let width = height * 4 / 3;
    (lo..hi)
        .flat_map(|row| (0..width).map(move |col| mandelbrot_pixel(height, row, col)))
        .map(u64::from)
        .sum()
}

fn pi_hits(lo: u64, hi: u64) -> u64 {
    // Integer geometry: x, y in [0, 2^32); inside when x^2 + y^2 < 2^64, that is, when
    // the sum does not overflow 64 bits (each square fits). Exact everywhere, and no
    // 128-bit arithmetic, which wasm lacks.
    (lo..hi)
        .filter(|&i| {
            let r = mix(i);
            let (x, y) = (r >> 32, r & 0xffff_ffff);
            !(x * x).overflowing_add(y * y).1
        })
        .count() as u64
}

fn entry(matrix: u64, i: u64, j: u64) -> u64 {
    mix(matrix << 58 ^ i << 29 ^ j) % 10
}

/// Matrix B of size `n`: input data, generated once per size and shared by the pieces
/// (and the threads) that need it, so that pieces measure the product, not the input.
fn matrix_b(n: u64) -> Arc<Vec<u64>> {
    static CACHE: Mutex<Option<(u64, Arc<Vec<u64>>)>> = Mutex::new(None);
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((m, b)) = &*cache
        && *m == n
    {
        return b.clone();
    }
    let b = Arc::new(
        (0..n * n)
            .map(|k| entry(2, k / n, k % n))
            .collect::<Vec<u64>>(),
    );
    *cache = Some((n, b.clone()));
    b
}

fn matrix_rows(n: u64, lo: u64, hi: u64) -> u64 {
    let size = n as usize;
    let b = matrix_b(n);
    let mut row = vec![0u64; size];
    let mut total = 0u64;
    for i in lo..hi {
        row.iter_mut().for_each(|c| *c = 0);
        for k in 0..n {
            let a = entry(1, i, k);
            let b_row = &b[k as usize * size..(k as usize + 1) * size];
            for (c, &bkj) in row.iter_mut().zip(b_row) {
                *c += a * bkj;
            }
        }
        total = total.wrapping_add(row.iter().sum::<u64>());
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZES: [(Kernel, u64); 8] = [
        (Kernel::Primes, 50_000),
        (Kernel::Mandelbrot, 60),
        (Kernel::Pi, 200_000),
        (Kernel::Matrix, 40),
        (Kernel::MandelbrotF32, 61),
        (Kernel::MandelbrotF32x4, 61),
        (Kernel::Stream, 300_001),
        (Kernel::StreamX4, 300_001),
    ];

    #[test]
    fn every_variant_gives_the_sequential_answer() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        for (kernel, size) in SIZES {
            assert!(kernel.additive());
            let expected = run_sequential(kernel, size);
            for pieces in [1, 2, 7, 64] {
                let by_messages: u64 = split(0, size, pieces)
                    .iter()
                    .map(|p| run_piece(kernel, size, *p, 0, &|| 0.0).value)
                    .sum();
                assert_eq!(
                    by_messages, expected,
                    "{kernel:?} in {pieces} pieces, one by one"
                );
                let run = pool.install(|| run_rayon(kernel, size, 0, pieces, &|| 0.0, &|_| ()));
                assert_eq!(
                    run.value, expected,
                    "{kernel:?} in {pieces} pieces on rayon"
                );
                for serial in [1, size / 3, size] {
                    let (head, rest) = plan(size, serial, pieces);
                    let by_plan: u64 = head
                        .iter()
                        .chain(&rest)
                        .map(|p| run_piece(kernel, size, *p, 0, &|| 0.0).value)
                        .sum();
                    assert_eq!(by_plan, expected, "{kernel:?}, serial {serial}, planned");
                    let seen = std::sync::atomic::AtomicU32::new(0);
                    let run = pool.install(|| {
                        run_rayon(kernel, size, serial, pieces, &|| 0.0, &|_| {
                            seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        })
                    });
                    assert_eq!(run.value, expected, "{kernel:?}, serial {serial}, rayon");
                    assert_eq!(seen.into_inner() as usize, run.pieces.len());
                }
            }
        }
    }

    #[test]
    fn the_sort_on_rayon_gives_the_sequential_answer() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let expected = run_sequential(Kernel::Sort, 50_000);
        assert_eq!(expected, crate::sort::sequential(50_000));
        let run = pool.install(|| run_rayon(Kernel::Sort, 50_000, 0, 16, &|| 0.0, &|_| ()));
        assert_eq!(run.value, expected);
        assert_eq!(run.pieces.len(), 32, "16 chunks and 16 buckets");
    }

    #[test]
    fn known_answers() {
        assert_eq!(run_sequential(Kernel::Primes, 1_000), 168);
        // pi from a million points: within 0.01.
        let pi = 4.0 * run_sequential(Kernel::Pi, 1_000_000) as f64 / 1e6;
        assert!((pi - std::f64::consts::PI).abs() < 0.01, "{pi}");
        // The matrix product, checked against the plain triple loop.
        let n = 12;
        let mut naive = 0u64;
        for i in 0..n {
            for j in 0..n {
                naive += (0..n).map(|k| entry(1, i, k) * entry(2, k, j)).sum::<u64>();
            }
        }
        assert_eq!(run_sequential(Kernel::Matrix, n), naive);
        // The Mandelbrot image has points inside the set (that hit the iteration cap).
        assert!(run_sequential(Kernel::Mandelbrot, 30) > 30 * 40 * 10);
    }

    #[test]
    fn a_plan_covers_the_range_once_with_the_serial_part_first() {
        for (size, serial, pieces) in [(100, 0, 7), (100, 30, 7), (100, 100, 7), (5, 200, 3)] {
            let (head, rest) = plan(size, serial, pieces);
            let all: Vec<Piece> = head.into_iter().chain(rest).collect();
            assert_eq!(all.first().unwrap().lo, 0);
            assert_eq!(all.last().unwrap().hi, size);
            for (i, pair) in all.windows(2).enumerate() {
                assert_eq!(pair[0].hi, pair[1].lo);
                assert_eq!(pair[1].index as usize, i + 1);
            }
            assert_eq!(head.map_or(0, |h| h.len()), serial.min(size));
        }
    }

    #[test]
    fn keys_round_trip() {
        for k in Kernel::ALL {
            assert_eq!(Kernel::from_key(k.key()), Some(k));
        }
        // The SIMD lesson's kernels are not offered by the lessons that pick one.
        for k in Kernel::LANES {
            assert_eq!(Kernel::from_key(k.key()), None);
            assert!(k.additive());
        }
    }
}
