//! `scout-crawler` owns fetching, robots.txt, politeness, retries, its own crawl state (runs,
//! a priority frontier, what each creator URL produced last time, robots.txt answers and host
//! failure streaks, in SQLite) and the source adapters that turn public payloads into
//! `scout-models` records. It does not store records:
//! it hands a [`CrawlOutput`] per creator to the caller on a channel — a fresh
//! [`CreatorRecord`], or `Unchanged` when the sources answered "not modified" — and the caller
//! writes it to the store.
//!
//! Layout: `fetch.rs` is the only network code (one attempt: timeouts, conditional headers,
//! capped body, the addresses `address.rs` allows); `retry.rs` decides retries and backoff; `session.rs` adds robots.txt, per-host
//! and global limits, crawl delays, retries and host back-off to every request; `decode.rs`
//! turns bodies into text by their charset; `sources/` holds pure extraction (Mastodon API
//! JSON, Bluesky XRPC JSON, YouTube-style channel pages and Atom feeds, web pages with JSON-LD
//! / microdata / OpenGraph) tested on saved payloads; `worker/` sequences the requests of each
//! source; `run_loop.rs` runs the frontier; `recrawl.rs` decides what is due.
//!
//! ```no_run
//! use scout_crawler::{CancellationToken, CrawlConfig, CrawlOutput, Crawler};
//! # async fn example() -> Result<(), scout_crawler::CrawlError> {
//! let crawler = Crawler::new(CrawlConfig::new("scout-data/crawl"))?;
//! let (sender, mut receiver) = tokio::sync::mpsc::channel::<CrawlOutput>(64);
//! let store = tokio::spawn(async move {
//!     while let Some(output) = receiver.recv().await {
//!         match output {
//!             CrawlOutput::Record(record) => println!("{} fetched", record.creator.id),
//!             CrawlOutput::Unchanged { id, .. } => println!("{id} unchanged"),
//!         }
//!     }
//! });
//! let seeds = vec!["https://social.example/@alice".to_string()];
//! let summary = crawler.run(seeds, sender, None, CancellationToken::new()).await?;
//! println!("{} records, {} errors", summary.records, summary.errors);
//! # let _ = store.await;
//! # Ok(())
//! # }
//! ```

mod address;
mod config;
mod crawler;
mod decode;
mod error;
mod fetch;
mod frontier;
mod recrawl;
mod retry;
mod robots;
mod run_loop;
mod session;
mod sources;
mod state;
mod text;
mod urls;
mod worker;

pub use address::{is_public, non_public_kind, AddressPolicy, AddressPredicate};
pub use config::{CrawlConfig, DEFAULT_USER_AGENT};
pub use crawler::{CrawlOutput, CrawlProgress, CrawlSummary, Crawler, ProgressFn, STATE_FILE};
pub use error::CrawlError;
pub use scout_models::CreatorRecord;
pub use tokio_util::sync::CancellationToken;
