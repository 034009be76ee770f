//! The Bluesky AppView: profiles, author feeds paged by cursor, threads whose replies are
//! audience accounts, actor search and suggestions, XRPC errors and the profile pages.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::Value;

use scout::sim::{HostKind, VirtualHostInfo, World};

use super::{get, head_link, host_position, hosts_of, is_mastodon_time, start, truth_by_id};

fn xrpc(host: &VirtualHostInfo, method: &str, query: &[(&str, &str)]) -> String {
    let mut url = url::Url::parse(&format!("{}/xrpc/{method}", host.base_url)).expect("url");
    url.query_pairs_mut().extend_pairs(query);
    url.to_string()
}

fn handles_on(world: &World, position: usize) -> Vec<String> {
    world
        .creators_on(position)
        .iter()
        .map(|index| world.creators()[*index as usize].username().to_string())
        .collect()
}

fn assert_profile_shape(profile: &Value) {
    let did = profile["did"].as_str().expect("did");
    assert!(did.starts_with("did:plc:") && did.len() == 32, "{did}");
    for field in ["handle", "displayName", "description", "banner"] {
        assert!(profile[field].is_string(), "profile.{field}: {profile}");
    }
    for field in ["followersCount", "followsCount", "postsCount"] {
        assert!(profile[field].is_u64(), "profile.{field}");
    }
    assert!(
        is_mastodon_time(&profile["createdAt"]),
        "{}",
        profile["createdAt"]
    );
    assert!(is_mastodon_time(&profile["indexedAt"]));
    assert!(profile["labels"].is_array());
    assert!(profile["associated"]["chat"]["allowIncoming"].is_string());
    assert!(profile["viewer"]["muted"].is_boolean());
}

fn assert_post_shape(post: &Value, did: &str) {
    let uri = post["uri"].as_str().expect("uri");
    let prefix = format!("at://{did}/app.bsky.feed.post/");
    assert!(uri.starts_with(&prefix), "{uri}");
    assert_eq!(uri.len(), prefix.len() + 13, "rkey is a TID: {uri}");
    let cid = post["cid"].as_str().expect("cid");
    assert!(cid.starts_with("bafyrei") && cid.len() == 59, "{cid}");
    assert_eq!(post["author"]["did"], did);
    let record = &post["record"];
    assert_eq!(record["$type"], "app.bsky.feed.post");
    assert!(is_mastodon_time(&record["createdAt"]));
    assert!(record["langs"]
        .as_array()
        .is_some_and(|langs| langs.len() == 1));
    let text = record["text"].as_str().expect("text");
    assert!(
        text.chars().count() <= 300,
        "post longer than Bluesky allows"
    );
    for facet in record["facets"].as_array().into_iter().flatten() {
        let start = facet["index"]["byteStart"].as_u64().expect("byteStart") as usize;
        let end = facet["index"]["byteEnd"].as_u64().expect("byteEnd") as usize;
        let feature = &facet["features"][0];
        assert_eq!(feature["$type"], "app.bsky.richtext.facet#tag");
        let tag = feature["tag"].as_str().expect("tag");
        assert_eq!(&text.as_bytes()[start..end], format!("#{tag}").as_bytes());
    }
    for field in ["replyCount", "repostCount", "likeCount", "quoteCount"] {
        assert!(post[field].is_u64(), "post.{field}");
    }
    assert!(is_mastodon_time(&post["indexedAt"]));
    assert!(post["labels"].is_array());
}

#[tokio::test]
async fn profiles_and_author_feeds_have_the_appview_shapes() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let truth = truth_by_id(&world);
    let host = hosts_of(&server, HostKind::Bluesky).remove(0);
    let position = host_position(&server, &host);
    let seeds = server.seeds();
    let profile_seed = seeds
        .iter()
        .find(|seed| seed.starts_with(&format!("{}/profile/", host.base_url)))
        .expect("a profile seed");
    assert!(seeds
        .iter()
        .any(|seed| seed.starts_with(&format!("{}/search?q=", host.base_url))));
    let page = get(&client, profile_seed).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.content_type().starts_with("text/html"));
    let alternate = head_link(&page.body, "alternate").expect("at:// alternate link");
    assert!(
        alternate.starts_with("at://did:plc:")
            && alternate.ends_with("/app.bsky.actor.profile/self")
    );

    let handles = handles_on(&world, position);
    assert!(handles.len() > 100, "{} Bluesky creators", handles.len());
    for handle in handles.iter().take(6) {
        let profile = get(
            &client,
            &xrpc(&host, "app.bsky.actor.getProfile", &[("actor", handle)]),
        )
        .await;
        assert_eq!(profile.status, StatusCode::OK);
        assert!(profile.content_type().starts_with("application/json"));
        let profile = profile.json();
        assert_profile_shape(&profile);
        assert_eq!(profile["handle"], handle.as_str());
        let id = format!("bluesky:{handle}");
        assert_eq!(profile["followersCount"], truth[&id].followers);
        let did = profile["did"].as_str().expect("did").to_string();
        let by_did = get(
            &client,
            &xrpc(&host, "app.bsky.actor.getProfile", &[("actor", &did)]),
        )
        .await;
        assert_eq!(by_did.json(), profile, "a DID resolves to the same profile");

        let mut seen = HashSet::new();
        let mut cursor: Option<String> = None;
        let mut replies = 0;
        loop {
            let mut query = vec![("actor", handle.as_str()), ("limit", "7")];
            if let Some(cursor) = &cursor {
                query.push(("cursor", cursor));
            }
            let page = get(&client, &xrpc(&host, "app.bsky.feed.getAuthorFeed", &query))
                .await
                .json();
            let feed = page["feed"].as_array().expect("feed");
            assert!(feed.len() <= 7);
            for item in feed {
                assert_post_shape(&item["post"], &did);
                assert!(
                    seen.insert(item["post"]["uri"].as_str().expect("uri").to_string()),
                    "a post came twice"
                );
                if item.get("reply").is_some() {
                    replies += 1;
                    assert_eq!(
                        item["reply"]["parent"]["$type"],
                        "app.bsky.feed.defs#postView"
                    );
                    assert_eq!(
                        item["post"]["record"]["reply"]["parent"]["uri"],
                        item["reply"]["parent"]["uri"]
                    );
                }
            }
            match page["cursor"].as_str() {
                Some(next) => cursor = Some(next.to_string()),
                None => break,
            }
        }
        assert_eq!(
            seen.len() as u64,
            profile["postsCount"].as_u64().expect("postsCount")
        );
        let own_posts = get(
            &client,
            &xrpc(
                &host,
                "app.bsky.feed.getAuthorFeed",
                &[
                    ("actor", handle.as_str()),
                    ("limit", "100"),
                    ("filter", "posts_no_replies"),
                ],
            ),
        )
        .await
        .json();
        let own = own_posts["feed"].as_array().expect("feed");
        assert_eq!(own.len(), seen.len() - replies);
        assert!(own.iter().all(|item| item.get("reply").is_none()));
        assert!(
            own_posts.get("cursor").is_none(),
            "no cursor on the last page"
        );
    }

    let invisible = world
        .creators_on(position)
        .iter()
        .map(|index| &world.creators()[*index as usize])
        .find(|creator| !truth[creator.id().as_str()].discoverable)
        .expect("some Bluesky creator hides from logged-out viewers");
    let profile = get(
        &client,
        &xrpc(
            &host,
            "app.bsky.actor.getProfile",
            &[("actor", invisible.username())],
        ),
    )
    .await
    .json();
    assert_eq!(profile["labels"][0]["val"], "!no-unauthenticated");
    server.shutdown().await;
}

#[tokio::test]
async fn threads_carry_reply_authors_and_errors_are_xrpc_errors() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let host = hosts_of(&server, HostKind::Bluesky).remove(0);
    let position = host_position(&server, &host);
    let mut checked = 0;
    for handle in handles_on(&world, position).iter().take(40) {
        let feed = get(
            &client,
            &xrpc(
                &host,
                "app.bsky.feed.getAuthorFeed",
                &[
                    ("actor", handle.as_str()),
                    ("limit", "100"),
                    ("filter", "posts_no_replies"),
                ],
            ),
        )
        .await
        .json();
        let Some(post) = feed["feed"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|item| &item["post"])
            .find(|post| {
                post["replyCount"]
                    .as_u64()
                    .is_some_and(|count| (2..60).contains(&count))
            })
        else {
            continue;
        };
        let uri = post["uri"].as_str().expect("uri");
        let thread = get(
            &client,
            &xrpc(&host, "app.bsky.feed.getPostThread", &[("uri", uri)]),
        )
        .await;
        assert_eq!(thread.status, StatusCode::OK);
        let thread = thread.json()["thread"].clone();
        assert_eq!(thread["$type"], "app.bsky.feed.defs#threadViewPost");
        assert_eq!(thread["post"]["uri"], uri);
        let replies = thread["replies"].as_array().expect("replies");
        assert_eq!(
            replies.len() as u64,
            post["replyCount"].as_u64().expect("count")
        );
        for reply in replies {
            assert_eq!(reply["post"]["record"]["reply"]["parent"]["uri"], uri);
            assert_eq!(reply["post"]["record"]["reply"]["root"]["cid"], post["cid"]);
            let author = &reply["post"]["author"];
            if author["did"] == post["author"]["did"] {
                continue;
            }
            assert!(author["handle"]
                .as_str()
                .is_some_and(|handle| handle.ends_with(".bsky.sim.example")));
            let did = author["did"].as_str().expect("did");
            let profile = get(
                &client,
                &xrpc(&host, "app.bsky.actor.getProfile", &[("actor", did)]),
            )
            .await;
            assert_eq!(
                profile.status,
                StatusCode::OK,
                "reply author {did} resolves"
            );
            let profile = profile.json();
            assert!(profile["followersCount"].is_u64() && profile["description"].is_string());
            let reply_uri = reply["post"]["uri"].as_str().expect("reply uri");
            let up = get(
                &client,
                &xrpc(&host, "app.bsky.feed.getPostThread", &[("uri", reply_uri)]),
            )
            .await
            .json();
            assert_eq!(up["thread"]["parent"]["post"]["uri"], uri);
        }
        let shallow = get(
            &client,
            &xrpc(
                &host,
                "app.bsky.feed.getPostThread",
                &[("uri", uri), ("depth", "0")],
            ),
        )
        .await
        .json();
        assert!(shallow["thread"].get("replies").is_none());
        checked += 1;
        if checked == 3 {
            break;
        }
    }
    assert_eq!(checked, 3, "threads with replies exist");

    for (query, error) in [
        (
            xrpc(&host, "app.bsky.actor.getProfile", &[]),
            "InvalidRequest",
        ),
        (
            xrpc(
                &host,
                "app.bsky.actor.getProfile",
                &[("actor", "nobody.bsky.sim.example")],
            ),
            "InvalidRequest",
        ),
        (
            xrpc(
                &host,
                "app.bsky.actor.getProfile",
                &[("actor", "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa")],
            ),
            "InvalidRequest",
        ),
        (
            xrpc(
                &host,
                "app.bsky.feed.getAuthorFeed",
                &[("actor", "x.bsky.sim.example"), ("limit", "101")],
            ),
            "InvalidRequest",
        ),
        (
            xrpc(
                &host,
                "app.bsky.feed.getPostThread",
                &[(
                    "uri",
                    "at://did:plc:aaaaaaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3kaaaaaaaaaaa",
                )],
            ),
            "NotFound",
        ),
    ] {
        let answer = get(&client, &query).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        let body = answer.json();
        assert_eq!(body["error"], error, "{query}");
        assert!(body["message"].is_string());
    }
    let unknown = get(&client, &xrpc(&host, "app.bsky.unknown.method", &[])).await;
    assert_eq!(unknown.status, StatusCode::NOT_IMPLEMENTED);
    server.shutdown().await;
}

#[tokio::test]
async fn search_and_suggestions_page_through_discoverable_creators() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let truth = truth_by_id(&world);
    let host = hosts_of(&server, HostKind::Bluesky).remove(0);
    let position = host_position(&server, &host);
    let discoverable: HashSet<String> = handles_on(&world, position)
        .into_iter()
        .filter(|handle| truth[&format!("bluesky:{handle}")].discoverable)
        .collect();

    let mut suggested = HashSet::new();
    let mut searchable: Vec<(String, String)> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut query = vec![("limit", "30")];
        if let Some(cursor) = &cursor {
            query.push(("cursor", cursor));
        }
        let page = get(
            &client,
            &xrpc(&host, "app.bsky.actor.getSuggestions", &query),
        )
        .await
        .json();
        for actor in page["actors"].as_array().expect("actors") {
            let handle = actor["handle"].as_str().expect("handle").to_string();
            assert!(suggested.insert(handle.clone()), "suggested twice");
            assert!(
                actor.get("followersCount").is_none(),
                "profileView has no counts"
            );
            assert!(actor["did"].is_string());
            let description = actor["description"].as_str().expect("description");
            let bio = description.split("\n🔗 ").next().unwrap_or_default();
            let name = actor["displayName"].as_str().unwrap_or_default();
            searchable.push((
                handle.clone(),
                format!("{handle} {name} {bio}").to_lowercase(),
            ));
        }
        match page["cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
    }
    assert_eq!(suggested, discoverable);

    let seed = server
        .seeds()
        .into_iter()
        .find(|seed| seed.starts_with(&format!("{}/search?q=", host.base_url)))
        .expect("search seed");
    let term = seed.rsplit('=').next().expect("term").to_string();
    let expected: HashSet<String> = searchable
        .iter()
        .filter(|(_, text)| text.contains(&term))
        .map(|(handle, _)| handle.clone())
        .collect();
    let mut found = HashSet::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut query = vec![("q", term.as_str()), ("limit", "5")];
        if let Some(cursor) = &cursor {
            query.push(("cursor", cursor));
        }
        let page = get(&client, &xrpc(&host, "app.bsky.actor.searchActors", &query))
            .await
            .json();
        pages += 1;
        for actor in page["actors"].as_array().expect("actors") {
            let handle = actor["handle"].as_str().expect("handle").to_string();
            let text = format!(
                "{} {} {}",
                handle,
                actor["displayName"].as_str().unwrap_or_default(),
                actor["description"].as_str().unwrap_or_default()
            )
            .to_lowercase();
            assert!(text.contains(&term), "{handle} does not match {term}");
            assert!(
                discoverable.contains(&handle),
                "{handle} is not discoverable"
            );
            assert!(found.insert(handle), "found twice");
        }
        match page["cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
    }
    assert_eq!(found, expected, "search for {term} finds every match once");
    assert!(
        pages > 1 && found.len() > 5,
        "{term}: {} matches in {pages} pages",
        found.len()
    );
    let none = get(
        &client,
        &xrpc(&host, "app.bsky.actor.searchActors", &[("q", "zzzqqqxxx")]),
    )
    .await
    .json();
    assert_eq!(none["actors"].as_array().map(Vec::len), Some(0));
    assert!(none.get("cursor").is_none());
    server.shutdown().await;
}
