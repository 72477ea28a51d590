//! Lines of a text with any line ending (LF, CRLF or a lone CR), as byte offsets.
//!
//! CommonMark accepts all three endings, and so must every pre-scan, or a CRLF document would get different
//! prose from the same document saved with LF.

/// One line: `start..end` is its content, `next` the start of the following line (after the ending).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Line {
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

/// An iterator over the lines of `text` from a byte offset. Cloning it is how callers look ahead.
#[derive(Debug, Clone)]
pub(super) struct Lines<'t> {
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

/// The indentation of a line: (columns, bytes). A tab advances to the next multiple of four columns, as in
/// CommonMark and Python-Markdown.
pub(super) fn indentation(line: &str) -> (usize, usize) {
    let mut columns = 0;
    let mut bytes = 0;
    for b in line.bytes() {
        match b {
            b' ' => columns += 1,
            b'\t' => columns += 4 - columns % 4,
            _ => break,
        }
        bytes += 1;
    }
    (columns, bytes)
}

/// Whether a line holds only whitespace.
pub(super) fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ' || b == b'\t')
}

/// The line without up to three spaces of indentation, or `None` when it is indented four columns or more
/// (CommonMark's limit for a line that opens a block).
pub(super) fn block_start(line: &str) -> Option<&str> {
    let (columns, bytes) = indentation(line);
    if columns > 3 {
        return None;
    }
    line.get(bytes..)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(text: &str) -> Vec<(&str, usize)> {
        Lines::new(text, 0)
            .map(|l| (&text[l.start..l.end], l.next))
            .collect()
    }

    #[test]
    fn every_line_ending_ends_a_line() {
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
    fn indentation_counts_tabs_to_the_next_stop() {
        assert_eq!(indentation("    x"), (4, 4));
        assert_eq!(indentation("\tx"), (4, 1));
        assert_eq!(indentation("  \tx"), (4, 3));
        assert_eq!(block_start("   x"), Some("x"));
        assert_eq!(block_start("    x"), None);
    }
}
