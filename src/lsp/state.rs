//! The state every handler shares ([`State`]: open documents, workspace, client capabilities,
//! lifecycle flags) and what changes it as a whole: waiting for a document's analysis, reloading config
//! and glossary files, registering file watchers, taking the client's settings. Kept apart from the
//! handlers so that they stay thin and the feature modules can reach the state without the server.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::Client;

use super::capabilities::Caps;
use super::coordinates::Coordinates;
use super::diagnostics::{self, report_file_errors, schedule};
use super::documents::{Documents, Snapshot};
use super::framing::FrameError;
use super::workspace::Workspace;
use crate::config::site::SITE_FILE_NAMES;
use crate::config::CONFIG_FILE_NAMES;

/// How long a request waits for the analysis of the current text before giving up with an empty answer.
const ANALYSIS_WAIT: Duration = Duration::from_secs(10);

/// Locks a mutex, recovering from poisoning: a panic elsewhere must not take every later request down.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Everything the handlers share.
pub struct State {
    pub client: Client,
    pub documents: Mutex<Documents>,
    /// The open notebooks' cell order (their cells are in `documents`). Never locked while
    /// `documents` is.
    pub notebooks: Mutex<super::notebooks::Notebooks>,
    pub workspace: Mutex<Workspace>,
    /// How each file of the workspace spells out each acronym (indexed in the background).
    pub expansions: super::expansion_index::WorkspaceExpansions,
    /// The threads that run analyses.
    pub pool: diagnostics::Pool,
    pub(super) caps: OnceLock<Caps>,
    /// `initialize` has been answered: document notifications are accepted.
    pub(super) initialized: AtomicBool,
    /// `shutdown` has been received: the exit code of `exit` is 0.
    pub shut_down: AtomicBool,
    /// The files watched through dynamic registration, and the registration's number.
    watched: Mutex<(u64, Vec<PathBuf>)>,
    registrations: AtomicU64,
    /// Signalled when input ends or `exit` arrives: the server then stops even if a handler still
    /// awaits an answer from a client that is gone.
    pub input_done: Notify,
    /// The errors to answer bad frames with, in input order (see
    /// [`INPUT_ERROR_METHOD`](super::transport::INPUT_ERROR_METHOD)).
    pub(super) input_errors: Mutex<VecDeque<FrameError>>,
    /// The texts of large document notifications, kept out of the framework's read buffer
    /// ([`lifted`](super::lifted)).
    pub(super) lifted: Mutex<super::lifted::Lifted>,
    /// Whether every message read so far has been handled and the client has sent nothing more.
    pub input: super::transport::Drain,
    /// The requests under way, which the analysis gives way to.
    pub requests: super::transport::Requests,
    /// Messages the server serialized itself (diagnostics), on their way to the client.
    pub frames: Arc<super::splice::Frames>,
    /// The diagnostic pulls [`Sequenced`](super::transport::Sequenced) answers itself, by request
    /// id: notified when the client cancels one (the framework does not know them).
    pub(super) pulls: Mutex<HashMap<Id, Arc<Notify>>>,
}

impl State {
    pub fn new(client: Client) -> State {
        State {
            client,
            documents: Mutex::new(HashMap::new()),
            notebooks: Mutex::new(super::notebooks::Notebooks::default()),
            workspace: Mutex::new(Workspace::default()),
            expansions: super::expansion_index::WorkspaceExpansions::default(),
            pool: diagnostics::Pool::new(),
            caps: OnceLock::new(),
            initialized: AtomicBool::new(false),
            shut_down: AtomicBool::new(false),
            watched: Mutex::new((0, Vec::new())),
            registrations: AtomicU64::new(0),
            input_done: Notify::new(),
            input_errors: Mutex::new(VecDeque::new()),
            lifted: Mutex::default(),
            input: super::transport::Drain::default(),
            requests: super::transport::Requests::default(),
            frames: Arc::default(),
            pulls: Mutex::new(HashMap::new()),
        }
    }

    /// The error the lifecycle gives a request now, as the framework answers: -32002 before
    /// `initialize`, Invalid Request after `shutdown`; `None` in between.
    pub(super) fn refusal(&self) -> Option<Error> {
        if !self.initialized.load(Ordering::SeqCst) {
            // The framework's own answer (its constructor is private).
            Some(Error {
                code: ErrorCode::ServerError(-32002),
                message: "Server not initialized".into(),
                data: None,
            })
        } else if self.shut_down.load(Ordering::SeqCst) {
            Some(Error::invalid_request())
        } else {
            None
        }
    }

    /// Tells the user about an error in a message window (and so not only in the log).
    pub async fn show_error(&self, message: String) {
        self.client.show_message(MessageType::ERROR, message).await;
    }

    pub fn caps(&self) -> &Caps {
        static DEFAULT: OnceLock<Caps> = OnceLock::new();
        self.caps
            .get()
            .unwrap_or_else(|| DEFAULT.get_or_init(Caps::default))
    }

    /// The analysis of the current text of `uri`, waiting for it if needed; `None` for unknown
    /// documents and documents this server does not review.
    pub async fn snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        let deadline = tokio::time::Instant::now() + ANALYSIS_WAIT;
        loop {
            let analysed = {
                let documents = lock(&self.documents);
                let document = documents.get(uri)?;
                if let Some(snapshot) = document.current_snapshot() {
                    return snapshot.kind.is_some().then(|| Arc::clone(snapshot));
                }
                Arc::clone(&document.analysed)
            };
            let notified = analysed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            // The analysis must not give way to a request that waits for it.
            let _waiting = self.requests.waiting();
            // Check again now that a wake-up cannot be missed.
            {
                let documents = lock(&self.documents);
                let document = documents.get(uri)?;
                if let Some(snapshot) = document.current_snapshot() {
                    return snapshot.kind.is_some().then(|| Arc::clone(snapshot));
                }
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                tracing::warn!("no analysis of {} in time; answering empty", uri.as_str());
                return None;
            }
        }
    }

    /// The latest analysis of `uri` and where its text is in the text the client sees, at once: it may
    /// be the analysis of an earlier revision (see [`super::edit_log`]). `None` for unknown documents,
    /// documents this server does not review or has not analysed yet, and when the edits since the
    /// analysed text cannot be mapped.
    pub fn latest(&self, uri: &Uri) -> Option<(Arc<Snapshot>, Coordinates)> {
        let documents = lock(&self.documents);
        let document = documents.get(uri)?;
        let (snapshot, map) = document.mapped_snapshot()?;
        let coordinates = Coordinates::new(document.rope.clone(), map, self.caps().encoding);
        Some((Arc::clone(snapshot), coordinates))
    }

    /// Re-reads config and glossary files, then re-analyses every open document.
    pub async fn reload(self: &Arc<Self>) {
        let paths: Vec<Option<PathBuf>> = lock(&self.documents)
            .values()
            .map(|d| d.path.clone())
            .collect();
        // Reading files and building glossaries is blocking work: the analysis thread does it.
        let state = Arc::clone(self);
        self.pool
            .run(move || {
                let mut workspace = lock(&state.workspace);
                workspace.invalidate();
                for path in &paths {
                    workspace.project_for(path.as_deref());
                }
            })
            .await;
        report_file_errors(self).await;
        self.update_watchers().await;
        // Configs decide which files are read and which are compared: the index starts again.
        super::expansion_index::start_indexing(self);
        let uris: Vec<Uri> = {
            let mut documents = lock(&self.documents);
            for document in documents.values_mut() {
                document.renew();
            }
            documents.keys().cloned().collect()
        };
        for uri in &uris {
            schedule(self, uri);
        }
        // The open documents' analyses (queued first) build their projects' engines; the folders'
        // projects are built too, for the next document opened. Not awaited: the refreshes below
        // wait for the client.
        let state = Arc::clone(self);
        tokio::spawn(async move { state.warm_up().await });
        let caps = self.caps();
        if caps.inlay_hint_refresh {
            let _ = self.client.inlay_hint_refresh().await;
        }
        if caps.pull_diagnostics {
            let _ = self.client.workspace_diagnostic_refresh().await;
        }
    }

    /// Builds the projects of the workspace folders (or the project of documents outside any folder)
    /// and their engines now, on the analysis thread, so that the first document opened does not
    /// wait for them: the built-in glossary's engine alone takes milliseconds to build (an
    /// Aho-Corasick automaton over several thousand forms), and an editor opens its first document
    /// right after `initialized`. An analysis queued meanwhile waits behind this task, as it would
    /// have built the same engine itself. Called once settings are known (`initialize`) and after
    /// every reload.
    pub async fn warm_up(self: &Arc<Self>) {
        let state = Arc::clone(self);
        self.pool
            .run(move || {
                let roots = lock(&state.workspace).roots.clone();
                let starts: Vec<Option<PathBuf>> = if roots.is_empty() {
                    vec![None]
                } else {
                    roots.into_iter().map(Some).collect()
                };
                for start in starts {
                    let started = std::time::Instant::now();
                    let project = lock(&state.workspace).project_for(start.as_deref());
                    let entries = project.engine().glossary().len();
                    tracing::debug!(
                        "ready for analysis before any document: {} ({entries} entries) in {:.1} ms",
                        start
                            .as_deref()
                            .map_or("documents outside any folder".into(), |p| p
                                .display()
                                .to_string()),
                        started.elapsed().as_secs_f64() * 1000.0
                    );
                }
            })
            .await;
    }

    /// Registers file watchers for config files and the glossary files in use, when the client lets
    /// the server register them dynamically; re-registers when the set of glossary files changes.
    pub async fn update_watchers(&self) {
        let caps = self.caps();
        if !caps.watch_files_dynamically || !self.initialized.load(Ordering::SeqCst) {
            return;
        }
        let files = lock(&self.workspace).glossary_files();
        let (previous, id) = {
            let mut watched = lock(&self.watched);
            let first = self.registrations.load(Ordering::SeqCst) == 0;
            if !first && watched.1 == files {
                return;
            }
            let id = self.registrations.fetch_add(1, Ordering::SeqCst) + 1;
            let previous = (!first).then_some(watched.0);
            *watched = (id, files.clone());
            (previous, id)
        };
        if let Some(previous) = previous {
            let _ = self
                .client
                .unregister_capability(vec![Unregistration {
                    id: format!("glossary-ls-watch-{previous}"),
                    method: "workspace/didChangeWatchedFiles".into(),
                }])
                .await;
        }
        let mut watchers: Vec<FileSystemWatcher> = CONFIG_FILE_NAMES
            .iter()
            .chain(&SITE_FILE_NAMES)
            .map(|name| FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{name}")),
                kind: None,
            })
            .collect();
        for file in &files {
            let glob_pattern = match (caps.relative_patterns, file.parent(), file.file_name()) {
                (true, Some(folder), Some(name)) => match Uri::from_file_path(folder) {
                    Some(base) => GlobPattern::Relative(RelativePattern {
                        base_uri: OneOf::Right(base),
                        pattern: name.to_string_lossy().into_owned(),
                    }),
                    None => continue,
                },
                _ => GlobPattern::String(file.to_string_lossy().into_owned()),
            };
            watchers.push(FileSystemWatcher {
                glob_pattern,
                kind: None,
            });
        }
        // Documents last: the index reads them again when they change.
        watchers.extend(super::expansion_index::watchers(self));
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: format!("glossary-ls-watch-{id}"),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(error) = self.client.register_capability(vec![registration]).await {
            tracing::warn!("the client refused file watchers: {error}");
        }
    }
}

/// Takes the client's settings; on error tells the user, and the previous settings stay.
pub(super) async fn apply_settings(state: &State, value: Option<Value>) -> bool {
    let result = lock(&state.workspace).set_client_settings(value);
    match result {
        Ok(()) => true,
        Err(message) => {
            tracing::warn!("{message}");
            state
                .show_error(format!("{message}. The previous settings stay in force."))
                .await;
            false
        }
    }
}
