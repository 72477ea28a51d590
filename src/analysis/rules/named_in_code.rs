//! The names a document writes in code right after their long form, one word per letter: "* odds
//! ratio preference optimisation `orpo`" in a list of a tool's tasks tells the reader what the ORPO of
//! "(SFT, DPO, ORPO, etc)" stands for, in whatever spelling ("optimisation") the glossary's expansion
//! does not match (`acronym-not-spelled-out` asks). Read as far as the acronyms that ask need: only
//! a code span that closes before an acronym's first use counts, and first uses stand early in a
//! document, so most of a long one is never read. What was read is kept for the next analysis of
//! the document ([`KeptNames`]): the same spans are asked about after every keystroke.
//!
//! # Why a kept reading is exact
//!
//! Whether a code span names something after its long form is read from its own line alone: the
//! byte before its opening backtick, its name up to the closing one (a name holds no whitespace),
//! and the words before it back to the line's start. So each span's answer depends on the bytes from
//! the newline before its line to the newline that ends it. An edit changes bytes
//! `start..old_end` of the last text into `start..new_end` of the next ([`Edited`]); before and
//! after them the texts are equal. A span on a line that ends before `start` reads the same bytes
//! in both texts, and so does one on a line that starts after the first newline at or after
//! `new_end` (moved by the edit's length). Only the spans that open on the lines between are read
//! again. Debug builds compare every answer with a fresh reading of the text.

use std::cell::RefCell;
use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::analysis::prose::Edited;

/// The code spans of a text that name something after its long form, read as far as asked.
pub(in crate::analysis) struct NamedInCode<'a> {
    text: &'a str,
    read: RefCell<NamesRead>,
}

/// What a [`NamedInCode`] has read.
#[derive(Debug, Default)]
struct NamesRead {
    /// The spans that open before `to` are read.
    to: usize,
    /// Those of them that name something after its long form, in order.
    found: Vec<Found>,
    /// Lower-case name → the closing backtick of its first span in `found`.
    first: FxHashMap<Box<str>, usize>,
}

/// A code span that names something after its long form.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    /// Its opening backtick.
    open: usize,
    /// Its closing backtick.
    close: usize,
    /// Its name, in lower case.
    name: Box<str>,
}

impl NamesRead {
    /// Reads the spans that open in `opens`, which start where the spans read so far end.
    fn read(&mut self, text: &str, opens: Range<usize>) {
        let known = self.found.len();
        names_in_code_after_their_long_form(text, opens.clone(), &mut self.found);
        self.to = self.to.max(opens.end);
        for found in self.found.iter().skip(known) {
            self.first.entry(found.name.clone()).or_insert(found.close);
        }
    }

    /// Read from `found` alone, up to `to`.
    fn of(found: Vec<Found>, to: usize) -> NamesRead {
        let mut first = FxHashMap::default();
        for f in &found {
            first.entry(f.name.clone()).or_insert(f.close);
        }
        NamesRead { to, found, first }
    }
}

impl<'a> NamedInCode<'a> {
    /// Nothing read yet of `text`.
    #[cfg(test)]
    fn new(text: &'a str) -> NamedInCode<'a> {
        NamedInCode {
            text,
            read: RefCell::default(),
        }
    }

    /// Whether the document names `acronym` so, in a code span that closes before `before`. A span
    /// that closes before it opens before it: the spans read so far hold the first one if it does
    /// (a span opens at or after the close of every span before it: the first to open closes first).
    pub(in crate::analysis) fn before(&self, acronym: &str, before: usize) -> bool {
        let letters = acronym.bytes().filter(u8::is_ascii_alphabetic).count();
        if letters < 2 {
            return false;
        }
        let mut read = self.read.borrow_mut();
        if read.to < before {
            let from = read.to;
            read.read(self.text, from..before);
        }
        let lower = acronym.to_ascii_lowercase();
        let named = read
            .first
            .get(lower.as_str())
            .is_some_and(|&close| close < before);
        debug_assert_eq!(
            named,
            {
                let mut fresh = Vec::new();
                names_in_code_after_their_long_form(self.text, 0..before, &mut fresh);
                fresh.iter().any(|f| *f.name == *lower && f.close < before)
            },
            "a kept reading of code spans is a fresh one (`{acronym}` before {before})"
        );
        named
    }

    /// What was read, for the next analysis.
    pub(in crate::analysis) fn into_kept(self) -> KeptNames {
        let NamesRead { to, found, .. } = self.read.into_inner();
        KeptNames { to, found }
    }
}

/// What the last analysis of a document read of its code spans, kept for the next.
#[derive(Debug, Default)]
pub(in crate::analysis) struct KeptNames {
    to: usize,
    found: Vec<Found>,
}

impl KeptNames {
    /// The code spans of `text`, which `edited` made of the text these were read from (`None`:
    /// another text, nothing read).
    pub(in crate::analysis) fn start<'t>(
        &mut self,
        text: &'t str,
        edited: Option<Edited>,
    ) -> NamedInCode<'t> {
        let last = std::mem::take(self);
        let read = match edited {
            Some(edited) => last.after(text, edited),
            None => NamesRead::default(),
        };
        debug_assert_eq!(
            read.found,
            {
                let mut fresh = Vec::new();
                names_in_code_after_their_long_form(text, 0..read.to, &mut fresh);
                fresh
            },
            "the spans kept across an edit are those a fresh reading finds"
        );
        NamedInCode {
            text,
            read: RefCell::new(read),
        }
    }

    /// What of this reading still holds in `text`, which `edited` made of its text, and the lines
    /// the edit touched read again where the spans read reach past them (see the module's comment).
    fn after(self, text: &str, edited: Edited) -> NamesRead {
        let Edited {
            start,
            old_end,
            new_end,
        } = edited;
        let bytes = text.as_bytes();
        // The lines the edit touched, in the next text: from the start of the line that holds
        // `start` to the newline at or after `new_end`, that newline included.
        let lo = memchr::memrchr(b'\n', bytes.get(..start).unwrap_or_default())
            .map_or(0, |newline| newline + 1);
        let hi = memchr::memchr(b'\n', bytes.get(new_end..).unwrap_or_default())
            .map_or(text.len(), |newline| new_end + newline + 1);
        let KeptNames { to, found } = self;
        if to <= lo {
            return NamesRead::of(found, to);
        }
        let mut found = found;
        // The spans read after the edited lines, in the last text: those opening at or after the
        // end of the edited lines (`hi`), moved by the edit's length.
        let after_at = found.partition_point(|f| f.open + new_end < hi + old_end);
        let after: Vec<Found> = found
            .drain(after_at..)
            .map(|f| Found {
                open: f.open + new_end - old_end,
                close: f.close + new_end - old_end,
                name: f.name,
            })
            .collect();
        found.truncate(found.partition_point(|f| f.open < lo));
        if to + new_end <= hi + old_end {
            // Read no further than the edited lines: read on from them when asked.
            return NamesRead::of(found, lo);
        }
        names_in_code_after_their_long_form(text, lo..hi, &mut found);
        found.extend(after);
        NamesRead::of(found, to + new_end - old_end)
    }
}

/// Every `` `name` `` (one word of two letters or more, one backtick on either side) that opens in
/// `opens`, whose words just before it, on its line, are one lower-case word per letter of the name,
/// each starting with it, in order: pushed to `found`, in order.
fn names_in_code_after_their_long_form(
    text: &str,
    opens: std::ops::Range<usize>,
    found: &mut Vec<Found>,
) {
    let bytes = text.as_bytes();
    let from = opens.start;
    let within = bytes
        .get(from..opens.end.min(bytes.len()))
        .unwrap_or_default();
    for open in memchr::memchr_iter(b'`', within).map(|at| from + at) {
        if open.checked_sub(1).and_then(|b| bytes.get(b)) == Some(&b'`') {
            continue;
        }
        let name_len = bytes
            .get(open + 1..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b != b'`' && !b.is_ascii_whitespace())
            .count();
        let name_end = open + 1 + name_len;
        if name_len == 0 || bytes.get(name_end) != Some(&b'`') {
            continue;
        }
        let name = text.get(open + 1..name_end).unwrap_or_default();
        // The name's letters, in lower case, last first (read in step with the words before it).
        let letters = || {
            name.bytes()
                .rev()
                .filter(u8::is_ascii_alphabetic)
                .map(|b| b.to_ascii_lowercase())
        };
        if letters().nth(1).is_none()
            || !letters()
                .next()
                .is_some_and(|last| may_start_with(bytes, open, last))
        {
            continue;
        }
        let line_start = memchr::memrchr(b'\n', bytes.get(..open).unwrap_or_default())
            .map_or(0, |newline| newline + 1);
        // The line's last words, read backwards one per letter and only as far as they match: a long
        // line with many code spans would cost its square if each span split the whole line.
        let mut words = text
            .get(line_start..open)
            .unwrap_or_default()
            .rsplit(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty());
        let spells_it = letters().all(|letter| {
            words.next().is_some_and(|word| {
                word.bytes().all(|b| b.is_ascii_lowercase())
                    && word.as_bytes().first() == Some(&letter)
            })
        });
        if spells_it {
            found.push(Found {
                open,
                close: name_end,
                name: name.to_ascii_lowercase().into(),
            });
        }
    }
}

/// Whether the last word before `open` on its line may be one the long form of a code span's name
/// ends with: written in lower-case ASCII and starting with `letter`, the name's last. Read bytes
/// back from the backtick, as far as that word: most code spans of a document follow another word
/// ("use `foo`"), and this spares splitting their lines. A byte outside ASCII may belong to a
/// separator (a no-break space): such a word may be one, and is read as characters.
fn may_start_with(bytes: &[u8], open: usize, letter: u8) -> bool {
    // What `char::is_whitespace` and the hyphen split words by, in ASCII, but the line's end.
    let separates = |b: u8| matches!(b, b' ' | b'\t' | b'\x0b' | b'\x0c' | b'\r' | b'-');
    let back = bytes
        .get(..open)
        .unwrap_or_default()
        .iter()
        .rev()
        .copied()
        .skip_while(|&b| separates(b));
    let mut first = None;
    for b in back {
        if b.is_ascii_lowercase() {
            first = Some(b);
        } else if separates(b) || b == b'\n' {
            break;
        } else {
            return !b.is_ascii();
        }
    }
    first == Some(letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_code_after_their_long_form_are_read_once_by_name() {
        let text =
            "Tasks:\n* supervised fine-tuning `sft`\n* odds ratio preference optimisation `orpo`\n\
                    * `dpo` alone, and ``orpo`` in double backticks\n(SFT, DPO, ORPO, etc)\n";
        let mut found = Vec::new();
        names_in_code_after_their_long_form(text, 0..text.len(), &mut found);
        let names: Vec<&str> = found.iter().map(|f| &*f.name).collect();
        assert_eq!(names, ["sft", "orpo"]);
        let named = NamedInCode::new(text);
        let use_at = text.find("(SFT").expect("use");
        assert!(named.before("ORPO", use_at) && named.before("SFT", use_at));
        assert!(!named.before("DPO", use_at), "no long form before `dpo`");
        let orpo_close = text.find("`orpo`").expect("orpo") + "`orpo".len();
        assert!(
            !named.before("ORPO", orpo_close),
            "only a code span closed before the use"
        );
        // Read only as far as asked: a later question reads on.
        let named = NamedInCode::new(text);
        assert!(!named.before("ORPO", orpo_close) && !named.before("SFT", 10));
        assert!(named.before("ORPO", use_at) && named.before("SFT", use_at));
    }

    /// Every insertion of a few characters at every place, and every removal of one to three
    /// characters, of texts with spans that name something and spans that do not, read as far as
    /// each place: what is kept is what a fresh reading finds (`KeptNames::start` asserts it), and
    /// every answer is a fresh one (`NamedInCode::before` asserts it).
    #[test]
    fn a_kept_reading_is_a_fresh_one_after_any_edit() {
        let texts = [
            "low rank `lr` and\nkey value `kv`\nthe `x` `kv` end",
            "a b `ab`\n\nc d `cd`",
            "no spans here\nat all",
            "é key value `kv` é\nkey value `kv`",
        ];
        for last in texts {
            let bounds: Vec<usize> = (0..=last.len())
                .filter(|&i| last.is_char_boundary(i))
                .collect();
            let mut edits: Vec<(usize, usize, &str)> = Vec::new();
            for &at in &bounds {
                for insert in ["`", "k", " ", "\n", "é", "-", "v `kv`"] {
                    edits.push((at, at, insert));
                }
                for &end in bounds.iter().filter(|&&end| end > at).take(3) {
                    edits.push((at, end, ""));
                    edits.push((at, end, "`"));
                }
            }
            for &to in &bounds {
                for &(start, old_end, insert) in &edits {
                    let mut read = NamesRead::default();
                    read.read(last, 0..to);
                    let mut kept = NamedInCode {
                        text: last,
                        read: RefCell::new(read),
                    }
                    .into_kept();
                    let next = format!("{}{insert}{}", &last[..start], &last[old_end..]);
                    let edited = Edited {
                        start,
                        old_end,
                        new_end: start + insert.len(),
                    };
                    let named = kept.start(&next, Some(edited));
                    for before in [0, next.len() / 2, next.len()] {
                        named.before("KV", before);
                        named.before("LR", before);
                    }
                }
            }
        }
    }
}
