//! Loading glossary files. Seven formats, chosen by the config (`format = "…"`) or else by the file's
//! extension:
//!
//! - `toml` (`.toml`): the schema of `data/README.md`, the same as the built-in glossary;
//! - `explainer` (`.txt`): the explainer's text format (`- TERM Introduced in §NN · Title` then
//!   `- Definition`);
//! - `mkdocs-abbr` (`.md`, `.markdown`, `.mdx`): Markdown abbreviation lines
//!   (`*[HBM]: High-Bandwidth Memory`), as MkDocs' `abbr` and PHP Markdown Extra read them;
//! - `myst` (`.yml`, `.yaml`): an `abbreviations:` map (`myst.yml`, a page's front matter) and, in a
//!   Markdown page, `{glossary}` blocks;
//! - `sphinx` (`.rst`): `.. glossary::` directives;
//! - `glossary-page`: a page of `### term (ACR)` headings, each followed by its definition;
//! - `latex` (`.tex`): `\newacronym` and `\newglossaryentry` of the `glossaries` package.
//!
//! Loaders never panic on input: every problem becomes a [`FileError`] naming the file, line and column.

mod abbreviations;
mod collector;
mod explainer;
mod glossary_directive;
mod glossary_page;
mod headword;
mod latex;
mod myst;
mod toml_format;
mod yaml;

use std::path::Path;

use crate::error::FileError;
pub use abbreviations::parse_abbreviations;
pub(crate) use collector::toml_error;
pub use explainer::{infer_acronym as explainer_infer_acronym, parse_explainer, InferredAcronym};
pub use glossary_directive::parse_sphinx;
pub use glossary_page::parse_glossary_page;
pub use headword::plain_inline;
pub use latex::parse_latex;
pub use myst::{front_matter_abbreviations, parse_myst};
pub use toml_format::parse_toml;
pub use yaml::{
    entries as yaml_entries, get as yaml_get, items as yaml_items, parse as parse_yaml,
    text as yaml_text, Node as YamlNode,
};

use super::Entry;

/// Glossary files larger than this are refused rather than parsed: no real glossary comes near it, and a
/// multi-gigabyte file named by mistake must not stall the server.
pub const MAX_GLOSSARY_BYTES: u64 = 16 * 1024 * 1024;

/// The formats a glossary file can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Explainer,
    /// `*[ACR]: Long Form` lines (the config's `mkdocs-abbr`).
    Abbreviations,
    Myst,
    Sphinx,
    GlossaryPage,
    Latex,
}

impl Format {
    /// Every format, in the order the names are listed in messages.
    pub const ALL: [Format; 7] = [
        Format::Toml,
        Format::Explainer,
        Format::Abbreviations,
        Format::Myst,
        Format::Sphinx,
        Format::GlossaryPage,
        Format::Latex,
    ];

    /// The name a config writes (`format = "mkdocs-abbr"`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Toml => "toml",
            Format::Explainer => "explainer",
            Format::Abbreviations => "mkdocs-abbr",
            Format::Myst => "myst",
            Format::Sphinx => "sphinx",
            Format::GlossaryPage => "glossary-page",
            Format::Latex => "latex",
        }
    }

    /// The format a config names.
    pub fn from_name(name: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                format!(
                    "unknown glossary format `{name}`; the formats are {}",
                    names.join(", ")
                )
            })
    }

    /// The format for a file name, by extension.
    pub fn for_path(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "toml" => Some(Format::Toml),
            "txt" => Some(Format::Explainer),
            "md" | "markdown" | "mdx" => Some(Format::Abbreviations),
            "yml" | "yaml" => Some(Format::Myst),
            "rst" => Some(Format::Sphinx),
            "tex" => Some(Format::Latex),
            _ => None,
        }
    }
}

/// Parses `text` as a glossary in `format`; `file` names it in errors and in the entries' spots.
pub fn parse(file: &Path, text: &str, format: Format) -> Result<Vec<Entry>, Vec<FileError>> {
    match format {
        Format::Toml => parse_toml(file, text),
        Format::Explainer => parse_explainer(file, text),
        Format::Abbreviations => parse_abbreviations(file, text),
        Format::Myst => parse_myst(file, text),
        Format::Sphinx => parse_sphinx(file, text),
        Format::GlossaryPage => parse_glossary_page(file, text),
        Format::Latex => parse_latex(file, text),
    }
}

/// Reads and parses a user's glossary file, in its extension's format. Entries get
/// [`super::Origin::User`].
pub fn load_file(path: &Path) -> Result<Vec<Entry>, Vec<FileError>> {
    load_file_as(path, None)
}

/// Reads and parses a user's glossary file in `format`, or its extension's when `None`.
pub fn load_file_as(path: &Path, format: Option<Format>) -> Result<Vec<Entry>, Vec<FileError>> {
    let format = format.or_else(|| Format::for_path(path)).ok_or_else(|| {
        vec![FileError::whole(
            path,
            "unknown glossary format: use a .toml, .txt (explainer format), .md (abbreviation lines), .yml (MyST), .rst (Sphinx) or .tex (LaTeX glossaries) file, or name its `format`",
        )]
    })?;
    let text = read_text(path, MAX_GLOSSARY_BYTES).map_err(|e| vec![e])?;
    let mut entries = parse(path, &text, format)?;
    for entry in &mut entries {
        entry.origin = super::Origin::User;
    }
    Ok(entries)
}

/// Reads a UTF-8 text file of at most `limit` bytes, with errors a user can act on.
pub fn read_text(path: &Path, limit: u64) -> Result<String, FileError> {
    let metadata =
        std::fs::metadata(path).map_err(|e| FileError::whole(path, format!("cannot read: {e}")))?;
    if !metadata.is_file() {
        return Err(FileError::whole(path, "not a regular file"));
    }
    if metadata.len() > limit {
        return Err(FileError::whole(
            path,
            format!(
                "file is {} bytes; the limit is {limit} bytes",
                metadata.len()
            ),
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| FileError::whole(path, format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid =
            String::from_utf8_lossy(e.as_bytes().get(..offset).unwrap_or_default()).into_owned();
        FileError::at(path, &valid, offset, "file is not valid UTF-8")
    })
}
