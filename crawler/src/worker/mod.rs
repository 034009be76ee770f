//! Turning one frontier item into an outcome and new items: the request sequences of each
//! source, built on the polite [`Session`] and the pure extractors of `sources`. Workers read
//! what the item produced last time ([`Remembered`], handed in by the crawl loop) to make
//! conditional requests, and hand back what to remember; only the loop touches the state.

mod bluesky;
mod mastodon;
mod webpage;
mod youtube;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use scout_models::{CreatorId, CreatorRecord};
use serde_json::Value;
use tokio::sync::OnceCell;
use url::Url;

use crate::config::CrawlConfig;
use crate::error::{ExtractError, FetchError, ItemError};
use crate::fetch::{Accept, Validators};
use crate::frontier::{FrontierItem, ItemKind, NewItem};
use crate::session::Session;
use crate::sources::mastodon::{parse_instance, InstanceInfo};
use crate::state::{Memory, Remembered};
use crate::urls::{mastodon_profile_name, origin};

/// What one item came to.
#[derive(Debug, Default)]
pub(crate) enum Outcome {
    /// Nothing about a creator (an index or directory page, a search page).
    #[default]
    Nothing,
    /// A creator fetched, and what to remember of it.
    Record {
        record: Box<CreatorRecord>,
        memory: Memory,
    },
    /// A creator whose sources answered "not modified".
    Unchanged(Memory),
    /// A creator who opted out of indexing (or a bot): not emitted.
    OptedOut,
    /// A creator under a removal request: not fetched further, not emitted.
    Excluded,
    /// A creator fetched recently enough not to be fetched again (only its discovery ran).
    Fresh,
}

impl Outcome {
    /// A finished record, remembered with its content hash and the validators given.
    pub(crate) fn record(
        record: CreatorRecord,
        source_hash: Option<String>,
        validators: BTreeMap<String, Validators>,
    ) -> Outcome {
        let memory = Memory {
            creator_id: record.creator.id.clone(),
            followers: record.creator.followers,
            content_hash: record.creator.provenance.content_hash.clone(),
            source_hash,
            validators,
        };
        Outcome::Record {
            record: Box::new(record),
            memory,
        }
    }
}

/// What processing one item produced.
#[derive(Debug, Default)]
pub(crate) struct ItemOutput {
    pub outcome: Outcome,
    pub discovered: Vec<NewItem>,
}

impl ItemOutput {
    fn only(outcome: Outcome) -> Self {
        ItemOutput {
            outcome,
            discovered: Vec::new(),
        }
    }
}

/// Everything the items of one run share.
#[derive(Debug)]
pub(crate) struct RunContext {
    pub config: Arc<CrawlConfig>,
    pub session: Session,
    /// Mastodon probe result per origin, computed once per run.
    instances: Mutex<HashMap<String, Arc<OnceCell<Option<InstanceInfo>>>>>,
}

impl RunContext {
    pub(crate) fn new(config: Arc<CrawlConfig>, session: Session) -> Self {
        RunContext {
            config,
            session,
            instances: Mutex::new(HashMap::new()),
        }
    }

    /// The creator is under a removal request.
    pub(crate) fn is_excluded(&self, id: &CreatorId) -> bool {
        self.config.excluded_creators.contains(id)
    }

    /// Logs and counts a failure that does not fail the item (an optional request).
    pub(crate) fn soft_failure(&self, url: &Url, error: &FetchError) {
        if matches!(error, FetchError::Disallowed(_)) {
            return;
        }
        tracing::warn!(%url, %error, "optional request failed");
        self.session.counters.add_error();
    }

    /// Logs and counts a failed optional request (a later page, a reply thread) whether its
    /// fetch failed or its body stayed unreadable; only cancellation is passed on.
    pub(crate) fn optional_failed(&self, url: &Url, error: ItemError) -> Result<(), ItemError> {
        match error {
            ItemError::Fetch(FetchError::Cancelled) => Err(error),
            ItemError::Fetch(error) => {
                self.soft_failure(url, &error);
                Ok(())
            }
            other => {
                tracing::warn!(%url, error = %other, "optional request skipped");
                self.session.counters.add_error();
                Ok(())
            }
        }
    }

    /// Whether the server at `base` is Mastodon-compatible (`GET /api/v1/instance`), cached.
    async fn instance(&self, base: &Url) -> Result<Option<InstanceInfo>, ItemError> {
        let key = origin(base);
        let cell = {
            let mut instances = self
                .instances
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            Arc::clone(instances.entry(key).or_default())
        };
        let info = cell
            .get_or_try_init(|| async {
                let Ok(probe_url) = base.join("/api/v1/instance") else {
                    return Ok(None);
                };
                // Only a clear answer says "not Mastodon" for the whole run: a 4xx, a page
                // that is not JSON, or JSON that is not an instance. A cut-off or garbled body
                // is asked for again like any unreadable body, and a failure that persists
                // fails this item without being remembered, so one bad response cannot hide a
                // whole instance.
                let probe = self
                    .session
                    .get_parsed(&probe_url, Accept::Json, |response| {
                        classify_instance(&response.body)
                    })
                    .await;
                match probe {
                    Ok((_, info)) => Ok(info),
                    Err(ItemError::Fetch(FetchError::Status { status, .. }))
                        if (400..500).contains(&status) && status != 408 && status != 429 =>
                    {
                        tracing::debug!(%probe_url, status, "not a mastodon instance");
                        Ok(None)
                    }
                    Err(ItemError::Fetch(FetchError::Disallowed(reason))) => {
                        tracing::debug!(%probe_url, reason, "instance probe disallowed");
                        Ok(None)
                    }
                    Err(error) => Err(error),
                }
            })
            .await?;
        Ok(info.clone())
    }
}

/// Reads a `/api/v1/instance` answer: `Some` for a Mastodon instance, `None` for a clear
/// "no" (an HTML page, or JSON that is not an instance), an error for a truncated or garbled
/// body that may read differently next time.
fn classify_instance(body: &[u8]) -> Result<Option<InstanceInfo>, ExtractError> {
    match parse_instance(body) {
        Ok(info) => Ok(Some(info)),
        Err(_) if is_clear_answer(body) => Ok(None),
        Err(error) => Err(error),
    }
}

/// A body that is well-formed JSON or starts like markup: whatever it says, asking again will
/// not make it say something else (unlike a cut-off or garbled body).
pub(crate) fn is_clear_answer(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body);
    text.trim_start().starts_with('<') || serde_json::from_slice::<Value>(body).is_ok()
}

/// How an item is to be worked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Fetch the creator.
    Fetch,
    /// The creator is still fresh: only queue what it leads to (a Mastodon instance's
    /// directory, a Bluesky AppView's suggestions).
    DiscoverOnly,
}

/// Processes one item. Invalid stored fields fail the item; nothing here panics on bad input.
pub(crate) async fn process(
    context: &RunContext,
    item: &FrontierItem,
    previous: Option<&Remembered>,
    mode: Mode,
) -> Result<ItemOutput, ItemError> {
    let url = Url::parse(&item.url)
        .map_err(|error| ItemError::InvalidItem(format!("url {}: {error}", item.url)))?;
    let kind: ItemKind = item.kind.parse().map_err(ItemError::InvalidItem)?;
    let payload: Value = serde_json::from_str(&item.payload)
        .map_err(|error| ItemError::InvalidItem(format!("payload: {error}")))?;
    match kind {
        ItemKind::Profile if mode == Mode::DiscoverOnly => {
            profile_discovery(context, &url, item.depth).await
        }
        ItemKind::Profile => profile(context, &url, item.depth, previous).await,
        ItemKind::BlueskyProfile if mode == Mode::DiscoverOnly => Ok(ItemOutput {
            outcome: Outcome::Fresh,
            discovered: bluesky::discovery(context, &url, item.depth),
        }),
        _ if mode == Mode::DiscoverOnly => Ok(ItemOutput::only(Outcome::Fresh)),
        ItemKind::MastodonAccount => {
            mastodon::account_item(context, &url, payload, item.depth, previous).await
        }
        ItemKind::MastodonDirectory => {
            mastodon::directory_item(context, &url, payload, item.depth).await
        }
        ItemKind::WebPage => webpage::page_item(context, &url, item.depth, previous).await,
        ItemKind::BlueskyProfile => {
            bluesky::profile_item(context, &url, &payload, item.depth, previous).await
        }
        ItemKind::BlueskySearch => bluesky::search_item(context, &url, item.depth).await,
        ItemKind::BlueskySuggestions => {
            bluesky::suggestions_item(context, &url, payload, item.depth).await
        }
        ItemKind::YoutubeChannel => youtube::channel_item(context, &url, previous).await,
    }
}

/// A `/@NAME` URL: a Mastodon account when the host answers as a Mastodon instance, otherwise
/// an ordinary web page.
async fn profile(
    context: &RunContext,
    url: &Url,
    depth: u32,
    previous: Option<&Remembered>,
) -> Result<ItemOutput, ItemError> {
    if let Some(name) = mastodon_profile_name(url) {
        if let Some(info) = context.instance(url).await? {
            return mastodon::account_by_name(context, url, &info, &name, depth, previous).await;
        }
    }
    webpage::page_item(context, url, depth, previous).await
}

/// A fresh `/@NAME` seed: its creator is not fetched, but a Mastodon instance's directory is
/// still queued for discovery.
async fn profile_discovery(
    context: &RunContext,
    url: &Url,
    depth: u32,
) -> Result<ItemOutput, ItemError> {
    let mut discovered = Vec::new();
    if context.config.discover && mastodon_profile_name(url).is_some() {
        if let Some(info) = context.instance(url).await? {
            discovered.extend(mastodon::directory_item_at(
                url,
                &info.local_domain,
                0,
                Vec::new(),
                depth + 1,
            ));
        }
    }
    Ok(ItemOutput {
        outcome: Outcome::Fresh,
        discovered,
    })
}

/// `{origin}/seg/ments?query` with each segment percent-encoded.
pub(crate) fn endpoint(base: &Url, segments: &[&str], query: &[(&str, String)]) -> Option<Url> {
    let mut url = Url::parse(&origin(base)).ok()?;
    url.path_segments_mut().ok()?.clear().extend(segments);
    if !query.is_empty() {
        url.query_pairs_mut()
            .extend_pairs(query.iter().map(|(key, value)| (*key, value.as_str())));
    }
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_encode_segments_and_keep_the_origin() {
        let base = Url::parse("http://127.0.0.1:8080/@alice").unwrap();
        let url = endpoint(
            &base,
            &["api", "v1", "accounts", "1/../x", "statuses"],
            &[("limit", "40".to_string())],
        )
        .unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:8080/api/v1/accounts/1%2F..%2Fx/statuses?limit=40"
        );
        let xrpc = endpoint(
            &Url::parse("https://public.api.bsky.app/").unwrap(),
            &["xrpc", "app.bsky.actor.getProfile"],
            &[("actor", "did:plc:abc".to_string())],
        )
        .unwrap();
        assert_eq!(
            xrpc.as_str(),
            "https://public.api.bsky.app/xrpc/app.bsky.actor.getProfile?actor=did%3Aplc%3Aabc"
        );
    }
}

#[cfg(test)]
mod instance_probe_tests {
    use super::*;

    #[test]
    fn only_clear_answers_say_not_mastodon() {
        let instance = br#"{"uri":"social.example","title":"Social","version":"4.2.10"}"#;
        assert!(matches!(
            classify_instance(instance),
            Ok(Some(info)) if info.local_domain == "social.example"
        ));
        assert!(matches!(
            classify_instance(b"<!doctype html><title>Blog</title>"),
            Ok(None)
        ));
        assert!(matches!(
            classify_instance(br#"{"name":"not an instance"}"#),
            Ok(None)
        ));
        assert!(classify_instance(br#"{"uri":"social.exa"#).is_err());
        assert!(classify_instance(b"").is_err());
    }
}
