//! Small text rules shared by the glossary loaders and the analyser: what a word is, what looks like an
//! acronym, and whether a long form can stand for an acronym.

pub mod acronym;
pub mod lines;
pub mod markdown;
pub mod normalize;
pub mod ranges;
pub mod slice;
