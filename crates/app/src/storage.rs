//! The learner's work in the browser's local storage: every editor saves its text as
//! the learner types (one key per lesson, and per level), and restores it on the next
//! visit, after a crash, and offline. Where storage is full or unavailable (private
//! browsing), the app says so once, through `StorageNotice`, and keeps working.
//!
//! Keys are `interleave:work:<what>`; `export` and `import` move all of them as one
//! JSON document: `{"format": "interleave-work", "version": 1, "items": {<what>: text}}`.

use std::cell::{Cell, RefCell};

use yew::prelude::*;

const PREFIX: &str = "interleave:work:";
/// The longest text saved (a generated workload can be megabytes; it lives in its link
/// or its file instead).
pub const MAX_SAVED: usize = 512 * 1024;
pub const FORMAT: &str = "interleave-work";
/// The key of the tour's progress, saved and exported beside the texts.
pub const TOUR: &str = "tour";

thread_local! {
    static WARNED: Cell<bool> = const { Cell::new(false) };
    static LISTENER: RefCell<Option<Callback<String>>> = const { RefCell::new(None) };
    static PENDING: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn storage() -> Option<web_sys::Storage> {
    crate::platform::window()?.local_storage().ok().flatten()
}

/// Says once per page that work cannot be saved.
fn warn(why: &str) {
    if WARNED.with(|w| w.replace(true)) {
        return;
    }
    let message = format!(
        "Your work cannot be saved in this browser ({why}). Everything still works; \
         use a lesson's link or the export on the home page to keep it."
    );
    let listener = LISTENER.with(|l| l.borrow().clone());
    match listener {
        Some(listener) => listener.emit(message),
        None => PENDING.with(|p| *p.borrow_mut() = Some(message)),
    }
}

/// The saved text of `what`, if any.
pub fn load(what: &str) -> Option<String> {
    storage()?
        .get_item(&format!("{PREFIX}{what}"))
        .ok()
        .flatten()
}

/// Saves `text` as `what`; says once if it cannot.
pub fn save(what: &str, text: &str) {
    if text.len() > MAX_SAVED {
        return;
    }
    let Some(s) = storage() else {
        warn("local storage is unavailable, as in some private windows");
        return;
    };
    if s.set_item(&format!("{PREFIX}{what}"), text).is_err() {
        warn("local storage is full or refused");
    }
}

pub fn remove(what: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&format!("{PREFIX}{what}"));
    }
}

/// A lesson's settings (its URL query), saved as JSON under `settings:<lesson>`.
pub fn save_settings<Q: serde::Serialize>(lesson: &str, query: &Q) {
    if let Ok(json) = serde_json::to_string(query) {
        save(&format!("settings:{lesson}"), &json);
    }
}

/// A lesson's saved settings, if any can be read.
pub fn load_settings<Q: serde::de::DeserializeOwned>(lesson: &str) -> Option<Q> {
    serde_json::from_str(&load(&format!("settings:{lesson}"))?).ok()
}

/// Every saved text, by what it is.
pub fn all() -> Vec<(String, String)> {
    let Some(s) = storage() else {
        return Vec::new();
    };
    let n = s.length().unwrap_or(0);
    let mut items: Vec<(String, String)> = (0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter_map(|k| k.strip_prefix(PREFIX).map(str::to_string))
        .filter_map(|what| load(&what).map(|t| (what, t)))
        .collect();
    items.sort();
    items
}

/// All saved work as one JSON document.
pub fn export() -> String {
    let items: serde_json::Map<String, serde_json::Value> = all()
        .into_iter()
        .map(|(k, v)| (k, serde_json::Value::String(v)))
        .collect();
    let doc = serde_json::json!({ "format": FORMAT, "version": 1, "items": items });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// What an import document holds: the items it could read, and why it could not read
/// the others.
#[derive(Debug, Default, PartialEq)]
pub struct Import {
    pub items: Vec<(String, String)>,
    pub problems: Vec<String>,
}

/// Reads an import document; never panics on any input.
pub fn read_import(text: &str) -> Import {
    let mut out = Import::default();
    let doc: serde_json::Value = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(e) => {
            out.problems.push(format!(
                "line {}, column {}: this is not JSON ({e})",
                e.line(),
                e.column()
            ));
            return out;
        }
    };
    if doc.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        out.problems.push(format!(
            "this is not an export of Interleave (its \"format\" is not \"{FORMAT}\")"
        ));
        return out;
    }
    match doc.get("version").and_then(|v| v.as_u64()) {
        Some(1) => {}
        other => {
            out.problems.push(format!(
                "version {} is not one this Interleave can read (it reads version 1)",
                other.map_or("(missing)".to_string(), |v| v.to_string())
            ));
            return out;
        }
    }
    let Some(items) = doc.get("items").and_then(|i| i.as_object()) else {
        out.problems
            .push("it has no \"items\" object with the saved texts".into());
        return out;
    };
    for (key, value) in items {
        if !valid_key(key) {
            out.problems.push(format!(
                "\u{201c}{}\u{201d}: not a lesson or level of Interleave",
                key.chars().take(60).collect::<String>()
            ));
            continue;
        }
        match value.as_str() {
            Some(text) if text.len() <= MAX_SAVED => {
                out.items.push((key.clone(), text.to_string()))
            }
            Some(_) => out.problems.push(format!(
                "\u{201c}{key}\u{201d}: longer than {} KB",
                MAX_SAVED / 1024
            )),
            None => out
                .problems
                .push(format!("\u{201c}{key}\u{201d}: not text")),
        }
    }
    out
}

/// The keys the app writes: `scheduler`, `study-<lab>` (a system lab's text),
/// `sync:<lesson>:<level>`, `settings:<lesson>` and `tour` (the tour's progress).
fn valid_key(key: &str) -> bool {
    let word = |s: &str| {
        !s.is_empty()
            && s.len() <= 40
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    match key.split(':').collect::<Vec<_>>().as_slice() {
        ["scheduler" | "tour"] => true,
        [study] => study.strip_prefix("study-").is_some_and(word),
        ["sync", lesson, level] => word(lesson) && word(level),
        ["settings", lesson] => word(lesson),
        _ => false,
    }
}

/// The one notice that work cannot be saved, shown where the app shell puts it.
#[function_component(StorageNotice)]
pub fn storage_notice() -> Html {
    let message = use_state(|| PENDING.with(|p| p.borrow_mut().take()));
    {
        let message = message.clone();
        use_effect_with((), move |_| {
            LISTENER
                .with(|l| *l.borrow_mut() = Some(Callback::from(move |m| message.set(Some(m)))));
            || LISTENER.with(|l| *l.borrow_mut() = None)
        });
    }
    let dismiss = {
        let message = message.clone();
        Callback::from(move |_| message.set(None))
    };
    match &*message {
        Some(m) => html! {
            <p class="notice storage-notice" role="status" id="storage-notice">
                { m.clone() }{ " " }
                <button type="button" class="small" onclick={dismiss}>{ "OK" }</button>
            </p>
        },
        None => html! {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_say_what_they_could_not_read() {
        let ok = r#"{"format":"interleave-work","version":1,"items":{"scheduler":"cores 2","sync:interleavings:counter":"thread A:\n    skip","study-event-loop":"cores 1","tour":"{\"at\":2}"}}"#;
        let i = read_import(ok);
        assert_eq!(i.items.len(), 4);
        assert!(i.problems.is_empty());

        let mixed = r#"{"format":"interleave-work","version":1,"items":{"scheduler":3,"../etc":"x","sync:locks:one-key":"ok","study-":"x"}}"#;
        let i = read_import(mixed);
        assert_eq!(
            i.items,
            vec![("sync:locks:one-key".to_string(), "ok".to_string())]
        );
        assert_eq!(
            i.problems,
            vec![
                "“../etc”: not a lesson or level of Interleave".to_string(),
                "“scheduler”: not text".to_string(),
                "“study-”: not a lesson or level of Interleave".to_string(),
            ]
        );

        assert!(read_import("{\n  \"format\": ").problems[0].starts_with("line 2, column"));
        assert!(read_import("[]").problems[0].contains("not an export"));
        assert!(
            read_import(r#"{"format":"interleave-work","version":2,"items":{}}"#).problems[0]
                .contains("version 2")
        );
    }

    proptest::proptest! {
        // An imported file can hold anything: reading it never panics, and only known
        // keys with text under the limit are taken.
        #[test]
        fn any_file_is_read_or_refused(text in "\\PC{0,400}") {
            let i = read_import(&text);
            proptest::prop_assert!(i.items.is_empty() || i.problems.iter().all(|p| !p.is_empty()));
        }

        #[test]
        fn any_items_are_sorted_into_taken_and_refused(
            items in proptest::collection::btree_map("[a-z:./-]{0,20}", "\\PC{0,20}", 0..8),
        ) {
            let doc = serde_json::json!({ "format": FORMAT, "version": 1, "items": items });
            let i = read_import(&doc.to_string());
            proptest::prop_assert_eq!(i.items.len() + i.problems.len(), items.len());
            for (key, _) in &i.items {
                proptest::prop_assert!(valid_key(key));
            }
        }
    }
}
