//! The sweep's settings: read from the link against the platform and the cores, and
//! written back to it; what they make of a sweep (modes, pieces, runs).

use interleave_par::Kernel;
use serde::{Deserialize, Serialize};

use crate::lessons::kernels::KernelLesson;
use crate::platform::Platform;
use crate::pool::Mode;

/// Pieces per run, the same at every worker count so that only the workers change.
/// (The sort takes two chunks per worker of the largest count, and as many buckets:
/// each of its pieces costs a round trip of its keys.)
const PIECES: u32 = 64;
/// Each worker count runs once untimed (compiling, warming caches), then this many times.
pub const REPS: [u32; 3] = [1, 3, 5];
/// The sequential pre-pass, in percent of the items.
pub const SERIAL: [u32; 5] = [0, 5, 10, 25, 50];
/// The most workers a sweep may start.
pub const MOST: u32 = 24;

/// The sweep's settings in the URL: `?kernel=mandelbrot&size=1200&modes=shared,message
/// &upto=4&reps=3&serial=0&f=5`. Anything missing or out of range takes its default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Query {
    pub kernel: Option<String>,
    pub size: Option<u64>,
    pub modes: Option<String>,
    pub upto: Option<u32>,
    pub reps: Option<u32>,
    pub serial: Option<u32>,
    pub f: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Settings {
    #[serde(serialize_with = "kernel_key")]
    pub kernel: Kernel,
    pub size: u64,
    pub shared: bool,
    pub message: bool,
    pub upto: u32,
    pub reps: u32,
    /// The sequential pre-pass, in percent of the items.
    pub serial_pct: u32,
    /// The serial fraction of the law curves, in percent (display only).
    pub law_pct: u32,
}

fn kernel_key<S: serde::Serializer>(k: &Kernel, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(k.key())
}

impl Settings {
    pub fn from_query(query: &Query, platform: &Platform, cores: u32) -> Settings {
        let (kernel, size) =
            KernelLesson::Scaling.choose(query.kernel.as_deref(), query.size, Kernel::Mandelbrot);
        let modes = query.modes.as_deref().unwrap_or("shared,message");
        let shared = platform.isolated && modes.split(',').any(|m| m == "shared");
        let message = modes.split(',').any(|m| m == "message") || !shared;
        let upto = query
            .upto
            .filter(|u| upto_choices(platform, cores).contains(u))
            .unwrap_or((cores + 2).min(MOST));
        Settings {
            kernel,
            size,
            shared,
            message,
            upto,
            reps: query.reps.filter(|r| REPS.contains(r)).unwrap_or(3),
            serial_pct: query.serial.filter(|s| SERIAL.contains(s)).unwrap_or(0),
            law_pct: query.f.filter(|f| *f <= 100).unwrap_or(5),
        }
    }

    pub fn to_query(self) -> Query {
        let modes: Vec<&str> = [(self.shared, "shared"), (self.message, "message")]
            .into_iter()
            .filter_map(|(on, key)| on.then_some(key))
            .collect();
        Query {
            kernel: Some(self.kernel.key().into()),
            size: Some(self.size),
            modes: Some(modes.join(",")),
            upto: Some(self.upto),
            reps: Some(self.reps),
            serial: Some(self.serial_pct),
            f: Some(self.law_pct),
        }
    }

    pub fn modes(self) -> Vec<Mode> {
        [
            (self.shared, Mode::SharedMemory),
            (self.message, Mode::MessagePassing),
        ]
        .into_iter()
        .filter_map(|(on, m)| on.then_some(m))
        .collect()
    }

    pub fn pieces(self) -> u32 {
        if self.kernel.additive() {
            PIECES
        } else {
            2 * self.upto
        }
    }

    /// The items of the pre-pass (none for the sort, whose rounds have none).
    pub fn serial_items(self) -> u64 {
        if !self.kernel.additive() {
            return 0;
        }
        self.size * u64::from(self.serial_pct) / 100
    }

    /// Every run of the sweep, warm-up runs included.
    pub fn runs(self) -> u32 {
        self.modes().len() as u32 * self.upto * (self.reps + 1)
    }
}

/// The largest worker counts offered: 2 up to a few more than the cores (measured or
/// hinted), to show what oversubscription does.
pub fn upto_choices(platform: &Platform, cores: u32) -> Vec<u32> {
    (2..=(platform.hardware_threads.max(cores) + 4).min(MOST)).collect()
}
