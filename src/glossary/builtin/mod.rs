//! The glossary compiled into the binary: the explainer's entries (with the acronyms derived from them)
//! and this project's supplement. The build script parses the data files (`source`) and writes their
//! entries and surface forms into the binary (`prebuilt`): a broken file fails the build, and a start-up
//! parses nothing. The data is validated by `tests/builtin_glossary.rs`.

mod prebuilt;
pub mod source;

use std::sync::{Arc, OnceLock};

pub use prebuilt::forms_of as prebuilt_forms;

use super::{Entry, Glossary};

/// The explainer glossary with curated fields and derived acronyms (`data/glossary.toml`), as text:
/// for the tests and benchmarks that parse it again.
pub const GLOSSARY_TOML: &str = include_str!("../../../data/glossary.toml");
/// Entries written by this project (`data/supplement.toml`), as text.
pub const SUPPLEMENT_TOML: &str = include_str!("../../../data/supplement.toml");

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

impl BuiltinSources {
    /// Every combination.
    const ALL: [BuiltinSources; 4] = [
        BuiltinSources {
            explainer: true,
            supplement: true,
        },
        BuiltinSources {
            explainer: true,
            supplement: false,
        },
        BuiltinSources {
            explainer: false,
            supplement: true,
        },
        BuiltinSources {
            explainer: false,
            supplement: false,
        },
    ];
}

/// One value per combination of built-in sources, each made once per process on first use: the
/// shared glossaries here, and what is built from them (the engines) elsewhere.
pub struct PerSources<T>([OnceLock<T>; 4]);

impl<T> PerSources<T> {
    pub const fn new() -> Self {
        PerSources([const { OnceLock::new() }; 4])
    }

    /// The value for `sources`, made by `make` if it is the first use.
    pub fn get_or_init(&self, sources: BuiltinSources, make: impl FnOnce() -> T) -> &T {
        self.cell(sources).get_or_init(make)
    }

    /// The sources whose value, if made, `is` accepts.
    fn find(&self, mut is: impl FnMut(&T) -> bool) -> Option<BuiltinSources> {
        BuiltinSources::ALL
            .into_iter()
            .find(|&sources| self.cell(sources).get().is_some_and(&mut is))
    }

    fn cell(&self, sources: BuiltinSources) -> &OnceLock<T> {
        let [both, explainer, supplement, none] = &self.0;
        match (sources.explainer, sources.supplement) {
            (true, true) => both,
            (true, false) => explainer,
            (false, true) => supplement,
            (false, false) => none,
        }
    }
}

impl<T> Default for PerSources<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// The glossaries [`glossary`] handed out.
static GLOSSARIES: PerSources<Arc<Glossary>> = PerSources::new();

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
    Arc::clone(GLOSSARIES.get_or_init(sources, || {
        // Made from the binary's data, not cloned from `entries`: a cold start that needs only this
        // glossary copies each entry once.
        let explainer = sources.explainer.then_some(&prebuilt::GLOSSARY[..]);
        let supplement = sources.supplement.then_some(&prebuilt::SUPPLEMENT[..]);
        let prebuilt = explainer.into_iter().chain(supplement).flatten();
        Arc::new(Glossary::from_entries(
            prebuilt.map(prebuilt::Prebuilt::entry),
        ))
    }))
}

/// Which shared built-in glossary `glossary` is, if it is one that [`glossary`] handed out (so that
/// what is built from it, such as the engine's index, can be shared the same way).
pub fn shared_sources(glossary: &Arc<Glossary>) -> Option<BuiltinSources> {
    GLOSSARIES.find(|shared| Arc::ptr_eq(shared, glossary))
}

/// The entries of `data/glossary.toml`.
pub fn glossary_entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| prebuilt::GLOSSARY.iter().map(|p| p.entry()).collect())
}

/// The entries of `data/supplement.toml`.
pub fn supplement_entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| prebuilt::SUPPLEMENT.iter().map(|p| p.entry()).collect())
}

#[cfg(test)]
mod tests {
    use super::source::{parse_data_file, GLOSSARY_FILE, SUPPLEMENT_FILE};
    use super::*;
    use crate::glossary::forms::surface_forms;

    #[test]
    fn the_build_script_wrote_the_entries_and_forms_the_library_makes_of_the_data() {
        for (file, text, prebuilt) in [
            (GLOSSARY_FILE, GLOSSARY_TOML, glossary_entries()),
            (SUPPLEMENT_FILE, SUPPLEMENT_TOML, supplement_entries()),
        ] {
            let parsed = parse_data_file(&file, text).unwrap();
            assert_eq!(prebuilt, parsed.as_slice(), "{}", file.path);
            for entry in prebuilt {
                let forms = surface_forms(entry);
                assert_eq!(
                    prebuilt_forms(entry),
                    Some(forms.as_slice()),
                    "{}",
                    entry.name
                );
            }
        }
    }

    #[test]
    fn an_entry_whose_spellings_differ_from_the_built_in_one_has_its_forms_made() {
        let builtin = glossary_entries()
            .iter()
            .find(|entry| entry.name == "KV cache")
            .unwrap();
        let mut redefined = builtin.clone();
        redefined.definition = "Our own words.".into();
        redefined.origin = crate::glossary::Origin::User;
        assert!(
            prebuilt_forms(&redefined).is_some(),
            "other fields do not matter"
        );
        let mut aliased = builtin.clone();
        aliased.aliases.push("attention cache".into());
        assert_eq!(prebuilt_forms(&aliased), None);
        let mut expanded = builtin.clone();
        expanded.expansion = Some("key-value cache".into());
        assert_eq!(prebuilt_forms(&expanded), None);
        assert_eq!(prebuilt_forms(&Entry::new("not built in", "x")), None);
    }
}
