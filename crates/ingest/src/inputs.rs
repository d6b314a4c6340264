//! Input expansion: files, directories (recursive, sorted by name for determinism,
//! hidden entries skipped), glob patterns and `-` for standard input; each file is
//! opened only when the iterator reaches it.
//!
//! Symbolic links are followed, to files and to directories; a link that loops (to a
//! directory being read, or round a chain of links), a dangling link, an entry that
//! cannot be read and anything that is neither a file nor a directory (a socket, a
//! FIFO) is reported by path and reason, never skipped in silence.

use crate::source::{error, open, DocIter};
use crate::{RawDocument, ReadError, ReadOptions};
use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};

enum Pending {
    Arg(String),
    File(PathBuf),
    Failed(ReadError),
}

/// The lazy, streaming iterator over every document of a list of inputs.
pub struct Inputs {
    pending: VecDeque<Pending>,
    options: ReadOptions,
    current: Option<DocIter<'static>>,
}

impl Inputs {
    pub(crate) fn new(inputs: &[String], options: &ReadOptions) -> Inputs {
        Inputs {
            pending: inputs.iter().cloned().map(Pending::Arg).collect(),
            options: options.clone(),
            current: None,
        }
    }

    /// Replaces an argument by the files it names, in order.
    fn expand(&mut self, arg: String) -> Option<ReadError> {
        if arg == "-" {
            self.current = Some(open("<stdin>", Box::new(std::io::stdin()), &self.options));
            return None;
        }
        let path = Path::new(&arg);
        let mut found = Vec::new();
        if path.is_dir() {
            walk(path, &mut found, &mut HashSet::new());
        } else if path.exists() {
            found.push(Pending::File(path.to_path_buf()));
        } else if arg.contains(['*', '?', '[']) {
            let paths = match glob::glob(&arg) {
                Ok(paths) => paths,
                Err(e) => return Some(error(&arg, None, format!("bad glob pattern: {e}"))),
            };
            let mut matches: Vec<PathBuf> = Vec::new();
            for entry in paths {
                match entry {
                    Ok(path) => matches.push(path),
                    Err(e) => found.push(Pending::Failed(error(
                        &e.path().display().to_string(),
                        None,
                        format!("cannot read: {}", e.error()),
                    ))),
                }
            }
            matches.sort();
            if matches.is_empty() && found.is_empty() {
                return Some(error(&arg, None, "no file matches this pattern"));
            }
            for path in matches {
                if path.is_dir() {
                    walk(&path, &mut found, &mut HashSet::new());
                } else {
                    found.push(Pending::File(path));
                }
            }
        } else {
            return Some(error(&arg, None, "no such file or directory"));
        }
        for item in found.into_iter().rev() {
            self.pending.push_front(item);
        }
        None
    }
}

/// Collects the files under `dir`, depth first, entries sorted by name. `visited`
/// holds the directories read so far (resolved), so that a link loop ends.
fn walk(dir: &Path, out: &mut Vec<Pending>, visited: &mut HashSet<PathBuf>) {
    let failed = |path: &Path, reason: String| {
        Pending::Failed(error(&path.display().to_string(), None, reason))
    };
    match std::fs::canonicalize(dir) {
        Ok(real) => {
            if !visited.insert(real.clone()) {
                out.push(failed(
                    dir,
                    format!(
                        "directory {} already read (a symbolic link loop, or a second \
                         link to it); not read again",
                        real.display()
                    ),
                ));
                return;
            }
        }
        Err(e) => {
            out.push(failed(dir, format!("cannot read directory: {e}")));
            return;
        }
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.push(failed(dir, format!("cannot read directory: {e}")));
            return;
        }
    };
    let mut listed = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => listed.push(entry),
            Err(e) => out.push(failed(
                dir,
                format!("cannot read an entry of this directory: {e}"),
            )),
        }
    }
    listed.sort_by_key(|e| e.file_name());
    for entry in listed {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let kind = match entry.file_type() {
            Ok(kind) => kind,
            Err(e) => {
                out.push(failed(&path, format!("cannot read: {e}")));
                continue;
            }
        };
        // A link is judged by what it points to.
        let (is_dir, is_file) = if kind.is_symlink() {
            match std::fs::metadata(&path) {
                Ok(target) => (target.is_dir(), target.is_file()),
                Err(e) => {
                    let reason = if e.raw_os_error() == Some(ELOOP) {
                        "symbolic link loop: not followed".to_string()
                    } else {
                        format!("cannot follow symbolic link: {e}")
                    };
                    out.push(failed(&path, reason));
                    continue;
                }
            }
        } else {
            (kind.is_dir(), kind.is_file())
        };
        if is_dir {
            walk(&path, out, visited);
        } else if is_file {
            out.push(Pending::File(path));
        } else {
            out.push(failed(
                &path,
                "not a regular file (a socket, FIFO or device); not read".to_string(),
            ));
        }
    }
}

/// `ELOOP`, "too many levels of symbolic links", on Linux and the BSDs.
#[cfg(target_os = "linux")]
const ELOOP: i32 = 40;
#[cfg(not(target_os = "linux"))]
const ELOOP: i32 = 62;

impl Iterator for Inputs {
    type Item = Result<RawDocument, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(current) = &mut self.current {
                if let Some(item) = current.next() {
                    return Some(item);
                }
                self.current = None;
            }
            match self.pending.pop_front()? {
                Pending::Arg(arg) => {
                    if let Some(e) = self.expand(arg) {
                        return Some(Err(e));
                    }
                }
                Pending::Failed(e) => return Some(Err(e)),
                Pending::File(path) => {
                    let name = path.display().to_string();
                    match std::fs::File::open(&path) {
                        Ok(file) => self.current = Some(open(&name, Box::new(file), &self.options)),
                        Err(e) => {
                            return Some(Err(error(&name, None, format!("cannot open: {e}"))))
                        }
                    }
                }
            }
        }
    }
}
