//! Which of an acronym's meanings a document may mean. The glossary gives some acronyms several
//! ("SAC": soft actor-critic, selective activation checkpointing; "CI": continuous integration, a
//! confidence interval); the document's own words tell them apart. Decided here once, for the rule that
//! asks for a spell-out and for what an editor shows on the acronym (hover, inlay hints).

use std::borrow::Cow;
use std::ops::Range;

use super::document::{AcronymUse, TermUse};
use super::GlossaryIndex;
use crate::glossary::forms::FormRole;
use crate::glossary::{Entry, Familiarity};

/// The text written at a byte range of the document (a front end may hold it in a rope).
pub type Written<'t> = dyn Fn(&Range<usize>) -> Option<Cow<'t, str>> + 't;

/// The meanings an acronym may have in this document: `entry`'s, or, when the glossary gives the
/// acronym several ("SAC": soft actor-critic, selective activation checkpointing), the one the document
/// writes out somewhere ("… propose Alignment via Optimal Transport"), else the one whose related terms
/// the document uses ("SSD" beside SSM and Mamba is state space duality, not a solid-state drive), else
/// all of them, in glossary order. `terms` and `acronyms` are the document's (an analysis's), `written`
/// reads its text.
pub fn in_context<'e, 't>(
    entry: &'e Entry,
    entries: &'e [Entry],
    index: &GlossaryIndex,
    terms: &[TermUse],
    acronyms: &[AcronymUse],
    written: &Written<'t>,
) -> Vec<&'e Entry> {
    let Some(list) = entry
        .acronym
        .as_deref()
        .and_then(|a| index.ambiguous.get(a))
    else {
        return vec![entry];
    };
    // The document's term matches already hold every long form of every meaning (expansions,
    // names, other long forms such as "question and answer" for QA): no second scan of the text.
    let mut written_out = vec![false; list.len()];
    for term in terms {
        let slot = list
            .iter()
            .position(|&m| m == term.entry)
            .and_then(|position| written_out.get_mut(position));
        if let Some(slot) = slot {
            if term.role != FormRole::Acronym && written(&term.range).is_some_and(|w| words(&w)) {
                *slot = true;
            }
        }
    }
    let pick = |chosen: &[bool]| -> Vec<&'e Entry> {
        list.iter()
            .zip(chosen)
            .filter(|(_, &chosen)| chosen)
            .filter_map(|(&m, _)| entries.get(m))
            .collect()
    };
    if written_out.iter().filter(|&&w| w).count() == 1 {
        return pick(&written_out);
    }
    let cued = cued(list, entries, terms, acronyms);
    if cued.iter().filter(|&&c| c).count() == 1 {
        return pick(&cued);
    }
    list.iter().filter_map(|&m| entries.get(m)).collect()
}

/// Whether a term use writes its entry out in words, rather than as an acronym or an acronym-like
/// variant spelling ("LORA"): "question and answer", "chain-of-thought".
pub fn spells_out(text: &str, term: &TermUse) -> bool {
    term.role != FormRole::Acronym && text.get(term.range.clone()).is_some_and(words)
}

/// Whether a term as written is words, not an acronym-like spelling.
fn words(written: &str) -> bool {
    !crate::text::acronym::is_acronym_like(written)
}

/// For each meaning, whether the document uses one of the terms its entry lists as related
/// (`see_also`): the glossary's own data tells the meanings of an acronym apart. An acronym every
/// practitioner knows (LLM, GPU) stands in nearly every document of the field, so it is no cue: the
/// GLM model family lists LLM, and a document about LLM evaluation that fits "a GLM" to its win rates
/// means a generalized linear model.
fn cued(
    list: &[usize],
    entries: &[Entry],
    terms: &[TermUse],
    acronyms: &[AcronymUse],
) -> Vec<bool> {
    let everyday = |used: &usize| {
        entries.get(*used).is_some_and(|e| {
            e.acronym.is_some() && e.familiarity.rank() < Familiarity::Specialist.rank()
        })
    };
    let used: rustc_hash::FxHashSet<usize> = terms
        .iter()
        .map(|t| t.entry)
        .chain(acronyms.iter().filter_map(|a| a.entry))
        .filter(|used| !list.contains(used) && !everyday(used))
        .collect();
    list.iter()
        .map(|&m| {
            entries.get(m).is_some_and(|meaning| {
                meaning.see_also.iter().any(|related| {
                    used.iter().filter_map(|&u| entries.get(u)).any(|u| {
                        u.name.eq_ignore_ascii_case(related)
                            || u.acronym.as_deref() == Some(related.as_str())
                    })
                })
            })
        })
        .collect()
}
