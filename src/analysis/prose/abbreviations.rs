//! Markdown abbreviation lines, `*[HBM]: High-Bandwidth Memory` (PHP Markdown Extra, Python-Markdown,
//! kramdown).
//!
//! Such a line defines the acronym for the whole document and renders as nothing, so it is reported to the
//! engine as a definition and is not prose. A line whose expansion is empty (kramdown's way to remove a
//! definition) is still not prose, but defines nothing.

use std::ops::Range;

use super::lines::block_start;
use super::AbbreviationDef;

/// Reads `line` (which starts at byte `offset` of the text) as an abbreviation line. `None` when it is
/// not one; `Some(None)` when it is one without an expansion.
pub(super) fn parse(line: &str, offset: usize) -> Option<Option<AbbreviationDef>> {
    let rest = block_start(line)?;
    let at = offset + (line.len() - rest.len());
    let label = rest.strip_prefix("*[")?;
    let close = label.find(']')?;
    let acronym = trim(label.get(..close)?, at + 2)?;
    let after = label.get(close + 1..)?;
    let colon = after.trim_start_matches(' ');
    let expansion_text = colon.strip_prefix(':')?;
    let expansion_at = at + 2 + close + 1 + (after.len() - colon.len()) + 1;
    Some(trim(expansion_text, expansion_at).map(|expansion| AbbreviationDef { acronym, expansion }))
}

/// The range of `s` (which starts at `at`) without surrounding whitespace; `None` when nothing is left.
fn trim(s: &str, at: usize) -> Option<Range<usize>> {
    let start = at + (s.len() - s.trim_start().len());
    let len = s.trim().len();
    (len > 0).then_some(start..start + len)
}

#[cfg(test)]
mod tests {
    use super::parse;

    fn read(line: &str) -> Option<Option<(&str, &str)>> {
        parse(line, 0).map(|d| d.map(|d| (&line[d.acronym], &line[d.expansion])))
    }

    #[test]
    fn abbreviation_lines() {
        assert_eq!(
            read("*[HBM]: High-Bandwidth Memory"),
            Some(Some(("HBM", "High-Bandwidth Memory")))
        );
        assert_eq!(
            read("  *[ KV ] :  key-value  "),
            Some(Some(("KV", "key-value")))
        );
        assert_eq!(read("*[HBM]:"), Some(None));
        assert_eq!(read("*[HBM] High"), None);
        assert_eq!(read("*[]: x"), None);
        assert_eq!(read("    *[HBM]: indented code"), None);
        assert_eq!(read("*HBM*: emphasis"), None);
        let line = "x *[HBM]: y";
        assert_eq!(read(line), None);
    }

    #[test]
    fn offsets_are_in_the_text() {
        let def = parse("*[GPU]: Graphics Processing Unit", 10)
            .unwrap()
            .unwrap();
        assert_eq!(def.acronym, 12..15);
        assert_eq!(def.expansion, 18..42);
    }
}
