//! The first-use rules: one finding per acronym, at its first use in body text, with related places and
//! fixes. Headings never count as a first use and never get findings.
//!
//! | code | when |
//! |---|---|
//! | `acronym-not-spelled-out` | a glossary acronym writers spell out is used in body text and never defined |
//! | `acronym-used-before-definition` | the document defines it, but uses it earlier in body text |
//! | `undefined-acronym` | an acronym-like token no glossary knows, never defined, not ignored |
//! | `redundant-definition` | defined again in body text after its first definition |
//! | `inconsistent-expansion` | one acronym spelled out two different ways in the document |
//! | `acronym-used-once` | introduced ("Long Form (ACR)") and never used again |
//! | `long-form-after-definition` | the long form written again after the definition, same section (off by default) |
//! | `non-canonical-spelling` | a glossary name written in a spelling the glossary calls wrong, or a slip in a definition's long form |
//!
//! Each code has its own module; this one gathers every acronym's uses and definitions ([`Acronym`]),
//! asks each rule about it, and orders the findings.

mod acronym_not_spelled_out;
mod acronym_used_before_definition;
mod acronym_used_once;
pub mod inconsistent_expansion;
mod long_form_after_definition;
mod named_in_code;
mod non_canonical_spelling;
mod redundant_definition;
mod slipped_long_form;
mod undefined_acronym;
mod whole_text;

pub use whole_text::{KeptSearches, Searches};

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;

use super::cancel::{Cancel, Cancelled};
use super::document::{AcronymStatus, AcronymUse, Definition, DocumentFacts};
use super::places::counted_by_an_article;
use super::places::Place;
use super::{Code, Finding, Fix, FixAction, GlossaryIndex, Related, Settings, Severity, TextEdit};
use crate::glossary::forms::{article_may_not_read, plural_may_not_read};
use crate::glossary::Entry;

/// How many later uses a finding points at, at most: enough to see the pattern, not a wall of links.
const MAX_RELATED_USES: usize = 5;

/// How far below an uneditable first use a spelled-out form still serves it: about a paragraph, what
/// a reader still has in mind from the first use (see [`Reach`]).
const FAR_FIX_BYTES: usize = 1200;

/// Whether a spelled-out form below a first use that no fix can edit ("(similar to LoRA layers)", a
/// slash list, a link text) still serves that use: one decision for both rules that meet it. A fix
/// of `acronym-not-spelled-out` that spells the acronym out further down is offered but not applied
/// unless it serves; a definition the writer put where it serves is where that fix would have put
/// it, and `acronym-used-before-definition` says nothing of the uses above it. Had the two rules
/// decided apart, `--fix` could write a definition that the next check reports as too late.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Reach {
    /// Close below, in the same section: the reader still has the first use in mind.
    Serves,
    /// More than about a paragraph below.
    Far,
    /// Under a later heading: the reader of the first use has moved on.
    LaterSection,
}

impl Reach {
    /// The reach of a spelled-out form at byte `at` below a first use that ends at `first_end`, in a
    /// document whose headings start at `headings` (sorted).
    fn of(headings: &[usize], first_end: usize, at: usize) -> Reach {
        let next_heading = headings.partition_point(|&start| start < first_end);
        if headings.get(next_heading).is_some_and(|&start| start < at) {
            Reach::LaterSection
        } else if at.saturating_sub(first_end) > FAR_FIX_BYTES {
            Reach::Far
        } else {
            Reach::Serves
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub fn findings(
    text: &str,
    facts: &DocumentFacts,
    entries: &[Entry],
    index: &super::GlossaryIndex,
    settings: &Settings,
    line_of: &dyn Fn(usize) -> crate::analysis::LineName,
    searches: &mut Searches<'_>,
    cancel: &Cancel,
) -> Result<Vec<Finding>, Cancelled> {
    // Acronyms in order of first appearance, with their checked body uses and their definitions:
    // one look-up per token and definition (a 1 MB document has tens of thousands of tokens, and
    // this runs on every analysis).
    let mut slots: HashMap<&str, usize> = HashMap::default();
    let mut groups: Vec<Group> = Vec::new();
    // Most uses of an acronym share one allocation of its name (`AcronymUse::acronym`): looked up
    // by its address, a use costs no hashing of its text. One name has a few addresses (uses kept
    // from earlier analyses); each is looked up by text once.
    let mut by_address: HashMap<*const u8, usize> = HashMap::default();
    for token in &facts.acronyms {
        let address = std::sync::Arc::as_ptr(&token.acronym).cast::<u8>();
        let slot = match by_address.get(&address) {
            Some(&slot) => slot,
            None => {
                let slot = slot_of(&mut slots, &mut groups, &token.acronym);
                by_address.insert(address, slot);
                slot
            }
        };
        if let Some(group) = groups.get_mut(slot) {
            group.take(token);
        }
    }
    for definition in &facts.definitions {
        let slot = slot_of(&mut slots, &mut groups, &definition.acronym);
        if let Some(group) = groups.get_mut(slot) {
            group.defs.push(definition);
        }
    }

    let written = |range: &std::ops::Range<usize>| text.get(range.clone()).map(Cow::Borrowed);
    let document =
        super::meanings::Document::new(entries.len(), &facts.terms, &facts.acronyms, &written);
    let mut out = Vec::new();
    for (n, group) in groups.iter_mut().enumerate() {
        if n % CHECK_ACRONYMS == 0 {
            cancel.check()?;
        }
        if group.skipped {
            continue;
        }
        group.read_known_uses_in_the_documents_meaning(entries);
        let subject = group.subject(text, line_of);
        let found = acronym_not_spelled_out::finding(
            &subject,
            entries,
            index,
            facts,
            settings,
            searches.named_in_code(),
            &document,
        )
        .into_iter()
        .chain(undefined_acronym::finding(&subject, entries, searches))
        .chain(acronym_used_before_definition::finding(
            &subject, entries, facts,
        ))
        .chain(redundant_definition::findings(&subject, facts))
        .chain(inconsistent_expansion::finding(&subject))
        .chain(slipped_long_form::findings(&subject, entries, index))
        // Off by default, and it looks at every token: not worked out unless it is on.
        .chain(
            settings
                .severity_of(Code::AcronymUsedOnce)
                .and_then(|_| acronym_used_once::finding(&subject, facts)),
        );
        for finding in found {
            push(&mut out, settings, finding);
        }
    }
    cancel.check()?;
    for finding in long_form_after_definition::findings(text, facts, line_of) {
        push(&mut out, settings, finding);
    }
    cancel.check()?;
    for finding in non_canonical_spelling::findings(text, facts, entries) {
        push(&mut out, settings, finding);
    }
    cancel.check()?;
    out.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
    });
    one_finding_per_token(&mut out);
    leave_aligned_tables_to_the_writer(&mut out, text, &facts.aligned_tables);
    Ok(out)
}

/// One acronym's checked body uses and definitions, in document order, as [`findings`] gathers them.
#[derive(Default)]
struct Group<'a> {
    acronym: &'a str,
    uses: Vec<&'a AcronymUse>,
    defs: Vec<&'a Definition>,
    /// Its first use in a table's label cell (`| MLA |`): no use, but where the reader meets it.
    table_label: Option<&'a AcronymUse>,
    /// Its body uses in a meaning readers know without help ("CLA", a contributor license
    /// agreement): no uses, unless the document defines it as something else.
    known: Vec<&'a AcronymUse>,
    /// A token of it is common or on the ignore list: no finding for it.
    skipped: bool,
}

impl<'a> Group<'a> {
    /// Adds a token of the group's acronym where the rules read it.
    fn take(&mut self, token: &'a AcronymUse) {
        match token.status {
            AcronymStatus::Checked => {
                // Headings, names, citations and quotations hold acronyms that are not the author's
                // uses: they neither need nor give a first use.
                if token.surroundings.place == Place::Body && !token.defining {
                    self.uses.push(token);
                } else if token.surroundings.table_label && !token.defining {
                    self.table_label.get_or_insert(token);
                }
            }
            AcronymStatus::Common | AcronymStatus::Ignored => self.skipped = true,
            AcronymStatus::Known => {
                if token.surroundings.place == Place::Body && !token.defining {
                    self.known.push(token);
                }
            }
        }
    }

    /// "shrinking the KV cache (GQA, MLA, CLA)", then "### Cross-Layer Attention (CLA)": readers
    /// know CLA as a contributor license agreement, which is not what the document means, so they
    /// meet its meaning unexplained. When no definition in the document may mean the glossary's
    /// meaning of the known uses (its long form shares no word with any of that entry's forms),
    /// they are uses like any other.
    fn read_known_uses_in_the_documents_meaning(&mut self, entries: &[Entry]) {
        if self.known.is_empty() || self.defs.is_empty() {
            return;
        }
        let another_meaning = |u: &&AcronymUse| {
            u.entry.and_then(|e| entries.get(e)).is_some_and(|entry| {
                self.defs
                    .iter()
                    .all(|d| !inconsistent_expansion::may_mean(&d.long_form, entry))
            })
        };
        if !self.known.iter().all(another_meaning) {
            return;
        }
        self.uses.append(&mut self.known);
        self.uses.sort_by_key(|u| u.range.start);
    }

    /// The group as the rules read it.
    fn subject<'s>(
        &'s self,
        text: &'s str,
        line_of: &'s dyn Fn(usize) -> crate::analysis::LineName,
    ) -> Acronym<'s> {
        Acronym {
            text,
            acronym: self.acronym,
            body_uses: &self.uses,
            defs: &self.defs,
            table_label: self.table_label,
            line_of,
        }
    }
}

/// Where the group of `acronym` is in `groups`, added after the others the first time it is asked
/// for.
fn slot_of<'a>(
    slots: &mut HashMap<&'a str, usize>,
    groups: &mut Vec<Group<'a>>,
    acronym: &'a str,
) -> usize {
    *slots.entry(acronym).or_insert_with(|| {
        groups.push(Group {
            acronym,
            ..Group::default()
        });
        groups.len() - 1
    })
}

/// How many acronyms [`findings`] works through between two cancellation checks (the rules are
/// pure: stopping leaves nothing behind).
const CHECK_ACRONYMS: usize = 32;

/// The `acronym-not-spelled-out` finding `found` with `long_form` written in place of the glossary's
/// expansion (in its fixes, message and expansion), made from the analysis's acronym uses as
/// [`findings`] made it; `None` when it cannot be (see `acronym_not_spelled_out::in_other_words`).
pub use acronym_not_spelled_out::in_other_words as not_spelled_out_in_other_words;

/// A fix that changes the width of a line of a table laid out by columns ("| Huggingface |" → "|
/// Hugging Face |" in a reStructuredText grid table) breaks the table: whatever rule made it, it is
/// offered, not applied by `--fix`, and a note at the edit says why.
fn leave_aligned_tables_to_the_writer(
    out: &mut [Finding],
    text: &str,
    tables: &[std::ops::Range<usize>],
) {
    if tables.is_empty() {
        return;
    }
    let breaks_a_table = |edit: &TextEdit| {
        tables
            .iter()
            .any(|table| table.start <= edit.range.end && edit.range.start <= table.end)
            && text
                .get(edit.range.clone())
                .is_none_or(|old| old.chars().count() != edit.replacement.chars().count())
    };
    for finding in out {
        let mut breaking = None;
        for fix in &mut finding.fixes {
            if let FixAction::Edit { edits } = &fix.action {
                if let Some(edit) = edits.iter().find(|edit| breaks_a_table(edit)) {
                    fix.preferred = false;
                    breaking.get_or_insert_with(|| edit.range.clone());
                }
            }
        }
        if let Some(range) = breaking {
            finding.related.push(Related {
                range,
                message: "a table laid out by columns: the fix would change the width of this line, so it is offered, not applied automatically".to_string(),
                elsewhere: None,
            });
        }
    }
}

/// A misspelled acronym that is also a first use ("[LORA](…)" never spelled out) gets one finding,
/// not two on the same token: the first-use finding names it as the glossary spells it ("`LoRA` is not
/// spelled out"), and its spell-out writes it so. Its message opens with the spelling, so that the
/// writer learns it even where that spell-out lands elsewhere (the spelling is then reported by the
/// next check, once the acronym is defined).
fn one_finding_per_token(out: &mut Vec<Finding>) {
    let other_on_the_token = |i: usize| {
        let f = out.get(i)?;
        (f.code == Code::NonCanonicalSpelling)
            .then(|| {
                [i.wrapping_sub(1), i + 1].into_iter().find(|&j| {
                    out.get(j)
                        .is_some_and(|other| other.range == f.range && other.code != f.code)
                })
            })
            .flatten()
    };
    let merged: Vec<(usize, usize)> = (0..out.len())
        .filter_map(|i| Some((i, other_on_the_token(i)?)))
        .collect();
    for &(spelling, other) in &merged {
        let said = out.get(spelling).map(|f| f.message.clone());
        if let (Some(said), Some(other)) = (said, out.get_mut(other)) {
            other.message = format!("{said}, and {}", other.message);
        }
    }
    let mut keep = (0..out.len())
        .map(|i| !merged.iter().any(|&(spelling, _)| spelling == i))
        .collect::<Vec<_>>()
        .into_iter();
    out.retain(|_| keep.next().unwrap_or(true));
}

/// One acronym of a document: its checked uses in body text and its definitions, each in document
/// order. Every rule reads one of these.
struct Acronym<'a> {
    text: &'a str,
    acronym: &'a str,
    body_uses: &'a [&'a AcronymUse],
    defs: &'a [&'a Definition],
    /// Its first use in a table's label cell (see `acronym_not_spelled_out::label_before`).
    table_label: Option<&'a AcronymUse>,
    line_of: &'a dyn Fn(usize) -> crate::analysis::LineName,
}

impl<'a> Acronym<'a> {
    /// Where the reader meets the acronym first: its first use in body text, and the table's label
    /// cell before it that then takes the finding (see `acronym_not_spelled_out::label_before`).
    fn first_met(&self) -> Option<(&'a AcronymUse, Option<&'a AcronymUse>)> {
        let first = *self.body_uses.first()?;
        let label = acronym_not_spelled_out::label_before(self.text, self.table_label, first);
        Some((first, label))
    }

    /// The uses after the one a finding stands at, as related places: all of them when it stands at
    /// a label cell `label` (see [`Acronym::first_met`]).
    fn related_to_first_met(&self, label: Option<&AcronymUse>) -> Vec<Related> {
        self.related_uses(if label.is_some() { 0 } else { 1 })
    }

    /// The uses after the first `skip`, as related places (at most [`MAX_RELATED_USES`]).
    fn related_uses(&self, skip: usize) -> Vec<Related> {
        let acronym = self.acronym;
        self.body_uses
            .iter()
            .skip(skip)
            .take(MAX_RELATED_USES)
            .map(|u| Related {
                range: u.range.clone(),
                message: format!("`{acronym}` is also used here"),
                elsewhere: None,
            })
            .collect()
    }

    /// A use as the document writes it.
    fn written(&self, u: &AcronymUse) -> String {
        self.text
            .get(u.range.clone())
            .unwrap_or(self.acronym)
            .to_string()
    }
}

/// Adds a finding with the configured severity, unless its code is turned off.
fn push(out: &mut Vec<Finding>, settings: &Settings, mut finding: Finding) {
    if let Some(severity) = settings.severity_of(finding.code) {
        finding.severity = severity;
        out.push(finding);
    }
}

/// Why the long form cannot be written at `target` for the writer, said as the message ends: a
/// plural whose long form may have none ("RAGs": "retrieval-augmented generations" is no English),
/// or a use counted by "a" whose long form does not take it ("a larger TP": "a larger tensor
/// parallelism"). `None` where it reads. Both rules that spell an acronym out ask it.
fn unreadable_spelled_out(text: &str, target: &AcronymUse, long_form: &str) -> Option<String> {
    let written = text.get(target.range.clone())?;
    if target.plural {
        return plural_may_not_read(long_form).then(|| {
            format!("rewording the sentence around the plural “{written}” (no fix is offered: a plural of the long form may not read as English)")
        });
    }
    if !article_may_not_read(long_form) {
        return None;
    }
    let article = counted_by_an_article(text, &target.range)?;
    let phrase = text.get(article..target.range.end)?;
    // The phrase the fix would have made, its article fitted to the new first word as a fix's is.
    let (article, modifiers) = text.get(article..target.range.start)?.split_once(' ')?;
    let long_form = super::spelling::prose_form(long_form);
    let counted = format!("{modifiers}{long_form}");
    let article = match (
        article.starts_with('A'),
        super::spelling::takes_an(&counted),
    ) {
        (true, true) => "An",
        (true, false) => "A",
        (false, true) => "an",
        (false, false) => "a",
    };
    Some(format!(
        "rewording the sentence around “{phrase}” (no fix is offered: “{article} {counted}” may not read as English)"
    ))
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
