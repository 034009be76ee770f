//! What the index build's niche prediction costs alone, and what it predicts: reads every
//! creator of a store a page at a time as `scout index --rebuild` does (the indexed posts),
//! and runs `NicheClassifier::predict_records` of the newest model on each page as soon as
//! it is read (so that its records are as warm in the caches as in a build), on one thread,
//! ROUNDS times (the first round starts with an empty word memo, the later ones find it
//! warm); prints per round the CPU seconds (user + system of the thread, from `getrusage`)
//! the predictions took, those the reads took, and the wall seconds of both. With DUMP, writes every creator's
//! probabilities of the first round to that file, one line per creator (id, then each
//! niche's probability as the hex bits of its f32), so that two builds' predictions can be
//! compared with `cmp`.
//!
//! ```text
//! cargo run --release --example niche_records_timing -- DATA_DIR [ROUNDS] [DUMP]
//! ```

use std::fmt::Write as _;
use std::time::Instant;

use scout::bench::thread_cpu_seconds;
use scout::paths::DataDir;
use scout::pipeline::{INDEXED_POSTS, PREDICT_CHUNK as PAGE};
use scout_index::Store;
use scout_models::{CreatorRecord, ModelBundle};

/// The allocator the `scout` binary uses, so the figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: niche_records_timing DATA_DIR [ROUNDS] [DUMP]";
    let data = DataDir::new(args.next().ok_or(usage)?);
    let rounds: usize = args.next().map(|raw| raw.parse()).transpose()?.unwrap_or(3);
    let dump = args.next();
    let (bundle, manifest) = ModelBundle::load_latest(&data.models_dir())?
        .ok_or("no trained model in the data directory (run `scout train`)")?;
    let model = &bundle.niche;
    let store = Store::open_read_only(&data.store_path())?;

    let mut dump_text = dump.as_ref().map(|_| String::new());
    println!("round\tniche_cpu_s\tread_cpu_s\twall_s\tcreators\tcreators_per_niche_cpu_s");
    for round in 1..=rounds {
        let (wall, read_cpu) = (Instant::now(), thread_cpu_seconds());
        let (mut niche_cpu, mut creators) = (0.0, 0usize);
        let mut after = String::new();
        loop {
            let through = store.creator_id_after(&after, PAGE - 1)?;
            let sources =
                store.index_sources_between(&after, through.as_deref(), Some(INDEXED_POSTS))?;
            let page: Vec<&CreatorRecord> = sources.iter().map(|source| &source.record).collect();
            let cpu = thread_cpu_seconds();
            let predictions = model.predict_records(&page);
            niche_cpu += thread_cpu_seconds() - cpu;
            creators += page.len();
            if let (1, Some(out)) = (round, dump_text.as_mut()) {
                for (record, scores) in page.iter().zip(&predictions) {
                    out.push_str(record.creator.id.as_str());
                    for (niche, probability) in &scores.probabilities {
                        write!(out, "\t{niche}={:08x}", probability.to_bits())?;
                    }
                    out.push('\n');
                }
            }
            match through {
                Some(through) => after = through,
                None => break,
            }
        }
        let read_cpu = thread_cpu_seconds() - read_cpu - niche_cpu;
        println!(
            "{round}\t{niche_cpu:.3}\t{read_cpu:.2}\t{:.2}\t{creators}\t{:.0}",
            wall.elapsed().as_secs_f64(),
            creators as f64 / niche_cpu.max(1e-3)
        );
        if let (Some(path), Some(out)) = (dump.as_deref(), dump_text.take()) {
            std::fs::write(path, out)?;
        }
    }
    eprintln!("model {}", manifest.model_version);
    Ok(())
}
