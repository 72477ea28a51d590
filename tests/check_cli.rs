//! `glossary-ls check` end to end: the real binary on temporary folders, asserting what a user sees
//! (stdout, stderr, exit status, files on disk).
//!
//! Some tests depend on real findings and pin one worked example ("Most MoE models run on a GPU." →
//! one `acronym-not-spelled-out` warning at 1:6 whose preferred fix writes "mixture of experts
//! (MoE)"; docs/rules.md says why). The others hold whatever the engine finds: they use clean text, or
//! observe which files were read through size notes and UTF-8 errors, which the engine has no say in.

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_glossary-ls");

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

/// A temporary folder with these files (parents created).
fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("tempdir");
    for (name, contents) in files {
        let path = root.path().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, contents).expect("write");
    }
    root
}

fn json_of(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).expect("stdout is JSON")
}

const MOE: &[u8] = b"Most MoE models run on a GPU.\n";

// ---------------------------------------------------------------- which files are read

#[test]
fn a_clean_tree_exits_0_with_only_the_summary() {
    let root = tree(&[
        ("README.md", b"Hello, world.\n"),
        ("docs/guide.md", b"# Guide\n\nPlain words only.\n"),
    ]);
    let out = run(root.path(), &["check", "--color", "never"]);
    assert_eq!(out.stdout, "No findings (2 files checked)\n");
    assert_eq!(out.stderr, "", "nothing on stderr for a quiet run");
    assert_eq!(out.code, 0);
}

/// Every selected file is over `max-file-size = 1`, so each one read is named in a note: the notes
/// show exactly which files the walk picked, in order.
#[test]
fn ignore_files_and_the_governing_configs_extensions_choose_the_files() {
    let root = tree(&[
        (".glossary-ls.toml", b"max-file-size = 1\n"),
        (".gitignore", b"build/\n*.draft.md\n"),
        (".ignore", b"private/\n"),
        ("build/out.md", b"generated\n"),
        ("private/secret.md", b"hidden\n"),
        ("b.md", b"two\n"),
        ("a.draft.md", b"draft\n"),
        ("a.md", b"one\n"),
        ("notes.txt", b"text\n"),
        ("main.rs", b"fn main() {}\n"),
        ("page.rst", b"rest\n"),
        (".hidden/x.md", b"hidden folder\n"),
        // This folder's config says which extensions it has.
        (
            "site/.glossary-ls.toml",
            b"max-file-size = 1\n[extensions]\nmarkdown = [\"rst\"]\ntext = []\n",
        ),
        ("site/index.rst", b"rest\n"),
        ("site/index.md", b"not markdown here\n"),
        ("site/notes.txt", b"nor text\n"),
    ]);
    let out = run(root.path(), &["check", "--color", "never"]);
    let note = |path: &str, size: usize| {
        format!("note: {path}: skipped: {size} bytes is over the limit of 1 (`max-file-size` in the config)\n")
    };
    assert_eq!(
        out.stderr,
        [
            note("a.md", 4),
            note("b.md", 4),
            note("notes.txt", 5),
            // reStructuredText has a reader of its own, whatever the lists say.
            note("page.rst", 5),
            note("site/index.rst", 5),
        ]
        .concat()
    );
    assert_eq!(out.stdout, "No findings (0 files checked)\n");
    assert_eq!(out.code, 0);
}

/// A repository that keeps its glossary as text: the glossary's lines are data, not prose to review.
#[test]
fn glossary_files_named_in_the_config_or_on_the_command_line_are_not_documents() {
    const TERMS: &[u8] = "- GRPO Introduced in §23 · GRPO\n- Group Relative Policy Optimization — like PPO, without a critic.\n".as_bytes();
    let root = tree(&[
        (".glossary-ls.toml", b"glossaries = [\"data/terms.txt\"]\n"),
        ("data/terms.txt", TERMS),
        ("data/more.txt", TERMS),
        ("docs/a.md", b"Plain words only.\n"),
    ]);
    let out = run(
        root.path(),
        &["check", "--color", "never", "--glossary", "data/more.txt"],
    );
    assert_eq!(out.stderr, "");
    assert_eq!(out.stdout, "No findings (1 file checked)\n");
    assert_eq!(out.code, 0);

    // Named on the command line, a glossary file is read: the user asked for it.
    let out = run(
        root.path(),
        &["check", "--format", "json", "data/terms.txt"],
    );
    assert_eq!(json_of(&out)["files_checked"], 1);
    assert_eq!(out.code, 1, "PPO is used and never spelled out");
}

#[test]
fn files_named_on_the_command_line_are_read_whatever_their_extension() {
    let root = tree(&[
        (".glossary-ls.toml", b"max-file-size = 1\n"),
        ("main.rs", b"fn main() {}\n"),
        ("docs/a.md", b"one\n"),
        ("docs/b.adoc", b"two\n"),
    ]);
    let out = run(
        root.path(),
        &["check", "main.rs", "./docs", "docs/b.adoc", "docs/a.md"],
    );
    assert_eq!(
        out.stderr,
        "\
note: docs/a.md: skipped: 4 bytes is over the limit of 1 (`max-file-size` in the config)
note: docs/b.adoc: skipped: 4 bytes is over the limit of 1 (`max-file-size` in the config)
note: main.rs: skipped: 13 bytes is over the limit of 1 (`max-file-size` in the config)
",
        "sorted by path, each file once"
    );
    assert_eq!(out.code, 0);
}

#[test]
fn config_flag_governs_every_file_and_no_config_ignores_them_all() {
    let root = tree(&[
        ("strict.toml", b"max-file-size = 1\n"),
        ("sub/.glossary-ls.toml", b"max-file-size = 1000\n"),
        ("sub/a.md", b"Hello.\n"),
        (".glossary-ls.toml", b"max-file-size = 1\n"),
        ("b.md", b"Hello.\n"),
    ]);
    let out = run(root.path(), &["--config", "strict.toml", "check"]);
    assert_eq!(
        out.stderr,
        "\
note: b.md: skipped: 7 bytes is over the limit of 1 (`max-file-size` in the config)
note: sub/a.md: skipped: 7 bytes is over the limit of 1 (`max-file-size` in the config)
"
    );
    let out = run(root.path(), &["check"]);
    assert_eq!(
        out.stderr,
        "note: b.md: skipped: 7 bytes is over the limit of 1 (`max-file-size` in the config)\n",
        "discovered: sub/ has its own config"
    );
    assert_eq!(out.stdout, "No findings (1 file checked)\n");
    let out = run(root.path(), &["--no-config", "check"]);
    assert_eq!(out.stderr, "");
    assert_eq!(out.stdout, "No findings (2 files checked)\n");
}

// ---------------------------------------------------------------- long lines

/// A Markdown paragraph is one long line: two findings far into it, one with its definition further
/// still, and one after wide characters (CJK, emoji: two columns each).
fn wide_document() -> String {
    let filler = "The run was long and the cluster was busy, so we wrote down every step we took along the way. ";
    format!(
        "# Notes\n\n{}We tried DPO first, because it needs no reward model. {}Later, Direct Preference \
         Optimization (DPO) won on every benchmark we ran. {}\n\n{}Most MoE models run on a GPU; {}\n",
        filler.repeat(4),
        filler.repeat(3),
        filler.repeat(2),
        "中文😀 ".repeat(40),
        filler.repeat(3),
    )
}

/// The source lines of a human report (`12 | text`), as wide as the terminal shows them.
fn source_line_widths(report: &str) -> Vec<usize> {
    report
        .lines()
        .filter(|line| {
            line.split_once(" | ")
                .is_some_and(|(n, _)| n.trim().parse::<u32>().is_ok())
        })
        .map(unicode_width::UnicodeWidthStr::width)
        .collect()
}

#[test]
fn long_lines_are_cut_to_80_columns_around_the_finding_when_stdout_is_not_a_terminal() {
    let root = tree(&[("wide.md", wide_document().as_bytes())]);
    let out = run(root.path(), &["check", "--color", "never", "wide.md"]);
    assert_eq!(out.code, 1);
    // 79 where a two-column character would have crossed the edge: it is left out, never split.
    assert_eq!(source_line_widths(&out.stdout), [80, 79], "{}", out.stdout);
    insta::assert_snapshot!("wide_line_cut_to_80_columns", out.stdout);
}

#[test]
fn width_sets_the_cut_and_has_a_floor() {
    let root = tree(&[("wide.md", wide_document().as_bytes())]);
    let out = run(
        root.path(),
        &["check", "--color", "never", "--width", "50", "wide.md"],
    );
    assert_eq!(source_line_widths(&out.stdout), [50, 50], "{}", out.stdout);
    // The marker stays under the acronym, after the wide characters.
    assert!(
        out.stdout.contains(
            "5 | … 中文😀 中文😀 Most MoE models run on a GPU;…\n  |                      ^^^\n"
        ),
        "{}",
        out.stdout
    );
    let out = run(root.path(), &["check", "--width", "5", "wide.md"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("invalid value '5' for '--width <N>'"),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------- errors and exit status 2

#[test]
fn a_malformed_config_exits_2_with_file_line_and_column() {
    let root = tree(&[
        (".glossary-ls.toml", b"ignore = [\"ACME\"]\ncolour = 1\n"),
        ("a.md", b"Hello.\n"),
    ]);
    let out = run(root.path(), &["check"]);
    assert_eq!(
        out.stderr,
        "error: .glossary-ls.toml:2:1: unknown field `colour`, expected one of `glossaries`, `discover`, `scope`, `ignore`, `audience`, `inlay-hints`, `max-file-size`, `builtin`, `severity`, `extensions`\n",
        "reported once, relative to the current folder"
    );
    assert_eq!(
        out.stdout, "",
        "no \"No findings (0 files checked)\" under an error: it reads as a pass"
    );
    assert_eq!(out.code, 2);
}

/// A mistyped CI path (`check src/` for `check docs/`) must not pass in silence.
#[test]
fn a_folder_with_no_file_to_check_is_an_error_alone_and_a_warning_beside_others() {
    let root = tree(&[
        ("src/main.rs", b"fn main() {}\n"),
        ("docs/a.md", b"Hello.\n"),
    ]);
    let out = run(root.path(), &["check", "src"]);
    assert_eq!(
        out.stderr,
        "error: no Markdown or text files found under src\n"
    );
    assert_eq!(out.stdout, "");
    assert_eq!(out.code, 2);

    let out = run(root.path(), &["check", "src", "docs"]);
    assert_eq!(
        out.stderr,
        "warning: no Markdown or text files found under src\n"
    );
    assert_eq!(out.stdout, "No findings (1 file checked)\n");
    assert_eq!(out.code, 0);

    // The JSON report is printed all the same: it is data, and says 0 files were checked.
    let out = run(root.path(), &["check", "--format", "json", "src"]);
    assert_eq!(out.code, 2);
    assert_eq!(json_of(&out)["files_checked"], 0);
}

#[test]
fn check_help_says_which_files_and_folders_a_walk_skips() {
    let root = tree(&[]);
    let out = run(root.path(), &["check", "--help"]);
    assert_eq!(out.code, 0);
    // clap wraps the help to the terminal's width: compare the words.
    let help = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        help.contains(
            "skipping hidden files and folders (names starting with \".\"), symbolic links, what \
             .gitignore, .ignore, .git/info/exclude and git's global excludes file ignore"
        ),
        "{help}"
    );
    assert!(
        help.contains("a run that finds no file at all an error (exit status 2)"),
        "{help}"
    );
}

#[test]
fn a_missing_file_alone_prints_its_error_and_no_summary() {
    let root = tree(&[("a.md", b"Hello.\n")]);
    let out = run(root.path(), &["check", "nope.md"]);
    assert_eq!(out.stderr, "error: nope.md: no such file or folder\n");
    assert_eq!(out.stdout, "");
    assert_eq!(out.code, 2);
}

#[test]
fn a_broken_glossary_exits_2_and_files_under_a_good_config_are_still_checked() {
    let root = tree(&[
        ("team/.glossary-ls.toml", b"glossaries = [\"terms.toml\"]\n"),
        (
            "team/terms.toml",
            b"[[term]]\nname = \"ACME\"\nkind = \"acronym\"\nbogus = 1\n",
        ),
        ("team/a.md", b"Hello.\n"),
        ("b.md", b"Hello.\n"),
    ]);
    let out = run(root.path(), &["check"]);
    assert!(
        out.stderr.starts_with("error: team/terms.toml:"),
        "file:line:col: message, got {:?}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert_eq!(out.stdout, "No findings (1 file checked)\n");
    assert_eq!(out.code, 2);
}

#[test]
fn a_non_utf8_file_is_an_error_and_the_others_are_still_checked() {
    let root = tree(&[
        ("a.md", b"Hello.\n"),
        ("bad.md", b"Fine first line.\nca\xffe\n"),
        ("c.md", b"Bye.\n"),
    ]);
    let out = run(root.path(), &["check", "--color", "never"]);
    assert_eq!(
        out.stderr,
        "error: bad.md:2:3: not valid UTF-8: only UTF-8 text can be checked (convert the file, or add it to .ignore)\n"
    );
    assert_eq!(out.stdout, "No findings (2 files checked)\n");
    assert_eq!(out.code, 2);

    let out = run(root.path(), &["check", "--format", "json"]);
    assert_eq!(
        json_of(&out),
        json!({
            "version": 1,
            "files_checked": 2,
            "findings": [],
            "errors": [{
                "file": "bad.md", "line": 2, "column": 3,
                "message": "not valid UTF-8: only UTF-8 text can be checked (convert the file, or add it to .ignore)"
            }]
        })
    );
    assert_eq!(out.code, 2);
}

#[test]
fn a_missing_path_exits_2_and_bad_arguments_are_usage_errors() {
    let root = tree(&[("a.md", b"Hello.\n")]);
    let out = run(root.path(), &["check", "a.md", "nope.md"]);
    assert_eq!(out.stderr, "error: nope.md: no such file or folder\n");
    assert_eq!(out.stdout, "No findings (1 file checked)\n");
    assert_eq!(out.code, 2);
    let out = run(root.path(), &["check", "--format", "xml"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("invalid value 'xml'"), "{}", out.stderr);
    assert_eq!(out.stdout, "");
    let out = run(root.path(), &["check", "--deny", "severe"]);
    assert_eq!(out.code, 2);
}

#[test]
fn the_stdio_flag_belongs_to_the_server_only() {
    let root = tree(&[("a.md", b"Hello.\n")]);
    let out = run(root.path(), &["--stdio", "check", "a.md"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("--stdio only applies to the language server"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout, "");
    let out = run(root.path(), &["check", "--stdio", "a.md"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unexpected argument '--stdio'"),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------- formats, engine-independent

#[test]
fn github_format_turns_errors_into_error_commands() {
    let root = tree(&[("bad.md", b"\xff\n"), ("a.md", b"Hello.\n")]);
    let out = run(root.path(), &["check", "--format", "github"]);
    assert_eq!(
        out.stdout,
        "::error file=bad.md,line=1,col=1,title=glossary-ls::not valid UTF-8: only UTF-8 text can be checked (convert the file, or add it to .ignore)\nNo findings (1 file checked)\n"
    );
    assert_eq!(out.code, 2);
}

/// The vendored OASIS schema (tests/fixtures/README.md), with its two `language` patterns' stray `]`
/// escaped: a literal in ECMA-262 that the validator's regex syntax refuses.
fn sarif_schema_errors(log: &Value) -> Vec<String> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-schema-2.1.0.json"),
    )
    .expect("schema fixture")
    .replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#,
    );
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    validator
        .iter_errors(log)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}

#[test]
fn sarif_output_of_the_binary_validates_and_carries_errors() {
    let root = tree(&[("bad.md", b"\xff\n"), ("a.md", b"Hello.\n")]);
    let out = run(root.path(), &["check", "--format", "sarif"]);
    assert_eq!(out.code, 2);
    let log = json_of(&out);
    assert_eq!(sarif_schema_errors(&log), Vec::<String>::new());
    let run_ = &log["runs"][0];
    assert_eq!(run_["tool"]["driver"]["name"], "glossary-ls");
    assert_eq!(run_["invocations"][0]["executionSuccessful"], false);
    assert_eq!(
        run_["invocations"][0]["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]
            ["artifactLocation"],
        json!({"uri": "bad.md", "uriBaseId": "%SRCROOT%"})
    );
    let base = run_["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("base uri");
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );
}

#[test]
fn machine_formats_keep_stdout_clean_with_fix() {
    let root = tree(&[("a.md", b"Hello.\n")]);
    let out = run(root.path(), &["check", "--fix", "--format", "json"]);
    assert_eq!(json_of(&out)["files_checked"], 1);
    assert_eq!(out.stderr, "fixed 0 findings in 0 files\n");
    assert_eq!(out.code, 0);
    let out = run(root.path(), &["check", "--fix", "--color", "never"]);
    assert_eq!(out.stdout, "No findings (1 file checked)\n");
    assert_eq!(out.stderr, "fixed 0 findings in 0 files\n");
}

// ---------------------------------------------------------------- with the engine (docs/rules.md)

#[test]

fn the_worked_example_gives_one_warning_at_line_1_column_6() {
    let root = tree(&[("a.md", MOE)]);
    let out = run(root.path(), &["check", "--format", "json"]);
    assert_eq!(out.code, 1, "a warning fails the default --deny warning");
    let report = json_of(&out);
    assert_eq!(report["files_checked"], 1);
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let moe = &findings[0];
    assert_eq!(moe["file"], "a.md");
    assert_eq!(moe["code"], "acronym-not-spelled-out");
    assert_eq!(moe["severity"], "warning");
    assert_eq!(moe["token"], "MoE");
    assert_eq!(moe["acronym"], "MoE");
    assert_eq!(moe["expansion"], "mixture of experts");
    assert_eq!(
        moe["range"],
        json!({"start": {"line": 1, "column": 6}, "end": {"line": 1, "column": 9}})
    );
    assert_eq!(moe["byte_range"], json!({"start": 5, "end": 8}));
    let preferred: Vec<_> = moe["fixes"]
        .as_array()
        .expect("fixes")
        .iter()
        .filter(|fix| fix["preferred"] == true)
        .collect();
    assert_eq!(preferred.len(), 1);
    assert_eq!(
        preferred[0]["edits"],
        json!([{
            "range": {"start": {"line": 1, "column": 6}, "end": {"line": 1, "column": 9}},
            "byte_range": {"start": 5, "end": 8},
            "replacement": "mixture of experts (MoE)"
        }])
    );

    let out = run(root.path(), &["check", "--color", "never"]);
    assert!(
        out.stdout.starts_with("warning[acronym-not-spelled-out]: "),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains(" --> a.md:1:6\n  |\n1 | Most MoE models run on a GPU.\n  |      ^^^\n"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("\nhelp: "), "{}", out.stdout);
    assert!(
        out.stdout
            .ends_with("\n\n1 warning in 1 file (1 file checked)\n"),
        "{}",
        out.stdout
    );
}

#[test]

fn deny_sets_the_least_severity_that_fails() {
    let root = tree(&[("a.md", MOE)]);
    for (deny, code) in [
        ("error", 0),
        ("warning", 1),
        ("information", 1),
        ("hint", 1),
    ] {
        let out = run(root.path(), &["check", "--deny", deny]);
        assert_eq!(out.code, code, "--deny {deny}");
    }
    let root = tree(&[
        (
            ".glossary-ls.toml",
            b"[severity]\nacronym-not-spelled-out = \"hint\"\n",
        ),
        ("a.md", MOE),
    ]);
    assert_eq!(
        run(root.path(), &["check"]).code,
        0,
        "a hint passes --deny warning"
    );
    assert_eq!(run(root.path(), &["check", "--deny", "hint"]).code, 1);
}

#[test]

fn fix_rewrites_the_file_and_reports_what_is_left() {
    let root = tree(&[("a.md", MOE), ("b.md", b"Hello.\n")]);
    let out = run(root.path(), &["check", "--fix", "--color", "never"]);
    assert_eq!(
        std::fs::read_to_string(root.path().join("a.md")).expect("read"),
        "Most mixture of experts (MoE) models run on a GPU.\n"
    );
    assert_eq!(
        std::fs::read_to_string(root.path().join("b.md")).expect("read"),
        "Hello.\n",
        "a file without fixes is not rewritten"
    );
    assert_eq!(out.stdout, "No findings (2 files checked)\n");
    assert_eq!(out.stderr, "fixed 1 finding in 1 file\n");
    assert_eq!(out.code, 0, "nothing left");
    let names: Vec<_> = std::fs::read_dir(root.path())
        .expect("ls")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
}

#[test]

fn output_is_sorted_by_path_then_position_on_every_run() {
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (
            "b.md".into(),
            b"PPO keeps a critic. Most MoE models run on a GPU.\n".to_vec(),
        ),
        (
            "a.md".into(),
            b"Intro.\n\nMost MoE models run on a GPU.\n".to_vec(),
        ),
        ("sub/c.md".into(), MOE.to_vec()),
        ("a-z.md".into(), MOE.to_vec()),
    ];
    // Enough files for the parallel analysis to interleave.
    for i in 0..60 {
        files.push((format!("many/f{i:02}.md"), MOE.to_vec()));
    }
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_slice()))
        .collect();
    let root = tree(&files);
    let first = run(root.path(), &["check", "--format", "json"]);
    let report = json_of(&first);
    let places: Vec<(String, u64, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["file"].as_str().expect("file").to_string(),
                f["range"]["start"]["line"].as_u64().expect("line"),
                f["range"]["start"]["column"].as_u64().expect("column"),
            )
        })
        .collect();
    let mut expected = vec![
        ("a-z.md".to_string(), 1, 6),
        ("a.md".to_string(), 3, 6),
        ("b.md".to_string(), 1, 1),
        ("b.md".to_string(), 1, 26),
    ];
    expected.extend((0..60).map(|i| (format!("many/f{i:02}.md"), 1, 6)));
    expected.push(("sub/c.md".to_string(), 1, 6));
    assert_eq!(places, expected);
    for _ in 0..3 {
        assert_eq!(
            run(root.path(), &["check", "--format", "json"]).stdout,
            first.stdout
        );
    }
}

#[test]

fn sarif_and_github_formats_of_the_worked_example() {
    let root = tree(&[("a.md", MOE)]);
    let out = run(root.path(), &["check", "--format", "sarif"]);
    assert_eq!(out.code, 1);
    let log = json_of(&out);
    assert_eq!(sarif_schema_errors(&log), Vec::<String>::new());
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "acronym-not-spelled-out");
    assert_eq!(result["level"], "warning");
    assert_eq!(
        result["locations"][0]["physicalLocation"],
        json!({
            "artifactLocation": {"uri": "a.md", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 9,
                       "snippet": {"text": "MoE"}}
        })
    );
    assert_eq!(
        result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "mixture of experts (MoE)"
    );

    let out = run(root.path(), &["check", "--format", "github"]);
    assert_eq!(out.code, 1);
    let lines: Vec<_> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    assert!(
        lines[0].starts_with(
            "::warning file=a.md,line=1,col=6,endLine=1,endColumn=9,title=glossary-ls (acronym-not-spelled-out)::"
        ),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1], "1 warning in 1 file (1 file checked)");
}

// ---------------------------------------------------------------- --diff and the fix summary

/// A short guide with two fixes far enough apart for two hunks: MoE spelled out on line 3, and the
/// definition of DPO moved from line 16 to its first use on line 14.
const GUIDE: &str = "\
# Serving notes

Most MoE models run on a GPU with a large KV cache.
Batching keeps the GPU busy; latency pays for it.

## Batching

Requests wait in a queue until a batch is full
or a deadline passes, whichever comes first.
Small batches keep latency low.

## Training

We tried DPO first. It was cheap to run.

Later, Direct Preference Optimization (DPO) was replaced by a
reward model and a policy-gradient loop.
That is all for now.
";

/// Each file's bytes, to show that a run wrote nothing.
fn contents(root: &Path, names: &[&str]) -> Vec<Vec<u8>> {
    names
        .iter()
        .map(|name| std::fs::read(root.join(name)).expect("read"))
        .collect()
}

#[test]
fn diff_prints_what_fix_would_change_and_writes_nothing() {
    let root = tree(&[("docs/guide.md", GUIDE.as_bytes())]);
    let out = run(root.path(), &["check", "--diff", "--color", "always"]);
    assert_eq!(
        out.stdout,
        "\
--- a/docs/guide.md
+++ b/docs/guide.md
@@ -1,6 +1,6 @@
 # Serving notes
 
-Most MoE models run on a GPU with a large KV cache.
+Most mixture of experts (MoE) models run on a GPU with a large key-value (KV) cache.
 Batching keeps the GPU busy; latency pays for it.
 
 ## Batching
@@ -11,8 +11,8 @@
 
 ## Training
 
-We tried DPO first. It was cheap to run.
+We tried Direct Preference Optimization (DPO) first. It was cheap to run.
 
-Later, Direct Preference Optimization (DPO) was replaced by a
+Later, DPO was replaced by a
 reward model and a policy-gradient loop.
 That is all for now.
",
        "the diff alone, uncoloured, and no report"
    );
    assert_eq!(out.stderr, "would fix 3 findings in 1 file\n");
    assert_eq!(out.code, 1, "the warnings still fail --deny warning");
    assert_eq!(
        contents(root.path(), &["docs/guide.md"]),
        [GUIDE.as_bytes()],
        "nothing written"
    );
    let names: Vec<_> = std::fs::read_dir(root.path().join("docs"))
        .expect("ls")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file: {names:?}");

    // What the diff shows is what --fix does.
    let out = run(root.path(), &["check", "--fix", "--color", "never"]);
    let fixed = std::fs::read_to_string(root.path().join("docs/guide.md")).expect("read");
    assert_eq!(
        fixed,
        GUIDE
            .replace("Most MoE", "Most mixture of experts (MoE)")
            .replace("large KV cache", "large key-value (KV) cache")
            .replace("tried DPO", "tried Direct Preference Optimization (DPO)")
            .replace("Later, Direct Preference Optimization (DPO)", "Later, DPO")
    );
    assert_eq!(out.stderr, "fixed 3 findings in 1 file\n");
    let out = run(root.path(), &["check", "--diff"]);
    assert_eq!(out.stdout, "", "nothing left to fix");
    assert_eq!(out.stderr, "would fix 0 findings in 0 files\n");
    assert_eq!(out.code, 0);
}

#[test]
fn diff_cannot_be_combined_with_fix_or_a_report_format() {
    let root = tree(&[("a.md", MOE)]);
    for (other, shown) in [
        (&["--fix"][..], "'--fix'"),
        (&["--format", "json"][..], "'--format <FORMAT>'"),
        (&["--format", "sarif"][..], "'--format <FORMAT>'"),
        (&["--format", "human"][..], "'--format <FORMAT>'"),
    ] {
        let args: Vec<&str> = ["check", "--diff"].iter().chain(other).copied().collect();
        let out = run(root.path(), &args);
        assert_eq!(out.code, 2, "{args:?} is a usage error");
        assert!(
            out.stderr.starts_with(&format!(
                "error: the argument '--diff' cannot be used with {shown}\n"
            )),
            "{args:?}: {}",
            out.stderr
        );
        assert_eq!(out.stdout, "");
    }
    assert_eq!(contents(root.path(), &["a.md"]), [MOE], "nothing written");
}

#[test]
fn diff_of_a_crlf_file_keeps_its_line_endings() {
    let text: &[u8] = b"Notes\r\n\r\nMost MoE models run on a GPU.\r\nBye.\r\n";
    let root = tree(&[("crlf.md", text)]);
    let out = run(root.path(), &["check", "--diff"]);
    assert_eq!(
        out.stdout,
        "--- a/crlf.md\n+++ b/crlf.md\n@@ -1,4 +1,4 @@\n Notes\r\n \r\n-Most MoE models run on a GPU.\r\n+Most mixture of experts (MoE) models run on a GPU.\r\n Bye.\r\n",
        "each diff line is its tag and the file's line with its own CRLF: as `diff -u` prints it"
    );
    assert_eq!(out.stderr, "would fix 1 finding in 1 file\n");
    assert_eq!(contents(root.path(), &["crlf.md"]), [text]);
}

#[test]
fn diff_of_a_folder_follows_the_report_order_and_skips_files_without_fixes() {
    let files: [(&str, &[u8]); 5] = [
        ("docs/b.md", MOE),
        ("docs/a.md", b"Intro.\n\nPPO keeps a critic.\n"),
        // An information whose only fix is to ignore the token, which --fix never does.
        ("docs/sub/z.md", b"We like ZQX here.\n"),
        ("docs/clean.md", b"Hello.\n"),
        ("docs/bad.md", b"ca\xffe\n"),
    ];
    let root = tree(&files);
    let out = run(root.path(), &["check", "--diff", "docs"]);
    assert_eq!(
        out.stdout,
        "\
--- a/docs/a.md
+++ b/docs/a.md
@@ -1,3 +1,3 @@
 Intro.
 
-PPO keeps a critic.
+Proximal Policy Optimization (PPO) keeps a critic.
--- a/docs/b.md
+++ b/docs/b.md
@@ -1 +1 @@
-Most MoE models run on a GPU.
+Most mixture of experts (MoE) models run on a GPU.
"
    );
    assert_eq!(
        out.stderr,
        "\
error: docs/bad.md:1:3: not valid UTF-8: only UTF-8 text can be checked (convert the file, or add it to .ignore)
would fix 2 findings in 2 files
",
        "a file that is not UTF-8 is an error, as with --fix"
    );
    assert_eq!(out.code, 2);
    let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
    let before: Vec<Vec<u8>> = files.iter().map(|(_, text)| text.to_vec()).collect();
    assert_eq!(contents(root.path(), &names), before, "nothing written");
}

#[test]
fn fix_ends_with_a_summary_of_findings_and_files() {
    let root = tree(&[
        (
            "a.md",
            b"Intro.\n\nPPO keeps a critic. Most MoE models run on a GPU.\n",
        ),
        ("b.md", MOE),
        ("c.md", b"Hello.\n"),
    ]);
    let out = run(root.path(), &["check", "--fix", "--color", "never"]);
    assert_eq!(out.stdout, "No findings (3 files checked)\n");
    assert_eq!(out.stderr, "fixed 3 findings in 2 files\n");
    assert_eq!(out.code, 0);
    assert_eq!(
        std::fs::read_to_string(root.path().join("a.md")).expect("read"),
        "Intro.\n\nProximal Policy Optimization (PPO) keeps a critic. Most mixture of experts (MoE) models run on a GPU.\n"
    );

    let root = tree(&[("a.md", MOE)]);
    let out = run(root.path(), &["check", "--fix", "--format", "json"]);
    assert_eq!(json_of(&out)["findings"], json!([]));
    assert_eq!(out.stderr, "fixed 1 finding in 1 file\n", "singular");
}

// ---------------------------------------------------------------- acronyms whose letters their long form lacks

#[test]
fn microscaling_spells_out_mx_though_it_has_no_x() {
    // As the torchao training guide writes it: MX in a link text and in prose, never spelled out.
    let guide = "\
Training with mxfp8 follows the [MX OCP spec](https://www.opencompute.org/).

This casts between high precision and MX formats implemented in native PyTorch.
";
    let unrelated = "We store weights in a compact layout (MX) here. MX formats share a scale.\n";
    let spelled =
        "Microscaling (MX) formats share one power-of-two scale per block of 32 values.\n\
                   MX int8 is not implemented yet.\n";
    let root = tree(&[
        ("guide.md", guide.as_bytes()),
        ("spelled.md", spelled.as_bytes()),
        ("unrelated.md", unrelated.as_bytes()),
    ]);
    let findings = || -> Vec<(String, u64, String)> {
        let out = run(root.path(), &["check", "--format", "json"]);
        json_of(&out)["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| {
                (
                    f["file"].as_str().expect("file").to_string(),
                    f["range"]["start"]["line"].as_u64().expect("line"),
                    f["code"].as_str().expect("code").to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        findings(),
        [
            ("guide.md".into(), 1, "acronym-not-spelled-out".into()),
            ("unrelated.md".into(), 1, "acronym-not-spelled-out".into()),
        ]
    );

    // The fix spells it out where it can edit (not in the link text, not inside the parenthesis), in
    // the glossary's lower case; that spelled-out form defines MX where a fix puts it, close below an
    // earlier use no fix can edit, so the link text is not reported as a use before the definition.
    // Where the writer glossed the first use in their own words ("a compact layout (MX)"), the long
    // form inside their parenthesis is offered, not applied, and no second expansion goes below.
    run(root.path(), &["check", "--fix"]);
    assert_eq!(
        std::fs::read_to_string(root.path().join("guide.md")).expect("read"),
        guide.replace("and MX formats", "and microscaling (MX) formats")
    );
    assert_eq!(
        std::fs::read_to_string(root.path().join("unrelated.md")).expect("read"),
        unrelated
    );
    // The report still shows the writer the offered text, and says `--fix` left it.
    let report = run(root.path(), &["check", "unrelated.md"]).stdout;
    assert!(
        report.contains(
            "\nhelp: Spell out in the parentheses: (microscaling, MX) — not applied by `--fix`\n"
        ),
        "{report}"
    );
    assert_eq!(
        findings(),
        [("unrelated.md".into(), 1, "acronym-not-spelled-out".into())]
    );
}

// ---------------------------------------------------------------- names in the wrong capitals

#[test]
fn a_name_in_capitals_is_misspelled_and_its_fix_writes_it_as_the_glossary_does() {
    // As the llama-cookbook fine-tuning overview writes it: LoRA in capitals, in a link's text, and a
    // writer's "LoRa" a sentence later; a licence title in capitals and English "ZERO" are left alone.
    let overview = "\
The most famous method in this category is [LORA](https://arxiv.org/pdf/2106.09685.pdf), which trains LoRa layers.

META LLAMA 3 COMMUNITY LICENSE AGREEMENT. We pay ZERO cost, zero.
";
    let root = tree(&[("overview.md", overview.as_bytes())]);
    let out = run(root.path(), &["check", "--format", "json"]);
    let findings: Vec<(String, String, String)> = json_of(&out)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().expect("code").to_string(),
                f["token"].as_str().expect("token").to_string(),
                f["message"].as_str().expect("message").to_string(),
            )
        })
        .collect();
    let expected = [
        // One finding per token, which says both: the spell-out writes LoRA as the glossary does.
        ("acronym-not-spelled-out", "LORA", "`LORA` is spelled “LoRA”, and `LoRA` is not spelled out in this document: write “Low-Rank Adaptation (LoRA)” at its first use"),
        ("non-canonical-spelling", "LoRa", "`LoRa` is spelled “LoRA”"),
    ]
    .map(|(code, token, message)| (code.to_string(), token.to_string(), message.to_string()));
    assert_eq!(findings, expected, "{}", out.stdout);

    let out = run(root.path(), &["check", "--diff"]);
    assert_eq!(
        out.stdout,
        "\
--- a/overview.md
+++ b/overview.md
@@ -1,3 +1,3 @@
-The most famous method in this category is [LORA](https://arxiv.org/pdf/2106.09685.pdf), which trains LoRa layers.
+The most famous method in this category is [Low-Rank Adaptation (LoRA)](https://arxiv.org/pdf/2106.09685.pdf), which trains LoRA layers.
 
 META LLAMA 3 COMMUNITY LICENSE AGREEMENT. We pay ZERO cost, zero.
"
    );
}

/// A word of a definition's long form typed wrong ("Trainning", "Killback-Liebler") is reported at
/// the word, and `--fix` writes the glossary's word in the writer's capitals, leaving the rest of the
/// line (its markup, the acronym) as it was; the fixed file is clean.
#[test]
fn check_fix_mends_a_slip_in_a_definitions_long_form() {
    let text = "# Notes\n\nWe fine-tune with **Quantization-Aware Trainning (QAT)** and evaluate QAT models.\n\nThe gap is measured by the Killback-Liebler (KL) divergence; KL is asymmetric.\n";
    let root = tree(&[("notes.md", text.as_bytes())]);
    let out = run(root.path(), &["check", "--no-config", "--color", "never"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stdout.contains(
        "warning[non-canonical-spelling]: `Trainning` is spelled “Training” (the glossary spells out `QAT` as “quantization-aware training”)\n --> notes.md:3:40\n"
    ), "{}", out.stdout);
    assert!(out.stdout.contains(
        "warning[non-canonical-spelling]: `Killback-Liebler` is spelled “Kullback-Leibler” (the glossary spells out `KL` as “Kullback–Leibler”)\n --> notes.md:5:28\n"
    ), "{}", out.stdout);
    let fixed = run(
        root.path(),
        &["check", "--no-config", "--fix", "--color", "never"],
    );
    assert_eq!(fixed.code, 0, "{}", fixed.stdout);
    assert_eq!(
        std::fs::read_to_string(root.path().join("notes.md")).expect("read"),
        text.replace("Trainning", "Training")
            .replace("Killback-Liebler", "Kullback-Leibler")
    );
    let again = run(root.path(), &["check", "--no-config"]);
    assert_eq!(again.code, 0, "{}", again.stdout);
}
