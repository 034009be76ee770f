//! Mastodon REST API payloads → Scout records. Pure functions over response bodies; the
//! requests that produce them live in `worker/mastodon.rs`.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use scout_models::{AudienceSample, Creator, CreatorId, MediaKind, Platform, Post, Provenance};
use scraper::{Html, Selector};
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::ExtractError;
use crate::text::{
    dominant_languages, find_contact_email, html_to_text, is_sponsored, language_code, non_empty,
    parse_datetime, push_unique_tags,
};

/// How records from this source were read (`Provenance::method`).
pub(crate) const METHOD: &str = "mastodon-api";

/// Page size of the statuses endpoint (Mastodon's maximum).
pub(crate) const STATUSES_PAGE_SIZE: usize = 40;

/// Page size of the directory endpoint (Mastodon's maximum).
pub(crate) const DIRECTORY_PAGE_SIZE: usize = 80;

/// Statuses a reply author needs to look like a creator (an active account, not a lurker).
const CREATOR_MIN_STATUSES: i64 = 10;

/// What an instance probe tells: the server is Mastodon-compatible and its account domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct InstanceInfo {
    /// LOCAL_DOMAIN: the domain in handles, which may differ from the host serving the API.
    pub local_domain: String,
    pub title: Option<String>,
    pub version: String,
}

#[derive(Debug, Deserialize)]
struct RawInstance {
    uri: String,
    #[serde(default)]
    title: Option<String>,
    version: String,
}

/// A Mastodon Account entity (the fields Scout reads).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Account {
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    pub username: String,
    pub acct: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub avatar: Option<String>,
    #[serde(default)]
    pub followers_count: Option<i64>,
    #[serde(default)]
    pub following_count: Option<i64>,
    #[serde(default)]
    pub statuses_count: Option<i64>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub bot: Option<bool>,
    /// `false` when the account opted out of discovery features.
    #[serde(default)]
    pub discoverable: Option<bool>,
    /// `true` when the account opted out of search engine indexing.
    #[serde(default)]
    pub noindex: Option<bool>,
    #[serde(default)]
    pub fields: Vec<AccountField>,
}

impl Account {
    /// Not indexed as a creator: opted out of indexing or discovery, or an automated account.
    pub(crate) fn is_opted_out(&self) -> bool {
        self.noindex == Some(true) || self.discoverable == Some(false) || self.bot == Some(true)
    }

    /// Hash of the fields Scout reads, to tell an unchanged account on re-crawl.
    pub(crate) fn source_hash(&self) -> String {
        super::hash_json(self)
    }
}

/// A profile metadata field (`name`, HTML `value`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct AccountField {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub value: String,
}

/// A Mastodon Status entity (the fields Scout reads).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct Status {
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub spoiler_text: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub uri: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub replies_count: Option<i64>,
    #[serde(default)]
    pub reblogs_count: Option<i64>,
    #[serde(default)]
    pub favourites_count: Option<i64>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub mentions: Vec<Mention>,
    #[serde(default)]
    pub media_attachments: Vec<MediaAttachment>,
    /// Present (non-null) when the status is a boost of someone else's post.
    #[serde(default)]
    pub reblog: Option<serde_json::Value>,
    #[serde(default)]
    pub account: Option<Account>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct Tag {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct Mention {
    pub acct: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct MediaAttachment {
    #[serde(rename = "type", default)]
    pub kind: String,
}

/// A Mastodon Context entity: the thread around a status.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct Context {
    pub descendants: Vec<Status>,
}

fn string_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Number(u64),
    }
    Ok(match Id::deserialize(deserializer)? {
        Id::Text(text) => text,
        Id::Number(number) => number.to_string(),
    })
}

fn parse_json<T: for<'de> Deserialize<'de>>(
    body: &[u8],
    what: &'static str,
) -> Result<T, ExtractError> {
    serde_json::from_slice(crate::decode::json_bytes(body)).map_err(|error| ExtractError::Json {
        what,
        message: error.to_string(),
    })
}

/// Reads `GET /api/v1/instance`; anything that is not a Mastodon-style instance document fails.
pub(crate) fn parse_instance(body: &[u8]) -> Result<InstanceInfo, ExtractError> {
    let raw: RawInstance = parse_json(body, "instance")?;
    let domain = raw
        .uri
        .trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_ascii_lowercase();
    if domain.is_empty() || domain.contains('/') {
        return Err(ExtractError::Missing("instance", "uri"));
    }
    Ok(InstanceInfo {
        local_domain: domain,
        title: raw.title.as_deref().and_then(non_empty),
        version: raw.version,
    })
}

/// Reads `GET /api/v1/accounts/lookup`.
pub(crate) fn parse_account(body: &[u8]) -> Result<Account, ExtractError> {
    parse_json(body, "account")
}

/// Reads `GET /api/v1/accounts/:id/statuses`.
pub(crate) fn parse_statuses(body: &[u8]) -> Result<Vec<Status>, ExtractError> {
    parse_json(body, "statuses")
}

/// Reads `GET /api/v1/statuses/:id/context`.
pub(crate) fn parse_context(body: &[u8]) -> Result<Context, ExtractError> {
    parse_json(body, "context")
}

/// Reads `GET /api/v1/directory`.
pub(crate) fn parse_directory(body: &[u8]) -> Result<Vec<Account>, ExtractError> {
    parse_json(body, "directory")
}

/// The full handle `username@domain`: remote accounts already carry their domain in `acct`.
pub(crate) fn full_handle(account: &Account, local_domain: &str) -> String {
    if account.acct.contains('@') {
        account.acct.clone()
    } else {
        format!("{}@{}", account.username, local_domain)
    }
}

/// `mastodon:{username}@{domain}`, lower-cased.
pub(crate) fn creator_id(account: &Account, local_domain: &str) -> CreatorId {
    CreatorId::new(
        Platform::Mastodon,
        &full_handle(account, local_domain).to_lowercase(),
    )
}

/// The statuses of the creator's own (boosts removed), newest first as served, at most `max`.
pub(crate) fn own_statuses(statuses: Vec<Status>, max: usize) -> Vec<Status> {
    statuses
        .into_iter()
        .filter(|status| {
            status
                .reblog
                .as_ref()
                .is_none_or(serde_json::Value::is_null)
        })
        .take(max)
        .collect()
}

/// Up to `count` statuses with replies, most replied first: the threads to sample.
pub(crate) fn reply_thread_candidates(statuses: &[Status], count: usize) -> Vec<&Status> {
    let mut candidates: Vec<&Status> = statuses
        .iter()
        .filter(|status| status.replies_count.unwrap_or(0) > 0)
        .collect();
    candidates.sort_by_key(|status| std::cmp::Reverse(status.replies_count));
    candidates.truncate(count);
    candidates
}

/// Account (+ its statuses) → Creator.
pub(crate) fn creator_from_account(
    account: &Account,
    local_domain: &str,
    statuses: &[Status],
    source_url: &str,
    fetched_at: DateTime<Utc>,
) -> Creator {
    let bio = account
        .note
        .as_deref()
        .map(html_to_text)
        .and_then(|text| non_empty(&text));
    let contact_email = bio.as_deref().and_then(find_contact_email);
    let languages = dominant_languages(
        statuses
            .iter()
            .filter_map(|status| status.language.as_deref()),
    );
    Creator {
        id: creator_id(account, local_domain),
        platform: Platform::Mastodon,
        handle: full_handle(account, local_domain),
        display_name: account.display_name.as_deref().and_then(non_empty),
        bio,
        profile_url: account
            .url
            .clone()
            .unwrap_or_else(|| format!("https://{local_domain}/@{}", account.username)),
        avatar_url: account.avatar.as_deref().and_then(non_empty),
        links: field_links(&account.fields),
        followers: count(account.followers_count),
        following: count(account.following_count),
        post_count: count(account.statuses_count),
        location: None,
        languages,
        contact_email,
        created_at: account.created_at.as_deref().and_then(parse_datetime),
        is_bot: account.bot.unwrap_or(false),
        provenance: Provenance {
            source_url: source_url.to_string(),
            fetched_at,
            method: METHOD.to_string(),
            content_hash: String::new(),
        },
    }
}

static LINK_SELECTOR: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("a[href]").expect("static selector parses"));

/// Links in profile fields: the `href` of a field's anchor, or a bare http(s) URL value.
fn field_links(fields: &[AccountField]) -> Vec<String> {
    let mut links: Vec<String> = Vec::new();
    for field in fields {
        let fragment = Html::parse_fragment(&field.value);
        let href = fragment
            .select(&LINK_SELECTOR)
            .filter_map(|anchor| anchor.value().attr("href"))
            .find(|href| href.starts_with("http://") || href.starts_with("https://"))
            .map(str::to_string)
            .or_else(|| {
                let text = html_to_text(&field.value);
                (text.starts_with("http://") || text.starts_with("https://")).then_some(text)
            });
        if let Some(href) = href {
            if !links.contains(&href) {
                links.push(href);
            }
        }
    }
    links
}

fn count(value: Option<i64>) -> Option<u64> {
    value.and_then(|count| u64::try_from(count).ok())
}

/// Status → Post.
pub(crate) fn post_from_status(status: &Status, creator_id: &CreatorId) -> Post {
    let content = status
        .content
        .as_deref()
        .map(html_to_text)
        .unwrap_or_default();
    let text = match status.spoiler_text.as_deref().and_then(non_empty) {
        Some(warning) if content.is_empty() => warning,
        Some(warning) => format!("{warning}\n\n{content}"),
        None => content,
    };
    let mut hashtags = Vec::new();
    push_unique_tags(
        &mut hashtags,
        status.tags.iter().map(|tag| tag.name.clone()),
    );
    let mut mentions: Vec<String> = Vec::new();
    for mention in &status.mentions {
        let acct = mention.acct.to_lowercase();
        if !mentions.contains(&acct) {
            mentions.push(acct);
        }
    }
    let sponsored = is_sponsored(&hashtags, &text);
    Post {
        id: status.id.clone(),
        creator_id: creator_id.clone(),
        url: status
            .url
            .clone()
            .or_else(|| status.uri.clone())
            .unwrap_or_default(),
        published_at: status.created_at.as_deref().and_then(parse_datetime),
        text,
        hashtags,
        mentions,
        media_kind: Some(media_kind(&status.media_attachments)),
        language: status.language.as_deref().and_then(language_code),
        likes: count(status.favourites_count),
        comments: count(status.replies_count),
        shares: count(status.reblogs_count),
        views: None,
        sponsored,
    }
}

fn media_kind(attachments: &[MediaAttachment]) -> MediaKind {
    if attachments
        .iter()
        .any(|media| matches!(media.kind.as_str(), "video" | "gifv"))
    {
        MediaKind::Video
    } else if attachments.iter().any(|media| media.kind == "image") {
        MediaKind::Image
    } else {
        MediaKind::Text
    }
}

/// Replies in a thread → audience samples: one per replying account other than the creator,
/// first reply kept.
pub(crate) fn audience_from_context(
    context: &Context,
    root_status_id: &str,
    creator_account_id: &str,
    creator_id: &CreatorId,
) -> Vec<AudienceSample> {
    let mut samples: Vec<AudienceSample> = Vec::new();
    for reply in &context.descendants {
        let Some(account) = &reply.account else {
            continue;
        };
        if account.id == creator_account_id
            || samples.iter().any(|sample| sample.handle == account.acct)
        {
            continue;
        }
        samples.push(AudienceSample {
            creator_id: creator_id.clone(),
            handle: account.acct.clone(),
            display_name: account.display_name.as_deref().and_then(non_empty),
            bio: account
                .note
                .as_deref()
                .map(html_to_text)
                .and_then(|text| non_empty(&text)),
            location: None,
            language: reply.language.as_deref().and_then(language_code),
            text: reply
                .content
                .as_deref()
                .map(html_to_text)
                .and_then(|text| non_empty(&text)),
            followers: count(account.followers_count),
            following: count(account.following_count),
            has_avatar: account
                .avatar
                .as_deref()
                .is_some_and(|avatar| !avatar.trim().is_empty() && !avatar.contains("missing")),
            account_created_at: account.created_at.as_deref().and_then(parse_datetime),
            is_bot: account.bot.unwrap_or(false),
            post_id: Some(root_status_id.to_string()),
            reply_likes: count(reply.favourites_count),
            post_count: count(account.statuses_count),
        });
    }
    samples
}

/// The reply authors of a thread who look like creators: public accounts (not opted out of
/// indexing or discovery, not bots) other than the creator, with a profile URL, at least
/// `min_followers` followers and a few statuses. Each account once, in thread order.
pub(crate) fn creator_like_repliers<'a>(
    context: &'a Context,
    creator_account_id: &str,
    min_followers: u64,
) -> Vec<&'a Account> {
    let mut found: Vec<&Account> = Vec::new();
    for account in context
        .descendants
        .iter()
        .filter_map(|reply| reply.account.as_ref())
    {
        let looks_like_creator = count(account.followers_count).unwrap_or(0) >= min_followers
            && account.statuses_count.unwrap_or(0) >= CREATOR_MIN_STATUSES;
        if account.id == creator_account_id
            || account.is_opted_out()
            || !looks_like_creator
            || account.url.is_none()
            || found.iter().any(|known| known.acct == account.acct)
        {
            continue;
        }
        found.push(account);
    }
    found
}

#[cfg(test)]
#[path = "mastodon_tests.rs"]
mod tests;
