//! Every learner action on the synchronisation lab, as a table: the actions in, the lab
//! in one line after each (the schedule played, the position in it, the goal).

use expect_test::{Expect, expect};
use interleave_lessons::programs;
use interleave_sim::program::schedule_names;

use super::*;
use crate::reducer::table;

fn summary(lab: &Sync) -> String {
    let level = lab.current().map_or("?", |l| l.id);
    let mut parts = vec![format!("level {level}")];
    match &lab.parsed {
        Ok(program) => {
            let played = schedule_names(program, &lab.play.history);
            parts.push(format!("played [{played}] at {}", lab.cursor()));
            if let Some(goal) = &program.goal {
                let state = &lab.states[lab.cursor()];
                if program.holds(goal, state) {
                    parts.push("goal reached".into());
                }
            }
        }
        Err(errors) => parts.push(format!(
            "{} errors, first at line {}",
            errors.len(),
            errors[0].line
        )),
    }
    if lab.edited() {
        parts.push("edited".into());
    }
    if lab.undo_reset.is_some() {
        parts.push("undo offered".into());
    }
    if let Some(b) = lab.bound {
        parts.push(format!("bound {b}"));
    }
    if let Some(s) = &lab.sampled {
        parts.push(format!("{} runs drawn", s.report.runs));
    }
    if lab.panels.is_some() {
        parts.push("explorer here".into());
    }
    if lab.panels_missing {
        parts.push("explorer missing".into());
    }
    parts.join("; ")
}

fn check(actions: Vec<(&str, Action)>, expected: Expect) {
    let levels: Rc<Vec<_>> = Rc::new(programs::levels("interleavings").collect());
    let text = levels[0].text.to_string();
    let lab = Sync::new(levels, 0, text, Play::default(), None, None);
    expected.assert_eq(&table(lab, actions, summary));
}

#[test]
fn play_undo_redo_and_a_new_branch() {
    check(
        vec![
            ("A steps", Action::Step(0)),
            ("A steps", Action::Step(0)),
            ("B steps", Action::Step(1)),
            ("undo", Action::Jump(2)),
            ("undo", Action::Jump(1)),
            ("redo", Action::Jump(2)),
            ("undo", Action::Jump(1)),
            ("B steps instead: a new branch", Action::Step(1)),
            ("redo past the end", Action::Jump(9)),
            ("back to the start", Action::Jump(0)),
        ],
        expect![[r#"
            open: level counter; played [] at 0
            A steps: level counter; played [A] at 1
            A steps: level counter; played [A A] at 2
            B steps: level counter; played [A A B] at 3
            undo: level counter; played [A A B] at 2
            undo: level counter; played [A A B] at 1
            redo: level counter; played [A A B] at 2
            undo: level counter; played [A A B] at 1
            B steps instead: a new branch: level counter; played [A B] at 2
            redo past the end: level counter; played [A B] at 2
            back to the start: level counter; played [A B] at 0"#]],
    );
}

#[test]
fn the_lost_update_played_to_the_goal_and_replayed_from_the_explorer() {
    // A reads, B reads, A adds and writes, B adds and writes: one update lost.
    check(
        vec![
            ("the lost update", Action::Replay(vec![0, 1, 0, 0, 1, 1])),
            (
                "a schedule that does not fit is cut",
                Action::Replay(vec![0, 0, 0, 0, 1]),
            ),
        ],
        expect![[r#"
            open: level counter; played [] at 0
            the lost update: level counter; played [A B A A B B] at 6; goal reached
            a schedule that does not fit is cut: level counter; played [A A A] at 3"#]],
    );
}

#[test]
fn an_edit_keeps_what_still_fits_a_broken_one_keeps_the_text_and_reset_can_be_undone() {
    let levels: Vec<_> = programs::levels("interleavings").collect();
    let original = levels[0].text;
    // Thread A loses its last line: a schedule with A's third step no longer fits.
    let shorter = original.replacen("    count = t\n", "", 1);
    check(
        vec![
            ("play", Action::Replay(vec![0, 1, 0, 0, 1, 1])),
            ("an edit that cuts the schedule", Action::Edit(shorter)),
            (
                "a broken edit",
                Action::Edit(format!("{original}\nthread C:\n    count = count + 1\n")),
            ),
            ("back to the level's program", Action::Reset),
            ("undo", Action::UndoReset),
            ("undo again", Action::UndoReset),
            (
                "another level",
                Action::ChooseLevel {
                    index: 1,
                    text: levels[1].text.into(),
                },
            ),
            (
                "no such level",
                Action::ChooseLevel {
                    index: 99,
                    text: String::new(),
                },
            ),
            ("a bound for the explorer", Action::Bound(Some(2))),
        ],
        expect![[r#"
            open: level counter; played [] at 0
            play: level counter; played [A B A A B B] at 6; goal reached
            an edit that cuts the schedule: level counter; played [A B A] at 3; edited
            a broken edit: level counter; 1 errors, first at line 19; edited
            back to the level's program: level counter; played [] at 0; undo offered
            undo: level counter; 1 errors, first at line 19; edited
            undo again: level counter; 1 errors, first at line 19; edited
            another level: level check-then-act; played [] at 0
            no such level: level check-then-act; played [] at 0
            a bound for the explorer: level check-then-act; played [] at 0; bound 2"#]],
    );
}

/// Random runs are kept while the text they searched is on screen, and forgotten with
/// an edit, a reset or another level.
#[test]
fn random_runs_are_kept_for_their_text_only() {
    let levels: Rc<Vec<_>> = Rc::new(programs::levels("interleavings").collect());
    let text = levels[0].text.to_string();
    let program = parse(&text).expect("parses");
    let random = interleave_sim::program::Random {
        runs: 50,
        ..Default::default()
    };
    let drawn = || {
        Action::Sampled(Some(Rc::new(super::super::SampledRun {
            text: text.clone(),
            report: interleave_sim::program::sample(&program, random),
            ms: 1.0,
        })))
    };
    check(
        vec![
            ("drawn", drawn()),
            ("a step keeps them", Action::Step(0)),
            ("the same text again", Action::Edit(text.clone())),
            (
                "an edit forgets them",
                Action::Edit(format!("{text}\n# a note")),
            ),
            ("back to the level's program", Action::Reset),
            ("drawn again", drawn()),
            (
                "another level",
                Action::ChooseLevel {
                    index: 1,
                    text: levels[1].text.to_string(),
                },
            ),
        ],
        expect![[r#"
            open: level counter; played [] at 0
            drawn: level counter; played [] at 0; 50 runs drawn
            a step keeps them: level counter; played [A] at 1; 50 runs drawn
            the same text again: level counter; played [A] at 1; 50 runs drawn
            an edit forgets them: level counter; played [A] at 1; edited
            back to the level's program: level counter; played [] at 0; undo offered
            drawn again: level counter; played [] at 0; undo offered; 50 runs drawn
            another level: level check-then-act; played [] at 0"#]],
    );
}

#[test]
fn the_explorer_comes_after_the_page_and_playing_never_waits_for_it() {
    let panels = || crate::parts::Loaded(super::super::panels::PANELS);
    check(
        vec![
            ("A steps", Action::Step(0)),
            ("the fetch fails", Action::PanelsMissing),
            ("B steps", Action::Step(1)),
            ("it arrives after all", Action::Panels(panels())),
        ],
        expect![[r#"
            open: level counter; played [] at 0
            A steps: level counter; played [A] at 1
            the fetch fails: level counter; played [A] at 1; explorer missing
            B steps: level counter; played [A B] at 2; explorer missing
            it arrives after all: level counter; played [A B] at 2; explorer here"#]],
    );
}
