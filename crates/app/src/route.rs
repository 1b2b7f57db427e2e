//! The app's routes. Hash routing: a static host serves one `index.html` for all of them.

use yew_router::prelude::*;

#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/lesson/:id")]
    Lesson { id: String },
    /// The same lesson with minimal chrome, for an iframe in a course page.
    #[at("/embed/:id")]
    Embed { id: String },
    #[not_found]
    #[at("/404")]
    NotFound,
}
