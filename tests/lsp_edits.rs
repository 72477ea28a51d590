//! Document changes and configuration changes, end to end over stdio: incremental edits with emoji and
//! CJK text in each position encoding, thousands of random edits checked against a fresh open of the
//! same text, config and glossary reloads (broken files included), client settings, and the "ignore in
//! this project" command editing the config through `workspace/applyEdit`.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{capabilities, file_uri, position_at, project, range, Enc, LspClient};
use serde_json::{json, Value};

/// A change replacing bytes `start..end` of `text` with `new_text`, in `enc` positions.
fn change(text: &str, start: usize, end: usize, new_text: &str, enc: Enc) -> Value {
    json!({
        "range": { "start": position_at(text, start, enc), "end": position_at(text, end, enc) },
        "text": new_text,
    })
}

/// Diagnostics with the document's URI taken out of related information, to compare two documents.
fn comparable(diagnostics: &[Value]) -> Vec<Value> {
    diagnostics
        .iter()
        .map(|d| {
            let mut d = d.clone();
            for related in d["relatedInformation"].as_array_mut().into_iter().flatten() {
                related["location"]["uri"] = Value::Null;
            }
            d
        })
        .collect()
}

/// Opens `text` as a new document and returns its diagnostics, for comparison.
fn fresh(client: &mut LspClient, folder: &Path, name: &str, text: &str) -> Vec<Value> {
    fresh_as(client, folder, name, "markdown", text)
}

/// Opens `text` as a new document of `language_id` and returns its diagnostics, for comparison.
fn fresh_as(
    client: &mut LspClient,
    folder: &Path,
    name: &str,
    language_id: &str,
    text: &str,
) -> Vec<Value> {
    let uri = file_uri(&folder.join(name));
    client.open(&uri, language_id, 1, text);
    comparable(&client.diagnostics(&uri, 1))
}

#[test]
fn incremental_edits_with_emoji_and_cjk_in_each_encoding() {
    for (offered, enc) in [
        ("utf-16", Enc::Utf16),
        ("utf-8", Enc::Utf8),
        ("utf-32", Enc::Utf32),
    ] {
        let dir = project();
        let mut client = LspClient::initialized(dir.path(), capabilities(&[offered]), Value::Null);
        assert_eq!(client.enc, enc);
        let uri = file_uri(&dir.path().join("edits.md"));
        let mut text = String::from("# Edits\n😀 漢字 text.\n");
        client.open(&uri, "markdown", 1, &text);
        assert_eq!(client.diagnostics(&uri, 1), Vec::<Value>::new());

        // Three changes in one notification, each against the text left by the one before.
        let mut changes = Vec::new();
        let mut edit = |text: &mut String, start: usize, end: usize, new_text: &str| {
            changes.push(change(text, start, end, new_text, enc));
            text.replace_range(start..end, new_text);
        };
        edit(&mut text, 13, 13, "PPO "); // after "😀 " (bytes 8..13): "😀 PPO 漢字 text."
        edit(&mut text, 8, 12, "👩‍👩‍👧 GRPO 🎉"); // the emoji → a family, an acronym and a party
        let dot = text.find("text.").unwrap_or(0) + 4;
        edit(&mut text, dot, dot + 1, " 字 DPO."); // "text 字 DPO."
        client.change(&uri, 2, Value::Array(changes));
        assert_eq!(text, "# Edits\n👩‍👩‍👧 GRPO 🎉 PPO 漢字 text 字 DPO.\n");

        let diagnostics = client.diagnostics(&uri, 2);
        let ranges: Vec<Value> = diagnostics.iter().map(|d| d["range"].clone()).collect();
        // GRPO starts after the family emoji (8 UTF-16 units, 18 bytes, 5 scalars) and a space.
        let expected = match enc {
            Enc::Utf16 => [((1, 9), (1, 13)), ((1, 17), (1, 20)), ((1, 31), (1, 34))],
            Enc::Utf8 => [((1, 19), (1, 23)), ((1, 29), (1, 32)), ((1, 49), (1, 52))],
            Enc::Utf32 => [((1, 6), (1, 10)), ((1, 13), (1, 16)), ((1, 27), (1, 30))],
        };
        let expected: Vec<Value> = expected.iter().map(|&(s, e)| range(s, e)).collect();
        assert_eq!(ranges, expected, "{offered}");

        // Replace half of the text across the line break, delete the emoji, then type after CJK.
        let mut changes = Vec::new();
        let mut edit = |text: &mut String, start: usize, end: usize, new_text: &str| {
            changes.push(change(text, start, end, new_text, enc));
            text.replace_range(start..end, new_text);
        };
        edit(&mut text, 2, 12, "Title\n"); // "Edits\n" and the first 👩 of the family
        let party = text.find('🎉').unwrap_or(0);
        edit(&mut text, party, party + '🎉'.len_utf8() + 1, "");
        let kanji = text.find('漢').unwrap_or(0) + '漢'.len_utf8();
        edit(&mut text, kanji, kanji, " MoE ");
        client.change(&uri, 3, Value::Array(changes));
        let edited = comparable(&client.diagnostics(&uri, 3));
        assert_eq!(
            edited,
            fresh(&mut client, dir.path(), "fresh.md", &text),
            "{offered}: {text:?}"
        );
        assert!(client.shutdown_and_exit().success());
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A char boundary of `text` at or before a random offset.
    fn boundary(&mut self, text: &str) -> usize {
        let mut offset = self.below(text.len() + 1);
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// A document format for the random edits: its language id, extension and the snippets typed.
struct Format {
    language_id: &'static str,
    extension: &'static str,
    snippets: &'static [&'static str],
}

const MARKDOWN: Format = Format {
    language_id: "markdown",
    extension: "md",
    snippets: &SNIPPETS,
};

/// reStructuredText markup among the snippets: titles, directives, literals, roles, tables.
const RST: Format = Format {
    language_id: "restructuredtext",
    extension: "rst",
    snippets: &[
        "PPO",
        " GRPO ",
        "漢字",
        "😀",
        "\n",
        " ",
        "Large language models (LLMs)",
        "Direct Preference Optimization (DPO)",
        "\n=====\n",
        "\n.. note::\n\n   ",
        "\n.. code-block:: python\n\n   ",
        "::\n\n    ",
        "``",
        ":term:`",
        "`",
        ":abbr:`RLHF (reinforcement learning from human feedback)`",
        "|",
        "\n+----+----+\n| ",
        "\n===  ===\n",
        "   ",
        ".. ",
    ],
};

/// LaTeX markup among the snippets: commands, groups, math, environments, comments. Snippets that
/// open something that runs to the end of the document (`\\section{`, `\\begin{figure}`) come
/// closed, or 2,000 edits leave no prose to compare; lone braces and dollars stay.
const LATEX: Format = Format {
    language_id: "latex",
    extension: "tex",
    snippets: &[
        "PPO",
        " GRPO ",
        "漢字",
        "😀",
        "\n",
        " ",
        "Large language models (LLMs)",
        "Direct Preference Optimization (DPO)",
        "\\section{Setup}",
        "\\emph{",
        "{",
        "}",
        "$",
        "% note\n",
        "\\",
        "\\begin{figure}\\caption{A KV cache}\\end{figure}",
        "\\end{figure}",
        "\\newacronym{rl}{RL}{reinforcement learning}",
        "\\ac{rl}",
        "\n\n",
    ],
};

const SNIPPETS: [&str; 14] = [
    "PPO",
    " GRPO ",
    "漢字",
    "😀",
    "👩‍👩‍👧",
    "\n",
    " ",
    "é",
    "Large language models (LLMs)",
    "KV cache",
    "# Heading MoE\n",
    "- item DPO\n",
    "Direct Preference Optimization (DPO)",
    "XYZW",
];

/// Sends `count` random didChange notifications (one to three changes each, inserts, deletions and
/// replacements with multi-byte text) as fast as possible, then checks that the diagnostics of the
/// final version equal those of the same text opened fresh.
fn random_edits(start_text: &str, count: usize, seed: u64, enc_name: &str) {
    random_edits_as(&MARKDOWN, start_text, count, seed, enc_name);
}

/// [`random_edits`] on a document of `format`.
fn random_edits_as(format: &Format, start_text: &str, count: usize, seed: u64, enc_name: &str) {
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&[enc_name]), Value::Null);
    let enc = client.enc;
    let uri = file_uri(&dir.path().join(format!("random.{}", format.extension)));
    let mut text = start_text.to_string();
    client.open(&uri, format.language_id, 1, &text);
    let mut random = Random(seed);
    for version in 2..count as i64 + 2 {
        let mut changes = Vec::new();
        for _ in 0..1 + random.below(3) {
            let a = random.boundary(&text);
            let b = random.boundary(&text);
            let (start, end) = (a.min(b), a.max(b));
            // Mostly small edits, as typing makes; sometimes a bigger deletion or replacement.
            let longest = if random.below(50) == 0 {
                40
            } else {
                random.below(7)
            };
            let mut end = start + (end - start).min(longest);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let new_text = match random.below(4) {
                0 => String::new(),
                _ => format.snippets[random.below(format.snippets.len())].to_string(),
            };
            changes.push(change(&text, start, end, &new_text, enc));
            text.replace_range(start..end, &new_text);
        }
        client.change(&uri, version, Value::Array(changes));
    }
    let last = count as i64 + 1;
    let edited = comparable(&client.diagnostics(&uri, last));
    let expected = fresh_as(
        &mut client,
        dir.path(),
        &format!("fresh.{}", format.extension),
        format.language_id,
        &text,
    );
    assert_eq!(
        edited, expected,
        "after {count} edits ({}, {enc_name}, seed {seed})",
        format.language_id
    );
    assert!(
        expected.len() >= 3,
        "the edits leave findings to compare: {expected:?} in {text:?}"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn two_thousand_random_edits_equal_a_fresh_open() {
    let start =
        "# Random edits\nGroup Relative Policy Optimization (GRPO) is compared with PPO.\n\n\
                 Large language models (LLMs) use a KV cache. 漢字 and 😀 too.\n";
    random_edits(start, 2000, 0x9e37_79b9_7f4a_7c15, "utf-16");
    random_edits(start, 500, 42, "utf-8");
}

#[test]
fn two_thousand_random_edits_equal_a_fresh_open_in_rst_and_latex() {
    let rst =
        "Random edits\n============\n\nGroup Relative Policy Optimization (GRPO) is compared \
               with PPO.\n\n.. note::\n\n   Large language models (LLMs) use a KV cache. 漢字 and \
               😀 too, and ``DPO`` is code.\n";
    random_edits_as(&RST, rst, 2000, 0x9e37_79b9_7f4a_7c15, "utf-16");
    let latex = "\\section{Random edits}\nGroup Relative Policy Optimization (GRPO) is compared \
                 with PPO. % DPO\n\n\\emph{Large} language models (LLMs) use a KV cache, $RL$. \
                 漢字 and 😀 too.\n";
    random_edits_as(&LATEX, latex, 2000, 0x9e37_79b9_7f4a_7c15, "utf-16");
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn random_edits_on_a_corpus_document() {
    let corpus = std::env::var_os("GLOSSARY_LS_CORPUS").expect("GLOSSARY_LS_CORPUS is set");
    let path = Path::new(&corpus).join("trl-dpo-trainer.md");
    let text = std::fs::read_to_string(&path).expect("the corpus document is readable");
    random_edits(&text, 2000, 7, "utf-16");
}

/// Tells the server that `path` changed on disk (1 created, 2 changed, 3 deleted).
fn watched(client: &mut LspClient, path: &Path, kind: u8) {
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(path), "type": kind }] }),
    );
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn config_and_glossary_files_are_reloaded_and_broken_ones_reported() {
    let dir = project();
    let config = dir.path().join(".glossary-ls.toml");
    let glossary = dir.path().join("team.md");
    std::fs::write(&config, "glossaries = [\"team.md\"]\nignore = [\"XYZW\"]\n").expect("write");
    std::fs::write(&glossary, "*[AWP]: Acme Widget Protocol\n").expect("write");
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&dir.path().join("docs.md"));
    client.open(
        &uri,
        "markdown",
        1,
        "We ship AWP and XYZW with PPO; AWP and XYZW are ours.\n",
    );
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(
        codes(&diagnostics),
        ["acronym-not-spelled-out", "acronym-not-spelled-out"]
    );
    assert!(diagnostics[0]["message"]
        .as_str()
        .unwrap_or("")
        .contains("Acme Widget Protocol (AWP)"));

    // The glossary file is watched (registered dynamically) and reloaded when it changes.
    client.drain(Duration::from_millis(100));
    let registered = client
        .server_requests
        .iter()
        .rfind(|r| r["method"] == "client/registerCapability")
        .expect("watchers registered")
        .clone();
    let watchers = &registered["params"]["registrations"][0]["registerOptions"]["watchers"];
    assert_eq!(watchers[0]["globPattern"], "**/.glossary-ls.toml");
    // Then the other config name and the documentation generators' configs (mkdocs.yml, …).
    assert_eq!(watchers[2]["globPattern"], "**/mkdocs.yml");
    assert_eq!(
        watchers[7]["globPattern"],
        json!({ "baseUri": file_uri(dir.path()), "pattern": "team.md" })
    );
    std::fs::write(&glossary, "*[AWP]: Another Widget Protocol\n").expect("write");
    watched(&mut client, &glossary, 2);
    let diagnostics = client.diagnostics(&uri, 1);
    assert!(diagnostics[0]["message"]
        .as_str()
        .unwrap_or("")
        .contains("Another Widget Protocol (AWP)"));

    // A config change: PPO ignored too.
    std::fs::write(
        &config,
        "glossaries = [\"team.md\"]\nignore = [\"XYZW\", \"PPO\"]\n",
    )
    .expect("write");
    watched(&mut client, &config, 2);
    assert_eq!(
        codes(&client.diagnostics(&uri, 1)),
        ["acronym-not-spelled-out"]
    );

    // A broken config: an error on the config file at its line and column, a message, and the last
    // good configuration stays in force.
    std::fs::write(
        &config,
        "glossaries = [\"team.md\"]\nignore = [\"XYZW\", \"PPO\"\n",
    )
    .expect("write");
    watched(&mut client, &config, 2);
    let config_uri = file_uri(&config);
    let errors = client.file_diagnostics(&config_uri);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["severity"], 1);
    assert_eq!(errors[0]["range"]["start"]["line"], 1);
    let message = client.wait_notification("window/showMessage", |_| true);
    assert_eq!(message["type"], 1);
    assert!(
        message["message"]
            .as_str()
            .unwrap_or("")
            .contains(".glossary-ls.toml:2:"),
        "{message}"
    );
    assert_eq!(
        codes(&client.diagnostics(&uri, 1)),
        ["acronym-not-spelled-out"]
    );

    // A broken glossary next to a good config: reported on the glossary file.
    std::fs::write(
        &config,
        "glossaries = [\"team.md\", \"extra.toml\"]\nignore = [\"XYZW\", \"PPO\"]\n",
    )
    .expect("write");
    let extra = dir.path().join("extra.toml");
    std::fs::write(&extra, "[[term]]\nname = \"Thing\"\ncolour = \"red\"\n").expect("write");
    watched(&mut client, &config, 2);
    let fixed = client.file_diagnostics(&config_uri);
    assert_eq!(
        fixed,
        Vec::<Value>::new(),
        "the config's errors are cleared"
    );
    let errors = client.file_diagnostics(&file_uri(&extra));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["range"]["start"]["line"], 2);
    assert_eq!(
        codes(&client.diagnostics(&uri, 1)),
        ["acronym-not-spelled-out"]
    );

    // Fixed: everything is back.
    std::fs::write(&config, "ignore = []\n").expect("write");
    watched(&mut client, &config, 2);
    assert_eq!(
        client.file_diagnostics(&file_uri(&extra)),
        Vec::<Value>::new()
    );
    // Without the team glossary, AWP is unknown; without the ignore list, XYZW is flagged.
    assert_eq!(
        codes(&client.diagnostics(&uri, 1)),
        [
            "undefined-acronym",
            "undefined-acronym",
            "acronym-not-spelled-out"
        ]
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn client_settings_from_did_change_configuration() {
    let dir = project();
    let mut client = LspClient::initialized(
        dir.path(),
        capabilities(&["utf-16"]),
        json!({ "glossary-ls": { "ignore": ["XYZW"] } }),
    );
    let uri = file_uri(&dir.path().join("settings.md"));
    client.open(
        &uri,
        "markdown",
        1,
        "We ship XYZW with PPO; XYZW is ours.\n",
    );
    assert_eq!(
        codes(&client.diagnostics(&uri, 1)),
        ["acronym-not-spelled-out"]
    );

    // Settings pushed with the notification.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "glossary-ls": { "severity": { "acronym-not-spelled-out": "off" } } } }),
    );
    assert_eq!(codes(&client.diagnostics(&uri, 1)), ["undefined-acronym"]);

    // Settings pulled with workspace/configuration when the notification carries none.
    client.configuration = json!({ "ignore": ["XYZW", "PPO"] });
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": null }),
    );
    assert_eq!(codes(&client.diagnostics(&uri, 1)), Vec::<String>::new());

    // Invalid settings: a message, and the previous settings stay.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "glossary-ls": { "inlay-hints": "sometimes" } } }),
    );
    let message = client.wait_notification("window/showMessage", |_| true);
    assert!(
        message["message"]
            .as_str()
            .unwrap_or("")
            .contains("sometimes"),
        "{message}"
    );
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 19 } }),
    );
    assert_eq!(hover["range"], range((0, 18), (0, 21)));
    assert!(client.shutdown_and_exit().success());
}

/// Runs the "ignore" code action for the finding at `line:character`, as the editor does: the action's
/// command, sent back with `workspace/executeCommand`.
fn run_ignore_action(client: &mut LspClient, uri: &str, line: u64, character: u64) {
    let actions = client.code_actions_at(uri, line, character);
    let command = actions
        .as_array()
        .expect("actions")
        .iter()
        .find_map(|a| a.get("command"))
        .expect("an ignore action")
        .clone();
    client.request(
        "workspace/executeCommand",
        json!({ "command": command["command"], "arguments": command["arguments"] }),
    );
}

#[test]
fn ignore_in_this_project_writes_the_config_and_refreshes_at_once() {
    // An editor like Neovim on Linux: no file watching, and an applied workspace edit stays in a
    // buffer, unsaved. The server must write the file and review the document again itself.
    let dir = project();
    let mut caps = capabilities(&["utf-16"]);
    caps["workspace"]
        .as_object_mut()
        .expect("workspace")
        .remove("didChangeWatchedFiles");
    let mut client = LspClient::initialized(dir.path(), caps, Value::Null);
    client.edits_reach_disk = false;
    let uri = file_uri(&dir.path().join("ignore.md"));
    client.open(
        &uri,
        "markdown",
        1,
        "We ship XYZW and QRST; XYZW and QRST are ours.\n",
    );
    assert_eq!(
        codes(&client.diagnostics(&uri, 1)),
        ["undefined-acronym", "undefined-acronym"]
    );

    // No config yet: one is created at the workspace root, and the next diagnostics, with no edit
    // of the document, no longer have XYZW.
    let config = dir.path().join(".glossary-ls.toml");
    run_ignore_action(&mut client, &uri, 0, 9);
    assert_eq!(
        std::fs::read_to_string(&config).ok().as_deref(),
        Some("ignore = [\"XYZW\"]\n")
    );
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(codes(&diagnostics), ["undefined-acronym"]);
    assert_eq!(
        diagnostics[0]["range"],
        range((0, 17), (0, 21)),
        "QRST stays"
    );

    // An existing config keeps its comments and layout.
    std::fs::write(
        &config,
        "# Ours\nignore = [\"XYZW\"] # keep\n\n[severity]\nredundant-definition = \"off\"\n",
    )
    .expect("write");
    run_ignore_action(&mut client, &uri, 0, 18);
    assert_eq!(
        std::fs::read_to_string(&config).ok().as_deref(),
        Some("# Ours\nignore = [\"XYZW\", \"QRST\"] # keep\n\n[severity]\nredundant-definition = \"off\"\n")
    );
    assert_eq!(client.diagnostics(&uri, 1), Vec::<Value>::new());
    // The file was written whole, by the server: nothing for the editor to apply or save, and no
    // temporary file left beside it.
    assert!(!client
        .server_requests
        .iter()
        .any(|r| r["method"] == "workspace/applyEdit"));
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [".glossary-ls.toml"]);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn ignore_edits_a_config_open_in_the_editor_through_the_editor() {
    // The config is open in the editor (the client sent it to the server): its text there may hold
    // unsaved changes, so the server asks the editor to make the smallest edit instead of writing.
    let dir = project();
    let config = dir.path().join(".glossary-ls.toml");
    std::fs::write(&config, "ignore = [\"XYZW\"]\n").expect("write");
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let config_uri = file_uri(&config);
    client.open(&config_uri, "toml", 4, "# unsaved\nignore = [\"XYZW\"]\n");
    let uri = file_uri(&dir.path().join("ignore.md"));
    client.open(&uri, "markdown", 1, "We ship QRST; QRST is ours.\n");
    assert_eq!(codes(&client.diagnostics(&uri, 1)), ["undefined-acronym"]);
    let before = client.server_requests.len();
    run_ignore_action(&mut client, &uri, 0, 9);
    let edit = client.server_requests[before..]
        .iter()
        .find(|r| r["method"] == "workspace/applyEdit")
        .expect("an applyEdit request")["params"]["edit"]
        .clone();
    assert_eq!(
        edit,
        json!({ "documentChanges": [{
            "textDocument": { "uri": config_uri, "version": 4 },
            "edits": [{ "range": range((1, 16), (1, 16)), "newText": ", \"QRST\"" }],
        }]})
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn requests_right_after_a_change_see_the_new_text() {
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&dir.path().join("fresh-answers.md"));
    client.open(&uri, "markdown", 1, "Plain words only.\n");
    for version in 2..12 {
        // Each change puts an acronym at the start; the hover sent right behind it must see it.
        let acronym = if version % 2 == 0 { "PPO" } else { "GRPO" };
        client.change(
            &uri,
            version,
            json!([{ "range": range((0, 0), (0, 4)), "text": format!("{acronym} ") }]),
        );
        let hover = client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 1 } }),
        );
        let value = hover["contents"]["value"].as_str().unwrap_or("");
        assert!(
            value.starts_with(&format!("**{acronym}**")),
            "version {version}: {value}"
        );
    }
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_document_closed_and_opened_again_is_new() {
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&dir.path().join("again.md"));
    client.open(&uri, "markdown", 1, "Uses PPO.\n");
    client.change(&uri, 2, json!([{ "text": "Uses PPO and DPO.\n" }]));
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    client.open(&uri, "markdown", 1, "Now GRPO.\n");
    let diagnostics = loop {
        // Whatever the first incarnation published, the second one's version 1 ends up with GRPO.
        let diagnostics = client.diagnostics(&uri, 1);
        if diagnostics
            .first()
            .is_some_and(|d| d["range"] == range((0, 4), (0, 8)))
        {
            break diagnostics;
        }
    };
    assert_eq!(codes(&diagnostics), ["acronym-not-spelled-out"]);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn ignore_without_apply_edit_support_writes_the_config_itself() {
    let dir = project();
    let mut caps = capabilities(&["utf-16"]);
    caps["workspace"]["applyEdit"] = json!(false);
    let mut client = LspClient::initialized(dir.path(), caps, Value::Null);
    let uri = file_uri(&dir.path().join("ignore.md"));
    client.open(&uri, "markdown", 1, "We ship XYZW; XYZW is ours.\n");
    assert_eq!(client.diagnostics(&uri, 1).len(), 1);
    client.request(
        "workspace/executeCommand",
        json!({ "command": "glossary-ls.ignoreToken", "arguments": [{ "uri": uri, "token": "XYZW" }] }),
    );
    assert!(!client
        .server_requests
        .iter()
        .any(|r| r["method"] == "workspace/applyEdit"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".glossary-ls.toml"))
            .ok()
            .as_deref(),
        Some("ignore = [\"XYZW\"]\n")
    );
    assert_eq!(client.diagnostics(&uri, 1), Vec::<Value>::new());
    assert!(client.shutdown_and_exit().success());
}
