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
use super::document::{
    explaining_window_start, AcronymStatus, AcronymUse, Definition, DocumentFacts,
};
use super::places::Place;
use super::spelling::{prose_form, same_words, spell_out_edit, spelled_out};
use super::{Code, Finding, Fix, FixAction, Related, Settings, TextEdit};
use crate::glossary::forms::FormRole;
use crate::glossary::Entry;
use crate::text::lines::LineIndex;

/// How many later uses a finding points at, at most: enough to see the pattern, not a wall of links.
const MAX_RELATED_USES: usize = 5;

pub fn findings(
    text: &str,
    facts: &DocumentFacts,
    entries: &[Entry],
    index: &super::GlossaryIndex,
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
                // Headings, names, citations and quotations hold acronyms that are not the author's
                // uses: they neither need nor give a first use.
                if token.surroundings.place == Place::Body && !token.defining {
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
                Some(entry) if entry.must_spell_out() => {
                    let context = NotSpelledOut {
                        text,
                        acronym,
                        first,
                        body_uses,
                        related: related_uses(1),
                        line_of: &line_of,
                    };
                    let meanings = meanings_in_context(entry, entries, index, text, facts);
                    // When the meaning is uncertain, a reader who knows one of them ("SSD": a
                    // solid-state drive) reads the acronym without help: flag only when every
                    // meaning left is one this audience needs spelled out.
                    let flagged = meanings
                        .iter()
                        .all(|m| m.must_spell_out_for(settings.audience))
                        && !spelled_out_just_before(text, facts, entries, first, &meanings);
                    if flagged {
                        push(&mut out, settings, context.finding(&meanings));
                    }
                }
                Some(_) => {}
                None if !reads_as_undefined_acronym(text, acronym, body_uses) => {}
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
                // The spelled-out form goes to the first early use a fix may edit; none, no fix.
                let target = body_uses
                    .iter()
                    .filter(|u| {
                        u.range.start < definition.acronym_range.start
                            && !within(&u.range, &definition.span)
                    })
                    .find(|u| u.surroundings.editable);
                let mut fixes = Vec::new();
                let mut related = vec![Related {
                    range: definition.acronym_range.clone(),
                    message: format!("`{acronym}` is defined here"),
                }];
                if let Some(target) = target {
                    // A heading or a label writes its long form in title case ("#### Supervised
                    // Finetuning (SFT)"); running prose takes the glossary's casing of the same words.
                    let glossary_casing = target
                        .entry
                        .and_then(|e| entries.get(e)?.expansion.as_deref())
                        .filter(|expansion| {
                            definition.heading && same_words(expansion, &definition.long_form)
                        });
                    let edit = spell_out_edit(
                        text,
                        target,
                        glossary_casing.unwrap_or(&definition.long_form),
                        definition.written != definition.acronym,
                    );
                    let replacement = edit.replacement.clone();
                    // Moving takes the definition out of its sentence: only the author's own plain
                    // text in running prose may lose it.
                    let movable = definition.plain
                        && !definition.quoted
                        && !definition.heading
                        && matches!(
                            definition.form,
                            DefinitionForm::LongThenAcronym | DefinitionForm::AcronymThenLong
                        );
                    let elsewhere = !within(&first.range, &edit.range);
                    let place = if elsewhere {
                        related.push(Related {
                            range: edit.range.clone(),
                            message: "the fix spells it out here, the first use it can safely edit"
                                .to_string(),
                        });
                        format!(" on line {}", line_of(edit.range.start))
                    } else {
                        " here".to_string()
                    };
                    let mut edits = vec![edit];
                    let title = if movable {
                        edits.push(TextEdit {
                            range: definition.span.clone(),
                            replacement: definition.written.clone(),
                        });
                        format!("Move the definition{place}: {replacement}")
                    } else {
                        format!("Spell out{place}: {replacement}")
                    };
                    fixes.push(Fix {
                        title,
                        preferred: true,
                        action: FixAction::Edit { edits },
                    });
                }
                fixes.push(ignore_fix(acronym));
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
                        fixes,
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

/// The meanings an acronym may have in this document: the entry's, or, when the glossary gives the
/// acronym several ("SAC": soft actor-critic, selective activation checkpointing), the one the document
/// writes out somewhere ("… propose Alignment via Optimal Transport"), else the one whose related terms
/// the document uses ("SSD" beside SSM and Mamba is state space duality, not a solid-state drive), else
/// all of them.
fn meanings_in_context<'e>(
    entry: &'e Entry,
    entries: &'e [Entry],
    index: &super::GlossaryIndex,
    text: &str,
    facts: &DocumentFacts,
) -> Vec<&'e Entry> {
    let Some(list) = entry
        .acronym
        .as_deref()
        .and_then(|a| index.ambiguous.get(a))
    else {
        return vec![entry];
    };
    let expansions: Vec<&str> = list
        .iter()
        .map(|&m| {
            entries
                .get(m)
                .and_then(|e| e.expansion.as_deref())
                .unwrap_or_default()
        })
        .collect();
    // One scan of the document for all the expansions, capitals aside…
    let mut written_out: Vec<bool> = match aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&expansions)
    {
        Ok(searcher) => {
            let mut found = vec![false; expansions.len()];
            for hit in searcher.find_iter(text) {
                if let Some(slot) = found.get_mut(hit.pattern().as_usize()) {
                    *slot = true;
                }
            }
            found
        }
        Err(_) => vec![false; expansions.len()],
    };
    // … and for the other long forms a meaning's entry gives ("question and answer" for QA).
    for term in &facts.terms {
        let slot = list
            .iter()
            .position(|&m| m == term.entry)
            .and_then(|position| written_out.get_mut(position));
        if let Some(slot) = slot {
            if spells_out(text, term) {
                *slot = true;
            }
        }
    }
    let pick = |chosen: &[bool]| -> Vec<&'e Entry> {
        list.iter()
            .zip(chosen)
            .filter(|(_, &chosen)| chosen)
            .filter_map(|(&m, _)| entries.get(m))
            .collect()
    };
    if written_out.iter().filter(|&&w| w).count() == 1 {
        return pick(&written_out);
    }
    let cued = cued_meanings(list, entries, facts);
    if cued.iter().filter(|&&c| c).count() == 1 {
        return pick(&cued);
    }
    list.iter().filter_map(|&m| entries.get(m)).collect()
}

/// For each meaning, whether the document uses one of the terms its entry lists as related
/// (`see_also`): the glossary's own data tells the meanings of an acronym apart.
fn cued_meanings(list: &[usize], entries: &[Entry], facts: &DocumentFacts) -> Vec<bool> {
    let used: rustc_hash::FxHashSet<usize> = facts
        .terms
        .iter()
        .map(|t| t.entry)
        .chain(facts.acronyms.iter().filter_map(|a| a.entry))
        .filter(|used| !list.contains(used))
        .collect();
    list.iter()
        .map(|&m| {
            entries.get(m).is_some_and(|meaning| {
                meaning.see_also.iter().any(|related| {
                    used.iter().filter_map(|&u| entries.get(u)).any(|u| {
                        u.name.eq_ignore_ascii_case(related)
                            || u.acronym.as_deref() == Some(related.as_str())
                    })
                })
            })
        })
        .collect()
}

/// Whether a term use writes its entry out in words, rather than as an acronym or an acronym-like
/// variant spelling ("LORA"): "question and answer", "chain-of-thought".
fn spells_out(text: &str, term: &super::document::TermUse) -> bool {
    term.role != FormRole::Acronym
        && text
            .get(term.range.clone())
            .is_some_and(|written| !crate::text::acronym::is_acronym_like(written))
}

/// Whether the long form of the acronym's one meaning stands in the author's running text just before
/// its first use, without the acronym: "used in a multi-head attention layer …, see the MHA
/// implementation", "Activation checkpointing mode: … per op AC". The reader has just read what it
/// stands for.
fn spelled_out_just_before(
    text: &str,
    facts: &DocumentFacts,
    entries: &[Entry],
    first: &AcronymUse,
    meanings: &[&Entry],
) -> bool {
    let Some((meaning, long_form)) = (match meanings {
        [meaning] => meaning.expansion.as_deref().map(|e| (*meaning, e)),
        _ => None,
    }) else {
        return false;
    };
    let window = explaining_window_start(text, first.range.start)..first.range.start;
    let from = facts
        .terms
        .partition_point(|t| t.range.start < window.start);
    facts
        .terms
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|t| t.range.end <= window.end)
        .any(|t| {
            t.own_words
                && t.role != FormRole::Acronym
                && text.get(t.range.clone()).is_some_and(|written| {
                    same_words(written, long_form)
                        || same_words(written.trim_end_matches('s'), long_form)
                        || (t.role == FormRole::Alias
                            && entries
                                .get(t.entry)
                                .is_some_and(|e| std::ptr::eq(e, meaning))
                            && spells_out(text, t))
                })
        })
}

/// What an `acronym-not-spelled-out` finding is made of.
struct NotSpelledOut<'a> {
    text: &'a str,
    acronym: &'a str,
    first: &'a AcronymUse,
    body_uses: &'a [&'a AcronymUse],
    related: Vec<Related>,
    line_of: &'a dyn Fn(usize) -> usize,
}

impl NotSpelledOut<'_> {
    /// The finding at the first use, with a fix per meaning at the first use a fix may edit; the fix
    /// is preferred only when the meaning is certain.
    fn finding(self, meanings: &[&Entry]) -> Finding {
        let NotSpelledOut {
            text,
            acronym,
            first,
            body_uses,
            mut related,
            line_of,
        } = self;
        let written = text.get(first.range.clone()).unwrap_or(acronym).to_string();
        let expansions: Vec<&str> = meanings
            .iter()
            .filter_map(|m| m.expansion.as_deref())
            .collect();
        let target = body_uses.iter().find(|u| u.surroundings.editable);
        let edits: Vec<TextEdit> = expansions
            .iter()
            .filter_map(|meaning| Some(spell_out_edit(text, target?, meaning, false)))
            .collect();
        let expansion = expansions.first().copied().unwrap_or_default();
        let shown = match edits.first() {
            Some(edit) => edit.replacement.clone(),
            None => spelled_out(&prose_form(expansion), &written, first.plural, false),
        };
        let elsewhere = edits
            .first()
            .filter(|edit| !within(&first.range, &edit.range))
            .map(|edit| edit.range.clone());
        if let Some(range) = &elsewhere {
            related.insert(
                0,
                Related {
                    range: range.clone(),
                    message: "the fix spells it out here, the first use it can safely edit"
                        .to_string(),
                },
            );
        }
        let certain = expansions.len() == 1;
        let mut fixes: Vec<Fix> = edits
            .into_iter()
            .map(|edit| Fix {
                title: match elsewhere {
                    Some(_) => format!(
                        "Spell out on line {}: {}",
                        line_of(edit.range.start),
                        edit.replacement
                    ),
                    None => format!("Spell out: {}", edit.replacement),
                },
                preferred: certain,
                action: FixAction::Edit { edits: vec![edit] },
            })
            .collect();
        fixes.push(ignore_fix(acronym));
        let message = if certain {
            format!(
                "`{acronym}` is not spelled out in this document: write “{shown}” at its first use"
            )
        } else {
            let list = expansions
                .iter()
                .map(|m| format!("“{}”", prose_form(m)))
                .collect::<Vec<_>>()
                .join(" or ");
            format!(
                "`{acronym}` is not spelled out in this document; it may stand for {list}: spell out the one you mean at its first use"
            )
        };
        Finding {
            code: Code::AcronymNotSpelledOut,
            severity: super::Severity::Warning,
            range: first.range.clone(),
            token: written,
            acronym: acronym.to_string(),
            message,
            expansion: certain.then(|| expansion.to_string()),
            related,
            fixes,
        }
    }
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

/// Whether a token no glossary knows, never defined, is reported as an undefined acronym. Most such
/// tokens are names (products, hardware, organisations, benchmarks, models), so it takes evidence: the
/// shape of an acronym (two to six capitals, nothing else), and use as a word of the author's text, more
/// than once and not only in tables and link texts, where names cluster; no version number after it
/// and no lower-case spelling of it anywhere in the document.
fn reads_as_undefined_acronym(text: &str, acronym: &str, body_uses: &[&AcronymUse]) -> bool {
    let shape = (2..=6).contains(&acronym.len()) && acronym.bytes().all(|b| b.is_ascii_uppercase());
    // A version number after it makes a product line ("RDNA 3/4"); the same word in lower case
    // elsewhere makes an identifier or a name styled in capitals ("BRRR" and `brrr`).
    let versioned = body_uses.iter().any(|u| {
        text.get(u.range.end..)
            .and_then(|after| after.strip_prefix(' '))
            .is_some_and(|after| after.starts_with(|c: char| c.is_ascii_digit()))
    });
    shape
        && body_uses.len() >= 2
        && body_uses.iter().any(|u| !u.surroundings.in_table_or_link)
        && !versioned
        && !text.contains(&acronym.to_lowercase())
}
