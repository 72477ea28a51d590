//! What the engine reads from each block of prose on its own — term matches, acronym tokens, the
//! definitions written in it, and what its text says about the tokens in it (a reference entry, a news
//! item, quoted passages, a list item's lead-in: [`BlockFacts`]) — kept from one analysis of a
//! document to the next, keyed by the block's text, so that after an edit only the blocks it touched
//! are read again.
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
//! afresh over the kept facts on every analysis. The prose itself is read afresh as well: how a
//! Markdown line reads can depend on a fence or a link reference definition anywhere in the document.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use super::cancel::{Cancel, Cancelled};
use super::definitions::{find_definitions, FoundDefinition};
use super::flat::Flat;
use super::matcher::TermMatch;
use super::places::{BlockFacts, FactsOfBlocks};
use super::prose::Reading;
use super::tokens::{acronym_tokens, Token};
use super::Engine;
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
        let is_known = |word: &str| index.acronyms.contains_key(word);
        BlockScan {
            matches: index.matcher.find(text),
            tokens: acronym_tokens(text, is_known),
            definitions: find_definitions(text, opens_with_definition, index),
            facts: OnceLock::new(),
        }
    }
}

/// The scans of the blocks of the last analysis of one document, by block text. One per document:
/// the server keeps it beside the document's text; a one-off analysis starts with an empty one.
#[derive(Debug, Default)]
pub struct KeptBlocks {
    /// The engine the scans were made with ([`Engine::id`]): another glossary finds other terms.
    engine: u64,
    kept: Kept,
    /// The last reading of the document's prose, which the next may reuse
    /// ([`super::prose::read`]); it depends on the text alone, not on the engine.
    reading: Option<Reading>,
}

/// Scans by block text: of blocks that open with a definition (a list item's first block or a
/// heading, where `- GRPO: Group …` defines) and of the others, which read the same text differently.
#[derive(Debug, Default)]
struct Kept {
    opening: FxHashMap<Box<str>, Arc<BlockScan>>,
    other: FxHashMap<Box<str>, Arc<BlockScan>>,
}

impl Kept {
    fn side(&mut self, opens: bool) -> &mut FxHashMap<Box<str>, Arc<BlockScan>> {
        if opens {
            &mut self.opening
        } else {
            &mut self.other
        }
    }

    fn len(&self) -> usize {
        self.opening.len() + self.other.len()
    }
}

impl KeptBlocks {
    pub fn new() -> KeptBlocks {
        KeptBlocks::default()
    }

    /// How many block scans are kept.
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the last analysis read only the paragraph an edit touched rather than the whole
    /// prose (for logs and tests).
    pub fn prose_spliced(&self) -> bool {
        self.reading.as_ref().is_some_and(Reading::spliced)
    }

    pub(super) fn take_reading(&mut self) -> Option<Reading> {
        self.reading.take()
    }

    pub(super) fn keep_reading(&mut self, reading: Reading) {
        self.reading = Some(reading);
    }
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
/// scan afresh.
pub fn scan(
    flat: &Flat,
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
    // Sized as the last analysis's: most blocks are kept again.
    let mut next = Kept {
        opening: FxHashMap::with_capacity_and_hasher(kept.kept.opening.len(), Default::default()),
        other: FxHashMap::with_capacity_and_hasher(kept.kept.other.len(), Default::default()),
    };
    let mut scans = Scans {
        blocks: Vec::with_capacity(flat.blocks.len()),
        ..Scans::default()
    };
    for block in &flat.blocks {
        let text = flat.text.slice(block.range.clone());
        // A heading may define as a list item does: "# DeLoRA: Decoupled Low-rank Adaptation".
        let opens = block.starts_list_item || block.heading;
        let scan = match next.side(opens).get(text) {
            Some(scan) => Arc::clone(scan),
            None => {
                // The key moves with the scan: the text is not copied again for a kept block.
                let (key, scan) = match kept.kept.side(opens).remove_entry(text) {
                    Some(entry) => entry,
                    None => {
                        if let Err(cancelled) = cancel.check() {
                            // What was moved out stays kept for the analysis that replaces this one.
                            kept.kept.opening.extend(next.opening);
                            kept.kept.other.extend(next.other);
                            return Err(cancelled);
                        }
                        (text.into(), Arc::new(BlockScan::new(text, opens, engine)))
                    }
                };
                next.side(opens).insert(key, Arc::clone(&scan));
                scan
            }
        };
        scans.blocks.push(scan);
    }
    // Sized once: growing them block by block copied each list several times over on every analysis.
    let total = |count: fn(&BlockScan) -> usize| scans.blocks.iter().map(|s| count(s)).sum();
    scans.matches.reserve_exact(total(|s| s.matches.len()));
    scans.tokens.reserve_exact(total(|s| s.tokens.len()));
    scans
        .definitions
        .reserve_exact(total(|s| s.definitions.len()));
    for (block, scan) in flat.blocks.iter().zip(&scans.blocks) {
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
    kept.kept = next;
    Ok(scans)
}
