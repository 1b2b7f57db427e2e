//! The wait-for graph of the current state, drawn as SVG: threads in a row above,
//! the locks they hold or wait for in a row below; a cycle of waits is drawn in red.

use std::rc::Rc;

use interleave_sim::program::{Program, Resource, State};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GraphProps {
    pub program: Rc<Program>,
    pub state: State,
}

const GAP: f64 = 86.0;
const TOP: f64 = 34.0;
const BOTTOM: f64 = 150.0;

#[function_component(WaitForGraph)]
pub fn wait_for_graph(props: &GraphProps) -> Html {
    let p = &props.program;
    let wf = p.wait_for(&props.state);
    // Every mutex and semaphore is drawn (so the picture does not jump about), and a
    // condition only while someone sleeps on it.
    let mut resources: Vec<Resource> = (0..p.mutexes.len())
        .map(Resource::Mutex)
        .chain((0..p.semaphores.len()).map(Resource::Semaphore))
        .collect();
    for e in &wf.edges {
        if let Resource::Condition(_) = e.resource
            && !resources.contains(&e.resource)
        {
            resources.push(e.resource);
        }
    }
    if resources.is_empty() {
        return html! {
            <figure class="wait-for empty">
                <figcaption>{ "Who holds what, who waits for what" }</figcaption>
                <p class="hint">{ "This program has no locks, semaphores or conditions: no thread ever waits for another." }</p>
            </figure>
        };
    }
    let columns = p.threads.len().max(resources.len()).max(1);
    let width = columns as f64 * GAP + 20.0;
    let x_of =
        |i: usize, n: usize| 10.0 + GAP / 2.0 + (i as f64 + (columns - n) as f64 / 2.0) * GAP;
    let thread_x = |t: usize| x_of(t, p.threads.len());
    let resource_x = |r: &Resource| {
        let i = resources.iter().position(|x| x == r).unwrap_or(0);
        x_of(i, resources.len())
    };
    let name = |r: &Resource| match *r {
        Resource::Mutex(m) => p.mutexes[m].name.clone(),
        Resource::Semaphore(k) => {
            format!("{} ({})", p.semaphores[k].name, p.permits(&props.state, k))
        }
        Resource::Condition(c) => p.conditions[c].name.clone(),
    };
    let in_cycle = |thread: usize, r: &Resource, holds: bool| {
        let n = wf.cycle.len();
        wf.cycle.iter().enumerate().any(|(i, &(t, m))| {
            if holds {
                // t holds the mutex the previous thread in the cycle waits for.
                let prev = wf.cycle[(i + n - 1) % n].1;
                t == thread && *r == Resource::Mutex(prev)
            } else {
                t == thread && *r == Resource::Mutex(m)
            }
        })
    };
    let edges = wf.edges.iter().map(|e| {
        let (tx, rx) = (thread_x(e.thread), resource_x(&e.resource));
        let hot = in_cycle(e.thread, &e.resource, e.holds);
        // Holding bends one way, waiting the other, so both fit between one pair.
        let bend = if e.holds { -18.0 } else { 18.0 };
        let (x1, y1, x2, y2) = if e.holds {
            (rx, BOTTOM - 16.0, tx, TOP + 16.0)
        } else {
            (tx, TOP + 16.0, rx, BOTTOM - 16.0)
        };
        let (cx, cy) = ((x1 + x2) / 2.0 + bend, (y1 + y2) / 2.0);
        let label = if e.holds { "holds" } else { "waits for" };
        html! {
            <path class={classes!("edge", if e.holds { "holds" } else { "waits" }, hot.then_some("cycle"))}
                d={format!("M{x1:.1},{y1:.1} Q{cx:.1},{cy:.1} {x2:.1},{y2:.1}")}
                marker-end={if hot { "url(#arrow-hot)" } else { "url(#arrow)" }}>
                <title>{ format!("{} {label} {}", p.threads[e.thread].name, name(&e.resource)) }</title>
            </path>
        }
    });
    let description = if wf.cycle.is_empty() {
        let waits = wf.edges.iter().filter(|e| !e.holds).count();
        format!(
            "Wait-for graph: {} held, {waits} waiting, no cycle.",
            wf.edges.len() - waits
        )
    } else {
        format!(
            "Wait-for graph with a cycle: {}.",
            wf.cycle
                .iter()
                .map(|&(t, m)| format!("{} waits for {}", p.threads[t].name, p.mutexes[m].name))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    html! {
        <figure class="wait-for">
            <figcaption>
                { "Who holds what, who waits for what" }
                if !wf.cycle.is_empty() { <strong class="cycle-note" id="cycle">{ " \u{2014} a cycle: deadlock" }</strong> }
            </figcaption>
            <svg viewBox={format!("0 0 {width:.0} {}", BOTTOM + 30.0)} role="img" aria-label={description}
                style={format!("max-width: {width:.0}px")}>
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z" class="arrowhead" />
                    </marker>
                    <marker id="arrow-hot" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z" class="arrowhead hot" />
                    </marker>
                </defs>
                { for edges }
                { for p.threads.iter().enumerate().map(|(t, th)| {
                    let x = thread_x(t);
                    html! {
                        <g class="node thread-node">
                            <circle cx={format!("{x:.1}")} cy={TOP.to_string()} r="16" />
                            <text x={format!("{x:.1}")} y={(TOP + 4.0).to_string()} text-anchor="middle">{ short(&th.name) }</text>
                        </g>
                    }
                }) }
                { for resources.iter().map(|r| {
                    let x = resource_x(r);
                    let kind = match r { Resource::Mutex(_) => "mutex", Resource::Semaphore(_) => "semaphore", Resource::Condition(_) => "condition" };
                    html! {
                        <g class={classes!("node", "resource-node", kind)}>
                            <rect x={format!("{:.1}", x - 30.0)} y={(BOTTOM - 16.0).to_string()} width="60" height="32" rx="4" />
                            <text x={format!("{x:.1}")} y={(BOTTOM + 4.0).to_string()} text-anchor="middle">{ name(r) }</text>
                        </g>
                    }
                }) }
            </svg>
        </figure>
    }
}

/// A thread's name cut to fit its circle.
fn short(name: &str) -> String {
    if name.chars().count() <= 4 {
        name.to_string()
    } else {
        name.chars().take(3).chain(['\u{2026}']).collect()
    }
}
