//! The video site: channel pages with subscriber counts and the feed link, Atom feeds that
//! parse as XML with YouTube's namespaces and counts, watch pages and the channel directory.

use std::collections::{HashMap, HashSet};

use quick_xml::events::Event;
use quick_xml::Reader;
use reqwest::StatusCode;
use serde_json::Value;

use scout::sim::{HostKind, TruthCreator};

use super::{all_between, counter, get, head_link, hosts_of, json_ld, start, truth_by_id};

/// One element of a parsed feed: its name, attributes and text.
#[derive(Debug, Default, Clone)]
struct Element {
    name: String,
    attributes: HashMap<String, String>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|child| child.name == name)
    }

    fn all(&self, name: &str) -> Vec<&Element> {
        self.children
            .iter()
            .filter(|child| child.name == name)
            .collect()
    }

    fn path(&self, names: &[&str]) -> Option<&Element> {
        names
            .iter()
            .try_fold(self, |element, name| element.child(name))
    }
}

fn element(start: &quick_xml::events::BytesStart<'_>) -> Element {
    let attributes = start
        .attributes()
        .map(|attribute| {
            let attribute = attribute.expect("well-formed attribute");
            let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
            let value = attribute
                .unescape_value()
                .expect("attribute value")
                .into_owned();
            (key, value)
        })
        .collect();
    Element {
        name: String::from_utf8_lossy(start.name().as_ref()).into_owned(),
        attributes,
        ..Element::default()
    }
}

/// Parses a whole XML document into a tree, failing the test on any XML error.
fn parse_xml(xml: &str) -> Element {
    let mut reader = Reader::from_str(xml);
    let mut stack = vec![Element::default()];
    loop {
        match reader.read_event().expect("the feed is well-formed XML") {
            Event::Start(start) => stack.push(element(&start)),
            Event::Empty(start) => {
                let element = element(&start);
                stack.last_mut().expect("parent").children.push(element);
            }
            Event::End(_) => {
                let done = stack.pop().expect("open element");
                stack.last_mut().expect("parent").children.push(done);
            }
            Event::Text(text) => {
                let text = text.decode().expect("utf-8 text");
                stack.last_mut().expect("element").text.push_str(&text);
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref().expect("char ref") {
                    Some(character) => character.to_string(),
                    None => {
                        let name = reference.decode().expect("entity name");
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .expect("predefined entity")
                            .to_string()
                    }
                };
                stack.last_mut().expect("element").text.push_str(&resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "every element is closed");
    stack.pop().expect("document")
}

#[tokio::test]
async fn channel_pages_and_feeds_have_youtube_shapes() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let truth = truth_by_id(&world);
    let host = hosts_of(&server, HostKind::VideoSite).remove(0);
    let seeds = server.seeds();
    assert!(seeds.contains(&format!("{}/channels", host.base_url)));
    assert!(seeds
        .iter()
        .any(|seed| seed.starts_with(&format!("{}/channel/UC", host.base_url))));
    let channels: Vec<&TruthCreator> = truth
        .values()
        .filter(|creator| creator.id.starts_with("youtube:"))
        .collect();
    assert!(channels.len() > 100, "{} channels", channels.len());

    let mut views_per_subscriber = Vec::new();
    let mut likes_per_subscriber = Vec::new();
    for creator in channels.iter().take(25) {
        let channel = creator.id.trim_start_matches("youtube:");
        assert!(channel.starts_with("UC") && channel.len() == 24);
        let page = get(&client, &format!("{}/channel/{channel}", host.base_url)).await;
        assert_eq!(page.status, StatusCode::OK);
        let document: Value =
            serde_json::from_str(json_ld(&page.body).expect("JSON-LD")).expect("parses");
        assert_eq!(document["@type"], "ProfilePage");
        let person = &document["mainEntity"];
        assert_eq!(person["identifier"], channel);
        assert_eq!(
            counter(&person["interactionStatistic"], "FollowAction"),
            Some(creator.followers)
        );
        assert!(page.body.contains(&format!(
            "<meta itemprop=\"interactionCount\" content=\"{}\">",
            creator.followers
        )));
        assert!(page.body.contains("<meta property=\"og:title\""));
        let feed_url = format!("{}/feeds/videos.xml?channel_id={channel}", host.base_url);
        assert!(page.body.contains(&format!(
            "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS\" href=\"{feed_url}\">"
        )));

        let feed = get(&client, &feed_url).await;
        assert_eq!(feed.status, StatusCode::OK);
        assert!(feed.content_type().starts_with("text/xml"));
        let root = parse_xml(&feed.body);
        let feed_element = root.child("feed").expect("<feed>");
        assert_eq!(
            feed_element.attributes["xmlns"],
            "http://www.w3.org/2005/Atom"
        );
        assert_eq!(
            feed_element.attributes["xmlns:yt"],
            "http://www.youtube.com/xml/schemas/2015"
        );
        assert_eq!(
            feed_element.attributes["xmlns:media"],
            "http://search.yahoo.com/mrss/"
        );
        assert_eq!(
            feed_element.child("yt:channelId").map(|e| e.text.as_str()),
            Some(channel)
        );
        let links: HashMap<&str, &str> = feed_element
            .all("link")
            .iter()
            .map(|link| {
                (
                    link.attributes["rel"].as_str(),
                    link.attributes["href"].as_str(),
                )
            })
            .collect();
        assert_eq!(links["self"], feed_url);
        assert_eq!(
            links["alternate"],
            format!("{}/channel/{channel}", host.base_url)
        );
        assert!(feed_element
            .path(&["author", "name"])
            .is_some_and(|name| !name.text.is_empty()));
        let entries = feed_element.all("entry");
        assert!(!entries.is_empty() && entries.len() <= 15);
        let mut previous: Option<String> = None;
        for entry in &entries {
            let video = &entry.child("yt:videoId").expect("yt:videoId").text;
            assert_eq!(video.len(), 11);
            assert_eq!(
                entry.child("id").map(|id| id.text.clone()),
                Some(format!("yt:video:{video}"))
            );
            assert_eq!(
                entry.child("yt:channelId").map(|id| id.text.as_str()),
                Some(channel)
            );
            let published = entry.child("published").expect("published").text.clone();
            assert!(chrono::DateTime::parse_from_rfc3339(&published).is_ok());
            if let Some(previous) = &previous {
                assert!(published <= *previous, "newest first");
            }
            previous = Some(published);
            assert!(entry.child("updated").is_some());
            let group = entry.child("media:group").expect("media:group");
            assert!(!group.child("media:title").expect("title").text.is_empty());
            assert!(group.child("media:description").is_some());
            assert!(
                group.child("media:thumbnail").is_some() && group.child("media:content").is_some()
            );
            let rating = group
                .path(&["media:community", "media:starRating"])
                .expect("starRating");
            let likes: u64 = rating.attributes["count"].parse().expect("likes");
            assert_eq!(rating.attributes["average"], "5.00");
            let views: u64 = group
                .path(&["media:community", "media:statistics"])
                .expect("statistics")
                .attributes["views"]
                .parse()
                .expect("views");
            assert!(likes <= views);
            if !creator.fake {
                views_per_subscriber.push(views as f64 / creator.followers as f64);
                likes_per_subscriber.push(likes as f64 / creator.followers as f64);
            }
            let watch = entry.child("link").expect("link").attributes["href"].clone();
            if entries.len() < 3 || video.ends_with('A') {
                let page = get(&client, &watch).await;
                assert_eq!(page.status, StatusCode::OK);
                let ld: Value =
                    serde_json::from_str(json_ld(&page.body).expect("JSON-LD")).expect("parses");
                assert_eq!(ld["@type"], "VideoObject");
                assert_eq!(
                    counter(&ld["interactionStatistic"], "WatchAction"),
                    Some(views)
                );
            }
        }
    }
    views_per_subscriber.sort_by(f64::total_cmp);
    likes_per_subscriber.sort_by(f64::total_cmp);
    let median = |values: &[f64]| values.get(values.len() / 2).copied().unwrap_or_default();
    // DESIGN §5: views ÷ subscribers 0.1–0.3, engagement ~0.5% per subscriber (long video).
    assert!(
        (0.08..0.35).contains(&median(&views_per_subscriber)),
        "{}",
        median(&views_per_subscriber)
    );
    assert!(
        (0.002..0.012).contains(&median(&likes_per_subscriber)),
        "{}",
        median(&likes_per_subscriber)
    );

    let missing = get(
        &client,
        &format!("{}/feeds/videos.xml?channel_id=UCnothing", host.base_url),
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    server.shutdown().await;
}

#[tokio::test]
async fn the_channel_directory_reaches_every_channel_once() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let truth = truth_by_id(&world);
    let host = hosts_of(&server, HostKind::VideoSite).remove(0);
    let mut url = format!("{}/channels", host.base_url);
    let mut listed = Vec::new();
    loop {
        let page = get(&client, &url).await;
        assert_eq!(page.status, StatusCode::OK);
        listed.extend(
            all_between(&page.body, "<a href=\"/channel/", "\"")
                .into_iter()
                .map(str::to_string),
        );
        match head_link(&page.body, "next") {
            Some(next) => url = format!("{}{next}", host.base_url),
            None => break,
        }
    }
    let unique: HashSet<&String> = listed.iter().collect();
    assert_eq!(unique.len(), listed.len(), "a channel was listed twice");
    let expected: HashSet<String> = truth
        .keys()
        .filter_map(|id| id.strip_prefix("youtube:"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        unique.into_iter().cloned().collect::<HashSet<_>>(),
        expected
    );
    let creator = world
        .creators()
        .iter()
        .find(|creator| creator.channel_id().is_some())
        .expect("a channel");
    let by_handle = get(
        &client,
        &format!("{}/@{}", host.base_url, creator.username()),
    )
    .await;
    assert_eq!(by_handle.status, StatusCode::OK);
    assert!(by_handle
        .body
        .contains(creator.channel_id().unwrap_or_default()));
    server.shutdown().await;
}
