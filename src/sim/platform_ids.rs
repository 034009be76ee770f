//! Identifiers of the Bluesky-like and video platforms in their real shapes, derived from the
//! simulation's own ids so the server can resolve them without an index:
//!
//! - AT Protocol DIDs, `did:plc:` + 24 base32 characters: a keyed permutation of the account
//!   id plus a 56-bit check, so a DID decodes back to its account and random DIDs are refused;
//! - record keys (TIDs), 13 base32-sortable characters of microseconds and a clock id,
//!   which carry a status id losslessly;
//! - CIDs (`bafyrei…`, CIDv1 dag-cbor sha2-256 as base32) of a record's bytes;
//! - YouTube channel ids, `UC` + 22 base64url characters, and 11-character video ids that
//!   decode back to their post.

use sha2::{Digest, Sha256};

const BASE32: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
const BASE32_SORTABLE: &[u8; 32] = b"234567abcdefghijklmnopqrstuvwxyz";
const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Keys that separate the permutations of different id kinds.
const DID_KEY: u64 = 0x0D1D_0D1D_5EED_0001;
const VIDEO_KEY: u64 = 0x7E0F_1DE0_5EED_0002;
const CHANNEL_KEY: u64 = 0xC4A7_7E15_5EED_0003;

/// The SplitMix64 finaliser: a fast, well-mixed bijection on `u64`.
pub(crate) fn mix(value: u64) -> u64 {
    let mut mixed = value.wrapping_add(0x9E37_79B9_7F4A_7C15);
    mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    mixed ^ (mixed >> 31)
}

fn round_key(key: u64, round: u64, half: u32) -> u32 {
    (mix(key ^ round.wrapping_mul(0x1000_0001) ^ u64::from(half)) >> 16) as u32
}

/// A keyed 4-round Feistel permutation of `u64`.
fn scramble(key: u64, value: u64) -> u64 {
    let (mut left, mut right) = ((value >> 32) as u32, value as u32);
    for round in 0..4 {
        let next = left ^ round_key(key, round, right);
        left = right;
        right = next;
    }
    (u64::from(left) << 32) | u64::from(right)
}

/// The inverse of [`scramble`].
fn unscramble(key: u64, value: u64) -> u64 {
    let (mut left, mut right) = ((value >> 32) as u32, value as u32);
    for round in (0..4).rev() {
        let previous = right ^ round_key(key, round, left);
        right = left;
        left = previous;
    }
    (u64::from(left) << 32) | u64::from(right)
}

fn base32_encode(bytes: &[u8], alphabet: &[u8; 32]) -> String {
    let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
    let mut buffer = 0u32;
    let mut bits = 0u32;
    for byte in bytes {
        buffer = (buffer << 8) | u32::from(*byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(alphabet[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(alphabet[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

fn base32_decode(text: &str, alphabet: &[u8; 32]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let mut buffer = 0u32;
    let mut bits = 0u32;
    for character in text.bytes() {
        let value = alphabet.iter().position(|symbol| *symbol == character)? as u32;
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
        buffer &= (1 << bits) - 1;
    }
    Some(out)
}

fn did_check(seed: u64, id: u64) -> u64 {
    mix(mix(seed ^ DID_KEY) ^ id) >> 8
}

/// The `did:plc:` identifier of an account (creator, commenter or pod member) by its id.
pub(crate) fn did(seed: u64, id: u64) -> String {
    let mut bytes = [0u8; 15];
    bytes[..8].copy_from_slice(&scramble(seed ^ DID_KEY, id).to_be_bytes());
    bytes[8..].copy_from_slice(&did_check(seed, id).to_be_bytes()[1..]);
    format!("did:plc:{}", base32_encode(&bytes, BASE32))
}

/// The account id a DID made by [`did`] stands for; `None` for any other DID.
pub(crate) fn did_account(seed: u64, did: &str) -> Option<u64> {
    let body = did.strip_prefix("did:plc:")?;
    if body.len() != 24 {
        return None;
    }
    let bytes = base32_decode(body, BASE32)?;
    let scrambled = u64::from_be_bytes(bytes.get(..8)?.try_into().ok()?);
    let id = unscramble(seed ^ DID_KEY, scrambled);
    let mut check = [0u8; 8];
    check[1..].copy_from_slice(bytes.get(8..15)?);
    (u64::from_be_bytes(check) == did_check(seed, id)).then_some(id)
}

/// The record key (TID) of a status: microseconds since the epoch and a 10-bit clock id,
/// with the status id's 16 locator bits split between the sub-millisecond digits and the
/// clock id.
pub(crate) fn tid(status_id: u64) -> String {
    let millis = status_id >> 16;
    let locator = status_id & 0xFFFF;
    let micros = millis * 1_000 + (locator >> 10);
    let value = (micros << 10) | (locator & 0x3FF);
    (0..13)
        .map(|position| {
            let shift = 60 - 5 * position;
            char::from(BASE32_SORTABLE[((value >> shift) & 31) as usize])
        })
        .collect()
}

/// The status id a TID made by [`tid`] carries.
pub(crate) fn tid_status(tid: &str) -> Option<u64> {
    if tid.len() != 13 {
        return None;
    }
    let mut value = 0u64;
    for character in tid.bytes() {
        let digit = BASE32_SORTABLE
            .iter()
            .position(|symbol| *symbol == character)? as u64;
        value = value.checked_mul(32)?.checked_add(digit)?;
    }
    let micros = value >> 10;
    let sub_millis = micros % 1_000;
    if sub_millis >= 64 {
        return None;
    }
    let locator = (sub_millis << 10) | (value & 0x3FF);
    let millis = micros / 1_000;
    millis.checked_mul(1 << 16).map(|high| high | locator)
}

/// A CIDv1 (dag-cbor, sha2-256) string of some bytes: `bafyrei` and 52 base32 characters.
pub(crate) fn cid(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let encoded = base32_encode(&digest, BASE32);
    format!("bafyrei{}", &encoded[..52.min(encoded.len())])
}

/// A YouTube channel id for creator `index`: `UC`, 21 base64url characters and a last one
/// from `AQgw` (the 128-bit ids real channels have).
pub(crate) fn channel_id(seed: u64, index: u32, salt: u32) -> String {
    let mut state = mix(seed ^ CHANNEL_KEY ^ (u64::from(salt) << 32))
        ^ u64::from(index).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut id = String::with_capacity(24);
    id.push_str("UC");
    for _ in 0..21 {
        state = mix(state);
        id.push(char::from(BASE64URL[(state >> 58) as usize]));
    }
    state = mix(state);
    id.push(char::from(b"AQgw"[(state >> 62) as usize]));
    id
}

/// The 11-character video id of a post: a keyed permutation of the post id in base64url
/// (the last character carries 4 bits, as in real ids).
pub(crate) fn video_id(seed: u64, post_id: u64) -> String {
    let value = scramble(seed ^ VIDEO_KEY, post_id);
    (0..11)
        .map(|position| {
            let sextet = if position < 10 {
                (value >> (58 - 6 * position)) & 63
            } else {
                (value & 0xF) << 2
            };
            char::from(BASE64URL[sextet as usize])
        })
        .collect()
}

/// The post id behind a video id made by [`video_id`].
pub(crate) fn video_post(seed: u64, video: &str) -> Option<u64> {
    if video.len() != 11 {
        return None;
    }
    let mut value = 0u64;
    for (position, character) in video.bytes().enumerate() {
        let sextet = BASE64URL.iter().position(|symbol| *symbol == character)? as u64;
        if position < 10 {
            value |= sextet << (58 - 6 * position);
        } else {
            if sextet & 3 != 0 {
                return None;
            }
            value |= sextet >> 2;
        }
    }
    Some(unscramble(seed ^ VIDEO_KEY, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ids::{self, IdKind};

    #[test]
    fn dids_round_trip_and_refuse_strangers() {
        for id in [
            0,
            1,
            42,
            u64::MAX,
            ids::encode(IdKind::Creator, 77, 1_700_000_000),
        ] {
            let did = did(9, id);
            assert_eq!(did.len(), "did:plc:".len() + 24);
            assert!(did[8..]
                .chars()
                .all(|c| c.is_ascii_lowercase() || ('2'..='7').contains(&c)));
            assert_eq!(did_account(9, &did), Some(id));
            assert_eq!(did_account(10, &did), None, "another world's DID");
        }
        assert_eq!(did_account(9, "did:plc:ewvi7nxzyoun6zhxrhs64oiz"), None);
        assert_eq!(did_account(9, "did:web:example.com"), None);
        assert_ne!(did(9, 1), did(9, 2));
    }

    #[test]
    fn tids_round_trip_sort_by_time_and_look_real() {
        let first = ids::encode(IdKind::Status, 70_000, 1_748_000_000);
        let later = ids::encode(IdKind::Status, 3, 1_748_000_001);
        for id in [
            first,
            later,
            ids::encode(IdKind::Status, ids::MAX_SLOT, 1_748_736_000),
        ] {
            let key = tid(id);
            assert_eq!(key.len(), 13);
            assert!(key.starts_with('3'), "{key}");
            assert_eq!(tid_status(&key), Some(id));
        }
        assert!(tid(first) < tid(later));
        assert_eq!(tid_status("3l"), None);
        assert_eq!(tid_status("3kzzzzzzzzzz!"), None);
    }

    #[test]
    fn cids_look_like_cidv1() {
        let cid = cid(b"{\"text\":\"hi\"}");
        assert_eq!(cid.len(), 59);
        assert!(cid.starts_with("bafyrei"));
        assert_ne!(cid, super::cid(b"{\"text\":\"ho\"}"));
    }

    #[test]
    fn channel_and_video_ids_have_youtube_shapes() {
        let channel = channel_id(3, 17, 0);
        assert_eq!(channel.len(), 24);
        assert!(channel.starts_with("UC"));
        assert!("AQgw".contains(channel.chars().last().unwrap_or('x')));
        assert_ne!(channel, channel_id(3, 18, 0));
        assert_ne!(channel, channel_id(3, 17, 1));
        for post in [
            0,
            5,
            u64::MAX,
            ids::encode(IdKind::Status, 12, 1_748_000_000),
        ] {
            let video = video_id(3, post);
            assert_eq!(video.len(), 11);
            assert!(
                video.bytes().all(|byte| BASE64URL.contains(&byte)),
                "{video}"
            );
            assert_eq!(video_post(3, &video), Some(post));
        }
        assert_eq!(
            video_post(3, "dQw4w9WgXcR"),
            None,
            "low bits of the last character set"
        );
        assert_eq!(video_post(3, "short"), None);
    }
}
