//! Quarto (`.qmd`): Pandoc Markdown with executable chunks.
//!
//! Most of Quarto is already read by the Markdown pipeline: YAML front matter ([`super::front_matter`]),
//! executable chunks (```` ```{python} ```` is a fenced code block whose info string is `{python}`),
//! shortcodes (`{{< video … >}}`, `{{% … %}}`, cut out like template tags by [`super::exclusions`]) and
//! attributes such as `{#sec-intro}` and `[text]{.smallcaps}`. This pre-scan adds the rest:
//!
//! - div fences (`::: {.callout-note}`, `::::: columns`, a closing `:::`): the fence line is not prose,
//!   the div's content is; a callout's `title="…"` attribute is a heading block;
//! - cross-references and citations: `@fig-x`, `[@sec-intro]`, `-@smith2020`, `[see @tbl-a, p. 3]`: the
//!   `@key` is not prose (an `@` inside a word, as in an e-mail address, is not a reference);
//! - attribute lists right after a span, link or image that the Markdown scan does not know
//!   (`![](a.png){width=80% fig-align="center"}`).

use std::ops::Range;

use super::fences::{self, Fence};
use super::lines::{block_start, Lines};
use super::markdown::Found;
use super::{slice, BlockKind};

/// The longest attribute list looked for after a span.
const MAX_ATTRIBUTES: usize = 300;

/// Scans `text` from `from` (the start of a line).
pub(super) fn scan(text: &str, from: usize) -> Found {
    let mut found = Found::default();
    let mut fence: Option<Fence> = None;
    // In an executable chunk, still among its leading `#|` option lines.
    let mut options = false;
    for line in Lines::new(text, from) {
        let s = slice(text, line.start..line.end);
        if let Some(open) = fence {
            if fences::closes(open, s) {
                fence = None;
            } else if options {
                match chunk_option(s) {
                    ChunkOption::Caption(caption) => found.titles.push((
                        BlockKind::Body,
                        line.start + caption.start..line.start + caption.end,
                    )),
                    ChunkOption::Other => {}
                    ChunkOption::None => options = false,
                }
            }
            continue;
        }
        if let Some(open) = fences::open_code(s) {
            fence = Some(open.fence);
            options = s
                .get(open.info..)
                .is_some_and(|info| info.trim_start().starts_with('{'));
            continue;
        }
        if fences::open_colon(s).is_some() {
            found.blank.push(line.start..line.end);
            if let Some(title) = title_attribute(s) {
                found.titles.push((
                    BlockKind::Title,
                    line.start + title.start..line.start + title.end,
                ));
            }
        }
    }
    let bytes = text.as_bytes();
    let rest = bytes.get(from..).unwrap_or_default();
    for at in memchr::memchr_iter(b'@', rest).map(|k| from + k) {
        if let Some(key) = reference(bytes, at) {
            found.cuts.push(key);
        }
    }
    for at in memchr::memchr_iter(b'{', rest).map(|k| from + k) {
        if let Some(attributes) = span_attributes(bytes, at) {
            found.cuts.push(attributes);
        }
    }
    found
}

/// Chunk options whose value is a caption: prose, as a figure's caption is in Markdown.
const CAPTION_OPTIONS: &[&str] = &["fig-cap", "tbl-cap", "lst-cap"];

/// A line of an executable chunk, read as a chunk option (`#| fig-cap: "…"`, `//|` in JavaScript).
enum ChunkOption {
    /// A caption option with a value on its line: the value's range in the line, without quotes.
    Caption(Range<usize>),
    /// Another option (or a caption written as a YAML list or over several lines).
    Other,
    /// Not an option line: the chunk's code starts.
    None,
}

fn chunk_option(line: &str) -> ChunkOption {
    let trimmed = line.trim_start();
    let Some(rest) = trimmed
        .strip_prefix("#|")
        .or_else(|| trimmed.strip_prefix("//|"))
    else {
        return ChunkOption::None;
    };
    let Some((key, value)) = rest.split_once(':') else {
        return ChunkOption::Other;
    };
    if !CAPTION_OPTIONS.contains(&key.trim()) {
        return ChunkOption::Other;
    }
    let value_start = line.len() - value.len();
    let lead = value.len() - value.trim_start().len();
    let value = value.trim();
    let mut start = value_start + lead;
    let mut len = value.len();
    if let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') {
        if len < 2 || !value.ends_with(quote) {
            return ChunkOption::Other;
        }
        start += 1;
        len -= 2;
    }
    if len == 0 || value.starts_with(['[', '|', '>']) {
        return ChunkOption::Other;
    }
    ChunkOption::Caption(start..start + len)
}

/// The value of `title="…"` in a div fence's attributes, as a range of the line.
fn title_attribute(line: &str) -> Option<Range<usize>> {
    let rest = block_start(line)?;
    let offset = line.len() - rest.len();
    let open = rest.find('{')?;
    let close = open + rest.get(open..)?.find('}')?;
    let attributes = rest.get(open..close)?;
    let key = attributes.find("title=")?;
    let value = attributes.get(key + "title=".len()..)?;
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let len = value.get(1..)?.find(quote)?;
    let start = offset + open + key + "title=".len() + 1;
    (len > 0).then_some(start..start + len)
}

/// The cross-reference or citation `@key` at `at`: Pandoc's citation key (a letter, digit or `_`, then
/// those and internal punctuation `:.#$%&-+?<>~/`), after the start of the text, whitespace, `[`, `(`,
/// `;` or `-`. Trailing punctuation is not part of the key.
fn reference(bytes: &[u8], at: usize) -> Option<Range<usize>> {
    let before = at.checked_sub(1).and_then(|i| bytes.get(i));
    if !matches!(
        before,
        None | Some(b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'(' | b';' | b'-')
    ) {
        return None;
    }
    let first = *bytes.get(at + 1)?;
    if !(first.is_ascii_alphanumeric() || first == b'_') {
        return None;
    }
    let mut end = at + 2;
    while let Some(&b) = bytes.get(end) {
        let word = b.is_ascii_alphanumeric() || b == b'_';
        let inner = b":.#$%&-+?<>~/".contains(&b)
            && bytes
                .get(end + 1)
                .is_some_and(|&n| n.is_ascii_alphanumeric() || n == b'_');
        if !(word || inner) {
            break;
        }
        end += 1;
    }
    Some(at..end)
}

/// An attribute list `{…}` right after `)` or `]` (an image, a link, a bracketed span), closed on the
/// same line.
fn span_attributes(bytes: &[u8], at: usize) -> Option<Range<usize>> {
    let before = *bytes.get(at.checked_sub(1)?)?;
    if before != b')' && before != b']' {
        return None;
    }
    let window = bytes.get(at + 1..)?;
    let close = window
        .iter()
        .take(MAX_ATTRIBUTES)
        .position(|&b| matches!(b, b'}' | b'{' | b'\n' | b'\r'))?;
    (window.get(close) == Some(&b'}')).then_some(at..at + 1 + close + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces<'t>(text: &'t str, ranges: &[Range<usize>]) -> Vec<&'t str> {
        ranges.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn div_fences_and_callout_titles() {
        let text = "::: {.callout-tip title=\"Use RAG\"}\nBody\n:::\n```{python}\n:::\n```\n";
        let found = scan(text, 0);
        assert_eq!(
            pieces(text, &found.blank),
            ["::: {.callout-tip title=\"Use RAG\"}", ":::"]
        );
        let titles: Vec<_> = found.titles.iter().map(|(_, r)| r.clone()).collect();
        assert_eq!(pieces(text, &titles), ["Use RAG"]);
    }

    #[test]
    fn chunk_captions_are_prose_and_other_options_are_not() {
        let text = "```{python}\n#| label: fig-loss\n#| fig-cap: \"Loss of the LLM\"\n//| tbl-cap: PPO runs\n#| fig-subcap:\n#|   - \"A\"\nplot()  #| fig-cap: \"no\"\n#| fig-cap: \"after code\"\n```\n```python\n#| fig-cap: \"not a chunk\"\n```\n";
        let titles: Vec<_> = scan(text, 0)
            .titles
            .iter()
            .map(|(_, r)| r.clone())
            .collect();
        assert_eq!(pieces(text, &titles), ["Loss of the LLM", "PPO runs"]);
    }

    #[test]
    fn references_but_not_addresses() {
        let text = "See @fig-plot, [@sec-intro; -@smith2020.] and a@b.org or @.";
        assert_eq!(
            pieces(text, &scan(text, 0).cuts),
            ["@fig-plot", "@sec-intro", "@smith2020"]
        );
    }

    #[test]
    fn attributes_after_spans() {
        let text = "![A](a.png){width=80%} [x]{.y} {not}";
        assert_eq!(pieces(text, &scan(text, 0).cuts), ["{width=80%}", "{.y}"]);
    }
}
