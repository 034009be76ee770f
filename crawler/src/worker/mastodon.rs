//! Mastodon request sequences: account lookup, statuses paged by `Link`, reply threads, and the
//! profile directory for discovery.

use chrono::Utc;
use scout_models::{CreatorRecord, Post};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

use super::{ItemOutput, RunContext};
use crate::error::{FetchError, ItemError};
use crate::fetch::{next_link, Accept};
use crate::frontier::{ItemKind, NewItem};
use crate::sources::mastodon::{
    audience_from_context, creator_from_account, creator_id, own_statuses, parse_account,
    parse_context, parse_directory, parse_statuses, post_from_status, reply_thread_candidates,
    Account, InstanceInfo, Status, DIRECTORY_PAGE_SIZE, STATUSES_PAGE_SIZE,
};
use crate::sources::{finalize, merge_into};
use crate::urls::{normalize, origin, same_host};

/// Stored with a `mastodon-account` item.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct AccountPayload {
    local_domain: String,
    /// The Account as listed by the directory (saves the lookup).
    #[serde(default)]
    account: Option<Account>,
    /// The response that listed the account, for provenance.
    #[serde(default)]
    source_url: Option<String>,
}

/// Stored with a `mastodon-directory` item.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct DirectoryPayload {
    local_domain: String,
    offset: usize,
}

/// Crawls the account behind a `/@NAME` URL and, when discovering, queues the directory.
pub(crate) async fn account_by_name(
    context: &RunContext,
    profile_url: &Url,
    info: &InstanceInfo,
    name: &str,
    depth: u32,
) -> Result<ItemOutput, ItemError> {
    let record = crawl_account(context, profile_url, &info.local_domain, name, None).await?;
    let mut discovered = Vec::new();
    if context.config.discover {
        if let Some(item) = directory_item_at(profile_url, &info.local_domain, 0, depth + 1) {
            discovered.push(item);
        }
    }
    Ok(ItemOutput {
        record: Some(record),
        discovered,
    })
}

/// A `mastodon-account` item (from the directory, or re-queued).
pub(crate) async fn account_item(
    context: &RunContext,
    url: &Url,
    payload: Value,
) -> Result<ItemOutput, ItemError> {
    let payload: AccountPayload = serde_json::from_value(payload)
        .map_err(|error| ItemError::InvalidItem(format!("mastodon-account payload: {error}")))?;
    let name = crate::urls::mastodon_profile_name(url)
        .ok_or_else(|| ItemError::InvalidItem(format!("not a profile url: {url}")))?;
    let known = payload.account.map(|account| {
        let source = payload.source_url.unwrap_or_else(|| url.to_string());
        (account, source)
    });
    let record = crawl_account(context, url, &payload.local_domain, &name, known).await?;
    Ok(ItemOutput {
        record: Some(record),
        discovered: Vec::new(),
    })
}

/// One directory page: its accounts, and the next page while pages are not empty.
pub(crate) async fn directory_item(
    context: &RunContext,
    url: &Url,
    payload: Value,
    depth: u32,
) -> Result<ItemOutput, ItemError> {
    let payload: DirectoryPayload = serde_json::from_value(payload)
        .map_err(|error| ItemError::InvalidItem(format!("mastodon-directory payload: {error}")))?;
    let response = context.session.get_ok(url, Accept::Json).await?;
    let accounts = parse_directory(&response.body)?;
    let mut discovered = Vec::with_capacity(accounts.len() + 1);
    for account in &accounts {
        if account.acct.contains('@') {
            continue;
        }
        let Ok(profile) = url.join(&format!("/@{}", account.username)) else {
            continue;
        };
        let stored = AccountPayload {
            local_domain: payload.local_domain.clone(),
            account: Some(account.clone()),
            source_url: Some(url.to_string()),
        };
        let Ok(stored) = serde_json::to_value(stored) else {
            continue;
        };
        discovered.push(NewItem::new(
            normalize(&profile),
            ItemKind::MastodonAccount,
            stored,
            depth + 1,
        ));
    }
    if !accounts.is_empty() {
        let next_offset = payload.offset + accounts.len();
        if let Some(next) = directory_item_at(url, &payload.local_domain, next_offset, depth) {
            discovered.push(next);
        }
    }
    Ok(ItemOutput {
        record: None,
        discovered,
    })
}

fn directory_item_at(base: &Url, local_domain: &str, offset: usize, depth: u32) -> Option<NewItem> {
    let url = api_url(
        base,
        &["api", "v1", "directory"],
        &[
            ("limit", DIRECTORY_PAGE_SIZE.to_string()),
            ("local", "true".to_string()),
            ("offset", offset.to_string()),
            ("order", "active".to_string()),
        ],
    )?;
    let payload = serde_json::to_value(DirectoryPayload {
        local_domain: local_domain.to_string(),
        offset,
    })
    .ok()?;
    Some(NewItem::new(
        normalize(&url),
        ItemKind::MastodonDirectory,
        payload,
        depth,
    ))
}

/// `{origin}/seg/ments?query` with each segment percent-encoded.
fn api_url(base: &Url, segments: &[&str], query: &[(&str, String)]) -> Option<Url> {
    let mut url = Url::parse(&origin(base)).ok()?;
    url.path_segments_mut().ok()?.clear().extend(segments);
    if !query.is_empty() {
        url.query_pairs_mut()
            .extend_pairs(query.iter().map(|(key, value)| (*key, value.as_str())));
    }
    Some(url)
}

/// Lookup (unless the account is known), statuses, reply threads → one finished record.
async fn crawl_account(
    context: &RunContext,
    base: &Url,
    local_domain: &str,
    name: &str,
    known: Option<(Account, String)>,
) -> Result<CreatorRecord, ItemError> {
    let (account, source_url) = match known {
        Some(known) => known,
        None => {
            let lookup = api_url(
                base,
                &["api", "v1", "accounts", "lookup"],
                &[("acct", name.to_string())],
            )
            .ok_or_else(|| ItemError::InvalidItem(format!("bad base url {base}")))?;
            let response = context.session.get_ok(&lookup, Accept::Json).await?;
            (parse_account(&response.body)?, lookup.to_string())
        }
    };
    let max_posts = context.config.max_posts_per_creator;
    let statuses = fetch_statuses(context, base, &account.id, max_posts).await?;
    let id = creator_id(&account, local_domain);
    let creator = creator_from_account(&account, local_domain, &statuses, &source_url, Utc::now());
    let posts: Vec<Post> = statuses
        .iter()
        .map(|status| post_from_status(status, &id))
        .collect();
    let mut record = CreatorRecord {
        creator,
        posts,
        audience: Vec::new(),
    };
    for status in reply_thread_candidates(&statuses, context.config.reply_threads_per_creator) {
        let Some(url) = api_url(base, &["api", "v1", "statuses", &status.id, "context"], &[])
        else {
            continue;
        };
        match context.session.get_ok(&url, Accept::Json).await {
            Ok(response) => match parse_context(&response.body) {
                Ok(thread) => {
                    let samples = audience_from_context(&thread, &status.id, &account.id, &id);
                    merge_into(&mut record, Vec::new(), samples);
                }
                Err(error) => {
                    tracing::warn!(%url, %error, "reply thread skipped");
                    context.session.counters.add_error();
                }
            },
            Err(FetchError::Cancelled) => return Err(FetchError::Cancelled.into()),
            Err(error) => context.soft_failure(&url, &error),
        }
    }
    Ok(finalize(record, max_posts))
}

/// The account's own statuses, newest first, following `Link: rel="next"` on the same host
/// until `max_posts`. The first page must succeed; a later failure ends paging.
async fn fetch_statuses(
    context: &RunContext,
    base: &Url,
    account_id: &str,
    max_posts: usize,
) -> Result<Vec<Status>, ItemError> {
    let first = api_url(
        base,
        &["api", "v1", "accounts", account_id, "statuses"],
        &[
            ("limit", STATUSES_PAGE_SIZE.to_string()),
            ("exclude_replies", "true".to_string()),
        ],
    )
    .ok_or_else(|| ItemError::InvalidItem(format!("bad base url {base}")))?;
    let mut statuses: Vec<Status> = Vec::new();
    let mut visited: Vec<Url> = Vec::new();
    let mut next = Some(first);
    while let Some(page_url) = next.take() {
        if statuses.len() >= max_posts || visited.contains(&page_url) || visited.len() > max_posts {
            break;
        }
        let is_first = visited.is_empty();
        visited.push(page_url.clone());
        let page = match context.session.get_ok(&page_url, Accept::Json).await {
            Ok(response) => match parse_statuses(&response.body) {
                Ok(page) => {
                    next = response
                        .link
                        .as_deref()
                        .and_then(|link| next_link(link, &page_url))
                        .filter(|target| same_host(target, &page_url));
                    page
                }
                Err(error) if is_first => return Err(error.into()),
                Err(error) => {
                    tracing::warn!(url = %page_url, %error, "statuses paging stopped");
                    context.session.counters.add_error();
                    break;
                }
            },
            Err(error) if is_first || matches!(error, FetchError::Cancelled) => {
                return Err(error.into())
            }
            Err(error) => {
                context.soft_failure(&page_url, &error);
                break;
            }
        };
        if page.is_empty() {
            break;
        }
        let room = max_posts - statuses.len();
        statuses.extend(own_statuses(page, room));
    }
    Ok(statuses)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_urls_encode_segments_and_keep_the_origin() {
        let base = Url::parse("http://127.0.0.1:8080/@alice").unwrap();
        let url = api_url(
            &base,
            &["api", "v1", "accounts", "1/../x", "statuses"],
            &[("limit", "40".to_string())],
        )
        .unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:8080/api/v1/accounts/1%2F..%2Fx/statuses?limit=40"
        );
    }

    #[test]
    fn directory_items_page_by_offset() {
        let base = Url::parse("https://social.example/@alice").unwrap();
        let item = directory_item_at(&base, "social.example", 80, 1).unwrap();
        assert_eq!(item.kind, ItemKind::MastodonDirectory);
        assert_eq!(
            item.url.as_str(),
            "https://social.example/api/v1/directory?limit=80&local=true&offset=80&order=active"
        );
        assert_eq!(item.depth, 1);
        let payload: DirectoryPayload = serde_json::from_value(item.payload).unwrap();
        assert_eq!(payload.offset, 80);
    }
}
