//! The document's prose as one string, so that every rule reads prose the way a person does:
//! `**Large** language model` is "Large language model" and `[Multi-Query Attention](url) (MQA)` is
//! "Multi-Query Attention (MQA)". Offsets in the flat string map back to the source text.
//!
//! Blocks are separated by a newline, and so are segments that a non-prose element (inline code, math,
//! a URL) splits: no term, token or definition is read across one. Line breaks inside a block become a
//! space.

use std::cell::Cell;
use std::ops::Range;

use super::cancel::{Cancel, BLOCKS_PER_GIVE_WAY};
use super::prose::{Block, BlockKind, Join, Moved, Prose};
use crate::text::ranges::first_from;
use crate::text::slice::Slice;

/// A contiguous piece of prose: `len` bytes at `flat` in the flat string come from `source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    flat: usize,
    source: usize,
    len: usize,
}

/// A block's place in the flat string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlatBlock {
    pub range: Range<usize>,
    /// A heading or a title: read as a heading (see [`BlockKind`]).
    pub heading: bool,
    /// A heading that starts a section (not a title inside one).
    pub section: bool,
    pub starts_list_item: bool,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Flat {
    pub text: String,
    pub blocks: Vec<FlatBlock>,
    pieces: Vec<Piece>,
}

/// The separator between blocks and across breaks. It is not a word character and no surface form
/// contains it.
pub const BREAK: char = '\n';

impl Flat {
    pub fn new(source: &str, prose: &Prose) -> Flat {
        Flat::giving_way(source, prose, &Cancel::never())
    }

    /// [`Flat::new`], offering `cancel`'s pause every few hundred blocks ([`Cancel::give_way`]):
    /// a 1 MB document's flat text takes about a millisecond to make.
    pub fn giving_way(source: &str, prose: &Prose, cancel: &Cancel) -> Flat {
        Flat::of_blocks(source, &prose.blocks, false, Some(source.len()), cancel)
    }

    /// The flat text of `blocks` alone, as [`Flat::new`] makes it after a flat text that is
    /// empty or not (`after_text`: each block then opens with a break); `capacity` bytes, or as
    /// many as the blocks may take.
    fn of_blocks(
        source: &str,
        blocks: &[Block],
        after_text: bool,
        capacity: Option<usize>,
        cancel: &Cancel,
    ) -> Flat {
        // Every block and every segment makes one entry: vectors made to size, not grown by
        // doubling (on a 1 MB document ~0.4 M instructions of copies per analysis).
        let pieces = blocks.iter().map(|b| b.segments.len()).sum();
        // A segment's flat text is as long as its source; a break or a space may come before it.
        let capacity = capacity.unwrap_or_else(|| {
            blocks
                .iter()
                .flat_map(|b| &b.segments)
                .map(|s| s.range.len() + 1)
                .sum::<usize>()
                + blocks.len()
        });
        let mut flat = Flat {
            text: String::with_capacity(capacity),
            blocks: Vec::with_capacity(blocks.len()),
            pieces: Vec::with_capacity(pieces),
        };
        let mut breaks = LineBreaks {
            source: source.as_bytes(),
            from: 0,
            next: None,
        };
        for (index, block) in blocks.iter().enumerate() {
            if index % BLOCKS_PER_GIVE_WAY == BLOCKS_PER_GIVE_WAY - 1 {
                cancel.give_way();
            }
            if after_text || !flat.text.is_empty() {
                flat.text.push(BREAK);
            }
            let block_start = flat.text.len();
            for (index, segment) in block.segments.iter().enumerate() {
                let Some(piece_text) = source.get(segment.range.clone()) else {
                    continue;
                };
                if index > 0 {
                    match segment.join {
                        Join::Direct => {}
                        Join::Space => flat.text.push(' '),
                        Join::Break => flat.text.push(BREAK),
                    }
                }
                // Line breaks inside a segment (a wrapped paragraph) read as spaces. Most segments
                // hold none, and are copied as they are.
                let normalized_start = flat.text.len();
                if !breaks.within(&segment.range) {
                    flat.text.push_str(piece_text);
                } else {
                    for (index, line) in piece_text.split(['\n', '\r']).enumerate() {
                        if index > 0 {
                            flat.text.push(' ');
                        }
                        flat.text.push_str(line);
                    }
                }
                flat.pieces.push(Piece {
                    flat: normalized_start,
                    source: segment.range.start,
                    len: piece_text.len(),
                });
            }
            flat.blocks.push(FlatBlock {
                range: block_start..flat.text.len(),
                heading: matches!(block.kind, BlockKind::Heading | BlockKind::Title),
                section: block.kind == BlockKind::Heading,
                starts_list_item: block.starts_list_item,
            });
        }
        flat
    }

    /// [`Flat::new`] of `source` and `prose`, made from `last`, the flat text of the prose that
    /// `prose` was spliced from (`moved` says what it kept of it, [`Moved`]): the blocks it kept
    /// before the edits keep their flat text, those it kept after them keep theirs, moved, and
    /// only the blocks in between are made afresh. Making the whole flat text cost ~1.8 M
    /// instructions on a 1 MB document, one keystroke's edits a few thousand.
    ///
    /// A block's flat text and pieces depend on the source under its segments, its segments and
    /// their joins, and on whether any flat text comes before it (a break opens it then): the
    /// blocks kept are the same blocks over the same source, and the blocks after the edits are
    /// taken only where flat text comes before them in both.
    pub fn update(last: Flat, source: &str, prose: &Prose, moved: &Moved, cancel: &Cancel) -> Flat {
        let (new_count, old_count) = (prose.blocks.len(), last.blocks.len());
        let mut before = moved.before.min(new_count).min(old_count);
        // A prefix of no flat text would leave it open whether the next block opens with a break.
        let prefix_end = before
            .checked_sub(1)
            .and_then(|i| last.blocks.get(i))
            .map_or(0, |b| b.range.end);
        if prefix_end == 0 {
            before = 0;
        }
        let after = moved.after.min(new_count - before).min(old_count - before);
        if (new_count - before - after) * 2 > new_count {
            // Edits all over the document (a burst at many places): most blocks are made afresh,
            // and making them in place of the old ones would only copy them once more. The last
            // flat text goes first: two of a 1 MB document at once raised the server's peak.
            drop(last);
            return Flat::giving_way(source, prose, cancel);
        }
        let (mut text, mut blocks, mut pieces) = (last.text, last.blocks, last.pieces);
        let middle = prose
            .blocks
            .get(before..new_count - after)
            .unwrap_or_default();
        let mid = Flat::of_blocks(source, middle, before > 0, None, cancel);
        // Where the blocks kept after the edits start in the last flat text (a break before them).
        let old_tail = blocks
            .get(old_count - after)
            .map_or(text.len(), |b| b.range.start);
        if after > 0 && (old_tail == 0 || prefix_end + mid.text.len() == 0) {
            // No flat text before them in one of the texts: made afresh.
            return Flat::update(
                Flat {
                    text,
                    blocks,
                    pieces,
                },
                source,
                prose,
                &Moved { after: 0, ..*moved },
                cancel,
            );
        }
        if after == 0 {
            // Nothing kept after the edits: the rest is the middle.
            let mut flat = Flat {
                text,
                blocks,
                pieces,
            };
            flat.truncate(before, prefix_end);
            flat.append(mid);
            return flat;
        }
        let old_break = old_tail - 1;
        let new_break = prefix_end + mid.text.len();
        let flat_shift = new_break as isize - old_break as isize;
        let by = |n: usize, shift: isize| (n as isize + shift) as usize;
        // The pieces and blocks of the prefix, the middle's, and the rest moved.
        let prefix_pieces = pieces.partition_point(|p| p.flat <= prefix_end);
        let prefix_pieces = if before == 0 { 0 } else { prefix_pieces };
        let tail_pieces = pieces.partition_point(|p| p.flat < old_tail);
        room(&mut text, mid.text.len());
        room(&mut pieces, mid.pieces.len());
        room(&mut blocks, mid.blocks.len());
        text.replace_range(prefix_end..old_break, &mid.text);
        pieces.splice(
            prefix_pieces..tail_pieces,
            mid.pieces.iter().map(|p| Piece {
                flat: p.flat + prefix_end,
                ..*p
            }),
        );
        let moved_pieces = prefix_pieces + mid.pieces.len();
        for p in pieces.get_mut(moved_pieces..).unwrap_or_default() {
            p.flat = by(p.flat, flat_shift);
            p.source = by(p.source, moved.shift);
        }
        blocks.splice(
            before..old_count - after,
            mid.blocks.iter().map(|b| FlatBlock {
                range: b.range.start + prefix_end..b.range.end + prefix_end,
                ..b.clone()
            }),
        );
        for b in blocks
            .get_mut(before + mid.blocks.len()..)
            .unwrap_or_default()
        {
            b.range = by(b.range.start, flat_shift)..by(b.range.end, flat_shift);
        }
        Flat {
            text,
            blocks,
            pieces,
        }
    }

    /// Keeps the first `blocks` blocks, which end at flat offset `end`, and their pieces.
    fn truncate(&mut self, blocks: usize, end: usize) {
        let pieces = if blocks == 0 {
            0
        } else {
            self.pieces.partition_point(|p| p.flat <= end)
        };
        self.text.truncate(end);
        self.blocks.truncate(blocks);
        self.pieces.truncate(pieces);
    }

    /// Appends `rest`, made as [`Flat::of_blocks`] after this flat text.
    fn append(&mut self, rest: Flat) {
        let at = self.text.len();
        room(&mut self.text, rest.text.len());
        room(&mut self.pieces, rest.pieces.len());
        room(&mut self.blocks, rest.blocks.len());
        self.text.push_str(&rest.text);
        self.pieces.extend(rest.pieces.iter().map(|p| Piece {
            flat: p.flat + at,
            ..*p
        }));
        self.blocks
            .extend(rest.blocks.into_iter().map(|b| FlatBlock {
                range: b.range.start + at..b.range.end + at,
                ..b
            }));
    }

    /// The source offset of flat offset `at`. Offsets in an inserted separator map to the end of the
    /// piece before it.
    pub fn to_source(&self, at: usize) -> usize {
        self.source_of(self.pieces.partition_point(|p| p.flat <= at), at)
    }

    /// The source range of a flat range. A range that ends exactly at a piece's end maps to that piece's
    /// end, not to the start of the next piece.
    pub fn range_to_source(&self, range: Range<usize>) -> Range<usize> {
        let index = self.pieces.partition_point(|p| p.flat <= range.start);
        SourceCursor { flat: self, index }.range_to_source(range)
    }

    /// Maps flat ranges that come in document order to source ranges, as [`Flat::range_to_source`]
    /// does, at a cost that grows with the distance from the last range rather than with the document.
    pub fn cursor(&self) -> SourceCursor<'_> {
        SourceCursor {
            flat: self,
            index: 0,
        }
    }

    /// The source offset of flat offset `at`, where `index` is the number of pieces that start at or
    /// before `at`.
    fn source_of(&self, index: usize, at: usize) -> usize {
        match index.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(piece) => piece.source + (at - piece.flat).min(piece.len),
            None => self.pieces.first().map_or(0, |p| p.source),
        }
    }

    fn char_len_at(&self, at: usize) -> usize {
        let mut start = at;
        while start > 0 && !self.text.is_char_boundary(start) {
            start -= 1;
        }
        self.text
            .slice(start..)
            .chars()
            .next()
            .map_or(1, char::len_utf8)
            - (at - start)
    }

    /// The source span of `block`'s pieces, and in `layout` each of its pieces as (flat offset from
    /// the block's start, source offset from the span's start, length): two blocks of the same flat
    /// text and layout map every offset in them to the source in the same way, shifted by their
    /// spans' starts. `None` when no piece starts at the block's start (an offset there would be
    /// mapped by a piece of the block before), or an offset does not fit in 32 bits (kept for
    /// every block of an open document, the layouts take half the memory in `u32`s). `last` is
    /// where the last lookup landed (see [`first_from`]).
    pub fn block_layout(
        &self,
        block: &FlatBlock,
        last: &Cell<usize>,
        layout: &mut Vec<[u32; 3]>,
    ) -> Option<Range<usize>> {
        layout.clear();
        let first = first_from(&self.pieces, last, |p| p.flat < block.range.start);
        let pieces = self.pieces.get(first..).unwrap_or_default();
        if pieces.first().is_none_or(|p| p.flat != block.range.start) {
            return None;
        }
        // One pass for the block's pieces and their source span (asked of every block on every
        // analysis).
        let (mut count, mut start, mut end) = (0, usize::MAX, 0);
        for p in pieces.iter().take_while(|p| p.flat <= block.range.end) {
            count += 1;
            start = start.min(p.source);
            end = end.max(p.source + p.len);
        }
        // The next block's pieces start after this one's: its lookup starts there, with no step.
        last.set(first + count);
        for p in pieces.get(..count).unwrap_or_default() {
            let narrow = |n: usize| u32::try_from(n).ok();
            layout.push([
                narrow(p.flat - block.range.start)?,
                narrow(p.source - start)?,
                narrow(p.len)?,
            ]);
        }
        Some(start..end)
    }

    /// The block that holds flat offset `at`.
    pub fn block_at(&self, at: usize) -> Option<&FlatBlock> {
        self.block_at_from(at, &Cell::new(0))
    }

    /// [`Flat::block_at`], looked up forward from the block the last lookup found (`last`, updated):
    /// for offsets asked for in document order (see [`first_from`]).
    pub fn block_at_from(&self, at: usize, last: &Cell<usize>) -> Option<&FlatBlock> {
        let index = first_from(&self.blocks, last, |b| b.range.end < at);
        self.blocks
            .get(index)
            .filter(|b| b.range.contains(&at) || b.range.end == at)
    }
}

/// Room for `more` items in `buffer`, kept from one analysis to the next: grown to what it
/// holds plus 1/64, not doubled (the flat text of a 1 MB document would keep 2 MB after one
/// keystroke past its capacity), so that typing reuses it for a while before it grows again.
fn room<B: Room>(buffer: &mut B, more: usize) {
    let len = buffer.len();
    if buffer.spare() < more {
        buffer.reserve_exact(more + len / 64);
    }
}

/// A buffer [`room`] grows: a string or a vector.
trait Room {
    fn len(&self) -> usize;
    fn spare(&self) -> usize;
    fn reserve_exact(&mut self, more: usize);
}

impl Room for String {
    fn len(&self) -> usize {
        String::len(self)
    }
    fn spare(&self) -> usize {
        self.capacity() - String::len(self)
    }
    fn reserve_exact(&mut self, more: usize) {
        String::reserve_exact(self, more);
    }
}

impl<T> Room for Vec<T> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn spare(&self) -> usize {
        self.capacity() - Vec::len(self)
    }
    fn reserve_exact(&mut self, more: usize) {
        Vec::reserve_exact(self, more);
    }
}

/// Where the source's next line break is, from where it was last asked: whether a piece holds one is
/// asked of tens of thousands of pieces in source order, most of them a few words between two
/// pieces of markup on the same line, and one search to the line's end answers for all of them.
struct LineBreaks<'a> {
    source: &'a [u8],
    /// No line break stands in `from..next`, and one stands at `next` (`usize::MAX`: none after
    /// `from`); `None` before the first search.
    from: usize,
    next: Option<usize>,
}

impl LineBreaks<'_> {
    /// Whether the source holds a `\n` or a `\r` in `range`.
    fn within(&mut self, range: &Range<usize>) -> bool {
        let next = match self.next {
            Some(next) if self.from <= range.start && range.start <= next => next,
            _ => {
                let rest = self.source.get(range.start..).unwrap_or_default();
                let next =
                    memchr::memchr2(b'\n', b'\r', rest).map_or(usize::MAX, |at| range.start + at);
                (self.from, self.next) = (range.start, Some(next));
                next
            }
        };
        next < range.end
    }
}

/// A place in a [`Flat`]'s pieces, moved forward (or back) to each offset asked for: the analysis maps
/// tens of thousands of term and token ranges in document order, and a search over every piece for
/// each one was a measurable part of an analysis after a keystroke.
pub struct SourceCursor<'a> {
    flat: &'a Flat,
    /// The number of pieces that start at or before the offset last asked for.
    index: usize,
}

impl SourceCursor<'_> {
    /// [`Flat::to_source`]: the pieces start at ascending flat offsets, so walking from the last
    /// place finds the same piece as a search.
    pub fn to_source(&mut self, at: usize) -> usize {
        let pieces = &self.flat.pieces;
        while self.index > 0 && pieces.get(self.index - 1).is_some_and(|p| p.flat > at) {
            self.index -= 1;
        }
        while pieces.get(self.index).is_some_and(|p| p.flat <= at) {
            self.index += 1;
        }
        self.flat.source_of(self.index, at)
    }

    /// [`Flat::range_to_source`].
    pub fn range_to_source(&mut self, range: Range<usize>) -> Range<usize> {
        let start = self.to_source(range.start);
        let end = if range.end > range.start {
            self.to_source(range.end - 1) + self.flat.char_len_at(range.end - 1)
        } else {
            start
        };
        start..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::prose::{Block, Segment};

    #[test]
    fn joins_segments_and_maps_offsets_back() {
        // `**Large** language model (`x`) ok`
        let source = "**Large** language\nmodel (`x`) ok";
        let prose = Prose {
            blocks: vec![Block {
                kind: BlockKind::Body,
                starts_list_item: false,
                segments: vec![
                    Segment {
                        range: 2..7,
                        join: Join::Direct,
                    },
                    Segment {
                        range: 9..26,
                        join: Join::Direct,
                    },
                    Segment {
                        range: 29..33,
                        join: Join::Break,
                    },
                ],
            }],
            ..Prose::default()
        };
        let flat = Flat::new(source, &prose);
        assert_eq!(flat.text, "Large language model (\n) ok");
        let at = flat.text.find("language model").expect("found");
        assert_eq!(
            &source[flat.range_to_source(at..at + 14)],
            "language\nmodel"
        );
        assert_eq!(&source[flat.range_to_source(0..14)], "Large** language");
        assert_eq!(flat.to_source(flat.text.find(") ok").expect("found")), 29);
    }

    #[test]
    fn a_flat_text_made_from_the_last_one_is_the_one_made_afresh() {
        use crate::analysis::prose::read;
        use crate::analysis::DocKind;
        let old = "# Title\n\nFirst **para** one\nwrapped.\n\n- an *item*\n- another `x`\n\n\
                   Second [link](u) para.\n\n```\ncode\n```\n\nLast para é.\n";
        let mut kept_some = 0;
        for at in (0..=old.len()).filter(|&at| old.is_char_boundary(at)) {
            for insert in ["x", " ", "\n", "\n\n", "*"] {
                let new = format!("{}{insert}{}", &old[..at], &old[at..]);
                let previous = read(old, DocKind::Markdown, None);
                let last = Flat::new(old, &previous.prose);
                let reading = read(&new, DocKind::Markdown, Some(previous));
                let Some(moved) = reading.moved() else {
                    continue;
                };
                kept_some += usize::from(moved.before > 0 && moved.after > 0);
                assert_eq!(
                    Flat::update(last, &new, &reading.prose, &moved, &Cancel::never()),
                    Flat::new(&new, &reading.prose),
                    "{insert:?} at {at}"
                );
            }
        }
        assert!(kept_some > 50, "{kept_some}");
    }

    #[test]
    fn a_cursor_maps_every_range_as_a_search_does_in_any_order() {
        let source = "**Large** language\nmodel (`x`) ok\n\nA [second](u) block `y` ends";
        let second = source.find("A [").expect("found");
        let piece = |range: Range<usize>, join| Segment { range, join };
        let prose = Prose {
            blocks: vec![
                Block {
                    kind: BlockKind::Body,
                    starts_list_item: false,
                    segments: vec![
                        piece(2..7, Join::Direct),
                        piece(9..26, Join::Direct),
                        piece(29..33, Join::Break),
                    ],
                },
                Block {
                    kind: BlockKind::Heading,
                    starts_list_item: false,
                    segments: vec![
                        piece(second..second + 3, Join::Direct),
                        piece(second + 3..second + 9, Join::Direct),
                        piece(second + 13..second + 20, Join::Direct),
                        piece(second + 23..source.len(), Join::Break),
                    ],
                },
            ],
            ..Prose::default()
        };
        let flat = Flat::new(source, &prose);
        let len = flat.text.len();
        let ranges: Vec<Range<usize>> = (0..=len)
            .flat_map(|start| (start..=len).map(move |end| start..end))
            .collect();
        // In document order, as the analysis asks, and backwards.
        let mut cursor = flat.cursor();
        for range in ranges.iter().chain(ranges.iter().rev()) {
            // What a search over the pieces for each end gives.
            let start = flat.to_source(range.start);
            let end = if range.end > range.start {
                flat.to_source(range.end - 1) + flat.char_len_at(range.end - 1)
            } else {
                start
            };
            let expected = start..end.max(start);
            assert_eq!(flat.range_to_source(range.clone()), expected, "{range:?}");
            assert_eq!(cursor.range_to_source(range.clone()), expected, "{range:?}");
            let by_search = flat.to_source(range.start);
            assert_eq!(cursor.to_source(range.start), by_search, "{range:?}");
        }
    }
}
