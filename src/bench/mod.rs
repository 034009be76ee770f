//! `scout bench`: benchmarks that print figures and a ratio to a peer tool, run on demand from
//! the command line (never timed tests). Each benchmark serves what it measures on loopback, so
//! it needs no network.

pub mod crawl;
pub mod search;

use nix::sys::resource::{getrusage, Usage, UsageWho};

/// Processor time (user plus system seconds) used so far by `who`; 0 where the system does
/// not say.
pub(crate) fn cpu_seconds(who: UsageWho) -> f64 {
    getrusage(who).map_or(0.0, |usage: Usage| {
        let user = usage.user_time();
        let system = usage.system_time();
        (user.tv_sec() + system.tv_sec()) as f64 + (user.tv_usec() + system.tv_usec()) as f64 / 1e6
    })
}

/// Processor seconds this process has used so far: for the timing examples, which compare
/// a part's CPU before and after.
pub fn process_cpu_seconds() -> f64 {
    cpu_seconds(UsageWho::RUSAGE_SELF)
}

/// Processor seconds the calling thread has used so far (a part timed on its own thread).
pub fn thread_cpu_seconds() -> f64 {
    cpu_seconds(UsageWho::RUSAGE_THREAD)
}
