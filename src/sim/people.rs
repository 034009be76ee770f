//! The people around a creator: the commenter pool (humans drawn from the true audience,
//! and bots) and the rings of engagement pods.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration};
use rand_chacha::ChaCha8Rng;
use scout_models::Niche;

use crate::sim::content::{Ring, SimSample};
use crate::sim::creator::SimCreator;
use crate::sim::geo::{Country, Language, NameGroup};
use crate::sim::ids::{self, IdKind};
use crate::sim::names::{self, Gender};
use crate::sim::params;
use crate::sim::persona::{self, SampleFacts};
use crate::sim::rng::{
    self, between, between_u64, chance, ln_factor, normal, pick, pick_str, uniform, Purpose,
};
use crate::sim::vocab::{self, BOT_BIOS, BOT_DISPLAY_NAMES};
use crate::sim::world::{HostKind, World, HOSTS};

impl World {
    /// The accounts of engagement pod `ring_id`, the same for every member of the pod.
    pub(crate) fn ring(&self, ring_id: u32) -> Ring {
        let mut rng = rng::stream(self.seed, Purpose::Ring, u64::from(ring_id), 0);
        let language =
            rng::weighted_pick(&mut rng, &params::LANGUAGE_WEIGHTS).unwrap_or(Language::En);
        let size = between(&mut rng, params::POD_RING_SIZE);
        let mut members = Vec::with_capacity(size);
        for _ in 0..size {
            let member_language = if chance(&mut rng, 0.5) {
                Language::En
            } else {
                language
            };
            let country = rng::weighted_pick(&mut rng, params::countries_for(member_language))
                .unwrap_or(Country::Us);
            let gender = Gender::from_index(between(&mut rng, (0, 1)));
            let group = country.name_group(member_language);
            let first = names::first_name(&mut rng, group, gender);
            let last = names::last_name(&mut rng, group);
            let niche = *pick(&mut rng, &Niche::ALL).unwrap_or(&Niche::Fitness);
            let words = vocab::language(member_language);
            let bio = format!(
                "{} | {} {}",
                pick_str(&mut rng, words.niches[niche.index()].roles),
                pick_str(&mut rng, words.niches[niche.index()].phrases),
                pick_str(&mut rng, vocab::NICHE_EMOJIS[niche.index()]),
            );
            let age_days = uniform(&mut rng, (365.0, 2_200.0));
            members.push(SimSample {
                id: 0,
                username: names::creator_handle(&mut rng, first, last, niche),
                domain: names::remote_domain(&mut rng, member_language),
                display_name: persona::creator_display_name(&mut rng, first, last, niche),
                bio,
                location: persona::location(&mut rng, country, member_language, true),
                language: member_language,
                followers: between_u64(&mut rng, params::RING_FOLLOWERS),
                following: between_u64(&mut rng, params::RING_FOLLOWING),
                statuses: between_u64(&mut rng, (200, 3_000)),
                has_avatar: true,
                created_at: self.anchor - Duration::seconds((age_days * 86_400.0) as i64),
                is_bot: false,
                activity: 1.0,
            });
        }
        finish_profiles(&mut members, IdKind::RingMember, ring_id);
        Ring { members }
    }
}

/// Makes handles unique within a pool and gives each profile its id.
fn finish_profiles(profiles: &mut [SimSample], kind: IdKind, slot: u32) {
    let mut handles = HashSet::new();
    let mut seconds = HashSet::new();
    for (position, profile) in profiles.iter_mut().enumerate() {
        if !handles.insert(profile.username.clone()) {
            profile.username = format!("{}{}", profile.username, position + 1);
            handles.insert(profile.username.clone());
        }
        let mut second = profile.created_at.timestamp();
        while !seconds.insert(second) {
            second += 1;
        }
        profile.created_at = DateTime::from_timestamp(second, 0).unwrap_or(profile.created_at);
        profile.id = ids::encode(kind, slot, second);
    }
}

/// The commenter pool: humans drawn from the true audience, plus bots.
pub(crate) fn samples(world: &World, creator: &SimCreator) -> Vec<SimSample> {
    let mut rng = rng::stream(world.seed, Purpose::Content, u64::from(creator.index), 1);
    let decades = (creator.real_followers.max(1_000) as f64 / 1_000.0).log10();
    let size = (params::SAMPLE_POOL_SIZE.0 as f64
        + params::SAMPLE_POOL_PER_DECADE * decades
        + normal(&mut rng, 0.0, 2.0))
    .round()
    .clamp(
        params::SAMPLE_POOL_SIZE.0 as f64,
        params::SAMPLE_POOL_SIZE.1 as f64,
    ) as usize;
    let bots = ((size as f64) * creator.bot_commenter_share).round() as usize;
    let mastodon = HOSTS[creator.host].kind == HostKind::Mastodon;
    let mut pool = Vec::with_capacity(size);
    for position in 0..size {
        let activity = (1.0 + uniform(&mut rng, (0.0, 1.0)) * size as f64)
            .powf(-params::SAMPLE_ACTIVITY_EXPONENT);
        let profile = if position < size - bots {
            human(world, creator, &mut rng, activity)
        } else {
            bot(
                world,
                creator,
                &mut rng,
                activity * params::BOT_REPLY_WEIGHT,
            )
        };
        pool.push(profile);
    }
    if !mastodon {
        for profile in &mut pool {
            profile.domain = HOSTS[creator.host].domain;
        }
    }
    finish_profiles(&mut pool, IdKind::Sample, creator.index);
    pool
}

const NAME_GROUPS: [NameGroup; 6] = [
    NameGroup::Anglo,
    NameGroup::Indian,
    NameGroup::Hispanic,
    NameGroup::Lusophone,
    NameGroup::German,
    NameGroup::French,
];

fn log_normal_count(rng: &mut ChaCha8Rng, (mean, sd): (f64, f64)) -> u64 {
    10f64.powf(normal(rng, mean, sd)).round() as u64
}

fn human(world: &World, creator: &SimCreator, rng: &mut ChaCha8Rng, activity: f64) -> SimSample {
    let member = creator.audience.draw(rng, creator.language);
    let gender = Gender::from_index(member.gender);
    let home_group = member.country.name_group(member.language);
    let group = if chance(rng, params::SAMPLE_OTHER_REGION_NAME_SHARE) {
        *pick(rng, &NAME_GROUPS).unwrap_or(&home_group)
    } else {
        home_group
    };
    let first = names::first_name(rng, group, gender);
    let last = names::last_name(rng, group);
    let interest = creator.niches.first().copied().unwrap_or(Niche::Fitness);
    let botlike = chance(rng, params::HUMAN_BOTLIKE_SHARE);
    let bio = persona::sample_bio(
        rng,
        &SampleFacts {
            language: member.language,
            age_bucket: member.age_bucket,
            gender,
            interest,
            anchor_year: world.anchor.year(),
        },
    );
    let followers = log_normal_count(rng, params::HUMAN_FOLLOWERS_LOG10);
    let mut following = log_normal_count(rng, params::HUMAN_FOLLOWING_LOG10);
    let mut age_days = uniform(rng, params::HUMAN_ACCOUNT_AGE_DAYS);
    let display_name = if chance(rng, params::SAMPLE_PSEUDONYM_SHARE) {
        persona::pseudonym(rng)
    } else {
        persona::human_display_name(rng, first, last)
    };
    let username = names::human_handle(rng, first, last);
    let domain = names::remote_domain(rng, member.language);
    let location = persona::sample_location(rng, member.country, member.language);
    let statuses = (ln_factor(rng, 1.0) * 300.0).round() as u64;
    let mut has_avatar = chance(rng, params::SAMPLE_AVATAR_SHARE);
    let mut bio = bio;
    if botlike {
        following = between_u64(rng, params::HUMAN_BOTLIKE_FOLLOWING);
        age_days = uniform(rng, params::HUMAN_BOTLIKE_AGE_DAYS);
        has_avatar = false;
        bio.clear();
    }
    SimSample {
        id: 0,
        username,
        domain,
        display_name,
        bio,
        location,
        language: member.language,
        followers,
        following,
        statuses,
        has_avatar,
        created_at: world.anchor - Duration::seconds((age_days * 86_400.0) as i64),
        is_bot: false,
        activity,
    }
}

/// A bot disguised as someone from the creator's audience.
fn disguised_bot(
    world: &World,
    creator: &SimCreator,
    rng: &mut ChaCha8Rng,
    activity: f64,
) -> SimSample {
    let member = creator.audience.draw(rng, creator.language);
    let gender = Gender::from_index(member.gender);
    let group = member.country.name_group(member.language);
    let first = names::first_name(rng, group, gender);
    let last = names::last_name(rng, group);
    let interest = *pick(rng, &Niche::ALL).unwrap_or(&Niche::Fitness);
    let bio = persona::sample_bio(
        rng,
        &SampleFacts {
            language: member.language,
            age_bucket: member.age_bucket,
            gender,
            interest,
            anchor_year: world.anchor.year(),
        },
    );
    let age_days = uniform(rng, params::BOT_DISGUISED_AGE_DAYS);
    SimSample {
        id: 0,
        username: names::human_handle(rng, first, last),
        domain: names::remote_domain(rng, member.language),
        display_name: persona::human_display_name(rng, first, last),
        bio,
        location: persona::sample_location(rng, member.country, member.language),
        language: member.language,
        followers: between_u64(rng, params::BOT_DISGUISED_FOLLOWERS),
        following: between_u64(rng, params::BOT_DISGUISED_FOLLOWING),
        statuses: between_u64(rng, (30, 600)),
        has_avatar: chance(rng, 0.8),
        created_at: world.anchor - Duration::seconds((age_days * 86_400.0) as i64),
        is_bot: true,
        activity,
    }
}

fn bot(world: &World, creator: &SimCreator, rng: &mut ChaCha8Rng, activity: f64) -> SimSample {
    if chance(rng, params::BOT_DISGUISED_SHARE) {
        return disguised_bot(world, creator, rng, activity);
    }
    let country = *pick(rng, &Country::ALL).unwrap_or(&Country::Us);
    let language = country
        .languages()
        .first()
        .map_or(Language::En, |(language, _)| *language);
    let group = country.name_group(language);
    let gender = Gender::from_index(between(rng, (0, 1)));
    let first = names::first_name(rng, group, gender);
    let last = names::last_name(rng, group);
    let display_name = if chance(rng, params::BOT_DISPLAY_NAME_SHARE) {
        if chance(rng, 0.5) {
            pick_str(rng, BOT_DISPLAY_NAMES).to_string()
        } else {
            format!("{first} {last}")
        }
    } else {
        String::new()
    };
    let bio = if chance(rng, 0.5) {
        String::new()
    } else {
        pick_str(rng, BOT_BIOS).to_string()
    };
    let location = if chance(rng, 0.85) {
        String::new()
    } else {
        pick_str(rng, country.names()).to_string()
    };
    let age_days = uniform(rng, params::BOT_ACCOUNT_AGE_DAYS);
    SimSample {
        id: 0,
        username: names::bot_handle(rng, first),
        domain: names::remote_domain(rng, Language::En),
        display_name,
        bio,
        location,
        language: Language::En,
        followers: between_u64(rng, params::BOT_FOLLOWERS),
        following: between_u64(rng, params::BOT_FOLLOWING),
        statuses: between_u64(rng, (0, 40)),
        has_avatar: chance(rng, params::BOT_AVATAR_SHARE),
        created_at: world.anchor - Duration::seconds((age_days * 86_400.0) as i64),
        is_bot: true,
        activity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::world::SimConfig;

    #[test]
    fn most_bots_look_like_bots_and_some_people_do_too() {
        let world = World::generate(&SimConfig {
            seed: 13,
            creators: 300,
        });
        let (mut blatant, mut disguised, mut humans, mut botlike_humans) = (0, 0, 0, 0);
        for creator in world.creators() {
            let Some(content) = world.content(creator.index) else {
                continue;
            };
            for sample in content.samples.iter().filter(|sample| sample.is_bot) {
                let young = world.anchor - sample.created_at <= Duration::days(121);
                if sample.following > sample.followers * 10 && young {
                    blatant += 1;
                } else {
                    disguised += 1;
                    assert!(sample.following < sample.followers * 40 + 1_600);
                }
            }
            for sample in content.samples.iter().filter(|sample| !sample.is_bot) {
                humans += 1;
                let young = world.anchor - sample.created_at <= Duration::days(150);
                botlike_humans +=
                    usize::from(young && sample.following >= 900 && !sample.has_avatar);
            }
        }
        let disguised_share = disguised as f64 / (blatant + disguised).max(1) as f64;
        assert!(
            (0.2..0.4).contains(&disguised_share),
            "disguised {disguised_share}"
        );
        let botlike_share = botlike_humans as f64 / humans.max(1) as f64;
        assert!(
            (0.02..0.1).contains(&botlike_share),
            "bot-like humans {botlike_share}"
        );
    }
}
