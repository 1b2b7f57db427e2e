//! The home page: what Interleave is, the tour first, then a card for each lesson,
//! by topic in the tour's order.

use yew::prelude::*;

use super::picture::CardPicture;
use crate::components::work::YourWork;
use crate::lessons::{Lesson, find};
use interleave_lessons::tour::STEPS;

/// The lessons by topic, in the tour's order: a learner who finished the tour goes on
/// where it left them.
struct Topic {
    id: &'static str,
    heading: &'static str,
    line: &'static str,
    lessons: &'static [&'static str],
}

const TOPICS: &[Topic] = &[
    Topic {
        id: "scheduling",
        heading: "Taking turns: scheduling",
        line: "One core, many tasks: who runs next, for how long, and what it costs.",
        lessons: &["scheduler", "responsive"],
    },
    Topic {
        id: "cores",
        heading: "Real cores",
        line: "The same job on one worker and on many, measured on this machine.",
        lessons: &["cores", "scaling", "simd"],
    },
    Topic {
        id: "sharing",
        heading: "Sharing and synchronisation",
        line: "Threads that share memory: lost updates, locks, semaphores and deadlock, played by \
         hand and searched exhaustively.",
        lessons: &["interleavings", "race", "locks", "deadlock"],
    },
    Topic {
        id: "systems",
        heading: "Systems",
        line: "Servers, pools, balancers and shards are concurrency and parallelism in disguise: \
         change one knob and watch latency and throughput answer.",
        lessons: &[
            "queue",
            "event-loop",
            "thread-pool",
            "connection-pool",
            "load-balancer",
            "scatter-gather",
            "map-reduce",
        ],
    },
];

/// A topic's heading, one line on it, and its lessons' cards (their pictures drawn at
/// once when `now`, else after the page has painted).
fn topic(t: &Topic, now: bool) -> Html {
    let heading_id = format!("topic-{}", t.id);
    html! {
        <section aria-labelledby={heading_id.clone()} class="topic">
            <h2 id={heading_id}>{ t.heading }</h2>
            <p>{ t.line }</p>
            <ul class="cards">
                { for t.lessons.iter().filter_map(|id| find(id)).map(|l| card(l, order(l.id), now)) }
            </ul>
        </section>
    }
}

#[function_component(Home)]
pub fn home() -> Html {
    html! {
        <>
            { front(false) }
            <YourWork />
        </>
    }
}

/// What the home page says before anything is saved: what Interleave is, the tour,
/// and the topics with their cards. The build renders it (with the pictures drawn)
/// into the page itself, so that it paints before the app has loaded: see `front.rs`.
pub fn front(now: bool) -> Html {
    html! {
        <>
            <section class="hero">
                <h1>{ "See concurrency and parallelism happen" }</h1>
                <p class="lead">
                    { "Concurrency is about structure: many tasks in progress, taking turns. \
                       Parallelism is about execution: many tasks running at the same instant. \
                       Here you do both, on simulated cores and on the real cores of this machine." }
                </p>
            </section>
            <section class="tour-start" aria-labelledby="tour-heading">
                <h2 id="tour-heading">{ "Start here: the tour" }</h2>
                <p>
                    { format!("{} short steps, each a live run and a question: predict, then see. \
                               New to the subject? Begin with step 1.", STEPS.len()) }
                </p>
                <a href="#/tour" class="button primary">{ "Take the tour \u{2192}" }</a>
            </section>
            { for TOPICS.iter().map(|t| topic(t, now)) }
        </>
    }
}

/// A lesson's place on the page, in the topics' order.
fn order(id: &str) -> u32 {
    let mut all = TOPICS.iter().flat_map(|t| t.lessons.iter());
    all.position(|l| *l == id).unwrap_or_default() as u32
}

fn card(lesson: &'static Lesson, order: u32, now: bool) -> Html {
    html! {
        <li class="card" data-lesson={lesson.id}>
            <a href={format!("#/lesson/{}", lesson.id)} class="card-link">
                <CardPicture lesson={lesson.id} {order} {now} />
                <span class="card-title">{ lesson.title }</span>
                <span class="card-claim">{ lesson.claim }</span>
                <span class="tags">
                    { for lesson.tags.iter().map(|t| html! { <span class="tag">{ *t }</span> }) }
                </span>
            </a>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::TOPICS;
    use crate::lessons::{LESSONS, SYSTEM_LESSONS, find};

    /// Every lesson sits under exactly one topic, and every topic names lessons.
    #[test]
    fn every_lesson_has_one_topic() {
        let listed: Vec<&str> = TOPICS
            .iter()
            .flat_map(|t| t.lessons.iter().copied())
            .collect();
        for lesson in LESSONS.iter().chain(SYSTEM_LESSONS.iter()) {
            let times = listed.iter().filter(|id| **id == lesson.id).count();
            assert_eq!(times, 1, "{} is under {times} topics", lesson.id);
        }
        assert!(listed.iter().all(|id| find(id).is_some()));
    }

    /// Every card has a picture of a real run of its lesson (they differ: tested where
    /// they are made).
    #[test]
    fn every_card_has_a_picture() {
        for id in TOPICS.iter().flat_map(|t| t.lessons.iter()) {
            assert!(interleave_lessons::cards::picture(id).is_some(), "{id}");
        }
    }
}
