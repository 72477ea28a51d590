//! Harvesting: the definitions documents already make ("Group Relative Policy Optimization (GRPO)",
//! `*[HBM]: …`, glossary directives), gathered into one project glossary. An acronym defined with two
//! different long forms is a conflict, reported with every place, never settled in silence: the
//! glossary keeps the long form written most often (the first one met among equals).
//!
//! Pure: the caller reads the files and analyses them; this gathers what they define.

use std::path::Path;
use std::sync::Arc;

use super::document::Definition;
use super::rules::inconsistent_expansion::term_key;
use crate::glossary::{Entry, Kind, Origin, SourceSpot};
use crate::text::lines::LineIndex;

/// Where a long form was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sighting {
    pub long_form: String,
    pub spot: SourceSpot,
    /// A glossary's definition, when one wrote more than the long form.
    pub definition: Option<String>,
}

/// An acronym with more than one long form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub acronym: String,
    /// One sighting per distinct long form, the one kept first.
    pub long_forms: Vec<Sighting>,
}

/// One harvested entry and how many definitions agree with it.
#[derive(Debug, Clone)]
pub struct Harvested {
    pub entry: Entry,
    pub definitions: usize,
}

#[derive(Debug, Default)]
pub struct Harvest {
    /// Acronyms in order of first sighting, each with its sightings.
    acronyms: Vec<(String, Vec<Sighting>)>,
    /// Glossary terms (directives, glossary pages), first definition of a name kept.
    terms: Vec<Entry>,
}

impl Harvest {
    /// Adds the acronym definitions the engine found in `text`, the document at `file`.
    pub fn add_definitions(&mut self, file: &Path, text: &str, definitions: &[Definition]) {
        let lines = LineIndex::new(text);
        let shared = Arc::new(file.to_path_buf());
        for definition in definitions {
            let (line, column) = lines.line_column(definition.span.start);
            // "Large Language Models (LLMs)" defines LLM: the entry is singular.
            let plural = definition.written != definition.acronym;
            let long_form = match definition.long_form.strip_suffix('s') {
                Some(single) if plural => single,
                _ => definition.long_form.as_str(),
            };
            self.add_acronym(
                &definition.acronym,
                Sighting {
                    long_form: long_form.to_string(),
                    spot: SourceSpot {
                        file: Arc::clone(&shared),
                        line,
                        column,
                    },
                    definition: None,
                },
            );
        }
    }

    /// Adds entries a loader read (glossary directives, glossary pages, abbreviation maps).
    pub fn add_entries(&mut self, entries: Vec<Entry>) {
        for entry in entries {
            match (&entry.acronym, &entry.expansion, &entry.spot) {
                (Some(acronym), Some(expansion), Some(spot)) if entry.kind == Kind::Acronym => {
                    let sighting = Sighting {
                        long_form: expansion.clone(),
                        spot: spot.clone(),
                        definition: (entry.definition != *expansion)
                            .then(|| entry.definition.clone()),
                    };
                    self.add_acronym(acronym, sighting);
                }
                _ => {
                    if !self.terms.iter().any(|t| t.name == entry.name) {
                        self.terms.push(entry);
                    }
                }
            }
        }
    }

    fn add_acronym(&mut self, acronym: &str, sighting: Sighting) {
        if sighting.long_form.trim().is_empty() {
            return;
        }
        match self.acronyms.iter_mut().find(|(a, _)| a == acronym) {
            Some((_, sightings)) => sightings.push(sighting),
            None => self.acronyms.push((acronym.to_string(), vec![sighting])),
        }
    }

    /// The glossary entries (acronyms first, in order of first definition, then terms) and the
    /// conflicts.
    pub fn finish(self) -> (Vec<Harvested>, Vec<Conflict>) {
        let mut out = Vec::new();
        let mut conflicts = Vec::new();
        for (acronym, sightings) in self.acronyms {
            // Distinct long forms, in order of first sighting, with their counts.
            let mut forms: Vec<(String, &Sighting, usize)> = Vec::new();
            for sighting in &sightings {
                // One decision of "the same term" for the whole product: harvest, the inconsistent-expansion
                // rule and `check`'s comparison across files agree.
                let key = term_key(&sighting.long_form);
                match forms.iter_mut().find(|(k, _, _)| *k == key) {
                    Some((_, _, count)) => *count += 1,
                    None => forms.push((key, sighting, 1)),
                }
            }
            let kept = forms
                .iter()
                .enumerate()
                .max_by_key(|(i, (_, _, count))| (*count, std::cmp::Reverse(*i)))
                .map_or(0, |(i, _)| i);
            let Some((_, first, count)) = forms.get(kept) else {
                continue;
            };
            if forms.len() > 1 {
                let mut long_forms = vec![(*first).clone()];
                long_forms.extend(
                    forms
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| *i != kept)
                        .map(|(_, (_, s, _))| (*s).clone()),
                );
                conflicts.push(Conflict {
                    acronym: acronym.clone(),
                    long_forms,
                });
            }
            let definition = first
                .definition
                .clone()
                .unwrap_or_else(|| first.long_form.clone());
            let mut entry = Entry::new(acronym.clone(), definition);
            entry.kind = Kind::Acronym;
            entry.acronym = Some(acronym.clone());
            entry.expansion = Some(first.long_form.clone());
            entry.origin = Origin::User;
            entry.spot = Some(first.spot.clone());
            out.push(Harvested {
                entry,
                definitions: *count,
            });
        }
        for term in self.terms {
            if out.iter().any(|h| h.entry.name == term.name) {
                continue;
            }
            out.push(Harvested {
                entry: term,
                definitions: 1,
            });
        }
        (out, conflicts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, DocKind, Engine, Settings};
    use crate::glossary::builtin::{self, BuiltinSources};

    fn harvest(docs: &[(&str, &str)]) -> (Vec<Harvested>, Vec<Conflict>) {
        let engine = Engine::new(builtin::glossary(BuiltinSources::default()));
        let mut harvest = Harvest::default();
        for (name, text) in docs {
            let analysis = analyze(text, DocKind::Markdown, &engine, &Settings::default());
            harvest.add_definitions(Path::new(name), text, &analysis.definitions);
        }
        harvest.finish()
    }

    #[test]
    fn agreeing_definitions_make_one_entry_and_different_ones_a_conflict() {
        let (entries, conflicts) = harvest(&[
            (
                "a.md",
                "We use Soft Actor-Critic (SAC) and Large Language Models (LLMs).\n",
            ),
            (
                "b.md",
                "Selective activation checkpointing (SAC) saves memory.\n",
            ),
            (
                "c.md",
                "A large language model (LLM) and soft actor critic (SAC).\n",
            ),
        ]);
        let got: Vec<_> = entries
            .iter()
            .map(|h| {
                let spot = h.entry.spot.as_ref().expect("spot");
                (
                    h.entry.name.as_str(),
                    h.entry.expansion.as_deref().unwrap_or_default(),
                    h.definitions,
                    spot.file.display().to_string(),
                    spot.line,
                    spot.column,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("SAC", "Soft Actor-Critic", 2, "a.md".to_string(), 1, 8),
                ("LLM", "Large Language Model", 2, "a.md".to_string(), 1, 36),
            ]
        );
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].acronym, "SAC");
        let forms: Vec<_> = conflicts[0]
            .long_forms
            .iter()
            .map(|s| s.long_form.as_str())
            .collect();
        assert_eq!(
            forms,
            ["Soft Actor-Critic", "Selective activation checkpointing"]
        );
    }
}
