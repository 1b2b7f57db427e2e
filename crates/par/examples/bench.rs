//! Benchmark (figures, not pass/fail): each kernel natively, on one thread and on a
//! rayon pool of 2 and of all threads, at the largest size the lesson offers, so that
//! the browser's figures (tests/bench.mjs) can be set against them.
//! `cargo run --release -p interleave-par --example bench`

use std::time::Instant;

use interleave_par::{Kernel, kernels};

fn best_ms(runs: u32, mut f: impl FnMut() -> u64) -> (f64, u64) {
    let mut best = f64::INFINITY;
    let mut value = 0;
    for _ in 0..runs {
        let t = Instant::now();
        value = f();
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
    }
    (best, value)
}

fn main() {
    let all = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "kernel        size         1 thread (ms)   2 threads (ms)   speedup   {all} threads (ms)   speedup"
    );
    for (kernel, size) in [
        (Kernel::Primes, 10_000_000),
        (Kernel::Mandelbrot, 2_400),
        (Kernel::Pi, 100_000_000),
        (Kernel::Matrix, 800),
        (Kernel::Sort, 10_000_000),
    ] {
        let (one, value) = best_ms(3, || kernels::run_sequential(kernel, size));
        let on = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a pool");
            best_ms(3, || {
                pool.install(|| {
                    kernels::run_rayon(
                        kernel,
                        size,
                        0,
                        (threads as u32 * 16).max(32),
                        &|| 0.0,
                        &|_| (),
                    )
                    .value
                })
            })
        };
        let (two, v2) = on(2);
        let (many, vm) = on(all);
        assert!(
            v2 == value && vm == value,
            "{kernel:?}: the parallel runs disagree"
        );
        println!(
            "{:<13} {:<12} {:>13.0}   {:>14.0}   {:>6.2}x   {:>14.0}   {:>6.2}x",
            kernel.key(),
            size,
            one,
            two,
            one / two,
            many,
            one / many
        );
    }
}
