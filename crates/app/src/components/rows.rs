//! A table of any number of rows in a box that scrolls, of which only the rows in view
//! are laid out: a million tasks cost the page what thirty do. The spacers above and
//! below the rows in view keep the box as tall as all of them, up to `MAX_HEIGHT`;
//! past that, the scroll position maps onto the rows in proportion, so the last row
//! is still reached. Screen readers are told the whole count (`aria-rowcount`) and
//! each row's place in it (`aria-rowindex`).

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

/// The tallest the rows are made in the box, in CSS pixels: browsers stop growing an
/// element somewhere past 17 million, so far fewer than that.
pub const MAX_HEIGHT: f64 = 4_000_000.0;

/// Rows laid out beyond the view, above and below.
const OVERSCAN: usize = 4;

/// The rows to lay out for a scroll position: `count` rows from `first`, after a
/// spacer `top` pixels tall and before one `bottom` pixels tall.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    pub first: usize,
    pub count: usize,
    pub top: f64,
    pub bottom: f64,
}

/// The window of `rows` rows of `row` pixels each, seen through a view `view` pixels
/// tall scrolled `scroll` pixels down.
pub fn window(rows: usize, row: f64, view: f64, scroll: f64) -> Window {
    let row = row.max(1.0);
    let total = rows as f64 * row;
    let height = total.min(MAX_HEIGHT);
    if height <= view {
        return Window {
            first: 0,
            count: rows,
            top: 0.0,
            bottom: 0.0,
        };
    }
    let scroll = scroll.clamp(0.0, height - view);
    // Where the view's top is among all the rows: the scroll itself while they fit,
    // else the scroll in proportion, so the box's end is the last row's end.
    let offset = scroll * (total - view) / (height - view);
    let at = ((offset / row) as usize).min(rows - 1);
    let first = at.saturating_sub(OVERSCAN);
    let count = ((view / row).ceil() as usize + 1 + OVERSCAN + (at - first)).min(rows - first);
    // Row `at` starts where the view does, less the part of it scrolled past.
    let top = (scroll - (offset - at as f64 * row) - (at - first) as f64 * row).max(0.0);
    let bottom = (height - top - count as f64 * row).max(0.0);
    Window {
        first,
        count,
        top,
        bottom,
    }
}

#[derive(Properties, PartialEq)]
pub struct RowsProps {
    /// What the box holds, for screen readers ("each task's figures").
    pub label: AttrValue,
    pub class: Classes,
    /// The header row, cells and all.
    pub head: Html,
    /// How many rows there are, and how many cells a row has.
    pub rows: usize,
    pub columns: usize,
    /// The cells of row i, without the `<tr>`.
    pub row: Callback<usize, Html>,
}

/// The table, its header kept in view, its rows laid out a window at a time.
#[function_component(Rows)]
pub fn rows(props: &RowsProps) -> Html {
    let scroller = use_node_ref();
    // The scroll position and the view's height, and a row's measured height.
    let seen = use_state(|| (0.0, 384.0));
    let height = use_state(|| 28.0);
    let onscroll = {
        let (scroller, seen) = (scroller.clone(), seen.clone());
        Callback::from(move |_: Event| {
            if let Some(el) = scroller.cast::<HtmlElement>() {
                let now = (f64::from(el.scroll_top()), f64::from(el.client_height()));
                if now != *seen {
                    seen.set(now);
                }
            }
        })
    };
    // A row's height as laid out (the learner's font size decides it): measured over
    // the rows in view, after each render, and kept when it changes.
    {
        let (scroller, seen, height) = (scroller.clone(), seen.clone(), height.clone());
        use_effect(move || {
            if let Some(el) = scroller.cast::<HtmlElement>() {
                let view = f64::from(el.client_height());
                if view > 0.0 && (view - seen.1).abs() > 0.5 {
                    seen.set((seen.0, view));
                }
                if let Some(measured) = measure(&el).filter(|h| (h - *height).abs() > 0.25) {
                    height.set(measured);
                }
            }
        });
    }
    let w = window(props.rows, *height, seen.1, seen.0);
    let spacer = |px: f64| {
        (px >= 0.5).then(|| {
            html! {
                <tr class="spacer" aria-hidden="true">
                    <td colspan={props.columns.to_string()} style={format!("height:{px:.1}px")}></td>
                </tr>
            }
        })
    };
    html! {
        <div class={classes!("rows", props.class.clone())} ref={scroller} {onscroll}
             tabindex="0" role="region" aria-label={props.label.clone()}>
            <table aria-rowcount={(props.rows + 1).to_string()}>
                <thead><tr aria-rowindex="1">{ props.head.clone() }</tr></thead>
                <tbody>
                    { spacer(w.top) }
                    { for (w.first..w.first + w.count).map(|i| html! {
                        <tr key={i} aria-rowindex={(i + 2).to_string()}>{ props.row.emit(i) }</tr>
                    }) }
                    { spacer(w.bottom) }
                </tbody>
            </table>
        </div>
    }
}

/// The height of a row in view: from the first row's top to the last one's bottom,
/// over their count (spacers left out).
fn measure(el: &HtmlElement) -> Option<f64> {
    let rows = el.query_selector_all("tbody tr:not(.spacer)").ok()?;
    let (first, last) = (rows.get(0)?, rows.get(rows.length() - 1)?);
    let top = first
        .dyn_ref::<web_sys::Element>()?
        .get_bounding_client_rect()
        .top();
    let bottom = last
        .dyn_ref::<web_sys::Element>()?
        .get_bounding_client_rect()
        .bottom();
    let n = f64::from(rows.length());
    (bottom > top).then(|| (bottom - top) / n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows a window shows, as (first shown, last shown) within the view: row i
    /// spans [top + (i - first) × row, + row) of the box, and the view [scroll, +view).
    fn shown(w: Window, row: f64, view: f64, scroll: f64) -> (usize, usize) {
        let at = |i: usize| w.top + (i - w.first) as f64 * row;
        let rows: Vec<usize> = (w.first..w.first + w.count)
            .filter(|&i| at(i) + row > scroll && at(i) < scroll + view)
            .collect();
        (rows[0], *rows.last().unwrap())
    }

    #[test]
    fn a_table_that_fits_is_laid_out_whole() {
        let w = window(7, 28.0, 384.0, 0.0);
        assert_eq!(
            w,
            Window {
                first: 0,
                count: 7,
                top: 0.0,
                bottom: 0.0
            }
        );
        assert_eq!(window(0, 28.0, 384.0, 50.0).count, 0);
    }

    #[test]
    fn the_rows_in_view_and_a_few_more_are_laid_out_and_the_box_keeps_its_height() {
        let (row, view) = (28.0, 384.0);
        for scroll in [
            0.0,
            1.0,
            27.9,
            28.0,
            500.0,
            13_999.0,
            100_000.0 * 28.0 - 384.0,
        ] {
            let w = window(100_000, row, view, scroll);
            assert!(w.count <= 14 + 1 + 2 * OVERSCAN, "{w:?}");
            // Unscaled, each row sits where it would in the whole table.
            assert_eq!(w.top, w.first as f64 * row, "{w:?}");
            let all = w.top + w.count as f64 * row + w.bottom;
            assert!((all - 100_000.0 * row).abs() < 1e-6, "{w:?}: {all}");
            let (a, b) = shown(w, row, view, scroll);
            assert_eq!(a, (scroll / row) as usize, "{w:?} at {scroll}");
            assert!(b >= ((scroll + view) / row).ceil() as usize - 1, "{w:?}");
        }
    }

    #[test]
    fn past_the_tallest_box_the_scroll_reaches_every_row_in_proportion() {
        let (rows, row, view) = (1_000_000, 28.0, 384.0);
        let top = window(rows, row, view, 0.0);
        assert_eq!(shown(top, row, view, 0.0).0, 0);
        // The box is MAX_HEIGHT tall, and its end shows the last row whole.
        let end = MAX_HEIGHT - view;
        let w = window(rows, row, view, end);
        assert!((w.top + w.count as f64 * row + w.bottom - MAX_HEIGHT).abs() < 1e-6);
        assert_eq!(w.first + w.count, rows);
        assert_eq!(w.bottom, 0.0);
        assert_eq!(shown(w, row, view, end).1, rows - 1);
        // Halfway down the box is halfway down the rows, and a scroll past the end is
        // the end.
        let half = window(rows, row, view, end / 2.0);
        let (a, _) = shown(half, row, view, end / 2.0);
        assert!((a as f64 - (rows as f64 * row - view) / 2.0 / row).abs() <= 1.0);
        assert_eq!(window(rows, row, view, 1e12), w);
        // Every position of the box shows a full view of rows, never a gap.
        for k in 0..=1000 {
            let scroll = end * k as f64 / 1000.0;
            let w = window(rows, row, view, scroll);
            let (a, b) = shown(w, row, view, scroll);
            assert!(
                b - a + 1 >= (view / row) as usize,
                "{w:?} at {scroll}: {a}..{b}"
            );
            assert!(w.top <= scroll + 1e-9, "{w:?}");
        }
    }
}
