//! The text evidence of a search result: which of the creator's newest posts and hashtags
//! hold the query's terms. Posts are read newest first and looked at one at a time, and the
//! reading stops once enough posts hold every term: no older post could rank above them.

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use scout_index::QueryTerms;
use scout_models::Post;

use crate::pipeline::search::EvidencePost;

/// Posts shown as evidence per result.
const EVIDENCE_POSTS: usize = 3;
/// Hashtags shown as evidence per result.
const EVIDENCE_HASHTAGS: usize = 10;
/// Characters of a post's text shown.
const SHOWN_TEXT_CHARS: usize = 280;

/// Collects evidence from posts handed over newest first (undated last).
pub(crate) struct EvidenceScan<'q> {
    terms: &'q mut QueryTerms,
    /// Posts holding at least one query term, with the terms they hold.
    matching: Vec<(Post, Vec<String>)>,
    with_every_term: usize,
    /// The hashtags of the posts looked at that hold a query term.
    hashtags: BTreeSet<String>,
}

impl<'q> EvidenceScan<'q> {
    pub(crate) fn new(terms: &'q mut QueryTerms) -> EvidenceScan<'q> {
        EvidenceScan {
            terms,
            matching: Vec::new(),
            with_every_term: 0,
            hashtags: BTreeSet::new(),
        }
    }

    /// Whether there is anything to look for: a query without terms has no text evidence.
    pub(crate) fn wants_posts(&self) -> bool {
        !self.terms.is_empty()
    }

    /// Looks at the next post; breaks once [`EVIDENCE_POSTS`] posts hold every query term.
    pub(crate) fn add(&mut self, post: Post) -> ControlFlow<()> {
        if !self.wants_posts() {
            return ControlFlow::Break(());
        }
        let mut positions = Vec::new();
        self.terms.match_into(&post.text, &mut positions);
        for tag in &post.hashtags {
            let before = positions.len();
            self.terms.match_into(tag, &mut positions);
            if positions.len() > before && !self.hashtags.contains(tag) {
                self.hashtags.insert(tag.clone());
            }
        }
        let terms = self.terms.terms_at(positions);
        if terms.is_empty() {
            return ControlFlow::Continue(());
        }
        let every_term = terms.len() == self.terms.terms().len();
        self.matching.push((post, terms));
        self.with_every_term += usize::from(every_term);
        if self.with_every_term == EVIDENCE_POSTS {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }

    /// The evidence posts (most query terms first, newer first among equals, at most
    /// [`EVIDENCE_POSTS`]) and the hashtags of the posts looked at whose analysed form holds
    /// a query term (sorted, at most [`EVIDENCE_HASHTAGS`]).
    pub(crate) fn finish(self) -> (Vec<EvidencePost>, Vec<String>) {
        let EvidenceScan {
            mut matching,
            hashtags,
            ..
        } = self;
        matching.sort_by(|a, b| {
            b.1.len()
                .cmp(&a.1.len())
                .then_with(|| b.0.published_at.cmp(&a.0.published_at))
        });
        let posts = matching
            .into_iter()
            .take(EVIDENCE_POSTS)
            .map(|(post, matched_terms)| EvidencePost {
                url: post.url,
                published_at: post.published_at,
                text: post.text.chars().take(SHOWN_TEXT_CHARS).collect(),
                matched_terms,
                likes: post.likes,
                comments: post.comments,
                shares: post.shares,
            })
            .collect();
        (
            posts,
            hashtags.into_iter().take(EVIDENCE_HASHTAGS).collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use scout_index::SearchIndex;
    use scout_models::{CreatorId, Platform};

    use super::*;

    fn post(day: u32, text: &str, hashtags: &[&str]) -> Post {
        Post {
            id: format!("p{day}"),
            creator_id: CreatorId::new(Platform::Mastodon, "alice@social.example"),
            url: format!("https://social.example/@alice/p{day}"),
            published_at: Some(Utc.with_ymd_and_hms(2024, 5, day, 12, 0, 0).unwrap()),
            text: text.to_string(),
            hashtags: hashtags.iter().map(|tag| tag.to_string()).collect(),
            mentions: vec![],
            media_kind: None,
            language: Some("en".into()),
            likes: Some(u64::from(day)),
            comments: None,
            shares: None,
            views: None,
            sponsored: false,
        }
    }

    /// Hands `posts` (newest first) to a scan until it breaks; returns how many it took.
    fn scan(query: &str, posts: Vec<Post>) -> (usize, Vec<EvidencePost>, Vec<String>) {
        let index = SearchIndex::create_in_ram().unwrap();
        let mut terms = index.query_terms(query);
        let mut scan = EvidenceScan::new(&mut terms);
        let mut taken = 0;
        for post in posts {
            taken += 1;
            if scan.add(post).is_break() {
                break;
            }
        }
        let (posts, hashtags) = scan.finish();
        (taken, posts, hashtags)
    }

    #[test]
    fn stops_at_the_third_post_holding_every_term_and_ranks_by_terms_held() {
        let posts = vec![
            post(9, "Vegan breakfast ideas", &["vegan"]),
            post(8, "Vegan recipes for the week", &["mealprep"]),
            post(7, "A walk in the park", &["outdoors"]),
            post(6, "More vegan recipes", &[]),
            post(5, "Quick vegan recipe", &["recipes"]),
            post(4, "Vegan recipes never looked back", &["plantbased"]),
        ];
        let (taken, shown, hashtags) = scan("vegan recipes", posts);
        // p8, p6 and p5 hold both terms (p5 through its hashtag): p4 is never looked at.
        assert_eq!(taken, 5);
        let ids: Vec<&str> = shown.iter().map(|post| post.url.as_str()).collect();
        assert_eq!(
            ids,
            [
                "https://social.example/@alice/p8",
                "https://social.example/@alice/p6",
                "https://social.example/@alice/p5",
            ]
        );
        assert!(shown
            .iter()
            .all(|post| post.matched_terms.len() == 2 && post.likes.is_some()));
        // Hashtags of the posts looked at that hold a term, sorted; #plantbased was not read.
        assert_eq!(hashtags, ["recipes", "vegan"]);
    }

    #[test]
    fn partial_matches_fill_in_when_few_posts_hold_every_term() {
        let posts = vec![
            post(3, "Vegan breakfast", &[]),
            post(2, "Weekend recipes", &[]),
            post(1, "Vegan recipes", &[]),
        ];
        let (taken, shown, hashtags) = scan("vegan recipes", posts);
        assert_eq!(taken, 3, "every post is looked at");
        let texts: Vec<&str> = shown.iter().map(|post| post.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Vegan recipes", "Vegan breakfast", "Weekend recipes"]
        );
        assert!(hashtags.is_empty());
    }

    #[test]
    fn a_query_without_terms_wants_no_posts() {
        let index = SearchIndex::create_in_ram().unwrap();
        let mut terms = index.query_terms("");
        let mut scan = EvidenceScan::new(&mut terms);
        assert!(!scan.wants_posts());
        assert!(scan.add(post(1, "anything", &["tag"])).is_break());
        let (posts, hashtags) = scan.finish();
        assert!(posts.is_empty() && hashtags.is_empty());
    }
}
