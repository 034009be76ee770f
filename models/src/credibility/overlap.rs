//! Commenters shared across creators: engagement pods are rings of accounts that reply to each
//! other's posts, so the same few handles turn up in many creators' audience samples. Built
//! once over the whole store (one pass over every creator's samples), then asked per creator.

use std::collections::HashMap;

use crate::{AudienceSample, CreatorId};

/// A commenter seen at this many creators (this one included) is a pod suspect.
pub const POD_MIN_CREATORS: u32 = 3;

/// How many creators each commenter replied to. Commenters are kept as 64-bit hashes of their
/// canonical handle, so a few million fit in a few tens of megabytes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommenterOverlap {
    creators_per_commenter: HashMap<u64, u32>,
}

impl CommenterOverlap {
    /// An empty overlap table.
    pub fn new() -> CommenterOverlap {
        CommenterOverlap::default()
    }

    /// Builds the table from every creator's samples.
    pub fn from_audiences<'a>(
        audiences: impl IntoIterator<Item = &'a [AudienceSample]>,
    ) -> CommenterOverlap {
        let mut overlap = CommenterOverlap::new();
        for samples in audiences {
            overlap.add_creator(samples);
        }
        overlap
    }

    /// Adds one creator's samples: each commenter counts once per creator.
    pub fn add_creator(&mut self, samples: &[AudienceSample]) {
        let mut keys: Vec<u64> = samples.iter().map(commenter_key).collect();
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            *self.creators_per_commenter.entry(key).or_insert(0) += 1;
        }
    }

    /// How many creators this sample's commenter replied to (0 when never added).
    pub fn creators_of(&self, sample: &AudienceSample) -> u32 {
        self.creators_per_commenter
            .get(&commenter_key(sample))
            .copied()
            .unwrap_or(0)
    }

    /// Distinct commenters known.
    pub fn len(&self) -> usize {
        self.creators_per_commenter.len()
    }

    pub fn is_empty(&self) -> bool {
        self.creators_per_commenter.is_empty()
    }

    /// Share of `samples` whose commenter replied to at least [`POD_MIN_CREATORS`] creators;
    /// `None` without samples.
    pub fn shared_commenter_share(&self, samples: &[AudienceSample]) -> Option<f64> {
        if samples.is_empty() {
            return None;
        }
        let shared = samples
            .iter()
            .filter(|sample| self.creators_of(sample) >= POD_MIN_CREATORS)
            .count();
        Some(shared as f64 / samples.len() as f64)
    }
}

/// FNV-1a hash of `platform:handle@home`: local handles (`bob`) are qualified with the
/// creator's own server or site, so two instances' `bob`s stay apart.
fn commenter_key(sample: &AudienceSample) -> u64 {
    let handle = sample.handle.trim().trim_start_matches('@').to_lowercase();
    let platform = sample.creator_id.platform();
    let qualified = if handle.contains('@') {
        format!("{platform}:{handle}")
    } else {
        format!("{platform}:{handle}@{}", home(&sample.creator_id))
    };
    fnv1a(qualified.as_bytes())
}

/// The server or site a creator lives on: `mastodon:alice@social.example` → `social.example`,
/// `web:studio.example/alice` → `studio.example`.
fn home(creator_id: &CreatorId) -> String {
    let rest = creator_id
        .as_str()
        .split_once(':')
        .map_or(creator_id.as_str(), |(_, rest)| rest);
    match rest.rsplit_once('@') {
        Some((_, domain)) => domain.to_lowercase(),
        None => rest.split('/').next().unwrap_or(rest).to_lowercase(),
    }
}

/// FNV-1a, 64 bits: a stable hash (unlike std's) for keys that outlive one process.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::tests::sample;
    use crate::Platform;

    fn at(creator: &str, handle: &str) -> AudienceSample {
        AudienceSample {
            creator_id: CreatorId::new(Platform::Mastodon, creator),
            ..sample(handle)
        }
    }

    #[test]
    fn counts_creators_per_commenter() {
        let ring = ["pod1@ring.example", "pod2@ring.example"];
        let audiences: Vec<Vec<AudienceSample>> = (0..4)
            .map(|creator| {
                let name = format!("c{creator}@social.example");
                let mut samples: Vec<AudienceSample> =
                    ring.iter().map(|handle| at(&name, handle)).collect();
                samples.push(at(&name, &format!("fan{creator}")));
                // The same commenter twice on one creator counts once.
                samples.push(at(&name, "pod1@ring.example"));
                samples
            })
            .collect();
        let overlap = CommenterOverlap::from_audiences(audiences.iter().map(Vec::as_slice));
        assert_eq!(
            overlap.creators_of(&at("c0@social.example", "pod1@ring.example")),
            4
        );
        assert_eq!(overlap.creators_of(&at("c0@social.example", "fan0")), 1);
        assert_eq!(overlap.creators_of(&at("c9@social.example", "nobody")), 0);
        assert_eq!(overlap.len(), 6);
        let share = overlap.shared_commenter_share(&audiences[0]).unwrap();
        assert!((share - 0.75).abs() < 1e-12, "{share}");
        assert_eq!(overlap.shared_commenter_share(&[]), None);
    }

    #[test]
    fn local_handles_are_qualified_by_their_server() {
        let here = at("a@one.example", "bob");
        let there = at("b@two.example", "bob");
        let there_qualified = at("c@one.example", "bob@two.example");
        assert_ne!(commenter_key(&here), commenter_key(&there));
        assert_eq!(commenter_key(&there), commenter_key(&there_qualified));
        assert_eq!(
            home(&CreatorId::new(Platform::Web, "studio.example/alice")),
            "studio.example"
        );
    }
}
