//! Times the ranking-quality models on synthetic data: per-creator work at index time
//! (features, audience estimate, credibility, similarity vector) over many creators, the
//! learned ranker's training, and the query-time work on ~500 candidates (audience match and
//! learned score).
//!
//! ```text
//! cargo run --release -p scout-models --example ranking_timing -- [creators] [candidates]
//! ```
//!
//! Single-threaded figures; the per-creator work is independent and splits across cores.

use std::time::Instant;

use chrono::{DateTime, Duration, TimeZone, Utc};
use scout_models::audience::{
    audience_match, estimate_audience_with, AudienceContext, AudienceEstimate, AudienceTarget,
};
use scout_models::similar::{cosine, creator_vector};
use scout_models::{
    credibility_with_overlap, AudienceSample, CommenterOverlap, Creator, CreatorFeatures,
    CreatorId, CreatorRecord, LearnedRanker, LearnedRankerParams, Niche, NicheScores, Platform,
    Post, Provenance, RankSignals, RankingExample, Snapshot,
};

const POSTS_PER_CREATOR: usize = 30;
const SAMPLES_PER_CREATOR: usize = 15;
const SNAPSHOTS_PER_CREATOR: usize = 3;

const NAMES: [&str; 8] = [
    "Maria Silva",
    "John Smith",
    "Lucía Pérez",
    "Jean Dupont",
    "Anna Müller",
    "Priya Sharma",
    "Alex Taylor",
    "",
];
const BIOS: [&str; 6] = [
    "mãe de 2 | café",
    "college student 📚",
    "retired teacher",
    "she/her · plants",
    "34 | nurse",
    "",
];
const LOCATIONS: [&str; 6] = [
    "São Paulo, Brasil",
    "Austin, TX",
    "Madrid",
    "Lyon 🇫🇷",
    "somewhere ✨",
    "",
];
const TEXTS: [&str; 5] = [
    "Que receita maravilhosa, vou fazer amanhã!",
    "Love this so much, saving it for the weekend",
    "Me encanta, gracias por compartir",
    "J'adore, merci pour l'idée",
    "🔥🔥",
];

/// SplitMix64, for reproducible synthetic data without extra dependencies.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, limit: usize) -> usize {
        (self.next() % limit as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1_u64 << 53) as f64
    }
}

fn record(index: usize, random: &mut Random, now: DateTime<Utc>) -> (CreatorRecord, Vec<Snapshot>) {
    let id = CreatorId::new(
        Platform::Mastodon,
        &format!("creator{index}@social.example"),
    );
    let followers = 1_000 + random.below(200_000) as u64;
    let posts = (0..POSTS_PER_CREATOR)
        .map(|n| Post {
            id: format!("p{n}"),
            creator_id: id.clone(),
            url: format!("https://social.example/@c{index}/{n}"),
            published_at: Some(now - Duration::days(n as i64 * 2)),
            text: "a post".into(),
            hashtags: vec![],
            mentions: vec![],
            media_kind: None,
            language: Some("en".into()),
            likes: Some((followers as f64 * 0.01 * (0.5 + random.unit())) as u64),
            comments: Some(random.below(20) as u64),
            shares: None,
            views: None,
            sponsored: random.below(20) == 0,
        })
        .collect();
    let audience = (0..SAMPLES_PER_CREATOR)
        .map(|n| {
            let pick = |options: &[&str], random: &mut Random| {
                let value = options[random.below(options.len())];
                (!value.is_empty()).then(|| value.to_string())
            };
            AudienceSample {
                creator_id: id.clone(),
                handle: format!("fan{}_{n}@remote.example", random.below(1_000_000)),
                display_name: pick(&NAMES, random),
                bio: pick(&BIOS, random),
                location: pick(&LOCATIONS, random),
                language: Some(["en", "pt", "es", "fr"][random.below(4)].into()),
                text: pick(&TEXTS, random),
                followers: Some(random.below(2_000) as u64),
                following: Some(random.below(3_000) as u64),
                has_avatar: random.below(10) > 0,
                account_created_at: Some(now - Duration::days(random.below(3_000) as i64)),
                is_bot: false,
                post_id: Some(format!("p{}", random.below(3))),
                reply_likes: None,
                post_count: None,
            }
        })
        .collect();
    let snapshots = (0..SNAPSHOTS_PER_CREATOR)
        .map(|n| Snapshot {
            creator_id: id.clone(),
            taken_at: now - Duration::days(30 * n as i64),
            followers: Some(followers - 100 * n as u64),
            following: None,
            post_count: None,
            engagement_rate: Some(0.01),
        })
        .collect();
    let creator = Creator {
        id: id.clone(),
        platform: Platform::Mastodon,
        handle: format!("creator{index}"),
        display_name: None,
        bio: None,
        profile_url: format!("https://social.example/@creator{index}"),
        avatar_url: None,
        links: vec![],
        followers: Some(followers),
        following: Some(200),
        post_count: None,
        location: None,
        languages: vec![],
        contact_email: None,
        created_at: None,
        is_bot: false,
        provenance: Provenance {
            source_url: String::new(),
            fetched_at: now,
            method: "synthetic".into(),
            content_hash: String::new(),
        },
    };
    (
        CreatorRecord {
            creator,
            posts,
            audience,
        },
        snapshots,
    )
}

fn niches(random: &mut Random) -> NicheScores {
    NicheScores {
        probabilities: Niche::ALL
            .iter()
            .map(|niche| (*niche, random.unit() as f32 * 0.6))
            .collect(),
    }
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|arg| arg.parse().ok())
        .collect();
    let creators = args.first().copied().unwrap_or(100_000);
    let candidates = args.get(1).copied().unwrap_or(500);
    let now = Utc
        .with_ymd_and_hms(2026, 3, 1, 0, 0, 0)
        .single()
        .unwrap_or_else(Utc::now);
    let mut random = Random(7);

    // Index time: the overlap table needs one pass over every audience first.
    let mut generation = std::time::Duration::ZERO;
    let mut overlap_time = std::time::Duration::ZERO;
    let mut overlap = CommenterOverlap::new();
    for index in 0..creators {
        let started = Instant::now();
        let (record, _) = record(index, &mut Random(index as u64), now);
        generation += started.elapsed();
        let started = Instant::now();
        overlap.add_creator(&record.audience);
        overlap_time += started.elapsed();
    }
    let (mut features_time, mut audience_time, mut credibility_time, mut vector_time) = (
        std::time::Duration::ZERO,
        std::time::Duration::ZERO,
        std::time::Duration::ZERO,
        std::time::Duration::ZERO,
    );
    let mut estimates: Vec<AudienceEstimate> = Vec::new();
    let mut checksum = 0.0;
    for index in 0..creators {
        let (record, snapshots) = record(index, &mut Random(index as u64), now);
        let scores = niches(&mut random);
        let started = Instant::now();
        let features = CreatorFeatures::compute(&record, &snapshots, now);
        features_time += started.elapsed();
        let started = Instant::now();
        let estimate = estimate_audience_with(
            &record.audience,
            &AudienceContext {
                now,
                platform: None,
                niches: Some(&scores),
            },
        );
        audience_time += started.elapsed();
        let started = Instant::now();
        let credibility = credibility_with_overlap(&features, &record.audience, &overlap);
        credibility_time += started.elapsed();
        let started = Instant::now();
        let vector = creator_vector(&scores, Some(&estimate), &["recipe", "garden", "coffee"]);
        vector_time += started.elapsed();
        checksum += credibility.score + f64::from(vector[0]);
        if estimates.len() < candidates {
            estimates.push(estimate);
        }
    }
    let per_creator = |total: std::time::Duration| total.as_secs_f64() * 1e6 / creators as f64;
    println!("{creators} creators ({SAMPLES_PER_CREATOR} samples, {POSTS_PER_CREATOR} posts each), one thread:");
    println!(
        "  synthetic data        {:>8.1} µs/creator (not model work)",
        per_creator(generation)
    );
    println!(
        "  commenter overlap     {:>8.1} µs/creator",
        per_creator(overlap_time)
    );
    println!(
        "  features              {:>8.1} µs/creator",
        per_creator(features_time)
    );
    println!(
        "  audience estimate     {:>8.1} µs/creator",
        per_creator(audience_time)
    );
    println!(
        "  credibility           {:>8.1} µs/creator",
        per_creator(credibility_time)
    );
    println!(
        "  similarity vector     {:>8.1} µs/creator",
        per_creator(vector_time)
    );
    let total = overlap_time + features_time + audience_time + credibility_time + vector_time;
    println!("  total                 {:>8.2} s", total.as_secs_f64());

    // Learned ranker: 40 judged queries of `candidates` results.
    let examples: Vec<RankingExample> = (0..40 * candidates)
        .map(|n| {
            let niche = random.unit();
            let credibility = random.unit();
            RankingExample {
                query_id: format!("q{}", n / candidates),
                signals: RankSignals {
                    text_relevance: Some(random.unit()),
                    niche_fit: Some(niche),
                    engagement: Some(random.unit()),
                    audience_match: (n % 2 == 0).then(|| random.unit()),
                    credibility: Some(credibility),
                },
                relevance: ((niche + credibility) * 1.6) as u8,
            }
        })
        .collect();
    let started = Instant::now();
    let ranker = match LearnedRanker::train(&examples, LearnedRankerParams::default()) {
        Ok(ranker) => ranker,
        Err(error) => {
            eprintln!("training failed: {error}");
            return;
        }
    };
    println!(
        "learned ranker: {} examples, {} pairs in {:.2} s (pairwise accuracy {:.3})",
        examples.len(),
        ranker.report().pairs,
        started.elapsed().as_secs_f64(),
        ranker.report().pairwise_accuracy
    );

    // Query time: audience match + learned score for every candidate, then sort.
    let target = AudienceTarget {
        countries: vec![("BR+PT".into(), 0.3)],
        gender: Some(("female".into(), 0.5)),
        ..AudienceTarget::default()
    };
    let queries = 200;
    let started = Instant::now();
    for query in 0..queries {
        let mut scored: Vec<f64> = estimates
            .iter()
            .enumerate()
            .map(|(position, estimate)| {
                let signals = RankSignals {
                    text_relevance: Some((position + query) as f64 % 7.0 / 7.0),
                    niche_fit: Some(0.5),
                    engagement: Some(0.6),
                    audience_match: Some(audience_match(estimate, &target)),
                    credibility: Some(0.9),
                };
                ranker.score(&signals).score
            })
            .collect();
        scored.sort_by(|a, b| b.total_cmp(a));
        checksum += scored.first().copied().unwrap_or(0.0);
    }
    let per_query = started.elapsed().as_secs_f64() * 1e3 / queries as f64;
    println!(
        "scoring {} candidates (audience match + learned blend + sort): {per_query:.3} ms/query",
        estimates.len()
    );
    let vectors: Vec<Vec<f32>> = (0..candidates)
        .map(|_| creator_vector(&niches(&mut random), None, &["a", "b"]))
        .collect();
    let started = Instant::now();
    let best = vectors
        .iter()
        .map(|vector| cosine(&vectors[0], vector))
        .fold(f32::MIN, f32::max);
    println!(
        "cosine against {} vectors: {:.3} ms (checksum {:.3})",
        vectors.len(),
        started.elapsed().as_secs_f64() * 1e3,
        checksum + f64::from(best)
    );
}
