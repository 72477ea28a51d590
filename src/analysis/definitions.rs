//! In-document definitions of acronyms, in every form writers use, validated Schwartz–Hearst style.
//!
//! | form | example |
//! |---|---|
//! | `LongThenAcronym` | Group Relative Policy Optimization (GRPO); large language models (LLMs); Group Relative Policy Optimization (GRPO; Shao et al., 2024); `[Multi-Query Attention](url) (MQA)`; `([HNSW](url))` |
//! | `Irregular` | (knowledge-preserved mode, KPM); Hugging Face Jobs (HF Jobs); Support Vector Machines [SVM] |
//! | `AcronymThenLong` | PPO (Proximal Policy Optimization) |
//! | `LongOrAcronym` | Mixture of Experts, or MoE, … |
//! | `AcronymOrLong` | MoE, or Mixture of Experts, … |
//! | `StandsFor` | LLM stands for large language model; LoRA is short for Low-Rank Adaptation; RAG is an acronym for … |
//! | `ListItem` | `- GRPO: Group Relative Policy Optimization` / `- **GRPO** — Group …` at the start of a list item |
//!
//! Markdown abbreviation lines and `<abbr title>` elements come from the prose module.
//! This module works on one block of the flat text (see [`super::flat`]); ranges are relative to it.
//!
//! # Why the string slices here fall on character boundaries
//!
//! Strings are sliced through [`Slice::slice`] (clippy's `string_slice` and `indexing_slicing` are
//! denied in the engine). Every offset used comes from one of: a word range from
//! `word_after`/`word_before`, a run of ASCII letters and digits, which starts and ends on character
//! boundaries; the position of an ASCII delimiter (`(`, `)`, `,`, `;`, ` `) found with
//! `find`/`rfind`/byte search in the same block, which is a boundary before and after it (UTF-8 never
//! uses ASCII bytes inside a multi-byte character); or one of those plus the `len_utf8` of the
//! character there. The property tests (tests/properties.rs) and the `analyze` fuzz target, both
//! built with debug assertions, would stop on any slice that is not.

use std::ops::Range;

use super::rules::inconsistent_expansion::same_term;
use crate::text::acronym::{
    capitals_start_words, enough_initials, has_two_capitals, is_acronym_like, letters_only,
    long_form_start, singular,
};
use crate::text::slice::Slice;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DefinitionForm {
    LongThenAcronym,
    AcronymThenLong,
    LongOrAcronym,
    AcronymOrLong,
    StandsFor,
    ListItem,
    /// `*[HBM]: High-Bandwidth Memory`: defines for the whole document.
    AbbreviationLine,
    /// `<abbr title="High-Bandwidth Memory">HBM</abbr>`.
    AbbrElement,
    /// The rarer parenthesised forms, which a fix never rewrites: `(knowledge-preserved mode, KPM)`,
    /// `Hugging Face Jobs (HF Jobs)`, `Fully-Sharded Data Parallelism (Megatron-FSDP)`, and
    /// `Sparse High Rank Adapters or SHiRA` without a comma.
    Irregular,
}

/// A definition found in a block, with ranges relative to the block's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDefinition {
    /// The acronym, singular ("LLM" for "(LLMs)").
    pub acronym: String,
    pub acronym_range: Range<usize>,
    pub long_form_range: Range<usize>,
    /// The whole definition: from the start of the long form (or the acronym) to the end of the
    /// parenthesis (or the long form).
    pub span: Range<usize>,
    pub form: DefinitionForm,
}

/// Characters that end the clause a long form can come from.
const CLAUSE_BREAKS: &[char] = &[
    '.', '!', '?', ';', ':', '(', ')', '[', ']', '—', '–', '\n', '"', '“', '”',
];

/// What the glossary tells the definition reader.
pub trait Vocabulary {
    /// Whether the glossary knows `word` as an acronym ("FP16", which has a single capital, may then
    /// stand in a definition; any word with two capitals may anyway).
    fn knows(&self, word: &str) -> bool;
    /// The glossary's long forms of `acronym` that its letters do not follow (MX: "microscaling"). The
    /// letter test cannot find these, so a long form written exactly so (up to [`same_term`]) counts.
    fn long_forms_off_letters(&self, acronym: &str) -> &[String];
}

/// The reader's view of the glossary, shared by every form.
struct Known<'a> {
    vocabulary: &'a dyn Vocabulary,
}

impl Known<'_> {
    /// Whether `word` may be the acronym of a definition: any word with two capitals, or one the
    /// glossary knows.
    fn candidate(&self, word: &str) -> bool {
        !word.is_empty()
            && word.bytes().all(|b| b.is_ascii_alphanumeric())
            && (has_two_capitals(singular(word).0)
                || self.vocabulary.knows(word)
                || self.vocabulary.knows(singular(word).0))
    }

    /// Where the long form of `acronym` starts in `text`; an acronym with digits may also be matched
    /// by its letters alone, since writers spell numbers as words ("peer-to-peer (P2P)",
    /// "Text-to-Text Transfer Transformer (T5)"). An acronym whose letters do not follow its long
    /// form (MX) is matched by the glossary's long form instead, as the last words of `text`
    /// ("Microscaling (MX)"); other words before "(MX)" define nothing.
    ///
    /// The capitals of a mixed-case acronym must start words of the long form
    /// ([`capitals_start_words`]): "low rank matrices (LoRA)" defines nothing; and two of the letters
    /// of a longer one must start words or capitalised parts ([`enough_initials`]): "Llama-1/2/3" does
    /// not spell out LLM.
    fn fitting_start(&self, acronym: &str, text: &str) -> Option<usize> {
        let fits = |acronym: &str| {
            long_form_start(acronym, text).filter(|&start| {
                let long_form = text.slice(start..);
                capitals_start_words(acronym, long_form) && enough_initials(acronym, long_form)
            })
        };
        fits(acronym)
            .or_else(|| {
                let letters = letters_only(acronym);
                (letters.len() >= 2 && letters.len() < acronym.len())
                    .then(|| fits(&letters))
                    .flatten()
            })
            .or_else(|| {
                self.vocabulary
                    .long_forms_off_letters(acronym)
                    .iter()
                    .find_map(|long| ending_with_term(text, long))
            })
    }

    /// Whether `long` (a range of `text`) is, as a whole, the long form of `acronym`.
    fn whole_long_form(&self, text: &str, long: &Range<usize>, acronym: &str) -> bool {
        let phrase = text.slice(long.clone());
        let phrase = strip_article(phrase);
        !phrase.is_empty()
            && self.fitting_start(acronym, phrase) == Some(0)
            && !has_two_capitals_only(phrase)
            && !starts_with_function_word(phrase)
            && !holds_markup(phrase)
            && !holds_the_acronym(phrase, acronym)
    }
}

/// Whether `phrase` holds `acronym` itself as a word ("GRPO+KL penalty", "A2A+P2P based on"): the
/// words after "GRPO, or" are then another item of a list, never what GRPO stands for.
fn holds_the_acronym(phrase: &str, acronym: &str) -> bool {
    phrase
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| singular(word).0 == acronym)
}

/// Where the last words of `text` start when they are the term `long` (as many words as it has,
/// compared by [`same_term`]: capitals, hyphens, plurals aside).
fn ending_with_term(text: &str, long: &str) -> Option<usize> {
    let words = long.split_whitespace().count();
    let trimmed = text.trim_end();
    let start = trimmed
        .char_indices()
        .rev()
        .filter(|&(at, c)| {
            !c.is_whitespace()
                && trimmed
                    .slice(..at)
                    .chars()
                    .next_back()
                    .is_none_or(char::is_whitespace)
        })
        .nth(words.checked_sub(1)?)
        .map(|(at, _)| at)?;
    same_term(trimmed.slice(start..), long).then_some(start)
}

/// Finds the definitions in one block of prose. `vocabulary` says which words the glossary knows as
/// acronyms and which long forms their letters do not follow.
pub fn find_definitions(
    block: &str,
    starts_list_item: bool,
    vocabulary: &dyn Vocabulary,
) -> Vec<FoundDefinition> {
    let known = &Known { vocabulary };
    let mut found = Vec::new();
    if starts_list_item {
        found.extend(list_item_definition(block, known));
    }
    for (open, _) in block.match_indices('(') {
        if let Some(definition) = long_then_acronym(block, open, known)
            .or_else(|| acronym_then_long(block, open, known))
            .or_else(|| irregular_parenthesis(block, open, known))
        {
            found.push(definition);
        }
    }
    for (open, _) in block.match_indices('[') {
        if let Some(definition) = long_then_bracketed(block, open, known) {
            found.push(definition);
        }
    }
    for at in finders().or.find_iter(block.as_bytes()) {
        if let Some(definition) = long_or_acronym(block, at, known) {
            found.push(definition);
        } else if let Some(definition) = acronym_or_long(block, at, known) {
            found.push(definition);
        }
    }
    for at in finders().bare_or.find_iter(block.as_bytes()) {
        if block.slice(..at).ends_with(',') {
            continue; // ", or " above
        }
        if let Some(definition) = long_or_acronym_without_comma(block, at, known) {
            found.push(definition);
        }
    }
    for (at, _) in block.match_indices('=') {
        if let Some(definition) = acronym_equals_long(block, at, known) {
            found.push(definition);
        }
    }
    for finder in &finders().stands_for {
        for at in finder.find_iter(block.as_bytes()) {
            let Some((acronym_end, long_start)) = stands_for_at(block, at, finder.needle()) else {
                continue;
            };
            if let Some(definition) = stands_for(block, acronym_end, long_start, known) {
                found.push(definition);
            }
        }
    }
    found.sort_by_key(|d| d.acronym_range.start);
    found.dedup_by_key(|d| d.acronym_range.clone());
    found
}

/// Whether `text`, a stretch of a document's source around an edit (a few lines, maybe cut mid-sentence,
/// markup and all), holds a definition of `acronym` in any form: read as one block, and each line
/// opening a list item (`- `, `* `, `+ `, `1. `) as a list item; an abbreviation line (`*[PPO]: …`)
/// defines it too, and any LaTeX command beside it may (the acronym packages' commands are read by
/// the LaTeX reader, not here), so text with a backslash that names it answers yes. A front end that answers from an
/// analysis of an older text asks this to know whether the edits may have made a definition: the
/// forms are this module's, so the question is answered here. Markup inside a definition
/// ("**Proximal** Policy Optimization (PPO)") can hide it from this reading (not from the analysis).
pub fn may_define(text: &str, acronym: &str, vocabulary: &dyn Vocabulary) -> bool {
    let defines = |found: Vec<FoundDefinition>| found.iter().any(|d| d.acronym == acronym);
    let abbreviation_line = |line: &str| {
        line.trim_start()
            .strip_prefix("*[")
            .and_then(|rest| rest.strip_prefix(acronym))
            .is_some_and(|rest| rest.starts_with("]:"))
    };
    (text.contains('\\') && text.contains(acronym))
        || text.lines().any(abbreviation_line)
        || defines(find_definitions(text, false, vocabulary))
        || text.lines().any(|line| {
            let item = line.trim_start();
            let marker = ["- ", "* ", "+ "]
                .iter()
                .find_map(|m| item.strip_prefix(m))
                .or_else(|| {
                    let digits =
                        item.len() - item.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                    (digits > 0)
                        .then(|| item.get(digits..)?.strip_prefix(". "))
                        .flatten()
                });
            marker.is_some_and(|rest| defines(find_definitions(rest, true, vocabulary)))
        })
}

/// Substring searchers built once: a block is short, and setting up a search per block would cost more
/// than the search.
struct Finders {
    or: memchr::memmem::Finder<'static>,
    bare_or: memchr::memmem::Finder<'static>,
    /// "ACR stands for …", "ACR, standing for …", "ACR, short for …" and "ACR is short for …", "ACR
    /// is an abbreviation of …" and "ACR is an acronym for …" ([`stands_for_at`]).
    stands_for: [memchr::memmem::Finder<'static>; 4],
}

fn finders() -> &'static Finders {
    static FINDERS: std::sync::OnceLock<Finders> = std::sync::OnceLock::new();
    FINDERS.get_or_init(|| Finders {
        or: memchr::memmem::Finder::new(", or "),
        bare_or: memchr::memmem::Finder::new(" or "),
        stands_for: [
            memchr::memmem::Finder::new(" stands for "),
            memchr::memmem::Finder::new(", standing for "),
            memchr::memmem::Finder::new(" short for "),
            memchr::memmem::Finder::new(" is an "),
        ],
    })
}

/// Where the acronym ends and the long form starts for a hit of a `stands_for` finder at `at`: one
/// search per phrasing that several share (", short for " and " is short for "; " is an
/// abbreviation of", " is an abbreviation for" and " is an acronym for"), since every search reads
/// the whole block.
fn stands_for_at(block: &str, at: usize, needle: &[u8]) -> Option<(usize, usize)> {
    let after = at + needle.len();
    match needle {
        b" short for " => {
            let before = block.slice(..at);
            let acronym_end = if before.ends_with(',') {
                at - 1
            } else if before.ends_with(" is") {
                at - " is".len()
            } else {
                return None;
            };
            Some((acronym_end, after))
        }
        b" is an " => {
            let rest = block.slice(after..);
            ["abbreviation of ", "abbreviation for ", "acronym for "]
                .iter()
                .find(|phrase| rest.starts_with(**phrase))
                .map(|phrase| (at, after + phrase.len()))
        }
        _ => Some((at, after)),
    }
}

/// The word that ends exactly at `end` (letters and digits).
fn word_before(text: &str, end: usize) -> Option<Range<usize>> {
    let start = text
        .slice(..end)
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric())
        .last()
        .map(|(i, _)| i)?;
    Some(start..end)
}

/// The word that starts exactly at `start`.
fn word_after(text: &str, start: usize) -> Option<Range<usize>> {
    let len = text
        .slice(start..)
        .bytes()
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    (len > 0).then_some(start..start + len)
}

/// Whether the character at byte `at` of `text` ends a clause. An en dash between two letters joins a
/// compound ("Kullback–Leibler", "Bradley–Terry") and is part of the long form.
fn is_clause_break(text: &str, at: usize, c: char) -> bool {
    if !CLAUSE_BREAKS.contains(&c) {
        return false;
    }
    if c != '–' {
        return true;
    }
    let before = text.get(..at).and_then(|t| t.chars().next_back());
    let after = text.get(at + c.len_utf8()..).and_then(|t| t.chars().next());
    !(before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric))
}

/// The start of the clause that ends at `end`: after the last clause break before it.
fn clause_start(text: &str, end: usize) -> usize {
    text.slice(..end)
        .char_indices()
        .rev()
        .find(|&(at, c)| is_clause_break(text, at, c))
        .map_or(0, |(at, c)| at + c.len_utf8())
}

/// The end of the phrase that starts at `start`: the first clause break or comma.
fn phrase_end(text: &str, start: usize) -> usize {
    text.slice(start..)
        .char_indices()
        .find(|&(at, c)| c == ',' || is_clause_break(text, start + at, c))
        .map_or(text.len(), |(at, _)| start + at)
}

/// Trims whitespace off a range of `text`.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = text.slice(range.clone());
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.end - (slice.len() - slice.trim_end().len());
    start..end.max(start)
}

/// Whether a phrase holds characters that no long form has but markup and symbols do: "GRPO# LLMs"
/// runs into a heading mark, "MoE */}Multi-Query Attention" into a comment that the reader did not
/// know, "LLMs🙂Group Relative …" across an emoji. A long form is words, spaces and the punctuation
/// that joins words ("Kullback–Leibler", "Q&A", "Input/Output", "Bradley-Terry's").
fn holds_markup(phrase: &str) -> bool {
    phrase
        .chars()
        .any(|c| !c.is_alphanumeric() && !c.is_whitespace() && !"-–'’,./&+".contains(c))
}

/// Words that start an aside, not a long form: "LLMs (like Llama, …)" fits L-L-M letter by letter.
const FUNCTION_WORDS: &[&str] = &[
    "also", "and", "are", "as", "at", "but", "by", "e", "eg", "for", "from", "i", "ie", "if", "in",
    "is", "like", "not", "of", "on", "only", "or", "see", "so", "such", "than", "that", "then",
    "these", "this", "those", "to", "use", "used", "using", "via", "was", "were", "which", "with",
];

/// Whether `phrase` opens with one of [`FUNCTION_WORDS`]; one joined by a hyphen to the next word is
/// part of a compound, which a long form may open with: "ISQ (In-Situ Quantization)", "OTF
/// (on-the-fly)", "ICL (in-context learning)".
fn starts_with_function_word(phrase: &str) -> bool {
    let first_word = phrase.split_whitespace().next().unwrap_or_default();
    let first = first_word
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    let compound = first_word
        .get(first.len()..)
        .is_some_and(|rest| rest.starts_with(['-', '‑']) && rest.len() > 1);
    !compound && FUNCTION_WORDS.contains(&first.to_lowercase().as_str())
}

/// A long form that is a single acronym-like word is not a long form ("PPO (GRPO)").
fn has_two_capitals_only(phrase: &str) -> bool {
    !phrase.contains(char::is_whitespace) && !phrase.contains('-') && has_two_capitals(phrase)
}

fn strip_article(phrase: &str) -> &str {
    for article in ["the ", "The ", "a ", "A ", "an ", "An "] {
        if let Some(rest) = phrase.strip_prefix(article) {
            return rest;
        }
    }
    phrase
}

/// `Long Form (ACR)`, `(ACRs)`, `(ACR; citation)`, `(ACR, citation)`, the short form named as
/// such: `(ACR for short)`, `(ACR in short)` ("Automatic Prefix Caching (APC in short)"), and in
/// quotation marks, as contracts and reports name a defined term: `Multi-Latent Attention ("MLA")`.
fn long_then_acronym(block: &str, open: usize, known: &Known<'_>) -> Option<FoundDefinition> {
    let inner = block.slice(open + 1..);
    let quotes = [('"', '"'), ('“', '”')]
        .into_iter()
        .find(|&(opening, _)| inner.starts_with(opening));
    let inner_start = open + 1 + quotes.map_or(0, |(opening, _)| opening.len_utf8());
    let word = word_after(block, inner_start)?;
    let rest = block.slice(word.end..);
    let rest = match quotes {
        Some((_, closing)) => rest.strip_prefix(closing)?,
        None => rest,
    };
    let after = rest.chars().next()?;
    let named_short = [" for short)", " in short)"]
        .iter()
        .any(|note| rest.starts_with(note));
    if !matches!(after, ')' | ';' | ',') && !named_short {
        return None;
    }
    let written = block.slice(word.clone());
    if !known.candidate(written) {
        return None;
    }
    let (acronym, _) = singular(written);
    // "Low Rank Adapters~(LoRA)": LaTeX's unbreakable space, in an abstract pasted from a paper.
    let open = match block.slice(..open).strip_suffix('~') {
        Some(before) if before.ends_with(char::is_alphanumeric) => before.len(),
        _ => open,
    };
    // "Arctic Long Sequence Training. (ALST)": a full stop may stand between the two.
    let before = block.slice(..open).trim_end();
    let long_end = match before.strip_suffix('.') {
        Some(rest)
            if block
                .slice(clause_start(block, open)..open)
                .trim()
                .is_empty() =>
        {
            rest.len()
        }
        _ => open,
    };
    let region_start = clause_start(block, long_end);
    let region = block.slice(region_start..long_end);
    let start = known.fitting_start(acronym, region)?;
    let long_form = trimmed(block, region_start + start..long_end);
    if long_form.is_empty()
        || starts_with_function_word(block.slice(long_form.clone()))
        || holds_markup(block.slice(long_form.clone()))
    {
        return None;
    }
    let close = block
        .slice(word.end..)
        .find(')')
        .map_or(word.end, |i| word.end + i + 1);
    Some(FoundDefinition {
        acronym: acronym.to_string(),
        acronym_range: word,
        span: long_form.start..close,
        long_form_range: long_form,
        form: DefinitionForm::LongThenAcronym,
    })
}

/// `Long Form [ACR]`: "k-Nearest Neighbour [kNN], Decision Trees [DT]", as some reports write it.
/// Square brackets hold citations and link texts far more often, so only a bracket that holds nothing
/// but an acronym-like word and stands after a space counts, and never a link (`[ACR](…)`,
/// `[ACR][ref]`), a link reference (`[ACR]: …`) or a citation reference (`[ACR]_`); the long form
/// must fit its letters as in `Long Form (ACR)`. A fix never rewrites it (`Irregular`).
fn long_then_bracketed(block: &str, open: usize, known: &Known<'_>) -> Option<FoundDefinition> {
    if !block.slice(..open).ends_with(' ') {
        return None;
    }
    let word = word_after(block, open + 1)?;
    let after = block.slice(word.end..);
    // `[ACR](…)`, `[ACR][ref]`, `[ACR]: …` and reStructuredText's citation reference `[ACR]_`.
    if !after.starts_with(']') || after.slice(1..).starts_with(['(', '[', ':', '_']) {
        return None;
    }
    let written = block.slice(word.clone());
    if !known.candidate(written) || written.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (acronym, _) = singular(written);
    let region_start = clause_start(block, open);
    let start = known.fitting_start(acronym, block.slice(region_start..open))?;
    let long_form = trimmed(block, region_start + start..open);
    if !known.whole_long_form(block, &long_form, acronym) {
        return None;
    }
    Some(FoundDefinition {
        acronym: acronym.to_string(),
        acronym_range: word.clone(),
        span: long_form.start..word.end + 1,
        long_form_range: long_form,
        form: DefinitionForm::Irregular,
    })
}

/// `ACR (Long Form)`.
fn acronym_then_long(block: &str, open: usize, known: &Known<'_>) -> Option<FoundDefinition> {
    let before = block.slice(..open).strip_suffix(' ')?;
    let word = word_before(block, before.len())?;
    let written = block.slice(word.clone());
    if !known.candidate(written) {
        return None;
    }
    let (acronym, _) = singular(written);
    let inner_end = block.slice(open..).find(')').map(|i| open + i)?;
    // "LoRA (short for low-rank adaptation)", "PPO (i.e., Proximal Policy Optimization)".
    let inner = block.slice(open + 1..inner_end);
    let lead = [
        "short for ",
        "stands for ",
        "i.e., ",
        "i.e. ",
        "or ",
        "for ",
    ]
    .iter()
    .find(|lead| inner.starts_with(**lead))
    .map_or(0, |lead| lead.len());
    let long_start = open + 1 + lead;
    let long_end = block
        .slice(long_start..inner_end)
        .find([';', ','])
        .map_or(inner_end, |i| long_start + i);
    let long_form = without_trailing_words(block, trimmed(block, long_start..long_end), acronym);
    if !known.whole_long_form(block, &long_form, acronym) {
        return None;
    }
    Some(FoundDefinition {
        acronym: acronym.to_string(),
        acronym_range: word.clone(),
        long_form_range: long_form,
        span: word.start..inner_end + 1,
        form: DefinitionForm::AcronymThenLong,
    })
}

/// `Long Form, or ACR,` (the acronym followed by punctuation or the end of the block).
fn long_or_acronym(block: &str, at: usize, known: &Known<'_>) -> Option<FoundDefinition> {
    long_or_acronym_at(block, at, ", or ".len(), false, known)
}

/// `Long Form` + a separator of `separator` bytes at `at` + `ACR`, the acronym followed by punctuation
/// (or also by a space, with `then_space`).
fn long_or_acronym_at(
    block: &str,
    at: usize,
    separator: usize,
    then_space: bool,
    known: &Known<'_>,
) -> Option<FoundDefinition> {
    let word = word_after(block, at + separator)?;
    let next = block.slice(word.end..).chars().next();
    let ends = |c: char| {
        matches!(c, ',' | '.' | ';' | ':' | ')' | '\n' | '!' | '?') || (then_space && c == ' ')
    };
    if !next.is_none_or(ends) {
        return None;
    }
    let written = block.slice(word.clone());
    if !known.candidate(written) {
        return None;
    }
    let (acronym, _) = singular(written);
    let region_start =
        clause_start(block, at).max(block.slice(..at).rfind(',').map_or(0, |i| i + 1));
    let region = block.slice(region_start..at);
    let start = known.fitting_start(acronym, region)?;
    let long_form = trimmed(block, region_start + start..at);
    Some(FoundDefinition {
        acronym: acronym.to_string(),
        span: long_form.start..word.end,
        acronym_range: word,
        long_form_range: long_form,
        form: DefinitionForm::LongOrAcronym,
    })
}

/// `ACR, or Long Form`.
fn acronym_or_long(block: &str, at: usize, known: &Known<'_>) -> Option<FoundDefinition> {
    let word = word_before(block, at)?;
    acronym_then_phrase(
        block,
        word,
        at + ", or ".len(),
        DefinitionForm::AcronymOrLong,
        known,
    )
}

/// `ACR stands for Long Form`, `ACR, standing for Long Form`, `ACR, short for Long Form`, `ACR is
/// short for Long Form`, `ACR is an abbreviation of (or for) Long Form`, `ACR is an acronym for Long
/// Form`.
fn stands_for(
    block: &str,
    at: usize,
    long_start: usize,
    known: &Known<'_>,
) -> Option<FoundDefinition> {
    let word = word_before(block, at)?;
    acronym_then_phrase(block, word, long_start, DefinitionForm::StandsFor, known)
}

/// `ACR = Long Form`, as a legend of abbreviations writes it ("| DP  = Data Parallel", "Glossary: TP =
/// Tensor Parallel, PP = Pipeline Parallel"). An equals sign sets values far more often ("TP = 2",
/// "LR = 1e-4"), so the long form is as many words as the acronym has capitals, each starting with
/// its capital (small words between aside), and what follows must end the entry: a clause break, a
/// comma, a bar, the end of the block, or the next entry (`ISL = …`, the legend's lines joined into
/// one paragraph). A fix never rewrites it.
fn acronym_equals_long(block: &str, at: usize, known: &Known<'_>) -> Option<FoundDefinition> {
    let before = block.slice(..at).trim_end_matches(' ');
    let word = word_before(block, before.len())?;
    let after = block.slice(at + 1..);
    let long_start = at + 1 + (after.len() - after.trim_start_matches(' ').len());
    let phrase = trimmed(block, long_start..phrase_end(block, long_start));
    let capitals = block
        .slice(word.clone())
        .chars()
        .filter(char::is_ascii_uppercase)
        .count();
    // The end of the word that completes the acronym's capitals.
    let text = block.slice(phrase.clone());
    let mut words = 0;
    let mut long_end = None;
    for (offset, w) in text.split(' ').scan(0, |at, w| {
        let start = *at;
        *at += w.len() + 1;
        Some((start, w))
    }) {
        if w.is_empty() || is_small_word(w) {
            continue;
        }
        words += 1;
        if words == capitals {
            long_end = Some(phrase.start + offset + w.len());
            break;
        }
    }
    let long = phrase.start..long_end?;
    if !initials_spell(block.slice(word.clone()), block.slice(long.clone())) {
        return None;
    }
    let rest = block.slice(long.end..).trim_start_matches(' ');
    let next_entry = rest
        .split_once('=')
        .is_some_and(|(name, _)| is_acronym_like(name.trim_end_matches(' ')));
    let ends = rest.is_empty()
        || rest.starts_with([',', '|'])
        || rest
            .chars()
            .next()
            .is_some_and(|c| is_clause_break(rest, 0, c));
    if !(ends || next_entry) {
        return None;
    }
    let written = block.slice(word.clone());
    if !known.candidate(written) || !known.whole_long_form(block, &long, singular(written).0) {
        return None;
    }
    Some(FoundDefinition {
        acronym: singular(written).0.to_string(),
        span: word.start..long.end,
        acronym_range: word,
        long_form_range: long,
        form: DefinitionForm::Irregular,
    })
}

/// `Long Form or ACR` without a comma ("Sparse High Rank Adapters or SHiRA"). "or" joins alternatives
/// far more often than it introduces an acronym, so the long form's words must carry the acronym's
/// capitals as their initials, one a word.
fn long_or_acronym_without_comma(
    block: &str,
    at: usize,
    known: &Known<'_>,
) -> Option<FoundDefinition> {
    let mut found = long_or_acronym_at(block, at, " or ".len(), true, known)?;
    // "a long-short term memory network or LSTM": the acronym leaves out the kind of thing, which
    // after a bare "or" must be one of the usual ones.
    let long = without_kind(block, found.long_form_range.clone(), &found.acronym);
    let kind = block
        .slice(long.end..found.long_form_range.end)
        .trim_start();
    if !initials_spell(&found.acronym, block.slice(long.clone()))
        || !(kind.is_empty() || HEAD_NOUNS.contains(&kind))
    {
        return None;
    }
    found.long_form_range = long;
    if !known.whole_long_form(block, &found.long_form_range, &found.acronym) {
        return None;
    }
    found.form = DefinitionForm::Irregular;
    Some(found)
}

/// The kinds of thing a long form may name after the words its acronym spells ("long short-term
/// memory network" for LSTM).
const HEAD_NOUNS: &[&str] = &[
    "algorithm",
    "algorithms",
    "architecture",
    "layer",
    "layers",
    "method",
    "model",
    "models",
    "network",
    "networks",
];

/// Words that start a qualifier after a long form ("Continuous-Time Recurrent Neural Networks with
/// time constants"), not a part of it.
const QUALIFIER_WORDS: &[&str] = &[
    "as", "by", "for", "from", "in", "on", "that", "to", "used", "using", "via", "when", "where",
    "which", "while", "with",
];

/// The long form without a qualifier that follows it, when the acronym comes first and the long form
/// runs on to the end of its phrase: "CTRNN - Continuous-Time Recurrent Neural Networks with time
/// constants" is spelled out as "Continuous-Time Recurrent Neural Networks". A qualifier is cut only
/// where the words before it already carry the acronym's capitals as their initials, so "Bidirectional
/// Encoder Representations from Transformers (BERT)" keeps its last word.
fn without_trailing_words(text: &str, long: Range<usize>, acronym: &str) -> Range<usize> {
    let phrase = text.slice(long.clone());
    for (at, _) in phrase.match_indices(' ') {
        let next = phrase.slice(at + 1..).split(' ').next().unwrap_or_default();
        if QUALIFIER_WORDS.contains(&next) && initials_spell(acronym, phrase.slice(..at)) {
            return long.start..long.start + at;
        }
    }
    long
}

/// The long form without a last word that names the kind of thing, when the words before it carry
/// the acronym's capitals as their initials and the whole does not: "(Approximate Nearest Neighbor
/// Search - ANN)" spells out ANN as "Approximate Nearest Neighbor", which a fix can write before
/// "index" as well as before "search".
fn without_kind(text: &str, long: Range<usize>, acronym: &str) -> Range<usize> {
    let phrase = text.slice(long.clone());
    match phrase.rsplit_once(' ') {
        Some((head, last))
            if last.chars().all(char::is_alphabetic)
                && !initials_spell(acronym, phrase)
                && initials_spell(acronym, head) =>
        {
            long.start..long.start + head.len()
        }
        _ => long,
    }
}

/// A small word that gives an acronym no letter ("Out of Memory", "Attention with Linear Biases").
fn is_small_word(word: &str) -> bool {
    matches!(
        word,
        "of" | "and" | "for" | "the" | "to" | "in" | "on" | "with"
    )
}

/// Whether the initials of `long`'s words (small words aside) are the capitals of `acronym`, in order
/// and one a word. A hyphenated word gives the initials of its parts ("Low-Rank Adaptation" for LoRA)
/// or one initial ("Activation-aware Weight Quantization" for AWQ).
pub fn initials_spell(acronym: &str, long: &str) -> bool {
    let capitals: Vec<char> = acronym.chars().filter(char::is_ascii_uppercase).collect();
    let initials = |separators: &[char]| -> Vec<char> {
        long.split(separators)
            .filter(|w| !w.is_empty() && !is_small_word(w))
            .filter_map(|w| w.chars().next())
            .map(|c| c.to_ascii_uppercase())
            .collect()
    };
    capitals.len() >= 2 && (capitals == initials(&[' ', '-']) || capitals == initials(&[' ']))
}

/// The parenthesised forms that are not `(ACR)` right after the long form:
/// - `(long form, ACR)`: "(knowledge-preserved mode, KPM)", also with a dash: "(Approximate Nearest
///   Neighbor Search - ANN)";
/// - `Long Form Word (ACR Word)`: "Hugging Face Jobs (HF Jobs)", "Grand Theft Auto V (GTA V)";
/// - `Long Form (Name-ACR)`: "Fully-Sharded Data Parallelism (Megatron-FSDP)" defines FSDP.
fn irregular_parenthesis(block: &str, open: usize, known: &Known<'_>) -> Option<FoundDefinition> {
    const MAX_INNER: usize = 80;
    let close = open + 1 + block.slice(open + 1..).find(')')?;
    if close - open > MAX_INNER {
        return None;
    }
    let inner = block.slice(open + 1..close);
    let found = |acronym_range: Range<usize>, long_form: Range<usize>, span: Range<usize>| {
        let written = block.slice(acronym_range.clone());
        let (acronym, _) = singular(written);
        known
            .whole_long_form(block, &long_form, acronym)
            .then(|| FoundDefinition {
                acronym: acronym.to_string(),
                acronym_range,
                long_form_range: long_form,
                span,
                form: DefinitionForm::Irregular,
            })
    };
    // (long form, ACR), (Long Form - ACR)
    let separator = [", ", " - ", " – ", " — "]
        .iter()
        .filter_map(|s| inner.rfind(s).map(|at| (at, s.len())))
        .max();
    if let Some((at, len)) = separator {
        let word = open + 1 + at + len..close;
        let written = block.slice(word.clone());
        if known.candidate(written) && word_after(block, word.start) == Some(word.clone()) {
            let long_form = without_kind(block, trimmed(block, open + 1..open + 1 + at), written);
            // A parenthesis that lists things ends with an acronym as often ("sanitize the query
            // (prompt-injection patterns, PII)"): the words before the separator define it only
            // when their initials are its letters, one a word, or they are a long form the
            // vocabulary gives it off its letters. Letters found inside words, which the other
            // forms accept ("Kullback-Leibler (KL)"), would read a list's item as its long form.
            let acronym = singular(written).0;
            let phrase = strip_article(block.slice(long_form.clone()));
            let initials = initials_spell(acronym, phrase)
                || known
                    .vocabulary
                    .long_forms_off_letters(acronym)
                    .iter()
                    .any(|long| same_term(phrase, long));
            if !initials {
                return None;
            }
            return found(word, long_form, open..close + 1);
        }
    }
    // Long Form Word (ACR Word)
    if let Some((first, shared)) = inner.split_once(' ') {
        let word = open + 1..open + 1 + first.len();
        let before = block.slice(..open).trim_end();
        if !shared.is_empty()
            && !shared.contains(' ')
            && known.candidate(first)
            && word_after(block, word.start) == Some(word.clone())
            && ends_with_ignoring_case(before, shared)
            && before.slice(..before.len() - shared.len()).ends_with(' ')
        {
            let long_end = before.len() - shared.len();
            let region_start = clause_start(block, long_end);
            let start =
                known.fitting_start(singular(first).0, block.slice(region_start..long_end))?;
            let long_form = trimmed(block, region_start + start..long_end);
            return found(word, long_form.clone(), long_form.start..close + 1);
        }
    }
    // ACR Word (Long Form), Brand Long Form (Brand ACR)
    if let Some(definition) = acronym_word_then_long(block, open, close, known)
        .or_else(|| branded(block, open, close, known))
    {
        return found(
            definition.acronym_range,
            definition.long_form_range,
            definition.span,
        );
    }
    // Long Form (Name-ACR)
    if let Some((prefix, last)) = inner.rsplit_once('-') {
        let word = close - last.len()..close;
        if prefix.starts_with(|c: char| c.is_uppercase())
            && !prefix.contains(' ')
            && known.candidate(last)
            && word_after(block, word.start) == Some(word.clone())
        {
            let region_start = clause_start(block, open);
            let start = known.fitting_start(singular(last).0, block.slice(region_start..open))?;
            let long_form = trimmed(block, region_start + start..open);
            return found(word, long_form.clone(), long_form.start..close + 1);
        }
    }
    None
}

/// `ACR Word (Long Form)`: "TD Error (Temporal Difference)", "KL penalty (Kullback–Leibler)": the
/// parenthesis spells out the acronym, not the word after it, which the writer leaves as it is. One
/// word of letters only between them, and the long form's initials must be the acronym's capitals:
/// "IZNN genomes (Izhikevich spiking neuron model)" glosses the genomes, not IZNN.
fn acronym_word_then_long(
    block: &str,
    open: usize,
    close: usize,
    known: &Known<'_>,
) -> Option<FoundDefinition> {
    let before = block.slice(..open).strip_suffix(' ')?;
    let between = word_before(block, before.len())?;
    if !block
        .slice(between.clone())
        .chars()
        .all(char::is_alphabetic)
    {
        return None;
    }
    let word = word_before(block, block.slice(..between.start).strip_suffix(' ')?.len())?;
    let written = block.slice(word.clone());
    if !known.candidate(written) {
        return None;
    }
    let acronym = singular(written).0;
    let long_form = trimmed(block, open + 1..close);
    let initials = block.slice(long_form.clone()).replace('–', "-");
    // The ranges are checked by the caller, as for every irregular form.
    (!long_form.is_empty() && initials_spell(acronym, &initials)).then(|| FoundDefinition {
        acronym: acronym.to_string(),
        acronym_range: word.clone(),
        long_form_range: long_form,
        span: word.start..close + 1,
        form: DefinitionForm::Irregular,
    })
}

/// `Brand Long Form (Brand ACR)`: "Intel® Advanced Matrix Extensions (Intel® AMX)", "Amazon Elastic
/// Container Service (Amazon ECS)", as vendors write their products. The brand is one capitalised
/// word, written in the parenthesis as before the long form, and the long form is all that stands
/// between the brand and the parenthesis. The ranges are checked by the caller, as for every
/// irregular form.
fn branded(block: &str, open: usize, close: usize, known: &Known<'_>) -> Option<FoundDefinition> {
    let inner = block.slice(open + 1..close);
    let (brand, last) = inner.rsplit_once(' ')?;
    let word = close - last.len()..close;
    if brand.is_empty()
        || brand.contains(' ')
        || !brand.starts_with(char::is_uppercase)
        || !known.candidate(last)
        || word_after(block, word.start) != Some(word.clone())
    {
        return None;
    }
    let clause = clause_start(block, open);
    let region = block.slice(clause..open);
    let at = clause + region.rfind(&format!("{brand} "))?;
    let starts_a_word = block
        .slice(..at)
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    let long_start = at + brand.len() + 1;
    let long_form = trimmed(block, long_start..open);
    (starts_a_word
        && !long_form.is_empty()
        && known.fitting_start(singular(last).0, block.slice(long_form.clone())) == Some(0))
    .then(|| FoundDefinition {
        acronym: singular(last).0.to_string(),
        acronym_range: word,
        span: long_form.start..close + 1,
        long_form_range: long_form,
        form: DefinitionForm::Irregular,
    })
}

/// Whether `text` ends with `suffix`, ASCII case aside ("Key-Value cache (KV Cache)").
fn ends_with_ignoring_case(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text
            .get(text.len() - suffix.len()..)
            .is_some_and(|end| end.eq_ignore_ascii_case(suffix))
}

/// The forms where the acronym (`word`) comes first and the long form is the phrase that starts at
/// `long_start` and runs to the next clause break or comma; the phrase must fit the acronym as a whole.
fn acronym_then_phrase(
    block: &str,
    word: Range<usize>,
    long_start: usize,
    form: DefinitionForm,
    known: &Known<'_>,
) -> Option<FoundDefinition> {
    let written = block.slice(word.clone());
    if !known.candidate(written) {
        return None;
    }
    let (acronym, _) = singular(written);
    let long_form = without_trailing_words(
        block,
        trimmed(block, long_start..phrase_end(block, long_start)),
        acronym,
    );
    if !known.whole_long_form(block, &long_form, acronym) {
        return None;
    }
    Some(FoundDefinition {
        acronym: acronym.to_string(),
        span: word.start..long_form.end,
        acronym_range: word,
        long_form_range: long_form,
        form,
    })
}

/// `ACR: Long Form` or `ACR — Long Form` at the start of a list item.
fn list_item_definition(block: &str, known: &Known<'_>) -> Option<FoundDefinition> {
    let start = block.len() - block.trim_start().len();
    let word = word_after(block, start)?;
    let rest = block.slice(word.end..);
    let separator = [": ", " — ", " – ", " - ", "— ", " —", ":"]
        .iter()
        .find(|s| rest.starts_with(**s))?;
    let long_start = word.end + separator.len();
    acronym_then_phrase(block, word, long_start, DefinitionForm::ListItem, known)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defs(block: &str) -> Vec<(String, &str, DefinitionForm)> {
        defs_in(block, false)
    }

    /// A glossary that knows FP16 (one capital) and MX, whose letters "microscaling" does not carry.
    struct Glossary {
        microscaling: [String; 1],
    }

    impl Vocabulary for Glossary {
        fn knows(&self, word: &str) -> bool {
            word == "FP16" || word == "MX"
        }

        fn long_forms_off_letters(&self, acronym: &str) -> &[String] {
            if acronym == "MX" {
                &self.microscaling
            } else {
                &[]
            }
        }
    }

    fn defs_in(block: &str, list_item: bool) -> Vec<(String, &str, DefinitionForm)> {
        let glossary = Glossary {
            microscaling: ["microscaling".to_string()],
        };
        find_definitions(block, list_item, &glossary)
            .into_iter()
            .map(|d| (d.acronym, &block[d.long_form_range], d.form))
            .collect()
    }

    use DefinitionForm::*;

    #[test]
    fn text_around_an_edit_may_define_an_acronym_in_any_form() {
        let glossary = Glossary {
            microscaling: ["microscaling".to_string()],
        };
        let may = |text: &str, acronym: &str| may_define(text, acronym, &glossary);
        // Cut mid-sentence, as the text around an edit is.
        assert!(may(
            "ms and then Proximal Policy Optimization (PPO) is used",
            "PPO"
        ));
        assert!(may(
            "PPO, short for Proximal Policy Optimization, is",
            "PPO"
        ));
        assert!(may(
            "intro\n- PPO: Proximal Policy Optimization\n- next",
            "PPO"
        ));
        assert!(may("words\n*[PPO]: Proximal Policy Optimization\n", "PPO"));
        assert!(may(
            "\\newacronym{ppo}{PPO}{Proximal Policy Optimization}",
            "PPO"
        ));
        // Named, but not defined: a use, a definition of another acronym.
        assert!(!may("we train PPO on the reward model, as usual", "PPO"));
        assert!(!may(
            "Direct Preference Optimization (DPO) beats PPO",
            "PPO"
        ));
        assert!(!may("- PPO runs faster", "PPO"));
    }

    #[test]
    fn a_legend_of_abbreviations_defines() {
        // Its lines joined into one paragraph, as the prose reading joins them.
        assert_eq!(
            defs("Glossary: | DP  = Data Parallel ISL = Input Sequence Length | PP = Pipeline Parallel"),
            [
                ("DP".into(), "Data Parallel", Irregular),
                ("ISL".into(), "Input Sequence Length", Irregular),
                ("PP".into(), "Pipeline Parallel", Irregular),
            ]
        );
        assert_eq!(
            defs("Glossary: TP = Tensor Parallel, OSL = Output Sequence Length."),
            [
                ("TP".into(), "Tensor Parallel", Irregular),
                ("OSL".into(), "Output Sequence Length", Irregular),
            ]
        );
        // Values, and words that do not end where the entry should.
        assert_eq!(defs("Set TP = 2 and LR = 1e-4 for the run."), []);
        assert_eq!(defs("Then DP = Data Parallel training wins."), []);
    }

    #[test]
    fn a_short_form_named_as_such_is_defined() {
        assert_eq!(
            defs("Automatic Prefix Caching (APC in short) reuses the cache."),
            [("APC".into(), "Automatic Prefix Caching", LongThenAcronym)]
        );
        assert_eq!(
            defs("We use Direct Preference Optimization (DPO for short) here."),
            [(
                "DPO".into(),
                "Direct Preference Optimization",
                LongThenAcronym
            )]
        );
        assert_eq!(defs("We use caching (APC in general) here."), []);
    }

    #[test]
    fn long_form_then_acronym() {
        assert_eq!(
            defs("We use Group Relative Policy Optimization (GRPO) here."),
            [(
                "GRPO".into(),
                "Group Relative Policy Optimization",
                LongThenAcronym
            )]
        );
        assert_eq!(
            defs("Large language models (LLMs) are big."),
            [("LLM".into(), "Large language models", LongThenAcronym)]
        );
        assert_eq!(
            defs("It is Group Relative Policy Optimization (GRPO; Shao et al., 2024)."),
            [(
                "GRPO".into(),
                "Group Relative Policy Optimization",
                LongThenAcronym
            )]
        );
        assert_eq!(
            defs("iteratively: Reward-rAnked Fine-Tuning (RAFT) works"),
            [("RAFT".into(), "Reward-rAnked Fine-Tuning", LongThenAcronym)]
        );
        assert_eq!(
            defs("authors propose reverse-Kullback–Leibler (KL) preference optimization"),
            [("KL".into(), "reverse-Kullback–Leibler", LongThenAcronym)]
        );
        assert_eq!(
            defs("pairs — Bradley–Terry Model (BTM) scores"),
            [("BTM".into(), "Bradley–Terry Model", LongThenAcronym)]
        );
        assert_eq!(
            defs("a fast peer-to-peer (P2P) link"),
            [("P2P".into(), "peer-to-peer", LongThenAcronym)]
        );
        assert_eq!(
            defs("Multi-Query Attention (MQA) shares heads"),
            [("MQA".into(), "Multi-Query Attention", LongThenAcronym)]
        );
        assert_eq!(
            defs("Hierarchical Navigable Small World (HNSW) graphs"),
            [(
                "HNSW".into(),
                "Hierarchical Navigable Small World",
                LongThenAcronym
            )]
        );
    }

    #[test]
    fn acronym_then_long_form_and_other_forms() {
        assert_eq!(
            defs("We ran PPO (Proximal Policy Optimization) first."),
            [(
                "PPO".into(),
                "Proximal Policy Optimization",
                AcronymThenLong
            )]
        );
        assert_eq!(
            defs("A Mixture of Experts, or MoE, routes tokens."),
            [("MoE".into(), "Mixture of Experts", LongOrAcronym)]
        );
        assert_eq!(
            defs("An MoE, or Mixture of Experts, routes tokens."),
            [("MoE".into(), "Mixture of Experts", AcronymOrLong)]
        );
        // The next item of a list that starts with the acronym is no long form of it.
        assert!(defs("It selects P2P, all-gather, A2A, or A2A+P2P based on the flag.").is_empty());
        assert!(defs("Train with GRPO, or GRPO+KL penalty depending on the budget.").is_empty());
        assert_eq!(
            defs("LLM stands for large language model."),
            [("LLM".into(), "large language model", StandsFor)]
        );
        assert_eq!(
            defs("LoRA is short for Low-Rank Adaptation. Given a weight matrix W, …"),
            [("LoRA".into(), "Low-Rank Adaptation", StandsFor)]
        );
        assert_eq!(
            defs("RAG is an acronym for retrieval-augmented generation."),
            [("RAG".into(), "retrieval-augmented generation", StandsFor)]
        );
        for phrasing in [
            "MoS, short for Mixture of Students, routes.",
            "MoS, standing for Mixture of Students, routes.",
            "MoS is an abbreviation of Mixture of Students.",
            "MoS is an abbreviation for Mixture of Students.",
        ] {
            assert_eq!(
                defs(phrasing),
                [("MoS".into(), "Mixture of Students", StandsFor)],
                "{phrasing}"
            );
        }
        // Neither is a definition: "short for" after another word, "is an" before another.
        assert_eq!(defs("MoS runs short for Mixture of Students."), []);
        assert_eq!(defs("MoS is an extension of Mixture of Students."), []);
        assert_eq!(
            defs_in(
                "GRPO: Group Relative Policy Optimization, a critic-free method",
                true
            ),
            [(
                "GRPO".into(),
                "Group Relative Policy Optimization",
                ListItem
            )]
        );
        assert_eq!(
            defs_in("TTFT — Time to First Token", true),
            [("TTFT".into(), "Time to First Token", ListItem)]
        );
        assert!(defs_in("TTFT — Time to First Token", false).is_empty());
    }

    #[test]
    fn rarer_forms_real_documents_use() {
        assert_eq!(
            defs("(a bidirectional long-short term memory network or LSTM)"),
            [("LSTM".into(), "long-short term memory", Irregular)]
        );
        assert_eq!(
            defs("into Low Rank Adapters~(LoRA). Our best model family"),
            [("LoRA".into(), "Low Rank Adapters", LongThenAcronym)]
        );
        assert_eq!(
            defs("Adapter and LoRA (short for low-rank adaptation) are methods"),
            [("LoRA".into(), "low-rank adaptation", AcronymThenLong)]
        );
        assert_eq!(
            defs("We use LoRA (for Low-Rank Adaptation) here"),
            [("LoRA".into(), "Low-Rank Adaptation", AcronymThenLong)]
        );
        assert_eq!(
            defs("we add a mode (knowledge-preserved mode, KPM) that"),
            [("KPM".into(), "knowledge-preserved mode", Irregular)]
        );
        assert_eq!(
            defs("We introduce Arctic Long Sequence Training. (ALST) It scales"),
            [(
                "ALST".into(),
                "Arctic Long Sequence Training",
                LongThenAcronym
            )]
        );
        assert_eq!(
            defs("We support Sparse High Rank Adapters or SHiRA for this."),
            [("SHiRA".into(), "Sparse High Rank Adapters", Irregular)]
        );
        assert_eq!(
            defs("Run it on Hugging Face Jobs (HF Jobs) today."),
            [("HF".into(), "Hugging Face", Irregular)]
        );
        assert_eq!(
            defs("trained on Grand Theft Auto V (GTA V) frames"),
            [("GTA".into(), "Grand Theft Auto", Irregular)]
        );
        // The parenthesis spells out the acronym before the word before it.
        assert_eq!(
            defs("## Part 3: TD Error (Temporal Difference)"),
            [("TD".into(), "Temporal Difference", Irregular)]
        );
        assert!(defs("The GPU memory (High Bandwidth Memory) is small.").is_empty());
        assert!(defs("The TD error (see below) is small.").is_empty());
        assert!(defs("If you use IZNN genomes (Izhikevich spiking neuron model), add:").is_empty());
        assert_eq!(
            defs("We add a KL penalty (Kullback-Leibler) to the loss."),
            [("KL".into(), "Kullback-Leibler", Irregular)]
        );
        // A vendor's brand before its product's long form and its acronym.
        assert_eq!(
            defs("Intel® Advanced Matrix Extensions (Intel® AMX) accelerate INT8 math."),
            [("AMX".into(), "Advanced Matrix Extensions", Irregular)]
        );
        assert_eq!(
            defs("Amazon Elastic Container Service (Amazon ECS) runs the containers."),
            [("ECS".into(), "Elastic Container Service", Irregular)]
        );
        // The brand must stand before the long form, and nothing else between them.
        assert!(defs("Advanced Matrix Extensions (Intel® AMX) accelerate it.").is_empty());
        assert!(defs("Intel said Advanced Matrix Extensions (Intel AMX) help.").is_empty());
        assert!(defs("Amazon Elastic Container Service (Google ECS) runs it.").is_empty());
        assert_eq!(
            defs("input needs to be converted into Key-Value cache (KV Cache) for decoding"),
            [("KV".into(), "Key-Value", Irregular)]
        );
        // The capitals of a mixed-case acronym mark the words' initials: these matrices are LoRA's,
        // the parenthesis names the method, it does not spell it out.
        assert!(defs("vectors are much smaller than low rank matrices (LoRA) and").is_empty());
        assert_eq!(
            defs("much smaller than Low-Rank Adaptation (LoRA) and"),
            [("LoRA".into(), "Low-Rank Adaptation", LongThenAcronym)]
        );
        assert_eq!(
            defs("use Fully-Sharded Data Parallelism (Megatron-FSDP) for"),
            [("FSDP".into(), "Fully-Sharded Data Parallelism", Irregular)]
        );
        assert_eq!(
            defs("MoS, standing for Mixture-of-Students, is a technique"),
            [("MoS".into(), "Mixture-of-Students", StandsFor)]
        );
        assert_eq!(
            defs_in("DeLoRA: Decoupled Low-rank Adaptation", true),
            [("DeLoRA".into(), "Decoupled Low-rank Adaptation", ListItem)]
        );
        // "or" between alternatives is not a definition.
        assert!(defs("Use PPO or GRPO here.").is_empty());
        assert!(defs("a GPU or TPU works").is_empty());
        assert_eq!(
            defs("Train with tensor parallel or TP, and go."),
            [("TP".into(), "tensor parallel", Irregular)]
        );
    }

    #[test]
    fn long_form_then_acronym_in_square_brackets() {
        assert_eq!(
            defs(
                "using models such as k-Nearest Neighbour [kNN], Decision Trees [DT], Naive Bayes \
                 [NB] and Support Vector Machines [SVM] to solve it"
            ),
            [
                ("kNN".into(), "k-Nearest Neighbour", Irregular),
                ("DT".into(), "Decision Trees", Irregular),
                ("NB".into(), "Naive Bayes", Irregular),
                ("SVM".into(), "Support Vector Machines", Irregular),
            ]
        );
        // Citations, links and link references are not definitions.
        assert!(defs("as shown in prior work [BERT] and [12]").is_empty());
        assert!(defs("Support Vector Machines [SVM](https://example.com/svm)").is_empty());
        assert!(defs("Support Vector Machines [SVM][svm] work").is_empty());
        assert!(defs("Support Vector Machines [SVM]: https://example.com").is_empty());
        assert!(defs("Support Vector Machines[SVM] work").is_empty());
        assert!(defs("Support Vector Machines [SVM, 2019] work").is_empty());
        assert!(defs("Support Vector Machines [SVM]_ work").is_empty());
    }

    #[test]
    fn a_qualifier_after_an_acronym_first_long_form_is_not_part_of_it() {
        assert_eq!(
            defs_in(
                "AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration",
                true
            ),
            [(
                "AWQ".into(),
                "Activation-aware Weight Quantization",
                ListItem
            )]
        );
        assert_eq!(
            defs_in(
                "CTRNN - Continuous-Time Recurrent Neural Networks with time constants",
                true
            ),
            [(
                "CTRNN".into(),
                "Continuous-Time Recurrent Neural Networks",
                ListItem
            )]
        );
        assert_eq!(
            defs("We ran PPO (Proximal Policy Optimization with clipping) first."),
            [(
                "PPO".into(),
                "Proximal Policy Optimization",
                AcronymThenLong
            )]
        );
        assert_eq!(
            defs_in("MoE: Mixture of Experts with top-2 routing", true),
            [("MoE".into(), "Mixture of Experts", ListItem)]
        );
        // The words before "from" do not carry the T: the long form runs on.
        assert_eq!(
            defs("BERT stands for Bidirectional Encoder Representations from Transformers."),
            [(
                "BERT".into(),
                "Bidirectional Encoder Representations from Transformers",
                StandsFor
            )]
        );
    }

    #[test]
    fn a_long_form_never_runs_into_markup() {
        assert!(defs("GRPO# LLMs(GRPO; Shao et al., 2024)").is_empty());
        assert!(defs("(MQA){/* MoE */}AMulti-Query Attention (MQA)").is_empty());
        assert!(defs("LLMs🙂Group Relative Policy Optimization (GRPO)").is_empty());
    }

    #[test]
    fn a_long_form_may_open_with_a_small_word_joined_to_the_next() {
        // "In-Situ" is one compound word, no aside opening with "in".
        assert_eq!(
            defs("ISQ (In-Situ Quantization) quantizes models during loading."),
            [("ISQ".into(), "In-Situ Quantization", AcronymThenLong)]
        );
        assert_eq!(
            defs("OTF (on-the-fly) quantization is fast."),
            [("OTF".into(), "on-the-fly", AcronymThenLong)]
        );
        assert_eq!(
            defs("In-Memory Cache (IMC) keeps blocks in RAM."),
            [("IMC".into(), "In-Memory Cache", LongThenAcronym)]
        );
        assert!(defs("trains LLMs (in Llama, Mistral) fast").is_empty());
    }

    #[test]
    fn negatives() {
        assert!(defs("We call it Foo Bar (RAG).").is_empty());
        assert!(defs("as shown (see Table 2) below").is_empty());
        assert!(defs("PPO (GRPO) is not a definition").is_empty());
        assert!(defs("the model (2024) and GPU (fast)").is_empty());
        assert!(defs("a, or b").is_empty());
        assert!(defs("trains LLMs (like Llama, Mistral) fast").is_empty());
    }

    #[test]
    fn an_acronym_whose_letters_its_long_form_lacks_is_defined_by_the_glossarys_long_form_only() {
        assert_eq!(
            defs("Microscaling (MX) formats share one power-of-two scale per block."),
            [("MX".into(), "Microscaling", LongThenAcronym)]
        );
        assert_eq!(
            defs("The OCP spec calls them micro-scaling (MX) formats."),
            [("MX".into(), "micro-scaling", LongThenAcronym)]
        );
        assert_eq!(
            defs("MX (microscaling) formats share a scale."),
            [("MX".into(), "microscaling", AcronymThenLong)]
        );
        // Other words before "(MX)" are not its long form, nor is a phrase that merely ends in it.
        assert!(defs("We store weights in a compact layout (MX) here.").is_empty());
        assert!(defs("They use block microscaling formats (MX) now.").is_empty());
    }
}
