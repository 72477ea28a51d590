//! The formats beyond Markdown on real documents of the development corpus (`GLOSSARY_LS_CORPUS_DEV`,
//! the folder that holds `formats/`), read where they are: which ranges are prose, and what `check`
//! reports, at which line and column. Tests are ignored when the variable was not set at build time.

use std::ops::Range;
use std::path::PathBuf;
use std::process::Command;

use glossary_ls::analysis::prose::{prose, Prose};
use glossary_ls::analysis::DocKind;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_glossary-ls");

fn formats_file(name: &str) -> PathBuf {
    match std::env::var_os("GLOSSARY_LS_CORPUS_DEV") {
        Some(dir) => PathBuf::from(dir).join("formats").join(name),
        None => panic!("set GLOSSARY_LS_CORPUS_DEV to the folder that holds formats/"),
    }
}

/// A corpus document and its prose read as `kind`.
struct Doc {
    text: String,
    prose: Prose,
}

impl Doc {
    fn read(name: &str, kind: DocKind) -> Doc {
        let path = formats_file(name);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let prose = prose(&text, kind);
        Doc { text, prose }
    }

    /// The range of the first occurrence of `needle`.
    fn find(&self, needle: &str) -> Range<usize> {
        let start = self
            .text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in the document"));
        start..start + needle.len()
    }

    /// How much of `range` prose covers, in bytes.
    fn prose_bytes(&self, range: Range<usize>) -> usize {
        self.prose
            .blocks
            .iter()
            .flat_map(|b| &b.segments)
            .map(|s| {
                s.range
                    .end
                    .min(range.end)
                    .saturating_sub(s.range.start.max(range.start))
            })
            .sum()
    }

    fn assert_not_prose(&self, needle: &str) {
        let range = self.find(needle);
        assert_eq!(self.prose_bytes(range), 0, "{needle:?} is read as prose");
    }

    /// Every non-space character of `needle` is prose.
    fn assert_prose(&self, needle: &str) {
        let range = self.find(needle);
        let words: usize = needle.split_whitespace().map(str::len).sum();
        assert!(
            self.prose_bytes(range) >= words,
            "{needle:?} is not all prose"
        );
    }
}

/// `check --format json` on one corpus file: each finding as `code token line:column`.
fn findings(name: &str) -> Vec<String> {
    let output = Command::new(BIN)
        .args(["check", "--no-config", "--format", "json"])
        .arg(formats_file(name))
        .output()
        .expect("the binary runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{}",
                f["code"].as_str().unwrap_or_default(),
                f["token"].as_str().unwrap_or_default(),
                f["range"]["start"]["line"],
                f["range"]["start"]["column"]
            )
        })
        .collect()
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus_dev),
    ignore = "GLOSSARY_LS_CORPUS_DEV was not set when the tests were built"
)]
fn mdx_components_are_markup_and_their_content_is_prose() {
    let doc = Doc::read("mdx/ollama__docs__faq.mdx", DocKind::Mdx);
    doc.assert_not_prose("<Note>");
    doc.assert_not_prose("</Info>");
    doc.assert_prose("Ollama does not use HTTP for model pulls, only");
    doc.assert_prose("Avoid setting");
    assert_eq!(
        findings("mdx/ollama__docs__faq.mdx"),
        [
            "acronym-not-spelled-out LLM 291:156",
            "acronym-not-spelled-out GQA 367:133"
        ]
    );
    let doc = Doc::read(
        "mdx/optimum__docs__source__concept_guides__quantization.mdx",
        DocKind::Mdx,
    );
    doc.assert_not_prose("<Tip>");
    doc.assert_prose("Usually");
    assert_eq!(
        findings("mdx/optimum__docs__source__concept_guides__quantization.mdx"),
        ["acronym-not-spelled-out LLM 217:58"]
    );
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus_dev),
    ignore = "GLOSSARY_LS_CORPUS_DEV was not set when the tests were built"
)]
fn quarto_div_fences_and_chunk_options_are_not_prose() {
    let doc = Doc::read("qmd/chatlas__docs__misc__RAG.qmd", DocKind::Quarto);
    doc.assert_not_prose("::: callout-warning");
    doc.assert_not_prose("::: {.callout-tip collapse=\"true\"}");
    doc.assert_prose("The term RAG gets thrown around a lot");
    doc.assert_not_prose("title: ");
    assert_eq!(
        findings("qmd/chatlas__docs__misc__RAG.qmd"),
        ["acronym-not-spelled-out LLM 6:70"]
    );
    let doc = Doc::read("qmd/querychat__pkg-py__docs__context.qmd", DocKind::Quarto);
    doc.assert_not_prose("```{.python filename=\"app.py\"}");
    doc.assert_not_prose("::: callout-warning");
    assert_eq!(
        findings("qmd/querychat__pkg-py__docs__context.qmd"),
        ["acronym-not-spelled-out LLM 5:166"]
    );
}

/// `check` in `dir` with `args`: (exit code, stdout).
fn check_in(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let output = Command::new(BIN)
        .arg("check")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("UTF-8"),
    )
}

/// A Quarto chunk's caption options (`#| fig-cap:`) are prose, read where they stand: a use there
/// comes before the body's definition. The chunk's other options and its code are not.
#[test]
fn quarto_chunk_captions_are_prose() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.qmd"),
        "```{python}\n#| label: fig-PPO\n#| fig-cap: \"Reward of the PPO policy\"\nplot(PPO)\n```\n\nWe tune with Proximal Policy Optimization (PPO).\n",
    )
    .unwrap();
    let (code, out) = check_in(dir.path(), &["--no-config", "--format", "json", "a.qmd"]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&out).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{out}");
    assert_eq!(findings[0]["code"], "acronym-used-before-definition");
    assert_eq!(findings[0]["range"]["start"]["line"], 3);
    assert_eq!(findings[0]["range"]["start"]["column"], 28);
}

/// The text of a notebook's cell `i`, its source lines joined.
fn cell_text(notebook: &Value, i: usize) -> String {
    match &notebook["cells"][i]["source"] {
        Value::String(s) => s.clone(),
        Value::Array(lines) => lines.iter().filter_map(Value::as_str).collect(),
        other => panic!("cell {i} has no source: {other}"),
    }
}

const NOTEBOOK: &str = r##"{
 "cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["# Caf\u00e9 notes\n", "\n", "Tune the \"base\" LLM with RLHF."]},
  {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [{"name": "stdout", "output_type": "stream", "text": ["PPO GRPO\n"]}], "source": ["PPO = 1  # GRPO"]},
  {"cell_type": "markdown", "metadata": {}, "source": "Proximal Policy Optimization (PPO) trains the policy."},
  {"cell_type": "raw", "metadata": {}, "source": ["FSDP"]},
  {"cell_type": "markdown", "metadata": {}, "source": ["Later cells use PPO freely.\n"]}
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
"##;

/// The human report shows a notebook's finding in its cell, decoded, as the writer reads it — not
/// the JSON line with its escapes — and names a use in another cell by that cell.
#[test]
fn the_human_report_shows_notebook_findings_in_their_cells() {
    let dir = tempfile::tempdir().expect("tempdir");
    let notebook = r##"{
 "cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["# Caf\u00e9 notes\n", "\n", "Tune the \"base\" LLM."]},
  {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [], "source": ["LLM = 1"]},
  {"cell_type": "markdown", "metadata": {}, "source": "A second LLM here."}
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
"##;
    std::fs::write(dir.path().join("nb.ipynb"), notebook).expect("write");
    let (code, out) = check_in(dir.path(), &["--no-config", "nb.ipynb"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "\
warning[acronym-not-spelled-out]: `LLM` is not spelled out in this document: write “large language model (LLM)” at its first use
 --> nb.ipynb:cell 1:3:17
  |
3 | Tune the \"base\" LLM.
  |                 ^^^
  |
  = note: `LLM` is also used here: cell 3:1:10
help: Spell out: large language model (LLM)

1 warning in 1 file (1 file checked)
"
    );
    // The machine-read reports keep the file's own lines and columns.
    let (_, github) = check_in(
        dir.path(),
        &["--no-config", "--format", "github", "nb.ipynb"],
    );
    assert!(
        github.starts_with("::warning file=nb.ipynb,line=3,col=104,endLine=3,endColumn=107,"),
        "{github}"
    );
}

#[test]
fn notebook_markdown_cells_are_one_document_and_fixes_edit_the_json_in_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tune.ipynb");
    std::fs::write(&path, NOTEBOOK).expect("write");
    let (_, out) = check_in(
        dir.path(),
        &["--no-config", "--format", "json", "tune.ipynb"],
    );
    let report: Value = serde_json::from_str(&out).expect("JSON report");
    let found: Vec<String> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{}",
                f["code"].as_str().unwrap_or_default(),
                f["token"].as_str().unwrap_or_default(),
                f["range"]["start"]["line"],
                f["range"]["start"]["column"]
            )
        })
        .collect();
    // LLM and RLHF in cell 1 (after escapes on the same JSON line); PPO is defined in cell 3, and its
    // use in cell 5 is covered; the code cell, its output and the raw cell are not prose.
    assert_eq!(
        found,
        [
            "acronym-not-spelled-out LLM 3:104",
            "acronym-not-spelled-out RLHF 3:113"
        ]
    );

    let (_, _) = check_in(dir.path(), &["--no-config", "--fix", "tune.ipynb"]);
    let fixed = std::fs::read_to_string(&path).expect("read");
    let notebook: Value = serde_json::from_str(&fixed).expect("still valid JSON");
    assert_eq!(
        cell_text(&notebook, 0),
        "# Café notes\n\nTune the \"base\" large language model (LLM) with reinforcement learning from human feedback (RLHF)."
    );
    // Only the edited line changed, escapes and layout kept.
    let changed: Vec<(&str, &str)> = NOTEBOOK
        .lines()
        .zip(fixed.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0]
        .1
        .contains(r#"\"base\" large language model (LLM)"#));
    assert!(changed[0].1.contains(r"Caf\u00e9"));
    assert_eq!(NOTEBOOK.lines().count(), fixed.lines().count());
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus_dev),
    ignore = "GLOSSARY_LS_CORPUS_DEV was not set when the tests were built"
)]
fn real_notebooks_report_at_json_positions_and_fix_in_place() {
    let name = "ipynb/cookbook__notebooks__en__fine_tuning_code_llm_on_single_gpu.ipynb";
    assert_eq!(
        findings(name),
        [
            "acronym-not-spelled-out LLMs 27:30",
            "acronym-not-spelled-out FIM 280:102",
            "acronym-not-spelled-out LoRA 624:61",
        ]
    );
    let doc = Doc::read(name, DocKind::Notebook);
    doc.assert_not_prose("\"SEED=0\"");
    doc.assert_prose("Publicly available code");
    doc.assert_not_prose("\"outputs\"");

    // "an **Instruct LLM system**": the acronym names a kind of model with the capitalised word
    // before it, and no fix writes the long form inside it.
    let name = "ipynb/cookbook__notebooks__en__search_and_learn.ipynb";
    assert_eq!(findings(name), ["acronym-used-before-definition LLM 24:93"]);
    let name = "ipynb/cookbook__notebooks__en__fine_tuning_code_llm_on_single_gpu.ipynb";
    let original = std::fs::read_to_string(formats_file(name)).expect("read");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.ipynb"), &original).expect("write");
    check_in(dir.path(), &["--no-config", "--fix", "a.ipynb"]);
    let fixed = std::fs::read_to_string(dir.path().join("a.ipynb")).expect("read");
    let before: Value = serde_json::from_str(&original).expect("JSON");
    let after: Value = serde_json::from_str(&fixed).expect("still valid JSON");
    assert_eq!(
        cell_text(&after, 0),
        cell_text(&before, 0).replace(
            "Publicly available code LLMs",
            "Publicly available code large language models (LLMs)"
        )
    );
    let changed = original
        .lines()
        .zip(fixed.lines())
        .filter(|(a, b)| a != b)
        .count();
    // The three fixed lines (LLMs, FIM, LoRA), nothing else.
    assert_eq!(changed, 3);
}
