//! Writing crawl results: one transaction per [`Store::upsert_records`] call.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use scout_models::{AudienceSample, Creator, CreatorId, CreatorRecord, Post};

use super::codec::{encode_list, format_time, media_kind_name};
use super::{Store, UpsertSummary};
use crate::error::IndexError;

const SELECT_TOMBSTONE: &str = "SELECT 1 FROM tombstones WHERE creator_id = ?1";

const SELECT_CONTENT_HASH: &str = "SELECT content_hash FROM creators WHERE id = ?1";

/// Replaces a creator row by id; `first_seen_at` is kept and `updated_at` only moves when the
/// profile's content hash changed (or is empty).
const UPSERT_CREATOR: &str = "
INSERT INTO creators (
    id, platform, handle, display_name, bio, profile_url, avatar_url, links,
    followers, following, post_count, location, languages, contact_email, created_at, is_bot,
    source_url, fetched_at, method, content_hash, engagement_rate, first_seen_at, updated_at
) VALUES (
    ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
    ?17, ?18, ?19, ?20, ?21, ?22, ?23
)
ON CONFLICT (id) DO UPDATE SET
    platform = excluded.platform,
    handle = excluded.handle,
    display_name = excluded.display_name,
    bio = excluded.bio,
    profile_url = excluded.profile_url,
    avatar_url = excluded.avatar_url,
    links = excluded.links,
    followers = excluded.followers,
    following = excluded.following,
    post_count = excluded.post_count,
    location = excluded.location,
    languages = excluded.languages,
    contact_email = excluded.contact_email,
    created_at = excluded.created_at,
    is_bot = excluded.is_bot,
    source_url = excluded.source_url,
    fetched_at = excluded.fetched_at,
    method = excluded.method,
    content_hash = excluded.content_hash,
    engagement_rate = excluded.engagement_rate,
    updated_at = CASE
        WHEN creators.content_hash = excluded.content_hash AND excluded.content_hash <> ''
        THEN creators.updated_at
        ELSE excluded.updated_at
    END";

const UPSERT_POST: &str = "
INSERT INTO posts (
    creator_id, post_id, url, published_at, text, hashtags, mentions, media_kind, language,
    likes, comments, shares, views, sponsored
) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
ON CONFLICT (creator_id, post_id) DO UPDATE SET
    url = excluded.url,
    published_at = excluded.published_at,
    text = excluded.text,
    hashtags = excluded.hashtags,
    mentions = excluded.mentions,
    media_kind = excluded.media_kind,
    language = excluded.language,
    likes = excluded.likes,
    comments = excluded.comments,
    shares = excluded.shares,
    views = excluded.views,
    sponsored = excluded.sponsored";

const UPSERT_SAMPLE: &str = "
INSERT INTO audience_samples (
    creator_id, handle, display_name, bio, location, language, text, followers, following,
    has_avatar, account_created_at, is_bot, post_id, reply_likes, post_count
) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
ON CONFLICT (creator_id, handle) DO UPDATE SET
    display_name = excluded.display_name,
    bio = excluded.bio,
    location = excluded.location,
    language = excluded.language,
    text = excluded.text,
    followers = excluded.followers,
    following = excluded.following,
    has_avatar = excluded.has_avatar,
    account_created_at = excluded.account_created_at,
    is_bot = excluded.is_bot,
    post_id = excluded.post_id,
    reply_likes = excluded.reply_likes,
    post_count = excluded.post_count";

const INSERT_SNAPSHOT: &str = "
INSERT INTO snapshots (creator_id, taken_at, followers, following, post_count, engagement_rate)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/// How an upsert changed a creator row.
enum CreatorChange {
    Created,
    Updated,
    Unchanged,
}

impl Store {
    /// Writes crawl results in one transaction: each creator row is replaced by id
    /// (`first_seen_at` kept), posts are upserted by `(creator_id, post_id)` with fresh
    /// counters, audience samples by `(creator_id, handle)`, and one snapshot row is added per
    /// record, so re-crawls build history.
    ///
    /// The `f64` beside each record is its engagement rate as computed by the caller; a
    /// non-finite rate is stored as unknown. Any error (including a post or sample that names
    /// another creator) rolls the whole call back: nothing of it is written.
    pub fn upsert_records(
        &mut self,
        records: &[(CreatorRecord, Option<f64>)],
    ) -> Result<UpsertSummary, IndexError> {
        let transaction = self.conn.transaction()?;
        let mut summary = UpsertSummary::default();
        for (record, engagement_rate) in records {
            let engagement_rate = engagement_rate.filter(|rate| rate.is_finite());
            write_record(&transaction, record, engagement_rate, &mut summary)?;
        }
        transaction.commit()?;
        Ok(summary)
    }
}

impl Store {
    /// Lets this connection's write-ahead log grow to `pages` pages (4 KiB each) before it is
    /// copied back into the database (SQLite's default is 1,000). For long write streams such
    /// as a crawl: the B-tree pages every batch touches are then copied once per checkpoint
    /// instead of once every few batches, for a larger `-wal` file.
    pub fn set_checkpoint_pages(&self, pages: u32) -> Result<(), IndexError> {
        self.conn.pragma_update(None, "wal_autocheckpoint", pages)?;
        Ok(())
    }
}

impl Store {
    /// Records that creators were checked at `checked_at` and found unchanged (their sources
    /// answered "not modified"): one snapshot each with the stored counts, nothing rewritten.
    /// Unknown creators are skipped. Returns the snapshots added.
    pub fn record_unchanged(
        &mut self,
        checks: &[(CreatorId, DateTime<Utc>)],
    ) -> Result<usize, IndexError> {
        let transaction = self.conn.transaction()?;
        let mut added = 0;
        {
            let mut insert = transaction.prepare_cached(
                "INSERT INTO snapshots (creator_id, taken_at, followers, following, post_count, engagement_rate)
                 SELECT id, ?2, followers, following, post_count, engagement_rate
                 FROM creators WHERE id = ?1",
            )?;
            for (id, checked_at) in checks {
                added += insert.execute(params![id.as_str(), format_time(checked_at)])?;
            }
        }
        transaction.commit()?;
        Ok(added)
    }

    /// Honours a removal request: deletes the creator with its posts, audience samples and
    /// snapshots, and records a tombstone so that it is never written again. Returns whether
    /// the creator was in the store; forgetting an unknown id still records the tombstone.
    pub fn forget(&mut self, id: &CreatorId, reason: &str) -> Result<bool, IndexError> {
        let transaction = self.conn.transaction()?;
        let removed = transaction.execute("DELETE FROM creators WHERE id = ?1", [id.as_str()])?;
        // The cascades cover these too; deleting explicitly keeps the store clean even where
        // foreign keys are off.
        for table in ["posts", "audience_samples", "snapshots"] {
            transaction.execute(
                &format!("DELETE FROM {table} WHERE creator_id = ?1"),
                [id.as_str()],
            )?;
        }
        super::identities::unlink(&transaction, id)?;
        transaction.execute(
            "INSERT INTO tombstones (creator_id, requested_at, reason) VALUES (?1, ?2, ?3)
             ON CONFLICT (creator_id) DO UPDATE SET requested_at = excluded.requested_at, reason = excluded.reason",
            params![id.as_str(), format_time(&Utc::now()), reason],
        )?;
        transaction.commit()?;
        Ok(removed > 0)
    }
}

/// Writes one record inside the caller's transaction.
fn write_record(
    transaction: &Transaction<'_>,
    record: &CreatorRecord,
    engagement_rate: Option<f64>,
    summary: &mut UpsertSummary,
) -> Result<(), IndexError> {
    check_record(record)?;
    let creator = &record.creator;
    let tombstoned = transaction
        .prepare_cached(SELECT_TOMBSTONE)?
        .query_row([creator.id.as_str()], |_| Ok(()))
        .optional()?
        .is_some();
    if tombstoned {
        summary.tombstoned += 1;
        return Ok(());
    }
    match upsert_creator(transaction, creator, engagement_rate)? {
        CreatorChange::Created => summary.created += 1,
        CreatorChange::Updated => summary.updated += 1,
        CreatorChange::Unchanged => summary.unchanged += 1,
    }
    super::identities::relink(transaction, creator)?;
    for post in &record.posts {
        upsert_post(transaction, post)?;
        summary.posts_written += 1;
    }
    for sample in &record.audience {
        upsert_sample(transaction, sample)?;
        summary.samples_written += 1;
    }
    transaction
        .prepare_cached(INSERT_SNAPSHOT)?
        .execute(params![
            creator.id.as_str(),
            format_time(&creator.provenance.fetched_at),
            creator.followers,
            creator.following,
            creator.post_count,
            engagement_rate,
        ])?;
    summary.snapshots += 1;
    Ok(())
}

/// Rejects records whose parts do not belong together.
fn check_record(record: &CreatorRecord) -> Result<(), IndexError> {
    let creator_id = &record.creator.id;
    if creator_id.as_str().is_empty() {
        return Err(IndexError::InvalidInput("creator id is empty".to_string()));
    }
    if let Some(post) = record
        .posts
        .iter()
        .find(|post| post.creator_id != *creator_id)
    {
        return Err(IndexError::InvalidInput(format!(
            "post {} belongs to {}, not to {creator_id}",
            post.id, post.creator_id
        )));
    }
    if record.posts.iter().any(|post| post.id.is_empty()) {
        return Err(IndexError::InvalidInput(format!(
            "a post of {creator_id} has an empty id"
        )));
    }
    if let Some(sample) = record
        .audience
        .iter()
        .find(|sample| sample.creator_id != *creator_id)
    {
        return Err(IndexError::InvalidInput(format!(
            "audience sample {} belongs to {}, not to {creator_id}",
            sample.handle, sample.creator_id
        )));
    }
    Ok(())
}

fn upsert_creator(
    transaction: &Transaction<'_>,
    creator: &Creator,
    engagement_rate: Option<f64>,
) -> Result<CreatorChange, IndexError> {
    let previous_hash: Option<String> = transaction
        .prepare_cached(SELECT_CONTENT_HASH)?
        .query_row([creator.id.as_str()], |row| row.get(0))
        .optional()?;
    let provenance = &creator.provenance;
    let change = match previous_hash {
        None => CreatorChange::Created,
        Some(hash) if !hash.is_empty() && hash == provenance.content_hash => {
            CreatorChange::Unchanged
        }
        Some(_) => CreatorChange::Updated,
    };
    let now = format_time(&Utc::now());
    transaction
        .prepare_cached(UPSERT_CREATOR)?
        .execute(params![
            creator.id.as_str(),
            creator.platform.as_str(),
            creator.handle,
            creator.display_name,
            creator.bio,
            creator.profile_url,
            creator.avatar_url,
            encode_list(&creator.links)?,
            creator.followers,
            creator.following,
            creator.post_count,
            creator.location,
            encode_list(&creator.languages)?,
            creator.contact_email,
            creator.created_at.as_ref().map(format_time),
            creator.is_bot,
            provenance.source_url,
            format_time(&provenance.fetched_at),
            provenance.method,
            provenance.content_hash,
            engagement_rate,
            now,
            now,
        ])?;
    Ok(change)
}

fn upsert_post(transaction: &Transaction<'_>, post: &Post) -> Result<(), IndexError> {
    transaction.prepare_cached(UPSERT_POST)?.execute(params![
        post.creator_id.as_str(),
        post.id,
        post.url,
        post.published_at.as_ref().map(format_time),
        post.text,
        encode_list(&post.hashtags)?,
        encode_list(&post.mentions)?,
        post.media_kind.map(media_kind_name),
        post.language,
        post.likes,
        post.comments,
        post.shares,
        post.views,
        post.sponsored,
    ])?;
    Ok(())
}

fn upsert_sample(transaction: &Transaction<'_>, sample: &AudienceSample) -> Result<(), IndexError> {
    transaction.prepare_cached(UPSERT_SAMPLE)?.execute(params![
        sample.creator_id.as_str(),
        sample.handle,
        sample.display_name,
        sample.bio,
        sample.location,
        sample.language,
        sample.text,
        sample.followers,
        sample.following,
        sample.has_avatar,
        sample.account_created_at.as_ref().map(format_time),
        sample.is_bot,
        sample.post_id,
        sample.reply_likes,
        sample.post_count,
    ])?;
    Ok(())
}
