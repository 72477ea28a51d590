//! Front matter: a YAML (`---` … `---` or `...`) or TOML (`+++` … `+++`) block at the very start of a
//! document, as Jekyll, Hugo, MkDocs, Quarto and MyST read it. One reader for the prose scan (which
//! blanks it and reads its title) and the MyST loader (which reads its abbreviations).
//!
//! We find it ourselves rather than with pulldown-cmark's metadata-block options: those also accept a
//! `---` line in the middle of a document, where it is a thematic break or a setext underline, and then
//! swallow the prose up to the next `---`.

use crate::text::lines::Lines;
use std::ops::Range;

/// The language a front matter is written in, told by its fences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
}

/// A document's front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    pub format: Format,
    /// The lines between the fences (from the start of the line after the opening fence to the start of
    /// the closing fence).
    pub body: Range<usize>,
    /// The end of the closing fence's line, before its line ending.
    pub end: usize,
}

/// The front matter `text` starts with, if any. A byte-order mark before the opening line is allowed;
/// a block that is never closed is not front matter.
pub fn find(text: &str) -> Option<FrontMatter> {
    let from = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = Lines::new(text, from);
    let first = lines.next()?;
    let (format, closes): (Format, &[&str]) = match text.get(first.start..first.end)?.trim_end() {
        "---" => (Format::Yaml, &["---", "..."]),
        "+++" => (Format::Toml, &["+++"]),
        _ => return None,
    };
    let closing = lines.find(|l| {
        text.get(l.start..l.end)
            .is_some_and(|s| closes.contains(&s.trim_end()))
    })?;
    Some(FrontMatter {
        format,
        body: first.next..closing.start,
        end: closing.end,
    })
}

/// The end of the front matter `text` starts with (the end of its closing line, before the line
/// ending), if any.
pub fn end(text: &str) -> Option<usize> {
    find(text).map(|f| f.end)
}

impl FrontMatter {
    /// The page's title (YAML `title: …`, TOML `title = …`, on one line at the start of a line, in
    /// quotes or not): the range of its words in `text`. Documentation sites (Jekyll, Hugo, Docusaurus,
    /// Mintlify, Quarto) show it as the page's top heading. `None` for a title written over several
    /// lines (`title: |`) or with escapes inside its quotes, whose words are not the source's as they
    /// stand.
    pub fn title(&self, text: &str) -> Option<Range<usize>> {
        let body = text.get(self.body.clone())?;
        let mut at = self.body.start;
        for line in body.split_inclusive('\n') {
            let start = at;
            at += line.len();
            let Some(value) = line
                .strip_prefix("title:")
                .or_else(|| line.strip_prefix("title ="))
                .or_else(|| line.strip_prefix("title="))
            else {
                continue;
            };
            let quoted = value.trim();
            let words = match quoted.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let inner = quoted.strip_prefix(quote)?.strip_suffix(quote)?;
                    if inner.contains(['\\', quote]) {
                        return None;
                    }
                    inner.trim()
                }
                Some('|' | '>') | None => return None,
                Some(_) => quoted,
            };
            // Only spaces and a quote stand before the words in `value`: its first match is theirs.
            let offset = start + line.len() - value.len() + value.find(words)?;
            return (!words.is_empty()).then(|| offset..offset + words.len());
        }
        None
    }

    /// The values of the page's taxonomy keys (`tags`, `categories`, `keywords`; YAML `key: [a, b]`
    /// or `key: a` on the key's line, or a block list `- a` under it; TOML `key = [...]`): slugs that
    /// file the page, written in lower case whatever they abbreviate (`tags: [eks, gpu]`). Each range
    /// is a line's value, from after the key or the list marker to the line's end.
    pub fn taxonomy(&self, text: &str) -> Vec<Range<usize>> {
        const KEYS: &[&str] = &[
            "tags",
            "tag",
            "categories",
            "category",
            "keywords",
            "topics",
        ];
        let mut out = Vec::new();
        let Some(body) = text.get(self.body.clone()) else {
            return out;
        };
        let mut at = self.body.start;
        let mut in_list = false;
        for line in body.split_inclusive('\n') {
            let start = at;
            at += line.len();
            let content = line.trim_end();
            // Each value is the end of `content`.
            let value_from = |value: &str| start + content.len() - value.len();
            let indented = content.starts_with([' ', '\t']);
            let item = content.trim_start().strip_prefix("- ");
            match item {
                Some(value) if in_list && (indented || content.starts_with('-')) => {
                    out.push(value_from(value)..start + content.len());
                    continue;
                }
                _ => in_list = false,
            }
            if indented {
                continue;
            }
            let Some((key, value)) = content.split_once([':', '=']) else {
                continue;
            };
            if !KEYS.contains(&key.trim().to_ascii_lowercase().as_str()) {
                continue;
            }
            if value.trim().is_empty() {
                in_list = true;
            } else {
                out.push(value_from(value)..start + content.len());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{end, find, Format};

    #[test]
    fn the_taxonomy_values_in_front_matter() {
        let text = "---\ntitle: EKS guide\ntags: [eks, gpu]\ncategories:\n  - mlops\n  - k8s\nauthor: me\n---\nText";
        let front = find(text).expect("front matter");
        let values: Vec<&str> = front
            .taxonomy(text)
            .into_iter()
            .filter_map(|r| text.get(r))
            .collect();
        assert_eq!(values, [" [eks, gpu]", "mlops", "k8s"]);
        let toml = "+++\nkeywords = [\"rlhf\"]\n+++\n";
        let values: Vec<&str> = find(toml)
            .expect("front matter")
            .taxonomy(toml)
            .into_iter()
            .filter_map(|r| toml.get(r))
            .collect();
        assert_eq!(values, [" [\"rlhf\"]"]);
    }

    fn titled(text: &str) -> Option<&str> {
        let range = find(text)?.title(text)?;
        text.get(range)
    }

    #[test]
    fn the_title_in_front_matter() {
        assert_eq!(
            titled("---\ntitle: \"RAG (Retrieval Augmented Generation)\"\nsidebarTitle: \"RAG\"\n---\nText"),
            Some("RAG (Retrieval Augmented Generation)")
        );
        assert_eq!(
            titled("---\nlayout: post\ntitle:  Notes on LLMs \n---\n"),
            Some("Notes on LLMs")
        );
        assert_eq!(titled("+++\ntitle = 'KV caches'\n+++\n"), Some("KV caches"));
        assert_eq!(
            titled("---\ntitle: \"  title: LLMs \"\n---\n"),
            Some("title: LLMs")
        );
        assert_eq!(titled("---\ntitle: |\n  Two lines\n---\n"), None);
        assert_eq!(titled("---\ntitle: \"A \\\"quoted\\\" word\"\n---\n"), None);
        assert_eq!(titled("---\nsubtitle: x\n  title: y\n---\n"), None);
        assert_eq!(titled("---\ntitle:\n---\n"), None);
        assert_eq!(titled("---\n---\ntitle: after\n"), None);
    }

    #[test]
    fn yaml_and_toml_at_the_start() {
        assert_eq!(end("---\ntitle: x\n---\nText"), Some(16));
        assert_eq!(end("---\r\ntitle: x\r\n...\r\nText"), Some(18));
        assert_eq!(end("+++\ntitle = 1\n+++\n"), Some(17));
        assert_eq!(end("\u{feff}---\n---\n"), Some(10));
        let text = "---\r\nabbreviations:\r\n  LLM: x\r\n---\r\nText";
        let found = find(text).unwrap();
        assert_eq!(found.format, Format::Yaml);
        assert_eq!(text.get(found.body), Some("abbreviations:\r\n  LLM: x\r\n"));
        assert_eq!(
            find("+++\na = 1\n+++").map(|f| f.format),
            Some(Format::Toml)
        );
    }

    #[test]
    fn nothing_else_is_front_matter() {
        assert_eq!(end("Text\n---\nmore\n---\n"), None);
        assert_eq!(end("\n---\na\n---\n"), None);
        assert_eq!(end("---\nnever closed\n"), None);
        assert_eq!(end("--- \n---"), Some(8));
        assert_eq!(end(""), None);
    }
}
