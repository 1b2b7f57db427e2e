//! The synchronisation lab: play the scheduler over a program of threads that share
//! memory (one step at a time, undo and redo all the way back), then let the explorer
//! search every interleaving in a worker and replay the shortest bad one.
//!
//! The URL holds the level, the schedule played so far (`s`, one base-36 digit per
//! step), the position in it (`at`), the preemption bound, and the program's text
//! when it was edited (`src`), so a link reproduces exactly what is on screen.

mod explorer;
mod graph;
mod play;
mod state;
mod timeline;

use std::rc::Rc;

use interleave_lessons::programs::{self, Level};
use interleave_sim::program::{Exploration, parse, schedule_from_text, schedule_to_text};
use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::editor::{Editor, Language};
use crate::components::syntax_help::SyntaxHelp;
use crate::hooks::{use_link, use_saved_text};
use crate::url;
use state::{Action, Play, Sync, fitting_prefix};

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

/// The URL follows what is on screen.
#[hook]
fn use_url(lab: &Lab) {
    let id = lab.current().map(|l| l.id);
    let deps = (
        id,
        lab.text.clone(),
        lab.play.clone(),
        lab.bound,
        lab.edited(),
    );
    use_link(Some(deps), true, |(id, text, play, bound, edited)| {
        Some(Query {
            level: Some((*id)?.to_string()),
            s: (!play.history.is_empty()).then(|| schedule_to_text(&play.history)),
            at: (play.cursor < play.history.len()).then_some(play.cursor),
            bound: *bound,
            src: (*edited && text.len() <= LINK_TEXT).then(|| url::encode(text)),
        })
    });
}

#[derive(Properties, PartialEq)]
struct LabProps {
    lab: Lab,
}

/// The lesson's levels, as tabs.
#[function_component(LevelTabs)]
fn level_tabs(props: &LabProps) -> Html {
    let lab = &props.lab;
    html! {
        <nav class="levels" aria-label="Levels">
            { for lab.levels.iter().enumerate().map(|(i, l)| {
                let dispatcher = lab.dispatcher();
                let current = i == lab.level;
                let level: &'static Level = l;
                let choose = Callback::from(move |_| {
                    dispatcher.dispatch(Action::ChooseLevel { index: i, text: saved_or_original(level) })
                });
                html! {
                    <button type="button" class={classes!("level", current.then_some("current"))}
                        aria-pressed={current.to_string()} data-level={l.id} onclick={choose}>
                        <span class="level-number">{ i + 1 }</span>{ l.title }
                    </button>
                }
            }) }
        </nav>
    }
}

/// The goal, the scheduler to play, and the explorer: a program that parses.
#[function_component(Board)]
fn board(props: &LabProps) -> Html {
    let lab = &props.lab;
    let Ok(program) = &lab.parsed else {
        return Html::default();
    };
    let play = &lab.play;
    let cursor = lab.cursor();
    let state = &lab.states[cursor];
    let last = cursor.checked_sub(1).map(|i| play.history[i]);
    let goal = program.goal.as_ref().map(|g| {
        let reached = program.holds(g, state);
        html! {
            <p class={classes!("goal", reached.then_some("reached"))} id="goal" aria-live="polite">
                <strong>{ if reached { "Goal reached: " } else { "Goal: " } }</strong>
                { &g.label }
                if reached {
                    { format!(" \u{2014} in {} steps: {}", cursor, program::schedule_label(program, &play.history[..cursor])) }
                }
            </p>
        }
    });
    let jump = |to: usize| {
        let dispatcher = lab.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Jump(to)))
    };
    let dispatcher = lab.dispatcher();
    let on_step = Callback::from(move |thread| dispatcher.dispatch(Action::Step(thread)));
    let dispatcher = lab.dispatcher();
    let on_jump = Callback::from(move |to| dispatcher.dispatch(Action::Jump(to)));
    let dispatcher = lab.dispatcher();
    let on_replay = Callback::from(move |schedule: Vec<usize>| {
        dispatcher.dispatch(Action::Replay(schedule));
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("play"))
        {
            el.scroll_into_view();
        }
    });
    let dispatcher = lab.dispatcher();
    let on_explored = Callback::from(move |e| dispatcher.dispatch(Action::Explored(e)));
    let dispatcher = lab.dispatcher();
    let on_bound = Callback::from(move |b| dispatcher.dispatch(Action::Bound(b)));
    let ended =
        program.is_done(state) || program.is_deadlock(state) || program.fault(state).is_some();
    html! {
        <>
            { for goal }
            <section class="play" id="play" aria-label="Play the scheduler">
                <div class="play-controls">
                    <button type="button" id="undo" onclick={jump(play.cursor.saturating_sub(1))} disabled={play.cursor == 0}>{ "\u{21b6} Undo" }</button>
                    <button type="button" id="redo" onclick={jump(play.cursor + 1)} disabled={play.cursor >= play.history.len()}>{ "Redo \u{21b7}" }</button>
                    <button type="button" id="restart" onclick={jump(0)} disabled={play.cursor == 0}>{ "Back to the start" }</button>
                    <span class="step-count" id="step-count">{ format!("step {} of {}", play.cursor, play.history.len()) }</span>
                </div>
                <play::Outcome program={program.clone()} state={state.clone()} />
                <play::Threads program={program.clone()} state={state.clone()} last={last} on_step={on_step} disabled={ended} />
                <div class="play-side">
                    <play::SharedState program={program.clone()} state={state.clone()} />
                    <graph::WaitForGraph program={program.clone()} state={state.clone()} />
                </div>
                <timeline::Timeline program={program.clone()} states={lab.states.clone()} history={play.history.clone()} cursor={play.cursor} on_jump={on_jump} />
            </section>
            <explorer::ExplorerPanel program={program.clone()} text={lab.text.clone()} bound={lab.bound}
                explored={lab.explored.clone()} on_explored={on_explored} on_bound={on_bound} on_replay={on_replay} />
        </>
    }
}

pub(crate) mod program {
    //! Small words about programs, shared by the lab's views.

    use interleave_sim::program::Program;

    /// "A A B": the threads along a schedule.
    pub fn schedule_label(program: &Program, schedule: &[usize]) -> String {
        interleave_sim::program::schedule_names(program, schedule)
    }
}
