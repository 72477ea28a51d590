//! What `check --fix` writes, through the real binary, for sentences taken in shape from real LLM
//! documentation: a spelled-out form reads as the author's prose (capitals, place), and text a writer
//! would not want edited stays as it was. Each test names the pattern it pins; the sentences are new.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_glossary-ls");

/// Runs `check --no-config --fix` on one Markdown file holding `text`; returns the rewritten text and
/// stderr (the summary).
fn fixed(text: &str) -> (String, String) {
    let (after, summary, _) = fixed_and_left(text);
    (after, summary)
}

/// As [`fixed`], with stdout too: the findings left after the fixes.
fn fixed_and_left(text: &str) -> (String, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("doc.md");
    std::fs::write(&path, text).expect("write");
    let output = Command::new(BIN)
        .args(["check", "--no-config", "--fix", "--color", "never"])
        .arg(Path::new("doc.md"))
        .current_dir(dir.path())
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 stderr");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 stdout");
    (
        std::fs::read_to_string(&path).expect("read"),
        stderr,
        stdout,
    )
}

/// Runs `check --no-config` on one Markdown file holding `text`; returns the report (stdout).
fn report(text: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("doc.md"), text).expect("write");
    let output = Command::new(BIN)
        .args(["check", "--no-config", "--color", "never", "doc.md"])
        .current_dir(dir.path())
        .output()
        .expect("the binary runs");
    String::from_utf8(output.stdout).expect("UTF-8 stdout")
}

/// "the SFT / RM models": a slash list with spaces is a list as much as "SFT/RM"; a spelled-out form
/// inside it reads badly, so the spell-out goes to the next use that reads well, and an acronym with no
/// such use is left for the writer.
#[test]
fn a_slash_list_with_spaces_is_left_alone_and_the_spell_out_goes_to_a_later_use() {
    let text = "We take the SFT / RM models from the earlier run.\n\n\
                The PPO-tuned policy beats the SFT checkpoint.\n";
    let (after, summary) = fixed(text);
    assert_eq!(
        after,
        "We take the SFT / RM models from the earlier run.\n\n\
         The PPO-tuned policy beats the supervised fine-tuning (SFT) checkpoint.\n"
    );
    assert_eq!(summary, "fixed 1 finding in 1 file\n");
}

/// Inline code inside a sentence does not start a new one: the spelled-out form after it takes no
/// capital ("uses `K>2` supervised fine-tuning (SFT) completions", not "Supervised …").
#[test]
fn a_spell_out_after_inline_code_mid_sentence_takes_no_capital() {
    let text = "For large `K` the DPO loss approaches PPO, and `K>2` SFT completions help.\n";
    let (after, _) = fixed(text);
    assert_eq!(
        after,
        "For large `K` the Direct Preference Optimization (DPO) loss approaches Proximal Policy \
         Optimization (PPO), and `K>2` supervised fine-tuning (SFT) completions help.\n"
    );
}

/// A definition written in title case ("SFT (Supervised Fine-Tuning) loss", as table cells and labels
/// write it) that a fix moves to an earlier use in running prose takes the glossary's casing of the
/// same words: "supervised fine-tuning" is a common noun.
#[test]
fn a_moved_title_case_definition_of_a_common_noun_is_written_in_lower_case() {
    let text = "The full method uses `K>2` SFT completions.\n\n\
                SFT (Supervised Fine-Tuning) loss is the negative log-likelihood of the chosen answer.\n";
    let (after, summary) = fixed(text);
    assert_eq!(
        after,
        "The full method uses `K>2` supervised fine-tuning (SFT) completions.\n\n\
         SFT loss is the negative log-likelihood of the chosen answer.\n"
    );
    assert_eq!(summary, "fixed 1 finding in 1 file\n");
}

/// The other way round: a method's name the author wrote in lower case is moved in the glossary's
/// capitals, so that a sentence that spells out two methods writes both as names.
#[test]
fn a_moved_definition_of_a_method_name_keeps_the_names_capitals() {
    let text = "The data for PPO and GRPO holds only prompts.\n\n\
                PPO (proximal policy optimization) trains four models.\n";
    let (after, _) = fixed(text);
    assert_eq!(
        after,
        "The data for Proximal Policy Optimization (PPO) and Group Relative Policy Optimization \
         (GRPO) holds only prompts.\n\nPPO trains four models.\n"
    );
}

/// A heading's words are also its anchor: "HuggingFace" → "Hugging Face" there would break
/// `[…](#huggingface-integration)`, so the finding stays and `--fix` leaves it to the writer; a fix of
/// capitals only ("Pytorch" → "PyTorch") keeps the anchor and is applied, as in running text.
#[test]
fn a_spelling_fix_that_would_change_a_headings_anchor_is_left_to_the_writer() {
    let text = "## HuggingFace Integration with Pytorch\n\n\
                Models load from HuggingFace (see [below](#huggingface-integration-with-pytorch)).\n";
    let (after, summary, left) = fixed_and_left(text);
    assert_eq!(
        after,
        "## HuggingFace Integration with PyTorch\n\n\
         Models load from Hugging Face (see [below](#huggingface-integration-with-pytorch)).\n"
    );
    assert_eq!(summary, "fixed 2 findings in 1 file\n");
    assert!(
        left.starts_with(
            "warning[non-canonical-spelling]: `HuggingFace` is spelled “Hugging Face”\n --> doc.md:1:4\n"
        ),
        "{left}"
    );
    assert!(
        left.contains(
            "\nhelp: Write `Hugging Face` (this changes the heading's link anchor) — not applied by `--fix`\n"
        ),
        "{left}"
    );
}

/// A one-letter variable that opens a long form stays in lower case at a sentence start ("k-nearest
/// neighbors", not "K-nearest neighbors"); and in a document about kNN, the NN of "1-NN" is the nearest
/// neighbor, not a neural network. Once kNN is spelled out, "k-nearest neighbors" just before "1-NN"
/// explains NN too.
#[test]
fn a_variable_keeps_its_case_and_nn_beside_knn_is_a_nearest_neighbor() {
    let text = "kNN was tested on mammogram datasets. With k=1, these 1-NN classifiers \
                do not learn the data's patterns.\n";
    let before = report(text);
    assert!(
        before.contains(
            "warning[acronym-not-spelled-out]: `NN` is not spelled out in this document: \
             write “nearest neighbor (NN)” at its first use (no fix is offered: no use stands \
             where a fix can safely spell it out)\n"
        ),
        "{before}"
    );
    let (after, _, left) = fixed_and_left(text);
    assert_eq!(
        after,
        "k-nearest neighbors (kNN) was tested on mammogram datasets. With k=1, these 1-NN \
         classifiers do not learn the data's patterns.\n"
    );
    assert!(left.starts_with("No findings"), "{left}");
}

/// "we support Speculative decoding (MTP)": the words before the parenthesis are not what MTP stands
/// for. The report says so at the parenthesis and names the long form; `--fix` stacks no second
/// parenthesis on the writer's words ("Speculative decoding (Multi-Token Prediction (MTP))") and
/// writes no second long form below: the long form inside their parenthesis is only offered.
#[test]
fn an_acronym_after_words_that_are_not_its_long_form_gets_no_stacked_long_form() {
    let text = "LMDeploy now supports Speculative decoding (MTP) for DeepSeek-V3.\n\n\
                MTP drafts two tokens per step.\n";
    let before = report(text);
    assert!(
        before.starts_with(
            "warning[acronym-not-spelled-out]: `MTP` is not spelled out in this document, and \
             the words before “(MTP)” are not its long form: it stands for “multi-token \
             prediction”\n --> doc.md:1:45\n"
        ),
        "{before}"
    );
    assert!(
        before.contains(
            "help: Spell out in the parentheses: (multi-token prediction, MTP) — not applied by \
             `--fix`\n"
        ),
        "{before}"
    );
    let (after, summary) = fixed(text);
    assert_eq!(after, text);
    assert_eq!(summary, "fixed 0 findings in 0 files\n");
    // Defined further down, under another heading: the definition's long form is offered inside
    // the parenthesis, not moved to the later plain use, and the definition stays in its section.
    let text = "# Engine\n\nWe support Speculative decoding (MTP) today. Then MTP drafts.\n\n\
                ## Details\n\nMulti-Token Prediction (MTP) drafts tokens.\n";
    let before = report(text);
    assert!(
        before.starts_with(
            "warning[acronym-used-before-definition]: `MTP` is used before its definition on \
             line 7, and the words before “(MTP)” are not its long form: it stands for \
             “Multi-Token Prediction”\n --> doc.md:3:34\n"
        ),
        "{before}"
    );
    assert!(
        before.contains(
            "help: Spell out into the parentheses: (multi-token prediction, MTP) — not applied \
             by `--fix`\n"
        ),
        "{before}"
    );
    assert_eq!(fixed(text).0, text);
}
