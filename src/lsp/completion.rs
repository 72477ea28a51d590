//! Completion of glossary term names.
//!
//! The word being typed is matched against the start of any word of a term's name ("cac" offers
//! "KV cache"), its acronym, its aliases and its expansion. The label is the term's name, the detail its
//! expansion, the documentation its definition. An acronym writers must spell out, and that the
//! document has not defined above the cursor, inserts its spelled-out form — "Proximal Policy
//! Optimization (PPO)" — and says so in the label detail.
//!
//! The word being typed and the range an item replaces come from the current text, which the user has
//! just typed; the request may be answered from the analysis of a text a few edits old (see
//! [`super::coordinates`]; its project is the current one, as a settings change stops the mapping),
//! whose only part in the answer is the document's definitions, for the "defined above" test. Where the edits may have made or unmade a definition of an item's acronym,
//! the answer waits for the analysis of the current text ([`Moved`]).
//!
//! When the words before the one being typed are the term's own first words ("KV cac"), the edit
//! replaces them too, so accepting "KV cache" does not write "KV KV cache".
//!
//! Items come in one of two shapes ([`Shape`]). Most clients (VS Code, Helix, Zed, Emacs, nvim-cmp)
//! apply a `textEdit`: its range covers what was typed, and its `filterText` starts with that text.
//! Neovim's built-in completion (`vim.lsp.omnifunc`, `vim.lsp.completion`) does not: before 0.12 it
//! inserts only the first whitespace-separated word of a `textEdit`'s text ("Proximal" of "Proximal
//! Policy Optimization (PPO)", neovim/neovim#37949), and with items whose edits start at different
//! columns it replaces only the word under the cursor as `'iskeyword'` sees it. Its items therefore
//! carry no edit: an `insertText` that replaces that word (letters, digits and `_`), without the
//! words already typed before it, and a `filterText` that starts with it.

use ropey::Rope;
use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionItemLabelDetails, CompletionList,
    CompletionTextEdit, Documentation, MarkupContent, MarkupKind, Position, TextEdit, Uri,
};

use super::coordinates::{Coordinates, Moved};
use super::documents::Snapshot;
use super::hover::entry_documentation;
use crate::analysis::definitions::{may_define, Vocabulary};
use crate::analysis::Analysis;
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

/// How an item says what it inserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shape {
    /// A `textEdit` replacing everything typed (the words of the term before the cursor included).
    #[default]
    Edit,
    /// No `textEdit`: an `insertText` for the word Vim completes (letters, digits, `_` before the
    /// cursor), for Neovim's built-in completion.
    VimWord,
}

impl Shape {
    /// The shape a client needs: [`Shape::VimWord`] for Neovim's built-in completion, which names
    /// itself "Neovim" and, unlike the completion plugins (nvim-cmp, blink.cmp), does not claim
    /// `insertReplaceSupport`.
    pub fn for_client(client_name: Option<&str>, insert_replace_support: bool) -> Shape {
        if client_name == Some("Neovim") && !insert_replace_support {
            Shape::VimWord
        } else {
            Shape::Edit
        }
    }
}

/// Whether Vim's default `'iskeyword'` counts `c` as part of a word.
fn is_vim_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `text` without `prefix` at its start, compared ignoring ASCII case.
fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// What an item carries for `completionItem/resolve`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResolveData {
    pub uri: Uri,
    /// The entry's name.
    pub name: String,
}

/// The completion list at `position` of the current text (`None`: no word being typed), from
/// `snapshot`'s project and analysis placed by `coordinates`; [`Moved`] when the edits since the
/// analysis may have changed whether an acronym it offers is defined above the cursor.
pub fn completion(
    snapshot: &Snapshot,
    uri: &Uri,
    position: Position,
    coordinates: &Coordinates,
    docs: Docs,
    shape: Shape,
) -> Result<Option<CompletionList>, Moved> {
    let rope = coordinates.text();
    let offset = coordinates.cursor(position).min(rope.len_bytes());
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
        return Ok(None);
    }
    let typed_lower = typed.to_ascii_lowercase();
    let before_lower = before_word.to_ascii_lowercase();
    // The end of what was typed that Vim calls a word ("th" of "chain-of-th").
    let vim_word_len: usize = typed
        .chars()
        .rev()
        .take_while(|&c| is_vim_word_char(c))
        .map(char::len_utf8)
        .sum();
    let vim_word = typed.get(typed.len() - vim_word_len..).unwrap_or_default();
    let vim_start = offset - vim_word_len;

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

    let defined_above = DefinedAbove {
        analysis: &snapshot.analysis,
        coordinates,
        cursor: offset,
        near_edits: coordinates
            .texts_near_edits()
            .into_iter()
            .map(|(start, text)| {
                let lower = text.to_ascii_lowercase();
                (start, text, lower)
            })
            .collect(),
        vocabulary: snapshot.project.engine().index(),
    };
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
            let ignored = entry
                .acronym
                .as_ref()
                .is_some_and(|a| project.settings.ignore.contains(a));
            // Only where it decides the item does the answer depend on the document's definitions.
            let spell_out = match (entry.spelled_out(), &entry.acronym) {
                (Some(spelled), Some(acronym))
                    if entry.must_spell_out_for(project.settings.audience) && !ignored =>
                {
                    (!defined_above.test(acronym)?).then_some(spelled)
                }
                _ => None,
            };
            let insert = spell_out.clone().unwrap_or_else(|| entry.name.clone());
            let (text_edit, insert_text, filter) = match shape {
                Shape::Edit => {
                    let filter = if start < line_start + prefix_start {
                        entry.name.clone()
                    } else {
                        key.written.clone()
                    };
                    let range = tower_lsp_server::ls_types::Range::new(
                        coordinates.position(start),
                        coordinates.position(offset),
                    );
                    let edit = CompletionTextEdit::Edit(TextEdit {
                        range,
                        new_text: insert,
                    });
                    (Some(edit), None, filter)
                }
                Shape::VimWord => {
                    // The text this item replaces before Vim's word stays as typed; the insertion
                    // goes on from there ("cache" after "KV ", "thought (CoT)" after "chain-of-").
                    let typed_before = before
                        .get(start - line_start..vim_start - line_start)
                        .unwrap_or_default();
                    let text = strip_prefix_ignoring_case(&insert, typed_before)
                        .unwrap_or(&insert)
                        .to_string();
                    // As typed, then the rest of the matched word: Neovim keeps the items whose
                    // filter text starts with the word before the cursor.
                    let rest = key.written.get(typed.len()..).unwrap_or_default();
                    (None, Some(text), format!("{vim_word}{rest}"))
                }
            };
            Ok(CompletionItem {
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
                insert_text,
                text_edit,
                ..CompletionItem::default()
            })
        })
        .collect::<Result<_, Moved>>()?;
    Ok(Some(CompletionList {
        is_incomplete,
        items,
    }))
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

/// Whether the document defines an acronym above the cursor, as the analysis found its definitions,
/// in the current text.
struct DefinedAbove<'a> {
    analysis: &'a Analysis,
    coordinates: &'a Coordinates,
    /// The cursor's offset in the current text.
    cursor: usize,
    /// [`Coordinates::texts_near_edits`], each also in ASCII lower case (asked once per item).
    near_edits: Vec<(usize, String, String)>,
    /// The project's glossary, for the forms of definition ([`may_define`]).
    vocabulary: &'a dyn Vocabulary,
}

impl DefinedAbove<'_> {
    /// A definition the edits left alone, above the cursor (or for the whole document), answers
    /// "defined" whatever else they did. Otherwise [`Moved`] when they may have made one above the
    /// cursor — the text near them (see [`Coordinates::texts_near_edits`]) holds a definition of it
    /// ([`may_define`]) above the cursor, or anywhere in a form that defines for the whole document
    /// (an abbreviation line `*[PPO]: …`, a LaTeX acronym command) —, or they touched a definition
    /// the analysis found (which may have unmade it).
    fn test(&self, acronym: &str) -> Result<bool, Moved> {
        let mut touched = false;
        for definition in self
            .analysis
            .definitions
            .iter()
            .filter(|d| d.acronym == acronym)
        {
            match self.coordinates.bytes(definition.acronym_range.clone()) {
                Ok(at) if self.coordinates.bytes(definition.span.clone()).is_ok() => {
                    if definition.whole_document || at.start < self.cursor {
                        return Ok(true);
                    }
                }
                _ => touched = true,
            }
        }
        let may_define_above = |(start, text, lower): &(usize, String, String)| {
            (*start < self.cursor || text.contains("*[") || text.contains('\\'))
                && names(lower, acronym)
                && may_define(text, acronym, self.vocabulary)
        };
        if touched || self.near_edits.iter().any(may_define_above) {
            return Err(Moved);
        }
        Ok(false)
    }
}

/// Whether `lower_text` (in ASCII lower case) writes `acronym` as a word, in any capitals, singular
/// or plural ("LoRAs", "LLMes" aside): the words a definition of it may name it by.
fn names(lower_text: &str, acronym: &str) -> bool {
    let acronym = acronym.to_ascii_lowercase();
    if acronym.is_empty() {
        return false;
    }
    let word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    lower_text.match_indices(&acronym).any(|(at, _)| {
        let before = lower_text.get(..at).and_then(|t| t.chars().next_back());
        let after = lower_text.get(at + acronym.len()..).unwrap_or_default();
        let after = after
            .strip_prefix("es")
            .filter(|rest| !word_char(rest.chars().next()))
            .or_else(|| after.strip_prefix('s'))
            .unwrap_or(after);
        !word_char(before) && !word_char(after.chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::names;

    #[test]
    fn an_acronym_is_named_as_a_word_in_any_capitals_or_plural() {
        let text = "the ppo objective; loras and llmes (dpo) with peft, xdp and dpr\n";
        for named in ["PPO", "LoRA", "LLM", "DPO"] {
            assert!(names(text, named), "{named}");
        }
        // Part of another word: "PE" of "PEFT", "DP" of "xdp" and of "DPR".
        for not_named in ["PE", "DP", "PP", "FT", ""] {
            assert!(!names(text, not_named), "{not_named}");
        }
    }
}
