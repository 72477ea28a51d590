//! The engine on real documents about LLMs (the public corpus, found through `GLOSSARY_LS_CORPUS`).
//!
//! Each document's complete findings are pinned by a snapshot in `tests/snapshots/`, written as one line
//! per finding (position, code, token, preferred fix) so that a change in behaviour shows up as a
//! readable diff. Every snapshot was checked by reading the document. The corpus is not part of the
//! repository: without the variable these tests say they were skipped and pass.

use std::fmt::Write;
use std::path::PathBuf;
use std::sync::Arc;

use glossary_ls::analysis::{analyze, Analysis, DocKind, Engine, FixAction, Settings};
use glossary_ls::config::Config;
use glossary_ls::text::lines::LineIndex;

/// The corpus folder. Tests that read it are ignored when `GLOSSARY_LS_CORPUS` was not set at build
/// time (see build.rs); run anyway (`--include-ignored`), they fail here rather than pass unrun.
fn corpus() -> PathBuf {
    match std::env::var_os("GLOSSARY_LS_CORPUS") {
        Some(dir) if PathBuf::from(&dir).is_dir() => PathBuf::from(dir),
        _ => panic!("set GLOSSARY_LS_CORPUS to the corpus folder"),
    }
}

fn engine() -> Arc<Engine> {
    Engine::shared(
        Config::default()
            .glossary()
            .complete()
            .expect("built-in glossary"),
    )
}

/// The corpus documents, except the benchmark file.
fn documents(dir: &PathBuf) -> Vec<(String, String)> {
    let mut documents: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("corpus folder")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .filter(|path| !path.ends_with("SOURCES.md") && !path.ends_with("bench-1mb.md"))
        .map(|path| {
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, std::fs::read_to_string(&path).expect("readable"))
        })
        .collect();
    documents.sort();
    documents
}

/// `line:col code token → preferred fix`, one finding a line.
fn render(text: &str, analysis: &Analysis) -> String {
    let lines = LineIndex::new(text);
    let mut out = String::new();
    for finding in &analysis.findings {
        let line = lines.line_of(finding.range.start);
        let column = text[lines.line_start(line).unwrap_or(0)..finding.range.start]
            .chars()
            .count()
            + 1;
        let _ = write!(
            out,
            "{}:{} {} {}",
            line + 1,
            column,
            finding.code,
            finding.token
        );
        let preferred = finding.fixes.iter().find(|f| f.preferred);
        if let Some(fix) = preferred {
            if let FixAction::Edit { edits } = &fix.action {
                let first = &edits[0];
                let _ = write!(out, " → {:?}", first.replacement);
            }
        }
        out.push('\n');
    }
    out
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn every_corpus_document_matches_its_reviewed_snapshot() {
    let dir = corpus();
    let engine = engine();
    for (name, text) in documents(&dir) {
        let analysis = analyze(&text, DocKind::Markdown, &engine, &Settings::default());
        insta::assert_snapshot!(name.clone(), render(&text, &analysis));
    }
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn findings_point_inside_the_document_at_whole_tokens() {
    let dir = corpus();
    let engine = engine();
    for (name, text) in documents(&dir) {
        let analysis = analyze(&text, DocKind::Markdown, &engine, &Settings::default());
        for finding in &analysis.findings {
            let token = text
                .get(finding.range.clone())
                .unwrap_or_else(|| panic!("{name}: {:?} outside", finding.range));
            assert_eq!(token, finding.token, "{name}");
            for related in &finding.related {
                assert!(
                    text.get(related.range.clone()).is_some(),
                    "{name}: related {:?}",
                    related.range
                );
            }
        }
        for term in &analysis.terms {
            assert!(
                text.get(term.range.clone()).is_some(),
                "{name}: term {:?}",
                term.range
            );
        }
    }
}

#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn dpo_is_defined_on_line_7_of_the_dpo_trainer_and_gets_no_finding() {
    let dir = corpus();
    let text = std::fs::read_to_string(dir.join("trl-dpo-trainer.md")).expect("document");
    let analysis = analyze(&text, DocKind::Markdown, &engine(), &Settings::default());
    let lines = LineIndex::new(&text);
    let definition = analysis.definition_of("DPO").expect("DPO is defined");
    assert_eq!(lines.line_of(definition.acronym_range.start) + 1, 7);
    assert_eq!(definition.long_form, "Direct Preference Optimization");
    assert!(
        analysis.findings.iter().all(|f| f.acronym != "DPO"),
        "{:#?}",
        analysis.findings
    );
    let heading_use = analysis
        .acronyms
        .iter()
        .find(|a| &*a.acronym == "DPO")
        .expect("a use");
    assert!(
        heading_use.surroundings.place == glossary_ls::analysis::Place::Heading
            && lines.line_of(heading_use.range.start) == 0
    );
}

/// Issue 7's bar: of the acronyms the corpus documents use, at least 90% are known to the built-in
/// glossary (or are universally known). Unknown ones are printed, so a drop shows what to add.
#[test]
#[cfg_attr(
    not(glossary_ls_corpus),
    ignore = "GLOSSARY_LS_CORPUS was not set when the tests were built"
)]
fn the_built_in_glossary_knows_nine_in_ten_corpus_acronyms() {
    use glossary_ls::analysis::AcronymStatus;
    use std::collections::BTreeSet;
    let dir = corpus();
    let engine = engine();
    let (mut known, mut unknown) = (BTreeSet::new(), BTreeSet::new());
    for (_, text) in documents(&dir) {
        let analysis = analyze(&text, DocKind::Markdown, &engine, &Settings::default());
        for token in &analysis.acronyms {
            if token.entry.is_some() || token.status == AcronymStatus::Common {
                known.insert(token.acronym.clone());
            } else if token.status == AcronymStatus::Checked {
                unknown.insert(token.acronym.clone());
            }
        }
    }
    let share = known.len() as f64 / (known.len() + unknown.len()) as f64;
    eprintln!(
        "corpus acronyms: {} known, {} unknown {unknown:?}: {share:.3}",
        known.len(),
        unknown.len()
    );
    assert!(share >= 0.9, "only {share:.3} known; unknown: {unknown:?}");
}

/// The documents of the development corpus (`GLOSSARY_LS_CORPUS_DEV`), when it is there: the Markdown
/// of `markdown/`, the other formats of `formats/` and the documentation trees of `projects/`, each
/// read as `check` reads it by its extension (files of no document kind, and plain text, skipped).
fn dev_documents() -> Vec<(String, String, DocKind)> {
    let dir = match std::env::var_os("GLOSSARY_LS_CORPUS_DEV") {
        Some(dir) if PathBuf::from(&dir).join("markdown").is_dir() => PathBuf::from(dir),
        _ => {
            eprintln!("development corpus skipped: GLOSSARY_LS_CORPUS_DEV is not set");
            return Vec::new();
        }
    };
    let config = Config::default();
    let mut paths = Vec::new();
    let mut folders: Vec<PathBuf> = ["markdown", "formats", "projects"]
        .iter()
        .map(|sub| dir.join(sub))
        .collect();
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("corpus folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let kind = config.doc_kind(&path)?;
            (kind != DocKind::PlainText).then_some(())?;
            let name = path.strip_prefix(&dir).ok()?.to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).ok()?;
            Some((name, text, kind))
        })
        .collect()
}

/// Every corpus document, public and development, with how it is read.
fn all_documents() -> Vec<(String, String, DocKind)> {
    let mut all: Vec<(String, String, DocKind)> =
        if std::env::var_os("GLOSSARY_LS_CORPUS").is_some() {
            documents(&corpus())
                .into_iter()
                .map(|(name, text)| (name, text, DocKind::Markdown))
                .collect()
        } else {
            eprintln!("public corpus skipped: GLOSSARY_LS_CORPUS is not set");
            Vec::new()
        };
    let dev = dev_documents();
    if !dev.is_empty() {
        // The walk reaches every format: a folder renamed upstream must not quietly shrink the test.
        for kind in [
            DocKind::Markdown,
            DocKind::Mdx,
            DocKind::Quarto,
            DocKind::Notebook,
            DocKind::ReStructuredText,
            DocKind::Latex,
        ] {
            assert!(
                dev.iter().any(|(_, _, k)| *k == kind),
                "no {kind:?} document in the development corpus"
            );
        }
    }
    all.extend(dev);
    all
}

/// `check --fix` on every corpus document fixes what it offered to fix, and only that: afterwards every
/// first-use finding left has no preferred fix (it needs a writer: its uses are in parentheses, slash
/// lists, link texts…), and fixing again changes nothing.
#[test]
#[cfg_attr(
    not(any(glossary_ls_corpus, glossary_ls_corpus_dev)),
    ignore = "neither GLOSSARY_LS_CORPUS nor GLOSSARY_LS_CORPUS_DEV was set when the tests were built"
)]
fn fixing_every_corpus_document_leaves_only_findings_that_need_a_writer() {
    let engine = engine();
    for (name, text, kind) in all_documents() {
        let analysis = analyze(&text, kind, &engine, &Settings::default());
        let (fixed, _) = glossary_ls::check::fix::apply(&text, &analysis.findings);
        let again = analyze(&fixed, kind, &engine, &Settings::default());
        let fixable: Vec<String> = again
            .findings
            .iter()
            .filter(|f| f.code.is_first_use() && f.fixes.iter().any(|fix| fix.preferred))
            .map(|f| format!("{} {}", f.code, f.token))
            .collect();
        assert!(fixable.is_empty(), "{name}: still {fixable:?}");
        if kind == DocKind::Notebook {
            serde_json::from_str::<serde_json::Value>(&fixed)
                .unwrap_or_else(|e| panic!("{name}: the fixed notebook is not JSON: {e}"));
        }
    }
}

/// No preferred fix edits what is not the author's running prose: code, math, link destinations, markup,
/// quotations, cited titles, headings or names (a misspelled name is corrected in headings and labels
/// too: they are the author's words).
#[test]
#[cfg_attr(
    not(any(glossary_ls_corpus, glossary_ls_corpus_dev)),
    ignore = "neither GLOSSARY_LS_CORPUS nor GLOSSARY_LS_CORPUS_DEV was set when the tests were built"
)]
fn preferred_fixes_edit_only_the_authors_running_prose() {
    use glossary_ls::analysis::prose::{prose, RegionKind};
    use glossary_ls::analysis::Place;
    let engine = engine();
    for (name, text, kind) in all_documents() {
        let analysis = analyze(&text, kind, &engine, &Settings::default());
        let read = prose(&text, kind);
        let in_prose = |at: usize| {
            read.blocks
                .iter()
                .flat_map(|b| &b.segments)
                .any(|s| s.range.start <= at && at < s.range.end)
        };
        let overlaps = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| {
            a.start < b.end && b.start < a.end
        };
        for finding in &analysis.findings {
            let Some(fix) = finding.fixes.iter().find(|f| f.preferred) else {
                continue;
            };
            let FixAction::Edit { edits } = &fix.action else {
                continue;
            };
            for edit in edits {
                let shown = &text[edit.range.clone()];
                let where_ = format!("{name}: {} edit of {shown:?}", finding.code);
                // Every edited byte is prose (line breaks inside a moved definition aside).
                for at in edit.range.clone() {
                    assert!(
                        in_prose(at) || matches!(text.as_bytes()[at], b'\n' | b'\r' | b' '),
                        "{where_}: byte {at} is not prose"
                    );
                }
                // A name's spelling is the author's in headings and labels too.
                let spelling = finding.code == glossary_ls::analysis::Code::NonCanonicalSpelling;
                for region in &read.regions {
                    let forbidden = match region.kind {
                        RegionKind::Quotation | RegionKind::Citations | RegionKind::Off => true,
                        // A list item's bold label that is a phrase with the acronym (`- **RAG
                        // document injection** - …`) is a use: the engine places the token there
                        // in the body, and a fix may spell it out inside the bold.
                        RegionKind::Label => {
                            !spelling
                                && !analysis.acronyms.iter().any(|token| {
                                    token.surroundings.place == Place::Body
                                        && overlaps(&edit.range, &token.range)
                                        && overlaps(&region.range, &token.range)
                                })
                        }
                        // Only a link whose whole text is the acronym may be spelled out.
                        RegionKind::LinkText => {
                            !spelling && text[region.range.clone()].trim() != finding.token
                        }
                        RegionKind::Table => false,
                        // A table laid out by columns keeps its lines' widths.
                        RegionKind::AlignedTable => {
                            text[edit.range.clone()].chars().count()
                                != edit.replacement.chars().count()
                        }
                        RegionKind::ProjectLink
                        | RegionKind::FencedCode
                        | RegionKind::BareHeading => true,
                        // Also a `LinkText`, which decides.
                        RegionKind::TopicLink => false,
                    };
                    assert!(
                        !(forbidden && overlaps(&edit.range, &region.range)),
                        "{where_}: inside a {:?}",
                        region.kind
                    );
                }
                for token in &analysis.acronyms {
                    let protected = matches!(
                        token.surroundings.place,
                        Place::Name | Place::Quotation | Place::Citation | Place::Off
                    ) || (!spelling
                        && matches!(token.surroundings.place, Place::News | Place::Heading));
                    assert!(
                        !(protected && overlaps(&edit.range, &token.range)),
                        "{where_}: over {:?} in a {:?}",
                        &text[token.range.clone()],
                        token.surroundings.place
                    );
                }
            }
        }
    }
}
