//! The language server's protocol behaviour, end to end over stdio: position encodings, lifecycle and
//! exit codes, pull diagnostics, and bad input (unknown documents, out-of-range positions, oversized
//! documents, malformed notifications).

mod common;

use common::{capabilities, file_uri, project, range, LspClient};
use serde_json::{json, Value};

/// "PPO" after an emoji and two CJK characters: its column differs in each encoding.
const MIXED: &str = "# Tests\nEmoji 😀 and 漢字 before PPO here.\n";

#[test]
fn each_position_encoding_is_negotiated_and_used() {
    // (offered, negotiated, PPO's start column)
    let cases = [
        (vec!["utf-16", "utf-8"], "utf-8", 29),
        (vec!["utf-16"], "utf-16", 23),
        (vec![], "utf-16", 23),
        (vec!["utf-32"], "utf-32", 22),
        (vec!["utf-32", "utf-16"], "utf-16", 23),
    ];
    for (offered, negotiated, column) in cases {
        let dir = project();
        let mut client = LspClient::start(&[], dir.path());
        let result = client.initialize(dir.path(), capabilities(&offered), Value::Null);
        assert_eq!(
            result["capabilities"]["positionEncoding"], negotiated,
            "offered {offered:?}"
        );
        let uri = file_uri(&dir.path().join("mixed.md"));
        client.open(&uri, "markdown", 1, MIXED);
        let diagnostics = client.diagnostics(&uri, 1);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        assert_eq!(
            diagnostics[0]["range"],
            range((1, column), (1, column + 3)),
            "{negotiated}"
        );
        // A hover one unit into "PPO" finds it and answers with its range.
        let hover = client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": column + 1 } }),
        );
        assert_eq!(
            hover["range"],
            range((1, column), (1, column + 3)),
            "{negotiated}"
        );
        assert!(client.shutdown_and_exit().success());
    }
}

#[test]
fn exit_codes_follow_the_specification() {
    let dir = project();
    let client = LspClient::initialized(dir.path(), capabilities(&[]), Value::Null);
    assert_eq!(
        client.shutdown_and_exit().code(),
        Some(0),
        "exit after shutdown"
    );

    let mut client = LspClient::initialized(dir.path(), capabilities(&[]), Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit().code(), Some(1), "exit without shutdown");

    let mut client = LspClient::initialized(dir.path(), capabilities(&[]), Value::Null);
    client.close_stdin();
    assert_eq!(
        client.wait_exit().code(),
        Some(1),
        "end of input without exit"
    );

    // `serve` is the same server as no command at all.
    let mut client = LspClient::start(&["serve"], dir.path());
    client.initialize(dir.path(), capabilities(&[]), Value::Null);
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn the_stdio_flag_language_clients_pass_starts_the_same_server() {
    let dir = project();
    // vscode-languageclient appends `--stdio` to the command it starts (`glossary-ls serve` in the
    // extension); lspconfig users write `glossary-ls --stdio`.
    for args in [&["--stdio"][..], &["serve", "--stdio"][..]] {
        let mut client = LspClient::start(args, dir.path());
        let result = client.initialize(dir.path(), capabilities(&[]), Value::Null);
        assert_eq!(
            result["serverInfo"]["name"], "glossary-ls",
            "{args:?}: {result}"
        );
        assert_eq!(client.shutdown_and_exit().code(), Some(0), "{args:?}");
    }
}

#[test]
fn requests_after_shutdown_are_refused_and_logs_go_to_stderr() {
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&[]), Value::Null);
    client.request("shutdown", Value::Null);
    let id = client.send_request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///x.md" }, "position": { "line": 0, "character": 0 } }),
    );
    let response = client.response(id);
    assert!(response.get("error").is_some(), "{response}");
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit().code(), Some(0));
    // The client parsed every byte of stdout as framed JSON-RPC; the logs are on stderr.
    assert!(
        client.stderr().contains("initialized"),
        "{}",
        client.stderr()
    );
}

#[test]
fn unknown_documents_get_empty_answers() {
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let document = json!({ "uri": file_uri(&dir.path().join("never-opened.md")) });
    let position = json!({ "line": 0, "character": 0 });
    let at = json!({ "textDocument": document, "position": position });
    for method in [
        "textDocument/hover",
        "textDocument/completion",
        "textDocument/definition",
        "textDocument/documentHighlight",
    ] {
        assert_eq!(client.request(method, at.clone()), Value::Null, "{method}");
    }
    let references = json!({ "textDocument": document, "position": position, "context": { "includeDeclaration": true } });
    assert_eq!(
        client.request("textDocument/references", references),
        Value::Null
    );
    let whole = range((0, 0), (10, 0));
    assert_eq!(
        client.request(
            "textDocument/inlayHint",
            json!({ "textDocument": document, "range": whole })
        ),
        Value::Null
    );
    assert_eq!(
        client.request(
            "textDocument/codeAction",
            json!({ "textDocument": document, "range": whole, "context": { "diagnostics": [] } })
        ),
        Value::Null
    );
    // Changes and closes of documents that were never opened are ignored.
    let unopened = document["uri"].as_str().unwrap_or_default().to_string();
    client.change(&unopened, 2, json!([{ "text": "PPO" }]));
    client.notify("textDocument/didClose", json!({ "textDocument": document }));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn out_of_range_positions_are_clamped() {
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&dir.path().join("clamp.md"));
    client.open(&uri, "markdown", 1, "# Clamp\nThe critic of PPO.\n");
    assert_eq!(
        client.diagnostics(&uri, 1)[0]["range"],
        range((1, 14), (1, 17))
    );
    // Past the end of line 1 is its end; past the last line is the end of the text.
    client.change(
        &uri,
        2,
        json!([
            { "range": range((1, 500), (1, 600)), "text": " And DPO." },
            { "range": range((40, 3), (99, 0)), "text": "Then RLHF.\n" },
        ]),
    );
    let diagnostics = client.diagnostics(&uri, 2);
    let ranges: Vec<&Value> = diagnostics.iter().map(|d| &d["range"]).collect();
    assert_eq!(
        ranges,
        [
            &range((1, 14), (1, 17)),
            &range((1, 23), (1, 26)),
            &range((2, 5), (2, 9)),
        ]
    );
    // Requests at positions past the end are answered, not failed.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 9999 } }),
    );
    assert!(hover.is_null() || hover["range"].is_object());
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 9999, "character": 0 } }),
    );
    assert_eq!(hover, Value::Null);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn oversized_documents_get_one_information_diagnostic() {
    let dir = project();
    let mut client = LspClient::initialized(
        dir.path(),
        capabilities(&["utf-16"]),
        json!({ "max-file-size": 40 }),
    );
    let uri = file_uri(&dir.path().join("big.md"));
    let text = "# Big\nPPO and DPO and GRPO, all undefined here.\n";
    client.open(&uri, "markdown", 1, text);
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(
        diagnostics,
        [json!({
            "range": range((0, 0), (0, 0)),
            "severity": 3,
            "code": "file-too-large",
            "source": "glossary-ls",
            "message": format!(
                "This document is {} bytes, over the 40-byte limit, so glossary-ls does not review it; \
                 raise `max-file-size` in .glossary-ls.toml to review it",
                text.len()
            ),
        })]
    );
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 1 } }),
    );
    assert_eq!(hover, Value::Null);
    // Cut below the limit, it is reviewed.
    client.change(&uri, 2, json!([{ "text": "Only PPO." }]));
    let diagnostics = client.diagnostics(&uri, 2);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0]["code"], "acronym-not-spelled-out");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn malformed_input_does_not_take_the_server_down() {
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    // Notifications with the wrong shape are dropped.
    client.notify("textDocument/didOpen", json!({ "textDocument": 42 }));
    client.notify("textDocument/didChange", json!(["nonsense"]));
    // A request with the wrong shape gets an error response.
    let id = client.send_request("textDocument/hover", json!({ "position": "here" }));
    let response = client.response(id);
    assert!(response.get("error").is_some(), "{response}");
    // Unknown command arguments are an error, not a crash.
    let id = client.send_request(
        "workspace/executeCommand",
        json!({ "command": "glossary-ls.ignoreToken", "arguments": [1, 2] }),
    );
    assert!(client.response(id).get("error").is_some());
    // The server still works.
    let uri = file_uri(&dir.path().join("ok.md"));
    client.open(&uri, "markdown", 1, "Uses PPO.\n");
    assert_eq!(client.diagnostics(&uri, 1).len(), 1);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn plain_text_and_other_languages_by_language_id_and_extension() {
    let dir = project();
    let mut client = LspClient::initialized(
        dir.path(),
        capabilities(&["utf-16"]),
        json!({ "extensions": { "text": ["txt", "rst"] } }),
    );
    let text = "Uses PPO.\n";
    let plain = file_uri(&dir.path().join("notes.rst"));
    client.open(&plain, "restructuredtext", 1, text);
    assert_eq!(
        client.diagnostics(&plain, 1).len(),
        1,
        "configured extension"
    );
    let by_id = file_uri(&dir.path().join("notes"));
    client.open(&by_id, "plaintext", 1, text);
    assert_eq!(
        client.diagnostics(&by_id, 1).len(),
        1,
        "plaintext language id"
    );
    // A language this server does not review: no diagnostics, empty answers.
    let code = file_uri(&dir.path().join("main.rs"));
    client.open(&code, "rust", 1, "// PPO\n");
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": code }, "position": { "line": 0, "character": 4 } }),
    );
    assert_eq!(hover, Value::Null);
    client.drain(std::time::Duration::from_millis(200));
    assert!(
        !client
            .notifications
            .iter()
            .any(|n| n["params"]["uri"] == code.as_str()),
        "no diagnostics for main.rs"
    );
    // The project's config, which an editor without TOML support opens as plain text, is data.
    let config = file_uri(&dir.path().join(".glossary-ls.toml"));
    client.open(
        &config,
        "plaintext",
        1,
        "# DPO and PPO are known here\nignore = [\"DPO\"]\n",
    );
    client.drain(std::time::Duration::from_millis(200));
    assert!(
        !client
            .notifications
            .iter()
            .any(|n| n["params"]["uri"] == config.as_str()),
        "no diagnostics for .glossary-ls.toml"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn pull_diagnostics_when_the_client_supports_them() {
    let dir = project();
    let mut caps = capabilities(&["utf-16"]);
    caps["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    caps["workspace"]["diagnostics"] = json!({ "refreshSupport": true });
    let mut client = LspClient::start(&[], dir.path());
    let result = client.initialize(dir.path(), caps, Value::Null);
    assert_eq!(
        result["capabilities"]["diagnosticProvider"]["identifier"],
        "glossary-ls"
    );
    let uri = file_uri(&dir.path().join("pull.md"));
    client.open(&uri, "markdown", 1, "# Pull\nThe critic of PPO.\n");
    let report = client.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(report["kind"], "full");
    let items = report["items"].as_array().expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["range"], range((1, 14), (1, 17)));
    let result_id = report["resultId"].as_str().expect("resultId").to_string();
    let again = client.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri }, "previousResultId": result_id }),
    );
    assert_eq!(again, json!({ "kind": "unchanged", "resultId": result_id }));
    // A change is reflected in the next pull, which waits for its analysis.
    client.change(
        &uri,
        2,
        json!([{ "range": range((1, 14), (1, 17)), "text": "GRPO" }]),
    );
    let report = client.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri }, "previousResultId": result_id }),
    );
    assert_eq!(report["kind"], "full");
    assert_eq!(report["items"][0]["range"], range((1, 14), (1, 18)));
    // Nothing was pushed.
    client.drain(std::time::Duration::from_millis(100));
    assert!(!client
        .notifications
        .iter()
        .any(|n| n["method"] == "textDocument/publishDiagnostics"));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn diagnostics_are_pushed_to_a_client_that_pulls_but_cannot_be_asked_to_pull_again() {
    // Neovim 0.11 pulls, but only when its buffer changes, and has no `workspace/diagnostic/refresh`:
    // pulled diagnostics would stay stale after a config change until the next edit.
    let dir = project();
    let mut caps = capabilities(&["utf-16"]);
    caps["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    let mut client = LspClient::start(&[], dir.path());
    let result = client.initialize(dir.path(), caps, Value::Null);
    assert!(
        result["capabilities"].get("diagnosticProvider").is_none(),
        "{result}"
    );
    let uri = file_uri(&dir.path().join("push.md"));
    client.open(&uri, "markdown", 1, "# Push\nThe critic of PPO.\n");
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0]["range"], range((1, 14), (1, 17)));
    // A new config reaches it at once: PPO ignored, an empty list pushed.
    std::fs::write(dir.path().join(".glossary-ls.toml"), "ignore = [\"PPO\"]\n").expect("write");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&dir.path().join(".glossary-ls.toml")), "type": 1 }] }),
    );
    assert_eq!(client.diagnostics(&uri, 1), Vec::<Value>::new());
    assert!(client.shutdown_and_exit().success());
}

/// The lines of the server's log with `needle`, once there are `count` of them (or after the client's
/// timeout).
fn log_lines(client: &LspClient, needle: &str, count: usize) -> Vec<String> {
    let matching = |log: &str| -> Vec<String> {
        log.lines()
            .filter(|line| line.contains(needle))
            .map(str::to_string)
            .collect()
    };
    matching(&client.stderr_once(|log| matching(log).len() >= count))
}

#[test]
fn the_glossary_is_ready_before_the_first_document_opens_and_again_after_a_reload() {
    // An editor opens its first document right after `initialized`: the folder's glossary is built
    // for analysis before any document asks for it, and again when its config changes.
    let dir = project();
    std::fs::write(dir.path().join("team.md"), "*[AWP]: Acme Widget Protocol\n").expect("write");
    std::fs::write(
        dir.path().join(".glossary-ls.toml"),
        "glossaries = [\"team.md\"]\n",
    )
    .expect("write");
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    const READY: &str = "ready for analysis before any document";
    let ready = log_lines(&client, READY, 1);
    assert_eq!(ready.len(), 1, "{}", client.stderr());
    let folder = dir.path().display().to_string();
    assert!(ready[0].contains(&folder), "{}", ready[0]);
    let entries = |line: &str| -> usize {
        let (before, _) = line.split_once(" entries)").expect("entry count");
        let (_, count) = before.rsplit_once('(').expect("entry count");
        count.parse().expect("a number")
    };
    let with_team = entries(&ready[0]);
    // The first document's findings use that glossary: AWP is known from it.
    let uri = file_uri(&dir.path().join("first.md"));
    client.open(
        &uri,
        "markdown",
        1,
        "# First\nAWP carries the critic of PPO.\n",
    );
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["range"], range((1, 0), (1, 3)));
    assert_eq!(
        diagnostics[0]["message"],
        "`AWP` is not spelled out in this document: write “Acme Widget Protocol (AWP)” at its first use"
    );
    assert_eq!(diagnostics[1]["range"], range((1, 26), (1, 29)));
    // A config without the team glossary: built again on reload, one entry fewer.
    std::fs::write(dir.path().join(".glossary-ls.toml"), "ignore = [\"XYZ\"]\n").expect("write");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&dir.path().join(".glossary-ls.toml")), "type": 2 }] }),
    );
    // (Reading the diagnostics answers the server's requests on the way, as an editor does.)
    let diagnostics = client.diagnostics(&uri, 1);
    assert!(
        diagnostics.iter().all(|d| !d["message"]
            .as_str()
            .is_some_and(|m| m.contains("Acme Widget Protocol"))),
        "{diagnostics:#?}"
    );
    let ready = log_lines(&client, READY, 2);
    assert_eq!(ready.len(), 2, "{}", client.stderr());
    assert_eq!(entries(&ready[1]), with_team - 1, "{}", ready[1]);
    assert!(client.shutdown_and_exit().success());
}

/// The protocol thread asks Linux for short time slices, so that a hover wakes it ahead of a running
/// analysis; the analysis thread keeps the default. Read back from /proc: skipped (and said so) where
/// the kernel does not show a thread's slice (before 6.6) or the system is not Linux.
#[test]
fn the_protocol_thread_asks_for_short_time_slices() {
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&[]), Value::Null);
    let uri = file_uri(&dir.path().join("a.md"));
    client.open(&uri, "markdown", 1, "PPO is used.\n");
    client.diagnostics(&uri, 1);
    let tasks = std::path::PathBuf::from(format!("/proc/{}/task", client.pid()));
    let slices: Vec<(String, u64)> = std::fs::read_dir(&tasks)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|task| {
            let name = std::fs::read_to_string(task.path().join("comm")).ok()?;
            let sched = std::fs::read_to_string(task.path().join("sched")).ok()?;
            let slice = sched
                .lines()
                .find(|line| line.starts_with("se.slice"))?
                .split(':')
                .nth(1)?
                .trim()
                .parse()
                .ok()?;
            Some((name.trim().to_string(), slice))
        })
        .collect();
    if slices.is_empty() {
        eprintln!("skipped: this system shows no thread's time slice in /proc");
        return;
    }
    // Thread names are cut to 15 bytes: "glossary-ls-ana(lysis-0)".
    let slice_of = |wanted: &dyn Fn(&str) -> bool| {
        slices
            .iter()
            .find(|(name, _)| wanted(name))
            .map(|&(_, slice)| slice)
    };
    let protocol = slice_of(&|name| name == "glossary-ls").expect("the protocol thread");
    let analysis =
        slice_of(&|name| name.starts_with("glossary-ls-ana")).expect("the analysis thread");
    // Linux 6.12 gave ordinary threads a slice of their own; before it the request is ignored.
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let mut numbers = release
        .split(|c: char| !c.is_ascii_digit())
        .map(|n| n.parse::<u32>().unwrap_or(0));
    let version = (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0));
    if version < (6, 12) {
        eprintln!(
            "skipped: Linux {release} gives ordinary threads no slice of their own (6.12 does)"
        );
        return;
    }
    assert_eq!(protocol, 100_000, "{slices:?}");
    assert!(analysis > protocol, "{slices:?}");
    client.shutdown_and_exit();
}
