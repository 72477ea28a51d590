//! The line pre-scan: block-level syntax pulldown-cmark does not know, found before it runs.
//!
//! One pass over the lines finds
//!
//! - MkDocs admonitions and content tabs: the marker line is blanked, the title becomes a heading block,
//!   the indented body is blanked here and read on its own ([`super::remap`]);
//! - MyST / Sphinx / Docusaurus directive fences around prose: the fence lines and option lines are
//!   blanked so the body is read as Markdown, and the argument becomes a title or body block;
//! - abbreviation lines `*[HBM]: …` (reported, blanked);
//! - doc-builder directives `[[autodoc]] …` with their indented member lists (blanked);
//! - Jekyll `{% highlight %}` … `{% endhighlight %}` and `{% comment %}` … `{% endcomment %}` blocks
//!   (blanked: code and comments, whose lines could otherwise parse as headings or fences).
//!
//! It tracks fenced code and multi-line HTML comments the way CommonMark does at the top level, so that
//! the same syntax shown inside a code example is left alone. Blanked lines keep their line endings, so
//! pulldown-cmark sees blank lines there and every offset stays valid.

use std::ops::Range;

use super::admonitions::{self, argument_kind};
use super::exclusions::Next;
use super::fences::{self, Fence};
use super::lines::{block_start, indentation, is_blank, Lines};
use super::{abbreviations, doc_builder, slice, AbbreviationDef, BlockKind};

/// What the pre-scan found.
#[derive(Debug, Default)]
pub(super) struct Layout {
    /// Ranges to blank before parsing (whole lines).
    pub blank: Vec<Range<usize>>,
    /// Admonition bodies to read as their own documents (whole lines, indented).
    pub nested: Vec<Range<usize>>,
    /// Titles and directive arguments: one-line blocks.
    pub titles: Vec<(BlockKind, Range<usize>)>,
    pub abbreviations: Vec<AbbreviationDef>,
    /// Fenced code, whole lines from the opening fence through the closing one (or the end of the
    /// text): what [`super::incremental`] may change without reading anything again.
    pub code: Vec<Range<usize>>,
    /// Multi-line HTML comments, whole lines from the `<!--` line through the one holding `-->` (or
    /// the end of the text): inside, the scan acts on nothing but that end. With [`Layout::code`],
    /// what [`super::incremental`] needs to know the scan's state at a line.
    pub comments: Vec<Range<usize>>,
}

/// A fence whose closing line we are waiting for.
#[derive(Debug, Clone, Copy)]
enum Open {
    /// Fenced code, opened at this offset: nothing inside is looked at.
    Code(Fence, usize),
    /// A directive around prose: its body is scanned like the rest of the document.
    Directive(Fence),
}

/// Scans the lines of `text` from `from` (the start of a line). With `admonitions` false, MkDocs markers
/// are left to CommonMark (used past the nesting limit).
pub(super) fn scan(text: &str, from: usize, admonitions: bool) -> Layout {
    let mut layout = Layout::default();
    let mut stack: Vec<Open> = Vec::new();
    // Where the multi-line HTML comment being skipped opened.
    let mut in_comment: Option<usize> = None;
    let mut end_highlight = Next::new("endhighlight");
    let mut end_comment = Next::new("endcomment");
    let mut lines = Lines::new(text, from);
    while let Some(line) = lines.next() {
        let s = slice(text, line.start..line.end);
        match stack.last() {
            Some(Open::Code(fence, start)) => {
                if fences::closes(*fence, s) {
                    layout.code.push(*start..line.end);
                    stack.pop();
                }
                continue;
            }
            Some(Open::Directive(fence)) if fences::closes(*fence, s) => {
                layout.blank.push(line.start..line.end);
                stack.pop();
                continue;
            }
            _ => {}
        }
        if let Some(start) = in_comment {
            if s.contains("-->") {
                layout.comments.push(start..line.end);
                in_comment = None;
            }
            continue;
        }
        // Every line this scan acts on starts with one of these; most lines are skipped here.
        let first = s.bytes().find(|&b| b != b' ' && b != b'\t');
        if !matches!(
            first,
            Some(b'`' | b'~' | b':' | b'<' | b'!' | b'?' | b'=' | b'*' | b'[' | b'{')
        ) {
            continue;
        }
        if let Some(open) = fences::open_code(s).or_else(|| fences::open_colon(s)) {
            let colon = open.fence.ch == b':';
            match admonitions::directive(s, open.info, colon) {
                Some(d) if d.prose.is_some() || colon => {
                    stack.push(Open::Directive(open.fence));
                    layout.blank.push(line.start..line.end);
                    let kind = d.prose.and_then(argument_kind);
                    if let (Some(kind), Some(arg)) = (kind, d.argument) {
                        layout
                            .titles
                            .push((kind, line.start + arg.start..line.start + arg.end));
                    }
                    skip_options(text, &mut lines, &mut layout);
                }
                // Colons that open no directive (or close none) are text.
                _ if colon => {}
                _ => stack.push(Open::Code(open.fence, line.start)),
            }
            continue;
        }
        if block_start(s).is_some_and(|r| r.starts_with("<!--") && !r.contains("-->")) {
            in_comment = Some(line.start);
            continue;
        }
        if admonitions {
            if let Some(marker) = admonitions::mkdocs_marker(s) {
                if let Some(title) = marker.title {
                    layout.titles.push((
                        BlockKind::Title,
                        line.start + title.start..line.start + title.end,
                    ));
                }
                let (body, after) = indented_body(text, lines.clone());
                layout
                    .blank
                    .push(line.start..body.as_ref().map_or(line.end, |b| b.end));
                layout.nested.extend(body);
                lines = after;
                continue;
            }
        }
        if let Some(def) = abbreviations::parse(s, line.start) {
            layout.blank.push(line.start..line.end);
            layout.abbreviations.extend(def);
            continue;
        }
        if doc_builder::is_directive(s) {
            let mut end = line.end;
            let mut peek = lines.clone();
            while let Some(member) = peek.next() {
                let m = slice(text, member.start..member.end);
                if is_blank(m) || !m.starts_with([' ', '\t']) {
                    break;
                }
                end = member.end;
                lines = peek.clone();
            }
            layout.blank.push(line.start..end);
            continue;
        }
        if let Some(needle) = liquid_block(s) {
            let next = if needle == "endhighlight" {
                &mut end_highlight
            } else {
                &mut end_comment
            };
            if s.contains(needle) {
                layout.blank.push(line.start..line.end);
            } else if let Some(p) = next.at_or_after(text, line.next) {
                let mut end = line.end;
                for l in lines.by_ref() {
                    end = l.end;
                    if l.end >= p {
                        break;
                    }
                }
                layout.blank.push(line.start..end);
            }
        }
    }
    // Code never closed runs to the end (a directive around it cannot close inside it).
    if let Some(start) = stack.iter().find_map(|open| match open {
        Open::Code(_, start) => Some(*start),
        Open::Directive(_) => None,
    }) {
        layout.code.push(start..text.len());
    }
    layout.code.sort_by_key(|r| r.start);
    // A comment never closed runs to the end, like code.
    if let Some(start) = in_comment {
        layout.comments.push(start..text.len());
    }
    layout
}

/// Whether the scan acts on `line` in no state: it opens, closes, blanks or reports nothing
/// whatever is open before it (fenced code, a directive, an HTML comment), and reads nothing after
/// it. [`super::incremental`] relies on this to read a stretch of such lines on its own.
pub(super) fn inert(line: &str) -> bool {
    // The end of a multi-line HTML comment the scan tracks.
    !line.contains("-->") && inert_outside_comment(line)
}

/// Whether the scan acts on `line` in no state but inside a multi-line HTML comment (where `-->`
/// ends it): [`inert`] but for `-->`, which does nothing when no comment is open.
pub(super) fn inert_outside_comment(line: &str) -> bool {
    let Some(first) = line.bytes().find(|&b| b != b' ' && b != b'\t') else {
        return true;
    };
    match first {
        // Of the lines starting with `<` the scan acts only on one opening a multi-line HTML
        // comment (`<!--` after at most three spaces, any here): the fences, markers,
        // abbreviations, directives and Jekyll blocks it looks for all start with another
        // character, and no fence closes at a `<`. What pulldown-cmark makes of the line (an HTML
        // block) is [`super::incremental`]'s W11.
        b'<' => !line.contains("<!--"),
        // Fences open and close with a run of at least three of these (`fences::run`), whatever
        // the indentation it allows: a shorter run (inline code opening a paragraph's line, a
        // definition's `:`) opens and closes nothing.
        b'`' | b'~' | b':' if fence_run(line) >= 3 => false,
        b'`' | b'~' | b':' | b'!' | b'?' | b'=' | b'*' | b'[' | b'{' => {
            admonitions::mkdocs_marker(line).is_none()
                && abbreviations::parse(line, 0).is_none()
                && !doc_builder::is_directive(line)
                && liquid_block(line).is_none()
        }
        _ => true,
    }
}

/// How many fence characters (`` ` ``, `~` or `:`, whichever comes first) start `line` after its
/// indentation, however deep: no fence opens or closes with fewer than three.
pub(super) fn fence_run(line: &str) -> usize {
    let rest = line.trim_start_matches([' ', '\t']);
    match rest.bytes().next() {
        Some(ch @ (b'`' | b'~' | b':')) => rest.bytes().take_while(|&b| b == ch).count(),
        _ => 0,
    }
}

/// The indented body after an admonition marker: from the first line indented by four columns or more to
/// the last one, blank lines included between them. Returns the body (if any) and the lines after it.
fn indented_body<'t>(text: &str, lines: Lines<'t>) -> (Option<Range<usize>>, Lines<'t>) {
    let mut body: Option<Range<usize>> = None;
    let mut after = lines.clone();
    let mut cur = lines;
    while let Some(l) = cur.next() {
        let s = slice(text, l.start..l.end);
        if is_blank(s) {
            continue;
        }
        if indentation(s).0 < 4 {
            break;
        }
        body = Some(body.map_or(l.start, |b| b.start)..l.end);
        after = cur.clone();
    }
    (body, after)
}

/// Blanks a directive's options: `:key: value` lines, or a YAML block between `---` lines, right after
/// the opening fence.
fn skip_options<'t>(text: &'t str, lines: &mut Lines<'t>, layout: &mut Layout) {
    let mut peek = lines.clone();
    if let Some(first) = peek.next() {
        if slice(text, first.start..first.end).trim_end() == "---" {
            // A YAML options block; give up after a screenful rather than scan the whole document.
            for close in peek.clone().take(100) {
                if slice(text, close.start..close.end).trim_end() == "---" {
                    layout.blank.push(first.start..close.end);
                    *lines = Lines::new(text, close.next);
                    return;
                }
            }
            return;
        }
    }
    loop {
        let mut peek = lines.clone();
        match peek.next() {
            Some(l) if admonitions::is_option_line(slice(text, l.start..l.end)) => {
                layout.blank.push(l.start..l.end);
                *lines = peek;
            }
            _ => return,
        }
    }
}

/// The end tag to look for when `line` opens a Jekyll `{% highlight %}` or `{% comment %}` block.
fn liquid_block(line: &str) -> Option<&'static str> {
    let rest = block_start(line)?.strip_prefix("{%")?;
    let rest = rest.strip_prefix('-').unwrap_or(rest).trim_start();
    if rest.starts_with("highlight") {
        Some("endhighlight")
    } else if rest.starts_with("comment") {
        Some("endcomment")
    } else {
        None
    }
}
