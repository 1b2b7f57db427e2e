//! The event-loop snippets as real JavaScript (`snippets.js`, shipped in the bundle):
//! their source as the engine holds it, and a real run's order of logs.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/lessons/responsive/snippets.js")]
extern "C" {
    #[wasm_bindgen(js_name = snippetSource)]
    fn snippet_source(id: &str) -> String;
    #[wasm_bindgen(js_name = runSnippet)]
    fn run_snippet(id: &str, count: u32) -> js_sys::Promise;
}

/// The real snippet `id`'s source text (empty for an unknown id).
#[cfg(target_arch = "wasm32")]
pub fn source(id: &str) -> String {
    snippet_source(id)
}

/// Natively, where the build renders the lesson's first state: the same text, read
/// from the file as the engine's `toString` gives it (from the arrow's parameters to
/// its closing brace).
#[cfg(not(target_arch = "wasm32"))]
pub fn source(id: &str) -> String {
    let file = include_str!("snippets.js");
    let key = format!("\n  '{id}': ");
    let Some(at) = file.find(&key) else {
        return String::new();
    };
    let body = &file[at + key.len()..];
    body.find("\n  }")
        .map_or(String::new(), |end| body[..end + 4].to_string())
}

/// Runs the real snippet `id` and returns its logs in order, once `count` have come
/// (or what came within a second).
pub async fn run(id: &str, count: usize) -> Vec<String> {
    let logged = JsFuture::from(run_snippet(id, count as u32)).await;
    logged
        .ok()
        .map(|list| {
            js_sys::Array::from(&list)
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default()
}
