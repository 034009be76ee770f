//! Extraction tests on saved Bluesky AppView payloads.

use super::*;

const PROFILE: &str = include_str!("../../../tests/fixtures/bluesky/profile.json");
const FEED_PAGE1: &str = include_str!("../../../tests/fixtures/bluesky/author_feed_page1.json");
const FEED_PAGE2: &str = include_str!("../../../tests/fixtures/bluesky/author_feed_page2.json");
const THREAD: &str = include_str!("../../../tests/fixtures/bluesky/post_thread.json");
const SEARCH_PAGE1: &str = include_str!("../../../tests/fixtures/bluesky/search_actors_page1.json");
const SEARCH_PAGE2: &str = include_str!("../../../tests/fixtures/bluesky/search_actors_page2.json");
const PROFILES: &str = include_str!("../../../tests/fixtures/bluesky/profiles.json");

const MIRA_DID: &str = "did:plc:4qpvm6tdkqzhp4g3ra2a6r6d";

fn time(raw: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(raw)
        .unwrap()
        .with_timezone(&Utc)
}

fn web() -> Url {
    Url::parse("https://bsky.app").unwrap()
}

fn mira_id() -> CreatorId {
    CreatorId::new(Platform::Bluesky, "mira.bsky.social")
}

fn posts() -> Vec<Post> {
    let mut views = own_posts(parse_feed(FEED_PAGE1.as_bytes()).unwrap().items, MIRA_DID);
    views.extend(own_posts(
        parse_feed(FEED_PAGE2.as_bytes()).unwrap().items,
        MIRA_DID,
    ));
    views
        .iter()
        .map(|view| post_from_view(view, &mira_id(), &web()))
        .collect()
}

#[test]
fn profile_becomes_a_creator_with_every_field() {
    let profile = parse_profile(PROFILE.as_bytes()).unwrap();
    assert!(!profile.is_opted_out());
    let source =
        "https://public.api.bsky.app/xrpc/app.bsky.actor.getProfile?actor=mira.bsky.social";
    let fetched_at = time("2024-11-03T00:00:00Z");
    let creator = creator_from_profile(&profile, &posts(), &web(), source, fetched_at);
    assert_eq!(creator.id.as_str(), "bluesky:mira.bsky.social");
    assert_eq!(creator.platform, Platform::Bluesky);
    assert_eq!(creator.handle, "mira.bsky.social");
    assert_eq!(creator.display_name.as_deref(), Some("Mira Okonkwo 🌿"));
    assert_eq!(
        creator.bio.as_deref(),
        Some("Plant-based cooking in a tiny Lisbon kitchen 🇵🇹\nWeeknight recipes, zero-waste tips.\nCollabs: mira.cooks@example.pt\nhttps://miracooks.example/links")
    );
    assert_eq!(
        creator.profile_url,
        "https://bsky.app/profile/mira.bsky.social"
    );
    assert_eq!(
        creator.avatar_url.as_deref(),
        Some("https://cdn.bsky.app/img/avatar/plain/did:plc:4qpvm6tdkqzhp4g3ra2a6r6d/bafkreihb5ykq2l7sjm3vrp2mg5vxkqz5kfdz4qfdlr7lwjuqg2q3kq5gwe@jpeg")
    );
    assert_eq!(creator.links, vec!["https://miracooks.example/links"]);
    assert_eq!(creator.followers, Some(23814));
    assert_eq!(creator.following, Some(412));
    assert_eq!(creator.post_count, Some(1290));
    assert_eq!(creator.location, None);
    assert_eq!(creator.languages, vec!["en", "pt"]);
    assert_eq!(
        creator.contact_email.as_deref(),
        Some("mira.cooks@example.pt")
    );
    assert_eq!(creator.created_at, Some(time("2023-05-14T18:22:41.107Z")));
    assert!(!creator.is_bot);
    assert_eq!(creator.provenance.source_url, source);
    assert_eq!(creator.provenance.fetched_at, fetched_at);
    assert_eq!(creator.provenance.method, "bluesky-xrpc");
    assert_eq!(profile.source_hash().len(), 64);
    let mut grown = profile.clone();
    grown.followers_count = Some(23815);
    assert_ne!(grown.source_hash(), profile.source_hash());
}

#[test]
fn author_feed_pages_give_own_posts_with_every_field() {
    let page1 = parse_feed(FEED_PAGE1.as_bytes()).unwrap();
    assert_eq!(page1.items.len(), 4);
    assert_eq!(page1.cursor.as_deref(), Some("2024-10-30T07:00:00.000Z"));
    let page2 = parse_feed(FEED_PAGE2.as_bytes()).unwrap();
    assert_eq!(page2.cursor, None);
    let posts = posts();
    assert_eq!(
        posts
            .iter()
            .map(|post| post.id.as_str())
            .collect::<Vec<_>>(),
        vec!["3lbq2tzkxcs2a", "3lbnw5oxk4k2c", "3lbkx4ayvlc2e"],
        "the repost and the reply are left out"
    );
    let traybake = &posts[0];
    assert_eq!(traybake.creator_id, mira_id());
    assert_eq!(
        traybake.url,
        "https://bsky.app/profile/mira.bsky.social/post/3lbq2tzkxcs2a"
    );
    assert_eq!(
        traybake.published_at,
        Some(time("2024-11-01T18:04:12.512Z"))
    );
    assert_eq!(
        traybake.text,
        "Crispy chickpea traybake in 25 minutes 🥘 recipe with @joao.bsky.social's spice mix → miracooks.example/traybake #vegan #weeknight"
    );
    assert_eq!(traybake.hashtags, vec!["vegan", "weeknight"]);
    assert_eq!(traybake.mentions, vec!["joao.bsky.social"]);
    assert_eq!(traybake.media_kind, Some(MediaKind::Image));
    assert_eq!(traybake.language.as_deref(), Some("en"));
    assert_eq!(traybake.likes, Some(612));
    assert_eq!(traybake.comments, Some(4));
    assert_eq!(traybake.shares, Some(34), "reposts plus quotes");
    assert_eq!(traybake.views, None);
    assert!(!traybake.sponsored);

    let soup = &posts[1];
    assert_eq!(soup.hashtags, vec!["zerodesperdicio", "receita"]);
    assert_eq!(soup.media_kind, Some(MediaKind::Video));
    assert_eq!(soup.language.as_deref(), Some("pt"));
    assert_eq!(soup.shares, Some(9));
    assert!(soup.mentions.is_empty());

    let pantry = &posts[2];
    assert!(pantry.sponsored);
    assert_eq!(pantry.hashtags, vec!["ad"]);
    assert_eq!(pantry.mentions, vec!["greenpantry.example"]);
    assert_eq!(
        pantry.media_kind,
        Some(MediaKind::Image),
        "record with media"
    );
    assert_eq!(pantry.shares, Some(6));
}

#[test]
fn thread_replies_become_audience_samples() {
    let thread = parse_thread(THREAD.as_bytes()).unwrap();
    let samples = audience_from_thread(&thread, "3lbq2tzkxcs2a", MIRA_DID, &mira_id());
    assert_eq!(
        samples
            .iter()
            .map(|sample| sample.handle.as_str())
            .collect::<Vec<_>>(),
        vec![
            "joao.bsky.social",
            "deals4u-2291.bsky.social",
            "lena.bsky.social"
        ],
        "direct replies first, the creator's own reply and missing posts skipped"
    );
    let joao = &samples[0];
    assert_eq!(joao.creator_id, mira_id());
    assert_eq!(joao.display_name.as_deref(), Some("João Martins"));
    assert_eq!(joao.bio, None);
    assert_eq!(joao.location, None);
    assert_eq!(joao.language.as_deref(), Some("pt"));
    assert_eq!(
        joao.text.as_deref(),
        Some("Que bom! Fiz ontem e ficou ótimo 😍")
    );
    assert_eq!(joao.followers, None);
    assert_eq!(joao.following, None);
    assert!(joao.has_avatar);
    assert_eq!(
        joao.account_created_at,
        Some(time("2023-07-02T21:15:09.331Z"))
    );
    assert!(!joao.is_bot);
    assert_eq!(joao.post_id.as_deref(), Some("3lbq2tzkxcs2a"));
    assert_eq!(joao.reply_likes, Some(4), "the reply's likeCount");
    assert_eq!(joao.post_count, None, "author views carry no counts");
    let spam = &samples[1];
    assert_eq!(spam.reply_likes, Some(0));
    assert_eq!(spam.display_name, None);
    assert!(!spam.has_avatar);
    assert_eq!(spam.language, None);
    assert_eq!(spam.account_created_at, Some(time("2024-10-29T23:59:00Z")));
    let lena = &samples[2];
    assert_eq!(lena.language.as_deref(), Some("en"));
    assert_eq!(
        lena.text.as_deref(),
        Some("Trying this tonight, thanks both!")
    );
}

#[test]
fn search_pages_list_actors_and_flag_opted_out_ones() {
    let page1 = parse_search(SEARCH_PAGE1.as_bytes()).unwrap();
    assert_eq!(page1.cursor.as_deref(), Some("3"));
    assert_eq!(
        page1
            .actors
            .iter()
            .map(|actor| actor.handle.as_str())
            .collect::<Vec<_>>(),
        vec!["mira.bsky.social", "sol.kitchen", "hidden.bsky.social"]
    );
    assert_eq!(
        page1
            .actors
            .iter()
            .map(Profile::is_opted_out)
            .collect::<Vec<_>>(),
        vec![false, false, true]
    );
    assert_eq!(
        page1.actors[1].description.as_deref(),
        Some("Vegan baking from Porto")
    );
    assert_eq!(page1.actors[1].followers_count, None);
    let page2 = parse_search(SEARCH_PAGE2.as_bytes()).unwrap();
    assert_eq!(page2.cursor, None);
    assert_eq!(page2.actors.len(), 1);
    assert_eq!(page2.actors[0].avatar, None);
}

#[test]
fn ids_fall_back_to_the_did_and_malformed_payloads_are_errors() {
    assert_eq!(
        creator_id("Mira.Bsky.Social", MIRA_DID).as_str(),
        "bluesky:mira.bsky.social"
    );
    assert_eq!(
        creator_id("handle.invalid", MIRA_DID).as_str(),
        "bluesky:did:plc:4qpvm6tdkqzhp4g3ra2a6r6d"
    );
    assert!(parse_profile(b"{\"did\": 1}").is_err());
    assert!(parse_profile(br#"{"error":"InvalidRequest","message":"Profile not found"}"#).is_err());
    assert!(parse_feed(b"[]").is_err());
    assert!(parse_search(b"{}").is_err());
    assert!(parse_thread(br#"{"thread": null}"#).is_err());
    let odd = parse_feed(br#"{"feed": [{"post": 3}, {"post": {"uri": "at://d/app.bsky.feed.post/x", "author": {"did": "d", "handle": "h.example"}}}]}"#).unwrap();
    assert_eq!(odd.items.len(), 1, "one bad entry is skipped, not the page");
    let post = post_from_view(&odd.items[0].post, &mira_id(), &web());
    assert_eq!(post.id, "x");
    assert_eq!(post.text, "");
    assert_eq!(post.shares, None);
    assert_eq!(post.media_kind, Some(MediaKind::Text));
    let bad_facet: PostView = serde_json::from_value(serde_json::json!({
        "uri": "at://d/app.bsky.feed.post/y",
        "author": {"did": "d", "handle": "h.example"},
        "record": {"text": "é", "facets": [{"index": {"byteStart": 1, "byteEnd": 99},
            "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "x"}]}]}
    }))
    .unwrap();
    assert!(post_from_view(&bad_facet, &mira_id(), &web())
        .mentions
        .is_empty());
}

#[test]
fn commenter_profiles_complete_the_thread_samples() {
    let thread = parse_thread(THREAD.as_bytes()).unwrap();
    let mut samples = audience_from_thread(&thread, "3lbq2tzkxcs2a", MIRA_DID, &mira_id());
    let profiles = parse_profiles(PROFILES.as_bytes()).unwrap();
    assert_eq!(profiles.len(), 2, "a profile without a did is skipped");
    complete_samples(&mut samples, &profiles);
    let joao = &samples[0];
    assert_eq!(joao.handle, "joao.bsky.social");
    assert_eq!(joao.followers, Some(214));
    assert_eq!(joao.following, Some(301));
    assert_eq!(
        joao.bio.as_deref(),
        Some("pai de dois · cozinha de domingo")
    );
    assert_eq!(joao.location.as_deref(), Some("Porto, Portugal"));
    assert_eq!((joao.post_count, joao.reply_likes), (Some(420), Some(4)));
    let spam = &samples[1];
    assert_eq!(spam.post_count, Some(12));
    assert_eq!(spam.followers, Some(3));
    assert_eq!(spam.following, Some(4_812));
    assert_eq!(spam.bio, None, "an empty description is no bio");
    assert_eq!(spam.location, None);
    // No profile came back for lena: her sample stays as the thread showed it.
    let lena = &samples[2];
    assert_eq!(
        (lena.followers, lena.following, lena.bio.as_deref()),
        (None, None, None)
    );
    assert_eq!((lena.post_count, lena.reply_likes), (None, Some(1)));
    assert!(parse_profiles(b"{\"actors\":[]}").is_err());
}
