//! What a review reports and how loudly: the finding codes and severities (the stable names users put
//! in configs, CI filters and ignore lists) and the [`Settings`] that change what the engine reports.
//!
//! This part sits between the config and the engine so that each can name codes and settings without
//! knowing the other: `config` builds [`Settings`] (`Settings::from_config`), `analysis` reads them.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::glossary::Audience;

/// How a document's text is read. Here so that `config` can say it (by extension) and the engine
/// read it, neither importing the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    /// CommonMark with the extensions real documentation uses (tables, footnotes, front matter, math,
    /// MkDocs admonitions, GitHub alerts).
    Markdown,
    /// Everything is prose except URLs and e-mail addresses.
    PlainText,
    /// reStructuredText (Sphinx): sections, directives, roles, literal blocks, tables.
    ReStructuredText,
    /// LaTeX: text outside commands and math, sections, captions, acronym package definitions.
    Latex,
    /// MDX: Markdown with ES module lines, JSX elements and `{expressions}`, which are not prose.
    Mdx,
    /// Quarto: Pandoc Markdown with executable chunks, div fences, cross-references and shortcodes.
    Quarto,
    /// A Jupyter notebook (JSON): its Markdown cells, in order, are one Markdown document.
    Notebook,
}

/// The settings that change what the analysis reports (the rest of the config chooses the glossary).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Settings {
    /// Tokens never flagged, as the config's `ignore` list writes them.
    pub ignore: HashSet<String>,
    /// Per-code severity; `None` turns a code off. Codes missing here take their default severity.
    pub severity: BTreeMap<Code, Option<Severity>>,
    /// Who the document is written for: decides which acronyms must be spelled out.
    pub audience: Audience,
}

impl Settings {
    pub fn severity_of(&self, code: Code) -> Option<Severity> {
        self.severity
            .get(&code)
            .copied()
            .unwrap_or(code.default_level())
    }
}

/// What a finding is about. The names are part of the interface: never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// A glossary acronym appears in body text and the document never defines it.
    AcronymNotSpelledOut,
    /// The document defines the acronym, but uses it earlier in body text.
    AcronymUsedBeforeDefinition,
    /// An acronym-like token no glossary knows, never defined, not ignored.
    UndefinedAcronym,
    /// The acronym is defined again after its first definition.
    RedundantDefinition,
    /// A glossary name written in a spelling the glossary calls wrong ("Pytorch", "Huggingface").
    NonCanonicalSpelling,
    /// One acronym spelled out two different ways: in one document, or in two files `check` reads.
    InconsistentExpansion,
    /// An acronym introduced ("Long Form (ACR)") and never used again.
    AcronymUsedOnce,
    /// The long form spelled out again after the acronym's definition, in the same section.
    LongFormAfterDefinition,
}

impl Code {
    pub const ALL: [Code; 8] = [
        Code::AcronymNotSpelledOut,
        Code::AcronymUsedBeforeDefinition,
        Code::UndefinedAcronym,
        Code::RedundantDefinition,
        Code::NonCanonicalSpelling,
        Code::InconsistentExpansion,
        Code::AcronymUsedOnce,
        Code::LongFormAfterDefinition,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::AcronymNotSpelledOut => "acronym-not-spelled-out",
            Code::AcronymUsedBeforeDefinition => "acronym-used-before-definition",
            Code::UndefinedAcronym => "undefined-acronym",
            Code::RedundantDefinition => "redundant-definition",
            Code::NonCanonicalSpelling => "non-canonical-spelling",
            Code::InconsistentExpansion => "inconsistent-expansion",
            Code::AcronymUsedOnce => "acronym-used-once",
            Code::LongFormAfterDefinition => "long-form-after-definition",
        }
    }

    /// Whether the code is about a glossary acronym's first use: spelled out nowhere, or too late.
    pub fn is_first_use(self) -> bool {
        matches!(
            self,
            Code::AcronymNotSpelledOut | Code::AcronymUsedBeforeDefinition
        )
    }

    /// The severity a code has unless the config says otherwise, or `None` for a code that is off
    /// until a config turns it on.
    pub fn default_level(self) -> Option<Severity> {
        match self {
            // Off until the spell-out fix of an acronym used once writes the long form alone: on, it
            // would ask to undo what that fix just wrote ("mixture of experts (MoE)").
            Code::AcronymUsedOnce => None,
            // A matter of style: some writers repeat the long form on purpose.
            Code::LongFormAfterDefinition => None,
            _ => Some(self.default_severity()),
        }
    }

    /// The severity a code has when it is on and the config names no other.
    pub fn default_severity(self) -> Severity {
        match self {
            Code::AcronymNotSpelledOut
            | Code::AcronymUsedBeforeDefinition
            | Code::NonCanonicalSpelling
            | Code::InconsistentExpansion => Severity::Warning,
            Code::UndefinedAcronym => Severity::Information,
            Code::RedundantDefinition | Code::AcronymUsedOnce | Code::LongFormAfterDefinition => {
                Severity::Hint
            }
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Code {
    type Err = String;

    fn from_str(s: &str) -> Result<Code, String> {
        Code::ALL
            .into_iter()
            .find(|code| code.as_str() == s)
            .ok_or_else(|| {
                let known: Vec<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
                format!("unknown code `{s}`; the codes are {}", known.join(", "))
            })
    }
}

/// How much a finding matters, in LSP's order (most severe first, so `Ord` puts errors first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
