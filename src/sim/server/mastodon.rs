//! A Mastodon 4.2 instance: the public REST endpoints a crawler uses, minimal profile pages
//! and robots.txt.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use crate::sim::content::{CreatorContent, SimPost};
use crate::sim::creator::SimCreator;
use crate::sim::ids::{self, IdKind};
use crate::sim::params;
use crate::sim::server::html::{self, escape};
use crate::sim::server::mastodon_json as entity;
use crate::sim::server::state::{CreatorEntry, HostState, RenderedStatus};
use crate::sim::server::status_ref::{resolve_status, StatusRef};
use crate::sim::server::{html_response, json_response, robots};
use crate::sim::world::HOSTS;

type Params = Query<HashMap<String, String>>;

/// The routes of a Mastodon host.
pub(super) fn router(state: Arc<HostState>) -> Router {
    Router::new()
        .route("/robots.txt", get(robots_txt))
        .route("/api/v1/instance", get(instance_v1))
        .route("/api/v2/instance", get(instance_v2))
        .route("/api/v1/accounts/lookup", get(lookup))
        .route("/api/v1/accounts/{id}", get(account))
        .route("/api/v1/accounts/{id}/statuses", get(account_statuses))
        .route("/api/v1/statuses/{id}", get(status))
        .route("/api/v1/statuses/{id}/context", get(context))
        .route("/api/v1/directory", get(directory))
        .route("/interact/{id}", get(interact))
        .route("/{handle}", get(profile_page))
        .route("/{handle}/{id}", get(status_page))
        .fallback(fallback)
        .with_state(state)
}

fn record_not_found() -> Response {
    json_response(
        StatusCode::NOT_FOUND,
        json!({ "error": "Record not found" }).to_string(),
    )
}

fn page_not_found() -> Response {
    html_response(
        StatusCode::NOT_FOUND,
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>The page you are looking for isn't here.</title></head><body><h1>404</h1><p>The page you are looking for isn't here.</p></body></html>".to_string(),
    )
}

async fn fallback(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        record_not_found()
    } else {
        page_not_found()
    }
}

async fn robots_txt(State(state): State<Arc<HostState>>) -> Response {
    super::text_response(robots::robots_txt(state.kind))
}

async fn instance_v1(State(state): State<Arc<HostState>>) -> Response {
    json_response(StatusCode::OK, entity::instance_v1(&state).to_string())
}

async fn instance_v2(State(state): State<Arc<HostState>>) -> Response {
    json_response(StatusCode::OK, entity::instance_v2(&state).to_string())
}

/// The account JSON of a creator with their (cached) content.
fn creator_account_json(
    state: &HostState,
    creator: &SimCreator,
) -> Option<(Arc<CreatorEntry>, Value)> {
    let entry = state.entry(creator)?;
    let account = entity::creator_account(state, creator, &entry.content);
    Some((entry, account))
}

async fn lookup(State(state): State<Arc<HostState>>, Query(query): Params) -> Response {
    let Some(acct) = query.get("acct") else {
        return record_not_found();
    };
    let acct = acct.trim().trim_start_matches('@');
    let username = match acct.split_once('@') {
        None => acct,
        Some((username, domain)) => {
            let web_host = state
                .base_url
                .split_once("://")
                .map_or("", |(_, host)| host);
            if domain.eq_ignore_ascii_case(state.domain) || domain.eq_ignore_ascii_case(web_host) {
                username
            } else {
                return record_not_found();
            }
        }
    };
    match state
        .creator_by_username(username)
        .and_then(|creator| creator_account_json(&state, creator))
    {
        Some((_, account)) => json_response(StatusCode::OK, account.to_string()),
        None => record_not_found(),
    }
}

/// What an account id points at on this host.
enum AccountRef<'a> {
    Creator(&'a SimCreator),
    Remote(Value),
}

fn resolve_account<'a>(state: &'a HostState, raw_id: &str) -> Option<AccountRef<'a>> {
    let id: u64 = raw_id.parse().ok()?;
    let parts = ids::decode(id)?;
    match parts.kind {
        IdKind::Creator => {
            let creator = state.creator(parts.slot)?;
            (creator.account_id() == id).then_some(AccountRef::Creator(creator))
        }
        IdKind::Sample => {
            let creator = state.creator(parts.slot)?;
            let entry = state.entry(creator)?;
            let sample = entry
                .content
                .samples
                .iter()
                .find(|sample| sample.id == id)?;
            Some(AccountRef::Remote(entity::remote_account(state, sample)))
        }
        IdKind::RingMember => {
            if parts.slot as usize % HOSTS.len() != state.host {
                return None;
            }
            let ring = state.world().ring(parts.slot);
            let member = ring.members.iter().find(|member| member.id == id)?;
            Some(AccountRef::Remote(entity::remote_account(state, member)))
        }
        IdKind::Status => None,
    }
}

async fn account(State(state): State<Arc<HostState>>, Path(id): Path<String>) -> Response {
    match resolve_account(&state, &id) {
        Some(AccountRef::Creator(creator)) => match creator_account_json(&state, creator) {
            Some((_, account)) => json_response(StatusCode::OK, account.to_string()),
            None => record_not_found(),
        },
        Some(AccountRef::Remote(account)) => json_response(StatusCode::OK, account.to_string()),
        None => record_not_found(),
    }
}

/// Renders (once per cached creator) every status of a creator, newest first.
fn rendered_statuses<'a>(
    state: &HostState,
    creator: &SimCreator,
    entry: &'a CreatorEntry,
) -> &'a [RenderedStatus] {
    entry.statuses.get_or_init(|| {
        let account = entity::creator_account(state, creator, &entry.content);
        let mut statuses = Vec::with_capacity(entry.content.posts.len() + 4);
        for post in &entry.content.posts {
            statuses.push(RenderedStatus {
                id: post.id,
                has_media: post.image.is_some(),
                tags: post.hashtags.clone(),
                json: entity::post_status(state, creator, &account, post).to_string(),
            });
            if let Some(reply) = &post.self_reply {
                statuses.push(RenderedStatus {
                    id: reply.id,
                    has_media: false,
                    tags: crate::sim::text::hashtags(&reply.text),
                    json: entity::self_reply_status(state, creator, &account, post, reply)
                        .to_string(),
                });
            }
        }
        statuses.sort_by_key(|status| std::cmp::Reverse(status.id));
        statuses
    })
}

fn flag(query: &HashMap<String, String>, name: &str) -> bool {
    query
        .get(name)
        .is_some_and(|value| matches!(value.as_str(), "true" | "1" | "on"))
}

fn limit(query: &HashMap<String, String>, (default, max): (usize, usize)) -> usize {
    query
        .get("limit")
        .and_then(|raw| raw.parse::<usize>().ok())
        .map_or(default, |limit| limit.clamp(1, max))
}

fn id_param(query: &HashMap<String, String>, name: &str) -> Option<u64> {
    query.get(name).and_then(|raw| raw.parse().ok())
}

async fn account_statuses(
    State(state): State<Arc<HostState>>,
    Path(id): Path<String>,
    Query(query): Params,
) -> Response {
    let creator = match resolve_account(&state, &id) {
        Some(AccountRef::Creator(creator)) => creator,
        Some(AccountRef::Remote(_)) => return json_response(StatusCode::OK, "[]".to_string()),
        None => return record_not_found(),
    };
    let Some(entry) = state.entry(creator) else {
        return record_not_found();
    };
    let all = rendered_statuses(&state, creator, &entry);
    let limit = limit(&query, params::MASTODON_STATUSES_LIMIT);
    let only_media = flag(&query, "only_media");
    let tagged = query
        .get("tagged")
        .map(|tag| tag.trim_start_matches('#').to_lowercase());
    let filtered: Vec<&RenderedStatus> = if flag(&query, "pinned") {
        Vec::new()
    } else {
        all.iter()
            .filter(|status| !only_media || status.has_media)
            .filter(|status| tagged.as_ref().is_none_or(|tag| status.tags.contains(tag)))
            .collect()
    };
    let max_id = id_param(&query, "max_id");
    let since_id = id_param(&query, "since_id");
    let min_id = id_param(&query, "min_id");
    let in_range: Vec<&RenderedStatus> = filtered
        .iter()
        .copied()
        .filter(|status| max_id.is_none_or(|max| status.id < max))
        .filter(|status| since_id.is_none_or(|since| status.id > since))
        .filter(|status| min_id.is_none_or(|min| status.id > min))
        .collect();
    let page: Vec<&RenderedStatus> = if min_id.is_some() {
        let mut oldest_first: Vec<&RenderedStatus> =
            in_range.iter().rev().take(limit).copied().collect();
        oldest_first.reverse();
        oldest_first
    } else {
        in_range.into_iter().take(limit).collect()
    };
    let body = format!(
        "[{}]",
        page.iter()
            .map(|status| status.json.as_str())
            .collect::<Vec<_>>()
            .join(",")
    );
    let mut response = json_response(StatusCode::OK, body);
    if let (Some(newest), Some(oldest)) = (page.first(), page.last()) {
        let path = format!("{}/api/v1/accounts/{id}/statuses", state.base_url);
        let mut carried: BTreeMap<&str, String> = BTreeMap::new();
        for name in ["exclude_replies", "exclude_reblogs", "only_media", "tagged"] {
            if let Some(value) = query.get(name) {
                carried.insert(name, value.clone());
            }
        }
        carried.insert("limit", limit.to_string());
        let mut links = Vec::new();
        if filtered.iter().any(|status| status.id < oldest.id) {
            links.push(format!(
                "<{}>; rel=\"next\"",
                page_link(&path, &carried, "max_id", oldest.id)
            ));
        }
        links.push(format!(
            "<{}>; rel=\"prev\"",
            page_link(&path, &carried, "min_id", newest.id)
        ));
        if let Ok(value) = HeaderValue::from_str(&links.join(", ")) {
            response.headers_mut().insert(header::LINK, value);
        }
    }
    response
}

/// A paging URL with parameters in Rails' alphabetical order.
fn page_link(path: &str, carried: &BTreeMap<&str, String>, cursor: &str, id: u64) -> String {
    let mut parameters = carried.clone();
    parameters.insert(cursor, id.to_string());
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in &parameters {
        query.append_pair(name, value);
    }
    format!("{path}?{}", query.finish())
}

fn reply_json(
    state: &HostState,
    creator: &SimCreator,
    content: &CreatorContent,
    post: &SimPost,
    position: usize,
) -> Option<Value> {
    let replies = state
        .world()
        .replies(creator.index, content, post.chrono, Some(position + 1));
    let reply = replies.get(position)?;
    let author = content.author(reply.author)?;
    Some(entity::reply_status(state, creator, post, reply, author))
}

async fn status(State(state): State<Arc<HostState>>, Path(id): Path<String>) -> Response {
    let Some((creator, entry, found, _)) = resolve_status(&state, &id) else {
        return record_not_found();
    };
    let content = &entry.content;
    let account = entity::creator_account(&state, creator, content);
    let value = match found {
        StatusRef::Post(chrono) => content
            .posts
            .get(chrono)
            .map(|post| entity::post_status(&state, creator, &account, post)),
        StatusRef::SelfReply(chrono) => content.posts.get(chrono).and_then(|post| {
            post.self_reply
                .as_ref()
                .map(|reply| entity::self_reply_status(&state, creator, &account, post, reply))
        }),
        StatusRef::Reply { post, position } => content
            .posts
            .get(post)
            .and_then(|post| reply_json(&state, creator, content, post, position)),
    };
    match value {
        Some(value) => json_response(StatusCode::OK, value.to_string()),
        None => record_not_found(),
    }
}

async fn context(State(state): State<Arc<HostState>>, Path(id): Path<String>) -> Response {
    let Some((creator, entry, found, _)) = resolve_status(&state, &id) else {
        return record_not_found();
    };
    let content = &entry.content;
    let account = entity::creator_account(&state, creator, content);
    let (ancestors, descendants) = match found {
        StatusRef::Post(chrono) => {
            let Some(post) = content.posts.get(chrono) else {
                return record_not_found();
            };
            let mut descendants: Vec<(u64, Value)> = state
                .world()
                .replies(creator.index, content, chrono, None)
                .iter()
                .filter_map(|reply| {
                    let author = content.author(reply.author)?;
                    Some((
                        reply.id,
                        entity::reply_status(&state, creator, post, reply, author),
                    ))
                })
                .collect();
            if let Some(reply) = &post.self_reply {
                descendants.push((
                    reply.id,
                    entity::self_reply_status(&state, creator, &account, post, reply),
                ));
            }
            descendants.sort_by_key(|(id, _)| *id);
            (
                Vec::new(),
                descendants.into_iter().map(|(_, value)| value).collect(),
            )
        }
        StatusRef::SelfReply(chrono) | StatusRef::Reply { post: chrono, .. } => {
            let Some(post) = content.posts.get(chrono) else {
                return record_not_found();
            };
            (
                vec![entity::post_status(&state, creator, &account, post)],
                Vec::new(),
            )
        }
    };
    json_response(
        StatusCode::OK,
        json!({ "ancestors": ancestors, "descendants": descendants }).to_string(),
    )
}

async fn directory(State(state): State<Arc<HostState>>, Query(query): Params) -> Response {
    let offset = query
        .get("offset")
        .and_then(|raw| raw.parse::<usize>().ok())
        .unwrap_or(0);
    let limit = limit(&query, params::MASTODON_DIRECTORY_LIMIT);
    let order = if query.get("order").is_some_and(|order| order == "new") {
        &state.directory_new
    } else {
        &state.directory_active
    };
    let accounts: Vec<Value> = order
        .iter()
        .skip(offset)
        .take(limit)
        .filter_map(|index| state.creator(*index))
        .filter_map(|creator| creator_account_json(&state, creator).map(|(_, account)| account))
        .collect();
    json_response(StatusCode::OK, Value::Array(accounts).to_string())
}

async fn interact(State(state): State<Arc<HostState>>, Path(id): Path<String>) -> Response {
    html_response(
        StatusCode::OK,
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Interact - {}</title></head><body><p>Log in or use your own server to interact with {}.</p></body></html>",
            escape(state.title),
            escape(&id)
        ),
    )
}

async fn profile_page(State(state): State<Arc<HostState>>, Path(handle): Path<String>) -> Response {
    let Some(creator) = handle
        .strip_prefix('@')
        .and_then(|username| state.creator_by_username(username))
    else {
        return page_not_found();
    };
    let Some((_, account)) = creator_account_json(&state, creator) else {
        return page_not_found();
    };
    let base = &state.base_url;
    let acct = format!("{}@{}", creator.username, state.domain);
    let linked = state.shared.linked_profile_url(creator);
    let rel_me_head = linked
        .as_ref()
        .map(|url| format!("<link rel=\"me\" href=\"{}\">\n", escape(url)))
        .unwrap_or_default();
    let rel_me_body = linked
        .as_ref()
        .map(|url| {
            format!(
                "<dl class=\"fields\"><dt>Website</dt><dd>{}</dd></dl>\n",
                html::mastodon_link_field(url)
            )
        })
        .unwrap_or_default();
    let avatar = account["avatar"].as_str().unwrap_or_default();
    let note = account["note"].as_str().unwrap_or_default();
    let statuses = account["statuses_count"].as_u64().unwrap_or_default();
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{name} (@{acct}) - {title}</title>\n\
         <meta name=\"description\" content=\"{description}\">\n<link rel=\"canonical\" href=\"{base}/@{username}\">\n\
         <link rel=\"alternate\" type=\"application/activity+json\" href=\"{base}/users/{username}\">\n{rel_me_head}\
         <meta property=\"og:type\" content=\"profile\">\n<meta property=\"og:title\" content=\"{name} (@{acct})\">\n\
         <meta property=\"og:url\" content=\"{base}/@{username}\">\n<meta property=\"og:image\" content=\"{avatar}\">\n\
         <meta property=\"profile:username\" content=\"{acct}\">\n</head>\n<body>\n<div class=\"account\">\n\
         <img class=\"avatar\" src=\"{avatar}\" alt=\"\">\n<h1>{name}</h1>\n<p class=\"acct\">@{acct}</p>\n\
         <div class=\"note\">{note}</div>\n{rel_me_body}\
         <p class=\"counts\">{statuses} Posts · {following} Following · {followers} Followers</p>\n\
         <a class=\"button\" href=\"/interact/{id}?type=follow\">Follow</a>\n</div>\n\
         <noscript>To use the Mastodon web application, please enable JavaScript.</noscript>\n</body>\n</html>\n",
        lang = creator.language.code(),
        name = escape(&creator.display_name),
        title = escape(state.title),
        description = escape(&creator.bio),
        username = escape(&creator.username),
        avatar = escape(avatar),
        followers = html::abbreviate(state.followers(creator)),
        following = html::abbreviate(creator.following),
        id = creator.account_id(),
    );
    html_response(StatusCode::OK, body)
}

async fn status_page(
    State(state): State<Arc<HostState>>,
    Path((handle, id)): Path<(String, String)>,
) -> Response {
    let Some(username) = handle.strip_prefix('@') else {
        return page_not_found();
    };
    let Some((creator, entry, found, status_id)) = resolve_status(&state, &id) else {
        return page_not_found();
    };
    if !creator.username.eq_ignore_ascii_case(username) {
        return page_not_found();
    }
    let text = match found {
        StatusRef::Post(chrono) => entry
            .content
            .posts
            .get(chrono)
            .map(|post| post.text.clone()),
        StatusRef::SelfReply(chrono) => entry
            .content
            .posts
            .get(chrono)
            .and_then(|post| post.self_reply.as_ref().map(|reply| reply.text.clone())),
        StatusRef::Reply { .. } => None,
    };
    let Some(text) = text else {
        return page_not_found();
    };
    let base = &state.base_url;
    html_response(
        StatusCode::OK,
        format!(
            "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>{name}: \"{short}\" - {title}</title>\n\
             <link rel=\"canonical\" href=\"{base}/@{username}/{status_id}\">\n<meta property=\"og:type\" content=\"article\">\n\
             <meta property=\"og:description\" content=\"{text}\">\n</head>\n<body>\n<article>{content}</article>\n\
             <a href=\"/interact/{status_id}?type=reply\">Reply</a>\n</body>\n</html>\n",
            name = escape(&creator.display_name),
            short = escape(&text.chars().take(60).collect::<String>()),
            title = escape(state.title),
            username = escape(&creator.username),
            text = escape(&text),
            content = html::mastodon_html(&text, base, None),
        ),
    )
}
