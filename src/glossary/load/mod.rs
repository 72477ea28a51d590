//! Loading glossary files. Three formats, chosen by the file's extension:
//!
//! - `.toml`: the schema of `data/README.md`, the same as the built-in glossary;
//! - `.txt`: the explainer's text format (`- TERM Introduced in §NN · Title` then `- Definition`);
//! - `.md` / `.markdown`: Markdown abbreviation lines (`*[HBM]: High-Bandwidth Memory`).
//!
//! Loaders never panic on input: every problem becomes a [`FileError`] naming the file, line and column.

mod abbreviations;
mod collector;
mod explainer;
mod toml_format;

use std::path::Path;

use crate::error::FileError;
pub use abbreviations::parse_abbreviations;
pub(crate) use collector::toml_error;
pub use explainer::{infer_acronym as explainer_infer_acronym, parse_explainer, InferredAcronym};
pub use toml_format::parse_toml;

use super::Entry;

/// Glossary files larger than this are refused rather than parsed: no real glossary comes near it, and a
/// multi-gigabyte file named by mistake must not stall the server.
pub const MAX_GLOSSARY_BYTES: u64 = 16 * 1024 * 1024;

/// The formats a glossary file can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Explainer,
    Abbreviations,
}

impl Format {
    /// The format for a file name, by extension.
    pub fn for_path(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "toml" => Some(Format::Toml),
            "txt" => Some(Format::Explainer),
            "md" | "markdown" | "mdx" => Some(Format::Abbreviations),
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
    }
}

/// Reads and parses a user's glossary file. Entries get [`super::Origin::User`].
pub fn load_file(path: &Path) -> Result<Vec<Entry>, Vec<FileError>> {
    let format = Format::for_path(path).ok_or_else(|| {
        vec![FileError::whole(
            path,
            "unknown glossary format: use a .toml, .txt (explainer format) or .md (abbreviation lines) file",
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
