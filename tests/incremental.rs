//! Incremental analysis equals full analysis: after every edit of a sequence of random edits, the
//! analysis that reuses the block scans kept from the previous version (`analyze_incremental`, as the
//! server runs it) is exactly the analysis of the text from scratch (`analyze`, as `check` runs it) —
//! terms, acronyms, definitions and findings with their ranges, messages and fixes.
//!
//! On generated documents in every format (proptest), and on every corpus document with a few dozen
//! random edits each (`GLOSSARY_LS_CORPUS`, `GLOSSARY_LS_CORPUS_DEV`; the tests are ignored with a
//! reason when unset). Cancellation is covered here too: a cancelled analysis leaves what it kept
//! usable, and the next analysis still equals the full one.

use std::path::Path;
use std::sync::OnceLock;

use glossary_ls::analysis::{
    analyze, analyze_incremental, Cancel, Cancelled, DocKind, Engine, KeptBlocks, Latest, Settings,
};
use glossary_ls::config::Config;
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<std::sync::Arc<Engine>> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::shared(
            Config::default()
                .glossary()
                .complete()
                .expect("built-in glossary"),
        )
    })
}

/// Every rule on, so that every fact the rules read is compared.
fn settings() -> Settings {
    let mut settings = Settings::default();
    settings.ignore.insert("ACME".to_string());
    settings
}

/// Analyses `text` incrementally with `kept` and from scratch, and fails unless both are equal.
fn same_as_full(
    text: &str,
    kind: DocKind,
    kept: &mut KeptBlocks,
    what: &str,
) -> Result<(), String> {
    let incremental =
        analyze_incremental(text, kind, engine(), &settings(), kept, &Cancel::never())
            .map_err(|Cancelled| format!("{what}: cancelled without a newer revision"))?;
    let full = analyze(text, kind, engine(), &settings());
    if incremental == full {
        return Ok(());
    }
    let first = |a: &[String], b: &[String]| {
        a.iter()
            .zip(b)
            .find(|(x, y)| x != y)
            .map(|(x, y)| format!("incremental {x}\n       full {y}"))
            .unwrap_or_else(|| format!("{} vs {} items", a.len(), b.len()))
    };
    let debug = |items: &dyn Fn(&glossary_ls::analysis::Analysis) -> Vec<String>| {
        first(&items(&incremental), &items(&full))
    };
    Err(format!(
        "{what} ({kind:?}): incremental analysis differs from full analysis\nterms: {}\nacronyms: {}\ndefinitions: {}\nfindings: {}\ntext: {text:?}",
        debug(&|a| a.terms.iter().map(|t| format!("{t:?}")).collect()),
        debug(&|a| a.acronyms.iter().map(|t| format!("{t:?}")).collect()),
        debug(&|a| a.definitions.iter().map(|t| format!("{t:?}")).collect()),
        debug(&|a| a.findings.iter().map(|t| format!("{t:?}")).collect()),
    ))
}

/// What an edit inserts: single keystrokes, and pieces that open or close a structure (a fence, a
/// heading, a list item, a parenthesis, a definition).
const INSERTS: &[&str] = &[
    "a",
    "e",
    " ",
    "L",
    "M",
    ".",
    ",",
    "(",
    ")",
    "\n",
    "\n\n",
    "`",
    "```\n",
    "# ",
    "- ",
    "> ",
    "*",
    "[",
    "]",
    "|",
    "$",
    "{",
    "}",
    "\\",
    "LLM",
    "MoE",
    "GRPO",
    " (RL)",
    "KV cache",
    "Group Relative Policy Optimization (GRPO)",
    "reinforcement learning",
    "<!-- ",
    " -->",
    ":::\n",
    ".. note::\n",
    "\\section{",
    "🙂",
    "é",
    "\r\n",
    // What can change how lines far away read: a link reference definition, another fence, a list
    // item, a block quote, an HTML block.
    "\n[x]: https://example.com\n",
    "[x]",
    "~~~\n",
    "1. ",
    "* ",
    "\n> ",
    "<div>\n",
    // What reads the same alone only while it stays inside its paragraph: inline HTML, and
    // references to labels the document may or may not define.
    "<br>",
    "<code>",
    "</code>",
    "[X]",
    "[`Name`]",
    // References a window reads with the document's definitions: to a repository with a title, an
    // image, footnotes, and their definitions.
    "\n[y]: https://github.com/o/p \"T\"\n",
    "[y]",
    "![alt][x]",
    "[^1]",
    "\n[^1]: a note\n",
    // What a block's own text says about the tokens in it, kept per block: a reference entry, a news
    // item, a quotation, a list item's lead-in, a run-in label, a references heading.
    "Shao et al. \"GRPO\". NeurIPS 2024.",
    "[2025/02] ",
    "\u{201c}we use RLHF here\u{201d} ",
    "LR warmup steps: ",
    "**Note**: ",
    "\n## References\n",
    // What opens or closes something that changes how every line after it reads: front matter
    // (on the first line), an HTML block's end, a table's delimiter row.
    "---\n",
    "+++\n",
    "</div>\n",
    "\n| a | b |\n|---|---|\n",
    // TeX display math written with one backslash and bare environments, over lines and across a
    // blank line (where it is prose again), escaped brackets, and components around a table.
    "\\[",
    "\\]",
    "\n\\[\n\\mathcal{L}_{\\text{SFT}}\n- \\beta D_{KL}\n\\]\n",
    "\\[ x^2 + \\text{DPO} \\]",
    "\\begin{align*}\nx_{KL} &= 1\n\n\\end{align*}\n",
    "\\begin{equation}\n",
    "\\end{equation}",
    "\\[1\\] ",
    "<hfoption id=\"a\">\n| a | `train(\"SFT\")` |\n| - | - |\n</hfoption>\n",
    "<python>\n",
    "</python>\n",
];

/// One edit: at a fraction of the text, delete up to `delete` characters and insert `insert`; or, with
/// `join_blocks`, delete the first blank line at or after that place, so that two blocks become one.
#[derive(Debug, Clone)]
struct Edit {
    at: f64,
    delete: usize,
    insert: &'static str,
    join_blocks: bool,
}

/// Applies `edit` to `text` on character boundaries.
fn apply(text: &mut String, edit: &Edit) {
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let index = ((boundaries.len() - 1) as f64 * edit.at) as usize;
    let start = boundaries[index.min(boundaries.len() - 1)];
    if edit.join_blocks {
        if let Some(blank) = text[start..].find("\n\n") {
            text.remove(start + blank);
        }
        return;
    }
    let end = boundaries[(index + edit.delete).min(boundaries.len() - 1)];
    text.replace_range(start..end, edit.insert);
}

fn edit() -> impl Strategy<Value = Edit> {
    (
        0.0..=1.0f64,
        prop_oneof![3 => Just(0usize), 1 => 1..4usize],
        proptest::sample::select(INSERTS),
        proptest::bool::weighted(0.1),
    )
        .prop_map(|(at, delete, insert, join_blocks)| Edit {
            at,
            delete,
            insert,
            join_blocks,
        })
}

/// Documents made of a few paragraphs of prose with the syntax every format uses.
fn document() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(INSERTS), 0..60)
        .prop_map(|pieces| pieces.concat())
}

fn kind() -> impl Strategy<Value = DocKind> {
    prop_oneof![
        3 => Just(DocKind::Markdown),
        1 => Just(DocKind::PlainText),
        1 => Just(DocKind::ReStructuredText),
        1 => Just(DocKind::Latex),
        1 => Just(DocKind::Mdx),
        1 => Just(DocKind::Quarto),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(128),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn incremental_analysis_equals_full_analysis_after_every_edit(
        kind in kind(),
        text in document(),
        edits in proptest::collection::vec(edit(), 1..12),
    ) {
        let mut text = text;
        let mut kept = KeptBlocks::new();
        same_as_full(&text, kind, &mut kept, "opened").map_err(TestCaseError::fail)?;
        for (n, edit) in edits.iter().enumerate() {
            apply(&mut text, edit);
            same_as_full(&text, kind, &mut kept, &format!("after edit {n} {edit:?}"))
                .map_err(TestCaseError::fail)?;
        }
    }
}

#[test]
fn a_cancelled_analysis_stops_and_the_next_one_still_equals_the_full_one() {
    let text = "Group Relative Policy Optimization (GRPO) trains LLMs.\n\nGRPO and PPO.\n";
    let latest = Latest::new(1);
    let cancel = latest.cancel_for(1);
    latest.announce(2);
    let mut kept = KeptBlocks::new();
    let stopped = analyze_incremental(
        text,
        DocKind::Markdown,
        engine(),
        &settings(),
        &mut kept,
        &cancel,
    );
    assert_eq!(stopped, Err(Cancelled));
    let analysis = analyze_incremental(
        text,
        DocKind::Markdown,
        engine(),
        &settings(),
        &mut kept,
        &latest.cancel_for(2),
    )
    .expect("not cancelled");
    assert_eq!(
        analysis,
        analyze(text, DocKind::Markdown, engine(), &settings())
    );
    // The findings of the text: LLM and PPO are used without being spelled out.
    assert_eq!(
        analysis
            .findings
            .iter()
            .map(|f| &text[f.range.clone()])
            .collect::<Vec<_>>(),
        ["LLMs", "PPO"]
    );
}

#[test]
fn blocks_an_edit_leaves_alone_are_kept_and_not_read_again() {
    let mut text = String::from("# Intro\n\nWe train LLMs with GRPO.\n\nPPO is older.\n");
    let mut kept = KeptBlocks::new();
    same_as_full(&text, DocKind::Markdown, &mut kept, "opened").expect("equal");
    assert_eq!(kept.len(), 3);
    text.insert_str(text.find("older").expect("found"), "much ");
    same_as_full(&text, DocKind::Markdown, &mut kept, "edited").expect("equal");
    // The heading and the first paragraph kept, the edited paragraph replaced.
    assert_eq!(kept.len(), 3);
    assert_eq!(kept.scanned(), 1, "only the edited paragraph is read again");
}

#[test]
fn blocks_after_an_edit_that_makes_many_blocks_one_are_still_matched_by_place() {
    // A table's cells are blocks of their own. A mistyped delimiter row makes the whole table one
    // paragraph, nine blocks become one, and every block after it moves by eight.
    let table = "| model | params | loss |\n| --- | --- | --- |\n\
                 | gpt2 | 124M | 3.11 |\n| gpt2-xl | 1558M | 2.54 |\n";
    let paragraphs: String = (0..40)
        .map(|n| format!("Paragraph {n} compares PPO with GRPO.\n\n"))
        .collect();
    let text = format!("# Results\n\n{table}\n{paragraphs}");
    let mut kept = KeptBlocks::new();
    same_as_full(&text, DocKind::Markdown, &mut kept, "opened").expect("equal");
    assert_eq!(kept.len(), 1 + 9 + 40);
    // Edited with the last paragraph too, as a burst of keystrokes at many places is: the blocks
    // in between are the reading's to match.
    let broken = text
        .replacen("| --- |", "| -x- |", 1)
        .replace("Paragraph 39 compares", "Paragraph 39 also compares");
    same_as_full(&broken, DocKind::Markdown, &mut kept, "broken").expect("equal");
    assert_eq!(kept.len(), 1 + 1 + 40);
    // Only the two edited blocks are looked up by their text: the thirty-nine paragraphs between
    // them are found at their places, moved (they were all hashed, which on a long document cost
    // more than the edits).
    assert_eq!((kept.looked_up_by_text(), kept.scanned()), (2, 2));
    // Mended: one block becomes nine again.
    same_as_full(&text, DocKind::Markdown, &mut kept, "mended").expect("equal");
    assert_eq!(kept.len(), 1 + 9 + 40);
    assert_eq!(kept.looked_up_by_text(), 9 + 1);
}

#[test]
fn blocks_of_one_text_share_a_scan_wherever_an_edit_moves_them() {
    let paragraph = "We train LLMs with GRPO.";
    let mut text = format!("# Intro\n\n{paragraph}\n\nPPO is older.\n\n{paragraph}\n");
    let mut kept = KeptBlocks::new();
    same_as_full(&text, DocKind::Markdown, &mut kept, "opened").expect("equal");
    assert_eq!(
        (kept.len(), kept.scanned()),
        (4, 3),
        "one scan for both copies"
    );
    // The middle paragraph becomes a third copy. Only the edited stretch is looked up by text, so
    // it is read again (one block, cheaper than hashing every block of the document), and the
    // result is the same.
    text = text.replace("PPO is older.", paragraph);
    same_as_full(&text, DocKind::Markdown, &mut kept, "copied").expect("equal");
    assert_eq!((kept.len(), kept.scanned()), (4, 1));
    // Two paragraphs swapped: both texts stood between the unchanged blocks, and are found there.
    text = format!("# Intro\n\nPPO is older.\n\n{paragraph}\n\nThe end.\n");
    same_as_full(&text, DocKind::Markdown, &mut kept, "rewritten").expect("equal");
    text = format!("# Intro\n\n{paragraph}\n\nPPO is older.\n\nThe end.\n");
    same_as_full(&text, DocKind::Markdown, &mut kept, "swapped").expect("equal");
    assert_eq!((kept.len(), kept.scanned()), (4, 0));
    text = format!("# Intro\n\n{paragraph}\n\nPPO is older.\n\n{paragraph}\n");
    same_as_full(&text, DocKind::Markdown, &mut kept, "copied again").expect("equal");
    // Blocks inserted before all others: the others are matched from the end, by position.
    text.insert_str(
        0,
        "A new first paragraph about RL.\n\n- GRPO: a list item\n\n",
    );
    same_as_full(&text, DocKind::Markdown, &mut kept, "inserted").expect("equal");
    assert_eq!((kept.len(), kept.scanned()), (6, 2));
    // The same text as a list item's first block reads differently (a definition may open it).
    text = text.replace("- GRPO: a list item", "GRPO: a list item");
    same_as_full(&text, DocKind::Markdown, &mut kept, "not a list item").expect("equal");
    assert_eq!((kept.len(), kept.scanned()), (6, 1));
    // Deleting every block leaves nothing kept.
    same_as_full("", DocKind::Markdown, &mut kept, "emptied").expect("equal");
    assert_eq!((kept.len(), kept.scanned()), (0, 0));
}

/// A generator of edits that needs no crate: xorshift, seeded per document.
struct Edits(u64);

impl Edits {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn edit(&mut self) -> Edit {
        let at = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        let delete = [0, 0, 0, 1, 2][(self.next() % 5) as usize];
        let insert = INSERTS[(self.next() % INSERTS.len() as u64) as usize];
        let join_blocks = self.next().is_multiple_of(10);
        Edit {
            at,
            delete,
            insert,
            join_blocks,
        }
    }
}

fn kind_of(path: &Path) -> Option<DocKind> {
    Some(match path.extension()?.to_str()? {
        "md" | "markdown" => DocKind::Markdown,
        "txt" => DocKind::PlainText,
        "rst" => DocKind::ReStructuredText,
        "tex" => DocKind::Latex,
        "mdx" => DocKind::Mdx,
        "qmd" => DocKind::Quarto,
        "ipynb" => DocKind::Notebook,
        _ => return None,
    })
}

/// Every document under `dir` (recursively) in a format the engine reads, but SOURCES.md files.
fn documents(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            documents(&path, out);
        } else if kind_of(&path).is_some() && !path.ends_with("SOURCES.md") {
            out.push(path);
        }
    }
    out.sort();
}

/// Runs `edits` random edits on every document under the folder in `variable`, comparing after each.
fn corpus(variable: &str, edits: usize) {
    let dir = std::env::var_os(variable).expect("the test is ignored when unset");
    let mut paths = Vec::new();
    documents(Path::new(&dir), &mut paths);
    assert!(!paths.is_empty(), "no documents in {dir:?}");
    let mut failures = Vec::new();
    // Analyses that read only the edited paragraph: the comparisons must cover them.
    let mut read_alone = 0;
    for (seed, path) in paths.iter().enumerate() {
        let (Some(kind), Ok(mut text)) = (kind_of(path), std::fs::read_to_string(path)) else {
            continue;
        };
        // The 1 MB benchmark document: a few edits (each full analysis costs ~100 ms unoptimised).
        let count = if text.len() > 200_000 { 3 } else { edits };
        let mut rng = Edits(0x9e37_79b9_7f4a_7c15 ^ (seed as u64 + 1));
        let mut kept = KeptBlocks::new();
        let name = path.display().to_string();
        let mut result = same_as_full(&text, kind, &mut kept, &name);
        for n in 0..count {
            if result.is_err() {
                break;
            }
            let edit = rng.edit();
            apply(&mut text, &edit);
            result = same_as_full(&text, kind, &mut kept, &format!("{name} edit {n} {edit:?}"));
            read_alone += usize::from(kept.prose_spliced());
        }
        if let Err(error) = result {
            // The text can be long: keep the message to what tells the difference.
            failures.push(error.chars().take(3000).collect::<String>());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(read_alone > 0, "no edit was read as one paragraph");
}

/// Analyses `text` after `kept`'s last analysis, fails unless it equals the full analysis, and
/// says whether the prose was read only where the edit was.
fn spliced(text: &str, kept: &mut KeptBlocks, what: &str) -> bool {
    if let Err(error) = same_as_full(text, DocKind::Markdown, kept, what) {
        panic!("{error}");
    }
    kept.prose_spliced()
}

/// Edits that can change how the rest of a Markdown document reads make the server read all of it
/// again; typing in a paragraph, a heading or a list reads only those blocks. Both give the full
/// analysis.
#[test]
fn an_edit_is_read_alone_only_when_the_rest_cannot_read_differently() {
    let doc = "# Training\n\nWe fine-tune with Group Relative Policy Optimization (GRPO) and\n\
        reinforcement learning (RL) on a GPU.\n\nThe GRPO loss uses RL rewards. See [the \
        guide][g].\n\n- a list item about RL\n\n## References\n\nShao et al. GRPO. 2024.\n\n\
        [g]: https://example.com/guide\n";
    let typed = |from: &str, to: &str| {
        assert!(doc.contains(from), "{from:?}");
        doc.replacen(from, to, 1)
    };
    // Typing letters and punctuation in a paragraph.
    let cases: &[(&str, &str, bool)] = &[
        ("on a GPU", "on a fast GPU", true),
        ("We fine-tune", "We now fine-tune", true),
        ("on a GPU.", "on a GPU. The KV cache (KV) too.", true),
        // Under a References heading, before a link reference definition, which is no block: the
        // window runs to the next block (here the end) and holds it, the same before and after.
        ("Shao et al.", "Shao and Li et al.", true),
        // A fence marker at a line start.
        (
            "reinforcement learning (RL)",
            "```\nreinforcement learning (RL)",
            false,
        ),
        // The next line a setext underline (no front matter or directive options to close).
        ("reinforcement learning (RL) on a GPU.", "---", true),
        // A link reference definition.
        (
            "We fine-tune",
            "[x]: https://example.com\nWe fine-tune",
            false,
        ),
        // An HTML comment opened.
        ("on a GPU", "on a <!-- GPU", false),
        // A heading, read with the blocks around it.
        ("We fine-tune", "# We fine-tune", true),
        // Typing into a list item: the whole list is read again.
        ("a list item", "a long list item", true),
        // A reference link whose label the document defines elsewhere, in any case: read with
        // the document's definition.
        ("See [the guide][g].", "See [the manual][g].", true),
        ("on a GPU", "on a [G] GPU", true),
        // A definition changed.
        ("example.com/guide", "example.com/manual", false),
        // A reference to a label nowhere defined, and inline HTML, read the same alone.
        ("on a GPU", "on a [GPU] GPU", true),
        ("on a GPU", "on a GPU<br>", true),
        ("on a GPU", "on a <code>GPU", true),
        // HTML first on a line opens an HTML block that ends at the next blank line…
        (
            "reinforcement learning (RL)",
            "<div>\nreinforcement learning (RL)",
            true,
        ),
        // …unless it may run to its end marker over what follows.
        (
            "reinforcement learning (RL)",
            "<pre>\nreinforcement learning (RL)",
            false,
        ),
    ];
    for (from, to, alone) in cases {
        let edited = typed(from, to);
        // Each edit starts from the document as it was, read in full.
        let mut kept = KeptBlocks::new();
        assert!(!spliced(doc, &mut kept, "before"));
        assert_eq!(
            spliced(&edited, &mut kept, &format!("{from:?} -> {to:?}")),
            *alone,
            "{from:?} -> {to:?}"
        );
    }
}

/// A burst of edits at several places, as an editor sends them faster than the server analyses:
/// each window is read alone, and the analysis equals the full one.
#[test]
fn edits_at_several_places_are_read_where_they_are() {
    let doc = "# Training\n\nWe fine-tune with Group Relative Policy Optimization (GRPO).\n\n\
        ```python\nmodel = GRPO(lr=1e-5)\n\nmodel.train()\n```\n\n- a list item about RL\n\
        - another item about PPO\n\n## Results\n\nThe GRPO loss uses RL rewards and a GPU.\n\n\
        | model | score |\n|---|---|\n| PPO | 1 |\n\nThe end.\n";
    let edited = doc
        .replacen("We fine-tune", "We now fine-tune", 1)
        .replacen("lr=1e-5", "lr=2e-5", 1)
        .replacen("about RL", "about reinforcement learning (RL)", 1)
        .replacen("## Results", "## Our results", 1)
        .replacen("| PPO | 1 |", "| PPO | 12 |", 1)
        .replacen("a GPU.", "a Graphics Processing Unit (GPU).", 1);
    let mut kept = KeptBlocks::new();
    assert!(!spliced(doc, &mut kept, "before"));
    assert!(spliced(&edited, &mut kept, "six places"));
    // And back in one change, as a client that restores the text does.
    assert!(spliced(doc, &mut kept, "restored"));
    // One edit among them that opens a fence over what follows reads everything.
    let fenced = edited.replacen("The GRPO loss", "```\nThe GRPO loss", 1);
    assert!(!spliced(&fenced, &mut kept, "a fence opened"));
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn incremental_equals_full_on_the_corpus_after_random_edits() {
    corpus("GLOSSARY_LS_CORPUS", 30);
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus_dev),
    ignore = "GLOSSARY_LS_CORPUS_DEV was not set when the tests were built"
)]
fn incremental_equals_full_on_the_development_corpus_after_random_edits() {
    corpus("GLOSSARY_LS_CORPUS_DEV", 10);
}

/// What the document-wide step made of a block's tokens is kept and reused while nothing it read has
/// changed; one fact about the whole document changed far from the block (a definition, a word in
/// lower case, a linked project, a long form written out, a References heading) changes that
/// block's findings exactly as a full analysis's change, while the other blocks are reused.
#[test]
fn one_fact_about_the_whole_document_changes_a_kept_blocks_findings() {
    // The last filler block stands far enough from the fact (18 bytes) for its source to compare.
    let filler =
        "We tune the GPU kernels.\n\nThe CPU waits for the GPU.\n\nAnd so on, and so forth.\n\n";
    for (block, fact) in [
        // A word in capitals before LLM: unknown, it makes "MLC LLM" a name; defined, a use.
        (
            "MLC LLM runs on phones.\n\n",
            "Machine Learning Compilation (MLC) is a compiler.\n",
        ),
        // English set in capitals for emphasis once the document writes it in lower case.
        ("The ONLY LLM we ship.\n\n", "It is the only one.\n"),
        // "the PEFT documentation" names the library a document links to.
        (
            "Read the PEFT documentation.\n\n",
            "See [PEFT](https://github.com/huggingface/peft).\n",
        ),
        // IS is importance sampling where the document writes the long form.
        (
            "This IS weight matters.\n\n",
            "We study importance sampling.\n",
        ),
        // A name in capitals the document also writes in lower case is shouted, not misspelled.
        ("We train LORA adapters.\n\n", "The lora of the story.\n"),
    ] {
        let before = format!("{block}{filler}");
        let after = format!("{block}{filler}{fact}");
        let mut kept = KeptBlocks::new();
        same_as_full(&before, DocKind::Markdown, &mut kept, "before").expect("equal");
        same_as_full(&after, DocKind::Markdown, &mut kept, fact).expect("equal");
        // The filler blocks were reused; the block's memo was not, its findings changed.
        assert_eq!(kept.tokens_reused(), 2, "{fact}");
        let findings = |text: &str| {
            analyze(text, DocKind::Markdown, engine(), &settings())
                .findings
                .into_iter()
                .filter(|f| f.range.end < block.len())
                .map(|f| (f.code, f.token))
                .collect::<Vec<_>>()
        };
        assert_ne!(findings(&before), findings(&after), "{fact}");
    }
    // A References heading far above makes the entries below it citations.
    let entry = "Shao et al. use GRPO.\n";
    let before = format!("{filler}{entry}");
    let after = format!("## References\n\n{filler}{entry}");
    let mut kept = KeptBlocks::new();
    same_as_full(&before, DocKind::Markdown, &mut kept, "before").expect("equal");
    same_as_full(&after, DocKind::Markdown, &mut kept, "a References heading").expect("equal");
    let full = |text: &str| {
        analyze(text, DocKind::Markdown, engine(), &settings())
            .findings
            .len()
    };
    assert_ne!(full(&before), full(&after));
}

/// A block whose flat text and pieces stay the same can still stand in other source: "`a`PPO`b`"
/// and "$a$PPO$b$" both read "PPO", but between backticks it is something the writer marked as code.
/// The kept results of the block are not reused then.
#[test]
fn a_kept_block_in_other_markup_is_placed_again() {
    let before = "Intro with a GPU.\n\n`a`PPO`b` runs.\n";
    let after = "Intro with a GPU.\n\n$a$PPO$b$ runs.\n";
    let mut kept = KeptBlocks::new();
    same_as_full(before, DocKind::Markdown, &mut kept, "backticks").expect("equal");
    same_as_full(after, DocKind::Markdown, &mut kept, "dollars").expect("equal");
    let findings = |text: &str| analyze(text, DocKind::Markdown, engine(), &settings()).findings;
    assert_ne!(findings(before), findings(after));
}

/// A memo keeps the source around its block as the analysis that made it read it, and a reuse
/// leaves it so: after a burst of analyses in which the block was reused (moved by edits before
/// it), a change of the markup around its text alone still places its tokens again.
#[test]
fn a_memo_reused_many_times_still_sees_its_markup_change() {
    let mut kept = KeptBlocks::new();
    let mut text = String::from("Intro with a GPU.\n\n`a`PPO`b` runs.\n\nThe end, with DPO.\n");
    same_as_full(&text, DocKind::Markdown, &mut kept, "first").expect("equal");
    for (i, word) in ["RL ", "KTO ", "the "].into_iter().enumerate() {
        text.insert_str(0, word);
        same_as_full(&text, DocKind::Markdown, &mut kept, word).expect("equal");
        assert!(
            kept.tokens_reused() >= 1,
            "edit {i}: {}",
            kept.tokens_reused()
        );
    }
    let dollars = text.replace("`a`PPO`b`", "$a$PPO$b$");
    same_as_full(&dollars, DocKind::Markdown, &mut kept, "dollars").expect("equal");
    let findings = |text: &str| analyze(text, DocKind::Markdown, engine(), &settings()).findings;
    assert_ne!(findings(&text), findings(&dollars));
}

/// Edits at two places far apart leave the blocks between them "in between" for the scan, found
/// by their text: they bring their memos, which still hold.
#[test]
fn blocks_between_two_edits_reuse_what_was_made_of_their_tokens() {
    let middle: String = (0..20)
        .map(|i| format!("Paragraph {i} runs PPO on a GPU.\n\n"))
        .collect();
    let before = format!("We use RL.\n\n{middle}The end, with DPO.\n");
    let after = format!("We use RLHF.\n\n{middle}The end, with KTO.\n");
    let mut kept = KeptBlocks::new();
    same_as_full(&before, DocKind::Markdown, &mut kept, "before").expect("equal");
    same_as_full(&after, DocKind::Markdown, &mut kept, "two edits").expect("equal");
    // The 20 paragraphs but the last (its source is compared 18 bytes past its end, into the
    // edited one).
    assert_eq!(kept.tokens_reused(), 19);
}

/// A document that repeats a paragraph (a template, a generated benchmark) keeps a memo for every
/// copy: after edits at two places, the copies between them are matched to the last analysis's
/// copies in order and each one reuses what was made of its tokens, not only one copy per text.
#[test]
fn repeated_blocks_between_two_edits_each_reuse_their_memo() {
    let middle = "This paragraph runs PPO on a GPU.\n\n".repeat(20);
    let before = format!("We use RL.\n\n{middle}The end, with DPO.\n");
    let after = format!("We use RLHF.\n\n{middle}The end, with KTO.\n");
    let mut kept = KeptBlocks::new();
    same_as_full(&before, DocKind::Markdown, &mut kept, "before").expect("equal");
    same_as_full(&after, DocKind::Markdown, &mut kept, "two edits").expect("equal");
    // The 20 copies but the last (its source is compared 18 bytes past its end, into the edited
    // block), as for 20 different paragraphs.
    assert_eq!(kept.tokens_reused(), 19);
    // A copy removed between the edits: the copies after it meet other source around them only
    // where it was, and the analysis still equals the full one.
    let fewer = after.replacen("This paragraph runs PPO on a GPU.\n\n", "", 1);
    let fewer = fewer
        .replacen("RLHF", "RLAIF", 1)
        .replacen("KTO", "ORPO", 1);
    same_as_full(&fewer, DocKind::Markdown, &mut kept, "one copy fewer").expect("equal");
    assert!(kept.tokens_reused() >= 18, "{}", kept.tokens_reused());
}

/// A long document in `kind` with terms, acronyms, definitions, headings and list items, and the
/// same with an edit in every `every`-th paragraph (`tag` written into it).
fn long_document(kind: DocKind, paragraphs: usize, every: usize, tag: &str) -> (String, String) {
    let heading = |i: usize| match kind {
        DocKind::ReStructuredText => format!("Part {i}\n=========\n\n"),
        _ => format!("# Part {i}\n\n"),
    };
    let paragraph = |i: usize, edited: bool| {
        let extra = if edited { tag } else { "" };
        match i % 5 {
            0 => heading(i),
            1 => format!(
                "Paragraph {i}{extra} trains LLMs with Group Relative Policy Optimization (GRPO) on a GPU.\n\n"
            ),
            2 => format!("- GRPO{extra} and PPO in item {i}, with the KV cache.\n\n"),
            3 => format!("Then RLHF{extra} and DPO appear in paragraph {i}, with NCCL.\n\n"),
            _ => format!("Reinforcement learning{extra} is spelled out again in {i}.\n\n"),
        }
    };
    let before = (0..paragraphs).map(|i| paragraph(i, false)).collect();
    let after = (0..paragraphs)
        .map(|i| paragraph(i, i % every == every / 2))
        .collect();
    (before, after)
}

/// A cancel that counts the calls of its pause (at every check, and where the analysis only gives
/// way), and the count.
fn counting() -> (Cancel, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let counted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = std::sync::Arc::clone(&counted);
    let cancel = Cancel::never().with_pause(std::sync::Arc::new(move || {
        counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }));
    (cancel, counted)
}

/// A cancel whose revision a newer one replaces during the `k`-th call of its pause, and the
/// count of those calls.
fn replaced_at(k: usize) -> (Cancel, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let latest = Latest::new(1);
    let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (announcer, seen) = (latest.clone(), std::sync::Arc::clone(&calls));
    let cancel = latest
        .cancel_for(1)
        .with_pause(std::sync::Arc::new(move || {
            if seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1 == k {
                announcer.announce(2);
            }
        }));
    (cancel, calls)
}

/// A cancellation at any one of an analysis's checks — in the prose reading, the scan, the
/// document-wide step, before the rules — leaves what the document keeps (its reading, block scans
/// and the memos of its tokens) fit for the next analysis: that one, of the same text or of a
/// further edit, still equals the full analysis, and the memos handed back are still reused.
#[test]
fn a_cancellation_at_any_check_leaves_the_next_analysis_exact() {
    for kind in [DocKind::Markdown, DocKind::ReStructuredText] {
        let (opened, edited) = long_document(kind, 600, 23, " also");
        let further = long_document(kind, 600, 37, " then").1;
        let further = format!("{further}A last RLHF paragraph.\n");
        // How many checks (and places that give way) an uncancelled analysis of the edit makes.
        let (counting, counted) = counting();
        let mut kept = KeptBlocks::new();
        same_as_full(&opened, kind, &mut kept, "opened").expect("equal");
        analyze_incremental(&edited, kind, engine(), &settings(), &mut kept, &counting)
            .expect("not cancelled");
        let checks = counted.load(std::sync::atomic::Ordering::Relaxed);
        assert!(checks > 20, "{kind:?}: {checks} checks");
        for k in 1..=checks {
            let mut kept = KeptBlocks::new();
            same_as_full(&opened, kind, &mut kept, "opened").expect("equal");
            // A newer revision is announced during the k-th call of the pause.
            let (cancel, calls) = replaced_at(k);
            let stopped =
                analyze_incremental(&edited, kind, engine(), &settings(), &mut kept, &cancel);
            assert_eq!(stopped, Err(Cancelled), "{kind:?}: cancelled at check {k}");
            // Announced at a place that only gives way (`Cancel::give_way`), it stops at the next
            // check: the pause is called there first.
            assert!(calls.load(std::sync::atomic::Ordering::Relaxed) >= k);
            // The next analysis: of the same text after a cancellation at an odd check, of a
            // further edit after one at an even check.
            let next = if k % 2 == 1 { &edited } else { &further };
            same_as_full(next, kind, &mut kept, &format!("{kind:?} after check {k}"))
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(
                kept.tokens_reused() > 250,
                "{kind:?} after check {k}: {} blocks reused their memos",
                kept.tokens_reused()
            );
            // And the one after it.
            same_as_full(
                &opened,
                kind,
                &mut kept,
                &format!("{kind:?} back after check {k}"),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

/// An analysis of edits at many places in a long document offers its pause (where a front end
/// gives a waiting thread the core) every few hundred blocks all the way through, including the
/// stretches that cannot stop: the spliced reading, the flat text and the kept blocks. Before, a
/// 1 MB document's analysis ran up to 1.7 ms between two offers after such a burst.
#[test]
fn an_analysis_of_edits_at_many_places_gives_way_all_the_way_through() {
    let (opened, edited) = long_document(DocKind::Markdown, 5_000, 499, " also");
    let mut kept = KeptBlocks::new();
    same_as_full(&opened, DocKind::Markdown, &mut kept, "opened").expect("equal");
    let (counting, counted) = counting();
    analyze_incremental(
        &edited,
        DocKind::Markdown,
        engine(),
        &settings(),
        &mut kept,
        &counting,
    )
    .expect("not cancelled");
    assert!(kept.prose_spliced(), "read only where it was edited");
    // 5,000 blocks: at least one offer per 256 of them in the flat text and in each of three
    // passes of the scan over the kept blocks, besides one per window of the spliced reading and
    // the checks (44 offers without the places that only give way: the checks of the reading,
    // the document-wide step and the rules).
    let offers = counted.load(std::sync::atomic::Ordering::Relaxed);
    assert!(offers >= 4 * (5_000 / 256), "{offers} offers");
}

/// A whole reading (a document opened, or an edit the windows cannot take) checks for a newer
/// revision between its stages and every thousand or so of the parser's events: a stale one of a
/// 1 MB document ran 7–9 ms to its end. Stopped at any of those checks it keeps no reading, so the
/// next analysis reads the whole text again, and equals the full analysis; stopped at the first
/// check after the reading, the reading is kept and the next analysis is spliced.
#[test]
fn a_whole_reading_stops_at_its_checks_and_the_next_analysis_is_exact() {
    let (opened, edited) = long_document(DocKind::Markdown, 3_000, 499, " also");
    let mut stopped_in_the_reading = 0;
    for k in 1..200 {
        let (cancel, _) = replaced_at(k);
        let mut kept = KeptBlocks::new();
        let stopped = analyze_incremental(
            &opened,
            DocKind::Markdown,
            engine(),
            &settings(),
            &mut kept,
            &cancel,
        );
        assert_eq!(stopped, Err(Cancelled), "cancelled at check {k}");
        same_as_full(
            &edited,
            DocKind::Markdown,
            &mut kept,
            &format!("after check {k}"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        if kept.prose_spliced() {
            break;
        }
        stopped_in_the_reading += 1;
    }
    assert!(
        stopped_in_the_reading >= 10,
        "{stopped_in_the_reading} checks before the reading ended"
    );
}
