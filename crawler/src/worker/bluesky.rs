//! Bluesky request sequences over XRPC: profile, author feed paged by cursor, reply threads;
//! actor search pages for discovery.
//!
//! AppView: `CrawlConfig::bluesky_appview` when set; otherwise `bsky.app` profiles are read
//! from the public AppView and any other host is taken to serve XRPC itself. When such a host
//! answers the profile request with 404/405/410 or with something that is not a profile, the
//! URL is read as an ordinary web page instead.
//!
//! Re-crawl works as for Mastodon: the profile is always read; when it hashes as last time,
//! the first author-feed page is requested with last time's validators and a 304 makes the
//! creator unchanged.
//!
//! Discovery: a seed `http(s)://HOST/search?q=TERM` (the shape of bsky.app's search page) pages
//! `searchActors` by cursor; each actor becomes a profile item one level deeper, and the next
//! page an item at the same depth (its cursor kept in the item URL). Search seeds always page:
//! the seed asks for discovery. With `discover` on, a profile also queues its AppView's
//! `getSuggestions` listing, paged the same way (like a Mastodon instance's directory). Pages
//! keep their depth, so `max_pages` is what bounds them on a network as large as Bluesky.
//!
//! Reply authors: the accounts replying in a creator's threads are queued as profiles one level
//! deeper (by DID, the identifier every AppView resolves) when discovering, those whose replies
//! got the most likes first and at most `reply_authors_per_creator` per creator (a thread shows
//! no follower counts). Such a profile becomes a creator only with `reply_author_min_followers`
//! (otherwise its feed is not read) and posts of its own in its feed.

use std::collections::BTreeMap;

use scout_models::{CreatorRecord, Post};
use serde_json::Value;
use url::Url;

use serde::{Deserialize, Serialize};

use super::{endpoint, is_clear_answer, webpage, ItemOutput, Outcome, RunContext};
use crate::error::{FetchError, ItemError};
use crate::fetch::{Accept, Response};
use crate::frontier::{ItemKind, NewItem};
use crate::sources::bluesky::{
    audience_from_thread, complete_samples, creator_from_profile, creator_id, own_posts,
    parse_feed, parse_profile, parse_profiles, parse_search, parse_thread, post_from_view,
    profile_url, thread_repliers, Author, PostView, Profile, SearchPage, FEED_PAGE_SIZE,
    SEARCH_PAGE_SIZE,
};
use crate::sources::{finalize, merge_into};
use crate::state::Remembered;
use crate::urls::{bluesky_profile_actor, bluesky_search_query, normalize, origin};

/// The public AppView that serves `bsky.app`.
const PUBLIC_APPVIEW: &str = "https://public.api.bsky.app";
/// Reply levels asked of `getPostThread`.
const THREAD_DEPTH: &str = "3";
/// Page size of `getSuggestions`.
const SUGGESTIONS_PAGE_SIZE: usize = 50;

/// Stored with a `bluesky-profile` item queued for the author of a reply.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct ProfilePayload {
    /// Met as a reply author: a creator only with enough followers.
    #[serde(default)]
    reply_author: bool,
}

/// Stored with a `bluesky-suggestions` item: the site profile links point at.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SuggestionsPayload {
    web: String,
}

fn is_bsky_app(url: &Url) -> bool {
    matches!(url.host_str(), Some("bsky.app" | "www.bsky.app"))
}

/// Where the XRPC of a profile or search URL is served.
pub(crate) fn appview_for(url: &Url, configured: Option<&Url>) -> Option<Url> {
    if let Some(configured) = configured {
        return Some(configured.clone());
    }
    if is_bsky_app(url) {
        return Url::parse(PUBLIC_APPVIEW).ok();
    }
    Url::parse(&origin(url)).ok()
}

fn xrpc(appview: &Url, method: &str, query: &[(&str, String)]) -> Result<Url, ItemError> {
    endpoint(appview, &["xrpc", method], query)
        .ok_or_else(|| ItemError::InvalidItem(format!("bad appview url {appview}")))
}

fn web_base(url: &Url) -> Result<Url, ItemError> {
    Url::parse(&origin(url)).map_err(|error| ItemError::InvalidItem(format!("{url}: {error}")))
}

/// A `bluesky-profile` item: profile, posts, reply threads → one outcome.
pub(crate) async fn profile_item(
    context: &RunContext,
    url: &Url,
    payload: &Value,
    depth: u32,
    previous: Option<&Remembered>,
) -> Result<ItemOutput, ItemError> {
    // Seeds and listed profiles carry no payload (`null`).
    let payload: ProfilePayload = match payload {
        Value::Null => ProfilePayload::default(),
        payload => serde_json::from_value(payload.clone())
            .map_err(|error| ItemError::InvalidItem(format!("bluesky-profile payload: {error}")))?,
    };
    let actor = bluesky_profile_actor(url)
        .ok_or_else(|| ItemError::InvalidItem(format!("not a bluesky profile url: {url}")))?;
    let configured = context.config.bluesky_appview.as_ref();
    let appview = appview_for(url, configured)
        .ok_or_else(|| ItemError::InvalidItem(format!("no appview for {url}")))?;
    let may_be_a_page = configured.is_none() && !is_bsky_app(url);
    let profile_request = xrpc(&appview, "app.bsky.actor.getProfile", &[("actor", actor)])?;
    // A clear answer that is not a profile (a page, other JSON) makes the URL a web page; a
    // garbled one is asked for again.
    let read_profile = |response: &Response| match parse_profile(&response.body) {
        Ok(profile) => Ok(Some(profile)),
        Err(_) if may_be_a_page && is_clear_answer(&response.body) => Ok(None),
        Err(error) => Err(error),
    };
    let profile = match context
        .session
        .get_parsed(&profile_request, Accept::Json, read_profile)
        .await
    {
        Ok((_, Some(profile))) => profile,
        Ok((_, None)) => return webpage::page_item(context, url, depth, previous).await,
        Err(ItemError::Fetch(FetchError::Status { status, .. }))
            if may_be_a_page && matches!(status, 404 | 405 | 410) =>
        {
            return webpage::page_item(context, url, depth, previous).await
        }
        Err(error) => return Err(error),
    };
    let min_followers = context.config.reply_author_min_followers;
    if payload.reply_author && profile.followers_count.unwrap_or(0) < min_followers as i64 {
        tracing::debug!(%url, "reply author with too few followers to be a creator");
        return Ok(ItemOutput::only(Outcome::Nothing));
    }
    let (mut outcome, repliers) =
        crawl_profile(context, url, &appview, profile, &profile_request, previous).await?;
    // An account that replies but has no posts of its own in its feed is audience, not a
    // creator (its `postsCount` counts replies and reposts too).
    if payload.reply_author
        && matches!(&outcome, Outcome::Record { record, .. } if record.posts.is_empty())
    {
        tracing::debug!(%url, "reply author without posts of its own is not a creator");
        outcome = Outcome::Nothing;
    }
    let mut discovered = reply_author_items(context, url, repliers, depth + 1);
    discovered.extend(discovery(context, url, depth));
    Ok(ItemOutput {
        outcome,
        discovered,
    })
}

/// What a profile leads to when discovering: the first page of its AppView's suggestions.
pub(crate) fn discovery(context: &RunContext, url: &Url, depth: u32) -> Vec<NewItem> {
    if !context.config.discover {
        return Vec::new();
    }
    let suggestions =
        appview_for(url, context.config.bluesky_appview.as_ref()).and_then(|appview| {
            endpoint(
                &appview,
                &["xrpc", "app.bsky.actor.getSuggestions"],
                &[("limit", SUGGESTIONS_PAGE_SIZE.to_string())],
            )
        });
    let payload = serde_json::to_value(SuggestionsPayload { web: origin(url) });
    match (suggestions, payload) {
        (Some(suggestions), Ok(payload)) => vec![NewItem::new(
            normalize(&suggestions),
            ItemKind::BlueskySuggestions,
            payload,
            depth + 1,
        )],
        _ => Vec::new(),
    }
}

/// A `bluesky-suggestions` item: one page of `getSuggestions`, its actors and the next page.
pub(crate) async fn suggestions_item(
    context: &RunContext,
    url: &Url,
    payload: Value,
    depth: u32,
) -> Result<ItemOutput, ItemError> {
    let payload: SuggestionsPayload = serde_json::from_value(payload)
        .map_err(|error| ItemError::InvalidItem(format!("bluesky-suggestions payload: {error}")))?;
    let web = Url::parse(&payload.web)
        .map_err(|error| ItemError::InvalidItem(format!("bluesky-suggestions web: {error}")))?;
    let (_, page) = context
        .session
        .get_parsed(url, Accept::Json, |response| parse_search(&response.body))
        .await?;
    let mut discovered = actor_items(context, &web, &page, depth);
    if let Some(next) = next_page_url(url, &page) {
        discovered.push(NewItem::new(
            next,
            ItemKind::BlueskySuggestions,
            serde_json::to_value(&payload).unwrap_or(Value::Null),
            depth,
        ));
    }
    Ok(ItemOutput {
        outcome: Outcome::Nothing,
        discovered,
    })
}

/// Profile items for the listed actors (opted-out ones are counted and left out).
fn actor_items(context: &RunContext, web: &Url, page: &SearchPage, depth: u32) -> Vec<NewItem> {
    let mut items = Vec::with_capacity(page.actors.len() + 1);
    for actor in &page.actors {
        if actor.is_opted_out() {
            context.session.counters.add_opted_out();
            continue;
        }
        let Ok(profile) = Url::parse(&profile_url(web, &actor.handle)) else {
            continue;
        };
        if bluesky_profile_actor(&profile).is_none() {
            continue;
        }
        items.push(NewItem::new(
            normalize(&profile),
            ItemKind::BlueskyProfile,
            Value::Null,
            depth + 1,
        ));
    }
    items
}

/// `url` with the page's cursor, while the page listed actors and the cursor moved on.
fn next_page_url(url: &Url, page: &SearchPage) -> Option<Url> {
    let next_cursor = page.cursor.as_deref().filter(|_| !page.actors.is_empty())?;
    let current = url
        .query_pairs()
        .find(|(key, _)| key == "cursor")
        .map(|(_, value)| value.into_owned());
    if current.as_deref() == Some(next_cursor) {
        return None;
    }
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(key, _)| key != "cursor")
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    let mut next = url.clone();
    next.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair("cursor", next_cursor);
    Some(normalize(&next))
}

async fn crawl_profile(
    context: &RunContext,
    url: &Url,
    appview: &Url,
    profile: Profile,
    profile_request: &Url,
    previous: Option<&Remembered>,
) -> Result<(Outcome, Vec<(Author, i64)>), ItemError> {
    let id = creator_id(&profile.handle, &profile.did);
    if context.is_excluded(&id) {
        return Ok((Outcome::Excluded, Vec::new()));
    }
    if profile.is_opted_out() {
        tracing::debug!(%id, "account asked not to be shown to logged-out viewers: skipped");
        return Ok((Outcome::OptedOut, Vec::new()));
    }
    let source_hash = profile.source_hash();
    let feed_query = |cursor: Option<&str>| {
        let mut query = vec![
            ("actor", profile.did.clone()),
            ("filter", "posts_no_replies".to_string()),
            ("limit", FEED_PAGE_SIZE.to_string()),
        ];
        if let Some(cursor) = cursor {
            query.push(("cursor", cursor.to_string()));
        }
        query
    };
    let first_url = xrpc(appview, "app.bsky.feed.getAuthorFeed", &feed_query(None))?;
    let unchanged_profile = previous.filter(|previous| {
        previous.memory.creator_id == id
            && previous.memory.source_hash.as_deref() == Some(source_hash.as_str())
    });
    let validators =
        unchanged_profile.and_then(|previous| previous.memory.validators_for(first_url.as_str()));
    let Some((first_page, page)) = context
        .session
        .get_conditional_parsed(&first_url, Accept::Json, validators, |response| {
            parse_feed(&response.body)
        })
        .await?
    else {
        return match unchanged_profile {
            Some(previous) => Ok((Outcome::Unchanged(previous.memory.clone()), Vec::new())),
            None => Err(ItemError::InvalidItem(
                "unexpected not-modified".to_string(),
            )),
        };
    };
    let mut remembered = BTreeMap::new();
    remembered.insert(first_url.to_string(), first_page.validators.clone());

    let max_posts = context.config.max_posts_per_creator;
    let mut views: Vec<PostView> = own_posts(page.items, &profile.did);
    let mut cursor = page.cursor;
    let mut seen_cursors: Vec<String> = Vec::new();
    while let Some(next) = cursor.take() {
        if views.len() >= max_posts
            || seen_cursors.contains(&next)
            || seen_cursors.len() > max_posts
        {
            break;
        }
        seen_cursors.push(next.clone());
        let page_url = xrpc(
            appview,
            "app.bsky.feed.getAuthorFeed",
            &feed_query(Some(&next)),
        )?;
        match context
            .session
            .get_parsed(&page_url, Accept::Json, |response| {
                parse_feed(&response.body)
            })
            .await
        {
            Ok((_, page)) if !page.items.is_empty() => {
                views.extend(own_posts(page.items, &profile.did));
                cursor = page.cursor;
            }
            Ok(_) => break,
            Err(error) => {
                context.optional_failed(&page_url, error)?;
                break;
            }
        }
    }
    views.truncate(max_posts);

    let web = web_base(url)?;
    let posts: Vec<Post> = views
        .iter()
        .map(|view| post_from_view(view, &id, &web))
        .collect();
    let creator = creator_from_profile(
        &profile,
        &posts,
        &web,
        profile_request.as_str(),
        context.config.observation_time(),
    );
    let mut record = CreatorRecord {
        creator,
        posts,
        audience: Vec::new(),
    };
    let mut threads: Vec<&PostView> = views
        .iter()
        .filter(|view| view.reply_count.unwrap_or(0) > 0)
        .collect();
    threads.sort_by_key(|view| std::cmp::Reverse(view.reply_count));
    threads.truncate(context.config.reply_threads_per_creator);
    let mut repliers: Vec<(Author, i64)> = Vec::new();
    for view in threads {
        let thread_url = xrpc(
            appview,
            "app.bsky.feed.getPostThread",
            &[
                ("uri", view.uri.clone()),
                ("depth", THREAD_DEPTH.to_string()),
                ("parentHeight", "0".to_string()),
            ],
        )?;
        match context
            .session
            .get_parsed(&thread_url, Accept::Json, |response| {
                parse_thread(&response.body)
            })
            .await
        {
            Ok((_, thread)) => {
                let samples = audience_from_thread(&thread, view.rkey(), &profile.did, &id);
                merge_into(&mut record, Vec::new(), samples);
                repliers.extend(thread_repliers(&thread, &profile.did));
            }
            Err(error) => context.optional_failed(&thread_url, error)?,
        }
    }
    complete_commenters(context, appview, &mut record, &repliers).await?;
    let outcome = Outcome::record(finalize(record, max_posts), Some(source_hash), remembered);
    Ok((outcome, repliers))
}

/// Actors per `getProfiles` request (the lexicon's maximum).
const PROFILES_PER_REQUEST: usize = 25;

/// Reads the full profiles of the record's commenters (`getProfiles`, by DID, 25 at a time)
/// and completes their samples with what a thread's author view leaves out: follower and
/// following counts, bio and location, the evidence credibility and the audience estimate
/// weigh. Accounts that opted out of logged-out viewing are not looked up; a failed request
/// leaves those samples as the thread showed them.
async fn complete_commenters(
    context: &RunContext,
    appview: &Url,
    record: &mut CreatorRecord,
    repliers: &[(Author, i64)],
) -> Result<(), ItemError> {
    let dids: Vec<String> = record
        .audience
        .iter()
        .filter_map(|sample| {
            repliers
                .iter()
                .find(|(author, _)| author.handle == sample.handle)
                .map(|(author, _)| author.did.clone())
        })
        .collect();
    for chunk in dids.chunks(PROFILES_PER_REQUEST) {
        let query: Vec<(&str, String)> = chunk.iter().map(|did| ("actors", did.clone())).collect();
        let url = xrpc(appview, "app.bsky.actor.getProfiles", &query)?;
        match context
            .session
            .get_parsed(&url, Accept::Json, |response| {
                parse_profiles(&response.body)
            })
            .await
        {
            Ok((_, profiles)) => complete_samples(&mut record.audience, &profiles),
            Err(error) => context.optional_failed(&url, error)?,
        }
    }
    Ok(())
}

/// Profile items for the reply authors of one creator: the most liked replies first, at most
/// `reply_authors_per_creator`, none under a removal request; nothing unless discovering.
fn reply_author_items(
    context: &RunContext,
    url: &Url,
    mut repliers: Vec<(Author, i64)>,
    depth: u32,
) -> Vec<NewItem> {
    let cap = context.config.reply_authors_per_creator;
    if !context.config.discover || cap == 0 || repliers.is_empty() {
        return Vec::new();
    }
    let Ok(web) = web_base(url) else {
        return Vec::new();
    };
    let Ok(payload) = serde_json::to_value(ProfilePayload { reply_author: true }) else {
        return Vec::new();
    };
    // Stable: equal likes keep the thread's breadth-first order.
    repliers.sort_by_key(|(_, likes)| std::cmp::Reverse(*likes));
    let mut seen: Vec<String> = Vec::new();
    let mut items = Vec::new();
    for (author, _) in repliers {
        if items.len() >= cap {
            break;
        }
        if seen.contains(&author.did)
            || context.is_excluded(&creator_id(&author.handle, &author.did))
        {
            continue;
        }
        seen.push(author.did.clone());
        // By DID: an AppView resolves every account's DID, while a handle can change or
        // fail to resolve between the thread and the profile request.
        let Ok(profile) = Url::parse(&profile_url(&web, &author.did)) else {
            continue;
        };
        if bluesky_profile_actor(&profile).is_none() {
            continue;
        }
        items.push(NewItem::reply_author(
            normalize(&profile),
            ItemKind::BlueskyProfile,
            payload.clone(),
            depth,
        ));
    }
    items
}

/// A `bluesky-search` item: one page of `searchActors`, its actors and the next page.
pub(crate) async fn search_item(
    context: &RunContext,
    url: &Url,
    depth: u32,
) -> Result<ItemOutput, ItemError> {
    let query = bluesky_search_query(url)
        .ok_or_else(|| ItemError::InvalidItem(format!("not a search url: {url}")))?;
    let cursor = url
        .query_pairs()
        .find(|(key, _)| key == "cursor")
        .map(|(_, value)| value.into_owned());
    let appview = appview_for(url, context.config.bluesky_appview.as_ref())
        .ok_or_else(|| ItemError::InvalidItem(format!("no appview for {url}")))?;
    let mut parameters = vec![("q", query), ("limit", SEARCH_PAGE_SIZE.to_string())];
    if let Some(cursor) = &cursor {
        parameters.push(("cursor", cursor.clone()));
    }
    let search_url = xrpc(&appview, "app.bsky.actor.searchActors", &parameters)?;
    let (_, page) = context
        .session
        .get_parsed(&search_url, Accept::Json, |response| {
            parse_search(&response.body)
        })
        .await?;
    let web = web_base(url)?;
    let mut discovered = actor_items(context, &web, &page, depth);
    if let Some(next) = next_page_url(url, &page) {
        discovered.push(NewItem::new(
            next,
            ItemKind::BlueskySearch,
            Value::Null,
            depth,
        ));
    }
    Ok(ItemOutput {
        outcome: Outcome::Nothing,
        discovered,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appviews_by_host_and_override() {
        let url = |raw: &str| Url::parse(raw).unwrap();
        assert_eq!(
            appview_for(&url("https://bsky.app/profile/a.bsky.social"), None)
                .unwrap()
                .as_str(),
            "https://public.api.bsky.app/"
        );
        assert_eq!(
            appview_for(&url("http://127.0.0.1:8081/profile/a.example"), None)
                .unwrap()
                .as_str(),
            "http://127.0.0.1:8081/"
        );
        let configured = url("https://appview.example/");
        assert_eq!(
            appview_for(
                &url("https://bsky.app/profile/a.bsky.social"),
                Some(&configured)
            ),
            Some(configured)
        );
    }

    #[test]
    fn next_pages_carry_the_cursor_until_it_stops_moving() {
        let page = |cursor: Option<&str>, actors: usize| SearchPage {
            actors: (0..actors)
                .map(|index| Profile {
                    did: format!("did:plc:{index}"),
                    handle: format!("a{index}.example"),
                    display_name: None,
                    description: None,
                    avatar: None,
                    followers_count: None,
                    follows_count: None,
                    posts_count: None,
                    created_at: None,
                    labels: Vec::new(),
                })
                .collect(),
            cursor: cursor.map(str::to_string),
        };
        let first = Url::parse("http://h.example/search?q=latte+art").unwrap();
        let next = next_page_url(&first, &page(Some("25"), 3)).unwrap();
        assert_eq!(
            next.as_str(),
            "http://h.example/search?cursor=25&q=latte+art"
        );
        assert_eq!(
            next_page_url(&next, &page(Some("25"), 3)),
            None,
            "same cursor"
        );
        assert_eq!(
            next_page_url(&next, &page(Some("50"), 0)),
            None,
            "no actors"
        );
        assert_eq!(next_page_url(&next, &page(None, 3)), None, "no cursor");
        let later = next_page_url(&next, &page(Some("50"), 1)).unwrap();
        assert_eq!(
            later.as_str(),
            "http://h.example/search?cursor=50&q=latte+art"
        );
    }
}
