//! Mastodon request sequences: account lookup, statuses paged by `Link`, reply threads, and the
//! profile directory for discovery.
//!
//! Reply authors: the public accounts replying in a creator's threads that look like creators
//! (`creator_like_repliers`) are queued as new creators when discovering, the most followed
//! first and at most `reply_authors_per_creator` per creator, one level deeper and after what
//! the directories list. A local author is queued with the account the thread showed (no
//! lookup needed); a remote one by its profile URL on its own instance (probed like a seed).
//!
//! Re-crawl: an account is unchanged when its account JSON hashes as last time (the lookup,
//! or the directory listing, is always read: it carries the counts) AND the first statuses
//! page answers 304 to the validators it sent last time. The conditional request is only made
//! when the account is unchanged, because a 304 leaves no body to build a changed record from.
//! Counts on older statuses (favourites, replies) may have moved; they are picked up when the
//! creator's first page changes or the crawl is forced.

use std::collections::BTreeMap;

use scout_models::{CreatorId, CreatorRecord, Platform, Post};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

use super::{endpoint, ItemOutput, Outcome, RunContext};
use crate::error::ItemError;
use crate::fetch::{next_link, Accept, Response};
use crate::frontier::{ItemKind, NewItem};
use crate::sources::mastodon::{
    audience_from_context, creator_from_account, creator_id, creator_like_repliers, own_statuses,
    parse_account, parse_context, parse_directory, parse_statuses, post_from_status,
    reply_thread_candidates, Account, InstanceInfo, Status, DIRECTORY_PAGE_SIZE,
    STATUSES_PAGE_SIZE,
};
use crate::sources::{finalize, merge_into};
use crate::state::Remembered;
use crate::urls::{normalize, same_host};

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
    /// The account ids the previous page listed: a page listing none but these means the
    /// instance ignores `offset`, and paging stops.
    #[serde(default)]
    previous_page: Vec<String>,
}

/// Crawls the account behind a `/@NAME` URL and, when discovering, queues the directory.
pub(crate) async fn account_by_name(
    context: &RunContext,
    profile_url: &Url,
    info: &InstanceInfo,
    name: &str,
    depth: u32,
    previous: Option<&Remembered>,
) -> Result<ItemOutput, ItemError> {
    let (outcome, mut discovered) = crawl_account(
        context,
        profile_url,
        &info.local_domain,
        name,
        None,
        depth,
        previous,
    )
    .await?;
    if context.config.discover {
        if let Some(item) =
            directory_item_at(profile_url, &info.local_domain, 0, Vec::new(), depth + 1)
        {
            discovered.push(item);
        }
    }
    Ok(ItemOutput {
        outcome,
        discovered,
    })
}

/// A `mastodon-account` item (from the directory, or re-queued).
pub(crate) async fn account_item(
    context: &RunContext,
    url: &Url,
    payload: Value,
    depth: u32,
    previous: Option<&Remembered>,
) -> Result<ItemOutput, ItemError> {
    let payload: AccountPayload = serde_json::from_value(payload)
        .map_err(|error| ItemError::InvalidItem(format!("mastodon-account payload: {error}")))?;
    let name = crate::urls::mastodon_profile_name(url)
        .ok_or_else(|| ItemError::InvalidItem(format!("not a profile url: {url}")))?;
    let known = payload.account.map(|account| {
        let source = payload.source_url.unwrap_or_else(|| url.to_string());
        (account, source)
    });
    let (outcome, discovered) = crawl_account(
        context,
        url,
        &payload.local_domain,
        &name,
        known,
        depth,
        previous,
    )
    .await?;
    Ok(ItemOutput {
        outcome,
        discovered,
    })
}

/// One directory page: its accounts, and the next page while pages are not empty and list
/// accounts the previous page did not (an instance that ignores `offset` repeats its page).
pub(crate) async fn directory_item(
    context: &RunContext,
    url: &Url,
    payload: Value,
    depth: u32,
) -> Result<ItemOutput, ItemError> {
    let payload: DirectoryPayload = serde_json::from_value(payload)
        .map_err(|error| ItemError::InvalidItem(format!("mastodon-directory payload: {error}")))?;
    let (_, accounts) = context
        .session
        .get_parsed(url, Accept::Json, |response| {
            parse_directory(&response.body)
        })
        .await?;
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
    let repeated = accounts
        .iter()
        .all(|account| payload.previous_page.contains(&account.id));
    if !accounts.is_empty() && !repeated {
        let next_offset = payload.offset + accounts.len();
        let listed = accounts.iter().map(|account| account.id.clone()).collect();
        if let Some(next) =
            directory_item_at(url, &payload.local_domain, next_offset, listed, depth)
        {
            discovered.push(next);
        }
    }
    Ok(ItemOutput {
        outcome: Outcome::Nothing,
        discovered,
    })
}

/// The directory page item at `offset` of the instance serving `base`.
pub(crate) fn directory_item_at(
    base: &Url,
    local_domain: &str,
    offset: usize,
    previous_page: Vec<String>,
    depth: u32,
) -> Option<NewItem> {
    let url = endpoint(
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
        previous_page,
    })
    .ok()?;
    Some(NewItem::new(
        normalize(&url),
        ItemKind::MastodonDirectory,
        payload,
        depth,
    ))
}

/// The id an account on this instance gets, from the name in its URL (`name` or
/// `name@domain`), before anything is fetched.
fn id_from_name(name: &str, local_domain: &str) -> CreatorId {
    let handle = if name.contains('@') {
        name.to_lowercase()
    } else {
        format!("{name}@{local_domain}").to_lowercase()
    };
    CreatorId::new(Platform::Mastodon, &handle)
}

/// Lookup (unless the account is known), statuses (conditional when the account is unchanged),
/// reply threads → one outcome, and the reply authors to crawl next. Removal requests are
/// honoured before any account request; opted-out accounts and bots before their statuses.
async fn crawl_account(
    context: &RunContext,
    base: &Url,
    local_domain: &str,
    name: &str,
    known: Option<(Account, String)>,
    depth: u32,
    previous: Option<&Remembered>,
) -> Result<(Outcome, Vec<NewItem>), ItemError> {
    if context.is_excluded(&id_from_name(name, local_domain)) {
        return Ok((Outcome::Excluded, Vec::new()));
    }
    let (account, source_url) = match known {
        Some(known) => known,
        None => {
            let lookup = endpoint(
                base,
                &["api", "v1", "accounts", "lookup"],
                &[("acct", name.to_string())],
            )
            .ok_or_else(|| ItemError::InvalidItem(format!("bad base url {base}")))?;
            let (_, account) = context
                .session
                .get_parsed(&lookup, Accept::Json, |response| {
                    parse_account(&response.body)
                })
                .await?;
            (account, lookup.to_string())
        }
    };
    let id = creator_id(&account, local_domain);
    if context.is_excluded(&id) {
        return Ok((Outcome::Excluded, Vec::new()));
    }
    if account.is_opted_out() {
        tracing::debug!(%id, "account opted out of indexing (or a bot): skipped");
        return Ok((Outcome::OptedOut, Vec::new()));
    }
    let source_hash = account.source_hash();
    let statuses_url = endpoint(
        base,
        &["api", "v1", "accounts", &account.id, "statuses"],
        &[
            ("limit", STATUSES_PAGE_SIZE.to_string()),
            ("exclude_replies", "true".to_string()),
        ],
    )
    .ok_or_else(|| ItemError::InvalidItem(format!("bad base url {base}")))?;
    let unchanged_account = previous.filter(|previous| {
        previous.memory.creator_id == id
            && previous.memory.source_hash.as_deref() == Some(source_hash.as_str())
    });
    let validators = unchanged_account
        .and_then(|previous| previous.memory.validators_for(statuses_url.as_str()));
    let Some((first_page, first_statuses)) = context
        .session
        .get_conditional_parsed(&statuses_url, Accept::Json, validators, |response| {
            parse_statuses(&response.body)
        })
        .await?
    else {
        if let Some(previous) = unchanged_account {
            return Ok((Outcome::Unchanged(previous.memory.clone()), Vec::new()));
        }
        return Err(ItemError::InvalidItem(
            "unexpected not-modified".to_string(),
        ));
    };
    let mut remembered = BTreeMap::new();
    remembered.insert(statuses_url.to_string(), first_page.validators.clone());
    let max_posts = context.config.max_posts_per_creator;
    let statuses = fetch_statuses(
        context,
        &statuses_url,
        &first_page,
        first_statuses,
        max_posts,
    )
    .await?;
    let creator = creator_from_account(
        &account,
        local_domain,
        &statuses,
        &source_url,
        context.config.observation_time(),
    );
    let posts: Vec<Post> = statuses
        .iter()
        .map(|status| post_from_status(status, &id))
        .collect();
    let mut record = CreatorRecord {
        creator,
        posts,
        audience: Vec::new(),
    };
    // Creator-like reply authors, with the thread that showed each.
    let mut repliers: Vec<(Account, String)> = Vec::new();
    for status in reply_thread_candidates(&statuses, context.config.reply_threads_per_creator) {
        let Some(url) = endpoint(base, &["api", "v1", "statuses", &status.id, "context"], &[])
        else {
            continue;
        };
        match context
            .session
            .get_parsed(&url, Accept::Json, |response| parse_context(&response.body))
            .await
        {
            Ok((_, thread)) => {
                let samples = audience_from_context(&thread, &status.id, &account.id, &id);
                merge_into(&mut record, Vec::new(), samples);
                let min_followers = context.config.reply_author_min_followers;
                repliers.extend(
                    creator_like_repliers(&thread, &account.id, min_followers)
                        .into_iter()
                        .map(|replier| (replier.clone(), url.to_string())),
                );
            }
            Err(error) => context.optional_failed(&url, error)?,
        }
    }
    let discovered = reply_author_items(context, base, local_domain, repliers, depth + 1);
    let outcome = Outcome::record(finalize(record, max_posts), Some(source_hash), remembered);
    Ok((outcome, discovered))
}

/// Frontier items for the creator-like reply authors of one creator: the most followed first,
/// at most `reply_authors_per_creator`, none under a removal request; nothing unless
/// discovering.
fn reply_author_items(
    context: &RunContext,
    base: &Url,
    local_domain: &str,
    mut repliers: Vec<(Account, String)>,
    depth: u32,
) -> Vec<NewItem> {
    let cap = context.config.reply_authors_per_creator;
    if !context.config.discover || cap == 0 {
        return Vec::new();
    }
    repliers.sort_by_key(|(account, _)| std::cmp::Reverse(account.followers_count.unwrap_or(0)));
    let mut seen: Vec<String> = Vec::new();
    let mut items = Vec::new();
    for (account, thread_url) in repliers {
        if items.len() >= cap {
            break;
        }
        let id = creator_id(&account, local_domain);
        if seen.contains(&account.acct) || context.is_excluded(&id) {
            continue;
        }
        seen.push(account.acct.clone());
        if let Some(item) = reply_author_item(base, local_domain, account, thread_url, depth) {
            items.push(item);
        }
    }
    items
}

/// A local author becomes an account item carrying the account the thread showed; a remote
/// one a profile item at its own instance (its `/@NAME` URL), probed there.
fn reply_author_item(
    base: &Url,
    local_domain: &str,
    account: Account,
    thread_url: String,
    depth: u32,
) -> Option<NewItem> {
    if account.acct.contains('@') {
        let profile = Url::parse(account.url.as_deref()?).ok()?;
        if !matches!(profile.scheme(), "http" | "https")
            || crate::urls::mastodon_profile_name(&profile).is_none()
        {
            return None;
        }
        return Some(NewItem::reply_author(
            normalize(&profile),
            ItemKind::Profile,
            Value::Null,
            depth,
        ));
    }
    let profile = base.join(&format!("/@{}", account.username)).ok()?;
    let payload = serde_json::to_value(AccountPayload {
        local_domain: local_domain.to_string(),
        account: Some(account),
        source_url: Some(thread_url),
    })
    .ok()?;
    Some(NewItem::reply_author(
        normalize(&profile),
        ItemKind::MastodonAccount,
        payload,
        depth,
    ))
}

/// The account's own statuses, newest first, from the first page (already fetched) on,
/// following `Link: rel="next"` on the same host until `max_posts`. The first page (fetched and
/// parsed already) must have parsed; a later failure ends paging.
async fn fetch_statuses(
    context: &RunContext,
    first_url: &Url,
    first_page: &Response,
    page: Vec<Status>,
    max_posts: usize,
) -> Result<Vec<Status>, ItemError> {
    let mut statuses: Vec<Status> = Vec::new();
    let mut visited: Vec<Url> = vec![first_url.clone()];
    let mut next = next_page(first_page, first_url);
    if page.is_empty() {
        return Ok(statuses);
    }
    statuses.extend(own_statuses(page, max_posts));
    while let Some(page_url) = next.take() {
        if statuses.len() >= max_posts || visited.contains(&page_url) || visited.len() > max_posts {
            break;
        }
        visited.push(page_url.clone());
        let page = match context
            .session
            .get_parsed(&page_url, Accept::Json, |response| {
                parse_statuses(&response.body)
            })
            .await
        {
            Ok((response, page)) => {
                next = next_page(&response, &page_url);
                page
            }
            Err(error) => {
                context.optional_failed(&page_url, error)?;
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

/// The same-host `rel="next"` page of a statuses response.
fn next_page(response: &Response, page_url: &Url) -> Option<Url> {
    response
        .link
        .as_deref()
        .and_then(|link| next_link(link, page_url))
        .filter(|target| same_host(target, page_url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_names_need_no_request() {
        assert_eq!(
            id_from_name("Alice", "social.example").as_str(),
            "mastodon:alice@social.example"
        );
        assert_eq!(
            id_from_name("bob@Other.Example", "social.example").as_str(),
            "mastodon:bob@other.example"
        );
    }

    #[test]
    fn directory_items_page_by_offset() {
        let base = Url::parse("https://social.example/@alice").unwrap();
        let item = directory_item_at(&base, "social.example", 80, Vec::new(), 1).unwrap();
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
