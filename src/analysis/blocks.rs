//! What the engine reads from each block of prose on its own — term matches, acronym tokens, the
//! definitions written in it, and what its text says about the tokens in it (a reference entry, a news
//! item, quoted passages, a list item's lead-in: [`BlockFacts`]) — kept from one analysis of a
//! document to the next, block by block in document order, so that after an edit only the blocks it
//! touched are read again. The blocks before and after the edit are matched by position (their
//! texts compared, not hashed); those in between by text ([`scan`]).
//!
//! # Why a block can be read on its own
//!
//! Blocks of the flat text are separated by [`BREAK`](super::flat::BREAK), which no surface form
//! contains and which is neither a word character nor a character any of these readers looks through:
//! the term matcher checks the characters either side of a match for a word boundary, the token reader
//! stops at it (capital words, shouting runs, file-name suffixes) and definitions are found per block
//! anyway. So what these three find in a block depends only on the block's text (and on whether the
//! block opens a list item or is a heading, for list-item definitions), never on its neighbours or its
//! place in the document: a block scanned alone gives, shifted by the block's start, exactly what a scan
//! of the whole flat text gives. [`BlockFacts::of`] reads only the block's text by construction; the
//! lead-in it finds counts only for a list item's first block, which [`super::places`] checks on each
//! analysis, so a heading, a list item and a paragraph of the same text may share them. The property
//! tests (`tests/incremental.rs`) compare incremental and full analyses after random edits in every
//! format to hold this.
//!
//! What depends on more than one block (the rest of where a token stands: regions such as link texts,
//! quotations and reference sections, the words around it; first uses; the findings) is worked out
//! over the kept facts on every analysis. Where each block's tokens stand is kept too, with
//! everything beyond the block's text that it read, and reused only while all of that is unchanged
//! ([`TokenMemo`](super::document::TokenMemo), which lists what it compares); the rest is worked out afresh. The prose itself is
//! read afresh as well, except where `prose::incremental` proves a window can be read alone: how a
//! Markdown line reads can depend on a fence or a link reference definition anywhere in the document.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use rustc_hash::{FxHashMap, FxHashSet};

use super::cancel::{Cancel, Cancelled, BLOCKS_PER_GIVE_WAY};
use super::definitions::{find_definitions, FoundDefinition};
use super::document::BlockMemo;
use super::flat::{Flat, FlatBlock};
use super::matcher::TermMatch;
use super::places::{written_in_lower_case, BlockFacts, FactsOfBlocks};
use super::prose::{Moved, Reading};
use super::rules::KeptSearches;
use super::tokens::{acronym_tokens, Token};
use super::{Engine, Settings};
use crate::text::slice::Slice;

/// What one block holds, with ranges relative to the block's text.
#[derive(Debug, Default)]
pub struct BlockScan {
    matches: Vec<TermMatch>,
    tokens: Vec<Token>,
    definitions: Vec<FoundDefinition>,
    /// What the block's text says about the tokens in it (a reference entry, a news item, quoted
    /// passages), worked out the first time a token of the block is placed.
    facts: OnceLock<BlockFacts>,
}

impl BlockScan {
    fn new(text: &str, opens_with_definition: bool, engine: &Engine) -> BlockScan {
        let index = engine.index();
        let entries = engine.glossary().entries();
        let matches = index.matcher.find(text);
        // An acronym misspelled out of an acronym's shape ("QloRA", "AliBi": a capital before two
        // small letters) is still a use of it, as "LORA" is: one finding whose fix writes it right.
        let misspelled_acronyms: Vec<&str> = matches
            .iter()
            .filter(|m| m.wrong_form)
            .filter_map(|m| {
                let word = text.get(m.range.clone())?;
                let acronym = entries.get(m.entry)?.acronym.as_deref()?;
                acronym.eq_ignore_ascii_case(word).then_some(word)
            })
            .collect();
        let is_known =
            |word: &str| index.acronyms.contains_key(word) || misspelled_acronyms.contains(&word);
        BlockScan {
            tokens: acronym_tokens(text, is_known),
            matches,
            definitions: find_definitions(text, opens_with_definition, index),
            facts: OnceLock::new(),
        }
    }
}

/// The scans of the blocks of the last analysis of one document, in document order. One per
/// document: the server keeps it beside the document's text; a one-off analysis starts with an empty
/// one.
#[derive(Debug, Default)]
pub struct KeptBlocks {
    /// The engine the scans were made with ([`Engine::id`]): another glossary finds other terms.
    engine: u64,
    /// Each block of the last analysis, in document order.
    blocks: Vec<KeptBlock>,
    /// How many blocks the last analysis scanned afresh (for tests and logs).
    scanned: usize,
    /// How many blocks between the edits the last analysis looked up by their text, having found
    /// no kept block of the same text at their place (for tests and logs).
    by_text: usize,
    /// How many blocks' tokens the last analysis's document-wide step took from their memos.
    reused: usize,
    /// The last reading of the document's prose, which the next may reuse
    /// ([`super::prose::read`]); it depends on the text alone, not on the engine.
    reading: Option<Reading>,
    /// The flat text of the reading with this [`Reading::id`], which the next flat text is made
    /// from where the next reading kept its blocks ([`Flat::update`]).
    flat: Option<(u64, Flat)>,
    /// The [`Reading::id`] of the reading whose flat text `blocks` are the blocks of, when the
    /// last [`scan`] finished: a reading spliced from it says which blocks it kept
    /// ([`Moved`]), and [`scan`] takes those as they are without comparing their texts.
    blocks_of: Option<u64>,
    /// The settings of the last analysis whose tokens' places the blocks' memos hold
    /// ([`TokenMemo`](super::document::TokenMemo)).
    memo: MemoBase,
    /// Words that no block of `blocks` writes in lower case as a word of its own
    /// ([`written_in_lower_case`] over the flat text is false), as analyses asked. The flat text
    /// holds a word so only inside one block (no such word holds the break between blocks, and
    /// the break joins no word), so after an edit only a block whose text the last analysis did
    /// not have can change the answer: [`scan`] checks those, and the whole text is searched only
    /// for a word not asked before. About 200,000 instructions a word on a 1 MB document.
    unwritten: FxHashSet<Box<str>>,
    /// The answers of the rules' searches of the whole last text, which the next analysis checks
    /// only where the edits since changed it.
    searches: KeptSearches,
}

/// How many (word, new block) pairs [`scan`] checks for [`KeptBlocks::unwritten`] at most; past
/// that (a burst of edits at many places), it forgets the words instead.
const UNWRITTEN_CHECKS: usize = 4096;

/// How many words [`KeptBlocks::unwritten`] keeps at most.
pub const UNWRITTEN_WORDS: usize = 1024;

/// What the blocks' [`TokenMemo`](super::document::TokenMemo)s were worked out from beside each block's own state and the
/// source around it (which each memo keeps): the settings; and the reading whose blocks they are.
#[derive(Debug, Default)]
pub struct MemoBase {
    pub settings: Option<Settings>,
    /// The [`Reading::id`] of the last finished analysis, whose blocks the memos are, each with
    /// its block's key and span in that text: a reading spliced from it says which blocks it
    /// kept ([`Moved`]), and those keep their keys (`document::KeptKeys`). A stopped analysis
    /// leaves it as it was; its reading, kept, is not this one, so the next reading is not
    /// spliced from it.
    pub reading: Option<u64>,
}

/// One block of the last analysis: its text, whether it opens with a definition (a list item's first
/// block or a heading, where `- GRPO: Group …` defines; the same text elsewhere reads differently),
/// and its scan.
#[derive(Debug)]
struct KeptBlock {
    text: Box<str>,
    opens: bool,
    scan: Arc<BlockScan>,
    /// What the document-wide step made of the block's tokens at the last analysis, when the block
    /// stood before or after the edits since (its text unchanged) or was scanned in it.
    memo: BlockMemo,
}

impl KeptBlock {
    fn is(&self, text: &str, opens: bool) -> bool {
        self.opens == opens && &*self.text == text
    }
}

impl KeptBlocks {
    pub fn new() -> KeptBlocks {
        KeptBlocks::default()
    }

    /// How many blocks' scans are kept: one per block of the last analysis.
    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many blocks the last analysis read afresh rather than reusing a kept scan (blocks of the
    /// same text share one scan, so this counts texts new to the document).
    pub fn scanned(&self) -> usize {
        self.scanned
    }

    /// How many blocks the last analysis looked up by their text among the kept ones (hashing
    /// it), where no kept block of the same text stood at their place (for tests and logs).
    pub fn looked_up_by_text(&self) -> usize {
        self.by_text
    }

    /// How many blocks the last analysis's document-wide step took its tokens' results for from
    /// the analysis before ([`TokenMemo`](super::document::TokenMemo)), rather than working them out afresh (for tests and logs).
    pub fn tokens_reused(&self) -> usize {
        self.reused
    }

    /// Whether the last analysis read only the windows the edits touched rather than the whole
    /// prose (for logs and tests).
    pub fn prose_spliced(&self) -> bool {
        self.reading.as_ref().is_some_and(Reading::spliced)
    }

    /// The words no block of the last scan writes in lower case ([`KeptBlocks::unwritten`]): the
    /// document-wide step reads and adds to them.
    pub(super) fn unwritten(&mut self) -> &mut FxHashSet<Box<str>> {
        &mut self.unwritten
    }

    /// The rules' searches of the last text ([`KeptBlocks::searches`]).
    pub(super) fn searches(&mut self) -> &mut KeptSearches {
        &mut self.searches
    }

    pub(super) fn take_reading(&mut self) -> Option<Reading> {
        self.reading.take()
    }

    pub(super) fn keep_reading(&mut self, reading: Reading) {
        self.reading = Some(reading);
    }

    /// The flat text of `text`, read as `reading`: made from the last one where the reading
    /// says what it kept of the reading that one was made from, afresh otherwise.
    /// It cannot stop halfway (the flat text is kept either way), but it gives way to `cancel`'s
    /// pause.
    pub(super) fn flat_for(&mut self, text: &str, reading: &Reading, cancel: &Cancel) -> Flat {
        // A last flat text of no use is dropped before the new one is made: two of a 1 MB
        // document at once raised the server's peak memory.
        let moved = reading.moved();
        let last = self
            .flat
            .take()
            .filter(|(id, _)| moved.is_some_and(|m| m.from == *id));
        let flat = match (last, moved) {
            (Some((_, last)), Some(moved)) => {
                Flat::update(last, text, &reading.prose, &moved, cancel)
            }
            _ => Flat::giving_way(text, &reading.prose, cancel),
        };
        debug_assert!(
            flat == Flat::new(text, &reading.prose),
            "a flat text made from the last one is the one made afresh"
        );
        flat
    }

    /// Keeps `flat`, made from `reading`, for the next analysis (only where the next reading may
    /// be spliced from this one).
    pub(super) fn keep_flat(&mut self, flat: Flat, reading: &Reading) {
        self.flat = reading.splices_next().then(|| (reading.id(), flat));
    }

    /// The text and settings the memos that [`scan`] handed over were made with, when `settings`
    /// are those; the memos are of no use otherwise.
    pub(super) fn take_memo_base(&mut self, settings: &Settings) -> Option<MemoBase> {
        let base = std::mem::take(&mut self.memo);
        (base.settings.as_ref() == Some(settings)).then_some(base)
    }

    /// Puts back the memos [`scan`] handed over, one per block in document order, when the
    /// document-wide step stopped: they and `base` (what [`KeptBlocks::take_memo_base`] gave) stay
    /// the last finished analysis's, for the next analysis to check as it would have.
    pub(super) fn give_back_memos(
        &mut self,
        memos: super::document::Memos,
        base: Option<MemoBase>,
    ) {
        let Some(base) = base else {
            // Made with other settings: of no use.
            return;
        };
        if memos.blocks.len() != self.blocks.len() {
            return;
        }
        for (block, memo) in self.blocks.iter_mut().zip(memos.blocks) {
            block.memo = memo;
        }
        self.memo = base;
    }

    /// Keeps the memos of this analysis's blocks (in document order, one per block), made with
    /// `settings` for the blocks of `reading` ([`Reading::id`]); `buffer` is the last analysis's
    /// base, reused.
    pub(super) fn keep_memos(
        &mut self,
        memos: super::document::Memos,
        (settings, reading): (&Settings, u64),
        buffer: Option<MemoBase>,
    ) {
        self.reused = memos.reused;
        if memos.blocks.len() != self.blocks.len() {
            return;
        }
        for (block, memo) in self.blocks.iter_mut().zip(memos.blocks) {
            block.memo = memo;
        }
        let mut base = buffer.unwrap_or_default();
        if base.settings.as_ref() != Some(settings) {
            base.settings = Some(settings.clone());
        }
        base.reading = Some(reading);
        self.memo = base;
    }
}

/// How far [`scan`] looks, in blocks of the two texts together, for where the blocks between the
/// edits agree again by position after one that differs (an edit that splits a paragraph adds one;
/// one that joins two removes one).
const RESYNC: usize = 4;

/// How far [`scan`] looks on one side when the blocks do not agree again within [`RESYNC`]: an edit
/// that turns many blocks into one or one into many (a table's delimiter row mistyped makes its
/// cells one paragraph; mended, one paragraph many cells) shifts every block after it by dozens.
/// Without looking that far, every block after such an edit was looked up by its text (hashing
/// most of a long document).
const FAR_RESYNC: usize = 512;

/// How many times one [`scan`] looks [`FAR_RESYNC`] blocks ahead: each look that finds nothing
/// compares up to ~5,000 pairs of blocks, and a text whose blocks never agree again (a code fence
/// opened above the rest of the document) would otherwise repeat it.
const FAR_LOOKS: usize = 8;

/// How many of the first and of the last blocks of `new` (this analysis's) are, by what the
/// reading says it kept ([`Moved`]), blocks of `old` (the kept blocks, made from the flat text of
/// the reading `old_reading` names) with the same text and flags, in the same order: none unless
/// the reading was spliced from that one. A kept block's flat text depends only on the source
/// under its segments and their joins (the break that may open it lies outside its range), which
/// the reading kept, moved; its flags come from its kind, kept too.
fn kept_by_reading(
    moved: Option<Moved>,
    old_reading: Option<u64>,
    new: &[FlatBlock],
    old: &[KeptBlock],
) -> (usize, usize) {
    let Some(moved) = moved.filter(|m| Some(m.from) == old_reading) else {
        return (0, 0);
    };
    let before = moved.before.min(new.len()).min(old.len());
    let after = moved.after.min(new.len() - before).min(old.len() - before);
    (before, after)
}

/// What every block of a document holds, in flat offsets, in document order.
#[derive(Debug, Default)]
pub struct Scans {
    pub matches: Vec<TermMatch>,
    pub tokens: Vec<Token>,
    /// Definitions found in blocks.
    pub definitions: Vec<FoundDefinition>,
    /// The scan of each block, in document order: where [`Scans::facts`] come from.
    blocks: Vec<Arc<BlockScan>>,
    /// The memo of each block's tokens from the last analysis, if any, in document order.
    pub memos: Vec<BlockMemo>,
}

impl Scans {
    /// How many tokens block `index` holds.
    pub fn tokens_in(&self, index: usize) -> usize {
        self.blocks.get(index).map_or(0, |scan| scan.tokens.len())
    }

    /// How many term matches block `index` holds.
    pub fn matches_in(&self, index: usize) -> usize {
        self.blocks.get(index).map_or(0, |scan| scan.matches.len())
    }
}

impl FactsOfBlocks for Scans {
    /// The facts of block `index`, whose text is `text`: kept with the block's scan, so worked out
    /// once per block text, not once per analysis.
    fn facts(&self, index: usize, text: &str) -> Option<&BlockFacts> {
        let scan = self.blocks.get(index)?;
        Some(scan.facts.get_or_init(|| BlockFacts::of(text)))
    }
}

/// Scans every block of `flat`, reusing the scans `kept` holds for blocks of the same text and keeping
/// the scans of exactly these blocks for the next analysis. Checks `cancel` before every block it must
/// scan afresh; a cancelled scan leaves `kept` as it was.
///
/// An edit changes a few blocks in one place: the blocks before it and after it are the last
/// analysis's, in the same order. Those are matched by position, comparing texts (no hashing of the
/// whole document on every keystroke); only the blocks between them are looked up by text among the
/// last analysis's blocks between them, and among the blocks scanned afresh in this analysis. A
/// block's scan depends on its text and on whether it opens with a definition alone (the module
/// comment says why), so a scan reused from anywhere equals a fresh one.
pub fn scan(
    flat: &Flat,
    reading: &Reading,
    engine: &Engine,
    kept: &mut KeptBlocks,
    cancel: &Cancel,
) -> Result<Scans, Cancelled> {
    if kept.engine != engine.id() {
        *kept = KeptBlocks {
            engine: engine.id(),
            reading: kept.reading.take(),
            ..KeptBlocks::default()
        };
    }
    let text_of = |block: &FlatBlock| flat.text.slice(block.range.clone());
    // A heading may define as a list item does: "# DeLoRA: Decoupled Low-rank Adaptation".
    let opens = |block: &FlatBlock| block.starts_list_item || block.heading;
    let (new, old) = (&flat.blocks, &kept.blocks);
    let same = |n: &FlatBlock, o: &KeptBlock| o.is(text_of(n), opens(n));
    // The blocks the reading kept of the one the kept blocks were made from are theirs as they
    // were: only the rest is compared.
    let (kept_before, kept_after) = kept_by_reading(reading.moved(), kept.blocks_of, new, old);
    debug_assert!(
        new.iter()
            .zip(old)
            .take(kept_before)
            .all(|(n, o)| same(n, o))
            && new
                .iter()
                .rev()
                .zip(old.iter().rev())
                .take(kept_after)
                .all(|(n, o)| same(n, o)),
        "a block the reading kept has the text and flags of the kept block"
    );
    let prefix = kept_before
        + new
            .iter()
            .zip(old)
            .skip(kept_before)
            .take_while(|(n, o)| same(n, o))
            .count();
    let suffix = new
        .get(prefix..)
        .unwrap_or_default()
        .iter()
        .rev()
        .zip(old.get(prefix..).unwrap_or_default().iter().rev())
        .enumerate()
        .take_while(|(index, (n, o))| *index < kept_after || same(n, o))
        .count();
    let new_middle = prefix..new.len() - suffix;
    let old_middle = prefix..old.len() - suffix;
    // Edits at many places (a burst of keystrokes, a search and replace) leave most blocks in
    // between unchanged and in the same order: those are matched by position too, walking both
    // middles in step and skipping over a few blocks to where they agree again. Only the rest is
    // looked up by text, which hashed every block of the document after such edits.
    let mut aligned: Vec<Option<usize>> = vec![None; new_middle.len()];
    let mut old_aligned = vec![false; old_middle.len()];
    {
        let agree = |i: usize, j: usize| {
            i < new_middle.end
                && j < old_middle.end
                && new.get(i).zip(old.get(j)).is_some_and(|(n, o)| same(n, o))
        };
        let (mut i, mut j) = (new_middle.start, old_middle.start);
        let mut far_looks = 0;
        while i < new_middle.end && j < old_middle.end {
            if agree(i, j) {
                if let Some(slot) = aligned.get_mut(i - new_middle.start) {
                    *slot = Some(j);
                }
                if let Some(slot) = old_aligned.get_mut(j - old_middle.start) {
                    *slot = true;
                }
                (i, j) = (i + 1, j + 1);
                continue;
            }
            // The nearest blocks that agree again, `a` new ones and `b` old ones on.
            let near = (1..=RESYNC).find_map(|d| {
                (0..=d)
                    .find(|&a| agree(i + a, j + d - a))
                    .map(|a| (a, d - a))
            });
            // Else the nearest far on one side and near on the other, where the block after
            // agrees too (or the middle ends): two in a row, so that a short text the document
            // repeats ("Results:") does not align the blocks in between by chance. Any alignment
            // of equal texts is exact (each block is scanned by its text); this one keeps the
            // blocks after such an edit matched by position.
            let far = || {
                far_looks += 1;
                let anchor = |a: usize, b: usize| {
                    agree(i + a, j + b)
                        && (agree(i + a + 1, j + b + 1)
                            || i + a + 1 == new_middle.end
                            || j + b + 1 == old_middle.end)
                };
                // No farther than the longer of the two middles reaches (a single edit's middle
                // is its own block: nothing to look for).
                let reach = (new_middle.end - i).max(old_middle.end - j);
                (far_looks <= FAR_LOOKS)
                    .then(|| {
                        (RESYNC + 1..=FAR_RESYNC.min(reach)).find_map(|far| {
                            (0..=RESYNC).find_map(|near| {
                                if anchor(near, far) {
                                    Some((near, far))
                                } else if anchor(far, near) {
                                    Some((far, near))
                                } else {
                                    None
                                }
                            })
                        })
                    })
                    .flatten()
            };
            match near.or_else(far) {
                Some((a, b)) => (i, j) = (i + a, j + b),
                None => break,
            }
        }
    }
    // The last analysis's blocks in between that no block matched by position, by text: the first
    // of each text not yet matched, and after each one the next of the same text (`NONE` after the
    // last). Blocks of one text are matched in order, each old block to one new block, so that
    // every one brings its memo: a document that repeats a paragraph (a template, a table row, a
    // generated benchmark) kept only one memo per text, and a burst of edits at many places placed
    // most tokens afresh.
    const NONE: usize = usize::MAX;
    let mut old_by_text: FxHashMap<(&str, bool), (usize, &Arc<BlockScan>)> = FxHashMap::default();
    let mut next_same = vec![NONE; old_middle.len()];
    for (index, block) in old
        .iter()
        .enumerate()
        .skip(old_middle.start)
        .take(old_middle.len())
        .rev()
        .filter(|(index, _)| old_aligned.get(index - old_middle.start) == Some(&false))
    {
        if let Some((later, _)) =
            old_by_text.insert((&block.text, block.opens), (index, &block.scan))
        {
            if let Some(next) = next_same.get_mut(index - old_middle.start) {
                *next = later;
            }
        }
    }
    let mut fresh: FxHashMap<(&str, bool), Arc<BlockScan>> = FxHashMap::default();
    let mut middle = Vec::with_capacity(new_middle.len());
    for (index, (block, aligned)) in new
        .get(new_middle.clone())
        .unwrap_or_default()
        .iter()
        .zip(&aligned)
        .enumerate()
    {
        if index % BLOCKS_PER_GIVE_WAY == BLOCKS_PER_GIVE_WAY - 1 {
            cancel.give_way();
        }
        if let Some(scan) = aligned
            .and_then(|j| old.get(j))
            .map(|o| Arc::clone(&o.scan))
        {
            middle.push((scan, *aligned));
            continue;
        }
        let key = (text_of(block), opens(block));
        let found = match old_by_text.get_mut(&key) {
            Some((index, scan)) => {
                let from = (*index != NONE).then_some(*index);
                if let Some(from) = from {
                    *index = next_same
                        .get(from - old_middle.start)
                        .copied()
                        .unwrap_or(NONE);
                }
                Some((Arc::clone(scan), from))
            }
            None => fresh.get(&key).map(|scan| (Arc::clone(scan), None)),
        };
        let found = match found {
            Some(found) => found,
            None => {
                cancel.check()?;
                let scan = Arc::new(BlockScan::new(key.0, key.1, engine));
                fresh.insert(key, Arc::clone(&scan));
                (scan, None)
            }
        };
        middle.push(found);
    }
    let scanned = fresh.len();
    // A word no block wrote in lower case may be written so only in a block whose text the last
    // analysis did not have, and each of those was scanned afresh (a text found among the last
    // analysis's blocks, by position or by text, was not).
    if fresh.len().saturating_mul(kept.unwritten.len()) > UNWRITTEN_CHECKS {
        kept.unwritten.clear();
    } else if !fresh.is_empty() {
        kept.unwritten.retain(|word| {
            !fresh
                .keys()
                .any(|(text, _)| written_in_lower_case(text, word))
        });
    }
    drop((old_by_text, fresh));
    // Keep this analysis's blocks in order: those before and after the edit move over with their
    // text (no copy), those in between are new.
    let mut old = std::mem::take(&mut kept.blocks);
    // A block found by its text among the last analysis's brings that block's memo (each old block's
    // to one new block): a memo checks on reuse everything beyond the block's text that its results
    // read, wherever it was made. Edits at many places make most blocks "in between". It brings its
    // text too, the same, rather than a copy of the new one.
    let (memos, texts): (Vec<_>, Vec<Option<Box<str>>>) = middle
        .iter()
        .map(|(_, from)| {
            from.and_then(|index| old.get_mut(index))
                .map_or((None, None), |block| {
                    (block.memo.take(), Some(std::mem::take(&mut block.text)))
                })
        })
        .unzip();
    let after: Vec<KeptBlock> = old.drain(old_middle.end..).collect();
    old.truncate(prefix);
    let mut blocks = old;
    blocks.reserve_exact(new.len() - prefix);
    // From here on what is kept changes: no stop, but it gives way.
    for (index, (((block, (scan, _)), memo), text)) in new
        .get(new_middle)
        .unwrap_or_default()
        .iter()
        .zip(middle)
        .zip(memos)
        .zip(texts)
        .enumerate()
    {
        if index % BLOCKS_PER_GIVE_WAY == BLOCKS_PER_GIVE_WAY - 1 {
            cancel.give_way();
        }
        blocks.push(KeptBlock {
            text: text.unwrap_or_else(|| text_of(block).into()),
            opens: opens(block),
            scan,
            memo,
        });
    }
    blocks.extend(after);
    kept.blocks = blocks;
    kept.blocks_of = Some(reading.id());
    kept.scanned = scanned;
    kept.by_text = aligned.iter().filter(|a| a.is_none()).count();
    let mut scans = Scans {
        blocks: kept.blocks.iter().map(|b| Arc::clone(&b.scan)).collect(),
        memos: kept.blocks.iter_mut().map(|b| b.memo.take()).collect(),
        ..Scans::default()
    };
    // Sized once: growing them block by block copied each list several times over on every analysis.
    let total = |count: fn(&BlockScan) -> usize| scans.blocks.iter().map(|s| count(s)).sum();
    scans.matches.reserve_exact(total(|s| s.matches.len()));
    scans.tokens.reserve_exact(total(|s| s.tokens.len()));
    scans
        .definitions
        .reserve_exact(total(|s| s.definitions.len()));
    for (index, (block, scan)) in flat.blocks.iter().zip(&scans.blocks).enumerate() {
        if index % BLOCKS_PER_GIVE_WAY == BLOCKS_PER_GIVE_WAY - 1 {
            cancel.give_way();
        }
        let start = block.range.start;
        let shift = |r: &Range<usize>| r.start + start..r.end + start;
        scans.matches.extend(scan.matches.iter().map(|m| TermMatch {
            range: shift(&m.range),
            ..m.clone()
        }));
        scans.tokens.extend(scan.tokens.iter().map(|t| Token {
            range: shift(&t.range),
            acronym_len: t.acronym_len,
            plural: t.plural,
            english_word: t.english_word,
        }));
        scans
            .definitions
            .extend(scan.definitions.iter().map(|d| FoundDefinition {
                acronym: d.acronym.clone(),
                acronym_range: shift(&d.acronym_range),
                long_form_range: shift(&d.long_form_range),
                span: shift(&d.span),
                form: d.form,
            }));
    }
    Ok(scans)
}
