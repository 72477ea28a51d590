//! Glossary directives: Sphinx's `.. glossary::` in reStructuredText and MyST's `{glossary}` in
//! Markdown (a ```` ```{glossary} ```` or `:::{glossary}` block). Both hold terms at the block's
//! indentation, each followed by its definition, indented further (Sphinx, myst-parser) or written as
//! a definition list item `: definition` (mystmd). Terms written one under the other share the
//! definition that follows them (Sphinx's "activation function / aggregation function / bias").
//!
//! ```rst
//! .. glossary::
//!    :sorted:
//!
//!    masked language modeling (MLM)
//!       A pretraining task in which the model predicts hidden tokens.
//! ```

use std::path::Path;

use super::collector::Collector;
use super::headword::{entry, plain_inline};
use crate::error::FileError;
use crate::glossary::Entry;
use crate::text::lines::Lines;

/// One line of a file: its start offset and text (without the line break).
#[derive(Clone, Copy)]
struct Line<'a> {
    start: usize,
    text: &'a str,
}

impl Line<'_> {
    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches([' ', '\t']).len()
    }

    fn blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

fn lines(text: &str) -> Vec<Line<'_>> {
    Lines::new(text, 0)
        .map(|l| Line {
            start: l.start,
            text: text.get(l.start..l.end).unwrap_or_default(),
        })
        .collect()
}

/// Parses every `.. glossary::` directive of a reStructuredText file.
pub fn parse_sphinx(file: &Path, text: &str) -> Result<Vec<Entry>, Vec<FileError>> {
    let mut collector = Collector::new(file, text);
    read_sphinx(text, &mut collector);
    collector.finish()
}

pub(super) fn read_sphinx(text: &str, collector: &mut Collector) {
    let all = lines(text);
    let mut at = 0;
    while let Some(line) = all.get(at) {
        at += 1;
        if line.text.trim_start().trim_end() != ".. glossary::" {
            continue;
        }
        let indent = line.indent();
        let body_end = all
            .iter()
            .skip(at)
            .position(|l| !l.blank() && l.indent() <= indent)
            .map_or(all.len(), |n| at + n);
        read_body(all.get(at..body_end).unwrap_or_default(), collector);
        at = body_end;
    }
}

/// Reads the `{glossary}` blocks of a MyST Markdown file into `collector`.
pub(super) fn read_myst(text: &str, collector: &mut Collector) {
    let all = lines(text);
    let mut at = 0;
    while let Some(line) = all.get(at) {
        at += 1;
        let trimmed = line.text.trim_start();
        let fence_len = trimmed
            .bytes()
            .take_while(|b| matches!(b, b'`' | b'~' | b':'))
            .count();
        let Some(fence) = trimmed.get(..fence_len) else {
            continue;
        };
        let fence_char = fence.chars().next().unwrap_or('`');
        let same_char = fence.chars().all(|c| c == fence_char);
        let opens = fence_len >= 3
            && same_char
            && trimmed
                .get(fence_len..)
                .is_some_and(|rest| rest.trim_start().starts_with("{glossary}"));
        if !opens {
            // Skip other fenced blocks whole: a glossary shown as an example is not one.
            if fence_len >= 3 && same_char && fence_char != ':' {
                at = closing(&all, at, fence_char, fence_len).map_or(all.len(), |c| c + 1);
            }
            continue;
        }
        let close = closing(&all, at, fence_char, fence_len).unwrap_or(all.len());
        read_body(all.get(at..close).unwrap_or_default(), collector);
        at = close + 1;
    }
}

/// The index of the line that closes a fence opened with `len` times `fence`, from line `from`.
fn closing(all: &[Line], from: usize, fence: char, len: usize) -> Option<usize> {
    all.iter()
        .skip(from)
        .position(|l| {
            let t = l.text.trim();
            t.len() >= len && t.chars().all(|c| c == fence)
        })
        .map(|n| from + n)
}

/// Reads a directive's body: options (`:sorted:`) first, then terms and their definitions.
fn read_body(body: &[Line], collector: &mut Collector) {
    let is_option = |l: &Line| {
        let t = l.text.trim();
        t.starts_with(':')
            && t.len() > 1
            && t.get(1..).is_some_and(|r| r.contains(':'))
            && !t.starts_with(": ")
    };
    let content: Vec<Line> = body
        .iter()
        .skip_while(|l| l.blank() || is_option(l))
        .copied()
        .collect();
    let Some(base) = content.iter().find(|l| !l.blank()).map(Line::indent) else {
        return;
    };
    let mut terms: Vec<Line> = Vec::new();
    let mut definition: Vec<&str> = Vec::new();
    let mut in_definition = false;
    let flush = |terms: &mut Vec<Line>, definition: &mut Vec<&str>, collector: &mut Collector| {
        let text = plain_inline(&definition.join(" "));
        let text = text.trim();
        for term in terms.drain(..) {
            let headword = plain_inline(term.text.trim());
            let at = term.start + term.indent();
            if text.is_empty() {
                collector.error(at, format!("glossary term `{headword}` has no definition"));
            } else {
                collector.add(entry(&headword, text), at, "glossary term");
            }
        }
        definition.clear();
    };
    for line in &content {
        if line.blank() {
            if in_definition && !definition.is_empty() {
                // Only the first paragraph: the hover shows a definition, not a page.
                in_definition = false;
                definition.push("\u{0}");
            }
            continue;
        }
        let trimmed = line.text.trim();
        let dl_item = line.indent() == base && trimmed.starts_with(": ");
        if line.indent() > base || dl_item {
            if definition.last() == Some(&"\u{0}") {
                continue;
            }
            in_definition = true;
            definition.push(trimmed.strip_prefix(": ").unwrap_or(trimmed).trim());
            continue;
        }
        // A term at the base indentation: it ends the definition before it.
        if !definition.is_empty() {
            definition.retain(|s| *s != "\u{0}");
            flush(&mut terms, &mut definition, collector);
        }
        in_definition = false;
        terms.push(*line);
    }
    definition.retain(|s| *s != "\u{0}");
    flush(&mut terms, &mut definition, collector);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(entries: &[Entry]) -> Vec<(String, Option<String>, String, u32)> {
        entries
            .iter()
            .map(|e| {
                (
                    e.name.clone(),
                    e.acronym.clone(),
                    e.definition.clone(),
                    e.spot.as_ref().map_or(0, |s| s.line),
                )
            })
            .collect()
    }

    #[test]
    fn sphinx_terms_share_the_definition_below_them() {
        let text = "Glossary\n========\n\n.. glossary::\n  :sorted:\n\n  bias\n  response\n    The :term:`attributes <attr>` of a node.\n    More text.\n\n    A second paragraph.\n\n  masked language modeling (MLM)\n    A pretraining task.\n\nAfter the directive.\n";
        let entries = parse_sphinx(Path::new("g.rst"), text).expect("valid");
        assert_eq!(
            names(&entries),
            [
                (
                    "bias".into(),
                    None,
                    "The attributes of a node. More text.".into(),
                    7
                ),
                (
                    "response".into(),
                    None,
                    "The attributes of a node. More text.".into(),
                    8
                ),
                (
                    "masked language modeling".into(),
                    Some("MLM".into()),
                    "A pretraining task.".into(),
                    14
                ),
            ]
        );
        assert_eq!(entries[2].spot.as_ref().map(|s| s.column), Some(3));
    }

    #[test]
    fn a_term_without_definition_is_an_error() {
        let errors: Vec<String> = parse_sphinx(Path::new("g.rst"), ".. glossary::\n\n   lonely\n")
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errors,
            ["g.rst:3:4: glossary term `lonely` has no definition"]
        );
    }

    #[test]
    fn myst_blocks_in_both_styles() {
        let text = "# Page\n\n```{glossary}\nMyST\n  Markedly Structured Text\n```\n\n````md\n```{glossary}\nexample\n  not read\n```\n````\n\n:::{glossary}\n:sorted:\nlarge language model (LLM)\n: A model with many parameters.\n:::\n";
        let mut collector = Collector::new(Path::new("g.md"), text);
        read_myst(text, &mut collector);
        let entries = collector.finish().expect("valid");
        assert_eq!(
            names(&entries),
            [
                (
                    "MyST".into(),
                    Some("MyST".into()),
                    "Markedly Structured Text".into(),
                    4
                ),
                (
                    "large language model".into(),
                    Some("LLM".into()),
                    "A model with many parameters.".into(),
                    17
                ),
            ]
        );
    }
}
