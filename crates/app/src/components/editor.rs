//! The scenario editor: a plain textarea (so typing, undo and screen readers work as
//! everywhere) over a highlighted copy of the text, with the errors underlined at their
//! line and column and listed beside it.

use interleave_sim::Diagnostic;
use interleave_sim::syntax::Syntax;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties)]
pub struct EditorProps {
    pub text: AttrValue,
    pub diagnostics: Vec<Diagnostic>,
    pub on_input: Callback<String>,
    #[prop_or(Language::SCENARIO)]
    pub language: Language,
}

/// Two texts that are one shared text are equal at once: comparing a text of megabytes
/// at every redraw of the page would hold it.
impl PartialEq for EditorProps {
    fn eq(&self, other: &EditorProps) -> bool {
        let same_text = match (&self.text, &other.text) {
            (AttrValue::Rc(a), AttrValue::Rc(b)) => Rc::ptr_eq(a, b) || a == b,
            (a, b) => a == b,
        };
        same_text
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

/// The text area's text. `value()` hands it over a character at a time in script (for a
/// generated workload, megabytes: a long pause after a paste); the browser's encoder
/// turns it into bytes at once, and they come over in one copy.
fn value_of(area: &HtmlTextAreaElement) -> String {
    js_sys::Reflect::get(area, &JsValue::from_str("value"))
        .ok()
        .filter(JsValue::is_string)
        .and_then(|text| String::from_utf8(Encoder::new().encode(&text).to_vec()).ok())
        .unwrap_or_else(|| area.value())
}

/// Texts longer than this (in bytes) are not highlighted.
const HIGHLIGHT_LIMIT: usize = 64 * 1024;

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let highlight = use_node_ref();
    let area = use_node_ref();
    // The text the text area holds, as far as this editor knows: what it set there or
    // what was typed. The text area is written only when the text given differs from
    // it, never read back at a redraw: a text of megabytes would be copied out of the
    // page and compared at every redraw.
    let shown = use_mut_ref(|| None::<AttrValue>);
    {
        let (area, shown) = (area.clone(), shown.clone());
        use_effect_with(props.text.clone(), move |text| {
            let mut shown = shown.borrow_mut();
            if shown.as_ref() != Some(text)
                && let Some(area) = area.cast::<HtmlTextAreaElement>()
            {
                area.set_value(text);
                *shown = Some(text.clone());
            }
        });
    }
    let oninput = {
        let (on_input, shown) = (props.on_input.clone(), shown.clone());
        Callback::from(move |e: InputEvent| {
            let value = value_of(&e.target_unchecked_into::<HtmlTextAreaElement>());
            *shown.borrow_mut() = Some(AttrValue::from(value.clone()));
            on_input.emit(value)
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
    html! {
        <div class="editor">
            <div class={classes!("code", errors.then_some("has-errors"))}>
                if !plain {
                    <pre class="highlight" aria-hidden="true" ref={highlight}>
                        { for props.text.split('\n').enumerate().map(|(i, line)| highlight_line(line, i as u32 + 1, &props.diagnostics, &props.language)) }
                    </pre>
                }
                <textarea id={props.language.id} class={classes!(plain.then_some("plain"))} spellcheck="false" autocapitalize="off" autocomplete="off"
                    aria-label={props.language.label} aria-invalid={errors.to_string()}
                    aria-describedby={format!("{}-errors", props.language.id)}
                    ref={area} {oninput} {onscroll} />
            </div>
            <ul id={format!("{}-errors", props.language.id)} class="diagnostics" aria-live="polite">
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
