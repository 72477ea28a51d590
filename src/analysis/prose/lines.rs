//! Line helpers for the pre-scans. The lines themselves come from [`crate::text::lines`], the program's one
//! line model: CommonMark accepts all three endings (LF, CRLF, a lone CR), and so must every pre-scan, or a
//! CRLF document would get different prose from the same document saved with LF.

pub(super) use crate::text::lines::Lines;

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

    #[test]
    fn indentation_counts_tabs_to_the_next_stop() {
        assert_eq!(indentation("    x"), (4, 4));
        assert_eq!(indentation("\tx"), (4, 1));
        assert_eq!(indentation("  \tx"), (4, 3));
        assert_eq!(block_start("   x"), Some("x"));
        assert_eq!(block_start("    x"), None);
    }
}
