//! A cheap fingerprint of what the store holds, for callers that cache
//! what they compute from it (the desk in `serve`).

use crate::{Store, StoreError};

/// What changes whenever a document is added or removed or a named crisis
/// is added, replaced or removed. Equal fingerprints: the same records.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DataVersion {
    /// The newest document row, and the records kept per kind (their sum).
    pub last_document: i64,
    pub records: i64,
    /// Every named crisis, as stored (the table is small).
    pub crises: String,
}

impl Store {
    /// The store's fingerprint: three indexed lookups, no scan of the
    /// records.
    pub fn data_version(&self) -> Result<DataVersion, StoreError> {
        let sql = if self.is_postgres() {
            "SELECT (SELECT COALESCE(max(rowid), 0) FROM documents),
                    (SELECT CAST(COALESCE(sum(n), 0) AS BIGINT) FROM kind_counts),
                    (SELECT COALESCE(string_agg(json, chr(10) ORDER BY id), '') FROM crises)"
        } else {
            "SELECT (SELECT COALESCE(max(rowid), 0) FROM documents),
                    (SELECT COALESCE(sum(n), 0) FROM kind_counts),
                    (SELECT COALESCE(group_concat(json, char(10)), '')
                       FROM (SELECT json FROM crises ORDER BY id))"
        };
        let rows = self.json_rows(sql, vec![], |r| {
            Ok(DataVersion {
                last_document: r.get(0)?,
                records: r.get(1)?,
                crises: r.get(2)?,
            })
        })?;
        Ok(rows.into_iter().next().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;
    use demarche_core::CrisisDef;

    both!(the_version_moves_with_named_crises);
    fn the_version_moves_with_named_crises(mut s: Store) {
        let empty = s.data_version().unwrap();
        assert_eq!((empty.last_document, empty.records), (0, 0));
        let def = CrisisDef {
            id: "u-river-crossing".into(),
            name: "River crossing".into(),
            target: "BOL".into(),
            by: vec!["PER".into()],
            from: "2026-03-01".into(),
            to: None,
            note: None,
        };
        s.put_crisis(&def).unwrap();
        let one = s.data_version().unwrap();
        assert_ne!(one, empty);
        assert!(one.crises.contains("u-river-crossing"));
        assert_eq!(s.data_version().unwrap(), one);
        s.put_crisis(&CrisisDef {
            to: Some("2026-03-09".into()),
            ..def
        })
        .unwrap();
        assert_ne!(s.data_version().unwrap(), one);
        s.remove_crisis("u-river-crossing").unwrap();
        assert_eq!(s.data_version().unwrap(), empty);
    }
}
