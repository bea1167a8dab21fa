//! Crises the analyst named: kept beside the records, one row each.

use crate::{Store, StoreError};
use demarche_core::CrisisDef;
use rusqlite::types::Value;

impl Store {
    /// Adds or replaces (same id) a named crisis.
    pub fn put_crisis(&mut self, c: &CrisisDef) -> Result<(), StoreError> {
        let json = serde_json::to_string(c).map_err(|e| StoreError::Other(e.to_string()))?;
        let now = if self.is_postgres() {
            crate::pg::NOW_UTC
        } else {
            "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
        };
        let sql = format!(
            "INSERT INTO crises (id, target, json, created_at)
             VALUES (?1, ?2, ?3, {now})
             ON CONFLICT(id) DO UPDATE SET target = excluded.target, json = excluded.json"
        );
        self.execute(
            &sql,
            vec![
                Value::Text(c.id.clone()),
                Value::Text(c.target.clone()),
                Value::Text(json),
            ],
        )?;
        Ok(())
    }

    /// Removes a named crisis; `false` when there was none with that id.
    pub fn remove_crisis(&mut self, id: &str) -> Result<bool, StoreError> {
        let n = self.execute(
            "DELETE FROM crises WHERE id = ?1",
            vec![Value::Text(id.to_string())],
        )?;
        Ok(n > 0)
    }

    /// Every named crisis, by first day then id.
    pub fn crises(&self) -> Result<Vec<CrisisDef>, StoreError> {
        let rows = self.json_rows("SELECT json FROM crises", vec![], |r| r.get::<String>(0))?;
        let mut out = Vec::new();
        for text in rows {
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

    both!(crises_are_added_replaced_listed_and_removed);
    fn crises_are_added_replaced_listed_and_removed(mut s: Store) {
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
