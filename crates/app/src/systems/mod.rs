//! The system-design labs: one workload of requests served two ways side by side (the
//! text as written, and another model of the server), the latency each request feels,
//! how many wait over time, Little's law checked on the run, and a sweep of the lab's
//! knob. The text is parsed as it is typed; while it is broken the last good run stays.

mod charts;

use std::cell::Cell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use interleave_lessons::systems::{self, Model, Study};
use interleave_sim::latency::{Latency, latency};
use interleave_sim::{Diagnostic, Limits, Scenario, Tick, parse, parse_with};
use serde::{Deserialize, Serialize};
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::lab::editor::Editor;
use crate::lab::link;
use crate::lab::timeline::{Lanes, Timeline};
use charts::{Histogram, SweepChart, TimeSeries};

/// The lab's limits: each run, and each point of the sweep, is simulated in one go,
/// so its bound must be small enough for a few tens of milliseconds (the scheduler
/// lab and the command line run larger ones).
fn lab_limits() -> Limits {
    Limits {
        events: crate::lab::LIVE_EVENTS,
        ..crate::lab::limits()
    }
}

/// The lab's state in the URL: `?s=<text link>&vs=<model>&k=<knob value>`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Query {
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vs: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    k: Option<u32>,
}

/// One configuration run: its lanes (for the timeline) and its figures.
#[derive(Debug, PartialEq)]
struct Run {
    label: String,
    lanes: Rc<Lanes>,
    latency: Latency,
}

#[derive(Debug, Clone, PartialEq)]
struct Runs {
    a: Rc<Run>,
    b: Option<Rc<Run>>,
}

/// One knob value of the sweep, for the text as written (a) and the other model (b).
#[derive(Debug, Clone, PartialEq)]
pub struct SweepPoint {
    pub value: u32,
    pub a: Figures,
    pub b: Option<Figures>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    pub p50: Tick,
    pub p99: Tick,
    pub throughput: f64,
}

impl From<&Latency> for Figures {
    fn from(l: &Latency) -> Figures {
        Figures {
            p50: l.p50,
            p99: l.p99,
            throughput: l.throughput,
        }
    }
}

fn key(study: &Study) -> String {
    format!("study-{}", study.id)
}

/// The scenario of configuration A (the text, at the knob's chosen value) and B (that,
/// served by `model`).
fn configurations(
    study: &Study,
    scenario: &Scenario,
    knob: Option<u32>,
    model: Option<&Model>,
) -> (Scenario, Option<Scenario>) {
    let mut a = scenario.clone();
    if let Some(v) = knob {
        (study.knob.apply)(&mut a, v);
    }
    let b = model.map(|m| {
        let mut b = a.clone();
        (m.apply)(&mut b);
        b
    });
    (a, b)
}

/// Runs one configuration in slices (None if superseded first).
async fn run(label: String, scenario: Scenario, live: impl Fn() -> bool) -> Option<Rc<Run>> {
    let lanes = Lanes::run_sliced(&scenario, None, live, |_, _| {}).await?;
    // The figures from the scenario as written: lowered, its thread cap is just a lock.
    let latency = latency(&scenario, &lanes.report);
    Some(Rc::new(Run {
        label,
        lanes: Rc::new(lanes),
        latency,
    }))
}

#[derive(Properties, PartialEq)]
pub struct SystemsLabProps {
    pub study: &'static str,
}

#[function_component(SystemsLab)]
pub fn systems_lab(props: &SystemsLabProps) -> Html {
    let study = systems::find(props.study).expect("a lesson names an existing study");
    let navigator = use_navigator();
    let location = use_location();
    let initial = use_memo((), move |_| {
        let query = location
            .and_then(|l| l.query::<Query>().ok())
            .unwrap_or_default();
        let (text, notice) = link::starting_text(
            query.s.as_deref(),
            &key(study),
            study.text,
            "the lab's own workload",
        );
        let model = match query.vs.as_deref() {
            Some("none") => None,
            Some(id) => study.model(id).or(study.models.get(1)),
            None => study.models.get(1),
        };
        let knob = query.k.filter(|v| study.knob.values.contains(v));
        (text, notice, model.map(|m| m.id), knob)
    });
    let text = use_state(|| initial.0.clone());
    let notice = use_state(|| initial.1.clone());
    let model = use_state(|| initial.2);
    let knob = use_state(|| initial.3);
    let diagnostics = use_state(Vec::<Diagnostic>::new);
    let runs = use_state(|| None::<Runs>);
    let sweep = use_state(Vec::<SweepPoint>::new);
    let sweeping = use_state(|| false);
    // Why the sweep stopped before its last value, if it did.
    let stopped = use_state(|| None::<String>);
    let generation = use_mut_ref(|| Rc::new(Cell::new(0u64))).borrow().clone();
    let debounce = use_mut_ref(|| None::<Timeout>);

    // Parse the text and, if it parses, run both configurations, then sweep the knob a
    // value at a time, yielding to the browser between runs.
    let evaluate = {
        let (diagnostics, runs, sweep, sweeping, stopped, generation) = (
            diagnostics.clone(),
            runs.clone(),
            sweep.clone(),
            sweeping.clone(),
            stopped.clone(),
            generation.clone(),
        );
        Rc::new(
            move |text: &str, model: Option<&'static str>, knob: Option<u32>| {
                generation.set(generation.get() + 1);
                // Bounded by the lab's limits: a run too large for it is refused where
                // its events come from.
                let scenario = match parse_with(text, &lab_limits()) {
                    Ok(s) => s,
                    Err(e) => {
                        diagnostics.set(e.0);
                        return;
                    }
                };
                let model = model.and_then(|id| study.model(id));
                let (a, b) = configurations(study, &scenario, knob, model);
                // The knob's value and the other model change the run: bounded too.
                let settings = [
                    (
                        knob.map(|v| format!("{} = {v}", study.knob.label)),
                        Some(&a),
                    ),
                    (model.map(|m| m.label.to_string()), b.as_ref()),
                ];
                let refused = settings.into_iter().find_map(|(what, s)| {
                    let e = s?.check_bound(&lab_limits()).err()?;
                    let what = what.unwrap_or_else(|| "this setting".into());
                    Some(format!("with {what}: {e}"))
                });
                if let Some(message) = refused {
                    diagnostics.set(vec![Diagnostic {
                        line: 1,
                        col: 1,
                        message,
                    }]);
                    return;
                }
                diagnostics.set(Vec::new());
                let label_a = match knob {
                    Some(v) => format!("as written, {} = {v}", study.knob.label),
                    None => "as written".to_string(),
                };
                // Both runs in slices, one after the other: the page stays responsive.
                let (runs, sweep, sweeping, stopped, generation) = (
                    runs.clone(),
                    sweep.clone(),
                    sweeping.clone(),
                    stopped.clone(),
                    generation.clone(),
                );
                let mine = generation.get();
                wasm_bindgen_futures::spawn_local(async move {
                    let live = || generation.get() == mine;
                    let Some(a) = run(label_a, a, live).await else {
                        return;
                    };
                    let b = match b.zip(model) {
                        Some((b, m)) => match run(m.label.to_string(), b, live).await {
                            Some(b) => Some(b),
                            None => return,
                        },
                        None => None,
                    };
                    runs.set(Some(Runs { a, b }));
                    start_sweep(
                        study,
                        scenario,
                        model,
                        &generation,
                        &sweep,
                        &sweeping,
                        &stopped,
                    );
                });
            },
        )
    };

    {
        let evaluate = evaluate.clone();
        let (text, model, knob) = (text.clone(), model.clone(), knob.clone());
        use_effect_with((), move |_| evaluate(&text, *model, *knob));
    }

    // The URL carries what differs from the lab's own text and defaults.
    let write_url = {
        let navigator = navigator.clone();
        Rc::new(
            move |text: &str, model: Option<&'static str>, knob: Option<u32>| {
                let Some(nav) = &navigator else { return };
                if text.len() > crate::lab::LINK_TEXT {
                    return;
                }
                let query = Query {
                    s: (text != study.text).then(|| link::encode(text)),
                    vs: Some(model.unwrap_or("none").to_string()),
                    k: knob,
                };
                let route = if is_embedded() {
                    crate::route::Route::Embed {
                        id: study.id.to_string(),
                    }
                } else {
                    crate::route::Route::Lesson {
                        id: study.id.to_string(),
                    }
                };
                let _ = nav.replace_with_query(&route, &query);
            },
        )
    };

    // The learner's own text that "back to the lab's workload" replaced, until they
    // undo or type.
    let replaced = use_state(|| None::<String>);
    let set_text = {
        let (text, evaluate, debounce, write_url, model, knob, notice) = (
            text.clone(),
            evaluate.clone(),
            debounce.clone(),
            write_url.clone(),
            model.clone(),
            knob.clone(),
            notice.clone(),
        );
        Callback::from(move |value: String| {
            crate::storage::save(&key(study), &value);
            text.set(value.clone());
            notice.set(None);
            let (evaluate, write_url, model, knob) =
                (evaluate.clone(), write_url.clone(), *model, *knob);
            *debounce.borrow_mut() = Some(Timeout::new(250, move || {
                evaluate(&value, model, knob);
                write_url(&value, model, knob);
            }));
        })
    };

    // The model to compare with and the knob's value: set, run, and put in the URL.
    let choose = {
        let (model, evaluate, write_url, text, knob) = (
            model.clone(),
            evaluate.clone(),
            write_url.clone(),
            text.clone(),
            knob.clone(),
        );
        move |chosen_model: Option<&'static str>, chosen_knob: Option<u32>| {
            model.set(chosen_model);
            knob.set(chosen_knob);
            evaluate(&text, chosen_model, chosen_knob);
            write_url(&text, chosen_model, chosen_knob);
        }
    };
    let select_value = |e: Event| e.target_unchecked_into::<HtmlSelectElement>().value();
    let on_model = {
        let (choose, knob) = (choose.clone(), *knob);
        Callback::from(move |e: Event| choose(study.model(&select_value(e)).map(|m| m.id), knob))
    };
    let on_knob = {
        let model = *model;
        Callback::from(move |e: Event| choose(model, select_value(e).parse::<u32>().ok()))
    };

    let on_input = {
        let (set_text, replaced) = (set_text.clone(), replaced.clone());
        Callback::from(move |value: String| {
            replaced.set(None);
            set_text.emit(value);
        })
    };
    let reset = {
        let (set_text, replaced, text) = (set_text.clone(), replaced.clone(), text.clone());
        Callback::from(move |_| {
            replaced.set(Some((*text).clone()));
            set_text.emit(study.text.to_string());
        })
    };
    let undo = {
        let (set_text, replaced) = (set_text.clone(), replaced.clone());
        Callback::from(move |_| {
            if let Some(old) = (*replaced).clone() {
                replaced.set(None);
                set_text.emit(old);
            }
        })
    };

    // What the text itself says: its knob value and its seed (parsed once per text, not
    // on every render: the sweep re-renders at each of its points).
    let written = use_memo((*text).clone(), move |text| {
        parse(text).ok().map(|s| ((study.knob.read)(&s), s.seed))
    });
    let written_knob = written.and_then(|(knob, _)| knob);
    let seed = written.map(|(_, seed)| seed);
    html! {
        <section class="systems" aria-label={study.title}>
            if let Some(n) = &*notice {
                <p class="notice" role="status">{ n }</p>
            }
            <div class="systems-controls">
                <label>{ "Compare with " }
                    <select id="systems-model" onchange={on_model}>
                        <option value="none" selected={model.is_none()}>{ "nothing (one run)" }</option>
                        { for study.models.iter().map(|m| html! {
                            <option value={m.id} selected={*model == Some(m.id)}>{ m.label }</option>
                        }) }
                    </select>
                </label>
                <label>{ format!("{}: ", capitalise(study.knob.label)) }
                    <select id="systems-knob" onchange={on_knob}>
                        <option value="" selected={knob.is_none()}>
                            { match written_knob { Some(v) => format!("as written ({v})"), None => "as written".into() } }
                        </option>
                        { for study.knob.values.iter().map(|v| html! {
                            <option value={v.to_string()} selected={*knob == Some(*v)}>{ v.to_string() }</option>
                        }) }
                    </select>
                </label>
                <button type="button" id="systems-reset" onclick={reset}
                    disabled={*text == study.text}>{ "Back to the lab's workload" }</button>
                if replaced.is_some() {
                    <button type="button" id="systems-undo" onclick={undo}>{ "Undo: bring back my workload" }</button>
                }
            </div>
            <div class="lab-grid">
                <Editor text={AttrValue::from((*text).clone())} diagnostics={(*diagnostics).clone()} on_input={on_input} />
                <div class="side">
                    <p class="seed" id="systems-seed">
                        { match seed {
                            Some(s) => format!("Seed {s}: every random arrival and length is drawn from it, so this link gives the same run anywhere. Change it with the \u{201c}seed\u{201d} line."),
                            None => "The text has errors: the last good run stays on screen.".into(),
                        } }
                    </p>
                    <details class="syntax">
                        <summary>{ "What the lines mean" }</summary>
                        <ul>
                            <li><code>{ "requests NAME count=N every=T [poisson] [burst=B]: steps" }</code>{ " N requests, one every T ticks (or B at a time); poisson: random gaps of mean T." }</li>
                            <li><code>{ "cpu 2..8" }</code>{ ", " }<code>{ "io ~20" }</code>{ ": a length drawn between 2 and 8, or at random with mean 20." }</li>
                            <li><code>{ "threads K" }</code>{ ": at most K requests in progress (a pool); the rest wait for a thread." }</li>
                            <li><code>{ "memory K" }</code>{ ": KiB each request holds while in progress (a thread's stack, a goroutine's, a connection's state)." }</li>
                            <li><code>{ "server NAME cores=C slowdown=S" }</code>{ " and " }<code>{ "balance rr | least | random | p2c" }</code>{ ": machines behind a load balancer." }</li>
                            <li><code>{ "job NAME: steps" }</code>{ " with " }<code>{ "spawn NAME xN, join" }</code>{ ": fan out N tasks (one per server) and wait for them all; " }<code>{ "hedge=T" }</code>{ " after xN: a copy of each part still unanswered after T ticks goes to the next server, and the first answer counts." }</li>
                            <li><code>{ "lock NAME permits=K" }</code>{ ": a semaphore, such as a pool of K connections." }</li>
                        </ul>
                    </details>
                </div>
            </div>
            if let Some(r) = &*runs {
                <FiguresTable a={r.a.clone()} b={r.b.clone()} />
                <div class="systems-charts">
                    <Histogram a={r.a.latency.histogram.clone()} b={r.b.as_ref().map(|b| b.latency.histogram.clone())} />
                    <TimeSeries a={r.a.latency.series.clone()} b={r.b.as_ref().map(|b| b.latency.series.clone())} />
                </div>
                <h2>{ format!("Sweep: {}", study.knob.label) }</h2>
                if *sweeping {
                    <p class="progress-line" role="status">{ format!("Sweeping: {} of {} values run\u{2026}", sweep.len(), study.knob.values.len()) }</p>
                }
                if let Some(why) = &*stopped {
                    <p class="notice" id="sweep-refused" role="status">{ why }</p>
                }
                <div id="systems-sweep" data-points={sweep.len().to_string()} data-done={(!*sweeping).to_string()}>
                <SweepChart points={(*sweep).clone()} knob={study.knob.label} chosen={knob.or(written_knob)}
                    b_label={r.b.as_ref().map(|b| AttrValue::from(b.label.clone()))} />
                </div>
                <h2>{ "Timelines" }</h2>
                <RunTimeline run={r.a.clone()} />
                if let Some(b) = &r.b {
                    <RunTimeline run={b.clone()} />
                }
            }
        </section>
    }
}

/// Runs the knob's values one by one for A and B, each after a yield to the browser,
/// until done or superseded (a newer text or setting bumps `generation`).
fn start_sweep(
    study: &'static Study,
    scenario: Scenario,
    model: Option<&'static Model>,
    generation: &Rc<Cell<u64>>,
    sweep: &UseStateHandle<Vec<SweepPoint>>,
    sweeping: &UseStateHandle<bool>,
    stopped: &UseStateHandle<Option<String>>,
) {
    let (generation, sweep, sweeping, stopped) = (
        generation.clone(),
        sweep.clone(),
        sweeping.clone(),
        stopped.clone(),
    );
    let mine = generation.get();
    sweeping.set(true);
    sweep.set(Vec::new());
    stopped.set(None);
    wasm_bindgen_futures::spawn_local(async move {
        let mut points = Vec::new();
        for &value in study.knob.values {
            crate::lab::timeline::yield_to_browser().await;
            if generation.get() != mine {
                return;
            }
            let (a, b) = configurations(study, &scenario, Some(value), model);
            // Each point is bounded before it runs; the sweep stops at one too large.
            let limits = lab_limits();
            if let Some(e) = [Some(&a), b.as_ref()]
                .into_iter()
                .flatten()
                .find_map(|s| s.check_bound(&limits).err())
            {
                stopped.set(Some(format!(
                    "The sweep stops at {} = {value}: {e}.",
                    study.knob.label
                )));
                break;
            }
            let figures = |s: &Scenario| Figures::from(&systems::figures(s, |_| {}));
            let a = figures(&a);
            // A and B in two steps, a yield between them.
            let b = match b {
                Some(b) => {
                    crate::lab::timeline::yield_to_browser().await;
                    if generation.get() != mine {
                        return;
                    }
                    Some(figures(&b))
                }
                None => None,
            };
            points.push(SweepPoint { value, a, b });
            sweep.set(points.clone());
        }
        sweeping.set(false);
    });
}

fn is_embedded() -> bool {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .is_some_and(|h| h.starts_with("#/embed/"))
}

/// Three significant digits: 24.9, 0.0526.
pub fn significant(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return "0".into();
    }
    let decimals = (2.0 - v.abs().log10().floor()).max(0.0) as usize;
    format!("{v:.decimals$}")
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// "p50 p90 p99 max requests peak memory": the figures the tests read.
fn fig(l: &Latency) -> String {
    format!(
        "{} {} {} {} {} {} {}",
        l.p50, l.p90, l.p99, l.max, l.requests, l.peak_in_system, l.peak_memory_kib
    )
}

/// A row of the figures table: its name, what it means, and how to show it.
type Row = (&'static str, &'static str, fn(&Latency) -> String);

#[derive(Properties, PartialEq)]
struct FiguresProps {
    a: Rc<Run>,
    b: Option<Rc<Run>>,
}

/// Each figure of A and B side by side, and Little's law for each.
#[function_component(FiguresTable)]
fn figures_table(props: &FiguresProps) -> Html {
    let runs: Vec<&Rc<Run>> = std::iter::once(&props.a).chain(props.b.as_ref()).collect();
    let rows: [Row; 10] = [
        ("Requests", "requests that arrived (and completed)", |l| {
            if l.completed == l.requests {
                l.requests.to_string()
            } else {
                format!("{} ({} completed)", l.requests, l.completed)
            }
        }),
        (
            "p50",
            "half the requests took at most this long (ticks)",
            |l| l.p50.to_string(),
        ),
        ("p90", "90 % took at most this long", |l| l.p90.to_string()),
        ("p99", "99 % took at most this long: the tail", |l| {
            l.p99.to_string()
        }),
        ("Slowest", "the longest any request took", |l| {
            l.max.to_string()
        }),
        ("Mean", "the average latency", |l| format!("{:.1}", l.mean)),
        ("Throughput", "requests completed per 100 ticks", |l| {
            format!("{} / 100 ticks", significant(100.0 * l.throughput))
        }),
        (
            "Most in progress at once",
            "with a thread each, the threads needed",
            |l| l.peak_in_system.to_string(),
        ),
        (
            "Memory held at the peak",
            "the most requests holding memory at once (with a pool: holding a thread), times the \
             memory line's KiB each",
            |l| {
                if l.peak_memory_kib == 0 {
                    "not modelled".into()
                } else {
                    format!(
                        "{} MiB ({} \u{00d7} {} KiB)",
                        significant(l.peak_memory_kib as f64 / 1024.0),
                        l.peak_holding,
                        l.peak_memory_kib / u64::from(l.peak_holding.max(1))
                    )
                }
            },
        ),
        ("Busy", "share of the cores' time spent computing", |l| {
            l.utilization
                .iter()
                .map(|s| {
                    if l.utilization.len() == 1 {
                        format!("{:.0} %", 100.0 * s.utilization)
                    } else {
                        format!("{} {:.0} %", s.name, 100.0 * s.utilization)
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        }),
    ];
    html! {
        <div class="systems-figures">
            <div class="table-wrap">
                <table id="systems-table" data-a={fig(&props.a.latency)}
                    data-b={props.b.as_ref().map(|b| fig(&b.latency)).unwrap_or_default()}>
                    <thead><tr>
                        <th scope="col">{ "Figure" }</th>
                        { for runs.iter().map(|r| html! { <th scope="col">{ &r.label }</th> }) }
                    </tr></thead>
                    <tbody>
                        { for rows.iter().map(|(name, title, f)| html! {
                            <tr>
                                <th scope="row" title={*title}>{ *name }</th>
                                { for runs.iter().map(|r| html! { <td>{ f(&r.latency) }</td> }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            { for runs.iter().map(|r| {
                let l = &r.latency.little;
                html! {
                    <p class={classes!("little", if l.holds() { "holds" } else { "fails" })}>
                        <strong>{ "Little's law" }</strong>
                        { format!(" ({}): on average L = {:.2} requests were in the system; \u{03bb} \u{00d7} W = {:.4} arrivals a tick \u{00d7} {:.2} ticks each = {:.2}. {}",
                            r.label, l.in_system, l.arrival_rate, l.time_in_system, l.product(),
                            if l.holds() { "They agree." } else { "They disagree: please report this." }) }
                    </p>
                }
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RunTimelineProps {
    run: Rc<Run>,
}

/// The run's timeline (per-core lanes, then the first tasks' lanes), zoomable.
#[function_component(RunTimeline)]
fn run_timeline(props: &RunTimelineProps) -> Html {
    let lanes = props.run.lanes.clone();
    let full = (
        lanes.start as f64,
        lanes.end().max(lanes.start + 1) as f64 + 0.5,
    );
    let view = use_state(|| full);
    let cursor = use_state(|| lanes.start);
    {
        let view = view.clone();
        use_effect_with(props.run.clone(), move |_| view.set(full));
    }
    let on_view = {
        let view = view.clone();
        Callback::from(move |v| view.set(v))
    };
    let on_cursor = {
        let cursor = cursor.clone();
        Callback::from(move |t| cursor.set(t))
    };
    html! {
        <Timeline lanes={lanes} label={AttrValue::from(props.run.label.clone())} view={*view}
            cursor={*cursor} on_cursor={on_cursor} on_view={on_view} on_step={Callback::noop()} />
    }
}
