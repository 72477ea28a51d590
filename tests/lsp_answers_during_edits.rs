//! Answers to position requests sent right behind edits, end to end over stdio. The server may answer
//! at once from the analysis of a text a few edits old (for text the edits did not touch) or wait for
//! the analysis of the current text; either way every range and line it names must be the current
//! text's, in the negotiated encoding, and a word just edited must be read as it now stands. Which way
//! it took depends on timing, so the tests check the answers, never the way (they print how often the
//! analysis was stale).

mod common;

use common::{
    capabilities, change_notification, file_uri, framed, offset_at, position_at, project, Enc,
    LspClient,
};
use serde_json::{json, Value};

/// A change replacing bytes `start..end` of `text` with `new_text`, applied to `text` as well.
fn edit(text: &mut String, start: usize, end: usize, new_text: &str, enc: Enc) -> Value {
    let change = json!({
        "range": { "start": position_at(text, start, enc), "end": position_at(text, end, enc) },
        "text": new_text,
    });
    text.replace_range(start..end, new_text);
    change
}

fn hover(client: &mut LspClient, uri: &str, text: &str, offset: usize, enc: Enc) -> Value {
    client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": position_at(text, offset, enc) }),
    )
}

/// The hover at byte `at` of `text`, asserted to name exactly the term at bytes `term` (`what`
/// says which hover in a failure).
fn hover_naming(
    client: &mut LspClient,
    (uri, text): (&str, &str),
    at: usize,
    term: std::ops::Range<usize>,
    enc: Enc,
    what: &str,
) -> Value {
    let answer = hover(client, uri, text, at, enc);
    assert_eq!(
        answer["range"],
        lsp_range(text, term.start, term.end, enc),
        "{what}: {answer}"
    );
    answer
}

/// The LSP range of bytes `start..end` of `text`.
fn lsp_range(text: &str, start: usize, end: usize, enc: Enc) -> Value {
    json!({ "start": position_at(text, start, enc), "end": position_at(text, end, enc) })
}

/// The byte offset of an LSP position in `text`.
fn offset(text: &str, position: &Value, enc: Enc) -> usize {
    let number = |key: &str| position[key].as_u64().unwrap_or(u64::MAX);
    offset_at(text, number("line"), number("character"), enc)
}

/// How many answers the server gave from an analysis of an earlier text (its debug log says).
fn stale_answers(client: &LspClient) -> usize {
    client.stderr().matches("answered at once").count()
}

/// A document long enough that its analysis takes a few milliseconds, so that a request sent right
/// behind an edit usually finds the analysis stale. Non-ASCII text stands before the terms.
fn long_document() -> String {
    let mut text =
        String::from("# Notes\n\nGroup Relative Policy Optimization (GRPO) drops the critic.\n\n");
    for n in 0..4000 {
        text.push_str(&format!(
            "Plain words about training and evaluation, paragraph {n}, nothing more.\n\n"
        ));
    }
    text.push_str("Façade 😀 漢字: the GRPO objective and PPO compared.\n");
    text
}

/// The position encodings a client may ask for, by their protocol names.
const ENCODINGS: [(Enc, &str); 3] = [
    (Enc::Utf8, "utf-8"),
    (Enc::Utf16, "utf-16"),
    (Enc::Utf32, "utf-32"),
];

/// A server started in a fresh project, its positions in `enc` (named `name`), with
/// [`long_document`] open as `long.md` (version 1): the project (kept alive), the client, the
/// document's URI and its text.
fn open_long_document(enc: Enc, name: &str) -> (tempfile::TempDir, LspClient, String, String) {
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&[name]), Value::Null);
    client.enc = enc;
    let uri = file_uri(&dir.path().join("long.md"));
    let text = long_document();
    client.open(&uri, "markdown", 1, &text);
    (dir, client, uri, text)
}

#[test]
fn hovers_behind_edits_name_current_positions_in_each_encoding() {
    let mut stale = 0;
    for (enc, name) in ENCODINGS {
        let (_dir, mut client, uri, mut text) = open_long_document(enc, name);
        client.diagnostics(&uri, 1);
        for version in 2..14 {
            let last_line = text.rfind("Façade").expect("last line");
            let change = if version % 3 == 0 {
                // Columns move: a character wider than one unit in UTF-8 and UTF-16, on the term's
                // line, well before it.
                edit(&mut text, last_line, last_line, "ü😀", enc)
            } else {
                // Lines move: new lines before everything, the definition included.
                edit(&mut text, 0, 0, "Ä 😀 line\n", enc)
            };
            client.change(&uri, version, json!([change]));
            let term = text.rfind("GRPO").expect("term");
            let answer = hover_naming(
                &mut client,
                (&uri, &text),
                term + 1,
                term..term + 4,
                enc,
                &format!("{name}, version {version}"),
            );
            let definition = text.find("(GRPO)").expect("definition") + 1;
            let line = text[..definition].matches('\n').count() + 1;
            let value = answer["contents"]["value"].as_str().unwrap_or_default();
            assert!(
                value.starts_with("**GRPO** — *Group Relative Policy Optimization*")
                    && value.contains(&format!("Defined in this document on line {line} as")),
                "{name}, version {version}: {value}"
            );
            // The highlights of the term, as they now stand: the term and its definition among them,
            // and nothing but the term's words.
            let highlights = client.request(
                "textDocument/documentHighlight",
                json!({ "textDocument": { "uri": uri }, "position": position_at(&text, term, enc) }),
            );
            let ranges: Vec<Value> = highlights
                .as_array()
                .into_iter()
                .flatten()
                .map(|h| h["range"].clone())
                .collect();
            for expected in [
                lsp_range(&text, definition, definition + 4, enc),
                lsp_range(&text, term, term + 4, enc),
            ] {
                assert!(
                    ranges.contains(&expected),
                    "{name}, version {version}: {highlights}"
                );
            }
            for range in &ranges {
                let words =
                    &text[offset(&text, &range["start"], enc)..offset(&text, &range["end"], enc)];
                assert!(
                    ["GRPO", "Group Relative Policy Optimization"].contains(&words),
                    "{name}, version {version}: {words:?} in {highlights}"
                );
            }
        }
        stale += stale_answers(&client);
        assert!(client.shutdown_and_exit().success());
    }
    eprintln!("{stale} of 72 answers came from an analysis of an earlier text");
}

/// Changes that reach the server in one read are applied in the order written, whichever way the
/// server applies each (a keystroke's as it reads it, a large one through the framework, behind
/// which the next ones wait): here the second change edits the line the first one inserted.
#[test]
fn changes_written_together_are_applied_in_the_order_written() {
    for (enc, name) in ENCODINGS {
        let (_dir, mut client, uri, mut text) = open_long_document(enc, name);
        client.diagnostics(&uri, 1);
        let padding = "Padding words about nothing much. ".repeat(700);
        let mut batch = Vec::new();
        let mut changes = vec![edit(
            &mut text,
            0,
            0,
            &format!("{padding}\n\nThe GRPO loss.\n\n"),
            enc,
        )];
        for _ in 0..4 {
            let at = text.find("GRPO loss").expect("inserted line");
            changes.push(edit(&mut text, at, at, "Ä 😀 ", enc));
        }
        for (version, change) in (2..).zip(changes) {
            let message = change_notification(&uri, version, json!([change]));
            batch.extend(framed(&serde_json::to_vec(&message).expect("json")));
        }
        client.send_raw(&batch);
        client.diagnostics(&uri, 6);
        let term = text.find("GRPO loss").expect("term");
        hover_naming(
            &mut client,
            (&uri, &text),
            term + 1,
            term..term + 4,
            enc,
            name,
        );
        assert!(client.shutdown_and_exit().success());
    }
}

#[test]
fn a_word_just_edited_is_read_as_it_now_stands() {
    let enc = Enc::Utf16;
    let (_dir, mut client, uri, mut text) = open_long_document(enc, "utf-16");
    client.diagnostics(&uri, 1);
    // "PPO" becomes "GRPO": a hover on it must not describe PPO, nor the old range.
    let ppo = text.rfind("PPO").expect("PPO");
    let change = edit(&mut text, ppo, ppo + 1, "GR", enc);
    client.change(&uri, 2, json!([change]));
    let answer = hover_naming(
        &mut client,
        (&uri, &text),
        ppo + 1,
        ppo..ppo + 4,
        enc,
        "GRPO",
    );
    let value = answer["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.starts_with("**GRPO**"), "{value}");
    // A letter typed at the end of a word makes a term of it: the hover at its start sees the term
    // (the older analysis saw "GRP", which means nothing).
    let end = text.rfind("GRPO objective").expect("term") + 3;
    let change = edit(&mut text, end, end + 1, "", enc);
    client.change(&uri, 3, json!([change]));
    let change = edit(&mut text, end, end, "O", enc);
    client.change(&uri, 4, json!([change]));
    let answer = hover_naming(
        &mut client,
        (&uri, &text),
        end - 3,
        end - 3..end + 1,
        enc,
        "typed",
    );
    let value = answer["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.starts_with("**GRPO**"), "{value}");
    // Typed one letter further, the word is no term: the hover says nothing rather than describing
    // the word before the edit.
    let change = edit(&mut text, end + 1, end + 1, "X", enc);
    client.change(&uri, 5, json!([change]));
    let answer = hover(&mut client, &uri, &text, end - 3, enc);
    assert_eq!(answer, Value::Null, "{answer}");
    eprintln!(
        "{} answers came from an analysis of an earlier text",
        stale_answers(&client)
    );
    assert!(client.shutdown_and_exit().success());
}

/// On a line just edited, an identifier no glossary form contains (`DPOTrainer`) has nothing to say
/// — the server may say so before the analysis of the current text, from the text alone — while a
/// term beside it on the same line is still explained, and a word typed into a term still waits.
#[test]
fn on_a_line_just_edited_an_identifier_says_nothing_and_a_term_beside_it_is_explained() {
    let enc = Enc::Utf16;
    let (_dir, mut client, uri, mut text) = open_long_document(enc, "utf-16");
    client.diagnostics(&uri, 1);
    let line = text.rfind("Façade").expect("last line");
    let change = edit(&mut text, line, line, "Call DPOTrainer for PPO. ", enc);
    client.change(&uri, 2, json!([change]));
    let identifier = text.rfind("DPOTrainer").expect("identifier") + 3;
    assert_eq!(
        hover(&mut client, &uri, &text, identifier, enc),
        Value::Null
    );
    let ppo = text.rfind("PPO.").expect("PPO");
    let answer = hover_naming(
        &mut client,
        (&uri, &text),
        ppo + 1,
        ppo..ppo + 3,
        enc,
        "PPO",
    );
    let value = answer["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.starts_with("**PPO**"), "{value}");
    // "DPOTrainer" cut to "DPO" by the next edit: now a term, explained.
    let cut = text.rfind("Trainer for").expect("Trainer");
    let change = edit(&mut text, cut, cut + "Trainer".len(), "", enc);
    client.change(&uri, 3, json!([change]));
    let dpo = text.rfind("DPO for").expect("DPO");
    let answer = hover(&mut client, &uri, &text, dpo + 1, enc);
    let value = answer["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.starts_with("**DPO**"), "{value}");
    eprintln!(
        "{} answers said nothing from the current text alone",
        client.stderr().matches("nothing can be read").count()
    );
    assert!(client.shutdown_and_exit().success());
}

/// Types `typed` at the end of `text`, one character per `didChange`, as a writer does.
fn type_at_end(
    client: &mut LspClient,
    uri: &str,
    text: &mut String,
    version: &mut i64,
    typed: &str,
    enc: Enc,
) {
    for c in typed.chars() {
        let end = text.len();
        let change = edit(text, end, end, &c.to_string(), enc);
        *version += 1;
        client.change(uri, *version, json!([change]));
    }
}

/// The completion item labelled `label` at the end of `text`, and its expected edit replacing what
/// was typed from byte `start` on.
fn completion_at_end(
    client: &mut LspClient,
    uri: &str,
    text: &str,
    label: &str,
    enc: Enc,
) -> Value {
    let list = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": position_at(text, text.len(), enc) }),
    );
    list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|item| item["label"] == label)
        .cloned()
        .unwrap_or_else(|| panic!("{label} not offered: {list}"))
}

#[test]
fn completions_behind_edits_read_the_word_typed_and_the_definitions_as_they_now_stand() {
    let mut stale = 0;
    for (enc, name) in ENCODINGS {
        let (_dir, mut client, uri, mut text) = open_long_document(enc, name);
        // A line of its own to type on, non-ASCII before the words typed.
        let end = text.len();
        let change = edit(&mut text, end, end, "\nÇa 😀 漢 typed:", enc);
        client.change(&uri, 2, json!([change]));
        client.diagnostics(&uri, 2);
        let mut version = 2;
        for round in 0..3 {
            let context = format!("{name}, round {round}");
            // The words of a term typed so far are replaced, in the current text's columns.
            type_at_end(&mut client, &uri, &mut text, &mut version, " KV cac", enc);
            let start = text.len() - "KV cac".len();
            let item = completion_at_end(&mut client, &uri, &text, "KV cache", enc);
            assert_eq!(
                item["textEdit"],
                json!({ "range": lsp_range(&text, start, text.len(), enc), "newText": "KV cache" }),
                "{context}: {item}"
            );
            // Defined at the top of the document, above the cursor: the acronym alone, wherever
            // lines above have moved it.
            let change = edit(&mut text, 0, 0, "Ä 😀 line\n", enc);
            version += 1;
            client.change(&uri, version, json!([change]));
            type_at_end(&mut client, &uri, &mut text, &mut version, " GR", enc);
            let item = completion_at_end(&mut client, &uri, &text, "GRPO", enc);
            assert_eq!(
                item["textEdit"],
                json!({ "range": lsp_range(&text, text.len() - 2, text.len(), enc), "newText": "GRPO" }),
                "{context}: {item}"
            );
            assert!(item.get("labelDetails").is_none(), "{context}: {item}");
            // Not defined: spelled out.
            type_at_end(&mut client, &uri, &mut text, &mut version, " PP", enc);
            let item = completion_at_end(&mut client, &uri, &text, "PPO", enc);
            assert_eq!(
                item["textEdit"],
                json!({
                    "range": lsp_range(&text, text.len() - 2, text.len(), enc),
                    "newText": "Proximal Policy Optimization (PPO)"
                }),
                "{context}: {item}"
            );
            // A definition typed just now, which no earlier analysis saw: the acronym alone.
            type_at_end(
                &mut client,
                &uri,
                &mut text,
                &mut version,
                "O (Proximal Policy Optimization) then PP",
                enc,
            );
            let item = completion_at_end(&mut client, &uri, &text, "PPO", enc);
            assert_eq!(
                item["textEdit"],
                json!({ "range": lsp_range(&text, text.len() - 2, text.len(), enc), "newText": "PPO" }),
                "{context}: {item}"
            );
            // The definition removed again: spelled out again.
            let definition = text.rfind("PPO (Proximal").expect("definition");
            let end = text.len();
            let change = edit(&mut text, definition, end, "PP", enc);
            version += 1;
            client.change(&uri, version, json!([change]));
            let item = completion_at_end(&mut client, &uri, &text, "PPO", enc);
            assert_eq!(
                item["textEdit"]["newText"], "Proximal Policy Optimization (PPO)",
                "{context}: {item}"
            );
        }
        stale += stale_answers(&client);
        assert!(client.shutdown_and_exit().success());
    }
    eprintln!("{stale} answers came from an analysis of an earlier text");
}

/// The debug log times every answer from the moment its request was read and says when its handler
/// first ran, so that a slow answer can be told from one read late (docs/performance.md, session 13).
#[test]
fn the_debug_log_times_every_answer_from_its_read() {
    let enc = Enc::Utf16;
    let (_dir, mut client, uri, mut text) = open_long_document(enc, "utf-16");
    for version in 2..6 {
        let change = edit(&mut text, 0, 0, "Ä line\n", enc);
        client.change(&uri, version, json!([change]));
        let term = text.rfind("GRPO").expect("term");
        hover(&mut client, &uri, &text, term + 1, enc);
    }
    let timed = |log: &str| {
        log.lines()
            .filter(|line| {
                line.contains("textDocument/hover ")
                    && line.contains(" ms after it was read (its handler ran after ")
            })
            .count()
    };
    let log = client.stderr_once(|log| timed(log) >= 4);
    assert_eq!(timed(&log), 4, "{log}");
    assert!(client.shutdown_and_exit().success());
}

/// A definition typed below the cursor does not count for a completion above it, unless it is one that
/// defines for the whole document (an abbreviation line); the answer is right whether it waited for an
/// analysis or not.
#[test]
fn completions_above_a_definition_typed_below_still_spell_it_out() {
    let enc = Enc::Utf16;
    let (_dir, mut client, uri, mut text) = open_long_document(enc, "utf-16");
    let mut version = 1;
    let at = text
        .find("paragraph 2000, nothing more.")
        .expect("paragraph")
        + 29;
    let mut type_at = |client: &mut LspClient, text: &mut String, offset: usize, typed: &str| {
        let change = edit(text, offset, offset, typed, enc);
        version += 1;
        client.change(&uri, version, json!([change]));
    };
    type_at(&mut client, &mut text, at, " PP");
    let cursor = at + 3;
    let completion = |client: &mut LspClient, text: &str| {
        let list = client.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": position_at(text, cursor, enc) }),
        );
        list["items"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|item| item["label"] == "PPO")
            .map(|item| item["textEdit"]["newText"].clone())
            .unwrap_or_else(|| panic!("PPO not offered: {list}"))
    };
    let end = text.len();
    type_at(
        &mut client,
        &mut text,
        end,
        "Proximal Policy Optimization (PPO) below.\n",
    );
    assert_eq!(
        completion(&mut client, &text),
        "Proximal Policy Optimization (PPO)"
    );
    let end = text.len();
    type_at(
        &mut client,
        &mut text,
        end,
        "\n*[PPO]: Proximal Policy Optimization\n",
    );
    assert_eq!(completion(&mut client, &text), "PPO");
    assert!(client.shutdown_and_exit().success());
}
