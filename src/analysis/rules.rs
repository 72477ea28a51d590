//! The first-use rules: one finding per acronym, at its first use in body text, with related places and
//! fixes. Headings never count as a first use and never get findings.
//!
//! | code | when |
//! |---|---|
//! | `acronym-not-spelled-out` | a glossary acronym writers spell out is used in body text and never defined |
//! | `acronym-used-before-definition` | the document defines it, but uses it earlier in body text |
//! | `undefined-acronym` | an acronym-like token no glossary knows, never defined, not ignored |
//! | `redundant-definition` | defined again in body text after its first definition |

use rustc_hash::FxHashMap as HashMap;

use super::definitions::DefinitionForm;
use super::document::{AcronymStatus, AcronymUse, Definition, DocumentFacts};
use super::{Code, Finding, Fix, FixAction, Related, Settings, TextEdit};
use crate::glossary::forms::{plural_of, FormRole};
use crate::glossary::Entry;
use crate::text::lines::LineIndex;

/// How many later uses a finding points at, at most: enough to see the pattern, not a wall of links.
const MAX_RELATED_USES: usize = 5;

pub fn findings(
    text: &str,
    facts: &DocumentFacts,
    entries: &[Entry],
    settings: &Settings,
) -> Vec<Finding> {
    let lines = LineIndex::new(text);
    let line_of = |offset: usize| lines.line_of(offset) + 1;

    // Acronyms in order of first appearance, with their checked body uses and their definitions.
    let mut order: Vec<&str> = Vec::new();
    let mut uses: HashMap<&str, Vec<&AcronymUse>> = HashMap::default();
    let mut skipped: HashMap<&str, bool> = HashMap::default();
    for token in &facts.acronyms {
        let acronym = token.acronym.as_str();
        if !uses.contains_key(acronym) {
            order.push(acronym);
            uses.insert(acronym, Vec::new());
        }
        match token.status {
            AcronymStatus::Checked => {
                if !token.heading && !token.defining {
                    uses.entry(acronym).or_default().push(token);
                }
            }
            AcronymStatus::Common | AcronymStatus::Ignored => {
                skipped.insert(acronym, true);
            }
            AcronymStatus::Known => {}
        }
    }
    let mut definitions: HashMap<&str, Vec<&Definition>> = HashMap::default();
    for definition in &facts.definitions {
        let acronym = definition.acronym.as_str();
        if !uses.contains_key(acronym) && !definitions.contains_key(acronym) {
            order.push(acronym);
        }
        definitions.entry(acronym).or_default().push(definition);
    }

    let mut out = Vec::new();
    for acronym in order {
        if skipped.get(acronym).copied().unwrap_or(false) {
            continue;
        }
        let body_uses = uses.get(acronym).map(Vec::as_slice).unwrap_or_default();
        let defs = definitions
            .get(acronym)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let related_uses = |skip: usize| -> Vec<Related> {
            body_uses
                .iter()
                .skip(skip)
                .take(MAX_RELATED_USES)
                .map(|u| Related {
                    range: u.range.clone(),
                    message: format!("`{acronym}` is also used here"),
                })
                .collect()
        };
        let written = |u: &AcronymUse| text.get(u.range.clone()).unwrap_or(acronym).to_string();

        if defs.is_empty() {
            let Some(first) = body_uses.first() else {
                continue;
            };
            let entry = first.entry.and_then(|e| entries.get(e));
            match entry {
                Some(entry) if entry.must_spell_out_for(settings.audience) => {
                    let expansion = entry.expansion.as_deref().unwrap_or_default();
                    let replacement = spelled_out(expansion, &written(first), first.plural, false);
                    push(&mut out, settings, Finding {
                        code: Code::AcronymNotSpelledOut,
                        severity: super::Severity::Warning,
                        range: first.range.clone(),
                        token: written(first),
                        acronym: acronym.to_string(),
                        message: format!(
                            "`{acronym}` is not spelled out in this document: write “{replacement}” at its first use"
                        ),
                        expansion: Some(expansion.to_string()),
                        related: related_uses(1),
                        fixes: vec![
                            Fix {
                                title: format!("Spell out: {replacement}"),
                                preferred: true,
                                action: FixAction::Edit {
                                    edits: vec![TextEdit { range: first.range.clone(), replacement }],
                                },
                            },
                            ignore_fix(acronym),
                        ],
                    });
                }
                Some(_) => {}
                None => push(&mut out, settings, Finding {
                    code: Code::UndefinedAcronym,
                    severity: super::Severity::Information,
                    range: first.range.clone(),
                    token: written(first),
                    acronym: acronym.to_string(),
                    message: format!(
                        "`{acronym}` is not defined in this document or in the glossary; spell it out at its first use"
                    ),
                    expansion: None,
                    related: related_uses(1),
                    fixes: vec![ignore_fix(acronym)],
                }),
            }
            continue;
        }

        let defined_everywhere = defs.iter().any(|d| d.whole_document);
        let first_definition = defs.iter().find(|d| !d.whole_document);
        if let (false, Some(definition)) = (defined_everywhere, first_definition) {
            let early = body_uses.iter().find(|u| {
                u.range.start < definition.acronym_range.start
                    && !within(&u.range, &definition.span)
            });
            if let Some(first) = early {
                let line = line_of(definition.acronym_range.start);
                let replacement = spelled_out(
                    &definition.long_form,
                    &written(first),
                    first.plural,
                    definition.written != definition.acronym,
                );
                let movable = definition.plain
                    && matches!(
                        definition.form,
                        DefinitionForm::LongThenAcronym | DefinitionForm::AcronymThenLong
                    );
                let mut edits = vec![TextEdit {
                    range: first.range.clone(),
                    replacement: replacement.clone(),
                }];
                let title = if movable {
                    edits.push(TextEdit {
                        range: definition.span.clone(),
                        replacement: definition.written.clone(),
                    });
                    format!("Move the definition here: {replacement}")
                } else {
                    format!("Spell out here: {replacement}")
                };
                let mut related = vec![Related {
                    range: definition.acronym_range.clone(),
                    message: format!("`{acronym}` is defined here"),
                }];
                related.extend(
                    related_uses(1)
                        .into_iter()
                        .filter(|r| r.range.start < definition.acronym_range.start),
                );
                push(
                    &mut out,
                    settings,
                    Finding {
                        code: Code::AcronymUsedBeforeDefinition,
                        severity: super::Severity::Warning,
                        range: first.range.clone(),
                        token: written(first),
                        acronym: acronym.to_string(),
                        message: format!(
                            "`{acronym}` is used before its definition on line {line}"
                        ),
                        expansion: Some(definition.long_form.clone()),
                        related,
                        fixes: vec![
                            Fix {
                                title,
                                preferred: true,
                                action: FixAction::Edit { edits },
                            },
                            ignore_fix(acronym),
                        ],
                    },
                );
            }
        }

        // A repeated definition is redundant within one section; at the start of a new section it helps
        // a reader who jumps there, and in a quotation it is someone else's text.
        let body_definitions: Vec<&&Definition> = defs
            .iter()
            .filter(|d| !d.whole_document && !d.heading && !d.quoted)
            .collect();
        if let Some((first, again)) = body_definitions.split_first() {
            for repeated in again {
                let new_section = facts.headings.iter().any(|&heading| {
                    first.acronym_range.start < heading && heading < repeated.acronym_range.start
                });
                if new_section {
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
                push(
                    &mut out,
                    settings,
                    Finding {
                        code: Code::RedundantDefinition,
                        severity: super::Severity::Hint,
                        range: repeated.acronym_range.clone(),
                        token: repeated.written.clone(),
                        acronym: acronym.to_string(),
                        message: format!("`{acronym}` is already defined on line {line}"),
                        expansion: Some(repeated.long_form.clone()),
                        related: vec![Related {
                            range: first.acronym_range.clone(),
                            message: format!("`{acronym}` is first defined here"),
                        }],
                        fixes,
                    },
                );
            }
        }
    }
    out.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
    });
    out
}

/// Adds a finding with the configured severity, unless its code is turned off.
fn push(out: &mut Vec<Finding>, settings: &Settings, mut finding: Finding) {
    if let Some(severity) = settings.severity_of(finding.code) {
        finding.severity = severity;
        out.push(finding);
    }
}

fn ignore_fix(acronym: &str) -> Fix {
    Fix {
        title: format!("Add `{acronym}` to the project's ignore list"),
        preferred: false,
        action: FixAction::IgnoreToken {
            token: acronym.to_string(),
        },
    }
}

fn within(inner: &std::ops::Range<usize>, outer: &std::ops::Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// "Long Form (ACR)", with the long form in the number of the use: "large language models (LLMs)" for a
/// plural use, "large language model (LLM)" for a singular one even when the definition was plural.
fn spelled_out(long_form: &str, written: &str, plural_use: bool, plural_long_form: bool) -> String {
    let long_form = match (plural_use, plural_long_form) {
        (true, false) => {
            plural_of(long_form, FormRole::Expansion).unwrap_or_else(|| long_form.to_string())
        }
        (false, true) => long_form.strip_suffix('s').unwrap_or(long_form).to_string(),
        _ => long_form.to_string(),
    };
    format!("{long_form} ({written})")
}
