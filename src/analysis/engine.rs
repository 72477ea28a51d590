//! A glossary ready for analysis: the glossary and what the engine needs from it (its [`GlossaryIndex`]:
//! the term matcher and the acronym map), built once per glossary and shared by `Arc`.
//!
//! Building the index of the built-in glossary costs ~24 ms (an Aho-Corasick automaton over several
//! thousand forms); analysing a document then costs no more. The server builds one engine per project
//! (config file), `check` one per config it resolves, and both share the built-in glossary's engine, as
//! [`builtin::glossary`] shares the glossary itself: built once per process, not again for every config
//! file or after a reload.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::matcher::Volume;
use super::GlossaryIndex;
use crate::glossary::builtin::{self, PerSources};
use crate::glossary::Glossary;

#[derive(Debug)]
pub struct Engine {
    glossary: Arc<Glossary>,
    index: GlossaryIndex,
    /// Unique per engine built in this process: what a document's kept block scans were made with.
    id: u64,
}

impl Engine {
    /// An engine of its own for `glossary` (builds its index now). Front ends use [`Engine::shared`].
    pub fn new(glossary: Arc<Glossary>) -> Engine {
        Engine::for_volume(glossary, Volume::Much)
    }

    /// [`Engine::new`], for scanning `volume` of text ([`Volume`]).
    fn for_volume(glossary: Arc<Glossary>, volume: Volume) -> Engine {
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let index = GlossaryIndex::for_volume(glossary.entries(), volume);
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        Engine {
            glossary,
            index,
            id,
        }
    }

    /// The engine for `glossary`: one of the built-in glossaries that [`builtin::glossary`] shares gets
    /// the engine shared with it, built once per process; any other glossary gets its own.
    pub fn shared(glossary: Arc<Glossary>) -> Arc<Engine> {
        Engine::shared_for(glossary, Volume::Much)
    }

    /// [`Engine::shared`], for scanning `volume` of text ([`Volume`]: `check` knows how much it will
    /// read). A shared engine is built once per process, for the volume its first caller asks for;
    /// only its speed depends on it.
    pub fn shared_for(glossary: Arc<Glossary>, volume: Volume) -> Arc<Engine> {
        match builtin::shared_sources(&glossary) {
            Some(sources) => {
                static ENGINES: PerSources<Arc<Engine>> = PerSources::new();
                Arc::clone(
                    ENGINES.get_or_init(sources, || Arc::new(Engine::for_volume(glossary, volume))),
                )
            }
            None => Arc::new(Engine::for_volume(glossary, volume)),
        }
    }

    pub fn glossary(&self) -> &Arc<Glossary> {
        &self.glossary
    }

    pub fn index(&self) -> &GlossaryIndex {
        &self.index
    }

    /// A number no other engine of this process has (block scans made with another engine are
    /// another glossary's).
    pub fn id(&self) -> u64 {
        self.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::builtin::BuiltinSources;

    #[test]
    fn built_in_glossaries_share_one_engine_and_others_get_their_own() {
        let sources = BuiltinSources {
            explainer: false,
            supplement: true,
        };
        let first = Engine::shared(builtin::glossary(sources));
        let second = Engine::shared(builtin::glossary(sources));
        assert!(Arc::ptr_eq(&first, &second));
        let copy = Arc::new(Glossary::clone(&builtin::glossary(sources)));
        assert!(!Arc::ptr_eq(&first, &Engine::shared(copy)));
    }
}
