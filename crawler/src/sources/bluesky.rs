//! Bluesky AppView (XRPC) payloads → Scout records: `app.bsky.actor.getProfile`,
//! `app.bsky.feed.getAuthorFeed`, `app.bsky.feed.getPostThread` and
//! `app.bsky.actor.searchActors`. Pure functions over response bodies; the requests live in
//! `worker/bluesky.rs`. Parsing is lenient item by item: one odd feed entry or reply is
//! skipped, not the page.

use chrono::{DateTime, Utc};
use scout_models::{AudienceSample, Creator, CreatorId, MediaKind, Platform, Post, Provenance};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

use super::hash_json;
use crate::decode::json_bytes;
use crate::error::ExtractError;
use crate::text::{
    dominant_languages, find_contact_email, hashtags_in_text, is_sponsored, language_code,
    mentions_in_text, non_empty, parse_datetime, push_unique_tags,
};

/// How records from this source were read (`Provenance::method`).
pub(crate) const METHOD: &str = "bluesky-xrpc";
/// Page size of `getAuthorFeed` (the AppView's maximum is 100).
pub(crate) const FEED_PAGE_SIZE: usize = 50;
/// Page size of `searchActors`.
pub(crate) const SEARCH_PAGE_SIZE: usize = 25;
/// The self-label of accounts that asked not to be shown to logged-out viewers.
pub(crate) const OPT_OUT_LABEL: &str = "!no-unauthenticated";
/// Reply levels read below a post.
const THREAD_DEPTH: usize = 3;

/// A label on an actor or post (`com.atproto.label.defs#label`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Label {
    #[serde(default)]
    pub val: String,
}

/// `app.bsky.actor.defs#profileViewDetailed` (also reads `profileView` from search).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Profile {
    pub did: String,
    pub handle: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub avatar: Option<String>,
    #[serde(default)]
    pub followers_count: Option<i64>,
    #[serde(default)]
    pub follows_count: Option<i64>,
    #[serde(default)]
    pub posts_count: Option<i64>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub labels: Vec<Label>,
}

impl Profile {
    /// The account asked not to be shown to logged-out viewers.
    pub(crate) fn is_opted_out(&self) -> bool {
        self.labels.iter().any(|label| label.val == OPT_OUT_LABEL)
    }

    /// Hash of the profile document, to tell an unchanged profile on re-crawl.
    pub(crate) fn source_hash(&self) -> String {
        hash_json(self)
    }
}

/// `app.bsky.actor.defs#profileViewBasic`: the author of a post.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Author {
    pub did: String,
    pub handle: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub avatar: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub labels: Vec<Label>,
}

/// `app.bsky.feed.defs#postView`; the record stays raw (it is an open union).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PostView {
    pub uri: String,
    pub author: Author,
    #[serde(default)]
    pub record: Value,
    #[serde(default)]
    pub embed: Option<Value>,
    #[serde(default)]
    pub reply_count: Option<i64>,
    #[serde(default)]
    pub repost_count: Option<i64>,
    #[serde(default)]
    pub like_count: Option<i64>,
    #[serde(default)]
    pub quote_count: Option<i64>,
}

impl PostView {
    /// The record key: the last segment of the `at://` URI, unique within the author.
    pub(crate) fn rkey(&self) -> &str {
        self.uri.rsplit('/').next().unwrap_or_default()
    }

    fn text(&self) -> String {
        self.record
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    }

    fn language(&self) -> Option<String> {
        self.record
            .get("langs")
            .and_then(Value::as_array)
            .and_then(|langs| langs.iter().find_map(Value::as_str))
            .and_then(language_code)
    }

    fn is_reply(&self) -> bool {
        self.record
            .get("reply")
            .is_some_and(|reply| !reply.is_null())
    }
}

/// `app.bsky.feed.defs#feedViewPost`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct FeedItem {
    pub post: PostView,
    /// Set (`#reasonRepost`, `#reasonPin`) when the item is not simply the author's post.
    #[serde(default)]
    pub reason: Option<Value>,
}

/// One page of `getAuthorFeed`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FeedPage {
    pub items: Vec<FeedItem>,
    pub cursor: Option<String>,
}

/// One page of `searchActors`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SearchPage {
    pub actors: Vec<Profile>,
    pub cursor: Option<String>,
}

fn parse_json(body: &[u8], what: &'static str) -> Result<Value, ExtractError> {
    serde_json::from_slice(json_bytes(body)).map_err(|error| ExtractError::Json {
        what,
        message: error.to_string(),
    })
}

/// The items of an array field that parse as `T`; the others are skipped.
fn lenient_list<T: for<'de> Deserialize<'de>>(
    value: &Value,
    key: &str,
    what: &'static str,
) -> Result<Vec<T>, ExtractError> {
    let items = value
        .get(key)
        .and_then(Value::as_array)
        .ok_or(ExtractError::Missing(what, "list"))?;
    Ok(items
        .iter()
        .filter_map(|item| T::deserialize(item).ok())
        .collect())
}

fn cursor(value: &Value) -> Option<String> {
    value
        .get("cursor")
        .and_then(Value::as_str)
        .and_then(non_empty)
}

/// Reads `getProfile`.
pub(crate) fn parse_profile(body: &[u8]) -> Result<Profile, ExtractError> {
    let value = parse_json(body, "bluesky profile")?;
    Profile::deserialize(&value).map_err(|error| ExtractError::Json {
        what: "bluesky profile",
        message: error.to_string(),
    })
}

/// Reads `getProfiles`: the profiles found (unknown actors are simply absent).
pub(crate) fn parse_profiles(body: &[u8]) -> Result<Vec<Profile>, ExtractError> {
    let value = parse_json(body, "bluesky profiles")?;
    lenient_list(&value, "profiles", "bluesky profiles")
}

/// Completes audience samples read from threads, whose author views carry no counts and no
/// description, with the commenters' full profiles (`getProfiles`), matched by handle:
/// followers, following, posts, the description as the bio and, when a line of it starts with 📍
/// (Bluesky has no location field, so people write one there), that line as the location.
pub(crate) fn complete_samples(samples: &mut [AudienceSample], profiles: &[Profile]) {
    for sample in samples {
        let Some(profile) = profiles
            .iter()
            .find(|profile| profile.handle == sample.handle)
        else {
            continue;
        };
        sample.followers = count(profile.followers_count).or(sample.followers);
        sample.following = count(profile.follows_count).or(sample.following);
        sample.post_count = count(profile.posts_count).or(sample.post_count);
        let description = profile.description.as_deref().unwrap_or_default();
        let (mut bio, mut location) = (Vec::new(), None);
        for line in description.lines() {
            match line.trim().strip_prefix('📍') {
                Some(place) if location.is_none() => location = non_empty(place),
                _ => bio.push(line),
            }
        }
        if let Some(bio) = non_empty(&bio.join("\n")) {
            sample.bio = Some(bio);
        }
        if location.is_some() {
            sample.location = location;
        }
    }
}

/// Reads `getAuthorFeed`.
pub(crate) fn parse_feed(body: &[u8]) -> Result<FeedPage, ExtractError> {
    let value = parse_json(body, "bluesky author feed")?;
    Ok(FeedPage {
        items: lenient_list(&value, "feed", "bluesky author feed")?,
        cursor: cursor(&value),
    })
}

/// Reads `searchActors`.
pub(crate) fn parse_search(body: &[u8]) -> Result<SearchPage, ExtractError> {
    let value = parse_json(body, "bluesky actor search")?;
    Ok(SearchPage {
        actors: lenient_list(&value, "actors", "bluesky actor search")?,
        cursor: cursor(&value),
    })
}

/// Reads `getPostThread`: the `thread` union as it is.
pub(crate) fn parse_thread(body: &[u8]) -> Result<Value, ExtractError> {
    let value = parse_json(body, "bluesky post thread")?;
    match value.get("thread") {
        Some(thread) if thread.is_object() => Ok(thread.clone()),
        _ => Err(ExtractError::Missing("bluesky post thread", "thread")),
    }
}

/// `bluesky:{handle}`, lower-cased; a DID when the handle is not verified (`handle.invalid`).
pub(crate) fn creator_id(handle: &str, did: &str) -> CreatorId {
    let handle = handle.trim().to_ascii_lowercase();
    if handle.is_empty() || handle == "handle.invalid" {
        CreatorId::new(Platform::Bluesky, did)
    } else {
        CreatorId::new(Platform::Bluesky, &handle)
    }
}

/// The creator's own posts of a page: reposts, pins of others, replies and foreign authors
/// are left out.
pub(crate) fn own_posts(items: Vec<FeedItem>, creator_did: &str) -> Vec<PostView> {
    items
        .into_iter()
        .filter(|item| {
            let reposted = item.reason.as_ref().is_some_and(|reason| {
                reason
                    .get("$type")
                    .and_then(Value::as_str)
                    .is_some_and(|kind| kind.ends_with("#reasonRepost"))
            });
            !reposted && item.post.author.did == creator_did && !item.post.is_reply()
        })
        .map(|item| item.post)
        .collect()
}

/// The web address of a profile on the site `web_base` (`https://bsky.app`).
pub(crate) fn profile_url(web_base: &Url, actor: &str) -> String {
    let base = web_base.as_str().trim_end_matches('/');
    format!("{base}/profile/{actor}")
}

/// Profile (+ its posts) → Creator.
pub(crate) fn creator_from_profile(
    profile: &Profile,
    posts: &[Post],
    web_base: &Url,
    source_url: &str,
    fetched_at: DateTime<Utc>,
) -> Creator {
    let bio = profile.description.as_deref().and_then(non_empty);
    let links = bio.as_deref().map(links_in_text).unwrap_or_default();
    Creator {
        id: creator_id(&profile.handle, &profile.did),
        platform: Platform::Bluesky,
        handle: profile.handle.clone(),
        display_name: profile.display_name.as_deref().and_then(non_empty),
        contact_email: bio.as_deref().and_then(find_contact_email),
        bio,
        profile_url: profile_url(web_base, &profile.handle),
        avatar_url: profile.avatar.as_deref().and_then(non_empty),
        links,
        followers: count(profile.followers_count),
        following: count(profile.follows_count),
        post_count: count(profile.posts_count),
        location: None,
        languages: dominant_languages(posts.iter().filter_map(|post| post.language.as_deref())),
        created_at: profile.created_at.as_deref().and_then(parse_datetime),
        is_bot: false,
        provenance: Provenance {
            source_url: source_url.to_string(),
            fetched_at,
            method: METHOD.to_string(),
            content_hash: String::new(),
        },
    }
}

/// http(s) URLs written in a text, trailing punctuation removed.
fn links_in_text(text: &str) -> Vec<String> {
    let mut links: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let word = word.trim_end_matches(['.', ',', ')', ';', '!', '?', '"', '\'']);
        if (word.starts_with("https://") || word.starts_with("http://"))
            && Url::parse(word).is_ok()
            && !links.iter().any(|known| known == word)
        {
            links.push(word.to_string());
        }
    }
    links
}

fn count(value: Option<i64>) -> Option<u64> {
    value.and_then(|count| u64::try_from(count).ok())
}

/// PostView → Post.
pub(crate) fn post_from_view(view: &PostView, creator_id: &CreatorId, web_base: &Url) -> Post {
    let text = view.text();
    let facets: Vec<&Value> = view
        .record
        .get("facets")
        .and_then(Value::as_array)
        .map(|facets| facets.iter().collect())
        .unwrap_or_default();
    let mut hashtags = Vec::new();
    let mut mentions: Vec<String> = Vec::new();
    for facet in &facets {
        let features = facet.get("features").and_then(Value::as_array);
        for feature in features.into_iter().flatten() {
            match feature
                .get("$type")
                .and_then(Value::as_str)
                .unwrap_or_default()
            {
                "app.bsky.richtext.facet#tag" => {
                    let tag = feature
                        .get("tag")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    push_unique_tags(&mut hashtags, [tag.to_string()]);
                }
                "app.bsky.richtext.facet#mention" => {
                    if let Some(handle) = facet_text(facet, &text) {
                        push_mention(&mut mentions, handle.trim_start_matches('@'));
                    }
                }
                _ => {}
            }
        }
    }
    push_unique_tags(&mut hashtags, hashtags_in_text(&text));
    for mention in mentions_in_text(&text) {
        push_mention(&mut mentions, &mention);
    }
    let shares = match (view.repost_count, view.quote_count) {
        (None, None) => None,
        (reposts, quotes) => count(Some(
            reposts.unwrap_or(0).saturating_add(quotes.unwrap_or(0)),
        )),
    };
    Post {
        id: view.rkey().to_string(),
        creator_id: creator_id.clone(),
        url: format!(
            "{}/post/{}",
            profile_url(web_base, &view.author.handle),
            view.rkey()
        ),
        published_at: view
            .record
            .get("createdAt")
            .and_then(Value::as_str)
            .and_then(parse_datetime),
        sponsored: is_sponsored(&hashtags, &text),
        hashtags,
        mentions,
        media_kind: Some(media_kind(view.embed.as_ref())),
        language: view.language(),
        likes: count(view.like_count),
        comments: count(view.reply_count),
        shares,
        views: None,
        text,
    }
}

/// The text a facet covers (its byte range over the UTF-8 text), when the range is valid.
fn facet_text<'a>(facet: &Value, text: &'a str) -> Option<&'a str> {
    let index = facet.get("index")?;
    let start = usize::try_from(index.get("byteStart")?.as_u64()?).ok()?;
    let end = usize::try_from(index.get("byteEnd")?.as_u64()?).ok()?;
    text.get(start..end)
}

fn push_mention(mentions: &mut Vec<String>, handle: &str) {
    let handle = handle.trim().trim_end_matches('.').to_lowercase();
    if !handle.is_empty() && !mentions.contains(&handle) {
        mentions.push(handle);
    }
}

fn media_kind(embed: Option<&Value>) -> MediaKind {
    let Some(embed) = embed else {
        return MediaKind::Text;
    };
    let kind = embed
        .get("$type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    match kind {
        "app.bsky.embed.video#view" => MediaKind::Video,
        "app.bsky.embed.images#view" => MediaKind::Image,
        "app.bsky.embed.recordWithMedia#view" => media_kind(embed.get("media")),
        _ => MediaKind::Text,
    }
}

/// Replies in a thread → audience samples: one per replying account other than the creator,
/// first reply kept, down to a few levels (breadth first, so direct replies come first).
pub(crate) fn audience_from_thread(
    thread: &Value,
    root_rkey: &str,
    creator_did: &str,
    creator_id: &CreatorId,
) -> Vec<AudienceSample> {
    let mut samples: Vec<AudienceSample> = Vec::new();
    let mut level: Vec<&Value> = replies_of(thread);
    for _ in 0..THREAD_DEPTH {
        let mut next = Vec::new();
        for node in level {
            next.extend(replies_of(node));
            let Some(view) = node
                .get("post")
                .and_then(|post| PostView::deserialize(post).ok())
            else {
                continue;
            };
            let author = &view.author;
            if author.did == creator_did || samples.iter().any(|seen| seen.handle == author.handle)
            {
                continue;
            }
            samples.push(AudienceSample {
                creator_id: creator_id.clone(),
                handle: author.handle.clone(),
                display_name: author.display_name.as_deref().and_then(non_empty),
                bio: None,
                location: None,
                language: view.language(),
                text: non_empty(&view.text()),
                followers: None,
                following: None,
                has_avatar: author
                    .avatar
                    .as_deref()
                    .is_some_and(|avatar| !avatar.trim().is_empty()),
                account_created_at: author.created_at.as_deref().and_then(parse_datetime),
                is_bot: false,
                post_id: Some(root_rkey.to_string()),
                reply_likes: count(view.like_count),
                // The thread's author view carries no counts: `complete_samples` adds it.
                post_count: None,
            });
        }
        level = next;
    }
    samples
}

/// The accounts replying in a thread, other than the creator and those that asked not to be
/// shown to logged-out viewers, each once, with the most likes one of their replies got
/// (breadth first, as [`audience_from_thread`] reads them).
pub(crate) fn thread_repliers(thread: &Value, creator_did: &str) -> Vec<(Author, i64)> {
    let mut repliers: Vec<(Author, i64)> = Vec::new();
    let mut level: Vec<&Value> = replies_of(thread);
    for _ in 0..THREAD_DEPTH {
        let mut next = Vec::new();
        for node in level {
            next.extend(replies_of(node));
            let Some(view) = node
                .get("post")
                .and_then(|post| PostView::deserialize(post).ok())
            else {
                continue;
            };
            let likes = view.like_count.unwrap_or(0);
            let author = view.author;
            if author.did == creator_did
                || author.labels.iter().any(|label| label.val == OPT_OUT_LABEL)
            {
                continue;
            }
            match repliers.iter_mut().find(|(seen, _)| seen.did == author.did) {
                Some((_, best)) => *best = (*best).max(likes),
                None => repliers.push((author, likes)),
            }
        }
        level = next;
    }
    repliers
}

/// The `replies` of a `#threadViewPost` node (not-found and blocked posts have none).
fn replies_of(node: &Value) -> Vec<&Value> {
    node.get("replies")
        .and_then(Value::as_array)
        .map(|replies| replies.iter().collect())
        .unwrap_or_default()
}

#[cfg(test)]
#[path = "bluesky_tests.rs"]
mod tests;
