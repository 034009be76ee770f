//! Extraction tests on saved Mastodon 4.x payloads.

use super::*;

const INSTANCE: &str = include_str!("../../../tests/fixtures/mastodon/instance.json");
const ACCOUNT: &str = include_str!("../../../tests/fixtures/mastodon/account_lookup.json");
const STATUSES_PAGE1: &str = include_str!("../../../tests/fixtures/mastodon/statuses_page1.json");
const STATUSES_PAGE2: &str = include_str!("../../../tests/fixtures/mastodon/statuses_page2.json");
const CONTEXT: &str = include_str!("../../../tests/fixtures/mastodon/context.json");
const DIRECTORY: &str = include_str!("../../../tests/fixtures/mastodon/directory.json");

/// The `Link` header a real server sends with the first statuses page (see tests/crawl.rs).
const PAGE1_LINK: &str = "<https://social.sim.example/api/v1/accounts/109302211436195543/statuses?exclude_replies=true&limit=40&max_id=112320000000000003>; rel=\"next\", <https://social.sim.example/api/v1/accounts/109302211436195543/statuses?exclude_replies=true&limit=40&min_id=112345678901234567>; rel=\"prev\"";

fn time(raw: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(raw)
        .unwrap()
        .with_timezone(&Utc)
}

fn statuses() -> Vec<Status> {
    let mut all = parse_statuses(STATUSES_PAGE1.as_bytes()).unwrap();
    all.extend(parse_statuses(STATUSES_PAGE2.as_bytes()).unwrap());
    own_statuses(all, 60)
}

#[test]
fn instance_gives_the_local_domain() {
    let info = parse_instance(INSTANCE.as_bytes()).unwrap();
    assert_eq!(
        info,
        InstanceInfo {
            local_domain: "social.sim.example".to_string(),
            title: Some("Social Sim".to_string()),
            version: "4.2.10".to_string(),
        }
    );
    assert!(parse_instance(b"<html>not mastodon</html>").is_err());
    assert!(parse_instance(br#"{"title": "no uri"}"#).is_err());
    assert!(parse_instance(br#"{"uri": "", "version": "4.2.0"}"#).is_err());
    let pleroma = parse_instance(
        br#"{"uri": "https://Pl.Example/", "version": "2.7.2 (compatible; Pleroma 2.5.0)"}"#,
    )
    .unwrap();
    assert_eq!(pleroma.local_domain, "pl.example");
}

#[test]
fn account_becomes_a_creator_with_every_field() {
    let account = parse_account(ACCOUNT.as_bytes()).unwrap();
    let fetched_at = time("2024-05-03T00:00:00Z");
    let source = "https://social.sim.example/api/v1/accounts/lookup?acct=alice";
    let creator = creator_from_account(
        &account,
        "social.sim.example",
        &statuses(),
        source,
        fetched_at,
    );
    assert_eq!(creator.id.as_str(), "mastodon:alice@social.sim.example");
    assert_eq!(creator.platform, Platform::Mastodon);
    assert_eq!(creator.handle, "alice@social.sim.example");
    assert_eq!(creator.display_name.as_deref(), Some("Alice Rivera ☕"));
    assert_eq!(
        creator.bio.as_deref(),
        Some("Home barista, latte art & slow mornings.\nNew brew guide every Friday.\n\nCollabs: hello@alicebrews.example · cc @grindco")
    );
    assert_eq!(creator.profile_url, "https://social.sim.example/@alice");
    assert_eq!(
        creator.avatar_url.as_deref(),
        Some("https://files.social.sim.example/accounts/avatars/109/302/211/436/195/543/original/7d0c2f5ae1b0a1f3.jpg")
    );
    assert_eq!(
        creator.links,
        vec![
            "https://alicebrews.example",
            "https://www.youtube.com/@alicebrews"
        ]
    );
    assert_eq!(creator.followers, Some(12840));
    assert_eq!(creator.following, Some(312));
    assert_eq!(creator.post_count, Some(1045));
    assert_eq!(creator.location, None);
    assert_eq!(creator.languages, vec!["en", "de"]);
    assert_eq!(
        creator.contact_email.as_deref(),
        Some("hello@alicebrews.example")
    );
    assert_eq!(creator.created_at, Some(time("2022-11-08T00:00:00Z")));
    assert!(!creator.is_bot);
    assert_eq!(creator.provenance.source_url, source);
    assert_eq!(creator.provenance.fetched_at, fetched_at);
    assert_eq!(creator.provenance.method, "mastodon-api");
}

#[test]
fn local_domain_may_differ_from_the_api_host_and_remote_accts_keep_theirs() {
    let mut account = parse_account(ACCOUNT.as_bytes()).unwrap();
    assert_eq!(
        creator_id(&account, "Sim.Example").as_str(),
        "mastodon:alice@sim.example"
    );
    account.acct = "Alice@Elsewhere.example".to_string();
    assert_eq!(
        full_handle(&account, "sim.example"),
        "Alice@Elsewhere.example"
    );
    assert_eq!(
        creator_id(&account, "sim.example").as_str(),
        "mastodon:alice@elsewhere.example"
    );
}

#[test]
fn statuses_become_posts_and_boosts_are_dropped() {
    let own = statuses();
    assert_eq!(
        own.iter()
            .map(|status| status.id.as_str())
            .collect::<Vec<_>>(),
        vec![
            "112345678901234567",
            "112340000000000001",
            "112320000000000003",
            "112310000000000004"
        ]
    );
    let creator = CreatorId::new(Platform::Mastodon, "alice@social.sim.example");
    let posts: Vec<Post> = own
        .iter()
        .map(|status| post_from_status(status, &creator))
        .collect();

    let first = &posts[0];
    assert_eq!(first.id, "112345678901234567");
    assert_eq!(first.creator_id, creator);
    assert_eq!(
        first.url,
        "https://social.sim.example/@alice/112345678901234567"
    );
    assert_eq!(first.published_at, Some(time("2024-05-02T09:15:12.408Z")));
    assert_eq!(
        first.text,
        "Morning espresso ritual ☕ New V60 recipe is up on the blog! #coffee #Barista"
    );
    assert_eq!(first.hashtags, vec!["coffee", "barista"]);
    assert!(first.mentions.is_empty());
    assert_eq!(first.media_kind, Some(MediaKind::Image));
    assert_eq!(first.language.as_deref(), Some("en"));
    assert_eq!(first.likes, Some(87));
    assert_eq!(first.comments, Some(4));
    assert_eq!(first.shares, Some(12));
    assert_eq!(first.views, None);
    assert!(!first.sponsored);

    let german = &posts[1];
    assert_eq!(
        german.text,
        "Anzeige: Meine neue Mühle von @grindco ist da! #Kaffee"
    );
    assert_eq!(german.hashtags, vec!["kaffee"]);
    assert_eq!(german.mentions, vec!["grindco"]);
    assert_eq!(german.media_kind, Some(MediaKind::Video));
    assert_eq!(german.language.as_deref(), Some("de"));
    assert!(german.sponsored, "the Anzeige label marks a paid post");

    let text_only = &posts[2];
    assert_eq!(
        text_only.text,
        "Three things I wish I knew before buying my first espresso machine.\n\n1. Grinder first\n2. Scale second\n3. Patience"
    );
    assert_eq!(text_only.media_kind, Some(MediaKind::Text));
    assert_eq!(text_only.comments, Some(0));
    assert!(!text_only.sponsored);

    let tagged_ad = &posts[3];
    assert_eq!(tagged_ad.hashtags, vec!["ad", "oatmilk"]);
    assert!(tagged_ad.sponsored, "#ad marks a paid post");
}

#[test]
fn the_most_replied_statuses_are_sampled() {
    let own = statuses();
    let picked: Vec<&str> = reply_thread_candidates(&own, 3)
        .iter()
        .map(|status| status.id.as_str())
        .collect();
    assert_eq!(
        picked,
        vec![
            "112345678901234567",
            "112340000000000001",
            "112310000000000004"
        ]
    );
    assert_eq!(reply_thread_candidates(&own, 1).len(), 1);
}

#[test]
fn replies_become_audience_samples_without_the_creator_and_without_repeats() {
    let context = parse_context(CONTEXT.as_bytes()).unwrap();
    let creator = CreatorId::new(Platform::Mastodon, "alice@social.sim.example");
    let samples = audience_from_context(
        &context,
        "112345678901234567",
        "109302211436195543",
        &creator,
    );
    assert_eq!(
        samples
            .iter()
            .map(|sample| sample.handle.as_str())
            .collect::<Vec<_>>(),
        vec![
            "bob",
            "carla@cafe.other.example",
            "promo4u@spam.other.example"
        ]
    );
    let bob = &samples[0];
    assert_eq!(bob.creator_id, creator);
    assert_eq!(bob.display_name.as_deref(), Some("Bob Martins"));
    assert_eq!(
        bob.bio.as_deref(),
        Some("Dad, runner, decaf sceptic. Lisbon.")
    );
    assert_eq!(bob.location, None);
    assert_eq!(bob.language.as_deref(), Some("en"));
    assert_eq!(
        bob.text.as_deref(),
        Some("@alice that crema looks perfect! What beans?")
    );
    assert_eq!(bob.followers, Some(210));
    assert_eq!(bob.following, Some(380));
    assert!(bob.has_avatar);
    assert_eq!(bob.account_created_at, Some(time("2023-01-15T00:00:00Z")));
    assert!(!bob.is_bot);
    assert_eq!(bob.post_id.as_deref(), Some("112345678901234567"));
    // The likes of bob's first reply, not of his later one; his account's statuses.
    assert_eq!(bob.reply_likes, Some(3));
    assert_eq!(bob.post_count, Some(1200));

    let carla = &samples[1];
    assert_eq!(carla.language.as_deref(), Some("pt"));
    assert_eq!(
        carla.text.as_deref(),
        Some("@alice Que espuma perfeita! Adorei a receita.")
    );
    assert!(!carla.has_avatar, "the default avatar is missing.png");
    assert_eq!(carla.following, Some(1500));

    let spam = &samples[2];
    assert!(spam.is_bot);
    assert_eq!(spam.display_name, None);
    assert_eq!(spam.bio, None);
    assert_eq!(spam.language, None);
    assert_eq!(spam.followers, Some(0));
    assert_eq!(spam.reply_likes, Some(0));
    assert_eq!(spam.post_count, Some(3));
    assert_eq!((carla.reply_likes, carla.post_count), (Some(4), Some(42)));
}

#[test]
fn directory_lists_accounts() {
    let accounts = parse_directory(DIRECTORY.as_bytes()).unwrap();
    assert_eq!(
        accounts
            .iter()
            .map(|account| account.username.as_str())
            .collect::<Vec<_>>(),
        vec!["alice", "dave", "brewnews", "quietroast"]
    );
    assert_eq!(
        accounts
            .iter()
            .map(Account::is_opted_out)
            .collect::<Vec<_>>(),
        vec![false, false, true, true],
        "the bot and the noindex account are not indexed"
    );
    let mut hidden = accounts[0].clone();
    hidden.discoverable = Some(false);
    assert!(hidden.is_opted_out());
    hidden.discoverable = None;
    assert!(!hidden.is_opted_out(), "unset means not opted out");
    assert_eq!(accounts[0].source_hash(), accounts[0].clone().source_hash());
    assert_ne!(accounts[0].source_hash(), accounts[1].source_hash());
    let dave = creator_from_account(
        &accounts[1],
        "social.sim.example",
        &[],
        "https://social.sim.example/api/v1/directory",
        time("2024-05-03T00:00:00Z"),
    );
    assert_eq!(dave.id.as_str(), "mastodon:dave@social.sim.example");
    assert_eq!(
        dave.contact_email.as_deref(),
        Some("dave.latte@example.org")
    );
    assert_eq!(dave.links, vec!["https://daveslatte.example/"]);
    assert!(dave.languages.is_empty());
}

#[test]
fn the_link_header_of_the_first_page_points_to_older_statuses() {
    let base =
        url::Url::parse("https://social.sim.example/api/v1/accounts/109302211436195543/statuses")
            .unwrap();
    let next = crate::fetch::next_link(PAGE1_LINK, &base).unwrap();
    assert_eq!(
        next.query_pairs()
            .find(|(key, _)| key == "max_id")
            .unwrap()
            .1,
        "112320000000000003"
    );
}

#[test]
fn malformed_payloads_are_errors_not_panics() {
    assert!(parse_account(b"{\"id\": 1").is_err());
    assert!(parse_account(br#"{"id": "1"}"#).is_err());
    assert!(parse_statuses(br#"{"error": "Record not found"}"#).is_err());
    assert!(parse_context(b"[]").is_err());
    assert!(parse_directory(b"").is_err());
    let numeric =
        parse_account(br#"{"id": 42, "username": "x", "acct": "x", "followers_count": -1}"#)
            .unwrap();
    assert_eq!(numeric.id, "42");
    let creator = creator_from_account(
        &numeric,
        "a.example",
        &[],
        "u",
        time("2024-01-01T00:00:00Z"),
    );
    assert_eq!(creator.followers, None);
    assert_eq!(creator.profile_url, "https://a.example/@x");
}
