//! Whether a token is a segment of a file or folder path written in running text ("the scripts in
//! examples/NLU/", "[scripts/RLHF/train_ppo.py](…)"): it names a folder or a file, not the reader's
//! natural language understanding, so it is no use of the acronym.

use std::ops::Range;

use crate::text::slice::Slice;

/// Characters that end a path written in prose: spaces, brackets, quotes and emphasis around it.
fn ends_a_path(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | ')' | '[' | ']' | '<' | '>' | '`' | '"' | '\'' | '*' | ',' | ';' | '|'
        )
}

/// Whether the token at `range` of `text` is a whole segment of a path: beside a `/`, in a run of
/// non-space characters that reads as a path (it ends with `/`, its last segment has a file
/// extension, or it starts as a relative or home path), one of whose segments is in lower case
/// ("examples", "scripts"). "SFT/RLHF", "TP/PP/DP" and "LLM/agent" are the writer's slash lists:
/// no lower-case folder, or no path's shape.
pub fn in_a_path(text: &str, range: &Range<usize>) -> bool {
    let Some(word) = path_around(text, range, '/') else {
        return false;
    };
    let segments: Vec<&str> = word.split('/').collect();
    let lower_case_folder = segments.iter().any(|s| {
        s.chars().any(|c| c.is_ascii_lowercase()) && !s.chars().any(|c| c.is_ascii_uppercase())
    });
    let shaped = word.ends_with('/')
        || word.starts_with("./")
        || word.starts_with("../")
        || word.starts_with("~/")
        || segments.last().is_some_and(|last| has_an_extension(last));
    lower_case_folder && shaped
}

/// Whether the token at `range` of `text` is a whole segment of a Windows path ("MLOPS\Dockerfile",
/// "MLOPS\CI-workflow.yml"). Writers never list words with a backslash, so the shape alone decides:
/// two segments or more, none empty, each of letters, digits, dots, dashes and underscores. Asked of
/// the flat text, where Markdown's escapes and LaTeX's commands are gone: a backslash left there
/// stands in the writer's text.
pub fn in_a_windows_path(text: &str, range: &Range<usize>) -> bool {
    path_around(text, range, '\\').is_some_and(|word| {
        word.split('\\').all(|segment| {
            !segment.is_empty()
                && segment
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
        })
    })
}

/// The run of non-space characters around the token at `range` when the token is a whole segment of
/// it beside `separator`, without a sentence's own punctuation after it.
fn path_around(text: &str, range: &Range<usize>, separator: char) -> Option<String> {
    let before = text.slice(..range.start);
    let after = text.slice(range.end..);
    if !(before.ends_with(separator) || after.starts_with(separator)) {
        return None;
    }
    // The token is the segment: no letter or digit joins it.
    let joins = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if joins(before.chars().next_back()) || joins(after.chars().next()) {
        return None;
    }
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| !ends_a_path(c))
        .last()
        .map_or(before.len(), |(i, _)| i);
    let end = after.find(ends_a_path).unwrap_or(after.len());
    let word = format!(
        "{}{}{}",
        before.slice(start..),
        text.slice(range.clone()),
        after.slice(..end)
    );
    // A sentence's own punctuation after the path is not part of it.
    Some(word.trim_end_matches(['.', ':', '!', '?']).to_string())
}

/// Whether a path's last segment ends in a file extension: a dot, then one to five letters and
/// digits with a letter among them ("train_ppo.py", "config.yaml"; not "v1.5").
fn has_an_extension(segment: &str) -> bool {
    segment.rsplit_once('.').is_some_and(|(name, extension)| {
        !name.is_empty()
            && (1..=5).contains(&extension.len())
            && extension.chars().all(|c| c.is_ascii_alphanumeric())
            && extension.chars().any(|c| c.is_ascii_alphabetic())
    })
}

#[cfg(test)]
mod tests {
    use super::{in_a_path, in_a_windows_path};

    fn at(text: &str, token: &str) -> bool {
        let start = text.find(token).expect("token in text");
        in_a_path(text, &(start..start + token.len()))
    }

    #[test]
    fn folders_and_files_are_paths() {
        assert!(at("The scripts live in examples/NLU/ here.", "NLU"));
        assert!(at("and in scripts/RLHF/.", "RLHF"));
        assert!(at(
            "See [scripts/RLHF/train_ppo.py](scripts/RLHF/train_ppo.py) for",
            "RLHF"
        ));
        assert!(at("* [examples/NLG/](examples/NLG) contains", "NLG"));
        assert!(at("Edit configs/SFT.yaml first.", "SFT"));
        assert!(at("Run ./RLHF/run.sh now.", "RLHF"));
    }

    #[test]
    fn slash_lists_are_the_writers_words() {
        assert!(!at("We compare SFT/RLHF models.", "RLHF"));
        assert!(!at("Shard with TP/PP/DP groups.", "PP"));
        assert!(!at("An LLM/agent framework.", "LLM"));
        assert!(!at("Stages: SFT/RLHF/DPO.", "RLHF"));
        assert!(!at("pre-training/SFT pipelines", "SFT"));
        assert!(!at("See the RLHF/v1.5 notes.", "RLHF"));
    }

    #[test]
    fn backslash_paths_are_paths() {
        let at = |text: &str, token: &str| {
            let start = text.find(token).expect("token in text");
            in_a_windows_path(text, &(start..start + token.len()))
        };
        assert!(at("Please check MLOPS\\CI-workflow.yml before.", "MLOPS"));
        assert!(at("Then see MLOPS\\Dockerfile for the image.", "MLOPS"));
        assert!(at("Open src\\RLHF\\train.py.", "RLHF"));
        assert!(!at("The MLOPS team.", "MLOPS"));
        assert!(!at("A stray MLOPS\\ here.", "MLOPS"));
        assert!(!at("Odd MLOPS\\{x} here.", "MLOPS"));
    }
}
