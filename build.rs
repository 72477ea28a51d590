//! The build script: the corpus cfgs for the tests (`build/corpus.rs`) and the built-in glossary,
//! parsed and given its surface forms at build time (`build/builtin_glossary.rs`).
//!
//! The generator uses the library's own code for what it decides — the TOML loader, the entry model,
//! the surface forms — compiled here from the same files (`build/library/`), not a copy of it.

#[path = "build/builtin_glossary.rs"]
mod builtin_glossary;
#[path = "build/corpus.rs"]
mod corpus;

// The library's modules the generator needs, under the names the library gives them, so that their
// `crate::` and `super::` paths resolve here as they do there. Only part of each is used here.
#[allow(dead_code)]
#[path = "src/error.rs"]
mod error;
#[allow(dead_code)]
#[path = "build/library/glossary.rs"]
mod glossary;
#[allow(dead_code)]
#[path = "build/library/text.rs"]
mod text;

fn main() {
    corpus::set_cfgs();
    builtin_glossary::write();
}
