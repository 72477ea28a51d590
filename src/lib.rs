//! glossary-ls: a language server and checker for technical writing.
//!
//! The crate is one engine with two front ends. [`glossary`] holds the term model and its loaders,
//! [`analysis`] turns text into findings, [`config`] resolves project settings; the command line
//! (`src/main.rs`, [`cli`]) and the language server ([`lsp`]) are thin layers over them.

// Everything here handles input a user or an editor controls (documents, glossaries, configs, LSP
// messages), and a panic ends a check or an editor's language server: no unwrap, expect, panic,
// unchecked indexing or string slicing outside tests. Strings are sliced with
// `text::slice::Slice::slice`, vectors read with `get`; the few local exceptions say why they cannot
// fail.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::string_slice
    )
)]

pub mod analysis;
pub mod check;
pub mod cli;
pub mod config;
pub mod error;
pub mod export;
pub mod fs;
pub mod glossary;
pub mod lsp;
pub mod review;
pub mod text;
