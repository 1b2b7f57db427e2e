//! Entry point of the Interleave playground. In the browser: mounts the yew app on
//! the page's `#app`, in place of the front door the build rendered there. Natively
//! (`cargo run -p interleave-app`, run by the build): prints that front door's HTML.

// Natively only the front door is rendered: the rest of the app is the browser's.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code, unused_imports))]

mod app;
mod components;
mod hooks;
mod lab;
mod lessons;
mod own_worker;
mod pages;
mod platform;
mod pool;
mod reducer;
mod route;
mod storage;
mod sync;
mod systems;
mod text;
mod tour;
mod url;

#[cfg(target_arch = "wasm32")]
fn main() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            // The front door goes in the same task as the app's first render, so no
            // frame shows neither.
            root.set_inner_html("");
            let _ = root.remove_attribute("data-prerendered");
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    print!("{}", pages::front::render());
}
