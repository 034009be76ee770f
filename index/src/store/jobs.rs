//! Crawl jobs started through the API, so that `GET /v1/jobs/{id}` answers across restarts.
//! The store keeps plain columns; the pipeline decides what the states mean.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::codec::{decode_list, encode_list, format_time, parse_optional_time, parse_time};
use super::Store;
use crate::error::IndexError;

/// One crawl job as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct CrawlJobRecord {
    pub id: i64,
    pub seeds: Vec<String>,
    pub force: bool,
    /// `queued`, `running`, `succeeded`, `failed`, `cancelled` or `interrupted`.
    pub status: String,
    pub pages: u64,
    pub records: u64,
    pub unchanged: u64,
    pub errors: u64,
    pub queued: u64,
    /// What a finished job did, as JSON (the pipeline's shape).
    pub result: Option<String>,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

fn count(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl Store {
    /// Writes a job (inserted or replaced by id).
    pub fn save_crawl_job(&mut self, job: &CrawlJobRecord) -> Result<(), IndexError> {
        self.conn.execute(
            "INSERT INTO crawl_jobs (id, seeds, force, status, pages, records, unchanged, \
             errors, queued, result, error, created_at, started_at, finished_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) \
             ON CONFLICT (id) DO UPDATE SET status = excluded.status, pages = excluded.pages, \
             records = excluded.records, unchanged = excluded.unchanged, \
             errors = excluded.errors, queued = excluded.queued, result = excluded.result, \
             error = excluded.error, started_at = excluded.started_at, \
             finished_at = excluded.finished_at",
            params![
                job.id,
                encode_list(&job.seeds)?,
                job.force,
                job.status,
                count(job.pages),
                count(job.records),
                count(job.unchanged),
                count(job.errors),
                count(job.queued),
                job.result,
                job.error,
                format_time(&job.created_at),
                job.started_at.as_ref().map(format_time),
                job.finished_at.as_ref().map(format_time),
            ],
        )?;
        Ok(())
    }

    /// One stored job.
    pub fn crawl_job(&self, id: i64) -> Result<Option<CrawlJobRecord>, IndexError> {
        let row = self
            .conn
            .query_row(
                "SELECT id, seeds, force, status, pages, records, unchanged, errors, queued, \
                 result, error, created_at, started_at, finished_at FROM crawl_jobs WHERE id = ?1",
                [id],
                |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, bool>(2)?,
                        row.get::<_, String>(3)?,
                        [
                            row.get::<_, i64>(4)?,
                            row.get::<_, i64>(5)?,
                            row.get::<_, i64>(6)?,
                            row.get::<_, i64>(7)?,
                            row.get::<_, i64>(8)?,
                        ],
                        row.get::<_, Option<String>>(9)?,
                        row.get::<_, Option<String>>(10)?,
                        row.get::<_, String>(11)?,
                        row.get::<_, Option<String>>(12)?,
                        row.get::<_, Option<String>>(13)?,
                    ))
                },
            )
            .optional()?;
        let Some((id, seeds, force, status, counts, result, error, created, started, finished)) =
            row
        else {
            return Ok(None);
        };
        let counts = counts.map(|value| u64::try_from(value).unwrap_or(0));
        Ok(Some(CrawlJobRecord {
            id,
            seeds: decode_list(&seeds)?,
            force,
            status,
            pages: counts[0],
            records: counts[1],
            unchanged: counts[2],
            errors: counts[3],
            queued: counts[4],
            result,
            error,
            created_at: parse_time(&created)?,
            started_at: parse_optional_time(started)?,
            finished_at: parse_optional_time(finished)?,
        }))
    }

    /// The highest job id stored (0 without jobs): new jobs number on from it.
    pub fn last_crawl_job_id(&self) -> Result<i64, IndexError> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(id), 0) FROM crawl_jobs", [], |row| {
                row.get(0)
            })?)
    }

    /// Marks every job still `queued` or `running` as `interrupted` with `message` (a server
    /// starting finds them: the server that ran them stopped). Returns how many.
    pub fn interrupt_unfinished_crawl_jobs(
        &mut self,
        now: DateTime<Utc>,
        message: &str,
    ) -> Result<usize, IndexError> {
        Ok(self.conn.execute(
            "UPDATE crawl_jobs SET status = 'interrupted', error = ?1, finished_at = ?2 \
             WHERE status IN ('queued', 'running')",
            params![message, format_time(&now)],
        )?)
    }
}
