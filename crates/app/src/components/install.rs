//! "Install" button, shown only when the browser offers to install the app.
//! `boot.js` keeps the browser's `beforeinstallprompt` event and announces it.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

const PROMPT_KEY: &str = "interleaveInstallPrompt";

fn pending_prompt() -> Option<JsValue> {
    let window = crate::platform::window()?;
    js_sys::Reflect::get(&window, &JsValue::from_str(PROMPT_KEY))
        .ok()
        .filter(|v| v.is_object())
}

#[function_component(InstallButton)]
pub fn install_button() -> Html {
    let available = use_state(|| pending_prompt().is_some());
    {
        let available = available.clone();
        use_effect_with((), move |_| {
            let listening = crate::platform::listen("interleave:installable", move || {
                available.set(pending_prompt().is_some())
            });
            move || drop(listening)
        });
    }
    if !*available {
        return html! {};
    }
    let onclick = {
        let available = available.clone();
        Callback::from(move |_| {
            if let Some(prompt) = pending_prompt() {
                if let Ok(f) = js_sys::Reflect::get(&prompt, &JsValue::from_str("prompt"))
                    && let Some(f) = f.dyn_ref::<js_sys::Function>()
                {
                    let _ = f.call0(&prompt);
                }
                if let Some(w) = crate::platform::window() {
                    let _ =
                        js_sys::Reflect::set(&w, &JsValue::from_str(PROMPT_KEY), &JsValue::NULL);
                }
            }
            available.set(false);
        })
    };
    html! {
        <button class="install" type="button" {onclick}>{ "Install app" }</button>
    }
}
