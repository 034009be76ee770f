//! The simulated world: its virtual hosts and its creators, generated from a seed.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use scout_models::{CreatorId, Platform};

use crate::sim::creator::{self, SimCreator};
use crate::sim::params;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimConfig {
    /// Seed of every random stream: the same seed gives the same world on every machine.
    pub seed: u64,
    /// Number of creator accounts (capped at [`params::MAX_CREATORS`]).
    pub creators: usize,
}

/// The kind of a virtual host, which decides the formats it serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HostKind {
    /// A Mastodon 4.x instance (REST API, profile pages).
    Mastodon,
    /// A creator site with schema.org `ProfilePage` pages.
    CreatorSite,
}

impl HostKind {
    /// The platform of accounts on this kind of host.
    pub fn platform(self) -> Platform {
        match self {
            HostKind::Mastodon => Platform::Mastodon,
            HostKind::CreatorSite => Platform::Web,
        }
    }

    /// Lower-case name for logs and CLIs.
    pub fn as_str(self) -> &'static str {
        match self {
            HostKind::Mastodon => "mastodon",
            HostKind::CreatorSite => "creator-site",
        }
    }
}

/// A virtual host of the simulated web.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostSpec {
    /// Which formats the host serves.
    pub kind: HostKind,
    /// Canonical domain: Mastodon's LOCAL_DOMAIN, or the site's canonical host. Never served
    /// directly; the host is reached at a loopback address.
    pub domain: &'static str,
    /// Human-readable name.
    pub title: &'static str,
}

/// The hosts of v1: three Mastodon-like instances and two creator sites.
pub const HOSTS: [HostSpec; 5] = [
    HostSpec {
        kind: HostKind::Mastodon,
        domain: "social-1.sim.example",
        title: "Social One",
    },
    HostSpec {
        kind: HostKind::Mastodon,
        domain: "social-2.sim.example",
        title: "Social Two",
    },
    HostSpec {
        kind: HostKind::Mastodon,
        domain: "social-3.sim.example",
        title: "Social Three",
    },
    HostSpec {
        kind: HostKind::CreatorSite,
        domain: "creators-1.sim.example",
        title: "Creators One",
    },
    HostSpec {
        kind: HostKind::CreatorSite,
        domain: "creators-2.sim.example",
        title: "Creators Two",
    },
];

/// A generated world: immutable once built; posts and replies are derived from it on demand.
#[derive(Debug, Clone)]
pub struct World {
    pub(crate) seed: u64,
    pub(crate) anchor: DateTime<Utc>,
    pub(crate) creators: Vec<SimCreator>,
    /// Creator indices per host, in index order.
    pub(crate) by_host: Vec<Vec<u32>>,
}

impl World {
    /// Generates the world of `config` with "now" fixed at [`params::ANCHOR_UNIX_SECONDS`].
    pub fn generate(config: &SimConfig) -> World {
        let anchor = DateTime::from_timestamp(params::ANCHOR_UNIX_SECONDS, 0).unwrap_or_default();
        World::generate_at(config, anchor)
    }

    /// Generates the world of `config` as seen at `anchor` (posts end shortly before it).
    pub fn generate_at(config: &SimConfig, anchor: DateTime<Utc>) -> World {
        let total = config.creators.min(params::MAX_CREATORS) as u32;
        let mut creators: Vec<SimCreator> = (0..total)
            .map(|index| creator::generate(config.seed, anchor, index, total))
            .collect();
        assign_usernames(&mut creators);
        let mut by_host = vec![Vec::new(); HOSTS.len()];
        for creator in &creators {
            by_host[creator.host].push(creator.index);
        }
        World {
            seed: config.seed,
            anchor,
            creators,
            by_host,
        }
    }

    /// The seed the world was generated from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The world's "now".
    pub fn anchor(&self) -> DateTime<Utc> {
        self.anchor
    }

    /// Every creator account, by index.
    pub fn creators(&self) -> &[SimCreator] {
        &self.creators
    }

    /// The virtual hosts, in the order [`crate::sim::serve`] binds them.
    pub fn hosts(&self) -> &'static [HostSpec] {
        &HOSTS
    }

    /// Indices of the creators a host serves, in index order.
    pub fn creators_on(&self, host: usize) -> &[u32] {
        self.by_host.get(host).map(Vec::as_slice).unwrap_or(&[])
    }

    pub(crate) fn creator(&self, index: u32) -> Option<&SimCreator> {
        self.creators.get(index as usize)
    }
}

/// Makes usernames unique per host (case-insensitively, as Mastodon does) and builds ids.
/// A later duplicate becomes `{base}_{index}`; bases never contain `_<digit>`, so suffixed
/// names cannot collide with anything.
fn assign_usernames(creators: &mut [SimCreator]) {
    let mut taken: Vec<HashSet<String>> = vec![HashSet::new(); HOSTS.len()];
    for creator in creators.iter_mut() {
        let host = &HOSTS[creator.host];
        let mut lower = creator.username.to_lowercase();
        if !taken[creator.host].insert(lower.clone()) {
            let suffix = format!("_{}", creator.index);
            let keep = 30usize.saturating_sub(suffix.len());
            let base: String = creator.username.chars().take(keep).collect();
            creator.username = format!("{base}{suffix}");
            lower = creator.username.to_lowercase();
            taken[creator.host].insert(lower.clone());
        }
        creator.id = match host.kind {
            HostKind::Mastodon => {
                CreatorId::new(Platform::Mastodon, &format!("{lower}@{}", host.domain))
            }
            HostKind::CreatorSite => {
                CreatorId::new(Platform::Web, &format!("{}/c/{lower}", host.domain))
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_unique_per_host_and_ids_match_the_crawler() {
        let world = World::generate(&SimConfig {
            seed: 3,
            creators: 3_000,
        });
        let mut ids = HashSet::new();
        for creator in world.creators() {
            assert!(
                ids.insert(creator.id().to_string()),
                "duplicate {}",
                creator.id()
            );
            let id = creator.id().as_str();
            assert_eq!(
                id.matches(':').count(),
                1,
                "a port or scheme leaked into {id}"
            );
            assert_eq!(id, id.to_lowercase());
            assert!(creator.username().len() <= 30);
            match creator.platform() {
                Platform::Mastodon => {
                    assert!(id.starts_with("mastodon:") && id.ends_with(".sim.example"))
                }
                _ => assert!(id.starts_with("web:creators-") && id.contains("/c/")),
            }
        }
        let hosted: usize = (0..HOSTS.len())
            .map(|host| world.creators_on(host).len())
            .sum();
        assert_eq!(hosted, 3_000);
    }

    #[test]
    fn platform_split_is_about_sixty_forty() {
        let world = World::generate(&SimConfig {
            seed: 4,
            creators: 5_000,
        });
        let mastodon = world
            .creators()
            .iter()
            .filter(|creator| creator.platform() == Platform::Mastodon)
            .count();
        let share = mastodon as f64 / 5_000.0;
        assert!((0.56..0.64).contains(&share), "{share}");
    }

    #[test]
    fn empty_world_is_fine() {
        let world = World::generate(&SimConfig {
            seed: 1,
            creators: 0,
        });
        assert!(world.creators().is_empty());
        assert!(world.creators_on(99).is_empty());
    }
}
