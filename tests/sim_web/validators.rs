//! Conditional GET on every host kind: a strong `ETag` and a `Last-Modified` on each answer,
//! `304 Not Modified` with an empty body when the client is up to date.

use reqwest::StatusCode;

use scout::sim::HostKind;

use super::{get, get_with, hosts_of, start};

#[tokio::test]
async fn every_host_answers_conditional_gets_with_304() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let mut urls = Vec::new();
    for seed in server.seeds() {
        urls.push(seed);
    }
    let mastodon = hosts_of(&server, HostKind::Mastodon).remove(0);
    let username = world
        .creators_on(0)
        .first()
        .map(|index| world.creators()[*index as usize].username().to_string())
        .expect("a Mastodon creator");
    urls.push(format!(
        "{}/api/v1/accounts/lookup?acct={username}",
        mastodon.base_url
    ));
    let bluesky = hosts_of(&server, HostKind::Bluesky).remove(0);
    let channel = world
        .creators()
        .iter()
        .find_map(|creator| creator.channel_id())
        .expect("a channel");
    let video = hosts_of(&server, HostKind::VideoSite).remove(0);
    urls.push(format!(
        "{}/feeds/videos.xml?channel_id={channel}",
        video.base_url
    ));
    urls.push(format!("{}/robots.txt", bluesky.base_url));
    assert!(urls.len() >= 10);

    for url in &urls {
        let first = get(&client, url).await;
        assert_eq!(first.status, StatusCode::OK, "{url}");
        let etag = first.header("etag").expect("ETag").to_string();
        assert!(
            etag.starts_with('"') && etag.ends_with('"') && etag.len() > 10,
            "strong ETag {etag}"
        );
        let modified = first
            .header("last-modified")
            .expect("Last-Modified")
            .to_string();
        assert!(modified.ends_with(" GMT"), "{modified}");
        let length: usize = first
            .header("content-length")
            .expect("Content-Length")
            .parse()
            .expect("a number");
        assert_eq!(length, first.body.len());

        let again = get(&client, url).await;
        assert_eq!(
            again.header("etag"),
            Some(etag.as_str()),
            "same content, same ETag"
        );

        let unchanged = get_with(&client, url, &[("if-none-match", &etag)]).await;
        assert_eq!(unchanged.status, StatusCode::NOT_MODIFIED, "{url}");
        assert!(unchanged.body.is_empty());
        assert_eq!(unchanged.header("etag"), Some(etag.as_str()));
        let listed = format!("\"other\", W/{etag}");
        let weak = get_with(&client, url, &[("if-none-match", &listed)]).await;
        assert_eq!(
            weak.status,
            StatusCode::NOT_MODIFIED,
            "weak comparison matches"
        );

        let since = get_with(&client, url, &[("if-modified-since", &modified)]).await;
        assert_eq!(since.status, StatusCode::NOT_MODIFIED, "{url}");
        let old = get_with(
            &client,
            url,
            &[("if-modified-since", "Mon, 01 Jan 2001 00:00:00 GMT")],
        )
        .await;
        assert_eq!(old.status, StatusCode::OK);
        assert_eq!(old.body, first.body);
        let stale_tag = get_with(
            &client,
            url,
            &[
                ("if-none-match", "\"stale\""),
                ("if-modified-since", &modified),
            ],
        )
        .await;
        assert_eq!(
            stale_tag.status,
            StatusCode::OK,
            "If-None-Match wins over If-Modified-Since"
        );
    }
    let log = server.request_log();
    assert!(log.iter().any(|request| request.status == 304));
    assert!(
        log.iter().all(|request| request.fault.is_none()),
        "serve injects no faults"
    );
    server.shutdown().await;
}
