//! MDX: Markdown with ES modules, JSX and JavaScript expressions (Docusaurus, Mintlify, Hugging Face
//! doc-builder pages).
//!
//! One linear pass over the text, outside fenced code and inline code spans, finds what is not prose:
//!
//! - `import` / `export` statements: a paragraph whose first line starts (unindented) with `import ` or
//!   `export ` is an ES module block up to the next blank line, as MDX reads it;
//! - `{expressions}`, MDX comments `{/* … */}` among them: braces nest, JavaScript strings and comments
//!   inside are skipped;
//! - JSX tags: components (`<Note>`, `<Card title="x" icon={<Icon />}>`, `<motion.div>`, and
//!   lowercase names that are no HTML element: `<hfoption id="a">`, `<python>`, the language tabs
//!   of Hugging Face doc sites), fragments (`<>`, `</>`), and any tag whose attributes hold an
//!   expression or that spans lines. Tags and expressions may span lines.
//!
//! Text between JSX tags is Markdown and prose, as in MDX. A line that holds nothing but such tags and
//! expressions is blanked, so the text after `<Note>` is a paragraph of its own (and a table right
//! after `<python>` is a table, its code spans code, where CommonMark would read an HTML block);
//! elsewhere they are masked and cut out of the prose with a [`super::Join::Break`]. An HTML tag
//! (`<b>`, `<br/>`, `<a href="…">`, `<div>`) is left to the Markdown reader's HTML rules, so `<b>`
//! still joins directly.
//!
//! A tag or expression that is not closed within [`MAX_SPAN`] bytes or before a blank line is text (MDX
//! itself would reject the document); the scan goes on after where it gave up, so the pass stays linear.
//! Indented code does not exist in MDX: what CommonMark would read as indented code (text indented
//! inside a component) is read again without its indentation, like an admonition body
//! ([`super::remap`]; see `markdown.rs`).

use std::ops::Range;

use super::fences::{self, Fence};
use super::lines::{is_blank, Lines};
use super::markdown::Found;
use super::slice;

/// The longest tag, expression or inline code span looked for.
const MAX_SPAN: usize = 4096;

/// Scans `text` from `from` (the start of a line).
pub(super) fn scan(text: &str, from: usize) -> Found {
    let mut found = Found::default();
    let mut constructs: Vec<Range<usize>> = Vec::new();
    let mut fence: Option<Fence> = None;
    let mut lines = Lines::new(text, from);
    let mut previous_blank = true;
    // Where the last construct ended: the line scan resumes there.
    let mut resume = from;
    while let Some(line) = lines.next() {
        if line.start < resume && line.end <= resume {
            continue;
        }
        let s = slice(text, line.start..line.end);
        if let Some(open) = fence {
            if fences::closes(open, s) {
                fence = None;
            }
            continue;
        }
        if line.start >= resume {
            if let Some(open) = fences::open_code(s) {
                fence = Some(open.fence);
                previous_blank = false;
                continue;
            }
            if previous_blank && is_esm(s) {
                let mut end = line.end;
                let mut peek = lines.clone();
                while let Some(l) = peek.next() {
                    if is_blank(slice(text, l.start..l.end)) {
                        break;
                    }
                    end = l.end;
                    lines = peek.clone();
                }
                found.blank.push(line.start..end);
                previous_blank = false;
                continue;
            }
            previous_blank = is_blank(s);
        }
        let mut i = line.start.max(resume);
        while i < line.end {
            let Some(k) = memchr::memchr3(b'`', b'<', b'{', bytes_in(text.as_bytes(), i, line.end))
            else {
                break;
            };
            let j = i + k;
            let (end, construct) = match byte(text.as_bytes(), j) {
                b'`' => (code_span(text, j), false),
                b'{' => match expression(text, j) {
                    Ok(end) => (end, true),
                    Err(gave_up) => (gave_up.max(j + 1), false),
                },
                _ => match tag(text, j) {
                    Ok((end, ours)) => (end, ours),
                    Err(gave_up) => (gave_up.max(j + 1), false),
                },
            };
            if construct {
                constructs.push(j..end);
            }
            i = end;
        }
        resume = i.max(line.end);
    }
    whole_lines(text, from, &constructs, &mut found);
    found
}

/// Splits the constructs into lines that hold nothing else (blanked) and inline ones (masked).
fn whole_lines(text: &str, from: usize, constructs: &[Range<usize>], found: &mut Found) {
    let mut k = 0;
    for line in Lines::new(text, from) {
        while constructs.get(k).is_some_and(|c| c.end <= line.start) {
            k += 1;
        }
        let Some(first) = constructs.get(k) else {
            break;
        };
        if first.start >= line.next {
            continue;
        }
        // Whether every non-blank byte of the line lies in a construct.
        let mut pos = line.start;
        let mut j = k;
        let mut only = true;
        while pos < line.end {
            match constructs.get(j) {
                Some(c) if c.start < line.end => {
                    if !is_blank(slice(text, pos..c.start.max(pos))) {
                        only = false;
                        break;
                    }
                    pos = pos.max(c.end);
                    j += 1;
                }
                _ => {
                    only = is_blank(slice(text, pos..line.end));
                    break;
                }
            }
        }
        if only {
            found.blank.push(line.start..line.end);
        }
    }
    found.masks.extend(constructs.iter().cloned());
}

/// Whether a line opens an ES module block: `import` followed by a module specifier, `{`, `*` or a name
/// and `from` on the line; `export` followed by a declaration keyword, `{` or `*`. (MDX takes any
/// paragraph starting `import ` for JavaScript and rejects the document when it is not; a sentence
/// starting "Import the model…" is prose here.)
fn is_esm(line: &str) -> bool {
    const EXPORTS: &[&str] = &[
        "const ", "let ", "var ", "function", "default ", "class ", "async ", "{", "*",
    ];
    if let Some(rest) = line.strip_prefix("import") {
        let rest = rest.trim_start();
        return line.len() > "import".len() + rest.len()
            && (rest.starts_with(['\'', '"', '{', '*']) || rest.contains(" from "));
    }
    if let Some(rest) = line.strip_prefix("export") {
        let rest = rest.trim_start();
        return line.len() > "export".len() + rest.len()
            && EXPORTS.iter().any(|kw| rest.starts_with(kw));
    }
    false
}

/// The end of the inline code span opened by the backtick run at `at`, or the end of the run when it
/// has no closer (then it is literal backticks).
fn code_span(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let run = run_len(bytes, at, b'`');
    let mut i = at + run;
    let limit = (at + MAX_SPAN).min(bytes.len());
    while i < limit {
        match memchr::memchr2(b'`', b'\n', bytes_in(bytes, i, limit)) {
            None => break,
            Some(k) => {
                let j = i + k;
                if byte(bytes, j) == b'\n' {
                    if blank_line_after(bytes, j) {
                        break;
                    }
                    i = j + 1;
                    continue;
                }
                let n = run_len(bytes, j, b'`');
                if n == run {
                    return j + n;
                }
                i = j + n;
            }
        }
    }
    at + run
}

/// The byte at `i`, or 0 past the end.
fn byte(bytes: &[u8], i: usize) -> u8 {
    bytes.get(i).copied().unwrap_or(0)
}

/// `bytes[from..to]`, empty when out of bounds.
fn bytes_in(bytes: &[u8], from: usize, to: usize) -> &[u8] {
    bytes.get(from..to).unwrap_or_default()
}

/// How many `b` bytes start at `at`.
fn run_len(bytes: &[u8], at: usize, b: u8) -> usize {
    bytes_in(bytes, at, bytes.len())
        .iter()
        .take_while(|&&x| x == b)
        .count()
}

/// Whether the line break at `i` is followed by a blank line (or the end of the text).
fn blank_line_after(bytes: &[u8], i: usize) -> bool {
    let rest = bytes.get(i + 1..).unwrap_or_default();
    let n = rest
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    matches!(rest.get(n), None | Some(b'\n' | b'\r'))
}

/// The end of the expression whose `{` is at `at`; on failure, where the search gave up.
fn expression(text: &str, at: usize) -> Result<usize, usize> {
    let bytes = text.as_bytes();
    let limit = (at + MAX_SPAN).min(bytes.len());
    let mut depth = 0usize;
    let mut i = at;
    while i < limit {
        match byte(bytes, i) {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Ok(i + 1);
                }
            }
            b'"' | b'\'' | b'`' => i = string_end(bytes, i, limit).unwrap_or(i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                match memchr::memmem::find(bytes_in(bytes, i + 2, limit), b"*/") {
                    Some(k) => i += 2 + k + 1,
                    None => return Err(limit),
                }
            }
            b'\n' if blank_line_after(bytes, i) => return Err(i),
            _ => {}
        }
        i += 1;
    }
    Err(limit)
}

/// The index of the quote that closes the string opened at `at` (on the same line, except for template
/// strings), or `None` when it is not closed: then the quote is an apostrophe in text.
fn string_end(bytes: &[u8], at: usize, limit: usize) -> Option<usize> {
    let quote = byte(bytes, at);
    let mut i = at + 1;
    while i < limit {
        match byte(bytes, i) {
            b'\\' => i += 1,
            b'\n' if quote != b'`' => return None,
            b if b == quote => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The end of the JSX or HTML tag whose `<` is at `at`, and whether it is one this scan takes out of the
/// prose (a component, a fragment, a tag with an expression or spanning lines); on failure, where the
/// search gave up.
fn tag(text: &str, at: usize) -> Result<(usize, bool), usize> {
    let bytes = text.as_bytes();
    let limit = (at + MAX_SPAN).min(bytes.len());
    let mut i = at + 1;
    if bytes.get(i) == Some(&b'/') {
        i += 1;
    }
    let name_start = i;
    while i < limit
        && (byte(bytes, i).is_ascii_alphanumeric() || matches!(byte(bytes, i), b'.' | b'-' | b':'))
    {
        i += 1;
    }
    let name = bytes_in(bytes, name_start, i);
    match name.first() {
        Some(b) if b.is_ascii_alphabetic() => {}
        None if bytes.get(i) == Some(&b'>') => return Ok((i + 1, true)),
        _ => return Err(at + 1),
    }
    let mut ours = name.first().is_some_and(u8::is_ascii_uppercase)
        || name.contains(&b'.')
        || is_component(name, byte(bytes, i));
    while i < limit {
        match byte(bytes, i) {
            b'>' => return Ok((i + 1, ours)),
            b'{' => {
                ours = true;
                i = expression(text, i)?;
                continue;
            }
            b'"' | b'\'' => match quoted_end(bytes, i, limit) {
                Some(end) => i = end,
                None => return Err(i),
            },
            b'\n' => {
                if blank_line_after(bytes, i) {
                    return Err(i);
                }
                ours = true;
            }
            _ => {}
        }
        i += 1;
    }
    Err(limit)
}

/// The elements of HTML (and of SVG and MathML that stand in documents), which the Markdown reader's
/// HTML rules read; any other lowercase name is a component.
const HTML_ELEMENTS: &str =
    "a abbr address area article aside audio b base basefont bdi bdo big blockquote body br \
    button canvas caption center cite code col colgroup data datalist dd del details dfn \
    dialog dir div dl dt em embed fieldset figcaption figure font footer form frame frameset \
    h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li \
    link main map mark menu menuitem meta meter nav nobr noframes noscript object ol \
    optgroup option output p param picture pre progress q rp rt ruby s samp script search \
    section select slot small source span strike strong style sub summary sup table tbody td \
    template textarea tfoot th thead time title tr track tt u ul var video wbr svg path g \
    circle rect line polyline polygon ellipse defs use text tspan symbol math mi mo mn mrow \
    msub msup mfrac";

/// Whether a tag's `name`, followed by the byte `next`, names a component: a name of letters,
/// digits and `-` (not an autolink's scheme `<https:…>` nor an address `<me@x.org>`) that no HTML
/// element has.
fn is_component(name: &[u8], next: u8) -> bool {
    matches!(next, b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
        && name.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-')
        && !HTML_ELEMENTS
            .split(' ')
            .any(|e| e.as_bytes().eq_ignore_ascii_case(name))
}

/// The closing quote of an attribute value opened at `at` (values may span lines, not blank ones).
fn quoted_end(bytes: &[u8], at: usize, limit: usize) -> Option<usize> {
    let quote = byte(bytes, at);
    let mut i = at + 1;
    while i < limit {
        match byte(bytes, i) {
            b if b == quote => return Some(i),
            b'\n' if blank_line_after(bytes, i) => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces<'t>(text: &'t str, ranges: &[Range<usize>]) -> Vec<&'t str> {
        ranges.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn esm_blocks_up_to_a_blank_line() {
        let text =
            "import {Tabs,\n  Tab} from '@x';\nexport const a = 1;\n\nimport is a word here.\n";
        let found = scan(text, 0);
        assert_eq!(
            pieces(text, &found.blank),
            ["import {Tabs,\n  Tab} from '@x';\nexport const a = 1;"]
        );
        let text = "Text\nimport x from 'y'\n";
        assert!(scan(text, 0).blank.is_empty());
    }

    #[test]
    fn tags_and_expressions() {
        let text = "<Card\n  title=\"A > B\"\n  icon={<Icon />}\n>\nInside {props.x} text <b>bold</b> {/* note } */}\n</Card>\n";
        let found = scan(text, 0);
        assert_eq!(
            pieces(text, &found.masks),
            [
                "<Card\n  title=\"A > B\"\n  icon={<Icon />}\n>",
                "{props.x}",
                "{/* note } */}",
                "</Card>"
            ]
        );
        assert_eq!(
            pieces(text, &found.blank),
            [
                "<Card",
                "  title=\"A > B\"",
                "  icon={<Icon />}",
                ">",
                "</Card>"
            ]
        );
    }

    #[test]
    fn lowercase_components_are_tags_html_elements_are_not() {
        let text = "<hfoption id=\"a\">\n| a | `x` |\n</hfoption>\n<python>\n<div>\n<my-tab>\n<https://x.org> <me@x.org>\n";
        let found = scan(text, 0);
        assert_eq!(
            pieces(text, &found.blank),
            ["<hfoption id=\"a\">", "</hfoption>", "<python>", "<my-tab>"]
        );
    }

    #[test]
    fn code_is_left_alone() {
        let text = "```jsx\n<Note>{x}</Note>\n```\nUse `{x}` and `<Note>`.\n";
        assert_eq!(scan(text, 0), Found::default());
    }

    #[test]
    fn unclosed_and_non_tags_are_text() {
        let text = "a < b, x<=y, {never closed\n\nand <Open never\n\n closed";
        assert_eq!(scan(text, 0), Found::default());
        let text = "It's {it's} fine";
        assert_eq!(pieces(text, &scan(text, 0).masks), ["{it's}"]);
    }
}
