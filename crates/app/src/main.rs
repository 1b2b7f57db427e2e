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
mod parts;
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
    // The page's part first: the app replaces the page the build rendered only with the
    // same page, working.
    wasm_bindgen_futures::spawn_local(async {
        if let Some(part) = route::initial().as_ref().and_then(parts::Part::of) {
            let _ = part.load().await;
        }
        mount();
    });
}

#[cfg(target_arch = "wasm32")]
fn mount() {
    let window = web_sys::window();
    let root = window
        .as_ref()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            // The page the build rendered goes in the same task as the app's first
            // render, so no frame shows neither.
            root.set_inner_html("");
            let _ = root.remove_attribute("data-prerendered");
            // Whatever page `boot.js` has yet to show, the app's own is here now.
            let _ = root.set_attribute("data-live", "");
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
    // The page works: `boot.js` takes its loading bar away and registers the service
    // worker, whose precache no longer competes with this first load.
    if let (Some(window), Ok(live)) = (window, web_sys::Event::new("interleave:live")) {
        let _ = window.dispatch_event(&live);
    }
}

/// Natively, for the build: the front door's HTML; with `parts` the parts the page's
/// loader fetches for each route (JSON); with `pages DIR` every other route's page
/// written under DIR (and how many).
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("parts") => print!("{}", parts::manifest()),
        Some("pages") => {
            let root = std::path::Path::new(args.get(1).map_or(".", String::as_str));
            match pages::front::render_pages(root) {
                Ok(n) => println!("{n}"),
                Err(e) => {
                    eprintln!("cannot write the pages under {}: {e}", root.display());
                    std::process::exit(1);
                }
            }
        }
        _ => print!("{}", pages::front::render()),
    }
}
