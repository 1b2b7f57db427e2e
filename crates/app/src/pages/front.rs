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
use crate::components::status::StatusLine;
use crate::components::work::YourWork;
use crate::platform::Door;

#[function_component(FrontDoor)]
pub fn front_door() -> Html {
    html! {
        <ContextProvider<Door> context={Door}>
            { header(false) }
            // The status line's frame: `boot.js` says what this page can do, as the
            // app will, so that nothing moves when the app takes over.
            <StatusLine />
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
        </ContextProvider<Door>>
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

#[derive(Properties, PartialEq)]
pub struct RouteProps {
    pub path: String,
    pub embedded: bool,
}

/// A route as the app first renders it, in a router that holds only it.
#[function_component(RouteDoor)]
pub fn route_door(props: &RouteProps) -> Html {
    use yew_router::history::{AnyHistory, MemoryHistory};
    use yew_router::prelude::*;
    let history = AnyHistory::from(MemoryHistory::with_entries(vec![props.path.clone()]));
    let platform = std::rc::Rc::new(crate::platform::Platform {
        isolated: false,
        hardware_threads: 2,
        embedded: props.embedded,
    });
    html! {
        <ContextProvider<Door> context={Door}>
            <crate::app::Shell {platform}>
                <Router {history}>
                    <Switch<crate::route::Route> render={crate::app::switch} />
                </Router>
            </crate::app::Shell>
        </ContextProvider<Door>>
    }
}

/// Route `path` (`/lesson/scheduler`) as the app first renders it.
#[cfg(not(target_arch = "wasm32"))]
pub fn render_route(path: &str) -> String {
    use yew_router::Routable;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime on this thread");
    runtime.block_on(async {
        let route = crate::route::Route::recognize(path);
        if let Some(part) = route.as_ref().and_then(crate::parts::Part::of) {
            let _ = part.load().await;
        }
        let embedded = path.starts_with("/embed/");
        yew::LocalServerRenderer::<RouteDoor>::with_props(RouteProps {
            path: path.to_string(),
            embedded,
        })
        .hydratable(false)
        .render()
        .await
    })
}

/// Every route the build renders besides the front door's two, as the path the router
/// reads: each tour step after the first (also embedded), each lesson and its embed.
#[cfg(not(target_arch = "wasm32"))]
pub fn paths() -> Vec<String> {
    use crate::lessons::{LESSONS, SYSTEM_LESSONS};
    let steps = interleave_lessons::tour::STEPS.len();
    let mut paths: Vec<String> = (2..=steps).map(|n| format!("/tour/{n}")).collect();
    paths.extend((1..=steps).map(|n| format!("/embed/tour/{n}")));
    for lesson in LESSONS.iter().chain(SYSTEM_LESSONS.iter()) {
        paths.push(format!("/lesson/{}", lesson.id));
        paths.push(format!("/embed/{}", lesson.id));
    }
    paths
}

/// The file a route's page is written to, from the site's root: `/lesson/queue` is
/// `pages/lesson-queue.html` (`boot.js` reads the same name off the address).
pub fn page_file(path: &str) -> String {
    format!(
        "pages/{}.html",
        path.trim_start_matches('/').replace('/', "-")
    )
}

/// Writes every route's page (`paths`) under `root`; how many.
#[cfg(not(target_arch = "wasm32"))]
pub fn render_pages(root: &std::path::Path) -> std::io::Result<usize> {
    let paths = paths();
    for path in &paths {
        let file = root.join(page_file(path));
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(file, render_route(path))?;
    }
    Ok(paths.len())
}

#[cfg(test)]
mod tests {
    /// Every route renders natively, its title in it, with the status line's frame for
    /// `boot.js` to fill and nothing of the browser's.
    #[test]
    fn every_route_renders_with_its_title() {
        for path in super::paths() {
            let html = super::render_route(&path);
            assert!(html.contains("<h1"), "{path}: {html}");
            if path.starts_with("/lesson/") {
                assert!(html.contains("id=\"door-status\""), "{path}");
                assert!(html.contains("id=\"door-install\" hidden"), "{path}");
            }
            // What the browser reports is left for `boot.js` to write in.
            for figure in ["reports 2", "reports <strong class=\"figure\">2"] {
                assert!(!html.contains(figure), "{path}");
            }
            assert!(
                !html.contains("Loading\u{2026}</p>"),
                "{path}: its part was not loaded"
            );
        }
        assert_eq!(super::page_file("/embed/tour/3"), "pages/embed-tour-3.html");
    }

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
