//! Writing glossary entries out: JSON for tools, TOML in the loadable schema, Markdown for people.

mod json;
mod markdown;
mod toml_out;

pub use json::{entry_json, EntryJson};
pub use markdown::markdown;
pub use toml_out::toml;
