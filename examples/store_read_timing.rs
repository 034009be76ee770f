//! What the index build's store reads cost alone, without deriving or indexing anything: reads
//! every creator a page at a time as `scout index --rebuild` does (bounds from
//! `creator_id_after`, then `index_sources_between` with the indexed posts), then every
//! creator's commenters as the pod overlap does, then a search's evidence reads (the profile
//! and the newest posts, up to the indexed ones) of every 5th creator, on one thread, ROUNDS
//! times; prints the CPU seconds (user + system, from `getrusage`) and wall seconds of
//! each part and round.
//!
//! ```text
//! cargo run --release --example store_read_timing -- DATA_DIR [ROUNDS] [PAGE]
//! ```

use std::ops::ControlFlow;
use std::time::Instant;

use scout::paths::DataDir;
use scout::pipeline::{INDEXED_POSTS, PREDICT_CHUNK};
use scout_index::{IndexError, Store};

/// The allocator the `scout` binary uses, so the figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Every how many creators (in id order) the evidence part reads one.
const EVIDENCE_STRIDE: usize = 5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: store_read_timing DATA_DIR [ROUNDS] [PAGE]";
    let data = DataDir::new(args.next().ok_or(usage)?);
    let rounds: usize = args.next().map(|raw| raw.parse()).transpose()?.unwrap_or(3);
    let page: usize = args
        .next()
        .map(|raw| raw.parse())
        .transpose()?
        .unwrap_or(PREDICT_CHUNK)
        .max(1);
    let store = Store::open_read_only(&data.store_path())?;
    let evidence_ids: Vec<_> = store
        .creator_ids()?
        .into_iter()
        .step_by(EVIDENCE_STRIDE)
        .collect();
    println!("part\tround\tcpu_s\twall_s\tcreators\trows");
    for round in 1..=rounds {
        let (cpu, wall) = (scout::bench::process_cpu_seconds(), Instant::now());
        let (mut creators, mut rows) = (0usize, 0usize);
        let mut after = String::new();
        loop {
            let through = store.creator_id_after(&after, page - 1)?;
            let sources =
                store.index_sources_between(&after, through.as_deref(), Some(INDEXED_POSTS))?;
            creators += sources.len();
            rows += sources
                .iter()
                .map(|source| {
                    source.record.posts.len()
                        + source.record.audience.len()
                        + source.snapshots.len()
                })
                .sum::<usize>();
            match through {
                Some(through) => after = through,
                None => break,
            }
        }
        let cpu_used = scout::bench::process_cpu_seconds() - cpu;
        println!(
            "pages\t{round}\t{cpu_used:.2}\t{:.2}\t{creators}\t{rows}",
            wall.elapsed().as_secs_f64()
        );

        let (cpu, wall) = (scout::bench::process_cpu_seconds(), Instant::now());
        let (mut groups, mut commenters) = (0usize, 0usize);
        store.for_each_commenter_group(|samples| {
            groups += 1;
            commenters += samples.len();
            Ok::<(), IndexError>(())
        })?;
        let cpu_used = scout::bench::process_cpu_seconds() - cpu;
        println!(
            "commenters\t{round}\t{cpu_used:.2}\t{:.2}\t{groups}\t{commenters}",
            wall.elapsed().as_secs_f64()
        );

        let (cpu, wall) = (scout::bench::process_cpu_seconds(), Instant::now());
        let (mut profiles, mut posts) = (0usize, 0usize);
        for id in &evidence_ids {
            profiles += usize::from(store.creator_profile(id)?.is_some());
            posts += store.visit_recent_posts(id, INDEXED_POSTS, |_| ControlFlow::Continue(()))?;
        }
        let cpu_used = scout::bench::process_cpu_seconds() - cpu;
        println!(
            "evidence\t{round}\t{cpu_used:.2}\t{:.2}\t{profiles}\t{posts}",
            wall.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
