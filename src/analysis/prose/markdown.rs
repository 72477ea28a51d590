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

use pulldown_cmark::{
    BrokenLink, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};

use super::builder::Collector;
use super::exclusions::{self, Mode};
use super::html_block::{HtmlBlockReader, HtmlState};
use super::remap::Dedented;
use crate::analysis::cancel::{Cancel, Cancelled};
use crate::glossary::load::front_matter_abbreviations;
use crate::text::acronym::{is_acronym_like, letters_only};

use super::{
    admonitions, ceil_boundary, floor_boundary, front_matter, html_code, mdx, quarto, slice,
    structure, AbbreviationDef, BlockKind, Join, Prose, Region, RegionKind,
};

/// Admonitions nested deeper than this are read as CommonMark reads them (as indented code), so that the
/// work per byte stays bounded.
const MAX_NESTING: usize = 8;

/// The options the engine parses Markdown with (also the floor benchmark's, `benches/floor.rs`).
pub fn options() -> Options {
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

/// Which Markdown: CommonMark with the extensions real documentation uses, or one of the dialects built
/// on it, whose extra syntax a pre-scan takes out of the prose before the same pipeline runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flavor {
    Markdown,
    /// [`super::mdx`]: ES modules, JSX, `{expressions}`.
    Mdx,
    /// [`super::quarto`]: div fences, cross-references, shortcodes.
    Quarto,
}

/// What a dialect's pre-scan takes out of the prose (byte ranges of the document).
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Found {
    /// Whole lines that are not prose: blanked before parsing.
    pub blank: Vec<Range<usize>>,
    /// Inline non-prose whose characters could confuse Markdown parsing: masked and cut out.
    pub masks: Vec<Range<usize>>,
    /// Inline non-prose that is only cut out.
    pub cuts: Vec<Range<usize>>,
    /// One-line blocks (titles).
    pub titles: Vec<(BlockKind, Range<usize>)>,
}

/// The prose of a Markdown document.
pub(super) fn document(text: &str, flavor: Flavor) -> Prose {
    read(text, 0, &[], flavor, None, &Cancel::never())
        .unwrap_or_default()
        .0
}

/// The prose of a Markdown document, with the shape of its top level (what [`super::incremental`]
/// needs to know which paragraphs it may read again on their own), unless `cancel` stops it: a
/// whole reading of a 1 MB document takes 7–9 ms, which a stale analysis ran to its end.
pub(super) fn document_with_shape(
    text: &str,
    flavor: Flavor,
    cancel: &Cancel,
) -> Result<(Prose, Shape), Cancelled> {
    read(text, 0, &[], flavor, None, cancel)
}

/// The prose and shape of `text`, a stretch of whole top-level blocks of a Markdown document whose
/// last full reading found `document`, read on its own as the document reads it: a reference label
/// the document defines resolves to that definition's destination and title (the broken-link
/// callback gives what the definition would), and a footnote reference `[^x]` to a footnote the
/// document defines is a reference (footnote definitions are appended after the text, read, and
/// cut off again). `None` when what was appended reaches into the reading of `text`, or `text` does
/// not end with a blank line to append after. See [`Shape::unsure`] for the labels it cannot tell.
/// No front matter is looked for at its first line: the document has none there (a stretch past
/// its start, or the start of a document without).
///
/// `open`: the level of the reference section open where the stretch starts in the document. The
/// stretch's reference sections are not made regions but [`Shape::sections`] (one that runs on
/// from before the stretch starts at 0), and the one open at its end is [`Shape::trailing`].
pub(super) fn window_with_shape(
    text: &str,
    document: &Shape,
    open: Option<usize>,
) -> Option<(Prose, Shape)> {
    if !text.contains("[^") || document.footnotes.is_empty() {
        return read(
            text,
            0,
            &[],
            Flavor::Markdown,
            Some((document, open)),
            &Cancel::never(),
        )
        .ok();
    }
    // After a blank line, an unindented `[^x]:` closes whatever block the text ends with, as the
    // block after the stretch does in the document; each definition is empty, so it makes no prose.
    if !text.ends_with("\n\n") {
        return None;
    }
    let mut with = String::with_capacity(text.len() + document.footnotes.len() * 16);
    with.push_str(text);
    for label in &document.footnotes {
        with.push_str("[^");
        with.push_str(label);
        with.push_str("]:\n\n");
    }
    let (mut prose, mut shape) = read(
        &with,
        0,
        &[],
        Flavor::Markdown,
        Some((document, open)),
        &Cancel::never(),
    )
    .ok()?;
    let end = text.len();
    let within = |r: &Range<usize>| r.end <= end;
    let after = |r: &Range<usize>| r.start >= end;
    let blocks_within = prose.blocks.iter().all(|b| {
        let (first, last) = (b.segments.first(), b.segments.last());
        first.is_none_or(|s| s.range.start >= end) || last.is_none_or(|s| s.range.end <= end)
    });
    if !blocks_within
        || !prose
            .regions
            .iter()
            .all(|r| within(&r.range) || after(&r.range))
        || !shape
            .tops
            .iter()
            .all(|t| within(&t.range) || after(&t.range))
        || !shape.code.iter().all(|c| within(c) || after(c))
        || !prose.abbreviations.is_empty()
        || !prose.abbr_elements.is_empty()
    {
        return None;
    }
    prose
        .blocks
        .retain(|b| b.segments.first().is_some_and(|s| s.range.start < end));
    prose.regions.retain(|r| r.range.start < end);
    shape.tops.retain(|t| t.range.start < end);
    shape.headings.retain(|&h| h < end);
    shape.code.retain(|c| c.start < end);
    // The definitions appended hold no heading: what is open at the end of the text is still.
    if !shape.sections.iter().all(|r| within(&r.range)) {
        return None;
    }
    // The text's own footnote definitions, then every one appended, in order.
    let own = shape
        .footnotes
        .len()
        .checked_sub(document.footnotes.len())?;
    if shape.footnotes.get(own..) != Some(&document.footnotes[..]) {
        return None;
    }
    shape.footnotes.truncate(own);
    Some((prose, shape))
}

/// What pulldown-cmark found at the top level of a document (not in a container block, and not in
/// an admonition body read on its own), where the line pre-scan saw fenced code, and what its
/// references and definitions are (what a stretch of it read alone needs to read the same).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Shape {
    /// Every top-level block (paragraphs, headings, lists, quotes, code, HTML, tables, rules…), in
    /// document order.
    pub tops: Vec<Top>,
    /// Where each heading starts, at any depth (a heading in a list item or a quote opens and
    /// closes reference sections too).
    pub headings: Vec<usize>,
    /// Fenced code as the line pre-scan tracks it (whole lines, the opening fence through the
    /// closing one or the end of the text): inside, it acts on nothing but a closing fence.
    pub code: Vec<Range<usize>>,
    /// Multi-line HTML comments as the line pre-scan tracks them (whole lines, the `<!--` line
    /// through the one holding `-->` or the end of the text): inside, it acts on nothing but `-->`.
    pub comments: Vec<Range<usize>>,
    /// The link reference definitions of the text, in the order of [`by_label`].
    pub defined: Vec<Definition>,
    /// The labels of the footnote definitions of the text, as pulldown-cmark reports them.
    pub footnotes: Vec<String>,
    /// Whether a label looked up (when read as a stretch of a document,
    /// [`window_with_shape`]) may match a definition of the document only as Unicode case folding
    /// compares them (a label with a character outside ASCII on either side), which this reading
    /// does not tell: then it may read differently in the document.
    pub unsure: bool,
    /// The reference sections of the text (at any depth but in admonition bodies, which are read
    /// on their own): what [`RegionKind::Citations`] regions it makes, with the levels of the
    /// headings that opened them, kept to read a stretch of the text on its own with the section
    /// open where it starts ([`window_with_shape`]).
    pub sections: Vec<Section>,
    /// Read as a stretch ([`window_with_shape`]): the reference section open at its end, which
    /// runs on after it (its level, and where it starts: 0 when it was open at the start).
    pub trailing: Option<(usize, usize)>,
    /// How many bytes of destinations and titles the reference links and images of the text were
    /// given (pulldown-cmark stops resolving references once they make more than the text's length
    /// or 100,000 bytes: its "expansion limit").
    pub expansion: usize,
}

/// A reference section: from the end of the heading that opened it to the start of the one that
/// closed it (or the end of the text), and the level of the one that opened it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Section {
    pub range: Range<usize>,
    pub level: usize,
}

/// A link reference definition: its label as pulldown-cmark reports it (whitespace collapsed, case
/// kept), and what a reference to it is given. The walker reads only the destination; the title
/// counts towards pulldown-cmark's expansion limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Definition {
    pub label: String,
    pub dest: String,
    pub title: String,
}

/// Orders definitions by label, ASCII letters in one case (how pulldown-cmark compares ASCII
/// labels), so that one is found by binary search.
fn by_label(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// The definition a reference to `label` (as pulldown-cmark reports it) gets in the document of
/// `shape`, when that is sure (see [`look_up`]).
pub(super) fn document_definition<'a>(shape: &'a Shape, label: &str) -> Option<&'a Definition> {
    match look_up(&shape.defined, label) {
        Lookup::Defined(d) => Some(d),
        Lookup::Undefined | Lookup::Unsure => None,
    }
}

/// What a document's definitions say of a label a reference looks up.
enum Lookup<'a> {
    Defined(&'a Definition),
    Undefined,
    /// Matched only as Unicode case folding compares them, if at all (see [`Shape::unsure`]).
    Unsure,
}

/// Looks `label` (as pulldown-cmark reports it) up in `defined` (sorted [`by_label`]) as
/// pulldown-cmark does: two ASCII labels match when they are equal but for the case of ASCII
/// letters; a label outside ASCII is compared with Unicode case folding, which is not told here.
fn look_up<'a>(defined: &'a [Definition], label: &str) -> Lookup<'a> {
    if defined.is_empty() {
        return Lookup::Undefined;
    }
    if !label.is_ascii() {
        return Lookup::Unsure;
    }
    if let Ok(k) = defined.binary_search_by(|d| by_label(&d.label, label)) {
        if let Some(d) = defined.get(k).filter(|d| d.label.is_ascii()) {
            return Lookup::Defined(d);
        }
    }
    if defined.iter().any(|d| !d.label.is_ascii()) {
        Lookup::Unsure
    } else {
        Lookup::Undefined
    }
}

/// A top-level block: where pulldown-cmark says it starts and ends, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Top {
    pub range: Range<usize>,
    pub kind: TopKind,
}

/// What a top-level block is, as far as [`super::incremental`] needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TopKind {
    Paragraph,
    /// Fenced code (```` ``` ```` or `~~~`).
    FencedCode,
    /// A block that a following line can continue across a blank line (a list, a footnote
    /// definition…): what comes after it decides where it ends.
    Container,
    /// A block quote: a blank line ends it (CommonMark: "> a", a blank line and "> b" are two
    /// quotes), so the next block starts after it whatever its first line is.
    Quote,
    /// Any other leaf block (a heading, a table, indented code, HTML, a rule…).
    Leaf,
}

/// Reads a document (`depth` 0) or an admonition body copied out of one; `outer` are the reference labels
/// of the documents it was copied out of, so that `[text][ref]` in an admonition still finds its
/// definition at the bottom of the page.
/// `document`: the shape of the document `text` is a stretch of ([`window_with_shape`]).
fn read(
    text: &str,
    depth: usize,
    outer: &[&Labels],
    flavor: Flavor,
    document: Option<(&Shape, Option<usize>)>,
    cancel: &Cancel,
) -> Result<(Prose, Shape), Cancelled> {
    let mut blank = Vec::new();
    let mut from = 0;
    let mut page_title = None;
    // A stretch of a document (`document`) is read as the document reads it there: past the
    // start of the document (or at the start of one without front matter), where no front
    // matter opens, whatever its first line looks like (`incremental`, W3).
    if depth == 0 && document.is_none() {
        if let Some(front) = front_matter::find(text) {
            blank.push(0..front.end);
            from = front.end;
            page_title = front.title(text);
        } else if text.starts_with('\u{feff}') {
            blank.push(0..3);
        }
    }
    let layout = structure::scan(text, from, depth < MAX_NESTING);
    cancel.check()?;
    let mut exclusions = exclusions::scan(text, Mode::Markdown);
    cancel.check()?;
    let mut titles = layout.titles;
    // The page's title heads the page, as a `#` heading would.
    titles.extend(page_title.map(|range| (BlockKind::Heading, range)));
    let dialect = match flavor {
        Flavor::Markdown => None,
        Flavor::Mdx => Some(mdx::scan(text, from)),
        Flavor::Quarto => Some(quarto::scan(text, from)),
    };
    if let Some(found) = dialect {
        blank.extend(found.blank);
        titles.extend(found.titles.iter().cloned());
        let mut ranges = std::mem::take(&mut exclusions.ranges);
        ranges.extend(found.masks.iter().cloned());
        ranges.extend(found.cuts);
        // A title inside an attribute list (`::: {.callout-note title="…"}`) is prose all the same.
        ranges.retain(|r| {
            !titles
                .iter()
                .any(|(_, t)| r.start <= t.start && t.end <= r.end)
        });
        exclusions.ranges = crate::text::ranges::merge(ranges);
        exclusions.masks.extend(found.masks);
    }
    blank.extend(layout.blank.iter().cloned());
    let masked = mask(text, &blank, &exclusions.masks);
    let src = masked.as_deref().unwrap_or(text);

    let mut col = Collector::new(text, &exclusions.ranges);
    let Walked {
        labels,
        regions,
        indented_code,
        mut shape,
    } = walk(src, &mut col, outer, document, cancel)?;
    shape.code = layout.code;
    shape.comments = layout.comments;
    for (kind, range) in &titles {
        col.single(*kind, range.clone());
    }
    let (blocks, abbr_elements) = col.finish();
    cancel.check()?;
    // A MyST page's `abbreviations:` front matter defines its acronyms for the whole page, as
    // abbreviation lines do; it comes first in the document.
    let mut abbreviations: Vec<AbbreviationDef> = if depth == 0 && from > 0 {
        front_matter_abbreviations(text)
            .into_iter()
            .map(|(acronym, expansion)| AbbreviationDef { acronym, expansion })
            .collect()
    } else {
        Vec::new()
    };
    abbreviations.extend(layout.abbreviations);
    let mut prose = Prose {
        blocks,
        abbreviations,
        abbr_elements,
        regions,
    };
    let mut chain = outer.to_vec();
    chain.push(&labels);
    let mut nested = layout.nested;
    // MDX has no indented code: content indented inside a component (`<Step>\n    Text`) is prose,
    // read without its indentation like an admonition body.
    if flavor == Flavor::Mdx && depth < MAX_NESTING {
        nested.extend(
            indented_code
                .into_iter()
                .map(|r| line_start(text, r.start)..r.end),
        );
    }
    for body in nested {
        let copy = Dedented::new(text, body);
        let (inner, _) = read(copy.text(), depth + 1, &chain, flavor, None, cancel)?;
        copy.map_into(inner, &mut prose);
    }
    Ok((prose, shape))
}

/// How many of pulldown-cmark's events [`walk`] takes between two cancellation checks: some tens of
/// microseconds of a 1 MB document's reading.
const CHECK_EVENTS: usize = 1024;

/// A copy of `text` with `masks` filled with `;` (inert in Markdown, and punctuation, so emphasis next to
/// it still parses) and then `blank` filled with spaces; line endings are kept. Whole characters are
/// replaced, so the copy is valid UTF-8 of the same length. `None` when there is nothing to hide.
///
/// A lone CR also becomes an LF: CommonMark allows CR line endings, but pulldown-cmark 0.13 does not
/// recognise a code fence that ends with one.
fn mask(text: &str, blank: &[Range<usize>], masks: &[Range<usize>]) -> Option<String> {
    let bytes = text.as_bytes();
    let lone_crs: Vec<usize> = memchr::memchr_iter(b'\r', bytes)
        .filter(|&i| bytes.get(i + 1) != Some(&b'\n'))
        .collect();
    if blank.is_empty() && masks.is_empty() && lone_crs.is_empty() {
        return None;
    }
    let widen = |r: &Range<usize>| floor_boundary(text, r.start)..ceil_boundary(text, r.end);
    // Only these stretches change. They are copied and filled apart from the rest, which is copied
    // as it is: only they need checking as UTF-8 again (checking a whole 1 MB copy cost ~1 M
    // instructions per reading), and the text is copied once.
    let stretches = crate::text::ranges::merge(
        lone_crs
            .iter()
            .map(|&i| i..i + 1)
            .chain(masks.iter().map(widen))
            .chain(blank.iter().map(widen))
            .filter(|r| r.start < r.end)
            .collect(),
    );
    let mut changed = Vec::new();
    let mut offsets = Vec::with_capacity(stretches.len());
    for r in &stretches {
        offsets.push(changed.len());
        changed.extend_from_slice(bytes.get(r.clone()).unwrap_or_default());
    }
    // The bytes of `r` (inside one stretch) in `changed`.
    let place = |r: Range<usize>| {
        let k = stretches.partition_point(|s| s.end <= r.start);
        let (s, offset) = (stretches.get(k)?, offsets.get(k)?);
        (s.start <= r.start && r.end <= s.end)
            .then(|| offset + (r.start - s.start)..offset + (r.end - s.start))
    };
    for i in lone_crs {
        if let Some(b) = place(i..i + 1).and_then(|at| changed.get_mut(at)) {
            for b in b {
                *b = b'\n';
            }
        }
    }
    let mut fill = |r: &Range<usize>, with: u8| {
        let r = widen(r);
        if r.start >= r.end {
            return;
        }
        let at = place(r).unwrap_or_default();
        for b in changed.get_mut(at).unwrap_or_default() {
            if *b != b'\n' && *b != b'\r' {
                *b = with;
            }
        }
    };
    masks.iter().for_each(|r| fill(r, b';'));
    blank.iter().for_each(|r| fill(r, b' '));
    let mut copy = String::with_capacity(text.len());
    let mut at = 0;
    for (r, &offset) in stretches.iter().zip(&offsets) {
        // Stretches are whole characters of `text`: a filled one is whole characters too.
        let filled = changed.get(offset..offset + r.len())?;
        copy.push_str(text.get(at..r.start)?);
        copy.push_str(std::str::from_utf8(filled).ok()?);
        at = r.end;
    }
    copy.push_str(text.get(at..)?);
    Some(copy)
}

/// Turns pulldown-cmark events over `src` into blocks; returns the reference labels `src` defines and the
/// regions it found.
/// The start of the line that holds `at`.
fn line_start(text: &str, at: usize) -> usize {
    let before = text.as_bytes().get(..at).unwrap_or_default();
    memchr::memrchr2(b'\n', b'\r', before).map_or(0, |i| i + 1)
}

/// What [`walk`] found besides the blocks.
struct Walked {
    /// The reference labels the text defines.
    labels: Labels,
    regions: Vec<Region>,
    /// Indented code blocks (MDX reads them as prose).
    indented_code: Vec<Range<usize>>,
    shape: Shape,
}

fn walk(
    src: &str,
    col: &mut Collector,
    outer: &[&Labels],
    document: Option<(&Shape, Option<usize>)>,
    cancel: &Cancel,
) -> Result<Walked, Cancelled> {
    let mut walker = Walker::default();
    // A stretch of a document: its reference sections are the document's to place.
    if let Some((_, open)) = document {
        walker.stretch = true;
        walker.citations = open.map(|level| (level, 0));
    }
    let document = document.map(|(shape, _)| shape);
    let unsure = std::cell::Cell::new(false);
    let resolve = |link: BrokenLink<'_>| {
        // Read as a stretch of a document: what the document's definition gives (pulldown-cmark
        // looks a label up in the text's definitions first, and a stretch read alone has none).
        if let Some(document) = document {
            match look_up(&document.defined, &link.reference) {
                Lookup::Defined(d) => {
                    return Some((CowStr::from(d.dest.clone()), CowStr::from(d.title.clone())))
                }
                Lookup::Unsure => unsure.set(true),
                Lookup::Undefined => {}
            }
        }
        resolve_reference(&link.reference, outer)
    };
    let parser = Parser::new_with_broken_link_callback(src, options(), Some(resolve));
    let labels = parser
        .reference_definitions()
        .iter()
        .map(|(label, _)| normalize(label))
        .collect();
    walker.shape.defined = parser
        .reference_definitions()
        .iter()
        .map(|(label, def)| Definition {
            label: label.to_owned(),
            dest: def.dest.to_string(),
            title: def.title.as_deref().unwrap_or_default().to_owned(),
        })
        .collect();
    // In a stable order (the definitions are kept in a hash map), and one to search.
    walker
        .shape
        .defined
        .sort_unstable_by(|a, b| by_label(&a.label, &b.label).then_with(|| a.label.cmp(&b.label)));
    for (index, (event, range)) in parser.into_offset_iter().enumerate() {
        if index % CHECK_EVENTS == CHECK_EVENTS - 1 {
            cancel.check()?;
        }
        match &event {
            // What pulldown-cmark's expansion limit counts: every reference resolved.
            Event::Start(
                Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    ..
                }
                | Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    ..
                },
            ) if is_reference(*link_type) => {
                walker.shape.expansion += dest_url.len() + title.len();
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                walker.shape.footnotes.push(label.to_string());
            }
            _ => {}
        }
        walker.event(src, event, range, col);
    }
    col.close();
    if let Some((level, start)) = walker.citations.take() {
        if walker.stretch {
            walker.shape.trailing = Some((level, start));
        } else {
            walker.section(start..src.len(), level);
        }
    }
    if let Some(start) = walker.off_since.take() {
        walker.region(start..src.len(), RegionKind::Off);
    }
    walker.shape.unsure = unsure.get();
    Ok(Walked {
        labels,
        regions: walker.regions,
        indented_code: walker.indented_code,
        shape: walker.shape,
    })
}

/// Whether a link of `link_type` was resolved by a label (a definition's or the broken-link
/// callback's).
fn is_reference(link_type: LinkType) -> bool {
    matches!(
        link_type,
        LinkType::Reference
            | LinkType::ReferenceUnknown
            | LinkType::Collapsed
            | LinkType::CollapsedUnknown
            | LinkType::Shortcut
            | LinkType::ShortcutUnknown
    )
}

/// Whether `tag` is a block (a leaf or a container) rather than inline markup.
fn is_block(tag: &Tag) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

/// Whether `tag` ends a block (see [`is_block`]).
fn ends_block(tag: &TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Whether a link destination is a code repository, a package or a model or dataset page, whose link
/// text is the project's name (not a paper page: `huggingface.co/papers/…`).
fn names_a_project(destination: &str) -> bool {
    // GitHub, GitLab and the Hugging Face Hub are told apart by their paths, below.
    const HOSTS: &[&str] = &[
        "pypi.org/project/",
        "crates.io/crates/",
        "npmjs.com/package/",
    ];
    if let Some(path) = after_first(destination, "huggingface.co/") {
        return is_hugging_face_project(path);
    }
    for forge in ["github.com/", "gitlab.com/"] {
        if let Some(path) = after_first(destination, forge) {
            return is_repository_page(path);
        }
    }
    HOSTS.iter().any(|host| find(destination, host).is_some())
        && find(destination, "/papers/").is_none()
        && find(destination, "/docs/").is_none()
        && find(destination, "/blog/").is_none()
}

/// Whether a path on GitHub or GitLab (`owner/repo/…`) is a repository's own page or a folder of it,
/// whose link text names the project. A pull request, an issue, a discussion, a commit, a release, a
/// wiki page or a file is a page about something else, and its link text is the writer's ("[#4872 -
/// MoE models](…/pull/4872)"): the acronyms in it are uses.
fn is_repository_page(path: &str) -> bool {
    const ABOUT_SOMETHING_ELSE: &[&str] = &[
        "pull",
        "pulls",
        "issues",
        "discussions",
        "commit",
        "commits",
        "compare",
        "releases",
        "wiki",
        "actions",
        "blob",
        "merge_requests",
        "papers",
        "docs",
        "blog",
    ];
    let path = path.split(['?', '#']).next().unwrap_or_default();
    // GitLab puts `-` before a repository's pages (`owner/repo/-/merge_requests/12`).
    let page = path
        .split('/')
        .skip(2)
        .find(|segment| *segment != "-")
        .unwrap_or_default();
    !ABOUT_SOMETHING_ELSE.contains(&page)
        && find(path, "/docs/").is_none()
        && find(path, "/blog/").is_none()
}

/// Where `needle` (not empty) first occurs in `haystack`. This runs several times for every link of a
/// document, on short destinations: finding the needle's first byte and comparing there costs far
/// less than the substring searcher `str::contains` and `split_once` set up on every call.
fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    let first = *needle.first()?;
    memchr::memchr_iter(first, hay)
        .find(|&i| hay.get(i..).is_some_and(|rest| rest.starts_with(needle)))
}

/// What follows the first `needle` in `haystack` (`haystack.split_once(needle)`'s second half).
fn after_first<'a>(haystack: &'a str, needle: &str) -> Option<&'a str> {
    haystack.get(find(haystack, needle)? + needle.len()..)
}

/// Whether a path on the Hugging Face Hub is a project's own page: a model (`owner/name`), a dataset
/// or a Space (`datasets/owner/name`, `spaces/owner/name`), or an owner's page (`owner`). The site's
/// own pages — the model listing, collections, papers, docs, the blog, courses — are not: their link
/// text is the writer's ("the [HuggingFace Hub](https://huggingface.co/models)"), and a misspelled name
/// there is the writer's to mend.
fn is_hugging_face_project(path: &str) -> bool {
    const SITE: &[&str] = &[
        "models",
        "datasets",
        "spaces",
        "collections",
        "papers",
        "docs",
        "blog",
        "learn",
        "tasks",
        "posts",
        "pricing",
        "join",
        "login",
        "settings",
        "chat",
        "organizations",
        "enterprise",
        "",
    ];
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut segments = path.split('/').filter(|segment| !segment.is_empty());
    match segments.next() {
        None => false,
        Some("datasets" | "spaces") => segments.take(2).count() == 2,
        Some(first) => !SITE.contains(&first),
    }
}

/// Whether a link's destination `path` (after the host) is the home page of the documentation of the
/// software its text names: "[PEFT](https://hf.co/docs/peft)", "[TRL](https://huggingface.co/docs/trl/)".
fn is_documentation_home_of(text: &str, path: &str) -> bool {
    path.trim_end_matches('/')
        .strip_prefix("docs/")
        .is_some_and(|name| name.eq_ignore_ascii_case(text.trim()))
}

/// The part of a link destination after the scheme and the host (`t/introducing-async-tensor-parallelism`),
/// or the whole destination when it is relative.
fn destination_path(destination: &str) -> &str {
    match after_first(destination, "://") {
        Some(rest) => rest.split_once('/').map_or("", |(_, path)| path),
        None => destination,
    }
}

/// Whether the words of a link's destination path spell out an acronym of its text, one word per
/// letter in a row: "[Async TP](…/introducing-async-tensor-parallelism-in-pytorch)",
/// "[PyTorch AC](…/activation-checkpointing-techniques/)". The linked page is about what the acronym
/// stands for, so the text uses the acronym for it rather than naming a product ("[Comet ML](…/site/)").
fn spells_out_an_acronym_of(text: &str, path: &str) -> bool {
    // An acronym-like word has two capitals at least: a link text with fewer holds none, and need
    // not be split into words (most link texts: this runs for every link of a document).
    if text.bytes().filter(u8::is_ascii_uppercase).take(2).count() < 2 {
        return false;
    }
    let mut acronyms = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| is_acronym_like(w))
        .map(|w| letters_only(w).to_ascii_lowercase().into_bytes())
        .filter(|letters| letters.len() >= 2)
        .peekable();
    // Most link texts hold no acronym: their destination need not be read.
    if acronyms.peek().is_none() {
        return false;
    }
    let words: Vec<&str> = path
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    acronyms.any(|letters| {
        words.windows(letters.len()).any(|run| {
            run.iter().zip(&letters).all(|(word, letter)| {
                word.as_bytes().first().map(u8::to_ascii_lowercase) == Some(*letter)
            })
        })
    })
}

/// `range` grown to cover `more`.
fn extend(range: Option<Range<usize>>, more: &Range<usize>) -> Range<usize> {
    match range {
        Some(r) => r.start.min(more.start)..r.end.max(more.end),
        None => more.clone(),
    }
}

/// Whether a list reads as a page's table of contents: one short item a line, at least two of them
/// and at least half of them links to headings of the page (`- [LLM tokenisation](#llm-tokenisation)`).
/// Its items without a link ("- Word embeddings beyond LLMs", a section not linked yet) repeat
/// headings as much as the linked ones: all its text is a label, not running text.
fn reads_as_contents(list: &str) -> bool {
    let mut items = 0;
    let mut anchors = 0;
    for line in list.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some(item) = line
            .strip_prefix(['-', '*', '+'])
            .or_else(|| {
                let digits = line.trim_start_matches(|c: char| c.is_ascii_digit());
                (digits.len() < line.len())
                    .then(|| digits.strip_prefix(['.', ')']))
                    .flatten()
            })
            .and_then(|rest| rest.strip_prefix(' '))
        else {
            return false;
        };
        let item = item.trim();
        let linked = item.starts_with('[') && item.contains("](#") && item.ends_with(')');
        // The words a reader reads: a link's text, not its destination.
        let words = if linked {
            item.split("](#").next().unwrap_or(item)
        } else {
            item
        };
        let sentence = words.ends_with('.') || words.contains(". ");
        if sentence || words.split_whitespace().nth(12).is_some() {
            return false;
        }
        items += 1;
        anchors += usize::from(linked);
    }
    anchors >= 2 && anchors * 2 >= items
}

/// Whether a `**strong**` span at `range`, which opens its block, is a run-in label: a colon, a full
/// stop or a question mark (a FAQ's question) ends it (inside or right after it), a dash or a bar follows it, or nothing follows it on its
/// line. `**Note:** …`, `**Speed**: …`, `**Step 1** — …`, a bold line of its own.
fn is_run_in_label(src: &str, range: &Range<usize>) -> bool {
    let inside = slice(src, range.clone()).trim_end_matches(['*', '_']);
    if inside.ends_with([':', '.', '?']) {
        return true;
    }
    let after = slice(src, range.end..src.len()).trim_start_matches([' ', '\t']);
    after.is_empty()
        || after.starts_with([':', '.', '—', '–', '|', '\n', '\r'])
        || after.starts_with("- ")
        || after.starts_with("-\t")
}

/// The most words of a table's caption that opens with bold or italics.
const MAX_CAPTION_WORDS: usize = 15;

/// The most words of a table's caption in plain text ("Main results:").
const MAX_PLAIN_CAPTION_WORDS: usize = 3;

/// Whether the paragraph at `caption` captions the table that starts at `table`: ending in a colon,
/// with only blank space between them, and reading as a title: short, opening with a bold or italic
/// label ("**Results** (W4A16, WikiText-2 PPL):"), or a few words in plain text ("Main results:").
/// A sentence that introduces the table ("Modern LLMs train on unprecedented scales:", "KV cache
/// quantization reduces memory usage for long context inference:") is the writer's prose, and its
/// acronyms are uses.
fn is_table_caption(src: &str, caption: &Range<usize>, table: usize) -> bool {
    let text = slice(src, caption.clone()).trim_end();
    let words = text.split_whitespace().count();
    let labelled = text.starts_with(['*', '_']);
    text.ends_with(':')
        && (words <= MAX_PLAIN_CAPTION_WORDS || (labelled && words <= MAX_CAPTION_WORDS))
        && slice(src, caption.end..table).trim().is_empty()
}

/// A paragraph set wholly in italics, long enough to be a quoted abstract rather than an emphasised
/// remark.
const MIN_QUOTED_ITALIC_WORDS: usize = 12;

/// Whether the emphasis at `emphasis` covers the whole `paragraph` and reads as a quotation. One that
/// opens with a note's label ("*Objective: Understand the RLHF pipeline …*", "_Note: This example
/// …_") is the author's aside, as a block quote so opened is ([`admonitions::opens_with_a_note_label`]).
fn is_whole_italic_quote(src: &str, paragraph: &Range<usize>, emphasis: &Range<usize>) -> bool {
    let body = slice(src, paragraph.clone()).trim_end();
    emphasis.start == paragraph.start
        && emphasis.end >= paragraph.start + body.len()
        && body.split_whitespace().count() >= MIN_QUOTED_ITALIC_WORDS
        && !admonitions::opens_with_a_note_label(body)
}

/// Headings of sections that list references, citations, publications or news: their entries are cited
/// titles and names, not the author's running text.
pub(super) fn names_citation_section(heading: &str) -> bool {
    // No whole heading below is longer than three words, so a fourth word says enough: a long heading
    // is judged by its first word, without lower-casing all of it. Every heading of a document comes
    // here, so its words are compared in place: only a word with a non-ASCII character is lower-cased
    // (into a new string: `K`, the Kelvin sign, lower-cases to an ASCII `k`).
    let mut words: [Word; 4] = Default::default();
    let mut count = 0;
    let split = heading
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    for (slot, word) in words.iter_mut().zip(split) {
        *slot = Word::new(word);
        count += 1;
    }
    let words = words.get(..count).unwrap_or_default();
    let Some(first) = words.first() else {
        return false;
    };
    const FIRST_WORDS: &[&str] = &[
        "acknowledgement",
        "acknowledgements",
        "acknowledgment",
        "acknowledgments",
        "bibliography",
        "changelog",
        "citation",
        "citations",
        "citing",
        "news",
        "papers",
        "publications",
        "references",
    ];
    const WHOLE: &[&[&str]] = &[
        &["cite"],
        &["cite", "us"],
        &["how", "to", "cite"],
        &["latest", "news"],
        &["latest", "updates"],
        &["updates"],
        &["further", "reading"],
        &["related", "papers"],
    ];
    FIRST_WORDS.iter().any(|w| first.is(w))
        || WHOLE.iter().any(|whole| {
            whole.len() == words.len() && whole.iter().zip(words).all(|(w, word)| word.is(w))
        })
}

/// A word of a heading, to compare with lower-case ASCII words as its lower-case form would be.
#[derive(Default)]
struct Word<'a> {
    word: &'a str,
    /// The word lower-cased, when it is not ASCII.
    lower: Option<String>,
}

impl<'a> Word<'a> {
    fn new(word: &'a str) -> Self {
        let lower = (!word.is_ascii()).then(|| word.to_lowercase());
        Word { word, lower }
    }

    /// Whether the word lower-cased is `lower` (lower-case ASCII).
    fn is(&self, lower: &str) -> bool {
        match &self.lower {
            Some(l) => l == lower,
            None => self.word.eq_ignore_ascii_case(lower),
        }
    }
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
struct OpenLink {
    autolink: bool,
    /// A link to a heading of the same page (`[Setup](#setup)`): a table of contents repeats headings.
    anchor: bool,
    /// A link to a repository, package or model page.
    project: bool,
    /// The path of the destination, after the host: its words may spell out an acronym of the text.
    path: String,
    text: Option<Range<usize>>,
}

#[derive(Default)]
struct Walker {
    in_heading: bool,
    in_code: bool,
    /// Inside this many images: alt text is not prose (it is not read in the running text, and is often a
    /// file name: `![dpo_figure](…)`).
    in_image: u32,
    /// For each open link, whether it is an autolink (`<https://…>`, `<a@b.org>`), whose text is a URL,
    /// and where its text starts and ends so far.
    links: Vec<OpenLink>,
    /// The paragraph being read.
    paragraph: Option<Range<usize>>,
    /// The last paragraph read, until the next block starts: it may be a table's caption.
    last_paragraph: Option<Range<usize>>,
    /// Where a `**strong**` span starts that opened its block: it may be a run-in label.
    label_start: Option<usize>,
    /// The level and text of the heading being read.
    heading: Option<(usize, String)>,
    /// The level of the open reference or news section, and where its content starts.
    citations: Option<(usize, usize)>,
    /// Whether the text is a stretch of a document ([`window_with_shape`]).
    stretch: bool,
    regions: Vec<Region>,
    /// Inline HTML seen in the current block.
    html: HtmlState,
    /// The HTML block being read.
    html_block: Option<HtmlBlockReader>,
    /// Where checking was turned off by a `<!-- glossary-ls-disable -->` comment not yet closed.
    off_since: Option<usize>,
    /// Indented code blocks (MDX reads them as prose).
    indented_code: Vec<Range<usize>>,
    /// How many blocks are open around the current event.
    depth: usize,
    shape: Shape,
}

/// What a writer's HTML comment asks of the checker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Switch {
    Disable,
    Enable,
}

/// `<!-- glossary-ls-disable -->` or `<!-- glossary-ls-enable -->` in `html` (an HTML block or inline
/// HTML), spaces inside the comment aside, as markdownlint and Vale write theirs.
fn switch_in(html: &str) -> Option<Switch> {
    let comment = html
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    match comment {
        "glossary-ls-disable" => Some(Switch::Disable),
        "glossary-ls-enable" => Some(Switch::Enable),
        _ => None,
    }
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
        match &event {
            Event::Start(tag) if is_block(tag) => {
                if matches!(tag, Tag::Heading { .. }) {
                    self.shape.headings.push(range.start);
                }
                if self.depth == 0 {
                    let kind = match tag {
                        Tag::Paragraph => TopKind::Paragraph,
                        Tag::CodeBlock(CodeBlockKind::Fenced(_)) => TopKind::FencedCode,
                        Tag::BlockQuote(_) => TopKind::Quote,
                        Tag::List(_) | Tag::FootnoteDefinition(_) => TopKind::Container,
                        Tag::Heading { .. }
                        | Tag::CodeBlock(CodeBlockKind::Indented)
                        | Tag::HtmlBlock
                        | Tag::Table(_)
                        | Tag::MetadataBlock(_) => TopKind::Leaf,
                        // Whatever else may start a top-level block is continued like a container.
                        _ => TopKind::Container,
                    };
                    self.shape.tops.push(Top {
                        range: range.clone(),
                        kind,
                    });
                }
                self.depth += 1;
            }
            Event::End(tag) if ends_block(tag) => self.depth = self.depth.saturating_sub(1),
            Event::Rule | Event::Html(_) if self.depth == 0 => self.shape.tops.push(Top {
                range: range.clone(),
                kind: TopKind::Leaf,
            }),
            _ => {}
        }
        match event {
            Event::Start(tag) => self.start(src, tag, range, col),
            Event::End(tag) => self.end(src, tag, range, col),
            Event::Text(text) => self.text(src, &text, range, col),
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => self.non_prose(col),
            Event::Html(_) => {
                self.switch(src, &range);
                let reader = self.html_block.get_or_insert_with(HtmlBlockReader::default);
                html_code::line(reader, src, range, col)
            }
            Event::InlineHtml(_) => {
                self.switch(src, &range);
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

    /// Turns checking off or on at a writer's comment.
    fn switch(&mut self, src: &str, range: &Range<usize>) {
        match src.get(range.clone()).and_then(switch_in) {
            Some(Switch::Disable) => {
                self.off_since.get_or_insert(range.end);
            }
            Some(Switch::Enable) => {
                if let Some(start) = self.off_since.take() {
                    self.region(start..range.start, RegionKind::Off);
                }
            }
            None => {}
        }
    }

    fn region(&mut self, range: Range<usize>, kind: RegionKind) {
        self.regions.push(Region { range, kind });
    }

    /// A reference section closed (a region, but for a stretch of a document, whose sections are
    /// the document's to place: `incremental`).
    fn section(&mut self, range: Range<usize>, level: usize) {
        if !self.stretch {
            self.region(range.clone(), RegionKind::Citations);
        }
        self.shape.sections.push(Section { range, level });
    }

    fn start(&mut self, src: &str, tag: Tag, range: Range<usize>, col: &mut Collector) {
        match tag {
            Tag::Heading { level, .. } => {
                self.close_block(col);
                self.in_heading = true;
                let level = level as usize;
                if let Some((open, start)) = self.citations {
                    if level <= open {
                        self.citations = None;
                        self.section(start..range.start, open);
                    }
                }
                self.heading = Some((level, String::new()));
            }
            Tag::BlockQuote(kind) => {
                self.close_block(col);
                // A GitHub alert (`> [!NOTE]`) is the author's own text, and so is a quote that
                // opens with a note's label (`> **Note:** …`).
                let note = src
                    .get(range.clone())
                    .is_some_and(admonitions::opens_with_a_note_label);
                if kind.is_none() && !self.in_code && !note {
                    self.region(range, RegionKind::Quotation);
                }
            }
            Tag::Paragraph => {
                self.close_block(col);
                self.paragraph = Some(range);
            }
            Tag::Table(_) => {
                self.close_block(col);
                if let Some(caption) = self.last_paragraph.take() {
                    if is_table_caption(src, &caption, range.start) {
                        self.region(caption, RegionKind::Label);
                    }
                }
                self.region(range, RegionKind::Table);
            }
            Tag::Emphasis => {
                if let Some(paragraph) = &self.paragraph {
                    if is_whole_italic_quote(src, paragraph, &range) {
                        self.region(range, RegionKind::Quotation);
                    }
                }
            }
            Tag::Strong => {
                if !self.in_heading && col.open_is_empty() {
                    self.label_start = Some(range.start);
                }
            }
            Tag::Item => {
                self.html.reset();
                col.item_starts();
            }
            Tag::CodeBlock(kind) => {
                match kind {
                    CodeBlockKind::Indented => self.indented_code.push(range.clone()),
                    CodeBlockKind::Fenced(_) => self.region(range.clone(), RegionKind::FencedCode),
                }
                self.html.reset();
                col.non_prose_block();
                self.in_code = true;
            }
            Tag::HtmlBlock => {
                self.html.reset();
                col.non_prose_block();
                self.html_block = Some(HtmlBlockReader::default());
            }
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                self.links.push(OpenLink {
                    autolink,
                    anchor: dest_url.starts_with('#'),
                    project: names_a_project(&dest_url),
                    path: destination_path(&dest_url).to_string(),
                    text: None,
                });
                if autolink {
                    self.non_prose(col);
                }
            }
            Tag::Image { .. } => {
                self.non_prose(col);
                self.in_image += 1;
            }
            Tag::Strikethrough | Tag::Superscript | Tag::Subscript => {}
            Tag::List(_)
            | Tag::FootnoteDefinition(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.close_block(col),
        }
    }

    fn end(&mut self, src: &str, tag: TagEnd, range: Range<usize>, col: &mut Collector) {
        match tag {
            TagEnd::Heading(_) => {
                if col.open_is_empty() {
                    self.region(range.clone(), RegionKind::BareHeading);
                }
                self.close_block(col);
                self.in_heading = false;
                if let Some((level, text)) = self.heading.take() {
                    if self.citations.is_none() && names_citation_section(&text) {
                        self.citations = Some((level, range.end));
                    }
                }
            }
            TagEnd::Strong => {
                if self.label_start.take() == Some(range.start) && is_run_in_label(src, &range) {
                    self.region(range, RegionKind::Label);
                }
            }
            TagEnd::Paragraph => {
                self.last_paragraph = self.paragraph.take();
                self.close_block(col);
            }
            TagEnd::CodeBlock => self.in_code = false,
            TagEnd::HtmlBlock => {
                if let Some(reader) = self.html_block.take() {
                    for cell in reader.end(col) {
                        self.region(cell, RegionKind::Table);
                    }
                }
            }
            // An item that had no block of its own must not lend its flag to what follows the list.
            TagEnd::Item => {
                self.html.reset();
                col.non_prose_block();
            }
            TagEnd::Link => match self.links.pop() {
                Some(OpenLink { autolink: true, .. }) => col.join(Join::Break),
                Some(OpenLink {
                    text: Some(text),
                    anchor,
                    project,
                    path,
                    ..
                }) => {
                    if project || is_documentation_home_of(slice(src, text.clone()), &path) {
                        self.region(text.clone(), RegionKind::ProjectLink);
                    }
                    if spells_out_an_acronym_of(slice(src, text.clone()), &path) {
                        self.region(text.clone(), RegionKind::TopicLink);
                    }
                    if let Some(outer) = self.links.last_mut() {
                        outer.text = Some(extend(outer.text.take(), &text));
                    }
                    if anchor {
                        self.region(text.clone(), RegionKind::Label);
                    }
                    self.region(text, RegionKind::LinkText);
                }
                _ => {}
            },
            TagEnd::Image => {
                self.in_image = self.in_image.saturating_sub(1);
                col.join(Join::Break);
            }
            TagEnd::Emphasis | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {}
            TagEnd::List(_) => {
                self.close_block(col);
                if reads_as_contents(slice(src, range.clone())) {
                    self.region(range, RegionKind::Label);
                }
            }
            TagEnd::BlockQuote(_)
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
            || self.links.last().is_some_and(|l| l.autolink)
            || self.html.hiding()
        {
            return;
        }
        if let Some(link) = self.links.last_mut() {
            link.text = Some(extend(link.text.take(), &range));
        }
        if let Some((_, heading)) = &mut self.heading {
            heading.push_str(text);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `mask` as it was first written: the whole text copied, filled byte by byte, checked again.
    fn mask_whole(text: &str, blank: &[Range<usize>], masks: &[Range<usize>]) -> Option<String> {
        let lone: Vec<usize> = (0..text.len())
            .filter(|&i| text.as_bytes()[i] == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'))
            .collect();
        if blank.is_empty() && masks.is_empty() && lone.is_empty() {
            return None;
        }
        let mut bytes = text.as_bytes().to_vec();
        for i in lone {
            bytes[i] = b'\n';
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

    #[test]
    fn mask_fills_only_what_it_hides_as_a_whole_copy_would() {
        let text = "a{{ é }}b\r\rc\r\nd中文 e\n\nf{% x %}\rg";
        let n = text.len();
        // Overlapping, touching, unsorted, empty, reversed and out-of-bounds ranges, some cutting a
        // character in two.
        let sets: Vec<Vec<Range<usize>>> = vec![
            vec![],
            vec![1..8],
            vec![4..5, 0..2],
            vec![2..20, 5..9, 9..9, Range { start: 12, end: 3 }],
            vec![n - 3..n + 10],
            vec![17..18, 18..19, 0..n],
            vec![22..30, 3..4],
        ];
        for blank in &sets {
            for masks in &sets {
                assert_eq!(
                    mask(text, blank, masks),
                    mask_whole(text, blank, masks),
                    "{blank:?} {masks:?}"
                );
            }
        }
        assert_eq!(mask("plain\ntext", &[], &[]), None);
        assert_eq!(mask("a\rb", &[], &[]).as_deref(), Some("a\nb"));
    }
}
