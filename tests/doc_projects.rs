//! Documentation projects' own glossaries (MkDocs abbreviations, MyST, Sphinx, glossary pages), read
//! as a user meets them: the real binary run in a project folder with no `.glossary-ls.toml`.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{capabilities, file_uri, range, LspClient};
use serde_json::{json, Value};

fn glossary_ls(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_glossary-ls"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// The acronyms `check` (JSON) reports as not spelled out, and the checked file count.
fn not_spelled_out(dir: &Path, args: &[&str]) -> (Vec<String>, u64) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let output = glossary_ls(&all, dir);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let mut tokens: Vec<String> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "acronym-not-spelled-out")
        .map(|f| f["token"].as_str().unwrap_or_default().to_string())
        .collect();
    tokens.sort();
    (tokens, json["files_checked"].as_u64().unwrap_or(0))
}

const MKDOCS: &str = "site_name: Demo\nmarkdown_extensions:\n  - abbr\n  - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n          format: !!python/name:pymdownx.superfences.fence_code_format\n  - pymdownx.snippets:\n      auto_append:\n        - includes/abbreviations.md\n";

const PAGE: &str = "# Training\n\nWe train with GRPO and compare it with PPO.\n";

/// MkDocs appends the abbreviation file to every page, so every page shows GRPO's expansion as a
/// tooltip: no page is told to spell it out, whatever the scope. PPO, not in the file, still is.
#[test]
fn mkdocs_auto_appended_abbreviations_hold_on_every_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "mkdocs.yml", MKDOCS);
    write(
        root,
        "includes/abbreviations.md",
        "*[GRPO]: Group Relative Policy Optimization\n",
    );
    write(root, "docs/guide/train.md", PAGE);
    let (found, files) = not_spelled_out(root, &["docs"]);
    assert_eq!(found, ["PPO"]);
    assert_eq!(files, 1);

    // The abbreviation file is data, not a page to check, and hover and `define` say where it is.
    let (_, files) = not_spelled_out(root, &[]);
    assert_eq!(files, 1, "includes/abbreviations.md is not checked");
    let define = glossary_ls(&["define", "GRPO"], &root.join("docs"));
    let text = String::from_utf8_lossy(&define.stdout);
    assert!(
        text.contains("Group Relative Policy Optimization"),
        "{text}"
    );
    assert!(text.contains("includes/abbreviations.md:1"), "{text}");

    // Without `abbr` the lines are text, not tooltips.
    write(root, "mkdocs.yml", &MKDOCS.replace("  - abbr\n", ""));
    assert_eq!(not_spelled_out(root, &["docs"]).0, ["GRPO", "PPO"]);

    // `discover = false` in a config file turns discovery off.
    write(root, "mkdocs.yml", MKDOCS);
    write(root, ".glossary-ls.toml", "discover = false\n");
    assert_eq!(not_spelled_out(root, &["docs"]).0, ["GRPO", "PPO"]);
    write(root, ".glossary-ls.toml", "");
    assert_eq!(not_spelled_out(root, &["docs"]).0, ["PPO"]);
}

#[test]
fn a_broken_generator_config_is_reported_with_its_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nmarkdown_extensions:\n  - abbr\n  - [unclosed\n",
    );
    write(root, "docs/page.md", PAGE);
    let output = glossary_ls(&["check", "docs"], root);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("mkdocs.yml:5:1: invalid YAML"), "{stderr}");
}

/// mystmd shows `myst.yml`'s abbreviations on every page; a page's own front matter map holds for
/// that page.
#[test]
fn myst_project_and_page_abbreviations() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "myst.yml",
        "version: 1\nproject:\n  title: Demo\n  abbreviations:\n    GRPO: Group Relative Policy Optimization\n",
    );
    write(root, "a.md", PAGE);
    write(
        root,
        "b.md",
        "---\ntitle: B\nabbreviations:\n  PPO: Proximal Policy Optimization\n---\n# B\n\nPPO and DPO.\n",
    );
    let (found, files) = not_spelled_out(root, &["a.md", "b.md"]);
    assert_eq!(found, ["DPO", "PPO"], "PPO in a.md; DPO in b.md");
    assert_eq!(files, 2);
}

/// A Sphinx glossary defines terms for hover and go-to-definition; under `scope = "page"` each page
/// still spells out its acronyms, under `scope = "site"` the glossary does it for every page.
#[test]
fn sphinx_glossary_and_the_two_scopes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "docs/conf.py",
        "project = 'Demo'\nextensions = ['myst_parser']\n",
    );
    write(
        root,
        "docs/glossary.rst",
        "Glossary\n========\n\n.. glossary::\n\n   Group Relative Policy Optimization (GRPO)\n      An RL method without a critic.\n",
    );
    write(root, "docs/train.md", PAGE);
    assert_eq!(not_spelled_out(root, &["docs/train.md"]).0, ["GRPO", "PPO"]);
    let define = glossary_ls(&["define", "GRPO"], &root.join("docs"));
    let text = String::from_utf8_lossy(&define.stdout);
    assert!(text.contains("An RL method without a critic."), "{text}");
    assert!(text.contains("glossary.rst:6"), "{text}");
    write(root, ".glossary-ls.toml", "scope = \"site\"\n");
    assert_eq!(not_spelled_out(root, &["docs/train.md"]).0, ["PPO"]);
}

/// A glossary page named explicitly, with its format.
#[test]
fn a_glossary_page_named_in_the_config() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        ".glossary-ls.toml",
        "scope = \"site\"\nglossaries = [{ path = \"terms.md\", format = \"glossary-page\" }]\n",
    );
    write(
        root,
        "terms.md",
        "# Glossary\n\n## G\n\n### Group Relative Policy Optimization (GRPO)\n\nAn RL method without a critic.\n",
    );
    write(root, "train.md", PAGE);
    assert_eq!(not_spelled_out(root, &["train.md"]).0, ["PPO"]);
    write(
        root,
        ".glossary-ls.toml",
        "glossaries = [{ path = \"terms.md\", format = \"wiki\" }]\n",
    );
    let output = glossary_ls(&["check", "train.md"], root);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(".glossary-ls.toml:1:15: unknown glossary format `wiki`; the formats are toml, explainer, mkdocs-abbr, myst, sphinx, glossary-page, latex"),
        "{stderr}"
    );
}

// The real documentation trees of the development corpus (`GLOSSARY_LS_CORPUS_DEV`/projects).

#[cfg(glossary_ls_corpus_dev)]
fn project(name: &str) -> std::path::PathBuf {
    let dev = std::env::var_os("GLOSSARY_LS_CORPUS_DEV").expect("GLOSSARY_LS_CORPUS_DEV");
    Path::new(&dev).join("projects").join(name)
}

/// The user entries `glossary` exports in `dir`: (name, file name, line).
#[cfg(glossary_ls_corpus_dev)]
fn project_entries(dir: &Path) -> Vec<(String, String, u64)> {
    let output = glossary_ls(&["glossary", "--format", "json"], dir);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    json.as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["origin"] == "user")
        .map(|e| {
            let file = e["file"].as_str().unwrap_or_default();
            let name = Path::new(file)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned());
            (
                e["name"].as_str().unwrap_or_default().to_string(),
                name.unwrap_or_default(),
                e["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// redbox (MkDocs Material): `docs/abbreviations.md` is appended to every page. Its 30 abbreviations
/// are read with their lines, and no page is told to spell out RAG, LLM or GenAI, which the tooltip
/// gives; OCR, not in the file, is still reported.
#[test]
#[cfg_attr(
    not(glossary_ls_corpus_dev),
    ignore = "GLOSSARY_LS_CORPUS_DEV was not set when the tests were built"
)]
fn redbox_mkdocs_abbreviations() {
    #[cfg(glossary_ls_corpus_dev)]
    {
        let root = project("redbox");
        let entries = project_entries(&root);
        assert_eq!(entries.len(), 30);
        assert_eq!(
            entries[1],
            ("RAG".to_string(), "abbreviations.md".to_string(), 2)
        );
        let (without, files_without) = not_spelled_out(&root, &["--no-config", "docs"]);
        assert_eq!(without, ["GenAI", "LLM", "LLM", "LLM", "OCR", "RAG"]);
        let (with, files) = not_spelled_out(&root, &["docs"]);
        assert_eq!(with, ["OCR"]);
        assert_eq!(
            files + 1,
            files_without,
            "the abbreviation file is not a page"
        );
    }
}

/// toyml (MkDocs Material): its appended file holds citation tooltips (`*[Murphy]: …`).
#[test]
#[cfg_attr(
    not(glossary_ls_corpus_dev),
    ignore = "GLOSSARY_LS_CORPUS_DEV was not set when the tests were built"
)]
fn toyml_mkdocs_abbreviations() {
    #[cfg(glossary_ls_corpus_dev)]
    {
        let root = project("toyml");
        let entries = project_entries(&root);
        assert_eq!(entries.len(), 7);
        assert_eq!(
            entries[3],
            ("Murphy".to_string(), "abbreviations.md".to_string(), 4)
        );
        let (found, files) = not_spelled_out(&root, &["docs"]);
        assert_eq!((found.len(), files), (0, 10));
    }
}

/// neat-python (Sphinx): the `.. glossary::` of `docs/glossary.rst`, terms that share a definition
/// included, each at its own line.
#[test]
#[cfg_attr(
    not(glossary_ls_corpus_dev),
    ignore = "GLOSSARY_LS_CORPUS_DEV was not set when the tests were built"
)]
fn neat_python_sphinx_glossary() {
    #[cfg(glossary_ls_corpus_dev)]
    {
        let root = project("neat-python");
        let entries = project_entries(&root.join("docs"));
        assert_eq!(entries.len(), 32);
        let at = |name: &str| {
            entries
                .iter()
                .find(|e| e.0 == name)
                .map(|e| (e.1.as_str(), e.2))
        };
        assert_eq!(at("attributes"), Some(("glossary.rst", 9)));
        assert_eq!(at("bias"), Some(("glossary.rst", 15)));
        assert_eq!(at("response"), Some(("glossary.rst", 16)));
        let (found, files) = not_spelled_out(&root, &["docs"]);
        // The two Markdown pages and the 22 reStructuredText pages: none is told to spell out a
        // term of the glossary; what remains is what it does not define.
        assert_eq!(files, 24);
        assert_eq!(found, ["CNNs", "GRU", "LSTM", "ODE", "ODE", "RNN"]);
    }
}

/// `glossary --format F --used-in PAGE` writes only the entries the page uses, in a form the same
/// project then reads back as its own glossary.
#[test]
fn exports_of_the_used_entries_load_back_as_the_projects_glossary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "page.md", PAGE);
    let export = |format: &str| {
        let output = glossary_ls(
            &["glossary", "--format", format, "--used-in", "page.md"],
            root,
        );
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("utf-8")
    };
    let lines = export("mkdocs-abbr");
    assert_eq!(
        lines,
        "*[GRPO]: Group Relative Policy Optimization\n*[PPO]: Proximal Policy Optimization\n"
    );
    let latex = export("latex");
    assert!(
        latex.contains("\\newacronym{ppo}{PPO}{Proximal Policy Optimization}\n"),
        "{latex}"
    );
    for (format, file, glossaries) in [
        ("mkdocs-abbr", "abbr.md", "[\"abbr.md\"]"),
        (
            "myst",
            "terms.md",
            "[{ path = \"terms.md\", format = \"myst\" }]",
        ),
        ("sphinx", "terms.rst", "[\"terms.rst\"]"),
    ] {
        write(root, file, &export(format));
        write(
            root,
            ".glossary-ls.toml",
            &format!("scope = \"site\"\nglossaries = {glossaries}\n"),
        );
        assert!(not_spelled_out(root, &["page.md"]).0.is_empty(), "{format}");
        let define = glossary_ls(&["define", "PPO"], root);
        let text = String::from_utf8_lossy(&define.stdout);
        assert!(
            text.contains(&format!("Defined at {}", root.join(file).display())),
            "{format}: {text}"
        );
        std::fs::remove_file(root.join(".glossary-ls.toml")).expect("rm");
    }
}

/// `harvest` gathers the definitions documents make (prose, abbreviation lines, glossary
/// directives) into a glossary that loads, each entry under its source, and reports an acronym
/// defined two ways on stderr.
#[test]
fn harvest_collects_definitions_and_reports_conflicts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "docs/a.md",
        "# A\n\nWe use Soft Actor-Critic (SAC) with a large language model (LLM).\n",
    );
    write(
        root,
        "docs/b.md",
        "# B\n\nSelective activation checkpointing (SAC) saves memory.\n\n*[KV]: key-value\n",
    );
    write(
        root,
        "docs/c.md",
        "# C\n\nThe soft actor critic (SAC) again.\n",
    );
    write(
        root,
        "docs/glossary.rst",
        ".. glossary::\n\n   masked language modeling (MLM)\n      A pretraining task.\n",
    );
    let output = glossary_ls(
        &["--no-config", "harvest", "docs", "-o", "harvested.toml"],
        root,
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        stderr,
        "conflict: `SAC` has 2 long forms; the glossary keeps the first:\n  docs/a.md:3:8: Soft Actor-Critic\n  docs/b.md:3:1: Selective activation checkpointing\nharvested 4 entries from 4 documents; 1 conflict\n"
    );
    let text = std::fs::read_to_string(root.join("harvested.toml")).expect("written");
    assert!(
        text.contains("# source: docs/a.md:3:8 (and 1 more)\n# conflict: also \"Selective activation checkpointing\" at docs/b.md:3:1\n[[term]]\nname = \"SAC\"\n"),
        "{text}"
    );
    assert!(text.contains("# source: docs/glossary.rst:3:4\n"), "{text}");
    let define = glossary_ls(
        &[
            "--no-config",
            "--glossary",
            "harvested.toml",
            "define",
            "MLM",
        ],
        root,
    );
    let shown = String::from_utf8_lossy(&define.stdout);
    assert!(shown.contains("A pretraining task."), "{shown}");
    let define = glossary_ls(
        &[
            "--no-config",
            "--glossary",
            "harvested.toml",
            "define",
            "KV",
        ],
        root,
    );
    assert!(String::from_utf8_lossy(&define.stdout).contains("key-value"));
}

/// In the editor: a page of a MkDocs site gets no diagnostic for an acronym its site appends to
/// every page; hover says where the site defines it, and go to definition opens that line.
#[test]
fn the_server_reads_the_site_glossary() {
    let dir = common::project();
    let root = dir.path();
    write(root, "mkdocs.yml", MKDOCS);
    write(
        root,
        "includes/abbreviations.md",
        "*[KV]: key-value\n*[GRPO]: Group Relative Policy Optimization\n",
    );
    write(root, "docs/train.md", PAGE);
    let mut client = LspClient::initialized(root, capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&root.join("docs/train.md"));
    client.open(&uri, "markdown", 1, PAGE);
    let tokens: Vec<Value> = client
        .diagnostics(&uri, 1)
        .iter()
        .map(|d| json!([d["code"], d["range"]]))
        .collect();
    assert_eq!(
        tokens,
        [json!(["acronym-not-spelled-out", range((2, 39), (2, 42))])]
    );
    let at = json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 15 } });
    let hover = client.request("textDocument/hover", at.clone());
    let text = hover["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(text.ends_with("*From abbreviations.md, line 2*"), "{text}");
    let definition = client.request("textDocument/definition", at);
    assert_eq!(
        definition,
        json!({ "uri": file_uri(&root.join("includes/abbreviations.md")), "range": range((1, 2), (1, 2)) })
    );
    assert!(client.shutdown_and_exit().success());
}

/// "Add to the project glossary" on a definition writes it to a new `glossary.toml`, names that file
/// in a new `.glossary-ls.toml`, and from then on hover explains the acronym from there; a second
/// definition goes to the same glossary, and a definition the glossary holds offers nothing.
#[test]
fn the_server_adds_a_definition_to_the_project_glossary() {
    let dir = common::project();
    let root = dir.path();
    let text = "We tried Direct Preference Optimization (DPO) first.\nThen Group Relative Policy Optimization (GRPO).\n";
    write(root, "notes.md", text);
    let mut client = LspClient::initialized(root, capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&root.join("notes.md"));
    client.open(&uri, "markdown", 1, text);
    client.diagnostics(&uri, 1);
    let refactors = |client: &mut LspClient, line: u64| {
        client.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": range((line, 12), (line, 12)),
                "context": { "diagnostics": [], "only": ["refactor"] },
            }),
        )
    };
    let actions = refactors(&mut client, 0);
    assert_eq!(actions[0]["title"], "Add `DPO` to the project glossary");
    assert_eq!(actions[0]["kind"], "refactor");
    let command = actions[0]["command"].clone();
    client.request(
        "workspace/executeCommand",
        json!({ "command": command["command"], "arguments": command["arguments"] }),
    );
    assert_eq!(
        std::fs::read_to_string(root.join(".glossary-ls.toml")).expect("config"),
        "glossaries = [\"glossary.toml\"]\n"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("glossary.toml")).expect("glossary"),
        "[[term]]\nname = \"DPO\"\nkind = \"acronym\"\nacronym = \"DPO\"\nexpansion = \"Direct Preference Optimization\"\ndefinition = \"Direct Preference Optimization\"\n"
    );
    assert_eq!(
        refactors(&mut client, 0),
        json!([]),
        "DPO is in the glossary now"
    );
    let command = refactors(&mut client, 1)[0]["command"].clone();
    client.request(
        "workspace/executeCommand",
        json!({ "command": command["command"], "arguments": command["arguments"] }),
    );
    let glossary = std::fs::read_to_string(root.join("glossary.toml")).expect("glossary");
    assert!(glossary.ends_with("[[term]]\nname = \"GRPO\"\nkind = \"acronym\"\nacronym = \"GRPO\"\nexpansion = \"Group Relative Policy Optimization\"\ndefinition = \"Group Relative Policy Optimization\"\n"), "{glossary}");
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 42 } }),
    );
    let shown = hover["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(shown.ends_with("*From glossary.toml, line 2*"), "{shown}");
    assert!(client.shutdown_and_exit().success());
}

/// A real LaTeX `glossaries` file (the-teachingRSE-project/competencies): its 34 `\newacronym`s and
/// 14 `\newglossaryentry`s load, options (`[plural=…]`) and nested macros included.
#[test]
#[cfg_attr(
    not(glossary_ls_corpus_dev),
    ignore = "GLOSSARY_LS_CORPUS_DEV was not set when the tests were built"
)]
fn a_real_latex_glossary_loads() {
    #[cfg(glossary_ls_corpus_dev)]
    {
        let dev = std::env::var_os("GLOSSARY_LS_CORPUS_DEV").expect("GLOSSARY_LS_CORPUS_DEV");
        let file = Path::new(&dev).join("formats/tex/competencies__glossary.tex");
        let dir = tempfile::tempdir().expect("tempdir");
        let file = file.to_string_lossy().into_owned();
        let output = glossary_ls(
            &[
                "--no-config",
                "--glossary",
                &file,
                "glossary",
                "--format",
                "json",
            ],
            dir.path(),
        );
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
        let user: Vec<&Value> = json
            .as_array()
            .expect("entries")
            .iter()
            .filter(|e| e["origin"] == "user")
            .collect();
        assert_eq!(user.len(), 48);
        assert_eq!(user.iter().filter(|e| e["acronym"].is_string()).count(), 34);
        let llm = user.iter().find(|e| e["acronym"] == "LLM").expect("LLM");
        assert_eq!(llm["expansion"], "large language model");
    }
}

/// In a MkDocs site without a config file, "ignore in this project" and "Add to the project
/// glossary" never touch `mkdocs.yml`: they create `.glossary-ls.toml` (and `glossary.toml`) beside
/// it, where discovery finds them, and the site's abbreviations are still read.
#[test]
fn the_server_never_edits_the_generator_config() {
    let dir = common::project();
    let root = dir.path();
    write(root, "mkdocs.yml", MKDOCS);
    write(
        root,
        "includes/abbreviations.md",
        "*[GRPO]: Group Relative Policy Optimization\n",
    );
    let text = "# Notes\n\nGRPO beats XYZW. Direct Preference Optimization (DPO) too.\n";
    write(root, "docs/notes.md", text);
    let mut client = LspClient::initialized(root, capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&root.join("docs/notes.md"));
    client.open(&uri, "markdown", 1, text);
    client.diagnostics(&uri, 1);
    client.request(
        "workspace/executeCommand",
        json!({ "command": "glossary-ls.ignoreToken", "arguments": [{ "uri": uri, "token": "XYZW" }] }),
    );
    client.request(
        "workspace/executeCommand",
        json!({ "command": "glossary-ls.addToGlossary", "arguments": [{ "uri": uri, "acronym": "DPO", "expansion": "Direct Preference Optimization" }] }),
    );
    assert_eq!(
        std::fs::read_to_string(root.join("mkdocs.yml")).expect("mkdocs.yml"),
        MKDOCS
    );
    assert_eq!(
        std::fs::read_to_string(root.join(".glossary-ls.toml")).expect("config"),
        "ignore = [\"XYZW\"]\nglossaries = [\"glossary.toml\"]\n"
    );
    let (found, _) = not_spelled_out(root, &["docs"]);
    assert!(found.is_empty(), "{found:?}");
    let output = glossary_ls(&["check", "--format", "json", "docs"], root);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(json["findings"], json!([]));
    assert!(client.shutdown_and_exit().success());
}
