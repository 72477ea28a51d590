//! Small text rules shared by the glossary loaders and the analyser: what a word is, what looks like an
//! acronym, and whether a long form can stand for an acronym.

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

pub mod acronym;
pub mod lines;
pub mod markdown;
pub mod normalize;
pub mod slice;
