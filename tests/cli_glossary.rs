//! The `define` and `glossary` commands, run as a user runs them: the real binary, its output and exit
//! codes.

use std::path::Path;
use std::process::{Command, Output};

fn glossary_ls(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_glossary-ls"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A folder with no config file above it that could change the results.
fn empty_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

#[test]
fn define_answers_for_every_spelling() {
    let dir = empty_dir();
    for (query, name) in [
        ("GRPO", "GRPO"),
        ("kv caches", "KV cache"),
        ("LLMs", "LLM"),
        ("Mixture of Experts", "Mixture of Experts"),
        ("MoE", "Mixture of Experts"),
        ("Dr. GRPO", "Dr.GRPO"),
        ("chain of thought", "chain-of-thought"),
        ("Goodhart's law", "Goodhart’s law"),
    ] {
        let output = glossary_ls(&["define", "--format", "json", query], dir.path());
        assert!(output.status.success(), "{query}: {}", stderr(&output));
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
        assert_eq!(json[0]["name"], name, "{query}");
    }
}

#[test]
fn define_prints_the_whole_entry() {
    let dir = empty_dir();
    let output = glossary_ls(&["define", "GRPO"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "GRPO — Group Relative Policy Optimization");
    assert_eq!(
        lines[1],
        "  acronym: spell it out at first use · from the LLM explainer glossary"
    );
    assert!(lines[2]
        .starts_with("  Group Relative Policy Optimization (Shao, 2024) — drop PPO’s critic;"));
    assert!(
        lines.contains(&"  Introduced in §23 · GRPO & DeepSeek-R1"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("  See also: ") && l.contains("PPO")),
        "{text}"
    );

    let output = glossary_ls(&["define", "MoE"], dir.path());
    assert_eq!(
        stdout(&output).lines().next(),
        Some("Mixture of Experts (MoE)")
    );

    // Where an entry comes from, in words a reader understands: not the data files' "supplement".
    let output = glossary_ls(&["define", "LoRA"], dir.path());
    assert_eq!(
        stdout(&output).lines().nth(1),
        Some("  acronym: spell it out at first use (field: not for an expert audience) · added by glossary-ls")
    );
}

/// `define chain-of-thought` prints "chain-of-thought (CoT)" as its heading; that heading, and every
/// other one `define` prints for the built-in glossary, is accepted back as a term.
#[test]
fn define_accepts_every_heading_it_prints() {
    let dir = empty_dir();
    let output = glossary_ls(&["glossary", "--format", "json"], dir.path());
    let entries: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let names: Vec<&str> = entries
        .as_array()
        .expect("an array")
        .iter()
        .map(|entry| entry["name"].as_str().expect("a name"))
        .collect();
    let mut args = vec!["define"];
    args.extend(&names);
    let output = glossary_ls(&args, dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stdout(&output);
    // Entries are separated by a blank line; each starts with its heading.
    let headings: Vec<&str> = printed
        .split("\n\n")
        .filter_map(|block| block.lines().next())
        .collect();
    assert_eq!(headings.len(), names.len());
    assert!(headings.contains(&"chain-of-thought (CoT)"), "{headings:?}");

    let mut args = vec!["define"];
    args.extend(&headings);
    let output = glossary_ls(&args, dir.path());
    assert_eq!(stderr(&output), "", "every printed heading is accepted");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), printed, "each heading finds its own entry");
}

#[test]
fn unknown_terms_exit_1_with_suggestions() {
    let dir = empty_dir();
    let output = glossary_ls(&["define", "grpoo", "kv cahce", "zzzzqq"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: `grpoo` is not in the glossary; did you mean `GRPO`, `gRPC`, `GSPO`?\n\
         error: `kv cahce` is not in the glossary; did you mean `KV cache`, `KV`?\n\
         error: `zzzzqq` is not in the glossary\n"
    );
    assert_eq!(stdout(&output), "");
}

#[test]
fn a_project_glossary_overrides_and_extends_the_built_in_one() {
    let dir = empty_dir();
    std::fs::write(
        dir.path().join("team.toml"),
        "[[term]]\nname = \"PPO\"\nacronym = \"PPO\"\nexpansion = \"Proximal Policy Optimization\"\ndefinition = \"Our PPO.\"\n\n[[term]]\nname = \"Acme Widget\"\ndefinition = \"The thing we sell.\"\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join(".glossary-ls.toml"),
        "glossaries = [\"team.toml\"]\n",
    )
    .expect("write");
    std::fs::create_dir(dir.path().join("docs")).expect("mkdir");
    let docs = dir.path().join("docs");
    let output = glossary_ls(
        &["define", "--format", "json", "ppo", "acme widgets"],
        &docs,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(json[0]["definition"], "Our PPO.");
    assert_eq!(json[0]["origin"], "user");
    assert_eq!(json[0]["line"], 2);
    assert_eq!(json[1]["name"], "Acme Widget");

    // The same file named with --glossary, without the config.
    let output = glossary_ls(
        &[
            "--no-config",
            "--glossary",
            "team.toml",
            "define",
            "--format",
            "json",
            "PPO",
        ],
        dir.path(),
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(json[0]["definition"], "Our PPO.");
}

#[test]
fn malformed_user_glossaries_exit_2_with_file_line_column() {
    let dir = empty_dir();
    let cases = [
        (
            "bad.toml",
            "[[term]]\nname = \"x\"\ndefinition = \"y\"\ncolour = 1\n",
            "error: bad.toml:4:1: unknown field `colour`",
        ),
        (
            "nodef.toml",
            "[[term]]\nname = \"x\"\n",
            "error: nodef.toml:2:8: entry `x` has no definition",
        ),
        (
            "syntax.toml",
            "[[term]\nname = 1\n",
            "error: syntax.toml:1:",
        ),
        (
            "dup.txt",
            "- A\n- one\n- A\n- two\n",
            "error: dup.txt:3:3: duplicate name `A`: it is already defined on line 1",
        ),
        (
            "cut.txt",
            "- A Introduced in §01 · Intro\n",
            "error: cut.txt:1:3: entry `A` has no definition",
        ),
        (
            "abbr.md",
            "# Terms\n*[HBM]:\n",
            "error: abbr.md:2:8: abbreviation `HBM` has no expansion after `]:`",
        ),
    ];
    for (file, text, expected) in cases {
        std::fs::write(dir.path().join(file), text).expect("write");
        let output = glossary_ls(&["--glossary", file, "define", "GRPO"], dir.path());
        assert_eq!(output.status.code(), Some(2), "{file}");
        assert!(
            stderr(&output).starts_with(expected),
            "{file}: {}",
            stderr(&output)
        );
    }
    std::fs::write(
        dir.path().join("latin1.toml"),
        b"[[term]]\nname = \"caf\xe9\"\n",
    )
    .expect("write");
    let output = glossary_ls(&["--glossary", "latin1.toml", "define", "GRPO"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: latin1.toml:2:12: file is not valid UTF-8\n"
    );
    let output = glossary_ls(
        &["--glossary", "missing.toml", "define", "GRPO"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: missing.toml: cannot read: "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_seed_file_itself_loads_as_a_user_glossary() {
    let dir = empty_dir();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/llm-glossary.txt");
    let seed = seed.to_str().expect("utf-8 path");
    let output = glossary_ls(
        &["--glossary", seed, "define", "--format", "json", "top-p"],
        dir.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(json[0]["origin"], "user");
}

#[test]
fn glossary_exports_every_format() {
    let dir = empty_dir();
    let json = glossary_ls(&["glossary", "--format", "json"], dir.path());
    let entries: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let count = entries.as_array().map_or(0, Vec::len);
    assert!(count >= 299, "{count}");

    let toml = glossary_ls(&["glossary", "--format", "toml"], dir.path());
    std::fs::write(dir.path().join("export.toml"), &toml.stdout).expect("write");
    let reloaded = glossary_ls(
        &[
            "--no-config",
            "--glossary",
            "export.toml",
            "glossary",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert!(reloaded.status.success(), "{}", stderr(&reloaded));
    let again: serde_json::Value = serde_json::from_slice(&reloaded.stdout).expect("json");
    assert_eq!(
        again.as_array().map_or(0, Vec::len),
        count,
        "the export loads back with every entry"
    );

    let md = stdout(&glossary_ls(&["glossary", "--format", "md"], dir.path()));
    assert!(md.starts_with("# Glossary\n\n"));
    assert!(
        md.contains("\n### GRPO\n\n*Group Relative Policy Optimization* · acronym, spell out · from the LLM explainer glossary\n"),
        "GRPO entry"
    );
    assert!(md.contains("Introduced in §23 · GRPO & DeepSeek-R1"));
}
