//! The front door: the home page as the build renders it into `index.html`, so that a
//! visitor reads it before any wasm has loaded (on a phone, seconds sooner). It is the
//! home page's own content (`home::front`, the cards' pictures drawn from their real
//! runs) in the site's frame, without what needs a browser: the status line, the
//! install button, and the saved work (nothing is read, so none is shown). The page's
//! loader starts the app when the visitor leaves it or reaches for those (see
//! `www/boot.js`), and the app replaces it.

use yew::prelude::*;

use super::home::front;
use crate::app::{footer, header};
use crate::components::work::YourWork;

#[function_component(FrontDoor)]
pub fn front_door() -> Html {
    html! {
        <>
            { header(false) }
            <main id="main" tabindex="-1">
                { front(true) }
                <YourWork still={true} />
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
        assert!(!html.contains("status-line"));
    }
}
