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

#[cfg(test)]
mod tests {
    use super::end;

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
