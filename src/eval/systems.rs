//! The systems under evaluation, each ranking the same filtered candidates for a brief:
//!
//! - `scout`: [`SearchService::search`] — BM25 candidates re-ranked by the models;
//! - `bm25`: the index alone — every creator matching the text and the filters, in BM25 order;
//! - `followers`: the same candidates sorted by follower count, largest first;
//! - `engagement`: the same candidates sorted by engagement rate, highest first.
//!
//! The candidates of the three baselines are every creator the index matches for the brief's
//! text (terms OR'ed) under its platform and follower filters. Unknown follower counts or
//! rates sort last; ties keep BM25 order. Only the brief's text and filters reach the
//! systems — never its niche or anything from the ground truth.

use std::time::Instant;

use scout_index::{IndexHit, IndexQuery, SearchIndex, MAX_LIMIT as INDEX_PAGE};
use scout_models::Niche;

use super::briefs::Brief;
use super::error::EvalError;
use crate::pipeline::{SearchParts, SearchQuery, SearchService, MAX_LIMIT};

/// Results compared per system: enough for recall@100.
pub const RANKING_DEPTH: usize = 100;
/// The page size whose latency is reported (a typical first page).
const TIMED_PAGE: usize = 10;

/// What every system returned for one brief (creator ids, best first) and how long the
/// timed queries took.
#[derive(Debug, Clone, Default)]
pub struct BriefRankings {
    pub scout: Vec<String>,
    pub bm25: Vec<String>,
    pub followers: Vec<String>,
    pub engagement: Vec<String>,
    pub scout_ms: f64,
    pub bm25_ms: f64,
}

/// The search a brief becomes: its text, filters and audience target (scored as audience
/// match, not filtered on).
pub fn search_parts(brief: &Brief, limit: usize) -> SearchParts {
    let (min_followers, max_followers) = brief.followers.range();
    SearchParts {
        text: Some(brief.text.to_string()),
        platforms: brief.platform.into_iter().collect(),
        min_followers,
        max_followers,
        niches: Vec::new(),
        audience: brief
            .audience
            .as_ref()
            .map(|target| target.to_model_target()),
        min_credibility: None,
        limit: Some(limit),
        ..SearchParts::default()
    }
}

/// The index query of a brief's candidate pool, one page at `offset`.
fn pool_query(brief: &Brief, offset: usize) -> IndexQuery {
    let parts = search_parts(brief, TIMED_PAGE);
    IndexQuery {
        text: parts.text,
        platforms: parts.platforms,
        min_followers: parts.min_followers,
        max_followers: parts.max_followers,
        niches: Vec::<Niche>::new(),
        min_credibility: None,
        offset,
        limit: INDEX_PAGE,
        ..IndexQuery::default()
    }
}

/// Runs every system on `brief`.
pub fn rank_brief(service: &SearchService, brief: &Brief) -> Result<BriefRankings, EvalError> {
    let scout_query = SearchQuery::new(search_parts(brief, RANKING_DEPTH.min(MAX_LIMIT)))?;
    let scout: Vec<String> = service
        .search(&scout_query)?
        .results
        .into_iter()
        .map(|result| result.id.to_string())
        .collect();

    let mut pool = all_hits(service.index(), |offset| pool_query(brief, offset))?;
    in_bm25_order(&mut pool);
    let bm25 = top_ids(pool.iter());
    let mut by_followers: Vec<&IndexHit> = pool.iter().collect();
    // Stable sorts: ties keep BM25 order.
    by_followers.sort_by_key(|hit| std::cmp::Reverse(hit.followers));
    let mut by_engagement: Vec<&IndexHit> = pool.iter().collect();
    by_engagement.sort_by(|a, b| {
        let rate = |hit: &IndexHit| hit.engagement_rate.filter(|rate| rate.is_finite());
        match (rate(a), rate(b)) {
            (Some(a), Some(b)) => b.total_cmp(&a),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
    });

    let timed_query = SearchQuery::new(search_parts(brief, TIMED_PAGE))?;
    let started = Instant::now();
    service.search(&timed_query)?;
    let scout_ms = started.elapsed().as_secs_f64() * 1000.0;
    let started = Instant::now();
    service.index().search(&IndexQuery {
        limit: TIMED_PAGE,
        ..pool_query(brief, 0)
    })?;
    let bm25_ms = started.elapsed().as_secs_f64() * 1000.0;

    Ok(BriefRankings {
        scout,
        bm25,
        followers: top_ids(by_followers.into_iter()),
        engagement: top_ids(by_engagement.into_iter()),
        scout_ms,
        bm25_ms,
    })
}

/// Sorts hits by BM25, ties by creator id. The index orders equal scores by where the
/// documents sit, which depends on how its indexing threads split the commits: without the
/// id, the baselines' figures moved between two builds of the same world.
fn in_bm25_order(hits: &mut [IndexHit]) {
    hits.sort_by(|a, b| {
        b.bm25
            .total_cmp(&a.bm25)
            .then_with(|| a.id.as_str().cmp(b.id.as_str()))
    });
}

fn top_ids<'a>(hits: impl Iterator<Item = &'a IndexHit>) -> Vec<String> {
    hits.take(RANKING_DEPTH)
        .map(|hit| hit.id.to_string())
        .collect()
}

/// Every hit of a query, paging through the index (`page(offset)` builds each page's query).
pub fn all_hits(
    index: &SearchIndex,
    page: impl Fn(usize) -> IndexQuery,
) -> Result<Vec<IndexHit>, EvalError> {
    let mut hits = Vec::new();
    loop {
        let result = index.search(&page(hits.len()))?;
        let fetched = result.hits.len();
        hits.extend(result.hits);
        if fetched < INDEX_PAGE || hits.len() >= result.total {
            return Ok(hits);
        }
        if hits.len() > scout_index::MAX_OFFSET {
            return Err(EvalError::invalid(
                "creators",
                format!(
                    "more than {} creators match one query: too many to evaluate",
                    scout_index::MAX_OFFSET
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use scout_models::Platform;

    use super::*;
    use crate::eval::briefs::FollowerBand;

    #[test]
    fn bm25_ties_rank_by_id_whatever_order_the_index_gave() {
        let hit = |handle: &str, bm25: f32| IndexHit {
            id: scout_models::CreatorId::new(Platform::Mastodon, handle),
            bm25,
            platform: Platform::Mastodon,
            followers: None,
            engagement_rate: None,
            niches: Vec::new(),
            niche_scores: None,
            audience: None,
            credibility: None,
            credibility_score: None,
        };
        let mut first = vec![hit("c", 1.0), hit("b", 2.0), hit("a", 1.0), hit("d", 1.0)];
        let mut second = vec![hit("d", 1.0), hit("a", 1.0), hit("c", 1.0), hit("b", 2.0)];
        in_bm25_order(&mut first);
        in_bm25_order(&mut second);
        assert_eq!(first, second);
        let handles: Vec<String> = first.iter().map(|hit| hit.id.to_string()).collect();
        assert!(handles[0].ends_with(":b"), "{handles:?}");
        assert!(handles[1].ends_with(":a"), "{handles:?}");
    }

    #[test]
    fn a_brief_reaches_the_search_as_text_and_filters_only() {
        let brief = Brief {
            id: "eval-food-pt-1".into(),
            niche: scout_models::Niche::Food,
            language: "pt",
            text: "receitas veganas",
            platform: Some(Platform::Web),
            followers: FollowerBand::Micro,
            audience: None,
        };
        let parts = search_parts(&brief, 10);
        assert_eq!(parts.text.as_deref(), Some("receitas veganas"));
        assert_eq!(parts.platforms, vec![Platform::Web]);
        assert_eq!(
            (parts.min_followers, parts.max_followers),
            (Some(10_000), Some(99_999))
        );
        assert!(parts.niches.is_empty(), "the brief's niche must not leak");
        let query = pool_query(&brief, 40);
        assert_eq!(query.offset, 40);
        assert!(query.niches.is_empty());
        assert_eq!(query.platforms, vec![Platform::Web]);
    }
}
