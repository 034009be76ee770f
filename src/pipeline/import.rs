//! `scout import FILE`: creators and posts exported elsewhere, as JSON Lines or CSV.
//!
//! Every row is checked whole before anything is written: a bad row is reported with its
//! file, line and field and contributes nothing (no partial rows); the good rows are stored.
//!
//! JSON Lines: one creator an object, the shape `scout export --format jsonl` writes
//! (`platform`, `handle`, `profile_url` required; `posts[]` optional). Derived fields of an
//! export (`id`, `engagement_rate`, `niches`, `source_url`, `fetched_at`) are accepted; Scout
//! recomputes them. Unknown fields are errors.
//!
//! CSV: a header row; `platform`, `handle` and `profile_url` are required columns, the other
//! creator columns optional. A row may carry one post in `post_url` (+ `post_id`,
//! `published_at`, `text`, `hashtags`, `likes`, `comments`, `shares`, `views`) or several in a
//! `posts` column holding their JSON (as `scout export --format csv` writes); rows of the same
//! creator are merged.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use scout_index::Store;
use scout_models::{
    engagement, Creator, CreatorId, CreatorRecord, MediaKind, Platform, Post, Provenance,
};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tokio_util::sync::CancellationToken;

use crate::paths::DataDir;
use crate::pipeline::PipelineError;

/// Records written per store transaction.
const STORE_BATCH: usize = 500;

/// One rejected row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub field: String,
    pub message: String,
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub rows: usize,
    pub creators: usize,
    pub posts: usize,
    pub created: usize,
    pub updated: usize,
    pub tombstoned: usize,
    pub errors: Vec<RowError>,
    /// Stopped on request after a batch: `creators` of `parsed` were stored; importing the
    /// file again stores the rest (and updates, never duplicates, the others).
    pub stopped: bool,
    /// Distinct creators the good rows hold.
    pub parsed: usize,
}

/// How far an import is: creators stored so far of those the file's good rows hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportProgress {
    pub stored: usize,
    pub parsed: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileFormat {
    Jsonl,
    Csv,
}

/// Imports `file` into the store; the format comes from the extension (`.jsonl`, `.ndjson`,
/// `.json` or `.csv`).
pub fn import_file(data: &DataDir, file: &Path) -> Result<ImportReport, PipelineError> {
    import_file_until(data, file, &|_| {}, None)
}

/// [`import_file`] that reports its progress after each store batch and, once `stop` is
/// cancelled, stops after the batch being written (`report.stopped`).
pub fn import_file_until(
    data: &DataDir,
    file: &Path,
    progress: &dyn Fn(ImportProgress),
    stop: Option<&CancellationToken>,
) -> Result<ImportReport, PipelineError> {
    let format = match file
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("jsonl" | "ndjson" | "json") => FileFormat::Jsonl,
        Some("csv") => FileFormat::Csv,
        _ => {
            return Err(PipelineError::invalid(
                "file",
                format!(
                    "{}: unknown format: name the file .jsonl or .csv",
                    file.display()
                ),
            ))
        }
    };
    let text = std::fs::read_to_string(file).map_err(|error| {
        PipelineError::invalid("file", format!("cannot read {}: {error}", file.display()))
    })?;
    let source = format!(
        "file://{}",
        std::fs::canonicalize(file)
            .unwrap_or_else(|_| file.to_path_buf())
            .display()
    );
    let fetched_at = Utc::now();
    let parsed = match format {
        FileFormat::Jsonl => parse_jsonl(&text, &source, fetched_at),
        FileFormat::Csv => parse_csv(&text, &source, fetched_at),
    };

    let mut report = ImportReport {
        rows: parsed.rows,
        errors: parsed.errors,
        ..ImportReport::default()
    };
    let mut store = Store::open(&data.store_path())?;
    let records: Vec<(CreatorRecord, Option<f64>)> = parsed
        .records
        .into_values()
        .map(|record| {
            let rate = engagement::robust_engagement_rate(record.creator.followers, &record.posts);
            (record, rate)
        })
        .collect();
    report.parsed = records.len();
    let mut stored = 0;
    progress(ImportProgress {
        stored,
        parsed: report.parsed,
    });
    for batch in records.chunks(STORE_BATCH) {
        let summary = store.upsert_records(batch)?;
        report.created += summary.created;
        report.updated += summary.updated + summary.unchanged;
        report.tombstoned += summary.tombstoned;
        report.posts += summary.posts_written;
        stored += batch.len();
        progress(ImportProgress {
            stored,
            parsed: report.parsed,
        });
        if stored < records.len() && stop.is_some_and(CancellationToken::is_cancelled) {
            report.stopped = true;
            break;
        }
    }
    report.creators = report.created + report.updated;
    Ok(report)
}

/// Records by creator id, in id order, with the rows that failed.
struct Parsed {
    rows: usize,
    records: BTreeMap<CreatorId, CreatorRecord>,
    errors: Vec<RowError>,
}

/// A creator row of either format, before validation.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CreatorRow {
    id: Option<String>,
    platform: Option<String>,
    handle: Option<String>,
    profile_url: Option<String>,
    display_name: Option<String>,
    bio: Option<String>,
    avatar_url: Option<String>,
    followers: Option<u64>,
    following: Option<u64>,
    post_count: Option<u64>,
    location: Option<String>,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    links: Vec<String>,
    contact_email: Option<String>,
    #[serde(default)]
    posts: Vec<PostRow>,
    // Derived by Scout; accepted so that an export imports back unchanged.
    #[serde(rename = "engagement_rate")]
    _engagement_rate: Option<serde_json::Value>,
    #[serde(rename = "niches")]
    _niches: Option<serde_json::Value>,
    #[serde(rename = "source_url")]
    _source_url: Option<serde_json::Value>,
    #[serde(rename = "fetched_at")]
    _fetched_at: Option<serde_json::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PostRow {
    id: Option<String>,
    url: Option<String>,
    published_at: Option<DateTime<Utc>>,
    text: Option<String>,
    #[serde(default)]
    hashtags: Vec<String>,
    likes: Option<u64>,
    comments: Option<u64>,
    shares: Option<u64>,
    views: Option<u64>,
    #[serde(default)]
    sponsored: bool,
}

fn parse_jsonl(text: &str, source: &str, fetched_at: DateTime<Utc>) -> Parsed {
    let mut parsed = Parsed {
        rows: 0,
        records: BTreeMap::new(),
        errors: Vec::new(),
    };
    // A byte order mark (files saved as "UTF-8 with BOM") is not part of the first row.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        parsed.rows += 1;
        let deserializer = &mut serde_json::Deserializer::from_str(line);
        let row: CreatorRow = match serde_path_to_error::deserialize(deserializer) {
            Ok(row) => row,
            Err(error) => {
                // The path names the bad field, an unknown one included; a line that is not
                // JSON (or not an object) is the row's fault as a whole.
                let path = error.path().to_string();
                let inner = error.into_inner();
                let (field, message) = if path == "." {
                    ("row".to_string(), format!("not a JSON object: {inner}"))
                } else {
                    (path, inner.to_string())
                };
                parsed.errors.push(RowError {
                    line: line_number,
                    field,
                    message,
                });
                continue;
            }
        };
        merge_row(
            &mut parsed,
            row,
            line_number,
            source,
            fetched_at,
            "import-jsonl",
        );
    }
    finish(parsed)
}

fn parse_csv(text: &str, source: &str, fetched_at: DateTime<Utc>) -> Parsed {
    let mut parsed = Parsed {
        rows: 0,
        records: BTreeMap::new(),
        errors: Vec::new(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(error) => {
            parsed.errors.push(RowError {
                line: 1,
                field: "header".into(),
                message: error.to_string(),
            });
            return parsed;
        }
    };
    const KNOWN: &[&str] = &[
        "id",
        "platform",
        "handle",
        "profile_url",
        "display_name",
        "bio",
        "avatar_url",
        "followers",
        "following",
        "post_count",
        "location",
        "languages",
        "links",
        "contact_email",
        "engagement_rate",
        "niches",
        "source_url",
        "fetched_at",
        "posts",
        "post_id",
        "post_url",
        "published_at",
        "text",
        "hashtags",
        "likes",
        "comments",
        "shares",
        "views",
    ];
    for header in headers.iter() {
        if !KNOWN.contains(&header) {
            parsed.errors.push(RowError {
                line: 1,
                field: header.to_string(),
                message: "unknown column".into(),
            });
            return parsed;
        }
    }
    let mut lines = LineCounter::new(text);
    for (index, result) in reader.records().enumerate() {
        parsed.rows += 1;
        let position = match &result {
            Ok(record) => record.position(),
            Err(error) => error.position(),
        };
        let line_number = position
            .map(|position| lines.line_at(position.byte()))
            .unwrap_or(index + 2);
        let record = match result {
            Ok(record) => record,
            Err(error) => {
                parsed.errors.push(RowError {
                    line: line_number,
                    field: "row".into(),
                    message: error.to_string(),
                });
                continue;
            }
        };
        let cells: BTreeMap<&str, &str> = headers
            .iter()
            .zip(record.iter())
            .map(|(header, value)| (header, value.trim()))
            .filter(|(_, value)| !value.is_empty())
            .collect();
        match csv_row(&cells) {
            Ok(row) => merge_row(
                &mut parsed,
                row,
                line_number,
                source,
                fetched_at,
                "import-csv",
            ),
            Err((field, message)) => parsed.errors.push(RowError {
                line: line_number,
                field,
                message,
            }),
        }
    }
    finish(parsed)
}

/// Lines of the records a CSV reader yields, counted forward through the text. The reader's
/// own line count is one short after CRLF record ends (it starts the next record at the `\n`).
struct LineCounter<'a> {
    bytes: &'a [u8],
    /// Bytes counted so far, and the 1-based line at that byte.
    counted: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            counted: 0,
            line: 1,
        }
    }

    /// The line of the record starting at byte `offset` (offsets only grow).
    fn line_at(&mut self, offset: u64) -> usize {
        let bytes = self.bytes;
        let mut start = usize::try_from(offset)
            .unwrap_or(bytes.len())
            .clamp(self.counted, bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        self.line += bytes[self.counted..start]
            .iter()
            .filter(|byte| **byte == b'\n')
            .count();
        self.counted = start;
        self.line
    }
}

/// Reads one CSV row into the shared row shape.
fn csv_row(cells: &BTreeMap<&str, &str>) -> Result<CreatorRow, (String, String)> {
    let text = |name: &str| cells.get(name).map(|value| value.to_string());
    let list = |name: &str| {
        cells
            .get(name)
            .map(|value| {
                value
                    .split([';', ','])
                    .map(|item| item.trim().trim_start_matches('#').to_string())
                    .filter(|item| !item.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    let number = |name: &str| -> Result<Option<u64>, (String, String)> {
        cells
            .get(name)
            .map(|value| {
                value.replace('_', "").parse::<u64>().map_err(|_| {
                    (
                        name.to_string(),
                        format!("{value:?} is not a non-negative integer"),
                    )
                })
            })
            .transpose()
    };
    let mut posts: Vec<PostRow> = match cells.get("posts") {
        Some(raw) => serde_json::from_str(raw).map_err(|error| {
            (
                "posts".to_string(),
                format!("not a JSON array of posts: {error}"),
            )
        })?,
        None => Vec::new(),
    };
    if cells.contains_key("post_url") || cells.contains_key("text") {
        let published_at = cells
            .get("published_at")
            .map(|raw| {
                DateTime::parse_from_rfc3339(raw)
                    .map(|time| time.with_timezone(&Utc))
                    .map_err(|_| {
                        (
                            "published_at".to_string(),
                            format!("{raw:?} is not an RFC 3339 time"),
                        )
                    })
            })
            .transpose()?;
        posts.push(PostRow {
            id: text("post_id"),
            url: text("post_url"),
            published_at,
            text: text("text"),
            hashtags: list("hashtags"),
            likes: number("likes")?,
            comments: number("comments")?,
            shares: number("shares")?,
            views: number("views")?,
            sponsored: false,
        });
    }
    Ok(CreatorRow {
        id: text("id"),
        platform: text("platform"),
        handle: text("handle"),
        profile_url: text("profile_url"),
        display_name: text("display_name"),
        bio: text("bio"),
        avatar_url: text("avatar_url"),
        followers: number("followers")?,
        following: number("following")?,
        post_count: number("post_count")?,
        location: text("location"),
        languages: list("languages"),
        links: list("links"),
        contact_email: text("contact_email"),
        posts,
        ..CreatorRow::default()
    })
}

/// Validates a row and merges it into its creator's record, or records its error.
fn merge_row(
    parsed: &mut Parsed,
    row: CreatorRow,
    line: usize,
    source: &str,
    fetched_at: DateTime<Utc>,
    method: &str,
) {
    let provenance = Provenance {
        source_url: format!("{source}#L{line}"),
        fetched_at,
        method: method.to_string(),
        content_hash: String::new(),
    };
    match validate_row(row, provenance) {
        Ok(record) => match parsed.records.get_mut(&record.creator.id) {
            Some(existing) => {
                let mut posts = std::mem::take(&mut existing.posts);
                posts.extend(record.posts);
                *existing = CreatorRecord { posts, ..record };
            }
            None => {
                parsed.records.insert(record.creator.id.clone(), record);
            }
        },
        Err((field, message)) => parsed.errors.push(RowError {
            line,
            field,
            message,
        }),
    }
}

/// Orders each creator's merged posts newest first and drops repeated post ids.
fn finish(mut parsed: Parsed) -> Parsed {
    for record in parsed.records.values_mut() {
        record.posts.sort_by(|a, b| {
            b.published_at
                .cmp(&a.published_at)
                .then_with(|| a.id.cmp(&b.id))
        });
        record.posts.dedup_by(|a, b| a.id == b.id);
    }
    parsed
}

/// Checks every field of a row; the error names the field.
fn validate_row(
    row: CreatorRow,
    mut provenance: Provenance,
) -> Result<CreatorRecord, (String, String)> {
    let required = |value: Option<String>, field: &str| {
        value
            .map(|value| value.trim().to_string())
            .filter(|value| !value.is_empty())
            .ok_or_else(|| (field.to_string(), "is required".to_string()))
    };
    let platform: Platform = required(row.platform, "platform")?
        .parse()
        .map_err(|error: scout_models::ModelError| ("platform".to_string(), error.to_string()))?;
    let handle = required(row.handle, "handle")?;
    if handle.chars().any(char::is_whitespace) {
        return Err(("handle".into(), format!("{handle:?} contains whitespace")));
    }
    let profile_url = required(row.profile_url, "profile_url")?;
    check_url(&profile_url, "profile_url")?;
    let id = match row.id {
        Some(raw) => {
            let id =
                CreatorId::parse(&raw).map_err(|error| ("id".to_string(), error.to_string()))?;
            if id.platform() != platform {
                return Err(("id".into(), format!("{id} is not a {platform} id")));
            }
            id
        }
        None => CreatorId::new(platform, &handle.trim_start_matches('@').to_lowercase()),
    };
    let mut posts = Vec::with_capacity(row.posts.len());
    for (position, post) in row.posts.into_iter().enumerate() {
        let field = |name: &str| format!("posts[{position}].{name}");
        let url = post
            .url
            .ok_or_else(|| (field("url"), "is required".to_string()))?;
        check_url(&url, &field("url"))?;
        let text = post.text.unwrap_or_default();
        let post_id = post.id.unwrap_or_else(|| url.clone());
        let mut hashtags: Vec<String> = post
            .hashtags
            .iter()
            .map(|tag| tag.trim_start_matches('#').to_lowercase())
            .filter(|tag| !tag.is_empty())
            .collect();
        hashtags.sort();
        hashtags.dedup();
        let sponsored = post.sponsored
            || hashtags.iter().any(|tag| {
                matches!(
                    tag.as_str(),
                    "ad" | "sponsored" | "advertisement" | "gifted"
                )
            });
        posts.push(Post {
            id: post_id,
            creator_id: id.clone(),
            url,
            published_at: post.published_at,
            text,
            hashtags,
            mentions: Vec::new(),
            media_kind: None::<MediaKind>,
            language: None,
            likes: post.likes,
            comments: post.comments,
            shares: post.shares,
            views: post.views,
            sponsored,
        });
    }
    for link in &row.links {
        check_url(link, "links")?;
    }
    let creator = Creator {
        id: id.clone(),
        platform,
        handle,
        display_name: row.display_name,
        bio: row.bio,
        profile_url,
        avatar_url: row.avatar_url,
        links: row.links,
        followers: row.followers,
        following: row.following,
        post_count: row.post_count,
        location: row.location,
        languages: row.languages,
        contact_email: row.contact_email,
        created_at: None,
        is_bot: false,
        provenance: provenance.clone(),
    };
    provenance.content_hash = content_hash(&creator, &posts);
    Ok(CreatorRecord {
        creator: Creator {
            provenance,
            ..creator
        },
        posts,
        audience: Vec::new(),
    })
}

fn check_url(raw: &str, field: &str) -> Result<(), (String, String)> {
    match url::Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(()),
        _ => Err((field.to_string(), format!("{raw:?} is not an http(s) URL"))),
    }
}

/// A hash of what was imported, so that importing the same file again changes nothing.
fn content_hash(creator: &Creator, posts: &[Post]) -> String {
    let mut hasher = Sha256::new();
    let mut without_provenance = creator.clone();
    without_provenance.provenance.source_url.clear();
    without_provenance.provenance.fetched_at = DateTime::<Utc>::UNIX_EPOCH;
    if let Ok(bytes) = serde_json::to_vec(&(without_provenance, posts)) {
        hasher.update(bytes);
    }
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn jsonl_rows_are_whole_or_rejected_with_their_field() {
        let text = r##"{"platform":"mastodon","handle":"alice@social.example","profile_url":"https://social.example/@alice","followers":1200,"posts":[{"url":"https://social.example/@alice/1","text":"leg day #fitness","likes":30,"hashtags":["#Fitness"]}]}
{"platform":"myspace","handle":"bob","profile_url":"https://x.example/bob"}
{"platform":"web","handle":"carol","profile_url":"https://carol.example/","followers":-4}

{"platform":"web","handle":"dave","profile_url":"https://dave.example/","colour":"red"}
{"platform":"web","handle":"erin","profile_url":"https://erin.example/","posts":[{"text":"no url"}]}
not json"##;
        let parsed = parse_jsonl(text, "file:///import.jsonl", now());
        assert_eq!(parsed.rows, 6);
        assert_eq!(parsed.records.len(), 1);
        let alice = parsed.records.values().next().unwrap();
        assert_eq!(alice.creator.id.as_str(), "mastodon:alice@social.example");
        assert_eq!(alice.posts[0].hashtags, vec!["fitness".to_string()]);
        assert_eq!(
            alice.creator.provenance.source_url,
            "file:///import.jsonl#L1"
        );
        let errors: Vec<(usize, &str)> = parsed
            .errors
            .iter()
            .map(|error| (error.line, error.field.as_str()))
            .collect();
        assert_eq!(
            errors,
            vec![
                (2, "platform"),
                (3, "followers"),
                (5, "colour"),
                (6, "posts[0].url"),
                (7, "row"),
            ]
        );
        assert!(
            parsed.errors[4].message.starts_with("not a JSON object"),
            "{:?}",
            parsed.errors[4]
        );
    }

    #[test]
    fn jsonl_with_a_byte_order_mark_reads_its_first_line() {
        // Windows tools ("UTF-8 with BOM") start the file with U+FEFF.
        let text = "\u{feff}{\"platform\":\"web\",\"handle\":\"a\",\"profile_url\":\"https://a.example/\"}\n";
        let parsed = parse_jsonl(text, "file:///bom.jsonl", now());
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.records.len(), 1);
    }

    #[test]
    fn csv_rows_merge_per_creator_and_name_bad_cells() {
        let text = "platform,handle,profile_url,followers,post_url,text,likes,published_at\n\
web,alice,https://alice.example/,5000,https://alice.example/p/1,vegan bowl,40,2026-01-02T10:00:00Z\n\
web,alice,https://alice.example/,5000,https://alice.example/p/2,tofu scramble,55,2026-01-03T10:00:00Z\n\
web,bob,https://bob.example/,lots,,,,\n\
web,carol,https://carol.example/,10,https://carol.example/p/1,hi,3,yesterday\n";
        let parsed = parse_csv(text, "file:///import.csv", now());
        assert_eq!(parsed.rows, 4);
        assert_eq!(parsed.records.len(), 1);
        let alice = parsed.records.values().next().unwrap();
        assert_eq!(alice.posts.len(), 2);
        assert_eq!(alice.posts[0].text, "tofu scramble", "newest first");
        let errors: Vec<(usize, &str)> = parsed
            .errors
            .iter()
            .map(|error| (error.line, error.field.as_str()))
            .collect();
        assert_eq!(errors, vec![(4, "followers"), (5, "published_at")]);
    }

    #[test]
    fn csv_lines_count_crlf_ends_and_quoted_line_breaks() {
        // Spreadsheets and Python's csv module end records with CRLF (RFC 4180).
        let text = "platform,handle,profile_url,followers\r\n\
web,a,https://a.example/,abc\r\n\
web,b,https://b.example/,\"1\r\n2\"\r\n\
web,c,https://c.example/,xyz\r\n\
web,d,https://d.example/\r\n";
        let parsed = parse_csv(text, "file:///crlf.csv", now());
        let errors: Vec<(usize, &str)> = parsed
            .errors
            .iter()
            .map(|error| (error.line, error.field.as_str()))
            .collect();
        assert_eq!(
            errors,
            vec![
                (2, "followers"),
                (3, "followers"),
                (5, "followers"),
                (6, "row")
            ]
        );
        // A malformed record after a quoted line break is reported on its own line too.
        let text = "platform,handle,profile_url,bio\n\
web,a,https://a.example/,\"two\nlines\"\n\
web,b\n";
        let parsed = parse_csv(text, "file:///short.csv", now());
        assert_eq!(parsed.errors[0].line, 4, "{:?}", parsed.errors);
        assert_eq!(parsed.errors[0].field, "row");
    }

    #[test]
    fn csv_with_an_unknown_column_is_refused_whole() {
        let parsed = parse_csv(
            "platform,handle,profile_url,favourite_colour\nweb,a,https://a.example/,red\n",
            "file:///x.csv",
            now(),
        );
        assert!(parsed.records.is_empty());
        assert_eq!(parsed.errors[0].field, "favourite_colour");
    }

    #[test]
    fn the_same_content_hashes_the_same() {
        let text = r#"{"platform":"web","handle":"a","profile_url":"https://a.example/"}"#;
        let first = parse_jsonl(text, "file:///one.jsonl", now());
        let second = parse_jsonl(text, "file:///two.jsonl", Utc::now());
        let hash = |parsed: &Parsed| {
            parsed
                .records
                .values()
                .next()
                .unwrap()
                .creator
                .provenance
                .content_hash
                .clone()
        };
        assert_eq!(hash(&first), hash(&second));
    }
}
