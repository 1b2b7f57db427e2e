//! The worker module in a real browser: the exported kernel gives the known answer.

use interleave_protocol::{Reply, Request};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Messages through the one entry point, as the page posts them: each is answered,
/// the bad ones with an error, and the worker goes on serving.
#[wasm_bindgen_test]
fn the_entry_point_answers_every_message() {
    use std::cell::RefCell;
    use std::rc::Rc;

    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;

    let replies = Rc::new(RefCell::new(Vec::new()));
    let sink = replies.clone();
    let post = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |message: JsValue, _| {
        sink.borrow_mut()
            .push(message.as_string().unwrap_or_default());
    });
    let post: &js_sys::Function = post.as_ref().unchecked_ref();
    // The request as the page writes it.
    let piece = r#"{"piece":{"kernel":"primes","size":100000,"piece":{"index":3,"lo":0,"hi":100000},"worker":1}}"#;
    for message in [
        JsValue::from_str("not json"),
        JsValue::from_str(&Request::Init { threads: 1 }.encode()),
        JsValue::from(7),
        JsValue::from_str(piece),
    ] {
        interleave_workers::handle(message, post.clone());
    }
    let replies: Vec<Reply> = replies
        .borrow()
        .iter()
        .map(|text| Reply::decode(text).unwrap())
        .collect();
    assert!(
        matches!(&replies[0], Reply::Error(message) if message.starts_with("unreadable request"))
    );
    assert_eq!(replies[1], Reply::Ready(1));
    assert!(matches!(&replies[2], Reply::Error(..)));
    let Reply::Piece(report) = &replies[3] else {
        panic!("{:?}", replies[3])
    };
    assert_eq!(
        (report.value, report.worker, report.piece.index),
        (9592, 1, 3)
    );
    assert!(report.start_ms > 1.0e12, "on the epoch's time axis");
}

/// The runs recorded natively by crates/sim/tests/determinism.rs give the same
/// fingerprints here, in wasm.
#[wasm_bindgen_test]
fn simulations_match_their_native_fingerprints() {
    let recorded = include_str!("../../sim/tests/fingerprints.txt");
    let cases = [
        (
            "chef",
            include_str!("../../cli/scenarios/chef.scn").to_string(),
        ),
        (
            "philosophers",
            include_str!("../../cli/scenarios/philosophers.scn").to_string(),
        ),
        (
            "rr-mix-2000",
            interleave_sim::workload::round_robin_mix(2000, 8, 42).to_string(),
        ),
        (
            "mlfq-mix-500",
            interleave_sim::workload::round_robin_mix(500, 3, 7)
                .to_string()
                .replace(
                    "policy rr quantum=4",
                    "policy mlfq levels=4 quantum=2 boost=100",
                ),
        ),
    ];
    for (name, text) in cases {
        let expected = recorded
            .lines()
            .find_map(|l| l.strip_prefix(name).map(str::trim))
            .unwrap_or_else(|| panic!("{name} is not recorded"));
        let run = interleave_sim::simulate(&interleave_sim::parse(&text).unwrap());
        assert_eq!(format!("{:016x}", run.fingerprint()), expected, "{name}");
    }
}

/// The explorer in wasm: the lost update's counts, with progress as it goes.
#[wasm_bindgen_test]
fn the_explorer_counts_the_lost_update_with_progress() {
    let text = include_str!("../../lessons/src/programs/counter.prog");
    let request = Request::Explore {
        text: text.into(),
        search: interleave_sim::program::Search::default(),
    };
    let mut replies = Vec::new();
    interleave_workers::serve(request, None, &interleave_workers::clock, &mut |r, _| {
        replies.push(r)
    });
    let Some(Reply::Explored { report, .. }) = replies.last() else {
        panic!("{replies:?}")
    };
    let report = report.read().expect("an exploration");
    assert_eq!(report.interleavings, Some(20));
    assert_eq!(report.finals.len(), 2);
}

/// Every lesson's run and exploration gives, in wasm, the fingerprint recorded natively
/// by crates/lessons/tests/determinism.rs.
#[wasm_bindgen_test]
fn every_lesson_matches_its_native_fingerprint() {
    use interleave_sim::program;
    let recorded = include_str!("../../lessons/tests/fingerprints.txt");
    let mut checked = 0;
    for line in recorded.lines().filter(|l| !l.starts_with('#')) {
        let (name, expected) = line.split_once(' ').expect("name fingerprint");
        let actual = if let Some(id) = name.strip_prefix("preset/") {
            let preset = interleave_lessons::find(id).expect("a preset");
            interleave_sim::simulate(&interleave_sim::parse(preset.text).unwrap()).fingerprint()
        } else if let Some(rest) = name.strip_prefix("study/") {
            let (id, model) = rest.split_once('/').expect("study/id/model");
            let study = interleave_lessons::systems::find(id).expect("a study");
            interleave_lessons::systems::run(study, study.model(model).expect("a model"))
                .fingerprint()
        } else {
            let mut parts = name.split('/').skip(1);
            let (lesson, id) = (parts.next().unwrap(), parts.next().unwrap());
            let level = interleave_lessons::programs::LEVELS
                .iter()
                .find(|l| l.lesson == lesson && l.id == id)
                .expect("a level");
            let p = program::parse(level.text).unwrap();
            program::explore(&p, program::Search::default()).fingerprint()
        };
        assert_eq!(format!("{actual:016x}"), expected, "{name}");
        checked += 1;
    }
    assert_eq!(checked, 46);
}

#[path = "../../sim/tests/support/random_draw.rs"]
mod random_draw;

/// Random search draws in wasm the runs it draws natively for the same seed (the code
/// and the counts are shared with `a_seed_draws_these_runs` in the simulator's tests).
#[wasm_bindgen_test]
fn random_runs_match_their_native_counts() {
    assert_eq!(random_draw::random_draw(), random_draw::RANDOM_DRAW);
}

/// The worker's memory, as the page asks for it before keeping a worker: whole pages
/// of wasm memory, and never less than the module is using.
#[wasm_bindgen_test]
fn the_memory_is_counted_in_whole_pages() {
    // A megabyte held while the memory is asked for.
    let held = std::hint::black_box(vec![1u8; 1 << 20]);
    let mut replies = Vec::new();
    interleave_workers::serve(
        Request::Memory {},
        None,
        &interleave_workers::clock,
        &mut |r, _| replies.push(r),
    );
    let [Reply::Memory(bytes)] = replies[..] else {
        panic!("{replies:?}")
    };
    assert_eq!(bytes % 65_536, 0);
    assert!(bytes >= held.len() as u64, "{bytes} bytes");
}
