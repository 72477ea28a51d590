//! LaTeX acronym packages: an acronym defined with one (`\newacronym{llm}{LLM}{large language model}`
//! with glossaries, `\acro{LLM}{…}` with acronym, `\DeclareAcronym{llm}{short=LLM, long=…}` with acro)
//! is spelled out by the package at its first use through the package's command (`\gls{llm}`,
//! `\ac{LLM}`, `\ac{llm}`). The same acronym typed as plain text is not seen by the package: before the
//! first command it reads as an acronym the reader has not met, and when no command uses it at all the
//! text never spells it out. The prose reader counts the package's definition for the whole document
//! (so plain uses get no other finding); this rule adds the finding at the first plain use, with the
//! fix the package wants there: the command (`\gls{llm}`, plural `\glspl{llm}`; `\ac{…}`, `\acp{…}`).
//!
//! The scan is its own (the prose reader keeps no package keys): the definition commands with braced
//! arguments on one line, outside comments; uses are the commands that spell out at a first use
//! (`\ac`, `\acp`, `\acf`, `\acfp`, `\gls`, `\glspl`, `\acrfull` and their capitalised forms).

use std::ops::Range;

use super::{Analysis, Code, Finding, Fix, FixAction, Place, Settings, TextEdit};

/// An acronym a package defines.
struct PackageAcronym {
    acronym: String,
    key: String,
    /// The package's use command: `gls` (glossaries) or `ac` (acronym, acro).
    command: &'static str,
}

/// The commands that spell an acronym out at its first use, for `command`'s package.
fn use_commands(command: &str) -> &'static [&'static str] {
    match command {
        "gls" => &[
            "gls", "Gls", "GLS", "glspl", "Glspl", "acrfull", "Acrfull", "ac", "acp",
        ],
        _ => &["ac", "Ac", "acp", "Acp", "acf", "Acf", "acfp", "Acfp"],
    }
}

/// Text without its comments (a `%` not escaped, to the end of the line), same length: comment bytes
/// become spaces, so offsets stay.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut escaped = false;
    let mut comment = false;
    for c in text.chars() {
        if c == '\n' {
            comment = false;
        } else if c == '%' && !escaped {
            comment = true;
        }
        escaped = c == '\\' && !escaped;
        if comment {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

/// The braced arguments (and skipped `[…]` options) right after `from`, on the same line: their
/// contents, at most `max`.
fn arguments(text: &str, mut from: usize, max: usize) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    while out.len() < max {
        while bytes.get(from) == Some(&b' ') {
            from += 1;
        }
        let (open, close) = match bytes.get(from) {
            Some(b'{') => (b'{', b'}'),
            Some(b'[') => (b'[', b']'),
            _ => break,
        };
        let mut depth = 0usize;
        let mut end = None;
        for (k, &b) in bytes.get(from..).unwrap_or_default().iter().enumerate() {
            if b == open {
                depth += 1;
            } else if b == close {
                depth -= 1;
                if depth == 0 {
                    end = Some(from + k);
                    break;
                }
            } else if b == b'\n' {
                break;
            }
        }
        let Some(end) = end else { break };
        if open == b'{' {
            let inner = from + 1..end;
            out.push((inner.clone(), text.get(inner).unwrap_or_default().trim()));
        }
        from = end + 1;
    }
    out
}

/// The value of `key=` in a key-value list (`short=LLM, long=…`), trimmed, braces removed.
fn key_value<'t>(list: &'t str, key: &str) -> Option<&'t str> {
    list.split(',').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k.trim() == key).then(|| {
            v.trim()
                .trim_start_matches('{')
                .trim_end_matches('}')
                .trim()
        })
    })
}

/// Each command `\name` in `code` (not followed by a letter), and the offset after its name.
fn commands<'t>(code: &'t str) -> impl Iterator<Item = (usize, &'t str, usize)> + 't {
    memchr::memchr_iter(b'\\', code.as_bytes()).filter_map(move |at| {
        let rest = code.get(at + 1..)?;
        let len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        (len > 0).then(|| (at, rest.get(..len).unwrap_or_default(), at + 1 + len))
    })
}

fn package_acronyms(code: &str) -> Vec<PackageAcronym> {
    let mut out = Vec::new();
    for (_, name, after) in commands(code) {
        let args = match name {
            "newacronym" | "newabbreviation" | "acro" | "acrodef" | "DeclareAcronym" => {
                arguments(code, after, 3)
            }
            _ => continue,
        };
        let found = match (name, args.as_slice()) {
            ("newacronym" | "newabbreviation", [(_, key), (_, short), ..]) => {
                Some((key.to_string(), short.to_string(), "gls"))
            }
            ("acro" | "acrodef", [(_, short), ..]) => {
                Some((short.to_string(), short.to_string(), "ac"))
            }
            ("DeclareAcronym", [(_, key), (_, list), ..]) => {
                key_value(list, "short").map(|short| (key.to_string(), short.to_string(), "ac"))
            }
            _ => None,
        };
        if let Some((key, acronym, command)) = found {
            let plain = |s: &str| !s.is_empty() && !s.contains(['\\', '{', '}', '$']);
            if plain(&key) && plain(&acronym) {
                out.push(PackageAcronym {
                    acronym,
                    key,
                    command,
                });
            }
        }
    }
    out
}

/// Adds the findings of plain uses of package acronyms to `analysis` of `text` (a LaTeX document);
/// `line_of` gives the line messages name.
pub(super) fn add_findings(
    text: &str,
    analysis: &mut Analysis,
    settings: &Settings,
    line_of: &dyn Fn(usize) -> crate::analysis::LineName,
) {
    if memchr::memmem::find(text.as_bytes(), b"\\newacronym").is_none()
        && memchr::memmem::find(text.as_bytes(), b"\\newabbreviation").is_none()
        && memchr::memmem::find(text.as_bytes(), b"\\acro").is_none()
        && memchr::memmem::find(text.as_bytes(), b"\\DeclareAcronym").is_none()
    {
        return;
    }
    let code = without_comments(text);
    // Every use command with its key, in order: one pass over the text for all acronyms.
    let all_uses: Vec<&str> = ["gls", "ac"]
        .into_iter()
        .flat_map(use_commands)
        .copied()
        .collect();
    let first_uses: Vec<(&str, &str, Range<usize>)> = commands(&code)
        .filter(|(_, name, _)| all_uses.contains(name))
        .filter_map(|(at, name, after)| {
            let args = arguments(&code, after, 1);
            let (inner, key) = args.first()?;
            Some((*key, name, at..inner.end + 1))
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    for package in package_acronyms(&code) {
        if !seen.insert(package.acronym.clone()) || settings.ignore.contains(&package.acronym) {
            continue;
        }
        // The prose reader decides what defines (a definition inside math or verbatim does not): only
        // an acronym it read as the package's, for the whole document, is the package's to spell out.
        let defined = analysis
            .definitions
            .iter()
            .any(|d| d.whole_document && d.acronym == package.acronym);
        if !defined {
            continue;
        }
        // The first command that spells it out.
        let first_command = first_uses
            .iter()
            .find(|(key, name, _)| {
                *key == package.key && use_commands(package.command).contains(name)
            })
            .map(|(_, name, range)| (range.clone(), name.starts_with(['a', 'A'])));
        // The document's own choice of command wins (glossaries' `shortcuts` option gives `\ac`).
        let family = match &first_command {
            Some((_, true)) => "ac",
            Some((_, false)) => "gls",
            None => package.command,
        };
        let first_command = first_command.map(|(range, _)| range);
        let before = |u: &Range<usize>| first_command.as_ref().is_none_or(|c| u.start < c.start);
        let Some(first) = analysis.acronyms.iter().find(|u| {
            *u.acronym == *package.acronym
                && !u.defining
                && u.surroundings.place == Place::Body
                && before(&u.range)
        }) else {
            continue;
        };
        let written = text
            .get(first.range.clone())
            .unwrap_or_default()
            .to_string();
        if settings.ignore.contains(&written) {
            continue;
        }
        let code_kind = if first_command.is_some() {
            Code::AcronymUsedBeforeDefinition
        } else {
            Code::AcronymNotSpelledOut
        };
        let Some(severity) = settings.severity_of(code_kind) else {
            continue;
        };
        let command = match (family, first.plural) {
            ("gls", false) => "gls",
            ("gls", true) => "glspl",
            (_, false) => "ac",
            (_, true) => "acp",
        };
        let replacement = format!("\\{command}{{{}}}", package.key);
        let acronym = &package.acronym;
        let message = match &first_command {
            Some(c) => format!(
                "`{acronym}` is typed as plain text before the package spells it out on {}: write `{replacement}`",
                line_of(c.start)
            ),
            None => format!(
                "`{acronym}` is typed as plain text: the package defines it, but spells it out only through `{replacement}`"
            ),
        };
        let mut fixes = Vec::new();
        if first.surroundings.editable {
            fixes.push(Fix {
                title: format!("Write `{replacement}`"),
                preferred: true,
                action: FixAction::Edit {
                    edits: vec![TextEdit {
                        range: first.range.clone(),
                        replacement: replacement.clone(),
                    }],
                },
            });
        }
        fixes.push(Fix {
            title: format!("Add `{acronym}` to the project's ignore list"),
            preferred: false,
            action: FixAction::IgnoreToken {
                token: acronym.clone(),
            },
        });
        let related = first_command
            .iter()
            .map(|c| super::Related {
                range: c.clone(),
                message: format!("the package spells `{acronym}` out here"),
                elsewhere: None,
            })
            .collect();
        analysis.findings.push(Finding {
            code: code_kind,
            severity,
            range: first.range.clone(),
            token: written,
            acronym: acronym.clone(),
            message,
            expansion: None,
            related,
            fixes,
        });
    }
    analysis
        .findings
        .sort_by_key(|f| (f.range.start, f.range.end, f.code));
}
