//! The scheduler lab's controls: presets, playback, and the comparison. Each renders
//! the lab's state and dispatches actions; none holds state of its own.

use interleave_lessons::PRESETS;
use interleave_sim::Policy;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::state::{Action, CompareWith};
use super::{Lab, SAVED, on};

/// The policies offered for the second configuration of a comparison.
const COMPARE_POLICIES: &[(&str, &str)] = &[
    ("fcfs", "FCFS"),
    ("sjf", "SJF"),
    ("srtf", "SRTF"),
    ("priority", "priority"),
    ("priority-preemptive", "preemptive priority"),
    ("rr:1", "round robin, quantum 1"),
    ("rr:2", "round robin, quantum 2"),
    ("rr:4", "round robin, quantum 4"),
    ("mlfq:3:2:50", "MLFQ, 3 levels"),
];

#[derive(Properties, PartialEq)]
pub struct LabProps {
    pub lab: Lab,
}

/// The preset picker, its claim, and the undo of a replaced text.
#[function_component(PresetBar)]
pub fn preset_bar(props: &LabProps) -> Html {
    let lab = &props.lab;
    let preset_id = lab.preset();
    let claim = preset_id
        .and_then(interleave_lessons::find)
        .map(|p| p.claim);
    let on_preset = {
        let lab = lab.dispatcher();
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(preset) = interleave_lessons::find(&id) {
                crate::storage::save(SAVED, preset.text);
                lab.dispatch(Action::Preset(id));
            }
        })
    };
    let undo = {
        let (lab, own) = (lab.dispatcher(), lab.replaced.clone());
        Callback::from(move |_| {
            if let Some(own) = &own {
                crate::storage::save(SAVED, own);
                lab.dispatch(Action::UndoPreset);
            }
        })
    };
    html! {
        <div class="lab-top">
            <label class="preset">
                <span>{ "Preset" }</span>
                <select id="preset" onchange={on_preset}>
                    <option value="" selected={preset_id.is_none()} disabled=true>{ "Your own scenario" }</option>
                    { for PRESETS.iter().map(|p| html! {
                        <option value={p.id} selected={preset_id == Some(p.id)}>{ p.title }</option>
                    }) }
                </select>
            </label>
            if let Some(claim) = claim {
                <p class="preset-claim">{ claim }</p>
            }
            if lab.replaced.is_some() {
                <button type="button" id="undo-preset" onclick={undo}>{ "Undo: bring back my scenario" }</button>
            }
        </div>
    }
}

/// Step, play, speed and the scrubber.
#[function_component(Playback)]
pub fn playback(props: &LabProps) -> Html {
    let lab = &props.lab;
    let (start, end) = lab.runs.as_ref().map_or((0, 0), |r| (r.start(), r.end()));
    let on_speed = on(lab, |e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        Action::Speed(v.parse().unwrap_or(1.0))
    });
    let on_scrub = {
        let lab = lab.dispatcher();
        Callback::from(move |e: InputEvent| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            if let Ok(t) = v.parse() {
                lab.dispatch(Action::SetCursor(t))
            }
        })
    };
    let step = |direction: i32| on(lab, move |_| Action::Step(direction));
    html! {
        <div class="playback" role="group" aria-label="Playback">
            <button type="button" id="step-back" onclick={step(-1)} aria-label="Step back">{ "\u{25c2} Step" }</button>
            <button type="button" id="play" onclick={on(lab, |_| Action::TogglePlay)}
                aria-label={if lab.playing { "Pause" } else { "Play" }}>
                { if lab.playing { "\u{275a}\u{275a} Pause" } else { "\u{25b6} Play" } }
            </button>
            <button type="button" id="step-forward" onclick={step(1)} aria-label="Step forward">{ "Step \u{25b8}" }</button>
            <label class="speed">
                <span class="visually-hidden">{ "Speed" }</span>
                <select onchange={on_speed}>
                    { for [0.5, 1.0, 2.0, 4.0].into_iter().map(|s| html! {
                        <option value={s.to_string()} selected={(lab.speed - s).abs() < 1e-9}>{ format!("{s}\u{00d7}") }</option>
                    }) }
                </select>
            </label>
            <input type="range" id="scrub" aria-label="Time" min={start.to_string()} max={end.to_string()}
                value={lab.cursor.to_string()} oninput={on_scrub} />
            <output id="cursor-time">{ format!("t = {}", lab.cursor) }</output>
        </div>
    }
}

/// Predict first, and the second configuration of the comparison.
#[function_component(CompareBar)]
pub fn compare_bar(props: &LabProps) -> Html {
    let lab = &props.lab;
    let compare = &lab.compare;
    // Each select changes one part of the comparison.
    let change = |update: fn(Option<CompareWith>, &str) -> Option<CompareWith>| {
        let compare = compare.clone();
        on(lab, move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            Action::Compare(update(compare.clone(), &value))
        })
    };
    let on_cores = change(|with, v| {
        let cores = v.parse::<u32>().ok().filter(|c| (1..=64).contains(c))?;
        Some(CompareWith {
            cores,
            ..with.unwrap_or(CompareWith::DEFAULT)
        })
    });
    let on_policy = change(|with, v| {
        with.map(|w| CompareWith {
            policy: Policy::from_short(v),
            ..w
        })
    });
    let on_switch = change(|with, v| {
        with.map(|w| CompareWith {
            switch: v.parse().ok(),
            ..w
        })
    });
    let on_predict = on(lab, |e: Event| {
        Action::Predict(
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked(),
        )
    });
    let policy = compare
        .as_ref()
        .and_then(|w| w.policy.as_ref())
        .map(|p| p.short());
    html! {
        <div class="compare-bar">
            <label class="predict-toggle">
                <input type="checkbox" id="predict-mode" checked={lab.predicting} onchange={on_predict} />
                { "Predict first (hide the answers)" }
            </label>
            <div class="compare-with">
                <label>
                    <span>{ "Compare with the same workload on" }</span>
                    <select id="compare" onchange={on_cores}>
                        <option value="" selected={compare.is_none()}>{ "nothing (one timeline)" }</option>
                        { for [1u32, 2, 3, 4, 8, 16].into_iter().map(|c| html! {
                            <option value={c.to_string()} selected={compare.as_ref().map(|w| w.cores) == Some(c)}>
                                { format!("{c} core{}", if c == 1 { "" } else { "s" }) }
                            </option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ "under" }</span>
                    <select id="compare-policy" onchange={on_policy} disabled={compare.is_none()}>
                        <option value="" selected={policy.is_none()}>{ "the same policy" }</option>
                        { for COMPARE_POLICIES.iter().map(|(short, label)| html! {
                            <option value={*short} selected={policy.as_deref() == Some(*short)}>{ *label }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ "switch cost" }</span>
                    <select id="compare-switch" onchange={on_switch} disabled={compare.is_none()}>
                        <option value="" selected={compare.as_ref().and_then(|w| w.switch).is_none()}>{ "the same" }</option>
                        { for [0u64, 1, 2, 5].into_iter().map(|c| html! {
                            <option value={c.to_string()} selected={compare.as_ref().and_then(|w| w.switch) == Some(c)}>{ format!("{c} ticks") }</option>
                        }) }
                    </select>
                </label>
            </div>
        </div>
    }
}
