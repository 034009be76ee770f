//! `scout bench`: benchmarks that print figures and a ratio to a peer tool, run on demand from
//! the command line (never timed tests). Each benchmark serves what it measures on loopback, so
//! it needs no network.

pub mod crawl;
pub mod search;
