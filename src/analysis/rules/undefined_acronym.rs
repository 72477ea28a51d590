//! `undefined-acronym`: an acronym-like token no glossary knows, never defined, not ignored, and used
//! in a way that reads as an acronym rather than a name.

use std::ops::Range;

use super::whole_text::{Search, Searches};
use super::{ignore_fix, Acronym, Code, Finding};
use crate::analysis::document::AcronymUse;
use crate::analysis::places::PREFIXES;
use crate::glossary::Entry;

/// The finding at the first use of an acronym no glossary knows and the document never defines.
pub(super) fn finding(
    subject: &Acronym,
    entries: &[Entry],
    searches: &mut Searches<'_>,
) -> Option<Finding> {
    let Acronym {
        text,
        acronym,
        body_uses,
        defs,
        ..
    } = *subject;
    if !defs.is_empty() {
        return None;
    }
    let first = body_uses.first()?;
    if first.entry.and_then(|e| entries.get(e)).is_some()
        || !reads_as_undefined_acronym(text, acronym, body_uses, searches)
    {
        return None;
    }
    Some(Finding {
        code: Code::UndefinedAcronym,
        severity: super::Severity::Information,
        range: first.range.clone(),
        token: subject.written(first),
        acronym: acronym.to_string(),
        message: format!(
            "`{acronym}` is not defined in this document or in the glossary; spell it out at its first use"
        ),
        expansion: None,
        related: subject.related_uses(1),
        fixes: vec![ignore_fix(acronym)],
    })
}

/// Whether a token no glossary knows, never defined, is reported as an undefined acronym. Most such
/// tokens are names (products, hardware, organisations, benchmarks, models), so it takes evidence: the
/// shape of an acronym (two to six capitals, nothing else), and use as a word of the author's text, more
/// than once and not only in tables and link texts, where names cluster; no version number after it
/// and no lower-case spelling of it anywhere in the document.
fn reads_as_undefined_acronym(
    text: &str,
    acronym: &str,
    body_uses: &[&AcronymUse],
    searches: &mut Searches<'_>,
) -> bool {
    let shape = (2..=6).contains(&acronym.len()) && acronym.bytes().all(|b| b.is_ascii_uppercase());
    // A version number after it makes a product line ("RDNA 3/4"); the same word in lower case
    // elsewhere makes an identifier or a name styled in capitals ("BRRR" and `brrr`, "MLC LLM" and
    // `mlc_llm`), but only as a word or a part of an identifier, not inside a longer word ("cad"
    // in "cascade", "isl" in "island").
    let versioned = body_uses.iter().any(|u| {
        text.get(u.range.end..)
            .and_then(|after| after.strip_prefix(' '))
            .is_some_and(|after| after.starts_with(|c: char| c.is_ascii_digit()))
    });
    shape
        && body_uses.len() >= 2
        && body_uses.iter().any(|u| !u.surroundings.in_table_or_link)
        && !versioned
        && !written_in_lower_case(text, searches, acronym)
        && !capitalised_as_a_word(searches, acronym)
        && !named_in_a_path(searches, acronym)
        && !always_in_one_compound(text, body_uses)
        && !glossed(text, body_uses)
        && !alphabet_run(acronym)
}

/// Whether `text` holds `acronym` in lower case with no letter or digit right before or after it: a
/// word, or a part of an identifier, a path or an option (`xsum.jsonl`, `--isl`).
fn in_lower_case_as_a_word(searches: &mut Searches<'_>, acronym: &str) -> bool {
    searches.holds(&Search {
        name: "lower case",
        pattern: &acronym.to_ascii_lowercase(),
        stands: stands_as_a_word,
    })
}

/// Whether the text at `at` stands with no letter or digit right before or after it.
fn stands_as_a_word(text: &str, at: Range<usize>) -> bool {
    let bytes = text.as_bytes();
    let before = at.start.checked_sub(1).and_then(|b| bytes.get(b));
    let after = bytes.get(at.end);
    // A byte of a character outside ASCII may be a letter's: it joins too.
    let joins = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b >= 0x80);
    !joins(before) && !joins(after)
}

/// Whether the document writes the token in lower case as a word ([`in_lower_case_as_a_word`]) other
/// than as a tag of its front matter ([`only_as_a_tag`]).
fn written_in_lower_case(text: &str, searches: &mut Searches<'_>, acronym: &str) -> bool {
    in_lower_case_as_a_word(searches, acronym) && !only_as_a_tag(text, acronym)
}

/// Whether every place `text` holds `acronym` in lower case as a word is a value of its front
/// matter's taxonomy (`tags: [eks, gpu]`): a slug that files the page is written in lower case
/// whatever it abbreviates, so it is no evidence of a name. Asked only when the document has such a
/// place (the search that found it is remembered; this one is not, and reads the whole text).
fn only_as_a_tag(text: &str, acronym: &str) -> bool {
    let Some(front) = crate::text::front_matter::find(text) else {
        return false;
    };
    let tags = front.taxonomy(text);
    if tags.is_empty() {
        return false;
    }
    let lower = acronym.to_ascii_lowercase();
    memchr::memmem::find_iter(text.as_bytes(), lower.as_bytes())
        .filter(|&at| stands_as_a_word(text, at..at + lower.len()))
        .all(|at| tags.iter().any(|tag| tag.contains(&at)))
}

/// Whether `text` writes the token as a whole segment of a URL or a path, in capitals as it is
/// ("VILA VLMs" beside `git clone https://github.com/NVlabs/VILA` and `cd VILA/`): a repository, a
/// folder or a file is named, and the token is that name, not initials the reader lacks.
fn named_in_a_path(searches: &mut Searches<'_>, acronym: &str) -> bool {
    fn stands(text: &str, at: Range<usize>) -> bool {
        let after = text.as_bytes().get(at.end);
        !after.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-' || *b >= 0x80)
    }
    searches.holds(&Search {
        name: "path segment",
        pattern: &format!("/{acronym}"),
        stands,
    })
}

/// Whether the token is the alphabet's first letters in order ("ABCD is expanded to ABCD, BCDA, …"):
/// answer options or placeholders, not initials of anything.
fn alphabet_run(acronym: &str) -> bool {
    acronym
        .bytes()
        .zip(b'A'..=b'Z')
        .all(|(letter, expected)| letter == expected)
}

/// Whether the document also writes the token as a capitalised word ("NGRAM" and "Ngram cache",
/// "the NGRAM-based variant" beside a heading "Ngram Speculative Decoding"): a word or a name set in
/// capitals as an option value, not initials. Only a whole word counts: "Sm" inside "Small" does not.
fn capitalised_as_a_word(searches: &mut Searches<'_>, acronym: &str) -> bool {
    fn stands(text: &str, at: Range<usize>) -> bool {
        let joins = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let before = text.get(..at.start).and_then(|b| b.chars().next_back());
        let after = text.get(at.end..).and_then(|a| a.chars().next());
        !joins(before) && !joins(after)
    }
    let mut chars = acronym.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let capitalised: String = std::iter::once(first)
        .chain(chars.flat_map(char::to_lowercase))
        .collect();
    // memchr's vectorised searcher, not `str::match_indices`: this runs over the whole document for
    // every candidate (once, then only where edits changed it: `whole_text`).
    searches.holds(&Search {
        name: "capitalised",
        pattern: &capitalised,
        stands,
    })
}

/// Whether a use stands alone in parentheses after a phrase, which introduces it as that phrase's
/// short form even when the initials do not match ("the ``Wisconsin Breast Cancer Wisconsin'' (WBCD)
/// dataset", "Spiking neural network (IZNN)"): the writer has said what it stands for.
fn glossed(text: &str, body_uses: &[&AcronymUse]) -> bool {
    body_uses.iter().any(|u| {
        let before = text.get(..u.range.start).unwrap_or_default();
        let after = text.get(u.range.end..).unwrap_or_default();
        after.starts_with(')')
            && before
                .strip_suffix('(')
                .and_then(|b| b.strip_suffix(' '))
                .and_then(|b| b.chars().next_back())
                .is_some_and(|c| c.is_alphanumeric() || "'\"”’*_]`".contains(c))
    })
}

/// Whether every use is joined by a hyphen to the same word, which makes the compound a name ("the
/// mini-MIAS dataset" each time). An English prefix makes an ordinary compound that uses the
/// acronym ("non-IID data").
fn always_in_one_compound(text: &str, body_uses: &[&AcronymUse]) -> bool {
    let joined = |u: &&AcronymUse| -> Option<String> {
        let before = text.get(..u.range.start)?.strip_suffix('-')?;
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric())
            .last()
            .map(|(i, _)| i)?;
        let word = before.get(start..)?.to_lowercase();
        (!PREFIXES.contains(&word.as_str())).then_some(word)
    };
    let mut words = body_uses.iter().map(joined);
    match words.next() {
        Some(Some(first)) => words.all(|w| w.as_deref() == Some(first.as_str())),
        _ => false,
    }
}
