//! `scout-index` owns Scout's store (a SQLite file: creators, posts, audience samples and a
//! snapshot per crawl, the source of truth with history) and the tantivy index derived from
//! it (full text over bio, captions and hashtags; fast fields for platform, followers,
//! engagement rate and niches). The index can be rebuilt from the store at any time.
//!
//! ```no_run
//! use scout_index::{IndexDocument, IndexError, IndexQuery, RecordStreamOptions, SearchIndex, Store};
//!
//! # fn main() -> Result<(), IndexError> {
//! let store = Store::open("scout-data/store.sqlite".as_ref())?;
//! let index = SearchIndex::open_or_create("scout-data/index".as_ref())?;
//! let options = RecordStreamOptions { max_posts_per_creator: Some(50), include_audience: false };
//! let documents = store
//!     .records(options)
//!     .map(|record| record.map(|record| IndexDocument::from_record(&record, 50)));
//! index.rebuild(documents)?;
//! let result = index.search(&IndexQuery {
//!     text: Some("vegan recipes".to_string()),
//!     min_followers: Some(10_000),
//!     ..IndexQuery::default()
//! })?;
//! println!("{} creators match", result.total);
//! # Ok(())
//! # }
//! ```

mod error;
mod search;
mod store;

pub use error::IndexError;
pub use search::{
    age_range_buckets, audience_share, normalise_country, normalise_hashtag, normalise_language,
    normalise_mention, share_permille, AudienceDimension, AudienceFilter, AudienceShare,
    CreatorFacts, FacetCount, FilterSets, GrowthPeriod, GrowthWindows, HitDetail, IndexBuildStats,
    IndexDocument, IndexFacets, IndexHit, IndexQuery, IndexSearchResult, IndexSort, MatchedDocs,
    QueryTerms, QueryText, SearchIndex, SearchIndexOptions, MAX_LIMIT, MAX_OFFSET, SCOPABLE_FIELDS,
};
pub use search::{DocumentPreparer, IndexBatch, PreparedDocument};
pub use store::{profile_key, IdentityLink, LinkedAccount};
pub use store::{
    ApiKeyRecord, CreatorTimes, IndexSource, RecordIter, RecordStreamOptions, Store, StoreCounts,
    UpsertSummary,
};
pub use store::{CrawlJobRecord, RankerLog, RankerPair, RankerSnapshot};
pub use store::{FeedbackRecord, ShortlistChange, ShortlistEntry, ShortlistSummary};
