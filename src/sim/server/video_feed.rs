//! A channel's Atom feed exactly as YouTube serves `/feeds/videos.xml?channel_id=UC…`: the
//! `yt` and `media` namespaces, the 15 latest uploads with `yt:videoId`, `media:group`,
//! `media:starRating@count` (likes) and `media:statistics@views`.

use chrono::Duration;

use crate::sim::content::SimPost;
use crate::sim::creator::SimCreator;
use crate::sim::params;
use crate::sim::platform_ids::video_id;
use crate::sim::server::html::{escape, iso};

/// What a video's title is: the caption's first sentence, at most 100 characters.
pub(super) fn video_title(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .unwrap_or_else(|| text.trim());
    let sentence_end = line
        .char_indices()
        .find(|(position, character)| {
            matches!(character, '.' | '!' | '?')
                && line[position + character.len_utf8()..].starts_with(' ')
        })
        .map_or(line.len(), |(position, character)| {
            position + character.len_utf8()
        });
    let sentence = &line[..sentence_end];
    if sentence.chars().count() <= 100 {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(100).collect();
    match cut.rfind(' ') {
        Some(space) if space > 0 => cut[..space].to_string(),
        _ => cut,
    }
}

/// Where a channel lives on the served host.
pub(super) struct ChannelUrls<'a> {
    pub(super) base: &'a str,
    pub(super) channel_id: &'a str,
}

impl ChannelUrls<'_> {
    pub(super) fn channel(&self) -> String {
        format!("{}/channel/{}", self.base, self.channel_id)
    }

    pub(super) fn feed(&self) -> String {
        format!(
            "{}/feeds/videos.xml?channel_id={}",
            self.base, self.channel_id
        )
    }

    pub(super) fn watch(&self, video: &str) -> String {
        format!("{}/watch?v={video}", self.base)
    }

    pub(super) fn thumbnail(&self, video: &str) -> String {
        format!("{}/vi/{video}/hqdefault.jpg", self.base)
    }
}

fn entry(seed: u64, creator: &SimCreator, urls: &ChannelUrls<'_>, post: &SimPost) -> String {
    let video = video_id(seed, post.id);
    let title = escape(&video_title(&post.text));
    let name = escape(&creator.display_name);
    let published = post.created_at();
    let updated = published + Duration::hours(7 + (post.id % 40) as i64);
    format!(
        " <entry>\n  <id>yt:video:{video}</id>\n  <yt:videoId>{video}</yt:videoId>\n  <yt:channelId>{channel}</yt:channelId>\n\
         \x20 <title>{title}</title>\n  <link rel=\"alternate\" href=\"{watch}\"/>\n  <author>\n   <name>{name}</name>\n   <uri>{channel_url}</uri>\n  </author>\n\
         \x20 <published>{published}</published>\n  <updated>{updated}</updated>\n  <media:group>\n   <media:title>{title}</media:title>\n\
         \x20  <media:content url=\"{base}/v/{video}?version=3\" type=\"application/x-shockwave-flash\" width=\"640\" height=\"390\"/>\n\
         \x20  <media:thumbnail url=\"{thumbnail}\" width=\"480\" height=\"360\"/>\n   <media:description>{description}</media:description>\n\
         \x20  <media:community>\n    <media:starRating count=\"{likes}\" average=\"5.00\" min=\"1\" max=\"5\"/>\n    <media:statistics views=\"{views}\"/>\n\
         \x20  </media:community>\n  </media:group>\n </entry>\n",
        channel = urls.channel_id,
        watch = escape(&urls.watch(&video)),
        channel_url = escape(&urls.channel()),
        published = iso(published),
        updated = iso(updated),
        base = urls.base,
        thumbnail = escape(&urls.thumbnail(&video)),
        description = escape(&post.text),
        likes = post.likes,
        views = post.views,
    )
}

/// The channel's feed document.
pub(super) fn feed(
    seed: u64,
    creator: &SimCreator,
    urls: &ChannelUrls<'_>,
    posts: &[SimPost],
) -> String {
    let name = escape(&creator.display_name);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns:yt=\"http://www.youtube.com/xml/schemas/2015\" \
         xmlns:media=\"http://search.yahoo.com/mrss/\" xmlns=\"http://www.w3.org/2005/Atom\">\n\
         \x20<link rel=\"self\" href=\"{feed}\"/>\n <id>yt:channel:{channel}</id>\n <yt:channelId>{channel}</yt:channelId>\n\
         \x20<title>{name}</title>\n <link rel=\"alternate\" href=\"{channel_url}\"/>\n <author>\n  <name>{name}</name>\n  <uri>{channel_url}</uri>\n </author>\n\
         \x20<published>{published}</published>\n",
        feed = escape(&urls.feed()),
        channel = urls.channel_id,
        channel_url = escape(&urls.channel()),
        published = iso(creator.created_at),
    );
    for post in posts.iter().rev().take(params::VIDEO_FEED_ENTRIES) {
        xml.push_str(&entry(seed, creator, urls, post));
    }
    xml.push_str("</feed>\n");
    xml
}

/// Counts as YouTube shows them: three significant digits, truncated (`1.23M`, `45.6K`).
pub(super) fn short_count(count: u64) -> String {
    let (value, unit) = match count {
        0..1_000 => return count.to_string(),
        1_000..1_000_000 => (count as f64 / 1_000.0, "K"),
        1_000_000..1_000_000_000 => (count as f64 / 1_000_000.0, "M"),
        _ => (count as f64 / 1_000_000_000.0, "B"),
    };
    let decimals = if value < 10.0 {
        2
    } else if value < 100.0 {
        1
    } else {
        0
    };
    let scale = 10f64.powi(decimals);
    let truncated = (value * scale).floor() / scale;
    let mut text = format!("{truncated:.prec$}", prec = decimals as usize);
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    format!("{text}{unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_the_first_sentence() {
        assert_eq!(
            video_title("Leg day done. Then more\n#gym"),
            "Leg day done."
        );
        assert_eq!(video_title("#ad\nBig haul! Really"), "Big haul!");
        let long = "word ".repeat(40);
        assert!(video_title(&long).chars().count() <= 100);
    }

    #[test]
    fn counts_are_truncated_like_youtube() {
        assert_eq!(short_count(987), "987");
        assert_eq!(short_count(1_239), "1.23K");
        assert_eq!(short_count(45_680), "45.6K");
        assert_eq!(short_count(1_200_000), "1.2M");
        assert_eq!(short_count(999_999), "999K");
    }
}
