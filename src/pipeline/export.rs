//! `scout export`: every creator in the store with its metrics and recent posts, as JSON Lines
//! or CSV, streamed so that the export of a large store stays small in memory.

use std::io::Write;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use scout_index::{RecordStreamOptions, Store};
use scout_models::{engagement, CreatorRecord, ModelBundle, NicheDocument};
use serde::Serialize;

use crate::paths::DataDir;
use crate::pipeline::indexing::NICHE_THRESHOLD;
use crate::pipeline::PipelineError;

/// Recent posts exported per creator.
const EXPORTED_POSTS: usize = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
}

impl FromStr for ExportFormat {
    type Err = PipelineError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        match raw {
            "jsonl" => Ok(ExportFormat::Jsonl),
            "csv" => Ok(ExportFormat::Csv),
            other => Err(PipelineError::invalid(
                "format",
                format!("unknown format {other:?}: expected jsonl or csv"),
            )),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct ExportSummary {
    pub creators: u64,
}

#[derive(Serialize)]
struct ExportedCreator {
    id: String,
    platform: String,
    handle: String,
    profile_url: String,
    display_name: Option<String>,
    bio: Option<String>,
    followers: Option<u64>,
    following: Option<u64>,
    post_count: Option<u64>,
    engagement_rate: Option<f64>,
    niches: Vec<String>,
    links: Vec<String>,
    location: Option<String>,
    languages: Vec<String>,
    contact_email: Option<String>,
    source_url: String,
    fetched_at: DateTime<Utc>,
    posts: Vec<ExportedPost>,
}

#[derive(Serialize)]
struct ExportedPost {
    url: String,
    published_at: Option<DateTime<Utc>>,
    text: String,
    hashtags: Vec<String>,
    likes: Option<u64>,
    comments: Option<u64>,
    shares: Option<u64>,
    views: Option<u64>,
}

/// Writes every creator to `out` in `format`.
pub fn export(
    data: &DataDir,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<ExportSummary, PipelineError> {
    let store = Store::open_read_only(&data.store_path())?;
    let models = ModelBundle::load_latest(&data.models_dir())?;
    let mut sink = match format {
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(&mut *out);
            writer.write_record(CSV_HEADER).map_err(csv_error)?;
            Sink::Csv(Box::new(writer))
        }
        ExportFormat::Jsonl => Sink::Jsonl(&mut *out),
    };
    let mut creators = 0_u64;
    let options = RecordStreamOptions {
        max_posts_per_creator: Some(EXPORTED_POSTS),
        include_audience: false,
    };
    store.for_each_record(options, |record| {
        let niches = models
            .as_ref()
            .map(|(bundle, _)| {
                bundle
                    .niche
                    .predict(&NicheDocument::from_record(&record))
                    .top(NICHE_THRESHOLD)
                    .iter()
                    .map(|niche| niche.to_string())
                    .collect()
            })
            .unwrap_or_default();
        let exported = exported_creator(record, niches);
        match &mut sink {
            Sink::Csv(writer) => writer
                .write_record(csv_row(&exported)?)
                .map_err(csv_error)?,
            Sink::Jsonl(writer) => {
                serde_json::to_writer(&mut **writer, &exported)
                    .map_err(|error| PipelineError::Internal(error.to_string()))?;
                writer.write_all(b"\n")?;
            }
        }
        creators += 1;
        Ok::<(), PipelineError>(())
    })?;
    match sink {
        Sink::Csv(mut writer) => writer.flush()?,
        Sink::Jsonl(writer) => writer.flush()?,
    }
    Ok(ExportSummary { creators })
}

/// Where exported rows go.
enum Sink<'a> {
    Csv(Box<csv::Writer<&'a mut dyn Write>>),
    Jsonl(&'a mut dyn Write),
}

fn csv_error(error: csv::Error) -> PipelineError {
    PipelineError::Internal(format!("cannot write CSV: {error}"))
}

fn exported_creator(record: CreatorRecord, niches: Vec<String>) -> ExportedCreator {
    let engagement_rate =
        engagement::robust_engagement_rate(record.creator.followers, &record.posts);
    let creator = record.creator;
    ExportedCreator {
        id: creator.id.to_string(),
        platform: creator.platform.to_string(),
        handle: creator.handle,
        profile_url: creator.profile_url,
        display_name: creator.display_name,
        bio: creator.bio,
        followers: creator.followers,
        following: creator.following,
        post_count: creator.post_count,
        engagement_rate,
        niches,
        links: creator.links,
        location: creator.location,
        languages: creator.languages,
        contact_email: creator.contact_email,
        source_url: creator.provenance.source_url,
        fetched_at: creator.provenance.fetched_at,
        posts: record
            .posts
            .into_iter()
            .take(EXPORTED_POSTS)
            .map(|post| ExportedPost {
                url: post.url,
                published_at: post.published_at,
                text: post.text,
                hashtags: post.hashtags,
                likes: post.likes,
                comments: post.comments,
                shares: post.shares,
                views: post.views,
            })
            .collect(),
    }
}

const CSV_HEADER: [&str; 18] = [
    "id",
    "platform",
    "handle",
    "profile_url",
    "display_name",
    "bio",
    "followers",
    "following",
    "post_count",
    "engagement_rate",
    "niches",
    "links",
    "location",
    "languages",
    "contact_email",
    "source_url",
    "fetched_at",
    "posts",
];

/// One CSV row; list columns are `;`-joined and the posts column holds their JSON.
fn csv_row(creator: &ExportedCreator) -> Result<Vec<String>, PipelineError> {
    fn number<T: ToString>(value: Option<T>) -> String {
        value.map(|value| value.to_string()).unwrap_or_default()
    }
    let posts = serde_json::to_string(&creator.posts)
        .map_err(|error| PipelineError::Internal(error.to_string()))?;
    Ok(vec![
        creator.id.clone(),
        creator.platform.clone(),
        creator.handle.clone(),
        creator.profile_url.clone(),
        creator.display_name.clone().unwrap_or_default(),
        creator.bio.clone().unwrap_or_default(),
        number(creator.followers),
        number(creator.following),
        number(creator.post_count),
        number(creator.engagement_rate),
        creator.niches.join(";"),
        creator.links.join(";"),
        creator.location.clone().unwrap_or_default(),
        creator.languages.join(";"),
        creator.contact_email.clone().unwrap_or_default(),
        creator.source_url.clone(),
        creator.fetched_at.to_rfc3339(),
        posts,
    ])
}
