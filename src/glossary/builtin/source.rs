//! How the embedded data files become entries. The build script compiles this module too (see
//! `build/builtin_glossary.rs`): it parses the files at build time, with this code, and writes the
//! entries into the binary ([`super::prebuilt`]); the tests parse them again here to check what it
//! wrote.

use std::path::Path;

use crate::error::FileError;
use crate::glossary::load::parse_toml;
use crate::glossary::{Entry, Origin};

/// One embedded data file: where it is, the name errors give it, and the origin of its entries that
/// name none.
pub struct DataFile {
    /// The path from the package root (`data/glossary.toml`).
    pub path: &'static str,
    /// The name an error names it by (`<built-in>/glossary.toml`).
    pub name: &'static str,
    pub default_origin: Origin,
}

/// The explainer glossary with curated fields and derived acronyms.
pub const GLOSSARY_FILE: DataFile = DataFile {
    path: "data/glossary.toml",
    name: "<built-in>/glossary.toml",
    default_origin: Origin::Seed,
};

/// Entries written by this project.
pub const SUPPLEMENT_FILE: DataFile = DataFile {
    path: "data/supplement.toml",
    name: "<built-in>/supplement.toml",
    default_origin: Origin::Supplement,
};

/// The entries of a data file's `text`: its entries as the TOML loader reads them, with the file's
/// origin for those that name none and no place a user could jump to.
pub fn parse_data_file(file: &DataFile, text: &str) -> Result<Vec<Entry>, Vec<FileError>> {
    let mut entries = parse_toml(Path::new(file.name), text)?;
    for entry in &mut entries {
        if entry.origin == Origin::User {
            entry.origin = file.default_origin;
        }
        // Built-in entries have no file a user could jump to.
        entry.spot = None;
    }
    Ok(entries)
}
