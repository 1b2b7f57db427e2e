//! The scenario editor: a plain textarea (so typing, undo and screen readers work as
//! everywhere) over a highlighted copy of the text, with the errors underlined at their
//! line and column and listed beside it.

use interleave_sim::Diagnostic;
use interleave_sim::syntax::Syntax;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::open_file::OpenFile;
use crate::text::same;

#[derive(Properties)]
pub struct EditorProps {
    pub text: AttrValue,
    pub diagnostics: Vec<Diagnostic>,
    pub on_input: Callback<String>,
    #[prop_or(Language::SCENARIO)]
    pub language: Language,
}

/// The text an effect watches, compared by [`same`].
#[derive(Clone)]
struct Watched(AttrValue);

impl PartialEq for Watched {
    fn eq(&self, other: &Watched) -> bool {
        same(&self.0, &other.0)
    }
}

impl PartialEq for EditorProps {
    fn eq(&self, other: &EditorProps) -> bool {
        same(&self.text, &other.text)
            && self.diagnostics == other.diagnostics
            && self.on_input == other.on_input
            && self.language == other.language
    }
}

/// What the editor edits: how the text area is named, and the language's own table of
/// words, which it colours (statements and reserved words as keywords, then steps).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Language {
    /// The text area's id; its error list is `<id>-errors`.
    pub id: &'static str,
    pub label: &'static str,
    pub syntax: Syntax,
}

impl Language {
    pub const SCENARIO: Language = Language {
        id: "scenario",
        label: "Scenario",
        syntax: interleave_sim::SYNTAX,
    };
    pub const PROGRAM: Language = Language {
        id: "program",
        label: "Program",
        syntax: interleave_sim::program::SYNTAX,
    };
    pub const QUEUE: Language = Language {
        id: "queue",
        label: "Queue scenario",
        syntax: interleave_sim::messaging::SYNTAX,
    };
}

#[wasm_bindgen]
extern "C" {
    /// The browser's encoder, called on the text area's value as the page holds it.
    #[wasm_bindgen(js_name = TextEncoder)]
    type Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Encoder;
    #[wasm_bindgen(method, js_class = "TextEncoder")]
    fn encode(this: &Encoder, text: &JsValue) -> js_sys::Uint8Array;
}

/// A string of the page's as Rust's. Handing one over directly goes a character at a
/// time in script (for a generated workload, megabytes: a long pause after a paste);
/// the browser's encoder turns it into bytes at once, and they come over in one copy.
fn text_of(value: &JsValue) -> Option<String> {
    value
        .is_string()
        .then(|| String::from_utf8(Encoder::new().encode(value).to_vec()).ok())
        .flatten()
}

/// The text area's text.
fn value_of(area: &HtmlTextAreaElement) -> String {
    js_sys::Reflect::get(area, &JsValue::from_str("value"))
        .ok()
        .and_then(|text| text_of(&text))
        .unwrap_or_else(|| area.value())
}

/// The text a paste brings, if it is over [`EDIT_LIMIT`] (measured in UTF-16 units,
/// which a text's bytes are at least).
fn long_paste(e: &Event) -> Option<String> {
    let data = js_sys::Reflect::get(e, &JsValue::from_str("clipboardData")).ok()?;
    let get = js_sys::Reflect::get(&data, &JsValue::from_str("getData")).ok()?;
    let text = get
        .dyn_into::<js_sys::Function>()
        .ok()?
        .call1(&data, &JsValue::from_str("text/plain"))
        .ok()?;
    let long = text.dyn_ref::<js_sys::JsString>()?.length() as usize > EDIT_LIMIT;
    long.then(|| text_of(&text)).flatten()
}

/// `text` with its part from UTF-16 offset `from` to `to` (a text area's selection)
/// replaced by `with`.
fn splice(text: &str, from: u32, to: u32, with: &str) -> String {
    let byte = |unit: u32| {
        let mut units = 0;
        text.char_indices()
            .find(|&(_, c)| {
                let past = units >= unit;
                units += c.len_utf16() as u32;
                past
            })
            .map_or(text.len(), |(i, _)| i)
    };
    let (from, to) = (byte(from.min(to)), byte(to.max(from)));
    [&text[..from], with, &text[to..]].concat()
}

/// Texts longer than this (in bytes) are not highlighted.
const HIGHLIGHT_LIMIT: usize = 64 * 1024;

/// Texts longer than this (in bytes) are shown in part, read-only, until the learner
/// asks for all of it: a browser lays out a text area's whole text at once, about a
/// tenth of a second a megabyte, and the page waits.
pub const EDIT_LIMIT: usize = 1 << 20;
/// Of a text over [`EDIT_LIMIT`], the lines shown, and at most this many bytes.
const PREVIEW_LINES: usize = 200;
const PREVIEW_BYTES: usize = 16 * 1024;

/// The start of a long text: its first lines, cut at a character.
fn preview(text: &str) -> &str {
    let lines = text
        .match_indices('\n')
        .nth(PREVIEW_LINES - 1)
        .map_or(text.len(), |(i, _)| i);
    let mut end = lines.min(PREVIEW_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let highlight = use_node_ref();
    let area = use_node_ref();
    // Whether the learner asked to edit a long text whole.
    let whole = use_state(|| false);
    let long = props.text.len() > EDIT_LIMIT;
    {
        // Asked for one long text; the next one is shown in part again.
        let whole = whole.clone();
        use_effect_with(long, move |&long| {
            if !long && *whole {
                whole.set(false);
            }
        });
    }
    let partial = long && !*whole;
    // What the text area holds, as far as this editor knows: the text it set there or
    // that was typed, and whether only its start. The text area is written only when
    // that changes, never read back at a redraw: a text of megabytes would be copied
    // out of the page and compared at every redraw.
    let shown = use_mut_ref(|| None::<(AttrValue, bool)>);
    {
        let (area, shown) = (area.clone(), shown.clone());
        let watched = (Watched(props.text.clone()), partial);
        use_effect_with(watched, move |(Watched(text), partial)| {
            let mut shown = shown.borrow_mut();
            let unchanged = shown
                .as_ref()
                .is_some_and(|(s, p)| p == partial && same(s, text));
            if !unchanged && let Some(area) = area.cast::<HtmlTextAreaElement>() {
                area.set_value(if *partial { preview(text) } else { text });
                *shown = Some((text.clone(), *partial));
            }
        });
    }
    let oninput = {
        let (on_input, shown, whole) = (props.on_input.clone(), shown.clone(), *whole);
        Callback::from(move |e: InputEvent| {
            let area = e.target_unchecked_into::<HtmlTextAreaElement>();
            let value = value_of(&area);
            // A long text pasted in is cut to its start before the browser lays it out.
            let partial = value.len() > EDIT_LIMIT && !whole;
            if partial {
                area.set_value(preview(&value));
            }
            *shown.borrow_mut() = Some((AttrValue::from(value.clone()), partial));
            on_input.emit(value)
        })
    };
    // A long paste is taken before the browser puts it in the text area (a pause of
    // its own, then another to lay it out): the text area gets the start.
    let onpaste = {
        let (on_input, shown, whole) = (props.on_input.clone(), shown.clone(), *whole);
        Callback::from(move |e: Event| {
            let Some(pasted) = long_paste(&e).filter(|_| !whole) else {
                return;
            };
            e.prevent_default();
            let area = e.target_unchecked_into::<HtmlTextAreaElement>();
            let before = shown
                .borrow()
                .as_ref()
                .map(|(t, _)| t.clone())
                .unwrap_or_default();
            let (from, to) = (area.selection_start(), area.selection_end());
            let text = match (from, to) {
                (Ok(Some(from)), Ok(Some(to))) => splice(&before, from, to, &pasted),
                _ => pasted,
            };
            area.set_value(preview(&text));
            *shown.borrow_mut() = Some((AttrValue::from(text.clone()), true));
            on_input.emit(text)
        })
    };
    let onscroll = {
        let highlight = highlight.clone();
        Callback::from(move |e: Event| {
            let area = e.target_unchecked_into::<HtmlTextAreaElement>();
            if let Some(pre) = highlight.cast::<web_sys::Element>() {
                pre.set_scroll_top(area.scroll_top());
                pre.set_scroll_left(area.scroll_left());
            }
        })
    };
    let errors = !props.diagnostics.is_empty();
    // A very long text (a generated workload) is shown plain: one span per token would
    // cost more than the simulation.
    let plain = props.text.len() > HIGHLIGHT_LIMIT;
    let id = props.language.id;
    html! {
        <div class="editor">
            <div class={classes!("code", errors.then_some("has-errors"))}>
                if !plain {
                    <pre class="highlight" aria-hidden="true" ref={highlight}>
                        { for props.text.split('\n').enumerate().map(|(i, line)| highlight_line(line, i as u32 + 1, &props.diagnostics, &props.language)) }
                    </pre>
                }
                <textarea {id} class={classes!(plain.then_some("plain"))} spellcheck="false" autocapitalize="off" autocomplete="off"
                    aria-label={props.language.label} aria-invalid={errors.to_string()}
                    aria-describedby={format!("{id}-errors")} readonly={partial}
                    ref={area} {oninput} {onpaste} {onscroll} />
            </div>
            if partial {
                { long_text_note(&props.text, id, Callback::from(move |_| whole.set(true))) }
            }
            <OpenFile {id} on_text={props.on_input.clone()} />
            <ul id={format!("{id}-errors")} class="diagnostics" aria-live="polite">
                { for props.diagnostics.iter().take(50).map(|d| html! {
                    <li class="diagnostic">
                        <span class="where">{ format!("line {}, col {}", d.line, d.col) }</span>
                        { " " }{ &d.message }
                    </li>
                }) }
            </ul>
        </div>
    }
}

/// What a text shown in part is, and the button that shows it whole.
fn long_text_note(text: &str, id: &str, on_whole: Callback<MouseEvent>) -> Html {
    let lines = crate::text::lines(text);
    html! {
        <p class="note long-text" id={format!("{id}-partial")}>
            { format!("This text is {:.1} MB, {} lines: only its start is shown, and cannot be \
                       edited. It runs whole, and its errors are listed below with their lines. ",
                      text.len() as f64 / 1e6, crate::text::group(lines as u64)) }
            <button type="button" class="small" id={format!("{id}-whole")} onclick={on_whole}>{ "Edit all of it here" }</button>
            { " (the page pauses while the browser lays it out)" }
        </p>
    }
}

/// One line of the highlighted copy; the token at an error's column is underlined.
fn highlight_line(
    line: &str,
    number: u32,
    diagnostics: &[Diagnostic],
    language: &Language,
) -> Html {
    let error_cols: Vec<u32> = diagnostics
        .iter()
        .filter(|d| d.line == number)
        .map(|d| d.col)
        .collect();
    let mut spans = Vec::new();
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        let class = if chars[i] == '#' {
            i = chars.len();
            "comment"
        } else if chars[i].is_ascii_digit() {
            while i < chars.len() && chars[i].is_ascii_alphanumeric() {
                i += 1;
            }
            "number"
        } else if chars[i].is_ascii_alphabetic() || chars[i] == '_' {
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || matches!(chars[i], '_' | '-'))
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let syntax = &language.syntax;
            if syntax.statements.contains(&word.as_str()) || syntax.words.contains(&word.as_str()) {
                "keyword"
            } else if syntax.steps.contains(&word.as_str()) {
                "step"
            } else {
                "name"
            }
        } else {
            i += 1;
            "punct"
        };
        let text: String = chars[start..i].iter().collect();
        let error = error_cols.iter().any(|&c| c as usize == start + 1);
        spans.push(
            html! { <span class={classes!(class, error.then_some("error-mark"))}>{ text }</span> },
        );
    }
    // An error at the end of a line marks a space where something was expected.
    if error_cols.iter().any(|&c| c as usize > chars.len()) {
        spans.push(html! { <span class="error-mark">{ " " }</span> });
    }
    html! { <>{ for spans }{ "\n" }</> }
}

#[cfg(test)]
mod tests;
