//! Resolving a status id (Mastodon status, Bluesky record key, video id) to the creator and
//! post it belongs to, without an index: the id carries its creator and post (see `ids.rs`).

use std::sync::Arc;

use crate::sim::creator::SimCreator;
use crate::sim::ids::{self, IdKind};
use crate::sim::server::state::{CreatorEntry, HostState};

/// A status of this host and the post it belongs to.
pub(super) enum StatusRef {
    /// A creator's post, by chronological index.
    Post(usize),
    /// The creator's own comment under post `.0`.
    SelfReply(usize),
    /// Reply `position` (oldest first) under `post`.
    Reply { post: usize, position: usize },
}

/// What a status id resolves to.
pub(super) type Resolved<'a> = (&'a SimCreator, Arc<CreatorEntry>, StatusRef, u64);

/// Resolves a status id given as text.
pub(super) fn resolve_status<'a>(state: &'a HostState, raw_id: &str) -> Option<Resolved<'a>> {
    resolve_status_id(state, raw_id.parse().ok()?)
}

/// Resolves a status id served by this host.
pub(super) fn resolve_status_id(state: &HostState, id: u64) -> Option<Resolved<'_>> {
    let parts = ids::decode(id)?;
    if parts.kind != IdKind::Status {
        return None;
    }
    let creator = state.creator(parts.slot)?;
    let entry = state.entry(creator)?;
    let residue = parts.second.rem_euclid(ids::SECOND_MODULUS);
    let found = if residue < 64 {
        let post = entry.content.posts.get(residue as usize)?;
        let replies = state
            .world()
            .replies(creator.index, &entry.content, post.chrono, None);
        let position = replies.iter().position(|reply| reply.id == id)?;
        StatusRef::Reply {
            post: post.chrono,
            position,
        }
    } else if let Some(post) = entry.content.posts.iter().find(|post| post.id == id) {
        StatusRef::Post(post.chrono)
    } else {
        let post = entry
            .content
            .posts
            .iter()
            .find(|post| post.self_reply.as_ref().is_some_and(|reply| reply.id == id))?;
        StatusRef::SelfReply(post.chrono)
    };
    Some((creator, entry, found, id))
}
