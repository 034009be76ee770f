//! `scout keys create|list|revoke`: API keys in the store. `create` prints the new key alone
//! on standard output — the only time it is shown — and everything else on standard error.

use std::io::Write;

use anyhow::{bail, Context, Result};
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use scout_index::{ApiKeyRecord, Store};
use serde_json::json;

use crate::api::auth::{self, NewKey};
use crate::api::limits::RateLimit;
use crate::paths::DataDir;

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Create a key and print it alone on standard output (it is shown only this once).
    Create(KeysCreateArgs),
    /// List keys: id, name, scopes, rate limit, created, revoked (never the keys themselves).
    List(KeysListArgs),
    /// Revoke a key by its id; a running server refuses it from its next request.
    Revoke(KeysRevokeArgs),
}

#[derive(Debug, Args)]
pub struct KeysCreateArgs {
    /// Comma-separated: read (search, recommendations, creators, models), write (shortlists,
    /// feedback), admin (crawl jobs, removals). Scopes are independent: list every one the key
    /// needs.
    #[arg(long)]
    pub scopes: String,
    /// The key's own rate limit, e.g. 20/s or 600/min (default: the server's
    /// --default-rate-limit).
    #[arg(long)]
    pub rate_limit: Option<RateLimit>,
    /// A label: who or what uses the key.
    #[arg(long)]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct KeysListArgs {
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct KeysRevokeArgs {
    /// The key's id, as `scout keys list` shows it.
    pub id: String,
}

pub async fn run(data: &DataDir, command: KeysCommand) -> Result<()> {
    let store_path = data.store_path();
    tokio::task::spawn_blocking(move || {
        let mut store = Store::open(&store_path)
            .with_context(|| format!("cannot open the store at {}", store_path.display()))?;
        match command {
            KeysCommand::Create(args) => create(&mut store, &args),
            KeysCommand::List(args) => list(&store, &args),
            KeysCommand::Revoke(args) => revoke(&mut store, &args),
        }
    })
    .await?
}

fn create(store: &mut Store, args: &KeysCreateArgs) -> Result<()> {
    let scopes =
        auth::parse_scopes(&args.scopes).map_err(|message| anyhow::anyhow!("scopes: {message}"))?;
    let issued = auth::issue_key(
        store,
        &NewKey {
            scopes,
            rate_limit: args.rate_limit,
            name: args.name.clone(),
        },
    )?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", issued.key)?;
    stdout.flush()?;
    eprintln!(
        "created API key {} (scopes {}; rate limit {}): store it now, it is not shown again",
        issued.record.id,
        issued.record.scopes.join(","),
        rate_limit_text(&issued.record)
    );
    Ok(())
}

fn list(store: &Store, args: &KeysListArgs) -> Result<()> {
    let keys = store.api_keys()?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let rows: Vec<_> = keys
            .iter()
            .map(|key| {
                json!({
                    "id": key.id,
                    "name": key.name,
                    "scopes": key.scopes,
                    "rate_limit_per_second": key.rate_limit_per_second,
                    "created_at": key.created_at,
                    "revoked_at": key.revoked_at,
                })
            })
            .collect();
        writeln!(stdout, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    if keys.is_empty() {
        eprintln!("no API keys: create one with `scout keys create --scopes read`");
        return Ok(());
    }
    writeln!(
        stdout,
        "{:<12}  {:<20}  {:<16}  {:<10}  {:<20}  REVOKED",
        "ID", "NAME", "SCOPES", "RATE", "CREATED"
    )?;
    for key in &keys {
        writeln!(
            stdout,
            "{:<12}  {:<20}  {:<16}  {:<10}  {:<20}  {}",
            key.id,
            key.name.as_deref().unwrap_or("-"),
            key.scopes.join(","),
            rate_limit_text(key),
            time_text(&key.created_at),
            key.revoked_at.as_ref().map(time_text).unwrap_or_default()
        )?;
    }
    Ok(())
}

fn revoke(store: &mut Store, args: &KeysRevokeArgs) -> Result<()> {
    let id = args.id.trim();
    let Some(key) = store.revoke_api_key(id, Utc::now())? else {
        bail!("id: no API key {id:?}: `scout keys list` shows the ids");
    };
    let revoked_at = key.revoked_at.as_ref().map(time_text).unwrap_or_default();
    println!("revoked API key {} at {revoked_at}", key.id);
    Ok(())
}

fn rate_limit_text(key: &ApiKeyRecord) -> String {
    key.rate_limit_per_second
        .map(|rate| format!("{rate}/s"))
        .unwrap_or_else(|| "default".to_string())
}

fn time_text(time: &DateTime<Utc>) -> String {
    time.format("%Y-%m-%d %H:%M:%SZ").to_string()
}
