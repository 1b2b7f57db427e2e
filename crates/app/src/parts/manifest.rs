//! The parts as the build reads them.

use super::{LATER, Part};

/// The parts as the page's loader reads them, to fetch a page's part with the app:
/// `{"home": "home", "tour": "tour", "steps": ["<part of step 1>", ...], "lessons": {"<id>": "<part>", ...},
/// "later": {"<split>": "<part that fetches it>", ...}}`.
pub fn manifest() -> String {
    use crate::lessons::{LESSONS, SYSTEM_LESSONS};
    let lessons: Vec<String> = LESSONS
        .iter()
        .chain(SYSTEM_LESSONS.iter())
        .filter_map(|l| Some(format!("{:?}: {:?}", l.id, Part::of_lesson(l.id)?.name())))
        .collect();
    let steps: Vec<String> = (0..interleave_lessons::tour::KINDS.len())
        .map(|i| format!("{:?}", Part::of_step(i).name()))
        .collect();
    let later: Vec<String> = LATER
        .iter()
        .map(|(split, part)| format!("{split:?}: {:?}", part.name()))
        .collect();
    format!(
        "{{\"home\": {:?}, \"tour\": {:?}, \"steps\": [{}], \"lessons\": {{{}}}, \"later\": {{{}}}}}",
        Part::Home.name(),
        Part::Tour.name(),
        steps.join(", "),
        lessons.join(", "),
        later.join(", ")
    )
}
