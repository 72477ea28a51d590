//! reStructuredText and LaTeX documents through the real binary's `check`, and read from the
//! development corpus (`GLOSSARY_LS_CORPUS_DEV`, the folder that holds `formats/`): which text is prose,
//! the findings, and what `--fix` writes.

use std::path::{Path, PathBuf};
use std::process::Command;

use glossary_ls::analysis::prose::{prose, Prose, RegionKind};
use glossary_ls::analysis::DocKind;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_glossary-ls");

fn check(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = Command::new(BIN)
        .arg("check")
        .arg("--no-config")
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs");
    (
        output.status.code().expect("exit code"),
        String::from_utf8(output.stdout).expect("UTF-8 stdout"),
    )
}

/// `(code, token, line)` of each finding of a JSON report, in report order.
fn findings(report: &str) -> Vec<(String, String, u64)> {
    let report: Value = serde_json::from_str(report).expect("JSON report");
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_string(),
                f["token"].as_str().unwrap_or_default().to_string(),
                f["range"]["start"]["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

/// `(code, token, line)` as written in a test.
type Expected<'a> = &'a [(&'a str, &'a str, u64)];

fn owned(list: Expected) -> Vec<(String, String, u64)> {
    list.iter()
        .map(|(c, t, l)| (c.to_string(), t.to_string(), *l))
        .collect()
}

/// Whether some prose segment covers the first occurrence of `needle` (all of it).
fn is_prose(text: &str, prose: &Prose, needle: &str) -> bool {
    let at = text.find(needle).expect("needle in text");
    let range = at..at + needle.len();
    prose.blocks.iter().any(|b| {
        b.segments
            .iter()
            .any(|s| s.range.start <= range.start && range.end <= s.range.end)
    })
}

/// Whether the first occurrence of `needle` lies in a region of `kind`.
fn in_region(text: &str, prose: &Prose, needle: &str, kind: RegionKind) -> bool {
    let at = text.find(needle).expect("needle in text");
    prose
        .regions
        .iter()
        .any(|r| r.kind == kind && r.range.start <= at && at + needle.len() <= r.range.end)
}

const GUIDE_RST: &str = "\
Guide
=====

.. note::

   We fine-tune with LoRA on one GPU.

.. code-block:: python

   DPO = 1

An :abbr:`RLHF (reinforcement learning from human feedback)` run, then RLHF again, and ``PPO``.
";

#[test]
fn rst_findings_skip_code_and_abbr_defines_and_fix_spells_out_in_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("guide.rst"), GUIDE_RST).expect("write");
    let (code, out) = check(dir.path(), &["--format", "json", "guide.rst"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&out),
        owned(&[("acronym-not-spelled-out", "LoRA", 6)])
    );
    let (code, _) = check(dir.path(), &["--fix", "guide.rst"]);
    assert_eq!(code, 0);
    let fixed = std::fs::read_to_string(dir.path().join("guide.rst")).expect("read");
    assert_eq!(
        fixed,
        GUIDE_RST.replace("with LoRA on", "with Low-Rank Adaptation (LoRA) on")
    );
}

/// A table's title (`.. list-table:: Feature Comparison`) is no section heading: the writer's
/// definition below the table still serves the use above it, so the fix moves it there rather than
/// spelling the acronym out a second time.
#[test]
fn a_tables_title_starts_no_section() {
    let text = "TokenAttention\n==============\n\nPagedAttention stores the KV cache in non-contiguous blocks.\n\n.. list-table:: Feature Comparison\n   :header-rows: 1\n\n   * - Features\n     - PagedAttention\n   * - Low fragmentation\n     - yes\n\nWhen a request arrives, the system looks for space for the key-value (KV) cache.\n";
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("attention.rst"), text).expect("write");
    let (_, out) = check(dir.path(), &["--format", "json", "attention.rst"]);
    assert_eq!(
        findings(&out),
        owned(&[("acronym-used-before-definition", "KV", 4)])
    );
    check(dir.path(), &["--fix", "attention.rst"]);
    let fixed = std::fs::read_to_string(dir.path().join("attention.rst")).expect("read");
    assert_eq!(
        fixed,
        text.replace("stores the KV cache", "stores the key-value (KV) cache")
            .replace("for the key-value (KV) cache.", "for the KV cache.")
    );
}

/// A grid table and a simple table are laid out by columns: a spelled-out form inside a cell would
/// widen its line and break the table (docutils: "Malformed table"). The finding stays at the cell;
/// the fix spells the acronym out in the prose below, and a spelling fix that changes a cell's width
/// is offered, not applied.
#[test]
fn fixes_leave_the_columns_of_rst_tables_aligned() {
    const TABLES_RST: &str = "\
LoRA methods
============

+-----------+----------------------------------------------+
| Method    | Description                                  |
+===========+==============================================+
| Adapters  | The first LoRA method applied to transformer |
|           | layers, with the Huggingface extras.         |
+-----------+----------------------------------------------+

==========  ==============================================  ========
Method      Description                                     Params
==========  ==============================================  ========
Prompts     Trainable tokens, the cheapest LoRA method.     0.1%
==========  ==============================================  ========

LoRA keeps the base model frozen.
";
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("tables.rst"), TABLES_RST).expect("write");
    let (_, out) = check(dir.path(), &["--format", "json", "tables.rst"]);
    assert_eq!(
        findings(&out),
        owned(&[
            ("acronym-not-spelled-out", "LoRA", 7),
            ("non-canonical-spelling", "Huggingface", 8),
        ])
    );
    let (_, text) = check(dir.path(), &["--color", "never", "tables.rst"]);
    assert!(
        text.contains("help: Write `Hugging Face` — not applied by `--fix`\n"),
        "{text}"
    );
    check(dir.path(), &["--fix", "tables.rst"]);
    let fixed = std::fs::read_to_string(dir.path().join("tables.rst")).expect("read");
    assert_eq!(
        fixed,
        TABLES_RST.replace("\nLoRA keeps", "\nLow-Rank Adaptation (LoRA) keeps")
    );
}

#[test]
fn a_folder_walk_checks_rst_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("page.rst"),
        "Tuned with ``GRPO`` and GRPO.\n",
    )
    .expect("write");
    let (_, out) = check(dir.path(), &["--format", "json"]);
    assert_eq!(
        findings(&out),
        owned(&[("acronym-not-spelled-out", "GRPO", 1)])
    );
    let report: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(report["findings"][0]["range"]["start"]["column"], 25);
}

fn corpus_formats() -> PathBuf {
    match std::env::var_os("GLOSSARY_LS_CORPUS_DEV") {
        Some(dir) if PathBuf::from(&dir).join("formats").is_dir() => {
            PathBuf::from(dir).join("formats")
        }
        _ => panic!("set GLOSSARY_LS_CORPUS_DEV to the folder that holds formats/"),
    }
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(corpus_formats().join(relative)).expect("corpus file")
}

/// The findings on the four Sphinx pages, each read in the page: product names aside ("MLC LLM" is
/// the project's name, which the engine cannot know), each is an acronym the page uses without
/// spelling it out. Code, literal blocks, roles and option lines give none.
#[test]
#[cfg_attr(
    not(glossary_ls_corpus_dev),
    ignore = "GLOSSARY_LS_CORPUS_DEV was not set when the tests were built"
)]
fn rst_corpus_findings_read_in_the_pages() {
    let dir = corpus_formats().join("rst");
    let cases: &[(&str, Expected)] = &[
        (
            "ao__docs__source__eager_tutorials__mxfp8_expert_parallel_training.rst",
            &[
                ("acronym-not-spelled-out", "FSDP", 45),
                ("acronym-not-spelled-out", "MM", 107),
                ("acronym-not-spelled-out", "FFNs", 155),
            ],
        ),
        (
            "mlc-llm__docs__get_started__introduction.rst",
            // "MLC LLM" (lines 3 to 79) names the compiler; "run LLMs on multiple GPUs" uses LLM.
            &[("acronym-not-spelled-out", "LLMs", 83)],
        ),
        (
            "torchtune__docs__source__tutorials__llama_kd_tutorial.rst",
            &[
                ("acronym-not-spelled-out", "LoRA", 25),
                ("acronym-not-spelled-out", "LLM", 89),
            ],
        ),
        (
            "torchtune__docs__source__tutorials__memory_optimizations.rst",
            &[
                // In the csv-table at the top; the page defines LoRA in a section title on line 315.
                ("acronym-used-before-definition", "LoRA", 26),
                ("acronym-not-spelled-out", "MLP", 352),
            ],
        ),
    ];
    for (file, expected) in cases {
        let (_, out) = check(&dir, &["--format", "json", file]);
        let found: Vec<_> = findings(&out)
            .into_iter()
            .filter(|(code, _, _)| code.starts_with("acronym-"))
            .collect();
        assert_eq!(found, owned(expected), "{file}");
    }
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus_dev),
    ignore = "GLOSSARY_LS_CORPUS_DEV was not set when the tests were built"
)]
fn rst_corpus_prose_ranges() {
    let text = read("rst/torchtune__docs__source__tutorials__memory_optimizations.rst");
    let p = prose(&text, DocKind::ReStructuredText);
    // Titles are headings, their underlines nothing.
    assert!(is_prose(&text, &p, "Memory Optimization Overview"));
    assert!(!is_prose(&text, &p, "============================"));
    // Inline literals, `:ref:` labels and option lines are not prose; hyperlink texts are.
    assert!(!is_prose(&text, &p, "bfloat16``"));
    assert!(!is_prose(&text, &p, "glossary_precision`"));
    assert!(!is_prose(&text, &p, ":widths: auto"));
    assert!(is_prose(
        &text,
        &p,
        "blogpost on mixed-precision techniques"
    ));
    assert!(!is_prose(&text, &p, "https://sebastianraschka.com"));
    // csv-table cells are table text; a quoted paragraph is a quotation; notes are prose.
    assert!(in_region(&text, &p, "a variant of LoRA", RegionKind::Table));
    assert!(in_region(
        &text,
        &p,
        "Activation checkpointing is a technique",
        RegionKind::Quotation
    ));
    assert!(is_prose(
        &text,
        &p,
        "In its current state, this tutorial is focused"
    ));
    // Literal blocks after `::` and code blocks are not prose.
    let text = read("rst/mlc-llm__docs__get_started__introduction.rst");
    let p = prose(&text, DocKind::ReStructuredText);
    assert!(!is_prose(&text, &p, "mlc_llm chat HF://"));
    assert!(is_prose(&text, &p, "is available via pip."));
}

const PAPER_TEX: &str = "\
\\documentclass{article}
\\usepackage{glossaries}
\\newacronym{rl}{RL}{reinforcement learning}
\\begin{document}
\\section{Why RLHF}
% We skip LoRA here.
We align the model with RLHF after \\ac{rl} pre-training.
\\begin{equation}
  L_{DPO} = 1
\\end{equation}
Later we use RL and $PPO$ again.
\\end{document}
";

#[test]
fn latex_findings_skip_math_comments_and_package_uses_and_fix_spells_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("paper.tex"), PAPER_TEX).expect("write");
    let (code, out) = check(dir.path(), &["--format", "json", "paper.tex"]);
    assert_eq!(code, 1);
    // RLHF in body text (the title is a heading); RL is defined by \newacronym for the whole
    // document; LoRA is in a comment, DPO and PPO in math.
    assert_eq!(
        findings(&out),
        owned(&[("acronym-not-spelled-out", "RLHF", 7)])
    );
    let (code, _) = check(dir.path(), &["--fix", "paper.tex"]);
    assert_eq!(code, 0);
    let fixed = std::fs::read_to_string(dir.path().join("paper.tex")).expect("read");
    assert_eq!(
        fixed,
        PAPER_TEX.replace(
            "model with RLHF after",
            "model with reinforcement learning from human feedback (RLHF) after"
        )
    );
}

/// The literature survey of a report: definitions in plain text ("Long Form (ACR)"), and, in its
/// opening paragraph, in square brackets ("k-Nearest Neighbour [kNN]"), which the engine does not
/// read as definitions: those acronyms are reported as used before their definitions further down.
#[test]
#[cfg_attr(
    not(glossary_ls_corpus_dev),
    ignore = "GLOSSARY_LS_CORPUS_DEV was not set when the tests were built"
)]
fn latex_corpus_findings_read_in_the_documents() {
    let dir = corpus_formats().join("tex");
    let (_, out) = check(
        &dir,
        &[
            "--format",
            "json",
            "Breast-Cancer-Detection-Mammogram-Deep-Learning__report__chapters-content__litsurvey.tex",
        ],
    );
    let (undefined, first_use): (Vec<_>, Vec<_>) = findings(&out)
        .into_iter()
        .partition(|(code, _, _)| code == "undefined-acronym");
    // No unknown token is an undefined acronym. DDSM is a dataset named inside a quoted name
    // ("``Curated Breast Imaging Subset of DDSM''"), in "CBIS-DDSM" and once in "raw images like
    // DDSM": one use of a dataset's name is no evidence of an acronym. WBCD is glossed by the quoted
    // name before it ("``Wisconsin Breast Cancer Wisconsin'' (WBCD)"), although its letters do not
    // fit. VGG names a network (after Oxford's Visual Geometry Group) and is in the glossary as a
    // name; MIAS is only ever the dataset "mini-MIAS".
    assert_eq!(undefined, owned(&[]));
    assert_eq!(
        first_use,
        owned(&[
            // Line 23 defines "k-Nearest Neighbour [kNN], Decision Trees [DT], … Support Vector
            // Machines [SVM] … Artificial Neural Networks [ANN]" in square brackets, so their uses
            // there are no early uses.
            // "1-NN classifiers": k-NN with k = 1; NN has two meanings in the glossary and the
            // report uses terms related to both, so the finding names both.
            ("acronym-not-spelled-out", "NN", 114),
            ("non-canonical-spelling", "Tensorflow", 285),
        ])
    );
    // The glossaries and nomencl listings define, and hold no prose that would be flagged.
    for file in [
        "competencies__glossary.tex",
        "Breast-Cancer-Detection-Mammogram-Deep-Learning__report__acronyms.tex",
    ] {
        let (code, out) = check(&dir, &["--format", "json", file]);
        assert_eq!((code, findings(&out)), (0, Vec::new()), "{file}");
    }
    let text = read("tex/competencies__glossary.tex");
    let p = prose(&text, DocKind::Latex);
    let defined: Vec<&str> = p
        .abbreviations
        .iter()
        .map(|a| &text[a.acronym.clone()])
        .collect();
    // 34 \newacronym lines; the one whose long form calls \glsentrytext{HPC} is not plain text and
    // defines nothing here.
    assert_eq!(defined.len(), 33);
    assert!(!defined.contains(&"UNIVERSE-HPC"));
    assert!(defined.contains(&"UNESCO"));
    let text = read("tex/Breast-Cancer-Detection-Mammogram-Deep-Learning__report__acronyms.tex");
    let p = prose(&text, DocKind::Latex);
    assert!(p
        .abbreviations
        .iter()
        .any(|a| &text[a.acronym.clone()] == "CNN"
            && &text[a.expansion.clone()] == "Convolutional Neural Network"));
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus_dev),
    ignore = "GLOSSARY_LS_CORPUS_DEV was not set when the tests were built"
)]
fn latex_corpus_prose_ranges() {
    let text = read(
        "tex/Breast-Cancer-Detection-Mammogram-Deep-Learning__report__chapters-content__litsurvey.tex",
    );
    let p = prose(&text, DocKind::Latex);
    assert!(is_prose(&text, &p, "Breast Cancer Detection"));
    assert!(is_prose(
        &text,
        &p,
        "Timeline of the evolution of breast cancer detection (BCD)"
    ));
    assert!(!is_prose(&text, &p, "americanCancerSociety2019"));
    assert!(!is_prose(&text, &p, "sec:litreview-bcd-medical-imagery"));
    assert!(!is_prose(&text, &p, "% 1"));
}
