//! `acronym-used-before-definition`: the document defines an acronym, but uses it earlier in body text.
//! The fix spells it out at the first early use a fix may edit, or moves the definition there. A first
//! use right after the definition's long form written out ("Implicit Language Q-Learning [ILQL](…)")
//! is explained already; early uses that no fix may edit (a slash list, before a parenthesis), with
//! the definition close below them, are where `acronym-not-spelled-out` would have spelled it out.

use std::ops::Range;

use super::inconsistent_expansion::holds_a_slip;
use super::{ignore_fix, unreadable_spelled_out, within, Acronym, Reach};
use super::{Code, Finding, Fix, FixAction, Related, TextEdit};
use crate::analysis::definitions::DefinitionForm;
use crate::analysis::document::{
    end_of_sentence, explaining_window_start, AcronymUse, Definition, DocumentFacts,
};
use crate::analysis::spelling::{
    fitting_long_form, holds_words, inside_parentheses_edit, other_spellings, same_words,
    spell_out_edit,
};
use crate::glossary::forms::{plural_of, FormRole};
use crate::glossary::Entry;

/// The long form a fix writes at `target` for `definition`, and whether to write it in the plural.
/// Where the document's long form is the glossary's in other capitals, the glossary's casing says
/// whether it is a common noun or a name: a heading's or a table cell's "Supervised Fine-Tuning (SFT)"
/// is pasted into running prose as "supervised fine-tuning (SFT)", and a list of spell-outs reads with
/// one convention. A plural definition ("## Large Language Models (LLMs)") matches the glossary's
/// singular expansion in its plural. Whether the long form reads at `target` at all is asked of the
/// same words.
fn long_form_to_write<'a>(
    target: &AcronymUse,
    entries: &'a [Entry],
    definition: &'a Definition,
) -> (&'a str, bool) {
    let plural_definition = definition.written != definition.acronym;
    let expansion = target
        .entry
        .and_then(|e| entries.get(e)?.expansion.as_deref());
    match expansion {
        Some(expansion) if same_words(expansion, &definition.long_form) => {
            (expansion, plural_definition)
        }
        Some(expansion)
            if plural_definition
                && plural_of(expansion, FormRole::Expansion)
                    .is_some_and(|plural| same_words(&plural, &definition.long_form)) =>
        {
            (expansion, false)
        }
        _ => (definition.long_form.as_str(), plural_definition),
    }
}

/// The finding at the first use before the document's first definition, if any (none when an
/// abbreviation line defines the acronym for the whole document).
pub(super) fn finding(
    subject: &Acronym,
    entries: &[Entry],
    facts: &DocumentFacts,
) -> Option<Finding> {
    let Acronym {
        text,
        acronym,
        body_uses,
        defs,
        line_of,
        ..
    } = *subject;
    let related_uses = |skip: usize| subject.related_uses(skip);
    let written = |u: &AcronymUse| subject.written(u);
    let defined_everywhere = defs.iter().any(|d| d.whole_document);
    let first_definition = defs.iter().find(|d| !d.whole_document);
    if let (false, Some(definition)) = (defined_everywhere, first_definition) {
        // "… and Implicit Language Q-Learning [ILQL](…)": the reader has just read the long form.
        let explained = |used: &AcronymUse| {
            let window = explaining_window_start(text, &facts.fenced_code, used.range.start);
            text.get(window..used.range.start)
                .is_some_and(|before| holds_words(before, &definition.long_form))
        };
        let early = body_uses.iter().find(|u| {
            u.range.start < definition.acronym_range.start
                && !within(&u.range, &definition.span)
                && !explained(u)
        });
        if let Some(first) = early {
            // "we introduce **QoQ**, a W4A8KV4 quantization algorithm … QoQ stands for
            // quattuor-octo-quattuor": the writer presents a new name, set apart in emphasis, and
            // explains it in the same or the next sentence of the paragraph, before the reader has
            // moved on. A plain use explained so ("LoRA matches full fine-tuning. LoRA is short
            // for …") is still an acronym the reader meets unexplained.
            if definition.form == DefinitionForm::StandsFor
                && emphasised(text, &first.range)
                && explained_by_the_next_sentence(text, first.range.end, definition)
            {
                return None;
            }
            let line = line_of(definition.acronym_range.start);
            // The spelled-out form goes to the first early use a fix may edit; none, no fix.
            let target = body_uses
                .iter()
                .filter(|u| {
                    (first.range.start..definition.acronym_range.start).contains(&u.range.start)
                        && !within(&u.range, &definition.span)
                })
                .find(|u| u.surroundings.editable);
            // "a parallelism (TP/PP/CP/etc) … pipeline parallelism (PP) requires": no use before
            // the definition can take a spelled-out form, and the writer defined it at the first
            // that can, where it still serves the first use — where `acronym-not-spelled-out`'s fix
            // puts it. Reporting it would tell a writer who followed that fix that it was wrong.
            let where_a_fix_spells_it_out = target.is_none()
                && definition.plain
                && !definition.quoted
                && !definition.heading
                && !definition.linked
                && Reach::of(
                    &facts.headings,
                    first.range.end,
                    definition.acronym_range.start,
                ) == Reach::Serves;
            if where_a_fix_spells_it_out {
                return None;
            }
            let mut fixes = Vec::new();
            let mut related = vec![Related {
                range: definition.acronym_range.clone(),
                message: format!("`{acronym}` is defined here"),
                elsewhere: None,
            }];
            // "we support Speculative decoding (MTP)", defined further down: the writer's words
            // before the parenthesis are not its long form (the definition finder did not read
            // them as one). The long form goes inside that parenthesis, offered, not applied:
            // a definition moved to a later use would give the reader a second, different gloss.
            // Not where the acronym may name software ("the Hugging Face library (PEFT)").
            let names_software = first
                .entry
                .and_then(|e| entries.get(e))
                .is_some_and(|entry| entry.also_names.is_some());
            let gloss_position =
                !names_software && super::acronym_not_spelled_out::glosses(text, first);
            // Not beside words that end as the long form does ("a small language model (LLM)"):
            // the long form would contradict them.
            let into_parenthesis = gloss_position
                && !super::acronym_not_spelled_out::ends_as(
                    text,
                    &first.range,
                    &definition.long_form,
                )
                && inside_parentheses_edit(text, first, &definition.long_form, false).is_some();
            let target = if into_parenthesis {
                Some(first)
            } else {
                target
            };
            // "The RAGs are fast", "a larger TP for decoding": the long form would not read there
            // ("retrieval-augmented generations", "a larger tensor parallelism"), as for
            // `acronym-not-spelled-out`; only the writer can reword the sentence.
            let unreadable = target.filter(|_| !into_parenthesis).and_then(|t| {
                let (long_form, _) = long_form_to_write(t, entries, definition);
                unreadable_spelled_out(text, t, long_form)
            });
            let target = target.filter(|_| unreadable.is_none());
            // Where the fix spells it out, when that is not the first use.
            let mut fixed_there = None;
            if let Some(target) = target {
                let (long_form, plural_long_form) = long_form_to_write(target, entries, definition);
                // Before a noun, the adjective the glossary knows: "other tensor parallel (TP) groups".
                let spellings = target
                    .entry
                    .and_then(|e| entries.get(e))
                    .map(|meaning| other_spellings(entries, meaning, long_form))
                    .unwrap_or_default();
                let edit = into_parenthesis
                    .then(|| inside_parentheses_edit(text, target, long_form, plural_long_form))
                    .flatten()
                    .unwrap_or_else(|| {
                        let long_form = fitting_long_form(text, target, long_form, &spellings);
                        spell_out_edit(text, target, long_form, plural_long_form, &facts.terms)
                    });
                let replacement = edit.replacement.clone();
                // Moving takes the definition out of its sentence: only the author's own plain
                // text in running prose may lose it, and only the long form: what else the
                // parenthesis says stays ("TP (which splits …)", "TP (Shoeybi et al., 2019)").
                // Nor out of its section: under a later heading it serves the readers of that
                // section, who may start there ("## Proxying PyRIT …", then "the Python Risk
                // Identification Tool for generative AI (PyRIT)"); the use above is spelled out.
                let own_section =
                    Reach::of(&facts.headings, target.range.end, definition.span.start)
                        != Reach::LaterSection;
                let left_behind = (own_section
                    && !definition.quoted
                    && !definition.heading
                    && !definition.linked)
                    .then(|| {
                        emphasised_after_moving(text, definition).or_else(|| {
                            definition
                                .plain
                                .then(|| left_after_moving(text, definition))
                                .flatten()
                        })
                    })
                    .flatten();
                let movable = left_behind.is_some();
                let elsewhere = !within(&first.range, &edit.range);
                // As for `acronym-not-spelled-out`: a long form written far below an uneditable
                // first use, or under a later heading ("(wordpiece, subword, BPE)", then "###
                // Types of algos" with "BPE, WordPiece" a line above "**Byte-Pair Encoding
                // (BPE):**"), no longer serves it, and the first use still comes before a
                // definition: offered, not applied.
                let reached = if elsewhere {
                    Reach::of(&facts.headings, first.range.end, edit.range.start)
                } else {
                    Reach::Serves
                };
                let place = if elsewhere {
                    fixed_there = Some(edit.range.clone());
                    let message = match reached {
                        Reach::Far => super::acronym_not_spelled_out::FAR_BELOW,
                        Reach::LaterSection => super::acronym_not_spelled_out::IN_A_LATER_SECTION,
                        Reach::Serves => {
                            "the fix spells it out here, the first use it can safely edit"
                        }
                    };
                    related.push(Related {
                        range: edit.range.clone(),
                        message: message.to_string(),
                        elsewhere: None,
                    });
                    format!(" on {}", line_of(edit.range.start))
                } else if into_parenthesis {
                    " into the parentheses".to_string()
                } else {
                    " here".to_string()
                };
                // "LoRA matches full fine-tuning. LoRA is short for Low-Rank Adaptation.": the
                // writer explains it in their own sentence in the same paragraph, which no fix can
                // move; a long form at the use before it would give the reader two in a row.
                let explained_just_after = !movable
                    && definition.form == DefinitionForm::StandsFor
                    && in_one_paragraph(text, first.range.end, definition.acronym_range.start);
                // "Low Rank Adoptation of LLM Models (LoRA)" in a heading: the writer's long form
                // has a slip the glossary's lacks, and a fix would copy it into the text.
                let slipped = target
                    .entry
                    .and_then(|e| entries.get(e)?.expansion.as_deref())
                    .filter(|_| long_form == definition.long_form)
                    .filter(|expansion| holds_a_slip(&definition.long_form, expansion));
                if let Some(expansion) = slipped {
                    related.push(Related {
                        range: definition.long_form_range.clone(),
                        message: format!("the long form here has a slip the glossary's “{expansion}” lacks: the fix is offered, not applied automatically"),
                        elsewhere: None,
                    });
                }
                if explained_just_after {
                    related.push(Related {
                        range: definition.span.clone(),
                        message: "the paragraph explains it here, in a sentence a fix cannot move: the fix is offered, not applied automatically".to_string(),
                        elsewhere: None,
                    });
                }
                let mut edits = vec![edit];
                let shown = if into_parenthesis {
                    format!("({replacement})")
                } else {
                    replacement
                };
                let title = if let Some(left_behind) = left_behind {
                    edits.push(TextEdit {
                        range: definition.span.clone(),
                        replacement: left_behind,
                    });
                    format!("Move the definition{place}: {shown}")
                } else {
                    format!("Spell out{place}: {shown}")
                };
                fixes.push(Fix {
                    title,
                    preferred: !explained_just_after
                        && slipped.is_none()
                        && !into_parenthesis
                        && reached == Reach::Serves,
                    action: FixAction::Edit { edits },
                });
            }
            fixes.push(ignore_fix(acronym));
            // Said once per place: the use the fix edits is not also "also used here".
            related.extend(related_uses(1).into_iter().filter(|r| {
                r.range.start < definition.acronym_range.start
                    && !fixed_there
                        .as_ref()
                        .is_some_and(|range| within(&r.range, range))
            }));
            return Some(Finding {
                code: Code::AcronymUsedBeforeDefinition,
                severity: super::Severity::Warning,
                range: first.range.clone(),
                token: written(first),
                acronym: acronym.to_string(),
                message: if let Some(reword) = unreadable {
                    format!(
                        "`{acronym}` is used before its definition on {line}: spell it out there, {reword}"
                    )
                } else if gloss_position {
                    format!(
                        "`{acronym}` is used before its definition on {line}, and the words before “({})” are not its long form: it stands for “{}”",
                        written(first),
                        definition.long_form
                    )
                } else {
                    format!("`{acronym}` is used before its definition on {line}")
                },
                expansion: Some(definition.long_form.clone()),
                related,
                fixes,
            });
        }
    }
    None
}

/// Whether the use at `range` is set apart in emphasis of its own ("**QoQ**", "*QoQ*", "_QoQ_").
fn emphasised(text: &str, range: &Range<usize>) -> bool {
    let (Some(before), Some(after)) = (text.get(..range.start), text.get(range.end..)) else {
        return false;
    };
    ["**", "__", "*", "_"]
        .iter()
        .any(|marker| before.ends_with(marker) && after.starts_with(marker))
}

/// Whether `definition` starts in the sentence of a use that ends at `end`, or in the sentence
/// after it, in the same paragraph.
fn explained_by_the_next_sentence(text: &str, end: usize, definition: &Definition) -> bool {
    let at = definition.span.start;
    let first = end_of_sentence(text, end);
    in_one_paragraph(text, end, at) && (at <= first || at <= end_of_sentence(text, first + 1))
}

/// Whether no empty line stands between `from` and `to`: they are in one paragraph.
fn in_one_paragraph(text: &str, from: usize, to: usize) -> bool {
    text.get(from..to)
        .is_some_and(|between| !between.contains("\n\n"))
}

/// What an emphasised definition's span becomes when its long form moves to an earlier use: the
/// long form, still emphasised, without the acronym. The writer set the term apart where they
/// introduce it ("we use **reinforcement learning (RL)** to optimize"); left as the bare acronym
/// ("we use **RL** to"), the emphasis would fall on an abbreviation, and left whole it would define
/// the acronym twice. Only the long form and the acronym may stand in it, the emphasis around both
/// ("**reinforcement learning (RL)**", "*RL (reinforcement learning)*") or around the word written
/// first ("**reinforcement learning** (RL)", "**RL** (reinforcement learning)"). `None` otherwise.
fn emphasised_after_moving(text: &str, definition: &Definition) -> Option<String> {
    let (first, second) = match definition.form {
        DefinitionForm::LongThenAcronym => (&definition.long_form_range, &definition.acronym_range),
        DefinitionForm::AcronymThenLong => (&definition.acronym_range, &definition.long_form_range),
        _ => return None,
    };
    let long_form = text.get(definition.long_form_range.clone())?;
    // Markup or a line break inside the long form: not the plain words to leave.
    if long_form != definition.long_form || definition.span.start != first.start {
        return None;
    }
    let second = text.get(second.clone())?;
    // From `open` to the span's end, the parenthesis holds the word written second and nothing else.
    let closes_with_second = |open: usize| {
        text.get(open..definition.span.end)
            .and_then(|rest| rest.strip_prefix(" ("))
            .and_then(|rest| rest.strip_suffix(')'))
            == Some(second)
    };
    let marker_around = |range: &Range<usize>| {
        let before = text.get(..range.start)?;
        let after = text.get(range.end..)?;
        EMPHASIS
            .iter()
            .copied()
            .find(|marker| before.ends_with(marker) && after.starts_with(marker))
    };
    if marker_around(&definition.span).is_some() {
        return closes_with_second(first.end).then(|| long_form.to_string());
    }
    let marker = marker_around(first)?;
    closes_with_second(first.end + marker.len()).then(|| format!("{long_form}{marker}"))
}

/// Markdown's emphasis markers, the longer first ("**" is not "*" twice).
const EMPHASIS: &[&str] = &["**", "__", "*", "_"];

/// What the definition's span becomes when its long form moves to an earlier use: the acronym as
/// written, and whatever else the parenthesis held after a comma or a semicolon, in parentheses
/// ("TP (tensor model parallelism, which splits …)" → "TP (which splits …)", "tensor parallelism
/// (TP; Shoeybi et al., 2019)" → "TP (Shoeybi et al., 2019)"). `None` when anything else stands in
/// it ("(TP and its variants)", a long form cut short before other words): no move then; the
/// earlier use is spelled out and the definition stays as the writer wrote it.
fn left_after_moving(text: &str, definition: &Definition) -> Option<String> {
    let span = text.get(definition.span.clone())?;
    // After the long form (acronym first) or the acronym (long form first), to the closing parenthesis.
    let after = match definition.form {
        DefinitionForm::AcronymThenLong => definition.long_form_range.end,
        DefinitionForm::LongThenAcronym => definition.acronym_range.end,
        _ => return None,
    };
    let Some(inside) = span.strip_suffix(')') else {
        // "tensor parallelism (TP" at the end of a block: nothing after the acronym.
        return (after == definition.span.end).then(|| definition.written.clone());
    };
    let rest = text.get(after..definition.span.start + inside.len())?;
    if rest.trim().is_empty() {
        return Some(definition.written.clone());
    }
    let rest = rest.strip_prefix([',', ';'])?.trim();
    (!rest.is_empty() && !rest.contains(['(', ')']))
        .then(|| format!("{} ({rest})", definition.written))
}
