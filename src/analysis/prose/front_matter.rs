//! Front matter: a YAML (`---` … `---` or `...`) or TOML (`+++` … `+++`) block at the very start of a
//! document, as Jekyll, Hugo and MkDocs read it.
//!
//! We find it ourselves rather than with pulldown-cmark's metadata-block options: those also accept a
//! `---` line in the middle of a document, where it is a thematic break or a setext underline, and then
//! swallow the prose up to the next `---`.

use super::lines::Lines;

/// The end of the front matter (the end of its closing line, before the line ending), or `None` when the
/// document does not start with one. A byte-order mark before the opening line is allowed; a block that
/// is never closed is not front matter.
pub(super) fn end(text: &str) -> Option<usize> {
    let from = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = Lines::new(text, from);
    let first = lines.next()?;
    let opening = text.get(first.start..first.end)?.trim_end();
    let closes: &[&str] = match opening {
        "---" => &["---", "..."],
        "+++" => &["+++"],
        _ => return None,
    };
    lines
        .find(|l| {
            text.get(l.start..l.end)
                .is_some_and(|s| closes.contains(&s.trim_end()))
        })
        .map(|l| l.end)
}

/// The page's title in front matter that ends at `end` (YAML `title: …`, TOML `title = …`, on one
/// line at the start of a line, in quotes or not): the range of its words. Documentation sites
/// (Jekyll, Hugo, Docusaurus, Mintlify, Quarto) show it as the page's top heading, so it is read as
/// one: "title: \"RAG (Retrieval Augmented Generation)\"" defines RAG for the page. `None` for a
/// title written over several lines (`title: |`) or with escapes inside its quotes, whose words are
/// not the source's as they stand.
pub(super) fn title(text: &str, end: usize) -> Option<std::ops::Range<usize>> {
    let front = text.get(..end)?;
    let mut at = 0;
    for line in front.split_inclusive('\n') {
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

#[cfg(test)]
mod tests {
    use super::{end, title};

    fn titled(text: &str) -> Option<&str> {
        let range = title(text, end(text)?)?;
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
    }

    #[test]
    fn yaml_and_toml_at_the_start() {
        assert_eq!(end("---\ntitle: x\n---\nText"), Some(16));
        assert_eq!(end("---\r\ntitle: x\r\n...\r\nText"), Some(18));
        assert_eq!(end("+++\ntitle = 1\n+++\n"), Some(17));
        assert_eq!(end("\u{feff}---\n---\n"), Some(10));
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
