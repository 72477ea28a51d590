//! The glossary compiled into the binary: the explainer's entries (with the acronyms derived from them)
//! and this project's supplement. The data is fixed at build time and validated by
//! `tests/builtin_glossary.rs`, so parsing it cannot fail in a released binary; it is parsed once per
//! process, on first use.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use super::load::parse_toml;
use super::{Entry, Glossary, Origin};

/// The explainer glossary with curated fields and derived acronyms (`data/glossary.toml`).
pub const GLOSSARY_TOML: &str = include_str!("../../data/glossary.toml");
/// Entries written by this project (`data/supplement.toml`).
pub const SUPPLEMENT_TOML: &str = include_str!("../../data/supplement.toml");

/// Which built-in sources a glossary includes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltinSources {
    /// The explainer's entries and the acronyms derived from them.
    pub explainer: bool,
    /// This project's supplementary entries.
    pub supplement: bool,
}

impl Default for BuiltinSources {
    fn default() -> Self {
        BuiltinSources {
            explainer: true,
            supplement: true,
        }
    }
}

/// The built-in entries that `sources` turns on, in data order.
pub fn entries(sources: BuiltinSources) -> impl Iterator<Item = &'static Entry> {
    let explainer = sources
        .explainer
        .then(|| glossary_entries().iter())
        .into_iter()
        .flatten();
    let supplement = sources
        .supplement
        .then(|| supplement_entries().iter())
        .into_iter()
        .flatten();
    explainer.chain(supplement)
}

/// The glossary of the built-in entries that `sources` turns on, built once per process and shared.
///
/// Most projects add no glossary file of their own; sharing this glossary lets what is built from it
/// be shared too (see [`shared_sources`]): the engine's index, an Aho-Corasick automaton over several
/// thousand forms, ~24 ms to build, is then built once rather than again for every config file and
/// after every reload, and `check` builds it once for all the folders it walks.
pub fn glossary(sources: BuiltinSources) -> Arc<Glossary> {
    Arc::clone(shared_cell(sources).get_or_init(|| {
        if sources.explainer && sources.supplement {
            parse_both_at_once();
        }
        Arc::new(Glossary::from_entries(entries(sources).cloned()))
    }))
}

/// Parses the two embedded files on two threads: parsing is most of loading them, a cold `check`
/// and the server's first document wait for it, and the files are independent. Without a second
/// thread, the first use of each parses it as usual.
fn parse_both_at_once() {
    std::thread::scope(|scope| {
        let supplement = std::thread::Builder::new()
            .name("glossary-ls-parse".into())
            .spawn_scoped(scope, supplement_entries);
        glossary_entries();
        if let Ok(supplement) = supplement {
            let _ = supplement.join();
        }
    });
}

/// Which shared built-in glossary `glossary` is, if it is one that [`glossary`] handed out (so that
/// what is built from it, such as the engine's index, can be shared the same way).
pub fn shared_sources(glossary: &Arc<Glossary>) -> Option<BuiltinSources> {
    [(true, true), (true, false), (false, true), (false, false)]
        .into_iter()
        .map(|(explainer, supplement)| BuiltinSources {
            explainer,
            supplement,
        })
        .find(|&sources| {
            shared_cell(sources)
                .get()
                .is_some_and(|shared| Arc::ptr_eq(shared, glossary))
        })
}

fn shared_cell(sources: BuiltinSources) -> &'static OnceLock<Arc<Glossary>> {
    static BOTH: OnceLock<Arc<Glossary>> = OnceLock::new();
    static EXPLAINER: OnceLock<Arc<Glossary>> = OnceLock::new();
    static SUPPLEMENT: OnceLock<Arc<Glossary>> = OnceLock::new();
    static NONE: OnceLock<Arc<Glossary>> = OnceLock::new();
    match (sources.explainer, sources.supplement) {
        (true, true) => &BOTH,
        (true, false) => &EXPLAINER,
        (false, true) => &SUPPLEMENT,
        (false, false) => &NONE,
    }
}

/// The entries of `data/glossary.toml`.
pub fn glossary_entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| parse_builtin("<built-in>/glossary.toml", GLOSSARY_TOML, Origin::Seed))
}

/// The entries of `data/supplement.toml`.
pub fn supplement_entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        parse_builtin(
            "<built-in>/supplement.toml",
            SUPPLEMENT_TOML,
            Origin::Supplement,
        )
    })
}

/// Parses embedded data. A failure here is a build defect that the test suite catches; in a binary that
/// somehow carries one, the built-in entries are dropped with a message on stderr rather than panicking.
fn parse_builtin(name: &str, text: &str, default_origin: Origin) -> Vec<Entry> {
    match parse_toml(Path::new(name), text) {
        Ok(mut entries) => {
            for entry in &mut entries {
                if entry.origin == Origin::User {
                    entry.origin = default_origin;
                }
                // Built-in entries have no file a user could jump to.
                entry.spot = None;
            }
            entries
        }
        Err(errors) => {
            for error in errors {
                eprintln!("glossary-ls: built-in glossary is broken: {error}");
            }
            Vec::new()
        }
    }
}
