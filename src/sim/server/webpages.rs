//! A creator site: a paged directory of creators and one page per creator carrying
//! OpenGraph meta, `rel=me` links and a schema.org `ProfilePage` in JSON-LD with the page's
//! posts as `SocialMediaPosting`s (Google's ProfilePage structured-data shape).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use crate::sim::content::{CreatorContent, SimPost, SimSample};
use crate::sim::creator::SimCreator;
use crate::sim::ids;
use crate::sim::params;
use crate::sim::server::html::{abbreviate, escape, iso};
use crate::sim::server::state::HostState;
use crate::sim::server::{html_response, robots, text_response};
use crate::sim::vocab;

type Params = Query<HashMap<String, String>>;

/// The routes of a creator site.
pub(super) fn router(state: Arc<HostState>) -> Router {
    Router::new()
        .route("/robots.txt", get(robots_txt))
        .route("/", get(directory))
        .route("/c/{username}", get(creator_page))
        .route("/drafts/{*rest}", get(drafts))
        .route("/search", get(search))
        .fallback(not_found)
        .with_state(state)
}

fn page_shell(language: &str, title: &str, head: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{language}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n{head}</head>\n\
         <body>\n{body}</body>\n</html>\n",
        title = escape(title),
    )
}

async fn not_found() -> Response {
    html_response(
        StatusCode::NOT_FOUND,
        page_shell("en", "Not found", "", "<h1>Page not found</h1>\n"),
    )
}

async fn robots_txt(State(state): State<Arc<HostState>>) -> Response {
    text_response(robots::robots_txt(state.kind))
}

async fn drafts() -> Response {
    html_response(
        StatusCode::FORBIDDEN,
        page_shell("en", "Drafts", "", "<h1>Drafts are private</h1>\n"),
    )
}

async fn search(State(state): State<Arc<HostState>>, Query(query): Params) -> Response {
    let term = query.get("q").map(String::as_str).unwrap_or_default();
    let body = format!(
        "<h1>Search {}</h1>\n<form action=\"/search\" method=\"get\"><input name=\"q\" value=\"{}\"></form>\n<p>Sign in to search creators.</p>\n",
        escape(state.title),
        escape(term)
    );
    html_response(StatusCode::OK, page_shell("en", "Search", "", &body))
}

/// `?page=N`: 1 when absent, `None` when not a positive number.
fn page_number(query: &HashMap<String, String>) -> Option<usize> {
    match query.get("page") {
        None => Some(1),
        Some(raw) => raw.parse::<usize>().ok().filter(|page| *page >= 1),
    }
}

fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

async fn directory(State(state): State<Arc<HostState>>, Query(query): Params) -> Response {
    let world = state.world();
    let creators = world.creators_on(state.host);
    let pages = page_count(creators.len(), params::WEB_DIRECTORY_PAGE_SIZE);
    let Some(page) = page_number(&query).filter(|page| *page <= pages) else {
        return not_found().await;
    };
    let mut items = String::new();
    for index in creators
        .iter()
        .skip((page - 1) * params::WEB_DIRECTORY_PAGE_SIZE)
        .take(params::WEB_DIRECTORY_PAGE_SIZE)
    {
        if let Some(creator) = state.creator(*index) {
            items.push_str(&format!(
                "<li class=\"creator\"><a href=\"/c/{username}\">{name}</a> <span class=\"handle\">@{username}</span> <span class=\"followers\">{followers}</span></li>\n",
                username = escape(&creator.username),
                name = escape(&creator.display_name),
                followers = abbreviate(state.followers(creator)),
            ));
        }
    }
    let mut head = format!(
        "<link rel=\"canonical\" href=\"https://{domain}/{suffix}\">\n<meta property=\"og:type\" content=\"website\">\n<meta property=\"og:site_name\" content=\"{title}\">\n",
        domain = state.domain,
        suffix = if page > 1 { format!("?page={page}") } else { String::new() },
        title = escape(state.title),
    );
    let mut nav = String::new();
    if page > 1 {
        head.push_str(&format!(
            "<link rel=\"prev\" href=\"/?page={}\">\n",
            page - 1
        ));
        nav.push_str(&format!(
            "<a rel=\"prev\" href=\"/?page={}\">Previous</a>\n",
            page - 1
        ));
    }
    if page < pages {
        head.push_str(&format!(
            "<link rel=\"next\" href=\"/?page={}\">\n",
            page + 1
        ));
        nav.push_str(&format!(
            "<a rel=\"next\" href=\"/?page={}\">Next</a>\n",
            page + 1
        ));
    }
    let body = format!(
        "<header><h1>{title}</h1>\n<form action=\"/search\" method=\"get\"><input name=\"q\" placeholder=\"Search creators\"></form>\n\
         <a href=\"/drafts/upcoming\">Upcoming creators</a></header>\n<main>\n<ol class=\"directory\">\n{items}</ol>\n\
         <nav class=\"pagination\">\n{nav}</nav>\n<p>Page {page} of {pages}</p>\n</main>\n",
        title = escape(state.title),
    );
    html_response(
        StatusCode::OK,
        page_shell("en", &format!("{} — creators", state.title), &head, &body),
    )
}

/// Where things live on the site's canonical domain.
struct SiteUrls {
    profile: String,
    person_id: String,
    origin: String,
}

fn counter(action: &str, count: u64) -> Value {
    json!({
        "@type": "InteractionCounter",
        "interactionType": format!("https://schema.org/{action}"),
        "userInteractionCount": count,
    })
}

fn commenter(urls: &SiteUrls, sample: &SimSample) -> Value {
    let mut person = json!({
        "@type": "Person",
        "name": if sample.display_name.is_empty() { sample.username.clone() } else { sample.display_name.clone() },
        "alternateName": sample.username,
        "interactionStatistic": counter("FollowAction", sample.followers),
        "agentInteractionStatistic": counter("FollowAction", sample.following),
    });
    if let Value::Object(map) = &mut person {
        if !sample.bio.is_empty() {
            map.insert("description".into(), json!(sample.bio));
        }
        if sample.has_avatar {
            map.insert(
                "image".into(),
                json!(format!(
                    "{}/media/avatars/u/{}.jpg",
                    urls.origin, sample.username
                )),
            );
        }
        if !sample.location.is_empty() {
            map.insert(
                "homeLocation".into(),
                json!({ "@type": "Place", "name": sample.location }),
            );
        }
    }
    person
}

fn posting(
    state: &HostState,
    creator: &SimCreator,
    content: &CreatorContent,
    urls: &SiteUrls,
    post: &SimPost,
) -> Value {
    let url = format!("{}/p/{}", urls.profile, post.id);
    let mut comments: Vec<(u64, Value)> = Vec::new();
    if let Some(reply) = &post.self_reply {
        comments.push((
            reply.id,
            json!({
                "@type": "Comment",
                "@id": format!("{url}#comment-{}", reply.id),
                "text": reply.text,
                "inLanguage": post.declared_language.code(),
                "dateCreated": iso(ids::instant(reply.id)),
                "author": { "@id": urls.person_id },
            }),
        ));
    }
    for reply in state.world().replies(
        creator.index,
        content,
        post.chrono,
        Some(params::WEB_COMMENTS_SHOWN),
    ) {
        if let Some(author) = content.author(reply.author) {
            comments.push((
                reply.id,
                json!({
                    "@type": "Comment",
                    "@id": format!("{url}#comment-{}", reply.id),
                    "text": reply.text,
                    "inLanguage": reply.language.code(),
                    "dateCreated": iso(ids::instant(reply.id)),
                    "author": commenter(urls, author),
                }),
            ));
        }
    }
    comments.sort_by_key(|(id, _)| *id);
    let headline: String = post
        .text
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(110)
        .collect();
    let mut value = json!({
        "@type": "SocialMediaPosting",
        "@id": url,
        "identifier": post.id.to_string(),
        "url": url,
        "headline": headline,
        "articleBody": post.text,
        "datePublished": iso(post.created_at()),
        "inLanguage": post.declared_language.code(),
        "author": { "@id": urls.person_id },
        "interactionStatistic": [
            counter("LikeAction", post.likes),
            counter("CommentAction", post.reply_count()),
            counter("ShareAction", post.shares),
        ],
        "commentCount": post.reply_count(),
        "comment": comments.into_iter().map(|(_, comment)| comment).collect::<Vec<_>>(),
    });
    if let Value::Object(map) = &mut value {
        if !post.hashtags.is_empty() {
            map.insert("keywords".into(), json!(post.hashtags.join(", ")));
        }
        if let Some(image) = &post.image {
            map.insert(
                "image".into(),
                json!({ "@type": "ImageObject", "url": format!("{}/media/posts/{}.jpg", urls.origin, post.id), "width": image.width, "height": image.height, "caption": image.alt }),
            );
        }
        if post.edited {
            map.insert(
                "dateModified".into(),
                json!(iso(post.created_at() + chrono::Duration::minutes(47))),
            );
        }
    }
    value
}

async fn creator_page(
    State(state): State<Arc<HostState>>,
    Path(username): Path<String>,
    Query(query): Params,
) -> Response {
    let Some(creator) = state.creator_by_username(&username) else {
        return not_found().await;
    };
    let Some(entry) = state.entry(creator) else {
        return not_found().await;
    };
    let content = &entry.content;
    let pages = page_count(content.posts.len(), params::WEB_POSTS_PER_PAGE);
    let Some(page) = page_number(&query).filter(|page| *page <= pages) else {
        return not_found().await;
    };
    let origin = format!("https://{}", state.domain);
    let profile = format!("{origin}/c/{}", creator.username);
    let urls = SiteUrls {
        person_id: format!("{profile}#person"),
        profile: profile.clone(),
        origin,
    };
    let canonical = if page > 1 {
        format!("{profile}?page={page}")
    } else {
        profile.clone()
    };
    let posts: Vec<&SimPost> = content
        .posts
        .iter()
        .rev()
        .skip((page - 1) * params::WEB_POSTS_PER_PAGE)
        .take(params::WEB_POSTS_PER_PAGE)
        .collect();
    let linked = state.shared.linked_profile_url(creator);
    let avatar = creator
        .has_avatar
        .then(|| format!("{}/media/avatars/{}.jpg", urls.origin, creator.username));
    let newest = content
        .posts
        .last()
        .map(|post| post.created_at())
        .unwrap_or(creator.created_at);

    let mut person = json!({
        "@type": "Person",
        "@id": urls.person_id,
        "name": creator.display_name,
        "alternateName": creator.username,
        "identifier": creator.account_id().to_string(),
        "description": creator.bio,
        "url": profile,
        "sameAs": linked.iter().collect::<Vec<_>>(),
        "knowsLanguage": creator.language.code(),
        "interactionStatistic": [
            counter("FollowAction", state.followers(creator)),
            counter("WriteAction", content.posts.len() as u64),
        ],
        "agentInteractionStatistic": [
            counter("WriteAction", content.posts.len() as u64),
            counter("FollowAction", creator.following),
        ],
    });
    if let Value::Object(map) = &mut person {
        if let Some(avatar) = &avatar {
            map.insert("image".into(), json!(avatar));
        }
        if !creator.location.is_empty() {
            map.insert(
                "homeLocation".into(),
                json!({ "@type": "Place", "name": creator.location }),
            );
        }
    }
    let profile_page = json!({
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "@id": format!("{canonical}#page"),
        "url": canonical,
        "name": format!("{} (@{})", creator.display_name, creator.username),
        "inLanguage": creator.language.code(),
        "dateCreated": iso(creator.created_at),
        "dateModified": iso(newest),
        "mainEntity": person,
        "hasPart": posts.iter().map(|post| posting(&state, creator, content, &urls, post)).collect::<Vec<_>>(),
    });
    let mut json_ld = profile_page.to_string().replace("</", "<\\/");
    if creator.malformed_page {
        let cut = json_ld
            .char_indices()
            .map(|(position, _)| position)
            .find(|position| *position >= json_ld.len() * 55 / 100);
        json_ld.truncate(cut.unwrap_or(json_ld.len() / 2));
    }

    let words = &vocab::language(creator.language).ui;
    let mut head = format!(
        "<link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"description\" content=\"{bio}\">\n\
         <meta property=\"og:type\" content=\"profile\">\n<meta property=\"og:title\" content=\"{name} (@{username})\">\n\
         <meta property=\"og:description\" content=\"{bio}\">\n<meta property=\"og:url\" content=\"{canonical}\">\n\
         <meta property=\"og:site_name\" content=\"{site}\">\n<meta property=\"profile:username\" content=\"{username}\">\n",
        name = escape(&creator.display_name),
        username = escape(&creator.username),
        bio = escape(&creator.bio),
        site = escape(state.title),
    );
    if let Some(avatar) = &avatar {
        head.push_str(&format!(
            "<meta property=\"og:image\" content=\"{}\">\n",
            escape(avatar)
        ));
    }
    if let Some(url) = &linked {
        head.push_str(&format!("<link rel=\"me\" href=\"{}\">\n", escape(url)));
    }
    let path = format!("/c/{}", creator.username);
    let mut nav = String::new();
    if page > 1 {
        let previous = if page == 2 {
            path.clone()
        } else {
            format!("{path}?page={}", page - 1)
        };
        head.push_str(&format!("<link rel=\"prev\" href=\"{previous}\">\n"));
        nav.push_str(&format!(
            "<a rel=\"prev\" href=\"{previous}\">{}</a>\n",
            escape(words.newer)
        ));
    }
    if page < pages {
        head.push_str(&format!(
            "<link rel=\"next\" href=\"{path}?page={}\">\n",
            page + 1
        ));
        nav.push_str(&format!(
            "<a rel=\"next\" href=\"{path}?page={}\">{}</a>\n",
            page + 1,
            escape(words.older)
        ));
    }
    head.push_str(&format!(
        "<script type=\"application/ld+json\">{json_ld}</script>\n"
    ));

    let body = format!(
        "<header class=\"profile\">\n{avatar}<h1>{name}</h1>\n<p class=\"handle\">@{username}</p>\n<p class=\"bio\">{bio}</p>\n{location}\
         <ul class=\"stats\"><li>{followers} {followers_word}</li><li>{following} {following_word}</li><li>{posts} {posts_word}</li></ul>\n{me}</header>\n\
         <main>\n{articles}<nav class=\"pagination\">\n{nav}</nav>\n</main>\n\
         <footer><a href=\"/search?q={niche}\">#{niche}</a> · <a href=\"/\">{site}</a></footer>\n",
        avatar = avatar.as_ref().map(|url| format!("<img class=\"avatar\" src=\"{}\" alt=\"\">\n", escape(url))).unwrap_or_default(),
        name = escape(&creator.display_name),
        username = escape(&creator.username),
        bio = escape(&creator.bio).replace('\n', "<br>"),
        location = if creator.location.is_empty() { String::new() } else { format!("<p class=\"location\">{}</p>\n", escape(&creator.location)) },
        followers = abbreviate(state.followers(creator)),
        following = abbreviate(creator.following),
        posts = content.posts.len(),
        followers_word = escape(words.followers),
        following_word = escape(words.following),
        posts_word = escape(words.posts),
        me = linked.as_ref().map(|url| format!("<a rel=\"me\" href=\"{}\">{}</a>\n", escape(url), escape(url))).unwrap_or_default(),
        articles = posts.iter().map(|post| article(post)).collect::<String>(),
        niche = creator.niches.first().map(|niche| niche.as_str()).unwrap_or_default(),
        site = escape(state.title),
    );
    let title = format!(
        "{} (@{}) · {}",
        creator.display_name, creator.username, state.title
    );
    html_response(
        StatusCode::OK,
        page_shell(creator.language.code(), &title, &head, &body),
    )
}

fn article(post: &SimPost) -> String {
    format!(
        "<article class=\"post\" id=\"post-{id}\" lang=\"{language}\">\n<p>{text}</p>\n\
         <footer><time datetime=\"{time}\">{day}</time> · <span class=\"likes\">{likes}</span> ♥ · <span class=\"comments\">{comments}</span> 💬</footer>\n</article>\n",
        id = post.id,
        language = post.declared_language.code(),
        text = escape(&post.text).replace('\n', "<br>"),
        time = iso(post.created_at()),
        day = post.created_at().format("%Y-%m-%d"),
        likes = abbreviate(post.likes),
        comments = post.reply_count(),
    )
}
