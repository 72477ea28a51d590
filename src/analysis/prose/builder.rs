//! Collects blocks from whatever reads the document (pulldown-cmark events, the HTML scanner, pre-scanned
//! titles, plain-text lines), and enforces the rules every reader shares:
//!
//! - prose is cut around the exclusions (URLs, template tags…), with [`Join::Break`] at each cut, so no
//!   reader has to know about them;
//! - adjacent pieces joined directly are merged into one segment (pulldown-cmark splits text at escapes
//!   and unmatched delimiters), and whitespace-only pieces become a [`Join::Space`];
//! - a block's `starts_list_item` is set on the first block opened after a list item starts.

use std::ops::Range;

use super::{AbbrElement, Block, BlockKind, Join, Segment};

/// The stronger of two joins: a break wins over a space, a space over a direct join.
fn stronger(a: Join, b: Join) -> Join {
    match (a, b) {
        (Join::Break, _) | (_, Join::Break) => Join::Break,
        (Join::Space, _) | (_, Join::Space) => Join::Space,
        _ => Join::Direct,
    }
}

/// Blocks under construction for one (sub-)document.
pub(super) struct Collector<'t> {
    text: &'t str,
    exclusions: &'t [Range<usize>],
    blocks: Vec<Block>,
    abbr_elements: Vec<AbbrElement>,
    open: Option<Block>,
    pending: Join,
    item_pending: bool,
    /// The first exclusion that may matter for the next piece of text. Text mostly comes in document
    /// order, so this moves forward instead of binary-searching every time.
    cursor: usize,
}

impl<'t> Collector<'t> {
    /// A collector for `text`, whose prose is cut around `exclusions` (sorted, disjoint).
    pub fn new(text: &'t str, exclusions: &'t [Range<usize>]) -> Self {
        Collector {
            text,
            exclusions,
            blocks: Vec::new(),
            abbr_elements: Vec::new(),
            open: None,
            pending: Join::Direct,
            item_pending: false,
            cursor: 0,
        }
    }

    /// The index of the first exclusion that ends after `start`.
    fn first_exclusion_after(&mut self, start: usize) -> usize {
        let behind = self
            .cursor
            .checked_sub(1)
            .and_then(|i| self.exclusions.get(i))
            .is_some_and(|e| e.end > start);
        if behind {
            self.cursor = self.exclusions.partition_point(|e| e.end <= start);
        } else {
            while self
                .exclusions
                .get(self.cursor)
                .is_some_and(|e| e.end <= start)
            {
                self.cursor += 1;
            }
        }
        self.cursor
    }

    /// Opens a block of `kind` unless one is open.
    pub fn ensure_open(&mut self, kind: BlockKind) {
        if self.open.is_none() {
            self.open = Some(Block {
                kind,
                starts_list_item: std::mem::take(&mut self.item_pending),
                segments: Vec::new(),
            });
            self.pending = Join::Direct;
        }
    }

    /// Whether no prose has been added to a block since the last one closed.
    pub fn open_is_empty(&self) -> bool {
        self.open.as_ref().is_none_or(|b| b.segments.is_empty())
    }

    /// Closes the open block, keeping it if it has prose.
    pub fn close(&mut self) {
        if let Some(block) = self.open.take() {
            if !block.segments.is_empty() {
                self.blocks.push(block);
            }
        }
    }

    /// A list item starts: the next block opened is its first.
    pub fn item_starts(&mut self) {
        self.close();
        self.item_pending = true;
    }

    /// A block that is not prose (code, HTML, a rule) starts: it, not a later paragraph, was the first
    /// block of any list item that just started.
    pub fn non_prose_block(&mut self) {
        self.close();
        self.item_pending = false;
    }

    /// Records how the next piece joins the previous one (the stronger join wins).
    pub fn join(&mut self, join: Join) {
        if self.open.is_some() {
            self.pending = stronger(self.pending, join);
        }
    }

    /// Adds prose to the open block (opening a `kind` block if none is), cut around the exclusions.
    pub fn text(&mut self, kind: BlockKind, range: Range<usize>) {
        self.ensure_open(kind);
        let mut start = range.start;
        let mut k = self.first_exclusion_after(start);
        while start < range.end {
            match self.exclusions.get(k) {
                Some(e) if e.start < range.end => {
                    if e.start > start {
                        self.piece(start..e.start);
                    }
                    self.join(Join::Break);
                    start = start.max(e.end);
                    k += 1;
                }
                _ => {
                    self.piece(start..range.end);
                    break;
                }
            }
        }
    }

    fn piece(&mut self, range: Range<usize>) {
        let Some(s) = self.text.get(range.clone()) else {
            return;
        };
        if s.chars().all(char::is_whitespace) {
            self.join(Join::Space);
            return;
        }
        let pending = self.pending;
        let Some(block) = self.open.as_mut() else {
            return;
        };
        self.pending = Join::Direct;
        match block.segments.last_mut() {
            Some(last) if pending == Join::Direct && last.range.end == range.start => {
                last.range.end = range.end;
            }
            last => {
                let join = if last.is_none() {
                    Join::Direct
                } else {
                    pending
                };
                block.segments.push(Segment { range, join });
            }
        }
    }

    /// Records an `<abbr>` element.
    pub fn abbr(&mut self, element: AbbrElement) {
        self.abbr_elements.push(element);
    }

    /// Adds a one-line block (a title found by a pre-scan).
    pub fn single(&mut self, kind: BlockKind, range: Range<usize>) {
        self.close();
        self.item_pending = false;
        self.text(kind, range);
        self.close();
    }

    /// The blocks and `<abbr>` elements collected.
    pub fn finish(mut self) -> (Vec<Block>, Vec<AbbrElement>) {
        self.close();
        (self.blocks, self.abbr_elements)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str, blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| {
                b.segments
                    .iter()
                    .map(|s| {
                        let sep = match s.join {
                            Join::Direct => "",
                            Join::Space => "_",
                            Join::Break => "|",
                        };
                        format!("{sep}{}", &text[s.range.clone()])
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn cuts_around_exclusions_and_merges_direct_neighbours() {
        let text = "ab cd https://x ef";
        let url = Range { start: 6, end: 15 };
        let exclusions = [url];
        let mut c = Collector::new(text, &exclusions);
        c.text(BlockKind::Body, 0..1);
        c.text(BlockKind::Body, 1..2);
        c.join(Join::Space);
        c.text(BlockKind::Body, 3..18);
        let (blocks, _) = c.finish();
        assert_eq!(render(text, &blocks), vec!["ab_cd | ef"]);
    }

    #[test]
    fn whitespace_becomes_a_space_and_first_join_is_direct() {
        let text = "  a   b";
        let mut c = Collector::new(text, &[]);
        c.ensure_open(BlockKind::Body);
        c.join(Join::Break);
        c.text(BlockKind::Body, 0..2);
        c.text(BlockKind::Body, 2..3);
        c.text(BlockKind::Body, 3..6);
        c.text(BlockKind::Body, 6..7);
        let (blocks, _) = c.finish();
        assert_eq!(render(text, &blocks), vec!["a_b"]);
    }

    #[test]
    fn list_item_flag_goes_to_the_first_block_only() {
        let text = "abc";
        let mut c = Collector::new(text, &[]);
        c.item_starts();
        c.text(BlockKind::Body, 0..1);
        c.close();
        c.text(BlockKind::Body, 1..2);
        c.item_starts();
        c.non_prose_block();
        c.text(BlockKind::Body, 2..3);
        let (blocks, _) = c.finish();
        let flags: Vec<bool> = blocks.iter().map(|b| b.starts_list_item).collect();
        assert_eq!(flags, vec![true, false, false]);
    }
}
