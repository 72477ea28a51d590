//! `acronym-used-once`: an acronym introduced ("Long Form (ACR)") and never used again. Introducing
//! an acronym the reader never meets again only adds a letter soup to remember; the fix keeps the long
//! form and drops "(ACR)".

use super::{Acronym, Code, Finding, Fix, FixAction, Severity, TextEdit};
use crate::analysis::definitions::DefinitionForm;
use crate::analysis::document::DocumentFacts;

/// A finding at the one definition of an acronym that no other token of the document uses.
pub(super) fn finding(subject: &Acronym, facts: &DocumentFacts) -> Option<Finding> {
    let Acronym {
        text,
        acronym,
        defs,
        ..
    } = *subject;
    // One definition in running text; more than one is `redundant-definition`'s business.
    let [definition] = defs else {
        return None;
    };
    if definition.quoted
        || definition.heading
        || definition.whole_document
        || definition.form != DefinitionForm::LongThenAcronym
    {
        return None;
    }
    // Any other token of the acronym counts as a use: in a heading, a table, a name ("Mixtral-MoE").
    let used_again = facts.acronyms.iter().any(|token| {
        *token.acronym == *acronym
            && (token.range.end <= definition.span.start
                || token.range.start >= definition.span.end)
    });
    if used_again {
        return None;
    }
    // "Long Form (ACR)": the edit drops " (ACR)" after the long form, when the text between is just
    // that (no markup that the edit would cut).
    let dropped = definition.long_form_range.end..definition.span.end;
    let between = text.get(dropped.clone())?;
    let just_parentheses = between
        .trim_start()
        .strip_prefix('(')
        .and_then(|rest| rest.strip_suffix(')'))
        .is_some_and(|inner| inner == definition.written);
    let fixes = (definition.plain && just_parentheses)
        .then(|| Fix {
            title: format!("Drop “({})”", definition.written),
            preferred: true,
            action: FixAction::Edit {
                edits: vec![TextEdit {
                    range: dropped,
                    replacement: String::new(),
                }],
            },
        })
        .into_iter()
        .collect();
    Some(Finding {
        code: Code::AcronymUsedOnce,
        severity: Severity::Hint,
        range: definition.acronym_range.clone(),
        token: definition.written.clone(),
        acronym: acronym.to_string(),
        message: format!(
            "`{acronym}` is introduced but never used again: the long form alone reads better"
        ),
        expansion: Some(definition.long_form.clone()),
        related: Vec::new(),
        fixes,
    })
}
