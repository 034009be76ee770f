//! Frontier items: what kind of work an item is, how urgent, and how it is stored.

use std::fmt;
use std::str::FromStr;

use scout_models::{CreatorId, Platform};
use serde_json::Value;
use url::Url;

use crate::urls::{
    bluesky_profile_actor, bluesky_search_query, canonical_web_handle, mastodon_profile_name,
    youtube_channel_id,
};

/// The kind of work a frontier item stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ItemKind {
    /// A `/@NAME` URL whose source is not known yet: probe for Mastodon, else a web page.
    Profile,
    /// One Mastodon account (lookup, statuses, reply threads).
    MastodonAccount,
    /// One page of a Mastodon instance's profile directory.
    MastodonDirectory,
    /// A web page: a profile (JSON-LD / microdata / OpenGraph) or an index page to discover
    /// links from.
    WebPage,
    /// A Bluesky profile, `/profile/ACTOR` (profile, author feed, reply threads over XRPC).
    BlueskyProfile,
    /// One page of Bluesky actor search results, `/search?q=TERM` (cursor in the URL).
    BlueskySearch,
    /// One page of an AppView's `getSuggestions`, the discovery listing of Bluesky profiles.
    BlueskySuggestions,
    /// A YouTube-style channel, `/channel/UC…` (channel page and its Atom feed).
    YoutubeChannel,
}

const ALL_KINDS: [ItemKind; 8] = [
    ItemKind::Profile,
    ItemKind::MastodonAccount,
    ItemKind::MastodonDirectory,
    ItemKind::WebPage,
    ItemKind::BlueskyProfile,
    ItemKind::BlueskySearch,
    ItemKind::BlueskySuggestions,
    ItemKind::YoutubeChannel,
];

impl ItemKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ItemKind::Profile => "profile",
            ItemKind::MastodonAccount => "mastodon-account",
            ItemKind::MastodonDirectory => "mastodon-directory",
            ItemKind::WebPage => "web-page",
            ItemKind::BlueskyProfile => "bluesky-profile",
            ItemKind::BlueskySearch => "bluesky-search",
            ItemKind::BlueskySuggestions => "bluesky-suggestions",
            ItemKind::YoutubeChannel => "youtube-channel",
        }
    }

    /// Base priority: creators first, then pages, directory listings last, so records flow
    /// early and the frontier stays small.
    fn base_priority(self) -> i64 {
        match self {
            ItemKind::MastodonAccount | ItemKind::BlueskyProfile | ItemKind::YoutubeChannel => 30,
            ItemKind::Profile => 25,
            ItemKind::WebPage => 20,
            ItemKind::MastodonDirectory
            | ItemKind::BlueskySearch
            | ItemKind::BlueskySuggestions => 10,
        }
    }

    /// The kind a discovered link starts as, from its path.
    pub(crate) fn for_url(url: &Url) -> ItemKind {
        if mastodon_profile_name(url).is_some() {
            ItemKind::Profile
        } else if youtube_channel_id(url).is_some() {
            ItemKind::YoutubeChannel
        } else if bluesky_profile_actor(url).is_some() {
            ItemKind::BlueskyProfile
        } else {
            ItemKind::WebPage
        }
    }

    /// Whether an item of this kind still queues discovery when its creator is fresh.
    pub(crate) fn discovers_when_fresh(self) -> bool {
        matches!(self, ItemKind::Profile | ItemKind::BlueskyProfile)
    }

    /// The kind a seed starts as: a link's kind, and a search page asks for actor search.
    pub(crate) fn for_seed(url: &Url) -> ItemKind {
        if bluesky_search_query(url).is_some() {
            ItemKind::BlueskySearch
        } else {
            ItemKind::for_url(url)
        }
    }

    /// The creator an item stands for when its URL alone tells (tombstones are checked before
    /// fetching); Mastodon ids need the instance's domain and are checked by the worker.
    pub(crate) fn creator_hint(self, url: &Url) -> Option<CreatorId> {
        match self {
            ItemKind::BlueskyProfile => bluesky_profile_actor(url)
                .filter(|actor| !actor.starts_with("did:"))
                .map(|handle| CreatorId::new(Platform::Bluesky, &handle)),
            ItemKind::YoutubeChannel => {
                youtube_channel_id(url).map(|id| CreatorId::new(Platform::Youtube, &id))
            }
            ItemKind::WebPage => Some(CreatorId::new(Platform::Web, &canonical_web_handle(url))),
            ItemKind::Profile
            | ItemKind::MastodonAccount
            | ItemKind::MastodonDirectory
            | ItemKind::BlueskySearch
            | ItemKind::BlueskySuggestions => None,
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
        ALL_KINDS
            .into_iter()
            .find(|kind| kind.as_str() == raw)
            .ok_or_else(|| format!("unknown item kind {raw}"))
    }
}

/// Bonus that puts seeds ahead of everything discovered.
const SEED_BONUS: i64 = 100;

/// Penalty that puts reply authors after the creators listings and links lead to.
const REPLY_AUTHOR_PENALTY: i64 = 15;

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

    /// A creator met as the author of a reply: after what listings and links lead to.
    pub(crate) fn reply_author(url: Url, kind: ItemKind, payload: Value, depth: u32) -> Self {
        let mut item = NewItem::new(url, kind, payload, depth);
        item.priority -= REPLY_AUTHOR_PENALTY;
        item
    }

    /// A seed item (depth 0, ahead of discovered work).
    pub(crate) fn seed(url: Url) -> Self {
        let kind = ItemKind::for_seed(&url);
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
        for kind in ALL_KINDS {
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

    #[test]
    fn seeds_are_recognised_by_their_path_and_hint_their_creator() {
        let kind = |raw: &str| NewItem::seed(Url::parse(raw).unwrap()).kind;
        assert_eq!(
            kind("https://bsky.app/profile/alice.bsky.social"),
            ItemKind::BlueskyProfile
        );
        assert_eq!(
            kind("https://bsky.app/search?q=coffee"),
            ItemKind::BlueskySearch
        );
        assert_eq!(
            kind("https://www.youtube.com/channel/UCBR8-60-B28hp2BmDPdntcQ"),
            ItemKind::YoutubeChannel
        );
        assert_eq!(kind("https://example.com/profile/alice"), ItemKind::WebPage);
        let found = Url::parse("https://example.com/search?q=coffee").unwrap();
        assert_eq!(
            ItemKind::for_url(&found),
            ItemKind::WebPage,
            "links never start a search"
        );
        let hint = |kind: ItemKind, raw: &str| {
            kind.creator_hint(&Url::parse(raw).unwrap())
                .map(|id| id.to_string())
        };
        assert_eq!(
            hint(
                ItemKind::BlueskyProfile,
                "https://bsky.app/profile/Alice.bsky.social"
            )
            .as_deref(),
            Some("bluesky:alice.bsky.social")
        );
        assert_eq!(
            hint(
                ItemKind::BlueskyProfile,
                "https://bsky.app/profile/did:plc:abc"
            ),
            None
        );
        assert_eq!(
            hint(
                ItemKind::YoutubeChannel,
                "https://www.youtube.com/channel/UCBR8-60-B28hp2BmDPdntcQ"
            )
            .as_deref(),
            Some("youtube:UCBR8-60-B28hp2BmDPdntcQ")
        );
        assert_eq!(
            hint(ItemKind::WebPage, "https://www.studio.example/c/alice/").as_deref(),
            Some("web:studio.example/c/alice")
        );
        assert_eq!(
            hint(ItemKind::Profile, "https://social.example/@alice"),
            None
        );
    }
}
