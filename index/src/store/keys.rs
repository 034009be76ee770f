//! API keys: only a hash of each key is stored, with its public id, scopes, rate limit and
//! revocation time. Every change bumps a version counter in `meta`, so a server can tell
//! with one tiny read whether the keys it holds in memory are still current.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row};

use super::codec::{decode_list, encode_list, format_time, parse_optional_time, parse_time};
use super::Store;
use crate::error::IndexError;

/// The `meta` key of the counter bumped by every key change.
const KEYS_VERSION: &str = "api_keys_version";

const KEY_COLUMNS: &str =
    "id, name, secret_hash, scopes, rate_limit_per_second, created_at, revoked_at";

/// Bumps the key version in the same transaction as the change it announces.
const BUMP_VERSION: &str = "INSERT INTO meta (key, value) VALUES (?1, '1') \
     ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT)";

/// One stored API key. The key itself is never stored: `secret_hash` is the hex SHA-256 of it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiKeyRecord {
    /// The public id, also the start of the key, used to list and revoke it.
    pub id: String,
    /// A label for people (who or what uses the key).
    pub name: Option<String>,
    /// Lower-case hex SHA-256 of the whole key.
    pub secret_hash: String,
    /// Scope names, as the API spells them (`read`, `write`, `admin`).
    pub scopes: Vec<String>,
    /// Requests per second this key may make; `None` uses the server's default.
    pub rate_limit_per_second: Option<f64>,
    pub created_at: DateTime<Utc>,
    /// When the key was revoked; a revoked key authenticates nothing.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl Store {
    /// Stores a new key.
    pub fn insert_api_key(&mut self, key: &ApiKeyRecord) -> Result<(), IndexError> {
        let transaction = self.conn.transaction()?;
        let inserted = transaction.execute(
            "INSERT INTO api_keys (id, name, secret_hash, scopes, rate_limit_per_second, \
             created_at, revoked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
             ON CONFLICT DO NOTHING",
            params![
                key.id,
                key.name,
                key.secret_hash,
                encode_list(&key.scopes)?,
                key.rate_limit_per_second,
                format_time(&key.created_at),
                key.revoked_at.as_ref().map(format_time),
            ],
        )?;
        if inserted == 0 {
            return Err(IndexError::InvalidInput(format!(
                "an API key with id {} or the same secret already exists",
                key.id
            )));
        }
        transaction.execute(BUMP_VERSION, [KEYS_VERSION])?;
        transaction.commit()?;
        Ok(())
    }

    /// Every key, revoked ones included, oldest first.
    pub fn api_keys(&self) -> Result<Vec<ApiKeyRecord>, IndexError> {
        let sql = format!("SELECT {KEY_COLUMNS} FROM api_keys ORDER BY created_at, id");
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut rows = statement.query([])?;
        let mut keys = Vec::new();
        while let Some(row) = rows.next()? {
            keys.push(key_from_row(row)?);
        }
        Ok(keys)
    }

    /// Revokes a key at `at`. Returns the key as stored afterwards, or `None` when no key has
    /// this id; revoking a revoked key keeps its first revocation time.
    pub fn revoke_api_key(
        &mut self,
        id: &str,
        at: DateTime<Utc>,
    ) -> Result<Option<ApiKeyRecord>, IndexError> {
        let transaction = self.conn.transaction()?;
        let changed = transaction.execute(
            "UPDATE api_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
            params![id, format_time(&at)],
        )?;
        if changed > 0 {
            transaction.execute(BUMP_VERSION, [KEYS_VERSION])?;
        }
        let sql = format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE id = ?1");
        let key = transaction
            .query_row(&sql, [id], |row| Ok(key_from_row(row)))
            .optional()?
            .transpose()?;
        transaction.commit()?;
        Ok(key)
    }

    /// A counter that changes whenever a key is created or revoked (0 before the first key).
    pub fn api_keys_version(&self) -> Result<i64, IndexError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")?;
        let raw: Option<String> = statement
            .query_row([KEYS_VERSION], |row| row.get(0))
            .optional()?;
        match raw {
            None => Ok(0),
            Some(raw) => raw
                .parse()
                .map_err(|_| IndexError::Corrupt(format!("{KEYS_VERSION} {raw:?}"))),
        }
    }
}

fn key_from_row(row: &Row<'_>) -> Result<ApiKeyRecord, IndexError> {
    let scopes: String = row.get(3)?;
    let created_at: String = row.get(5)?;
    Ok(ApiKeyRecord {
        id: row.get(0)?,
        name: row.get(1)?,
        secret_hash: row.get(2)?,
        scopes: decode_list(&scopes)?,
        rate_limit_per_second: row.get(4)?,
        created_at: parse_time(&created_at)?,
        revoked_at: parse_optional_time(row.get(6)?)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str, hash: &str) -> ApiKeyRecord {
        ApiKeyRecord {
            id: id.to_string(),
            name: Some("ci".to_string()),
            secret_hash: hash.to_string(),
            scopes: vec!["read".to_string(), "admin".to_string()],
            rate_limit_per_second: Some(2.5),
            created_at: "2026-01-02T03:04:05Z".parse().unwrap(),
            revoked_at: None,
        }
    }

    #[test]
    fn keys_round_trip_and_every_change_bumps_the_version() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
        assert_eq!(store.api_keys_version().unwrap(), 0);
        assert!(store.api_keys().unwrap().is_empty());

        let first = key("k1", "aa");
        store.insert_api_key(&first).unwrap();
        assert_eq!(store.api_keys_version().unwrap(), 1);
        assert_eq!(store.api_keys().unwrap(), vec![first.clone()]);

        // Neither the id nor the secret may be reused; a refused insert changes nothing.
        assert!(store.insert_api_key(&key("k1", "bb")).is_err());
        assert!(store.insert_api_key(&key("k2", "aa")).is_err());
        assert_eq!(store.api_keys_version().unwrap(), 1);

        let revoked_at: DateTime<Utc> = "2026-02-01T00:00:00Z".parse().unwrap();
        let revoked = store.revoke_api_key("k1", revoked_at).unwrap().unwrap();
        assert_eq!(revoked.revoked_at, Some(revoked_at));
        assert_eq!(store.api_keys_version().unwrap(), 2);

        // A second revocation keeps the first time and is not a change.
        let later: DateTime<Utc> = "2026-03-01T00:00:00Z".parse().unwrap();
        let again = store.revoke_api_key("k1", later).unwrap().unwrap();
        assert_eq!(again.revoked_at, Some(revoked_at));
        assert_eq!(store.api_keys_version().unwrap(), 2);
        assert!(store.revoke_api_key("nope", later).unwrap().is_none());
    }

    #[test]
    fn a_read_only_connection_sees_keys_written_after_it_opened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        let mut writer = Store::open(&path).unwrap();
        let reader = Store::open_read_only(&path).unwrap();
        assert_eq!(reader.api_keys_version().unwrap(), 0);
        writer.insert_api_key(&key("k1", "aa")).unwrap();
        assert_eq!(reader.api_keys_version().unwrap(), 1);
        assert_eq!(reader.api_keys().unwrap().len(), 1);
    }
}
