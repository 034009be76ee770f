//! Query time: validated query → index candidates → ranked, explained results.
//!
//! The index retrieves candidates (BM25 over bio, captions and hashtags with filters as
//! non-scoring clauses); this module re-ranks them with the models and attaches the evidence
//! behind each part of the score from the store.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Instant;

use chrono::{DateTime, Utc};
use scout_index::{IndexHit, IndexQuery, SearchIndex, Store};
use scout_models::{
    audience_match, engagement, ranker, AudienceTarget, CreatorId, CreatorRecord, LearnedRanker,
    Manifest, ModelBundle, Niche, NicheScores, Platform, Post, Provenance, RankSignals, Ranker,
    ScoreBreakdown, Tier,
};
use serde::Serialize;

use crate::paths::DataDir;
use crate::pipeline::PipelineError;

/// Results a query may ask for at most.
pub const MAX_LIMIT: usize = 100;
/// Results when the query does not say.
pub const DEFAULT_LIMIT: usize = 10;
/// Candidates retrieved from the index for re-ranking, at least.
const MIN_CANDIDATES: usize = 200;
/// Posts shown as evidence per result.
const EVIDENCE_POSTS: usize = 3;
/// A query's inferred niche is used for niche fit only from this probability on.
const QUERY_NICHE_CONFIDENCE: f32 = 0.2;

/// A search as the pipeline runs it: every value already checked (see [`SearchQuery::new`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    text: Option<String>,
    platforms: Vec<Platform>,
    min_followers: Option<u64>,
    max_followers: Option<u64>,
    niches: Vec<Niche>,
    audience: Option<AudienceTarget>,
    min_credibility: Option<f64>,
    limit: usize,
}

/// The raw parts of a search, before validation.
#[derive(Debug, Clone, Default)]
pub struct SearchParts {
    pub text: Option<String>,
    pub platforms: Vec<Platform>,
    pub min_followers: Option<u64>,
    pub max_followers: Option<u64>,
    pub niches: Vec<Niche>,
    /// The audience a brief wants to reach: scored as audience match, never a hard filter.
    pub audience: Option<AudienceTarget>,
    /// Keep only creators with at least this credibility score.
    pub min_credibility: Option<f64>,
    pub limit: Option<usize>,
}

impl SearchQuery {
    /// Checks the parts; the error names the offending field.
    pub fn new(parts: SearchParts) -> Result<SearchQuery, PipelineError> {
        let text = parts
            .text
            .map(|text| text.trim().to_string())
            .filter(|text| !text.is_empty());
        if let Some(text) = &text {
            if text.chars().count() > 500 {
                return Err(PipelineError::invalid(
                    "query",
                    "must be at most 500 characters",
                ));
            }
        }
        if let (Some(min), Some(max)) = (parts.min_followers, parts.max_followers) {
            if min > max {
                return Err(PipelineError::invalid(
                    "followers",
                    format!("min ({min}) is greater than max ({max})"),
                ));
            }
        }
        let limit = parts.limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(PipelineError::invalid(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}"),
            ));
        }
        let mut platforms = parts.platforms;
        platforms.sort();
        platforms.dedup();
        let mut niches = parts.niches;
        niches.sort();
        niches.dedup();
        if let Some(min) = parts.min_credibility {
            if !(0.0..=1.0).contains(&min) {
                return Err(PipelineError::invalid(
                    "min_credibility",
                    "must be between 0 and 1",
                ));
            }
        }
        let audience = match parts.audience {
            Some(target) => {
                target
                    .validate()
                    .map_err(|error| PipelineError::invalid("audience", error.to_string()))?;
                (!target.is_empty()).then_some(target)
            }
            None => None,
        };
        Ok(SearchQuery {
            text,
            platforms,
            min_followers: parts.min_followers,
            max_followers: parts.max_followers,
            niches,
            audience,
            min_credibility: parts.min_credibility,
            limit,
        })
    }

    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }

    pub fn limit(&self) -> usize {
        self.limit
    }
}

/// A ranked page of creators.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Creators matching the text and filters.
    pub total: usize,
    pub results: Vec<RankedCreator>,
    /// The niches read into the query text, when it named none itself.
    pub query_niches: Vec<NicheProbability>,
    pub took_ms: f64,
    pub model_version: Option<String>,
}

/// One result with its score, the score's parts and the evidence behind them.
#[derive(Debug, Clone, Serialize)]
pub struct RankedCreator {
    pub id: CreatorId,
    pub platform: Platform,
    pub handle: String,
    pub display_name: Option<String>,
    pub profile_url: String,
    pub followers: Option<u64>,
    pub tier: Option<Tier>,
    pub engagement_rate: Option<f64>,
    pub niches: Vec<NicheProbability>,
    pub score: f64,
    pub breakdown: ScoreBreakdown,
    pub evidence: Evidence,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Serialize)]
pub struct NicheProbability {
    pub niche: Niche,
    pub probability: f32,
}

/// Why a creator ranks where it does: the posts and hashtags that matched the query, the
/// niche probabilities behind niche fit, and how engagement was measured.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub posts: Vec<EvidencePost>,
    pub hashtags: Vec<String>,
    pub niche_fit: Option<String>,
    pub engagement: Option<String>,
    /// The audience estimate's shares behind audience match, with its sample size.
    pub audience: Option<String>,
    /// The credibility score's method and reasons.
    pub credibility: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidencePost {
    pub url: String,
    pub published_at: Option<DateTime<Utc>>,
    pub text: String,
    pub matched_terms: Vec<String>,
    pub likes: Option<u64>,
    pub comments: Option<u64>,
    pub shares: Option<u64>,
}

/// Everything a query needs, opened once and shared by the server's requests.
pub struct SearchService {
    index: SearchIndex,
    store_path: PathBuf,
    models: Option<(ModelBundle, Manifest)>,
    learned: Option<LearnedRanker>,
}

impl SearchService {
    /// Opens the index, and the newest models when there are any.
    pub fn open(data: &DataDir) -> Result<SearchService, PipelineError> {
        let store_path = data.store_path();
        if !store_path.exists() {
            return Err(PipelineError::invalid(
                "data",
                format!(
                    "no store at {}: run `scout crawl` then `scout index` first",
                    store_path.display()
                ),
            ));
        }
        let models = ModelBundle::load_latest(&data.models_dir())?;
        let learned = match &models {
            Some((_, manifest)) => {
                ModelBundle::load_learned_ranker(&data.models_dir(), &manifest.model_version)?
            }
            None => None,
        };
        Ok(SearchService {
            index: SearchIndex::open_or_create(&data.index_dir())?,
            store_path,
            models,
            learned,
        })
    }

    pub fn manifest(&self) -> Option<&Manifest> {
        self.models.as_ref().map(|(_, manifest)| manifest)
    }

    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// Opens a read-only store connection for one request.
    pub fn store(&self) -> Result<Store, PipelineError> {
        Ok(Store::open_read_only(&self.store_path)?)
    }

    /// Runs a search and explains every result.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults, PipelineError> {
        let started = Instant::now();
        let candidates = self.index.search(&IndexQuery {
            text: query.text.clone(),
            platforms: query.platforms.clone(),
            min_followers: query.min_followers,
            max_followers: query.max_followers,
            niches: query.niches.clone(),
            min_credibility: query.min_credibility,
            offset: 0,
            limit: MIN_CANDIDATES.max(query.limit * 10),
        })?;

        let query_niches = self.query_niches(query);
        let weights = self
            .models
            .as_ref()
            .map(|(bundle, _)| bundle.ranker.clone())
            .unwrap_or_default();
        let ranker = Ranker::new(weights);
        let max_bm25 = candidates
            .hits
            .iter()
            .map(|hit| hit.bm25)
            .fold(0.0_f32, f32::max);

        let mut scored: Vec<(f64, ScoreBreakdown, &IndexHit)> = candidates
            .hits
            .iter()
            .map(|hit| {
                let signals = signals_for(hit, query, query_niches.as_ref(), max_bm25);
                let ranked = match &self.learned {
                    Some(learned) => learned.score(&signals),
                    None => ranker.score(&signals),
                };
                (ranked.score, ranked.breakdown, hit)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.2.id.cmp(&b.2.id)));
        scored.truncate(query.limit);

        let store = self.store()?;
        let query_terms: HashSet<String> = query
            .text
            .as_deref()
            .map(|text| self.index.analyze(text).into_iter().collect())
            .unwrap_or_default();
        let mut results = Vec::with_capacity(scored.len());
        for (score, breakdown, hit) in scored {
            // A creator deleted between indexing and now is skipped, not an error.
            let Some(record) = store.creator(&hit.id)? else {
                continue;
            };
            results.push(self.explain(record, hit, score, breakdown, &query_terms));
        }

        Ok(SearchResults {
            total: candidates.total,
            results,
            query_niches: query_niches
                .map(|scores| probabilities(&scores, QUERY_NICHE_CONFIDENCE))
                .unwrap_or_default(),
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            model_version: self
                .manifest()
                .map(|manifest| manifest.model_version.clone()),
        })
    }

    /// The niche distribution niche fit compares against: the query's explicit niches, else
    /// the classifier's reading of its text when it is confident enough.
    fn query_niches(&self, query: &SearchQuery) -> Option<NicheScores> {
        if !query.niches.is_empty() {
            return Some(NicheScores {
                probabilities: query.niches.iter().map(|niche| (*niche, 1.0)).collect(),
            });
        }
        let (bundle, _) = self.models.as_ref()?;
        let scores = bundle.niche.predict_text(query.text.as_deref()?);
        let confident = scores
            .probabilities
            .iter()
            .any(|(_, probability)| *probability >= QUERY_NICHE_CONFIDENCE);
        confident.then_some(scores)
    }

    fn explain(
        &self,
        record: CreatorRecord,
        hit: &IndexHit,
        score: f64,
        breakdown: ScoreBreakdown,
        query_terms: &HashSet<String>,
    ) -> RankedCreator {
        let breakdown_audience = breakdown.audience_match;
        let posts = evidence_posts(&self.index, &record.posts, query_terms);
        let hashtags = matched_hashtags(&self.index, &record.posts, query_terms);
        let creator = record.creator;
        let niches = hit
            .niche_scores
            .as_ref()
            .map(|scores| probabilities(scores, 0.2))
            .unwrap_or_default();
        let niche_fit = breakdown.niche_fit.map(|fit| {
            let named: Vec<String> = niches
                .iter()
                .take(3)
                .map(|entry| format!("{} {:.2}", entry.niche, entry.probability))
                .collect();
            format!(
                "niche fit {fit:.2} from the classifier's niche probabilities ({}) against the query's niches",
                named.join(", ")
            )
        });
        let engagement = hit.engagement_rate.map(|rate| {
            let tier = creator.followers.map(Tier::from_followers);
            let expected = tier.map(|tier| engagement::expected_engagement_rate(creator.platform, tier));
            match (tier, expected) {
                (Some(tier), Some(expected)) => format!(
                    "median engagement rate {:.2}% over recent posts vs {:.2}% expected for a {tier} {} creator",
                    rate * 100.0,
                    expected * 100.0,
                    creator.platform
                ),
                _ => format!("median engagement rate {:.2}% over recent posts", rate * 100.0),
            }
        });
        RankedCreator {
            tier: creator.followers.map(Tier::from_followers),
            id: creator.id,
            platform: creator.platform,
            handle: creator.handle,
            display_name: creator.display_name,
            profile_url: creator.profile_url,
            followers: creator.followers,
            engagement_rate: hit.engagement_rate,
            niches,
            score,
            breakdown,
            evidence: Evidence {
                posts,
                hashtags,
                niche_fit,
                engagement,
                audience: audience_evidence(hit, breakdown_audience),
                credibility: credibility_evidence(hit),
            },
            provenance: creator.provenance,
        }
    }
}

/// The ranker's inputs for one candidate.
fn signals_for(
    hit: &IndexHit,
    query: &SearchQuery,
    query_niches: Option<&NicheScores>,
    max_bm25: f32,
) -> RankSignals {
    let text_relevance = if query.text.is_some() && max_bm25 > 0.0 {
        Some(f64::from(hit.bm25 / max_bm25))
    } else {
        None
    };
    let niche_fit = match (query_niches, hit.niche_scores.as_ref()) {
        (Some(query_scores), Some(creator_scores)) => {
            Some(ranker::niche_fit(query_scores, creator_scores))
        }
        _ => None,
    };
    let audience_match = match (&query.audience, &hit.audience) {
        (Some(target), Some(estimate)) => Some(audience_match(estimate, target)),
        _ => None,
    };
    RankSignals {
        text_relevance,
        niche_fit,
        engagement: engagement::engagement_score(hit.engagement_rate, hit.followers, hit.platform),
        audience_match,
        credibility: hit
            .credibility
            .as_ref()
            .map(|credibility| credibility.score),
    }
}

/// How audience match was measured: the estimate's leading shares and its sample size.
fn audience_evidence(hit: &IndexHit, audience_match: Option<f64>) -> Option<String> {
    let fit = audience_match?;
    let estimate = hit.audience.as_ref()?;
    let leading = |dimension: &scout_models::audience::DimensionEstimate| {
        let mut shares = dimension.shares.clone();
        shares.sort_by(|a, b| b.share.total_cmp(&a.share));
        shares
            .iter()
            .take(2)
            .map(|share| format!("{} {:.0}%", share.key, share.share * 100.0))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(format!(
        "audience match {fit:.2} from {} sampled commenters: countries {}; ages {}; gender {}; languages {}",
        estimate.sample_size,
        leading(&estimate.country),
        leading(&estimate.age),
        leading(&estimate.gender),
        leading(&estimate.language)
    ))
}

/// How credibility was measured and why it is what it is.
fn credibility_evidence(hit: &IndexHit) -> Option<String> {
    let credibility = hit.credibility.as_ref()?;
    let reasons = if credibility.reasons.is_empty() {
        "no warning signs".to_string()
    } else {
        credibility.reasons.join("; ")
    };
    Some(format!(
        "credibility {:.2} from {} sampled commenters and the engagement pattern: {reasons}",
        credibility.score, credibility.sample_size
    ))
}

fn probabilities(scores: &NicheScores, threshold: f32) -> Vec<NicheProbability> {
    let mut entries: Vec<NicheProbability> = scores
        .probabilities
        .iter()
        .filter(|(_, probability)| *probability >= threshold)
        .map(|(niche, probability)| NicheProbability {
            niche: *niche,
            probability: *probability,
        })
        .collect();
    entries.sort_by(|a, b| b.probability.total_cmp(&a.probability));
    entries
}

/// The creator's posts that share the most analysed terms with the query.
fn evidence_posts(
    index: &SearchIndex,
    posts: &[Post],
    query_terms: &HashSet<String>,
) -> Vec<EvidencePost> {
    if query_terms.is_empty() {
        return Vec::new();
    }
    let mut matching: Vec<(usize, EvidencePost)> = posts
        .iter()
        .filter_map(|post| {
            let mut terms: Vec<String> = index
                .analyze(&post.text)
                .into_iter()
                .chain(post.hashtags.iter().flat_map(|tag| index.analyze(tag)))
                .filter(|term| query_terms.contains(term))
                .collect();
            terms.sort();
            terms.dedup();
            if terms.is_empty() {
                return None;
            }
            Some((
                terms.len(),
                EvidencePost {
                    url: post.url.clone(),
                    published_at: post.published_at,
                    text: post.text.chars().take(280).collect(),
                    matched_terms: terms,
                    likes: post.likes,
                    comments: post.comments,
                    shares: post.shares,
                },
            ))
        })
        .collect();
    matching.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| b.1.published_at.cmp(&a.1.published_at))
    });
    matching
        .into_iter()
        .take(EVIDENCE_POSTS)
        .map(|(_, post)| post)
        .collect()
}

/// The creator's hashtags whose analysed form matches a query term.
fn matched_hashtags(
    index: &SearchIndex,
    posts: &[Post],
    query_terms: &HashSet<String>,
) -> Vec<String> {
    let mut tags: Vec<String> = posts
        .iter()
        .flat_map(|post| post.hashtags.iter())
        .filter(|tag| {
            index
                .analyze(tag)
                .iter()
                .any(|term| query_terms.contains(term))
        })
        .cloned()
        .collect();
    tags.sort();
    tags.dedup();
    tags.truncate(10);
    tags
}

/// A creator's full view for `GET /v1/creators/{id}`.
#[derive(Debug, Clone, Serialize)]
pub struct CreatorView {
    #[serde(flatten)]
    pub creator: scout_models::Creator,
    pub tier: Option<Tier>,
    pub engagement_rate: Option<f64>,
    pub engagement_method: &'static str,
    pub niches: Vec<NicheProbability>,
    pub niche_method: Option<String>,
    pub recent_posts: Vec<Post>,
    pub audience_sample_size: usize,
    pub snapshots: Vec<scout_models::Snapshot>,
}

impl SearchService {
    /// One creator with its metrics, recent posts and history; `None` when unknown.
    pub fn creator(&self, id: &CreatorId) -> Result<Option<CreatorView>, PipelineError> {
        let store = self.store()?;
        let Some(record) = store.creator(id)? else {
            return Ok(None);
        };
        let snapshots = store.snapshots(id)?;
        let engagement_rate =
            engagement::robust_engagement_rate(record.creator.followers, &record.posts);
        let niche_scores = self.models.as_ref().map(|(bundle, _)| {
            bundle
                .niche
                .predict(&scout_models::NicheDocument::from_record(&record))
        });
        Ok(Some(CreatorView {
            tier: record.creator.followers.map(Tier::from_followers),
            engagement_rate,
            engagement_method: "median of (likes + comments + shares) / followers over the 30 most recent posts",
            niches: niche_scores
                .as_ref()
                .map(|scores| probabilities(scores, 0.05))
                .unwrap_or_default(),
            niche_method: self.manifest().map(|manifest| {
                format!(
                    "TF-IDF + one-vs-rest logistic regression, model {}, weakly labelled from the seed lexicon",
                    manifest.model_version
                )
            }),
            recent_posts: record.posts.into_iter().take(20).collect(),
            audience_sample_size: record.audience.len(),
            snapshots,
            creator: record.creator,
        }))
    }
}

/// A creator's snapshot series for `GET /v1/creators/{id}/history`.
#[derive(Debug, Clone, Serialize)]
pub struct CreatorHistory {
    pub id: CreatorId,
    pub snapshots: Vec<scout_models::Snapshot>,
    /// Where the counts come from.
    pub method: &'static str,
}

impl SearchService {
    /// The snapshots of one creator, oldest first; `None` when unknown.
    pub fn history(&self, id: &CreatorId) -> Result<Option<CreatorHistory>, PipelineError> {
        let store = self.store()?;
        let Some((_, snapshots)) = store.creator_with_history(id)? else {
            return Ok(None);
        };
        Ok(Some(CreatorHistory {
            id: id.clone(),
            snapshots,
            method: "one snapshot per crawl of the creator's public profile counters",
        }))
    }
}

/// Creators most like one creator, by niche probabilities and audience shares.
#[derive(Debug, Clone, Serialize)]
pub struct SimilarCreators {
    pub id: CreatorId,
    pub results: Vec<SimilarCreator>,
    /// How similarity is measured.
    pub method: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct SimilarCreator {
    pub id: CreatorId,
    pub platform: Platform,
    pub followers: Option<u64>,
    /// Cosine similarity of the two creators' vectors, in [0, 1].
    pub similarity: f32,
    pub niches: Vec<NicheProbability>,
}

/// Candidates compared per request: creators sharing one of the creator's niches.
const SIMILAR_CANDIDATES: usize = 500;

impl SearchService {
    /// The creators closest to `id` among those sharing one of its niches; `None` when the
    /// creator is unknown. Without trained models there are no niches to compare: empty.
    pub fn similar(
        &self,
        id: &CreatorId,
        limit: usize,
    ) -> Result<Option<SimilarCreators>, PipelineError> {
        if limit == 0 || limit > MAX_LIMIT {
            return Err(PipelineError::invalid(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}"),
            ));
        }
        let store = self.store()?;
        let Some(record) = store.creator(id)? else {
            return Ok(None);
        };
        let method = "cosine similarity of niche probabilities and estimated audience shares";
        let Some((bundle, _)) = self.models.as_ref() else {
            return Ok(Some(SimilarCreators {
                id: id.clone(),
                results: Vec::new(),
                method,
            }));
        };
        let niches = bundle
            .niche
            .predict(&scout_models::NicheDocument::from_record(&record));
        let audience = (!record.audience.is_empty())
            .then(|| scout_models::estimate_audience(&record.audience));
        let no_terms: [&str; 0] = [];
        let target = scout_models::similar::creator_vector(&niches, audience.as_ref(), &no_terms);
        let candidates = self.index.search(&IndexQuery {
            niches: niches.top(0.3),
            limit: SIMILAR_CANDIDATES,
            ..IndexQuery::default()
        })?;
        let mut results: Vec<SimilarCreator> = candidates
            .hits
            .iter()
            .filter(|hit| hit.id != *id)
            .filter_map(|hit| {
                let scores = hit.niche_scores.as_ref()?;
                let vector =
                    scout_models::similar::creator_vector(scores, hit.audience.as_ref(), &no_terms);
                Some(SimilarCreator {
                    id: hit.id.clone(),
                    platform: hit.platform,
                    followers: hit.followers,
                    similarity: scout_models::similar::cosine(&target, &vector).clamp(0.0, 1.0),
                    niches: probabilities(scores, 0.2),
                })
            })
            .collect();
        results.sort_by(|a, b| {
            b.similarity
                .total_cmp(&a.similarity)
                .then_with(|| a.id.cmp(&b.id))
        });
        results.truncate(limit);
        Ok(Some(SimilarCreators {
            id: id.clone(),
            results,
            method,
        }))
    }
}
