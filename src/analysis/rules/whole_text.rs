//! Searches of a document's whole text (is a token written in lower case, capitalised, or as a
//! path's segment anywhere?), remembered from one analysis of the document to the next. Each costs
//! ~0.2 M instructions on a 1 MB document, and the same few tokens ask them on every keystroke.
//!
//! # Why a remembered answer is exact
//!
//! A search asks whether its pattern stands somewhere in the text as its test wants, and the test
//! reads no more than [`CONTEXT`] bytes either side of the pattern. The reading says where the
//! text changed since the last one ([`Edit`]: each of its windows, bytes `old` of the last text
//! became bytes `new` of the next); between them the texts are equal, moved by the windows before.
//! So a place found in the last text at least `CONTEXT` bytes away from every changed stretch is
//! still one (moved by the windows before it), and a place in the next text that was not one in
//! the last must meet a changed stretch or lie within `CONTEXT` of one: where the last text had
//! none, only those stretches of the next are searched (after a burst of edits at many places, a
//! few hundred bytes around each window, not the whole text from the first edit to the last). Any
//! other answer is searched afresh. Debug builds compare every answer with a fresh search of the
//! whole text.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::named_in_code::{KeptNames, NamedInCode};
use crate::analysis::prose::{Edit, Moved};

/// How many bytes either side of its pattern a search's test may read: a character's (at most 4).
const CONTEXT: usize = 8;

/// A search of the whole text: where `pattern` stands, and whether it counts there
/// (`stands(text, at)` for the pattern at bytes `at`, reading at most [`CONTEXT`] bytes either
/// side of them).
pub(super) struct Search<'p> {
    /// Names the test: with the pattern, the key an answer is remembered by.
    pub name: &'static str,
    pub pattern: &'p str,
    pub stands: fn(&str, Range<usize>) -> bool,
}

impl Search<'_> {
    /// The first place in `text` where the pattern starts at or after `from`, ends by `to` and
    /// stands. Every occurrence is tried, overlapping ones too, so that where the search starts
    /// does not change what it finds.
    fn first_in(&self, text: &str, from: usize, to: usize) -> Option<usize> {
        let haystack = text.as_bytes().get(from..to)?;
        let finder = memchr::memmem::Finder::new(self.pattern.as_bytes());
        let mut at = 0;
        while let Some(found) = haystack.get(at..).and_then(|rest| finder.find(rest)) {
            let place = from + at + found;
            if (self.stands)(text, place..place + self.pattern.len()) {
                return Some(place);
            }
            at += found + 1;
        }
        None
    }
}

type Answers = FxHashMap<(&'static str, Box<str>), Option<usize>>;

/// The answers of the last analysis of one document, kept for the next.
#[derive(Debug, Default)]
pub struct KeptSearches {
    /// The [`crate::analysis::prose::Reading::id`] of the text they are of; 0 for none.
    reading: u64,
    /// Per search and pattern, a place in that text where it stands, or none.
    answers: Answers,
    /// The code spans read in that text that name something after its long form.
    names: KeptNames,
}

impl KeptSearches {
    /// The searches of `text`, read as a reading that `moved` says it was spliced from, with
    /// `edits` its windows ([`crate::analysis::prose::Reading::edits`]): the kept answers serve
    /// when they are of that reading's text.
    pub(in crate::analysis) fn start<'t>(
        &mut self,
        text: &'t str,
        moved: Option<Moved>,
        edits: &'t [Edit],
    ) -> Searches<'t> {
        let moved = moved.filter(|m| self.reading != 0 && m.from == self.reading);
        self.reading = 0;
        Searches {
            text,
            last: std::mem::take(&mut self.answers),
            edits: moved.map(|_| edits),
            answers: Answers::default(),
            names: self.names.start(text, moved.map(|m| m.edited)),
        }
    }

    /// Keeps the answers of `searches`, made of the text of the reading with id `reading`. Only
    /// what this analysis asked is kept: what it did not ask, the next seldom does.
    pub(in crate::analysis) fn keep(&mut self, searches: Searches<'_>, reading: u64) {
        self.reading = reading;
        self.answers = searches.answers;
        self.names = searches.names.into_kept();
    }
}

/// The searches of one analysis: the last analysis's answers, where the text changed since, and
/// the answers given so far.
pub struct Searches<'t> {
    text: &'t str,
    last: Answers,
    /// Where the text changed since the last analysis's, when its answers serve.
    edits: Option<&'t [Edit]>,
    answers: Answers,
    /// The code spans that name something after its long form, read on from the last analysis's.
    names: NamedInCode<'t>,
}

impl<'t> Searches<'t> {
    /// The code spans of the text that name something after its long form.
    pub(super) fn named_in_code(&self) -> &NamedInCode<'t> {
        &self.names
    }

    /// Whether `search`'s pattern stands anywhere in the text.
    pub(super) fn holds(&mut self, search: &Search<'_>) -> bool {
        let text = self.text;
        let key = (search.name, Box::from(search.pattern));
        let found = match (self.last.get(&key), self.edits) {
            (Some(&last), Some(edits)) => again(text, search, last, edits),
            _ => search.first_in(text, 0, text.len()),
        };
        debug_assert_eq!(
            found.is_some(),
            search.first_in(text, 0, text.len()).is_some(),
            "a remembered answer is a fresh search's ({} `{}`)",
            search.name,
            search.pattern
        );
        self.answers.insert(key, found);
        found.is_some()
    }
}

/// Where `search` stands in `text`, which `edits` (in order, apart) made of a text where it
/// stood at `last`.
fn again(text: &str, search: &Search<'_>, last: Option<usize>, edits: &[Edit]) -> Option<usize> {
    let reach = search.pattern.len() + CONTEXT;
    match last {
        Some(at) => {
            // The windows that end `CONTEXT` bytes or more before the place, and the first after.
            let before = edits.partition_point(|e| e.old.end + CONTEXT <= at);
            if edits.get(before).is_some_and(|e| e.old.start < at + reach) {
                return search.first_in(text, 0, text.len());
            }
            let moved = before
                .checked_sub(1)
                .and_then(|k| edits.get(k))
                .map_or(0, |e| e.new.end as isize - e.old.end as isize);
            Some((at as isize + moved) as usize)
        }
        None => edits.iter().find_map(|e| {
            search.first_in(
                text,
                e.new.start.saturating_sub(reach),
                (e.new.end + reach).min(text.len()),
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stands with no letter or digit (or a character outside ASCII) either side, as the
    /// lower-case test of `undefined-acronym` reads.
    fn word(text: &str, at: Range<usize>) -> bool {
        let joins = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let before = text.get(..at.start).and_then(|b| b.chars().next_back());
        let after = text.get(at.end..).and_then(|a| a.chars().next());
        !joins(before) && !joins(after)
    }

    /// The edits of one text this test makes: every insertion of a few characters at every place,
    /// and every removal of one to three characters, as (start, end, inserted).
    fn edits_of(last: &str) -> Vec<(usize, usize, String)> {
        let bounds: Vec<usize> = (0..=last.len())
            .filter(|&i| last.is_char_boundary(i))
            .collect();
        let mut edits = Vec::new();
        for &at in &bounds {
            for insert in ["a", "b", "c", " ", "x", "é", "abc", " abc "] {
                edits.push((at, at, insert.to_string()));
            }
            for &end in bounds.iter().filter(|&&end| end > at).take(3) {
                edits.push((at, end, String::new()));
                edits.push((at, end, "abc".to_string()));
            }
        }
        edits
    }

    const TEXTS: [&str; 5] = [
        "x abc y",
        "xabc abcé abc",
        "abcabc é xx",
        "no such word",
        "é abc",
    ];

    fn search() -> Search<'static> {
        Search {
            name: "word",
            pattern: "abc",
            stands: word,
        }
    }

    /// The kept answer after `edits` of `last` is the fresh one of `next`.
    fn assert_kept(last: &str, next: &str, edits: &[Edit]) {
        let search = search();
        let answer = search.first_in(last, 0, last.len());
        let kept = again(next, &search, answer, edits);
        let fresh = search.first_in(next, 0, next.len());
        assert_eq!(kept.is_some(), fresh.is_some(), "{last:?} → {next:?}");
        if let Some(at) = kept {
            assert!(word(next, at..at + 3) && next.get(at..at + 3) == Some("abc"));
        }
    }

    /// Every edit of a text that holds the pattern standing and not: the kept answer is the
    /// fresh one.
    #[test]
    fn a_kept_answer_is_a_fresh_search_after_any_edit() {
        for last in TEXTS {
            for (start, old_end, insert) in edits_of(last) {
                let next = format!("{}{insert}{}", &last[..start], &last[old_end..]);
                let edit = Edit {
                    old: start..old_end,
                    new: start..start + insert.len(),
                };
                assert_kept(last, &next, &[edit]);
            }
        }
    }

    /// Two edits at once, one in each of two texts joined by a stretch that holds the pattern or
    /// not: the place kept moves by the first edit only when it lies after it.
    #[test]
    fn a_kept_answer_is_a_fresh_search_after_edits_at_two_places() {
        for gap in ["            ", "      abc       "] {
            for (a, b) in TEXTS.iter().flat_map(|a| TEXTS.iter().map(move |b| (a, b))) {
                let last = format!("{a}{gap}{b}");
                let offset = a.len() + gap.len();
                let seconds: Vec<_> = edits_of(b).into_iter().step_by(5).collect();
                for (start, old_end, insert) in edits_of(a).into_iter().step_by(3) {
                    let first = format!("{}{insert}{}", &a[..start], &a[old_end..]);
                    for (s2, e2, i2) in &seconds {
                        let second = format!("{}{i2}{}", &b[..*s2], &b[*e2..]);
                        let next = format!("{first}{gap}{second}");
                        let shift = first.len() as isize - a.len() as isize;
                        let at = (offset as isize + shift) as usize;
                        let edits = [
                            Edit {
                                old: start..old_end,
                                new: start..start + insert.len(),
                            },
                            Edit {
                                old: offset + s2..offset + e2,
                                new: at + s2..at + s2 + i2.len(),
                            },
                        ];
                        assert_kept(&last, &next, &edits);
                    }
                }
            }
        }
    }
}
