//! The endpoints that change data: naming a crisis and removing one. Off
//! unless the server was started with a token (403); then each request
//! must carry `Authorization: Bearer <token>` (401 otherwise), compared in
//! constant time. The validation is the CLI's (`CrisisInput::validate`);
//! the desk cache sees the change on the next request (the store's data
//! version covers the crises table).

use crate::{ApiError, AppState};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use demarche_analysis::desk::CrisisInput;
use serde_json::json;

/// Whether `given` equals `expected`, in a time that depends only on
/// `expected`'s length.
fn same(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = u8::from(given.len() != expected.len());
    for (i, e) in expected.iter().enumerate() {
        diff |= given.get(i).copied().unwrap_or(0) ^ e;
    }
    std::hint::black_box(diff) == 0
}

/// 403 when the server is read-only; 401 without the right bearer token.
fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = state.inner.token.as_deref() else {
        return Err(ApiError::Forbidden(
            "the server is read-only (start it with --writable to change data)".into(),
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        });
    match given {
        None => Err(ApiError::Unauthorized(
            "a token is required: Authorization: Bearer <token>".into(),
        )),
        Some(g) if same(g.as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError::Unauthorized("wrong token".into())),
    }
}

/// `POST /api/crises`: names a crisis (or replaces the one with the same
/// name); 201 with the stored definition.
pub async fn add_crisis(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    authorize(&state, &headers)?;
    let input: CrisisInput = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("the body must be a crisis in JSON: {e}")))?;
    let def = input.validate(state.kb()).map_err(ApiError::BadRequest)?;
    let stored = def.clone();
    state
        .with_writer(move |s| Ok(s.put_crisis(&stored)?))
        .await?;
    let location = HeaderValue::from_str(&format!("/api/crises/{}", def.id))
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut res = (StatusCode::CREATED, Json(json!(def))).into_response();
    res.headers_mut().insert(header::LOCATION, location);
    Ok(res)
}

/// `DELETE /api/crises/{id}`: removes a named crisis; 404 when there is
/// none by that id (crises from the knowledge base or the records stay).
pub async fn remove_crisis(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    authorize(&state, &headers)?;
    let key = id.clone();
    let removed = state
        .with_writer(move |s| Ok(s.remove_crisis(&key)?))
        .await?;
    if removed {
        Ok(Json(json!({ "removed": id })))
    } else {
        Err(ApiError::NotFound(format!(
            "no named crisis {id} (only crises named by the analyst can be removed)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::same;

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abd", b"abc"));
        assert!(!same(b"ab", b"abc"));
        assert!(!same(b"abcd", b"abc"));
        assert!(!same(b"", b"abc"));
    }
}
