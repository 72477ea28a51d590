//! Which byte ranges of a document are prose.
//!
//! Everything the engine judges (term matches, acronym uses, in-document definitions) must come from text a
//! reader reads as sentences. Code, URLs, markup, math, front matter and template tags are not prose: an
//! acronym there is an identifier, not a use. This module is the one place that decides, so the matcher and
//! the acronym rules can stay ignorant of Markdown.
//!
//! The result keeps byte ranges of the *original* text, never copies: the LSP layer converts them to
//! positions, and quick fixes edit the document at exactly those bytes.
//!
//! # How a Markdown document is read
//!
//! 1. Linear pre-scans over the original text find what pulldown-cmark cannot know about: front matter at
//!    the very start (`text::front_matter`), and a line-by-line pass (`structure.rs`) that tracks fenced code
//!    and finds MkDocs admonitions and content tabs, MyST/Sphinx and Docusaurus directive fences,
//!    abbreviation lines, doc-builder directives and Jekyll `{% highlight %}` blocks. A character-level
//!    pass (`exclusions.rs`) finds inline non-prose: bare URLs and e-mail addresses, Liquid tags, kramdown
//!    and attr_list attribute lists, and TeX math (`\(…\)`, `\[…\]`, math environments).
//! 2. Lines that are not prose at all are *blanked* (every byte but the line ending becomes a space) in a
//!    copy of the text, so pulldown-cmark sees blank lines there; short inline template and math spans are
//!    *masked* with inert punctuation so they cannot confuse link or emphasis parsing. The copy has the same
//!    length, so every offset pulldown-cmark reports is an offset into the original.
//! 3. One pulldown-cmark pass over the copy (`markdown.rs`) turns events into [`Block`]s; text inside HTML
//!    blocks goes through a small tag scanner (`html_block.rs`).
//! 4. Admonition bodies are indented by four spaces, which CommonMark reads as code. Each body is copied
//!    without its indentation and read by the same pipeline (`remap.rs`), and its ranges are mapped back.
//! 5. Every prose range is cut around the exclusions of step 1 (`builder.rs`), with [`Join::Break`] where
//!    something was cut out, so nothing is ever read across a URL or a template tag.
//!
//! MDX ([`DocKind::Mdx`], `mdx.rs`) and Quarto ([`DocKind::Quarto`], `quarto.rs`) are Markdown read by
//! the same pipeline, with one more pre-scan each for their own syntax (ES modules, JSX and
//! expressions; div fences, cross-references and span attributes), whose ranges are blanked, masked
//! or cut like those of step 1.
//!
//! Plain text ([`DocKind::PlainText`]) is one block per paragraph, cut around URLs and e-mail addresses
//! (`plain.rs`).
//!
//! reStructuredText ([`DocKind::ReStructuredText`]) has its own line and inline scanner (`rst.rs`, whose
//! doc comment lists its rules), as has LaTeX ([`DocKind::Latex`], `latex.rs`).
//!
//! # Decisions where the rules are silent
//!
//! - Image alt text is not prose: it is not read in the running text, and is often a file name.
//! - HTML formatting tags (`<b>`, `<em>`, `<a href>`, `<span>`, `<sup>`, `<abbr>`…) join
//!   [`Join::Direct`], like their Markdown equivalents, so `<a href="…">Multi-Query Attention</a> (MQA)`
//!   still reads as a definition; `<br>` is a [`Join::Space`]; every other tag (`<img>`, `<code>`,
//!   `<Tip>`, comments) is a [`Join::Break`], and the text of `<code>`, `<pre>`, `<kbd>`, `<script>`… is
//!   not prose. In HTML blocks, block-level tags and unknown components separate blocks, and the text of
//!   `<h1>`…`<h6>` and `<summary>`, and of centred blocks (`<p align="center">`: a README's tagline, a
//!   figure caption), is a heading.
//! - A footnote reference (`[^1]`) joins directly: it reads like a superscript.
//! - An entity (`&amp;`) is not prose: a [`Join::Space`] if it stands for whitespace, else a break.
//! - A reference link without a definition is text (brackets included), except ``[`Name`]``, the
//!   Hugging Face doc-builder's API cross-reference, which is read as a link.
//! - Table header cells are body blocks like the other cells.
//! - MkDocs admonitions are recognised at the start of a line (and nested in admonition bodies), not
//!   inside list items or block quotes. Their `"Title"` is a heading block; a marker without a title
//!   yields nothing. pymdownx content tabs (`=== "Tab"`) are read the same way.
//! - MyST/Sphinx directive fences: the body is prose for admonition-like directives (`{note}`,
//!   `{warning}`, `{admonition}`, `{dropdown}`, …) and for every colon fence; other backtick directives
//!   (`{code-block}`, `{math}`…) stay code. The argument of `{admonition} Title`, `{dropdown} Title` and
//!   Docusaurus `:::note Title` is a heading block; text after `{note}` is the body's first line (as in
//!   Sphinx), a body block of its own. Option lines (`:class: tip`) are not prose.
//! - TeX math: `\\(…\\)` and `\\[…\\]` (Hugging Face docs double the backslash so that MathJax gets
//!   `\(`) and `\(…\)` are math; `\[…\]` with one backslash, which is also how Markdown escapes
//!   brackets, is math when its content shows it (`display_math.rs`), and so are bare math
//!   environments (`\begin{align}…\end{align}`).
//! - Backticked code on the lines of an HTML block is code, though CommonMark shows the backticks
//!   (`html_code.rs`).
//! - Liquid, Jinja and Hugo template tags (`{{ … }}`, `{% … %}`) are not prose in any document, Jekyll or
//!   not.

use std::ops::Range;

use super::DocKind;
use crate::text::front_matter;
pub use incremental::{read, read_unless_cancelled, Edit, Edited, Moved, Reading};
pub use markdown::options as markdown_options;
use markdown::Flavor;

mod abbreviations;
mod admonitions;
mod builder;
mod display_math;
mod doc_builder;
mod exclusions;
mod fences;
mod html;
mod html_block;
mod html_code;
mod incremental;
pub(in crate::analysis) mod latex;
mod lines;
mod markdown;
mod mdx;
mod plain;
mod quarto;
mod remap;
mod rst;
mod rst_inline;
mod structure;
mod urls;

#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod latex_tests;
#[cfg(test)]
mod rst_tests;
#[cfg(test)]
mod tests;

/// The prose of one document, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Prose {
    pub blocks: Vec<Block>,
    /// Markdown abbreviation lines `*[HBM]: High-Bandwidth Memory` outside code: they define an acronym
    /// for the whole document and are NOT prose (no block covers them).
    pub abbreviations: Vec<AbbreviationDef>,
    /// Inline `<abbr title="Long Form">ACR</abbr>` elements in prose.
    pub abbr_elements: Vec<AbbrElement>,
    /// Stretches of prose that are not the author's running text (quotations, link texts, run-in labels,
    /// reference sections), sorted by start. They may nest (a link in a quotation).
    pub regions: Vec<Region>,
}

/// A stretch of the document whose prose a reader does not take as the author's own running text; byte
/// ranges in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub range: Range<usize>,
    pub kind: RegionKind,
}

/// What kind of prose a [`Region`] holds. The engine decides what each means for the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegionKind {
    /// Someone else's words: a block quote (not a GitHub alert), also nested in a list item or continued
    /// lazily, or a long paragraph set wholly in italics (a quoted abstract).
    Quotation,
    /// The text of a link (not an autolink): often a name or a cited title.
    LinkText,
    /// A bold run-in label that opens a paragraph or list item (`**Label**: …`, `**Label.** …`, a bold
    /// line of its own), or the text of a link to a heading of the page (a table of contents): read
    /// like a heading.
    Label,
    /// The text of a link to a code repository, a package or a model page (`[PEFT](https://github.com/…)`):
    /// it names that project.
    ProjectLink,
    /// The text of a link whose destination spells out an acronym of the text
    /// (`[Async TP](…/async-tensor-parallelism)`): the text uses the acronym for the linked topic, so it
    /// is not a name even when its words are capitalised.
    TopicLink,
    /// A table: its cells hold names of things (benchmarks, models) more than running text.
    Table,
    /// A table laid out by character columns (reStructuredText's grid and simple tables), also a
    /// [`RegionKind::Table`]: an edit that changes the width of one of its lines breaks the table.
    AlignedTable,
    /// A section whose heading names references, citations, publications or news, up to the next heading
    /// of the same or a higher level.
    Citations,
    /// Text between `<!-- glossary-ls-disable -->` and `<!-- glossary-ls-enable -->` (or the end of
    /// the document): the writer turned checking off there, for acronyms mentioned rather than used.
    Off,
    /// A fenced code block (Markdown's ```` ``` ```` or `~~~`, also in a list item or an admonition body):
    /// no prose at all, kept so that rules measuring distance in the text can read past it.
    FencedCode,
    /// A heading with no prose of its own (only inline code: ``## `PresidioScorer` ``, common on API
    /// pages): no block holds it, yet it starts a section as any heading does.
    BareHeading,
}

/// A Markdown abbreviation line; byte ranges in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbbreviationDef {
    /// `HBM` in `*[HBM]: High-Bandwidth Memory`.
    pub acronym: Range<usize>,
    /// `High-Bandwidth Memory`, trimmed.
    pub expansion: Range<usize>,
}

/// An `<abbr title="Long Form">ACR</abbr>` element; byte ranges in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbbrElement {
    /// The title attribute's value, without quotes.
    pub title: Range<usize>,
    /// The element's text, trimmed.
    pub text: Range<usize>,
}

/// One unit of prose the engine reads as a whole: a paragraph, a heading, a table cell, a list item's
/// paragraph, a footnote's paragraph, an admonition title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// True for the first block of a list item (the engine recognises `ACR: Long Form` / `ACR — Long Form`
    /// there).
    pub starts_list_item: bool,
    /// The block's prose, in document order, as byte ranges of the original text. Never empty; no segment
    /// is empty, spans a line break or is only whitespace.
    pub segments: Vec<Segment>,
}

/// Whether a block counts as body text. Style guides exempt headings and titles from the first-use rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// ATX and setext headings, reStructuredText section titles and rubrics, LaTeX sectioning, HTML
    /// `<h1>`…`<h6>` and `<summary>`: a heading that starts a section.
    Heading,
    /// The title of something inside a section: an admonition's, a content tab's, a card's, a
    /// table's caption (`!!! note "Title"`, ```` ```{admonition} Title ````, `.. list-table:: Feature
    /// Comparison`). Read as a heading (no use, never edited), but the section goes on: a definition
    /// below it still serves the uses above.
    Title,
    /// Paragraphs, list items, block quotes, table cells, footnotes, admonition and alert bodies, text
    /// between HTML tags.
    Body,
}

/// A run of prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub range: Range<usize>,
    /// How this segment joins the previous one in the same block; see [`Join`]. Always [`Join::Direct`]
    /// for a block's first segment.
    pub join: Join,
}

/// How a segment joins the previous one when the engine reads a block as one string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Join {
    /// Only inline markup separates them (emphasis delimiters, link brackets and the `](destination)`
    /// part, a footnote reference, an HTML formatting tag such as `<b>` or `<a href>`): `[Multi-Query
    /// Attention](url) (MQA)` reads "Multi-Query Attention (MQA)", `**L**arge` reads "Large".
    Direct,
    /// A soft or hard line break (or `<br>`, or whitespace the markup collapsed): read as one space.
    Space,
    /// A non-prose element sits between them (inline code, math, an image, an autolink or bare URL, an
    /// e-mail address, a template tag, an HTML tag other than a formatting one): nothing may be read
    /// across it.
    Break,
}

/// The prose of `text`, read as `kind`. Never panics; linear in the length of the text.
pub fn prose(text: &str, kind: DocKind) -> Prose {
    let mut prose = match kind {
        DocKind::Markdown => markdown::document(text, Flavor::Markdown),
        DocKind::Mdx => markdown::document(text, Flavor::Mdx),
        DocKind::Quarto => markdown::document(text, Flavor::Quarto),
        DocKind::PlainText => plain::document(text),
        DocKind::ReStructuredText => rst::document(text),
        DocKind::Latex => latex::document(text),
        // The Markdown cells' prose, mapped back to the JSON (see `analysis::notebook`).
        DocKind::Notebook => match super::notebook::Joined::notebook(text) {
            Some(cells) => cells.map_prose(markdown::document(cells.text(), Flavor::Markdown)),
            None => Prose::default(),
        },
    };
    finish(text, &mut prose);
    prose
}

/// Puts the parts in document order and enforces the invariants the engine relies on (ranges in bounds and
/// on character boundaries, no empty segment or block, a block's first join is `Direct`), whatever path
/// produced them.
fn finish(text: &str, prose: &mut Prose) {
    for block in &mut prose.blocks {
        block
            .segments
            .retain(|s| s.range.start < s.range.end && text.get(s.range.clone()).is_some());
        if let Some(first) = block.segments.first_mut() {
            first.join = Join::Direct;
        }
    }
    prose.blocks.retain(|b| !b.segments.is_empty());
    prose
        .blocks
        .sort_by_key(|b| b.segments.first().map_or(0, |s| s.range.start));
    prose.abbreviations.retain(|a| {
        text.get(a.acronym.clone()).is_some() && text.get(a.expansion.clone()).is_some()
    });
    prose.abbreviations.sort_by_key(|a| a.acronym.start);
    prose
        .abbr_elements
        .retain(|a| text.get(a.title.clone()).is_some() && text.get(a.text.clone()).is_some());
    prose.abbr_elements.sort_by_key(|a| a.text.start);
    prose
        .regions
        .retain(|r| r.range.start < r.range.end && r.range.end <= text.len());
    prose.regions.sort_by_key(|r| (r.range.start, r.range.end));
}

/// `text[range]`, or `""` when the range is out of bounds or not on character boundaries.
fn slice(text: &str, range: Range<usize>) -> &str {
    text.get(range).unwrap_or("")
}

/// The largest character boundary at or before `i` (clamped to the text).
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest character boundary at or after `i` (clamped to the text).
fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `range` with leading and trailing whitespace removed, or `None` when nothing is left.
fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let s = text.get(range.clone())?;
    let start = range.start + (s.len() - s.trim_start().len());
    let inner = s.trim();
    if inner.is_empty() {
        None
    } else {
        Some(start..start + inner.len())
    }
}
