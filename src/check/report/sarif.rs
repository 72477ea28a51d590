//! The SARIF 2.1.0 report, for code-scanning services (GitHub code scanning, Azure DevOps, IDE
//! viewers).
//!
//! - One run; `tool.driver` names glossary-ls, its version and the four rules with their default
//!   levels.
//! - Levels: error → `error`, warning → `warning`, information and hint → `note`.
//! - Locations are relative to the current folder, under the `%SRCROOT%` base whose absolute URI is
//!   in `originalUriBaseIds`; files outside it get absolute `file://` URIs.
//! - Columns are UTF-16 code units, SARIF's default `columnKind`, which the run also states
//!   explicitly ("😀" is two columns here, one in the other formats).
//! - Each edit fix becomes a SARIF fix; related places become `relatedLocations`; config and file
//!   errors become tool execution notifications, with `executionSuccessful: false`.

use std::ops::Range;
use std::path::{Component, Path};

use serde_json::{json, Map, Value};

use super::frame::{Frame, HOLE};
use crate::analysis::{Code, Finding, FixAction, Severity};
use crate::check::{FileReport, Report};
use crate::text::lines::LineIndex;
use crate::text::slice::Slice;

/// The schema the log declares.
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Where users learn about the tool: the package's homepage or repository, when Cargo.toml gives one.
pub const INFORMATION_URI: Option<&str> = {
    let homepage = env!("CARGO_PKG_HOMEPAGE");
    let repository = env!("CARGO_PKG_REPOSITORY");
    if !homepage.is_empty() {
        Some(homepage)
    } else if !repository.is_empty() {
        Some(repository)
    } else {
        None
    }
};

const SRCROOT: &str = "%SRCROOT%";

/// Renders `report` as a SARIF log; relative paths are relative to `cwd`.
pub fn render(report: &Report, cwd: &Path) -> String {
    let frame = frame(report, cwd);
    let mut out = frame.head().to_string();
    let mut written = 0;
    for file in &report.files {
        out.push_str(&elements(&frame, file, &mut written));
    }
    out.push_str(frame.tail(written));
    out
}

/// The results of `file` as elements of the frame's array, after `written` others (which counts
/// them).
pub fn elements(frame: &Frame, file: &FileReport, written: &mut usize) -> String {
    let index = LineIndex::new(&file.text);
    let location = artifact_location(&file.path);
    let mut out = String::new();
    for finding in &file.findings {
        frame.push_element(&mut out, *written, &result(&location, &index, finding));
        *written += 1;
    }
    out
}

/// The log around its results, which [`elements`] writes file by file.
pub fn frame(report: &Report, cwd: &Path) -> Frame {
    let notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|error| {
            let mut physical = Map::new();
            physical.insert("artifactLocation".into(), artifact_location(&error.file));
            // Only the line: the error's column counts characters, and this run's columns are UTF-16.
            if let Some((line, _)) = error.position {
                physical.insert("region".into(), json!({ "startLine": line }));
            }
            json!({
                "level": "error",
                "message": { "text": error.message },
                "locations": [{ "physicalLocation": physical }],
            })
        })
        .collect();
    let mut driver = Map::new();
    driver.insert("name".into(), json!("glossary-ls"));
    driver.insert("version".into(), json!(env!("CARGO_PKG_VERSION")));
    if let Some(uri) = INFORMATION_URI {
        driver.insert("informationUri".into(), json!(uri));
    }
    driver.insert(
        "rules".into(),
        Value::Array(Code::ALL.iter().map(|&code| rule(code)).collect()),
    );
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "originalUriBaseIds": {
                SRCROOT: { "uri": folder_uri(cwd) },
            },
            "columnKind": "utf16CodeUnits",
            "results": [HOLE],
            "invocations": [{
                "executionSuccessful": report.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
        }],
    });
    Frame::around(&log)
}

/// The SARIF level of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

fn rule(code: Code) -> Value {
    let (short, full) = match code {
        Code::AcronymNotSpelledOut => (
            "Acronym never spelled out",
            "A glossary acronym appears in body text and the document never spells it out. Spell it out at its first use, as in “Mixture of Experts (MoE)”.",
        ),
        Code::AcronymUsedBeforeDefinition => (
            "Acronym used before its definition",
            "The document spells the acronym out, but uses it earlier in body text. Move the definition to the first use.",
        ),
        Code::UndefinedAcronym => (
            "Unknown acronym",
            "An acronym-like token that no glossary knows, the document never defines and the project does not ignore. Spell it out, add it to a glossary, or add it to the config's ignore list.",
        ),
        Code::RedundantDefinition => (
            "Acronym defined again",
            "The acronym is spelled out again after its first definition. Write the acronym alone.",
        ),
        Code::NonCanonicalSpelling => (
            "Name misspelled",
            "A name or term written in a spelling the glossary calls wrong (Pytorch, Huggingface). Write it as the glossary does.",
        ),
        Code::InconsistentExpansion => (
            "Acronym spelled out two ways",
            "One acronym is spelled out as two different terms, in one document or in two files. Use one expansion.",
        ),
        Code::AcronymUsedOnce => (
            "Acronym introduced but not used",
            "An acronym is introduced with its long form and never used again. Keep the long form alone.",
        ),
        Code::LongFormAfterDefinition => (
            "Long form after the acronym's definition",
            "The long form is written out again after the acronym was defined, in the same section. Write the acronym.",
        ),
    };
    json!({
        "id": code.as_str(),
        "shortDescription": { "text": short },
        "fullDescription": { "text": full },
        "defaultConfiguration": { "level": level(code.default_severity()) },
    })
}

fn result(location: &Value, index: &LineIndex<'_>, finding: &Finding) -> Value {
    let rule_index = Code::ALL
        .iter()
        .position(|&code| code == finding.code)
        .unwrap_or(0);
    let related: Vec<Value> = finding
        .related
        .iter()
        .enumerate()
        .map(|(id, related)| match &related.elsewhere {
            None => json!({
                "id": id,
                "physicalLocation": {
                    "artifactLocation": location,
                    "region": region(index, &related.range),
                },
                "message": { "text": related.message },
            }),
            // Another file's text is not at hand here for UTF-16 columns: its line is enough to
            // find the place.
            Some(other) => json!({
                "id": id,
                "physicalLocation": {
                    "artifactLocation": artifact_location(&other.path),
                    "region": { "startLine": other.start.0 },
                },
                "message": { "text": related.message },
            }),
        })
        .collect();
    let fixes: Vec<Value> = finding
        .fixes
        .iter()
        .filter_map(|fix| match &fix.action {
            FixAction::Edit { edits } => Some(json!({
                "description": { "text": fix.title },
                "artifactChanges": [{
                    "artifactLocation": location,
                    "replacements": edits.iter().map(|edit| json!({
                        "deletedRegion": region(index, &edit.range),
                        "insertedContent": { "text": edit.replacement },
                    })).collect::<Vec<_>>(),
                }],
            })),
            // Changing the project's config is not an edit of this artifact.
            FixAction::IgnoreToken { .. } => None,
        })
        .collect();
    let mut properties = Map::new();
    properties.insert("token".into(), json!(finding.token));
    properties.insert("acronym".into(), json!(finding.acronym));
    if let Some(expansion) = &finding.expansion {
        properties.insert("expansion".into(), json!(expansion));
    }
    let mut region = region(index, &finding.range);
    let start = index.clamp(finding.range.start);
    let end = index.clamp(finding.range.end).max(start);
    if let Some(region) = region.as_object_mut() {
        region.insert(
            "snippet".into(),
            json!({ "text": index.text().slice(start..end) }),
        );
    }
    let mut result = json!({
        "ruleId": finding.code.as_str(),
        "ruleIndex": rule_index,
        "level": level(finding.severity),
        "message": { "text": finding.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": location,
                "region": region,
            },
        }],
        "properties": properties,
    });
    if let Some(object) = result.as_object_mut() {
        if !related.is_empty() {
            object.insert("relatedLocations".into(), Value::Array(related));
        }
        if !fixes.is_empty() {
            object.insert("fixes".into(), Value::Array(fixes));
        }
    }
    result
}

/// A region in UTF-16 columns; `endColumn` is just past the last character.
fn region(index: &LineIndex<'_>, range: &Range<usize>) -> Value {
    let start = index.position(range.start);
    let end = index.position(range.end.max(range.start));
    json!({
        "startLine": start.line,
        "startColumn": start.utf16_column,
        "endLine": end.line,
        "endColumn": end.utf16_column,
    })
}

/// A relative path as a URI reference under `%SRCROOT%`; an absolute one as a `file://` URI.
fn artifact_location(path: &Path) -> Value {
    if path.is_absolute() {
        json!({ "uri": file_uri(path) })
    } else {
        json!({ "uri": encode_components(path), "uriBaseId": SRCROOT })
    }
}

/// `file:///…/` for a folder (the trailing slash makes relative references resolve inside it).
fn folder_uri(folder: &Path) -> String {
    let mut uri = file_uri(folder);
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

fn file_uri(path: &Path) -> String {
    let encoded = encode_components(path);
    if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        // A Windows path such as C:/docs.
        format!("file:///{encoded}")
    }
}

/// The path's components, percent-encoded, joined with `/` (also on Windows).
fn encode_components(path: &Path) -> String {
    let mut out = String::new();
    for component in path.components() {
        match component {
            Component::RootDir => out.push('/'),
            Component::Prefix(prefix) => {
                out.push_str(&prefix.as_os_str().to_string_lossy().replace('\\', "/"));
            }
            Component::CurDir => {}
            Component::ParentDir | Component::Normal(_) => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                percent_encode(&component.as_os_str().to_string_lossy(), &mut out);
            }
        }
    }
    out
}

/// RFC 3986: keep unreserved characters and a few safe sub-delimiters, encode every other byte.
fn percent_encode(segment: &str, out: &mut String) {
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::check::report::testing;
    use crate::error::FileError;

    fn log() -> Value {
        let mut report = testing::report();
        report.errors.push(FileError {
            file: PathBuf::from("docs/bad file.md"),
            position: Some((3, 7)),
            message: "not valid UTF-8".into(),
        });
        let out = render(&report, Path::new("/work/my docs"));
        serde_json::from_str(&out).expect("valid JSON")
    }

    #[test]
    fn the_run_names_the_tool_rules_and_base() {
        let log = log();
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "glossary-ls");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        let rules: Vec<_> = driver["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .map(|rule| {
                (
                    rule["id"].as_str().expect("id"),
                    rule["defaultConfiguration"]["level"]
                        .as_str()
                        .expect("level"),
                )
            })
            .collect();
        assert_eq!(
            rules,
            [
                ("acronym-not-spelled-out", "warning"),
                ("acronym-used-before-definition", "warning"),
                ("undefined-acronym", "note"),
                ("redundant-definition", "note"),
                ("non-canonical-spelling", "warning"),
                ("inconsistent-expansion", "warning"),
                ("acronym-used-once", "note"),
                ("long-form-after-definition", "note"),
            ]
        );
        assert!(driver["rules"][0]["shortDescription"]["text"].is_string());
        assert_eq!(
            run["originalUriBaseIds"],
            json!({"%SRCROOT%": {"uri": "file:///work/my%20docs/"}})
        );
        assert_eq!(run["columnKind"], "utf16CodeUnits");
    }

    #[test]
    fn results_have_utf16_columns_encoded_uris_related_locations_and_fixes() {
        let log = log();
        let results = log["runs"][0]["results"].as_array().expect("results");
        assert_eq!(results.len(), 3);
        let first = &results[0];
        assert_eq!(first["ruleId"], "acronym-used-before-definition");
        assert_eq!(first["ruleIndex"], 1);
        assert_eq!(first["level"], "warning");
        assert_eq!(
            first["message"]["text"],
            "`MoE` is used before it is defined"
        );
        let location = json!({"uri": "docs/caf%C3%A9.md", "uriBaseId": "%SRCROOT%"});
        // "é中😀 MoE": é, 中 and the space are one UTF-16 unit each, 😀 is two: MoE starts at column 6.
        assert_eq!(
            first["locations"],
            json!([{"physicalLocation": {
                "artifactLocation": location,
                "region": {"startLine": 2, "startColumn": 6, "endLine": 2, "endColumn": 9,
                           "snippet": {"text": "MoE"}},
            }}])
        );
        assert_eq!(
            first["relatedLocations"],
            json!([{
                "id": 0,
                "physicalLocation": {
                    "artifactLocation": location,
                    "region": {"startLine": 4, "startColumn": 1, "endLine": 4, "endColumn": 25},
                },
                "message": {"text": "defined here"},
            }])
        );
        assert_eq!(
            first["fixes"],
            json!([{
                "description": {"text": "Move the definition here"},
                "artifactChanges": [{
                    "artifactLocation": location,
                    "replacements": [
                        {
                            "deletedRegion": {"startLine": 2, "startColumn": 6, "endLine": 2, "endColumn": 9},
                            "insertedContent": {"text": "Mixture of Experts (MoE)"},
                        },
                        {
                            "deletedRegion": {"startLine": 4, "startColumn": 1, "endLine": 4, "endColumn": 25},
                            "insertedContent": {"text": "MoE"},
                        },
                    ],
                }],
            }]),
            "the ignore-token fix is not an artifact change"
        );
        assert_eq!(
            first["properties"],
            json!({"token": "MoE", "acronym": "MoE", "expansion": "Mixture of Experts"})
        );
        assert_eq!(results[1]["level"], "note", "information → note");
        assert!(
            results[1].get("fixes").is_none(),
            "only an ignore-token fix"
        );
        assert_eq!(results[2]["level"], "note", "hint → note");
        assert_eq!(
            results[2]["locations"][0]["physicalLocation"]["region"]["startColumn"], 50,
            "😀 counts two UTF-16 units"
        );
    }

    #[test]
    fn errors_are_notifications_and_mark_the_run_unsuccessful() {
        let log = log();
        let invocation = &log["runs"][0]["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], false);
        assert_eq!(
            invocation["toolExecutionNotifications"],
            json!([{
                "level": "error",
                "message": {"text": "not valid UTF-8"},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": "docs/bad%20file.md", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 3},
                }}],
            }])
        );
    }

    #[test]
    fn absolute_paths_become_file_uris() {
        assert_eq!(
            artifact_location(Path::new("/srv/docs/a b.md")),
            json!({"uri": "file:///srv/docs/a%20b.md"})
        );
        assert_eq!(
            artifact_location(Path::new("../other/ü.md")),
            json!({"uri": "../other/%C3%BC.md", "uriBaseId": "%SRCROOT%"})
        );
    }

    /// The OASIS schema, vendored verbatim (see tests/fixtures/README.md).
    fn schema_errors(log: &Value) -> Vec<String> {
        let mut schema: Value = serde_json::from_str(include_str!(
            "../../../tests/fixtures/sarif-schema-2.1.0.json"
        ))
        .expect("schema is JSON");
        // The schema's patterns for `language` have a stray `]`, a literal in ECMA-262 (Annex B)
        // that the validator's regex syntax refuses; escaping it keeps the meaning. No output of
        // ours has a `language`.
        let fixed = escape_stray_bracket(&mut schema);
        assert_eq!(fixed, 2, "the two `language` patterns");
        let validator = jsonschema::validator_for(&schema).expect("schema compiles");
        validator
            .iter_errors(log)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect()
    }

    fn escape_stray_bracket(value: &mut Value) -> usize {
        const STRAY: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
        match value {
            Value::Object(map) => map
                .iter_mut()
                .map(|(key, value)| {
                    if key == "pattern" && value == STRAY {
                        *value = json!(STRAY.replace("]?", "\\]?"));
                        1
                    } else {
                        escape_stray_bracket(value)
                    }
                })
                .sum(),
            Value::Array(items) => items.iter_mut().map(escape_stray_bracket).sum(),
            _ => 0,
        }
    }

    #[test]
    fn the_log_validates_against_the_sarif_2_1_0_schema() {
        let log = log();
        assert_eq!(schema_errors(&log), Vec::<String>::new());
        let empty = render(&Report::default(), Path::new("/"));
        let empty: Value = serde_json::from_str(&empty).expect("valid JSON");
        assert_eq!(schema_errors(&empty), Vec::<String>::new());
        // The validator does check: a level SARIF does not have is refused.
        let mut wrong = log;
        wrong["runs"][0]["results"][1]["level"] = json!("information");
        assert_eq!(schema_errors(&wrong).len(), 1);
    }
}
