//! The `bsky.app`-style pages of the Bluesky host: a profile page per account (OpenGraph and
//! an `at://` alternate link), post pages and the search page.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::{resolve_actor, Actor};
use crate::sim::platform_ids::{tid, tid_status};
use crate::sim::server::bluesky_json as view;
use crate::sim::server::html::escape;
use crate::sim::server::state::HostState;
use crate::sim::server::status_ref::{resolve_status_id, StatusRef};
use crate::sim::server::{html_response, last_modified, with_modified};

type Params = Query<HashMap<String, String>>;

fn page(title: &str, head: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n\
         <meta property=\"og:site_name\" content=\"Bluesky Social\">\n{head}</head>\n<body>\n<div id=\"root\">\n{body}</div>\n\
         <noscript>This is a heavily interactive web application, and JavaScript is required.</noscript>\n</body>\n</html>\n",
        escape(title)
    )
}

pub(super) fn not_found_page() -> Response {
    html_response(
        StatusCode::NOT_FOUND,
        page(
            "Not found — Bluesky",
            "",
            "<h1>Oops!</h1>\n<p>Page not found</p>\n",
        ),
    )
}

pub(super) async fn home(State(state): State<Arc<HostState>>) -> Response {
    html_response(
        StatusCode::OK,
        page(
            state.title,
            "<meta name=\"description\" content=\"Social media as it should be.\">\n",
            &format!(
                "<h1>{}</h1>\n<form action=\"/search\" method=\"get\"><input name=\"q\" placeholder=\"Search\"></form>\n",
                escape(state.title)
            ),
        ),
    )
}

pub(super) async fn profile_page(
    State(state): State<Arc<HostState>>,
    Path(actor): Path<String>,
) -> Response {
    let Ok(Actor::Creator(creator)) = resolve_actor(&state, Some(&actor)) else {
        return not_found_page();
    };
    let Some(entry) = state.entry(creator) else {
        return not_found_page();
    };
    let profile = view::creator_detailed(&state, creator, &entry.content.posts);
    let did = view::creator_did(&state, creator);
    let handle = &creator.username;
    let name = if creator.display_name.is_empty() {
        handle.clone()
    } else {
        creator.display_name.clone()
    };
    let url = format!("{}/profile/{handle}", state.base_url);
    let description = profile["description"].as_str().unwrap_or_default();
    let mut head = format!(
        "<meta name=\"description\" content=\"{description}\">\n<meta property=\"og:type\" content=\"profile\">\n\
         <meta property=\"profile:username\" content=\"{handle}\">\n<meta property=\"og:url\" content=\"{url}\">\n\
         <meta property=\"og:title\" content=\"{title}\">\n<meta property=\"og:description\" content=\"{description}\">\n\
         <meta name=\"twitter:card\" content=\"summary\">\n<link rel=\"canonical\" href=\"{url}\">\n\
         <link rel=\"alternate\" href=\"at://{did}/app.bsky.actor.profile/self\">\n",
        description = escape(description),
        handle = escape(handle),
        url = escape(&url),
        title = escape(&format!("{name} (@{handle})")),
    );
    if let Some(avatar) = profile["avatar"].as_str() {
        head.push_str(&format!(
            "<meta property=\"og:image\" content=\"{}\">\n",
            escape(avatar)
        ));
    }
    if let Some(linked) = state.shared.linked_profile_url(creator) {
        head.push_str(&format!("<link rel=\"me\" href=\"{}\">\n", escape(&linked)));
    }
    if !creator.discoverable {
        head.push_str("<meta name=\"robots\" content=\"noindex\">\n");
    }
    let body = format!(
        "<h1>{name}</h1>\n<p class=\"handle\">@{handle}</p>\n<p class=\"description\">{description}</p>\n\
         <p class=\"counts\">{followers} followers · {follows} following · {posts} posts</p>\n",
        name = escape(&name),
        handle = escape(handle),
        description = escape(description).replace('\n', "<br>"),
        followers = creator.followers,
        follows = creator.following,
        posts = profile["postsCount"].as_u64().unwrap_or_default(),
    );
    let modified = last_modified(creator, &entry.content);
    with_modified(
        html_response(
            StatusCode::OK,
            page(&format!("{name} (@{handle}) — Bluesky"), &head, &body),
        ),
        modified,
    )
}

pub(super) async fn post_page(
    State(state): State<Arc<HostState>>,
    Path((actor, rkey)): Path<(String, String)>,
) -> Response {
    let Ok(Actor::Creator(creator)) = resolve_actor(&state, Some(&actor)) else {
        return not_found_page();
    };
    let Some((owner, entry, StatusRef::Post(chrono), _)) =
        tid_status(&rkey).and_then(|id| resolve_status_id(&state, id))
    else {
        return not_found_page();
    };
    let Some(post) = entry
        .content
        .posts
        .get(chrono)
        .filter(|_| owner.index == creator.index)
    else {
        return not_found_page();
    };
    let did = view::creator_did(&state, creator);
    let url = format!(
        "{}/profile/{}/post/{}",
        state.base_url,
        creator.username,
        tid(post.id)
    );
    let head = format!(
        "<meta property=\"og:type\" content=\"article\">\n<meta property=\"og:url\" content=\"{url}\">\n\
         <meta property=\"og:title\" content=\"{title}\">\n<meta property=\"og:description\" content=\"{text}\">\n\
         <meta property=\"article:published_time\" content=\"{time}\">\n\
         <link rel=\"alternate\" href=\"{uri}\">\n",
        url = escape(&url),
        title = escape(&format!("{} (@{})", creator.display_name, creator.username)),
        text = escape(&post.text),
        time = crate::sim::server::html::mastodon_time(post.created_at()),
        uri = escape(&view::post_uri(&did, post.id)),
    );
    let body = format!(
        "<article lang=\"{}\"><p>{}</p></article>\n",
        post.declared_language.code(),
        escape(&post.text).replace('\n', "<br>")
    );
    html_response(
        StatusCode::OK,
        page(
            &format!("{} on Bluesky", creator.display_name),
            &head,
            &body,
        ),
    )
}

pub(super) async fn search_page(
    State(state): State<Arc<HostState>>,
    Query(query): Params,
) -> Response {
    let term = query.get("q").map(String::as_str).unwrap_or_default();
    html_response(
        StatusCode::OK,
        page(
            &format!("Search — {}", state.title),
            "<meta name=\"robots\" content=\"noindex\">\n",
            &format!(
                "<form action=\"/search\" method=\"get\"><input name=\"q\" value=\"{}\"></form>\n",
                escape(term)
            ),
        ),
    )
}
