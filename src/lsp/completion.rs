//! Completion of glossary term names.
//!
//! The word being typed is matched against the start of any word of a term's name ("cac" offers
//! "KV cache"), its acronym, its aliases and its expansion. The label is the term's name, the detail its
//! expansion, the documentation its definition. An acronym writers must spell out, and that the
//! document has not defined above the cursor, inserts its spelled-out form — "Proximal Policy
//! Optimization (PPO)" — and says so in the label detail.
//!
//! When the words before the one being typed are the term's own first words ("KV cac"), the edit
//! replaces them too, so accepting "KV cache" does not write "KV KV cache".

use ropey::Rope;
use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionItemLabelDetails, CompletionList,
    CompletionTextEdit, Documentation, MarkupContent, MarkupKind, TextEdit, Uri,
};

use super::documents::Snapshot;
use super::encoding::{position_of, Encoding};
use super::hover::entry_documentation;
use crate::glossary::{Entry, Glossary};

/// At most this many items; the list is then marked incomplete so the client asks again as the user
/// types.
pub const MAX_ITEMS: usize = 50;

/// How well a candidate matched; lower sorts first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// The whole name (or acronym) starts with the typed word.
    Name = 0,
    /// A later word of the name.
    NameWord = 1,
    Alias = 2,
    Expansion = 3,
}

#[derive(Debug, Clone)]
struct Key {
    /// Lower-case (ASCII) text to match the typed word against.
    lower: String,
    /// The same text as written, for the client's filter.
    written: String,
    rank: Rank,
    /// For later words of the name: the byte length of the name before this word ("KV " for "cache").
    name_prefix: usize,
}

/// The candidates of one glossary, built once per project.
#[derive(Debug, Default)]
pub struct CompletionIndex {
    /// (entry index, its keys)
    candidates: Vec<(usize, Vec<Key>)>,
}

impl CompletionIndex {
    pub fn new(glossary: &Glossary) -> CompletionIndex {
        let candidates = glossary
            .entries()
            .iter()
            .enumerate()
            .map(|(index, entry)| (index, keys(entry)))
            .collect();
        CompletionIndex { candidates }
    }
}

fn keys(entry: &Entry) -> Vec<Key> {
    let mut keys = Vec::new();
    let mut push = |written: &str, rank: Rank, name_prefix: usize| {
        if !written.is_empty() {
            keys.push(Key {
                lower: written.to_ascii_lowercase(),
                written: written.to_string(),
                rank,
                name_prefix,
            });
        }
    };
    push(&entry.name, Rank::Name, 0);
    for (start, word) in word_starts(&entry.name).skip(1) {
        push(word, Rank::NameWord, start);
    }
    if let Some(acronym) = &entry.acronym {
        push(acronym, Rank::Name, 0);
    }
    for alias in &entry.aliases {
        push(alias, Rank::Alias, 0);
    }
    if let Some(expansion) = &entry.expansion {
        for (_, word) in word_starts(expansion) {
            push(word, Rank::Expansion, 0);
        }
    }
    keys
}

/// The words of a name with their byte offsets; words are separated by spaces and hyphens.
fn word_starts(name: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in name.char_indices() {
        let separator = c == ' ' || c == '-';
        match (start, separator) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                out.push((s, name.get(s..i).unwrap_or_default()));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, name.get(s..).unwrap_or_default()));
    }
    out.into_iter()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// The completion list at byte `offset` of a snapshot.
/// How completion items carry their documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Docs {
    /// In each item, as Markdown or plain text.
    Inline { markdown: bool },
    /// Left out; `completionItem/resolve` fills in the one the user looks at (a client that says it
    /// can resolve `documentation` lazily gets lists a fifth of the size).
    Lazy,
}

/// What an item carries for `completionItem/resolve`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResolveData {
    pub uri: Uri,
    /// The entry's name.
    pub name: String,
}

pub fn completion(
    snapshot: &Snapshot,
    uri: &Uri,
    offset: usize,
    encoding: Encoding,
    docs: Docs,
) -> Option<CompletionList> {
    let rope = &snapshot.rope;
    let offset = offset.min(rope.len_bytes());
    let line_start = rope.line_to_byte(rope.byte_to_line(offset));
    let before = slice(rope, line_start, offset);
    let prefix_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map_or(before.len(), |(i, _)| i);
    let (before_word, typed) = before.split_at(prefix_start);
    if typed.is_empty() {
        return None;
    }
    let typed_lower = typed.to_ascii_lowercase();
    let before_lower = before_word.to_ascii_lowercase();

    let project = &snapshot.project;
    let entries = project.glossary.entries();
    let mut matches: Vec<(Rank, &Entry, &Key)> = Vec::new();
    for (index, keys) in &project.completion().candidates {
        let best = keys
            .iter()
            .filter(|k| k.lower.starts_with(&typed_lower))
            .min_by_key(|k| k.rank);
        if let (Some(key), Some(entry)) = (best, entries.get(*index)) {
            matches.push((key.rank, entry, key));
        }
    }
    matches.sort_by(|(rank_a, a, _), (rank_b, b, _)| {
        (rank_a, a.name.len(), &a.name).cmp(&(rank_b, b.name.len(), &b.name))
    });
    let is_incomplete = matches.len() > MAX_ITEMS;
    matches.truncate(MAX_ITEMS);

    let analysis = &snapshot.analysis;
    let items = matches
        .iter()
        .enumerate()
        .map(|(order, &(rank, entry, key))| {
            // Replace the words of the name already typed before this one ("KV " of "KV cac").
            let mut start = line_start + prefix_start;
            if key.rank == Rank::NameWord {
                let name_before = entry
                    .name
                    .get(..key.name_prefix)
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                if before_lower.ends_with(&name_before) {
                    start -= name_before.len();
                }
            }
            let defined_above = entry.acronym.as_ref().is_some_and(|acronym| {
                analysis.definitions.iter().any(|d| {
                    d.acronym == *acronym && (d.whole_document || d.acronym_range.start < offset)
                })
            });
            let ignored = entry
                .acronym
                .as_ref()
                .is_some_and(|a| project.settings.ignore.contains(a));
            let spell_out = entry.spelled_out().filter(|_| {
                entry.must_spell_out_for(project.settings.audience) && !defined_above && !ignored
            });
            let insert = spell_out.clone().unwrap_or_else(|| entry.name.clone());
            let filter = if start < line_start + prefix_start {
                entry.name.clone()
            } else {
                key.written.clone()
            };
            CompletionItem {
                label: entry.name.clone(),
                label_details: spell_out.as_ref().map(|s| CompletionItemLabelDetails {
                    detail: Some(format!(" → {s}")),
                    description: Some("spelled out: first use".to_string()),
                }),
                kind: Some(CompletionItemKind::TEXT),
                detail: entry.expansion.clone(),
                documentation: match docs {
                    Docs::Inline { markdown } => Some(documentation(entry, markdown)),
                    Docs::Lazy => None,
                },
                data: (docs == Docs::Lazy)
                    .then(|| {
                        serde_json::to_value(ResolveData {
                            uri: uri.clone(),
                            name: entry.name.clone(),
                        })
                        .ok()
                    })
                    .flatten(),
                sort_text: Some(format!("{}{order:04}", rank as u8)),
                filter_text: Some(filter),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range: tower_lsp_server::ls_types::Range::new(
                        position_of(rope, start, encoding),
                        position_of(rope, offset, encoding),
                    ),
                    new_text: insert,
                })),
                ..CompletionItem::default()
            }
        })
        .collect();
    Some(CompletionList {
        is_incomplete,
        items,
    })
}

/// An entry's documentation for a completion item.
pub fn documentation(entry: &Entry, markdown: bool) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: if markdown {
            MarkupKind::Markdown
        } else {
            MarkupKind::PlainText
        },
        value: entry_documentation(entry, markdown),
    })
}

/// The text of a byte range of a rope (both ends on char boundaries).
fn slice(rope: &Rope, start: usize, end: usize) -> String {
    rope.slice(rope.byte_to_char(start)..rope.byte_to_char(end))
        .to_string()
}
