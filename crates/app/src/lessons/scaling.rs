//! Lesson "How far does it scale?": a thread-count sweep of a real kernel on the
//! visitor's cores (1 worker up to a few more than the cores measured), in shared
//! memory and in message passing, several runs each after a warm-up; time, speedup
//! and efficiency charts with Amdahl's and Gustafson's laws on top, the serial
//! fraction fitted to the measurements, and the pieces coloured live by the worker that
//! computed them. Before any of it, a calibrated probe measures how many workers really
//! run at once. Settings live in the URL query.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use interleave_par::scaling::{self, Spread};
use interleave_par::{Kernel, PieceReport};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::chart::{Chart, Point as ChartPoint, Series, curve};
use crate::components::status::{Started, StartedHandle};
use crate::lessons::cores::size_label;
use crate::platform::Platform;
use crate::pool::{self, CANCELLED, Canceller, Mode, Workers};
use crate::route::Route;
use crate::text::group;

/// Pieces per run, the same at every worker count so that only the workers change.
/// (The sort takes two chunks per worker of the largest count, and as many buckets:
/// each of its pieces costs a round trip of its keys.)
const PIECES: u32 = 64;
/// Each worker count runs once untimed (compiling, warming caches), then this many times.
const REPS: [u32; 3] = [1, 3, 5];
/// The sequential pre-pass, in percent of the items.
const SERIAL: [u32; 5] = [0, 5, 10, 25, 50];
/// The most workers a sweep may start.
const MOST: u32 = 24;

fn sizes(kernel: Kernel) -> [u64; 3] {
    match kernel {
        Kernel::Primes => [300_000, 1_000_000, 3_000_000],
        Kernel::Mandelbrot => [600, 1_200, 2_400],
        Kernel::Pi => [3_000_000, 10_000_000, 30_000_000],
        Kernel::Matrix => [100, 200, 400],
        Kernel::Sort => [1_000_000, 3_000_000, 10_000_000],
    }
}

fn kernel_label(kernel: Kernel) -> &'static str {
    match kernel {
        Kernel::Primes => "Count primes (later pieces cost more)",
        Kernel::Mandelbrot => "Mandelbrot image (uneven rows)",
        Kernel::Pi => "Monte Carlo pi (even pieces)",
        Kernel::Matrix => "Matrix product (memory-bound)",
        Kernel::Sort => "Sort (the data moves)",
    }
}

/// The result of the core probe: the same busy loop on 1, 2, ... workers at once.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct Probe {
    /// Wall time with `k` workers, at index `k - 1`.
    times_ms: Vec<f64>,
    /// Workers that ran at once (the rounded estimate) and the unrounded figure.
    cores: u32,
    parallel: f64,
}

thread_local! {
    /// Measured once per page load: every visit of the lesson reuses it.
    static PROBE: RefCell<Option<Probe>> = const { RefCell::new(None) };
}

/// Starts `hint + 2` share-nothing workers, calibrates a loop of Monte Carlo points to
/// take about 30 ms on one, runs it once on all of them (every worker's code warmed
/// up), then times it on 1, 2, ... of them at once, keeping the best of three.
async fn probe_cores(hint: u32) -> Result<Probe, String> {
    let most = (hint + 2).clamp(3, MOST) as usize;
    let mut workers = Workers::start(Mode::MessagePassing, most as u32).await?;
    let mut size = 250_000u64;
    while workers.probe(Kernel::Pi, size, 1).await? < 30.0 && size < 1 << 32 {
        size *= 2;
    }
    workers.probe(Kernel::Pi, size, most).await?;
    let mut times_ms = Vec::with_capacity(most);
    for k in 1..=most {
        let mut best = f64::INFINITY;
        for _ in 0..3 {
            best = best.min(workers.probe(Kernel::Pi, size, k).await?);
        }
        times_ms.push(best);
    }
    let (cores, parallel) = scaling::parallelism(&times_ms).ok_or("the probe measured nothing")?;
    Ok(Probe {
        times_ms,
        cores,
        parallel,
    })
}

/// The sweep's settings in the URL: `?kernel=mandelbrot&size=1200&modes=shared,message
/// &upto=4&reps=3&serial=0&f=5`. Anything missing or out of range takes its default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Query {
    #[serde(skip_serializing_if = "Option::is_none")]
    kernel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    modes: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    upto: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reps: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    serial: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    f: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
struct Settings {
    #[serde(serialize_with = "kernel_key")]
    kernel: Kernel,
    size: u64,
    shared: bool,
    message: bool,
    upto: u32,
    reps: u32,
    /// The sequential pre-pass, in percent of the items.
    serial_pct: u32,
    /// The serial fraction of the law curves, in percent (display only).
    law_pct: u32,
}

fn kernel_key<S: serde::Serializer>(k: &Kernel, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(k.key())
}

impl Settings {
    fn from_query(query: &Query, platform: &Platform, cores: u32) -> Settings {
        let kernel = query
            .kernel
            .as_deref()
            .and_then(Kernel::from_key)
            .unwrap_or(Kernel::Mandelbrot);
        let size = query
            .size
            .filter(|s| sizes(kernel).contains(s))
            .unwrap_or(sizes(kernel)[1]);
        let modes = query.modes.as_deref().unwrap_or("shared,message");
        let shared = platform.isolated && modes.split(',').any(|m| m == "shared");
        let message = modes.split(',').any(|m| m == "message") || !shared;
        let upto = query
            .upto
            .filter(|u| upto_choices(platform, cores).contains(u))
            .unwrap_or((cores + 2).min(MOST));
        Settings {
            kernel,
            size,
            shared,
            message,
            upto,
            reps: query.reps.filter(|r| REPS.contains(r)).unwrap_or(3),
            serial_pct: query.serial.filter(|s| SERIAL.contains(s)).unwrap_or(0),
            law_pct: query.f.filter(|f| *f <= 100).unwrap_or(5),
        }
    }

    fn to_query(self) -> Query {
        let modes: Vec<&str> = [(self.shared, "shared"), (self.message, "message")]
            .into_iter()
            .filter_map(|(on, key)| on.then_some(key))
            .collect();
        Query {
            kernel: Some(self.kernel.key().into()),
            size: Some(self.size),
            modes: Some(modes.join(",")),
            upto: Some(self.upto),
            reps: Some(self.reps),
            serial: Some(self.serial_pct),
            f: Some(self.law_pct),
        }
    }

    fn modes(self) -> Vec<Mode> {
        [
            (self.shared, Mode::SharedMemory),
            (self.message, Mode::MessagePassing),
        ]
        .into_iter()
        .filter_map(|(on, m)| on.then_some(m))
        .collect()
    }

    fn pieces(self) -> u32 {
        if self.kernel.additive() {
            PIECES
        } else {
            2 * self.upto
        }
    }

    /// The items of the pre-pass (none for the sort, whose rounds have none).
    fn serial_items(self) -> u64 {
        if !self.kernel.additive() {
            return 0;
        }
        self.size * u64::from(self.serial_pct) / 100
    }
}

/// The largest worker counts offered: 2 up to a few more than the cores (measured or
/// hinted), to show what oversubscription does.
fn upto_choices(platform: &Platform, cores: u32) -> Vec<u32> {
    (2..=(platform.hardware_threads.max(cores) + 4).min(MOST)).collect()
}

/// One configuration of the sweep and its timed runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct Measured {
    #[serde(serialize_with = "mode_key")]
    mode: Mode,
    workers: u32,
    /// Wall time of each timed run, on the page's clock, from request to result.
    times_ms: Vec<f64>,
    /// Of each run: wall time minus the span in which workers computed.
    overhead_ms: Vec<f64>,
    /// Starting this configuration's workers (a new pool per count in shared memory).
    start_ms: Option<f64>,
}

fn mode_key<S: serde::Serializer>(m: &Mode, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(m.key())
}

#[derive(Debug, Clone, PartialEq, Default)]
struct Live {
    mode: Option<Mode>,
    workers: u32,
    pieces: Vec<PieceReport>,
}

#[derive(Debug, Clone, PartialEq, Default)]
enum Status {
    #[default]
    Idle,
    Running {
        done: u32,
        total: u32,
        label: String,
    },
    Done,
    Cancelled,
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Default)]
struct Sweep {
    /// The number of this sweep since the lesson opened (tests wait for it).
    number: u32,
    settings: Option<Settings>,
    points: Vec<Measured>,
    /// The answer of the first run; every other run must give the same.
    value: Option<u64>,
    live: Live,
    status: Status,
}

impl Sweep {
    fn busy(&self) -> bool {
        matches!(self.status, Status::Running { .. })
    }
}

/// The figures derived from a sweep for one mode: per worker count, the spread of the
/// times, and the speedup against the same mode's one-worker median.
#[derive(Debug, Clone, PartialEq)]
struct Curve {
    mode: Mode,
    rows: Vec<Row>,
    /// The serial fraction fitted by least squares to the points up to the cores.
    fit: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
struct Row {
    workers: u32,
    time: Spread,
    speedup: f64,
    /// The speedups of the slowest and the fastest run.
    speedup_range: (f64, f64),
    efficiency: f64,
    karp_flatt: Option<f64>,
    overhead: Option<Spread>,
    start_ms: Option<f64>,
}

fn curves(sweep: &Sweep, cores: u32) -> Vec<Curve> {
    let Some(settings) = sweep.settings else {
        return Vec::new();
    };
    settings
        .modes()
        .into_iter()
        .filter_map(|mode| {
            let points: Vec<&Measured> = sweep.points.iter().filter(|p| p.mode == mode).collect();
            let base = points
                .iter()
                .find(|p| p.workers == 1)
                .and_then(|p| Spread::of(&p.times_ms))?
                .median;
            let rows: Vec<Row> = points
                .iter()
                .filter_map(|p| {
                    let time = Spread::of(&p.times_ms)?;
                    let speedup = scaling::speedup(base, time.median);
                    Some(Row {
                        workers: p.workers,
                        time,
                        speedup,
                        speedup_range: (
                            scaling::speedup(base, time.max),
                            scaling::speedup(base, time.min),
                        ),
                        efficiency: scaling::efficiency(speedup, p.workers),
                        karp_flatt: scaling::karp_flatt(speedup, p.workers),
                        overhead: Spread::of(&p.overhead_ms),
                        start_ms: p.start_ms,
                    })
                })
                .collect();
            let fit = scaling::fit_serial_fraction(
                &rows
                    .iter()
                    .filter(|r| r.workers <= cores.max(1))
                    .map(|r| (r.workers, r.speedup))
                    .collect::<Vec<_>>(),
            );
            Some(Curve { mode, rows, fit })
        })
        .collect()
}

#[function_component(ScalingLesson)]
pub fn scaling_lesson() -> Html {
    let platform = use_context::<Rc<Platform>>().expect("platform context");
    let started = use_context::<StartedHandle>();
    let navigator = use_navigator();
    let route = use_route::<Route>().unwrap_or(Route::Home);
    let location = use_location();
    // No settings in the link: the ones the learner left here last time, if any.
    let bare = location
        .as_ref()
        .is_none_or(|l| l.query_str().trim_start_matches('?').is_empty());
    let query = if bare {
        crate::storage::load_settings::<Query>("scaling").unwrap_or_default()
    } else {
        location
            .and_then(|l| l.query::<Query>().ok())
            .unwrap_or_default()
    };
    let probe = use_state(|| PROBE.with(|p| p.borrow().clone()));
    let probing = use_state(|| false);
    let probe_error = use_state(|| None::<String>);
    let cores = probe
        .as_ref()
        .map_or(platform.hardware_threads.clamp(1, MOST), |p| p.cores);
    let settings = Settings::from_query(&query, &platform, cores);
    {
        // Restored settings go into the URL, so that links and the embed snippet carry them.
        let restored = (bare && crate::storage::load("settings:scaling").is_some())
            .then(|| settings.to_query());
        let (navigator, route) = (navigator.clone(), route.clone());
        use_effect_with((), move |_| {
            if let (Some(nav), Some(query)) = (navigator, restored) {
                let _ = nav.replace_with_query(&route, &query);
            }
        });
    }
    let sweep = use_state(|| Rc::new(Sweep::default()));
    let canceller = use_mut_ref(|| None::<Canceller>);
    let stop = use_mut_ref(|| Rc::new(Cell::new(false)));

    let measure = {
        let (probe, probing, probe_error) = (probe.clone(), probing.clone(), probe_error.clone());
        let hint = platform.hardware_threads;
        Callback::from(move |_: ()| {
            if *probing {
                return;
            }
            probing.set(true);
            let (probe, probing, probe_error) =
                (probe.clone(), probing.clone(), probe_error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match probe_cores(hint).await {
                    Ok(result) => {
                        PROBE.with(|p| *p.borrow_mut() = Some(result.clone()));
                        probe.set(Some(result));
                        probe_error.set(None);
                    }
                    Err(message) => probe_error.set(Some(message)),
                }
                probing.set(false);
            });
        })
    };
    {
        // The first visit measures the cores at once; later visits reuse the figure.
        let measure = measure.clone();
        let needed = probe.is_none();
        use_effect_with((), move |_| {
            if needed {
                measure.emit(());
            }
        });
    }

    let update = {
        let navigator = navigator.clone();
        let route = route.clone();
        move |next: Settings| {
            crate::storage::save_settings("scaling", &next.to_query());
            if let Some(nav) = &navigator {
                let _ = nav.replace_with_query(&route, &next.to_query());
            }
        }
    };
    let on_select = |apply: fn(Settings, &str) -> Option<Settings>| {
        let update = update.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(next) = apply(settings, &value) {
                update(next);
            }
        })
    };
    let on_kernel = on_select(|s, v| {
        Kernel::from_key(v).map(|kernel| Settings {
            kernel,
            size: sizes(kernel)[1],
            ..s
        })
    });
    let on_size = on_select(|s, v| v.parse().ok().map(|size| Settings { size, ..s }));
    let on_upto = on_select(|s, v| v.parse().ok().map(|upto| Settings { upto, ..s }));
    let on_reps = on_select(|s, v| v.parse().ok().map(|reps| Settings { reps, ..s }));
    let on_serial = on_select(|s, v| {
        v.parse()
            .ok()
            .map(|serial_pct| Settings { serial_pct, ..s })
    });
    let on_mode = {
        let update = update.clone();
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
                update(next);
            } else {
                input.set_checked(true);
            }
        })
    };
    let on_law = {
        let update = update.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Ok(law_pct) = value.parse() {
                update(Settings {
                    law_pct,
                    ..settings
                });
            }
        })
    };
    let on_run = {
        let (sweep, canceller, stop) = (sweep.clone(), canceller.clone(), stop.clone());
        Callback::from(move |_| {
            if sweep.busy() {
                return;
            }
            let flag = Rc::new(Cell::new(false));
            *stop.borrow_mut() = flag.clone();
            let number = sweep.number + 1;
            let (sweep, canceller, started) = (sweep.clone(), canceller.clone(), started.clone());
            wasm_bindgen_futures::spawn_local(async move {
                run_sweep(
                    number,
                    settings,
                    &sweep,
                    &canceller,
                    &flag,
                    started.as_ref(),
                )
                .await;
            });
        })
    };
    let on_cancel = {
        let (canceller, stop) = (canceller.clone(), stop.clone());
        Callback::from(move |_| {
            stop.borrow().set(true);
            if let Some(c) = canceller.borrow_mut().take() {
                c.cancel();
            }
        })
    };

    let busy = sweep.busy();
    let curves = curves(&sweep, cores);
    html! {
        <section class="lab scaling-lab" aria-label="Experiment" data-sweeps={sweep.number.to_string()}>
            <ProbePanel probe={(*probe).clone()} probing={*probing} error={(*probe_error).clone()}
                hint={platform.hardware_threads} onmeasure={measure.reform(|_: MouseEvent| ())} disabled={busy} />
            <form class="controls" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <label>
                    <span>{ "Kernel" }</span>
                    <select id="kernel" onchange={on_kernel} disabled={busy}>
                        { for Kernel::ALL.into_iter().map(|k| html! {
                            <option value={k.key()} selected={k == settings.kernel}>{ kernel_label(k) }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ "Size" }</span>
                    <select id="size" onchange={on_size} disabled={busy}>
                        { for sizes(settings.kernel).into_iter().map(|n| html! {
                            <option value={n.to_string()} selected={n == settings.size}>{ size_label(settings.kernel, n) }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ "Workers: 1 up to" }</span>
                    <select id="upto" onchange={on_upto} disabled={busy}>
                        { for upto_choices(&platform, cores).into_iter().map(|n| html! {
                            <option value={n.to_string()} selected={n == settings.upto}>
                                { if n > cores { format!("{n} (more than the cores)") } else { n.to_string() } }
                            </option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ "Timed runs each" }</span>
                    <select id="reps" onchange={on_reps} disabled={busy}>
                        { for REPS.into_iter().map(|n| html! {
                            <option value={n.to_string()} selected={n == settings.reps}>{ format!("{n} + 1 warm-up") }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ "Sequential pre-pass" }</span>
                    <select id="serial" onchange={on_serial} disabled={busy || !settings.kernel.additive()}>
                        { for SERIAL.into_iter().map(|n| html! {
                            <option value={n.to_string()} selected={n == settings.serial_pct}>
                                { if n == 0 { "none".to_string() } else { format!("first {n} % of the items") } }
                            </option>
                        }) }
                    </select>
                </label>
                <fieldset class="modes">
                    <legend>{ "Run it with" }</legend>
                    { for [(Mode::SharedMemory, settings.shared), (Mode::MessagePassing, settings.message)].into_iter().map(|(m, on)| {
                        let unavailable = m == Mode::SharedMemory && !platform.isolated;
                        html! {
                            <label class={classes!(unavailable.then_some("unavailable"))}>
                                <input type="checkbox" name="modes" value={m.key()} checked={on}
                                    disabled={busy || unavailable} onchange={on_mode.clone()} />
                                { m.label() }
                            </label>
                        }
                    }) }
                </fieldset>
                if busy {
                    <button id="cancel" type="button" onclick={on_cancel}>{ "Cancel" }</button>
                } else {
                    <button id="run" type="button" class="primary" onclick={on_run}>
                        { format!("Sweep 1 to {} workers", settings.upto) }
                    </button>
                }
            </form>
            if !platform.isolated {
                <p class="mode-note" id="shared-unavailable">
                    { "Message passing only: shared memory needs a cross-origin isolated page, and this one is not" }
                    { if platform.embedded { " (it is embedded in another page)." } else { "." } }
                </p>
            }
            <StatusLine sweep={Rc::clone(&sweep)} />
            <LiveTiles kernel={settings.kernel} pieces={settings.pieces()} size={settings.size} live={sweep.live.clone()}
                serial={sweep.settings.map_or(0, |s| s.serial_items())} />
            if !curves.is_empty() {
                <Results sweep={Rc::clone(&sweep)} curves={curves} cores={cores}
                    law={settings.law_pct} onlaw={on_law} probe={(*probe).clone()} />
            }
        </section>
    }
}

/// Runs the sweep: for each mode, for 1 to `upto` workers, one warm-up run and
/// `reps` timed runs, updating `state` as it goes. Stops at the first error, or when
/// `stop` is set (the Cancel button, which also terminates the running workers).
async fn run_sweep(
    number: u32,
    settings: Settings,
    state: &UseStateHandle<Rc<Sweep>>,
    canceller: &Rc<RefCell<Option<Canceller>>>,
    stop: &Rc<Cell<bool>>,
    started: Option<&StartedHandle>,
) {
    let mut data = Sweep {
        number,
        settings: Some(settings),
        ..Sweep::default()
    };
    let total = settings.modes().len() as u32 * settings.upto * (settings.reps + 1);
    let result = sweep_into(&mut data, total, state, canceller, stop, started).await;
    canceller.borrow_mut().take();
    data.status = match result {
        Ok(()) => Status::Done,
        Err(message) if message == CANCELLED || stop.get() => Status::Cancelled,
        Err(message) => Status::Failed(message),
    };
    state.set(Rc::new(data));
}

async fn sweep_into(
    data: &mut Sweep,
    total: u32,
    state: &UseStateHandle<Rc<Sweep>>,
    canceller: &Rc<RefCell<Option<Canceller>>>,
    stop: &Rc<Cell<bool>>,
    started: Option<&StartedHandle>,
) -> Result<(), String> {
    let settings = data.settings.ok_or("no settings")?;
    let check = || {
        if stop.get() {
            Err(CANCELLED.to_string())
        } else {
            Ok(())
        }
    };
    let mut done = 0u32;
    for mode in settings.modes() {
        let mut workers: Option<Workers> = None;
        for w in 1..=settings.upto {
            data.status = Status::Running {
                done,
                total,
                label: format!("Starting {}\u{2026}", describe_set(mode, w)),
            };
            state.set(Rc::new(data.clone()));
            // Shared memory: a pool of exactly `w` threads. Message passing: `upto`
            // workers started once, of which the first `w` get pieces.
            let mut start_ms = None;
            let needs_start = match (&workers, mode) {
                (None, _) => true,
                (Some(_), Mode::SharedMemory) => true,
                (Some(_), Mode::MessagePassing) => false,
            };
            if needs_start {
                // The old pool goes first, so that it does not compete with the new one.
                drop(workers.take());
                let count = match mode {
                    Mode::SharedMemory => w,
                    Mode::MessagePassing => settings.upto,
                };
                let set = Workers::start(mode, count).await?;
                check()?;
                start_ms = Some(set.start_ms);
                if let Some(started) = started {
                    started.set(Started {
                        workers: Some((set.mode(), set.threads)),
                    });
                }
                *canceller.borrow_mut() = Some(set.canceller());
                workers = Some(set);
            }
            let set = workers.as_mut().ok_or("no workers")?;
            let mut point = Measured {
                mode,
                workers: w,
                times_ms: Vec::new(),
                overhead_ms: Vec::new(),
                start_ms,
            };
            for rep in 0..=settings.reps {
                data.status = Status::Running {
                    done,
                    total,
                    label: if rep == 0 {
                        format!("{}: warm-up run", describe_set(mode, w))
                    } else {
                        format!("{}: run {rep} of {}", describe_set(mode, w), settings.reps)
                    },
                };
                data.live = Live {
                    mode: Some(mode),
                    workers: w,
                    pieces: Vec::new(),
                };
                state.set(Rc::new(data.clone()));
                let t0 = pool::now();
                let mut painted = t0;
                let run = {
                    let snapshot = (*data).clone();
                    let live = &mut data.live.pieces;
                    let mut on_piece = |report: &PieceReport| {
                        live.push(*report);
                        // Draw at most ten times a second while measuring.
                        let now = pool::now();
                        if now - painted > 100.0 {
                            painted = now;
                            let mut shown = snapshot.clone();
                            shown.live.pieces = live.clone();
                            state.set(Rc::new(shown));
                        }
                    };
                    set.parallel_on(
                        settings.kernel,
                        settings.size,
                        settings.serial_items(),
                        settings.pieces(),
                        w as usize,
                        &mut on_piece,
                    )
                    .await?
                };
                let ms = pool::now() - t0;
                check()?;
                match data.value {
                    None => data.value = Some(run.value),
                    Some(v) if v != run.value => {
                        return Err(format!(
                            "{} gave {} where the first run gave {}",
                            describe_set(mode, w),
                            run.value,
                            v
                        ));
                    }
                    Some(_) => {}
                }
                if rep > 0 {
                    let first = run
                        .pieces
                        .iter()
                        .map(|p| p.start_ms)
                        .fold(f64::INFINITY, f64::min);
                    let last = run
                        .pieces
                        .iter()
                        .map(|p| p.end_ms)
                        .fold(f64::NEG_INFINITY, f64::max);
                    point.times_ms.push(ms);
                    if first.is_finite() && last.is_finite() {
                        point.overhead_ms.push((ms - (last - first)).max(0.0));
                    }
                }
                done += 1;
            }
            data.points.push(point);
        }
    }
    data.live.mode = None;
    Ok(())
}

fn describe_set(mode: Mode, w: u32) -> String {
    let plural = if w == 1 { "" } else { "s" };
    match mode {
        Mode::SharedMemory => format!("shared memory, a pool of {w} thread{plural}"),
        Mode::MessagePassing => format!("message passing, {w} worker{plural}"),
    }
}

#[derive(Properties, PartialEq)]
struct ProbeProps {
    probe: Option<Probe>,
    probing: bool,
    error: Option<String>,
    hint: u32,
    onmeasure: Callback<MouseEvent>,
    disabled: bool,
}

#[function_component(ProbePanel)]
fn probe_panel(props: &ProbeProps) -> Html {
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
                { "Your browser reports " }<strong class="figure">{ props.hint }</strong>
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
struct StatusProps {
    sweep: Rc<Sweep>,
}

#[function_component(StatusLine)]
fn status_line(props: &StatusProps) -> Html {
    let s = &props.sweep;
    let runs: usize = s.points.iter().map(|p| p.times_ms.len()).sum();
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

/// The worker colours of the stylesheet's light theme, for the canvas.
const COLOURS: [(u8, u8, u8); 8] = [
    (0x42, 0x63, 0xeb),
    (0xe8, 0x59, 0x0c),
    (0x2f, 0x9e, 0x44),
    (0xae, 0x3e, 0xc9),
    (0x10, 0x98, 0xad),
    (0xf0, 0x8c, 0x00),
    (0xd6, 0x33, 0x6c),
    (0x5c, 0x94, 0x0d),
];

#[derive(Properties, PartialEq)]
struct LiveProps {
    kernel: Kernel,
    pieces: u32,
    size: u64,
    serial: u64,
    live: Live,
}

const PREVIEW_W: u32 = 240;
const PREVIEW_H: u32 = 180;

/// The kernel's items as horizontal bands (for the Mandelbrot image: its rows, over a
/// small preview of the same picture), each coloured by the worker that computed it,
/// as the results arrive.
#[function_component(LiveTiles)]
fn live_tiles(props: &LiveProps) -> Html {
    let canvas = use_node_ref();
    let preview = use_memo(props.kernel, |kernel| {
        (*kernel == Kernel::Mandelbrot).then(|| {
            let h = u64::from(PREVIEW_H);
            let mut rgba = Vec::with_capacity((PREVIEW_W * PREVIEW_H * 4) as usize);
            for row in 0..h {
                for col in 0..u64::from(PREVIEW_W) {
                    let n = interleave_par::kernels::mandelbrot_pixel(h, row, col);
                    let v = if n >= interleave_par::kernels::MANDELBROT_ITERATIONS {
                        20
                    } else {
                        (255.0 - 200.0 * (f64::from(n) / 48.0).min(1.0)) as u8
                    };
                    rgba.extend_from_slice(&[v, v, v, 255]);
                }
            }
            rgba
        })
    });
    {
        let canvas = canvas.clone();
        let preview = preview.clone();
        let (live, size) = (props.live.clone(), props.size.max(1));
        use_effect_with((live, size, preview), move |(live, size, preview)| {
            draw(&canvas, preview.as_ref().as_ref(), live, *size);
        });
    }
    let done = props.live.pieces.len();
    let mut per_worker: Vec<(u32, usize)> = Vec::new();
    for p in &props.live.pieces {
        match per_worker.iter_mut().find(|(w, _)| *w == p.worker) {
            Some((_, n)) => *n += 1,
            None => per_worker.push((p.worker, 1)),
        }
    }
    per_worker.sort_unstable();
    let what = match props.kernel {
        Kernel::Mandelbrot => "rows of the image",
        Kernel::Primes => "numbers, small at the top",
        Kernel::Pi => "points",
        Kernel::Matrix => "rows of the product",
        Kernel::Sort => "keys (chunks first, then the buckets over them)",
    };
    html! {
        <figure class="live-tiles">
            <canvas ref={canvas} width={PREVIEW_W.to_string()} height={PREVIEW_H.to_string()}
                role="img" aria-label={format!("{done} pieces computed so far, coloured by worker")}></canvas>
            <figcaption>
                { format!("The {what} in {} pieces{}, coloured by the worker that computed each, as the results arrive.",
                    props.pieces, if props.serial > 0 { " (the first band alone, before the rest)" } else { "" }) }
                if props.live.mode.is_some() {
                    <ul class="legend">
                        { for per_worker.iter().map(|(w, n)| html! {
                            <li><span class={classes!("swatch", format!("w{}", w % 8))}></span>{ format!(" worker {}: {n}", w + 1) }</li>
                        }) }
                    </ul>
                }
            </figcaption>
        </figure>
    }
}

fn draw(canvas: &NodeRef, preview: Option<&Vec<u8>>, live: &Live, size: u64) {
    let Some(canvas) = canvas.cast::<web_sys::HtmlCanvasElement>() else {
        return;
    };
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let (w, h) = (f64::from(PREVIEW_W), f64::from(PREVIEW_H));
    match preview.and_then(|rgba| {
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), PREVIEW_W, PREVIEW_H)
            .ok()
    }) {
        Some(image) => {
            let _ = ctx.put_image_data(&image, 0.0, 0.0);
        }
        None => {
            ctx.set_fill_style_str("#8884");
            ctx.clear_rect(0.0, 0.0, w, h);
            ctx.fill_rect(0.0, 0.0, w, h);
        }
    }
    for p in &live.pieces {
        let (r, g, b) = COLOURS[(p.worker % 8) as usize];
        ctx.set_fill_style_str(&format!("rgba({r},{g},{b},0.6)"));
        let y0 = p.piece.lo as f64 / size as f64 * h;
        let y1 = p.piece.hi as f64 / size as f64 * h;
        ctx.fill_rect(0.0, y0, w, (y1 - y0).max(1.0));
    }
}

#[derive(Properties, PartialEq)]
struct ResultsProps {
    sweep: Rc<Sweep>,
    curves: Vec<Curve>,
    cores: u32,
    /// The serial fraction of the law curves, in percent.
    law: u32,
    onlaw: Callback<InputEvent>,
    probe: Option<Probe>,
}

fn series_class(mode: Mode) -> &'static str {
    match mode {
        Mode::SharedMemory => "s-shared",
        Mode::MessagePassing => "s-message",
    }
}

fn short(mode: Mode) -> &'static str {
    match mode {
        Mode::SharedMemory => "shared memory",
        Mode::MessagePassing => "message passing",
    }
}

/// A row's value on a chart, and the range of its runs.
type Figure = fn(&Row) -> (f64, Option<(f64, f64)>);

#[function_component(Results)]
fn results(props: &ResultsProps) -> Html {
    let Some(settings) = props.sweep.settings else {
        return html! {};
    };
    let x_max = f64::from(settings.upto);
    let law = f64::from(props.law) / 100.0;
    let mark = Some((
        f64::from(props.cores),
        AttrValue::from(format!("{} cores measured", props.cores)),
    ));
    let measured = |value: Figure| -> Vec<Series> {
        props
            .curves
            .iter()
            .map(|c| Series {
                name: short(c.mode).into(),
                class: series_class(c.mode),
                points: c
                    .rows
                    .iter()
                    .map(|r| {
                        let (y, range) = value(r);
                        ChartPoint {
                            x: f64::from(r.workers),
                            y,
                            range,
                        }
                    })
                    .collect(),
                markers: true,
                dashed: false,
            })
            .collect()
    };
    let times = measured(|r| (r.time.median, Some((r.time.min, r.time.max))));
    let mut speedups = vec![
        Series {
            name: "ideal".into(),
            class: "law-ideal",
            points: curve(x_max, |p| p),
            markers: false,
            dashed: true,
        },
        Series {
            name: format!("Amdahl, {} % serial", props.law),
            class: "law-amdahl",
            points: curve(x_max, |p| scaling::amdahl(law, p)),
            markers: false,
            dashed: false,
        },
        Series {
            name: format!("Gustafson, {} % serial", props.law),
            class: "law-gustafson",
            points: curve(x_max, |p| scaling::gustafson(law, p)),
            markers: false,
            dashed: false,
        },
    ];
    for c in &props.curves {
        if let Some(f) = c.fit {
            speedups.push(Series {
                name: format!("fit to {}: {:.1} % serial", short(c.mode), f * 100.0),
                class: series_class(c.mode),
                points: curve(f64::from(props.cores.min(settings.upto)).max(2.0), |p| {
                    scaling::amdahl(f, p)
                }),
                markers: false,
                dashed: true,
            });
        }
    }
    speedups.extend(measured(|r| (r.speedup, Some(r.speedup_range))));
    let efficiency = measured(|r| (r.efficiency * 100.0, None));
    let csv = {
        let (curves, sweep) = (props.curves.clone(), props.sweep.clone());
        Callback::from(move |_| {
            crate::lab::export::save(
                "interleave-scaling.csv",
                "text/csv",
                &to_csv(&sweep, &curves),
            );
        })
    };
    let json = {
        let (curves, sweep, probe) = (
            props.curves.clone(),
            props.sweep.clone(),
            props.probe.clone(),
        );
        Callback::from(move |_| {
            crate::lab::export::save(
                "interleave-scaling.json",
                "application/json",
                &to_json(&sweep, &curves, probe.as_ref()),
            );
        })
    };
    html! {
        <div class="results scaling-results" id="results" data-sweep={props.sweep.number.to_string()}
            data-points={props.curves.iter().map(|c| c.rows.len()).sum::<usize>().to_string()}>
            if let Some(value) = props.sweep.value {
                <p class="answer">{ answer(settings.kernel, settings.size, value) }</p>
            }
            <div class="charts">
                <Chart id="chart-time" title="Time of one run, median" unit="ms; bars: fastest to slowest run"
                    series={times} x_max={x_max} y_min_top={1.0} mark={mark.clone()} />
                <Chart id="chart-speedup" title="Speedup over one worker" unit="\u{00d7}; lines: the laws and the fits"
                    series={speedups} x_max={x_max} y_min_top={2.0} mark={mark.clone()} />
                <Chart id="chart-efficiency" title="Efficiency: speedup per worker" unit="%"
                    series={efficiency} x_max={x_max} y_min_top={100.0} mark={mark} />
            </div>
            <ul class="legend">
                { for props.curves.iter().map(|c| html! {
                    <li><span class={classes!("key", series_class(c.mode))}></span>{ format!("{} (measured)", short(c.mode)) }</li>
                }) }
                <li><span class="key law-ideal"></span>{ "ideal" }</li>
                <li><span class="key law-amdahl"></span>{ "Amdahl (fixed size)" }</li>
                <li><span class="key law-gustafson"></span>{ "Gustafson (size grows with the workers)" }</li>
            </ul>
            <div class="law-control">
                <label for="law">{ format!("Serial fraction of the law curves: {} %", props.law) }</label>
                <input id="law" type="range" min="0" max="50" step="1" value={props.law.to_string()} oninput={props.onlaw.clone()} />
            </div>
            <div class="fits" id="fits">
                { for props.curves.iter().map(|c| html! {
                    <p data-mode={c.mode.key()} data-fit={c.fit.map(|f| format!("{f:.4}")).unwrap_or_default()}>
                        { format!("{}: ", capitalised(short(c.mode))) }
                        { match c.fit {
                            Some(f) => html! {
                                <>{ "the serial fraction that best explains the speedups up to the cores is " }
                                <strong>{ format!("{:.1} %", f * 100.0) }</strong>
                                { format!(" (least squares on Amdahl's law); Amdahl then caps the speedup at {}.",
                                    if f > 0.0 { format!("{:.1}\u{00d7}", 1.0 / f) } else { "nothing".into() }) }</>
                            },
                            None => html! { { "needs a point with two or more workers to fit the serial fraction." } },
                        } }
                    </p>
                }) }
                if settings.serial_pct > 0 {
                    <p>{ format!("The kernel ran its first {} % of items alone before the rest: a serial part you can see in the fit.", settings.serial_pct) }</p>
                }
                <p class="hint">{ "Gustafson's curve answers another question: how much more work the workers do in the same time when the problem grows with them. The points here keep the size fixed, which is Amdahl's setting." }</p>
            </div>
            <div class="table-scroll">
                <table class="shares sweep-runs">
                    <thead><tr>
                        <th scope="col">{ "Mode" }</th><th scope="col">{ "Workers" }</th><th scope="col">{ "Median" }</th>
                        <th scope="col">{ "Range" }</th><th scope="col">{ "Speedup" }</th><th scope="col">{ "Efficiency" }</th>
                        <th scope="col" title="(1/S - 1/p) / (1 - 1/p)">{ "Karp-Flatt" }</th>
                        <th scope="col" title="Wall time minus the span in which workers computed">{ "Overhead" }</th>
                        <th scope="col">{ "Start-up" }</th>
                    </tr></thead>
                    <tbody>
                        { for props.curves.iter().flat_map(|c| c.rows.iter().map(move |r| html! {
                            <tr class={classes!((r.workers > props.cores).then_some("over"))}>
                                <th scope="row"><span class={classes!("key", series_class(c.mode))}></span>{ format!(" {}", c.mode.key()) }</th>
                                <td>{ r.workers }</td>
                                <td>{ format!("{:.0} ms", r.time.median) }</td>
                                <td>{ format!("{:.0}..{:.0} ms", r.time.min, r.time.max) }</td>
                                <td>{ format!("{:.2}\u{00d7}", r.speedup) }</td>
                                <td>{ format!("{:.0} %", r.efficiency * 100.0) }</td>
                                <td>{ r.karp_flatt.map(|e| format!("{:.3}", e)).unwrap_or_else(|| "\u{2013}".into()) }</td>
                                <td>{ r.overhead.map(|o| format!("{:.1} ms", o.median)).unwrap_or_default() }</td>
                                <td>{ r.start_ms.map(|s| format!("{s:.0} ms")).unwrap_or_default() }</td>
                            </tr>
                        })) }
                    </tbody>
                </table>
            </div>
            <p class="hint">{ "Overhead: the wall time of a run minus the span in which workers computed, that is, handing out work, messages and the wait for the last answer. Start-up: starting the workers (a new pool for each count in shared memory), not counted in the times. Rows past the measured cores are oversubscribed." }</p>
            <div class="actions">
                <button type="button" id="export-csv" onclick={csv}>{ "Export CSV" }</button>
                <button type="button" id="export-json" onclick={json}>{ "Export JSON" }</button>
            </div>
        </div>
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn answer(kernel: Kernel, size: u64, value: u64) -> String {
    match kernel {
        Kernel::Primes => format!(
            "Every run counted {} primes below {}.",
            group(value),
            group(size)
        ),
        Kernel::Mandelbrot => format!(
            "Every run took {} iterations to draw the image.",
            group(value)
        ),
        Kernel::Pi => format!(
            "Every run found {} of {} points in the quarter circle: \u{03c0} \u{2248} {:.5}.",
            group(value),
            group(size),
            4.0 * value as f64 / size.max(1) as f64
        ),
        Kernel::Matrix => format!(
            "Every run found the entries of A\u{00d7}B summing to {}.",
            group(value)
        ),
        Kernel::Sort => format!(
            "Every run sorted {} keys into the same order (checksum {}).",
            group(size),
            group(value)
        ),
    }
}

/// One line per timed run, with the figures of its configuration.
fn to_csv(sweep: &Sweep, curves: &[Curve]) -> String {
    let mut out = String::from(
        "mode,workers,run,ms,overhead_ms,median_ms,min_ms,max_ms,speedup,efficiency,karp_flatt,start_ms\n",
    );
    for p in &sweep.points {
        let row = curves
            .iter()
            .find(|c| c.mode == p.mode)
            .and_then(|c| c.rows.iter().find(|r| r.workers == p.workers));
        for (i, ms) in p.times_ms.iter().enumerate() {
            let overhead = p
                .overhead_ms
                .get(i)
                .map(|o| format!("{o:.3}"))
                .unwrap_or_default();
            let figures = row.map_or_else(
                || ",,,,,".to_string(),
                |r| {
                    format!(
                        "{:.3},{:.3},{:.3},{:.4},{:.4},{}",
                        r.time.median,
                        r.time.min,
                        r.time.max,
                        r.speedup,
                        r.efficiency,
                        r.karp_flatt.map(|e| format!("{e:.4}")).unwrap_or_default()
                    )
                },
            );
            let start = p.start_ms.map(|s| format!("{s:.3}")).unwrap_or_default();
            out.push_str(&format!(
                "{},{},{},{ms:.3},{overhead},{figures},{start}\n",
                p.mode.key(),
                p.workers,
                i + 1
            ));
        }
    }
    out
}

fn to_json(sweep: &Sweep, curves: &[Curve], probe: Option<&Probe>) -> String {
    let fits: serde_json::Map<String, serde_json::Value> = curves
        .iter()
        .map(|c| (c.mode.key().to_string(), c.fit.into()))
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "settings": sweep.settings,
        "pieces": sweep.settings.map(|s| s.pieces()),
        "value": sweep.value,
        "probe": probe,
        "runs": sweep.points,
        "fitted_serial_fraction": fits,
    }))
    .unwrap_or_default()
}
