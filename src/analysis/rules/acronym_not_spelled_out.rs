//! `acronym-not-spelled-out`: a glossary acronym writers spell out is used in body text and never
//! defined. When the glossary gives the acronym several meanings, the document's context picks the
//! ones it may have; the finding offers a fix per meaning.

use super::named_in_code::NamedInCode;
use super::{ignore_fix, unreadable_spelled_out, within, Acronym, Group, Reach};
use super::{Code, Finding, Fix, FixAction, Related, Settings, TextEdit};
use crate::analysis::document::{
    end_of_sentence, explaining_window_start, AcronymUse, DocumentFacts, TermUse,
};
use crate::analysis::spelling::{
    completing_edit, fitting_long_form, holds_words, inside_parentheses_edit, names_the_long_form,
    other_spellings, prose_form, spell_out_edit, spelled_out, without_changed_article,
};
use crate::glossary::forms::FormRole;
use crate::glossary::Entry;

/// The finding at the first use of a glossary acronym that must be spelled out for the audience, when
/// the document never defines it and does not spell it out just before.
pub(super) fn finding(
    subject: &Acronym,
    entries: &[Entry],
    index: &super::GlossaryIndex,
    facts: &DocumentFacts,
    settings: &Settings,
    named_in_code: &NamedInCode,
    document: &crate::analysis::meanings::Document,
) -> Option<Finding> {
    let Acronym {
        text,
        acronym,
        body_uses,
        defs,
        line_of,
        ..
    } = *subject;
    if !defs.is_empty() {
        return None;
    }
    let (first, label) = subject.first_met()?;
    let entry = first
        .entry
        .and_then(|e| entries.get(e))
        .filter(|entry| entry.must_spell_out())?;
    if entry.on_every_page {
        // The site spells it out on every page (a tooltip, or a site-wide glossary).
        return None;
    }
    let reach = |first_end, at| Reach::of(&facts.headings, first_end, at);
    let context = NotSpelledOut {
        text,
        entries,
        acronym,
        first,
        label,
        body_uses,
        related: subject.related_to_first_met(label),
        line_of,
        reach: &reach,
        terms: &facts.terms,
    };
    // "from peft import PeftModel … - Requires PEFT at inference": the document uses the software
    // the acronym also names, and its uses name it, unless one reads as the technique ("PEFT
    // methods"). Asked last: it searches the whole text.
    let names_the_software = || {
        entry.also_names.is_some()
            && uses_the_software(text, acronym)
            && !body_uses.iter().any(|u| names_a_technique(text, u))
    };
    let meanings = crate::analysis::meanings::in_context(entry, entries, index, document);
    // When the meaning is uncertain, a reader who knows one of them ("SSD": a solid-state drive) reads
    // the acronym without help: flag only when every meaning left is one this audience needs spelled
    // out.
    let flagged = meanings
        .iter()
        .all(|m| m.must_spell_out_for(settings.audience))
        && !spelled_out_nearby(text, facts, entries, first, &meanings)
        && !label.is_some_and(|label| spelled_out_nearby(text, facts, entries, label, &meanings))
        && !named_in_code.before(acronym, first.range.start)
        && !glossed_by_code(text, &first.range)
        && !names_the_software();
    flagged.then(|| {
        let earlier = long_form_written_before(text, facts, entries, first, &meanings, acronym);
        let meanings: Vec<(&Entry, &str)> = meanings
            .iter()
            .filter_map(|m| Some((*m, m.expansion.as_deref()?)))
            .collect();
        context.finding(&meanings, earlier)
    })
}

/// Whether the document uses the software an acronym also names, by the acronym in lower case as
/// code does: imported (`import peft`, `from peft import`), installed (`pip install peft`), or as a
/// whole segment of a URL or a path (`huggingface.co/docs/peft`, `github.com/huggingface/peft`).
fn uses_the_software(text: &str, acronym: &str) -> bool {
    let name = acronym.to_ascii_lowercase();
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, name.as_bytes()).any(|at| {
        let before = text.get(..at).unwrap_or_default();
        let after = bytes.get(at + name.len());
        let ends = !after.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-');
        let named_by = |lead: &str| before.ends_with(lead);
        // A repository (`github.com/huggingface/peft`), not any page about the topic
        // (`huggingface.co/blog/peft`). Only the URL up to the name is read, back to the space or
        // bracket before it: this runs on every analysis, and the text before may be long.
        let url = before
            .rsplit([' ', '\n', '(', '<', '"', '\''])
            .next()
            .unwrap_or_default();
        let repository = url
            .rsplit_once("github.com/")
            .is_some_and(|(_, owner)| owner.ends_with('/') && owner.matches('/').count() == 1);
        ends && (named_by("import ")
            || named_by("from ")
            || named_by("install ")
            || named_by("install -U ")
            || named_by("install --upgrade ")
            || named_by("/docs/")
            || named_by("pypi.org/project/")
            || repository)
    })
}

/// Whether a use reads as the technique the acronym stands for, not the software it also names:
/// "PEFT methods", "PEFT techniques", "a PEFT approach".
fn names_a_technique(text: &str, used: &AcronymUse) -> bool {
    let after = text.get(used.range.end..).unwrap_or_default();
    let next = after.strip_prefix(' ').unwrap_or_default();
    ["method", "technique", "approach"]
        .iter()
        .any(|word| next.starts_with(word))
}

/// The `acronym-not-spelled-out` finding `found` made again with `long_form` in place of the
/// glossary's expansion: the project spells the acronym out in its own words, and a fix that wrote
/// the glossary's would give the next check an `inconsistent-expansion`. The finding is rebuilt from
/// the analysis's acronym uses, as [`finding`] built it; `None` when `found` is not such a finding
/// of one certain meaning, or when it cannot be rebuilt as it was (a LaTeX package's finding, or a
/// fix a later step changed, such as one left to the writer in a table laid out by columns).
pub fn in_other_words(
    text: &str,
    terms: &[TermUse],
    acronyms: &[AcronymUse],
    entries: &[Entry],
    found: &Finding,
    long_form: &str,
    line_of: &dyn Fn(usize) -> crate::analysis::LineName,
) -> Option<Finding> {
    if found.code != Code::AcronymNotSpelledOut {
        return None;
    }
    let expansion = found.expansion.as_deref()?;
    let acronym = found.acronym.as_str();
    let meaning = entries.iter().find(|e| {
        e.acronym.as_deref() == Some(acronym) && e.expansion.as_deref() == Some(expansion)
    })?;
    // The acronym's uses as `rules::findings` gathers them (it was never defined).
    let mut group = Group {
        acronym,
        ..Group::default()
    };
    for token in acronyms.iter().filter(|u| &*u.acronym == acronym) {
        group.take(token);
    }
    let subject = group.subject(text, line_of);
    let (first, label) = subject.first_met()?;
    if label.unwrap_or(first).range != found.range {
        return None;
    }
    // Whether the fix's place serves the first use, as the finding said (the headings are gone).
    let said = match found.related.first().map(|r| r.message.as_str()) {
        Some(FAR_BELOW) => Reach::Far,
        Some(IN_A_LATER_SECTION) => Reach::LaterSection,
        _ => Reach::Serves,
    };
    let reach = move |_, _| said;
    let context = |related| NotSpelledOut {
        text,
        entries,
        acronym,
        first,
        label,
        body_uses: subject.body_uses,
        related,
        line_of,
        reach: &reach,
        terms,
    };
    // The long form written far back, as the finding named it (the facts that found it are gone),
    // and whether the acronym was added after it.
    let earlier = found.related.iter().find_map(|r| {
        let addition = match r.message.as_str() {
            WRITTEN_WITHOUT_THE_ACRONYM => None,
            ACRONYM_ADDED_HERE => Some(acronym_after(text, &r.range, acronym, expansion)?),
            _ => return None,
        };
        Some(Earlier {
            range: r.range.clone(),
            addition,
        })
    });
    let mut again = context(subject.related_to_first_met(label))
        .finding(&[(meaning, expansion)], earlier.clone());
    again.severity = found.severity;
    if again != *found {
        return None;
    }
    let mut respelled =
        context(subject.related_to_first_met(label)).finding(&[(meaning, long_form)], earlier);
    respelled.severity = found.severity;
    Some(respelled)
}

/// Whether the long form of the acronym's one meaning stands in the author's running text just before
/// its first use, without the acronym, or later in the same sentence: "used in a multi-head attention
/// layer …, see the MHA implementation", "Activation checkpointing mode: … per op AC", "Quantized KV
/// cache reduces the memory footprint of key-value cache storage", "data parallel replicas … across
/// DP ranks". The reader has just read, or reads
/// on to, what it stands for.
fn spelled_out_nearby(
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
    let explains = |t: &TermUse| explains(text, entries, meaning, long_form, t);
    let terms_in = |within: std::ops::Range<usize>| {
        let from = facts
            .terms
            .partition_point(|t| t.range.start < within.start);
        facts
            .terms
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(move |t| t.range.end <= within.end)
    };
    let before =
        explaining_window_start(text, &facts.fenced_code, first.range.start)..first.range.start;
    let after = first.range.end..end_of_sentence(text, first.range.end);
    terms_in(before).chain(terms_in(after)).any(explains)
}

/// Whether the term use `t` is the long form `long_form` of `meaning` in the writer's own words.
fn explains(text: &str, entries: &[Entry], meaning: &Entry, long_form: &str, t: &TermUse) -> bool {
    t.own_words
        && t.role != FormRole::Acronym
        && text.get(t.range.clone()).is_some_and(|written| {
            // A longer term that ends with the long form spells it out too: "a pretrained
            // language model. The LM parameters".
            holds_words(written, long_form)
                // Another spelling of the long form: an alias of the acronym's entry, or of the
                // entry the long form names ("data parallel" of "data parallelism", for DP).
                || (t.role == FormRole::Alias
                    && entries.get(t.entry).is_some_and(|e| {
                        std::ptr::eq(e, meaning) || names_the_long_form(e, long_form)
                    })
                    && crate::analysis::meanings::spells_out(text, t))
        })
}

/// Where the writer wrote the long form of the acronym's one meaning before its first use, too far
/// back to explain it ([`spelled_out_nearby`] looks only as far as the use's paragraph): "Mixture of
/// Experts models" in the introduction, "sparse MoE architectures" sections down. The finding names
/// that place, so that the writer sees the tool read it.
fn long_form_written_before(
    text: &str,
    facts: &DocumentFacts,
    entries: &[Entry],
    first: &AcronymUse,
    meanings: &[&Entry],
    acronym: &str,
) -> Option<Earlier> {
    let [meaning] = meanings else {
        return None;
    };
    let long_form = meaning.expansion.as_deref()?;
    // Only the long form as a term of its own (the acronym's entry's expansion, or the entry the long
    // form names) is looked for: this runs for every finding on every analysis, and asking each of
    // the thousands of terms before a late first use whether it holds the long form cost a 1 MB
    // document a third more per keystroke. Whether such a term stands in the writer's own words
    // (not a quoted title) is worked out for the terms of the acronym's entries, up to the first
    // that does, and whether a fix may add the acronym after it (`document::mark_long_forms_before`);
    // a term of an entry named by the long form is taken as written there, and gets no such fix.
    // Each term's entry is asked, rather than every entry of the glossary (a thousand and more)
    // for every finding: the meaning is one of `entries`, found by address.
    if !entries
        .as_ptr_range()
        .contains(&std::ptr::from_ref(*meaning))
    {
        return None;
    }
    let own_or_named = |e: &Entry| std::ptr::eq(e, *meaning) || names_the_long_form(e, long_form);
    facts
        .terms
        .iter()
        .take_while(|t| t.range.end <= first.range.start)
        .filter(|t| entries.get(t.entry).is_some_and(own_or_named))
        .find(|t| explains(text, entries, meaning, long_form, t))
        .map(|t| {
            // Only the long form's words of a longer term ("language model" of "the language model
            // head"): that is where the acronym would go.
            // "Kullback-Leibler divergence" holds "Kullback–Leibler", written with a hyphen.
            let written = text.get(t.range.clone()).unwrap_or_default();
            let lower = written.to_ascii_lowercase();
            let long_lower = long_form.to_ascii_lowercase();
            let hyphenated = long_lower.replace(['–', '‑'], "-");
            let found = std::iter::once(&long_lower)
                .chain((hyphenated != long_lower).then_some(&hyphenated))
                .find_map(|wanted| Some((lower.find(wanted.as_str())?, wanted.len())));
            let range = match found {
                // To the end of its last word: "large language models" is quoted as written.
                Some((at, len)) => {
                    let end = at + len;
                    let rest = written.get(end..).unwrap_or_default();
                    let word_end = rest
                        .find(|c: char| !c.is_alphanumeric())
                        .unwrap_or(rest.len());
                    t.range.start + at..t.range.start + end + word_end
                }
                None => t.range.clone(),
            };
            let addition = if t.acronym_may_follow {
                acronym_after(text, &range, acronym, long_form)
            } else {
                None
            };
            Earlier { range, addition }
        })
}

/// The long form of an acronym that the writer wrote before its first use, without the acronym
/// ([`long_form_written_before`]).
#[derive(Debug, Clone)]
struct Earlier {
    /// The long form's words as written.
    range: std::ops::Range<usize>,
    /// What a fix adds right after them, " (LLMs)", when the acronym fits there.
    addition: Option<String>,
}

/// " (LLMs)": the acronym in parentheses to add right after the long form at `range`, plural when
/// the long form's last word is written plural; `None` when the words around would make it read
/// wrong. The place itself is the writer's running text where a fix may edit
/// ([`TermUse::acronym_may_follow`](crate::analysis::document::TermUse)); this reads only the
/// characters beside the words:
/// - a parenthesis or a bracket already follows ("reward model (see below)"), or inline code, which
///   names it already ("supervised finetuning `sft`");
/// - the words go on as a compound, a possessive or a path ("reward-model-based", "model's",
///   "model/critic") or an identifier (`_`);
/// - in capitals, they are part of a longer name: a capitalised word before ("Continuous-Time
///   Recurrent Neural Network", which is no RNN of its own) other than a sentence's opening word,
///   or after ("Large Language Models Course").
fn acronym_after(
    text: &str,
    range: &std::ops::Range<usize>,
    acronym: &str,
    long_form: &str,
) -> Option<String> {
    // Words a sentence or a clause opens with, capitalised only for that.
    const OPENERS: &[&str] = &[
        "a", "an", "the", "in", "on", "for", "with", "by", "of", "to", "from", "our", "this",
        "these", "their", "its", "as", "and", "or", "how", "why", "what", "when", "using", "about",
    ];
    let written = text.get(range.clone())?;
    let before = text.get(..range.start)?;
    let after = text.get(range.end..)?;
    let next = after.chars().next();
    if next.is_some_and(|c| c.is_alphanumeric() || "-–/_'’@".contains(c))
        || after.trim_start_matches(' ').starts_with(['(', '[', '`'])
        || before.ends_with(['-', '–', '/', '_', '@'])
    {
        return None;
    }
    let capitalised = |word: &str| word.chars().next().is_some_and(char::is_uppercase);
    if capitalised(written) {
        let line = before.rsplit('\n').next().unwrap_or_default();
        let word_before = line
            .strip_suffix(' ')
            .and_then(|line| line.rsplit(' ').next())
            .unwrap_or_default();
        let word_after = after
            .strip_prefix(' ')
            .and_then(|after| after.split([' ', '\n']).next())
            .unwrap_or_default();
        let opener = OPENERS.contains(&word_before.to_lowercase().as_str())
            || word_before.ends_with(['.', '!', '?', ':']);
        if (capitalised(word_before) && !opener) || capitalised(word_after) {
            return None;
        }
    }
    let last = |words: &str| {
        words
            .rsplit([' ', '-', '–'])
            .next()
            .unwrap_or_default()
            .to_lowercase()
    };
    let (written_last, long_last) = (last(written), last(long_form));
    let plural = written_last != long_last && written_last.ends_with('s');
    Some(format!(" ({acronym}{})", if plural { "s" } else { "" }))
}

/// Whether the acronym at `range` stands alone in parentheses right after inline code whose words it
/// abbreviates: "the ``Needle In A Haystack`` (NIAH) tests". The writer spelled it out, set as code;
/// the prose reading skips code, so no definition is read there, yet a fix would spell it out a
/// second time.
fn glossed_by_code(text: &str, range: &std::ops::Range<usize>) -> bool {
    let acronym = text.get(range.clone()).unwrap_or_default();
    let closed = text
        .get(range.end..)
        .is_some_and(|after| after.starts_with(')'));
    let Some(before) = text
        .get(..range.start)
        .and_then(|b| b.strip_suffix('('))
        .map(str::trim_end)
    else {
        return false;
    };
    // The code span's closing backticks, and the same run opening it on the same line.
    let ticks = before.len() - before.trim_end_matches('`').len();
    let Some(inner) = before.get(..before.len() - ticks) else {
        return false;
    };
    let line = inner.rsplit('\n').next().unwrap_or_default();
    let fence = "`".repeat(ticks);
    let content = match line.rfind(fence.as_str()) {
        Some(open) if ticks > 0 => line.get(open + ticks..).unwrap_or_default().trim(),
        _ => return false,
    };
    closed
        && !content.contains('`')
        && content.split_whitespace().count() >= 2
        && crate::analysis::definitions::initials_spell(acronym, content)
}

/// Whether the acronym at `range` stands alone in parentheses right after two or more of the
/// writer's words, as a gloss: "increasing token-to-token latency (TPOT) and …", "a small language
/// model (LLM)", "Speculative decoding (MTP)"; not after a lone noun ("the model (LLM)"), nor after
/// a phrase that counts or picks things, whose parenthesis names an example ("several methods
/// (LoRA)", "other techniques (DPO)").
pub(super) fn glossed_in_parentheses(text: &str, range: &std::ops::Range<usize>) -> bool {
    // Words that count or pick things: the parenthesis after them names an example of the kind.
    const EXAMPLE_OF: &[&str] = &[
        "several",
        "some",
        "many",
        "various",
        "other",
        "others",
        "few",
        "both",
        "all",
        "any",
        "such",
        "these",
        "those",
        "certain",
        "like",
        "including",
        "as",
        "via",
        "using",
        "with",
    ];
    let Some(before) = text
        .get(..range.start)
        .and_then(|before| before.strip_suffix(" ("))
    else {
        return false;
    };
    let lower = |word: &str| word.to_ascii_lowercase();
    // The last two words are the writer's own: no article or determiner, no markup.
    let words: Vec<&str> = before.rsplit(' ').take(2).collect();
    let gloss = words.len() == 2
        && words.iter().all(|word| {
            word.chars().any(char::is_alphabetic)
                && word.chars().all(|c| c.is_alphanumeric() || c == '-')
                && !matches!(
                    lower(word).as_str(),
                    "a" | "an" | "the" | "this" | "that" | "our" | "its" | "their" | "your"
                )
        })
        // "many fine-tuning methods (LoRA)": a word before the two counts them too.
        && !before
            .rsplit(' ')
            .take(3)
            .any(|word| EXAMPLE_OF.contains(&lower(word).as_str()));
    gloss
        && text
            .get(range.end..)
            .is_some_and(|after| after.starts_with(')'))
}

/// Whether the use `u` stands alone in parentheses after the writer's words as a gloss
/// ([`glossed_in_parentheses`]), and not as a table cell's qualifier: in "| ✅ Full compatibility
/// (MLA)<br>— Not applicable (GQA) |" the parenthesis says which backend the value holds for, and
/// neither word before it starts as the acronym does, as a long form would, so the writer attempted
/// no definition ("| token-to-token latency (TPOT) |" may be one). In running text such words are
/// still a gloss or the kind of thing the acronym is ("we support Speculative decoding (MTP)").
pub(super) fn glosses(text: &str, u: &AcronymUse) -> bool {
    glossed_in_parentheses(text, &u.range) && !qualifies_a_cell(text, u)
}

/// Whether the use `u`, alone in parentheses in a table cell or a link text, follows two words
/// neither of which starts with the acronym's first letter (see [`glosses`]).
fn qualifies_a_cell(text: &str, u: &AcronymUse) -> bool {
    let Some(initial) = u
        .acronym
        .chars()
        .next()
        .map(|c| c.to_lowercase().to_string())
    else {
        return false;
    };
    let before = text
        .get(..u.range.start)
        .and_then(|before| before.strip_suffix(" ("))
        .unwrap_or_default();
    u.surroundings.in_table_or_link
        && !before
            .rsplit(' ')
            .take(2)
            .any(|word| word.to_lowercase().starts_with(&initial))
}

/// The first use in a table's label cell (`| MLA |`), when it comes before the first use in body
/// text `first`: the reader meets the acronym there, so the finding stands there, and its fix at the
/// first use a fix can safely edit.
/// A label cell that glosses it ("| token-to-token latency (TPOT) |") is not taken: the first use
/// in body text is then where the writer's gloss is told apart, as it was before.
pub(super) fn label_before<'a>(
    text: &str,
    label: Option<&'a AcronymUse>,
    first: &AcronymUse,
) -> Option<&'a AcronymUse> {
    label.filter(|label| label.range.start < first.range.start && !glosses(text, label))
}

/// Whether the last word before the parenthesis that holds the acronym at `range` is the long
/// form's last word, in either number: "a small language model (LLM)", "add human feedback (RLHF)".
pub(super) fn ends_as(text: &str, range: &std::ops::Range<usize>, long_form: &str) -> bool {
    let last = |words: &str| {
        words
            .rsplit([' ', '-'])
            .next()
            .map(|word| word.to_lowercase())
            .unwrap_or_default()
    };
    let before = last(
        text.get(..range.start)
            .and_then(|before| before.strip_suffix(" ("))
            .unwrap_or_default(),
    );
    let wanted = last(long_form);
    !wanted.is_empty() && (before == wanted || before.strip_suffix('s') == Some(wanted.as_str()))
}

/// The related place's message at a long form written far before the first use, without the acronym.
const WRITTEN_WITHOUT_THE_ACRONYM: &str = "its long form, written without the acronym";

/// The related place's message at that long form, when the fix adds the acronym there.
const ACRONYM_ADDED_HERE: &str =
    "its long form, written without the acronym: the fix adds the acronym here";

/// The related place's message at the use a fix edits, when that use no longer serves the first
/// ([`Reach`]).
pub(super) const FAR_BELOW: &str = "the first use a fix can safely edit, far below the first use: the fix is offered, not applied automatically";
pub(super) const IN_A_LATER_SECTION: &str = "the first use a fix can safely edit, in a later section than the first use: the fix is offered, not applied automatically";

/// What an `acronym-not-spelled-out` finding is made of.
struct NotSpelledOut<'a> {
    text: &'a str,
    entries: &'a [Entry],
    acronym: &'a str,
    first: &'a AcronymUse,
    /// A table's label cell before `first`, where the finding then stands (see [`label_before`]).
    label: Option<&'a AcronymUse>,
    body_uses: &'a [&'a AcronymUse],
    related: Vec<Related>,
    line_of: &'a dyn Fn(usize) -> crate::analysis::LineName,
    /// Whether a spelled-out form at a byte (the second argument) serves a first use that ends at
    /// the first: [`Reach::of`] the document's headings.
    reach: &'a dyn Fn(usize, usize) -> Reach,
    /// The document's term uses, in order (a restatement after the acronym may begin one).
    terms: &'a [TermUse],
}

impl NotSpelledOut<'_> {
    /// The finding at the first use, with a fix per meaning (each with the long form to write) at the
    /// first use a fix may edit; the fix is preferred only when the meaning is certain. `earlier` is
    /// where the writer wrote the long form too far back to explain the first use.
    fn finding(self, meanings: &[(&Entry, &str)], earlier: Option<Earlier>) -> Finding {
        let NotSpelledOut {
            text,
            entries,
            acronym,
            first,
            label,
            body_uses,
            mut related,
            line_of,
            reach,
            terms,
        } = self;
        // Where the reader meets the acronym first: the finding stands there.
        let met = label.unwrap_or(first);
        let written = text.get(met.range.clone()).unwrap_or(acronym).to_string();
        let expansions: Vec<&str> = meanings.iter().map(|(_, long_form)| *long_form).collect();
        let target = body_uses.iter().find(|u| u.surroundings.editable);
        // "Speculative decoding (MTP)": the acronym alone in parentheses after the writer's words,
        // which the definition finder did not read as its long form (and which are none of the
        // entry's, or the finding would not be here). Whether the words are a looser gloss or the
        // acronym names an instance of them, its long form goes inside that parenthesis: one
        // stacked on the writer's words ("Speculative decoding (Multi-Token Prediction (MTP))"),
        // or a second one further down, would read as nonsense.
        // "methods supported by PEFT": the acronym also names a library, which its long form would
        // turn into the method. Only the writer knows which one a use means.
        let also_names = match meanings {
            [(meaning, _)] => meaning.also_names.as_deref(),
            _ => None,
        };
        // "the Hugging Face library (PEFT)" may name the library: not read as a wrong gloss.
        // A gloss of a later use is no longer where the reader meets the acronym.
        let gloss_position = label.is_none() && glosses(text, first) && also_names.is_none();
        // "Large Language Models exhibit …" lines above the first use: the writer spelled it out
        // there, without the acronym, and a fix adds it there rather than a second long form at
        // the first use ("(LLMs)"). Not when the first use completes or glosses a long form of its
        // own, which the fixes below read, nor when the acronym also names software, whose
        // message asks the writer about the first use.
        let added = earlier
            .as_ref()
            .filter(|e| e.range.end <= met.range.start && !gloss_position && also_names.is_none())
            .and_then(|e| {
                Some(TextEdit {
                    range: e.range.end..e.range.end,
                    replacement: e.addition.clone()?,
                })
            })
            .filter(|_| {
                meanings.len() == 1
                    && meanings
                        .iter()
                        .all(|(_, long_form)| completing_edit(text, first, long_form).is_none())
            });
        // "a Language Model (LLM)" is completed where it stands; otherwise the first use a fix may
        // edit is spelled out, in the spelling that fits there.
        let edits: Vec<TextEdit> = meanings
            .iter()
            .filter_map(|&(meaning, long_form)| {
                if let Some(edit) = &added {
                    return Some(edit.clone());
                }
                completing_edit(text, first, long_form).or_else(|| {
                    if gloss_position {
                        // "a small language model (LLM)": words that end as the long form does
                        // name something else of its kind, and the acronym may be the slip; a
                        // long form beside them would contradict them. The writer decides.
                        if ends_as(text, &first.range, long_form) {
                            return None;
                        }
                        if let Some(edit) = inside_parentheses_edit(text, first, long_form, false) {
                            return Some(edit);
                        }
                    }
                    // "RAGs", "a larger TP": the long form's head may have no plural, nor take
                    // "a" ("retrieval-augmented generations", "a larger tensor parallelism" are
                    // no English), so only the writer can reword the sentence.
                    let target =
                        target.filter(|t| unreadable_spelled_out(text, t, long_form).is_none())?;
                    let spellings = other_spellings(entries, meaning, long_form);
                    let fitting = fitting_long_form(text, target, long_form, &spellings);
                    Some(spell_out_edit(text, target, fitting, false, terms))
                })
            })
            .collect();
        let expansion = expansions.first().copied().unwrap_or_default();
        let certain = expansions.len() == 1;
        // The first use is plural, or counted by "a", and its long form may be neither: no fix,
        // and the message says why.
        let reword = edits
            .is_empty()
            .then(|| unreadable_spelled_out(text, first, expansion))
            .flatten();
        let shown = match (edits.first(), &earlier) {
            (Some(edit), Some(earlier)) if added.is_some() => format!(
                "{}{}",
                text.get(earlier.range.clone()).unwrap_or_default(),
                edit.replacement
            ),
            (Some(edit), _) => without_changed_article(text, edit).to_string(),
            (None, _) if reword.is_some() => {
                spelled_out(&prose_form(expansion), acronym, false, false)
            }
            (None, _) => spelled_out(&prose_form(expansion), &written, first.plural, false),
        };
        let elsewhere = edits
            .first()
            .filter(|edit| !within(&met.range, &edit.range))
            .map(|edit| edit.range.clone());
        // A spelled-out form that no longer serves an uneditable first use ("the FFN/MoE
        // computation", a link text), far below it or under a later heading, lands where the reader
        // no longer needs it, and one below a first use the writer glossed in their own words
        // ("increasing token-to-token latency (TPOT)") gives the reader a second expansion: either
        // is offered, but not applied by `--fix`.
        let reached = elsewhere
            .as_ref()
            .map_or(Reach::Serves, |range| reach(met.range.end, range.start));
        let far = reached != Reach::Serves;
        let glossed = elsewhere.is_some() && label.is_none() && glosses(text, first);
        // Only the writer knows whether their words are meant as the acronym's gloss ("increasing
        // token-to-token latency (TPOT)") or the acronym as an instance of them ("Speculative
        // decoding (MTP)"), so a long form written into their parenthesis is offered, not applied.
        let in_their_parenthesis =
            gloss_position && edits.first().is_some_and(|edit| edit.range == first.range);
        // "a Language Model (LLM)" is completed where it stands: those words are part of its long form.
        let completed = edits
            .first()
            .is_some_and(|edit| edit.range.start < first.range.start);
        let wrong_gloss = gloss_position && !completed;
        if let Some(range) = &elsewhere {
            let message = if added.is_some() {
                ACRONYM_ADDED_HERE
            } else if reached == Reach::Far {
                FAR_BELOW
            } else if reached == Reach::LaterSection {
                IN_A_LATER_SECTION
            } else if glossed {
                "the first use a fix can safely edit; the first use is glossed in the writer's words, so the fix is offered, not applied automatically"
            } else {
                "the fix spells it out here, the first use it can safely edit"
            };
            // Said once per place: the use the fix edits is not also "also used here".
            related.retain(|r| !within(&r.range, range));
            // The writer's words the acronym is added after, rather than the empty place between.
            let shown_at = match (&added, &earlier) {
                (Some(_), Some(earlier)) => earlier.range.clone(),
                _ => range.clone(),
            };
            related.insert(
                0,
                Related {
                    range: shown_at,
                    message: message.to_string(),
                    elsewhere: None,
                },
            );
        }
        let mut fixes: Vec<Fix> = edits
            .into_iter()
            .map(|edit| Fix {
                title: match elsewhere {
                    None if in_their_parenthesis => {
                        format!("Spell out in the parentheses: ({})", edit.replacement)
                    }
                    Some(_) if added.is_some() => {
                        format!("Add the acronym on {}: {shown}", line_of(edit.range.start))
                    }
                    Some(_) => format!(
                        "Spell out on {}: {}",
                        line_of(edit.range.start),
                        edit.replacement
                    ),
                    None => format!("Spell out: {}", edit.replacement),
                },
                preferred: certain
                    && !far
                    && !glossed
                    && !in_their_parenthesis
                    && also_names.is_none(),
                action: FixAction::Edit { edits: vec![edit] },
            })
            .collect();
        fixes.push(ignore_fix(acronym));
        // Every use stands where an edit would break the text ("DP/EP deployments", "(NVLink, RoCE,
        // IB, EFA, etc)", a link text): the report would show no help line and the writer would
        // not know why; the message says it.
        let unfixable = certain
            && reword.is_none()
            && !wrong_gloss
            && !fixes
                .iter()
                .any(|fix| matches!(fix.action, FixAction::Edit { .. }));
        let mut message = if certain && wrong_gloss {
            // The words before "(MTP)" say something, but not what it stands for: the writer
            // reads which words are not its long form and what is.
            format!(
                "`{acronym}` is not spelled out in this document, and the words before “({written})” are not its long form: it stands for “{}”",
                prose_form(expansion)
            )
        } else if let (true, Some(software)) = (certain, also_names) {
            format!(
                "`{acronym}` is not spelled out in this document: write “{shown}” at its first use, unless it names {software} there"
            )
        } else if let (true, Some(reword)) = (certain, &reword) {
            // Only a likely mass noun ("generation", "parallelism"): said as a reason to reword,
            // not as a fact about the word, which some heads of that shape are not ("adaptations").
            format!(
                "`{acronym}` is not spelled out in this document: write “{shown}” at its first use, {reword}"
            )
        } else if let (true, Some(earlier)) = (certain, &earlier) {
            // "Not spelled out" alone would read as untrue to a writer who knows they wrote the long
            // form out: the message says where, and that the acronym is what it lacks there. Where
            // the acronym may not go there (a heading, a link's text), the first use is spelled out.
            let line = line_of(earlier.range.start);
            let long_form = text.get(earlier.range.clone()).unwrap_or_default();
            if added.is_some() {
                format!(
                    "`{acronym}` is not spelled out in this document: “{long_form}” on {line} does not give the acronym; write “{shown}” there"
                )
            } else {
                format!(
                    "`{acronym}` is not spelled out in this document (“{long_form}” on {line} does not give the acronym): write “{shown}” at its first use"
                )
            }
        } else if certain {
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
        if unfixable {
            message.push_str(
                " (no fix is offered: no use stands where a fix can safely spell it out)",
            );
        }
        if let (true, Some(Earlier { range, .. }), None) = (certain, earlier, &added) {
            related.push(Related {
                range,
                message: WRITTEN_WITHOUT_THE_ACRONYM.to_string(),
                elsewhere: None,
            });
        }
        Finding {
            code: Code::AcronymNotSpelledOut,
            severity: super::Severity::Warning,
            range: met.range.clone(),
            token: written,
            acronym: acronym.to_string(),
            message,
            expansion: certain.then(|| expansion.to_string()),
            related,
            fixes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The range of the acronym in the first "(acronym" of `text`.
    fn in_parentheses(text: &str, acronym: &str) -> std::ops::Range<usize> {
        let start = text.find(&format!("({acronym}")).expect("the acronym") + 1;
        start..start + acronym.len()
    }

    #[test]
    fn a_parenthesis_after_the_writers_words_is_a_gloss_and_after_a_count_an_example() {
        for gloss in [
            (
                "LMDeploy now supports Speculative decoding (MTP) for DeepSeek-V3.",
                "MTP",
            ),
            (
                "Batching raises token-to-token latency (TPOT) and hurts.",
                "TPOT",
            ),
            ("We cut over-long contexts (RoPE) short.", "RoPE"),
            (
                "We serve open-weight chat assistants (LLMs) on one GPU.",
                "LLMs",
            ),
        ] {
            let (text, acronym) = gloss;
            assert!(
                glossed_in_parentheses(text, &in_parentheses(text, acronym)),
                "{text}"
            );
        }
        for not_gloss in [
            // An example of a kind, or a pick among several.
            ("We compare several methods (DPO) here.", "DPO"),
            (
                "Other preference techniques (DPO) skip the reward model.",
                "DPO",
            ),
            (
                "It supports many fine-tuning methods (LoRA) out of the box.",
                "LoRA",
            ),
            // A lone noun, or an article with it.
            ("Fine-tune the model (LLM) first.", "LLM"),
            // Not alone in its parenthesis, or markup before it.
            ("Shard it (FSDP enables sharding).", "FSDP"),
            ("We support **Speculative decoding** (MTP) now.", "MTP"),
            ("As in Table 2 (DPO), the loss drops.", "DPO"),
        ] {
            let (text, acronym) = not_gloss;
            assert!(
                !glossed_in_parentheses(text, &in_parentheses(text, acronym)),
                "{text}"
            );
        }
    }

    #[test]
    fn words_that_end_as_the_long_form_does_are_told_from_other_words() {
        let ends = |text: &str, acronym: &str, long_form: &str| {
            ends_as(text, &in_parentheses(text, acronym), long_form)
        };
        assert!(ends(
            "We tune a small language model (LLM) first.",
            "LLM",
            "large language model"
        ));
        assert!(ends(
            "We serve small language models (LLMs) here.",
            "LLMs",
            "large language model"
        ));
        assert!(ends(
            "- Add human feedback (RLHF)",
            "RLHF",
            "reinforcement learning from human feedback"
        ));
        assert!(!ends(
            "LMDeploy now supports Speculative decoding (MTP) for DeepSeek-V3.",
            "MTP",
            "multi-token prediction"
        ));
        assert!(!ends(
            "We halve the attention cache (KV) with quantization.",
            "KV",
            "key-value"
        ));
    }
}
