//! Reproducible randomness: one ChaCha8 stream per (seed, purpose, key) and the few
//! distributions the generator draws from.
//!
//! Every creator, post list, reply thread and pod ring has its own stream, so any of them can
//! be regenerated alone, in any order, on any machine (ChaCha is portable; `StdRng` and
//! `thread_rng` are not).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;

/// What a random stream is used for; part of its key so streams never overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub(crate) enum Purpose {
    /// Whether creators `2k` and `2k+1` are one person on two platforms.
    Pairing = 1,
    /// Person-level facts shared by linked accounts (name, country, niches).
    Person = 2,
    /// Account-level facts (host, followers, fraud).
    Account = 3,
    /// Posts and commenter pool of one creator.
    Content = 4,
    /// Replies to one post.
    Replies = 5,
    /// The accounts of one engagement-pod ring.
    Ring = 6,
    /// Follower history of one account (growth, shout-outs, purchases).
    History = 7,
}

/// A fresh stream for `(seed, purpose, key, sub)`.
pub(crate) fn stream(seed: u64, purpose: Purpose, key: u64, sub: u64) -> ChaCha8Rng {
    let mut bytes = [0u8; 32];
    bytes[0..8].copy_from_slice(&seed.to_le_bytes());
    bytes[8..16].copy_from_slice(&(purpose as u64).to_le_bytes());
    bytes[16..24].copy_from_slice(&key.to_le_bytes());
    bytes[24..32].copy_from_slice(&sub.to_le_bytes());
    ChaCha8Rng::from_seed(bytes)
}

/// Uniform float in `[low, high)`; `low` when the range is empty.
pub(crate) fn uniform(rng: &mut ChaCha8Rng, (low, high): (f64, f64)) -> f64 {
    if high <= low {
        return low;
    }
    low + (high - low) * rng.random::<f64>()
}

/// Log-uniform float in `[low, high)` (both positive): every factor of the range is equally
/// likely; `low` when the range is empty or not positive.
pub(crate) fn log_uniform(rng: &mut ChaCha8Rng, (low, high): (f64, f64)) -> f64 {
    if low <= 0.0 || high <= low {
        return low;
    }
    uniform(rng, (low.ln(), high.ln())).exp()
}

/// Uniform integer in `low..=high`; `low` when the range is empty.
pub(crate) fn between(rng: &mut ChaCha8Rng, (low, high): (usize, usize)) -> usize {
    if high <= low {
        return low;
    }
    rng.random_range(low..=high)
}

/// Uniform `u64` in `low..=high`; `low` when the range is empty.
pub(crate) fn between_u64(rng: &mut ChaCha8Rng, (low, high): (u64, u64)) -> u64 {
    if high <= low {
        return low;
    }
    rng.random_range(low..=high)
}

/// True with probability `probability` (clamped to [0, 1]).
pub(crate) fn chance(rng: &mut ChaCha8Rng, probability: f64) -> bool {
    rng.random::<f64>() < probability
}

/// Normal draw with the given mean and standard deviation.
pub(crate) fn normal(rng: &mut ChaCha8Rng, mean: f64, sd: f64) -> f64 {
    let z: f64 = rng.sample(StandardNormal);
    mean + sd * z
}

/// Log-normal multiplier with median 1 and log-space spread `sd`.
pub(crate) fn ln_factor(rng: &mut ChaCha8Rng, sd: f64) -> f64 {
    normal(rng, 0.0, sd).exp()
}

/// One element of a non-empty slice; `None` for an empty one.
pub(crate) fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> Option<&'a T> {
    if items.is_empty() {
        return None;
    }
    items.get(rng.random_range(0..items.len()))
}

/// One string of a list, or `""` when the list is empty.
pub(crate) fn pick_str(rng: &mut ChaCha8Rng, items: &[&'static str]) -> &'static str {
    pick(rng, items).copied().unwrap_or("")
}

/// Index drawn proportionally to non-negative weights; 0 when all weights are zero.
pub(crate) fn weighted_index(rng: &mut ChaCha8Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().filter(|weight| **weight > 0.0).sum();
    if total <= 0.0 {
        return 0;
    }
    let mut target = rng.random::<f64>() * total;
    for (position, weight) in weights.iter().enumerate() {
        if *weight <= 0.0 {
            continue;
        }
        if target < *weight {
            return position;
        }
        target -= weight;
    }
    weights
        .iter()
        .rposition(|weight| *weight > 0.0)
        .unwrap_or(0)
}

/// Item drawn from `(item, weight)` pairs; `None` when the list is empty.
pub(crate) fn weighted_pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, f64)]) -> Option<T> {
    if items.is_empty() {
        return None;
    }
    let mut target =
        rng.random::<f64>() * items.iter().map(|(_, weight)| weight.max(0.0)).sum::<f64>();
    for (item, weight) in items {
        let weight = weight.max(0.0);
        if target < weight {
            return Some(*item);
        }
        target -= weight;
    }
    items.last().map(|(item, _)| *item)
}

/// Poisson-distributed count (Knuth for small means, normal approximation above 30).
pub(crate) fn poisson(rng: &mut ChaCha8Rng, mean: f64) -> u64 {
    if mean.is_nan() || mean <= 0.0 {
        return 0;
    }
    if mean > 30.0 {
        return normal(rng, mean, mean.sqrt()).round().max(0.0) as u64;
    }
    let limit = (-mean).exp();
    let mut product = rng.random::<f64>();
    let mut count = 0u64;
    while product > limit {
        count += 1;
        product *= rng.random::<f64>();
    }
    count
}

/// Rounds `value` up or down at random so the expectation stays `value`.
pub(crate) fn stochastic_round(rng: &mut ChaCha8Rng, value: f64) -> u64 {
    if value.is_nan() || value <= 0.0 {
        return 0;
    }
    let floor = value.floor();
    let extra = if rng.random::<f64>() < value - floor {
        1.0
    } else {
        0.0
    };
    (floor + extra) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_independent() {
        let first: Vec<u64> = (0..4)
            .map(|_| stream(7, Purpose::Person, 3, 0).random())
            .collect();
        let mut again = stream(7, Purpose::Person, 3, 0);
        let mut other_key = stream(7, Purpose::Person, 4, 0);
        let mut other_purpose = stream(7, Purpose::Account, 3, 0);
        let value: u64 = again.random();
        assert_eq!(value, first[0]);
        assert_ne!(value, other_key.random::<u64>());
        assert_ne!(value, other_purpose.random::<u64>());
    }

    #[test]
    fn weighted_index_respects_zero_weights() {
        let mut rng = stream(1, Purpose::Content, 0, 0);
        for _ in 0..200 {
            let position = weighted_index(&mut rng, &[0.0, 1.0, 0.0, 2.0]);
            assert!(position == 1 || position == 3);
        }
        assert_eq!(weighted_index(&mut rng, &[0.0, 0.0]), 0);
    }

    #[test]
    fn poisson_mean_is_close() {
        let mut rng = stream(2, Purpose::Replies, 0, 0);
        for mean in [0.5, 4.0, 80.0] {
            let total: u64 = (0..4_000).map(|_| poisson(&mut rng, mean)).sum();
            let observed = total as f64 / 4_000.0;
            assert!(
                (observed - mean).abs() < mean * 0.1 + 0.05,
                "{mean} vs {observed}"
            );
        }
        assert_eq!(poisson(&mut rng, -1.0), 0);
    }

    #[test]
    fn empty_inputs_do_not_panic() {
        let mut rng = stream(3, Purpose::Ring, 0, 0);
        assert_eq!(pick_str(&mut rng, &[]), "");
        assert_eq!(weighted_pick::<u8>(&mut rng, &[]), None);
        assert_eq!(between(&mut rng, (5, 2)), 5);
        assert_eq!(uniform(&mut rng, (1.0, 1.0)), 1.0);
    }
}
