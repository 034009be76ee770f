//! Scout's one integration test binary: every module drives real parts — the `scout` binary,
//! its HTTP server, the simulated web and fixture servers on loopback, real SQLite files.

mod api_auth;
mod api_bad_input;
mod api_endpoints;
mod api_jobs;
mod bench;
mod bench_search;
mod browser;
mod cli;
mod common;
mod crawl;
mod crawl_as_of;
mod crawl_sim;
mod e2e;
mod eval;
mod feedback;
mod indexing;
mod openapi;
mod query_reading;
mod search_cache;
mod search_filters;
mod sim_web;
mod web;
mod web_shortlists;
