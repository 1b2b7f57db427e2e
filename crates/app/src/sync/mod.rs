//! The synchronisation lab: play the scheduler over a program of threads that share
//! memory (one step at a time, undo and redo all the way back), then let the explorer
//! search every interleaving in a worker and replay the shortest bad one; past its
//! state limit, draw runs at random instead.
//!
//! The URL holds the level, the schedule played so far (`s`, one base-36 digit per
//! step), the position in it (`at`), the preemption bound, and the program's text
//! when it was edited (`src`), so a link reproduces exactly what is on screen.

mod board;
pub(crate) mod explorer;
mod graph;
mod hooks;
pub(crate) mod panels;
pub(crate) mod play;
mod random;
mod state;
mod tabs;
mod timeline;

use std::rc::Rc;

use interleave_lessons::programs::{self, Level};
use interleave_sim::program::{Exploration, Sampled, parse, schedule_from_text};
use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::editor::{Editor, Language};
use crate::components::syntax_help::SyntaxHelp;
use crate::hooks::{use_later, use_saved_text};
use crate::url;
use board::Board;
use hooks::use_url;
use state::{Action, Play, Sync, fitting_prefix};
use tabs::LevelTabs;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Query {
    level: Option<String>,
    s: Option<String>,
    at: Option<usize>,
    bound: Option<u32>,
    src: Option<String>,
}

/// The longest program text a link carries.
const LINK_TEXT: usize = 32 * 1024;

#[derive(Properties, PartialEq)]
pub struct SyncLabProps {
    /// The lesson whose levels are offered.
    pub lesson: &'static str,
}

/// An exploration and the text it explored (its schedules only fit that program).
#[derive(Debug, Clone, PartialEq)]
pub struct Explored {
    pub text: String,
    pub report: Exploration,
    pub ms: f64,
}

/// A random search and the text it searched.
#[derive(Debug, Clone, PartialEq)]
pub struct SampledRun {
    pub text: String,
    pub report: Sampled,
    pub ms: f64,
}

struct Initial {
    level: usize,
    text: String,
    play: Play,
    bound: Option<u32>,
    notice: Option<String>,
}

fn initial(levels: &[&'static Level], query: Query) -> Initial {
    let mut notices = Vec::new();
    let level = match query.level.as_deref() {
        None => 0,
        Some(id) => levels.iter().position(|l| l.id == id).unwrap_or_else(|| {
            notices.push(format!(
                "There is no level \u{201c}{id}\u{201d} here; showing the first."
            ));
            0
        }),
    };
    let mut text = levels
        .get(level)
        .map_or(String::new(), |l| saved_or_original(l));
    if let Some(src) = query.src.as_deref() {
        match url::decode(src) {
            Ok(t) => text = t,
            Err(why) => notices.push(format!(
                "The program in this link could not be read: {why}. Showing the level's own."
            )),
        }
    }
    let mut play = Play::default();
    if let Some(s) = query.s.as_deref() {
        match schedule_from_text(s) {
            Ok(history) => {
                let fits = parse(&text)
                    .ok()
                    .map(|p| fitting_prefix(&p, &history))
                    .unwrap_or(0);
                if fits < history.len() {
                    notices.push(format!(
                        "The link's schedule stops fitting the program at step {}; it was cut there.",
                        fits + 1
                    ));
                }
                play.cursor = query.at.unwrap_or(fits).min(fits);
                play.history = history[..fits].to_vec();
            }
            Err(why) => notices.push(format!("The link's schedule could not be read: {why}.")),
        }
    }
    Initial {
        level,
        text,
        play,
        bound: query.bound.filter(|&b| b <= 10),
        notice: (!notices.is_empty()).then(|| notices.join(" ")),
    }
}

/// The key a level's edited program is saved under.
fn saved_key(level: &Level) -> String {
    format!("sync:{}:{}", level.lesson, level.id)
}

/// The learner's edited program for `level`, or the level's own.
fn saved_or_original(level: &Level) -> String {
    crate::storage::load(&saved_key(level)).unwrap_or_else(|| level.text.to_string())
}

type Lab = UseReducerHandle<Sync>;

#[function_component(SyncLab)]
pub fn sync_lab(props: &SyncLabProps) -> Html {
    let location = use_location();
    let lesson = props.lesson;
    let lab = use_reducer(move || {
        let levels: Rc<Vec<&'static Level>> = Rc::new(programs::levels(lesson).collect());
        let query: Query = url::query(location);
        let start = initial(&levels, query);
        Sync::new(
            levels,
            start.level,
            start.text,
            start.play,
            start.bound,
            start.notice,
        )
    });
    use_url(&lab);
    use_later(
        lab.dispatcher(),
        crate::parts::sync_panels,
        Action::Panels,
        || Action::PanelsMissing,
    );
    let Some(current_level) = lab.current() else {
        return html! { <p class="notice">{ "This lesson has no levels." }</p> };
    };
    let edited = lab.edited();
    // Each text change is saved as it happens (the level's own text is forgotten).
    let text = use_saved_text(&lab, None);
    let (key, own) = (saved_key(current_level), Some(current_level.text));
    let on_input = {
        let (text, key) = (text.clone(), key.clone());
        Callback::from(move |new: String| text.change(&key, own, Action::Edit(new.clone()), &new))
    };
    let reset_text = {
        let (text, key) = (text.clone(), key.clone());
        Callback::from(move |_| text.change(&key, own, Action::Reset, current_level.text))
    };
    let undo_reset = {
        let edited = lab.undo_reset.clone();
        Callback::from(move |_| {
            if let Some(edited) = &edited {
                text.change(&key, own, Action::UndoReset, edited);
            }
        })
    };
    let diagnostics = lab.parsed.as_ref().err().cloned().unwrap_or_default();
    html! {
        <section class="lab sync-lab" aria-label="Experiment">
            <LevelTabs lab={lab.clone()} />
            if let Some(n) = &lab.notice {
                <p class="notice" role="status">{ n }</p>
            }
            <p class="level-claim"><strong>{ current_level.title }{ ": " }</strong>{ current_level.claim }</p>
            if lab.parsed.is_ok() {
                <Board lab={lab.clone()} />
            } else {
                <p class="notice" id="program-broken">
                    { "The program has errors (listed under the editor). Fix them to play; your text is kept as it is." }
                </p>
            }
            <details class="program-editor" open={edited || !diagnostics.is_empty() || lab.undo_reset.is_some()}>
                <summary>{ if edited { "The program (edited)" } else { "The program" } }</summary>
                <p class="hint">
                    { "One line is one atomic step; a step touches shared memory at most once. Edit it and play again: the schedule is kept as far as it still fits." }
                </p>
                <Editor text={AttrValue::from(lab.text.clone())} diagnostics={diagnostics} on_input={on_input} language={Language::PROGRAM} />
                if edited {
                    <button type="button" id="reset-program" onclick={reset_text}>{ "Back to the level\u{2019}s program" }</button>
                }
                if lab.undo_reset.is_some() {
                    <button type="button" id="undo-reset" onclick={undo_reset}>{ "Undo: bring back my program" }</button>
                }
                <SyntaxHelp syntax={interleave_sim::program::SYNTAX} />
            </details>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct LabProps {
    pub(crate) lab: Lab,
}

pub(crate) mod program {
    //! Small words about programs, shared by the lab's views.

    use interleave_sim::program::Program;

    /// "A A B": the threads along a schedule; a long one in runs of one thread, as
    /// "T4 ×27, T1 ×3, …" (the first 24 runs, then how many steps in all).
    pub fn schedule_label(program: &Program, schedule: &[usize]) -> String {
        if schedule.len() <= 24 {
            return interleave_sim::program::schedule_names(program, schedule);
        }
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for &t in schedule {
            match runs.last_mut() {
                Some((last, n)) if *last == t => *n += 1,
                _ => runs.push((t, 1)),
            }
        }
        let name = |t: usize| program.threads.get(t).map_or("?", |th| th.name.as_str());
        let shown: Vec<String> = runs
            .iter()
            .take(24)
            .map(|&(t, n)| match n {
                1 => name(t).to_string(),
                _ => format!("{} \u{d7}{n}", name(t)),
            })
            .collect();
        let more = if runs.len() > 24 { ", \u{2026}" } else { "" };
        format!("{}{more} ({} steps)", shown.join(", "), schedule.len())
    }
}
