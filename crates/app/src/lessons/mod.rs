//! The catalogue of lessons shown on the home page, and the component of each.

pub mod cores;
pub mod kernels;
pub mod queue;
pub mod race;
pub mod replayed;
pub mod responsive;
pub mod scaling;
pub mod settings;
pub mod simd;

use yew::prelude::*;

/// One lesson: what the home page shows of it and the claim it teaches.
#[derive(Debug, PartialEq)]
pub struct Lesson {
    /// The lesson's part of the URL: `#/lesson/<id>` and `#/embed/<id>`.
    pub id: &'static str,
    pub title: &'static str,
    /// The one sentence the lesson lets the learner see for themselves.
    pub claim: &'static str,
    pub tags: &'static [&'static str],
}

pub static LESSONS: &[Lesson] = &[
    Lesson {
        id: "scheduler",
        title: "The scheduler lab",
        claim: "The same tasks take turns on one core and run at once on many: edit the workload and \
                watch both, tick by tick.",
        tags: &["concurrency", "parallelism", "scheduling"],
    },
    Lesson {
        id: "responsive",
        title: "Keep the page responsive",
        claim: "One thread runs the page: a long job on it freezes the animation and your \
                keys; in slices it takes turns with the page, in workers it runs beside it. \
                Measured on this page, with the event loop stepped through.",
        tags: &["concurrency", "event loop", "real main thread", "workers"],
    },
    Lesson {
        id: "cores",
        title: "One core or two?",
        claim: "Work that splits into independent pieces (primes, a fractal, Monte Carlo, a matrix \
            product), timed on one worker and then on several, on your own cores: the page shows \
            the speedup your machine gives beside the ideal one.",
        tags: &["parallelism", "real workers", "speedup"],
    },
    Lesson {
        id: "scaling",
        title: "How far does it scale?",
        claim: "Sweep from one worker to many on your own cores, in shared memory and by message passing: \
                speedup flattens at the cores you really have, and a serial part caps it as \
                Amdahl's law says.",
        tags: &["parallelism", "Amdahl's law", "real workers"],
    },
    Lesson {
        id: "simd",
        title: "Lanes \u{00d7} cores",
        claim: "One instruction on four numbers (SIMD) is parallelism inside one core: on \
                arithmetic it multiplies with the cores, on a big array the memory runs out \
                first. Measured on your machine.",
        tags: &["parallelism", "SIMD", "real workers", "memory bandwidth"],
    },
    Lesson {
        id: "interleavings",
        title: "Play the scheduler: lost updates",
        claim: "Two threads that read, add one and write back a shared counter can lose an \
                update: you pick who steps next and make it happen, then the explorer counts \
                every interleaving and proves the fixes.",
        tags: &["race condition", "interleavings", "explorer"],
    },
    Lesson {
        id: "locks",
        title: "One key or a bowl of keys",
        claim: "A mutex lets one thread in, a semaphore of k permits lets k in, and a bounded \
                buffer needs both waiting and signalling: play them, then let the explorer \
                prove the bounds.",
        tags: &["mutex", "semaphore", "condition variable"],
    },
    Lesson {
        id: "deadlock",
        title: "Deadlock: find the cycle",
        claim: "Locks taken in opposite orders can wait on each other forever; the wait-for \
                graph shows the cycle, and one global lock order makes it impossible.",
        tags: &["deadlock", "dining philosophers", "wait-for graph"],
    },
    Lesson {
        id: "queue",
        title: "A message queue",
        claim: "Producers and consumers meet through a queue: a group's consumers share its \
                partitions, so past the partition count they add no throughput; a bounded queue \
                bounds latency and makes producers wait or drop; every group of a \
                publish-subscribe queue sees every message.",
        tags: &["message queue", "pub-sub", "backpressure", "simulated"],
    },
    Lesson {
        id: "race",
        title: "Lost updates on real cores",
        claim: "Workers that read, add one and write back a shared counter lose updates; an atomic \
                add or a mutex loses none.",
        tags: &["race condition", "real workers", "atomics"],
    },
];

/// The system-design labs, one lesson each, made from their data in
/// `interleave_lessons::systems` (title and claim live there, once).
pub static SYSTEM_LESSONS: std::sync::LazyLock<Vec<Lesson>> = std::sync::LazyLock::new(|| {
    interleave_lessons::systems::CATALOGUE
        .iter()
        .map(|s| Lesson {
            id: s.id,
            title: s.title,
            claim: s.claim,
            tags: &["system design", "latency", "simulated"],
        })
        .collect()
});

pub fn find(id: &str) -> Option<&'static Lesson> {
    LESSONS
        .iter()
        .chain(SYSTEM_LESSONS.iter())
        .find(|lesson| lesson.id == id)
}

/// The interactive body of a lesson: its part's view, once its module is loaded.
pub fn body(lesson: &'static Lesson, route: &crate::route::Route) -> Html {
    html! { <crate::parts::PartView part={crate::parts::Part::of_lesson(lesson.id)} route={route.clone()} /> }
}

#[cfg(test)]
mod tests {
    use interleave_lessons::tour::STEPS;
    use interleave_par::scaling::{amdahl, gustafson};

    use super::LESSONS;

    /// The words of `text` that state a number or an ordering: digits, percentages,
    /// and comparatives.
    fn figures(text: &str) -> Vec<String> {
        const ORDERING: [&str; 22] = [
            "more", "less", "fewer", "faster", "slower", "longer", "shorter", "higher", "lower",
            "larger", "smaller", "bigger", "half", "twice", "double", "triple", "times", "than",
            "most", "least", "percent", "quarter",
        ];
        text.split(|c: char| !(c.is_alphanumeric() || c == '%'))
            .filter(|w| {
                w.chars().any(|c| c.is_ascii_digit() || c == '%')
                    || ORDERING.contains(&w.to_lowercase().as_str())
            })
            .map(str::to_string)
            .collect()
    }

    /// A sentence that states a number or an ordering has a check that computes it.
    /// The presets', levels', system labs' and checked tour steps' claims each come
    /// with their check, run by `interleave-lessons`' tests (`check` is a field of
    /// theirs). What comes with none (the lessons' own claims here, a tour step
    /// measured on the visitor's machine) must state no figure, or have it checked
    /// here; so a new claim with a figure and no check fails.
    #[test]
    fn a_claim_that_states_a_figure_is_checked() {
        for lesson in LESSONS {
            let found = figures(lesson.claim);
            assert!(
                found.is_empty(),
                "lesson {}: {found:?} and no check",
                lesson.id
            );
        }
        for step in STEPS.iter().filter(|s| s.check.is_none()) {
            match step.id {
                // Amdahl's law as the step states it: no number of cores makes the job
                // more than 1/f times faster; Gustafson's speedup grows with the cores.
                "serial-part" => {
                    for f in [0.05, 0.25, 0.5, 1.0] {
                        for p in [1.0, 2.0, 16.0, 1e3, 1e6] {
                            assert!(amdahl(f, p) <= 1.0 / f + 1e-9, "f {f}, {p} cores");
                            assert!(gustafson(f, 2.0 * p) > gustafson(f, p) || f == 1.0);
                        }
                    }
                }
                id => {
                    let found = figures(step.text);
                    assert!(found.is_empty(), "tour step {id}: {found:?} and no check");
                }
            }
        }
    }
}
