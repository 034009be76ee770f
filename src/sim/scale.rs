//! Worlds at benchmark scale: the simulated world's creators, with a fixed number of posts
//! each and their commenters, written straight into the store (no HTTP, no crawl) in batches.
//!
//! Posts, bios and commenters come from the same generator the simulated web serves, so the
//! vocabulary, languages, niches and fraud patterns are those of a crawled world. A run records
//! how far it got in the store's `meta` table and a later run with the same parameters resumes
//! there.

use std::ops::Range;
use std::sync::mpsc;
use std::time::Instant;

use scout_index::{IndexError, Store};
use scout_models::{
    engagement, AudienceSample, Creator, CreatorRecord, MediaKind, Niche, Post, Provenance,
};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use crate::sim::content::{self, posts, SimPost, SimSample};
use crate::sim::creator::SimCreator;
use crate::sim::geo::Language;
use crate::sim::people;
use crate::sim::rng::{self, Purpose};
use crate::sim::vocab;
use crate::sim::world::{SimConfig, World, HOSTS};

/// Creators written per store transaction.
pub const DEFAULT_BATCH: usize = 1_000;

/// Posts per creator unless told otherwise.
pub const DEFAULT_POSTS_PER_CREATOR: usize = 30;

/// Batches generated ahead of the writer.
const BATCHES_AHEAD: usize = 2;

/// Page cache of the writing connection during a generation.
const BULK_CACHE_MIB: u32 = 256;

/// The `meta` key holding a generation's progress.
const PROGRESS_KEY: &str = "sim_generate";

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenerateConfig {
    pub creators: usize,
    pub posts_per_creator: usize,
    pub seed: u64,
}

/// Where a generation stands, kept in the store between batches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct GenerateProgress {
    config: GenerateConfig,
    /// Creators `0..next` are in the store.
    next: usize,
}

/// What [`write_world`] did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GenerateReport {
    /// Creators written by this run.
    pub written: usize,
    /// Creators an earlier run with the same parameters had already written.
    pub resumed_at: usize,
    /// Seconds spent generating the world's skeleton.
    pub world_seconds: f64,
    /// Seconds spent generating content and writing the store.
    pub store_seconds: f64,
    /// The run was stopped on request after a batch; the next run with the same parameters
    /// resumes after it.
    pub stopped: bool,
}

/// Writes the world of `config` into `store` in batches of `batch` creators, calling
/// `progress(written so far, total)` after each; resumes after the last batch an earlier run
/// with the same parameters wrote. Once `stop` is cancelled, stops after the batch being
/// written.
pub fn write_world(
    store: &mut Store,
    config: GenerateConfig,
    batch: usize,
    progress: &dyn Fn(usize, usize),
    stop: Option<&CancellationToken>,
) -> Result<GenerateReport, IndexError> {
    let resumed_at = match store.meta_value(PROGRESS_KEY)? {
        Some(raw) => serde_json::from_str::<GenerateProgress>(&raw)
            .ok()
            .filter(|stored| stored.config == config)
            .map_or(0, |stored| stored.next),
        None => 0,
    };
    let started = Instant::now();
    let world = World::generate(&SimConfig {
        seed: config.seed,
        creators: config.creators,
    });
    let world_seconds = started.elapsed().as_secs_f64();
    let total = world.creators().len();
    let started = Instant::now();
    let first = resumed_at.min(total);
    progress(first, total);
    store.set_cache_mib(BULK_CACHE_MIB)?;
    let batch = batch.max(1);
    let world = &world;
    let mut reached = first;
    let mut stopped = false;
    // One thread generates the next batches while this one writes the current batch.
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel(BATCHES_AHEAD);
        scope.spawn(move || {
            for start in (first..total).step_by(batch) {
                let end = (start + batch).min(total);
                let mut records: Vec<(CreatorRecord, Option<f64>)> =
                    records(world, start as u32..end as u32, config.posts_per_creator)
                        .into_iter()
                        .map(|record| {
                            let rate = engagement::robust_engagement_rate(
                                record.creator.followers,
                                &record.posts,
                            );
                            (record, rate)
                        })
                        .collect();
                // Id order keeps a batch's writes close together in the tables' B-trees.
                records.sort_by(|(left, _), (right, _)| left.creator.id.cmp(&right.creator.id));
                if sender.send((end, records)).is_err() {
                    return;
                }
            }
        });
        for (next, records) in receiver.iter() {
            store.upsert_records(&records)?;
            let stored = GenerateProgress { config, next };
            let raw = serde_json::to_string(&stored)
                .map_err(|error| IndexError::InvalidInput(format!("generate progress: {error}")))?;
            store.set_meta_value(PROGRESS_KEY, &raw)?;
            reached = next;
            progress(next, total);
            if next < total && stop.is_some_and(CancellationToken::is_cancelled) {
                // The generator's next send fails once the receiver is gone: it stops too.
                stopped = true;
                break;
            }
        }
        Ok::<(), IndexError>(())
    })?;
    Ok(GenerateReport {
        written: reached - first,
        resumed_at,
        world_seconds,
        store_seconds: started.elapsed().as_secs_f64(),
        stopped,
    })
}

/// The records of creators `range` of `world`, each with its newest `posts_per_creator` posts
/// and its commenters (and pod ring) as the audience sample.
pub fn records(world: &World, range: Range<u32>, posts_per_creator: usize) -> Vec<CreatorRecord> {
    range
        .filter_map(|index| world.creator(index))
        .map(|creator| record(world, creator, posts_per_creator))
        .collect()
}

fn record(world: &World, creator: &SimCreator, posts_per_creator: usize) -> CreatorRecord {
    let domain = HOSTS
        .get(creator.host)
        .map_or("sim.example", |host| host.domain);
    let profile_url = format!("https://{domain}/@{}", creator.username);
    // Exactly the asked number of posts: the generator spreads them over the posting window.
    let mut sized = creator.clone();
    sized.post_count = posts_per_creator;
    let sim_posts = posts(world, &sized);
    let id = creator.id.clone();
    let posts: Vec<Post> = sim_posts
        .iter()
        .rev()
        .map(|post| to_post(creator, &profile_url, post))
        .collect();
    let first_post = posts.last().map(|post| post.id.clone());
    let mut commenters = people::samples(world, creator);
    if let Some(ring) = creator.pod_ring.map(|ring_id| world.ring(ring_id)) {
        commenters.extend(ring.members);
    }
    // The likes of each commenter's reply, drawn as the served replies draw them.
    let mut likes = rng::stream(world.seed, Purpose::Content, u64::from(creator.index), 2);
    let audience = commenters
        .iter()
        .map(|sample| {
            let reply_likes = content::reply_likes(&mut likes, sample.is_bot);
            to_sample(creator, sample, first_post.clone(), reply_likes)
        })
        .collect();
    let languages = vec![creator.language.code().to_string()];
    CreatorRecord {
        creator: Creator {
            id,
            platform: creator.platform(),
            handle: creator.username.clone(),
            display_name: Some(creator.display_name.clone()),
            bio: Some(creator.bio.clone()),
            profile_url: profile_url.clone(),
            avatar_url: creator
                .has_avatar
                .then(|| format!("https://{domain}/avatars/{}.png", creator.index)),
            links: Vec::new(),
            followers: Some(creator.followers),
            following: Some(creator.following),
            post_count: Some(posts_per_creator as u64),
            location: Some(creator.location.clone()).filter(|location| !location.is_empty()),
            languages,
            contact_email: None,
            created_at: Some(creator.created_at),
            is_bot: false,
            provenance: Provenance {
                source_url: profile_url,
                fetched_at: world.anchor,
                method: "sim-generate".to_string(),
                content_hash: format!(
                    "sim-generate:{}:{}:{posts_per_creator}",
                    world.seed, creator.index
                ),
            },
        },
        posts,
        audience,
    }
}

fn to_post(creator: &SimCreator, profile_url: &str, post: &SimPost) -> Post {
    Post {
        id: post.id.to_string(),
        creator_id: creator.id.clone(),
        url: format!("{profile_url}/{}", post.id),
        published_at: Some(post.created_at()),
        text: post.text.clone(),
        hashtags: post.hashtags.clone(),
        mentions: Vec::new(),
        media_kind: post.image.as_ref().map(|_| MediaKind::Image),
        language: Some(post.declared_language.code().to_string()),
        likes: Some(post.likes),
        comments: Some(post.reply_count()),
        shares: Some(post.shares),
        views: (post.views > 0).then_some(post.views),
        sponsored: false,
    }
}

fn to_sample(
    creator: &SimCreator,
    sample: &SimSample,
    post_id: Option<String>,
    reply_likes: u64,
) -> AudienceSample {
    AudienceSample {
        creator_id: creator.id.clone(),
        handle: format!("{}@{}", sample.username, sample.domain),
        display_name: Some(sample.display_name.clone()),
        bio: Some(sample.bio.clone()).filter(|bio| !bio.is_empty()),
        location: Some(sample.location.clone()).filter(|location| !location.is_empty()),
        language: Some(sample.language.code().to_string()),
        text: None,
        followers: Some(sample.followers),
        following: Some(sample.following),
        has_avatar: sample.has_avatar,
        account_created_at: Some(sample.created_at),
        is_bot: false,
        post_id,
        reply_likes: Some(reply_likes),
        post_count: Some(sample.statuses),
    }
}

/// The generator's English niche vocabulary, `(niche, words, hashtags)`: benchmark queries are
/// built from the words the generated posts and bios use.
pub fn niche_vocabulary() -> Vec<(Niche, &'static [&'static str], &'static [&'static str])> {
    let english = vocab::language(Language::En);
    Niche::ALL
        .iter()
        .map(|niche| {
            let words = &english.niches[niche.index()];
            (*niche, words.words, words.hashtags)
        })
        .collect()
}
