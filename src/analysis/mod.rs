//! The review engine: text in, byte ranges and findings out. It knows nothing of LSP or tokio; the
//! server and the `check` command are two thin front ends over the same [`Analysis`].

mod code;
mod finding;
pub mod prose;

pub use code::{Code, Severity};
pub use finding::{Finding, Fix, FixAction, Related, TextEdit};

/// How a document's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    /// CommonMark with the extensions real documentation uses (tables, footnotes, front matter, math,
    /// MkDocs admonitions, GitHub alerts).
    Markdown,
    /// Everything is prose except URLs and e-mail addresses.
    PlainText,
}
