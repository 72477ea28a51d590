//! The one line model of the program: byte offsets to lines and columns, for the engine's messages
//! ("defined on line 3"), `check`'s reports, the loaders' errors and the server's positions.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, exactly as LSP counts them (and as ropey's `cr_lines`
//! metric does, which the server's documents use; a property test holds the two together). Counting
//! `\n` alone would put everything in a file saved with bare CRs on line 1, and `check` and the editor
//! would then disagree about the same finding.
//!
//! Columns come in the units each consumer wants: Unicode scalar values for people (the human, JSON and
//! GitHub reports, file errors: "é", "中" and "😀" are one column each) and UTF-16 code units for SARIF's
//! default `columnKind` ("😀" is two).

use crate::text::slice::Slice;
use std::ops::Range;

/// A 1-based line and 1-based columns of one byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    /// Counted in Unicode scalar values.
    pub column: usize,
    /// Counted in UTF-16 code units (SARIF's default `columnKind`).
    pub utf16_column: usize,
}

/// The start of every line of a text, built once per text so that each conversion is a binary search.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the start of each line; the first is 0. A text ending in a line break has an
    /// empty last line starting at its end.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        // A line starts after each `\n`, `\r\n` and lone `\r` ([`Lines`]): after every `\n` and
        // every `\r` that no `\n` follows. One pass over the breaks, not a search per line: the
        // engine builds this for every analysis, and a search per line cost ~2 M instructions on
        // a 1 MB document.
        starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&at| !(bytes.get(at) == Some(&b'\r') && bytes.get(at + 1) == Some(&b'\n')))
                .map(|at| at + 1),
        );
        LineIndex { text, starts }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The number of lines (a text ending in a line break has an empty last line, as in LSP).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line holding byte `offset` (an offset past the end: the last line). The line break
    /// belongs to the line it ends.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// The byte offset where 0-based `line` starts, if the text has that line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// The byte range of 0-based `line` without its line break (clamped to the last line).
    pub fn line_content(&self, line: usize) -> Range<usize> {
        let line = line.min(self.starts.len().saturating_sub(1));
        let start = self.starts.get(line).copied().unwrap_or(0);
        let end = match self.starts.get(line + 1) {
            Some(&next) => {
                let before = self.text.as_bytes().get(..next).unwrap_or_default();
                match before {
                    [.., b'\r', b'\n'] => next - 2,
                    _ => next - 1,
                }
            }
            None => self.text.len(),
        };
        start..end.max(start)
    }

    /// The byte range of 1-based `line` without its line break (clamped to the text's lines).
    pub fn line_range(&self, line: usize) -> Range<usize> {
        self.line_content(line.saturating_sub(1))
    }

    /// `offset` moved into the text and onto a character boundary.
    pub fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The position of byte `offset`. An offset past the end is clamped to the end; one inside a
    /// character is moved back to the character's start. Never panics.
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.clamp(offset);
        let line = self.line_of(offset);
        let line_start = self.starts.get(line).copied().unwrap_or(0);
        let before = self.text.slice(line_start..offset);
        Position {
            line: line + 1,
            column: before.chars().count() + 1,
            utf16_column: before.encode_utf16().count() + 1,
        }
    }

    /// The 1-based line and character column of byte `offset`, as file errors give them.
    pub fn line_column(&self, offset: usize) -> (u32, u32) {
        let position = self.position(offset);
        (saturate(position.line), saturate(position.column))
    }

    /// The byte offset of 1-based `line` and 1-based character `column`; a column past the line's end
    /// means its end, a line past the text's end the text's end.
    pub fn offset_of_line_column(&self, line: usize, column: usize) -> usize {
        if line == 0 || line > self.starts.len() {
            return if line == 0 { 0 } else { self.text.len() };
        }
        let content = self.line_content(line - 1);
        let text = self.text.slice(content.clone());
        let within = text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(byte, _)| byte);
        content.start + within
    }
}

/// The 0-based line of a few byte offsets of a text, counted on demand: what the engine's messages
/// need ("defined on line 3"), without the start of every line. [`LineIndex::new`] finds every line
/// break of the text with a search per break, about 2 M instructions on a 1 MB document of 17,000
/// lines for every analysis, while an analysis asks for the line of a handful of offsets; counting
/// the breaks between an offset and the nearest offset already answered is a vectorised byte
/// count, so all the answers together read the text at most about once. The same line model as
/// [`LineIndex::line_of`] (a property test holds the two together).
#[derive(Debug)]
pub struct LineCounter<'a> {
    bytes: &'a [u8],
    /// Offsets already answered with their lines, in offset order; the first is `(0, 0)`. One entry
    /// per distinct offset asked (a few dozen), so it stays small.
    known: std::cell::RefCell<Vec<(usize, usize)>>,
}

impl<'a> LineCounter<'a> {
    pub fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter {
            bytes: text.as_bytes(),
            known: std::cell::RefCell::new(vec![(0, 0)]),
        }
    }

    /// The 0-based line holding byte `offset`, as [`LineIndex::line_of`] gives it (an offset past the
    /// end: the last line; the line break belongs to the line it ends).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.bytes.len());
        let mut known = self.known.borrow_mut();
        // At least one: `(0, 0)` is never removed.
        let index = known.partition_point(|&(at, _)| at <= offset);
        let (before, before_line) = index
            .checked_sub(1)
            .and_then(|i| known.get(i))
            .copied()
            .unwrap_or((0, 0));
        if before == offset {
            return before_line;
        }
        let line = match known.get(index).copied() {
            Some((after, after_line)) if after - offset < offset - before => {
                after_line - self.breaks(offset..after)
            }
            _ => before_line + self.breaks(before..offset),
        };
        known.insert(index, (offset, line));
        line
    }

    fn breaks(&self, range: Range<usize>) -> usize {
        line_breaks(self.bytes, range)
    }
}

/// The line breaks of `text` at an offset in `range`: every `\n`, and every `\r` no `\n` follows (a
/// `\r\n` is one break, counted at its `\n`). The number of lines that start in
/// `range.start + 1..=range.end`, so counts over adjacent ranges add up.
pub fn line_breaks(text: &[u8], range: Range<usize>) -> usize {
    let Some(bytes) = text.get(range.clone()) else {
        return 0;
    };
    // memchr's count compares 32 bytes at a time (AVX2, chosen at run time); counting per byte in
    // runs of 255 into a `u8` was not vectorised in every build (0.8 instructions per byte).
    let newlines = memchr::memchr_iter(b'\n', bytes).count();
    // The byte after the range is read too: a `\r` that ends the range and a `\n` after it
    // are one break, counted at the `\n`.
    let lone_returns = memchr::memchr_iter(b'\r', bytes)
        .filter(|&at| text.get(range.start + at + 1) != Some(&b'\n'))
        .count();
    newlines + lone_returns
}

/// One line: `start..end` is its content, `next` the start of the following line (after the ending).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

/// An iterator over the lines of `text` from a byte offset, for scans that walk lines rather than look
/// them up. A text ending in a line break yields no empty line after it. Cloning it is how callers look
/// ahead.
#[derive(Debug, Clone)]
pub struct Lines<'t> {
    bytes: &'t [u8],
    pos: usize,
}

impl<'t> Lines<'t> {
    /// Lines from `from`, which must be the start of a line (or the end of the text).
    pub fn new(text: &'t str, from: usize) -> Self {
        Lines {
            bytes: text.as_bytes(),
            pos: from.min(text.len()),
        }
    }
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.pos >= self.bytes.len() {
            return None;
        }
        let start = self.pos;
        let rest = self.bytes.get(start..).unwrap_or_default();
        let (end, next) = match memchr::memchr2(b'\n', b'\r', rest) {
            Some(i) => {
                let end = start + i;
                let crlf = rest.get(i) == Some(&b'\r') && rest.get(i + 1) == Some(&b'\n');
                (end, end + if crlf { 2 } else { 1 })
            }
            None => (self.bytes.len(), self.bytes.len()),
        };
        self.pos = next;
        Some(Line { start, end, next })
    }
}

/// The start of the line after the last empty line in `text` (two line breaks in a row, whatever
/// they are), if there is one: where the last paragraph of `text` begins.
pub fn after_last_empty_line(text: &str) -> Option<usize> {
    Lines::new(text, 0)
        .skip(1)
        .filter(|line| line.start == line.end && line.next > line.end)
        .last()
        .map(|line| line.next)
}

/// `text` with each lone CR written as LF, for renderers that know only LF and CRLF. Every byte offset
/// stays valid (a CR and an LF are both one byte).
pub fn lone_cr_as_lf(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes.get(i) == Some(&b'\r') && bytes.get(i + 1) != Some(&b'\n');
    if !memchr::memchr_iter(b'\r', bytes).any(lone) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        out.push(if lone(i) { '\n' } else { c });
    }
    std::borrow::Cow::Owned(out)
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(line: usize, column: usize, utf16_column: usize) -> Position {
        Position {
            line,
            column,
            utf16_column,
        }
    }

    #[test]
    fn counted_lines_of_offsets() {
        let counter = LineCounter::new("ab\ncd\r\n\nx\ry");
        // Backwards, then forwards, with a CRLF split between two answers.
        assert_eq!(
            [99, 9, 8, 6, 0, 2, 3, 5, 7, 10].map(|o| counter.line_of(o)),
            [4, 3, 3, 1, 0, 0, 1, 1, 2, 4]
        );
    }

    #[test]
    fn lines_of_offsets() {
        let index = LineIndex::new("ab\ncd\r\n\nx");
        assert_eq!(index.line_count(), 4);
        assert_eq!(
            [0, 2, 3, 5, 6, 7, 8, 99].map(|o| index.line_of(o)),
            [0, 0, 1, 1, 1, 2, 3, 3]
        );
        assert_eq!(index.line_start(3), Some(8));
        assert_eq!(index.line_start(4), None);
    }

    fn collect(text: &str) -> Vec<(&str, usize)> {
        Lines::new(text, 0)
            .map(|l| (&text[l.start..l.end], l.next))
            .collect()
    }

    #[test]
    fn the_iterator_ends_lines_at_every_line_ending() {
        assert_eq!(
            collect("a\nb\r\nc\rd"),
            vec![("a", 2), ("b", 5), ("c", 7), ("d", 8)]
        );
        assert_eq!(collect("a\n\n"), vec![("a", 2), ("", 3)]);
        assert_eq!(
            collect("a\rb\rc\r\nd\n"),
            vec![("a", 2), ("b", 4), ("c", 7), ("d", 9)]
        );
        assert_eq!(collect(""), vec![]);
    }

    #[test]
    fn every_line_ending_ends_a_line() {
        let index = LineIndex::new("a\rb\r\nc\nd\r");
        assert_eq!(index.line_count(), 5);
        assert_eq!(
            (0..=4).map(|l| index.line_content(l)).collect::<Vec<_>>(),
            [0..1, 2..3, 5..6, 7..8, 9..9]
        );
        assert_eq!(index.position(2), at(2, 1, 1), "after a lone CR");
        assert_eq!(index.position(4), at(2, 3, 3), "the \\n of a CRLF");
        assert_eq!(index.position(9), at(5, 1, 1));
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
        assert_eq!(LineIndex::new("ab\nçd\n").line_column(4), (2, 1));
    }

    #[test]
    fn line_ranges_exclude_the_break() {
        let index = LineIndex::new("ab\r\ncd\n");
        assert_eq!(index.line_range(1), 0..2);
        assert_eq!(index.line_range(2), 4..6);
        assert_eq!(index.line_range(3), 7..7);
        assert_eq!(index.line_range(9), 7..7, "clamped to the last line");
    }

    #[test]
    fn paragraphs_start_after_an_empty_line_with_any_ending() {
        assert_eq!(after_last_empty_line("a\n\nb\n\nc"), Some(6));
        assert_eq!(after_last_empty_line("a\r\n\r\nb"), Some(5));
        assert_eq!(after_last_empty_line("a\r\rb"), Some(3));
        assert_eq!(after_last_empty_line("a\n\n"), Some(3));
        assert_eq!(after_last_empty_line("\n\nb"), Some(2));
        assert_eq!(
            after_last_empty_line("\nb"),
            None,
            "one break is no empty line"
        );
        assert_eq!(
            after_last_empty_line("a\n \nb"),
            None,
            "a line of spaces is not empty"
        );
    }

    #[test]
    fn lone_crs_become_lfs_and_offsets_stay() {
        assert_eq!(lone_cr_as_lf("a\rb\r\nc\r"), "a\nb\r\nc\n");
        assert!(matches!(
            lone_cr_as_lf("a\r\nb\n"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn line_columns_back_to_offsets() {
        let index = LineIndex::new("ab\rçd\r\nx");
        assert_eq!(index.offset_of_line_column(2, 2), 5);
        assert_eq!(
            index.offset_of_line_column(2, 99),
            6,
            "past the end: the end"
        );
        assert_eq!(index.offset_of_line_column(3, 1), 8);
        assert_eq!(index.offset_of_line_column(9, 1), 9);
    }

    fn mixed_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("\n"),
                Just("\r"),
                Just("\r\n"),
                Just("a"),
                Just(" "),
                Just("é"),
                Just("😀"),
                Just("\u{2028}"),
                Just("\u{c}"),
            ],
            0..64,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        /// The index counts lines exactly as ropey's `cr_lines` metric, which the server uses.
        #[test]
        fn agrees_with_ropey(text in mixed_text()) {
            let index = LineIndex::new(&text);
            let rope = ropey::Rope::from_str(&text);
            prop_assert_eq!(index.line_count(), rope.len_lines());
            for line in 0..index.line_count() {
                prop_assert_eq!(index.line_start(line), Some(rope.line_to_byte(line)));
            }
            for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
                prop_assert_eq!(index.line_of(offset), rope.byte_to_line(offset));
                let position = index.position(offset);
                let char_index = rope.byte_to_char(offset);
                let line = rope.char_to_line(char_index);
                prop_assert_eq!(position.line, line + 1);
                prop_assert_eq!(position.column, char_index - rope.line_to_char(line) + 1);
            }
        }

        /// The counter gives every offset the index's line, whatever order they are asked in
        /// (forward, backward, nearer a later answer than an earlier one, asked twice).
        #[test]
        fn counter_agrees_with_the_index(
            text in mixed_text(),
            asked in proptest::collection::vec(0usize..200, 0..40),
        ) {
            let index = LineIndex::new(&text);
            let counter = LineCounter::new(&text);
            for offset in asked.into_iter().chain([text.len(), 0, text.len() + 5]) {
                prop_assert_eq!(counter.line_of(offset), index.line_of(offset), "offset {}", offset);
            }
        }

        /// The index's lines start where [`Lines`] starts them: one model of a line break.
        #[test]
        fn starts_lines_where_lines_does(text in mixed_text()) {
            let index = LineIndex::new(&text);
            let mut starts = vec![0];
            starts.extend(Lines::new(&text, 0).filter(|l| l.next > l.end).map(|l| l.next));
            let found: Vec<usize> = (0..index.line_count()).filter_map(|l| index.line_start(l)).collect();
            prop_assert_eq!(found, starts);
        }

        /// With LF endings, a paragraph starts where it always did: after the last "\n\n".
        #[test]
        fn empty_lines_with_lf_are_double_newlines(text in "[a \n]{0,40}") {
            prop_assert_eq!(
                after_last_empty_line(&text),
                text.rfind("\n\n").map(|at| at + 2)
            );
        }

        /// Line-and-column back to an offset is the inverse of offset to line-and-column.
        #[test]
        fn line_columns_round_trip(text in mixed_text()) {
            let index = LineIndex::new(&text);
            for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let (line, column) = index.line_column(offset);
                let back = index.offset_of_line_column(line as usize, column as usize);
                // Inside a CRLF, the `\n` is not a column of its own: both map to the break's start.
                let expected = if text.as_bytes().get(offset) == Some(&b'\n')
                    && offset > 0
                    && text.as_bytes().get(offset - 1) == Some(&b'\r')
                {
                    offset - 1
                } else {
                    offset
                };
                prop_assert_eq!(back, expected);
            }
        }
    }
}
