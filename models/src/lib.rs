//! `scout-models` owns Scout's domain types (creators, posts, audience samples, snapshots,
//! the niche taxonomy), the features computed from them and the linfa models trained on them:
//!
//! - [`engagement`]: robust engagement rate, expected rate per tier, engagement quality;
//! - [`features`]: per-creator features (engagement against the tier, comment/like ratio,
//!   cadence, growth and spikes, audience-sample statistics, bot-likeness);
//! - [`niche`]: a multi-label niche classifier (TF-IDF + one-vs-rest logistic regression)
//!   trained without ground truth, from weak labels given by a multilingual seed lexicon;
//! - [`audience`]: age, gender, country and language shares estimated from the audience
//!   sample with a confidence, and their match to a brief's audience target;
//! - [`mod@credibility`]: bot-like audiences, engagement pods, follower spikes → a score with
//!   reasons;
//! - [`ranker`]: the blend of text relevance, niche fit, engagement, audience match and
//!   credibility behind search results, fixed or learned from judgements;
//! - [`similar`]: creator vectors and cosine similarity for "similar creators";
//! - [`artifacts`]: versioned model files with a manifest.
//!
//! It does no network or database I/O: it reads and writes only its own artifact files.
//!
//! ```
//! use scout_models::{engagement, ranker, CreatorId, Niche, NicheClassifier, NicheDocument};
//! use scout_models::{NicheParams, Platform, RankSignals, Ranker, RankerWeights};
//!
//! let id = CreatorId::new(Platform::Mastodon, "alice@social.example");
//! assert_eq!(id.to_string(), "mastodon:alice@social.example");
//!
//! // Train on creator documents: the seed lexicon labels them, the model learns the rest.
//! let documents: Vec<NicheDocument> = (0..40)
//!     .map(|n| NicheDocument {
//!         bio: if n % 2 == 0 { "Personal trainer".into() } else { "Home cook".into() },
//!         captions: vec![if n % 2 == 0 { "leg day workout, kettlebell swings" } else { "new recipe: garlic noodles" }.into()],
//!         hashtags: vec![if n % 2 == 0 { "gym" } else { "foodie" }.into()],
//!     })
//!     .collect();
//! let params = NicheParams { min_positives: 5, ..NicheParams::default() };
//! let (classifier, report) = NicheClassifier::train(&documents, params)?;
//! assert_eq!(report.labelled_documents, 40);
//! let query = classifier.predict_text("home workout");
//! assert_eq!(query.top(0.5), vec![Niche::Fitness]);
//!
//! // Rank a candidate: signals that are unknown stay `None` and weigh nothing.
//! let creator = classifier.predict(&documents[0]);
//! let signals = RankSignals {
//!     text_relevance: Some(0.8),
//!     niche_fit: Some(ranker::niche_fit(&query, &creator)),
//!     engagement: engagement::engagement_score(Some(0.02), Some(5_000), Platform::Mastodon),
//!     ..RankSignals::default()
//! };
//! let ranked = Ranker::new(RankerWeights::default()).score(&signals);
//! assert!(ranked.score > 0.5 && ranked.breakdown.audience_match.is_none());
//! # Ok::<(), scout_models::ModelError>(())
//! ```

pub mod artifacts;
pub mod audience;
pub mod credibility;
pub mod engagement;
mod error;
pub mod features;
pub mod niche;
mod parallel;
pub mod ranker;
pub mod similar;
mod types;

pub use artifacts::{Manifest, ManifestMetrics, ModelBundle, NicheMetrics};
pub use audience::{
    audience_match, estimate_audience, estimate_audience_at, AudienceEstimate, AudienceTarget,
};
pub use credibility::{
    credibility, credibility_in_crawl, credibility_with_overlap, CommenterOverlap, Credibility,
    EngagementCurve, EngagementCurveBuilder,
};
pub use error::ModelError;
pub use features::CreatorFeatures;
pub use niche::{Lexicon, NicheClassifier, NicheDocument, NicheParams, NicheTrainReport};
pub use ranker::{
    LearnedRanker, LearnedRankerParams, RankSignals, RankedScore, Ranker, RankerWeights,
    RankingExample, ScoreBreakdown,
};
pub use types::{
    AudienceSample, Creator, CreatorId, CreatorRecord, MediaKind, Niche, NicheScores, Platform,
    Post, Provenance, Snapshot, Tier,
};
