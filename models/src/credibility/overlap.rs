//! Commenters shared across creators: engagement pods are rings of accounts that reply to each
//! other's posts, so the same few handles turn up in many creators' audience samples. Built
//! once over the whole store (one pass over every creator's samples), then asked per creator.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::{AudienceSample, CreatorId};

/// A commenter seen at this many creators (this one included) is a pod suspect.
pub const POD_MIN_CREATORS: u32 = 3;

/// How many creators each commenter replied to. Commenters are kept as 64-bit hashes of their
/// canonical handle, so a few million fit in a few tens of megabytes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommenterOverlap {
    creators_per_commenter: HashMap<u64, u32, BuildHasherDefault<HashedKey>>,
}

/// The table's hasher: its keys are FNV-1a hashes already, so one multiplication spreads
/// them instead of a second hash (SipHash, std's default, took more time than the lookups).
#[derive(Debug, Default, Clone, Copy)]
struct HashedKey(u64);

impl Hasher for HashedKey {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.write_u64(self.0 ^ u64::from(*byte));
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
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
/// creator's own server or site, so two instances' `bob`s stay apart. Hashed piece by piece,
/// lower-cased on the way, without building the string.
fn commenter_key(sample: &AudienceSample) -> u64 {
    let handle = sample.handle.trim().trim_start_matches('@');
    let mut hash = Fnv1a::new();
    hash.write(sample.creator_id.platform().as_str().as_bytes());
    hash.write(b":");
    hash.write_lowercase(handle);
    if !handle.contains('@') {
        hash.write(b"@");
        hash.write_lowercase(home_of(&sample.creator_id));
    }
    hash.0
}

/// The server or site a creator lives on, as written: `mastodon:alice@social.example` →
/// `social.example`, `web:studio.example/alice` → `studio.example`.
fn home_of(creator_id: &CreatorId) -> &str {
    let rest = creator_id
        .as_str()
        .split_once(':')
        .map_or(creator_id.as_str(), |(_, rest)| rest);
    match rest.rsplit_once('@') {
        Some((_, domain)) => domain,
        None => rest.split('/').next().unwrap_or(rest),
    }
}

/// [`fnv1a`] fed a piece at a time.
struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Fnv1a {
        Fnv1a(FNV_OFFSET)
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.write_byte(*byte);
        }
    }

    fn write_byte(&mut self, byte: u8) {
        self.0 ^= u64::from(byte);
        self.0 = self.0.wrapping_mul(FNV_PRIME);
    }

    /// The bytes of `text.to_lowercase()`.
    fn write_lowercase(&mut self, text: &str) {
        if text.is_ascii() {
            for byte in text.bytes() {
                self.write_byte(byte.to_ascii_lowercase());
            }
        } else {
            self.write(text.to_lowercase().as_bytes());
        }
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, 64 bits: a stable hash (unlike std's) for keys that outlive one process.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash = Fnv1a::new();
    hash.write(bytes);
    hash.0
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
            home_of(&CreatorId::new(Platform::Web, "studio.example/alice")),
            "studio.example"
        );
    }

    /// The key as it was made before it was hashed piece by piece: the string, then FNV-1a.
    fn reference_key(sample: &AudienceSample) -> u64 {
        let handle = sample.handle.trim().trim_start_matches('@').to_lowercase();
        let platform = sample.creator_id.platform();
        let qualified = if handle.contains('@') {
            format!("{platform}:{handle}")
        } else {
            let home = home_of(&sample.creator_id).to_lowercase();
            format!("{platform}:{handle}@{home}")
        };
        fnv1a(qualified.as_bytes())
    }

    #[test]
    fn keys_hashed_piecewise_equal_the_string_hash() {
        for (creator, handle) in [
            ("a@One.Example", "Bob"),
            ("a@one.example", "@@bob@Two.Example "),
            ("Studio.Example/alice", "Ünal"),
            ("b@straße.example", "İpek"),
            ("c@x.example", "  "),
            ("d@x.example", "ΣΟΦΊΑ"),
        ] {
            for platform in [Platform::Mastodon, Platform::Web, Platform::Bluesky] {
                let sample = AudienceSample {
                    creator_id: CreatorId::new(platform, creator),
                    ..sample(handle)
                };
                assert_eq!(
                    commenter_key(&sample),
                    reference_key(&sample),
                    "{creator} {handle}"
                );
            }
        }
        assert_eq!(fnv1a(b""), FNV_OFFSET);
        assert_eq!(
            fnv1a(b"a"),
            0xaf63_dc4c_8601_ec8c,
            "the published FNV-1a 64 vector"
        );
    }
}
