//! Extraction tests on a saved channel page and channel Atom feed.

use super::*;

const CHANNEL: &str = include_str!("../../../tests/fixtures/youtube/channel.html");
const FEED: &str = include_str!("../../../tests/fixtures/youtube/videos.xml");
const CHANNEL_ID: &str = "UCq7dPv4cV3Bf9zJm2HkXw1A";

fn time(raw: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(raw)
        .unwrap()
        .with_timezone(&Utc)
}

fn channel_url() -> Url {
    Url::parse(&format!("https://www.youtube.com/channel/{CHANNEL_ID}")).unwrap()
}

#[test]
fn channel_page_gives_subscribers_links_and_the_feed() {
    let page = parse_channel_page(CHANNEL, &channel_url(), CHANNEL_ID).unwrap();
    assert_eq!(page.name.as_deref(), Some("Pixel Forge"));
    assert_eq!(page.handle.as_deref(), Some("pixelforge"));
    assert_eq!(
        page.description.as_deref(),
        Some("Indie game development logs, pixel art and shader experiments. New devlog every other Monday.\nBusiness: hello@pixelforge.example")
    );
    assert_eq!(
        page.avatar.as_deref(),
        Some("https://yt3.googleusercontent.com/ytc/pixelforge-avatar=s900-c-k-c0x00ffffff-no-rj")
    );
    assert_eq!(page.subscribers, Some(184_000));
    assert_eq!(page.video_count, Some(212));
    assert_eq!(
        page.links,
        vec![
            "https://pixelforge.example/",
            "https://mastodon.gamedev.example/@pixelforge"
        ]
    );
    assert_eq!(page.location.as_deref(), Some("Montréal, Canada"));
    assert_eq!(page.languages, vec!["en", "fr"]);
    assert_eq!(page.created_at, Some(time("2016-03-09T17:41:22Z")));
    assert_eq!(
        page.feed_url.as_ref().map(Url::as_str),
        Some("https://www.youtube.com/feeds/videos.xml?channel_id=UCq7dPv4cV3Bf9zJm2HkXw1A")
    );
    let elsewhere = Url::parse(&format!("http://127.0.0.1:9/channel/{CHANNEL_ID}")).unwrap();
    let served = parse_channel_page(CHANNEL, &elsewhere, CHANNEL_ID).unwrap();
    assert_eq!(
        served.feed_url, None,
        "a feed link to another host is not followed"
    );
    assert_eq!(
        default_feed_url(&elsewhere, CHANNEL_ID).unwrap().as_str(),
        "http://127.0.0.1:9/feeds/videos.xml?channel_id=UCq7dPv4cV3Bf9zJm2HkXw1A"
    );
}

#[test]
fn microdata_and_meta_subscriber_counts_are_read_too() {
    let html = r#"<html><head>
      <meta property="og:title" content="Tiny Channel">
      <meta itemprop="interactionCount" content="UserSubscribes:1,234">
      </head><body></body></html>"#;
    let page = parse_channel_page(html, &channel_url(), CHANNEL_ID).unwrap();
    assert_eq!(page.name.as_deref(), Some("Tiny Channel"));
    assert_eq!(page.subscribers, Some(1234));
    assert_eq!(page.handle, None);
    let microdata = r#"<html><body><div itemscope itemtype="http://schema.org/Person">
      <span itemprop="name">Micro Channel</span>
      <div itemprop="interactionStatistic" itemscope itemtype="http://schema.org/InteractionCounter">
        <meta itemprop="interactionType" content="http://schema.org/SubscribeAction">
        <meta itemprop="userInteractionCount" content="5120">
      </div></div></body></html>"#;
    let page = parse_channel_page(microdata, &channel_url(), CHANNEL_ID).unwrap();
    assert_eq!(page.name.as_deref(), Some("Micro Channel"));
    assert_eq!(page.subscribers, Some(5120));
}

#[test]
fn feed_entries_carry_every_field() {
    let feed = parse_feed(FEED).unwrap();
    assert_eq!(feed.channel_id.as_deref(), Some("q7dPv4cV3Bf9zJm2HkXw1A"));
    assert_eq!(feed.title.as_deref(), Some("Pixel Forge"));
    assert_eq!(feed.author_name.as_deref(), Some("Pixel Forge"));
    assert_eq!(
        feed.author_uri.as_deref(),
        Some("https://www.youtube.com/channel/UCq7dPv4cV3Bf9zJm2HkXw1A")
    );
    assert_eq!(feed.published, Some(time("2016-03-09T17:41:22Z")));
    assert_eq!(feed.entries.len(), 3);
    let devlog = &feed.entries[0];
    assert_eq!(devlog.video_id, "Xk3qP9vT2aE");
    assert_eq!(
        devlog.title.as_deref(),
        Some("Devlog #42: Procedural caves & lighting")
    );
    assert_eq!(
        devlog.link.as_deref(),
        Some("https://www.youtube.com/watch?v=Xk3qP9vT2aE")
    );
    assert_eq!(devlog.published, Some(time("2024-10-28T16:00:06Z")));
    assert_eq!(devlog.updated, Some(time("2024-10-30T02:11:45Z")));
    assert_eq!(devlog.media_title, devlog.title);
    assert_eq!(
        devlog.description.as_deref(),
        Some("Caves are finally in! Marching squares, light propagation and a lot of bugs.\nThanks @tilesetguild for the sprites.\n#gamedev #indiedev #pixelart")
    );
    assert_eq!(
        devlog.thumbnail.as_deref(),
        Some("https://i3.ytimg.com/vi/Xk3qP9vT2aE/hqdefault.jpg")
    );
    assert_eq!(devlog.likes, Some(8412));
    assert_eq!(devlog.views, Some(121_877));
    assert_eq!(
        feed.entries[1].description.as_deref(),
        Some("This video is sponsored by NovaPad. #ad <3")
    );
    assert_eq!(feed.entries[2].description, None);
    assert_eq!(feed.entries[2].likes, Some(0));
}

#[test]
fn channel_and_feed_become_a_record() {
    let page = parse_channel_page(CHANNEL, &channel_url(), CHANNEL_ID).unwrap();
    let feed = parse_feed(FEED).unwrap();
    let fetched_at = time("2024-11-01T00:00:00Z");
    let creator = creator_from_channel(CHANNEL_ID, &page, &feed, &channel_url(), fetched_at);
    assert_eq!(creator.id.as_str(), "youtube:UCq7dPv4cV3Bf9zJm2HkXw1A");
    assert_eq!(creator.platform, Platform::Youtube);
    assert_eq!(creator.handle, "pixelforge");
    assert_eq!(creator.display_name.as_deref(), Some("Pixel Forge"));
    assert_eq!(creator.bio, page.description);
    assert_eq!(creator.profile_url, channel_url().as_str());
    assert_eq!(creator.avatar_url, page.avatar);
    assert_eq!(creator.links, page.links);
    assert_eq!(creator.followers, Some(184_000));
    assert_eq!(creator.following, None);
    assert_eq!(creator.post_count, Some(212));
    assert_eq!(creator.location.as_deref(), Some("Montréal, Canada"));
    assert_eq!(creator.languages, vec!["en", "fr"]);
    assert_eq!(
        creator.contact_email.as_deref(),
        Some("hello@pixelforge.example")
    );
    assert_eq!(creator.created_at, Some(time("2016-03-09T17:41:22Z")));
    assert!(!creator.is_bot);
    assert_eq!(creator.provenance.method, "youtube-feed");
    assert_eq!(creator.provenance.fetched_at, fetched_at);

    let posts: Vec<Post> = feed
        .entries
        .iter()
        .map(|entry| post_from_entry(entry, &creator.id, &channel_url()))
        .collect();
    let devlog = &posts[0];
    assert_eq!(devlog.id, "Xk3qP9vT2aE");
    assert_eq!(devlog.creator_id, creator.id);
    assert_eq!(devlog.url, "https://www.youtube.com/watch?v=Xk3qP9vT2aE");
    assert_eq!(devlog.published_at, Some(time("2024-10-28T16:00:06Z")));
    assert!(devlog
        .text
        .starts_with("Devlog #42: Procedural caves & lighting\n\nCaves are finally in!"));
    assert_eq!(
        devlog.hashtags,
        vec!["gamedev", "indiedev", "pixelart"],
        "#42 is no tag"
    );
    assert_eq!(devlog.mentions, vec!["tilesetguild"]);
    assert_eq!(devlog.media_kind, Some(MediaKind::Video));
    assert_eq!(devlog.language, None);
    assert_eq!(devlog.likes, Some(8412));
    assert_eq!(devlog.comments, None);
    assert_eq!(devlog.shares, None);
    assert_eq!(devlog.views, Some(121_877));
    assert!(!devlog.sponsored);
    assert!(posts[1].sponsored);
    assert_eq!(posts[1].hashtags, vec!["ad"]);
    assert_eq!(posts[2].text, "Shorts: 10 seconds of water shaders");
    assert_eq!(posts[2].url, "https://www.youtube.com/shorts/Qe0Rj4m9LkY");
}

#[test]
fn anything_but_an_atom_feed_is_an_error() {
    assert!(parse_feed("").is_err());
    assert!(parse_feed("<html><body>hi</body></html>").is_err());
    assert!(parse_feed("<rss version=\"2.0\"><channel/></rss>").is_err());
    assert!(parse_feed("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>").is_err());
    assert!(
        parse_feed("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</titel></feed>").is_err()
    );
    assert!(parse_feed("<feed xmlns=\"http://www.w3.org/2005/Atom\">&bogus;</feed>").is_err());
    let deep = format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\">{}{}</feed>",
        "<a>".repeat(100),
        "</a>".repeat(100)
    );
    assert!(parse_feed(&deep).is_err());
    let empty = parse_feed(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>no id</title></entry></feed>",
    )
    .unwrap();
    assert!(
        empty.entries.is_empty(),
        "entries without a video id are skipped"
    );
}
