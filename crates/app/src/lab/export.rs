//! Share, embed and export: the link to this exact state, the iframe snippet, and the
//! run as JSON, as Chrome trace events (Perfetto opens them) and as SVG.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::engine::Loaded;
use crate::components::timeline::lanes::Lanes;

#[derive(Properties, PartialEq)]
pub struct ActionsProps {
    pub lanes: Rc<Lanes>,
    pub cores: u32,
    /// The simulator, which writes the files; none until the page has it.
    pub engine: Option<Loaded>,
}

/// A file a run is exported as.
#[derive(Clone, Copy)]
pub enum Export {
    /// Its report, as JSON.
    Json,
    /// Chrome's trace events (Perfetto opens them).
    Trace,
    Svg,
}

/// The run in `lanes` as `kind`.
pub fn file(kind: Export, lanes: &Lanes) -> String {
    match kind {
        Export::Json => serde_json::to_string_pretty(&lanes.report).unwrap_or_default(),
        Export::Trace => interleave_sim::export::chrome_trace(&lanes.scenario, &lanes.report),
        Export::Svg => interleave_sim::export::svg(&lanes.scenario, &lanes.report),
    }
}

#[function_component(Actions)]
pub fn actions(props: &ActionsProps) -> Html {
    let shown = use_state(|| None::<String>);
    let share = {
        let shown = shown.clone();
        Callback::from(move |_| {
            let url = href();
            if let Some(w) = crate::platform::window() {
                let _ = w.navigator().clipboard().write_text(&url);
            }
            shown.set(Some(url));
        })
    };
    let embed = {
        let shown = shown.clone();
        Callback::from(move |_| {
            let href = href();
            let src = href.replacen("#/lesson/", "#/embed/", 1);
            shown.set(Some(format!(
                "<iframe src=\"{src}\" title=\"Scheduler lab (Interleave)\" width=\"100%\" height=\"900\" style=\"border:0\" loading=\"lazy\"></iframe>"
            )));
        })
    };
    let download = |name: &'static str, mime: &'static str, kind: Export| {
        let (lanes, engine) = (props.lanes.clone(), props.engine);
        Callback::from(move |_| {
            if let Some(engine) = engine {
                crate::platform::save(name, mime, &(engine.export)(kind, &lanes))
            }
        })
    };
    // The files are written by the simulator: until the page has it, they wait.
    let waiting = props.engine.is_none();
    html! {
        <div class="actions">
            <button type="button" id="share" onclick={share}>{ "Share link" }</button>
            <button type="button" id="embed" onclick={embed}>{ "Embed" }</button>
            <button type="button" id="export-json" disabled={waiting}
                onclick={download("interleave-run.json", "application/json", Export::Json)}>{ "Export JSON" }</button>
            <button type="button" id="export-trace" disabled={waiting}
                onclick={download("interleave-trace.json", "application/json", Export::Trace)}>{ "Export Chrome trace" }</button>
            <button type="button" id="export-svg" disabled={waiting}
                onclick={download("interleave-timeline.svg", "image/svg+xml", Export::Svg)}>{ "Export SVG" }</button>
            <button type="button" id="export-png" onclick={Callback::from(|_| save_png())}>{ "Export PNG" }</button>
            if let Some(text) = &*shown {
                <textarea class="shown" readonly=true rows="2" aria-label="Link or snippet to copy" value={text.clone()} />
            }
        </div>
    }
}

/// The first timeline's canvas as a PNG download.
fn save_png() {
    let document = crate::platform::window().and_then(|w| w.document());
    let canvas = document
        .as_ref()
        .and_then(|d| d.query_selector(".timeline-canvas canvas").ok().flatten())
        .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok());
    let Some(url) = canvas.and_then(|c| c.to_data_url_with_type("image/png").ok()) else {
        return;
    };
    if let Some(a) = document
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download("interleave-timeline.png");
        a.click();
    }
}

/// This page's address.
fn href() -> String {
    crate::platform::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}
