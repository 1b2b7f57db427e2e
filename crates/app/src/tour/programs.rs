//! A step of programs: threads that share memory, played by hand with the sync lab's
//! player; once the question is answered, what the explorer found over every
//! interleaving (each finding replayable), and on the step that says so, real workers
//! racing on one counter.

use std::rc::Rc;

use interleave_lessons::tour::{Shared, Step, Widget, most};
use interleave_par::race::{Increment, RaceReport};
use interleave_sim::program::schedule_to_text;
use yew::prelude::*;

use super::engine::Engine;
use super::state::{Action, Hand, Runs, Tour};
use super::step::StepProps;
use super::ways::WaySwitch;
use crate::lessons::race::RaceDone;
use crate::parts::{Part, PartView};
use crate::route::Route;
use crate::sync::{explorer, play};

pub const ENGINE: Engine = Engine {
    runs,
    widget,
    lab,
    play: Hand::play,
};

/// The step's programs explored, and for each way that watches a shared variable, the
/// largest value it takes.
fn runs(step: &Step) -> Runs {
    let outcome = step.explore();
    let most = match step.widget {
        Widget::Programs { ways, .. } => ways
            .iter()
            .zip(&outcome.programs)
            .map(|(w, p)| w.most.and_then(|var| Some((var, most(p, var)?))))
            .collect(),
        _ => Vec::new(),
    };
    Runs {
        most,
        ..Runs::new(step, outcome)
    }
}

fn widget(props: &StepProps) -> Html {
    let tour = &props.tour;
    match &tour.current().widget {
        Widget::Programs { ways, race, .. } => html! {
            <ProgramsView tour={tour.clone()} ways={*ways} race={*race} act={props.act.clone()} />
        },
        _ => Html::default(),
    }
}

/// The synchronisation lesson with the program, and the schedule played so far.
fn lab(tour: &Tour, _workers: u32) -> String {
    let Widget::Programs { ways, .. } = tour.current().widget else {
        return "#/".into();
    };
    let level = ways[tour.way()].level();
    let hand = &tour.hand;
    format!(
        "#/lesson/{}?level={}&s={}&at={}",
        level.lesson,
        level.id,
        schedule_to_text(&hand.history),
        hand.cursor
    )
}

#[derive(Properties, PartialEq)]
pub struct ProgramsProps {
    pub tour: Rc<Tour>,
    pub ways: &'static [Shared],
    pub race: bool,
    pub act: Callback<Action>,
}

/// The share of updates the unsynchronised load and store lost.
pub fn lost_share(reports: &[RaceReport]) -> Option<f64> {
    let r = reports
        .iter()
        .find(|r| r.increment == Increment::LoadStore)?;
    Some(r.lost as f64 / r.expected.max(1) as f64)
}

#[function_component(ProgramsView)]
pub fn programs_view(props: &ProgramsProps) -> Html {
    let tour = &props.tour;
    let (visible, way) = (tour.visible(), tour.way());
    let Some(program) = tour.program() else {
        return Html::default();
    };
    let hand = &tour.hand;
    let explored = tour.runs.outcome.explored.get(way);
    let labels: Vec<&'static str> = props.ways.iter().map(|w| w.label).collect();
    let most = tour.runs.most.get(way).copied().flatten();
    let on_replay = props.act.reform(|schedule: Vec<usize>| {
        if let Some(el) = crate::platform::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("play"))
        {
            el.scroll_into_view();
        }
        Action::Replay(schedule)
    });
    let on_raced = props
        .act
        .reform(|reports: Vec<RaceReport>| Action::Raced(lost_share(&reports).unwrap_or_default()));
    html! {
        <div class="tour-widget tour-programs" id="tour-widget" data-visible={visible.to_string()}
            data-way={way.to_string()}>
            <WaySwitch {labels} {visible} current={way} act={props.act.clone()} />
            <play::Player program={program.clone()} states={hand.states.clone()} history={hand.history.clone()}
                cursor={hand.cursor} on_step={props.act.reform(Action::Take)} on_jump={props.act.reform(Action::Jump)} />
            if !tour.revealed() {
                <p class="tour-hidden">
                    { "What the explorer finds over every interleaving shows once you have predicted, or pressed \u{201c}Just show me\u{201d}." }
                </p>
            } else if let Some(e) = explored {
                <section class="tour-explored" aria-label="Every interleaving">
                    <h2 class="sub">{ "Every interleaving, by the explorer" }</h2>
                    if let Some((var, m)) = most {
                        <p class="tour-most" id="tour-most" data-most={m.to_string()}>
                            { format!("The largest value {var} takes in any interleaving: {m}.") }
                        </p>
                    }
                    { explorer::results(program, e, None, &on_replay) }
                </section>
            }
            if props.race && tour.revealed() {
                <section class="tour-race" aria-label="Real workers">
                    <h2 class="sub">{ "Real workers, one counter" }</h2>
                    // The lesson's own part, fetched once the step shows it.
                    <ContextProvider<RaceDone> context={RaceDone(on_raced)}>
                        <PartView part={Some(Part::Race)} route={Route::Lesson { id: "race".into() }} />
                    </ContextProvider<RaceDone>>
                </section>
            }
        </div>
    }
}
