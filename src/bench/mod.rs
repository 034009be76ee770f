//! `scout bench`: benchmarks that print figures and a ratio to a peer tool, run on demand from
//! the command line (never timed tests). Each benchmark serves what it measures on loopback, so
//! it needs no network.

pub mod crawl;
pub mod search;

/// User plus system processor seconds this process has used so far (0 where the system
/// does not say): for the timing examples, which compare a part's CPU before and after.
pub fn process_cpu_seconds() -> f64 {
    crawl::cpu_seconds(nix::sys::resource::UsageWho::RUSAGE_SELF)
}
