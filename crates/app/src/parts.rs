//! The app's parts: each family of pages is a wasm module of its own, fetched when a
//! page of it is first shown, so that a page loads the shell and its own code and not
//! every other lesson's. The build splits the app's module at the functions marked
//! `#[wasm_split]` below (natively they are plain calls); a part's code, and whatever
//! only it uses, goes into its module, and code that several parts share into modules
//! of their own that each of them fetches.
//!
//! A part hands back its view, a plain function, which is kept: once a part is loaded
//! its pages render at once. `main` loads the part of the page the visitor opened
//! before the app first renders, so the page the build rendered is replaced only by
//! the same page, working.

use std::cell::RefCell;

use yew::prelude::*;

use crate::route::Route;

mod later;
#[cfg(not(target_arch = "wasm32"))]
mod manifest;

#[cfg(not(target_arch = "wasm32"))]
pub use later::LATER;
pub use later::{Later, Live, Loaded, lab_engine, sync_panels, systems_engine};
#[cfg(not(target_arch = "wasm32"))]
pub use manifest::manifest;

/// A family of pages with a module of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    Home,
    /// The tour's steps of scenarios (and its frame, which every step's part shares).
    Tour,
    /// The tour's steps measured on the visitor's cores.
    TourMeasured,
    /// The tour's steps of programs.
    TourPrograms,
    /// The tour's summary.
    TourSummary,
    /// The scheduler lab.
    Lab,
    /// The system-design labs.
    Systems,
    /// The synchronisation lessons.
    Sync,
    Queue,
    Cores,
    Scaling,
    Simd,
    Responsive,
    Race,
}

/// What a part draws: the page of a route (a lesson's body, without its frame).
pub type View = fn(&Route) -> Html;

thread_local! {
    static LOADED: RefCell<Vec<(Part, View)>> = const { RefCell::new(Vec::new()) };
}

impl Part {
    #[cfg(test)]
    pub const ALL: [Part; 14] = [
        Part::Home,
        Part::Tour,
        Part::TourMeasured,
        Part::TourPrograms,
        Part::TourSummary,
        Part::Lab,
        Part::Systems,
        Part::Sync,
        Part::Queue,
        Part::Cores,
        Part::Scaling,
        Part::Simd,
        Part::Responsive,
        Part::Race,
    ];

    /// Its name, the name of its split (`#[wasm_split(name)]`) and of its pack.
    pub fn name(self) -> &'static str {
        match self {
            Part::Home => "home",
            Part::Tour => "tour",
            Part::TourMeasured => "tour_measured",
            Part::TourPrograms => "tour_programs",
            Part::TourSummary => "tour_summary",
            Part::Lab => "lab",
            Part::Systems => "systems",
            Part::Sync => "sync",
            Part::Queue => "queue",
            Part::Cores => "cores",
            Part::Scaling => "scaling",
            Part::Simd => "simd",
            Part::Responsive => "responsive",
            Part::Race => "race",
        }
    }

    /// The part that draws `route`; none for a page of the shell's own.
    pub fn of(route: &Route) -> Option<Part> {
        match route {
            Route::Home => Some(Part::Home),
            // `#/tour` opens the learner's last step, at its own address.
            Route::Tour => Some(Part::Tour),
            Route::TourStep { n } | Route::EmbedTour { n } => {
                Some(Part::of_step(n.saturating_sub(1)))
            }
            Route::Lesson { id } | Route::Embed { id } => Part::of_lesson(id),
            Route::NotFound => None,
        }
    }

    /// The part of the tour's step `i` (from 0; past the end, the last), by its kind.
    pub fn of_step(i: usize) -> Part {
        use interleave_lessons::tour::{KINDS, Kind};
        match KINDS[i.min(KINDS.len() - 1)] {
            Kind::Simulated => Part::Tour,
            Kind::Measured => Part::TourMeasured,
            Kind::Programs => Part::TourPrograms,
            Kind::Summary => Part::TourSummary,
        }
    }

    /// The part of lesson `id`.
    pub fn of_lesson(id: &str) -> Option<Part> {
        Some(match id {
            "scheduler" => Part::Lab,
            "interleavings" | "locks" | "deadlock" => Part::Sync,
            "queue" => Part::Queue,
            "cores" => Part::Cores,
            "scaling" => Part::Scaling,
            "simd" => Part::Simd,
            "responsive" => Part::Responsive,
            "race" => Part::Race,
            id if interleave_lessons::systems::is_study(id) => Part::Systems,
            _ => return None,
        })
    }

    /// Its view, if its module is loaded.
    pub fn view(self) -> Option<View> {
        LOADED.with_borrow(|loaded| loaded.iter().find(|(p, _)| *p == self).map(|(_, v)| *v))
    }

    /// Fetches its module (once) and gives its view; an error if it could not be fetched.
    pub async fn load(self) -> Result<View, Missing> {
        if let Some(view) = self.view() {
            return Ok(view);
        }
        let view = match self {
            Part::Home => split::home().await,
            Part::Tour => split::tour().await,
            Part::TourMeasured => split::tour_measured().await,
            Part::TourPrograms => split::tour_programs().await,
            Part::TourSummary => split::tour_summary().await,
            Part::Lab => split::lab().await,
            Part::Systems => split::systems().await,
            Part::Sync => split::sync().await,
            Part::Queue => split::queue().await,
            Part::Cores => split::cores().await,
            Part::Scaling => split::scaling().await,
            Part::Simd => split::simd().await,
            Part::Responsive => split::responsive().await,
            Part::Race => split::race().await,
        }?;
        LOADED.with_borrow_mut(|loaded| loaded.push((self, view)));
        Ok(view)
    }
}

/// A part's module that could not be fetched (offline before it was cached, say).
#[derive(Debug)]
pub struct Missing;

impl From<wasm_split_helpers::SplitLoaderError> for Missing {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Missing {
        Missing
    }
}

/// The split points: each function's body, and all it alone reaches, is its module.
#[allow(unsafe_code, improper_ctypes_definitions)]
pub(super) mod split {
    use wasm_split_helpers::wasm_split;
    use yew::prelude::*;

    use super::{Missing, View};
    use crate::route::Route;
    use crate::tour::engine::{Kind, install};

    fn lesson_id(route: &Route) -> &str {
        match route {
            Route::Lesson { id } | Route::Embed { id } => id,
            _ => "",
        }
    }

    #[wasm_split(home, fallible)]
    pub fn home() -> Result<View, Missing> {
        Ok(|_| html! { <crate::pages::home::Home /> })
    }

    /// The tour's frame, which every part of the tour shows its steps in.
    fn tour_page(route: &Route) -> Html {
        match route {
            Route::TourStep { n } => html! { <crate::tour::TourPage n={*n} /> },
            Route::EmbedTour { n } => html! { <crate::tour::TourPage n={*n} embedded={true} /> },
            _ => html! { <crate::tour::TourPage /> },
        }
    }

    #[wasm_split(tour, fallible)]
    pub fn tour() -> Result<View, Missing> {
        install(Kind::Simulated, crate::tour::simulated::ENGINE);
        Ok(tour_page)
    }

    #[wasm_split(tour_measured, fallible)]
    pub fn tour_measured() -> Result<View, Missing> {
        install(Kind::Measured, crate::tour::measured::ENGINE);
        Ok(tour_page)
    }

    #[wasm_split(tour_programs, fallible)]
    pub fn tour_programs() -> Result<View, Missing> {
        install(Kind::Programs, crate::tour::programs::ENGINE);
        Ok(tour_page)
    }

    #[wasm_split(tour_summary, fallible)]
    pub fn tour_summary() -> Result<View, Missing> {
        install(Kind::Summary, crate::tour::summary::ENGINE);
        Ok(tour_page)
    }

    #[wasm_split(lab, fallible)]
    pub fn lab() -> Result<View, Missing> {
        Ok(|_| html! { <crate::lab::SchedulerLab /> })
    }

    #[wasm_split(lab_engine, fallible)]
    pub fn lab_engine() -> Result<crate::lab::engine::Engine, Missing> {
        Ok(crate::lab::engine::ENGINE)
    }

    #[wasm_split(systems_engine, fallible)]
    pub fn systems_engine() -> Result<crate::systems::engine::Engine, Missing> {
        Ok(crate::systems::engine::ENGINE)
    }

    #[wasm_split(systems, fallible)]
    pub fn systems() -> Result<View, Missing> {
        Ok(|route| {
            let id = crate::lessons::find(lesson_id(route)).map_or("", |l| l.id);
            html! { <crate::systems::SystemsLab key={id} study={id} /> }
        })
    }

    #[wasm_split(sync_panels, fallible)]
    pub fn sync_panels() -> Result<crate::sync::panels::Panels, Missing> {
        Ok(crate::sync::panels::PANELS)
    }

    #[wasm_split(sync, fallible)]
    pub fn sync() -> Result<View, Missing> {
        Ok(|route| {
            let id = crate::lessons::find(lesson_id(route)).map_or("", |l| l.id);
            // Keyed: going from one of these lessons to another starts afresh.
            html! { <crate::sync::SyncLab key={id} lesson={id} /> }
        })
    }

    #[wasm_split(queue, fallible)]
    pub fn queue() -> Result<View, Missing> {
        Ok(|_| html! { <crate::lessons::queue::QueueLesson /> })
    }

    #[wasm_split(cores, fallible)]
    pub fn cores() -> Result<View, Missing> {
        Ok(|_| html! { <crate::lessons::cores::CoresLesson /> })
    }

    #[wasm_split(scaling, fallible)]
    pub fn scaling() -> Result<View, Missing> {
        Ok(|_| html! { <crate::lessons::scaling::ScalingLesson /> })
    }

    #[wasm_split(simd, fallible)]
    pub fn simd() -> Result<View, Missing> {
        Ok(|_| html! { <crate::lessons::simd::SimdLesson /> })
    }

    #[wasm_split(responsive, fallible)]
    pub fn responsive() -> Result<View, Missing> {
        Ok(|_| html! { <crate::lessons::responsive::ResponsiveLesson /> })
    }

    #[wasm_split(race, fallible)]
    pub fn race() -> Result<View, Missing> {
        Ok(|_| html! { <crate::lessons::race::RaceLesson /> })
    }
}

/// How many parts the app has loaded: a change draws the pages waiting for one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PartsLoaded(pub u32);

#[derive(Properties, PartialEq)]
pub struct PartViewProps {
    pub part: Option<Part>,
    pub route: Route,
}

/// A route drawn by its part; while the part's module loads, a line that says so (or
/// that it could not be fetched).
#[function_component(PartView)]
pub fn part_view(props: &PartViewProps) -> Html {
    let loaded = use_context::<UseStateHandle<PartsLoaded>>();
    let failed = use_state(|| false);
    let view = props.part.and_then(Part::view);
    {
        let failed = failed.clone();
        use_effect_with((props.part, view.is_some()), move |&(part, ready)| {
            if let (Some(part), false) = (part, ready) {
                wasm_bindgen_futures::spawn_local(async move {
                    match part.load().await {
                        Ok(_) => {
                            if let Some(loaded) = loaded {
                                loaded.set(PartsLoaded(loaded.0 + 1));
                            }
                        }
                        Err(Missing) => failed.set(true),
                    }
                });
            }
        });
    }
    let part = props.part.map(Part::name);
    match view {
        // Its own box in name only (`display: contents`): what `boot.js` keeps out of
        // sight in the build's page until the app draws the learner's own state.
        Some(view) => html! { <div class="part" data-part={part}>{ view(&props.route) }</div> },
        None if *failed => html! {
            <p class="error" role="alert" data-part={part}>
                { "This page's code could not be fetched. Check the connection, then reload the page." }
            </p>
        },
        None => html! { <p class="busy" role="status" data-part={part}>{ "Loading\u{2026}" }</p> },
    }
}

#[cfg(test)]
mod tests {
    use super::Part;
    use crate::lessons::{LESSONS, SYSTEM_LESSONS};

    /// Every part has its split, named as the part, and every lesson its part.
    #[test]
    fn every_part_is_a_split_of_its_own_name_and_every_lesson_has_one() {
        let source = include_str!("parts.rs");
        let splits: Vec<&str> = source
            .match_indices("\n    #[wasm_split(")
            .map(|(at, m)| {
                let rest = &source[at + m.len()..];
                &rest[..rest.find([',', ')']).unwrap()]
            })
            .filter(|name| name.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .collect();
        let mut names: Vec<&str> = Part::ALL.iter().map(|p| p.name()).collect();
        names.extend(super::LATER.iter().map(|(split, _)| *split));
        let mut splits = splits;
        splits.sort_unstable();
        names.sort_unstable();
        assert_eq!(splits, names);
        for lesson in LESSONS.iter().chain(SYSTEM_LESSONS.iter()) {
            assert!(Part::of_lesson(lesson.id).is_some(), "{}", lesson.id);
        }
        let manifest = super::manifest();
        assert!(manifest.contains("\"scheduler\": \"lab\""), "{manifest}");
        assert!(
            manifest.contains("\"event-loop\": \"systems\""),
            "{manifest}"
        );
    }
}
