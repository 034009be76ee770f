//! Read paths for indexing: creators a page at a time with their newest posts, audience samples
//! and snapshot history, each table read with one ordered query per page (not one per
//! creator); the creators changed since a snapshot watermark; and every creator's commenter
//! handles for the pod overlap, without assembling records.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, Row};
use scout_models::{AudienceSample, Creator, CreatorId, CreatorRecord, Post, Snapshot};

use super::codec::{decode_list, parse_creator_id, parse_media_kind, parse_time};
use super::read::{creator_from_row, CREATOR_COLUMNS, POST_COLUMNS, SAMPLE_COLUMNS};
use super::Store;
use crate::error::IndexError;

/// A creator as indexing needs it: the record (newest posts first) and its snapshots, oldest
/// first.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexSource {
    pub record: CreatorRecord,
    pub snapshots: Vec<Snapshot>,
}

/// Which rows of the child tables belong to a page of creators.
enum PageFilter {
    /// Every creator with an id in `first..=last` is in the page (an id-ordered page).
    Range { first: String, last: String },
    /// Exactly these creators (a JSON array of ids, for `json_each`).
    Ids(String),
}

impl PageFilter {
    fn clause(&self) -> &'static str {
        match self {
            PageFilter::Range { .. } => "creator_id >= ?1 AND creator_id <= ?2",
            PageFilter::Ids(_) => "creator_id IN (SELECT value FROM json_each(?1))",
        }
    }

    fn params(&self) -> Vec<Value> {
        match self {
            PageFilter::Range { first, last } => {
                vec![Value::Text(first.clone()), Value::Text(last.clone())]
            }
            PageFilter::Ids(json) => vec![Value::Text(json.clone())],
        }
    }
}

impl Store {
    /// Up to `limit` creators with an id after `after` (all from the start when empty), in id
    /// order, each with its newest `max_posts` posts (all when `None`), its audience samples
    /// and its snapshots: four queries for the whole page.
    pub fn index_sources_after(
        &self,
        after: &str,
        limit: usize,
        max_posts: Option<usize>,
    ) -> Result<Vec<IndexSource>, IndexError> {
        let sql =
            format!("SELECT {CREATOR_COLUMNS} FROM creators WHERE id > ?1 ORDER BY id LIMIT ?2");
        let mut statement = self.conn.prepare_cached(&sql)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut rows = statement.query(rusqlite::params![after, limit])?;
        let mut creators = Vec::with_capacity(usize::try_from(limit).unwrap_or(0).min(1024));
        while let Some(row) = rows.next()? {
            creators.push(creator_from_row(row)?);
        }
        attach_range(&self.conn, creators, max_posts)
    }

    /// The creators with an id after `after` and up to `through` (to the last one when
    /// `None`), in id order, read as [`Store::index_sources_after`] reads them: a page whose
    /// bounds were set beforehand (see [`Store::creator_id_after`]), so that several
    /// connections can read the pages of one pass at once.
    pub fn index_sources_between(
        &self,
        after: &str,
        through: Option<&str>,
        max_posts: Option<usize>,
    ) -> Result<Vec<IndexSource>, IndexError> {
        let mut creators = Vec::new();
        match through {
            Some(through) => {
                let sql = format!(
                    "SELECT {CREATOR_COLUMNS} FROM creators WHERE id > ?1 AND id <= ?2 ORDER BY id"
                );
                let mut statement = self.conn.prepare_cached(&sql)?;
                let mut rows = statement.query([after, through])?;
                while let Some(row) = rows.next()? {
                    creators.push(creator_from_row(row)?);
                }
            }
            None => {
                let sql =
                    format!("SELECT {CREATOR_COLUMNS} FROM creators WHERE id > ?1 ORDER BY id");
                let mut statement = self.conn.prepare_cached(&sql)?;
                let mut rows = statement.query([after])?;
                while let Some(row) = rows.next()? {
                    creators.push(creator_from_row(row)?);
                }
            }
        }
        attach_range(&self.conn, creators, max_posts)
    }

    /// The id `skip` places past the first creator after `after` in id order: the last id of
    /// the page of `skip + 1` creators after `after`; `None` when fewer creators follow.
    pub fn creator_id_after(&self, after: &str, skip: usize) -> Result<Option<String>, IndexError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id FROM creators WHERE id > ?1 ORDER BY id LIMIT 1 OFFSET ?2",
        )?;
        let skip = i64::try_from(skip).unwrap_or(i64::MAX);
        let mut rows = statement.query(rusqlite::params![after, skip])?;
        Ok(match rows.next()? {
            Some(row) => Some(row.get(0)?),
            None => None,
        })
    }

    /// The stored creators among `ids`, in id order, as [`Store::index_sources_after`] reads
    /// them; unknown ids are skipped.
    pub fn index_sources_of(
        &self,
        ids: &[CreatorId],
        max_posts: Option<usize>,
    ) -> Result<Vec<IndexSource>, IndexError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let json = serde_json::to_string(&ids.iter().map(CreatorId::as_str).collect::<Vec<_>>())
            .map_err(|error| IndexError::InvalidInput(format!("creator ids: {error}")))?;
        let filter = PageFilter::Ids(json);
        let sql = format!(
            "SELECT {CREATOR_COLUMNS} FROM creators WHERE id IN (SELECT value FROM json_each(?1)) \
             ORDER BY id"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut rows = statement.query(params_from_iter(filter.params()))?;
        let mut creators = Vec::new();
        while let Some(row) = rows.next()? {
            creators.push(creator_from_row(row)?);
        }
        attach(&self.conn, creators, &filter, max_posts)
    }

    /// The newest snapshot row id (0 for an empty store): every write of a creator adds a
    /// snapshot, so this is a watermark for [`Store::creators_changed_since`].
    pub fn last_snapshot_id(&self) -> Result<i64, IndexError> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(id), 0) FROM snapshots", [], |row| {
                row.get(0)
            })?)
    }

    /// Creators written (crawled, re-checked or imported) after snapshot `watermark`, in id
    /// order.
    pub fn creators_changed_since(&self, watermark: i64) -> Result<Vec<CreatorId>, IndexError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT DISTINCT creator_id FROM snapshots WHERE id > ?1 ORDER BY creator_id",
        )?;
        let mut rows = statement.query([watermark])?;
        let mut ids = Vec::new();
        while let Some(row) = rows.next()? {
            ids.push(parse_creator_id(&row.get::<_, String>(0)?)?);
        }
        Ok(ids)
    }

    /// Calls `f` once per creator with audience samples, in id order, with samples that carry
    /// only the creator id and the commenter handle (all the pod overlap looks at): one
    /// ordered pass over one table.
    pub fn for_each_commenter_group<E>(
        &self,
        f: impl FnMut(&[AudienceSample]) -> Result<(), E>,
    ) -> Result<(), E>
    where
        E: From<IndexError>,
    {
        self.for_each_commenter_group_between("", None, f)
    }

    /// [`Store::for_each_commenter_group`] for the creators with an id after `after` and up to
    /// `through` (to the last one when `None`): ranges that several connections read at once.
    pub fn for_each_commenter_group_between<E>(
        &self,
        after: &str,
        through: Option<&str>,
        mut f: impl FnMut(&[AudienceSample]) -> Result<(), E>,
    ) -> Result<(), E>
    where
        E: From<IndexError>,
    {
        let (sql, params) = match through {
            Some(through) => (
                "SELECT creator_id, handle FROM audience_samples \
                 WHERE creator_id > ?1 AND creator_id <= ?2 ORDER BY creator_id",
                vec![after, through],
            ),
            None => (
                "SELECT creator_id, handle FROM audience_samples WHERE creator_id > ?1 \
                 ORDER BY creator_id",
                vec![after],
            ),
        };
        let mut statement = self.conn.prepare_cached(sql).map_err(IndexError::from)?;
        let mut rows = statement
            .query(params_from_iter(params))
            .map_err(IndexError::from)?;
        let mut group: Vec<AudienceSample> = Vec::new();
        let mut current = String::new();
        let mut current_id: Option<CreatorId> = None;
        while let Some(row) = rows.next().map_err(IndexError::from)? {
            let creator = row
                .get_ref(0)
                .and_then(|value| value.as_str().map_err(rusqlite::Error::from))
                .map_err(IndexError::from)?;
            let handle: String = row.get(1).map_err(IndexError::from)?;
            if current_id.is_none() || creator != current {
                if !group.is_empty() {
                    f(&group)?;
                    group.clear();
                }
                // Parsed once per creator, not per commenter.
                current_id = Some(parse_creator_id(creator)?);
                current = creator.to_string();
            }
            let Some(id) = current_id.as_ref() else {
                continue;
            };
            group.push(handle_only_sample(id.clone(), handle));
        }
        if !group.is_empty() {
            f(&group)?;
        }
        Ok(())
    }
}

/// A sample with nothing but who commented where.
fn handle_only_sample(creator_id: CreatorId, handle: String) -> AudienceSample {
    AudienceSample {
        creator_id,
        handle,
        display_name: None,
        bio: None,
        location: None,
        language: None,
        text: None,
        followers: None,
        following: None,
        has_avatar: false,
        account_created_at: None,
        is_bot: false,
        post_id: None,
        reply_likes: None,
        post_count: None,
    }
}

/// [`attach`] for creators read in id order with nothing between them left out: the child
/// rows are those of the id range from the first to the last.
fn attach_range(
    conn: &Connection,
    creators: Vec<Creator>,
    max_posts: Option<usize>,
) -> Result<Vec<IndexSource>, IndexError> {
    let (Some(first), Some(last)) = (creators.first(), creators.last()) else {
        return Ok(Vec::new());
    };
    let filter = PageFilter::Range {
        first: first.id.as_str().to_string(),
        last: last.id.as_str().to_string(),
    };
    attach(conn, creators, &filter, max_posts)
}

/// Reads the page's posts, samples and snapshots (one ordered query each) and assembles the
/// sources in the creators' order.
fn attach(
    conn: &Connection,
    creators: Vec<Creator>,
    filter: &PageFilter,
    max_posts: Option<usize>,
) -> Result<Vec<IndexSource>, IndexError> {
    let clause = filter.clause();
    let posts = newest_posts(conn, filter, max_posts)?;
    let samples = grouped(
        conn,
        &format!("SELECT {SAMPLE_COLUMNS} FROM audience_samples WHERE {clause} ORDER BY creator_id, handle"),
        filter,
        |row, id, group| {
            group.push(sample_from_row(row, id)?);
            Ok(())
        },
    )?;
    let snapshots = grouped(
        conn,
        &format!(
            "SELECT creator_id, taken_at, followers, following, post_count, engagement_rate \
             FROM snapshots WHERE {clause} ORDER BY creator_id, taken_at, id"
        ),
        filter,
        |row, id, group| {
            group.push(snapshot_from_row(row, id)?);
            Ok(())
        },
    )?;
    let (mut posts, mut samples, mut snapshots) = (
        posts.into_iter().peekable(),
        samples.into_iter().peekable(),
        snapshots.into_iter().peekable(),
    );
    Ok(creators
        .into_iter()
        .map(|creator| {
            let key = creator.id.as_str();
            let record = CreatorRecord {
                posts: take_group(&mut posts, key),
                audience: take_group(&mut samples, key),
                creator,
            };
            let snapshots = take_group(&mut snapshots, record.creator.id.as_str());
            IndexSource { record, snapshots }
        })
        .collect())
}

/// Rows of one creator, in the order the query gave them.
type Group<T> = (String, Vec<T>);

/// The rows of creator `key` from groups in creator id order, walked alongside creators in
/// the same order (groups of creators before `key`, which the page does not hold, are
/// skipped).
fn take_group<T>(
    groups: &mut std::iter::Peekable<std::vec::IntoIter<Group<T>>>,
    key: &str,
) -> Vec<T> {
    while let Some((creator, _)) = groups.peek() {
        match creator.as_str().cmp(key) {
            std::cmp::Ordering::Less => {
                groups.next();
            }
            std::cmp::Ordering::Equal => {
                return groups.next().map(|(_, rows)| rows).unwrap_or_default();
            }
            std::cmp::Ordering::Greater => break,
        }
    }
    Vec::new()
}

/// Rows of one creator allocated for at once, at most.
const PREALLOCATED_ROWS: usize = 64;

/// Runs a child-table query whose first column is the creator id, ordered by it (ascending
/// or descending), and groups the rows by creator in that order: `add` gets each row with
/// its creator's id (parsed once per creator) and the creator's rows kept so far, and decides
/// whether to decode it and where it goes.
fn grouped<T>(
    conn: &Connection,
    sql: &str,
    filter: &PageFilter,
    mut add: impl FnMut(&Row<'_>, &CreatorId, &mut Vec<T>) -> Result<(), IndexError>,
) -> Result<Vec<Group<T>>, IndexError> {
    let mut statement = conn.prepare_cached(sql)?;
    let mut rows = statement.query(params_from_iter(filter.params()))?;
    let mut groups: Vec<Group<T>> = Vec::new();
    let mut current_id: Option<CreatorId> = None;
    while let Some(row) = rows.next()? {
        // Compared in place: no string is made for a row of the current creator.
        let creator = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        if groups.last().is_none_or(|(current, _)| current != creator) {
            current_id = Some(parse_creator_id(creator)?);
            // Room for as many rows as the creator before had (creators have similar counts).
            let previous = groups.last().map_or(0, |(_, rows)| rows.len());
            groups.push((
                creator.to_string(),
                Vec::with_capacity(previous.min(PREALLOCATED_ROWS)),
            ));
        }
        let (Some((_, group)), Some(id)) = (groups.last_mut(), current_id.as_ref()) else {
            continue;
        };
        add(row, id, group)?;
    }
    Ok(groups)
}

/// The page's posts grouped by creator in id order, each creator's newest first (by
/// `published_at` descending, undated last, then `post_id` descending: the order of
/// `read::POST_ORDER`), at most `max_posts` of them.
///
/// Read in the order of the posts table's primary key, `(creator_id, post_id)`, walked
/// backwards: one walk over the page's key range with no sort in SQLite, each creator's rows
/// side by side, highest post id first. Once a creator has `max_posts` posts kept (in time
/// order), a row is decoded only when it is newer than the oldest of them, which it then
/// replaces: a store that keeps every post a re-crawl finds decodes the newest `max_posts`
/// of each creator, not all of them, where post ids grow with time (Mastodon, Bluesky, the
/// sim), and few more where they do not.
fn newest_posts(
    conn: &Connection,
    filter: &PageFilter,
    max_posts: Option<usize>,
) -> Result<Vec<Group<Post>>, IndexError> {
    let clause = filter.clause();
    let sql = format!(
        "SELECT {POST_COLUMNS} FROM posts WHERE {clause} ORDER BY creator_id DESC, post_id DESC"
    );
    let limit = max_posts.unwrap_or(usize::MAX);
    let mut groups = grouped(conn, &sql, filter, |row, id, kept| {
        if limit == 0 {
            return Ok(());
        }
        let published_at = time_from_column(row, 3)?;
        if kept.len() < limit {
            kept.push(post_from_row(row, id, published_at)?);
            if kept.len() == limit {
                // Full: in time order from now on, the oldest last.
                kept.sort_unstable_by(newest_first);
            }
            return Ok(());
        }
        let post_id = row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
        let newer =
            |post: &Post| post_order(post.published_at, &post.id, published_at, post_id).is_lt();
        if kept.last().is_some_and(newer) {
            // Older than every post kept: not decoded.
            return Ok(());
        }
        let place = kept.partition_point(newer);
        kept.pop();
        kept.insert(place, post_from_row(row, id, published_at)?);
        Ok(())
    })?;
    for (_, posts) in &mut groups {
        // A creator with fewer posts than the limit has them in the order they were read.
        if posts.len() < limit {
            posts.sort_unstable_by(newest_first);
        }
    }
    // Creators came in descending id order.
    groups.reverse();
    Ok(groups)
}

/// The order of `read::POST_ORDER` (post ids are unique per creator): the store writes times
/// in one fixed-width UTC spelling, so their text order there is their time order here.
fn newest_first(a: &Post, b: &Post) -> std::cmp::Ordering {
    post_order(a.published_at, &a.id, b.published_at, &b.id)
}

/// [`newest_first`] on a post's time and id: `Less` when post `a` comes before post `b`.
fn post_order(
    a_published_at: Option<DateTime<Utc>>,
    a_id: &str,
    b_published_at: Option<DateTime<Utc>>,
    b_id: &str,
) -> std::cmp::Ordering {
    // `None` (undated) sorts before any time, so descending puts it last.
    b_published_at
        .cmp(&a_published_at)
        .then_with(|| b_id.cmp(a_id))
}

/// Decodes a row selected with [`POST_COLUMNS`] whose creator id (column 0) is `creator_id`
/// and whose time (column 3) was read as `published_at` (as `read::post_from_row` does,
/// without parsing the id or the time again).
fn post_from_row(
    row: &Row<'_>,
    creator_id: &CreatorId,
    published_at: Option<DateTime<Utc>>,
) -> Result<Post, IndexError> {
    Ok(Post {
        creator_id: creator_id.clone(),
        id: row.get(1)?,
        url: row.get(2)?,
        published_at,
        text: row.get(4)?,
        hashtags: list_from_column(row, 5)?,
        mentions: list_from_column(row, 6)?,
        media_kind: row
            .get_ref(7)?
            .as_str_or_null()
            .map_err(rusqlite::Error::from)?
            .map(parse_media_kind)
            .transpose()?,
        language: row.get(8)?,
        likes: row.get(9)?,
        comments: row.get(10)?,
        shares: row.get(11)?,
        views: row.get(12)?,
        sponsored: row.get(13)?,
    })
}

/// Decodes a row selected with [`SAMPLE_COLUMNS`] whose creator id (column 0) is
/// `creator_id` (as `read::sample_from_row` does, without parsing the id again).
fn sample_from_row(row: &Row<'_>, creator_id: &CreatorId) -> Result<AudienceSample, IndexError> {
    Ok(AudienceSample {
        creator_id: creator_id.clone(),
        handle: row.get(1)?,
        display_name: row.get(2)?,
        bio: row.get(3)?,
        location: row.get(4)?,
        language: row.get(5)?,
        text: row.get(6)?,
        followers: row.get(7)?,
        following: row.get(8)?,
        has_avatar: row.get(9)?,
        account_created_at: time_from_column(row, 10)?,
        is_bot: row.get(11)?,
        post_id: row.get(12)?,
        reply_likes: row.get(13)?,
        post_count: row.get(14)?,
    })
}

/// A stored JSON list of strings (hashtags, mentions), read in place.
pub(super) fn list_from_column(row: &Row<'_>, column: usize) -> Result<Vec<String>, IndexError> {
    let raw = row
        .get_ref(column)?
        .as_str()
        .map_err(rusqlite::Error::from)?;
    match plain_list(raw) {
        Some(list) => Ok(list),
        None => decode_list(raw),
    }
}

/// A JSON array of strings without escapes or control characters (`["vegan","food"]`, the
/// way lists are stored), split without a JSON parser; `None` for anything else, which
/// [`decode_list`] reads.
fn plain_list(raw: &str) -> Option<Vec<String>> {
    let inner = raw.strip_prefix('[')?.strip_suffix(']')?;
    if inner.bytes().any(|byte| byte == b'\\' || byte < 0x20) {
        return None;
    }
    let mut list = Vec::new();
    let mut rest = inner;
    while !rest.is_empty() {
        let after_quote = rest.strip_prefix('"')?;
        let end = after_quote.find('"')?;
        list.push(after_quote[..end].to_string());
        rest = &after_quote[end + 1..];
        if !rest.is_empty() {
            rest = rest.strip_prefix(',')?;
            if rest.is_empty() {
                return None;
            }
        }
    }
    Some(list)
}

/// An optional stored time, read in place.
pub(super) fn time_from_column(
    row: &Row<'_>,
    column: usize,
) -> Result<Option<DateTime<Utc>>, IndexError> {
    row.get_ref(column)?
        .as_str_or_null()
        .map_err(rusqlite::Error::from)?
        .map(stored_time)
        .transpose()
}

/// A time as the store writes it (`2024-05-01T10:00:00.000000Z`, see `codec::format_time`),
/// read from its fixed positions; any other spelling goes to the RFC 3339 parser, so the
/// result is always [`parse_time`]'s.
pub(super) fn stored_time(raw: &str) -> Result<DateTime<Utc>, IndexError> {
    fixed_width_time(raw.as_bytes()).map_or_else(|| parse_time(raw), Ok)
}

/// The time of `YYYY-MM-DDTHH:MM:SS.ffffffZ`; `None` for anything else (including leap
/// seconds and impossible dates, left to the full parser).
fn fixed_width_time(raw: &[u8]) -> Option<DateTime<Utc>> {
    if raw.len() != 27 {
        return None;
    }
    for (position, separator) in [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'.'),
        (26, b'Z'),
    ] {
        if raw[position] != separator {
            return None;
        }
    }
    let number = |from: usize, to: usize| -> Option<u32> {
        raw[from..to].iter().try_fold(0u32, |value, byte| {
            byte.is_ascii_digit()
                .then(|| value * 10 + u32::from(byte - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(number(0, 4)?).ok()?,
        number(5, 7)?,
        number(8, 10)?,
    )?;
    let time = date.and_hms_micro_opt(
        number(11, 13)?,
        number(14, 16)?,
        number(17, 19)?,
        number(20, 26)?,
    )?;
    Some(Utc.from_utc_datetime(&time))
}

fn snapshot_from_row(row: &Row<'_>, creator_id: &CreatorId) -> Result<Snapshot, IndexError> {
    Ok(Snapshot {
        creator_id: creator_id.clone(),
        taken_at: stored_time(row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?)?,
        followers: row.get(2)?,
        following: row.get(3)?,
        post_count: row.get(4)?,
        engagement_rate: row.get(5)?,
    })
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use scout_models::{Platform, Post, Provenance};
    use tempfile::TempDir;

    use super::*;
    use crate::RecordStreamOptions;

    fn id(handle: &str) -> CreatorId {
        CreatorId::new(Platform::Mastodon, &format!("{handle}@social.example"))
    }

    /// A creator with `posts` posts (one undated) and two commenters, one shared by all.
    fn record(handle: &str, followers: u64, posts: u32) -> CreatorRecord {
        let creator_id = id(handle);
        let post = |index: u32| Post {
            id: format!("p{index:02}"),
            creator_id: creator_id.clone(),
            url: format!("https://social.example/@{handle}/{index}"),
            published_at: (index > 0).then(|| {
                Utc.timestamp_opt(1_700_000_000 + i64::from(index) * 3600, 0)
                    .unwrap()
            }),
            text: format!("post {index} of {handle}"),
            hashtags: vec![format!("tag{}", index % 3)],
            mentions: Vec::new(),
            media_kind: None,
            language: Some("en".to_string()),
            likes: Some(u64::from(index) * 3),
            comments: Some(1),
            shares: None,
            views: None,
            sponsored: false,
        };
        let sample = |handle_of_fan: &str| AudienceSample {
            handle: handle_of_fan.to_string(),
            location: Some("Lisboa".to_string()),
            ..handle_only_sample(creator_id.clone(), String::new())
        };
        CreatorRecord {
            creator: Creator {
                id: creator_id.clone(),
                platform: Platform::Mastodon,
                handle: handle.to_string(),
                display_name: None,
                bio: Some(format!("{handle} bakes bread")),
                profile_url: format!("https://social.example/@{handle}"),
                avatar_url: None,
                links: Vec::new(),
                followers: Some(followers),
                following: None,
                post_count: Some(u64::from(posts)),
                location: None,
                languages: vec!["en".to_string()],
                contact_email: None,
                created_at: None,
                is_bot: false,
                provenance: Provenance {
                    source_url: format!("https://social.example/@{handle}"),
                    fetched_at: Utc.timestamp_opt(1_700_100_000, 0).unwrap(),
                    method: "test".to_string(),
                    content_hash: String::new(),
                },
            },
            posts: (0..posts).map(post).collect(),
            audience: vec![sample("shared_fan"), sample(&format!("{handle}_fan"))],
        }
    }

    fn store_with(handles: &[(&str, u32)]) -> (TempDir, Store) {
        let dir = TempDir::new().unwrap();
        let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
        let records: Vec<_> = handles
            .iter()
            .map(|(handle, posts)| (record(handle, 100, *posts), None))
            .collect();
        store.upsert_records(&records).unwrap();
        (dir, store)
    }

    /// What the per-creator read paths return, for comparison.
    fn one_by_one(store: &Store, max_posts: usize) -> Vec<IndexSource> {
        let options = RecordStreamOptions {
            max_posts_per_creator: Some(max_posts),
            include_audience: true,
        };
        store
            .records(options)
            .map(|record| {
                let record = record.unwrap();
                let snapshots = store.snapshots(&record.creator.id).unwrap();
                IndexSource { record, snapshots }
            })
            .collect()
    }

    #[test]
    fn pages_match_the_per_creator_reads() {
        let (_dir, mut store) = store_with(&[("carol", 12), ("alice", 3), ("bob", 0), ("dan", 7)]);
        // A second crawl of two creators: more snapshots, a changed follower count.
        store
            .upsert_records(&[
                (record("alice", 250, 3), None),
                (record("dan", 90, 7), None),
            ])
            .unwrap();
        let expected = one_by_one(&store, 5);
        let mut paged = Vec::new();
        let mut after = String::new();
        loop {
            let page = store.index_sources_after(&after, 3, Some(5)).unwrap();
            let Some(last) = page.last() else { break };
            after = last.record.creator.id.as_str().to_string();
            paged.extend(page);
        }
        assert_eq!(paged, expected);
        assert_eq!(paged[0].snapshots.len(), 2, "alice was stored twice");
        // The same pages with bounds set first, read last page first.
        let mut bounds = Vec::new();
        let mut after = String::new();
        loop {
            let through = store.creator_id_after(&after, 2).unwrap();
            bounds.push((after.clone(), through.clone()));
            match through {
                Some(through) => after = through,
                None => break,
            }
        }
        assert_eq!(bounds.len(), 2, "three creators, then the last one");
        let mut bounded = Vec::new();
        for (after, through) in bounds.iter().rev() {
            let mut page = store
                .index_sources_between(after, through.as_deref(), Some(5))
                .unwrap();
            page.extend(bounded);
            bounded = page;
        }
        assert_eq!(bounded, expected);
        assert_eq!(
            store.creator_id_after("", 3).unwrap(),
            Some(id("dan").as_str().to_string())
        );
        assert_eq!(store.creator_id_after("", 4).unwrap(), None);
        assert_eq!(paged[2].record.posts.len(), 5, "carol's newest five posts");

        let subset = store
            .index_sources_of(&[id("dan"), id("nobody"), id("alice")], Some(5))
            .unwrap();
        let expected_subset: Vec<IndexSource> = expected
            .into_iter()
            .filter(|source| ["alice", "dan"].contains(&source.record.creator.handle.as_str()))
            .collect();
        assert_eq!(subset, expected_subset);
    }

    #[test]
    fn posts_published_at_the_same_time_keep_the_post_id_order() {
        // Posts stored in an order unrelated to their ids, many at the same time or undated:
        // ties that only the post id orders.
        let tied = |handle: &str, posts: usize| {
            let mut record = record(handle, 100, 0);
            let template = super::tests::record(handle, 100, 1).posts[0].clone();
            record.posts = (0..posts)
                .map(|index| Post {
                    id: format!("p{:02}", (index * 7 + 3) % posts),
                    published_at: (index % 4 != 0).then(|| {
                        Utc.timestamp_opt(1_700_000_000 + (index % 3) as i64 * 60, 0)
                            .unwrap()
                    }),
                    ..template.clone()
                })
                .collect();
            (record, None)
        };
        let dir = TempDir::new().unwrap();
        let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
        store
            .upsert_records(&[tied("erin", 11), tied("finn", 2), tied("gus", 0)])
            .unwrap();
        for limit in 0..=12 {
            let expected = one_by_one(&store, limit);
            let paged = store.index_sources_after("", 10, Some(limit)).unwrap();
            assert_eq!(paged, expected, "at most {limit} posts");
        }
        let all = store.index_sources_after("", 10, None).unwrap();
        assert_eq!(all, one_by_one(&store, usize::MAX));
        assert_eq!(all[0].record.posts.len(), 11);
    }

    #[test]
    fn posts_past_the_newest_are_not_decoded() {
        // A long-lived store: 40 posts kept, ids growing with time (p00 undated, so oldest),
        // the two oldest with a media kind no decoder knows: reading them is an error.
        let dir = TempDir::new().unwrap();
        let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
        store
            .upsert_records(&[
                (record("hana", 100, 40), None),
                (record("ivo", 100, 3), None),
            ])
            .unwrap();
        store
            .conn
            .execute(
                "UPDATE posts SET media_kind = 'hologram' \
                 WHERE creator_id = ?1 AND post_id IN ('p00', 'p01')",
                [id("hana").as_str()],
            )
            .unwrap();
        let page = store.index_sources_after("", 10, Some(30)).unwrap();
        let ids: Vec<&str> = page[0]
            .record
            .posts
            .iter()
            .map(|post| post.id.as_str())
            .collect();
        let newest: Vec<String> = (10..40).rev().map(|index| format!("p{index:02}")).collect();
        assert_eq!(ids, newest, "hana's newest 30, newest first");
        assert_eq!(page[1].record.posts.len(), 3);
        assert_eq!(page, one_by_one(&store, 30));
        // Asked for all of them, the corrupt ones are read and said so.
        assert!(matches!(
            store.index_sources_after("", 10, Some(39)),
            Err(IndexError::Corrupt(_))
        ));
    }

    #[test]
    fn the_newest_posts_whatever_the_order_of_their_ids() {
        // Ids against time, and ids unrelated to it, with more posts than the limit.
        let dir = TempDir::new().unwrap();
        let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
        let with_ids = |handle: &str, id_of: &dyn Fn(usize) -> usize| {
            let mut record = record(handle, 100, 40);
            for (index, post) in record.posts.iter_mut().enumerate() {
                post.id = format!("q{:02}", id_of(index));
            }
            (record, None)
        };
        store
            .upsert_records(&[
                with_ids("jon", &|index| 39 - index),
                with_ids("kit", &|index| (index * 17 + 5) % 40),
                with_ids("lea", &|index| index),
            ])
            .unwrap();
        for limit in [0, 1, 2, 5, 29, 30, 39, 40, 41] {
            let paged = store.index_sources_after("", 10, Some(limit)).unwrap();
            assert_eq!(paged, one_by_one(&store, limit), "at most {limit} posts");
            assert_eq!(paged[1].record.posts.len(), limit.min(40));
        }
    }

    #[test]
    fn plain_lists_read_as_json_does() {
        let lists: Vec<Vec<String>> = vec![
            vec![],
            vec![String::new()],
            vec!["vegan".into()],
            vec!["vegan".into(), "food".into(), "café".into(), "🌱".into()],
            vec!["say \"hi\"".into(), "back\\slash".into()],
            vec!["line\nbreak".into(), "tab\t".into()],
            vec!["a,b".into(), "[c]".into()],
        ];
        for list in &lists {
            let raw = serde_json::to_string(list).unwrap();
            let read = plain_list(&raw).or_else(|| decode_list(&raw).ok());
            assert_eq!(read.as_ref(), Some(list), "{raw}");
        }
        // Lists the fast path leaves to the JSON parser.
        for raw in [
            r#"["a", "b"]"#,
            r#"["a",]"#,
            r#"["a"b"]"#,
            "[\"\\u00e9\"]",
            r#"[1]"#,
            "null",
        ] {
            assert_eq!(plain_list(raw), None, "{raw}");
        }
        assert_eq!(
            plain_list(r#"["a","b"]"#),
            Some(vec!["a".into(), "b".into()])
        );
    }

    #[test]
    fn stored_times_read_as_the_rfc_3339_parser_does() {
        use crate::store::codec::format_time;
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            // Any second from 1900 to 2200, any microsecond.
            let seconds = (next() % 9_467_280_000) as i64 - 2_208_988_800;
            let micros = (next() % 1_000_000) as u32;
            let time = Utc.timestamp_opt(seconds, micros * 1000).unwrap();
            let raw = format_time(&time);
            assert_eq!(stored_time(&raw).unwrap(), time, "{raw}");
            assert_eq!(
                stored_time(&raw).unwrap(),
                parse_time(&raw).unwrap(),
                "{raw}"
            );
        }
        // Other spellings go to the full parser, with its answer or its error.
        for raw in [
            "2024-05-01T10:00:00Z",
            "2024-05-01T10:00:00.5+02:00",
            "2024-05-01T10:00:00.000000+00:00",
            "2016-12-31T23:59:60.000000Z",
            "2024-02-30T10:00:00.000000Z",
            "2024-13-01T10:00:00.000000Z",
            "2024-05-01T24:00:00.000000Z",
            "2024-05-01t10:00:00.000000Z",
            "2024-05-01T10:00:00.00000aZ",
            "+024-05-01T10:00:00.000000Z",
            "yesterday",
            "",
        ] {
            match (stored_time(raw), parse_time(raw)) {
                (Ok(fast), Ok(full)) => assert_eq!(fast, full, "{raw}"),
                (Err(_), Err(_)) => {}
                (fast, full) => panic!("{raw}: {fast:?} vs {full:?}"),
            }
        }
    }

    #[test]
    fn changes_after_a_watermark_and_commenters() {
        let (_dir, mut store) = store_with(&[("alice", 2), ("bob", 2), ("carol", 2)]);
        let watermark = store.last_snapshot_id().unwrap();
        assert_eq!(watermark, 3);
        assert!(store.creators_changed_since(watermark).unwrap().is_empty());
        store
            .upsert_records(&[(record("carol", 5, 2), None), (record("erin", 5, 1), None)])
            .unwrap();
        store
            .record_unchanged(&[(id("alice"), Utc::now())])
            .unwrap();
        assert_eq!(
            store.creators_changed_since(watermark).unwrap(),
            vec![id("alice"), id("carol"), id("erin")]
        );

        let mut groups = Vec::new();
        store
            .for_each_commenter_group(|samples| {
                groups.push(
                    samples
                        .iter()
                        .map(|sample| format!("{}/{}", sample.creator_id, sample.handle))
                        .collect::<Vec<_>>(),
                );
                Ok::<(), IndexError>(())
            })
            .unwrap();
        assert_eq!(groups.len(), 4);
        assert_eq!(
            groups[0],
            vec![
                "mastodon:alice@social.example/alice_fan".to_string(),
                "mastodon:alice@social.example/shared_fan".to_string()
            ]
        );
    }
}
