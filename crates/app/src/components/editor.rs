//! The scenario editor: a plain textarea (so typing, undo and screen readers work as
//! everywhere) over a highlighted copy of the text, with the errors underlined at their
//! line and column and listed beside it.

use interleave_sim::Diagnostic;
use interleave_sim::syntax::Syntax;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: AttrValue,
    pub diagnostics: Vec<Diagnostic>,
    pub on_input: Callback<String>,
    #[prop_or(Language::SCENARIO)]
    pub language: Language,
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

/// Texts longer than this (in bytes) are not highlighted.
const HIGHLIGHT_LIMIT: usize = 64 * 1024;

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let highlight = use_node_ref();
    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |e: InputEvent| {
            on_input.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value())
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
                    value={props.text.clone()} {oninput} {onscroll} />
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
