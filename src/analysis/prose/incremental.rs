//! Reading a Markdown document again after an edit: only the paragraph the edit touched, when that
//! is provably what a full reading would give, and the whole document otherwise.
//!
//! This is the one place that decides. [`read`] keeps what the last reading found ([`Reading`]: the
//! text, its prose, where its top-level paragraphs start); for the next text it finds the bytes that
//! changed (the common prefix and suffix of the two texts) and widens them to the *window*: the
//! lines between the last blank line before the change and the first blank line after it, both in
//! text the edit left alone. When every condition below holds, the window is read on its own, as a
//! document, and its prose replaces the old window's in the kept prose; everything after the window
//! moves by the change in length. Otherwise the whole document is read, as [`super::prose`] does.
//!
//! # Why the window reads the same alone as in the document
//!
//! The conditions, and what each one rules out:
//!
//! 1. **Markdown only** (not MDX or Quarto, whose pre-scans have more syntax that spans lines), and a
//!    window that does not start the document (front matter and a byte-order mark live there).
//! 2. **The old reading shows a top-level paragraph starting where the window starts**: pulldown-cmark
//!    opened a paragraph there with no block open around it. The text before the window is the same
//!    in both versions and CommonMark decides the blocks of a line from the lines before it, so the
//!    new window starts at the top level too: not in fenced code, an HTML block (comments and
//!    `<pre>` run across blank lines), a list item, a block quote, a footnote, front matter, a
//!    blanked Jekyll block or an admonition body (those lines are blanked before parsing, so no
//!    paragraph starts in them). It starts after a blank line, so it continues no paragraph.
//! 3. **No blank line inside the window, old or new**, and **every line of both starts with a
//!    letter, a digit that does not open an ordered list, `(`, `"`, `'` or a non-ASCII character**,
//!    the first line unindented. Such a line starts no block and can interrupt no paragraph
//!    (headings, setext underlines `===`/`---`, thematic breaks, list markers, quotes, fences
//!    ```` ``` ````/`~~~`/`:::`, `$$`, `+++` front matter, indented code), and it is none of the
//!    lines the line pre-scan acts on (`structure.rs` looks only at lines starting with
//!    `` ` ~ : < ! ? = * [ { ``: admonitions, directive fences, abbreviation lines `*[…]:`,
//!    doc-builder directives `[[…]]`, Jekyll blocks, link reference definitions `[label]: …`). So
//!    the old and the new window are each one paragraph, and neither opens nor closes anything that
//!    reaches past it: the pre-scans and pulldown-cmark are in the same state after the window
//!    (the blank line after a top-level paragraph) whatever it says.
//! 4. **Neither window holds `<`** (HTML blocks and inline HTML, comments, the `glossary-ls-disable`
//!    and `-enable` switches, `<abbr>`, autolinks), **`|`** (a table), **`[^`** (a footnote
//!    reference, resolved against definitions anywhere), **`-->`** (the line pre-scan ends an HTML
//!    comment it tracks at any line holding it), **`endhighlight` or `endcomment`** (it searches
//!    the whole text for the end of a Jekyll block), or **a carriage return** (a lone CR is read as
//!    a line break by a copy of the text).
//! 5. **Reading the new window alone looked up no reference label**: `[text][label]`, `[label]` and
//!    ``[`Name`]`` read differently when the document defines the label; when pulldown-cmark asked
//!    for none, no bracket in the window can be a reference link whatever the document defines (its
//!    inline parse is the same up to the first lookup, and there was none). The window defines no
//!    label itself (condition 3: a definition starts a line with `[`).
//! 6. **The line after the blank line that ends the window holds no `|`**: a table there makes the
//!    paragraph before it a candidate caption (`is_table_caption`), which reads across the window.
//! 7. **Reading the new window alone gives exactly one top-level block, a paragraph starting at its
//!    first byte**: a check of conditions 3 and 4 by pulldown-cmark itself.
//! 8. **In the old prose, nothing reaches into the window from outside**: every block and region
//!    lies wholly before, wholly inside or wholly after the old window, except reference sections
//!    and stretches after `glossary-ls-disable` ([`RegionKind::Citations`], [`RegionKind::Off`]),
//!    which run from a heading or a comment before the window to one after it (or the end): the
//!    window holds neither (conditions 3 and 4), so they still do, and only their end moves.
//!
//! What the paragraph itself yields depends on its own text only: the inline parse (emphasis,
//! links, code spans, math), the exclusions (URLs, template tags and TeX spans, which stop at a
//! blank line: `exclusions.rs`), and the rules that read the whole paragraph (an italic quotation of
//! at least 12 words, a run-in label, which reads to the end of its line, a topic or project link,
//! a link to a heading). The builder's state at the window (no block open, no list item pending) is
//! the state at any top-level paragraph.
//!
//! So the full reading of the new text is the old one outside the window, shifted after it, and the
//! window's own reading inside. `tests/incremental.rs` compares incremental and full analyses after
//! random edits; this module's tests compare the prose itself, edit by edit.

use std::ops::Range;

use super::markdown::{self, Flavor, Shape};
use super::{finish, DocKind, Prose, Region, RegionKind};

/// Windows longer than this are not read on their own: the full reading is as good.
const MAX_WINDOW: usize = 64 * 1024;

/// What the last reading of a document found, kept to read its next version.
#[derive(Debug, Default)]
pub struct Reading {
    /// The prose of [`Reading::text`].
    pub prose: Prose,
    /// The text read (kept only for Markdown, where the next reading may reuse this one).
    text: String,
    /// Where each top-level paragraph of the text starts, in order.
    paragraphs: Vec<usize>,
    /// Whether `text` was read as Markdown.
    markdown: bool,
    /// Whether this reading was spliced from the previous one rather than read in full.
    spliced: bool,
}

impl Reading {
    /// Whether this reading read only the edited paragraph (for logs and tests).
    pub fn spliced(&self) -> bool {
        self.spliced
    }
}

/// The prose of `text`, read as `kind`: the same as [`super::prose`], reusing `previous` (the last
/// reading of the same document) where the conditions of this module hold.
pub fn read(text: &str, kind: DocKind, previous: Option<Reading>) -> Reading {
    if kind != DocKind::Markdown {
        return Reading {
            prose: super::prose(text, kind),
            ..Reading::default()
        };
    }
    if let Some(mut previous) = previous.filter(|p| p.markdown) {
        if previous.text == text {
            previous.spliced = true;
            return previous;
        }
        if let Some(window) = window(&previous, text) {
            splice(&mut previous, text, window);
            return previous;
        }
    }
    let (mut prose, shape) = markdown::document_with_shape(text, Flavor::Markdown);
    finish(text, &mut prose);
    Reading {
        prose,
        text: text.to_owned(),
        paragraphs: shape.paragraphs,
        markdown: true,
        spliced: false,
    }
}

/// The paragraph an edit touched, read on its own.
struct Window {
    /// Where it starts (the same in both texts).
    start: usize,
    /// Where it ends in the old text and in the new one (after its last line break).
    old_end: usize,
    new_end: usize,
    /// Its prose, with offsets from `start`.
    prose: Prose,
}

/// The window of an edit from `previous.text` to `text`, read, when the conditions of the module
/// comment hold; `None` when the whole document must be read.
fn window(previous: &Reading, text: &str) -> Option<Window> {
    let (old, new) = (previous.text.as_bytes(), text.as_bytes());
    let prefix = common_prefix(old, new);
    let suffix = common_suffix(old, new, old.len().min(new.len()) - prefix);
    let changed_new_end = new.len() - suffix;
    // Both line breaks of the blank lines that bound the window lie in text the edit left alone.
    let start = memchr::memmem::rfind(new.get(..prefix)?, b"\n\n")? + 2;
    let new_end = match memchr::memmem::find(new.get(changed_new_end..)?, b"\n\n") {
        Some(at) => changed_new_end + at + 1,
        None => new.len(),
    };
    let old_end = (new_end + old.len()).checked_sub(new.len())?;
    if new_end - start > MAX_WINDOW || old_end.saturating_sub(start) > MAX_WINDOW {
        return None;
    }
    // Conditions 2 to 4, and 6.
    let new_window = text.get(start..new_end)?;
    let old_window = previous.text.get(start..old_end)?;
    if previous.paragraphs.binary_search(&start).is_err()
        || !reads_alone(old_window)
        || !reads_alone(new_window)
        || next_line_after_blank(text, new_end).contains('|')
    {
        return None;
    }
    // Conditions 5 and 7.
    let (mut prose, shape) = markdown::document_with_shape(new_window, Flavor::Markdown);
    let one_paragraph = Shape {
        paragraphs: vec![0],
        blocks: 1,
        lookups: 0,
    };
    // An abbreviation line or an `<abbr>` element is refused by conditions 3 and 4 already; the
    // splice would drop them.
    if shape != one_paragraph || !prose.abbreviations.is_empty() || !prose.abbr_elements.is_empty()
    {
        return None;
    }
    finish(new_window, &mut prose);
    // Condition 8.
    if !fits(&previous.prose, start, old_end) {
        return None;
    }
    Some(Window {
        start,
        old_end,
        new_end,
        prose,
    })
}

/// The length of the longest common prefix of `a` and `b`.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    // Compared a block at a time: the texts are mostly equal, and a 1 MB document is compared on
    // every keystroke.
    const BLOCK: usize = 64;
    let mut n = 0;
    for (x, y) in a.chunks(BLOCK).zip(b.chunks(BLOCK)) {
        if x == y {
            n += x.len();
        } else {
            return n + x.iter().zip(y).take_while(|(p, q)| p == q).count();
        }
    }
    n
}

/// The length of the longest common suffix of `a` and `b`, at most `limit`.
fn common_suffix(a: &[u8], b: &[u8], limit: usize) -> usize {
    const BLOCK: usize = 64;
    let mut n = 0;
    while n < limit {
        let take = BLOCK.min(limit - n);
        let (Some(x), Some(y)) = (tail(a, n, take), tail(b, n, take)) else {
            return n;
        };
        if x == y {
            n += take;
        } else {
            return n + x
                .iter()
                .rev()
                .zip(y.iter().rev())
                .take_while(|(p, q)| p == q)
                .count();
        }
    }
    n
}

/// The `take` bytes of `s` before its last `n`.
fn tail(s: &[u8], n: usize, take: usize) -> Option<&[u8]> {
    s.get(s.len().checked_sub(n + take)?..s.len().checked_sub(n)?)
}

/// Conditions 3 and 4 for the text of a window: one paragraph that nothing outside it can read
/// differently and that reaches nothing outside it.
fn reads_alone(window: &str) -> bool {
    const NEVER: &[&str] = &["<", "|", "\r", "[^", "-->", "endhighlight", "endcomment"];
    if window.is_empty()
        || window.starts_with([' ', '\t'])
        || NEVER.iter().any(|never| window.contains(never))
    {
        return false;
    }
    window
        .strip_suffix('\n')
        .unwrap_or(window)
        .split('\n')
        .all(starts_plain)
}

/// Whether `line` starts as a line of a paragraph and nothing else can (condition 3).
fn starts_plain(line: &str) -> bool {
    let rest = line.trim_start_matches([' ', '\t']);
    let Some(first) = rest.chars().next() else {
        return false; // a blank line
    };
    if first.is_ascii_digit() {
        // `1.` and `1)` open an ordered list.
        let after = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        return !after.starts_with(['.', ')']);
    }
    if first == '*' || first == '_' {
        // Emphasis (`*word`, `**Label**:`); not a list marker `* `, a thematic break `***` or
        // `_ _ _`, or an abbreviation line `*[HBM]: …`.
        let after = rest.trim_start_matches(['*', '_']);
        return after.starts_with(|c: char| c.is_alphanumeric());
    }
    // A byte-order mark opens a document read alone (it is blanked there), not a paragraph.
    first.is_ascii_alphabetic()
        || matches!(first, '(' | '"' | '\'')
        || (!first.is_ascii() && first != '\u{feff}')
}

/// The line after the blank line(s) that follow `end` (empty at the end of the text).
fn next_line_after_blank(text: &str, end: usize) -> &str {
    let rest = text.get(end..).unwrap_or("");
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace());
    rest.split('\n').next().unwrap_or("")
}

/// Condition 8: nothing of `prose` but reference sections and switched-off stretches crosses the
/// edges of `start..end`.
fn fits(prose: &Prose, start: usize, end: usize) -> bool {
    let crosses = |r: &Range<usize>| {
        (r.start < start && r.end > start) || (r.start < end && r.end > end && r.start >= start)
    };
    let block_span = |b: &super::Block| {
        let first = b.segments.first().map_or(0, |s| s.range.start);
        let last = b.segments.last().map_or(0, |s| s.range.end);
        first..last
    };
    let spans_window = |r: &Range<usize>| r.start < start && r.end >= end;
    !prose.blocks.iter().any(|b| crosses(&block_span(b)))
        && prose.regions.iter().all(|r| {
            if spans_window(&r.range) {
                matches!(r.kind, RegionKind::Citations | RegionKind::Off)
            } else {
                !crosses(&r.range)
            }
        })
        && !prose
            .abbreviations
            .iter()
            .any(|a| overlaps(&a.acronym, start, end) || overlaps(&a.expansion, start, end))
        && !prose
            .abbr_elements
            .iter()
            .any(|a| overlaps(&a.title, start, end) || overlaps(&a.text, start, end))
}

/// Whether `r` shares a byte with `start..end`, or sits in it.
fn overlaps(r: &Range<usize>, start: usize, end: usize) -> bool {
    r.start < end && r.end > start
}

/// Replaces the old window's prose in `reading` with the window's, moves everything after it, and
/// makes `text` the reading's text.
fn splice(reading: &mut Reading, text: &str, window: Window) {
    let Window {
        start,
        old_end,
        new_end,
        prose: inner,
    } = window;
    let moved = |p: usize| {
        if p >= old_end {
            p - old_end + new_end
        } else {
            p
        }
    };
    let move_range = |r: &mut Range<usize>| *r = moved(r.start)..moved(r.end);
    let place = |r: &mut Range<usize>| *r = r.start + start..r.end + start;
    let prose = &mut reading.prose;

    // Blocks are in order of their first segment; the old window's are those that start in it
    // (condition 8: they end in it too).
    let first_at = |blocks: &[super::Block], at: usize| {
        blocks.partition_point(|b| b.segments.first().is_some_and(|s| s.range.start < at))
    };
    let (from, to) = (
        first_at(&prose.blocks, start),
        first_at(&prose.blocks, old_end),
    );
    for block in prose.blocks.get_mut(to..).unwrap_or_default() {
        block
            .segments
            .iter_mut()
            .for_each(|s| move_range(&mut s.range));
    }
    let mut blocks = inner.blocks;
    for block in &mut blocks {
        block.segments.iter_mut().for_each(|s| place(&mut s.range));
    }
    prose.blocks.splice(from..to, blocks);

    // Regions are in order of (start, end): those that start before the window (a reference
    // section or a stretch switched off may run across it: only its end moves), the window's own,
    // those after it.
    let old_regions = std::mem::take(&mut prose.regions);
    let mut regions = Vec::with_capacity(old_regions.len() + inner.regions.len());
    let mut later = Vec::new();
    for mut region in old_regions {
        if region.range.start < start {
            region.range.end = moved(region.range.end);
            regions.push(region);
        } else if region.range.start >= old_end {
            move_range(&mut region.range);
            later.push(region);
        }
    }
    regions.extend(inner.regions.into_iter().map(|mut r: Region| {
        place(&mut r.range);
        r
    }));
    regions.append(&mut later);
    prose.regions = regions;

    // Abbreviation lines and `<abbr>` elements: none in either window (conditions 3 and 4).
    for a in &mut prose.abbreviations {
        move_range(&mut a.acronym);
        move_range(&mut a.expansion);
    }
    for a in &mut prose.abbr_elements {
        move_range(&mut a.title);
        move_range(&mut a.text);
    }

    // The window is one top-level paragraph in both texts.
    let paragraphs = &mut reading.paragraphs;
    let (from, to) = (
        paragraphs.partition_point(|&p| p < start),
        paragraphs.partition_point(|&p| p < old_end),
    );
    paragraphs.iter_mut().skip(to).for_each(|p| *p = moved(*p));
    paragraphs.splice(from..to, [start]);

    reading.text.clear();
    reading.text.push_str(text);
    reading.spliced = true;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `old`, then `new` incrementally; asserts the result equals a full reading of `new`
    /// (the prose and the paragraph starts kept for the next edit) and says whether it was spliced.
    fn spliced(old: &str, new: &str) -> bool {
        let previous = read(old, DocKind::Markdown, None);
        let reading = read(new, DocKind::Markdown, Some(previous));
        let full = read(new, DocKind::Markdown, None);
        assert_eq!(reading.prose, full.prose, "{old:?} -> {new:?}");
        assert_eq!(reading.paragraphs, full.paragraphs, "{old:?} -> {new:?}");
        assert_eq!(reading.text, new);
        assert_eq!(full.prose, super::super::prose(new, DocKind::Markdown));
        reading.spliced()
    }

    /// `doc` with `with` in place of the first `what`.
    fn edit(doc: &str, what: &str, with: &str) -> String {
        assert!(doc.contains(what), "{what:?}");
        doc.replacen(what, with, 1)
    }

    const DOC: &str = "# Guide\n\nIntro with [a link](https://github.com/x/y) and *emphasis*.\n\n\
        The Low-Rank Adaptation (LoRA) method\ntrains few weights.\n\n\
        Closing words on **quantization**.\n\n## References\n\nSmith et al. wrote about LoRA.\n\n\
        Another entry here.\n\n## Next\n\nAfter the references.\n";

    #[test]
    fn typing_in_a_paragraph_reads_only_that_paragraph() {
        assert!(spliced(DOC, &edit(DOC, "trains few", "trains very few")));
        assert!(spliced(DOC, &edit(DOC, "Intro with", "Intro xwith")));
        assert!(spliced(
            DOC,
            &edit(DOC, "few weights.", "few weights. More, (TP) too.")
        ));
        assert!(spliced(
            DOC,
            &edit(DOC, "method\n", "method is *good* and `code`\n")
        ));
        // A deletion, and a paragraph at the very end.
        assert!(spliced(DOC, &edit(DOC, "Closing words", "Closing")));
        assert!(spliced(DOC, &edit(DOC, "After the", "After all the")));
        assert!(spliced(DOC, &format!("{DOC}and more")));
        // A new paragraph after the last one: the window would hold a blank line.
        assert!(!spliced(DOC, &format!("{DOC}\nLast line")));
    }

    #[test]
    fn typing_under_a_references_heading_moves_the_section_end() {
        assert!(spliced(
            DOC,
            &edit(DOC, "Smith et al.", "Smith and Jones et al.")
        ));
        let off = "Before.\n\n<!-- glossary-ls-disable -->\n\nThe GPU.\n\nMore text.\n";
        assert!(spliced(off, &edit(off, "The GPU", "The fast GPU")));
    }

    #[test]
    fn whole_paragraph_rules_are_read_with_the_new_text() {
        // An italic paragraph becomes a quotation at 12 words, and a bold opening a run-in label.
        let doc = "Intro.\n\n*one two three four five six seven eight nine ten eleven*\n\nEnd.\n";
        assert!(spliced(doc, &edit(doc, "eleven", "eleven twelve")));
        let doc = "Intro.\n\n**Note** this one.\n\nEnd.\n";
        assert!(spliced(doc, &edit(doc, "** this", "**: this")));
    }

    #[test]
    fn an_edit_that_opens_a_block_reads_the_whole_document() {
        // A fence marker at a line start, a setext underline, a heading, a list item, a quote.
        assert!(!spliced(DOC, &edit(DOC, "trains few", "```\ntrains few")));
        assert!(!spliced(DOC, &edit(DOC, "trains few weights.", "---")));
        assert!(!spliced(DOC, &edit(DOC, "trains few weights.", "===")));
        assert!(!spliced(
            DOC,
            &edit(DOC, "Closing words", "# Closing words")
        ));
        assert!(!spliced(DOC, &edit(DOC, "trains few", "- trains few")));
        assert!(!spliced(DOC, &edit(DOC, "trains few", "1. trains few")));
        assert!(!spliced(DOC, &edit(DOC, "trains few", "> trains few")));
        assert!(!spliced(
            DOC,
            &edit(DOC, "Closing words", "!!! note\n    Closing words")
        ));
        assert!(!spliced(
            DOC,
            &edit(DOC, "Closing words", ":::note\nClosing words")
        ));
        // A link reference definition, and a reference to a label defined elsewhere.
        let doc = format!("{DOC}\n[lora]: https://example.com/low-rank-adaptation\n");
        assert!(!spliced(
            &doc,
            &edit(&doc, "Closing words", "[x]: https://x.org\nClosing")
        ));
        assert!(!spliced(
            &doc,
            &edit(&doc, "Closing words", "Closing [LoRA] words")
        ));
        // A footnote reference.
        assert!(!spliced(
            DOC,
            &edit(DOC, "Closing words", "Closing[^1] words")
        ));
        // A byte-order mark opening the paragraph is text in the document, blanked in a text read alone.
        assert!(!spliced(
            DOC,
            &edit(DOC, "The Low-Rank", "\u{feff}The Low-Rank")
        ));
    }

    #[test]
    fn html_a_table_and_blank_lines_read_the_whole_document() {
        assert!(!spliced(
            DOC,
            &edit(DOC, "Closing words", "Closing <!-- words")
        ));
        assert!(!spliced(
            DOC,
            &edit(DOC, "Closing words", "Closing <b>words</b>")
        ));
        assert!(!spliced(
            DOC,
            &edit(DOC, "Closing words", "Closing | words")
        ));
        // The paragraph before a table may caption it.
        let doc = "Intro.\n\nResults:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        assert!(!spliced(doc, &edit(doc, "Results:", "The results:")));
        // A blank line made or removed.
        assert!(!spliced(
            DOC,
            &edit(DOC, "method\ntrains", "method\n\ntrains")
        ));
        assert!(!spliced(
            DOC,
            &edit(DOC, "(LoRA) method\n", "(LoRA) method\n\n")
        ));
        assert!(!spliced(
            DOC,
            &edit(DOC, "weights.\n\nClosing", "weights.\nClosing")
        ));
    }

    #[test]
    fn paragraphs_that_are_not_at_the_top_level_are_read_with_the_document() {
        // Fenced code and an HTML comment with blank lines; a list item's second paragraph.
        let doc = "Intro.\n\n```\ncode\n\nin code\n\nmore\n```\n\nEnd.\n";
        assert!(!spliced(doc, &edit(doc, "in code", "in *code*")));
        let doc = "Intro.\n\n<!--\n\nhidden text\n\n-->\n\nEnd.\n";
        assert!(!spliced(doc, &edit(doc, "hidden text", "hidden LoRA text")));
        let doc = "- item\n\n  second paragraph of it\n\nEnd.\n";
        assert!(!spliced(doc, &edit(doc, "second", "the second")));
        let doc = "---\ntitle: x\n\nsummary: y\n---\n\nText.\n";
        assert!(!spliced(doc, &edit(doc, "summary: y", "summary: yz")));
    }

    /// Every one-character insertion and deletion at every place of a document with most of the
    /// syntax the reader knows gives the full reading, spliced or not.
    #[test]
    fn every_small_edit_of_a_varied_document_equals_a_full_reading() {
        let doc = "---\ntitle: T\n---\n\nIntro (LoRA) text.\n\n# Head\n\nA para with `code` and \
            [link](#head)\nand *it* here.\n\n```\nfence\n\nbody\n```\n\n- item one\n- item two\n\n  \
            more item\n\n> quote\n\nLead:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<!-- glossary-ls-disable \
            -->\n\nOff text.\n\n<!-- glossary-ls-enable -->\n\n!!! note \"Title\"\n    Body text.\n\n\
            ## References\n\nSmith et al.\n\nWord [ref] here.\n\n[ref]: https://x.org\n\n*[HBM]: High \
            Bandwidth Memory\n\nThe end.\n";
        let mut hits = 0;
        for at in (0..=doc.len()).filter(|&i| doc.is_char_boundary(i)) {
            for insert in [
                "a", " ", "\n", "*", "`", "[", "<", "|", "-", "#", ">", "1.", "]", "=", ":",
            ] {
                let new = format!("{}{insert}{}", &doc[..at], &doc[at..]);
                hits += usize::from(spliced(doc, &new));
            }
            if at < doc.len() {
                let new = format!("{}{}", &doc[..at], &doc[at + 1..]);
                hits += usize::from(spliced(doc, &new));
            }
        }
        // Most of these edits are refused; typing letters in plain paragraphs is not.
        assert!(hits > 200, "{hits}");
    }
}
