//! Writes the built-in glossary into the binary: each data file's entries, parsed by the library's
//! TOML loader, with the surface forms the library's `surface_forms` makes of them, as Rust statics
//! (`$OUT_DIR/builtin_glossary.rs`, included by `src/glossary/builtin/prebuilt.rs`). A start-up then
//! parses no TOML and makes no forms; it only copies each entry's strings into an `Entry`.
//!
//! A data file that does not load fails the build with the loader's messages.

use std::fmt::Write as _;
use std::path::Path;

use crate::glossary::builtin::source::{parse_data_file, DataFile, GLOSSARY_FILE, SUPPLEMENT_FILE};
use crate::glossary::forms::{surface_forms, SurfaceForm};
use crate::glossary::{Entry, Section};

pub fn write() {
    let manifest_dir =
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut code = String::new();
    // (static, index in it, name) of every entry, for `BY_NAME`.
    let mut names: Vec<(&str, usize, String)> = Vec::new();
    for (file, static_name) in [(GLOSSARY_FILE, "GLOSSARY"), (SUPPLEMENT_FILE, "SUPPLEMENT")] {
        let entries = load(&file, Path::new(&manifest_dir));
        let _ = writeln!(
            code,
            "pub static {static_name}: [Prebuilt; {}] = [",
            entries.len()
        );
        for (index, entry) in entries.iter().enumerate() {
            write_entry(&mut code, entry);
            names.push((static_name, index, entry.name.clone()));
        }
        code.push_str("];\n\n");
    }
    names.sort_by(|a, b| a.2.cmp(&b.2));
    let _ = writeln!(code, "pub static BY_NAME: [&Prebuilt; {}] = [", names.len());
    for (static_name, index, _) in names {
        let _ = writeln!(code, "    &{static_name}[{index}],");
    }
    code.push_str("];\n");
    let path = Path::new(&out_dir).join("builtin_glossary.rs");
    std::fs::write(&path, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

fn load(file: &DataFile, manifest_dir: &Path) -> Vec<Entry> {
    println!("cargo::rerun-if-changed={}", file.path);
    let path = manifest_dir.join(file.path);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    parse_data_file(file, &text).unwrap_or_else(|errors| {
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!("{} does not load:\n{}", file.path, messages.join("\n"))
    })
}

/// One `Prebuilt { … }`. Every field of the entry is named, so that a field added to `Entry` fails
/// the build here until it is written.
fn write_entry(code: &mut String, entry: &Entry) {
    let Entry {
        name,
        kind,
        familiarity,
        acronym,
        expansion,
        expansion_source,
        letters_fit,
        definition,
        section,
        aliases,
        wrong_forms,
        see_also,
        also_names,
        origin,
        derived_from,
        spot: _,
        on_every_page: _,
    } = entry;
    let section = section
        .as_ref()
        .map(|Section { number, title }| format!("({number}, {title:?})"));
    let _ = write!(
        code,
        "    Prebuilt {{\n        name: {name:?},\n        kind: Kind::{kind:?},\n        \
         familiarity: Familiarity::{familiarity:?},\n        acronym: {acronym:?},\n        \
         expansion: {expansion:?},\n        expansion_source: ExpansionSource::{expansion_source:?},\n        \
         letters_fit: {letters_fit},\n        definition: {definition:?},\n        section: {},\n        aliases: &{aliases:?},\n        \
         wrong_forms: &{wrong_forms:?},\n        see_also: &{see_also:?},\n        \
         also_names: {also_names:?},\n        origin: Origin::{origin:?},\n        derived_from: {derived_from:?},\n        forms: &[\n",
        option(section),
    );
    for form in surface_forms(entry) {
        let SurfaceForm {
            text,
            case_sensitive,
            role,
            plural,
        } = form;
        let _ = writeln!(
            code,
            "            SurfaceForm {{ text: Cow::Borrowed({text:?}), case_sensitive: {case_sensitive}, \
             role: FormRole::{role:?}, plural: {plural} }},"
        );
    }
    code.push_str("        ],\n    },\n");
}

/// `Some(…)` or `None`, for a value already written as code.
fn option(code: Option<String>) -> String {
    code.map_or_else(|| "None".to_string(), |code| format!("Some({code})"))
}
