//! "Open a file": a text file read whole, then handed on like typing.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OpenFileProps {
    /// The field's id is `<id>-file`.
    pub id: &'static str,
    pub on_text: Callback<String>,
}

/// "Open a file": a text file read whole (a generated workload of megabytes is read
/// without the text area's pause), then handed on like typing.
#[function_component(OpenFile)]
pub fn open_file(props: &OpenFileProps) -> Html {
    let problem = use_state(|| None::<&'static str>);
    let onchange = {
        let (on_text, problem) = (props.on_text.clone(), problem.clone());
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let (on_text, problem) = (on_text.clone(), problem.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let bytes = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
                let text = bytes
                    .map(|b| js_sys::Uint8Array::new(&b).to_vec())
                    .map_err(|_| "The file could not be read.")
                    .and_then(|b| {
                        String::from_utf8(b).map_err(|_| "The file is not text (UTF-8).")
                    });
                match text {
                    Ok(text) => {
                        problem.set(None);
                        on_text.emit(text);
                    }
                    Err(why) => problem.set(Some(why)),
                }
            });
        })
    };
    html! {
        <p class="open-file">
            <label>{ "Open a file: " }
                <input type="file" id={format!("{}-file", props.id)} accept=".scn,.prog,.txt,text/plain" {onchange} />
            </label>
            if let Some(why) = *problem {
                <span class="error" role="alert">{ " " }{ why }</span>
            }
        </p>
    }
}
