//! Where a store is: a SQLite file, or a PostgreSQL database named by its URL.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where a store is: what `--db` and `$ANNALIST_DB` name.
///
/// `postgres://USER@HOST[:PORT]/DB` (or `postgresql://`, with libpq's query parameters
/// such as `?host=/run/postgresql` for a Unix socket) is a PostgreSQL database; anything
/// else is the path of a SQLite file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    Postgres(String),
}

impl Location {
    /// Reads a `--db` value: a `postgres://` or `postgresql://` URL, else a file path.
    pub fn parse(text: &str) -> Location {
        let lower = text.trim_start().to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Location::Postgres(text.trim().to_string())
        } else {
            Location::File(PathBuf::from(text))
        }
    }

    /// The file, for a SQLite location.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Location::File(path) => Some(path),
            Location::Postgres(_) => None,
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Location::Postgres(_))
    }
}

impl From<PathBuf> for Location {
    fn from(path: PathBuf) -> Location {
        Location::File(path)
    }
}

impl From<&Path> for Location {
    fn from(path: &Path) -> Location {
        Location::File(path.to_path_buf())
    }
}

/// A file's path; a URL without its password (`postgres://me:***@host/db`).
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => f.write_str(&redact(url)),
        }
    }
}

/// The URL with the password of its user part, if any, replaced by `***`.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _password)) => format!("{scheme}://{name}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_paths() {
        assert_eq!(
            Location::parse("postgres://me@db.example/news"),
            Location::Postgres("postgres://me@db.example/news".into())
        );
        assert!(Location::parse("PostgreSQL://me@h/n").is_postgres());
        assert_eq!(
            Location::parse("news.db"),
            Location::File(PathBuf::from("news.db"))
        );
        assert_eq!(
            Location::parse("./postgres/news.db").file(),
            Some(Path::new("./postgres/news.db"))
        );
        assert_eq!(
            Location::parse("postgres://me:secret@h:5432/n?sslmode=disable").to_string(),
            "postgres://me:***@h:5432/n?sslmode=disable"
        );
        assert_eq!(
            Location::parse("postgres://me@h/n").to_string(),
            "postgres://me@h/n"
        );
    }
}
