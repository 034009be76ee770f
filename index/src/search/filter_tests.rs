//! Every filter, facet and sort of the index against a brute-force scan of the same
//! documents: 2,000 generated creators, each query's ids, total and facet counts compared.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use scout_models::audience::{DimensionEstimate, Share, AGE_BUCKETS, GENDERS};
use scout_models::credibility::CredibilitySignals;
use scout_models::{AudienceEstimate, CreatorId, Credibility, Niche, Platform, Tier};

use super::audience::{audience_share, share_permille};
use super::{
    AudienceDimension, AudienceFilter, AudienceShare, CreatorFacts, FilterSets, GrowthPeriod,
    GrowthWindows, IndexDocument, IndexQuery, IndexSort, SearchIndex, MAX_LIMIT,
};
use crate::error::IndexError;

const CREATORS: usize = 2_000;
const COUNTRIES: [&str; 6] = ["US", "BR", "DE", "FR", "GB", "MX"];
const LANGUAGES: [&str; 5] = ["en", "pt", "de", "fr", "es"];
const TAGS: [&str; 6] = ["vegan", "gym", "travel", "ad", "art", "code"];
const MENTIONS: [&str; 4] = ["brand", "acme.co", "ana@social.example", "bob"];

/// A small deterministic generator (SplitMix64): the index crate has no RNG dependency.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

fn shares(draw: &mut Draw, keys: &[&str]) -> DimensionEstimate {
    let weights: Vec<f64> = keys.iter().map(|_| draw.unit().powi(2)).collect();
    let total: f64 = weights.iter().sum::<f64>().max(1e-9);
    DimensionEstimate {
        shares: keys
            .iter()
            .zip(weights)
            .map(|(key, weight)| Share {
                key: key.to_string(),
                share: weight / total,
            })
            .collect(),
        confidence: 0.8,
        sample_size: 30,
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap()
}

fn generated(count: usize) -> Vec<IndexDocument> {
    let mut draw = Draw(7);
    let platforms = Platform::ALL;
    (0..count)
        .map(|n| {
            let platform = platforms[draw.below(platforms.len() as u64) as usize];
            let handle = format!("creator{n}");
            let followers = draw
                .chance(0.95)
                .then(|| 10u64.pow(2 + draw.below(5) as u32) + draw.below(50_000));
            let niches: BTreeSet<Niche> = (0..draw.below(4))
                .map(|_| Niche::ALL[draw.below(Niche::ALL.len() as u64) as usize])
                .collect();
            let languages: BTreeSet<String> = (0..draw.below(3))
                .map(|_| draw.pick(&LANGUAGES).to_string())
                .collect();
            let hashtags: BTreeSet<String> = (0..draw.below(4))
                .map(|_| draw.pick(&TAGS).to_string())
                .collect();
            let mentions: BTreeSet<String> = (0..draw.below(3))
                .map(|_| draw.pick(&MENTIONS).to_string())
                .collect();
            let growth = |draw: &mut Draw| draw.chance(0.8).then(|| draw.unit() * 0.6 - 0.1);
            let (country_keys, language_keys) =
                (2 + draw.below(4) as usize, 1 + draw.below(4) as usize);
            let audience = draw.chance(0.8).then(|| AudienceEstimate {
                age: shares(&mut draw, &AGE_BUCKETS),
                gender: shares(&mut draw, &GENDERS),
                country: shares(&mut draw, &COUNTRIES[..country_keys]),
                language: shares(&mut draw, &LANGUAGES[..language_keys]),
                sample_size: 30,
                human_weight: 25.0,
            });
            let credibility = draw.chance(0.8).then(|| Credibility {
                score: draw.unit(),
                suspicious_audience_share: None,
                reasons: Vec::new(),
                signals: CredibilitySignals::default(),
                sample_size: 30,
            });
            IndexDocument {
                id: CreatorId::new(platform, &handle),
                platform,
                display_name: None,
                bio: Some(format!(
                    "creator {} bio",
                    draw.pick(&["vegan", "gym", "art"])
                )),
                captions: vec![format!(
                    "post about {}",
                    draw.pick(&["food", "travel", "code"])
                )],
                hashtags: hashtags.into_iter().collect(),
                followers,
                engagement_rate: draw.chance(0.9).then(|| draw.unit() * 0.1),
                niches: niches.into_iter().collect(),
                niche_scores: None,
                languages: languages.into_iter().collect(),
                audience,
                credibility,
                facts: CreatorFacts {
                    country: draw.chance(0.7).then(|| draw.pick(&COUNTRIES).to_string()),
                    has_contact: draw.chance(0.3),
                    has_sponsored_posts: draw.chance(0.2),
                    last_posted_at: draw
                        .chance(0.9)
                        .then(|| now() - Duration::hours(draw.below(24 * 200) as i64)),
                    mentions: mentions.into_iter().collect(),
                    growth: GrowthWindows {
                        one_month: growth(&mut draw),
                        three_months: growth(&mut draw),
                        six_months: growth(&mut draw),
                    },
                },
                handle,
            }
        })
        .collect()
}

/// The brute-force reading of one query: does `document` pass every filter?
fn passes(document: &IndexDocument, query: &IndexQuery) -> bool {
    let any_or_empty = |wanted: &[String], has: &dyn Fn(&str) -> bool| {
        wanted.is_empty() || wanted.iter().any(|value| has(value))
    };
    let facts = &document.facts;
    let in_range = |value: Option<f64>, min: Option<f64>, max: Option<f64>| {
        (min.is_none() && max.is_none())
            || value.is_some_and(|value| {
                min.is_none_or(|min| value >= min) && max.is_none_or(|max| value <= max)
            })
    };
    (query.platforms.is_empty() || query.platforms.contains(&document.platform))
        && (query.niches.is_empty() || query.niches.iter().any(|n| document.niches.contains(n)))
        && !query
            .exclude_niches
            .iter()
            .any(|n| document.niches.contains(n))
        && in_range(
            document.followers.map(|f| f as f64),
            query.min_followers.map(|f| f as f64),
            query.max_followers.map(|f| f as f64),
        )
        && in_range(
            document.engagement_rate,
            query.min_engagement_rate,
            query.max_engagement_rate,
        )
        && in_range(
            document.credibility.as_ref().map(|c| c.score),
            query.min_credibility,
            None,
        )
        && any_or_empty(&query.countries, &|code| {
            facts.country.as_deref() == Some(code)
        })
        && any_or_empty(&query.languages, &|code| {
            document.languages.iter().any(|language| language == code)
        })
        && query
            .has_contact
            .is_none_or(|wanted| facts.has_contact == wanted)
        && query
            .has_sponsored_posts
            .is_none_or(|wanted| facts.has_sponsored_posts == wanted)
        && query.posted_since.is_none_or(|since| {
            facts
                .last_posted_at
                .is_some_and(|at| at.timestamp() >= since.timestamp())
        })
        && query.min_growth.is_none_or(|(period, min)| {
            let growth = match period {
                GrowthPeriod::OneMonth => facts.growth.one_month,
                GrowthPeriod::ThreeMonths => facts.growth.three_months,
                GrowthPeriod::SixMonths => facts.growth.six_months,
            };
            growth.is_some_and(|growth| growth >= min)
        })
        && any_or_empty(&query.hashtags, &|tag| {
            document.hashtags.iter().any(|has| has == tag)
        })
        && any_or_empty(&query.mentions, &|mention| {
            facts.mentions.iter().any(|has| has == mention)
        })
        && query.audience.iter().all(|filter| {
            document.audience.as_ref().is_some_and(|estimate| {
                filter.items.iter().any(|item| {
                    let share = audience_share(estimate, filter.dimension, &item.key).unwrap();
                    let permille = share_permille(share);
                    permille > 0 && permille >= share_permille(item.min_share)
                })
            })
        })
}

/// Facet counts of the matching documents, counted by hand.
fn brute_facets(matching: &[&IndexDocument]) -> BTreeMap<String, BTreeMap<String, u64>> {
    let mut facets: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    let mut count = |root: &str, value: String| {
        *facets
            .entry(root.to_string())
            .or_default()
            .entry(value)
            .or_default() += 1;
    };
    for document in matching {
        count("platform", document.platform.as_str().to_string());
        for niche in &document.niches {
            count("niche", niche.as_str().to_string());
        }
        if let Some(followers) = document.followers {
            count("tier", Tier::from_followers(followers).to_string());
        }
        if let Some(country) = &document.facts.country {
            count("country", country.clone());
        }
        for language in &document.languages {
            count("language", language.clone());
        }
    }
    facets
}

fn index_facets(result: &super::IndexFacets) -> BTreeMap<String, BTreeMap<String, u64>> {
    let mut facets = BTreeMap::new();
    for (root, counts) in [
        ("platform", &result.platform),
        ("niche", &result.niche),
        ("tier", &result.tier),
        ("country", &result.country),
        ("language", &result.language),
    ] {
        if counts.is_empty() {
            continue;
        }
        let values: BTreeMap<String, u64> = counts
            .iter()
            .map(|entry| (entry.value.clone(), entry.count))
            .collect();
        facets.insert(root.to_string(), values);
    }
    facets
}

fn audience(dimension: AudienceDimension, items: &[(&str, f64)]) -> AudienceFilter {
    AudienceFilter {
        dimension,
        items: items
            .iter()
            .map(|(key, min_share)| AudienceShare {
                key: key.to_string(),
                min_share: *min_share,
            })
            .collect(),
    }
}

fn queries() -> Vec<(&'static str, IndexQuery)> {
    let base = IndexQuery::default;
    let strings = |items: &[&str]| items.iter().map(|item| item.to_string()).collect();
    vec![
        ("everything", base()),
        (
            "platforms",
            IndexQuery {
                platforms: vec![Platform::Mastodon, Platform::Youtube],
                ..base()
            },
        ),
        (
            "followers",
            IndexQuery {
                min_followers: Some(5_000),
                max_followers: Some(200_000),
                ..base()
            },
        ),
        (
            "engagement",
            IndexQuery {
                min_engagement_rate: Some(0.02),
                max_engagement_rate: Some(0.07),
                ..base()
            },
        ),
        (
            "niches include and exclude",
            IndexQuery {
                niches: vec![Niche::Food, Niche::Travel, Niche::Fitness],
                exclude_niches: vec![Niche::Gaming],
                ..base()
            },
        ),
        (
            "niches exclude only",
            IndexQuery {
                exclude_niches: vec![Niche::Food, Niche::Tech],
                ..base()
            },
        ),
        (
            "creator country and language",
            IndexQuery {
                countries: strings(&["BR", "MX"]),
                languages: strings(&["pt", "es"]),
                ..base()
            },
        ),
        (
            "contact and sponsored",
            IndexQuery {
                has_contact: Some(true),
                has_sponsored_posts: Some(false),
                ..base()
            },
        ),
        (
            "posted within 30 days",
            IndexQuery {
                posted_since: Some(now() - Duration::days(30)),
                ..base()
            },
        ),
        (
            "growth 3m",
            IndexQuery {
                min_growth: Some((GrowthPeriod::ThreeMonths, 0.15)),
                ..base()
            },
        ),
        (
            "credibility",
            IndexQuery {
                min_credibility: Some(0.6),
                ..base()
            },
        ),
        (
            "hashtags and mentions",
            IndexQuery {
                hashtags: strings(&["vegan", "travel"]),
                mentions: strings(&["ana@social.example", "brand"]),
                ..base()
            },
        ),
        (
            "audience countries OR",
            IndexQuery {
                audience: vec![audience(
                    AudienceDimension::Country,
                    &[("BR", 0.4), ("US", 0.5)],
                )],
                ..base()
            },
        ),
        (
            "audience dimensions AND",
            IndexQuery {
                audience: vec![
                    audience(AudienceDimension::Age, &[("18-34", 0.35), ("55+", 0.3)]),
                    audience(AudienceDimension::Gender, &[("female", 0.3)]),
                    audience(AudienceDimension::Language, &[("en", 0.2)]),
                ],
                ..base()
            },
        ),
        (
            "text with filters",
            IndexQuery {
                text: Some("vegan OR travel".to_string()),
                platforms: vec![Platform::Bluesky, Platform::Mastodon, Platform::Web],
                min_followers: Some(1_000),
                audience: vec![audience(AudienceDimension::Age, &[("25-34", 0.2)])],
                ..base()
            },
        ),
        (
            "everything at once",
            IndexQuery {
                min_followers: Some(500),
                niches: Niche::ALL[..10].to_vec(),
                languages: strings(&["en", "de", "fr"]),
                posted_since: Some(now() - Duration::days(120)),
                min_growth: Some((GrowthPeriod::SixMonths, 0.0)),
                audience: vec![audience(AudienceDimension::Gender, &[("male", 0.2)])],
                ..base()
            },
        ),
    ]
}

fn built() -> (Vec<IndexDocument>, SearchIndex) {
    let documents = generated(CREATORS);
    let index = SearchIndex::create_in_ram().unwrap();
    index
        .rebuild(documents.iter().cloned().map(Ok::<_, IndexError>))
        .unwrap();
    (documents, index)
}

/// The text part is checked against the index's own text matching: brute force knows only
/// the filters, so a text query's expected set is its match set without filters, filtered.
fn text_matches(index: &SearchIndex, text: &str) -> BTreeSet<String> {
    let result = index
        .search(&IndexQuery {
            text: Some(text.to_string()),
            limit: MAX_LIMIT,
            ..IndexQuery::default()
        })
        .unwrap();
    result.hits.iter().map(|hit| hit.id.to_string()).collect()
}

#[test]
fn every_filter_and_facet_matches_a_brute_force_scan() {
    let (documents, index) = built();
    for (name, query) in queries() {
        let text_ids = query.text.as_deref().map(|text| text_matches(&index, text));
        let expected: Vec<&IndexDocument> = documents
            .iter()
            .filter(|document| passes(document, &query))
            .filter(|document| {
                text_ids
                    .as_ref()
                    .is_none_or(|ids| ids.contains(document.id.as_str()))
            })
            .collect();
        assert!(
            !expected.is_empty() && expected.len() < documents.len() || name == "everything",
            "{name}: a query that keeps none or all of the creators checks nothing ({})",
            expected.len()
        );
        let result = index
            .search(&IndexQuery {
                facets: true,
                limit: MAX_LIMIT,
                ..query.clone()
            })
            .unwrap();
        assert_eq!(result.total, expected.len(), "{name}: total");
        let found: BTreeSet<&str> = result.hits.iter().map(|hit| hit.id.as_str()).collect();
        let wanted: BTreeSet<&str> = expected.iter().map(|doc| doc.id.as_str()).collect();
        assert_eq!(found, wanted, "{name}: ids");
        assert_eq!(
            index_facets(result.facets.as_ref().unwrap()),
            brute_facets(&expected),
            "{name}: facets"
        );
    }
}

#[test]
fn the_passes_of_one_search_share_the_audience_filters_bit_sets() {
    let (_, index) = built();
    let segments = index.reader.searcher().segment_readers().len();
    let mut checked = 0;
    for (name, query) in queries() {
        if query.audience.is_empty() {
            continue;
        }
        let query = IndexQuery {
            facets: true,
            limit: MAX_LIMIT,
            ..query
        };
        let alone = index.search(&query).unwrap();
        let sets = Arc::new(FilterSets::default());
        let first = index.search_sharing(&query, &sets).unwrap();
        assert_eq!(
            first, alone,
            "{name}: a shared pass answers as a pass alone"
        );
        assert_eq!(
            sets.len(),
            query.audience.len() * segments,
            "{name}: one set per filter and segment"
        );
        // A second pass (another page and order) reads no set again: emptied, the kept sets
        // leave it nothing.
        let next = IndexQuery {
            sort: IndexSort::Followers,
            offset: 1,
            ..query.clone()
        };
        sets.replace_kept(&tantivy::BitSet::with_max_value(
            index.reader.searcher().num_docs() as u32,
        ));
        let second = index.search_sharing(&next, &sets).unwrap();
        assert_eq!(
            second.total, 0,
            "{name}: the second pass used the kept sets"
        );
        assert!(
            index.search(&next).unwrap().total > 0,
            "{name}: without them it matches"
        );
        checked += 1;
    }
    assert!(checked >= 3, "the queries hold audience filters");
}

#[test]
fn sorts_order_all_matches_and_pages_partition_them() {
    let (documents, index) = built();
    let by_id: BTreeMap<&str, &IndexDocument> = documents
        .iter()
        .map(|document| (document.id.as_str(), document))
        .collect();
    let value = |sort: IndexSort, document: &IndexDocument| -> Option<f64> {
        match sort {
            IndexSort::Relevance | IndexSort::Followers => document.followers.map(|f| f as f64),
            IndexSort::EngagementRate => document.engagement_rate,
            IndexSort::Growth(GrowthPeriod::OneMonth) => document.facts.growth.one_month,
            IndexSort::Growth(GrowthPeriod::ThreeMonths) => document.facts.growth.three_months,
            IndexSort::Growth(GrowthPeriod::SixMonths) => document.facts.growth.six_months,
        }
    };
    for sort in [
        IndexSort::Followers,
        IndexSort::EngagementRate,
        IndexSort::Growth(GrowthPeriod::OneMonth),
        IndexSort::Growth(GrowthPeriod::SixMonths),
    ] {
        let query = IndexQuery {
            platforms: vec![Platform::Mastodon, Platform::Bluesky],
            sort,
            ..IndexQuery::default()
        };
        let mut paged = Vec::new();
        let mut offset = 0;
        loop {
            let page = index
                .search(&IndexQuery {
                    offset,
                    limit: 97,
                    ..query.clone()
                })
                .unwrap();
            if page.hits.is_empty() {
                assert_eq!(paged.len(), page.total, "{sort:?}: pages cover the total");
                break;
            }
            offset += page.hits.len();
            paged.extend(page.hits.into_iter().map(|hit| hit.id.to_string()));
        }
        let distinct: BTreeSet<&String> = paged.iter().collect();
        assert_eq!(
            distinct.len(),
            paged.len(),
            "{sort:?}: a creator on two pages"
        );
        let values: Vec<Option<f64>> = paged
            .iter()
            .map(|id| value(sort, by_id[id.as_str()]))
            .collect();
        for pair in values.windows(2) {
            let ordered = match (pair[0], pair[1]) {
                (Some(a), Some(b)) => a >= b,
                (None, Some(_)) => false,
                _ => true,
            };
            assert!(ordered, "{sort:?}: {:?} before {:?}", pair[0], pair[1]);
        }
    }
}

#[test]
fn text_or_niches_matches_the_union_and_ranks_text_first() {
    let (documents, index) = built();
    let text_ids = text_matches(&index, "bio:vegan");
    let query = IndexQuery {
        text: Some("bio:vegan".to_string()),
        or_niches: vec![Niche::Travel],
        min_followers: Some(1_000),
        limit: MAX_LIMIT,
        ..IndexQuery::default()
    };
    let expected: BTreeSet<&str> = documents
        .iter()
        .filter(|document| {
            text_ids.contains(document.id.as_str()) || document.niches.contains(&Niche::Travel)
        })
        .filter(|document| {
            document
                .followers
                .is_some_and(|followers| followers >= 1_000)
        })
        .map(|document| document.id.as_str())
        .collect();
    let result = index.search(&query).unwrap();
    assert_eq!(result.total, expected.len());
    let found: BTreeSet<&str> = result.hits.iter().map(|hit| hit.id.as_str()).collect();
    assert_eq!(found, expected);
    let first_niche_only = result
        .hits
        .iter()
        .position(|hit| !text_ids.contains(hit.id.as_str()))
        .expect("some creators match by niche alone");
    assert!(result.hits[..first_niche_only]
        .iter()
        .all(|hit| hit.bm25 > 0.0));
    assert!(result.hits[first_niche_only..]
        .iter()
        .all(|hit| hit.bm25 == 0.0 && !text_ids.contains(hit.id.as_str())));
}

/// A text search's kept matches and the search beyond them for a niche answer what one
/// search for the text or the niche answers: total, facets, and the best `limit` (the text's
/// matches by BM25, then niche-only creators by id), as `SearchService` puts them together.
#[test]
fn the_text_then_the_niche_beyond_its_matches_is_the_search_for_either() {
    let (_, index) = built();
    let mut checked = 0;
    for (text, niche) in [
        ("bio:vegan", Niche::Travel),
        ("vegan food", Niche::Food),
        ("gym", Niche::Fitness),
        ("\"post about\" travel", Niche::Tech),
        ("nothingmatchesthis", Niche::Art),
    ] {
        for (limit, min_followers) in [(10, None), (200, Some(1_000)), (MAX_LIMIT, None)] {
            let sets = Arc::new(super::FilterSets::default());
            let text_query = IndexQuery {
                text: Some(text.to_string()),
                min_followers,
                languages: vec!["en".to_string(), "es".to_string()],
                limit,
                facets: true,
                detail: super::HitDetail::Ranking,
                ..IndexQuery::default()
            };
            let either = index
                .search(&IndexQuery {
                    or_niches: vec![niche],
                    ..text_query.clone()
                })
                .unwrap();
            let (mut joined, matched) = index.search_keeping_matches(&text_query, &sets).unwrap();
            assert_eq!(matched.len(), joined.total, "{text}");
            let beyond = index
                .search_beyond(
                    &IndexQuery {
                        text: None,
                        niches: vec![niche],
                        limit: limit - joined.hits.len().min(limit),
                        ..text_query.clone()
                    },
                    &matched,
                    &sets,
                )
                .unwrap();
            joined.total += beyond.total;
            joined.facets = Some(joined.facets.unwrap().merged(beyond.facets.unwrap()));
            let reached = beyond.total > 0 && !beyond.hits.is_empty();
            joined.hits.extend(beyond.hits);
            assert_eq!(joined.total, either.total, "{text} {niche:?} {limit}");
            assert_eq!(joined.facets, either.facets, "{text} {niche:?} {limit}");
            let ids = |result: &super::IndexSearchResult| -> Vec<(String, f32)> {
                result
                    .hits
                    .iter()
                    .map(|hit| (hit.id.to_string(), hit.bm25))
                    .collect()
            };
            assert_eq!(ids(&joined), ids(&either), "{text} {niche:?} {limit}");
            checked += usize::from(reached);
        }
    }
    assert!(
        checked >= 5,
        "{checked} searches reached niche-only creators"
    );
    // A search beyond kept matches orders by id alone: it refuses text.
    let gym = IndexQuery {
        text: Some("gym".to_string()),
        ..IndexQuery::default()
    };
    let sets = Arc::new(super::FilterSets::default());
    let (_, matched) = index.search_keeping_matches(&gym, &sets).unwrap();
    assert!(matches!(
        index.search_beyond(&gym, &matched, &sets),
        Err(IndexError::InvalidInput(_))
    ));
}

/// The page and total of `query` the way searches were run before counting, faceting and
/// ranking shared one pass: `Count`, then tantivy's own (pruned where it can) top-k pass,
/// here over every match, its ties then ordered by creator id.
fn two_pass_reference(index: &SearchIndex, query: &IndexQuery) -> (usize, Vec<(String, f32)>) {
    use tantivy::collector::{Count, TopDocs};
    let text = query.text.as_deref().unwrap_or_default();
    let has_tokens = !index.analyze(text).is_empty();
    let text_query = super::query::text_query(&index.parser, text, has_tokens)
        .map(|text| super::query::text_or_niches(text, &query.or_niches, &index.fields));
    assert!(text_query.is_some(), "{text:?} is a text query");
    let combined = super::query::combine(
        text_query,
        super::query::filter_queries(query, &index.fields, None),
    );
    let searcher = index.reader.searcher();
    let total = searcher.search(combined.as_ref(), &Count).unwrap();
    let every = TopDocs::with_limit(total.max(1)).order_by_score();
    let addresses = searcher.search(combined.as_ref(), &every).unwrap();
    let hits = index
        .read_hits(&searcher, &addresses, super::HitDetail::Ranking)
        .unwrap();
    let mut hits: Vec<(String, f32)> = hits
        .into_iter()
        .map(|hit| (hit.id.to_string(), hit.bm25))
        .collect();
    hits.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let page = hits.into_iter().skip(query.offset).take(query.limit);
    (total, page.collect())
}

#[test]
fn one_pass_relevance_pages_equal_the_pruned_two_pass_pages() {
    let (_, index) = built();
    let texts = [
        "vegan",
        "vegan food",
        "bio:vegan",
        "bio:vegan posts:code",
        "\"post about\" travel",
        "gym -code",
        "+vegan +food",
        "art OR travel OR code",
    ];
    let mut checked = 0;
    for (position, text) in texts.iter().enumerate() {
        for (offset, limit) in [(0, 10), (0, 200), (30, 20), (5_000, 10)] {
            for variant in 0..3 {
                let mut query = IndexQuery {
                    text: Some(text.to_string()),
                    offset,
                    limit,
                    facets: true,
                    detail: super::HitDetail::Ranking,
                    ..IndexQuery::default()
                };
                match variant {
                    1 => query.or_niches = vec![Niche::ALL[position % Niche::ALL.len()]],
                    2 => {
                        query.min_followers = Some(1_000);
                        query.languages = vec!["en".to_string()];
                    }
                    _ => {}
                }
                let (total, expected) = two_pass_reference(&index, &query);
                let result = index.search(&query).unwrap();
                assert_eq!(result.total, total, "{query:?}");
                let found: Vec<(String, f32)> = result
                    .hits
                    .iter()
                    .map(|hit| (hit.id.to_string(), hit.bm25))
                    .collect();
                // Same creators, same order, bit-for-bit the same BM25.
                assert_eq!(found, expected, "{query:?}");
                checked += usize::from(!found.is_empty());
            }
        }
    }
    assert!(checked > 50, "{checked} pages with hits");
}

#[test]
fn pruning_is_left_to_term_queries_alone() {
    let (_, index) = built();
    let prunable = |text: &str, or_niches: Vec<Niche>, min_followers: Option<u64>| {
        let query = IndexQuery {
            text: Some(text.to_string()),
            or_niches,
            min_followers,
            ..IndexQuery::default()
        };
        let text_query = super::query::text_query(&index.parser, text, true)
            .map(|text| super::query::text_or_niches(text, &query.or_niches, &index.fields));
        let combined = super::query::combine(
            text_query,
            super::query::filter_queries(&query, &index.fields, None),
        );
        super::query::may_prune(combined.as_ref())
    };
    // One word over the default fields: a union of boosted terms.
    assert!(prunable("vegan", vec![], None));
    assert!(prunable("+bio:vegan +posts:food", vec![], None));
    // Nested unions, filters, a niche alternative and phrases are scored match by match.
    assert!(!prunable("vegan food", vec![], None));
    assert!(!prunable("vegan", vec![Niche::Food], None));
    assert!(!prunable("vegan", vec![], Some(1_000)));
    assert!(!prunable("\"post about\"", vec![], None));
}
