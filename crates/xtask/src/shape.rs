//! `cargo xtask shape`: the app's shape in figures, read from the source as text: its
//! longest functions, the functions with the most `use_state`, and its files over 400
//! lines. A function runs from its `fn` line to the first line that closes it at the
//! same indentation.

use crate::app_sources;

/// A function: where it starts, its name, its lines and its `use_state` calls.
pub struct Function {
    pub at: String,
    pub lines: usize,
    pub states: usize,
}

pub fn report() -> Result<(), String> {
    let mut functions = Vec::new();
    let mut large = Vec::new();
    for (name, text) in app_sources() {
        let lines: Vec<&str> = text.lines().collect();
        if lines.len() > 400 {
            large.push((lines.len(), name.clone()));
        }
        functions.extend(functions_in(&name, &lines));
    }
    functions.sort_by_key(|f| std::cmp::Reverse(f.lines));
    println!("Longest functions in crates/app (at most 150 lines):");
    for f in functions.iter().take(5) {
        println!("  {:>4} lines  {}", f.lines, f.at);
    }
    functions.sort_by_key(|f| std::cmp::Reverse(f.states));
    println!("Most use_state in one function (at most 4):");
    for f in functions.iter().take(3) {
        println!("  {:>4}        {}", f.states, f.at);
    }
    large.sort_by(|a, b| b.cmp(a));
    println!("Files over 400 lines (at most 2): {}", large.len());
    for (n, name) in &large {
        println!("  {n:>4} lines  {name}");
    }
    Ok(())
}

pub fn functions_in(file: &str, lines: &[&str]) -> Vec<Function> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let after = ["pub(crate) ", "pub(super) ", "pub ", ""]
            .iter()
            .find_map(|p| trimmed.strip_prefix(p))
            .unwrap_or(trimmed);
        let after = after.strip_prefix("async ").unwrap_or(after);
        let Some(rest) = after.strip_prefix("fn ") else {
            continue;
        };
        if line.trim_end().ends_with(';') {
            continue; // a declaration in a trait
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let close = " ".repeat(indent) + "}";
        let end = lines[i + 1..]
            .iter()
            .position(|l| l.starts_with(&close) && l.len() - l.trim_start().len() == indent)
            .map_or(lines.len(), |j| i + 1 + j);
        let body = &lines[i..=end.min(lines.len() - 1)];
        out.push(Function {
            at: format!("{file}:{} {name}", i + 1),
            lines: body.len(),
            states: body.iter().map(|l| l.matches("use_state").count()).sum(),
        });
    }
    out
}
