//! Byte offsets ⇄ LSP positions, in the encoding negotiated with the client.
//!
//! Inside the server everything is a byte offset into the current text (the engine's currency). LSP
//! positions are `(line, character)` where `character` counts UTF-8 bytes, UTF-16 code units or
//! Unicode scalar values, as negotiated at `initialize`. Lines end at `\n`, `\r\n` or `\r` — exactly
//! ropey's `cr_lines` metric, which is why ropey is built without `unicode_lines` (that feature would
//! also break lines at form feed, NEL, U+2028 and U+2029, which LSP does not). It is also what
//! [`crate::text::lines::LineIndex`] counts, the line model of the engine's messages and of `check`; a
//! property test there holds the two together, so the editor and `check` name the same lines.
//!
//! Conversions never panic and never index blindly. As the specification says, a character past the
//! end of a line means the end of that line, and a line past the end of the text means the end of the
//! text. A position inside a character (half of a surrogate pair, the middle of a UTF-8 sequence) means
//! the start of that character.

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

use crate::text::lines::{line_breaks, LineIndex};
use crate::text::slice::Slice;

/// What an LSP `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    /// The protocol's default, which every client supports.
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    /// The encoding to use given the client's `general.positionEncodings`: UTF-8 when offered (it is
    /// our native unit: no conversion work), else UTF-16 (the default every client supports), else
    /// UTF-32.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let Some(offered) = offered else {
            return Encoding::Utf16;
        };
        let has = |kind: &PositionEncodingKind| offered.iter().any(|o| o == kind);
        if has(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if has(&PositionEncodingKind::UTF16) || offered.is_empty() {
            Encoding::Utf16
        } else if has(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }
}

/// The byte offset of `position` in `rope`, clamped to the line's end and the text's end.
///
/// One look-up in the rope (where the line starts), then the line's characters are walked up to
/// the column: every change an editor sends is a position, and the conversions by chars and UTF-16
/// units (`char_to_utf16_cu`, `utf16_cu_to_char`, `char_to_byte`, each scanning a chunk) cost
/// ~7,000 instructions per position on bench-1mb.md, against ~3,700 here (callgrind, 200 random
/// keystrokes).
pub fn offset_of(rope: &Rope, position: Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let start = rope.line_to_byte(line);
    let (chunks, mut at, _, _) = rope.chunks_at_byte(start);
    let mut left = position.character as usize;
    for chunk in chunks {
        // The first chunk may start before the line (a line start is a character boundary).
        let from = start.saturating_sub(at);
        for (i, c) in chunk.get(from..).unwrap_or_default().char_indices() {
            let units = match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
                Encoding::Utf32 => 1,
            };
            // A line break ends the line's content; a column inside a character (half a surrogate
            // pair, the middle of a UTF-8 sequence) means the character's start.
            if left < units || c == '\n' || c == '\r' {
                return at + from + i;
            }
            left -= units;
        }
        at += chunk.len();
    }
    rope.len_bytes()
}

/// The position of byte `offset` (clamped to the text, rounded down to a character boundary).
///
/// Two look-ups in the rope by bytes (the line, and where it starts), then the characters between
/// the line's start and the offset are counted, instead of five look-ups by chars and UTF-16 units
/// that each scan a whole chunk (about 6,000 instructions per position after the change, 7,000
/// before, on a 1 MB document). Many positions of one text: [`Positions`].
pub fn position_of(rope: &Rope, offset: usize, encoding: Encoding) -> Position {
    let offset = char_start(rope, offset.min(rope.len_bytes()));
    // Line breaks are one-byte characters: the line of a character's first byte is its line.
    let line = rope.byte_to_line(offset);
    let line_start = rope.line_to_byte(line);
    let character = match encoding {
        Encoding::Utf8 => offset - line_start,
        Encoding::Utf16 | Encoding::Utf32 => {
            rope.get_byte_slice(line_start..offset).map_or(0, |before| {
                before
                    .chunks()
                    .map(|chunk| characters(chunk, encoding))
                    .sum()
            })
        }
    };
    Position::new(saturate(line), saturate(character))
}

/// `offset` (at most the rope's length) moved back to the start of the character it is in.
fn char_start(rope: &Rope, offset: usize) -> usize {
    // Ropey never splits a character across chunks, so the character's start is in this chunk.
    let (chunk, chunk_start, _, _) = rope.chunk_at_byte(offset);
    let mut within = offset - chunk_start;
    while within > 0 && !chunk.is_char_boundary(within) {
        within -= 1;
    }
    chunk_start + within
}

/// The length of `text` in UTF-16 code units or in Unicode scalar values.
fn characters(text: &str, encoding: Encoding) -> usize {
    // Most lines before an offset are ASCII, which is checked a word at a time.
    if text.is_ascii() {
        return text.len();
    }
    let scalars = text.chars().count();
    match encoding {
        // A character of four UTF-8 bytes (lead byte 0xF0..=0xF4) is a surrogate pair: one more unit.
        Encoding::Utf16 => scalars + text.bytes().filter(|&byte| byte >= 0xF0).count(),
        Encoding::Utf8 => text.len(),
        Encoding::Utf32 => scalars,
    }
}

/// The positions of many byte offsets of one text, found in one pass forward through it: the line
/// breaks between two offsets in order are counted once, and each offset's column is counted from
/// its line's start. A keystroke's diagnostics on a 1 MB document name about 430 offsets, and two
/// rope look-ups by bytes each cost about 6,000 instructions, most of it scanning a chunk for its
/// line breaks; this reads each byte of the text at most once for lines (about 250 K for 1 MB).
/// Exactly [`position_of`]'s positions (tests compare the two).
#[derive(Debug, Default)]
pub struct Positions {
    /// Each offset asked, in order, with its position.
    known: Vec<(usize, Position)>,
}

impl Positions {
    pub fn new(
        text: &str,
        offsets: impl IntoIterator<Item = usize>,
        encoding: Encoding,
    ) -> Positions {
        let bytes = text.as_bytes();
        let mut offsets: Vec<usize> = offsets.into_iter().collect();
        offsets.sort_unstable();
        offsets.dedup();
        let mut known = Vec::with_capacity(offsets.len());
        let (mut scanned, mut line, mut line_start) = (0, 0, 0);
        for asked in offsets {
            // Rounding down keeps the order: `scanned` never passes an offset still to come.
            let mut offset = asked.min(text.len());
            while offset > 0 && !text.is_char_boundary(offset) {
                offset -= 1;
            }
            let breaks = line_breaks(bytes, scanned..offset);
            if breaks > 0 {
                line += breaks;
                line_start = after_last_break(bytes, scanned..offset).unwrap_or(line_start);
            }
            scanned = offset;
            let before = text.get(line_start..offset).unwrap_or_default();
            let character = characters(before, encoding);
            known.push((asked, Position::new(saturate(line), saturate(character))));
        }
        Positions { known }
    }

    /// The position of `offset`, if it was one of the offsets given.
    pub fn position(&self, offset: usize) -> Option<Position> {
        let index = self.known.partition_point(|&(at, _)| at < offset);
        self.known
            .get(index)
            .filter(|&&(at, _)| at == offset)
            .map(|&(_, position)| position)
    }

    /// The LSP range of a byte range of the text: from the offsets given, else from `rope` (the same
    /// text).
    pub fn range(&self, rope: &Rope, range: std::ops::Range<usize>, encoding: Encoding) -> Range {
        let at = |offset: usize| {
            self.position(offset)
                .unwrap_or_else(|| position_of(rope, offset, encoding))
        };
        Range::new(at(range.start), at(range.end))
    }
}

/// Where the line after the last line break in `range` starts (a `\r` that a `\n` follows is no
/// break of its own: [`line_breaks`]' model).
fn after_last_break(bytes: &[u8], range: std::ops::Range<usize>) -> Option<usize> {
    let start = range.start;
    memchr::memrchr2_iter(b'\n', b'\r', bytes.get(range)?)
        .map(|at| start + at)
        .find(|&at| !(bytes.get(at) == Some(&b'\r') && bytes.get(at + 1) == Some(&b'\n')))
        .map(|at| at + 1)
}

/// The LSP range of a byte range.
pub fn range_of(rope: &Rope, range: std::ops::Range<usize>, encoding: Encoding) -> Range {
    Range::new(
        position_of(rope, range.start, encoding),
        position_of(rope, range.end, encoding),
    )
}

/// The byte range of an LSP range; a reversed range is read as the empty range at its start.
pub fn byte_range(rope: &Rope, range: Range, encoding: Encoding) -> std::ops::Range<usize> {
    let start = offset_of(rope, range.start, encoding);
    // A keystroke's insertion is an empty range: one conversion.
    if range.end == range.start {
        return start..start;
    }
    let end = offset_of(rope, range.end, encoding).max(start);
    start..end
}

/// The position of a 1-based line and 1-based character column (as glossary and config errors give
/// them) in `text`, clamped.
pub fn position_of_line_column(text: &str, line: u32, column: u32, encoding: Encoding) -> Position {
    let line_index = line.saturating_sub(1);
    let lines = LineIndex::new(text);
    let Some(start) = lines.line_start(line_index as usize) else {
        return Position::new(line_index, 0);
    };
    let offset = lines.offset_of_line_column(line_index as usize + 1, column as usize);
    let prefix = text.slice(start..offset);
    let character = match encoding {
        Encoding::Utf8 => prefix.len(),
        Encoding::Utf16 => prefix.encode_utf16().count(),
        Encoding::Utf32 => prefix.chars().count(),
    };
    Position::new(line_index, saturate(character))
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ALL: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

    /// `offset_of` by ropey's char and UTF-16 conversions (the implementation before session 29),
    /// to check the line walk against at any position, in range or not.
    fn reference_offset(rope: &Rope, position: Position, encoding: Encoding) -> usize {
        let line = position.line as usize;
        if line >= rope.len_lines() {
            return rope.len_bytes();
        }
        let slice = rope.line(line);
        let content_chars = slice.len_chars() - line_break_chars(slice);
        let column = position.character as usize;
        let char_in_line = match encoding {
            Encoding::Utf8 => {
                let content_bytes = slice.char_to_byte(content_chars);
                slice.byte_to_char(column.min(content_bytes))
            }
            Encoding::Utf16 => {
                let content_units = slice.char_to_utf16_cu(content_chars);
                slice.utf16_cu_to_char(column.min(content_units))
            }
            Encoding::Utf32 => column.min(content_chars),
        };
        rope.line_to_byte(line) + slice.char_to_byte(char_in_line)
    }

    /// The number of chars of `line`'s line break (0, 1 for `\n` or `\r`, 2 for `\r\n`).
    fn line_break_chars(line: ropey::RopeSlice<'_>) -> usize {
        let chars = line.len_chars();
        if chars == 0 {
            return 0;
        }
        match line.char(chars - 1) {
            '\n' if chars >= 2 && line.char(chars - 2) == '\r' => 2,
            '\n' | '\r' => 1,
            _ => 0,
        }
    }

    /// The obvious implementation over `&str`, to check the rope-based one against.
    fn reference_position(text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut line = 0;
        let mut line_start = 0;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < offset {
            match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') && i + 1 < offset => {
                    line += 1;
                    i += 2;
                    line_start = i;
                    continue;
                }
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => break,
                b'\n' | b'\r' => {
                    line += 1;
                    line_start = i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        let before = &text[line_start..offset];
        let character = match encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
            Encoding::Utf32 => before.chars().count(),
        };
        Position::new(line as u32, character as u32)
    }

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn negotiation_prefers_utf8_then_utf16() {
        use PositionEncodingKind as K;
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[K::UTF16, K::UTF8])),
            Encoding::Utf8
        );
        assert_eq!(
            Encoding::negotiate(Some(&[K::UTF32, K::UTF16])),
            Encoding::Utf16
        );
        assert_eq!(Encoding::negotiate(Some(&[K::UTF32])), Encoding::Utf32);
        assert_eq!(Encoding::negotiate(Some(&[])), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[K::new("utf-7")])),
            Encoding::Utf16
        );
    }

    #[test]
    fn emoji_and_cjk_in_each_encoding() {
        // "a😀b" then "漢字" on the next line: 😀 is 4 UTF-8 bytes, 2 UTF-16 units, 1 scalar.
        let rope = Rope::from_str("a😀b\n漢字");
        let b = 5; // byte offset of "b"
        assert_eq!(position_of(&rope, b, Encoding::Utf8), pos(0, 5));
        assert_eq!(position_of(&rope, b, Encoding::Utf16), pos(0, 3));
        assert_eq!(position_of(&rope, b, Encoding::Utf32), pos(0, 2));
        assert_eq!(offset_of(&rope, pos(0, 3), Encoding::Utf16), b);
        // Half a surrogate pair and the middle of a UTF-8 sequence round down to the emoji's start.
        assert_eq!(offset_of(&rope, pos(0, 2), Encoding::Utf16), 1);
        assert_eq!(offset_of(&rope, pos(0, 3), Encoding::Utf8), 1);
        // 字 starts at byte 10 (line 1 starts at 7; 漢 is 3 bytes).
        assert_eq!(position_of(&rope, 10, Encoding::Utf8), pos(1, 3));
        assert_eq!(position_of(&rope, 10, Encoding::Utf16), pos(1, 1));
        assert_eq!(offset_of(&rope, pos(1, 1), Encoding::Utf32), 10);
    }

    #[test]
    fn positions_in_lines_across_chunks_match_the_reference() {
        // A text of many chunks (ropey's are ~1 KB), with lines longer than a chunk, so that a line
        // starts in one chunk and its column lies in another.
        let pieces = ["a😀b ", "漢字", "\r\n", "plain words ", "\n", "é", "\r"];
        let mut text = String::new();
        for i in 0..6_000usize {
            text.push_str(pieces[(i * 7 + i / 13) % pieces.len()]);
            if i % 500 == 0 {
                text.push_str(&"x".repeat(1_500));
            }
        }
        let rope = Rope::from_str(&text);
        assert!(rope.chunks().count() > 10);
        for line in 0..=rope.len_lines() as u32 {
            for character in [0, 1, 2, 3, 5, 8, 40, 700, 1_499, 1_500, 1_501, 1_600, 9_999] {
                for encoding in ALL {
                    let position = pos(line, character);
                    assert_eq!(
                        offset_of(&rope, position, encoding),
                        reference_offset(&rope, position, encoding),
                        "{position:?} {encoding:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn clamping_follows_the_specification() {
        let rope = Rope::from_str("ab\r\ncd\rxy\n");
        for encoding in ALL {
            // Past the end of a line: the line's end, before its line break.
            assert_eq!(offset_of(&rope, pos(0, 99), encoding), 2);
            assert_eq!(offset_of(&rope, pos(1, 99), encoding), 6);
            assert_eq!(offset_of(&rope, pos(2, 1), encoding), 8);
            // The empty last line, and lines past the end: the end of the text.
            assert_eq!(offset_of(&rope, pos(3, 0), encoding), 10);
            assert_eq!(offset_of(&rope, pos(3, 7), encoding), 10);
            assert_eq!(offset_of(&rope, pos(99, 0), encoding), 10);
            assert_eq!(position_of(&rope, 999, encoding), pos(3, 0));
        }
    }

    #[test]
    fn only_lsp_line_breaks_count() {
        // Form feed, NEL, LS and PS are not line breaks in LSP.
        let rope = Rope::from_str("a\u{c}b\u{85}c\u{2028}d\u{2029}e\nf");
        assert_eq!(rope.len_lines(), 2);
        assert_eq!(
            position_of(&rope, rope.len_bytes(), Encoding::Utf32),
            pos(1, 1)
        );
    }

    #[test]
    fn line_columns_from_file_errors() {
        let text = "x = 1\nname = \"😀\" oops\n";
        assert_eq!(
            position_of_line_column(text, 2, 13, Encoding::Utf16),
            pos(1, 13)
        );
        assert_eq!(
            position_of_line_column(text, 2, 13, Encoding::Utf8),
            pos(1, 15)
        );
        assert_eq!(
            position_of_line_column(text, 2, 99, Encoding::Utf32),
            pos(1, 15)
        );
        assert_eq!(
            position_of_line_column(text, 9, 1, Encoding::Utf8),
            pos(8, 0)
        );
        // A lone CR ends a line, for file errors as for documents.
        let text = "x = 1\rname = \"😀\" oops\r";
        assert_eq!(
            position_of_line_column(text, 2, 13, Encoding::Utf16),
            pos(1, 13)
        );
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a",
            "Z",
            " ",
            "\n",
            "\r\n",
            "\r",
            "é",
            "漢",
            "😀",
            "👩‍👩‍👧",
            "\u{c}",
            "\u{2028}",
            "\t",
        ]);
        prop::collection::vec(pieces, 0..60).prop_map(|p| p.concat())
    }

    /// What `position_of` computed before it counted the line's prefix itself: ropey's conversions
    /// by chars and UTF-16 units.
    fn position_by_chars(rope: &Rope, offset: usize, encoding: Encoding) -> Position {
        let offset = offset.min(rope.len_bytes());
        let char_index = rope.byte_to_char(offset);
        let line = rope.char_to_line(char_index);
        let line_start_char = rope.line_to_char(line);
        let character = match encoding {
            Encoding::Utf8 => rope.char_to_byte(char_index) - rope.line_to_byte(line),
            Encoding::Utf16 => {
                rope.char_to_utf16_cu(char_index) - rope.char_to_utf16_cu(line_start_char)
            }
            Encoding::Utf32 => char_index - line_start_char,
        };
        Position::new(saturate(line), saturate(character))
    }

    /// A document of many chunks after 200 edits at many places, as a burst leaves it.
    fn edited_rope() -> (Rope, String) {
        let line = "Direct Preference Optimization (DPO) é 漢字 😀 👩‍👩‍👧 and\tmore text\r\n";
        let mut rope = Rope::from_str(
            &[line, "a\rb\n", &"x".repeat(3000), "\n"]
                .concat()
                .repeat(40),
        );
        let inserts = ["k", "😀", "\r\n", "漢", "\n", "\r", "é"];
        for i in 0..200 {
            let at = (i * 7919) % rope.len_chars();
            rope.insert(at, inserts[i % inserts.len()]);
            if i % 3 == 0 {
                rope.remove(at..(at + 2).min(rope.len_chars()));
            }
        }
        assert!(rope.chunks().count() > 100);
        let text = rope.to_string();
        (rope, text)
    }

    /// Every byte offset (in characters, inside a CRLF, past the end) of a rope edited at many
    /// places gets the position ropey's char conversions give, in every encoding.
    #[test]
    fn positions_in_a_rope_of_many_chunks_after_edits_at_many_places() {
        let (rope, text) = edited_rope();
        for offset in (0..=text.len() + 2).step_by(3).chain([0, text.len()]) {
            for encoding in ALL {
                assert_eq!(
                    position_of(&rope, offset, encoding),
                    position_by_chars(&rope, offset, encoding),
                    "offset {offset}, {encoding:?}"
                );
            }
        }
    }

    /// Offsets converted together, in any order, in or beside characters and CRLFs and past the end,
    /// get `position_of`'s positions in a rope of many chunks edited at many places.
    #[test]
    fn positions_found_together_match_one_at_a_time() {
        let (rope, text) = edited_rope();
        let offsets: Vec<usize> = (0..=text.len() + 2)
            .rev()
            .step_by(5)
            .chain((0..text.len()).step_by(7))
            .collect();
        for encoding in ALL {
            let positions = Positions::new(&text, offsets.iter().copied(), encoding);
            for &offset in &offsets {
                assert_eq!(
                    positions.position(offset),
                    Some(position_of(&rope, offset, encoding)),
                    "offset {offset}, {encoding:?}"
                );
            }
            assert_eq!(positions.position(1), None);
            assert_eq!(
                positions.range(&rope, 1..text.len(), encoding),
                range_of(&rope, 1..text.len(), encoding)
            );
        }
    }

    proptest! {
        #[test]
        fn positions_match_the_reference_and_round_trip(text in text_strategy()) {
            let rope = Rope::from_str(&text);
            for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                // Between "\r" and "\n" is not a position LSP can express.
                let inside_crlf = offset > 0
                    && text.as_bytes()[offset - 1] == b'\r'
                    && text.as_bytes().get(offset) == Some(&b'\n');
                if inside_crlf {
                    continue;
                }
                for encoding in ALL {
                    let position = position_of(&rope, offset, encoding);
                    prop_assert_eq!(position, reference_position(&text, offset, encoding));
                    prop_assert_eq!(offset_of(&rope, position, encoding), offset);
                }
            }
        }

        #[test]
        fn any_position_gives_the_offset_of_ropeys_char_conversions(text in text_strategy()) {
            // Every line and one past the last, every column to a few past the line's end: inside
            // characters, past line ends and past the text, in each encoding.
            let rope = Rope::from_str(&text);
            for line in 0..=rope.len_lines() as u32 {
                for character in 0..=(text.len() as u32 + 3) {
                    for encoding in ALL {
                        let position = Position::new(line, character);
                        prop_assert_eq!(
                            offset_of(&rope, position, encoding),
                            reference_offset(&rope, position, encoding),
                            "{:?} {:?}", position, encoding
                        );
                    }
                }
            }
        }

        #[test]
        fn positions_of_any_byte_match_ropeys_char_conversions(text in text_strategy()) {
            let rope = Rope::from_str(&text);
            for encoding in ALL {
                let together = Positions::new(&text, (0..=text.len() + 1).rev(), encoding);
                for offset in 0..=text.len() + 1 {
                    let position = position_of(&rope, offset, encoding);
                    prop_assert_eq!(position, position_by_chars(&rope, offset, encoding));
                    prop_assert_eq!(together.position(offset), Some(position));
                }
            }
        }

        #[test]
        fn any_position_maps_to_a_char_boundary(
            text in text_strategy(),
            line in 0u32..30,
            character in 0u32..80,
        ) {
            let rope = Rope::from_str(&text);
            for encoding in ALL {
                let offset = offset_of(&rope, pos(line, character), encoding);
                prop_assert!(offset <= text.len());
                prop_assert!(text.is_char_boundary(offset));
            }
        }
    }
}
