//! What this page can do, detected once: cross-origin isolation (shared memory between
//! workers), the browser's hint of hardware threads, and whether we are in an iframe.

use wasm_bindgen::JsValue;

/// The page's window; none natively, where the build renders each page's first state
/// (calling the browser there would panic), so that a view asks the browser only
/// where there is one.
pub fn window() -> Option<web_sys::Window> {
    if cfg!(target_arch = "wasm32") {
        web_sys::window()
    } else {
        None
    }
}

/// A listener for the window's event `name` (one that `boot.js` dispatches), removed
/// when this is dropped; none without a browser.
pub struct Listening {
    window: Option<web_sys::Window>,
    name: &'static str,
    listener: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

/// Calls `f` on each of the window's events `name` while the result is kept.
pub fn listen(name: &'static str, f: impl FnMut() + 'static) -> Listening {
    use wasm_bindgen::JsCast;
    let window = window();
    let listener = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(f);
    if let Some(w) = &window {
        let _ = w.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
    }
    Listening {
        window,
        name,
        listener,
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        if let Some(w) = &self.window {
            let _ = w.remove_event_listener_with_callback(
                self.name,
                self.listener.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Given as a context while the build renders a page's first state (natively, for the
/// page's HTML): views then leave out what only a browser can say, which `boot.js`
/// writes in as the page is read (the status line's figures), or show the front
/// door's own (its install button).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Door;

#[derive(Debug, Clone, PartialEq)]
pub struct Platform {
    /// `crossOriginIsolated`: the page may share a `WebAssembly.Memory` with workers.
    pub isolated: bool,
    /// `navigator.hardwareConcurrency`: a hint that browsers may clamp; never less than 1.
    pub hardware_threads: u32,
    /// The page runs inside an iframe (an embedded widget).
    pub embedded: bool,
}

/// Platforms the reducers' tests read links against.
#[cfg(test)]
impl Platform {
    /// A cross-origin isolated page on 8 hardware threads.
    pub const ISOLATED: Platform = Platform {
        isolated: true,
        hardware_threads: 8,
        embedded: false,
    };
    /// An iframe in a course page, not isolated, on 4 hardware threads.
    pub const EMBEDDED: Platform = Platform {
        isolated: false,
        hardware_threads: 4,
        embedded: true,
    };
    /// A page that is not isolated, on 2 hardware threads.
    pub const TWO_CORES: Platform = Platform {
        isolated: false,
        hardware_threads: 2,
        embedded: false,
    };
}

impl Platform {
    pub fn detect() -> Platform {
        let global = js_sys::global();
        let isolated = js_sys::Reflect::get(&global, &JsValue::from_str("crossOriginIsolated"))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let window = window();
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

    /// The counts a lesson that compares one worker with N offers for N: 2 and up.
    pub fn several_worker_choices(&self) -> Vec<u32> {
        (2..=self.hardware_threads.clamp(2, 16)).collect()
    }

    /// N as a link asks for it, if offered, else the hint (at least 2, at most 16).
    pub fn several_workers(&self, asked: Option<u32>) -> u32 {
        asked
            .filter(|w| self.several_worker_choices().contains(w))
            .unwrap_or_else(|| self.hardware_threads.clamp(2, 16))
    }
}

/// Whether this browser runs WebAssembly's SIMD128 instructions: whether it validates
/// the smallest module that uses one (a function that returns `i32x4.splat` of 0).
pub fn simd_supported() -> bool {
    if !cfg!(target_arch = "wasm32") {
        // The build's first state of a page: no browser to ask.
        return false;
    }
    const MODULE: [u8; 29] = [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
        0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // types: [] -> [v128]
        0x03, 0x02, 0x01, 0x00, // functions: one, of type 0
        0x0a, 0x08, 0x01, 0x06, 0x00, // code: one body of 6 bytes, no locals
        0x41, 0x00, 0xfd, 0x11, 0x0b, // i32.const 0, i32x4.splat, end
    ];
    let bytes = js_sys::Uint8Array::from(&MODULE[..]);
    js_sys::WebAssembly::validate(&bytes).unwrap_or(false)
}

/// Offers `contents` as a file download.
pub fn save(name: &str, mime: &str, contents: &str) {
    let parts = js_sys::Array::of1(&contents.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = crate::platform::window().and_then(|w| w.document());
    if let Some(a) = document
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlAnchorElement>(a).ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
