//! What a creator published and who answered: posts and the replies under each post. All of
//! it is derived on demand from `(seed, creator index)`, so the world itself stays small and
//! any creator's content can be rebuilt alone.

use chrono::{DateTime, Utc};
use rand_chacha::ChaCha8Rng;
use scout_models::{Niche, Tier};

use crate::sim::creator::SimCreator;
use crate::sim::geo::Language;
use crate::sim::ids::{self, IdKind};
use crate::sim::params;
use crate::sim::people;
use crate::sim::rng::{
    self, between, between_u64, chance, ln_factor, pick, pick_str, uniform, weighted_index, Purpose,
};
use crate::sim::text::{self, DisclosurePosition, Sponsorship, Topics};
use crate::sim::vocab::{self, BRANDS};
use crate::sim::world::{HostKind, World};

/// Everything a creator published, plus the people who reply to them.
#[derive(Debug, Clone)]
pub(crate) struct CreatorContent {
    /// Posts in chronological order; a post's position is its `chrono` index.
    pub(crate) posts: Vec<SimPost>,
    /// The commenter pool (humans and bots).
    pub(crate) samples: Vec<SimSample>,
    /// The pod ring whose members comment, for pod members.
    pub(crate) ring: Option<Ring>,
}

/// An image attached to a post.
#[derive(Debug, Clone)]
pub(crate) struct Image {
    pub(crate) alt: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// A comment the creator wrote under their own post (a disclosure).
#[derive(Debug, Clone)]
pub(crate) struct SelfReply {
    pub(crate) id: u64,
    pub(crate) text: String,
}

/// One post.
#[derive(Debug, Clone)]
pub(crate) struct SimPost {
    pub(crate) id: u64,
    pub(crate) chrono: usize,
    pub(crate) text: String,
    /// The language the text is written in.
    pub(crate) language: Language,
    /// The language the platform's language field declares (the account's default when the
    /// writer did not change it).
    pub(crate) declared_language: Language,
    pub(crate) hashtags: Vec<String>,
    pub(crate) likes: u64,
    /// Replies written by other accounts (served in full).
    pub(crate) comments: u64,
    pub(crate) shares: u64,
    /// Quote posts (Bluesky).
    pub(crate) quotes: u64,
    /// Views (video site; 0 elsewhere).
    pub(crate) views: u64,
    pub(crate) image: Option<Image>,
    pub(crate) edited: bool,
    pub(crate) self_reply: Option<SelfReply>,
}

impl SimPost {
    /// All replies under the post, the creator's own included.
    pub(crate) fn reply_count(&self) -> u64 {
        self.comments + u64::from(self.self_reply.is_some())
    }

    /// When it was published.
    pub(crate) fn created_at(&self) -> DateTime<Utc> {
        ids::instant(self.id)
    }
}

/// A commenter (or pod ring member) profile.
#[derive(Debug, Clone)]
pub(crate) struct SimSample {
    pub(crate) id: u64,
    pub(crate) username: String,
    /// Home instance of the account on the Mastodon-like web (not served).
    pub(crate) domain: &'static str,
    pub(crate) display_name: String,
    pub(crate) bio: String,
    pub(crate) location: String,
    pub(crate) language: Language,
    pub(crate) followers: u64,
    pub(crate) following: u64,
    pub(crate) statuses: u64,
    pub(crate) has_avatar: bool,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) is_bot: bool,
    /// How often this account replies, relative to the others.
    pub(crate) activity: f64,
}

/// The accounts of an engagement pod that comment on every member's posts.
#[derive(Debug, Clone)]
pub(crate) struct Ring {
    pub(crate) members: Vec<SimSample>,
}

/// Who wrote a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Author {
    Sample(usize),
    RingMember(usize),
}

/// One reply under a post.
#[derive(Debug, Clone)]
pub(crate) struct SimReply {
    pub(crate) id: u64,
    pub(crate) author: Author,
    pub(crate) text: String,
    pub(crate) language: Language,
    pub(crate) likes: u64,
}

impl CreatorContent {
    /// The profile behind a reply's author.
    pub(crate) fn author(&self, author: Author) -> Option<&SimSample> {
        match author {
            Author::Sample(position) => self.samples.get(position),
            Author::RingMember(position) => self.ring.as_ref()?.members.get(position),
        }
    }
}

/// Seconds after a post within which its replies fit before the anchor.
fn reply_window(anchor: DateTime<Utc>, post_second: i64) -> i64 {
    (anchor.timestamp() - post_second - 256).clamp(0, params::REPLY_WINDOW_SECONDS)
}

impl World {
    /// Posts, commenters and ring of creator `index`; `None` for an unknown index.
    pub(crate) fn content(&self, index: u32) -> Option<CreatorContent> {
        let creator = self.creator(index)?;
        let ring = creator.pod_ring.map(|ring_id| self.ring(ring_id));
        let samples = people::samples(self, creator);
        let posts = posts(self, creator);
        Some(CreatorContent {
            posts,
            samples,
            ring,
        })
    }

    /// Replies to post `chrono` of creator `index`, oldest first; the first `limit` only when
    /// given (a prefix of the full list).
    pub(crate) fn replies(
        &self,
        index: u32,
        content: &CreatorContent,
        chrono: usize,
        limit: Option<usize>,
    ) -> Vec<SimReply> {
        let (Some(creator), Some(post)) = (self.creator(index), content.posts.get(chrono)) else {
            return Vec::new();
        };
        let count = limit.map_or(post.comments, |limit| post.comments.min(limit as u64)) as usize;
        let mut rng = rng::stream(self.seed, Purpose::Replies, u64::from(index), chrono as u64);
        let post_second = post.created_at().timestamp();
        let window = reply_window(self.anchor, post_second);
        let total = post.comments.max(1) as f64;
        let residue = chrono as i64 % 64;
        let sample_weights: Vec<f64> = content
            .samples
            .iter()
            .map(|sample| sample.activity)
            .collect();
        let ring_size = content.ring.as_ref().map_or(0, |ring| ring.members.len());
        let mut previous = post_second;
        let mut replies = Vec::with_capacity(count);
        for position in 0..count {
            let progress = (position as f64 + uniform(&mut rng, (0.0, 1.0))) / total;
            let candidate = post_second + 60 + (window as f64 * progress * progress) as i64;
            let second = ids::align_second(candidate.max(previous + 1), residue);
            previous = second;
            let from_ring = ring_size > 0 && chance(&mut rng, params::POD_REPLY_SHARE);
            let (author, text, language) = if from_ring {
                let member = between(&mut rng, (0, ring_size - 1));
                let member_language = content
                    .ring
                    .as_ref()
                    .and_then(|ring| ring.members.get(member))
                    .map_or(Language::En, |profile| profile.language);
                let language = if chance(&mut rng, params::POD_ENGLISH_REPLY_SHARE) {
                    Language::En
                } else {
                    member_language
                };
                (
                    Author::RingMember(member),
                    text::pod_reply(&mut rng, language),
                    language,
                )
            } else {
                let position = weighted_index(&mut rng, &sample_weights);
                match content.samples.get(position) {
                    Some(sample) if sample.is_bot => (
                        Author::Sample(position),
                        text::bot_reply(&mut rng, sample.language),
                        sample.language,
                    ),
                    Some(sample) => (
                        Author::Sample(position),
                        text::human_reply(&mut rng, sample.language, &creator.niches),
                        sample.language,
                    ),
                    None => (
                        Author::Sample(0),
                        text::bot_reply(&mut rng, Language::En),
                        Language::En,
                    ),
                }
            };
            let is_bot = content.author(author).is_some_and(|sample| sample.is_bot);
            let likes = reply_likes(&mut rng, is_bot);
            replies.push(SimReply {
                id: ids::encode(IdKind::Status, index, second),
                author,
                text,
                language,
                likes,
            });
        }
        replies
    }
}

/// The share of its final engagement a post has reached `age_seconds` after it was published
/// (nothing before).
pub(crate) fn engagement_ramp(age_seconds: i64) -> f64 {
    let age_hours = age_seconds.max(0) as f64 / 3_600.0;
    1.0 - (-age_hours / params::ENGAGEMENT_RAMP_HOURS).exp()
}

/// Likes one reply receives: people like people's replies, nobody likes a bot's.
pub(crate) fn reply_likes(rng: &mut ChaCha8Rng, is_bot: bool) -> u64 {
    if is_bot {
        0
    } else {
        between_u64(rng, params::REPLY_LIKES)
    }
}

fn tier_index(followers: u64) -> usize {
    let tier = Tier::from_followers(followers);
    Tier::ALL
        .iter()
        .position(|candidate| *candidate == tier)
        .unwrap_or(0)
}

/// Post times, newest at `last_post_at`, each on its own 128-second slot (see `ids.rs`).
fn post_seconds(rng: &mut ChaCha8Rng, creator: &SimCreator, anchor: DateTime<Utc>) -> Vec<i64> {
    let newest = creator.last_post_at.timestamp().min(anchor.timestamp() - 1);
    let days_since_last = (anchor.timestamp() - newest) as f64 / 86_400.0;
    let span_days =
        (params::POST_WINDOW_DAYS - days_since_last).max(7.0) * uniform(rng, (0.8, 1.0));
    let span = (span_days * 86_400.0) as i64;
    let mut times: Vec<i64> = (1..creator.post_count)
        .map(|_| newest - (uniform(rng, (0.0, 1.0)) * span as f64) as i64)
        .collect();
    times.push(newest);
    times.sort_unstable();
    let mut seconds = vec![0i64; times.len()];
    let mut limit = i64::MAX;
    for (position, time) in times.iter().enumerate().rev() {
        let second = ids::align_second_down((*time).min(limit), ids::POST_RESIDUE);
        seconds[position] = second;
        limit = second - ids::SECOND_MODULUS;
    }
    seconds
}

/// The language a post is written in and the one its language field declares.
fn post_language(rng: &mut ChaCha8Rng, creator: &SimCreator) -> (Language, Language) {
    let written = match creator.voice.second_language {
        Some(second) if chance(rng, creator.voice.second_language_share) => second,
        _ if creator.language != Language::En
            && chance(rng, params::ENGLISH_POST_SHARE_NON_ENGLISH) =>
        {
            Language::En
        }
        _ => creator.language,
    };
    let declared = if written != creator.language && chance(rng, params::MISDECLARED_LANGUAGE_SHARE)
    {
        creator.language
    } else {
        written
    };
    (written, declared)
}

/// Cuts a text to at most `limit` characters at a word boundary.
fn fit_chars(text: String, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text;
    }
    let cut: String = text.chars().take(limit).collect();
    let end = cut
        .rfind(char::is_whitespace)
        .filter(|position| *position > 0)
        .unwrap_or(cut.len());
    cut[..end].trim_end().to_string()
}

fn sponsorship(rng: &mut ChaCha8Rng, creator: &SimCreator, language: Language) -> Sponsorship {
    let niche = *pick(rng, &creator.niches).unwrap_or(&Niche::Fitness);
    let brand = pick_str(rng, BRANDS[niche.index()]);
    let code = text::discount_code(rng, creator.first_name);
    let disclosure = chance(rng, params::SPONSORED_DISCLOSED_SHARE).then(|| {
        (
            DisclosurePosition::draw(rng),
            text::disclosure_marker(rng, language),
        )
    });
    Sponsorship {
        brand,
        code,
        disclosure,
    }
}

pub(crate) fn posts(world: &World, creator: &SimCreator) -> Vec<SimPost> {
    let mut rng = rng::stream(world.seed, Purpose::Content, u64::from(creator.index), 0);
    let seconds = post_seconds(&mut rng, creator, world.anchor);
    let tier = tier_index(creator.followers);
    let kind = creator.kind();
    let topics = Topics {
        niches: &creator.niches,
        slot_weights: creator.voice.slot_weights,
    };
    let mut posts = Vec::with_capacity(seconds.len());
    for (chrono, second) in seconds.into_iter().enumerate() {
        let off_topic = chance(&mut rng, creator.voice.off_topic_share);
        let (language, declared_language) = post_language(&mut rng, creator);
        let switch = creator.voice.second_language.filter(|_| {
            language == creator.language && chance(&mut rng, params::CODE_SWITCH_POST_SHARE)
        });
        let giveaway =
            creator.giveaways && !off_topic && chance(&mut rng, params::GIVEAWAY_POST_SHARE);
        let sponsored =
            !off_topic && !giveaway && chance(&mut rng, params::SPONSORED_POST_SHARE_BY_TIER[tier]);
        let sponsorship = sponsored.then(|| sponsorship(&mut rng, creator, language));
        let mut text = text::caption(
            &mut rng,
            language,
            &topics,
            off_topic,
            sponsorship.as_ref(),
            switch,
        );
        if giveaway {
            text = format!("🎁 GIVEAWAY 🎁 {text}");
        }
        if kind == HostKind::Bluesky {
            text = fit_chars(text, params::BLUESKY_POST_GRAPHEMES);
        }
        let self_reply = match &sponsorship {
            Some(
                sponsorship @ Sponsorship {
                    disclosure: Some((DisclosurePosition::Comment, marker)),
                    ..
                },
            ) => {
                let delay = uniform(&mut rng, params::SELF_REPLY_DELAY_SECONDS) as i64;
                let reply_second = ids::align_second(second + delay, ids::SELF_REPLY_RESIDUE);
                Some(SelfReply {
                    id: ids::encode(IdKind::Status, creator.index, reply_second),
                    text: text::disclosure_comment(&mut rng, language, sponsorship, marker),
                })
            }
            _ => None,
        };
        let image = chance(&mut rng, params::IMAGE_POST_SHARE).then(|| {
            let niche = creator.niches.first().copied().unwrap_or(Niche::Fitness);
            let alt = pick_str(
                &mut rng,
                vocab::language(language).niches[niche.index()].phrases,
            )
            .to_string();
            let (width, height) = *pick(
                &mut rng,
                &[(1080, 1350), (1080, 1080), (1920, 1080), (1350, 1080)],
            )
            .unwrap_or(&(1080, 1080));
            Image { alt, width, height }
        });
        let edited = chance(&mut rng, params::EDITED_POST_SHARE);

        let ramp = engagement_ramp(world.anchor.timestamp() - second);
        let mut expected = creator.real_followers as f64
            * creator.engagement_rate
            * ln_factor(&mut rng, params::POST_ENGAGEMENT_LN_SD)
            * ramp;
        if off_topic {
            expected *= params::OFF_TOPIC_ENGAGEMENT_FACTOR;
        }
        if sponsored {
            expected *= params::SPONSORED_ENGAGEMENT_FACTOR;
        }
        let organic_likes = expected / (1.0 + creator.comments_per_like + creator.shares_per_like);
        let mut likes = rng::stochastic_round(&mut rng, organic_likes * creator.likes_factor);
        let mut comment_mean = organic_likes * creator.comments_per_like * creator.comments_factor;
        if giveaway {
            comment_mean *= uniform(&mut rng, params::GIVEAWAY_COMMENTS_FACTOR);
        }
        let fit = (reply_window(world.anchor, second) / ids::SECOND_MODULUS) as u64;
        let comments = rng::poisson(&mut rng, comment_mean)
            .min(fit)
            .min(params::MAX_REPLIES_PER_POST);
        let shares = rng::poisson(&mut rng, organic_likes * creator.shares_per_like);
        let quotes = if kind == HostKind::Bluesky {
            rng::poisson(&mut rng, shares as f64 * creator.quotes_per_share)
        } else {
            0
        };
        let views = if kind == HostKind::VideoSite {
            let views = creator.real_followers as f64
                * creator.views_ratio
                * ln_factor(&mut rng, params::VIDEO_VIEWS_LN_SD)
                * ramp
                * creator.views_factor;
            let views = rng::stochastic_round(&mut rng, views);
            likes = likes.min(views);
            views
        } else {
            0
        };
        let hashtags = text::hashtags(&text);
        posts.push(SimPost {
            id: ids::encode(IdKind::Status, creator.index, second),
            chrono,
            text,
            language,
            declared_language,
            hashtags,
            likes,
            comments,
            shares,
            quotes,
            views,
            image,
            edited,
            self_reply,
        });
    }
    posts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::creator::FakeKind;
    use crate::sim::world::SimConfig;

    fn world() -> World {
        World::generate(&SimConfig {
            seed: 11,
            creators: 400,
        })
    }

    #[test]
    fn content_is_reproducible_and_ids_are_unique() {
        let world = world();
        let mut seen = std::collections::HashSet::new();
        for creator in world.creators().iter().take(60) {
            let content = world.content(creator.index).expect("content");
            let again = world.content(creator.index).expect("content");
            assert_eq!(content.posts.len(), creator.post_count);
            assert!((params::POSTS_PER_CREATOR.0..=params::POSTS_PER_CREATOR.1)
                .contains(&content.posts.len()));
            for (post, other) in content.posts.iter().zip(&again.posts) {
                assert_eq!(post.text, other.text);
                assert!(seen.insert(post.id), "duplicate post id");
                if let Some(reply) = &post.self_reply {
                    assert!(seen.insert(reply.id));
                    assert!(reply.id > post.id);
                }
                assert!(post.created_at() <= world.anchor);
                for reply in world.replies(creator.index, &content, post.chrono, None) {
                    assert!(seen.insert(reply.id), "duplicate reply id");
                    assert!(reply.id > post.id);
                    assert!(ids::instant(reply.id) <= world.anchor);
                    let decoded = ids::decode(reply.id).expect("decodes");
                    assert_eq!(decoded.slot, creator.index);
                    assert_eq!(decoded.second % 128, post.chrono as i64 % 64);
                }
            }
            assert!(content.posts.windows(2).all(|pair| pair[0].id < pair[1].id));
            assert!((params::SAMPLE_POOL_SIZE.0..=params::SAMPLE_POOL_SIZE.1)
                .contains(&content.samples.len()));
        }
    }

    #[test]
    fn reply_prefixes_match_the_full_list() {
        let world = world();
        let busy = world
            .creators()
            .iter()
            .filter_map(|creator| {
                let content = world.content(creator.index)?;
                let post = content.posts.iter().find(|post| post.comments >= 4)?.chrono;
                Some((creator.index, content, post))
            })
            .next();
        let (index, content, chrono) = busy.expect("some post has replies");
        let full = world.replies(index, &content, chrono, None);
        let prefix = world.replies(index, &content, chrono, Some(3));
        assert_eq!(full.len() as u64, content.posts[chrono].comments);
        assert_eq!(prefix.len(), 3);
        for (left, right) in prefix.iter().zip(&full) {
            assert_eq!(left.id, right.id);
            assert_eq!(left.text, right.text);
        }
    }

    #[test]
    fn fakes_leave_their_traces() {
        let world = World::generate(&SimConfig {
            seed: 12,
            creators: 3_000,
        });
        let mut honest_bots = (0usize, 0usize);
        let mut bought_bots = (0usize, 0usize);
        let mut ring_replies = 0usize;
        for creator in world.creators() {
            let Some(content) = world.content(creator.index) else {
                continue;
            };
            let bots = content
                .samples
                .iter()
                .filter(|sample| sample.is_bot)
                .count();
            match creator.fake {
                None => honest_bots = (honest_bots.0 + bots, honest_bots.1 + content.samples.len()),
                Some(FakeKind::BoughtFollowers) => {
                    assert!(creator.followers >= creator.real_followers * 2);
                    bought_bots = (bought_bots.0 + bots, bought_bots.1 + content.samples.len());
                }
                Some(FakeKind::EngagementPod) => {
                    assert!(content.ring.is_some());
                    for post in &content.posts {
                        ring_replies += world
                            .replies(creator.index, &content, post.chrono, None)
                            .iter()
                            .filter(|reply| matches!(reply.author, Author::RingMember(_)))
                            .count();
                    }
                }
                Some(FakeKind::BotEngagement) => assert!(creator.likes_factor >= 1.8),
            }
        }
        let honest_share = honest_bots.0 as f64 / honest_bots.1.max(1) as f64;
        let bought_share = bought_bots.0 as f64 / bought_bots.1.max(1) as f64;
        assert!(
            honest_share < 0.1 && bought_share > 0.18,
            "{honest_share} {bought_share}"
        );
        assert!(ring_replies > 0);
        assert!(world
            .creators()
            .iter()
            .any(|creator| creator.fake == Some(FakeKind::BotEngagement)));
    }
}
