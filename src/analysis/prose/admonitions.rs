//! Admonitions and directives: the boxed notes documentation sites put around prose.
//!
//! Three syntaxes show up in real docs:
//!
//! - MkDocs (Python-Markdown admonition, pymdownx.details, pymdownx.tabbed): a marker line `!!! note`,
//!   `!!! warning "Title"`, `???+ info`, `=== "Tab"` followed by a body indented by four spaces. CommonMark
//!   would read that body as an indented code block; it is prose.
//! - MyST / Sphinx: a fence whose info string is a directive, ```` ```{note} ```` or `:::{note}`. For the
//!   admonition-like directives the body is Markdown prose; other directives (`{code-block}`, `{math}`,
//!   `{toctree}`…) keep their fenced-code reading.
//! - Docusaurus: `:::note Title` … `:::`.
//!
//! A fourth is no syntax at all: a block quote that opens with a label, `> **Note:** …`,
//! `> ⚠️ Warning:`, the way READMEs wrote notes before GitHub's `> [!NOTE]` alerts
//! ([`opens_with_a_note_label`]).
//!
//! This file only recognises the marker lines; [`super::structure`] finds the extent of each body.

use std::ops::Range;

use super::BlockKind;

/// A MkDocs marker line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Marker {
    /// The quoted title, without the quotes, relative to the line start; `None` when the marker has none
    /// (the site then shows the type, "Note", which is not in the text).
    pub title: Option<Range<usize>>,
}

/// Recognises `!!! type "Title"`, `??? type`, `???+ type "Title"` (Python-Markdown's
/// `!!! ?([\w\-]+(?: +[\w\-]+)*)(?: +"(.*?)")? *$`) and pymdownx.tabbed's `=== "Title"` (with an optional
/// `!` or `+`). The marker must start the line.
pub(super) fn mkdocs_marker(line: &str) -> Option<Marker> {
    let (mut i, needs_type) = if line.starts_with("!!!") {
        (3, true)
    } else if line.starts_with("???+") {
        (4, true)
    } else if line.starts_with("???") {
        (3, true)
    } else if line.starts_with("===") {
        let flags = line
            .get(3..)?
            .bytes()
            .take_while(|&b| b == b'!' || b == b'+')
            .count();
        (3 + flags.min(2), false)
    } else {
        return None;
    };
    if needs_type {
        if line.as_bytes().get(i) == Some(&b' ') {
            i += 1;
        }
        let first = word_len(line, i);
        if first == 0 {
            return None;
        }
        i += first;
        loop {
            let spaces = spaces_at(line, i);
            let next = word_len(line, i + spaces);
            if spaces == 0 || next == 0 {
                break;
            }
            i += spaces + next;
        }
    }
    let rest = line.get(i..)?;
    let kept = rest.trim_end();
    if kept.is_empty() {
        return needs_type.then_some(Marker { title: None });
    }
    let spaces = spaces_at(line, i);
    let quoted = kept.get(spaces..)?;
    if spaces == 0 || quoted.len() < 2 || !quoted.starts_with('"') || !quoted.ends_with('"') {
        return None;
    }
    let title = i + spaces + 1..i + kept.len() - 1;
    Some(Marker {
        title: (title.start < title.end).then_some(title),
    })
}

/// The length in bytes of the run of `[\w-]` characters at `i`.
fn word_len(line: &str, i: usize) -> usize {
    line.get(i..).map_or(0, |rest| {
        rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_alphanumeric() || c == '_' || c == '-')
                .len()
    })
}

/// The number of spaces at `i`.
fn spaces_at(line: &str, i: usize) -> usize {
    line.get(i..)
        .map_or(0, |rest| rest.bytes().take_while(|&b| b == b' ').count())
}

/// What a directive's argument (the text after its name on the opening line) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Argument {
    /// A title: `{admonition} Title`, `:::note Title`.
    Title,
    /// The first line of the body: Sphinx reads `{note} Some text` that way.
    Body,
    /// Not prose: a version number, a path.
    Ignored,
}

/// A directive fence's opening: its name and its argument (relative to the line start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Directive {
    /// `None` when the directive is not one whose body is prose.
    pub prose: Option<Argument>,
    pub argument: Option<Range<usize>>,
}

/// The directives whose body is prose, and what their argument is.
const PROSE_DIRECTIVES: &[(&str, Argument)] = &[
    ("admonition", Argument::Title),
    ("attention", Argument::Body),
    ("caution", Argument::Body),
    ("danger", Argument::Body),
    ("error", Argument::Body),
    ("hint", Argument::Body),
    ("important", Argument::Body),
    ("note", Argument::Body),
    ("seealso", Argument::Body),
    ("tip", Argument::Body),
    ("warning", Argument::Body),
    ("info", Argument::Title),
    ("success", Argument::Title),
    ("secondary", Argument::Title),
    ("question", Argument::Title),
    ("example", Argument::Title),
    ("abstract", Argument::Title),
    ("quote", Argument::Title),
    ("todo", Argument::Title),
    ("bug", Argument::Title),
    ("failure", Argument::Title),
    ("dropdown", Argument::Title),
    ("topic", Argument::Title),
    ("sidebar", Argument::Title),
    ("margin", Argument::Title),
    ("card", Argument::Title),
    ("grid-item-card", Argument::Title),
    ("tab-item", Argument::Title),
    ("versionadded", Argument::Ignored),
    ("versionchanged", Argument::Ignored),
    ("versionremoved", Argument::Ignored),
    ("deprecated", Argument::Ignored),
];

/// Docusaurus' `:::name` uses these names without braces; anything else after bare colons is left alone.
const DOCUSAURUS: &[&str] = &[
    "note",
    "tip",
    "info",
    "warning",
    "danger",
    "caution",
    "important",
    "success",
    "secondary",
];

fn prose_directive(name: &str) -> Option<Argument> {
    PROSE_DIRECTIVES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, a)| a)
}

/// Reads a directive from the text after a fence, `info` bytes into `line`: `{name} argument` (MyST), or
/// for colon fences also `name argument` / `name[argument]` (Docusaurus). `None` when the fence is not a
/// directive.
pub(super) fn directive(line: &str, info: usize, colon: bool) -> Option<Directive> {
    let rest = line.get(info..)?;
    let lead = rest.len() - rest.trim_start().len();
    let rest = rest.trim_start();
    let start = info + lead;
    let (name, after) = if let Some(inner) = rest.strip_prefix('{') {
        let close = inner.find('}')?;
        (inner.get(..close)?, start + 1 + close + 1)
    } else if colon {
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        let name = rest.get(..len)?;
        if !DOCUSAURUS.iter().any(|d| d.eq_ignore_ascii_case(name)) {
            return None;
        }
        (name, start + len)
    } else {
        return None;
    };
    if name.is_empty() {
        return None;
    }
    let mut argument = line.get(after..).map(|s| {
        let s_trim = s.trim();
        let begin = after + (s.len() - s.trim_start().len());
        begin..begin + s_trim.len()
    });
    // Docusaurus puts a title in brackets: `:::tip[Title]`.
    if let Some(arg) = argument.clone() {
        let text = line.get(arg.clone()).unwrap_or("");
        if colon && text.starts_with('[') && text.ends_with(']') && text.len() >= 2 {
            argument = Some(arg.start + 1..arg.end - 1);
        }
    }
    let argument = argument.filter(|r| r.start < r.end);
    let prose = if colon && !rest.starts_with('{') {
        Some(Argument::Title)
    } else {
        prose_directive(name)
    };
    Some(Directive { prose, argument })
}

/// The block kind an argument becomes, if it is prose.
pub(super) fn argument_kind(argument: Argument) -> Option<BlockKind> {
    match argument {
        Argument::Title => Some(BlockKind::Title),
        Argument::Body => Some(BlockKind::Body),
        Argument::Ignored => None,
    }
}

/// A directive option line right after the opening fence (`:class: tip`, `:name: my-note`): not prose.
pub(super) fn is_option_line(line: &str) -> bool {
    let t = line.trim_start();
    let Some(rest) = t.strip_prefix(':') else {
        return false;
    };
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    name_len > 0 && rest.get(name_len..).is_some_and(|r| r.starts_with(':'))
}

/// The labels a writer opens a note of their own with.
const NOTE_LABELS: &[&str] = &[
    "note",
    "notes",
    "nb",
    "tip",
    "tips",
    "hint",
    "warning",
    "caution",
    "important",
    "attention",
    "info",
    "danger",
    "remark",
    "reminder",
    "disclaimer",
    "notice",
    "announcement",
    // What a page or a lesson sets out to do (`> **Goal**: measure how MHA, GQA and MQA …`).
    "goal",
    "goals",
    "objective",
    "objectives",
    "prerequisite",
    "prerequisites",
    "summary",
    "takeaway",
    "takeaways",
    // A course's boxes, numbered or not (`> **Exercise 4.1.2: PEFT**`).
    "exercise",
    "exercises",
    "example",
    "question",
    "questions",
    "task",
    "problem",
    "solution",
    "quiz",
];

/// Whether a block quote whose source is `quote` (from its first `>`) opens with a note's label: `>
/// **Note:** …`, `> **Warning**`, `> ⚠️ Note:`, `> 💡 Tip: …`, `> NOTE: …`, a label alone on its line.
/// Such a quote is the author's aside set off as a box, as a GitHub alert is, not someone else's
/// words. The label is a word of [`NOTE_LABELS`] with a capital, after symbols (an emoji) and
/// emphasis markers, maybe after one capitalised word that says which (`**⚠️ Deprecation Notice:**`,
/// `**Security Warning:**`), and then a colon or the end of the line, or emphasis that closes around
/// it (`**Note** the weights …`), or, for "Note" alone, " that" (`> Note that each file is …`: quoted
/// speech hardly opens so, READMEs' asides often do). An emoji alone before a colon is such a label
/// too (`> 📢: We release …`). A course's boxes are asides too, with a number after the label or
/// in inline HTML (`> <strong><span …>Exercise 4.1.2: PEFT</span></strong>`), and so are a page's
/// goals, prerequisites and summary. A label the list lacks (`> **Abstract:**`) leaves a
/// quotation: pasted abstracts open so.
pub(super) fn opens_with_a_note_label(quote: &str) -> bool {
    let line = quote.lines().next().unwrap_or_default();
    let mut line = line.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
    // Inline HTML that styles the label (`<strong><span style="color:…">Exercise 4.1.2`).
    while let Some(rest) = line
        .strip_prefix('<')
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()))
        .and_then(|rest| rest.split_once('>'))
        .map(|(_, rest)| rest.trim_start())
    {
        line = rest;
    }
    let symbols =
        line.trim_start_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '*' | '_' | ':'));
    if symbols.len() < line.len() && symbols.starts_with(':') {
        return true;
    }
    let line = line.trim_start_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '*' | '_'));
    let emphasis = line.len() - line.trim_start_matches(['*', '_']).len();
    // An emoji may stand inside the emphasis too: "**⚠️ Deprecation Notice:**".
    let line = line
        .get(emphasis..)
        .unwrap_or_default()
        .trim_start_matches(|c: char| !c.is_alphanumeric());
    let word_end = |line: &str| {
        line.find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(line.len())
    };
    let first_end = word_end(line);
    // "Deprecation Notice": a capitalised word, then the label.
    let mut qualified = false;
    let line = match line
        .get(first_end..)
        .and_then(|rest| rest.strip_prefix(' '))
    {
        Some(rest)
            if line.starts_with(|c: char| c.is_ascii_uppercase())
                && !NOTE_LABELS.iter().any(|l| {
                    line.get(..first_end)
                        .is_some_and(|w| l.eq_ignore_ascii_case(w))
                })
                && NOTE_LABELS.iter().any(|l| {
                    rest.get(..word_end(rest))
                        .is_some_and(|w| l.eq_ignore_ascii_case(w))
                }) =>
        {
            qualified = true;
            rest
        }
        _ => line,
    };
    let word_end = word_end(line);
    let word = line.get(..word_end).unwrap_or_default();
    // After a word that says which, the label may be in lower case ("**Audit note:**").
    let capitalised = qualified || word.starts_with(|c: char| c.is_ascii_uppercase());
    if !capitalised || !NOTE_LABELS.iter().any(|l| l.eq_ignore_ascii_case(word)) {
        return false;
    }
    let after = line.get(word_end..).unwrap_or_default();
    // A numbered box: "Exercise 4.1.2:", "Example 3".
    let after = match after.strip_prefix(' ') {
        Some(number) if number.starts_with(|c: char| c.is_ascii_digit()) => {
            number.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
        }
        _ => after,
    };
    let closed = after.trim_start_matches(':');
    let closes_emphasis = emphasis > 0 && closed.starts_with(['*', '_']);
    let note_that = word.eq_ignore_ascii_case("note") && after.starts_with(" that ");
    after.starts_with(':') || after.trim().is_empty() || closes_emphasis || note_that
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(line: &str) -> Option<Option<&str>> {
        mkdocs_marker(line).map(|m| m.title.map(|r| &line[r]))
    }

    #[test]
    fn mkdocs_markers() {
        assert_eq!(title("!!! note"), Some(None));
        assert_eq!(title("!!!note"), Some(None));
        assert_eq!(
            title("!!! warning \"Mind the KV cache\""),
            Some(Some("Mind the KV cache"))
        );
        assert_eq!(
            title("???+ info \"A \"quoted\" title\"  "),
            Some(Some("A \"quoted\" title"))
        );
        assert_eq!(title("??? danger inline end"), Some(None));
        assert_eq!(title("!!! note \"\""), Some(None));
        assert_eq!(title("=== \"Tab one\""), Some(Some("Tab one")));
        assert_eq!(title("===+ \"Tab\""), Some(Some("Tab")));
        assert_eq!(title("!!!"), None);
        assert_eq!(title("!!! note: not a marker"), None);
        assert_eq!(title("!!! note \"unclosed"), None);
        assert_eq!(title("==="), None);
        assert_eq!(title("=== Tab"), None);
        assert_eq!(title("Wow!!! note"), None);
    }

    fn arg(line: &str, info: usize, colon: bool) -> Option<(Option<Argument>, Option<&str>)> {
        directive(line, info, colon).map(|d| (d.prose, d.argument.map(|r| &line[r])))
    }

    #[test]
    fn directives() {
        assert_eq!(
            arg("```{note}", 3, false),
            Some((Some(Argument::Body), None))
        );
        assert_eq!(
            arg("```{admonition} My title ", 3, false),
            Some((Some(Argument::Title), Some("My title")))
        );
        assert_eq!(
            arg("```{code-block} python", 3, false),
            Some((None, Some("python")))
        );
        assert_eq!(arg("```python", 3, false), None);
        assert_eq!(arg(":::{tip}", 3, true), Some((Some(Argument::Body), None)));
        assert_eq!(
            arg(":::note Read this", 3, true),
            Some((Some(Argument::Title), Some("Read this")))
        );
        assert_eq!(
            arg(":::tip[Nice]", 3, true),
            Some((Some(Argument::Title), Some("Nice")))
        );
        assert_eq!(arg(":::unknown", 3, true), None);
        assert_eq!(arg("```{}", 3, false), None);
        assert!(is_option_line(":class: dropdown"));
        assert!(is_option_line("  :open:"));
        assert!(!is_option_line(": not an option"));
        assert!(!is_option_line("text"));
    }

    #[test]
    fn a_note_label_opens_the_authors_aside() {
        for quote in [
            "> **Note:** download the weights first.",
            "> **Note**: lighteval is untested on Windows.",
            "> **WARNING** This recipe is in an early stage.",
            "> ⚠️ Note:  \n>\n> - dense layers",
            "> 💡 Tip: use bf16.",
            "> Note: these metrics are per group.",
            "> Note that each file is processed by one task.",
            "> *Important*",
            "> **⚠️ Deprecation Notice:** This repository is no longer maintained.",
            "> **Security Warning**: keep keys out of prompts.",
            "> 📢: We release the 7B checkpoints.",
            "> **Announcement:** v2 is out.",
            "> <strong><span style=\"color:#D83D2B;\">Exercise 4.1.2: PEFT</span></strong>",
            "> **Exercise 3**",
            "> **Question:** how many parameters does LoRA train?",
            "> **Goal**: see how MHA, GQA and MQA affect the KV cache.",
            "> **Prerequisites**: a GPU with 24 GB.",
            "> **Audit note:** Day 19 covers MoE.",
        ] {
            assert!(opens_with_a_note_label(quote), "{quote}");
        }
        for quote in [
            "> The paper says DPO is simpler.",
            "> Notes from the field were mixed.",
            "> note: lower case reads as someone's text",
            "> Noteworthy: not a label",
            "> Tipping points matter.",
            "> **Abstract:** Large language models (LLMs) are trained …",
            "> The Deprecation notice came late.",
            "> A Note on the method follows.",
            "> A: the answer is 42.",
            "> Example 3 shows that RLHF helps.",
            "> <em>The</em> paper says DPO is simpler.",
            "> Questions remain about DPO.",
            "> Our goal was to align the model.",
            "> The Audit note came late.",
        ] {
            assert!(!opens_with_a_note_label(quote), "{quote}");
        }
    }
}
