//! A lesson's settings, kept in its link and remembered: the link's, or else the ones
//! the learner left last time (then written into the link, so that a copied link and
//! the embed snippet carry them); every change is saved and put in the link.

use serde::Serialize;
use serde::de::DeserializeOwned;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::route::Route;

/// The query of lesson `lesson` (its link's, or its saved one), and a callback that
/// saves a new one and puts it in the link.
#[hook]
pub fn use_settings<Q>(lesson: &'static str) -> (Q, Callback<Q>)
where
    Q: Serialize + DeserializeOwned + Default + Clone + 'static,
{
    let navigator = use_navigator();
    let route = use_route::<Route>().unwrap_or(Route::Home);
    let location = use_location();
    let bare = location
        .as_ref()
        .is_none_or(|l| l.query_str().trim_start_matches('?').is_empty());
    let saved = bare
        .then(|| crate::storage::load_settings::<Q>(lesson))
        .flatten();
    let query = match &saved {
        Some(q) => q.clone(),
        None => location
            .and_then(|l| l.query::<Q>().ok())
            .unwrap_or_default(),
    };
    {
        let (navigator, route) = (navigator.clone(), route.clone());
        use_effect_with((), move |_| {
            if let (Some(nav), Some(query)) = (navigator, saved) {
                let _ = nav.replace_with_query(&route, &query);
            }
        });
    }
    let update = Callback::from(move |next: Q| {
        crate::storage::save_settings(lesson, &next);
        if let Some(nav) = &navigator {
            let _ = nav.replace_with_query(&route, &next);
        }
    });
    (query, update)
}

/// The select of N, the workers a lesson compares with one (`#workers`).
pub fn workers_select(
    label: &str,
    platform: &crate::platform::Platform,
    value: u32,
    onchange: Callback<Event>,
    disabled: bool,
) -> Html {
    html! {
        <label>
            <span>{ label.to_string() }</span>
            <select id="workers" {onchange} {disabled}>
                { for platform.several_worker_choices().into_iter().map(|w| html! {
                    <option value={w.to_string()} selected={w == value}>{ w }</option>
                }) }
            </select>
        </label>
    }
}

/// A form field's callback: `apply` makes the next settings of the field's value (None
/// when the value does not read), and `update` takes them.
pub fn on_field<S, E>(
    settings: S,
    update: impl Fn(S) + 'static,
    apply: fn(S, &str) -> Option<S>,
) -> Callback<E>
where
    S: Copy + 'static,
    E: AsRef<web_sys::Event> + 'static,
{
    Callback::from(move |e: E| {
        // `value` is read by name, so this serves inputs and selects alike.
        let value = e
            .as_ref()
            .target_unchecked_into::<web_sys::HtmlInputElement>()
            .value();
        if let Some(next) = apply(settings, &value) {
            update(next);
        }
    })
}
