//! The ground truth of a world, for evaluation only: true niches, tiers, fakes, persons and
//! audiences. The crawler never reads it.

use std::collections::BTreeMap;
use std::io::Write;

use scout_models::{Niche, Platform, Tier};
use serde::{Deserialize, Serialize};

use crate::sim::creator::FakeKind;
use crate::sim::error::SimError;
use crate::sim::params;
use crate::sim::world::World;

/// Ground truth of every creator account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Truth {
    /// One entry per account, in creator-index order.
    pub creators: Vec<TruthCreator>,
}

/// Ground truth of one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TruthCreator {
    /// The id the crawler assigns (`mastodon:user@domain`, `web:domain/c/user`,
    /// `bluesky:handle`, `youtube:UC…`).
    pub id: String,
    /// `mastodon`, `web`, `bluesky` or `youtube`.
    pub platform: Platform,
    /// One to three niches, primary first.
    pub niches: Vec<Niche>,
    /// Tier of the displayed follower count.
    pub tier: Tier,
    /// The account uses one of the planted kinds of fraud.
    pub fake: bool,
    /// Which fraud, when `fake`.
    pub fake_kind: Option<FakeKind>,
    /// Displayed followers (bought ones included).
    pub followers: u64,
    /// Shared by the accounts of one person (`p123`).
    pub person: String,
    pub audience: TruthAudience,
    /// The account's page carries broken JSON-LD.
    pub malformed: bool,
    /// Listed for discovery on its host (Mastodon directory, site index, Bluesky suggestions
    /// and search, channel directory) and willing to be indexed: Mastodon accounts that opted
    /// out of the directory and Bluesky accounts with the `!no-unauthenticated` label are not,
    /// and are reachable only through a seed or a link from the same person's other account.
    pub discoverable: bool,
}

/// True audience shares; each map sums to 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TruthAudience {
    /// Age bucket (`13-17` … `55+`) → share.
    pub age: BTreeMap<String, f64>,
    /// `female`, `male`, `other` → share.
    pub gender: BTreeMap<String, f64>,
    /// ISO-3166 alpha-2 → share.
    pub country: BTreeMap<String, f64>,
    /// ISO-639-1 → share.
    pub language: BTreeMap<String, f64>,
}

impl World {
    /// The ground truth of this world.
    pub fn truth(&self) -> Truth {
        let creators = self
            .creators
            .iter()
            .map(|creator| {
                let audience = &creator.audience;
                TruthCreator {
                    id: creator.id.to_string(),
                    platform: creator.platform(),
                    niches: creator.niches.clone(),
                    tier: creator.tier(),
                    fake: creator.fake.is_some(),
                    fake_kind: creator.fake,
                    followers: creator.followers,
                    person: format!("p{}", creator.person),
                    audience: TruthAudience {
                        age: params::AGE_BUCKETS
                            .iter()
                            .map(|bucket| bucket.to_string())
                            .zip(audience.age)
                            .collect(),
                        gender: params::GENDERS
                            .iter()
                            .map(|gender| gender.to_string())
                            .zip(audience.gender)
                            .collect(),
                        country: audience
                            .countries
                            .iter()
                            .map(|(country, share)| (country.code().to_string(), *share))
                            .collect(),
                        language: audience
                            .languages
                            .iter()
                            .map(|(language, share)| (language.code().to_string(), *share))
                            .collect(),
                    },
                    malformed: creator.malformed_page,
                    discoverable: creator.discoverable,
                }
            })
            .collect();
        Truth { creators }
    }
}

impl Truth {
    /// Writes the truth as JSON (pretty-printed when asked).
    pub fn write_json<W: Write>(&self, writer: W, pretty: bool) -> Result<(), SimError> {
        if pretty {
            serde_json::to_writer_pretty(writer, self)?;
        } else {
            serde_json::to_writer(writer, self)?;
        }
        Ok(())
    }

    /// Reads a truth file written by [`Truth::write_json`].
    pub fn from_json(bytes: &[u8]) -> Result<Truth, SimError> {
        Ok(serde_json::from_slice(bytes)?)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::sim::world::SimConfig;

    fn json(seed: u64, creators: usize) -> Vec<u8> {
        let mut bytes = Vec::new();
        let world = World::generate(&SimConfig { seed, creators });
        world
            .truth()
            .write_json(&mut bytes, false)
            .expect("serialises");
        bytes
    }

    #[test]
    fn same_seed_same_truth_other_seed_other_truth() {
        assert_eq!(json(1, 500), json(1, 500));
        assert_ne!(json(1, 500), json(2, 500));
    }

    #[test]
    fn truth_round_trips_and_has_the_documented_shape() {
        let bytes = json(3, 200);
        let truth = Truth::from_json(&bytes).expect("parses");
        assert_eq!(truth.creators.len(), 200);
        let value: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
        let first = &value["creators"][0];
        for field in [
            "id",
            "platform",
            "niches",
            "tier",
            "fake",
            "fake_kind",
            "followers",
            "person",
            "audience",
            "malformed",
            "discoverable",
        ] {
            assert!(first.get(field).is_some(), "missing {field}");
        }
        assert!(first["audience"]["age"]["18-24"].is_f64());
        let platforms: std::collections::HashSet<&str> = value["creators"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|creator| creator["platform"].as_str())
            .collect();
        assert_eq!(
            platforms,
            ["mastodon", "web", "bluesky", "youtube"]
                .into_iter()
                .collect()
        );
    }

    #[test]
    fn tier_shares_match_design() {
        let world = World::generate(&SimConfig {
            seed: 9,
            creators: 20_000,
        });
        let mut counts: HashMap<Tier, usize> = HashMap::new();
        for creator in world.creators() {
            *counts
                .entry(Tier::from_followers(creator.real_followers))
                .or_default() += 1;
        }
        let share = |tier| *counts.get(&tier).unwrap_or(&0) as f64 / 20_000.0;
        // HypeAuditor 2026: 81.5% nano, 16.6% micro, 1.6% mid, 0.16% macro, 0.1% mega.
        assert!(
            (share(Tier::Nano) - 0.815).abs() < 0.015,
            "nano {}",
            share(Tier::Nano)
        );
        assert!(
            (share(Tier::Micro) - 0.166).abs() < 0.015,
            "micro {}",
            share(Tier::Micro)
        );
        assert!(
            (share(Tier::Mid) - 0.016).abs() < 0.006,
            "mid {}",
            share(Tier::Mid)
        );
        assert!(share(Tier::Macro) + share(Tier::Mega) < 0.008);
        let displayed_nano = world
            .truth()
            .creators
            .iter()
            .filter(|creator| creator.tier == Tier::Nano)
            .count();
        let displayed_nano = displayed_nano as f64 / 20_000.0;
        assert!(
            (0.74..0.815).contains(&displayed_nano),
            "displayed nano {displayed_nano}"
        );
    }

    #[test]
    fn fakes_niches_audiences_and_persons_are_sound() {
        let truth = World::generate(&SimConfig {
            seed: 10,
            creators: 5_000,
        })
        .truth();
        let fakes = truth.creators.iter().filter(|creator| creator.fake).count() as f64 / 5_000.0;
        assert!((0.14..0.23).contains(&fakes), "fake share {fakes}");
        for kind in [
            FakeKind::BoughtFollowers,
            FakeKind::EngagementPod,
            FakeKind::BotEngagement,
        ] {
            assert!(truth
                .creators
                .iter()
                .any(|creator| creator.fake_kind == Some(kind)));
        }
        let mut persons: HashMap<&str, usize> = HashMap::new();
        for creator in &truth.creators {
            assert!((1..=3).contains(&creator.niches.len()));
            assert_eq!(creator.fake, creator.fake_kind.is_some());
            assert_eq!(creator.tier, Tier::from_followers(creator.followers));
            for shares in [
                &creator.audience.age,
                &creator.audience.gender,
                &creator.audience.country,
                &creator.audience.language,
            ] {
                assert!((shares.values().sum::<f64>() - 1.0).abs() < 1e-9);
            }
            assert!(!creator.malformed || creator.platform == Platform::Web);
            assert!(
                creator.discoverable
                    || matches!(creator.platform, Platform::Mastodon | Platform::Bluesky)
            );
            *persons.entry(creator.person.as_str()).or_default() += 1;
        }
        let linked = persons.values().filter(|accounts| **accounts == 2).count();
        assert!(linked > 150, "linked persons {linked}");
        assert!(persons.values().all(|accounts| *accounts <= 2));
        let malformed = truth
            .creators
            .iter()
            .filter(|creator| creator.malformed)
            .count();
        assert!((5..60).contains(&malformed), "malformed {malformed}");
    }
}
