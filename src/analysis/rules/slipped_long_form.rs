//! `non-canonical-spelling` in a definition: the writer's long form has a slip of the hand in a word
//! of the glossary's ("Quantization-Aware Trainning (QAT)", "Kullback-Liebler (KL) divergence", "Low
//! Rank Adoptation of LLM Models (LoRA)"). The definition still defines the acronym (a reader knows
//! what is meant); the finding stands at the word, and its fix writes the glossary's word in the
//! writer's capitals. What counts as a slip is decided once, in [`slips`].

use super::inconsistent_expansion::{same_expansion, same_term, slips};
use super::{Acronym, Code, Finding, Fix, FixAction, GlossaryIndex, Severity, TextEdit};
use crate::analysis::document::Definition;
use crate::glossary::Entry;

/// One finding per definition in the writer's own words whose long form has slips.
pub(super) fn findings(
    subject: &Acronym,
    entries: &[Entry],
    index: &GlossaryIndex,
) -> Vec<Finding> {
    if subject.defs.is_empty() {
        return Vec::new();
    }
    let acronym = subject.acronym;
    let meanings: Vec<&Entry> = match index.ambiguous.get(acronym) {
        Some(list) => list.iter().filter_map(|&m| entries.get(m)).collect(),
        None => index
            .acronyms
            .get(acronym)
            .and_then(|&e| entries.get(e))
            .into_iter()
            .collect(),
    };
    // A long document defines its common acronyms again and again in the same words: each
    // wording is read once (this runs on every analysis), and one without slips is passed over.
    let mut clean: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for definition in subject.defs.iter().filter(|d| !d.quoted) {
        let long_form = definition.long_form.as_str();
        if clean.contains(&long_form) {
            continue;
        }
        match in_definition(subject.text, acronym, definition, &meanings) {
            Some(finding) => out.push(finding),
            None => clean.push(long_form),
        }
    }
    out
}

/// The finding of one definition: none when its long form is one of a meaning's own forms, else at
/// its slips against the first meaning whose long form it is but for them, from the first slipped
/// word to the last ("Killback-Liebler").
fn in_definition(
    text: &str,
    acronym: &str,
    definition: &Definition,
    meanings: &[&Entry],
) -> Option<Finding> {
    let long_form = definition.long_form.as_str();
    // This runs for every definition on every analysis, and nearly all are written with the
    // glossary's words: only a long form with a word of five letters or more that no expansion
    // writes can hold a slip, and that is told without allocating.
    if !meanings
        .iter()
        .filter_map(|m| m.expansion.as_deref())
        .any(|expansion| has_a_word_not_in(long_form, expansion))
    {
        return None;
    }
    let mut forms = meanings.iter().flat_map(|e| {
        e.expansion
            .iter()
            .chain(std::iter::once(&e.name))
            .chain(&e.aliases)
    });
    if forms.any(|form| same_term(long_form, form)) {
        return None;
    }
    let (expansion, slipped) = meanings.iter().find_map(|meaning| {
        let expansion = meaning.expansion.as_deref()?;
        let slipped = slips(long_form, expansion);
        let corrected = corrected(long_form, &slipped);
        (!slipped.is_empty() && same_expansion(&corrected, expansion))
            .then_some((expansion, slipped))
    })?;
    // Every slipped word where it stands in the source, or no finding: a fix must not miss one.
    let words = slipped
        .iter()
        .map(|(at, right)| {
            let written = long_form.get(at.clone())?;
            let range = in_source(text, definition, at, written)?;
            Some((range, in_capitals_of(written, right)))
        })
        .collect::<Option<Vec<_>>>()?;
    let range = words.first()?.0.start..words.last()?.0.end;
    let written = text.get(range.clone())?;
    let mut spelling = String::new();
    let mut from = range.start;
    for (word, right) in &words {
        spelling.push_str(text.get(from..word.start)?);
        spelling.push_str(right);
        from = word.end;
    }
    // A heading's words make its anchor: a fix there is offered, not applied (as for any name
    // spelled wrong in a heading).
    let title = if definition.heading {
        format!("Write `{spelling}` (this changes the heading's link anchor)")
    } else {
        format!("Write `{spelling}`")
    };
    Some(Finding {
        code: Code::NonCanonicalSpelling,
        severity: Severity::Warning,
        range: range.clone(),
        token: written.to_string(),
        acronym: spelling.clone(),
        message: format!(
            "`{written}` is spelled “{spelling}” (the glossary spells out `{acronym}` as “{expansion}”)"
        ),
        expansion: Some(expansion.to_string()),
        related: Vec::new(),
        fixes: vec![Fix {
            title,
            preferred: !definition.heading,
            action: FixAction::Edit {
                edits: vec![TextEdit {
                    range,
                    replacement: spelling,
                }],
            },
        }],
    })
}

/// Whether `written` has a word of five letters or more that `right` does not have, case aside.
fn has_a_word_not_in(written: &str, right: &str) -> bool {
    fn long_words(s: &str) -> impl Iterator<Item = &str> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 5)
    }
    long_words(written).any(|w| !long_words(right).any(|r| r.eq_ignore_ascii_case(w)))
}

/// `long_form` with each slipped word replaced by the word it slips from.
fn corrected(long_form: &str, slipped: &[(std::ops::Range<usize>, String)]) -> String {
    let mut out = String::with_capacity(long_form.len());
    let mut from = 0;
    for (at, right) in slipped {
        out.push_str(long_form.get(from..at.start).unwrap_or_default());
        out.push_str(right);
        from = at.end;
    }
    out.push_str(long_form.get(from..).unwrap_or_default());
    out
}

/// Where the word at `at` of the definition's long form stands in the source: at the same offset
/// when the source writes the long form as read, else at the one place in the long form's source
/// where the word stands whole (markup such as `**…**` moves it); `None` when that is not one place.
fn in_source(
    text: &str,
    definition: &Definition,
    at: &std::ops::Range<usize>,
    written: &str,
) -> Option<std::ops::Range<usize>> {
    let source = text.get(definition.long_form_range.clone())?;
    let offset = if source == definition.long_form {
        at.start
    } else {
        let whole = |&(i, _): &(usize, &str)| {
            let before = source.get(..i).and_then(|s| s.chars().next_back());
            let after = source
                .get(i + written.len()..)
                .and_then(|s| s.chars().next());
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        };
        let mut found = source.match_indices(written).filter(whole);
        let (i, _) = found.next()?;
        if found.next().is_some() {
            return None;
        }
        i
    };
    let start = definition.long_form_range.start + offset;
    Some(start..start + written.len())
}

/// `right` (in lower case) in the capitals of `written`: all capitals, a capital first, or none.
fn in_capitals_of(written: &str, right: &str) -> String {
    let letters = || written.chars().filter(|c| c.is_alphabetic());
    if letters().count() > 1 && letters().all(char::is_uppercase) {
        return right.to_uppercase();
    }
    let mut chars = right.chars();
    match (written.chars().next(), chars.next()) {
        (Some(first), Some(r)) if first.is_uppercase() => r.to_uppercase().chain(chars).collect(),
        _ => right.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_right_word_takes_the_writers_capitals() {
        assert_eq!(in_capitals_of("Trainning", "training"), "Training");
        assert_eq!(in_capitals_of("TRAINNING", "training"), "TRAINING");
        assert_eq!(in_capitals_of("trainning", "training"), "training");
    }

    #[test]
    fn a_long_form_is_read_with_its_slips_mended() {
        let long_form = "Low Rank Adoptation of LLM Models";
        let slipped = slips(long_form, "Low-Rank Adaptation");
        assert_eq!(
            corrected(long_form, &slipped),
            "Low Rank adaptation of LLM Models"
        );
    }
}
