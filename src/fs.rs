//! Writing the user's files: every file the program writes (a document `check --fix` repairs, the
//! config the server adds an ignored token to) is replaced atomically, so that a crash, a full disk or
//! a reader at the wrong moment never sees half a file. Neutral: uses nothing else of the crate.

use std::io::Write;
use std::path::Path;

/// Replaces the contents of `path` with `text` atomically: a temporary file in the same folder,
/// given the original's permissions, flushed to disk, then renamed over it. A symbolic link is
/// followed, so the file it points to is replaced and the link stays a link. A file that does not
/// exist yet is created the same way, with the permissions any new file gets (the umask decides), so
/// that a reader sees either no file or the whole text.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let (target, permissions) = match std::fs::canonicalize(path) {
        Ok(target) => {
            let permissions = std::fs::metadata(&target)?.permissions();
            (target, Some(permissions))
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => (path.to_path_buf(), None),
        Err(error) => return Err(error),
    };
    let folder = match target.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    // Opened as any new file is (tempfile's own files are private to their owner).
    let mut file = tempfile::Builder::new()
        .prefix(".glossary-ls-fix-")
        .suffix(".tmp")
        .make_in(folder, |temporary| {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(temporary)
        })?;
    file.write_all(text.as_bytes())?;
    if let Some(permissions) = permissions {
        file.as_file().set_permissions(permissions)?;
    }
    file.as_file().sync_all()?;
    file.persist(&target).map_err(|error| error.error)?;
    Ok(())
}

// Both tests are about Unix permissions and symbolic links.
#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn atomic_writes_keep_permissions_and_follow_links() {
        use std::os::unix::fs::PermissionsExt;
        let folder = tempfile::tempdir().expect("tempdir");
        let file = folder.path().join("a.md");
        std::fs::write(&file, "old").expect("write");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        let link = folder.path().join("link.md");
        std::os::unix::fs::symlink(&file, &link).expect("symlink");
        write_atomically(&link, "new").expect("written");
        assert_eq!(std::fs::read_to_string(&file).expect("read"), "new");
        let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        assert!(std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink());
        let leftovers = std::fs::read_dir(folder.path()).expect("ls").count();
        assert_eq!(leftovers, 2, "no temporary file left behind");
    }

    #[test]
    fn atomic_writes_create_a_missing_file_as_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let folder = tempfile::tempdir().expect("tempdir");
        let mode =
            |path: &Path| std::fs::metadata(path).expect("meta").permissions().mode() & 0o777;
        let plain = folder.path().join("plain.toml");
        std::fs::write(&plain, "").expect("write");
        let new = folder.path().join(".glossary-ls.toml");
        write_atomically(&new, "ignore = [\"ZQXV\"]\n").expect("written");
        assert_eq!(
            std::fs::read_to_string(&new).expect("read"),
            "ignore = [\"ZQXV\"]\n"
        );
        assert_eq!(
            mode(&new),
            mode(&plain),
            "the umask's permissions, not 0600"
        );
        let leftovers = std::fs::read_dir(folder.path()).expect("ls").count();
        assert_eq!(leftovers, 2, "no temporary file left behind");
    }
}
