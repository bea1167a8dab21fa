//! Crises the analyst named: kept beside the records, one row each.

use crate::{Store, StoreError};
use demarche_core::CrisisDef;

impl Store {
    /// Adds or replaces (same id) a named crisis.
    pub fn put_crisis(&mut self, c: &CrisisDef) -> Result<(), StoreError> {
        let json = serde_json::to_string(c).map_err(|e| StoreError::Other(e.to_string()))?;
        self.conn
            .execute(
                "INSERT INTO crises (id, target, json, created_at)
                 VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                 ON CONFLICT(id) DO UPDATE SET target = excluded.target, json = excluded.json",
                rusqlite::params![c.id, c.target, json],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Removes a named crisis; `false` when there was none with that id.
    pub fn remove_crisis(&mut self, id: &str) -> Result<bool, StoreError> {
        let n = self
            .conn
            .execute("DELETE FROM crises WHERE id = ?1", [id])
            .map_err(|e| self.err(e))?;
        Ok(n > 0)
    }

    /// Every named crisis, by first day then id.
    pub fn crises(&self) -> Result<Vec<CrisisDef>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT json FROM crises")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let text = row.map_err(|e| self.err(e))?;
            out.push(serde_json::from_str::<CrisisDef>(&text).map_err(|e| {
                StoreError::Other(format!("{}: unreadable stored crisis: {e}", self.path))
            })?);
        }
        out.sort_by(|a, b| (&a.from, &a.id).cmp(&(&b.from, &b.id)));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(id: &str, from: &str) -> CrisisDef {
        CrisisDef {
            id: id.into(),
            name: format!("Crisis {id}"),
            target: "PER".into(),
            by: vec!["CHL".into()],
            from: from.into(),
            to: None,
            note: None,
        }
    }

    #[test]
    fn crises_are_added_replaced_listed_and_removed() {
        let mut s = Store::open_in_memory().unwrap();
        assert!(s.crises().unwrap().is_empty());
        s.put_crisis(&def("u-b", "2026-02-01")).unwrap();
        s.put_crisis(&def("u-a", "2026-03-01")).unwrap();
        let mut changed = def("u-b", "2026-04-01");
        changed.target = "BOL".into();
        s.put_crisis(&changed).unwrap();
        let all = s.crises().unwrap();
        assert_eq!(
            all.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            ["u-a", "u-b"]
        );
        assert_eq!(all[1].target, "BOL");
        assert!(s.remove_crisis("u-a").unwrap());
        assert!(!s.remove_crisis("u-a").unwrap());
        assert_eq!(s.crises().unwrap().len(), 1);
    }
}
