//! `non-canonical-spelling`: a glossary name written in a spelling the glossary calls wrong
//! ("Pytorch", "Huggingface", "VLLM"), in the author's prose. The fix writes the name as the glossary
//! does.

use super::{Code, Finding, Fix, FixAction, Severity, TextEdit};
use crate::analysis::document::DocumentFacts;
use crate::glossary::Entry;

/// One finding per misspelled name.
pub(super) fn findings(text: &str, facts: &DocumentFacts, entries: &[Entry]) -> Vec<Finding> {
    facts
        .misspellings
        .iter()
        .filter_map(|misspelling| {
            let entry = entries.get(misspelling.entry)?;
            let written = text.get(misspelling.range.clone())?;
            let canonical = canonical(entry, written);
            // A heading's words make its anchor ("#huggingface-integration"): a fix that changes more
            // than capitals would break the links to it, so `--fix` leaves it to the writer.
            let keeps_anchor =
                !misspelling.heading || written.to_lowercase() == canonical.to_lowercase();
            // A name the glossary also writes otherwise in the same letters ("LLaMA" and, for its
            // later generations, "Llama"): "LLaMa" is wrong either way, but which one the writer
            // means is theirs to say, so each is offered and none applied.
            let spellings: Vec<&str> =
                std::iter::once(canonical)
                    .chain(
                        entry.aliases.iter().map(|a| a.trim()).filter(|alias| {
                            *alias != canonical && alias.eq_ignore_ascii_case(written)
                        }),
                    )
                    .collect();
            let fixes = if misspelling.editable {
                spellings
                    .iter()
                    .map(|spelling| Fix {
                        title: if keeps_anchor {
                            format!("Write `{spelling}`")
                        } else {
                            format!("Write `{spelling}` (this changes the heading's link anchor)")
                        },
                        preferred: keeps_anchor && spellings.len() == 1,
                        action: FixAction::Edit {
                            edits: vec![TextEdit {
                                range: misspelling.range.clone(),
                                replacement: spelling.to_string(),
                            }],
                        },
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let spelled = spellings
                .iter()
                .map(|s| format!("“{s}”"))
                .collect::<Vec<_>>()
                .join(" or ");
            Some(Finding {
                code: Code::NonCanonicalSpelling,
                severity: Severity::Warning,
                range: misspelling.range.clone(),
                token: written.to_string(),
                acronym: canonical.to_string(),
                message: format!("`{written}` is spelled {spelled}"),
                expansion: None,
                related: Vec::new(),
                fixes,
            })
        })
        .collect()
}

/// The spelling `written` gets wrong, as prose writes it: the entry's name without quotes, or its
/// long form when that is what was written ("Big-Bench Hard" is BBH's long form, "BIG-Bench Hard",
/// in the wrong capitals: the fix corrects the capitals, it does not put the acronym in its place).
fn canonical<'e>(entry: &'e Entry, written: &str) -> &'e str {
    let name = entry
        .name
        .trim()
        .trim_matches(|c| matches!(c, '"' | '“' | '”'))
        .trim();
    match entry.expansion.as_deref().map(str::trim) {
        Some(expansion)
            if !name.eq_ignore_ascii_case(written) && expansion.eq_ignore_ascii_case(written) =>
        {
            expansion
        }
        _ => name,
    }
}
