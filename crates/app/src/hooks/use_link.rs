//! The page's link follows a lab: whenever what it depends on changes, the query the lab
//! makes of it replaces the link's, on the same route (a lesson or its embed), with no
//! new history entry.

use serde::Serialize;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::route::Route;

/// Replaces the link's query with `make(deps)` whenever `deps` change; `None` deps
/// (nothing to link yet) and a `None` query leave the link as it is. With `at_opening`
/// false, the first deps are skipped: the link that opened the page holds them already.
#[hook]
pub fn use_link<D, Q>(deps: Option<D>, at_opening: bool, make: impl Fn(&D) -> Option<Q> + 'static)
where
    D: PartialEq + 'static,
    Q: Serialize + 'static,
{
    let navigator = use_navigator();
    let route = use_route::<Route>().unwrap_or(Route::Home);
    let opened = use_mut_ref(|| at_opening);
    use_effect_with(deps, move |deps| {
        let Some(deps) = deps else { return };
        if !std::mem::replace(&mut *opened.borrow_mut(), true) {
            return;
        }
        if let (Some(nav), Some(query)) = (navigator, make(deps)) {
            let _ = nav.replace_with_query(&route, &query);
        }
    });
}
