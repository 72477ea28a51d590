//! The parts of `src/glossary` that the generator uses: the entry model, the TOML loader, how the
//! data files become entries, and the surface forms.

#[path = "../../src/glossary/entry.rs"]
mod entry;
#[path = "../../src/glossary/forms.rs"]
pub mod forms;

pub use entry::{Entry, ExpansionSource, Familiarity, Kind, Origin, Section, SourceSpot};

#[path = "builtin.rs"]
pub mod builtin;
#[path = "load.rs"]
pub mod load;
