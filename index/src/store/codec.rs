//! How domain values are spelled in store columns: times as fixed-width RFC 3339 UTC text,
//! lists as JSON arrays, enums by their lower-case names.

use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, Utc};
use scout_models::{CreatorId, MediaKind, Platform};

use crate::error::IndexError;

/// Formats a time so that text order equals time order (`2024-05-01T10:00:00.000000Z`).
pub(crate) fn format_time(time: &DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Parses a time written by [`format_time`] (any RFC 3339 time is accepted).
pub(crate) fn parse_time(raw: &str) -> Result<DateTime<Utc>, IndexError> {
    DateTime::parse_from_rfc3339(raw)
        .map(|time| time.with_timezone(&Utc))
        .map_err(|error| IndexError::Corrupt(format!("time {raw:?}: {error}")))
}

/// Parses an optional stored time.
pub(crate) fn parse_optional_time(
    raw: Option<String>,
) -> Result<Option<DateTime<Utc>>, IndexError> {
    raw.as_deref().map(parse_time).transpose()
}

/// Encodes a list of strings as a JSON array.
pub(crate) fn encode_list(values: &[String]) -> Result<String, IndexError> {
    Ok(serde_json::to_string(values)?)
}

/// Decodes a JSON array of strings.
pub(crate) fn decode_list(raw: &str) -> Result<Vec<String>, IndexError> {
    serde_json::from_str(raw).map_err(|error| IndexError::Corrupt(format!("list {raw:?}: {error}")))
}

/// The column spelling of a media kind.
pub(crate) fn media_kind_name(kind: MediaKind) -> &'static str {
    match kind {
        MediaKind::Text => "text",
        MediaKind::Image => "image",
        MediaKind::Video => "video",
    }
}

/// Parses a media kind written by [`media_kind_name`].
pub(crate) fn parse_media_kind(raw: &str) -> Result<MediaKind, IndexError> {
    match raw {
        "text" => Ok(MediaKind::Text),
        "image" => Ok(MediaKind::Image),
        "video" => Ok(MediaKind::Video),
        other => Err(IndexError::Corrupt(format!("media kind {other:?}"))),
    }
}

/// Parses a stored platform name.
pub(crate) fn parse_platform(raw: &str) -> Result<Platform, IndexError> {
    Platform::from_str(raw).map_err(|error| IndexError::Corrupt(error.to_string()))
}

/// Parses a stored creator id.
pub(crate) fn parse_creator_id(raw: &str) -> Result<CreatorId, IndexError> {
    CreatorId::parse(raw).map_err(|error| IndexError::Corrupt(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_round_trip_and_sort_as_text() {
        let early = Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap();
        let late = Utc.with_ymd_and_hms(2024, 11, 2, 3, 4, 5).unwrap();
        assert_eq!(parse_time(&format_time(&early)).unwrap(), early);
        assert!(format_time(&early) < format_time(&late));
        assert_eq!(format_time(&early).len(), format_time(&late).len());
        assert!(parse_time("yesterday").is_err());
    }

    #[test]
    fn lists_and_enums_round_trip() {
        let tags = vec!["vegan".to_string(), "café".to_string()];
        assert_eq!(decode_list(&encode_list(&tags).unwrap()).unwrap(), tags);
        assert!(decode_list("{not a list").is_err());
        for kind in [MediaKind::Text, MediaKind::Image, MediaKind::Video] {
            assert_eq!(parse_media_kind(media_kind_name(kind)).unwrap(), kind);
        }
        assert!(parse_media_kind("hologram").is_err());
        assert_eq!(parse_platform("bluesky").unwrap(), Platform::Bluesky);
        assert!(parse_creator_id("nope").is_err());
    }
}
