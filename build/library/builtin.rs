//! How the data files become entries (`src/glossary/builtin/source.rs`).

#[path = "../../src/glossary/builtin/source.rs"]
pub mod source;
