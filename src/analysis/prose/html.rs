//! HTML tags as prose sees them: what a tag is, what it does to the text around it, and the `title` of
//! an `<abbr>`.
//!
//! Markdown documents are full of HTML: centred README headers, `<img>` badges, `<br>`, `<sub>`, Hugging
//! Face's `<Tip>` and `<hfoption>` components. Tags are never prose; text between them is. What a tag
//! means for reading is its [`Role`]: formatting tags (`<b>`, `<a href>`, `<span>`) are read through like
//! Markdown emphasis and links, so `<a href="…">Multi-Query Attention</a> (MQA)` still defines MQA; code-like
//! elements hide their content; block-level tags and unknown components separate blocks.

use std::ops::Range;

/// What a piece of markup starting with `<` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Markup<'a> {
    /// An element tag.
    Tag {
        name: &'a str,
        closing: bool,
        self_closing: bool,
    },
    /// `<!-- … -->`.
    Comment,
    /// A declaration, processing instruction or CDATA section.
    Other,
}

/// Classifies `raw`, the source of one complete tag or comment.
pub(super) fn classify(raw: &str) -> Markup<'_> {
    if raw.starts_with("<!--") {
        return Markup::Comment;
    }
    let Some(rest) = raw.strip_prefix('<') else {
        return Markup::Other;
    };
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let name_len = rest
        .find(|c: char| {
            !(c.is_ascii_alphanumeric() || c == '-' || c == ':' || c == '_' || c == '.')
        })
        .unwrap_or(rest.len());
    match rest.get(..name_len) {
        Some(name) if name.starts_with(|c: char| c.is_ascii_alphabetic()) => Markup::Tag {
            name,
            closing,
            self_closing: raw.trim_end().ends_with("/>"),
        },
        _ => Markup::Other,
    }
}

/// What a tag does to the prose around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Inline formatting, read through: `<b>`, `<em>`, `<a>`, `<span>`, `<sup>`, `<abbr>`…
    Formatting,
    /// `<br>`: a line break, read as a space.
    LineBreak,
    /// Inline and not prose (`<img>`, `<input>`, `<iframe>`…): nothing is read across it.
    Opaque,
    /// Code-like: its content is not prose either (`<code>`, `<pre>`, `<kbd>`, `<script>`, `<style>`…).
    Hidden,
    /// A heading-like block (`<h1>`…`<h6>`, `<summary>`): its text is a [`super::BlockKind::Heading`].
    Heading,
    /// Anything else — block-level HTML and unknown components such as `<Tip>`: separates blocks.
    Block,
}

const FORMATTING: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "data", "del", "dfn", "em", "font", "i", "ins",
    "mark", "nobr", "q", "s", "small", "span", "strike", "strong", "sub", "sup", "time", "u",
    "wbr",
];
const OPAQUE: &[&str] = &[
    "area", "audio", "button", "canvas", "embed", "iframe", "img", "input", "label", "meter",
    "object", "picture", "progress", "select", "source", "track", "video",
];
const HIDDEN: &[&str] = &[
    "code", "kbd", "math", "noscript", "pre", "samp", "script", "style", "svg", "template",
    "textarea", "tt", "var",
];
const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6", "summary"];

fn one_of(list: &'static [&'static str], name: &str) -> Option<&'static str> {
    list.iter().copied().find(|n| n.eq_ignore_ascii_case(name))
}

/// The role of the element `name` (case-insensitive).
pub(super) fn role(name: &str) -> Role {
    if name.eq_ignore_ascii_case("br") {
        Role::LineBreak
    } else if one_of(FORMATTING, name).is_some() {
        Role::Formatting
    } else if one_of(OPAQUE, name).is_some() {
        Role::Opaque
    } else if one_of(HIDDEN, name).is_some() {
        Role::Hidden
    } else if one_of(HEADINGS, name).is_some() {
        Role::Heading
    } else {
        Role::Block
    }
}

/// The canonical (lower-case, static) name of a hidden element, to match its closing tag.
pub(super) fn hidden_name(name: &str) -> Option<&'static str> {
    one_of(HIDDEN, name)
}

/// The value of attribute `attr` in the tag `raw` (which starts at byte `offset` of the text), without
/// quotes, as a range of the text. `None` when the tag has no such attribute or its value is empty.
pub(super) fn attribute(raw: &str, offset: usize, attr: &str) -> Option<Range<usize>> {
    let bytes = raw.as_bytes();
    // Skip `<` and the tag name.
    let mut i = 1 + bytes
        .get(1..)?
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')?;
    loop {
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
        {
            i += 1;
        }
        let name_start = i;
        while bytes
            .get(i)
            .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
        {
            i += 1;
        }
        if i == name_start {
            return None;
        }
        let name = raw.get(name_start..i)?;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let value = if bytes.get(i) == Some(&b'=') {
            i += 1;
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let start = i + 1;
                    let len = bytes.get(start..)?.iter().position(|&b| b == q)?;
                    i = start + len + 1;
                    start..start + len
                }
                _ => {
                    let start = i;
                    while bytes
                        .get(i)
                        .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                    {
                        i += 1;
                    }
                    start..i
                }
            }
        } else {
            i..i
        };
        if name.eq_ignore_ascii_case(attr) {
            return (value.start < value.end).then_some(offset + value.start..offset + value.end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_markup() {
        assert_eq!(
            classify("<img src=\"x\"/>"),
            Markup::Tag {
                name: "img",
                closing: false,
                self_closing: true
            }
        );
        assert_eq!(
            classify("</Tip>"),
            Markup::Tag {
                name: "Tip",
                closing: true,
                self_closing: false
            }
        );
        assert_eq!(classify("<!-- x -->"), Markup::Comment);
        assert_eq!(classify("<!DOCTYPE html>"), Markup::Other);
        assert_eq!(classify("<3"), Markup::Other);
    }

    #[test]
    fn roles() {
        assert_eq!(role("B"), Role::Formatting);
        assert_eq!(role("br"), Role::LineBreak);
        assert_eq!(role("img"), Role::Opaque);
        assert_eq!(role("code"), Role::Hidden);
        assert_eq!(role("h2"), Role::Heading);
        assert_eq!(role("Tip"), Role::Block);
        assert_eq!(role("hfoption"), Role::Block);
    }

    #[test]
    fn attributes() {
        let value = |raw: &'static str| attribute(raw, 0, "title").map(|r| &raw[r]);
        assert_eq!(
            value("<abbr class=x title=\"High-Bandwidth Memory\">"),
            Some("High-Bandwidth Memory")
        );
        assert_eq!(value("<abbr TITLE='KV cache'>"), Some("KV cache"));
        assert_eq!(value("<abbr title=LLM>"), Some("LLM"));
        assert_eq!(value("<abbr>"), None);
        assert_eq!(value("<abbr hidden title=\"\">"), None);
        assert_eq!(value("<abbr title=\"unclosed>"), None);
        assert_eq!(attribute("<abbr title=LLM>", 10, "title"), Some(22..25));
    }
}
