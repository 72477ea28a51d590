//! reStructuredText inline markup in one paragraph: what is cut out of the prose and how the pieces
//! around each cut join (see the rules in [`super::rst`]).

use std::ops::Range;

use super::{slice, trimmed, AbbrElement, Join};

/// The longest role name (`py:meth`, `c:member`…) looked for.
const MAX_ROLE_NAME: usize = 40;
/// The longest substitution reference or footnote label looked for.
const MAX_LABEL: usize = 80;

/// Roles whose content is read as prose: `:emphasis:`, `:sup:`…, and `:term:` (a use of a glossary term).
const PROSE_ROLES: &[&str] = &[
    "emphasis",
    "strong",
    "sup",
    "sub",
    "superscript",
    "subscript",
    "title-reference",
    "title",
    "t",
    "dfn",
    "guilabel",
    "menuselection",
    "term",
];

/// A stretch of a paragraph that is not prose, and how the prose on both sides of it joins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Cut {
    pub range: Range<usize>,
    pub join: Join,
}

/// What the inline markup of one paragraph holds besides prose.
#[derive(Debug, Default)]
pub(super) struct Inline {
    /// Sorted, disjoint.
    pub cuts: Vec<Cut>,
    /// Texts of hyperlink references and of `:ref:`/`:doc:` roles with a title.
    pub links: Vec<Range<usize>>,
    /// `:abbr:` roles with an explanation: they define their acronym.
    pub abbrs: Vec<AbbrElement>,
}

/// Scans the paragraph `span` of `text` for inline markup. Linear in the span's length.
pub(super) fn scan(text: &str, span: Range<usize>) -> Inline {
    let mut s = Scan {
        text,
        end: span.end.min(text.len()),
        out: Inline::default(),
    };
    let bytes = text.as_bytes();
    let mut i = span.start;
    while i < s.end {
        let Some(&b) = bytes.get(i) else { break };
        i = match b {
            b'\\' => s.escape(i),
            b'`' => s.backtick(i),
            b':' => s.role_prefix(i).unwrap_or(i + 1),
            b'*' => s.emphasis(i),
            b'|' => s.substitution(i).unwrap_or(i + 1),
            b'[' => s.footnote_reference(i).unwrap_or(i + 1),
            b'_' => s.underscore(i),
            _ => i + 1,
        };
    }
    s.out
}

struct Scan<'t> {
    text: &'t str,
    end: usize,
    out: Inline,
}

impl Scan<'_> {
    fn cut(&mut self, range: Range<usize>, join: Join) {
        if range.start < range.end {
            self.out.cuts.push(Cut { range, join });
        }
    }

    fn before(&self, i: usize) -> Option<char> {
        self.text.get(..i).and_then(|s| s.chars().next_back())
    }

    fn after(&self, i: usize) -> Option<char> {
        self.text.get(i..self.end).and_then(|s| s.chars().next())
    }

    /// Whether inline markup may start at `i` with a start-string of `len` bytes: after the start,
    /// whitespace or opening punctuation, and followed by something that is not whitespace.
    fn opens(&self, i: usize, len: usize) -> bool {
        let before_ok = self
            .before(i)
            .is_none_or(|c| c.is_whitespace() || "'\"([{<-/:‘“«‚„".contains(c));
        before_ok && self.after(i + len).is_some_and(|c| !c.is_whitespace())
    }

    /// Whether inline markup may end at `i` with an end-string of `len` bytes.
    fn closes(&self, i: usize, len: usize) -> bool {
        self.before(i).is_some_and(|c| !c.is_whitespace())
            && self
                .after(i + len)
                .is_none_or(|c| c.is_whitespace() || "'\")]}>-/:.,;!?\\’”»_".contains(c))
    }

    /// The end-string `delim` after `from` that follows a non-space character, before the span's end.
    fn closing(&self, from: usize, delim: &str) -> Option<usize> {
        let hay = self.text.get(from..self.end)?;
        let mut at = 0;
        while let Some(found) = hay.get(at..).and_then(|h| h.find(delim)) {
            let j = from + at + found;
            if j > from && self.before(j).is_some_and(|c| !c.is_whitespace()) {
                return Some(j);
            }
            at += found + delim.len();
        }
        None
    }

    /// `\*`: the backslash is markup, the escaped character is text (and starts no markup); an escaped
    /// space is removed by rST, so both go.
    fn escape(&mut self, i: usize) -> usize {
        match self.after(i + 1) {
            Some(c) if c.is_whitespace() && c != '\n' && c != '\r' => {
                self.cut(i..i + 1 + c.len_utf8(), Join::Direct);
                i + 1 + c.len_utf8()
            }
            Some(c) => {
                self.cut(i..i + 1, Join::Direct);
                i + 1 + c.len_utf8()
            }
            None => i + 1,
        }
    }

    /// ``` ``literal`` ```, `` `text <url>`_ ``, `` `text`_ ``, `` `text`:role: `` or `` `interpreted` ``.
    fn backtick(&mut self, i: usize) -> usize {
        if self.text.as_bytes().get(i + 1) == Some(&b'`') {
            if self.opens(i, 2) {
                if let Some(j) = self.closing(i + 2, "``") {
                    self.cut(i..j + 2, Join::Break);
                    return j + 2;
                }
            }
            return i + 2;
        }
        if !self.opens(i, 1) {
            return i + 1;
        }
        let Some(j) = self.closing(i + 1, "`") else {
            return i + 1;
        };
        let rest = self.text.get(j + 1..self.end).unwrap_or("");
        let content = i + 1..j;
        if let Some(underscores) = ["__", "_"].into_iter().find(|u| rest.starts_with(u)) {
            let end = j + 1 + underscores.len();
            self.link(i, content, end);
            return end;
        }
        if let Some(name_len) = role_suffix(rest) {
            let end = j + 1 + name_len;
            let name = slice(self.text, j + 2..end - 1).to_string();
            self.role(&name, i..i + 1, content, j..end);
            return end;
        }
        // Interpreted text without a role takes the project's default role, in Sphinx docs most often
        // a cross-reference to code (`default_role = "py:obj"` or `"any"`).
        self.cut(i..j + 1, Join::Break);
        j + 1
    }

    /// A hyperlink reference from `open` (the backtick) to `end` (after the underscores).
    fn link(&mut self, open: usize, content: Range<usize>, end: usize) {
        match self.embedded_target(content).0 {
            Some(label) => {
                self.cut(open..label.start, Join::Direct);
                self.out.links.push(label.clone());
                self.cut(label.end..end, Join::Direct);
            }
            None => self.cut(open..end, Join::Break),
        }
    }

    /// The text part of `content` (trimmed) when it has one, before any `<target>`, and where the
    /// target starts (the content's end when there is none).
    fn embedded_target(&self, content: Range<usize>) -> (Option<Range<usize>>, usize) {
        let inner = slice(self.text, content.clone());
        let target_start = match inner.strip_suffix('>').and_then(|s| s.rfind('<')) {
            Some(lt) => content.start + lt,
            None => content.end,
        };
        (
            trimmed(self.text, content.start..target_start),
            target_start,
        )
    }

    /// A role prefix `:name:` at `i`, followed by `` `content` ``.
    fn role_prefix(&mut self, i: usize) -> Option<usize> {
        if !self
            .before(i)
            .is_none_or(|c| c.is_whitespace() || "'\"([{<-/‘“«".contains(c))
        {
            return None;
        }
        let bytes = self.text.as_bytes();
        let mut m = i + 1;
        while m < self.end
            && m - i <= MAX_ROLE_NAME
            && bytes
                .get(m)
                .is_some_and(|b| b.is_ascii_alphanumeric() || b"_.:+-".contains(b))
        {
            m += 1;
        }
        if bytes.get(m) != Some(&b'`') || m < i + 3 || bytes.get(m - 1) != Some(&b':') {
            return None;
        }
        let j = self.closing(m + 1, "`")?;
        let name = slice(self.text, i + 1..m - 1).to_string();
        self.role(&name, i..m + 1, m + 1..j, j..j + 1);
        Some(j + 1)
    }

    /// A role around `content`; `open` and `close` are its markup.
    fn role(&mut self, name: &str, open: Range<usize>, content: Range<usize>, close: Range<usize>) {
        let base = name.rsplit(':').next().unwrap_or(name).to_ascii_lowercase();
        let whole = open.start..close.end;
        match base.as_str() {
            "abbr" => {
                if let Some((acronym, title)) = abbr_parts(self.text, content.clone()) {
                    self.cut(open.start..acronym.start, Join::Direct);
                    self.cut(acronym.end..whole.end, Join::Direct);
                    self.out.abbrs.push(AbbrElement {
                        title,
                        text: acronym,
                    });
                } else {
                    self.cut(open, Join::Direct);
                    self.cut(close, Join::Direct);
                }
            }
            "ref" | "doc" => match self.embedded_target(content.clone()) {
                (Some(label), _) if slice(self.text, content).ends_with('>') => {
                    self.cut(open.start..label.start, Join::Direct);
                    self.out.links.push(label.clone());
                    self.cut(label.end..whole.end, Join::Direct);
                }
                // `:ref:`label``: the reader sees the section's title, not this identifier.
                _ => self.cut(whole, Join::Break),
            },
            role if PROSE_ROLES.contains(&role) => match self.embedded_target(content) {
                (Some(label), _) => {
                    self.cut(open.start..label.start, Join::Direct);
                    self.cut(label.end..whole.end, Join::Direct);
                }
                (None, _) => self.cut(whole, Join::Break),
            },
            _ => self.cut(whole, Join::Break),
        }
    }

    /// `*emphasis*` and `**strong**` delimiters are markup; a lone `*` between spaces or inside a word
    /// (`2*3`) is text.
    fn emphasis(&mut self, i: usize) -> usize {
        let run = self
            .text
            .as_bytes()
            .get(i..self.end)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b == b'*')
            .count();
        if run <= 2 && (self.opens(i, run) || self.closes(i, run)) {
            self.cut(i..i + run, Join::Direct);
        }
        i + run
    }

    /// `|name|` (and `|name|_`): replaced by whatever the substitution defines, so not prose.
    fn substitution(&mut self, i: usize) -> Option<usize> {
        if !self.opens(i, 1) {
            return None;
        }
        let limit = (i + MAX_LABEL).min(self.end);
        let hay = self.text.get(i + 1..limit)?;
        let j = i + 1 + hay.find(['|', '\n', '\r'])?;
        if self.text.as_bytes().get(j) != Some(&b'|') || !self.closes(j, 1) {
            return None;
        }
        let underscores = self
            .text
            .get(j + 1..self.end)?
            .bytes()
            .take_while(|&b| b == b'_')
            .count()
            .min(2);
        let end = j + 1 + underscores;
        self.cut(i..end, Join::Break);
        Some(end)
    }

    /// `[1]_`, `[#]_`, `[#name]_`, `[*]_`, `[CIT2002]_`: a superscript reference, joined directly.
    fn footnote_reference(&mut self, i: usize) -> Option<usize> {
        let limit = (i + MAX_LABEL).min(self.end);
        let hay = self.text.get(i + 1..limit)?;
        let close = hay.find(']')?;
        let label = hay.get(..close)?;
        let simple = !label.is_empty()
            && label
                .chars()
                .all(|c| c.is_alphanumeric() || "#*-_.".contains(c));
        let end = i + 1 + close + 2;
        if simple && self.text.as_bytes().get(end - 1) == Some(&b'_') {
            self.cut(i..end, Join::Direct);
            Some(end)
        } else {
            None
        }
    }

    /// `` _`inline target` `` (its text is prose) and `word_` / `word__` references (the underscores
    /// are markup).
    fn underscore(&mut self, i: usize) -> usize {
        let bytes = self.text.as_bytes();
        if bytes.get(i + 1) == Some(&b'`') && self.opens(i, 2) {
            if let Some(j) = self.closing(i + 2, "`") {
                self.cut(i..i + 2, Join::Direct);
                self.cut(j..j + 1, Join::Direct);
                return j + 1;
            }
        }
        let run = bytes
            .get(i..self.end)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b == b'_')
            .count();
        let word_before = self.before(i).is_some_and(char::is_alphanumeric);
        let word_after = self
            .after(i + run)
            .is_some_and(|c| c.is_alphanumeric() || c == '`');
        if run <= 2 && word_before && !word_after {
            self.cut(i..i + run, Join::Direct);
        }
        i + run
    }
}

/// The length of a role suffix `:name:` at the start of `rest`.
fn role_suffix(rest: &str) -> Option<usize> {
    let inner = rest.strip_prefix(':')?;
    let len = inner
        .bytes()
        .take(MAX_ROLE_NAME)
        .take_while(|b| b.is_ascii_alphanumeric() || b"_.+-".contains(b))
        .count();
    (len > 0 && inner.as_bytes().get(len) == Some(&b':')).then_some(len + 2)
}

/// `LLM` and `large language model` in `LLM (large language model)`.
fn abbr_parts(text: &str, content: Range<usize>) -> Option<(Range<usize>, Range<usize>)> {
    let inner = slice(text, content.clone());
    let body = inner.strip_suffix(')')?;
    let open = body.rfind('(')?;
    let acronym = trimmed(text, content.start..content.start + open)?;
    let title = trimmed(text, content.start + open + 1..content.start + body.len())?;
    Some((acronym, title))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cuts(text: &str) -> Vec<(&str, Join)> {
        scan(text, 0..text.len())
            .cuts
            .into_iter()
            .map(|c| (&text[c.range], c.join))
            .collect()
    }

    #[test]
    fn literals_roles_links_and_markup() {
        assert_eq!(cuts("a ``x y`` b"), vec![("``x y``", Join::Break)]);
        assert_eq!(
            cuts(":term:`LLM` and :func:`f`"),
            vec![
                (":term:`", Join::Direct),
                ("`", Join::Direct),
                (":func:`f`", Join::Break)
            ]
        );
        assert_eq!(
            cuts("`PyTorch docs <https://x>`_ x"),
            vec![("`", Join::Direct), (" <https://x>`_", Join::Direct)]
        );
        assert_eq!(
            cuts("*a* 2*3 a * b"),
            vec![("*", Join::Direct), ("*", Join::Direct)]
        );
        assert_eq!(cuts("see |ver| x"), vec![("|ver|", Join::Break)]);
        assert_eq!(cuts("text [1]_ x"), vec![("[1]_", Join::Direct)]);
        assert_eq!(cuts("PyTorch_ x"), vec![("_", Join::Direct)]);
        assert_eq!(cuts("snake_case"), vec![]);
    }

    #[test]
    fn abbr_role_defines() {
        let text = ":abbr:`LLM (large language model)` x";
        let inline = scan(text, 0..text.len());
        let abbr = &inline.abbrs[0];
        assert_eq!(&text[abbr.text.clone()], "LLM");
        assert_eq!(&text[abbr.title.clone()], "large language model");
    }
}
