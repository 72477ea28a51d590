//! glossary-ls: a language server and checker for technical writing.
//!
//! The crate is one engine with two front ends. [`glossary`] holds the term model and its loaders,
//! [`analysis`] turns text into findings, [`config`] resolves project settings; the command line
//! (`src/main.rs`, [`cli`]) and the language server ([`lsp`]) are thin layers over them.

pub mod analysis;
pub mod check;
pub mod cli;
pub mod config;
pub mod export;
pub mod glossary;
pub mod lsp;
pub mod text;
