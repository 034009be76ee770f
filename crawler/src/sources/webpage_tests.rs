//! Extraction tests on saved web pages.

use super::*;
use chrono::TimeZone;
use scout_models::MediaKind;

const PROFILE: &str = include_str!("../../../tests/fixtures/web/profile.html");
const PROFILE_PAGE2: &str = include_str!("../../../tests/fixtures/web/profile_page2.html");
const MALFORMED: &str = include_str!("../../../tests/fixtures/web/malformed.html");
const OPENGRAPH: &str = include_str!("../../../tests/fixtures/web/opengraph.html");
const INDEX: &str = include_str!("../../../tests/fixtures/web/index.html");

fn url(raw: &str) -> Url {
    Url::parse(raw).unwrap()
}

fn time(raw: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(raw)
        .unwrap()
        .with_timezone(&Utc)
}

fn fetched_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, 3, 12, 0, 0).unwrap()
}

fn strings(values: &[String]) -> Vec<&str> {
    values.iter().map(String::as_str).collect()
}

#[test]
fn profile_page_json_ld_gives_the_creator() {
    let page_url = url("https://studio.sim.example/c/alice");
    let extract = extract_page(PROFILE, &page_url, fetched_at()).unwrap();
    let record = extract.record.expect("a profile");
    let creator = &record.creator;
    assert_eq!(creator.id.as_str(), "web:studio.sim.example/c/alice");
    assert_eq!(creator.platform, Platform::Web);
    assert_eq!(creator.handle, "alice.rivera");
    assert_eq!(creator.display_name.as_deref(), Some("Alice Rivera"));
    assert_eq!(
        creator.bio.as_deref(),
        Some("Home barista & latte art. Brewing guides every week.")
    );
    assert_eq!(creator.profile_url, "https://studio.sim.example/c/alice");
    assert_eq!(
        creator.avatar_url.as_deref(),
        Some("https://cdn.studio.sim.example/avatars/alice.jpg")
    );
    assert_eq!(
        strings(&creator.links),
        vec![
            "https://social.sim.example/@alice",
            "https://www.youtube.com/@alicebrews",
            "https://alicebrews.example/"
        ]
    );
    assert_eq!(creator.followers, Some(48210));
    assert_eq!(creator.following, None);
    assert_eq!(creator.post_count, Some(312));
    assert_eq!(creator.location.as_deref(), Some("Lisbon, Portugal"));
    assert_eq!(strings(&creator.languages), vec!["en", "pt"]);
    assert_eq!(
        creator.contact_email.as_deref(),
        Some("hello@alicebrews.example")
    );
    assert_eq!(creator.created_at, Some(time("2019-03-14T08:00:00Z")));
    assert!(!creator.is_bot);
    assert_eq!(
        creator.provenance.source_url,
        "https://studio.sim.example/c/alice"
    );
    assert_eq!(creator.provenance.fetched_at, fetched_at());
    assert_eq!(creator.provenance.method, "json-ld");
    assert_eq!(strings(&extract.declared_languages), vec!["en", "pt"]);
    assert_eq!(
        extract.next_page.as_ref().map(Url::as_str),
        Some("https://studio.sim.example/c/alice?page=2")
    );
    assert_eq!(
        extract.links.iter().map(Url::as_str).collect::<Vec<_>>(),
        vec![
            "https://studio.sim.example/",
            "https://studio.sim.example/creators",
            "https://studio.sim.example/c/alice/p/1001",
            "https://studio.sim.example/c/alice?page=2"
        ]
    );
}

#[test]
fn postings_in_has_part_and_graph_become_posts() {
    let page_url = url("https://studio.sim.example/c/alice");
    let record = extract_page(PROFILE, &page_url, fetched_at())
        .unwrap()
        .record
        .unwrap();
    let creator_id = CreatorId::new(Platform::Web, "studio.sim.example/c/alice");
    assert_eq!(
        record
            .posts
            .iter()
            .map(|post| post.id.as_str())
            .collect::<Vec<_>>(),
        vec!["1001", "1002", "1003"]
    );

    let flat_white = &record.posts[0];
    assert_eq!(flat_white.creator_id, creator_id);
    assert_eq!(flat_white.url, "https://studio.sim.example/c/alice/p/1001");
    assert_eq!(flat_white.published_at, Some(time("2024-05-01T07:30:00Z")));
    assert_eq!(
        flat_white.text,
        "My flat white routine at home, step by step. #LatteArt #coffee"
    );
    assert_eq!(
        strings(&flat_white.hashtags),
        vec!["coffee", "barista", "latteart"]
    );
    assert!(flat_white.mentions.is_empty());
    assert_eq!(flat_white.media_kind, Some(MediaKind::Image));
    assert_eq!(flat_white.language.as_deref(), Some("en"));
    assert_eq!(flat_white.likes, Some(1520));
    assert_eq!(flat_white.comments, Some(3));
    assert_eq!(flat_white.shares, Some(31));
    assert_eq!(flat_white.views, None);
    assert!(!flat_white.sponsored);

    let unboxing = &record.posts[1];
    assert_eq!(unboxing.url, "https://studio.sim.example/c/alice/p/1002");
    assert_eq!(unboxing.published_at, Some(time("2024-04-27T16:00:00Z")));
    assert_eq!(
        unboxing.text,
        "Unboxing my new grinder. Paid partnership with @grindco"
    );
    assert_eq!(strings(&unboxing.hashtags), vec!["ad", "grinder"]);
    assert_eq!(strings(&unboxing.mentions), vec!["grindco"]);
    assert_eq!(unboxing.media_kind, Some(MediaKind::Video));
    assert_eq!(unboxing.language.as_deref(), Some("en"));
    assert_eq!(unboxing.likes, Some(2140));
    assert_eq!(unboxing.comments, Some(0));
    assert_eq!(unboxing.shares, None);
    assert_eq!(unboxing.views, Some(98000));
    assert!(unboxing.sponsored);

    let blog = &record.posts[2];
    assert_eq!(blog.url, "https://studio.sim.example/c/alice");
    assert_eq!(blog.published_at, Some(time("2024-04-20T00:00:00Z")));
    assert_eq!(blog.text, "Why I weigh every shot");
    assert_eq!(blog.media_kind, Some(MediaKind::Text));
    assert_eq!(blog.language.as_deref(), Some("pt"));
    assert_eq!(blog.likes, Some(410));
    assert_eq!(blog.comments, None);
}

#[test]
fn commenters_become_audience_samples_without_the_creator() {
    let page_url = url("https://studio.sim.example/c/alice");
    let record = extract_page(PROFILE, &page_url, fetched_at())
        .unwrap()
        .record
        .unwrap();
    assert_eq!(
        record
            .audience
            .iter()
            .map(|sample| sample.handle.as_str())
            .collect::<Vec<_>>(),
        vec!["marta.s", "studio.sim.example/c/benk"]
    );
    let marta = &record.audience[0];
    assert_eq!(marta.creator_id.as_str(), "web:studio.sim.example/c/alice");
    assert_eq!(marta.display_name.as_deref(), Some("Marta Souza"));
    assert_eq!(marta.bio.as_deref(), Some("Coffee lover from Porto"));
    assert_eq!(marta.location.as_deref(), Some("Porto, PT"));
    assert_eq!(marta.language.as_deref(), Some("pt"));
    assert_eq!(marta.text.as_deref(), Some("Que espuma perfeita!"));
    assert_eq!(marta.followers, Some(230));
    assert_eq!(marta.following, None);
    assert!(marta.has_avatar);
    assert_eq!(marta.account_created_at, Some(time("2021-06-01T00:00:00Z")));
    assert!(!marta.is_bot);
    assert_eq!(marta.post_id.as_deref(), Some("1001"));
    assert_eq!(marta.reply_likes, Some(5), "the comment's upvoteCount");
    assert_eq!(marta.post_count, None);
    let ben = &record.audience[1];
    assert_eq!(ben.display_name.as_deref(), Some("Ben K"));
    assert_eq!(ben.text.as_deref(), Some("Nice!"));
    assert!(!ben.has_avatar);
    assert_eq!(ben.language, None);
    assert_eq!(ben.followers, None);
    assert_eq!(ben.reply_likes, None, "no upvoteCount: unknown, not zero");
}

#[test]
fn a_further_page_adds_posts_and_commenters() {
    let page_url = url("https://studio.sim.example/c/alice");
    let mut record = extract_page(PROFILE, &page_url, fetched_at())
        .unwrap()
        .record
        .unwrap();
    let page2_url = url("https://studio.sim.example/c/alice?page=2");
    let page = extract_posts_page(PROFILE_PAGE2, &page2_url, &record.creator).unwrap();
    assert_eq!(page.next_page, None);
    assert_eq!(
        page.posts
            .iter()
            .map(|post| post.id.as_str())
            .collect::<Vec<_>>(),
        vec!["0998", "1001"]
    );
    assert_eq!(strings(&page.posts[0].hashtags), vec!["cupping"]);
    let tom = &page.audience[0];
    assert_eq!(tom.handle, "tomp");
    assert_eq!(tom.location.as_deref(), Some("Leeds, UK"));
    assert_eq!(tom.followers, Some(87));
    assert_eq!(tom.post_id.as_deref(), Some("0998"));
    crate::sources::merge_into(&mut record, page.posts, page.audience);
    assert_eq!(
        record.posts.len(),
        4,
        "the repeated post 1001 is merged once"
    );
    assert_eq!(
        record.posts[0].text,
        "My flat white routine at home, step by step. #LatteArt #coffee"
    );
    assert_eq!(record.audience.len(), 3);
    assert_eq!(
        strings(&creator_languages(&["en".to_string()], &record.posts)),
        vec!["en", "pt"]
    );
}

#[test]
fn malformed_json_ld_is_an_error() {
    let error = extract_page(
        MALFORMED,
        &url("https://studio.sim.example/c/broken"),
        fetched_at(),
    )
    .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("malformed json-ld in script 0"),
        "{error}"
    );
}

#[test]
fn opengraph_profile_is_the_fallback() {
    let page_url = url("https://studio.sim.example/c/olivia");
    let extract = extract_page(OPENGRAPH, &page_url, fetched_at()).unwrap();
    let record = extract.record.expect("an OpenGraph profile");
    let creator = &record.creator;
    assert_eq!(creator.id.as_str(), "web:studio.sim.example/c/olivia");
    assert_eq!(creator.handle, "olivia.bakes");
    assert_eq!(creator.display_name.as_deref(), Some("Olivia Martin"));
    assert_eq!(
        creator.bio.as_deref(),
        Some("Pâtisserie maison et voyages gourmands. Contact : olivia.martin@patisserie.example")
    );
    assert_eq!(
        creator.contact_email.as_deref(),
        Some("olivia.martin@patisserie.example")
    );
    assert_eq!(
        creator.avatar_url.as_deref(),
        Some("https://cdn.studio.sim.example/avatars/olivia.jpg")
    );
    assert_eq!(
        strings(&creator.links),
        vec![
            "https://social.sim.example/@olivia",
            "https://www.instagram.com/olivia.bakes/"
        ]
    );
    assert_eq!(strings(&creator.languages), vec!["fr"]);
    assert_eq!(creator.followers, None);
    assert_eq!(creator.provenance.method, "opengraph");
    assert_eq!(creator.profile_url, "https://studio.sim.example/c/olivia");
    assert!(record.posts.is_empty());
    assert_eq!(
        extract.links.iter().map(Url::as_str).collect::<Vec<_>>(),
        vec!["https://studio.sim.example/creators"]
    );
}

#[test]
fn index_pages_give_same_host_links_and_no_record() {
    let page_url = url("https://studio.sim.example/creators");
    let extract = extract_page(INDEX, &page_url, fetched_at()).unwrap();
    assert!(extract.record.is_none());
    assert_eq!(
        extract.next_page.as_ref().map(Url::as_str),
        Some("https://studio.sim.example/creators?page=2")
    );
    assert_eq!(
        extract.links.iter().map(Url::as_str).collect::<Vec<_>>(),
        vec![
            "https://studio.sim.example/",
            "https://studio.sim.example/c/alice",
            "https://studio.sim.example/c/olivia",
            "https://studio.sim.example/c/broken",
            "https://studio.sim.example/private/drafts",
            "https://studio.sim.example/creators?page=2"
        ]
    );
}

#[test]
fn graph_profile_pages_and_bare_persons_are_recognised() {
    let graph = r#"<html><head><script type="application/ld+json"><!--
        {"@context": "https://schema.org", "@graph": [
          {"@type": "ProfilePage", "@id": "https://x.example/u/kim#page", "mainEntity": {"@id": "https://x.example/u/kim#me"}},
          {"@type": "Person", "@id": "https://x.example/u/kim#me", "name": "Kim", "url": "https://x.example/u/kim",
           "interactionStatistic": {"@type": "InteractionCounter", "interactionType": "http://schema.org/FollowAction", "userInteractionCount": "1,234"}}
        ]}
    --></script></head><body></body></html>"#;
    let record = extract_page(
        graph,
        &url("https://x.example/u/kim?ref=home"),
        fetched_at(),
    )
    .unwrap()
    .record
    .unwrap();
    assert_eq!(record.creator.id.as_str(), "web:x.example/u/kim");
    assert_eq!(record.creator.handle, "kim");
    assert_eq!(record.creator.followers, Some(1234));

    let bare = r#"<script type="application/ld+json">[{"@type": "Organization", "name": "Acme Bakes",
        "address": {"@type": "PostalAddress", "addressLocality": "Lyon", "addressCountry": "FR"},
        "interactionStatistic": [{"@type": "InteractionCounter", "interactionType": {"@type": "FollowAction"}, "userInteractionCount": 90}]}]</script>"#;
    let record = extract_page(bare, &url("https://www.acme.example/about/"), fetched_at())
        .unwrap()
        .record
        .unwrap();
    assert_eq!(record.creator.id.as_str(), "web:acme.example/about");
    assert_eq!(record.creator.location.as_deref(), Some("Lyon, FR"));
    assert_eq!(record.creator.followers, Some(90));

    let plain_person =
        r#"<script type="application/ld+json">{"@type": "Person", "name": "No stats"}</script>"#;
    assert!(
        extract_page(plain_person, &url("https://a.example/"), fetched_at())
            .unwrap()
            .record
            .is_none()
    );
}

#[test]
fn garbage_never_panics() {
    let page_url = url("https://a.example/x");
    for html in [
        "",
        "<html",
        "\u{0}\u{1}binary",
        r#"<script type="application/ld+json">   </script>"#,
        r#"<script type="application/ld+json">"just a string"</script>"#,
        r#"<script type="application/ld+json">{"@type": "ProfilePage", "mainEntity": 42}</script>"#,
        r#"<script type="application/ld+json">{"@type": "SocialMediaPosting", "interactionStatistic": "x", "comment": [1, {"author": []}]}</script>"#,
    ] {
        let extract = extract_page(html, &page_url, fetched_at()).unwrap();
        assert!(extract.record.is_none(), "{html}");
    }
}

const MICRODATA: &str = include_str!("../../../tests/fixtures/web/microdata.html");
const LATIN1: &[u8] = include_bytes!("../../../tests/fixtures/web/latin1.html");

#[test]
fn microdata_person_gives_the_creator_with_every_field() {
    let page_url = url("https://jonas-berger.sim.example/");
    let extract = extract_page(MICRODATA, &page_url, fetched_at()).unwrap();
    let record = extract.record.expect("a microdata profile");
    let creator = &record.creator;
    assert_eq!(creator.id.as_str(), "web:jonas-berger.sim.example");
    assert_eq!(creator.platform, Platform::Web);
    assert_eq!(creator.handle, "jonasberger");
    assert_eq!(creator.display_name.as_deref(), Some("Jonas Berger"));
    assert_eq!(
        creator.bio.as_deref(),
        Some("Bergfotografie aus den Alpen. Workshops & Touren. Anfragen: jonas [at] berger-foto (dot) example")
    );
    assert_eq!(creator.profile_url, "https://jonas-berger.sim.example/");
    assert_eq!(
        creator.avatar_url.as_deref(),
        Some("https://jonas-berger.sim.example/img/jonas-400.jpg")
    );
    assert_eq!(
        strings(&creator.links),
        vec![
            "https://www.youtube.com/@jonasberger",
            "https://social.sim.example/@jonas",
            "https://bsky.app/profile/jonasberger.bsky.social"
        ],
        "sameAs first, then rel=me"
    );
    assert_eq!(creator.followers, Some(31870));
    assert_eq!(creator.following, None);
    assert_eq!(creator.post_count, Some(486));
    assert_eq!(creator.location.as_deref(), Some("Innsbruck, Österreich"));
    assert_eq!(strings(&creator.languages), vec!["de", "en"]);
    assert_eq!(
        creator.contact_email.as_deref(),
        Some("jonas@berger-foto.example")
    );
    assert_eq!(creator.created_at, None);
    assert!(!creator.is_bot);
    assert_eq!(creator.provenance.method, "microdata");
    assert_eq!(
        creator.provenance.source_url,
        "https://jonas-berger.sim.example/"
    );

    assert_eq!(record.posts.len(), 1);
    let post = &record.posts[0];
    assert_eq!(post.id, "p-2024-10-alpengluehen");
    assert_eq!(
        post.url,
        "https://jonas-berger.sim.example/p/2024-10-alpengl%C3%BChen"
    );
    assert_eq!(post.published_at, Some(time("2024-10-12T05:15:00Z")));
    assert_eq!(
        post.text,
        "Alpenglühen am Patscherkofel #bergfotografie #alpen"
    );
    assert_eq!(strings(&post.hashtags), vec!["bergfotografie", "alpen"]);
    assert_eq!(post.media_kind, Some(MediaKind::Image));
    assert_eq!(post.language.as_deref(), Some("de"));
    assert_eq!(post.likes, Some(1204));
    assert_eq!(post.comments, Some(37));
    assert_eq!(post.shares, None);
    assert!(!post.sponsored);
}

#[test]
fn a_latin1_page_is_decoded_by_its_meta_charset() {
    let page_url = url("https://zoe.sim.example/");
    let text = crate::decode::decode_text(LATIN1, Some("text/html"), crate::decode::TextKind::Html);
    let record = extract_page(&text, &page_url, fetched_at())
        .unwrap()
        .record
        .expect("an opengraph profile");
    assert_eq!(record.creator.display_name.as_deref(), Some("Zoë Müller"));
    assert_eq!(
        record.creator.bio.as_deref(),
        Some("Français & Deutsch: Café-Kultur, Küche und Reisen à Genève.")
    );
    assert_eq!(record.creator.handle, "zoemueller");
    assert_eq!(strings(&record.creator.languages), vec!["fr"]);
}
