//! Hover: what a term means, where the explainer introduces it, and how this document defines it.
//!
//! ```markdown
//! **GRPO** — *Group Relative Policy Optimization*
//!
//! Defined in this document on line 2 as *Group Relative Policy Optimization*.
//!
//! Group Relative Policy Optimization (Shao, 2024) — drop PPO’s critic; …
//!
//! *Introduced in §23 · GRPO & DeepSeek-R1*
//!
//! See also: PPO, group-relative advantage
//!
//! *From the LLM explainer glossary*
//! ```
//!
//! An in-document definition always wins over the glossary's expansion in the headline: the reader
//! wants what *this* text means by the acronym. When it spells out a term the glossary's entry is not
//! about (no word in common: `analysis::may_mean`), the entry is left out altogether.

use crate::text::markdown::escape;
use std::borrow::Cow;
use std::ops::Range;

use ropey::Rope;

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::coordinates::{Coordinates, Moved};
use super::documents::Snapshot;
use crate::analysis::meanings::{self, Written};
use crate::analysis::{may_mean, AcronymUse, Analysis, Definition, TermUse};
use crate::glossary::{Entry, Origin};

/// A piece of hover text with its emphasis, rendered as Markdown or as plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Bold,
    Italic,
}

/// Paragraphs of styled spans.
#[derive(Debug, Default)]
pub struct Text {
    paragraphs: Vec<Vec<(Style, String)>>,
}

impl Text {
    // `last_mut` right after `push` cannot be `None`.
    #[allow(clippy::expect_used)]
    fn paragraph(&mut self) -> &mut Vec<(Style, String)> {
        self.paragraphs.push(Vec::new());
        self.paragraphs.last_mut().expect("just pushed")
    }

    pub fn render(&self, markdown: bool) -> String {
        let paragraphs: Vec<String> = self
            .paragraphs
            .iter()
            .filter(|p| !p.is_empty())
            .map(|spans| {
                spans
                    .iter()
                    .map(|(style, text)| match (markdown, style) {
                        (false, _) => text.clone(),
                        (true, Style::Plain) => escape(text),
                        (true, Style::Bold) => format!("**{}**", escape(text)),
                        (true, Style::Italic) => format!("*{}*", escape(text)),
                    })
                    .collect()
            })
            .collect();
        paragraphs.join("\n\n")
    }
}

/// The entry's own text: definition, section, see-also, and where a project glossary defines it.
pub fn entry_body(entry: &Entry, text: &mut Text) {
    if !entry.definition.is_empty() {
        text.paragraph()
            .push((Style::Plain, entry.definition.clone()));
    }
    if let Some(section) = &entry.section {
        text.paragraph()
            .push((Style::Italic, format!("Introduced in {section}")));
    }
    if !entry.see_also.is_empty() {
        text.paragraph().push((
            Style::Plain,
            format!("See also: {}", entry.see_also.join(", ")),
        ));
    }
    if let (Origin::User, Some(spot)) = (entry.origin, &entry.spot) {
        let file = spot.file.file_name().map_or_else(
            || spot.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        text.paragraph()
            .push((Style::Italic, format!("From {file}, line {}", spot.line)));
    }
}

/// The documentation of an entry, for completion items, in Markdown or plain text.
pub fn entry_documentation(entry: &Entry, markdown: bool) -> String {
    let mut text = Text::default();
    entry_body(entry, &mut text);
    text.render(markdown)
}

/// What the cursor is on, for hover and navigation.
pub enum Target<'a> {
    /// An acronym-like token the glossary or the document knows.
    Acronym {
        token: &'a AcronymUse,
        entry: Option<usize>,
        definition: Option<&'a Definition>,
    },
    /// A glossary term that is not an acronym token (or a longer term around one: "KV cache").
    Term(&'a TermUse),
}

impl Target<'_> {
    pub fn range(&self) -> Range<usize> {
        match self {
            Target::Acronym { token, .. } => token.range.clone(),
            Target::Term(term) => term.range.clone(),
        }
    }

    pub fn entry(&self) -> Option<usize> {
        match self {
            Target::Acronym { entry, .. } => *entry,
            Target::Term(term) => Some(term.entry),
        }
    }
}

/// The term or acronym at byte `offset`.
pub fn target_at(analysis: &Analysis, offset: usize) -> Option<Target<'_>> {
    let term = analysis.term_at(offset);
    let token = analysis.acronym_at(offset);
    match (term, token) {
        (Some(term), Some(token))
            if term.range.start <= token.range.start
                && token.range.end <= term.range.end
                && term.range.len() > token.range.len() =>
        {
            Some(Target::Term(term))
        }
        (term, Some(token)) => {
            let definition = analysis.definition_of(&token.acronym);
            let entry = token
                .entry
                .or(term.filter(|t| t.range == token.range).map(|t| t.entry));
            if entry.is_none() && definition.is_none() {
                return term.map(Target::Term);
            }
            Some(Target::Acronym {
                token,
                entry,
                definition,
            })
        }
        (Some(term), None) => Some(Target::Term(term)),
        (None, None) => None,
    }
}

/// The hover for byte `offset` of a snapshot (`None`: nothing to say), its range and lines placed by
/// `coordinates`: [`Moved`] when the snapshot's text is older and the edits since touched a place
/// the hover names.
pub fn hover(
    snapshot: &Snapshot,
    offset: usize,
    coordinates: &Coordinates,
    markdown: bool,
) -> Result<Option<Hover>, Moved> {
    let analysis = &snapshot.analysis;
    let Some(target) = target_at(analysis, offset) else {
        return Ok(None);
    };
    let range = coordinates.range(target.range())?;
    let entries = snapshot.project.glossary.entries();
    let mut text = Text::default();
    // An acronym the glossary gives several meanings ("CI": continuous integration, a confidence
    // interval) means what the document's words say; when they do not say, every meaning is shown.
    let mut meanings = match &target {
        Target::Acronym { .. } => target
            .entry()
            .and_then(|e| entries.get(e))
            .map(|entry| {
                let written = written_in(&snapshot.rope);
                meanings_in(snapshot, &meanings_document(snapshot, &written), entry)
            })
            .unwrap_or_default(),
        Target::Term(term) => entries.get(term.entry).into_iter().collect(),
    };
    // A document that spells the acronym out as a term the entry is not about ("Artificial Neural
    // Network (ANN)", the glossary's ANN being approximate nearest neighbor) means its own term: the
    // entry's explanation would mislead.
    if let Target::Acronym {
        definition: Some(definition),
        ..
    } = &target
    {
        meanings.retain(|e| may_mean(&definition.long_form, e));
    }
    let entry = match meanings.as_slice() {
        [entry] => Some(*entry),
        _ => None,
    };
    match &target {
        Target::Acronym {
            token, definition, ..
        } => {
            let expansion = definition
                .map(|d| d.long_form.clone())
                .or_else(|| in_project_words(analysis, entries, &token.acronym))
                .or_else(|| entry.and_then(|e| e.expansion.clone()));
            let headline = text.paragraph();
            headline.push((Style::Bold, token.acronym.to_string()));
            if let Some(expansion) = expansion {
                headline.push((Style::Plain, " — ".into()));
                headline.push((Style::Italic, expansion));
            } else if meanings.len() > 1 {
                headline.push((
                    Style::Plain,
                    format!(
                        " — {} meanings; the document does not say which",
                        meanings.len()
                    ),
                ));
                for meaning in &meanings {
                    let paragraph = text.paragraph();
                    paragraph.push((
                        Style::Italic,
                        meaning.expansion.clone().unwrap_or(meaning.name.clone()),
                    ));
                    if !meaning.definition.is_empty() {
                        paragraph.push((Style::Plain, format!(": {}", meaning.definition)));
                    }
                }
            }
            if let Some(definition) = definition {
                // The hover quotes the definition: it must still read as analysed.
                coordinates.bytes(definition.span.clone())?;
                let line = coordinates.line(definition.acronym_range.clone())? + 1;
                let how = if definition.whole_document {
                    "Defined for the whole document on line"
                } else {
                    "Defined in this document on line"
                };
                let paragraph = text.paragraph();
                paragraph.push((Style::Plain, format!("{how} {line} as ")));
                paragraph.push((Style::Italic, definition.long_form.clone()));
            }
        }
        Target::Term(_) => {
            let Some(entry) = entry else {
                return Ok(None);
            };
            let headline = text.paragraph();
            headline.push((Style::Bold, entry.name.clone()));
            if let Some(acronym) = entry.acronym.as_ref().filter(|a| **a != entry.name) {
                headline.push((Style::Plain, format!(" ({acronym})")));
            }
            if let Some(expansion) = entry.expansion.as_ref().filter(|x| **x != entry.name) {
                headline.push((Style::Plain, " — ".into()));
                headline.push((Style::Italic, expansion.clone()));
            }
        }
    }
    if let Some(entry) = entry {
        entry_body(entry, &mut text);
        // Where a built-in entry comes from, in a reader's words ("§13" alone names no document); a
        // project glossary's entry already names its file and line.
        if entry.origin != Origin::User {
            let mut source = entry.origin.described().chars();
            let first = source.next().map(|c| c.to_uppercase().collect::<String>());
            text.paragraph()
                .push((Style::Italic, first.unwrap_or_default() + source.as_str()));
        }
    }
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: if markdown {
                MarkupKind::Markdown
            } else {
                MarkupKind::PlainText
            },
            value: text.render(markdown),
        }),
        range: Some(range),
    }))
}

/// The text of a snapshot at a byte range, for [`crate::analysis::meanings::Document`]: borrowed
/// where the range lies in one chunk of the rope (nearly always: a term is a few words), copied
/// where it spans two.
pub fn written_in<'r>(rope: &'r Rope) -> impl Fn(&Range<usize>) -> Option<Cow<'r, str>> + 'r {
    move |range| {
        let slice = rope.get_byte_slice(range.clone())?;
        Some(match slice.as_str() {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(slice.to_string()),
        })
    }
}

/// What the snapshot's document says about the glossary's entries, as the meanings of its acronyms
/// are told apart: build it once per request and ask [`meanings_in`] for every acronym (it reads
/// the document the first time one of several meanings asks).
pub fn meanings_document<'d, 't>(
    snapshot: &'d Snapshot,
    written: &'d Written<'t>,
) -> meanings::Document<'d, 't> {
    meanings::Document::new(
        snapshot.project.glossary.entries().len(),
        &snapshot.analysis.terms,
        &snapshot.analysis.acronyms,
        written,
    )
}

/// The meanings the acronym of `entry` may have in the snapshot's document
/// ([`meanings::in_context`]): `entry` alone unless the glossary gives it several.
pub fn meanings_in<'e>(
    snapshot: &'e Snapshot,
    document: &meanings::Document,
    entry: &'e Entry,
) -> Vec<&'e Entry> {
    meanings::in_context(
        entry,
        snapshot.project.glossary.entries(),
        snapshot.project.engine().index(),
        document,
    )
}

/// What another file of the project spells an acronym out as, when the document does not and its
/// fix writes that file's words rather than the glossary's: the `acronym-not-spelled-out` finding's
/// expansion when no glossary entry of the acronym has it
/// ([`crate::analysis::across::in_project_words`] put it there).
fn in_project_words(analysis: &Analysis, entries: &[Entry], acronym: &str) -> Option<String> {
    let expansion = analysis
        .findings
        .iter()
        .find(|f| f.code == crate::analysis::Code::AcronymNotSpelledOut && f.acronym == acronym)?
        .expansion
        .as_deref()?;
    let glossarys = entries.iter().any(|e| {
        e.acronym.as_deref() == Some(acronym) && e.expansion.as_deref() == Some(expansion)
    });
    (!glossarys).then(|| expansion.to_string())
}
