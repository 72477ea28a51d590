//! Markdown: the pre-scans, one pulldown-cmark pass, and the admonition bodies read on their own.
//!
//! pulldown-cmark options, and why:
//! - tables, footnotes, task lists and strikethrough: GitHub syntax real docs use; with them on, `|`,
//!   `[^1]:`, `[ ]` and `~~` are markup instead of text;
//! - math: `$x_i$` and `$$…$$` are math, not prose (a lone `$5` stays text);
//! - GFM: `> [!NOTE]` alerts, whose marker is then not text;
//! - *not* smart punctuation, which would make text events differ from the source;
//! - *not* metadata blocks: front matter is found by [`super::front_matter`], only at the start;
//! - *not* heading attributes, definition lists, super/subscript or wikilinks: attribute lists are cut out
//!   by [`super::exclusions`] whatever they follow, and the others would turn common punctuation (`~`,
//!   `^`, `: `) into markup.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::builder::Collector;
use super::exclusions::{self, Mode};
use super::html_block::{HtmlBlockReader, HtmlState};
use super::remap::Dedented;
use super::{
    ceil_boundary, floor_boundary, front_matter, slice, structure, BlockKind, Join, Prose,
};

/// Admonitions nested deeper than this are read as CommonMark reads them (as indented code), so that the
/// work per byte stays bounded.
const MAX_NESTING: usize = 8;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
}

/// Link reference labels defined in a document, normalised as CommonMark matches them (case-folded,
/// whitespace collapsed).
type Labels = HashSet<String>;

fn normalize(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The prose of a Markdown document.
pub(super) fn document(text: &str) -> Prose {
    read(text, 0, &[])
}

/// Reads a document (`depth` 0) or an admonition body copied out of one; `outer` are the reference labels
/// of the documents it was copied out of, so that `[text][ref]` in an admonition still finds its
/// definition at the bottom of the page.
fn read(text: &str, depth: usize, outer: &[&Labels]) -> Prose {
    let mut blank = Vec::new();
    let mut from = 0;
    if depth == 0 {
        if let Some(end) = front_matter::end(text) {
            blank.push(0..end);
            from = end;
        } else if text.starts_with('\u{feff}') {
            blank.push(0..3);
        }
    }
    let layout = structure::scan(text, from, depth < MAX_NESTING);
    let exclusions = exclusions::scan(text, Mode::Markdown);
    blank.extend(layout.blank.iter().cloned());
    let masked = mask(text, &blank, &exclusions.masks);
    let src = masked.as_deref().unwrap_or(text);

    let mut col = Collector::new(text, &exclusions.ranges);
    let labels = walk(src, &mut col, outer);
    for (kind, range) in &layout.titles {
        col.single(*kind, range.clone());
    }
    let (blocks, abbr_elements) = col.finish();
    let mut prose = Prose {
        blocks,
        abbreviations: layout.abbreviations,
        abbr_elements,
    };
    let mut chain = outer.to_vec();
    chain.push(&labels);
    for body in layout.nested {
        let copy = Dedented::new(text, body);
        let inner = read(copy.text(), depth + 1, &chain);
        copy.map_into(inner, &mut prose);
    }
    prose
}

/// A copy of `text` with `masks` filled with `;` (inert in Markdown, and punctuation, so emphasis next to
/// it still parses) and then `blank` filled with spaces; line endings are kept. Whole characters are
/// replaced, so the copy is valid UTF-8 of the same length. `None` when there is nothing to hide.
///
/// A lone CR also becomes an LF: CommonMark allows CR line endings, but pulldown-cmark 0.13 does not
/// recognise a code fence that ends with one.
fn mask(text: &str, blank: &[Range<usize>], masks: &[Range<usize>]) -> Option<String> {
    let mut lone_crs = memchr::memchr_iter(b'\r', text.as_bytes())
        .filter(|&i| text.as_bytes().get(i + 1) != Some(&b'\n'))
        .peekable();
    if blank.is_empty() && masks.is_empty() && lone_crs.peek().is_none() {
        return None;
    }
    let mut bytes = text.as_bytes().to_vec();
    for i in lone_crs {
        if let Some(b) = bytes.get_mut(i) {
            *b = b'\n';
        }
    }
    let mut fill = |r: &Range<usize>, with: u8| {
        let r = floor_boundary(text, r.start)..ceil_boundary(text, r.end);
        for b in bytes.get_mut(r).unwrap_or_default() {
            if *b != b'\n' && *b != b'\r' {
                *b = with;
            }
        }
    };
    masks.iter().for_each(|r| fill(r, b';'));
    blank.iter().for_each(|r| fill(r, b' '));
    String::from_utf8(bytes).ok()
}

/// Turns pulldown-cmark events over `src` into blocks; returns the reference labels `src` defines.
fn walk(src: &str, col: &mut Collector, outer: &[&Labels]) -> Labels {
    let mut walker = Walker::default();
    let resolve = |link: BrokenLink<'_>| resolve_reference(&link.reference, outer);
    let parser = Parser::new_with_broken_link_callback(src, options(), Some(resolve));
    let labels = parser
        .reference_definitions()
        .iter()
        .map(|(label, _)| normalize(label))
        .collect();
    for (event, range) in parser.into_offset_iter() {
        walker.event(src, event, range, col);
    }
    col.close();
    labels
}

/// Makes a reference link without a definition in its own document a link anyway (its text is prose,
/// its brackets and label are not) when:
/// - its label is inline code: Hugging Face docs cross-reference the API as ``[`DPOTrainer`]``, and the
///   doc-builder supplies the definition;
/// - the label is defined in a document an admonition body was copied out of.
fn resolve_reference<'a>(label: &str, outer: &[&Labels]) -> Option<(CowStr<'a>, CowStr<'a>)> {
    let label = label.trim();
    let code = label.len() >= 2 && label.starts_with('`') && label.ends_with('`');
    let outer_definition = || {
        let key = normalize(label);
        outer.iter().any(|labels| labels.contains(&key))
    };
    (code || (!outer.is_empty() && outer_definition()))
        .then_some((CowStr::Borrowed(""), CowStr::Borrowed("")))
}

#[derive(Default)]
struct Walker {
    in_heading: bool,
    in_code: bool,
    /// Inside this many images: alt text is not prose (it is not read in the running text, and is often a
    /// file name: `![dpo_figure](…)`).
    in_image: u32,
    /// For each open link, whether it is an autolink (`<https://…>`, `<a@b.org>`), whose text is a URL.
    links: Vec<bool>,
    /// Inline HTML seen in the current block.
    html: HtmlState,
    /// The HTML block being read.
    html_block: Option<HtmlBlockReader>,
}

impl Walker {
    fn kind(&self) -> BlockKind {
        if self.in_heading {
            BlockKind::Heading
        } else {
            BlockKind::Body
        }
    }

    fn event(&mut self, src: &str, event: Event, range: Range<usize>, col: &mut Collector) {
        match event {
            Event::Start(tag) => self.start(tag, col),
            Event::End(tag) => self.end(tag, col),
            Event::Text(text) => self.text(src, &text, range, col),
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => self.non_prose(col),
            Event::Html(_) => self
                .html_block
                .get_or_insert_with(HtmlBlockReader::default)
                .line(src, range, col),
            Event::InlineHtml(_) => {
                if !self.in_code {
                    col.ensure_open(self.kind());
                    self.html.markup(src, range, true, col);
                }
            }
            // A footnote reference reads like a superscript: `Long Form[^1] (LF)` still defines LF.
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
            Event::SoftBreak | Event::HardBreak => col.join(Join::Space),
            Event::Rule => col.non_prose_block(),
        }
    }

    fn start(&mut self, tag: Tag, col: &mut Collector) {
        match tag {
            Tag::Heading { .. } => {
                self.close_block(col);
                self.in_heading = true;
            }
            Tag::Item => {
                self.html.reset();
                col.item_starts();
            }
            Tag::CodeBlock(_) => {
                self.html.reset();
                col.non_prose_block();
                self.in_code = true;
            }
            Tag::HtmlBlock => {
                self.html.reset();
                col.non_prose_block();
                self.html_block = Some(HtmlBlockReader::default());
            }
            Tag::Link { link_type, .. } => {
                let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                self.links.push(autolink);
                if autolink {
                    self.non_prose(col);
                }
            }
            Tag::Image { .. } => {
                self.non_prose(col);
                self.in_image += 1;
            }
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript => {}
            Tag::Paragraph
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.close_block(col),
        }
    }

    fn end(&mut self, tag: TagEnd, col: &mut Collector) {
        match tag {
            TagEnd::Heading(_) => {
                self.close_block(col);
                self.in_heading = false;
            }
            TagEnd::CodeBlock => self.in_code = false,
            TagEnd::HtmlBlock => {
                if let Some(reader) = self.html_block.take() {
                    reader.end(col);
                }
            }
            // An item that had no block of its own must not lend its flag to what follows the list.
            TagEnd::Item => {
                self.html.reset();
                col.non_prose_block();
            }
            TagEnd::Link => {
                if self.links.pop() == Some(true) {
                    col.join(Join::Break);
                }
            }
            TagEnd::Image => {
                self.in_image = self.in_image.saturating_sub(1);
                col.join(Join::Break);
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
            TagEnd::Paragraph
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => self.close_block(col),
        }
    }

    fn close_block(&mut self, col: &mut Collector) {
        self.html.reset();
        col.close();
    }

    /// Inline content that is not prose (code, math, an image, an autolink): a break.
    fn non_prose(&mut self, col: &mut Collector) {
        if !self.in_code {
            col.ensure_open(self.kind());
            col.join(Join::Break);
        }
    }

    fn text(&mut self, src: &str, text: &str, range: Range<usize>, col: &mut Collector) {
        if self.in_code
            || self.in_image > 0
            || self.links.last() == Some(&true)
            || self.html.hiding()
        {
            return;
        }
        let kind = self.kind();
        col.ensure_open(kind);
        // An entity (`&amp;`, `&nbsp;`) is markup for one character: its source is not prose.
        let source = slice(src, range.clone());
        if source != text && source.starts_with('&') {
            let join = if text.chars().all(char::is_whitespace) {
                Join::Space
            } else {
                Join::Break
            };
            col.join(join);
            return;
        }
        col.text(kind, range);
    }
}
