//! The server compares the workspace's files for acronyms spelled out as different terms, as `check`
//! does over the folder: through the real binary over stdio, with the files on disk indexed in the
//! background, files changed on disk, and an open document's unsaved edits.

mod common;

use std::path::Path;
use std::process::Command;

use common::{apply_edits, capabilities, file_uri, project, range, Enc, LspClient};
use serde_json::{json, Value};

/// The `inconsistent-expansion` diagnostics of the next publication of `uri` that `accept` takes.
fn expansion_diagnostics(
    client: &mut LspClient,
    uri: &str,
    accept: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let inconsistent = |params: &Value| -> Vec<Value> {
        params["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["code"] == "inconsistent-expansion")
            .cloned()
            .collect()
    };
    let params = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && accept(&inconsistent(p))
    });
    inconsistent(&params)
}

/// Lets the server finish what it is doing and forgets the publications so far: what comes next
/// answers the next step.
fn settle(client: &mut LspClient) {
    client.drain(std::time::Duration::from_millis(300));
    client
        .notifications
        .retain(|n| n["method"] != "textDocument/publishDiagnostics");
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write");
}

#[test]
fn an_acronym_spelled_out_otherwise_in_an_earlier_file_is_reported_at_the_later_one() {
    let dir = project();
    write(dir.path(), "a.md", "We shard with data parallelism (DP).\n");
    // Ignored files are not read: this one would come first.
    write(dir.path(), ".ignore", "0-draft.md\n");
    write(dir.path(), "0-draft.md", "Dynamic programming (DP) here.\n");
    write(dir.path(), "c.md", "More Data-Parallelism (DP) here.\n");
    // An emoji before the long form: UTF-16 columns differ from characters and bytes.
    let b_text = "😀 Noise gives differential privacy (DP).\n";
    write(dir.path(), "b.md", b_text);
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let (a, b, c) = (
        file_uri(&dir.path().join("a.md")),
        file_uri(&dir.path().join("b.md")),
        file_uri(&dir.path().join("c.md")),
    );
    client.open(&b, "markdown", 1, b_text);
    let expected = json!({
        "range": range((0, 15), (0, 35)),
        "severity": 2,
        "code": "inconsistent-expansion",
        "source": "glossary-ls",
        "message": "`DP` is spelled out as “differential privacy” here but as “data parallelism” in a.md",
        "relatedInformation": [{
            "location": { "uri": a, "range": range((0, 14), (0, 30)) },
            "message": "`DP` is spelled out as “data parallelism” here",
        }],
    });
    // Once the workspace is indexed, b.md gets the finding, at its long form.
    let found = expansion_diagnostics(&mut client, &b, |d| !d.is_empty());
    assert_eq!(found, std::slice::from_ref(&expected));

    // `check` over the folder agrees: the same finding, at the same file, against the same one.
    let output = Command::new(env!("CARGO_BIN_EXE_glossary-ls"))
        .args(["check", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .expect("check runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let from_check: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "inconsistent-expansion")
        .collect();
    assert_eq!(from_check.len(), 1, "{from_check:#?}");
    assert_eq!(from_check[0]["file"], "b.md");
    assert_eq!(from_check[0]["message"], expected["message"]);
    assert_eq!(from_check[0]["related"][0]["file"], "a.md");

    // The first file, and a later one that agrees with it, have no such finding.
    client.open(&c, "markdown", 1, "More Data-Parallelism (DP) here.\n");
    assert_eq!(
        expansion_diagnostics(&mut client, &c, |_| true),
        Vec::<Value>::new()
    );

    // a.md changes on disk to say what b.md says: b.md's finding goes.
    settle(&mut client);
    write(dir.path(), "a.md", "We add differential privacy (DP).\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": a, "type": 2 }] }),
    );
    assert_eq!(
        expansion_diagnostics(&mut client, &b, |d| d.is_empty()),
        Vec::<Value>::new()
    );
    // …and c.md, which now disagrees with the first file, gets one.
    let found = expansion_diagnostics(&mut client, &c, |d| !d.is_empty());
    assert_eq!(
        found[0]["message"],
        "`DP` is spelled out as “Data-Parallelism” here but as “differential privacy” in a.md"
    );

    // An open document's unsaved edits count: a.md opened and edited back to data parallelism.
    settle(&mut client);
    client.open(&a, "markdown", 1, "We add differential privacy (DP).\n");
    client.change(
        &a,
        2,
        json!([{ "range": range((0, 7), (0, 27)), "text": "data parallelism" }]),
    );
    let found = expansion_diagnostics(&mut client, &b, |d| !d.is_empty());
    assert_eq!(found[0]["message"], expected["message"]);
    assert_eq!(
        found[0]["relatedInformation"][0]["location"]["range"],
        range((0, 7), (0, 23))
    );
    // Closed without saving: the file on disk, which agrees with b.md, stands for it again.
    settle(&mut client);
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": a } }),
    );
    assert_eq!(
        expansion_diagnostics(&mut client, &b, |d| d.is_empty()),
        Vec::<Value>::new()
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn typing_above_a_definition_analyses_again_only_the_documents_that_point_at_it() {
    let dir = project();
    let (a_text, b_text, c_text) = (
        "We shard with data parallelism (DP).\n",
        "Noise gives differential privacy (DP).\n",
        "More data parallelism (DP) here.\n",
    );
    write(dir.path(), "a.md", a_text);
    write(dir.path(), "b.md", b_text);
    write(dir.path(), "c.md", c_text);
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let uri = |name: &str| file_uri(&dir.path().join(name));
    let (a, b, c) = (uri("a.md"), uri("b.md"), uri("c.md"));
    client.open(&a, "markdown", 1, a_text);
    client.open(&b, "markdown", 1, b_text);
    client.open(&c, "markdown", 1, c_text);
    let found = expansion_diagnostics(&mut client, &b, |d| !d.is_empty());
    assert_eq!(
        found[0]["relatedInformation"][0]["location"]["range"],
        range((0, 14), (0, 30))
    );

    // Typing at the start of a.md moves its long form on every keystroke. b.md's finding points at
    // it and follows it; c.md agrees with a.md, has nothing pointing there, and is left alone (it
    // used to be analysed again on every keystroke, holding up the analysis of a.md).
    settle(&mut client);
    for (version, typed) in ["N", "o", "t", "e", ".", " "].into_iter().enumerate() {
        let column = version as u64;
        client.change(
            &a,
            version as i64 + 2,
            json!([{ "range": range((0, column), (0, column)), "text": typed }]),
        );
    }
    let found = expansion_diagnostics(&mut client, &b, |d| {
        d.first().is_some_and(|d| {
            d["relatedInformation"][0]["location"]["range"] == range((0, 20), (0, 36))
        })
    });
    assert_eq!(found.len(), 1);
    client.drain(std::time::Duration::from_millis(500));
    let republished: Vec<&Value> = client
        .notifications
        .iter()
        .filter(|n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == c)
        .collect();
    assert!(republished.is_empty(), "{republished:#?}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn files_under_another_config_and_turned_off_findings_are_not_compared() {
    let dir = project();
    write(dir.path(), "a.md", "We shard with data parallelism (DP).\n");
    std::fs::create_dir(dir.path().join("other")).expect("mkdir");
    write(dir.path(), "other/.glossary-ls.toml", "ignore = []\n");
    let other = "Noise gives differential privacy (DP).\n";
    write(dir.path(), "other/b.md", other);
    write(
        dir.path(),
        "z.md",
        "Noise gives differential privacy (DP) again.\n",
    );
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let (b, z) = (
        file_uri(&dir.path().join("other/b.md")),
        file_uri(&dir.path().join("z.md")),
    );
    // z.md, under the same (no) config as a.md, gets the finding once the index is built…
    client.open(
        &z,
        "markdown",
        1,
        "Noise gives differential privacy (DP) again.\n",
    );
    let found = expansion_diagnostics(&mut client, &z, |d| !d.is_empty());
    assert_eq!(found.len(), 1);
    // …other/b.md, under its own config, never: its analyses come and go without one.
    client.open(&b, "markdown", 1, other);
    assert_eq!(
        expansion_diagnostics(&mut client, &b, |_| true),
        Vec::<Value>::new()
    );
    // Turned off in the config, it goes from the document that had it.
    settle(&mut client);
    write(
        dir.path(),
        ".glossary-ls.toml",
        "[severity]\ninconsistent-expansion = \"off\"\n",
    );
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&dir.path().join(".glossary-ls.toml")), "type": 1 }] }),
    );
    assert_eq!(
        expansion_diagnostics(&mut client, &z, |d| d.is_empty()),
        Vec::<Value>::new()
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn hover_shows_the_documents_meaning_without_a_glossary_entry_about_another_term() {
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&dir.path().join("a.md"));
    // The glossary knows ANN as approximate nearest neighbor; this document means something else.
    let text = "We train an Artificial Neural Network (ANN). The ANN learns.\n";
    client.open(&uri, "markdown", 1, text);
    client.diagnostics(&uri, 1);
    let at = |line: u64, character: u64| json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } });
    let ann = client.request("textDocument/hover", at(0, 50));
    assert_eq!(
        ann["contents"]["value"],
        "**ANN** — *Artificial Neural Network*\n\n\
         Defined in this document on line 1 as *Artificial Neural Network*"
    );
    // A variant of the glossary's term keeps the entry: it is about what the document means.
    let uri_b = file_uri(&dir.path().join("b.md"));
    let text_b = "Fast approximate nearest neighbour (ANN) search. The ANN index is big.\n";
    client.open(&uri_b, "markdown", 1, text_b);
    client.diagnostics(&uri_b, 1);
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri_b }, "position": { "line": 0, "character": 54 } }),
    );
    let value = hover["contents"]["value"].as_str().expect("hover text");
    assert!(
        value.starts_with(
            "**ANN** — *approximate nearest neighbour*\n\n\
             Defined in this document on line 1 as *approximate nearest neighbour*\n\n"
        ),
        "{value}"
    );
    assert!(value.len() > 150, "the glossary's entry follows: {value}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn the_quick_fix_spells_an_acronym_out_in_the_words_another_file_uses() {
    let dir = project();
    write(
        dir.path(),
        "a.md",
        "The kernel applies RoPE (Rotary Positional Encoding) on the fly.\n",
    );
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let b = file_uri(&dir.path().join("b.md"));
    let text = "We fuse RoPE into the attention kernel.\n";
    client.open(&b, "markdown", 1, text);
    // Once a.md is indexed, the finding names a.md's words.
    let params = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == b
            && p["diagnostics"].as_array().into_iter().flatten().any(|d| {
                d["code"] == "acronym-not-spelled-out"
                    && d["message"]
                        .as_str()
                        .is_some_and(|m| m.contains("Positional Encoding"))
            })
    });
    assert_eq!(
        params["diagnostics"][0]["message"],
        "`RoPE` is not spelled out in this document: write “Rotary Positional Encoding (RoPE)” at its first use"
    );
    // The hover names them too, above the glossary's entry.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": b }, "position": { "line": 0, "character": 9 } }),
    );
    let value = hover["contents"]["value"].as_str().expect("hover text");
    assert!(
        value.starts_with("**RoPE** — *Rotary Positional Encoding*\n\n"),
        "{value}"
    );
    let actions = client.code_actions_at(&b, 0, 9);
    let preferred = actions
        .as_array()
        .expect("actions")
        .iter()
        .find(|a| a["isPreferred"] == true)
        .expect("a preferred quick fix");
    assert_eq!(
        preferred["title"],
        "Spell out: Rotary Positional Encoding (RoPE)"
    );
    let edits = preferred["edit"]["documentChanges"][0]["edits"]
        .as_array()
        .expect("edits")
        .clone();
    let fixed = apply_edits(text, &edits, Enc::Utf16);
    assert_eq!(
        fixed,
        "We fuse Rotary Positional Encoding (RoPE) into the attention kernel.\n"
    );
    // Applied, the document agrees with a.md: no inconsistent-expansion.
    settle(&mut client);
    client.change(&b, 2, json!([{ "text": fixed }]));
    assert_eq!(
        expansion_diagnostics(&mut client, &b, |_| true),
        Vec::<Value>::new()
    );
    assert!(client.shutdown_and_exit().success());
}
