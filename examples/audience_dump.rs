//! Every creator's audience readings as the index build derives them, dumped for comparing two
//! builds of Scout bit for bit: per creator (in id order, read a page at a time as
//! `scout index --rebuild` reads them), each commenter's [`BotMarks`] and bot-likeness, the
//! [`AudienceStats`] of the sample, and the audience estimate without niches and with a fixed
//! niche mix (which tilts the priors). Floats are printed as their bits. Also prints the CPU
//! seconds spent on the readings alone (not on the store reads) to stderr.
//!
//! ```text
//! cargo run --release --example audience_dump -- DATA_DIR OUT_FILE
//! cmp OLD_OUT_FILE OUT_FILE
//! ```

use std::fmt::Write as _;
use std::io::{BufWriter, Write};

use chrono::{TimeZone, Utc};
use scout::paths::DataDir;
use scout::pipeline::{INDEXED_POSTS, PREDICT_CHUNK as PAGE};
use scout_index::Store;
use scout_models::audience::{estimate_audience_with_marks, AudienceContext, AudienceEstimate};
use scout_models::features::{AudienceStats, BotMarks};
use scout_models::{Niche, NicheScores};

/// The allocator the `scout` binary uses, so the timings match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: audience_dump DATA_DIR OUT_FILE";
    let data = DataDir::new(args.next().ok_or(usage)?);
    let mut out = BufWriter::new(std::fs::File::create(args.next().ok_or(usage)?)?);
    let store = Store::open_read_only(&data.store_path())?;
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap();
    let niches = NicheScores {
        probabilities: vec![
            (Niche::Gaming, 0.7),
            (Niche::Beauty, 0.4),
            (Niche::Food, 0.1),
        ],
    };
    let (mut creators, mut reading_cpu) = (0_usize, 0.0);
    let mut after = String::new();
    let mut line = String::new();
    loop {
        let through = store.creator_id_after(&after, PAGE - 1)?;
        let sources =
            store.index_sources_between(&after, through.as_deref(), Some(INDEXED_POSTS))?;
        let cpu = scout::bench::process_cpu_seconds();
        for source in &sources {
            let record = &source.record;
            let samples = &record.audience;
            let marks = BotMarks::of_all(samples);
            let stats = AudienceStats::compute_with_marks(samples, &marks, &record.posts, now);
            let context = |niches| AudienceContext {
                now,
                platform: Some(record.creator.platform),
                niches,
            };
            let plain = estimate_audience_with_marks(samples, &marks, &context(None));
            let tilted = estimate_audience_with_marks(samples, &marks, &context(Some(&niches)));
            line.clear();
            writeln!(line, "{}", record.creator.id)?;
            for marks in &marks {
                writeln!(line, "  {marks:?} {:x}", marks.likeness(now).to_bits())?;
            }
            writeln!(line, "  {stats:?}")?;
            write_estimate(&mut line, &plain)?;
            write_estimate(&mut line, &tilted)?;
            out.write_all(line.as_bytes())?;
        }
        reading_cpu += scout::bench::process_cpu_seconds() - cpu;
        creators += sources.len();
        match through {
            Some(through) => after = through,
            None => break,
        }
    }
    out.flush()?;
    eprintln!("{creators} creators, readings {reading_cpu:.2} CPU-s");
    Ok(())
}

fn write_estimate(line: &mut String, estimate: &AudienceEstimate) -> std::fmt::Result {
    writeln!(
        line,
        "  n {} human {:x}",
        estimate.sample_size,
        estimate.human_weight.to_bits()
    )?;
    for dimension in estimate.dimensions() {
        write!(
            line,
            "   {:x} {}:",
            dimension.confidence.to_bits(),
            dimension.sample_size
        )?;
        for share in &dimension.shares {
            write!(line, " {}={:x}", share.key, share.share.to_bits())?;
        }
        writeln!(line)?;
    }
    Ok(())
}
