//! The play view: the goal, the buttons that move along the schedule, one column per
//! thread with its code, the next step highlighted and a button to take it; the
//! shared state; and what the state means (finished, deadlocked, stopped by a fault).
//! The synchronisation lab and the tour both play programs with it.

use std::rc::Rc;

use interleave_sim::program::{Blocker, Program, State, Status};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ThreadsProps {
    pub program: Rc<Program>,
    pub state: State,
    /// The thread that took the last step.
    pub last: Option<usize>,
    pub on_step: Callback<usize>,
    pub disabled: bool,
}

/// Why a thread cannot step, in words.
pub fn status_text(p: &Program, status: Status) -> String {
    match status {
        Status::Ready => "ready".into(),
        Status::Done => "finished".into(),
        Status::Stopped => "stopped".into(),
        Status::Blocked(Blocker::Mutex { mutex, owner }) => format!(
            "waits for {} (held by {})",
            p.mutexes[mutex].name, p.threads[owner].name
        ),
        Status::Blocked(Blocker::Semaphore(k)) => {
            format!("waits for a permit of {}", p.semaphores[k].name)
        }
        Status::Blocked(Blocker::Condition(c)) => {
            format!("asleep until {} is signalled", p.conditions[c].name)
        }
    }
}

#[function_component(Threads)]
pub fn threads(props: &ThreadsProps) -> Html {
    let p = &props.program;
    let s = &props.state;
    html! {
        <div class="threads" style={format!("--threads: {}", p.threads.len().min(6))}>
            { for p.threads.iter().enumerate().map(|(t, thread)| {
                let status = p.status(s, t);
                let next = p.next_line(s, t);
                let ready = status == Status::Ready && !props.disabled;
                let step_text = p.threads[t].code.get(p.pc(s, t)).map_or("", |i| i.text.as_str());
                let on_step = props.on_step.clone();
                let class = match status {
                    Status::Ready => "ready",
                    Status::Blocked(_) => "blocked",
                    Status::Done => "done",
                    Status::Stopped => "stopped",
                };
                html! {
                    <section class={classes!("thread", class, (props.last == Some(t)).then_some("last"))}
                        aria-label={format!("Thread {}", thread.name)} data-thread={thread.name.clone()}>
                        <header>
                            <h3>{ &thread.name }</h3>
                            <span class="thread-status">{ status_text(p, status) }</span>
                        </header>
                        <ol class="code">
                            { for thread.listing.iter().map(|(line, text)| {
                                let current = Some(*line) == next;
                                html! {
                                    <li class={classes!(current.then_some("next"))} aria-current={current.then_some("step")}>
                                        <span class="line-number" aria-hidden="true">{ line }</span>
                                        <code>{ text }</code>
                                    </li>
                                }
                            }) }
                        </ol>
                        if !thread.locals.is_empty() {
                            <dl class="locals" aria-label={format!("{}'s locals", thread.name)}>
                                { for thread.locals.iter().enumerate().map(|(i, name)| html! {
                                    <><dt>{ name }</dt><dd>{ p.local(s, t, i) }</dd></>
                                }) }
                            </dl>
                        }
                        <button type="button" class="step" disabled={!ready}
                            aria-label={if ready { format!("Step {}: {}", thread.name, step_text) } else { format!("{} cannot step: {}", thread.name, status_text(p, status)) }}
                            onclick={Callback::from(move |_| on_step.emit(t))}>
                            { if ready { format!("Step {} \u{25b8}", thread.name) } else { status_text(p, status) } }
                        </button>
                    </section>
                }
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct StateProps {
    pub program: Rc<Program>,
    pub state: State,
}

#[function_component(SharedState)]
pub fn shared_state(props: &StateProps) -> Html {
    let p = &props.program;
    let s = &props.state;
    html! {
        <section class="shared" aria-label="Shared state">
            <h3>{ "Shared" }</h3>
            <table>
                <tbody>
                    { for p.shared.iter().enumerate().map(|(i, v)| html! {
                        <tr data-shared={v.name.clone()}><th scope="row">{ &v.name }</th><td class="value">{ p.shared_value(s, i) }</td></tr>
                    }) }
                    { for p.mutexes.iter().enumerate().map(|(m, v)| html! {
                        <tr><th scope="row">{ &v.name }</th><td>{
                            match p.owner(s, m) {
                                Some(o) => format!("mutex, held by {}", p.threads[o].name),
                                None => "mutex, free".into(),
                            }
                        }</td></tr>
                    }) }
                    { for p.semaphores.iter().enumerate().map(|(k, v)| html! {
                        <tr><th scope="row">{ &v.name }</th><td>{ format!("semaphore, {} of {} permits left", p.permits(s, k), v.permits) }</td></tr>
                    }) }
                    { for p.conditions.iter().enumerate().map(|(c, v)| {
                        let waiters: Vec<&str> = p.waiters(s, c).iter().map(|&t| p.threads[t].name.as_str()).collect();
                        html! {
                            <tr><th scope="row">{ &v.name }</th><td>{
                                if waiters.is_empty() { "condition, nobody asleep".to_string() } else { format!("condition, asleep: {}", waiters.join(", ")) }
                            }</td></tr>
                        }
                    }) }
                </tbody>
            </table>
        </section>
    }
}

/// What the current state means, once no thread can go on.
#[function_component(Outcome)]
pub fn outcome(props: &StateProps) -> Html {
    let p = &props.program;
    let s = &props.state;
    let broken: Vec<String> = p
        .properties
        .iter()
        .filter(|q| {
            let applies = match q.kind {
                interleave_sim::program::PropertyKind::Always => true,
                interleave_sim::program::PropertyKind::Finally => p.is_done(s),
                interleave_sim::program::PropertyKind::Goal => false,
            };
            applies && !p.holds(q, s)
        })
        .map(|q| q.label.clone())
        .collect();
    let (class, text) = if let Some(fault) = p.fault(s) {
        ("bad", p.describe_fault(&fault))
    } else if p.is_deadlock(s) {
        ("bad", p.describe_deadlock(s))
    } else if p.is_done(s) {
        if broken.is_empty() {
            ("good", "Every thread has finished.".to_string())
        } else {
            ("bad", "Every thread has finished.".to_string())
        }
    } else if broken.is_empty() {
        return html! {};
    } else {
        ("bad", String::new())
    };
    html! {
        <p class={classes!("outcome", class)} id="outcome" role="status">
            { text }
            { for broken.iter().map(|b| html! { <span class="broken">{ format!(" Broken: \u{201c}{b}\u{201d}.") }</span> }) }
        </p>
    }
}

#[derive(Properties, PartialEq)]
pub struct PlayerProps {
    pub program: Rc<Program>,
    /// Every state along the schedule (undone steps included, for redo).
    pub states: Rc<Vec<State>>,
    pub history: Vec<usize>,
    /// How far along the schedule the view is.
    pub cursor: usize,
    pub on_step: Callback<usize>,
    pub on_jump: Callback<usize>,
}

/// The scheduler to play: the goal, the moves, the threads, the shared state, who
/// waits for whom (where the program has anything to wait for), and the interleaving
/// so far.
#[function_component(Player)]
pub fn player(props: &PlayerProps) -> Html {
    let program = &props.program;
    let cursor = props.cursor.min(props.states.len().saturating_sub(1));
    let Some(state) = props.states.get(cursor) else {
        return Html::default();
    };
    let last = cursor.checked_sub(1).map(|i| props.history[i]);
    let ended =
        program.is_done(state) || program.is_deadlock(state) || program.fault(state).is_some();
    let waits = !(program.mutexes.is_empty()
        && program.semaphores.is_empty()
        && program.conditions.is_empty());
    html! {
        <>
            <Goal program={program.clone()} state={state.clone()} schedule={props.history[..cursor].to_vec()} />
            <section class="play" id="play" aria-label="Play the scheduler">
                <Controls {cursor} steps={props.history.len()} on_jump={props.on_jump.clone()} />
                <Outcome program={program.clone()} state={state.clone()} />
                <Threads program={program.clone()} state={state.clone()} last={last} on_step={props.on_step.clone()} disabled={ended} />
                <div class="play-side">
                    <SharedState program={program.clone()} state={state.clone()} />
                    if waits {
                        <super::graph::WaitForGraph program={program.clone()} state={state.clone()} />
                    }
                </div>
                <super::timeline::Timeline program={program.clone()} states={props.states.clone()} history={props.history.clone()} {cursor} on_jump={props.on_jump.clone()} />
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct GoalProps {
    pub program: Rc<Program>,
    pub state: State,
    /// The schedule played up to the state.
    pub schedule: Vec<usize>,
}

/// The program's goal, and whether the state reaches it (with the schedule that did).
#[function_component(Goal)]
pub fn goal(props: &GoalProps) -> Html {
    let p = &props.program;
    let Some(g) = &p.goal else {
        return Html::default();
    };
    let reached = p.holds(g, &props.state);
    html! {
        <p class={classes!("goal", reached.then_some("reached"))} id="goal" aria-live="polite">
            <strong>{ if reached { "Goal reached: " } else { "Goal: " } }</strong>
            { &g.label }
            if reached {
                { format!(" \u{2014} in {} steps: {}", props.schedule.len(), super::program::schedule_label(p, &props.schedule)) }
            }
        </p>
    }
}

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// How far along the schedule the view is, and how long the schedule is.
    pub cursor: usize,
    pub steps: usize,
    pub on_jump: Callback<usize>,
}

/// Undo, redo, back to the start, and where the view is along the schedule.
#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let jump = |to: usize| props.on_jump.reform(move |_: MouseEvent| to);
    let cursor = props.cursor;
    html! {
        <div class="play-controls">
            <button type="button" id="undo" onclick={jump(cursor.saturating_sub(1))} disabled={cursor == 0}>{ "\u{21b6} Undo" }</button>
            <button type="button" id="redo" onclick={jump(cursor + 1)} disabled={cursor >= props.steps}>{ "Redo \u{21b7}" }</button>
            <button type="button" id="restart" onclick={jump(0)} disabled={cursor == 0}>{ "Back to the start" }</button>
            <span class="step-count" id="step-count">{ format!("step {cursor} of {}", props.steps) }</span>
        </div>
    }
}
