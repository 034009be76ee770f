//! The `scout` package: the command line, the HTTP API, the pipeline that wires the crates
//! (crawl → store → index → models → search) and the simulated creator web used by the demo,
//! the tests and the benchmarks.
//!
//! ```no_run
//! use scout::paths::DataDir;
//! use scout::pipeline::{SearchParts, SearchQuery, SearchService};
//!
//! # fn main() -> Result<(), scout::pipeline::PipelineError> {
//! let service = SearchService::open(&DataDir::new("./scout-data"))?;
//! let query = SearchQuery::new(SearchParts {
//!     text: Some("home workout".into()),
//!     ..SearchParts::default()
//! })?;
//! for result in service.search(&query)?.results {
//!     println!("{} {:.3}", result.id, result.score);
//! }
//! # Ok(())
//! # }
//! ```

pub mod api;
pub mod bench;
pub mod cli;
pub mod demo;
pub mod eval;
pub mod paths;
pub mod pipeline;
pub mod sim;
pub mod web;
