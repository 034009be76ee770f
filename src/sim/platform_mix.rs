//! Which platform and host an account lives on. Linked accounts of one person are on two
//! different platforms; single accounts make up the rest so that every platform ends up
//! with its share of [`params::PLATFORM_SHARES`].

use rand_chacha::ChaCha8Rng;
use scout_models::Platform;

use crate::sim::params;
use crate::sim::rng::weighted_index;
use crate::sim::world::HOSTS;

fn shares() -> [f64; 4] {
    params::PLATFORM_SHARES.map(|(_, share)| share.max(0.0))
}

fn platform_at(position: usize) -> Platform {
    params::PLATFORM_SHARES
        .get(position)
        .map_or(Platform::Mastodon, |(platform, _)| *platform)
}

/// The two platforms of a person with two accounts: the first by share, the second by share
/// among the others.
pub(crate) fn pair_platforms(rng: &mut ChaCha8Rng) -> (Platform, Platform) {
    let mut weights = shares();
    let first = weighted_index(rng, &weights);
    weights[first] = 0.0;
    let second = weighted_index(rng, &weights);
    (platform_at(first), platform_at(second))
}

/// Probability that an account of a linked pair lands on each platform (either position).
fn paired_shares() -> [f64; 4] {
    let shares = shares();
    let total: f64 = shares.iter().sum();
    let mut paired = [0.0; 4];
    if total <= 0.0 {
        return paired;
    }
    for (first, first_share) in shares.iter().enumerate() {
        let first_share = first_share / total;
        let rest = 1.0 - first_share;
        for (second, second_share) in shares.iter().enumerate() {
            if second == first || rest <= 0.0 {
                continue;
            }
            let probability = first_share * (second_share / total) / rest;
            paired[first] += probability / 2.0;
            paired[second] += probability / 2.0;
        }
    }
    paired
}

/// Platform shares for single accounts, corrected for the pairs so the overall mix matches.
fn single_shares() -> [f64; 4] {
    let shares = shares();
    let total: f64 = shares.iter().sum();
    let paired = paired_shares();
    let linked = params::CROSS_PLATFORM_SHARE;
    let mut singles = [0.0; 4];
    for position in 0..4 {
        let target = if total > 0.0 {
            shares[position] / total
        } else {
            0.25
        };
        singles[position] = ((target - linked * paired[position]) / (1.0 - linked)).max(0.0);
    }
    singles
}

/// The platform of a single account.
pub(crate) fn single_platform(rng: &mut ChaCha8Rng) -> Platform {
    platform_at(weighted_index(rng, &single_shares()))
}

/// A host of `platform`, by the platform's host weights.
pub(crate) fn host_for(rng: &mut ChaCha8Rng, platform: Platform) -> usize {
    let weights: &[f64] = match platform {
        Platform::Mastodon => &params::MASTODON_INSTANCE_WEIGHTS,
        Platform::Web => &params::CREATOR_SITE_WEIGHTS,
        Platform::Bluesky | Platform::Youtube => &[1.0],
    };
    let offset = HOSTS
        .iter()
        .position(|host| host.kind.platform() == platform)
        .unwrap_or(0);
    offset + weighted_index(rng, weights)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::{stream, Purpose};

    #[test]
    fn singles_and_pairs_add_up_to_the_target_mix() {
        let singles = single_shares();
        let paired = paired_shares();
        let linked = params::CROSS_PLATFORM_SHARE;
        let total: f64 = paired.iter().sum();
        assert!((total - 1.0).abs() < 1e-9, "{paired:?}");
        for (position, (_, target)) in params::PLATFORM_SHARES.iter().enumerate() {
            let overall = (1.0 - linked) * singles[position] + linked * paired[position];
            assert!((overall - target).abs() < 1e-9, "{position}: {overall}");
        }
    }

    #[test]
    fn pairs_are_on_two_platforms_and_hosts_match() {
        let mut rng = stream(1, Purpose::Pairing, 0, 0);
        for _ in 0..300 {
            let (first, second) = pair_platforms(&mut rng);
            assert_ne!(first, second);
            for platform in [first, second] {
                let host = host_for(&mut rng, platform);
                assert_eq!(HOSTS[host].kind.platform(), platform);
            }
        }
    }
}
