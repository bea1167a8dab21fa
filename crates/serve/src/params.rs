//! Query strings → store filters. Unknown parameters, malformed dates and
//! out-of-range numbers are 400s naming the parameter.

use crate::ApiError;
use demarche_store::{Filter, DEFAULT_LIMIT};
use std::collections::HashMap;

/// The largest page.
pub const MAX_LIMIT: usize = 1000;
/// The largest offset (paging deeper than this is a query to narrow).
pub const MAX_OFFSET: usize = 100_000;

/// The filter parameters (names as in the query string).
pub const FILTER: &[&str] = &[
    "speaker",
    "actor",
    "recipient",
    "type",
    "since",
    "until",
    "doc",
    "country",
    "stance",
];
/// Paging parameters.
pub const PAGING: &[&str] = &["limit", "offset"];

/// A parsed query string.
pub struct Params {
    map: HashMap<String, String>,
}

impl Params {
    /// Checks that every parameter is one of `allowed` (or a filter or paging
    /// parameter when `filters` is set).
    pub fn new(
        map: HashMap<String, String>,
        filters: bool,
        allowed: &[&str],
    ) -> Result<Params, ApiError> {
        let known = |k: &str| {
            allowed.contains(&k) || (filters && (FILTER.contains(&k) || PAGING.contains(&k)))
        };
        let mut unknown: Vec<&str> = map
            .keys()
            .map(String::as_str)
            .filter(|k| !known(k))
            .collect();
        if !unknown.is_empty() {
            unknown.sort_unstable();
            let mut ok: Vec<&str> = allowed.to_vec();
            if filters {
                ok.extend(FILTER.iter().chain(PAGING));
            }
            return Err(ApiError::BadRequest(format!(
                "unknown parameter {} (known: {})",
                unknown.join(", "),
                if ok.is_empty() {
                    "none".to_string()
                } else {
                    ok.join(", ")
                }
            )));
        }
        Ok(Params { map })
    }

    /// A non-empty trimmed value.
    pub fn get(&self, k: &str) -> Option<&str> {
        self.map.get(k).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    /// A number in `1..=max`, else `default`.
    pub fn number(&self, k: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.get(k) {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(ApiError::BadRequest(format!(
                    "{k} must be a whole number from 1 to {max}, not {v:?}"
                ))),
            },
        }
    }

    /// One of `choices`, else `default`.
    pub fn choice<'a>(
        &self,
        k: &str,
        choices: &[&'a str],
        default: &'a str,
    ) -> Result<&'a str, ApiError> {
        match self.get(k) {
            None => Ok(default),
            Some(v) => choices.iter().find(|c| **c == v).copied().ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "{k} must be one of {}, not {v:?}",
                    choices.join(", ")
                ))
            }),
        }
    }

    /// `limit` (default 100, at most 1000) and `offset` (at most
    /// 100,000).
    pub fn paging(&self) -> Result<(usize, usize), ApiError> {
        let limit = self.number("limit", DEFAULT_LIMIT, MAX_LIMIT)?;
        let offset = match self.get("offset") {
            None => 0,
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n <= MAX_OFFSET => n,
                _ => {
                    return Err(ApiError::BadRequest(format!(
                        "offset must be a whole number from 0 to {MAX_OFFSET}, not {v:?}"
                    )))
                }
            },
        };
        Ok((limit, offset))
    }

    /// The store filter, with `limit` (default 100, at most 1000) and
    /// `offset`.
    pub fn filter(&self) -> Result<Filter, ApiError> {
        let s = |k: &str| self.get(k).map(str::to_string);
        for k in ["since", "until"] {
            if let Some(v) = self.get(k) {
                if !is_iso_date(v) {
                    return Err(ApiError::BadRequest(format!(
                        "{k} must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), not {v:?}"
                    )));
                }
            }
        }
        let (limit, offset) = self.paging()?;
        Ok(Filter {
            speaker: s("speaker"),
            actor: s("actor"),
            recipient: s("recipient"),
            event_type: s("type"),
            since: s("since"),
            until: s("until"),
            doc: s("doc"),
            country: s("country"),
            stance: s("stance"),
            limit: Some(limit),
            offset: Some(offset),
        })
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with plausible numbers.
fn is_iso_date(v: &str) -> bool {
    let parts: Vec<&str> = v.split('-').collect();
    let num = |s: &str, len: usize, lo: u32, hi: u32| {
        s.len() == len
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|n| (lo..=hi).contains(&n))
    };
    match parts.as_slice() {
        [y] => num(y, 4, 0, 9999),
        [y, m] => num(y, 4, 0, 9999) && num(m, 2, 1, 12),
        [y, m, d] => num(y, 4, 0, 9999) && num(m, 2, 1, 12) && num(d, 2, 1, 31),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn dates_limits_and_unknown_names() {
        assert!(is_iso_date("2026") && is_iso_date("2026-02") && is_iso_date("2026-02-28"));
        assert!(!is_iso_date("2026-13") && !is_iso_date("26-01-01") && !is_iso_date("yesterday"));
        let f = Params::new(p(&[("actor", " Peru "), ("limit", "5")]), true, &[])
            .and_then(|x| x.filter())
            .expect("valid");
        assert_eq!(
            (f.actor.as_deref(), f.limit, f.offset),
            (Some("Peru"), Some(5), Some(0))
        );
        let bad = |pairs: &[(&str, &str)]| match Params::new(p(pairs), true, &["q"])
            .and_then(|x| x.filter())
        {
            Err(ApiError::BadRequest(m)) => m,
            _ => String::new(),
        };
        assert!(bad(&[("limit", "0")]).starts_with("limit must be"));
        assert!(bad(&[("limit", "1001")]).starts_with("limit must be"));
        assert!(bad(&[("offset", "-1")]).starts_with("offset must be"));
        assert!(bad(&[("since", "May")]).starts_with("since must be"));
        assert!(bad(&[("colour", "red")]).starts_with("unknown parameter colour"));
    }
}
