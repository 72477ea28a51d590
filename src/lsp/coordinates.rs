//! Where the byte ranges of an analysis are in the text the client sees, as LSP positions.
//!
//! A request answered from the analysis of an earlier text (see [`super::edit_log`]) must name only
//! places the edits since did not touch, in the current text's lines and columns. The features compute
//! in the analysis's byte offsets and convert every range and line they answer with through
//! [`Coordinates`], which refuses ([`Moved`]) what it cannot place exactly; for a current analysis it
//! is plain conversion and never refuses.

use std::ops::Range;

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range as LspRange};

use super::documents::Snapshot;
use super::edit_log::OffsetMap;
use super::encoding::{offset_of, position_of, range_of, Encoding};

/// The edits since the analysis touched a place an answer would name: only the analysis of the
/// current text can answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved;

/// How far from an edit a definition it made or unmade names its acronym: "Long Form (ACR)", or a
/// sentence saying what the acronym stands for, fits well within it.
pub const NEAR_EDIT_BYTES: usize = 256;

/// An analysed text's offsets in the current text.
pub struct Coordinates {
    /// The current text.
    rope: Rope,
    /// From the analysed text to the current one.
    map: OffsetMap,
    encoding: Encoding,
}

impl Coordinates {
    /// The coordinates of `map`'s analysed text in `rope`, the current text.
    pub fn new(rope: Rope, map: OffsetMap, encoding: Encoding) -> Coordinates {
        Coordinates {
            rope,
            map,
            encoding,
        }
    }

    /// The coordinates of a snapshot of the current text.
    pub fn current(snapshot: &Snapshot, encoding: Encoding) -> Coordinates {
        Coordinates::new(snapshot.rope.clone(), OffsetMap::identity(), encoding)
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The analysed text is the current text: every answer from it is exact.
    pub fn is_current(&self) -> bool {
        self.map.is_identity()
    }

    /// The current text: what the user sees, just-typed words included.
    pub fn text(&self) -> &Rope {
        &self.rope
    }

    /// The current text's offset of a position of the current text.
    pub fn cursor(&self, position: Position) -> usize {
        offset_of(&self.rope, position, self.encoding)
    }

    /// The position of an offset of the current text.
    pub fn position(&self, offset: usize) -> Position {
        position_of(&self.rope, offset, self.encoding)
    }

    /// The current text around each edit since the analysis, with where it starts: the lines the
    /// edit wrote on and the line either side, cut to [`NEAR_EDIT_BYTES`] on either side of what
    /// it wrote; none for a current analysis. Something the analysis reads off a few words (an
    /// acronym's definition, say) that these texts do not mention was neither made nor unmade by
    /// the edits.
    pub fn texts_near_edits(&self) -> Vec<(usize, String)> {
        let len = self.rope.len_bytes();
        let last_line = self.rope.len_lines().saturating_sub(1);
        let line = |offset: usize| self.rope.byte_to_line(offset.min(len));
        // A byte offset moved back to the start of its character.
        let boundary = |offset: usize| {
            self.rope
                .char_to_byte(self.rope.byte_to_char(offset.min(len)))
        };
        self.map
            .changed()
            .into_iter()
            .map(|range| {
                let lines_start = self.rope.line_to_byte(line(range.start).saturating_sub(1));
                let lines_end = self
                    .rope
                    .line_to_byte((line(range.end) + 2).min(last_line + 1));
                let start = boundary(range.start.saturating_sub(NEAR_EDIT_BYTES).max(lines_start));
                let end = boundary((range.end + NEAR_EDIT_BYTES).min(lines_end).max(start));
                let text = self
                    .rope
                    .byte_slice(start..end)
                    .chunks()
                    .collect::<String>();
                (start, text)
            })
            .collect()
    }

    /// The analysed text's offset of a position of the current text.
    pub fn offset(&self, position: Position) -> Result<usize, Moved> {
        self.map
            .back(offset_of(&self.rope, position, self.encoding))
            .ok_or(Moved)
    }

    /// The edits left the line of `position` alone, line breaks included. What the analysis found
    /// nowhere on it is then nowhere on it now: a term found elsewhere can be checked by its range,
    /// but "no term here" has no range to check, and a letter typed next to a word, or the next word
    /// of a term typed after it, can make one.
    pub fn line_untouched(&self, position: Position) -> bool {
        let offset = offset_of(&self.rope, position, self.encoding);
        let line = self.rope.byte_to_line(offset);
        let start = self.rope.line_to_byte(line);
        let end = self
            .rope
            .line_to_byte((line + 1).min(self.rope.len_lines()));
        self.map.back_range(start..end).is_some()
    }

    /// The current text's bytes of the analysed text's `range`.
    pub fn bytes(&self, range: Range<usize>) -> Result<Range<usize>, Moved> {
        self.map.forward(range).ok_or(Moved)
    }

    /// The LSP range of the analysed text's `range` in the current text.
    pub fn range(&self, range: Range<usize>) -> Result<LspRange, Moved> {
        Ok(range_of(&self.rope, self.bytes(range)?, self.encoding))
    }

    /// The 0-based line of the current text where the analysed text's `range` starts.
    pub fn line(&self, range: Range<usize>) -> Result<usize, Moved> {
        let start = self.bytes(range)?.start.min(self.rope.len_bytes());
        Ok(self.rope.byte_to_line(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::edit_log::{Edit, EditLog};

    /// The coordinates of an analysis of revision 1 after `edits` (each its own revision).
    fn after(text: &str, edits: &[Edit]) -> Coordinates {
        let mut log = EditLog::default();
        for (revision, edit) in (2..).zip(edits) {
            log.record(revision, edit.clone());
        }
        let map = log.since(1).expect("mappable");
        Coordinates::new(Rope::from_str(text), map, Encoding::Utf16)
    }

    #[test]
    fn the_text_near_edits_is_their_lines_and_the_line_either_side() {
        let text = "zero\none\ntwo X\nthree\nfour\nfive\nsix Y\n";
        // "X" typed on line 2, "Y" on line 6.
        let coordinates = after(
            text,
            &[
                Edit {
                    range: 13..13,
                    inserted: 1,
                },
                Edit {
                    range: 35..35,
                    inserted: 1,
                },
            ],
        );
        assert_eq!(
            coordinates.texts_near_edits(),
            [
                (5, "one\ntwo X\nthree\n".to_string()),
                (26, "five\nsix Y\n".to_string())
            ]
        );
        assert!(after(text, &[]).texts_near_edits().is_empty());
        // The cursor and the edit ranges of what was just typed are the current text's.
        assert_eq!(coordinates.cursor(Position::new(2, 5)), 14);
        assert_eq!(coordinates.position(14), Position::new(2, 5));
        assert_eq!(coordinates.offset(Position::new(2, 5)), Err(Moved));
    }

    #[test]
    fn a_long_line_is_cut_around_the_edit_on_character_boundaries() {
        let line = "é".repeat(400);
        let text = format!("{line}\n");
        // "X" typed in the middle of a line of 800 bytes.
        let coordinates = after(
            &text,
            &[Edit {
                range: 400..400,
                inserted: 1,
            }],
        );
        let mut current = text.clone();
        current.insert(400, 'X');
        let coordinates =
            Coordinates::new(Rope::from_str(&current), coordinates.map, Encoding::Utf16);
        let near = coordinates.texts_near_edits();
        assert_eq!(near.len(), 1);
        let (start, near) = &near[0];
        assert_eq!(*start, 400 - NEAR_EDIT_BYTES);
        assert_eq!(near.len(), 2 * NEAR_EDIT_BYTES + 1);
        assert!(near.contains('X'));
    }
}
