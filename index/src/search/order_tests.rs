//! Answers do not depend on where documents are in the index: the same creators indexed in
//! another order and in other segments give the same hits, in the same order, for every
//! sort, page and cut through a tie (ties are ordered by creator id).

use scout_models::{CreatorId, Platform};

use super::{
    CreatorFacts, GrowthPeriod, GrowthWindows, HitDetail, IndexDocument, IndexQuery, IndexSort,
    SearchIndex,
};
use crate::error::IndexError;

/// Creators in small groups that tie: identical texts (equal BM25), equal followers,
/// engagement rates and growth, some without a value.
fn creator(n: usize) -> IndexDocument {
    let handle = format!("tie{:02}", (n * 37) % 100);
    let (bio, captions, hashtags) = if n % 3 < 2 {
        ("yoga teacher and runner", ["morning yoga flow"], ["yoga"])
    } else {
        ("runner", ["long run"], ["running"])
    };
    let followers = (!n.is_multiple_of(7)).then_some(1_000 * (n as u64 % 4));
    IndexDocument {
        id: CreatorId::new(Platform::Bluesky, &handle),
        platform: Platform::Bluesky,
        handle: handle.clone(),
        display_name: None,
        bio: Some(bio.to_string()),
        captions: captions.into_iter().map(String::from).collect(),
        hashtags: hashtags.into_iter().map(String::from).collect(),
        followers,
        engagement_rate: (!n.is_multiple_of(5)).then_some(0.01 * (n % 3) as f64),
        niches: Vec::new(),
        niche_scores: None,
        languages: vec!["en".to_string()],
        audience: None,
        credibility: None,
        facts: CreatorFacts {
            growth: GrowthWindows {
                one_month: (!n.is_multiple_of(4)).then_some(0.05 * (n % 2) as f64),
                three_months: Some(0.1),
                six_months: None,
            },
            ..CreatorFacts::default()
        },
    }
}

const CREATORS: usize = 60;

/// All creators in one rebuild, in order.
fn in_order() -> SearchIndex {
    let index = SearchIndex::create_in_ram().unwrap();
    index
        .rebuild((0..CREATORS).map(creator).map(Ok::<_, IndexError>))
        .unwrap();
    index
}

/// The same creators in reverse order, over several commits of one batch that merges nothing
/// in the background (a merge could leave them in one segment), so a segment each at least.
fn reversed_in_pieces() -> SearchIndex {
    let index = SearchIndex::create_in_ram().unwrap();
    let reversed: Vec<IndexDocument> = (0..CREATORS).rev().map(creator).collect();
    let pieces = reversed.chunks(7);
    let commits = pieces.len();
    let mut batch = index.batch().unwrap();
    batch.without_background_merges().unwrap();
    for piece in pieces {
        for document in piece {
            batch.upsert(document).unwrap();
        }
        batch.commit("").unwrap();
    }
    drop(batch);
    assert!(index.reader.searcher().segment_readers().len() >= commits);
    index
}

fn ids(index: &SearchIndex, query: &IndexQuery) -> Vec<(String, u32)> {
    index
        .search(query)
        .unwrap()
        .hits
        .into_iter()
        .map(|hit| (hit.id.as_str().to_string(), hit.bm25.to_bits()))
        .collect()
}

/// Every page of `size` from the start, joined.
fn paged(index: &SearchIndex, query: &IndexQuery, size: usize) -> Vec<(String, u32)> {
    let mut all = Vec::new();
    for offset in (0..CREATORS + size).step_by(size) {
        all.extend(ids(
            index,
            &IndexQuery {
                offset,
                limit: size,
                ..query.clone()
            },
        ));
    }
    all
}

fn queries() -> Vec<(&'static str, IndexQuery)> {
    let base = IndexQuery {
        detail: HitDetail::Ranking,
        ..IndexQuery::default()
    };
    let text = |text: &str| IndexQuery {
        text: Some(text.to_string()),
        ..base.clone()
    };
    let sorted = |sort: IndexSort| IndexQuery {
        sort,
        ..base.clone()
    };
    vec![
        // Bare terms: tantivy's pruned top-k pass.
        ("text", text("yoga")),
        ("text, two words", text("yoga runner")),
        // With a filter: the pass that counts keeps the page.
        (
            "text and a filter",
            IndexQuery {
                platforms: vec![Platform::Bluesky],
                ..text("yoga")
            },
        ),
        ("no text", base.clone()),
        ("followers", sorted(IndexSort::Followers)),
        ("engagement", sorted(IndexSort::EngagementRate)),
        (
            "growth 1m",
            sorted(IndexSort::Growth(GrowthPeriod::OneMonth)),
        ),
        (
            "growth 3m with text",
            IndexQuery {
                sort: IndexSort::Growth(GrowthPeriod::ThreeMonths),
                ..text("yoga")
            },
        ),
    ]
}

#[test]
fn answers_do_not_depend_on_the_order_documents_were_indexed_in() {
    let first = in_order();
    let second = reversed_in_pieces();
    for (name, query) in queries() {
        // Limits that cut through ties, and the whole list.
        for limit in [1, 5, 7, CREATORS] {
            let query = IndexQuery {
                limit,
                ..query.clone()
            };
            assert_eq!(ids(&first, &query), ids(&second, &query), "{name}, {limit}");
        }
        // Pages (the offsets a cursor points at) cut the same order as one long page.
        let whole = ids(
            &first,
            &IndexQuery {
                limit: CREATORS,
                ..query.clone()
            },
        );
        for size in [3, 4, 10] {
            assert_eq!(
                paged(&first, &query, size),
                whole,
                "{name}, pages of {size}"
            );
            assert_eq!(
                paged(&second, &query, size),
                whole,
                "{name}, pages of {size}"
            );
        }
    }
}

#[test]
fn ties_are_ordered_by_creator_id() {
    let index = reversed_in_pieces();
    for (name, query) in queries() {
        let query = IndexQuery {
            limit: CREATORS,
            detail: HitDetail::Full,
            ..query
        };
        let hits = index.search(&query).unwrap().hits;
        assert!(hits.len() > 10, "{name}");
        for pair in hits.windows(2) {
            let key = |hit: &super::IndexHit| match query.sort {
                IndexSort::Relevance if query.text.is_some() => Some(hit.bm25 as f64),
                IndexSort::Relevance | IndexSort::Followers => hit.followers.map(|f| f as f64),
                IndexSort::EngagementRate => hit.engagement_rate,
                // Growth is not read into hits: the order of equal ids is checked above.
                IndexSort::Growth(_) => None,
            };
            if key(&pair[0]) == key(&pair[1]) && !matches!(query.sort, IndexSort::Growth(_)) {
                assert!(pair[0].id < pair[1].id, "{name}: {pair:?}");
            }
        }
    }
}
