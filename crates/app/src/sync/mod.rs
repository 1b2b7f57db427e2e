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
mod timeline;

use std::rc::Rc;

use interleave_lessons::programs::{self, Level};
use interleave_sim::Diagnostic;
use interleave_sim::program::{
    Exploration, Program, State, parse, schedule_from_text, schedule_to_text,
};
use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::lab::editor::{Editor, Language};
use crate::lab::link;
use crate::route::Route;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Query {
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bound: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
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

/// Where the learner is: the schedule played and how far along it the view is.
#[derive(Debug, Clone, PartialEq, Default)]
struct Play {
    history: Vec<usize>,
    cursor: usize,
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
        match link::decode(src) {
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

/// Saves the learner's program for `level` (forgets it when it is the original again).
fn save(level: &Level, text: &str) {
    if text == level.text {
        crate::storage::remove(&saved_key(level));
    } else {
        crate::storage::save(&saved_key(level), text);
    }
}

/// How many steps of `schedule` the program can take.
fn fitting_prefix(program: &Program, schedule: &[usize]) -> usize {
    match program.replay(schedule) {
        Ok(_) => schedule.len(),
        Err((at, _)) => at,
    }
}

#[function_component(SyncLab)]
pub fn sync_lab(props: &SyncLabProps) -> Html {
    let levels: Rc<Vec<&'static Level>> =
        use_memo(props.lesson, |lesson| programs::levels(lesson).collect());
    let navigator = use_navigator();
    let route = use_route::<Route>().unwrap_or(Route::Home);
    let location = use_location();
    let start = {
        let levels = levels.clone();
        use_memo((), move |_| {
            let query = location
                .and_then(|l| l.query::<Query>().ok())
                .unwrap_or_default();
            initial(&levels, query)
        })
    };
    let level = use_state(|| start.level);
    let text = use_state(|| start.text.clone());
    let play = use_state(|| start.play.clone());
    let bound = use_state(|| start.bound);
    let notice = use_state(|| start.notice.clone());
    let explored = use_state(|| None::<Rc<Explored>>);
    // The edited program that "back to the level's program" replaced, for its undo.
    let undo_reset = use_state(|| None::<String>);

    let parsed: Rc<Result<Rc<Program>, Vec<Diagnostic>>> =
        use_memo((*text).clone(), |t| parse(t).map(Rc::new).map_err(|e| e.0));
    // Every state along the whole schedule (undone steps included, for redo).
    let states: Rc<Vec<State>> = use_memo(
        (parsed.clone(), play.history.clone()),
        |(parsed, history)| match parsed.as_ref() {
            Ok(p) => p.replay(history).unwrap_or_else(|_| vec![p.initial()]),
            Err(_) => Vec::new(),
        },
    );

    let Some(current_level) = levels.get(*level).copied() else {
        return html! { <p class="notice">{ "This lesson has no levels." }</p> };
    };
    let edited = *text != current_level.text;

    // The URL follows what is on screen.
    {
        let (navigator, route) = (navigator.clone(), route.clone());
        let deps = (
            current_level.id,
            (*text).clone(),
            (*play).clone(),
            *bound,
            edited,
        );
        use_effect_with(deps, move |(id, text, play, bound, edited)| {
            if let Some(nav) = navigator {
                let query = Query {
                    level: Some((*id).to_string()),
                    s: (!play.history.is_empty()).then(|| schedule_to_text(&play.history)),
                    at: (play.cursor < play.history.len()).then_some(play.cursor),
                    bound: *bound,
                    src: (*edited && text.len() <= LINK_TEXT).then(|| link::encode(text)),
                };
                let _ = nav.replace_with_query(&route, &query);
            }
        });
    }

    let choose_level = {
        let (level, text, play, explored, levels, notice, undo_reset) = (
            level.clone(),
            text.clone(),
            play.clone(),
            explored.clone(),
            levels.clone(),
            notice.clone(),
            undo_reset.clone(),
        );
        Callback::from(move |i: usize| {
            if let Some(l) = levels.get(i) {
                level.set(i);
                text.set(saved_or_original(l));
                undo_reset.set(None);
                play.set(Play::default());
                explored.set(None);
                notice.set(None);
            }
        })
    };
    let on_input = {
        let (text, play, explored, undo_reset) = (
            text.clone(),
            play.clone(),
            explored.clone(),
            undo_reset.clone(),
        );
        Callback::from(move |new: String| {
            save(current_level, &new);
            undo_reset.set(None);
            // Keep as much of the schedule as still fits the edited program.
            if let Ok(p) = parse(&new) {
                let fits = fitting_prefix(&p, &play.history);
                if fits < play.history.len() {
                    play.set(Play {
                        history: play.history[..fits].to_vec(),
                        cursor: play.cursor.min(fits),
                    });
                }
            }
            if explored.as_ref().is_some_and(|e| e.text != new) {
                explored.set(None);
            }
            text.set(new);
        })
    };
    let reset_text = {
        let (text, play, explored, undo_reset) = (
            text.clone(),
            play.clone(),
            explored.clone(),
            undo_reset.clone(),
        );
        Callback::from(move |_| {
            // One click back: the edited text is kept until the learner types again.
            undo_reset.set(Some((*text).clone()));
            save(current_level, current_level.text);
            text.set(current_level.text.to_string());
            play.set(Play::default());
            explored.set(None);
        })
    };
    let undo_reset_click = {
        let (text, undo_reset) = (text.clone(), undo_reset.clone());
        Callback::from(move |_| {
            if let Some(edited) = (*undo_reset).clone() {
                save(current_level, &edited);
                text.set(edited);
                undo_reset.set(None);
            }
        })
    };
    let on_step = {
        let play = play.clone();
        Callback::from(move |thread: usize| {
            let mut history = play.history[..play.cursor].to_vec();
            history.push(thread);
            let cursor = history.len();
            play.set(Play { history, cursor });
        })
    };
    let jump = {
        let play = play.clone();
        Callback::from(move |to: usize| {
            play.set(Play {
                history: play.history.clone(),
                cursor: to.min(play.history.len()),
            });
        })
    };
    let on_replay = {
        let play = play.clone();
        Callback::from(move |schedule: Vec<usize>| {
            let cursor = schedule.len();
            play.set(Play {
                history: schedule,
                cursor,
            });
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("play"))
            {
                el.scroll_into_view();
            }
        })
    };
    let on_explored = {
        let explored = explored.clone();
        Callback::from(move |e: Option<Rc<Explored>>| explored.set(e))
    };
    let on_bound = {
        let bound = bound.clone();
        Callback::from(move |b: Option<u32>| bound.set(b))
    };

    let level_tabs = html! {
        <nav class="levels" aria-label="Levels">
            { for levels.iter().enumerate().map(|(i, l)| {
                let choose = choose_level.clone();
                let current = i == *level;
                html! {
                    <button type="button" class={classes!("level", current.then_some("current"))}
                        aria-pressed={current.to_string()} data-level={l.id}
                        onclick={Callback::from(move |_| choose.emit(i))}>
                        <span class="level-number">{ i + 1 }</span>{ l.title }
                    </button>
                }
            }) }
        </nav>
    };

    let body = match parsed.as_ref() {
        Ok(program) => {
            let cursor = play.cursor.min(states.len().saturating_sub(1));
            let state = &states[cursor];
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
            let (undo, redo, restart) = {
                let (j1, j2, j3) = (jump.clone(), jump.clone(), jump.clone());
                let c = play.cursor;
                (
                    Callback::from(move |_| j1.emit(c.saturating_sub(1))),
                    Callback::from(move |_| j2.emit(c + 1)),
                    Callback::from(move |_| j3.emit(0)),
                )
            };
            let ended = program.is_done(state)
                || program.is_deadlock(state)
                || program.fault(state).is_some();
            html! {
                <>
                    { for goal }
                    <section class="play" id="play" aria-label="Play the scheduler">
                        <div class="play-controls">
                            <button type="button" id="undo" onclick={undo} disabled={play.cursor == 0}>{ "\u{21b6} Undo" }</button>
                            <button type="button" id="redo" onclick={redo} disabled={play.cursor >= play.history.len()}>{ "Redo \u{21b7}" }</button>
                            <button type="button" id="restart" onclick={restart} disabled={play.cursor == 0}>{ "Back to the start" }</button>
                            <span class="step-count" id="step-count">{ format!("step {} of {}", play.cursor, play.history.len()) }</span>
                        </div>
                        <play::Outcome program={program.clone()} state={state.clone()} />
                        <play::Threads program={program.clone()} state={state.clone()} last={last} on_step={on_step.clone()} disabled={ended} />
                        <div class="play-side">
                            <play::SharedState program={program.clone()} state={state.clone()} />
                            <graph::WaitForGraph program={program.clone()} state={state.clone()} />
                        </div>
                        <timeline::Timeline program={program.clone()} states={states.clone()} history={play.history.clone()} cursor={play.cursor} on_jump={jump.clone()} />
                    </section>
                    <explorer::ExplorerPanel program={program.clone()} text={(*text).clone()} bound={*bound}
                        explored={(*explored).clone()} on_explored={on_explored} on_bound={on_bound} on_replay={on_replay} />
                </>
            }
        }
        Err(_) => html! {
            <p class="notice" id="program-broken">
                { "The program has errors (listed under the editor). Fix them to play; your text is kept as it is." }
            </p>
        },
    };
    let diagnostics = match parsed.as_ref() {
        Ok(_) => Vec::new(),
        Err(d) => d.clone(),
    };

    html! {
        <section class="lab sync-lab" aria-label="Experiment">
            { level_tabs }
            if let Some(n) = &*notice {
                <p class="notice" role="status">{ n }</p>
            }
            <p class="level-claim"><strong>{ current_level.title }{ ": " }</strong>{ current_level.claim }</p>
            { body }
            <details class="program-editor" open={edited || !diagnostics.is_empty() || undo_reset.is_some()}>
                <summary>{ if edited { "The program (edited)" } else { "The program" } }</summary>
                <p class="hint">
                    { "One line is one atomic step; a step touches shared memory at most once. Edit it and play again: the schedule is kept as far as it still fits." }
                </p>
                <Editor text={AttrValue::from((*text).clone())} diagnostics={diagnostics} on_input={on_input} language={Language::PROGRAM} />
                if edited {
                    <button type="button" id="reset-program" onclick={reset_text}>{ "Back to the level\u{2019}s program" }</button>
                }
                if undo_reset.is_some() {
                    <button type="button" id="undo-reset" onclick={undo_reset_click}>{ "Undo: bring back my program" }</button>
                }
            </details>
        </section>
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
