//! The glossary: the term model, its loaders, the built-in data, and look-up by any spelling.

pub mod builtin;
mod entry;
pub mod forms;
pub mod load;

pub use entry::{Audience, Entry, ExpansionSource, Familiarity, Kind, Origin, Section, SourceSpot};

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::text::normalize::{lookup_key, query_keys};

/// A merged glossary: the built-in entries that are turned on, then each user glossary in order, a later
/// entry replacing an earlier one of the same name or the same acronym.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    entries: Vec<Entry>,
    /// Lookup key → indices into `entries`, for `lookup`: built on the first lookup, since `check`
    /// never looks an entry up by spelling and building it is a measurable part of a cold start.
    by_key: OnceLock<HashMap<String, Vec<usize>>>,
    by_name: HashMap<String, usize>,
}

impl Glossary {
    /// A glossary of these entries, later ones overriding earlier ones (see [`Glossary::extend`]).
    pub fn from_entries(entries: impl IntoIterator<Item = Entry>) -> Glossary {
        let mut glossary = Glossary::default();
        glossary.extend(entries);
        glossary
    }

    /// Adds entries, each replacing any existing entry with the same name or the same acronym: a project
    /// that defines `PPO` or `*[MoE]: …` means its own definition, not the built-in one.
    pub fn extend(&mut self, entries: impl IntoIterator<Item = Entry>) {
        let incoming: Vec<Entry> = entries.into_iter().collect();
        if incoming.is_empty() {
            return;
        }
        let replaced = |existing: &Entry| {
            incoming.iter().any(|new| {
                new.name == existing.name
                    || (new.acronym.is_some() && new.acronym == existing.acronym)
            })
        };
        self.entries.retain(|existing| !replaced(existing));
        self.entries.extend(incoming);
        self.reindex();
    }

    fn reindex(&mut self) {
        self.by_key = OnceLock::new();
        self.by_name.clear();
        for (index, entry) in self.entries.iter().enumerate() {
            self.by_name.insert(entry.name.clone(), index);
        }
    }

    /// Lookup key → indices into `entries`.
    fn by_key(&self) -> &HashMap<String, Vec<usize>> {
        self.by_key.get_or_init(|| {
            let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
            for (index, entry) in self.entries.iter().enumerate() {
                for form in lookup_forms(entry) {
                    let ids = by_key.entry(lookup_key(form)).or_default();
                    if !ids.contains(&index) {
                        ids.push(index);
                    }
                }
            }
            by_key
        })
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry with exactly this name.
    pub fn get(&self, name: &str) -> Option<&Entry> {
        self.by_name
            .get(name)
            .and_then(|&index| self.entries.get(index))
    }

    /// The entries a person means by `query`, typed any way: any case, with or without hyphens, spaces,
    /// dots or apostrophes, singular or plural, by name, alias, acronym or expansion ("kv caches",
    /// "LLMs", "moe", "Dr. GRPO"). Exact keys win over keys found by dropping a plural ending.
    ///
    /// A heading as `define` prints it is a query too: "chain-of-thought (CoT)", "MoE (MoE: mixture of
    /// experts)", "GRPO — Group Relative Policy Optimization". Its parts must all name the same entry, so
    /// a heading copied from the output finds its entry, and "Foo Bar (RAG)" finds nothing.
    pub fn lookup(&self, query: &str) -> Vec<&Entry> {
        let found = self.lookup_spelling(query);
        if !found.is_empty() {
            return found;
        }
        let Some((first, rest)) = heading_parts(query)
            .as_deref()
            .and_then(|parts| parts.split_first())
            .map(|(first, rest)| (*first, rest.to_vec()))
        else {
            return Vec::new();
        };
        let mut found = self.lookup_spelling(first);
        for part in rest {
            let also = self.lookup_spelling(part);
            found.retain(|entry| also.iter().any(|other| std::ptr::eq(*entry, *other)));
        }
        found
    }

    /// The entries one spelling names (see [`Glossary::lookup`]).
    fn lookup_spelling(&self, query: &str) -> Vec<&Entry> {
        for key in query_keys(query) {
            if let Some(ids) = self.by_key().get(&key) {
                return ids
                    .iter()
                    .filter_map(|&index| self.entries.get(index))
                    .collect();
            }
        }
        Vec::new()
    }

    /// Up to `limit` names close to `query`, best first, for "did you mean" messages.
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<&str> {
        let wanted = lookup_key(query);
        if wanted.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(f64, &str)> = self
            .entries
            .iter()
            .filter_map(|entry| {
                let best = lookup_forms(entry)
                    .map(|form| strsim::jaro_winkler(&wanted, &lookup_key(form)))
                    .fold(0.0, f64::max);
                (best >= 0.8).then_some((best, entry.name.as_str()))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        scored
            .into_iter()
            .take(limit)
            .map(|(_, name)| name)
            .collect()
    }
}

/// The parts of a heading as `define` prints it: `NAME (ACRONYM)`, `NAME (ACRONYM: EXPANSION)` or
/// `ACRONYM — EXPANSION`; `None` for any other text.
fn heading_parts(query: &str) -> Option<Vec<&str>> {
    let query = query.trim();
    if let Some((name, inner)) = query.strip_suffix(')').and_then(|q| q.rsplit_once(" (")) {
        let mut parts = vec![name];
        match inner.split_once(": ") {
            Some((acronym, expansion)) => parts.extend([acronym, expansion]),
            None => parts.push(inner),
        }
        return Some(parts);
    }
    let (acronym, expansion) = query.split_once(" — ")?;
    Some(vec![acronym, expansion])
}

/// The spellings an entry is looked up by: name, aliases, acronym and expansion. Quotes around a name
/// (`"aha moment"`) do not matter to lookup keys, which drop punctuation.
fn lookup_forms(entry: &Entry) -> impl Iterator<Item = &str> {
    std::iter::once(entry.name.as_str())
        .chain(entry.aliases.iter().map(String::as_str))
        .chain(entry.acronym.as_deref())
        .chain(entry.expansion.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acronym(name: &str, acronym: &str, expansion: &str) -> Entry {
        let mut entry = Entry::new(name, format!("{expansion}."));
        entry.kind = Kind::Acronym;
        entry.acronym = Some(acronym.to_string());
        entry.expansion = Some(expansion.to_string());
        entry
    }

    #[test]
    fn later_entries_replace_by_name_or_acronym() {
        let mut glossary = Glossary::from_entries([
            acronym("Mixture of Experts", "MoE", "Mixture of Experts"),
            acronym("PPO", "PPO", "Proximal Policy Optimization"),
            Entry::new("dropout", "Zeroing."),
        ]);
        let mut ours = acronym("MoE", "MoE", "Mixture of Elephants");
        ours.origin = Origin::User;
        glossary.extend([ours, Entry::new("PPO", "Our own PPO.")]);
        let names: Vec<_> = glossary.entries().iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["dropout", "MoE", "PPO"]);
        assert_eq!(
            glossary.lookup("moe")[0].expansion.as_deref(),
            Some("Mixture of Elephants")
        );
        assert_eq!(glossary.lookup("PPO")[0].definition, "Our own PPO.");
    }

    #[test]
    fn lookup_by_any_spelling() {
        let mut kv = Entry::new("KV cache", "Stored keys and values.");
        kv.aliases.push("key-value cache".into());
        let glossary = Glossary::from_entries([
            kv,
            acronym("LLM", "LLM", "Large Language Model"),
            Entry::new("Dr.GRPO", "A corrected GRPO."),
        ]);
        for query in ["kv caches", "KV-cache", "key value cache"] {
            assert_eq!(glossary.lookup(query)[0].name, "KV cache", "{query}");
        }
        assert_eq!(glossary.lookup("LLMs")[0].name, "LLM");
        assert_eq!(glossary.lookup("large language models")[0].name, "LLM");
        assert_eq!(glossary.lookup("Dr. GRPO")[0].name, "Dr.GRPO");
        assert!(glossary.lookup("nothing").is_empty());
        assert_eq!(glossary.lookup("LLM — large language model")[0].name, "LLM");
        assert_eq!(glossary.lookup("LLM (LLM)")[0].name, "LLM");
        assert!(
            glossary.lookup("KV cache (LLM)").is_empty(),
            "the parts of a heading name one entry"
        );
        assert_eq!(glossary.suggest("KV cach", 3), ["KV cache"]);
    }
}
