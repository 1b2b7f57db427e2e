//! The app's routes. Hash routing: a static host serves one `index.html` for all of them.

use yew_router::prelude::*;

#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    /// The tour at the learner's last step.
    #[at("/tour")]
    Tour,
    /// Step `n` of the tour, from 1.
    #[at("/tour/:n")]
    TourStep { n: usize },
    /// One step of the tour with minimal chrome, for an iframe in a course page.
    #[at("/embed/tour/:n")]
    EmbedTour { n: usize },
    #[at("/lesson/:id")]
    Lesson { id: String },
    /// The same lesson with minimal chrome, for an iframe in a course page.
    #[at("/embed/:id")]
    Embed { id: String },
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// The route the page's address names (its hash), as the router will read it.
pub fn initial() -> Option<Route> {
    let hash = crate::platform::window()?.location().hash().ok()?;
    let path = hash.trim_start_matches('#');
    let path = path.split('?').next().unwrap_or_default();
    Route::recognize(if path.is_empty() { "/" } else { path })
}
