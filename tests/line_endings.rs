//! `check` and the server agree about lines whatever ends them: LF, CRLF or a bare CR, each a line
//! break as LSP counts them. Both front ends run as the real binary (the server over a pipe), on the
//! same document, and must give the same lines, columns and messages.

mod common;

use std::process::Command;

use common::{capabilities, file_uri, project, range, LspClient};
use serde_json::{json, Value};

/// `DPO` is used on line 2 and defined on line 3, whatever the line ending.
fn notes(ending: &str) -> String {
    [
        "# Notes",
        "We tried DPO first.",
        "Later, Direct Preference Optimization (DPO) won.",
        "",
    ]
    .join(ending)
}

const ENDINGS: [(&str, &str); 3] = [("LF", "\n"), ("CRLF", "\r\n"), ("bare CR", "\r")];

/// `check --format json`'s findings for `notes.md` in `dir`.
fn check_findings(dir: &std::path::Path) -> Vec<Value> {
    let output = Command::new(env!("CARGO_BIN_EXE_glossary-ls"))
        .args(["check", "--format", "json", "notes.md"])
        .current_dir(dir)
        .output()
        .expect("the binary runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    report["findings"].as_array().cloned().unwrap_or_default()
}

/// A JSON report range (1-based lines, columns in characters) as an LSP range (0-based; the text is
/// ASCII, so characters are UTF-16 units).
fn lsp_range(json_range: &Value) -> Value {
    let at = |p: &Value| {
        (
            p["line"].as_u64().expect("line") - 1,
            p["column"].as_u64().expect("column") - 1,
        )
    };
    range(at(&json_range["start"]), at(&json_range["end"]))
}

#[test]
fn check_and_the_server_agree_on_lines_with_every_line_ending() {
    for (name, ending) in ENDINGS {
        let text = notes(ending);
        let dir = project();
        let path = dir.path().join("notes.md");
        std::fs::write(&path, &text).expect("write");

        let findings = check_findings(dir.path());
        let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
        let uri = file_uri(&path);
        client.open(&uri, "markdown", 1, &text);
        let diagnostics = client.diagnostics(&uri, 1);

        // What both must say: the use on line 2 (0-based 1), the definition on line 3.
        let expected_message = "`DPO` is used before its definition on line 3";
        let from_check: Vec<Value> = findings
            .iter()
            .map(|f| json!({ "message": f["message"], "range": lsp_range(&f["range"]) }))
            .collect();
        let from_server: Vec<Value> = diagnostics
            .iter()
            .map(|d| json!({ "message": d["message"], "range": d["range"] }))
            .collect();
        assert_eq!(
            from_check,
            [json!({ "message": expected_message, "range": range((1, 9), (1, 12)) })],
            "check, {name}"
        );
        assert_eq!(from_check, from_server, "check and the server, {name}");
        let related_check = lsp_range(&findings[0]["related"][0]["range"]);
        let related_server = &diagnostics[0]["relatedInformation"][0]["location"]["range"];
        assert_eq!(&related_check, related_server, "related place, {name}");
        assert_eq!(related_check, range((2, 39), (2, 42)), "{name}");

        // The hover on the use names the same line as the message.
        let hover = client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 10 } }),
        );
        let hover_text = hover["contents"]["value"].as_str().unwrap_or_default();
        assert!(
            hover_text.contains("Defined in this document on line 3 as"),
            "hover, {name}: {hover_text}"
        );
        client.shutdown_and_exit();
    }
}

#[test]
fn the_human_report_shows_lines_that_end_in_a_bare_cr_as_lines() {
    let dir = project();
    std::fs::write(dir.path().join("notes.md"), notes("\r")).expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_glossary-ls"))
        .args(["check", "notes.md"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let report = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(report.contains(" --> notes.md:2:10\n"), "{report}");
    assert!(report.contains("2 | We tried DPO first.\n"), "{report}");
    assert!(
        report.contains("3 | Later, Direct Preference Optimization (DPO) won.\n"),
        "{report}"
    );
}
