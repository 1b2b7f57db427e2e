//! "Your work" on the home page: how many texts this browser keeps, an export of all of
//! them as one JSON file, and an import that says what it could not read and never
//! replaces a saved text without asking.

use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::storage;

/// The texts saved (the tour's progress is not one).
fn texts() -> usize {
    storage::all()
        .iter()
        .filter(|(k, _)| k != storage::TOUR)
        .count()
}

#[derive(Properties, PartialEq)]
pub struct YourWorkProps {
    /// Rendered by the build, before any browser: nothing saved, and nothing read.
    #[prop_or_default]
    pub still: bool,
}

#[function_component(YourWork)]
pub fn your_work(props: &YourWorkProps) -> Html {
    let still = props.still;
    let count = use_state(|| if still { 0 } else { texts() });
    let report = use_state(Vec::<String>::new);
    let on_export = Callback::from(|_| {
        crate::platform::save(
            "interleave-work.json",
            "application/json",
            &storage::export(),
        );
    });
    let on_import = {
        let (count, report) = (count.clone(), report.clone());
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let (count, report) = (count.clone(), report.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let text = match JsFuture::from(file.text()).await {
                    Ok(t) => t.as_string().unwrap_or_default(),
                    Err(_) => {
                        report.set(vec!["The file could not be read.".into()]);
                        return;
                    }
                };
                report.set(import(&text));
                count.set(texts());
            });
        })
    };
    html! {
        <section class="your-work" aria-labelledby="work-heading">
            <h2 id="work-heading">{ "Your work" }</h2>
            <p>
                { "What you write in the editors is saved in this browser as you type, and comes back when you return, even offline. " }
                <span id="saved-count">{ match *count {
                    0 => "Nothing is saved yet.".to_string(),
                    1 => "1 text is saved.".to_string(),
                    n => format!("{n} texts are saved."),
                } }</span>
                if !still && storage::load(storage::TOUR).is_some() {
                    { " So are your place and your answers in the tour." }
                }
            </p>
            <div class="work-actions">
                <button type="button" id="export-work" onclick={on_export} disabled={*count == 0}>{ "Export all as a file" }</button>
                <label class="import">
                    { "Import a file " }
                    <input type="file" id="import-work" accept="application/json,.json" onchange={on_import} />
                </label>
            </div>
            if !report.is_empty() {
                <ul class="import-report" id="import-report" role="status">
                    { for report.iter().map(|line| html! { <li>{ line.clone() }</li> }) }
                </ul>
            }
        </section>
    }
}

/// Imports what `text` holds: new texts at once, replacements only if the learner
/// agrees. Returns what to tell them, a line each.
fn import(text: &str) -> Vec<String> {
    let read = storage::read_import(text);
    let mut lines = Vec::new();
    let (mut same, mut replace, mut add) = (0, Vec::new(), Vec::new());
    for (key, value) in &read.items {
        match storage::load(key) {
            Some(existing) if existing == *value => same += 1,
            Some(_) => replace.push((key.clone(), value.clone())),
            None => add.push((key.clone(), value.clone())),
        }
    }
    let agreed = replace.is_empty() || {
        let names: Vec<&str> = replace.iter().map(|(k, _)| k.as_str()).collect();
        crate::platform::window()
            .and_then(|w| {
                w.confirm_with_message(&format!(
                    "Replace {} text(s) saved in this browser with the imported ones?\n\n{}",
                    replace.len(),
                    names.join("\n")
                ))
                .ok()
            })
            .unwrap_or(false)
    };
    for (key, value) in &add {
        storage::save(key, value);
    }
    if agreed {
        for (key, value) in &replace {
            storage::save(key, value);
        }
    }
    lines.push(format!(
        "Imported {} new text(s); {} replaced{}; {} already the same.",
        add.len(),
        if agreed { replace.len() } else { 0 },
        if agreed || replace.is_empty() {
            String::new()
        } else {
            format!(" ({} kept as they were, as you chose)", replace.len())
        },
        same
    ));
    lines.extend(
        read.problems
            .into_iter()
            .map(|p| format!("Not imported: {p}.")),
    );
    lines
}
