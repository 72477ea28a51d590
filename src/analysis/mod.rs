//! The review engine: text in, byte ranges and findings out. It knows nothing of LSP or tokio; the
//! server and the `check` command are two thin front ends over the same [`Analysis`].

pub mod definitions;
mod document;
mod engine;
mod finding;
pub mod flat;
pub mod harvest;
mod index;
pub mod matcher;
pub mod places;
pub mod prose;
mod rules;
mod spelling;
pub mod tokens;

pub use crate::review::{Code, DocKind, Settings, Severity};
pub use definitions::DefinitionForm;
pub use document::{AcronymStatus, AcronymUse, Definition, TermUse};
pub use engine::Engine;
pub use finding::{Finding, Fix, FixAction, Related, TextEdit};
pub use index::GlossaryIndex;
pub use places::{Place, Surroundings};

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
    let prose = prose::prose(text, kind);
    let flat = flat::Flat::new(text, &prose);
    let (entries, index) = (engine.glossary().entries(), engine.index());
    let facts = document::collect(text, &prose, &flat, entries, index, settings);
    let findings = rules::findings(text, &facts, entries, index, settings);
    Analysis {
        terms: facts.terms,
        acronyms: facts.acronyms,
        definitions: facts.definitions,
        findings,
    }
}
