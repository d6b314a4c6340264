//! Input expansion: files, directories (recursive, sorted by name for determinism,
//! hidden entries skipped), glob patterns and `-` for standard input; each file is
//! opened only when the iterator reaches it.

use crate::source::{error, open, DocIter};
use crate::{RawDocument, ReadError, ReadOptions};
use std::collections::VecDeque;
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
            walk(path, &mut found);
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
                    walk(&path, &mut found);
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

/// Collects the files under `dir`, depth first, entries sorted by name.
fn walk(dir: &Path, out: &mut Vec<Pending>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.push(Pending::Failed(error(
                &dir.display().to_string(),
                None,
                format!("cannot read directory: {e}"),
            )));
            return;
        }
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Symlinked directories are not followed (no cycles); symlinked files are read.
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir {
            walk(&path, out);
        } else if path.is_file() {
            out.push(Pending::File(path));
        }
    }
}

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
