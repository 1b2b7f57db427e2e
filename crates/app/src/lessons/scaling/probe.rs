//! The probe's findings, and the sweep's status line.

use yew::prelude::*;

use super::*;

#[derive(Properties, PartialEq)]
pub(super) struct ProbeProps {
    pub(super) probe: Option<Probe>,
    pub(super) probing: bool,
    pub(super) error: Option<String>,
    pub(super) hint: u32,
    pub(super) onmeasure: Callback<MouseEvent>,
    pub(super) disabled: bool,
}

#[function_component(ProbePanel)]
pub(super) fn probe_panel(props: &ProbeProps) -> Html {
    let measured = match (&props.probe, props.probing) {
        (_, true) => html! { <span class="busy">{ "measuring\u{2026}" }</span> },
        (Some(p), false) => html! {
            <><strong class="figure" id="measured-cores" data-cores={p.cores.to_string()}>{ p.cores }</strong>
              { format!(" workers run at once ({:.2}\u{00d7} one worker's loops in the time of one)", p.parallel) }</>
        },
        (None, false) => html! { <span>{ "not measured" }</span> },
    };
    html! {
        <div class="probe" aria-live="polite">
            <p>
                { "Your browser reports " }<strong class="figure"><crate::components::status::Threads n={props.hint} /></strong>
                { " hardware threads (navigator.hardwareConcurrency). Measured: " }{ measured }
                { " " }
                <button type="button" id="measure" onclick={props.onmeasure.clone()}
                    disabled={props.probing || props.disabled}>{ "Measure again" }</button>
            </p>
            if let Some(message) = &props.error {
                <p class="error" role="alert">{ format!("The probe failed: {message}. Nothing else is lost: probe again to start new workers.") }</p>
            }
            if let Some(p) = &props.probe {
                <details class="probe-detail">
                    <summary>{ "How it was measured" }</summary>
                    <p>{ "The same busy loop (Monte Carlo points, calibrated to about 30 ms, best of three) on k share-nothing workers started together. If k workers really run at once, k loops take as long as one; past the cores, they take longer." }</p>
                    <table class="shares">
                        <thead><tr><th scope="col">{ "Workers at once" }</th><th scope="col">{ "Wall time" }</th><th scope="col">{ "Loops per loop-time" }</th></tr></thead>
                        <tbody>
                            { for p.times_ms.iter().enumerate().map(|(i, t)| html! {
                                <tr><th scope="row">{ i + 1 }</th><td>{ format!("{t:.0} ms") }</td>
                                    <td>{ format!("{:.2}", (i + 1) as f64 * p.times_ms[0] / t.max(1e-9)) }</td></tr>
                            }) }
                        </tbody>
                    </table>
                </details>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct StatusProps {
    pub(super) sweep: Rc<Sweep>,
}

#[function_component(StatusLine)]
pub(super) fn status_line(props: &StatusProps) -> Html {
    let s = &props.sweep;
    let runs = s.timed_runs();
    html! {
        <div class="progress" aria-live="polite" id="sweep-status" data-state={match &s.status {
            Status::Idle => "idle", Status::Running { .. } => "running", Status::Done => "done",
            Status::Cancelled => "cancelled", Status::Failed(_) => "failed" }}>
            { match &s.status {
                Status::Idle => html! { <span>{ "Press Sweep. Workers compute; this page only hands out work and draws." }</span> },
                Status::Running { done, total, label } => html! {
                    <>
                        <progress max={total.to_string()} value={done.to_string()}></progress>
                        <span class="busy">{ format!(" {label} ({done} of {total} runs)") }</span>
                    </>
                },
                Status::Done => html! { <span>{ format!("Done: {runs} timed runs, every one with the same answer.") }</span> },
                Status::Cancelled => html! { <span>{ format!("Cancelled; the workers were stopped. The {runs} timed runs so far are kept.") }</span> },
                Status::Failed(message) => html! { <span class="error" role="alert">{ format!("The sweep failed: {message}. The points measured so far are kept: run again to start new workers.") }</span> },
            } }
        </div>
    }
}
