//! The project config file, `.glossary-ls.toml` or `glossary-ls.toml`, found by walking up from a
//! document's folder (as typos and ruff do). The CLI and the server share this one resolver.
//!
//! A project's [`Config`] is laid in typed [`Layer`]s ([`Sources`]): the built-in defaults, then the
//! settings a language client sends (the same keys), then the config file, then the command line's
//! `--glossary` files. Lists of glossaries and ignored tokens are extended layer by layer, severities and
//! the `[builtin]` and `[extensions]` keys replaced one by one, anything else by the highest layer that
//! sets it.
//!
//! ```toml
//! glossaries = ["docs/team-glossary.toml",  # relative to this file; format by extension
//!     { path = "docs/glossary.md", format = "glossary-page" }]
//! discover = true                            # also the glossaries mkdocs.yml, myst.yml, conf.py imply
//! scope = "page"                             # page | site: where a glossary definition holds
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
//! markdown = ["md", "markdown"]
//! text = ["txt"]
//! ```
//!
//! Other formats have their own extensions ([`FORMAT_EXTENSIONS`]: `.mdx`, `.qmd`, …); an extension
//! the `[extensions]` lists name is read as they say.
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
pub mod site;

pub use file::{parse_config, parse_layer, ConfigLevel, InlayHintMode, SettingsError};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::FileError;
use crate::glossary::builtin::{self, BuiltinSources};
use crate::glossary::load::{load_file_as, read_text, Format};
use crate::glossary::{Audience, Glossary};
use crate::review::{Code, DocKind, Settings, Severity};

/// The names a config file may have, in the order they are looked for in each folder.
pub const CONFIG_FILE_NAMES: [&str; 2] = [".glossary-ls.toml", "glossary-ls.toml"];

/// Config files larger than this are refused: a real one is a few hundred bytes.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The default limit on the size of a document to analyse.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// One glossary file a project reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryFile {
    pub path: PathBuf,
    /// The format the config names; `None`: by the file's extension.
    pub format: Option<Format>,
    /// Whether the site generator appends it to every page (MkDocs `auto_append`, `myst.yml`
    /// abbreviations): its entries then count as spelled out on every page, whatever the scope.
    pub appended: bool,
}

impl GlossaryFile {
    /// A file named by a path alone, its format by its extension.
    pub fn plain(path: impl Into<PathBuf>) -> GlossaryFile {
        GlossaryFile {
            path: path.into(),
            format: None,
            appended: false,
        }
    }

    /// Whether the file is a page of the documentation as well (a Sphinx or MyST page with a glossary
    /// directive, a glossary page): it is reviewed like the other pages, unlike a data file.
    pub fn is_page(&self) -> bool {
        let format = self.format.or_else(|| Format::for_path(&self.path));
        let yaml = self
            .path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml"));
        matches!(format, Some(Format::Sphinx | Format::GlossaryPage))
            || (format == Some(Format::Myst) && !yaml)
    }
}

/// Where a project glossary's definitions hold (the config's `scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Each page spells out its own acronyms (the style guides' rule); the glossary explains them.
    #[default]
    Page,
    /// A definition in a project glossary counts as spelling out on every page, as a site whose
    /// every page carries abbreviation tooltips.
    Site,
}

/// A resolved project configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The config file it was read from; `None` for the defaults (and for a documentation site
    /// without one).
    pub path: Option<PathBuf>,
    /// The documentation generator's config (`mkdocs.yml`, `myst.yml`, `conf.py`, …) whose
    /// glossaries were discovered, if any.
    pub site: Option<PathBuf>,
    pub builtin: BuiltinSources,
    /// Glossary files: those discovered from the site first, then those the layers name, already
    /// resolved against each source's folder.
    pub glossaries: Vec<GlossaryFile>,
    /// Whether to read the glossaries the documentation site keeps ([`site`]).
    pub discover: bool,
    pub scope: Scope,
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

/// The formats read by their own extension (after the `[extensions]` lists, which may claim one of
/// these for Markdown or plain text). One row per format.
pub const FORMAT_EXTENSIONS: &[(&str, DocKind)] = &[
    ("mdx", DocKind::Mdx),
    ("qmd", DocKind::Quarto),
    ("ipynb", DocKind::Notebook),
    ("rst", DocKind::ReStructuredText),
    ("rest", DocKind::ReStructuredText),
    ("tex", DocKind::Latex),
    ("ltx", DocKind::Latex),
];

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            site: None,
            builtin: BuiltinSources::default(),
            glossaries: Vec::new(),
            discover: true,
            scope: Scope::Page,
            ignore: Vec::new(),
            audience: Audience::default(),
            severity: Code::ALL
                .into_iter()
                .map(|code| (code, code.default_level()))
                .collect(),
            inlay_hints: InlayHintMode::Undefined,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            markdown_extensions: ["md", "markdown"].map(String::from).to_vec(),
            text_extensions: vec!["txt".to_string()],
        }
    }
}

/// Settings one source sets, each `None` (or empty) where the source says nothing. A project's
/// [`Config`] is the built-in defaults with each source's layer over them, lowest first (see
/// [`Sources`]). Validated when read ([`parse_layer`], [`Layer::from_settings`]): a layer holds no
/// error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layer {
    /// Added after the glossaries of the layers below (resolved against the source's folder).
    pub glossaries: Vec<GlossaryFile>,
    pub discover: Option<bool>,
    pub scope: Option<Scope>,
    /// Added after the tokens of the layers below.
    pub ignore: Vec<String>,
    pub audience: Option<Audience>,
    pub inlay_hints: Option<InlayHintMode>,
    pub max_file_size: Option<u64>,
    /// `[builtin] explainer`.
    pub explainer: Option<bool>,
    /// `[builtin] supplement`.
    pub supplement: Option<bool>,
    /// Per code, over the layers below code by code; `None` turns the code off.
    pub severity: BTreeMap<Code, Option<Severity>>,
    pub markdown_extensions: Option<Vec<String>>,
    pub text_extensions: Option<Vec<String>>,
}

impl Layer {
    /// The layer of glossary files named on the command line (`--glossary`).
    pub fn glossary_files(files: &[PathBuf]) -> Layer {
        Layer {
            glossaries: files.iter().map(GlossaryFile::plain).collect(),
            ..Layer::default()
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
    /// This config with `layer` over it: lists of glossaries and ignored tokens are extended (a user's
    /// personal glossary plus the project's), severities replaced code by code, anything else the layer
    /// sets replaced.
    pub fn with(mut self, layer: &Layer) -> Config {
        self.glossaries.extend(layer.glossaries.iter().cloned());
        self.ignore.extend(layer.ignore.iter().cloned());
        if let Some(discover) = layer.discover {
            self.discover = discover;
        }
        if let Some(scope) = layer.scope {
            self.scope = scope;
        }
        if let Some(audience) = layer.audience {
            self.audience = audience;
        }
        if let Some(mode) = layer.inlay_hints {
            self.inlay_hints = mode;
        }
        if let Some(bytes) = layer.max_file_size {
            self.max_file_size = bytes;
        }
        if let Some(explainer) = layer.explainer {
            self.builtin.explainer = explainer;
        }
        if let Some(supplement) = layer.supplement {
            self.builtin.supplement = supplement;
        }
        for (code, level) in &layer.severity {
            self.severity.insert(*code, *level);
        }
        if let Some(markdown) = &layer.markdown_extensions {
            self.markdown_extensions.clone_from(markdown);
        }
        if let Some(text) = &layer.text_extensions {
            self.text_extensions.clone_from(text);
        }
        self
    }

    /// How to read a document by its extension (compared without case): Markdown for one of the
    /// Markdown extensions, plain text for one of the text extensions, then the formats of
    /// [`FORMAT_EXTENSIONS`], `None` for any other. Each front
    /// end decides what `None` means (`check` reads a file named on the command line as Markdown; the
    /// server reviews no such document).
    pub fn doc_kind(&self, path: &Path) -> Option<DocKind> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        if self.markdown_extensions.contains(&extension) {
            Some(DocKind::Markdown)
        } else if self.text_extensions.contains(&extension) {
            Some(DocKind::PlainText)
        } else {
            FORMAT_EXTENSIONS
                .iter()
                .find(|(ext, _)| *ext == extension)
                .map(|&(_, kind)| kind)
        }
    }

    /// Whether `path` holds this project's data rather than a document to review: a config file (any
    /// of [`CONFIG_FILE_NAMES`]), or one of the config's glossary files (`--glossary` files included). A glossary's lines ("- GRPO Introduced in §23 …") are not prose. Glossary paths
    /// are compared after resolving links and `..`, and only for a file whose name matches, so a walk
    /// does not pay a system call per file.
    pub fn is_data_file(&self, path: &Path) -> bool {
        let Some(name) = path.file_name() else {
            return false;
        };
        if CONFIG_FILE_NAMES.iter().any(|config| name == *config) {
            return true;
        }
        let mut same_name = self
            .glossaries
            .iter()
            .filter(|glossary| !glossary.is_page())
            .map(|glossary| &glossary.path)
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
            .unwrap_or(code.default_level())
    }

    /// Builds the glossary this config asks for: the built-in sources it turns on, then its glossary
    /// files in order (`--glossary` files last). Every file's errors are returned with what loaded: a
    /// broken file never takes the others away, and each front end decides what errors mean. Without
    /// files it is the shared built-in glossary ([`builtin::glossary`]).
    pub fn glossary(&self) -> LoadedGlossary {
        if self.glossaries.is_empty() {
            return LoadedGlossary {
                glossary: builtin::glossary(self.builtin),
                errors: Vec::new(),
            };
        }
        let mut glossary = Glossary::from_entries(builtin::entries(self.builtin).cloned());
        let mut errors = Vec::new();
        for file in &self.glossaries {
            match load_file_as(&file.path, file.format) {
                Ok(mut entries) => {
                    if file.appended || self.scope == Scope::Site {
                        for entry in &mut entries {
                            entry.on_every_page = true;
                        }
                    }
                    glossary.extend(entries);
                }
                Err(mut file_errors) => errors.append(&mut file_errors),
            }
        }
        LoadedGlossary {
            glossary: Arc::new(glossary),
            errors,
        }
    }
}

/// A config's glossary: what loaded, and the errors of the files that did not.
#[derive(Debug, Clone)]
pub struct LoadedGlossary {
    pub glossary: Arc<Glossary>,
    pub errors: Vec<FileError>,
}

impl LoadedGlossary {
    /// All or nothing: the glossary when every file loaded, else every error.
    pub fn complete(self) -> Result<Arc<Glossary>, Vec<FileError>> {
        if self.errors.is_empty() {
            Ok(self.glossary)
        } else {
            Err(self.errors)
        }
    }
}

/// Where a project's settings come from. The config is the built-in defaults, then `client` (the
/// settings a language client sends), then the config `file`, then `flags` (the command line's): each
/// over the ones before it, as [`Config::with`] lays them. Then, unless a layer says
/// `discover = false`, the glossaries of the documentation site beside the config file (or of the
/// generator config `file` is, when [`discover`] found no config file) come first.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sources<'a> {
    pub client: Option<&'a Layer>,
    /// A config file, or a documentation generator's config ([`site::SITE_FILE_NAMES`]).
    pub file: Option<&'a Path>,
    pub flags: Option<&'a Layer>,
}

/// A config laid from its [`Sources`], with the config file's errors. When the file is broken,
/// `config` is the other layers without it (and without its `path`), for a front end that goes on.
#[derive(Debug, Clone)]
pub struct LayeredConfig {
    pub config: Config,
    pub errors: Vec<FileError>,
}

/// A project resolved: its config, its glossary, and every error met on the way (the config file's,
/// then the glossary files'). The config and glossary are what could be read; each front end keeps its
/// own policy on errors (`check` all or nothing, the server the last good project).
#[derive(Debug, Clone)]
pub struct Resolved {
    pub config: Config,
    pub glossary: Arc<Glossary>,
    pub errors: Vec<FileError>,
}

impl Sources<'_> {
    /// The config these sources lay, reading the config file.
    pub fn config(&self) -> LayeredConfig {
        let mut config = Config::default();
        if let Some(client) = self.client {
            config = config.with(client);
        }
        let mut errors = Vec::new();
        let mut site = None;
        if let Some(path) = self.file.filter(|path| site::is_site_file(path)) {
            site = Some(path.to_path_buf());
        } else if let Some(path) = self.file {
            let layer = read_text(path, MAX_CONFIG_BYTES)
                .map_err(|e| vec![e])
                .and_then(|text| parse_layer(path, &text));
            match layer {
                Ok(layer) => {
                    config = config.with(&layer);
                    config.path = Some(path.to_path_buf());
                }
                Err(mut file_errors) => errors.append(&mut file_errors),
            }
        }
        if let Some(flags) = self.flags {
            config = config.with(flags);
        }
        if config.discover {
            let site = site.or_else(|| {
                let folder = config.path.as_deref()?.parent()?;
                site::find_in(folder)
            });
            if let Some(site) = site {
                let (mut found, mut site_errors) = site::glossaries(&site);
                found.retain(|f| !config.glossaries.iter().any(|g| g.path == f.path));
                config.glossaries.splice(0..0, found);
                errors.append(&mut site_errors);
                config.site = Some(site);
            }
        }
        LayeredConfig { config, errors }
    }

    /// The config and the glossary these sources lay, reading every file once.
    pub fn resolve(&self) -> Resolved {
        let LayeredConfig { config, mut errors } = self.config();
        let loaded = config.glossary();
        errors.extend(loaded.errors);
        Resolved {
            config,
            glossary: loaded.glossary,
            errors,
        }
    }
}

/// Finds the config file that governs `start` (a file or a folder): the first of
/// [`CONFIG_FILE_NAMES`] in its folder or the nearest folder above it. Without one, the nearest
/// documentation generator's config ([`site::find_in`]): its site's glossaries are then the project's.
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
    absolute
        .ancestors()
        .find_map(|folder| {
            CONFIG_FILE_NAMES
                .iter()
                .map(|name| folder.join(name))
                .find(|candidate| std::fs::symlink_metadata(candidate).is_ok())
        })
        .or_else(|| absolute.ancestors().find_map(site::find_in))
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

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    /// Defaults < client settings < config file < command-line flags: lists of glossaries and ignored
    /// tokens are extended in that order, severities replaced code by code, `[builtin]` and
    /// `[extensions]` key by key, any other key by the highest layer that sets it.
    #[test]
    fn layers_go_defaults_client_file_flags() {
        let root = tempfile::tempdir().expect("tempdir");
        let file = root.path().join("proj/.glossary-ls.toml");
        write(
            &file,
            "glossaries = [\"team.md\"]\nignore = [\"TODO\"]\ninlay-hints = \"all\"\n\
             [builtin]\nsupplement = false\n[severity]\nundefined-acronym = \"error\"\n\
             [extensions]\ntext = [\"TXT\", \".text\"]\n",
        );
        let client = Layer::from_settings(
            &serde_json::json!({
                "glossaries": ["mine.md"],
                "ignore": ["ACME"],
                "inlay-hints": "off",
                "audience": "expert",
                "builtin": { "explainer": false },
                "severity": { "undefined-acronym": "hint", "redundant-definition": "off" },
                "extensions": { "markdown": ["md"] },
            }),
            Path::new("/home/me"),
        )
        .expect("valid");
        let flags = Layer::glossary_files(&[PathBuf::from("extra.md")]);

        let defaults = Sources::default().config();
        assert!(defaults.errors.is_empty());
        assert_eq!(defaults.config, Config::default());

        let config = Sources {
            client: Some(&client),
            file: Some(&file),
            flags: Some(&flags),
        }
        .config();
        assert!(config.errors.is_empty(), "{:?}", config.errors);
        let config = config.config;
        assert_eq!(config.path.as_deref(), Some(file.as_path()));
        let paths: Vec<&Path> = config.glossaries.iter().map(|g| g.path.as_path()).collect();
        assert_eq!(
            paths,
            [
                Path::new("/home/me/mine.md"),
                &root.path().join("proj/team.md"),
                Path::new("extra.md"),
            ]
        );
        assert_eq!(config.ignore, ["ACME", "TODO"]);
        assert_eq!(
            config.inlay_hints,
            InlayHintMode::All,
            "the file over the client"
        );
        assert_eq!(
            config.audience,
            Audience::Expert,
            "the client over the defaults"
        );
        assert_eq!(config.max_file_size, DEFAULT_MAX_FILE_SIZE);
        assert_eq!(
            config.builtin,
            BuiltinSources {
                explainer: false,
                supplement: false,
            }
        );
        assert_eq!(
            config.severity_of(Code::UndefinedAcronym),
            Some(Severity::Error)
        );
        assert_eq!(config.severity_of(Code::RedundantDefinition), None);
        assert_eq!(
            config.severity_of(Code::AcronymNotSpelledOut),
            Some(Code::AcronymNotSpelledOut.default_severity())
        );
        assert_eq!(config.markdown_extensions, ["md"]);
        assert_eq!(config.text_extensions, ["txt", "text"]);
    }

    #[test]
    fn a_broken_file_leaves_the_other_layers_and_its_errors() {
        let root = tempfile::tempdir().expect("tempdir");
        let file = root.path().join(".glossary-ls.toml");
        write(&file, "ignore = [\"TODO\"]\ncolour = 1\n");
        let client = Layer {
            ignore: vec!["ACME".to_string()],
            ..Layer::default()
        };
        let flags = Layer::glossary_files(&[PathBuf::from("extra.md")]);
        let layered = Sources {
            client: Some(&client),
            file: Some(&file),
            flags: Some(&flags),
        }
        .config();
        assert_eq!(layered.config.path, None);
        assert_eq!(layered.config.ignore, ["ACME"]);
        assert_eq!(layered.config.glossaries, [GlossaryFile::plain("extra.md")]);
        let errors: Vec<String> = layered.errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].ends_with(".glossary-ls.toml:2:1: unknown field `colour`, expected one of `glossaries`, `discover`, `scope`, `ignore`, `audience`, `inlay-hints`, `max-file-size`, `builtin`, `severity`, `extensions`"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn resolving_keeps_what_loaded_and_complete_is_all_or_nothing() {
        let root = tempfile::tempdir().expect("tempdir");
        let file = root.path().join(".glossary-ls.toml");
        write(&file, "glossaries = [\"good.md\", \"bad.toml\"]\n");
        write(
            &root.path().join("good.md"),
            "*[AWP]: Acme Widget Protocol\n",
        );
        write(&root.path().join("bad.toml"), "[[term]\n");
        let sources = Sources {
            file: Some(&file),
            ..Sources::default()
        };
        let resolved = sources.resolve();
        assert!(!resolved.glossary.lookup("AWP").is_empty());
        assert_eq!(resolved.errors.len(), 1);
        assert!(resolved.errors[0].file.ends_with("bad.toml"));
        let errors = resolved
            .config
            .glossary()
            .complete()
            .expect_err("a broken file");
        assert_eq!(errors, resolved.errors);
        assert!(Arc::ptr_eq(
            &Config::default().glossary().complete().expect("built in"),
            &builtin::glossary(BuiltinSources::default())
        ));
    }

    /// The client's settings and a config file are one schema: the same keys give the same layer, and
    /// an invalid setting gives the file's message, without a position.
    #[test]
    fn client_settings_read_as_a_config_file_reads() {
        let text = "glossaries = [\"team.md\"]\nignore = [\" ACME \"]\naudience = \"newcomer\"\n\
                    inlay-hints = \"off\"\nmax-file-size = 1000\n[builtin]\nexplainer = false\n\
                    [severity]\nundefined-acronym = \"off\"\n[extensions]\nmarkdown = [\".MD\"]\n";
        let from_file = parse_layer(Path::new("proj/.glossary-ls.toml"), text).expect("valid");
        let from_client = Layer::from_settings(
            &serde_json::json!({
                "glossaries": ["team.md"],
                "ignore": [" ACME "],
                "audience": "newcomer",
                "inlay-hints": "off",
                "max-file-size": 1000,
                "builtin": { "explainer": false },
                "severity": { "undefined-acronym": "off" },
                "extensions": { "markdown": [".MD"] },
            }),
            Path::new("proj"),
        )
        .expect("valid");
        assert_eq!(from_client, from_file);
        assert_eq!(from_file.ignore, ["ACME"]);
        assert_eq!(from_file.supplement, None, "unset, not defaulted");

        let invalid = |value: serde_json::Value| {
            Layer::from_settings(&value, Path::new("")).expect_err("invalid")
        };
        assert_eq!(
            invalid(serde_json::json!({ "audience": "beginner", "ignore": ["a b"] })),
            SettingsError::Invalid(vec![
                "unknown variant `beginner`, expected one of `newcomer`, `practitioner`, `expert`"
                    .to_string()
            ])
        );
        assert_eq!(
            invalid(serde_json::json!({ "glossaries": [" "], "max-file-size": -1 })).to_string(),
            "glossary-ls settings: empty glossary path; `max-file-size` must be a positive number of bytes"
        );
        assert_eq!(
            invalid(serde_json::json!(true)).to_string(),
            "glossary-ls settings must be an object of config keys: unsupported rust type"
        );
    }

    /// The one extension-based decision both front ends take: without case, Markdown first when an
    /// extension is in both lists (`check` used to read such a file as plain text, the server as
    /// Markdown), `None` for any other extension.
    #[test]
    fn doc_kind_is_decided_by_the_extension_lists() {
        let config = Config {
            markdown_extensions: vec!["md".to_string(), "both".to_string()],
            text_extensions: vec!["txt".to_string(), "both".to_string()],
            ..Config::default()
        };
        assert_eq!(
            config.doc_kind(Path::new("a/B.MD")),
            Some(DocKind::Markdown)
        );
        assert_eq!(
            config.doc_kind(Path::new("notes.Txt")),
            Some(DocKind::PlainText)
        );
        assert_eq!(
            config.doc_kind(Path::new("x.both")),
            Some(DocKind::Markdown)
        );
        assert_eq!(config.doc_kind(Path::new("guide.MDX")), Some(DocKind::Mdx));
        assert_eq!(config.doc_kind(Path::new("rag.qmd")), Some(DocKind::Quarto));
        assert_eq!(
            config.doc_kind(Path::new("intro.ipynb")),
            Some(DocKind::Notebook)
        );
        assert_eq!(config.doc_kind(Path::new("main.rs")), None);
        assert_eq!(config.doc_kind(Path::new("README")), None);
        assert_eq!(
            config.doc_kind(Path::new("docs/index.RST")),
            Some(DocKind::ReStructuredText)
        );
        assert_eq!(
            config.doc_kind(Path::new("paper.tex")),
            Some(DocKind::Latex)
        );
    }
}
