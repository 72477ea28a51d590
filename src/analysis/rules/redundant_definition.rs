//! `redundant-definition`: an acronym defined again in body text after its first definition, in the
//! same section.

use super::{Acronym, Code, Finding, Fix, FixAction, Related, TextEdit};
use crate::analysis::definitions::DefinitionForm;
use crate::analysis::document::{Definition, DocumentFacts};

/// A finding at each repeated definition within the section of the first.
pub(super) fn findings(subject: &Acronym, facts: &DocumentFacts) -> Vec<Finding> {
    let Acronym {
        acronym,
        defs,
        line_of,
        ..
    } = *subject;
    let mut out = Vec::new();
    // A repeated definition is redundant within one section; at the start of a new section it helps
    // a reader who jumps there, and in a quotation it is someone else's text.
    let body_definitions: Vec<&&Definition> = defs
        .iter()
        .filter(|d| !d.whole_document && !d.heading && !d.quoted)
        .collect();
    if let Some((first, again)) = body_definitions.split_first() {
        // A link's text naming the linked work ("[Activation-aware Weight Quantization (AWQ)](…)")
        // may repeat the definition: it is the work's name, and no fix could cut it out.
        for repeated in again.iter().filter(|d| !d.linked) {
            // "RLHF, or reinforcement learning from human feedback (RLHF), …", "LoRA stands for
            // Low-Rank Adaptation (LoRA)": one long form read as two definitions, each with its
            // own acronym. Cutting the second out would leave "RLHF, or RLHF".
            let one_definition_twice = body_definitions.iter().any(|d| {
                !std::ptr::eq(**d, **repeated)
                    && d.span.start < repeated.span.end
                    && repeated.span.start < d.span.end
            });
            if one_definition_twice {
                continue;
            }
            let new_section = facts.headings.iter().any(|&heading| {
                first.acronym_range.start < heading && heading < repeated.acronym_range.start
            });
            // Another long form is not a repetition but an inconsistency, reported as such.
            if new_section
                || !super::inconsistent_expansion::same_expansion(
                    &repeated.long_form,
                    &first.long_form,
                )
            {
                continue;
            }
            let line = line_of(first.acronym_range.start);
            let mut fixes = Vec::new();
            if repeated.plain
                && matches!(
                    repeated.form,
                    DefinitionForm::LongThenAcronym | DefinitionForm::AcronymThenLong
                )
            {
                fixes.push(Fix {
                    title: format!("Keep only `{}` here", repeated.written),
                    preferred: true,
                    action: FixAction::Edit {
                        edits: vec![TextEdit {
                            range: repeated.span.clone(),
                            replacement: repeated.written.clone(),
                        }],
                    },
                });
            }
            out.push(Finding {
                code: Code::RedundantDefinition,
                severity: super::Severity::Hint,
                range: repeated.acronym_range.clone(),
                token: repeated.written.clone(),
                acronym: acronym.to_string(),
                message: format!("`{acronym}` is already defined on {line}"),
                expansion: Some(repeated.long_form.clone()),
                related: vec![Related {
                    range: first.acronym_range.clone(),
                    message: format!("`{acronym}` is first defined here"),
                    elsewhere: None,
                }],
                fixes,
            });
        }
    }
    out
}
