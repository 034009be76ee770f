//! Frontier items: what kind of work an item is, how urgent, and how it is stored.

use std::fmt;
use std::str::FromStr;

use serde_json::Value;
use url::Url;

use crate::urls::mastodon_profile_name;

/// The kind of work a frontier item stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ItemKind {
    /// A `/@NAME` URL whose source is not known yet: probe for Mastodon, else a web page.
    Profile,
    /// One Mastodon account (lookup, statuses, reply threads).
    MastodonAccount,
    /// One page of a Mastodon instance's profile directory.
    MastodonDirectory,
    /// A web page: a profile (JSON-LD / OpenGraph) or an index page to discover links from.
    WebPage,
}

impl ItemKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ItemKind::Profile => "profile",
            ItemKind::MastodonAccount => "mastodon-account",
            ItemKind::MastodonDirectory => "mastodon-directory",
            ItemKind::WebPage => "web-page",
        }
    }

    /// Base priority: creators first, then pages, directory listings last, so records flow
    /// early and the frontier stays small.
    fn base_priority(self) -> i64 {
        match self {
            ItemKind::MastodonAccount => 30,
            ItemKind::Profile => 25,
            ItemKind::WebPage => 20,
            ItemKind::MastodonDirectory => 10,
        }
    }

    /// The kind a seed or discovered link starts as.
    pub(crate) fn for_url(url: &Url) -> ItemKind {
        if mastodon_profile_name(url).is_some() {
            ItemKind::Profile
        } else {
            ItemKind::WebPage
        }
    }
}

impl fmt::Display for ItemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ItemKind {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        [
            ItemKind::Profile,
            ItemKind::MastodonAccount,
            ItemKind::MastodonDirectory,
            ItemKind::WebPage,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == raw)
        .ok_or_else(|| format!("unknown item kind {raw}"))
    }
}

/// Bonus that puts seeds ahead of everything discovered.
const SEED_BONUS: i64 = 100;

/// An item to add to the frontier.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NewItem {
    /// Normalised URL: the dedup key within a run.
    pub url: Url,
    pub kind: ItemKind,
    pub payload: Value,
    pub priority: i64,
    pub depth: u32,
}

impl NewItem {
    /// A discovered item; deeper items come later.
    pub(crate) fn new(url: Url, kind: ItemKind, payload: Value, depth: u32) -> Self {
        NewItem {
            url,
            kind,
            payload,
            priority: kind.base_priority() - i64::from(depth),
            depth,
        }
    }

    /// A seed item (depth 0, ahead of discovered work).
    pub(crate) fn seed(url: Url) -> Self {
        let kind = ItemKind::for_url(&url);
        let mut item = NewItem::new(url, kind, Value::Null, 0);
        item.priority += SEED_BONUS;
        item
    }
}

/// An item read back from the frontier. Fields stay raw; the crawler validates them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FrontierItem {
    pub id: i64,
    pub url: String,
    pub host: String,
    pub kind: String,
    pub payload: String,
    pub depth: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_seeds_come_first() {
        for kind in [
            ItemKind::Profile,
            ItemKind::MastodonAccount,
            ItemKind::MastodonDirectory,
            ItemKind::WebPage,
        ] {
            assert_eq!(kind.as_str().parse::<ItemKind>().unwrap(), kind);
        }
        assert!("nope".parse::<ItemKind>().is_err());
        let seed = NewItem::seed(Url::parse("https://social.example/@alice").unwrap());
        assert_eq!(seed.kind, ItemKind::Profile);
        let discovered = NewItem::new(
            Url::parse("https://social.example/@bob").unwrap(),
            ItemKind::MastodonAccount,
            Value::Null,
            2,
        );
        assert!(seed.priority > discovered.priority);
        let web = NewItem::seed(Url::parse("https://studio.example/c/alice").unwrap());
        assert_eq!(web.kind, ItemKind::WebPage);
    }
}
