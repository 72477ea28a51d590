//! The TOML glossary schema (documented in `data/README.md`).

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::collector::{toml_error, Collector};
use crate::error::FileError;
use crate::glossary::{Entry, ExpansionSource, Familiarity, Kind, Origin, Section};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    term: Vec<Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    name: Option<Spanned<String>>,
    kind: Option<Kind>,
    familiarity: Option<Familiarity>,
    acronym: Option<Spanned<String>>,
    expansion: Option<Spanned<String>>,
    expansion_source: Option<ExpansionSource>,
    letters_fit: Option<bool>,
    definition: Option<Spanned<String>>,
    section: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    wrong_forms: Vec<String>,
    #[serde(default)]
    see_also: Vec<String>,
    also_names: Option<String>,
    origin: Option<Origin>,
    derived_from: Option<String>,
}

/// Parses a TOML glossary. All problems are reported, not just the first.
pub fn parse_toml(file: &Path, text: &str) -> Result<Vec<Entry>, Vec<FileError>> {
    let raw: RawFile = toml::from_str(text).map_err(|e| vec![toml_error(file, text, &e)])?;
    let mut collector = Collector::new(file, text);
    for spanned in raw.term {
        let entry_start = spanned.span().start;
        match convert(file, text, entry_start, spanned.into_inner()) {
            Ok(converted) => collector.add(converted.entry, converted.spot_offset, "name"),
            Err(error) => collector.push_error(error),
        }
    }
    collector.finish()
}

struct Converted {
    entry: Entry,
    /// Where the entry's name is written: the spot for go-to-definition and for duplicate errors.
    spot_offset: usize,
}

fn convert(
    file: &Path,
    text: &str,
    entry_start: usize,
    raw: RawEntry,
) -> Result<Converted, FileError> {
    let error = |offset: usize, message: String| FileError::at(file, text, offset, message);
    let name = raw
        .name
        .ok_or_else(|| error(entry_start, "entry has no `name`".to_string()))?;
    let name_offset = name.span().start;
    let name = name.into_inner();
    if name.trim().is_empty() {
        return Err(error(name_offset, "`name` is empty".to_string()));
    }
    let definition = raw.definition.ok_or_else(|| {
        error(
            name_offset,
            format!("entry `{name}` has no definition: add `definition = \"…\"`"),
        )
    })?;
    if definition.get_ref().trim().is_empty() {
        return Err(error(
            definition.span().start,
            format!("entry `{name}` has an empty definition"),
        ));
    }
    let acronym = non_empty(raw.acronym, "acronym", &error)?;
    let expansion = non_empty(raw.expansion, "expansion", &error)?;
    if let (Some(expansion_offset), None) = (expansion.as_ref().map(|e| e.1), acronym.as_ref()) {
        return Err(error(
            expansion_offset,
            format!("entry `{name}` has an `expansion` but no `acronym`"),
        ));
    }
    let kind = match raw.kind {
        Some(kind) => kind,
        None if acronym.is_some() && expansion.is_some() => Kind::Acronym,
        None => Kind::Term,
    };
    if kind == Kind::Acronym && (acronym.is_none() || expansion.is_none()) {
        return Err(error(
            name_offset,
            format!("entry `{name}` has kind \"acronym\" but needs both `acronym` and `expansion`"),
        ));
    }
    let section = match raw.section {
        None => None,
        Some(section) => Some(Section::parse(section.get_ref()).ok_or_else(|| {
            error(
                section.span().start,
                "`section` must look like \"§23 · GRPO & DeepSeek-R1\"".to_string(),
            )
        })?),
    };
    let mut entry = Entry::new(name, definition.into_inner());
    entry.kind = kind;
    entry.familiarity = raw.familiarity.unwrap_or_default();
    entry.acronym = acronym.map(|a| a.0);
    entry.expansion = expansion.map(|e| e.0);
    entry.expansion_source = raw.expansion_source.unwrap_or_default();
    entry.letters_fit = raw.letters_fit.unwrap_or(true);
    entry.section = section;
    entry.aliases = raw.aliases;
    entry.wrong_forms = raw.wrong_forms;
    entry.see_also = raw.see_also;
    entry.also_names = raw.also_names.filter(|names| !names.trim().is_empty());
    entry.origin = raw.origin.unwrap_or(Origin::User);
    entry.derived_from = raw.derived_from;
    Ok(Converted {
        entry,
        spot_offset: name_offset,
    })
}

fn non_empty(
    value: Option<Spanned<String>>,
    key: &str,
    error: &impl Fn(usize, String) -> FileError,
) -> Result<Option<(String, usize)>, FileError> {
    match value {
        None => Ok(None),
        Some(value) if value.get_ref().trim().is_empty() => {
            Err(error(value.span().start, format!("`{key}` is empty")))
        }
        Some(value) => {
            let offset = value.span().start;
            Ok(Some((value.into_inner(), offset)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        parse_toml(Path::new("team.toml"), text)
            .expect_err("should fail")
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn reads_an_entry_with_every_field() {
        let text = r#"
[[term]]
name = "GRPO"
kind = "acronym"
familiarity = "specialist"
acronym = "GRPO"
expansion = "Group Relative Policy Optimization"
expansion_source = "seed"
definition = "Group Relative Policy Optimization — a critic-free RL algorithm."
section = "§23 · GRPO & DeepSeek-R1"
aliases = ["G.R.P.O."]
see_also = ["PPO"]
origin = "seed"
"#;
        let entries = parse_toml(Path::new("g.toml"), text).expect("valid");
        let grpo = &entries[0];
        assert_eq!(grpo.name, "GRPO");
        assert_eq!(grpo.kind, Kind::Acronym);
        assert_eq!(
            grpo.section.as_ref().map(ToString::to_string).as_deref(),
            Some("§23 · GRPO & DeepSeek-R1")
        );
        assert_eq!(grpo.see_also, ["PPO"]);
        assert_eq!(grpo.familiarity, Familiarity::Specialist);
        let spot = grpo.spot.as_ref().expect("spot");
        assert_eq!((spot.line, spot.column), (3, 8));
    }

    #[test]
    fn kind_defaults_from_the_fields() {
        let text = "[[term]]\nname = \"HBM\"\nacronym = \"HBM\"\nexpansion = \"High-Bandwidth Memory\"\ndefinition = \"x\"\n[[term]]\nname = \"foo\"\ndefinition = \"y\"\n";
        let entries = parse_toml(Path::new("g.toml"), text).expect("valid");
        assert_eq!(entries[0].kind, Kind::Acronym);
        assert_eq!(entries[1].kind, Kind::Term);
        assert_eq!(entries[0].familiarity, Familiarity::Specialist);
    }

    #[test]
    fn reads_familiarity_and_rejects_unknown_values() {
        let text = "[[term]]\nname = \"HBM\"\nfamiliarity = \"general\"\nacronym = \"HBM\"\nexpansion = \"high-bandwidth memory\"\ndefinition = \"x\"\n";
        let entries = parse_toml(Path::new("g.toml"), text).expect("valid");
        assert_eq!(entries[0].familiarity, Familiarity::General);
        assert_eq!(
            errors("[[term]]\nname = \"a\"\ndefinition = \"y\"\nfamiliarity = \"common\"\n"),
            ["team.toml:4:15: unknown variant `common`, expected one of `general`, `field`, `specialist`"]
        );
    }

    #[test]
    fn unknown_keys_are_errors_with_their_position() {
        assert_eq!(
            errors("[[term]]\nname = \"x\"\ndefinition = \"y\"\ncolour = \"red\"\n"),
            ["team.toml:4:1: unknown field `colour`, expected one of `name`, `kind`, `familiarity`, `acronym`, `expansion`, `expansion_source`, `letters_fit`, `definition`, `section`, `aliases`, `wrong_forms`, `see_also`, `also_names`, `origin`, `derived_from`"]
        );
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let errors = errors("[[term]]\nname = \"x\n");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("team.toml:2:"), "{errors:?}");
    }

    #[test]
    fn missing_definition_and_duplicates_are_reported_together() {
        assert_eq!(
            errors("[[term]]\nname = \"a\"\n[[term]]\nname = \"b\"\ndefinition = \"y\"\n[[term]]\nname = \"b\"\ndefinition = \"z\"\n"),
            [
                "team.toml:2:8: entry `a` has no definition: add `definition = \"…\"`",
                "team.toml:7:8: duplicate name `b`: it is already defined on line 4",
            ]
        );
    }

    #[test]
    fn inconsistent_fields_are_errors() {
        assert_eq!(
            errors("[[term]]\nname = \"a\"\nexpansion = \"Alpha\"\ndefinition = \"y\"\n"),
            ["team.toml:3:13: entry `a` has an `expansion` but no `acronym`"]
        );
        assert_eq!(
            errors("[[term]]\nname = \"a\"\nkind = \"acronym\"\ndefinition = \"y\"\n"),
            ["team.toml:2:8: entry `a` has kind \"acronym\" but needs both `acronym` and `expansion`"]
        );
        assert_eq!(
            errors("[[term]]\nname = \"a\"\ndefinition = \"y\"\nsection = \"23\"\n"),
            ["team.toml:4:11: `section` must look like \"§23 · GRPO & DeepSeek-R1\""]
        );
        assert_eq!(
            errors("[[term]]\nname = \"a\"\ndefinition = \"y\"\nkind = \"thing\"\n"),
            ["team.toml:4:8: unknown variant `thing`, expected one of `acronym`, `name`, `term`"]
        );
    }
}
