//! The peer of the index build's rate: how fast plain tantivy indexes the same creators' text
//! on this machine, with nothing read, derived or stored beside it.
//!
//! Reads the first `CREATORS` creators of a store (all when not told) as `scout index
//! --rebuild` does (a page at a time, each creator's newest 30 posts), keeps only their text
//! (handle, display name, bio, the captions and the hashtags: the five text fields of Scout's
//! index) in memory, then indexes it into a fresh tantivy index in a temporary directory with
//! tantivy's default `TEXT` fields (default tokenizer, positions) and a `STRING | STORED` id,
//! on tantivy's default writer threads with Scout's writer memory budget. It prints the text
//! bytes per creator and, for adding and committing and then merging everything into one
//! segment (as Scout's build ends), the wall seconds, CPU seconds (user + system, from
//! `/proc/self/stat`) and creators per second.
//!
//! ```text
//! cargo run --release -p scout-index --example bare_tantivy_rate -- DATA_DIR [CREATORS]
//! ```
//!
//! The issue's scale note ("bare tantivy on this machine indexes about 17,000 creators/s with
//! ~3 KB of text each on 2 threads") is this figure for other text; this one is for Scout's.

use std::time::Instant;

use scout_index::{SearchIndexOptions, Store};
use tantivy::schema::{Schema, STORED, STRING, TEXT};
use tantivy::{doc, Index, IndexWriter};

/// The allocator the `scout` binary uses, so the figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Posts read per creator: the build's `scout::pipeline::INDEXED_POSTS` (this crate cannot
/// see the binary's pipeline).
const INDEXED_POSTS: usize = 30;

/// Creators per store page: the build's page (`scout::pipeline::PREDICT_CHUNK`).
const PAGE: usize = 512;

/// One creator's text, as the five text fields of Scout's index hold it.
struct CreatorText {
    id: String,
    handle: String,
    display_name: String,
    bio: String,
    captions: Vec<String>,
    hashtags: Vec<String>,
}

impl CreatorText {
    fn bytes(&self) -> usize {
        self.id.len()
            + self.handle.len()
            + self.display_name.len()
            + self.bio.len()
            + self.captions.iter().map(String::len).sum::<usize>()
            + self.hashtags.iter().map(String::len).sum::<usize>()
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: bare_tantivy_rate DATA_DIR [CREATORS]";
    let data = std::path::PathBuf::from(args.next().ok_or(usage)?);
    let limit: usize = args
        .next()
        .map(|raw| raw.parse())
        .transpose()?
        .unwrap_or(usize::MAX);
    let texts = read_texts(&Store::open_read_only(&data.join("store.sqlite"))?, limit)?;
    let creators = texts.len();
    if creators == 0 {
        return Err("the store holds no creator".into());
    }
    let bytes: usize = texts.iter().map(CreatorText::bytes).sum();
    println!(
        "creators\t{creators}\ttext_bytes_per_creator\t{:.0}",
        bytes as f64 / creators as f64
    );

    let mut builder = Schema::builder();
    let id = builder.add_text_field("id", STRING | STORED);
    let handle = builder.add_text_field("handle", TEXT);
    let display_name = builder.add_text_field("display_name", TEXT);
    let bio = builder.add_text_field("bio", TEXT);
    let posts = builder.add_text_field("posts", TEXT);
    let hashtags = builder.add_text_field("hashtags", TEXT);
    let schema = builder.build();
    let directory = tempfile::tempdir()?;
    let index = Index::create_in_dir(directory.path(), schema)?;
    let mut writer: IndexWriter =
        index.writer(SearchIndexOptions::default().writer_memory_bytes)?;

    println!("part\twall_s\tcpu_s\tcreators_per_s");
    let (cpu, wall) = (cpu_seconds()?, Instant::now());
    for text in texts {
        let mut document = doc!(
            id => text.id,
            handle => text.handle,
            display_name => text.display_name,
            bio => text.bio,
        );
        for caption in text.captions {
            document.add_text(posts, caption);
        }
        for hashtag in text.hashtags {
            document.add_text(hashtags, hashtag);
        }
        writer.add_document(document)?;
    }
    writer.commit()?;
    let indexed = (wall.elapsed().as_secs_f64(), cpu_seconds()? - cpu);
    report("add_commit", indexed, creators);

    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        writer.merge(&segments).wait()?;
    }
    writer.wait_merging_threads()?;
    let merged = (wall.elapsed().as_secs_f64(), cpu_seconds()? - cpu);
    report("with_merge", merged, creators);
    Ok(())
}

/// The text of the first `limit` creators in id order, read a page at a time.
fn read_texts(store: &Store, limit: usize) -> Result<Vec<CreatorText>, Box<dyn std::error::Error>> {
    let mut texts = Vec::new();
    let mut after = String::new();
    while texts.len() < limit {
        let through = store.creator_id_after(&after, PAGE - 1)?;
        let sources =
            store.index_sources_between(&after, through.as_deref(), Some(INDEXED_POSTS))?;
        for source in sources.into_iter().take(limit - texts.len()) {
            let record = source.record;
            let mut hashtags: Vec<String> = record
                .posts
                .iter()
                .flat_map(|post| post.hashtags.iter().cloned())
                .collect();
            hashtags.sort();
            hashtags.dedup();
            texts.push(CreatorText {
                id: record.creator.id.as_str().to_string(),
                handle: record.creator.handle,
                display_name: record.creator.display_name.unwrap_or_default(),
                bio: record.creator.bio.unwrap_or_default(),
                captions: record.posts.into_iter().map(|post| post.text).collect(),
                hashtags,
            });
        }
        match through {
            Some(through) => after = through,
            None => break,
        }
    }
    Ok(texts)
}

fn report(part: &str, (wall, cpu): (f64, f64), creators: usize) {
    println!(
        "{part}\t{wall:.2}\t{cpu:.2}\t{:.0}",
        creators as f64 / wall.max(f64::EPSILON)
    );
}

/// User plus system CPU seconds of this process so far (`/proc/self/stat`, in clock ticks of
/// 1/100 s on Linux).
fn cpu_seconds() -> Result<f64, Box<dyn std::error::Error>> {
    let stat = std::fs::read_to_string("/proc/self/stat")?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')').ok_or("unexpected /proc/self/stat")?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    let ticks: u64 = fields
        .get(11..13)
        .ok_or("unexpected /proc/self/stat")?
        .iter()
        .map(|field| field.parse::<u64>())
        .sum::<Result<u64, _>>()?;
    Ok(ticks as f64 / 100.0)
}
