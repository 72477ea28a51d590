//! The arrows between the crate's parts, as `docs/architecture.md` states them. Every file under `src/`
//! is read for the paths that name another part — `use crate::…` (grouped or not), `crate::x::y` in
//! expressions and types, and `super::` paths that climb out of a top-level module — and an arrow
//! against the directions below fails the test, naming the file and line.
//!
//! Comments and string literals are not code: a doc link to another part is not an arrow.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each part and the parts it may use. A part not listed here fails the test: a new top-level module
/// must be given its place.
const DIRECTIONS: &[(&str, &[&str])] = &[
    // Neutral parts: used by anyone, using (almost) nothing.
    ("text", &[]),
    ("fs", &[]),
    ("error", &["text"]),
    // The term model and its loaders.
    ("glossary", &["text", "error"]),
    // Codes, severities and the review settings: named by config and the engine alike.
    ("review", &["glossary"]),
    ("config", &["glossary", "review", "error", "text", "fs"]),
    // Glossary formatters (`glossary export`, `define`).
    ("export", &["glossary", "text"]),
    // The engine.
    ("analysis", &["glossary", "review", "text"]),
    // Front ends. `lsp` and `check` never use each other; only `cli` (the command line's dispatcher)
    // uses either, and nothing uses `cli`.
    (
        "check",
        &[
            "analysis", "config", "glossary", "review", "error", "text", "fs",
        ],
    ),
    (
        "lsp",
        &[
            "analysis", "config", "glossary", "review", "error", "text", "fs",
        ],
    ),
    (
        "cli",
        &[
            "check", "lsp", "export", "analysis", "config", "glossary", "review", "error", "text",
            "fs",
        ],
    ),
];

#[test]
fn arrows_follow_the_directions() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 20,
        "found the sources under {}",
        src.display()
    );
    let mut wrong = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap_or(file);
        let modules = module_path(relative);
        let Some(part) = modules.first() else {
            continue; // lib.rs and main.rs: the root wires the parts together
        };
        let Some((_, allowed)) = DIRECTIONS.iter().find(|(name, _)| name == part) else {
            wrong.push(format!(
                "src/{}: `{part}` has no place in DIRECTIONS (tests/architecture.rs) nor in docs/architecture.md",
                relative.display()
            ));
            continue;
        };
        let source = std::fs::read_to_string(file).expect("readable source");
        let lines: Vec<&str> = source.lines().collect();
        for (line, target) in arrows(&source, &modules) {
            if target != *part && !allowed.contains(&target.as_str()) {
                let text = lines.get(line - 1).map_or("", |l| l.trim());
                wrong.push(format!(
                    "src/{}:{line}: `{part}` uses `{target}`: {text}",
                    relative.display()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows against docs/architecture.md:\n{}",
        wrong.join("\n")
    );
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("readable folder")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file relative to `src/`: `analysis/prose/mod.rs` → `[analysis, prose]`,
/// `lib.rs` → `[]`.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if !matches!(stem, "mod" | "lib" | "main") {
            parts.push(stem.to_string());
        }
    }
    parts
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Path, // `::`
    Open,
    Close,
    Comma,
    Other,
}

/// The top-level parts that `source` names, with the 1-based line of each naming. `modules` is the
/// file's module path, so that `super::` can be followed.
fn arrows(source: &str, modules: &[String]) -> Vec<(usize, String)> {
    let tokens = tokens(&code_only(source));
    let mut found = Vec::new();
    // Inline modules (`mod tests { … }`) open at a brace depth and add a level for `super::`.
    let mut inline: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some((line, token)) = tokens.get(i) {
        match token {
            Token::Open => depth += 1,
            Token::Close => {
                depth = depth.saturating_sub(1);
                if inline.last() == Some(&depth) {
                    inline.pop();
                }
            }
            Token::Ident(word) if word == "mod" => {
                if let (Some((_, Token::Ident(_))), Some((_, Token::Open))) =
                    (tokens.get(i + 1), tokens.get(i + 2))
                {
                    inline.push(depth);
                }
            }
            Token::Ident(word) if word == "crate" || word == "super" => {
                let starts_path = !matches!(
                    i.checked_sub(1).and_then(|p| tokens.get(p)),
                    Some((_, Token::Path))
                );
                if starts_path && matches!(tokens.get(i + 1), Some((_, Token::Path))) {
                    let mut next = i;
                    let climbs_out = if word == "crate" {
                        next += 2;
                        true
                    } else {
                        let mut supers = 0;
                        while matches!(tokens.get(next), Some((_, Token::Ident(w))) if w == "super")
                            && matches!(tokens.get(next + 1), Some((_, Token::Path)))
                        {
                            supers += 1;
                            next += 2;
                        }
                        supers >= modules.len() + inline.len()
                    };
                    if climbs_out {
                        for target in first_segments(&tokens, next) {
                            found.push((*line, target));
                        }
                    }
                    i = next;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// The first segment of the path at `at`, or of each path in a group `{a::b, c}`.
fn first_segments(tokens: &[(usize, Token)], at: usize) -> Vec<String> {
    match tokens.get(at) {
        Some((_, Token::Ident(name))) => vec![name.clone()],
        Some((_, Token::Open)) => {
            let mut names = BTreeSet::new();
            let mut depth = 0;
            let mut expect_name = true;
            for (_, token) in tokens.iter().skip(at + 1) {
                match token {
                    Token::Open => depth += 1,
                    Token::Close if depth == 0 => break,
                    Token::Close => depth -= 1,
                    Token::Comma if depth == 0 => expect_name = true,
                    Token::Ident(name) if depth == 0 && expect_name => {
                        if name != "self" {
                            names.insert(name.clone());
                        }
                        expect_name = false;
                    }
                    _ => {}
                }
            }
            names.into_iter().collect()
        }
        _ => Vec::new(),
    }
}

fn tokens(code: &str) -> Vec<(usize, Token)> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        let token = match c {
            '\n' => {
                line += 1;
                continue;
            }
            c if c.is_whitespace() => continue,
            c if c.is_alphanumeric() || c == '_' => {
                let mut word = c.to_string();
                while let Some(&n) = chars.peek() {
                    if !(n.is_alphanumeric() || n == '_') {
                        break;
                    }
                    word.push(n);
                    chars.next();
                }
                Token::Ident(word)
            }
            ':' if chars.peek() == Some(&':') => {
                chars.next();
                Token::Path
            }
            '{' => Token::Open,
            '}' => Token::Close,
            ',' => Token::Comma,
            _ => Token::Other,
        };
        out.push((line, token));
    }
    out
}

/// `source` with comments and the contents of string and character literals blanked out, lines kept.
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    let ident = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric() || *c == '_');
    while let Some(&c) = chars.get(i) {
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while let Some(&c) = chars.get(i) {
                if c == '\n' {
                    break;
                }
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut level = 0;
            while let Some(&c) = chars.get(i) {
                let next = chars.get(i + 1).copied();
                if c == '/' && next == Some('*') {
                    level += 1;
                    i += 2;
                } else if c == '*' && next == Some('/') {
                    level -= 1;
                    i += 2;
                    if level == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, c);
                    i += 1;
                }
            }
        } else if (c == 'r' || c == 'b')
            && !ident(i.checked_sub(1).and_then(|p| chars.get(p)))
            && matches!((c, next), ('r', Some('"' | '#')) | ('b', Some('r')))
        {
            // A raw string: r"…", r#"…"#, br"…".
            let mut j = i + if c == 'b' { 2 } else { 1 };
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            out.push('"');
            while let Some(&c) = chars.get(j) {
                if c == '"' && (0..hashes).all(|h| chars.get(j + 1 + h) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                blank(&mut out, c);
                j += 1;
            }
            out.push('"');
            i = j;
        } else if c == '"' {
            out.push('"');
            i += 1;
            while let Some(&c) = chars.get(i) {
                i += 1;
                if c == '\\' {
                    blank(&mut out, c);
                    if let Some(&escaped) = chars.get(i) {
                        blank(&mut out, escaped);
                    }
                    i += 1;
                } else if c == '"' {
                    break;
                } else {
                    blank(&mut out, c);
                }
            }
            out.push('"');
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{..}') or a lifetime ('a).
            let is_char = next == Some('\\') || chars.get(i + 2) == Some(&'\'');
            if is_char {
                i += 1;
                while let Some(&c) = chars.get(i) {
                    i += 1;
                    if c == '\\' {
                        i += 1;
                    } else if c == '\'' {
                        break;
                    }
                }
                out.push_str("' '");
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[test]
fn the_reader_finds_every_kind_of_arrow() {
    let source = r##"
use crate::analysis::Code;
use crate::{config::Config, glossary::{self, Entry}};
// use crate::lsp::Server;
/// [`crate::check`]
fn f() -> crate::export::Thing {
    let s = "crate::cli::run()";
    let r = r#"crate::cli"#;
    let c = '"';
    super::super::fs::write();
}
mod tests {
    use super::super::super::text;
    use super::*;
}
"##;
    let modules = ["glossary".to_string(), "load".to_string()];
    let found: Vec<(usize, String)> = arrows(source, &modules);
    let expected: Vec<(usize, String)> = [
        (2, "analysis"),
        (3, "config"),
        (3, "glossary"),
        (6, "export"),
        (10, "fs"),
        (13, "text"),
    ]
    .into_iter()
    .map(|(l, t)| (l, t.to_string()))
    .collect();
    assert_eq!(found, expected);
    assert_eq!(
        module_path(Path::new("analysis/prose/mod.rs")),
        ["analysis", "prose"]
    );
    assert!(module_path(Path::new("lib.rs")).is_empty());
}
