//! Surface forms: every string the matcher looks for, generated from an entry's name, aliases, acronym
//! and expansion, with the variants writers actually produce.
//!
//! Variants generated for every form:
//! - word separators: a hyphen or en dash may be written as a hyphen, an en dash, a space or nothing
//!   ("chain-of-thought" ~ "chain of thought"; "pre-training" ~ "pretraining"); a space may be written
//!   as a hyphen ("KV cache" ~ "KV-cache");
//! - apostrophes: straight and curly ("Goodhart's law" ~ "Goodhart’s law");
//! - number: a plural for a singular form ("LLMs", "KV caches", "policies") and a singular for a form
//!   written in the plural ("scaling law" for "scaling laws");
//!
//! Quotes around a name (`"aha moment"`) are dropped: prose rarely repeats them.
//!
//! The build script compiles this module too (see `build/builtin_glossary.rs`): it makes the forms of
//! the built-in entries at build time, with this code, and the matcher makes those of other entries at
//! run time.

use std::borrow::Cow;

use super::Entry;
use crate::text::slice::Slice;

/// Which field of an entry a form comes from. Hover and the rules treat them differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FormRole {
    Name,
    Alias,
    Acronym,
    Expansion,
}

/// One string to look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurfaceForm {
    /// Borrowed for the built-in entries, whose forms the build script writes into the binary.
    pub text: Cow<'static, str>,
    /// Forms with inner or repeated capitals (GRPO, RoPE, vLLM, "Constitutional AI") match exactly;
    /// others match ASCII-case-insensitively ("Attention" at the start of a sentence is "attention").
    pub case_sensitive: bool,
    pub role: FormRole,
    /// The form is a plural of the entry's form ("LLMs").
    pub plural: bool,
}

/// At most this many separator variants per form: 3 hyphens give 4³ = 64, more are not worth it.
const MAX_SEPARATOR_POSITIONS: usize = 3;

/// All surface forms of an entry, without duplicates.
pub fn surface_forms(entry: &Entry) -> Vec<SurfaceForm> {
    let mut bases: Vec<(String, FormRole)> = Vec::new();
    let name = strip_quotes(&entry.name);
    bases.extend(
        slash_parts(name)
            .into_iter()
            .map(|part| (part, FormRole::Name)),
    );
    bases.extend(
        entry
            .aliases
            .iter()
            .map(|a| (strip_quotes(a).to_string(), FormRole::Alias)),
    );
    bases.extend(entry.acronym.iter().map(|a| (a.clone(), FormRole::Acronym)));
    bases.extend(
        entry
            .expansion
            .iter()
            .map(|e| (e.clone(), FormRole::Expansion)),
    );

    let mut forms: Vec<SurfaceForm> = Vec::new();
    for (base, role) in bases {
        if base.trim().is_empty() {
            continue;
        }
        let case_sensitive = is_case_sensitive(&base);
        for spelling in separator_variants(&base) {
            for (text, plural) in number_variants(&spelling, role) {
                for text in apostrophe_variants(&text) {
                    push_unique(
                        &mut forms,
                        SurfaceForm {
                            text: Cow::Owned(text),
                            case_sensitive,
                            role,
                            plural,
                        },
                    );
                }
            }
        }
    }
    forms
}

/// A spelling that is wrong for an entry, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrongForm {
    pub text: String,
    /// Generated from the name rather than written in the data: it yields to any spelling that some
    /// entry accepts, so that a generated variant never makes a word wrong that a glossary uses.
    pub generated: bool,
}

/// The spellings that are wrong for an entry: the data's `wrong_forms`, and, generated:
/// - for a name made of two or more capitalised words run together ("DeepSpeed", "TensorFlow",
///   "GitHub"), that name with only its first capital ("Deepspeed", "Tensorflow", "Github");
/// - for a name or an acronym in mixed case ("LoRA", "PyTorch", "MoE", "vLLM"), its form in capitals
///   ("LORA", "PYTORCH", "MOE", "VLLM"), and, when it ends in capitals after a small letter, the form
///   that keeps only the first of them ("LoRa", "QLoRa").
///
/// Nothing else is generated: lower-case forms of short names are ordinary words ("rope", "zero",
/// "palm"), and names with a short part ("RoPE", "ReAct", "GaLore") lose their capitals into an English
/// word as often as not. Each part of a run-together name has three letters or more, so that the word
/// is no English word either. A form in capitals may still be a word shouted ("ZERO", "REACT"): the
/// engine asks the document before it calls one wrong. Every generated form yields to a spelling that
/// some entry accepts ("GELU", the name itself; "REST", an alias).
pub fn wrong_forms(entry: &Entry) -> Vec<WrongForm> {
    let mut out: Vec<WrongForm> = entry
        .wrong_forms
        .iter()
        .map(|w| w.trim())
        .filter(|w| !w.is_empty())
        .map(|w| WrongForm {
            text: w.to_string(),
            generated: false,
        })
        .collect();
    let mut generate = |text: String| {
        if !out.iter().any(|w| w.text == text) {
            out.push(WrongForm {
                text,
                generated: true,
            });
        }
    };
    if entry.kind == super::Kind::Name {
        for name in std::iter::once(&entry.name).chain(&entry.aliases) {
            if let Some(text) = first_capital_only(name) {
                generate(text);
            }
        }
    }
    if matches!(entry.kind, super::Kind::Name | super::Kind::Acronym) {
        let spellings = std::iter::once(&entry.name)
            .chain(&entry.aliases)
            .chain(&entry.acronym);
        for spelling in spellings.filter(|s| in_mixed_case(s)) {
            generate(spelling.to_ascii_uppercase());
            if let Some(text) = last_capitals_lowered(spelling) {
                generate(text);
            }
        }
    }
    out
}

/// Whether a single word of ASCII letters and digits has a capital after its first letter and a small
/// letter: "LoRA", "PyTorch", "vLLM", "MoE"; not "GRPO", "Adam" or "KV cache".
pub fn in_mixed_case(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_alphanumeric()) && has_inner_capital(word)
}

/// Whether `text` has a capital after its first character and a small letter ("LLaMa", "LoRa",
/// "TensorRT-llm"): capitals inside a word, which are never chance.
pub fn has_inner_capital(text: &str) -> bool {
    text.chars().skip(1).any(char::is_uppercase) && text.chars().any(char::is_lowercase)
}

/// "LoRA" → "LoRa", "QLoRA" → "QLoRa": a word that ends in two or more capitals after a small letter,
/// with all but the first of those capitals lowered. `None` for any other word.
fn last_capitals_lowered(word: &str) -> Option<String> {
    let bytes = word.as_bytes();
    let run = bytes
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_uppercase())
        .count();
    let before = bytes
        .len()
        .checked_sub(run + 1)
        .and_then(|i| bytes.get(i))?;
    (run >= 2 && before.is_ascii_lowercase()).then(|| {
        let keep = bytes.len() - run + 1;
        format!(
            "{}{}",
            word.slice(..keep),
            word.slice(keep..).to_ascii_lowercase()
        )
    })
}

/// "DeepSpeed" → "Deepspeed": a name of two or more capitalised words of three letters or more each,
/// run together, with only its first capital. `None` for any other name.
fn first_capital_only(name: &str) -> Option<String> {
    if !name.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut parts: Vec<String> = Vec::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            parts.push(String::new());
        }
        parts.last_mut()?.push(c);
    }
    let words = parts.len() >= 2
        && parts
            .iter()
            .all(|part| part.len() >= 3 && part.chars().skip(1).all(|c| c.is_ascii_lowercase()));
    words.then(|| {
        let mut chars = name.chars();
        chars
            .next()
            .into_iter()
            .chain(chars.map(|c| c.to_ascii_lowercase()))
            .collect()
    })
}

/// "SSM / hybrid architectures" is written as "SSM" or "hybrid architectures"; "length / format reward"
/// as "length reward" or "format reward" (a bare "length" would match ordinary English).
fn slash_parts(name: &str) -> Vec<String> {
    let Some((first, second)) = name.split_once(" / ") else {
        return vec![name.to_string()];
    };
    let (first, second) = (first.trim(), second.trim());
    if crate::text::acronym::is_acronym_like(first) || first.contains(' ') {
        return vec![first.to_string(), second.to_string()];
    }
    match second.split_once(' ') {
        Some((_, head)) => vec![format!("{first} {head}"), second.to_string()],
        None => vec![first.to_string(), second.to_string()],
    }
}

fn push_unique(forms: &mut Vec<SurfaceForm>, form: SurfaceForm) {
    let duplicate = forms.iter().any(|f| {
        if f.case_sensitive || form.case_sensitive {
            f.text == form.text
        } else {
            f.text.eq_ignore_ascii_case(&form.text)
        }
    });
    if !duplicate {
        forms.push(form);
    }
}

fn strip_quotes(text: &str) -> &str {
    text.trim()
        .trim_matches(|c| matches!(c, '"' | '“' | '”'))
        .trim()
}

/// Whether a form must match with its exact case: any word with a capital after its first character,
/// or with two or more letters all in capitals ("GRPO", "RoPE", "vLLM", "AI" in "Constitutional AI",
/// "C4").
pub fn is_case_sensitive(form: &str) -> bool {
    // Called for every spelling of every entry at start-up: no allocation.
    form.split(|c: char| !c.is_alphanumeric()).any(|word| {
        let mut chars = word.chars();
        let inner_capital = chars.next().is_some() && chars.any(char::is_uppercase);
        let mut letters = word.chars().filter(|c| c.is_alphabetic()).peekable();
        let shouted = letters.peek().is_some()
            && letters.all(char::is_uppercase)
            && word.chars().nth(1).is_some();
        inner_capital || shouted
    })
}

/// "chain-of-thought" → chain-of-thought, chain of thought, chain–of–thought; "pre-training" →
/// pretraining too; "KV cache" → KV-cache. Every separator of a kind changes the same way: mixed spellings
/// such as "chain-of thought" are typos, not variants.
fn separator_variants(form: &str) -> Vec<String> {
    let hyphens = form.matches(['-', '–']).count();
    let spaces = form.matches(' ').count();
    if hyphens + spaces > MAX_SEPARATOR_POSITIONS + 1 {
        return vec![form.to_string()];
    }
    let mut hyphen_choices = vec!["-", "–", " "];
    if hyphens == 1 {
        hyphen_choices.push("");
    }
    let space_choices: &[&str] = if spaces > 0 { &[" ", "-"] } else { &[" "] };
    let mut variants = Vec::new();
    for hyphen in if hyphens > 0 {
        hyphen_choices
    } else {
        vec!["-"]
    } {
        for space in space_choices {
            let mut variant = String::with_capacity(form.len() + hyphens * 2);
            for c in form.chars() {
                match c {
                    '-' | '–' => variant.push_str(hyphen),
                    ' ' => variant.push_str(space),
                    other => variant.push(other),
                }
            }
            if !variants.contains(&variant) {
                variants.push(variant);
            }
        }
    }
    if !variants.iter().any(|v| v == form) {
        variants.insert(0, form.to_string());
    }
    variants
}

/// The form itself, and its plural or singular. Possessives need no pattern: the apostrophe of
/// "GRPO's" is a word boundary, so "GRPO" matches there and the range covers just the term.
fn number_variants(form: &str, role: FormRole) -> Vec<(String, bool)> {
    let mut out = vec![(form.to_string(), false)];
    if let Some(plural) = plural_of(form, role) {
        out.push((plural, true));
    }
    if let Some(singular) = singular_of(form, role) {
        out.push((singular, false));
    }
    out
}

/// The plural of a form: of its last word ("out-of-memory errors"), or, in "X of Y" written with spaces,
/// of the word before "of" ("Mixtures of Experts").
pub fn plural_of(form: &str, role: FormRole) -> Option<String> {
    if role == FormRole::Acronym {
        return Some(format!("{form}s"));
    }
    let (head, tail) = match form.find(" of ") {
        Some(at) => (form.slice(..at), form.slice(at..)),
        None => (form, ""),
    };
    let last_word_start = head.rfind([' ', '-']).map_or(0, |i| i + 1);
    let word = head.slice(last_word_start..);
    let plural = plural_word(word)?;
    Some(format!("{}{plural}{tail}", head.slice(..last_word_start)))
}

/// Whether the plural of a long form may not read as English in the acronym's sense: its head noun is
/// a gerund or an abstract noun made from a verb or an adjective ("retrieval-augmented generation",
/// "supervised fine-tuning", "named entity recognition", "grouped-query attention", "tensor
/// parallelism"). "RAGs" are RAG systems, and "retrieval-augmented generations (RAGs)" is a phrase
/// nobody writes. The endings are a likeness, not a rule of English: some such heads are countable
/// ("Low-Rank Adaptations", "Rotary Position Embeddings"), and for them too a plural spelled-out
/// form is left to the writer, which costs a fix, never a wrong one.
pub fn plural_may_not_read(form: &str) -> bool {
    head_ends_with(
        form,
        &["ing", "tion", "sion", "ism", "ance", "ence", "ment"],
    )
}

/// Whether a long form may not read as English after "a" ("use a larger TP for decoding" → "a
/// larger tensor parallelism"): its head noun names a way of working, never one thing. Narrower
/// than [`plural_may_not_read`]: with an article, a gerund or an abstract noun in -tion often
/// reads ("performs a simple supervised fine-tuning of a model", "train a low-rank adaptation"),
/// so only "-ism" (every "… parallelism") counts.
pub fn article_may_not_read(form: &str) -> bool {
    head_ends_with(form, &["ism"])
}

/// Whether the head noun of a long form (its last word before " of ") ends with one of `endings`.
fn head_ends_with(form: &str, endings: &[&str]) -> bool {
    let head = form
        .find(" of ")
        .map_or(form, |at| form.slice(..at))
        .trim_end();
    let word = head.slice(head.rfind([' ', '-']).map_or(0, |i| i + 1)..);
    endings.iter().any(|ending| {
        word.len()
            .checked_sub(ending.len())
            .and_then(|start| word.as_bytes().get(start..))
            .is_some_and(|end| end.eq_ignore_ascii_case(ending.as_bytes()))
    })
}

/// The singular of a long form written in the plural, the inverse of [`plural_of`]: the head noun
/// before " of " loses its plural ending ("Mixtures of Experts" → "Mixture of Experts", "Large
/// Language Models" → "Large Language Model", "policies" → "policy"); a head not in the plural is
/// left as it is ("Mixture of Experts").
pub fn singular_long_form(form: &str) -> String {
    let (head, tail) = match form.find(" of ") {
        Some(at) => (form.slice(..at), form.slice(at..)),
        None => (form, ""),
    };
    let ends = |suffix: &str| {
        head.len()
            .checked_sub(suffix.len())
            .and_then(|start| head.as_bytes().get(start..))
            .is_some_and(|end| end.eq_ignore_ascii_case(suffix.as_bytes()))
    };
    let singular = if ends("ies") {
        format!("{}y", head.slice(..head.len() - 3))
    } else if ["sses", "xes", "ches", "shes"].iter().any(|s| ends(s)) {
        head.slice(..head.len() - 2).to_string()
    } else if ends("s") && !ends("ss") {
        head.slice(..head.len() - 1).to_string()
    } else {
        head.to_string()
    };
    format!("{singular}{tail}")
}

fn plural_word(word: &str) -> Option<String> {
    let last = word.chars().last()?;
    if !last.is_alphabetic() {
        return None;
    }
    // The word's ending in ASCII lower case, without lowering a copy of the word.
    let ends = |suffix: &str| {
        word.len()
            .checked_sub(suffix.len())
            .and_then(|start| word.as_bytes().get(start..))
            .is_some_and(|end| end.eq_ignore_ascii_case(suffix.as_bytes()))
    };
    if ends("s") && !ends("ss") {
        return None; // already plural ("activations", "logits")
    }
    if ends("ss") || ends("x") || ends("ch") || ends("sh") {
        return Some(format!("{word}es"));
    }
    if ends("y") && !ends("ay") && !ends("ey") && !ends("oy") {
        return Some(format!("{}ies", word.slice(..word.len() - 1)));
    }
    if last.is_uppercase() {
        return Some(format!("{word}s"));
    }
    Some(format!("{word}s"))
}

/// The singular of a form written in the plural ("scaling laws" → "scaling law"), for names only.
fn singular_of(form: &str, role: FormRole) -> Option<String> {
    if role == FormRole::Acronym || is_case_sensitive(form) {
        return None;
    }
    let stem = form.strip_suffix('s')?;
    if stem.ends_with('s') || stem.ends_with('u') || stem.ends_with('i') || stem.len() < 3 {
        return None; // "loss", "bus", "Adam's"? no: only plain plurals
    }
    Some(stem.to_string())
}

fn apostrophe_variants(form: &str) -> Vec<String> {
    if form.contains('\'') {
        vec![form.to_string(), form.replace('\'', "’")]
    } else if form.contains('’') {
        vec![form.to_string(), form.replace('’', "'")]
    } else {
        vec![form.to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::Kind;

    fn texts(entry: &Entry) -> Vec<String> {
        surface_forms(entry)
            .into_iter()
            .map(|f| f.text.into_owned())
            .collect()
    }

    #[test]
    fn wrong_forms_are_the_data_and_run_together_names_with_one_capital() {
        let mut deepspeed = Entry::new("DeepSpeed", "x");
        deepspeed.kind = Kind::Name;
        deepspeed.wrong_forms = vec!["deepspeed".into()];
        let forms: Vec<(String, bool)> = wrong_forms(&deepspeed)
            .into_iter()
            .map(|w| (w.text, w.generated))
            .collect();
        assert_eq!(
            forms,
            [
                ("deepspeed".to_string(), false),
                ("Deepspeed".to_string(), true),
                ("DEEPSPEED".to_string(), true)
            ]
        );
        // A short part, capitals in a row or digits: no run-together form, only the one in capitals
        // (and, for capitals at the end, the one that keeps only the first of them).
        for (name, generated) in [
            ("RoPE", &["ROPE", "RoPe"][..]),
            ("ReAct", &["REACT"]),
            ("GaLore", &["GALORE"]),
            ("PyTorch", &["PYTORCH"]),
            ("ZeRO", &["ZERO", "ZeRo"]),
            ("FlashAttention2", &["FLASHATTENTION2"]),
        ] {
            let mut entry = Entry::new(name, "x");
            entry.kind = Kind::Name;
            let forms: Vec<String> = wrong_forms(&entry).into_iter().map(|w| w.text).collect();
            assert_eq!(forms, generated, "{name}");
        }
        // A term, and names in one case: nothing generated.
        let mut term = Entry::new("MatMul", "x");
        term.kind = Kind::Term;
        assert!(wrong_forms(&term).is_empty());
        for name in ["GRPO", "Adam", "GELU"] {
            let mut entry = Entry::new(name, "x");
            entry.kind = Kind::Name;
            assert!(wrong_forms(&entry).is_empty(), "{name}");
        }
        let mut github = Entry::new("GitHub", "x");
        github.kind = Kind::Name;
        let forms: Vec<String> = wrong_forms(&github).into_iter().map(|w| w.text).collect();
        assert_eq!(forms, ["Github", "GITHUB"]);
    }

    #[test]
    fn acronyms_in_mixed_case_have_their_capitals_and_a_lowered_ending_as_wrong_forms() {
        let mut lora = Entry::new("LoRA", "x");
        lora.kind = Kind::Acronym;
        lora.acronym = Some("LoRA".into());
        lora.expansion = Some("Low-Rank Adaptation".into());
        lora.wrong_forms = vec!["Lora".into()];
        let forms: Vec<(String, bool)> = wrong_forms(&lora)
            .into_iter()
            .map(|w| (w.text, w.generated))
            .collect();
        assert_eq!(
            forms,
            [
                ("Lora".to_string(), false),
                ("LORA".to_string(), true),
                ("LoRa".to_string(), true)
            ]
        );
        let mut vllm = Entry::new("vLLM", "x");
        vllm.kind = Kind::Name;
        let forms: Vec<String> = wrong_forms(&vllm).into_iter().map(|w| w.text).collect();
        assert_eq!(forms, ["VLLM", "vLlm"]);
        assert_eq!(last_capitals_lowered("QLoRA").as_deref(), Some("QLoRa"));
        assert_eq!(last_capitals_lowered("MoE"), None);
        assert_eq!(last_capitals_lowered("GRPO"), None);
    }

    #[test]
    fn case_rules() {
        for form in [
            "GRPO",
            "RoPE",
            "vLLM",
            "Constitutional AI",
            "C4",
            "KV cache",
        ] {
            assert!(is_case_sensitive(form), "{form}");
        }
        for form in ["attention", "Adam", "Common Crawl", "top-p", "Tülu 3"] {
            assert!(!is_case_sensitive(form), "{form}");
        }
    }

    #[test]
    fn hyphen_space_and_joined_variants() {
        let forms = texts(&Entry::new("chain-of-thought", "x"));
        for expected in [
            "chain-of-thought",
            "chain of thought",
            "chain–of–thought",
            "chain-of-thoughts",
            "chains of thought",
        ] {
            assert!(
                forms.contains(&expected.to_string()),
                "{expected} missing from {forms:?}"
            );
        }
        assert!(
            !forms
                .iter()
                .any(|f| f == "chainofthought" || f == "chain-of thought"),
            "{forms:?}"
        );
        let forms = texts(&Entry::new("pre-training", "x"));
        assert!(
            forms.contains(&"pretraining".to_string())
                && forms.contains(&"pre training".to_string())
        );
        let forms = texts(&Entry::new("KV cache", "x"));
        for expected in ["KV cache", "KV-cache", "KV caches"] {
            assert!(
                forms.contains(&expected.to_string()),
                "{expected} missing from {forms:?}"
            );
        }
    }

    #[test]
    fn plurals_and_singulars() {
        let mut llm = Entry::new("LLM", "x");
        llm.kind = Kind::Acronym;
        llm.acronym = Some("LLM".into());
        llm.expansion = Some("Large Language Model".into());
        let forms = surface_forms(&llm);
        let find = |t: &str| forms.iter().find(|f| f.text == t).cloned();
        assert!(find("LLMs").is_some_and(|f| f.plural && f.case_sensitive));
        assert!(find("Large Language Models").is_some_and(|f| f.plural && !f.case_sensitive));
        let forms = texts(&Entry::new("scaling laws", "x"));
        assert!(forms.contains(&"scaling law".to_string()));
        assert_eq!(
            plural_of("Mixture of Experts", FormRole::Name).as_deref(),
            Some("Mixtures of Experts")
        );
        assert_eq!(
            plural_of("policy", FormRole::Name).as_deref(),
            Some("policies")
        );
        assert_eq!(
            plural_of("batch", FormRole::Name).as_deref(),
            Some("batches")
        );
        for (plural, singular) in [
            ("Mixtures of Experts", "Mixture of Experts"),
            ("Mixture of Experts", "Mixture of Experts"),
            ("Large Language Models", "Large Language Model"),
            ("policies", "policy"),
            ("batches", "batch"),
            ("cross-entropy loss", "cross-entropy loss"),
        ] {
            assert_eq!(singular_long_form(plural), singular);
        }
        let forms = texts(&Entry::new("\"aha moment\"", "x"));
        assert!(
            forms.contains(&"aha moment".to_string()) && !forms.iter().any(|f| f.contains('"'))
        );
        let forms = texts(&Entry::new("length / format reward", "x"));
        assert!(
            forms.contains(&"length reward".to_string())
                && forms.contains(&"format reward".to_string())
        );
        assert!(!forms.contains(&"length".to_string()));
        let forms = texts(&Entry::new("SSM / hybrid architectures", "x"));
        assert!(
            forms.contains(&"SSM".to_string())
                && forms.contains(&"hybrid architecture".to_string())
        );
        let forms = texts(&Entry::new("Goodhart’s law", "x"));
        assert!(forms.contains(&"Goodhart's law".to_string()));
    }
}
