//! The Mandelbrot image every Mandelbrot kernel computes, in double precision here and
//! in single precision four lanes at a time in `lanes`: its iteration cap and its
//! pixels' frame.

/// The iteration cap of the Mandelbrot kernels.
pub const MANDELBROT_ITERATIONS: u32 = 256;

/// Iterations (at most 256) of pixel (`row`, `col`) of the kernel's Mandelbrot image,
/// `height` rows high and `4/3 height` wide: for drawing a preview of the same picture.
pub fn mandelbrot_pixel(height: u64, row: u64, col: u64) -> u32 {
    let width = (height * 4 / 3).max(1);
    let ci = -1.2 + 2.4 * (row as f64 + 0.5) / height.max(1) as f64;
    let cr = -2.2 + 3.2 * (col as f64 + 0.5) / width as f64;
    let (mut zr, mut zi, mut n) = (0.0f64, 0.0f64, 0);
    while n < MANDELBROT_ITERATIONS && zr * zr + zi * zi <= 4.0 {
        let t = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = t;
        n += 1;
    }
    n
}
