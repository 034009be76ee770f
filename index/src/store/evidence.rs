//! The narrow read that explains a search result: a creator's profile and its newest posts,
//! without the audience sample or older posts (the index already carries what the models
//! derived from them).

use scout_models::{CreatorId, CreatorRecord};

use super::read::{creator_from_row, post_of_creator_from_row, CREATOR_COLUMNS, POST_COLUMNS};
use super::Store;
use crate::error::IndexError;

impl Store {
    /// The creator with at most `max_posts` of its newest posts (the order of
    /// [`Store::creator`]) and no audience samples; `None` when the store does not hold it.
    pub fn creator_with_recent_posts(
        &self,
        id: &CreatorId,
        max_posts: usize,
    ) -> Result<Option<CreatorRecord>, IndexError> {
        let sql = format!("SELECT {CREATOR_COLUMNS} FROM creators WHERE id = ?1");
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut rows = statement.query([id.as_str()])?;
        let Some(row) = rows.next()? else {
            return Ok(None);
        };
        let creator = creator_from_row(row)?;
        // The limit is written into the statement, not bound: SQLite prepares a statement
        // again whenever a LIMIT parameter is bound anew (its value may change the plan), which
        // cost more than reading the posts.
        let limit = i64::try_from(max_posts).unwrap_or(i64::MAX);
        let sql = format!(
            "SELECT {POST_COLUMNS} FROM posts WHERE creator_id = ?1 \
             ORDER BY published_at DESC NULLS LAST, post_id DESC LIMIT {limit}"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut rows = statement.query([id.as_str()])?;
        let mut posts = Vec::new();
        while let Some(row) = rows.next()? {
            posts.push(post_of_creator_from_row(row, id)?);
        }
        Ok(Some(CreatorRecord {
            creator,
            posts,
            audience: Vec::new(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use scout_models::{Creator, CreatorId, CreatorRecord, Platform, Post, Provenance};
    use tempfile::TempDir;

    use crate::store::Store;

    fn post(id: &CreatorId, day: u32) -> Post {
        Post {
            id: format!("p{day}"),
            creator_id: id.clone(),
            url: format!("https://social.example/@alice/p{day}"),
            published_at: Some(Utc.with_ymd_and_hms(2024, 5, day, 12, 0, 0).unwrap()),
            text: format!("post of day {day}"),
            hashtags: vec![],
            mentions: vec![],
            media_kind: None,
            language: Some("en".into()),
            likes: Some(u64::from(day)),
            comments: Some(1),
            shares: None,
            views: None,
            sponsored: false,
        }
    }

    #[test]
    fn reads_the_newest_posts_and_no_samples() {
        let dir = TempDir::new().unwrap();
        let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
        let id = CreatorId::new(Platform::Mastodon, "alice@social.example");
        let fetched_at = Utc.with_ymd_and_hms(2024, 5, 20, 0, 0, 0).unwrap();
        let record = CreatorRecord {
            creator: Creator {
                id: id.clone(),
                platform: Platform::Mastodon,
                handle: "alice".into(),
                display_name: None,
                bio: Some("Coach".into()),
                profile_url: "https://social.example/@alice".into(),
                avatar_url: None,
                links: vec![],
                followers: Some(1_000),
                following: Some(10),
                post_count: Some(5),
                location: None,
                languages: vec![],
                contact_email: None,
                created_at: None,
                is_bot: false,
                provenance: Provenance {
                    source_url: "https://social.example/api".into(),
                    fetched_at,
                    method: "test".into(),
                    content_hash: "h".into(),
                },
            },
            posts: (1..=5).map(|day| post(&id, day)).collect(),
            audience: vec![],
        };
        store.upsert_records(&[(record, None)]).unwrap();
        let full = store.creator(&id).unwrap().expect("held");
        let narrow = store
            .creator_with_recent_posts(&id, 2)
            .unwrap()
            .expect("held");
        assert_eq!(narrow.creator, full.creator);
        assert_eq!(narrow.posts, full.posts[..2].to_vec());
        assert_eq!(narrow.posts[0].id, "p5");
        assert!(narrow.audience.is_empty());
        let nobody = CreatorId::new(Platform::Mastodon, "nobody@social.example");
        assert!(store
            .creator_with_recent_posts(&nobody, 2)
            .unwrap()
            .is_none());
    }
}
