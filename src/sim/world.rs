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
    /// A Bluesky AppView (AT Protocol XRPC) with `bsky.app`-style profile pages.
    Bluesky,
    /// A YouTube-style video site: channel pages and channel Atom feeds.
    VideoSite,
}

impl HostKind {
    /// The platform of accounts on this kind of host.
    pub fn platform(self) -> Platform {
        match self {
            HostKind::Mastodon => Platform::Mastodon,
            HostKind::CreatorSite => Platform::Web,
            HostKind::Bluesky => Platform::Bluesky,
            HostKind::VideoSite => Platform::Youtube,
        }
    }

    /// Lower-case name for logs and CLIs.
    pub fn as_str(self) -> &'static str {
        match self {
            HostKind::Mastodon => "mastodon",
            HostKind::CreatorSite => "creator-site",
            HostKind::Bluesky => "bluesky",
            HostKind::VideoSite => "video-site",
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

/// The hosts: three Mastodon-like instances, two creator sites, a Bluesky AppView and a
/// video site.
pub const HOSTS: [HostSpec; 7] = [
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
    HostSpec {
        kind: HostKind::Bluesky,
        domain: "bsky.sim.example",
        title: "Bluesky Sim",
    },
    HostSpec {
        kind: HostKind::VideoSite,
        domain: "video.sim.example",
        title: "VideoTube Sim",
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
        assign_usernames(&mut creators, config.seed);
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

/// A Bluesky handle label from a username: lower case, `-` for `_`, no leading or trailing
/// hyphen (handle labels allow letters, digits and inner hyphens).
pub(crate) fn bluesky_label(username: &str) -> String {
    let label: String = username
        .to_lowercase()
        .chars()
        .map(|character| if character == '_' { '-' } else { character })
        .filter(|character| character.is_ascii_alphanumeric() || *character == '-')
        .collect();
    let label = label.trim_matches('-');
    if label.is_empty() {
        "user".to_string()
    } else {
        label.to_string()
    }
}

/// The platform handle of a creator before de-duplication: the username on Mastodon, the
/// creator sites and the video site, the full handle on Bluesky.
fn base_handle(creator: &SimCreator, host: &HostSpec) -> String {
    match host.kind {
        HostKind::Bluesky => {
            let domain = if creator.custom_domain {
                "sim.example"
            } else {
                host.domain
            };
            format!("{}.{domain}", bluesky_label(&creator.username))
        }
        _ => creator.username.clone(),
    }
}

/// The handle with a suffix that makes it unique: `name_42`, or `name-42.bsky.sim.example`.
fn suffixed_handle(handle: &str, kind: HostKind, index: u32) -> String {
    match (kind, handle.split_once('.')) {
        (HostKind::Bluesky, Some((label, domain))) => format!("{label}-{index}.{domain}"),
        _ => {
            let suffix = format!("_{index}");
            let keep = 30usize.saturating_sub(suffix.len());
            let base: String = handle.chars().take(keep).collect();
            format!("{base}{suffix}")
        }
    }
}

/// Makes handles unique per platform (case-insensitively, as Mastodon, Bluesky and YouTube
/// do) and channel ids unique, then builds the ids the crawler assigns. A later duplicate
/// gets the creator index as a suffix; base handles never contain `_<digit>` or
/// `-<digit>.`, so suffixed handles cannot collide with anything.
fn assign_usernames(creators: &mut [SimCreator], seed: u64) {
    let mut taken: Vec<HashSet<String>> = vec![HashSet::new(); HOSTS.len()];
    let mut bluesky_taken: HashSet<String> = HashSet::new();
    let mut channels: HashSet<String> = HashSet::new();
    for creator in creators.iter_mut() {
        let host = &HOSTS[creator.host];
        let handle = base_handle(creator, host);
        let set = if host.kind == HostKind::Bluesky {
            &mut bluesky_taken
        } else {
            &mut taken[creator.host]
        };
        creator.username = if set.insert(handle.to_lowercase()) {
            handle
        } else {
            let unique = suffixed_handle(&handle, host.kind, creator.index);
            set.insert(unique.to_lowercase());
            unique
        };
        let lower = creator.username.to_lowercase();
        creator.id = match host.kind {
            HostKind::Mastodon => {
                CreatorId::new(Platform::Mastodon, &format!("{lower}@{}", host.domain))
            }
            HostKind::CreatorSite => {
                CreatorId::new(Platform::Web, &format!("{}/c/{lower}", host.domain))
            }
            HostKind::Bluesky => CreatorId::new(Platform::Bluesky, &lower),
            HostKind::VideoSite => {
                let mut salt = 0;
                let mut channel = crate::sim::platform_ids::channel_id(seed, creator.index, salt);
                while !channels.insert(channel.clone()) {
                    salt += 1;
                    channel = crate::sim::platform_ids::channel_id(seed, creator.index, salt);
                }
                let id = CreatorId::new(Platform::Youtube, &channel);
                creator.channel_id = Some(channel);
                id
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
            match creator.platform() {
                Platform::Mastodon => {
                    assert!(id.starts_with("mastodon:") && id.ends_with(".sim.example"));
                    assert!(creator.username().len() <= 30);
                }
                Platform::Web => assert!(id.starts_with("web:creators-") && id.contains("/c/")),
                Platform::Bluesky => {
                    let handle = id.trim_start_matches("bluesky:");
                    assert!(handle.ends_with(".sim.example"), "{id}");
                    assert!(
                        handle.split('.').all(|label| !label.is_empty()
                            && !label.starts_with('-')
                            && !label.ends_with('-')
                            && label
                                .chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')),
                        "{id}"
                    );
                    assert_eq!(handle, creator.username());
                }
                Platform::Youtube => {
                    let channel = creator.channel_id().unwrap_or_default();
                    assert_eq!(id, format!("youtube:{channel}"));
                    assert!(channel.starts_with("UC") && channel.len() == 24);
                    continue;
                }
            }
            assert_eq!(id, id.to_lowercase());
        }
        let hosted: usize = (0..HOSTS.len())
            .map(|host| world.creators_on(host).len())
            .sum();
        assert_eq!(hosted, 3_000);
    }

    #[test]
    fn platform_split_follows_the_shares() {
        let world = World::generate(&SimConfig {
            seed: 4,
            creators: 8_000,
        });
        for (platform, target) in params::PLATFORM_SHARES {
            let count = world
                .creators()
                .iter()
                .filter(|creator| creator.platform() == platform)
                .count();
            let share = count as f64 / 8_000.0;
            assert!((share - target).abs() < 0.025, "{platform:?} {share}");
        }
    }

    #[test]
    fn bios_are_often_vague_or_about_something_else() {
        let world = World::generate(&SimConfig {
            seed: 6,
            creators: 5_000,
        });
        let share = |style: &str| {
            world
                .creators()
                .iter()
                .filter(|creator| creator.bio_style() == style)
                .count() as f64
                / 5_000.0
        };
        assert!((share("vague") - params::BIO_STYLE_WEIGHTS[2]).abs() < 0.03);
        assert!((share("mislabeled") - params::BIO_STYLE_WEIGHTS[3]).abs() < 0.02);
        assert!(share("secondary_first") > 0.02);
        assert!(share("on_niche") > 0.55);
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
