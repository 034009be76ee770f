//! The store's SQL schema and its migrations, versioned with `PRAGMA user_version`.
//!
//! Migration `n` (1-based) brings a store from version `n - 1` to `n`; each runs in its own
//! transaction together with the version bump, so a failed migration leaves the store as it was.
//! Column types are spelled the way PostgreSQL also accepts them (`TEXT`, `BIGINT`,
//! `DOUBLE PRECISION`, `BOOLEAN`); times are RFC 3339 UTC text with microseconds (fixed width,
//! so text order is time order); list-valued columns hold JSON arrays.

use rusqlite::Connection;

use crate::error::IndexError;

/// The schema version this build writes and reads.
pub(crate) const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// Migrations in order; index `i` creates version `i + 1`.
const MIGRATIONS: &[&str] = &[
    V1_INITIAL,
    V2_TOMBSTONES,
    V3_API_KEYS,
    V4_IDENTITIES,
    V5_SHORTLISTS_FEEDBACK,
    V6_RANKER_UPDATES,
    V7_CRAWL_JOBS,
    V8_RANKER_SNAPSHOTS,
    V9_SAMPLE_ACTIVITY,
    V10_CLUSTERED_BY_CREATOR,
];

/// Version 1: creators, posts, audience samples, snapshots and a key/value `meta` table.
///
/// `snapshots.id` is SQLite's rowid alias; the PostgreSQL form is
/// `BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY`.
const V1_INITIAL: &str = "
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE creators (
    id TEXT PRIMARY KEY,
    platform TEXT NOT NULL,
    handle TEXT NOT NULL,
    display_name TEXT,
    bio TEXT,
    profile_url TEXT NOT NULL,
    avatar_url TEXT,
    links TEXT NOT NULL DEFAULT '[]',
    followers BIGINT,
    following BIGINT,
    post_count BIGINT,
    location TEXT,
    languages TEXT NOT NULL DEFAULT '[]',
    contact_email TEXT,
    created_at TEXT,
    is_bot BOOLEAN NOT NULL DEFAULT FALSE,
    source_url TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    method TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    engagement_rate DOUBLE PRECISION,
    first_seen_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE posts (
    creator_id TEXT NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
    post_id TEXT NOT NULL,
    url TEXT NOT NULL,
    published_at TEXT,
    text TEXT NOT NULL,
    hashtags TEXT NOT NULL DEFAULT '[]',
    mentions TEXT NOT NULL DEFAULT '[]',
    media_kind TEXT,
    language TEXT,
    likes BIGINT,
    comments BIGINT,
    shares BIGINT,
    views BIGINT,
    sponsored BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (creator_id, post_id)
);

CREATE INDEX posts_by_creator_published ON posts (creator_id, published_at);

CREATE TABLE audience_samples (
    creator_id TEXT NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
    handle TEXT NOT NULL,
    display_name TEXT,
    bio TEXT,
    location TEXT,
    language TEXT,
    text TEXT,
    followers BIGINT,
    following BIGINT,
    has_avatar BOOLEAN NOT NULL DEFAULT FALSE,
    account_created_at TEXT,
    is_bot BOOLEAN NOT NULL DEFAULT FALSE,
    post_id TEXT,
    PRIMARY KEY (creator_id, handle)
);

CREATE TABLE snapshots (
    id INTEGER PRIMARY KEY,
    creator_id TEXT NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
    taken_at TEXT NOT NULL,
    followers BIGINT,
    following BIGINT,
    post_count BIGINT,
    engagement_rate DOUBLE PRECISION
);

CREATE INDEX snapshots_by_creator_taken ON snapshots (creator_id, taken_at);
";

/// Version 2: removal requests. A tombstoned creator's rows are deleted and it is never
/// written again, whoever brings it back (a crawl, an import).
const V2_TOMBSTONES: &str = "
CREATE TABLE tombstones (
    creator_id TEXT PRIMARY KEY,
    requested_at TEXT NOT NULL,
    reason TEXT NOT NULL
);
";

/// Version 3: API keys, stored as a SHA-256 of the key (never the key), with the public id
/// that starts the key, scopes as a JSON array and an optional per-key rate limit.
const V3_API_KEYS: &str = "
CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT,
    secret_hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL DEFAULT '[]',
    rate_limit_per_second DOUBLE PRECISION,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
";

/// Version 4: cross-platform identity (`identities.rs`): creators by profile URL key, mutual
/// `rel=me` / `sameAs` pairs with their two links, and the person each linked creator is part
/// of. Kept up to date as creators are written; creators written before it are linked when
/// they are written again.
const V4_IDENTITIES: &str = "
CREATE TABLE creator_urls (
    url_key TEXT NOT NULL,
    creator_id TEXT NOT NULL,
    PRIMARY KEY (url_key, creator_id)
);
CREATE INDEX creator_urls_by_creator ON creator_urls (creator_id);

CREATE TABLE identity_links (
    creator_a TEXT NOT NULL,
    creator_b TEXT NOT NULL,
    a_to_b TEXT NOT NULL,
    b_to_a TEXT NOT NULL,
    PRIMARY KEY (creator_a, creator_b)
);
CREATE INDEX identity_links_by_b ON identity_links (creator_b);

CREATE TABLE identities (
    creator_id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL
);
CREATE INDEX identities_by_person ON identities (person_id);
";

/// Version 5: shortlists with a note per creator, and keep/drop feedback on results
/// (`shortlists.rs`), each owned by the API key that wrote it ('' without auth).
const V5_SHORTLISTS_FEEDBACK: &str = "
CREATE TABLE shortlists (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (owner, name)
);

CREATE TABLE shortlist_creators (
    shortlist_id BIGINT NOT NULL,
    creator_id TEXT NOT NULL,
    note TEXT,
    added_at TEXT NOT NULL,
    PRIMARY KEY (shortlist_id, creator_id)
);
CREATE INDEX shortlist_creators_by_creator ON shortlist_creators (creator_id);

CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    creator_id TEXT NOT NULL,
    query TEXT NOT NULL,
    label TEXT NOT NULL,
    grade INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX feedback_by_creator ON feedback (creator_id);
";

/// Version 6: the learned ranker's update log (`feedback.rs`): the preference pairs each
/// judgement taught it, as signal values (no creator ids), replayed in `id` order at load.
const V6_RANKER_UPDATES: &str = "
CREATE TABLE ranker_updates (
    id INTEGER PRIMARY KEY,
    feedback_id BIGINT NOT NULL,
    preferred TEXT NOT NULL,
    other TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX feedback_by_query ON feedback (query);
";

/// Version 7: crawl jobs started through the API (`jobs.rs`), so they answer across restarts.
const V7_CRAWL_JOBS: &str = "
CREATE TABLE crawl_jobs (
    id INTEGER PRIMARY KEY,
    seeds TEXT NOT NULL,
    force BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    pages BIGINT NOT NULL,
    records BIGINT NOT NULL,
    unchanged BIGINT NOT NULL,
    errors BIGINT NOT NULL,
    queued BIGINT NOT NULL,
    result TEXT,
    error TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
);
";

/// Version 8: compaction of the ranker update log (`feedback.rs`). Each logged pair names the
/// ranker it was learned on (`ranker_base`: model version and starting weights; rows logged
/// before this version have none until a load adopts them); a snapshot holds the ranker with a
/// base's oldest pairs folded in, and those pairs are deleted. The log is rebuilt with
/// `AUTOINCREMENT` ids (PostgreSQL: an identity column), so a pair logged after a fold never
/// gets the id of a folded one.
const V8_RANKER_SNAPSHOTS: &str = "
CREATE TABLE ranker_updates_v8 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    feedback_id BIGINT NOT NULL,
    preferred TEXT NOT NULL,
    other TEXT NOT NULL,
    created_at TEXT NOT NULL,
    ranker_base TEXT
);
INSERT INTO ranker_updates_v8 (id, feedback_id, preferred, other, created_at)
    SELECT id, feedback_id, preferred, other, created_at FROM ranker_updates;
DROP TABLE ranker_updates;
ALTER TABLE ranker_updates_v8 RENAME TO ranker_updates;
CREATE INDEX ranker_updates_by_base ON ranker_updates (ranker_base, id);
CREATE TABLE ranker_snapshots (
    ranker_base TEXT PRIMARY KEY,
    ranker TEXT NOT NULL,
    folded_through BIGINT NOT NULL,
    folded_pairs BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
";

/// Version 9: what an audience sample shows of the replier's activity: the likes its reply
/// received and the posts its account has published (unknown, `NULL`, for older rows).
const V9_SAMPLE_ACTIVITY: &str = "
ALTER TABLE audience_samples ADD COLUMN reply_likes BIGINT;
ALTER TABLE audience_samples ADD COLUMN post_count BIGINT;
";

/// Version 10: posts and audience samples clustered by creator. Both become `WITHOUT ROWID`
/// tables whose B-tree is their primary key, so a creator's rows sit side by side and reading
/// them (a page of creators for the index build, a result's evidence) walks one key range
/// instead of seeking from an index into the table once per row. `posts_by_creator_published`
/// goes: the readers sort a creator's posts by time themselves (`stream.rs`) or let SQLite
/// sort the few rows of one creator (`evidence.rs`, `read.rs`). The PostgreSQL form of a
/// clustered table is a plain table with the same primary key (`CLUSTER` on it).
///
/// The rows are copied as they are (foreign key checks are off while migrating, see
/// [`migrate`]), in key order so the new B-trees are written left to right.
const V10_CLUSTERED_BY_CREATOR: &str = "
CREATE TABLE posts_v10 (
    creator_id TEXT NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
    post_id TEXT NOT NULL,
    url TEXT NOT NULL,
    published_at TEXT,
    text TEXT NOT NULL,
    hashtags TEXT NOT NULL DEFAULT '[]',
    mentions TEXT NOT NULL DEFAULT '[]',
    media_kind TEXT,
    language TEXT,
    likes BIGINT,
    comments BIGINT,
    shares BIGINT,
    views BIGINT,
    sponsored BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (creator_id, post_id)
) WITHOUT ROWID;
INSERT INTO posts_v10 (
    creator_id, post_id, url, published_at, text, hashtags, mentions, media_kind, language,
    likes, comments, shares, views, sponsored
)
    SELECT creator_id, post_id, url, published_at, text, hashtags, mentions, media_kind,
        language, likes, comments, shares, views, sponsored
    FROM posts ORDER BY creator_id, post_id;
DROP TABLE posts;
ALTER TABLE posts_v10 RENAME TO posts;

CREATE TABLE audience_samples_v10 (
    creator_id TEXT NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
    handle TEXT NOT NULL,
    display_name TEXT,
    bio TEXT,
    location TEXT,
    language TEXT,
    text TEXT,
    followers BIGINT,
    following BIGINT,
    has_avatar BOOLEAN NOT NULL DEFAULT FALSE,
    account_created_at TEXT,
    is_bot BOOLEAN NOT NULL DEFAULT FALSE,
    post_id TEXT,
    reply_likes BIGINT,
    post_count BIGINT,
    PRIMARY KEY (creator_id, handle)
) WITHOUT ROWID;
INSERT INTO audience_samples_v10 (
    creator_id, handle, display_name, bio, location, language, text, followers, following,
    has_avatar, account_created_at, is_bot, post_id, reply_likes, post_count
)
    SELECT creator_id, handle, display_name, bio, location, language, text, followers,
        following, has_avatar, account_created_at, is_bot, post_id, reply_likes, post_count
    FROM audience_samples ORDER BY creator_id, handle;
DROP TABLE audience_samples;
ALTER TABLE audience_samples_v10 RENAME TO audience_samples;
";

/// Reads the schema version stored in the file header.
pub(crate) fn stored_version(conn: &Connection) -> Result<i64, IndexError> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Applies every migration the store has not seen yet, with foreign key enforcement off (the
/// caller turns it on afterwards): SQLite's procedure for rebuilding a table, so that copying
/// rows into a rebuilt table does not look each one's creator up and dropping the old table
/// deletes nothing through a cascade. Once a migration has run, the write-ahead log is
/// truncated: a rebuild writes whole tables through it in one transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), IndexError> {
    migrate_to(conn, CURRENT_VERSION)
}

/// [`migrate`] up to version `target` (at most [`CURRENT_VERSION`]); tests make stores as
/// older builds wrote them with it.
pub(crate) fn migrate_to(conn: &mut Connection, target: i64) -> Result<(), IndexError> {
    let found = stored_version(conn)?;
    if found > CURRENT_VERSION {
        return Err(IndexError::UnsupportedStoreVersion {
            found,
            supported: CURRENT_VERSION,
        });
    }
    let already_applied = usize::try_from(found).unwrap_or(0);
    let target = usize::try_from(target.min(CURRENT_VERSION)).unwrap_or(0);
    if already_applied >= target {
        return Ok(());
    }
    conn.pragma_update(None, "foreign_keys", false)?;
    for (position, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target)
        .skip(already_applied)
    {
        if found > 0 {
            // Said before it starts: a rebuild of a large store's tables runs for minutes.
            tracing::info!(
                from = position,
                to = position + 1,
                "upgrading the store (one transaction: interrupted, it is rolled back)"
            );
        }
        let started = std::time::Instant::now();
        let transaction = conn.transaction()?;
        transaction.execute_batch(sql)?;
        transaction.pragma_update(None, "user_version", position as i64 + 1)?;
        transaction.commit()?;
        let seconds = started.elapsed().as_secs_f64();
        if found > 0 {
            // An existing store upgraded: rebuilding a large table takes a while.
            tracing::info!(version = position + 1, seconds, "store migrated");
        } else {
            tracing::debug!(version = position + 1, seconds, "store migrated");
        }
    }
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

/// Fails unless a store opened read-only is exactly at the current version.
pub(crate) fn check_current(conn: &Connection) -> Result<(), IndexError> {
    let found = stored_version(conn)?;
    if found > CURRENT_VERSION {
        return Err(IndexError::UnsupportedStoreVersion {
            found,
            supported: CURRENT_VERSION,
        });
    }
    if found < CURRENT_VERSION {
        return Err(IndexError::StoreNeedsMigration {
            found,
            required: CURRENT_VERSION,
        });
    }
    Ok(())
}
