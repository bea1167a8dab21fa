//! Running store tests on both backends.
//!
//! `both!(name)` turns `fn name(s: Store)` into two tests, `name::sqlite`
//! (a fresh in-memory SQLite store) and `name::postgres` (a fresh schema of
//! the database `$DEMARCHE_TEST_POSTGRES` names, dropped afterwards, so
//! tests run in parallel). Without that variable the PostgreSQL test prints
//! that it is skipped, and fails under CI (`$CI` set), where PostgreSQL
//! must be there.

use crate::{Store, StoreLocation};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Defines `mod $name { sqlite, postgres }` running `fn $name(Store)`.
macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[test]
            fn sqlite() {
                super::$name($crate::Store::open_in_memory().expect("open"));
            }

            #[test]
            fn postgres() {
                if let Some(pg) = $crate::testing::PgSchema::new(stringify!($name)) {
                    super::$name(pg.open());
                }
            }
        }
    };
}

/// A fresh schema in the test database, dropped when this is.
pub(crate) struct PgSchema {
    url: String,
    schema: String,
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// The test database's URL; `None` (after saying so) when there is none
/// and this is not CI.
pub(crate) fn test_url(test: &str) -> Option<String> {
    match std::env::var("DEMARCHE_TEST_POSTGRES") {
        Ok(u) if !u.trim().is_empty() => Some(u.trim().to_string()),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{test}: DEMARCHE_TEST_POSTGRES is not set; under CI the PostgreSQL tests must run (scripts/test starts a server)"
            );
            eprintln!("{test}: skipped on PostgreSQL: DEMARCHE_TEST_POSTGRES is not set");
            None
        }
    }
}

impl PgSchema {
    /// A new empty schema; `None` when there is no test database.
    pub(crate) fn new(test: &str) -> Option<PgSchema> {
        let url = test_url(test)?;
        let schema = format!(
            "t_{}_{}_{}",
            test.chars().take(30).collect::<String>(),
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("test database");
        c.batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .expect("create schema");
        Some(PgSchema { url, schema })
    }

    /// The location of a store in this schema.
    pub(crate) fn location(&self) -> StoreLocation {
        let sep = if self.url.contains('?') { '&' } else { '?' };
        StoreLocation::Postgres(format!(
            "{}{sep}options=-csearch_path%3D{}",
            self.url, self.schema
        ))
    }

    /// Opens the store in this schema (creating its tables).
    pub(crate) fn open(&self) -> Store {
        Store::open(self.location()).expect("open the PostgreSQL store")
    }

    /// A plain connection with this schema first on the search path.
    pub(crate) fn client(&self) -> postgres::Client {
        let mut c = postgres::Client::connect(&self.url, postgres::NoTls).expect("test database");
        c.batch_execute(&format!("SET search_path = {}", self.schema))
            .expect("search path");
        c
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.url, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema));
        }
    }
}
