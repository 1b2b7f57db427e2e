//! Entry point of the Interleave playground: mounts the yew app on the page.

mod app;
mod components;
mod hooks;
mod lab;
mod lessons;
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

fn main() {
    yew::Renderer::<app::App>::new().render();
}
