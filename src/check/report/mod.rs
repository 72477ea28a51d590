//! The report formats of `check`. Each renders a whole [`Report`] to a string, so that the output is
//! written in one go, in a fixed order, and can be tested exactly.
//!
//! - [`human`]: rustc-style snippets and a summary line, for terminals;
//! - [`json`]: one object in a documented, stable schema (docs/check-json.md);
//! - [`sarif`]: SARIF 2.1.0, for code-scanning services;
//! - [`github`]: GitHub Actions workflow commands, which become annotations on pull requests.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use super::Report;
use crate::analysis::Severity;

/// The summary line the human and GitHub formats end with:
/// `3 warnings, 1 information in 2 files (12 files checked)`, or `No findings (12 files checked)`.
pub fn summary(report: &Report) -> String {
    let count = |severity: Severity| {
        report
            .findings()
            .filter(|(_, finding)| finding.severity == severity)
            .count()
    };
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
            plural(report.files.len(), "file", "files")
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

/// The line `--fix` prints: `Applied 3 fixes in 2 files.`
pub fn fixes_line(report: &Report) -> String {
    format!(
        "Applied {} in {}.",
        plural(report.fixes_applied, "fix", "fixes"),
        plural(report.files_fixed, "file", "files")
    )
}

#[cfg(test)]
pub(crate) mod testing {
    //! Hand-made findings on small texts with multi-byte characters, shared by the reporters' tests.

    use std::path::PathBuf;

    use crate::analysis::{Code, Finding, Fix, FixAction, Related, Severity, TextEdit};
    use crate::check::{FileReport, Report};

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
        Report {
            files: vec![
                FileReport {
                    path: PathBuf::from("docs/café.md"),
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
                },
                FileReport {
                    path: PathBuf::from("notes.txt"),
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
                },
            ],
            files_checked: 12,
            ..Report::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(summary(&report), "2 warnings in 1 file (1 file checked)");
        report.files.clear();
        assert_eq!(summary(&report), "No findings (1 file checked)");
    }

    #[test]
    fn the_fix_line_counts_fixes_and_files() {
        let report = Report {
            fixes_applied: 3,
            files_fixed: 1,
            ..Report::default()
        };
        assert_eq!(fixes_line(&report), "Applied 3 fixes in 1 file.");
    }
}
