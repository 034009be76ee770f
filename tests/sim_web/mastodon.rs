//! The Mastodon instances: instance metadata, account lookup, statuses paged by `Link`,
//! threads and the profile directory.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::Value;

use scout::sim::HostKind;

use super::{get, host_position, hosts_of, is_mastodon_time, start, truth_by_id, usernames_on};

fn assert_account_shape(account: &Value) {
    for field in [
        "id",
        "username",
        "acct",
        "display_name",
        "note",
        "url",
        "uri",
        "avatar",
        "avatar_static",
        "header",
        "header_static",
    ] {
        assert!(
            account[field].is_string(),
            "account.{field} is not a string: {account}"
        );
    }
    for field in ["followers_count", "following_count", "statuses_count"] {
        assert!(account[field].is_u64(), "account.{field} is not a count");
    }
    for field in ["locked", "bot", "group"] {
        assert!(account[field].is_boolean(), "account.{field} is not a bool");
    }
    assert!(account["id"]
        .as_str()
        .is_some_and(|id| id.chars().all(|c| c.is_ascii_digit())));
    assert!(account["created_at"]
        .as_str()
        .is_some_and(|at| at.ends_with("T00:00:00.000Z")));
    assert!(account["emojis"].as_array().is_some_and(Vec::is_empty));
    assert!(account["fields"].is_array());
}

fn assert_status_shape(status: &Value) {
    for field in [
        "id",
        "uri",
        "content",
        "visibility",
        "spoiler_text",
        "language",
    ] {
        assert!(
            status[field].is_string(),
            "status.{field} is not a string: {status}"
        );
    }
    for field in ["replies_count", "reblogs_count", "favourites_count"] {
        assert!(status[field].is_u64(), "status.{field} is not a count");
    }
    assert!(
        is_mastodon_time(&status["created_at"]),
        "created_at {}",
        status["created_at"]
    );
    assert!(status["content"]
        .as_str()
        .is_some_and(|content| content.starts_with("<p>")));
    assert!(status["sensitive"].is_boolean());
    for field in ["media_attachments", "mentions", "tags", "emojis"] {
        assert!(status[field].is_array(), "status.{field} is not an array");
    }
    for field in [
        "in_reply_to_id",
        "in_reply_to_account_id",
        "edited_at",
        "reblog",
        "card",
        "poll",
    ] {
        assert!(status.get(field).is_some(), "status.{field} is missing");
    }
    for tag in status["tags"].as_array().into_iter().flatten() {
        assert!(
            tag["name"].is_string()
                && tag["url"]
                    .as_str()
                    .is_some_and(|url| url.contains("/tags/"))
        );
    }
    assert_account_shape(&status["account"]);
}

#[tokio::test]
async fn mastodon_instances_report_their_domain_and_look_up_accounts() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let truth = truth_by_id(&world);
    let seeds = server.seeds();
    for host in hosts_of(&server, HostKind::Mastodon) {
        let instance = get(&client, &format!("{}/api/v1/instance", host.base_url)).await;
        assert_eq!(instance.status, StatusCode::OK);
        assert!(instance.content_type().starts_with("application/json"));
        let instance = instance.json();
        assert_eq!(instance["uri"], host.domain.as_str());
        assert_eq!(instance["version"], "4.2.10");
        for field in ["title", "short_description", "description", "email"] {
            assert!(instance[field].is_string(), "instance.{field}");
        }
        assert!(instance["stats"]["user_count"].is_u64());
        assert!(instance["urls"]["streaming_api"].is_string());
        assert!(instance["languages"].is_array() && instance["rules"].is_array());
        assert!(
            instance["registrations"].is_boolean() && instance["approval_required"].is_boolean()
        );
        assert!(instance["configuration"]["statuses"]["max_characters"].is_u64());
        assert!(instance.get("contact_account").is_some());
        let v2 = get(&client, &format!("{}/api/v2/instance", host.base_url))
            .await
            .json();
        assert_eq!(v2["domain"], host.domain.as_str());

        let seed = seeds
            .iter()
            .find(|seed| seed.starts_with(&host.base_url))
            .expect("a seed per instance");
        let username = seed.rsplit("/@").next().expect("profile seed");
        let lookup = get(
            &client,
            &format!("{}/api/v1/accounts/lookup?acct={username}", host.base_url),
        )
        .await;
        assert_eq!(lookup.status, StatusCode::OK);
        let account = lookup.json();
        assert_account_shape(&account);
        assert_eq!(account["acct"], username);
        let id = format!("mastodon:{}@{}", username.to_lowercase(), host.domain);
        assert!(truth.contains_key(&id), "{id} is not in the truth");
        assert_eq!(
            truth[&id].followers,
            account["followers_count"].as_u64().unwrap_or_default()
        );

        let qualified = get(
            &client,
            &format!(
                "{}/api/v1/accounts/lookup?acct=@{username}@{}",
                host.base_url, host.domain
            ),
        )
        .await;
        assert_eq!(qualified.json()["id"], account["id"]);
        let by_id = get(
            &client,
            &format!(
                "{}/api/v1/accounts/{}",
                host.base_url,
                account["id"].as_str().unwrap_or_default()
            ),
        )
        .await;
        assert_eq!(by_id.json()["username"], account["username"]);

        let missing = get(
            &client,
            &format!(
                "{}/api/v1/accounts/lookup?acct=nobody_here_at_all",
                host.base_url
            ),
        )
        .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(missing.json()["error"], "Record not found");
        assert_eq!(
            get(&client, &format!("{}/api/v1/accounts/123", host.base_url))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
    server.shutdown().await;
}

#[tokio::test]
async fn statuses_link_paging_reaches_every_status_exactly_once() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let host = hosts_of(&server, HostKind::Mastodon).remove(0);
    let position = host_position(&server, &host);
    for username in usernames_on(&world, position).iter().take(4) {
        let account = get(
            &client,
            &format!("{}/api/v1/accounts/lookup?acct={username}", host.base_url),
        )
        .await
        .json();
        let account_id = account["id"].as_str().expect("id").to_string();
        let mut url = Some(format!(
            "{}/api/v1/accounts/{account_id}/statuses?limit=7&exclude_replies=true",
            host.base_url
        ));
        let mut seen: Vec<u64> = Vec::new();
        let mut pages = 0;
        while let Some(next) = url.take() {
            let page = get(&client, &next).await;
            assert_eq!(page.status, StatusCode::OK);
            let statuses = page.json();
            let statuses = statuses.as_array().expect("an array of statuses");
            assert!(statuses.len() <= 7);
            if !statuses.is_empty() {
                assert!(page.has_link("prev"), "a non-empty page links back");
            }
            for status in statuses {
                assert_status_shape(status);
                assert_eq!(status["account"]["id"], account_id.as_str());
                seen.push(
                    status["id"]
                        .as_str()
                        .and_then(|id| id.parse().ok())
                        .expect("numeric id"),
                );
            }
            url = page.next_link();
            pages += 1;
            assert!(pages < 50, "paging does not end");
        }
        let unique: HashSet<u64> = seen.iter().copied().collect();
        assert_eq!(unique.len(), seen.len(), "a status came twice");
        assert!(
            seen.windows(2).all(|pair| pair[0] > pair[1]),
            "statuses are newest first across pages"
        );
        assert_eq!(
            seen.len() as u64,
            account["statuses_count"].as_u64().unwrap_or_default()
        );

        let newest = seen.first().expect("creators have posts");
        let newer = get(
            &client,
            &format!(
                "{}/api/v1/accounts/{account_id}/statuses?min_id={newest}",
                host.base_url
            ),
        )
        .await;
        assert_eq!(newer.json(), Value::Array(Vec::new()));
        assert!(!newer.has_link("next"));
        let oldest_two = get(
            &client,
            &format!(
                "{}/api/v1/accounts/{account_id}/statuses?min_id=0&limit=2",
                host.base_url
            ),
        )
        .await
        .json();
        let ids: Vec<u64> = oldest_two
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|status| status["id"].as_str()?.parse().ok())
            .collect();
        assert_eq!(
            ids,
            seen.iter().rev().take(2).rev().copied().collect::<Vec<_>>()
        );
    }
    server.shutdown().await;
}

#[tokio::test]
async fn context_returns_every_reply_with_audience_accounts() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let truth = truth_by_id(&world);
    let mut checked_replies = 0;
    let mut bot_like_accounts_on_fakes = 0;
    for host in hosts_of(&server, HostKind::Mastodon) {
        let position = host_position(&server, &host);
        let mut creators: Vec<_> = world
            .creators_on(position)
            .iter()
            .map(|index| &world.creators()[*index as usize])
            .collect();
        creators.sort_by_key(|creator| std::cmp::Reverse(truth[creator.id().as_str()].followers));
        for creator in creators.iter().take(3).chain(
            creators
                .iter()
                .filter(|creator| truth[creator.id().as_str()].fake)
                .take(3),
        ) {
            let fake = truth[creator.id().as_str()].fake_kind.is_some();
            let account = get(
                &client,
                &format!(
                    "{}/api/v1/accounts/lookup?acct={}",
                    host.base_url,
                    creator.username()
                ),
            )
            .await
            .json();
            let statuses = get(
                &client,
                &format!(
                    "{}/api/v1/accounts/{}/statuses?limit=40",
                    host.base_url,
                    account["id"].as_str().unwrap_or_default()
                ),
            )
            .await
            .json();
            for status in statuses
                .as_array()
                .into_iter()
                .flatten()
                .filter(|status| status["in_reply_to_id"].is_null())
            {
                let id = status["id"].as_str().expect("id");
                let context = get(
                    &client,
                    &format!("{}/api/v1/statuses/{id}/context", host.base_url),
                )
                .await;
                assert_eq!(context.status, StatusCode::OK);
                let context = context.json();
                assert_eq!(context["ancestors"], Value::Array(Vec::new()));
                let descendants = context["descendants"].as_array().expect("descendants");
                assert_eq!(
                    descendants.len() as u64,
                    status["replies_count"].as_u64().unwrap_or_default()
                );
                for reply in descendants {
                    assert_status_shape(reply);
                    assert_eq!(reply["in_reply_to_id"], id);
                    let replier = &reply["account"];
                    if replier["id"] != account["id"] {
                        assert!(
                            replier["acct"]
                                .as_str()
                                .is_some_and(|acct| acct.contains('@')),
                            "repliers are remote accounts"
                        );
                        assert!(reply["mentions"][0]["acct"] == account["acct"]);
                        let digits = replier["username"]
                            .as_str()
                            .unwrap_or_default()
                            .chars()
                            .filter(char::is_ascii_digit)
                            .count();
                        if fake && digits >= 4 {
                            bot_like_accounts_on_fakes += 1;
                        }
                    }
                    checked_replies += 1;
                }
                if let Some(first) = descendants.first() {
                    let reply_id = first["id"].as_str().unwrap_or_default();
                    let single = get(
                        &client,
                        &format!("{}/api/v1/statuses/{reply_id}", host.base_url),
                    )
                    .await
                    .json();
                    assert_eq!(single["id"], first["id"]);
                    let thread = get(
                        &client,
                        &format!("{}/api/v1/statuses/{reply_id}/context", host.base_url),
                    )
                    .await
                    .json();
                    assert_eq!(thread["ancestors"][0]["id"], id);
                    let replier = get(
                        &client,
                        &format!(
                            "{}/api/v1/accounts/{}",
                            host.base_url,
                            first["account"]["id"].as_str().unwrap_or_default()
                        ),
                    )
                    .await;
                    assert_eq!(replier.status, StatusCode::OK);
                    assert_eq!(replier.json()["acct"], first["account"]["acct"]);
                }
            }
        }
    }
    assert!(checked_replies > 50, "only {checked_replies} replies seen");
    assert!(
        bot_like_accounts_on_fakes > 0,
        "fakes should draw bot-like repliers"
    );
    assert_eq!(
        get(
            &client,
            &format!("{}/api/v1/statuses/42/context", server.hosts()[0].base_url)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    server.shutdown().await;
}

#[tokio::test]
async fn directory_pages_list_each_discoverable_account_once() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let truth = truth_by_id(&world);
    for host in hosts_of(&server, HostKind::Mastodon) {
        let position = host_position(&server, &host);
        let served: HashSet<String> = usernames_on(&world, position).into_iter().collect();
        let discoverable: HashSet<String> = served
            .iter()
            .filter(|username| {
                truth[&format!("mastodon:{}@{}", username.to_lowercase(), host.domain)].discoverable
            })
            .cloned()
            .collect();
        assert!(
            discoverable.len() < served.len(),
            "some accounts stay out of the directory"
        );
        for order in ["active", "new"] {
            let mut offset = 0;
            let mut listed: Vec<Value> = Vec::new();
            loop {
                let page = get(
                    &client,
                    &format!(
                        "{}/api/v1/directory?local=true&order={order}&limit=500&offset={offset}",
                        host.base_url
                    ),
                )
                .await;
                let accounts = page
                    .json()
                    .as_array()
                    .cloned()
                    .expect("an array of accounts");
                assert!(accounts.len() <= 80, "limit is capped at 80");
                if accounts.is_empty() {
                    break;
                }
                offset += accounts.len();
                listed.extend(accounts);
            }
            let names: HashSet<String> = listed
                .iter()
                .filter_map(|account| account["username"].as_str().map(String::from))
                .collect();
            assert_eq!(names.len(), listed.len(), "an account was listed twice");
            assert_eq!(
                names, discoverable,
                "the directory lists exactly the discoverable accounts"
            );
            assert!(
                names.len() * 10 >= served.len() * 8,
                "most creators are discoverable"
            );
            assert!(listed.iter().all(|account| account["discoverable"] == true));
            if order == "new" {
                let created: Vec<&str> = listed
                    .iter()
                    .filter_map(|account| account["created_at"].as_str())
                    .collect();
                assert!(created.windows(2).all(|pair| pair[0] >= pair[1]));
            } else {
                let active: Vec<&str> = listed
                    .iter()
                    .filter_map(|account| account["last_status_at"].as_str())
                    .collect();
                assert!(active.windows(2).all(|pair| pair[0] >= pair[1]));
            }
        }
        let default_page = get(&client, &format!("{}/api/v1/directory", host.base_url))
            .await
            .json();
        assert!(default_page
            .as_array()
            .is_some_and(|accounts| accounts.len() <= 40));
    }
    server.shutdown().await;
}

/// Followers and favourites of the first `count` accounts of `host`, as served now.
async fn counts_of(
    client: &reqwest::Client,
    host: &scout::sim::VirtualHostInfo,
    usernames: &[String],
) -> Vec<(u64, u64)> {
    let mut counts = Vec::new();
    for username in usernames {
        let account = get(
            client,
            &format!("{}/api/v1/accounts/lookup?acct={username}", host.base_url),
        )
        .await
        .json();
        let id = account["id"].as_str().expect("account id").to_string();
        let statuses = get(
            client,
            &format!("{}/api/v1/accounts/{id}/statuses?limit=40", host.base_url),
        )
        .await
        .json();
        let favourites = statuses
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|status| status["favourites_count"].as_u64())
            .sum();
        counts.push((account["followers_count"].as_u64().unwrap(), favourites));
    }
    counts
}

#[tokio::test]
async fn an_earlier_day_shows_the_counts_of_then_and_today_comes_back() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let truth = truth_by_id(&world);
    let host = hosts_of(&server, HostKind::Mastodon).remove(0);
    let usernames: Vec<String> = usernames_on(&world, host_position(&server, &host))
        .into_iter()
        .take(40)
        .collect();
    let today = counts_of(&client, &host, &usernames).await;
    for (username, (followers, _)) in usernames.iter().zip(&today) {
        let id = format!("mastodon:{}@{}", username.to_lowercase(), host.domain);
        assert_eq!(
            Some(*followers),
            truth.get(&id).map(|creator| creator.followers)
        );
    }

    server.show_days_before(90);
    let then = counts_of(&client, &host, &usernames).await;
    // Nothing published after the day shown is there yet.
    let shown = server.shown_at();
    let mut fewer = 0;
    for username in usernames.iter().take(10) {
        let account = get(
            &client,
            &format!("{}/api/v1/accounts/lookup?acct={username}", host.base_url),
        )
        .await
        .json();
        let id = account["id"].as_str().expect("account id");
        let statuses = get(
            &client,
            &format!("{}/api/v1/accounts/{id}/statuses?limit=40", host.base_url),
        )
        .await
        .json();
        for status in statuses.as_array().into_iter().flatten() {
            let created = status["created_at"].as_str().expect("created_at");
            let created = chrono::DateTime::parse_from_rfc3339(created).expect("RFC 3339");
            assert!(
                created <= shown,
                "{created} is after the day shown, {shown}"
            );
        }
        let count = account["statuses_count"].as_u64().expect("statuses_count");
        server.show_days_before(0);
        let today = get(
            &client,
            &format!("{}/api/v1/accounts/lookup?acct={username}", host.base_url),
        )
        .await
        .json();
        fewer += usize::from(count < today["statuses_count"].as_u64().unwrap_or(0));
        server.show_days_before(90);
    }
    assert!(fewer > 0, "no account had fewer posts 90 days ago");
    let grew = today
        .iter()
        .zip(&then)
        .filter(|(now, before)| now.0 > before.0)
        .count();
    let engagement_moved = today
        .iter()
        .zip(&then)
        .filter(|(now, before)| now.1 != before.1)
        .count();
    // Most accounts grow; engagement differs from one visit to another.
    assert!(
        grew > usernames.len() / 2,
        "{grew} of {} grew",
        usernames.len()
    );
    assert!(engagement_moved > usernames.len() / 2, "{engagement_moved}");

    server.show_days_before(0);
    assert_eq!(counts_of(&client, &host, &usernames).await, today);
    server.shutdown().await;
}
