//! The narrow reads that explain a search result: a creator's profile row, and its newest
//! posts one at a time for as long as the caller still looks for evidence, without the
//! audience sample or older posts (the index already carries what the models derived from
//! them).

use std::ops::ControlFlow;

use scout_models::{Creator, CreatorId, Post};

use super::read::{
    creator_from_row, post_of_creator_from_row, CREATOR_COLUMNS, POST_COLUMNS, POST_ORDER,
};
use super::Store;
use crate::error::IndexError;

impl Store {
    /// The creator's profile row alone (no posts, no samples); `None` when the store does not
    /// hold it.
    pub fn creator_profile(&self, id: &CreatorId) -> Result<Option<Creator>, IndexError> {
        let sql = format!("SELECT {CREATOR_COLUMNS} FROM creators WHERE id = ?1");
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut rows = statement.query([id.as_str()])?;
        match rows.next()? {
            Some(row) => Ok(Some(creator_from_row(row)?)),
            None => Ok(None),
        }
    }

    /// Hands the creator's newest posts (at most `max_posts`, in the order of
    /// [`Store::creator`]) to `visit` one at a time, and stops reading as soon as it answers
    /// [`ControlFlow::Break`]: a caller that has found what it looks for in the first posts
    /// does not pay for decoding the rest. Returns how many posts were handed over.
    pub fn visit_recent_posts(
        &self,
        id: &CreatorId,
        max_posts: usize,
        mut visit: impl FnMut(Post) -> ControlFlow<()>,
    ) -> Result<usize, IndexError> {
        // The limit is written into the statement, not bound: SQLite prepares a statement
        // again whenever a LIMIT parameter is bound anew (its value may change the plan), which
        // cost more than reading the posts.
        let limit = i64::try_from(max_posts).unwrap_or(i64::MAX);
        let sql = format!(
            "SELECT {POST_COLUMNS} FROM posts WHERE creator_id = ?1 {POST_ORDER} LIMIT {limit}"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut rows = statement.query([id.as_str()])?;
        let mut handed = 0;
        while let Some(row) = rows.next()? {
            handed += 1;
            if visit(post_of_creator_from_row(row, id)?).is_break() {
                break;
            }
        }
        Ok(handed)
    }
}

#[cfg(test)]
mod tests {
    use std::ops::ControlFlow;

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
    fn reads_the_profile_and_the_newest_posts_until_told_to_stop() {
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
        assert_eq!(store.creator_profile(&id).unwrap(), Some(full.creator));

        let mut read = Vec::new();
        let handed = store
            .visit_recent_posts(&id, 2, |post| {
                read.push(post);
                ControlFlow::Continue(())
            })
            .unwrap();
        assert_eq!((handed, read.as_slice()), (2, &full.posts[..2]));
        assert_eq!(read[0].id, "p5");

        // Reading stops at the first break: the posts after it are never decoded.
        let mut seen = Vec::new();
        let handed = store
            .visit_recent_posts(&id, 5, |post| {
                seen.push(post.id);
                if seen.len() == 3 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            })
            .unwrap();
        assert_eq!(handed, 3);
        assert_eq!(seen, ["p5", "p4", "p3"]);

        let nobody = CreatorId::new(Platform::Mastodon, "nobody@social.example");
        assert_eq!(store.creator_profile(&nobody).unwrap(), None);
        let handed = store
            .visit_recent_posts(&nobody, 2, |_| ControlFlow::Continue(()))
            .unwrap();
        assert_eq!(handed, 0);
    }
}
