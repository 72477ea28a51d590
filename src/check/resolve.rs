//! Which config governs each file, and the glossary each config builds, each resolved once.
//!
//! A tree of a thousand files usually has one or two config files. Discovery walks up from each
//! file's folder, so it is cached per folder; each config file is read once, and its glossary
//! (built-in entries, the config's glossary files, then `--glossary` files) is built once, only for
//! configs that govern at least one file to check. What a config and its glossary are is
//! [`config::Sources`]'s to say (the config file, then the `--glossary` files); what is kept here is the
//! policy: all or nothing, a file under a broken config is not checked.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::matcher::Volume;
use crate::analysis::{DocKind, Engine, Settings};
use crate::config::{self, Config, Layer, Sources};
use crate::error::FileError;

/// Where the config comes from, as the global options choose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigChoice {
    /// Each file's own, found by walking up from its folder (the default).
    Discover,
    /// This one file governs every file (`--config FILE`).
    File(PathBuf),
    /// Defaults only (`--no-config`).
    Defaults,
}

/// Identifies a config: its file, or `None` for the defaults.
pub type ConfigKey = Option<PathBuf>;

/// Everything the analysis of one file needs from its config.
#[derive(Debug)]
pub struct Profile {
    pub config: Arc<Config>,
    /// The config's glossary, ready for analysis: built once per config, shared by all its files.
    pub engine: Arc<Engine>,
    pub settings: Settings,
}

impl Profile {
    /// How to read `path`: as its extension says ([`Config::doc_kind`]), and Markdown for any other
    /// extension (a file named on the command line is checked whatever its name).
    pub fn doc_kind(&self, path: &Path) -> DocKind {
        self.config.doc_kind(path).unwrap_or(DocKind::Markdown)
    }
}

/// Whether a file found by walking a folder is one to check: the config reads its extension (the
/// Markdown and text extensions, and those of the other formats; compared without case).
pub fn selected(config: &Config, path: &Path) -> bool {
    config.doc_kind(path).is_some()
}

/// Resolves and caches configs; collects their errors (each reported once).
pub struct Resolver {
    choice: ConfigChoice,
    /// The command line's layer: `--glossary` files, added after each config's own.
    flags: Layer,
    /// Folder → the config file governing it.
    folders: HashMap<PathBuf, ConfigKey>,
    /// Config → its contents, or `None` when it could not be read.
    configs: HashMap<ConfigKey, Option<Arc<Config>>>,
    errors: Vec<FileError>,
}

impl Resolver {
    pub fn new(choice: ConfigChoice, extra: &[PathBuf]) -> Resolver {
        Resolver {
            choice,
            flags: Layer::glossary_files(extra),
            folders: HashMap::new(),
            configs: HashMap::new(),
            errors: Vec::new(),
        }
    }

    /// The config governing `file`, or `None` when that config is broken (its errors are kept for
    /// [`Resolver::finish`]).
    pub fn governing(&mut self, file: &Path) -> Option<(ConfigKey, Arc<Config>)> {
        let key = self.key(file);
        let config = match self.configs.get(&key) {
            Some(config) => config.clone(),
            None => {
                let layered = Sources {
                    client: None,
                    file: key.as_deref(),
                    flags: Some(&self.flags),
                }
                .config();
                let config = if layered.errors.is_empty() {
                    Some(Arc::new(layered.config))
                } else {
                    self.add_errors(layered.errors);
                    None
                };
                self.configs.insert(key.clone(), config.clone());
                config
            }
        };
        config.map(|config| (key, config))
    }

    fn key(&mut self, file: &Path) -> ConfigKey {
        match &self.choice {
            ConfigChoice::File(path) => Some(path.clone()),
            ConfigChoice::Defaults => None,
            ConfigChoice::Discover => {
                let folder = match file.parent() {
                    Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                self.folders
                    .entry(folder)
                    .or_insert_with_key(|folder| config::discover(folder))
                    .clone()
            }
        }
    }

    /// Builds the glossary of each config in `keys` (each once), with engines for scanning `volume`
    /// of text, and returns the profiles with every error met, config and glossary errors alike,
    /// each once.
    pub fn finish<'k>(
        mut self,
        keys: impl IntoIterator<Item = &'k ConfigKey>,
        volume: Volume,
    ) -> (HashMap<ConfigKey, Profile>, Vec<FileError>) {
        let mut profiles = HashMap::new();
        let mut failed = Vec::new();
        for key in keys {
            if profiles.contains_key(key) || failed.contains(key) {
                continue;
            }
            let Some(Some(config)) = self.configs.get(key).cloned() else {
                continue;
            };
            match config.glossary().complete() {
                Ok(glossary) => {
                    let settings = Settings::from_config(&config);
                    profiles.insert(
                        key.clone(),
                        Profile {
                            config,
                            engine: Engine::shared_for(glossary, volume),
                            settings,
                        },
                    );
                }
                Err(errors) => {
                    self.add_errors(errors);
                    failed.push(key.clone());
                }
            }
        }
        (profiles, self.errors)
    }

    fn add_errors(&mut self, errors: Vec<FileError>) {
        for error in errors {
            if !self.errors.contains(&error) {
                self.errors.push(error);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_choose_files_and_kinds_without_case() {
        let config = Config::default();
        assert!(selected(&config, Path::new("a/B.MD")));
        assert!(selected(&config, Path::new("notes.txt")));
        assert!(!selected(&config, Path::new("main.rs")));
        assert!(!selected(&config, Path::new("README")));
        let profile = Profile {
            config: Arc::new(config),
            engine: Engine::shared(crate::glossary::builtin::glossary(Default::default())),
            settings: Settings::default(),
        };
        assert_eq!(profile.doc_kind(Path::new("a.TXT")), DocKind::PlainText);
        assert_eq!(profile.doc_kind(Path::new("a.mdx")), DocKind::Mdx);
        assert_eq!(
            profile.doc_kind(Path::new("a.rst")),
            DocKind::ReStructuredText
        );
        assert_eq!(profile.doc_kind(Path::new("a.py")), DocKind::Markdown);
        assert_eq!(profile.doc_kind(Path::new("README")), DocKind::Markdown);
    }

    #[test]
    fn the_glossary_files_a_config_names_or_the_command_line_adds_are_recognised() {
        // `--glossary` files are the flags' layer of each config.
        let is_glossary = |config: &Config, extra: &[PathBuf], path: &Path| {
            config
                .clone()
                .with(&Layer::glossary_files(extra))
                .is_data_file(path)
        };
        let root = tempfile::tempdir().expect("tempdir");
        for name in ["terms.txt", "docs/terms.txt", "extra.md", "notes.txt"] {
            let path = root.path().join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, "- A Introduced in §01 · Intro\n- Alpha.\n").expect("write");
        }
        let config = Config {
            glossaries: vec![config::GlossaryFile::plain(
                root.path().join("docs/../terms.txt"),
            )],
            ..Config::default()
        };
        let extra = [root.path().join("extra.md")];
        assert!(is_glossary(&config, &extra, &root.path().join("terms.txt")));
        assert!(is_glossary(&config, &extra, &root.path().join("extra.md")));
        assert!(
            !is_glossary(&config, &extra, &root.path().join("docs/terms.txt")),
            "the same name in another folder is a document"
        );
        assert!(!is_glossary(
            &config,
            &extra,
            &root.path().join("notes.txt")
        ));
    }

    #[test]
    fn each_config_is_read_once_and_broken_ones_are_reported_once() {
        let root = tempfile::tempdir().expect("tempdir");
        let good = root.path().join("good");
        let bad = root.path().join("bad");
        std::fs::create_dir_all(&good).expect("mkdir");
        std::fs::create_dir_all(&bad).expect("mkdir");
        std::fs::write(good.join(".glossary-ls.toml"), "ignore = [\"ACME\"]\n").expect("write");
        std::fs::write(bad.join(".glossary-ls.toml"), "colour = 1\n").expect("write");
        let mut resolver = Resolver::new(ConfigChoice::Discover, &[]);
        let (key, config) = resolver.governing(&good.join("a.md")).expect("good config");
        assert_eq!(config.ignore, ["ACME"]);
        let (again, same) = resolver.governing(&good.join("b.md")).expect("good config");
        assert_eq!(again, key);
        assert!(Arc::ptr_eq(&config, &same), "read once");
        assert!(resolver.governing(&bad.join("a.md")).is_none());
        assert!(resolver.governing(&bad.join("b.md")).is_none());
        let (profiles, errors) = resolver.finish([&key], Volume::Little);
        assert_eq!(profiles.len(), 1);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].to_string().ends_with(
            "bad/.glossary-ls.toml:1:1: unknown field `colour`, expected one of `glossaries`, `discover`, `scope`, `ignore`, `audience`, `inlay-hints`, `max-file-size`, `builtin`, `severity`, `extensions`"
        ), "{}", errors[0]);
    }
}
