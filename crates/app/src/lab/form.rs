//! The scenario as a form, for those who would rather not type: the machine's settings,
//! and each task with its steps (number fields step with the arrow keys). Every change
//! is checked like text input and written back into the editor, in canonical form.

use std::rc::Rc;

use interleave_sim::{Mlfq, Policy, Scenario, Step, Task};
use web_sys::{HtmlInputElement, HtmlSelectElement};

use super::engine::Loaded;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FormProps {
    /// The scenario the text holds now; None while the text has errors.
    pub scenario: Option<Rc<Scenario>>,
    pub on_change: Callback<String>,
    /// The simulator, which checks a change; none until the page has it.
    pub engine: Option<Loaded>,
}

/// `next`, checked as the parser would check its text, as that text (canonical).
fn checked_text(next: &Scenario) -> Result<String, String> {
    next.validate(&crate::components::timeline::lanes::limits())
        .map(|()| next.to_string())
        .map_err(|why| why.to_string())
}

const POLICIES: &[(&str, &str)] = &[
    ("fcfs", "FCFS"),
    ("sjf", "SJF"),
    ("srtf", "SRTF"),
    ("priority", "priority"),
    ("priority-preemptive", "preemptive priority"),
    ("rr:2", "round robin"),
    ("mlfq:3:2:50", "MLFQ"),
];

/// What a field of the form changes.
#[derive(Clone, Copy)]
enum Edit {
    Cores,
    Policy,
    Quantum,
    Switch,
    Name(usize),
    Arrive(usize),
    Priority(usize),
    StepKind(usize, usize),
    StepTicks(usize, usize),
}

#[function_component(ScenarioForm)]
pub fn scenario_form(props: &FormProps) -> Html {
    // Its fields are made only while it is open: a hundred tasks' fields are a
    // thousand elements, which every new run would otherwise rebuild.
    let open = use_state(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let details = e.target_unchecked_into::<web_sys::HtmlDetailsElement>();
            open.set(details.open());
        })
    };
    let Some(scenario) = props.scenario.clone() else {
        return html! {
            <details class="form-view">
                <summary>{ "Edit as a form" }</summary>
                <p class="note">{ "Fix the errors in the text first; the form shows a scenario that parses." }</p>
            </details>
        };
    };
    if !*open {
        return html! {
            <details class="form-view" {ontoggle}>
                <summary>{ "Edit as a form" }</summary>
            </details>
        };
    }
    html! {
        <details class="form-view" open=true {ontoggle}>
            <summary>{ "Edit as a form" }</summary>
            // The fields are the simulator's to draw: it checks every change.
            if let Some(engine) = props.engine {
                { (engine.form)(scenario, props.on_change.clone()) }
            } else {
                <p class="note" role="status">{ "Fetching the simulator: the form follows in a moment." }</p>
            }
        </details>
    }
}

/// The form's fields, for the scenario the text holds.
pub fn fields(scenario: Rc<Scenario>, on_change: Callback<String>) -> Html {
    html! { <Fields {scenario} {on_change} /> }
}

#[derive(Properties, PartialEq)]
struct FieldsProps {
    scenario: Rc<Scenario>,
    on_change: Callback<String>,
}

#[function_component(Fields)]
fn form_fields(props: &FieldsProps) -> Html {
    let problem = use_state(|| None::<String>);
    let scenario = props.scenario.clone();
    // Applies a change to a copy, checks it as the parser would, and sends its text.
    let commit = {
        let (on_change, problem) = (props.on_change.clone(), problem.clone());
        Rc::new(move |next: Scenario| match checked_text(&next) {
            Ok(text) => {
                problem.set(None);
                on_change.emit(text);
            }
            Err(why) => problem.set(Some(why)),
        })
    };
    let field = |edit: Edit| {
        let (scenario, commit, problem) = (scenario.clone(), commit.clone(), problem.clone());
        Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<HtmlInputElement>()
                .map(|i| i.value())
                .or_else(|| e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value()))
                .unwrap_or_default();
            let mut next = (*scenario).clone();
            let number = value.trim().parse::<u64>().unwrap_or(0);
            match edit {
                Edit::Cores => next.cores = number as u32,
                Edit::Policy => {
                    if let Some(policy) = Policy::from_short(&value) {
                        next.policy = policy;
                    }
                }
                Edit::Quantum => match &mut next.policy {
                    Policy::RoundRobin { quantum } => *quantum = number,
                    // The top level's; in the short form, the levels below double it.
                    Policy::Mlfq(m) => match m.doubled() {
                        Some(_) => m.quanta = Mlfq::doubling(m.levels(), number, 0).quanta,
                        None => m.quanta[0] = number,
                    },
                    _ => {}
                },
                Edit::Switch => next.switch_cost = number,
                Edit::Name(t) => next.tasks[t].name = value.trim().to_string(),
                Edit::Arrive(t) => next.tasks[t].arrive = number,
                Edit::Priority(t) => {
                    next.tasks[t].priority = number.min(u64::from(u32::MAX)) as u32
                }
                Edit::StepKind(t, i) => {
                    next.tasks[t].steps[i] = match (value.as_str(), next.tasks[t].steps[i]) {
                        ("io", Step::Cpu(n) | Step::Io(n)) => Step::Io(n),
                        (_, Step::Cpu(n) | Step::Io(n)) => Step::Cpu(n),
                        (_, other) => other,
                    }
                }
                Edit::StepTicks(t, i) => {
                    if let Step::Cpu(n) | Step::Io(n) = &mut next.tasks[t].steps[i] {
                        *n = number;
                    }
                }
            }
            if !matches!(edit, Edit::Name(_)) || !next.tasks.iter().any(|t| t.name.is_empty()) {
                commit(next);
            } else {
                problem.set(Some("a task needs a name".into()));
            }
        })
    };
    let change = |f: Rc<dyn Fn(&mut Scenario)>| {
        let (scenario, commit) = (scenario.clone(), commit.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = (*scenario).clone();
            f(&mut next);
            commit(next);
        })
    };
    html! {
        <>
            <p class="note">{ "Changes here rewrite the text above in canonical form (comments are dropped)." }</p>
            if let Some(p) = &*problem {
                <p class="error" role="alert">{ p }</p>
            }
            { machine_fields(&scenario, &field) }
            <table class="form-tasks">
                <thead><tr>
                    <th scope="col">{ "Task" }</th><th scope="col">{ "Arrives" }</th>
                    <th scope="col">{ "Priority" }</th><th scope="col">{ "Steps" }</th><th scope="col"><span class="visually-hidden">{ "Remove" }</span></th>
                </tr></thead>
                <tbody>
                    { for scenario.tasks.iter().enumerate().take(100).map(|(t, task)| html! {
                        <tr>
                            <td><input class="name" type="text" aria-label={format!("Name of task {}", t + 1)} value={task.name.clone()} onchange={field(Edit::Name(t))} /></td>
                            <td><input type="number" min="0" aria-label={format!("{} arrives at", task.name)} value={task.arrive.to_string()} onchange={field(Edit::Arrive(t))} /></td>
                            <td><input type="number" min="0" aria-label={format!("{} priority", task.name)} value={task.priority.to_string()} onchange={field(Edit::Priority(t))} /></td>
                            <td class="steps">
                                { for task.steps.iter().enumerate().map(|(i, step)| step_field(&scenario, task, t, i, *step, &field, &change)) }
                                <button type="button" class="small" aria-label={format!("Add a step to {}", task.name)}
                                    onclick={change(Rc::new(move |s: &mut Scenario| s.tasks[t].steps.push(Step::Cpu(2))))}>{ "+ step" }</button>
                            </td>
                            <td><button type="button" class="small" aria-label={format!("Remove {}", task.name)}
                                onclick={change(Rc::new(move |s: &mut Scenario| { s.tasks.remove(t); }))}>{ "\u{2715}" }</button></td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if scenario.tasks.len() > 100 {
                <p class="note">{ format!("The form shows the first 100 of {} tasks; edit the rest as text.", scenario.tasks.len()) }</p>
            }
            <button type="button" id="add-task" onclick={change(Rc::new(|s: &mut Scenario| {
                let name = (1..).map(|n| format!("task{n}")).find(|n| s.tasks.iter().all(|t| &t.name != n)).unwrap_or_default();
                s.tasks.push(Task { name, arrive: 0, priority: 0, steps: vec![Step::Cpu(3)], server: None, parent: None, backup_of: None });
            }))}>{ "Add a task" }</button>
        </>
    }
}

/// The machine's settings: cores, policy, quantum (for policies that have one) and
/// switch cost.
fn machine_fields(scenario: &Scenario, field: &impl Fn(Edit) -> Callback<Event>) -> Html {
    let quantum = match &scenario.policy {
        Policy::RoundRobin { quantum } => Some(*quantum),
        Policy::Mlfq(m) => Some(m.quantum(0)),
        _ => None,
    };
    let policy_key = match &scenario.policy {
        Policy::RoundRobin { .. } => "rr:2".to_string(),
        Policy::Mlfq { .. } => "mlfq:3:2:50".to_string(),
        p => p.short(),
    };
    html! {
        <div class="form-machine">
            <label>{ "Cores " }<input type="number" min="1" max="1024" value={scenario.cores.to_string()} onchange={field(Edit::Cores)} /></label>
            <label>{ "Policy " }
                <select onchange={field(Edit::Policy)}>
                    { for POLICIES.iter().map(|(key, label)| html! {
                        <option value={*key} selected={policy_key == *key}>{ *label }</option>
                    }) }
                </select>
            </label>
            if let Some(q) = quantum {
                <label>{ "Quantum " }<input type="number" min="1" value={q.to_string()} onchange={field(Edit::Quantum)} /></label>
            }
            <label>{ "Switch cost " }<input type="number" min="0" value={scenario.switch_cost.to_string()} onchange={field(Edit::Switch)} /></label>
        </div>
    }
}

fn step_field(
    scenario: &Scenario,
    task: &Task,
    t: usize,
    i: usize,
    step: Step,
    field: &impl Fn(Edit) -> Callback<Event>,
    change: &impl Fn(Rc<dyn Fn(&mut Scenario)>) -> Callback<MouseEvent>,
) -> Html {
    let remove = change(Rc::new(move |s: &mut Scenario| {
        s.tasks[t].steps.remove(i);
    }));
    let label = format!("{} step {}", task.name, i + 1);
    match step {
        Step::Cpu(n) | Step::Io(n) => html! {
            <span class="step-field">
                <select aria-label={format!("{label} kind")} onchange={field(Edit::StepKind(t, i))}>
                    <option value="cpu" selected={matches!(step, Step::Cpu(_))}>{ "cpu" }</option>
                    <option value="io" selected={matches!(step, Step::Io(_))}>{ "io" }</option>
                </select>
                <input type="number" min="1" aria-label={format!("{label} ticks")} value={n.to_string()} onchange={field(Edit::StepTicks(t, i))} />
                <button type="button" class="small" aria-label={format!("Remove {label}")} onclick={remove}>{ "\u{2715}" }</button>
            </span>
        },
        Step::Acquire(l) | Step::Release(l) => html! {
            <span class="step-field lock-step">
                { format!("{} {}", if matches!(step, Step::Acquire(_)) { "acquire" } else { "release" },
                    scenario.locks.get(l).map_or("?", |l| l.name.as_str())) }
                <button type="button" class="small" aria-label={format!("Remove {label}")} onclick={remove}>{ "\u{2715}" }</button>
            </span>
        },
        Step::Spawn { job, count, .. } => html! {
            <span class="step-field lock-step">
                { format!("spawn {} x{count}", scenario.jobs.get(job).map_or("?", |j| j.name.as_str())) }
                <button type="button" class="small" aria-label={format!("Remove {label}")} onclick={remove}>{ "\u{2715}" }</button>
            </span>
        },
        Step::Join => html! {
            <span class="step-field lock-step">
                { "join" }
                <button type="button" class="small" aria-label={format!("Remove {label}")} onclick={remove}>{ "\u{2715}" }</button>
            </span>
        },
    }
}
