//! What the crawler remembers of hosts between runs: each origin's robots.txt answer (status,
//! body, when it was fetched and the `max-age` it came with), and each host's failure streak
//! with the time before which it should not be asked again. Only `session.rs` uses these.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::StateStore;

/// A robots.txt answer kept from an earlier fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredRobots {
    pub status: u16,
    pub body: Vec<u8>,
    pub fetched_at: DateTime<Utc>,
    /// `Cache-Control: max-age` of the answer, in seconds.
    pub max_age_secs: Option<u64>,
}

/// A host's failures in a row, as last recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StoredHealth {
    pub failures: u32,
    /// No request before this time (backoff, `Retry-After`, or the cool-down of a host that
    /// was given up on).
    pub retry_at: Option<DateTime<Utc>>,
}

impl StateStore {
    /// The robots.txt answer last stored for `origin` (`scheme://host[:port]`).
    pub(crate) fn robots(&self, origin: &str) -> Result<Option<StoredRobots>, rusqlite::Error> {
        let connection = self.lock();
        let row: Option<(i64, Vec<u8>, String, Option<i64>)> = connection
            .prepare_cached(
                "SELECT status, body, fetched_at, max_age_secs FROM robots WHERE origin = ?1",
            )?
            .query_row(params![origin], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .optional()?;
        Ok(row.and_then(|(status, body, fetched_at, max_age)| {
            Some(StoredRobots {
                status: u16::try_from(status).ok()?,
                body,
                fetched_at: DateTime::parse_from_rfc3339(&fetched_at)
                    .ok()?
                    .with_timezone(&Utc),
                max_age_secs: max_age.and_then(|secs| u64::try_from(secs).ok()),
            })
        }))
    }

    /// Keeps a robots.txt answer for `origin`, replacing the one before.
    pub(crate) fn store_robots(
        &self,
        origin: &str,
        robots: &StoredRobots,
    ) -> Result<(), rusqlite::Error> {
        self.lock()
            .prepare_cached(
                "INSERT INTO robots (origin, status, body, fetched_at, max_age_secs)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (origin) DO UPDATE SET status = excluded.status, body = excluded.body,
                 fetched_at = excluded.fetched_at, max_age_secs = excluded.max_age_secs",
            )?
            .execute(params![
                origin,
                i64::from(robots.status),
                robots.body,
                robots.fetched_at.to_rfc3339(),
                robots
                    .max_age_secs
                    .map(|secs| i64::try_from(secs).unwrap_or(i64::MAX)),
            ])?;
        Ok(())
    }

    /// The failure streak last recorded for `host` (`host:port`); `None` when it was healthy.
    pub(crate) fn host_health(&self, host: &str) -> Result<Option<StoredHealth>, rusqlite::Error> {
        let connection = self.lock();
        let row: Option<(i64, Option<String>)> = connection
            .prepare_cached("SELECT failures, retry_at FROM host_health WHERE host = ?1")?
            .query_row(params![host], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        Ok(row.map(|(failures, retry_at)| StoredHealth {
            failures: u32::try_from(failures).unwrap_or(u32::MAX),
            retry_at: retry_at
                .and_then(|raw| DateTime::parse_from_rfc3339(&raw).ok())
                .map(|at| at.with_timezone(&Utc)),
        }))
    }

    /// Records `host`'s failure streak; a streak of 0 forgets the host.
    pub(crate) fn store_host_health(
        &self,
        host: &str,
        health: StoredHealth,
    ) -> Result<(), rusqlite::Error> {
        let connection = self.lock();
        if health.failures == 0 {
            connection
                .prepare_cached("DELETE FROM host_health WHERE host = ?1")?
                .execute(params![host])?;
            return Ok(());
        }
        connection
            .prepare_cached(
                "INSERT INTO host_health (host, failures, retry_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (host) DO UPDATE SET failures = excluded.failures,
                 retry_at = excluded.retry_at",
            )?
            .execute(params![
                host,
                i64::from(health.failures),
                health.retry_at.map(|at| at.to_rfc3339()),
            ])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn robots_and_health_round_trip() {
        let state = StateStore::open_in_memory().unwrap();
        assert_eq!(state.robots("http://h.example").unwrap(), None);
        let robots = StoredRobots {
            status: 200,
            body: b"User-agent: *\nDisallow: /x\n".to_vec(),
            fetched_at: Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap(),
            max_age_secs: Some(600),
        };
        state.store_robots("http://h.example", &robots).unwrap();
        assert_eq!(
            state.robots("http://h.example").unwrap(),
            Some(robots.clone())
        );
        let newer = StoredRobots {
            status: 404,
            body: Vec::new(),
            max_age_secs: None,
            ..robots
        };
        state.store_robots("http://h.example", &newer).unwrap();
        assert_eq!(state.robots("http://h.example").unwrap(), Some(newer));

        assert_eq!(state.host_health("h.example:80").unwrap(), None);
        let failing = StoredHealth {
            failures: 5,
            retry_at: Some(Utc.with_ymd_and_hms(2026, 1, 2, 4, 0, 0).unwrap()),
        };
        state.store_host_health("h.example:80", failing).unwrap();
        assert_eq!(state.host_health("h.example:80").unwrap(), Some(failing));
        state
            .store_host_health(
                "h.example:80",
                StoredHealth {
                    failures: 0,
                    retry_at: None,
                },
            )
            .unwrap();
        assert_eq!(state.host_health("h.example:80").unwrap(), None);
    }
}
