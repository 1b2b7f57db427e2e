//! Code a page fetches once it works (a lab's simulator, `parts::later`), handed to the
//! lab's reducer once it is there.

use std::future::Future;

use yew::prelude::*;

use crate::parts::{Loaded, Missing};

/// Fetches `code` once, after the page's first render, and dispatches `found` with it,
/// or `missing` if it could not be fetched (offline before it was cached).
#[hook]
pub fn use_later<R, E, F>(
    dispatcher: UseReducerDispatcher<R>,
    code: fn() -> F,
    found: fn(Loaded<E>) -> R::Action,
    missing: fn() -> R::Action,
) where
    R: Reducible + 'static,
    E: 'static,
    F: Future<Output = Result<Loaded<E>, Missing>> + 'static,
{
    use_effect_with((), move |_| {
        wasm_bindgen_futures::spawn_local(async move {
            dispatcher.dispatch(match code().await {
                Ok(engine) => found(engine),
                Err(Missing) => missing(),
            })
        });
    });
}
