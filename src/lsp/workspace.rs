//! Which settings and glossary apply to each document, and keeping them fresh.
//!
//! Each document is governed by the nearest `.glossary-ls.toml` above it ([`config::discover`]), merged
//! over the settings the client sends (`initializationOptions`, `workspace/didChangeConfiguration`),
//! which use the same keys as the file. A [`Project`] — config, merged glossary, analysis settings — is
//! built once per config file and shared by every document under it.
//!
//! A broken config or glossary file never takes the server down: its errors are reported on that file
//! (and in a message), and the last good project for that config stays in force. With no good
//! version yet, the server uses what it can: the client's settings or the defaults for a broken
//! config, the other glossaries for a broken glossary.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::analysis::{DocKind, Engine, Settings};
use crate::config::{self, Config, Layer, Sources, CONFIG_FILE_NAMES};
use crate::error::FileError;
use crate::glossary::Glossary;

use super::completion::CompletionIndex;

/// Everything that applies to the documents under one config file.
#[derive(Debug)]
pub struct Project {
    pub config: Config,
    pub glossary: Arc<Glossary>,
    pub settings: Settings,
    /// The glossary ready for analysis, built on first use (the built-in one once per process).
    engine: OnceLock<Arc<Engine>>,
    completion: OnceLock<CompletionIndex>,
}

impl Project {
    pub fn new(config: Config, glossary: Arc<Glossary>) -> Project {
        Project {
            settings: Settings::from_config(&config),
            config,
            glossary,
            engine: OnceLock::new(),
            completion: OnceLock::new(),
        }
    }

    /// This project's glossary ready for analysis, built on first use: by the first analysis, outside
    /// the workspace lock that creates projects (its index takes milliseconds to build).
    pub fn engine(&self) -> &Arc<Engine> {
        self.engine
            .get_or_init(|| Engine::shared(Arc::clone(&self.glossary)))
    }

    /// The completion candidates of this project's glossary, built on first use.
    pub fn completion(&self) -> &CompletionIndex {
        self.completion
            .get_or_init(|| CompletionIndex::new(&self.glossary))
    }

    /// How to read a document (Markdown, plain text, MDX, Quarto…), by language id and then by the extensions the
    /// config lists ([`Config::doc_kind`]); `None` for documents this server does not review, among
    /// them the project's own config and glossary files (an editor without TOML support opens
    /// `.glossary-ls.toml` as plain text).
    pub fn doc_kind(&self, language_id: &str, path: Option<&Path>) -> Option<DocKind> {
        if path.is_some_and(|path| self.config.is_data_file(path)) {
            return None;
        }
        match language_id {
            "markdown" => return Some(DocKind::Markdown),
            "mdx" => return Some(DocKind::Mdx),
            "quarto" => return Some(DocKind::Quarto),
            "plaintext" | "text" => return Some(DocKind::PlainText),
            "restructuredtext" | "rst" => return Some(DocKind::ReStructuredText),
            "latex" | "tex" => return Some(DocKind::Latex),
            _ => {}
        }
        self.config.doc_kind(path?)
    }

    /// The files this project was read from (config and glossaries), to know when to reload it.
    fn files(&self) -> impl Iterator<Item = &Path> {
        self.config
            .path
            .iter()
            .chain(&self.config.site)
            .map(PathBuf::as_path)
            .chain(self.config.glossaries.iter().map(|g| g.path.as_path()))
    }
}

/// The server's view of the workspace: folders, client settings, projects, broken files.
#[derive(Debug, Default)]
pub struct Workspace {
    /// Workspace folders (or the root), first one first. Client glossary paths are relative to it.
    pub roots: Vec<PathBuf>,
    /// Settings sent by the client, validated, with relative glossary paths made absolute.
    client: Option<Layer>,
    /// Projects by config file (`None`: no config file, client settings or defaults).
    projects: HashMap<Option<PathBuf>, Arc<Project>>,
    /// The last project built without errors, by config file.
    last_good: HashMap<Option<PathBuf>, Arc<Project>>,
    /// Document path → its config file, so that discovery does not walk the disk on every change.
    discovered: HashMap<PathBuf, Option<PathBuf>>,
    /// Files with errors now, and the errors last reported to the client.
    broken: BTreeMap<PathBuf, Vec<FileError>>,
    reported: BTreeMap<PathBuf, Vec<FileError>>,
}

/// The key `initializationOptions` and `workspace/didChangeConfiguration` may nest settings under.
pub const SETTINGS_SECTION: &str = "glossary-ls";

impl Workspace {
    /// Sets the client's settings from JSON (`null` or `{}` clears them). Returns a message for the
    /// user when they are invalid, in which case the previous settings stay.
    pub fn set_client_settings(&mut self, value: Option<serde_json::Value>) -> Result<(), String> {
        let Some(mut value) = value else {
            self.client = None;
            return Ok(());
        };
        if let Some(section) = value
            .get(SETTINGS_SECTION)
            .or_else(|| value.get("glossaryLs"))
            .cloned()
        {
            value = section;
        }
        strip_nulls(&mut value);
        let empty = value.is_null() || value.as_object().is_some_and(|o| o.is_empty());
        if empty {
            self.client = None;
            return Ok(());
        }
        let base = self.roots.first().map_or(Path::new(""), PathBuf::as_path);
        let layer = Layer::from_settings(&value, base).map_err(|e| e.to_string())?;
        self.client = Some(layer);
        Ok(())
    }

    /// Forgets every project and discovery result: the next `project_for` reads the files again. The last
    /// good projects are kept, to fall back on.
    pub fn invalidate(&mut self) {
        self.projects.clear();
        self.discovered.clear();
        self.broken.clear();
    }

    /// Whether a change to `path` on disk may change a project.
    pub fn watches(&self, path: &Path) -> bool {
        let is_config_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|name| CONFIG_FILE_NAMES.contains(&name));
        is_config_name
            || config::site::is_site_file(path)
            || self.broken.contains_key(path)
            || self
                .projects
                .values()
                .chain(self.last_good.values())
                .any(|p| p.files().any(|f| f == path))
    }

    /// The glossary files the current projects read (for file watching).
    pub fn glossary_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = self
            .projects
            .values()
            .flat_map(|p| p.config.glossaries.iter().map(|g| g.path.clone()))
            .collect();
        files.sort();
        files.dedup();
        files
    }

    /// The Markdown and text extensions of the current projects (for watching documents).
    pub fn document_extensions(&self) -> Vec<String> {
        let defaults = Config::default();
        std::iter::once(&defaults)
            .chain(self.projects.values().map(|p| &p.config))
            .flat_map(|c| c.markdown_extensions.iter().chain(&c.text_extensions))
            .cloned()
            .collect()
    }

    /// The config file that governs a document at `path` (or, for documents that are not files, the
    /// first workspace folder).
    pub fn config_path_for(&mut self, path: Option<&Path>) -> Option<PathBuf> {
        let start = path.or_else(|| self.roots.first().map(PathBuf::as_path))?;
        if let Some(found) = self.discovered.get(start) {
            return found.clone();
        }
        let found = config::discover(start);
        self.discovered.insert(start.to_path_buf(), found.clone());
        found
    }

    /// The project for a document at `path`.
    pub fn project_for(&mut self, path: Option<&Path>) -> Arc<Project> {
        let key = self.config_path_for(path);
        if let Some(project) = self.projects.get(&key) {
            return Arc::clone(project);
        }
        let project = self.load(&key);
        self.projects.insert(key, Arc::clone(&project));
        project
    }

    fn load(&mut self, key: &Option<PathBuf>) -> Arc<Project> {
        // The client's settings, the config file's over them. When the file is broken, what stands in
        // is the client's settings (or the defaults); a broken glossary file does not take the others
        // away.
        let config::Resolved {
            config,
            glossary,
            errors,
        } = Sources {
            client: self.client.as_ref(),
            file: key.as_deref(),
            flags: None,
        }
        .resolve();
        for error in &errors {
            self.broken
                .entry(error.file.clone())
                .or_default()
                .push(error.clone());
        }
        if errors.is_empty() {
            let project = Arc::new(Project::new(config, glossary));
            self.last_good.insert(key.clone(), Arc::clone(&project));
            return project;
        }
        tracing::warn!(
            "{} error(s) in the configuration for {}",
            errors.len(),
            key.as_deref()
                .map_or("documents without a config file".into(), |p| p
                    .display()
                    .to_string())
        );
        // Never good: what loaded. When the config file itself is broken, that is the client's
        // settings (or the defaults) with the client's glossaries, which `config` already is.
        match self.last_good.get(key) {
            Some(good) => Arc::clone(good),
            None => Arc::new(Project::new(config, glossary)),
        }
    }

    /// Files whose reported errors changed since the last call, with their errors now (empty: fixed).
    pub fn take_reports(&mut self) -> Vec<(PathBuf, Vec<FileError>)> {
        let mut changed = Vec::new();
        for path in self.broken.keys().chain(self.reported.keys()) {
            let now = self.broken.get(path);
            if now != self.reported.get(path) && !changed.iter().any(|(p, _)| p == path) {
                changed.push((path.clone(), now.cloned().unwrap_or_default()));
            }
        }
        self.reported = self.broken.clone();
        changed
    }
}

fn strip_nulls(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Code, Severity};
    use crate::config::InlayHintMode;
    use serde_json::json;

    #[test]
    fn client_settings_use_the_config_keys_and_the_file_wins() {
        let root = tempfile::tempdir().expect("tempdir");
        let mut workspace = Workspace {
            roots: vec![root.path().to_path_buf()],
            ..Workspace::default()
        };
        workspace
            .set_client_settings(Some(json!({
                "glossary-ls": {
                    "inlay-hints": "off",
                    "ignore": ["ACME"],
                    "severity": { "undefined-acronym": "hint", "redundant-definition": "off" },
                    "max-file-size": null
                }
            })))
            .expect("valid");
        let doc = root.path().join("a.md");
        let project = workspace.project_for(Some(&doc));
        assert_eq!(project.config.inlay_hints, InlayHintMode::Off);
        assert_eq!(project.config.ignore, ["ACME"]);

        std::fs::write(
            root.path().join(".glossary-ls.toml"),
            "ignore = [\"TODO\"]\ninlay-hints = \"undefined\"\n[severity]\nundefined-acronym = \"error\"\n",
        )
        .expect("write");
        workspace.invalidate();
        let project = workspace.project_for(Some(&doc));
        assert_eq!(project.config.inlay_hints, InlayHintMode::Undefined);
        assert_eq!(project.config.ignore, ["ACME", "TODO"]);
        assert_eq!(
            project.config.severity_of(Code::UndefinedAcronym),
            Some(Severity::Error)
        );
        assert_eq!(project.config.severity_of(Code::RedundantDefinition), None);

        let error = workspace
            .set_client_settings(Some(json!({ "colour": 1 })))
            .expect_err("unknown key");
        assert!(error.contains("unknown field `colour`"), "{error}");
    }

    #[test]
    fn invalid_client_settings_give_todays_messages_and_keep_the_previous_ones() {
        let mut workspace = Workspace::default();
        workspace
            .set_client_settings(Some(json!({ "ignore": ["ACME"] })))
            .expect("valid");
        let error = |workspace: &mut Workspace, value: serde_json::Value| {
            workspace
                .set_client_settings(Some(value))
                .expect_err("invalid")
        };
        assert_eq!(
            error(&mut workspace, json!({ "inlay-hints": "sometimes" })),
            "glossary-ls settings: unknown variant `sometimes`, expected one of `all`, `undefined`, `off`"
        );
        assert_eq!(
            error(&mut workspace, json!({ "glossary-ls": { "colour": 1 } })),
            "glossary-ls settings: unknown field `colour`, expected one of `glossaries`, `discover`, `scope`, `ignore`, `audience`, `inlay-hints`, `max-file-size`, `builtin`, `severity`, `extensions`"
        );
        assert_eq!(
            error(
                &mut workspace,
                json!({ "ignore": ["two words"], "max-file-size": 0, "severity": { "bogus": "off" } })
            ),
            "glossary-ls settings: an ignored token must be one word, such as \"ACME\"; `max-file-size` must be a positive number of bytes; unknown code `bogus`; the codes are acronym-not-spelled-out, acronym-used-before-definition, undefined-acronym, redundant-definition, non-canonical-spelling, inconsistent-expansion, acronym-used-once, long-form-after-definition"
        );
        assert_eq!(
            error(&mut workspace, json!({ "max-file-size": "big" })),
            "glossary-ls settings: invalid type: string \"big\", expected i64"
        );
        assert_eq!(
            error(&mut workspace, json!(["ignore"])),
            "glossary-ls settings must be an object of config keys: unsupported rust type"
        );
        let project = workspace.project_for(None);
        assert_eq!(
            project.config.ignore,
            ["ACME"],
            "the previous settings stay"
        );
    }

    #[test]
    fn a_broken_file_keeps_the_last_good_project_and_is_reported_once() {
        let root = tempfile::tempdir().expect("tempdir");
        let config = root.path().join(".glossary-ls.toml");
        let doc = root.path().join("a.md");
        std::fs::write(&config, "ignore = [\"ACME\"]\n").expect("write");
        let mut workspace = Workspace::default();
        assert_eq!(workspace.project_for(Some(&doc)).config.ignore, ["ACME"]);
        assert!(workspace.take_reports().is_empty());

        std::fs::write(&config, "ignore = [\"ACME\"\n").expect("write");
        assert!(workspace.watches(&config));
        workspace.invalidate();
        assert_eq!(workspace.project_for(Some(&doc)).config.ignore, ["ACME"]);
        let reports = workspace.take_reports();
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].0, config);
        assert_eq!(reports[0].1[0].position.map(|p| p.0), Some(1));
        assert!(workspace.take_reports().is_empty(), "reported once");

        std::fs::write(&config, "ignore = [\"ZED\"]\n").expect("write");
        workspace.invalidate();
        assert_eq!(workspace.project_for(Some(&doc)).config.ignore, ["ZED"]);
        assert_eq!(workspace.take_reports(), [(config, Vec::new())]);
    }

    #[test]
    fn a_broken_glossary_keeps_the_good_ones() {
        let root = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            root.path().join(".glossary-ls.toml"),
            "glossaries = [\"good.md\", \"bad.toml\"]\n",
        )
        .expect("write");
        std::fs::write(
            root.path().join("good.md"),
            "*[AWP]: Acme Widget Protocol\n",
        )
        .expect("write");
        std::fs::write(root.path().join("bad.toml"), "[[term]\n").expect("write");
        let mut workspace = Workspace::default();
        let project = workspace.project_for(Some(&root.path().join("a.md")));
        assert!(!project.glossary.lookup("AWP").is_empty());
        let reports = workspace.take_reports();
        assert_eq!(reports.len(), 1);
        assert!(reports[0].0.ends_with("bad.toml"));
        assert!(workspace.watches(&root.path().join("good.md")));
    }

    #[test]
    fn projects_without_glossary_files_share_the_built_in_index() {
        let root = tempfile::tempdir().expect("tempdir");
        let (one, two) = (root.path().join("one"), root.path().join("two"));
        for (folder, config) in [
            (&one, "ignore = [\"ACME\"]\n"),
            (&two, "inlay-hints = \"off\"\n"),
        ] {
            std::fs::create_dir(folder).expect("mkdir");
            std::fs::write(folder.join(".glossary-ls.toml"), config).expect("write");
        }
        let mut workspace = Workspace::default();
        let first = workspace.project_for(Some(&one.join("a.md")));
        let second = workspace.project_for(Some(&two.join("a.md")));
        assert!(
            !Arc::ptr_eq(&first, &second),
            "two config files, two projects"
        );
        // Built once for both, and again after a reload: no second 24 ms automaton.
        assert!(Arc::ptr_eq(first.engine(), second.engine()));
        workspace.invalidate();
        let reloaded = workspace.project_for(Some(&one.join("a.md")));
        assert!(Arc::ptr_eq(first.engine(), reloaded.engine()));
        // A project with a glossary of its own has its own.
        std::fs::write(two.join("team.md"), "*[AWP]: Acme Widget Protocol\n").expect("write");
        std::fs::write(
            two.join(".glossary-ls.toml"),
            "glossaries = [\"team.md\"]\n",
        )
        .expect("write");
        workspace.invalidate();
        let own = workspace.project_for(Some(&two.join("a.md")));
        assert!(!Arc::ptr_eq(first.engine(), own.engine()));
        assert!(!own.glossary.lookup("AWP").is_empty());
    }

    #[test]
    fn a_config_broken_from_the_start_keeps_the_client_glossaries() {
        let root = tempfile::tempdir().expect("tempdir");
        let team = root.path().join("team.md");
        std::fs::write(&team, "*[AWP]: Acme Widget Protocol\n").expect("write");
        std::fs::write(root.path().join(".glossary-ls.toml"), "ignore = [\n").expect("write");
        let mut workspace = Workspace {
            roots: vec![root.path().to_path_buf()],
            ..Workspace::default()
        };
        workspace
            .set_client_settings(Some(json!({ "glossaries": [team], "ignore": ["ACME"] })))
            .expect("valid");
        let project = workspace.project_for(Some(&root.path().join("a.md")));
        // The broken file is reported, and the client's settings, glossary included, stand in.
        assert_eq!(workspace.take_reports().len(), 1);
        assert_eq!(project.config.ignore, ["ACME"]);
        assert!(!project.glossary.lookup("AWP").is_empty());
    }
}
