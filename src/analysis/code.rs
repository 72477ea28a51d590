//! Finding codes and severities: the stable names users put in configs, CI filters and ignore lists.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

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
}

impl Code {
    pub const ALL: [Code; 4] = [
        Code::AcronymNotSpelledOut,
        Code::AcronymUsedBeforeDefinition,
        Code::UndefinedAcronym,
        Code::RedundantDefinition,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::AcronymNotSpelledOut => "acronym-not-spelled-out",
            Code::AcronymUsedBeforeDefinition => "acronym-used-before-definition",
            Code::UndefinedAcronym => "undefined-acronym",
            Code::RedundantDefinition => "redundant-definition",
        }
    }

    /// Whether the code is about a glossary acronym's first use: spelled out nowhere, or too late.
    pub fn is_first_use(self) -> bool {
        matches!(
            self,
            Code::AcronymNotSpelledOut | Code::AcronymUsedBeforeDefinition
        )
    }

    /// The severity a code has unless the config says otherwise.
    pub fn default_severity(self) -> Severity {
        match self {
            Code::AcronymNotSpelledOut | Code::AcronymUsedBeforeDefinition => Severity::Warning,
            Code::UndefinedAcronym => Severity::Information,
            Code::RedundantDefinition => Severity::Hint,
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
