//! Line starts of a text, for turning byte offsets into 1-based lines and columns in messages and
//! reports.

/// The byte offset at which each line starts. Lines end at `\n`; a `\r` before it belongs to the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// The byte offset where 0-based `line` starts, if the text has that line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_offsets() {
        let index = LineIndex::new("ab\ncd\r\n\nx");
        assert_eq!(index.line_count(), 4);
        assert_eq!(
            [0, 2, 3, 6, 7, 8, 99].map(|o| index.line_of(o)),
            [0, 0, 1, 1, 2, 3, 3]
        );
        assert_eq!(index.line_start(3), Some(8));
        assert_eq!(index.line_start(4), None);
    }
}
