//! Served formats: protocol facts and server sizes, not tunables of the world.

/// Mastodon `GET /api/v1/accounts/:id/statuses` default and maximum `limit` (Mastodon 4.x).
pub const MASTODON_STATUSES_LIMIT: (usize, usize) = (20, 40);

/// Mastodon `GET /api/v1/directory` default and maximum `limit` (Mastodon 4.x).
pub const MASTODON_DIRECTORY_LIMIT: (usize, usize) = (40, 80);

/// Version string the instances report.
pub const MASTODON_VERSION: &str = "4.2.10";

/// Creators per page of a creator site's directory (issue v1).
pub const WEB_DIRECTORY_PAGE_SIZE: usize = 25;

/// Posts per page of a creator page (issue v1).
pub const WEB_POSTS_PER_PAGE: usize = 12;

/// Comments shown under each post of a creator page (the count covers all). Assumption.
pub const WEB_COMMENTS_SHOWN: usize = 5;

/// Creators whose derived posts and renderings the server keeps in memory. Assumption.
pub const CONTENT_CACHE_CREATORS: usize = 2_048;

/// Requests kept in the server's request log before the oldest are dropped.
pub const REQUEST_LOG_CAPACITY: usize = 1_000_000;

/// `app.bsky.feed.getAuthorFeed` default and maximum `limit` (AT Protocol lexicon).
pub const BLUESKY_FEED_LIMIT: (usize, usize) = (50, 100);

/// `app.bsky.actor.searchActors` default and maximum `limit` (AT Protocol lexicon).
pub const BLUESKY_SEARCH_LIMIT: (usize, usize) = (25, 100);

/// `app.bsky.actor.getSuggestions` default and maximum `limit` (AT Protocol lexicon).
pub const BLUESKY_SUGGESTIONS_LIMIT: (usize, usize) = (50, 100);

/// `app.bsky.feed.getPostThread` default and maximum `depth` (AT Protocol lexicon).
pub const BLUESKY_THREAD_DEPTH: (usize, usize) = (6, 1_000);

/// Longest Bluesky post text in graphemes (`app.bsky.feed.post`; counted here in chars).
pub const BLUESKY_POST_GRAPHEMES: usize = 300;

/// Entries in a YouTube channel feed: the 15 latest uploads (YouTube's Atom feeds).
pub const VIDEO_FEED_ENTRIES: usize = 15;

/// Channels per page of the video site's channel directory. Assumption.
pub const VIDEO_DIRECTORY_PAGE_SIZE: usize = 30;
