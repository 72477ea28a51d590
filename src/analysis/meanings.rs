//! Which of an acronym's meanings a document may mean. The glossary gives some acronyms several
//! ("SAC": soft actor-critic, selective activation checkpointing; "CI": continuous integration, a
//! confidence interval); the document's own words tell them apart. Decided here once, for the rule that
//! asks for a spell-out and for what an editor shows on the acronym (hover, inlay hints).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;

use super::document::{AcronymUse, TermUse};
use super::GlossaryIndex;
use crate::glossary::forms::FormRole;
use crate::glossary::{Entry, Familiarity};

/// The text written at a byte range of the document (a front end may hold it in a rope).
pub type Written<'t> = dyn Fn(&Range<usize>) -> Option<Cow<'t, str>> + 't;

/// What a document says about the glossary's entries, as the meanings of its acronyms are told apart:
/// read once, the first time an acronym of several meanings asks (a 1 MB document has tens of
/// thousands of term uses, and the rules ask on every analysis; most documents never ask).
pub struct Document<'d, 't> {
    entries: usize,
    terms: &'d [TermUse],
    acronyms: &'d [AcronymUse],
    written: &'d Written<'t>,
    read: OnceCell<Read>,
}

/// By entry: whether the document writes it out in words, and whether it uses it at all.
struct Read {
    written_out: Vec<bool>,
    used: Vec<bool>,
}

impl<'d, 't> Document<'d, 't> {
    /// The document of an analysis: its term uses and acronym tokens, and its text through
    /// `written`, against a glossary of `entries` entries.
    pub fn new(
        entries: usize,
        terms: &'d [TermUse],
        acronyms: &'d [AcronymUse],
        written: &'d Written<'t>,
    ) -> Self {
        Document {
            entries,
            terms,
            acronyms,
            written,
            read: OnceCell::new(),
        }
    }

    fn read(&self, index: &GlossaryIndex) -> &Read {
        self.read.get_or_init(|| {
            let mut meaning = vec![false; self.entries];
            for &m in index.ambiguous.values().flatten() {
                if let Some(slot) = meaning.get_mut(m) {
                    *slot = true;
                }
            }
            let mut read = Read {
                written_out: vec![false; self.entries],
                used: vec![false; self.entries],
            };
            for term in self.terms {
                if let Some(slot) = read.used.get_mut(term.entry) {
                    *slot = true;
                }
                // The document's term matches already hold every long form of every meaning
                // (expansions, names, other long forms such as "question and answer" for QA): no
                // second scan of the text.
                let asked = meaning.get(term.entry) == Some(&true)
                    && read.written_out.get(term.entry) == Some(&false);
                if asked
                    && term.role != FormRole::Acronym
                    && (self.written)(&term.range).is_some_and(|w| words(&w))
                {
                    if let Some(slot) = read.written_out.get_mut(term.entry) {
                        *slot = true;
                    }
                }
            }
            for entry in self.acronyms.iter().filter_map(|a| a.entry) {
                if let Some(slot) = read.used.get_mut(entry) {
                    *slot = true;
                }
            }
            read
        })
    }
}

/// The meanings an acronym may have in this document: `entry`'s, or, when the glossary gives the
/// acronym several ("SAC": soft actor-critic, selective activation checkpointing), the one the document
/// writes out somewhere ("… propose Alignment via Optimal Transport"), else the one whose related terms
/// the document uses ("SSD" beside SSM and Mamba is state space duality, not a solid-state drive), else
/// all of them, in glossary order.
pub fn in_context<'e>(
    entry: &'e Entry,
    entries: &'e [Entry],
    index: &GlossaryIndex,
    document: &Document,
) -> Vec<&'e Entry> {
    let Some(list) = entry
        .acronym
        .as_deref()
        .and_then(|a| index.ambiguous.get(a))
    else {
        return vec![entry];
    };
    let read = document.read(index);
    let written_out: Vec<bool> = list
        .iter()
        .map(|&m| read.written_out.get(m) == Some(&true))
        .collect();
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
    let cued = cued(list, entries, &read.used);
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
/// means a generalized linear model. `used`: by entry, whether the document uses it.
fn cued(list: &[usize], entries: &[Entry], used: &[bool]) -> Vec<bool> {
    let everyday =
        |e: &Entry| e.acronym.is_some() && e.familiarity.rank() < Familiarity::Specialist.rank();
    let cues: Vec<&Entry> = entries
        .iter()
        .zip(used)
        .enumerate()
        .filter(|&(u, (e, &used))| used && !list.contains(&u) && !everyday(e))
        .map(|(_, (e, _))| e)
        .collect();
    list.iter()
        .map(|&m| {
            entries.get(m).is_some_and(|meaning| {
                meaning.see_also.iter().any(|related| {
                    cues.iter().any(|u| {
                        u.name.eq_ignore_ascii_case(related)
                            || u.acronym.as_deref() == Some(related.as_str())
                    })
                })
            })
        })
        .collect()
}
