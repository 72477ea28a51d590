//! The term matcher: one Aho-Corasick automaton over every surface form of every entry.
//!
//! aho-corasick knows nothing of words. A leftmost-longest search that then rejects a match for its
//! word boundaries loses the shorter valid match at the same spot (aho-corasick issue #73: "cache" inside
//! "caches" hides nothing, but "KV cache" rejected in "KV caches" would hide "KV cache" itself if the
//! plural were not a pattern). So the search is overlapping: every candidate is reported, candidates that
//! do not start and end on word boundaries or fail their case rule are dropped, and the survivors are
//! resolved leftmost-longest.
//!
//! Matching ignores ASCII case. Rather than asking aho-corasick to (which adds a transition for each
//! case of every letter, doubling the automaton's transitions and the time to build them), patterns
//! are folded to ASCII lower case when the automaton is built and the text when it is searched: the
//! fold keeps every byte offset, so matches point into the text as written. Spellings that fold to one
//! pattern ("PI", "Pi") keep their own targets, as separate patterns did.
//!
//! The fold also writes hyphens as spaces: most forms come with both ("chain-of-thought", "chain of
//! thought"; "KV cache", "KV-cache"), and one pattern for both leaves the automaton 40% fewer
//! patterns to build (it was two thirds of a cold start). A match then counts only for the spellings
//! that are the text as written, ignoring ASCII case only, so "chain-of thought", which no form
//! spells, matches nothing, as before.
//!
//! The fold goes further and writes every character that is not a word character (see
//! [`on_word_boundaries`]) as spaces, one per byte, and each pattern is searched with a space either
//! side, the text with a space before and after it. So the automaton itself finds a form only where
//! it starts and ends on word boundaries: "rl" inside "world" or "ai" inside "maintain" is never a
//! candidate. The overlapping scan reported about six times as many candidates as survived their
//! boundaries, and handing each one back was a quarter of its cost (docs/performance.md, session
//! 10). The text's offsets are the fold's less one, for the space before it.
//! Forms that differ only in such characters ("node.js", "node js") then share a pattern, and are told
//! apart as hyphens and spaces are, by the spelling as written.

use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::glossary::builtin::prebuilt_forms;
use crate::glossary::forms::{
    has_inner_capital, in_mixed_case, surface_forms, wrong_forms, FormRole, SurfaceForm,
};
use crate::glossary::Entry;
use crate::text::slice::Slice;

/// Who a pattern stands for. One text can stand for several entries ("PI" could be two things).
#[derive(Debug, Clone)]
struct Target {
    entry: usize,
    role: FormRole,
    plural: bool,
    case_sensitive: bool,
    /// A spelling the glossary calls wrong for the entry ("Pytorch"): it matches only as written.
    wrong: bool,
    /// The entry names a thing (a product, a model, a library), whose spelling is its own.
    names_a_thing: bool,
}

impl Target {
    /// Whether this target accepts `written`, a spelling other than its own `spelling` that differs
    /// only in ASCII case. A wrong form accepts only itself. A case-sensitive form accepts a title
    /// written in Title Case: its words in capitals or with inner capitals as they are, a word in
    /// lower case with its first letter capitalised ("## Paged KV Cache", "the LM Head"), which is
    /// still the term, not some other thing.
    fn accepts(&self, written: &str, spelling: &str) -> bool {
        !self.wrong && (!self.case_sensitive || is_title_case_of(written, spelling))
    }
}

/// Whether `written` is `spelling` with some of its words in lower case capitalised, and nothing
/// else changed (the two are known to be equal ignoring ASCII case).
fn is_title_case_of(written: &str, spelling: &str) -> bool {
    // Equal ignoring ASCII case, the two have their words at the same places.
    let words = |s| str::split(s, |c: char| !c.is_alphanumeric());
    written.len() == spelling.len()
        && words(written).zip(words(spelling)).all(|(w, s)| {
            w == s || {
                let mut letters = s.chars();
                let mut title = w.chars();
                letters.next().is_some_and(|c| c.is_ascii_lowercase())
                    && title.next().is_some_and(|c| c.is_ascii_uppercase())
                    && letters.all(|c| !c.is_uppercase())
                    && title.eq(s.chars().skip(1))
            }
        })
}

/// Whether `written` is `spelling`, an acronym in mixed case ("QLoRA", "RoPE"), with other capitals
/// inside but the same first character: both known to be equal ignoring ASCII case.
fn mixed_case_acronym_miscapitalised(written: &str, spelling: &str) -> bool {
    in_mixed_case(spelling) && written.bytes().next() == spelling.bytes().next()
}

/// A term found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermMatch {
    pub range: Range<usize>,
    /// Index into the glossary's entries.
    pub entry: usize,
    pub role: FormRole,
    pub plural: bool,
    /// Written in a spelling the glossary calls wrong for the entry ("Pytorch" for PyTorch).
    pub wrong_form: bool,
}

#[derive(Debug, Clone)]
pub struct TermMatcher {
    automaton: Option<AhoCorasick>,
    /// By pattern (a folded string the automaton looks for, see [`fold`]): each spelling that folds
    /// to it, as the forms write it, in the order they were first met, with who it stands for.
    patterns: Vec<Vec<(Cow<'static, str>, Vec<Target>)>>,
    /// The folded strings, by pattern.
    folded: Vec<Vec<u8>>,
}

/// How much text a matcher will scan, which decides how its automaton is built; the matches are the
/// same either way. A contiguous NFA scans faster, but is built from a noncontiguous one: for a
/// little text (a `check` of a few files) the build is most of the run, and the noncontiguous NFA
/// alone costs 9% fewer instructions and 8% fewer page faults for a cold `check` of a 20 KB file
/// (docs/performance.md, session 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Volume {
    Little,
    #[default]
    Much,
}

impl Volume {
    fn automaton_kind(self) -> AhoCorasickKind {
        match self {
            Volume::Little => AhoCorasickKind::NoncontiguousNFA,
            Volume::Much => AhoCorasickKind::ContiguousNFA,
        }
    }
}

impl TermMatcher {
    pub fn new(entries: &[Entry]) -> TermMatcher {
        TermMatcher::for_volume(entries, Volume::Much)
    }

    /// A matcher whose automaton suits scanning `volume` of text.
    pub fn for_volume(entries: &[Entry], volume: Volume) -> TermMatcher {
        let mut patterns = Patterns::default();
        for (entry_index, forms) in every_entrys_forms(entries).into_iter().enumerate() {
            for form in forms.iter() {
                let target = Target {
                    entry: entry_index,
                    role: form.role,
                    plural: form.plural,
                    case_sensitive: form.case_sensitive,
                    wrong: false,
                    names_a_thing: entries
                        .get(entry_index)
                        .is_some_and(|e| e.kind == crate::glossary::Kind::Name),
                };
                patterns.add(form.text.clone(), target);
            }
        }
        for (entry_index, entry) in entries.iter().enumerate() {
            for wrong in wrong_forms(entry) {
                // A spelling some entry accepts is never wrong: a generated one yields to every entry,
                // one the data lists only to other entries (it may override its own entry's generated
                // variants: "Hugging-Face").
                let yields = if wrong.generated {
                    // A common acronym in capitals ("TFLOPS") is its own thing, not a name shouted.
                    // A spelling with capitals inside ("LLaMa" of "LLaMA") yields only to a form
                    // spelled so: a form in any case ("Llama") accepts it only because matching
                    // ignores case, and nobody writes "Llama" as "LLaMa".
                    let accepted = if has_inner_capital(&wrong.text) {
                        patterns.accepting(&wrong.text).next().is_some()
                            && patterns.spelled(&wrong.text)
                    } else {
                        patterns.accepting(&wrong.text).next().is_some()
                    };
                    accepted || super::tokens::common_acronyms().contains(wrong.text.as_str())
                } else {
                    patterns
                        .accepting(&wrong.text)
                        .any(|other| other != entry_index)
                };
                if yields {
                    continue;
                }
                let target = Target {
                    entry: entry_index,
                    role: FormRole::Name,
                    plural: false,
                    case_sensitive: true,
                    wrong: true,
                    names_a_thing: entry.kind == crate::glossary::Kind::Name,
                };
                patterns.add(Cow::Owned(wrong.text), target);
            }
        }
        // No prefilter: every pattern starts with a space, which the text is full of.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .kind(Some(volume.automaton_kind()))
            .build(&patterns.folded)
            .ok();
        // Kept as long as the glossary, so at their lengths: most patterns have one spelling, in a
        // vector that its first push made room for four in (about 1 MB of the built-in glossary's
        // patterns; docs/performance.md, session 25).
        let mut spellings = patterns.spellings;
        spellings.iter_mut().for_each(Vec::shrink_to_fit);
        spellings.shrink_to_fit();
        let mut folded = patterns.folded;
        folded.shrink_to_fit();
        TermMatcher {
            automaton,
            patterns: spellings,
            folded,
        }
    }

    /// How many distinct strings the automaton looks for.
    pub fn pattern_count(&self) -> usize {
        self.folded.len()
    }

    /// The patterns (folded: see [`fold`]), for benchmarks that compare against a bare automaton.
    pub fn pattern_texts(&self) -> impl Iterator<Item = &[u8]> {
        self.folded.iter().map(Vec::as_slice)
    }

    /// All terms in `text`, leftmost-longest, none overlapping, sorted by start.
    pub fn find(&self, text: &str) -> Vec<TermMatch> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let folded = fold(text);
        let mut candidates: Vec<TermMatch> = Vec::new();
        for found in automaton.find_overlapping_iter(&folded) {
            // Without the spaces either side; the text's offsets are the fold's less the one before.
            let range = found.start()..found.end().saturating_sub(2);
            // A form that ends in characters that are not word characters ("C++") can end inside a
            // longer one of the text, whose bytes fold to as many spaces ("C😀"): not its spelling.
            let Some(written) = text.get(range.clone()) else {
                continue;
            };
            debug_assert!(on_word_boundaries(text, &range), "{range:?} in {text:?}");
            let Some(spellings) = self.patterns.get(found.pattern().as_usize()) else {
                continue;
            };
            let before = candidates.len();
            for (spelling, targets) in spellings {
                let exact = written == spelling;
                if !exact && !written.eq_ignore_ascii_case(spelling) {
                    continue; // folds as the text does, but is not the text ("KV cache" for "KV-cache")
                }
                // A wrong form matches only as written, and then it is what the data says it is.
                let best = targets
                    .iter()
                    .filter(|t| exact || t.accepts(written, spelling))
                    .min_by_key(|t| {
                        (
                            !t.wrong,
                            t.role != FormRole::Acronym || !t.case_sensitive,
                            t.role,
                            t.entry,
                        )
                    });
                if let Some(target) = best {
                    candidates.push(TermMatch {
                        range: range.clone(),
                        entry: target.entry,
                        role: target.role,
                        plural: target.plural,
                        wrong_form: target.wrong,
                    });
                }
            }
            // A name written with capitals inside that none of its spellings has, and that no
            // spelling accepts ("NiXL" for NIXL, "TensorRT-llm"), is the name misspelled: its letters
            // and their order are the name's, and capitals inside a word are never chance. So is an
            // acronym the glossary writes in mixed case, written with other capitals inside but the
            // same first letter ("QloRA" for QLoRA, "RoPe" for RoPE). An acronym in capitals is
            // left alone: "mAP" is not MAP misspelled (writers use both).
            if candidates.len() == before && has_inner_capital(written) {
                let misspelled = spellings
                    .iter()
                    .filter(|(spelling, _)| written.eq_ignore_ascii_case(spelling))
                    .flat_map(|(spelling, targets)| targets.iter().map(move |t| (spelling, t)))
                    .filter(|(spelling, t)| {
                        t.case_sensitive
                            && !t.wrong
                            && (t.names_a_thing
                                || mixed_case_acronym_miscapitalised(written, spelling))
                    })
                    .map(|(_, t)| t)
                    .min_by_key(|t| (t.role, t.entry));
                if let Some(target) = misspelled {
                    candidates.push(TermMatch {
                        range: range.clone(),
                        entry: target.entry,
                        role: FormRole::Name,
                        plural: false,
                        wrong_form: true,
                    });
                }
            }
        }
        // At one place a wrong form comes first: it is there only where no other spelling of the
        // text, as written, is right (see the yielding in `for_volume`).
        candidates.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end), !m.wrong_form));
        let mut chosen: Vec<TermMatch> = Vec::with_capacity(candidates.len());
        for candidate in candidates {
            if chosen
                .last()
                .is_none_or(|last| candidate.range.start >= last.range.end)
            {
                chosen.push(candidate);
            }
        }
        chosen
    }
}

/// Glossaries with at least this many entries whose forms must be made have them made on two threads.
const PARALLEL_FORMS: usize = 256;

/// The surface forms of each entry, in entry order. Those of a built-in entry were made by the build
/// script; the others are made here. When there are many (a large project glossary: making them is
/// a third of the time to build its matcher), the second half is made on a second thread; without
/// one, all on this thread.
fn every_entrys_forms(entries: &[Entry]) -> Vec<Cow<'static, [SurfaceForm]>> {
    let forms_of = |part: &[Entry]| {
        part.iter()
            .map(|entry| match prebuilt_forms(entry) {
                Some(forms) => Cow::Borrowed(forms),
                None => Cow::Owned(surface_forms(entry)),
            })
            .collect::<Vec<_>>()
    };
    let to_make = entries
        .iter()
        .filter(|entry| prebuilt_forms(entry).is_none())
        .count();
    if to_make < PARALLEL_FORMS {
        return forms_of(entries);
    }
    let (first, second) = entries.split_at(entries.len() / 2);
    std::thread::scope(|scope| {
        let later = std::thread::Builder::new()
            .name("glossary-ls-forms".into())
            .spawn_scoped(scope, || forms_of(second));
        let mut forms = forms_of(first);
        match later.map(|handle| handle.join()) {
            Ok(Ok(later)) => forms.extend(later),
            _ => forms.extend(forms_of(second)),
        }
        forms
    })
}

/// The patterns as they are gathered, before the automaton is built over them.
#[derive(Default)]
struct Patterns {
    /// Folded string → its pattern number.
    index_of: FxHashMap<Vec<u8>, usize>,
    /// By pattern: each spelling that folds to it, with who it stands for (see [`TermMatcher`]).
    spellings: Vec<Vec<(Cow<'static, str>, Vec<Target>)>>,
    /// The folded strings, by pattern.
    folded: Vec<Vec<u8>>,
    /// Where `add` folds each form before looking its pattern up.
    fold_buffer: Vec<u8>,
}

impl Patterns {
    fn add(&mut self, text: Cow<'static, str>, target: Target) {
        // Folded into a buffer kept from call to call: most forms meet a pattern already there.
        let mut fold = std::mem::take(&mut self.fold_buffer);
        fold_into(&text, &mut fold);
        let at = match self.index_of.get(&fold) {
            Some(&at) => at,
            None => {
                self.folded.push(fold.clone());
                self.spellings.push(Vec::new());
                self.index_of.insert(fold.clone(), self.spellings.len() - 1);
                self.spellings.len() - 1
            }
        };
        self.fold_buffer = fold;
        let Some(spellings) = self.spellings.get_mut(at) else {
            return;
        };
        match spellings.iter_mut().find(|(written, _)| *written == text) {
            Some((_, targets)) => targets.push(target),
            None => spellings.push((text, vec![target])),
        }
    }

    /// Whether some form, of any entry, is spelled exactly `text`.
    fn spelled(&self, text: &str) -> bool {
        self.index_of
            .get(&fold(text))
            .and_then(|&at| self.spellings.get(at))
            .is_some_and(|spellings| {
                spellings
                    .iter()
                    .any(|(written, targets)| written == text && targets.iter().any(|t| !t.wrong))
            })
    }

    /// The entries whose forms accept `text` as written (a case-sensitive form written so, another
    /// form in any case), to keep a wrong form from making one of them wrong.
    fn accepting<'a>(&'a self, text: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.index_of
            .get(&fold(text))
            .and_then(|&at| self.spellings.get(at))
            .into_iter()
            .flatten()
            .filter(move |(written, _)| written.eq_ignore_ascii_case(text))
            .flat_map(move |(written, targets)| {
                targets
                    .iter()
                    .filter(move |t| !t.wrong && (written == text || t.accepts(text, written)))
            })
            .map(|t| t.entry)
    }
}

/// What the automaton looks for and searches: `text` in ASCII lower case, every byte of a character
/// that is not a word character written as a space, and a space before and after (see the module's
/// comment). Each byte of `text` is at its offset plus one.
pub fn fold(text: &str) -> Vec<u8> {
    let mut folded = Vec::new();
    fold_into(text, &mut folded);
    folded
}

/// [`fold`], into `folded` (cleared first).
fn fold_into(text: &str, folded: &mut Vec<u8>) {
    folded.clear();
    folded.reserve(text.len() + 2);
    folded.push(b' ');
    let mut rest = text;
    while !rest.is_empty() {
        // A run of ASCII at once (the text is mostly ASCII), then one longer character, decoded.
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let (run, after) = rest.split_at_checked(ascii).unwrap_or((rest, ""));
        folded.extend(run.bytes().map(fold_ascii));
        let mut chars = after.chars();
        if let Some(c) = chars.next() {
            if is_word(c) {
                folded.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            } else {
                folded.extend(std::iter::repeat_n(b' ', c.len_utf8()));
            }
        }
        rest = chars.as_str();
    }
    folded.push(b' ');
}

/// An ASCII byte folded: a word character in lower case, any other as a space.
fn fold_ascii(byte: u8) -> u8 {
    match byte {
        b'a'..=b'z' | b'0'..=b'9' | b'_' => byte,
        b'A'..=b'Z' => byte | 0x20,
        _ => b' ',
    }
}

/// A letter, a digit or an underscore: what a term may not touch either side.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `range` starts and ends on word boundaries of `text`: the characters either side are not
/// letters, digits or underscores.
pub fn on_word_boundaries(text: &str, range: &Range<usize>) -> bool {
    let before = text.slice(..range.start).chars().next_back();
    let after = text.slice(range.end..).chars().next();
    !before.is_some_and(is_word) && !after.is_some_and(is_word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::Kind;

    fn entries() -> Vec<Entry> {
        let mut kv = Entry::new("KV cache", "x");
        kv.kind = Kind::Term;
        let cache = Entry::new("cache", "x");
        let attention = Entry::new("attention", "x");
        let mha = Entry::new("multi-head attention", "x");
        let mut grpo = Entry::new("GRPO", "x");
        grpo.kind = Kind::Acronym;
        grpo.acronym = Some("GRPO".into());
        grpo.expansion = Some("Group Relative Policy Optimization".into());
        vec![kv, cache, attention, mha, grpo]
    }

    fn found(text: &str) -> Vec<(&str, usize)> {
        let matcher = TermMatcher::new(&entries());
        matcher
            .find(text)
            .into_iter()
            .map(|m| (&text[m.range], m.entry))
            .collect()
    }

    #[test]
    fn a_form_ending_in_punctuation_never_ends_inside_a_character() {
        let cpp = Entry::new("C++", "x");
        let matcher = TermMatcher::new(&[cpp]);
        // "C😀": "C" and the first bytes of the emoji fold as "C++" does; no match, no panic.
        assert!(matcher.find("C😀 and C\r\n😀").is_empty());
        let found: Vec<_> = matcher
            .find("We write C++ and C++😀.")
            .into_iter()
            .map(|m| m.range)
            .collect();
        assert_eq!(found, [9..12, 17..20]);
    }

    #[test]
    fn terms_touch_only_characters_that_are_not_word_characters() {
        // The fold, not a later check, keeps a form from starting or ending inside a word, whatever
        // the characters either side are (ASCII or not).
        assert_eq!(
            found("«attention»—attention·attentionné éattention attention_ (attention)"),
            [("attention", 2), ("attention", 2), ("attention", 2)]
        );
        assert_eq!(found("attention"), [("attention", 2)]);
    }

    #[test]
    fn either_volume_finds_the_same_terms() {
        // `check` of a few files builds the other kind of automaton: its findings must not change.
        let text = "GRPO (Group Relative Policy Optimization) fills the KV-cache; two KV caches, \
                    multi-head attention, Multi-Head-Attention, world rl.";
        let little = TermMatcher::for_volume(&entries(), Volume::Little).find(text);
        let much = TermMatcher::for_volume(&entries(), Volume::Much).find(text);
        assert_eq!(little.len(), 6, "{little:?}");
        assert_eq!(little, much);
    }

    #[test]
    fn longest_valid_match_wins() {
        assert_eq!(found("the KV cache grows"), [("KV cache", 0)]);
        assert_eq!(found("two KV caches"), [("KV caches", 0)]);
        assert_eq!(
            found("Multi-head attention and attention"),
            [("Multi-head attention", 3), ("attention", 2)]
        );
        assert_eq!(found("a cache, caches"), [("cache", 1), ("caches", 1)]);
    }

    #[test]
    fn words_and_case_rules() {
        assert_eq!(
            found("cachet GRPOs grpo GRPO's"),
            [("GRPOs", 4), ("GRPO", 4)]
        );
        assert_eq!(found("Attention!"), [("Attention", 2)]);
        assert_eq!(
            found("group relative policy optimization"),
            [("group relative policy optimization", 4)]
        );
        assert_eq!(found("kv cache"), [("cache", 1)], "KV is case-sensitive");
    }

    #[test]
    fn a_case_sensitive_term_in_title_case_is_the_term() {
        // A heading or a feature's name capitalises the words in lower case; the words in capitals
        // stay as they are.
        assert_eq!(found("## Paged KV Cache"), [("KV Cache", 0)]);
        assert_eq!(found("FP8 KV-Caches"), [("KV-Caches", 0)]);
        assert_eq!(found("Kv Cache"), [("Cache", 1)], "KV is case-sensitive");
        // Only a first letter changes; "cache" alone is in any case.
        assert_eq!(found("KV CACHE"), [("CACHE", 1)]);
        assert_eq!(found("KV cAche"), [("cAche", 1)]);
    }

    #[test]
    fn a_rejected_longer_candidate_does_not_hide_a_shorter_one() {
        // "KV cache" ends inside "cachedata": rejected, but "KV" alone is no term; "cache" inside the word
        // is not one either. The later "cache" still matches.
        assert_eq!(found("KV cachedata and a cache"), [("cache", 1)]);
    }

    #[test]
    fn spellings_that_fold_to_one_pattern_keep_their_own_entries() {
        // "RoPE" matches only as written; "rope" in any case. Both fold to one pattern.
        let rope = Entry::new("RoPE", "x");
        let word = Entry::new("rope", "x");
        let matcher = TermMatcher::new(&[rope, word]);
        assert_eq!(
            matcher.pattern_texts().filter(|p| *p == b" rope ").count(),
            1
        );
        let text = "RoPE, rope, ROPE and Rope";
        let found: Vec<(&str, usize)> = matcher
            .find(text)
            .into_iter()
            .map(|m| (&text[m.range], m.entry))
            .collect();
        assert_eq!(found, [("RoPE", 0), ("rope", 1), ("ROPE", 1), ("Rope", 1)]);
    }

    #[test]
    fn a_built_in_entry_given_another_spelling_matches_it() {
        let mut kv = crate::glossary::builtin::glossary_entries()
            .iter()
            .find(|entry| entry.name == "KV cache")
            .unwrap()
            .clone();
        kv.aliases.push("attention memo".into());
        let matcher = TermMatcher::new(&[kv]);
        let text = "the attention memos and the KV-cache";
        let found: Vec<&str> = matcher
            .find(text)
            .into_iter()
            .map(|m| &text[m.range])
            .collect();
        assert_eq!(found, ["attention memos", "KV-cache"]);
    }

    #[test]
    fn hyphens_and_spaces_share_a_pattern_but_match_only_as_a_form_spells_them() {
        let cot = Entry::new("chain-of-thought", "x");
        let kv = Entry::new("KV cache", "x");
        // Five separators: no variants, the name alone.
        let long = Entry::new("one-two-three-four-five-six", "x");
        let matcher = TermMatcher::new(&[cot, kv, long]);
        let found = |text: &'static str| -> Vec<(&'static str, usize)> {
            matcher
                .find(text)
                .into_iter()
                .map(|m| (&text[m.range], m.entry))
                .collect()
        };
        assert_eq!(
            found("Chain-of-thought, chain of thought and chain-of thought"),
            [("Chain-of-thought", 0), ("chain of thought", 0)]
        );
        assert_eq!(
            found("KV-cache, KV cache, kv-cache, KV-Cache"),
            [("KV-cache", 1), ("KV cache", 1), ("KV-Cache", 1)]
        );
        assert_eq!(
            found("one-two-three-four-five-six, one two three four five six"),
            [("one-two-three-four-five-six", 2)]
        );
    }
}
