//! Hostile files: the real binary on glossaries, configs and documents that are too big, nested too
//! deeply, not UTF-8, unreadable, folders, or symlink loops. Each must give a clear `file:line:col:
//! message` or `file: message` error and exit status 2 (or, for a document too big to check, a note),
//! never a panic or a hang.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use glossary_ls::config::MAX_CONFIG_BYTES;
use glossary_ls::glossary::load::MAX_GLOSSARY_BYTES;

const BIN: &str = env!("CARGO_BIN_EXE_glossary-ls");

/// Longer than any of these runs takes on a slow machine, short enough to call it a hang.
const TIMEOUT: Duration = Duration::from_secs(120);

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary in `dir`, killing it (and failing the test) if it does not finish in [`TIMEOUT`].
fn run(dir: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("`glossary-ls {}` hung for {TIMEOUT:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("output");
    let run = Run {
        code: output.status.code().expect("exit code, not a signal"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "`glossary-ls {}` panicked:\n{}",
        args.join(" "),
        run.stderr
    );
    run
}

/// Asserts exit status 2 and an `error: {expected}…` line on stderr.
fn assert_error(run: &Run, expected: &str) {
    assert_eq!(
        run.code, 2,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(
        run.stderr
            .lines()
            .any(|line| line.starts_with(&format!("error: {expected}"))),
        "expected `error: {expected}…` on stderr, got:\n{}",
        run.stderr
    );
}

fn write(dir: &Path, name: &str, contents: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, contents).expect("write");
}

/// A sparse file of `len` bytes: over the size limits without writing megabytes.
fn sparse(dir: &Path, name: &str, len: u64) {
    let file = std::fs::File::create(dir.join(name)).expect("create");
    file.set_len(len).expect("set_len");
}

/// 100 000 nested arrays: `a = [[[…]]]`.
fn deeply_nested(key: &str) -> Vec<u8> {
    let depth = 100_000;
    format!("{key} = {}{}\n", "[".repeat(depth), "]".repeat(depth)).into_bytes()
}

/// Makes `name` unreadable; `false` (with a note) when that does not stop reads, as for root in CI.
#[cfg(unix)]
fn make_unreadable(dir: &Path, name: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::File::open(&path).is_ok() {
        eprintln!(
            "skipped: chmod 000 does not stop this user from reading {} (running as root?)",
            path.display()
        );
        return false;
    }
    true
}

// ---------------------------------------------------------------- glossary files (--glossary)

fn define_with_glossary(dir: &Path, glossary: &str) -> Run {
    run(
        dir,
        &["--no-config", "--glossary", glossary, "define", "GRPO"],
    )
}

#[test]
fn a_glossary_over_the_size_limit_is_refused_unread() {
    let dir = tempfile::tempdir().expect("tempdir");
    sparse(dir.path(), "huge.toml", MAX_GLOSSARY_BYTES + 1);
    let run = define_with_glossary(dir.path(), "huge.toml");
    assert_error(
        &run,
        &format!(
            "huge.toml: file is {} bytes; the limit is {MAX_GLOSSARY_BYTES} bytes",
            MAX_GLOSSARY_BYTES + 1
        ),
    );
}

#[test]
fn a_deeply_nested_toml_glossary_is_an_error_with_a_position_not_a_stack_overflow() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "deep.toml", &deeply_nested("entries"));
    let run = define_with_glossary(dir.path(), "deep.toml");
    assert_error(&run, "deep.toml:1:");
    // Inline tables nest too.
    let depth = 100_000;
    let tables = format!("x = {}1{}\n", "{a = ".repeat(depth), "}".repeat(depth));
    write(dir.path(), "tables.toml", tables.as_bytes());
    let run = define_with_glossary(dir.path(), "tables.toml");
    assert_error(&run, "tables.toml:1:");
}

#[test]
fn a_glossary_that_is_not_utf8_names_the_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "latin1.toml", b"# ok\n# caf\xe9\n");
    let run = define_with_glossary(dir.path(), "latin1.toml");
    assert_error(&run, "latin1.toml:2:6: file is not valid UTF-8");
    write(dir.path(), "latin1.txt", b"\xff\xfe- TERM\n");
    let run = define_with_glossary(dir.path(), "latin1.txt");
    assert_error(&run, "latin1.txt:1:1: file is not valid UTF-8");
}

#[cfg(unix)]
#[test]
fn an_unreadable_glossary_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "secret.toml", b"");
    if !make_unreadable(dir.path(), "secret.toml") {
        return;
    }
    let run = define_with_glossary(dir.path(), "secret.toml");
    assert_error(&run, "secret.toml: cannot read: Permission denied");
}

#[test]
fn a_folder_named_as_a_glossary_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("terms.toml")).expect("mkdir");
    let run = define_with_glossary(dir.path(), "terms.toml");
    assert_error(&run, "terms.toml: not a regular file");
}

#[cfg(unix)]
#[test]
fn a_glossary_symlink_loop_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::symlink("loop.toml", dir.path().join("loop.toml")).expect("symlink");
    let run = define_with_glossary(dir.path(), "loop.toml");
    assert_error(&run, "loop.toml: cannot read: ");
}

// ---------------------------------------------------------------- config files

/// The config problem is reported the same way by `define` (discovered from the current folder), by
/// `check` (discovered from the file's folder) and with `--config`.
fn assert_config_error(dir: &Path, name: &str, expected_from_dir: &str) {
    write(dir, "docs/page.md", b"Plain words.\n");
    let docs = dir.join("docs");
    let run_ = run(&docs, &["define", "GRPO"]);
    assert_error(&run_, &format!("{}", dir.join(expected_from_dir).display()));
    let run_ = run(&docs, &["check", "page.md"]);
    assert_error(&run_, &format!("{}", dir.join(expected_from_dir).display()));
    let run_ = run(dir, &["--config", name, "check", "docs/page.md"]);
    assert_error(&run_, expected_from_dir);
}

#[test]
fn a_config_over_the_size_limit_is_refused_unread() {
    let dir = tempfile::tempdir().expect("tempdir");
    sparse(dir.path(), ".glossary-ls.toml", MAX_CONFIG_BYTES + 1);
    assert_config_error(
        dir.path(),
        ".glossary-ls.toml",
        &format!(
            ".glossary-ls.toml: file is {} bytes; the limit is {MAX_CONFIG_BYTES} bytes",
            MAX_CONFIG_BYTES + 1
        ),
    );
}

#[test]
fn a_deeply_nested_config_is_an_error_with_a_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), ".glossary-ls.toml", &deeply_nested("ignore"));
    assert_config_error(dir.path(), ".glossary-ls.toml", ".glossary-ls.toml:1:");
}

#[test]
fn a_config_that_is_not_utf8_names_the_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        ".glossary-ls.toml",
        b"ignore = [\"ACME\"]\n# \xc3\x28\n",
    );
    assert_config_error(
        dir.path(),
        ".glossary-ls.toml",
        ".glossary-ls.toml:2:3: file is not valid UTF-8",
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_config_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), ".glossary-ls.toml", b"");
    if !make_unreadable(dir.path(), ".glossary-ls.toml") {
        return;
    }
    assert_config_error(
        dir.path(),
        ".glossary-ls.toml",
        ".glossary-ls.toml: cannot read: Permission denied",
    );
}

#[test]
fn a_folder_with_a_config_files_name_is_an_error_not_silently_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join(".glossary-ls.toml")).expect("mkdir");
    assert_config_error(
        dir.path(),
        ".glossary-ls.toml",
        ".glossary-ls.toml: not a regular file",
    );
}

/// The folder above the one `check` and `define` run in holds a symlink loop named as the config file,
/// and another loop beside it; discovery must report the config, and the walk must not follow loops.
#[cfg(unix)]
#[test]
fn a_symlink_loop_around_config_discovery_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::symlink(".glossary-ls.toml", dir.path().join(".glossary-ls.toml"))
        .expect("symlink");
    std::os::unix::fs::symlink("a", dir.path().join("b")).expect("symlink");
    std::os::unix::fs::symlink("b", dir.path().join("a")).expect("symlink");
    std::os::unix::fs::symlink(".", dir.path().join("docs-again")).expect("symlink");
    assert_config_error(
        dir.path(),
        ".glossary-ls.toml",
        ".glossary-ls.toml: cannot read: ",
    );
    // Without the looping config, walking the folder with its loops checks the one real file.
    std::fs::remove_file(dir.path().join(".glossary-ls.toml")).expect("rm");
    let run_ = run(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run_.code, 0, "{}", run_.stderr);
    assert!(
        run_.stdout.contains("\"files_checked\": 1"),
        "{}",
        run_.stdout
    );
}

// ---------------------------------------------------------------- documents

#[test]
fn a_document_over_max_file_size_is_skipped_with_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), ".glossary-ls.toml", b"max-file-size = 1000\n");
    sparse(dir.path(), "big.md", 1001);
    let run_ = run(dir.path(), &["check", "big.md"]);
    assert_eq!(run_.code, 0, "{}", run_.stderr);
    assert!(
        run_.stderr.contains(
            "note: big.md: skipped: 1001 bytes is over the limit of 1000 (`max-file-size` in the config)"
        ),
        "{}",
        run_.stderr
    );
}

#[test]
fn a_document_that_is_not_utf8_or_a_symlink_loop_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "latin1.md", b"caf\xe9\n");
    let run_ = run(dir.path(), &["check", "latin1.md"]);
    assert_error(&run_, "latin1.md:1:4: not valid UTF-8");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("loop.md", dir.path().join("loop.md")).expect("symlink");
        let run_ = run(dir.path(), &["check", "loop.md"]);
        assert_error(&run_, "loop.md: cannot read: ");
    }
}

#[cfg(unix)]
#[test]
fn an_unreadable_document_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "secret.md", b"Plain words.\n");
    if !make_unreadable(dir.path(), "secret.md") {
        return;
    }
    let run_ = run(dir.path(), &["check", "secret.md"]);
    assert_error(&run_, "secret.md: cannot read: Permission denied");
}
