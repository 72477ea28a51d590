//! `check --diff`: what `--fix` would change, as a unified diff (the format of `diff -u` and git),
//! file after file in the report's order:
//!
//! ```text
//! --- a/docs/intro.md
//! +++ b/docs/intro.md
//! @@ -1 +1 @@
//! -Most MoE models run on a GPU.
//! +Most Mixture of Experts (MoE) models run on a GPU.
//! ```
//!
//! Hunks have 3 lines of context. The diffing and the hunks are `similar`'s; this module only chooses
//! the lines. Lines end at `\n` alone and keep their ending, so a CRLF file's lines print with their
//! `\r\n` (as `diff -u` prints them, and as `patch` and `git apply` expect), and a lone `\r` inside a
//! line stays part of it (`similar`'s own line splitter would end a line there, printing a diff line
//! that no longer starts with its `-`/`+`/` ` tag). A last line without a newline is followed by
//! `\ No newline at end of file`. (One case is left to `similar`: a last line ending in a lone `\r`
//! counts as terminated, so it gets no such marker.)

use std::path::Path;

use similar::TextDiff;

use super::slashed;
use crate::check::{FileReport, Report};

/// The diffs of every file of `report` with a previewed fix, one after another.
pub fn render(report: &Report) -> String {
    report.files.iter().map(self::file).collect()
}

/// The diff of one file, empty when it has no previewed fix.
pub fn file(file: &FileReport) -> String {
    file.fixed
        .as_deref()
        .map(|fixed| unified(&file.path, &file.text, fixed))
        .unwrap_or_default()
}

/// The unified diff from `before` to `after` of the file at `path`: headers `--- a/PATH` and
/// `+++ b/PATH` for a relative path (as git writes them; `patch -p1` applies it), or the path itself in
/// both for an absolute one (as `diff -u` writes it). Empty when the texts are the same.
pub fn unified(path: &Path, before: &str, after: &str) -> String {
    let name = slashed(&path.to_string_lossy());
    let (old, new) = if path.is_absolute() {
        (name.clone(), name)
    } else {
        (format!("a/{name}"), format!("b/{name}"))
    };
    let before: Vec<&str> = before.split_inclusive('\n').collect();
    let after: Vec<&str> = after.split_inclusive('\n').collect();
    TextDiff::configure()
        // The slices are lines that keep their endings: the unified diff adds no newline but the
        // "\ No newline at end of file" marker.
        .newline_terminated(true)
        .diff_slices(&before, &after)
        .unified_diff()
        .context_radius(3)
        .header(&old, &new)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_three_lines_and_far_changes_make_two_hunks() {
        let before = "1\n2\n3\n4 MoE\n5\n6\n7\n8\n9\n10\n11\n12 PPO\n13\n";
        let after = "1\n2\n3\n4 Mixture of Experts (MoE)\n5\n6\n7\n8\n9\n10\n11\n12 Proximal Policy Optimization (PPO)\n13\n";
        assert_eq!(
            unified(Path::new("docs/a.md"), before, after),
            "\
--- a/docs/a.md
+++ b/docs/a.md
@@ -1,7 +1,7 @@
 1
 2
 3
-4 MoE
+4 Mixture of Experts (MoE)
 5
 6
 7
@@ -9,5 +9,5 @@
 9
 10
 11
-12 PPO
+12 Proximal Policy Optimization (PPO)
 13
"
        );
    }

    #[test]
    fn crlf_lines_keep_their_endings_and_a_lone_cr_stays_inside_its_line() {
        assert_eq!(
            unified(Path::new("a.md"), "x\r\nMoE\r\ny\rz\r\n", "x\r\nMixture of Experts (MoE)\r\ny\rZ\r\n"),
            "--- a/a.md\n+++ b/a.md\n@@ -1,3 +1,3 @@\n x\r\n-MoE\r\n-y\rz\r\n+Mixture of Experts (MoE)\r\n+y\rZ\r\n"
        );
    }

    #[test]
    fn a_last_line_without_newline_is_marked() {
        assert_eq!(
            unified(Path::new("a.md"), "MoE", "Mixture of Experts (MoE)"),
            "\
--- a/a.md
+++ b/a.md
@@ -1 +1 @@
-MoE
\\ No newline at end of file
+Mixture of Experts (MoE)
\\ No newline at end of file
"
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_absolute_path_is_written_as_it_is_in_both_headers() {
        assert!(unified(Path::new("/tmp/a.md"), "MoE\n", "M\n")
            .starts_with("--- /tmp/a.md\n+++ /tmp/a.md\n@@"));
    }

    #[test]
    fn the_same_text_has_no_diff() {
        assert_eq!(unified(Path::new("a.md"), "same\n", "same\n"), "");
    }
}
