//! A lesson's page: title, claim and body; with the full chrome a snippet to embed it,
//! embedded a compact frame with a link back to the full playground.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::status::StatusLine;
use crate::lessons::{self, Lesson};
use crate::route::Route;

#[derive(Properties, PartialEq)]
pub struct LessonPageProps {
    pub lesson: &'static Lesson,
    pub embedded: bool,
}

#[function_component(LessonPage)]
pub fn lesson_page(props: &LessonPageProps) -> Html {
    let lesson = props.lesson;
    let id = lesson.id.to_string();
    let route = if props.embedded {
        Route::Embed { id }
    } else {
        Route::Lesson { id }
    };
    let location = use_location();
    let query = location
        .as_ref()
        .map(|l| l.query_str().to_string())
        .unwrap_or_default();
    use_effect_with(lesson.title, |title| {
        if let Some(doc) = crate::platform::window().and_then(|w| w.document()) {
            doc.set_title(&format!("{title} · Interleave"));
        }
    });
    if props.embedded {
        let full = format!("{}#/lesson/{}{}", page_base(), lesson.id, query);
        return html! {
            <div class="embed">
                <header class="embed-header">
                    <h1>{ lesson.title }</h1>
                    <a href={full} target="_blank" rel="noopener">{ "Open in Interleave \u{2197}" }</a>
                </header>
                <StatusLine />
                <crate::storage::StorageNotice />
                <p class="claim">{ lesson.claim }</p>
                { lessons::body(lesson, &route) }
            </div>
        };
    }
    let embed_url = format!("{}#/embed/{}{}", page_base(), lesson.id, query);
    let snippet = format!(
        "<iframe src=\"{embed_url}\" title=\"{} (Interleave)\" width=\"100%\" height=\"640\" \
         style=\"border:0\" loading=\"lazy\"></iframe>",
        lesson.title
    );
    html! {
        <article class="lesson">
            <nav class="crumbs" aria-label="Breadcrumb">
                <Link<Route> to={Route::Home}>{ "Lessons" }</Link<Route>>
                <span aria-hidden="true">{ " / " }</span>
                <span aria-current="page">{ lesson.title }</span>
            </nav>
            <h1>{ lesson.title }</h1>
            <p class="claim">{ lesson.claim }</p>
            { lessons::body(lesson, &route) }
            <details class="embed-snippet">
                <summary>{ "Embed this lesson in a course page" }</summary>
                <p>{ "Paste this into any page. It works there too, even though that page is not \
                      cross-origin isolated: the widget then uses message-passing workers." }</p>
                <textarea readonly=true rows="3" aria-label="Embed snippet" value={snippet} />
            </details>
        </article>
    }
}

/// The page's address without its fragment: where the embed and full routes live.
fn page_base() -> String {
    crate::platform::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default()
}
