//! Protocol abuse, end to end against the real binary: broken frames, bodies that are not JSON or not
//! UTF-8, lies in `Content-Length`, requests out of turn, absurd positions and edits, huge documents.
//! After each, the server must still answer a hover on a known term exactly as before (except after
//! `shutdown`, where requests are refused, and `exit`).
//!
//! Covered in `lsp_protocol.rs` and not repeated here: out-of-range positions in edits and requests
//! (clamped), `exit` without `shutdown` (exit code 1), notifications with the wrong shape.

mod common;

use std::time::Instant;

use common::{capabilities, file_uri, framed, project, range, LspClient};
use serde_json::{json, Value};

const PROBE_TEXT: &str = "Uses PPO.\n";
const PPO_HOVER: &str = "**PPO** — *Proximal Policy Optimization*";

/// A server with `probe.md` open and analysed.
struct Session {
    _dir: tempfile::TempDir,
    client: LspClient,
    probe: String,
}

impl Session {
    fn start() -> Session {
        Session::with_options(Value::Null)
    }

    fn with_options(options: Value) -> Session {
        let dir = project();
        let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), options);
        let probe = file_uri(&dir.path().join("probe.md"));
        client.open(&probe, "markdown", 1, PROBE_TEXT);
        assert_eq!(client.diagnostics(&probe, 1).len(), 1);
        Session {
            _dir: dir,
            client,
            probe,
        }
    }

    fn uri(&self, name: &str) -> String {
        file_uri(&self._dir.path().join(name))
    }

    /// The server answers a hover on "PPO" in the probe document with its glossary entry.
    fn assert_healthy(&mut self, after: &str) {
        let hover = self.client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": self.probe }, "position": { "line": 0, "character": 6 } }),
        );
        let text = hover["contents"]["value"].as_str().unwrap_or_default();
        assert!(
            text.starts_with(PPO_HOVER),
            "hover after {after}: {hover}\n{}",
            self.client.stderr()
        );
        assert_eq!(hover["range"], range((0, 5), (0, 8)), "after {after}");
    }

    /// The next error answer with a null id, and its code.
    fn null_id_error(&mut self) -> i64 {
        let response = self.client.stray_response();
        assert_eq!(response["id"], Value::Null, "{response}");
        response["error"]["code"].as_i64().expect("an error code")
    }

    fn finish(self) {
        assert!(self.client.shutdown_and_exit().success());
    }
}

fn error_code(response: &Value) -> i64 {
    response["error"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("an error response: {response}"))
}

#[test]
fn bodies_that_are_not_json_are_parse_errors() {
    let mut s = Session::start();
    let cases: [(&str, &[u8]); 6] = [
        ("malformed JSON", b"{\"jsonrpc\": \"2.0\", \"method\": "),
        ("not JSON at all", b"hello, server"),
        (
            "trailing bytes",
            b"{\"jsonrpc\":\"2.0\",\"method\":\"initialized\"} x",
        ),
        ("an empty body", b""),
        (
            "invalid UTF-8 in the body",
            b"{\"jsonrpc\":\"2.0\",\"method\":\"$/x\",\"params\":\"\xff\xfe\"}",
        ),
        ("nesting past serde's limit", &[b'['; 10_000]),
    ];
    for (what, body) in cases {
        s.client.send_raw(&framed(body));
        assert_eq!(s.null_id_error(), -32700, "{what}");
        s.assert_healthy(what);
    }
    s.finish();
}

#[test]
fn json_that_is_not_a_message_is_an_invalid_request() {
    let mut s = Session::start();
    for (what, body, id) in [
        ("an array", json!([1, 2, 3]), Value::Null),
        // serde reads a struct from an array of its fields; the framework alone would exit here
        // (found by reviewing the server_messages fuzz target).
        ("exit as an array", json!(["2.0", "exit"]), Value::Null),
        (
            "a request as an array",
            json!(["2.0", "textDocument/hover", {}, 9]),
            Value::Null,
        ),
        ("a number", json!(42), Value::Null),
        (
            "a method that is not a string",
            json!({ "jsonrpc": "2.0", "id": 5, "method": 7 }),
            json!(5),
        ),
        (
            "JSON-RPC 1.0",
            json!({ "jsonrpc": "1.0", "id": "a", "method": "textDocument/hover" }),
            json!("a"),
        ),
    ] {
        s.client.send_raw(&framed(body.to_string().as_bytes()));
        let response = s.client.stray_response();
        assert_eq!(error_code(&response), -32600, "{what}: {response}");
        assert_eq!(response["id"], id, "{what}");
        s.assert_healthy(what);
    }
    s.finish();
}

#[test]
fn wrong_or_missing_content_length() {
    let mut s = Session::start();
    let note = br#"{"jsonrpc":"2.0","method":"$/unknownNotification","params":{}}"#;
    let with_header = |header: &str| {
        let mut out = header.as_bytes().to_vec();
        out.extend_from_slice(note);
        out
    };
    let cases = [
        ("non-numeric", with_header("Content-Length: twelve\r\n\r\n")),
        ("negative", with_header("Content-Length: -5\r\n\r\n")),
        (
            "missing",
            with_header("Content-Type: application/json\r\n\r\n"),
        ),
        (
            "over the size limit",
            with_header("Content-Length: 99999999999999\r\n\r\n"),
        ),
        (
            "too small",
            with_header(&format!("Content-Length: {}\r\n\r\n", note.len() - 7)),
        ),
        ("no header at all", note.to_vec()),
        (
            "bare newlines",
            with_header(&format!("Content-Length: {}\n\n", note.len())),
        ),
    ];
    for (what, bytes) in cases {
        s.client.send_raw(&bytes);
        // Some of these are only known to be bad once the next frame (the hover's) arrives.
        s.assert_healthy(what);
        assert_eq!(s.null_id_error(), -32700, "{what}");
    }
    // Too large: the body runs into the next frame (the hover), which is recovered. The error and the
    // hover's answer may come in either order.
    s.client.send_raw(&with_header(&format!(
        "Content-Length: {}\r\n\r\n",
        note.len() + 10
    )));
    s.assert_healthy("a Content-Length that is too large");
    assert_eq!(s.null_id_error(), -32700, "too large");
    // Garbage between frames, and frames split at odd places.
    s.client.send_raw(b"\x00\x01garbage\r\n\r\n");
    assert_eq!(s.null_id_error(), -32700, "garbage");
    s.assert_healthy("garbage");
    let hover = json!({ "jsonrpc": "2.0", "id": 9999, "method": "textDocument/hover",
        "params": { "textDocument": { "uri": s.probe }, "position": { "line": 0, "character": 6 } } });
    let bytes = framed(hover.to_string().as_bytes());
    for piece in bytes.chunks(7) {
        s.client.send_raw(piece);
    }
    let response = s.client.response(9999);
    assert_eq!(response["result"]["range"], range((0, 5), (0, 8)));
    s.finish();
}

#[test]
fn requests_before_initialize_are_refused() {
    let dir = project();
    let mut client = LspClient::start(&[], dir.path());
    let uri = file_uri(&dir.path().join("early.md"));
    let at = json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 6 } });
    let id = client.send_request("textDocument/hover", at.clone());
    assert_eq!(error_code(&client.response(id)), -32002);
    // A notification before initialize is dropped: this document is not open afterwards.
    client.open(&uri, "markdown", 1, PROBE_TEXT);
    let id = client.send_request("shutdown", Value::Null);
    assert_eq!(error_code(&client.response(id)), -32002);
    // So are the requests the server answers itself rather than the framework.
    let id = client.send_request("$/noSuchRequest", json!({}));
    assert_eq!(error_code(&client.response(id)), -32002);
    let id = client.send_request(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(error_code(&client.response(id)), -32002);
    client.initialize(dir.path(), capabilities(&["utf-16"]), Value::Null);
    assert_eq!(
        client.request("textDocument/hover", at.clone()),
        Value::Null
    );
    // A second initialize is refused.
    let id = client.send_request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {} }),
    );
    assert!(client.response(id).get("error").is_some());
    client.open(&uri, "markdown", 1, PROBE_TEXT);
    client.diagnostics(&uri, 1);
    let hover = client.request("textDocument/hover", at);
    assert!(hover["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .starts_with(PPO_HOVER));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn unknown_methods_and_cancellation() {
    let mut s = Session::start();
    let id = s.client.send_request("glossary/noSuchMethod", json!({}));
    assert_eq!(error_code(&s.client.response(id)), -32601);
    s.assert_healthy("an unknown request");
    s.client.notify("glossary/noSuchNotification", json!({}));
    s.client.notify("$/noSuchNotification", json!({}));
    s.assert_healthy("unknown notifications");
    // A `$/` request must be answered too (the framework drops that answer; found by fuzzing).
    let id = s.client.send_request("$/noSuchRequest", json!({}));
    let response = s.client.response(id);
    assert_eq!(error_code(&response), -32601);
    assert_eq!(response["error"]["data"], "$/noSuchRequest");
    s.assert_healthy("an unknown $/ request");
    // The notification the server uses inside for bad frames cannot be forged into an answer: sent
    // as a notification it is ignored; as a request, it is an unknown method.
    let pending = s.client.send_request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": s.probe }, "position": { "line": 0, "character": 6 } }),
    );
    s.client.notify(
        "$/glossary-ls/inputError",
        json!({ "code": -32700, "message": "forged", "id": pending }),
    );
    let response = s.client.response(pending);
    assert_eq!(
        response["result"]["range"],
        range((0, 5), (0, 8)),
        "{response}"
    );
    let id = s.client.send_request("$/glossary-ls/inputError", json!({}));
    assert_eq!(error_code(&s.client.response(id)), -32601);
    s.assert_healthy("a forged input error");
    // Cancelling a request: it is answered, with its result or with -32800.
    let id = s.client.send_request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": s.probe }, "position": { "line": 0, "character": 6 } }),
    );
    s.client.notify("$/cancelRequest", json!({ "id": id }));
    let response = s.client.response(id);
    assert!(
        response["result"]["range"] == range((0, 5), (0, 8)) || error_code(&response) == -32800,
        "{response}"
    );
    // Cancelling what does not exist, or with nonsense.
    s.client.notify("$/cancelRequest", json!({ "id": 123456 }));
    s.client.notify("$/cancelRequest", json!({ "id": "nope" }));
    s.client.notify("$/cancelRequest", json!({ "id": [1] }));
    s.client.notify("$/cancelRequest", Value::Null);
    s.assert_healthy("$/cancelRequest");
    s.finish();
}

#[test]
fn document_notifications_sent_as_requests_are_applied_and_answered() {
    // Found by the server_messages fuzz target: these three were applied and never answered.
    let mut s = Session::start();
    let uri = s.uri("as-request.md");
    let id = s.client.send_request(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": "Uses DPO.\n" } }),
    );
    assert_eq!(error_code(&s.client.response(id)), -32600);
    assert_eq!(s.client.diagnostics(&uri, 1).len(), 1);
    let id = s.client.send_request(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": "Fine.\n" }] }),
    );
    assert_eq!(error_code(&s.client.response(id)), -32600);
    assert_eq!(s.client.diagnostics(&uri, 2).len(), 0);
    // A null id makes a request too, however small the change (the transport applies a
    // keystroke's notification itself, and must leave this one to be answered).
    s.client.send(&json!({
        "jsonrpc": "2.0",
        "id": null,
        "method": "textDocument/didChange",
        "params": { "textDocument": { "uri": uri, "version": 3 }, "contentChanges": [{ "text": "Uses PPO.\n" }] },
    }));
    let answer = s.client.stray_response();
    assert_eq!((error_code(&answer), &answer["id"]), (-32600, &Value::Null));
    assert_eq!(s.client.diagnostics(&uri, 3).len(), 1);
    let id = s.client.send_request(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(error_code(&s.client.response(id)), -32600);
    s.assert_healthy("document notifications sent as requests");
    s.finish();
}

#[test]
fn negative_huge_positions_and_edits_past_the_end() {
    let mut s = Session::start();
    let uri = s.uri("edits.md");
    s.client
        .open(&uri, "markdown", 1, "# Edits\nThe critic of PPO.\n");
    s.client.diagnostics(&uri, 1);
    // Negative positions are not LSP positions: invalid params, and the notification is dropped.
    let id = s.client.send_request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": -1, "character": -3 } }),
    );
    assert_eq!(error_code(&s.client.response(id)), -32602);
    s.client.change(
        &uri,
        2,
        json!([{ "range": range((0, 0), (0, 0)), "text": "kept" }]),
    );
    s.client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [
            { "range": { "start": { "line": -1, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "x" }
        ] }),
    );
    s.assert_healthy("negative positions");
    // The largest positions there are: requests answer, edits clamp to the end.
    let max = u64::from(u32::MAX);
    let hover = s.client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": max, "character": max } }),
    );
    assert_eq!(hover, Value::Null);
    s.client.change(
        &uri,
        3,
        json!([{ "range": range((max, max), (max, max)), "text": "Then DPO.\n" }]),
    );
    let diagnostics = s.client.diagnostics(&uri, 3);
    let ranges: Vec<&Value> = diagnostics.iter().map(|d| &d["range"]).collect();
    // "kept" went in at version 2 (at the start of line 0); DPO lands at the end.
    assert_eq!(
        ranges,
        [&range((1, 14), (1, 17)), &range((2, 5), (2, 8))],
        "{diagnostics:#?}"
    );
    // Positions past u32 are invalid params.
    let id = s.client.send_request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": max + 1, "character": 0 } }),
    );
    assert_eq!(error_code(&s.client.response(id)), -32602);
    s.assert_healthy("huge positions");
    s.finish();
}

#[test]
fn versions_going_backwards_are_applied_as_sent() {
    let mut s = Session::start();
    let uri = s.uri("versions.md");
    s.client.open(&uri, "markdown", 5, "Uses PPO.\n");
    s.client.diagnostics(&uri, 5);
    // The text is the client's: a change with an older version still applies, and diagnostics carry
    // the version the client sent.
    s.client
        .change(&uri, 3, json!([{ "text": "Uses DPO and PPO.\n" }]));
    let diagnostics = s.client.diagnostics(&uri, 3);
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    s.client.change(&uri, 3, json!([{ "text": "Fine.\n" }]));
    assert_eq!(s.client.diagnostics(&uri, 3).len(), 0);
    s.client
        .change(&uri, -7, json!([{ "text": "Uses DPO.\n" }]));
    assert_eq!(s.client.diagnostics(&uri, -7).len(), 1);
    s.assert_healthy("versions going backwards");
    s.finish();
}

#[test]
fn invalid_utf8_and_lone_surrogates_in_a_document() {
    let mut s = Session::start();
    let uri = s.uri("bad.md");
    let open = |text: &[u8]| {
        let mut body = format!(
            r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{uri}","languageId":"markdown","version":1,"text":""#
        )
        .into_bytes();
        body.extend_from_slice(text);
        body.extend_from_slice(br#""}}}"#);
        framed(&body)
    };
    s.client.send_raw(&open(b"Uses PPO \xff\xfe here"));
    assert_eq!(s.null_id_error(), -32700, "invalid UTF-8");
    s.assert_healthy("invalid UTF-8 in a document");
    s.client.send_raw(&open(br"Uses PPO \ud800 here"));
    assert_eq!(s.null_id_error(), -32700, "a lone surrogate");
    s.assert_healthy("a lone surrogate in a document");
    // The document was never opened.
    let hover = s.client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 6 } }),
    );
    assert_eq!(hover, Value::Null);
    s.finish();
}

/// The information diagnostic of a document over the default 10 MB limit.
fn assert_too_large(diagnostics: &[Value], size: usize) {
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["severity"], 3);
    assert_eq!(diagnostics[0]["code"], "file-too-large");
    let message = diagnostics[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with(&format!("This document is {size} bytes, over the")),
        "{message}"
    );
}

#[test]
fn a_20_mb_document() {
    let mut s = Session::start();
    let uri = s.uri("huge.md");
    let line = "A line about PPO and other acronyms, long enough to add up quickly.\n";
    let text = line.repeat(20_000_000 / line.len() + 1);
    let started = Instant::now();
    s.client.open(&uri, "markdown", 1, &text);
    assert_too_large(&s.client.diagnostics(&uri, 1), text.len());
    s.assert_healthy("a 20 MB document");
    // An edit at its end is applied (and it stays too large).
    let lines = (text.len() / line.len()) as u64;
    s.client.change(
        &uri,
        2,
        json!([{ "range": range((lines, 0), (lines, 0)), "text": "More.\n" }]),
    );
    assert_too_large(&s.client.diagnostics(&uri, 2), text.len() + 6);
    // Cut to a small text, it is reviewed.
    s.client.change(&uri, 3, json!([{ "text": "Uses DPO.\n" }]));
    assert_eq!(s.client.diagnostics(&uri, 3).len(), 1);
    s.assert_healthy("shrinking the 20 MB document");
    eprintln!("20 MB document: {:?}", started.elapsed());
    s.finish();
}

#[test]
fn one_million_lines() {
    let mut s = Session::start();
    let uri = s.uri("lines.md");
    // 12 bytes a line: 12 MB, over the limit.
    let text = "Line of PPO\n".repeat(1_000_000);
    let started = Instant::now();
    s.client.open(&uri, "markdown", 1, &text);
    assert_too_large(&s.client.diagnostics(&uri, 1), text.len());
    s.assert_healthy("one million long lines");
    // A million short lines (3 MB) are reviewed: PPO on the last line is found, by the diagnostic and
    // by a hover.
    let uri = s.uri("short-lines.md");
    let mut text = "ab\n".repeat(999_999);
    text.push_str("Line of PPO\n");
    s.client.open(&uri, "markdown", 1, &text);
    let diagnostics = s.client.diagnostics(&uri, 1);
    assert_eq!(
        diagnostics[0]["range"],
        range((999_999, 8), (999_999, 11)),
        "{diagnostics:#?}"
    );
    let hover = s.client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 999_999, "character": 9 } }),
    );
    assert_eq!(hover["range"], range((999_999, 8), (999_999, 11)));
    // Deleting the first half of the lines moves it up.
    s.client.change(
        &uri,
        2,
        json!([{ "range": range((0, 0), (500_000, 0)), "text": "" }]),
    );
    assert_eq!(
        s.client.diagnostics(&uri, 2)[0]["range"],
        range((499_999, 8), (499_999, 11))
    );
    s.assert_healthy("one million short lines");
    eprintln!("one million lines: {:?}", started.elapsed());
    s.finish();
}

#[test]
fn a_single_1_mb_line() {
    let mut s = Session::start();
    let uri = s.uri("line.md");
    let unit = "word ";
    let mut text = unit.repeat(1_000_000 / unit.len());
    let column = text.len() as u64;
    text.push_str("PPO end.");
    let started = Instant::now();
    s.client.open(&uri, "markdown", 1, &text);
    let diagnostics = s.client.diagnostics(&uri, 1);
    assert_eq!(
        diagnostics[0]["range"],
        range((0, column), (0, column + 3)),
        "{diagnostics:#?}"
    );
    let hover = s.client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": column + 1 } }),
    );
    assert!(hover["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .starts_with(PPO_HOVER));
    // An edit in the middle of the line shifts it.
    s.client.change(
        &uri,
        2,
        json!([{ "range": range((0, 10), (0, 10)), "text": "ab" }]),
    );
    assert_eq!(
        s.client.diagnostics(&uri, 2)[0]["range"],
        range((0, column + 2), (0, column + 5))
    );
    s.assert_healthy("a single 1 MB line");
    eprintln!("1 MB line: {:?}", started.elapsed());
    s.finish();
}

#[test]
fn after_shutdown_requests_are_invalid_and_exit_is_clean() {
    let mut s = Session::start();
    s.client.request("shutdown", Value::Null);
    let id = s.client.send_request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": s.probe }, "position": { "line": 0, "character": 6 } }),
    );
    assert_eq!(error_code(&s.client.response(id)), -32600);
    let id = s.client.send_request("shutdown", Value::Null);
    assert_eq!(error_code(&s.client.response(id)), -32600);
    // Broken frames still get their parse error.
    s.client.send_raw(&framed(b"{oops"));
    assert_eq!(s.null_id_error(), -32700);
    // Document notifications after shutdown are ignored; exit ends the process with 0.
    s.client
        .change(&s.probe.clone(), 2, json!([{ "text": "x" }]));
    s.client.notify("exit", Value::Null);
    assert_eq!(s.client.wait_exit().code(), Some(0));
}

#[test]
fn exit_without_shutdown_after_abuse_is_code_1() {
    let mut s = Session::start();
    s.client.send_raw(b"Content-Length: nope\r\n\r\n{}");
    assert_eq!(s.null_id_error(), -32700);
    s.assert_healthy("a bad header");
    s.client.notify("exit", Value::Null);
    assert_eq!(s.client.wait_exit().code(), Some(1));
}
