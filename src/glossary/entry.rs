//! The term model: one glossary entry and the small types it is made of.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// What kind of thing an entry names. It decides how the analyser treats the entry's acronym.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The entry is, or carries, an abbreviation that writers spell out at its first use (GRPO, MoE).
    Acronym,
    /// A proper name whose short form nobody spells out (vLLM, NVLink, GGUF). Explained, never flagged.
    Name,
    /// An ordinary term ("KV cache", "dropout").
    Term,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Acronym => "acronym",
            Kind::Name => "name",
            Kind::Term => "term",
        }
    }
}

/// How widely known an entry's acronym is. Together with the project's [`Audience`] it decides whether a
/// use must be spelled out.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Familiarity {
    /// A general computing acronym or number format that any technical reader knows (GPU, VRAM, FP16,
    /// INT8, HBM).
    General,
    /// An ML acronym that every ML practitioner knows but a newcomer does not (LLM, RL, SFT, LoRA, KV).
    Field,
    /// Everything else: known to specialists of one area (GRPO, FSDP, AWQ). The default.
    #[default]
    Specialist,
}

impl Familiarity {
    /// How few readers know it: general 0, field 1, specialist 2.
    pub fn rank(self) -> u8 {
        match self {
            Familiarity::General => 0,
            Familiarity::Field => 1,
            Familiarity::Specialist => 2,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Familiarity::General => "general",
            Familiarity::Field => "field",
            Familiarity::Specialist => "specialist",
        }
    }
}

/// Who a project writes for (the config's `audience`): it decides which [`Familiarity`] levels must be
/// spelled out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Readers new to ML: every acronym is spelled out, even GPU and FP16.
    Newcomer,
    /// ML practitioners (the default): general computing acronyms need no expansion; ML ones do.
    #[default]
    Practitioner,
    /// Experts of the field: only specialist acronyms are spelled out.
    Expert,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Newcomer => "newcomer",
            Audience::Practitioner => "practitioner",
            Audience::Expert => "expert",
        }
    }

    /// Whether this audience needs an acronym of `familiarity` spelled out.
    pub fn flags(self, familiarity: Familiarity) -> bool {
        match self {
            Audience::Newcomer => true,
            Audience::Practitioner => familiarity != Familiarity::General,
            Audience::Expert => familiarity == Familiarity::Specialist,
        }
    }
}

/// Where an entry comes from. Hover and the exporters show it; the config can turn built-in sources off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// An entry of the explainer glossary (`data/llm-glossary.txt`).
    Seed,
    /// An acronym that the explainer's definitions use but do not list on their own.
    Derived,
    /// Written by this project for acronyms that the explainer does not cover (`data/supplement.toml`).
    Supplement,
    /// From a user's glossary file.
    User,
}

impl Origin {
    /// Where the entry comes from, in words a reader of `define` or a hover understands (the words of
    /// [`Origin::as_str`] are the data files' and the JSON schema's).
    pub fn described(self) -> &'static str {
        match self {
            Origin::Seed | Origin::Derived => "from the LLM explainer glossary",
            Origin::Supplement => "added by glossary-ls",
            Origin::User => "from your glossary file",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Seed => "seed",
            Origin::Derived => "derived",
            Origin::Supplement => "supplement",
            Origin::User => "user",
        }
    }
}

/// Whether an expansion is the source's own words or a standard one supplied by the curators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExpansionSource {
    #[default]
    Seed,
    Supplied,
}

impl ExpansionSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ExpansionSource::Seed => "seed",
            ExpansionSource::Supplied => "supplied",
        }
    }
}

/// The explainer section that introduces a term: `§23 · GRPO & DeepSeek-R1`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Section {
    pub number: u16,
    pub title: String,
}

impl Section {
    /// Parses `§NN · Title`. The number keeps no leading zeros; `Display` writes two digits again.
    pub fn parse(text: &str) -> Option<Section> {
        let rest = text.trim().strip_prefix('§')?;
        let (number, title) = rest.split_once('·')?;
        let number = number.trim().parse().ok()?;
        let title = title.trim();
        if title.is_empty() {
            return None;
        }
        Some(Section {
            number,
            title: title.to_string(),
        })
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "§{:02} · {}", self.number, self.title)
    }
}

/// A place in a glossary file, for error messages and for go-to-definition into a project glossary.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceSpot {
    /// The file as the user named it (or `<built-in>/…` for embedded data).
    pub file: Arc<PathBuf>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// One glossary entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The headword as its source writes it ("chain-of-thought", "Goodhart’s law", "Dr.GRPO").
    pub name: String,
    pub kind: Kind,
    /// How widely known the acronym is; `Specialist` unless the data says otherwise.
    pub familiarity: Familiarity,
    /// The short form the entry is or carries ("GRPO", "MoE").
    pub acronym: Option<String>,
    /// What the acronym stands for ("Group Relative Policy Optimization").
    pub expansion: Option<String>,
    pub expansion_source: ExpansionSource,
    /// Whether the acronym's letters follow the words of its expansion (Schwartz–Hearst), as they
    /// almost always do. `false` for the few abbreviations whose letters do not (MX = microscaling):
    /// a writer's definition of one counts only when its long form is the entry's own expansion.
    pub letters_fit: bool,
    pub definition: String,
    pub section: Option<Section>,
    /// Other spellings writers use; plurals, possessives and hyphenation variants are generated instead.
    pub aliases: Vec<String>,
    /// Spellings that are wrong for this entry ("Pytorch", "Huggingface"): written in prose, they get a
    /// `non-canonical-spelling` finding whose fix writes the name. Matched exactly as written.
    pub wrong_forms: Vec<String>,
    /// Names of related entries.
    pub see_also: Vec<String>,
    /// The software the acronym also names, as a reader would call it ("Hugging Face's PEFT
    /// library"): where a document may mean either, spelling the acronym out could turn the
    /// library into the method, so that fix is offered, not applied.
    pub also_names: Option<String>,
    pub origin: Origin,
    /// For derived entries: the entry whose text spells the acronym out.
    pub derived_from: Option<String>,
    /// Where the entry is written, when it comes from a file.
    pub spot: Option<SourceSpot>,
    /// Whether every page of the project already spells it out: an abbreviation the site generator
    /// appends to every page (MkDocs `auto_append`, a `myst.yml` abbreviation), or any project
    /// glossary entry under `scope = "site"`. Such an acronym is never reported as not spelled out.
    pub on_every_page: bool,
}

impl Entry {
    /// A plain entry with only a name and a definition; the other fields take their neutral values.
    pub fn new(name: impl Into<String>, definition: impl Into<String>) -> Entry {
        Entry {
            name: name.into(),
            kind: Kind::Term,
            familiarity: Familiarity::Specialist,
            acronym: None,
            expansion: None,
            expansion_source: ExpansionSource::Seed,
            letters_fit: true,
            definition: definition.into(),
            section: None,
            aliases: Vec::new(),
            wrong_forms: Vec::new(),
            see_also: Vec::new(),
            also_names: None,
            origin: Origin::User,
            derived_from: None,
            spot: None,
            on_every_page: false,
        }
    }

    /// Whether writers must spell this entry's acronym out at its first use.
    pub fn must_spell_out(&self) -> bool {
        self.kind == Kind::Acronym && self.acronym.is_some() && self.expansion.is_some()
    }

    /// Whether writers for `audience` must spell this entry's acronym out: an acronym the audience
    /// knows ([`Audience::flags`]) behaves like a known name.
    pub fn must_spell_out_for(&self, audience: Audience) -> bool {
        self.must_spell_out() && audience.flags(self.familiarity)
    }

    /// The form to insert when spelling the acronym out: `Expansion (ACR)`, or the name when the acronym
    /// is carried by a longer name ("Mixture of Experts (MoE)").
    pub fn spelled_out(&self) -> Option<String> {
        let acronym = self.acronym.as_deref()?;
        let expansion = self.expansion.as_deref()?;
        Some(format!("{expansion} ({acronym})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_audience_flags_what_it_does_not_know() {
        use Familiarity::{Field, General, Specialist};
        let flagged = |audience: Audience| {
            [General, Field, Specialist]
                .into_iter()
                .filter(|&f| audience.flags(f))
                .collect::<Vec<_>>()
        };
        assert_eq!(flagged(Audience::Newcomer), [General, Field, Specialist]);
        assert_eq!(flagged(Audience::Practitioner), [Field, Specialist]);
        assert_eq!(flagged(Audience::Expert), [Specialist]);
        assert_eq!(Audience::default(), Audience::Practitioner);
    }

    #[test]
    fn must_spell_out_for_needs_an_acronym_and_an_audience_that_does_not_know_it() {
        let mut gpu = Entry::new("GPU", "Graphics Processing Unit.");
        gpu.kind = Kind::Acronym;
        gpu.acronym = Some("GPU".into());
        gpu.expansion = Some("graphics processing unit".into());
        gpu.familiarity = Familiarity::General;
        assert!(gpu.must_spell_out_for(Audience::Newcomer));
        assert!(!gpu.must_spell_out_for(Audience::Practitioner));
        gpu.kind = Kind::Name;
        assert!(!gpu.must_spell_out_for(Audience::Newcomer));
    }
}
