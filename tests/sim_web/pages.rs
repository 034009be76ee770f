//! The creator sites: directory paging, `ProfilePage` JSON-LD, malformed pages and the
//! `rel=me` / `sameAs` links between a person's two accounts.

use std::collections::{HashMap, HashSet};

use reqwest::StatusCode;
use serde_json::Value;

use scout::sim::{HostKind, Truth, VirtualHostInfo};

use super::{
    all_between, counter, get, head_link, host_position, hosts_of, is_mastodon_time, json_array,
    json_ld, start, truth_by_id, usernames_on,
};

#[tokio::test]
async fn web_directory_paging_reaches_every_web_creator() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let truth: HashSet<String> = world
        .truth()
        .creators
        .into_iter()
        .map(|creator| creator.id)
        .collect();
    for host in hosts_of(&server, HostKind::CreatorSite) {
        let position = host_position(&server, &host);
        let expected: HashSet<String> = usernames_on(&world, position).into_iter().collect();
        let mut found: Vec<String> = Vec::new();
        let mut url = Some(format!("{}/", host.base_url));
        while let Some(next) = url.take() {
            let page = get(&client, &next).await;
            assert_eq!(page.status, StatusCode::OK);
            assert!(page.content_type().starts_with("text/html"));
            let links: Vec<String> = all_between(&page.body, "href=\"/c/", "\"")
                .into_iter()
                .map(String::from)
                .collect();
            assert!(links.len() <= 25);
            found.extend(links);
            let head_next = head_link(&page.body, "next");
            let anchor_next = all_between(&page.body, "<a rel=\"next\" href=\"", "\"")
                .first()
                .map(|href| href.to_string());
            assert_eq!(
                head_next, anchor_next,
                "<link rel=next> and <a rel=next> agree"
            );
            url = head_next.map(|href| format!("{}{href}", host.base_url));
        }
        let unique: HashSet<String> = found.iter().cloned().collect();
        assert_eq!(unique.len(), found.len(), "a creator was listed twice");
        assert_eq!(unique, expected);
        for username in &unique {
            assert!(truth.contains(&format!("web:{}/c/{username}", host.domain)));
        }
        assert_eq!(
            get(&client, &format!("{}/?page=999", host.base_url))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
    server.shutdown().await;
}

#[tokio::test]
async fn creator_pages_carry_profile_page_json_ld() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let truth = truth_by_id(&world);
    let mut pages_checked = 0;
    for host in hosts_of(&server, HostKind::CreatorSite) {
        let position = host_position(&server, &host);
        for username in usernames_on(&world, position).iter().take(12) {
            let id = format!("web:{}/c/{username}", host.domain);
            if truth[&id].malformed {
                continue;
            }
            let canonical = format!("https://{}/c/{username}", host.domain);
            let mut url = Some(format!("{}/c/{username}", host.base_url));
            let mut post_ids: HashSet<String> = HashSet::new();
            let mut written = None;
            let mut page_number = 1;
            while let Some(next) = url.take() {
                let page = get(&client, &next).await;
                assert_eq!(page.status, StatusCode::OK);
                assert!(page.content_type().starts_with("text/html"));
                assert!(page
                    .body
                    .contains("<meta property=\"og:type\" content=\"profile\">"));
                let expected_canonical = if page_number == 1 {
                    canonical.clone()
                } else {
                    format!("{canonical}?page={page_number}")
                };
                assert_eq!(
                    head_link(&page.body, "canonical"),
                    Some(expected_canonical.clone())
                );
                let document: Value =
                    serde_json::from_str(json_ld(&page.body).expect("JSON-LD script"))
                        .expect("JSON-LD parses");
                assert_eq!(document["@context"], "https://schema.org");
                assert_eq!(document["@type"], "ProfilePage");
                assert_eq!(document["url"], expected_canonical.as_str());
                assert!(
                    document["dateCreated"].is_string() && document["dateModified"].is_string()
                );
                let person = &document["mainEntity"];
                assert_eq!(person["@type"], "Person");
                assert_eq!(person["alternateName"], username.as_str());
                assert_eq!(person["url"], canonical.as_str());
                for field in ["name", "identifier", "description"] {
                    assert!(person[field].is_string(), "Person.{field}");
                }
                assert!(person["sameAs"].is_array());
                assert_eq!(
                    counter(&person["interactionStatistic"], "FollowAction"),
                    Some(truth[&id].followers)
                );
                let writes = counter(&person["interactionStatistic"], "WriteAction")
                    .expect("WriteAction counter");
                written = Some(writes);
                let posts = document["hasPart"].as_array().expect("posts in hasPart");
                assert!(posts.len() <= 12 && !posts.is_empty());
                for post in posts {
                    assert_eq!(post["@type"], "SocialMediaPosting");
                    for field in [
                        "identifier",
                        "url",
                        "headline",
                        "articleBody",
                        "datePublished",
                        "inLanguage",
                    ] {
                        assert!(post[field].is_string(), "SocialMediaPosting.{field}");
                    }
                    assert_eq!(post["author"]["@id"], person["@id"]);
                    for action in ["LikeAction", "CommentAction", "ShareAction"] {
                        assert!(
                            counter(&post["interactionStatistic"], action).is_some(),
                            "{action}"
                        );
                    }
                    for comment in post["comment"].as_array().expect("comments") {
                        assert_eq!(comment["@type"], "Comment");
                        assert!(comment["text"].is_string() && comment["inLanguage"].is_string());
                        let author = &comment["author"];
                        if author.get("@id").is_none() {
                            assert_eq!(author["@type"], "Person");
                            assert!(
                                author["name"].is_string() && author["alternateName"].is_string()
                            );
                            assert!(counter(
                                &json_array(&author["interactionStatistic"]),
                                "FollowAction"
                            )
                            .is_some());
                        }
                    }
                    assert!(
                        post_ids
                            .insert(post["identifier"].as_str().unwrap_or_default().to_string()),
                        "post repeated across pages"
                    );
                }
                url = head_link(&page.body, "next").map(|href| format!("{}{href}", host.base_url));
                page_number += 1;
            }
            assert_eq!(
                Some(post_ids.len() as u64),
                written,
                "paging shows every post once"
            );
            pages_checked += 1;
        }
    }
    assert!(pages_checked >= 10);
    server.shutdown().await;
}

#[tokio::test]
async fn malformed_pages_are_malformed_and_linked_accounts_point_at_each_other() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let truth: Truth = world.truth();
    let by_host: HashMap<String, VirtualHostInfo> = server
        .hosts()
        .into_iter()
        .map(|host| (host.domain.clone(), host))
        .collect();

    let malformed: Vec<_> = truth
        .creators
        .iter()
        .filter(|creator| creator.malformed)
        .collect();
    assert!(!malformed.is_empty(), "the world has malformed pages");
    for creator in malformed {
        let (domain, path) = creator
            .id
            .trim_start_matches("web:")
            .split_once('/')
            .expect("web id");
        let page = get(&client, &format!("{}/{path}", by_host[domain].base_url)).await;
        assert_eq!(page.status, StatusCode::OK);
        let script = json_ld(&page.body).expect("the script is there");
        assert!(
            serde_json::from_str::<Value>(script).is_err(),
            "{} should carry broken JSON-LD",
            creator.id
        );
    }

    let mut persons: HashMap<&str, Vec<&str>> = HashMap::new();
    for creator in &truth.creators {
        persons
            .entry(creator.person.as_str())
            .or_default()
            .push(creator.id.as_str());
    }
    let pair = persons
        .values()
        .filter(|ids| ids.len() == 2)
        .filter(|ids| {
            ids.iter().any(|id| id.starts_with("web:"))
                && ids.iter().any(|id| id.starts_with("mastodon:"))
        })
        .find(|ids| {
            !truth
                .creators
                .iter()
                .any(|creator| ids.contains(&creator.id.as_str()) && creator.malformed)
        })
        .expect("some person has a site page and a Mastodon account");
    let web_id = pair
        .iter()
        .find(|id| id.starts_with("web:"))
        .expect("a web account");
    let mastodon_id = pair
        .iter()
        .find(|id| id.starts_with("mastodon:"))
        .expect("a mastodon account");
    let (domain, path) = web_id
        .trim_start_matches("web:")
        .split_once('/')
        .expect("web id");
    let page = get(&client, &format!("{}/{path}", by_host[domain].base_url)).await;
    let document: Value =
        serde_json::from_str(json_ld(&page.body).expect("JSON-LD")).expect("parses");
    let same_as = document["mainEntity"]["sameAs"][0]
        .as_str()
        .expect("sameAs link")
        .to_string();
    assert_eq!(head_link(&page.body, "me"), Some(same_as.clone()));
    assert!(page
        .body
        .contains(&format!("<a rel=\"me\" href=\"{same_as}\"")));

    let (username, instance) = mastodon_id
        .trim_start_matches("mastodon:")
        .split_once('@')
        .expect("mastodon id");
    let profile = get(&client, &same_as).await;
    assert_eq!(profile.status, StatusCode::OK);
    assert!(same_as.starts_with(&by_host[instance].base_url));
    let back = head_link(&profile.body, "me").expect("rel=me back");
    assert_eq!(back, format!("{}/{path}", by_host[domain].base_url));
    let account = get(
        &client,
        &format!(
            "{}/api/v1/accounts/lookup?acct={username}",
            by_host[instance].base_url
        ),
    )
    .await
    .json();
    let field = &account["fields"][0];
    assert!(field["value"]
        .as_str()
        .is_some_and(|value| value.contains(&back)
            && value.contains("rel=\"nofollow noopener noreferrer me\"")));
    assert!(is_mastodon_time(&field["verified_at"]));
    server.shutdown().await;
}
