//! Cross-platform identity: the accounts of one person, linked from the `rel=me` and `sameAs`
//! links creators publish (stored in `creators.links`).
//!
//! The rule: creators A and B are linked when A links to B's profile URL AND B links back to
//! A's profile URL. A one-way link proves nothing (anyone can link to a famous account); a
//! mutual pair is what Mastodon's `rel=me` verification and IndieAuth rely on too. URLs are
//! compared by [`profile_key`]: scheme, `www.`, default port, query, fragment and a trailing
//! slash are ignored, the host is lower-cased, the path kept as written (channel ids are
//! case-sensitive). A person is a connected set of linked creators; its id is `person:` and
//! the smallest creator id in it, so it is the same whatever order creators were written in.
//!
//! Everything is recomputed for a creator each time it is written ([`relink`], inside the
//! upsert's transaction) and when it is forgotten ([`unlink`]): `creator_urls` maps profile
//! keys to creators, `identity_links` holds each mutual pair with the two links as evidence,
//! and `identities` maps every linked creator to its person.

use std::collections::{BTreeSet, VecDeque};

use rusqlite::{params, Connection, OptionalExtension};
use scout_models::{Creator, CreatorId, Platform};
use serde::{Deserialize, Serialize};
use url::Url;

use super::codec::{parse_creator_id, parse_platform};
use super::Store;
use crate::error::IndexError;

/// One published link of a mutual pair: `from` links to `to` at `url`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct IdentityLink {
    pub from: CreatorId,
    pub to: CreatorId,
    pub url: String,
}

/// Another account of the same person, with the mutual links that tie it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct LinkedAccount {
    pub id: CreatorId,
    pub platform: Platform,
    /// The links of every mutual pair this account is part of (two per pair).
    pub evidence: Vec<IdentityLink>,
}

/// The key profile URLs are compared by; `None` for what is not an http(s) URL with a host.
pub fn profile_key(raw: &str) -> Option<String> {
    let url = Url::parse(raw.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let path = url.path().trim_end_matches('/');
    Some(match url.port() {
        Some(port) => format!("{host}:{port}{path}"),
        None => format!("{host}{path}"),
    })
}

/// Recomputes `creator`'s links after it was written: its profile key, its mutual pairs, and
/// the persons of everyone it is or was linked to.
pub(super) fn relink(conn: &Connection, creator: &Creator) -> Result<(), IndexError> {
    let id = creator.id.as_str();
    conn.execute("DELETE FROM creator_urls WHERE creator_id = ?1", [id])?;
    let own_key = profile_key(&creator.profile_url);
    if let Some(key) = &own_key {
        conn.execute(
            "INSERT INTO creator_urls (url_key, creator_id) VALUES (?1, ?2)
             ON CONFLICT (url_key, creator_id) DO NOTHING",
            params![key, id],
        )?;
    }
    let former = drop_pairs(conn, id)?;
    if let Some(own_key) = &own_key {
        let mut find = conn.prepare_cached(
            "SELECT creator_id FROM creator_urls WHERE url_key = ?1 AND creator_id <> ?2",
        )?;
        let mut links_of = conn.prepare_cached("SELECT links FROM creators WHERE id = ?1")?;
        let mut insert = conn.prepare_cached(
            "INSERT INTO identity_links (creator_a, creator_b, a_to_b, b_to_a) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (creator_a, creator_b) DO UPDATE SET a_to_b = excluded.a_to_b, b_to_a = excluded.b_to_a",
        )?;
        for link in &creator.links {
            let Some(key) = profile_key(link) else {
                continue;
            };
            let partners: Vec<String> = find
                .query_map(params![key, id], |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            for partner in partners {
                let Some(raw): Option<String> = links_of
                    .query_row([&partner], |row| row.get(0))
                    .optional()?
                else {
                    continue;
                };
                let partner_links: Vec<String> = serde_json::from_str(&raw).unwrap_or_default();
                let Some(back) = partner_links
                    .iter()
                    .find(|url| profile_key(url).as_ref() == Some(own_key))
                else {
                    continue;
                };
                let (a, b, a_to_b, b_to_a) = if id < partner.as_str() {
                    (id, partner.as_str(), link.as_str(), back.as_str())
                } else {
                    (partner.as_str(), id, back.as_str(), link.as_str())
                };
                insert.execute(params![a, b, a_to_b, b_to_a])?;
            }
        }
    }
    let mut starts = former;
    starts.insert(id.to_string());
    for start in starts {
        assign_person(conn, &start)?;
    }
    Ok(())
}

/// Forgets a creator's links (a removal request): its pairs go, and the persons of its former
/// partners are recomputed.
pub(super) fn unlink(conn: &Connection, id: &CreatorId) -> Result<(), IndexError> {
    conn.execute(
        "DELETE FROM creator_urls WHERE creator_id = ?1",
        [id.as_str()],
    )?;
    let former = drop_pairs(conn, id.as_str())?;
    conn.execute(
        "DELETE FROM identities WHERE creator_id = ?1",
        [id.as_str()],
    )?;
    for start in former {
        assign_person(conn, &start)?;
    }
    Ok(())
}

/// Deletes the pairs `id` is part of; returns the partners it had.
fn drop_pairs(conn: &Connection, id: &str) -> Result<BTreeSet<String>, IndexError> {
    let former = partners(conn, id)?;
    conn.execute(
        "DELETE FROM identity_links WHERE creator_a = ?1 OR creator_b = ?1",
        [id],
    )?;
    Ok(former)
}

fn partners(conn: &Connection, id: &str) -> Result<BTreeSet<String>, IndexError> {
    let mut statement = conn.prepare_cached(
        "SELECT creator_b FROM identity_links WHERE creator_a = ?1
         UNION SELECT creator_a FROM identity_links WHERE creator_b = ?1",
    )?;
    let found = statement
        .query_map([id], |row| row.get::<_, String>(0))?
        .collect::<Result<_, _>>()?;
    Ok(found)
}

/// Gives every creator connected to `start` the person id of their set (none when alone).
fn assign_person(conn: &Connection, start: &str) -> Result<(), IndexError> {
    let mut members = BTreeSet::from([start.to_string()]);
    let mut queue = VecDeque::from([start.to_string()]);
    while let Some(next) = queue.pop_front() {
        for partner in partners(conn, &next)? {
            if members.insert(partner.clone()) {
                queue.push_back(partner);
            }
        }
    }
    let mut clear = conn.prepare_cached("DELETE FROM identities WHERE creator_id = ?1")?;
    if members.len() < 2 {
        clear.execute([start])?;
        return Ok(());
    }
    let person = format!("person:{}", members.first().map_or("", String::as_str));
    let mut set = conn.prepare_cached(
        "INSERT INTO identities (creator_id, person_id) VALUES (?1, ?2)
         ON CONFLICT (creator_id) DO UPDATE SET person_id = excluded.person_id",
    )?;
    for member in &members {
        set.execute(params![member, person])?;
    }
    Ok(())
}

impl Store {
    /// The person a creator was linked into, when it has another account.
    pub fn person_of(&self, id: &CreatorId) -> Result<Option<String>, IndexError> {
        Ok(self
            .conn
            .query_row(
                "SELECT person_id FROM identities WHERE creator_id = ?1",
                [id.as_str()],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// The other accounts of the creator's person, by id, each with the evidence of its pairs.
    pub fn linked_accounts(&self, id: &CreatorId) -> Result<Vec<LinkedAccount>, IndexError> {
        let Some(person) = self.person_of(id)? else {
            return Ok(Vec::new());
        };
        let mut members = self.conn.prepare_cached(
            "SELECT i.creator_id, c.platform FROM identities i JOIN creators c ON c.id = i.creator_id
             WHERE i.person_id = ?1 AND i.creator_id <> ?2 ORDER BY i.creator_id",
        )?;
        let rows: Vec<(String, String)> = members
            .query_map(params![person, id.as_str()], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?
            .collect::<Result<_, _>>()?;
        let mut pairs = self.conn.prepare_cached(
            "SELECT creator_a, creator_b, a_to_b, b_to_a FROM identity_links
             WHERE creator_a = ?1 OR creator_b = ?1 ORDER BY creator_a, creator_b",
        )?;
        let mut linked = Vec::with_capacity(rows.len());
        for (member, platform) in rows {
            let found: Vec<(String, String, String, String)> = pairs
                .query_map([&member], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
                })?
                .collect::<Result<_, _>>()?;
            let mut evidence = Vec::with_capacity(found.len() * 2);
            for (a, b, a_to_b, b_to_a) in found {
                let a = parse_creator_id(&a)?;
                let b = parse_creator_id(&b)?;
                evidence.push(IdentityLink {
                    from: a.clone(),
                    to: b.clone(),
                    url: a_to_b,
                });
                evidence.push(IdentityLink {
                    from: b,
                    to: a,
                    url: b_to_a,
                });
            }
            linked.push(LinkedAccount {
                id: parse_creator_id(&member)?,
                platform: parse_platform(&platform)?,
                evidence,
            });
        }
        Ok(linked)
    }

    /// Every person with the creators linked into it, by person id.
    pub fn persons(&self) -> Result<Vec<(String, Vec<CreatorId>)>, IndexError> {
        let mut statement = self.conn.prepare(
            "SELECT person_id, creator_id FROM identities ORDER BY person_id, creator_id",
        )?;
        let rows: Vec<(String, String)> = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut persons: Vec<(String, Vec<CreatorId>)> = Vec::new();
        for (person, creator) in rows {
            let creator = parse_creator_id(&creator)?;
            match persons.last_mut() {
                Some((current, members)) if *current == person => members.push(creator),
                _ => persons.push((person, vec![creator])),
            }
        }
        Ok(persons)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use scout_models::{CreatorRecord, Provenance};

    use super::*;

    fn record(
        platform: Platform,
        handle: &str,
        profile_url: &str,
        links: &[&str],
    ) -> CreatorRecord {
        CreatorRecord {
            creator: Creator {
                id: CreatorId::new(platform, handle),
                platform,
                handle: handle.to_string(),
                display_name: None,
                bio: None,
                profile_url: profile_url.to_string(),
                avatar_url: None,
                links: links.iter().map(|link| link.to_string()).collect(),
                followers: Some(1_000),
                following: None,
                post_count: None,
                location: None,
                languages: Vec::new(),
                contact_email: None,
                created_at: None,
                is_bot: false,
                provenance: Provenance {
                    source_url: profile_url.to_string(),
                    fetched_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
                    method: "test".to_string(),
                    content_hash: format!("{handle}{}", links.len()),
                },
            },
            posts: Vec::new(),
            audience: Vec::new(),
        }
    }

    fn write(store: &mut Store, record: &CreatorRecord) {
        store.upsert_records(&[(record.clone(), None)]).unwrap();
    }

    #[test]
    fn only_mutual_links_make_a_person_and_it_follows_every_write() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
        let masto = "https://social.example/@ana";
        let site = "https://ana.example/c/ana";
        let tube = "https://video.example/channel/UCana";
        let ana_m = record(
            Platform::Mastodon,
            "ana@social.example",
            masto,
            &["https://www.ana.example/c/ana/"],
        );
        let ana_w = record(Platform::Web, "ana.example/c/ana", site, &[masto, tube]);
        // A fan links to Ana; Ana does not link back.
        let fan = record(
            Platform::Web,
            "fan.example/c/fan",
            "https://fan.example/c/fan",
            &[masto],
        );
        write(&mut store, &ana_m);
        assert_eq!(
            store.person_of(&ana_m.creator.id).unwrap(),
            None,
            "one side alone"
        );
        write(&mut store, &fan);
        write(&mut store, &ana_w);
        let person = format!("person:{}", ana_m.creator.id);
        assert_eq!(
            store.person_of(&ana_w.creator.id).unwrap(),
            Some(person.clone())
        );
        assert_eq!(
            store.person_of(&ana_m.creator.id).unwrap(),
            Some(person.clone())
        );
        assert_eq!(
            store.person_of(&fan.creator.id).unwrap(),
            None,
            "one-way link"
        );
        assert_eq!(
            store.persons().unwrap(),
            vec![(
                person.clone(),
                vec![ana_m.creator.id.clone(), ana_w.creator.id.clone()]
            )]
        );
        let linked = store.linked_accounts(&ana_m.creator.id).unwrap();
        assert_eq!(linked.len(), 1);
        assert_eq!(linked[0].id, ana_w.creator.id);
        assert_eq!(linked[0].platform, Platform::Web);
        assert_eq!(
            linked[0].evidence,
            vec![
                IdentityLink {
                    from: ana_m.creator.id.clone(),
                    to: ana_w.creator.id.clone(),
                    url: "https://www.ana.example/c/ana/".to_string(),
                },
                IdentityLink {
                    from: ana_w.creator.id.clone(),
                    to: ana_m.creator.id.clone(),
                    url: masto.to_string(),
                },
            ]
        );

        // A third account linking back joins the person; the id stays the smallest member's.
        let ana_y = record(Platform::Youtube, "UCana", tube, &[site]);
        write(&mut store, &ana_y);
        assert_eq!(
            store.person_of(&ana_y.creator.id).unwrap(),
            Some(person.clone())
        );
        assert_eq!(store.linked_accounts(&ana_w.creator.id).unwrap().len(), 2);

        // The web page drops its links: everyone falls apart.
        let unlinked = record(Platform::Web, "ana.example/c/ana", site, &[]);
        write(&mut store, &unlinked);
        assert!(store.persons().unwrap().is_empty());
        write(&mut store, &ana_w);
        assert_eq!(store.persons().unwrap().len(), 1);

        // A removal request unlinks too.
        store.forget(&ana_w.creator.id, "asked").unwrap();
        assert!(store.persons().unwrap().is_empty());
        assert!(store.linked_accounts(&ana_m.creator.id).unwrap().is_empty());
    }

    #[test]
    fn profile_keys_ignore_what_does_not_name_the_profile() {
        assert_eq!(
            profile_key("https://www.Example.com/@Alice/").as_deref(),
            Some("example.com/@Alice")
        );
        assert_eq!(
            profile_key("http://example.com:443/@Alice?x=1#top").as_deref(),
            Some("example.com:443/@Alice")
        );
        assert_eq!(
            profile_key("http://127.0.0.1:8080/channel/UCabc").as_deref(),
            Some("127.0.0.1:8080/channel/UCabc")
        );
        assert_eq!(
            profile_key("https://example.com:443/x"),
            profile_key("http://example.com/x")
        );
        assert_eq!(profile_key("mailto:a@example.com"), None);
        assert_eq!(profile_key("not a url"), None);
    }
}
