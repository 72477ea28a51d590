//! Inline non-prose that pulldown-cmark does not know: one linear pass over the text.
//!
//! - bare URLs and e-mail addresses ([`super::urls`]);
//! - Liquid / Jinja / Hugo template tags, `{{ … }}` and `{% … %}` (Jekyll posts link with
//!   `[Blog]({{ site.url }})`);
//! - kramdown attribute lists and Python-Markdown attr_list, `{: .align-center}`, `{#id}`, `{ .class }`;
//! - TeX math written with `\(…\)`, or `\\(…\\)` and `\\[…\\]` as Hugging Face docs do (the doubled
//!   backslash survives Markdown escaping so MathJax sees `\(`); pulldown-cmark only knows `$…$`;
//! - TeX display math `\[…\]` and bare math environments `\begin{align}…\end{align}`, when
//!   [`super::display_math`] finds the evidence that they are math and not escaped brackets.
//!
//! The result is a sorted list of byte ranges that prose is cut around ([`super::builder`]). Template and
//! math spans on one line are also *masked* (see [`super::markdown`]) so that pulldown-cmark does not
//! read their `*`, `_` or spaces as Markdown: `[Blog]({{ site.url }})` is only a link once the tag is gone.
//! Display math is masked over all its lines (line endings are kept): a line of it that starts with
//! `- ` or `#`, or is a row of `=`, would otherwise open a list, a heading or make one, and the
//! masked lines are a paragraph's lazy continuation lines, inside a list item or a quote as well.
//!
//! A span must close before the next blank line, a backtick, and [`MAX_SPAN`] bytes; the searches for
//! closers are cached so the pass stays linear on any input.

use std::ops::Range;

use super::display_math;
use super::urls;

/// The longest template tag or math span we look for.
const MAX_SPAN: usize = 2000;
/// The longest attribute list.
const MAX_ATTRIBUTES: usize = 300;

/// Which document kind to scan for: plain text only excludes URLs and e-mail addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Markdown,
    Plain,
}

/// Inline non-prose: `ranges` are sorted and disjoint; `masks` are the ones safe to mask before parsing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Exclusions {
    pub ranges: Vec<Range<usize>>,
    pub masks: Vec<Range<usize>>,
}

/// Scans `text` for inline non-prose.
///
/// Candidates are found with `memchr` (SIMD byte search) rather than by looking at every byte: a 1 MB
/// document is scanned on every change, and most of it holds none of these characters.
pub(super) fn scan(text: &str, mode: Mode) -> Exclusions {
    let mut scanner = Scanner::new(text);
    let bytes = text.as_bytes();
    let markdown = mode == Mode::Markdown;
    // Three streams of candidates, merged in order: `:` (a URL's `://`), `@` (an e-mail address) and `{`
    // (a template tag or attribute list); `\` (TeX math); `www.`.
    let mut single = memchr::memchr3_iter(b':', b'@', b'{', bytes).peekable();
    let mut backslash = memchr::memchr_iter(b'\\', bytes).peekable();
    let mut www = memchr::memmem::find_iter(bytes, b"www.").peekable();
    let mut found = Vec::new();
    let mut masks = Vec::new();
    // Candidates before `pos` are inside a span already found.
    let mut pos = 0;
    loop {
        let next = [single.peek(), backslash.peek(), www.peek()]
            .into_iter()
            .enumerate()
            .filter_map(|(k, p)| p.map(|&p| (p, k)))
            .min();
        let Some((i, k)) = next else {
            break;
        };
        match k {
            0 => single.next(),
            1 => backslash.next(),
            _ => www.next(),
        };
        if i < pos {
            continue;
        }
        let span = match (k, bytes.get(i)) {
            (0, Some(b':')) => urls::url_with_scheme(text, i).map(|r| (r, false)),
            (0, Some(b'@')) => urls::email(bytes, i).map(|r| (r, false)),
            (0, Some(b'{')) if markdown => scanner.brace(i),
            (1, _) if markdown => scanner.tex(i),
            (2, _) => urls::url_with_www(text, i).map(|r| (r, false)),
            _ => None,
        };
        if let Some((range, maskable)) = span {
            pos = range.end.max(i + 1);
            if maskable {
                masks.push(range.clone());
            }
            found.push(range);
        }
    }
    Exclusions {
        ranges: crate::text::ranges::merge(found),
        masks,
    }
}

/// The next occurrence of a needle at or after a position, remembered so that repeated searches from
/// increasing positions cost one pass over the text in total.
pub(super) struct Next {
    needle: &'static str,
    found: Option<usize>,
    exhausted: bool,
}

impl Next {
    pub fn new(needle: &'static str) -> Self {
        Next {
            needle,
            found: None,
            exhausted: false,
        }
    }

    pub fn at_or_after(&mut self, text: &str, i: usize) -> Option<usize> {
        if self.exhausted {
            return None;
        }
        if let Some(p) = self.found.filter(|&p| p >= i) {
            return Some(p);
        }
        let rest = text.get(i..)?;
        match rest.find(self.needle) {
            Some(k) => {
                self.found = Some(i + k);
                self.found
            }
            None => {
                self.exhausted = true;
                None
            }
        }
    }
}

/// The next blank line (a line ending followed by only spaces and tabs up to another line ending or the
/// end of the text), remembered like [`Next`].
struct NextBlank {
    found: Option<usize>,
    exhausted: bool,
}

impl NextBlank {
    fn at_or_after(&mut self, bytes: &[u8], i: usize) -> Option<usize> {
        if self.exhausted {
            return None;
        }
        if let Some(p) = self.found.filter(|&p| p >= i) {
            return Some(p);
        }
        let mut k = i;
        while let Some(&b) = bytes.get(k) {
            if b == b'\n' || b == b'\r' {
                let mut j = k + 1;
                if b == b'\r' && bytes.get(j) == Some(&b'\n') {
                    j += 1;
                }
                while matches!(bytes.get(j), Some(b' ' | b'\t')) {
                    j += 1;
                }
                if matches!(bytes.get(j), None | Some(b'\n' | b'\r')) {
                    self.found = Some(k);
                    return self.found;
                }
                k = j;
            } else {
                k += 1;
            }
        }
        self.exhausted = true;
        None
    }
}

/// The cached searches of one scan.
struct Scanner<'t> {
    text: &'t str,
    blank: NextBlank,
    backtick: Next,
    liquid_output: Next,
    liquid_tag: Next,
    tex_paren: Next,
    tex_bracket: Next,
    tex_single: Next,
    tex_display: Next,
    /// One search per [`display_math::ENVIRONMENTS`] closer, in its order.
    environments: Vec<Next>,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str) -> Self {
        Scanner {
            text,
            blank: NextBlank {
                found: None,
                exhausted: false,
            },
            backtick: Next::new("`"),
            liquid_output: Next::new("}}"),
            liquid_tag: Next::new("%}"),
            tex_paren: Next::new("\\\\)"),
            tex_bracket: Next::new("\\\\]"),
            tex_single: Next::new("\\)"),
            tex_display: Next::new("\\]"),
            environments: display_math::ENVIRONMENTS
                .iter()
                .map(|&(_, closer)| Next::new(closer))
                .collect(),
        }
    }

    /// A span from `start` whose opener ends at `body` and which closes with `closer`; and whether it may
    /// be masked (one line, no table pipe).
    fn span(&mut self, start: usize, body: usize, closer: Closer) -> Option<(Range<usize>, bool)> {
        let next = match closer {
            Closer::LiquidOutput => &mut self.liquid_output,
            Closer::LiquidTag => &mut self.liquid_tag,
            Closer::TexParen => &mut self.tex_paren,
            Closer::TexBracket => &mut self.tex_bracket,
            Closer::TexSingle => &mut self.tex_single,
            Closer::TexDisplay => &mut self.tex_display,
            Closer::Environment(k) => self.environments.get_mut(k)?,
        };
        let needle_len = next.needle.len();
        let close = next.at_or_after(self.text, body)?;
        if close - start > MAX_SPAN {
            return None;
        }
        let bytes = self.text.as_bytes();
        if self
            .blank
            .at_or_after(bytes, body)
            .is_some_and(|b| b < close)
            || self
                .backtick
                .at_or_after(self.text, body)
                .is_some_and(|b| b < close)
        {
            return None;
        }
        let end = close + needle_len;
        let inner = bytes.get(start..end)?;
        let maskable = !inner.iter().any(|&b| matches!(b, b'\n' | b'\r' | b'|'));
        Some((start..end, maskable))
    }

    /// A template tag or attribute list at the `{` at `i`.
    fn brace(&mut self, i: usize) -> Option<(Range<usize>, bool)> {
        let bytes = self.text.as_bytes();
        match bytes.get(i + 1) {
            Some(b'{') => return self.span(i, i + 2, Closer::LiquidOutput),
            Some(b'%') => return self.span(i, i + 2, Closer::LiquidTag),
            _ => {}
        }
        let mut k = i + 1;
        while bytes.get(k) == Some(&b' ') {
            k += 1;
        }
        let opens = match bytes.get(k) {
            Some(b':') => true,
            Some(b'#' | b'.') => bytes
                .get(k + 1)
                .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'-' || b == b'_'),
            _ => false,
        };
        if !opens {
            return None;
        }
        let window = bytes.get(k..).unwrap_or_default();
        let close = window
            .iter()
            .take(MAX_ATTRIBUTES)
            .position(|&b| matches!(b, b'}' | b'{' | b'\n' | b'\r'))?;
        (window.get(close) == Some(&b'}')).then_some((i..k + close + 1, false))
    }

    /// A TeX math span at the `\` at `i`.
    fn tex(&mut self, i: usize) -> Option<(Range<usize>, bool)> {
        let bytes = self.text.as_bytes();
        match (bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(b'\\'), Some(b'(')) => self.span(i, i + 3, Closer::TexParen),
            (Some(b'\\'), Some(b'[')) => self.span(i, i + 3, Closer::TexBracket),
            (Some(b'('), _) => self.span(i, i + 2, Closer::TexSingle),
            (Some(b'['), _) => self.display(i),
            (Some(b'b'), _) => {
                let (k, body) = display_math::environment(bytes, i)?;
                self.span(i, body, Closer::Environment(k))
                    .map(|(range, maskable)| display_mask(bytes, range, maskable))
            }
            _ => None,
        }
    }

    /// A `\[ … \]` display math span at `i`, when its content is math.
    fn display(&mut self, i: usize) -> Option<(Range<usize>, bool)> {
        let bytes = self.text.as_bytes();
        let opens_line = display_math::opens_line(bytes, i);
        let (range, maskable) = self.span(i, i + 2, Closer::TexDisplay)?;
        let content = bytes.get(i + 2..range.end.checked_sub(2)?)?;
        let alone = opens_line && display_math::ends_line(bytes, range.end);
        display_math::is_math(content, alone).then(|| display_mask(bytes, range, maskable))
    }
}

/// Display math over several lines is masked too (see the module comment); on one line it is
/// masked as any span, unless it holds a table's `|`.
fn display_mask(bytes: &[u8], range: Range<usize>, maskable: bool) -> (Range<usize>, bool) {
    let lines = bytes.get(range.clone()).is_some_and(|s| s.contains(&b'\n'));
    (range, maskable || lines)
}

#[derive(Debug, Clone, Copy)]
enum Closer {
    LiquidOutput,
    LiquidTag,
    TexParen,
    TexBracket,
    TexSingle,
    TexDisplay,
    Environment(usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excluded(text: &str, mode: Mode) -> Vec<&str> {
        scan(text, mode)
            .ranges
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn urls_and_emails_in_both_modes() {
        let text = "See https://x.org/a, www.y.com and me@z.io.";
        let expected = vec!["https://x.org/a", "www.y.com", "me@z.io"];
        assert_eq!(excluded(text, Mode::Markdown), expected);
        assert_eq!(excluded(text, Mode::Plain), expected);
    }

    #[test]
    fn templates_attributes_and_math_only_in_markdown() {
        let text =
            "[Blog]({{ site.x }}) {% if a %}![i](p){: .c} \\\\( \\pi \\\\) and \\(x\\) {#id}";
        assert_eq!(
            excluded(text, Mode::Markdown),
            vec![
                "{{ site.x }}",
                "{% if a %}",
                "{: .c}",
                "\\\\( \\pi \\\\)",
                "\\(x\\)",
                "{#id}"
            ]
        );
        assert!(excluded(text, Mode::Plain).is_empty());
    }

    #[test]
    fn spans_stop_at_blank_lines_backticks_and_length() {
        assert!(excluded("{{ a\n\nb }}", Mode::Markdown).is_empty());
        assert!(excluded("{{ a\r\n  \r\nb }}", Mode::Markdown).is_empty());
        assert_eq!(excluded("{{ a\nb }}", Mode::Markdown), vec!["{{ a\nb }}"]);
        assert!(excluded("`{{` and `}}`", Mode::Markdown).is_empty());
        let long = format!("{{{{ {} }}}}", "a".repeat(MAX_SPAN));
        assert!(excluded(&long, Mode::Markdown).is_empty());
        assert!(excluded("{ not: attributes }", Mode::Markdown).is_empty());
        assert!(excluded("{.5}", Mode::Markdown).is_empty());
    }

    #[test]
    fn only_one_line_spans_without_pipes_are_masked() {
        let text = "{{ a }} {{ b\nc }} {{ d | e }}";
        let masks: Vec<&str> = scan(text, Mode::Markdown)
            .masks
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(masks, vec!["{{ a }}"]);
    }
}
