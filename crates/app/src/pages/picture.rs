//! A lesson card's picture, drawn in SVG from its `Picture` (a real run of the
//! lesson's own material, computed by `interleave_lessons::cards`). The pictures are
//! computed after the home page has painted, one per timer task, and kept for the
//! next visit.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use interleave_lessons::cards::{Picture, picture};
use yew::prelude::*;

thread_local! {
    static MADE: RefCell<HashMap<&'static str, Option<Rc<Picture>>>> = RefCell::new(HashMap::new());
}

const WIDTH: f64 = 120.0;
const HEIGHT: f64 = 40.0;

fn made(id: &'static str) -> Option<Option<Rc<Picture>>> {
    MADE.with_borrow(|m| m.get(id).cloned())
}

#[derive(Properties, PartialEq)]
pub struct PictureProps {
    pub lesson: &'static str,
    /// Its place on the page: the pictures are made in this order.
    pub order: u32,
    /// Made at once, in the first render (the build's prerendered page), rather than
    /// after the page has painted.
    #[prop_or_default]
    pub now: bool,
}

#[function_component(CardPicture)]
pub fn card_picture(props: &PictureProps) -> Html {
    let id = props.lesson;
    let shown = use_state(|| match made(id) {
        Some(made) => made,
        None if props.now => picture(id).map(Rc::new),
        None => None,
    });
    {
        let (shown, order) = (shown.clone(), props.order);
        use_effect_with(id, move |_| {
            let timer = (made(id).is_none() && shown.is_none()).then(|| {
                Timeout::new(20 + 4 * order, move || {
                    let p = picture(id).map(Rc::new);
                    MADE.with_borrow_mut(|m| m.insert(id, p.clone()));
                    shown.set(p);
                })
            });
            move || drop(timer)
        });
    }
    let body = match shown.as_deref() {
        None => Html::default(),
        Some(Picture::Lanes(lanes)) => lanes_svg(lanes),
        Some(Picture::Bars(bars)) => {
            let slot = WIDTH / bars.len().max(1) as f64;
            html! { { for bars.iter().enumerate().map(|(i, b)| {
                let h = (b.height * (HEIGHT - 2.0)).max(1.0);
                html! { <rect class={if b.bad { "pic-bad" } else { "pic-bar" }} x={fmt(i as f64 * slot + slot * 0.1)}
                    y={fmt(HEIGHT - h)} width={fmt(slot * 0.8)} height={fmt(h)} rx="1" /> }
            }) } }
        }
        Some(Picture::Curve(points)) => {
            let xy = |&(x, y): &(f64, f64)| {
                format!("{},{}", fmt(x * WIDTH), fmt(HEIGHT - y * (HEIGHT - 2.0)))
            };
            let line: Vec<String> = points.iter().map(xy).collect();
            let ideal = [
                points.first().map_or((0.0, 0.0), |p| (p.0, p.0)),
                (1.0, 1.0),
            ];
            let ideal: Vec<String> = ideal.iter().map(xy).collect();
            html! { <>
                <polyline class="pic-ideal" points={ideal.join(" ")} />
                <polyline class="pic-curve" points={line.join(" ")} />
            </> }
        }
    };
    html! {
        <svg class="card-picture" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} aria-hidden="true"
            data-drawn={shown.is_some().to_string()} preserveAspectRatio="none">
            { body }
        </svg>
    }
}

fn lanes_svg(lanes: &[Vec<interleave_lessons::cards::Span>]) -> Html {
    let lane = HEIGHT / lanes.len().max(1) as f64;
    html! { { for lanes.iter().enumerate().flat_map(|(i, spans)| spans.iter().map(move |s| html! {
        <rect class={format!("w{}", s.task % 8)} x={fmt(s.from * WIDTH)} y={fmt(i as f64 * lane + lane * 0.12)}
            width={fmt(((s.to - s.from) * WIDTH).max(0.5))} height={fmt(lane * 0.76)} rx="1" />
    })) } }
}

/// A coordinate with at most two decimals.
fn fmt(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
