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
//! - what a fix writes where a file uses an acronym the project already spells out: the project's
//!   long form, not the glossary's ([`in_project_words`]), so that `--fix` does not make the finding
//!   above.
//!
//! Only files under one config are compared (two projects may each mean their own thing); the front
//! ends group files that way. The engine reads no file: the front end hands it the places.

use std::cmp::Ordering;
use std::ops::Range;
use std::path::Path;

use super::rules::inconsistent_expansion::{holds_a_slip, misspells, same_expansion};
use super::{Analysis, Code, DocKind, Elsewhere, Engine, Finding, LineName, Related, Settings};

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

/// Writes the project's words into the fixes of `analysis` (of `text`, read as `kind` with `engine`):
/// `project` gives, for an acronym, the long form of the file that sets its meaning in the project
/// (the first in path order that spells it out, [`file_order`]), other than the document analysed,
/// as the front end knows it. An `acronym-not-spelled-out` finding of one certain meaning whose
/// glossary expansion is another term than that ([`same_expansion`]) is made again with the
/// project's long form, in the same prose form (number, capitals, article) as the glossary's would
/// be: its fix then writes what the project already says, and its message names it. A file's own
/// definition is not touched (a file that defines the acronym has no such finding, and the fix that
/// moves its definition up keeps its words). Returns how many findings changed. A notebook is left
/// as it is: its ranges are the JSON file's, not the text the spelling reads.
pub fn in_project_words(
    text: &str,
    kind: DocKind,
    engine: &Engine,
    analysis: &mut Analysis,
    project: impl Fn(&str) -> Option<String>,
) -> usize {
    if kind == DocKind::Notebook {
        return 0;
    }
    let lines = crate::text::lines::LineCounter::new(text);
    let line_of = |offset: usize| LineName::line(lines.line_of(offset) + 1);
    let entries = engine.glossary().entries();
    let mut changed = 0;
    for index in 0..analysis.findings.len() {
        let Some(found) = analysis.findings.get(index) else {
            break;
        };
        if found.code != Code::AcronymNotSpelledOut {
            continue;
        }
        let Some(glossary) = found.expansion.as_deref() else {
            continue;
        };
        // A project's long form with a slip in it ("Killback-Liebler", "Low Rank Adoptation of LLM
        // Models") is not copied into another file: the glossary's is written, as the report said,
        // and the next check shows the two.
        let Some(long_form) = project(&found.acronym).filter(|words| {
            !same_expansion(words, glossary)
                && !misspells(words, glossary)
                && !holds_a_slip(words, glossary)
        }) else {
            continue;
        };
        let again = super::rules::not_spelled_out_in_other_words(
            text,
            &analysis.terms,
            &analysis.acronyms,
            entries,
            found,
            &long_form,
            &line_of,
        );
        if let (Some(again), Some(slot)) = (again, analysis.findings.get_mut(index)) {
            *slot = again;
            changed += 1;
        }
    }
    changed
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

    fn spelled_out_in_project_words(text: &str, long_form: &str) -> Analysis {
        let engine = Engine::shared(crate::glossary::builtin::glossary(Default::default()));
        let mut analysis = analyze(text, DocKind::Markdown, &engine, &Settings::default());
        in_project_words(text, DocKind::Markdown, &engine, &mut analysis, |acronym| {
            (acronym == "RoPE").then(|| long_form.to_string())
        });
        analysis
    }

    fn preferred_edit(analysis: &Analysis) -> (std::ops::Range<usize>, String) {
        let finding = analysis
            .findings
            .iter()
            .find(|f| f.code == Code::AcronymNotSpelledOut)
            .expect("a finding");
        finding
            .fixes
            .iter()
            .find_map(|fix| match &fix.action {
                crate::analysis::FixAction::Edit { edits } if fix.preferred => edits
                    .first()
                    .map(|e| (e.range.clone(), e.replacement.clone())),
                _ => None,
            })
            .expect("a preferred edit")
    }

    #[test]
    fn a_fix_spells_out_in_the_projects_words_in_the_prose_form_it_needs() {
        let text = "We apply RoPE to queries and keys.\n";
        let analysis = spelled_out_in_project_words(text, "Rotary Positional Encoding");
        // As the project writes it, as the glossary's would be: its capitals are kept.
        assert_eq!(
            preferred_edit(&analysis).1,
            "Rotary Positional Encoding (RoPE)"
        );
        let finding = analysis.findings.first().expect("the finding");
        assert_eq!(
            finding.expansion.as_deref(),
            Some("Rotary Positional Encoding")
        );
        assert!(
            finding
                .message
                .contains("“Rotary Positional Encoding (RoPE)”"),
            "{}",
            finding.message
        );
        // At a sentence start, a capital; a plural use, a plural long form.
        let text = "RoPE rotates queries and keys.\n";
        let analysis = spelled_out_in_project_words(text, "rotary positional encoding");
        assert_eq!(
            preferred_edit(&analysis).1,
            "Rotary positional encoding (RoPE)"
        );
        let text = "Both use LLMs with a long context.\n";
        let engine = Engine::shared(crate::glossary::builtin::glossary(Default::default()));
        let mut analysis = analyze(text, DocKind::Markdown, &engine, &Settings::default());
        in_project_words(text, DocKind::Markdown, &engine, &mut analysis, |acronym| {
            (acronym == "LLM").then(|| "big language model".to_string())
        });
        assert_eq!(preferred_edit(&analysis).1, "big language models (LLMs)");
        // The same term as the glossary's: left as the glossary spells it.
        let text = "We apply RoPE to queries and keys.\n";
        let plain = analyze(
            text,
            DocKind::Markdown,
            &Engine::shared(crate::glossary::builtin::glossary(Default::default())),
            &Settings::default(),
        );
        assert_eq!(
            spelled_out_in_project_words(text, "rotary position embedding"),
            plain
        );
    }
}
