//! schema.org postings (`SocialMediaPosting`, `BlogPosting`) → posts, and their comment
//! authors → audience samples. Pure functions over parsed JSON-LD.

use scout_models::{AudienceSample, Creator, CreatorId, MediaKind, Post};
use serde_json::Value;
use sha2::{Digest, Sha256};
use url::Url;

use super::jsonld;
use crate::text::{
    hashtags_in_text, html_to_text, is_sponsored, mentions_in_text, non_empty, parse_datetime,
    push_unique_tags,
};
use crate::urls::{canonical_web_handle, resolve};

const POSTING_TYPES: &[&str] = &["SocialMediaPosting", "BlogPosting"];

/// Every posting on the page (top level, in `@graph`, in `hasPart`), with its commenters.
pub(crate) fn postings_on(
    documents: &[Value],
    page_url: &Url,
    creator: &Creator,
) -> (Vec<Post>, Vec<AudienceSample>) {
    let mut postings = Vec::new();
    for document in documents {
        collect_postings(document, &mut postings);
    }
    let mut posts: Vec<Post> = Vec::new();
    let mut audience: Vec<AudienceSample> = Vec::new();
    for posting in postings {
        let post = post_from_posting(posting, page_url, &creator.id);
        if posts.iter().any(|seen| seen.id == post.id) {
            continue;
        }
        for sample in commenters(posting, &post.id, creator) {
            if !audience.iter().any(|seen| seen.handle == sample.handle) {
                audience.push(sample);
            }
        }
        posts.push(post);
    }
    (posts, audience)
}

fn collect_postings<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    match value {
        Value::Object(object) => {
            if jsonld::is_type(value, POSTING_TYPES) {
                out.push(value);
                return;
            }
            object
                .values()
                .for_each(|child| collect_postings(child, out));
        }
        Value::Array(items) => items.iter().for_each(|item| collect_postings(item, out)),
        _ => {}
    }
}

fn post_from_posting(posting: &Value, page_url: &Url, creator_id: &CreatorId) -> Post {
    let url = posting
        .get("url")
        .and_then(jsonld::url)
        .or_else(|| jsonld::text_of(posting, "@id"))
        .and_then(|href| resolve(page_url, &href));
    let text = ["articleBody", "text", "headline", "description"]
        .iter()
        .find_map(|key| jsonld::text_of(posting, key))
        .map(|raw| html_to_text(&raw))
        .unwrap_or_default();
    let published = jsonld::text_of(posting, "datePublished")
        .or_else(|| jsonld::text_of(posting, "dateCreated"));
    let id = jsonld::text_of(posting, "identifier")
        .or_else(|| url.as_ref().map(Url::to_string))
        .unwrap_or_else(|| content_id(published.as_deref().unwrap_or_default(), &text));
    let mut hashtags = Vec::new();
    if let Some(keywords) = posting.get("keywords") {
        let words: Vec<String> = match keywords {
            Value::String(list) => list.split(',').map(str::to_string).collect(),
            other => jsonld::texts(other),
        };
        push_unique_tags(&mut hashtags, words);
    }
    push_unique_tags(&mut hashtags, hashtags_in_text(&text));
    let sponsored = is_sponsored(&hashtags, &text);
    Post {
        id,
        creator_id: creator_id.clone(),
        url: url
            .map(String::from)
            .unwrap_or_else(|| page_url.to_string()),
        published_at: published.as_deref().and_then(parse_datetime),
        mentions: mentions_in_text(&text),
        hashtags,
        media_kind: Some(media_kind(posting)),
        language: posting
            .get("inLanguage")
            .map(jsonld::languages)
            .and_then(|codes| codes.into_iter().next()),
        likes: jsonld::interaction_count(posting, "LikeAction"),
        comments: jsonld::interaction_count(posting, "CommentAction")
            .or_else(|| posting.get("commentCount").and_then(jsonld::count)),
        shares: jsonld::interaction_count(posting, "ShareAction"),
        views: jsonld::interaction_count(posting, "WatchAction"),
        sponsored,
        text,
    }
}

/// A stable id for a posting with neither identifier nor URL.
fn content_id(published: &str, text: &str) -> String {
    let digest = Sha256::digest(format!("{published}\n{text}").as_bytes());
    let hex: String = digest
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("h{hex}")
}

fn media_kind(posting: &Value) -> MediaKind {
    let has_type = |key: &str, wanted: &str| {
        posting.get(key).is_some_and(|value| match value {
            Value::Array(items) => items.iter().any(|item| jsonld::is_type(item, &[wanted])),
            other => jsonld::is_type(other, &[wanted]),
        })
    };
    let has_video = posting.get("video").is_some_and(|value| !value.is_null())
        || has_type("associatedMedia", "VideoObject")
        || has_type("sharedContent", "VideoObject");
    let has_image = posting.get("image").is_some_and(|value| !value.is_null())
        || has_type("associatedMedia", "ImageObject")
        || has_type("sharedContent", "ImageObject");
    if has_video {
        MediaKind::Video
    } else if has_image {
        MediaKind::Image
    } else {
        MediaKind::Text
    }
}

/// Commenters of a posting as audience samples; the creator's own replies are left out.
fn commenters(posting: &Value, post_id: &str, creator: &Creator) -> Vec<AudienceSample> {
    let Some(comments) = posting.get("comment") else {
        return Vec::new();
    };
    let comments: Vec<&Value> = match comments {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut samples = Vec::new();
    for comment in comments {
        let Some(author) = comment.get("author").and_then(jsonld::first) else {
            continue;
        };
        let name = jsonld::text_of(author, "name");
        let handle = jsonld::text_of(author, "alternateName")
            .map(|alternate| alternate.trim_start_matches('@').to_string())
            .filter(|alternate| !alternate.is_empty())
            .or_else(|| {
                author
                    .get("url")
                    .and_then(jsonld::url)
                    .and_then(|href| Url::parse(&href).ok())
                    .map(|url| canonical_web_handle(&url))
            })
            .or_else(|| name.clone());
        let Some(handle) = handle else { continue };
        if handle.eq_ignore_ascii_case(&creator.handle) {
            continue;
        }
        samples.push(AudienceSample {
            creator_id: creator.id.clone(),
            handle,
            display_name: name,
            bio: jsonld::text_of(author, "description")
                .map(|text| html_to_text(&text))
                .and_then(|text| non_empty(&text)),
            location: author
                .get("homeLocation")
                .or_else(|| author.get("address"))
                .and_then(jsonld::location),
            language: comment
                .get("inLanguage")
                .map(jsonld::languages)
                .and_then(|codes| codes.into_iter().next()),
            text: jsonld::text_of(comment, "text")
                .map(|text| html_to_text(&text))
                .and_then(|text| non_empty(&text)),
            followers: jsonld::interaction_count(author, "FollowAction"),
            following: None,
            has_avatar: author.get("image").and_then(jsonld::url).is_some(),
            account_created_at: jsonld::text_of(author, "dateCreated")
                .and_then(|raw| parse_datetime(&raw)),
            is_bot: false,
            post_id: Some(post_id.to_string()),
            reply_likes: comment.get("upvoteCount").and_then(jsonld::count),
            post_count: None,
        });
    }
    samples
}
