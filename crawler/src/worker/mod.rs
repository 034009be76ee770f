//! Turning one frontier item into records and new items: the request sequences of each source,
//! built on the polite [`Session`] and the pure extractors of `sources`.

mod mastodon;
mod webpage;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use scout_models::CreatorRecord;
use serde_json::Value;
use tokio::sync::OnceCell;
use url::Url;

use crate::config::CrawlConfig;
use crate::error::{FetchError, ItemError};
use crate::fetch::Accept;
use crate::frontier::{FrontierItem, ItemKind, NewItem};
use crate::session::Session;
use crate::sources::mastodon::{parse_instance, InstanceInfo};
use crate::urls::{mastodon_profile_name, origin};

/// What processing one item produced.
#[derive(Debug, Default)]
pub(crate) struct ItemOutput {
    pub record: Option<CreatorRecord>,
    pub discovered: Vec<NewItem>,
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

    /// Logs and counts a failure that does not fail the item (an optional request).
    pub(crate) fn soft_failure(&self, url: &Url, error: &FetchError) {
        if matches!(error, FetchError::Disallowed(_)) {
            return;
        }
        tracing::warn!(%url, %error, "optional request failed");
        self.session.counters.add_error();
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
                match self.session.get_ok(&probe_url, Accept::Json).await {
                    Ok(response) => Ok(parse_instance(&response.body).ok()),
                    Err(FetchError::Cancelled) => Err(ItemError::Fetch(FetchError::Cancelled)),
                    Err(error) => {
                        tracing::debug!(%probe_url, %error, "not a mastodon instance");
                        Ok(None)
                    }
                }
            })
            .await?;
        Ok(info.clone())
    }
}

/// Processes one item. Invalid stored fields fail the item; nothing here panics on bad input.
pub(crate) async fn process(
    context: &RunContext,
    item: &FrontierItem,
) -> Result<ItemOutput, ItemError> {
    let url = Url::parse(&item.url)
        .map_err(|error| ItemError::InvalidItem(format!("url {}: {error}", item.url)))?;
    let kind: ItemKind = item.kind.parse().map_err(ItemError::InvalidItem)?;
    let payload: Value = serde_json::from_str(&item.payload)
        .map_err(|error| ItemError::InvalidItem(format!("payload: {error}")))?;
    match kind {
        ItemKind::Profile => profile(context, &url, item.depth).await,
        ItemKind::MastodonAccount => mastodon::account_item(context, &url, payload).await,
        ItemKind::MastodonDirectory => {
            mastodon::directory_item(context, &url, payload, item.depth).await
        }
        ItemKind::WebPage => webpage::page_item(context, &url, item.depth).await,
    }
}

/// A `/@NAME` URL: a Mastodon account when the host answers as a Mastodon instance, otherwise
/// an ordinary web page.
async fn profile(context: &RunContext, url: &Url, depth: u32) -> Result<ItemOutput, ItemError> {
    if let Some(name) = mastodon_profile_name(url) {
        if let Some(info) = context.instance(url).await? {
            return mastodon::account_by_name(context, url, &info, &name, depth).await;
        }
    }
    webpage::page_item(context, url, depth).await
}
