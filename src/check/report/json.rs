//! The JSON report: one object, in the schema documented in `docs/check-json.md`. The schema is an
//! interface: add fields if needed, never rename or remove one without raising [`VERSION`].

use std::ops::Range;

use serde::Serialize;

use super::frame::{Frame, HOLE};
use crate::analysis::{Finding, FixAction};
use crate::check::{FileReport, Report};
use crate::text::lines::LineIndex;

/// The schema version, the report's `version` field.
pub const VERSION: u32 = 1;

/// The report, its findings (`F`) written apart ([`Frame`]).
#[derive(Serialize)]
struct JsonReport<F> {
    version: u32,
    files_checked: usize,
    findings: F,
    errors: Vec<JsonError>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    file: String,
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    token: &'a str,
    acronym: &'a str,
    expansion: Option<&'a str>,
    range: JsonRange,
    byte_range: ByteRange,
    related: Vec<JsonRelated<'a>>,
    fixes: Vec<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    message: &'a str,
    /// Only for a place in another file (an acronym spelled out differently there).
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    range: JsonRange,
    byte_range: ByteRange,
}

#[derive(Serialize)]
#[serde(untagged)]
enum JsonFix<'a> {
    Edit {
        title: &'a str,
        preferred: bool,
        edits: Vec<JsonEdit<'a>>,
    },
    IgnoreToken {
        title: &'a str,
        preferred: bool,
        ignore_token: &'a str,
    },
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    range: JsonRange,
    byte_range: ByteRange,
    replacement: &'a str,
}

/// 1-based lines and columns (Unicode scalar values); `end` is just past the last character.
#[derive(Serialize)]
struct JsonRange {
    start: JsonPosition,
    end: JsonPosition,
}

#[derive(Serialize)]
struct JsonPosition {
    line: usize,
    column: usize,
}

/// 0-based byte offsets into the file; `end` is exclusive.
#[derive(Serialize)]
struct ByteRange {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct JsonError {
    file: String,
    line: Option<u32>,
    column: Option<u32>,
    message: String,
}

/// Renders `report` as pretty-printed JSON, ending with a newline.
pub fn render(report: &Report) -> String {
    let frame = frame(report);
    let mut out = frame.head().to_string();
    let mut written = 0;
    for file in &report.files {
        out.push_str(&elements(&frame, file, &mut written));
    }
    out.push_str(frame.tail(written));
    out
}

/// The report around its findings, which [`elements`] writes file by file.
pub fn frame(report: &Report) -> Frame {
    let errors = report
        .errors
        .iter()
        .map(|error| JsonError {
            file: error.file.to_string_lossy().into_owned(),
            line: error.position.map(|(line, _)| line),
            column: error.position.map(|(_, column)| column),
            message: error.message.clone(),
        })
        .collect();
    Frame::around(&JsonReport {
        version: VERSION,
        files_checked: report.files_checked,
        findings: [HOLE],
        errors,
    })
}

/// The findings of `file` as elements of the frame's array, after `written` others (which counts
/// them).
pub fn elements(frame: &Frame, file: &FileReport, written: &mut usize) -> String {
    let index = LineIndex::new(&file.text);
    let path = file.path.to_string_lossy();
    let mut out = String::new();
    for finding in &file.findings {
        frame.push_element(&mut out, *written, &self::finding(&path, &index, finding));
        *written += 1;
    }
    out
}

fn finding<'a>(path: &str, index: &LineIndex<'_>, finding: &'a Finding) -> JsonFinding<'a> {
    JsonFinding {
        file: path.to_string(),
        code: finding.code.as_str(),
        severity: finding.severity.as_str(),
        message: &finding.message,
        token: &finding.token,
        acronym: &finding.acronym,
        expansion: finding.expansion.as_deref(),
        range: range(index, &finding.range),
        byte_range: bytes(index, &finding.range),
        related: finding
            .related
            .iter()
            .map(|related| match &related.elsewhere {
                None => JsonRelated {
                    message: &related.message,
                    file: None,
                    range: range(index, &related.range),
                    byte_range: bytes(index, &related.range),
                },
                Some(other) => {
                    let position = |(line, column)| JsonPosition { line, column };
                    JsonRelated {
                        message: &related.message,
                        file: Some(other.path.display().to_string()),
                        range: JsonRange {
                            start: position(other.start),
                            end: position(other.end),
                        },
                        byte_range: ByteRange {
                            start: related.range.start,
                            end: related.range.end,
                        },
                    }
                }
            })
            .collect(),
        fixes: finding
            .fixes
            .iter()
            .map(|fix| match &fix.action {
                FixAction::Edit { edits } => JsonFix::Edit {
                    title: &fix.title,
                    preferred: fix.preferred,
                    edits: edits
                        .iter()
                        .map(|edit| JsonEdit {
                            range: range(index, &edit.range),
                            byte_range: bytes(index, &edit.range),
                            replacement: &edit.replacement,
                        })
                        .collect(),
                },
                FixAction::IgnoreToken { token } => JsonFix::IgnoreToken {
                    title: &fix.title,
                    preferred: fix.preferred,
                    ignore_token: token,
                },
            })
            .collect(),
    }
}

fn range(index: &LineIndex<'_>, range: &Range<usize>) -> JsonRange {
    let position = |offset| {
        let position = index.position(offset);
        JsonPosition {
            line: position.line,
            column: position.column,
        }
    };
    JsonRange {
        start: position(range.start),
        end: position(range.end),
    }
}

/// The byte range clamped to the text, as the line/column range is.
fn bytes(index: &LineIndex<'_>, range: &Range<usize>) -> ByteRange {
    ByteRange {
        start: index.clamp(range.start),
        end: index.clamp(range.end),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde_json::{json, Value};

    use super::*;
    use crate::check::report::testing;
    use crate::error::FileError;

    #[test]
    fn the_first_finding_in_full() {
        let out = render(&testing::report());
        assert!(out.ends_with("}\n"));
        let value: Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(value["version"], 1);
        assert_eq!(value["files_checked"], 12);
        assert_eq!(value["errors"], json!([]));
        assert_eq!(value["findings"].as_array().map(Vec::len), Some(3));
        // "é中😀 MoE" on line 2: MoE is at column 5 (characters) and byte 25 (the heading line is
        // 15 bytes with its break, then é 2 + 中 3 + 😀 4 + space 1).
        assert_eq!(
            value["findings"][0],
            json!({
                "file": "docs/café.md",
                "code": "acronym-used-before-definition",
                "severity": "warning",
                "message": "`MoE` is used before it is defined",
                "token": "MoE",
                "acronym": "MoE",
                "expansion": "Mixture of Experts",
                "range": {"start": {"line": 2, "column": 5}, "end": {"line": 2, "column": 8}},
                "byte_range": {"start": 25, "end": 28},
                "related": [{
                    "message": "defined here",
                    "range": {"start": {"line": 4, "column": 1}, "end": {"line": 4, "column": 25}},
                    "byte_range": {"start": 47, "end": 71}
                }],
                "fixes": [
                    {
                        "title": "Move the definition here",
                        "preferred": true,
                        "edits": [
                            {
                                "range": {"start": {"line": 2, "column": 5}, "end": {"line": 2, "column": 8}},
                                "byte_range": {"start": 25, "end": 28},
                                "replacement": "Mixture of Experts (MoE)"
                            },
                            {
                                "range": {"start": {"line": 4, "column": 1}, "end": {"line": 4, "column": 25}},
                                "byte_range": {"start": 47, "end": 71},
                                "replacement": "MoE"
                            }
                        ]
                    },
                    {"title": "Ignore `MoE` in this project", "preferred": false, "ignore_token": "MoE"}
                ]
            })
        );
    }

    #[test]
    fn key_fields_of_the_other_findings_and_the_key_order() {
        let out = render(&testing::report());
        let value: Value = serde_json::from_str(&out).expect("valid JSON");
        let second = &value["findings"][1];
        assert_eq!(second["code"], "undefined-acronym");
        assert_eq!(second["severity"], "information");
        assert_eq!(second["expansion"], Value::Null);
        assert_eq!(second["range"]["start"], json!({"line": 5, "column": 9}));
        let third = &value["findings"][2];
        assert_eq!(third["file"], "notes.txt");
        assert_eq!(third["severity"], "hint");
        // After "😀 ", the first definition (41) and " and ": column 49 in characters, byte 51.
        assert_eq!(third["range"]["start"], json!({"line": 1, "column": 49}));
        assert_eq!(third["byte_range"]["start"], 51);
        let keys = [
            "\"version\"",
            "\"files_checked\"",
            "\"findings\"",
            "\"file\"",
            "\"code\"",
            "\"severity\"",
            "\"message\"",
            "\"token\"",
            "\"acronym\"",
            "\"expansion\"",
            "\"range\"",
            "\"byte_range\"",
            "\"related\"",
            "\"fixes\"",
            "\"errors\"",
        ];
        let positions: Vec<_> = keys
            .iter()
            .map(|key| out.find(key).expect("key present"))
            .collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "keys in the documented order"
        );
    }

    #[test]
    fn errors_have_a_file_and_an_optional_position() {
        let report = Report {
            errors: vec![
                FileError {
                    file: PathBuf::from("docs/bad.md"),
                    position: Some((3, 7)),
                    message: "not valid UTF-8".into(),
                },
                FileError::whole(std::path::Path::new("gone.md"), "cannot read"),
            ],
            ..Report::default()
        };
        let value: Value = serde_json::from_str(&render(&report)).expect("valid JSON");
        assert_eq!(
            value,
            json!({
                "version": 1,
                "files_checked": 0,
                "findings": [],
                "errors": [
                    {"file": "docs/bad.md", "line": 3, "column": 7, "message": "not valid UTF-8"},
                    {"file": "gone.md", "line": null, "column": null, "message": "cannot read"}
                ]
            })
        );
    }
}
