//! The language server: shared state, the `LanguageServer` handlers (thin: each converts positions and
//! calls its feature module), and the service layer that keeps document changes in order and contains
//! panics.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, ExitedError, LanguageServer};
use tower_service::Service;

use super::code_actions::{self, EditSupport, IgnoreArgs, IGNORE_COMMAND};
use super::completion;
use super::diagnostics::{self, report_file_errors, schedule};
use super::documents::{next_revision, Document, Documents, Snapshot};
use super::encoding::{byte_range, offset_of, Encoding};
use super::framing::{self, Event, FrameError, Framer};
use super::hover;
use super::inlay_hints;
use super::navigation;
use super::workspace::{Workspace, SETTINGS_SECTION};
use crate::config::CONFIG_FILE_NAMES;

/// How long a request waits for the analysis of the current text before giving up with an empty answer.
const ANALYSIS_WAIT: Duration = Duration::from_secs(10);

/// Locks a mutex, recovering from poisoning: a panic elsewhere must not take every later request down.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What the client told us it can do, reduced to the questions the server asks.
#[derive(Debug, Clone, Default)]
pub struct Caps {
    pub encoding: Encoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`) and lets the server ask it to pull
    /// again (`workspace/diagnostic/refresh`); the server then does not push them. A client that
    /// pulls but cannot be asked again (Neovim 0.11) gets them pushed: it pulls only when its own
    /// document changes, so a new config or glossary would not show until the next edit.
    pub pull_diagnostics: bool,
    pub inlay_hint_refresh: bool,
    /// Hover in Markdown (else plain text).
    pub hover_markdown: bool,
    pub completion_markdown: bool,
    /// The client resolves completion items' documentation lazily (`completionItem/resolve`).
    pub completion_resolve_documentation: bool,
    /// How completion items say what they insert (Neovim's built-in completion needs its own shape).
    pub completion_shape: completion::Shape,
    pub watch_files_dynamically: bool,
    pub relative_patterns: bool,
    pub apply_edit: bool,
    pub edits: EditSupport,
    /// The client answers `workspace/configuration`.
    pub configuration: bool,
}

impl Caps {
    fn new(caps: &ClientCapabilities, client: Option<&ClientInfo>) -> Caps {
        let workspace = caps.workspace.as_ref();
        let text = caps.text_document.as_ref();
        let markdown_first = |formats: Option<&Vec<MarkupKind>>| {
            formats.is_none_or(|list| {
                list.first()
                    .is_none_or(|first| *first == MarkupKind::Markdown)
            })
        };
        let watch = workspace.and_then(|w| w.did_change_watched_files.as_ref());
        let diagnostic_refresh = workspace
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        let edit = workspace.and_then(|w| w.workspace_edit.as_ref());
        Caps {
            encoding: Encoding::negotiate(
                caps.general
                    .as_ref()
                    .and_then(|g| g.position_encodings.as_deref()),
            ),
            pull_diagnostics: text.is_some_and(|t| t.diagnostic.is_some()) && diagnostic_refresh,

            inlay_hint_refresh: workspace
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|i| i.refresh_support)
                .unwrap_or(false),
            hover_markdown: markdown_first(
                text.and_then(|t| t.hover.as_ref())
                    .and_then(|h| h.content_format.as_ref()),
            ),
            completion_markdown: markdown_first(
                text.and_then(|t| t.completion.as_ref())
                    .and_then(|c| c.completion_item.as_ref())
                    .and_then(|i| i.documentation_format.as_ref()),
            ),
            completion_resolve_documentation: text
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.resolve_support.as_ref())
                .is_some_and(|r| r.properties.iter().any(|p| p == "documentation")),
            completion_shape: completion::Shape::for_client(
                client.map(|c| c.name.as_str()),
                text.and_then(|t| t.completion.as_ref())
                    .and_then(|c| c.completion_item.as_ref())
                    .and_then(|i| i.insert_replace_support)
                    .unwrap_or(false),
            ),
            watch_files_dynamically: watch.and_then(|w| w.dynamic_registration).unwrap_or(false),
            relative_patterns: watch
                .and_then(|w| w.relative_pattern_support)
                .unwrap_or(false),
            apply_edit: workspace.and_then(|w| w.apply_edit).unwrap_or(false),
            edits: EditSupport {
                document_changes: edit.and_then(|e| e.document_changes).unwrap_or(false),
            },
            configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
        }
    }
}

/// Everything the handlers share.
pub struct State {
    pub client: Client,
    pub documents: Mutex<Documents>,
    pub workspace: Mutex<Workspace>,
    /// The threads that run analyses.
    pub pool: diagnostics::Pool,
    caps: OnceLock<Caps>,
    /// `initialize` has been answered: document notifications are accepted.
    initialized: AtomicBool,
    /// `shutdown` has been received: the exit code of `exit` is 0.
    pub shut_down: AtomicBool,
    /// The files watched through dynamic registration, and the registration's number.
    watched: Mutex<(u64, Vec<PathBuf>)>,
    registrations: AtomicU64,
    /// Signalled when input ends or `exit` arrives: the server then stops even if a handler still
    /// awaits an answer from a client that is gone.
    pub input_done: Notify,
    /// The errors to answer bad frames with, in input order (see [`INPUT_ERROR_METHOD`]).
    input_errors: Mutex<VecDeque<FrameError>>,
}

impl State {
    pub fn new(client: Client) -> State {
        State {
            client,
            documents: Mutex::new(HashMap::new()),
            workspace: Mutex::new(Workspace::default()),
            pool: diagnostics::Pool::new(),
            caps: OnceLock::new(),
            initialized: AtomicBool::new(false),
            shut_down: AtomicBool::new(false),
            watched: Mutex::new((0, Vec::new())),
            registrations: AtomicU64::new(0),
            input_done: Notify::new(),
            input_errors: Mutex::new(VecDeque::new()),
        }
    }

    /// The error the lifecycle gives a request now, as the framework answers: -32002 before
    /// `initialize`, Invalid Request after `shutdown`; `None` in between.
    fn refusal(&self) -> Option<Error> {
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
        let uris: Vec<Uri> = {
            let mut documents = lock(&self.documents);
            for document in documents.values_mut() {
                document.revision = next_revision();
            }
            documents.keys().cloned().collect()
        };
        for uri in &uris {
            schedule(self, uri);
        }
        let caps = self.caps();
        if caps.inlay_hint_refresh {
            let _ = self.client.inlay_hint_refresh().await;
        }
        if caps.pull_diagnostics {
            let _ = self.client.workspace_diagnostic_refresh().await;
        }
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
async fn apply_settings(state: &State, value: Option<Value>) -> bool {
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

/// The `LanguageServer` handlers.
pub struct Backend {
    pub state: Arc<State>,
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            state: Arc::new(State::new(client)),
        }
    }

    fn encoding(&self) -> Encoding {
        self.state.caps().encoding
    }

    /// The snapshot and the byte offset of a position in it.
    async fn at(&self, position: &TextDocumentPositionParams) -> Option<(Arc<Snapshot>, usize)> {
        let snapshot = self.state.snapshot(&position.text_document.uri).await?;
        let offset = offset_of(&snapshot.rope, position.position, self.encoding());
        Some((snapshot, offset))
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = Caps::new(&params.capabilities, params.client_info.as_ref());
        let encoding = caps.encoding;
        let pull = caps.pull_diagnostics;
        let _ = self.state.caps.set(caps);
        #[allow(deprecated)]
        let roots: Vec<PathBuf> = match &params.workspace_folders {
            Some(folders) if !folders.is_empty() => folders
                .iter()
                .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
                .collect(),
            _ => params
                .root_uri
                .as_ref()
                .and_then(|uri| uri.to_file_path().map(|p| p.into_owned()))
                .into_iter()
                .collect(),
        };
        lock(&self.state.workspace).roots = roots;
        apply_settings(&self.state, params.initialization_options).await;
        self.state.initialized.store(true, Ordering::SeqCst);
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    resolve_provider: Some(true),
                    ..CompletionOptions::default()
                }),
                inlay_hint_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![IGNORE_COMMAND.to_string()],
                    ..ExecuteCommandOptions::default()
                }),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                document_highlight_provider: Some(OneOf::Left(true)),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("glossary-ls".into()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        ..DiagnosticOptions::default()
                    })
                }),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "glossary-ls".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    // Notification handlers that talk back to the client (requests whose answers may never come if the
    // client goes away) do so from a spawned task: a handler stuck awaiting the client would keep the
    // transport from finishing at exit.

    async fn initialized(&self, _: InitializedParams) {
        tracing::info!(
            "initialized: {:?} positions, {} diagnostics",
            self.encoding(),
            if self.state.caps().pull_diagnostics {
                "pull"
            } else {
                "push"
            }
        );
        let state = Arc::clone(&self.state);
        tokio::spawn(async move { state.update_watchers().await });
    }

    async fn shutdown(&self) -> Result<()> {
        self.state.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let state = Arc::clone(&self.state);
        tokio::spawn(async move {
            let mut settings = params.settings;
            let empty = settings.is_null() || settings.as_object().is_some_and(|o| o.is_empty());
            if empty && state.caps().configuration {
                let item = ConfigurationItem {
                    scope_uri: None,
                    section: Some(SETTINGS_SECTION.into()),
                };
                if let Ok(mut values) = state.client.configuration(vec![item]).await {
                    settings = values.pop().unwrap_or(Value::Null);
                }
            }
            if apply_settings(&state, Some(settings)).await {
                state.reload().await;
            }
        });
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let relevant = {
            let workspace = lock(&self.state.workspace);
            params.changes.iter().any(|change| {
                change
                    .uri
                    .to_file_path()
                    .is_some_and(|path| workspace.watches(&path))
            })
        };
        if relevant {
            let state = Arc::clone(&self.state);
            tokio::spawn(async move { state.reload().await });
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let Some((snapshot, offset)) = self.at(&params.text_document_position_params).await else {
            return Ok(None);
        };
        Ok(hover::hover(
            &snapshot,
            offset,
            self.encoding(),
            self.state.caps().hover_markdown,
        ))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let Some((snapshot, offset)) = self.at(&params.text_document_position).await else {
            return Ok(None);
        };
        let caps = self.state.caps();
        let docs = if caps.completion_resolve_documentation {
            completion::Docs::Lazy
        } else {
            completion::Docs::Inline {
                markdown: caps.completion_markdown,
            }
        };
        let uri = &params.text_document_position.text_document.uri;
        let list = completion::completion(
            &snapshot,
            uri,
            offset,
            self.encoding(),
            docs,
            caps.completion_shape,
        );
        Ok(list.map(CompletionResponse::List))
    }

    async fn completion_resolve(&self, mut item: CompletionItem) -> Result<CompletionItem> {
        let Some(data) = item
            .data
            .take()
            .and_then(|d| serde_json::from_value::<completion::ResolveData>(d).ok())
        else {
            return Ok(item);
        };
        if let Some(snapshot) = self.state.snapshot(&data.uri).await {
            if let Some(entry) = snapshot.project.glossary.get(&data.name) {
                item.documentation = Some(completion::documentation(
                    entry,
                    self.state.caps().completion_markdown,
                ));
            }
        }
        Ok(item)
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some(snapshot) = self.state.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        let range = byte_range(&snapshot.rope, params.range, self.encoding());
        Ok(Some(inlay_hints::inlay_hints(
            &snapshot,
            range,
            self.encoding(),
        )))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = &params.text_document.uri;
        let Some(snapshot) = self.state.snapshot(uri).await else {
            return Ok(None);
        };
        let range = byte_range(&snapshot.rope, params.range, self.encoding());
        let actions = code_actions::code_actions(
            &snapshot,
            uri,
            range,
            params.context.only.as_deref(),
            self.state.caps().edits,
            self.encoding(),
        );
        Ok(Some(actions))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        if params.command != IGNORE_COMMAND {
            return Err(Error::invalid_params(format!(
                "unknown command `{}`",
                params.command
            )));
        }
        let args: IgnoreArgs = params
            .arguments
            .into_iter()
            .next()
            .and_then(|value| serde_json::from_value(value).ok())
            .ok_or_else(|| Error::invalid_params("expected { uri, token }"))?;
        code_actions::ignore_token(&self.state, args).await?;
        Ok(None)
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let position = &params.text_document_position_params;
        let Some((snapshot, offset)) = self.at(position).await else {
            return Ok(None);
        };
        Ok(navigation::definition(
            &snapshot,
            &position.text_document.uri,
            offset,
            self.encoding(),
        )
        .map(GotoDefinitionResponse::Scalar))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let position = &params.text_document_position;
        let Some((snapshot, offset)) = self.at(position).await else {
            return Ok(None);
        };
        Ok(Some(navigation::references(
            &snapshot,
            &position.text_document.uri,
            offset,
            params.context.include_declaration,
            self.encoding(),
        )))
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let Some((snapshot, offset)) = self.at(&params.text_document_position_params).await else {
            return Ok(None);
        };
        Ok(Some(navigation::highlights(
            &snapshot,
            offset,
            self.encoding(),
        )))
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let snapshot = self.state.snapshot(&params.text_document.uri).await;
        Ok(diagnostics::report(
            snapshot.as_deref(),
            params.previous_result_id.as_deref(),
        ))
    }
}

/// Applies `didOpen`, `didChange` and `didClose` — synchronously, in the order they were read.
///
/// tower-lsp (and its fork) run handlers concurrently, notifications included (tower-lsp issue #284):
/// two `didChange` handlers may start in either order, and a lost or reordered change corrupts the
/// document. [`Sequenced`] therefore applies these three notifications itself, inside
/// `Service::call`, which the transport calls once per message, in arrival order, before reading the
/// next one. The text is updated under a plain mutex, no `.await` in sight; only the analysis that
/// follows is asynchronous.
fn apply_sync(state: &Arc<State>, method: &str, params: Option<Value>) {
    let params = params.unwrap_or(Value::Null);
    let encoding = state.caps().encoding;
    match method {
        "textDocument/didOpen" => {
            let Ok(params) = serde_json::from_value::<DidOpenTextDocumentParams>(params) else {
                tracing::warn!("ignoring a malformed didOpen");
                return;
            };
            let item = params.text_document;
            let document = Document::new(&item.uri, item.language_id, item.version, &item.text);
            lock(&state.documents).insert(item.uri.clone(), document);
            schedule(state, &item.uri);
        }
        "textDocument/didChange" => {
            let Ok(params) = serde_json::from_value::<DidChangeTextDocumentParams>(params) else {
                tracing::warn!("ignoring a malformed didChange");
                return;
            };
            let uri = params.text_document.uri;
            {
                let mut documents = lock(&state.documents);
                let Some(document) = documents.get_mut(&uri) else {
                    tracing::warn!("didChange for {}, which is not open", uri.as_str());
                    return;
                };
                document.apply_changes(
                    params.text_document.version,
                    &params.content_changes,
                    encoding,
                );
            }
            schedule(state, &uri);
        }
        "textDocument/didClose" => {
            let Ok(params) = serde_json::from_value::<DidCloseTextDocumentParams>(params) else {
                tracing::warn!("ignoring a malformed didClose");
                return;
            };
            let uri = params.text_document.uri;
            let removed = lock(&state.documents).remove(&uri);
            let reviewed = removed
                .and_then(|d| d.snapshot)
                .is_some_and(|s| s.kind.is_some());
            if reviewed && !state.caps().pull_diagnostics {
                let client = state.client.clone();
                tokio::spawn(
                    async move { client.publish_diagnostics(uri, Vec::new(), None).await },
                );
            }
        }
        _ => {}
    }
}

type ResponseFuture =
    Pin<Box<dyn Future<Output = std::result::Result<Option<Response>, ExitedError>> + Send>>;

/// The service between the transport and tower-lsp-server's router: applies document notifications in
/// order ([`apply_sync`]) and turns a panic in any handler into an error response and a log line.
pub struct Sequenced<S> {
    inner: S,
    state: Arc<State>,
}

impl<S> Sequenced<S> {
    pub fn new(inner: S, state: Arc<State>) -> Sequenced<S> {
        Sequenced { inner, state }
    }
}

impl<S> Service<Request> for Sequenced<S>
where
    S: Service<Request, Response = Option<Response>, Error = ExitedError, Future = ResponseFuture>,
{
    type Response = Option<Response>;
    type Error = ExitedError;
    type Future = ResponseFuture;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<std::result::Result<(), ExitedError>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> ResponseFuture {
        let method = request.method();
        if method == INPUT_ERROR_METHOD {
            // Put in place of a bad frame by `Input`, which queued the error to answer; a client
            // that sends this method itself finds none queued and is answered as for any unknown
            // `$/` method below.
            if let Some(error) = lock(&self.state.input_errors).pop_front() {
                return ready(Some(frame_error_response(error)));
            }
        }
        let is_sync = matches!(
            method,
            "textDocument/didOpen" | "textDocument/didChange" | "textDocument/didClose"
        );
        if is_sync {
            let (method, id, params) = request.into_parts();
            let refused = self.state.refusal();
            if refused.is_none() {
                let state = &self.state;
                if catch_unwind(AssertUnwindSafe(|| apply_sync(state, &method, params))).is_err() {
                    tracing::error!("panic while applying {method}; the notification was dropped");
                }
            }
            // Sent as a request, it is still applied (the text stays in sync) and, as the framework
            // does for every other notification method, answered with Invalid Request: a request
            // left unanswered would hang a client that waits for it.
            let error = refused.unwrap_or_else(Error::invalid_request);
            return ready(id.map(|id| Response::from_error(id, error)));
        }
        // The framework drops every MethodNotFound answer to a `$/` method: right for notifications,
        // which may be ignored, but LSP says a `$/` *request* the server does not know must be answered
        // with MethodNotFound, and a client waiting for the answer would hang (found by the
        // server_messages fuzz target). `$/cancelRequest` is the one the framework knows.
        if method.starts_with("$/") && method != "$/cancelRequest" {
            if let Some(id) = request.id().cloned() {
                let error = self.state.refusal().unwrap_or_else(|| Error {
                    code: ErrorCode::MethodNotFound,
                    message: "Method not found".into(),
                    data: Some(Value::String(method.to_string())),
                });
                return ready(Some(Response::from_error(id, error)));
            }
            if method == INPUT_ERROR_METHOD {
                return ready(None);
            }
        }
        if method == "exit" {
            self.state.input_done.notify_one();
        }
        let id = request.id().cloned();
        let method = method.to_string();
        match catch_unwind(AssertUnwindSafe(|| self.inner.call(request))) {
            Ok(future) => Box::pin(CatchPanic { future, id, method }),
            Err(_) => {
                tracing::error!("panic while dispatching {method}");
                ready(id.map(|id| panic_response(id, &method)))
            }
        }
    }
}

fn ready(response: Option<Response>) -> ResponseFuture {
    Box::pin(std::future::ready(Ok(response)))
}

fn panic_response(id: Id, method: &str) -> Response {
    Response::from_error(
        id,
        Error {
            code: ErrorCode::InternalError,
            message: format!("glossary-ls failed on {method}; see the server log").into(),
            data: None,
        },
    )
}

/// A handler's future with panics turned into an internal-error response.
struct CatchPanic {
    future: ResponseFuture,
    id: Option<Id>,
    method: String,
}

impl Future for CatchPanic {
    type Output = std::result::Result<Option<Response>, ExitedError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        match catch_unwind(AssertUnwindSafe(|| this.future.as_mut().poll(cx))) {
            Ok(poll) => poll,
            Err(_) => {
                tracing::error!("panic in the {} handler", this.method);
                let method = std::mem::take(&mut this.method);
                Poll::Ready(Ok(this.id.take().map(|id| panic_response(id, &method))))
            }
        }
    }
}

/// The method of the notification [`Input`] puts in place of a bad frame, after queueing the frame's
/// error in [`State`]; [`Sequenced`] answers it with that error. The notification carries nothing, so
/// a client that sends it cannot make the server answer anything but its own request (with
/// MethodNotFound).
pub const INPUT_ERROR_METHOD: &str = "$/glossary-ls/inputError";

/// The size of each read from the underlying input.
const READ_CHUNK: usize = 64 << 10;

/// The server's input: the bytes from the client, checked frame by frame ([`Framer`]). Well-formed
/// frames are passed on re-framed canonically; each bad frame becomes an [`INPUT_ERROR_METHOD`]
/// notification, so that its error answer is written by the framework's own writer, in order with its
/// other output. Signals [`State::input_done`] when the input ends.
pub struct Input<R> {
    inner: R,
    state: Arc<State>,
    framer: Framer,
    /// Canonical frames ready for the framework, and how much of the first one it has read.
    ready: VecDeque<Vec<u8>>,
    offset: usize,
    scratch: Box<[u8]>,
    ended: bool,
}

impl<R> Input<R> {
    pub fn new(inner: R, state: Arc<State>) -> Input<R> {
        Input {
            inner,
            state,
            framer: Framer::new(),
            ready: VecDeque::new(),
            offset: 0,
            scratch: vec![0; READ_CHUNK].into_boxed_slice(),
            ended: false,
        }
    }

    fn take_events(&mut self) {
        while let Some(event) = self.framer.next_event() {
            match event {
                Event::Message(body) => {
                    self.ready
                        .push_back(format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes());
                    self.ready.push_back(body);
                }
                Event::Error(error) => {
                    tracing::warn!("bad input from the client: {}", error.message);
                    lock(&self.state.input_errors).push_back(error);
                    let note =
                        serde_json::json!({ "jsonrpc": "2.0", "method": INPUT_ERROR_METHOD });
                    self.ready
                        .push_back(framing::frame(note.to_string().as_bytes()));
                }
            }
        }
    }
}

impl<R: AsyncRead + Unpin> AsyncRead for Input<R> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        if buf.remaining() == 0 {
            return Poll::Ready(Ok(()));
        }
        loop {
            if let Some(front) = this.ready.front() {
                let unread = front.get(this.offset..).unwrap_or_default();
                let n = buf.remaining().min(unread.len());
                buf.put_slice(unread.get(..n).unwrap_or_default());
                this.offset += n;
                if this.offset == front.len() {
                    this.ready.pop_front();
                    this.offset = 0;
                }
                return Poll::Ready(Ok(()));
            }
            if this.ended {
                return Poll::Ready(Ok(()));
            }
            let mut chunk = ReadBuf::new(&mut this.scratch);
            match Pin::new(&mut this.inner).poll_read(cx, &mut chunk) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(error)) => {
                    tracing::info!("input failed: {error}");
                    this.ended = true;
                    this.state.input_done.notify_one();
                    return Poll::Ready(Err(error));
                }
                Poll::Ready(Ok(())) if chunk.filled().is_empty() => {
                    tracing::info!("input ended");
                    if this.framer.buffered() > 0 {
                        tracing::warn!(
                            "{} bytes of an incomplete frame at the end of input",
                            this.framer.buffered()
                        );
                    }
                    this.ended = true;
                    this.state.input_done.notify_one();
                }
                Poll::Ready(Ok(())) => {
                    this.framer.feed(chunk.filled());
                    this.take_events();
                }
            }
        }
    }
}

/// The answer to a bad frame.
fn frame_error_response(error: FrameError) -> Response {
    let id = serde_json::from_value::<Id>(error.id).unwrap_or(Id::Null);
    Response::from_error(
        id,
        Error {
            code: ErrorCode::from(error.code),
            message: error.message.into(),
            data: None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::LspService;

    /// A service whose handlers panic: synchronously in `call`, or when their future is polled.
    struct Panicking;

    impl Service<Request> for Panicking {
        type Response = Option<Response>;
        type Error = ExitedError;
        type Future = ResponseFuture;

        fn poll_ready(
            &mut self,
            _: &mut Context<'_>,
        ) -> Poll<std::result::Result<(), ExitedError>> {
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, request: Request) -> ResponseFuture {
            if request.method() == "now" {
                panic!("in call");
            }
            Box::pin(async { panic!("in the handler") })
        }
    }

    #[test]
    fn panics_become_internal_errors() {
        let (service, _socket) = LspService::build(Backend::new).finish();
        let state = Arc::clone(&service.inner().state);
        let mut sequenced = Sequenced::new(Panicking, state);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        for method in ["now", "later"] {
            let request = Request::build(method).id(7).finish();
            let response = runtime
                .block_on(sequenced.call(request))
                .expect("a response")
                .expect("requests get one");
            let error = response.error().expect("an error");
            assert_eq!(error.code, ErrorCode::InternalError, "{method}");
            assert!(error.message.contains(method), "{}", error.message);
        }
        // A notification that panics has no response.
        let notification = Request::build("later").finish();
        assert_eq!(
            runtime.block_on(sequenced.call(notification)).ok(),
            Some(None)
        );
    }
}
