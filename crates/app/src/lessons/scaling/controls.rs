//! The sweep's settings as a form: kernel and size, workers, runs, the sequential
//! pre-pass and the modes, and Run or Cancel. Every change is a new `Settings`.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{REPS, SERIAL, Settings, kernels, upto_choices};
use crate::lessons::settings::on_field;
use crate::platform::Platform;
use crate::pool::Mode;

#[derive(Properties, PartialEq)]
pub(super) struct ControlsProps {
    pub(super) settings: Settings,
    pub(super) cores: u32,
    pub(super) busy: bool,
    pub(super) on_change: Callback<Settings>,
    pub(super) on_run: Callback<MouseEvent>,
    pub(super) on_cancel: Callback<MouseEvent>,
}

#[function_component(Controls)]
pub(super) fn controls(props: &ControlsProps) -> Html {
    let platform = use_context::<Rc<Platform>>().expect("platform context");
    let settings = props.settings;
    let on_select = |apply: fn(Settings, &str) -> Option<Settings>| {
        let on_change = props.on_change.clone();
        on_field::<_, Event>(settings, move |next| on_change.emit(next), apply)
    };
    let on_kernel = {
        let on_change = props.on_change.clone();
        Callback::from(move |(kernel, size)| {
            on_change.emit(Settings {
                kernel,
                size,
                ..settings
            })
        })
    };
    let on_upto = on_select(|s, v| v.parse().ok().map(|upto| Settings { upto, ..s }));
    let on_reps = on_select(|s, v| v.parse().ok().map(|reps| Settings { reps, ..s }));
    let on_serial = on_select(|s, v| {
        v.parse()
            .ok()
            .map(|serial_pct| Settings { serial_pct, ..s })
    });
    let on_mode = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let next = match input.value().as_str() {
                "shared" => Settings {
                    shared: input.checked(),
                    ..settings
                },
                _ => Settings {
                    message: input.checked(),
                    ..settings
                },
            };
            if next.shared || next.message {
                on_change.emit(next);
            } else {
                input.set_checked(true);
            }
        })
    };
    html! {
        <form class="controls" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <kernels::KernelPicker kernel={props.settings.kernel} size={props.settings.size} lesson={kernels::KernelLesson::Scaling}
                on_change={on_kernel} disabled={props.busy} />
            <label>
                <span>{ "Workers: 1 up to" }</span>
                <select id="upto" onchange={on_upto} disabled={props.busy}>
                    { for upto_choices(&platform, props.cores).into_iter().map(|n| html! {
                        <option value={n.to_string()} selected={n == props.settings.upto}>
                            { if n > props.cores { format!("{n} (more than the cores)") } else { n.to_string() } }
                        </option>
                    }) }
                </select>
            </label>
            <label>
                <span>{ "Timed runs each" }</span>
                <select id="reps" onchange={on_reps} disabled={props.busy}>
                    { for REPS.into_iter().map(|n| html! {
                        <option value={n.to_string()} selected={n == props.settings.reps}>{ format!("{n} + 1 warm-up") }</option>
                    }) }
                </select>
            </label>
            <label>
                <span>{ "Sequential pre-pass" }</span>
                <select id="serial" onchange={on_serial} disabled={props.busy || !props.settings.kernel.additive()}>
                    { for SERIAL.into_iter().map(|n| html! {
                        <option value={n.to_string()} selected={n == props.settings.serial_pct}>
                            { if n == 0 { "none".to_string() } else { format!("first {n} % of the items") } }
                        </option>
                    }) }
                </select>
            </label>
            <fieldset class="modes">
                <legend>{ "Run it with" }</legend>
                { for [(Mode::SharedMemory, props.settings.shared), (Mode::MessagePassing, props.settings.message)].into_iter().map(|(m, on)| {
                    let unavailable = m == Mode::SharedMemory && !platform.isolated;
                    html! {
                        <label class={classes!(unavailable.then_some("unavailable"))}>
                            <input type="checkbox" name="modes" value={m.key()} checked={on}
                                disabled={props.busy || unavailable} onchange={on_mode.clone()} />
                            { m.label() }
                        </label>
                    }
                }) }
            </fieldset>
            if props.busy {
                <button id="cancel" type="button" onclick={props.on_cancel.clone()}>{ "Cancel" }</button>
            } else {
                <button id="run" type="button" class="primary" onclick={props.on_run.clone()}>
                    { format!("Sweep 1 to {} workers", props.settings.upto) }
                </button>
            }
        </form>
    }
}
