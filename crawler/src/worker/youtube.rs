//! YouTube-style channel request sequence: the channel page, then its Atom feed (the page's own
//! feed link on the same host, else `/feeds/videos.xml?channel_id=…` on the page's host).
//!
//! Re-crawl: the page is requested with last time's validators; on a 304 the feed is too, and
//! a 304 on both makes the channel unchanged. When only one of them changed, the other is
//! fetched again in full (a 304 carries no body to build the record from).

use std::collections::BTreeMap;

use scout_models::{CreatorId, CreatorRecord, Platform, Post};
use url::Url;

use super::{ItemOutput, Outcome, RunContext};
use crate::decode::{decode_text, TextKind};
use crate::error::{ExtractError, ItemError};
use crate::fetch::{Accept, Response};
use crate::sources::finalize;
use crate::sources::youtube::{
    creator_from_channel, default_feed_url, parse_channel_page, parse_feed, post_from_entry, Feed,
};
use crate::state::Remembered;
use crate::urls::youtube_channel_id;

/// Decodes and reads a channel's Atom feed.
fn read_feed(response: &Response) -> Result<Feed, ExtractError> {
    let xml = decode_text(
        &response.body,
        response.content_type.as_deref(),
        TextKind::Xml,
    );
    parse_feed(&xml)
}

/// A `youtube-channel` item: channel page + feed → one outcome.
pub(crate) async fn channel_item(
    context: &RunContext,
    url: &Url,
    previous: Option<&Remembered>,
) -> Result<ItemOutput, ItemError> {
    let channel_id = youtube_channel_id(url)
        .ok_or_else(|| ItemError::InvalidItem(format!("not a channel url: {url}")))?;
    let id = CreatorId::new(Platform::Youtube, &channel_id);
    if context.is_excluded(&id) {
        return Ok(ItemOutput::only(Outcome::Excluded));
    }
    let previous = previous.filter(|previous| previous.memory.creator_id == id);
    let page_validators =
        previous.and_then(|previous| previous.memory.validators_for(url.as_str()));
    let read_page = |response: &Response| {
        let html = decode_text(
            &response.body,
            response.content_type.as_deref(),
            TextKind::Html,
        );
        parse_channel_page(&html, &response.url, &channel_id)
    };
    let mut feed_response: Option<(Response, Feed)> = None;
    let (page_response, page) = match context
        .session
        .get_conditional_parsed(url, Accept::Html, page_validators, read_page)
        .await?
    {
        Some(response) => response,
        None => {
            let remembered_feed = previous.and_then(|previous| {
                previous
                    .memory
                    .validators
                    .keys()
                    .find(|key| key.as_str() != url.as_str())
                    .and_then(|key| Url::parse(key).ok())
                    .map(|feed_url| (previous, feed_url))
            });
            if let Some((previous, feed_url)) = remembered_feed {
                let feed_validators = previous.memory.validators_for(feed_url.as_str());
                match context
                    .session
                    .get_conditional_parsed(&feed_url, Accept::Xml, feed_validators, read_feed)
                    .await?
                {
                    None => {
                        return Ok(ItemOutput::only(Outcome::Unchanged(
                            previous.memory.clone(),
                        )))
                    }
                    Some(fetched) => feed_response = Some(fetched),
                }
            }
            context
                .session
                .get_parsed(url, Accept::Html, read_page)
                .await?
        }
    };
    let feed_url = page
        .feed_url
        .clone()
        .or_else(|| default_feed_url(url, &channel_id))
        .ok_or_else(|| ItemError::InvalidItem(format!("no feed url for {url}")))?;
    let (feed_response, feed) = match feed_response.filter(|(response, _)| response.url == feed_url)
    {
        Some(fetched) => fetched,
        None => {
            context
                .session
                .get_parsed(&feed_url, Accept::Xml, read_feed)
                .await?
        }
    };
    let max_posts = context.config.max_posts_per_creator;
    let creator = creator_from_channel(
        &channel_id,
        &page,
        &feed,
        url,
        context.config.observation_time(),
    );
    let posts: Vec<Post> = feed
        .entries
        .iter()
        .take(max_posts)
        .map(|entry| post_from_entry(entry, &id, url))
        .collect();
    let mut validators = BTreeMap::new();
    validators.insert(url.to_string(), page_response.validators.clone());
    validators.insert(feed_url.to_string(), feed_response.validators.clone());
    let record = CreatorRecord {
        creator,
        posts,
        audience: Vec::new(),
    };
    Ok(ItemOutput::only(Outcome::record(
        finalize(record, max_posts),
        None,
        validators,
    )))
}
