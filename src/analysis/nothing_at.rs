//! Whether no term and no acronym can be read at an offset of a Markdown text, whatever the text
//! around it says: so that a request there can answer "nothing" without the analysis of that text.
//!
//! During a burst of edits the server answers from the analysis of an earlier text when the edits
//! since left the cursor's line alone; on a line they touched, "nothing here" in the earlier
//! analysis says nothing about the current text (a letter typed next to a word can make a term).
//! Some words, though, can be read as nothing wherever they stand: an identifier such as
//! `DPOTrainer` that no surface form of the glossary contains and that no acronym token can be.
//!
//! # Why the answer holds for any analysis of the text
//!
//! Let `W` be the run of ASCII letters and digits around the offset, which must fall inside it
//! (a letter or digit on both sides), so that everything an analysis could name there covers `W`'s
//! characters rather than ending or starting at the offset.
//!
//! 1. **`W` is read whole or not at all.** Prose reaches the flat text in pieces of the source;
//!    what is not prose is cut out with a break that no term, token or definition crosses
//!    (`flat::BREAK`): code, math, URLs, template tags, every block that is not prose. What a term
//!    may be read across without a break opens before `W` in the same paragraph: a link's
//!    destination and title right after `](`, a reference label after `][`, a footnote's label
//!    after `[^`, an image's text after `![`, an alert's marker after `[!`, a link reference
//!    definition's after `]:`, an inline HTML tag or an autolink after `<`, an entity after `&`, an
//!    escape after `\` (a link's own text is read, as are brackets that make no link, such as
//!    `[[autodoc]]`); admonition and tab titles open with `!!!`, `???` or `===`; and a
//!    URL or an e-mail address, found by a scan of its own, holds `://`, `www.` or `@`, a template
//!    tag or an attribute list `{`. A paragraph never holds a blank line. So when the text from the
//!    last blank line before `W` to the end of `W`'s line holds none of these, `W`'s characters are
//!    either all in the flat text, side by side, or none of them is in prose and nothing can
//!    cover them (the analysis names only prose).
//! 2. **No term.** A term is found only on word boundaries (a letter, a digit or `_` never touches
//!    it: `matcher::on_word_boundaries`), so a term covering a character of `W` covers all of `W`,
//!    and its pattern (folded to lower case, see `matcher::fold`) contains `W` folded. No pattern
//!    contains it.
//! 3. **No acronym token.** A token is a whole word holding a capital (`tokens::acronym_tokens`),
//!    so one covering `W` contains it. It is a token only if it, its singular, its stem before a
//!    plural `S` or its prefix before a version number is a word the glossary knows as an acronym,
//!    or the form of a term found in the block, or if its singular is acronym-shaped. Each of these
//!    contains `W` less the digits and `s` it ends with (`core`); no known acronym and no pattern
//!    contains `core`, and `core` has a capital followed by two small letters, which no
//!    acronym-shaped word has (`text::acronym::is_acronym_like`), and no word containing it either.
//!
//! Nothing here depends on any earlier analysis or on which edits were made: the text alone decides.

use memchr::memmem;

use super::Engine;
use crate::review::DocKind;
use crate::text::acronym::has_capitalised_word;

/// How the text before the word may not read: what opens markup that hides a word without a break,
/// or starts an admonition's or a tab's title.
const OPENS_HIDDEN: [&str; 13] = [
    "](", "][", "[^", "![", "[!", "]:", "<", "&", "\\", "!!!", "???", "===", "{",
];

/// What a URL, an e-mail address or a template tag holds (their own scans may start inside a word).
const IN_LINKS: [&str; 3] = ["://", "www.", "@"];

/// Whether no term and no acronym token of `engine`'s glossary can be read at byte `offset` of a
/// document of `kind` whose text around the offset is `window` (from the start of a line to the end
/// of the offset's line, or further), whatever the rest of the document holds. `window_starts_text`:
/// the window is the start of the document, where front matter may open. `false` whenever this
/// cannot be shown: another kind than Markdown, no blank line before the offset in the window.
pub fn nothing_can_be_at(
    engine: &Engine,
    kind: DocKind,
    window: &str,
    offset: usize,
    window_starts_text: bool,
) -> bool {
    if kind != DocKind::Markdown {
        return false;
    }
    let bytes = window.as_bytes();
    let word_byte = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_alphanumeric);
    if offset == 0 || !word_byte(offset - 1) || !word_byte(offset) {
        return false;
    }
    let start = bytes
        .get(..offset)
        .and_then(|before| before.iter().rposition(|b| !b.is_ascii_alphanumeric()))
        .map_or(0, |i| i + 1);
    let end = bytes
        .get(offset..)
        .and_then(|after| after.iter().position(|b| !b.is_ascii_alphanumeric()))
        .map_or(bytes.len(), |i| offset + i);
    let (Some(word), Some(line_end)) = (
        window.get(start..end),
        bytes
            .get(end..)
            .map(|after| memchr::memchr(b'\n', after).map_or(bytes.len(), |i| end + i)),
    ) else {
        return false;
    };
    // The word's line must end in the window.
    if line_end == bytes.len() {
        return false;
    }
    let Some(paragraph) = paragraph_start(bytes.get(..start).unwrap_or_default()) else {
        return false;
    };
    if paragraph == 0 && window_starts_text {
        return false;
    }
    let Some(read) = window.get(paragraph..line_end) else {
        return false;
    };
    if OPENS_HIDDEN
        .iter()
        .chain(IN_LINKS.iter())
        .any(|s| read.contains(s))
    {
        return false;
    }
    let core = word.trim_end_matches(|c: char| c.is_ascii_digit() || c == 's' || c == 'S');
    if !has_capitalised_word(core.as_bytes()) {
        return false;
    }
    let folded = core.to_ascii_lowercase();
    let index = engine.index();
    let finder = memmem::Finder::new(folded.as_bytes());
    !index
        .matcher
        .pattern_texts()
        .any(|pattern| finder.find(pattern).is_some())
        && !index.acronyms.keys().any(|known| known.contains(core))
}

/// The offset in `before` (text from a line start up to a word) where the paragraph of its last
/// line starts: right after the last blank line (spaces and tabs only) before that line; `None`
/// when `before` holds none.
fn paragraph_start(before: &[u8]) -> Option<usize> {
    // The last line is the word's own: look at the lines before it.
    let mut line_end = memchr::memrchr(b'\n', before)?;
    loop {
        let line_start = memchr::memrchr(b'\n', before.get(..line_end)?).map_or(0, |i| i + 1);
        let line = before.get(line_start..line_end)?;
        if line.iter().all(|b| *b == b' ' || *b == b'\t') {
            return Some(line_end + 1);
        }
        line_end = line_start.checked_sub(1)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, Settings};
    use proptest::prelude::*;
    use std::sync::{Arc, LazyLock};

    static ENGINE: LazyLock<Arc<Engine>> =
        LazyLock::new(|| Engine::shared(crate::glossary::builtin::glossary(Default::default())));

    /// `nothing_can_be_at` one byte into the first `word` of `text`, a whole document.
    fn at(text: &str, word: &str) -> bool {
        let offset = text.find(word).expect("the word is in the text") + 1;
        nothing_can_be_at(&ENGINE, DocKind::Markdown, text, offset, true)
    }

    #[test]
    fn identifiers_no_form_contains_are_nothing_in_code_and_prose() {
        assert!(at(
            "Intro.\n\n```python\nfrom trl import DPOTrainer\n```\n",
            "DPOTrainer"
        ));
        assert!(at("Intro.\n\ntraining_args = DPOConfig(\n", "DPOConfig"));
        assert!(at("Intro.\n\nThe DPOTrainer class trains.\n", "DPOTrainer"));
        // Typed into: still an identifier.
        assert!(at(
            "Intro.\n\nfrom trl import pDPOTrainerx\n",
            "pDPOTrainerx"
        ));
        // A link or a tag in an earlier paragraph hides nothing in this one.
        assert!(at(
            "[a](b) <i>c</i>\n\nThe DPOTrainer class.\n",
            "DPOTrainer"
        ));
        // Brackets that make no link, or a link's text, hide nothing.
        assert!(at("Intro.\n\n[[autodoc]] DPOTrainer\n", "DPOTrainer"));
        assert!(at(
            "Intro.\n\nSee [the DPOTrainer docs] here.\n",
            "DPOTrainer"
        ));
    }

    #[test]
    fn acronyms_terms_and_words_a_form_contains_may_be_something() {
        assert!(!at("Intro.\n\nWe train with DPO here.\n", "DPO"));
        assert!(!at("Intro.\n\nWe train GPT2 here.\n", "GPT2"));
        assert!(!at("Intro.\n\nA Transformer block.\n", "Transformer"));
        assert!(!at("Intro.\n\nMany Transformers here.\n", "Transformers"));
        assert!(!at("Intro.\n\nThe MoE layer.\n", "MoE"));
        assert!(!at("Intro.\n\nThe vLLM server.\n", "vLLM"));
    }

    #[test]
    fn markup_that_may_hide_the_word_before_it_in_its_paragraph_leaves_the_question_open() {
        for text in [
            "Intro.\n\nSee [the docs](https://x.org/DPOTrainer) now.\n",
            "Intro.\n\nSee [the\ndocs](x/DPOTrainer) now.\n",
            "Intro.\n\nSee [the docs][DPOTrainer] now.\n",
            "Intro.\n\nA note.[^DPOTrainer]\n",
            "Intro.\n\n![DPOTrainer](x.png)\n",
            "Intro.\n\n[docs]: https://x.org \"DPOTrainer\"\n",
            "Intro.\n\n<span title=\"DPOTrainer\">x</span>\n",
            "Intro.\n\nA &DPOTrainer; entity.\n",
            "Intro.\n\n!!! note \"DPOTrainer\"\n",
            "Intro.\n\nSee https://x.org/DPOTrainer now.\n",
            "Intro.\n\nMail a@DPOTrainer.org now.\n",
            "Intro.\n\nA {{ DPOTrainer }} tag.\n",
        ] {
            assert!(!at(text, "DPOTrainer"), "{text:?}");
        }
    }

    #[test]
    fn only_inside_a_word_of_a_markdown_paragraph_seen_whole() {
        let text = "Intro.\n\nThe DPOTrainer class.\n";
        let start = text.find("DPOTrainer").unwrap();
        let ask = |offset: usize| nothing_can_be_at(&ENGINE, DocKind::Markdown, text, offset, true);
        assert!(ask(start + 1) && ask(start + 9));
        assert!(!ask(start), "at the word's start a term may end");
        assert!(!ask(start + 10), "at its end");
        let kind = DocKind::ReStructuredText;
        assert!(!nothing_can_be_at(&ENGINE, kind, text, start + 1, true));
        // No blank line before the paragraph in the window, or front matter possible.
        assert!(!at("The DPOTrainer class.\n", "DPOTrainer"));
        // A blank first line: front matter opens on the first line only.
        assert!(at("\nThe DPOTrainer class.\n", "DPOTrainer"));
        let window = "x\n\nThe DPOTrainer class.\n";
        let offset = window.find("DPOTrainer").unwrap() + 1;
        assert!(nothing_can_be_at(
            &ENGINE,
            DocKind::Markdown,
            window,
            offset,
            false
        ));
        // The word's line must end in the window.
        assert!(!at("Intro.\n\nThe DPOTrainer class.", "DPOTrainer"));
    }

    /// Markdown made of words the glossary knows, identifiers and markup that hides text.
    fn document() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "DPOTrainer",
            "DPOConfig",
            "PPOTrainer",
            "Trainer",
            "DPO",
            "PPO",
            "KV",
            "cache",
            "large",
            "language",
            "model",
            "LLMs",
            "GPT2",
            "MoE",
            "Direct",
            "Preference",
            "Optimization",
            "(DPOTrainer)",
            " ",
            " ",
            " ",
            "\n",
            "\n\n",
            "[",
            "]",
            "](",
            "][",
            "[^",
            "![",
            "]:",
            ")",
            "<i>",
            "</i>",
            "<",
            "`",
            "*",
            "_",
            "\n```\n",
            "- ",
            "# ",
            "https://",
            "@",
            "&",
            "\\",
            "{{",
            "}}",
            "!!! ",
            "---\n",
            ":",
            ".",
        ]);
        prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn where_nothing_can_be_the_analysis_finds_nothing(text in document()) {
            let analysis = analyze(&text, DocKind::Markdown, &ENGINE, &Settings::default());
            for offset in 0..=text.len() {
                for starts in [true, false] {
                    if nothing_can_be_at(&ENGINE, DocKind::Markdown, &text, offset, starts) {
                        prop_assert!(analysis.term_at(offset).is_none(), "a term at {}", offset);
                        prop_assert!(analysis.acronym_at(offset).is_none(), "a token at {}", offset);
                    }
                }
            }
        }
    }
}
