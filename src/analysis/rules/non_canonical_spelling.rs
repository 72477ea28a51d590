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
            let canonical = canonical(entry);
            // A heading's words make its anchor ("#huggingface-integration"): a fix that changes more
            // than capitals would break the links to it, so `--fix` leaves it to the writer.
            let keeps_anchor =
                !misspelling.heading || written.to_lowercase() == canonical.to_lowercase();
            let fixes = misspelling
                .editable
                .then(|| Fix {
                    title: if keeps_anchor {
                        format!("Write `{canonical}`")
                    } else {
                        format!("Write `{canonical}` (this changes the heading's link anchor)")
                    },
                    preferred: keeps_anchor,
                    action: FixAction::Edit {
                        edits: vec![TextEdit {
                            range: misspelling.range.clone(),
                            replacement: canonical.to_string(),
                        }],
                    },
                })
                .into_iter()
                .collect();
            Some(Finding {
                code: Code::NonCanonicalSpelling,
                severity: Severity::Warning,
                range: misspelling.range.clone(),
                token: written.to_string(),
                acronym: canonical.to_string(),
                message: format!("`{written}` is spelled “{canonical}”"),
                expansion: None,
                related: Vec::new(),
                fixes,
            })
        })
        .collect()
}

/// The entry's name as prose writes it: the headword without quotes.
fn canonical(entry: &Entry) -> &str {
    entry
        .name
        .trim()
        .trim_matches(|c| matches!(c, '"' | '“' | '”'))
        .trim()
}
