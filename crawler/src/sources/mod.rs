//! Source adapters: pure extraction from payloads (bytes or JSON plus their URL) into
//! `scout-models` records, and the finishing touches every record gets.

pub(crate) mod bluesky;
pub(crate) mod jsonld;
pub(crate) mod mastodon;
mod microdata;
mod postings;
pub(crate) mod webpage;
pub(crate) mod youtube;

use scout_models::{AudienceSample, CreatorRecord, Post};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Adds posts and audience samples to a record, skipping post ids and handles it already has.
pub(crate) fn merge_into(
    record: &mut CreatorRecord,
    posts: Vec<Post>,
    audience: Vec<AudienceSample>,
) {
    for post in posts {
        if !record.posts.iter().any(|seen| seen.id == post.id) {
            record.posts.push(post);
        }
    }
    for sample in audience {
        if !record
            .audience
            .iter()
            .any(|seen| seen.handle == sample.handle)
        {
            record.audience.push(sample);
        }
    }
}

/// Caps the posts, drops audience samples of posts that were cut, and stamps the content hash.
pub(crate) fn finalize(mut record: CreatorRecord, max_posts: usize) -> CreatorRecord {
    record.posts.truncate(max_posts);
    let kept: Vec<String> = record.posts.iter().map(|post| post.id.clone()).collect();
    record.audience.retain(|sample| {
        sample
            .post_id
            .as_ref()
            .is_none_or(|post_id| kept.contains(post_id))
    });
    record.creator.provenance.content_hash = content_hash(&record);
    record
}

/// Hex SHA-256 of a value's JSON form (a source's own profile document, for change detection).
pub(crate) fn hash_json<T: serde::Serialize>(value: &T) -> String {
    let mut hasher = HashWriter(Sha256::new());
    // Writing into a hasher cannot fail; a value that cannot be serialised hashes what it wrote.
    let _ = serde_json::to_writer(&mut hasher, value);
    hex(&hasher.0.finalize())
}

/// Hex SHA-256 of the record without its provenance: equal for an unchanged profile, whenever
/// and from wherever it was fetched. The JSON is streamed into the hasher: posts and audience
/// samples are serialised once, never built into a JSON tree.
pub(crate) fn content_hash(record: &CreatorRecord) -> String {
    #[derive(serde::Serialize)]
    struct Hashed<'a> {
        creator: Value,
        posts: &'a [Post],
        audience: &'a [AudienceSample],
    }
    let mut creator = serde_json::to_value(&record.creator).unwrap_or(Value::Null);
    if let Value::Object(fields) = &mut creator {
        fields.remove("provenance");
    }
    hash_json(&Hashed {
        creator,
        posts: &record.posts,
        audience: &record.audience,
    })
}

/// `io::Write` into a SHA-256 state.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

#[cfg(test)]
mod fuzz_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use scout_models::{Creator, CreatorId, Platform, Provenance};

    fn record(fetched_hour: u32) -> CreatorRecord {
        let id = CreatorId::new(Platform::Web, "a.example/alice");
        CreatorRecord {
            creator: Creator {
                id: id.clone(),
                platform: Platform::Web,
                handle: "alice".into(),
                display_name: None,
                bio: None,
                profile_url: "https://a.example/alice".into(),
                avatar_url: None,
                links: vec![],
                followers: Some(10),
                following: None,
                post_count: None,
                location: None,
                languages: vec![],
                contact_email: None,
                created_at: None,
                is_bot: false,
                provenance: Provenance {
                    source_url: "https://a.example/alice".into(),
                    fetched_at: Utc
                        .with_ymd_and_hms(2024, 1, 1, fetched_hour, 0, 0)
                        .unwrap(),
                    method: "json-ld".into(),
                    content_hash: String::new(),
                },
            },
            posts: (0..3)
                .map(|n| Post {
                    id: n.to_string(),
                    creator_id: id.clone(),
                    url: format!("https://a.example/p/{n}"),
                    published_at: None,
                    text: String::new(),
                    hashtags: vec![],
                    mentions: vec![],
                    media_kind: None,
                    language: None,
                    likes: None,
                    comments: None,
                    shares: None,
                    views: None,
                    sponsored: false,
                })
                .collect(),
            audience: (0..3)
                .map(|n| AudienceSample {
                    creator_id: id.clone(),
                    handle: format!("fan{n}"),
                    display_name: None,
                    bio: None,
                    location: None,
                    language: None,
                    text: None,
                    followers: None,
                    following: None,
                    has_avatar: false,
                    account_created_at: None,
                    is_bot: false,
                    post_id: Some(n.to_string()),
                    reply_likes: None,
                    post_count: None,
                })
                .collect(),
        }
    }

    #[test]
    fn hash_ignores_fetch_time_but_sees_counts() {
        let first = finalize(record(1), 10);
        let later = finalize(record(5), 10);
        assert_eq!(first.creator.provenance.content_hash.len(), 64);
        assert_eq!(
            first.creator.provenance.content_hash,
            later.creator.provenance.content_hash
        );
        let mut grown = record(5);
        grown.creator.followers = Some(11);
        assert_ne!(
            finalize(grown, 10).creator.provenance.content_hash,
            first.creator.provenance.content_hash
        );
    }

    #[test]
    fn finalize_caps_posts_and_their_samples() {
        let capped = finalize(record(1), 2);
        assert_eq!(capped.posts.len(), 2);
        assert_eq!(
            capped
                .audience
                .iter()
                .map(|sample| sample.handle.as_str())
                .collect::<Vec<_>>(),
            vec!["fan0", "fan1"]
        );
    }

    #[test]
    fn merge_skips_known_posts_and_handles() {
        let mut base = record(1);
        let extra = record(2);
        let mut new_post = extra.posts[0].clone();
        new_post.id = "9".into();
        merge_into(
            &mut base,
            vec![extra.posts[0].clone(), new_post],
            extra.audience.clone(),
        );
        assert_eq!(base.posts.len(), 4);
        assert_eq!(base.audience.len(), 3);
    }
}
