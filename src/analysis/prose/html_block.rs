//! Text between HTML tags, in HTML blocks and in Markdown paragraphs.
//!
//! CommonMark hands an HTML block over as raw lines (`<div align="center">`, `<Tip>` … `</Tip>` without
//! blank lines, `<p><img …>Some text</p>`), so the text a reader sees in it has to be found by scanning
//! the tags ourselves. Inline HTML inside a paragraph comes as one event per tag; [`HtmlState`] gives
//! both the same meaning for each tag (see [`super::html::Role`]) and records `<abbr title>` elements.

use std::ops::Range;

use super::builder::Collector;
use super::html::{attribute, classify, hidden_name, role, Markup, Role};
use super::{slice, trimmed, AbbrElement, BlockKind, Join};

/// What the tags seen so far mean for the text that follows.
#[derive(Debug, Default)]
pub(super) struct HtmlState {
    /// Inside a code-like element: its name and nesting depth.
    hidden: Option<(&'static str, u32)>,
    /// Inside an `<abbr title>`: the title's range and where the element's text starts.
    abbr: Option<(Range<usize>, usize)>,
    /// Inside this many heading-like elements.
    heading: u32,
    /// The open centred block elements (`<p align="center">`): a README's logo, tagline and badges,
    /// which read as its title, not as running text.
    centered: Vec<String>,
    /// Where the text of the open table cell (`<td>`, `<th>`) starts.
    cell: Option<usize>,
    /// The texts of the table cells closed so far: a table's cells hold names and labels, as a
    /// Markdown table's do ([`super::RegionKind::Table`]).
    cells: Vec<Range<usize>>,
}

impl HtmlState {
    /// Whether text here is hidden by a code-like element.
    pub fn hiding(&self) -> bool {
        self.hidden.is_some()
    }

    /// The kind of block text here belongs to.
    fn kind(&self) -> BlockKind {
        if self.heading > 0 || !self.centered.is_empty() {
            BlockKind::Heading
        } else {
            BlockKind::Body
        }
    }

    /// Forgets elements left open when a Markdown block ends: inline HTML cannot span blocks.
    pub fn reset(&mut self) {
        *self = HtmlState::default();
    }

    /// Handles one complete tag or comment at `range` of `src`. `inline` is true inside a Markdown
    /// paragraph, where block-level tags separate text (a break) but do not end the paragraph.
    pub fn markup(&mut self, src: &str, range: Range<usize>, inline: bool, col: &mut Collector) {
        let raw = slice(src, range.clone());
        let (name, closing, self_closing) = match classify(raw) {
            Markup::Tag {
                name,
                closing,
                self_closing,
            } => (name, closing, self_closing),
            Markup::Comment | Markup::Other => {
                if !self.hiding() {
                    col.join(Join::Break);
                }
                return;
            }
        };
        if let Some((hidden, depth)) = self.hidden {
            if hidden.eq_ignore_ascii_case(name) {
                if closing {
                    self.hidden = (depth > 1).then_some((hidden, depth - 1));
                } else if !self_closing {
                    self.hidden = Some((hidden, depth + 1));
                }
            }
            return;
        }
        self.table_markup(name, closing, self_closing, &range);
        match role(name) {
            Role::Formatting if name.eq_ignore_ascii_case("abbr") => {
                if closing {
                    if let Some((title, start)) = self.abbr.take() {
                        if let Some(text) = trimmed(src, start..range.start) {
                            col.abbr(AbbrElement { title, text });
                        }
                    }
                } else {
                    self.abbr = attribute(raw, range.start, "title").map(|t| (t, range.end));
                }
            }
            Role::Formatting => {}
            Role::LineBreak => col.join(Join::Space),
            Role::Opaque => col.join(Join::Break),
            Role::Hidden => {
                col.join(Join::Break);
                if !closing && !self_closing {
                    self.hidden = hidden_name(name).map(|n| (n, 1));
                }
            }
            Role::Heading | Role::Block if inline => col.join(Join::Break),
            Role::Heading => {
                col.close();
                self.abbr = None;
                if closing {
                    self.heading = self.heading.saturating_sub(1);
                } else if !self_closing {
                    self.heading += 1;
                }
            }
            Role::Block => {
                col.close();
                self.abbr = None;
                if closing {
                    if self
                        .centered
                        .last()
                        .is_some_and(|open| open.eq_ignore_ascii_case(name))
                    {
                        self.centered.pop();
                    }
                } else if !self_closing
                    && attribute(raw, range.start, "align")
                        .is_some_and(|value| slice(src, value).eq_ignore_ascii_case("center"))
                {
                    self.centered.push(name.to_string());
                }
            }
        }
    }
}

impl HtmlState {
    /// Opens or closes a table cell at the tag `name` at `range`. A cell ends at its closing tag,
    /// or where HTML lets it end without one: at the next cell, row or table tag.
    fn table_markup(
        &mut self,
        name: &str,
        closing: bool,
        self_closing: bool,
        range: &Range<usize>,
    ) {
        let is = |names: &[&str]| names.iter().any(|n| n.eq_ignore_ascii_case(name));
        let cell = is(&["td", "th"]);
        if !cell && !is(&["tr", "table", "thead", "tbody", "tfoot"]) {
            return;
        }
        if let Some(start) = self.cell.take() {
            if start < range.start {
                self.cells.push(start..range.start);
            }
        }
        if cell && !closing && !self_closing {
            self.cell = Some(range.end);
        }
    }
}

/// Where the scanner is between two lines of an HTML block.
#[derive(Debug, Default, Clone, Copy)]
enum Scan {
    #[default]
    Text,
    /// Inside a tag that started at `start`, possibly inside a quoted attribute value.
    Tag {
        start: usize,
        quote: Option<u8>,
    },
    Comment,
    /// A declaration, processing instruction or CDATA section.
    Other,
}

/// Reads the lines of one HTML block.
#[derive(Debug, Default)]
pub(super) struct HtmlBlockReader {
    state: HtmlState,
    scan: Scan,
}

impl HtmlBlockReader {
    /// Reads one line of the block (`range` of `src`, its line ending included).
    pub fn line(&mut self, src: &str, range: Range<usize>, col: &mut Collector) {
        let bytes = src.as_bytes();
        let end = range.end.min(bytes.len());
        let mut i = range.start;
        while i < end {
            match self.scan {
                Scan::Text => {
                    let rest = bytes.get(i..end).unwrap_or_default();
                    let Some(lt) = rest.iter().position(|&b| b == b'<').map(|k| i + k) else {
                        self.text(src, i..end, col);
                        break;
                    };
                    let after = |k: usize| bytes.get(lt + k).copied().unwrap_or(b' ');
                    let (scan, skip) = if bytes.get(lt..).is_some_and(|r| r.starts_with(b"<!--")) {
                        (Some(Scan::Comment), 4)
                    } else if after(1).is_ascii_alphabetic()
                        || (after(1) == b'/' && after(2).is_ascii_alphabetic())
                    {
                        (
                            Some(Scan::Tag {
                                start: lt,
                                quote: None,
                            }),
                            1,
                        )
                    } else if matches!(after(1), b'!' | b'?') {
                        (Some(Scan::Other), 2)
                    } else {
                        (None, 1)
                    };
                    match scan {
                        Some(scan) => {
                            self.text(src, i..lt, col);
                            self.scan = scan;
                        }
                        // A `<` that starts no markup is text.
                        None => self.text(src, i..lt + 1, col),
                    }
                    i = lt + skip;
                }
                Scan::Tag { start, mut quote } => {
                    let mut k = i;
                    let mut closed = None;
                    while let Some(&b) = bytes.get(k).filter(|_| k < end) {
                        match quote {
                            Some(q) if b == q => quote = None,
                            Some(_) => {}
                            None if b == b'"' || b == b'\'' => quote = Some(b),
                            None if b == b'>' => {
                                closed = Some(k);
                                break;
                            }
                            None => {}
                        }
                        k += 1;
                    }
                    match closed {
                        Some(k) => {
                            self.scan = Scan::Text;
                            self.state.markup(src, start..k + 1, false, col);
                            i = k + 1;
                        }
                        None => {
                            self.scan = Scan::Tag { start, quote };
                            i = end;
                        }
                    }
                }
                Scan::Comment | Scan::Other => {
                    let close: &[u8] = if matches!(self.scan, Scan::Comment) {
                        b"-->"
                    } else {
                        b">"
                    };
                    let rest = bytes.get(i..end).unwrap_or_default();
                    match rest.windows(close.len()).position(|w| w == close) {
                        Some(k) => {
                            if !self.state.hiding() {
                                col.join(Join::Break);
                            }
                            self.scan = Scan::Text;
                            i += k + close.len();
                        }
                        None => i = end,
                    }
                }
            }
        }
    }

    /// Text between tags: each line's text, trimmed, with a space where whitespace or a line break was.
    fn text(&mut self, src: &str, range: Range<usize>, col: &mut Collector) {
        if self.state.hiding() || range.start >= range.end {
            return;
        }
        let kind = self.state.kind();
        let piece = slice(src, range.clone());
        let mut offset = range.start;
        for (n, line) in piece.split(['\n', '\r']).enumerate() {
            if n > 0 {
                col.join(Join::Space);
            }
            let start = offset;
            offset += line.len() + 1;
            if line.starts_with(char::is_whitespace) {
                col.join(Join::Space);
            }
            if let Some(text) = trimmed(src, start..start + line.len()) {
                col.text(kind, text);
            }
            if line.ends_with(char::is_whitespace) {
                col.join(Join::Space);
            }
        }
    }

    /// The block ends: the texts of the table cells it closed.
    pub fn end(self, col: &mut Collector) -> Vec<Range<usize>> {
        col.close();
        self.state.cells
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::prose::lines::Lines;

    fn read(src: &str) -> Vec<(BlockKind, Vec<&str>)> {
        let mut col = Collector::new(src, &[]);
        let mut reader = HtmlBlockReader::default();
        for line in Lines::new(src, 0) {
            reader.line(src, line.start..line.next, &mut col);
        }
        reader.end(&mut col);
        let (blocks, _) = col.finish();
        blocks
            .into_iter()
            .map(|b| {
                (
                    b.kind,
                    b.segments.into_iter().map(|s| &src[s.range]).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn text_between_tags() {
        assert_eq!(
            read("<p><img src=\"x.png\"\n alt=\"Not prose\">Hello <b>big</b>\nworld</p>"),
            vec![(BlockKind::Body, vec!["Hello", "big", "world"])]
        );
        assert_eq!(
            read("<h1 align=\"center\">The Title</h1>\n<Tip>\nUse DPO\n</Tip>"),
            vec![
                (BlockKind::Heading, vec!["The Title"]),
                (BlockKind::Body, vec!["Use DPO"])
            ]
        );
    }

    #[test]
    fn a_centred_tagline_is_a_title() {
        assert_eq!(
            read("<p align=\"center\">\n    <i>Fast LLM evaluation.</i>\n</p>\n<div>\nUse DPO\n</div>"),
            [
                (BlockKind::Heading, vec!["Fast LLM evaluation."]),
                (BlockKind::Body, vec!["Use DPO"]),
            ]
        );
    }

    #[test]
    fn comments_code_and_scripts_are_not_prose() {
        assert_eq!(
            read("<!-- hidden\nstill hidden -->\n<div>shown</div>"),
            vec![(BlockKind::Body, vec!["shown"])]
        );
        assert_eq!(read("<pre>\ncode\n</pre>"), vec![]);
        assert_eq!(
            read("<div>a <code>x <code>y</code> z</code> b</div>"),
            vec![(BlockKind::Body, vec!["a", "b"])]
        );
        assert_eq!(read("<script>if (a<b) x()</script>"), vec![]);
        assert_eq!(
            read("<div>a < b</div>"),
            vec![(BlockKind::Body, vec!["a <", "b"])]
        );
    }

    #[test]
    fn abbr_elements_are_recorded() {
        let src = "<p><abbr title=\"High-Bandwidth Memory\">HBM</abbr></p>";
        let mut col = Collector::new(src, &[]);
        let mut reader = HtmlBlockReader::default();
        reader.line(src, 0..src.len(), &mut col);
        reader.end(&mut col);
        let (_, abbrs) = col.finish();
        let found: Vec<(&str, &str)> = abbrs
            .iter()
            .map(|a| (&src[a.title.clone()], &src[a.text.clone()]))
            .collect();
        assert_eq!(found, vec![("High-Bandwidth Memory", "HBM")]);
    }
}
