//! The rules of shape that `cargo xtask invariants` checks over every crate, read from
//! the source as text: no import cycle between the top-level modules of a crate, no
//! source file over 800 lines, and no function over 100 lines in the core's crates
//! (`sim`, `lessons`, `par`, `protocol`). Tests are left out of all three.
//!
//! What breaks a rule today is listed in `rules_pending.txt`, so that the rule holds for
//! everything else at once. The list only shrinks: a new breach fails, and so does a
//! listed one that has been mended and is still listed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::{collect, root, shape};

/// The longest source file, tests aside.
pub const MAX_FILE_LINES: usize = 800;
/// The longest function in the core's crates.
pub const MAX_FN_LINES: usize = 100;
/// The crates held to `MAX_FN_LINES`.
const CORE_CRATES: &[&str] = &["sim", "lessons", "par", "protocol"];
const PENDING: &str = include_str!("rules_pending.txt");

/// Checks the three rules, and prints what holds.
pub fn check() -> Result<(), String> {
    let mut found = BTreeSet::new();
    for krate in crates() {
        let sources = sources(&krate);
        let name = krate
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        for cycle in cycles(&sources) {
            found.insert(format!("cycle {name}: {}", cycle.join(" ")));
        }
        for (path, text) in &sources {
            let lines: Vec<&str> = text.lines().collect();
            if lines.len() > MAX_FILE_LINES {
                found.insert(format!("file {path} ({} lines)", lines.len()));
            }
            if CORE_CRATES.contains(&name.as_str()) {
                for f in shape::functions_in(path, &lines) {
                    if f.lines > MAX_FN_LINES {
                        // By file and name: its line moves with every edit above it.
                        let name = f.at.rsplit(' ').next().unwrap_or_default();
                        found.insert(format!("fn {path} {name} ({} lines)", f.lines));
                    }
                }
            }
        }
    }
    let pending: BTreeSet<String> = PENDING
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect();
    // A file's or function's length may move while it stays over; its place may not.
    let key = |s: &String| s.split(" (").next().unwrap_or(s).to_string();
    let pending_keys: BTreeSet<String> = pending.iter().map(key).collect();
    let found_keys: BTreeSet<String> = found.iter().map(key).collect();
    let new: Vec<&String> = found
        .iter()
        .filter(|f| !pending_keys.contains(&key(f)))
        .collect();
    let mended: Vec<&String> = pending
        .iter()
        .filter(|p| !found_keys.contains(&key(p)))
        .collect();
    let mut problems = Vec::new();
    if !new.is_empty() {
        problems.push(format!(
            "these break the rules of shape (no import cycle between a crate's top-level modules, \
             no file over {MAX_FILE_LINES} lines, no function over {MAX_FN_LINES} lines in {}):\n  {}",
            CORE_CRATES.join(", "),
            join(&new)
        ));
    }
    if !mended.is_empty() {
        problems.push(format!(
            "these are mended: take them off crates/xtask/src/rules_pending.txt:\n  {}",
            join(&mended)
        ));
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    println!(
        "    ok: no new import cycle, file over {MAX_FILE_LINES} lines or core function over \
         {MAX_FN_LINES} lines ({} still pending in crates/xtask/src/rules_pending.txt)",
        pending.len()
    );
    Ok(())
}

fn join(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join("\n  ")
}

/// Every crate of the workspace (`crates/*` with a `src/`).
fn crates() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("crates"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.join("src").is_dir());
    out.sort();
    out
}

/// A crate's Rust sources but its tests, by path from the root: `tests.rs` files and
/// `tests/` folders are left out, and so is a file's `#[cfg(test)] mod … {` to its end.
fn sources(krate: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    collect(&krate.join("src"), &mut files);
    files.retain(|f| {
        f.extension().is_some_and(|e| e == "rs")
            && !f.components().any(|c| c.as_os_str() == "tests")
            && f.file_name().is_some_and(|n| n != "tests.rs")
    });
    files.sort();
    files
        .iter()
        .filter_map(|f| {
            let text = std::fs::read_to_string(f).ok()?;
            let path = f.strip_prefix(root()).unwrap_or(f).display().to_string();
            Some((path, without_tests(&text)))
        })
        .collect()
}

fn without_tests(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let end = lines
        .iter()
        .enumerate()
        .position(|(i, l)| {
            *l == "#[cfg(test)]"
                && lines[i + 1..]
                    .iter()
                    .find(|n| !n.trim().is_empty())
                    .is_some_and(|n| n.starts_with("mod ") && n.trim_end().ends_with('{'))
        })
        .unwrap_or(lines.len());
    lines[..end].join("\n")
}

/// The top-level module a source file belongs to: `src/engine.rs` and
/// `src/engine/plan.rs` are both `engine`; the crate's root is none.
fn module_of(path: &str) -> Option<String> {
    let after = path.split("/src/").nth(1)?;
    let first = after.split('/').next()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// The top-level modules a file names: `crate::x`, `crate::{x, y::z}`, and `super::x`
/// where `super` is the crate's root.
fn names(path: &str, text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let depth = path
        .split("/src/")
        .nth(1)
        .map_or(0, |a| a.matches('/').count());
    let from_mod_rs = path.ends_with("/mod.rs");
    // How many `super::` lead from this file to the crate's root.
    let supers = if from_mod_rs { depth } else { depth + 1 };
    let mut prefixes = vec!["crate::".to_string()];
    if supers > 0 {
        prefixes.push("super::".repeat(supers));
    }
    let mut out = BTreeSet::new();
    for prefix in &prefixes {
        for (at, _) in text.match_indices(prefix.as_str()) {
            // `super::super::x` must not also be read as `super::x`.
            if prefix.starts_with("super") && text[..at].ends_with("super::") {
                continue;
            }
            let rest = &text[at + prefix.len()..];
            let heads: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group
                    .split('}')
                    .next()
                    .unwrap_or("")
                    .split(',')
                    .map(str::trim)
                    .collect(),
                None => vec![rest],
            };
            for head in heads {
                let name: String = head
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if modules.contains(&name) {
                    out.insert(name);
                }
            }
        }
    }
    out
}

/// The cycles between a crate's top-level modules: each strongly connected set of more
/// than one module, its names in order.
fn cycles(sources: &[(String, String)]) -> Vec<Vec<String>> {
    let modules: BTreeSet<String> = sources.iter().filter_map(|(p, _)| module_of(p)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in sources {
        let Some(from) = module_of(path) else {
            continue;
        };
        let to = names(path, text, &modules);
        let entry = edges.entry(from.clone()).or_default();
        entry.extend(to.into_iter().filter(|t| *t != from));
    }
    let reach = |start: &String| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![start.clone()];
        while let Some(m) = stack.pop() {
            for next in edges.get(&m).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&String, BTreeSet<String>> =
        modules.iter().map(|m| (m, reach(m))).collect();
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut placed = BTreeSet::new();
    for m in &modules {
        if placed.contains(m) || !reached[m].contains(m) {
            continue;
        }
        let set: Vec<String> = modules
            .iter()
            .filter(|o| reached[m].contains(*o) && reached[*o].contains(m))
            .cloned()
            .collect();
        placed.extend(set.iter().cloned());
        out.push(set);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(files: &[(&str, &str)]) -> Vec<(String, String)> {
        files
            .iter()
            .map(|(p, t)| (format!("crates/x/src/{p}"), t.to_string()))
            .collect()
    }

    #[test]
    fn a_cycle_is_found_through_every_way_of_naming_a_module() {
        let files = src(&[
            ("lib.rs", "mod a; mod b; mod c; mod d;"),
            ("a.rs", "use crate::{b::Thing, other};"),
            ("b/mod.rs", "use super::c::More;"),
            ("b/deep.rs", "fn f() { super::super::d::g() }"),
            ("c.rs", "use crate::a;"),
            ("d.rs", "// names nothing"),
        ]);
        assert_eq!(cycles(&files), vec![vec!["a", "b", "c"]]);
    }

    #[test]
    fn tests_are_left_out() {
        let files = src(&[
            (
                "a.rs",
                "use crate::b;\n#[cfg(test)]\nmod tests {\n    use crate::c;\n}",
            ),
            ("b.rs", ""),
            ("c.rs", "fn f() { super::a::x() }"),
        ]);
        assert_eq!(cycles(&files), vec![vec!["a", "c"]]);
        let kept: Vec<(String, String)> = files
            .iter()
            .map(|(p, t)| (p.clone(), without_tests(t)))
            .collect();
        assert_eq!(kept[0].1, "use crate::b;");
        assert!(cycles(&kept).is_empty());
    }
}
