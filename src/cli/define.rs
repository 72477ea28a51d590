//! `glossary-ls define TERM...`

use std::fmt::Write;
use std::process::ExitCode;

use clap::Args;

use super::{load_glossary, print, EntryFormat, GlobalArgs};
use crate::error::FileError;
use crate::export::entry_json;
use crate::glossary::{Entry, Familiarity, Kind};

#[derive(Args)]
pub struct DefineArgs {
    /// Terms to define: a name, alias, acronym or expansion, in any case, singular or plural.
    #[arg(required = true, value_name = "TERM")]
    terms: Vec<String>,
    /// `human` for reading, `json` for an array of entries.
    #[arg(long, value_enum, default_value_t = EntryFormat::Human)]
    format: EntryFormat,
}

pub fn run(global: &GlobalArgs, args: &DefineArgs) -> Result<ExitCode, Vec<FileError>> {
    let glossary = load_glossary(global)?;
    let glossary = &*glossary;
    let mut found: Vec<&Entry> = Vec::new();
    let mut missing = false;
    for term in &args.terms {
        let entries = glossary.lookup(term);
        if entries.is_empty() {
            missing = true;
            let suggestions = glossary.suggest(term, 3);
            if suggestions.is_empty() {
                eprintln!("error: `{term}` is not in the glossary");
            } else {
                eprintln!(
                    "error: `{term}` is not in the glossary; did you mean {}?",
                    suggestions
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
        for entry in entries {
            if !found.iter().any(|seen| std::ptr::eq(*seen, entry)) {
                found.push(entry);
            }
        }
    }
    match args.format {
        EntryFormat::Json => {
            let json: Vec<_> = found.iter().map(|entry| entry_json(entry)).collect();
            print(&format!(
                "{}\n",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            ));
        }
        EntryFormat::Human => {
            let blocks: Vec<String> = found.iter().map(|entry| human(entry)).collect();
            if !blocks.is_empty() {
                print(&blocks.join("\n"));
            }
        }
    }
    Ok(if missing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// An entry for reading in a terminal:
///
/// ```text
/// GRPO — Group Relative Policy Optimization
///   acronym: spell it out at first use · from the LLM explainer glossary
///   Group Relative Policy Optimization (Shao, 2024) — drop PPO’s critic; …
///   Introduced in §23 · GRPO & DeepSeek-R1
///   See also: PPO, group-relative advantage
/// ```
fn human(entry: &Entry) -> String {
    let mut out = heading(entry);
    out.push('\n');
    let kind = match (entry.kind, entry.familiarity) {
        (Kind::Acronym, Familiarity::Specialist) => "acronym: spell it out at first use",
        (Kind::Acronym, Familiarity::Field) => {
            "acronym: spell it out at first use (field: not for an expert audience)"
        }
        (Kind::Acronym, Familiarity::General) => {
            "acronym: spell it out for a newcomer audience only (general)"
        }
        (Kind::Name, _) => "name",
        (Kind::Term, _) => "term",
    };
    let _ = writeln!(out, "  {kind} · {}", entry.origin.described());
    let _ = writeln!(out, "  {}", entry.definition);
    if !entry.aliases.is_empty() {
        let _ = writeln!(out, "  Also written: {}", entry.aliases.join(", "));
    }
    if let Some(section) = &entry.section {
        let _ = writeln!(out, "  Introduced in {section}");
    }
    if let Some(from) = &entry.derived_from {
        let _ = writeln!(out, "  Spelled out in: {from}");
    }
    if !entry.see_also.is_empty() {
        let _ = writeln!(out, "  See also: {}", entry.see_also.join(", "));
    }
    if let Some(spot) = &entry.spot {
        let _ = writeln!(out, "  Defined at {}:{}", spot.file.display(), spot.line);
    }
    out
}

/// The first line of an entry: `GRPO — Group Relative Policy Optimization`, `chain-of-thought (CoT)`,
/// `Mixture of Experts (MoE: mixture of experts)`. `define` accepts it back as a query
/// ([`crate::glossary::Glossary::lookup`]), so a name copied from the output always works.
fn heading(entry: &Entry) -> String {
    let name = &entry.name;
    match (&entry.acronym, &entry.expansion) {
        (Some(acronym), Some(expansion)) if acronym == name => format!("{name} — {expansion}"),
        (Some(acronym), Some(expansion)) if !expansion.eq_ignore_ascii_case(name) => {
            format!("{name} ({acronym}: {expansion})")
        }
        (Some(acronym), _) if acronym != name => format!("{name} ({acronym})"),
        _ => name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::builtin::{self, BuiltinSources};

    #[test]
    fn every_built_in_heading_looks_up_its_own_entry() {
        let glossary = builtin::glossary(BuiltinSources::default());
        let refused: Vec<String> = glossary
            .entries()
            .iter()
            .map(|entry| (entry, heading(entry)))
            .filter(|(entry, heading)| {
                !glossary
                    .lookup(heading)
                    .iter()
                    .any(|found| std::ptr::eq(*found, *entry))
            })
            .map(|(_, heading)| heading)
            .collect();
        assert!(refused.is_empty(), "define refuses {refused:?}");
        assert_eq!(
            heading(glossary.get("chain-of-thought").expect("in the glossary")),
            "chain-of-thought (CoT)"
        );
    }
}
