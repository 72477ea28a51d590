//! The server's output read byte for byte while the server writes answers and large diagnostics at
//! once, to a client that reads slowly (so that the server's writes are partial): every byte belongs
//! to a well-formed frame, every request is answered once, and the diagnostics arrive whole.

mod common;

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

/// Splits whole frames off the front of `stream`, strictly: exactly the header the server writes,
/// then a JSON-RPC 2.0 object. Leaves a partial frame in `stream`.
fn take_frames(stream: &mut Vec<u8>) -> Vec<Value> {
    let mut messages = Vec::new();
    loop {
        let Some(at) = stream.windows(4).position(|w| w == b"\r\n\r\n") else {
            assert!(
                stream.len() < 64
                    && b"Content-Length: ".starts_with(&stream[..stream.len().min(16)]),
                "not a header: {:?}",
                String::from_utf8_lossy(&stream[..stream.len().min(80)])
            );
            return messages;
        };
        let header = std::str::from_utf8(&stream[..at]).expect("an ASCII header");
        let length: usize = header
            .strip_prefix("Content-Length: ")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("not a header: {header:?}"));
        if stream.len() < at + 4 + length {
            return messages;
        }
        let body = &stream[at + 4..at + 4 + length];
        let message: Value = serde_json::from_slice(body).unwrap_or_else(|error| {
            panic!(
                "a frame that is not JSON ({error}): {:?}",
                String::from_utf8_lossy(&body[..body.len().min(200)])
            )
        });
        assert_eq!(message["jsonrpc"], "2.0", "{message}");
        messages.push(message);
        stream.drain(..at + 4 + length);
    }
}

#[test]
fn diagnostics_published_during_a_burst_of_requests_are_whole_frames() {
    let dir = project();
    // 400 findings (a non-canonical spelling in each paragraph): a notification of ~150 KB, more
    // than a pipe holds.
    let text: String = (0..400)
        .map(|i| format!("Paragraph {i}: we trained the model with pytorch.\n\n"))
        .collect();
    let uri = file_uri(&dir.path().join("notes.md"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_glossary-ls"))
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start glossary-ls");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = child.stdout.take().expect("stdout");
    // A client that reads in small, varied pieces, with pauses: the server's writes come back partial
    // and its answers queue up behind the diagnostics.
    let (sender, chunks) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buffer = [0u8; 1000];
        for size in (0..).map(|i: usize| 1 + i * 337 % 997) {
            match stdout.read(&mut buffer[..size]) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if sender.send(buffer[..n].to_vec()).is_err() {
                        break;
                    }
                }
            }
            std::thread::sleep(Duration::from_micros(200));
        }
    });
    let mut send = |message: Value| {
        stdin
            .write_all(&framed(&serde_json::to_vec(&message).expect("json")))
            .expect("write to the server");
    };
    let mut stream = Vec::new();
    let mut received: Vec<Value> = Vec::new();
    let mut read_until = |received: &mut Vec<Value>, done: &dyn Fn(&[Value]) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !done(received) {
            let wait = deadline.saturating_duration_since(Instant::now());
            let chunk = chunks
                .recv_timeout(wait)
                .expect("the server's output in time");
            stream.extend(chunk);
            received.extend(take_frames(&mut stream));
        }
    };
    send(json!({
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": { "processId": null, "rootUri": file_uri(dir.path()), "capabilities": capabilities(&["utf-16"]) },
    }));
    read_until(&mut received, &|r| r.iter().any(|m| m["id"] == 1));
    send(json!({
        "jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": { "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } },
    }));
    // Edits, each followed by a hover, in one go: answers and diagnostics are written together.
    let mut burst = Vec::new();
    let hovers: Vec<i64> = (0..40).map(|i| 100 + i).collect();
    for (i, id) in hovers.iter().enumerate() {
        let paragraph = 2 * (i as u64 * 7 % 400);
        let change = change_notification(
            &uri,
            i as i64 + 2,
            json!([{ "range": range((paragraph, 0), (paragraph, 0)), "text": "x" }]),
        );
        let hover = json!({
            "jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
            "params": { "textDocument": { "uri": uri }, "position": { "line": 2, "character": 42 } },
        });
        burst.extend(framed(&serde_json::to_vec(&change).expect("json")));
        burst.extend(framed(&serde_json::to_vec(&hover).expect("json")));
        if i % 10 == 9 {
            stdin.write_all(&burst).expect("write to the server");
            burst.clear();
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    let last = hovers.len() as i64 + 1;
    let is_final = |m: &Value| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == last
    };
    read_until(&mut received, &|r| {
        r.iter().any(is_final) && hovers.iter().all(|id| r.iter().any(|m| m["id"] == *id))
    });
    for id in &hovers {
        let answers = received.iter().filter(|m| m["id"] == *id).count();
        assert_eq!(answers, 1, "hover {id}");
    }
    let published: Vec<&Value> = received
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect();
    let last_published = published.last().expect("diagnostics");
    assert!(
        is_final(last_published),
        "{}",
        last_published["params"]["version"]
    );
    assert_eq!(
        last_published["params"]["diagnostics"]
            .as_array()
            .map(Vec::len),
        Some(400)
    );
    // The versions published only rise.
    let versions: Vec<i64> = published
        .iter()
        .filter_map(|m| m["params"]["version"].as_i64())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    let _ = child.kill();
    let _ = child.wait();
}

/// A pull the client cancels while its analysis runs is answered once: with the report, or with
/// RequestCancelled as the framework answers a cancelled request; the next pull has the report.
#[test]
fn a_cancelled_pull_is_answered_once() {
    let dir = project();
    let mut caps = capabilities(&["utf-16"]);
    caps["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    caps["workspace"]["diagnostics"] = json!({ "refreshSupport": true });
    let mut client = LspClient::start(&[], dir.path());
    client.initialize(dir.path(), caps, Value::Null);
    let text: String = (0..400)
        .map(|i| format!("Paragraph {i}: we trained the model with pytorch.\n\n"))
        .collect();
    let uri = file_uri(&dir.path().join("pull.md"));
    client.open(&uri, "markdown", 1, &text);
    for version in 2..8 {
        client.change(
            &uri,
            version,
            json!([{ "range": range((0, 0), (0, 0)), "text": "x" }]),
        );
        let id = client.send_request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri } }),
        );
        client.notify("$/cancelRequest", json!({ "id": id }));
        let response = client.response(id);
        assert!(
            response["result"]["kind"] == "full" || response["error"]["code"] == -32800,
            "{response}"
        );
    }
    let report = client.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(report["items"].as_array().map(Vec::len), Some(400));
    client.drain(Duration::from_millis(100));
    assert!(
        client.stray_responses.is_empty(),
        "{:?}",
        client.stray_responses
    );
    assert!(client.shutdown_and_exit().success());
}
