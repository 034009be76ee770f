//! A bounded cache of search answers. Marketers and API clients repeat searches (the same
//! brief paged, refreshed, shared as a link); an answer is a function of the query, the index
//! commit searches see and the ranker in use, so it is kept under those and served again
//! until one of them changes.
//!
//! Entries are keyed by the validated query (text, every filter, sort, page and weights) and
//! live under a [`Stamp`]: the index generation and the learned ranker's version. A newer
//! stamp empties the cache; an answer computed under an older one is neither served nor kept.
//! Entries also expire after [`TTL`], which bounds how long an answer computed before a
//! change the stamp does not see (a store edit not yet indexed, "last posted within N days"
//! moving with the clock) can be served.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use lru::LruCache;

use super::search::SearchResults;

/// How long an answer is served again at most.
pub const TTL: Duration = Duration::from_secs(300);

/// Answers a server keeps by default (`scout serve --search-cache`); a page of ten results
/// with its evidence is about 25 KB of JSON.
pub const DEFAULT_CAPACITY: usize = 1_024;

/// What an answer depends on besides the query: the index commit searches see and the
/// version of the learned ranker. Both only grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub index_generation: u64,
    pub ranker_version: u64,
}

impl Stamp {
    /// Whether `self` was taken at or after `other` (every part at least as new).
    fn at_or_after(self, other: Stamp) -> bool {
        self.index_generation >= other.index_generation
            && self.ranker_version >= other.ranker_version
    }
}

/// Hit and miss counts since the service opened, for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
    pub entries: usize,
}

struct Entry {
    results: Arc<SearchResults>,
    stored_at: Instant,
}

struct Entries {
    stamp: Stamp,
    answers: LruCache<String, Entry>,
}

/// The cache; capacity 0 turns it off.
pub struct SearchCache {
    entries: Option<Mutex<Entries>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl SearchCache {
    pub fn new(capacity: usize) -> SearchCache {
        SearchCache {
            entries: std::num::NonZeroUsize::new(capacity).map(|capacity| {
                Mutex::new(Entries {
                    stamp: Stamp {
                        index_generation: 0,
                        ranker_version: 0,
                    },
                    answers: LruCache::new(capacity),
                })
            }),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// Whether answers are kept at all (capacity above 0).
    pub fn is_on(&self) -> bool {
        self.entries.is_some()
    }

    /// The answer kept for `key` under `stamp`, if it is younger than [`TTL`] (a hit).
    pub fn get(&self, stamp: Stamp, key: &str) -> Option<Arc<SearchResults>> {
        let entries = self.entries.as_ref()?;
        let found = {
            let mut entries = entries.lock().unwrap_or_else(PoisonError::into_inner);
            entries.renew(stamp);
            if entries.stamp != stamp {
                None
            } else {
                match entries.answers.get(key) {
                    Some(entry) if entry.stored_at.elapsed() < TTL => {
                        Some(Arc::clone(&entry.results))
                    }
                    Some(_) => {
                        entries.answers.pop(key);
                        None
                    }
                    None => None,
                }
            }
        };
        if found.is_some() {
            self.hits.fetch_add(1, Ordering::Relaxed);
        }
        found
    }

    /// Keeps `results`, computed under `stamp` because the cache had no answer (a miss), for
    /// `key` (unless a newer stamp came since).
    pub fn put(&self, stamp: Stamp, key: String, results: Arc<SearchResults>) {
        let Some(entries) = self.entries.as_ref() else {
            return;
        };
        self.misses.fetch_add(1, Ordering::Relaxed);
        let mut entries = entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.renew(stamp);
        if entries.stamp == stamp {
            let stored_at = Instant::now();
            entries.answers.put(key, Entry { results, stored_at });
        }
    }

    /// Drops every answer (a change the stamp does not see, such as a creator removed).
    pub fn clear(&self) {
        if let Some(entries) = self.entries.as_ref() {
            entries
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .answers
                .clear();
        }
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            entries: self.entries.as_ref().map_or(0, |entries| {
                entries
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .answers
                    .len()
            }),
        }
    }
}

impl Entries {
    /// Moves to `stamp` when it is newer, dropping the answers of the old one.
    fn renew(&mut self, stamp: Stamp) {
        if stamp != self.stamp && stamp.at_or_after(self.stamp) {
            self.stamp = stamp;
            self.answers.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::search::SearchSort;

    fn answer(total: usize) -> Arc<SearchResults> {
        Arc::new(SearchResults {
            total,
            results: Vec::new(),
            facets: Default::default(),
            sort: SearchSort::Relevance,
            offset: 0,
            limit: 10,
            next_cursor: None,
            query_niches: Vec::new(),
            took_ms: 1.0,
            model_version: None,
        })
    }

    fn stamp(index_generation: u64, ranker_version: u64) -> Stamp {
        Stamp {
            index_generation,
            ranker_version,
        }
    }

    #[test]
    fn answers_are_served_under_their_stamp_only() {
        let cache = SearchCache::new(8);
        assert!(cache.get(stamp(1, 0), "q").is_none());
        cache.put(stamp(1, 0), "q".to_string(), answer(5));
        assert_eq!(cache.get(stamp(1, 0), "q").unwrap().total, 5);
        assert!(cache.get(stamp(1, 0), "other").is_none());

        // A new commit empties the cache; an answer of the old commit is not kept.
        assert!(cache.get(stamp(2, 0), "q").is_none());
        cache.put(stamp(1, 0), "q".to_string(), answer(5));
        assert!(cache.get(stamp(2, 0), "q").is_none());
        cache.put(stamp(2, 0), "q".to_string(), answer(6));
        assert_eq!(cache.get(stamp(2, 0), "q").unwrap().total, 6);

        // So does a ranker update.
        assert!(cache.get(stamp(2, 1), "q").is_none());
        assert_eq!(
            cache.stats(),
            CacheStats {
                hits: 2,
                misses: 3,
                entries: 0
            }
        );
    }

    #[test]
    fn the_least_recently_used_answer_goes_first_and_clear_drops_all() {
        let cache = SearchCache::new(2);
        let now = stamp(3, 3);
        cache.put(now, "a".to_string(), answer(1));
        cache.put(now, "b".to_string(), answer(2));
        assert!(cache.get(now, "a").is_some());
        cache.put(now, "c".to_string(), answer(3));
        assert!(
            cache.get(now, "b").is_none(),
            "b was the least recently used"
        );
        assert!(cache.get(now, "a").is_some());
        assert!(cache.get(now, "c").is_some());
        cache.clear();
        assert!(cache.get(now, "a").is_none());
        assert_eq!(cache.stats().entries, 0);
    }

    #[test]
    fn capacity_zero_keeps_nothing() {
        let cache = SearchCache::new(0);
        assert!(!cache.is_on());
        cache.put(stamp(1, 0), "q".to_string(), answer(1));
        assert!(cache.get(stamp(1, 0), "q").is_none());
        assert_eq!(cache.stats().entries, 0);
    }
}
