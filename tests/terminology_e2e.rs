//! The terminology rules end to end: `check` (JSON report and `--fix` on disk) and the language server
//! (diagnostic, quick fix, text after applying it), through the real binary.

mod common;

use std::process::Command;

use common::{apply_edits, capabilities, file_uri, project, range, Enc, LspClient};
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_glossary-ls");

/// Runs `check` in `dir` with `args`; returns the exit code and stdout.
fn check(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let output = Command::new(BIN)
        .arg("check")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs");
    (
        output.status.code().expect("exit code"),
        String::from_utf8(output.stdout).expect("UTF-8 stdout"),
    )
}

const SPELLING: &str = "Train with Pytorch, then run `deepspeed.initialize`.\n";

#[test]
fn check_reports_a_misspelled_name_and_fix_writes_the_canonical_spelling() {
    let dir = project();
    std::fs::write(dir.path().join("a.md"), SPELLING).expect("write");
    let (code, stdout) = check(dir.path(), &["--format", "json", "a.md"]);
    assert_eq!(code, 1, "a warning fails the default --deny warning");
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let finding = &findings[0];
    assert_eq!(finding["code"], "non-canonical-spelling");
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["token"], "Pytorch");
    assert_eq!(finding["acronym"], "PyTorch");
    assert_eq!(finding["message"], "`Pytorch` is spelled “PyTorch”");
    assert_eq!(
        finding["range"],
        json!({"start": {"line": 1, "column": 12}, "end": {"line": 1, "column": 19}})
    );
    assert_eq!(finding["fixes"][0]["preferred"], true);
    assert_eq!(finding["fixes"][0]["edits"][0]["replacement"], "PyTorch");

    let (code, _) = check(dir.path(), &["--fix", "a.md"]);
    assert_eq!(code, 0, "nothing is left after the fix");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).expect("read"),
        "Train with PyTorch, then run `deepspeed.initialize`.\n"
    );
}

#[test]
fn check_severity_table_turns_the_code_off() {
    let dir = project();
    std::fs::write(dir.path().join("a.md"), SPELLING).expect("write");
    std::fs::write(
        dir.path().join(".glossary-ls.toml"),
        "[severity]\nnon-canonical-spelling = \"off\"\n",
    )
    .expect("write config");
    let (code, stdout) = check(dir.path(), &["--format", "json", "a.md"]);
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(report["findings"], json!([]));
}

#[test]
fn the_server_shows_the_diagnostic_and_its_quick_fix_writes_the_name() {
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&dir.path().join("notes.md"));
    // An emoji before the name: UTF-16 columns differ from bytes and characters.
    let text = "😀 Serve it with VLLM.\n";
    client.open(&uri, "markdown", 1, text);
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(
        diagnostics,
        [json!({
            "range": range((0, 17), (0, 21)),
            "severity": 2,
            "code": "non-canonical-spelling",
            "source": "glossary-ls",
            "message": "`VLLM` is spelled “vLLM”",
        })]
    );
    let actions = client.code_actions_at(&uri, 0, 18);
    assert_eq!(actions[0]["title"], "Write `vLLM`");
    assert_eq!(actions[0]["isPreferred"], true);
    let edits = actions[0]["edit"]["documentChanges"][0]["edits"]
        .as_array()
        .expect("edits")
        .clone();
    assert_eq!(
        apply_edits(text, &edits, Enc::Utf16),
        "😀 Serve it with vLLM.\n"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn check_over_a_folder_reports_an_acronym_spelled_out_differently_in_a_later_file() {
    let dir = project();
    std::fs::write(
        dir.path().join("a.md"),
        "We shard with data parallelism (DP).\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("b.md"),
        "Noise gives differential privacy (DP).\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("c.md"),
        "More Data Parallelism (DP) here.\n",
    )
    .expect("write");
    let (code, stdout) = check(dir.path(), &["--format", "json"]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    let findings: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "inconsistent-expansion")
        .collect();
    // One finding, at the later file; c.md agrees with a.md.
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let finding = findings[0];
    assert_eq!(finding["file"], "b.md");
    assert_eq!(
        finding["message"],
        "`DP` is spelled out as “differential privacy” here but as “data parallelism” in a.md"
    );
    assert_eq!(
        finding["range"],
        json!({"start": {"line": 1, "column": 13}, "end": {"line": 1, "column": 33}})
    );
    assert_eq!(
        finding["related"],
        json!([{
            "message": "`DP` is spelled out as “data parallelism” here",
            "file": "a.md",
            "range": {"start": {"line": 1, "column": 15}, "end": {"line": 1, "column": 31}},
            "byte_range": {"start": 14, "end": 30},
        }])
    );
    // The human report names the other file in a note.
    let (_, human) = check(dir.path(), &["--color", "never"]);
    assert!(
        human.contains("= note: `DP` is spelled out as “data parallelism” here: a.md:1:15"),
        "{human}"
    );
    // Turned off in the config, it is gone.
    std::fs::write(
        dir.path().join(".glossary-ls.toml"),
        "[severity]\ninconsistent-expansion = \"off\"\n",
    )
    .expect("write config");
    let (_, stdout) = check(dir.path(), &["--format", "json"]);
    assert!(!stdout.contains("inconsistent-expansion"), "{stdout}");
}

#[test]
fn check_fix_drops_an_acronym_used_once_and_the_server_offers_the_same_fix() {
    let dir = project();
    let text = "We train with Group Relative Policy Optimization (GRPO) and stop.\n";
    std::fs::write(dir.path().join("a.md"), text).expect("write");
    // Off by default; a project turns it on.
    let (_, stdout) = check(dir.path(), &["--format", "json", "a.md"]);
    assert!(!stdout.contains("acronym-used-once"), "{stdout}");
    std::fs::write(
        dir.path().join(".glossary-ls.toml"),
        "[severity]\nacronym-used-once = \"hint\"\n",
    )
    .expect("write config");
    let (code, stdout) = check(dir.path(), &["--format", "json", "a.md"]);
    assert_eq!(code, 0, "a hint does not fail the run");
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(report["findings"][0]["code"], "acronym-used-once");
    assert_eq!(report["findings"][0]["severity"], "hint");
    let (_, _) = check(dir.path(), &["--fix", "a.md"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).expect("read"),
        "We train with Group Relative Policy Optimization and stop.\n"
    );

    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&dir.path().join("b.md"));
    client.open(&uri, "markdown", 1, text);
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(diagnostics[0]["code"], "acronym-used-once");
    assert_eq!(diagnostics[0]["severity"], 4);
    assert_eq!(diagnostics[0]["range"], range((0, 50), (0, 54)));
    let actions = client.code_actions_at(&uri, 0, 51);
    let edits = actions[0]["edit"]["documentChanges"][0]["edits"]
        .as_array()
        .expect("edits")
        .clone();
    assert_eq!(
        apply_edits(text, &edits, Enc::Utf16),
        "We train with Group Relative Policy Optimization and stop.\n"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn check_fix_writes_the_acronym_for_a_long_form_after_its_definition_when_turned_on() {
    let dir = project();
    let text = "Reinforcement learning (RL) trains agents. Reinforcement learning needs rewards.\n";
    std::fs::write(dir.path().join("a.md"), text).expect("write");
    let (_, stdout) = check(dir.path(), &["--format", "json", "a.md"]);
    assert!(
        !stdout.contains("long-form-after-definition"),
        "off by default: {stdout}"
    );
    std::fs::write(
        dir.path().join(".glossary-ls.toml"),
        "[severity]\nlong-form-after-definition = \"information\"\n",
    )
    .expect("write config");
    let (_, stdout) = check(dir.path(), &["--format", "json", "a.md"]);
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    let finding = &report["findings"][0];
    assert_eq!(finding["code"], "long-form-after-definition");
    assert_eq!(finding["severity"], "information");
    assert_eq!(
        finding["range"],
        json!({"start": {"line": 1, "column": 44}, "end": {"line": 1, "column": 66}})
    );
    assert_eq!(finding["related"][0]["message"], "`RL` is defined here");
    check(dir.path(), &["--fix", "a.md"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).expect("read"),
        "Reinforcement learning (RL) trains agents. RL needs rewards.\n"
    );
}

/// Two files of one project: the first spells RoPE out in its own words, the second uses it bare.
fn rope_project() -> tempfile::TempDir {
    let dir = project();
    std::fs::create_dir(dir.path().join("docs")).expect("mkdir");
    std::fs::write(
        dir.path().join("docs/a.md"),
        "# Kernels\n\nThe kernel applies RoPE (Rotary Positional Encoding) on the fly.\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("docs/b.md"),
        "# Attention\n\nWe fuse RoPE into the attention kernel.\n\nRoPE kernels are fast.\n",
    )
    .expect("write");
    dir
}

#[test]
fn check_fix_spells_an_acronym_out_as_the_project_already_does() {
    let dir = rope_project();
    let (_, _) = check(dir.path(), &["--fix", "docs"]);
    // The project's words, not the glossary's ("Rotary Position Embedding").
    assert_eq!(
        std::fs::read_to_string(dir.path().join("docs/b.md")).expect("read"),
        "# Attention\n\nWe fuse Rotary Positional Encoding (RoPE) into the attention kernel.\n\nRoPE kernels are fast.\n"
    );
    // The first file's meaning is untouched, and the next check finds the two consistent.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("docs/a.md")).expect("read"),
        "# Kernels\n\nThe kernel applies RoPE (Rotary Positional Encoding) on the fly.\n"
    );
    let (code, stdout) = check(dir.path(), &["--format", "json", "docs"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(!stdout.contains("inconsistent-expansion"), "{stdout}");
}

#[test]
fn check_fix_takes_the_projects_words_from_a_later_file_too_and_in_the_uses_number() {
    // The file that uses it bare comes first: fixed with the glossary's words, it would set the
    // meaning, and the later file would get the finding.
    let dir = project();
    std::fs::write(
        dir.path().join("a.md"),
        "RoPE variants differ.\n\nAll RoPEs rotate pairs.\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("b.md"),
        "We use rotary positional encoding (RoPE) here.\n",
    )
    .expect("write");
    let (_, _) = check(dir.path(), &["--fix"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).expect("read"),
        "Rotary positional encoding (RoPE) variants differ.\n\nAll RoPEs rotate pairs.\n"
    );
    let (_, stdout) = check(dir.path(), &["--format", "json"]);
    assert!(!stdout.contains("inconsistent-expansion"), "{stdout}");
}

#[test]
fn check_fix_does_not_copy_a_slip_in_the_projects_words() {
    // "Killback-Liebler" is Kullback–Leibler misspelled: the fix writes the glossary's words, as
    // the report says, and mends the slips where the writer defined it, so the files then agree.
    let dir = project();
    std::fs::write(
        dir.path().join("a.md"),
        "We measure drift with Killback-Liebler (KL) divergence.\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("b.md"),
        "The loss adds a KL penalty to the reward.\n",
    )
    .expect("write");
    let (_, report) = check(dir.path(), &["--format", "json"]);
    assert!(
        report.contains("Spell out: Kullback–Leibler (KL)"),
        "{report}"
    );
    let (_, _) = check(dir.path(), &["--fix"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.md")).expect("read"),
        "The loss adds a Kullback–Leibler (KL) penalty to the reward.\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).expect("read"),
        "We measure drift with Kullback-Leibler (KL) divergence.\n"
    );
    let (code, stdout) = check(dir.path(), &["--format", "json"]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn check_fix_does_not_copy_a_word_typed_wrong_in_the_projects_longer_words() {
    // "Adoptation" is a slip in one word of a longer long form: not copied either.
    let dir = project();
    std::fs::write(
        dir.path().join("a.md"),
        "## Low Rank Adoptation of LLM Models (LoRA)\n\nIt trains adapters.\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("b.md"),
        "Nearly the same quality as LoRA in most cases.\n",
    )
    .expect("write");
    let (_, _) = check(dir.path(), &["--fix", "b.md", "a.md"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.md")).expect("read"),
        "Nearly the same quality as Low-Rank Adaptation (LoRA) in most cases.\n"
    );
}

#[test]
fn check_diff_shows_the_projects_words_and_writes_nothing() {
    let dir = rope_project();
    let (code, stdout) = check(dir.path(), &["--diff", "docs"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains(
            "-We fuse RoPE into the attention kernel.\n+We fuse Rotary Positional Encoding (RoPE) into the attention kernel.\n"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("Rotary Position Embedding"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("docs/b.md")).expect("read"),
        "# Attention\n\nWe fuse RoPE into the attention kernel.\n\nRoPE kernels are fast.\n"
    );
}
