//! Lesson "How far does it scale?": a thread-count sweep of a real kernel on the
//! visitor's cores (1 worker up to a few more than the cores measured), in shared
//! memory and in message passing, several runs each after a warm-up; time, speedup
//! and efficiency charts with Amdahl's and Gustafson's laws on top, the serial
//! fraction fitted to the measurements, and the pieces coloured live by the worker that
//! computed them. Before any of it, a calibrated probe measures how many workers really
//! run at once. Settings live in the URL query.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use interleave_par::scaling::{self, Row, Timed};
use interleave_par::{Kernel, PieceReport};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::components::chart::{Chart, Point as ChartPoint, Series, curve};
use crate::components::status::{Started, StartedHandle};
use crate::lessons::kernels;
use crate::lessons::settings::on_field;
use crate::platform::Platform;
use crate::pool::{self, CANCELLED, Canceller, Mode, Workers};

/// What every run's value was, in words.
fn answer(kernel: Kernel, size: u64, value: u64) -> String {
    let (before, figure, after) = kernels::answer(kernel, size, value);
    format!("Every run: {before}{figure}{after}.")
}
use controls::Controls;
use live::LiveTiles;
use probe::{ProbePanel, StatusLine};
use results::Results;
use run::run_sweep;

mod controls;
mod live;
mod probe;
mod results;
mod run;

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
    // Warm-up: every worker runs the loop a few times first, so that the browser has
    // compiled it with its optimizing tier before anything is timed.
    for _ in 0..4 {
        workers.probe(Kernel::Pi, size, most).await?;
    }
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
    kernel: Option<String>,
    size: Option<u64>,
    modes: Option<String>,
    upto: Option<u32>,
    reps: Option<u32>,
    serial: Option<u32>,
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
        let (kernel, size) = kernels::KernelLesson::Scaling.choose(
            query.kernel.as_deref(),
            query.size,
            Kernel::Mandelbrot,
        );
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

/// The figures derived from a sweep for one mode (computed in `par`): per worker count,
/// the spread of the times, and the speedup against the same mode's one-worker median.
#[derive(Debug, Clone, PartialEq)]
struct Curve {
    mode: Mode,
    rows: Vec<Row>,
    /// The serial fraction fitted by least squares to the points up to the cores.
    fit: Option<f64>,
}

impl Measured {
    fn timed(&self) -> Timed<'_> {
        Timed {
            workers: self.workers,
            times_ms: &self.times_ms,
            overhead_ms: &self.overhead_ms,
            start_ms: self.start_ms,
        }
    }
}

fn curves(sweep: &Sweep, cores: u32) -> Vec<Curve> {
    let Some(settings) = sweep.settings else {
        return Vec::new();
    };
    settings
        .modes()
        .into_iter()
        .filter_map(|mode| {
            let points: Vec<Timed> = sweep
                .points
                .iter()
                .filter(|p| p.mode == mode)
                .map(Measured::timed)
                .collect();
            let c = scaling::curve(&points, cores)?;
            Some(Curve {
                mode,
                rows: c.rows,
                fit: c.fit,
            })
        })
        .collect()
}

#[function_component(ScalingLesson)]
pub fn scaling_lesson() -> Html {
    let platform = use_context::<Rc<Platform>>().expect("platform context");
    let started = use_context::<StartedHandle>();
    let (query, save) = crate::lessons::settings::use_settings::<Query>("scaling");
    let ProbeHandle {
        probe,
        probing,
        error: probe_error,
        measure,
    } = use_probe(platform.hardware_threads);
    let cores = probe
        .as_ref()
        .map_or(platform.hardware_threads.clamp(1, MOST), |p| p.cores);
    let settings = Settings::from_query(&query, &platform, cores);
    let sweep = use_state(|| Rc::new(Sweep::default()));
    let canceller = use_mut_ref(|| None::<Canceller>);
    let stop = use_mut_ref(|| Rc::new(Cell::new(false)));

    let update = move |next: Settings| save.emit(next.to_query());
    let on_law = on_field(settings, update.clone(), |s, v| {
        v.parse().ok().map(|law_pct| Settings { law_pct, ..s })
    });
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
            <Controls {settings} {cores} {busy} on_change={Callback::from(update.clone())} {on_run} {on_cancel} />
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

/// The probe's figure (kept for the whole visit), whether it is measuring, its error,
/// and a callback that measures; the first visit measures at once.
struct ProbeHandle {
    probe: UseStateHandle<Option<Probe>>,
    probing: UseStateHandle<bool>,
    error: UseStateHandle<Option<String>>,
    measure: Callback<()>,
}

#[hook]
fn use_probe(hint: u32) -> ProbeHandle {
    let probe = use_state(|| PROBE.with(|p| p.borrow().clone()));
    let probing = use_state(|| false);
    let probe_error = use_state(|| None::<String>);
    let measure = {
        let (probe, probing, probe_error) = (probe.clone(), probing.clone(), probe_error.clone());
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

    ProbeHandle {
        probe,
        probing,
        error: probe_error,
        measure,
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// One line per timed run, with the figures of its configuration.
fn to_csv(sweep: &Sweep, curves: &[Curve]) -> String {
    let mut out = String::from(scaling::CSV_HEADER);
    for p in &sweep.points {
        let row = curves
            .iter()
            .find(|c| c.mode == p.mode)
            .and_then(|c| c.rows.iter().find(|r| r.workers == p.workers));
        scaling::csv_lines(p.mode.key(), &p.timed(), row, &mut out);
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
