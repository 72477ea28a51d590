//! Plain text: everything is prose except URLs and e-mail addresses.
//!
//! A paragraph (lines up to a blank line) is one block, its lines joined by spaces, so a definition that
//! wraps ("Large language\nmodels (LLMs)") reads as it would in Markdown.

use super::builder::Collector;
use super::exclusions::{self, Mode};
use super::lines::{is_blank, Lines};
use super::{slice, trimmed, BlockKind, Join, Prose};

/// The prose of a plain-text document.
pub(super) fn document(text: &str) -> Prose {
    let exclusions = exclusions::scan(text, Mode::Plain);
    let mut col = Collector::new(text, &exclusions.ranges);
    for line in Lines::new(text, 0) {
        if is_blank(slice(text, line.start..line.end)) {
            col.close();
            continue;
        }
        col.join(Join::Space);
        if let Some(range) = trimmed(text, line.start..line.end) {
            col.text(BlockKind::Body, range);
        }
    }
    let (blocks, abbr_elements) = col.finish();
    Prose {
        blocks,
        abbreviations: Vec::new(),
        abbr_elements,
        regions: Vec::new(),
    }
}
