//! Markdown abbreviation lines, as PHP Markdown Extra, MkDocs and Pandoc write them:
//!
//! ```markdown
//! *[HBM]: High-Bandwidth Memory
//! ```
//!
//! Every other line of the file is ignored, so a project can keep its abbreviations in a Markdown page
//! that is also part of its documentation.

use std::path::Path;

use super::collector::Collector;
use crate::error::FileError;
use crate::glossary::{Entry, Kind, Origin};
use crate::text::lines::Lines;
use crate::text::slice::Slice;

/// One abbreviation line: the abbreviation, its expansion, and their byte offsets within the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbbreviationLine<'a> {
    pub abbreviation: &'a str,
    pub abbreviation_at: usize,
    pub expansion: &'a str,
    pub expansion_at: usize,
}

/// Recognises `*[ABBR]: Expansion` (up to three spaces of indentation, as for other Markdown
/// definitions). Returns `None` for lines of any other shape; the expansion may be empty.
pub fn abbreviation_line(line: &str) -> Option<AbbreviationLine<'_>> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = line.slice(indent..).strip_prefix("*[")?;
    let close = rest.find("]:")?;
    let abbreviation = rest.slice(..close);
    if abbreviation.trim().is_empty() || abbreviation.contains(['[', ']']) {
        return None;
    }
    let abbreviation_at = indent + 2;
    let after = rest.slice(close + 2..);
    let expansion = after.trim();
    let expansion_at = abbreviation_at + close + 2 + (after.len() - after.trim_start().len());
    Some(AbbreviationLine {
        abbreviation,
        abbreviation_at,
        expansion,
        expansion_at,
    })
}

/// Parses the abbreviation lines of a Markdown file. Each becomes an acronym entry whose definition is its
/// expansion.
pub fn parse_abbreviations(file: &Path, text: &str) -> Result<Vec<Entry>, Vec<FileError>> {
    let mut collector = Collector::new(file, text);
    for found_line in Lines::new(text, 0) {
        let line_start = found_line.start;
        let line = text
            .get(found_line.start..found_line.end)
            .unwrap_or_default();
        let Some(found) = abbreviation_line(line) else {
            continue;
        };
        if found.expansion.is_empty() {
            let message = format!(
                "abbreviation `{}` has no expansion after `]:`",
                found.abbreviation
            );
            collector.error(line_start + found.expansion_at, message);
            continue;
        }
        let mut entry = Entry::new(found.abbreviation, found.expansion);
        entry.kind = Kind::Acronym;
        entry.acronym = Some(found.abbreviation.to_string());
        entry.expansion = Some(found.expansion.to_string());
        entry.origin = Origin::User;
        collector.add(entry, line_start + found.abbreviation_at, "abbreviation");
    }
    collector.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_abbreviation_lines_and_ignores_prose() {
        let text = "# Terms\n\nSome prose with *emphasis*.\n*[HBM]: High-Bandwidth Memory\n   *[TTFT]:   Time to First Token  \n";
        let entries = parse_abbreviations(Path::new("a.md"), text).expect("valid");
        let got: Vec<_> = entries
            .iter()
            .map(|e| {
                (
                    e.name.as_str(),
                    e.expansion.as_deref(),
                    e.spot.as_ref().map(|s| (s.line, s.column)),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("HBM", Some("High-Bandwidth Memory"), Some((4, 3))),
                ("TTFT", Some("Time to First Token"), Some((5, 6))),
            ]
        );
        assert_eq!(entries[0].kind, Kind::Acronym);
    }

    #[test]
    fn empty_expansions_and_duplicates_are_errors() {
        let errors: Vec<String> =
            parse_abbreviations(Path::new("a.md"), "*[HBM]:\n*[X]: y\n*[X]: z\n")
                .unwrap_err()
                .iter()
                .map(ToString::to_string)
                .collect();
        assert_eq!(
            errors,
            [
                "a.md:1:8: abbreviation `HBM` has no expansion after `]:`",
                "a.md:3:3: duplicate abbreviation `X`: it is already defined on line 2",
            ]
        );
    }

    #[test]
    fn every_line_ending_ends_a_line_for_entries_and_errors() {
        for ending in ["\n", "\r\n", "\r"] {
            let text = ["# Terms", "*[HBM]: High-Bandwidth Memory", "*[X]:", ""].join(ending);
            let errors: Vec<String> = parse_abbreviations(Path::new("a.md"), &text)
                .unwrap_err()
                .iter()
                .map(ToString::to_string)
                .collect();
            assert_eq!(
                errors,
                ["a.md:3:6: abbreviation `X` has no expansion after `]:`"],
                "{ending:?}"
            );
            let text = ["# Terms", "*[HBM]: High-Bandwidth Memory", ""].join(ending);
            let entries = parse_abbreviations(Path::new("a.md"), &text).expect("valid");
            let spot = entries[0].spot.as_ref().map(|s| (s.line, s.column));
            assert_eq!(spot, Some((2, 3)), "{ending:?}");
            assert_eq!(
                entries[0].expansion.as_deref(),
                Some("High-Bandwidth Memory")
            );
        }
    }
}
