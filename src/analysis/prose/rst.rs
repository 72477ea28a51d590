//! reStructuredText: a line-by-line reader of the block structure, then an inline scan per paragraph
//! (`rst_inline.rs`). No maintained Rust crate parses rST to byte ranges of the source, so this is a
//! small scanner of its own; it reads what Sphinx documentation is made of, and what it does not
//! recognise it reads as paragraphs.
//!
//! # Blocks
//!
//! - A paragraph is a run of lines with the same indentation; lines join with a space. A line indented
//!   more than the paragraph right above it starts a definition (of a definition list); a paragraph
//!   indented more than its container after a blank line is a block quote ([`RegionKind::Quotation`]).
//! - Section titles (a line with an underline, or an overline and an underline, of one repeated
//!   punctuation character) are headings; the adornment lines are not prose, nor is a transition (a line
//!   of punctuation alone). A section titled "References", "Citations"… is a [`RegionKind::Citations`]
//!   up to the next title of the same or a higher level.
//! - A paragraph ending in `::` introduces a literal block: the indented lines after it are not prose
//!   (a lone `::` paragraph is not prose either; `text::` reads `text:`). Doctest blocks (`>>>`) are not
//!   prose.
//! - Bullet (`-`, `*`, `+`, `•`) and enumerated (`1.`, `(a)`, `#.`) list items start list items; field
//!   lists (`:Author: text`) lose their field name and keep the body.
//! - Explicit markup `.. `: comments, hyperlink targets (`.. _name: url`) and substitution definitions
//!   (`.. |name| replace:: text`) are not prose, with their indented continuation. A footnote or citation
//!   (`.. [1] text`) is prose without its label.
//! - Directives: option lines (`:linenos:`) are never prose. Admonitions (`note`, `warning`, `tip`,
//!   `seealso`, …) read their argument as the first line of the body, and the body as prose; `admonition`,
//!   `topic`, `sidebar`, `rubric`, `dropdown`, `tab`, the tables' titles… read their argument as a heading
//!   (a rubric's starts a section; the others' are titles inside one, [`BlockKind::Title`]).
//!   Code, math, raw, include, image, toctree, autosummary, doctest, graphviz, mermaid and the like have no
//!   prose, nor their arguments. `epigraph`, `pull-quote` and `highlights` are quotations. Any other
//!   directive (`figure`, `only`, `glossary`, `autoclass`…) has a body of prose and an argument that is
//!   not (a path, a class name, an expression).
//! - Tables: grid tables (`+---+`), simple tables (`=== ===`) and `csv-table` bodies give one block per
//!   cell (per cell line in simple tables), inside a [`RegionKind::Table`] (grid and simple tables also
//!   inside a [`RegionKind::AlignedTable`]: laid out by columns); `list-table` bodies are lists.
//!
//! # Inline markup
//!
//! - ``` ``literal`` ```, substitution references (`|name|`), interpreted text without a role (Sphinx's
//!   default role is most often a code reference) and roles other than the ones below are not prose:
//!   a [`Join::Break`].
//! - `` :term:`LLM` ``, `:emphasis:`, `:strong:`, `:sup:`, `:sub:`, `:dfn:`, `:guilabel:`… keep their
//!   content as prose, joined directly (the role markup reads like emphasis delimiters).
//! - `` :abbr:`LLM (large language model)` `` keeps `LLM` as prose and defines it as Markdown's
//!   `<abbr title="large language model">LLM</abbr>` does; the explanation is not prose.
//! - `` :ref:`text <label>` `` and `` :doc:`text <path>` `` keep `text` (a [`RegionKind::LinkText`]);
//!   `` :ref:`label` `` alone is a label, not prose.
//! - Hyperlink references `` `text <url>`_ `` and `` `text`_ `` keep `text` as link text; `word_` loses
//!   its underscore. `*emphasis*`, `**strong**`, escapes and footnote references (`[1]_`) join directly.
//!   Bare URLs and e-mail addresses are cut out as in every document.

use std::ops::Range;

use super::builder::Collector;
use super::exclusions::{self, Mode};
use super::lines::{indentation, is_blank, Lines};
use super::markdown::names_citation_section;
use super::rst_inline::{self, Cut};
use super::{slice, trimmed, AbbrElement, BlockKind, Join, Prose, Region, RegionKind};

/// Directives whose argument is the first line of their body.
const BODY_ARGUMENT: &[&str] = &[
    "note",
    "warning",
    "tip",
    "important",
    "caution",
    "danger",
    "attention",
    "hint",
    "error",
    "seealso",
    "todo",
];

/// Directives whose argument is a title.
const TITLE_ARGUMENT: &[&str] = &[
    "admonition",
    "topic",
    "sidebar",
    "rubric",
    "centered",
    "dropdown",
    "tab",
    "tab-item",
    "card",
    "grid-item-card",
    "table",
    "list-table",
    "csv-table",
];

/// Directives with neither a prose argument nor a prose body.
const NO_PROSE: &[&str] = &[
    "code",
    "code-block",
    "sourcecode",
    "code-cell",
    // sphinx-tabs' tab of code (`.. code-tab:: bash shell`) and sphinx-prompt's commands.
    "code-tab",
    "prompt",
    "literalinclude",
    "parsed-literal",
    "math",
    "raw",
    "highlight",
    "include",
    "image",
    "toctree",
    "autosummary",
    "contents",
    "sectnum",
    "index",
    "meta",
    "testcode",
    "testoutput",
    "testsetup",
    "testcleanup",
    "doctest",
    "ipython",
    "jupyter-execute",
    "graphviz",
    "digraph",
    "graph",
    "mermaid",
    "plot",
    "program-output",
    "command-output",
    "productionlist",
    "bibliography",
    "default-role",
    "role",
    "currentmodule",
    "module",
];

/// Directives whose body is someone else's words.
const QUOTATIONS: &[&str] = &["epigraph", "pull-quote", "highlights"];

/// One line of the document.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    /// Columns of indentation.
    indent: usize,
    /// Where the text after the indentation starts.
    content: usize,
    blank: bool,
}

/// A paragraph found by the block pass, before its inline markup is read.
#[derive(Debug)]
struct Para {
    kind: BlockKind,
    item: bool,
    lines: Vec<Range<usize>>,
    /// The indentation its continuation lines have, or `None` for the first line of a directive or
    /// footnote, whose next lines may have any deeper indentation.
    continuation: Option<usize>,
    /// The indentation of the line that opened it.
    indent: usize,
    /// A table cell: cut around substitution-like `|` is not wanted, and `::` means nothing.
    cell: bool,
}

/// What follows a directive or footnote line, indented deeper than it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Body {
    Prose,
    Skip,
    Csv,
}

#[derive(Debug, Clone, Copy)]
struct PendingBody {
    indent: usize,
    body: Body,
    region: Option<RegionKind>,
}

/// An indented container (a directive body, a list item, a block quote) and the region it makes.
#[derive(Debug)]
struct Container {
    indent: usize,
    region: Option<(RegionKind, usize)>,
}

struct Reader<'t> {
    text: &'t str,
    lines: Vec<Line>,
    paras: Vec<Para>,
    regions: Vec<Region>,
    open: Option<Para>,
    containers: Vec<Container>,
    skip_deeper_than: Option<usize>,
    skip_until_blank: bool,
    literal_after: Option<usize>,
    pending: Option<PendingBody>,
    csv_deeper_than: Option<usize>,
    /// Adornment styles (character, overlined) in order of first use: a title's level is its index.
    styles: Vec<(u8, bool)>,
    /// The level and start of an open citations section.
    citations: Option<(usize, usize)>,
}

/// The prose of a reStructuredText document.
pub(super) fn document(text: &str) -> Prose {
    let lines = Lines::new(text, 0)
        .map(|l| {
            let s = slice(text, l.start..l.end);
            let (indent, bytes) = indentation(s);
            let bom = if l.start == 0 && s.starts_with('\u{feff}') {
                3
            } else {
                0
            };
            Line {
                start: l.start,
                end: l.end,
                indent,
                content: l.start + bytes + bom,
                blank: is_blank(s.trim_start_matches('\u{feff}')),
            }
        })
        .collect();
    let mut reader = Reader {
        text,
        lines,
        paras: Vec::new(),
        regions: Vec::new(),
        open: None,
        containers: Vec::new(),
        skip_deeper_than: None,
        skip_until_blank: false,
        literal_after: None,
        pending: None,
        csv_deeper_than: None,
        styles: Vec::new(),
        citations: None,
    };
    reader.run();
    let Reader {
        paras, mut regions, ..
    } = reader;

    let exclusions = exclusions::scan(text, Mode::Plain);
    let mut col = Collector::new(text, &exclusions.ranges);
    let mut abbrs: Vec<AbbrElement> = Vec::new();
    for para in &paras {
        read_inline(text, para, &mut col, &mut regions, &mut abbrs);
    }
    let (blocks, mut abbr_elements) = col.finish();
    abbr_elements.extend(abbrs);
    Prose {
        blocks,
        abbreviations: Vec::new(),
        abbr_elements,
        regions,
    }
}

/// Feeds one paragraph to the collector, cut around its inline markup.
fn read_inline(
    text: &str,
    para: &Para,
    col: &mut Collector,
    regions: &mut Vec<Region>,
    abbrs: &mut Vec<AbbrElement>,
) {
    let (Some(first), Some(last)) = (para.lines.first(), para.lines.last()) else {
        return;
    };
    let inline = rst_inline::scan(text, first.start..last.end);
    regions.extend(inline.links.iter().map(|r| Region {
        range: r.clone(),
        kind: RegionKind::LinkText,
    }));
    abbrs.extend(inline.abbrs);
    col.close();
    if para.item {
        col.item_starts();
    } else {
        col.non_prose_block();
    }
    col.ensure_open(para.kind);
    let cuts: &[Cut] = &inline.cuts;
    let mut k = 0;
    for (n, line) in para.lines.iter().enumerate() {
        if n > 0 {
            col.join(Join::Space);
        }
        let mut pos = line.start;
        while let Some(cut) = cuts.get(k).filter(|c| c.range.start < line.end) {
            if cut.range.end <= pos {
                k += 1;
                continue;
            }
            if cut.range.start > pos {
                col.text(para.kind, pos..cut.range.start);
            }
            col.join(cut.join);
            pos = cut.range.end.min(line.end).max(pos);
            if cut.range.end > line.end {
                break;
            }
            k += 1;
        }
        if pos < line.end {
            col.text(para.kind, pos..line.end);
        }
    }
    if para.kind == BlockKind::Heading && col.open_is_empty() {
        regions.push(Region {
            range: first.start..last.end,
            kind: RegionKind::BareHeading,
        });
    }
    col.close();
}

impl<'t> Reader<'t> {
    fn line(&self, n: usize) -> Option<Line> {
        self.lines.get(n).copied()
    }

    fn content(&self, line: Line) -> &'t str {
        slice(self.text, line.content..line.end)
    }

    fn run(&mut self) {
        let mut n = 0;
        let mut previous_blank = true;
        while let Some(line) = self.line(n) {
            n = self.step(n, line, previous_blank);
            previous_blank = self.line(n.saturating_sub(1)).is_none_or(|l| l.blank);
        }
        self.close_para();
        let end = self.text.len();
        while let Some(container) = self.containers.pop() {
            self.end_container(container, end);
        }
        if let Some((_, start)) = self.citations.take() {
            self.regions.push(Region {
                range: start..end,
                kind: RegionKind::Citations,
            });
        }
    }

    /// Reads the line at `n`; returns the index of the next line to read.
    fn step(&mut self, n: usize, line: Line, previous_blank: bool) -> usize {
        if line.blank {
            self.close_para();
            self.skip_until_blank = false;
            return n + 1;
        }
        if self.skip_until_blank {
            return n + 1;
        }
        if let Some(base) = self.skip_deeper_than {
            if line.indent > base {
                return n + 1;
            }
            self.skip_deeper_than = None;
        }
        if let Some(base) = self.csv_deeper_than {
            if line.indent > base {
                self.csv_row(line);
                return n + 1;
            }
            self.csv_deeper_than = None;
        }
        while self
            .containers
            .last()
            .is_some_and(|c| c.indent > line.indent)
        {
            if let Some(container) = self.containers.pop() {
                self.end_container(container, line.start);
            }
        }
        if !previous_blank {
            if let Some(para) = self.open.as_mut() {
                let continues = match para.continuation {
                    Some(indent) => line.indent == indent,
                    None => line.indent > para.indent,
                };
                if continues {
                    para.continuation = Some(line.indent);
                    para.lines.push(line.content..line.end);
                    return n + 1;
                }
                if para.continuation.is_some_and(|indent| line.indent > indent) {
                    // A definition under its term.
                    self.close_para();
                    self.containers.push(Container {
                        indent: line.indent,
                        region: None,
                    });
                    return self.block(n, line);
                }
            }
        }
        self.close_para();
        if let Some(base) = self.literal_after.take() {
            if line.indent > base {
                self.skip_deeper_than = Some(base);
                return n + 1;
            }
        }
        if let Some(pending) = self.pending.take() {
            if line.indent > pending.indent {
                self.containers.push(Container {
                    indent: line.indent,
                    region: pending.region.map(|kind| (kind, line.start)),
                });
                match pending.body {
                    Body::Skip => {
                        self.skip_deeper_than = Some(pending.indent);
                        return n + 1;
                    }
                    Body::Csv => {
                        self.csv_deeper_than = Some(pending.indent);
                        self.csv_row(line);
                        return n + 1;
                    }
                    Body::Prose => return self.block(n, line),
                }
            }
        }
        let base = self.containers.last().map_or(0, |c| c.indent);
        if line.indent > base {
            self.containers.push(Container {
                indent: line.indent,
                region: Some((RegionKind::Quotation, line.start)),
            });
        }
        self.block(n, line)
    }

    fn end_container(&mut self, container: Container, end: usize) {
        if let Some((kind, start)) = container.region {
            self.regions.push(Region {
                range: start..end,
                kind,
            });
        }
    }

    fn close_para(&mut self) {
        let Some(mut para) = self.open.take() else {
            return;
        };
        if !para.cell {
            if let Some(last) = para.lines.last_mut() {
                let s = slice(self.text, last.clone());
                if let Some(before) = s.strip_suffix("::") {
                    // `text::` reads `text:`; `text ::` and `::` read nothing of the marker.
                    let keep = if before.ends_with(char::is_whitespace) || before.is_empty() {
                        before.trim_end().len()
                    } else {
                        before.len() + 1
                    };
                    last.end = last.start + keep;
                    self.literal_after = Some(para.continuation.unwrap_or(para.indent));
                }
            }
        }
        para.lines.retain(|r| r.start < r.end);
        if !para.lines.is_empty() {
            self.paras.push(para);
        }
    }

    fn open_para(&mut self, kind: BlockKind, item: bool, range: Range<usize>, line: Line) {
        self.close_para();
        self.open = Some(Para {
            kind,
            item,
            lines: vec![range],
            continuation: Some(line.indent),
            indent: line.indent,
            cell: false,
        });
    }

    /// Reads a line that starts a block; returns the index of the next line to read.
    fn block(&mut self, n: usize, line: Line) -> usize {
        let content = self.content(line);
        if content == "::" {
            self.literal_after = Some(line.indent);
            return n + 1;
        }
        if content == ".." || content.starts_with(".. ") || content.starts_with("..\t") {
            return self.explicit(n, line);
        }
        if content.starts_with(">>>") {
            self.skip_until_blank = true;
            return n + 1;
        }
        if is_grid_border(content) {
            return self.grid_table(n, line);
        }
        if simple_table_columns(content).len() >= 2 {
            return self.simple_table(n, line);
        }
        if let Some(next) = self.title(n, line) {
            return next;
        }
        if is_adornment(content) {
            return n + 1;
        }
        if let Some(marker) = list_marker(content) {
            let text_start = line.content + marker;
            let text_indent =
                line.indent + slice(self.text, line.content..text_start).chars().count();
            self.containers.push(Container {
                indent: text_indent,
                region: None,
            });
            self.open_para(BlockKind::Body, true, text_start..line.end, line);
            if let Some(para) = self.open.as_mut() {
                para.continuation = Some(text_indent);
            }
            return n + 1;
        }
        if let Some(marker) = field_marker(content) {
            self.header_para(
                line,
                line.content + marker,
                Body::Prose,
                None,
                BlockKind::Body,
            );
            return n + 1;
        }
        if let Some(rest) = content
            .strip_prefix("| ")
            .or((content == "|").then_some(""))
        {
            let start = line.end - rest.len();
            self.open_para(BlockKind::Body, false, start..line.end, line);
            self.close_para();
            return n + 1;
        }
        self.open_para(BlockKind::Body, false, line.content..line.end, line);
        n + 1
    }

    /// A paragraph that opens a body: its next lines may have any deeper indentation, and the blocks
    /// after it that are indented deeper than `line` are the body.
    fn header_para(
        &mut self,
        line: Line,
        start: usize,
        body: Body,
        region: Option<RegionKind>,
        kind: BlockKind,
    ) {
        self.close_para();
        self.open = Some(Para {
            kind,
            item: false,
            lines: trimmed(self.text, start..line.end).into_iter().collect(),
            continuation: None,
            indent: line.indent,
            cell: false,
        });
        self.pending = Some(PendingBody {
            indent: line.indent,
            body,
            region,
        });
    }

    /// A section title at `n` (underlined, or over- and underlined): returns the line after it.
    fn title(&mut self, n: usize, line: Line) -> Option<usize> {
        if line.indent > 0 || !self.containers.is_empty() {
            return None;
        }
        let content = self.content(line);
        let next = self.line(n + 1)?;
        let (title, under, overlined) = if is_adornment(content) {
            let after = self.line(n + 2)?;
            let under = self.content(after);
            let char_matches = under.as_bytes().first() == content.as_bytes().first();
            if next.blank || !is_adornment(under) || !char_matches {
                return None;
            }
            (next, after, true)
        } else {
            let under = self.content(next);
            if next.indent > 0 || !is_adornment(under) {
                return None;
            }
            let title_width = content.trim_end().chars().count();
            if under.trim_end().len() < title_width.min(4) {
                return None;
            }
            (line, next, false)
        };
        let character = self
            .content(under)
            .as_bytes()
            .first()
            .copied()
            .unwrap_or(b'=');
        let style = (character, overlined);
        let level = match self.styles.iter().position(|s| *s == style) {
            Some(level) => level,
            None => {
                self.styles.push(style);
                self.styles.len() - 1
            }
        };
        let start = if overlined { line.start } else { title.start };
        if let Some((open, from)) = self.citations {
            if level <= open {
                self.citations = None;
                self.regions.push(Region {
                    range: from..start,
                    kind: RegionKind::Citations,
                });
            }
        }
        let words = slice(self.text, title.content..title.end);
        if self.citations.is_none() && names_citation_section(words) {
            self.citations = Some((level, under.end));
        }
        if let Some(range) = trimmed(self.text, title.content..title.end) {
            self.open_para(BlockKind::Heading, false, range, title);
            self.close_para();
            self.literal_after = None;
        }
        Some(n + if overlined { 3 } else { 2 })
    }

    /// Explicit markup (`.. `): a directive, footnote, target, substitution definition or comment.
    fn explicit(&mut self, n: usize, line: Line) -> usize {
        let content = self.content(line);
        let rest = content.get(2..).unwrap_or("").trim_start();
        let rest_start = line.end - rest.len();
        if rest.starts_with('[') {
            if let Some(close) = rest.find("] ").or(rest.strip_suffix(']').map(|r| r.len())) {
                let label = rest.get(1..close).unwrap_or("");
                if !label.is_empty() && !label.contains(char::is_whitespace) {
                    let start = (rest_start + close + 1).min(line.end);
                    self.header_para(line, start, Body::Prose, None, BlockKind::Body);
                    return n + 1;
                }
            }
        }
        if let Some((name, argument)) = directive(rest) {
            return self.directive(n, line, &name, rest_start + argument);
        }
        // A comment, hyperlink target or substitution definition, with its indented continuation.
        self.skip_deeper_than = Some(line.indent);
        n + 1
    }

    fn directive(&mut self, n: usize, line: Line, name: &str, argument: usize) -> usize {
        let base = name.rsplit(':').next().unwrap_or(name);
        let (title, body, region) = if BODY_ARGUMENT.contains(&base) {
            (Some(BlockKind::Body), Body::Prose, None)
        } else if TITLE_ARGUMENT.contains(&base) {
            let region = base.ends_with("table").then_some(RegionKind::Table);
            let body = if base == "csv-table" {
                Body::Csv
            } else {
                Body::Prose
            };
            // A rubric is a heading outside the table of contents; the others title something
            // inside the section.
            let kind = if base == "rubric" {
                BlockKind::Heading
            } else {
                BlockKind::Title
            };
            (Some(kind), body, region)
        } else if NO_PROSE.contains(&base) {
            (None, Body::Skip, None)
        } else if QUOTATIONS.contains(&base) {
            (None, Body::Prose, Some(RegionKind::Quotation))
        } else {
            (None, Body::Prose, None)
        };
        self.close_para();
        let mut next = n + 1;
        let mut options = false;
        match title {
            Some(kind) => {
                self.header_para(line, argument.min(line.end), body, region, kind);
            }
            None => {
                self.pending = Some(PendingBody {
                    indent: line.indent,
                    body,
                    region,
                });
            }
        }
        // Lines right below: the argument's continuation, then options.
        while let Some(below) = self.line(next) {
            if below.blank || below.indent <= line.indent {
                break;
            }
            let content = self.content(below);
            if options || field_marker(content).is_some() {
                options = true;
                if self.open.is_some() {
                    self.close_para();
                    self.literal_after = None;
                }
            } else if let Some(para) = self.open.as_mut() {
                para.lines.push(below.content..below.end);
            } else if body == Body::Prose {
                // Content right after the directive line (no blank line): the body itself.
                break;
            }
            next += 1;
        }
        if let Some(para) = self.open.as_ref() {
            if para.lines.is_empty() {
                self.open = None;
            }
        }
        next
    }

    /// One line of a `csv-table` body: each field is a cell.
    fn csv_row(&mut self, line: Line) {
        let bytes = self.text.as_bytes();
        let mut i = line.content;
        while i < line.end {
            while i < line.end && matches!(bytes.get(i), Some(b' ' | b'\t')) {
                i += 1;
            }
            let (field, after) = if bytes.get(i) == Some(&b'"') {
                let mut j = i + 1;
                loop {
                    match bytes.get(j) {
                        Some(b'"') if bytes.get(j + 1) == Some(&b'"') => j += 2,
                        Some(b'"') => break,
                        Some(_) if j < line.end => j += 1,
                        _ => break,
                    }
                }
                let j = j.min(line.end);
                (i + 1..j, j + 1)
            } else {
                let j = memchr::memchr(b',', bytes.get(i..line.end).unwrap_or_default())
                    .map_or(line.end, |k| i + k);
                (i..j, j)
            };
            self.cell(line, field);
            i = match memchr::memchr(
                b',',
                bytes.get(after.min(line.end)..line.end).unwrap_or_default(),
            ) {
                Some(k) => after.min(line.end) + k + 1,
                None => line.end,
            };
        }
    }

    fn cell(&mut self, line: Line, range: Range<usize>) {
        if let Some(range) = trimmed(self.text, range) {
            self.close_para();
            self.paras.push(Para {
                kind: BlockKind::Body,
                item: false,
                lines: vec![range],
                continuation: Some(line.indent),
                indent: line.indent,
                cell: true,
            });
        }
    }

    /// A grid table from its top border at `n`: each cell's lines make a block.
    fn grid_table(&mut self, n: usize, line: Line) -> usize {
        self.close_para();
        let mut boundaries = char_positions(slice(self.text, line.start..line.end), '+');
        let mut cells: Vec<Vec<Range<usize>>> = Vec::new();
        let mut next = n + 1;
        while let Some(row) = self.line(next) {
            let content = self.content(row);
            if row.blank || !(content.starts_with('|') || content.starts_with('+')) {
                break;
            }
            let whole = slice(self.text, row.start..row.end);
            if is_grid_border(content) {
                self.flush_cells(&mut cells, row);
                boundaries = char_positions(whole, '+');
            } else {
                let offsets: Vec<usize> = whole
                    .char_indices()
                    .map(|(i, _)| row.start + i)
                    .chain(std::iter::once(row.end))
                    .collect();
                cells.resize_with(boundaries.len().saturating_sub(1), Vec::new);
                for (k, pair) in boundaries.windows(2).enumerate() {
                    let (Some(&left), Some(&right)) = (pair.first(), pair.get(1)) else {
                        continue;
                    };
                    let (Some(&from), Some(&to)) =
                        (offsets.get(left + 1), offsets.get(right).or(offsets.last()))
                    else {
                        continue;
                    };
                    if let (Some(cell), Some(range)) =
                        (cells.get_mut(k), trimmed(self.text, from..to.max(from)))
                    {
                        cell.push(range);
                    }
                }
            }
            next += 1;
        }
        let end_line = self.line(next.saturating_sub(1)).unwrap_or(line);
        self.flush_cells(&mut cells, end_line);
        self.aligned_table(line.start..end_line.end);
        next
    }

    /// A grid or simple table's range: a table, laid out by columns.
    fn aligned_table(&mut self, range: Range<usize>) {
        for kind in [RegionKind::Table, RegionKind::AlignedTable] {
            self.regions.push(Region {
                range: range.clone(),
                kind,
            });
        }
    }

    fn flush_cells(&mut self, cells: &mut [Vec<Range<usize>>], line: Line) {
        for cell in cells.iter_mut() {
            let lines = std::mem::take(cell);
            if !lines.is_empty() {
                self.paras.push(Para {
                    kind: BlockKind::Body,
                    item: false,
                    lines,
                    continuation: Some(line.indent),
                    indent: line.indent,
                    cell: true,
                });
            }
        }
    }

    /// A simple table from its top border at `n`: each cell of each line is a block.
    fn simple_table(&mut self, n: usize, line: Line) -> usize {
        self.close_para();
        let columns = simple_table_columns(slice(self.text, line.start..line.end));
        let mut next = n + 1;
        while let Some(row) = self.line(next) {
            next += 1;
            let content = self.content(row);
            if row.blank {
                if self
                    .line(next)
                    .is_none_or(|l| l.blank || l.indent < line.indent)
                {
                    break;
                }
                continue;
            }
            if simple_table_columns(content).len() >= 2 || is_adornment(content) {
                if content.starts_with('=') && self.line(next).is_none_or(|l| l.blank) {
                    break;
                }
                continue;
            }
            let whole = slice(self.text, row.start..row.end);
            let offsets: Vec<usize> = whole
                .char_indices()
                .map(|(i, _)| row.start + i)
                .chain(std::iter::once(row.end))
                .collect();
            for (k, &(from, _)) in columns.iter().enumerate() {
                let to = columns.get(k + 1).map_or(usize::MAX, |c| c.0);
                let (Some(&from), Some(&to)) = (
                    offsets.get(from).or(offsets.last()),
                    offsets.get(to).or(offsets.last()),
                ) else {
                    continue;
                };
                self.cell(row, from..to.max(from));
            }
        }
        let end = self
            .line(next.saturating_sub(1))
            .map_or(line.end, |l| l.end);
        self.aligned_table(line.start..end);
        next
    }
}

/// The name of a directive and where its argument starts in `rest` (the text after `.. `).
fn directive(rest: &str) -> Option<(String, usize)> {
    let marker = rest.find("::")?;
    let name = rest.get(..marker)?;
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_:.+".contains(&b));
    let after = rest.get(marker + 2..)?;
    if !valid || !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    Some((name.to_ascii_lowercase(), marker + 2))
}

/// The length of a field marker `:name: ` at the start of `content`.
fn field_marker(content: &str) -> Option<usize> {
    let inner = content.strip_prefix(':')?;
    if inner.starts_with([' ', ':', '`']) {
        return None;
    }
    let close = inner.find(':')?;
    let name = inner.get(..close)?;
    if name.contains('`') || name.ends_with(' ') {
        return None;
    }
    let after = inner.get(close + 1..)?;
    if after.is_empty() {
        return Some(close + 2);
    }
    after
        .starts_with([' ', '\t'])
        .then(|| close + 2 + (after.len() - after.trim_start().len()))
}

/// The length of a list item's marker and the spaces after it, when `content` starts with one.
fn list_marker(content: &str) -> Option<usize> {
    let bytes = content.as_bytes();
    let marker = match content.chars().next()? {
        '-' | '*' | '+' => 1,
        '•' | '‣' | '⁃' => 3,
        '#' if matches!(bytes.get(1), Some(b'.' | b')')) => 2,
        '(' => {
            let inner = bytes.get(1..)?;
            let len = inner
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if len == 0 || len > 3 || inner.get(len) != Some(&b')') {
                return None;
            }
            len + 2
        }
        c if c.is_ascii_digit() => {
            let len = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if len > 9 || !matches!(bytes.get(len), Some(b'.' | b')')) {
                return None;
            }
            len + 1
        }
        c if c.is_ascii_alphabetic() && matches!(bytes.get(1), Some(b'.' | b')')) => 2,
        _ => return None,
    };
    let after = content.get(marker..)?;
    if after.is_empty() {
        return Some(marker);
    }
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    (spaces > 0).then_some(marker + spaces)
}

/// A line of one repeated punctuation character (at least two; `::` and `..` are markup instead).
fn is_adornment(content: &str) -> bool {
    let s = content.trim_end();
    let Some(&first) = s.as_bytes().first() else {
        return false;
    };
    s.len() >= 2
        && first.is_ascii_punctuation()
        && s.bytes().all(|b| b == first)
        && s != "::"
        && s != ".."
}

/// A grid table border: `+---+----+` or `+===+`.
fn is_grid_border(content: &str) -> bool {
    let s = content.trim_end();
    s.len() >= 3
        && s.starts_with('+')
        && s.ends_with('+')
        && s.bytes().all(|b| matches!(b, b'+' | b'-' | b'=' | b':'))
        && s.contains(['-', '='])
}

/// The columns of a simple table border (`=====  =====`): (char start, char end) of each run, measured
/// from the start of the line; empty when the line is not such a border.
fn simple_table_columns(line: &str) -> Vec<(usize, usize)> {
    let trimmed_line = line.trim_end();
    let content = trimmed_line.trim_start();
    if !content.starts_with('=') || !content.bytes().all(|b| b == b'=' || b == b' ') {
        return Vec::new();
    }
    let mut columns = Vec::new();
    let mut run: Option<usize> = None;
    for (i, c) in trimmed_line.chars().enumerate() {
        match (c, run) {
            ('=', None) => run = Some(i),
            (' ', Some(start)) => {
                columns.push((start, i));
                run = None;
            }
            _ => {}
        }
    }
    if let Some(start) = run {
        columns.push((start, trimmed_line.chars().count()));
    }
    columns
}

/// The char indices of `c` in `s`.
fn char_positions(s: &str, c: char) -> Vec<usize> {
    s.chars()
        .enumerate()
        .filter(|&(_, x)| x == c)
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(list_marker("- a"), Some(2));
        assert_eq!(list_marker("12. a"), Some(4));
        assert_eq!(list_marker("(a) x"), Some(4));
        assert_eq!(list_marker("*emphasis*"), None);
        assert_eq!(field_marker(":Author: Me"), Some(9));
        assert_eq!(field_marker(":term:`x`"), None);
        assert_eq!(field_marker(":orphan:"), Some(8));
        assert!(is_adornment("-----"));
        assert!(!is_adornment("::"));
        assert_eq!(simple_table_columns("===  ====="), vec![(0, 3), (5, 10)]);
        assert_eq!(
            directive("code-block:: python"),
            Some(("code-block".to_string(), 12))
        );
        assert_eq!(directive("_target: http://x"), None);
    }
}
