//! Mastodon-style snowflake ids that also say where their object lives.
//!
//! Real Mastodon ids are `(unix milliseconds << 16) | sequence`, so they sort by time. The
//! simulation keeps that shape and spends the free bits on a locator, so any id can be
//! resolved without an index over every generated post:
//!
//! - the millisecond part (0..1000) holds `kind * 250 + (slot >> 16)`,
//! - the low 16 bits hold `slot & 0xFFFF`,
//!
//! where `slot` is the creator index (or pod ring id) the object belongs to. Objects of one
//! slot and kind differ by their second. Status seconds also carry the post they belong to:
//! `second % 128` is the post's chronological index for replies (< 64), and 126/127 for the
//! creator's own posts and self-replies, so replies of different posts never share a second.

use chrono::{DateTime, Utc};

/// Largest slot (creator index or ring id) an id can carry.
pub(crate) const MAX_SLOT: u32 = 250 * 65_536 - 1;

/// Statuses of one creator share a second only if their residues differ modulo this.
pub(crate) const SECOND_MODULUS: i64 = 128;

/// Residue of a creator's own posts.
pub(crate) const POST_RESIDUE: i64 = 127;

/// Residue of a creator's self-replies (disclosures in comments).
pub(crate) const SELF_REPLY_RESIDUE: i64 = 126;

/// What an id points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdKind {
    /// A creator's account; slot = creator index.
    Creator = 0,
    /// A commenter of a creator; slot = creator index.
    Sample = 1,
    /// A member of an engagement-pod ring; slot = ring id.
    RingMember = 2,
    /// A post, self-reply or reply of a creator; slot = creator index.
    Status = 3,
}

/// The parts an id encodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IdParts {
    pub(crate) kind: IdKind,
    pub(crate) slot: u32,
    pub(crate) second: i64,
}

/// Encodes an id; the slot is clamped to [`MAX_SLOT`] and negative seconds to 0.
pub(crate) fn encode(kind: IdKind, slot: u32, second: i64) -> u64 {
    let slot = slot.min(MAX_SLOT) as u64;
    let tag = kind as u64 * 250 + (slot >> 16);
    let millis = second.max(0) as u64 * 1_000 + tag;
    (millis << 16) | (slot & 0xFFFF)
}

/// Decodes an id made by [`encode`]; `None` for ids it cannot have made.
pub(crate) fn decode(id: u64) -> Option<IdParts> {
    let millis = id >> 16;
    let tag = millis % 1_000;
    let kind = match tag / 250 {
        0 => IdKind::Creator,
        1 => IdKind::Sample,
        2 => IdKind::RingMember,
        3 => IdKind::Status,
        _ => return None,
    };
    let slot = (((tag % 250) << 16) | (id & 0xFFFF)) as u32;
    let second = i64::try_from(millis / 1_000).ok()?;
    Some(IdParts { kind, slot, second })
}

/// The instant an id stands for, with its milliseconds (what `created_at` shows).
pub(crate) fn instant(id: u64) -> DateTime<Utc> {
    let millis = i64::try_from(id >> 16).unwrap_or(0);
    DateTime::from_timestamp_millis(millis).unwrap_or_default()
}

/// Smallest second ≥ `candidate` whose residue modulo [`SECOND_MODULUS`] is `residue`.
pub(crate) fn align_second(candidate: i64, residue: i64) -> i64 {
    let current = candidate.rem_euclid(SECOND_MODULUS);
    let step = (residue - current).rem_euclid(SECOND_MODULUS);
    candidate + step
}

/// Largest second ≤ `candidate` whose residue modulo [`SECOND_MODULUS`] is `residue`.
pub(crate) fn align_second_down(candidate: i64, residue: i64) -> i64 {
    candidate - (candidate - residue).rem_euclid(SECOND_MODULUS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_sort_by_time() {
        for (kind, slot) in [
            (IdKind::Creator, 0),
            (IdKind::Sample, 70_000),
            (IdKind::RingMember, 12),
            (IdKind::Status, MAX_SLOT),
        ] {
            let id = encode(kind, slot, 1_700_000_000);
            let parts = decode(id).expect("decodes");
            assert_eq!(
                parts,
                IdParts {
                    kind,
                    slot,
                    second: 1_700_000_000
                }
            );
            assert!(encode(kind, slot, 1_700_000_001) > id);
        }
        let highest = encode(IdKind::Status, MAX_SLOT, 1_700_000_000);
        assert_eq!((highest >> 16) % 1_000, 999);
    }

    #[test]
    fn distinct_slots_never_collide() {
        let first = encode(IdKind::Status, 1, 1_700_000_000);
        let second = encode(IdKind::Status, 65_537, 1_700_000_000);
        let sample = encode(IdKind::Sample, 1, 1_700_000_000);
        assert_ne!(first, second);
        assert_ne!(first, sample);
    }

    #[test]
    fn instant_keeps_the_time() {
        let id = encode(IdKind::Status, 3, 1_748_736_000);
        assert_eq!(instant(id).timestamp(), 1_748_736_000);
    }

    #[test]
    fn align_second_hits_the_residue() {
        for candidate in [0, 1, 127, 128, 1_748_736_013] {
            for residue in [0, 5, 63, 126, 127] {
                let aligned = align_second(candidate, residue);
                assert!(aligned >= candidate && aligned - candidate < SECOND_MODULUS);
                assert_eq!(aligned.rem_euclid(SECOND_MODULUS), residue);
                let down = align_second_down(candidate, residue);
                assert!(down <= candidate && candidate - down < SECOND_MODULUS);
                assert_eq!(down.rem_euclid(SECOND_MODULUS), residue);
            }
        }
    }
}
