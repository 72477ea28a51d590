//! The JSON shape of an entry, shared by `define --format json` and `glossary --format json`.

use serde::Serialize;

use crate::glossary::Entry;

/// An entry as JSON. Fields that an entry does not have are left out, except `acronym` and `expansion`,
/// which are `null` so that scripts can test them directly.
#[derive(Debug, Serialize)]
pub struct EntryJson<'a> {
    pub name: &'a str,
    pub kind: &'static str,
    pub familiarity: &'static str,
    pub acronym: Option<&'a str>,
    pub expansion: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expansion_source: Option<&'static str>,
    pub definition: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<SectionJson<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub aliases: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub wrong_forms: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub see_also: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub also_names: Option<&'a str>,
    pub origin: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

#[derive(Debug, Serialize)]
pub struct SectionJson<'a> {
    pub number: u16,
    pub title: &'a str,
    /// As the explainer prints it: `§23 · GRPO & DeepSeek-R1`.
    pub text: String,
}

pub fn entry_json(entry: &Entry) -> EntryJson<'_> {
    EntryJson {
        name: &entry.name,
        kind: entry.kind.as_str(),
        familiarity: entry.familiarity.as_str(),
        acronym: entry.acronym.as_deref(),
        expansion: entry.expansion.as_deref(),
        expansion_source: entry
            .expansion
            .as_ref()
            .map(|_| entry.expansion_source.as_str()),
        definition: &entry.definition,
        section: entry.section.as_ref().map(|section| SectionJson {
            number: section.number,
            title: &section.title,
            text: section.to_string(),
        }),
        aliases: &entry.aliases,
        wrong_forms: &entry.wrong_forms,
        see_also: &entry.see_also,
        also_names: entry.also_names.as_deref(),
        origin: entry.origin.as_str(),
        derived_from: entry.derived_from.as_deref(),
        file: entry.spot.as_ref().map(|s| s.file.display().to_string()),
        line: entry.spot.as_ref().map(|s| s.line),
    }
}
