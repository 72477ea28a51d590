//! The review engine: text in, byte ranges and findings out. It knows nothing of LSP or tokio; the
//! server and the `check` command are two thin front ends over the same [`Analysis`].

pub mod across;
mod blocks;
mod cancel;
pub mod definitions;
mod document;
mod engine;
mod finding;
pub mod flat;
pub mod harvest;
pub mod included;
mod index;
mod latex_packages;
mod line_name;
pub mod matcher;
pub mod meanings;
pub mod notebook;
mod nothing_at;
mod path_segment;
pub mod places;
pub mod prose;
mod rules;
mod spelling;
pub mod tokens;

pub use crate::review::{Code, DocKind, Settings, Severity};
pub use blocks::KeptBlocks;
pub use cancel::{Cancel, Cancelled, Latest, Pause};
pub use definitions::DefinitionForm;
pub use document::{AcronymStatus, AcronymUse, Definition, TermUse};
pub use engine::Engine;
pub use finding::{Applied, Elsewhere, Finding, Fix, FixAction, Related, TextEdit};
pub use index::GlossaryIndex;
pub use line_name::LineName;
pub use nothing_at::nothing_can_be_at;
pub use places::{Place, Surroundings};
pub use rules::inconsistent_expansion::{may_mean, same_expansion, same_term};

/// Everything the front ends need to know about one version of a document. All ranges are byte ranges
/// of the analysed text; every list is sorted by range start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Glossary terms used in prose (hover, references, highlights).
    pub terms: Vec<TermUse>,
    /// Acronym-like tokens in prose, and what each one is.
    pub acronyms: Vec<AcronymUse>,
    /// The document's own definitions of acronyms.
    pub definitions: Vec<Definition>,
    pub findings: Vec<Finding>,
}

impl Analysis {
    /// The term used at byte `offset`, if any.
    pub fn term_at(&self, offset: usize) -> Option<&TermUse> {
        at(&self.terms, offset, |t| &t.range)
    }

    /// The acronym-like token at byte `offset`, if any.
    pub fn acronym_at(&self, offset: usize) -> Option<&AcronymUse> {
        at(&self.acronyms, offset, |a| &a.range)
    }

    /// The document's first definition of `acronym` (an abbreviation line wins: it defines everywhere).
    pub fn definition_of(&self, acronym: &str) -> Option<&Definition> {
        let mut matching = self.definitions.iter().filter(|d| d.acronym == acronym);
        let first = matching.clone().next();
        matching.find(|d| d.whole_document).or(first)
    }
}

/// The item whose range holds `offset` (a range's end counts, so a cursor just after a word finds it).
fn at<T>(items: &[T], offset: usize, range: impl Fn(&T) -> &std::ops::Range<usize>) -> Option<&T> {
    let index = items.partition_point(|item| range(item).end < offset);
    items.get(index).filter(|item| range(item).start <= offset)
}

/// Analyses a whole document. Pure: the same text, kind, glossary (the engine's) and settings give the
/// same result.
pub fn analyze(text: &str, kind: DocKind, engine: &Engine, settings: &Settings) -> Analysis {
    analyze_incremental(
        text,
        kind,
        engine,
        settings,
        &mut KeptBlocks::new(),
        &Cancel::never(),
    )
    .unwrap_or_default()
}

/// Analyses a whole document as [`analyze`] does, with the same result, reading again only the blocks
/// that `kept` (what the previous analysis of the document read) does not hold; see [`blocks`]. Stops
/// with [`Cancelled`] at its next check once `cancel` says a newer revision replaced `text`, leaving
/// `kept` fit for the next analysis (what it keeps is either this analysis's, finished, or the last
/// one's, untouched).
pub fn analyze_incremental(
    text: &str,
    kind: DocKind,
    engine: &Engine,
    settings: &Settings,
    kept: &mut KeptBlocks,
    cancel: &Cancel,
) -> Result<Analysis, Cancelled> {
    if kind == DocKind::Notebook {
        return analyze_notebook(text, engine, settings, kept, cancel);
    }
    // Only a few messages name a line: count lines for those, not index every line of the text.
    let lines = crate::text::lines::LineCounter::new(text);
    let line_of = |offset: usize| LineName::line(lines.line_of(offset) + 1);
    analyze_read(text, kind, engine, settings, &line_of, kept, cancel)
}

/// A notebook's Markdown cells analysed as one Markdown document, with every range (and the line
/// numbers in messages) in the JSON file; see [`notebook`].
fn analyze_notebook(
    json: &str,
    engine: &Engine,
    settings: &Settings,
    kept: &mut KeptBlocks,
    cancel: &Cancel,
) -> Result<Analysis, Cancelled> {
    let Some(cells) = notebook::Cells::read(json) else {
        return Ok(Analysis::default());
    };
    let line_of = |offset: usize| cells.line_name(offset);
    let text = cells.joined().text();
    let analysis = analyze_read(
        text,
        DocKind::Markdown,
        engine,
        settings,
        &line_of,
        kept,
        cancel,
    )?;
    Ok(cells.joined().map_analysis(analysis, notebook::json_escape))
}

/// The analysis of `cells[index]`, a Markdown cell of a notebook whose Markdown cells are `cells` in
/// order: the cells are read as one document (a definition in an earlier cell covers this one), and
/// what lies in this cell is returned with ranges of the cell's text. Related places and fixes in
/// other cells are left out; line numbers in messages count from the cell's first line. The server
/// analyses notebook cells this way.
pub fn analyze_cell(
    cells: &[&str],
    index: usize,
    engine: &Engine,
    settings: &Settings,
) -> Analysis {
    let joined = notebook::Joined::parts(cells.iter().copied());
    let Some(part) = joined.part_ranges().get(index).cloned() else {
        return Analysis::default();
    };
    let lines = crate::text::lines::LineIndex::new(joined.text());
    let first = lines.line_of(part.start);
    let line_of = |offset: usize| LineName::line(lines.line_of(offset).saturating_sub(first) + 1);
    let analysis = analyze_read(
        joined.text(),
        DocKind::Markdown,
        engine,
        settings,
        &line_of,
        &mut KeptBlocks::new(),
        &Cancel::never(),
    )
    .unwrap_or_default();
    notebook::restrict(analysis, &part)
}

/// The facts and findings of `text`, read as `reading`.
fn analyze_prose(
    text: &str,
    reading: &prose::Reading,
    engine: &Engine,
    settings: &Settings,
    line_of: &dyn Fn(usize) -> LineName,
    kept: &mut KeptBlocks,
    cancel: &Cancel,
) -> Result<(document::DocumentFacts, Vec<Finding>), Cancelled> {
    cancel.check()?;
    let flat = kept.flat_for(text, reading, cancel);
    let prose = &reading.prose;
    // Run to its end or its first stop, so that the flat text is kept either way (below).
    let mut analyze = || {
        cancel.check()?;
        let scans = blocks::scan(&flat, reading, engine, kept, cancel)?;
        let (entries, index) = (engine.glossary().entries(), engine.index());
        // The memos the scan handed over were made from the last analysed text, with its settings.
        let base = kept.take_memo_base(settings);
        let collected = document::collect(
            text,
            prose,
            &flat,
            scans,
            (entries, index),
            settings,
            (base.as_ref(), kept.unwritten(), reading.moved()),
            cancel,
        );
        let facts = match collected {
            Ok((facts, memos)) => {
                kept.keep_memos(memos, (settings, reading.id()), base);
                facts
            }
            Err(memos) => {
                // Stopped: the memos it hands back are those the scan brought, as they were.
                kept.give_back_memos(memos, base);
                return Err(Cancelled);
            }
        };
        cancel.check()?;
        // The whole-text searches the last analysis answered serve where this text differs from
        // its by the edits the reading names (`rules::whole_text`).
        let mut searches = kept
            .searches()
            .start(text, reading.moved(), reading.edits());
        let findings = rules::findings(
            text,
            &facts,
            entries,
            index,
            settings,
            line_of,
            &mut searches,
            cancel,
        )?;
        kept.searches().keep(searches, reading.id());
        Ok((facts, findings))
    };
    let analyzed = analyze();
    // Kept even when the analysis stopped: it depends on the reading alone, which is kept too.
    kept.keep_flat(flat, reading);
    analyzed
}

/// Analyses `text` read as `kind`; `line_of` gives the 1-based line that messages name for an offset.
fn analyze_read(
    text: &str,
    kind: DocKind,
    engine: &Engine,
    settings: &Settings,
    line_of: &dyn Fn(usize) -> LineName,
    kept: &mut KeptBlocks,
    cancel: &Cancel,
) -> Result<Analysis, Cancelled> {
    cancel.check()?;
    // Only the edited blocks are read again where that is exact (see `prose::incremental`).
    let mut previous = kept.take_reading();
    let reading = match prose::read_unless_cancelled(text, kind, &mut previous, cancel) {
        Ok(reading) => reading,
        Err(Cancelled) => {
            // Stopped before it changed the last reading: kept for the next analysis.
            if let Some(previous) = previous {
                kept.keep_reading(previous);
            }
            return Err(Cancelled);
        }
    };
    let analyzed = analyze_prose(text, &reading, engine, settings, line_of, kept, cancel);
    // The reading is kept even when the analysis was cancelled: it depends on the text alone, and
    // the next analysis of a burst of edits reads again only what they touched since this text.
    kept.keep_reading(reading);
    let (facts, findings) = analyzed?;
    let mut analysis = Analysis {
        terms: facts.terms,
        acronyms: facts.acronyms,
        definitions: facts.definitions,
        findings,
    };
    // Plain uses of acronyms a LaTeX package defines, for every LaTeX text whatever its source (a
    // file, or a document joined from included files).
    if kind == DocKind::Latex {
        latex_packages::add_findings(text, &mut analysis, settings, line_of);
    }
    Ok(analysis)
}
