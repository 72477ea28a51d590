//! How a spelled-out form reads in running prose: "Long Form (ACR)" with the long form in the use's
//! number, a capital at a sentence start, the article that fits the new first word, no word repeated
//! after it, and no stylised capitals of a paper's name.

use super::document::{AcronymUse, TermUse};
use super::places::{Place, DETERMINERS};
use super::TextEdit;
use crate::glossary::forms::{plural_of, singular_long_form, FormRole};
use crate::glossary::Entry;
use crate::text::slice::Slice;

/// The edit that spells out the acronym at `target`: "Long Form (ACR)" in place of the token, with a
/// capital at a sentence start. When the words after the token repeat the long form's last words, they
/// are taken in, so that "KL divergence" becomes "Kullback–Leibler divergence (KL)", not
/// "Kullback–Leibler divergence (KL) divergence", and "LLM models" "large language models (LLMs)";
/// not when they begin a longer term of the document's `terms` (its term uses, in order).
pub fn spell_out_edit(
    text: &str,
    target: &AcronymUse,
    long_form: &str,
    plural_long_form: bool,
    terms: &[TermUse],
) -> TextEdit {
    let as_written = text.get(target.range.clone()).unwrap_or(&target.acronym);
    // "LORA" is spelled out as "Low-Rank Adaptation (LoRA)": the acronym as the glossary writes it.
    let canonical = match crate::text::acronym::singular(as_written) {
        (single, plural)
            if *single != *target.acronym && single.eq_ignore_ascii_case(&target.acronym) =>
        {
            format!("{}{}", target.acronym, if plural { "s" } else { "" })
        }
        _ => as_written.to_string(),
    };
    let written = canonical.as_str();
    let mut long_form = prose_form(long_form);
    if echoes_first_word(text, target.range.start, &long_form) {
        // "the largest LLMs": "the largest large language models (LLMs)" stutters, and taking
        // "largest" in would lose what the writer said; the long form follows the acronym instead.
        let long_form = in_number(&long_form, target.plural, plural_long_form);
        return TextEdit {
            range: target.range.clone(),
            replacement: format!("{written} ({long_form})"),
        };
    }
    if in_title_case(text.get(target.range.end..).unwrap_or_default()) {
        long_form = title_cased(&long_form);
    } else if target.surroundings.starts_sentence && !starts_with_a_variable(&long_form) {
        long_form = capitalised(&long_form);
    }
    let mut range = target.range.clone();
    let mut plural_use = target.plural;
    let mut written = written.to_string();
    // The long form's last words written again after the acronym, the last one maybe in the
    // plural: "several LLM models" reads "several large language models (LLMs)", "the ITL
    // latencies" "the inter-token latencies (ITLs)", "MCTS tree search" "Monte Carlo tree search
    // (MCTS)", "RoPE positional embedding" "Rotary Position Embedding (RoPE)". The long form takes
    // them in; stacked after it they would say the same thing twice.
    // A restatement that begins a longer term is that term's: "the RL learning rate" is not
    // "the reinforcement learning (RL) rate".
    let after = range.end;
    let first_term = terms.partition_point(|t| t.range.start < after);
    let begins_a_longer_term = |length: usize| {
        terms
            .get(first_term..)
            .unwrap_or_default()
            .iter()
            .take_while(|t| t.range.start < after + length)
            .any(|t| t.range.end > after + length)
    };
    if let Some((length, plural)) = restated_after(
        text.get(after..).unwrap_or_default(),
        &long_form,
        begins_a_longer_term,
    ) {
        range.end += length;
        if plural && !plural_use {
            plural_use = true;
            written.push('s');
        }
    }
    let replacement = spelled_out(&long_form, &written, plural_use, plural_long_form);
    with_fitting_article(text, range, replacement)
}

/// The spelling of `long_form` that fits at `target`: where the acronym modifies the noun after it
/// ("across DP ranks", "each TP group"), the adjective among `spellings` (others the glossary knows)
/// that the long form only extends by a suffix ("data parallel" of "data parallelism"): "across data
/// parallel (DP) ranks", not "data parallelism (DP) ranks", two nouns in a row. Elsewhere, and when
/// the glossary knows no such spelling, the long form itself.
pub fn fitting_long_form<'a>(
    text: &str,
    target: &AcronymUse,
    long_form: &'a str,
    spellings: &[&'a str],
) -> &'a str {
    if target.plural || !modifies_the_next_word(text, &target.range) {
        return long_form;
    }
    spellings
        .iter()
        .copied()
        .find(|spelling| {
            long_form
                .get(..spelling.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(spelling))
                && long_form.get(spelling.len()..).is_some_and(|suffix| {
                    !suffix.is_empty() && suffix.bytes().all(|b| b.is_ascii_lowercase())
                })
        })
        .unwrap_or(long_form)
}

/// The other spellings the glossary knows for an acronym's long form: the aliases of its entry and of
/// the entry the long form names ("data parallel", of "data parallelism", for DP).
pub fn other_spellings<'e>(
    entries: &'e [Entry],
    meaning: &'e Entry,
    long_form: &str,
) -> Vec<&'e str> {
    let named = entries
        .iter()
        .filter(|e| !std::ptr::eq(*e, meaning) && names_the_long_form(e, long_form));
    std::iter::once(meaning)
        .chain(named)
        .flat_map(|e| e.aliases.iter().map(String::as_str))
        .collect()
}

/// Whether `entry` is the glossary's term for an acronym's long form ("data parallelism" for DP's):
/// its other spellings are the long form's.
pub fn names_the_long_form(entry: &Entry, long_form: &str) -> bool {
    entry.name.eq_ignore_ascii_case(long_form)
}

/// Whether the token at `range` modifies the noun after it: a determiner, a quantifier or a
/// preposition before it, and a word in lower case after it that is no function word ("each TP
/// group", "across DP ranks", "the PP stage", each of "over the DP and CP groups"; not "with DP and
/// TP", "the TP is").
fn modifies_the_next_word(text: &str, range: &std::ops::Range<usize>) -> bool {
    // Prepositions that a verb may follow after the acronym ("the implementation of CP uses …",
    // "support for TP requires …") are not here: only those whose object is rarely a clause's subject.
    const BEFORE: &[&str] = &[
        "a",
        "an",
        "the",
        "each",
        "every",
        "per",
        "all",
        "any",
        "both",
        "these",
        "those",
        "its",
        "their",
        "our",
        "your",
        "across",
        "within",
        "between",
        "among",
        "over",
        "multiple",
        "several",
        "different",
        "same",
        "other",
        "another",
    ];
    const FUNCTION: &[&str] = &[
        "and", "or", "but", "nor", "is", "are", "was", "were", "be", "been", "can", "could",
        "will", "would", "should", "may", "might", "must", "has", "have", "had", "does", "do",
        "did", "to", "of", "in", "on", "at", "for", "with", "by", "from", "as", "that", "which",
        "who", "than", "then", "also", "only", "not", "alone", "itself", "here", "there", "so",
        "if", "when", "while", "where", "via", "into", "over", "under", "across", "through", "per",
        "vs", "versus", "plus", "too", "etc", "is", "the", "a", "an",
    ];
    // Two acronyms may share the noun: "the DP and CP groups". The acronym after "and"/"or" reads
    // past it to the noun; the one before it reads past it to the determiner.
    let paired = |word: &str| {
        word.len() >= 2
            && word
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && word.bytes().any(|b| b.is_ascii_uppercase())
    };
    let mut before = text.get(..range.start).unwrap_or_default();
    for joiner in [" and ", " or "] {
        if let Some(rest) = before.strip_suffix(joiner) {
            let start = rest.rfind([' ', '\n']).map_or(0, |at| at + 1);
            if paired(rest.get(start..).unwrap_or_default()) {
                before = rest.get(..start).unwrap_or_default();
            }
            break;
        }
    }
    let previous = before
        .strip_suffix(' ')
        .and_then(|rest| rest.rsplit([' ', '\n']).next())
        .map(str::to_ascii_lowercase);
    let mut after = text.get(range.end..).unwrap_or_default();
    for joiner in [" and ", " or "] {
        if let Some(rest) = after.strip_prefix(joiner) {
            let end = rest.find([' ', '\n']).unwrap_or(rest.len());
            if paired(rest.get(..end).unwrap_or_default()) {
                after = rest.get(end..).unwrap_or_default();
            }
            break;
        }
    }
    let next = after
        .strip_prefix(' ')
        .map(|after| {
            after
                .split(|c: char| !c.is_ascii_alphabetic())
                .next()
                .unwrap_or_default()
        })
        .unwrap_or_default();
    // After a determiner that takes one thing, a word ending in a plural's "s" is the verb whose
    // subject the acronym is: "each TP shards the weights", "a DP replica" but not "a DP ranks".
    const SINGULAR: &[&str] = &["a", "an", "each", "every", "another"];
    let verb_after_singular = previous
        .as_deref()
        .is_some_and(|word| SINGULAR.contains(&word))
        && next.ends_with('s')
        && !next.ends_with("ss")
        && !next.ends_with("us")
        && !next.ends_with("is");
    previous.is_some_and(|word| BEFORE.contains(&word.as_str()))
        && !verb_after_singular
        && next.len() >= 3
        && next.bytes().all(|b| b.is_ascii_lowercase())
        && !FUNCTION.contains(&next)
}

/// Whether the word right before `start` is the long form's first word or its comparative or
/// superlative ("a large LLM", "larger (70B) LLMs", "the largest LLMs" for "large language model"),
/// so that the long form written in the acronym's place would repeat it.
fn echoes_first_word(text: &str, start: usize, long_form: &str) -> bool {
    let mut words = long_form.split_whitespace();
    let (Some(first), Some(_)) = (words.next(), words.next()) else {
        return false;
    };
    let before = text.get(..start).unwrap_or_default();
    // The word before, past a parenthesis the writer put between ("larger (70b+ parameter) LLMs").
    let before = match before.strip_suffix(") ") {
        Some(inside) => inside
            .rfind(" (")
            .filter(|&open| !inside.slice(open..).contains('\n'))
            .map_or(before, |open| inside.slice(..open + 1)),
        None => before,
    };
    let Some(before) = before.strip_suffix(' ') else {
        return false;
    };
    let word = before
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '-'))
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let first = first.to_lowercase();
    word.strip_prefix(first.as_str())
        .is_some_and(|ending| matches!(ending, "" | "r" | "er" | "st" | "est"))
}

/// The length in bytes of the word `text` starts with: letters, digits and inner hyphens ("latencies",
/// "fine-tuning").
/// How many bytes of `after`, the text right after an acronym, restate the last words of its long
/// form (at most all but its first: the acronym then still stands for more than what follows it),
/// each after one space, and whether the last of them is in the plural; `None` when the next word
/// is not such a restatement. Ignoring case; a word before the last may be the adjective of the
/// long form's noun ("positional" for "Position"). The longest restatement is taken, but not one
/// that `begins_a_longer_term` (of the document's term uses, given the restatement's length).
fn restated_after(
    after: &str,
    long_form: &str,
    begins_a_longer_term: impl Fn(usize) -> bool,
) -> Option<(usize, bool)> {
    let words: Vec<&str> = long_form.split_whitespace().collect();
    let mut written = Vec::new();
    let mut rest = after;
    while written.len() + 1 < words.len() {
        let Some(next) = rest.strip_prefix(' ') else {
            break;
        };
        let word = next.get(..word_length(next)).unwrap_or_default();
        if word.is_empty() {
            break;
        }
        written.push(word);
        rest = next.get(word.len()..).unwrap_or_default();
    }
    (1..=written.len()).rev().find_map(|count| {
        let restated = written.get(..count)?;
        let tail = words.get(words.len() - count..)?;
        let (last_written, before) = restated.split_last()?;
        let (last, tail_before) = tail.split_last()?;
        let same_before = before
            .iter()
            .zip(tail_before)
            .all(|(w, l)| w.eq_ignore_ascii_case(l) || adjective_of(w, l));
        if !same_before {
            return None;
        }
        let plural = if last_written.eq_ignore_ascii_case(last) {
            false
        } else if plural_of(last, FormRole::Expansion)
            .is_some_and(|plural| last_written.eq_ignore_ascii_case(&plural))
        {
            true
        } else {
            return None;
        };
        let length = restated.iter().map(|w| 1 + w.len()).sum();
        (!begins_a_longer_term(length)).then_some((length, plural))
    })
}

/// Whether `word` is the adjective a writer makes of the noun `noun` by "-al": "positional" of
/// "Position", "structural" of "structure" is not (the "e" goes), nor anything else.
fn adjective_of(word: &str, noun: &str) -> bool {
    word.len() == noun.len() + 2
        && word
            .get(..noun.len())
            .is_some_and(|stem| stem.eq_ignore_ascii_case(noun))
        && word
            .get(noun.len()..)
            .is_some_and(|suffix| suffix.eq_ignore_ascii_case("al"))
}

fn word_length(text: &str) -> usize {
    let mut end = 0;
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() || (c == '-' && text.get(at + 1..).is_some_and(continues_word)) {
            end = at + c.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// Whether `tail`, the text right after a word, goes on with the same word.
fn continues_word(tail: &str) -> bool {
    tail.chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '-')
}

/// Whether `word` (lowercase), just before a writer's words, makes them a noun phrase of their own:
/// a determiner, or "that" and "one", which before a long form are determiners too ("that
/// language model (LLM)", "one language model (LLM)").
fn opens_a_long_form(word: &str) -> bool {
    DETERMINERS.contains(&word) || matches!(word, "that" | "one")
}

/// The edit that completes a long form the writer began too late: "when a Language Model (LLM)
/// answers" names the acronym's expansion without its first words, and a spell-out at a later use
/// would leave the reader two parentheses; completing it gives "a large language model (LLM)". The
/// writer's words must be the expansion's last two words or more, after an article, a determiner or
/// the start of a clause ("a small language model (LLM)" is about something else).
pub fn completing_edit(text: &str, target: &AcronymUse, long_form: &str) -> Option<TextEdit> {
    let open = target.range.start.checked_sub(1)?;
    // Only the author's running text, outside link texts and tables, may be rewritten.
    if target.surroundings.place != Place::Body
        || target.surroundings.in_table_or_link
        || text.get(open..target.range.start) != Some("(")
        || !text.get(target.range.end..)?.starts_with(')')
    {
        return None;
    }
    let before = text.get(..open)?.strip_suffix(' ')?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let words: Vec<(usize, &str)> = before
        .get(line_start..)?
        .split(' ')
        .scan(line_start, |at, word| {
            let start = *at;
            *at += word.len() + 1;
            Some((start, word))
        })
        .collect();
    let long_form = prose_form(long_form);
    let expansion: Vec<&str> = long_form.split(' ').collect();
    (2..expansion.len()).rev().find_map(|n| {
        let written = words.get(words.len().checked_sub(n)?..)?;
        let &(start, _) = written.first()?;
        let tail = expansion.get(expansion.len() - n..)?.join(" ");
        let singular = before.get(start..)?;
        let matches = same_words(singular, &tail)
            || (target.plural && same_words(singular.strip_suffix('s')?, &tail));
        let opener = words
            .len()
            .checked_sub(n + 1)
            .and_then(|i| words.get(i))
            .map(|&(_, w)| w);
        let after_opener = opener.is_none_or(|w| {
            opens_a_long_form(&w.to_ascii_lowercase()) || w.ends_with([',', ':', ';'])
        });
        (matches && after_opener).then(|| {
            let written_acronym = text.get(target.range.clone()).unwrap_or(&target.acronym);
            let mut completed = spelled_out(&long_form, written_acronym, target.plural, false);
            let sentence_start = opener.is_none()
                && before.get(..start).is_none_or(|b| {
                    b.trim_end().is_empty() || b.trim_end().ends_with(['.', '!', '?'])
                });
            if sentence_start && !starts_with_a_variable(&completed) {
                completed = capitalised(&completed);
            }
            with_fitting_article(text, start..target.range.end + 1, completed)
        })
    })
}

/// The long form written into the parenthesis that holds only the acronym, before it: "Speculative
/// decoding (MTP)" becomes "Speculative decoding (multi-token prediction, MTP)". The writer's words
/// before the parenthesis stay as they are, and no second parenthesis is stacked inside the first
/// ("(Multi-Token Prediction (MTP))"); the result is a definition the document then reads
/// ("(knowledge-preserved mode, KPM)"). Only the author's running text outside link texts and tables.
pub fn inside_parentheses_edit(
    text: &str,
    target: &AcronymUse,
    long_form: &str,
    plural_long_form: bool,
) -> Option<TextEdit> {
    let open = target.range.start.checked_sub(1)?;
    let alone = text.get(open..target.range.start) == Some("(")
        && text.get(target.range.end..)?.starts_with(')');
    (alone && target.surroundings.place == Place::Body && !target.surroundings.in_table_or_link)
        .then(|| {
            let written = text.get(target.range.clone()).unwrap_or(&target.acronym);
            TextEdit {
                range: target.range.clone(),
                replacement: format!(
                    "{}, {written}",
                    in_number(&prose_form(long_form), target.plural, plural_long_form)
                ),
            }
        })
}

/// The indefinite articles an edit may change, each with the one it becomes.
const ARTICLES: [(&str, &str); 4] = [("an ", "a "), ("a ", "an "), ("An ", "A "), ("A ", "An ")];

/// The spelled-out form an edit writes, without the article it changes ("an SFT model" → "a
/// supervised fine-tuning (SFT) model"): a message asks the writer for the long form, not for "a
/// supervised fine-tuning (SFT)".
pub fn without_changed_article<'e>(text: &str, edit: &'e TextEdit) -> &'e str {
    let replaced = text.get(edit.range.clone()).unwrap_or_default();
    if !ARTICLES
        .iter()
        .any(|(article, _)| replaced.starts_with(article))
    {
        return &edit.replacement;
    }
    ARTICLES
        .iter()
        .find_map(|(article, _)| edit.replacement.strip_prefix(article))
        .unwrap_or(&edit.replacement)
}

/// Whether words written out in full take "an" rather than "a": they open with a vowel ("an
/// expert", "a large language model"). Not for acronyms read letter by letter ("an LLM").
pub fn takes_an(words: &str) -> bool {
    words.starts_with(|c: char| "aeiouAEIOU".contains(c))
}

/// "an RL method" becomes "a reinforcement learning (RL) method": the article before an edit follows
/// the sound of its new first word.
fn with_fitting_article(
    text: &str,
    mut range: std::ops::Range<usize>,
    mut replacement: String,
) -> TextEdit {
    let before = text.get(..range.start).unwrap_or_default();
    for (article, other) in ARTICLES {
        let Some(rest) = before.strip_suffix(article) else {
            continue;
        };
        if rest.chars().next_back().is_some_and(char::is_alphanumeric) {
            break;
        }
        if takes_an(&replacement) != article.trim_end().eq_ignore_ascii_case("an") {
            range.start -= article.len();
            replacement = format!("{other}{replacement}");
        }
        break;
    }
    TextEdit { range, replacement }
}

/// Whether two long forms are the same words but for capitals and hyphens ("Supervised Finetuning",
/// "supervised fine-tuning").
pub fn same_words(a: &str, b: &str) -> bool {
    let letters = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    letters(a) == letters(b)
}

/// Whether `text` holds the words of `long_form` (compared as [`same_words`] does: capitals and
/// hyphens aside), starting and ending on word boundaries; the last word may carry a plural "s".
/// "… and Implicit Language Q-Learning [" holds "implicit language Q-learning";
/// "a pretrained language models" holds "language model".
pub fn holds_words(text: &str, long_form: &str) -> bool {
    let target = || {
        long_form
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
    };
    let Some(first) = target().next() else {
        return false;
    };
    // Tried at each word start only, letter by letter as far as it matches: most fail at the first
    // letter, which is compared before any iterator over the rest is made (this runs for every
    // term near every first use of an acronym, and over the text before an early use).
    let mut previous_alphanumeric = false;
    text.char_indices().any(|(at, c)| {
        let starts = c.is_alphanumeric() && !previous_alphanumeric;
        previous_alphanumeric = c.is_alphanumeric();
        starts
            && c.to_lowercase().next() == Some(first)
            && words_at(text.get(at..).unwrap_or_default(), target())
    })
}

/// Whether `rest`'s letters start with `target`'s, ending on a word boundary or followed by a
/// plural "s" that ends one ([`holds_words`]).
fn words_at(rest: &str, target: impl Iterator<Item = char>) -> bool {
    let mut letters = Letters {
        chars: rest.chars().peekable(),
        lower: None,
    };
    let mut last_ends = false;
    for wanted in target {
        match letters.next() {
            Some((letter, ends)) if letter == wanted => last_ends = ends,
            _ => return false,
        }
    }
    last_ends || letters.next().is_some_and(|(c, ends)| c == 's' && ends)
}

/// A text's letters in lower case (its alphanumeric characters, each lowered), each with whether a
/// word ends after it: the last letter of the last character before one that is not alphanumeric,
/// or of the text.
struct Letters<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    lower: Option<std::char::ToLowercase>,
}

impl Iterator for Letters<'_> {
    type Item = (char, bool);

    fn next(&mut self) -> Option<(char, bool)> {
        loop {
            if let Some(lower) = &mut self.lower {
                if let Some(letter) = lower.next() {
                    let ends =
                        lower.len() == 0 && self.chars.peek().is_none_or(|c| !c.is_alphanumeric());
                    return Some((letter, ends));
                }
                self.lower = None;
            }
            let c = self.chars.next()?;
            if c.is_alphanumeric() {
                self.lower = Some(c.to_lowercase());
            }
        }
    }
}

/// A long form as running prose writes it: stylised capitals of a paper's name are dropped
/// ("Dynamic sAmpling" → "Dynamic Sampling", "fIne-tuNing" → "fine-tuning").
pub fn prose_form(long_form: &str) -> String {
    let words: Vec<&str> = long_form.split(' ').collect();
    let title_case = words
        .iter()
        .filter(|w| w.len() > 3)
        .all(|w| w.starts_with(|c: char| c.is_uppercase()) || is_stylised(w));
    words
        .iter()
        .map(|word| {
            if !is_stylised(word) {
                return (*word).to_string();
            }
            word.split('-')
                .map(|part| {
                    let lower = part.to_lowercase();
                    if title_case {
                        capitalised(&lower)
                    } else {
                        lower
                    }
                })
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A word whose capitals follow no convention: a part that starts in lower case and has a capital
/// followed by lower-case letters inside ("sAmpling", "fIne-tuNing"), as papers write to spell their
/// acronym out of a phrase. Names with a small letter first ("vLLM", "cDPO", "iOS") are not.
fn is_stylised(word: &str) -> bool {
    word.split('-').any(|part| {
        let chars: Vec<char> = part.chars().collect();
        chars.first().is_some_and(|c| c.is_lowercase())
            && chars.windows(3).skip(1).any(|w| {
                matches!(w, [a, b, c] if a.is_uppercase() && b.is_lowercase() && c.is_lowercase())
            })
    })
}

/// Whether `text` opens with a one-letter variable joined by a hyphen ("k-nearest neighbors",
/// "n-gram"): the letter is a symbol, and stays in lower case at a sentence start too.
fn starts_with_a_variable(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase()) && chars.next() == Some('-')
}

/// `text` with its first letter in upper case.
/// Whether the word right after a token is capitalised, with nothing but a space or a hyphen between:
/// a term written in Title Case ("FP8 KV Cache"), since a capitalised word after a token elsewhere
/// makes a name that no fix edits (`places::beside_a_name`). The long form then takes the title's
/// case: "FP8 Key-Value (KV) Cache", not "FP8 key-value (KV) Cache".
fn in_title_case(after: &str) -> bool {
    let Some(rest) = after.strip_prefix([' ', '-']) else {
        return false;
    };
    super::places::first_word(rest).is_some_and(super::places::is_capitalised_word)
}

/// `long_form` in Title Case: each word and each part of a hyphenated word capitalised, except the
/// short function words inside it ("Mixture of Experts", "Key-Value").
fn title_cased(long_form: &str) -> String {
    const SMALL: &[&str] = &[
        "a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "via",
        "with",
    ];
    let mut out = String::with_capacity(long_form.len());
    let mut first = true;
    for piece in long_form.split_inclusive([' ', '-']) {
        let word = piece.trim_end_matches([' ', '-']);
        let small = !first && SMALL.contains(&word);
        let lower = word.chars().all(|c| !c.is_uppercase());
        out.push_str(&if small || !lower {
            piece.to_string()
        } else {
            capitalised(piece)
        });
        first = false;
    }
    out
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "Long Form (ACR)", with the long form in the number of the use: "large language models (LLMs)" for a
/// plural use, "large language model (LLM)" for a singular one even when the definition was plural.
pub fn spelled_out(
    long_form: &str,
    written: &str,
    plural_use: bool,
    plural_long_form: bool,
) -> String {
    format!(
        "{} ({written})",
        in_number(long_form, plural_use, plural_long_form)
    )
}

/// The long form in the number of the use it spells out: plural for "LLMs", singular for "LLM".
fn in_number(long_form: &str, plural_use: bool, plural_long_form: bool) -> String {
    match (plural_use, plural_long_form) {
        (true, false) => {
            plural_of(long_form, FormRole::Expansion).unwrap_or_else(|| long_form.to_string())
        }
        (false, true) => singular_long_form(long_form),
        _ => long_form.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_case_long_forms() {
        assert_eq!(title_cased("key-value"), "Key-Value");
        assert_eq!(title_cased("mixture of experts"), "Mixture of Experts");
        assert_eq!(
            title_cased("Kullback–Leibler divergence"),
            "Kullback–Leibler Divergence"
        );
        assert_eq!(title_cased("of the art"), "Of the Art");
        assert!(in_title_case(" Cache halves"));
        assert!(in_title_case("-Cache"));
        assert!(!in_title_case(" cache"));
        assert!(!in_title_case(". Cache"));
        assert!(!in_title_case(" CUDA graphs"));
    }

    #[test]
    fn holds_words_on_word_boundaries() {
        assert!(holds_words(
            "TRLX runs PPO and Implicit Language Q-Learning [",
            "implicit language Q-learning"
        ));
        assert!(holds_words(
            "a pretrained language model. The ",
            "language model"
        ));
        assert!(holds_words("two large language models", "language model"));
        assert!(!holds_words("a multilanguage model", "language model"));
        assert!(!holds_words("language modeling", "language model"));
        assert!(!holds_words("anything", ""));
    }

    #[test]
    fn stylised_capitals_are_dropped_and_names_kept() {
        assert_eq!(
            prose_form("Decoupled Clip and Dynamic sAmpling Policy Optimization"),
            "Decoupled Clip and Dynamic Sampling Policy Optimization"
        );
        assert_eq!(prose_form("Self-Play fIne-tuNing"), "Self-Play Fine-Tuning");
        assert_eq!(prose_form("serving with vLLM"), "serving with vLLM");
        assert!(same_words(
            "Supervised Finetuning",
            "supervised fine-tuning"
        ));
        assert!(!same_words("Supervised Finetuning", "supervised learning"));
    }
}
