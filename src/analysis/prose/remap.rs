//! Reading an indented body as its own document.
//!
//! A MkDocs admonition's body is indented by four spaces; CommonMark reads such lines as code. We copy the
//! body without that indentation (one string per body, not per line), read the copy with the full
//! pipeline, and map every range back: within a line, offsets shift by how much indentation that line
//! lost, so a table of line starts is all the mapping needs.

use std::ops::Range;

use super::lines::Lines;
use super::{slice, Prose};

/// How many columns of indentation an admonition body loses (Python-Markdown's tab length).
const INDENT: usize = 4;

/// A body copied without its indentation, and how to map its offsets back.
pub(super) struct Dedented {
    text: String,
    /// For each copied line: where it starts in the copy and in the original.
    lines: Vec<(usize, usize)>,
}

impl Dedented {
    /// Copies the lines of `body` (whole lines of `text`, ending at the end of a line's content).
    pub fn new(text: &str, body: Range<usize>) -> Self {
        let mut copy = String::with_capacity(body.len());
        let mut lines = Vec::new();
        for line in Lines::new(text, body.start) {
            if line.start >= body.end {
                break;
            }
            let strip = strip_len(slice(text, line.start..line.end));
            lines.push((copy.len(), line.start + strip));
            copy.push_str(slice(
                text,
                line.start + strip..line.next.min(body.end.max(line.end)),
            ));
        }
        Dedented { text: copy, lines }
    }

    /// The copy to read.
    pub fn text(&self) -> &str {
        &self.text
    }

    fn map(&self, local: usize) -> usize {
        let i = self
            .lines
            .partition_point(|&(l, _)| l <= local)
            .saturating_sub(1);
        match self.lines.get(i) {
            Some(&(l, o)) => o + local.saturating_sub(l),
            None => local,
        }
    }

    /// Maps a range of the copy that lies within one line (as every prose range does).
    fn range(&self, r: Range<usize>) -> Range<usize> {
        if r.start >= r.end {
            let s = self.map(r.start);
            return s..s;
        }
        self.map(r.start)..self.map(r.end - 1) + 1
    }

    /// Moves what was read from the copy into `out`, with ranges of the original text.
    pub fn map_into(&self, inner: Prose, out: &mut Prose) {
        for mut block in inner.blocks {
            for segment in &mut block.segments {
                segment.range = self.range(segment.range.clone());
            }
            out.blocks.push(block);
        }
        for mut def in inner.abbreviations {
            def.acronym = self.range(def.acronym);
            def.expansion = self.range(def.expansion);
            out.abbreviations.push(def);
        }
        for mut element in inner.abbr_elements {
            element.title = self.range(element.title);
            element.text = self.range(element.text);
            out.abbr_elements.push(element);
        }
        for mut region in inner.regions {
            region.range = self.range(region.range);
            out.regions.push(region);
        }
    }
}

/// How many bytes of leading whitespace make up the first [`INDENT`] columns of `line` (all of it when the
/// line is shorter or blank).
fn strip_len(line: &str) -> usize {
    let mut columns = 0;
    let mut bytes = 0;
    for b in line.bytes() {
        if columns >= INDENT {
            break;
        }
        match b {
            b' ' => columns += 1,
            b'\t' => columns += 4 - columns % 4,
            _ => break,
        }
        bytes += 1;
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::prose::{Block, BlockKind, Join, Segment};

    #[test]
    fn copies_without_indentation_and_maps_back() {
        let text = "!!! note\n    First *line*\r\n\n\tSecond\n      deeper\nafter";
        let body = 9..text.find("\nafter").unwrap();
        let d = Dedented::new(text, body);
        assert_eq!(d.text(), "First *line*\r\n\nSecond\n  deeper");
        let local = d.text().find("Second").unwrap();
        let inner = Prose {
            blocks: vec![Block {
                kind: BlockKind::Body,
                starts_list_item: false,
                segments: vec![Segment {
                    range: local..local + 6,
                    join: Join::Direct,
                }],
            }],
            ..Prose::default()
        };
        let mut out = Prose::default();
        d.map_into(inner, &mut out);
        let r = out.blocks[0].segments[0].range.clone();
        assert_eq!(&text[r], "Second");
    }

    #[test]
    fn strips_up_to_four_columns() {
        assert_eq!(strip_len("      x"), 4);
        assert_eq!(strip_len("\tx"), 1);
        assert_eq!(strip_len("  \t  x"), 3);
        assert_eq!(strip_len("  "), 2);
    }
}
