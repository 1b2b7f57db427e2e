//! The kernels in the lessons' words, in one place: each one's name, what its pieces
//! are like, where its input comes from, the sizes each lesson offers, and what a run's
//! answer means.

use interleave_par::Kernel;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::text::group;

/// A kernel as the lessons present it.
pub struct About {
    pub name: &'static str,
    /// How its work falls into pieces: what it shows when it scales.
    pub character: &'static str,
    /// What its pieces cover, as drawn live: "rows of the image".
    pub items: &'static str,
    /// Where its random-looking input comes from: the seed that makes every run, on
    /// every machine, compute the same numbers from the same link.
    pub seed: Option<&'static str>,
    /// The sizes "One core or two?" offers (the middle one is the default).
    pub cores_sizes: [u64; 3],
    /// The sizes "How far does it scale?" offers: a sweep runs each many times.
    pub scaling_sizes: [u64; 3],
}

pub fn about(kernel: Kernel) -> &'static About {
    match kernel {
        Kernel::Primes => &About {
            name: "Count primes",
            character: "later pieces cost more",
            items: "numbers, small at the top",
            seed: None,
            cores_sizes: [1_000_000, 3_000_000, 10_000_000],
            scaling_sizes: [300_000, 1_000_000, 3_000_000],
        },
        Kernel::Mandelbrot => &About {
            name: "Draw a Mandelbrot image",
            character: "uneven rows",
            items: "rows of the image",
            seed: None,
            cores_sizes: [600, 1_200, 2_400],
            scaling_sizes: [600, 1_200, 2_400],
        },
        Kernel::Pi => &About {
            name: "Estimate pi by Monte Carlo",
            character: "even pieces",
            items: "points",
            seed: Some(
                "Seed: each point is drawn from its own index by SplitMix64, so the same link \
                 gives the same points, and the same estimate, on any number of workers.",
            ),
            cores_sizes: [10_000_000, 30_000_000, 100_000_000],
            scaling_sizes: [3_000_000, 10_000_000, 30_000_000],
        },
        Kernel::Matrix => &About {
            name: "Multiply two matrices",
            character: "memory-bound",
            items: "rows of the product",
            seed: Some(
                "Seed: each entry is SplitMix64 of its matrix, row and column, so the same \
                 link multiplies the same matrices everywhere.",
            ),
            cores_sizes: [200, 400, 800],
            scaling_sizes: [100, 200, 400],
        },
        Kernel::Sort => &About {
            name: "Sort random keys",
            character: "the data moves",
            items: "keys (chunks first, then the buckets over them)",
            seed: Some(
                "Seed 0x5eed5eed: each key is SplitMix64 of its index mixed with the seed, so \
                 the same link sorts the same keys everywhere.",
            ),
            cores_sizes: [1_000_000, 3_000_000, 10_000_000],
            scaling_sizes: [1_000_000, 3_000_000, 10_000_000],
        },
        // The SIMD lesson's kernels: it offers their `cores_sizes`, no other lesson
        // offers them.
        Kernel::MandelbrotF32 | Kernel::MandelbrotF32x4 => &About {
            name: "Draw a Mandelbrot image in f32",
            character: "compute-bound",
            items: "rows of the image",
            seed: None,
            cores_sizes: [720, 1_200, 2_000],
            scaling_sizes: [720, 1_200, 2_000],
        },
        Kernel::Stream | Kernel::StreamX4 => &About {
            name: "Sum a 32 MiB array",
            character: "memory-bound",
            items: "words read",
            seed: Some(
                "Seed: each word is SplitMix64 of its index, below 256, so every worker sums \
                 the same array.",
            ),
            cores_sizes: [1 << 28, 1 << 29, 1 << 30],
            scaling_sizes: [1 << 28, 1 << 29, 1 << 30],
        },
    }
}

/// A problem size in the words of its kernel.
pub fn size_label(kernel: Kernel, size: u64) -> String {
    match kernel {
        Kernel::Primes => format!("below {}", group(size)),
        Kernel::Mandelbrot | Kernel::MandelbrotF32 | Kernel::MandelbrotF32x4 => {
            format!("{}\u{00d7}{} pixels", group(size * 4 / 3), group(size))
        }
        Kernel::Pi => format!("{} points", group(size)),
        Kernel::Matrix => format!("{size}\u{00d7}{size}"),
        Kernel::Sort => format!("{} keys", group(size)),
        Kernel::Stream | Kernel::StreamX4 => format!("{} GiB read", size * 4 / (1 << 30)),
    }
}

/// What a run's value means: the words before the figure, the figure, and the words
/// after it (a view may set the figure in bold).
pub fn answer(kernel: Kernel, size: u64, value: u64) -> (String, String, String) {
    match kernel {
        Kernel::Primes => (
            String::new(),
            group(value),
            format!(" primes below {}", group(size)),
        ),
        Kernel::Mandelbrot | Kernel::MandelbrotF32 | Kernel::MandelbrotF32x4 => (
            String::new(),
            group(value),
            format!(" iterations over a {} image", size_label(kernel, size)),
        ),
        Kernel::Pi => (
            "\u{03c0} \u{2248} ".into(),
            format!("{:.5}", 4.0 * value as f64 / size.max(1) as f64),
            format!(
                ": {} of {} points fell in the quarter circle",
                group(value),
                group(size)
            ),
        ),
        Kernel::Matrix => (
            format!("The entries of A\u{00d7}B ({size}\u{00d7}{size}) sum to "),
            group(value),
            String::new(),
        ),
        Kernel::Sort => (
            format!("{} keys sorted; their order checksum is ", group(size)),
            group(value),
            String::new(),
        ),
        Kernel::Stream | Kernel::StreamX4 => (
            format!("The {} words read sum to ", group(size)),
            group(value),
            String::new(),
        ),
    }
}

/// The two lessons that run kernels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum KernelLesson {
    Cores,
    Scaling,
}

impl KernelLesson {
    /// The sizes this lesson offers for `kernel`; the middle one is the default.
    pub fn sizes(self, kernel: Kernel) -> [u64; 3] {
        match self {
            KernelLesson::Cores => about(kernel).cores_sizes,
            KernelLesson::Scaling => about(kernel).scaling_sizes,
        }
    }

    /// The kernel and size a link asks for (`key`, `size`), each that this lesson does
    /// not offer replaced by its default: `default`, and the kernel's middle size.
    pub fn choose(self, key: Option<&str>, size: Option<u64>, default: Kernel) -> (Kernel, u64) {
        let kernel = key.and_then(Kernel::from_key).unwrap_or(default);
        let sizes = self.sizes(kernel);
        (
            kernel,
            size.filter(|s| sizes.contains(s)).unwrap_or(sizes[1]),
        )
    }
}

#[derive(Properties, PartialEq)]
pub struct PickerProps {
    pub kernel: Kernel,
    pub size: u64,
    /// The lesson: its sizes, and whether a kernel is named with what its pieces are like.
    pub lesson: KernelLesson,
    /// A new kernel (at its default size) or a new size.
    pub on_change: Callback<(Kernel, u64)>,
    pub disabled: bool,
}

/// The kernel and its size, as two selects (`#kernel`, `#size`).
#[function_component(KernelPicker)]
pub fn kernel_picker(props: &PickerProps) -> Html {
    let label = |k: Kernel| {
        let about = about(k);
        if props.lesson == KernelLesson::Scaling {
            format!("{} ({})", about.name, about.character)
        } else {
            about.name.to_string()
        }
    };
    let value = |e: Event| e.target_unchecked_into::<HtmlSelectElement>().value();
    let on_kernel = {
        let (on_change, lesson) = (props.on_change.clone(), props.lesson);
        Callback::from(move |e: Event| {
            if let Some(kernel) = Kernel::from_key(&value(e)) {
                on_change.emit((kernel, lesson.sizes(kernel)[1]));
            }
        })
    };
    let on_size = {
        let (on_change, kernel) = (props.on_change.clone(), props.kernel);
        Callback::from(move |e: Event| {
            if let Ok(size) = value(e).parse() {
                on_change.emit((kernel, size));
            }
        })
    };
    html! {
        <>
            <label>
                <span>{ "Kernel" }</span>
                <select id="kernel" onchange={on_kernel} disabled={props.disabled}>
                    { for Kernel::ALL.into_iter().map(|k| html! {
                        <option value={k.key()} selected={k == props.kernel}>{ label(k) }</option>
                    }) }
                </select>
            </label>
            <label>
                <span>{ "Size" }</span>
                <select id="size" onchange={on_size} disabled={props.disabled}>
                    { for props.lesson.sizes(props.kernel).into_iter().map(|n| html! {
                        <option value={n.to_string()} selected={n == props.size}>{ size_label(props.kernel, n) }</option>
                    }) }
                </select>
            </label>
        </>
    }
}
