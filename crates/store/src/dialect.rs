//! The small layer that lets one query text serve both backends.
//!
//! Shared queries are written in SQLite's dialect with a few rules kept so
//! PostgreSQL runs them after [`to_postgres`]: placeholders are `?` or
//! `?N`, whole-word name filters use `instr()`, every text column compares
//! byte-wise (PostgreSQL's columns are declared `COLLATE "C"`), integers
//! summed are wrapped in `CAST(… AS BIGINT)`, and a `DESC` sort puts NULLs
//! last as SQLite does. Rows are read through [`DbRow`], whose typed
//! [`DbRow::get`] hides which driver produced them.

use crate::StoreError;
use postgres::types::{ToSql, Type};
use rusqlite::types::Value;

/// One result row of either backend.
pub(crate) enum DbRow<'a, 'b> {
    Lite(&'a rusqlite::Row<'b>),
    Pg(&'a postgres::Row),
}

impl DbRow<'_, '_> {
    /// Column `i` as a `T`.
    pub(crate) fn get<T: Col>(&self, i: usize) -> Result<T, StoreError> {
        match self {
            DbRow::Lite(r) => T::lite(r, i).map_err(StoreError::Sql),
            DbRow::Pg(r) => T::pg(r, i),
        }
    }

    /// Every column as text (`NULL` for nulls), space-separated.
    pub(crate) fn line(&self) -> Result<String, StoreError> {
        let n = match self {
            DbRow::Lite(r) => r.as_ref().column_count(),
            DbRow::Pg(r) => r.len(),
        };
        let mut parts = Vec::with_capacity(n);
        for i in 0..n {
            parts.push(match self {
                DbRow::Lite(r) => match r.get::<_, Value>(i).map_err(StoreError::Sql)? {
                    Value::Null => "NULL".to_string(),
                    Value::Integer(i) => i.to_string(),
                    Value::Real(f) => f.to_string(),
                    Value::Text(t) => t,
                    Value::Blob(b) => format!("<{} bytes>", b.len()),
                },
                DbRow::Pg(_) => match self.get::<Option<String>>(i) {
                    Ok(v) => v.unwrap_or_else(|| "NULL".into()),
                    Err(_) => self
                        .get::<Option<i64>>(i)?
                        .map_or_else(|| "NULL".into(), |v| v.to_string()),
                },
            });
        }
        Ok(parts.join(" "))
    }
}

/// A Rust type a column converts to, from either backend.
pub(crate) trait Col: Sized {
    fn lite(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self>;
    fn pg(r: &postgres::Row, i: usize) -> Result<Self, StoreError>;
}

fn pg_err(e: postgres::Error) -> StoreError {
    StoreError::Other(format!("reading a row: {e}"))
}

/// An integer column of any width.
fn pg_int(r: &postgres::Row, i: usize) -> Result<Option<i64>, StoreError> {
    let ty = r.columns().get(i).map(|c| c.type_().clone());
    Ok(match ty {
        Some(Type::INT2) => r
            .try_get::<_, Option<i16>>(i)
            .map_err(pg_err)?
            .map(i64::from),
        Some(Type::INT4) => r
            .try_get::<_, Option<i32>>(i)
            .map_err(pg_err)?
            .map(i64::from),
        _ => r.try_get::<_, Option<i64>>(i).map_err(pg_err)?,
    })
}

impl Col for String {
    fn lite(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        r.get(i)
    }
    fn pg(r: &postgres::Row, i: usize) -> Result<Self, StoreError> {
        r.try_get(i).map_err(pg_err)
    }
}

impl Col for Option<String> {
    fn lite(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        r.get(i)
    }
    fn pg(r: &postgres::Row, i: usize) -> Result<Self, StoreError> {
        r.try_get(i).map_err(pg_err)
    }
}

impl Col for i64 {
    fn lite(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        r.get(i)
    }
    fn pg(r: &postgres::Row, i: usize) -> Result<Self, StoreError> {
        pg_int(r, i)?.ok_or_else(|| StoreError::Other(format!("column {i} is NULL")))
    }
}

impl Col for Option<i64> {
    fn lite(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        r.get(i)
    }
    fn pg(r: &postgres::Row, i: usize) -> Result<Self, StoreError> {
        pg_int(r, i)
    }
}

impl Col for Option<u8> {
    fn lite(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        r.get(i)
    }
    fn pg(r: &postgres::Row, i: usize) -> Result<Self, StoreError> {
        pg_int(r, i)?
            .map(|v| {
                u8::try_from(v)
                    .map_err(|_| StoreError::Other(format!("column {i}: {v} out of range")))
            })
            .transpose()
    }
}

/// Parameters as PostgreSQL values.
pub(crate) fn pg_params(params: &[Value]) -> Vec<Box<dyn ToSql + Sync>> {
    params
        .iter()
        .map(|v| -> Box<dyn ToSql + Sync> {
            match v {
                Value::Null => Box::new(None::<String>),
                Value::Integer(i) => Box::new(*i),
                Value::Real(f) => Box::new(*f),
                Value::Text(t) => Box::new(t.clone()),
                Value::Blob(b) => Box::new(b.clone()),
            }
        })
        .collect()
}

/// A shared query (SQLite dialect, see the module doc) in PostgreSQL's:
/// `?N` → `$N`, each bare `?` → the next `$N`, `instr(` → `strpos(`, and
/// `DESC` → `DESC NULLS LAST` (SQLite sorts NULLs first, so last when
/// descending; PostgreSQL the reverse). Text in single quotes is copied.
pub(crate) fn to_postgres(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut next = 0usize;
    let mut quoted = false;
    let mut rest = sql;
    while let Some(c) = rest.chars().next() {
        if quoted {
            out.push(c);
            quoted = c != '\'';
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let word_start = !matches!(out.chars().next_back(),
            Some(p) if p.is_alphanumeric() || p == '_' || p == '.');
        if c == '\'' {
            quoted = true;
            out.push(c);
            rest = &rest[1..];
        } else if c == '?' {
            let digits = rest[1..].bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 {
                out.push('$');
                out.push_str(&rest[1..=digits]);
            } else {
                next += 1;
                out.push_str(&format!("${next}"));
            }
            rest = &rest[1 + digits..];
        } else if word_start && starts_word(rest, "instr(") {
            out.push_str("strpos(");
            rest = &rest["instr(".len()..];
        } else if word_start && starts_word(rest, "DESC") {
            out.push_str("DESC NULLS LAST");
            rest = &rest["DESC".len()..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// `s` starts with `w` (case-insensitively) and, when `w` ends in a
/// letter, no letter follows it.
fn starts_word(s: &str, w: &str) -> bool {
    s.len() >= w.len()
        && s.as_bytes()[..w.len()].eq_ignore_ascii_case(w.as_bytes())
        && (w.ends_with('(')
            || !s[w.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_translate_to_postgres() {
        assert_eq!(
            to_postgres("SELECT x FROM t WHERE a = ?1 OR b = ?1 ORDER BY d DESC, id desc LIMIT 3"),
            "SELECT x FROM t WHERE a = $1 OR b = $1 ORDER BY d DESC NULLS LAST, id DESC NULLS LAST LIMIT 3"
        );
        assert_eq!(
            to_postgres("SELECT x FROM t WHERE instr(s, ?) > 0 AND y = ?"),
            "SELECT x FROM t WHERE strpos(s, $1) > 0 AND y = $2"
        );
        assert_eq!(
            to_postgres("SELECT 'why?' , r.description, ? FROM t WHERE k IN (?, ?)"),
            "SELECT 'why?' , r.description, $1 FROM t WHERE k IN ($2, $3)"
        );
        assert_eq!(
            to_postgres("SELECT mydesc, xinstr(a)"),
            "SELECT mydesc, xinstr(a)"
        );
    }
}
