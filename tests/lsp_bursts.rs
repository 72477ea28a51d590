//! When the server analyses a document during and after bursts of changes, over a real pipe to the
//! binary: a burst the server reads at once is analysed once, for its final text; a keystroke on its
//! own is analysed as soon as it is applied, without waiting for a pause.

mod common;

use common::*;
use serde_json::{json, Value};

/// The versions of `uri` the server started analysing because its input drained, in order (its
/// debug log). A start because the changes paused for `QUIET` is left out: on a loaded machine the
/// server may be descheduled in the middle of a burst for longer than that.
fn versions_analysed_once_drained(client: &LspClient, uri: &str, last: i64) -> Vec<i64> {
    let needle = format!("analysing {uri} version ");
    client
        .stderr_once_it_holds(&format!("{needle}{last},"))
        .lines()
        .filter(|line| line.ends_with("(the input drained)"))
        .filter_map(|line| {
            let (_, after) = line.split_once(&needle)?;
            after.split(',').next()?.parse().ok()
        })
        .collect()
}

fn insertion(uri: &str, version: i64, line: u64, character: u64, text: &str) -> Value {
    json!({
        "jsonrpc": "2.0",
        "method": "textDocument/didChange",
        "params": {
            "textDocument": { "uri": uri, "version": version },
            "contentChanges": [{ "range": range((line, character), (line, character)), "text": text }],
        },
    })
}

#[test]
fn a_burst_read_at_once_is_analysed_once_for_its_final_text() {
    // Fifteen changes in one write (under PIPE_BUF, so the server reads them together, as it reads a
    // burst it falls behind on): it analyses the text after the last one once its input drains,
    // however quickly the document analyses, and publishes its diagnostics.
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&dir.path().join("notes.md"));
    client.open(&uri, "markdown", 1, "We tuned it with PPO.\n\nMore text.\n");
    assert_eq!(client.diagnostics(&uri, 1).len(), 1);
    let typed = " the KV cache";
    let burst: Vec<u8> = typed
        .chars()
        .enumerate()
        .flat_map(|(i, c)| {
            let change = insertion(&uri, i as i64 + 2, 2, 9 + i as u64, &c.to_string());
            framed(&serde_json::to_vec(&change).expect("json"))
        })
        .collect();
    assert!(
        burst.len() <= 4096,
        "{} bytes: not one atomic write",
        burst.len()
    );
    client.send_raw(&burst);
    let last = typed.chars().count() as i64 + 1;
    let diagnostics = client.diagnostics(&uri, last);
    // The final text's findings: PPO not spelled out, and the KV cache now written on line 3.
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    assert_eq!(
        diagnostics[1]["range"]["start"]["line"], 2,
        "{diagnostics:#?}"
    );
    // The input drains only once all fifteen are applied: no analysis of a revision in between
    // starts for that reason.
    assert_eq!(
        versions_analysed_once_drained(&client, &uri, last),
        vec![1, last],
        "{}",
        client.stderr()
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_keystroke_is_analysed_as_soon_as_it_is_applied() {
    // Typing: each change arrives on its own and finds the input drained once it is applied. Its
    // analysis starts then, not after a pause in the changes (which would cost 1–2 ms on every
    // keystroke); each keystroke's diagnostics are published.
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&dir.path().join("typed.md"));
    client.open(&uri, "markdown", 1, "Text.\n");
    client.diagnostics(&uri, 1);
    for (i, c) in " PPO".chars().enumerate() {
        let version = i as i64 + 2;
        client.send(&insertion(&uri, version, 0, 5 + i as u64, &c.to_string()));
        let diagnostics = client.diagnostics(&uri, version);
        if c == 'O' {
            assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
            let message = diagnostics[0]["message"].as_str().unwrap_or_default();
            assert!(message.starts_with("`PPO` is not spelled out"), "{message}");
        }
    }
    let starts: Vec<String> = client
        .stderr_once_it_holds(&format!("analysing {uri} version 5,"))
        .lines()
        .filter(|line| line.contains(&format!("analysing {uri} version ")))
        .map(str::to_string)
        .collect();
    assert_eq!(starts.len(), 5, "{}", client.stderr());
    // The keystrokes' analyses, versions 2 to 5. The open's is left out: it is no keystroke, and on
    // a loaded machine the server may be descheduled between applying it and reading on, so that
    // the `QUIET` fallback starts it first (seen once, after a 200 ms stall, in a parallel run).
    for line in starts.iter().filter(|line| !line.contains(" version 1,")) {
        assert!(line.ends_with("(the input drained)"), "{line}");
    }
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn hovers_sent_while_a_document_is_analysed_neither_starve_its_diagnostics_nor_wait_for_them() {
    // The analysis gives way to requests being answered (for a bounded time): a client that keeps
    // hovering while a long document is analysed gets every answer, from the analysis before the
    // change, and the diagnostics of the change still arrive.
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&dir.path().join("long.md"));
    let paragraph =
        "We tuned the policy with PPO and a reward model, then measured the KV cache.\n\n";
    let text = paragraph.repeat(3000);
    client.open(&uri, "markdown", 1, &text);
    let before = client.diagnostics(&uri, 1).len();
    assert!(before > 0);
    // An edit far from the hovered line, then hovers on line 0 while the new text is analysed.
    client.send(&insertion(&uri, 2, 4000, 0, "More text. "));
    let hover =
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 26 } });
    for _ in 0..20 {
        let answer = client.request("textDocument/hover", hover.clone());
        let shown = answer["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(
            shown.contains("PPO") || shown.contains("Proximal"),
            "{answer}"
        );
    }
    assert_eq!(client.diagnostics(&uri, 2).len(), before);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_short_document_is_analysed_by_the_protocol_thread_and_answers_requests_during_bursts() {
    // A short document that analysed quickly is analysed, once the input drains, by the thread that
    // reads the client's messages. During bursts of keystrokes written one message at a time, with
    // a hover after every fifth, every hover is answered, and the diagnostics that arrive last are
    // those of the final text, the same as a fresh open of that text gets.
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&dir.path().join("short.md"));
    let paragraph = "We tuned the policy with PPO and a reward model.\n\n";
    let text = paragraph.repeat(8);
    client.open(&uri, "markdown", 1, &text);
    client.diagnostics(&uri, 1);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut version = 1;
    let mut type_at = |client: &mut LspClient, line: usize, column: usize, c: char| {
        version += 1;
        client.send(&insertion(
            &uri,
            version,
            line as u64,
            column as u64,
            &c.to_string(),
        ));
        lines[line].insert(column, c);
        version
    };
    // Keystrokes one at a time: the first analyses (of the open, the first keystrokes) run on the
    // analysis thread and tell the server the document is quick to analyse; then the protocol
    // thread analyses it.
    // On a loaded machine (a debug build, its sibling tests running) the first analyses may take
    // longer than the protocol thread's budget: the keystrokes go on, up to a bound, until one
    // analysis is quick enough and the next is the protocol thread's.
    let inline = "the protocol thread analyses";
    for (i, c) in "Also ".repeat(8).chars().enumerate() {
        let typed = type_at(&mut client, 14, i, c);
        client.diagnostics(&uri, typed);
        if i >= 4 && client.stderr().contains(inline) {
            break;
        }
    }
    let log = client.stderr_once_it_holds(inline);
    assert!(log.contains(inline), "{log}");
    for round in 0..3 {
        let line = 4 * round;
        for (i, c) in " the KV cache".chars().enumerate() {
            type_at(&mut client, line, 48 + i, c);
            if i % 5 == 4 {
                let hover = json!({
                    "textDocument": { "uri": uri },
                    "position": { "line": line + 2, "character": 26 },
                });
                let answer = client.request("textDocument/hover", hover);
                let shown = answer["contents"]["value"].as_str().unwrap_or_default();
                assert!(
                    shown.contains("PPO") || shown.contains("Proximal"),
                    "{answer}"
                );
            }
        }
    }
    let diagnostics = client.diagnostics(&uri, version);
    let edited = lines.join("\n") + "\n";
    let fresh = file_uri(&dir.path().join("fresh.md"));
    client.open(&fresh, "markdown", 1, &edited);
    let expected = client.diagnostics(&fresh, 1);
    let shown = |list: &[Value]| -> Vec<(Value, Value)> {
        list.iter()
            .map(|d| (d["range"].clone(), d["message"].clone()))
            .collect()
    };
    assert_eq!(shown(&diagnostics), shown(&expected));
    assert!(
        diagnostics
            .iter()
            .any(|d| d["message"].as_str().unwrap_or_default().contains("`KV`")),
        "{diagnostics:#?}"
    );
    assert!(client.shutdown_and_exit().success());
}
