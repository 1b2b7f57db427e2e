//! The offer to reload a page once so that its workers may share memory, where a reload
//! can do that: a page of its own (not in an iframe), not cross-origin isolated, whose
//! service worker (which adds the isolation headers) controls it. A first visit is
//! never reloaded for this on its own (`boot.js`): the lessons that can use shared
//! memory show this beside what they say about it.

use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// Calls `boot.js`'s `interleave<name>()`; false without a browser or without it.
fn ask(name: &str) -> bool {
    let Some(window) = crate::platform::window() else {
        return false;
    };
    js_sys::Reflect::get(&window, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(&window).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

#[function_component(IsolateOffer)]
pub fn isolate_offer() -> Html {
    let can = use_state(|| ask("interleaveCanIsolate"));
    {
        let can = can.clone();
        use_effect_with((), move |_| {
            let listening = crate::platform::listen("interleave:isolable", move || {
                can.set(ask("interleaveCanIsolate"))
            });
            move || drop(listening)
        });
    }
    if !*can {
        return html! {};
    }
    html! {
        <>
            { " " }
            <button type="button" id="isolate" onclick={|_| { ask("interleaveIsolate"); }}>
                { "Reload once to share memory" }
            </button>
        </>
    }
}
