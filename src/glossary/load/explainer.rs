//! The explainer's text format, as in `data/llm-glossary.txt`:
//!
//! ```text
//! Glossary                                         ← optional preamble: lines before the first item
//! - GRPO Introduced in §23 · GRPO & DeepSeek-R1    ← term line (the section part is optional)
//! - Group Relative Policy Optimization — …         ← definition line
//! ```
//!
//! Items alternate: term, definition, term, definition. Acronyms and their expansions are read from the
//! entry itself ([`infer_acronym`]), so a user's file in this format gets the same first-use checks as
//! the built-in glossary.

use std::path::Path;

use super::collector::Collector;
use crate::error::FileError;
use crate::glossary::{Entry, ExpansionSource, Kind, Origin, Section};
use crate::text::acronym::{expansion_fits, is_acronym_like, long_form_start, singular};
use crate::text::lines::Lines;
use crate::text::slice::Slice;

const SECTION_MARKER: &str = " Introduced in ";

/// Parses the explainer's text format. All problems are reported, not just the first.
pub fn parse_explainer(file: &Path, text: &str) -> Result<Vec<Entry>, Vec<FileError>> {
    let mut collector = Collector::new(file, text);
    // The term line waiting for its definition: (name part, section, byte offset of the name).
    let mut pending: Option<(String, Option<Section>, usize)> = None;
    let mut seen_item = false;
    for found_line in Lines::new(text, 0) {
        let line_start = found_line.start;
        let line = text
            .get(found_line.start..found_line.end)
            .unwrap_or_default();
        if line.trim().is_empty() {
            continue;
        }
        let Some(item) = line.strip_prefix("- ") else {
            if seen_item {
                collector.error(
                    line_start,
                    "expected a line starting with `- ` (a term, or its definition)",
                );
            }
            continue;
        };
        seen_item = true;
        let item_offset = line_start + 2;
        match pending.take() {
            None => match split_term_line(item) {
                Ok((name, section)) => pending = Some((name.to_string(), section, item_offset)),
                Err(section_at) => {
                    collector.error(
                        item_offset + section_at,
                        "the section must look like `Introduced in §23 · GRPO & DeepSeek-R1`",
                    );
                    // Keep the item's place as a term, so its definition line is not read as a term.
                    let name = item.slice(..section_at - SECTION_MARKER.len()).trim();
                    pending = Some((name.to_string(), None, item_offset));
                }
            },
            Some((name, section, name_offset)) => {
                if item.contains(SECTION_MARKER) && item.contains('§') {
                    collector.error(
                        name_offset,
                        format!("entry `{name}` has no definition: the next line is another term"),
                    );
                    pending = split_term_line(item)
                        .ok()
                        .map(|(n, s)| (n.to_string(), s, item_offset));
                    continue;
                }
                let mut entry = entry_from(&name, item.trim());
                entry.section = section;
                collector.add(entry, name_offset, "name");
            }
        }
    }
    if let Some((name, _, name_offset)) = pending {
        collector.error(
            name_offset,
            format!("entry `{name}` has no definition: the file ends after its term line"),
        );
    }
    collector.finish()
}

/// Splits `NAME Introduced in §NN · Title` into the name and the section. The error is the byte offset
/// of a section that is there but malformed.
fn split_term_line(item: &str) -> Result<(&str, Option<Section>), usize> {
    match item.rfind(SECTION_MARKER) {
        Some(at) if item.slice(at..).contains('§') => {
            let section_text = item.slice(at + SECTION_MARKER.len()..);
            let section = Section::parse(section_text).ok_or(at + SECTION_MARKER.len())?;
            Ok((item.slice(..at).trim(), Some(section)))
        }
        _ => Ok((item.trim(), None)),
    }
}

/// Builds an entry from a term line's name and its definition, reading acronyms as [`infer_acronym`] does.
fn entry_from(term: &str, definition: &str) -> Entry {
    let inferred = infer_acronym(term, definition);
    let mut entry = Entry::new(inferred.name, definition);
    entry.origin = Origin::Seed;
    entry.kind = match (&inferred.acronym, &inferred.expansion) {
        (Some(_), Some(_)) => Kind::Acronym,
        _ if is_acronym_like(term) => Kind::Name,
        _ => Kind::Term,
    };
    entry.acronym = inferred.acronym;
    entry.expansion = inferred.expansion;
    entry.expansion_source = ExpansionSource::Seed;
    entry
}

/// What an explainer entry says about its acronym.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InferredAcronym {
    /// The name without a trailing `(ACR)`.
    pub name: String,
    pub acronym: Option<String>,
    pub expansion: Option<String>,
}

/// Reads the acronym an entry is or carries, and its expansion, the ways the explainer writes them:
///
/// - `chain-of-thought (CoT)` as the term: the name is the expansion of the acronym in parentheses;
/// - `GRPO` with a definition `Group Relative Policy Optimization (Shao, 2024) — …`: the words before the
///   dash, citations dropped, when they fit the acronym's letters;
/// - `Mixture of Experts` with a definition `Mixture of Experts (MoE) — …`: the name, spelled out with
///   its acronym;
/// - `SSM / hybrid architectures` with `State-Space Models (SSMs) replace …`: a `Long Form (ACR)` inside
///   the definition, for an acronym that is a word of the name.
pub fn infer_acronym(term: &str, definition: &str) -> InferredAcronym {
    if let Some((name, acronym)) = split_trailing_acronym(term) {
        let expansion = expansion_fits(acronym, name).then(|| name.to_string());
        return InferredAcronym {
            name: name.to_string(),
            acronym: Some(acronym.to_string()),
            expansion,
        };
    }
    let name = term.to_string();
    if is_acronym_like(term) {
        let expansion = dash_lead(definition)
            .filter(|lead| expansion_fits(term, lead))
            .map(str::to_string)
            .or_else(|| parenthesised_long_form(definition, term));
        return InferredAcronym {
            name,
            acronym: Some(term.to_string()),
            expansion,
        };
    }
    // `Name (ACR) — …` at the start of the definition.
    if let Some(rest) = definition.strip_prefix(term) {
        if let Some(acronym) = leading_parenthesised_acronym(rest) {
            if expansion_fits(acronym, term) {
                return InferredAcronym {
                    name,
                    acronym: Some(acronym.to_string()),
                    expansion: Some(term.to_string()),
                };
            }
        }
    }
    // An acronym that is a word of the name, spelled out inside the definition.
    for word in term.split(|c: char| !c.is_ascii_alphanumeric()) {
        if is_acronym_like(word) {
            if let Some(expansion) = parenthesised_long_form(definition, word) {
                return InferredAcronym {
                    name,
                    acronym: Some(word.to_string()),
                    expansion: Some(expansion),
                };
            }
        }
    }
    InferredAcronym {
        name,
        acronym: None,
        expansion: None,
    }
}

/// `chain-of-thought (CoT)` → (`chain-of-thought`, `CoT`).
fn split_trailing_acronym(term: &str) -> Option<(&str, &str)> {
    let inner = term.strip_suffix(')')?;
    let open = inner.rfind(" (")?;
    let acronym = inner.slice(open + 2..);
    is_acronym_like(acronym).then(|| (inner.slice(..open).trim(), acronym))
}

/// The text before the definition's first ` — ` (or `: `), with trailing parenthesised citations removed:
/// `Direct Preference Optimization (Rafailov, 2023) — …` → `Direct Preference Optimization`.
fn dash_lead(definition: &str) -> Option<&str> {
    let end = [" — ", ": "]
        .iter()
        .filter_map(|separator| definition.find(separator))
        .min()?;
    let mut lead = definition.slice(..end);
    while let Some(open) = lead.trim_end().strip_suffix(')').and_then(|l| l.rfind('(')) {
        lead = lead.slice(..open).trim_end();
    }
    let lead = lead.trim();
    (!lead.is_empty()).then_some(lead)
}

/// ` (MoE) — …` → `MoE`.
fn leading_parenthesised_acronym(rest: &str) -> Option<&str> {
    let inner = rest.strip_prefix(" (")?;
    let close = inner.find(')')?;
    let acronym = inner.slice(..close);
    is_acronym_like(acronym).then_some(acronym)
}

/// Finds `Long Form (ACR)` or `Long Forms (ACRs)` in `text` and returns the long form, in the singular
/// when the acronym was plural.
fn parenthesised_long_form(text: &str, acronym: &str) -> Option<String> {
    let mut search_from = 0;
    while let Some(found) = text.slice(search_from..).find('(') {
        let open = search_from + found;
        search_from = open + 1;
        let Some(close) = text.slice(open..).find(')').map(|c| open + c) else {
            break;
        };
        let inside = text.slice(open + 1..close);
        let (single, plural) = singular(inside);
        if single != acronym {
            continue;
        }
        let before = text.slice(..open).trim_end();
        let sentence_start = before.rfind(['.', ';', ':', '—']).map_or(0, |i| i + 1);
        let candidate = before.slice(sentence_start..);
        let start = long_form_start(acronym, candidate)?;
        let long_form = candidate.slice(start..).trim();
        return Some(if plural {
            long_form.strip_suffix('s').unwrap_or(long_form).to_string()
        } else {
            long_form.to_string()
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Entry>, Vec<String>> {
        parse_explainer(Path::new("g.txt"), text)
            .map_err(|errors| errors.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn reads_terms_sections_and_definitions() {
        let text = "Glossary\nEvery term\n- GRPO Introduced in §23 · GRPO & DeepSeek-R1\n- Group Relative Policy Optimization (Shao, 2024) — drop PPO’s critic.\n- dropout\n- Randomly zeroing activations.\n";
        let entries = parse(text).expect("valid");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].name, "GRPO");
        assert_eq!(entries[0].kind, Kind::Acronym);
        assert_eq!(
            entries[0].expansion.as_deref(),
            Some("Group Relative Policy Optimization")
        );
        assert_eq!(entries[0].section.as_ref().map(|s| s.number), Some(23));
        assert_eq!(
            entries[0].definition,
            "Group Relative Policy Optimization (Shao, 2024) — drop PPO’s critic."
        );
        let spot = entries[0].spot.as_ref().expect("spot");
        assert_eq!((spot.line, spot.column), (3, 3));
        assert_eq!(entries[1].section, None);
        assert_eq!(entries[1].kind, Kind::Term);
    }

    #[test]
    fn infers_acronyms_the_ways_the_explainer_writes_them() {
        let cot = infer_acronym("chain-of-thought (CoT)", "Having a model write out steps.");
        assert_eq!(
            (
                cot.name.as_str(),
                cot.acronym.as_deref(),
                cot.expansion.as_deref()
            ),
            ("chain-of-thought", Some("CoT"), Some("chain-of-thought"))
        );
        let moe = infer_acronym(
            "Mixture of Experts",
            "Mixture of Experts (MoE) — a layer with many experts.",
        );
        assert_eq!(
            (moe.acronym.as_deref(), moe.expansion.as_deref()),
            (Some("MoE"), Some("Mixture of Experts"))
        );
        let ssm = infer_acronym(
            "SSM / hybrid architectures",
            "State-Space Models (SSMs) replace attention.",
        );
        assert_eq!(
            (ssm.acronym.as_deref(), ssm.expansion.as_deref()),
            (Some("SSM"), Some("State-Space Model"))
        );
        let raft = infer_acronym("RAFT", "Reward-rAnked Fine-Tuning — iteratively sample.");
        assert_eq!(raft.expansion.as_deref(), Some("Reward-rAnked Fine-Tuning"));
        let eagle = infer_acronym("EAGLE", "A draft-model architecture — fast.");
        assert_eq!(
            (eagle.acronym.as_deref(), eagle.expansion),
            (Some("EAGLE"), None)
        );
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line_in_error_positions_too() {
        // As editors and the rest of the product count lines (the fuzz target found the mismatch).
        assert_eq!(
            parse(
                "- GRPO Introduced in §23 · GRPO\r- GRPO is…\r\n- PPO Introduced in §13 · TRPO\n"
            )
            .unwrap_err(),
            ["g.txt:3:3: entry `PPO` has no definition: the file ends after its term line"]
        );
    }

    #[test]
    fn malformed_files_name_line_and_column() {
        assert_eq!(
            parse("- GRPO Introduced in §23 · GRPO\n- GRPO is…\n- PPO Introduced in §13 · TRPO to PPO\n").unwrap_err(),
            ["g.txt:3:3: entry `PPO` has no definition: the file ends after its term line"]
        );
        assert_eq!(
            parse("- A Introduced in §1 · X\n- B Introduced in §2 · Y\n- def\n").unwrap_err(),
            ["g.txt:1:3: entry `A` has no definition: the next line is another term"]
        );
        assert_eq!(
            parse("- A Introduced in §x\n- def\n").unwrap_err(),
            ["g.txt:1:19: the section must look like `Introduced in §23 · GRPO & DeepSeek-R1`"]
        );
        assert_eq!(
            parse("- A\n- def a\n- A\n- def b\n").unwrap_err(),
            ["g.txt:3:3: duplicate name `A`: it is already defined on line 1"]
        );
        assert_eq!(
            parse("- A\n- def a\nstray text\n").unwrap_err(),
            ["g.txt:3:1: expected a line starting with `- ` (a term, or its definition)"]
        );
    }
}
