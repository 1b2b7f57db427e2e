//! Data parallelism inside one core: two kernels, each written twice, one element at a
//! time (scalar) and four lanes at a time (`std::simd`). The four-lane code compiles to
//! WebAssembly's SIMD128 instructions when the build enables them (the workers' `simd`
//! build), to the host's vector unit natively, and to scalar code in a build without
//! them. Both ways give exactly the same answer, which the tests check.
//!
//! - A Mandelbrot image in single precision (compute-bound): four pixels of a row at
//!   once. Each lane does the same IEEE operations, in the same order, as the scalar
//!   loop does for its pixel (no fused multiply-add on either side), so the iteration
//!   counts are equal, not merely close.
//! - A sum over a large array (memory-bound): [`STREAM_WORDS`] words (32 MiB) of
//!   small numbers, read again and again; a piece of items `lo..hi` reads word
//!   `i mod STREAM_WORDS` for each `i`. Four adds an instruction cannot read memory any
//!   faster, which is the lesson.

use std::simd::prelude::*;
use std::sync::OnceLock;

use crate::mandelbrot::MANDELBROT_ITERATIONS;
use crate::mix::mix;

/// The lanes of a 128-bit vector of 32-bit numbers.
pub const LANES: usize = 4;

/// The words of the memory-bound kernel's array: 32 MiB, more than a core's caches
/// (and each worker has its own).
pub const STREAM_WORDS: u64 = 1 << 23;

/// The words summed in 32 bits before the sum moves to 64: each word is below 256, so
/// a block's sum (and each lane's) stays below 2^32.
const BLOCK: usize = 1 << 16;

type Pixel = (f32, f32);

/// The point of pixel (`row`, `col`) of an image `height` rows high and `width` wide,
/// over the same region as the double-precision kernel.
fn point(height: u64, width: u64, row: u64, col: u64) -> Pixel {
    let ci = -1.2f32 + 2.4f32 * (row as f32 + 0.5) / height.max(1) as f32;
    let cr = -2.2f32 + 3.2f32 * (col as f32 + 0.5) / width.max(1) as f32;
    (cr, ci)
}

fn escape(cr: f32, ci: f32) -> u32 {
    let (mut zr, mut zi, mut n) = (0.0f32, 0.0f32, 0);
    while n < MANDELBROT_ITERATIONS && zr * zr + zi * zi <= 4.0 {
        let t = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = t;
        n += 1;
    }
    n
}

/// Iterations (each pixel at most 256) over rows `lo..hi` of a single-precision
/// Mandelbrot image `height` rows high and `4/3 height` wide, a pixel at a time.
pub fn mandelbrot_scalar(height: u64, lo: u64, hi: u64) -> u64 {
    let width = height * 4 / 3;
    let mut total = 0u64;
    for row in lo..hi {
        for col in 0..width {
            let (cr, ci) = point(height, width, row, col);
            total += u64::from(escape(cr, ci));
        }
    }
    total
}

/// The same as [`mandelbrot_scalar`], four pixels of a row at a time (the last
/// `width mod 4` of a row one at a time).
pub fn mandelbrot_lanes(height: u64, lo: u64, hi: u64) -> u64 {
    let width = height * 4 / 3;
    let whole = width - width % LANES as u64;
    let mut total = 0u64;
    for row in lo..hi {
        let mut col = 0;
        while col < whole {
            let mut cr = [0.0f32; LANES];
            let mut ci = [0.0f32; LANES];
            for lane in 0..LANES {
                (cr[lane], ci[lane]) = point(height, width, row, col + lane as u64);
            }
            total += escape4(f32x4::from_array(cr), f32x4::from_array(ci));
            col += LANES as u64;
        }
        for col in whole..width {
            let (cr, ci) = point(height, width, row, col);
            total += u64::from(escape(cr, ci));
        }
    }
    total
}

/// Four pixels' iterations, summed. A lane stops counting the first time its point is
/// outside the circle of radius 2, as the scalar loop stops; the loop ends when every
/// lane has stopped or the cap is reached.
fn escape4(cr: f32x4, ci: f32x4) -> u64 {
    let (mut zr, mut zi) = (f32x4::splat(0.0), f32x4::splat(0.0));
    let (two, four) = (f32x4::splat(2.0), f32x4::splat(4.0));
    let (mut counts, one, zero) = (i32x4::splat(0), i32x4::splat(1), i32x4::splat(0));
    let mut active = mask32x4::splat(true);
    for _ in 0..MANDELBROT_ITERATIONS {
        active &= (zr * zr + zi * zi).simd_le(four);
        if !active.any() {
            break;
        }
        counts += active.select(one, zero);
        let t = zr * zr - zi * zi + cr;
        zi = two * zr * zi + ci;
        zr = t;
    }
    counts.reduce_sum() as u64
}

/// The memory-bound kernel's array: words below 256 drawn from their index, made once
/// per process (per worker in the browser) and shared by its pieces.
pub fn stream_words() -> &'static [u32] {
    static WORDS: OnceLock<Vec<u32>> = OnceLock::new();
    WORDS.get_or_init(|| (0..STREAM_WORDS).map(|i| (mix(i) & 0xff) as u32).collect())
}

/// The parts of the array that items `lo..hi` read, in order.
fn stream_slices(lo: u64, hi: u64) -> impl Iterator<Item = &'static [u32]> {
    let words = stream_words();
    let mut at = lo;
    std::iter::from_fn(move || {
        if at >= hi {
            return None;
        }
        let start = at % STREAM_WORDS;
        let take = (hi - at).min(STREAM_WORDS - start);
        at += take;
        Some(&words[start as usize..(start + take) as usize])
    })
}

/// The sum of the words items `lo..hi` read, a word at a time.
pub fn stream_scalar(lo: u64, hi: u64) -> u64 {
    stream_slices(lo, hi)
        .flat_map(|slice| slice.chunks(BLOCK))
        .map(|block| u64::from(block.iter().fold(0u32, |sum, &w| sum.wrapping_add(w))))
        .sum()
}

/// The same sum, four words an instruction.
pub fn stream_lanes(lo: u64, hi: u64) -> u64 {
    stream_slices(lo, hi)
        .flat_map(|slice| slice.chunks(BLOCK))
        .map(|block| {
            let (head, body, tail) = block.as_simd::<LANES>();
            let lanes = body.iter().fold(u32x4::splat(0), |sum, &w| sum + w);
            let ends = head.iter().chain(tail).map(|&w| u64::from(w)).sum::<u64>();
            lanes.cast::<u64>().reduce_sum() + ends
        })
        .sum()
}

/// How the speedups of one workload multiply, from its four times (milliseconds): a
/// lane on one core, four lanes on one core, a lane on each of N cores, four lanes on
/// each of N cores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Multiplied {
    /// Four lanes against one, on one core.
    pub lanes: f64,
    /// N cores against one, a lane each.
    pub cores: f64,
    /// Four lanes on N cores against one lane on one core: what was measured.
    pub total: f64,
    /// `lanes × cores`: what the total would be if the two speedups multiplied.
    pub product: f64,
}

impl Multiplied {
    /// `None` unless every time is a positive number.
    pub fn from_ms(
        scalar_one: f64,
        lanes_one: f64,
        scalar_all: f64,
        lanes_all: f64,
    ) -> Option<Multiplied> {
        let times = [scalar_one, lanes_one, scalar_all, lanes_all];
        if !times.iter().all(|t| t.is_finite() && *t > 0.0) {
            return None;
        }
        let (lanes, cores) = (scalar_one / lanes_one, scalar_one / scalar_all);
        Some(Multiplied {
            lanes,
            cores,
            total: scalar_one / lanes_all,
            product: lanes * cores,
        })
    }

    /// The part of the product that the measured total reached (1: the speedups
    /// multiplied; less: something else, such as memory bandwidth, ran out first).
    pub fn reached(&self) -> f64 {
        self.total / self.product
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pieces::split;

    #[test]
    fn four_lanes_count_exactly_the_iterations_of_one() {
        // Heights whose widths leave 0, 1, 2 and 3 pixels after the last group of four.
        for height in [3, 30, 60, 61, 97, 120] {
            let whole = mandelbrot_scalar(height, 0, height);
            assert_eq!(
                mandelbrot_lanes(height, 0, height),
                whole,
                "height {height}"
            );
            let pieces: u64 = split(0, height, 7)
                .iter()
                .map(|p| mandelbrot_lanes(height, p.lo, p.hi))
                .sum();
            assert_eq!(pieces, whole, "height {height} in pieces");
        }
    }

    #[test]
    fn the_single_precision_image_is_the_double_precision_one_within_a_tolerance() {
        // Rounding differs at the set's edge, so a pixel may escape an iteration sooner
        // or later; the totals agree within 1 %.
        let (f32s, f64s) = (
            mandelbrot_scalar(90, 0, 90) as f64,
            crate::kernels::run_sequential(crate::Kernel::Mandelbrot, 90) as f64,
        );
        assert!((f32s - f64s).abs() / f64s < 0.01, "{f32s} against {f64s}");
    }

    #[test]
    fn speedups_multiply_when_the_times_say_so() {
        // 400 ms a lane on one core, 100 with four lanes, 200 on two cores: 50 on two
        // cores with four lanes is the product, 8; 80 reaches 5/8 of it.
        let full = Multiplied::from_ms(400.0, 100.0, 200.0, 50.0).unwrap();
        assert_eq!(
            (full.lanes, full.cores, full.total, full.product),
            (4.0, 2.0, 8.0, 8.0)
        );
        assert_eq!(full.reached(), 1.0);
        let short = Multiplied::from_ms(400.0, 100.0, 200.0, 80.0).unwrap();
        assert_eq!(short.reached(), 5.0 / 8.0);
        assert_eq!(Multiplied::from_ms(400.0, 0.0, 200.0, 50.0), None);
        assert_eq!(Multiplied::from_ms(f64::NAN, 1.0, 1.0, 1.0), None);
    }

    #[test]
    fn four_lanes_sum_exactly_what_one_sums() {
        let n = STREAM_WORDS;
        for (lo, hi) in [
            (0, 10),
            (3, 1_000_003),
            (n - 5, n + 7),
            (n - 100_000, 2 * n + 1),
        ] {
            assert_eq!(stream_lanes(lo, hi), stream_scalar(lo, hi), "{lo}..{hi}");
        }
        let direct: u64 = (0..1_000u64).map(|i| mix(i) & 0xff).sum();
        assert_eq!(stream_scalar(0, 1_000), direct);
        // Reading the array twice sums it twice.
        assert_eq!(stream_lanes(0, 2 * n), 2 * stream_lanes(0, n));
    }
}
