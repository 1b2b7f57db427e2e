//! The arithmetic of scaling: summaries of repeated timings, speedup and efficiency,
//! Amdahl's and Gustafson's laws, the Karp-Flatt metric, a least-squares fit of the
//! serial fraction, and the parallelism seen in a calibrated probe. Pure functions of
//! measured numbers; nothing here measures.

use serde::{Deserialize, Serialize};

/// Repeated timings of one configuration, summarised.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub runs: usize,
}

impl Spread {
    /// The median (the mean of the middle two for an even count), minimum and maximum
    /// of the finite samples; `None` when there are none.
    pub fn of(samples: &[f64]) -> Option<Spread> {
        let mut xs: Vec<f64> = samples.iter().copied().filter(|x| x.is_finite()).collect();
        if xs.is_empty() {
            return None;
        }
        xs.sort_by(f64::total_cmp);
        let n = xs.len();
        let median = if n % 2 == 1 {
            xs[n / 2]
        } else {
            (xs[n / 2 - 1] + xs[n / 2]) / 2.0
        };
        Some(Spread {
            median,
            min: xs[0],
            max: xs[n - 1],
            runs: n,
        })
    }
}

/// Speedup of a run taking `time` against the baseline `base`; none where either time
/// is not a positive number (a run too short to time), never a 0 that would be judged.
pub fn speedup(base: f64, time: f64) -> Option<f64> {
    (time > 0.0 && base > 0.0 && base.is_finite() && time.is_finite()).then(|| base / time)
}

/// Speedup per worker.
pub fn efficiency(speedup: f64, workers: u32) -> f64 {
    speedup / f64::from(workers.max(1))
}

/// Amdahl's law: the speedup on `p` workers of a job whose serial fraction is `f`
/// (the problem size fixed).
pub fn amdahl(f: f64, p: f64) -> f64 {
    let f = f.clamp(0.0, 1.0);
    1.0 / (f + (1.0 - f) / p.max(1.0))
}

/// Gustafson's law: the scaled speedup on `p` workers when the parallel part grows
/// with `p` and the serial part does not (`f` is the serial fraction of the time on
/// `p` workers).
pub fn gustafson(f: f64, p: f64) -> f64 {
    let f = f.clamp(0.0, 1.0);
    let p = p.max(1.0);
    p - f * (p - 1.0)
}

/// The Karp-Flatt metric: the serial fraction that would explain a measured speedup
/// `s` on `p > 1` workers, `(1/s - 1/p) / (1 - 1/p)`. Undefined (None) for one worker
/// or a non-positive speedup.
pub fn karp_flatt(s: f64, p: u32) -> Option<f64> {
    if p < 2 || s <= 0.0 || !s.is_finite() {
        return None;
    }
    let p = f64::from(p);
    Some((1.0 / s - 1.0 / p) / (1.0 - 1.0 / p))
}

/// The serial fraction `f` that fits measured `(workers, speedup)` points best in the
/// least-squares sense, on Amdahl's law written as a line through the origin:
/// `1/s - 1/p = f (1 - 1/p)`. Points with one worker carry no information and are
/// skipped; `None` when no point is left. The result is clamped to `[0, 1]`.
pub fn fit_serial_fraction(points: &[(u32, f64)]) -> Option<f64> {
    let (mut xy, mut xx) = (0.0, 0.0);
    for &(p, s) in points {
        if p < 2 || s <= 0.0 || !s.is_finite() {
            continue;
        }
        let p = f64::from(p);
        let x = 1.0 - 1.0 / p;
        let y = 1.0 / s - 1.0 / p;
        xy += x * y;
        xx += x * x;
    }
    (xx > 0.0).then(|| (xy / xx).clamp(0.0, 1.0))
}

/// How many workers ran at once in a probe that gave each of `k` workers the same
/// calibrated busy loop: `times[k - 1]` is the wall time with `k` workers started
/// together. At `k`, `k t1 / tk` workers' worth of loops finished per unit of one
/// loop's time; the estimate is the best of these, rounded, and at least 1.
pub fn parallelism(times: &[f64]) -> Option<(u32, f64)> {
    let t1 = *times.first()?;
    if t1 <= 0.0 || !t1.is_finite() {
        return None;
    }
    let best = times
        .iter()
        .enumerate()
        .filter(|(_, t)| **t > 0.0 && t.is_finite())
        .map(|(i, t)| (i + 1) as f64 * t1 / t)
        .fold(1.0, f64::max);
    Some(((best.round() as u32).max(1), best))
}

/// One configuration of a sweep: its worker count and its timed runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timed<'a> {
    pub workers: u32,
    /// Wall time of each run, from request to result.
    pub times_ms: &'a [f64],
    /// Of each run: wall time minus the span in which workers computed.
    pub overhead_ms: &'a [f64],
    /// Starting this configuration's workers, if it was timed.
    pub start_ms: Option<f64>,
}

/// The figures of one configuration, against the one-worker median of its curve.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub workers: u32,
    pub time: Spread,
    pub speedup: f64,
    /// The speedups of the slowest and the fastest run.
    pub speedup_range: (f64, f64),
    pub efficiency: f64,
    pub karp_flatt: Option<f64>,
    pub overhead: Option<Spread>,
    pub start_ms: Option<f64>,
}

/// A sweep's figures for one way of running: a row per worker count, and the serial
/// fraction fitted to the rows up to `cores`.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    pub rows: Vec<Row>,
    pub fit: Option<f64>,
}

/// The curve of `points` (one way of running, in the order measured); `None` without a
/// one-worker run to measure speedup against.
pub fn curve(points: &[Timed], cores: u32) -> Option<Curve> {
    let base = points
        .iter()
        .find(|p| p.workers == 1)
        .and_then(|p| Spread::of(p.times_ms))?
        .median;
    let rows: Vec<Row> = points
        .iter()
        .filter_map(|p| {
            let time = Spread::of(p.times_ms)?;
            // A run too short to time has no speedup (not 0): it gives no row.
            let s = speedup(base, time.median)?;
            Some(Row {
                workers: p.workers,
                time,
                speedup: s,
                speedup_range: (
                    speedup(base, time.max).unwrap_or(s),
                    speedup(base, time.min).unwrap_or(s),
                ),
                efficiency: efficiency(s, p.workers),
                karp_flatt: karp_flatt(s, p.workers),
                overhead: Spread::of(p.overhead_ms),
                start_ms: p.start_ms,
            })
        })
        .collect();
    let fit = fit_serial_fraction(
        &rows
            .iter()
            .filter(|r| r.workers <= cores.max(1))
            .map(|r| (r.workers, r.speedup))
            .collect::<Vec<_>>(),
    );
    Some(Curve { rows, fit })
}

/// The header of a sweep's CSV: one line per timed run, with its configuration's figures.
pub const CSV_HEADER: &str = "mode,workers,run,ms,overhead_ms,median_ms,min_ms,max_ms,speedup,efficiency,karp_flatt,start_ms\n";

/// The CSV lines of one configuration's runs (`mode` names the way of running; `row`
/// is the configuration's figures, if its curve has them).
pub fn csv_lines(mode: &str, point: &Timed, row: Option<&Row>, out: &mut String) {
    let figures = row.map_or_else(
        || ",,,,,".to_string(),
        |r| {
            format!(
                "{:.3},{:.3},{:.3},{:.4},{:.4},{}",
                r.time.median,
                r.time.min,
                r.time.max,
                r.speedup,
                r.efficiency,
                r.karp_flatt.map(|e| format!("{e:.4}")).unwrap_or_default()
            )
        },
    );
    let start = point
        .start_ms
        .map(|s| format!("{s:.3}"))
        .unwrap_or_default();
    for (i, ms) in point.times_ms.iter().enumerate() {
        let overhead = point
            .overhead_ms
            .get(i)
            .map(|o| format!("{o:.3}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{mode},{},{},{ms:.3},{overhead},{figures},{start}\n",
            point.workers,
            i + 1
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// A run too short to time has no speedup, where 0 was judged and drawn as one.
    #[test]
    fn a_run_of_no_time_has_no_speedup() {
        assert_eq!(speedup(10.0, 4.0), Some(2.5));
        assert_eq!(speedup(10.0, 0.0), None);
        assert_eq!(speedup(0.0, 4.0), None);
        assert_eq!(speedup(f64::NAN, 4.0), None);
    }

    #[test]
    fn spread_of_odd_even_and_empty() {
        let s = Spread::of(&[5.0, 1.0, 3.0]).unwrap();
        assert_eq!((s.median, s.min, s.max, s.runs), (3.0, 1.0, 5.0, 3));
        assert_eq!(Spread::of(&[4.0, 2.0]).unwrap().median, 3.0);
        assert_eq!(Spread::of(&[]), None);
        assert_eq!(Spread::of(&[f64::NAN]), None);
    }

    #[test]
    fn the_laws_at_their_limits() {
        assert!(close(amdahl(0.0, 8.0), 8.0));
        assert!(close(amdahl(1.0, 8.0), 1.0));
        assert!(close(amdahl(0.1, 1.0), 1.0));
        // 10 % serial: never more than 10x, however many workers.
        assert!(amdahl(0.1, 1e9) < 10.0 && amdahl(0.1, 1e9) > 9.99);
        assert!(close(gustafson(0.0, 8.0), 8.0));
        assert!(close(gustafson(1.0, 8.0), 1.0));
        assert!(close(gustafson(0.1, 8.0), 7.3));
    }

    #[test]
    fn karp_flatt_recovers_the_serial_fraction_of_an_amdahl_speedup() {
        for f in [0.0, 0.05, 0.3, 1.0] {
            for p in [2, 3, 8, 64] {
                let e = karp_flatt(amdahl(f, f64::from(p)), p).unwrap();
                assert!(close(e, f), "f {f}, p {p}: {e}");
            }
        }
        assert_eq!(karp_flatt(1.5, 1), None);
        assert_eq!(karp_flatt(0.0, 4), None);
    }

    #[test]
    fn the_fit_recovers_the_serial_fraction_of_exact_points() {
        for f in [0.0, 0.02, 0.25, 0.6] {
            let points: Vec<(u32, f64)> = (1..=8).map(|p| (p, amdahl(f, f64::from(p)))).collect();
            let fit = fit_serial_fraction(&points).unwrap();
            assert!(close(fit, f), "f {f}: fitted {fit}");
        }
        assert_eq!(fit_serial_fraction(&[(1, 1.0)]), None);
        // Superlinear points fit a fraction of zero, not a negative one.
        assert_eq!(fit_serial_fraction(&[(2, 2.5), (4, 5.0)]), Some(0.0));
    }

    #[test]
    fn the_fit_of_noisy_points_lies_between_their_karp_flatt_values() {
        let points = [(2, 1.85), (3, 2.4), (4, 2.9)];
        let fit = fit_serial_fraction(&points).unwrap();
        let kf: Vec<f64> = points
            .iter()
            .map(|&(p, s)| karp_flatt(s, p).unwrap())
            .collect();
        let (lo, hi) = kf
            .iter()
            .fold((1.0f64, 0.0f64), |(l, h), &e| (l.min(e), h.max(e)));
        assert!(lo <= fit && fit <= hi, "{fit} not in {lo}..{hi}");
    }

    #[test]
    fn parallelism_of_a_probe() {
        // Two cores: two loops take as long as one; four take twice as long.
        assert_eq!(
            parallelism(&[100.0, 104.0, 150.0, 201.0]).map(|p| p.0),
            Some(2)
        );
        // One core: k loops take k times as long.
        assert_eq!(parallelism(&[50.0, 100.0, 150.0]).map(|p| p.0), Some(1));
        assert_eq!(parallelism(&[]), None);
        assert_eq!(parallelism(&[0.0, 1.0]), None);
    }

    #[test]
    fn a_curve_from_timed_runs_and_its_csv() {
        let timed = [
            Timed {
                workers: 1,
                times_ms: &[100.0, 104.0, 96.0],
                overhead_ms: &[1.0, 1.0, 1.0],
                start_ms: Some(5.0),
            },
            Timed {
                workers: 2,
                times_ms: &[55.0, 50.0, 60.0],
                overhead_ms: &[2.0, 2.0, 2.0],
                start_ms: None,
            },
            Timed {
                workers: 4,
                times_ms: &[40.0],
                overhead_ms: &[],
                start_ms: None,
            },
        ];
        let c = curve(&timed, 2).unwrap();
        let figures: Vec<_> = c
            .rows
            .iter()
            .map(|r| (r.workers, r.speedup, r.efficiency, r.speedup_range))
            .collect();
        assert_eq!(
            figures,
            [
                (1, 1.0, 1.0, (100.0 / 104.0, 100.0 / 96.0)),
                (2, 100.0 / 55.0, 100.0 / 110.0, (100.0 / 60.0, 2.0)),
                (4, 2.5, 0.625, (2.5, 2.5)),
            ]
        );
        // Fitted to the rows up to the cores (2): 1/s - 1/2 = f (1 - 1/2).
        assert!(close(c.fit.unwrap(), (0.55 - 0.5) / 0.5));
        assert_eq!(c.rows[2].overhead, None);
        // No one-worker run: no curve.
        assert_eq!(curve(&timed[1..], 2), None);

        let mut out = String::from(CSV_HEADER);
        csv_lines("message", &timed[0], Some(&c.rows[0]), &mut out);
        csv_lines("message", &timed[2], None, &mut out);
        assert_eq!(
            out,
            "mode,workers,run,ms,overhead_ms,median_ms,min_ms,max_ms,speedup,efficiency,karp_flatt,start_ms\n\
             message,1,1,100.000,1.000,100.000,96.000,104.000,1.0000,1.0000,,5.000\n\
             message,1,2,104.000,1.000,100.000,96.000,104.000,1.0000,1.0000,,5.000\n\
             message,1,3,96.000,1.000,100.000,96.000,104.000,1.0000,1.0000,,5.000\n\
             message,4,1,40.000,,,,,,,,\n"
        );
    }
}
