//! Writing glossary entries out: JSON for tools, TOML in the loadable schema, Markdown for people, and
//! the formats documentation generators read (MkDocs, MyST, Sphinx, LaTeX).

mod json;
mod markdown;
mod site_formats;
mod toml_out;

pub use json::{entry_json, EntryJson};
pub use markdown::markdown;
pub use site_formats::{latex, mkdocs_abbr, myst, sphinx};
pub use toml_out::toml;
