//! LaTeX documents of several files through the real binary's `check`: `\input`, `\include` and
//! `\subfile` are followed, the files read as one document in TeX's order, each finding reported at its
//! own file's path and position; the main file and its folder give the same report; cycles and missing
//! files are notes; `--fix` edits each file on its own.

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_glossary-ls");

/// Exit code, stdout and stderr of `check --no-config ARGS` run in `dir`.
fn check(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(BIN)
        .arg("check")
        .arg("--no-config")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    (
        output.status.code().expect("exit code"),
        String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    )
}

/// `file:line:column code token` of each finding of a JSON report.
fn findings(report: &str) -> Vec<String> {
    let report: Value = serde_json::from_str(report).expect("JSON report");
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {} {}",
                f["file"].as_str().unwrap_or_default(),
                f["range"]["start"]["line"],
                f["range"]["start"]["column"],
                f["code"].as_str().unwrap_or_default(),
                f["token"].as_str().unwrap_or_default(),
            )
        })
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

const MAIN: &str = "\\documentclass{article}
\\begin{document}
\\include{chapters/intro}
% \\input{chapters/draft}
\\input{chapters/method}
\\end{document}
";

const INTRO: &str = "\\section{Introduction}
Reinforcement learning from human feedback (RLHF) tunes models.
";

const METHOD: &str = "\\section{Method}
We apply RLHF with PPO.
";

/// A paper: `main.tex` includes `chapters/intro.tex`, which defines RLHF, then `chapters/method.tex`,
/// which uses it and PPO (never spelled out).
fn paper() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "paper/main.tex", MAIN);
    write(dir.path(), "paper/chapters/intro.tex", INTRO);
    write(dir.path(), "paper/chapters/method.tex", METHOD);
    // Commented out in main.tex: never read.
    write(
        dir.path(),
        "paper/chapters/draft.tex",
        "A draft about DPO.\n",
    );
    dir
}

#[test]
fn a_definition_in_an_included_chapter_covers_a_later_one() {
    let dir = paper();
    let (code, out, err) = check(&dir.path().join("paper"), &["--format", "json", "main.tex"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        findings(&out),
        ["chapters/method.tex:2:20 acronym-not-spelled-out PPO"]
    );
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["files_checked"], 3, "main and the two chapters");
    assert_eq!(err, "");
}

#[test]
fn the_main_file_and_its_folder_give_the_same_report() {
    let dir = paper();
    let root = dir.path();
    let (_, by_file, _) = check(root, &["--format", "json", "paper/main.tex"]);
    let (_, by_folder, _) = check(root, &["--format", "json", "paper"]);
    let expected = ["paper/chapters/method.tex:2:20 acronym-not-spelled-out PPO"];
    assert_eq!(findings(&by_file), expected);
    // The folder holds draft.tex, which nothing follows: it is checked on its own.
    assert_eq!(
        findings(&by_folder),
        [
            "paper/chapters/draft.tex:1:15 acronym-not-spelled-out DPO",
            expected[0]
        ]
    );
}

#[test]
fn a_chapter_named_alone_is_checked_alone() {
    let dir = paper();
    let (_, out, _) = check(
        &dir.path().join("paper"),
        &["--format", "json", "chapters/method.tex"],
    );
    assert_eq!(
        findings(&out),
        [
            "chapters/method.tex:2:10 acronym-not-spelled-out RLHF",
            "chapters/method.tex:2:20 acronym-not-spelled-out PPO"
        ]
    );
}

#[test]
fn a_use_before_a_definition_in_another_file_names_that_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tex",
        "\\input{method}\n\\input{intro.tex}\n",
    );
    write(dir.path(), "method.tex", METHOD);
    write(dir.path(), "intro.tex", INTRO);
    let (_, out, _) = check(dir.path(), &["--format", "json", "main.tex"]);
    let report: Value = serde_json::from_str(&out).unwrap();
    let finding = &report["findings"][0];
    assert_eq!(finding["file"], "method.tex");
    assert_eq!(finding["code"], "acronym-used-before-definition");
    assert_eq!(
        finding["message"],
        "`RLHF` is used before its definition on line 2 of intro.tex"
    );
    assert_eq!(finding["range"]["start"]["line"], 2);
    assert_eq!(finding["range"]["start"]["column"], 10);
    let related = &finding["related"][0];
    assert_eq!(related["file"], "intro.tex");
    assert_eq!(related["range"]["start"]["line"], 2);
    assert_eq!(related["range"]["start"]["column"], 45);
}

#[test]
fn cycles_and_missing_files_are_notes_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tex",
        "\\input{a}\n\\input{missing}\nThen PPO.\n",
    );
    write(dir.path(), "a.tex", "In a, DPO.\n\\input{main}\n");
    // Each file includes the other: the first in path order, a.tex, is the main file.
    let (code, out, err) = check(dir.path(), &["--format", "json", "."]);
    assert_eq!(code, 1, "findings, no error: {err}");
    assert_eq!(
        findings(&out),
        [
            "a.tex:1:7 acronym-not-spelled-out DPO",
            "main.tex:3:6 acronym-not-spelled-out PPO"
        ]
    );
    assert_eq!(
        err,
        "note: main.tex:1:1: `\\input{a}` not followed: a.tex is already being read (the files include each other)\n\
         note: main.tex:2:1: `\\input{missing}` not followed: no file missing.tex\n"
    );
}

#[test]
fn fix_edits_each_file_on_its_own() {
    let dir = paper();
    let paper = dir.path().join("paper");
    let (code, _, err) = check(&paper, &["--fix", "main.tex"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(fs::read_to_string(paper.join("main.tex")).unwrap(), MAIN);
    assert_eq!(
        fs::read_to_string(paper.join("chapters/intro.tex")).unwrap(),
        INTRO
    );
    assert_eq!(
        fs::read_to_string(paper.join("chapters/method.tex")).unwrap(),
        "\\section{Method}\nWe apply RLHF with Proximal Policy Optimization (PPO).\n"
    );
}

#[test]
fn a_subfile_is_followed_as_paragraphs_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tex",
        "\\documentclass{article}\n\\usepackage{subfiles}\n\\begin{document}\nWe use a large language model (LLM).\\subfile{sections/results}\n\\end{document}\n",
    );
    write(
        dir.path(),
        "sections/results.tex",
        "\\documentclass[../main.tex]{subfiles}\n\\begin{document}\nThe LLM wins; the SFT data helps.\n\\end{document}\n",
    );
    let (_, out, _) = check(dir.path(), &["--format", "json", "main.tex"]);
    assert_eq!(
        findings(&out),
        ["sections/results.tex:3:19 acronym-not-spelled-out SFT"]
    );
}

mod properties {
    //! Whatever the files, the analysis of each file of an assembled document has ranges inside that
    //! file, on character boundaries, and a file without includes reads as `analyze` reads it alone.

    use std::ops::Range;
    use std::path::PathBuf;
    use std::sync::{Arc, OnceLock};

    use glossary_ls::analysis::included::{analyze_assembly, assemble, Loaded};
    use glossary_ls::analysis::{analyze, Analysis, DocKind, Engine, FixAction, Settings};
    use glossary_ls::config::Config;
    use proptest::prelude::*;

    fn engine() -> &'static Engine {
        static ENGINE: OnceLock<Arc<Engine>> = OnceLock::new();
        ENGINE.get_or_init(|| {
            Engine::shared(
                Config::default()
                    .glossary()
                    .complete()
                    .expect("built-in glossary"),
            )
        })
    }

    const PIECES: &[&str] = &[
        "PPO",
        "RLHF",
        "Proximal Policy Optimization (PPO)",
        "large language model (LLM)",
        "LLM",
        " ",
        "\n",
        "\n\n",
        ". ",
        "$x$",
        "% comment \\input{b}\n",
        "\\input{b}",
        "\\include{c}",
        "\\input{",
        "\\subfile{ b }",
        "\\input{missing}",
        "\\begin{verbatim}\\input{b}",
        "\\end{verbatim}",
        "\\section{",
        "}",
        "{",
        "\\emph{",
        "\\newacronym{ppo}{PPO}{Proximal Policy Optimization}",
        "é",
        "😀",
        "\r\n",
        "\\\\",
        "\\%",
    ];

    fn document() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..40)
            .prop_map(|pieces| pieces.concat())
    }

    fn loaded(name: &str, text: &str) -> Loaded {
        Loaded {
            identity: PathBuf::from(name),
            shown: PathBuf::from(name),
            text: text.to_string(),
        }
    }

    fn check_ranges(analysis: &Analysis, text: &str) {
        let ok = |r: &Range<usize>| r.start <= r.end && text.get(r.clone()).is_some();
        assert!(analysis.terms.iter().all(|t| ok(&t.range)));
        assert!(analysis.acronyms.iter().all(|a| ok(&a.range)));
        for def in &analysis.definitions {
            assert!(ok(&def.acronym_range) && ok(&def.long_form_range) && ok(&def.span));
        }
        for finding in &analysis.findings {
            assert!(ok(&finding.range), "{finding:?}");
            for related in finding.related.iter().filter(|r| r.elsewhere.is_none()) {
                assert!(ok(&related.range));
            }
            for fix in &finding.fixes {
                if let FixAction::Edit { edits } = &fix.action {
                    assert!(edits.iter().all(|e| ok(&e.range)));
                }
            }
        }
    }

    /// Found by the property below: a package definition inside verbatim defines nothing for the
    /// prose reader, so the package rule must not report the plain use a second time.
    #[test]
    fn a_definition_in_verbatim_gives_one_finding_not_two() {
        let text =
            "PPO\\begin{verbatim}\\input{b}\\newacronym{ppo}{PPO}{Proximal Policy Optimization}";
        let alone = analyze(text, DocKind::Latex, engine(), &Settings::default());
        let found: Vec<_> = alone
            .findings
            .iter()
            .map(|f| (f.code, f.range.clone()))
            .collect();
        assert_eq!(
            found,
            [(glossary_ls::analysis::Code::AcronymNotSpelledOut, 0..3)]
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        #[test]
        fn every_file_gets_ranges_of_its_own_text(a in document(), b in document(), c in document()) {
            let mut load = |name: &str| match name {
                "b" => Ok(loaded("b.tex", &b)),
                "c" => Ok(loaded("c.tex", &c)),
                _ => Err(format!("no file {name}.tex")),
            };
            let assembly = assemble(loaded("a.tex", &a), &mut load);
            let analyses = analyze_assembly(&assembly, engine(), &Settings::default());
            prop_assert_eq!(analyses.len(), assembly.files().len());
            for (file, analysis) in assembly.files().iter().zip(&analyses) {
                check_ranges(analysis, &file.text);
            }
        }

        #[test]
        fn a_file_without_includes_reads_as_alone(a in document()) {
            let a = a.replace("\\in", "in").replace("\\subfile", "subfile");
            let mut load = |name: &str| Err(format!("no file {name}"));
            let assembly = assemble(loaded("a.tex", &a), &mut load);
            let analyses = analyze_assembly(&assembly, engine(), &Settings::default());
            let alone = analyze(&a, DocKind::Latex, engine(), &Settings::default());
            prop_assert_eq!(&analyses[0].findings, &alone.findings);
            prop_assert_eq!(&analyses[0].definitions, &alone.definitions);
        }
    }
}

/// `message` of each finding of a JSON report.
fn messages(report: &str) -> Vec<String> {
    let report: Value = serde_json::from_str(report).expect("JSON report");
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_plain_use_before_the_package_spells_it_out_is_fixed_with_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\\documentclass{article}
\\usepackage[acronym]{glossaries}
\\newacronym{llm}{LLM}{large language model}
\\begin{document}
Each LLM answers. % an LLM in a comment
Then \\gls{llm} again, and LLMs later.
\\end{document}
";
    write(dir.path(), "paper.tex", text);
    let (_, out, _) = check(dir.path(), &["--format", "json", "paper.tex"]);
    assert_eq!(
        findings(&out),
        ["paper.tex:5:6 acronym-used-before-definition LLM"]
    );
    assert_eq!(
        messages(&out),
        ["`LLM` is typed as plain text before the package spells it out on line 6: write `\\gls{llm}`"]
    );
    let (code, _, err) = check(dir.path(), &["--fix", "paper.tex"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        fs::read_to_string(dir.path().join("paper.tex")).unwrap(),
        text.replace("Each LLM answers.", "Each \\gls{llm} answers.")
    );
}

#[test]
fn an_acronym_the_package_defines_but_never_spells_out() {
    let dir = tempfile::tempdir().unwrap();
    // acronym package: the key is the acronym; a plural use takes `\acp`. acro: `\DeclareAcronym`.
    write(
        dir.path(),
        "a.tex",
        "\\begin{acronym}\n\\acro{RAG}{retrieval-augmented generation}\n\\end{acronym}\nTwo RAGs.\n",
    );
    write(
        dir.path(),
        "b.tex",
        "\\DeclareAcronym{ppo}{short = PPO, long = Proximal Policy Optimization}\nWe use \\ac{ppo}; PPO is stable.\n",
    );
    let (_, out, _) = check(dir.path(), &["--format", "json", "."]);
    assert_eq!(findings(&out), ["a.tex:4:5 acronym-not-spelled-out RAGs"]);
    assert_eq!(
        messages(&out),
        ["`RAG` is typed as plain text: the package defines it, but spells it out only through `\\acp{RAG}`"]
    );
}

#[test]
fn package_definitions_in_the_main_file_reach_the_chapters() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tex",
        "\\usepackage{acro}\n\\DeclareAcronym{ppo}{short=PPO, long=Proximal Policy Optimization}\n\\begin{document}\n\\input{one}\n\\input{two}\n\\end{document}\n",
    );
    write(dir.path(), "one.tex", "We tune with PPO.\n");
    write(dir.path(), "two.tex", "Then \\ac{ppo} wins.\n");
    let (_, out, _) = check(dir.path(), &["--format", "json", "main.tex"]);
    assert_eq!(
        findings(&out),
        ["one.tex:1:14 acronym-used-before-definition PPO"]
    );
    assert_eq!(
        messages(&out),
        ["`PPO` is typed as plain text before the package spells it out on line 1 of two.tex: write `\\ac{ppo}`"]
    );
    let (code, _, err) = check(dir.path(), &["--fix", "main.tex"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        fs::read_to_string(dir.path().join("one.tex")).unwrap(),
        "We tune with \\ac{ppo}.\n"
    );
}
