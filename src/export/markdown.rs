//! The glossary as a Markdown document a person can read from top to bottom.

use crate::text::markdown::escape;
use std::fmt::Write;

use crate::glossary::{Entry, Kind, Origin};

/// Renders entries alphabetically, grouped by initial, one `###` heading per entry.
pub fn markdown(entries: &[&Entry]) -> String {
    let mut sorted: Vec<&Entry> = entries.to_vec();
    sorted.sort_by_cached_key(|entry| sort_key(&entry.name));
    let mut out = String::new();
    let _ = writeln!(out, "# Glossary\n");
    let _ = writeln!(
        out,
        "{} entries. Acronyms marked *spell out* are expanded at their first use in body text.\n",
        sorted.len()
    );
    let mut current_initial = None;
    for entry in sorted {
        let initial = initial(&entry.name);
        if current_initial != Some(initial) {
            current_initial = Some(initial);
            let _ = writeln!(out, "## {initial}\n");
        }
        write_entry(&mut out, entry);
    }
    out
}

fn write_entry(out: &mut String, entry: &Entry) {
    let _ = writeln!(out, "### {}\n", escape(&entry.name));
    let mut facts = Vec::new();
    match (&entry.acronym, &entry.expansion) {
        (Some(acronym), Some(expansion))
            if *acronym != entry.name && expansion.eq_ignore_ascii_case(&entry.name) =>
        {
            facts.push(format!("**{}**", escape(acronym)))
        }
        (Some(acronym), Some(expansion)) if *acronym != entry.name => {
            facts.push(format!("**{}** — *{}*", escape(acronym), escape(expansion)))
        }
        (_, Some(expansion)) => facts.push(format!("*{}*", escape(expansion))),
        (Some(acronym), None) if *acronym != entry.name => {
            facts.push(format!("**{}**", escape(acronym)))
        }
        _ => {}
    }
    facts.push(
        match entry.kind {
            Kind::Acronym => "acronym, spell out",
            Kind::Name => "name",
            Kind::Term => "term",
        }
        .to_string(),
    );
    // Where the entry comes from, in the words `define` and hovers use; the page's readers are the
    // project's, so its own entries are the project's, not "your".
    facts.push(match (&entry.origin, &entry.derived_from) {
        (Origin::User, _) => "from this project's glossary".to_string(),
        (Origin::Derived, Some(from)) => {
            format!(
                "{} (spelled out in *{}*)",
                entry.origin.described(),
                escape(from)
            )
        }
        _ => entry.origin.described().to_string(),
    });
    let _ = writeln!(out, "{}\n", facts.join(" · "));
    let _ = writeln!(out, "{}\n", escape(&entry.definition));
    if !entry.aliases.is_empty() {
        let aliases: Vec<String> = entry.aliases.iter().map(|a| escape(a)).collect();
        let _ = writeln!(out, "Also written: {}\n", aliases.join(", "));
    }
    if let Some(section) = &entry.section {
        let _ = writeln!(out, "Introduced in {section}\n");
    }
    if !entry.see_also.is_empty() {
        let links: Vec<String> = entry
            .see_also
            .iter()
            .map(|name| format!("*{}*", escape(name)))
            .collect();
        let _ = writeln!(out, "See also: {}\n", links.join(", "));
    }
}

/// Sorting ignores case, quotes and leading punctuation, as a printed glossary does.
fn sort_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn initial(name: &str) -> char {
    name.chars().find(|c| c.is_alphanumeric()).map_or('#', |c| {
        if c.is_ascii_digit() {
            '#'
        } else {
            c.to_uppercase().next().unwrap_or(c)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_grouped_entries_with_their_facts() {
        let mut grpo = Entry::new("GRPO", "Group Relative Policy Optimization — a_b.");
        grpo.kind = Kind::Acronym;
        grpo.acronym = Some("GRPO".into());
        grpo.expansion = Some("Group Relative Policy Optimization".into());
        grpo.see_also = vec!["PPO".into()];
        grpo.origin = Origin::Seed;
        let dropout = Entry::new("dropout", "Zeroing.");
        let text = markdown(&[&grpo, &dropout]);
        assert_eq!(
            text,
            "# Glossary\n\n2 entries. Acronyms marked *spell out* are expanded at their first use in body text.\n\n\
             ## D\n\n### dropout\n\nterm · from this project's glossary\n\nZeroing.\n\n\
             ## G\n\n### GRPO\n\n*Group Relative Policy Optimization* · acronym, spell out · from the LLM explainer glossary\n\n\
             Group Relative Policy Optimization — a\\_b.\n\nSee also: *PPO*\n\n"
        );
    }
}
