//! What no single file shows: an acronym spelled out as one term in one file and as another in a later
//! one ("DP" as data parallelism in `a.md`, differential privacy in `b.md`). Both front ends compare
//! files the same way, decided here once:
//!
//! - what a file says an acronym means: its first definition in its own words ([`first_expansions`]);
//! - which file sets the meaning: the first one, in path order ([`file_order`]: `Path`'s order,
//!   component by component, which is the order `check` walks a folder in);
//! - when a later file disagrees: its long form is another term ([`same_expansion`]), and then the finding
//!   is at the later file's long form, with the first file's as the related place ([`conflict`]).
//!
//! Only files under one config are compared (two projects may each mean their own thing); the front
//! ends group files that way. The engine reads no file: the front end hands it the places.

use std::cmp::Ordering;
use std::ops::Range;
use std::path::Path;

use super::rules::inconsistent_expansion::same_expansion;
use super::{Analysis, Code, Elsewhere, Finding, Related, Settings};

/// An acronym as a file first spells it out in its own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    pub acronym: String,
    pub long_form: String,
    /// The long form's byte range.
    pub range: Range<usize>,
}

/// The first definition of each acronym in the document's own words (not a quotation), in document
/// order.
pub fn first_expansions(analysis: &Analysis) -> Vec<Expansion> {
    let mut seen = std::collections::HashSet::new();
    analysis
        .definitions
        .iter()
        .filter(|d| !d.quoted && seen.insert(d.acronym.as_str()))
        .map(|d| Expansion {
            acronym: d.acronym.clone(),
            long_form: d.long_form.clone(),
            range: d.long_form_range.clone(),
        })
        .collect()
}

/// The order in which files are compared: the first file in this order that spells an acronym out
/// sets its meaning, and a later one that spells it out as another term gets the finding.
pub fn file_order(a: &Path, b: &Path) -> Ordering {
    a.cmp(b)
}

/// The finding at `later`, a file's first expansion of an acronym, when it is another term than
/// `first`, the first file's (at `first_place`, whose path is as the front end shows it); `None` when
/// they are the same term or the settings turn the code off.
pub fn conflict(
    later: &Expansion,
    first: &Expansion,
    first_place: Elsewhere,
    settings: &Settings,
) -> Option<Finding> {
    if same_expansion(&first.long_form, &later.long_form) {
        return None;
    }
    let severity = settings.severity_of(Code::InconsistentExpansion)?;
    let acronym = &later.acronym;
    let other = first_place.path.display();
    Some(Finding {
        code: Code::InconsistentExpansion,
        severity,
        range: later.range.clone(),
        token: acronym.clone(),
        acronym: acronym.clone(),
        message: format!(
            "`{acronym}` is spelled out as “{}” here but as “{}” in {other}",
            later.long_form, first.long_form
        ),
        expansion: Some(later.long_form.clone()),
        related: vec![Related {
            range: first.range.clone(),
            message: format!("`{acronym}` is spelled out as “{}” here", first.long_form),
            elsewhere: Some(first_place),
        }],
        fixes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, DocKind, Engine, Severity};
    use std::path::PathBuf;

    fn expansions(text: &str) -> Vec<Expansion> {
        let engine = Engine::shared(crate::glossary::builtin::glossary(Default::default()));
        first_expansions(&analyze(
            text,
            DocKind::Markdown,
            &engine,
            &Settings::default(),
        ))
    }

    fn place(path: &str) -> Elsewhere {
        Elsewhere {
            path: PathBuf::from(path),
            start: (1, 15),
            end: (1, 31),
        }
    }

    #[test]
    fn a_file_says_what_it_first_spells_out_in_its_own_words() {
        let found = expansions(
            "> Quoted: Differential Privacy (DP).\n\nWe use data parallelism (DP). Later, \
             Distributed Parallelism (DP).\n",
        );
        assert_eq!(
            found,
            [Expansion {
                acronym: "DP".into(),
                long_form: "data parallelism".into(),
                range: 45..61,
            }]
        );
    }

    #[test]
    fn another_term_in_a_later_file_is_a_finding_there_the_same_term_is_not() {
        let first = Expansion {
            acronym: "DP".into(),
            long_form: "data parallelism".into(),
            range: 14..30,
        };
        let later = Expansion {
            acronym: "DP".into(),
            long_form: "differential privacy".into(),
            range: 12..32,
        };
        let finding =
            conflict(&later, &first, place("a.md"), &Settings::default()).expect("another term");
        assert_eq!(finding.range, 12..32);
        assert_eq!(finding.severity, Severity::Warning);
        assert_eq!(
            finding.message,
            "`DP` is spelled out as “differential privacy” here but as “data parallelism” in a.md"
        );
        assert_eq!(finding.related[0].range, 14..30);
        assert_eq!(finding.related[0].elsewhere, Some(place("a.md")));
        let same = Expansion {
            long_form: "Data-Parallelism".into(),
            ..later.clone()
        };
        assert_eq!(
            conflict(&same, &first, place("a.md"), &Settings::default()),
            None
        );
        let mut off = Settings::default();
        off.severity.insert(Code::InconsistentExpansion, None);
        assert_eq!(conflict(&later, &first, place("a.md"), &off), None);
    }

    #[test]
    fn files_are_compared_in_path_order_component_by_component() {
        // "docs/a.md" before "docs/a/b.md"? Components: "a.md" > "a", so the folder comes first.
        let mut paths = vec!["docs/b.md", "docs/a.md", "docs/a/z.md", "docs-old/a.md"];
        paths.sort_by(|a, b| file_order(Path::new(a), Path::new(b)));
        assert_eq!(
            paths,
            ["docs/a/z.md", "docs/a.md", "docs/b.md", "docs-old/a.md"]
        );
    }
}
