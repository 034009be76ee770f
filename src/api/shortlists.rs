//! Shortlists: `POST/GET /v1/shortlists`, `GET/DELETE /v1/shortlists/{id}`,
//! `POST /v1/shortlists/{id}/creators`, `PATCH`/`PUT`/`DELETE
//! /v1/shortlists/{id}/creators/{creator_id}` and `GET /v1/shortlists/{id}/export.csv`.
//! Each API key sees only its own shortlists (all requests share one owner with auth off).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::auth::ApiKey;
use crate::api::error::{ApiError, ErrorBody};
use crate::api::json::{parse_body, parse_creator_id};
use crate::api::recommendations::{blocking, owner_of};
use crate::api::AppState;
use crate::pipeline::{
    create_shortlist, delete_shortlist, edit_shortlist, export_shortlist_csv, get_shortlist,
    list_shortlists, EntryEdit, PipelineError, ShortlistInfo, ShortlistView,
};

/// The body of `POST /v1/shortlists`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Summer launch"}))]
pub struct NewShortlist {
    /// 1 to 100 characters, unique among the key's shortlists.
    name: String,
}

/// The body of `POST /v1/shortlists/{id}/creators`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"creator_id": "mastodon:chef_ana@food.example", "note": "great reels, ask for rates"}))]
pub struct NewEntry {
    /// A stored creator's id (`platform:handle`).
    creator_id: String,
    /// Up to 2000 characters.
    note: Option<String>,
}

/// The body of `PATCH`/`PUT /v1/shortlists/{id}/creators/{creator_id}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"note": "rates received: 400 EUR per post"}))]
pub struct NoteBody {
    /// The new note; `null` or blank clears it. Left out, a `PATCH` keeps the note and a
    /// `PUT` (which replaces the entry's note whole) clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    note: Option<Option<String>>,
}

/// A field that is present, `null` included (`Some(None)`), apart from one left out (`None`).
fn present<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

/// What a note edit does when the body leaves `note` out.
#[derive(Debug, Clone, Copy, PartialEq)]
enum AbsentNote {
    Keep,
    Clear,
}

/// The answer of `GET /v1/shortlists`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShortlistList {
    pub shortlists: Vec<ShortlistInfo>,
}

/// The answer of `DELETE /v1/shortlists/{id}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Deleted {
    pub id: i64,
    pub deleted: bool,
}

fn parse_list_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::invalid("id", format!("{raw:?} is not a shortlist id")))
}

/// A path segment that does not decode, on the parameter axum names (`creator_id` or `id`).
fn path_error(rejection: PathRejection) -> ApiError {
    let text = rejection.body_text();
    let field = if text.contains("`creator_id`") {
        "creator_id"
    } else {
        "id"
    };
    ApiError::invalid(field, text)
}

/// Creates a shortlist.
#[utoipa::path(
    post,
    path = "/v1/shortlists",
    tag = "shortlists",
    request_body = NewShortlist,
    responses(
        (status = 201, description = "The new, empty shortlist", body = ShortlistView),
        (status = 400, description = "A bad or missing name", body = ErrorBody),
        (status = 409, description = "The key already has a shortlist of that name", body = ErrorBody),
    )
)]
pub async fn post_shortlist(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<ShortlistView>), ApiError> {
    let body: NewShortlist = parse_body(body)?;
    let owner = owner_of(key);
    let service = state.service.clone();
    let created = blocking("shortlist", move || {
        create_shortlist(&service, &owner, &body.name)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// The key's shortlists, oldest first.
#[utoipa::path(
    get,
    path = "/v1/shortlists",
    tag = "shortlists",
    responses((status = 200, description = "The key's shortlists", body = ShortlistList))
)]
pub async fn get_shortlists(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
) -> Result<Json<ShortlistList>, ApiError> {
    let owner = owner_of(key);
    let service = state.service.clone();
    let shortlists = blocking("shortlists", move || list_shortlists(&service, &owner)).await?;
    Ok(Json(ShortlistList { shortlists }))
}

/// One shortlist with its creators and notes.
#[utoipa::path(
    get,
    path = "/v1/shortlists/{id}",
    tag = "shortlists",
    params(("id" = i64, Path, description = "Shortlist id")),
    responses(
        (status = 200, description = "The shortlist", body = ShortlistView),
        (status = 400, description = "Not a shortlist id", body = ErrorBody),
        (status = 404, description = "No such shortlist for this key", body = ErrorBody),
    )
)]
pub async fn get_one(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<ShortlistView>, ApiError> {
    let Path(raw) = path.map_err(path_error)?;
    let id = parse_list_id(&raw)?;
    let owner = owner_of(key);
    let service = state.service.clone();
    let list = blocking("shortlist", move || get_shortlist(&service, &owner, id)).await?;
    Ok(Json(list))
}

/// Deletes a shortlist.
#[utoipa::path(
    delete,
    path = "/v1/shortlists/{id}",
    tag = "shortlists",
    params(("id" = i64, Path, description = "Shortlist id")),
    responses(
        (status = 200, description = "Deleted", body = Deleted),
        (status = 400, description = "Not a shortlist id", body = ErrorBody),
        (status = 404, description = "No such shortlist for this key", body = ErrorBody),
    )
)]
pub async fn delete_one(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Deleted>, ApiError> {
    let Path(raw) = path.map_err(path_error)?;
    let id = parse_list_id(&raw)?;
    let owner = owner_of(key);
    let service = state.service.clone();
    blocking("shortlist", move || delete_shortlist(&service, &owner, id)).await?;
    Ok(Json(Deleted { id, deleted: true }))
}

/// Adds a stored creator to a shortlist, with an optional note.
#[utoipa::path(
    post,
    path = "/v1/shortlists/{id}/creators",
    tag = "shortlists",
    params(("id" = i64, Path, description = "Shortlist id")),
    request_body = NewEntry,
    responses(
        (status = 201, description = "The shortlist with the creator added", body = ShortlistView),
        (status = 400, description = "A bad id, creator id or note", body = ErrorBody),
        (status = 404, description = "No such shortlist for this key, or no such creator", body = ErrorBody),
        (status = 409, description = "The creator is already on the shortlist", body = ErrorBody),
    )
)]
pub async fn post_entry(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    path: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<ShortlistView>), ApiError> {
    let Path(raw) = path.map_err(path_error)?;
    let id = parse_list_id(&raw)?;
    let body: NewEntry = parse_body(body)?;
    let creator = parse_creator_id(&body.creator_id, "creator_id")?;
    let owner = owner_of(key);
    let service = state.service.clone();
    let list = blocking("shortlist", move || {
        edit_shortlist(
            &service,
            &owner,
            id,
            &creator,
            EntryEdit::Add {
                note: body.note.as_deref(),
            },
        )
    })
    .await?;
    Ok((StatusCode::CREATED, Json(list)))
}

/// Changes the note of a creator on a shortlist (a `PATCH` without `note` changes nothing).
#[utoipa::path(
    patch,
    path = "/v1/shortlists/{id}/creators/{creator_id}",
    tag = "shortlists",
    params(
        ("id" = i64, Path, description = "Shortlist id"),
        ("creator_id" = String, Path, description = "Creator id (`platform:handle`)"),
    ),
    request_body = NoteBody,
    responses(
        (status = 200, description = "The shortlist with the new note", body = ShortlistView),
        (status = 400, description = "A bad id or note", body = ErrorBody),
        (status = 404, description = "No such shortlist for this key, or the creator is not on it", body = ErrorBody),
    )
)]
pub async fn patch_entry(
    state: State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ShortlistView>, ApiError> {
    set_note(state, key, path, body, AbsentNote::Keep).await
}

async fn set_note(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
    absent: AbsentNote,
) -> Result<Json<ShortlistView>, ApiError> {
    let Path((raw_id, raw_creator)) = path.map_err(path_error)?;
    let id = parse_list_id(&raw_id)?;
    let creator = parse_creator_id(&raw_creator, "creator_id")?;
    let body: NoteBody = parse_body(body)?;
    let owner = owner_of(key);
    let service = state.service.clone();
    let list = blocking("shortlist", move || {
        let note = match (body.note, absent) {
            (Some(note), _) => note,
            (None, AbsentNote::Clear) => None,
            (None, AbsentNote::Keep) => {
                let list = get_shortlist(&service, &owner, id)?;
                if !list
                    .creators
                    .iter()
                    .any(|entry| entry.creator_id == creator)
                {
                    return Err(PipelineError::NotFound(format!(
                        "{creator} is not on shortlist {id}"
                    )));
                }
                return Ok(list);
            }
        };
        edit_shortlist(
            &service,
            &owner,
            id,
            &creator,
            EntryEdit::SetNote {
                note: note.as_deref(),
            },
        )
    })
    .await?;
    Ok(Json(list))
}

/// Replaces the note of a creator on a shortlist (without `note`, clears it).
#[utoipa::path(
    put,
    path = "/v1/shortlists/{id}/creators/{creator_id}",
    tag = "shortlists",
    params(
        ("id" = i64, Path, description = "Shortlist id"),
        ("creator_id" = String, Path, description = "Creator id (`platform:handle`)"),
    ),
    request_body = NoteBody,
    responses(
        (status = 200, description = "The shortlist with the new note", body = ShortlistView),
        (status = 400, description = "A bad id or note", body = ErrorBody),
        (status = 404, description = "No such shortlist for this key, or the creator is not on it", body = ErrorBody),
    )
)]
pub async fn put_entry(
    state: State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ShortlistView>, ApiError> {
    set_note(state, key, path, body, AbsentNote::Clear).await
}

/// Takes a creator off a shortlist.
#[utoipa::path(
    delete,
    path = "/v1/shortlists/{id}/creators/{creator_id}",
    tag = "shortlists",
    params(
        ("id" = i64, Path, description = "Shortlist id"),
        ("creator_id" = String, Path, description = "Creator id (`platform:handle`)"),
    ),
    responses(
        (status = 200, description = "The shortlist without the creator", body = ShortlistView),
        (status = 400, description = "A bad id", body = ErrorBody),
        (status = 404, description = "No such shortlist for this key, or the creator is not on it", body = ErrorBody),
    )
)]
pub async fn delete_entry(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<ShortlistView>, ApiError> {
    let Path((raw_id, raw_creator)) = path.map_err(path_error)?;
    let id = parse_list_id(&raw_id)?;
    let creator = parse_creator_id(&raw_creator, "creator_id")?;
    let owner = owner_of(key);
    let service = state.service.clone();
    let list = blocking("shortlist", move || {
        edit_shortlist(&service, &owner, id, &creator, EntryEdit::Remove)
    })
    .await?;
    Ok(Json(list))
}

/// The shortlist as CSV: one row per creator with id, platform, handle, name, profile URL,
/// followers, tier, engagement rate, niches, credibility, top audience country and age (with
/// shares and the sample size), contact email and note.
#[utoipa::path(
    get,
    path = "/v1/shortlists/{id}/export.csv",
    tag = "shortlists",
    params(("id" = i64, Path, description = "Shortlist id")),
    responses(
        (status = 200, description = "CSV with a header row", content_type = "text/csv", body = String),
        (status = 400, description = "Not a shortlist id", body = ErrorBody),
        (status = 404, description = "No such shortlist for this key", body = ErrorBody),
    )
)]
pub async fn export_csv(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(raw) = path.map_err(path_error)?;
    let id = parse_list_id(&raw)?;
    let owner = owner_of(key);
    let service = state.service.clone();
    let (_name, bytes) =
        blocking("export", move || export_shortlist_csv(&service, &owner, id)).await?;
    let disposition = HeaderValue::from_str(&format!(
        "attachment; filename=\"shortlist-{id}.csv\""
    ))
    .map_err(|error| ApiError::Internal {
        message: error.to_string(),
    })?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
