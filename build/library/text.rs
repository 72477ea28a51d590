//! The parts of `src/text` that the glossary's loader and surface forms use.

#[path = "../../src/text/acronym.rs"]
pub mod acronym;
#[path = "../../src/text/lines.rs"]
pub mod lines;
#[path = "../../src/text/slice.rs"]
pub mod slice;
