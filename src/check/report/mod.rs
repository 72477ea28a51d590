//! The report formats of `check`. Each renders a whole [`Report`] to a string, in a fixed order, so
//! that it can be tested exactly; each is made of a part per file and what follows the files, so that
//! [`printer`] can print the same bytes file by file while the run goes on.
//!
//! - [`human`]: rustc-style snippets and a summary line, for terminals;
//! - [`json`]: one object in a documented, stable schema (docs/check-json.md);
//! - [`sarif`]: SARIF 2.1.0, for code-scanning services;
//! - [`github`]: GitHub Actions workflow commands, which become annotations on pull requests;
//! - [`diff`]: not a report of findings but, for `--diff`, the unified diff of what `--fix` would
//!   change.

pub mod cut;
pub mod diff;
pub mod frame;
pub mod github;
pub mod human;
pub mod json;
pub mod printer;
pub mod sarif;

use super::{FixMode, Report};
use crate::analysis::Severity;

/// The summary line the human and GitHub formats end with:
/// `3 warnings, 1 information in 2 files (12 files checked)`, or `No findings (12 files checked)`.
pub fn summary(report: &Report) -> String {
    let count = |severity: Severity| report.tally.count(severity);
    let parts: Vec<String> = [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Information, "information", "information"),
        (Severity::Hint, "hint", "hints"),
    ]
    .into_iter()
    .filter_map(|(severity, one, many)| match count(severity) {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    })
    .collect();
    let checked = plural(report.files_checked, "file", "files");
    if parts.is_empty() {
        format!("No findings ({checked} checked)")
    } else {
        format!(
            "{} in {} ({checked} checked)",
            parts.join(", "),
            plural(report.tally.files, "file", "files")
        )
    }
}

/// `1 fix` / `3 fixes` …
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The line `--fix` and `--diff` end with, on stderr: `fixed 3 findings in 2 files` (each fix applied
/// is one finding's preferred fix), then with `--fix` the files whose fixes could not be written:
/// `fixed 1 finding in 1 file; could not write docs/b.md, notes.txt`. With `--diff`:
/// `would fix 3 findings in 2 files`. `None` without either.
pub fn fix_summary(report: &Report) -> Option<String> {
    let verb = match report.fix {
        FixMode::Off => return None,
        FixMode::Write => "fixed",
        FixMode::Preview => "would fix",
    };
    let mut line = format!(
        "{verb} {} in {}",
        plural(report.fixes_applied, "finding", "findings"),
        plural(report.files_fixed, "file", "files")
    );
    if !report.unwritten.is_empty() {
        let names: Vec<String> = report
            .unwritten
            .iter()
            .map(|path| path.display().to_string())
            .collect();
        line.push_str("; could not write ");
        line.push_str(&names.join(", "));
    }
    Some(line)
}

/// A path with `/` between its parts on every platform, as diffs, URIs and GitHub want them.
pub fn slashed(path: &str) -> String {
    if std::path::MAIN_SEPARATOR == '\\' {
        path.replace('\\', "/")
    } else {
        path.to_string()
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Hand-made findings on small texts with multi-byte characters, shared by the reporters' tests.

    use std::path::PathBuf;

    use crate::analysis::{Code, DocKind, Finding, Fix, FixAction, Related, Severity, TextEdit};
    use crate::check::{FileReport, Report, Tally};

    /// Byte offset of the `n`th (0-based) occurrence of `needle` in `text`.
    pub fn at(text: &str, needle: &str, n: usize) -> std::ops::Range<usize> {
        let start = text
            .match_indices(needle)
            .nth(n)
            .map(|(i, _)| i)
            .expect("needle in text");
        start..start + needle.len()
    }

    /// Two files: `docs/café.md` with a warning on line 2 (after "é中😀") whose definition note is on
    /// line 4, and an information with an ignore-token fix; `notes.txt` with a hint.
    pub fn report() -> Report {
        let cafe = "# Café 中文\né中😀 MoE runs; see below.\n\nMixture of Experts (MoE) is defined here.\nWe like ZQX.\n";
        let moe = at(cafe, "MoE", 0);
        let definition = at(cafe, "Mixture of Experts (MoE)", 0);
        let zqx = at(cafe, "ZQX", 0);
        let notes = "😀 GRPO (Group Relative Policy Optimization) and GRPO (Group Relative Policy Optimization)\n";
        let second = at(notes, "GRPO (Group Relative Policy Optimization)", 1);
        let files = vec![
            FileReport {
                path: PathBuf::from("docs/café.md"),
                kind: DocKind::Markdown,
                text: cafe.to_string(),
                findings: vec![
                    Finding {
                        code: Code::AcronymUsedBeforeDefinition,
                        severity: Severity::Warning,
                        range: moe.clone(),
                        token: "MoE".into(),
                        acronym: "MoE".into(),
                        message: "`MoE` is used before it is defined".into(),
                        expansion: Some("Mixture of Experts".into()),
                        related: vec![Related {
                            range: definition.clone(),
                            message: "defined here".into(),
                            elsewhere: None,
                        }],
                        fixes: vec![
                            Fix {
                                title: "Move the definition here".into(),
                                preferred: true,
                                action: FixAction::Edit {
                                    edits: vec![
                                        TextEdit {
                                            range: moe,
                                            replacement: "Mixture of Experts (MoE)".into(),
                                        },
                                        TextEdit {
                                            range: definition,
                                            replacement: "MoE".into(),
                                        },
                                    ],
                                },
                            },
                            Fix {
                                title: "Ignore `MoE` in this project".into(),
                                preferred: false,
                                action: FixAction::IgnoreToken {
                                    token: "MoE".into(),
                                },
                            },
                        ],
                    },
                    Finding {
                        code: Code::UndefinedAcronym,
                        severity: Severity::Information,
                        range: zqx,
                        token: "ZQX".into(),
                        acronym: "ZQX".into(),
                        message: "`ZQX` looks like an acronym, but no glossary knows it".into(),
                        expansion: None,
                        related: Vec::new(),
                        fixes: vec![Fix {
                            title: "Ignore `ZQX` in this project".into(),
                            preferred: true,
                            action: FixAction::IgnoreToken {
                                token: "ZQX".into(),
                            },
                        }],
                    },
                ],
                fixed: None,
            },
            FileReport {
                path: PathBuf::from("notes.txt"),
                kind: DocKind::PlainText,
                text: notes.to_string(),
                findings: vec![Finding {
                    code: Code::RedundantDefinition,
                    severity: Severity::Hint,
                    range: second.clone(),
                    token: "GRPO".into(),
                    acronym: "GRPO".into(),
                    message: "`GRPO` is already defined".into(),
                    expansion: Some("Group Relative Policy Optimization".into()),
                    related: vec![Related {
                        range: at(notes, "GRPO (Group Relative Policy Optimization)", 0),
                        message: "first defined here".into(),
                        elsewhere: None,
                    }],
                    fixes: vec![Fix {
                        title: "Remove the second definition".into(),
                        preferred: true,
                        action: FixAction::Edit {
                            edits: vec![TextEdit {
                                range: second,
                                replacement: "GRPO".into(),
                            }],
                        },
                    }],
                }],
                fixed: None,
            },
        ];
        Report {
            tally: Tally::of(&files),
            files,
            files_checked: 12,
            ..Report::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Tally;

    #[test]
    fn the_summary_counts_by_severity_and_files() {
        let mut report = testing::report();
        assert_eq!(
            summary(&report),
            "1 warning, 1 information, 1 hint in 2 files (12 files checked)"
        );
        report.files[0].findings[1].severity = Severity::Warning;
        report.files.pop();
        report.files_checked = 1;
        report.tally = Tally::of(&report.files);
        assert_eq!(summary(&report), "2 warnings in 1 file (1 file checked)");
        report.tally = Tally::default();
        assert_eq!(summary(&report), "No findings (1 file checked)");
    }

    #[test]
    fn the_fix_summary_counts_findings_and_files_and_names_unwritten_files() {
        let mut report = Report {
            fixes_applied: 3,
            files_fixed: 1,
            ..Report::default()
        };
        assert_eq!(fix_summary(&report), None, "no summary without --fix");
        report.fix = FixMode::Write;
        assert_eq!(
            fix_summary(&report).as_deref(),
            Some("fixed 3 findings in 1 file")
        );
        report.fixes_applied = 1;
        report.files_fixed = 2;
        report.fix = FixMode::Preview;
        assert_eq!(
            fix_summary(&report).as_deref(),
            Some("would fix 1 finding in 2 files")
        );
        report.fix = FixMode::Write;
        report.fixes_applied = 0;
        report.files_fixed = 0;
        report.unwritten = vec!["docs/b.md".into(), "notes.txt".into()];
        assert_eq!(
            fix_summary(&report).as_deref(),
            Some("fixed 0 findings in 0 files; could not write docs/b.md, notes.txt")
        );
    }
}
