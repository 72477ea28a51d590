//! Analysing documents and publishing their diagnostics.
//!
//! One analysis per revision of a document, run on a blocking thread. Each document has at most one
//! analysis task at a time; changes that arrive while it runs only bump the revision, and when it ends
//! the task analyses the latest text — so a burst of keystrokes costs two analyses, not one per key.
//! Diagnostics are published tagged with the document version, and only when the analysed revision is
//! still the current one: a stale result is stored for nobody and never sent.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::{
    DocumentDiagnosticReport, DocumentDiagnosticReportResult, FullDocumentDiagnosticReport,
    MessageType, RelatedFullDocumentDiagnosticReport, RelatedUnchangedDocumentDiagnosticReport,
    UnchangedDocumentDiagnosticReport, Uri,
};

use super::convert::{diagnostic, file_errors, file_uri, too_large};
use super::documents::Snapshot;
use super::server::{lock, State};
use crate::analysis::{analyze, Analysis};
use crate::glossary::load::read_text;

/// What one analysis needs, taken from the document under the lock.
struct Job {
    uri: Uri,
    revision: u64,
    version: i32,
    rope: Rope,
    language_id: String,
    path: Option<PathBuf>,
}

/// Starts the analysis task of `uri` unless one is running. Call with the documents lock *not* held.
pub fn schedule(state: &Arc<State>, uri: &Uri) {
    let start = {
        let mut documents = lock(&state.documents);
        match documents.get_mut(uri) {
            Some(document) if !document.analysing => {
                document.analysing = true;
                Some(document.opened)
            }
            _ => None,
        }
    };
    if let Some(opened) = start {
        tokio::spawn(run(Arc::clone(state), uri.clone(), opened));
    }
}

/// The analysis task of one document: analyse the latest revision until the stored snapshot is current.
async fn run(state: Arc<State>, uri: Uri, opened: u64) {
    loop {
        let job = {
            let mut documents = lock(&state.documents);
            let Some(document) = documents.get_mut(&uri).filter(|d| d.opened == opened) else {
                return;
            };
            if document.current_snapshot().is_some() {
                document.analysing = false;
                return;
            }
            Job {
                uri: uri.clone(),
                revision: document.revision,
                version: document.version,
                rope: document.rope.clone(),
                language_id: document.language_id.clone(),
                path: document.path.clone(),
            }
        };
        let worker_state = Arc::clone(&state);
        let snapshot = match tokio::task::spawn_blocking(move || analyse(&worker_state, job)).await
        {
            Ok(snapshot) => Arc::new(snapshot),
            Err(error) => {
                tracing::error!("analysis task of {} failed: {error}", uri.as_str());
                let mut documents = lock(&state.documents);
                if let Some(document) = documents.get_mut(&uri).filter(|d| d.opened == opened) {
                    document.analysing = false;
                }
                return;
            }
        };
        let publish = {
            let mut documents = lock(&state.documents);
            let Some(document) = documents.get_mut(&uri).filter(|d| d.opened == opened) else {
                return;
            };
            let newer = document
                .snapshot
                .as_ref()
                .is_none_or(|old| old.revision < snapshot.revision);
            if newer {
                document.snapshot = Some(Arc::clone(&snapshot));
            }
            document.analysed.notify_waiters();
            snapshot.revision == document.revision
                && snapshot.kind.is_some()
                && !state.caps().pull_diagnostics
        };
        if publish {
            state
                .client
                .publish_diagnostics(
                    uri.clone(),
                    snapshot.diagnostics.clone(),
                    Some(snapshot.version),
                )
                .await;
        }
        report_file_errors(&state).await;
        state.update_watchers().await;
    }
}

/// Analyses one revision (on a blocking thread). Never panics: a panic in the engine is logged and
/// gives an empty analysis.
fn analyse(state: &State, job: Job) -> Snapshot {
    let project = lock(&state.workspace).project_for(job.path.as_deref());
    let kind = project.doc_kind(&job.language_id, job.path.as_deref());
    let encoding = state.caps().encoding;
    let mut snapshot = Snapshot {
        version: job.version,
        revision: job.revision,
        kind,
        project: Arc::clone(&project),
        analysis: Arc::new(Analysis::default()),
        diagnostics: Vec::new(),
        too_large: None,
        rope: job.rope,
    };
    let Some(kind) = kind else {
        return snapshot;
    };
    let size = snapshot.rope.len_bytes();
    if size as u64 > project.config.max_file_size {
        snapshot.too_large = Some(size);
        snapshot.diagnostics = vec![too_large(size, project.config.max_file_size)];
        return snapshot;
    }
    let text = snapshot.rope.to_string();
    let analysis = catch_unwind(AssertUnwindSafe(|| {
        analyze(&text, kind, &project.glossary, &project.settings)
    }))
    .unwrap_or_else(|_| {
        tracing::error!(
            "the analysis of {} panicked; its diagnostics are empty until the next change",
            job.uri.as_str()
        );
        Analysis::default()
    });
    snapshot.diagnostics = analysis
        .findings
        .iter()
        .map(|finding| diagnostic(finding, &job.uri, &snapshot.rope, encoding))
        .collect();
    snapshot.analysis = Arc::new(analysis);
    snapshot
}

/// Publishes diagnostics on config and glossary files whose errors changed, and tells the user about
/// new ones.
pub async fn report_file_errors(state: &State) {
    let reports = lock(&state.workspace).take_reports();
    for (path, errors) in reports {
        let Some(uri) = file_uri(&path) else {
            continue;
        };
        let text = read_text(&path, 16 * 1024 * 1024).unwrap_or_default();
        let diagnostics = file_errors(&text, &errors, state.caps().encoding);
        if let Some(first) = errors.first() {
            let more = match errors.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            state
                .client
                .show_message(
                    MessageType::ERROR,
                    format!(
                        "glossary-ls: {first}{more}. The last good configuration stays in force."
                    ),
                )
                .await;
        }
        state
            .client
            .publish_diagnostics(uri, diagnostics, None)
            .await;
    }
}

/// The pull-diagnostics report of a snapshot (`None`: a document this server does not know).
pub fn report(
    snapshot: Option<&Snapshot>,
    previous_result_id: Option<&str>,
) -> DocumentDiagnosticReportResult {
    let Some(snapshot) = snapshot else {
        return DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
            RelatedFullDocumentDiagnosticReport::default(),
        ));
    };
    let result_id = snapshot.revision.to_string();
    if previous_result_id == Some(result_id.as_str()) {
        return DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Unchanged(
            RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            },
        ));
    }
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: Some(result_id),
                items: snapshot.diagnostics.clone(),
            },
        },
    ))
}
