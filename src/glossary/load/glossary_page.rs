//! Glossary pages, as Hugging Face's doc-builder sites and many others write them: a heading per term,
//! its definition in the paragraph below.
//!
//! ```markdown
//! ### masked language modeling (MLM)
//!
//! A pretraining task in which the model sees a corrupted version of the text …
//! ```
//!
//! Headings followed directly by another heading (`## A` above its terms) and the page title (`#`)
//! are not terms. Fenced code is skipped.

use std::path::Path;

use super::collector::Collector;
use super::headword::{entry, plain_inline};
use crate::error::FileError;
use crate::glossary::Entry;
use crate::text::lines::Lines;

pub fn parse_glossary_page(file: &Path, text: &str) -> Result<Vec<Entry>, Vec<FileError>> {
    let mut collector = Collector::new(file, text);
    let mut heading: Option<(usize, String)> = None;
    let mut paragraph: Vec<&str> = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let finish =
        |heading: &mut Option<(usize, String)>, paragraph: &mut Vec<&str>, c: &mut Collector| {
            if let Some((at, name)) = heading.take() {
                if !paragraph.is_empty() {
                    let definition = plain_inline(&paragraph.join(" "));
                    c.add(entry(&name, definition.trim()), at, "glossary term");
                }
            }
            paragraph.clear();
        };
    for line in Lines::new(text, 0) {
        let raw = text.get(line.start..line.end).unwrap_or_default();
        let trimmed = raw.trim();
        let marker = trimmed
            .bytes()
            .take_while(|b| matches!(b, b'`' | b'~'))
            .count();
        if let Some((ch, len)) = fence {
            if marker >= len && trimmed.bytes().all(|b| b == ch) {
                fence = None;
            }
            continue;
        }
        if marker >= 3 {
            fence = trimmed.bytes().next().map(|ch| (ch, marker));
            // Code ends a definition's first paragraph.
            if !paragraph.is_empty() {
                finish(&mut heading, &mut paragraph, &mut collector);
            }
            continue;
        }
        if let Some((level, title, title_at)) = atx_heading(raw) {
            finish(&mut heading, &mut paragraph, &mut collector);
            let name = clean_title(title);
            if level > 1 && name.chars().count() > 1 {
                heading = Some((line.start + title_at, name));
            }
            continue;
        }
        if trimmed.is_empty() {
            if !paragraph.is_empty() {
                finish(&mut heading, &mut paragraph, &mut collector);
            }
            continue;
        }
        if heading.is_some() && !trimmed.starts_with('<') && !trimmed.starts_with("[[") {
            paragraph.push(trimmed);
        }
    }
    finish(&mut heading, &mut paragraph, &mut collector);
    collector.finish()
}

/// `### Title {#anchor}` → its level, title text and the title's offset in the line.
fn atx_heading(line: &str) -> Option<(usize, &str, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = line.get(indent..)?;
    let level = rest.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let after = rest.get(level..)?;
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        return None;
    }
    let title = after.trim_start();
    let at = indent + level + (after.len() - title.len());
    Some((level, title.trim_end().trim_end_matches('#').trim_end(), at))
}

/// A heading's text without anchors (`{#id}`, `[[id]]`, `<a id="x"></a>`) and emphasis marks.
fn clean_title(title: &str) -> String {
    let mut title = title.trim().to_string();
    if let Some(open) = title.rfind("{#") {
        title.truncate(open);
    }
    if let Some(open) = title.rfind("[[") {
        title.truncate(open);
    }
    while let (Some(open), Some(close)) = (title.find('<'), title.find('>')) {
        if close < open {
            break;
        }
        title.replace_range(open..=close, "");
    }
    plain_inline(title.trim())
        .replace(['*'], "")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_followed_by_a_paragraph_are_terms() {
        let text = "# Glossary\n\nThis page defines terms.\n\n## A\n\n### attention mask\n\nThe attention mask is an\noptional argument.\n\nMore.\n\n```py\n### not a heading\n```\n\n### masked language modeling (MLM) [[mlm]]\n\nA pretraining task.\n\n## B\n### batch\n```py\nx\n```\n";
        let entries = parse_glossary_page(Path::new("glossary.md"), text).expect("valid");
        let got: Vec<_> = entries
            .iter()
            .map(|e| {
                (
                    e.name.as_str(),
                    e.acronym.as_deref(),
                    e.definition.as_str(),
                    e.spot.as_ref().map(|s| (s.line, s.column)),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "attention mask",
                    None,
                    "The attention mask is an optional argument.",
                    Some((7, 5))
                ),
                (
                    "masked language modeling",
                    Some("MLM"),
                    "A pretraining task.",
                    Some((18, 5))
                ),
            ]
        );
    }
}
