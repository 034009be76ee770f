//! YouTube-style channels → Scout records: the channel page (name, subscriber count and links
//! from its JSON-LD or microdata, OpenGraph as a fallback, and its feed link) and the channel's
//! Atom feed (`yt:videoId`, `media:group` title and description, `media:starRating@count`,
//! `media:statistics@views`), read with a namespace-aware XML parser. Pure functions.

use chrono::{DateTime, Utc};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use scout_models::{Creator, CreatorId, MediaKind, Platform, Post, Provenance};
use serde_json::Value;
use url::Url;

use super::jsonld;
use super::webpage::{find_profile, parse_html, push_unique};
use crate::error::ExtractError;
use crate::text::{
    find_contact_email, hashtags_in_text, html_to_text, is_sponsored, mentions_in_text, non_empty,
    parse_datetime, push_unique_tags,
};
use crate::urls::{resolve, same_host};

/// How records from this source were read (`Provenance::method`).
pub(crate) const METHOD: &str = "youtube-feed";

const ATOM_NS: &[u8] = b"http://www.w3.org/2005/Atom";
const YT_NS: &[u8] = b"http://www.youtube.com/xml/schemas/2015";
const MEDIA_NS: &[u8] = b"http://search.yahoo.com/mrss/";
/// Element nesting beyond this is not a channel feed.
const MAX_XML_DEPTH: usize = 64;

/// What the channel page tells.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ChannelPage {
    pub name: Option<String>,
    /// The `@handle`, without `@`.
    pub handle: Option<String>,
    pub description: Option<String>,
    pub avatar: Option<String>,
    pub subscribers: Option<u64>,
    pub video_count: Option<u64>,
    pub links: Vec<String>,
    pub location: Option<String>,
    pub languages: Vec<String>,
    pub created_at: Option<DateTime<Utc>>,
    /// The page's own RSS/Atom link when it is on the page's host.
    pub feed_url: Option<Url>,
}

/// The channel's Atom feed.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Feed {
    pub channel_id: Option<String>,
    pub title: Option<String>,
    pub author_name: Option<String>,
    pub author_uri: Option<String>,
    /// The channel's creation time (YouTube puts it in the feed's `published`).
    pub published: Option<DateTime<Utc>>,
    pub entries: Vec<Entry>,
}

/// One video of the feed.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Entry {
    pub video_id: String,
    pub title: Option<String>,
    pub link: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    pub media_title: Option<String>,
    pub description: Option<String>,
    pub thumbnail: Option<String>,
    /// `media:starRating@count`: the like count.
    pub likes: Option<u64>,
    pub views: Option<u64>,
}

/// The feed URL of a channel on the page's host: `/feeds/videos.xml?channel_id=…`.
pub(crate) fn default_feed_url(channel_url: &Url, channel_id: &str) -> Option<Url> {
    let mut url = channel_url.join("/feeds/videos.xml").ok()?;
    url.query_pairs_mut().append_pair("channel_id", channel_id);
    Some(url)
}

/// Reads a channel page. A JSON-LD block that does not parse makes the page an error.
pub(crate) fn parse_channel_page(
    html: &str,
    page_url: &Url,
    channel_id: &str,
) -> Result<ChannelPage, ExtractError> {
    let parsed = parse_html(html, page_url)?;
    let nodes = parsed.nodes();
    let found = find_profile(&nodes);
    let person = found.map(|(person, _)| person);
    let profile_page = found.and_then(|(_, page)| page);
    let meta = &parsed.meta;
    let text = |key: &str| person.and_then(|node| jsonld::text_of(node, key));
    let mut links = Vec::new();
    for link in person
        .and_then(|node| node.get("sameAs"))
        .map(jsonld::urls)
        .unwrap_or_default()
    {
        if let Some(resolved) = resolve(page_url, &link) {
            push_unique(&mut links, resolved.to_string());
        }
    }
    for link in &parsed.rel_me {
        push_unique(&mut links, link.clone());
    }
    let subscribers = person
        .and_then(|node| {
            jsonld::interaction_count(node, "FollowAction")
                .or_else(|| jsonld::interaction_count(node, "SubscribeAction"))
        })
        .or_else(|| {
            meta.get("interactioncount")
                .and_then(|raw| subscriber_meta(raw))
        });
    let handle = text("alternateName")
        .or_else(|| parsed.canonical.as_ref().and_then(handle_in_path))
        .map(|handle| handle.trim_start_matches('@').to_string())
        .filter(|handle| !handle.is_empty());
    let feed_url = parsed
        .feeds
        .iter()
        .filter(|feed| same_host(feed, page_url))
        .find(|feed| feed.as_str().contains(channel_id))
        .or_else(|| parsed.feeds.iter().find(|feed| same_host(feed, page_url)))
        .cloned();
    Ok(ChannelPage {
        name: text("name").or_else(|| meta.get("og:title").and_then(|title| non_empty(title))),
        handle,
        description: text("description")
            .or_else(|| meta.get("og:description").cloned())
            .map(|raw| html_to_text(&raw))
            .and_then(|description| non_empty(&description)),
        avatar: person
            .and_then(|node| node.get("image"))
            .and_then(jsonld::url)
            .or_else(|| meta.get("og:image").cloned())
            .and_then(|href| resolve(page_url, &href))
            .map(String::from),
        subscribers,
        video_count: person.and_then(|node| jsonld::interaction_count(node, "WriteAction")),
        links,
        location: person
            .and_then(|node| node.get("homeLocation").or_else(|| node.get("address")))
            .and_then(jsonld::location),
        languages: person
            .and_then(|node| node.get("knowsLanguage"))
            .map(jsonld::languages)
            .unwrap_or_default(),
        created_at: profile_page
            .and_then(|page| jsonld::text_of(page, "dateCreated"))
            .or_else(|| text("dateCreated"))
            .and_then(|raw| parse_datetime(&raw)),
        feed_url,
    })
}

/// `<meta itemprop="interactionCount" content="UserSubscribes:1234">` or a bare number.
fn subscriber_meta(raw: &str) -> Option<u64> {
    let number = raw.rsplit(':').next().unwrap_or(raw);
    jsonld::count(&Value::String(number.to_string()))
}

fn handle_in_path(url: &Url) -> Option<String> {
    url.path_segments()?
        .next()
        .filter(|segment| segment.starts_with('@') && segment.len() > 1)
        .map(str::to_string)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Atom,
    Yt,
    Media,
    Other,
}

fn ns_of(resolved: &ResolveResult<'_>) -> Ns {
    match resolved {
        ResolveResult::Bound(namespace) if namespace.as_ref() == ATOM_NS => Ns::Atom,
        ResolveResult::Bound(namespace) if namespace.as_ref() == YT_NS => Ns::Yt,
        ResolveResult::Bound(namespace) if namespace.as_ref() == MEDIA_NS => Ns::Media,
        _ => Ns::Other,
    }
}

fn xml_error(error: impl std::fmt::Display) -> ExtractError {
    ExtractError::Xml {
        what: "channel feed",
        message: error.to_string(),
    }
}

/// Reads a channel's Atom feed. Anything but a well-formed Atom `feed` document is an error;
/// entries without a video id are skipped.
pub(crate) fn parse_feed(xml: &str) -> Result<Feed, ExtractError> {
    let mut reader = NsReader::from_str(xml);
    let mut path: Vec<(Ns, String)> = Vec::new();
    let mut text = String::new();
    let mut feed = Feed::default();
    let mut entry: Option<Entry> = None;
    let mut seen_root = false;
    loop {
        let (resolved, event) = reader.read_resolved_event().map_err(xml_error)?;
        let ns = ns_of(&resolved);
        match event {
            Event::Start(_) | Event::Empty(_) if path.len() >= MAX_XML_DEPTH => {
                return Err(xml_error("elements nested too deeply"));
            }
            Event::Start(start) => {
                let name = local_name(&start);
                check_root(&mut seen_root, &path, ns, &name)?;
                on_open(&start, ns, &name, &path, &mut entry);
                path.push((ns, name));
                text.clear();
            }
            Event::Empty(start) => {
                let name = local_name(&start);
                check_root(&mut seen_root, &path, ns, &name)?;
                on_open(&start, ns, &name, &path, &mut entry);
                text.clear();
            }
            Event::Text(content) => text.push_str(&content.decode().map_err(xml_error)?),
            Event::CData(content) => text.push_str(&content.decode().map_err(xml_error)?),
            Event::GeneralRef(reference) => {
                if let Ok(Some(character)) = reference.resolve_char_ref() {
                    text.push(character);
                } else {
                    let name = reference.decode().map_err(xml_error)?;
                    let value = quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| xml_error(format!("unknown entity &{name};")))?;
                    text.push_str(value);
                }
            }
            Event::End(_) => {
                let Some((ns, name)) = path.pop() else {
                    return Err(xml_error("unbalanced end tag"));
                };
                on_close(ns, &name, &path, text.trim(), &mut feed, &mut entry);
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_root {
        return Err(ExtractError::Missing("channel feed", "atom feed element"));
    }
    if !path.is_empty() {
        return Err(xml_error("unexpected end of document"));
    }
    Ok(feed)
}

fn local_name(start: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(start.local_name().as_ref()).into_owned()
}

fn check_root(
    seen: &mut bool,
    path: &[(Ns, String)],
    ns: Ns,
    name: &str,
) -> Result<(), ExtractError> {
    if path.is_empty() {
        if *seen || ns != Ns::Atom || name != "feed" {
            return Err(ExtractError::Missing("channel feed", "atom feed element"));
        }
        *seen = true;
    }
    Ok(())
}

fn attribute(start: &BytesStart<'_>, wanted: &str) -> Option<String> {
    start
        .attributes()
        .filter_map(Result::ok)
        .find(|attribute| attribute.key.local_name().as_ref() == wanted.as_bytes())
        .and_then(|attribute| attribute.unescape_value().ok())
        .and_then(|value| non_empty(&value))
}

fn parent(path: &[(Ns, String)]) -> Option<(Ns, &str)> {
    path.last().map(|(ns, name)| (*ns, name.as_str()))
}

fn on_open(
    start: &BytesStart<'_>,
    ns: Ns,
    name: &str,
    path: &[(Ns, String)],
    entry: &mut Option<Entry>,
) {
    match (ns, name) {
        (Ns::Atom, "entry") if parent(path) == Some((Ns::Atom, "feed")) => {
            *entry = Some(Entry::default());
        }
        (Ns::Atom, "link") => {
            let rel = attribute(start, "rel").unwrap_or_else(|| "alternate".to_string());
            if rel != "alternate" {
                return;
            }
            if let Some(entry) = entry.as_mut().filter(|entry| entry.link.is_none()) {
                entry.link = attribute(start, "href");
            }
        }
        (Ns::Media, "thumbnail") => {
            if let Some(entry) = entry {
                entry.thumbnail = attribute(start, "url");
            }
        }
        (Ns::Media, "starRating") => {
            if let Some(entry) = entry {
                entry.likes = attribute(start, "count").and_then(|raw| raw.parse().ok());
            }
        }
        (Ns::Media, "statistics") => {
            if let Some(entry) = entry {
                entry.views = attribute(start, "views").and_then(|raw| raw.parse().ok());
            }
        }
        _ => {}
    }
}

fn on_close(
    ns: Ns,
    name: &str,
    path: &[(Ns, String)],
    text: &str,
    feed: &mut Feed,
    entry: &mut Option<Entry>,
) {
    let value = non_empty(text);
    let in_entry = parent(path) == Some((Ns::Atom, "entry"));
    let in_feed = parent(path) == Some((Ns::Atom, "feed"));
    if let Some(current) = entry {
        match (ns, name) {
            (Ns::Yt, "videoId") if in_entry => current.video_id = text.to_string(),
            (Ns::Atom, "title") if in_entry => current.title = value,
            (Ns::Atom, "published") if in_entry => {
                current.published = value.and_then(|raw| parse_datetime(&raw));
            }
            (Ns::Atom, "updated") if in_entry => {
                current.updated = value.and_then(|raw| parse_datetime(&raw));
            }
            (Ns::Media, "title") => current.media_title = value,
            (Ns::Media, "description") => current.description = value,
            (Ns::Atom, "entry") if in_feed => {
                if let Some(done) = entry.take().filter(|done| !done.video_id.is_empty()) {
                    feed.entries.push(done);
                }
            }
            _ => {}
        }
        return;
    }
    let in_author = parent(path) == Some((Ns::Atom, "author"));
    match (ns, name) {
        (Ns::Yt, "channelId") if in_feed => feed.channel_id = value,
        (Ns::Atom, "title") if in_feed => feed.title = value,
        (Ns::Atom, "published") if in_feed => {
            feed.published = value.and_then(|raw| parse_datetime(&raw));
        }
        (Ns::Atom, "name") if in_author => feed.author_name = value,
        (Ns::Atom, "uri") if in_author => feed.author_uri = value,
        _ => {}
    }
}

/// Channel page + feed → Creator.
pub(crate) fn creator_from_channel(
    channel_id: &str,
    page: &ChannelPage,
    feed: &Feed,
    channel_url: &Url,
    fetched_at: DateTime<Utc>,
) -> Creator {
    let bio = page.description.clone();
    Creator {
        id: CreatorId::new(Platform::Youtube, channel_id),
        platform: Platform::Youtube,
        handle: page
            .handle
            .clone()
            .unwrap_or_else(|| channel_id.to_string()),
        display_name: page
            .name
            .clone()
            .or_else(|| feed.title.clone())
            .or_else(|| feed.author_name.clone()),
        contact_email: bio.as_deref().and_then(find_contact_email),
        bio,
        profile_url: channel_url.to_string(),
        avatar_url: page.avatar.clone(),
        links: page.links.clone(),
        followers: page.subscribers,
        following: None,
        post_count: page.video_count,
        location: page.location.clone(),
        languages: page.languages.clone(),
        created_at: page.created_at.or(feed.published),
        is_bot: false,
        provenance: Provenance {
            source_url: channel_url.to_string(),
            fetched_at,
            method: METHOD.to_string(),
            content_hash: String::new(),
        },
    }
}

/// Feed entry → Post: the title and description as text, likes and views from the media group.
pub(crate) fn post_from_entry(entry: &Entry, creator_id: &CreatorId, channel_url: &Url) -> Post {
    let title = entry
        .media_title
        .clone()
        .or_else(|| entry.title.clone())
        .unwrap_or_default();
    let text = match &entry.description {
        Some(description) if title.is_empty() => description.clone(),
        Some(description) => format!("{title}\n\n{description}"),
        None => title,
    };
    let mut hashtags = Vec::new();
    push_unique_tags(&mut hashtags, hashtags_in_text(&text));
    let url = entry
        .link
        .clone()
        .or_else(|| {
            let mut watch = channel_url.join("/watch").ok()?;
            watch.query_pairs_mut().append_pair("v", &entry.video_id);
            Some(watch.to_string())
        })
        .unwrap_or_default();
    Post {
        id: entry.video_id.clone(),
        creator_id: creator_id.clone(),
        url,
        published_at: entry.published,
        mentions: mentions_in_text(&text),
        sponsored: is_sponsored(&hashtags, &text),
        hashtags,
        media_kind: Some(MediaKind::Video),
        language: None,
        likes: entry.likes,
        comments: None,
        shares: None,
        views: entry.views,
        text,
    }
}

#[cfg(test)]
#[path = "youtube_tests.rs"]
mod tests;
