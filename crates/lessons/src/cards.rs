//! Each lesson's card picture, drawn from a real run of the lesson's own material:
//! the scheduler's chef on one core, four computing tasks on two cores and their
//! speedup on 1 to 8, the explorer's endings of the lost update, of a bowl of keys and
//! of two lock orders, the lost update's interleaving, what waits for the event loop at
//! each step of a snippet, the work in each band of the
//! SIMD lesson's image, and each system lab's latency histogram. Pictures are data (fractions of the run, never pixels); the app draws
//! them. No two are alike (a test checks).

use interleave_sim::latency::latency;
use interleave_sim::program::{self, Program, Search, explore};
use interleave_sim::{Options, Report, Scenario, parse, simulate, simulate_with};

use crate::programs::{LEVELS, bad_runs};
use crate::tour::deadlocked_runs;
use crate::{PRESETS, systems};

/// What a card shows, as fractions of the run.
#[derive(Debug, Clone, PartialEq)]
pub enum Picture {
    /// Intervals on lanes over one time axis, each with its task (a colour).
    Lanes(Vec<Vec<Span>>),
    /// Bars, their heights as fractions of the tallest (on the scale the picture chose).
    Bars(Vec<Bar>),
    /// A curve through points, both axes as fractions of their range.
    Curve(Vec<(f64, f64)>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub from: f64,
    pub to: f64,
    pub task: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub height: f64,
    /// A bad ending (an update lost, a deadlock).
    pub bad: bool,
}

/// The card picture of the lesson `id` (as in `#/lesson/<id>`); none for an unknown id.
pub fn picture(id: &str) -> Option<Picture> {
    let preset = |id: &str| PRESETS.iter().find(|p| p.id == id).map(|p| p.text);
    let level = |id: &str| {
        let l = LEVELS.iter().find(|l| l.id == id)?;
        program::parse(l.text).ok()
    };
    match id {
        "scheduler" => Some(lanes_by_task(&simulate(&parse(preset("chef")?).ok()?))),
        "cores" => {
            let s = parse(preset("cpu-bound")?).ok()?;
            Some(lanes_by_core(&simulate(&Scenario { cores: 2, ..s })))
        }
        "scaling" => {
            let s = parse(preset("cpu-bound")?).ok()?;
            let makespan = |cores| {
                simulate_with(&Scenario { cores, ..s.clone() }, Options { trace: false }).makespan
            };
            let one = makespan(1) as f64;
            let points = (1..=8u32)
                .map(|c| (f64::from(c) / 8.0, one / makespan(c).max(1) as f64 / 8.0))
                .collect();
            Some(Picture::Curve(points))
        }
        "interleavings" => Some(endings(&[level("counter")?, level("mutex")?])),
        "locks" => Some(endings(&[level("one-key")?, level("bowl-of-keys")?])),
        "deadlock" => Some(endings(&[level("two-locks")?, level("ordered-locks")?])),
        "race" => Some(played(&level("counter")?)),
        // What waits for the event loop (tasks and microtasks) at each step of a
        // snippet's run.
        "responsive" => {
            let snippet = crate::event_loop::find("microtasks-between-tasks")?;
            let states = crate::event_loop::trace(snippet);
            let waiting = |s: &crate::event_loop::State| s.tasks.len() + s.microtasks.len();
            let top = states.iter().map(waiting).max()?.max(1) as f64;
            let bars = states.iter().map(|s| Bar {
                height: waiting(s) as f64 / top,
                bad: false,
            });
            Some(Picture::Bars(bars.collect()))
        }
        // The iterations of each band of rows of the SIMD lesson's image, counted four
        // pixels at a time: the work its pieces share out.
        "simd" => {
            let (height, bands) = (48, 12);
            let work: Vec<u64> = (0..bands)
                .map(|b| interleave_par::lanes::mandelbrot_lanes(height, b * 4, b * 4 + 4))
                .collect();
            let top = work.iter().copied().max()?.max(1) as f64;
            let bars = work.iter().map(|&w| Bar {
                height: w as f64 / top,
                bad: false,
            });
            Some(Picture::Bars(bars.collect()))
        }
        // The sweep of consumers: rising to the partitions, flat past them.
        "queue" => {
            let sweep = crate::queue::sweep(crate::queue::WORKLOADS[0].text)?;
            let top = sweep.iter().map(|p| p.1).fold(f64::MIN_POSITIVE, f64::max);
            let bars = sweep.iter().map(|&(_, t)| Bar {
                height: t / top,
                bad: false,
            });
            Some(Picture::Bars(bars.collect()))
        }
        _ => {
            let study = systems::find(id)?;
            let s = study.scenario();
            let l = latency(&s, &simulate_with(&s, Options { trace: false }));
            let top = l.histogram.counts.iter().copied().max().unwrap_or(1).max(1) as f64;
            let bars = l.histogram.counts.iter().map(|&n| Bar {
                height: n as f64 / top,
                bad: false,
            });
            Some(Picture::Bars(bars.collect()))
        }
    }
}

/// A lane for each task: when it ran.
fn lanes_by_task(r: &Report) -> Picture {
    let end = r.makespan.max(1) as f64;
    let mut lanes = vec![Vec::new(); r.tasks.len()];
    for s in r.trace.cores.iter().flatten().filter(|s| !s.switch) {
        lanes[s.task as usize].push(Span {
            from: s.start as f64 / end,
            to: s.end as f64 / end,
            task: s.task as usize,
        });
    }
    Picture::Lanes(lanes)
}

/// A lane for each core: which task it ran.
fn lanes_by_core(r: &Report) -> Picture {
    let end = r.makespan.max(1) as f64;
    let lanes = r.trace.cores.iter().map(|core| {
        let spans = core.iter().filter(|s| !s.switch).map(|s| Span {
            from: s.start as f64 / end,
            to: s.end as f64 / end,
            task: s.task as usize,
        });
        spans.collect()
    });
    Picture::Lanes(lanes.collect())
}

/// For each program, the explorer's endings: the runs that end well, then those that
/// end badly (a property broken, a deadlock), their heights on a log scale.
fn endings(programs: &[Program]) -> Picture {
    let counts: Vec<(u128, bool)> = programs
        .iter()
        .flat_map(|p| {
            let e = explore(p, Search::default());
            let bad = bad_runs(&e) + deadlocked_runs(&e);
            let good: u128 = e
                .finals
                .iter()
                .filter(|f| f.ok)
                .filter_map(|f| f.interleavings)
                .sum();
            [(good, false), (bad, true)]
        })
        .filter(|(n, _)| *n > 0)
        .collect();
    // On a log scale: the counts span orders of magnitude (6 runs against 2 550).
    let log = |n: u128| (1.0 + n as f64).ln();
    let top = log(counts.iter().map(|c| c.0).max().unwrap_or(1).max(1));
    let bars = counts.iter().map(|&(n, bad)| Bar {
        height: log(n) / top,
        bad,
    });
    Picture::Bars(bars.collect())
}

/// The program played along the shortest schedule to its goal: a lane for each
/// thread, a step where it moved.
fn played(p: &Program) -> Picture {
    let e = explore(p, Search::default());
    let schedule = e.goal.unwrap_or_default();
    let steps = schedule.len().max(1) as f64;
    let mut lanes = vec![Vec::new(); p.threads.len()];
    for (i, &t) in schedule.iter().enumerate() {
        lanes[t].push(Span {
            from: i as f64 / steps,
            to: (i as f64 + 0.8) / steps,
            task: t,
        });
    }
    Picture::Lanes(lanes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every lesson of the app: the scheduling, real-core and synchronisation lessons,
    /// then the system labs.
    fn lessons() -> Vec<&'static str> {
        let mut ids = vec![
            "scheduler",
            "responsive",
            "cores",
            "scaling",
            "simd",
            "interleavings",
            "race",
            "locks",
            "deadlock",
            "queue",
        ];
        ids.extend(systems::STUDIES.iter().map(|s| s.id));
        ids
    }

    #[test]
    fn every_lesson_has_a_picture_and_no_two_are_alike() {
        let lessons = lessons();
        let pictures: Vec<Picture> = lessons
            .iter()
            .map(|id| picture(id).unwrap_or_else(|| panic!("{id} has no picture")))
            .collect();
        for (i, a) in pictures.iter().enumerate() {
            for (j, b) in pictures.iter().enumerate().skip(i + 1) {
                assert_ne!(a, b, "{} and {} look alike", lessons[i], lessons[j]);
            }
        }
        assert_eq!(picture("nothing"), None);
    }

    #[test]
    fn the_lost_update_card_shows_18_bad_endings_beside_2_good() {
        let Some(Picture::Bars(bars)) = picture("interleavings") else {
            panic!("bars");
        };
        let words: Vec<String> = bars
            .iter()
            .map(|b| format!("{:.3}{}", b.height, if b.bad { " bad" } else { "" }))
            .collect();
        // counter: 2 good, 18 bad; the mutex: 2 good (ln 3 / ln 19).
        assert_eq!(words, ["0.373", "1.000 bad", "0.373"]);
    }

    #[test]
    fn the_scaling_card_is_the_speedup_of_four_tasks() {
        let Some(Picture::Curve(points)) = picture("scaling") else {
            panic!("a curve");
        };
        let speedups: Vec<f64> = points.iter().map(|p| p.1 * 8.0).collect();
        assert_eq!(speedups[0], 1.0);
        assert_eq!(speedups[3], 4.0);
        assert_eq!(speedups[7], 4.0);
    }
}
