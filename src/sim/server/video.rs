//! A YouTube-style video site: channel pages (`/channel/UC…`, `/@handle`) with OpenGraph,
//! microdata and a schema.org `ProfilePage` whose `FollowAction` counter is the subscriber
//! count, the channel Atom feed, watch pages, and a paged channel directory for discovery.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use crate::sim::creator::SimCreator;
use crate::sim::params;
use crate::sim::platform_ids::{video_id, video_post};
use crate::sim::server::html::{escape, iso};
use crate::sim::server::state::HostState;
use crate::sim::server::status_ref::{resolve_status_id, StatusRef};
use crate::sim::server::video_feed::{self, short_count, video_title, ChannelUrls};
use crate::sim::server::{html_response, last_modified, robots, typed_response, with_modified};

type Params = Query<HashMap<String, String>>;

/// The routes of a video site.
pub(super) fn router(state: Arc<HostState>) -> Router {
    Router::new()
        .route("/robots.txt", get(robots_txt))
        .route("/", get(home))
        .route("/channels", get(directory))
        .route("/channel/{channel}", get(channel_page))
        .route("/feeds/videos.xml", get(feed))
        .route("/watch", get(watch))
        .route("/{handle}", get(handle_page))
        .fallback(not_found)
        .with_state(state)
}

fn shell(title: &str, head: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n\
         <meta property=\"og:site_name\" content=\"VideoTube\">\n{head}</head>\n<body>\n\
         <header><a href=\"/\">VideoTube</a> <form action=\"/results\" method=\"get\"><input name=\"search_query\"></form></header>\n\
         {body}</body>\n</html>\n",
        escape(title)
    )
}

async fn not_found() -> Response {
    html_response(
        StatusCode::NOT_FOUND,
        shell("404 Not Found", "", "<h1>This page isn't available.</h1>\n"),
    )
}

async fn robots_txt(State(state): State<Arc<HostState>>) -> Response {
    super::text_response(robots::robots_txt(state.kind))
}

async fn home(State(state): State<Arc<HostState>>) -> Response {
    html_response(
        StatusCode::OK,
        shell(
            state.title,
            "<link rel=\"canonical\" href=\"/\">\n",
            "<main><a href=\"/channels\">Browse channels</a></main>\n",
        ),
    )
}

async fn directory(State(state): State<Arc<HostState>>, Query(query): Params) -> Response {
    let creators = state.world().creators_on(state.host);
    let per_page = params::VIDEO_DIRECTORY_PAGE_SIZE;
    let pages = creators.len().div_ceil(per_page).max(1);
    let page = match query.get("page") {
        None => Some(1),
        Some(raw) => raw
            .parse::<usize>()
            .ok()
            .filter(|page| (1..=pages).contains(page)),
    };
    let Some(page) = page else {
        return not_found().await;
    };
    let mut items = String::new();
    for creator in creators
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .filter_map(|index| state.creator(*index))
    {
        if let Some(channel) = &creator.channel_id {
            items.push_str(&format!(
                "<li class=\"channel\"><a href=\"/channel/{channel}\">{name}</a> <span class=\"subscribers\">{subscribers} subscribers</span></li>\n",
                name = escape(&creator.display_name),
                subscribers = short_count(state.followers(creator)),
            ));
        }
    }
    let mut head = String::new();
    let mut nav = String::new();
    if page > 1 {
        let previous = format!("/channels?page={}", page - 1);
        head.push_str(&format!("<link rel=\"prev\" href=\"{previous}\">\n"));
        nav.push_str(&format!(
            "<a rel=\"prev\" href=\"{previous}\">Previous</a>\n"
        ));
    }
    if page < pages {
        let next = format!("/channels?page={}", page + 1);
        head.push_str(&format!("<link rel=\"next\" href=\"{next}\">\n"));
        nav.push_str(&format!("<a rel=\"next\" href=\"{next}\">Next</a>\n"));
    }
    let body = format!(
        "<main>\n<h1>Channels</h1>\n<ol class=\"channels\">\n{items}</ol>\n<nav>\n{nav}</nav>\n<p>Page {page} of {pages}</p>\n</main>\n"
    );
    html_response(StatusCode::OK, shell("Channels - VideoTube", &head, &body))
}

fn counter(action: &str, count: u64) -> Value {
    json!({
        "@type": "InteractionCounter",
        "interactionType": format!("https://schema.org/{action}"),
        "userInteractionCount": count,
    })
}

fn render_channel(state: &HostState, creator: &SimCreator) -> Option<Response> {
    let channel_id = creator.channel_id.as_deref()?;
    let entry = state.entry(creator)?;
    let urls = ChannelUrls {
        base: &state.base_url,
        channel_id,
    };
    let channel_url = urls.channel();
    let linked = state.shared.linked_profile_url(creator);
    let avatar = format!(
        "{}/avatars/{channel_id}=s900-c-k-c0x00ffffff-no-rj",
        state.base_url
    );
    let videos = entry.content.posts.len() as u64;
    let handle = format!("@{}", creator.username);
    let mut person = json!({
        "@type": "Person",
        "@id": format!("{channel_url}#channel"),
        "name": creator.display_name,
        "alternateName": handle,
        "identifier": channel_id,
        "description": creator.bio,
        "url": channel_url,
        "image": avatar,
        "sameAs": linked.iter().collect::<Vec<_>>(),
        "interactionStatistic": [
            counter("FollowAction", state.followers(creator)),
            counter("WriteAction", videos),
        ],
    });
    if !creator.location.is_empty() {
        if let Value::Object(map) = &mut person {
            map.insert(
                "homeLocation".into(),
                json!({ "@type": "Place", "name": creator.location }),
            );
        }
    }
    let page_ld = json!({
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": channel_url,
        "name": creator.display_name,
        "dateCreated": iso(creator.created_at),
        "mainEntity": person,
    });
    let json_ld = page_ld.to_string().replace("</", "<\\/");
    let mut head = format!(
        "<link rel=\"canonical\" href=\"{channel_url}\">\n<meta name=\"description\" content=\"{bio}\">\n\
         <meta property=\"og:type\" content=\"profile\">\n<meta property=\"og:title\" content=\"{name}\">\n\
         <meta property=\"og:description\" content=\"{bio}\">\n<meta property=\"og:url\" content=\"{channel_url}\">\n\
         <meta property=\"og:image\" content=\"{avatar}\">\n\
         <link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS\" href=\"{feed}\">\n\
         <script type=\"application/ld+json\">{json_ld}</script>\n",
        channel_url = escape(&channel_url),
        bio = escape(&creator.bio),
        name = escape(&creator.display_name),
        avatar = escape(&avatar),
        feed = escape(&urls.feed()),
    );
    if let Some(url) = &linked {
        head.push_str(&format!("<link rel=\"me\" href=\"{}\">\n", escape(url)));
    }
    let links = linked
        .as_ref()
        .map(|url| {
            format!(
                "<section class=\"links\"><a rel=\"me nofollow\" href=\"{url}\">{url}</a></section>\n",
                url = escape(url)
            )
        })
        .unwrap_or_default();
    let latest: String = entry
        .content
        .posts
        .iter()
        .rev()
        .take(params::VIDEO_FEED_ENTRIES)
        .map(|post| {
            let video = video_id(state.world().seed(), post.id);
            format!(
                "<li><a href=\"/watch?v={video}\">{title}</a> <span class=\"views\">{views} views</span></li>\n",
                title = escape(&video_title(&post.text)),
                views = short_count(post.views),
            )
        })
        .collect();
    let body = format!(
        "<main>\n<div itemscope itemtype=\"https://schema.org/Person\" id=\"channel-meta\">\n\
         <meta itemprop=\"name\" content=\"{name}\">\n<link itemprop=\"url\" href=\"{channel_url}\">\n\
         <meta itemprop=\"identifier\" content=\"{channel_id}\">\n<meta itemprop=\"interactionCount\" content=\"{subscribers}\">\n</div>\n\
         <h1>{name}</h1>\n<p class=\"handle\">{handle}</p>\n<p class=\"subscribers\">{short} subscribers</p>\n<p class=\"videos\">{videos} videos</p>\n\
         <p class=\"description\">{bio}</p>\n{links}<ol class=\"videos\">\n{latest}</ol>\n</main>\n",
        name = escape(&creator.display_name),
        channel_url = escape(&channel_url),
        subscribers = state.followers(creator),
        handle = escape(&handle),
        short = short_count(state.followers(creator)),
        bio = escape(&creator.bio).replace('\n', "<br>"),
    );
    let modified = last_modified(creator, &entry.content);
    Some(with_modified(
        html_response(
            StatusCode::OK,
            shell(
                &format!("{} - VideoTube", creator.display_name),
                &head,
                &body,
            ),
        ),
        modified,
    ))
}

async fn channel_page(
    State(state): State<Arc<HostState>>,
    Path(channel): Path<String>,
) -> Response {
    match state
        .creator_by_channel(&channel)
        .and_then(|creator| render_channel(&state, creator))
    {
        Some(response) => response,
        None => not_found().await,
    }
}

async fn handle_page(State(state): State<Arc<HostState>>, Path(handle): Path<String>) -> Response {
    match handle
        .strip_prefix('@')
        .and_then(|handle| state.creator_by_username(handle))
        .and_then(|creator| render_channel(&state, creator))
    {
        Some(response) => response,
        None => not_found().await,
    }
}

async fn feed(State(state): State<Arc<HostState>>, Query(query): Params) -> Response {
    let Some(creator) = query
        .get("channel_id")
        .and_then(|channel| state.creator_by_channel(channel))
    else {
        return not_found().await;
    };
    let (Some(channel_id), Some(entry)) = (creator.channel_id.as_deref(), state.entry(creator))
    else {
        return not_found().await;
    };
    let xml = entry.atom.get_or_init(|| {
        let urls = ChannelUrls {
            base: &state.base_url,
            channel_id,
        };
        video_feed::feed(state.world().seed(), creator, &urls, &entry.content.posts)
    });
    let modified = last_modified(creator, &entry.content);
    with_modified(
        typed_response(StatusCode::OK, "text/xml; charset=UTF-8", xml.clone()),
        modified,
    )
}

async fn watch(State(state): State<Arc<HostState>>, Query(query): Params) -> Response {
    let Some(video) = query.get("v") else {
        return not_found().await;
    };
    let Some((creator, entry, StatusRef::Post(chrono), _)) =
        video_post(state.world().seed(), video).and_then(|post| resolve_status_id(&state, post))
    else {
        return not_found().await;
    };
    let (Some(post), Some(channel_id)) = (
        entry.content.posts.get(chrono),
        creator.channel_id.as_deref(),
    ) else {
        return not_found().await;
    };
    let urls = ChannelUrls {
        base: &state.base_url,
        channel_id,
    };
    let title = video_title(&post.text);
    let watch_url = urls.watch(video);
    let video_ld = json!({
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "@id": watch_url,
        "url": watch_url,
        "name": title,
        "description": post.text,
        "uploadDate": iso(post.created_at()),
        "thumbnailUrl": urls.thumbnail(video),
        "inLanguage": post.declared_language.code(),
        "author": { "@type": "Person", "name": creator.display_name, "url": urls.channel() },
        "interactionStatistic": [
            counter("WatchAction", post.views),
            counter("LikeAction", post.likes),
        ],
    });
    let head = format!(
        "<link rel=\"canonical\" href=\"{url}\">\n<meta property=\"og:type\" content=\"video.other\">\n\
         <meta property=\"og:title\" content=\"{title}\">\n<meta property=\"og:url\" content=\"{url}\">\n\
         <meta property=\"og:image\" content=\"{thumbnail}\">\n<meta property=\"og:description\" content=\"{description}\">\n\
         <script type=\"application/ld+json\">{json_ld}</script>\n",
        url = escape(&watch_url),
        title = escape(&title),
        thumbnail = escape(&urls.thumbnail(video)),
        description = escape(&post.text),
        json_ld = video_ld.to_string().replace("</", "<\\/"),
    );
    let body = format!(
        "<main itemscope itemtype=\"https://schema.org/VideoObject\">\n<meta itemprop=\"interactionCount\" content=\"{views}\">\n\
         <h1 itemprop=\"name\">{title}</h1>\n<p><a href=\"/channel/{channel_id}\">{name}</a></p>\n\
         <p class=\"views\">{views} views</p>\n<p class=\"description\">{description}</p>\n</main>\n",
        views = post.views,
        title = escape(&title),
        name = escape(&creator.display_name),
        description = escape(&post.text).replace('\n', "<br>"),
    );
    html_response(
        StatusCode::OK,
        shell(&format!("{title} - VideoTube"), &head, &body),
    )
}
