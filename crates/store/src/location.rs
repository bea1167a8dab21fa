//! Where a store lives: an SQLite file or a PostgreSQL database.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A store's location, as given to `--db` (or `$DEMARCHE_DB`): a
/// `postgres://` or `postgresql://` URL names a PostgreSQL database;
/// anything else is the path of an SQLite file.
///
/// Displaying a location hides any password it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreLocation {
    /// An SQLite database file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (`postgres://user:pass@host:port/db?…`).
    Postgres(String),
}

impl StoreLocation {
    /// Whether this is a PostgreSQL database.
    pub fn is_postgres(&self) -> bool {
        matches!(self, StoreLocation::Postgres(_))
    }

    /// The SQLite file, when this is one.
    pub fn sqlite_path(&self) -> Option<&Path> {
        match self {
            StoreLocation::Sqlite(p) => Some(p),
            StoreLocation::Postgres(_) => None,
        }
    }
}

impl FromStr for StoreLocation {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.get(..13).unwrap_or(s).to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Ok(StoreLocation::Postgres(s.to_string()))
        } else {
            Ok(StoreLocation::Sqlite(PathBuf::from(s)))
        }
    }
}

impl fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreLocation::Sqlite(p) => write!(f, "{}", p.display()),
            StoreLocation::Postgres(url) => f.write_str(&redact(url)),
        }
    }
}

/// A connection URL without its password (in the user part or as a
/// `password=` parameter).
fn redact(url: &str) -> String {
    let (head, query) = match url.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (url, None),
    };
    let mut out = String::with_capacity(url.len());
    match head.split_once("://") {
        Some((scheme, rest)) => {
            out.push_str(scheme);
            out.push_str("://");
            let (authority, path) = match rest.find('/') {
                Some(i) => rest.split_at(i),
                None => (rest, ""),
            };
            match authority.rsplit_once('@') {
                Some((user, hosts)) => {
                    match user.split_once(':') {
                        Some((name, _)) => {
                            out.push_str(name);
                            out.push_str(":***");
                        }
                        None => out.push_str(user),
                    }
                    out.push('@');
                    out.push_str(hosts);
                }
                None => out.push_str(authority),
            }
            out.push_str(path);
        }
        None => out.push_str(head),
    }
    if let Some(q) = query {
        out.push('?');
        let parts: Vec<String> = q
            .split('&')
            .map(|p| match p.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => p.to_string(),
            })
            .collect();
        out.push_str(&parts.join("&"));
    }
    out
}

impl From<&Path> for StoreLocation {
    fn from(p: &Path) -> Self {
        StoreLocation::Sqlite(p.to_path_buf())
    }
}

impl From<PathBuf> for StoreLocation {
    fn from(p: PathBuf) -> Self {
        StoreLocation::Sqlite(p)
    }
}

impl From<&PathBuf> for StoreLocation {
    fn from(p: &PathBuf) -> Self {
        StoreLocation::Sqlite(p.clone())
    }
}

impl From<&StoreLocation> for StoreLocation {
    fn from(l: &StoreLocation) -> Self {
        l.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_postgres_and_the_rest_are_files() {
        let p: StoreLocation = "postgres://u@h/db".parse().unwrap();
        assert!(p.is_postgres());
        let p: StoreLocation = "PostgreSQL://u@h/db".parse().unwrap();
        assert!(p.is_postgres());
        let f: StoreLocation = "postgres.db".parse().unwrap();
        assert_eq!(f, StoreLocation::Sqlite("postgres.db".into()));
        let f: StoreLocation = "./postgres://x".parse().unwrap();
        assert!(!f.is_postgres());
    }

    #[test]
    fn passwords_are_hidden() {
        let p: StoreLocation =
            "postgres://ana:s3cr:et@db.example:5433/news?sslmode=disable&password=x"
                .parse()
                .unwrap();
        assert_eq!(
            p.to_string(),
            "postgres://ana:***@db.example:5433/news?sslmode=disable&password=***"
        );
        let p: StoreLocation = "postgresql://ana@localhost/news".parse().unwrap();
        assert_eq!(p.to_string(), "postgresql://ana@localhost/news");
        let p: StoreLocation = "postgres:///news".parse().unwrap();
        assert_eq!(p.to_string(), "postgres:///news");
    }
}
