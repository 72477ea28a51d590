//! Reading a Markdown document again after edits: only the top-level blocks the edits touched,
//! when that is provably what a full reading would give, and the whole document otherwise.
//!
//! This is the one place that decides. [`read`] keeps what the last reading found ([`Reading`]: the
//! text, its prose, and its shape: where its top-level blocks start and end and what they are,
//! where its headings start, where the line pre-scan saw fenced code). For the next text it finds
//! the *changes*: the stretches where the two texts differ, compared a block of bytes at a time
//! where they agree and a line at a time in step where they do not (a line inserted or removed is
//! recognised; anything else is found as a longer change, which is never wrong, only wider). A
//! burst of keystrokes at 200 places is 200 changes, found in one pass over the texts; when they
//! are too many or too large (see the constants), or when the windows would hold more than half the
//! text, the whole document is read.
//!
//! Each change is widened to a *window*, in one of two ways, and every window must pass its
//! conditions, or the whole document is read. A *code window* is the changed lines themselves,
//! inside fenced code: nothing is read, what follows moves. A *block window* runs from the start of
//! a top-level block to the start of another (the changes that fall into the same blocks share
//! one window): it is read on its own, as a document, and its prose replaces the old window's.
//! Everything between windows moves by the change in length of the windows before it. Two block
//! windows are always apart by at least one whole top-level block that no change touched.
//!
//! A block window that fails a condition is tried again wider, over one and then two more
//! top-level blocks on each side (each starting after a blank line, as W2 asks), before the whole
//! document is read. Many conditions are about a window's edges rather than its text (the block
//! before it, W4; a table and the paragraph that may caption it, W8; the block after it, W8; what
//! crosses an edge, 9), and a neighbour taken in is no longer at an edge. A wider window is a
//! window like any other: every condition is checked again on it, so the argument below holds
//! for it unchanged. It never reaches back into the window before it nor the whole block that must
//! stay between them, and a change in a block it takes in after it joins it.
//!
//! A change refused so, where the block it needs to take in is that whole block (a table's first
//! lines edited just after the last window, a burst of keystrokes at many places), is read with
//! the window before it as one: that window is dropped and a block window from its first change
//! is widened until it takes this change in (up to two windows back). The merged window is again
//! a window like any other, checked in full against the window before it.
//!
//! # Why a window reads the same alone as in the document
//!
//! The full reading is a pipeline of left-to-right passes (front matter, the line pre-scan
//! `structure.rs`, the character pre-scan `exclusions.rs`, pulldown-cmark, the walker that turns
//! its events into blocks and regions, the builder). The argument is the same for every window, in
//! document order: the text before the window reads the same in both texts (it is the same text,
//! or earlier windows for which the argument already holds), so every pass is in the same state at
//! the window's start in both texts; the conditions make that state one the window cannot tell
//! from the start of a document, make the window's lines do the same in the document as alone,
//! and make every pass leave the window in the same state in both texts, so the text after it reads
//! the same too, moved.
//!
//! ## Code windows
//!
//! C1. **The old reading shows a top-level fenced code block (pulldown-cmark) opened at the same
//!     line as fenced code the line pre-scan tracked, and the changed lines, old and new, lie after
//!     its opening line and inside both**, with a blank line before the block and after it. Inside
//!     fenced code pulldown-cmark reads nothing but a closing fence, and the pre-scan acts on
//!     nothing but a closing fence (`structure::scan`). The character pre-scan finds nothing that
//!     runs across a blank line, so nothing it finds reaches in or out of the block.
//! C2. **No changed line, old or new, starts with three or more `` ` `` or `~` after its
//!     indentation (however deep), or holds a carriage return**: a closing fence is such a run (for
//!     both parsers, whatever the opening fence's length: never fewer than three), so the block
//!     still ends where it ended, and the opening line is unchanged. A line opening with inline
//!     code (`` `x` is…``) closes nothing.
//! C3. **In the old prose, only that code block, a reference section or a switched-off stretch
//!     reaches across the lines** (condition 9 below): code holds no prose, so the prose is the old
//!     prose, moved; only the ends of what holds the lines move.
//!
//! ## Block windows
//!
//! W1. **Markdown only** (not MDX or Quarto, whose pre-scans have more syntax that spans lines),
//!     and a window that starts the document only when **neither text has front matter**
//!     (`front_matter::end`). Such a window is the start of both texts, where every pass starts in
//!     the state it starts a text alone in: the front matter, which a window read alone would look
//!     for at its first line too, is the only thing read there that may end anywhere after
//!     it (a prefix of a text with none has none), and a byte-order mark, blanked only at the start
//!     of a text, is refused by W5.
//! W2. **The window starts where the old reading shows a top-level block starting, at the start of
//!     its line, after a blank line, in both texts** (or at the start of both, W1): pulldown-cmark
//!     had no container open around it, so fenced code, an HTML block, a list item, a quote, a
//!     footnote, front matter, a blanked Jekyll block or an admonition body ended before it. **It
//!     ends where another top-level block starts after a blank line, unindented, in the old text
//!     (or at the end)**, and both blank lines are blank in the new text too. An admonition body
//!     (indented) and a doc-builder directive's member lines end at the unindented line that starts
//!     the window.
//! W3. **Every line of both windows is one the line pre-scan acts on in no state**
//!     (`structure::inert`: no run of three or more `` ` ``, `~` or `:` first on the line, which
//!     every fence opening or closing is, whatever its indentation; no `<!--`, no admonition or
//!     content-tab marker, no abbreviation line `*[…]:`, no doc-builder directive `[[…]]`, no
//!     Jekyll block, no `-->`; W10 and W12 admit some of these). So the pre-scan
//!     does nothing in the window, alone or in the document, and leaves it in the state it entered
//!     it. A line starting with `<` is one the scan acts on only when it opens a multi-line comment:
//!     every other thing it looks for starts with another character, and no fence closes at a `<`
//!     (what pulldown-cmark makes of such a line is W11's). **A `---`, `+++` or `...` line** may close front matter (opened on the text's first
//!     line, closed by the first such line anywhere) or a directive's YAML options (a `---` line
//!     right after a directive's opening fence, closed by the first `---` line among the 100 after
//!     it): a window may hold one when the front matter of both texts is the same and ends before
//!     the window (or neither has any), and no `---` line right after a line starting with
//!     `` ` ``, `~` or `:` lies within 100 lines before the window. To pulldown-cmark (which reads
//!     no metadata blocks here) such a line is a thematic break or a setext underline, inside the
//!     window. A window is read as a stretch of a document, where no front matter opens
//!     (`markdown::window_with_shape` looks for none), even when its first line is `---` and
//!     another such line follows (a `---` rule before a paragraph and a setext heading, or a
//!     Jekyll page's front matter in a concatenation of pages): in the document, front matter
//!     opens only on the text's first line, and a window that starts there is the start of a text
//!     with none (W1), whose every prefix has none.
//! W4. **The top-level block before the window is closed by the window's first line**: a leaf block
//!     (a paragraph, a heading, a table, code, HTML, a rule) or a block quote (which a blank line
//!     ends: a `>` line after one starts another quote) by any line at the start of a line; a
//!     container (a list, a footnote) only by a line that cannot start an item or a quote of its
//!     own (not `-`, `+`, `*`, `>` or a digit), since after a blank line those continue it.
//!     That block is the same in both texts (windows are apart by a whole block).
//! W5. **Neither window holds `<!--`** (an HTML comment: the `glossary-ls-disable` and `-enable`
//!     switches open or close a stretch that runs past the window), **`endhighlight` or
//!     `endcomment`** (the pre-scan searches the whole text for the end of a Jekyll block), **a
//!     byte-order mark** (blanked only at the start of a text) or **a carriage return** (a lone CR
//!     is a line break to some passes). A `` ``` `` or `~~~` that starts no line (after its
//!     indentation) opens nothing the pre-scan sees; to pulldown-cmark it delimits a code span,
//!     inside one paragraph, or opens fenced code after a list or quote marker (`` > ```python ``),
//!     which ends with that container (a blank line ends a quote, and an unindented line a list
//!     item's code), inside the window (W4, W8). (W10 admits fence lines.) Any other `<` reads
//!     the same alone: an HTML block starts only with `<` first on its line, after its indentation
//!     or a container's marker (W11); inline HTML and autolinks are inline content of one
//!     paragraph, which cannot run
//!     past a blank line; and the walker forgets what inline HTML opened (a code-like element, a
//!     centred block, an `<abbr>`) when a block closes. An `<abbr>` element is still refused, by W6
//!     in the new window and by condition 9 in the old one.
//!     **A footnote reference `[^x]`** is one in the document only when the document defines the
//!     footnote (GFM footnotes: otherwise `[^x]` is text, and no callback is asked; `[^x][y]` is
//!     a reference link to `y`, W6's). With no `]:` in either window, the document's footnote
//!     definitions are the last full reading's, all outside the windows; a window holding `[^` is
//!     read with all of them appended after it, each an empty `[^label]:` after a blank line
//!     (`markdown::window_with_shape`), so that pulldown-cmark has the same footnote labels as in
//!     the document, and compares them the same way. That needs the window to end with a blank
//!     line (not at the end of a text without one); an unindented `[^…]:` line after a blank line
//!     closes the window's last block as the block after it does in the document (W8), and the
//!     definitions are empty, so they make no prose: their tops are cut off, and the window is
//!     refused when anything of the reading crosses the window's end. The walker reads nothing of
//!     a footnote reference (it reads like a superscript), and a definition's use count changes
//!     no event.
//!     **`]:`** (a link reference definition or a footnote definition, also in a container: labels
//!     are the document's) is admitted when **the old and the new window, each read alone (as
//!     above, the document's footnotes appended), define the same footnote labels in the same
//!     order, and the same link labels with the same destinations and titles** (pulldown-cmark's map of them: the first definition of a label
//!     counts, and the windows' maps say what they add to the document's, which is then the same
//!     in both texts: the last full reading's), **and each of the window's definitions is the
//!     document's for its label** (the same destination and title as the definition the last
//!     full reading resolves it to, which may be one before the window, compared as W6 compares
//!     labels): a reference in the window to a label it defines is resolved by the window's own
//!     definition, never asked for, and must read as in the document. A definition is read alone
//!     as in the document: it is a block of the window (W2, W4, W8), and it makes no event; text
//!     that holds `]:` and defines nothing (`a[i]: b`) defines nothing in both. Footnote
//!     labels are only ever asked whether the document defines them (GFM), so with the window's
//!     own the same, the document's set is the same, and the window read alone has its own and the
//!     document's: the document's set. A footnote definition is a container, closed before the
//!     window and after it as any (W4, W8: the block after starts unindented after a blank line,
//!     and a footnote definition is continued only by indented lines); the walker reads its body
//!     as any blocks, and nothing of its label.
//! W6. **Reading the new window alone gives every reference label the document defines what the
//!     document's definition gives**: `[text][label]`, `[label]`, `[label][]`, ``[`Name`]`` and
//!     images `![alt][label]` read differently when the document defines the label.
//!     pulldown-cmark looks a label up in the text's definitions first and asks the broken-link
//!     callback only when that fails; a window defines none (W5: no `]:`), so read alone it asks
//!     for every one, and the window's reading answers with the document's definition when there
//!     is one (`markdown::window_with_shape`): its destination and title, which is what the
//!     definition gives. So the parse is the same: pulldown-cmark decides whether `[a][b]`,
//!     `[a][]`, `[a]` followed by `(…)` or nested brackets make a link by the same steps, only
//!     asking where the label's answer comes from; what differs is the link type
//!     (`ReferenceUnknown` for `Reference`…), which the walker does not read (it reads whether a
//!     link is an autolink, and its destination: `names_a_project`, `destination_path`, `#…`
//!     anchors). A label the document does not define is asked for in the document too, of the same
//!     resolver with the same (no) outer labels, and reads the same. The document's labels are the
//!     last full reading's: no window changes them (W5). Labels are compared as
//!     pulldown-cmark compares them where that is exact here: both as pulldown-cmark reports them
//!     (whitespace collapsed), ASCII labels equal but for the case of ASCII letters; a label
//!     outside ASCII, on either side, is compared with Unicode case folding, which the window does
//!     not tell, and is refused (`Shape::unsure`). **The references of the new text never reach
//!     pulldown-cmark's expansion limit**: it stops resolving references once the destinations
//!     and titles it gave add up to the text's length or 100,000 bytes, counting from the start of
//!     the text, so a window read alone would resolve what the document no longer does (and a
//!     window's references could stop one after it). Each reading counts what its references were
//!     given (`Shape::expansion`); a spliced reading adds its new windows' counts to the old
//!     document's (never taking the old windows' off: a bound, reset by a full reading), and the
//!     bound, old and new, stays under 100,000. And the
//!     reading alone starts with a block at its first byte, and has no abbreviation, no `<abbr>`, no
//!     reference section in an admonition body and no switched-off stretch (a check of W3 and W5
//!     by the reader itself).
//! W7. **The window is read with the reference section open at its start, and leaves open what
//!     the old one did**. The walker's only state that runs from block to block (but in
//!     admonition bodies, read on their own, W6) is the reference section open: its heading's
//!     level, and where it started. A heading (at any depth) closes it when its level is no
//!     deeper, and then opens one when its words name one; where a section starts is only where
//!     its region starts. The old reading keeps its sections with their levels
//!     (`Shape::sections`), so the section open at the window's start (opened before it, closed
//!     at or after it) is known, and the same in both texts (the text before is, and so is the
//!     state each earlier window leaves, by this condition); the window is read with a section of
//!     that level open from its start (`markdown::window_with_shape`): every heading in it does
//!     what it does in the document, and its sections are the document's but for where the one
//!     open at its start began. **What the new window leaves open is a section of the level the
//!     old one left open, or none when none was, or either is closed by the heading right after
//!     the window** (an old section that ends where the window ends was closed by that heading,
//!     which closes a new one of the same or a higher level, or none, as well): the text after
//!     the window then does the same in both texts, and only where the section open across the
//!     window's end starts and ends moves. The splice stitches them (`splice_sections`): a section
//!     open across a window's start runs from where it opened, one open across its end to where
//!     the old one open there ended, moved; and the regions of sections are made again from them
//!     (sorted in after any other region of the same range, as a full reading pushes them when
//!     the heading after them starts).
//! W8. **The block after the window is not continued or captioned by it**: its first line starts at
//!     the start of a line and, when the new window ends with a container, cannot start an item or
//!     a quote (W4's rule the other way round); and when it holds `|`, neither window ends with a
//!     colon, since a table there makes a paragraph right before it that ends with one a caption
//!     (`is_table_caption`). And **when the window's first
//!     line holds `|`, its first two lines (a table's header and delimiter rows) are unchanged**:
//!     the paragraph before the window may caption the table, and reads the same while the table
//!     starts where it started.
//! W9. **A window that changes the number of lines has no `---` line within the pre-scan's reach
//!     after it** (100 lines, in either text): the search for the end of a directive's YAML options
//!     counts lines from before the window.
//! W10. **A window may hold a line that starts with three or more `` ` `` or `~` only as whole
//!     fenced code blocks** (W3 refuses it otherwise). The
//!     line pre-scan, run on each window alone, finds nothing but fenced code (no directive, no
//!     admonition, no abbreviation), each block closed by a fence inside the window, and every
//!     line outside the blocks inert; pulldown-cmark, reading the new window alone, ends every
//!     top-level fenced code block where the pre-scan closes it (fenced code in a list or a quote
//!     ends with it, inside the window: W8). Alone the scan starts with nothing open; in the
//!     document it starts in the state the text before leaves, the same in both texts, which the
//!     old document shows: **its pre-scan found exactly the old window's blocks there, at least
//!     one, and none across the window's edges**, so at the first block's opening fence (the lines
//!     before it are inert) it had no fenced code and no comment open. What else may be open is a
//!     directive around prose, which the scan closes only at a fence with nothing after it and at
//!     least as long as its own: **every such bare opening fence of the new window is no longer
//!     than one of the old window's (of the same character)**, which opened code in the document,
//!     so the directive, if any, stays open. Inside a block the scan reads nothing but its closing
//!     fence, in the document as alone, and after it the scan is back in the state before the
//!     block: every line does the same in the document as alone, and the window leaves the scan as
//!     it found it. The character pre-scan finds nothing across a blank line, in code or not.
//!
//! W11. **No line of either window may open an HTML block that ends only at its end marker**:
//!     CommonMark's types 1 to 5 (`<pre`, `<script`, `<style`, `<textarea`, in any case and
//!     whatever follows the name, `<!` and `<?`; pulldown-cmark's `get_html_end_tag`) with the `<`
//!     first on the line after any indentation (and `:`). Such a block runs over blank lines to
//!     its end marker, which may lie past the window. Any other `<` first on a line opens at most an
//!     HTML block of type 6 (a known block tag: `<div>`, `<details>`, `<table>`, `<p>`…) or 7 (any
//!     other complete tag alone on its line: `<hfoption id="x">`, `</hfoptions>`), which ends at
//!     the next blank line (`parse_html_block_type_6_or_7`), so inside the window, which ends with
//!     one (W2); or it opens none and is a paragraph's line with inline HTML (W5). After a list or
//!     quote marker a block of any type ends at the latest with its
//!     containers (pulldown-cmark ends it at the first line that does not continue them),
//!     inside the window (W8). So pulldown-cmark finds the same blocks in the window alone as in the
//!     document. The walker keeps nothing of HTML from one top-level block to the next: each HTML
//!     block is read by its own `HtmlBlockReader`, made at its start and dropped at its end with
//!     all it tracks (centred elements such as `<div align="center">`, code-like elements it hides,
//!     heading-like ones such as `<summary>`, an open `<abbr>`, a tag or comment left unfinished),
//!     and the inline `HtmlState` is reset at the start and end of every block (`close_block`),
//!     list item, code block and HTML block. What HTML does reach further is refused elsewhere:
//!     the `glossary-ls-disable` switches need `<!--` (W5), and an `<abbr>` defines its acronym for
//!     the whole document (W6, 9). The character pre-scan knows no HTML.
//! W12. **A doc-builder directive `[[name]] …` with its indented member lines, a MkDocs admonition
//!     or content-tab marker (`!!!`, `???`, `===`) with its indented body, and a line holding
//!     `-->`, may stand in a window when the old pre-scan had no fenced code and no multi-line HTML
//!     comment open at the window's start** (`Shape::code`, `Shape::comments`; the text before the
//!     window is the same in both texts, so the scan's state there is too) **and no line of either
//!     window may be a fence** (one starting with `` ``` `` or `~~~`: W10 is not used; one
//!     elsewhere opens nothing the scan sees, W5). Every other line is inert
//!     (W3), so no fenced code opens in the window, and no comment does (W5: no `<!--`): the scan
//!     meets every line of the window with neither open, in the document as alone. There a
//!     directive line is blanked with the indented lines after it, up to a blank or unindented
//!     line, which the window holds (it starts after a blank line and ends with one, W2), and the
//!     member lines are skipped unread; a marker is blanked, its title made a heading block, and its
//!     body (the indented and blank lines after it, up to the first line indented less than four
//!     columns, which the window holds likewise) blanked and read as a document of its own, the
//!     same text in the window as in the document; a `-->` ends nothing. The body's reading depends
//!     on one thing outside it, the labels of the document it is copied out of, which it asks for
//!     what it does not define (with empty destinations, `resolve_reference`): **a window may hold
//!     a marker only when the document defines no link label and no footnote**, so that the
//!     labels the body is read with are none, alone as in the document. What else may be open is a directive
//!     around prose, which only a fence closes, and no line the scan reads in the window is one.
//!     So every line does the same in the document as alone, and the window leaves the scan in the
//!     state it entered it. A window whose first line is blanked so is still refused (W6: no block
//!     first): the block before it would be closed by the first line pulldown-cmark sees, which
//!     W4 does not check.
//!
//! ## Both
//!
//! 9. **In the old prose, nothing reaches into a window from outside**: every block and region lies
//!    wholly before, wholly inside or wholly after the old window, except reference sections and
//!    stretches after `glossary-ls-disable` ([`RegionKind::Citations`], [`RegionKind::Off`]), which
//!    run from a heading or a comment before the window to one after it (or the end), and, for a
//!    code window, the code block that holds it: only their end moves. A block window's reference
//!    sections (not an admonition body's) may also cross one of its edges: W7 places them.
//!
//! Inside a block window, what the blocks yield depends on their own text only: the block
//! structure pulldown-cmark finds from a fresh state (W2, W4), the inline parse (emphasis, links,
//! code spans, math), the exclusions (URLs, template tags and TeX spans, which stop at a blank
//! line: `exclusions.rs`), and the rules that read a whole block (an italic quotation of at least
//! 12 words, a run-in label, a topic or project link, a link to a heading). Whether a list is loose
//! or tight depends on its own items, all in the window (W4, W8). The builder's state at a
//! top-level block (no block open, no list item pending) is the same everywhere.
//!
//! So the full reading of the new text is the old one outside the windows, moved, and each
//! window's own reading inside. This module's tests compare the prose and the shape, edit by edit
//! (every one-character insertion and deletion at every place of a varied document, and edits at
//! two and three places at once); `tests/incremental.rs` compares whole analyses after random edits
//! of generated documents and of every corpus document.

use std::ops::Range;

use super::lines::{indentation, is_blank};
use super::markdown::{self, Flavor, Section, Shape, Top, TopKind};
use super::{admonitions, doc_builder, fences, front_matter, structure};
use super::{finish, DocKind, Prose, Region, RegionKind};
use crate::analysis::cancel::{Cancel, Cancelled, BLOCKS_PER_GIVE_WAY};
use crate::text::slice::Slice;

/// Windows longer than this are not read on their own: the full reading is as good.
const MAX_WINDOW: usize = 64 * 1024;
/// More windows than this, or windows holding more than half the text, are not worth splicing.
const MAX_WINDOWS: usize = 1024;
/// The changed bytes the comparison of two texts looks at before it gives up.
const MAX_CHANGED: usize = 256 * 1024;
/// How many bytes after a changed line (at most its next line) must agree for the comparison to
/// take the texts as aligned again (when they do not agree further on, it finds another change
/// there: never wrong, only wider).
const AGREE: usize = 32;
/// How far the line pre-scan looks for the end of a directive's YAML options (`skip_options`).
const OPTIONS_LINES: usize = 100;
/// The least number of bytes pulldown-cmark lets the references of a text expand to (its
/// `link_ref_expansion_limit`: the text's length, or this when the text is shorter).
const EXPANSION_FLOOR: usize = 100_000;
/// How many more top-level blocks (each starting after a blank line) a block window that fails a
/// condition may take in on each side before the whole document is read.
const MAX_WIDEN: usize = 2;
/// How many windows before it a change's window may take in when it is refused alone, each read
/// again as one with it (see [`windows_of`]).
const MAX_MERGES: usize = 2;

/// Gives up on reading only the edited blocks, because of condition `why` (a test records it, to
/// tell which condition refused an edit).
fn refuse<T>(why: &'static str) -> Option<T> {
    #[cfg(test)]
    tests::REFUSED.with(|r| r.set(why));
    let _ = why;
    None
}

/// The condition that refused last (in tests; nothing otherwise).
fn refused() -> &'static str {
    #[cfg(test)]
    return tests::REFUSED.with(|r| r.get());
    #[cfg(not(test))]
    ""
}

/// What the last reading of a document found, kept to read its next version.
#[derive(Debug, Default)]
pub struct Reading {
    /// The prose of [`Reading::text`].
    pub prose: Prose,
    /// The text read (kept only for Markdown, where the next reading may reuse this one).
    text: String,
    /// Its top-level blocks, headings and fenced code.
    shape: Shape,
    /// Whether `text` was read as Markdown.
    markdown: bool,
    /// Whether this reading was spliced from the previous one rather than read in full.
    spliced: bool,
    /// Unique per reading made in this process: what [`Moved::from`] names.
    id: u64,
    /// What this reading kept of the reading it was spliced from, if it was.
    moved: Option<Moved>,
    /// Where the text changed since that reading, window by window ([`Reading::edits`]).
    edits: Vec<Edit>,
}

/// What a spliced reading kept of the one before it ([`Reading::moved`]): its first `before`
/// blocks are the last reading's first ones as they were, and its last `after` blocks the last
/// reading's last ones with every offset moved by `shift`. The text under those blocks is the same,
/// moved likewise (every change lies in a window, and no block of these meets one). Callers that
/// keep what they made of the last reading's prose (the flat text) remake only the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    /// The [`Reading::id`] of the reading spliced from.
    pub from: u64,
    pub before: usize,
    pub after: usize,
    pub shift: isize,
    /// Where the text changed: bytes `start..old_end` of the last reading's text became bytes
    /// `start..new_end` of this one's. Before `start` the texts are equal; after the ends too,
    /// moved by `new_end - old_end`.
    pub edited: Edited,
}

/// The span of a text that an edit changed ([`Moved::edited`]), in the text before it and after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edited {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

/// One window of a spliced reading ([`Reading::edits`]): bytes `old` of the last reading's text
/// became bytes `new` of this one's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub old: Range<usize>,
    pub new: Range<usize>,
}

/// A new [`Reading::id`].
fn next_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Reading {
    /// Whether this reading read only the edited blocks (for logs and tests).
    pub fn spliced(&self) -> bool {
        self.spliced
    }

    /// Unique per reading made in this process ([`Moved::from`]).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// What this reading kept of the reading it was spliced from; `None` when it was read whole.
    pub fn moved(&self) -> Option<Moved> {
        self.moved
    }

    /// Where the text changed since the reading this one was spliced from ([`Moved::from`]): its
    /// windows, in order, each apart from the next; outside them the two texts agree, moved by the
    /// windows before. [`Moved::edited`] spans them all: after a burst of edits at many places that
    /// is most of the document, and these are what changed. Empty when the text is the same or
    /// the reading was read whole ([`Reading::moved`] is `None` then).
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// Whether the next reading of the document may be spliced from this one (a Markdown text).
    pub fn splices_next(&self) -> bool {
        self.markdown
    }
}

/// The prose of `text`, read as `kind`: the same as [`super::prose`], reusing `previous` (the last
/// reading of the same document) where the conditions of this module hold.
pub fn read(text: &str, kind: DocKind, previous: Option<Reading>) -> Reading {
    let mut previous = previous;
    read_unless_cancelled(text, kind, &mut previous, &Cancel::never()).unwrap_or_default()
}

/// [`read`], checking `cancel` while it finds the windows to read (every [`CHECK_CHANGES`]
/// changes), before it changes `previous`: stopped there, it leaves `previous` as it was, for the
/// next analysis to start from. Otherwise it takes `previous`. Splicing the windows in cannot stop
/// (it gives way); a whole reading checks as it goes, and stopped, leaves no reading (`previous`
/// was of no use for this text: the next analysis reads the whole text too).
pub fn read_unless_cancelled(
    text: &str,
    kind: DocKind,
    previous: &mut Option<Reading>,
    cancel: &Cancel,
) -> Result<Reading, Cancelled> {
    if kind != DocKind::Markdown {
        *previous = None;
        return Ok(Reading {
            prose: super::prose(text, kind),
            id: next_id(),
            ..Reading::default()
        });
    }
    if previous.as_ref().is_some_and(|p| p.markdown) {
        let found = match previous.as_ref() {
            Some(last) if last.text == text => None,
            Some(last) => Some(windows(last, text, cancel)?),
            None => None,
        };
        if let Some(mut previous) = previous.take() {
            match found {
                None => {
                    // The same text: every block kept as it was.
                    previous.spliced = true;
                    previous.moved = Some(Moved {
                        from: previous.id,
                        before: previous.prose.blocks.len(),
                        after: 0,
                        shift: 0,
                        edited: Edited {
                            start: 0,
                            old_end: 0,
                            new_end: 0,
                        },
                    });
                    previous.edits.clear();
                    previous.id = next_id();
                    return Ok(previous);
                }
                Some(Some(windows)) => {
                    splice(&mut previous, text, windows, cancel);
                    return Ok(previous);
                }
                Some(None) => {}
            }
        }
    }
    *previous = None;
    // Stopped halfway, it leaves no reading: the next analysis reads the whole text again, as it
    // would have to anyway (the last reading was of no use for this text).
    let (mut prose, shape) = markdown::document_with_shape(text, Flavor::Markdown, cancel)?;
    finish(text, &mut prose);
    Ok(Reading {
        prose,
        text: text.to_owned(),
        shape,
        markdown: true,
        spliced: false,
        id: next_id(),
        moved: None,
        edits: Vec::new(),
    })
}

/// How many changes [`windows`] looks at between two cancellation checks. A window is read in a few
/// to a few tens of microseconds: sixteen of them ran up to 0.55 ms unchecked after a burst at
/// random places in bench-1mb.md (a debug log of the gaps between checks).
const CHECK_CHANGES: usize = 4;

/// Bytes `old` of the last text became bytes `new` of the next one; between changes the texts are
/// equal.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Change {
    old: Range<usize>,
    new: Range<usize>,
}

/// The changes from `old` to `new`, in order; `None` when they are too many or too large to be
/// worth finding. Linear: the texts are compared a block of bytes at a time where they agree,
/// and where they differ a line at a time in step, allowing for one line inserted or removed.
fn changes(old: &[u8], new: &[u8]) -> Option<Vec<Change>> {
    let (mut i, mut j) = (0, 0);
    let mut changes = Vec::new();
    let mut changed = 0;
    loop {
        let same = common_prefix(old.get(i..)?, new.get(j..)?);
        i += same;
        j += same;
        if i == old.len() && j == new.len() {
            return Some(changes);
        }
        let (mut o, mut n) = (line_end(old, i), line_end(new, j));
        // At the start of a line, whole lines inserted or removed.
        if i == 0 || old.get(i - 1) == Some(&b'\n') {
            if agree(old, i, new, n) {
                o = i;
            } else if agree(old, o, new, j) {
                n = j;
            }
        }
        while !agree(old, o, new, n) {
            let (next_o, next_n) = (line_end(old, o), line_end(new, n));
            if agree(old, o, new, next_n) {
                n = next_n;
                break;
            }
            if agree(old, next_o, new, n) {
                o = next_o;
                break;
            }
            (o, n) = (next_o, next_n);
            if o - i + n - j > MAX_CHANGED {
                return None;
            }
        }
        changed += o - i + n - j;
        if changed > MAX_CHANGED || changes.len() >= MAX_WINDOWS {
            return None;
        }
        changes.push(Change {
            old: i..o,
            new: j..n,
        });
        (i, j) = (o, n);
    }
}

/// Whether `a` from `i` and `b` from `j` start alike, up to the end of their first line that is
/// not blank (changes on neighbouring lines stay apart; a blank line alone says little), or are
/// both at their end.
fn agree(a: &[u8], i: usize, b: &[u8], j: usize) -> bool {
    let blank = a
        .get(i..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&c| c == b'\n')
        .count();
    let n = AGREE
        .min(line_end(a, i + blank) - i)
        .min(a.len() - i)
        .min(b.len() - j);
    if n == 0 {
        return i == a.len() && j == b.len();
    }
    a.get(i..i + n) == b.get(j..j + n)
}

/// The end of the line holding `at` (after its line feed), or the end of `s`.
fn line_end(s: &[u8], at: usize) -> usize {
    match memchr::memchr(b'\n', s.get(at..).unwrap_or_default()) {
        Some(k) => at + k + 1,
        None => s.len(),
    }
}

/// The start of the line holding `at`.
fn line_start(s: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', s.get(..at).unwrap_or_default()).map_or(0, |k| k + 1)
}

/// The whole lines a change touches in one text: from the start of the line of its first byte to
/// the end of the line of its last one (of the line it is inserted in, when it is empty; none when
/// it is empty at the start of a line: whole lines were inserted there in the other text).
fn lines_of(s: &[u8], range: &Range<usize>) -> Range<usize> {
    // Whole lines inserted before a line touch none.
    if range.is_empty() && (range.start == 0 || s.get(range.start - 1) == Some(&b'\n')) {
        return range.clone();
    }
    let last = if range.end > range.start {
        range.end - 1
    } else {
        range.start
    };
    line_start(s, range.start)..line_end(s, last)
}

/// A stretch of the text read again (or only moved), the same in both texts outside it.
struct Window {
    old: Range<usize>,
    new: Range<usize>,
    /// The stretch's reading, with offsets from `new.start`; `None` for lines inside fenced code,
    /// where nothing is read.
    read: Option<(Prose, Shape)>,
}

/// What the old prose holds, indexed once for the checks of every window.
struct Old<'a> {
    reading: &'a Reading,
    /// Where each block starts, and the largest end of the blocks up to it.
    block_starts: Vec<usize>,
    block_reach: Vec<usize>,
    /// The same for the regions, fenced code, reference sections and switched-off stretches aside.
    region_starts: Vec<usize>,
    region_reach: Vec<usize>,
    /// The same for fenced code.
    code_starts: Vec<usize>,
    code_reach: Vec<usize>,
    /// The regions that may run across a window ([`spans`]): a few, where the prose has
    /// thousands of regions, which every window's check would otherwise go through. Each with
    /// whether it is one of the document's reference sections ([`is_section`]).
    spanning: Vec<(Range<usize>, bool)>,
}

impl<'a> Old<'a> {
    fn new(reading: &'a Reading) -> Old<'a> {
        let span = |b: &super::Block| {
            let first = b.segments.first().map_or(0, |s| s.range.start);
            let last = b.segments.last().map_or(0, |s| s.range.end);
            first..last
        };
        let reach = |ranges: &mut dyn Iterator<Item = Range<usize>>| {
            let mut max = 0;
            ranges
                .map(|r| {
                    max = max.max(r.end);
                    (r.start, max)
                })
                .unzip::<usize, usize, Vec<usize>, Vec<usize>>()
        };
        let prose = &reading.prose;
        let (block_starts, block_reach) = reach(&mut prose.blocks.iter().map(span));
        let (region_starts, region_reach) = reach(
            &mut prose
                .regions
                .iter()
                .filter(|r| !spans(r.kind) && r.kind != RegionKind::FencedCode)
                .map(|r| r.range.clone()),
        );
        let (code_starts, code_reach) = reach(
            &mut prose
                .regions
                .iter()
                .filter(|r| r.kind == RegionKind::FencedCode)
                .map(|r| r.range.clone()),
        );
        let spanning = prose
            .regions
            .iter()
            .filter(|r| spans(r.kind))
            .map(|r| (r.range.clone(), is_section(&reading.shape.sections, r)))
            .collect();
        Old {
            reading,
            block_starts,
            block_reach,
            region_starts,
            region_reach,
            code_starts,
            code_reach,
            spanning,
        }
    }

    /// Condition 9: nothing of the old prose but a reference section or a switched-off stretch
    /// (and, for lines inside fenced code, that code) crosses the edges of `window`, and those only
    /// run across it.
    fn fits(&self, window: &Range<usize>, in_code: bool) -> bool {
        let before = |starts: &[usize]| starts.partition_point(|&s| s < window.start);
        let inside = |starts: &[usize]| starts.partition_point(|&s| s < window.end);
        let contained = |starts: &[usize], reach: &[usize]| {
            let (before, inside) = (before(starts), inside(starts));
            let reach_before = before
                .checked_sub(1)
                .map_or(0, |k| reach.get(k).copied().unwrap_or(usize::MAX));
            reach_before <= window.start
                && inside
                    .checked_sub(1)
                    .is_none_or(|k| k < before || reach.get(k).is_some_and(|&r| r <= window.end))
        };
        let code = if in_code {
            // Exactly one fenced code block holds the lines: the one the last fence opened.
            let (before, inside) = (before(&self.code_starts), inside(&self.code_starts));
            before == inside
                && before
                    .checked_sub(1)
                    .is_some_and(|k| self.code_reach.get(k).is_some_and(|&r| r >= window.end))
                && before
                    .checked_sub(2)
                    .is_none_or(|k| self.code_reach.get(k).is_some_and(|&r| r <= window.start))
        } else {
            contained(&self.code_starts, &self.code_reach)
        };
        let prose = &self.reading.prose;
        code && contained(&self.block_starts, &self.block_reach)
            && contained(&self.region_starts, &self.region_reach)
            && self.spanning.iter().all(|(r, section)| {
                r.end <= window.start
                    || r.start >= window.end
                    || (r.start < window.start && r.end >= window.end)
                    || (!in_code && *section)
            })
            && !prose
                .abbreviations
                .iter()
                .any(|a| overlaps(&a.acronym, window) || overlaps(&a.expansion, window))
            && !prose
                .abbr_elements
                .iter()
                .any(|a| overlaps(&a.title, window) || overlaps(&a.text, window))
    }
}

/// The reference section open at `at`, the start of a top-level block (of the text whose
/// sections are `sections`): opened before it, and closed by a heading at `at` or after it.
fn section_open_at(sections: &[Section], at: usize) -> Option<&Section> {
    let k = sections.partition_point(|s| s.range.start < at);
    sections
        .get(k.checked_sub(1)?)
        .filter(|s| at <= s.range.end)
}

/// Whether `region` is one of the reference sections `sections` (not one of an admonition body's,
/// read on its own).
fn is_section(sections: &[Section], region: &Region) -> bool {
    region.kind == RegionKind::Citations
        && sections
            .binary_search_by_key(&region.range.start, |s| s.range.start)
            .is_ok_and(|k| sections.get(k).is_some_and(|s| s.range == region.range))
}

/// Region kinds that may run from before a window to after it (a section under a heading, a
/// stretch after a comment), neither of which a window can hold.
fn spans(kind: RegionKind) -> bool {
    matches!(kind, RegionKind::Citations | RegionKind::Off)
}

/// Whether `r` shares a byte with `window`, or sits in it.
fn overlaps(r: &Range<usize>, window: &Range<usize>) -> bool {
    r.start < window.end && r.end > window.start
}

/// The windows of the changes from `previous.text` to `text`, read, when the conditions of the
/// module comment hold for every one; `Ok(None)` when the whole document must be read. Checks
/// `cancel` every [`CHECK_CHANGES`] changes.
fn windows(
    previous: &Reading,
    text: &str,
    cancel: &Cancel,
) -> Result<Option<Vec<Window>>, Cancelled> {
    let (old, new) = (previous.text.as_bytes(), text.as_bytes());
    let Some(changes) = changes(old, new) else {
        return Ok(refuse("changes: too many or too large"));
    };
    let mut stopped = false;
    let found = windows_of(previous, text, &changes, &mut || {
        stopped = cancel.check().is_err();
        stopped
    });
    if stopped {
        return Err(Cancelled);
    }
    Ok(found)
}

/// [`windows`] of `changes`; `None` as well once `stop` (called every [`CHECK_CHANGES`] changes)
/// says so.
fn windows_of(
    previous: &Reading,
    text: &str,
    changes: &[Change],
    stop: &mut dyn FnMut() -> bool,
) -> Option<Vec<Window>> {
    let (old, new) = (previous.text.as_bytes(), text.as_bytes());
    if stop() {
        return None;
    }
    let index = Old::new(previous);
    let mut windows: Vec<Window> = Vec::new();
    // The change each window starts with, to read it again with a later one.
    let mut firsts: Vec<usize> = Vec::new();
    let mut k = 0;
    let mut total = 0;
    let mut expansion = 0;
    let mut checked_at = 0;
    while k < changes.len() {
        if k >= checked_at + CHECK_CHANGES {
            checked_at = k;
            if stop() {
                return None;
            }
        }
        let mut first = k;
        let mut found = next_window(previous, text, changes, (k, k), &windows, &index);
        // Refused where the window may not reach back over the block right after the last window,
        // which stays whole between two windows (W4, W8; a table's first lines changed just
        // after the last window): read with the windows before it as one, from their first
        // change, it may pass. The merged window must take in change `k` to count.
        let mut merges = 0;
        while found.is_err() && merges < MAX_MERGES {
            let (Some(last), Some(earlier)) = (windows.pop(), firsts.pop()) else {
                break;
            };
            merges += 1;
            total -= last.old.len() + last.new.len();
            expansion -= last.read.as_ref().map_or(0, |(_, s)| s.expansion);
            first = earlier;
            if let Ok(merged) = next_window(previous, text, changes, (first, k), &windows, &index) {
                found = Ok(merged);
            }
        }
        let (window, next) = match found {
            Ok(found) => found,
            Err(why) => return refuse(why),
        };
        total += window.old.len() + window.new.len();
        // W6: references never run out of pulldown-cmark's expansion limit, in the document or in
        // a window alone: the bound of the old document plus every new window's own.
        expansion += window.read.as_ref().map_or(0, |(_, s)| s.expansion);
        if previous.shape.expansion + expansion >= EXPANSION_FLOOR {
            return refuse("W6: references that may reach the expansion limit");
        }
        if total > MAX_WINDOW.max((old.len() + new.len()) / 2) || windows.len() >= MAX_WINDOWS {
            return refuse("windows too large or too many");
        }
        windows.push(window);
        firsts.push(first);
        k = next;
    }
    Some(windows)
}

/// The window of changes `k` to `last` (and the changes that fall into the same blocks) after
/// `windows` (those of the changes before), and the first change after it: fenced code's lines
/// alone where conditions C1 to C3 hold (for one change), else the top-level blocks holding them,
/// with up to [`MAX_WIDEN`] more on each side where the narrowest fails a condition or stops
/// before `last`. Refused, the condition that refused the narrowest window.
fn next_window(
    previous: &Reading,
    text: &str,
    changes: &[Change],
    (k, last): (usize, usize),
    windows: &[Window],
    index: &Old,
) -> Result<(Window, usize), &'static str> {
    let tops = &previous.shape.tops;
    let checked = |window: &Window| {
        if windows
            .last()
            .is_some_and(|last| last.old.end > window.old.start)
        {
            return refuse("windows overlap");
        }
        if !index.fits(&window.old, window.read.is_none()) {
            return refuse("9: the old prose crosses the window's edge");
        }
        if !options_unmoved(previous, text, window) {
            return refuse("W9: `---` within reach after a window that changes the line count");
        }
        Some(())
    };
    let change = changes.get(k).ok_or("a failed look-up")?;
    if let Some(window) = (k == last)
        .then(|| code_window(previous, text, change))
        .flatten()
    {
        return match checked(&window) {
            Some(()) => Ok((window, k + 1)),
            None => Err(refused()),
        };
    }
    // A window that fails a condition of its edges (the block before or after it, a table's
    // caption, what crosses its edge) may pass them with a neighbouring block taken in: try again
    // over one, then two more blocks on each side. Backwards, never into the last window nor the
    // block right after it, which must stay whole between (W4, W8).
    let floor = windows.last().map_or(0, |last| {
        tops.partition_point(|t| t.range.start < last.old.end) + 1
    });
    let mut tried: Option<Range<usize>> = None;
    let mut why = "";
    for widen in 0..=MAX_WIDEN {
        if widen == 1 {
            // What refused the narrowest window is what a test wants to know.
            why = refused();
        }
        let Some((window, next)) = block_window(previous, text, changes, k, widen, floor) else {
            continue;
        };
        if tried.as_ref() == Some(&window.old) {
            break;
        }
        tried = Some(window.old.clone());
        if next > last && checked(&window).is_some() {
            return Ok((window, next));
        }
    }
    Err(why)
}

/// Conditions C1 to C3: a change within the lines inside top-level fenced code that neither
/// parser can read as a closing fence, in the old text and in the new one.
fn code_window(previous: &Reading, text: &str, change: &Change) -> Option<Window> {
    let (old, new) = (previous.text.as_bytes(), text.as_bytes());
    let (old_lines, new_lines) = (lines_of(old, &change.old), lines_of(new, &change.new));
    let shape = &previous.shape;
    let code = shape.code.get(
        shape
            .code
            .partition_point(|c| c.start < old_lines.start)
            .checked_sub(1)?,
    )?;
    let top = shape.tops.get(
        shape
            .tops
            .partition_point(|t| t.range.start <= code.start)
            .checked_sub(1)?,
    )?;
    let inside = |r: &Range<usize>| r.start < old_lines.start && old_lines.end <= r.end;
    let closes = |s: &str| {
        s.split('\n').any(|line| {
            line.trim_start_matches([' ', '\t']).starts_with(['`', '~'])
                && structure::fence_run(line) >= 3
        }) || s.contains('\r')
    };
    (top.kind == TopKind::FencedCode
        && top.range.start == code.start
        && inside(code)
        && inside(&top.range)
        && blank_before(old, top.range.start)
        && blank_after(old, top.range.end)
        && !closes(previous.text.get(old_lines.clone())?)
        && !closes(text.get(new_lines.clone())?))
    .then_some(Window {
        old: old_lines,
        new: new_lines,
        read: None,
    })
}

/// Whether a blank line ends right before `at` (a line start).
fn blank_before(s: &[u8], at: usize) -> bool {
    at >= 2 && s.get(at - 2..at) == Some(b"\n\n")
}

/// Whether the line after the one that ends at or holds `end - 1` is blank (or there is none).
fn blank_after(s: &[u8], end: usize) -> bool {
    let after = line_end(s, end.saturating_sub(1));
    after == s.len() || s.get(after) == Some(&b'\n')
}

/// Conditions W1 to W8: the top-level blocks holding change `k` and the changes after it that
/// fall into the same blocks, read on their own, and `widen` more blocks on each side (never back
/// before block `floor`). Returns the window and the first change after it.
fn block_window(
    previous: &Reading,
    text: &str,
    changes: &[Change],
    k: usize,
    widen: usize,
    floor: usize,
) -> Option<(Window, usize)> {
    let (old, new) = (previous.text.as_bytes(), text.as_bytes());
    let tops = &previous.shape.tops;
    // W2: the window starts where a top-level block starts after a blank line, unindented.
    // W1: at the start of the text only when neither text has front matter.
    let no_front = front_matter::end(&previous.text).is_none() && front_matter::end(text).is_none();
    let opens = |at: usize| {
        (at == 0 && no_front)
            || (blank_before(old, at) && !matches!(old.get(at), Some(b' ' | b'\t' | b'\n')))
    };
    let start_of = |change: &Change| -> Option<usize> {
        let from = line_start(old, change.old.start);
        let mut a = tops
            .partition_point(|t| t.range.start <= from)
            .checked_sub(1)?;
        loop {
            let at = tops.get(a)?.range.start;
            if opens(at) {
                return Some(a);
            }
            if from - at > MAX_WINDOW {
                return refuse("W2: no block start after a blank line");
            }
            a = a.checked_sub(1)?;
        }
    };
    let Some(mut a) = start_of(changes.get(k)?) else {
        return refuse("W2: no block start after a blank line before the change");
    };
    // Widened: back over `widen` more such starts, down to `floor` at most.
    let from = tops.get(a)?.range.start;
    let mut left = widen;
    let mut p = a;
    while left > 0 && p > floor {
        p -= 1;
        let at = tops.get(p)?.range.start;
        if from - at > MAX_WINDOW {
            break;
        }
        if opens(at) {
            a = p;
            left -= 1;
        }
    }
    let start = tops.get(a)?.range.start;
    // W3: it ends where a top-level block starts after a blank line, unindented, before which every
    // change that falls into the same blocks lies.
    let mut m = k;
    let (end, b) = loop {
        let lines = lines_of(old, &changes.get(m)?.old);
        let mut b = tops.partition_point(|t| t.range.start < lines.end);
        // Widened: over `widen` more such starts.
        let mut left = widen;
        let end = loop {
            match tops.get(b) {
                None => break old.len(),
                Some(t) if blank_before(old, t.range.start) && lines.end < t.range.start => {
                    if !matches!(old.get(t.range.start), Some(b' ' | b'\t')) {
                        if left == 0 {
                            break t.range.start;
                        }
                        left -= 1;
                    }
                }
                Some(_) => {}
            }
            if tops.get(b)?.range.start - start > MAX_WINDOW {
                return refuse("W2: no block start after a blank line after the change");
            }
            b += 1;
        };
        // A change in the blocks up to and including the one at the window's end joins this window:
        // block windows stay apart by at least one whole block no change touched (W4, W8 read it).
        // Lines changed inside fenced code change neither its kind nor its first line.
        match changes.get(m + 1) {
            Some(next)
                if code_window(previous, text, next).is_none()
                    && start_of(next).is_none_or(|next_a| next_a <= b) =>
            {
                m += 1
            }
            _ => break (end, b),
        }
    };
    // The new window: the old one with its changes applied.
    let first = changes.get(k)?;
    let last = changes.get(m)?;
    // A window that reaches back over an earlier change (which the overlap check refuses) can have
    // no place in the new text: the text before it shrank by more than its start.
    let new_start = (start + first.new.start).checked_sub(first.old.start)?;
    let new_end = (end + last.new.end).checked_sub(last.old.end)?;
    let window = Window {
        old: start..end,
        new: new_start..new_end,
        read: None,
    };
    let (old_text, new_text) = (
        previous.text.get(window.old.clone())?,
        text.get(window.new.clone())?,
    );
    if window.old.len() > MAX_WINDOW || window.new.len() > MAX_WINDOW {
        return refuse("W2: window too large");
    }
    if (start > 0 && !blank_before(new, new_start))
        || (end < old.len() && !blank_before(new, new_end))
    {
        return refuse("W2: the blank lines around the window are not blank in the new text");
    }
    // W10: whole fenced code blocks, when a line of either window may be a fence.
    let fenced = has_fence(old_text) || has_fence(new_text);
    // W12: doc-builder directives and `-->` lines, when the pre-scan enters the window with no
    // fenced code and no comment open (and the window holds no fence: W10 admits none of them).
    let clear = !fenced
        && !open_at(&previous.shape.code, start)
        && !open_at(&previous.shape.comments, start);
    // W12: an admonition body is read with the labels of the document it is copied out of, and a
    // window read alone knows none of them.
    let has_marker = |w: &str| {
        // A marker starts its line with `!!!`, `???` or `===`.
        lines_starting_with(w, b"!?=").any(|l| admonitions::mkdocs_marker(l).is_some())
    };
    if clear
        && (!previous.shape.defined.is_empty() || !previous.shape.footnotes.is_empty())
        && (has_marker(old_text) || has_marker(new_text))
    {
        return refuse("W12: an admonition body in a document that defines labels");
    }
    if let Some(why) =
        reads_alone(old_text, fenced, clear).or_else(|| reads_alone(new_text, fenced, clear))
    {
        return refuse(why);
    }
    if fenced && !fences_read_alone(previous, &window, old_text, new_text) {
        return refuse("W10: fenced code the window may not hold");
    }
    if !dashes_read_alone(previous, text, &window, old_text, new_text) {
        return refuse("W3: `---`, `+++` or `...` that front matter or options may take");
    }
    // W8: a table opening the window may be captioned by the paragraph before it: its header and
    // delimiter rows, which decide whether it is a table, stay as they were.
    let two_lines = |s: &str| {
        let first = line_end(s.as_bytes(), 0);
        s.get(..line_end(s.as_bytes(), first))
            .unwrap_or("")
            .to_owned()
    };
    let table_first = |s: &str| s.split('\n').next().unwrap_or("").contains('|');
    if (table_first(old_text) || table_first(new_text))
        && two_lines(old_text) != two_lines(new_text)
    {
        return refuse("W8: a table's first two lines changed");
    }
    // W4: the block before the window (unchanged: windows are apart by a whole block) is closed by
    // the window's first line, whatever it now is.
    // Whatever precedes the first top-level block (an admonition body…) is closed by an unindented
    // line too.
    let before = a
        .checked_sub(1)
        .and_then(|p| tops.get(p))
        .map_or(TopKind::Leaf, |t| t.kind);
    if !closes_before(before, new_text) {
        return refuse("W4: the window's first line continues the block before it");
    }
    // W5, W6: read alone, with the document's definitions.
    // W7: read with the reference section open where it starts, as the document reads it.
    let sections = &previous.shape.sections;
    let open = section_open_at(sections, start).map(|s| s.level);
    let Some((mut prose, shape)) = markdown::window_with_shape(new_text, &previous.shape, open)
    else {
        return refuse("W5: footnote definitions appended to a window reach into it");
    };
    if shape.unsure {
        return refuse("W6: a label the document may define only as Unicode case folding tells");
    }
    if !definitions_read_alone(previous, old_text, new_text, &shape) {
        return refuse("W5: `]:` that may define what the document does not");
    }
    // W10: pulldown-cmark closes every top-level fenced code block of the window where the
    // pre-scan does.
    if fenced
        && !shape
            .tops
            .iter()
            .filter(|t| t.kind == TopKind::FencedCode)
            .all(|t| {
                shape
                    .code
                    .iter()
                    .any(|c| c.start == t.range.start && t.range.end <= c.end + 1)
            })
    {
        return refuse("W10: fenced code pulldown-cmark does not close where the pre-scan does");
    }
    if shape.tops.first().is_none_or(|t| t.range.start != 0)
        || !prose.abbreviations.is_empty()
        || !prose.abbr_elements.is_empty()
        || prose.regions.iter().any(|r| spans(r.kind))
    {
        return refuse("W6: read alone, no block first, or abbreviations or switches");
    }
    // W7: the window leaves a reference section of the same level open as it did (or none), or
    // one the heading after it closes in both texts.
    if end < old.len() {
        let new_level = shape.trailing.map(|(level, _)| level);
        let same = match section_open_at(sections, end) {
            None => new_level.is_none(),
            Some(s) => {
                new_level == Some(s.level)
                    || (s.range.end == end && new_level.is_none_or(|level| level >= s.level))
            }
        };
        if !same {
            return refuse("W7: a reference section open after the window changes");
        }
    }
    // W8: what follows the window is not continued or captioned by it.
    if let Some(after) = tops.get(b) {
        let line = previous
            .text
            .get(after.range.start..line_end(old, after.range.start))?;
        let last = shape.tops.last().map_or(TopKind::Leaf, |t| t.kind);
        // A paragraph that ends the window and could caption a table there ends with a colon
        // (`is_table_caption`), and nothing but blank lines follows it.
        let captions = |w: &str| w.trim_end().ends_with(':');
        if line.contains('|') && (captions(old_text) || captions(new_text)) {
            return refuse("W8: the window may caption a table after it");
        }
        if !closes_before(last, line) {
            return refuse("W8: the block after the window continues the window's");
        }
    }
    finish(new_text, &mut prose);
    Some((
        Window {
            read: Some((prose, shape)),
            ..window
        },
        m + 1,
    ))
}

/// Conditions W3, W5, W11 and W12 on the text of a window, old or new: nothing in it that reads
/// differently in the document, and nothing that reaches past it. `clear`: the pre-scan enters the
/// window with no fenced code and no multi-line comment open, and no line of either window may be a
/// fence (W12). Returns the condition that fails.
fn reads_alone(window: &str, fenced: bool, clear: bool) -> Option<&'static str> {
    const NEVER: &[(&str, &str)] = &[
        ("<!--", "W5: an HTML comment"),
        ("\r", "W5: a carriage return"),
        ("endhighlight", "W5: a Jekyll end"),
        ("endcomment", "W5: a Jekyll end"),
        ("\u{feff}", "W5: a byte-order mark"),
    ];
    // W12: the member lines after a directive, which the pre-scan blanks without looking at them,
    // and the body after an admonition or content-tab marker, which it blanks and reads as a
    // document of its own.
    let (mut members, mut body) = (false, false);
    // `-->` is searched for once in the window, and in a line only when the window holds one.
    let arrows = memchr::memmem::find(window.as_bytes(), b"-->").is_some();
    for line in window.split('\n') {
        if members && !is_blank(line) && line.starts_with([' ', '\t']) {
            continue;
        }
        members = false;
        if may_open_raw_html(line) {
            return Some("W11: a line that may open an HTML block ending only at its end marker");
        }
        if body && (is_blank(line) || indentation(line).0 >= 4) {
            continue;
        }
        body = false;
        if clear && doc_builder::is_directive(line) {
            members = true;
            continue;
        }
        if clear && admonitions::mkdocs_marker(line).is_some() {
            body = true;
            continue;
        }
        // Fence lines are W10's; `-->` ends nothing where no comment is open (W12).
        // `structure::inert`, with the search for `-->` hoisted out of the loop.
        let inert_outside_comment = structure::inert_outside_comment(line);
        let inert = inert_outside_comment && !(arrows && line.contains("-->"));
        if !(inert || (fenced && is_fence_line(line)) || (clear && inert_outside_comment)) {
            return Some(match line.trim_start().bytes().next() {
                _ if line.contains("-->") => "W3: `-->`",
                Some(b'`' | b'~') => "W3: a line starting with a fence character",
                Some(b'<') => "W3: a line starting with `<`",
                Some(b':') => "W3: a line starting with `:`",
                Some(b'*') => "W3: an abbreviation line",
                Some(b'!' | b'?' | b'=') => "W3: an admonition or content tab",
                Some(b'[') => "W3: a line starting with `[` (a directive)",
                _ => "W3: a line the pre-scan acts on",
            });
        }
    }
    // Searchers built once: a window is short, and setting up a search per window and needle
    // cost more than the search.
    static FINDERS: std::sync::OnceLock<Vec<(memchr::memmem::Finder<'static>, &'static str)>> =
        std::sync::OnceLock::new();
    FINDERS
        .get_or_init(|| {
            NEVER
                .iter()
                .map(|&(never, why)| (memchr::memmem::Finder::new(never), why))
                .collect()
        })
        .iter()
        .find(|(never, _)| never.find(window.as_bytes()).is_some())
        .map(|&(_, why)| why)
}

/// Condition W11: whether `line` may open an HTML block that ends only at its end marker, which may
/// lie past blank lines (CommonMark's types 1 to 5: `<pre`, `<script`, `<style`, `<textarea`, `<!`,
/// `<?`; pulldown-cmark's `get_html_end_tag`): such a `<` first on the line after any indentation
/// (and any `:`), whatever follows the name, in either case. After a list or quote marker it opens
/// the block inside that container, which ends it, inside the window (W8).
fn may_open_raw_html(line: &str) -> bool {
    let Some(tag) = line.trim_start_matches([' ', '\t', ':']).strip_prefix('<') else {
        return false;
    };
    tag.starts_with(['!', '?'])
        || ["pre", "script", "style", "textarea"].iter().any(|name| {
            tag.get(..name.len())
                .is_some_and(|t| t.eq_ignore_ascii_case(name))
        })
}

/// Whether the pre-scan, at line start `at` of the old text, is inside one of `ranges` (its fenced
/// code or its multi-line comments: sorted, apart, whole lines).
fn open_at(ranges: &[Range<usize>], at: usize) -> bool {
    ranges
        .get(ranges.partition_point(|r| r.start < at).wrapping_sub(1))
        .is_some_and(|r| r.end >= at)
}

/// Whether `line` starts with a run of three or more `` ` `` or `~` (after any indentation): a
/// fence, opening or closing, to either parser, or text.
fn is_fence_line(line: &str) -> bool {
    line.trim_start_matches([' ', '\t']).starts_with(['`', '~']) && structure::fence_run(line) >= 3
}

/// Whether a line of a window's text may be a fence (W10's); a run of backticks or tildes
/// elsewhere is inside a paragraph or a container (W5).
fn has_fence(window: &str) -> bool {
    has_fence_run(window.as_bytes()) && window.split('\n').any(is_fence_line)
}

/// Whether `s` holds three backticks or three tildes in a row (`` ``` `` or `~~~`): one pass over
/// the window's backticks and tildes, where a substring search for each went over every window twice.
fn has_fence_run(s: &[u8]) -> bool {
    memchr::memchr2_iter(b'`', b'~', s).any(|i| {
        let c = s.get(i);
        s.get(i + 1) == c && s.get(i + 2) == c
    })
}

/// Condition W10 on a window holding fence lines: the line pre-scan, alone, finds only whole
/// fenced code blocks (and inert lines); it found the same ones in the old document, none across
/// the window's edges, at least one; and a bare opening fence of the new window is no longer than
/// one of the old window's.
fn fences_read_alone(previous: &Reading, window: &Window, old_text: &str, new_text: &str) -> bool {
    let (old_scan, new_scan) = (
        structure::scan(old_text, 0, true),
        structure::scan(new_text, 0, true),
    );
    // Only code, every block closed inside the window, every other line inert.
    let whole = |text: &str, layout: &structure::Layout| {
        let closed = |r: &Range<usize>| {
            let first = text
                .get(r.start..line_end(text.as_bytes(), r.start))
                .unwrap_or("");
            let last_at = line_start(text.as_bytes(), r.end.saturating_sub(1).max(r.start));
            let last = text.get(last_at..r.end).unwrap_or("");
            last_at > r.start
                && fences::open_code(first.trim_end_matches('\n'))
                    .is_some_and(|o| fences::closes(o.fence, last.trim_end_matches('\n')))
        };
        let mut at = 0;
        let mut code = layout.code.iter().peekable();
        let lines_ok = text.split('\n').all(|line| {
            let here = at;
            at += line.len() + 1;
            while code.next_if(|r| r.end <= here).is_some() {}
            match code.peek() {
                Some(r) if r.start == here => fences::open_code(line).is_some(),
                Some(r) if r.start < here => true,
                _ => structure::inert(line),
            }
        });
        layout.blank.is_empty()
            && layout.nested.is_empty()
            && layout.titles.is_empty()
            && layout.abbreviations.is_empty()
            && layout.code.iter().all(closed)
            && lines_ok
    };
    if !whole(old_text, &old_scan) || !whole(new_text, &new_scan) {
        return false;
    }
    // The old document's pre-scan found the same code in the old window, and none across its
    // edges: at the first block's opening fence (the lines before it are inert), the scan had no
    // code and no comment open, in the old document and so in the new one.
    let code = &previous.shape.code;
    let from = code.partition_point(|r| r.end <= window.old.start);
    let to = code.partition_point(|r| r.start < window.old.end);
    let in_document = code.get(from..to).unwrap_or_default();
    let start = window.old.start;
    if old_scan.code.is_empty()
        || in_document.len() != old_scan.code.len()
        || !in_document
            .iter()
            .zip(&old_scan.code)
            .all(|(d, w)| d.start == w.start + start && d.end == w.end + start)
    {
        return false;
    }
    // What else may be open there is a directive, which only a bare fence (nothing after the run)
    // at least as long as its own closes: the old window's bare opening fences did not.
    let bare = |text: &str, layout: &structure::Layout| -> Vec<(u8, usize)> {
        layout
            .code
            .iter()
            .filter_map(|r| {
                let line = text.get(r.start..line_end(text.as_bytes(), r.start))?;
                let open = fences::open_code(line.trim_end_matches('\n'))?;
                line.get(open.info..)?
                    .trim()
                    .is_empty()
                    .then_some((open.fence.ch, open.fence.len))
            })
            .collect()
    };
    let old_bare = bare(old_text, &old_scan);
    bare(new_text, &new_scan).iter().all(|&(ch, len)| {
        old_bare
            .iter()
            .any(|&(old_ch, old_len)| old_ch == ch && old_len >= len)
    })
}

/// Condition W3 on `---`, `+++` and `...` lines in a window, old or new: front matter may end at
/// one, and a directive's YAML options at a `---` one.
fn dashes_read_alone(
    previous: &Reading,
    text: &str,
    window: &Window,
    old_text: &str,
    new_text: &str,
) -> bool {
    if !has_dashes_line(old_text) && !has_dashes_line(new_text) {
        return true;
    }
    // Front matter opens on a text's first line and closes at the first such line after it: it is
    // the same, and ends before the window, in both texts. (The window is read with no front
    // matter of its own, as the document reads it: `markdown::window_with_shape`.)
    let front = front_matter::end(&previous.text);
    if front != front_matter::end(text) || front.is_some_and(|end| end > window.old.start) {
        return false;
    }
    // A directive's YAML options open with a `---` line right after its opening fence (`` ` ``,
    // `~` or `:`), and close at the first `---` line of the 100 after it: no such opening within
    // reach before the window (the same text in both).
    let before: Vec<&str> = previous
        .text
        .get(..window.old.start)
        .unwrap_or_default()
        .rsplit('\n')
        .take(OPTIONS_LINES + 3)
        .collect();
    !before.windows(2).any(|pair| match pair {
        [line, opening] => {
            line.trim_end() == "---"
                && opening
                    .trim_start_matches([' ', '\t'])
                    .starts_with(['`', '~', ':'])
        }
        _ => false,
    })
}

/// Whether a line of `text` reads `---`, `+++` or `...` (trailing whitespace aside).
fn has_dashes_line(text: &str) -> bool {
    lines_starting_with(text, b"-+.").any(|line| matches!(line.trim_end(), "---" | "+++" | "..."))
}

/// The lines of `text` (without their line feed) whose first byte is one of `first`. Asked of
/// every window, old and new: a vectorised search for the line feeds and one byte looked at per
/// line, where `str::split` and a test of every line cost ~3,000 instructions a window.
fn lines_starting_with<'t>(text: &'t str, first: &'t [u8]) -> impl Iterator<Item = &'t str> {
    let bytes = text.as_bytes();
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1))
        .filter(move |&start| bytes.get(start).is_some_and(|b| first.contains(b)))
        .filter_map(move |start| {
            let line = text.get(start..line_end(bytes, start))?;
            Some(line.strip_suffix('\n').unwrap_or(line))
        })
}

/// Condition W5 on `]:` in a window, old or new: the footnote definitions the old and the new
/// window make have the same labels, in the same order; the link reference definitions they make
/// are the same (label, destination and title), so the document's are; and each is the document's
/// for its label (the first definition of a label is the one that counts, and one before the
/// window may be it), so the window's references to it read as in the document. `shape` is the new
/// window's, read alone.
fn definitions_read_alone(
    previous: &Reading,
    old_text: &str,
    new_text: &str,
    shape: &Shape,
) -> bool {
    if !old_text.contains("]:") && !new_text.contains("]:") {
        return true;
    }
    let Some((_, old_shape)) = markdown::window_with_shape(old_text, &previous.shape, None) else {
        return false;
    };
    old_shape.footnotes == shape.footnotes
        && old_shape.defined == shape.defined
        && shape.defined.iter().all(|d| {
            markdown::document_definition(&previous.shape, &d.label)
                .is_some_and(|def| def.dest == d.dest && def.title == d.title)
        })
}

/// Whether `line`, after a blank line, closes a top-level block of `kind` before it: any
/// unindented line closes a leaf block; a container (a list, a quote) is continued by a line that
/// may start an item or a quote of its own.
fn closes_before(kind: TopKind, line: &str) -> bool {
    let Some(first) = line.bytes().next() else {
        return false;
    };
    let unindented = !matches!(first, b' ' | b'\t' | b'\n');
    match kind {
        TopKind::Container => {
            unindented && !matches!(first, b'-' | b'+' | b'*' | b'>' | b'0'..=b'9')
        }
        TopKind::Paragraph | TopKind::FencedCode | TopKind::Quote | TopKind::Leaf => unindented,
    }
}

/// Condition W9: a window that changes the number of lines has no `---` line within reach of the
/// line pre-scan's search for the end of a directive's YAML options after it, in either text (the
/// search counts lines).
fn options_unmoved(previous: &Reading, text: &str, window: &Window) -> bool {
    let (old, new) = (previous.text.as_bytes(), text.as_bytes());
    let count = |s: &[u8], r: &Range<usize>| {
        memchr::memchr_iter(b'\n', s.get(r.clone()).unwrap_or_default()).count()
    };
    if count(old, &window.old) == count(new, &window.new) {
        return true;
    }
    let dashes = |s: &str, from: usize| {
        s.get(from..)
            .unwrap_or("")
            .split('\n')
            .take(OPTIONS_LINES + 1)
            .any(|line| line.trim_end() == "---")
    };
    !dashes(&previous.text, window.old.end) && !dashes(text, window.new.end)
}

/// The reference sections of the spliced text (W7): the old text's outside the windows, moved,
/// and each window's own, placed; a section open across a window's start runs from where it
/// opened before it, and one open across its end to where the one open there in the old text
/// ends (of the same level: W7), moved. A code window holds no heading: what is open across it
/// stays open.
fn splice_sections(
    old: &[Section],
    windows: &[Window],
    moved: &dyn Fn(usize) -> usize,
    old_len: usize,
    new_len: usize,
) -> Vec<Section> {
    let mut out = Vec::with_capacity(old.len() + 1);
    // The section open where the reading has reached: where it starts in the new text, its level.
    let mut open: Option<(usize, usize)> = None;
    let mut k = 0;
    for (i, w) in windows.iter().enumerate() {
        let (from, to) = (w.old.start, w.old.end);
        while let Some(s) = old.get(k).filter(|s| s.range.start < to) {
            k += 1;
            if s.range.start >= from {
                // The window's own reading replaces it.
            } else if s.range.end < from {
                out.push(Section {
                    range: moved(s.range.start)..moved(s.range.end),
                    level: s.level,
                });
            } else {
                open = Some((moved(s.range.start), s.level));
            }
        }
        // A code window holds no heading: what is open across it stays open.
        if let Some((_, shape)) = &w.read {
            let at = w.new.start;
            let before = open.take();
            // A section of the window that starts at 0 is the one open at its start (a section's
            // own start is the end of its heading).
            let place = |start: usize| match before {
                Some((open_start, _)) if start == 0 => open_start,
                _ => start + at,
            };
            out.extend(shape.sections.iter().map(|s| Section {
                range: place(s.range.start)..s.range.end + at,
                level: s.level,
            }));
            open = shape.trailing.map(|(level, start)| (place(start), level));
        }
        if let Some((start, level)) = open {
            // It ends where the one open after the window in the old text ends (W7), or runs on
            // into the next window.
            let next = windows.get(i + 1).map_or(usize::MAX, |w| w.old.start);
            let end = if to >= old_len {
                Some(new_len)
            } else {
                match section_open_at(old, to) {
                    Some(s) if s.range.end >= next => None,
                    Some(s) => Some(moved(s.range.end)),
                    None => Some(w.new.end),
                }
            };
            if let Some(end) = end {
                out.push(Section {
                    range: start..end,
                    level,
                });
                open = None;
            }
        }
    }
    out.extend(old.get(k..).unwrap_or_default().iter().map(|s| Section {
        range: moved(s.range.start)..moved(s.range.end),
        level: s.level,
    }));
    out
}

/// The length of the longest common prefix of `a` and `b`.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    // Compared 4 KB at a time (one vectorised `memcmp` each: the texts are mostly equal, and a 1 MB
    // document is compared on every keystroke; 64 bytes at a time cost ~0.7 M instructions, most
    // of them the calls), then the block that differs 64 bytes at a time, then byte by byte.
    let mut n = 0;
    for size in [4096, 64, 1] {
        let (Some(x), Some(y)) = (a.get(n..), b.get(n..)) else {
            break;
        };
        n += x
            .chunks(size)
            .zip(y.chunks(size))
            .take_while(|(x, y)| x == y)
            .map(|(x, _)| x.len())
            .sum::<usize>();
    }
    n
}

/// Puts every window's reading in place of the old one in `reading`, moves everything between
/// them, and makes `text` the reading's text.
fn splice(reading: &mut Reading, text: &str, windows: Vec<Window>, cancel: &Cancel) {
    // `shift[w]`: how far an offset after the first `w` windows moves.
    let mut shift = Vec::with_capacity(windows.len() + 1);
    shift.push(0isize);
    for w in &windows {
        let last = *shift.last().unwrap_or(&0);
        shift.push(last + w.new.len() as isize - w.old.len() as isize);
    }
    let olds: Vec<Range<usize>> = windows.iter().map(|w| w.old.clone()).collect();
    let windows_new: Vec<Range<usize>> = windows.iter().map(|w| w.new.clone()).collect();
    // A bound, not the count (the old windows' part is not taken off): see W6.
    reading.shape.expansion += windows
        .iter()
        .filter_map(|w| w.read.as_ref())
        .map(|(_, s)| s.expansion)
        .sum::<usize>();
    // Offsets outside every window (and the ends of what runs across one) move by the windows
    // before them. The offsets come nearly in document order: the stretch between two windows' ends
    // that the last offset fell in, and its shift, are kept, and only an offset outside it looks
    // among the windows again (a search over every window for each of the document's offsets cost
    // more than the windows' reading after a burst of edits).
    let between = std::cell::Cell::new((0, 0, 0isize));
    let moved = |p: usize| {
        let (from, to, by) = between.get();
        let by = if from <= p && p < to {
            by
        } else {
            let before = olds.partition_point(|w| w.end <= p);
            let from = before
                .checked_sub(1)
                .and_then(|k| olds.get(k))
                .map_or(0, |w| w.end);
            let to = olds.get(before).map_or(usize::MAX, |w| w.end);
            let by = shift.get(before).copied().unwrap_or(0);
            between.set((from, to, by));
            by
        };
        (p as isize + by) as usize
    };
    let move_range = |r: &mut Range<usize>| *r = moved(r.start)..moved(r.end);
    // Reference sections are placed apart (W7): their regions are made again from them.
    let old_sections = std::mem::take(&mut reading.shape.sections);
    let sections = splice_sections(
        &old_sections,
        &windows,
        &moved,
        reading.text.len(),
        text.len(),
    );
    let prose = &mut reading.prose;
    // The blocks before the first window stay as they were; those after the last move by the
    // whole shift (`Moved`).
    let first_window = windows.first().map_or(usize::MAX, |w| w.old.start);
    let before = prose
        .blocks
        .iter()
        .take_while(|b| b.segments.iter().all(|s| s.range.end <= first_window))
        .count();
    let start_of = |b: &super::Block| b.segments.first().map_or(0, |s| s.range.start);
    // Each list in document order: what lies before a window is kept and moved, what starts in it
    // is replaced by the window's own reading, placed (condition 9: nothing crosses a window's
    // edge but what runs across the whole window, whose end moves).
    let mut blocks = Vec::with_capacity(prose.blocks.len());
    let mut regions = Vec::with_capacity(prose.regions.len());
    let mut tops = Vec::with_capacity(reading.shape.tops.len());
    let mut headings = Vec::with_capacity(reading.shape.headings.len());
    let mut code = Vec::with_capacity(reading.shape.code.len());
    let mut comments = Vec::with_capacity(reading.shape.comments.len());
    let after;
    {
        let mut old_comments = std::mem::take(&mut reading.shape.comments)
            .into_iter()
            .peekable();
        let mut old_code = std::mem::take(&mut reading.shape.code)
            .into_iter()
            .peekable();
        let mut old_blocks = std::mem::take(&mut prose.blocks).into_iter().peekable();
        let mut old_regions = std::mem::take(&mut prose.regions)
            .into_iter()
            .filter(|r| !is_section(&old_sections, r))
            .peekable();
        let mut old_tops = std::mem::take(&mut reading.shape.tops)
            .into_iter()
            .peekable();
        let mut old_headings = std::mem::take(&mut reading.shape.headings)
            .into_iter()
            .peekable();
        // Each window's blocks and the rest: it cannot stop halfway, but it gives way.
        for window in windows {
            cancel.give_way();
            let (from, to) = (window.old.start, window.old.end);
            while let Some(mut b) = old_blocks.next_if(|b| start_of(b) < to) {
                if start_of(&b) < from {
                    b.segments.iter_mut().for_each(|s| move_range(&mut s.range));
                    blocks.push(b);
                }
            }
            while let Some(mut r) = old_regions.next_if(|r| r.range.start < to) {
                if r.range.start < from {
                    move_range(&mut r.range);
                    regions.push(r);
                }
            }
            while let Some(mut t) = old_tops.next_if(|t| t.range.start < to) {
                if t.range.start < from {
                    move_range(&mut t.range);
                    tops.push(t);
                }
            }
            while let Some(h) = old_headings.next_if(|&h| h < to) {
                if h < from {
                    headings.push(moved(h));
                }
            }
            // Fenced code as the pre-scan saw it: what runs across a window (the code that holds
            // a code window) moves its end; what starts in a block window is the window's (W10).
            while let Some(mut c) = old_code.next_if(|c| c.start < to) {
                if c.start < from {
                    move_range(&mut c);
                    code.push(c);
                }
            }
            // Multi-line comments likewise: one may run across a window (W5: none opens in one).
            while let Some(mut c) = old_comments.next_if(|c| c.start < to) {
                if c.start < from {
                    move_range(&mut c);
                    comments.push(c);
                }
            }
            // The window's own reading (none for lines inside fenced code, where nothing starts).
            if let Some((p, s)) = window.read {
                let at = window.new.start;
                let place = |r: &mut Range<usize>| *r = r.start + at..r.end + at;
                blocks.extend(p.blocks.into_iter().map(|mut b| {
                    b.segments.iter_mut().for_each(|s| place(&mut s.range));
                    b
                }));
                regions.extend(p.regions.into_iter().map(|mut r: Region| {
                    place(&mut r.range);
                    r
                }));
                tops.extend(s.tops.into_iter().map(|mut t: Top| {
                    place(&mut t.range);
                    t
                }));
                headings.extend(s.headings.into_iter().map(|h| h + at));
                code.extend(s.code.into_iter().map(|mut c| {
                    place(&mut c);
                    c
                }));
                comments.extend(s.comments.into_iter().map(|mut c| {
                    place(&mut c);
                    c
                }));
            }
        }
        let kept = blocks.len();
        blocks.extend(old_blocks.enumerate().map(|(index, mut b)| {
            if index % BLOCKS_PER_GIVE_WAY == 0 {
                cancel.give_way();
            }
            b.segments.iter_mut().for_each(|s| move_range(&mut s.range));
            b
        }));
        after = blocks.len() - kept;
        regions.extend(old_regions.map(|mut r| {
            move_range(&mut r.range);
            r
        }));
        tops.extend(old_tops.map(|mut t| {
            move_range(&mut t.range);
            t
        }));
        headings.extend(old_headings.map(moved));
        code.extend(old_code.map(|mut c| {
            move_range(&mut c);
            c
        }));
        comments.extend(old_comments.map(|mut c| {
            move_range(&mut c);
            c
        }));
    }
    prose.blocks = blocks;
    // Regions starting before a window that run across it sort before the window's own; the
    // window's own are sorted; the order by (start, end) holds. The reference sections' regions
    // then sort in after every other region with the same range, as a full reading pushes them
    // (when the heading after them starts, or at the end) and sorts them (`finish`).
    let sorted = regions.len();
    regions.extend(
        sections
            .iter()
            .filter(|s| s.range.start < s.range.end && s.range.end <= text.len())
            .map(|s| Region {
                range: s.range.clone(),
                kind: RegionKind::Citations,
            }),
    );
    if regions.len() > sorted {
        regions.sort_by_key(|r| (r.range.start, r.range.end));
    }
    prose.regions = regions;
    reading.shape.sections = sections;
    reading.shape.tops = tops;
    reading.shape.headings = headings;
    reading.shape.code = code;
    reading.shape.comments = comments;
    // Abbreviation lines and `<abbr>` elements: none in any window (condition 9).
    for a in &mut prose.abbreviations {
        move_range(&mut a.acronym);
        move_range(&mut a.expansion);
    }
    for a in &mut prose.abbr_elements {
        move_range(&mut a.title);
        move_range(&mut a.text);
    }
    take_text(&mut reading.text, text, &olds, &windows_new);
    reading.edits.clear();
    reading
        .edits
        .extend(olds.iter().zip(&windows_new).map(|(old, new)| Edit {
            old: old.clone(),
            new: new.clone(),
        }));
    reading.spliced = true;
    reading.moved = Some(Moved {
        from: reading.id,
        before,
        after,
        shift: shift.last().copied().unwrap_or(0),
        // Outside the windows the texts agree.
        edited: Edited {
            start: olds.first().map_or(0, |w| w.start),
            old_end: olds.last().map_or(0, |w| w.end),
            new_end: windows_new.last().map_or(0, |w| w.end),
        },
    });
    reading.id = next_id();
}

/// How many windows [`take_text`] writes into the kept text one by one at most: each moves the
/// text after it, so past a few a copy of the whole text costs less.
const IN_PLACE_WINDOWS: usize = 4;

/// Makes `kept`, the last text, `text`, which differs from it only in the windows (`olds` in the
/// last text, `news` in `text`): each window's bytes are written over the old ones and the text
/// after it moves, rather than the whole text being copied on every keystroke (callgrind counts
/// ~1 M instructions for the copy of a 1 MB text, ~0.3 M for moving what follows one window; on
/// the clock both are tens of microseconds). Copied whole when there are many windows, an edge is
/// not a character boundary, or the text no longer fits the buffer as `copy_into` sizes it.
fn take_text(kept: &mut String, text: &str, olds: &[Range<usize>], news: &[Range<usize>]) {
    let in_place = olds.len() <= IN_PLACE_WINDOWS
        && kept.capacity() >= text.len()
        && kept.capacity() / 2 <= text.len()
        && olds.iter().zip(news).all(|(old, new)| {
            [old.start, old.end]
                .iter()
                .all(|&at| kept.is_char_boundary(at))
                && [new.start, new.end]
                    .iter()
                    .all(|&at| text.is_char_boundary(at))
        });
    if !in_place {
        crate::text::copy_into(kept, text);
        return;
    }
    // From the last window back, so that each old window is still where `olds` says.
    for (old, new) in olds.iter().zip(news).rev() {
        kept.replace_range(old.clone(), text.slice(new.clone()));
    }
    debug_assert_eq!(kept, text, "outside the windows the texts agree");
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// The condition that last refused to read only the edited blocks.
        pub(super) static REFUSED: std::cell::Cell<&'static str> = const { std::cell::Cell::new("") };
    }

    #[test]
    fn common_prefix_is_the_first_difference_wherever_it_falls() {
        let a: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        for at in [0, 1, 63, 64, 65, 4095, 4096, 4097, 5000, 9999] {
            let mut b = a.clone();
            b[at] ^= 1;
            assert_eq!(common_prefix(&a, &b), at);
            assert_eq!(common_prefix(&a[..at], &a), at);
            assert_eq!(common_prefix(&a, &a[..at]), at);
        }
        assert_eq!(common_prefix(&a, &a), a.len());
    }

    /// Why the edit from `old` to `new` reads the whole document (`None` when it does not).
    fn refusal(old: &str, new: &str) -> Option<&'static str> {
        let previous = read(old, DocKind::Markdown, None);
        REFUSED.with(|r| r.set("a failed look-up"));
        windows(&previous, new, &Cancel::never())
            .ok()
            .flatten()
            .is_none()
            .then(|| REFUSED.with(|r| r.get()))
    }

    /// Why the edit from `old` to `new` reads the whole document when no window may take in a
    /// neighbouring block (`None` when it does not).
    fn refusal_unwidened(old: &str, new: &str) -> Option<&'static str> {
        let previous = read(old, DocKind::Markdown, None);
        let changes = changes(old.as_bytes(), new.as_bytes()).unwrap();
        REFUSED.with(|r| r.set(""));
        let mut k = 0;
        while k < changes.len() {
            k = match block_window(&previous, new, &changes, k, 0, 0) {
                Some((_, next)) => next,
                None => return Some(REFUSED.with(|r| r.get())),
            };
        }
        None
    }

    /// A small deterministic generator (xorshift), for the measurement below.
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// Which conditions refuse the benchmark's edits (`keystroke_latency.py`: one character, a
    /// letter or a space, at a random column of a random line longer than 20 characters), one at a
    /// time and in bursts of 200, over the documents of `GLOSSARY_LS_CORPUS` and of
    /// `GLOSSARY_LS_CORPUS_DEV`'s `markdown` folder. A measurement, not a check: run it with
    /// `cargo test --lib refusals -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn refusals_of_random_edits() {
        let mut paths = Vec::new();
        for (var, sub) in [
            ("GLOSSARY_LS_CORPUS", ""),
            ("GLOSSARY_LS_CORPUS_DEV", "markdown"),
        ] {
            let Ok(dir) = std::env::var(var) else {
                continue;
            };
            let mut found: Vec<_> = std::fs::read_dir(std::path::Path::new(&dir).join(sub))
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "md"))
                .collect();
            found.sort();
            paths.extend(found);
        }
        let singles: usize = std::env::var("REFUSALS_EDITS").map_or(400, |v| v.parse().unwrap());
        let bursts: usize = std::env::var("REFUSALS_BURSTS").map_or(20, |v| v.parse().unwrap());
        let mut total = std::collections::BTreeMap::<String, (usize, usize)>::new();
        let (mut all, mut all_fast, mut all_bursts, mut all_bursts_fast) = (0, 0, 0, 0);
        for path in &paths {
            let doc = std::fs::read_to_string(path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let previous = read(&doc, DocKind::Markdown, None);
            let lines: Vec<(usize, usize)> = {
                let mut at = 0;
                doc.split('\n')
                    .map(|l| {
                        let r = (at, l.len());
                        at += l.len() + 1;
                        r
                    })
                    .filter(|&(s, n)| doc[s..s + n].chars().count() > 20)
                    .collect()
            };
            if lines.is_empty() {
                continue;
            }
            let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ doc.len() as u64);
            let place = |rng: &mut Rng, text: &str, lines: &[(usize, usize)]| {
                let (s, n) = lines[rng.below(lines.len())];
                let cols: Vec<usize> = text[s..s + n]
                    .char_indices()
                    .map(|(i, _)| s + i)
                    .chain([s + n])
                    .collect();
                let c = b"abcdefghijklmnopqrstuvwxyz  "[rng.below(28)] as char;
                (cols[rng.below(cols.len())], c)
            };
            let mut fast = 0;
            let mut why = std::collections::BTreeMap::<&str, usize>::new();
            for _ in 0..singles {
                let (at, c) = place(&mut rng, &doc, &lines);
                let new = format!("{}{c}{}", &doc[..at], &doc[at..]);
                REFUSED.with(|r| r.set("a failed look-up"));
                if windows(&previous, &new, &Cancel::never())
                    .ok()
                    .flatten()
                    .is_some()
                {
                    fast += 1;
                } else {
                    let reason = REFUSED.with(|r| r.get());
                    if std::env::var("REFUSALS_SHOW").is_ok_and(|w| reason.contains(&w)) {
                        let line =
                            &new[line_start(new.as_bytes(), at)..line_end(new.as_bytes(), at)];
                        println!(
                            "  {name} {reason}: {:?}",
                            line.chars().take(120).collect::<String>()
                        );
                    }
                    *why.entry(reason).or_default() += 1;
                }
            }
            let mut burst_fast = 0;
            let mut burst_why = std::collections::BTreeMap::<&str, usize>::new();
            for _ in 0..bursts {
                // Insertions at places of the original, applied from the last: the lines stay put.
                let mut edits: Vec<(usize, char)> =
                    (0..200).map(|_| place(&mut rng, &doc, &lines)).collect();
                edits.sort_by_key(|e| std::cmp::Reverse(e.0));
                let mut new = doc.clone();
                for (at, c) in edits {
                    new.insert(at, c);
                }
                REFUSED.with(|r| r.set("a failed look-up"));
                if windows(&previous, &new, &Cancel::never())
                    .ok()
                    .flatten()
                    .is_some()
                {
                    burst_fast += 1;
                } else {
                    *burst_why.entry(REFUSED.with(|r| r.get())).or_default() += 1;
                }
            }
            println!(
                "{name}: {fast}/{singles} single edits fast, {burst_fast}/{bursts} bursts fast; refused: {why:?}; bursts refused: {burst_why:?}"
            );
            for (k, v) in why {
                total.entry(k.to_owned()).or_default().0 += v;
            }
            for (k, v) in burst_why {
                total.entry(k.to_owned()).or_default().1 += v;
            }
            all += singles;
            all_fast += fast;
            all_bursts += bursts;
            all_bursts_fast += burst_fast;
        }
        println!(
            "ALL: {all_fast}/{all} single edits fast, {all_bursts_fast}/{all_bursts} bursts fast"
        );
        for (k, (single, burst)) in total {
            println!("| {k} | {single} | {burst} |");
        }
    }

    /// Reads `old`, then `new` incrementally; asserts the result equals a full reading of `new`
    /// (the prose and the paragraph starts kept for the next edit) and says whether it was spliced.
    fn spliced(old: &str, new: &str) -> bool {
        let previous = read(old, DocKind::Markdown, None);
        let (old_blocks, old_id) = (previous.prose.blocks.clone(), previous.id());
        let reading = read(new, DocKind::Markdown, Some(previous));
        let full = read(new, DocKind::Markdown, None);
        assert_eq!(reading.prose, full.prose, "{old:?} -> {new:?}");
        assert_eq!(
            reading.moved().is_some(),
            reading.spliced(),
            "{old:?} -> {new:?}"
        );
        if let Some(moved) = reading.moved() {
            assert_kept(&old_blocks, old, &reading.prose.blocks, new, old_id, moved);
        }
        assert_eq!(reading.shape.tops, full.shape.tops, "{old:?} -> {new:?}");
        assert_eq!(
            reading.shape.headings, full.shape.headings,
            "{old:?} -> {new:?}"
        );
        assert_eq!(reading.shape.code, full.shape.code, "{old:?} -> {new:?}");
        assert_eq!(
            reading.shape.comments, full.shape.comments,
            "{old:?} -> {new:?}"
        );
        assert_eq!(
            reading.shape.defined, full.shape.defined,
            "{old:?} -> {new:?}"
        );
        assert_eq!(
            reading.shape.footnotes, full.shape.footnotes,
            "{old:?} -> {new:?}"
        );
        assert_eq!(
            reading.shape.sections, full.shape.sections,
            "{old:?} -> {new:?}"
        );
        // The count of what references were given is a bound when spliced.
        assert!(reading.shape.expansion >= full.shape.expansion);
        assert_eq!(reading.text, new);
        assert_eq!(full.prose, super::super::prose(new, DocKind::Markdown));
        reading.spliced()
    }

    /// Asserts what a spliced reading says it kept ([`Moved`]): its first `before` blocks are the
    /// last reading's, its last `after` blocks the last reading's moved by `shift`, over the same
    /// text.
    fn assert_kept(
        old: &[super::super::Block],
        old_text: &str,
        new: &[super::super::Block],
        new_text: &str,
        old_id: u64,
        moved: Moved,
    ) {
        let at = format!("{old_text:?} -> {new_text:?}: {moved:?}");
        assert_eq!(moved.from, old_id, "{at}");
        assert!(
            moved.before + moved.after <= old.len().min(new.len()),
            "{at}"
        );
        let by = |n: usize| (n as isize + moved.shift) as usize;
        let pairs = old
            .iter()
            .zip(new)
            .take(moved.before)
            .map(|(o, n)| (o, n, 0))
            .chain(
                old.iter()
                    .rev()
                    .zip(new.iter().rev())
                    .take(moved.after)
                    .map(|(o, n)| (o, n, 1)),
            );
        for (o, n, moves) in pairs {
            assert_eq!(
                (o.kind, o.starts_list_item),
                (n.kind, n.starts_list_item),
                "{at}"
            );
            assert_eq!(o.segments.len(), n.segments.len(), "{at}");
            for (a, b) in o.segments.iter().zip(&n.segments) {
                let moved_range = if moves == 1 {
                    by(a.range.start)..by(a.range.end)
                } else {
                    a.range.clone()
                };
                assert_eq!(moved_range, b.range, "{at}");
                assert_eq!(a.join, b.join, "{at}");
                assert_eq!(
                    old_text.get(a.range.clone()),
                    new_text.get(b.range.clone()),
                    "{at}"
                );
            }
        }
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

    /// Found by the `document_store` fuzz target: the window of the second change reached back over
    /// the first, which removed more text than lies before the window's start, and placing the
    /// window in the new text subtracted past zero (a panic in debug builds).
    #[test]
    fn a_window_reaching_back_over_a_larger_removal_is_refused_not_misplaced() {
        let old = "\n\n```\n\u{2028}😀\n\n (RL)\u{c}漢)\r\nGRPO\n\n";
        let new = "\n\n```\nGRPO\n\n";
        assert!(!spliced(old, new));
    }

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
        // A new paragraph after the last one: a window of two paragraphs.
        assert!(spliced(DOC, &format!("{DOC}\nLast line")));
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

    /// A heading read alone is read with the reference section open before it: it may close it, or
    /// open one; what is open after the window must be what was, or the window takes in more.
    #[test]
    fn headings_are_read_with_the_reference_section_open_before_them() {
        // The heading that closes the section, retyped; a heading of the section's own, typed.
        assert!(spliced(DOC, &edit(DOC, "## Next", "## Next one")));
        assert_eq!(
            refusal_unwidened(DOC, &edit(DOC, "## Next", "## Next one")),
            None
        );
        assert!(spliced(
            DOC,
            &edit(DOC, "Another entry", "### Another entry")
        ));
        // A heading made in the section that closes it, right before the heading that closes it
        // anyway; and one further up: the section no longer runs on after the window, which takes
        // in the blocks up to that heading.
        assert_eq!(
            refusal_unwidened(DOC, &edit(DOC, "Another entry", "# Another entry")),
            None
        );
        assert!(spliced(DOC, &edit(DOC, "Another entry", "# Another entry")));
        let closes = edit(DOC, "Smith et al.", "# Smith et al.");
        assert_eq!(
            refusal_unwidened(DOC, &closes),
            Some("W7: a reference section open after the window changes")
        );
        assert!(spliced(DOC, &closes));
        // The closing heading made a lower one: the section runs on to the end.
        assert!(spliced(DOC, &edit(DOC, "## Next", "### Next")));
        // The section's own heading, renamed or retyped.
        assert!(spliced(DOC, &edit(DOC, "## References", "## Referencesx")));
        assert!(spliced(
            DOC,
            &edit(DOC, "## References", "## References and notes")
        ));
        // A section opened in a window and running past it to the end, with more after.
        let doc = "# Guide\n\nText.\n\n## Acknowledgement\nThe team thanks Stas \
            Bekman for feedback.\n---\ntitle: \"Next page\"\ntags: x\n---\n\nIn this \
            tutorial we train.\n\n## 1. Installation\n\nInstall it.\n\n## Acknowledgements\n\n\
            All experiments ran on GPUs.\n\nThanks.\n";
        for (what, with) in [
            ("thanks Stas", "thanks Dr Stas"),
            ("Next page", "Next pages"),
            ("In this", "In all this"),
            ("All experiments", "All the experiments"),
            ("Thanks.", "Thanks a lot."),
            ("## Acknowledgement\n", "## Acknowledgment\n"),
            ("tags: x\n---", "tags: x\n==="),
            ("Install it.", "# Install it."),
        ] {
            assert!(spliced(doc, &edit(doc, what, with)), "{with:?}");
        }
        // Edits in three sections at once.
        let new = edit(
            &edit(
                &edit(doc, "thanks Stas", "thanks Dr Stas"),
                "Install it",
                "Install",
            ),
            "All experiments",
            "All the experiments",
        );
        assert!(spliced(doc, &new));
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
    fn a_heading_a_list_or_a_quote_made_by_an_edit_is_read_with_its_blocks() {
        // A setext underline, a heading, a list item, an ordered one, a quote: each interrupts the
        // paragraph, and the next paragraph (a letter at the start of a line) closes it.
        assert!(spliced(DOC, &edit(DOC, "trains few weights.", "===")));
        assert!(spliced(DOC, &edit(DOC, "Closing words", "# Closing words")));
        assert!(spliced(DOC, &edit(DOC, "trains few", "- trains few")));
        assert!(spliced(DOC, &edit(DOC, "trains few", "1. trains few")));
        assert!(spliced(DOC, &edit(DOC, "trains few", "> trains few")));
        // Typing in a list item, a heading, a quote and a table row.
        let doc = "Intro.\n\n- one item\n- two items\n\n## A heading\n\n> A quote\n> more\n\n\
            Text:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nEnd.\n";
        assert!(spliced(doc, &edit(doc, "two items", "two big items")));
        assert!(spliced(doc, &edit(doc, "A heading", "A new heading")));
        assert!(spliced(doc, &edit(doc, "> more", "> more and more")));
        assert!(spliced(doc, &edit(doc, "| 1 | 2 |", "| 10 | 2 |")));
        // The table's first line, which the paragraph before it may caption, is read with that
        // paragraph.
        let new = edit(doc, "| a | b |", "| ab | b |");
        assert_eq!(
            refusal_unwidened(doc, &new),
            Some("W8: a table's first two lines changed")
        );
        assert!(spliced(doc, &new));
        assert!(spliced(doc, &edit(doc, "|---|---|", "|---|")));
        assert!(spliced(doc, &edit(doc, "| a | b |", "a b")));
        // When that paragraph is the block that stays whole after the window before, the two
        // windows are read as one.
        let two = insert_at(doc, &[doc.find("Text:").unwrap() - 2], "x");
        let two = edit(&two, "| a | b |", "| ab | b |");
        assert!(spliced(doc, &two), "merged");
        // So too after a code window, with a heading between (a burst of keystrokes at many
        // places): one window from the fenced code to the table.
        let doc = "Intro.\n\n```sh\nbash run.sh # or other scripts\n```\n\n## Runs\n\n\
            | Setup | Score |\n|---|---|\n| DAPO | 50 |\n\nEnd.\n";
        let two = edit(doc, "# or other", "# or any other");
        let two = edit(&two, "| Setup |", "| Setups |");
        assert!(spliced(doc, &two), "merged with a code window");
        let three = edit(&two, "Intro.", "An intro.");
        assert!(spliced(doc, &three));
    }

    #[test]
    fn an_edit_that_opens_a_block_reads_the_whole_document() {
        // A fence marker at a line start.
        assert!(!spliced(DOC, &edit(DOC, "trains few", "```\ntrains few")));
        // (Read with the paragraph before, which a blanked first line cannot close: W6.)
        let marker = edit(DOC, "Closing words", "!!! note\n    Closing words");
        assert!(refusal_unwidened(DOC, &marker).is_some());
        assert!(spliced(DOC, &marker));
        assert!(!spliced(
            DOC,
            &edit(DOC, "Closing words", ":::note\nClosing words")
        ));
        // A link reference definition added (a reference to a label defined elsewhere, or a
        // footnote reference, is read alone: W5, W6).
        let doc = format!("{DOC}\n[lora]: https://example.com/low-rank-adaptation\n");
        assert!(!spliced(
            &doc,
            &edit(&doc, "Closing words", "[x]: https://x.org\nClosing")
        ));
        assert!(spliced(
            &doc,
            &edit(&doc, "Closing words", "Closing [LoRA] words")
        ));
        assert!(spliced(
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
        // Inline HTML is local to its paragraph; an HTML block starting at a line start ends at the
        // next blank line (W11).
        assert!(spliced(
            DOC,
            &edit(DOC, "Closing words", "Closing <b>words</b>")
        ));
        assert!(spliced(DOC, &edit(DOC, "Closing words", "<div>\nClosing")));
        // A line with `|` first in a window that changed: read with the paragraph before (W8).
        let bar = edit(DOC, "Closing words", "Closing | words");
        assert_eq!(
            refusal_unwidened(DOC, &bar),
            Some("W8: a table's first two lines changed")
        );
        assert!(spliced(DOC, &bar));
        // The paragraph before a table may caption it: the table is read with it.
        let doc = "Intro.\n\nResults:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nEnd.\n";
        let new = edit(doc, "Results:", "The results:");
        assert_eq!(
            refusal_unwidened(doc, &new),
            Some("W8: the window may caption a table after it")
        );
        assert!(spliced(doc, &new));
        assert!(spliced(doc, &edit(doc, "Results:", "Results")));
        assert!(spliced(doc, &edit(doc, "Results:", "Results:\n\nMore:")));
    }

    #[test]
    fn a_dashed_line_is_read_alone_unless_front_matter_or_options_may_end_there() {
        // A setext underline, with no front matter or options open.
        assert!(spliced(DOC, &edit(DOC, "trains few weights.", "---")));

        let doc = "---\ntitle: T\n---\n\nIntro.\n\nPara one.\n\nEnd.\n";
        assert!(spliced(doc, &edit(doc, "Para one.", "Para\n---")));
        assert!(spliced(doc, &edit(doc, "Para one.", "Para one.\n...")));
        // Front matter never closed: the first `---` or `...` line closes it.
        let doc = "---\ntitle: T\n\nIntro.\n\nPara one.\n\nEnd.\n";
        for line in ["---", "...", "--- "] {
            let new = edit(doc, "Para one.", &format!("Para one.\n{line}"));
            assert_eq!(
                refusal(doc, &new),
                Some("W3: `---`, `+++` or `...` that front matter or options may take"),
                "{line:?}"
            );
            assert!(!spliced(doc, &new));
        }
        // A window that starts like front matter (a rule, then a paragraph made a setext heading)
        // is read as the document reads it there, where none opens: on its own.
        let doc = "Intro.\n\nPara one.\n\nEnd.\n";
        let new = edit(doc, "Para one.", "---\ntitle: x\n---");
        assert_eq!(refusal_unwidened(doc, &new), None);
        assert!(spliced(doc, &new));
        // After the document's own front matter too, and for a Jekyll page's front matter in a
        // concatenation of pages, typed in or edited.
        let doc = "---\nk: v\n---\n\nPara one.\n\nEnd.\n";
        assert_eq!(
            refusal_unwidened(doc, &edit(doc, "Para one.", "---\ntitle: x\n---")),
            None
        );
        assert!(spliced(doc, &edit(doc, "Para one.", "---\ntitle: x\n---")));
        let doc = "Intro.\n\n---\ntitle: \"A page\"\ntags: x\n---\n\nText of the page.\n\nEnd.\n";
        for (what, with) in [
            ("A page", "A pages"),
            ("tags: x", "tags: x y"),
            ("tags: x\n---", "tags: x\n--"),
            ("tags: x\n---", "tags: x\n----"),
            ("---\ntitle", "--\ntitle"),
            ("---\ntitle", "...\ntitle"),
            ("tags: x\n---", "tags: x\n..."),
        ] {
            assert!(spliced(doc, &edit(doc, what, with)), "{with:?}");
        }
        // But a window at the start of the text is where front matter opens.
        let doc = "Para one.\n\nEnd.\n";
        assert!(!spliced(doc, &edit(doc, "Para one.", "---\ntitle: x\n---")));
        // A directive's YAML options never closed: the next `---` line within reach closes them.
        let doc = ":::note\n---\nkey: v\n\nPara one.\n\nMore.\n\nEnd.\n";
        let new = edit(doc, "More.", "More.\n---");
        assert!(!spliced(doc, &new));
        assert_eq!(
            refusal(doc, &new),
            Some("W3: `---`, `+++` or `...` that front matter or options may take")
        );
    }

    #[test]
    fn inline_html_is_read_with_its_paragraph() {
        assert!(spliced(
            DOC,
            &edit(DOC, "Closing words", "Closing<br>words")
        ));
        assert!(spliced(
            DOC,
            &edit(DOC, "Closing words", "Closing <3 words")
        ));
        // A code-like element left open hides text up to the end of its block only.
        let doc = "Intro.\n\nOne paragraph.\n\nThe LoRA words.\n\nEnd.\n";
        assert!(spliced(
            doc,
            &edit(doc, "One paragraph", "One <code>paragraph")
        ));
        // An HTML block opened in a list item or a quote ends with it.
        let doc = "Intro.\n\n- an item\n\nThe LoRA words.\n\n> a quote\n\nEnd.\n";
        assert!(spliced(doc, &edit(doc, "- an item", "- <pre>an item")));
        assert!(spliced(doc, &edit(doc, "> a quote", "> <pre>a quote")));
        // `<pre` first on a line opens an HTML block that may run past the window.
        assert_eq!(
            refusal(doc, &edit(doc, "The LoRA", "<pre>The LoRA")),
            Some("W11: a line that may open an HTML block ending only at its end marker")
        );
        // A switch closes, or opens, a stretch that runs past the window.
        let off = "Before.\n\n<!-- glossary-ls-disable -->\n\nThe GPU.\n\nMore text.\n";
        let new = edit(off, "The GPU.", "The <!-- glossary-ls-enable --> GPU.");
        assert!(!spliced(off, &new));
        let new = edit(off, "The GPU.", "The <!-- glossary-ls-enable GPU.");
        assert_eq!(refusal(off, &new), Some("W5: an HTML comment"));
        // An `<abbr>` element defines its acronym for the whole document.
        let new = edit(
            DOC,
            "Closing words",
            "Closing <abbr title=\"Key Value\">KV</abbr>",
        );
        assert!(!spliced(DOC, &new));
    }

    /// W11: a line opening with `<` is read alone unless it may open an HTML block that runs to an
    /// end marker past blank lines.
    #[test]
    fn html_blocks_that_end_at_a_blank_line_are_read_alone() {
        let doc = "Intro.\n\n<div align=\"center\">\n\n# The LoRA guide\n\n</div>\n\n<details>\n\
            <summary>More on the GPU</summary>\n\nHidden words (KV).\n\n</details>\n\n\
            <hfoption id=\"pt\">\n\nTab words.\n\n</hfoption>\n\nA closing paragraph.\n\nEnd.\n";
        // Typing in the tags, in what they hold, and making a paragraph line an HTML line.
        for (what, with) in [
            ("# The LoRA", "# The big LoRA"),
            ("<div align=\"center\">", "<div align=\"left\">"),
            ("<summary>More", "<summary>Much more"),
            ("<hfoption id=\"pt\">", "<hfoption id=\"tf\">"),
            ("Hidden words", "Hidden <b>words"),
            ("A closing paragraph.", "<div>A closing paragraph."),
            (
                "A closing paragraph.",
                "<span class=\"x\">\nA closing paragraph.",
            ),
            ("</hfoption>", "</hfoption>\n<p align=\"center\">"),
        ] {
            let new = edit(doc, what, with);
            assert_eq!(refusal(doc, &new), None, "{with:?}");
            assert!(spliced(doc, &new), "{with:?}");
        }
        // A centred block left open in a window does not make the heading after it a title's
        // part, nor does one closed there.
        assert!(spliced(doc, &edit(doc, "</div>", "</dev>")));
        // `<pre>` (in any case), `<script`, `<!X` and `<?` run to their end marker, past blank
        // lines: the whole document is read.
        for with in [
            "<pre>",
            "  <PRE class=\"x\">",
            "<script",
            "<!DOCTYPE html>",
            "<?php",
        ] {
            let new = edit(doc, "<div align=\"center\">", with);
            assert_eq!(
                refusal(doc, &new),
                Some("W11: a line that may open an HTML block ending only at its end marker"),
                "{with:?}"
            );
            assert!(!spliced(doc, &new));
        }
        // Read alone, the `<pre>` block would end at the window's end; in the document it holds
        // the heading and the rest.
        let new = edit(doc, "Intro.", "<pre>Intro.");
        assert!(!spliced(doc, &new));
        // Typing in a `<pre>` block with a blank line inside, or taking its end away.
        let pre = "Intro.\n\n<pre>\nraw\n\nThe GPU\n</pre>\n\nEnd.\n";
        assert!(!spliced(pre, &edit(pre, "The GPU", "The big GPU")));
        assert!(!spliced(pre, &edit(pre, "</pre>", "</per>")));
        // After a list or quote marker, the block ends with its container, inside the window.
        let list = "Intro.\n\n- <pre>item\n\n  more\n\nAfter.\n";
        assert!(spliced(list, &edit(list, "more", "more text")));
    }

    /// W12: doc-builder directives and `-->` lines, where the pre-scan has no code and no comment
    /// open.
    #[test]
    fn directives_and_comment_ends_are_read_alone_where_no_comment_is_open() {
        let doc =
            "Intro.\n\nThe trainer (DPO) class.\n\n[[autodoc]] trl.DPOTrainer\n    - train\n    \
            - save_model\n\nAfter words.\n\nA note --> here.\n\nEnd.\n";
        for (what, with) in [
            ("- save_model", "- save_models"),
            ("trl.DPOTrainer", "trl.DPOTrainerX"),
            ("- train\n", "- train\n    - push\n"),
            ("A note", "A new note"),
            ("The trainer", "The new trainer"),
        ] {
            let new = edit(doc, what, with);
            assert!(spliced(doc, &new), "{with:?}");
        }
        // No longer a directive: its lines are a paragraph, read with the window.
        assert!(spliced(doc, &edit(doc, "[[autodoc]]", "[[auto doc]]")));
        assert!(spliced(doc, &edit(doc, "    - train", "- train")));
        // A blanked directive starts no block: its window starts at the block before it.
        let new = edit(doc, "trl.DPOTrainer", "trl.DPOTrainer2");
        assert_eq!(refusal_unwidened(doc, &new), None);
        // A window whose first line becomes a directive is blanked there: the first line
        // pulldown-cmark reads would have to close the block before, which W4 does not check; the
        // window is read with the block before it.
        let new = edit(doc, "After words.", "[[autodoc]] words.");
        assert_eq!(
            refusal_unwidened(doc, &new),
            Some("W6: read alone, no block first, or abbreviations or switches")
        );
        assert!(spliced(doc, &new));
        // A comment opened in a list item runs on in the pre-scan after the list ends (for
        // pulldown-cmark the item ends it): lines there are neither directives nor ends of nothing.
        let open = "- item\n\n  <!-- x\n\nPara (LoRA).\n[[autodoc]] Z\n    - m\n\nTail -->\n\n\
            [[autodoc]] W\n\nAfter.\n";
        let new = edit(open, "Para (LoRA)", "Para (LoRA) text");
        assert_eq!(
            refusal(open, &new),
            Some("W3: a line starting with `[` (a directive)")
        );
        assert!(!spliced(open, &new));
        // Taking `-->` away leaves the comment open over the directive after it.
        let new = edit(open, "Tail -->", "Tail ->");
        assert_eq!(refusal(open, &new), Some("W3: `-->`"));
        assert!(!spliced(open, &new));
        // Fenced code opened in a list item runs on in the pre-scan after the list ends: it reads
        // no directive there.
        let code = "- item\n  ```\n  code\n\nPara.\n[[autodoc]] Z\n\nEnd.\n";
        let new = edit(code, "Para.", "Para. x");
        assert_eq!(
            refusal(code, &new),
            Some("W3: a line starting with `[` (a directive)")
        );
        assert!(!spliced(code, &new));
    }

    /// W12: an admonition's body is read as a document of its own in the window as in the
    /// document, unless it refers to a label the document defines.
    #[test]
    fn admonitions_are_read_alone_unless_their_body_refers_to_the_document() {
        let doc =
            "Intro.\n\nBefore the note.\n\n!!! note \"About LoRA\"\n    The body (KV).\n\n    \
            More body with [text][other].\n\n=== \"Tab\"\n\n    Tab body.\n\nAfter.\n";
        for (what, with) in [
            ("The body", "The long body"),
            ("About LoRA", "About the LoRA"),
            ("More body", "More of the body"),
            ("Tab body", "Tab body text"),
            ("!!! note", "!!! warning"),
            ("Before the note.", "Before the note:"),
            ("    More body", "More body"),
        ] {
            let new = edit(doc, what, with);
            assert!(spliced(doc, &new), "{with:?}");
        }
        // A body is read with the document's labels: where it defines any, a window read alone
        // would not know them (a reference to one reads as a link in the document only).
        let doc = format!("{doc}\n[ref]: https://x.org\n");
        for (what, with) in [
            ("The body", "The long body"),
            ("[text][other]", "[text][ref]"),
        ] {
            let new = edit(&doc, what, with);
            assert_eq!(
                refusal(&doc, &new),
                Some("W12: an admonition body in a document that defines labels")
            );
            assert!(!spliced(&doc, &new));
        }
        // Where the pre-scan has a comment open (opened in a list item), a marker is text.
        let open = "- item\n\n  <!-- x\n\nPara.\n!!! note\n    Body.\n\nEnd -->\n";
        let new = edit(open, "Para.", "Para. x");
        assert_eq!(
            refusal(open, &new),
            Some("W3: an admonition or content tab")
        );
        assert!(!spliced(open, &new));
    }

    #[test]
    fn references_read_alone_with_the_documents_definitions() {
        let doc = format!(
            "{DOC}\n- [lora]: https://github.com/microsoft/LoRA\n\n[setup]: #guide\n\n\
            [paper]: https://arxiv.org/abs/2106.09685 \"The paper\"\n"
        );
        // Labels the document does not define read as text in both; code labels as links.
        for reference in ["[words]", "[a][words]", "[`Name`]", "[words][]"] {
            let new = edit(&doc, "Closing words", &format!("Closing {reference} words"));
            assert!(spliced(&doc, &new), "{reference}");
        }
        // A label the document defines (in a list item, in another case, written with more
        // space) makes a link there, to the definition's destination: a repository (its text
        // names a project), a heading of the page (a label), a page with a title. Also in an
        // image, in `[a][b]` where only one of them is defined, before `(…)` or `[]`, and in
        // nested brackets.
        for reference in [
            "[LoRA]",
            "[text][LORA]",
            "[lora][]",
            "[ lora ]",
            "[Setup]",
            "[the paper][paper]",
            "![figure][paper]",
            "[lora][missing]",
            "[missing][lora]",
            "[lora](https://example.org)",
            "[lora] (not a destination)",
            "[lora][] []",
            "[a [lora] b][paper]",
            "[[lora]]",
            "[`lora`][lora]",
        ] {
            let new = edit(&doc, "Closing words", &format!("Closing {reference} words"));
            assert!(spliced(&doc, &new), "{reference}");
        }
        // Beyond ASCII, case folding is Unicode's: `[ẞ]` and `[SS]` match a definition of `[ß]`
        // (either label beyond ASCII is refused when the document defines any).
        let doc = "[ß]: https://example.com\n\nIntro.\n\nThe words.\n";
        for reference in ["[ẞ]", "[SS]", "[ss]"] {
            let new = edit(doc, "The words", &format!("The {reference} words"));
            assert!(!spliced(doc, &new), "{reference}");
            assert_eq!(
                refusal(doc, &new),
                Some("W6: a label the document may define only as Unicode case folding tells")
            );
        }
        let doc = "[k]: https://example.com\n\nIntro.\n\nThe words.\n";
        // The Kelvin sign folds to `k`.
        assert!(!spliced(
            doc,
            &edit(doc, "The words", "The [\u{212a}] words")
        ));
        assert!(spliced(doc, &edit(doc, "The words", "The [K] words")));
    }

    #[test]
    fn a_window_of_definitions_is_read_alone_while_they_stay_the_same() {
        let doc =
            "Intro [b].\n\nPara words [a].\n\n[a]: https://x.org\n[b]: https://y.org \"Y\"\n\n\
            End [a] and a[i]: b.\n";
        // Typing next to definitions, or in a paragraph that holds `]:` and defines nothing.
        assert!(spliced(doc, &edit(doc, "Para words", "Para more words")));
        assert!(spliced(doc, &edit(doc, "End [a]", "End [a] and [b]")));
        // A second definition of a label: the first counts, in the window as in the document.
        assert!(spliced(
            doc,
            &edit(doc, "[b]: https", "[a]: https://z.org\n[b]: https")
        ));
        // A definition changed, added, removed or made another case: the document's labels change.
        for (what, with) in [
            ("x.org", "xy.org"),
            ("\"Y\"", "\"Z\""),
            ("[b]: https", "[c]: https://z.org\n[b]: https"),
            ("[a]: https://x.org\n", ""),
            ("[a]:", "[A]:"),
        ] {
            let new = edit(doc, what, with);
            assert!(!spliced(doc, &new), "{with}");
            assert_eq!(
                refusal(doc, &new),
                Some("W5: `]:` that may define what the document does not"),
                "{with}"
            );
        }
        // A definition in the window that is not the document's for its label: the one before
        // it counts.
        let doc = "[a]: https://x.org\n\nPara [a].\n\n[a]: https://z.org\n\nEnd.\n";
        assert!(!spliced(doc, &edit(doc, "Para [a]", "Para [a] more")));
        // Typing in a footnote definition; one added, removed or renamed is refused.
        let doc = "Intro.\n\nPara words[^1][^2].\n\n[^1]: A note.\n\n[^2]: Another\n    \
            note.\n\nEnd.\n";
        assert!(spliced(doc, &edit(doc, "A note", "A new note")));
        assert!(spliced(doc, &edit(doc, "    note", "    long note")));
        assert!(spliced(doc, &edit(doc, "Para words", "Para more words")));
        for (what, with) in [
            ("A note.", "A note.\n\n[^3]: Three."),
            ("[^1]: A note.\n\n", ""),
            ("[^1]:", "[^one]:"),
            ("[^1]:", "[^1] :"),
        ] {
            let new = edit(doc, what, with);
            assert!(!spliced(doc, &new), "{with}");
        }
    }

    #[test]
    fn references_that_may_reach_the_expansion_limit_read_the_whole_document() {
        // Two references to a 60,000-byte destination: pulldown-cmark resolves the first two and
        // no more, so a third reads as text in the document and as a link alone.
        let long = format!("https://example.com/{}", "a".repeat(60_000));
        let doc = format!("One [a].\n\nTwo [a].\n\nThree words.\n\n[a]: {long}\n");
        let new = edit(&doc, "Three words", "Three [a] words");
        assert!(!spliced(&doc, &new));
        assert_eq!(
            refusal(&doc, &new),
            Some("W6: references that may reach the expansion limit")
        );
        // One of 30,000 bytes, and a second: still far from it.
        let long = format!("https://example.com/{}", "a".repeat(30_000));
        let doc = format!("One [a].\n\nThree words.\n\n[a]: {long}\n");
        assert!(spliced(&doc, &edit(&doc, "Three words", "Three [a] words")));
        // Typing on in that paragraph adds its references to the bound each time, until the
        // whole document is read again.
        let mut reading = read(&doc, DocKind::Markdown, None);
        let mut text = doc.clone();
        let mut fast = 0;
        for _ in 0..4 {
            text = edit(&text, "One ", "One x ");
            reading = read(&text, DocKind::Markdown, Some(reading));
            assert_eq!(reading.prose, read(&text, DocKind::Markdown, None).prose);
            fast += usize::from(reading.spliced());
        }
        assert!((1..4).contains(&fast), "{fast}");
    }

    #[test]
    fn footnote_references_read_alone_with_the_documents_footnotes() {
        let doc = "Intro.\n\nThe Long Form words.\n\nMore text.\n\n[^1]: A note.\n\n\
            [^Note]: Another,\n    continued.\n";
        // Defined (in another case too), undefined, and `[^x][y]` (a reference link to `y`).
        for reference in [
            "[^1]", "[^note]", "[^NOTE]", "[^2]", "[^1][x]", "![^1]", "[^ 1]",
        ] {
            let new = edit(
                doc,
                "Long Form words",
                &format!("Long Form{reference} (LF) words"),
            );
            assert!(spliced(doc, &new), "{reference}");
        }
        // A footnote definition is refused (`]:`), and so is a window at the end of a text
        // without a blank line after it, where nothing may be appended.
        let new = edit(doc, "More text.", "[^3]: More text.");
        assert!(!spliced(doc, &new));
        let doc = "[^1]: A note.\n\nThe words.\n\nEnd";
        let new = edit(doc, "End", "End[^1]");
        assert!(!spliced(doc, &new));
        assert!(spliced(doc, &edit(doc, "The words", "The[^1] words")));
    }

    #[test]
    fn a_blank_line_made_or_removed_reads_the_blocks_around_it() {
        assert!(spliced(
            DOC,
            &edit(DOC, "method\ntrains", "method\n\ntrains")
        ));
        assert!(spliced(
            DOC,
            &edit(DOC, "(LoRA) method\n", "(LoRA) method\n\n")
        ));
        assert!(spliced(
            DOC,
            &edit(DOC, "weights.\n\nClosing", "weights.\nClosing")
        ));
    }

    #[test]
    fn paragraphs_that_are_not_at_the_top_level_are_read_with_their_top_level_block() {
        // An HTML comment with blank lines; a list item's second paragraph.
        let doc = "Intro.\n\n<!--\n\nhidden text\n\n-->\n\nEnd.\n";
        assert!(!spliced(doc, &edit(doc, "hidden text", "hidden LoRA text")));
        // (that one with its whole list, also where the list starts the text: W1).
        let doc = "- item\n\n  second paragraph of it\n\nEnd.\n";
        assert!(spliced(doc, &edit(doc, "second", "the second")));
        assert!(spliced(doc, &edit(doc, "  second", "second")));
        let doc = "---\ntitle: x\n\nsummary: y\n---\n\nText.\n";
        assert!(!spliced(doc, &edit(doc, "summary: y", "summary: yz")));
    }

    /// Every one-character insertion and deletion at every place of a document with most of the
    /// syntax the reader knows gives the full reading, spliced or not.
    #[test]
    fn every_small_edit_of_a_varied_document_equals_a_full_reading() {
        let doc = "---\ntitle: T\n---\n\nIntro (LoRA) text.\n\n# Head\n\nA para with `code` and \
            [link](#head)\nand *it* here.\n`lead` code, then\n``two ticks and\n:: colons.\n\n```\nfence\n``\n\nbody\n```\n\n- item one\n- item two\n\n  \
            more item\n\n> quote\n\nLead:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<!-- glossary-ls-disable \
            -->\n\nOff text.\n\n<!-- glossary-ls-enable -->\n\n!!! note \"Title\"\n    Body text.\n\n\
            ## References\n\nSmith et al.\n\nWord [ref] here.\n\n[ref]: https://x.org\n\n*[HBM]: High \
            Bandwidth Memory\n\nRun:\n```sh\nrun it\n```\nAfter run.\n\n````{note}\nNote body.\n\n```\ninner\n```\n\n\
            ~~~ py\ncode\n~~~\n\n````\n\n- item\n  ```\n  in item\n  ```\n\n> ```py\n> quoted code\n> ```\n\n> Next quote.\n\n\
            - ```sh\n  item code\n\nSpan ```x``` here.\n\n\
            <div align=\"center\">\n\n# Centred (KV)\n\n</div>\n\n<details>\n<summary>More on \
            GPU</summary>\n\nHidden LoRA.\n\n</details>\n\n<hfoption id=\"x\">\n\nTab.\n\n</hfoption>\n\n\
            <pre>\nraw\n\nGPU text\n</pre>\n\nBefore it.\n\n\\[\nx_{KL}\n- a\n\\]\n\nIn \\[ \\pi \\] it.\n\n\
            \\begin{align}\na\n\n\\end{align}\n\n<div>\n| a | `SFT` |\n</div>\n\n[[autodoc]] trl.Trainer\n    - train\n\n\
            - item\n\n  <!-- open\n\nIn [[autodoc]] X\n<div> here\n[[autodoc]] Y\n\nTail -->\n\n\
            [[autodoc]] Z\n\n---\ntitle: \"Page\"\ntags: x\n---\n\nPage text.\n---\n\nThe end.\n";
        let mut hits = 0;
        // With its front matter, and without: a window may then start the text (W1).
        let bare = doc.strip_prefix("---\ntitle: T\n---\n\n").unwrap();
        for doc in [doc, bare] {
            for at in (0..=doc.len()).filter(|&i| doc.is_char_boundary(i)) {
                for insert in [
                    "a", " ", "\n", "*", "`", "[", "<", "|", "-", "#", ">", "1.", "]", "=", ":",
                    "<code>", "[Ref]", "---\n", "<pre>", "[[x]] ", "\\",
                ] {
                    let new = format!("{}{insert}{}", &doc[..at], &doc[at..]);
                    hits += usize::from(spliced(doc, &new));
                }
                if at < doc.len() {
                    let new = format!("{}{}", &doc[..at], &doc[at + 1..]);
                    hits += usize::from(spliced(doc, &new));
                }
            }
        }
        // Most of these edits are refused; typing letters in plain paragraphs is not.
        assert!(hits > 200, "{hits}");
    }

    /// Every one-character insertion and deletion at every place of a document of references:
    /// to labels it defines elsewhere (a repository, a heading, a page with a title, an image), to
    /// labels it does not define, code labels, footnote references and definitions.
    #[test]
    fn every_small_edit_of_a_document_of_references_equals_a_full_reading() {
        let doc = "Intro [LoRA][lora] and [the repo] here.\n\nSee [Setup] and [`Name`] and \
            [undefined] and [a][missing].\n\nImages ![alt][fig] and [x][] too[^1] and[^note] or \
            [^none].\n\n## Setup\n\nText with [nested [inner] brackets][lora] and \
            [lora](https://inline.org) and [lora] (x) and [K][k].\n\n- item [the  REPO]\n\n\
            [^1]: A footnote.\n\n[^note]: Another one\n    continued.\n\n[lora]: \
            https://example.com/low-rank-adaptation \"Title\"\n[the repo]: https://github.com/o/p\n\
            [setup]: #setup\n[fig]: ./fig.png\n[x]: https://pypi.org/project/x/\n\n\
            The (LF) end [^1].\n";
        let mut hits = 0;
        for at in (0..=doc.len()).filter(|&i| doc.is_char_boundary(i)) {
            for insert in [
                "a", " ", "\n", "[", "]", "^", "(", "`", ":", "!", "*", "[lora]", "[^1]", "[^zz]",
                "[Setup]", "]:",
            ] {
                let new = format!("{}{insert}{}", &doc[..at], &doc[at..]);
                hits += usize::from(spliced(doc, &new));
            }
            if at < doc.len() {
                let new = format!("{}{}", &doc[..at], &doc[at + 1..]);
                hits += usize::from(spliced(doc, &new));
            }
        }
        // Typing in the paragraphs of references is read alone.
        assert!(hits > 2000, "{hits}");
    }

    /// A document with blocks of every kind the windows read, each twice, for edits at several
    /// places at once.
    const MANY: &str = "---\ntitle: T\n---\n\nIntro (LoRA) text.\n\n# Head\n\nA para with `code`\n\
        and *it* here.\n``two ticks\n\n```\nfence line\n``\n\n`body` line\n```\n\n- item one\n- item two\n\n  more \
        item\n\nAfter the list.\n\n> quote\n> more quote\n\nLead:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n\
        1. first\n2. second\n\n> ```py\n> quoted\n> ```\n\n> [!TIP]\n> A tip.\n\n- after\n\n## References\n\nSmith et al.\n\n~~~\ntilde code\n~~~\n\nRun:\n```sh\nrun it\n\
        ```\nAfter run.\n\n---\ntitle: P\n---\n\nThe end.\n";

    /// `doc` with `insert` at each of `at` (byte offsets of `doc`, on character boundaries).
    fn insert_at(doc: &str, at: &[usize], insert: &str) -> String {
        let mut at = at.to_vec();
        at.sort_unstable();
        let mut out = String::new();
        let mut last = 0;
        for &p in &at {
            out.push_str(&doc[last..p]);
            out.push_str(insert);
            last = p;
        }
        out.push_str(&doc[last..]);
        out
    }

    /// Every pair of places (a stride through all of them) and every third place, with letters,
    /// spaces, line breaks and block markers inserted at all of them at once, gives the full reading.
    #[test]
    fn edits_at_several_places_at_once_equal_a_full_reading() {
        let mut hits = 0;
        // With its front matter, and without: a window may then start the text (W1).
        for many in [MANY, MANY.strip_prefix("---\ntitle: T\n---\n\n").unwrap()] {
            let places: Vec<usize> = (0..=many.len())
                .filter(|&i| many.is_char_boundary(i))
                .collect();
            for (n, &a) in places.iter().enumerate() {
                let b = places[(n * 37 + 11) % places.len()];
                let c = places[(n * 101 + 53) % places.len()];
                for insert in ["x", " ", "\n", "`", "-", "#", ">", "|", "```\n", "1. "] {
                    hits += usize::from(spliced(many, &insert_at(many, &[a, b], insert)));
                    hits += usize::from(spliced(many, &insert_at(many, &[a, b, c], insert)));
                }
                // Deletions at two places.
                if a < many.len() && b < many.len() && a != b {
                    let (x, y) = (a.min(b), a.max(b));
                    let new = format!("{}{}{}", &many[..x], &many[x + 1..y], &many[y + 1..]);
                    hits += usize::from(spliced(many, &new));
                }
            }
        }
        assert!(hits > 500, "{hits}");
    }

    #[test]
    fn a_fence_opened_in_one_window_swallows_the_next_and_reads_everything() {
        let doc = "Intro.\n\nOne paragraph here.\n\nMiddle.\n\nAnother paragraph here.\n\nEnd.\n";
        // Both edits are in paragraphs, but the first opens fenced code that runs over the second.
        let new = doc
            .replace("One paragraph", "```\nOne paragraph")
            .replace("Another paragraph", "Another long paragraph");
        assert!(!spliced(doc, &new));
        // The same with a tilde fence, and with an HTML comment.
        let new = doc
            .replace("One paragraph", "~~~\nOne paragraph")
            .replace("Another paragraph", "Another long paragraph");
        assert!(!spliced(doc, &new));
        let new = doc
            .replace("One paragraph", "<!--\nOne paragraph")
            .replace("Another paragraph", "Another long paragraph");
        assert!(!spliced(doc, &new));
        // Without the fence, both paragraphs are read again on their own.
        let new = doc
            .replace("One paragraph", "One long paragraph")
            .replace("Another paragraph", "Another long paragraph");
        assert!(spliced(doc, &new));
    }

    #[test]
    fn two_edits_in_one_list_read_the_whole_list_once() {
        let doc = "Intro.\n\n- first item\n\n- second item\n\n- third item\n\nEnd.\n";
        let new = doc
            .replace("first item", "first big item")
            .replace("third item", "third big item");
        assert!(spliced(doc, &new));
        // A line that would continue the list, or stop continuing it, after its blank line.
        let new = doc
            .replace("first item", "first big item")
            .replace("- third item", "third item");
        assert!(spliced(doc, &new));
        // "End." made a list item continues the list before it: the window takes the list in.
        let new = doc.replace("End.", "- End.");
        assert_eq!(
            refusal_unwidened(doc, &new),
            Some("W4: the window's first line continues the block before it")
        );
        assert!(spliced(doc, &new));
        // And a list made after a paragraph does not continue it; a quote continues a quote.
        let doc = "Intro.\n\n> a quote\n\n> more quote\n\nMiddle.\n\nEnd.\n";
        assert!(spliced(doc, &doc.replace("Middle.", "> Middle.")));
        assert!(spliced(doc, &doc.replace("Middle.", "- Middle.")));
        assert!(spliced(doc, &doc.replace("> more", "more")));
    }

    #[test]
    fn typing_in_fenced_code_moves_the_rest_without_reading_it() {
        let doc = "Intro (LoRA).\n\n```python\nx = 1\n\ny = 2\n```\n\nThe end of LoRA.\n";
        assert!(spliced(doc, &edit(doc, "x = 1", "x = 10")));
        assert!(spliced(doc, &edit(doc, "y = 2", "y = 2\nz = 3")));
        // A line that could close the fence, and the fence's own lines.
        assert!(!spliced(doc, &edit(doc, "y = 2", "```")));
        // (a tilde fence in backtick code is code, read with its whole block)
        assert!(spliced(doc, &edit(doc, "y = 2", "  ~~~")));
        // The opening fence's own line: the whole block is read (W10).
        assert!(spliced(doc, &edit(doc, "```python", "```py")));
        // Inline code opening a line, or two backticks, close nothing; a third does.
        assert!(spliced(doc, &edit(doc, "y = 2", "`y` = 2")));
        assert!(spliced(doc, &edit(doc, "y = 2", "``")));
        let doc = edit(doc, "y = 2", "``\ny = 2");
        assert!(!spliced(&doc, &edit(&doc, "``\n", "```\n")));
        assert!(!spliced(&doc, &edit(&doc, "``\n", "``` \n")));
        // (a tilde fence in backtick code closes nothing)
        assert!(spliced(&doc, &edit(&doc, "``\n", "~~~\n")));
    }

    #[test]
    fn whole_fenced_code_blocks_are_read_with_the_window() {
        // Code right after a paragraph, and a paragraph right after it: no code window.
        let doc = "Intro.\n\nRun:\n```sh\nrun it now\n```\nAfter (LoRA).\n\nEnd.\n";
        assert!(spliced(doc, &edit(doc, "run it", "run all of it")));
        assert!(spliced(doc, &edit(doc, "After", "And after")));
        assert!(spliced(doc, &edit(doc, "Run:", "Run this:")));
        assert!(spliced(doc, &edit(doc, "```sh", "```bash")));
        // A fence closed earlier (the last one then opens code to the end), or not at all, or
        // opened in the paragraph after.
        assert!(!spliced(
            doc,
            &edit(doc, "run it now\n", "run it\n```\nnow\n")
        ));
        assert!(spliced(
            doc,
            &edit(doc, "run it now\n", "run it\n```\nnow\n```py\n")
        ));
        let new = edit(doc, "```\nAfter", "``\nAfter");
        assert_eq!(
            refusal(doc, &new),
            Some("W10: fenced code the window may not hold")
        );
        assert!(!spliced(doc, &new));
        assert!(!spliced(doc, &edit(doc, "After", "```\nAfter")));
        // A window holding only fences the old document did not show as code.
        let doc = "Intro.\n\nPara one.\n\nEnd.\n";
        assert!(!spliced(doc, &edit(doc, "Para one.", "```\ncode\n```")));
        // Inside a directive that four backticks open, three open code; four close it.
        let doc =
            "Intro.\n\n````{note}\nBody (LoRA).\n\nRun:\n```\ncode\n```\n\nMore.\n\n````\n\nEnd.\n";
        assert!(spliced(doc, &edit(doc, "code\n", "more code\n")));
        assert!(spliced(doc, &edit(doc, "Run:", "Run it:")));
        assert!(!spliced(doc, &edit(doc, "Run:\n```", "Run:\n````")));
        assert!(!spliced(
            doc,
            &edit(doc, "Run:\n```\n", "Run:\n```\n\n````\n")
        ));
    }

    /// Backticks that start no line open no code the pre-scan sees: a code span, or fenced code
    /// after a quote or list marker, which ends with its container, inside the window (W5).
    #[test]
    fn fenced_code_in_a_quote_or_an_item_is_read_with_its_container() {
        let doc = "Intro.\n\n> [!TIP]\n> Set `max_length=None` (LoRA).\n>\n> ```python\n> DPOConfig()\n> ```\n>\n\
                   > Only use it when you must.\n\n- ```sh\n  run it\n\nSpan ```x``` here.\n\nEnd.\n";
        assert!(spliced(doc, &edit(doc, "Only use", "Only ever use")));
        assert!(spliced(doc, &edit(doc, "DPOConfig()", "DPOConfig(x)")));
        assert!(spliced(doc, &edit(doc, "run it", "run it all")));
        assert!(spliced(doc, &edit(doc, "Span", "A span")));
        // The marker taken away: the fence starts its line, and opens code to the end.
        assert!(!spliced(doc, &edit(doc, "> ```python", "```python")));
        assert!(!spliced(doc, &edit(doc, "- ```sh", "```sh")));
        // The blank line after the quote filled: the quote runs on into the list, and the window
        // takes both in (whether read alone or whole, the reading is the full one: `spliced`
        // compares them).
        spliced(doc, &edit(doc, "must.\n\n- ", "must.\n> - "));
        spliced(doc, &edit(doc, "> ```\n>\n", "> ```\n"));
    }

    #[test]
    fn typing_in_the_first_block_reads_it_alone_without_front_matter() {
        let doc = "# Title words\n\nIntro (LoRA).\n\nEnd.\n";
        assert!(spliced(doc, &edit(doc, "Title", "The title")));
        assert!(spliced(doc, &edit(doc, "# Title", "Title")));
        assert!(spliced(doc, &edit(doc, "# Title", "- Title")));
        // Front matter made by the edit, or there before it, is read with the whole document.
        let new = format!("---\n{doc}---\n");
        assert!(!spliced(doc, &new));
        let doc = "---\ntitle: x\n---\n# Title words\n\nIntro (LoRA).\n\nEnd.\n";
        assert!(!spliced(doc, &edit(doc, "Title", "The title")));
        assert!(spliced(doc, &edit(doc, "Intro", "The intro")));
    }

    #[test]
    fn a_line_opening_with_inline_code_is_read_with_its_paragraph() {
        let doc = "Intro.\n\n`train.py` trains\nand `sample.py` samples.\n\n:: two colons\n\nEnd (LoRA).\n";
        assert!(spliced(doc, &edit(doc, "trains\n", "trains it\n")));
        assert!(spliced(doc, &edit(doc, "`train.py`", "``train.py``")));
        assert!(spliced(doc, &edit(doc, "two colons", "two colons here")));
        // Three open a fence (or a directive) that runs over the rest of the document.
        assert_eq!(
            refusal(doc, &edit(doc, "`train.py`", "```train.py")),
            Some("W10: fenced code the window may not hold")
        );
        assert!(!spliced(doc, &edit(doc, "`train.py`", "```train.py")));
        assert!(!spliced(doc, &edit(doc, "`train.py` trains", "~~~ trains")));
        assert!(!spliced(doc, &edit(doc, ":: two", "::: two")));
        assert!(!spliced(doc, &edit(doc, ":: two", ":::note\ntwo")));
    }

    /// The line pre-scan looks 100 lines ahead for the end of a directive's YAML options: joining
    /// two lines in a window brings a `---` line after it into reach (condition W9).
    #[test]
    fn a_window_that_joins_lines_does_not_move_the_end_of_yaml_options() {
        let filler = "Filler words.\n\n".repeat(48);
        let doc = format!(":::note\n---\n\nPara one\nline two\n\n{filler}---\n\nAfter.\n");
        let new = edit(&doc, "one\nline", "one line");
        // In the new text the options end at that `---` line and hide the paragraphs before it.
        let blocks = |text: &str| super::super::prose(text, DocKind::Markdown).blocks.len();
        assert!(
            blocks(&new) + 40 < blocks(&doc),
            "{} {}",
            blocks(&new),
            blocks(&doc)
        );
        assert!(!spliced(&doc, &new));
        // Typing in the paragraph without joining lines moves nothing.
        assert!(spliced(&doc, &edit(&doc, "Para one", "Para number one")));
    }
}
