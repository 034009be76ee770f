//! Shortlist pages: `GET /shortlists` (the list and a form to start one), `GET
//! /shortlists/{id}` (creators with notes, remove, keep/drop feedback, pick to compare),
//! `GET /shortlists/{id}/export.csv` and the POST forms behind them, plus the "add to
//! shortlist" form every result card carries ([`add_form`]).
//!
//! They call the pipeline functions of the `/v1/shortlists` and `/v1/feedback` handlers, with
//! the same owner (the signed-in key's id, `""` with auth off), so the API and the pages see
//! the same lists. POSTs answer 303 back to a page (post/redirect/get); when htmx sends them
//! (`HX-Request`) they answer the small fragment that changed instead.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, RawQuery, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use maud::{html, Markup};
use scout_models::CreatorId;

use crate::api::auth::ApiKey;
use crate::api::AppState;
use crate::pipeline::{
    create_shortlist, delete_shortlist, edit_shortlist, export_shortlist_csv, get_shortlist,
    list_shortlists, record_feedback, EntryEdit, Judgement, PipelineError, SearchService,
    ShortlistInfo, ShortlistView,
};
use crate::web::auth::encode_component;
use crate::web::brief::{form_error, FieldError};
use crate::web::card::creator_href;
use crate::web::layout::{self, Nav};
use crate::web::{blocking, PageError};

/// The value of the card form's shortlist select that starts a new list.
const NEW_SHORTLIST: &str = "new";

/// The owner of what a page reads and writes: the signed-in key's id, or `""` with auth off
/// (the same owner the API uses).
pub(crate) fn owner_of(key: Option<Extension<Arc<ApiKey>>>) -> String {
    key.map(|Extension(key)| key.id.clone()).unwrap_or_default()
}

/// The owner's shortlists (for the card forms' select), read on a blocking thread.
pub(crate) async fn owner_shortlists(
    state: &AppState,
    owner: &str,
) -> Result<Vec<ShortlistInfo>, PageError> {
    let owner = owner.to_string();
    blocking(state, move |service| list_shortlists(service, &owner)).await
}

/// Runs `work` (store reads and writes) on a blocking thread; the pipeline's answer comes back
/// as it is, for the caller to turn a user mistake into a form error.
pub(crate) async fn attempt<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&SearchService) -> Result<T, PipelineError> + Send + 'static,
) -> Result<Result<T, PipelineError>, PageError> {
    let service = state.service.clone();
    tokio::task::spawn_blocking(move || work(&service))
        .await
        .map_err(|join| PageError::Internal(format!("shortlist task failed: {join}")))
}

/// `form.add-to-shortlist` for one creator: a select of the owner's shortlists (and a new one)
/// and a submit button. Posts to `/shortlists/add`.
pub fn add_form(creator_id: &CreatorId, shortlists: &[ShortlistInfo]) -> Markup {
    add_form_with_status(creator_id, shortlists, None)
}

fn add_form_with_status(
    creator_id: &CreatorId,
    shortlists: &[ShortlistInfo],
    status: Option<&str>,
) -> Markup {
    let select_id = format!("add-{}", dom_id(creator_id.as_str()));
    html! {
        form .add-to-shortlist method="post" action="/shortlists/add"
            hx-post="/shortlists/add" hx-swap="outerHTML" {
            input type="hidden" name="creator_id" value=(creator_id);
            label for=(select_id) { "Shortlist" }
            select id=(select_id) name="shortlist" {
                @for list in shortlists {
                    option value=(list.id) { (list.name) " (" (list.size) ")" }
                }
                option value=(NEW_SHORTLIST) { "New shortlist" }
            }
            button .add-shortlist-submit type="submit" { "Add" }
            @if let Some(status) = status {
                span .add-shortlist-status role="status" { (status) }
            }
        }
    }
}

/// An id attribute made of a creator id's letters and digits (ids hold `:`, `@`, `/`).
fn dom_id(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// The fields of a url-encoded form body, by name (the last value of a repeated one).
fn form_fields(body: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

fn required<'a>(fields: &'a HashMap<String, String>, name: &str) -> Result<&'a str, FieldError> {
    fields
        .get(name)
        .map(|value| value.trim())
        .filter(|value| !value.is_empty())
        .ok_or_else(|| FieldError::new(name, "is required"))
}

fn creator_field(fields: &HashMap<String, String>) -> Result<CreatorId, FieldError> {
    let raw = required(fields, "creator_id")?;
    CreatorId::parse(raw)
        .map_err(|error| FieldError::new("creator_id", format!("{raw:?}: {error}")))
}

/// The shortlist id of a page's path (`/shortlists/{id}/…`). One that is not a positive
/// number, or whose path does not decode (bad percent-encoding), names no list: the 404 page,
/// as for the creator page, not axum's plain-text 400.
pub(crate) struct ListId(pub(crate) i64);

impl<S: Send + Sync> FromRequestParts<S> for ListId {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, PageError> {
        let Ok(Path(raw)) = Path::<String>::from_request_parts(parts, state).await else {
            return Err(PageError::NotFound(
                "the address does not decode to a shortlist id".to_string(),
            ));
        };
        raw.parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(ListId)
            .ok_or_else(|| PageError::NotFound(format!("{raw:?} is not a shortlist id")))
    }
}

fn is_htmx(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request")
}

/// A page answering a form's mistake: the message in `#form-error` and a way back.
fn form_error_page(status: StatusCode, error: &FieldError, back: &str) -> Response {
    let body = html! {
        h1 { "Could not save" }
        (form_error(error))
        p { a href=(back) { "Back" } }
    };
    (
        status,
        layout::page("Could not save", Nav::Shortlists, body),
    )
        .into_response()
}

/// A pipeline answer to a form: a user mistake (by field) or a conflict becomes a form error
/// page; anything else a [`PageError`].
fn form_failure(error: PipelineError, back: &str) -> Result<Response, PageError> {
    match error {
        PipelineError::Invalid { field, message } => Ok(form_error_page(
            StatusCode::BAD_REQUEST,
            &FieldError::new(field, message),
            back,
        )),
        PipelineError::Conflict(message) => Ok(form_error_page(
            StatusCode::CONFLICT,
            &FieldError::new("creator_id", message),
            back,
        )),
        other => Err(PageError::from(other)),
    }
}

/// `GET /shortlists`: the owner's shortlists and the form that starts one.
pub(crate) async fn shortlists_page(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
) -> Result<Response, PageError> {
    let shortlists = owner_shortlists(&state, &owner_of(key)).await?;
    Ok(list_page(&shortlists, "", None, StatusCode::OK))
}

fn list_page(
    shortlists: &[ShortlistInfo],
    name: &str,
    error: Option<&FieldError>,
    status: StatusCode,
) -> Response {
    let body = html! {
        h1 { "Shortlists" }
        form #new-shortlist method="post" action="/shortlists" {
            @if let Some(error) = error { (form_error(error)) }
            label for="shortlist-name" { "New shortlist" }
            input #shortlist-name name="name" type="text" required maxlength="100" value=(name)
                placeholder="Summer launch";
            button #new-shortlist-submit type="submit" { "Create" }
        }
        @if shortlists.is_empty() {
            p .empty { "No shortlists yet. Create one, or add a creator from a search result." }
        }
        ul #shortlists {
            @for list in shortlists {
                li {
                    a .shortlist-link href=(format!("/shortlists/{}", list.id)) { (list.name) }
                    " · " (list.size) " creators · created " (list.created_at.format("%Y-%m-%d"))
                }
            }
        }
    };
    (status, layout::page("Shortlists", Nav::Shortlists, body)).into_response()
}

/// `POST /shortlists` (field `name`): creates a list and shows it.
pub(crate) async fn create(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    body: Bytes,
) -> Result<Response, PageError> {
    let owner = owner_of(key);
    let fields = form_fields(&body);
    let name = fields.get("name").cloned().unwrap_or_default();
    let (create_owner, create_name) = (owner.clone(), name.clone());
    let created = attempt(&state, move |service| {
        create_shortlist(service, &create_owner, &create_name)
    })
    .await?;
    let (status, error) = match created {
        Ok(list) => return Ok(Redirect::to(&format!("/shortlists/{}", list.id)).into_response()),
        Err(PipelineError::Invalid { field, message }) => {
            (StatusCode::BAD_REQUEST, FieldError::new(field, message))
        }
        Err(PipelineError::Conflict(message)) => {
            (StatusCode::CONFLICT, FieldError::new("name", message))
        }
        Err(other) => return Err(PageError::from(other)),
    };
    let shortlists = owner_shortlists(&state, &owner).await?;
    Ok(list_page(&shortlists, &name, Some(&error), status))
}

/// `POST /shortlists/add` (fields `shortlist` — an id or `new` — and `creator_id`): adds a
/// creator from a card, then goes back to the page the card was on.
pub(crate) async fn add_from_card(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let owner = owner_of(key);
    let fields = form_fields(&body);
    let back = back_path(&headers).unwrap_or_else(|| "/shortlists".to_string());
    let creator = match creator_field(&fields) {
        Ok(creator) => creator,
        Err(error) => return Ok(form_error_page(StatusCode::BAD_REQUEST, &error, &back)),
    };
    let choice = fields
        .get("shortlist")
        .map(|value| value.trim().to_string())
        .unwrap_or_default();
    let list = match choice.as_str() {
        NEW_SHORTLIST => {
            let new_owner = owner.clone();
            blocking(&state, move |service| {
                let taken: Vec<String> = list_shortlists(service, &new_owner)?
                    .into_iter()
                    .map(|list| list.name)
                    .collect();
                let name = (1..)
                    .map(|n| format!("Shortlist {n}"))
                    .find(|name| !taken.contains(name))
                    .unwrap_or_default();
                create_shortlist(service, &new_owner, &name)
            })
            .await?
            .id
        }
        raw => match raw.parse::<i64>() {
            Ok(id) if id > 0 => id,
            _ => {
                let error = FieldError::new("shortlist", format!("{raw:?} is not a shortlist"));
                return Ok(form_error_page(StatusCode::BAD_REQUEST, &error, &back));
            }
        },
    };
    let (add_owner, add_creator) = (owner.clone(), creator.clone());
    let added = attempt(&state, move |service| {
        edit_shortlist(
            service,
            &add_owner,
            list,
            &add_creator,
            EntryEdit::Add { note: None },
        )
    })
    .await?;
    let status = match added {
        Ok(view) => format!("Added to {}", view.name),
        Err(PipelineError::Conflict(_)) if is_htmx(&headers) => "Already on that list".to_string(),
        Err(error) => return form_failure(error, &back),
    };
    if is_htmx(&headers) {
        let shortlists = owner_shortlists(&state, &owner).await?;
        return Ok(add_form_with_status(&creator, &shortlists, Some(&status)).into_response());
    }
    Ok(Redirect::to(&back).into_response())
}

/// The same-origin page a form was sent from (its `Referer`'s path and query), if any.
fn back_path(headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let referer = url::Url::parse(referer).ok()?;
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let referer_host = match referer.port() {
        Some(port) => format!("{}:{port}", referer.host_str()?),
        None => referer.host_str()?.to_string(),
    };
    if referer_host != host {
        return None;
    }
    Some(match referer.query() {
        Some(query) => format!("{}?{query}", referer.path()),
        None => referer.path().to_string(),
    })
}

/// `GET /shortlists/{id}` (`?query=` sets what keep/drop judge for; the list's name by default).
pub(crate) async fn shortlist_page(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    ListId(id): ListId,
    RawQuery(raw_query): RawQuery,
) -> Result<Response, PageError> {
    let owner = owner_of(key);
    let (list, judgements) = blocking(&state, move |service| {
        let list = get_shortlist(service, &owner, id)?;
        let judgements = service
            .store()?
            .feedback()?
            .into_iter()
            .filter(|record| record.owner == owner)
            .map(|record| (record.creator_id, record.query, record.label))
            .collect::<Vec<_>>();
        Ok((list, judgements))
    })
    .await?;
    let query = url::form_urlencoded::parse(raw_query.unwrap_or_default().as_bytes())
        .find(|(key, _)| key == "query")
        .map(|(_, value)| value.trim().to_string())
        .filter(|value| !value.is_empty())
        .unwrap_or_else(|| list.name.clone());
    // The latest judgement of each creator for this query.
    let latest: HashMap<CreatorId, String> = judgements
        .into_iter()
        .filter(|(_, judged_for, _)| *judged_for == query)
        .map(|(creator, _, label)| (creator, label))
        .collect();
    let body = shortlist_body(&list, &query, &latest);
    Ok(layout::page(&list.name, Nav::Shortlists, body).into_response())
}

fn shortlist_body(
    list: &ShortlistView,
    query: &str,
    latest: &HashMap<CreatorId, String>,
) -> Markup {
    let base = format!("/shortlists/{}", list.id);
    html! {
        h1 { (list.name) }
        p .shortlist-meta {
            (list.size) " creators · created " (list.created_at.format("%Y-%m-%d %H:%M UTC"))
            " · " a #export-csv href=(format!("{base}/export.csv")) download { "Export CSV" }
        }
        form #feedback-query-form method="get" action=(base) {
            label for="feedback-query" { "Keep/drop judge the creators for the query" }
            input #feedback-query name="query" type="text" value=(query);
            button type="submit" { "Use" }
        }
        @if list.creators.is_empty() {
            p .empty { "No creators yet: add them from a search result or a brief." }
        }
        form #compare-form method="get" action=(format!("{base}/compare")) {}
        div .table-wrap {
        table #shortlist {
            caption .visually-hidden { "Creators on " (list.name) }
            thead {
                tr {
                    th scope="col" { "Compare" }
                    th scope="col" { "Creator" }
                    th scope="col" { "Note" }
                    th scope="col" { "Judgement" }
                    th scope="col" { "Remove" }
                }
            }
            tbody {
                @for entry in &list.creators {
                    @let dom = dom_id(entry.creator_id.as_str());
                    tr .entry data-creator-id=(entry.creator_id) {
                        td {
                            input .compare-pick type="checkbox" name="id" value=(entry.creator_id)
                                form="compare-form" id=(format!("pick-{dom}"));
                            label .visually-hidden for=(format!("pick-{dom}")) {
                                "Compare " (entry.handle)
                            }
                        }
                        td {
                            a .entry-link href=(creator_href(&entry.creator_id)) {
                                (entry.display_name.as_deref().unwrap_or(&entry.handle))
                            }
                            " " span .entry-handle { "@" (entry.handle) } " "
                            span .entry-platform { (entry.platform) }
                        }
                        td {
                            (note_form(list.id, entry.creator_id.as_str(), entry.note.as_deref(), &dom, None))
                        }
                        td {
                            (feedback_form(list.id, &entry.creator_id, query, latest.get(&entry.creator_id).map(String::as_str)))
                        }
                        td {
                            form .entry-remove-form method="post" action=(format!("{base}/remove"))
                                hx-post=(format!("{base}/remove")) hx-target="closest tr" hx-swap="delete" {
                                input type="hidden" name="creator_id" value=(entry.creator_id);
                                button .entry-remove type="submit" aria-label=(format!("Remove {}", entry.handle)) { "Remove" }
                            }
                        }
                    }
                }
            }
        }
        }
        @if list.creators.len() >= 2 {
            input type="hidden" name="query" value=(query) form="compare-form";
            button #compare type="submit" form="compare-form" { "Compare selected" }
        }
        form #delete-shortlist method="post" action=(format!("{base}/delete")) {
            button type="submit" { "Delete this shortlist" }
        }
    }
}

/// The note form of one entry (`textarea.entry-note`, `.entry-note-save`).
fn note_form(
    list: i64,
    creator: &str,
    note: Option<&str>,
    dom: &str,
    status: Option<&str>,
) -> Markup {
    let action = format!("/shortlists/{list}/note");
    let id = format!("note-{dom}");
    html! {
        form .entry-note-form method="post" action=(action) hx-post=(action) hx-swap="outerHTML" {
            input type="hidden" name="creator_id" value=(creator);
            label .visually-hidden for=(id) { "Note" }
            textarea .entry-note id=(id) name="note" rows="2" maxlength="2000" { (note.unwrap_or_default()) }
            button .entry-note-save type="submit" { "Save note" }
            @if let Some(status) = status { span .entry-note-status role="status" { (status) } }
        }
    }
}

/// The keep/drop form of one entry, showing the latest judgement for `query`.
fn feedback_form(list: i64, creator: &CreatorId, query: &str, latest: Option<&str>) -> Markup {
    let action = format!("/shortlists/{list}/feedback");
    html! {
        form .feedback-form method="post" action=(action) hx-post=(action) hx-swap="outerHTML" {
            input type="hidden" name="creator_id" value=(creator);
            input type="hidden" name="query" value=(query);
            button .feedback-keep type="submit" name="label" value="keep"
                aria-pressed=(if latest == Some("keep") { "true" } else { "false" }) { "Keep" }
            button .feedback-drop type="submit" name="label" value="drop"
                aria-pressed=(if latest == Some("drop") { "true" } else { "false" }) { "Drop" }
            @match latest {
                Some("keep") => span .feedback-state role="status" data-label="keep" { "kept" },
                Some("drop") => span .feedback-state role="status" data-label="drop" { "dropped" },
                _ => {}
            }
        }
    }
}

/// `POST /shortlists/{id}/note` (fields `creator_id`, `note`; blank clears it).
pub(crate) async fn save_note(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    headers: HeaderMap,
    ListId(id): ListId,
    body: Bytes,
) -> Result<Response, PageError> {
    let back = format!("/shortlists/{id}");
    let fields = form_fields(&body);
    let creator = match creator_field(&fields) {
        Ok(creator) => creator,
        Err(error) => return Ok(form_error_page(StatusCode::BAD_REQUEST, &error, &back)),
    };
    let note = fields.get("note").cloned();
    let owner = owner_of(key);
    let edit_creator = creator.clone();
    let edited = attempt(&state, move |service| {
        edit_shortlist(
            service,
            &owner,
            id,
            &edit_creator,
            EntryEdit::SetNote {
                note: note.as_deref(),
            },
        )
    })
    .await?;
    let list = match edited {
        Ok(list) => list,
        Err(error) => return form_failure(error, &back),
    };
    if is_htmx(&headers) {
        let note = list
            .creators
            .iter()
            .find(|entry| entry.creator_id == creator)
            .and_then(|entry| entry.note.clone());
        let dom = dom_id(creator.as_str());
        return Ok(
            note_form(id, creator.as_str(), note.as_deref(), &dom, Some("Saved")).into_response(),
        );
    }
    Ok(Redirect::to(&back).into_response())
}

/// `POST /shortlists/{id}/remove` (field `creator_id`).
pub(crate) async fn remove(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    headers: HeaderMap,
    ListId(id): ListId,
    body: Bytes,
) -> Result<Response, PageError> {
    let back = format!("/shortlists/{id}");
    let fields = form_fields(&body);
    let creator = match creator_field(&fields) {
        Ok(creator) => creator,
        Err(error) => return Ok(form_error_page(StatusCode::BAD_REQUEST, &error, &back)),
    };
    let owner = owner_of(key);
    let removed = attempt(&state, move |service| {
        edit_shortlist(service, &owner, id, &creator, EntryEdit::Remove)
    })
    .await?;
    if let Err(error) = removed {
        return form_failure(error, &back);
    }
    if is_htmx(&headers) {
        return Ok(StatusCode::OK.into_response());
    }
    Ok(Redirect::to(&back).into_response())
}

/// `POST /shortlists/{id}/feedback` (fields `creator_id`, `query`, `label` = keep|drop): stores
/// the judgement as `POST /v1/feedback` does.
pub(crate) async fn feedback(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    headers: HeaderMap,
    ListId(id): ListId,
    body: Bytes,
) -> Result<Response, PageError> {
    let fields = form_fields(&body);
    let query = fields.get("query").cloned().unwrap_or_default();
    let back = format!("/shortlists/{id}?query={}", encode_component(query.trim()));
    let parsed = creator_field(&fields).and_then(|creator| {
        let judgement = match fields.get("label").map(|label| label.trim()) {
            Some("keep") => Judgement::Keep,
            Some("drop") => Judgement::Drop,
            Some(other) => {
                return Err(FieldError::new(
                    "label",
                    format!("{other:?}: expected keep or drop"),
                ))
            }
            None => return Err(FieldError::new("label", "is required (keep or drop)")),
        };
        Ok((creator, judgement))
    });
    let (creator, judgement) = match parsed {
        Ok(parsed) => parsed,
        Err(error) => return Ok(form_error_page(StatusCode::BAD_REQUEST, &error, &back)),
    };
    let owner = owner_of(key);
    let (judged, judged_query) = (creator.clone(), query.clone());
    let stored = attempt(&state, move |service| {
        // The creator must be on this list: feedback from a page is about its entries.
        let list = get_shortlist(service, &owner, id)?;
        if !list.creators.iter().any(|entry| entry.creator_id == judged) {
            return Err(PipelineError::invalid(
                "creator_id",
                format!("{judged} is not on shortlist {id}"),
            ));
        }
        record_feedback(service, &owner, &judged, &judged_query, judgement)
    })
    .await?;
    let stored = match stored {
        Ok(stored) => stored,
        Err(error) => return form_failure(error, &back),
    };
    if is_htmx(&headers) {
        return Ok(
            feedback_form(id, &creator, stored.query.as_str(), Some(stored.label)).into_response(),
        );
    }
    Ok(Redirect::to(&back).into_response())
}

/// `POST /shortlists/{id}/delete`: deletes the list, back to all lists.
pub(crate) async fn delete(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    ListId(id): ListId,
) -> Result<Response, PageError> {
    let owner = owner_of(key);
    blocking(&state, move |service| delete_shortlist(service, &owner, id)).await?;
    Ok(Redirect::to("/shortlists").into_response())
}

/// `GET /shortlists/{id}/export.csv`: the API's CSV export, as a download.
pub(crate) async fn export_csv(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    ListId(id): ListId,
) -> Result<Response, PageError> {
    let owner = owner_of(key);
    let (_name, bytes) = blocking(&state, move |service| {
        export_shortlist_csv(service, &owner, id)
    })
    .await?;
    let disposition =
        HeaderValue::from_str(&format!("attachment; filename=\"shortlist-{id}.csv\""))
            .map_err(|error| PageError::Internal(error.to_string()))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_form_lists_the_shortlists_and_a_new_one() {
        let creator = CreatorId::parse("web:blog.example/anna").unwrap();
        let lists = vec![ShortlistInfo {
            id: 7,
            name: "Summer <launch>".to_string(),
            created_at: chrono::Utc::now(),
            size: 2,
        }];
        let markup = add_form(&creator, &lists).into_string();
        assert!(markup.contains("class=\"add-to-shortlist\""));
        assert!(markup.contains("<option value=\"7\">Summer &lt;launch&gt; (2)</option>"));
        assert!(markup.contains("value=\"new\""));
        assert!(markup.contains("name=\"creator_id\" value=\"web:blog.example/anna\""));
        assert!(markup.contains("id=\"add-web-blog-example-anna\""));
        assert!(markup.contains("class=\"add-shortlist-submit\""));
    }

    #[test]
    fn only_same_host_referers_are_followed_back() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        headers.insert(
            header::REFERER,
            HeaderValue::from_static("http://127.0.0.1:8080/?q=vegan&platform=mastodon"),
        );
        assert_eq!(
            back_path(&headers).as_deref(),
            Some("/?q=vegan&platform=mastodon")
        );
        headers.insert(
            header::REFERER,
            HeaderValue::from_static("http://evil.example/steal"),
        );
        assert_eq!(back_path(&headers), None);
    }
}
