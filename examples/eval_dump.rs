//! Scout's rankings of a kept evaluation world as JSON lines, for studying a ranking rule
//! offline: for each EVAL brief, the judge's grades of the whole pool (`all_grades`, and
//! `fake_grades`: those of the planted fakes) and Scout's results up to the evaluated depth
//! with their grade, score, score parts and whether the creator is a planted fake. Build the
//! world first with `scout eval --seed S --keep DIR`, then
//!
//! ```text
//! cargo run --release --example eval_dump -- DIR SEED CREATORS [MIN_CREDIBILITY] > dump.jsonl
//! ```
//!
//! NDCG@10 and the fakes' share of top-10 slots computed from the dump are `scout eval`'s
//! (the judged pool is the crawled creators, as there). A score is the blend times its gates,
//! so another credibility gate can be tried by dividing by the gate it was scored with and
//! multiplying by the new one, then re-sorting; `MIN_CREDIBILITY` runs the searches with that
//! filter. With `EVAL_DUMP_CREATORS=FILE`, every crawled creator's credibility score and
//! signals are written there too, one JSON object a line, with the planted fraud's kind.
//!
//! A debugging aid: it reads the ground truth, which nothing evaluated may.

use scout::eval::{search_parts, Judgments, QuerySet, RANKING_DEPTH};
use scout::paths::DataDir;
use scout::pipeline::{SearchQuery, SearchService};
use scout::sim::{self, SimConfig, TruthCreator};
use scout_models::CreatorId;
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: eval_dump DATA_DIR SEED CREATORS [MIN_CREDIBILITY]";
    let data = DataDir::new(args.next().ok_or(usage)?);
    let seed: u64 = args.next().ok_or(usage)?.parse()?;
    let creators: usize = args.next().ok_or(usage)?.parse()?;
    let min_credibility: Option<f64> = args.next().map(|text| text.parse()).transpose()?;
    let service = SearchService::open(&data)?;
    let truth = sim::World::generate(&SimConfig { seed, creators }).truth();
    let mut pool: Vec<&TruthCreator> = Vec::new();
    // Every crawled creator's credibility signals, when EVAL_DUMP_CREATORS names a file.
    let creators_path = std::env::var("EVAL_DUMP_CREATORS").ok();
    let mut creators_out = Vec::new();
    for creator in &truth.creators {
        let Ok(id) = CreatorId::parse(&creator.id) else {
            continue;
        };
        if let Some(hit) = service.index().hit(&id)? {
            if creators_path.is_some() {
                let signals = hit
                    .credibility
                    .as_ref()
                    .map(|credibility| &credibility.signals);
                creators_out.push(json!({
                    "id": creator.id,
                    "fake": creator.fake,
                    "kind": creator.fake_kind.map(|kind| format!("{kind:?}")),
                    "c": hit.credibility_score,
                    "signals": signals,
                    "followers": hit.followers,
                    "platform": hit.platform.to_string(),
                }));
            }
            pool.push(creator);
        }
    }
    if let Some(path) = &creators_path {
        let lines: Vec<String> = creators_out.iter().map(ToString::to_string).collect();
        std::fs::write(path, lines.join("\n"))?;
    }
    if let Some(learned) = service.learned_ranker() {
        eprintln!(
            "learned weights {:?}\nmissing values {:?}",
            learned.weights(),
            learned.missing_values()
        );
    }
    let by_id: std::collections::HashMap<&str, &TruthCreator> = pool
        .iter()
        .map(|creator| (creator.id.as_str(), *creator))
        .collect();
    for brief in QuerySet::generate(seed).eval {
        let judgments = Judgments::new(&brief, pool.iter().copied());
        let mut parts = search_parts(&brief, RANKING_DEPTH);
        parts.min_credibility = min_credibility;
        let results = service.search(&SearchQuery::new(parts)?)?.results;
        let rows: Vec<_> = results
            .iter()
            .map(|result| {
                let creator = by_id.get(result.id.as_str());
                json!({
                    "id": result.id.to_string(),
                    "grade": judgments.grade_of(result.id.as_str()),
                    "score": result.score,
                    "t": result.breakdown.text_relevance,
                    "n": result.breakdown.niche_fit,
                    "e": result.breakdown.engagement,
                    "a": result.breakdown.audience_match,
                    "c": result.breakdown.credibility,
                    "fake": creator.is_some_and(|creator| creator.fake),
                    "kind": creator.and_then(|creator| creator.fake_kind).map(|kind| format!("{kind:?}")),
                })
            })
            .collect();
        println!(
            "{}",
            json!({
                "brief": brief.id,
                "text": brief.text,
                "relevant": judgments.relevant(),
                "all_grades": judgments.all_grades(),
                // The grades the judge gave the planted fakes of the pool (those above 0).
                "fake_grades": pool
                    .iter()
                    .filter(|creator| creator.fake)
                    .map(|creator| judgments.grade_of(&creator.id))
                    .filter(|grade| *grade > 0)
                    .collect::<Vec<u8>>(),
                "results": rows,
            })
        );
    }
    Ok(())
}
