//! The TOML loader of `src/glossary/load`, the format of the data files.

#[path = "../../src/glossary/load/collector.rs"]
mod collector;
#[path = "../../src/glossary/load/toml_format.rs"]
mod toml_format;

pub use toml_format::parse_toml;
