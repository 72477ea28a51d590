//! LaTeX `glossaries` package definitions, as `glossary --format latex` writes them and papers keep
//! them:
//!
//! ```latex
//! \newacronym[plural=LLMs]{llm}{LLM}{large language model}
//! \newglossaryentry{dropout}{name={dropout},description={Zeroing activations at random.}}
//! ```
//!
//! Everything else (comments, other commands) is ignored.

use std::path::Path;

use super::collector::Collector;
use super::headword::entry;
use crate::error::FileError;
use crate::glossary::{Entry, Kind, Origin};

pub fn parse_latex(file: &Path, text: &str) -> Result<Vec<Entry>, Vec<FileError>> {
    let mut collector = Collector::new(file, text);
    let mut at = 0;
    while let Some(found) = text.get(at..).and_then(|rest| rest.find("\\new")) {
        let start = at + found;
        at = start + 4;
        if in_comment(text, start) {
            continue;
        }
        let rest = text.get(start..).unwrap_or_default();
        if let Some(after) = rest.strip_prefix("\\newacronym") {
            let mut cursor = start + (rest.len() - after.len());
            skip_options(text, &mut cursor);
            let (Some(_label), Some((short_at, short)), Some((_, long))) = (
                group(text, &mut cursor),
                group(text, &mut cursor),
                group(text, &mut cursor),
            ) else {
                collector.error(start, "\\newacronym needs {label}{short}{long}");
                continue;
            };
            let (short, long) = (clean(&short), clean(&long));
            if short.is_empty() || long.is_empty() {
                collector.error(start, "\\newacronym has an empty short or long form");
                continue;
            }
            let mut acronym = Entry::new(short.clone(), long.clone());
            acronym.kind = Kind::Acronym;
            acronym.acronym = Some(short);
            acronym.expansion = Some(long);
            acronym.origin = Origin::User;
            collector.add(acronym, short_at, "acronym");
            at = cursor;
        } else if let Some(after) = rest.strip_prefix("\\newglossaryentry") {
            let mut cursor = start + (rest.len() - after.len());
            let (Some(_label), Some((fields_at, fields))) =
                (group(text, &mut cursor), group(text, &mut cursor))
            else {
                collector.error(
                    start,
                    "\\newglossaryentry needs {label}{name={…},description={…}}",
                );
                continue;
            };
            let name = field(&fields, "name").map(|n| clean(&n));
            let description = field(&fields, "description").map(|d| clean(&d));
            match (name, description) {
                (Some(name), Some(description)) if !name.is_empty() && !description.is_empty() => {
                    collector.add(entry(&name, &description), fields_at, "glossary entry");
                }
                _ => collector.error(start, "\\newglossaryentry needs a name and a description"),
            }
            at = cursor;
        }
    }
    collector.finish()
}

/// Whether `at` follows an unescaped `%` on its line.
fn in_comment(text: &str, at: usize) -> bool {
    let line_start = text
        .get(..at)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |n| n + 1);
    let line = text.get(line_start..at).unwrap_or_default();
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' => escaped = !escaped,
            '%' if !escaped => return true,
            _ => escaped = false,
        }
    }
    false
}

/// Skips whitespace and an optional `[…]` argument.
fn skip_options(text: &str, cursor: &mut usize) {
    skip_space(text, cursor);
    if text.get(*cursor..).is_some_and(|r| r.starts_with('[')) {
        let mut depth = 0usize;
        for (i, c) in text.get(*cursor..).unwrap_or_default().char_indices() {
            match c {
                '[' | '{' => depth += 1,
                ']' | '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 && c == ']' {
                        *cursor += i + 1;
                        return;
                    }
                }
                _ => {}
            }
        }
    }
}

fn skip_space(text: &str, cursor: &mut usize) {
    let rest = text.get(*cursor..).unwrap_or_default();
    *cursor += rest.len() - rest.trim_start().len();
}

/// A `{…}` group at the cursor (after whitespace): where its content starts and the content.
fn group(text: &str, cursor: &mut usize) -> Option<(usize, String)> {
    skip_space(text, cursor);
    let rest = text.get(*cursor..)?;
    if !rest.starts_with('{') {
        return None;
    }
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in rest.char_indices() {
        match c {
            '\\' => {
                escaped = !escaped;
                continue;
            }
            '{' if !escaped => depth += 1,
            '}' if !escaped => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let content = rest.get(1..i)?.to_string();
                    let content_at = *cursor + 1;
                    *cursor += i + 1;
                    return Some((content_at, content));
                }
            }
            _ => {}
        }
        escaped = false;
    }
    None
}

/// The value of `key={…}` or `key=value` in a key-value list.
fn field(fields: &str, key: &str) -> Option<String> {
    let mut cursor = 0;
    while cursor < fields.len() {
        skip_space(fields, &mut cursor);
        let rest = fields.get(cursor..)?;
        let eq = rest.find('=')?;
        let name = rest.get(..eq)?.trim().trim_start_matches(',').trim();
        cursor += eq + 1;
        skip_space(fields, &mut cursor);
        let value = if fields.get(cursor..)?.starts_with('{') {
            group(fields, &mut cursor)?.1
        } else {
            let rest = fields.get(cursor..)?;
            let end = rest.find(',').unwrap_or(rest.len());
            cursor += end;
            rest.get(..end)?.trim().to_string()
        };
        if name == key {
            return Some(value);
        }
        let rest = fields.get(cursor..).unwrap_or_default();
        cursor += rest.len() - rest.trim_start_matches([',', ' ', '\n', '\t']).len();
    }
    None
}

/// TeX text as a reader reads it: escapes undone, `\cmd{x}` → x, braces and spacing dropped.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let mut name = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphabetic() {
                        name.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                match name.as_str() {
                    "" => {
                        if let Some(escaped) = chars.next() {
                            out.push(escaped);
                        }
                    }
                    "textbackslash" => out.push('\\'),
                    "textasciitilde" => out.push('~'),
                    "textasciicircum" => out.push('^'),
                    _ => {}
                }
            }
            '{' | '}' => {}
            '~' => out.push(' '),
            _ => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_and_entries_with_options_escapes_and_comments() {
        let text = "% \\newacronym{no}{NO}{commented out}\n\\newacronym[plural=LLMs,firstplural={large language models (LLMs)}]{llm}{LLM}{large language model}\n\\newacronym{cicd}{CI/CD}{continuous integration and \\glsentrytext{CD}}\n\\newglossaryentry{dropout}{name={dropout},description={Zeroing 50\\% of \\emph{activations} \\{p\\}.}}\n";
        let entries = parse_latex(Path::new("g.tex"), text).expect("valid");
        let got: Vec<_> = entries
            .iter()
            .map(|e| {
                (
                    e.name.as_str(),
                    e.expansion.as_deref(),
                    e.definition.as_str(),
                    e.spot.as_ref().map(|s| (s.line, s.column)),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "LLM",
                    Some("large language model"),
                    "large language model",
                    Some((2, 74))
                ),
                (
                    "CI/CD",
                    Some("continuous integration and CD"),
                    "continuous integration and CD",
                    Some((3, 19))
                ),
                (
                    "dropout",
                    None,
                    "Zeroing 50% of activations {p}.",
                    Some((4, 28))
                ),
            ]
        );
        let errors: Vec<String> = parse_latex(Path::new("g.tex"), "\\newacronym{x}{X}\n")
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errors,
            ["g.tex:1:1: \\newacronym needs {label}{short}{long}"]
        );
    }
}
