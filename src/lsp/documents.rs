//! The open documents: their text as a rope, their version, and the analysis of their latest text.
//!
//! Text changes are applied here, synchronously and in the order the client sent them (see
//! `transport::Sequenced` for how that order is kept). Every content change of one `didChange` is
//! applied in turn, each range converted against the text as it stands after the previous change — the
//! specification's rule, and the one clients that batch edits rely on.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use ropey::Rope;
use tokio::sync::Notify;
use tower_lsp_server::ls_types::{Diagnostic, TextDocumentContentChangeEvent, Uri};

use super::edit_log::{Edit, EditLog, OffsetMap};
use super::encoding::{byte_range, Encoding};
use super::workspace::Project;
use crate::analysis::{Analysis, DocKind, KeptBlocks, Latest};

/// A fresh revision number. Revisions are unique across documents and re-opened documents, so an
/// analysis of an earlier incarnation of a document can never pass for a current one.
pub fn next_revision() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The whole text of `rope` as one string, copied chunk by chunk into a string of the right size.
/// `Rope::to_string` goes through `Display`, one formatter call per chunk into a string that grows by
/// doubling: on a 1 MB document that was about 4 M instructions of every analysis, and up to twice
/// the text in memory while it grew.
pub fn text_of(rope: &Rope) -> String {
    text_giving_way(rope, &|| {})
}

/// [`text_of`], calling `give_way` after every [`GIVE_WAY_BYTES`] copied: a 1 MB document's copy
/// took 0.5–1 ms at the start of each analysis (`Cancel::give_way`).
pub fn text_giving_way(rope: &Rope, give_way: &dyn Fn()) -> String {
    let mut text = String::with_capacity(rope.len_bytes());
    let mut since = 0;
    for chunk in rope.chunks() {
        text.push_str(chunk);
        since += chunk.len();
        if since >= GIVE_WAY_BYTES {
            since = 0;
            give_way();
        }
    }
    text
}

const GIVE_WAY_BYTES: usize = 64 << 10;

/// One open document.
#[derive(Debug)]
pub struct Document {
    pub language_id: String,
    /// The client's version of the text.
    pub version: i32,
    /// Bumped on every change of text or of the settings that apply: an analysis is current when its
    /// revision is the document's. Changed only by [`Document::renew`], which also tells running
    /// analyses: a revision bumped behind its back made every analysis stop as "replaced" and start
    /// again, forever.
    pub revision: u64,
    /// The revision it was opened with: identifies this incarnation of the URI, so that the analysis
    /// task of a document that was closed and opened again stops instead of running twice.
    pub opened: u64,
    pub rope: Rope,
    /// The file behind the document, for `file:` URIs.
    pub path: Option<PathBuf>,
    /// The analysis of the latest revision analysed so far (possibly older than `revision`). Stored
    /// by [`Document::store`].
    pub snapshot: Option<Arc<Snapshot>>,
    /// The edits since the snapshot's text, so that a request can answer from it at once for text
    /// they did not touch.
    edits: EditLog,
    /// The revisions being analysed right now (at most two; see `diagnostics`).
    pub in_flight: Vec<u64>,
    /// A task is waiting for changes to pause before analysing the latest revision.
    pub deferred: bool,
    /// When the text last changed.
    pub last_change: Instant,
    /// When the first change after the revision being analysed arrived (the debug log says how
    /// long a replaced analysis ran on after it).
    pub replaced_at: Option<Instant>,
    /// Woken whenever a new snapshot is stored, for requests that wait for the current one.
    pub analysed: Arc<Notify>,
    /// Told every new revision, so that an analysis of an older one stops early.
    pub latest: Latest,
    /// What the blocks of the last analysis held, so that the next one reads only the changed
    /// blocks again. Locked by the one analysis of this document running at a time.
    pub kept: Arc<Mutex<KeptBlocks>>,
    /// Its last analysis ran to the end quickly enough, on a text short enough, that the next one
    /// may run on the protocol thread once the input drains (see `diagnostics`). False until a first
    /// analysis, and again after a change of settings (which may need a new glossary built).
    pub quick: bool,
}

impl Document {
    pub fn new(uri: &Uri, language_id: String, version: i32, text: &str) -> Document {
        let revision = next_revision();
        Document {
            language_id,
            version,
            revision,
            opened: revision,
            rope: Rope::from_str(text),
            path: uri.to_file_path().map(|p| p.into_owned()),
            snapshot: None,
            edits: EditLog::default(),
            in_flight: Vec::new(),
            deferred: false,
            last_change: Instant::now(),
            replaced_at: None,
            analysed: Arc::new(Notify::new()),
            latest: Latest::new(revision),
            kept: Arc::new(Mutex::new(KeptBlocks::new())),
            quick: false,
        }
    }

    /// Gives the document a new revision because the settings or the other texts that apply to it
    /// changed: analyses of earlier revisions are stale from now on and stop at their next check, and
    /// no earlier analysis answers for the text any more, not even where it is unchanged.
    pub fn renew(&mut self) {
        self.quick = false;
        self.advance(next_revision());
        self.edits.break_at(self.revision);
    }

    fn advance(&mut self, revision: u64) {
        self.revision = revision;
        self.latest.announce(revision);
    }

    /// Applies one `didChange` notification's changes, in order.
    pub fn apply_changes(
        &mut self,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        encoding: Encoding,
    ) {
        let revision = next_revision();
        for change in changes {
            match apply_change(&mut self.rope, change, encoding) {
                Some(edit) => self.edits.record(revision, edit),
                None => self.edits.break_at(revision),
            }
        }
        self.version = version;
        self.advance(revision);
        self.last_change = Instant::now();
        if !self.in_flight.is_empty() && self.replaced_at.is_none() {
            self.replaced_at = Some(self.last_change);
        }
    }

    /// Keeps `snapshot` if it analysed a later revision than the one kept; tells whether it did.
    pub fn store(&mut self, snapshot: &Arc<Snapshot>) -> bool {
        let newer = self
            .snapshot
            .as_ref()
            .is_none_or(|old| old.revision < snapshot.revision);
        if newer {
            self.snapshot = Some(Arc::clone(snapshot));
            self.edits.forget_through(snapshot.revision);
        }
        newer
    }

    /// The snapshot, if it is the analysis of the current revision.
    pub fn current_snapshot(&self) -> Option<&Arc<Snapshot>> {
        self.snapshot
            .as_ref()
            .filter(|snapshot| snapshot.revision == self.revision)
    }

    /// The snapshot (of a reviewed document) and how its offsets map to the current text, when they
    /// can be mapped; the map is the identity when the snapshot is current.
    pub fn mapped_snapshot(&self) -> Option<(&Arc<Snapshot>, OffsetMap)> {
        let snapshot = self.snapshot.as_ref().filter(|s| s.kind.is_some())?;
        Some((snapshot, self.edits.since(snapshot.revision)?))
    }
}

/// Applies one content change to `rope`: a range replacement, or the whole text when it has no range.
/// Returns the edit in bytes, or `None` for a whole-text replacement (nothing maps across it).
pub fn apply_change(
    rope: &mut Rope,
    change: &TextDocumentContentChangeEvent,
    encoding: Encoding,
) -> Option<Edit> {
    match change.range {
        None => {
            *rope = Rope::from_str(&change.text);
            None
        }
        Some(range) => {
            let bytes = byte_range(rope, range, encoding);
            let start = rope.byte_to_char(bytes.start);
            // A keystroke inserts (or deletes) only: no look-up for what it does not do.
            if !bytes.is_empty() {
                rope.remove(start..rope.byte_to_char(bytes.end));
            }
            if !change.text.is_empty() {
                rope.insert(start, &change.text);
            }
            Some(Edit {
                range: bytes,
                inserted: change.text.len(),
            })
        }
    }
}

/// One analysed version of a document: the text it was computed from (a cheap rope clone, to convert
/// its byte ranges into positions) and everything the features answer from.
#[derive(Debug)]
pub struct Snapshot {
    pub version: i32,
    pub revision: u64,
    pub rope: Rope,
    /// How the text was read; `None` for documents this server does not review (no analysis).
    pub kind: Option<DocKind>,
    pub project: Arc<Project>,
    pub analysis: Arc<Analysis>,
    /// The findings as LSP diagnostics, in the same order (or the one "too large" diagnostic), then
    /// the findings against other files of the workspace (`expansion_index`, no fixes).
    pub diagnostics: Vec<Diagnostic>,
    /// Set when the text was over the size limit and was not analysed: its size in bytes.
    pub too_large: Option<usize>,
}

/// The open documents, by URI.
pub type Documents = HashMap<Uri, Document>;

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range as LspRange};

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range
                .map(|(s, e)| LspRange::new(Position::new(s.0, s.1), Position::new(e.0, e.1))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn text_of_is_the_whole_text_of_a_rope_of_many_chunks() {
        // Several thousand chunks, characters of every width, edits that split chunks.
        let mut rope = Rope::from_str(&"a é 漢 😀\r\n".repeat(20_000));
        rope.insert(7, "inserted 😀");
        rope.remove(100..130);
        assert_eq!(text_of(&rope), rope.to_string());
        assert_eq!(text_of(&Rope::new()), "");
    }

    #[test]
    fn a_long_text_is_copied_giving_way_as_it_goes() {
        let rope = Rope::from_str(&"a é 漢 😀\r\n".repeat(40_000));
        let calls = std::cell::Cell::new(0);
        let text = text_giving_way(&rope, &|| calls.set(calls.get() + 1));
        assert_eq!(text, rope.to_string());
        // Once per 64 KB copied (a little more: a chunk ends past the 64 KB): 600 KB here, 9 times.
        assert_eq!(calls.get(), rope.len_bytes() / GIVE_WAY_BYTES);
    }

    #[test]
    fn changes_apply_in_order_against_the_updated_text() {
        let uri: Uri = "file:///tmp/a.md".parse().expect("uri");
        let mut doc = Document::new(&uri, "markdown".into(), 1, "ab😀cd\nxy");
        doc.apply_changes(
            2,
            &[
                // Replace the emoji (UTF-16 columns 2..4) with "漢".
                change(Some(((0, 2), (0, 4))), "漢"),
                // Against the new text, "漢" is one unit wide: insert after it.
                change(Some(((0, 3), (0, 3))), "!"),
                // A new line and a deletion across it.
                change(Some(((0, 6), (1, 1))), "\n"),
            ],
            Encoding::Utf16,
        );
        assert_eq!(doc.rope.to_string(), "ab漢!cd\ny");
        assert_eq!(doc.version, 2);
        doc.apply_changes(3, &[change(None, "fresh")], Encoding::Utf16);
        assert_eq!(doc.rope.to_string(), "fresh");
    }

    /// An analysis of the document's text as it stands now.
    fn analysed(doc: &mut Document) -> Arc<Snapshot> {
        let snapshot = Arc::new(Snapshot {
            version: doc.version,
            revision: doc.revision,
            rope: doc.rope.clone(),
            kind: Some(DocKind::Markdown),
            project: Arc::new(Project::new(
                crate::config::Config::default(),
                Arc::default(),
            )),
            analysis: Arc::default(),
            diagnostics: Vec::new(),
            too_large: None,
        });
        doc.store(&snapshot);
        snapshot
    }

    /// Where byte `offset` of the current text is in the text of the stored analysis.
    fn back(doc: &Document, offset: usize) -> Option<usize> {
        doc.mapped_snapshot()?.1.back(offset)
    }

    #[test]
    fn the_latest_analysis_maps_to_the_current_text_until_the_text_is_replaced() {
        let uri: Uri = "file:///tmp/a.md".parse().expect("uri");
        let mut doc = Document::new(&uri, "markdown".into(), 1, "one two three\n");
        assert!(doc.mapped_snapshot().is_none(), "nothing analysed yet");
        let first = analysed(&mut doc);
        assert_eq!(back(&doc, 8), Some(8));
        // "one ÄÖ two three": "three" moved 5 bytes on; "two" touches the insertion.
        doc.apply_changes(2, &[change(Some(((0, 4), (0, 4))), "ÄÖ ")], Encoding::Utf16);
        assert_eq!(back(&doc, 13), Some(8));
        assert_eq!(back(&doc, 9), None);
        assert_eq!(back(&doc, 2), Some(2));
        let (snapshot, _) = doc.mapped_snapshot().expect("mapped");
        assert!(Arc::ptr_eq(snapshot, &first));
        // A newer analysis replaces it; edits before it no longer count.
        analysed(&mut doc);
        assert_eq!(back(&doc, 13), Some(13));
        // Settings changed: the analysis no longer answers, even for unchanged text.
        doc.renew();
        assert_eq!(back(&doc, 2), None);
        analysed(&mut doc);
        // A whole-text replacement maps nothing, whatever else the notification holds.
        doc.apply_changes(
            3,
            &[change(None, "fresh"), change(Some(((0, 0), (0, 0))), "!")],
            Encoding::Utf16,
        );
        assert_eq!(doc.rope.to_string(), "!fresh");
        assert_eq!(back(&doc, 3), None);
    }

    #[test]
    fn out_of_range_changes_are_clamped() {
        let mut rope = Rope::from_str("abc\ndef");
        let edit = apply_change(
            &mut rope,
            &change(Some(((0, 10), (5, 0))), "!"),
            Encoding::Utf8,
        );
        assert_eq!(rope.to_string(), "abc!");
        // The edit as applied, clamped: what an earlier analysis's offsets are mapped through.
        assert_eq!(
            edit,
            Some(Edit {
                range: 3..7,
                inserted: 1
            })
        );
        // A reversed range is the empty range at its start.
        apply_change(
            &mut rope,
            &change(Some(((0, 2), (0, 1))), "-"),
            Encoding::Utf8,
        );
        assert_eq!(rope.to_string(), "ab-c!");
    }
}
