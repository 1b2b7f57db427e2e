//! The pieces of a run, coloured live by the worker that computed each.

use interleave_par::Kernel;
use wasm_bindgen::{Clamped, JsCast};
use yew::prelude::*;

use super::Live;

/// The worker colours of the stylesheet's light theme, for the canvas.
const COLOURS: [(u8, u8, u8); 8] = [
    (0x42, 0x63, 0xeb),
    (0xe8, 0x59, 0x0c),
    (0x2f, 0x9e, 0x44),
    (0xae, 0x3e, 0xc9),
    (0x10, 0x98, 0xad),
    (0xf0, 0x8c, 0x00),
    (0xd6, 0x33, 0x6c),
    (0x5c, 0x94, 0x0d),
];

#[derive(Properties, PartialEq)]
pub(super) struct LiveProps {
    pub(super) kernel: Kernel,
    pub(super) pieces: u32,
    pub(super) size: u64,
    pub(super) serial: u64,
    pub(super) live: Live,
}

const PREVIEW_W: u32 = 240;
const PREVIEW_H: u32 = 180;

/// The kernel's items as horizontal bands (for the Mandelbrot image: its rows, over a
/// small preview of the same picture), each coloured by the worker that computed it,
/// as the results arrive.
#[function_component(LiveTiles)]
pub(super) fn live_tiles(props: &LiveProps) -> Html {
    let canvas = use_node_ref();
    let preview = use_memo(props.kernel, |kernel| {
        (*kernel == Kernel::Mandelbrot).then(|| {
            let h = u64::from(PREVIEW_H);
            let mut rgba = Vec::with_capacity((PREVIEW_W * PREVIEW_H * 4) as usize);
            for row in 0..h {
                for col in 0..u64::from(PREVIEW_W) {
                    let n = interleave_par::kernels::mandelbrot_pixel(h, row, col);
                    let v = if n >= interleave_par::kernels::MANDELBROT_ITERATIONS {
                        20
                    } else {
                        (255.0 - 200.0 * (f64::from(n) / 48.0).min(1.0)) as u8
                    };
                    rgba.extend_from_slice(&[v, v, v, 255]);
                }
            }
            rgba
        })
    });
    {
        let canvas = canvas.clone();
        let preview = preview.clone();
        let (live, size) = (props.live.clone(), props.size.max(1));
        use_effect_with((live, size, preview), move |(live, size, preview)| {
            draw(&canvas, preview.as_ref().as_ref(), live, *size);
        });
    }
    let done = props.live.pieces.len();
    let mut per_worker: Vec<(u32, usize)> = Vec::new();
    for p in &props.live.pieces {
        match per_worker.iter_mut().find(|(w, _)| *w == p.worker) {
            Some((_, n)) => *n += 1,
            None => per_worker.push((p.worker, 1)),
        }
    }
    per_worker.sort_unstable();
    let what = crate::lessons::kernels::about(props.kernel).items;
    html! {
        <figure class="live-tiles">
            <canvas ref={canvas} width={PREVIEW_W.to_string()} height={PREVIEW_H.to_string()}
                role="img" aria-label={format!("{done} pieces computed so far, coloured by worker")}></canvas>
            <figcaption>
                { format!("The {what} in {} pieces{}, coloured by the worker that computed each, as the results arrive.",
                    props.pieces, if props.serial > 0 { " (the first band alone, before the rest)" } else { "" }) }
                if props.live.mode.is_some() {
                    <ul class="legend">
                        { for per_worker.iter().map(|(w, n)| html! {
                            <li><span class={classes!("swatch", format!("w{}", w % 8))}></span>{ format!(" worker {}: {n}", w + 1) }</li>
                        }) }
                    </ul>
                }
            </figcaption>
        </figure>
    }
}

fn draw(canvas: &NodeRef, preview: Option<&Vec<u8>>, live: &Live, size: u64) {
    let Some(canvas) = canvas.cast::<web_sys::HtmlCanvasElement>() else {
        return;
    };
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let (w, h) = (f64::from(PREVIEW_W), f64::from(PREVIEW_H));
    match preview.and_then(|rgba| {
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), PREVIEW_W, PREVIEW_H)
            .ok()
    }) {
        Some(image) => {
            let _ = ctx.put_image_data(&image, 0.0, 0.0);
        }
        None => {
            ctx.set_fill_style_str("#8884");
            ctx.clear_rect(0.0, 0.0, w, h);
            ctx.fill_rect(0.0, 0.0, w, h);
        }
    }
    for p in &live.pieces {
        let (r, g, b) = COLOURS[(p.worker % 8) as usize];
        ctx.set_fill_style_str(&format!("rgba({r},{g},{b},0.6)"));
        let y0 = p.piece.lo as f64 / size as f64 * h;
        let y1 = p.piece.hi as f64 / size as f64 * h;
        ctx.fill_rect(0.0, y0, w, (y1 - y0).max(1.0));
    }
}
