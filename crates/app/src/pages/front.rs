//! The front door: the home page and the tour's first step as the build renders them
//! into `index.html`, so that a visitor reads them before any wasm has loaded (on a
//! phone, seconds sooner); `boot.js` shows the one the address names. The home page is
//! its own content (`home::front`, the cards' pictures drawn from their real runs), the
//! tour's step its text (`tour::door`), in the site's frame, without what needs a
//! browser: the status line's figures (`boot.js` writes them), the install button, the
//! saved work (nothing is read, so none is shown) and the step's live run. On the
//! home page the app starts when the visitor leaves it or reaches for the saved work,
//! on the tour at once; it replaces the front door.

use yew::prelude::*;

use super::home::front;
use crate::app::{footer, header};
use crate::components::work::YourWork;

#[function_component(FrontDoor)]
pub fn front_door() -> Html {
    html! {
        <>
            { header(false) }
            // The status line's frame: `boot.js` says what this page can do, as the
            // app will, so that nothing moves when the app takes over.
            <p class="status-line" role="status" id="door-status">
                <span class="dot" aria-hidden="true"></span>
                <span class="isolation"></span>
                <span class="sep" aria-hidden="true">{ "·" }</span>
                <span class="threads"></span>
                <span class="sep" aria-hidden="true">{ "·" }</span>
                <span class="workers-started">{ "no workers started yet" }</span>
            </p>
            // Written as the page is read, before it first paints: nothing moves after.
            <script>{ "window.interleaveDoorStatus?.()" }</script>
            <main id="main" tabindex="-1">
                <div data-door="home">
                    { front(true) }
                    <YourWork still={true} />
                </div>
                <div data-door="tour">{ crate::tour::door() }</div>
            </main>
            { footer() }
        </>
    }
}

/// The front door as HTML.
#[cfg(not(target_arch = "wasm32"))]
pub fn render() -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime on this thread");
    runtime.block_on(
        yew::LocalServerRenderer::<FrontDoor>::new()
            .hydratable(false)
            .render(),
    )
}

#[cfg(test)]
mod tests {
    use crate::lessons::{LESSONS, SYSTEM_LESSONS};

    /// Every lesson has its card, its picture drawn from its run; the hero and the
    /// tour come first; nothing that needs a browser is in it.
    #[test]
    fn the_front_door_is_the_home_page_with_every_picture_drawn() {
        let html = super::render();
        let lessons = LESSONS.len() + SYSTEM_LESSONS.len();
        assert!(html.contains("<h1>See concurrency and parallelism happen</h1>"));
        assert!(html.contains("href=\"#/tour\""));
        assert_eq!(html.matches("class=\"card-link\"").count(), lessons);
        assert_eq!(html.matches("data-drawn=\"true\"").count(), lessons);
        for lesson in LESSONS.iter().chain(SYSTEM_LESSONS.iter()) {
            assert!(
                html.contains(&format!("href=\"#/lesson/{}\"", lesson.id)),
                "{}",
                lesson.id
            );
        }
        assert!(html.contains("id=\"door-install\" hidden"));
        assert!(html.contains("Nothing is saved yet."));
        assert!(html.contains("<div data-door=\"home\">"));
        // The tour's first step, its text and the way to the second.
        let first = &interleave_lessons::tour::STEPS[0];
        assert!(html.contains("<div data-door=\"tour\">"));
        assert!(html.contains(&format!(
            "<h1 id=\"tour-title\" tabindex=\"-1\">{}</h1>",
            first.title
        )));
        assert!(html.contains("href=\"#/tour/2\""));
    }
}
