//! A Bluesky AppView: the public XRPC methods a crawler uses (`getProfile`, `getProfiles`,
//! `getAuthorFeed`, `getPostThread`, `searchActors`, `getSuggestions`) with XRPC errors, and
//! `bsky.app`-style pages (`/profile/HANDLE`, posts, search) on the same host.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, RawQuery, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::sim::content::SimSample;
use crate::sim::creator::SimCreator;
use crate::sim::ids::{self, IdKind};
use crate::sim::params;
use crate::sim::platform_ids::{did_account, tid_status};
use crate::sim::server::bluesky_json as view;
use crate::sim::server::state::{CreatorEntry, HostState, RenderedFeedItem};
use crate::sim::server::status_ref::{resolve_status_id, StatusRef};
use crate::sim::server::{json_response, last_modified, robots, with_modified};
use crate::sim::world::HOSTS;

mod pages;

type Params = Query<HashMap<String, String>>;

/// The routes of a Bluesky host.
pub(super) fn router(state: Arc<HostState>) -> Router {
    Router::new()
        .route("/robots.txt", get(robots_txt))
        .route("/", get(pages::home))
        .route("/xrpc/app.bsky.actor.getProfile", get(get_profile))
        .route("/xrpc/app.bsky.actor.getProfiles", get(get_profiles))
        .route("/xrpc/app.bsky.actor.searchActors", get(search_actors))
        .route("/xrpc/app.bsky.actor.getSuggestions", get(get_suggestions))
        .route("/xrpc/app.bsky.feed.getAuthorFeed", get(get_author_feed))
        .route("/xrpc/app.bsky.feed.getPostThread", get(get_post_thread))
        .route("/profile/{actor}", get(pages::profile_page))
        .route("/profile/{actor}/post/{rkey}", get(pages::post_page))
        .route("/search", get(pages::search_page))
        .fallback(fallback)
        .with_state(state)
}

/// An XRPC error: `{"error": NAME, "message": TEXT}` with 400.
struct XrpcError {
    error: &'static str,
    message: String,
}

impl XrpcError {
    fn response(&self) -> Response {
        json_response(
            StatusCode::BAD_REQUEST,
            json!({ "error": self.error, "message": self.message }).to_string(),
        )
    }
}

fn xrpc_error(error: &'static str, message: &str) -> XrpcError {
    XrpcError {
        error,
        message: message.to_string(),
    }
}

fn invalid(message: &str) -> XrpcError {
    xrpc_error("InvalidRequest", message)
}

async fn fallback(uri: Uri) -> Response {
    if uri.path().starts_with("/xrpc/") {
        json_response(
            StatusCode::NOT_IMPLEMENTED,
            json!({ "error": "MethodNotImplemented", "message": "Method Not Implemented" })
                .to_string(),
        )
    } else {
        pages::not_found_page()
    }
}

async fn robots_txt(State(state): State<Arc<HostState>>) -> Response {
    super::text_response(robots::robots_txt(state.kind))
}

/// An account the AppView knows: a creator of this host, or someone who replied to one.
enum Actor<'a> {
    Creator(&'a SimCreator),
    Sample(SimSample),
}

fn is_handle(text: &str) -> bool {
    text.contains('.')
        && text.len() <= 253
        && text.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Resolves `actor` (a handle or DID), or answers the XRPC error the AppView would.
fn resolve_actor<'a>(state: &'a HostState, actor: Option<&String>) -> Result<Actor<'a>, XrpcError> {
    let Some(actor) = actor.map(|actor| actor.trim().trim_start_matches('@')) else {
        return Err(invalid("Error: Params must have the property \"actor\""));
    };
    if actor.starts_with("did:") {
        let id =
            did_account(state.world().seed(), actor).ok_or_else(|| invalid("Profile not found"))?;
        return resolve_account_id(state, id).ok_or_else(|| invalid("Profile not found"));
    }
    if !is_handle(actor) {
        return Err(invalid("Error: actor must be a valid did or a handle"));
    }
    state
        .creator_by_username(actor)
        .map(Actor::Creator)
        .ok_or_else(|| invalid("Profile not found"))
}

fn resolve_account_id(state: &HostState, id: u64) -> Option<Actor<'_>> {
    let parts = ids::decode(id)?;
    match parts.kind {
        IdKind::Creator => {
            let creator = state.creator(parts.slot)?;
            (creator.account_id() == id).then_some(Actor::Creator(creator))
        }
        IdKind::Sample => {
            let creator = state.creator(parts.slot)?;
            let entry = state.entry(creator)?;
            let sample = entry
                .content
                .samples
                .iter()
                .find(|sample| sample.id == id)?;
            Some(Actor::Sample(sample.clone()))
        }
        IdKind::RingMember => {
            if parts.slot as usize % HOSTS.len() != state.host {
                return None;
            }
            let ring = state.world().ring(parts.slot);
            let member = ring.members.into_iter().find(|member| member.id == id)?;
            Some(Actor::Sample(member))
        }
        IdKind::Status => None,
    }
}

fn detailed(state: &HostState, actor: &Actor<'_>) -> Option<(Value, Option<DateTime<Utc>>)> {
    match actor {
        Actor::Creator(creator) => {
            let entry = state.entry(creator)?;
            let at = last_modified(creator, &entry.content);
            Some((
                view::creator_detailed(state, creator, &entry.content.posts),
                Some(at),
            ))
        }
        Actor::Sample(sample) => Some((view::sample_detailed(state, sample), None)),
    }
}

async fn get_profile(State(state): State<Arc<HostState>>, Query(query): Params) -> Response {
    let actor = match resolve_actor(&state, query.get("actor")) {
        Ok(actor) => actor,
        Err(error) => return error.response(),
    };
    match detailed(&state, &actor) {
        Some((profile, modified)) => {
            let response = json_response(StatusCode::OK, profile.to_string());
            match modified {
                Some(at) => with_modified(response, at),
                None => response,
            }
        }
        None => invalid("Profile not found").response(),
    }
}

async fn get_profiles(State(state): State<Arc<HostState>>, RawQuery(raw): RawQuery) -> Response {
    let actors: Vec<String> = url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .filter(|(name, _)| name == "actors")
        .map(|(_, value)| value.into_owned())
        .collect();
    if actors.is_empty() {
        return invalid("Error: Params must have the property \"actors\"").response();
    }
    if actors.len() > 25 {
        return invalid("Error: actors must not have more than 25 elements").response();
    }
    let profiles: Vec<Value> = actors
        .iter()
        .filter_map(|actor| resolve_actor(&state, Some(actor)).ok())
        .filter_map(|actor| detailed(&state, &actor).map(|(profile, _)| profile))
        .collect();
    json_response(StatusCode::OK, json!({ "profiles": profiles }).to_string())
}

/// `limit` within `1..=max` (`default` when absent), or the XRPC error.
fn limit(
    query: &HashMap<String, String>,
    (default, max): (usize, usize),
) -> Result<usize, XrpcError> {
    let Some(raw) = query.get("limit") else {
        return Ok(default);
    };
    let value: i64 = raw
        .trim()
        .parse()
        .map_err(|_| invalid("Error: limit must be an integer"))?;
    if value < 1 {
        return Err(invalid("Error: limit can not be less than 1"));
    }
    if value > max as i64 {
        return Err(invalid(&format!(
            "Error: limit can not be greater than {max}"
        )));
    }
    Ok(value as usize)
}

fn offset_cursor(query: &HashMap<String, String>) -> Result<usize, XrpcError> {
    match query.get("cursor") {
        None => Ok(0),
        Some(raw) if raw.is_empty() => Ok(0),
        Some(raw) => raw.parse().map_err(|_| invalid("Malformed cursor")),
    }
}

/// A page of `profileView`s from `indices`, with an offset cursor when more follow.
fn actors_page(state: &HostState, indices: &[u32], offset: usize, limit: usize) -> String {
    let actors: Vec<Value> = indices
        .iter()
        .skip(offset)
        .take(limit)
        .filter_map(|index| state.creator(*index))
        .map(|creator| view::creator_view(state, creator))
        .collect();
    let mut body = json!({ "actors": actors });
    let next = offset + limit;
    if next < indices.len() {
        if let Value::Object(map) = &mut body {
            map.insert("cursor".into(), json!(next.to_string()));
        }
    }
    body.to_string()
}

/// Search terms of a query: lower case, without a leading `#` or `@`.
fn terms(query: &str) -> Vec<String> {
    query
        .split_whitespace()
        .map(|term| term.trim_start_matches(['#', '@']).to_lowercase())
        .filter(|term| !term.is_empty())
        .collect()
}

async fn search_actors(State(state): State<Arc<HostState>>, Query(query): Params) -> Response {
    let (limit, offset) = match (
        limit(&query, params::BLUESKY_SEARCH_LIMIT),
        offset_cursor(&query),
    ) {
        (Ok(limit), Ok(offset)) => (limit, offset),
        (Err(error), _) | (_, Err(error)) => return error.response(),
    };
    let text = query
        .get("q")
        .or_else(|| query.get("term"))
        .map_or("", String::as_str);
    let terms = terms(text);
    if terms.is_empty() {
        return json_response(StatusCode::OK, json!({ "actors": [] }).to_string());
    }
    let matches = state.search(&terms);
    json_response(StatusCode::OK, actors_page(&state, &matches, offset, limit))
}

async fn get_suggestions(State(state): State<Arc<HostState>>, Query(query): Params) -> Response {
    match (
        limit(&query, params::BLUESKY_SUGGESTIONS_LIMIT),
        offset_cursor(&query),
    ) {
        (Ok(limit), Ok(offset)) => json_response(
            StatusCode::OK,
            actors_page(&state, &state.by_followers, offset, limit),
        ),
        (Err(error), _) | (_, Err(error)) => error.response(),
    }
}

/// Renders (once per cached creator) the author feed, newest first: posts, and the creator's
/// own replies with their `reply` context.
fn feed_items<'a>(
    state: &HostState,
    creator: &SimCreator,
    entry: &'a CreatorEntry,
) -> &'a [RenderedFeedItem] {
    entry.feed.get_or_init(|| {
        let author = view::creator_basic(state, creator);
        let mut items = Vec::with_capacity(entry.content.posts.len() + 4);
        for post in &entry.content.posts {
            let post_view = view::post_view(state, creator, &author, post);
            if let Some(reply) = &post.self_reply {
                let parent = view::strong_ref(&post_view);
                let reply_view =
                    view::self_reply_view(state, creator, &author, post, reply, &parent);
                let mut context = post_view.clone();
                if let Value::Object(map) = &mut context {
                    map.insert("$type".into(), json!("app.bsky.feed.defs#postView"));
                }
                items.push(RenderedFeedItem {
                    at: ids::instant(reply.id),
                    is_reply: true,
                    has_media: false,
                    json: json!({
                        "post": reply_view,
                        "reply": { "root": context, "parent": context },
                    })
                    .to_string(),
                });
            }
            items.push(RenderedFeedItem {
                at: post.created_at(),
                is_reply: false,
                has_media: post.image.is_some(),
                json: json!({ "post": post_view }).to_string(),
            });
        }
        items.sort_by_key(|item| std::cmp::Reverse(item.at));
        items
    })
}

async fn get_author_feed(State(state): State<Arc<HostState>>, Query(query): Params) -> Response {
    let limit = match limit(&query, params::BLUESKY_FEED_LIMIT) {
        Ok(limit) => limit,
        Err(error) => return error.response(),
    };
    let before = match query.get("cursor").filter(|raw| !raw.is_empty()) {
        None => None,
        Some(raw) => match DateTime::parse_from_rfc3339(raw) {
            Ok(at) => Some(at.with_timezone(&Utc)),
            Err(_) => return invalid("Malformed cursor").response(),
        },
    };
    let creator = match resolve_actor(&state, query.get("actor")) {
        Ok(Actor::Creator(creator)) => creator,
        Ok(Actor::Sample(_)) => return json_response(StatusCode::OK, "{\"feed\":[]}".to_string()),
        Err(error) => return error.response(),
    };
    let Some(entry) = state.entry(creator) else {
        return invalid("Profile not found").response();
    };
    let filter = query
        .get("filter")
        .map_or("posts_with_replies", String::as_str);
    let keep = |item: &&RenderedFeedItem| match filter {
        "posts_no_replies" => !item.is_reply,
        "posts_with_media" => item.has_media,
        "posts_with_video" => false,
        _ => true,
    };
    let items = feed_items(&state, creator, &entry);
    let mut remaining = items
        .iter()
        .filter(keep)
        .filter(|item| before.is_none_or(|before| item.at < before));
    let page: Vec<&RenderedFeedItem> = remaining.by_ref().take(limit).collect();
    let more = remaining.next().is_some();
    let mut body =
        String::with_capacity(page.iter().map(|item| item.json.len() + 1).sum::<usize>() + 64);
    body.push_str("{\"feed\":[");
    body.push_str(
        &page
            .iter()
            .map(|item| item.json.as_str())
            .collect::<Vec<_>>()
            .join(","),
    );
    body.push(']');
    if let (true, Some(last)) = (more, page.last()) {
        body.push_str(&format!(
            ",\"cursor\":\"{}\"",
            super::html::mastodon_time(last.at)
        ));
    }
    body.push('}');
    let modified = last_modified(creator, &entry.content);
    with_modified(json_response(StatusCode::OK, body), modified)
}

fn bounded(
    query: &HashMap<String, String>,
    name: &str,
    (default, max): (usize, usize),
) -> Result<usize, XrpcError> {
    match query.get(name) {
        None => Ok(default),
        Some(raw) => match raw.trim().parse::<i64>() {
            Ok(value) if (0..=max as i64).contains(&value) => Ok(value as usize),
            Ok(_) => Err(invalid(&format!(
                "Error: {name} must be between 0 and {max}"
            ))),
            Err(_) => Err(invalid(&format!("Error: {name} must be an integer"))),
        },
    }
}

fn thread_node(post: Value) -> Value {
    json!({ "$type": "app.bsky.feed.defs#threadViewPost", "post": post })
}

fn with_field(mut value: Value, key: &str, field: Value) -> Value {
    if let Value::Object(map) = &mut value {
        map.insert(key.to_string(), field);
    }
    value
}

async fn get_post_thread(State(state): State<Arc<HostState>>, Query(query): Params) -> Response {
    let Some(uri) = query.get("uri") else {
        return invalid("Error: Params must have the property \"uri\"").response();
    };
    let (depth, parent_height) = match (
        bounded(&query, "depth", params::BLUESKY_THREAD_DEPTH),
        bounded(&query, "parentHeight", (80, 1_000)),
    ) {
        (Ok(depth), Ok(height)) => (depth, height),
        (Err(error), _) | (_, Err(error)) => return error.response(),
    };
    let not_found = || xrpc_error("NotFound", &format!("Post not found: {uri}")).response();
    let Some(rest) = uri.strip_prefix("at://") else {
        return invalid("Error: uri must be a valid at-uri").response();
    };
    let mut segments = rest.split('/');
    let (Some(authority), Some(collection), Some(rkey), None) = (
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
    ) else {
        return not_found();
    };
    if collection != "app.bsky.feed.post" {
        return not_found();
    }
    let Some((creator, entry, found, _)) =
        tid_status(rkey).and_then(|status| resolve_status_id(&state, status))
    else {
        return not_found();
    };
    let content = &entry.content;
    let author = view::creator_basic(&state, creator);
    let creator_did = view::creator_did(&state, creator);
    let by_creator = authority == creator_did || authority.eq_ignore_ascii_case(&creator.username);
    let thread = match found {
        StatusRef::Post(chrono) => {
            let Some(post) = content.posts.get(chrono).filter(|_| by_creator) else {
                return not_found();
            };
            let root = view::post_view(&state, creator, &author, post);
            let parent = view::strong_ref(&root);
            let mut replies: Vec<(u64, Value)> = Vec::new();
            if depth > 0 {
                for reply in state.world().replies(creator.index, content, chrono, None) {
                    if let Some(sample) = content.author(reply.author) {
                        let reply_post = view::reply_view(&state, &reply, sample, &parent);
                        replies.push((
                            reply.id,
                            with_field(thread_node(reply_post), "replies", json!([])),
                        ));
                    }
                }
                if let Some(reply) = &post.self_reply {
                    let reply_post =
                        view::self_reply_view(&state, creator, &author, post, reply, &parent);
                    replies.push((
                        reply.id,
                        with_field(thread_node(reply_post), "replies", json!([])),
                    ));
                }
                replies.sort_by_key(|(id, _)| *id);
            }
            let node = thread_node(root);
            if depth > 0 {
                with_field(
                    node,
                    "replies",
                    Value::Array(replies.into_iter().map(|(_, value)| value).collect()),
                )
            } else {
                node
            }
        }
        StatusRef::SelfReply(chrono) => {
            let Some((post, reply)) = content
                .posts
                .get(chrono)
                .and_then(|post| Some((post, post.self_reply.as_ref()?)))
                .filter(|_| by_creator)
            else {
                return not_found();
            };
            let root = view::post_view(&state, creator, &author, post);
            let parent = view::strong_ref(&root);
            let node = thread_node(view::self_reply_view(
                &state, creator, &author, post, reply, &parent,
            ));
            reply_thread(node, root, depth, parent_height)
        }
        StatusRef::Reply { post, position } => {
            let Some(post) = content.posts.get(post) else {
                return not_found();
            };
            let replies =
                state
                    .world()
                    .replies(creator.index, content, post.chrono, Some(position + 1));
            let Some((reply, sample)) = replies
                .get(position)
                .and_then(|reply| Some((reply, content.author(reply.author)?)))
            else {
                return not_found();
            };
            let sample_did = view::sample_did(&state, sample);
            if authority != sample_did
                && !authority.eq_ignore_ascii_case(&view::sample_handle(sample))
            {
                return not_found();
            }
            let root = view::post_view(&state, creator, &author, post);
            let parent = view::strong_ref(&root);
            let node = thread_node(view::reply_view(&state, reply, sample, &parent));
            reply_thread(node, root, depth, parent_height)
        }
    };
    let modified = last_modified(creator, content);
    with_modified(
        json_response(StatusCode::OK, json!({ "thread": thread }).to_string()),
        modified,
    )
}

/// The thread of a reply: its parent above it (when asked for) and no replies below.
fn reply_thread(node: Value, root: Value, depth: usize, parent_height: usize) -> Value {
    let mut node = node;
    if parent_height > 0 {
        node = with_field(node, "parent", thread_node(root));
    }
    if depth > 0 {
        node = with_field(node, "replies", json!([]));
    }
    node
}
