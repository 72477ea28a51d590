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
