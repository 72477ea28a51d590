//! Byte offsets to the line and column numbers each report format wants.
//!
//! The engine speaks byte offsets; people and tools speak lines and columns, and they do not agree on
//! what a column counts. The human, JSON and GitHub reports count Unicode scalar values (what a person
//! counts: "é", "中" and "😀" are one column each); SARIF's default `columnKind` is UTF-16 code units
//! ("😀" is two). [`LineIndex`] gives both from one pass over the text.
//!
//! Lines end at `\n` (a `\r` before it belongs to the line, as in [`crate::glossary::FileError`]).

use crate::text::slice::Slice;

/// A 1-based line and 1-based columns of one byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    /// Counted in Unicode scalar values.
    pub column: usize,
    /// Counted in UTF-16 code units (SARIF's default `columnKind`).
    pub utf16_column: usize,
}

/// The start of every line of a text, for converting offsets without rescanning from the top.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The position of byte `offset`. An offset past the end is clamped to the end; one inside a
    /// character is moved back to the character's start. Never panics.
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.clamp(offset);
        // The last line starting at or before `offset`.
        let line = self
            .starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let line_start = self.starts.get(line).copied().unwrap_or(0);
        let before = self.text.slice(line_start..offset);
        Position {
            line: line + 1,
            column: before.chars().count() + 1,
            utf16_column: before.encode_utf16().count() + 1,
        }
    }

    /// `offset` moved into the text and onto a character boundary.
    pub fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The byte range of 1-based `line`, without its line break.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let index = line.clamp(1, self.starts.len()) - 1;
        let start = self.starts.get(index).copied().unwrap_or(0);
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        start..end.max(start)
    }

    pub fn text(&self) -> &'a str {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize, utf16_column: usize) -> Position {
        Position {
            line,
            column,
            utf16_column,
        }
    }

    #[test]
    fn columns_count_scalar_values_and_utf16_units() {
        let text = "é中😀 MoE\nab";
        let index = LineIndex::new(text);
        assert_eq!(index.position(0), at(1, 1, 1));
        assert_eq!(index.position(2), at(1, 2, 2), "after é (2 bytes)");
        assert_eq!(index.position(5), at(1, 3, 3), "after 中 (3 bytes)");
        assert_eq!(
            index.position(9),
            at(1, 4, 5),
            "after 😀 (4 bytes, 2 UTF-16 units)"
        );
        assert_eq!(index.position(10), at(1, 5, 6), "MoE");
        assert_eq!(index.position(13), at(1, 8, 9), "just after MoE");
        assert_eq!(index.position(14), at(2, 1, 1));
        assert_eq!(index.position(16), at(2, 3, 3), "end of text");
    }

    #[test]
    fn offsets_out_of_range_or_inside_characters_are_clamped() {
        let index = LineIndex::new("a😀\n");
        assert_eq!(index.position(3), at(1, 2, 2), "inside 😀: its start");
        assert_eq!(index.position(99), at(2, 1, 1));
        assert_eq!(LineIndex::new("").position(5), at(1, 1, 1));
    }

    #[test]
    fn line_ranges_exclude_the_break() {
        let index = LineIndex::new("ab\r\ncd\n");
        assert_eq!(index.line_range(1), 0..3, "the \\r stays on its line");
        assert_eq!(index.line_range(2), 4..6);
        assert_eq!(index.line_range(3), 7..7);
        assert_eq!(index.line_range(9), 7..7, "clamped to the last line");
    }
}
