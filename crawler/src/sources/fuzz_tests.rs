//! Property tests: every extractor entry point, fed arbitrary bytes and mutated real payloads,
//! returns (an error or records) and never panics.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use scout_models::{CreatorId, Platform};
use url::Url;

use super::{bluesky, finalize, mastodon, webpage, youtube};
use crate::decode::{decode_text, TextKind};
use crate::fetch::next_link;
use crate::retry::parse_retry_after;
use crate::robots::RobotsPolicy;
use crate::urls::{bluesky_profile_actor, bluesky_search_query, parse_seed, youtube_channel_id};

const ACCOUNT: &str = include_str!("../../../tests/fixtures/mastodon/account_lookup.json");
const STATUSES: &str = include_str!("../../../tests/fixtures/mastodon/statuses_page1.json");
const CONTEXT: &str = include_str!("../../../tests/fixtures/mastodon/context.json");
const PROFILE_HTML: &str = include_str!("../../../tests/fixtures/web/profile.html");
const MICRODATA_HTML: &str = include_str!("../../../tests/fixtures/web/microdata.html");
const BSKY_PROFILE: &str = include_str!("../../../tests/fixtures/bluesky/profile.json");
const BSKY_FEED: &str = include_str!("../../../tests/fixtures/bluesky/author_feed_page1.json");
const BSKY_THREAD: &str = include_str!("../../../tests/fixtures/bluesky/post_thread.json");
const BSKY_SEARCH: &str = include_str!("../../../tests/fixtures/bluesky/search_actors_page1.json");
const YT_FEED: &str = include_str!("../../../tests/fixtures/youtube/videos.xml");
const YT_CHANNEL: &str = include_str!("../../../tests/fixtures/youtube/channel.html");

fn page_url() -> Url {
    Url::parse("https://studio.sim.example/c/alice").unwrap()
}

fn channel_url() -> Url {
    Url::parse("https://www.youtube.com/channel/UCq7dPv4cV3Bf9zJm2HkXw1A").unwrap()
}

/// Runs every extractor over one payload, using whatever parses all the way to records.
fn extract_everything(bytes: &[u8]) {
    let now = Utc.with_ymd_and_hms(2024, 6, 1, 0, 0, 0).unwrap();
    let mastodon_id = CreatorId::new(Platform::Mastodon, "alice@social.example");
    let _ = mastodon::parse_instance(bytes);
    if let Ok(account) = mastodon::parse_account(bytes) {
        let _ = account.is_opted_out();
        let _ = account.source_hash();
        let _ = mastodon::creator_from_account(&account, "social.example", &[], "u", now);
    }
    if let Ok(statuses) = mastodon::parse_statuses(bytes) {
        for status in &statuses {
            let _ = mastodon::post_from_status(status, &mastodon_id);
        }
        let _ = mastodon::reply_thread_candidates(&statuses, 3);
    }
    if let Ok(context) = mastodon::parse_context(bytes) {
        let _ = mastodon::audience_from_context(&context, "1", "2", &mastodon_id);
    }
    let _ = mastodon::parse_directory(bytes);

    let bluesky_id = CreatorId::new(Platform::Bluesky, "a.bsky.social");
    let web = Url::parse("https://bsky.app").unwrap();
    if let Ok(profile) = bluesky::parse_profile(bytes) {
        let _ = profile.is_opted_out();
        let _ = bluesky::creator_from_profile(&profile, &[], &web, "u", now);
    }
    if let Ok(page) = bluesky::parse_feed(bytes) {
        for post in bluesky::own_posts(page.items, "did:plc:4qpvm6tdkqzhp4g3ra2a6r6d") {
            let _ = bluesky::post_from_view(&post, &bluesky_id, &web);
        }
    }
    if let Ok(thread) = bluesky::parse_thread(bytes) {
        let _ = bluesky::audience_from_thread(&thread, "r", "did:plc:x", &bluesky_id);
    }
    let _ = bluesky::parse_search(bytes);

    for kind in [TextKind::Html, TextKind::Xml] {
        let _ = decode_text(bytes, Some("text/html; charset=\u{0}"), kind);
    }
    let text = decode_text(bytes, None, TextKind::Html);
    if let Ok(extract) = webpage::extract_page(&text, &page_url(), now) {
        if let Some(record) = extract.record {
            let _ = webpage::extract_posts_page(&text, &page_url(), &record.creator);
            let _ = finalize(record, 10);
        }
    }
    if let Ok(page) = youtube::parse_channel_page(&text, &channel_url(), "UCq7dPv4cV3Bf9zJm2HkXw1A")
    {
        let feed = youtube::Feed::default();
        let _ = youtube::creator_from_channel("UCx", &page, &feed, &channel_url(), now);
    }
    if let Ok(feed) = youtube::parse_feed(&text) {
        let id = CreatorId::new(Platform::Youtube, "UCx");
        for entry in &feed.entries {
            let _ = youtube::post_from_entry(entry, &id, &channel_url());
        }
    }
    let robots = RobotsPolicy::from_fetch("ScoutBot", Ok((200, bytes)));
    let _ = robots.allows(&page_url());
    let _ = robots.crawl_delay(std::time::Duration::from_secs(60));
}

/// Strings that reach the small parsers: headers, seeds, paths.
fn parse_small_inputs(text: &str) {
    let now = Utc::now();
    let _ = parse_retry_after(text, now);
    let _ = next_link(text, &page_url());
    if let Ok(url) = parse_seed(text) {
        let _ = bluesky_profile_actor(&url);
        let _ = bluesky_search_query(&url);
        let _ = youtube_channel_id(&url);
    }
}

fn mutated(fixture: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let length = fixture.len();
    (
        proptest::collection::vec((0..length, any::<u8>()), 0..8),
        0..=length,
    )
        .prop_map(move |(edits, cut)| {
            let mut bytes = fixture.as_bytes().to_vec();
            for (position, byte) in edits {
                bytes[position] = byte;
            }
            bytes.truncate(cut.max(1));
            bytes
        })
}

fn any_fixture_mutated() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        mutated(ACCOUNT),
        mutated(STATUSES),
        mutated(CONTEXT),
        mutated(PROFILE_HTML),
        mutated(MICRODATA_HTML),
        mutated(BSKY_PROFILE),
        mutated(BSKY_FEED),
        mutated(BSKY_THREAD),
        mutated(BSKY_SEARCH),
        mutated(YT_FEED),
        mutated(YT_CHANNEL),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        extract_everything(&bytes);
    }

    #[test]
    fn mutated_real_payloads_never_panic(bytes in any_fixture_mutated()) {
        extract_everything(&bytes);
    }

    #[test]
    fn markup_shaped_strings_never_panic(text in "[<>/a-z =\"'{}\\[\\]:,#@&;0-9\u{e9}\u{1F600}-]{0,400}") {
        extract_everything(text.as_bytes());
        parse_small_inputs(&text);
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        parse_small_inputs(&text);
        extract_everything(text.as_bytes());
    }
}
