//! The home page: what Interleave is, and a card for each lesson.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::lessons::{LESSONS, Lesson, SYSTEM_LESSONS};
use crate::route::Route;
use interleave_lessons::tour::STEPS;

#[function_component(Home)]
pub fn home() -> Html {
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
                <Link<Route> to={Route::Tour} classes="button primary">{ "Take the tour \u{2192}" }</Link<Route>>
            </section>
            <section aria-labelledby="lessons-heading">
                <h2 id="lessons-heading">{ "Lessons" }</h2>
                <ul class="cards">
                    { for LESSONS.iter().map(card) }
                </ul>
            </section>
            <section aria-labelledby="systems-heading">
                <h2 id="systems-heading">{ "System design labs" }</h2>
                <p>{ "Servers, pools, balancers and shards are concurrency and parallelism in \
                      disguise: change one knob and watch latency and throughput answer." }</p>
                <ul class="cards">
                    { for SYSTEM_LESSONS.iter().map(card) }
                </ul>
            </section>
            <crate::components::work::YourWork />
        </>
    }
}

fn card(lesson: &'static Lesson) -> Html {
    html! {
        <li class="card">
            <Link<Route> to={Route::Lesson { id: lesson.id.into() }} classes="card-link">
                <span class={classes!("glyph", format!("glyph-{}", lesson.glyph))} aria-hidden="true">
                    <i></i><i></i>
                </span>
                <span class="card-title">{ lesson.title }</span>
                <span class="card-claim">{ lesson.claim }</span>
                <span class="tags">
                    { for lesson.tags.iter().map(|t| html! { <span class="tag">{ *t }</span> }) }
                </span>
            </Link<Route>>
        </li>
    }
}
