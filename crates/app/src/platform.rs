//! What this page can do, detected once: cross-origin isolation (shared memory between
//! workers), the browser's hint of hardware threads, and whether we are in an iframe.

use wasm_bindgen::JsValue;

#[derive(Debug, Clone, PartialEq)]
pub struct Platform {
    /// `crossOriginIsolated`: the page may share a `WebAssembly.Memory` with workers.
    pub isolated: bool,
    /// `navigator.hardwareConcurrency`: a hint that browsers may clamp; never less than 1.
    pub hardware_threads: u32,
    /// The page runs inside an iframe (an embedded widget).
    pub embedded: bool,
}

impl Platform {
    pub fn detect() -> Platform {
        let global = js_sys::global();
        let isolated = js_sys::Reflect::get(&global, &JsValue::from_str("crossOriginIsolated"))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let window = web_sys::window();
        let hardware_threads = window
            .as_ref()
            .map(|w| w.navigator().hardware_concurrency())
            .filter(|n| n.is_finite() && *n >= 1.0)
            .map_or(1, |n| n.min(256.0) as u32);
        let embedded = window.as_ref().is_some_and(|w| match w.top() {
            Ok(Some(top)) => !js_sys::Object::is(&top, w),
            _ => true,
        });
        Platform {
            isolated,
            hardware_threads,
            embedded,
        }
    }

    /// The worker counts a learner may choose: 1 up to the hint, at least 2 (so that a
    /// one-core machine still shows what oversubscription does), at most 16.
    pub fn worker_choices(&self) -> Vec<u32> {
        (1..=self.hardware_threads.clamp(2, 16)).collect()
    }
}
