//! The built-in entries as the build script writes them into the binary (`build/builtin_glossary.rs`):
//! parsed from the data files and given their surface forms at build time, so that a cold start neither
//! parses TOML nor makes the forms of a thousand entries. An [`Entry`] is made from each on first use;
//! its forms stay where they are, in the binary.

use std::borrow::Cow;

use crate::glossary::forms::{FormRole, SurfaceForm};
use crate::glossary::{Entry, ExpansionSource, Familiarity, Kind, Origin, Section};

/// One built-in entry: the fields of an [`Entry`], borrowed from the binary, and its surface forms.
pub struct Prebuilt {
    pub name: &'static str,
    pub kind: Kind,
    pub familiarity: Familiarity,
    pub acronym: Option<&'static str>,
    pub expansion: Option<&'static str>,
    pub expansion_source: ExpansionSource,
    pub letters_fit: bool,
    pub definition: &'static str,
    /// The section's number and title.
    pub section: Option<(u16, &'static str)>,
    pub aliases: &'static [&'static str],
    pub wrong_forms: &'static [&'static str],
    pub see_also: &'static [&'static str],
    pub also_names: Option<&'static str>,
    pub origin: Origin,
    pub derived_from: Option<&'static str>,
    /// What [`crate::glossary::forms::surface_forms`] makes of the entry.
    pub forms: &'static [SurfaceForm],
}

// `GLOSSARY` and `SUPPLEMENT` (each file's entries, in file order) and `BY_NAME` (all of them,
// sorted by name).
include!(concat!(env!("OUT_DIR"), "/builtin_glossary.rs"));

impl Prebuilt {
    /// The entry, as the TOML loader would have read it (a test checks that it is).
    pub fn entry(&self) -> Entry {
        let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        Entry {
            name: self.name.to_string(),
            kind: self.kind,
            familiarity: self.familiarity,
            acronym: self.acronym.map(str::to_string),
            expansion: self.expansion.map(str::to_string),
            expansion_source: self.expansion_source,
            letters_fit: self.letters_fit,
            definition: self.definition.to_string(),
            section: self.section.map(|(number, title)| Section {
                number,
                title: title.to_string(),
            }),
            aliases: strings(self.aliases),
            wrong_forms: strings(self.wrong_forms),
            see_also: strings(self.see_also),
            also_names: self.also_names.map(str::to_string),
            origin: self.origin,
            derived_from: self.derived_from.map(str::to_string),
            spot: None,
            on_every_page: false,
        }
    }

    /// Whether `entry` has the fields that surface forms are made from (name, aliases, acronym and
    /// expansion) as this one has them: then these forms are its forms, whatever its other fields say.
    fn has_the_forms_of(&self, entry: &Entry) -> bool {
        self.name == entry.name
            && self.acronym == entry.acronym.as_deref()
            && self.expansion == entry.expansion.as_deref()
            && self
                .aliases
                .iter()
                .copied()
                .eq(entry.aliases.iter().map(String::as_str))
    }
}

/// The surface forms of `entry` when the build script made them: those of a built-in entry with the
/// same name, aliases, acronym and expansion. `None` for any other entry.
pub fn forms_of(entry: &Entry) -> Option<&'static [SurfaceForm]> {
    let first = BY_NAME.partition_point(|prebuilt| prebuilt.name < entry.name.as_str());
    BY_NAME
        .get(first..)?
        .iter()
        .take_while(|prebuilt| prebuilt.name == entry.name)
        .find(|prebuilt| prebuilt.has_the_forms_of(entry))
        .map(|prebuilt| prebuilt.forms)
}
