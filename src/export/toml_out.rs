//! TOML in the schema of `data/README.md`, so an export loads back as a user glossary.

use serde::Serialize;

use crate::glossary::{Entry, ExpansionSource, Familiarity, Kind, Origin};

#[derive(Serialize)]
struct File<'a> {
    term: Vec<Term<'a>>,
}

#[derive(Serialize)]
struct Term<'a> {
    name: &'a str,
    kind: Kind,
    familiarity: Familiarity,
    #[serde(skip_serializing_if = "Option::is_none")]
    acronym: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expansion: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expansion_source: Option<ExpansionSource>,
    #[serde(skip_serializing_if = "is_true")]
    letters_fit: bool,
    definition: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<String>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    aliases: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    wrong_forms: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    see_also: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    also_names: Option<&'a str>,
    origin: Origin,
    #[serde(skip_serializing_if = "Option::is_none")]
    derived_from: Option<&'a str>,
}

/// Only the rare `letters_fit = false` is written; `true` is the schema's default.
fn is_true(value: &bool) -> bool {
    *value
}

/// The entries as a TOML glossary file.
pub fn toml(entries: &[&Entry]) -> String {
    let file = File {
        term: entries
            .iter()
            .map(|entry| Term {
                name: &entry.name,
                kind: entry.kind,
                familiarity: entry.familiarity,
                acronym: entry.acronym.as_deref(),
                expansion: entry.expansion.as_deref(),
                expansion_source: entry.expansion.as_ref().map(|_| entry.expansion_source),
                letters_fit: entry.letters_fit,
                definition: &entry.definition,
                section: entry.section.as_ref().map(ToString::to_string),
                aliases: &entry.aliases,
                wrong_forms: &entry.wrong_forms,
                see_also: &entry.see_also,
                also_names: entry.also_names.as_deref(),
                origin: entry.origin,
                derived_from: entry.derived_from.as_deref(),
            })
            .collect(),
    };
    // Serialising these plain strings, lists and enums cannot fail; an empty string is the safe fallback.
    toml::to_string_pretty(&file).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::load::parse_toml;
    use crate::glossary::Section;
    use std::path::Path;

    #[test]
    fn exports_load_back_unchanged() {
        let mut entry = Entry::new(
            "GRPO",
            "Group Relative Policy Optimization — \"quoted\" \\ text.",
        );
        entry.kind = Kind::Acronym;
        entry.familiarity = Familiarity::Field;
        entry.acronym = Some("GRPO".into());
        entry.expansion = Some("Group Relative Policy Optimization".into());
        entry.section = Section::parse("§23 · GRPO & DeepSeek-R1");
        entry.aliases = vec!["G.R.P.O.".into()];
        entry.see_also = vec!["PPO".into()];
        entry.origin = Origin::Seed;
        let plain = Entry::new("dropout", "Zeroing.");
        let mut mx = Entry::new("MX", "Microscaling formats.");
        mx.kind = Kind::Acronym;
        mx.acronym = Some("MX".into());
        mx.expansion = Some("microscaling".into());
        mx.letters_fit = false;
        let text = toml(&[&entry, &plain, &mx]);
        assert_eq!(text.matches("letters_fit").count(), 1, "{text}");
        let mut back = parse_toml(Path::new("x.toml"), &text).expect("loads");
        for e in &mut back {
            e.spot = None;
        }
        assert_eq!(back, [entry, plain, mx]);
    }
}
