//! AT Protocol AppView views (`app.bsky.actor.defs`, `app.bsky.feed.defs`) as the public
//! AppView sends them: DIDs, `at://` URIs with TID record keys, CIDs, millisecond `Z`
//! timestamps, rich-text facets with UTF-8 byte offsets, image embeds and self-labels. Post
//! `langs` carry the language the text is written in, as the app's language detection sets
//! it (Mastodon and the sites show the account's default instead).

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use crate::sim::content::{SelfReply, SimPost, SimReply, SimSample};
use crate::sim::creator::SimCreator;
use crate::sim::geo::Language;
use crate::sim::ids;
use crate::sim::platform_ids::{cid, did, tid};
use crate::sim::server::html::mastodon_time as at_time;
use crate::sim::server::state::HostState;
use crate::sim::world::bluesky_label;

/// The label Bluesky accounts set to stay hidden from logged-out viewers.
pub(super) const NO_UNAUTHENTICATED: &str = "!no-unauthenticated";

/// The AppView-wide suffix of commenters' handles.
const SAMPLE_HANDLE_DOMAIN: &str = "bsky.sim.example";

/// A creator's DID.
pub(super) fn creator_did(state: &HostState, creator: &SimCreator) -> String {
    did(state.world().seed(), creator.account_id())
}

/// A commenter's or pod member's DID.
pub(super) fn sample_did(state: &HostState, sample: &SimSample) -> String {
    did(state.world().seed(), sample.id)
}

/// A commenter's handle on the AppView.
pub(super) fn sample_handle(sample: &SimSample) -> String {
    format!("{}.{SAMPLE_HANDLE_DOMAIN}", bluesky_label(&sample.username))
}

/// `at://DID/app.bsky.feed.post/TID` of a status.
pub(super) fn post_uri(did: &str, status_id: u64) -> String {
    format!("at://{did}/app.bsky.feed.post/{}", tid(status_id))
}

fn image_url(base: &str, kind: &str, did: &str) -> String {
    format!(
        "{base}/img/{kind}/plain/{did}/{}@jpeg",
        cid(format!("{kind}{did}").as_bytes())
    )
}

fn viewer() -> Value {
    json!({ "muted": false, "blockedBy": false })
}

/// The account's self-labels: `!no-unauthenticated` for accounts hidden from logged-out
/// viewers.
fn labels(state: &HostState, creator: &SimCreator, did: &str) -> Value {
    if creator.discoverable {
        return json!([]);
    }
    json!([{
        "src": did,
        "uri": format!("at://{did}/app.bsky.actor.profile/self"),
        "cid": cid(format!("profile{did}").as_bytes()),
        "val": NO_UNAUTHENTICATED,
        "cts": at_time(creator.created_at.min(state.world().anchor())),
    }])
}

/// The creator's description as shown: the bio, plus the link to their other account.
fn description(state: &HostState, creator: &SimCreator) -> (String, Option<String>) {
    let linked = state.shared.linked_profile_url(creator);
    let mut text = creator.bio.clone();
    if let Some(url) = &linked {
        text.push_str("\n🔗 ");
        text.push_str(url);
    }
    (text, linked)
}

fn insert(value: &mut Value, key: &str, field: Value) {
    if let Value::Object(map) = value {
        map.insert(key.to_string(), field);
    }
}

/// `profileViewBasic` of a creator (post authors).
pub(super) fn creator_basic(state: &HostState, creator: &SimCreator) -> Value {
    let did = creator_did(state, creator);
    let mut view = json!({
        "did": did,
        "handle": creator.username,
        "displayName": creator.display_name,
        "associated": { "chat": { "allowIncoming": "following" } },
        "viewer": viewer(),
        "labels": labels(state, creator, &did),
        "createdAt": at_time(creator.created_at),
    });
    if creator.has_avatar {
        insert(
            &mut view,
            "avatar",
            json!(image_url(&state.base_url, "avatar", &did)),
        );
    }
    view
}

/// `profileView` of a creator (search results and suggestions): no counts.
pub(super) fn creator_view(state: &HostState, creator: &SimCreator) -> Value {
    let mut view = creator_basic(state, creator);
    let (description, _) = description(state, creator);
    insert(&mut view, "description", json!(description));
    insert(
        &mut view,
        "indexedAt",
        json!(at_time(profile_indexed_at(creator))),
    );
    view
}

fn profile_indexed_at(creator: &SimCreator) -> DateTime<Utc> {
    creator.created_at + Duration::seconds(93)
}

/// `profileViewDetailed` of a creator (`getProfile`).
pub(super) fn creator_detailed(
    state: &HostState,
    creator: &SimCreator,
    posts: &[SimPost],
) -> Value {
    let did = creator_did(state, creator);
    let (description, linked) = description(state, creator);
    let statuses = posts.len()
        + posts
            .iter()
            .filter(|post| post.self_reply.is_some())
            .count();
    let mut view = creator_basic(state, creator);
    for (key, value) in [
        ("description", json!(description)),
        ("indexedAt", json!(at_time(profile_indexed_at(creator)))),
        ("banner", json!(image_url(&state.base_url, "banner", &did))),
        ("followersCount", json!(state.followers(creator))),
        ("followsCount", json!(creator.following)),
        ("postsCount", json!(statuses)),
        (
            "associated",
            json!({
                "lists": 0,
                "feedgens": 0,
                "starterPacks": 0,
                "labeler": false,
                "chat": { "allowIncoming": "following" },
            }),
        ),
    ] {
        insert(&mut view, key, value);
    }
    if let Some(url) = linked {
        insert(&mut view, "website", json!(url));
    }
    view
}

/// `profileViewBasic` of a commenter or pod member.
pub(super) fn sample_basic(state: &HostState, sample: &SimSample) -> Value {
    let did = sample_did(state, sample);
    let mut view = json!({
        "did": did,
        "handle": sample_handle(sample),
        "displayName": sample.display_name,
        "viewer": viewer(),
        "labels": [],
        "createdAt": at_time(sample.created_at),
    });
    if sample.has_avatar {
        insert(
            &mut view,
            "avatar",
            json!(image_url(&state.base_url, "avatar", &did)),
        );
    }
    view
}

/// `profileViewDetailed` of a commenter: Bluesky has no location field, so people write it in
/// the description.
pub(super) fn sample_detailed(state: &HostState, sample: &SimSample) -> Value {
    let mut description = sample.bio.clone();
    if !sample.location.is_empty() {
        if !description.is_empty() {
            description.push('\n');
        }
        description.push_str("📍 ");
        description.push_str(&sample.location);
    }
    let mut view = sample_basic(state, sample);
    for (key, value) in [
        ("description", json!(description)),
        (
            "indexedAt",
            json!(at_time(sample.created_at + Duration::seconds(40))),
        ),
        ("followersCount", json!(sample.followers)),
        ("followsCount", json!(sample.following)),
        ("postsCount", json!(sample.statuses)),
        (
            "associated",
            json!({ "lists": 0, "feedgens": 0, "starterPacks": 0, "labeler": false }),
        ),
    ] {
        insert(&mut view, key, value);
    }
    view
}

/// `app.bsky.richtext.facet`s of the hashtags in a text, with UTF-8 byte offsets.
pub(super) fn tag_facets(text: &str) -> Vec<Value> {
    let mut facets = Vec::new();
    let bytes = text.as_bytes();
    let mut previous: Option<char> = None;
    for (position, character) in text.char_indices() {
        let at_boundary = previous
            .is_none_or(|before| !before.is_alphanumeric() && before != '_' && before != '&');
        previous = Some(character);
        if character != '#' || !at_boundary {
            continue;
        }
        let start = position + 1;
        let end = text[start..]
            .char_indices()
            .find(|(_, next)| !(next.is_alphanumeric() || *next == '_'))
            .map_or(bytes.len(), |(offset, _)| start + offset);
        let tag = &text[start..end];
        if tag.is_empty() || tag.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        facets.push(json!({
            "index": { "byteStart": position, "byteEnd": end },
            "features": [{ "$type": "app.bsky.richtext.facet#tag", "tag": tag }],
        }));
    }
    facets
}

/// A post record (`app.bsky.feed.post`).
fn record(
    text: &str,
    created: DateTime<Utc>,
    language: Language,
    reply_to: Option<(&str, &str)>,
    image: Option<(&str, &crate::sim::content::Image, u64)>,
) -> Value {
    let mut record = json!({
        "$type": "app.bsky.feed.post",
        "createdAt": at_time(created),
        "langs": [language.code()],
        "text": text,
    });
    let facets = tag_facets(text);
    if !facets.is_empty() {
        insert(&mut record, "facets", Value::Array(facets));
    }
    if let Some((uri, parent_cid)) = reply_to {
        let parent = json!({ "cid": parent_cid, "uri": uri });
        insert(
            &mut record,
            "reply",
            json!({ "parent": parent, "root": parent }),
        );
    }
    if let Some((blob, image, size)) = image {
        insert(
            &mut record,
            "embed",
            json!({
                "$type": "app.bsky.embed.images",
                "images": [{
                    "alt": image.alt,
                    "aspectRatio": { "height": image.height, "width": image.width },
                    "image": {
                        "$type": "blob",
                        "ref": { "$link": blob },
                        "mimeType": "image/jpeg",
                        "size": size,
                    },
                }],
            }),
        );
    }
    record
}

struct Counts {
    replies: u64,
    reposts: u64,
    likes: u64,
    quotes: u64,
}

fn post_view_of(
    uri: String,
    author: Value,
    record: Value,
    counts: Counts,
    created: DateTime<Utc>,
) -> Value {
    let record_cid = cid(record.to_string().as_bytes());
    json!({
        "uri": uri,
        "cid": record_cid,
        "author": author,
        "record": record,
        "replyCount": counts.replies,
        "repostCount": counts.reposts,
        "likeCount": counts.likes,
        "quoteCount": counts.quotes,
        "indexedAt": at_time(created + Duration::milliseconds(412)),
        "viewer": { "threadMuted": false, "embeddingDisabled": false },
        "labels": [],
    })
}

/// `postView` of a creator's post; `author` is the creator's `profileViewBasic`.
pub(super) fn post_view(
    state: &HostState,
    creator: &SimCreator,
    author: &Value,
    post: &SimPost,
) -> Value {
    let did = creator_did(state, creator);
    let created = post.created_at();
    let blob = post.image.as_ref().map(|image| {
        let blob = cid(format!("blob{}", post.id).as_bytes());
        let size = u64::from(image.width) * u64::from(image.height) / 6;
        (blob, image, size)
    });
    let record = record(
        &post.text,
        created,
        post.language,
        None,
        blob.as_ref()
            .map(|(blob, image, size)| (blob.as_str(), *image, *size)),
    );
    let mut view = post_view_of(
        post_uri(&did, post.id),
        author.clone(),
        record,
        Counts {
            replies: post.reply_count(),
            reposts: post.shares,
            likes: post.likes,
            quotes: post.quotes,
        },
        created,
    );
    if let Some((blob, image, _)) = &blob {
        let base = &state.base_url;
        insert(
            &mut view,
            "embed",
            json!({
                "$type": "app.bsky.embed.images#view",
                "images": [{
                    "thumb": format!("{base}/img/feed_thumbnail/plain/{did}/{blob}@jpeg"),
                    "fullsize": format!("{base}/img/feed_fullsize/plain/{did}/{blob}@jpeg"),
                    "alt": image.alt,
                    "aspectRatio": { "height": image.height, "width": image.width },
                }],
            }),
        );
    }
    view
}

/// The `(uri, cid)` a reply points at.
pub(super) fn strong_ref(view: &Value) -> (String, String) {
    (
        view["uri"].as_str().unwrap_or_default().to_string(),
        view["cid"].as_str().unwrap_or_default().to_string(),
    )
}

/// `postView` of the creator's own comment under `parent`.
pub(super) fn self_reply_view(
    state: &HostState,
    creator: &SimCreator,
    author: &Value,
    post: &SimPost,
    reply: &SelfReply,
    parent: &(String, String),
) -> Value {
    let did = creator_did(state, creator);
    let created = ids::instant(reply.id);
    let record = record(
        &reply.text,
        created,
        post.declared_language,
        Some((&parent.0, &parent.1)),
        None,
    );
    post_view_of(
        post_uri(&did, reply.id),
        author.clone(),
        record,
        Counts {
            replies: 0,
            reposts: 0,
            likes: 0,
            quotes: 0,
        },
        created,
    )
}

/// `postView` of a commenter's reply to `parent`.
pub(super) fn reply_view(
    state: &HostState,
    reply: &SimReply,
    author: &SimSample,
    parent: &(String, String),
) -> Value {
    let did = sample_did(state, author);
    let created = ids::instant(reply.id);
    let record = record(
        &reply.text,
        created,
        reply.language,
        Some((&parent.0, &parent.1)),
        None,
    );
    post_view_of(
        post_uri(&did, reply.id),
        sample_basic(state, author),
        record,
        Counts {
            replies: 0,
            reposts: 0,
            likes: reply.likes,
            quotes: 0,
        },
        created,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facets_point_at_the_tags_in_bytes() {
        let text = "Café day ☕ #Coffee and #latte_art! not#tag #123";
        let facets = tag_facets(text);
        assert_eq!(facets.len(), 2);
        let first = &facets[0];
        let start = first["index"]["byteStart"].as_u64().unwrap_or(0) as usize;
        let end = first["index"]["byteEnd"].as_u64().unwrap_or(0) as usize;
        assert_eq!(&text[start..end], "#Coffee");
        assert_eq!(first["features"][0]["tag"], "Coffee");
        assert_eq!(first["features"][0]["$type"], "app.bsky.richtext.facet#tag");
        assert_eq!(facets[1]["features"][0]["tag"], "latte_art");
    }
}
