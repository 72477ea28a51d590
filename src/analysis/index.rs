//! What the engine needs from a glossary, built once per glossary: the term matcher and the map from
//! acronym to entry. Building it costs milliseconds; analysing a document then costs no more.

use rustc_hash::FxHashMap;

use super::definitions::Vocabulary;
use super::matcher::{TermMatcher, Volume};
use crate::glossary::{Entry, Kind};
use crate::text::acronym::{has_two_capitals, singular};

#[derive(Debug, Clone)]
pub struct GlossaryIndex {
    pub matcher: TermMatcher,
    /// Acronym-shaped words the glossary knows → entry index: every entry's acronym, and names and
    /// aliases that are single words with two capitals (vLLM, NVLink). Acronyms of entries that must be
    /// spelled out win over names.
    pub acronyms: FxHashMap<String, usize>,
    /// Acronyms that entries give more than one meaning ("SAC": soft actor-critic, selective activation
    /// checkpointing; "GLM": a model family's name, a generalized linear model) → those entries, in
    /// glossary order. The engine asks only for acronyms that some meaning must spell out.
    pub ambiguous: FxHashMap<String, Vec<usize>>,
    /// Acronyms whose letters do not follow their expansion (MX: "microscaling", `letters_fit = false`)
    /// → those expansions: a writer defines such an acronym only with one of them.
    pub long_forms_off_letters: FxHashMap<String, Vec<String>>,
}

impl GlossaryIndex {
    pub fn new(entries: &[Entry]) -> GlossaryIndex {
        GlossaryIndex::for_volume(entries, Volume::Much)
    }

    /// An index whose term matcher suits scanning `volume` of text ([`Volume`]).
    pub fn for_volume(entries: &[Entry], volume: Volume) -> GlossaryIndex {
        let mut acronyms: FxHashMap<String, usize> = FxHashMap::default();
        let mut insert = |word: &str, index: usize| {
            // An acronym writers spell out wins over a name; of two such meanings ("QA": question
            // answering, quality assurance), the less familiar one, so that a reader who may not know
            // it is told.
            let rank = |e: &Entry| (e.kind == Kind::Acronym, e.familiarity.rank());
            let better = match acronyms.get(word) {
                None => true,
                Some(&existing) => match (entries.get(existing), entries.get(index)) {
                    (Some(old), Some(new)) => rank(new) > rank(old),
                    _ => false,
                },
            };
            if better {
                acronyms.insert(word.to_string(), index);
            }
        };
        for (index, entry) in entries.iter().enumerate() {
            if let Some(acronym) = &entry.acronym {
                insert(acronym, index);
            }
            // A wrong spelling shaped like an acronym ("VLLM") is that entry misspelled, not an
            // unknown acronym: the spelling rule reports it.
            let wrong = entry.wrong_forms.iter();
            for word in std::iter::once(&entry.name)
                .chain(&entry.aliases)
                .chain(wrong)
            {
                let single_word =
                    !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric());
                if single_word && has_two_capitals(singular(word).0) {
                    insert(word, index);
                }
            }
        }
        let mut meanings: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (index, entry) in entries.iter().enumerate() {
            // A name counts as a meaning too: "GLM" is a model family (a name) and, in a document
            // that fits a logistic regression, a generalized linear model, which must be spelled out.
            if let (Kind::Acronym | Kind::Name, Some(acronym), Some(expansion)) =
                (entry.kind, &entry.acronym, &entry.expansion)
            {
                let list = meanings.entry(acronym).or_default();
                let new_meaning = list.iter().all(|&other| {
                    entries
                        .get(other)
                        .and_then(|e| e.expansion.as_deref())
                        .is_none_or(|e| !e.eq_ignore_ascii_case(expansion))
                });
                if new_meaning {
                    list.push(index);
                }
            }
        }
        let ambiguous = meanings
            .into_iter()
            .filter(|(_, list)| list.len() > 1)
            .map(|(acronym, list)| (acronym.to_string(), list))
            .collect();
        let mut long_forms_off_letters: FxHashMap<String, Vec<String>> = FxHashMap::default();
        for entry in entries.iter().filter(|e| !e.letters_fit) {
            if let (Some(acronym), Some(expansion)) = (&entry.acronym, &entry.expansion) {
                long_forms_off_letters
                    .entry(acronym.clone())
                    .or_default()
                    .push(expansion.clone());
            }
        }
        GlossaryIndex {
            matcher: TermMatcher::for_volume(entries, volume),
            acronyms,
            ambiguous,
            long_forms_off_letters,
        }
    }

    /// The entry a written token stands for, trying it as written and then without a plural `s`.
    pub fn entry_for(&self, word: &str) -> Option<usize> {
        self.acronyms
            .get(word)
            .or_else(|| self.acronyms.get(singular(word).0))
            .copied()
    }
}

impl Vocabulary for GlossaryIndex {
    fn knows(&self, word: &str) -> bool {
        self.acronyms.contains_key(word)
    }

    fn long_forms_off_letters(&self, acronym: &str) -> &[String] {
        self.long_forms_off_letters
            .get(acronym)
            .map_or(&[], Vec::as_slice)
    }
}
