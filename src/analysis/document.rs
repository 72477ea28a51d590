//! What one document contains, in source byte ranges: the glossary terms it uses, its acronym-like
//! tokens and what each one is, and its definitions.

use std::ops::Range;

use super::blocks::Scans;
use super::cancel::Cancel;
use super::definitions::{DefinitionForm, FoundDefinition};
use super::flat::Flat;
use super::places::{Place, Places, Surroundings};
use super::prose::{Moved, Prose};
use super::spelling::same_words;
use super::tokens::common_acronyms;
use super::{GlossaryIndex, Settings};
use crate::glossary::forms::FormRole;
use crate::glossary::{Entry, Kind};
use crate::text::acronym::singular;
use crate::text::lines::after_last_empty_line;
use crate::text::ranges::first_from;
use crate::text::slice::Slice;

/// A glossary term in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermUse {
    pub range: Range<usize>,
    /// Index into the glossary's entries.
    pub entry: usize,
    pub role: FormRole,
    pub plural: bool,
    pub heading: bool,
    /// In the author's own words: running text, a heading or a label, not a quotation, a citation or
    /// a name. A long form written out there explains an acronym first used just after it (or just
    /// before it, in the same sentence), so this is worked out only for written-out terms in the
    /// explaining window ([`explaining_window_start`]) or the rest of the sentence of a checked
    /// acronym's first body use; elsewhere it is true.
    pub own_words: bool,
    /// A fix may write the acronym right after it: it stands in the writer's running text, outside
    /// link texts, where a fix may edit. Worked out only for the first long form in the writer's
    /// own words before the first body use of an acronym the document never defines
    /// ([`mark_long_forms_before`]); false elsewhere.
    pub acronym_may_follow: bool,
    /// Written in a spelling the glossary calls wrong ("Pytorch"): see [`DocumentFacts::misspellings`].
    pub wrong_form: bool,
}

/// A glossary name written in a spelling the glossary calls wrong, where the author wrote it as prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misspelling {
    pub range: Range<usize>,
    /// Index into the glossary's entries.
    pub entry: usize,
    /// A fix may replace it: the source reads exactly as the prose (no markup inside the name).
    pub editable: bool,
    /// It stands in a heading, whose text is also the anchor that links point to.
    pub heading: bool,
}

/// What an acronym-like token is, which decides whether the first-use rules apply to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcronymStatus {
    /// The first-use rules apply: a glossary acronym writers spell out, or an acronym no glossary knows.
    Checked,
    /// On the built-in list of universally known acronyms.
    Common,
    /// On the project's ignore list.
    Ignored,
    /// A glossary name or term that is not spelled out (vLLM, NVLink, the "KV" of "KV cache").
    Known,
}

/// An acronym-like token in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcronymUse {
    pub range: Range<usize>,
    /// The acronym, singular ("LLM" for "LLMs"). Shared: a block's memo keeps its tokens' uses
    /// from one analysis to the next, and each analysis takes a copy of every kept one. The uses
    /// one analysis makes of one acronym share one allocation ([`shared_name`]), so that the rules
    /// group most uses by its address rather than by hashing its text.
    pub acronym: std::sync::Arc<str>,
    pub plural: bool,
    /// Where it stands: whether it is a use, and whether a fix may edit it.
    pub surroundings: Surroundings,
    /// The glossary entry it stands for, if any.
    pub entry: Option<usize>,
    /// This token is the acronym of a definition ("(GRPO)" in "Group … (GRPO)").
    pub defining: bool,
    pub status: AcronymStatus,
}

/// An in-document definition of an acronym.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// Singular ("LLM" for "(LLMs)").
    pub acronym: String,
    /// The acronym as written in the definition ("LLMs").
    pub written: String,
    /// The long form as a reader reads it (markup removed).
    pub long_form: String,
    pub acronym_range: Range<usize>,
    pub long_form_range: Range<usize>,
    /// The whole definition, long form and acronym.
    pub span: Range<usize>,
    /// The span's source text is exactly what a reader reads (no markup inside): fixes may rewrite it.
    pub plain: bool,
    pub form: DefinitionForm,
    pub heading: bool,
    /// In someone else's words (a quoted abstract), which repeat definitions freely and are never
    /// edited.
    pub quoted: bool,
    /// Abbreviation lines define for the whole document, wherever they stand.
    pub whole_document: bool,
    /// In a link's text, naming the linked work ("[Activation-aware Weight Quantization (AWQ)](…)"):
    /// a fix cannot cut it out without changing the link, and written again it is no redundancy.
    pub linked: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentFacts {
    pub terms: Vec<TermUse>,
    pub acronyms: Vec<AcronymUse>,
    pub definitions: Vec<Definition>,
    /// Where each heading starts (source offsets, ascending): sections for the redundancy rule.
    pub headings: Vec<usize>,
    /// Names written in a wrong spelling in the author's prose, in document order.
    pub misspellings: Vec<Misspelling>,
    /// Long forms written out again after their acronym's definition, in its section (worked out only
    /// when `long-form-after-definition` is on).
    pub long_forms_again: Vec<LongFormAgain>,
    /// The fenced code blocks the prose reading found (source offsets, ascending): the
    /// [explaining window](explaining_window_start) reads past them.
    pub fenced_code: Vec<Range<usize>>,
    /// The tables laid out by character columns (source offsets, ascending): no fix may change the
    /// width of their lines.
    pub aligned_tables: Vec<Range<usize>>,
}

/// A long form spelled out again in running text after the document introduced its acronym, in the
/// same section: "Reinforcement learning (RL) … reinforcement learning is".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongFormAgain {
    pub range: Range<usize>,
    /// The acronym as the definition writes it, singular ("LLM").
    pub acronym: String,
    pub plural: bool,
    /// The definition's acronym.
    pub definition: Range<usize>,
    /// A fix may put the acronym there.
    pub editable: bool,
}

/// How much of the document-wide step runs between two cancellation checks, in blocks whose tokens
/// a memo gives (or that hold none); a token placed afresh counts as [`TOKEN_WORK`] of them. About
/// 0.1–0.3 ms on this machine's 1 MB benchmark: a stale analysis stops within that of its
/// replacement, and a request gets the pause at the checks as soon.
const CHECK_WORK: usize = 256;
const TOKEN_WORK: usize = 16;

/// Collects terms, acronym uses and definitions from a document's prose and what its blocks hold
/// ([`Scans`]).
///
/// Checks `cancel` every [`CHECK_WORK`] and between its stages. When it stops it hands back, as
/// `Err`, the memos of the last analysis in document order (one per block, as `scans` brought
/// them): a memo it reused is put back as it was (a reuse changes nothing in it), one it made is
/// dropped. The next analysis then starts from the same memos as if this one had never begun.
#[allow(clippy::too_many_arguments)]
pub fn collect(
    text: &str,
    prose: &Prose,
    flat: &Flat,
    mut scans: Scans,
    (entries, index): (&[Entry], &GlossaryIndex),
    settings: &Settings,
    (memo_base, unwritten, moved): (
        Option<&super::blocks::MemoBase>,
        &mut rustc_hash::FxHashSet<Box<str>>,
        Option<Moved>,
    ),
    cancel: &Cancel,
) -> Result<(DocumentFacts, Memos), Memos> {
    // Terms come in document order: their blocks are looked up walking forward.
    let last_block = std::cell::Cell::new(0);
    let heading_at = |flat_offset: usize| {
        flat.block_at_from(flat_offset, &last_block)
            .is_some_and(|b| b.heading)
    };
    let matches = std::mem::take(&mut scans.matches);
    let tokens = std::mem::take(&mut scans.tokens);
    let found = std::mem::take(&mut scans.definitions);
    let mut old_memos = std::mem::take(&mut scans.memos);
    let spelled_out = |word: &str| {
        index
            .acronyms
            .get(word)
            .and_then(|&e| entries.get(e))
            .is_some_and(|e| {
                e.acronym.as_deref() == Some(word) && e.must_spell_out_for(settings.audience)
            })
    };
    let mut places = Places::new(text, prose, flat, &scans, &spelled_out);
    // Terms come block by block with the tokens below: a block whose memo holds takes their source
    // ranges from it.
    let mut terms_to_source = flat.cursor();
    let mut term_of =
        |m: &super::matcher::TermMatch, range: Option<Range<usize>>, heading: Option<bool>| {
            TermUse {
                range: range.unwrap_or_else(|| terms_to_source.range_to_source(m.range.clone())),
                entry: m.entry,
                role: m.role,
                plural: m.plural,
                heading: heading.unwrap_or_else(|| heading_at(m.range.start)),
                // Worked out below, for the few terms that matter.
                own_words: true,
                acronym_may_follow: false,
                wrong_form: m.wrong_form,
            }
        };
    let mut terms: Vec<TermUse> = Vec::with_capacity(matches.len());
    let mut next_match = 0;

    let definitions = definitions(
        text,
        prose,
        flat,
        found,
        (entries, index, &matches),
        &mut places,
    );

    let defining_ranges: rustc_hash::FxHashSet<Range<usize>> = definitions
        .iter()
        .filter(|d| !d.whole_document)
        .map(|d| d.acronym_range.clone())
        .collect();
    // The same, in order (the definitions are sorted by their acronyms' ranges), for the memos.
    let defining_in_order: Vec<Range<usize>> = definitions
        .iter()
        .filter(|d| !d.whole_document)
        .map(|d| d.acronym_range.clone())
        .collect();
    let common = common_acronyms();
    let mut acronyms = Vec::with_capacity(tokens.len());
    let mut answers = Answers {
        flat_text: &flat.text,
        entries,
        index,
        matches: &matches,
        definitions: &definitions,
        lower: Default::default(),
        unwritten,
        long_form: Default::default(),
        defined: None,
        known: Default::default(),
    };
    // Tokens come in document order, as the terms did, block by block: a block whose memo still
    // holds (see `TokenMemo`) takes its tokens' results from it, the others are worked out afresh.
    let mut to_source = flat.cursor();
    let last_match = std::cell::Cell::new(0);
    let mut tokens = tokens.into_iter();
    // Memos made with other settings are of no use (`KeptBlocks::take_memo_base`).
    let memos_hold = memo_base.is_some();
    let kept_keys = KeptKeys::new(moved, memo_base, flat.blocks.len());
    let mut memos: Vec<BlockMemo> = Vec::with_capacity(flat.blocks.len());
    let (last_piece, last_defining) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    let mut key = MemoKey::default();
    let mut names = rustc_hash::FxHashSet::default();
    let mut reused = 0;
    // For each block with a memo, in document order: the index of its first term and the block's.
    let mut memo_terms: Vec<(usize, usize)> = Vec::new();
    // The blocks whose memo was reused, to give the memos back if the analysis stops (a memo is
    // not changed by its reuse).
    let mut moved: Vec<usize> = Vec::new();
    let stopped = |memos: Vec<BlockMemo>, moved: &[usize], mut old_memos: Vec<BlockMemo>| {
        let mut memos = memos;
        for &block in moved {
            let memo = memos.get_mut(block).and_then(Option::take);
            if let (Some(memo), Some(slot)) = (memo, old_memos.get_mut(block)) {
                *slot = Some(memo);
            }
        }
        Memos {
            blocks: old_memos,
            reused: 0,
        }
    };
    // The first block checks, after the stages above.
    let mut work = CHECK_WORK;
    for (block_index, block) in flat.blocks.iter().enumerate() {
        if work >= CHECK_WORK {
            work = 0;
            if cancel.check().is_err() {
                return Err(stopped(memos, &moved, old_memos));
            }
        }
        work += 1;
        let count = scans.tokens_in(block_index);
        let block_matches = matches
            .get(next_match..next_match + scans.matches_in(block_index))
            .unwrap_or_default();
        next_match += block_matches.len();
        let old = old_memos.get_mut(block_index).and_then(Option::take);
        if count == 0 {
            terms.extend(block_matches.iter().map(|m| term_of(m, None, None)));
            memos.push(None);
            continue;
        }
        // A token at the start of a block that directly follows an empty one (no break between
        // them: only at the start of the flat text) is placed by the empty block's flags.
        let joined = block_index
            .checked_sub(1)
            .and_then(|i| flat.blocks.get(i))
            .is_some_and(|before| before.range.end >= block.range.start);
        // A block the reading kept away from the edits has the last analysis's layout, regions
        // and source around it, moved (`KeptKeys`): only the rest of its key is made.
        let kept_span = old
            .as_ref()
            .filter(|_| !joined && memos_hold)
            .and_then(|memo| kept_keys.as_ref()?.span_of(block_index, memo));
        let whole_key = |key: &mut MemoKey| {
            key.of(
                text,
                flat,
                block,
                &places,
                &defining_in_order,
                (&last_piece, &last_defining),
            )
        };
        let mut span = match &kept_span {
            Some(span) => key
                .of_kept(text, block, span, &defining_in_order, &last_defining)
                .then(|| span.clone()),
            None if joined => None,
            None => whole_key(&mut key),
        };
        if let (Some(span), Some(mut memo), true) = (span.clone(), old, memos_hold) {
            let holds = memo.terms.len() == block_matches.len()
                && match kept_span {
                    Some(_) => memo.holds_kept(&key, &mut answers, &places),
                    None => memo.holds(&key, text, &span, &mut answers, &places),
                };
            if holds {
                #[cfg(debug_assertions)]
                if kept_span.is_some() {
                    let mut fresh = MemoKey::default();
                    let cells = (&std::cell::Cell::new(0), &std::cell::Cell::new(0));
                    let fresh_span =
                        fresh.of(text, flat, block, &places, &defining_in_order, cells);
                    assert_eq!(fresh_span.as_ref(), Some(&span), "a kept block's span");
                    assert_eq!(fresh, memo.key, "a kept block's key");
                    let window = fresh.window(&span).and_then(|w| text.as_bytes().get(w));
                    assert_eq!(window, Some(&*memo.source), "a kept block's source");
                }
                memo.span = span.clone();
                // A term's source range depends on the block's text and layout alone, and its
                // heading flag on the block's (not joined to an empty one before it: `span`).
                memo_terms.push((terms.len(), block_index));
                terms.extend(
                    block_matches
                        .iter()
                        .zip(&memo.terms)
                        .map(|(m, &[start, end])| {
                            let shift =
                                |n: u32| usize::try_from(n).unwrap_or(usize::MAX) + span.start;
                            term_of(m, Some(shift(start)..shift(end)), Some(block.heading))
                        }),
                );
                acronyms.extend(memo.uses.iter().map(|u| AcronymUse {
                    range: u.range.start + span.start..u.range.end + span.start,
                    ..u.clone()
                }));
                tokens.by_ref().take(count).for_each(drop);
                moved.push(block_index);
                memos.push(Some(memo));
                reused += 1;
                continue;
            }
        }
        if kept_span.is_some() {
            // The memo did not hold: the whole key, for the block's new memo.
            span = whole_key(&mut key);
        }
        work += count * TOKEN_WORK;
        let first_term = terms.len();
        terms.extend(block_matches.iter().map(|m| term_of(m, None, None)));
        let mut asked = Vec::new();
        let first = acronyms.len();
        for token in tokens.by_ref().take(count) {
            let written = flat.text.slice(token.range.clone());
            let token_acronym = token.acronym(&flat.text);
            let range = to_source.range_to_source(token.range.clone());
            let accepted = index
                .entry_for(written)
                .or_else(|| index.entry_for(token_acronym));
            // "LORA" is LoRA misspelled in capitals: one acronym, whose fix writes it as the glossary does.
            // A spelling the glossary accepts ("kNN" beside KNN) stays as written.
            let misspelled = accepted
                .is_none()
                .then(|| {
                    misspelled_entry(&matches, &token.range, flat, &mut |word| {
                        let lower = answers.lower(word);
                        asked.push(Question::Lower(word.into(), lower));
                        lower
                    })
                })
                .flatten();
            let entry = accepted.or(misspelled);
            let acronym = match misspelled {
                Some(e) => canonical_acronym(entries.get(e), token_acronym),
                None => token_acronym.to_string(),
            };
            // "IS correction metrics" beside "importance sampling weight": a word documents shout as English
            // is the glossary's acronym only where the document writes that acronym's long form too.
            // The answer depends on the entry alone, and each one reads every match: kept per entry.
            if token.english_word
                && !entry.is_some_and(|e| {
                    let written = answers.long_form_written(e);
                    asked.push(Question::LongForm(e, written));
                    written
                })
            {
                continue;
            }
            let covering = first_from(&matches, &last_match, |m| {
                m.range.start <= token.range.start
            })
            .checked_sub(1)
            .and_then(|i| matches.get(i))
            .filter(|m| m.range.end >= token.range.end && m.range != token.range);
            let spelled_out_acronym = entry.filter(|&e| {
                entries
                    .get(e)
                    .is_some_and(|e| e.must_spell_out_for(settings.audience))
            });
            let status =
                if settings.ignore.contains(written) || settings.ignore.contains(token_acronym) {
                    AcronymStatus::Ignored
                } else if common.contains(token_acronym) || common.contains(written) {
                    AcronymStatus::Common
                } else if let Some(term) = covering {
                    // Inside a longer glossary term: part of a name ("Dr.GRPO") or of a term ("KV cache") is
                    // known, but an acronym writers spell out is still a use ("agentic RL").
                    // ML acronyms hide in terms ("KV cache", "KL divergence") and are still uses; a name
                    // ("Dr.GRPO") is not.
                    match spelled_out_acronym {
                        Some(_)
                            if entries
                                .get(term.entry)
                                .is_some_and(|t| t.kind != Kind::Name) =>
                        {
                            AcronymStatus::Checked
                        }
                        _ => AcronymStatus::Known,
                    }
                } else {
                    match entry {
                        Some(e)
                            if !entries
                                .get(e)
                                .is_some_and(|e| e.must_spell_out_for(settings.audience)) =>
                        {
                            AcronymStatus::Known
                        }
                        _ => AcronymStatus::Checked,
                    }
                };
            let defining = defining_ranges.contains(&range);
            places.take_linked_asked();
            // A term the token starts ("KV Cache") holds the words after it.
            let term_end = covering
                .filter(|m| {
                    m.range.start == token.range.start
                        && entries.get(m.entry).is_some_and(|t| t.kind != Kind::Name)
                })
                .map(|m| m.range.end);
            let mut surroundings = places.of_token(
                token.range.clone(),
                range.clone(),
                spelled_out_acronym.is_some(),
                term_end,
            );
            for (name, linked) in places.take_linked_asked() {
                asked.push(Question::Linked(name, linked));
            }
            // A numbered instance of an acronym is a name or an identifier: "SM100" is an architecture and
            // "TP0" a rank, not uses of SM and TP.
            if written.len() > token_acronym.len()
                && written.starts_with(token_acronym)
                && written
                    .bytes()
                    .skip(token_acronym.len())
                    .all(|b| b.is_ascii_digit())
                && surroundings.place == Place::Body
            {
                surroundings.place = Place::Name;
                surroundings.editable = false;
            }
            // "LLM as a judge" is the glossary's "LLM-as-a-judge" with spaces: as the glossary spells
            // the term, the acronym is part of one hyphenated word, where no long form goes ("Large
            // Language Model (LLM) As A Judge"). It is a use all the same, as in the hyphenated
            // spelling; the fix spells it out at another.
            if covering
                .and_then(|m| entries.get(m.entry))
                .is_some_and(|term| hyphenates(term, token_acronym))
            {
                surroundings.editable = false;
            }
            // "MLC LLM": beside a word in capitals the document does not know, the token is part of
            // a name ([`Answers::known`] says which words it knows).
            let mut known_word = |word: &str| {
                let known = answers.known(word);
                asked.push(Question::Known(word.into(), known));
                known
            };
            // A list is read within the token's block: how the paragraph before ended (a comma, a full
            // stop) says nothing about a list this one opens.
            let block = &block.range;
            if surroundings.place == Place::Body
                && (super::places::after_an_unknown_capitalised_word(
                    flat.text.slice(..token.range.start),
                    &mut known_word,
                ) || super::places::listed_with_unknown_names(
                    flat.text
                        .slice(block.start.min(token.range.start)..token.range.start),
                    flat.text
                        .slice(token.range.end..block.end.max(token.range.end)),
                    &mut known_word,
                ))
            {
                surroundings.place = Place::Name;
                surroundings.editable = false;
            }
            acronyms.push(AcronymUse {
                range,
                acronym: shared_name(&mut names, &acronym),
                plural: token.plural,
                surroundings,
                entry,
                defining,
                status,
            });
        }
        // The terms' source ranges, relative to the span's start as the key's offsets are.
        let term_ranges = span.as_ref().and_then(|span| {
            let narrow = |n: usize| u32::try_from(n.checked_sub(span.start)?).ok();
            terms
                .get(first_term..)
                .unwrap_or_default()
                .iter()
                .map(|t| Some([narrow(t.range.start)?, narrow(t.range.end)?]))
                .collect::<Option<Vec<_>>>()
        });
        let source = span
            .as_ref()
            .and_then(|span| text.as_bytes().get(key.window(span)?));
        let memo = span
            .zip(term_ranges)
            .zip(source)
            .map(|((span, term_ranges), source)| {
                Box::new(TokenMemo {
                    span: span.clone(),
                    terms: term_ranges,
                    // Copied at their lengths: the buffers grow to the largest block's.
                    key: MemoKey {
                        layout: key.layout.clone(),
                        regions: key.regions.clone(),
                        defining: key.defining.clone(),
                        ..key
                    },
                    source: source.into(),
                    asked,
                    term_places: Vec::new(),
                    uses: acronyms
                        .get(first..)
                        .unwrap_or_default()
                        .iter()
                        .map(|u| AcronymUse {
                            range: u.range.start - span.start..u.range.end - span.start,
                            ..u.clone()
                        })
                        .collect(),
                })
            });
        if memo.is_some() {
            memo_terms.push((first_term, block_index));
        }
        memos.push(memo);
    }
    debug_assert_eq!(
        terms.len(),
        matches.len(),
        "every block's matches were taken"
    );
    let of_kind = |kind: super::prose::RegionKind| -> Vec<Range<usize>> {
        prose
            .regions
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.range.clone())
            .collect()
    };
    if cancel.check().is_err() {
        return Err(stopped(memos, &moved, old_memos));
    }
    let fenced_code = of_kind(super::prose::RegionKind::FencedCode);
    let aligned_tables = of_kind(super::prose::RegionKind::AlignedTable);
    keep_long_forms_whole(&mut acronyms, &definitions);
    let first_uses = first_checked_uses(&acronyms);
    mark_own_words(
        text,
        (&mut terms, &matches),
        &first_uses,
        &fenced_code,
        &mut places,
        (&mut memos, &memo_terms),
    );
    if cancel.check().is_err() {
        return Err(stopped(memos, &moved, old_memos));
    }
    mark_long_forms_before(
        (&mut terms, &matches),
        (&first_uses, &definitions),
        (entries.len(), index),
        &mut places,
        (&mut memos, &memo_terms),
    );
    if cancel.check().is_err() {
        return Err(stopped(memos, &moved, old_memos));
    }
    let misspellings = misspellings(text, flat, &terms, &matches, &mut places, &mut |word| {
        answers.lower(word)
    });
    if cancel.check().is_err() {
        return Err(stopped(memos, &moved, old_memos));
    }
    // Sections, for how far a definition serves: titles inside one (a table's caption) start none;
    // a heading of code alone starts one though it has no block.
    let mut headings: Vec<usize> = flat
        .blocks
        .iter()
        .filter(|b| b.section)
        .map(|b| flat.to_source(b.range.start))
        .collect();
    let bare_headings = of_kind(super::prose::RegionKind::BareHeading);
    if !bare_headings.is_empty() {
        headings.extend(bare_headings.iter().map(|r| r.start));
        headings.sort_unstable();
    }
    let long_forms_again = if settings
        .severity_of(crate::review::Code::LongFormAfterDefinition)
        .is_some()
    {
        let context = Context {
            text,
            flat_text: &flat.text,
            entries,
            definitions: &definitions,
            headings: &headings,
        };
        long_forms_again(&context, &terms, &matches, &mut places)
    } else {
        Vec::new()
    };
    let facts = DocumentFacts {
        fenced_code,
        aligned_tables,
        terms,
        acronyms,
        definitions,
        headings,
        misspellings,
        long_forms_again,
    };
    Ok((
        facts,
        Memos {
            blocks: memos,
            reused,
        },
    ))
}

/// `acronym` as one allocation shared by every use of it that `names` gave out (see
/// [`AcronymUse::acronym`]).
fn shared_name(
    names: &mut rustc_hash::FxHashSet<std::sync::Arc<str>>,
    acronym: &str,
) -> std::sync::Arc<str> {
    if let Some(name) = names.get(acronym) {
        return name.clone();
    }
    let name: std::sync::Arc<str> = acronym.into();
    names.insert(name.clone());
    name
}

/// A block's memo, if it has one.
pub type BlockMemo = Option<Box<TokenMemo>>;

/// The memos of one analysis's blocks, in document order (see [`TokenMemo`]).
pub struct Memos {
    pub blocks: Vec<BlockMemo>,
    /// How many blocks took their tokens' results from the last analysis's memo.
    pub reused: usize,
}

/// What the document-wide step made of one block's tokens, with everything beyond the block's flat
/// text that it read (its [`MemoKey`]) and the questions about the whole document it asked, with
/// their answers. A later analysis's block of the same flat text (the scan hands the memo over only
/// then: in place before or after the edits, or from the old block of that text between them) with
/// the same key, the same source around its pieces and the same answers to every question gets the
/// same results, shifted to where the block now starts: so after a keystroke the step costs what
/// the edited blocks cost, plus one comparison per block.
///
/// What a token's result depends on, read from `collect` and [`Places`]: its block's text and
/// scan; the block's flags (heading, list item); how its flat offsets map to the source
/// (`MemoKey::layout`); the source bytes of its pieces and just around them (a backtick either
/// side, the word after: `between_backticks`, `names_linked_software`), compared with those the
/// memo keeps; the regions that meet the block (`Places::regions_in`, cut to the block; a link
/// text must lie inside it, its text is read); the definitions' acronyms inside the block
/// (`defining`); and, asked of the whole document, whether a word is written in lower case,
/// whether a word in capitals is known (glossary, common list, the document's definitions, lower
/// case), whether an entry's long form is written, and whether a project is linked by a name
/// ([`Question`]). The flat text around a token is read only within its block (the break between
/// blocks stops every reader), and the settings are compared for the whole document
/// (`KeptBlocks::take_memo_base`).
#[derive(Debug)]
pub struct TokenMemo {
    key: MemoKey,
    /// The source span of the block's pieces in the text of the last analysis that made or
    /// reused this memo: where a block the reading kept now spans ([`KeptKeys`]).
    span: Range<usize>,
    /// The source bytes of the block's pieces and around them ([`MemoKey::window`]) in the text
    /// that made this memo, the same in every text that reused it since: kept with the memo rather
    /// than comparing with a copy of the whole last text, which cost a 1 MB copy per analysis.
    source: Box<[u8]>,
    asked: Vec<Question>,
    /// What each of the block's terms' place says, in the order of its matches, once asked
    /// ([`mark_own_words`], [`mark_long_forms_before`]; empty until then). A term's place is read
    /// as a token's is, from what the key, the source window and the questions cover; the project
    /// links its reading asks about join [`TokenMemo::asked`].
    term_places: Vec<TermPlace>,
    /// The source ranges of the block's terms, relative to the start of its pieces, in the order
    /// of its matches.
    terms: Vec<[u32; 2]>,
    /// The block's acronym uses, with ranges relative to the start of its pieces.
    uses: Vec<AcronymUse>,
}

/// What a term's place says, as a [`TokenMemo`] keeps it: each answer once asked.
#[derive(Debug, Clone, Copy, Default)]
struct TermPlace {
    /// [`TermUse::own_words`].
    own_words: Option<bool>,
    /// [`TermUse::acronym_may_follow`], with `own_words`.
    acronym_may_follow: Option<bool>,
}

/// What a block's tokens' results depend on beside the block's flat text and the document-wide
/// questions (see [`TokenMemo`]), relative to the start of the block's pieces in the source.
#[derive(Debug, Default, PartialEq, Eq)]
struct MemoKey {
    heading: bool,
    starts_list_item: bool,
    /// The pieces ([`Flat::block_layout`]).
    layout: Vec<[u32; 3]>,
    /// The regions that meet the block ([`Places::regions_in`]).
    regions: Vec<[u32; 3]>,
    /// The acronym ranges of definitions (not abbreviation lines) that start in the block.
    defining: Vec<[u32; 2]>,
    /// The source bytes compared before the block's pieces (at most 1) and after them.
    around: [usize; 2],
}

/// Which blocks keep the last analysis's [`MemoKey`] but for where they start, by what the reading
/// says it kept of the one the memos were made for ([`Moved`]): its first `before` blocks as they
/// were, its last `after` moved by `shift`, the text outside `edited` the same (moved after it).
///
/// Such a block is the same block over the same source, so its pieces (its layout) are the same
/// relative to its span. Its regions are too when its span lies strictly before the windows the
/// reading read again (`edited`: from the first one's start to the last one's end) or strictly
/// after them: outside the windows the spliced prose holds the last one's regions, moved (the
/// splice, condition 9 of `prose::incremental`); a region that runs across them (a reference
/// section, a switched-off stretch) keeps its start before them and moves its end after them, so
/// it is cut to such a block as it was; the windows' own regions, and a reference section one of
/// them opens or closes (W7), start and end inside them or at their edges, and so meet neither
/// (regions meet a span they touch: hence strictly). And the source the memo compares
/// ([`MemoKey::window`]) is the same when that too lies outside them. The rest of the key (flags,
/// definitions, what `around` reaches) is made and compared as for any block, and so are the
/// memo's questions. Debug builds compare every key, span and source so taken with fresh ones.
#[derive(Debug, Clone, Copy)]
struct KeptKeys {
    before: usize,
    /// The first block of those kept after the edits.
    after_from: usize,
    shift: isize,
    edited: super::prose::Edited,
}

impl KeptKeys {
    /// For a reading spliced from the one the memos (`base`) were made for, into `blocks` blocks.
    fn new(
        moved: Option<Moved>,
        base: Option<&super::blocks::MemoBase>,
        blocks: usize,
    ) -> Option<KeptKeys> {
        let moved = moved.filter(|m| base.is_some_and(|b| b.reading == Some(m.from)))?;
        let before = moved.before.min(blocks);
        Some(KeptKeys {
            before,
            after_from: blocks - moved.after.min(blocks - before),
            shift: moved.shift,
            edited: moved.edited,
        })
    }

    /// Where block `index`, whose memo is `memo`, now spans, when the block keeps its layout,
    /// regions and source window (see [`KeptKeys`]).
    fn span_of(&self, index: usize, memo: &TokenMemo) -> Option<Range<usize>> {
        let span = &memo.span;
        let window = memo.key.window(span)?;
        let edited = &self.edited;
        if index < self.before {
            (span.end < edited.start && window.end <= edited.start).then(|| span.clone())
        } else if index >= self.after_from {
            let by = |n: usize| n.checked_add_signed(self.shift);
            (span.start > edited.old_end && window.start >= edited.old_end)
                .then(|| Some(by(span.start)?..by(span.end)?))
                .flatten()
        } else {
            None
        }
    }
}

/// How many source bytes after a block's pieces a token's place may read: a space, a word of
/// `names_linked_software`'s list (the longest, "documentation", has 13 letters) and the character
/// after it, which may take 4 bytes and decides whether the word ends there.
const AFTER_BLOCK: usize = 18;

impl MemoKey {
    /// Fills this key for `block`; its source span, or `None` when the block cannot be kept (no
    /// piece starts the block, or a link text reaches outside it).
    fn of(
        &mut self,
        text: &str,
        flat: &Flat,
        block: &super::flat::FlatBlock,
        places: &Places,
        defining: &[Range<usize>],
        (last_piece, last_defining): (&std::cell::Cell<usize>, &std::cell::Cell<usize>),
    ) -> Option<Range<usize>> {
        let span = flat.block_layout(block, last_piece, &mut self.layout)?;
        if !places.regions_in(&span, &mut self.regions) {
            return None;
        }
        self.of_kept(text, block, &span, defining, last_defining)
            .then_some(span)
    }

    /// Fills this key for `block`, whose pieces span `span`, but for its layout and regions,
    /// which it leaves as they were (for a block the reading kept, those of its memo's key:
    /// [`KeptKeys`]); `false` when an offset does not fit in 32 bits.
    fn of_kept(
        &mut self,
        text: &str,
        block: &super::flat::FlatBlock,
        span: &Range<usize>,
        defining: &[Range<usize>],
        last_defining: &std::cell::Cell<usize>,
    ) -> bool {
        self.heading = block.heading;
        self.starts_list_item = block.starts_list_item;
        self.defining.clear();
        let first = first_from(defining, last_defining, |r| r.start < span.start);
        for r in defining
            .get(first..)
            .unwrap_or_default()
            .iter()
            .take_while(|r| r.start <= span.end)
        {
            let narrow = |n: usize| u32::try_from(n.saturating_sub(span.start)).ok();
            let (Some(start), Some(end)) = (narrow(r.start), narrow(r.end)) else {
                return false;
            };
            self.defining.push([start, end]);
        }
        self.around = [
            span.start.min(1),
            text.len().saturating_sub(span.end).min(AFTER_BLOCK),
        ];
        true
    }

    /// The source range whose bytes a block whose pieces span `span` reads, with this key: the
    /// span and what `around` says lies either side of it.
    fn window(&self, span: &Range<usize>) -> Option<Range<usize>> {
        let [before, after] = self.around;
        Some(span.start.checked_sub(before)?..span.end.checked_add(after)?)
    }
}

impl TokenMemo {
    /// Whether this memo's results are those of the block whose key is `key` and whose pieces span
    /// `span` of `text`: the same key, the same source bytes in and around the span as the text the
    /// memo was made from had (with the same key, the memo's window has the same length), and the
    /// same answers to its questions now.
    fn holds(
        &self,
        key: &MemoKey,
        text: &str,
        span: &Range<usize>,
        answers: &mut Answers,
        places: &Places,
    ) -> bool {
        self.key == *key
            && key
                .window(span)
                .and_then(|window| text.as_bytes().get(window))
                .is_some_and(|now| *now == *self.source)
            && self.answers_hold(answers, places)
    }

    /// [`TokenMemo::holds`] for a block the reading kept, whose layout, regions and source
    /// window are this memo's ([`KeptKeys`]): `key` holds the rest ([`MemoKey::of_kept`]).
    fn holds_kept(&self, key: &MemoKey, answers: &mut Answers, places: &Places) -> bool {
        let k = &self.key;
        k.heading == key.heading
            && k.starts_list_item == key.starts_list_item
            && k.defining == key.defining
            && k.around == key.around
            && self.answers_hold(answers, places)
    }

    /// Whether every question this memo asked of the whole document has the same answer now.
    fn answers_hold(&self, answers: &mut Answers, places: &Places) -> bool {
        self.asked.iter().all(|question| match question {
            Question::Lower(word, was) => answers.lower(word) == *was,
            Question::Known(word, was) => answers.known(word) == *was,
            Question::LongForm(entry, was) => answers.long_form_written(*entry) == *was,
            Question::Linked(name, was) => places.links_project_named(name) == *was,
        })
    }
}

/// A question about the whole document that a token's result depended on, with its answer.
#[derive(Debug)]
enum Question {
    /// [`super::places::written_in_lower_case`] over the flat text.
    Lower(Box<str>, bool),
    /// [`Answers::known`].
    Known(Box<str>, bool),
    /// [`Answers::long_form_written`].
    LongForm(usize, bool),
    /// [`Places::links_project_named`].
    Linked(Box<str>, bool),
}

/// The answers to the questions about the whole document that where a token stands depends on,
/// each worked out once per analysis.
struct Answers<'a> {
    flat_text: &'a str,
    entries: &'a [Entry],
    index: &'a GlossaryIndex,
    matches: &'a [super::matcher::TermMatch],
    definitions: &'a [Definition],
    /// By word: whether the flat text writes it in lower case; the search reads the whole text.
    lower: rustc_hash::FxHashMap<String, bool>,
    /// The words it does not write so, kept from one analysis to the next with the blocks
    /// ([`super::blocks::KeptBlocks::unwritten`]): no whole-text search for those.
    unwritten: &'a mut rustc_hash::FxHashSet<Box<str>>,
    /// By entry: whether the document writes the entry's long form (each one reads every match).
    long_form: rustc_hash::FxHashMap<usize, bool>,
    /// The acronyms the document defines, made the first time one is asked for.
    defined: Option<rustc_hash::FxHashSet<&'a str>>,
    /// By word: [`Answers::known`], asked again by every memo that asked it (four lookups each).
    known: rustc_hash::FxHashMap<Box<str>, bool>,
}

impl Answers<'_> {
    /// Whether the document writes `word` in lower case as a word of its own.
    fn lower(&mut self, word: &str) -> bool {
        if let Some(&known) = self.lower.get(word) {
            return known;
        }
        let lower = !self.unwritten.contains(word)
            && super::places::written_in_lower_case(self.flat_text, word);
        if !lower && self.unwritten.len() < super::blocks::UNWRITTEN_WORDS {
            self.unwritten.insert(word.into());
        }
        self.lower.insert(word.to_string(), lower);
        lower
    }

    /// "MLC LLM": beside a word in capitals that neither a glossary nor the document defines, a
    /// token is part of a name. A word the document also writes in lower case is English set in
    /// capitals for emphasis ("the ONLY LLM we ship"). A word the glossary knows only as a name
    /// ("MLX LM": MLX, a framework) is a name of its own, and the token beside it is part of the next
    /// one, as beside a CamelCase name ("NeMo RL").
    fn known(&mut self, word: &str) -> bool {
        if let Some(&known) = self.known.get(word) {
            return known;
        }
        let known = self.known_afresh(word);
        self.known.insert(word.into(), known);
        known
    }

    /// [`Answers::known`], worked out.
    fn known_afresh(&mut self, word: &str) -> bool {
        let (index, entries) = (self.index, self.entries);
        if index
            .acronyms
            .get(word)
            .and_then(|&e| entries.get(e))
            .is_some_and(|e| e.kind != Kind::Name)
            || common_acronyms().contains(word)
        {
            return true;
        }
        let definitions = self.definitions;
        let defined = self
            .defined
            .get_or_insert_with(|| definitions.iter().map(|d| d.acronym.as_str()).collect());
        defined.contains(singular(word).0) || self.lower(word)
    }

    /// "IS correction metrics" beside "importance sampling weight": a word documents shout as
    /// English is the glossary's acronym only where the document writes that acronym's long form
    /// too.
    fn long_form_written(&mut self, entry: usize) -> bool {
        if let Some(&written) = self.long_form.get(&entry) {
            return written;
        }
        let written = self
            .entries
            .get(entry)
            .and_then(|e| e.expansion.as_deref())
            .is_some_and(|long| {
                self.matches.iter().any(|m| {
                    m.role != FormRole::Acronym
                        && same_words(self.flat_text.slice(m.range.clone()), long)
                })
            });
        self.long_form.insert(entry, written);
        written
    }
}

/// What finding long forms written again needs to know of the document.
struct Context<'a> {
    text: &'a str,
    flat_text: &'a str,
    entries: &'a [Entry],
    definitions: &'a [Definition],
    headings: &'a [usize],
}

/// The long forms of glossary acronyms written out again after the document's definition of the
/// acronym, with the same words (capitals, hyphens and number aside), in running text of the same
/// section, not a definition themselves and not followed by a parenthesis.
fn long_forms_again(
    context: &Context,
    terms: &[TermUse],
    matches: &[super::matcher::TermMatch],
    places: &mut Places,
) -> Vec<LongFormAgain> {
    let mut out = Vec::new();
    for (term, m) in terms.iter().zip(matches) {
        if term.role == FormRole::Acronym || term.wrong_form {
            continue;
        }
        let Some(acronym) = context
            .entries
            .get(term.entry)
            .and_then(|e| e.acronym.as_deref())
        else {
            continue;
        };
        let Some(definition) = context
            .definitions
            .iter()
            .find(|d| d.acronym == acronym && !d.quoted && !d.whole_document && !d.heading)
        else {
            continue;
        };
        let written = context.text.get(term.range.clone()).unwrap_or_default();
        let after_definition = definition.span.end <= term.range.start;
        let same_section = !context
            .headings
            .iter()
            .any(|&h| definition.span.end <= h && h < term.range.start);
        let in_a_definition = context
            .definitions
            .iter()
            .any(|d| d.span.start < term.range.end && term.range.start < d.span.end);
        let parenthesis_after = context
            .flat_text
            .slice(m.range.end..)
            .trim_start_matches(' ')
            .starts_with('(');
        if !after_definition
            || !same_section
            || in_a_definition
            || parenthesis_after
            || !super::same_term(written, &definition.long_form)
        {
            continue;
        }
        // A link's text names what it links to ("[Mixture of Experts](/tutorials/moe/)").
        let surroundings = places.of(m.range.clone(), term.range.clone());
        if surroundings.place != Place::Body || places.touches_link_text(&term.range) {
            continue;
        }
        out.push(LongFormAgain {
            range: term.range.clone(),
            acronym: definition.acronym.clone(),
            plural: term.plural,
            definition: definition.acronym_range.clone(),
            editable: surroundings.editable,
        });
    }
    out
}

/// The wrong spellings among the terms that stand in the author's prose: running text, a heading, a
/// label or a news item, not a quotation, a citation, a name, a link to the project it names
/// (`[deepspeed](https://github.com/…)`) or where checking is off, and not a token that names a
/// package, a module or a file ([`names_code`]).
fn misspellings(
    text: &str,
    flat: &Flat,
    terms: &[TermUse],
    matches: &[super::matcher::TermMatch],
    places: &mut Places,
    // Whether the document writes a word in lower case: the token step's answers, kept per word.
    lower: &mut dyn FnMut(&str) -> bool,
) -> Vec<Misspelling> {
    let flat_text = flat.text.as_str();
    terms
        .iter()
        .zip(matches)
        .filter(|(term, _)| term.wrong_form)
        .filter(|(_, m)| {
            !names_code(flat_text, &m.range)
                && !mentioned(flat_text, &m.range)
                && !shouted(flat, &m.range, lower)
        })
        .filter_map(|(term, m)| {
            if places.in_project_link(&term.range) {
                return None;
            }
            let place = places
                .of_wrong_spelling(m.range.clone(), term.range.clone())
                .place;
            matches!(place, Place::Body | Place::Heading | Place::News).then(|| Misspelling {
                range: term.range.clone(),
                entry: term.entry,
                // Markup inside the word ("Hugging *Face*") is the writer's: no fix rewrites it.
                editable: text.get(term.range.clone()) == Some(flat_text.slice(m.range.clone())),
                heading: term.heading,
            })
        })
        .collect()
}

/// The entry whose wrong spelling the term matcher found exactly at `range` (flat offsets) of a token
/// the glossary does not know as written ("LORA", generated from LoRA), unless the document shouts it
/// as an English word.
fn misspelled_entry(
    matches: &[super::matcher::TermMatch],
    range: &Range<usize>,
    flat: &Flat,
    lower: &mut dyn FnMut(&str) -> bool,
) -> Option<usize> {
    let at = matches.partition_point(|m| m.range.start < range.start);
    matches
        .get(at)
        .filter(|m| m.range == *range && m.wrong_form && !shouted(flat, range, lower))
        .map(|m| m.entry)
}

/// The acronym as the entry writes it when `written` (singular) is that acronym in other capitals
/// ("LORA" → "LoRA"); otherwise `written` itself.
fn canonical_acronym(entry: Option<&Entry>, written: &str) -> String {
    match entry.and_then(|e| e.acronym.as_deref()) {
        Some(acronym) if acronym.eq_ignore_ascii_case(written) => acronym.to_string(),
        _ => written.to_string(),
    }
}

/// Whether the word at `range` of the prose, written in capitals, is a word shouted rather than a name
/// misspelled: the document also writes it in lower case as a word ("ZERO" beside "zero"), or it
/// stands in a run of words in capitals ("META LLAMA 3 COMMUNITY LICENSE AGREEMENT") within its own
/// block: a heading in capitals before a paragraph does not make the paragraph's first word shouted.
fn shouted(flat: &Flat, range: &Range<usize>, lower: &mut dyn FnMut(&str) -> bool) -> bool {
    let text = flat.text.as_str();
    let word = text.slice(range.clone());
    let in_capitals = |w: &str| {
        w.bytes().any(|b| b.is_ascii_uppercase()) && !w.bytes().any(|b| b.is_ascii_lowercase())
    };
    if !in_capitals(word) {
        return false;
    }
    // Neighbouring words, one space apart, skipping numbers ("LLAMA 3").
    let words_in_capitals = |side: &mut dyn Iterator<Item = &str>| {
        side.take_while(|w| in_capitals(w) || w.bytes().all(|b| b.is_ascii_digit()))
            .filter(|w| in_capitals(w))
            .count()
    };
    let block = flat
        .block_at(range.start)
        .map_or(0..text.len(), |b| b.range.clone());
    let before = words_in_capitals(
        &mut text
            .slice(block.start.min(range.start)..range.start)
            .rsplit(' ')
            .skip(1),
    );
    let after = words_in_capitals(
        &mut text
            .slice(range.end..block.end.max(range.end))
            .split(' ')
            .skip(1),
    );
    before + after >= 2 || lower(word)
}

/// Whether the word at `range` stands alone in quotation marks: mentioned, not used (`"Pytorch" is a
/// common misspelling`).
fn mentioned(text: &str, range: &Range<usize>) -> bool {
    let before = text.slice(..range.start).chars().next_back();
    let after = text.slice(range.end..).chars().next();
    matches!(
        (before, after),
        (Some('"'), Some('"'))
            | (Some('“'), Some('”'))
            | (Some('\''), Some('\''))
            | (Some('‘'), Some('’'))
    )
}

/// Whether the word at `range` of the prose is part of something a program reads, where its spelling
/// is not the writer's to choose: a module path or a file name (`deepspeed.initialize`,
/// `pytorch/pytorch`, `github.com`), a command line option (`deepspeed --num_gpus`), a package after
/// `pip install` or `import`, or a package name joined by hyphens in lower case (`pytorch-lightning`).
pub fn names_code(text: &str, range: &Range<usize>) -> bool {
    let before = text.slice(..range.start);
    let after = text.slice(range.end..);
    let word = text.slice(range.clone());
    let next = after.chars().nth(1);
    let joined_after = |c: char| after.starts_with(c) && next.is_some_and(|n| !n.is_whitespace());
    let joined_before = before.ends_with(['.', '/', '\\', '@', '$', '~', '=', ':', '<', '#']);
    let path_after =
        joined_after('.') || joined_after('/') || joined_after('\\') || joined_after(':');
    let call_after = after.starts_with(['(', '=', '<']);
    let lower = word.chars().all(|c| !c.is_uppercase());
    let package_hyphen = lower
        && (after.starts_with('-') && next.is_some_and(|n| n.is_lowercase())
            || before.ends_with('-'));
    let option_after = after.trim_start_matches(' ').starts_with("--");
    let previous_word = before
        .trim_end_matches(' ')
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or_default();
    // Packages are named in lower case: "install deepspeed" is a command, "install DeepSpeed" prose.
    let command = lower
        && before.ends_with(' ')
        && matches!(
            previous_word,
            "install" | "import" | "uninstall" | "pip" | "conda" | "uv"
        );
    joined_before || path_after || call_after || package_hyphen || option_after || command
}

/// How far back from an acronym's first use a long form written out without it still explains it…
const NEARBY_BYTES: usize = 400;

/// … or further, to the start of its paragraph, but never more than this: a reader remembers the
/// paragraph they are reading ("human-annotated question and answer pairs … some QA pairs").
const PARAGRAPH_BYTES: usize = 1200;

/// How far back a fenced code block is looked for between the explaining words and the use.
const CODE_BLOCK_BYTES: usize = 8192;

/// Where the text that can explain an acronym used at `start` begins: [`NEARBY_BYTES`] back, or the
/// start of the paragraph if that is further (up to [`PARAGRAPH_BYTES`]). A fenced code block in
/// between (one of `fenced_code`, as the prose reading found them) is read past, not remembered as
/// distance: "sweep learning rates on 4 GPUs:", a shell script, then "runs the four commands with
/// different LRs"; the window then reaches as far before the block as it would have reached from the
/// block's start. The prose read, past however many blocks, is never more than [`PARAGRAPH_BYTES`]
/// in all: a tutorial's steps, each a sentence and a code block, do not carry a term from one
/// section into the next ones.
pub fn explaining_window_start(text: &str, fenced_code: &[Range<usize>], start: usize) -> usize {
    window_start_within(text, fenced_code, start, PARAGRAPH_BYTES)
}

/// Where the sentence of an acronym used up to `end` ends: the reader reads on to its end before
/// wondering ("Quantized KV cache reduces the footprint of key-value cache storage."). At a full
/// stop, question or exclamation mark before a space or a line break, unless the full stop ends an
/// abbreviation that goes on with the sentence ("MTP, i.e. multi-token prediction, drafts …": see
/// [`ends_an_inner_abbreviation`]); at a line break that does not just wrap the paragraph
/// ([`wraps_the_paragraph`]); or at most [`NEARBY_BYTES`] on.
pub fn end_of_sentence(text: &str, end: usize) -> usize {
    let limit = (end + NEARBY_BYTES).min(text.len());
    let rest = text.as_bytes().get(end..limit).unwrap_or_default();
    let stop = rest.iter().enumerate().find_map(|(i, &b)| {
        let after = rest.get(i + 1..).unwrap_or_default();
        let ends = match b {
            b'.' if ends_an_inner_abbreviation(
                text.as_bytes().get(..end + i).unwrap_or_default(),
            ) =>
            {
                false
            }
            b'.' | b'?' | b'!' => matches!(after.first(), None | Some(b' ' | b'\n')),
            b'\n' => !wraps_the_paragraph(after),
            _ => false,
        };
        ends.then_some(i)
    });
    stop.map_or(limit, |i| end + i)
}

/// Whether `before` (the text up to a full stop) ends with an abbreviation that a sentence goes on
/// after: "i.e." and "e.g." introduce what follows, "cf.", "vs.", "viz." and "et al." sit inside a
/// sentence, and "Fig.", "Eq." and "Sec." come before their numbers. Compared whole-word, in any
/// case, after a space, a parenthesis or the start of the text ("(e.g. SFT)").
fn ends_an_inner_abbreviation(before: &[u8]) -> bool {
    const INNER: &[&[u8]] = &[
        b"i.e", b"e.g", b"cf", b"vs", b"viz", b"al", b"fig", b"figs", b"eq", b"eqs", b"sec",
    ];
    let start = before
        .iter()
        .rposition(|&c| c == b' ' || c == b'\n' || c == b'(' || c == b'\t')
        .map_or(0, |i| i + 1);
    let word = before.get(start..).unwrap_or_default();
    INNER.iter().any(|inner| word.eq_ignore_ascii_case(inner))
}

/// Whether `line` (the text after a line break) goes on with the paragraph before it: past its
/// indentation it starts with a letter, a digit that does not number a list item, or inline markup
/// — emphasis (`**`, `*word`, `_`), a code span (one backtick), a link (`[`), a parenthesis or a
/// quotation mark. An empty line, a list item, a heading, a quote, a table row, HTML, a fence or
/// anything else ends the sentence: the reader is no longer in it.
fn wraps_the_paragraph(line: &[u8]) -> bool {
    let start = line
        .iter()
        .position(|&c| c != b' ' && c != b'\t')
        .unwrap_or(line.len());
    let line = line.get(start..).unwrap_or_default();
    let next = line.get(1).copied();
    match line.first() {
        None => false,
        Some(c) if c.is_ascii_alphabetic() || !c.is_ascii() => true,
        Some(c) if c.is_ascii_digit() => {
            let digits = line.iter().take_while(|c| c.is_ascii_digit()).count();
            // "1. " and "2) " number list items; "2023 saw" and "4-bit weights" go on.
            !(matches!(line.get(digits), Some(b'.' | b')'))
                && matches!(
                    line.get(digits + 1),
                    None | Some(b' ' | b'\t' | b'\n' | b'\r')
                ))
        }
        // A list item is "* " or "- "; "**bold**" and "*term*" are emphasis.
        Some(b'*') => next.is_some_and(|c| c == b'*' || c.is_ascii_alphanumeric()),
        Some(b'_') => next.is_some_and(|c| c == b'_' || c.is_ascii_alphanumeric()),
        // Three backticks open a fence; fewer, a code span.
        Some(b'`') => !line.starts_with(b"```"),
        Some(b'[' | b'(' | b'"' | b'\'') => true,
        Some(_) => false,
    }
}

/// [`explaining_window_start`] with at most `prose` bytes of text outside code blocks to read.
fn window_start_within(
    text: &str,
    fenced_code: &[Range<usize>],
    start: usize,
    prose: usize,
) -> usize {
    let nearby = start.saturating_sub(NEARBY_BYTES.min(prose));
    let furthest = start.saturating_sub(PARAGRAPH_BYTES.min(prose));
    let paragraph = text
        .get(furthest..start)
        .and_then(after_last_empty_line)
        .map_or(furthest, |at| furthest + at);
    let window = paragraph.min(nearby);
    match fenced_block_opening(text, fenced_code, window, start) {
        // The opening fence is before `start`, so this ends.
        Some((open, end)) if open < start => {
            let left = prose.saturating_sub(start.saturating_sub(end));
            window.min(window_start_within(text, fenced_code, open, left))
        }
        _ => window,
    }
}

/// The start of the line of the opening fence of the last fenced code block that ends before `to`,
/// when the line of its closing fence starts at or after `from` and the block opens no more than
/// [`CODE_BLOCK_BYTES`] (to the start of that line) before `to`; with the block's end.
fn fenced_block_opening(
    text: &str,
    fenced_code: &[Range<usize>],
    from: usize,
    to: usize,
) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let line_start = |at: usize| {
        bytes
            .get(..at)
            .and_then(|head| memchr::memrchr(b'\n', head))
            .map_or(0, |newline| newline + 1)
    };
    let earliest = line_start(to.saturating_sub(CODE_BLOCK_BYTES));
    let last = fenced_code
        .get(..fenced_code.partition_point(|block| block.end <= to))?
        .last()?;
    let open = line_start(last.start);
    // The closing fence is the block's last line (its line break, if any, is the block's last byte).
    let close = line_start(last.end.saturating_sub(1));
    (open >= earliest && close >= from && close > open).then_some((open, last.end))
}

/// Makes the tokens inside the writer's long form of another acronym uneditable: in "To enable RL
/// fine-tuning from human feedbacks (RLHF)" the reader meets RL, so it is a use, but a long form
/// there would nest one definition inside another ("reinforcement learning (RL) fine-tuning from
/// human feedbacks (RLHF)"); a fix spells RL out at another use. Done after the blocks' tokens are
/// read (and kept), since a definition is known only then; both lists are in document order.
fn keep_long_forms_whole(acronyms: &mut [AcronymUse], definitions: &[Definition]) {
    for definition in definitions {
        let long_form = &definition.long_form_range;
        let first = acronyms.partition_point(|a| a.range.start < long_form.start);
        for token in acronyms.get_mut(first..).unwrap_or_default() {
            if token.range.start >= long_form.end {
                break;
            }
            if token.range.end <= long_form.end && *token.acronym != *definition.acronym {
                token.surroundings.editable = false;
            }
        }
    }
}

/// The first body use of each checked acronym, in document order: only a first use can be
/// explained by a long form near it ([`mark_own_words`]) or spelled out by one further back
/// ([`mark_long_forms_before`]). Most uses of an acronym share one allocation of its name
/// ([`AcronymUse::acronym`]): looked up by its address first, a use costs no hashing of its text
/// (a 1 MB document has tens of thousands of them, on every analysis).
fn first_checked_uses(acronyms: &[AcronymUse]) -> Vec<&AcronymUse> {
    let mut addresses = rustc_hash::FxHashSet::default();
    let mut names = rustc_hash::FxHashSet::default();
    acronyms
        .iter()
        .filter(|a| a.status == AcronymStatus::Checked && a.surroundings.place == Place::Body)
        .filter(|a| {
            addresses.insert(std::sync::Arc::as_ptr(&a.acronym).cast::<u8>())
                && names.insert(&*a.acronym)
        })
        .collect()
}

/// Works out [`TermUse::own_words`] for the written-out terms (not acronym forms) that stand in the
/// [explaining window](explaining_window_start) of the first body use of a checked acronym, or in the
/// rest of its sentence ([`end_of_sentence`]): only those can explain one. `matches` are the terms'
/// matches, in the same order, with their flat ranges. A term of a block with a memo (`memos`, by
/// block; `memo_terms`, each such block's first term and index, in order) takes the answer the memo
/// keeps for it, or keeps the one worked out: the windows move with every first use, but a term's
/// place is its block's alone, and each place cost ~2,500 instructions on every analysis.
fn mark_own_words(
    text: &str,
    (terms, matches): (&mut [TermUse], &[super::matcher::TermMatch]),
    first_uses: &[&AcronymUse],
    fenced_code: &[Range<usize>],
    places: &mut Places,
    (memos, memo_terms): (&mut [BlockMemo], &[(usize, usize)]),
) {
    // Only a first use can be explained this way (the rules look nowhere else). A window can reach
    // past code blocks, far beyond a paragraph, so the windows themselves say which terms to mark.
    let windows = crate::text::ranges::merge(
        first_uses
            .iter()
            .map(|a| {
                explaining_window_start(text, fenced_code, a.range.start)
                    ..end_of_sentence(text, a.range.end)
            })
            .collect(),
    );
    for (index, (term, m)) in terms.iter_mut().zip(matches).enumerate() {
        if term.role == FormRole::Acronym {
            continue;
        }
        let at = term.range.start;
        let next = windows.partition_point(|w| w.end <= at);
        if windows.get(next).is_none_or(|w| w.start > at) {
            continue;
        }
        // The project links a place asks about are questions about the whole document, kept with
        // the answer (none are pending here: the tokens' step took its own).
        let mut fresh = || {
            places.take_linked_asked();
            let place = places.place_of(m.range.clone(), term.range.clone());
            (
                matches!(place, Place::Body | Place::Heading),
                places.take_linked_asked(),
            )
        };
        term.own_words = kept_or_fresh(
            memo_of_term(memos, memo_terms, index),
            |p| p.own_words,
            |p, own| p.own_words = Some(own),
            &mut fresh,
        );
    }
}

/// A term's answer (`kept` of its place) as its block's memo keeps it, or else `fresh`, kept in the
/// memo by `keep` with the project links its reading asked about. Debug builds check a kept answer
/// against a fresh one.
fn kept_or_fresh<T: Copy + PartialEq + std::fmt::Debug>(
    memo: Option<(&mut TokenMemo, usize)>,
    kept: impl Fn(&TermPlace) -> Option<T>,
    keep: impl FnOnce(&mut TermPlace, T),
    fresh: &mut dyn FnMut() -> (T, Vec<(Box<str>, bool)>),
) -> T {
    let Some((memo, within)) = memo else {
        return fresh().0;
    };
    if let Some(answer) = memo.term_places.get(within).and_then(&kept) {
        debug_assert_eq!(
            answer,
            fresh().0,
            "a memo's answer about a term's place holds"
        );
        return answer;
    }
    let (answer, asked) = fresh();
    memo.term_places
        .resize(memo.terms.len(), TermPlace::default());
    if let Some(slot) = memo.term_places.get_mut(within) {
        keep(slot, answer);
    }
    memo.asked.extend(
        asked
            .into_iter()
            .map(|(name, linked)| Question::Linked(name, linked)),
    );
    answer
}

/// The memo of the block that holds term `index`, with the term's place among the block's terms:
/// `memos` are the blocks' memos, and `memo_terms` each memo's block's first term and index, in
/// order.
fn memo_of_term<'m>(
    memos: &'m mut [BlockMemo],
    memo_terms: &[(usize, usize)],
    index: usize,
) -> Option<(&'m mut TokenMemo, usize)> {
    let &(first, block) = memo_terms
        .partition_point(|&(first, _)| first <= index)
        .checked_sub(1)
        .and_then(|k| memo_terms.get(k))?;
    let memo = memos.get_mut(block)?.as_deref_mut()?;
    let within = index - first;
    (within < memo.terms.len()).then_some((memo, within))
}

/// Works out, for each acronym that the document uses in body text and never defines, where the
/// writer wrote its long form before that first use: a fix adds the acronym there ("large language
/// models (LLMs)") rather than spelling it out a second time at the first use. The terms of the
/// acronym's entries (each of its meanings) before its first body use are read in order, up to the
/// first in the writer's own words (running text or a heading; a quoted title or a citation is
/// someone else's): each read sets [`TermUse::own_words`], and the one it stops at gets
/// [`TermUse::acronym_may_follow`] when it stands where a fix may edit, outside link texts.
/// Whether the acronym fits after its words is the rule's to read.
///
/// The terms are walked once, only as far as the last such first use, with each entry's limit
/// looked up by index. A term's answer is kept in its block's memo, as [`mark_own_words`] keeps
/// its own: each place cost ~5,000 instructions, and the same few terms are asked on every
/// analysis.
fn mark_long_forms_before(
    (terms, matches): (&mut [TermUse], &[super::matcher::TermMatch]),
    (first_uses, definitions): (&[&AcronymUse], &[Definition]),
    (entry_count, index): (usize, &GlossaryIndex),
    places: &mut Places,
    (memos, memo_terms): (&mut [BlockMemo], &[(usize, usize)]),
) {
    // Per entry, the first body use of its acronym that a long form before would serve (0: none).
    let mut before = vec![0usize; entry_count];
    let mut wanted = 0;
    let mut last = 0;
    // Looked up once per first use: a long document defines hundreds of acronyms.
    let defined: rustc_hash::FxHashSet<&str> =
        definitions.iter().map(|d| d.acronym.as_str()).collect();
    for first in first_uses {
        // A first use that defines it, or any definition elsewhere, says what it stands for.
        if first.defining || defined.contains(&*first.acronym) {
            continue;
        }
        let meanings = index.ambiguous.get(&*first.acronym).map(Vec::as_slice);
        for entry in first.entry.iter().chain(meanings.unwrap_or_default()) {
            if let Some(slot) = before.get_mut(*entry) {
                if *slot == 0 {
                    *slot = first.range.start;
                    wanted += 1;
                    last = last.max(first.range.start);
                }
            }
        }
    }
    for (term_index, (term, m)) in terms.iter_mut().zip(matches).enumerate() {
        if wanted == 0 || term.range.start >= last {
            break;
        }
        let Some(slot) = before.get_mut(term.entry) else {
            continue;
        };
        if term.range.end > *slot || term.role == FormRole::Acronym || term.wrong_form {
            continue;
        }
        // As in `mark_own_words`, the project links a place asks about are kept with the answer.
        let mut fresh = || {
            places.take_linked_asked();
            let surroundings = places.of(m.range.clone(), term.range.clone());
            let own = matches!(surroundings.place, Place::Body | Place::Heading);
            let may_follow = surroundings.place == Place::Body
                && surroundings.editable
                && !places.touches_link_text(&term.range);
            ((own, may_follow), places.take_linked_asked())
        };
        let (own, may_follow) = kept_or_fresh(
            memo_of_term(memos, memo_terms, term_index),
            |p| p.own_words.zip(p.acronym_may_follow),
            |p, (own, may_follow)| {
                (p.own_words, p.acronym_may_follow) = (Some(own), Some(may_follow));
            },
            &mut fresh,
        );
        term.own_words = own;
        if own {
            term.acronym_may_follow = may_follow;
            *slot = 0;
            wanted -= 1;
        }
    }
}

/// The document's definitions: those found in its blocks (`found`, flat ranges), its abbreviation
/// lines and its `<abbr>` elements.
fn definitions(
    text: &str,
    prose: &Prose,
    flat: &Flat,
    found: Vec<FoundDefinition>,
    known: (&[Entry], &GlossaryIndex, &[super::matcher::TermMatch]),
    places: &mut Places,
) -> Vec<Definition> {
    let (entries, index, matches) = known;
    let mut out = Vec::new();
    for found in found {
        let acronym_flat = found.acronym_range;
        let long_flat = found.long_form_range;
        let span_flat = found.span;
        let span = flat.range_to_source(span_flat.clone());
        let acronym_range = flat.range_to_source(acronym_flat.clone());
        // A cited title's "definition" is the paper's, not the document's: "Computational Limits
        // of Low-Rank Adaptation (LoRA) for …" must not give LoRA its expansion. (A news item's
        // definitions are the author's: `Place::News`.) Whether the acronym is part of a name
        // matters nowhere here, and the words beside it are not read.
        let place = places.place_apart_from_names(acronym_flat.clone(), acronym_range.clone());
        if matches!(place, Place::Citation | Place::Off) {
            continue;
        }
        let linked = places.touches_link_text(&span);
        out.push(Definition {
            acronym: match index.entry_for(&found.acronym) {
                Some(_) => found.acronym.clone(),
                None => canonical_acronym(
                    misspelled_entry(matches, &acronym_flat, flat, &mut |word| {
                        super::places::written_in_lower_case(&flat.text, word)
                    })
                    .and_then(|e| entries.get(e)),
                    &found.acronym,
                ),
            },
            written: flat.text.slice(acronym_flat.clone()).to_string(),
            long_form: flat.text.slice(long_flat.clone()).to_string(),
            acronym_range,
            long_form_range: flat.range_to_source(long_flat),
            plain: !linked
                && text
                    .get(span.clone())
                    .is_some_and(|source| same_but_line_breaks(source, flat.text.slice(span_flat))),
            span,
            form: found.form,
            heading: place == Place::Heading,
            quoted: place == Place::Quotation,
            whole_document: false,
            linked,
        });
    }
    for abbreviation in &prose.abbreviations {
        let (Some(written), Some(long_form)) = (
            text.get(abbreviation.acronym.clone()),
            text.get(abbreviation.expansion.clone()),
        ) else {
            continue;
        };
        out.push(Definition {
            acronym: singular(written).0.to_string(),
            written: written.to_string(),
            long_form: long_form.to_string(),
            acronym_range: abbreviation.acronym.clone(),
            long_form_range: abbreviation.expansion.clone(),
            span: abbreviation.acronym.start..abbreviation.expansion.end,
            plain: false,
            form: DefinitionForm::AbbreviationLine,
            heading: false,
            quoted: false,
            whole_document: true,
            linked: false,
        });
    }
    for element in &prose.abbr_elements {
        let (Some(written), Some(long_form)) = (
            text.get(element.text.clone()),
            text.get(element.title.clone()),
        ) else {
            continue;
        };
        // An element whose text is not prose (inside math or code that the HTML scan saw) defines
        // nothing.
        let Some(block) = prose.blocks.iter().find(|b| {
            b.segments
                .iter()
                .any(|s| s.range.contains(&element.text.start))
        }) else {
            continue;
        };
        let heading = matches!(
            block.kind,
            super::prose::BlockKind::Heading | super::prose::BlockKind::Title
        );
        out.push(Definition {
            acronym: singular(written.trim()).0.to_string(),
            written: written.to_string(),
            long_form: long_form.to_string(),
            acronym_range: element.text.clone(),
            long_form_range: element.title.clone(),
            span: element.text.clone(),
            plain: false,
            form: DefinitionForm::AbbrElement,
            heading,
            quoted: false,
            whole_document: false,
            linked: false,
        });
    }
    out.sort_by_key(|d| (d.acronym_range.start, d.acronym_range.end));
    // One token, one definition: `<abbr title="…">MoE</abbr> (Mixture of Experts)` is both an abbr
    // element and `ACR (Long Form)`; keeping both would report the second as a redundant definition of
    // itself. The sort is stable, so the one found in the text (pushed first) is kept.
    out.dedup_by(|later, first| later.acronym_range == first.acronym_range);
    out
}

/// Whether `source` reads as `flat`: the same bytes, except that line breaks read as spaces (a definition
/// wrapped over two lines is still plain text that a fix may rewrite).
fn same_but_line_breaks(source: &str, flat: &str) -> bool {
    source.len() == flat.len()
        && source
            .bytes()
            .zip(flat.bytes())
            .all(|(s, f)| s == f || (matches!(s, b'\n' | b'\r') && f == b' '))
}

/// Whether `entry`'s name or an alias joins `acronym` to the next or the previous word by a
/// hyphen ("LLM-as-a-judge", "NTK-aware scaling", "QK-norm"): then the acronym is part of one word
/// of the term, however a document separates it.
fn hyphenates(entry: &Entry, acronym: &str) -> bool {
    std::iter::once(&entry.name)
        .chain(&entry.aliases)
        .any(|form| {
            form.match_indices(acronym).any(|(at, _)| {
                let end = at + acronym.len();
                super::matcher::on_word_boundaries(form, &(at..end))
                    && (form.get(..at).is_some_and(|b| b.ends_with('-'))
                        || form.get(end..).is_some_and(|a| a.starts_with('-')))
            })
        })
}
