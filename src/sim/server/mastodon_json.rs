//! Mastodon 4.2 REST entities (Account, Status, MediaAttachment, Instance) exactly as real
//! servers send them: string ids, millisecond `Z` timestamps, HTML notes and contents.

use chrono::Duration;
use serde_json::{json, Value};

use crate::sim::content::{CreatorContent, SelfReply, SimPost, SimReply, SimSample};
use crate::sim::creator::SimCreator;
use crate::sim::ids;
use crate::sim::params;
use crate::sim::server::html::{
    self, escape, file_hash, id_path, mastodon_day, mastodon_html, mastodon_time,
};
use crate::sim::server::state::HostState;
use crate::sim::text;

const BLURHASHES: [&str; 4] = [
    "UKO2?U%2Tw=w]~RBVZRi};RPxuwH%3s8tLOt",
    "UeKUpFxuo~R%0nW;WCnhF6RjaJt757oJodS$",
    "U9Cjg-~p00D%9ZIUxuIo00Rj?bt7E2%MM{WB",
    "UBMOZfK1GG%LBBNG,;Rj2skq=eE1s9n4S5Na",
];

/// A local creator's Account.
pub(super) fn creator_account(
    state: &HostState,
    creator: &SimCreator,
    content: &CreatorContent,
) -> Value {
    let base = &state.base_url;
    let id = creator.account_id();
    let username = &creator.username;
    let avatar = if creator.has_avatar {
        format!(
            "{base}/system/accounts/avatars/{}/original/{}.jpg",
            id_path(id),
            file_hash(id)
        )
    } else {
        format!("{base}/avatars/original/missing.png")
    };
    let header = format!("{base}/headers/original/missing.png");
    let statuses = content.posts.len()
        + content
            .posts
            .iter()
            .filter(|post| post.self_reply.is_some())
            .count();
    let last_status = content
        .posts
        .iter()
        .flat_map(|post| {
            std::iter::once(post.id).chain(post.self_reply.as_ref().map(|reply| reply.id))
        })
        .max()
        .map(|id| ids::instant(id).format("%Y-%m-%d").to_string());
    let mut fields = Vec::new();
    if let Some(url) = state.shared.linked_profile_url(creator) {
        let verified = (creator.created_at + Duration::days(30)).min(state.world().anchor());
        fields.push(json!({
            "name": "Website",
            "value": html::mastodon_link_field(&url),
            "verified_at": mastodon_time(verified),
        }));
    }
    if !creator.location.is_empty() && creator.index.is_multiple_of(2) {
        fields.push(
            json!({ "name": "Location", "value": escape(&creator.location), "verified_at": null }),
        );
    }
    json!({
        "id": id.to_string(),
        "username": username,
        "acct": username,
        "display_name": creator.display_name,
        "locked": false,
        "bot": false,
        "discoverable": creator.discoverable,
        "indexable": creator.discoverable,
        "group": false,
        "created_at": mastodon_day(creator.created_at),
        "note": mastodon_html(&creator.bio, base, None),
        "url": format!("{base}/@{username}"),
        "uri": format!("{base}/users/{username}"),
        "avatar": avatar,
        "avatar_static": avatar,
        "header": header,
        "header_static": header,
        "followers_count": state.followers(creator),
        "following_count": creator.following,
        "statuses_count": statuses,
        "last_status_at": last_status,
        "hide_collections": false,
        "noindex": false,
        "emojis": [],
        "roles": [],
        "fields": fields,
    })
}

/// A remote commenter's Account as this instance knows it.
pub(super) fn remote_account(state: &HostState, profile: &SimSample) -> Value {
    let base = &state.base_url;
    let avatar = if profile.has_avatar {
        format!(
            "{base}/system/cache/accounts/avatars/{}/original/{}.jpg",
            id_path(profile.id),
            file_hash(profile.id)
        )
    } else {
        format!("{base}/avatars/original/missing.png")
    };
    let header = format!("{base}/headers/original/missing.png");
    let domain = profile.domain;
    let username = &profile.username;
    json!({
        "id": profile.id.to_string(),
        "username": username,
        "acct": format!("{username}@{domain}"),
        "display_name": profile.display_name,
        "locked": false,
        "bot": false,
        "discoverable": false,
        "indexable": false,
        "group": false,
        "created_at": mastodon_day(profile.created_at),
        "note": mastodon_html(&profile.bio, &format!("https://{domain}"), None),
        "url": format!("https://{domain}/@{username}"),
        "uri": format!("https://{domain}/users/{username}"),
        "avatar": avatar,
        "avatar_static": avatar,
        "header": header,
        "header_static": header,
        "followers_count": profile.followers,
        "following_count": profile.following,
        "statuses_count": profile.statuses,
        "last_status_at": state.world().anchor().format("%Y-%m-%d").to_string(),
        "hide_collections": false,
        "emojis": [],
        "fields": [],
    })
}

fn tags(base: &str, names: &[String]) -> Value {
    Value::Array(
        names
            .iter()
            .map(|name| json!({ "name": name, "url": format!("{base}/tags/{name}") }))
            .collect(),
    )
}

fn media(base: &str, post: &SimPost) -> Value {
    let Some(image) = &post.image else {
        return json!([]);
    };
    let hash = file_hash(post.id);
    let path = id_path(post.id);
    let aspect = f64::from(image.width) / f64::from(image.height);
    let small_width = 480u32.min(image.width);
    let small_height = (f64::from(small_width) / aspect).round() as u32;
    json!([{
        "id": post.id.to_string(),
        "type": "image",
        "url": format!("{base}/system/media_attachments/files/{path}/original/{hash}.jpeg"),
        "preview_url": format!("{base}/system/media_attachments/files/{path}/small/{hash}.jpeg"),
        "remote_url": null,
        "preview_remote_url": null,
        "text_url": null,
        "meta": {
            "original": {
                "width": image.width,
                "height": image.height,
                "size": format!("{}x{}", image.width, image.height),
                "aspect": aspect,
            },
            "small": {
                "width": small_width,
                "height": small_height,
                "size": format!("{small_width}x{small_height}"),
                "aspect": aspect,
            },
        },
        "description": image.alt,
        "blurhash": BLURHASHES[((post.id >> 16) % 4) as usize],
    }])
}

/// A creator's post.
pub(super) fn post_status(
    state: &HostState,
    creator: &SimCreator,
    account: &Value,
    post: &SimPost,
) -> Value {
    let base = &state.base_url;
    let username = &creator.username;
    let created = post.created_at();
    json!({
        "id": post.id.to_string(),
        "created_at": mastodon_time(created),
        "in_reply_to_id": null,
        "in_reply_to_account_id": null,
        "sensitive": false,
        "spoiler_text": "",
        "visibility": "public",
        "language": post.declared_language.code(),
        "uri": format!("{base}/users/{username}/statuses/{}", post.id),
        "url": format!("{base}/@{username}/{}", post.id),
        "replies_count": post.reply_count(),
        "reblogs_count": post.shares,
        "favourites_count": post.likes,
        "edited_at": post.edited.then(|| mastodon_time(created + Duration::minutes(47))),
        "content": mastodon_html(&post.text, base, None),
        "reblog": null,
        "application": { "name": "Web", "website": null },
        "account": account,
        "media_attachments": media(base, post),
        "mentions": [],
        "tags": tags(base, &post.hashtags),
        "emojis": [],
        "card": null,
        "poll": null,
    })
}

/// The creator's own comment under a post.
pub(super) fn self_reply_status(
    state: &HostState,
    creator: &SimCreator,
    account: &Value,
    post: &SimPost,
    reply: &SelfReply,
) -> Value {
    let base = &state.base_url;
    let username = &creator.username;
    json!({
        "id": reply.id.to_string(),
        "created_at": mastodon_time(ids::instant(reply.id)),
        "in_reply_to_id": post.id.to_string(),
        "in_reply_to_account_id": creator.account_id().to_string(),
        "sensitive": false,
        "spoiler_text": "",
        "visibility": "public",
        "language": post.declared_language.code(),
        "uri": format!("{base}/users/{username}/statuses/{}", reply.id),
        "url": format!("{base}/@{username}/{}", reply.id),
        "replies_count": 0,
        "reblogs_count": 0,
        "favourites_count": 0,
        "edited_at": null,
        "content": mastodon_html(&reply.text, base, None),
        "reblog": null,
        "application": { "name": "Web", "website": null },
        "account": account,
        "media_attachments": [],
        "mentions": [],
        "tags": tags(base, &text::hashtags(&reply.text)),
        "emojis": [],
        "card": null,
        "poll": null,
    })
}

/// A commenter's reply to a creator's post.
pub(super) fn reply_status(
    state: &HostState,
    creator: &SimCreator,
    post: &SimPost,
    reply: &SimReply,
    author: &SimSample,
) -> Value {
    let base = &state.base_url;
    let domain = author.domain;
    let username = &author.username;
    let creator_url = format!("{base}/@{}", creator.username);
    let creator_id = creator.account_id().to_string();
    json!({
        "id": reply.id.to_string(),
        "created_at": mastodon_time(ids::instant(reply.id)),
        "in_reply_to_id": post.id.to_string(),
        "in_reply_to_account_id": creator_id,
        "sensitive": false,
        "spoiler_text": "",
        "visibility": "public",
        "language": reply.language.code(),
        "uri": format!("https://{domain}/users/{username}/statuses/{}", reply.id),
        "url": format!("https://{domain}/@{username}/{}", reply.id),
        "replies_count": 0,
        "reblogs_count": 0,
        "favourites_count": reply.likes,
        "edited_at": null,
        "content": mastodon_html(&reply.text, base, Some((&creator_url, &creator.username))),
        "reblog": null,
        "account": remote_account(state, author),
        "media_attachments": [],
        "mentions": [{
            "id": creator_id,
            "username": creator.username,
            "url": creator_url,
            "acct": creator.username,
        }],
        "tags": tags(base, &text::hashtags(&reply.text)),
        "emojis": [],
        "card": null,
        "poll": null,
    })
}

fn configuration() -> Value {
    json!({
        "accounts": { "max_featured_tags": 10 },
        "statuses": { "max_characters": 500, "max_media_attachments": 4, "characters_reserved_per_url": 23 },
        "media_attachments": {
            "supported_mime_types": ["image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4", "audio/mpeg"],
            "image_size_limit": 16_777_216,
            "image_matrix_limit": 33_177_600,
            "video_size_limit": 103_809_024,
            "video_frame_rate_limit": 120,
            "video_matrix_limit": 8_294_400,
        },
        "polls": { "max_options": 4, "max_characters_per_option": 50, "min_expiration": 300, "max_expiration": 2_629_746 },
    })
}

fn rules() -> Value {
    json!([
        { "id": "1", "text": "Be kind and respectful." },
        { "id": "2", "text": "No spam, no bought engagement, no bots pretending to be people." },
        { "id": "3", "text": "Disclose paid partnerships." },
    ])
}

fn instance_stats(state: &HostState) -> (usize, usize) {
    let world = state.world();
    let creators = world.creators_on(state.host);
    let statuses = creators
        .iter()
        .filter_map(|index| world.creator(*index))
        .map(|creator| creator.post_count)
        .sum();
    (creators.len(), statuses)
}

fn description(state: &HostState) -> String {
    format!("{} is a simulated Mastodon instance of the Scout test web, home to creators of every niche.", state.title)
}

/// `GET /api/v1/instance`.
pub(super) fn instance_v1(state: &HostState) -> Value {
    let (users, statuses) = instance_stats(state);
    let streaming = state.base_url.replacen("http", "ws", 1);
    json!({
        "uri": state.domain,
        "title": state.title,
        "short_description": description(state),
        "description": format!("<p>{}</p>", escape(&description(state))),
        "email": format!("admin@{}", state.domain),
        "version": params::MASTODON_VERSION,
        "urls": { "streaming_api": streaming },
        "stats": { "user_count": users, "status_count": statuses, "domain_count": 42 },
        "thumbnail": format!("{}/packs/media/images/preview.png", state.base_url),
        "languages": ["en"],
        "registrations": false,
        "approval_required": false,
        "invites_enabled": true,
        "configuration": configuration(),
        "contact_account": null,
        "rules": rules(),
    })
}

/// `GET /api/v2/instance`.
pub(super) fn instance_v2(state: &HostState) -> Value {
    let (users, _) = instance_stats(state);
    let thumbnail = format!("{}/packs/media/images/preview.png", state.base_url);
    let mut configuration = configuration();
    if let Value::Object(map) = &mut configuration {
        map.insert(
            "urls".into(),
            json!({ "streaming": state.base_url.replacen("http", "ws", 1) }),
        );
        map.insert("vapid".into(), json!({ "public_key": "BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=" }));
        map.insert("translation".into(), json!({ "enabled": false }));
    }
    json!({
        "domain": state.domain,
        "title": state.title,
        "version": params::MASTODON_VERSION,
        "source_url": "https://github.com/mastodon/mastodon",
        "description": description(state),
        "usage": { "users": { "active_month": users } },
        "thumbnail": { "url": thumbnail, "blurhash": BLURHASHES[0], "versions": { "@1x": thumbnail, "@2x": thumbnail } },
        "languages": ["en"],
        "configuration": configuration,
        "registrations": { "enabled": false, "approval_required": false, "message": null },
        "contact": { "email": format!("admin@{}", state.domain), "account": null },
        "rules": rules(),
    })
}
