//! The project config file, `.glossary-ls.toml` or `glossary-ls.toml`, found by walking up from a
//! document's folder (as typos and ruff do). The CLI and the server share this one resolver.
//!
//! ```toml
//! glossaries = ["docs/team-glossary.toml"]   # relative to this file
//! ignore = ["ACME", "TODO"]                  # tokens never flagged
//! audience = "practitioner"                  # newcomer | practitioner | expert
//! inlay-hints = "undefined"                  # all | undefined | off
//! max-file-size = 10485760                   # bytes; larger documents are not analysed
//!
//! [builtin]
//! explainer = true                           # the explainer glossary and its derived acronyms
//! supplement = true                          # this project's supplementary entries
//!
//! [severity]
//! undefined-acronym = "off"                  # error | warning | information | hint | off
//!
//! [extensions]
//! markdown = ["md", "markdown", "mdx"]
//! text = ["txt"]
//! ```
//!
//! `audience` says who the documents are written for, and so which acronyms must be spelled out at their
//! first use. Each glossary entry has a `familiarity` (`general`, `field` or `specialist`, see
//! `data/README.md`); an entry the audience knows behaves like a known name: never flagged, still
//! explained on hover.
//!
//! | audience | spells out | not flagged |
//! |---|---|---|
//! | `newcomer` | everything: GPU, FP16, LLM, LoRA, GRPO | — |
//! | `practitioner` (default) | ML acronyms: LLM, RL, LoRA, KV, GRPO, FSDP | general computing: GPU, VRAM, FP16, INT8 |
//! | `expert` | specialist acronyms only: GRPO, FSDP, AWQ | general and field: GPU, FP16, LLM, RL, LoRA |

mod file;

pub use file::{parse_config, ConfigLevel, InlayHintMode};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::FileError;
use crate::glossary::builtin::{self, BuiltinSources};
use crate::glossary::load::{load_file, read_text};
use crate::glossary::{Audience, Glossary};
use crate::review::{Code, Settings, Severity};

/// The names a config file may have, in the order they are looked for in each folder.
pub const CONFIG_FILE_NAMES: [&str; 2] = [".glossary-ls.toml", "glossary-ls.toml"];

/// Config files larger than this are refused: a real one is a few hundred bytes.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The default limit on the size of a document to analyse.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// A resolved project configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The file it was read from; `None` for the defaults.
    pub path: Option<PathBuf>,
    pub builtin: BuiltinSources,
    /// Extra glossary files, already resolved against the config file's folder.
    pub glossaries: Vec<PathBuf>,
    /// Tokens never flagged (in addition to the built-in list of universally known acronyms).
    pub ignore: Vec<String>,
    /// Who the documents are written for: which acronyms must be spelled out.
    pub audience: Audience,
    /// Per-code severity; `None` turns the code off.
    pub severity: BTreeMap<Code, Option<Severity>>,
    pub inlay_hints: InlayHintMode,
    pub max_file_size: u64,
    pub markdown_extensions: Vec<String>,
    pub text_extensions: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            builtin: BuiltinSources::default(),
            glossaries: Vec::new(),
            ignore: Vec::new(),
            audience: Audience::default(),
            severity: Code::ALL
                .into_iter()
                .map(|code| (code, Some(code.default_severity())))
                .collect(),
            inlay_hints: InlayHintMode::Undefined,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            markdown_extensions: ["md", "markdown", "mdx"].map(String::from).to_vec(),
            text_extensions: vec!["txt".to_string()],
        }
    }
}

impl Settings {
    /// The review settings a config asks for. Here rather than in `review` or `analysis`: the config
    /// knows the settings, the settings and the engine know no config.
    pub fn from_config(config: &Config) -> Settings {
        Settings {
            ignore: config.ignore.iter().cloned().collect(),
            severity: config.severity.clone(),
            audience: config.audience,
        }
    }
}

impl Config {
    /// Whether `path` holds this project's data rather than a document to review: a config file (any
    /// of [`CONFIG_FILE_NAMES`]), or one of the glossary files that the config names or `extra` adds
    /// (`--glossary`). A glossary's lines ("- GRPO Introduced in §23 …") are not prose. Glossary paths
    /// are compared after resolving links and `..`, and only for a file whose name matches, so a walk
    /// does not pay a system call per file.
    pub fn is_data_file(&self, extra: &[PathBuf], path: &Path) -> bool {
        let Some(name) = path.file_name() else {
            return false;
        };
        if CONFIG_FILE_NAMES.iter().any(|config| name == *config) {
            return true;
        }
        let mut same_name = self
            .glossaries
            .iter()
            .chain(extra)
            .filter(|glossary| glossary.file_name() == Some(name))
            .peekable();
        if same_name.peek().is_none() {
            return false;
        }
        let Ok(path) = std::fs::canonicalize(path) else {
            return false;
        };
        same_name.any(|glossary| std::fs::canonicalize(glossary).is_ok_and(|g| g == path))
    }

    /// The severity of `code`, or `None` when the code is turned off.
    pub fn severity_of(&self, code: Code) -> Option<Severity> {
        self.severity
            .get(&code)
            .copied()
            .unwrap_or(Some(code.default_severity()))
    }

    /// Reads a config file.
    pub fn load(path: &Path) -> Result<Config, Vec<FileError>> {
        let text = read_text(path, MAX_CONFIG_BYTES).map_err(|e| vec![e])?;
        parse_config(path, &text)
    }

    /// Builds the glossary this config asks for: the built-in sources it turns on, then its glossary
    /// files in order, then `extra` (files named on the command line). All files' errors are returned.
    /// Without files it is the shared built-in glossary ([`builtin::glossary`]).
    pub fn glossary(&self, extra: &[PathBuf]) -> Result<Arc<Glossary>, Vec<FileError>> {
        let mut files = self.glossaries.iter().chain(extra).peekable();
        if files.peek().is_none() {
            return Ok(builtin::glossary(self.builtin));
        }
        let mut glossary = Glossary::from_entries(builtin::entries(self.builtin).cloned());
        let mut errors = Vec::new();
        for path in files {
            match load_file(path) {
                Ok(entries) => glossary.extend(entries),
                Err(mut file_errors) => errors.append(&mut file_errors),
            }
        }
        if errors.is_empty() {
            Ok(Arc::new(glossary))
        } else {
            Err(errors)
        }
    }
}

/// Finds the config file that governs `start` (a file or a folder): the first of
/// [`CONFIG_FILE_NAMES`] in its folder or the nearest folder above it.
///
/// Any directory entry with a config file's name counts, not only a readable regular file: a folder,
/// a dangling symlink or a symlink loop named `.glossary-ls.toml` is returned too, so that loading it
/// reports the problem (`.glossary-ls.toml: cannot read: Too many levels of symbolic links`) instead of
/// the project's settings being silently replaced by the defaults.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = if start.is_dir() {
        start
    } else {
        start.parent()?
    };
    let absolute = std::path::absolute(start).ok()?;
    absolute.ancestors().find_map(|folder| {
        CONFIG_FILE_NAMES
            .iter()
            .map(|name| folder.join(name))
            .find(|candidate| std::fs::symlink_metadata(candidate).is_ok())
    })
}

/// The config for `start`: the discovered file's, or the defaults when there is none.
pub fn resolve(start: &Path) -> Result<Config, Vec<FileError>> {
    match discover(start) {
        Some(path) => Config::load(&path),
        None => Ok(Config::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_walks_up_and_prefers_the_dotted_name() {
        let root = tempfile::tempdir().expect("tempdir");
        let nested = root.path().join("docs/guide");
        std::fs::create_dir_all(&nested).expect("mkdir");
        assert_eq!(discover(&nested), None.or_else(|| discover(&nested)));
        std::fs::write(root.path().join("glossary-ls.toml"), "").expect("write");
        std::fs::write(root.path().join("docs/.glossary-ls.toml"), "").expect("write");
        std::fs::write(root.path().join("docs/glossary-ls.toml"), "").expect("write");
        let found = discover(&nested.join("page.md")).expect("found");
        assert!(found.ends_with("docs/.glossary-ls.toml"), "{found:?}");
        std::fs::remove_file(root.path().join("docs/.glossary-ls.toml")).expect("rm");
        let found = discover(&nested).expect("found");
        assert!(found.ends_with("docs/glossary-ls.toml"), "{found:?}");
    }
}
