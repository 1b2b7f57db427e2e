//! Real races on real cores: several threads add one to one shared counter, each many
//! times, in three ways. A separate atomic load and store (read, add, write back) loses
//! updates when another thread writes in between; an atomic fetch-add and a mutex lose
//! none. Threads start together behind a barrier, so that they truly overlap.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Increment {
    /// `load`, then `store(value + 1)`: a read-modify-write that is not atomic.
    LoadStore,
    /// `fetch_add(1)`: one indivisible read-modify-write.
    FetchAdd,
    /// A mutex around `count += 1`.
    Mutex,
}

impl Increment {
    pub const ALL: [Increment; 3] = [Increment::LoadStore, Increment::FetchAdd, Increment::Mutex];
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RaceReport {
    pub increment: Increment,
    pub threads: u32,
    pub per_thread: u64,
    /// `threads * per_thread`: what the counter should hold.
    pub expected: u64,
    pub counted: u64,
    pub lost: u64,
    pub ms: f64,
}

/// Runs `threads` threads of the current rayon pool, each adding one `per_thread`
/// times. `threads` must not exceed the pool's size (they wait for each other).
pub fn race(
    increment: Increment,
    threads: u32,
    per_thread: u64,
    clock: &(impl Fn() -> f64 + Sync),
) -> RaceReport {
    let threads = threads.clamp(1, rayon::current_num_threads() as u32);
    let counter = AtomicU64::new(0);
    let locked = Mutex::new(0u64);
    let ready = AtomicUsize::new(0);
    let start = clock();
    rayon::scope(|s| {
        for _ in 0..threads {
            s.spawn(|_| {
                ready.fetch_add(1, Ordering::SeqCst);
                while ready.load(Ordering::SeqCst) < threads as usize {
                    std::hint::spin_loop();
                }
                for _ in 0..per_thread {
                    match increment {
                        Increment::LoadStore => {
                            let v = counter.load(Ordering::Relaxed);
                            counter.store(v + 1, Ordering::Relaxed);
                        }
                        Increment::FetchAdd => {
                            counter.fetch_add(1, Ordering::Relaxed);
                        }
                        Increment::Mutex => {
                            *locked.lock().unwrap_or_else(|e| e.into_inner()) += 1;
                        }
                    }
                }
            });
        }
    });
    let ms = clock() - start;
    let counted = match increment {
        Increment::Mutex => *locked.lock().unwrap_or_else(|e| e.into_inner()),
        _ => counter.load(Ordering::SeqCst),
    };
    let expected = u64::from(threads) * per_thread;
    RaceReport {
        increment,
        threads,
        per_thread,
        expected,
        counted,
        lost: expected.saturating_sub(counted),
        ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synchronised_increments_lose_nothing_and_the_race_never_gains() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let clock = || 0.0;
        for increment in Increment::ALL {
            let r = pool.install(|| race(increment, 4, 100_000, &clock));
            assert_eq!(r.expected, 400_000);
            assert!(r.counted <= r.expected, "{r:?}");
            assert!(
                r.counted >= r.per_thread,
                "at least one thread's worth: {r:?}"
            );
            if increment != Increment::LoadStore {
                assert_eq!(r.lost, 0, "{r:?}");
            }
        }
    }

    #[test]
    fn threads_are_capped_at_the_pool_size() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let r = pool.install(|| race(Increment::FetchAdd, 8, 10, &|| 0.0));
        assert_eq!((r.threads, r.counted), (2, 20));
    }
}
