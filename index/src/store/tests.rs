//! Store tests against a real SQLite file in a temporary directory.

use chrono::{DateTime, TimeZone, Utc};
use scout_models::{
    AudienceSample, Creator, CreatorId, CreatorRecord, MediaKind, Platform, Post, Provenance,
};
use tempfile::TempDir;

use super::{RecordStreamOptions, Store, StoreCounts, UpsertSummary};
use crate::error::IndexError;

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, day, 12, 0, 0).unwrap()
}

fn creator_id(handle: &str) -> CreatorId {
    CreatorId::new(Platform::Mastodon, &format!("{handle}@social.example"))
}

fn post(handle: &str, id: &str, day: Option<u32>, likes: u64) -> Post {
    Post {
        id: id.to_string(),
        creator_id: creator_id(handle),
        url: format!("https://social.example/@{handle}/{id}"),
        published_at: day.map(at),
        text: format!("post {id} about workouts"),
        hashtags: vec!["fitness".to_string()],
        mentions: vec!["coach".to_string()],
        media_kind: Some(MediaKind::Image),
        language: Some("en".to_string()),
        likes: Some(likes),
        comments: Some(3),
        shares: None,
        views: None,
        sponsored: id.ends_with("ad"),
    }
}

fn sample(handle: &str, replier: &str) -> AudienceSample {
    AudienceSample {
        creator_id: creator_id(handle),
        handle: replier.to_string(),
        display_name: Some("Fan".to_string()),
        bio: None,
        location: Some("Lisboa".to_string()),
        language: Some("pt".to_string()),
        text: Some("great!".to_string()),
        followers: Some(10),
        following: Some(2000),
        has_avatar: true,
        account_created_at: Some(at(1)),
        is_bot: false,
        post_id: Some("p1".to_string()),
        reply_likes: None,
        post_count: None,
    }
}

fn record(handle: &str, followers: u64, hash: &str) -> CreatorRecord {
    CreatorRecord {
        creator: Creator {
            id: creator_id(handle),
            platform: Platform::Mastodon,
            handle: handle.to_string(),
            display_name: Some(format!("{handle} display")),
            bio: Some("Coach. Workouts daily.".to_string()),
            profile_url: format!("https://social.example/@{handle}"),
            avatar_url: None,
            links: vec!["https://example.com".to_string()],
            followers: Some(followers),
            following: Some(10),
            post_count: Some(2),
            location: None,
            languages: vec!["en".to_string()],
            contact_email: None,
            created_at: Some(at(1)),
            is_bot: false,
            provenance: Provenance {
                source_url: format!("https://social.example/api/v1/accounts/lookup?acct={handle}"),
                fetched_at: at(10),
                method: "mastodon-api".to_string(),
                content_hash: hash.to_string(),
            },
        },
        posts: vec![
            post(handle, "p1", Some(2), 10),
            post(handle, "p2", Some(5), 20),
            post(handle, "p0", None, 1),
        ],
        audience: vec![
            sample(handle, "fan1"),
            AudienceSample {
                reply_likes: Some(2),
                post_count: Some(340),
                ..sample(handle, "fan2")
            },
        ],
    }
}

fn open_temp() -> (TempDir, Store) {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&dir.path().join("nested/store.sqlite")).unwrap();
    (dir, store)
}

#[test]
fn upserting_twice_keeps_one_row_each_and_adds_history() {
    let (_dir, mut store) = open_temp();
    let batch = vec![
        (record("alice", 1000, "h-alice"), Some(0.02)),
        (record("bob", 20_000, "h-bob"), None),
    ];
    let first = store.upsert_records(&batch).unwrap();
    assert_eq!(
        first,
        UpsertSummary {
            created: 2,
            updated: 0,
            unchanged: 0,
            posts_written: 6,
            samples_written: 4,
            snapshots: 2,
            tombstoned: 0,
        }
    );
    let times_before = store.creator_times(&creator_id("alice")).unwrap().unwrap();

    let second = store.upsert_records(&batch).unwrap();
    assert_eq!(second.created, 0);
    assert_eq!(second.unchanged, 2);
    assert_eq!(second.snapshots, 2);
    assert_eq!(
        store.counts().unwrap(),
        StoreCounts {
            creators: 2,
            posts: 6,
            audience_samples: 4,
            snapshots: 4,
        }
    );
    let times_after = store.creator_times(&creator_id("alice")).unwrap().unwrap();
    assert_eq!(
        times_before, times_after,
        "unchanged content keeps both times"
    );

    let history = store.snapshots(&creator_id("alice")).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].followers, Some(1000));
    assert_eq!(history[0].engagement_rate, Some(0.02));
    assert_eq!(history[0].taken_at, at(10));
}

#[test]
fn changed_profile_and_counters_are_updated_in_place() {
    let (_dir, mut store) = open_temp();
    store
        .upsert_records(&[(record("alice", 1000, "h1"), Some(0.01))])
        .unwrap();
    let first_seen = store
        .creator_times(&creator_id("alice"))
        .unwrap()
        .unwrap()
        .first_seen_at;

    let mut recrawl = record("alice", 1500, "h2");
    recrawl.creator.bio = Some("Now also yoga".to_string());
    recrawl.creator.provenance.fetched_at = at(20);
    recrawl.posts[0].likes = Some(99);
    recrawl.posts.push(post("alice", "p3ad", Some(7), 5));
    recrawl.audience[0].followers = Some(77);
    let summary = store.upsert_records(&[(recrawl, Some(0.03))]).unwrap();
    assert_eq!(summary.updated, 1);
    assert_eq!(summary.posts_written, 4);

    let stored = store.creator(&creator_id("alice")).unwrap().unwrap();
    assert_eq!(stored.creator.followers, Some(1500));
    assert_eq!(stored.creator.bio.as_deref(), Some("Now also yoga"));
    assert_eq!(stored.creator.provenance.fetched_at, at(20));
    let ids: Vec<&str> = stored.posts.iter().map(|post| post.id.as_str()).collect();
    assert_eq!(
        ids,
        vec!["p3ad", "p2", "p1", "p0"],
        "newest first, undated last"
    );
    let p1 = stored.posts.iter().find(|post| post.id == "p1").unwrap();
    assert_eq!(p1.likes, Some(99));
    assert!(stored.posts[0].sponsored);
    assert_eq!(stored.audience.len(), 2);
    assert_eq!(stored.audience[0].followers, Some(77));
    assert_eq!(
        store.engagement_rate(&creator_id("alice")).unwrap(),
        Some(0.03)
    );

    let times = store.creator_times(&creator_id("alice")).unwrap().unwrap();
    assert_eq!(first_seen, times.first_seen_at);
    assert!(
        times.updated_at > first_seen,
        "changed content moves updated_at"
    );
    assert_eq!(store.snapshots(&creator_id("alice")).unwrap().len(), 2);
}

#[test]
fn stored_record_round_trips_every_field() {
    let (_dir, mut store) = open_temp();
    let original = record("carol", 42, "h");
    store.upsert_records(&[(original.clone(), None)]).unwrap();
    let stored = store.creator(&creator_id("carol")).unwrap().unwrap();
    assert_eq!(stored.creator, original.creator);
    let mut expected_posts = original.posts.clone();
    expected_posts.sort_by_key(|post| std::cmp::Reverse(post.published_at));
    assert_eq!(stored.posts, expected_posts);
    assert_eq!(stored.audience, original.audience);
    assert!(store.creator(&creator_id("nobody")).unwrap().is_none());
}

#[test]
fn a_failing_record_rolls_back_the_whole_call() {
    let (_dir, mut store) = open_temp();
    store
        .upsert_records(&[(record("alice", 1000, "h1"), None)])
        .unwrap();

    let mut changed_alice = record("alice", 5000, "h2");
    changed_alice.posts[0].likes = Some(12_345);
    let mut broken = record("bob", 10, "hb");
    broken.posts[1].creator_id = creator_id("mallory");
    let error = store
        .upsert_records(&[
            (changed_alice, None),
            (record("dave", 7, "hd"), None),
            (broken, None),
        ])
        .unwrap_err();
    assert!(matches!(error, IndexError::InvalidInput(_)), "{error}");

    assert_eq!(
        store.counts().unwrap(),
        StoreCounts {
            creators: 1,
            posts: 3,
            audience_samples: 2,
            snapshots: 1,
        }
    );
    let alice = store.creator(&creator_id("alice")).unwrap().unwrap();
    assert_eq!(alice.creator.followers, Some(1000));
    assert!(alice.posts.iter().all(|post| post.likes != Some(12_345)));
    assert!(store.creator(&creator_id("dave")).unwrap().is_none());
}

#[test]
fn records_stream_every_creator_in_id_order_across_pages() {
    let (_dir, mut store) = open_temp();
    let batch: Vec<_> = (0..300)
        .map(|n| (record(&format!("user{n:03}"), n, "h"), None))
        .collect();
    store.upsert_records(&batch).unwrap();

    let mut seen = Vec::new();
    store
        .for_each_record(RecordStreamOptions::default(), |record| {
            assert_eq!(record.posts.len(), 3);
            assert_eq!(record.posts[0].id, "p2");
            assert_eq!(record.audience.len(), 2);
            seen.push(record.creator.id);
            Ok::<(), IndexError>(())
        })
        .unwrap();
    assert_eq!(seen.len(), 300);
    assert_eq!(seen, store.creator_ids().unwrap());
    assert!(seen.windows(2).all(|pair| pair[0] < pair[1]));

    let capped = RecordStreamOptions {
        max_posts_per_creator: Some(1),
        include_audience: false,
    };
    let records: Vec<_> = store.records(capped).collect::<Result<_, _>>().unwrap();
    assert_eq!(records.len(), 300);
    assert!(records
        .iter()
        .all(|record| record.posts.len() == 1 && record.audience.is_empty()));
    assert_eq!(records[0].posts[0].id, "p2");
}

#[test]
fn a_callback_error_stops_the_stream() {
    #[derive(Debug)]
    enum WalkError {
        Store,
        Enough,
    }
    impl From<IndexError> for WalkError {
        fn from(_: IndexError) -> Self {
            WalkError::Store
        }
    }
    let (_dir, mut store) = open_temp();
    let batch: Vec<_> = ["a", "b", "c", "d"]
        .iter()
        .map(|handle| (record(handle, 1, "h"), None))
        .collect();
    store.upsert_records(&batch).unwrap();
    let mut calls = 0;
    let outcome = store.for_each_record(RecordStreamOptions::default(), |_| {
        calls += 1;
        if calls == 2 {
            Err(WalkError::Enough)
        } else {
            Ok(())
        }
    });
    assert!(matches!(outcome, Err(WalkError::Enough)));
    assert_eq!(calls, 2);
}

#[test]
fn engagement_rates_unknown_non_finite_and_missing() {
    let (_dir, mut store) = open_temp();
    store
        .upsert_records(&[(record("nan", 1, "h"), Some(f64::NAN))])
        .unwrap();
    assert_eq!(store.engagement_rate(&creator_id("nan")).unwrap(), None);
    assert!(matches!(
        store.engagement_rate(&creator_id("ghost")),
        Err(IndexError::CreatorNotFound(_))
    ));
}

#[test]
fn reopening_read_only_sees_the_data_and_cannot_write() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("store.sqlite");
    assert!(matches!(
        Store::open_read_only(&path),
        Err(IndexError::StoreNotFound(_))
    ));
    {
        let mut store = Store::open(&path).unwrap();
        store
            .upsert_records(&[(record("alice", 1, "h"), None)])
            .unwrap();
        store.set_meta_value("index_built_at", "then").unwrap();
        store.set_meta_value("index_built_at", "now").unwrap();
    }
    let mut reader = Store::open_read_only(&path).unwrap();
    assert_eq!(
        reader.schema_version().unwrap(),
        super::schema::CURRENT_VERSION
    );
    assert_eq!(reader.counts().unwrap().creators, 1);
    assert_eq!(
        reader.meta_value("index_built_at").unwrap().as_deref(),
        Some("now")
    );
    assert_eq!(reader.meta_value("missing").unwrap(), None);
    assert!(reader.set_meta_value("k", "v").is_err());
    assert!(reader
        .upsert_records(&[(record("bob", 1, "h"), None)])
        .is_err());
}

#[test]
fn samples_stored_before_the_activity_columns_read_as_unknown_until_recrawled() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("store.sqlite");
    let original = record("dora", 42, "h");
    {
        let mut store = Store::open(&path).unwrap();
        store.upsert_records(&[(original.clone(), None)]).unwrap();
    }
    // Back to the version-8 table, as a store written by an older build has it.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "ALTER TABLE audience_samples DROP COLUMN reply_likes;
             ALTER TABLE audience_samples DROP COLUMN post_count;
             PRAGMA user_version = 8;",
        )
        .unwrap();
    }
    assert!(matches!(
        Store::open_read_only(&path),
        Err(IndexError::StoreNeedsMigration { found: 8, .. })
    ));
    let mut store = Store::open(&path).unwrap();
    let old = store.creator(&creator_id("dora")).unwrap().unwrap();
    assert_eq!(old.audience.len(), 2);
    assert!(old
        .audience
        .iter()
        .all(|sample| sample.reply_likes.is_none() && sample.post_count.is_none()));
    store.upsert_records(&[(original.clone(), None)]).unwrap();
    let recrawled = store.creator(&creator_id("dora")).unwrap().unwrap();
    assert_eq!(recrawled.audience, original.audience);
    assert_eq!(
        (
            recrawled.audience[1].reply_likes,
            recrawled.audience[1].post_count
        ),
        (Some(2), Some(340))
    );
}

#[test]
fn a_store_from_a_newer_build_is_refused() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("store.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    assert!(matches!(
        Store::open(&path),
        Err(IndexError::UnsupportedStoreVersion { found: 99, .. })
    ));
    assert!(matches!(
        Store::open_read_only(&path),
        Err(IndexError::UnsupportedStoreVersion { found: 99, .. })
    ));
}

#[test]
fn forgetting_deletes_everything_and_keeps_the_creator_out() {
    let (_dir, mut store) = open_temp();
    let alice = record("alice", 1_000, "h1");
    let bob = record("bob", 2_000, "h2");
    store
        .upsert_records(&[(alice.clone(), Some(0.01)), (bob.clone(), None)])
        .unwrap();
    let id = alice.creator.id.clone();

    assert!(store.forget(&id, "removal request").unwrap());
    assert!(store.creator(&id).unwrap().is_none());
    assert!(store.snapshots(&id).unwrap().is_empty());
    assert!(store.tombstones().unwrap().contains(&id));
    let counts = store.counts().unwrap();
    assert_eq!(counts.creators, 1);
    assert_eq!(store.creator_count().unwrap(), 1);
    assert_eq!(counts.posts as usize, bob.posts.len());

    // A later crawl or import of the same creator is refused, the others still land.
    let summary = store
        .upsert_records(&[(alice, Some(0.02)), (bob, None)])
        .unwrap();
    assert_eq!(summary.tombstoned, 1);
    assert_eq!(summary.unchanged + summary.updated, 1);
    assert!(store.creator(&id).unwrap().is_none());

    // Forgetting an unknown id records the tombstone without error.
    let ghost = creator_id("ghost");
    assert!(!store.forget(&ghost, "removal request").unwrap());
    assert!(store.tombstones().unwrap().contains(&ghost));
}

#[test]
fn unchanged_checks_add_a_snapshot_with_the_stored_counts() {
    let (_dir, mut store) = open_temp();
    let alice = record("alice", 1_000, "h1");
    let id = alice.creator.id.clone();
    store.upsert_records(&[(alice, Some(0.02))]).unwrap();
    let added = store
        .record_unchanged(&[(id.clone(), at(20)), (creator_id("nobody"), at(20))])
        .unwrap();
    assert_eq!(added, 1);
    let snapshots = store.snapshots(&id).unwrap();
    assert_eq!(snapshots.len(), 2);
    assert_eq!(snapshots[1].taken_at, at(20));
    assert_eq!(snapshots[1].followers, Some(1_000));
    assert_eq!(snapshots[1].engagement_rate, Some(0.02));
}

#[test]
fn the_newest_snapshot_is_the_latest_observation_of_any_creator() {
    let (_dir, mut store) = open_temp();
    assert_eq!(store.newest_snapshot_at().unwrap(), None);
    let mut bob = record("bob", 500, "h-bob");
    bob.creator.provenance.fetched_at = at(25);
    store
        .upsert_records(&[(record("alice", 1_000, "h1"), None), (bob, None)])
        .unwrap();
    assert_eq!(store.newest_snapshot_at().unwrap(), Some(at(25)));
    store
        .record_unchanged(&[(creator_id("alice"), at(28))])
        .unwrap();
    assert_eq!(store.newest_snapshot_at().unwrap(), Some(at(28)));
}

/// Everything the store's read paths return for `ids`, to compare a store before and after a
/// migration.
fn every_read(store: &Store, ids: &[CreatorId]) -> String {
    let mut reads = Vec::new();
    for id in ids {
        reads.push(format!("{:?}", store.creator_with_history(id).unwrap()));
        reads.push(format!("{:?}", store.creator_profile(id).unwrap()));
        let mut visited = Vec::new();
        store
            .visit_recent_posts(id, 4, |post| {
                visited.push(post);
                std::ops::ControlFlow::Continue(())
            })
            .unwrap();
        reads.push(format!("{visited:?}"));
    }
    for max_posts in [None, Some(2)] {
        reads.push(format!(
            "{:?}",
            store.index_sources_after("", 2, max_posts).unwrap()
        ));
        reads.push(format!(
            "{:?}",
            store.index_sources_between("", None, max_posts).unwrap()
        ));
        reads.push(format!(
            "{:?}",
            store.index_sources_of(&ids[1..], max_posts).unwrap()
        ));
    }
    let options = RecordStreamOptions {
        max_posts_per_creator: Some(3),
        include_audience: true,
    };
    let records: Vec<_> = store.records(options).map(Result::unwrap).collect();
    reads.push(format!("{records:?}"));
    let mut groups = Vec::new();
    store
        .for_each_commenter_group(|samples| {
            groups.push(format!("{samples:?}"));
            Ok::<(), IndexError>(())
        })
        .unwrap();
    reads.push(groups.join("\n"));
    reads.push(format!("{:?}", store.counts().unwrap()));
    reads.join("\n")
}

#[test]
fn a_version_9_store_is_clustered_by_creator_with_every_row_read_as_before() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("store.sqlite");
    // Creators with undated posts, posts published at the same time, more posts than a page
    // keeps, and none at all.
    let mut busy = record("erin", 5_000, "h-erin");
    busy.posts = (0..40)
        .map(|index| {
            post(
                "erin",
                &format!("q{:02}", (index * 7) % 40),
                Some(1 + index % 6),
                index as u64,
            )
        })
        .collect();
    busy.posts.push(post("erin", "undated", None, 3));
    let mut quiet = record("finn", 10, "h-finn");
    quiet.posts.clear();
    quiet.audience.clear();
    let records = vec![
        (record("carol", 300, "h-carol"), Some(0.05)),
        (busy, Some(0.01)),
        (quiet, None),
        (record("alice", 1_000, "h-alice"), None),
    ];
    let ids: Vec<CreatorId> = ["alice", "carol", "erin", "finn"]
        .into_iter()
        .map(creator_id)
        .collect();
    // Written by the version-9 schema, as the build before this one left a store.
    let before = {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        super::schema::migrate_to(&mut conn, 9).unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        let mut store = Store {
            conn,
            path: path.clone(),
        };
        store.upsert_records(&records).unwrap();
        // A second crawl of alice: one more snapshot, refreshed counters.
        store
            .upsert_records(&[(record("alice", 1_200, "h-alice2"), None)])
            .unwrap();
        assert_eq!(store.schema_version().unwrap(), 9);
        every_read(&store, &ids)
    };
    assert!(matches!(
        Store::open_read_only(&path),
        Err(IndexError::StoreNeedsMigration { found: 9, .. })
    ));

    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        super::schema::CURRENT_VERSION
    );
    assert_eq!(every_read(&store, &ids), before);
    assert_eq!(store.counts().unwrap().posts, 3 + 41 + 3);
    // Clustered: no rowid any more, and the posts-by-time index is gone.
    for table in ["posts", "audience_samples"] {
        assert!(
            store
                .conn
                .prepare(&format!("SELECT rowid FROM {table}"))
                .is_err(),
            "{table} still has a rowid"
        );
    }
    let indexes: Vec<String> = store
        .conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        !indexes.contains(&"posts_by_creator_published".to_string()),
        "{indexes:?}"
    );
    let foreign_keys: bool = store
        .conn
        .pragma_query_value(None, "foreign_keys", |row| row.get(0))
        .unwrap();
    assert!(
        foreign_keys,
        "foreign keys are enforced again after migrating"
    );

    // Upserts still replace a post and a sample by their key.
    let mut recrawled = record("carol", 310, "h-carol2");
    recrawled.posts[0].likes = Some(999);
    recrawled.audience[0].text = Some("changed".to_string());
    store.upsert_records(&[(recrawled, None)]).unwrap();
    let carol = store.creator(&creator_id("carol")).unwrap().unwrap();
    assert_eq!(carol.posts.len(), 3);
    assert!(carol.posts.iter().any(|post| post.likes == Some(999)));
    assert_eq!(carol.audience[0].text.as_deref(), Some("changed"));
    assert_eq!(store.counts().unwrap().posts, 3 + 41 + 3);

    // Deleting a creator row cascades to its posts and samples.
    store
        .conn
        .execute(
            "DELETE FROM creators WHERE id = ?1",
            [creator_id("erin").as_str()],
        )
        .unwrap();
    let counts = store.counts().unwrap();
    assert_eq!((counts.posts, counts.audience_samples), (6, 4));
    assert!(store.forget(&creator_id("alice"), "request").unwrap());
    let counts = store.counts().unwrap();
    assert_eq!(
        (counts.creators, counts.posts, counts.audience_samples),
        (2, 3, 2)
    );
}
