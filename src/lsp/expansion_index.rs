//! The workspace's expansions: how each file of the open workspace first spells out each acronym, so
//! that an open document that spells one out as another term than an earlier file gets the same
//! `inconsistent-expansion` finding `check` gives over the folder — at the later file, with the first
//! file's long form as related information. What "first" and "another term" mean is the engine's
//! decision ([`crate::analysis::across`]): files in path order, under one config.
//!
//! - **Indexing** runs in the background after `initialized` and after every reload of configs: the
//!   workspace folders are walked as `check` walks a folder (`.gitignore`, `.ignore`, the config's
//!   extensions, less its data files and files over `max-file-size`), and each file is read and
//!   analysed as its own task on the analysis thread, one at a time, so that an open document's
//!   analysis never waits behind more than one file. Requests never wait for the index.
//! - **Open documents** index themselves: each analysis of an open document puts its current text's
//!   expansions in the index (its file on disk is no longer read), and takes its findings from the
//!   index as it stands. When a file's expansions change meaning, the open documents after it in path
//!   order that spell out one of the same acronyms are analysed again; when a long form only moves,
//!   only the documents whose findings point at it ([`refresh_others`]). Closing a document reads
//!   its file from disk again.
//! - **Files changed on disk** (watched files: the document extensions of every project) are read
//!   again.
//!
//! A related place in another file is stored with its range in the negotiated position encoding,
//! worked out when that file is indexed, so that no other file is read when a diagnostic is made.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use ropey::Rope;
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, FileEvent, FileSystemWatcher, GlobPattern, Location,
    Range, Uri,
};

use super::convert::diagnostic;
use super::encoding::{range_of, Encoding};
use super::state::{lock, State};
use super::workspace::Project;
use crate::analysis::across::{conflict, file_order, first_expansions, Expansion};
use crate::analysis::{analyze, Analysis, Elsewhere};
use crate::config::FORMAT_EXTENSIONS;

/// Files indexed at most: a workspace opened on a home folder must not read it all.
pub const MAX_INDEXED_FILES: usize = 20_000;

/// The files under one config are compared; this is that config (`None`: no config file).
type ProjectKey = Option<PathBuf>;

/// Where a file first spells an acronym out.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    expansion: Expansion,
    /// The long form's range in the negotiated encoding.
    range: Range,
}

/// How a file's entry for an acronym changed, by what it can change in other files' findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Change {
    /// The same long form, at another place (an edit above it): only findings that point at it
    /// change, for their related place.
    Moved,
    /// Added, dropped, or spelled out as other words: any later file that spells the acronym out
    /// may gain or lose a finding.
    Meaning,
}

/// The index proper: what each file spells out.
#[derive(Debug, Default)]
struct Index {
    /// Per project and acronym, the files that spell it out, in path order (`PathBuf`'s order is the
    /// engine's `file_order`).
    by_acronym: HashMap<(ProjectKey, String), BTreeMap<PathBuf, Place>>,
    /// Per file, its project and the acronyms it spells out (to replace its entries).
    by_file: HashMap<PathBuf, (ProjectKey, Vec<String>)>,
    /// Files whose entries come from an open document's text rather than the disk.
    open: HashSet<PathBuf>,
    /// Acronyms whose entries changed since open documents were last analysed again for them, each
    /// with the file whose entry changed (a document is not analysed again for its own change) and
    /// how.
    changed: HashMap<(String, PathBuf), Change>,
}

impl Index {
    /// Replaces the entries of `path`; records which acronyms changed (a moved long form too: the
    /// related place of a later file's finding moves with it).
    fn put(&mut self, path: &Path, key: ProjectKey, places: Vec<Place>) {
        let mut old: HashMap<(ProjectKey, String), Place> = HashMap::new();
        if let Some((old_key, acronyms)) = self.by_file.remove(path) {
            for acronym in acronyms {
                let map_key = (old_key.clone(), acronym);
                if let Some(files) = self.by_acronym.get_mut(&map_key) {
                    if let Some(place) = files.remove(path) {
                        old.insert(map_key.clone(), place);
                    }
                    if files.is_empty() {
                        self.by_acronym.remove(&map_key);
                    }
                }
            }
        }
        let acronyms: Vec<String> = places.iter().map(|p| p.expansion.acronym.clone()).collect();
        for place in places {
            let map_key = (key.clone(), place.expansion.acronym.clone());
            let change = match old.remove(&map_key) {
                Some(old) if old == place => None,
                // The expansion's byte range moves with it: the words decide.
                Some(old) if old.expansion.long_form == place.expansion.long_form => {
                    Some(Change::Moved)
                }
                _ => Some(Change::Meaning),
            };
            if let Some(change) = change {
                self.note((map_key.1.clone(), path.to_path_buf()), change);
            }
            self.by_acronym
                .entry(map_key)
                .or_default()
                .insert(path.to_path_buf(), place);
        }
        for (_, acronym) in old.into_keys() {
            self.note((acronym, path.to_path_buf()), Change::Meaning);
        }
        if !acronyms.is_empty() {
            self.by_file.insert(path.to_path_buf(), (key, acronyms));
        }
    }

    /// Records a change, keeping the one that reaches further when the entry changed twice.
    fn note(&mut self, entry: (String, PathBuf), change: Change) {
        let noted = self.changed.entry(entry).or_insert(change);
        *noted = (*noted).max(change);
    }

    /// The first file other than `path`, in path order, that spells `acronym` out under `key`, when
    /// it comes before `path`.
    fn first_before(
        &self,
        key: &ProjectKey,
        acronym: &str,
        path: &Path,
    ) -> Option<(&Path, &Place)> {
        let files = self.by_acronym.get(&(key.clone(), acronym.to_string()))?;
        let (first, place) = files.iter().find(|(file, _)| file.as_path() != path)?;
        (file_order(first, path).is_lt()).then_some((first.as_path(), place))
    }
}

impl Index {
    /// The first file other than `path`, in path order, that spells `acronym` out under `key`: the
    /// file whose words a fix in `path` writes, wherever it stands.
    fn first_other(&self, key: &ProjectKey, acronym: &str, path: &Path) -> Option<&Place> {
        self.by_acronym
            .get(&(key.clone(), acronym.to_string()))?
            .iter()
            .find(|(file, _)| file.as_path() != path)
            .map(|(_, place)| place)
    }
}

/// The index and what drives it, shared by the handlers.
#[derive(Debug, Default)]
pub struct WorkspaceExpansions {
    index: Mutex<Index>,
    /// Bumped when indexing starts again: an older indexing run stops.
    generation: AtomicU64,
    /// Files indexed by the latest run so far, and whether it is done (for tests and logs).
    progress: Mutex<(usize, bool)>,
}

impl WorkspaceExpansions {
    /// Files the latest indexing run has read so far, and whether it has finished.
    pub fn progress(&self) -> (usize, bool) {
        *lock(&self.progress)
    }
}

/// The project key and the path to show for a file: relative to the workspace folder it is under.
fn key_and_shown(state: &State, path: &Path) -> (ProjectKey, PathBuf) {
    let mut workspace = lock(&state.workspace);
    let key = workspace.config_path_for(Some(path));
    let shown = workspace
        .roots
        .iter()
        .find_map(|root| path.strip_prefix(root).ok())
        .filter(|relative| !relative.as_os_str().is_empty())
        .map_or_else(|| path.to_path_buf(), Path::to_path_buf);
    (key, shown)
}

/// The places of `expansions` in `text`, in `encoding`.
fn places(rope: &Rope, expansions: Vec<Expansion>, encoding: Encoding) -> Vec<Place> {
    expansions
        .into_iter()
        .map(|expansion| Place {
            range: range_of(rope, expansion.range.clone(), encoding),
            expansion,
        })
        .collect()
}

/// For an open document's analysis (on the analysis thread): puts its expansions in the index and
/// returns its findings against earlier files as diagnostics, each with the other file's place as
/// related information.
pub fn review(
    state: &State,
    uri: &Uri,
    path: Option<&Path>,
    project: &Project,
    analysis: &Analysis,
    rope: &Rope,
) -> Vec<Diagnostic> {
    let Some(path) = path else {
        return Vec::new();
    };
    let encoding = state.caps().encoding;
    let (key, _) = key_and_shown(state, path);
    let own = places(rope, first_expansions(analysis), encoding);
    let earlier: Vec<(&Place, PathBuf, Place)> = {
        let index = lock(&state.expansions.index);
        own.iter()
            .filter_map(|place| {
                let (first, earlier) = index.first_before(&key, &place.expansion.acronym, path)?;
                Some((place, first.to_path_buf(), earlier.clone()))
            })
            .collect()
    };
    let mut found = Vec::new();
    for (place, first, earlier) in earlier {
        let Some(first_uri) = Uri::from_file_path(&first) else {
            continue;
        };
        // The client is given the place as a location; these 1-based line and column are the
        // finding's record of it (in the encoding's units, which only `check` shows as characters).
        let at = |p: tower_lsp_server::ls_types::Position| {
            (p.line as usize + 1, p.character as usize + 1)
        };
        let elsewhere = Elsewhere {
            path: key_and_shown(state, &first).1,
            start: at(earlier.range.start),
            end: at(earlier.range.end),
        };
        let Some(finding) = conflict(
            &place.expansion,
            &earlier.expansion,
            elsewhere,
            &project.settings,
        ) else {
            continue;
        };
        let mut shown = diagnostic(&finding, uri, rope, encoding);
        shown.related_information = Some(
            finding
                .related
                .iter()
                .map(|related| DiagnosticRelatedInformation {
                    location: Location::new(first_uri.clone(), earlier.range),
                    message: related.message.clone(),
                })
                .collect(),
        );
        found.push(shown);
    }
    let mut index = lock(&state.expansions.index);
    index.open.insert(path.to_path_buf());
    index.put(path, key, own);
    found
}

/// For an open document's analysis (on the analysis thread, before its diagnostics are made): a fix
/// that spells out an acronym the document never defines writes the long form of the first other
/// file of its project that spells it out, as `check --fix` does
/// ([`crate::analysis::across::in_project_words`]); its message names it too. The index as it
/// stands: when it changes, [`refresh_others`] analyses such a document again.
pub fn in_project_words(
    state: &State,
    path: Option<&Path>,
    project: &Project,
    kind: crate::analysis::DocKind,
    text: &str,
    analysis: &mut Analysis,
) {
    let Some(path) = path else {
        return;
    };
    // Most analyses have no such finding: no lock taken for them.
    if !analysis.findings.iter().any(may_take_project_words) {
        return;
    }
    let (key, _) = key_and_shown(state, path);
    let index = lock(&state.expansions.index);
    crate::analysis::across::in_project_words(text, kind, project.engine(), analysis, |acronym| {
        index
            .first_other(&key, acronym, path)
            .map(|place| place.expansion.long_form.clone())
    });
}

/// A finding whose fix spells its acronym out in one meaning: the project's words may stand in it.
fn may_take_project_words(finding: &crate::analysis::Finding) -> bool {
    finding.code == crate::analysis::Code::AcronymNotSpelledOut && finding.expansion.is_some()
}

/// Analyses again the open documents whose findings another file's changed entries may change
/// (after an open document's analysis, after indexing, after files changed on disk): those after that
/// file in path order that spell out the acronym, when its meaning there changed; only those whose
/// findings point at the entry, when it merely moved. Typing above a definition moves it on every
/// keystroke, and another open document analysed again each time would hold up the analysis of the
/// one being typed in.
pub async fn refresh_others(state: &Arc<State>) {
    let changed = std::mem::take(&mut lock(&state.expansions.index).changed);
    if changed.is_empty() {
        return;
    }
    let changed: Vec<(String, PathBuf, Change, Option<Uri>)> = changed
        .into_iter()
        .map(|((acronym, file), change)| {
            let uri = Uri::from_file_path(&file);
            (acronym, file, change, uri)
        })
        .collect();
    let uris: Vec<Uri> = {
        let mut documents = lock(&state.documents);
        documents
            .iter_mut()
            .filter(|(_, document)| {
                let (Some(snapshot), Some(own)) = (&document.snapshot, document.path.as_deref())
                else {
                    return false;
                };
                changed
                    .iter()
                    .any(|(acronym, file, change, uri)| match change {
                        Change::Meaning => {
                            (file_order(file, own).is_lt()
                                && snapshot
                                    .analysis
                                    .definitions
                                    .iter()
                                    .any(|d| d.acronym == *acronym))
                                // A fix that spells it out writes the project's words, from a
                                // file before or after it.
                                || (file != own
                                    && snapshot.analysis.findings.iter().any(|f| {
                                        may_take_project_words(f) && f.acronym == *acronym
                                    }))
                        }
                        // Not for its own change: its findings point at their own file too.
                        Change::Moved => {
                            file != own
                                && snapshot.diagnostics.iter().any(|d| {
                                    d.related_information
                                        .iter()
                                        .flatten()
                                        .any(|related| Some(&related.location.uri) == uri.as_ref())
                                })
                        }
                    })
            })
            .map(|(uri, document)| {
                document.renew();
                uri.clone()
            })
            .collect()
    };
    if uris.is_empty() {
        return;
    }
    for uri in &uris {
        super::diagnostics::schedule(state, uri);
    }
    if state.caps().pull_diagnostics {
        let _ = state.client.workspace_diagnostic_refresh().await;
    }
}

/// Indexes the workspace folders again, in the background; an earlier run still going stops.
pub fn start_indexing(state: &Arc<State>) {
    let generation = state.expansions.generation.fetch_add(1, Ordering::SeqCst) + 1;
    let state = Arc::clone(state);
    tokio::spawn(async move {
        *lock(&state.expansions.progress) = (0, false);
        let roots = lock(&state.workspace).roots.clone();
        let walker = Arc::clone(&state);
        let Some(files) = state.pool.run(move || list_files(&walker, &roots)).await else {
            return;
        };
        tracing::debug!("indexing the expansions of {} files", files.len());
        let mut seen = HashSet::new();
        for path in files {
            if state.expansions.generation.load(Ordering::SeqCst) != generation {
                return;
            }
            seen.insert(path.clone());
            let worker = Arc::clone(&state);
            state.pool.run(move || index_file(&worker, &path)).await;
            lock(&state.expansions.progress).0 += 1;
        }
        // Files gone since the last run (deleted, now ignored) leave the index.
        {
            let mut index = lock(&state.expansions.index);
            let gone: Vec<PathBuf> = index
                .by_file
                .keys()
                .filter(|path| !seen.contains(*path) && !index.open.contains(*path))
                .cloned()
                .collect();
            for path in gone {
                index.put(&path, None, Vec::new());
            }
        }
        lock(&state.expansions.progress).1 = true;
        tracing::debug!("indexed the workspace's expansions");
        refresh_others(&state).await;
    });
}

/// The files of the workspace folders that `check` would read there, sorted.
fn list_files(state: &State, roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = std::collections::BTreeSet::new();
    for root in roots {
        let walker = ignore::WalkBuilder::new(root)
            // As `check` walks: ignore files count in folders that are not git repositories too.
            .require_git(false)
            .build();
        for entry in walker.flatten() {
            if files.len() >= MAX_INDEXED_FILES {
                tracing::warn!(
                    "the workspace has more than {MAX_INDEXED_FILES} files: only the first are \
                     compared for acronyms spelled out differently"
                );
                return files.into_iter().collect();
            }
            if !entry.file_type().is_some_and(|kind| kind.is_file()) {
                continue;
            }
            let path = entry.path();
            let project = lock(&state.workspace).project_for(Some(path));
            if project.config.doc_kind(path).is_some() && !project.config.is_data_file(path) {
                files.insert(path.to_path_buf());
            }
        }
    }
    files.into_iter().collect()
}

/// Reads and analyses one file and puts its expansions in the index, unless it is open (the open
/// document's text stands for it). On the analysis thread.
fn index_file(state: &State, path: &Path) {
    if lock(&state.expansions.index).open.contains(path) {
        return;
    }
    let places = read_places(state, path).unwrap_or_default();
    let (key, _) = key_and_shown(state, path);
    let mut index = lock(&state.expansions.index);
    if !index.open.contains(path) {
        index.put(path, key, places);
    }
}

/// The expansions of the file at `path` as its project reads it; `None` when it is not one to read.
fn read_places(state: &State, path: &Path) -> Option<Vec<Place>> {
    let project = lock(&state.workspace).project_for(Some(path));
    let kind = project.config.doc_kind(path)?;
    if project.config.is_data_file(path) {
        return None;
    }
    let metadata = std::fs::metadata(path).ok()?;
    if !metadata.is_file() || metadata.len() > project.config.max_file_size {
        return None;
    }
    let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
    let analysis = catch_unwind(AssertUnwindSafe(|| {
        analyze(&text, kind, project.engine(), &project.settings)
    }))
    .ok()?;
    let expansions = first_expansions(&analysis);
    if expansions.is_empty() {
        // Most files spell nothing out: no rope for them.
        return Some(Vec::new());
    }
    Some(places(
        &Rope::from_str(&text),
        expansions,
        state.caps().encoding,
    ))
}

/// A document was closed: its file on disk stands for it again.
pub fn closed(state: &Arc<State>, uri: &Uri) {
    let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
        return;
    };
    lock(&state.expansions.index).open.remove(&path);
    reindex(state, vec![path]);
}

/// Files changed on disk (watched files): read again those that are documents.
pub fn files_changed(state: &Arc<State>, changes: &[FileEvent]) {
    let paths: Vec<PathBuf> = changes
        .iter()
        .filter_map(|change| change.uri.to_file_path().map(|p| p.into_owned()))
        .filter(|path| may_be_document(path))
        .collect();
    if !paths.is_empty() {
        reindex(state, paths);
    }
}

/// Reads `paths` again in the background, then analyses again the open documents they affect.
fn reindex(state: &Arc<State>, paths: Vec<PathBuf>) {
    let state = Arc::clone(state);
    tokio::spawn(async move {
        for path in paths {
            let worker = Arc::clone(&state);
            state
                .pool
                .run(move || {
                    if worker
                        .expansions
                        .index
                        .lock()
                        .is_ok_and(|index| index.open.contains(&path))
                    {
                        return;
                    }
                    match read_places(&worker, &path) {
                        Some(places) => {
                            let (key, _) = key_and_shown(&worker, &path);
                            lock(&worker.expansions.index).put(&path, key, places);
                        }
                        // Deleted, or no longer a document to read.
                        None => lock(&worker.expansions.index).put(&path, None, Vec::new()),
                    }
                })
                .await;
        }
        refresh_others(&state).await;
    });
}

/// The extensions any project may read documents in: the default Markdown and text extensions, the
/// other formats', and those the current projects' configs add.
fn document_extensions(state: &State) -> Vec<String> {
    let mut extensions: Vec<String> = FORMAT_EXTENSIONS
        .iter()
        .map(|(extension, _)| (*extension).to_string())
        .chain(lock(&state.workspace).document_extensions())
        .collect();
    extensions.sort();
    extensions.dedup();
    extensions
}

/// Whether a changed file may be a document: it has an extension and is not a config file.
fn may_be_document(path: &Path) -> bool {
    // The configs decide when the file is read; this only keeps config and glossary changes (which
    // reload everything anyway) and unrelated files out.
    path.extension().is_some()
        && !path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| crate::config::CONFIG_FILE_NAMES.contains(&n))
}

/// The file watchers that keep the index fresh: one glob per document extension.
pub fn watchers(state: &State) -> Vec<FileSystemWatcher> {
    document_extensions(state)
        .into_iter()
        .map(|extension| FileSystemWatcher {
            glob_pattern: GlobPattern::String(format!("**/*.{extension}")),
            kind: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(acronym: &str, long_form: &str) -> Place {
        Place {
            expansion: Expansion {
                acronym: acronym.into(),
                long_form: long_form.into(),
                range: 0..long_form.len(),
            },
            range: Range::default(),
        }
    }

    #[test]
    fn the_first_file_in_path_order_sets_the_meaning() {
        let mut index = Index::default();
        index.put(
            Path::new("/w/b.md"),
            None,
            vec![place("DP", "differential privacy")],
        );
        index.put(
            Path::new("/w/a.md"),
            None,
            vec![place("DP", "data parallelism")],
        );
        index.put(
            Path::new("/w/c.md"),
            None,
            vec![place("DP", "data parallelism")],
        );
        let (first, earlier) = index
            .first_before(&None, "DP", Path::new("/w/b.md"))
            .expect("a.md is first");
        assert_eq!(first, Path::new("/w/a.md"));
        assert_eq!(earlier.expansion.long_form, "data parallelism");
        // The first file itself compares with nothing; another project's files are not compared.
        assert!(index
            .first_before(&None, "DP", Path::new("/w/a.md"))
            .is_none());
        assert!(index
            .first_before(
                &Some("/x/.glossary-ls.toml".into()),
                "DP",
                Path::new("/w/b.md")
            )
            .is_none());
    }

    #[test]
    fn replacing_a_file_records_what_changed_and_drops_what_it_no_longer_says() {
        let mut index = Index::default();
        index.put(
            Path::new("/w/a.md"),
            None,
            vec![place("DP", "data parallelism")],
        );
        let changed = std::mem::take(&mut index.changed);
        assert_eq!(
            changed,
            HashMap::from([(
                ("DP".to_string(), PathBuf::from("/w/a.md")),
                Change::Meaning
            )])
        );
        index.put(
            Path::new("/w/a.md"),
            None,
            vec![place("DP", "data parallelism")],
        );
        assert!(index.changed.is_empty(), "the same entries change nothing");
        // Typed above it: the same long form at another place.
        let mut moved = place("DP", "data parallelism");
        moved.expansion.range = 10..26;
        moved.range.start.line = 1;
        index.put(Path::new("/w/a.md"), None, vec![moved]);
        assert_eq!(
            std::mem::take(&mut index.changed),
            HashMap::from([(("DP".to_string(), PathBuf::from("/w/a.md")), Change::Moved)])
        );
        index.put(
            Path::new("/w/a.md"),
            None,
            vec![place("RL", "reinforcement learning")],
        );
        assert_eq!(index.changed.len(), 2);
        assert!(!index.by_acronym.contains_key(&(None, "DP".to_string())));
        index.put(Path::new("/w/a.md"), None, Vec::new());
        assert!(index.by_acronym.is_empty() && index.by_file.is_empty());
    }
}
