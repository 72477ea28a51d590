//! Checks on the real documents of the shared corpus, read where they are: set `GLOSSARY_LS_CORPUS` to
//! the corpus folder (`../shared/corpus`). Nothing of the corpus is copied into the repository.
//!
//! Every document (the 1 MB benchmark file included) must satisfy the invariants; then each document has
//! a few checks that were verified by reading it, on the things its authors' syntax makes hard.

use std::ops::Range;
use std::path::PathBuf;

use super::tests::check_invariants;
use super::*;

/// The corpus folder. These tests are ignored when `GLOSSARY_LS_CORPUS` was not set at build time
/// (see build.rs); run anyway (`--include-ignored`), they fail here rather than pass unrun.
fn corpus() -> PathBuf {
    match std::env::var_os("GLOSSARY_LS_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => panic!("set GLOSSARY_LS_CORPUS to the corpus folder"),
    }
}

/// A corpus document read as Markdown, with each block rendered as in the unit tests (segments joined
/// directly, by a space, or by ` | ` for a break).
struct Doc {
    text: String,
    prose: Prose,
    blocks: Vec<(BlockKind, bool, String)>,
}

impl Doc {
    fn read(name: &str) -> Doc {
        let path = corpus().join(name);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let prose = prose(&text, DocKind::Markdown);
        let blocks = prose
            .blocks
            .iter()
            .map(|b| {
                let mut s = String::new();
                for seg in &b.segments {
                    s.push_str(match seg.join {
                        Join::Direct => "",
                        Join::Space => " ",
                        Join::Break => " | ",
                    });
                    s.push_str(&text[seg.range.clone()]);
                }
                (b.kind, b.starts_list_item, s)
            })
            .collect();
        Doc {
            text,
            prose,
            blocks,
        }
    }

    /// The range of the source from the first occurrence of `from` to the end of the first occurrence of
    /// `to` after it.
    fn source(&self, from: &str, to: &str) -> Range<usize> {
        let start = self
            .text
            .find(from)
            .unwrap_or_else(|| panic!("{from:?} not in the document"));
        let end = self.text[start..]
            .find(to)
            .unwrap_or_else(|| panic!("{to:?} not after {from:?}"))
            + start
            + to.len();
        start..end
    }

    /// Asserts that no prose overlaps `range`.
    fn assert_not_prose(&self, range: Range<usize>) {
        for b in &self.prose.blocks {
            for s in &b.segments {
                assert!(
                    s.range.end <= range.start || s.range.start >= range.end,
                    "prose {:?} overlaps {:?}",
                    &self.text[s.range.clone()],
                    &self.text[range.clone()]
                );
            }
        }
    }

    /// The block whose rendering contains `needle`.
    fn block(&self, needle: &str) -> &(BlockKind, bool, String) {
        self.blocks
            .iter()
            .find(|(_, _, s)| s.contains(needle))
            .unwrap_or_else(|| panic!("no block contains {needle:?}"))
    }

    fn assert_nowhere(&self, needle: &str) {
        if let Some((_, _, s)) = self.blocks.iter().find(|(_, _, s)| s.contains(needle)) {
            panic!("{needle:?} is read as prose in {s:?}");
        }
    }
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn every_document_keeps_the_invariants() {
    let dir = corpus();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 12,
        "expected the corpus documents in {}",
        dir.display()
    );
    for path in files {
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for kind in [DocKind::Markdown, DocKind::PlainText] {
            let p = prose(&text, kind);
            check_invariants(&text, &p);
            assert!(!p.blocks.is_empty(), "{}: no prose", path.display());
            for s in p.blocks.iter().flat_map(|b| &b.segments) {
                let piece = &text[s.range.clone()];
                assert!(
                    !piece.contains("http://") && !piece.contains("https://"),
                    "{}: URL in {piece:?}",
                    path.display()
                );
                if kind == DocKind::Markdown {
                    for bad in [
                        "```",
                        "<!--",
                        "[!NOTE]",
                        "[!TIP]",
                        "[!WARNING]",
                        "[!IMPORTANT]",
                        "[[autodoc]]",
                        "{{",
                        "{:",
                    ] {
                        assert!(
                            !piece.contains(bad),
                            "{}: {bad:?} in {piece:?}",
                            path.display()
                        );
                    }
                }
            }
        }
    }
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn trl_dpo_trainer() {
    let doc = Doc::read("trl-dpo-trainer.md");
    assert_eq!(
        doc.blocks[0],
        (BlockKind::Heading, false, "DPO Trainer".to_string())
    );
    // The badges under the title are images in links: nothing to read.
    assert_eq!(doc.blocks[1].2, "Overview");
    // Doc-builder directives and their member lists.
    doc.assert_not_prose(doc.source("[[autodoc]] DPOTrainer", "push_to_hub"));
    doc.assert_not_prose(doc.source("[[autodoc]] DPOConfig", "DPOConfig"));
    assert_eq!(doc.blocks.last().map(|b| b.2.as_str()), Some("DPOConfig"));
    // `$$` display math and `\\( … \\)` inline math.
    doc.assert_not_prose(doc.source("$$\n\\mathcal", "$$"));
    doc.assert_nowhere("\\pi_");
    doc.assert_nowhere("\\\\(");
    assert!(doc
        .block("is the prompt,")
        .2
        .starts_with("where   |   is the prompt,   |  is the preferred"));
    // ``[`DPOTrainer`]`` is a link to the API docs: its brackets are not prose either.
    doc.block("using the  |  from TRL. We train a Qwen 3 0.6B model on the UltraFeedback dataset.");
    // A table cell.
    assert_eq!(
        doc.block("SFT (Supervised").2,
        "SFT (Supervised Fine-Tuning) loss is the negative log likelihood loss, used to train the model to generate preferred responses."
    );
    // The alert marker is gone, its text is body.
    let tip = doc.block("When training adapters, you typically use");
    assert_eq!(tip.0, BlockKind::Body);
    doc.assert_not_prose(doc.source("<iframe", "</iframe>"));
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn ds_inference_kernels_front_matter_and_attribute_lists() {
    let doc = Doc::read("ds-inference-kernels.md");
    // The front matter's title heads the page; the rest of it is not prose.
    doc.assert_not_prose(doc.source("excerpt:", "English\n---"));
    assert_eq!(
        (doc.blocks[0].0, doc.blocks[0].2.as_str()),
        (
            BlockKind::Heading,
            "DeepSpeed Inference: Multi-GPU inference with customized inference kernels and quantization support"
        )
    );
    assert!(doc.blocks[1]
        .2
        .starts_with("While DeepSpeed supports training advanced large-scale models"));
    doc.assert_nowhere("align-center");
    assert_eq!(doc.block("Kernel-Fusion").0, BlockKind::Heading);
    assert_eq!(
        doc.block("Gaussian Error Linear Unit"),
        &(
            BlockKind::Body,
            true,
            "Intermediate FF, Layer-Norm, Bias-add, Residual, and Gaussian Error Linear Unit (GELU).".to_string()
        )
    );
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn ds_moe_nlg_liquid_links() {
    let doc = Doc::read("ds-moe-nlg.md");
    doc.assert_nowhere("tags: MoE");
    doc.assert_nowhere("site.press_release");
    // `[Blog]({{ site.press_release_v6 }})` is a link once the Liquid tag is masked.
    doc.block("(details in our Blog). We use the GPT-3 like models");
    assert_eq!(doc.block("PR-MoE + MoS NLG:").2, "PR-MoE + MoS NLG:");
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn ds_zero_inference_footnotes() {
    let doc = Doc::read("ds-zero-inference.md");
    assert_eq!(
        (doc.blocks[0].0, doc.blocks[0].2.as_str()),
        (
            BlockKind::Heading,
            "ZeRO-Inference: Democratizing massive model inference"
        )
    );
    assert!(doc.blocks[1].2 == "Introduction" && doc.blocks[1].0 == BlockKind::Heading);
    doc.assert_nowhere("[^");
    doc.block("than 16 billion parameters for GPU inference. In contrast, ZeRO-Inference");
    let note = doc.block("16 billion parameters model won’t fit");
    assert_eq!(note.0, BlockKind::Body);
    assert!(note
        .2
        .starts_with("16 billion parameters model won’t fit in V100-32GB"));
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn ds_ulysses_html() {
    let doc = Doc::read("ds-ulysses.md");
    assert_eq!(
        doc.blocks[0],
        (
            BlockKind::Heading,
            false,
            "DeepSpeed Ulysses: System Optimizations for Enabling Training of Extreme Long Sequence Transformer Models"
                .to_string()
        )
    );
    doc.assert_nowhere("A diagram of a computer");
    doc.assert_nowhere("Softmax");
    doc.assert_nowhere("deepspeed-info");
    doc.block("please directly email to  | . If you like");
    // `<span class="mark">.</span>` is formatting: read through.
    doc.block("memory-communication inefficiencies. Furthermore, existing");
    assert_eq!(
        doc.block("Figure 1: DeepSpeed sequence parallelism").0,
        BlockKind::Body
    );
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn nanogpt_readme() {
    let doc = Doc::read("nanogpt-readme.md");
    assert_eq!(
        doc.blocks[0],
        (BlockKind::Heading, false, "nanoGPT".to_string())
    );
    // Text between two `---` thematic breaks is prose (no metadata block swallows it).
    assert!(doc.blocks[1]
        .2
        .starts_with("Update Nov 2025 nanoGPT has a new and improved cousin called nanochat."));
    doc.assert_nowhere("assets/");
    doc.assert_nowhere("dcbadge");
    assert_eq!(doc.block("gpt2-medium").2, "gpt2-medium");
    doc.assert_nowhere("ANGELO");
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn oi_online_dpo_bare_urls() {
    let doc = Doc::read("oi-online-dpo.md");
    assert_eq!(
        doc.block("Tracked experiment:").2.trim_end(),
        "Tracked experiment:"
    );
    doc.assert_nowhere("wandb.ai");
    doc.assert_nowhere("mason.py \\");
    assert_eq!(doc.block("Level 0: single GPU").0, BlockKind::Heading);
    doc.block("(see p.3. in  | ).");
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn trl_ppo_trainer() {
    let doc = Doc::read("trl-ppo-trainer.md");
    doc.assert_nowhere("SUBREDDIT");
    doc.assert_not_prose(doc.source("[[autodoc]] experimental.ppo.PPOTrainer", "push_to_hub"));
    let tail: Vec<&str> = doc
        .blocks
        .iter()
        .rev()
        .take(5)
        .map(|b| b.2.as_str())
        .collect();
    assert_eq!(
        tail,
        [
            "AutoModelForSeq2SeqLMWithValueHead",
            "AutoModelForCausalLMWithValueHead",
            "PreTrainedModelWrapper",
            "PPOConfig",
            "PPOTrainer"
        ]
    );
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn trl_reducing_memory_hf_components() {
    let doc = Doc::read("trl-reducing-memory.md");
    doc.assert_nowhere("hfoption");
    doc.assert_nowhere("truncation\">");
    assert_eq!(
        doc.block("DPO truncation is controlled via").0,
        BlockKind::Body
    );
    doc.assert_not_prose(doc.source("<iframe", "</iframe>"));
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn trl_vllm_integration_alerts() {
    let doc = Doc::read("trl-vllm-integration.md");
    assert_eq!(
        doc.block("TRL currently only supports vLLM versions from")
            .0,
        BlockKind::Body
    );
    doc.block("The following trainers currently support generation with vLLM:");
    // The alert's list items are API references only: no prose.
    doc.assert_nowhere("NashMDTrainer");
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn verl_dapo_math_and_tables() {
    let doc = Doc::read("verl-dapo.md");
    doc.assert_nowhere("varepsilon");
    assert_eq!(doc.block("Call for Contribution!").0, BlockKind::Body);
    assert_eq!(
        doc.block("DAPO w/o Dynamic Sampling").2,
        "DAPO w/o Dynamic Sampling"
    );
    // Links separated by no-break spaces and pipes; the URLs after them must not eat the separators.
    assert_eq!(
        doc.block("Paper@arXiv").2.replace('\u{a0}', " "),
        "🏠 Homepage | 📝 Paper@arXiv | 🤗 Datasets&Models@HF | 🐱 Code@GitHub | 🐱 Repo@GitHub"
    );
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn verl_grpo_bare_urls() {
    let doc = Doc::read("verl-grpo.md");
    doc.block("estimation, regardless of the kl value estimation (see  |  for more details).");
    doc.assert_nowhere("joschu");
    assert_eq!(
        doc.blocks[0],
        (
            BlockKind::Heading,
            false,
            "Group Relative Policy Optimization (GRPO)".to_string()
        )
    );
}
