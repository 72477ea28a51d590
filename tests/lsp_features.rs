//! The language server's features, end to end over stdio, with exact ranges and texts: diagnostics,
//! hover, completion, inlay hints, code actions (and the text after applying them), definition,
//! references and highlights. The documents are plain prose (headings, paragraphs), one definition per
//! line.

mod common;

use common::{apply_edits, capabilities, file_uri, project, range, Enc, LspClient};
use serde_json::{json, Value};

const NOTES: &str = "# Notes on GRPO
Group Relative Policy Optimization (GRPO) drops the critic that PPO keeps.
We tried DPO first. Later, Direct Preference Optimization (DPO) won.
Most MoE models run on a GPU and use a KV cache.
We call it Foo Bar (RAG) and ship XYZW; XYZW is ours.
";

fn start(options: Value) -> (tempfile::TempDir, LspClient, String) {
    let dir = project();
    let client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), options);
    let uri = file_uri(&dir.path().join("notes.md"));
    (dir, client, uri)
}

fn at(uri: &str, line: u64, character: u64) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
}

fn warning(range: Value, code: &str, message: &str) -> Value {
    json!({ "range": range, "severity": 2, "code": code, "source": "glossary-ls", "message": message })
}

#[test]
fn diagnostics_of_a_document() {
    let (_dir, mut client, uri) = start(Value::Null);
    client.open(&uri, "markdown", 7, NOTES);
    let diagnostics = client.diagnostics(&uri, 7);
    let mut dpo = warning(
        range((2, 9), (2, 12)),
        "acronym-used-before-definition",
        "`DPO` is used before its definition on line 3",
    );
    dpo["relatedInformation"] = json!([{
        "location": { "uri": uri, "range": range((2, 59), (2, 62)) },
        "message": "`DPO` is defined here",
    }]);
    assert_eq!(
        diagnostics,
        [
            warning(
                range((1, 64), (1, 67)),
                "acronym-not-spelled-out",
                "`PPO` is not spelled out in this document: write “Proximal Policy Optimization (PPO)” at its first use",
            ),
            dpo,
            warning(
                range((3, 5), (3, 8)),
                "acronym-not-spelled-out",
                "`MoE` is not spelled out in this document: write “mixture of experts (MoE)” at its first use",
            ),
            warning(
                range((3, 39), (3, 41)),
                "acronym-not-spelled-out",
                "`KV` is not spelled out in this document: write “key-value (KV)” at its first use",
            ),
            warning(
                range((4, 20), (4, 23)),
                "acronym-not-spelled-out",
                // "Foo Bar" is not what RAG stands for: the reader is told, and no second
                // parenthesis is asked for after the writer's words.
                "`RAG` is not spelled out in this document, and the words before “(RAG)” are not its long form: it stands for “retrieval-augmented generation”",
            ),
            json!({
                "range": range((4, 34), (4, 38)),
                "severity": 3,
                "code": "undefined-acronym",
                "source": "glossary-ls",
                "message": "`XYZW` is not defined in this document or in the glossary; spell it out at its first use",
                "relatedInformation": [{
                    "location": { "uri": uri, "range": range((4, 40), (4, 44)) },
                    "message": "`XYZW` is also used here",
                }],
            }),
        ]
    );
    // Closing the document clears its diagnostics.
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    let cleared = client.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == uri);
    assert_eq!(cleared["diagnostics"], json!([]));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn severities_from_settings() {
    let options =
        json!({ "severity": { "undefined-acronym": "off", "acronym-not-spelled-out": "error" } });
    let (_dir, mut client, uri) = start(options);
    client.open(&uri, "markdown", 1, NOTES);
    let diagnostics = client.diagnostics(&uri, 1);
    let codes: Vec<(&str, i64)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or(""),
                d["severity"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("acronym-not-spelled-out", 1),
            ("acronym-used-before-definition", 2),
            ("acronym-not-spelled-out", 1),
            ("acronym-not-spelled-out", 1),
            ("acronym-not-spelled-out", 1),
        ]
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn hover_texts() {
    let (_dir, mut client, uri) = start(Value::Null);
    client.open(&uri, "markdown", 1, NOTES);
    client.diagnostics(&uri, 1);

    let ppo = client.request("textDocument/hover", at(&uri, 1, 65));
    assert_eq!(
        ppo,
        json!({
            "contents": { "kind": "markdown", "value": "**PPO** — *Proximal Policy Optimization*\n\n\
                Proximal Policy Optimization (Schulman, 2017) — approximates TRPO’s trust region with a \
                simple clipped surrogate objective. The RLHF workhorse: stable, simple, widely used.\n\n\
                *Introduced in §13 · TRPO to PPO*\n\n\
                See also: TRPO, trust region, clipped surrogate objective, RLHF\n\n\
                *From the LLM explainer glossary*" },
            "range": range((1, 64), (1, 67)),
        })
    );

    // In the heading, before its definition: the document's definition is shown all the same.
    let grpo = client.request("textDocument/hover", at(&uri, 0, 12));
    assert_eq!(grpo["range"], range((0, 11), (0, 15)));
    assert_eq!(
        grpo["contents"]["value"],
        "**GRPO** — *Group Relative Policy Optimization*\n\n\
         Defined in this document on line 2 as *Group Relative Policy Optimization*\n\n\
         Group Relative Policy Optimization (Shao, 2024) — drop PPO’s critic; sample a group of \
         responses per prompt and use their mean reward as the baseline, giving a group-relative \
         advantage. Memory-cheap RL that powered DeepSeek-R1.\n\n\
         *Introduced in §23 · GRPO & DeepSeek-R1*\n\n\
         See also: PPO, critic, baseline, group-relative advantage, RL\n\n\
         *From the LLM explainer glossary*"
    );

    // "KV cache" is one term, wherever in it the cursor is.
    for character in [39, 40, 44, 47] {
        let kv = client.request("textDocument/hover", at(&uri, 3, character));
        assert_eq!(kv["range"], range((3, 39), (3, 47)), "at {character}");
        assert_eq!(
            kv["contents"]["value"],
            "**KV cache**\n\nThe stored keys and values from all past tokens, so attention at step t \
             only needs to compute Q for the new token.\n\n*Introduced in §12 · The KV cache*\n\n\
             See also: key, value\n\n*From the LLM explainer glossary*"
        );
    }
    // Nothing to say about ordinary words.
    assert_eq!(
        client.request("textDocument/hover", at(&uri, 4, 3)),
        Value::Null
    );
    assert!(client.shutdown_and_exit().success());
}

/// Hover and inlay hint on an acronym the glossary gives several meanings: the one the document's
/// words pick, or, when they do not say, every meaning on hover and no hint.
#[test]
fn an_acronym_of_several_meanings_means_what_the_document_says() {
    let dir = project();
    let mut client = LspClient::initialized(
        dir.path(),
        capabilities(&["utf-16"]),
        json!({ "inlay-hints": "all" }),
    );
    let uri = file_uri(&dir.path().join("memory.md"));
    let text = "Selective activation checkpointing keeps the expensive activations.\n\
                With SAC on, each EM step raises the likelihood.\n";
    client.open(&uri, "markdown", 1, text);
    client.diagnostics(&uri, 1);

    // The document writes out one of SAC's meanings: that one, not soft actor-critic.
    let sac = client.request("textDocument/hover", at(&uri, 1, 6));
    assert_eq!(sac["range"], range((1, 5), (1, 8)));
    let value = sac["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        value.starts_with(
            "**SAC** — *selective activation checkpointing*\n\nActivation checkpointing that chooses"
        ),
        "{value}"
    );
    assert!(!value.contains("Actor-Critic"), "{value}");

    // Nothing says which EM: both meanings, and the reader is told the document does not say.
    let em = client.request("textDocument/hover", at(&uri, 1, 19));
    assert_eq!(em["range"], range((1, 18), (1, 20)));
    let value = em["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        value.starts_with(
            "**EM** — 2 meanings; the document does not say which\n\n*exact match*: A metric that \
             counts a prediction as correct"
        ),
        "{value}"
    );
    assert!(
        value.contains("\n\n*expectation–maximization*: An iterative algorithm"),
        "{value}"
    );

    // The hint says the meaning the document picks, and nothing where it does not say.
    let hints = client.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": range((0, 0), (2, 0)) }),
    );
    let labels: Vec<(Value, &str)> = hints
        .as_array()
        .expect("hints")
        .iter()
        .map(|h| (h["position"].clone(), h["label"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        labels,
        [(
            json!({ "line": 1, "character": 8 }),
            "(selective activation checkpointing)"
        )]
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn hover_in_plain_text_when_the_client_asks_for_it() {
    let dir = project();
    let mut caps = capabilities(&["utf-16"]);
    caps["textDocument"]["hover"]["contentFormat"] = json!(["plaintext"]);
    let mut client = LspClient::initialized(dir.path(), caps, Value::Null);
    let uri = file_uri(&dir.path().join("plain.md"));
    client.open(
        &uri,
        "markdown",
        1,
        "Large language models (LLMs) use a *KV cache*.\n",
    );
    client.diagnostics(&uri, 1);
    let hover = client.request("textDocument/hover", at(&uri, 0, 24));
    assert_eq!(hover["contents"]["kind"], "plaintext");
    let value = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        value.starts_with("LLM — Large language models\n\nDefined in this document on line 1 as Large language models\n\n"),
        "{value}"
    );
    assert!(!value.contains("**") && !value.contains('\\'), "{value}");
    assert!(
        value.ends_with("\n\nFrom the LLM explainer glossary"),
        "the hover says where a built-in entry comes from: {value}"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn completion_items() {
    let (_dir, mut client, uri) = start(Value::Null);
    let text = "# Completion\nWe use a KV cac\nThe PP\nGroup Relative Policy Optimization (GRPO) is new.\nMore GR\nSo s\n";
    client.open(&uri, "markdown", 1, text);
    client.diagnostics(&uri, 1);

    // Any word of a term matches; the words already typed are replaced too.
    let list = client.request("textDocument/completion", at(&uri, 1, 15));
    assert_eq!(list["isIncomplete"], false);
    let first = &list["items"][0];
    assert_eq!(first["label"], "KV cache");
    assert_eq!(first["filterText"], "KV cache");
    assert_eq!(
        first["textEdit"],
        json!({ "range": range((1, 9), (1, 15)), "newText": "KV cache" })
    );
    assert_eq!(
        first["documentation"]["value"],
        "The stored keys and values from all past tokens, so attention at step t only needs to \
         compute Q for the new token.\n\n*Introduced in §12 · The KV cache*\n\nSee also: key, value"
    );

    // An acronym not yet defined above the cursor inserts its spelled-out form, and says so.
    let list = client.request("textDocument/completion", at(&uri, 2, 6));
    let labels: Vec<&str> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["label"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        labels[..3],
        ["PP", "PPL", "PPO"],
        "exact prefix first, shortest first"
    );
    let ppo = &list["items"][2];
    assert_eq!(ppo["detail"], "Proximal Policy Optimization");
    assert_eq!(
        ppo["labelDetails"],
        json!({ "detail": " → Proximal Policy Optimization (PPO)", "description": "spelled out: first use" })
    );
    assert_eq!(
        ppo["textEdit"],
        json!({ "range": range((2, 4), (2, 6)), "newText": "Proximal Policy Optimization (PPO)" })
    );

    // Defined above the cursor: the acronym itself.
    let list = client.request("textDocument/completion", at(&uri, 4, 7));
    let grpo = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["label"] == "GRPO")
        .expect("GRPO offered");
    assert_eq!(
        grpo["textEdit"],
        json!({ "range": range((4, 5), (4, 7)), "newText": "GRPO" })
    );
    assert!(grpo.get("labelDetails").is_none());

    // A one-letter prefix matches many terms: the list is capped and marked incomplete.
    let list = client.request("textDocument/completion", at(&uri, 5, 4));
    assert_eq!(list["isIncomplete"], true);
    assert_eq!(list["items"].as_array().map(Vec::len), Some(50));
    // No word being typed, no completion.
    assert_eq!(
        client.request("textDocument/completion", at(&uri, 5, 3)),
        Value::Null
    );
    assert!(client.shutdown_and_exit().success());
}

/// What Neovim's built-in completion (`vim.lsp.omnifunc`, `vim.lsp.completion`) writes when an item is
/// accepted: it replaces the word before the cursor as Vim sees it (letters, digits, `_`) with the
/// item's `insertText`, after keeping the items whose `filterText` starts with that word.
fn accept_as_neovim(line: &str, item: &Value) -> String {
    let word_start = line
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '_')
        .last()
        .map_or(line.len(), |(i, _)| i);
    let word = &line[word_start..];
    let filter = item["filterText"].as_str().expect("a filterText");
    assert!(
        filter.starts_with(word),
        "{filter:?} does not start with {word:?}"
    );
    format!(
        "{}{}",
        &line[..word_start],
        item["insertText"].as_str().expect("an insertText")
    )
}

#[test]
fn completion_in_neovim_writes_the_whole_term() {
    let dir = project();
    let mut client = LspClient::start(&[], dir.path());
    // Neovim 0.11's own capabilities: no insertReplaceSupport.
    let mut caps = capabilities(&["utf-16"]);
    caps["textDocument"]["completion"]["completionItem"]["snippetSupport"] = json!(true);
    client.initialize_as(
        dir.path(),
        json!({ "name": "Neovim", "version": "0.11.4" }),
        caps.clone(),
        Value::Null,
    );
    let uri = file_uri(&dir.path().join("typing.md"));
    let lines = [
        "We use Proxim",
        "The cac",
        "The KV cac",
        "Prompting with chain-of-th",
        "we use proxim",
        "Prompting with chain-",
    ];
    client.open(&uri, "markdown", 1, &(lines.join("\n") + "\n"));
    client.diagnostics(&uri, 1);
    let accepted: Vec<String> = [
        (0, "PPO"),
        (1, "KV cache"),
        (2, "KV cache"),
        (3, "chain-of-thought"),
        (4, "PPO"),
        (5, "chain-of-thought"),
    ]
    .iter()
    .map(|&(line, label)| {
        let text = lines[line];
        let list = client.request(
            "textDocument/completion",
            at(&uri, line as u64, text.len() as u64),
        );
        let item = list["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|i| i["label"] == label)
            .unwrap_or_else(|| panic!("no {label} for {text:?}: {list}"))
            .clone();
        assert!(item.get("textEdit").is_none(), "{item}");
        accept_as_neovim(text, &item)
    })
    .collect();
    assert_eq!(
        accepted,
        [
            "We use Proximal Policy Optimization (PPO)",
            "The KV cache",
            "The KV cache",
            "Prompting with chain-of-thought (CoT)",
            "we use Proximal Policy Optimization (PPO)",
            "Prompting with chain-of-thought (CoT)",
        ]
    );
    assert!(client.shutdown_and_exit().success());

    // A completion plugin in Neovim (nvim-cmp, blink.cmp) says it supports insert-and-replace edits
    // and applies edits itself: it gets them.
    let mut client = LspClient::start(&[], dir.path());
    caps["textDocument"]["completion"]["completionItem"]["insertReplaceSupport"] = json!(true);
    client.initialize_as(
        dir.path(),
        json!({ "name": "Neovim", "version": "0.11.4" }),
        caps,
        Value::Null,
    );
    client.open(&uri, "markdown", 1, &(lines.join("\n") + "\n"));
    client.diagnostics(&uri, 1);
    let list = client.request("textDocument/completion", at(&uri, 1, 7));
    assert_eq!(
        list["items"][0]["textEdit"],
        json!({ "range": range((1, 4), (1, 7)), "newText": "KV cache" })
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn completion_documentation_resolved_lazily_when_the_client_can() {
    let dir = project();
    let mut caps = capabilities(&["utf-16"]);
    caps["textDocument"]["completion"]["completionItem"]["resolveSupport"] =
        json!({ "properties": ["documentation", "detail"] });
    let mut client = LspClient::initialized(dir.path(), caps, Value::Null);
    let uri = file_uri(&dir.path().join("lazy.md"));
    client.open(&uri, "markdown", 1, "We use a KV cac\n");
    client.diagnostics(&uri, 1);
    let list = client.request("textDocument/completion", at(&uri, 0, 15));
    let item = list["items"][0].clone();
    assert_eq!(item["label"], "KV cache");
    assert!(item.get("documentation").is_none(), "{item}");
    assert_eq!(item["data"], json!({ "uri": uri, "name": "KV cache" }));
    let resolved = client.request("completionItem/resolve", item);
    assert_eq!(resolved["label"], "KV cache");
    assert_eq!(
        resolved["documentation"]["value"],
        "The stored keys and values from all past tokens, so attention at step t only needs to \
         compute Q for the new token.\n\n*Introduced in §12 · The KV cache*\n\nSee also: key, value"
    );
    assert_eq!(resolved["textEdit"]["newText"], "KV cache");
    assert!(client.shutdown_and_exit().success());
}

const HINTS: &str = "# Hints for GRPO
The PPO critic and GRPO.
Group Relative Policy Optimization (GRPO) came later. A GPU runs GRPO.
";

fn hints(mode: &str) -> Vec<(Value, String)> {
    let (_dir, mut client, uri) = start(json!({ "inlay-hints": mode }));
    client.open(&uri, "markdown", 1, HINTS);
    client.diagnostics(&uri, 1);
    let result = client.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": range((0, 0), (3, 0)) }),
    );
    assert!(client.shutdown_and_exit().success());
    result
        .as_array()
        .expect("hints")
        .iter()
        .map(|h| {
            assert_eq!(h["paddingLeft"], true);
            (
                h["position"].clone(),
                h["label"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn inlay_hints_in_each_mode() {
    let pos = |line: u64, character: u64| json!({ "line": line, "character": character });
    let grpo = "(Group Relative Policy Optimization)".to_string();
    let ppo = "(Proximal Policy Optimization)".to_string();
    // Not in the heading, not on the definition’s own "(GRPO)", nor on GPU, which a practitioner (the
    // default audience) knows.
    assert_eq!(
        hints("all"),
        [
            (pos(1, 7), ppo.clone()),
            (pos(1, 23), grpo.clone()),
            (pos(2, 69), grpo.clone()),
        ]
    );
    assert_eq!(hints("undefined"), [(pos(1, 7), ppo), (pos(1, 23), grpo)]);
    assert_eq!(hints("off"), []);
}

/// A realistic document: a heading with an acronym, a definition in each order, uses before and after.
const NOTES_ON_TRAINING: &str = "# Fine-tuning notes
### Reinforcement Learning (GRPO)

We fine-tune with LoRA and TRL, then train with GRPO.
Low-Rank Adaptation (LoRA) trains small matrices; LoRA adapters are cheap.
GRPO (Group Relative Policy Optimization) drops the critic. Later, GRPO beats PPO.
TRL (the Transformer Reinforcement Learning library) has the trainers; TRL is open source.

## References
- Hu et al. 2021. LoRA: Low-Rank Adaptation of Large Language Models.
";

/// The hints for the whole document under `options`, as (line, character, label).
fn document_hints(text: &str, options: Value) -> Vec<(u64, u64, String)> {
    let (_dir, mut client, uri) = start(options);
    client.open(&uri, "markdown", 1, text);
    client.diagnostics(&uri, 1);
    let result = client.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": range((0, 0), (100, 0)) }),
    );
    assert!(client.shutdown_and_exit().success());
    result
        .as_array()
        .expect("hints")
        .iter()
        .map(|h| {
            (
                h["position"]["line"].as_u64().unwrap_or(0),
                h["position"]["character"].as_u64().unwrap_or(0),
                h["label"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn inlay_hints_of_a_realistic_document_in_each_mode() {
    let hint = |line: u64, character: u64, label: &str| (line, character, label.to_string());
    let lora = "(Low-Rank Adaptation)";
    let trl = "(the Transformer Reinforcement Learning library)";
    let grpo = "(Group Relative Policy Optimization)";
    let ppo = "(Proximal Policy Optimization)";
    // Never in the heading (line 1), on either definition (lines 4 and 5, in each order), or in the
    // cited title, where "Low-Rank Adaptation" follows "LoRA:" (line 9). The document's own expansion
    // wins over the glossary's (TRL).
    let undefined = [
        hint(3, 22, lora),
        hint(3, 30, trl),
        hint(3, 52, grpo),
        hint(5, 81, ppo),
    ];
    assert_eq!(
        document_hints(NOTES_ON_TRAINING, Value::Null),
        undefined,
        "the default"
    );
    assert_eq!(
        document_hints(NOTES_ON_TRAINING, json!({ "inlay-hints": "undefined" })),
        undefined
    );
    // `all` adds the uses after the definitions.
    assert_eq!(
        document_hints(NOTES_ON_TRAINING, json!({ "inlay-hints": "all" })),
        [
            hint(3, 22, lora),
            hint(3, 30, trl),
            hint(3, 52, grpo),
            hint(4, 54, lora),
            hint(5, 71, grpo),
            hint(5, 81, ppo),
            hint(6, 74, trl),
        ]
    );
    assert_eq!(
        document_hints(NOTES_ON_TRAINING, json!({ "inlay-hints": "off" })),
        []
    );
}

#[test]
fn inlay_hints_of_a_range() {
    let (_dir, mut client, uri) = start(Value::Null);
    client.open(&uri, "markdown", 1, HINTS);
    client.diagnostics(&uri, 1);
    let result = client.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": range((1, 0), (1, 10)) }),
    );
    assert_eq!(
        result,
        json!([{ "position": { "line": 1, "character": 7 }, "label": "(Proximal Policy Optimization)", "paddingLeft": true }])
    );
    assert!(client.shutdown_and_exit().success());
}

/// The code actions at a position, and the document text after applying the first one's edit.
fn first_fix(
    client: &mut LspClient,
    uri: &str,
    text: &str,
    line: u64,
    character: u64,
) -> (Value, String) {
    let actions = client.code_actions_at(uri, line, character);
    let edit = &actions[0]["edit"]["documentChanges"][0];
    assert_eq!(edit["textDocument"]["uri"], uri);
    let edits = edit["edits"].as_array().expect("edits").clone();
    let fixed = apply_edits(text, &edits, Enc::Utf16);
    (actions, fixed)
}

#[test]
fn code_actions_and_the_text_after_applying_them() {
    let (_dir, mut client, uri) = start(Value::Null);
    client.open(&uri, "markdown", 1, NOTES);
    let diagnostics = client.diagnostics(&uri, 1);

    let (actions, fixed) = first_fix(&mut client, &uri, NOTES, 1, 65);
    assert_eq!(actions.as_array().map(Vec::len), Some(2));
    assert_eq!(
        actions[0]["title"],
        "Spell out: Proximal Policy Optimization (PPO)"
    );
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(actions[0]["diagnostics"], json!([diagnostics[0]]));
    assert_eq!(
        actions[0]["edit"]["documentChanges"][0]["textDocument"]["version"],
        1
    );
    assert_eq!(
        fixed.lines().nth(1),
        Some("Group Relative Policy Optimization (GRPO) drops the critic that Proximal Policy Optimization (PPO) keeps.")
    );
    assert_eq!(
        actions[1]["title"],
        "Add `PPO` to the project's ignore list"
    );
    assert_eq!(actions[1]["command"]["command"], "glossary-ls.ignoreToken");
    assert_eq!(
        actions[1]["command"]["arguments"],
        json!([{ "uri": uri, "token": "PPO" }])
    );
    assert!(actions[1].get("isPreferred").is_none());

    // Used before its definition: move the definition to the first use (two edits).
    let (actions, fixed) = first_fix(&mut client, &uri, NOTES, 2, 10);
    assert_eq!(
        actions[0]["title"],
        "Move the definition here: Direct Preference Optimization (DPO)"
    );
    assert_eq!(
        fixed.lines().nth(2),
        Some("We tried Direct Preference Optimization (DPO) first. Later, DPO won.")
    );

    // Applying both fixes clears their diagnostics and changes nothing else.
    let (_, once) = first_fix(&mut client, &uri, NOTES, 1, 65);
    client.change(&uri, 2, json!([{ "text": once }]));
    client.diagnostics(&uri, 2);
    let (_, twice) = first_fix(&mut client, &uri, &once, 2, 10);
    client.change(&uri, 3, json!([{ "text": twice }]));
    let codes: Vec<String> = client
        .diagnostics(&uri, 3)
        .iter()
        .map(|d| format!("{} {}", d["code"], d["range"]["start"]["line"]))
        .collect();
    assert_eq!(
        codes,
        [
            "\"acronym-not-spelled-out\" 3",
            "\"acronym-not-spelled-out\" 3",
            "\"acronym-not-spelled-out\" 4",
            "\"undefined-acronym\" 4"
        ]
    );
    // Only quick fixes are offered; a request for other kinds gets none.
    let refactors = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": range((3, 5), (3, 5)),
            "context": { "diagnostics": [], "only": ["refactor"] },
        }),
    );
    assert_eq!(refactors, json!([]));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn definition_references_and_highlights() {
    let dir = project();
    std::fs::write(
        dir.path().join(".glossary-ls.toml"),
        "glossaries = [\"team.toml\"]\n",
    )
    .expect("write config");
    std::fs::write(
        dir.path().join("team.toml"),
        "# Team terms\n\n[[term]]\nname = \"AWP\"\nkind = \"acronym\"\nacronym = \"AWP\"\n\
         expansion = \"Acme Widget Protocol\"\ndefinition = \"How our widgets talk.\"\n",
    )
    .expect("write glossary");
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&dir.path().join("nav.md"));
    let text = "We tried DPO first. Later, Direct Preference Optimization (DPO) won.\nOur AWP is fast; AWP is ours.\n";
    client.open(&uri, "markdown", 1, text);
    client.diagnostics(&uri, 1);

    let definition = client.request("textDocument/definition", at(&uri, 0, 10));
    assert_eq!(
        definition,
        json!({ "uri": uri, "range": range((0, 27), (0, 63)) })
    );
    // Defined in the project glossary: its entry there.
    let definition = client.request("textDocument/definition", at(&uri, 1, 5));
    assert_eq!(
        definition,
        json!({ "uri": file_uri(&dir.path().join("team.toml")), "range": range((3, 7), (3, 7)) })
    );
    let hover = client.request("textDocument/hover", at(&uri, 1, 5));
    assert_eq!(
        hover["contents"]["value"],
        "**AWP** — *Acme Widget Protocol*\n\nHow our widgets talk.\n\n*From team.toml, line 4*"
    );

    let references = |client: &mut LspClient, include: bool| {
        let result = client.request(
            "textDocument/references",
            json!({
                "textDocument": { "uri": uri },
                "position": { "line": 0, "character": 10 },
                "context": { "includeDeclaration": include },
            }),
        );
        result
            .as_array()
            .expect("locations")
            .iter()
            .map(|l| {
                assert_eq!(l["uri"], uri);
                l["range"].clone()
            })
            .collect::<Vec<_>>()
    };
    // The acronym's uses and the term's spelled-out occurrence; the definition's "(DPO)" only with
    // declarations.
    assert_eq!(
        references(&mut client, false),
        [range((0, 9), (0, 12)), range((0, 27), (0, 57))]
    );
    assert_eq!(
        references(&mut client, true),
        [
            range((0, 9), (0, 12)),
            range((0, 27), (0, 57)),
            range((0, 59), (0, 62))
        ]
    );
    let highlights = client.request("textDocument/documentHighlight", at(&uri, 1, 18));
    assert_eq!(
        highlights,
        json!([
            { "range": range((1, 4), (1, 7)), "kind": 2 },
            { "range": range((1, 17), (1, 20)), "kind": 2 },
        ])
    );
    let highlights = client.request("textDocument/documentHighlight", at(&uri, 0, 60));
    assert_eq!(
        highlights[2],
        json!({ "range": range((0, 59), (0, 62)), "kind": 3 })
    );
    assert!(client.shutdown_and_exit().success());
}

/// The server and the engine never disagree about a finding: on every corpus document, the published
/// diagnostics are the engine's findings, same codes, same places, same messages.
#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn corpus_documents_get_the_engines_findings() {
    let corpus = std::env::var_os("GLOSSARY_LS_CORPUS").expect("GLOSSARY_LS_CORPUS is set");
    let mut paths: Vec<_> = std::fs::read_dir(&corpus)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        name.ends_with(".md") && name != "bench-1mb.md" && name != "SOURCES.md"
    });
    paths.sort();
    assert!(!paths.is_empty(), "no documents in {corpus:?}");
    let config = glossary_ls::config::Config::default();
    let engine = glossary_ls::analysis::Engine::shared(
        config.glossary().complete().expect("built-in glossary"),
    );
    let settings = glossary_ls::analysis::Settings::from_config(&config);
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("read corpus document");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("doc.md");
        let uri = file_uri(&dir.path().join(name));
        client.open(&uri, "markdown", 1, &text);
        let published: Vec<(Value, String, String)> = client
            .diagnostics(&uri, 1)
            .iter()
            .map(|d| {
                (
                    d["range"].clone(),
                    d["code"].as_str().unwrap_or("").to_string(),
                    d["message"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        let analysis = glossary_ls::analysis::analyze(
            &text,
            glossary_ls::analysis::DocKind::Markdown,
            &engine,
            &settings,
        );
        let expected: Vec<(Value, String, String)> = analysis
            .findings
            .iter()
            .map(|f| {
                let start = common::position_at(&text, f.range.start, Enc::Utf16);
                let end = common::position_at(&text, f.range.end, Enc::Utf16);
                (
                    json!({ "start": start, "end": end }),
                    f.code.as_str().to_string(),
                    f.message.clone(),
                )
            })
            .collect();
        assert_eq!(published, expected, "{name}");
        println!("{name}: {} diagnostics", published.len());
    }
    assert!(client.shutdown_and_exit().success());
}
