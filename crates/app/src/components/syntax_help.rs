//! "What the lines mean": the forms of a language, listed from its own syntax table in
//! the core, so that the help and the parser never disagree.

use interleave_sim::syntax::Syntax;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SyntaxHelpProps {
    pub syntax: Syntax,
}

#[function_component(SyntaxHelp)]
pub fn syntax_help(props: &SyntaxHelpProps) -> Html {
    html! {
        <details class="syntax">
            <summary>{ "What the lines mean" }</summary>
            <ul>
                { for props.syntax.forms.iter().map(|form| html! {
                    <li><code>{ form.usage }</code>{ " \u{2014} " }{ form.meaning }</li>
                }) }
            </ul>
        </details>
    }
}
